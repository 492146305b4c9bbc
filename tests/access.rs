//! The accessibility panel as a visitor uses it: one tap away on every
//! screen, settings for this visit only, more time (WCAG 2.2.1), and how
//! each mode looks (snapshots; the sv/fi/ar large-text ones are kept as
//! PNG images too, to be looked at).

mod common;

use std::time::Duration;

use common::{demo_app, set_viewport, shows, snapshot, t, tap, tap_id};
use entre::ui::widget::ACCESS_ID;
use entre::ui::{Message, Screen};

fn later(s: u64) -> iced::time::Instant {
    iced::time::Instant::now() + Duration::from_secs(s)
}

#[test]
fn the_panel_switches_each_mode_on_and_off_and_a_reset_forgets_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    // A 1080p kiosk screen.
    let _ = app.update(Message::Resized(iced::Size::new(1920.0, 1080.0)));
    // On the welcome screen already, before a language is chosen.
    tap_id(&mut app, ACCESS_ID);
    assert!(shows(&app, &t("sv", "access-title")));
    tap(&mut app, &t("sv", "access-contrast"));
    assert!(app.access().high_contrast);
    tap(&mut app, &t("sv", "access-done"));
    assert!(!shows(&app, &t("sv", "access-title")));
    tap(&mut app, "English");
    // And on a screen of a flow, in the visitor's language.
    tap_id(&mut app, ACCESS_ID);
    tap(&mut app, &t("en", "access-large-text"));
    tap(&mut app, &t("en", "access-reach"));
    tap(&mut app, &t("en", "access-contrast"));
    let a = app.access();
    assert!(a.large_text && a.reach && !a.high_contrast, "{a:?}");
    assert_eq!(app.scale_factor(), 1.5);
    tap(&mut app, &t("en", "access-done"));
    // The window (now 1280×720 layout pixels) is as high as before.
    let _ = app.update(Message::Resized(iced::Size::new(1280.0, 720.0)));
    assert_eq!(app.scale_factor(), 1.5);
    assert!(shows(&app, &t("en", "purpose-title")));

    // The next visitor gets the kiosk as it was.
    let _ = app.update(Message::Tick(later(24 * 3600)));
    assert!(matches!(app.screen(), Screen::Welcome(_)));
    assert_eq!(app.access(), Default::default());
    assert_eq!(app.scale_factor(), 1.0);
    assert!(!shows(&app, &t("sv", "access-title")));
}

#[test]
fn large_text_in_a_lower_window_is_as_large_as_fits() {
    let dir = tempfile::tempdir().unwrap();
    // The demo window, 800 px high: 720 layout pixels need a scale ≤ 1.11.
    let mut app = demo_app(dir.path());
    tap_id(&mut app, ACCESS_ID);
    tap(&mut app, &t("sv", "access-large-text"));
    assert!(
        (app.scale_factor() - 800.0 / 720.0).abs() < 0.01,
        "{}",
        app.scale_factor()
    );
    // A 1366×768 kiosk screen.
    let _ = app.update(Message::Resized(iced::Size::new(
        1366.0 / app.scale_factor(),
        768.0 / app.scale_factor(),
    )));
    assert!(
        (app.scale_factor() - 768.0 / 720.0).abs() < 0.01,
        "{}",
        app.scale_factor()
    );
}

#[test]
fn more_time_can_be_asked_for_again_and_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    tap(&mut app, "Svenska");
    tap(&mut app, &t("sv", "purpose-computer"));
    for round in 1..=12 {
        let _ = app.update(Message::Tick(later(91)));
        assert!(app.idle_warning().is_some(), "round {round}: no warning");
        tap(&mut app, &t("sv", "idle-more-time"));
        assert_eq!(app.idle_warning(), None, "round {round}");
        assert!(
            shows(&app, &t("sv", "info-computer")),
            "round {round}: the visitor is still where they were"
        );
    }
}

#[test]
fn large_text_and_reach_mode_double_the_time() {
    for mode in ["access-large-text", "access-reach"] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = demo_app(dir.path());
        tap(&mut app, "Svenska");
        let _ = app.update(Message::Tick(later(91)));
        assert!(app.idle_warning().is_some(), "{mode}: 90 s by default");
        tap(&mut app, &t("sv", "idle-more-time"));
        tap_id(&mut app, ACCESS_ID);
        tap(&mut app, &t("sv", mode));
        tap(&mut app, &t("sv", "access-done"));
        assert_eq!(app.idle_timeout(), Duration::from_secs(180), "{mode}");
        let _ = app.update(Message::Tick(later(170)));
        assert_eq!(app.idle_warning(), None, "{mode}: still within 180 s");
        let _ = app.update(Message::Tick(later(181)));
        assert!(app.idle_warning().is_some(), "{mode}: warned after 180 s");
    }
}

/// The screens of a visit in one mode and language, as snapshots.
fn snapshots(mode: &str, size: (f32, f32), lang: &str, lang_name: &str) -> Vec<String> {
    set_viewport(size);
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    let mut failed = Vec::new();
    let mut snap = |app: &entre::ui::App, screen: &str| {
        let name = format!("access-{mode}-{screen}-{lang}");
        if !snapshot(app, &name) {
            failed.push(name);
        }
    };
    // Switches the mode on (on the welcome screen) and starts a visit.
    let start = |app: &mut entre::ui::App, snap: &mut dyn FnMut(&entre::ui::App, &str)| {
        tap_id(app, ACCESS_ID);
        tap(app, &t("sv", &format!("access-{mode}")));
        snap(app, "panel");
        tap(app, &t("sv", "access-done"));
        tap(app, lang_name);
    };
    start(&mut app, &mut |app, screen| {
        if lang == "sv" {
            snap(app, screen)
        }
    });
    snap(&app, "purposes");
    // The panel in the visitor's language.
    tap_id(&mut app, ACCESS_ID);
    snap(&app, "panel-open");
    tap(&mut app, &t(lang, "access-done"));
    tap(&mut app, &t(lang, "purpose-guidance"));
    snap(&app, "errands");
    // The longest texts: an errand page.
    let _ = app.update(Message::ErrandList(
        entre::ui::screen::errand_list::Message::Chose("debt-advice".into()),
    ));
    snap(&app, "errand");
    // A new visit in the same mode: the list of units.
    let _ = app.update(Message::Tick(later(24 * 3600)));
    start(&mut app, &mut |_, _| {});
    tap(&mut app, &t(lang, "purpose-checkin"));
    snap(&app, "units");
    failed
}

#[test]
fn each_mode_looks_as_committed() {
    let mut failed = Vec::new();
    // Large text: a 1080p screen at 1.5× is 1280×720 layout pixels.
    for (lang, name) in [("sv", "Svenska"), ("fi", "Suomi"), ("ar", "العربية")] {
        failed.extend(snapshots("large-text", (1280.0, 720.0), lang, name));
    }
    for (lang, name) in [("sv", "Svenska"), ("ar", "العربية"), ("ti", "ትግርኛ")] {
        failed.extend(snapshots("contrast", (1280.0, 800.0), lang, name));
        failed.extend(snapshots("reach", (1920.0, 1080.0), lang, name));
    }
    assert!(failed.is_empty(), "changed: {failed:?}");
}

#[test]
fn the_speaker_shows_only_for_a_language_with_a_voice_and_reads_the_screen_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    let voices = entre::speech::Voices::from_pairs([("sv", "sv"), ("ar", "ar")]);
    let _ = app.update(Message::Voices(voices));
    let speaker_shown = |app: &entre::ui::App| common::find_id(app, entre::ui::widget::SPEAK_ID);
    assert!(speaker_shown(&app), "Swedish has a voice");
    tap(&mut app, "ትግርኛ");
    assert!(!speaker_shown(&app), "Tigrinya has none: no button");
    let _ = app.update(Message::Tick(later(24 * 3600)));
    tap(&mut app, "العربية");
    assert!(speaker_shown(&app));
    // What it reads: the title first, then the tiles, right to left.
    let texts = common::texts_with_bounds(&app);
    let spoken = entre::ui::read_aloud::reading_order(texts, true);
    let lines: Vec<&str> = spoken.lines().collect();
    assert_eq!(lines[0], format!("{}.", t("ar", "purpose-title")));
    assert_eq!(lines[1], format!("{}.", t("ar", "purpose-checkin")));
    assert_eq!(lines[2], format!("{}.", t("ar", "purpose-guidance")));
}
