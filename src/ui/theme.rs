//! Colours, sizes and styles of the kiosk. Sizes follow the public-kiosk
//! rules in DESIGN.md: targets ≥ 80 px, body text 28–32 px, contrast ≥ 4.5:1.

use iced::widget::{button, container, svg};
use iced::{Background, Border, Color, Font, Shadow, Theme, color, font};

/// The colours of one look of the kiosk. Every text and control colour is
/// listed here, so that `tests/contrast.rs` can check each pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colors {
    pub background: Color,
    /// Tiles and cards.
    pub surface: Color,
    pub text: Color,
    /// Secondary text.
    pub muted: Color,
    /// Outlines, icons, filled buttons.
    pub primary: Color,
    pub primary_pressed: Color,
    /// Text on `primary`.
    pub on_primary: Color,
    /// Alerts: "ask at the desk", "out of order".
    pub warning: Color,
    /// Keys that are not letters, and the pressed key.
    pub key_tint: Color,
    /// Behind a dialog (translucent).
    pub backdrop: Color,
}

/// The default look: dark text on warm white, blue controls. Text ≥ 4.5:1,
/// control outlines ≥ 3:1 (WCAG 2.2 1.4.3, 1.4.11).
pub const DEFAULT: Colors = Colors {
    background: color!(0xF6F4EF),
    surface: color!(0xFFFFFF),
    text: color!(0x1B1B1B),
    muted: color!(0x4A4A4A),
    primary: color!(0x0B4F8A),
    primary_pressed: color!(0x083A66),
    on_primary: color!(0xFFFFFF),
    warning: color!(0x8A3B00),
    key_tint: color!(0xDCE8F5),
    backdrop: Color {
        r: 0.0,
        g: 0.0,
        b: 0.0,
        a: 0.6,
    },
};

/// High contrast: white text and yellow controls on black, every pair
/// ≥ 7:1 (WCAG 2.2 1.4.6).
pub const HIGH_CONTRAST: Colors = Colors {
    background: color!(0x000000),
    surface: color!(0x000000),
    text: color!(0xFFFFFF),
    muted: color!(0xFFFFFF),
    primary: color!(0xFFD400),
    primary_pressed: color!(0xFFFFFF),
    on_primary: color!(0x000000),
    warning: color!(0xFFD400),
    key_tint: color!(0x1F1F1F),
    backdrop: Color {
        r: 0.0,
        g: 0.0,
        b: 0.0,
        a: 0.85,
    },
};

/// The smallest text anywhere: at 1.5× (large text) its capital H is
/// 0.714 × 39 px ≈ 28 px ≈ 7 mm on a 22" 1080p screen (0.254 mm a pixel).
pub const SMALL: f32 = 26.0;
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

/// The kiosk's theme for the colours `c`.
pub fn theme(c: &Colors) -> Theme {
    Theme::custom(
        "Entré".to_string(),
        iced::theme::Palette {
            background: c.background,
            text: c.text,
            primary: c.primary,
            success: color!(0x1E6B34),
            warning: c.warning,
            danger: color!(0xA4161A),
        },
    )
}

/// The window's clear colour and default text colour. `repaint` shifts the
/// clear colour by up to seven steps of blue (never visible: every screen
/// paints its own background over it).
///
/// Why: iced 0.14's tiny-skia compositor redraws only the regions it
/// computes as damaged, and those regions miss pixels drawn outside a
/// primitive's bounds (shaped Arabic glyphs, shadows, the anti-aliased
/// rounded corners of a key that was pressed), which then stay on screen.
/// A clear colour that differs from the last frame's makes the compositor
/// redraw the whole window, so the app advances `repaint` on every change
/// of what is on screen and every lifted finger. Eight colours, not two: a
/// tap brings several updates before one frame, and an even number of
/// flips between two colours would cancel out. The theme's palette stays
/// as it is: colours derived from it (scrollbars, QR codes) never shift.
pub fn style(repaint: u8, c: &Colors) -> iced::theme::Style {
    let step = f32::from(repaint % 8) / 255.0;
    let b = c.background.b;
    iced::theme::Style {
        background_color: Color {
            b: if b > 0.5 { b - step } else { b + step },
            ..c.background
        },
        text_color: c.text,
    }
}

pub fn screen(c: &'static Colors) -> impl Fn(&Theme) -> container::Style {
    move |_| container::Style {
        background: Some(Background::Color(c.background)),
        text_color: Some(c.text),
        ..container::Style::default()
    }
}

pub fn card(c: &'static Colors) -> impl Fn(&Theme) -> container::Style {
    move |_| container::Style {
        background: Some(Background::Color(c.surface)),
        text_color: Some(c.text),
        border: Border {
            color: c.primary,
            width: 3.0,
            radius: 16.0.into(),
        },
        ..container::Style::default()
    }
}

pub fn backdrop(c: &'static Colors) -> impl Fn(&Theme) -> container::Style {
    move |_| container::Style {
        background: Some(Background::Color(c.backdrop)),
        ..container::Style::default()
    }
}

/// A big tile: surface with a strong outline; filled while pressed.
pub fn tile(c: &'static Colors) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |_, status| tile_style(c, status)
}

/// [`tile`]'s style for one status.
pub fn tile_style(c: &Colors, status: button::Status) -> button::Style {
    let pressed = matches!(status, button::Status::Pressed);
    button::Style {
        background: Some(Background::Color(if pressed {
            c.primary
        } else {
            c.surface
        })),
        text_color: if pressed { c.on_primary } else { c.text },
        border: Border {
            color: c.primary,
            width: 3.0,
            radius: 16.0.into(),
        },
        shadow: Shadow::default(),
        snap: true,
    }
}

/// The main action on a screen: filled.
pub fn primary(c: &'static Colors) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |_, status| {
        let pressed = matches!(status, button::Status::Pressed);
        button::Style {
            background: Some(Background::Color(if pressed {
                c.primary_pressed
            } else {
                c.primary
            })),
            text_color: if pressed { c.surface } else { c.on_primary },
            border: Border {
                color: c.primary_pressed,
                width: 3.0,
                radius: 16.0.into(),
            },
            shadow: Shadow::default(),
            snap: true,
        }
    }
}

/// Icons take the colour of the text around them.
pub fn icon(color: Color) -> impl Fn(&Theme, svg::Status) -> svg::Style {
    move |_, _| svg::Style { color: Some(color) }
}
