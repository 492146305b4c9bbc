//! The floor from the kiosk's side and IT's: `POST …/registrations` on the
//! real `entre-hub` binary over real HTTP (SQLite file and PostgreSQL),
//! `entre-hub floor`, the closing time and the retention purge of `serve`,
//! the floor figures of `entre-hub stats`, and hub.toml's floor keys.

mod api_common;
mod common;

use std::time::{Duration, Instant};

use api_common::*;
use entre_hub::config;
use entre_hub::store::{
    CheckinUnreached, FloorAction, FloorOutcome, FloorState, NewRegistration, RegistrationKind,
    Unreached,
};
use serde_json::{Value, json};

fn post(
    c: &reqwest::blocking::Client,
    url: &str,
    token: Option<&str>,
    body: String,
) -> (u16, Value, reqwest::header::HeaderMap) {
    let mut r = c
        .post(url)
        .header("content-type", "application/json; charset=utf-8")
        .body(body);
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    let r = r.send().unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let text = r.text().unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
        headers,
    )
}

fn blocking() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// A registration id, fixed by `n`.
fn reg_id(n: u32) -> String {
    format!("0000{n:04x}-0000-4000-8000-00000000abcd")
}

/// An RFC 3339 time `ms_ago` milliseconds before now.
fn ago_ms(ms_ago: i64) -> String {
    let at = jiff::Timestamp::now().as_millisecond() - ms_ago;
    jiff::Timestamp::from_millisecond(at)
        .unwrap()
        .strftime("%Y-%m-%dT%H:%M:%S.%3fZ")
        .to_string()
}

/// A walk-in as the kiosk sends it.
fn walk_in(id: &str, at: &str) -> Value {
    json!({ "id": id, "at": at, "kind": "walk_in", "errand": "preschool", "language": "ar",
        "needs": ["seated", "interpreter"],
        "zone": { "id": "computers", "label_sv": "Vid datorerna" },
        "floor": true, "checkin": null })
}

fn with(mut v: Value, key: &str, x: Value) -> Value {
    v[key] = x;
    v
}

fn floor_lines(hub: &Hub, args: &[&str]) -> String {
    let mut a = vec!["floor"];
    a.extend_from_slice(args);
    let out = hub.cmd(&a);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn hub_toml_floor_keys_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.toml");
    let good = hub_toml(
        1,
        "sqlite://hub.sqlite",
        "[floor]\nwait_warn_min = 12\nclose_at = \"16:30\"\n\n[privacy]\nfloor_retention_days = 7\n",
    )
    .replace(
        "name = \"Medborgarkontoret Söder\"",
        "name = \"Medborgarkontoret Söder\"\nfloor = { wait_warn_min = 20, close_at = \"16:00\" }",
    );
    let c = config::parse(&good, &path).unwrap();
    assert_eq!(c.floor_retention_days, 7);
    assert_eq!(
        c.floor_of("north"),
        config::FloorSettings {
            wait_warn_min: 12,
            close_at: Some((16, 30))
        }
    );
    assert_eq!(
        c.floor_of("south"),
        config::FloorSettings {
            wait_warn_min: 20,
            close_at: Some((16, 0))
        }
    );
    // Left out: 15 minutes, never closed, 30 days.
    let plain = config::parse(&hub_toml(1, "sqlite://hub.sqlite", ""), &path).unwrap();
    assert_eq!(plain.floor_of("north"), config::FloorSettings::default());
    assert_eq!(plain.floor_retention_days, 30);

    let bad = hub_toml(
        1,
        "sqlite://hub.sqlite",
        "[floor]\nwait_warn_min = 0\nclose_at = \"4 pm\"\ncolour = 1\n\n[privacy]\nfloor_retention_days = \"30\"\n",
    )
    .replace(
        "name = \"Medborgarkontoret Söder\"",
        "name = \"Medborgarkontoret Söder\"\nfloor = { close_at = \"24:00\" }",
    );
    std::fs::write(&path, &bad).unwrap();
    let out = run(&path, &["check-config", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", printed(&out));
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    let p = path.display().to_string();
    for e in [
        format!("{p}:14:22: office[1].floor.close_at: \"24:00\" is not a time of day"),
        format!("{p}:22:17: floor.wait_warn_min: 0 is out of range (a whole number from 1 to 480)"),
        format!("{p}:23:12: floor.close_at: \"4 pm\" is not a time of day"),
        format!("{p}:24:1: floor.colour: unknown key"),
        format!("{p}:27:24: privacy.floor_retention_days: expected a whole number"),
    ] {
        assert!(err.contains(&e), "missing {e:?} in:\n{err}");
    }
    // The bundled files pass, with their floor keys.
    for f in ["hub.toml", "packaging/hub.toml"] {
        let c = config::parse(
            &std::fs::read_to_string(root().join(f)).unwrap(),
            &root().join(f),
        )
        .unwrap_or_else(|e| panic!("{f}: {e:?}"));
        assert_eq!(c.floor.wait_warn_min, 15, "{f}");
        assert_eq!(c.floor_retention_days, 30, "{f}");
    }
}

/// The protocol on `db_url`: codes, ahead, the same id again, floor:
/// false, every bad field named, 401, 413; `entre-hub floor` lines.
fn registrations_on(dir: &std::path::Path, db_url: &str) {
    let mut hub = Hub::new(dir, db_url, "");
    hub.start();
    let token = hub.add_kiosk("north-1", "north");
    let other = hub.add_kiosk("south-1", "south");
    let c = blocking();
    let url = format!("{}/v1/kiosks/north-1/registrations", hub.url());

    // Two walk-ins: codes by the rule, the second has one ahead.
    let (s, a, _) = post(
        &c,
        &url,
        Some(&token),
        walk_in(&reg_id(1), &ago_ms(16 * 60_000)).to_string(),
    );
    assert_eq!(s, 200, "{a}");
    let code1 = a["code"].as_str().unwrap().to_string();
    assert!(entre_core::protocol::is_code(&code1), "{a}");
    assert_eq!(a["ahead"], 0, "{a}");
    assert!(a["wait_min"].is_null(), "{a}");
    let second = with(walk_in(&reg_id(2), &ago_ms(60_000)), "needs", json!([]));
    let second = with(second, "zone", Value::Null);
    let second = with(second, "errand", Value::Null);
    let second = with(second, "language", json!("ti"));
    let (s, b, _) = post(&c, &url, Some(&token), second.to_string());
    assert_eq!(s, 200, "{b}");
    let code2 = b["code"].as_str().unwrap().to_string();
    assert!(
        entre_core::protocol::is_code(&code2) && code2 != code1,
        "{b}"
    );
    assert_eq!(b["ahead"], 1, "{b}");
    // The same id again: the same code, stored once.
    let (s, again, _) = post(
        &c,
        &url,
        Some(&token),
        walk_in(&reg_id(1), &ago_ms(16 * 60_000)).to_string(),
    );
    assert_eq!(
        (s, again["code"].as_str()),
        (200, Some(code1.as_str())),
        "{again}"
    );

    // A check-in whose officer was not reached.
    let unreached = json!({ "id": reg_id(3), "at": ago_ms(0), "kind": "checkin_unreached",
        "errand": null, "language": "sv", "needs": [], "zone": null, "floor": true,
        "checkin": { "unit": "Ekonomiskt bistånd", "officer": "Anna Berg", "reason": "away" } });
    let (s, u, _) = post(&c, &url, Some(&token), unreached.to_string());
    assert_eq!(s, 200, "{u}");

    // `entre-hub floor`: oldest first, in Swedish.
    let out = floor_lines(&hub, &["--office", "north"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines[0].starts_with("code  "), "{out}");
    for (line, want) in [
        (
            lines[1],
            vec![
                code1.as_str(),
                "väntar",
                "Förskola",
                "arabiska",
                "Sittplats, Tolk",
                "Vid datorerna",
                "16 min !",
            ],
        ),
        (
            lines[2],
            vec![
                code2.as_str(),
                "väntar",
                "Något annat",
                "tigrinja",
                "–",
                "1 min",
            ],
        ),
        (
            lines[3],
            vec![
                "väntar",
                "Bokad tid: Ekonomiskt bistånd, Anna Berg nåddes inte",
                "svenska",
                "0 min",
            ],
        ),
    ] {
        for w in want {
            assert!(line.contains(w), "{w:?} missing in {line:?}\n{out}");
        }
    }
    // Every office: the office first; the other office's kiosk adds its own.
    let (s, _, _) = post(
        &c,
        &format!("{}/v1/kiosks/south-1/registrations", hub.url()),
        Some(&other),
        walk_in(&reg_id(4), &ago_ms(0)).to_string(),
    );
    assert_eq!(s, 200);
    let all = floor_lines(&hub, &[]);
    assert!(
        all.lines().next().unwrap().starts_with("office  code"),
        "{all}"
    );
    assert_eq!(
        all.lines().filter(|l| l.starts_with("north ")).count(),
        3,
        "{all}"
    );
    assert_eq!(
        all.lines().filter(|l| l.starts_with("south ")).count(),
        1,
        "{all}"
    );
    let out = hub.cmd(&["floor", "--office", "west"]);
    assert_eq!(out.status.code(), Some(2), "{}", printed(&out));
    assert!(
        printed(&out).contains("no office \"west\""),
        "{}",
        printed(&out)
    );

    // floor: false (the kiosk gave up waiting) takes it off the floor, the
    // same code again.
    let gone = with(
        walk_in(&reg_id(1), &ago_ms(16 * 60_000)),
        "floor",
        json!(false),
    );
    let (s, g, _) = post(&c, &url, Some(&token), gone.to_string());
    assert_eq!((s, g["code"].as_str()), (200, Some(code1.as_str())), "{g}");
    let out = floor_lines(&hub, &["--office", "north"]);
    assert!(!out.contains(&code1), "{out}");
    assert!(out.contains(&code2), "{out}");

    // Bad bodies: 400 naming the field; nothing stored.
    let bad = [
        (
            with(walk_in(&reg_id(9), &ago_ms(0)), "name", json!("Anna")),
            "name",
        ),
        (
            with(
                walk_in(&reg_id(9), &ago_ms(0)),
                "zone",
                json!({"id": "sofas", "label_sv": "Sof\u{202e}forna"}),
            ),
            "zone.label_sv: contains U+202E (a bidi control character)",
        ),
        (
            json!({ "id": reg_id(9), "at": ago_ms(0), "kind": "checkin_unreached",
                "errand": null, "language": "sv", "needs": [], "zone": null, "floor": true,
                "checkin": { "unit": "Ekonomi", "officer": "o".repeat(200), "reason": "relay" } }),
            "checkin.officer: has 200 characters (at most 80)",
        ),
        (
            with(walk_in(&reg_id(9), &ago_ms(0)), "language", json!("Arabic")),
            "language: \"Arabic\" is not a language code",
        ),
        (
            with(
                walk_in(&reg_id(9), &ago_ms(0)),
                "at",
                json!(ago_ms(-10 * 60_000)),
            ),
            "at: ",
        ),
    ];
    for (body, why) in bad {
        let (s, e, _) = post(&c, &url, Some(&token), body.to_string());
        assert_eq!(s, 400, "{e}");
        let msg = e["error"].as_str().unwrap_or_default();
        assert!(msg.contains(why), "{msg:?} should name {why:?}");
    }
    let (s, e, _) = post(&c, &url, Some(&token), "{not json".into());
    assert_eq!(s, 400, "{e}");
    // 401 without a token, with another kiosk's, 413 over 16 KiB.
    let (s, _, h) = post(&c, &url, None, walk_in(&reg_id(9), &ago_ms(0)).to_string());
    assert_eq!(s, 401);
    assert_eq!(h["www-authenticate"], "Bearer");
    let (s, _, _) = post(
        &c,
        &url,
        Some(&other),
        walk_in(&reg_id(9), &ago_ms(0)).to_string(),
    );
    assert_eq!(s, 401);
    let big = with(
        walk_in(&reg_id(9), &ago_ms(0)),
        "errand",
        json!("x".repeat(17 * 1024)),
    );
    let (s, e, _) = post(&c, &url, Some(&token), big.to_string());
    assert_eq!(s, 413, "{e}");
    let out = floor_lines(&hub, &["--office", "north"]);
    assert_eq!(out.lines().count(), 3, "nothing bad was stored:\n{out}");
    hub.terminate();
}

#[test]
fn registrations_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("hub.sqlite").display());
    registrations_on(dir.path(), &url);
}

fn ms(s: &str) -> i64 {
    s.parse::<jiff::Timestamp>().unwrap().as_millisecond()
}

fn new_reg(n: u32, at_ms: i64, errand: Option<&str>, floor: bool) -> NewRegistration {
    NewRegistration {
        id: reg_id(n),
        office: "north".into(),
        kiosk: Some("north-1".into()),
        registered_by: None,
        at_ms,
        kind: RegistrationKind::WalkIn,
        errand: errand.map(String::from),
        language: "ar".into(),
        needs: vec![],
        zone: None,
        checkin: None,
        floor,
        day: entre_hub::floor::local_day(at_ms, &entre_hub::floor::zone("Europe/Stockholm")),
    }
}

fn stats_csv(hub: &Hub, by: &str) -> String {
    let out = hub.cmd(&[
        "stats",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--by",
        by,
        "--csv",
        "--floor",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// Known claim times give exact figures; the retention purge deletes the
/// registrations and keeps the figures; close_at closes what is open as
/// not met, at start-up too.
fn figures_close_and_purge_on(dir: &std::path::Path, db_url: &str) {
    let rt = rt();
    let store = rt.block_on(entre_hub::store::open(db_url, None)).unwrap();
    let base = ms("2026-03-10T08:00:00Z");
    rt.block_on(async {
        // housing: waits of 1..10 minutes, services of twice that.
        for m in 1..=10i64 {
            let at = base + m * 3_600_000;
            store
                .registration_add(&new_reg(m as u32, at, Some("housing"), true), at)
                .await
                .unwrap();
            let claimed = at + m * 60_000;
            let o = store
                .floor_act(&reg_id(m as u32), "guide-a", FloorAction::Claim, claimed)
                .await
                .unwrap();
            assert!(matches!(o, FloorOutcome::Changed(_)), "{o:?}");
            store
                .floor_act(
                    &reg_id(m as u32),
                    "guide-a",
                    FloorAction::Done,
                    claimed + 2 * m * 60_000,
                )
                .await
                .unwrap();
        }
        // Something else: one left before help, one not met at closing.
        store
            .registration_add(&new_reg(20, base, None, true), base)
            .await
            .unwrap();
        store
            .floor_act(&reg_id(20), "guide-a", FloorAction::Left, base + 60_000)
            .await
            .unwrap();
        store
            .registration_add(&new_reg(21, base + 1, None, true), base + 1)
            .await
            .unwrap();
        assert_eq!(
            store
                .floor_close_open("north", base + 2, base + 8 * 3_600_000)
                .await
                .unwrap(),
            1
        );
        // Sent to the desk, and a check-in whose officer was not reached.
        store
            .registration_add(&new_reg(22, base, Some("housing"), false), base)
            .await
            .unwrap();
        let mut u = new_reg(23, base, None, true);
        u.kind = RegistrationKind::CheckinUnreached;
        u.language = "sv".into();
        u.checkin = Some(CheckinUnreached {
            unit: "Ekonomi".into(),
            officer: "Anna Berg".into(),
            reason: Unreached::Relay,
        });
        store.registration_add(&u, base).await.unwrap();
    });
    let mut hub = Hub::new(dir, db_url, "");
    // Under [privacy] min_cell (5): "something else"'s 2 walk-ins, 1 left
    // and 1 not met are hidden, and housing's 10 with them (else 12 − 10
    // gives the 2 away); the total is shown.
    let expected_csv = format!(
        "errand,walk_ins,waited,wait_median_s,wait_p90_s,served,service_median_s,service_p90_s,closed,left,left_share_pct,not_met\n\
        -,–,0,,,0,,,–,–,,–\n\
        housing,–,10,300,540,10,600,1080,–,0,,0\n\
        total,12,10,300,540,10,600,1080,12,1,8.3,1\n\
        desk,1\n\
        checkin_unreached,1\n\
        note,{}\n",
        entre_core::stats::csv_field(&entre_core::stats::suppress::footnote(5))
    );
    assert_eq!(stats_csv(&hub, "errand"), expected_csv);
    assert!(stats_csv(&hub, "language").starts_with("language,walk_ins,"));
    // Any other --by: by errand. The table after the visits' table.
    assert_eq!(stats_csv(&hub, "hour"), expected_csv);
    let out = hub.cmd(&[
        "stats",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--by",
        "office",
    ]);
    let table = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    let visits_at = table.find("by office").expect("the visits' table first");
    let floor_at = table.find("the floor (walk-ins").expect("then the floor's");
    assert!(visits_at < floor_at, "{table}");
    let north = table[floor_at..]
        .lines()
        .find(|l| l.starts_with("north"))
        .unwrap();
    let cells: Vec<&str> = north.split_whitespace().collect();
    assert_eq!(
        cells,
        [
            // One left and one not met: under min_cell (5), hidden even
            // in the only row (the total row below shows them).
            "north", "12", "10", "5.0", "9.0", "10", "10.0", "18.0", "–", "–", "–"
        ],
        "{table}"
    );
    assert!(
        table.contains("sent to the reception (the kiosk could not reach the guides): 1"),
        "{table}"
    );
    assert!(
        table.contains("check-ins whose officer was not reached: 1"),
        "{table}"
    );

    // One open today; close_at = 00:00 has passed: at start-up the serve
    // jobs close both open ones as not met and purge what is closed and
    // older than 30 days.
    let now = jiff::Timestamp::now().as_millisecond();
    rt.block_on(store.registration_add(&new_reg(30, now - 5 * 60_000, Some("work"), true), now))
        .unwrap();
    assert_eq!(floor_lines(&hub, &[]).lines().count(), 3);
    std::fs::write(
        &hub.config,
        hub_toml(hub.port, db_url, "[floor]\nclose_at = \"00:00\"\n"),
    )
    .unwrap();
    hub.start();
    let until = Instant::now() + Duration::from_secs(30);
    while !floor_lines(&hub, &[]).starts_with("nobody on the floor") {
        assert!(Instant::now() < until, "not closed:\n{}", hub.log_text());
        std::thread::sleep(Duration::from_millis(200));
    }
    let until = Instant::now() + Duration::from_secs(30);
    while rt
        .block_on(store.registration(&reg_id(1)))
        .unwrap()
        .is_some()
    {
        assert!(Instant::now() < until, "not purged:\n{}", hub.log_text());
        std::thread::sleep(Duration::from_millis(200));
    }
    let today = rt
        .block_on(store.registration(&reg_id(30)))
        .unwrap()
        .unwrap();
    assert_eq!(today.state, FloorState::NotMet);
    assert_eq!(
        rt.block_on(store.registration(&reg_id(23))).unwrap(),
        None,
        "closed, then purged"
    );
    let log = hub.log_text();
    assert!(log.contains("closed as not met"), "{log}");
    assert!(log.contains("older than 30 days deleted"), "{log}");
    // The figures are the same without the registrations.
    assert_eq!(stats_csv(&hub, "errand"), expected_csv);
    hub.terminate();
}

#[test]
fn figures_close_and_purge_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("hub.sqlite").display());
    figures_close_and_purge_on(dir.path(), &url);
}

#[test]
fn registrations_on_postgres() {
    let dir = tempfile::tempdir().unwrap();
    registrations_on(dir.path(), &common::pg::fresh_url());
}

#[test]
fn figures_close_and_purge_on_postgres() {
    let dir = tempfile::tempdir().unwrap();
    figures_close_and_purge_on(dir.path(), &common::pg::fresh_url());
}

#[test]
fn postgres_away_is_503_with_retry_after_then_the_same_code() {
    let cluster = common::pg::PgCluster::start();
    let db = cluster.url(&cluster.create_db());
    let dir = tempfile::tempdir().unwrap();
    let mut hub = Hub::new(dir.path(), &db, "");
    hub.start();
    let token = hub.add_kiosk("north-1", "north");
    let c = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(90))
        .build()
        .unwrap();
    let url = format!("{}/v1/kiosks/north-1/registrations", hub.url());
    let body = walk_in(&reg_id(1), &ago_ms(0)).to_string();
    // The token is checked first: one request to warm the pool.
    let (s, first, _) = post(&c, &url, Some(&token), body.clone());
    assert_eq!(s, 200, "{first}");
    cluster.stop();
    let (s, e, h) = post(
        &c,
        &url,
        Some(&token),
        walk_in(&reg_id(2), &ago_ms(0)).to_string(),
    );
    assert_eq!(s, 503, "{e}");
    assert_eq!(h["retry-after"], "5");
    cluster.restart();
    let until = Instant::now() + Duration::from_secs(60);
    loop {
        let (s, again, _) = post(&c, &url, Some(&token), body.clone());
        if s == 200 {
            assert_eq!(again["code"], first["code"], "the same id, the same code");
            break;
        }
        assert_eq!(s, 503, "{again}");
        assert!(Instant::now() < until, "no 200 within 60 s of the restart");
        std::thread::sleep(Duration::from_millis(500));
    }
    hub.terminate();
}
