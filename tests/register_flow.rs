//! "I want help from a guide" (`flow = "register"`) as a visitor meets it,
//! through iced's headless simulator (ICED_TEST_BACKEND=tiny-skia): the
//! steps in Swedish, Arabic and Tigrinya, Back at every step with the
//! choices kept, the zone step left out without zones, the honest desk
//! message without a hub, the idle reset that wipes the choice, and
//! snapshots of every new screen.
//!
//! SCREEN POINTS (for scripts that tap the real window): see the block
//! below, measured on the demo kiosk.toml, Svenska, 1920x1080 full screen.
// @@SCREEN-POINTS@@

mod common;

use std::time::Duration;

use common::{bounds, demo_app, run_tasks, shows, t, tap, tappables};
use entre::content;
use entre::floor::{Need, Outcome, Registered};
use entre::ui::Message;
use entre::ui::app::{App, Screen};
use entre::ui::screen::register::Step;

const LANGS: [&str; 3] = ["sv", "ar", "ti"];

fn tree() -> content::Tree {
    let (tree, errors) = content::check(
        content::embedded().map(|(l, e, s)| (l.to_string(), e.to_string(), format!("{l}/{e}"), s)),
        &[],
        &common::allowed(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    tree
}

/// The first errand of the guidance: its id and its title in `lang`.
fn first_errand(lang: &str) -> (String, String) {
    let tree = tree();
    let id = content::ordered(tree[content::REFERENCE].keys())[0].clone();
    let (bundle, _) = content::pick(&tree, lang, &id).unwrap();
    (id, bundle.title.clone())
}

/// `app` at step 1 of the register flow in `lang`.
fn open(app: &mut App, lang: &str) {
    tap(app, &common::catalog().language_name(lang));
    tap(app, &t(lang, "purpose-guide"));
    assert_eq!(step(app), Some(Step::Errand), "{lang}");
}

fn step(app: &App) -> Option<Step> {
    match app.screen() {
        Screen::Register(r) => Some(r.step()),
        _ => None,
    }
}

fn choice(app: &App) -> entre::floor::Choice {
    match app.screen() {
        Screen::Register(r) => r.choice().clone(),
        other => panic!("not on the register screens: {other:?}"),
    }
}

fn rtl(lang: &str) -> bool {
    entre::i18n::direction(lang) == entre::i18n::Direction::Rtl
}

/// Back at the reading start, Start over at the reading end, the forward
/// button between them; every target at least 80 px.
fn check_bar_and_targets(app: &App, lang: &str, forward: &str) {
    let back = bounds(app, &t(lang, "nav-back"));
    let over = bounds(app, &t(lang, "nav-start-over"));
    let next = bounds(app, &t(lang, forward));
    if rtl(lang) {
        assert!(back.x > next.x && next.x > over.x, "{lang}: mirrored bar");
    } else {
        assert!(back.x < next.x && next.x < over.x, "{lang}: bar");
    }
    for target in tappables(app) {
        assert!(
            target.width >= 80.0 && target.height >= 80.0,
            "{lang}: target under 80 px: {target:?}"
        );
    }
}

/// The screen title is placed at the reading start.
fn check_title(app: &App, lang: &str, id: &str) {
    let title = common::find_flowing(app, &t(lang, id)).unwrap_or_else(|| panic!("{lang}: {id}"));
    if rtl(lang) {
        assert!(
            title.x + title.width > 1280.0 - 300.0,
            "{lang}: {id} on the right: {title:?}"
        );
    } else {
        assert!(title.x < 200.0, "{lang}: {id} on the left: {title:?}");
    }
}

fn snap(app: &App, name: &str) {
    assert!(common::snapshot(app, name), "snapshot {name} changed");
}

#[test]
fn the_whole_flow_in_swedish_arabic_and_tigrinya_ends_at_the_desk_without_a_hub() {
    let rt = common::rt();
    for lang in LANGS {
        let dir = tempfile::tempdir().unwrap();
        let mut app = demo_app(dir.path());
        open(&mut app, lang);

        // 1. What is it about? The errands as tiles, and "Something else".
        check_title(&app, lang, "register-errand-title");
        assert!(shows(&app, &t(lang, "nav-back")));
        assert!(shows(&app, &t(lang, "nav-start-over")));
        assert!(
            !shows(&app, &t(lang, "register-next")),
            "{lang}: no Next before a choice"
        );
        snap(&app, &format!("register-errand-{lang}"));
        // "Something else" is on the last page.
        common::tap_id(&mut app, entre::ui::widget::NEXT_PAGE_ID);
        assert!(
            common::find_flowing(&app, &t(lang, "register-errand-other")).is_some(),
            "{lang}: Something else"
        );
        common::tap_id(&mut app, entre::ui::widget::PREVIOUS_PAGE_ID);
        let (errand, title) = first_errand(lang);
        common::tap_flowing(&mut app, &title);

        // 2. Which language? The visit's language chosen, Swedish beside it.
        assert_eq!(step(&app), Some(Step::Language), "{lang}");
        check_title(&app, lang, "register-language-title");
        assert!(
            common::find_flowing(&app, &t(lang, "register-language-why")).is_some(),
            "{lang}: why the language is asked"
        );
        assert!(shows(&app, &common::catalog().language_name(lang)));
        if lang != "sv" {
            assert!(shows(&app, &t(lang, "register-language-swedish")));
        }
        assert_eq!(choice(&app).language, lang, "preselected");
        check_bar_and_targets(&app, lang, "register-next");
        snap(&app, &format!("register-language-{lang}"));
        tap(&mut app, &t(lang, "register-next"));

        // 3. Needs: three toggles, all off; Skip or Next.
        assert_eq!(step(&app), Some(Step::Needs), "{lang}");
        check_title(&app, lang, "register-needs-title");
        assert!(choice(&app).needs.is_empty(), "{lang}: all off");
        assert!(shows(&app, &t(lang, "register-skip")));
        check_bar_and_targets(&app, lang, "register-next");
        snap(&app, &format!("register-needs-{lang}"));
        common::tap_flowing(&mut app, &t(lang, "register-need-interpreter"));
        assert_eq!(choice(&app).needs, vec![Need::Interpreter]);
        snap(&app, &format!("register-needs-on-{lang}"));
        tap(&mut app, &t(lang, "register-next"));

        // 4. Zone: the demo's two; the last step registers.
        assert_eq!(step(&app), Some(Step::Zone), "{lang}");
        check_title(&app, lang, "register-zone-title");
        assert!(shows(&app, &t(lang, "zone-computers")));
        common::tap_flowing(&mut app, &t(lang, "zone-sofas"));
        assert_eq!(choice(&app).zone.unwrap().id, "sofas");
        assert!(shows(&app, &t(lang, "register-skip")));
        check_bar_and_targets(&app, lang, "register-submit");
        snap(&app, &format!("register-zone-{lang}"));
        let sent = choice(&app);
        assert_eq!(sent.errand.as_deref(), Some(errand.as_str()));
        assert_eq!(sent.language, lang);

        // 5. Register: no hub in the demo, so the desk at once, honestly.
        for m in common::click(&app, &t(lang, "register-submit")) {
            let task = app.update(m);
            assert!(
                matches!(app.screen(), Screen::Registered(r) if r.outcome().is_none()),
                "{lang}: sending first"
            );
            assert!(
                shows(&app, &t(lang, "register-sending")) || {
                    common::find_flowing(&app, &t(lang, "register-sending")).is_some()
                }
            );
            snap(&app, &format!("register-sending-{lang}"));
            run_tasks(&rt, &mut app, task);
        }
        let Screen::Registered(r) = app.screen() else {
            panic!("{lang}: not on the answer screen");
        };
        assert_eq!(r.outcome(), Some(&Outcome::Desk), "{lang}");
        assert!(
            common::find_flowing(&app, &t(lang, "register-failed")).is_some(),
            "{lang}: the desk message"
        );
        assert!(!common::find_id(
            &app,
            entre::ui::screen::registered::CODE_ID
        ));
        assert!(!shows(&app, &t(lang, "register-meanwhile")), "{lang}");
        assert!(!shows(&app, &t(lang, "nav-back")), "no way back into it");
        snap(&app, &format!("register-desk-{lang}"));
        tap(&mut app, &t(lang, "register-done"));
        assert!(matches!(app.screen(), Screen::Welcome(_)), "{lang}");
        assert_eq!(app.language(), "sv");
    }
}

/// The answer screen with a code, as the hub's answer makes it (the hub
/// itself answers in `a_real_hub_gives_the_code`): the code large, who
/// comes where, how many ahead and the wait; the code read aloud letter
/// and digit by digit; "start meanwhile" opens the errand and comes back.
#[test]
fn the_code_screen_in_swedish_arabic_and_tigrinya() {
    for lang in LANGS {
        let dir = tempfile::tempdir().unwrap();
        let mut app = demo_app(dir.path());
        open(&mut app, lang);
        let (_, title) = first_errand(lang);
        common::tap_flowing(&mut app, &title);
        tap(&mut app, &t(lang, "register-next"));
        tap(&mut app, &t(lang, "register-next"));
        common::tap_flowing(&mut app, &t(lang, "zone-computers"));
        // The registration is sent; the answer is fed in as the hub's.
        for m in common::click(&app, &t(lang, "register-submit")) {
            let _ = app.update(m);
        }
        let _ = app.update(Message::FloorAnswer(Outcome::Registered(Registered {
            code: "K27".into(),
            ahead: 3,
            wait_min: Some(10),
        })));
        let catalog = common::catalog();
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("code", "K27");
        let line = catalog.text(lang, "register-code", Some(&args));
        assert!(
            common::find_flowing(&app, &line).is_some(),
            "{lang}: {line:?}"
        );
        let code = bounds(&app, "K27");
        assert!(code.height >= 150.0, "{lang}: the code is large: {code:?}");
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("zone", t(lang, "zone-computers"));
        let comes = catalog.text(lang, "register-comes-zone", Some(&args));
        assert!(
            common::find_flowing(&app, &comes).is_some(),
            "{lang}: {comes:?}"
        );
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("ahead", 3);
        let ahead = catalog.text(lang, "register-ahead", Some(&args));
        assert!(
            common::find_flowing(&app, &ahead).is_some(),
            "{lang}: {ahead:?}"
        );
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("minutes", 10);
        let wait = catalog.text(lang, "register-wait", Some(&args));
        assert!(
            common::find_flowing(&app, &wait).is_some(),
            "{lang}: {wait:?}"
        );
        assert!(!shows(&app, &t(lang, "register-failed")));
        for target in tappables(&app) {
            assert!(target.width >= 80.0 && target.height >= 80.0, "{target:?}");
        }
        snap(&app, &format!("register-code-{lang}"));

        // Read aloud: the code spelled, the big code not said twice.
        let texts = common::texts_with_bounds(&app);
        let gathered = entre::ui::read_aloud::reading_order(texts, rtl(lang));
        let said = app.for_speech(&gathered);
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("spelled", "K, 2, 7");
        let spelled = catalog.text(lang, "register-code-spoken", Some(&args));
        assert!(said.contains(&spelled), "{lang}: {said:?}");
        assert!(!said.contains(&line), "{lang}: {said:?}");
        assert!(
            !said.split(".\n").any(|l| l.trim() == "K27"),
            "{lang}: {said:?}"
        );

        // Start meanwhile: the errand's page; Back or Done return here.
        common::tap_flowing(&mut app, &t(lang, "register-meanwhile"));
        assert!(matches!(app.screen(), Screen::Errand(_)), "{lang}");
        tap(&mut app, &t(lang, "nav-back"));
        assert!(shows(&app, "K27"), "{lang}: back at the code");
        common::tap_flowing(&mut app, &t(lang, "register-meanwhile"));
        tap(&mut app, &t(lang, "guidance-done"));
        assert!(shows(&app, "K27"), "{lang}: Done returns to the code");
        tap(&mut app, &t(lang, "register-done"));
        assert!(matches!(app.screen(), Screen::Welcome(_)));
    }
}

#[test]
fn something_else_has_no_errand_to_start_and_no_wait_without_a_figure() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    open(&mut app, "sv");
    common::tap_id(&mut app, entre::ui::widget::NEXT_PAGE_ID);
    common::tap_flowing(&mut app, &t("sv", "register-errand-other"));
    assert_eq!(choice(&app).errand, None);
    tap(&mut app, &t("sv", "register-next"));
    tap(&mut app, &t("sv", "register-skip"));
    tap(&mut app, &t("sv", "register-skip"));
    assert!(matches!(app.screen(), Screen::Registered(_)));
    let _ = app.update(Message::FloorAnswer(Outcome::Registered(Registered {
        code: "B34".into(),
        ahead: 0,
        wait_min: None,
    })));
    assert!(shows(&app, "B34"));
    assert!(common::find_flowing(&app, &t("sv", "register-comes")).is_some());
    assert!(!shows(&app, &t("sv", "register-meanwhile")));
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("minutes", 10);
    let texts: Vec<String> = common::texts_with_bounds(&app)
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    assert!(
        !texts.iter().any(|s| s.contains("minut")),
        "no wait without a figure: {texts:?}"
    );
}

#[test]
fn without_zones_the_zone_step_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let src = common::DEMO.replace("[[floor.zone]]", "[[floor.zone_gone]]");
    let src = src
        .replace(
            "[[floor.zone_gone]]\nid = \"computers\"\nlabel = \"zone-computers\"\n",
            "",
        )
        .replace(
            "[[floor.zone_gone]]\nid = \"sofas\"\nlabel = \"zone-sofas\"\n",
            "",
        );
    let config = common::config_from(&src, dir.path());
    assert!(config.floor.zones.is_empty());
    let mut app = common::app_for(config);
    open(&mut app, "sv");
    let (_, title) = first_errand("sv");
    common::tap_flowing(&mut app, &title);
    tap(&mut app, &t("sv", "register-next"));
    assert_eq!(step(&app), Some(Step::Needs));
    // The needs step is the last: it registers.
    assert!(!shows(&app, &t("sv", "register-next")));
    check_bar_and_targets(&app, "sv", "register-submit");
    tap(&mut app, &t("sv", "register-submit"));
    assert!(matches!(app.screen(), Screen::Registered(_)));
}

#[test]
fn back_at_every_step_returns_with_the_choices_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    open(&mut app, "en");
    let (errand, title) = first_errand("en");
    common::tap_flowing(&mut app, &title);
    tap(&mut app, &t("en", "register-language-swedish"));
    tap(&mut app, &t("en", "register-next"));
    common::tap_flowing(&mut app, &t("en", "register-need-private"));
    common::tap_flowing(&mut app, &t("en", "register-need-seated"));
    common::tap_flowing(&mut app, &t("en", "register-need-seated"));
    tap(&mut app, &t("en", "register-next"));
    common::tap_flowing(&mut app, &t("en", "zone-sofas"));
    let full = choice(&app);
    assert_eq!(full.language, "sv");
    assert_eq!(full.needs, vec![Need::Private], "a second tap turns off");

    tap(&mut app, &t("en", "nav-back"));
    assert_eq!(step(&app), Some(Step::Needs));
    assert_eq!(choice(&app), full);
    tap(&mut app, &t("en", "nav-back"));
    assert_eq!(step(&app), Some(Step::Language));
    assert_eq!(choice(&app), full);
    tap(&mut app, &t("en", "nav-back"));
    assert_eq!(step(&app), Some(Step::Errand));
    assert_eq!(choice(&app).errand.as_deref(), Some(errand.as_str()));
    // Chosen before: Next goes on with it.
    tap(&mut app, &t("en", "register-next"));
    assert_eq!(step(&app), Some(Step::Language));
    tap(&mut app, &t("en", "register-next"));
    tap(&mut app, &t("en", "register-next"));
    assert_eq!(step(&app), Some(Step::Zone));
    assert_eq!(choice(&app), full, "nothing lost going back and forth");
    // Skip on the zone step registers without a zone.
    tap(&mut app, &t("en", "nav-back"));
    tap(&mut app, &t("en", "nav-back"));
    tap(&mut app, &t("en", "nav-back"));
    tap(&mut app, &t("en", "nav-back"));
    assert!(shows(&app, &t("en", "purpose-title")), "Back from step 1");
    // And Start over from any step.
    tap(&mut app, &t("en", "purpose-guide"));
    assert_eq!(choice(&app).errand, None, "a new flow starts empty");
    common::tap_flowing(&mut app, &title);
    tap(&mut app, &t("en", "nav-start-over"));
    assert!(matches!(app.screen(), Screen::Welcome(_)));
}

#[test]
fn other_languages_can_be_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    open(&mut app, "ar");
    let (_, title) = first_errand("ar");
    common::tap_flowing(&mut app, &title);
    assert!(!shows(&app, "Suomi"));
    tap(&mut app, &t("ar", "register-language-more"));
    let finnish = common::catalog().language_name("fi");
    tap(&mut app, &finnish);
    assert_eq!(choice(&app).language, "fi");
    for target in tappables(&app) {
        assert!(target.width >= 80.0 && target.height >= 80.0, "{target:?}");
    }
    snap(&app, "register-language-more-ar");
}

#[test]
fn the_idle_reset_wipes_the_choice() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    open(&mut app, "en");
    let (_, title) = first_errand("en");
    common::tap_flowing(&mut app, &title);
    tap(&mut app, &t("en", "register-language-swedish"));
    tap(&mut app, &t("en", "register-next"));
    common::tap_flowing(&mut app, &t("en", "register-need-interpreter"));
    assert_eq!(choice(&app).needs, vec![Need::Interpreter]);

    let later = iced::time::Instant::now();
    let _ = app.update(Message::Tick(later + Duration::from_secs(95)));
    assert!(app.idle_warning().is_some(), "the warning first");
    let _ = app.update(Message::Tick(later + Duration::from_secs(111)));
    assert!(matches!(app.screen(), Screen::Welcome(_)));
    assert_eq!(app.language(), "sv");

    // A new visitor starts from nothing.
    open(&mut app, "en");
    let fresh = choice(&app);
    assert_eq!(fresh.errand, None);
    assert_eq!(fresh.language, "en");
    assert!(fresh.needs.is_empty());
    assert_eq!(fresh.zone, None);
    assert!(!shows(&app, &t("en", "register-next")), "nothing chosen");
}
