//! The hidden staff exit: hold the top-left corner five seconds, then the
//! PIN from `[kiosk] staff_pin_file`. The right PIN leaves the marker the
//! service unit looks for and closes the kiosk with status 0; wrong PINs
//! return to the welcome screen. Without a PIN file there is no corner.

mod common;

use std::time::Duration;

use common::{shows, t, tap};
use entre::ui::{App, Message, Screen};

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn kiosk(dir: &std::path::Path, pin: Option<&str>) -> App {
    let mut src = common::DEMO.to_string();
    if let Some(pin) = pin {
        std::fs::write(dir.join("staff-pin"), format!("{pin}\n")).unwrap();
        src = src.replace(
            "# staff_pin_file = \"/etc/entre/staff-pin\"",
            "staff_pin_file = \"staff-pin\"",
        );
        assert!(src.contains("\nstaff_pin_file"));
    }
    let app = common::app_for(common::config_from(&src, dir));
    let mut app = app;
    let task = app.load_staff_pin();
    common::run_tasks(&rt(), &mut app, task);
    app
}

/// Presses the top-left corner (a real press in the simulator).
fn press_corner(app: &mut App) -> Vec<Message> {
    common::press_at(app, iced::Point::new(10.0, 10.0))
}

fn hold(app: &mut App, secs: u64) {
    let msgs = press_corner(app);
    assert!(
        msgs.iter().any(|m| matches!(m, Message::CornerPressed)),
        "{msgs:?}"
    );
    for m in msgs {
        let _ = app.update(m);
    }
    let _ = app.update(Message::Tick(
        iced::time::Instant::now() + Duration::from_secs(secs),
    ));
}

fn type_pin(app: &mut App, pin: &str) {
    for d in pin.chars() {
        tap(app, &d.to_string());
    }
    tap(app, "OK");
}

#[test]
fn holding_the_corner_and_the_right_pin_close_the_kiosk_for_good() {
    let dir = tempfile::tempdir().unwrap();
    let run_dir = tempfile::tempdir().unwrap();
    // The service unit's runtime folder (set by systemd).
    unsafe { std::env::set_var("RUNTIME_DIRECTORY", run_dir.path()) };
    let mut app = kiosk(dir.path(), Some("2468"));
    tap(&mut app, "English");

    // A short press does nothing.
    hold(&mut app, 2);
    assert!(!matches!(app.screen(), Screen::Staff(_)));
    let _ = app.update(Message::CornerReleased);

    // Five seconds: the PIN pad, in the office language; the visit is gone.
    hold(&mut app, 6);
    assert!(matches!(app.screen(), Screen::Staff(_)));
    assert_eq!(app.language(), "sv");
    assert!(shows(&app, &t("sv", "staff-title")));
    assert!(
        common::snapshot(&app, "staff-pad"),
        "the pad looks as committed"
    );

    // A wrong PIN: told so, pad stays.
    type_pin(&mut app, "1111");
    assert!(matches!(app.screen(), Screen::Staff(_)));
    assert!(shows(&app, &t("sv", "staff-wrong")));

    // The right one: the marker, then exit status 0.
    for d in "2468".chars() {
        tap(&mut app, &d.to_string());
    }
    let messages = common::click(&app, "OK");
    let rt = rt();
    for m in messages {
        let task = app.update(m);
        common::run_tasks(&rt, &mut app, task);
    }
    let marker = run_dir.path().join("staff-exit");
    assert!(marker.exists(), "the unit's ExecCondition looks for it");
    assert_eq!(entre::ui::fatal::exit_status(), 0);
}

#[test]
fn three_wrong_pins_return_to_the_welcome_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = kiosk(dir.path(), Some("2468"));
    hold(&mut app, 6);
    assert!(matches!(app.screen(), Screen::Staff(_)));
    for _ in 0..3 {
        type_pin(&mut app, "0000");
    }
    assert!(matches!(app.screen(), Screen::Welcome(_)));
}

#[test]
fn without_a_pin_file_the_corner_is_not_there() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = kiosk(dir.path(), None);
    let msgs = press_corner(&mut app);
    assert!(
        !msgs.iter().any(|m| matches!(m, Message::CornerPressed)),
        "{msgs:?}"
    );
    // A file without a valid PIN: off as well.
    let dir = tempfile::tempdir().unwrap();
    let mut app = kiosk(dir.path(), Some("12"));
    let msgs = press_corner(&mut app);
    assert!(!msgs.iter().any(|m| matches!(m, Message::CornerPressed)));
}

/// Holds the corner at `at` on the app's clock (a real press, then the
/// clock five seconds on); whether the PIN pad opened.
fn hold_at(app: &mut App, at: iced::time::Instant) -> bool {
    let before = common::texts_with_bounds(app);
    let _ = app.update(Message::Tick(at));
    for m in press_corner(app) {
        let _ = app.update(m);
    }
    let _ = app.update(Message::Tick(at + Duration::from_secs(6)));
    let _ = app.update(Message::CornerReleased);
    let opened = matches!(app.screen(), Screen::Staff(_));
    if !opened {
        // Refused without a trace a visitor could see.
        assert_eq!(common::texts_with_bounds(app), before);
    }
    opened
}

/// Three wrong PINs, the last one's tasks (the store write) run.
fn wrong_round(app: &mut App, rt: &tokio::runtime::Runtime) {
    assert!(matches!(app.screen(), Screen::Staff(_)));
    for round in 0..3 {
        for d in "0000".chars() {
            tap(app, &d.to_string());
        }
        if round < 2 {
            tap(app, "OK");
        } else {
            common::tap_run(rt, app, "OK");
        }
    }
    assert!(matches!(app.screen(), Screen::Welcome(_)));
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

#[test]
fn each_round_of_wrong_pins_locks_the_corner_longer_and_is_counted() {
    let rt = rt();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("staff-pin"), "2468\n").unwrap();
    let src = common::DEMO.replace(
        "# staff_pin_file = \"/etc/entre/staff-pin\"",
        "staff_pin_file = \"staff-pin\"",
    );
    let (config_path, config) = common::write_config(&src, dir.path());
    let start = |config: &entre::config::Config| {
        let mut app = common::app_for(config.clone());
        let task = app.load_staff_pin();
        common::run_tasks(&rt, &mut app, task);
        app
    };
    let mut app = start(&config);
    let now = iced::time::Instant::now;

    // Round 1: one minute.
    assert!(hold_at(&mut app, now()));
    wrong_round(&mut app, &rt);
    let b = now();
    assert!(!hold_at(&mut app, b), "the corner reopened at once");
    assert!(!hold_at(&mut app, b + secs(50)));
    assert!(hold_at(&mut app, b + secs(61)), "open again after a minute");

    // Round 2: two minutes.
    wrong_round(&mut app, &rt);
    let b = now();
    assert!(!hold_at(&mut app, b + secs(61)));
    assert!(!hold_at(&mut app, b + secs(110)));
    assert!(
        hold_at(&mut app, b + secs(125)),
        "open again after two minutes"
    );

    // Round 3: four minutes, through a visit and its idle reset.
    wrong_round(&mut app, &rt);
    let b = now();
    tap(&mut app, "English");
    let _ = app.update(Message::Tick(b + secs(200)));
    assert!(matches!(app.screen(), Screen::Welcome(_)), "idle reset");
    assert!(!hold_at(&mut app, b + secs(205)));

    // And through a restart: the store has it.
    drop(app);
    let mut app = start(&config);
    let b = now();
    assert!(!hold_at(&mut app, b), "locked after a restart");
    assert!(!hold_at(&mut app, b + secs(200)));
    assert!(hold_at(&mut app, b + secs(245)), "open after four minutes");

    // `entre status` counts the lockouts.
    let report = entre::status::check(
        &config_path,
        &entre::status::Env {
            runtime_dir: dir.path().to_path_buf(),
            path: None,
            now_ms: entre::store::now_ms(),
            secret_owner: None,
        },
    );
    let line = report
        .lines()
        .into_iter()
        .find(|l| l.starts_with("staff pin: "))
        .unwrap_or_else(|| panic!("no staff pin line: {:#?}", report.lines()));
    assert!(line.starts_with("staff pin: 3 lockouts since "), "{line}");
    assert!(!line.contains("2468") && !line.contains("0000"), "{line}");
}
