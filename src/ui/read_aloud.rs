//! What the read-aloud button says: every text on the screen, in reading
//! order, gathered from the laid-out widgets (so it is exactly what is
//! shown, in the screen's language).

use iced::Rectangle;
use iced::Task;
use iced::advanced::widget::operation::{Operation, Outcome};
use iced::advanced::widget::{Id, operate};

/// A [`Task`] that reads the texts off the current screen and yields them
/// as one text to speak. `rtl`: lines are read right to left.
pub fn screen_text(rtl: bool) -> Task<String> {
    operate(Collect {
        found: Vec::new(),
        rtl,
    })
}

struct Collect {
    found: Vec<(Rectangle, String)>,
    rtl: bool,
}

impl Operation<String> for Collect {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation<String>)) {
        operate(self);
    }

    fn text(&mut self, _id: Option<&Id>, bounds: Rectangle, text: &str) {
        self.found.push((bounds, text.to_string()));
    }

    fn finish(&self) -> Outcome<String> {
        Outcome::Some(reading_order(self.found.clone(), self.rtl))
    }
}

/// The texts top to bottom, then along the line in reading direction,
/// without single letters and digits (keyboard keys, step numbers) and
/// without repeats (the same text in a title and on a tile).
pub fn reading_order(mut texts: Vec<(Rectangle, String)>, rtl: bool) -> String {
    // Texts whose vertical centres are within half a line are on one line.
    texts.sort_by(|(a, _), (b, _)| {
        let (ay, by) = (a.center_y(), b.center_y());
        if (ay - by).abs() < 20.0 {
            let (ax, bx) = (a.center_x(), b.center_x());
            if rtl {
                bx.total_cmp(&ax)
            } else {
                ax.total_cmp(&bx)
            }
        } else {
            ay.total_cmp(&by)
        }
    });
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (_, t) in texts {
        let t = t.trim().to_string();
        let letters = t.chars().filter(|c| c.is_alphanumeric()).count();
        if letters < 2 || !seen.insert(t.clone()) {
            continue;
        }
        out.push(t);
    }
    out.join(".\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(x: f32, y: f32, s: &str) -> (Rectangle, String) {
        (
            Rectangle {
                x,
                y,
                width: 100.0,
                height: 30.0,
            },
            s.to_string(),
        )
    }

    #[test]
    fn lines_top_down_and_along_the_reading_direction() {
        let texts = vec![
            at(500.0, 300.0, "Right"),
            at(0.0, 300.0, "Left"),
            at(0.0, 40.0, "Title"),
            at(0.0, 400.0, "q"),
            at(100.0, 400.0, "7"),
            at(0.0, 500.0, "Title"),
        ];
        assert_eq!(reading_order(texts.clone(), false), "Title.\nLeft.\nRight");
        assert_eq!(reading_order(texts, true), "Title.\nRight.\nLeft");
    }
}
