//! Never lose a visit, never send twice: the kiosk beside another process
//! that holds the database's write lock (as a long `entre purge` does), and
//! beside `entre sync --once` while a slow relay takes its time. Real
//! SQLite files, the real SMTP test server, the screens in the simulator
//! with their tasks running in the background as the runtime runs them.

mod common;

use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::smtp::{Options, SmtpServer};
use common::{shows, t};
use entre::ui::app::Screen;
use entre::ui::{App, Message};
use iced::futures::StreamExt;

/// Runs the app's tasks on a runtime in the background and hands their
/// messages back to the test thread, which owns the app: the screens go
/// on while a write or a send is still under way.
struct Driver {
    rt: tokio::runtime::Runtime,
    tx: mpsc::Sender<Message>,
    rx: mpsc::Receiver<Message>,
}

impl Driver {
    fn new() -> Self {
        let (tx, rx) = mpsc::channel();
        Driver {
            rt: tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .unwrap(),
            tx,
            rx,
        }
    }

    fn run(&self, task: iced::Task<Message>) {
        let Some(mut stream) = iced_runtime::task::into_stream(task) else {
            return;
        };
        let tx = self.tx.clone();
        self.rt.spawn(async move {
            while let Some(action) = stream.next().await {
                if let iced_runtime::Action::Output(m) = action {
                    let _ = tx.send(m);
                }
            }
        });
    }

    fn tap(&self, app: &mut App, label: &str) {
        for m in common::click(app, label) {
            let task = app.update(m);
            self.run(task);
        }
    }

    /// Feeds the app what its tasks say until `done` holds or `limit` has
    /// passed; whether `done` held.
    fn pump_until(&self, app: &mut App, limit: Duration, done: impl Fn(&App) -> bool) -> bool {
        let deadline = Instant::now() + limit;
        loop {
            if done(app) {
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            if let Ok(m) = self.rx.recv_timeout(left.min(Duration::from_millis(20))) {
                let task = app.update(m);
                self.run(task);
            }
        }
    }
}

/// The demo kiosk's config with its mail going to the relay on `port`,
/// `edit` applied, written to `dir/kiosk.toml` (for the `entre` binary).
fn kiosk(
    dir: &std::path::Path,
    port: u16,
    edit: impl FnOnce(String) -> String,
) -> (std::path::PathBuf, entre::config::Config) {
    let src = common::DEMO.replace(
        "transport = \"file\"           # \"file\" (demo: .eml files) or \"smtp\"",
        &format!(
            "transport = \"smtp\"\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\ntimeout_s = 20"
        ),
    );
    common::write_config(&edit(src), dir)
}

fn officer_says(id: &str) -> String {
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("officer", "Anna Lind".to_string());
    common::catalog().text("sv", id, Some(&args))
}

/// Taps through a check-in with Anna Lind, from the purpose screen.
fn check_in(d: &Driver, app: &mut App) {
    d.tap(app, &t("sv", "purpose-checkin"));
    d.tap(app, "Ekonomiskt bistånd");
    d.tap(app, "Anna Lind");
    d.tap(app, &t("sv", "checkin-confirm-yes"));
}

fn query<T: rusqlite::types::FromSql>(db: &std::path::Path, sql: &str) -> Vec<T> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut stmt = c.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn entre(config: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_entre"))
        .arg("--config")
        .arg(config)
        .args(args)
        .output()
        .unwrap()
}

fn message_ids(server: &SmtpServer) -> Vec<String> {
    server
        .messages()
        .iter()
        .map(|m| {
            m.raw
                .lines()
                .find_map(|l| {
                    l.strip_prefix("Message-ID: ")
                        .or_else(|| l.strip_prefix("Message-Id: "))
                })
                .unwrap_or_else(|| panic!("no Message-ID in\n{}", m.raw))
                .to_string()
        })
        .collect()
}

#[test]
fn a_locked_database_keeps_the_kiosk_going_and_loses_no_visit() {
    let d = Driver::new();
    let server = SmtpServer::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let (_, config) = kiosk(dir.path(), server.port, |s| s);
    let db = config.kiosk.database.clone();
    let mut app = common::app_for(config.clone());

    // Another process takes the write lock, as a long purge does, and
    // keeps it longer than any busy timeout of the kiosk.
    let lock = rusqlite::Connection::open(&db).unwrap();
    lock.execute_batch("BEGIN IMMEDIATE").unwrap();
    let locked = Instant::now();

    // A visitor who came to borrow a computer goes on at once…
    d.tap(&mut app, "Svenska");
    d.tap(&mut app, &t("sv", "purpose-computer"));
    assert!(matches!(app.screen(), Screen::Destination(_)));
    d.tap(&mut app, &t("sv", "nav-back"));
    // …and one with an appointment gets an honest answer in time: the
    // relay has the mail, though its outbox row waits in memory.
    check_in(&d, &mut app);
    let asked = Instant::now();
    let confirm = Duration::from_secs(config.checkin.confirm_within_s);
    assert!(
        d.pump_until(&mut app, confirm + Duration::from_millis(500), |a| shows(
            a,
            &officer_says("checkin-done-ok")
        )),
        "the visitor is told within confirm_within_s that the officer was reached"
    );
    assert!(asked.elapsed() <= confirm + Duration::from_millis(500));
    assert_eq!(server.wait_for(1, Duration::from_secs(5)).len(), 1);

    // The lock stays past the 5 s busy timeout of commands: the kiosk
    // stays in order, and nothing is in the database yet.
    d.pump_until(
        &mut app,
        Duration::from_secs(6).saturating_sub(locked.elapsed()),
        |_| false,
    );
    assert!(!app.is_fatal(), "a locked database is not out of order");
    assert!(!matches!(app.screen(), Screen::OutOfOrder));
    assert_eq!(query::<i64>(&db, "SELECT count(*) FROM visit"), [0]);

    lock.execute_batch("COMMIT").unwrap();
    // Both visits go in, in the order they were made, and the mail is
    // recorded as sent.
    let written = d.pump_until(&mut app, Duration::from_secs(10), |_| {
        query::<Option<i64>>(&db, "SELECT sent_ms FROM outbox WHERE kind = 'mail'")
            .first()
            .is_some_and(Option::is_some)
    });
    assert!(
        written,
        "the mail is recorded as sent once the lock is gone"
    );
    assert_eq!(
        query::<String>(&db, "SELECT purpose FROM visit ORDER BY rowid"),
        ["computer", "appointment"]
    );
    assert!(!app.is_fatal());

    // Another sender finds nothing left to send: one message in all.
    let store = entre::store::Store::open(&db).unwrap();
    let outbox = entre::outbound::worker::Outbox::new(
        store,
        entre::outbound::mail::Sender::from_config(&config.mail).unwrap(),
        Duration::from_secs(3600),
    );
    outbox.recover().unwrap();
    let report = d.rt.block_on(outbox.run_once()).unwrap();
    assert_eq!(report.sent, 0);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(server.messages().len(), 1, "exactly once");
}

#[test]
fn a_database_that_stays_locked_past_store_give_up_s_is_out_of_order() {
    let d = Driver::new();
    let dir = tempfile::tempdir().unwrap();
    let (_, config) = kiosk(dir.path(), 1, |s| {
        s.replace(
            "restart_after_s = 60",
            "restart_after_s = 60\nstore_give_up_s = 2",
        )
    });
    let db = config.kiosk.database.clone();
    let mut app = common::app_for(config);
    let lock = rusqlite::Connection::open(&db).unwrap();
    lock.execute_batch("BEGIN IMMEDIATE").unwrap();

    d.tap(&mut app, "Svenska");
    let tapped = Instant::now();
    d.tap(&mut app, &t("sv", "purpose-computer"));
    assert!(
        !d.pump_until(&mut app, Duration::from_millis(1500), App::is_fatal),
        "not before store_give_up_s"
    );
    assert!(
        d.pump_until(&mut app, Duration::from_secs(6), App::is_fatal),
        "out of order once the database stayed locked for store_give_up_s"
    );
    assert!(tapped.elapsed() >= Duration::from_secs(2));
    assert!(matches!(app.screen(), Screen::OutOfOrder));
    lock.execute_batch("COMMIT").unwrap();
}

#[test]
fn sync_once_beside_a_kiosk_waiting_on_a_slow_relay_sends_nothing_twice() {
    let d = Driver::new();
    let delay = Duration::from_secs(3);
    let server = SmtpServer::start(Options {
        data_delay: Some(delay),
        ..Options::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let (path, config) = kiosk(dir.path(), server.port, |s| {
        s.replace("confirm_within_s = 5", "confirm_within_s = 1")
    });
    let db = config.kiosk.database.clone();
    let mut app = common::app_for(config);

    d.tap(&mut app, "Svenska");
    check_in(&d, &mut app);
    let sent = Instant::now();
    // The relay has not answered within confirm_within_s: the visitor is
    // told to ask at the desk, while the send goes on.
    assert!(
        d.pump_until(&mut app, Duration::from_secs(3), |a| shows(
            a,
            &officer_says("checkin-done-failed")
        )),
        "not confirmed yet"
    );
    assert!(sent.elapsed() < delay);

    // A second sender meanwhile: it leaves the kiosk's lease alone.
    let out = entre(&path, &["sync", "--once"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("mail: 0 sent"), "{said}");

    // The kiosk's send ends in the background and is recorded as sent.
    let recorded = d.pump_until(&mut app, Duration::from_secs(10), |_| {
        query::<Option<i64>>(&db, "SELECT sent_ms FROM outbox WHERE kind = 'mail'")
            .first()
            .is_some_and(Option::is_some)
    });
    assert!(recorded, "the late acceptance is recorded");
    let out = entre(&path, &["sync", "--once"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("mail: 0 sent, 0 failed, 0 given up, 0 pending")
    );

    let ids = message_ids(&server);
    assert_eq!(ids.len(), 1, "one message for one check-in: {ids:?}");
}

#[test]
fn recover_releases_the_lease_of_a_process_that_died_but_not_a_running_ones() {
    let server = SmtpServer::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let (path, config) = kiosk(dir.path(), server.port, |s| s);
    let store = entre::store::Store::open(&config.kiosk.database).unwrap();
    let officer = &config.officers[0];
    let mut ids = Vec::new();
    for _ in 0..2 {
        let visit = entre::store::Visit::new("appointment", "sv");
        let mail = entre::outbound::mail::arrival(
            &common::catalog(),
            &config.mail.from,
            &entre::outbound::mail::Arrival {
                officer_name: &officer.name,
                officer_email: &officer.email,
                visitor: None,
                arrived_at_ms: visit.at_ms,
                kiosk_id: &config.kiosk.id,
                office: &config.office,
            },
        )
        .unwrap();
        // Leased by this (running) process for two minutes.
        ids.push(
            store
                .record_checkin(
                    &visit,
                    &mail,
                    entre::outbound::worker::Outbox::first_lease_until(),
                )
                .unwrap(),
        );
    }
    // The first one's holder died: a process that has exited since.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    let me = entre::store::lease::owner();
    let (boot, _) = me.split_once(':').unwrap();
    let dead = format!("{boot}:{pid}:1");
    rusqlite::Connection::open(&config.kiosk.database)
        .unwrap()
        .execute(
            "UPDATE outbox SET lease_owner = ?1 WHERE id = ?2",
            rusqlite::params![dead, ids[0]],
        )
        .unwrap();

    let out = entre(&path, &["sync", "--once"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("mail: 1 sent"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let got = server.wait_for(1, Duration::from_secs(5));
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        server.messages().len(),
        1,
        "the running holder's mail is left to it"
    );
    let state = |id| store.mail(id).unwrap().unwrap().1;
    assert_eq!(state(ids[0]), entre::store::MailState::Sent);
    assert_eq!(state(ids[1]), entre::store::MailState::Pending);
    assert_eq!(got[0].rcpt_tos, vec![officer.email.clone()]);
}
