//! Walk-in registration's store and network side (`entre::floor`), with
//! real parts: the kiosk's SQLite file, the real `entre-hub` binary
//! (target/release/entre-hub on SQLite; build it first with `cargo build
//! --release -p entre-hub`) and, for a hub that misbehaves (hangs, answers
//! garbage or a code that breaks the rule), the Python test hub
//! (tests/support/hub_server.py), both on 127.0.0.1.

mod common;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::hub::HubServer;
use common::{t, tap, tap_run};
use entre::config::Config;
use entre::floor::{Choice, Need, Outcome, submit};
use entre::outbound::hub::Sync;
use entre::store::{Store, Visit, now_ms};
use entre_core::protocol::{Registration, RegistrationKind, is_code};
use serde_json::Value;

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// The demo kiosk in `dir` with its hub at `url` (none: no hub), its token
/// `token` in a file, and `[floor] confirm_within_s` = `confirm_s`.
fn kiosk(dir: &Path, url: Option<&str>, token: &str, confirm_s: u64) -> (PathBuf, Config) {
    let mut src = common::DEMO.replace(
        "[floor]\nconfirm_within_s = 5",
        &format!("[floor]\nconfirm_within_s = {confirm_s}"),
    );
    assert!(src.contains(&format!("[floor]\nconfirm_within_s = {confirm_s} ")));
    if let Some(url) = url {
        std::fs::write(dir.join("hub-token"), format!("{token}\n")).unwrap();
        src = src.replace(
            "# url = \"https://hub.example.org\"",
            &format!(
                "url = \"{url}\"\ntoken_file = \"hub-token\"\nsync_every_s = 60\ntimeout_s = 10"
            ),
        );
    }
    common::write_config(&src, dir)
}

fn choice() -> Choice {
    Choice {
        errand: Some("preschool".into()),
        language: "ar".into(),
        needs: vec![Need::Seated, Need::Interpreter],
        zone: Some(entre::config::FloorZone {
            id: "computers".into(),
            label: "zone-computers".into(),
        }),
    }
}

/// `submit` as the register screens run it; how long it took.
fn submit_now(
    rt: &tokio::runtime::Runtime,
    store: &Store,
    config: &Config,
    choice: Choice,
) -> (Outcome, Duration) {
    let started = Instant::now();
    let outcome = rt.block_on(submit(
        choice,
        "sv".into(),
        Some(store.clone()),
        Arc::new(config.clone()),
        Arc::new(common::catalog()),
    ));
    // The writes it left behind (marking the row) go through the queue.
    rt.block_on(store.enqueue(|_| Ok(()))).unwrap();
    (outcome, started.elapsed())
}

/// One sync round, as the kiosk's background loop runs it.
fn round(
    rt: &tokio::runtime::Runtime,
    store: &Store,
    config: &Config,
) -> entre::outbound::hub::Round {
    let mut sync = Sync::new(store.clone(), config).unwrap().expect("hub on");
    rt.block_on(sync.round(true))
}

/// What the Python hub got for the registration `id`, latest last.
fn requests_for(hub: &HubServer, id: &str) -> Vec<Value> {
    match hub.state()["registration_requests"].take() {
        Value::Array(all) => all.into_iter().filter(|r| r["id"] == id).collect(),
        other => panic!("registration_requests is {other}"),
    }
}

fn only_pending(store: &Store) -> Registration {
    let due = store.due_registrations(i64::MAX, 10).unwrap();
    assert_eq!(due.len(), 1, "one registration waits: {due:?}");
    due[0].registration.clone()
}

#[test]
fn a_hub_answering_garbage_a_bad_code_or_503_sends_the_visitor_to_the_desk() {
    let rt = rt();
    let hub = HubServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (_, config) = kiosk(dir.path(), Some(&hub.url()), common::hub::TOKEN, 3);
    let store = Store::open(&config.kiosk.database).unwrap();
    let mut ids = Vec::new();
    for mode in [
        serde_json::json!({"registrations_mode": "garbage"}),
        serde_json::json!({"registrations_mode": "badcode"}),
        serde_json::json!({"registrations_mode": "status", "status": 503}),
    ] {
        hub.control(mode.clone());
        let (outcome, took) = submit_now(&rt, &store, &config, choice());
        assert_eq!(outcome, Outcome::Desk, "{mode}");
        assert!(took < Duration::from_secs(3), "{mode}: {took:?}");
        let pending = only_pending(&store);
        assert!(!pending.floor, "{mode}: marked for the desk");
        // What the hub got first: the visitor's registration, for the floor.
        let got = requests_for(&hub, &pending.id);
        assert_eq!(got.len(), 1, "{mode}");
        assert_eq!(got[0]["floor"], true);
        assert_eq!(got[0]["kind"], "walk_in");
        assert_eq!(got[0]["language"], "ar");
        assert_eq!(
            got[0]["needs"],
            serde_json::json!(["seated", "interpreter"])
        );
        assert_eq!(
            got[0]["zone"],
            serde_json::json!({"id": "computers", "label_sv": common::t("sv", "zone-computers")})
        );
        // The outbox sends it again with floor: false once the hub answers.
        hub.control(serde_json::json!({"registrations_mode": "ok"}));
        let r = round(&rt, &store, &config);
        assert_eq!(r.registrations_sent, 1, "{mode}: {r:?}");
        let got = requests_for(&hub, &pending.id);
        assert_eq!(got.len(), 2, "{mode}");
        assert_eq!(got[1]["floor"], false, "{mode}: never on the floor");
        assert_eq!(store.registrations_pending().unwrap(), 0, "{mode}");
        ids.push(pending.id);
    }
    // Each registration is counted as a visit of the "guide" purpose.
    assert_eq!(store.visit_count().unwrap(), 3);
}

#[test]
fn a_hub_that_hangs_gives_the_desk_within_confirm_within_s() {
    let rt = rt();
    let hub = HubServer::start();
    hub.control(serde_json::json!({"registrations_mode": "hang", "hang_s": 8.0}));
    let dir = tempfile::tempdir().unwrap();
    let (_, config) = kiosk(dir.path(), Some(&hub.url()), common::hub::TOKEN, 2);
    let store = Store::open(&config.kiosk.database).unwrap();
    let (outcome, took) = submit_now(&rt, &store, &config, choice());
    assert_eq!(outcome, Outcome::Desk);
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(3),
        "the desk after confirm_within_s: {took:?}"
    );
    assert!(!only_pending(&store).floor);
}

#[test]
fn without_a_hub_the_desk_at_once_and_the_visit_is_counted() {
    let rt = rt();
    let dir = tempfile::tempdir().unwrap();
    let (_, config) = kiosk(dir.path(), None, "", 5);
    let store = Store::open(&config.kiosk.database).unwrap();
    let (outcome, took) = submit_now(&rt, &store, &config, choice());
    assert_eq!(outcome, Outcome::Desk);
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert_eq!(store.visit_count().unwrap(), 1);
    assert_eq!(
        store.registrations_pending().unwrap(),
        0,
        "nothing could ever send it"
    );
    // No database at all: the desk too, never a panic.
    let outcome = rt.block_on(submit(
        choice(),
        "sv".into(),
        None,
        Arc::new(config),
        Arc::new(common::catalog()),
    ));
    assert_eq!(outcome, Outcome::Desk);
}

#[test]
fn a_store_that_cannot_be_written_gives_the_desk() {
    let rt = rt();
    let hub = HubServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (_, config) = kiosk(dir.path(), Some(&hub.url()), common::hub::TOKEN, 2);
    let store = Store::open(&config.kiosk.database).unwrap();
    store.set_give_up(Duration::from_millis(500));
    store.set_busy_timeout(Duration::from_millis(100)).unwrap();
    // Another process holds the write lock for longer than the give-up.
    let other = rusqlite::Connection::open(&config.kiosk.database).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let (outcome, took) = submit_now_unchecked(&rt, &store, &config);
    assert_eq!(outcome, Outcome::Desk);
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert!(
        hub.state()["registration_requests"]
            .as_array()
            .unwrap()
            .is_empty(),
        "nothing is sent that is not stored"
    );
    other.execute_batch("ROLLBACK").unwrap();
}

/// [`submit_now`] without waiting for the queue afterwards.
fn submit_now_unchecked(
    rt: &tokio::runtime::Runtime,
    store: &Store,
    config: &Config,
) -> (Outcome, Duration) {
    let started = Instant::now();
    let outcome = rt.block_on(submit(
        choice(),
        "sv".into(),
        Some(store.clone()),
        Arc::new(config.clone()),
        Arc::new(common::catalog()),
    ));
    (outcome, started.elapsed())
}

#[test]
fn a_registration_left_by_a_dead_kiosk_goes_out_as_floor_false() {
    let hub = HubServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (path, config) = kiosk(dir.path(), Some(&hub.url()), common::hub::TOKEN, 5);
    let at = now_ms() - 60_000;
    let id = uuid::Uuid::new_v4().to_string();
    {
        // Recorded as submit records it, then the power went.
        let store = Store::open(&config.kiosk.database).unwrap();
        let mut visit = Visit::new("guide", "ar");
        visit.at_ms = at;
        visit.errand = Some("preschool".into());
        let registration = Registration {
            id: id.clone(),
            at: entre::outbound::hub::rfc3339(at),
            kind: RegistrationKind::WalkIn,
            errand: Some("preschool".into()),
            language: "ar".into(),
            needs: vec![Need::Private],
            zone: None,
            floor: true,
            checkin: None,
        };
        store
            .record_registration(&visit, &registration, at, at + 15_000)
            .unwrap();
    }
    // After the restart, the kiosk binary's own sync round sends it.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_entre"))
        .args(["sync", "--once", "--config"])
        .arg(&path)
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.contains("hub registrations: 1 sent, 0 refused"),
        "{printed}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = Store::open(&config.kiosk.database).unwrap();
    let got = requests_for(&hub, &id);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["floor"], false, "never on the floor");
    assert_eq!(got[0]["at"], entre::outbound::hub::rfc3339(at));
    assert_eq!(got[0]["needs"], serde_json::json!(["private"]));
    assert_eq!(store.registrations_pending().unwrap(), 0);
    assert_eq!(store.visit_count().unwrap(), 1);
}

#[test]
fn a_registration_still_held_by_submit_is_left_alone_and_400_is_dropped() {
    let rt = rt();
    let hub = HubServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (_, config) = kiosk(dir.path(), Some(&hub.url()), common::hub::TOKEN, 5);
    let store = Store::open(&config.kiosk.database).unwrap();
    let at = now_ms();
    let registration = Registration {
        id: uuid::Uuid::new_v4().to_string(),
        at: entre::outbound::hub::rfc3339(at),
        kind: RegistrationKind::WalkIn,
        errand: None,
        language: "sv".into(),
        needs: vec![],
        zone: None,
        floor: true,
        checkin: None,
    };
    store
        .record_registration(&Visit::new("guide", "sv"), &registration, at, at + 60_000)
        .unwrap();
    let r = round(&rt, &store, &config);
    assert_eq!(
        r.registrations_sent, 0,
        "submit is still asking for its code"
    );
    assert!(requests_for(&hub, &registration.id).is_empty());
    store
        .registration_to_desk(&registration.id, now_ms())
        .unwrap();
    hub.control(serde_json::json!({"registrations_mode": "status", "status": 400}));
    let r = round(&rt, &store, &config);
    assert_eq!(r.registrations_refused, 1, "{r:?}");
    assert!(
        r.error.is_none(),
        "a refused registration does not stop the round"
    );
    assert_eq!(
        store.registrations_pending().unwrap(),
        0,
        "never sent again"
    );
}

#[test]
fn a_check_in_that_reaches_no_officer_goes_on_the_floor_at_once() {
    let rt = rt();
    let hub = HubServer::start();
    let dir = tempfile::tempdir().unwrap();
    let _ = kiosk(dir.path(), Some(&hub.url()), common::hub::TOKEN, 5);
    // A relay that refuses connections: the arrival mail is not accepted.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let src = std::fs::read_to_string(dir.path().join("kiosk.toml")).unwrap().replace(
        "transport = \"file\"           # \"file\" (demo: .eml files) or \"smtp\"",
        &format!("transport = \"smtp\"\nhost = \"127.0.0.1\"\nport = {closed}\nsecurity = \"none\"\ntimeout_s = 2"),
    );
    let config = common::config_from(&src, dir.path());
    let config_arc = Arc::new(config.clone());
    // The kiosk's sync loop, beside the screens; its first round is done
    // before the visitor comes, so only a wake sends at once.
    let store = Store::open(&config.kiosk.database).unwrap();
    let sync = Sync::new(store.clone(), &config).unwrap().unwrap();
    let _loop = rt.spawn(sync.run_forever(config_arc, |_| {}));
    hub.wait_for(Duration::from_secs(10), |s| {
        !s["heartbeats"].as_array().unwrap().is_empty()
    });

    let mut app = common::app_for(config.clone());
    tap(&mut app, "Svenska");
    tap(&mut app, &t("sv", "purpose-checkin"));
    tap(&mut app, "Budget- och skuldrådgivning");
    let started = Instant::now();
    tap_run(&rt, &mut app, "Mohammed Haddad");
    let state = hub.wait_for(Duration::from_secs(5), |s| {
        !s["registration_requests"].as_array().unwrap().is_empty()
    });
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "sent at once: {:?}",
        started.elapsed()
    );
    let got = &state["registration_requests"][0];
    assert_eq!(got["kind"], "checkin_unreached");
    assert_eq!(got["floor"], true, "the floor shows it");
    assert_eq!(
        got["checkin"],
        serde_json::json!({"unit": "Budget- och skuldrådgivning", "officer": "Mohammed Haddad", "reason": "away"})
    );
    assert_eq!(got["errand"], Value::Null);
    assert_eq!(got["needs"], serde_json::json!([]));

    // The relay does not take the arrival mail: "relay".
    tap(&mut app, &t("sv", "checkin-done-button"));
    tap(&mut app, "Svenska");
    tap(&mut app, &t("sv", "purpose-checkin"));
    tap(&mut app, "Ekonomiskt bistånd");
    tap(&mut app, "Anna Lind");
    tap_run(&rt, &mut app, &t("sv", "checkin-confirm-yes"));
    let state = hub.wait_for(Duration::from_secs(10), |s| {
        s["registration_requests"].as_array().unwrap().len() >= 2
    });
    let got = &state["registration_requests"][1];
    assert_eq!(got["kind"], "checkin_unreached");
    assert_eq!(
        got["checkin"],
        serde_json::json!({"unit": "Ekonomiskt bistånd", "officer": "Anna Lind", "reason": "relay"})
    );
    let body = got.to_string();
    assert!(!body.contains("visitor"), "no visitor in {body}");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(store.registrations_pending().unwrap(), 0);
}

// --- the real entre-hub ----------------------------------------------------

fn hub_bin() -> PathBuf {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/entre-hub");
    assert!(
        bin.exists(),
        "{}: build the hub first: cargo build --release -p entre-hub",
        bin.display()
    );
    bin
}

fn hub_cmd(config: &Path, args: &[&str]) -> Output {
    Command::new(hub_bin())
        .arg("--config")
        .arg(config)
        .args(args)
        .env("TZ", "UTC")
        .output()
        .expect("entre-hub runs")
}

fn printed(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

struct RealHub {
    config: PathBuf,
    port: u16,
    child: Option<Child>,
}

impl RealHub {
    fn start(dir: &Path) -> RealHub {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let config = dir.join("hub.toml");
        std::fs::write(
            &config,
            format!(
                r#"[server]
listen = "127.0.0.1:{port}"

[database]
url = "sqlite://hub.sqlite"

[[office]]
id = "centrum"
name = "Medborgarkontoret Centrum"

[mail]
allowed_domains = ["demo.example.org"]

[content]
allowed_link_hosts = ["stockholm.se"]
languages = ["sv"]
"#
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

    fn serve(&mut self) {
        let child = Command::new(hub_bin())
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
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "the hub does not listen on {}",
                self.port
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Registers a kiosk of office centrum; its token.
    fn kiosk_add(&self, id: &str) -> String {
        let out = hub_cmd(&self.config, &["kiosk", "add", id, "--office", "centrum"]);
        assert!(out.status.success(), "{}", printed(&out));
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::trim)
            .rfind(|l| !l.is_empty())
            .expect("a token")
            .to_string()
    }

    /// The state the hub's own store (its SQLite file) has for the
    /// registration `id` (`waiting`, `desk`, ...), if any. (`entre-hub
    /// floor` is the command for people; this asks the store itself.)
    fn state_of(&self, id: &str) -> Option<String> {
        let db = self.config.parent().unwrap().join("hub.sqlite");
        let c = rusqlite::Connection::open(&db).unwrap();
        c.busy_timeout(Duration::from_secs(5)).unwrap();
        c.query_row("SELECT state FROM registration WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .ok()
    }

    /// The ids of the registrations open on the floor (waiting or claimed).
    fn open(&self) -> Vec<String> {
        let db = self.config.parent().unwrap().join("hub.sqlite");
        let c = rusqlite::Connection::open(&db).unwrap();
        c.busy_timeout(Duration::from_secs(5)).unwrap();
        let mut stmt = c
            .prepare("SELECT id FROM registration WHERE state IN ('waiting', 'claimed')")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }
}

impl Drop for RealHub {
    fn drop(&mut self) {
        self.stop();
    }
}

#[test]
fn the_real_hub_gives_a_code_and_never_floors_a_visitor_sent_to_the_desk() {
    let rt = rt();
    let hub_dir = tempfile::tempdir().unwrap();
    let mut hub = RealHub::start(hub_dir.path());
    let token = hub.kiosk_add("demo-entre-1");
    let dir = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{}", hub.port);
    let (_, config) = kiosk(dir.path(), Some(&url), &token, 2);
    let store = Store::open(&config.kiosk.database).unwrap();

    // The hub answers: the visitor's code, and nothing left on the kiosk.
    let (outcome, took) = submit_now(&rt, &store, &config, choice());
    let Outcome::Registered(registered) = outcome else {
        panic!("no code from the real hub: {outcome:?}");
    };
    assert!(is_code(&registered.code), "{registered:?}");
    assert_eq!(registered.ahead, 0);
    assert!(took < Duration::from_secs(2), "{took:?}");
    assert_eq!(store.registrations_pending().unwrap(), 0);
    let first = hub.open();
    assert_eq!(first.len(), 1, "on the floor");
    assert_eq!(hub.state_of(&first[0]).as_deref(), Some("waiting"));

    // A second visitor: the hub is down. The desk, within the wait.
    hub.stop();
    let (outcome, took) = submit_now(&rt, &store, &config, choice());
    assert_eq!(outcome, Outcome::Desk);
    assert!(took < Duration::from_secs(3), "{took:?}");
    let left = only_pending(&store);
    assert!(!left.floor);

    // The hub is back: the outbox sends it (floor: false); the hub keeps it
    // for the figures (state desk), and its floor never shows it.
    hub.serve();
    let r = round(&rt, &store, &config);
    assert_eq!(r.registrations_sent, 1, "{r:?}");
    assert!(r.error.is_none(), "{r:?}");
    assert_eq!(store.registrations_pending().unwrap(), 0);
    assert_eq!(hub.state_of(&left.id).as_deref(), Some("desk"));
    assert_eq!(hub.open(), first, "only the first visitor is on the floor");

    // A check-in to an officer who is away: on the floor as its own row.
    let (_, away) = kiosk(dir.path(), Some(&url), &token, 2);
    rt.block_on(entre::floor::checkin_unreached(
        store.clone(),
        Arc::new(away),
        "Budget- och skuldrådgivning".into(),
        "Mohammed Haddad".into(),
        entre::floor::Unreached::Away,
    ));
    let r = round(&rt, &store, &config);
    assert_eq!(r.registrations_sent, 1, "{r:?}");
    let open = hub.open();
    assert_eq!(open.len(), 2, "{open:?}");
    let unreached = open.iter().find(|id| **id != first[0]).unwrap();
    assert_eq!(hub.state_of(unreached).as_deref(), Some("waiting"));
}

#[test]
fn registrations_the_hub_never_took_are_purged_after_retention_days() {
    let dir = tempfile::tempdir().unwrap();
    let (_, config) = kiosk(dir.path(), None, "", 5);
    let store = Store::open(&config.kiosk.database).unwrap();
    let day = 86_400_000;
    let now = now_ms();
    let mut ids = Vec::new();
    for age in [31 * day, 29 * day] {
        let at = now - age;
        let mut visit = Visit::new("guide", "sv");
        visit.at_ms = at;
        let registration = Registration {
            id: uuid::Uuid::new_v4().to_string(),
            at: entre::outbound::hub::rfc3339(at),
            kind: RegistrationKind::WalkIn,
            errand: None,
            language: "so".into(),
            needs: vec![Need::Interpreter],
            zone: None,
            floor: false,
            checkin: None,
        };
        store
            .record_registration(&visit, &registration, at, at)
            .unwrap();
        ids.push(registration.id);
    }
    store.purge(now, 30, 1100).unwrap();
    let left: Vec<String> = store
        .due_registrations(i64::MAX, 10)
        .unwrap()
        .into_iter()
        .map(|p| p.registration.id)
        .collect();
    assert_eq!(left, vec![ids[1].clone()], "only the one within 30 days");
    assert_eq!(
        store.visit_count().unwrap(),
        2,
        "the visits stay as figures"
    );
}
