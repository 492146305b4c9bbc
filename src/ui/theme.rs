//! Colours, sizes and styles of the kiosk. Sizes follow the public-kiosk
//! rules in DESIGN.md: targets ≥ 80 px, body text 28–32 px, contrast ≥ 4.5:1.

use iced::widget::{button, container, svg};
use iced::{Background, Border, Color, Font, Shadow, Theme, color, font};

pub const BACKGROUND: Color = color!(0xF6F4EF);
pub const SURFACE: Color = color!(0xFFFFFF);
pub const TEXT: Color = color!(0x1B1B1B);
pub const MUTED: Color = color!(0x4A4A4A);
pub const PRIMARY: Color = color!(0x0B4F8A);
pub const PRIMARY_PRESSED: Color = color!(0x083A66);
pub const ON_PRIMARY: Color = color!(0xFFFFFF);
pub const WARNING: Color = color!(0x8A3B00);
pub const BACKDROP: Color = Color {
    r: 0.0,
    g: 0.0,
    b: 0.0,
    a: 0.6,
};

/// Body text.
pub const BODY: f32 = 30.0;
/// Screen titles.
pub const TITLE: f32 = 46.0;
/// Labels on big tiles.
pub const TILE_TEXT: f32 = 32.0;
/// Minimum height of anything tappable.
pub const TARGET: f32 = 96.0;
/// Space between tappable things.
pub const GAP: f32 = 24.0;
pub const ICON: f32 = 72.0;

pub const FONT: Font = Font::with_name("Noto Sans");
pub const BOLD: Font = Font {
    weight: font::Weight::Bold,
    ..FONT
};

/// The kiosk's theme. `repaint` alternates the window's clear colour by
/// one step of blue (never visible: every screen paints its own background
/// over it).
///
/// Why: iced 0.14's tiny-skia compositor redraws only the regions it
/// computes as damaged, and those regions miss pixels drawn outside a
/// primitive's bounds (shaped Arabic glyphs, shadows), which then stay on
/// screen after a navigation. A changed clear colour makes the compositor
/// redraw the whole window, so the app flips it on every screen change.
pub fn theme(repaint: bool) -> Theme {
    let background = if repaint {
        Color {
            b: BACKGROUND.b - 1.0 / 255.0,
            ..BACKGROUND
        }
    } else {
        BACKGROUND
    };
    Theme::custom(
        "Entré".to_string(),
        iced::theme::Palette {
            background,
            text: TEXT,
            primary: PRIMARY,
            success: color!(0x1E6B34),
            warning: WARNING,
            danger: color!(0xA4161A),
        },
    )
}

pub fn screen(_: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(BACKGROUND)),
        text_color: Some(TEXT),
        ..container::Style::default()
    }
}

pub fn card(_: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(SURFACE)),
        text_color: Some(TEXT),
        border: Border {
            color: PRIMARY,
            width: 3.0,
            radius: 16.0.into(),
        },
        ..container::Style::default()
    }
}

pub fn backdrop(_: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(BACKDROP)),
        ..container::Style::default()
    }
}

/// A big tile: white with a strong outline; filled while pressed.
pub fn tile(_: &Theme, status: button::Status) -> button::Style {
    let pressed = matches!(status, button::Status::Pressed);
    button::Style {
        background: Some(Background::Color(if pressed { PRIMARY } else { SURFACE })),
        text_color: if pressed { ON_PRIMARY } else { TEXT },
        border: Border {
            color: PRIMARY,
            width: 3.0,
            radius: 16.0.into(),
        },
        shadow: Shadow::default(),
        snap: true,
    }
}

/// The main action on a screen: filled.
pub fn primary(_: &Theme, status: button::Status) -> button::Style {
    let pressed = matches!(status, button::Status::Pressed);
    button::Style {
        background: Some(Background::Color(if pressed {
            PRIMARY_PRESSED
        } else {
            PRIMARY
        })),
        text_color: ON_PRIMARY,
        border: Border {
            color: PRIMARY_PRESSED,
            width: 3.0,
            radius: 16.0.into(),
        },
        shadow: Shadow::default(),
        snap: true,
    }
}

/// Icons take the colour of the text around them.
pub fn icon(color: Color) -> impl Fn(&Theme, svg::Status) -> svg::Style {
    move |_, _| svg::Style { color: Some(color) }
}
