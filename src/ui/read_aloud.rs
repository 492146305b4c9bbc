//! What the read-aloud button says: every text on the screen, in reading
//! order, gathered from the laid-out widgets (so it is exactly what is
//! shown, in the screen's language) — except what the visitor typed.
//!
//! A typed name or search must never be spoken into the lobby: the field
//! that shows typed text is a container with the id [`TYPED_ID`], and no
//! text inside it is read.

use iced::Rectangle;
use iced::Task;
use iced::advanced::widget::operation::{Operation, Outcome};
use iced::advanced::widget::{Id, operate};

/// The id of a container showing what the visitor typed (the name and
/// search fields): nothing inside it is read aloud.
pub const TYPED_ID: &str = "typed";

/// What the read-aloud operation meets on a screen, in tree order.
#[derive(Debug, Clone, PartialEq)]
pub enum Seen {
    /// A text and where it is drawn.
    Text(Rectangle, String),
    /// A field of typed text: texts within these bounds are not read.
    Typed(Rectangle),
}

/// A [`Task`] that reads the texts off the current screen and yields them
/// as one text to speak. `rtl`: lines are read right to left.
pub fn screen_text(rtl: bool) -> Task<String> {
    operate(Collect {
        seen: Vec::new(),
        rtl,
    })
}

struct Collect {
    seen: Vec<Seen>,
    rtl: bool,
}

impl Operation<String> for Collect {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation<String>)) {
        operate(self);
    }

    fn container(&mut self, id: Option<&Id>, bounds: Rectangle) {
        if id.is_some_and(|id| *id == Id::new(TYPED_ID)) {
            self.seen.push(Seen::Typed(bounds));
        }
    }

    fn text(&mut self, _id: Option<&Id>, bounds: Rectangle, text: &str) {
        self.seen.push(Seen::Text(bounds, text.to_string()));
    }

    fn finish(&self) -> Outcome<String> {
        Outcome::Some(spoken(self.seen.clone(), self.rtl))
    }
}

/// What is spoken of a screen: its texts in [`reading_order`], without any
/// text inside a field of typed text.
pub fn spoken(seen: Vec<Seen>, rtl: bool) -> String {
    let typed: Vec<Rectangle> = seen
        .iter()
        .filter_map(|s| match s {
            Seen::Typed(b) => Some(*b),
            Seen::Text(..) => None,
        })
        .collect();
    let texts = seen
        .into_iter()
        .filter_map(|s| match s {
            Seen::Text(b, t) if !typed.iter().any(|field| inside(&b, field)) => Some((b, t)),
            _ => None,
        })
        .collect();
    reading_order(texts, rtl)
}

/// Whether `inner` lies within `outer` (its centre, with half a pixel to
/// spare: a text is laid out inside its field).
fn inside(inner: &Rectangle, outer: &Rectangle) -> bool {
    let c = inner.center();
    c.x >= outer.x - 0.5
        && c.x <= outer.x + outer.width + 0.5
        && c.y >= outer.y - 0.5
        && c.y <= outer.y + outer.height + 0.5
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

    #[test]
    fn text_in_a_typed_field_is_never_spoken() {
        let (field, _) = at(0.0, 100.0, "");
        let seen = vec![
            Seen::Text(at(0.0, 40.0, "Title").0, "Title".into()),
            Seen::Typed(field),
            Seen::Text(at(10.0, 105.0, "").0, "Fatima|".into()),
            Seen::Text(at(0.0, 300.0, "").0, "Continue".into()),
        ];
        assert_eq!(spoken(seen, false), "Title.\nContinue");
    }
}
