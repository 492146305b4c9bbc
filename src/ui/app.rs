//! The application: which screen is showing, the visitor's language, idle
//! tracking, and the only place where screens' actions become side effects.

use std::sync::Arc;
use std::time::Duration;

use iced::time::Instant;
use iced::widget::stack;
use iced::{Element, Event, Subscription, Task, event, keyboard, mouse, touch, window};

use super::screen::{Action, destination, idle, out_of_order, purposes, welcome};
use super::widget::HiddenCursor;
use super::{Ctx, theme};
use crate::config::Config;
use crate::i18n::Catalog;
use crate::store::{Store, StoreError, Visit};

#[derive(Debug, Clone)]
pub enum Message {
    Welcome(welcome::Message),
    Purposes(purposes::Message),
    Destination(destination::Message),
    Idle(idle::Message),
    /// A touch, click or key press anywhere.
    Activity,
    /// The clock, once a second while a visit is under way.
    Tick(Instant),
    CloseRequested(window::Id),
    /// A store write finished; `Err` carries the cause for the log.
    Stored(Result<(), String>),
}

#[derive(Debug)]
pub enum Screen {
    Welcome(welcome::Welcome),
    Purposes(purposes::Purposes),
    Destination(destination::Destination),
    /// Something the kiosk cannot recover from by itself.
    OutOfOrder,
}

pub struct App {
    config: Arc<Config>,
    catalog: Arc<Catalog>,
    store: Option<Store>,
    lang: String,
    screen: Screen,
    last_activity: Instant,
    now: Instant,
    /// Flipped on every change of what is on screen; see [`theme::theme`].
    repaint: bool,
}

impl App {
    /// The app on its welcome screen; `store` is the result of opening the
    /// database (a failure shows the out-of-order screen).
    pub fn new(
        config: Arc<Config>,
        catalog: Arc<Catalog>,
        store: Result<Store, StoreError>,
    ) -> Self {
        let now = Instant::now();
        let mut app = App {
            lang: config.kiosk.default_language.clone(),
            config,
            catalog,
            store: None,
            screen: Screen::Welcome(welcome::Welcome),
            last_activity: now,
            now,
            repaint: false,
        };
        match store {
            Ok(store) => app.store = Some(store),
            Err(e) => app.out_of_order(&e.to_string()),
        }
        app
    }

    pub fn fullscreen(&self) -> bool {
        self.config.kiosk.fullscreen
    }

    /// The visitor's language.
    pub fn language(&self) -> &str {
        &self.lang
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            catalog: &self.catalog,
            config: &self.config,
            lang: &self.lang,
        }
    }

    /// Shows the out-of-order screen and logs why. The cause is never shown.
    fn out_of_order(&mut self, cause: &str) {
        tracing::error!(cause, "out of order");
        self.screen = Screen::OutOfOrder;
    }

    /// Whether nothing of a visit is on screen (no clock needed).
    fn at_rest(&self) -> bool {
        matches!(self.screen, Screen::Welcome(_) | Screen::OutOfOrder)
            && self.lang == self.config.kiosk.default_language
    }

    /// Seconds left on the idle warning, if it is showing.
    pub fn idle_warning(&self) -> Option<u64> {
        if self.at_rest() {
            return None;
        }
        let idle = self.now.saturating_duration_since(self.last_activity);
        let timeout = Duration::from_secs(self.config.kiosk.idle_timeout_s);
        let warning = Duration::from_secs(self.config.kiosk.idle_warning_s);
        if idle < timeout {
            return None;
        }
        let left = (timeout + warning).saturating_sub(idle);
        Some(left.as_secs_f64().ceil() as u64)
    }

    /// Forgets everything of the visit: screen state, typed text, language.
    fn reset(&mut self) {
        tracing::debug!(step = "reset", "visit ended");
        self.lang = self.config.kiosk.default_language.clone();
        self.screen = Screen::Welcome(welcome::Welcome);
    }

    fn touched(&mut self) {
        let now = Instant::now();
        self.last_activity = now;
        self.now = now;
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        let before = self.view_key();
        let task = self.handle(message);
        if self.view_key() != before {
            self.repaint = !self.repaint;
        }
        task
    }

    /// What decides the picture on screen, coarsely.
    fn view_key(
        &self,
    ) -> (
        std::mem::Discriminant<Screen>,
        Option<usize>,
        String,
        Option<u64>,
    ) {
        let purpose = match &self.screen {
            Screen::Destination(d) => Some(d.purpose),
            _ => None,
        };
        (
            std::mem::discriminant(&self.screen),
            purpose,
            self.lang.clone(),
            self.idle_warning(),
        )
    }

    pub fn theme(&self) -> iced::Theme {
        theme::theme(self.repaint)
    }

    fn handle(&mut self, message: Message) -> Task<Message> {
        if matches!(
            message,
            Message::Welcome(_) | Message::Purposes(_) | Message::Destination(_)
        ) {
            self.touched();
        }
        let action = match (&mut self.screen, message) {
            (_, Message::Activity) => {
                self.touched();
                Action::None
            }
            (_, Message::Tick(now)) => {
                self.now = now;
                if self.idle_warning() == Some(0) {
                    tracing::debug!(step = "idle", "no touch: starting over");
                    self.reset();
                }
                Action::None
            }
            (_, Message::Idle(idle::Message::MoreTime)) => {
                tracing::debug!(step = "idle", "more time");
                self.touched();
                Action::None
            }
            (_, Message::CloseRequested(id)) => {
                if self.fullscreen() {
                    tracing::info!("close request ignored in fullscreen mode");
                    return Task::none();
                }
                return window::close(id).chain(iced::exit());
            }
            (_, Message::Stored(result)) => {
                if let Err(cause) = result {
                    self.out_of_order(&cause);
                }
                Action::None
            }
            (Screen::Welcome(s), Message::Welcome(m)) => s.update(m),
            (Screen::Purposes(s), Message::Purposes(m)) => s.update(m),
            (Screen::Destination(s), Message::Destination(m)) => s.update(m),
            // A late message for a screen that is gone.
            _ => Action::None,
        };
        self.perform(action)
    }

    fn perform(&mut self, action: Action) -> Task<Message> {
        match action {
            Action::None => Task::none(),
            Action::Start { lang } => {
                if self.config.kiosk.languages.contains(&lang) {
                    self.lang = lang;
                }
                tracing::debug!(step = "language", lang = %self.lang);
                self.screen = Screen::Purposes(purposes::Purposes);
                Task::none()
            }
            Action::OpenPurpose(i) => {
                let Some(purpose) = self.config.purposes.get(i) else {
                    return Task::none();
                };
                tracing::debug!(step = "purpose", purpose = %purpose.id, lang = %self.lang);
                let visit = Visit::new(&purpose.id, &self.lang);
                self.screen = Screen::Destination(destination::Destination::new(i));
                self.store_task(move |store| store.record_visit(&visit))
            }
            Action::Back => {
                self.screen = match &self.screen {
                    Screen::Destination(_) => Screen::Purposes(purposes::Purposes),
                    _ => {
                        // Back from the purposes screen: the welcome screen,
                        // where the visitor may choose another language.
                        Screen::Welcome(welcome::Welcome)
                    }
                };
                tracing::debug!(step = "back");
                Task::none()
            }
            Action::StartOver => {
                self.reset();
                Task::none()
            }
        }
    }

    /// Runs a store write on a blocking thread, off the UI.
    fn store_task(
        &self,
        f: impl FnOnce(&Store) -> Result<(), StoreError> + Send + 'static,
    ) -> Task<Message> {
        let Some(store) = self.store.clone() else {
            return Task::none();
        };
        Task::perform(
            async move {
                tokio::task::spawn_blocking(move || f(&store).map_err(|e| e.to_string()))
                    .await
                    .unwrap_or_else(|e| Err(format!("store task failed: {e}")))
            },
            Message::Stored,
        )
    }

    pub fn view(&self) -> Element<'_, Message> {
        let ctx = self.ctx();
        let screen: Element<'_, Message> = match &self.screen {
            Screen::Welcome(s) => s.view(&ctx).map(Message::Welcome),
            Screen::Purposes(s) => s.view(&ctx).map(Message::Purposes),
            Screen::Destination(s) => s.view(&ctx).map(Message::Destination),
            Screen::OutOfOrder => out_of_order::view(&ctx),
        };
        let content = match self.idle_warning() {
            Some(left) => stack![screen, idle::view(&ctx, left).map(Message::Idle)].into(),
            None => screen,
        };
        if self.config.kiosk.fullscreen {
            HiddenCursor::new(content).into()
        } else {
            content
        }
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let mut subs = vec![
            event::listen_with(activity),
            window::close_requests().map(Message::CloseRequested),
        ];
        // No clock while nothing of a visit is on screen: the kiosk idles
        // at no CPU on its welcome screen.
        if !self.at_rest() {
            subs.push(iced::time::every(Duration::from_secs(1)).map(Message::Tick));
        }
        Subscription::batch(subs)
    }
}

fn activity(event: Event, _status: event::Status, _window: window::Id) -> Option<Message> {
    match event {
        Event::Mouse(mouse::Event::ButtonPressed(_))
        | Event::Touch(touch::Event::FingerPressed { .. })
        | Event::Keyboard(keyboard::Event::KeyPressed { .. }) => Some(Message::Activity),
        _ => None,
    }
}
