//! Long pages: an errand page that does not fit shows big "more below" and
//! "more above" buttons, and every line of the longest errand can be
//! brought onto the screen by tapping them alone (a first-time visitor does
//! not know to swipe, and a drag that starts on a button does not scroll).
//!
//! The simulator of iced_test forgets a scrollable's position between two
//! looks; these tests keep the widget state from tap to tap, run the
//! scroll operations the app asks for and draw a frame after each, as the
//! iced runtime does.

mod common;

use common::{t, tap};
use entre::content;
use entre::ui::widget::{ACCESS_ID, MORE_ABOVE_ID, MORE_BELOW_ID, SPEAK_ID};
use entre::ui::{App, Message};
use iced::advanced::widget::operation::{self, Operation};
use iced::{Event, Point, Rectangle, Size, mouse};
use iced_runtime::user_interface::{Cache, UserInterface};

/// The kiosk's window: the app, its widget state, a pointer.
struct Window {
    app: App,
    renderer: iced::Renderer,
    cache: Option<Cache>,
    size: Size,
    cursor: Point,
    rt: tokio::runtime::Runtime,
}

impl Window {
    fn new(app: App, size: (f32, f32)) -> Self {
        use iced::advanced::renderer::Headless;
        // The simulator loads the kiosk's fonts.
        common::set_viewport(size);
        let _ = common::shows(&app, "");
        let renderer = iced::futures::executor::block_on(<iced::Renderer as Headless>::new(
            entre::ui::theme::FONT,
            iced::Pixels(entre::ui::theme::BODY),
            Some("tiny-skia"),
        ))
        .expect("headless renderer");
        let mut window = Window {
            app,
            renderer,
            cache: Some(Cache::default()),
            size: Size::new(size.0, size.1),
            cursor: Point::ORIGIN,
            rt: tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .unwrap(),
        };
        window.frame();
        window
    }

    /// Feeds `events` to the interface and the messages they bring to the app.
    fn events(&mut self, events: &[Event]) {
        let mut messages = Vec::new();
        let mut ui = UserInterface::build(
            self.app.view(),
            self.size,
            self.cache.take().unwrap(),
            &mut self.renderer,
        );
        let _ = ui.update(
            events,
            mouse::Cursor::Available(self.cursor),
            &mut self.renderer,
            &mut iced::advanced::clipboard::Null,
            &mut messages,
        );
        self.cache = Some(ui.into_cache());
        for m in messages {
            self.send(m);
        }
    }

    /// A frame: scrollables report where they stand.
    fn frame(&mut self) {
        for _ in 0..2 {
            self.events(&[Event::Window(iced::window::Event::RedrawRequested(
                iced::time::Instant::now(),
            ))]);
        }
    }

    /// Updates the app and runs what it asks for: messages go back to it,
    /// widget operations (scrolling) to the interface.
    fn send(&mut self, message: Message) {
        use iced::futures::StreamExt;
        let task = self.app.update(message);
        let Some(stream) = iced_runtime::task::into_stream(task) else {
            return;
        };
        let actions: Vec<iced_runtime::Action<Message>> = self.rt.block_on(stream.collect());
        for action in actions {
            match action {
                iced_runtime::Action::Output(m) => self.send(m),
                iced_runtime::Action::Widget(op) => self.operate(op),
                _ => {}
            }
        }
    }

    fn operate(&mut self, op: Box<dyn Operation>) {
        let mut ui = UserInterface::build(
            self.app.view(),
            self.size,
            self.cache.take().unwrap(),
            &mut self.renderer,
        );
        let mut current = Some(op);
        while let Some(mut op) = current.take() {
            ui.operate(&self.renderer, op.as_mut());
            if let operation::Outcome::Chain(next) = op.finish() {
                current = Some(next);
            }
        }
        self.cache = Some(ui.into_cache());
    }

    /// Every widget the selector finds: (bounds, visible bounds).
    fn find_all(
        &mut self,
        pick: impl Fn(&iced_selector::Candidate<'_>) -> bool + Send + 'static,
    ) -> Vec<(Rectangle, Option<Rectangle>)> {
        let found = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = found.clone();
        let mut ui = UserInterface::build(
            self.app.view(),
            self.size,
            self.cache.take().unwrap(),
            &mut self.renderer,
        );
        let mut op = iced_selector::Selector::find(move |c: iced_selector::Candidate<'_>| {
            if pick(&c) {
                sink.lock().unwrap().push((c.bounds(), c.visible_bounds()));
            }
            None::<()>
        });
        ui.operate(&self.renderer, &mut operation::black_box(&mut op));
        self.cache = Some(ui.into_cache());
        found.lock().unwrap().clone()
    }

    fn id_bounds(&mut self, id: &'static str) -> Option<Rectangle> {
        let id = iced::widget::Id::new(id);
        self.find_all(move |c| matches!(c, iced_selector::Candidate::Container { id: Some(i), .. } if **i == id))
            .first()
            .map(|(b, _)| *b)
    }

    /// Where a text reading `label` (line breaks and marks aside) is
    /// fully on screen, clear of the tools in the corner.
    fn seen(&mut self, label: &str) -> bool {
        let tools: Vec<Rectangle> = [SPEAK_ID, ACCESS_ID]
            .into_iter()
            .filter_map(|id| self.id_bounds(id))
            .collect();
        let want = flat(label);
        self.find_all(move |c| {
            matches!(c, iced_selector::Candidate::Text { content, .. } if flat(content) == want)
        })
        .into_iter()
        .any(|(b, visible)| {
            visible.is_some_and(|v| (v.height - b.height).abs() < 1.0 && (v.width - b.width).abs() < 1.0)
                && !tools.iter().any(|t| t.intersects(&b))
        })
    }

    /// A finger tap on the widget with the id `id`.
    fn tap_id(&mut self, id: &'static str) {
        let at = self
            .id_bounds(id)
            .unwrap_or_else(|| panic!("{id} not on screen"))
            .center();
        self.cursor = at;
        self.events(&[
            Event::Mouse(mouse::Event::CursorMoved { position: at }),
            Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Left)),
        ]);
        self.events(&[Event::Mouse(mouse::Event::ButtonReleased(
            mouse::Button::Left,
        ))]);
        self.frame();
    }
}

fn flat(s: &str) -> String {
    s.replace('\u{200f}', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn tree() -> content::Tree {
    let (tree, errors) = content::check(
        content::embedded().map(|(l, e, s)| (l.to_string(), e.to_string(), format!("{l}/{e}"), s)),
        &[],
        &common::allowed(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    tree
}

/// The errand with the most text, and the language it is longest in.
fn longest(tree: &content::Tree, langs: &[&str]) -> (String, String) {
    let mut best = (0, String::new(), String::new());
    for lang in langs {
        for (id, b) in &tree[*lang] {
            let chars: usize = [&b.title, &b.summary, &b.help]
                .into_iter()
                .chain(&b.steps)
                .chain(&b.need)
                .chain(&b.tips)
                .map(|s| s.chars().count())
                .sum();
            if chars > best.0 {
                best = (chars, lang.to_string(), id.clone());
            }
        }
    }
    (best.1, best.2)
}

/// Opens `errand` in `lang` on the demo kiosk, in a window of `size`.
fn errand_page(
    dir: &std::path::Path,
    lang: &str,
    errand: &str,
    size: (f32, f32),
    large_text: bool,
) -> Window {
    let mut app = common::demo_app(dir);
    if large_text {
        let _ = app.update(Message::OpenAccess);
        let _ = app.update(Message::Access(
            entre::ui::screen::access::Message::LargeText,
        ));
        let _ = app.update(Message::Access(entre::ui::screen::access::Message::Close));
    }
    common::set_viewport(size);
    tap(&mut app, &common::catalog().language_name(lang));
    tap(&mut app, &t(lang, "purpose-guidance"));
    let _ = app.update(Message::ErrandList(
        entre::ui::screen::errand_list::Message::Chose(errand.to_string()),
    ));
    assert!(matches!(app.screen(), entre::ui::Screen::Errand(_)));
    Window::new(app, size)
}

/// Taps "more below" until it goes, noting which of `texts` were seen
/// whole on the way; then "more above" until it goes.
fn read_by_taps(w: &mut Window, lang: &str, texts: &[String], what: &str) {
    assert!(
        w.id_bounds(MORE_ABOVE_ID).is_none(),
        "{what}: nothing above at first"
    );
    let below = w
        .id_bounds(MORE_BELOW_ID)
        .unwrap_or_else(|| panic!("{what}: a long page shows \"more below\""));
    assert!(
        below.height >= 80.0,
        "{what}: {below:?} is lower than 80 px"
    );
    assert!(
        w.seen(&t(lang, "nav-more-below")),
        "{what}: the button says what it does"
    );
    let mut unseen: Vec<&String> = texts.iter().filter(|s| !w.seen(s)).collect();
    let mut taps = 0;
    while w.id_bounds(MORE_BELOW_ID).is_some() {
        assert!(taps < 30, "{what}: still more below after {taps} taps");
        w.tap_id(MORE_BELOW_ID);
        taps += 1;
        unseen.retain(|s| !w.seen(s));
        assert!(
            w.id_bounds(MORE_ABOVE_ID).is_some(),
            "{what}: \"more above\" after a tap down"
        );
    }
    assert!(
        unseen.is_empty(),
        "{what}: never seen whole after {taps} taps: {unseen:?}"
    );
    assert!(taps >= 1, "{what}");
    // At the end the lowest text of the page is on screen.
    let wanted: Vec<String> = texts.iter().map(|s| flat(s)).collect();
    let lowest = w
        .find_all(move |c| {
            matches!(c, iced_selector::Candidate::Text { content, .. } if wanted.contains(&flat(content)))
        })
        .into_iter()
        .max_by(|a, b| (a.0.y + a.0.height).total_cmp(&(b.0.y + b.0.height)))
        .unwrap();
    assert!(
        lowest
            .1
            .is_some_and(|v| (v.height - lowest.0.height).abs() < 1.0),
        "{what}: the end of the page is on screen at the end: {lowest:?}"
    );
    let mut up = 0;
    while w.id_bounds(MORE_ABOVE_ID).is_some() {
        assert!(up < 30, "{what}: still more above after {up} taps");
        w.tap_id(MORE_ABOVE_ID);
        up += 1;
    }
    assert!(
        w.id_bounds(MORE_BELOW_ID).is_some(),
        "{what}: back at the top, more below again"
    );
}

/// Every text of `errand` in `lang`, in page order: main column, then side.
fn page_texts(tree: &content::Tree, lang: &str, errand: &str) -> Vec<String> {
    let b = &tree[lang][errand];
    let mut texts = vec![b.title.clone(), b.summary.clone()];
    texts.extend(b.steps.iter().cloned());
    texts.extend(b.need.iter().map(|n| format!("•  {n}")));
    texts.extend([b.help.clone()]);
    texts.extend(b.tips.iter().cloned());
    texts
}

#[test]
fn every_line_of_the_longest_errand_can_be_reached_by_taps_alone() {
    let tree = tree();
    let langs: Vec<String> = common::catalog().languages();
    let langs: Vec<&str> = langs.iter().map(String::as_str).collect();
    let (lang, errand) = longest(&tree, &langs);
    let dir = tempfile::tempdir().unwrap();
    let mut w = errand_page(dir.path(), &lang, &errand, (1280.0, 800.0), false);
    let texts = page_texts(&tree, &lang, &errand);
    read_by_taps(&mut w, &lang, &texts, &format!("{lang}/{errand}"));
}

#[test]
fn every_line_can_be_reached_in_arabic_in_large_text() {
    let tree = tree();
    let (lang, errand) = longest(&tree, &["ar"]);
    let dir = tempfile::tempdir().unwrap();
    // A 1080p kiosk at 1.5×.
    let mut w = errand_page(dir.path(), &lang, &errand, (1280.0, 720.0), true);
    let texts = page_texts(&tree, &lang, &errand);
    read_by_taps(
        &mut w,
        &lang,
        &texts,
        &format!("{lang}/{errand} large text"),
    );
}

#[test]
fn a_page_that_fits_shows_no_scroll_buttons() {
    let tree = tree();
    let dir = tempfile::tempdir().unwrap();
    // The shortest errand in Swedish, on a tall screen.
    let (_, errand) = tree["sv"]
        .iter()
        .map(|(id, b)| (b.steps.len() + b.tips.len() + b.need.len(), id.clone()))
        .min()
        .unwrap();
    let mut w = errand_page(dir.path(), "sv", &errand, (1920.0, 2400.0), false);
    assert!(w.id_bounds(MORE_BELOW_ID).is_none());
    assert!(w.id_bounds(MORE_ABOVE_ID).is_none());
}
