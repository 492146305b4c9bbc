//! The iced front end: turns state into widgets and taps into messages.
//! Nothing here talks to the network or blocks on the disk.

pub mod app;
pub mod checkin_flood;
pub mod fatal;
pub mod read_aloud;
pub mod screen;
pub mod theme;
pub mod widget;

use std::borrow::Cow;
use std::sync::LazyLock;

use fluent_bundle::FluentArgs;

pub use app::{App, Message, Screen};

use crate::config::Config;
use crate::i18n::{self, Catalog, Direction};

/// What a view needs to know besides its own state.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub catalog: &'a Catalog,
    pub config: &'a Config,
    pub lang: &'a str,
    pub access: Access,
    /// The window's scale factor (screen pixels per layout pixel).
    pub scale: f32,
}

/// The accessibility settings of the current visit (all off after a reset).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Access {
    /// White and yellow on black, every pair ≥ 7:1.
    pub high_contrast: bool,
    /// Everything 1.5× larger (the window's scale factor).
    pub large_text: bool,
    /// Every control in the lower part of the screen, for a seated person.
    pub reach: bool,
}

impl Access {
    /// How much larger everything is drawn in large-text mode.
    pub const LARGE_SCALE: f32 = 1.5;

    pub fn colors(&self) -> &'static theme::Colors {
        if self.high_contrast {
            &theme::HIGH_CONTRAST
        } else {
            &theme::DEFAULT
        }
    }

    /// The window's scale factor.
    pub fn scale(&self) -> f32 {
        if self.large_text {
            Self::LARGE_SCALE
        } else {
            1.0
        }
    }
}

impl Ctx<'_> {
    /// The colours of the current look.
    pub fn c(&self) -> &'static theme::Colors {
        self.access.colors()
    }

    pub fn reach(&self) -> bool {
        self.access.reach
    }

    pub fn t(&self, id: &str) -> String {
        self.catalog.text(self.lang, id, None)
    }

    pub fn t_args(&self, id: &str, args: &FluentArgs<'_>) -> String {
        self.catalog.text(self.lang, id, Some(args))
    }

    pub fn rtl(&self) -> bool {
        i18n::direction(self.lang) == Direction::Rtl
    }
}

/// Fonts embedded in the binary (Noto, OFL: assets/fonts/OFL.txt),
/// deflated by build.rs and inflated on first use; in the order of
/// [`font_files`].
pub static FONTS: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    packed_fonts::PACKED_FONTS
        .iter()
        .map(|(_, packed)| crate::packed::inflate(packed))
        .collect()
});

/// The file in `assets/fonts/` each of [`FONTS`] comes from.
pub fn font_files() -> impl Iterator<Item = &'static str> {
    packed_fonts::PACKED_FONTS.iter().map(|(name, _)| *name)
}

mod packed_fonts {
    include!(concat!(env!("OUT_DIR"), "/fonts.rs"));
}

/// The iced settings used by the kiosk and by the tests alike, so that a
/// snapshot shows what a kiosk shows.
pub fn settings() -> iced::Settings {
    iced::Settings {
        fonts: FONTS.iter().map(|f| Cow::Borrowed(f.as_slice())).collect(),
        default_font: theme::FONT,
        default_text_size: iced::Pixels(theme::BODY),
        antialiasing: true,
        ..iced::Settings::default()
    }
}

/// The size of the window when not full screen (the demo).
pub const WINDOW_SIZE: iced::Size = iced::Size::new(1280.0, 800.0);

/// Runs the kiosk window until it is closed (windowed mode) or the process
/// is stopped.
pub fn run(app: App) -> iced::Result {
    let fullscreen = app.fullscreen();
    let window = iced::window::Settings {
        size: WINDOW_SIZE,
        fullscreen,
        decorations: !fullscreen,
        resizable: !fullscreen,
        // Close requests arrive as messages; the app decides.
        exit_on_close_request: false,
        ..iced::window::Settings::default()
    };
    fatal::install_panic_hook();
    let cell = std::cell::RefCell::new(Some(app));
    iced::application(
        move || {
            let app = cell.borrow_mut().take().expect("the kiosk boots once");
            let task = app.boot();
            (app, task)
        },
        App::update_guarded,
        App::view_guarded,
    )
    .title(|_: &App| "Entré".to_string())
    .subscription(App::subscription)
    .theme(App::theme)
    .style(App::style)
    .scale_factor(App::scale_factor)
    .settings(settings())
    .window(window)
    .run()
}
