//! Hub sync against a real HTTP hub on 127.0.0.1 (tests/support/
//! hub_server.py): visits queued offline and delivered once in order,
//! partial acceptance, rejected visits, content with ETags, refused
//! content, hostile and failing hubs, a killed sync, 14 000 visits, and
//! new content in the UI.

mod common;

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::hub::{HubServer, entre, hub_kiosk, printed};
use common::{shows, t, tap, tap_id};
use entre::outbound::hub::{ContentOutcome, Sync};
use entre::store::{Store, Visit};
use serde_json::{Value, json};

/// `n` visits a second apart, starting `n` seconds ago: info visits, then
/// check-ins, then guidance visits with survey answers.
fn queue(store: &Store, n: usize) -> Vec<Visit> {
    let start = entre::store::now_ms() - n as i64 * 1000;
    let visits: Vec<Visit> = (0..n)
        .map(|i| {
            let mut v = Visit::new("guide", ["sv", "ar", "ti"][i % 3]);
            v.at_ms = start + i as i64 * 1000;
            match i % 3 {
                1 => {
                    v.purpose = "appointment".into();
                    v.checkin_unit = Some("ekonomi".into());
                }
                2 => {
                    v.purpose = "errand".into();
                    v.errand = Some("housing".into());
                }
                _ => {}
            }
            v
        })
        .collect();
    store.record_visits(&visits).unwrap();
    for v in visits.iter().filter(|v| v.errand.is_some()) {
        store.record_survey(&v.id, Some(true), None, None).unwrap();
    }
    visits
}

fn ids(visits: &[Visit]) -> Vec<String> {
    visits.iter().map(|v| v.id.clone()).collect()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn visits_queued_offline_reach_the_hub_once_in_order_of_time() {
    let mut hub = HubServer::start();
    hub.stop();
    let dir = tempfile::tempdir().unwrap();
    let (cfg, config) = hub_kiosk(dir.path(), &hub.url(), "batch_size = 100");
    let store = Store::open(&config.kiosk.database).unwrap();
    let visits = queue(&store, 450);

    // The hub is down: nothing is lost, the reason is given.
    let out = entre(&cfg, &["sync", "--once"]);
    assert_eq!(out.status.code(), Some(1), "{}", printed(&out));
    assert!(
        printed(&out).contains("cannot reach the hub"),
        "{}",
        printed(&out)
    );
    assert_eq!(store.visits_pending().unwrap(), 450);

    // Back, accepting only every other visit of each batch.
    hub.restart();
    hub.control(json!({ "visits_mode": "partial" }));
    let out = entre(&cfg, &["sync", "--once"]);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    assert!(
        printed(&out).contains("hub visits: 225 sent in 5 batches, 225 not accepted, 225 pending"),
        "{}",
        printed(&out)
    );
    let first = hub.visit_requests();
    assert_eq!(
        first.iter().map(Vec::len).collect::<Vec<_>>(),
        [100, 100, 100, 100, 50]
    );
    // In order of time, every visit once.
    assert_eq!(first.concat(), ids(&visits));

    // Those not accepted wait (one sync interval), then go, and only they.
    let out = entre(&cfg, &["sync", "--once"]);
    assert!(
        printed(&out).contains("hub visits: 0 sent in 0 batches"),
        "{}",
        printed(&out)
    );
    std::thread::sleep(Duration::from_millis(5_200));
    hub.control(json!({ "visits_mode": "ok" }));
    let out = entre(&cfg, &["sync", "--once"]);
    assert!(
        printed(&out).contains("hub visits: 225 sent in 3 batches, 0 not accepted, 0 pending"),
        "{}",
        printed(&out)
    );
    let requests = hub.visit_requests();
    let again: Vec<String> = requests[first.len()..].concat();
    let not_accepted_first: Vec<String> = ids(&visits)
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, id)| id)
        .collect();
    assert_eq!(
        again, not_accepted_first,
        "only the refused, in order of time"
    );

    // Exactly once: every visit accepted, none twice.
    let mut accepted = hub.accepted();
    assert_eq!(accepted.len(), 450);
    accepted.sort();
    accepted.dedup();
    assert_eq!(accepted.len(), 450);
    assert_eq!(store.visits_pending().unwrap(), 0);

    // What the hub got of each visit: no personal data, survey and unit.
    let state = hub.state();
    let got: &Vec<Value> = state["accepted_visits"].as_array().unwrap();
    let checkin = got
        .iter()
        .find(|v| v["id"] == visits[1].id.as_str())
        .unwrap();
    assert_eq!(checkin["purpose"], "appointment");
    assert_eq!(checkin["checkin"], json!({ "unit": "ekonomi" }));
    assert_eq!(checkin["language"], "ar");
    assert_eq!(
        checkin["survey"],
        json!({ "learned": null, "self_next_time": null })
    );
    let guidance = got
        .iter()
        .find(|v| v["id"] == visits[2].id.as_str())
        .unwrap();
    assert_eq!(guidance["errand"], "housing");
    assert_eq!(
        guidance["survey"],
        json!({ "learned": true, "self_next_time": null })
    );
    assert_eq!(guidance["checkin"], Value::Null);
    assert!(
        guidance["at"].as_str().unwrap().ends_with('Z'),
        "{}",
        guidance["at"]
    );
    assert_eq!(
        checkin.as_object().unwrap().keys().collect::<Vec<_>>(),
        [
            "at", "checkin", "errand", "id", "language", "purpose", "survey"
        ]
    );
}

#[test]
fn a_guidance_visit_waits_for_its_survey() {
    let hub = HubServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (cfg, config) = hub_kiosk(dir.path(), &hub.url(), "");
    let store = Store::open(&config.kiosk.database).unwrap();
    let mut visit = Visit::new("errand", "sv");
    visit.errand = Some("housing".into());
    store.record_visit(&visit).unwrap();
    let out = entre(&cfg, &["sync", "--once"]);
    assert!(
        printed(&out).contains("hub visits: 0 sent"),
        "{}",
        printed(&out)
    );
    store
        .record_survey(&visit.id, Some(false), Some(true), None)
        .unwrap();
    let out = entre(&cfg, &["sync", "--once"]);
    assert!(
        printed(&out).contains("hub visits: 1 sent"),
        "{}",
        printed(&out)
    );
    let state = hub.state();
    assert_eq!(
        state["accepted_visits"][0]["survey"],
        json!({ "learned": false, "self_next_time": true })
    );
}

/// One bundle of the package as the hub's JSON object form (its review
/// days as texts "YYYY-MM-DD": JSON has no dates).
fn bundle(lang: &str, errand: &str) -> Value {
    let src = std::fs::read_to_string(format!("assets/guidance/{lang}/{errand}.toml")).unwrap();
    let table: toml::Table = toml::from_str(&src).unwrap();
    Value::Object(
        table
            .into_iter()
            .map(|(k, v)| match v {
                toml::Value::Datetime(d) => (k, Value::String(d.to_string())),
                v => (k, serde_json::to_value(v).unwrap()),
            })
            .collect(),
    )
}

/// Content with a new errand ("library-card") in every shipped language
/// and a directory of one unit and one officer.
fn content(version: &str, title: &str) -> Value {
    let mut guidance = serde_json::Map::new();
    for lang in ["sv", "en", "ar", "fa", "so", "ti", "fi", "tr", "pl", "uk"] {
        let mut b = bundle(lang, "housing");
        b["title"] = json!(format!("{title} ({lang})"));
        guidance.insert(lang.into(), json!({ "library-card": b }));
    }
    json!({
        "version": version,
        "guidance": guidance,
        "directory": {
            "units": [{ "id": "bibliotek", "name": "Biblioteket" }],
            "officers": [{ "name": "Hanna Hubsson", "unit": "bibliotek", "email": "hanna@demo.example.org" }]
        }
    })
}

#[test]
fn content_is_fetched_once_refused_whole_when_invalid_and_shown_after_the_visit() {
    let hub = HubServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (cfg, config) = hub_kiosk(dir.path(), &hub.url(), "");
    let config = Arc::new(config);
    // A kiosk running from before the content arrives, mid-visit.
    let rt = runtime();
    let mut app = common::app_for((*config).clone());
    tap(&mut app, "Svenska");
    tap(&mut app, &t("sv", "purpose-guidance"));
    // A check-in for an officer of the config's directory, its mail not
    // yet delivered.
    let anna = app
        .directory()
        .officers
        .iter()
        .find(|o| o.name == "Anna Lind")
        .unwrap()
        .clone();
    let queued = {
        let store = Store::open(&config.kiosk.database).unwrap();
        let visit = Visit::new("appointment", "sv");
        let arrival = entre::outbound::mail::Arrival {
            officer_name: &anna.name,
            officer_email: &anna.email,
            visitor: None,
            arrived_at_ms: visit.at_ms,
            kiosk_id: &config.kiosk.id,
            office: &config.office,
        };
        let mail = entre::outbound::mail::arrival(&common::catalog(), &config.mail.from, &arrival)
            .unwrap();
        store.record_checkin(&visit, &mail, i64::MAX).unwrap()
    };

    hub.control(json!({ "content": content("2026-11-29.1", "Lånekort"), "etag": "\"v1\"" }));

    // The kiosk's own sync (started by boot) fetches it and hands it over;
    // the visit on screen goes on with what it had.
    let changed = next_content_change(&rt, app.boot());
    let _ = app.update(changed);
    assert!(!app_offers(&mut app, "Lånekort (sv)"), "not mid-visit");
    tap(&mut app, &t("sv", "nav-start-over"));
    tap(&mut app, "Svenska");
    tap(&mut app, &t("sv", "purpose-guidance"));
    assert!(app_offers(&mut app, "Lånekort (sv)"), "the new errand");
    common::tap_flowing(&mut app, "Lånekort (sv)");
    let step = bundle("sv", "housing")["steps"][0]
        .as_str()
        .unwrap()
        .to_string();
    assert!(common::find_flowing(&app, &step).is_some(), "{step}");
    tap(&mut app, &t("sv", "nav-start-over"));
    // The hub's directory replaces the config's: its unit only.
    tap(&mut app, "Svenska");
    tap(&mut app, &t("sv", "purpose-checkin"));
    assert!(shows(&app, "Biblioteket"));
    assert!(
        !shows(&app, "Ekonomiskt bistånd"),
        "the config's units are gone"
    );
    tap(&mut app, "Biblioteket");
    assert!(shows(&app, "Hanna Hubsson"));
    // Anna is no longer in the directory: she cannot be chosen, and the
    // mail queued for her is still delivered (by the kiosk's outbox worker,
    // started with the hub sync at boot).
    assert!(!app.directory().officers.iter().any(|o| o.name == anna.name));

    // Unchanged: 304, nothing downloaded.
    let out = entre(&cfg, &["sync", "--once"]);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    assert!(
        printed(&out).contains("hub content: not modified (in use: 2026-11-29.1)"),
        "{}",
        printed(&out)
    );
    let requests = hub.state()["content_requests"].clone();
    assert_eq!(requests[0], json!({ "if_none_match": null, "status": 200 }));
    assert_eq!(
        requests[1],
        json!({ "if_none_match": "\"v1\"", "status": 304 })
    );
    let store = Store::open(&config.kiosk.database).unwrap();
    assert_eq!(
        store.mail(queued).unwrap().unwrap().1,
        entre::store::MailState::Sent
    );
    let eml = std::fs::read_dir(dir.path().join("var/mail"))
        .unwrap()
        .count();
    assert_eq!(eml, 1, "the mail to Anna is out");

    // Invalid content: refused whole, the reasons named, the old kept,
    // and the refusal in the heartbeat of the same round.
    let mut bad = content("2026-11-30.1", "Trasig");
    bad["guidance"]["ar"]["library-card"]["steps"] = json!([]);
    bad["directory"]["officers"][0]["email"] = json!("hanna-at-example");
    bad["directory"]["units"][0]["name"] = json!("Bibl\u{1b}[31mioteket");
    hub.control(json!({ "content": bad, "etag": "\"v2\"" }));
    let out = entre(&cfg, &["sync", "--once"]);
    assert_eq!(out.status.code(), Some(1), "{}", printed(&out));
    let said = printed(&out);
    for needle in [
        "hub content: refused, the content in use stays",
        "guidance.ar.library-card: steps",
        "directory.officers[0].email",
        "directory.units[0].name: contains a control character",
        "hub heartbeat: sent",
    ] {
        assert!(said.contains(needle), "{needle:?} in {said}");
    }
    let state = store.hub_state().unwrap();
    assert_eq!(state.content_version.as_deref(), Some("2026-11-29.1"));
    assert_eq!(state.etag.as_deref(), Some("\"v1\""));
    let in_use = entre::outbound::hub::in_use(&store, &config);
    assert_eq!(in_use.directory.officers[0].name, "Hanna Hubsson");
    assert!(in_use.guidance["sv"].contains_key("library-card"));
    let heartbeat = hub.heartbeats().last().cloned().unwrap();
    assert_eq!(heartbeat["content_version"], "2026-11-29.1");
    let errors = heartbeat["last_errors"].to_string();
    assert!(errors.contains("content refused"), "{heartbeat:#}");

    // The refused document is not downloaded again each round.
    let out = entre(&cfg, &["sync", "--once"]);
    assert!(
        printed(&out).contains("hub content: refused"),
        "{}",
        printed(&out)
    );
}

/// Runs the kiosk's background tasks until the hub sync reports new
/// content, and returns that message.
fn next_content_change(
    rt: &tokio::runtime::Runtime,
    boot: iced::Task<entre::ui::Message>,
) -> entre::ui::Message {
    use iced::futures::StreamExt;
    let mut stream = iced_runtime::task::into_stream(boot).expect("boot starts workers");
    rt.block_on(async {
        loop {
            let next = tokio::time::timeout(Duration::from_secs(30), stream.next()).await;
            match next {
                Ok(Some(iced_runtime::Action::Output(
                    m @ entre::ui::Message::ContentChanged(_),
                ))) => {
                    return m;
                }
                Ok(Some(_)) => {}
                Ok(None) => panic!("the background tasks ended"),
                Err(_) => panic!("no content from the hub within 30 s"),
            }
        }
    })
}

/// Whether the errand list offers `title` on one of its two pages (ten or
/// eleven errands, six to a page).
fn app_offers(app: &mut entre::ui::App, title: &str) -> bool {
    // Six errands a page: forward through the pages of the package's
    // errands and the one added (after them).
    let errands = entre::content::embedded()
        .filter(|(l, ..)| *l == "sv")
        .count()
        + 1;
    for page in 0..errands.div_ceil(6) {
        if page > 0 {
            tap_id(app, entre::ui::widget::NEXT_PAGE_ID);
        }
        if common::find_flowing(app, title).is_some() {
            return true;
        }
    }
    false
}

#[test]
fn failing_and_hostile_hubs_lose_nothing_and_say_why() {
    let hub = HubServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (cfg, config) = hub_kiosk(dir.path(), &hub.url(), "timeout_s = 2");
    let store = Store::open(&config.kiosk.database).unwrap();
    queue(&store, 30);
    let cases = [
        (
            json!({ "visits_mode": "status", "status": 500 }),
            "visits: the hub answered 500",
        ),
        (
            json!({ "visits_mode": "status", "status": 503 }),
            "visits: the hub answered 503",
        ),
        (
            json!({ "visits_mode": "status", "status": 429, "retry_after": "120" }),
            "slow down (429), retry after 120 s",
        ),
        (
            json!({ "visits_mode": "hang", "hang_s": 5 }),
            "no answer within the timeout",
        ),
        (
            json!({ "visits_mode": "garbage" }),
            "answer cannot be used: expected {\"accepted\": [ids]}",
        ),
        (
            json!({ "visits_mode": "huge", "huge_mb": 10 }),
            "larger than 1024 KiB",
        ),
        (
            json!({ "token": "another-token" }),
            "the hub refused the token (401)",
        ),
    ];
    for (setting, reason) in cases {
        hub.reset();
        hub.control(setting.clone());
        let started = Instant::now();
        let out = entre(&cfg, &["sync", "--once"]);
        assert_eq!(out.status.code(), Some(1), "{setting}: {}", printed(&out));
        assert!(
            printed(&out).contains(reason),
            "{setting}: {reason:?} in {}",
            printed(&out)
        );
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{setting}: bounded by the timeout"
        );
        assert_eq!(
            store.visits_pending().unwrap(),
            30,
            "{setting}: nothing lost"
        );
    }
    // A content document of 10 MB is refused, the rest goes on.
    hub.reset();
    hub.control(json!({ "content_mode": "huge", "huge_mb": 10 }));
    let out = entre(&cfg, &["sync", "--once"]);
    assert!(
        printed(&out)
            .contains("content: the hub's answer cannot be used: it is larger than 8192 KiB"),
        "{}",
        printed(&out)
    );
    assert_eq!(store.visits_pending().unwrap(), 0, "visits went before");

    // A missing token never reaches the network.
    std::fs::write(dir.path().join("hub-token"), "").unwrap();
    let out = entre(&cfg, &["sync", "--once"]);
    assert!(
        printed(&out).contains("no usable hub token: [hub] token_file"),
        "{}",
        printed(&out)
    );
    assert!(printed(&out).contains("it is empty"), "{}", printed(&out));
}

#[test]
fn failures_slow_the_kiosk_down_and_are_logged_once() {
    let hub = HubServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (_, config) = hub_kiosk(dir.path(), &hub.url(), "");
    let store = Store::open(&config.kiosk.database).unwrap();
    queue(&store, 3);
    let rt = runtime();
    let mut sync = Sync::new(store.clone(), &config).unwrap().unwrap();

    hub.control(json!({ "token": "rotated" }));
    for _ in 0..3 {
        let round = rt.block_on(sync.round(false));
        assert!(round.error.unwrap().contains("401"));
        assert!(
            sync.wait() >= Duration::from_secs(14 * 60),
            "{:?}",
            sync.wait()
        );
    }
    // Three refusals, one recorded error (and one log line).
    let errors = store.unreported_hub_errors(10).unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(hub.state()["auth_failures"], 3);

    hub.reset();
    hub.control(json!({ "visits_mode": "status", "status": 429, "retry_after": "90" }));
    let round = rt.block_on(sync.round(false));
    assert!(round.error.is_some());
    let wait = sync.wait();
    assert!(
        wait > Duration::from_secs(85) && wait <= Duration::from_secs(90),
        "{wait:?}"
    );

    // A good round ends the failures in a row; its heartbeat carries what
    // went wrong, each kind once.
    hub.reset();
    let round = rt.block_on(sync.round(false));
    assert_eq!(
        (round.error, round.visits_sent, round.heartbeat),
        (None, 3, true)
    );
    assert_eq!(sync.wait(), Duration::from_secs(5));
    let heartbeat = &hub.heartbeats()[0];
    let errors = heartbeat["last_errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{heartbeat:#}");
    assert!(
        errors[0]["what"].as_str().unwrap().contains("401"),
        "{heartbeat:#}"
    );
    assert!(
        errors[1]["what"].as_str().unwrap().contains("429"),
        "{heartbeat:#}"
    );
    assert!(
        errors[0]["at"].as_str().unwrap().ends_with('Z'),
        "{heartbeat:#}"
    );
    assert_eq!(heartbeat["outbox"]["visits_pending"], 0);
    assert_eq!(heartbeat["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        store.unreported_hub_errors(10).unwrap().is_empty(),
        "reported once"
    );
    assert!(store.hub_state().unwrap().last_sync_ms.is_some());
    hub.control(json!({ "visits_mode": "status", "status": 502 }));
    queue(&store, 1);
    let mut waits = Vec::new();
    for _ in 0..4 {
        rt.block_on(sync.round(false));
        waits.push(sync.wait());
    }
    // Backing off: 5 s doubling (each 50–100 % of it), up to 30 min.
    assert!(waits[0] <= Duration::from_secs(5), "{waits:?}");
    assert!(waits[3] >= Duration::from_secs(20), "{waits:?}");

    // Back: the visit goes, the heartbeat reports the 502 once.
    hub.reset();
    let round = rt.block_on(sync.round(true));
    assert_eq!(
        (round.error, round.visits_sent, round.heartbeat),
        (None, 1, true)
    );
    let heartbeat = &hub.heartbeats()[0];
    let errors = heartbeat["last_errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{heartbeat:#}");
    assert!(
        errors[0]["what"].as_str().unwrap().contains("502"),
        "{heartbeat:#}"
    );
}

#[test]
fn a_sync_killed_mid_batch_loses_nothing_and_only_resends() {
    let hub = HubServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (cfg, config) = hub_kiosk(dir.path(), &hub.url(), "batch_size = 100\ntimeout_s = 60");
    let store = Store::open(&config.kiosk.database).unwrap();
    let visits = queue(&store, 300);
    drop(store);

    // The hub takes the first batch and holds its answer; SIGKILL then.
    hub.control(json!({ "visits_mode": "hang", "hang_s": 2 }));
    let mut child = Command::new(env!("CARGO_BIN_EXE_entre"))
        .arg("--config")
        .arg(&cfg)
        .args(["sync", "--once"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    hub.wait_for(Duration::from_secs(20), |s| {
        s["visit_requests"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    });
    child.kill().unwrap();
    child.wait().unwrap();

    hub.control(json!({ "visits_mode": "ok" }));
    let out = entre(&cfg, &["sync", "--once"]);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    assert!(
        printed(&out).contains("300 sent in 3 batches"),
        "{}",
        printed(&out)
    );

    let sent: Vec<String> = hub.visit_requests().concat();
    let all = ids(&visits);
    // Everything once, and the killed batch (the first 100) again.
    let mut expected = all[..100].to_vec();
    expected.extend(all.iter().cloned());
    assert_eq!(sent, expected);
    let mut accepted = hub.accepted();
    accepted.sort();
    let mut all_sorted = all.clone();
    all_sorted.sort();
    assert_eq!(accepted, all_sorted, "each visit accepted exactly once");
    let store = Store::open(&config.kiosk.database).unwrap();
    assert_eq!(store.visits_pending().unwrap(), 0);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn the_hub_going_away_and_coming_back_mid_run() {
    let mut hub = HubServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (_, config) = hub_kiosk(dir.path(), &hub.url(), "");
    let store = Store::open(&config.kiosk.database).unwrap();
    let rt = runtime();
    let mut sync = Sync::new(store.clone(), &config).unwrap().unwrap();
    let first = queue(&store, 5);
    assert_eq!(rt.block_on(sync.round(false)).visits_sent, 5);
    hub.stop();
    let second = queue(&store, 7);
    let round = rt.block_on(sync.round(false));
    assert!(round.error.unwrap().contains("cannot reach the hub"));
    assert_eq!(store.visits_pending().unwrap(), 7);
    hub.restart();
    let round = rt.block_on(sync.round(false));
    assert_eq!((round.visits_sent, round.error), (7, None));
    // The restarted hub has only the second lot: the first was accepted.
    assert_eq!(hub.accepted(), ids(&second));
    assert_eq!(first.len() + second.len(), 12);
    // Content and heartbeat keep their own schedule.
    assert!(matches!(round.content, ContentOutcome::NotAsked));
    assert!(!round.heartbeat);
}

#[test]
fn https_with_a_private_ca() {
    let ca = common::smtp::TestCa::new();
    let hub = HubServer::start_tls(&ca.cert_pem, &ca.key_pem);
    let dir = tempfile::tempdir().unwrap();
    let (cfg, config) = hub_kiosk(dir.path(), &hub.url(), "");
    let store = Store::open(&config.kiosk.database).unwrap();
    queue(&store, 2);
    // Without the city's CA the certificate is not trusted.
    let out = entre(&cfg, &["sync", "--once"]);
    assert_eq!(out.status.code(), Some(1), "{}", printed(&out));
    assert!(
        printed(&out).to_lowercase().contains("certificate"),
        "{}",
        printed(&out)
    );
    let with_ca = std::fs::read_to_string(&cfg).unwrap().replace(
        "token_file = \"hub-token\"",
        &format!(
            "token_file = \"hub-token\"\nca_file = \"{}\"",
            ca.ca_pem.display()
        ),
    );
    std::fs::write(&cfg, with_ca).unwrap();
    let out = entre(&cfg, &["sync", "--once"]);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    assert!(
        printed(&out).contains("hub visits: 2 sent"),
        "{}",
        printed(&out)
    );
    let out = entre(&cfg, &["status"]);
    assert!(printed(&out).contains("hub ca: "), "{}", printed(&out));
    assert!(
        printed(&out).contains("(1 certificates)"),
        "{}",
        printed(&out)
    );
    std::fs::write(&ca.ca_pem, "not a certificate").unwrap();
    let out = entre(&cfg, &["status"]);
    assert!(
        printed(&out).contains("holds no PEM certificate"),
        "{}",
        printed(&out)
    );
    assert_eq!(out.status.code(), Some(1), "{}", printed(&out));
    let out = entre(&cfg, &["sync", "--once"]);
    assert!(
        printed(&out).contains("hub: [hub] ca_file"),
        "{}",
        printed(&out)
    );
}

#[test]
fn entre_status_shows_the_outbox_and_the_last_sync() {
    let hub = HubServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (cfg, config) = hub_kiosk(dir.path(), &hub.url(), "");
    let store = Store::open(&config.kiosk.database).unwrap();
    queue(&store, 4);
    let out = entre(&cfg, &["status"]);
    let said = printed(&out);
    assert!(
        said.contains("outbox: 4 waiting (0 mail, 4 visits), oldest queued"),
        "{said}"
    );
    assert!(
        said.contains("never synced; content from the package"),
        "{said}"
    );
    hub.control(json!({ "content": content("2026-12-01.2", "Lånekort") }));
    let out = entre(&cfg, &["sync", "--once"]);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    assert!(
        printed(&out)
            .contains("hub content: version 2026-12-01.2 in use (10 bundles, 1 units, 1 officers)"),
        "{}",
        printed(&out)
    );
    let out = entre(&cfg, &["status"]);
    let said = printed(&out);
    assert!(
        said.contains("outbox: 0 waiting (0 mail, 0 visits)"),
        "{said}"
    );
    assert!(said.contains("; last sync "), "{said}");
    assert!(
        said.contains("content version 2026-12-01.2 (since "),
        "{said}"
    );
}

/// 14 000 visits (a week offline at 2 000 a day) flushed in one round, as
/// the kiosk does it (in-process, sharing the store with the screens),
/// while the "screens" record a visit every 5 ms. The figures are printed
/// and stated in the README's benchmark section; not a time assertion: a
/// slow machine is not a failure.
#[test]
fn fourteen_thousand_pending_visits_flush_in_order() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let hub = HubServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (_, config) = hub_kiosk(dir.path(), &hub.url(), "");
    let store = Store::open(&config.kiosk.database).unwrap();
    let visits = queue(&store, 14_000);
    let rt = runtime();
    let mut sync = Sync::new(store.clone(), &config).unwrap().unwrap();

    let done = Arc::new(AtomicBool::new(false));
    let screens = std::thread::spawn({
        let (store, done) = (store.clone(), done.clone());
        move || {
            let mut waits = Vec::new();
            while !done.load(Ordering::SeqCst) {
                let started = Instant::now();
                store.record_visit(&Visit::new("guide", "sv")).unwrap();
                waits.push(started.elapsed());
                std::thread::sleep(Duration::from_millis(5));
            }
            waits
        }
    });
    let started = Instant::now();
    let round = rt.block_on(sync.round(false));
    let took = started.elapsed();
    done.store(true, Ordering::SeqCst);
    let mut waits = screens.join().unwrap();

    assert_eq!(round.error, None);
    // Visits recorded before the round began go with it, after the rest.
    let accepted = hub.accepted();
    assert_eq!(accepted.len(), round.visits_sent);
    assert!(
        round.visits_sent < 14_000 + waits.len(),
        "{}",
        round.visits_sent
    );
    assert_eq!(
        accepted[..14_000],
        ids(&visits),
        "all, once, in order of time"
    );
    waits.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    eprintln!(
        "flushed 14 000 visits in {:.2} s ({:.0} visits/s, the test hub's work included); \
         meanwhile {} visits recorded, each waiting p50 {:.1} ms, max {:.1} ms",
        took.as_secs_f64(),
        14_000.0 / took.as_secs_f64(),
        waits.len(),
        ms(waits[waits.len() / 2]),
        ms(*waits.last().unwrap()),
    );
}

#[test]
fn content_with_one_untrusted_address_link_or_name_is_refused_whole() {
    let hub = HubServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (cfg, config) = hub_kiosk(dir.path(), &hub.url(), "");
    hub.control(json!({ "content": content("v1", "Lånekort"), "etag": "\"v1\"" }));
    let out = entre(&cfg, &["sync", "--once"]);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    let store = Store::open(&config.kiosk.database).unwrap();
    assert_eq!(
        store.hub_state().unwrap().content_version.as_deref(),
        Some("v1")
    );

    type Edit = fn(&mut Value);
    let cases: Vec<(Edit, String)> = vec![
        (
            |c| c["directory"]["officers"][0]["email"] = json!("hanna@evil.example"),
            "directory.officers[0].email: \"hanna@evil.example\" is in the domain \"evil.example\", which is not an allowed mail domain".into(),
        ),
        (
            |c| c["directory"]["officers"][0]["email"] = json!("hanna@demo.example.org.evil.example"),
            "is in the domain \"demo.example.org.evil.example\"".into(),
        ),
        (
            |c| c["directory"]["officers"][0]["email"] = json!(common::address_of_255_bytes()),
            "is 255 bytes long (at most 254)".into(),
        ),
        (
            |c| c["directory"]["officers"][0]["name"] = json!("\u{202e}DNIL ANNA"),
            "directory.officers[0].name: contains U+202E".into(),
        ),
        (
            |c| c["directory"]["units"][0]["name"] = json!("Bibliotek\u{200b}et"),
            "directory.units[0].name: contains U+200B".into(),
        ),
        (
            |c| {
                c["guidance"]["fi"]["library-card"]["link"]["url"] =
                    json!("https://www.stockholm.se@evil.example/")
            },
            "guidance.fi.library-card: link.url: \"https://www.stockholm.se@evil.example/\" has a user name or password before the host".into(),
        ),
        (
            |c| {
                c["guidance"]["sv"]["library-card"]["link"]["url"] =
                    json!("https://evil-stockholm.se/")
            },
            "leads to \"evil-stockholm.se\", which is not an allowed link host".into(),
        ),
        (
            |c| c["guidance"]["ar"]["library-card"]["steps"][1] = json!("\u{2067}x\u{2069}"),
            "guidance.ar.library-card.steps[1]: contains U+2067".into(),
        ),
    ];
    for (i, (edit, why)) in cases.into_iter().enumerate() {
        let mut bad = content(&format!("bad-{i}"), "Trasig");
        edit(&mut bad);
        hub.control(json!({ "content": bad, "etag": format!("\"bad-{i}\"") }));
        let out = entre(&cfg, &["sync", "--once"]);
        let said = printed(&out);
        assert_eq!(out.status.code(), Some(1), "case {i}: {said}");
        assert!(
            said.contains("hub content: refused, the content in use stays"),
            "case {i}: {said}"
        );
        assert!(said.contains(&why), "case {i}: {why:?} in {said}");
        // The old content stays, whole.
        let state = store.hub_state().unwrap();
        assert_eq!(state.content_version.as_deref(), Some("v1"), "case {i}");
        let in_use = entre::outbound::hub::in_use(&store, &config);
        assert_eq!(in_use.directory.officers.len(), 1);
        assert_eq!(in_use.directory.officers[0].name, "Hanna Hubsson");
        assert_eq!(in_use.directory.officers[0].email, "hanna@demo.example.org");
        assert_eq!(
            in_use.guidance["sv"]["library-card"].title, "Lånekort (sv)",
            "case {i}"
        );
    }
}

#[test]
fn a_visit_the_hub_rejects_is_done_logged_once_and_still_counted() {
    let hub = HubServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (cfg, config) = hub_kiosk(dir.path(), &hub.url(), "");
    let store = Store::open(&config.kiosk.database).unwrap();
    let visits = queue(&store, 5);
    drop(store);
    let bad = visits[2].id.clone();
    // A hostile reason: an escape sequence, and far too long to echo.
    let reason = format!("unknown field \u{1b}[31m{}", "x".repeat(300));
    hub.control(json!({ "reject": { bad.as_str(): reason } }));

    let out = entre(&cfg, &["sync", "--once"]);
    let said = printed(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains("hub visits: 4 sent in 1 batches, 0 not accepted, 0 pending, 1 rejected"),
        "{said}"
    );
    // The rest of the batch is stored; the rejected one is not.
    let mut expected = ids(&visits);
    expected.retain(|id| *id != bad);
    assert_eq!(hub.accepted(), expected);
    assert_eq!(hub.state()["rejected"], json!([bad]));
    // Logged once, naming the visit and the hub's reason, quoted and cut.
    assert_eq!(said.matches(bad.as_str()).count(), 1, "{said}");
    let line = said.lines().find(|l| l.contains(bad.as_str())).unwrap();
    assert!(line.contains("rejected"), "{line}");
    assert!(line.contains("unknown field \\u{1b}[31mxxx"), "{line}");
    assert!(line.contains("x…\""), "{line}");
    assert!(!said.contains('\u{1b}'), "{said}");

    // Not sent again in the next round, nor logged again.
    let out = entre(&cfg, &["sync", "--once"]);
    let said = printed(&out);
    assert!(
        said.contains("hub visits: 0 sent in 0 batches, 0 not accepted, 0 pending, 0 rejected"),
        "{said}"
    );
    assert!(!said.contains(bad.as_str()), "{said}");
    assert_eq!(hub.visit_requests().concat(), ids(&visits));

    // Still in the kiosk's own figures: five visits, the rejected included.
    let year = jiff::ZonedDateTime::now().year().to_string();
    let out = entre(
        &cfg,
        &["stats", "--period", &year, "--by", "purpose", "--csv"],
    );
    let csv = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        csv.lines().any(|l| l.starts_with("total,5,")),
        "{csv}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What the hub gets of issue 18's answers: a survey answer given on its
/// own goes at once, as `kind: "survey_answer"` with the errand when known
/// and its "Are you …"; a guidance visit waits for its survey and then
/// carries the gender; a walk-in who started meanwhile says so; a visit
/// without them has none of these keys (older hubs read it as before).
#[test]
fn survey_answers_go_at_once_and_visits_carry_gender_and_meanwhile() {
    use entre_core::protocol::Gender;
    let hub = HubServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (cfg, config) = hub_kiosk(dir.path(), &hub.url(), "");
    let store = Store::open(&config.kiosk.database).unwrap();

    let mut guidance = Visit::new("errand", "ar");
    guidance.errand = Some("housing".into());
    store.record_visit(&guidance).unwrap();
    let mut answer = Visit::survey_answer("ti", Some(true), Some(false), Some(Gender::Man));
    answer.errand = Some("preschool".into());
    store.record_visit(&answer).unwrap();
    let walk_in = Visit::new("guide", "sv");
    store.record_visit(&walk_in).unwrap();
    store.record_meanwhile(&walk_in.id).unwrap();

    // The guidance visit waits for its survey; the answer and the walk-in go.
    let out = entre(&cfg, &["sync", "--once"]);
    assert!(
        printed(&out).contains("hub visits: 2 sent"),
        "{}",
        printed(&out)
    );
    let mut sent = hub.accepted();
    sent.sort();
    let mut want = vec![answer.id.clone(), walk_in.id.clone()];
    want.sort();
    assert_eq!(sent, want);

    store
        .record_survey(&guidance.id, Some(false), None, Some(Gender::Woman))
        .unwrap();
    let out = entre(&cfg, &["sync", "--once"]);
    assert!(
        printed(&out).contains("hub visits: 1 sent"),
        "{}",
        printed(&out)
    );

    let state = hub.state();
    let got = |id: &str| -> Value {
        state["accepted_visits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} not at the hub: {state}"))
    };
    let a = got(&answer.id);
    assert_eq!(a["kind"], "survey_answer");
    assert_eq!(a["purpose"], entre::store::SURVEY_PURPOSE);
    assert_eq!(a["errand"], "preschool");
    assert_eq!(a["language"], "ti");
    assert_eq!(
        a["survey"],
        json!({ "learned": true, "self_next_time": false, "gender": "man" })
    );
    assert_eq!(a["checkin"], Value::Null);
    assert!(a.get("meanwhile").is_none(), "{a}");

    let g = got(&guidance.id);
    assert_eq!(
        g["survey"],
        json!({ "learned": false, "self_next_time": null, "gender": "woman" })
    );
    assert!(g.get("kind").is_none(), "a visit is a visit: {g}");
    assert!(g.get("meanwhile").is_none(), "{g}");

    let w = got(&walk_in.id);
    assert_eq!(w["meanwhile"], true);
    assert_eq!(w["purpose"], "guide");
    assert!(w.get("kind").is_none(), "{w}");
    assert_eq!(
        w["survey"],
        json!({ "learned": null, "self_next_time": null })
    );
    // The payload is the protocol's (which refuses unknown fields): the
    // hub's own type reads all three and gives them back unchanged.
    for v in [&a, &g, &w] {
        let parsed: entre_core::protocol::Visit = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(serde_json::to_value(&parsed).unwrap(), *v);
    }
}
