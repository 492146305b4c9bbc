//! WCAG 2.2 contrast of every text/background and control/background pair
//! of each look: text ≥ 4.5:1 and control outlines ≥ 3:1 in the default
//! look, everything ≥ 7:1 in high contrast.

use entre::ui::theme::{Colors, DEFAULT, HIGH_CONTRAST};
use iced::Color;

/// Relative luminance (WCAG 2.2, sRGB).
fn luminance(c: Color) -> f64 {
    let lin = |v: f32| {
        let v = f64::from(v);
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b)
}

fn ratio(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// (what, foreground, background) for every text drawn by the kiosk.
fn text_pairs(c: &Colors) -> Vec<(&'static str, Color, Color)> {
    vec![
        ("text on background", c.text, c.background),
        ("text on tile/card", c.text, c.surface),
        ("secondary text on background", c.muted, c.background),
        ("secondary text on card", c.muted, c.surface),
        (
            "text on pressed tile / filled button",
            c.on_primary,
            c.primary,
        ),
        ("text on pressed main button", c.surface, c.primary_pressed),
        ("text on an order key", c.text, c.key_tint),
        ("alert on background", c.warning, c.background),
        ("alert on card", c.warning, c.surface),
        ("icon on tile", c.primary, c.surface),
    ]
}

/// (what, outline, what is around it) for every control edge.
fn control_pairs(c: &Colors) -> Vec<(&'static str, Color, Color)> {
    vec![
        ("tile outline on background", c.primary, c.background),
        ("tile outline on card", c.primary, c.surface),
        ("filled button on background", c.primary, c.background),
        ("filled button on card", c.primary, c.surface),
    ]
}

fn check(name: &str, c: &Colors, text_min: f64, control_min: f64) -> Vec<String> {
    let mut problems = Vec::new();
    for (what, fg, bg) in text_pairs(c) {
        let r = ratio(fg, bg);
        if r < text_min {
            problems.push(format!(
                "{name}: {what} is {r:.2}:1 (at least {text_min}:1)"
            ));
        }
    }
    for (what, fg, bg) in control_pairs(c) {
        let r = ratio(fg, bg);
        if r < control_min {
            problems.push(format!(
                "{name}: {what} is {r:.2}:1 (at least {control_min}:1)"
            ));
        }
    }
    problems
}

#[test]
fn the_default_look_meets_wcag_aa() {
    let problems = check("default", &DEFAULT, 4.5, 3.0);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn high_contrast_reaches_seven_to_one_everywhere() {
    let problems = check("high contrast", &HIGH_CONTRAST, 7.0, 7.0);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_formula_matches_known_values() {
    let black = Color::BLACK;
    let white = Color::WHITE;
    assert!((ratio(black, white) - 21.0).abs() < 0.01);
    assert!((ratio(white, white) - 1.0).abs() < 1e-9);
    // #767676 on white is the classic 4.54:1.
    let grey = iced::color!(0x767676);
    assert!((ratio(grey, white) - 4.54).abs() < 0.01);
    // And the check does fail on a poor pair.
    let poor = Colors {
        muted: iced::color!(0xAAAAAA),
        ..DEFAULT
    };
    assert!(!check("poor", &poor, 4.5, 3.0).is_empty());
}
