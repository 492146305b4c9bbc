//! Fatal errors after start: the out-of-order screen in every language,
//! the cause only in the log, and an exit with status 70 after
//! `[kiosk] restart_after_s`, so that the service manager restarts the
//! kiosk.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{shows, t, tap};
use entre::ui::fatal;
use entre::ui::{Message, Screen};
use iced::futures::StreamExt;

fn shows_out_of_order_in(app: &entre::ui::App, langs: &[String]) {
    assert!(matches!(app.screen(), Screen::OutOfOrder));
    for lang in langs {
        assert!(shows(app, &t(lang, "out-of-order-title")), "{lang}");
    }
}

#[test]
fn a_panic_in_a_task_puts_the_kiosk_out_of_order_and_it_exits_for_a_restart() {
    let rt = common::rt();
    fatal::install_panic_hook();
    let mut reports = fatal::reports();
    // A task of the kiosk panics (tokio catches it; the hook reports it).
    let joined = rt.block_on(async {
        tokio::spawn(async {
            panic!("deliberate panic for the test");
        })
        .await
    });
    assert!(joined.is_err());
    let cause = rt
        .block_on(async { tokio::time::timeout(Duration::from_secs(5), reports.next()).await })
        .expect("reported within 5 s")
        .expect("a report");
    assert!(cause.contains("deliberate panic"), "{cause}");
    assert!(
        cause.contains("tests/fatal.rs"),
        "where it happened: {cause}"
    );

    let dir = tempfile::tempdir().unwrap();
    let src = common::DEMO.replace("restart_after_s = 60", "restart_after_s = 5");
    let config = common::config_from(&src, dir.path());
    let langs = config.kiosk.languages.clone();
    let mut app = common::app_for(config);
    tap(&mut app, "English");
    let task = app.update(Message::Fatal(cause.clone()));
    shows_out_of_order_in(&app, &langs);
    assert!(!shows(&app, &cause), "the cause is never shown");
    // No way out: taps do nothing, the idle reset does not bring it back.
    let _ = app.update(Message::Tick(
        iced::time::Instant::now() + Duration::from_secs(3600),
    ));
    assert!(matches!(app.screen(), Screen::OutOfOrder));

    assert_eq!(fatal::exit_status(), 0);
    let started = Instant::now();
    common::run_tasks(&rt, &mut app, task);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(5) && waited < Duration::from_secs(10),
        "{waited:?}"
    );
    assert_eq!(fatal::exit_status(), fatal::EXIT_FATAL);
}

#[test]
fn an_invalid_config_at_start_shows_out_of_order_in_every_shipped_language() {
    let (config, catalog) = entre::fallback().expect("the shipped demo config loads");
    let langs = catalog.languages();
    assert!(langs.len() >= 10, "{langs:?}");
    assert_eq!(config.kiosk.languages.len(), langs.len());
    let app = entre::ui::App::failed(Arc::new(config), Arc::new(catalog), "test");
    assert!(app.is_fatal());
    shows_out_of_order_in(&app, &langs);
}

#[test]
fn a_database_that_cannot_be_opened_puts_the_kiosk_out_of_order_from_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let config = common::demo_config(dir.path());
    std::fs::create_dir_all(config.kiosk.database.parent().unwrap()).unwrap();
    std::fs::write(
        &config.kiosk.database,
        b"this is not a database, it is 46 bytes long..",
    )
    .unwrap();
    let langs = config.kiosk.languages.clone();
    let app = common::app_for(config);
    assert!(app.is_fatal());
    shows_out_of_order_in(&app, &langs);
}

/// Starts Xvfb on a free display; returns it and the display name.
fn xvfb() -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = std::process::Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("Xvfb runs (Debian package xvfb; .ci/run installs it)");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (child, format!(":{}", line.trim()))
}

/// The real kiosk window under Xvfb, made to panic on the main thread
/// (`ENTRE_TEST_PANIC`, compiled into test builds only) in `App::update`
/// and in `App::view`: iced's run loop would unwind and the process exit
/// 101, losing the out-of-order screen. It must go out of order and exit
/// 70 after `restart_after_s`.
#[test]
fn a_panic_on_the_main_thread_goes_out_of_order_and_exits_70_not_101() {
    let (mut x, display) = xvfb();
    for place in ["update", "view"] {
        let dir = tempfile::tempdir().unwrap();
        let src = common::DEMO.replace("restart_after_s = 60", "restart_after_s = 5");
        let (cfg, _) = common::write_config(&src, dir.path());
        let log = dir.path().join("stderr.log");
        let started = Instant::now();
        let mut kiosk = std::process::Command::new(env!("CARGO_BIN_EXE_entre"))
            .arg("--config")
            .arg(&cfg)
            .env("DISPLAY", &display)
            .env_remove("WAYLAND_DISPLAY")
            .env("ICED_BACKEND", "tiny-skia")
            .env("ENTRE_TEST_PANIC", place)
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let status = loop {
            if let Some(status) = kiosk.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > Duration::from_secs(60) {
                let _ = kiosk.kill();
                panic!("{place}: still running after 60 s");
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        let said = std::fs::read_to_string(&log).unwrap();
        assert_eq!(status.code(), Some(70), "{place}: {said}");
        assert!(
            said.contains(&format!("deliberate panic in {place}")),
            "{place}: {said}"
        );
        assert!(said.contains("out of order"), "{place}: {said}");
        assert!(
            started.elapsed() >= Duration::from_secs(5),
            "{place}: after restart_after_s"
        );
    }
    let _ = x.kill();
    let _ = x.wait();
}
