//! The application: which screen is showing, the visitor's language, idle
//! tracking, and the only place where screens' actions become side effects.

use std::sync::Arc;
use std::time::Duration;

use iced::futures::FutureExt;
use iced::time::Instant;
use iced::{Element, Event, Subscription, Task, event, keyboard, mouse, touch, window};

use super::screen::{
    Action, access, arrival, confirm, destination, errand, errand_list, find_officer, find_unit,
    idle, out_of_order, purposes, read_aloud_confirm, register, registered, search, staff, survey,
    visitor_name, welcome,
};
use super::widget::{HiddenCursor, tools};
use super::{Access, Ctx, theme};
use crate::config::{Config, Find, Flow, VisitorName};
use crate::directory::Directory;
use crate::i18n::Catalog;
use crate::outbound::mail::{self, Sender};
use crate::outbound::worker::Outbox;
use crate::speech::{Speaker, Voices};
use crate::store::{Store, StoreError, Visit};

#[derive(Debug, Clone)]
pub enum Message {
    Welcome(welcome::Message),
    Purposes(purposes::Message),
    Destination(destination::Message),
    FindUnit(find_unit::Message),
    FindOfficer(find_officer::Message),
    Search(search::Message),
    VisitorName(visitor_name::Message),
    Confirm(confirm::Message),
    Arrival(arrival::Message),
    ErrandList(errand_list::Message),
    Errand(errand::Message),
    Survey(survey::Message),
    Register(register::Message),
    Registered(registered::Message),
    /// The hub's answer to a registration (or the desk, without one).
    FloorAnswer(crate::floor::Outcome),
    Idle(idle::Message),
    /// The accessibility button.
    OpenAccess,
    /// The read-aloud button.
    ReadAloud,
    /// The answer to "People nearby can hear it" (a confidential page).
    ReadAloudConfirm(read_aloud_confirm::Message),
    /// The text of the screen, to be spoken.
    Speak(String),
    /// The voices of the speech synthesiser (found at start).
    Voices(Voices),
    Access(access::Message),
    /// A touch, click or key press anywhere.
    Activity,
    /// A finger lifted (or the mouse button released) anywhere: whatever
    /// it pressed is redrawn in full (see [`theme::theme`]).
    Lifted,
    /// The clock, once a second while a visit is under way.
    Tick(Instant),
    CloseRequested(window::Id),
    /// The window's size changed (layout pixels).
    Resized(iced::Size),
    /// A store write finished; `Err` carries the cause for the log.
    Stored(Result<(), String>),
    /// A check-in was recorded; whether the relay accepted its mail in time.
    CheckedIn(Result<bool, String>),
    /// The outbox worker ended (it should not).
    WorkerStopped,
    /// New guidance and directory from the hub, put in use at the next
    /// welcome screen (never in the middle of a visit).
    ContentChanged(Arc<crate::outbound::hub::InUse>),
    /// The staff PIN, read from `[kiosk] staff_pin_file` at start.
    StaffPin(Option<String>),
    /// The hidden corner pressed / let go (or left).
    CornerPressed,
    CornerReleased,
    Staff(staff::Message),
    /// The staff exit has been recorded: close the kiosk.
    StaffExit,
    /// A fatal error (a panic anywhere): out of order, then exit.
    Fatal(String),
    /// The out-of-order screen has been up long enough: exit, so that the
    /// service manager restarts the kiosk.
    Restart,
}

#[derive(Debug)]
pub enum Screen {
    Welcome(welcome::Welcome),
    Purposes(purposes::Purposes),
    Destination(destination::Destination),
    FindUnit(find_unit::FindUnit),
    FindOfficer(find_officer::FindOfficer),
    Search(search::Search),
    VisitorName(visitor_name::VisitorName),
    Confirm(confirm::Confirm),
    Arrival(arrival::Arrival),
    ErrandList(errand_list::ErrandList),
    Errand(errand::Errand),
    Survey(survey::Survey),
    /// "I want help from a guide": the steps of the registration.
    Register(register::Register),
    /// The registration sent: the code, or the desk.
    Registered(registered::Registered),
    /// The staff PIN pad.
    Staff(staff::Staff),
    /// Something the kiosk cannot recover from by itself.
    OutOfOrder,
}

/// A check-in being put together. Dropped at confirmation and on reset.
#[derive(Debug)]
struct Draft {
    /// Index into the directory's officers.
    officer: usize,
    /// What the visitor typed as their name.
    visitor: String,
}

pub struct App {
    config: Arc<Config>,
    catalog: Arc<Catalog>,
    store: Option<Store>,
    outbox: Option<Outbox>,
    directory: Directory,
    /// Guidance bundles in use: language → errand → bundle.
    guidance: crate::content::Tree,
    /// Content from the hub waiting for the visit on screen to end.
    pending_content: Option<Arc<crate::outbound::hub::InUse>>,
    /// The visit of the errand page shown, for the survey answers.
    guidance_visit: Option<String>,
    /// The visit of the walk-in registered on this visit, for "started
    /// the errand meanwhile".
    walk_in_visit: Option<String>,
    lang: String,
    screen: Screen,
    /// The screens Back returns to, most recent last.
    back: Vec<Screen>,
    draft: Option<Draft>,
    /// The visitor's accessibility settings, for this visit only.
    access: Access,
    /// Whether the accessibility panel is open.
    access_open: bool,
    /// Whether read-aloud asks first (the page is confidential).
    confirm_speech: bool,
    /// Read aloud: the languages with a voice, and the synthesiser.
    voices: Voices,
    speaker: Speaker,
    last_activity: Instant,
    now: Instant,
    /// Advanced on every change of what is on screen and every lifted
    /// finger; see [`theme::theme`].
    repaint: u8,
    /// Whether the kiosk is out of order for good (it will exit).
    fatal: bool,
    /// The window's height in screen pixels (for the large-text scale).
    screen_height: f32,
    /// The staff exit PIN; `None`: no staff exit.
    staff_pin: Option<String>,
    /// Since when the hidden corner is held.
    corner_held: Option<Instant>,
    /// Rounds of wrong staff PINs: the corner is refused for a while after
    /// each. Kept across the idle reset (not visitor data).
    staff_lockouts: staff::Lockouts,
    /// Check-ins per officer within minutes (see [`super::checkin_flood`]).
    checkin_flood: super::checkin_flood::FloodGuard,
}

/// What decides the picture on screen, coarsely: the screen, its detail
/// and depth, the language, the idle countdown, the arrival outcome, the
/// accessibility settings and panel, where a long page is scrolled to.
type ViewKey = (
    std::mem::Discriminant<Screen>,
    usize,
    String,
    Option<u64>,
    u8,
    (Access, bool),
    u64,
);

/// How long the hidden corner must be held for the staff PIN pad.
pub const STAFF_HOLD: Duration = Duration::from_secs(5);
/// The size of the hidden corner (top left), in layout pixels: outside the
/// page margin, so it covers nothing a visitor taps.
pub const STAFF_CORNER: f32 = 36.0;

impl App {
    /// The app on its welcome screen; `store` is the result of opening the
    /// database (a failure shows the out-of-order screen).
    pub fn new(
        config: Arc<Config>,
        catalog: Arc<Catalog>,
        store: Result<Store, StoreError>,
    ) -> Self {
        Self::start(config, catalog, store.map_err(|e| e.to_string()))
    }

    /// The kiosk out of order from the start (e.g. its config is invalid:
    /// `config` is then a stand-in that names every shipped language).
    pub fn failed(config: Arc<Config>, catalog: Arc<Catalog>, cause: &str) -> Self {
        Self::start(config, catalog, Err(cause.to_string()))
    }

    /// The app on its welcome screen, or out of order with the cause.
    fn start(config: Arc<Config>, catalog: Arc<Catalog>, store: Result<Store, String>) -> Self {
        let now = Instant::now();
        let speaker = Speaker::new(&config.speech);
        let mut app = App {
            lang: config.kiosk.default_language.clone(),
            directory: crate::outbound::hub::directory_in_use(store.as_ref().ok(), &config),
            guidance: crate::content::load(
                store.as_ref().ok(),
                &config.kiosk.languages,
                &config.allowed(),
            ),
            pending_content: None,
            guidance_visit: None,
            walk_in_visit: None,
            config,
            catalog,
            store: None,
            outbox: None,
            screen: Screen::Welcome(welcome::Welcome::default()),
            back: Vec::new(),
            draft: None,
            access: Access::default(),
            access_open: false,
            confirm_speech: false,
            voices: Voices::default(),
            speaker,
            last_activity: now,
            now,
            repaint: 0,
            fatal: false,
            staff_pin: None,
            corner_held: None,
            staff_lockouts: staff::Lockouts::default(),
            checkin_flood: Default::default(),
            screen_height: 1080.0,
        };
        if !app.config.kiosk.fullscreen {
            app.screen_height = super::WINDOW_SIZE.height;
        }
        match store {
            Ok(store) => {
                // Writes that meet a locked or full database wait in
                // memory and are tried again (see `Store::enqueue`).
                store.set_give_up(Duration::from_secs(app.config.kiosk.store_give_up_s));
                if let Err(e) = store.set_busy_timeout(crate::store::KIOSK_BUSY_TIMEOUT) {
                    tracing::warn!(error = %e, "cannot set the database's busy timeout");
                }
                match Sender::from_config(&app.config.mail) {
                    Ok(sender) => {
                        app.outbox = Some(Outbox::new(
                            store.clone(),
                            sender,
                            Duration::from_secs(app.config.mail.give_up_after_h * 3600),
                        ));
                    }
                    // Check-ins are still recorded; visitors are told to go
                    // to the desk, and the mail waits for a working setup.
                    Err(e) => tracing::error!(error = %e, "mail cannot be sent"),
                }
                // A lockout of the staff corner outlasts a restart.
                let day = staff::LOCKOUT_MEMORY.as_millis() as i64;
                let now_ms = crate::store::now_ms();
                match store.staff_lockouts_since(now_ms - day) {
                    Ok(stored) => {
                        app.staff_lockouts = staff::Lockouts::from_stored(&stored, now, now_ms);
                    }
                    Err(e) => tracing::warn!(error = %e, "cannot read the staff PIN lockouts"),
                }
                app.store = Some(store);
            }
            Err(cause) => app.out_of_order(&cause),
        }
        app
    }

    /// Whether the kiosk is out of order for good.
    pub fn is_fatal(&self) -> bool {
        self.fatal
    }

    /// The exit after a fatal error, `restart_after_s` from now.
    fn restart_later(&self) -> Task<Message> {
        let after = Duration::from_secs(self.config.kiosk.restart_after_s);
        tracing::error!(
            after_s = after.as_secs(),
            "out of order: exiting for a restart"
        );
        Task::perform(async move { tokio::time::sleep(after).await }, |()| {
            Message::Restart
        })
    }

    /// What runs beside the screens: the outbox worker, hub sync and the
    /// retention purge.
    pub fn boot(&self) -> Task<Message> {
        if self.fatal {
            return Task::batch([self.restart_later(), self.load_staff_pin()]);
        }
        let staff_pin = self.load_staff_pin();
        let speech = self.config.speech.clone();
        let voices = Task::perform(
            async move {
                tokio::task::spawn_blocking(move || Voices::detect(&speech))
                    .await
                    .unwrap_or_default()
            },
            Message::Voices,
        );
        let voices = Task::batch([voices, staff_pin]);
        let beside = Task::batch([self.hub_sync(), self.purge_daily()]);
        let Some(outbox) = self.outbox.clone() else {
            return Task::batch([voices, beside]);
        };
        if let Err(e) = outbox.recover() {
            tracing::error!(error = %e, "cannot look at the outbox");
        }
        Task::batch([
            voices,
            beside,
            Task::perform(outbox.run_forever(), |()| Message::WorkerStopped),
        ])
    }

    /// The retention purge, at start and daily, off the UI (it sends no
    /// message unless it stops).
    fn purge_daily(&self) -> Task<Message> {
        let Some(store) = self.store.clone() else {
            return Task::none();
        };
        Task::perform(
            crate::store::purge_daily(store, self.config.clone()),
            |()| Message::WorkerStopped,
        )
    }

    /// Hub sync beside the screens, when the hub is on: new content comes
    /// back as [`Message::ContentChanged`].
    fn hub_sync(&self) -> Task<Message> {
        let Some(store) = self.store.clone() else {
            return Task::none();
        };
        let sync = match crate::outbound::hub::Sync::new(store, &self.config) {
            Ok(Some(sync)) => sync,
            Ok(None) => return Task::none(),
            Err(e) => {
                // The kiosk works on without the hub; visits stay queued.
                tracing::error!(error = %e, "hub sync off");
                return Task::none();
            }
        };
        let (tx, rx) = iced::futures::channel::mpsc::unbounded();
        let config = self.config.clone();
        let run = sync.run_forever(config, move |in_use| {
            let _ = tx.unbounded_send(Arc::new(in_use));
        });
        Task::batch([
            Task::perform(run, |()| Message::WorkerStopped),
            Task::run(rx, Message::ContentChanged),
        ])
    }

    /// Reads the staff PIN from `[kiosk] staff_pin_file` (a file that is
    /// missing or holds no PIN of 4–12 digits leaves the staff exit off).
    pub fn load_staff_pin(&self) -> Task<Message> {
        let Some(file) = self.config.kiosk.staff_pin_file.clone() else {
            return Task::none();
        };
        Task::perform(
            async move {
                match tokio::fs::read_to_string(&file).await {
                    Ok(text) if crate::status::is_valid_pin(&text) => Some(text.trim().to_string()),
                    Ok(_) => {
                        tracing::error!(file = %file.display(), "holds no PIN of 4 to 12 digits: staff exit off");
                        None
                    }
                    Err(e) => {
                        tracing::error!(file = %file.display(), error = %e, "staff exit off");
                        None
                    }
                }
            },
            Message::StaffPin,
        )
    }

    /// The voice for the visitor's language, if read-aloud is on and the
    /// synthesiser has one.
    pub fn voice(&self) -> Option<&str> {
        if !self.config.speech.enabled {
            return None;
        }
        self.voices.voice_for(&self.lang)
    }

    /// Puts other guidance in use (new content from the hub; tests).
    pub fn replace_guidance(&mut self, tree: crate::content::Tree) {
        self.guidance = tree;
    }

    /// The staff directory in use.
    pub fn directory(&self) -> &Directory {
        &self.directory
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
            access: self.access,
            scale: self.scale_factor(),
        }
    }

    /// Shows the out-of-order screen and logs why. The cause is never shown.
    fn out_of_order(&mut self, cause: &str) {
        tracing::error!(cause, "out of order");
        self.fatal = true;
        self.reset();
        self.screen = Screen::OutOfOrder;
        self.back.clear();
        self.draft = None;
    }

    /// Whether nothing of a visit is on screen (no clock needed).
    fn at_rest(&self) -> bool {
        self.corner_held.is_none()
            && (self.fatal
                || (matches!(&self.screen, Screen::Welcome(w) if !w.is_exit())
                    || matches!(self.screen, Screen::OutOfOrder))
                    && self.lang == self.config.kiosk.default_language
                    && self.access == Access::default()
                    && !self.access_open)
    }

    /// Seconds left on the idle warning, if it is showing.
    pub fn idle_warning(&self) -> Option<u64> {
        if self.at_rest() {
            return None;
        }
        let idle = self.now.saturating_duration_since(self.last_activity);
        let timeout = self.idle_timeout();
        let warning = Duration::from_secs(self.config.kiosk.idle_warning_s);
        if idle < timeout {
            return None;
        }
        let left = (timeout + warning).saturating_sub(idle);
        Some(left.as_secs_f64().ceil() as u64)
    }

    /// How long without a touch before the warning: doubled in large-text
    /// and reach mode (more time to read, to reach).
    pub fn idle_timeout(&self) -> Duration {
        let t = Duration::from_secs(self.config.kiosk.idle_timeout_s);
        if self.access.large_text || self.access.reach {
            t * 2
        } else {
            t
        }
    }

    /// The accessibility settings of the visit.
    pub fn access(&self) -> Access {
        self.access
    }

    /// The window's scale factor: 1.5 in large-text mode, or as much as
    /// leaves the screens the 720 layout pixels of height they need (a
    /// window lower than 1080 px: the demo window, a small kiosk screen).
    pub fn scale_factor(&self) -> f32 {
        let fits = (self.screen_height / 720.0).max(1.0);
        self.access.scale().min(fits)
    }

    /// Forgets everything of the visit: screen state, typed text, language.
    fn reset(&mut self) {
        tracing::debug!(step = "reset", "visit ended");
        self.lang = self.config.kiosk.default_language.clone();
        self.screen = Screen::Welcome(welcome::Welcome::default());
        self.back.clear();
        self.draft = None;
        self.guidance_visit = None;
        self.walk_in_visit = None;
        self.access = Access::default();
        self.access_open = false;
        self.confirm_speech = false;
    }

    /// Shows `next`, remembering the current screen for Back.
    fn go(&mut self, next: Screen) {
        let previous = std::mem::replace(&mut self.screen, next);
        self.back.push(previous);
    }

    fn touched(&mut self) {
        let now = Instant::now();
        self.last_activity = now;
        self.now = now;
    }

    /// [`App::update`] as the window runs it: a panic in it (on the main
    /// thread, where iced would unwind and the process exit 101) puts the
    /// kiosk out of order and, after `restart_after_s`, exits 70.
    pub fn update_guarded(&mut self, message: Message) -> Task<Message> {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.update(message))) {
            Ok(task) => task,
            Err(payload) => {
                // Not through `update` again: it may be what panics.
                let was_fatal = self.fatal;
                self.out_of_order(&super::fatal::cause_of(payload.as_ref()));
                if was_fatal {
                    Task::none()
                } else {
                    self.restart_later()
                }
            }
        }
    }

    /// [`App::view`] as the window runs it: a panic in it shows the
    /// out-of-order screen; the panic hook's report then puts the kiosk out
    /// of order for good (and exits 70 after `restart_after_s`).
    pub fn view_guarded(&self) -> Element<'_, Message> {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.view())) {
            Ok(element) => element,
            Err(_) => out_of_order::view(&self.ctx()),
        }
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        #[cfg(feature = "test-panic")]
        super::fatal::test_panic("update", self.fatal);
        let before = self.view_key();
        // A pressed key or button is redrawn unpressed when the finger
        // lifts, and only in part: repaint the window, even where the tap
        // changed nothing else (a key that types nothing, a page turned).
        let lifted = matches!(message, Message::Lifted);
        let was_fatal = self.fatal;
        let mut task = self.handle(message);
        if self.at_rest()
            && let Some(content) = self.pending_content.take()
        {
            tracing::info!("hub content in use on screen");
            self.guidance = content.guidance.clone();
            self.directory = content.directory.clone();
        }
        if self.fatal && !was_fatal {
            task = Task::batch([task, self.restart_later()]);
        }
        let after = self.view_key();
        if after != before || lifted {
            // Once per update at most (see `theme::theme`).
            self.repaint = self.repaint.wrapping_add(1);
        }
        if after != before {
            // Reading stops when the screen changes (not for the countdown).
            if (after.0, after.1, &after.2, after.4) != (before.0, before.1, &before.2, before.4)
                && self.speaker.is_speaking()
            {
                return Task::batch([task, self.stop_speaking()]);
            }
        }
        task
    }

    /// What decides the picture on screen, coarsely.
    fn view_key(&self) -> ViewKey {
        let detail = match &self.screen {
            Screen::Destination(d) => d.purpose,
            Screen::Survey(s) => s.view_key(),
            Screen::Staff(s) => s.view_key(),
            Screen::Register(r) => r.view_key(),
            _ => 0,
        };
        let outcome = match &self.screen {
            Screen::Arrival(a) => a.outcome as u8,
            Screen::Registered(r) => r.view_key(),
            _ => 0,
        };
        (
            std::mem::discriminant(&self.screen),
            detail + self.back.len() * 1000 + usize::from(self.confirm_speech) * 1_000_000,
            self.lang.clone(),
            self.idle_warning(),
            outcome,
            (self.access, self.access_open),
            // Where a long page is scrolled to (not a change of screen for
            // read-aloud).
            match &self.screen {
                Screen::Errand(e) => e.scrolled.map_or(0, |s| s.key()),
                _ => 0,
            },
        )
    }

    pub fn theme(&self) -> iced::Theme {
        theme::theme(self.access.colors())
    }

    /// The window's clear colour: see [`theme::style`].
    pub fn style(&self, _theme: &iced::Theme) -> iced::theme::Style {
        theme::style(self.repaint, self.access.colors())
    }

    fn handle(&mut self, message: Message) -> Task<Message> {
        if !matches!(
            message,
            Message::Tick(_)
                | Message::StaffPin(_)
                | Message::CornerPressed
                | Message::CornerReleased
                | Message::Fatal(_)
                | Message::Restart
                | Message::Voices(_)
                | Message::Speak(_)
                | Message::Stored(_)
                | Message::CheckedIn(_)
                | Message::FloorAnswer(_)
                | Message::WorkerStopped
                | Message::CloseRequested(_)
                | Message::Resized(_)
                // Also sent when the page is first drawn.
                | Message::Errand(errand::Message::Scrolled(_))
        ) {
            self.touched();
        }
        let lang = self.lang.clone();
        let action = match (&mut self.screen, message) {
            (_, Message::Activity | Message::Lifted) => Action::None,
            (_, Message::Tick(now)) => {
                self.now = now;
                if let Some(since) = self.corner_held
                    && now.saturating_duration_since(since) >= STAFF_HOLD
                {
                    self.corner_held = None;
                    if self.staff_lockouts.refuses(now) {
                        // Silent: nothing on screen changes.
                        tracing::info!("staff exit: corner refused (locked out after wrong PINs)");
                        return Task::none();
                    }
                    tracing::warn!("staff exit: PIN pad");
                    self.reset();
                    self.screen = Screen::Staff(staff::Staff::default());
                    return Task::none();
                }
                if self.idle_warning() == Some(0) {
                    tracing::debug!(step = "idle", "no touch: starting over");
                    self.reset();
                } else if let Screen::Arrival(a) = &self.screen
                    && a.since.is_some_and(|since| {
                        now.saturating_duration_since(since)
                            >= Duration::from_secs(self.config.checkin.done_after_s)
                    })
                {
                    self.reset();
                }
                Action::None
            }
            (_, Message::StaffPin(pin)) => {
                tracing::info!(on = pin.is_some(), "staff exit");
                self.staff_pin = pin;
                Action::None
            }
            (_, Message::CornerPressed) => {
                // While locked out, the corner is dead (and needs no clock).
                if self.staff_pin.is_some()
                    && !self.staff_lockouts.refuses(self.now.max(Instant::now()))
                {
                    self.corner_held = Some(Instant::now());
                }
                Action::None
            }
            (_, Message::CornerReleased) => {
                self.corner_held = None;
                Action::None
            }
            (Screen::Staff(s), Message::Staff(m)) => match s.update(m) {
                staff::Outcome::None => Action::None,
                staff::Outcome::Cancel => Action::StartOver,
                staff::Outcome::Check(pin) => {
                    if self.staff_pin.as_deref() == Some(pin.as_str()) {
                        tracing::warn!("staff exit: the kiosk closes");
                        return Self::staff_exit_task();
                    }
                    s.wrong += 1;
                    tracing::warn!(attempt = s.wrong, "staff exit: wrong PIN");
                    if s.wrong >= staff::ATTEMPTS {
                        return self.staff_lockout();
                    } else {
                        Action::None
                    }
                }
            },
            (_, Message::StaffExit) => {
                super::fatal::set_exit_status(0);
                return iced::exit();
            }
            (_, Message::Fatal(cause)) => {
                self.out_of_order(&cause);
                Action::None
            }
            (_, Message::Restart) => {
                super::fatal::set_exit_status(super::fatal::EXIT_FATAL);
                return iced::exit();
            }
            (_, Message::ReadAloud) => {
                if self.speaker.is_speaking() {
                    tracing::debug!(step = "read aloud", "stop");
                    return self.stop_speaking();
                }
                if self.confidential_page() {
                    tracing::debug!(step = "read aloud", "confidential: asking first");
                    self.confirm_speech = true;
                    return Task::none();
                }
                tracing::debug!(step = "read aloud", lang = %self.lang);
                return self.read_screen();
            }
            (_, Message::ReadAloudConfirm(answer)) => {
                if !std::mem::take(&mut self.confirm_speech) {
                    return Task::none();
                }
                if answer == read_aloud_confirm::Message::No {
                    tracing::debug!(step = "read aloud", "confidential: no");
                    return Task::none();
                }
                tracing::debug!(step = "read aloud", lang = %self.lang, "confidential: yes");
                // The question is gone before the screen is read.
                return self.read_screen();
            }
            (_, Message::Speak(text)) => {
                let Some(voice) = self.voice().map(str::to_string) else {
                    return Task::none();
                };
                let speaker = self.speaker.clone();
                return Task::future(async move { speaker.speak(&voice, &text).await }).discard();
            }
            (_, Message::Voices(voices)) => {
                tracing::info!(
                    languages = ?self
                        .config
                        .kiosk
                        .languages
                        .iter()
                        .filter(|l| voices.has(l))
                        .collect::<Vec<_>>(),
                    "read aloud"
                );
                self.voices = voices;
                Action::None
            }
            (_, Message::OpenAccess) => {
                tracing::debug!(step = "access", "panel");
                self.access_open = true;
                Action::None
            }
            (_, Message::Access(m)) => {
                match access::update(self.access, m) {
                    access::Outcome::Changed(a) => {
                        tracing::debug!(step = "access", ?a);
                        self.access = a;
                    }
                    access::Outcome::Close => self.access_open = false,
                }
                Action::None
            }
            (_, Message::Idle(idle::Message::MoreTime)) => {
                tracing::debug!(step = "idle", "more time");
                Action::None
            }
            (_, Message::Resized(size)) => {
                // `size` is in layout pixels at the scale of the moment.
                self.screen_height = size.height * self.scale_factor();
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
            (_, Message::WorkerStopped) => {
                tracing::error!("a background worker (outbox, hub sync or purge) stopped");
                Action::None
            }
            (_, Message::ContentChanged(content)) => {
                self.pending_content = Some(content);
                Action::None
            }
            (screen, Message::CheckedIn(result)) => {
                match result {
                    Ok(delivered) => {
                        tracing::debug!(step = "checkin", delivered);
                        if let Screen::Arrival(a) = screen {
                            a.settle(delivered);
                        }
                    }
                    Err(cause) => self.out_of_order(&cause),
                }
                Action::None
            }
            (Screen::Welcome(s), Message::Welcome(m)) => s.update(m),
            (Screen::Purposes(s), Message::Purposes(m)) => s.update(m),
            (Screen::Destination(s), Message::Destination(m)) => s.update(m),
            (Screen::FindUnit(s), Message::FindUnit(m)) => s.update(m),
            (Screen::FindOfficer(s), Message::FindOfficer(m)) => s.update(m),
            (Screen::Search(s), Message::Search(m)) => s.update(m),
            (Screen::VisitorName(s), Message::VisitorName(m)) => s.update(m, &lang),
            (Screen::Confirm(s), Message::Confirm(m)) => s.update(m),
            (Screen::Arrival(s), Message::Arrival(m)) => s.update(m),
            (Screen::ErrandList(s), Message::ErrandList(m)) => s.update(m),
            (Screen::Errand(s), Message::Errand(m)) => s.update(m),
            (Screen::Survey(s), Message::Survey(m)) => s.update(m),
            (Screen::Register(s), Message::Register(m)) => s.update(m),
            (Screen::Registered(s), Message::Registered(m)) => s.update(m),
            (screen, Message::FloorAnswer(outcome)) => {
                tracing::debug!(
                    step = "registered",
                    code = matches!(outcome, crate::floor::Outcome::Registered(_))
                );
                if let Screen::Registered(r) = screen {
                    r.settle(outcome);
                }
                Action::None
            }
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
                self.go(Screen::Purposes(purposes::Purposes));
                Task::none()
            }
            Action::OpenPurpose(i) => {
                let Some(purpose) = self.config.purposes.get(i) else {
                    return Task::none();
                };
                tracing::debug!(step = "purpose", purpose = %purpose.id, lang = %self.lang);
                if purpose.flow == Flow::Checkin && !self.directory.officers.is_empty() {
                    // The visit is recorded when the check-in is confirmed.
                    self.go(match self.config.checkin.find {
                        Find::List => Screen::FindUnit(find_unit::FindUnit::default()),
                        Find::Search => Screen::Search(search::Search::default()),
                    });
                    return Task::none();
                }
                if purpose.flow == Flow::Register {
                    // The visit is recorded with the registration.
                    self.go(Screen::Register(register::Register::new(
                        &self.lang,
                        self.config.floor.zones.clone(),
                    )));
                    return Task::none();
                }
                if purpose.flow == Flow::Guidance && !self.guidance.is_empty() {
                    // The visit is recorded with the errand.
                    self.go(Screen::ErrandList(errand_list::ErrandList::default()));
                    return Task::none();
                }
                let visit = Visit::new(&purpose.id, &self.lang);
                self.go(Screen::Destination(destination::Destination::new(i)));
                self.store_task(move |store| store.record_visit(&visit))
            }
            Action::ChoseUnit(unit) => {
                tracing::debug!(step = "unit", unit = %unit);
                self.go(Screen::FindOfficer(find_officer::FindOfficer::new(unit)));
                Task::none()
            }
            Action::ChoseOfficer(i) => {
                let Some(officer) = self.directory.officers.get(i) else {
                    return Task::none();
                };
                if !officer.available {
                    tracing::debug!(step = "officer", available = false);
                    let mut visit = Visit::new(self.checkin_purpose(), &self.lang);
                    visit.checkin_unit = Some(officer.unit.clone());
                    let name = officer.name.clone();
                    self.go(Screen::Arrival(arrival::Arrival::new(
                        name,
                        arrival::Outcome::Away,
                    )));
                    self.back.clear();
                    let floor = self.checkin_unreached(i, crate::floor::Unreached::Away);
                    let recorded = self.store_task(move |store| store.record_visit(&visit));
                    return Task::batch([recorded, floor]);
                }
                tracing::debug!(step = "officer");
                let name = officer.name.clone();
                self.draft = Some(Draft {
                    officer: i,
                    visitor: String::new(),
                });
                if self.config.privacy.visitor_name == VisitorName::None {
                    self.go(Screen::Confirm(confirm::Confirm::new(name)));
                } else {
                    self.go(Screen::VisitorName(visitor_name::VisitorName::new(
                        self.config.privacy.visitor_name,
                        &self.lang,
                    )));
                }
                Task::none()
            }
            Action::NameDone(typed) => {
                tracing::debug!(step = "visitor name", typed = !typed.is_empty());
                let Some(draft) = &mut self.draft else {
                    return Task::none();
                };
                draft.visitor = typed;
                let name = self.directory.officers[draft.officer].name.clone();
                self.go(Screen::Confirm(confirm::Confirm::new(name)));
                Task::none()
            }
            Action::ConfirmCheckin => self.confirm_checkin(),
            Action::OpenErrand(id) => {
                tracing::debug!(step = "errand", errand = %id, lang = %self.lang);
                let mut visit = Visit::new(self.purpose_of(Flow::Guidance, "guidance"), &self.lang);
                visit.errand = Some(id.clone());
                self.guidance_visit = Some(visit.id.clone());
                self.go(Screen::Errand(errand::Errand::new(
                    id,
                    &self.guidance,
                    &self.lang,
                )));
                self.store_task(move |store| store.record_visit(&visit))
            }
            Action::ErrandDone if matches!(self.back.last(), Some(Screen::Registered(_))) => {
                // Started while waiting for a guide: back to the code.
                tracing::debug!(step = "errand done", meanwhile = true);
                self.screen = self
                    .back
                    .pop()
                    .unwrap_or(Screen::Welcome(welcome::Welcome::default()));
                Task::none()
            }
            Action::ErrandDone => {
                tracing::debug!(step = "errand done");
                self.go(Screen::Survey(survey::Survey::after_guidance()));
                Task::none()
            }
            Action::SurveyDone {
                learned,
                self_next_time,
                gender,
            } => {
                let exit =
                    matches!(&self.screen, Screen::Survey(s) if s.origin() == survey::Origin::Exit);
                tracing::debug!(step = "survey", exit, ?learned, ?self_next_time, ?gender);
                self.go(Screen::Arrival(arrival::Arrival::new(
                    String::new(),
                    arrival::Outcome::Thanks,
                )));
                self.back.clear();
                if exit {
                    // A survey answer on its own; nothing at all when
                    // every question was skipped.
                    if learned.is_none() && self_next_time.is_none() && gender.is_none() {
                        return Task::none();
                    }
                    let answer = Visit::survey_answer(&self.lang, learned, self_next_time, gender);
                    return self.store_task(move |store| store.record_visit(&answer));
                }
                let Some(visit) = self.guidance_visit.take() else {
                    return Task::none();
                };
                self.store_task(move |store| {
                    store.record_survey(&visit, learned, self_next_time, gender)
                })
            }
            Action::ExitTile => {
                tracing::debug!(step = "exit survey");
                match self.config.kiosk.languages.as_slice() {
                    // One language: nothing to choose.
                    [lang] => {
                        let lang = lang.clone();
                        self.perform(Action::ExitSurvey { lang })
                    }
                    _ => {
                        self.go(Screen::Welcome(welcome::Welcome::exit()));
                        Task::none()
                    }
                }
            }
            Action::ExitSurvey { lang } => {
                if self.config.kiosk.languages.contains(&lang) {
                    self.lang = lang;
                }
                tracing::debug!(step = "exit survey", lang = %self.lang);
                self.go(Screen::Survey(survey::Survey::exit()));
                Task::none()
            }
            Action::Register(choice) => self.register(choice),
            Action::Meanwhile(id) => {
                tracing::debug!(step = "meanwhile", errand = %id);
                self.go(Screen::Errand(errand::Errand::new(
                    id,
                    &self.guidance,
                    &self.lang,
                )));
                // The walk-in's visit (recorded before its code was shown)
                // is marked once.
                let Some(visit) = self.walk_in_visit.take() else {
                    return Task::none();
                };
                self.store_task(move |store| store.record_meanwhile(&visit))
            }
            Action::Back => {
                tracing::debug!(step = "back");
                self.screen = self
                    .back
                    .pop()
                    .unwrap_or(Screen::Welcome(welcome::Welcome::default()));
                Task::none()
            }
            Action::StartOver => {
                self.reset();
                Task::none()
            }
            Action::ScrollBy(id, dy) => iced::widget::operation::scroll_by(
                iced::widget::Id::new(id),
                iced::widget::operation::AbsoluteOffset {
                    x: 0.0,
                    y: dy as f32,
                },
            ),
        }
    }

    /// Whether the page on screen comes from a guidance bundle marked
    /// `confidential` (read-aloud then asks first).
    fn confidential_page(&self) -> bool {
        match &self.screen {
            Screen::Errand(e) => crate::content::pick(&self.guidance, &self.lang, &e.id)
                .is_some_and(|(bundle, _)| bundle.confidential),
            _ => false,
        }
    }

    /// The text of the screen, to be spoken (see [`App::for_speech`]).
    fn read_screen(&self) -> Task<Message> {
        let spelled = self.spelled();
        super::read_aloud::screen_text(self.ctx().rtl()).map(move |text| {
            Message::Speak(match &spelled {
                Some(s) => s.apply(&text),
                None => text,
            })
        })
    }

    /// Where what is said differs from what is shown: the visitor's code,
    /// spelled letter and digit by digit.
    fn spelled(&self) -> Option<registered::Spelled> {
        match &self.screen {
            Screen::Registered(r) => r.spelled(&self.ctx()),
            _ => None,
        }
    }

    /// What read-aloud says for `text`, the texts gathered from the screen
    /// on show (see [`super::read_aloud::spoken`]).
    pub fn for_speech(&self, text: &str) -> String {
        match self.spelled() {
            Some(s) => s.apply(text),
            None => text.to_string(),
        }
    }

    fn stop_speaking(&self) -> Task<Message> {
        let speaker = self.speaker.clone();
        Task::future(async move { speaker.stop() }).discard()
    }

    /// The id of the (first) purpose with `flow`, for statistics.
    fn purpose_of(&self, flow: Flow, default: &'static str) -> &str {
        self.config
            .purposes
            .iter()
            .find(|p| p.flow == flow)
            .map_or(default, |p| p.id.as_str())
    }

    fn checkin_purpose(&self) -> &str {
        self.purpose_of(Flow::Checkin, "checkin")
    }

    /// Records the check-in (visit + mail, one transaction) and sends the
    /// mail, waiting at most `confirm_within_s` for the relay.
    fn confirm_checkin(&mut self) -> Task<Message> {
        if let Some(desk) = self.checkin_flooded() {
            return desk;
        }
        // What the visitor typed leaves the screens here.
        let Some(draft) = self.draft.take() else {
            return Task::none();
        };
        let officer = self.directory.officers[draft.officer].clone();
        let mut visit = Visit::new(self.checkin_purpose(), &self.lang);
        visit.checkin_unit = Some(officer.unit.clone());
        let arrival_mail = mail::arrival(
            &self.catalog,
            &self.config.mail.from,
            &mail::Arrival {
                officer_name: &officer.name,
                officer_email: &officer.email,
                visitor: mail::visitor_label(self.config.privacy.visitor_name, &draft.visitor),
                arrived_at_ms: visit.at_ms,
                kiosk_id: &self.config.kiosk.id,
                office: &self.config.office,
            },
        );
        self.go(Screen::Arrival(arrival::Arrival::new(
            officer.name.clone(),
            arrival::Outcome::Sending,
        )));
        self.back.clear();
        let unreached = self.checkin_unreached(draft.officer, crate::floor::Unreached::Relay);
        let outgoing = match arrival_mail {
            Ok(m) => m,
            Err(e) => {
                tracing::error!(error = %e, "arrival mail cannot be built");
                return Task::batch([Task::done(Message::CheckedIn(Ok(false))), unreached]);
            }
        };
        let Some(store) = self.store.clone() else {
            return Task::done(Message::CheckedIn(Err("no database".into())));
        };
        // Queued now, behind every visit before it; it may wait in memory
        // for a locked or full database while the mail goes out.
        let mail = outgoing.clone();
        let row = store
            .enqueue(move |s| s.record_checkin(&visit, &mail, Outbox::first_lease_until()))
            .map(|r| r.map_err(|e| e.to_string()))
            .boxed()
            .shared();
        let recorded = Task::perform(row.clone(), |r| Message::Stored(r.map(|_| ())));
        let Some(outbox) = self.outbox.clone() else {
            let desk = Task::done(Message::CheckedIn(Ok(false)));
            return Task::batch([recorded, desk, unreached]);
        };
        let wait = Duration::from_secs(self.config.checkin.confirm_within_s);
        let answer = Task::perform(
            async move { Ok(outbox.deliver_checkin(row, outgoing, wait).await) },
            Message::CheckedIn,
        );
        // Not reached in time: the desk, and the floor, are told.
        let mut unreached = Some(unreached);
        let answer = answer.then(move |m| match m {
            Message::CheckedIn(Ok(true)) => Task::done(m),
            m => Task::batch([Task::done(m), unreached.take().unwrap_or_else(Task::none)]),
        });
        Task::batch([recorded, answer])
    }

    /// Sends the registration (see [`crate::floor::submit`]) and shows the
    /// answer when it comes, within `[floor] confirm_within_s`. The choice
    /// leaves the screens here: only what the answer screen shows is kept.
    fn register(&mut self, choice: crate::floor::Choice) -> Task<Message> {
        tracing::debug!(step = "register", lang = %choice.language, needs = choice.needs.len());
        self.go(Screen::Registered(registered::Registered::sending(
            choice.errand.clone(),
            choice.zone.as_ref().map(|z| z.label.clone()),
        )));
        // No way back into a registration that has been sent.
        self.back.clear();
        // The visit's id, known here for "started meanwhile".
        let visit_id = uuid::Uuid::new_v4().to_string();
        self.walk_in_visit = Some(visit_id.clone());
        let submit = crate::floor::submit_visit(
            visit_id,
            choice,
            self.lang.clone(),
            self.store.clone(),
            self.config.clone(),
            self.catalog.clone(),
        );
        Task::perform(submit, Message::FloorAnswer)
    }

    /// Records, for the hub's floor, a check-in to officer `i` that did not
    /// reach them (no visitor name); nothing without a hub or a database.
    fn checkin_unreached(&self, i: usize, reason: crate::floor::Unreached) -> Task<Message> {
        let (Some(store), Some(officer)) = (self.store.clone(), self.directory.officers.get(i))
        else {
            return Task::none();
        };
        let unit = self.directory.units.iter().find(|u| u.id == officer.unit);
        let unit = unit.map_or(officer.unit.clone(), |u| u.name.clone());
        let run = crate::floor::checkin_unreached(
            store,
            self.config.clone(),
            unit,
            officer.name.clone(),
            reason,
        );
        Task::future(run).discard()
    }

    /// A round of wrong staff PINs: the pad closes, the corner is refused
    /// for a doubling time, and the lockout is logged and stored (for
    /// `entre status`, and for a restart).
    fn staff_lockout(&mut self) -> Task<Message> {
        let now = self.now.max(Instant::now());
        let (lasts, nth) = self.staff_lockouts.lock(now);
        tracing::warn!(
            minutes = lasts.as_secs() / 60,
            lockouts_today = nth,
            "staff exit: three wrong PINs; the corner is locked"
        );
        self.reset();
        let at_ms = crate::store::now_ms();
        let lockout = crate::store::StaffLockout {
            at_ms,
            until_ms: at_ms + lasts.as_millis() as i64,
        };
        self.store_task(move |store| store.record_staff_lockout(lockout))
    }

    /// The 4th check-in to one officer within 10 minutes: no mail and no
    /// name kept, the visitor is sent to the desk, the visit is counted for
    /// statistics as any other. `None`: the check-in goes on to mail.
    fn checkin_flooded(&mut self) -> Option<Task<Message>> {
        let officer = &self.directory.officers[self.draft.as_ref()?.officer];
        let now = self.now.max(Instant::now());
        if self.checkin_flood.allow(&officer.email, now) {
            return None;
        }
        tracing::warn!(
            unit = %officer.unit,
            officer = %officer.email,
            limit = super::checkin_flood::LIMIT,
            "check-in flood: the officer was told too often within 10 minutes; \
             the visitor is sent to the desk, no mail"
        );
        let name = officer.name.clone();
        let mut visit = Visit::new(self.checkin_purpose(), &self.lang);
        visit.checkin_unit = Some(officer.unit.clone());
        // What the visitor typed is dropped here, unsent.
        self.draft = None;
        self.go(Screen::Arrival(arrival::Arrival::new(
            name,
            arrival::Outcome::AskDesk,
        )));
        self.back.clear();
        Some(self.store_task(move |store| store.record_visit(&visit)))
    }

    /// Leaves the staff-exit marker where the service unit looks for it
    /// (`$RUNTIME_DIRECTORY/staff-exit`: the kiosk then stays closed until a
    /// reboot or until IT removes it), then closes the kiosk.
    fn staff_exit_task() -> Task<Message> {
        Task::perform(
            async {
                let dir = crate::status::Env::from_process().runtime_dir;
                let marker = dir.join(crate::status::STAFF_EXIT_FILE);
                if let Err(e) = tokio::fs::write(&marker, b"closed by staff\n").await {
                    tracing::error!(file = %marker.display(), error = %e, "cannot leave the staff-exit marker");
                }
            },
            |()| Message::StaffExit,
        )
    }

    /// Queues a store write behind the ones before it (now, in order); it
    /// is written off the UI, and waits in memory while the database is
    /// locked or full. [`Message::Stored`] says when it is in, or why it
    /// never will be.
    fn store_task(
        &self,
        f: impl FnMut(&Store) -> Result<(), StoreError> + Send + 'static,
    ) -> Task<Message> {
        let Some(store) = self.store.clone() else {
            return Task::none();
        };
        let write = store.enqueue(f);
        Task::perform(
            async move { write.await.map_err(|e| e.to_string()) },
            Message::Stored,
        )
    }

    pub fn view(&self) -> Element<'_, Message> {
        #[cfg(feature = "test-panic")]
        super::fatal::test_panic("view", self.fatal);
        let ctx = self.ctx();
        let dir = &self.directory;
        let screen: Element<'_, Message> = match &self.screen {
            Screen::Welcome(s) => s.view(&ctx).map(Message::Welcome),
            Screen::Purposes(s) => s.view(&ctx).map(Message::Purposes),
            Screen::Destination(s) => s.view(&ctx).map(Message::Destination),
            Screen::FindUnit(s) => s.view(&ctx, dir).map(Message::FindUnit),
            Screen::FindOfficer(s) => s.view(&ctx, dir).map(Message::FindOfficer),
            Screen::Search(s) => s.view(&ctx, dir).map(Message::Search),
            Screen::VisitorName(s) => s.view(&ctx).map(Message::VisitorName),
            Screen::Confirm(s) => s.view(&ctx).map(Message::Confirm),
            Screen::Arrival(s) => s.view(&ctx).map(Message::Arrival),
            Screen::ErrandList(s) => s.view(&ctx, &self.guidance).map(Message::ErrandList),
            Screen::Errand(s) => s.view(&ctx, &self.guidance).map(Message::Errand),
            Screen::Survey(s) => s.view(&ctx).map(Message::Survey),
            Screen::Register(s) => s.view(&ctx, &self.guidance).map(Message::Register),
            Screen::Registered(s) => {
                let has_steps = s.errand().is_some_and(|id| {
                    crate::content::pick(&self.guidance, &self.lang, id).is_some()
                });
                s.view(&ctx, has_steps).map(Message::Registered)
            }
            Screen::Staff(s) => s.view(&ctx).map(Message::Staff),
            Screen::OutOfOrder => out_of_order::view(&ctx),
        };
        let mut layers = vec![screen];
        if !matches!(self.screen, Screen::OutOfOrder) {
            if self.access_open {
                layers.push(access::view(&ctx).map(Message::Access));
            } else {
                let speak = self.voice().map(|_| Message::ReadAloud);
                layers.push(tools(&ctx, speak, Message::OpenAccess));
            }
        }
        if self.confirm_speech {
            layers.push(read_aloud_confirm::view(&ctx).map(Message::ReadAloudConfirm));
        }
        if let Some(left) = self.idle_warning() {
            layers.push(idle::view(&ctx, left).map(Message::Idle));
        }
        if self.staff_pin.is_some() {
            // The hidden staff corner, over everything.
            layers.push(
                iced::widget::container(
                    iced::widget::mouse_area(
                        iced::widget::space()
                            .width(STAFF_CORNER)
                            .height(STAFF_CORNER),
                    )
                    .on_press(Message::CornerPressed)
                    .on_release(Message::CornerReleased)
                    .on_exit(Message::CornerReleased),
                )
                .align_left(iced::Length::Fill)
                .align_top(iced::Length::Fill)
                .into(),
            );
        }
        let content: Element<'_, Message> = iced::widget::Stack::with_children(layers)
            .width(iced::Length::Fill)
            .height(iced::Length::Fill)
            .into();
        if self.config.kiosk.fullscreen {
            HiddenCursor::new(content).into()
        } else {
            content
        }
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let mut subs = vec![
            Subscription::run(super::fatal::reports).map(Message::Fatal),
            event::listen_with(activity),
            window::close_requests().map(Message::CloseRequested),
            window::resize_events().map(|(_, size)| Message::Resized(size)),
        ];
        // No clock while nothing of a visit is on screen: the kiosk idles
        // at no CPU on its welcome screen. During a visit, one tick when
        // something is due, and a tick a second only for the countdown (or
        // a held corner): every message makes iced present the window.
        if !self.at_rest() {
            subs.push(match self.next_due() {
                Some(due) => Subscription::run_with(due, tick_at).map(Message::Tick),
                None => iced::time::every(Duration::from_secs(1)).map(Message::Tick),
            });
        }
        Subscription::batch(subs)
    }

    /// When the clock is next needed during a visit: the idle warning, or
    /// the arrival screen's return to the start. `None` while the warning
    /// counts down or the staff corner is held (a tick every second).
    fn next_due(&self) -> Option<Instant> {
        if self.corner_held.is_some() || self.idle_warning().is_some() {
            return None;
        }
        let warning = self.last_activity + self.idle_timeout();
        let done = match &self.screen {
            Screen::Arrival(a) => a
                .since
                .map(|since| since + Duration::from_secs(self.config.checkin.done_after_s)),
            _ => None,
        };
        Some(done.map_or(warning, |done| done.min(warning)))
    }
}

/// One tick at `due` (a new `due` is a new subscription).
fn tick_at(due: &Instant) -> impl iced::futures::Stream<Item = Instant> + use<> {
    let due = *due;
    iced::futures::stream::once(async move {
        tokio::time::sleep_until(due.into()).await;
        Instant::now()
    })
}

fn activity(event: Event, _status: event::Status, _window: window::Id) -> Option<Message> {
    match event {
        Event::Mouse(mouse::Event::ButtonPressed(_))
        | Event::Touch(touch::Event::FingerPressed { .. })
        | Event::Keyboard(keyboard::Event::KeyPressed { .. }) => Some(Message::Activity),
        Event::Mouse(mouse::Event::ButtonReleased(_))
        | Event::Touch(touch::Event::FingerLifted { .. } | touch::Event::FingerLost { .. }) => {
            Some(Message::Lifted)
        }
        _ => None,
    }
}
