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

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn shows_out_of_order_in(app: &entre::ui::App, langs: &[String]) {
    assert!(matches!(app.screen(), Screen::OutOfOrder));
    for lang in langs {
        assert!(shows(app, &t(lang, "out-of-order-title")), "{lang}");
    }
}

#[test]
fn a_panic_in_a_task_puts_the_kiosk_out_of_order_and_it_exits_for_a_restart() {
    let rt = rt();
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
