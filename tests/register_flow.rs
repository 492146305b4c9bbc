//! "I want help from a guide" (`flow = "register"`) as a visitor meets it,
//! through iced's headless simulator (ICED_TEST_BACKEND=tiny-skia): the
//! steps in Swedish, Arabic and Tigrinya, Back at every step with the
//! choices kept, the zone step left out without zones, the honest desk
//! message without a hub, the idle reset that wipes the choice, and
//! snapshots of every new screen.
//!
//! SCREEN POINTS for scripts that tap the real window (xdotool), measured
//! on the demo kiosk.toml with `fullscreen = true`, Svenska, 1920x1080
//! (scale 1): the centre of each button's label, in screen pixels. Kept
//! true by `the_screen_points_for_scripts_hold_at_1920x1080` (the table
//! SCREEN_POINTS at the end of this file). The buttons of the code and
//! desk screens sit at the bottom whatever the lines above them say.
//!
//!   (step, what, x, y)
//!   ("welcome", "Svenska", 261, 192)
//!   ("purposes", "purpose-guide", 412, 370)
//!   ("errand", "first errand", 307, 206)
//!   ("errand", "nav-back", 191, 992)
//!   ("errand", "nav-start-over", 1784, 992)
//!   ("language", "sv (the visit's language)", 209, 235)
//!   ("language", "register-language-more", 223, 355)
//!   ("language", "register-next", 989, 984)
//!   ("language", "nav-back", 191, 984)
//!   ("needs", "register-need-private", 384, 188)
//!   ("needs", "register-need-seated", 493, 316)
//!   ("needs", "register-need-interpreter", 275, 444)
//!   ("needs", "register-skip", 855, 984)
//!   ("needs", "register-next", 1147, 984)
//!   ("zone", "zone-computers", 254, 206)
//!   ("zone", "zone-sofas", 1154, 206)
//!   ("zone", "register-skip", 819, 984)
//!   ("zone", "register-submit", 1147, 984)
//!   ("code", "register-meanwhile", 883, 984)
//!   ("code", "register-done", 1376, 976)
//!   ("desk", "register-done", 997, 984)

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

/// How many times Next leads from the first page of errands to the last,
/// where "Something else" is: six tiles a page, the errands and it.
fn last_page() -> usize {
    (tree()[content::REFERENCE].len() + 1).div_ceil(6) - 1
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
        let pages = last_page();
        for _ in 0..pages {
            common::tap_id(&mut app, entre::ui::widget::NEXT_PAGE_ID);
        }
        assert!(
            common::find_flowing(&app, &t(lang, "register-errand-other")).is_some(),
            "{lang}: Something else"
        );
        for _ in 0..pages {
            common::tap_id(&mut app, entre::ui::widget::PREVIOUS_PAGE_ID);
        }
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
    for _ in 0..last_page() {
        common::tap_id(&mut app, entre::ui::widget::NEXT_PAGE_ID);
    }
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

// --- the real entre-hub ----------------------------------------------------
// (target/release/entre-hub on SQLite: build it first with `cargo build
// --release -p entre-hub`; the same harness as tests/floor.rs.)

mod real_hub {
    use std::net::{TcpListener, TcpStream};
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, Output, Stdio};
    use std::time::{Duration, Instant};

    fn bin() -> PathBuf {
        let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/entre-hub");
        assert!(
            bin.exists(),
            "{}: build the hub first: cargo build --release -p entre-hub",
            bin.display()
        );
        bin
    }

    fn cmd(config: &Path, args: &[&str]) -> Output {
        let out = Command::new(bin())
            .arg("--config")
            .arg(config)
            .args(args)
            .env("TZ", "UTC")
            .output()
            .expect("entre-hub runs");
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    pub struct RealHub {
        config: PathBuf,
        pub port: u16,
        child: Option<Child>,
    }

    impl RealHub {
        pub fn start(dir: &Path) -> RealHub {
            let port = TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let config = dir.join("hub.toml");
            std::fs::write(
                &config,
                format!(
                    "[server]\nlisten = \"127.0.0.1:{port}\"\n\n[database]\nurl = \"sqlite://{}\"\n\n\
                     [[office]]\nid = \"centrum\"\nname = \"Medborgarkontoret Centrum\"\n\n\
                     [mail]\nallowed_domains = [\"demo.example.org\"]\n\n\
                     [content]\nallowed_link_hosts = [\"stockholm.se\"]\nlanguages = [\"sv\"]\n",
                    dir.join("hub.sqlite").display()
                ),
            )
            .unwrap();
            let mut hub = RealHub {
                config,
                port,
                child: None,
            };
            hub.serve();
            hub
        }

        pub fn serve(&mut self) {
            let child = Command::new(bin())
                .arg("--config")
                .arg(&self.config)
                .env("TZ", "UTC")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("entre-hub starts");
            self.child = Some(child);
            let start = Instant::now();
            while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
                assert!(start.elapsed() < Duration::from_secs(30), "hub not up");
                std::thread::sleep(Duration::from_millis(50));
            }
        }

        pub fn stop(&mut self) {
            if let Some(mut child) = self.child.take() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }

        /// Registers a kiosk of office centrum; its token.
        pub fn kiosk_add(&self, id: &str) -> String {
            let out = cmd(&self.config, &["kiosk", "add", id, "--office", "centrum"]);
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(str::trim)
                .rfind(|l| !l.is_empty())
                .expect("a token")
                .to_string()
        }

        /// `entre-hub floor`: the open registrations, one line each.
        pub fn floor(&self) -> String {
            String::from_utf8_lossy(&cmd(&self.config, &["floor"]).stdout).into_owned()
        }
    }

    impl Drop for RealHub {
        fn drop(&mut self) {
            self.stop();
        }
    }
}

/// The demo kiosk in `dir` talking to the hub at `url`.
fn hub_kiosk(dir: &std::path::Path, url: &str, token: &str) -> entre::config::Config {
    std::fs::write(dir.join("hub-token"), format!("{token}\n")).unwrap();
    let src = common::DEMO.replace(
        "# url = \"https://hub.example.org\"",
        &format!("url = \"{url}\"\ntoken_file = \"hub-token\"\nsync_every_s = 60\ntimeout_s = 10"),
    );
    assert!(src.contains(url));
    common::write_config(&src, dir).1
}

/// Through the steps in `lang` with the first errand and the sofas, then
/// "Register", running what it starts to the end.
fn register_through(rt: &tokio::runtime::Runtime, app: &mut App, lang: &str) {
    open(app, lang);
    let (_, title) = first_errand(lang);
    common::tap_flowing(app, &title);
    tap(app, &t(lang, "register-next"));
    common::tap_flowing(app, &t(lang, "register-need-seated"));
    tap(app, &t(lang, "register-next"));
    common::tap_flowing(app, &t(lang, "zone-sofas"));
    common::tap_run(rt, app, &t(lang, "register-submit"));
}

#[test]
fn a_real_hub_gives_the_code_and_a_hub_down_sends_to_the_desk() {
    let rt = common::rt();
    let hub_dir = tempfile::tempdir().unwrap();
    let mut hub = real_hub::RealHub::start(hub_dir.path());
    let token = hub.kiosk_add("demo-entre-1");
    let dir = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{}", hub.port);
    let config = hub_kiosk(dir.path(), &url, &token);
    let mut app = common::app_for(config.clone());

    let mut codes = Vec::new();
    for (i, lang) in LANGS.into_iter().enumerate() {
        register_through(&rt, &mut app, lang);
        let Screen::Registered(r) = app.screen() else {
            panic!("{lang}: not on the answer screen");
        };
        let code = r.code().unwrap_or_else(|| panic!("{lang}: no code: {r:?}"));
        assert!(entre_core::protocol::is_code(code), "{lang}: {code}");
        let code = code.to_string();
        assert!(shows(&app, &code), "{lang}: the code on screen");
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("ahead", i as i64);
        let ahead = common::catalog().text(lang, "register-ahead", Some(&args));
        assert!(
            common::find_flowing(&app, &ahead).is_some(),
            "{lang}: {ahead:?} (earlier visitors wait)"
        );
        let floor = hub.floor();
        assert!(floor.contains(&code), "{lang}: on the floor: {floor}");
        codes.push(code);
        tap(&mut app, &t(lang, "register-done"));
        assert!(matches!(app.screen(), Screen::Welcome(_)));
    }

    // The hub goes down: the next visitor hears the truth, without a code.
    hub.stop();
    let started = std::time::Instant::now();
    register_through(&rt, &mut app, "ar");
    assert!(
        started.elapsed() < Duration::from_secs(config.floor.confirm_within_s + 3),
        "{:?}",
        started.elapsed()
    );
    let Screen::Registered(r) = app.screen() else {
        panic!("not on the answer screen");
    };
    assert_eq!(r.outcome(), Some(&Outcome::Desk));
    assert!(common::find_flowing(&app, &t("ar", "register-failed")).is_some());
    assert!(!common::find_id(
        &app,
        entre::ui::screen::registered::CODE_ID
    ));
    tap(&mut app, &t("ar", "register-done"));

    // The hub is back and gets the kept registration (floor: false): its
    // floor still shows only the three who got a code.
    hub.serve();
    let store = entre::store::Store::open(&config.kiosk.database).unwrap();
    let mut sync = entre::outbound::hub::Sync::new(store.clone(), &config)
        .unwrap()
        .expect("hub on");
    // The kiosk's own queue may still be marking the row: a later round
    // sends it, as the outbox's loop would.
    let mut sent = 0;
    for _ in 0..20 {
        let round = rt.block_on(sync.round(true));
        sent += round.registrations_sent;
        if sent > 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    assert_eq!(sent, 1, "the kept registration reaches the hub");
    let floor = hub.floor();
    let mut on_floor: Vec<String> = floor
        .split_whitespace()
        .filter(|w| entre_core::protocol::is_code(w))
        .map(str::to_string)
        .collect();
    on_floor.sort();
    codes.sort();
    assert_eq!(on_floor, codes, "only those who got a code: {floor}");
}

/// Where the buttons of each step are on a 1920x1080 full screen (the
/// demo kiosk.toml, Svenska): (step, what, x, y) in screen pixels. The
/// benchmark (scripts/bench-hub, h16-e2e) taps these with xdotool; this
/// test keeps them true.
pub const SCREEN_POINTS: &[(&str, &str, i32, i32)] = &[
    ("welcome", "Svenska", 261, 192),
    ("purposes", "purpose-guide", 412, 370),
    ("errand", "first errand", 307, 206),
    ("errand", "nav-back", 191, 992),
    ("errand", "nav-start-over", 1784, 992),
    ("language", "sv (the visit's language)", 209, 235),
    ("language", "register-language-more", 223, 355),
    ("language", "register-next", 989, 984),
    ("language", "nav-back", 191, 984),
    ("needs", "register-need-private", 384, 188),
    ("needs", "register-need-seated", 493, 316),
    ("needs", "register-need-interpreter", 275, 444),
    ("needs", "register-skip", 855, 984),
    ("needs", "register-next", 1147, 984),
    ("zone", "zone-computers", 254, 206),
    ("zone", "zone-sofas", 1154, 206),
    ("zone", "register-skip", 819, 984),
    ("zone", "register-submit", 1147, 984),
    ("code", "register-meanwhile", 883, 984),
    ("code", "register-done", 1376, 976),
    ("desk", "register-done", 997, 984),
];

#[test]
fn the_screen_points_for_scripts_hold_at_1920x1080() {
    common::set_viewport((1920.0, 1080.0));
    let dir = tempfile::tempdir().unwrap();
    let src = common::DEMO.replace("fullscreen = false", "fullscreen = true ");
    let mut app = common::app_for(common::config_from(&src, dir.path()));
    let mut found: Vec<(&str, String, i32, i32)> = Vec::new();
    let mut at = |app: &App, step: &'static str, what: &str, text: &str| {
        let b = common::find_flowing(app, text).unwrap_or_else(|| panic!("{step}: {what}"));
        let c = b.center();
        found.push((
            step,
            what.to_string(),
            c.x.round() as i32,
            c.y.round() as i32,
        ));
        c
    };
    at(&app, "welcome", "Svenska", "Svenska");
    tap(&mut app, "Svenska");
    at(&app, "purposes", "purpose-guide", &t("sv", "purpose-guide"));
    tap(&mut app, &t("sv", "purpose-guide"));
    let (_, title) = first_errand("sv");
    at(&app, "errand", "first errand", &title);
    at(&app, "errand", "nav-back", &t("sv", "nav-back"));
    at(&app, "errand", "nav-start-over", &t("sv", "nav-start-over"));
    common::tap_flowing(&mut app, &title);
    at(&app, "language", "sv (the visit's language)", "Svenska");
    at(
        &app,
        "language",
        "register-language-more",
        &t("sv", "register-language-more"),
    );
    at(&app, "language", "register-next", &t("sv", "register-next"));
    at(&app, "language", "nav-back", &t("sv", "nav-back"));
    tap(&mut app, &t("sv", "register-next"));
    for need in ["private", "seated", "interpreter"] {
        let id = format!("register-need-{need}");
        at(&app, "needs", &id, &t("sv", &id));
    }
    at(&app, "needs", "register-skip", &t("sv", "register-skip"));
    at(&app, "needs", "register-next", &t("sv", "register-next"));
    tap(&mut app, &t("sv", "register-next"));
    at(&app, "zone", "zone-computers", &t("sv", "zone-computers"));
    at(&app, "zone", "zone-sofas", &t("sv", "zone-sofas"));
    at(&app, "zone", "register-skip", &t("sv", "register-skip"));
    at(&app, "zone", "register-submit", &t("sv", "register-submit"));
    tap(&mut app, &t("sv", "register-submit"));
    let _ = app.update(Message::FloorAnswer(Outcome::Registered(Registered {
        code: "K27".into(),
        ahead: 3,
        wait_min: Some(10),
    })));
    at(
        &app,
        "code",
        "register-meanwhile",
        &t("sv", "register-meanwhile"),
    );
    at(&app, "code", "register-done", &t("sv", "register-done"));
    let _ = app.update(Message::FloorAnswer(Outcome::Desk));
    at(&app, "desk", "register-done", &t("sv", "register-done"));
    common::set_viewport((1280.0, 800.0));
    let table: String = found
        .iter()
        .map(|(s, w, x, y)| format!("    (\"{s}\", \"{w}\", {x}, {y}),\n"))
        .collect();
    let ok = found.len() == SCREEN_POINTS.len()
        && found
            .iter()
            .zip(SCREEN_POINTS)
            .all(|((s, w, x, y), (s2, w2, x2, y2))| {
                s == s2 && w == w2 && (x - x2).abs() <= 2 && (y - y2).abs() <= 2
            });
    assert!(ok, "the screen points moved; now:\n{table}");
}
