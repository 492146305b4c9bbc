//! The kiosk's window in a test, closer to the iced runtime than
//! `iced_test::Simulator`, which forgets a scrollable's position between
//! two looks: the widget state is kept from tap to tap, the widget
//! operations the app asks for (scrolling, reading the screen aloud) are
//! run against the interface, and a frame is drawn after each tap.

use entre::ui::widget::{ACCESS_ID, SPEAK_ID};
use entre::ui::{App, Message};
use iced::advanced::widget::operation::{self, Operation};
use iced::{Event, Point, Rectangle, Size, mouse};
use iced_runtime::user_interface::{Cache, UserInterface};

/// The kiosk's window: the app, its widget state, a pointer.
pub struct Window {
    pub app: App,
    renderer: iced::Renderer,
    cache: Option<Cache>,
    size: Size,
    cursor: Point,
    rt: tokio::runtime::Runtime,
    /// Every text the app was asked to speak ([`Message::Speak`]), in order.
    pub spoken: Vec<String>,
}

impl Window {
    pub fn new(app: App, size: (f32, f32)) -> Self {
        use iced::advanced::renderer::Headless;
        // The simulator loads the kiosk's fonts.
        super::set_viewport(size);
        let _ = super::shows(&app, "");
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
            spoken: Vec::new(),
        };
        window.frame();
        window
    }

    /// The runtime the app's tasks run on.
    pub fn rt(&self) -> &tokio::runtime::Runtime {
        &self.rt
    }

    /// Feeds `events` to the interface and the messages they bring to the app.
    pub fn events(&mut self, events: &[Event]) {
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
    pub fn frame(&mut self) {
        for _ in 0..2 {
            self.events(&[Event::Window(iced::window::Event::RedrawRequested(
                iced::time::Instant::now(),
            ))]);
        }
    }

    /// Updates the app and runs what it asks for: messages go back to it,
    /// widget operations (scrolling, reading the screen) to the interface.
    pub fn send(&mut self, message: Message) {
        use iced::futures::StreamExt;
        if let Message::Speak(text) = &message {
            self.spoken.push(text.clone());
        }
        let task = self.app.update(message);
        let Some(mut stream) = iced_runtime::task::into_stream(task) else {
            return;
        };
        // One action at a time: a widget operation's answer comes out of
        // the same stream once the operation has run.
        while let Some(action) = self.rt.block_on(stream.next()) {
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
    pub fn find_all(
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

    pub fn id_bounds(&mut self, id: &'static str) -> Option<Rectangle> {
        let id = iced::widget::Id::new(id);
        self.find_all(move |c| matches!(c, iced_selector::Candidate::Container { id: Some(i), .. } if **i == id))
            .first()
            .map(|(b, _)| *b)
    }

    /// Where texts reading `label` (line breaks and marks aside) are:
    /// (bounds, visible bounds).
    pub fn texts(&mut self, label: &str) -> Vec<(Rectangle, Option<Rectangle>)> {
        let want = flat(label);
        self.find_all(move |c| {
            matches!(c, iced_selector::Candidate::Text { content, .. } if flat(content) == want)
        })
    }

    /// Whether a text reading `label` (line breaks and marks aside) is
    /// fully on screen, clear of the tools in the corner.
    pub fn seen(&mut self, label: &str) -> bool {
        let tools: Vec<Rectangle> = [SPEAK_ID, ACCESS_ID]
            .into_iter()
            .filter_map(|id| self.id_bounds(id))
            .collect();
        self.texts(label).into_iter().any(|(b, visible)| {
            visible.is_some_and(|v| {
                (v.height - b.height).abs() < 1.0 && (v.width - b.width).abs() < 1.0
            }) && !tools.iter().any(|t| t.intersects(&b))
        })
    }

    /// A finger tap at `at`.
    pub fn tap_at(&mut self, at: Point) {
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

    /// A finger tap on the widget with the id `id`.
    pub fn tap_id(&mut self, id: &'static str) {
        let at = self
            .id_bounds(id)
            .unwrap_or_else(|| panic!("{id} not on screen"))
            .center();
        self.tap_at(at);
    }

    /// A finger tap on the first text reading `label` that is on screen.
    pub fn tap(&mut self, label: &str) {
        let at = self
            .texts(label)
            .into_iter()
            .find_map(|(_, visible)| visible)
            .unwrap_or_else(|| panic!("{label:?} not on screen"))
            .center();
        self.tap_at(at);
    }
}

/// `s` with line breaks as spaces and without the RTL marks the kiosk
/// puts before lines that start with a Latin word.
pub fn flat(s: &str) -> String {
    s.replace('\u{200f}', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
