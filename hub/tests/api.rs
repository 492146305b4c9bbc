//! The kiosk protocol (docs/hub-protocol.md) on the real `entre-hub`
//! binary over real HTTP, on a SQLite file: visits idempotent by id with
//! `rejected` for a visit bad on its own, 413/400 with a reason, 401 for a
//! wrong, mismatched or revoked token (logged once), heartbeat into the
//! fleet, content 404 with nothing published, and `kiosk add|list|revoke`.

mod api_common;

use api_common::*;
use serde_json::{Value, json};

fn post(
    c: &reqwest::blocking::Client,
    url: &str,
    token: &str,
    body: String,
) -> (u16, Value, reqwest::header::HeaderMap) {
    let r = c
        .post(url)
        .bearer_auth(token)
        .header("content-type", "application/json; charset=utf-8")
        .body(body)
        .send()
        .unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let text = r.text().unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
        headers,
    )
}

fn stored(url: &str) -> Vec<entre_hub::store::VisitRow> {
    rt().block_on(async {
        let store = entre_hub::store::open(url, None).await.unwrap();
        store.visits(None, 0, i64::MAX).await.unwrap()
    })
}

#[test]
fn the_kiosk_protocol_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("hub.sqlite").display());
    let mut hub = Hub::new(dir.path(), &db, "");
    hub.start();
    let north = hub.add_kiosk("north-1", "north");
    let south = hub.add_kiosk("south-1", "south");
    assert_ne!(north, south);

    // An unknown office, a bad id and a taken id are refused.
    let out = hub.cmd(&["kiosk", "add", "x-1", "--office", "east"]);
    assert_eq!(out.status.code(), Some(2), "{}", printed(&out));
    assert!(
        printed(&out).contains("\"east\" is not an [[office]]"),
        "{}",
        printed(&out)
    );
    let out = hub.cmd(&["kiosk", "add", "Bad Id", "--office", "north"]);
    assert_eq!(out.status.code(), Some(2), "{}", printed(&out));
    let out = hub.cmd(&["kiosk", "add", "north-1", "--office", "north"]);
    assert_eq!(out.status.code(), Some(1), "{}", printed(&out));
    assert!(
        printed(&out).contains("exists already"),
        "{}",
        printed(&out)
    );

    let c = reqwest::blocking::Client::new();
    let visits_url = |id: &str| format!("{}/v1/kiosks/{id}/visits", hub.url());
    let at = minutes_ago(5);
    let hostile = "'); DROP TABLE visits;--<script>alert(1)</script>";
    let mut sql = visit(&visit_id(1, 4), &at);
    sql["purpose"] = json!(hostile);
    let mut future = visit(&visit_id(1, 5), "2099-01-01T00:00:00.000Z");
    future["language"] = json!("sv");
    let mut unknown = visit(&visit_id(1, 6), &at);
    unknown["name"] = json!("Anna Lind");
    let mut long = visit(&visit_id(1, 7), &at);
    long["errand"] = json!("x".repeat(1000));
    let batch = json!({ "visits": [
        visit(&visit_id(1, 1), &at),
        visit("not-a-uuid", &at),
        visit(&visit_id(1, 2), &at),
        future,
        unknown,
        long,
        sql,
        visit(&visit_id(1, 3), &at),
    ]});
    let (status, answer, _) = post(&c, &visits_url("north-1"), &north, batch.to_string());
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer["accepted"],
        json!([
            visit_id(1, 1),
            visit_id(1, 2),
            visit_id(1, 4),
            visit_id(1, 3)
        ])
    );
    let rejected = answer["rejected"].as_array().unwrap();
    let reasons: Vec<(&str, &str)> = rejected
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(reasons.len(), 4, "{answer}");
    assert_eq!(reasons[0], ("not-a-uuid", "id: not a UUID"));
    assert_eq!(reasons[1].0, visit_id(1, 5));
    assert!(reasons[1].1.contains("future"), "{answer}");
    assert!(reasons[2].1.contains("unknown field \"name\""), "{answer}");
    assert!(
        reasons[3].1.contains("errand: has 1000 characters"),
        "{answer}"
    );

    // Sent again (a lost answer), and by another kiosk: stored once each.
    let (status, again, _) = post(&c, &visits_url("north-1"), &north, batch.to_string());
    assert_eq!(status, 200);
    assert_eq!(again["accepted"], answer["accepted"]);
    let dup = json!({ "visits": [visit(&visit_id(1, 1), &at), visit(&visit_id(2, 1), &at)] });
    let (status, a, _) = post(&c, &visits_url("south-1"), &south, dup.to_string());
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["accepted"], json!([visit_id(1, 1), visit_id(2, 1)]));
    let rows = stored(&db);
    assert_eq!(rows.len(), 5, "{rows:#?}");
    let first = rows.iter().find(|v| v.id == visit_id(1, 1)).unwrap();
    assert_eq!(
        (first.kiosk.as_str(), first.office.as_str()),
        ("north-1", "north")
    );
    assert_eq!(first.learned, Some(true));
    // SQL and HTML are stored as text, unchanged.
    let kept = rows.iter().find(|v| v.id == visit_id(1, 4)).unwrap();
    assert_eq!(kept.purpose, hostile);

    // Not JSON: 400 with a reason; over the cap: 413 with the cap.
    let (status, why, _) = post(&c, &visits_url("north-1"), &north, "{\"visits\": [".into());
    assert_eq!(status, 400);
    assert!(
        why["error"]
            .as_str()
            .unwrap()
            .starts_with("the body is not JSON"),
        "{why}"
    );
    let (status, why, _) = post(
        &c,
        &visits_url("north-1"),
        &north,
        json!({"visits": 5}).to_string(),
    );
    assert_eq!(status, 400, "{why}");
    let huge = format!(
        "{{\"visits\": [], \"pad\": \"{}\"}}",
        "x".repeat(5 * 1024 * 1024)
    );
    let (status, why, _) = post(&c, &visits_url("north-1"), &north, huge);
    assert_eq!(status, 413, "{why}");
    assert!(
        why["error"]
            .as_str()
            .unwrap()
            .contains("at most 4194304 bytes"),
        "{why}"
    );
    let many: Vec<Value> = (0..5001).map(|i| visit(&visit_id(9, i), &at)).collect();
    let (status, why, _) = post(
        &c,
        &visits_url("north-1"),
        &north,
        json!({"visits": many}).to_string(),
    );
    assert_eq!(status, 413, "{why}");
    assert!(
        why["error"].as_str().unwrap().contains("at most 5000"),
        "{why}"
    );
    assert_eq!(stored(&db).len(), 5, "nothing of a refused body is stored");

    // Heartbeat: stored, shown by `fleet`.
    let beat = json!({
        "version": "0.1.0",
        "started_at": "2026-11-29T06:00:01.204Z",
        "outbox": { "mail_pending": 1, "visits_pending": 3, "oldest_pending_at": minutes_ago(2) },
        "last_errors": [{ "at": minutes_ago(1), "what": "content refused: guidance.ar.housing: steps: has 0 items" }],
        "content_version": "c1-d2"
    });
    let (status, _, _) = post(
        &c,
        &format!("{}/v1/kiosks/north-1/heartbeat", hub.url()),
        &north,
        beat.to_string(),
    );
    assert_eq!(status, 204);
    let out = hub.cmd(&["fleet"]);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    let fleet = String::from_utf8_lossy(&out.stdout).to_string();
    let lines: Vec<&str> = fleet.lines().collect();
    assert_eq!(lines.len(), 2, "{fleet}");
    // Never heard from (just added: not yet stale) before the one with errors.
    assert!(lines[0].starts_with("NEVER   south-1"), "{fleet}");
    assert!(
        lines[1].starts_with("ERRORS  north-1  office north  heartbeat "),
        "{fleet}"
    );
    for part in [
        "entre 0.1.0",
        "content c1-d2",
        "outbox 4 (3 visits, 1 mail)",
        "oldest waiting 2 min ago",
        "content refused: guidance.ar.housing",
    ] {
        assert!(lines[1].contains(part), "{part} in {fleet}");
    }

    // Content: nothing published for this office yet.
    let r = c
        .get(format!("{}/v1/kiosks/north-1/content", hub.url()))
        .bearer_auth(&north)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);

    // Wrong token, another kiosk's token, revoked: 401, logged once per kiosk.
    let (status, _, headers) = post(&c, &visits_url("north-1"), "wrong", batch.to_string());
    assert_eq!(status, 401);
    assert_eq!(headers["www-authenticate"], "Bearer");
    let (status, _, _) = post(&c, &visits_url("north-1"), &south, batch.to_string());
    assert_eq!(status, 401);
    let out = hub.cmd(&["kiosk", "revoke", "north-1"]);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    for _ in 0..3 {
        let (status, _, _) = post(&c, &visits_url("north-1"), &north, batch.to_string());
        assert_eq!(status, 401);
    }
    let r = c
        .get(format!("{}/v1/kiosks/north-1/content", hub.url()))
        .bearer_auth(&north)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let log = hub.log_text();
    let refused: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("refused a kiosk request"))
        .collect();
    assert_eq!(refused.len(), 1, "{log}");
    assert!(refused[0].contains("north-1"), "{log}");
    assert!(
        !log.contains(&north) && !log.contains(&south),
        "a token was logged:\n{log}"
    );
    // The other kiosk is not held up.
    let (status, _, _) = post(&c, &visits_url("south-1"), &south, dup.to_string());
    assert_eq!(status, 200);

    let out = hub.cmd(&["kiosk", "list"]);
    let list = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        list.contains("north-1  office north  added ") && list.contains("revoked"),
        "{list}"
    );
    assert!(
        list.contains("south-1  office south") && list.contains("active"),
        "{list}"
    );
    let out = hub.cmd(&["kiosk", "revoke", "nobody"]);
    assert_eq!(out.status.code(), Some(1), "{}", printed(&out));

    // SIGTERM: a graceful stop.
    assert_eq!(hub.terminate(), Some(0));
    assert!(
        hub.log_text().contains("entre-hub stopped"),
        "{}",
        hub.log_text()
    );
}
