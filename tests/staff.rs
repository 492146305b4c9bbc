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
