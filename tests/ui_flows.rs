//! The kiosk as a visitor meets it, through iced's headless simulator.
//! Run with ICED_TEST_BACKEND=tiny-skia (no GPU needed).

mod common;

use std::time::Duration;

use common::{bounds, demo_app, shows, t, tap};
use entre::ui::Message;
use entre::ui::app::Screen;

#[test]
fn welcome_offers_every_language_by_its_own_name() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(dir.path());
    for name in ["Svenska", "English", "العربية", "ትግርኛ"] {
        assert!(shows(&app, name), "{name} on the welcome screen");
    }
    assert!(shows(&app, &t("sv", "welcome-choose-language")));
}

#[test]
fn choosing_arabic_translates_and_mirrors_the_purpose_screen() {
    let dir = tempfile::tempdir().unwrap();

    let mut sv = demo_app(dir.path());
    tap(&mut sv, "Svenska");
    assert!(shows(&sv, &t("sv", "purpose-title")));
    let sv_back = bounds(&sv, &t("sv", "nav-back"));
    let sv_over = bounds(&sv, &t("sv", "nav-start-over"));
    let sv_first = bounds(&sv, &t("sv", "purpose-checkin"));
    let sv_second = bounds(&sv, &t("sv", "purpose-guidance"));
    assert!(sv_back.x < sv_over.x, "Swedish: Back on the left");
    assert!(sv_first.x < sv_second.x, "Swedish: first tile on the left");

    let dir = tempfile::tempdir().unwrap();
    let mut ar = demo_app(dir.path());
    tap(&mut ar, "العربية");
    assert_eq!(ar.language(), "ar");
    assert!(shows(&ar, &t("ar", "purpose-title")), "Arabic title");
    assert!(!shows(&ar, &t("sv", "purpose-title")), "no Swedish left");
    for id in [
        "purpose-checkin",
        "purpose-guidance",
        "purpose-guide",
        "purpose-computer",
        "nav-back",
        "nav-start-over",
    ] {
        assert!(shows(&ar, &t("ar", id)), "{id} in Arabic");
        assert_ne!(t("ar", id), t("sv", id), "{id} is translated");
    }
    let back = bounds(&ar, &t("ar", "nav-back"));
    let over = bounds(&ar, &t("ar", "nav-start-over"));
    let first = bounds(&ar, &t("ar", "purpose-checkin"));
    let second = bounds(&ar, &t("ar", "purpose-guidance"));
    let title = bounds(&ar, &t("ar", "purpose-title"));
    assert!(
        back.x > over.x,
        "Arabic: Back on the right ({back:?} vs {over:?})"
    );
    assert!(first.x > second.x, "Arabic: first tile on the right");
    assert!(
        title.x + title.width > 1280.0 - 80.0,
        "Arabic title placed right: {title:?}"
    );

    // The language holds on the next screen too.
    tap(&mut ar, &t("ar", "purpose-guide"));
    assert!(shows(&ar, &t("ar", "register-errand-title")));
}

#[test]
fn every_purpose_is_reachable_and_has_a_way_back() {
    let dir = tempfile::tempdir().unwrap();
    let config = common::demo_config(dir.path());
    let mut app = common::app_for(config.clone());
    for lang in &config.kiosk.languages {
        let name = common::catalog().language_name(lang);
        for purpose in &config.purposes {
            tap(&mut app, &name);
            tap(&mut app, &t(lang, &purpose.label));
            if purpose.flow == entre::config::Flow::Guidance {
                // The guidance flow has its own tests (tests/guidance.rs).
                assert!(
                    matches!(app.screen(), Screen::ErrandList(_)),
                    "{lang}/{}",
                    purpose.id
                );
                assert!(shows(&app, &t(lang, "guidance-title")));
                tap(&mut app, &t(lang, "nav-back"));
                assert!(shows(&app, &t(lang, "purpose-title")));
                tap(&mut app, &t(lang, "nav-start-over"));
                continue;
            }
            if purpose.flow == entre::config::Flow::Register {
                // The register flow has its own tests (tests/register_flow.rs).
                assert!(
                    matches!(app.screen(), Screen::Register(_)),
                    "{lang}/{}",
                    purpose.id
                );
                assert!(shows(&app, &t(lang, "register-errand-title")));
                tap(&mut app, &t(lang, "nav-back"));
                assert!(shows(&app, &t(lang, "purpose-title")));
                tap(&mut app, &t(lang, "nav-start-over"));
                continue;
            }
            if purpose.flow == entre::config::Flow::Checkin {
                // The check-in flow has its own tests (tests/checkin.rs).
                assert!(
                    matches!(app.screen(), Screen::FindUnit(_)),
                    "{lang}/{}",
                    purpose.id
                );
                assert!(shows(&app, &t(lang, "checkin-units-title")));
                tap(&mut app, &t(lang, "nav-back"));
                assert!(shows(&app, &t(lang, "purpose-title")));
                tap(&mut app, &t(lang, "nav-start-over"));
                continue;
            }
            assert!(
                matches!(app.screen(), Screen::Destination(_)),
                "{lang}/{}",
                purpose.id
            );
            assert!(
                shows(&app, &t(lang, &purpose.info)),
                "{lang}/{}: says where to go",
                purpose.id
            );
            assert!(shows(&app, &t(lang, "nav-start-over")));
            // Back leads to the purposes, Back again to the welcome screen.
            tap(&mut app, &t(lang, "nav-back"));
            assert!(shows(&app, &t(lang, "purpose-title")));
            tap(&mut app, &t(lang, &purpose.label));
            tap(&mut app, &t(lang, "nav-start-over"));
            assert!(matches!(app.screen(), Screen::Welcome(_)));
            assert_eq!(app.language(), "sv", "start over forgets the language");
        }
        tap(&mut app, &name);
        tap(&mut app, &t(lang, "nav-back"));
        assert!(matches!(app.screen(), Screen::Welcome(_)));
    }
}

#[test]
fn idle_reset_warns_then_returns_to_swedish_welcome_and_forgets_the_flow() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    tap(&mut app, "English");
    tap(&mut app, &t("en", "purpose-computer"));
    let start = iced::time::Instant::now();

    // Before the timeout: nothing.
    let _ = app.update(Message::Tick(start + Duration::from_secs(60)));
    assert_eq!(app.idle_warning(), None);

    // After 90 s: the warning, with its countdown and a big button.
    let _ = app.update(Message::Tick(start + Duration::from_secs(91)));
    let left = app.idle_warning().expect("warning shows");
    assert!((18..=20).contains(&left), "{left}");
    assert!(shows(&app, &t("en", "idle-title")));
    assert!(shows(&app, &t("en", "idle-more-time")));

    // "I need more time" gives the visitor the whole time again.
    tap(&mut app, &t("en", "idle-more-time"));
    assert_eq!(app.idle_warning(), None);
    assert!(
        shows(&app, &t("en", "info-computer")),
        "still where they were"
    );

    // No touch at all: warning, then reset.
    let later = iced::time::Instant::now();
    let _ = app.update(Message::Tick(later + Duration::from_secs(95)));
    assert!(app.idle_warning().is_some());
    let _ = app.update(Message::Tick(later + Duration::from_secs(111)));
    assert!(matches!(app.screen(), Screen::Welcome(_)));
    assert_eq!(app.language(), "sv");
    assert_eq!(app.idle_warning(), None);
    assert!(shows(&app, "Svenska"));
    assert!(
        !shows(&app, &t("en", "info-computer")),
        "nothing of the visit is left"
    );
}

#[test]
fn any_touch_counts_as_activity() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    tap(&mut app, "Svenska");
    let _ = app.update(Message::Tick(
        iced::time::Instant::now() + Duration::from_secs(91),
    ));
    assert!(app.idle_warning().is_some());
    let _ = app.update(Message::Activity);
    assert_eq!(app.idle_warning(), None);
}

#[test]
fn a_corrupt_database_shows_out_of_order_in_every_language() {
    let dir = tempfile::tempdir().unwrap();
    let config = common::demo_config(dir.path());
    std::fs::create_dir_all(config.kiosk.database.parent().unwrap()).unwrap();
    std::fs::write(&config.kiosk.database, b"garbage ".repeat(1000)).unwrap();
    let app = common::app_for(config.clone());
    assert!(matches!(app.screen(), Screen::OutOfOrder));
    for lang in &config.kiosk.languages {
        assert!(shows(&app, &t(lang, "out-of-order-title")), "{lang}");
        assert!(shows(&app, &t(lang, "out-of-order-body")), "{lang}");
    }
    assert!(!shows(&app, "Svenska"), "no way into a broken kiosk");
}

#[test]
fn closing_the_window_is_ignored_in_fullscreen_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::demo_config(dir.path());
    let mut windowed = common::app_for(config.clone());
    let close = windowed.update(Message::CloseRequested(iced::window::Id::unique()));
    assert!(close.units() > 0, "a demo window closes");

    config.kiosk.fullscreen = true;
    let mut kiosk = common::app_for(config);
    assert!(kiosk.fullscreen());
    tap(&mut kiosk, "Svenska");
    let ignored = kiosk.update(Message::CloseRequested(iced::window::Id::unique()));
    assert_eq!(ignored.units(), 0, "a kiosk does not close");
    assert!(
        shows(&kiosk, &t("sv", "purpose-title")),
        "and stays where it was"
    );
}

/// Every screen in Swedish, Arabic and Tigrinya, compared with the
/// committed hashes in tests/snapshots/. With ENTRE_SNAPSHOT_PNG=1 the
/// pictures are written as PNG files next to them, to look at.
#[test]
fn screens_match_their_snapshots() {
    let mut mismatched = Vec::new();
    let mut check = |app: &entre::ui::App, name: &str| {
        if !common::snapshot(app, name) {
            mismatched.push(name.to_string());
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    check(&app, "welcome");
    for (lang, name) in [
        ("sv", "Svenska"),
        ("ar", "العربية"),
        ("ti", "ትግርኛ"),
        ("fa", "فارسی"),
        ("uk", "Українська"),
    ] {
        tap(&mut app, name);
        check(&app, &format!("purposes-{lang}"));
        tap(&mut app, &t(lang, "purpose-computer"));
        check(&app, &format!("destination-computer-{lang}"));
        let _ = app.update(Message::Tick(
            iced::time::Instant::now() + Duration::from_secs(95),
        ));
        check(&app, &format!("idle-{lang}"));
        tap(&mut app, &t(lang, "idle-more-time"));
        tap(&mut app, &t(lang, "nav-start-over"));

        tap(&mut app, name);
        tap(&mut app, &t(lang, "purpose-checkin"));
        check(&app, &format!("checkin-units-{lang}"));
        tap(&mut app, "Ekonomiskt bistånd");
        check(&app, &format!("checkin-officers-{lang}"));
        tap(&mut app, "Anna Lind");
        check(&app, &format!("checkin-confirm-{lang}"));
        tap(&mut app, &t(lang, "nav-start-over"));
        tap(&mut app, name);
        tap(&mut app, &t(lang, "purpose-checkin"));
        tap(&mut app, "Budget- och skuldrådgivning");
        tap(&mut app, "Mohammed Haddad");
        check(&app, &format!("checkin-away-{lang}"));
        tap(&mut app, &t(lang, "checkin-done-button"));

        tap(&mut app, name);
        tap(&mut app, &t(lang, "purpose-guidance"));
        check(&app, &format!("guidance-list-{lang}"));
        let (tree, _) = entre::content::check(
            entre::content::embedded()
                .map(|(l, e, s)| (l.to_string(), e.to_string(), format!("{l}/{e}"), s)),
            &[],
            &common::allowed(),
        );
        tap(&mut app, &tree[lang]["preschool"].title);
        check(&app, &format!("guidance-preschool-{lang}"));
        tap(&mut app, &t(lang, "guidance-done"));
        check(&app, &format!("survey-{lang}"));
        tap(&mut app, &t(lang, "survey-yes"));
        tap(&mut app, &t(lang, "survey-no"));
        tap(&mut app, &t(lang, "survey-skip"));
        tap(&mut app, &t(lang, "checkin-done-button"));
    }
    // Typing: the visitor's own keyboard layout, and search.
    let named = tempfile::tempdir().unwrap();
    let config = common::config_from(
        &common::DEMO
            .replace("visitor_name = \"none\"", "visitor_name = \"first_name\"")
            .replace("find = \"list\"", "find = \"search\""),
        named.path(),
    );
    let mut app = common::app_for(config);
    for (lang, name) in [("sv", "Svenska"), ("ar", "العربية"), ("ti", "ትግርኛ")] {
        tap(&mut app, name);
        tap(&mut app, &t(lang, "purpose-checkin"));
        tap(&mut app, "A");
        tap(&mut app, "N");
        check(&app, &format!("checkin-search-{lang}"));
        tap(&mut app, "Anna Lind");
        check(&app, &format!("checkin-name-{lang}"));
        tap(&mut app, &t(lang, "nav-start-over"));
    }
    let broken = tempfile::tempdir().unwrap();
    let config = common::demo_config(broken.path());
    std::fs::create_dir_all(config.kiosk.database.parent().unwrap()).unwrap();
    std::fs::write(&config.kiosk.database, b"garbage ".repeat(1000)).unwrap();
    check(&common::app_for(config), "out-of-order");
    assert!(
        mismatched.is_empty(),
        "screens changed: {mismatched:?} (delete the .sha256 files to accept new ones, after looking at them)"
    );
}

/// The mouse interaction the kiosk asks for with the pointer at `at`.
fn cursor_at(app: &entre::ui::App, at: iced::Point) -> iced::mouse::Interaction {
    use iced::advanced::renderer::Headless;
    use iced_runtime::user_interface::{Cache, State, UserInterface};
    let mut renderer = iced::futures::executor::block_on(<iced::Renderer as Headless>::new(
        entre::ui::theme::FONT,
        iced::Pixels(30.0),
        Some("tiny-skia"),
    ))
    .expect("headless renderer");
    let mut ui = UserInterface::build(
        app.view(),
        iced::Size::new(1280.0, 800.0),
        Cache::default(),
        &mut renderer,
    );
    let mut messages = Vec::new();
    let (state, _) = ui.update(
        &[iced::Event::Mouse(iced::mouse::Event::CursorMoved {
            position: at,
        })],
        iced::mouse::Cursor::Available(at),
        &mut renderer,
        &mut iced::advanced::clipboard::Null,
        &mut messages,
    );
    match state {
        State::Updated {
            mouse_interaction, ..
        } => mouse_interaction,
        State::Outdated => panic!("interface outdated"),
    }
}

#[test]
fn the_cursor_is_hidden_in_fullscreen_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::demo_config(dir.path());
    let windowed = common::app_for(config.clone());
    let over_button = bounds(&windowed, "Svenska").center();
    assert_eq!(
        cursor_at(&windowed, over_button),
        iced::mouse::Interaction::Pointer,
        "the demo window shows a pointer over a button"
    );
    config.kiosk.fullscreen = true;
    let kiosk = common::app_for(config);
    for at in [over_button, iced::Point::new(5.0, 795.0)] {
        assert_eq!(
            cursor_at(&kiosk, at),
            iced::mouse::Interaction::Hidden,
            "at {at:?}"
        );
    }
}

/// The language tiles in a narrow window, where "Choose your language"
/// wraps: every line of every tile is centred, in both directions.
#[test]
fn language_tiles_centre_every_line_in_a_narrow_window() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(dir.path());
    common::set_viewport((900.0, 800.0));
    assert!(
        common::snapshot(&app, "welcome-narrow"),
        "the narrow welcome screen changed (delete its .sha256 after looking at it)"
    );
    // Each line of text (RTL prompts are lines of their own; an LTR
    // prompt is centred line by line inside its block) sits in the middle
    // of its tile.
    let tiles = common::tappables(&app);
    // The exit survey's tile ("How was your visit?") is an icon and text
    // in reading order, not a language tile.
    let sv = std::fs::read_to_string("locales/sv/main.ftl").unwrap();
    let exit_texts: Vec<&str> = sv
        .lines()
        .filter_map(|l| l.strip_prefix("survey-exit"))
        .filter_map(|l| l.split_once(" = ").map(|(_, v)| v))
        .collect();
    assert_eq!(exit_texts.len(), 2, "survey-exit and survey-exit-hint");
    for (b, s) in common::texts_with_bounds(&app) {
        if exit_texts.contains(&s.as_str()) {
            continue;
        }
        let Some(tile) = tiles
            .iter()
            .find(|t| t.contains(b.center()) && t.height > 100.0)
        else {
            continue;
        };
        assert!(
            (b.center().x - tile.center().x).abs() < 2.0,
            "{s:?} at {b:?} is not in the middle of {tile:?}"
        );
    }
}
