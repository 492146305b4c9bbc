//! Faults, each losing nothing: `kill -9` of the hub while 30 kiosks send
//! (every visit present exactly once after a restart and a resend), and a
//! SQLite database locked by another connection (503 with Retry-After,
//! nothing half-stored, then success).

mod api_common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use api_common::*;
use serde_json::{Value, json};

const KIOSKS: u32 = 30;
const BATCHES: u32 = 20;
const PER_BATCH: u32 = 50;

/// Posts one batch until the hub answers 200 (a killed hub refuses
/// connections; a kiosk waits and tries again). Returns the accepted ids.
async fn send_until_accepted(
    c: &reqwest::Client,
    url: &str,
    token: &str,
    body: &str,
) -> Vec<String> {
    let until = Instant::now() + Duration::from_secs(120);
    loop {
        let r = c
            .post(url)
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await;
        if let Ok(r) = r
            && r.status().as_u16() == 200
            && let Ok(a) = r.json::<Value>().await
        {
            return a["accepted"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect();
        }
        assert!(Instant::now() < until, "the hub never took a batch again");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn batch(kiosk: u32, b: u32, at: &str) -> (Vec<String>, String) {
    let ids: Vec<String> = (0..PER_BATCH)
        .map(|i| visit_id(kiosk, b * PER_BATCH + i))
        .collect();
    let body =
        json!({ "visits": ids.iter().map(|id| visit(id, at)).collect::<Vec<_>>() }).to_string();
    (ids, body)
}

#[test]
fn kill_9_while_30_kiosks_send_loses_nothing_and_stores_each_visit_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("hub.sqlite").display());
    let mut hub = Hub::new(dir.path(), &db, "");
    hub.start();
    let tokens: Vec<String> = (0..KIOSKS)
        .map(|k| {
            hub.add_kiosk(
                &format!("k-{k}"),
                if k % 2 == 0 { "north" } else { "south" },
            )
        })
        .collect();
    let url = hub.url();
    let at = minutes_ago(10);
    let sent = Arc::new(AtomicUsize::new(0));
    let runtime = rt();
    let tasks: Vec<_> = (0..KIOSKS)
        .map(|k| {
            let (c, url, token, at, sent) = (
                client(),
                url.clone(),
                tokens[k as usize].clone(),
                at.clone(),
                sent.clone(),
            );
            runtime.spawn(async move {
                let url = format!("{url}/v1/kiosks/k-{k}/visits");
                for b in 0..BATCHES {
                    let (ids, body) = batch(k, b, &at);
                    let accepted = send_until_accepted(&c, &url, &token, &body).await;
                    assert_eq!(accepted, ids);
                    sent.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    // Mid-way: kill -9, then back after a moment.
    let total = (KIOSKS * BATCHES) as usize;
    let until = Instant::now() + Duration::from_secs(60);
    while sent.load(Ordering::SeqCst) < total / 3 {
        assert!(Instant::now() < until, "no progress before the kill");
        std::thread::sleep(Duration::from_millis(5));
    }
    hub.kill9();
    let at_kill = sent.load(Ordering::SeqCst);
    assert!(at_kill < total, "everything was sent before the kill");
    std::thread::sleep(Duration::from_millis(500));
    hub.start();
    runtime.block_on(async {
        for t in tasks {
            t.await.unwrap();
        }
    });
    // Everything again: every id is accepted, none stored twice.
    runtime.block_on(async {
        let c = client();
        for k in 0..KIOSKS {
            let url = format!("{url}/v1/kiosks/k-{k}/visits");
            for b in 0..BATCHES {
                let (ids, body) = batch(k, b, &at);
                let accepted = send_until_accepted(&c, &url, &tokens[k as usize], &body).await;
                assert_eq!(accepted, ids);
            }
        }
    });
    let stored = runtime.block_on(async {
        let store = entre_hub::store::open(&db, None).await.unwrap();
        store.visits(None, 0, i64::MAX).await.unwrap()
    });
    let mut ids: Vec<String> = stored.iter().map(|v| v.id.clone()).collect();
    assert_eq!(ids.len(), (KIOSKS * BATCHES * PER_BATCH) as usize);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), (KIOSKS * BATCHES * PER_BATCH) as usize);
    for k in 0..KIOSKS {
        let n = stored
            .iter()
            .filter(|v| v.kiosk == format!("k-{k}"))
            .count();
        assert_eq!(n, (BATCHES * PER_BATCH) as usize, "kiosk k-{k}");
    }
    eprintln!("killed after {at_kill} of {total} batches");
}

#[test]
fn a_locked_database_is_503_with_retry_after_then_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hub.sqlite");
    let db = format!("sqlite://{}", file.display());
    let mut hub = Hub::new(dir.path(), &db, "");
    hub.start();
    let token = hub.add_kiosk("k-1", "north");
    let (ids, body) = batch(1, 0, &minutes_ago(5));
    let c = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let url = format!("{}/v1/kiosks/k-1/visits", hub.url());
    let post = |body: &str| {
        c.post(&url)
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .unwrap()
    };

    // Another connection holds an exclusive lock on the file.
    let mut locker = rusqlite::Connection::open(&file).unwrap();
    let tx = locker
        .transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)
        .unwrap();
    let started = Instant::now();
    let r = post(&body);
    let waited = started.elapsed();
    assert_eq!(r.status().as_u16(), 503, "{:?}", r.text());
    assert_eq!(r.headers()["retry-after"], "5");
    let why: Value = r.json().unwrap();
    assert!(
        why["error"]
            .as_str()
            .unwrap()
            .contains("nothing was stored"),
        "{why}"
    );
    assert!(
        waited < Duration::from_secs(30),
        "answered after {waited:?}"
    );
    // A heartbeat too.
    let r = c
        .post(format!("{}/v1/kiosks/k-1/heartbeat", hub.url()))
        .bearer_auth(&token)
        .body(json!({"version": "0.1.0"}).to_string())
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 503);
    tx.rollback().unwrap();
    let count: i64 = locker
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    assert!(count > 0);
    drop(locker);

    // Unlocked: the same batch is taken, whole, once.
    let r = post(&body);
    assert_eq!(r.status().as_u16(), 200);
    let a: Value = r.json().unwrap();
    assert_eq!(a["accepted"], json!(ids));
    let stored = rt().block_on(async {
        let store = entre_hub::store::open(&db, None).await.unwrap();
        store.visits(None, 0, i64::MAX).await.unwrap()
    });
    assert_eq!(stored.len(), ids.len());
    assert!(
        hub.log_text()
            .contains("database unavailable, answered 503"),
        "{}",
        hub.log_text()
    );
}
