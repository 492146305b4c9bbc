//! The office's questions as a visitor meets them, through iced's headless
//! simulator (ICED_TEST_BACKEND=tiny-skia) on a real SQLite file: after
//! guidance with the optional "Are you …" in Swedish, Arabic and Tigrinya,
//! skipped at every step, Back and Start over at every step; the welcome
//! screen's "How was your visit?" tile, which asks in the language the
//! visitor taps and stores a survey answer on its own (never a visit);
//! the tile switched off; a walk-in who starts the errand meanwhile (a real
//! HTTP test hub on loopback gives the code); snapshots of the new screens.
//!
//! The texts are looked up in the shipped locales at run time: the checks
//! hold whether a language has its own words yet or falls back to Swedish.

mod common;

use common::{find_flowing, find_id, shows, t, tap, tap_flowing, tap_run, tappables};
use entre::ui::app::{App, Screen};
use entre::ui::screen::survey::{GENDERS, Step};
use entre::ui::screen::welcome::EXIT_TILE_ID;
use entre_core::protocol::Gender;

const LANGS: [&str; 3] = ["sv", "ar", "ti"];

fn rtl(lang: &str) -> bool {
    entre::i18n::direction(lang) == entre::i18n::Direction::Rtl
}

fn tree() -> entre::content::Tree {
    let (tree, errors) = entre::content::check(
        entre::content::embedded()
            .map(|(l, e, s)| (l.to_string(), e.to_string(), format!("{l}/{e}"), s)),
        &[],
        &common::allowed(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    tree
}

fn step(app: &App) -> Option<Step> {
    match app.screen() {
        Screen::Survey(s) => Some(s.step()),
        _ => None,
    }
}

/// The messages a tap on the text `label` produces (the kiosk may have
/// broken it into lines: see [`common::find_flowing`]).
fn click_flowing(app: &App, label: &str) -> Vec<entre::ui::Message> {
    let at = find_flowing(app, label).unwrap_or_else(|| panic!("{label:?} not on screen"));
    let mut ui =
        iced_test::Simulator::with_size(entre::ui::settings(), common::viewport(), app.view());
    ui.point_at(at.center());
    let _ = ui.simulate(iced_test::simulator::click());
    let messages: Vec<_> = ui.into_messages().collect();
    assert!(!messages.is_empty(), "tapping {label:?} did nothing");
    messages
}

/// [`click_flowing`], then runs what the tap started to the end.
fn tap_flowing_run(rt: &tokio::runtime::Runtime, app: &mut App, label: &str) {
    for m in click_flowing(app, label) {
        let task = app.update(m);
        common::run_tasks(rt, app, task);
    }
}

/// `app` on the first question after the housing page, in `lang`.
fn to_survey(rt: &tokio::runtime::Runtime, app: &mut App, lang: &str) {
    tap(app, &common::catalog().language_name(lang));
    tap(app, &t(lang, "purpose-guidance"));
    tap_flowing_run(rt, app, &tree()[lang]["housing"].title);
    assert!(matches!(app.screen(), Screen::Errand(_)), "{lang}");
    tap(app, &t(lang, "guidance-done"));
    assert_eq!(step(app), Some(Step::Learned), "{lang}");
}

/// Every tappable element at least 80 px square.
fn check_targets(app: &App, where_: &str) {
    let targets = tappables(app);
    assert!(!targets.is_empty(), "{where_}: nothing to tap");
    for target in targets {
        assert!(
            target.width >= 80.0 && target.height >= 80.0,
            "{where_}: target under 80 px: {target:?}"
        );
    }
}

/// The "Are you …" step: the question, why it is asked, the four answers
/// in reading order (two by two, mirrored for RTL), Skip, Back and Start
/// over; every target at least 80 px.
fn check_gender_step(app: &App, lang: &str) {
    assert_eq!(step(app), Some(Step::Gender), "{lang}");
    assert!(
        find_flowing(app, &t(lang, "survey-gender")).is_some(),
        "{lang}: the question"
    );
    assert!(
        find_flowing(app, &t(lang, "survey-gender-why")).is_some(),
        "{lang}: why we ask, on the step itself"
    );
    let at: Vec<iced::Rectangle> = GENDERS
        .iter()
        .map(|(_, id)| {
            find_flowing(app, &t(lang, id)).unwrap_or_else(|| panic!("{lang}: {id} not on screen"))
        })
        .collect();
    // Woman and man on the first row, in reading order; the other two
    // below them.
    assert!((at[0].center_y() - at[1].center_y()).abs() < 1.0, "{lang}");
    assert!(at[2].center_y() > at[0].center_y() + 80.0, "{lang}");
    if rtl(lang) {
        assert!(at[0].center_x() > at[1].center_x(), "{lang}: mirrored");
        assert!(at[2].center_x() > at[3].center_x(), "{lang}: mirrored");
    } else {
        assert!(at[0].center_x() < at[1].center_x(), "{lang}");
        assert!(at[2].center_x() < at[3].center_x(), "{lang}");
    }
    for id in ["survey-skip", "nav-back", "nav-start-over"] {
        assert!(shows(app, &t(lang, id)), "{lang}: {id}");
    }
    let back = common::bounds(app, &t(lang, "nav-back"));
    let over = common::bounds(app, &t(lang, "nav-start-over"));
    assert_eq!(
        rtl(lang),
        back.x > over.x,
        "{lang}: Back at the reading start"
    );
    // Four answers, Skip, Back, Start over and the accessibility button.
    let targets = tappables(app);
    assert_eq!(targets.len(), 8, "{lang}: {targets:?}");
    check_targets(app, &format!("{lang}: are you"));
}

/// The survey columns of the guidance visit (the only visit with an errand).
fn guidance_row(
    db: &std::path::Path,
) -> (Option<bool>, Option<bool>, Option<String>, String, bool) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT learned, self_next_time, gender, kind, meanwhile FROM visit WHERE errand = 'housing'",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )
    .unwrap()
}

#[test]
fn the_whole_survey_after_guidance_stores_the_gender_in_sv_ar_ti() {
    let rt = common::rt();
    for (lang, (gender, id)) in LANGS.into_iter().zip([
        (Gender::Woman, "survey-gender-woman"),
        (Gender::Man, "survey-gender-man"),
        (Gender::Another, "survey-gender-another"),
    ]) {
        let dir = tempfile::tempdir().unwrap();
        let config = common::demo_config(dir.path());
        let mut app = common::app_for(config.clone());
        to_survey(&rt, &mut app, lang);
        assert!(find_flowing(&app, &t(lang, "survey-learned")).is_some());
        check_targets(&app, &format!("{lang}: learned"));
        tap(&mut app, &t(lang, "survey-yes"));
        assert_eq!(step(&app), Some(Step::SelfNextTime), "{lang}");
        assert!(find_flowing(&app, &t(lang, "survey-self")).is_some());
        check_targets(&app, &format!("{lang}: self"));
        tap(&mut app, &t(lang, "survey-no"));
        check_gender_step(&app, lang);
        // Nothing is written before the last answer.
        assert_eq!(
            guidance_row(&config.kiosk.database),
            (None, None, None, "visit".into(), false),
            "{lang}"
        );
        tap_flowing_run(&rt, &mut app, &t(lang, id));
        assert!(
            find_flowing(&app, &t(lang, "survey-thanks")).is_some(),
            "{lang}: thanks"
        );
        assert_eq!(
            guidance_row(&config.kiosk.database),
            (
                Some(true),
                Some(false),
                Some(gender.id().to_string()),
                "visit".into(),
                false
            ),
            "{lang}"
        );
        // "Prefer not to say" is stored as that answer, not as skipped.
        let dir = tempfile::tempdir().unwrap();
        let config = common::demo_config(dir.path());
        let mut app = common::app_for(config.clone());
        to_survey(&rt, &mut app, lang);
        tap(&mut app, &t(lang, "survey-no"));
        tap(&mut app, &t(lang, "survey-yes"));
        tap_flowing_run(&rt, &mut app, &t(lang, "survey-gender-no-say"));
        assert_eq!(
            guidance_row(&config.kiosk.database),
            (
                Some(false),
                Some(true),
                Some("prefer_not_to_say".into()),
                "visit".into(),
                false
            ),
            "{lang}"
        );
    }
}

#[test]
fn skipping_every_step_never_blocks_and_stores_no_answer() {
    let rt = common::rt();
    for lang in LANGS {
        let dir = tempfile::tempdir().unwrap();
        let config = common::demo_config(dir.path());
        let mut app = common::app_for(config.clone());
        to_survey(&rt, &mut app, lang);
        tap(&mut app, &t(lang, "survey-skip"));
        assert_eq!(step(&app), Some(Step::SelfNextTime), "{lang}");
        tap(&mut app, &t(lang, "survey-skip"));
        assert_eq!(step(&app), Some(Step::Gender), "{lang}");
        tap_run(&rt, &mut app, &t(lang, "survey-skip"));
        assert!(
            find_flowing(&app, &t(lang, "survey-thanks")).is_some(),
            "{lang}: thanks after three skips"
        );
        assert_eq!(
            guidance_row(&config.kiosk.database),
            (None, None, None, "visit".into(), false),
            "{lang}"
        );
        // Only the gender skipped: the two answers are kept.
        let dir = tempfile::tempdir().unwrap();
        let config = common::demo_config(dir.path());
        let mut app = common::app_for(config.clone());
        to_survey(&rt, &mut app, lang);
        tap(&mut app, &t(lang, "survey-yes"));
        tap(&mut app, &t(lang, "survey-yes"));
        tap_run(&rt, &mut app, &t(lang, "survey-skip"));
        assert_eq!(
            guidance_row(&config.kiosk.database),
            (Some(true), Some(true), None, "visit".into(), false),
            "{lang}"
        );
    }
}

#[test]
fn every_step_has_back_and_start_over_and_the_reset_forgets_the_answers() {
    let rt = common::rt();
    let dir = tempfile::tempdir().unwrap();
    let config = common::demo_config(dir.path());
    let mut app = common::app_for(config.clone());
    for lang in LANGS {
        to_survey(&rt, &mut app, lang);
        // Back from the first question: the errand page again.
        tap(&mut app, &t(lang, "nav-back"));
        assert!(matches!(app.screen(), Screen::Errand(_)), "{lang}");
        tap(&mut app, &t(lang, "guidance-done"));
        tap(&mut app, &t(lang, "survey-yes"));
        tap(&mut app, &t(lang, "nav-back"));
        assert_eq!(step(&app), Some(Step::Learned), "{lang}");
        tap(&mut app, &t(lang, "survey-no"));
        tap(&mut app, &t(lang, "survey-no"));
        tap(&mut app, &t(lang, "nav-back"));
        assert_eq!(step(&app), Some(Step::SelfNextTime), "{lang}");
        tap(&mut app, &t(lang, "survey-no"));
        assert_eq!(step(&app), Some(Step::Gender), "{lang}");
        // Start over on the last step: the welcome screen, in Swedish, and
        // nothing of the answers stored.
        tap(&mut app, &t(lang, "nav-start-over"));
        assert!(matches!(app.screen(), Screen::Welcome(_)), "{lang}");
        assert_eq!(app.language(), "sv");
        // Start over on the first two steps as well.
        for answered in 0..2 {
            to_survey(&rt, &mut app, lang);
            for _ in 0..answered {
                tap(&mut app, &t(lang, "survey-yes"));
            }
            tap(&mut app, &t(lang, "nav-start-over"));
            assert!(matches!(app.screen(), Screen::Welcome(_)), "{lang}");
        }
    }
    let conn = rusqlite::Connection::open(&config.kiosk.database).unwrap();
    let answered: i64 = conn
        .query_row(
            "SELECT count(*) FROM visit WHERE learned IS NOT NULL OR self_next_time IS NOT NULL OR gender IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(answered, 0);

    // The idle reset in the middle of the survey: a new visitor starts
    // from the welcome screen and meets no earlier answer.
    to_survey(&rt, &mut app, "sv");
    tap(&mut app, &t("sv", "survey-yes"));
    tap(&mut app, &t("sv", "survey-no"));
    let much_later = iced::time::Instant::now() + std::time::Duration::from_secs(24 * 3600);
    let _ = app.update(entre::ui::Message::Tick(much_later));
    assert!(matches!(app.screen(), Screen::Welcome(_)));
    to_survey(&rt, &mut app, "sv");
    tap(&mut app, &t("sv", "survey-skip"));
    tap(&mut app, &t("sv", "survey-skip"));
    tap_run(&rt, &mut app, &t("sv", "survey-gender-man"));
    let rows: Vec<(Option<bool>, Option<bool>, Option<String>)> = conn
        .prepare("SELECT learned, self_next_time, gender FROM visit WHERE gender IS NOT NULL")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows, [(None, None, Some("man".to_string()))]);
}

/// Rows of the visit table: (purpose, kind, language, errand, learned,
/// self_next_time, gender).
type Row = (
    String,
    String,
    String,
    Option<String>,
    Option<bool>,
    Option<bool>,
    Option<String>,
);

fn rows(db: &std::path::Path) -> Vec<Row> {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.prepare(
        "SELECT purpose, kind, language, errand, learned, self_next_time, gender FROM visit ORDER BY at_ms",
    )
    .unwrap()
    .query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn the_exit_tile_asks_in_the_visitors_language_and_stores_a_survey_answer() {
    let rt = common::rt();
    let catalog = common::catalog();
    for (lang, gender) in [("ar", "woman"), ("ti", "another"), ("sv", "man")] {
        let dir = tempfile::tempdir().unwrap();
        let config = common::demo_config(dir.path());
        let mut app = common::app_for(config.clone());
        assert!(
            find_id(&app, EXIT_TILE_ID),
            "the tile on the welcome screen"
        );
        assert!(shows(&app, &t("sv", "survey-exit")));
        assert!(shows(&app, &t("sv", "survey-exit-hint")));
        check_targets(&app, "welcome");
        common::tap_id(&mut app, EXIT_TILE_ID);
        // Every language offered, each asking in its own words.
        for l in &config.kiosk.languages {
            assert!(shows(&app, &catalog.language_name(l)), "{l}");
            let asked = catalog.text(l, "survey-exit", None);
            assert!(find_flowing(&app, &asked).is_some(), "{l}: {asked:?}");
        }
        assert!(shows(&app, &t("sv", "nav-back")));
        check_targets(&app, "exit: languages");
        // Back returns to the welcome screen; the tile again.
        tap(&mut app, &t("sv", "nav-back"));
        assert!(matches!(app.screen(), Screen::Welcome(w) if !w.is_exit()));
        common::tap_id(&mut app, EXIT_TILE_ID);
        tap(&mut app, &catalog.language_name(lang));
        assert_eq!(app.language(), lang);
        assert_eq!(step(&app), Some(Step::Learned), "{lang}");
        assert!(find_flowing(&app, &t(lang, "survey-learned")).is_some());
        // Back from the first question: the languages again.
        tap(&mut app, &t(lang, "nav-back"));
        assert!(matches!(app.screen(), Screen::Welcome(w) if w.is_exit()));
        tap(&mut app, &catalog.language_name(lang));
        tap(&mut app, &t(lang, "survey-yes"));
        tap(&mut app, &t(lang, "survey-skip"));
        check_gender_step(&app, lang);
        let id = GENDERS
            .iter()
            .find(|(g, _)| g.id() == gender)
            .map(|(_, id)| *id)
            .unwrap();
        tap_flowing_run(&rt, &mut app, &t(lang, id));
        assert!(find_flowing(&app, &t(lang, "survey-thanks")).is_some());
        assert_eq!(
            rows(&config.kiosk.database),
            [(
                entre::store::SURVEY_PURPOSE.to_string(),
                "survey_answer".to_string(),
                lang.to_string(),
                None,
                Some(true),
                None,
                Some(gender.to_string()),
            )],
            "{lang}: one survey answer, no visit"
        );
        // Sent to the hub at once, as a survey answer.
        let conn = rusqlite::Connection::open(&config.kiosk.database).unwrap();
        let queued: i64 = conn
            .query_row(
                "SELECT count(*) FROM outbox WHERE kind = 'visit' AND sent_ms IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(queued <= 1, "{lang}: {queued}");
        // The visit ends: the welcome screen in Swedish, no clock.
        tap(&mut app, &t(lang, "checkin-done-button"));
        assert!(matches!(app.screen(), Screen::Welcome(w) if !w.is_exit()));
        assert_eq!(app.language(), "sv");
        assert_eq!(app.idle_warning(), None);
    }
}

#[test]
fn an_exit_survey_with_no_answer_stores_nothing() {
    let rt = common::rt();
    let dir = tempfile::tempdir().unwrap();
    let config = common::demo_config(dir.path());
    let mut app = common::app_for(config.clone());
    common::tap_id(&mut app, EXIT_TILE_ID);
    tap(&mut app, "English");
    tap(&mut app, &t("en", "survey-skip"));
    tap(&mut app, &t("en", "survey-skip"));
    tap_run(&rt, &mut app, &t("en", "survey-skip"));
    assert!(shows(&app, &t("en", "survey-thanks")));
    assert_eq!(rows(&config.kiosk.database), []);
    // Start over half-way: nothing either.
    tap(&mut app, &t("en", "checkin-done-button"));
    common::tap_id(&mut app, EXIT_TILE_ID);
    tap(&mut app, "English");
    tap(&mut app, &t("en", "survey-yes"));
    tap(&mut app, &t("en", "nav-start-over"));
    assert!(matches!(app.screen(), Screen::Welcome(w) if !w.is_exit()));
    assert_eq!(rows(&config.kiosk.database), []);
}

#[test]
fn the_exit_survey_left_alone_is_reset_like_any_visit() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = common::demo_app(dir.path());
    common::tap_id(&mut app, EXIT_TILE_ID);
    // The language choice is part of a visit: the idle warning comes.
    let later = iced::time::Instant::now() + app.idle_timeout() + std::time::Duration::from_secs(1);
    let _ = app.update(entre::ui::Message::Tick(later));
    assert!(app.idle_warning().is_some());
    let much_later = later + std::time::Duration::from_secs(3600);
    let _ = app.update(entre::ui::Message::Tick(much_later));
    assert!(matches!(app.screen(), Screen::Welcome(w) if !w.is_exit()));
}

#[test]
fn exit_tile_false_hides_the_tile() {
    let dir = tempfile::tempdir().unwrap();
    let src = common::DEMO.replace("exit_tile = true", "exit_tile = false");
    assert_ne!(src, common::DEMO);
    let mut app = common::app_for(common::config_from(&src, dir.path()));
    assert!(!find_id(&app, EXIT_TILE_ID));
    assert!(!shows(&app, &t("sv", "survey-exit")));
    assert!(!shows(&app, &t("sv", "survey-exit-hint")));
    // The languages are still there and start a visit.
    tap(&mut app, "Svenska");
    assert!(matches!(app.screen(), Screen::Purposes(_)));
    // And the tile is on by default (no [survey] table at all).
    let dir = tempfile::tempdir().unwrap();
    let start = common::DEMO.find("[survey]").unwrap();
    let end = start + common::DEMO[start..].find("exit_tile = true").unwrap();
    let end = end + common::DEMO[end..].find('\n').unwrap();
    let src = format!("{}{}", &common::DEMO[..start], &common::DEMO[end..]);
    assert!(!src.contains("[survey]"));
    let app = common::app_for(common::config_from(&src, dir.path()));
    assert!(find_id(&app, EXIT_TILE_ID));
}

#[test]
fn starting_the_errand_meanwhile_marks_the_walk_in_visit() {
    let rt = common::rt();
    let hub = common::hub::HubServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (_, config) = common::hub::hub_kiosk(dir.path(), &hub.url(), "");
    let mut app = common::app_for(config.clone());
    let tree = tree();
    let first = entre::content::ordered(tree[entre::content::REFERENCE].keys())[0].clone();
    let register = |app: &mut App| {
        tap(app, "Svenska");
        tap(app, &t("sv", "purpose-guide"));
        tap_flowing(app, &tree["sv"][&first].title);
        tap(app, &t("sv", "register-next"));
        tap(app, &t("sv", "register-skip"));
        tap_run(&rt, app, &t("sv", "register-skip"));
        let Screen::Registered(r) = app.screen() else {
            panic!("not on the answer screen: {:?}", app.screen());
        };
        assert!(r.code().is_some(), "the test hub gives a code: {r:?}");
    };
    let meanwhile = |db: &std::path::Path| -> Vec<bool> {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.prepare("SELECT meanwhile FROM visit WHERE purpose = 'guide' ORDER BY at_ms")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    // A walk-in who only waits: not marked.
    register(&mut app);
    assert_eq!(meanwhile(&config.kiosk.database), [false]);
    tap(&mut app, &t("sv", "register-done"));
    // One who starts the errand meanwhile: their visit is marked, once,
    // and only theirs.
    register(&mut app);
    tap_flowing_run(&rt, &mut app, &t("sv", "register-meanwhile"));
    assert!(matches!(app.screen(), Screen::Errand(_)));
    assert_eq!(meanwhile(&config.kiosk.database), [false, true]);
    tap(&mut app, &t("sv", "guidance-done"));
    assert!(matches!(app.screen(), Screen::Registered(_)));
    tap_flowing(&mut app, &t("sv", "register-meanwhile"));
    tap(&mut app, &t("sv", "guidance-done"));
    tap(&mut app, &t("sv", "register-done"));
    assert_eq!(meanwhile(&config.kiosk.database), [false, true]);
}

#[test]
fn the_new_screens_match_their_snapshots() {
    let rt = common::rt();
    let mut mismatched = Vec::new();
    let mut check = |app: &App, name: &str| {
        if !common::snapshot(app, name) {
            mismatched.push(name.to_string());
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let mut app = common::demo_app(dir.path());
    check(&app, "welcome-exit-tile");
    common::tap_id(&mut app, EXIT_TILE_ID);
    check(&app, "exit-languages");
    tap(&mut app, "العربية");
    check(&app, "exit-survey-ar");
    tap(&mut app, &t("ar", "nav-start-over"));
    for lang in LANGS {
        to_survey(&rt, &mut app, lang);
        tap(&mut app, &t(lang, "survey-yes"));
        tap(&mut app, &t(lang, "survey-no"));
        check(&app, &format!("survey-gender-{lang}"));
        tap(&mut app, &t(lang, "nav-start-over"));
    }
    // Large text (1080p at 1.5×) and reach mode.
    for (mode, size, access) in [
        (
            "large-text",
            (1280.0, 720.0),
            entre::ui::screen::access::Message::LargeText,
        ),
        (
            "reach",
            (1920.0, 1080.0),
            entre::ui::screen::access::Message::Reach,
        ),
    ] {
        common::set_viewport(size);
        for lang in ["sv", "ar"] {
            let dir = tempfile::tempdir().unwrap();
            let mut app = common::demo_app(dir.path());
            let _ = app.update(entre::ui::Message::OpenAccess);
            let _ = app.update(entre::ui::Message::Access(access));
            let _ = app.update(entre::ui::Message::Access(
                entre::ui::screen::access::Message::Close,
            ));
            if lang == "sv" {
                check(&app, &format!("welcome-exit-tile-{mode}"));
            }
            to_survey(&rt, &mut app, lang);
            tap(&mut app, &t(lang, "survey-yes"));
            tap(&mut app, &t(lang, "survey-no"));
            check(&app, &format!("survey-gender-{mode}-{lang}"));
        }
    }
    assert!(
        mismatched.is_empty(),
        "screens changed: {mismatched:?} (delete the .sha256 files to accept new ones, after looking at them)"
    );
}
