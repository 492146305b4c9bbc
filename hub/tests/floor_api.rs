//! The floor from the kiosk's side and IT's: `POST …/registrations` on the
//! real `entre-hub` binary over real HTTP (SQLite file and PostgreSQL),
//! `entre-hub floor`, the closing time and the retention purge of `serve`,
//! the floor figures of `entre-hub stats`, and hub.toml's floor keys.

#![allow(dead_code, unused_imports)] // TODO: the API tests below use them

mod api_common;
mod common;

use std::time::{Duration, Instant};

use api_common::*;
use entre_hub::config;
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
