//! The on-screen keyboard as a visitor meets it, through iced's headless
//! simulator. Run with ICED_TEST_BACKEND=tiny-skia (no GPU needed).

mod common;

use entre::config::Config;
use entre::i18n::Catalog;
use entre::ui::widget::keyboard::{self, Key, Layout, Message};
use entre::ui::{Ctx, theme};
use iced::widget::{column, container, space, text};
use iced::{Element, Length, Rectangle};

const MAX: usize = 40;

/// A kiosk screen with nothing but the typed text and the keyboard at the
/// bottom, as a screen that asks for a name would show it.
struct Board {
    catalog: Catalog,
    config: Config,
    _dir: tempfile::TempDir,
    lang: &'static str,
    layout: Layout,
    latin_switch: bool,
    typed: String,
}

impl Board {
    fn new(lang: &'static str, latin_switch: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        Board {
            catalog: common::catalog(),
            config: common::demo_config(dir.path()),
            _dir: dir,
            lang,
            layout: keyboard::layout_for(lang),
            latin_switch,
            typed: String::new(),
        }
    }

    fn view(&self) -> Element<'_, Message> {
        let ctx = Ctx {
            catalog: &self.catalog,
            config: &self.config,
            lang: self.lang,
            access: Default::default(),
            scale: 1.0,
        };
        let field = container(
            text(self.typed.clone())
                .size(theme::TITLE)
                .font(theme::BOLD),
        )
        .center_x(Length::Fill)
        .center_y(Length::Fixed(theme::TARGET))
        .style(theme::card(&theme::DEFAULT));
        let body = column![
            field,
            space::vertical(),
            keyboard::view(&ctx, self.layout, self.latin_switch),
        ]
        .spacing(theme::GAP);
        container(body)
            .padding(40)
            .width(Length::Fill)
            .height(Length::Fill)
            .style(theme::screen(&theme::DEFAULT))
            .into()
    }

    fn simulator(&self) -> iced_test::Simulator<'_, Message> {
        iced_test::Simulator::with_size(entre::ui::settings(), (1280.0, 800.0), self.view())
    }

    /// Taps `key` where it is drawn and handles what the keyboard reports,
    /// as a parent screen would; returns the messages.
    fn tap(&mut self, key: Key) -> Vec<Message> {
        let messages: Vec<Message> = {
            let mut ui = self.simulator();
            if let Err(e) = ui.click(keyboard::key_id(&key)) {
                panic!("cannot tap {key:?}: {e:?}");
            }
            ui.into_messages().collect()
        };
        for m in &messages {
            let Message::Pressed(k) = m;
            if *k == Key::Switch {
                let own = keyboard::layout_for(self.lang);
                self.layout = if self.layout == Layout::Latin {
                    own
                } else {
                    Layout::Latin
                };
            } else {
                keyboard::apply(&mut self.typed, k, MAX, self.layout);
            }
        }
        messages
    }

    fn tap_chars(&mut self, s: &str) {
        for c in s.chars() {
            let key = if c == ' ' { Key::Space } else { Key::Char(c) };
            assert_eq!(self.tap(key), vec![Message::Pressed(key)], "{c:?}");
        }
    }

    /// Where the face of `key` is drawn (the whole key), if it is shown.
    fn key_bounds(&self, key: Key) -> Option<Rectangle> {
        self.simulator()
            .find(keyboard::key_id(&key))
            .ok()
            .map(|t| t.bounds())
    }

    /// Where the text `label` is drawn.
    fn label_bounds(&self, label: &str) -> Rectangle {
        self.simulator()
            .find(label)
            .unwrap_or_else(|e| panic!("{label:?} not on screen: {e:?}"))
            .bounds()
    }

    fn keys(&self) -> Vec<Key> {
        let mut keys: Vec<Key> = self
            .layout
            .rows()
            .concat()
            .into_iter()
            .map(Key::Char)
            .collect();
        keys.extend([Key::Space, Key::Backspace, Key::Switch]);
        keys
    }
}

#[test]
fn every_key_reports_itself() {
    for (lang, switch) in [("sv", false), ("en", false), ("ar", true), ("ti", true)] {
        let board = Board::new(lang, switch);
        for key in board.keys() {
            if key == Key::Switch && !switch {
                continue;
            }
            let mut ui = board.simulator();
            ui.click(keyboard::key_id(&key))
                .unwrap_or_else(|e| panic!("{lang}: cannot tap {key:?}: {e:?}"));
            let messages: Vec<Message> = ui.into_messages().collect();
            assert_eq!(messages, vec![Message::Pressed(key)], "{lang}");
        }
        // Tapping a key by what it shows works too.
        let first = board.layout.rows()[0][0];
        let mut ui = board.simulator();
        ui.click(keyboard::label(first).as_str()).unwrap();
        let messages: Vec<Message> = ui.into_messages().collect();
        assert_eq!(messages, vec![Message::Pressed(Key::Char(first))], "{lang}");
    }
}

#[test]
fn typing_a_swedish_name() {
    let mut board = Board::new("sv", false);
    assert_eq!(board.layout, Layout::Swedish);
    board.tap_chars("åsa");
    assert_eq!(board.typed, "Åsa");
    board.tap(Key::Backspace);
    assert_eq!(board.typed, "Ås");
    board.tap_chars("a  lindén-ek");
    assert_eq!(board.typed, "Åsa Lindén-Ek", "no double space");
    for _ in 0..20 {
        board.tap(Key::Backspace);
    }
    assert_eq!(board.typed, "");
    board.tap(Key::Space);
    assert_eq!(board.typed, "", "no leading space");
}

#[test]
fn typing_arabic_and_switching_to_latin_for_an_officer() {
    let mut board = Board::new("ar", true);
    assert_eq!(board.layout, Layout::Arabic);
    board.tap_chars("سعاد أحمد");
    assert_eq!(board.typed, "سعاد أحمد");
    assert!(board.label_bounds("ABC").width > 0.0);

    board.typed.clear();
    assert_eq!(board.tap(Key::Switch), vec![Message::Pressed(Key::Switch)]);
    assert_eq!(board.layout, Layout::Latin);
    board.label_bounds("Q");
    board.label_bounds("أ ب");
    board.tap_chars("eva");
    assert_eq!(board.typed, "Eva");
    board.tap(Key::Switch);
    assert_eq!(board.layout, Layout::Arabic);
    board.label_bounds("ض");
}

#[test]
fn typing_tigrinya_with_consonant_then_order() {
    let mut board = Board::new("ti", true);
    assert_eq!(board.layout, Layout::Ethiopic);
    // ለ then the i-order key: ሊ.
    board.tap_chars("ለሊ");
    assert_eq!(board.typed, "ሊ");
    // ዳኒኤል (Daniel): ደ+a, ነ+i, አ+e, ለ+ə.
    board.typed.clear();
    board.tap_chars("ደላነሊአሌለል");
    assert_eq!(board.typed, "ዳኒኤል");
    board.tap(Key::Backspace);
    assert_eq!(board.typed, "ዳኒኤ");
    assert!(board.label_bounds("ABC").width > 0.0);
    board.tap(Key::Switch);
    board.label_bounds("ሀ ለ");
}

#[test]
fn the_text_stops_at_forty_characters() {
    let mut board = Board::new("sv", false);
    for _ in 0..45 {
        board.tap(Key::Char('ö'));
    }
    assert_eq!(board.typed.chars().count(), MAX);
    assert_eq!(board.typed, format!("Ö{}", "ö".repeat(MAX - 1)));
}

fn overlaps(a: Rectangle, b: Rectangle) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

#[test]
fn every_key_is_big_and_fits_the_screen_with_its_margins() {
    // Swedish letters include the Latin ones, so Swedish never shows a
    // switch (asked for or not); see keyboard::view.
    for (lang, switch) in [("sv", false), ("en", false), ("ar", true), ("ti", true)] {
        let mut board = Board::new(lang, switch);
        for _ in 0..2 {
            // The visitor's layout, then (if there is a switch) Latin.
            let mut faces: Vec<(Key, Rectangle)> = Vec::new();
            for key in board.keys() {
                let Some(b) = board.key_bounds(key) else {
                    assert_eq!(key, Key::Switch, "{lang}: {key:?} is shown");
                    continue;
                };
                let what = format!("{lang} {:?} {key:?} {b:?}", board.layout);
                assert!(b.width >= 80.0 && b.height >= 80.0, "big enough: {what}");
                assert!(
                    b.x >= 40.0 && b.x + b.width <= 1240.0,
                    "inside the margins: {what}"
                );
                assert!(
                    b.y >= 40.0 && b.y + b.height <= 760.0,
                    "inside the margins: {what}"
                );
                if let Key::Char(c) = key {
                    let l = board.label_bounds(&keyboard::label(c));
                    assert!(b.contains(l.center()), "label on its key: {what} {l:?}");
                }
                for (other, o) in &faces {
                    let apart = Rectangle {
                        x: b.x - 7.9,
                        y: b.y - 7.9,
                        width: b.width + 15.8,
                        height: b.height + 15.8,
                    };
                    assert!(!overlaps(apart, *o), "{what} at least 8 px from {other:?}");
                }
                faces.push((key, b));
            }
            let top = faces.iter().map(|(_, b)| b.y).fold(f32::MAX, f32::min);
            let bottom = faces
                .iter()
                .map(|(_, b)| b.y + b.height)
                .fold(0.0, f32::max);
            assert!(
                (bottom - top - board.layout.height()).abs() < 1.0,
                "{lang}: Layout::height is what is drawn"
            );
            assert_eq!(
                board.key_bounds(Key::Switch).is_some(),
                switch,
                "{lang}: the switch is there when asked for"
            );
            if !switch {
                break;
            }
            board.tap(Key::Switch);
        }
    }
}

/// Renders every layout and writes the pictures to the temporary folder
/// (kbd-*-tiny-skia.png), to look at; they are not compared with anything.
#[test]
fn every_layout_renders() {
    let out = std::env::temp_dir();
    for (name, lang, switch, latin, typed) in [
        ("kbd-sv", "sv", false, false, "Åsa Lindén-Ek"),
        ("kbd-sv-switch", "sv", true, false, "Åsa"),
        ("kbd-en", "en", false, false, "Anna-Karin"),
        ("kbd-ar", "ar", true, false, "سعاد أحمد"),
        ("kbd-ar-latin", "ar", true, true, "Eva"),
        ("kbd-ti", "ti", true, false, "ዳኒኤል ጓል ቋንቋ"),
        ("kbd-ti-latin", "ti", true, true, "Ma"),
    ] {
        let mut board = Board::new(lang, switch);
        if latin {
            board.layout = Layout::Latin;
        }
        board.typed = typed.to_string();
        let mut ui = board.simulator();
        let snap = ui
            .snapshot(&theme::theme(&theme::DEFAULT))
            .expect("snapshot renders");
        let path = out.join(name);
        let _ = std::fs::remove_file(out.join(format!("{name}-tiny-skia.png")));
        assert!(snap.matches_image(&path).expect("png written"));
    }
}
