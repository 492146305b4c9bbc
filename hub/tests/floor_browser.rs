//! The floor page in a real browser: Debian's `chromium` driven by
//! `chromedriver` over WebDriver (plain W3C WebDriver JSON over HTTP with
//! reqwest, as hub/tests/browser.rs), against the real `entre-hub` binary
//! (SQLite file). Two guides have /floor open in two browser sessions:
//! a registration sent through the kiosk protocol appears on both within
//! 1 s; both press "Jag tar den" at once and exactly one wins, the other
//! page says who has it; "Klar" removes it from both; the hub is killed
//! and started again on the same port and database, both pages show
//! "Offline sedan hh:mm", then reconnect and show the current list. The
//! page is captured at 390 px and 1280 px under target/floor-shots/ and
//! checked at 390 px (no sideways scroll, text >= 16 px, targets >= 48 px).
//!
//! Needs /usr/bin/chromium and /usr/bin/chromedriver (apt: chromium,
//! chromium-driver).

mod api_common;
mod browser_common;

use std::path::Path;
use std::time::{Duration, Instant};

use api_common::*;
use browser_common::*;
use serde_json::{Value, json};

const PW: &str = "ett långt lösenord 1";

/// Waits until `css` matches (or, with `present` false, no longer
/// matches) on the page; how long it took. Fails after `secs`.
async fn wait_css(b: &Browser, css: &str, present: bool, secs: u64) -> Duration {
    let t = Instant::now();
    loop {
        if (b.count(css).await > 0) == present {
            return t.elapsed();
        }
        assert!(
            t.elapsed() < Duration::from_secs(secs),
            "{css} {} within {secs} s in:\n{}",
            if present { "not there" } else { "still there" },
            b.text().await
        );
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
}

/// A registration sent through the kiosk protocol; its code.
async fn register(url: &str, token: &str, n: u32, body: Value) -> String {
    let mut body = body;
    body["id"] = json!(visit_id(16, n));
    let r = client()
        .post(format!("{url}/v1/kiosks/north-1/registrations"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    assert_eq!(status, reqwest::StatusCode::OK, "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    v["code"].as_str().unwrap().to_string()
}

fn walk_in(
    minutes_ago: i64,
    errand: Option<&str>,
    lang: &str,
    needs: &[&str],
    zone: Option<(&str, &str)>,
) -> Value {
    let at = jiff::Timestamp::now().as_millisecond() - minutes_ago * 60_000;
    json!({
        "at": jiff::Timestamp::from_millisecond(at).unwrap().strftime("%Y-%m-%dT%H:%M:%S.000Z").to_string(),
        "kind": "walk_in", "errand": errand, "language": lang, "needs": needs,
        "zone": zone.map(|(id, label)| json!({ "id": id, "label_sv": label })),
        "floor": true, "checkin": null
    })
}

#[test]
fn two_guides_on_the_floor_in_chromium() {
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "apt install chromium chromium-driver"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut hub = Hub::new(
        dir.path(),
        &format!("sqlite://{}", dir.path().join("hub.sqlite").display()),
        "",
    );
    hub.start();
    let url = hub.url();
    user_add(
        &hub.config,
        &["ali", "--role", "guide", "--office", "north"],
        &format!("{PW}\n"),
    );
    user_add(
        &hub.config,
        &["bo", "--role", "guide", "--office", "north"],
        &format!("{PW}\n"),
    );
    let token = hub.add_kiosk("north-1", "north");

    let driver = Driver::start();
    rt().block_on(async {
        let (ali, bo) = tokio::join!(Browser::new(&driver), Browser::new(&driver));
        tokio::join!(log_in(&ali, &url, "ali", PW), log_in(&bo, &url, "bo", PW));
        for b in [&ali, &bo] {
            b.goto(&format!("{url}/floor")).await;
            b.wait_for("Ingen väntar just nu.", 10).await;
            // Live: the first event swapped the list in.
            wait_css(b, "body.is-live", true, 10).await;
        }

        // A kiosk registers a visitor: on both pages within 1 s.
        let t = Instant::now();
        let code = register(&url, &token, 1, walk_in(0, Some("housing"), "ar", &["seated", "interpreter"], Some(("sofas", "Sofforna")))).await;
        let row = format!("[data-code=\"{code}\"]");
        let (a, b) = tokio::join!(wait_css(&ali, &row, true, 5), wait_css(&bo, &row, true, 5));
        let took = t.elapsed();
        eprintln!("registration on both pages after {took:?} (ali {a:?}, bo {b:?})");
        assert!(took < Duration::from_secs(1), "{took:?}");
        let text = bo.text().await;
        assert!(text.contains("arabiska + tolk") && text.contains("Sofforna"), "{text}");

        // Both press "Jag tar den" at once: exactly one wins, the other
        // page says who has it.
        let take = format!("{row} button[data-action=claim]");
        // The list the first claim pushes may replace the other page's
        // button between finding and tapping it: that tap lands on the
        // claimed card (tap_live).
        tokio::join!(ali.tap_live(&take), bo.tap_live(&take));
        // Each page's answer ("" if none came: a tap that landed on a
        // button the live list replaced that very moment does nothing,
        // and the guide sees the card's new state instead).
        let mut said = Vec::new();
        for b in [&ali, &bo] {
            wait_css(b, &format!("{row}[data-state=claimed]"), true, 5).await;
            let t = Instant::now();
            let m = loop {
                let m = b
                    .js("return document.getElementById('floor-msg').innerText")
                    .await;
                let m = m.as_str().unwrap_or_default().to_string();
                if !m.is_empty() || t.elapsed() > Duration::from_secs(3) {
                    break m;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            };
            said.push(m);
        }
        let won = format!("Du tar hand om {code}.");
        assert_eq!(
            said.iter().filter(|m| **m == won).count(),
            1,
            "exactly one wins: {said:?}"
        );
        let (winner, other) = if said[0] == won { ("ali", &said[1]) } else { ("bo", &said[0]) };
        if other.is_empty() {
            eprintln!("the other click landed as the list was replaced: no answer");
        } else {
            assert_eq!(*other, format!("{code}: {winner} tog den redan."));
        }
        for b in [&ali, &bo] {
            b.wait_for(&format!("{winner} tar hand om den"), 5).await;
        }
        // The page was not reloaded (fetch): still live.
        assert_eq!(ali.count("body.is-live").await, 1);

        // More visitors for the screenshots: a long wait, a booked visitor
        // whose officer was not reached, someone in Swedish with no needs.
        register(&url, &token, 2, walk_in(23, Some("preschool"), "ti", &["private"], Some(("computers", "Vid datorerna")))).await;
        let mut unreached = walk_in(4, None, "sv", &[], None);
        unreached["kind"] = json!("checkin_unreached");
        unreached["checkin"] = json!({ "unit": "Ekonomiskt bistånd", "officer": "Anna Lind", "reason": "away" });
        register(&url, &token, 3, unreached).await;
        register(&url, &token, 4, walk_in(2, None, "sv", &[], None)).await;
        ali.wait_for("Bokad tid: Ekonomiskt bistånd, Anna Lind nåddes inte", 5).await;
        ali.wait_for("Väntat över 15 min", 5).await;
        shoot(&ali, "floor-shots", "floor").await;
        ali.check_phone_layout("floor").await;

        // "Klar" removes it from both.
        let (w, l) = if winner == "ali" { (&ali, &bo) } else { (&bo, &ali) };
        let t = Instant::now();
        w.click(&format!("{row} button[data-action=done]")).await;
        tokio::join!(wait_css(w, &row, false, 5), wait_css(l, &row, false, 5));
        eprintln!("done on both pages after {:?}", t.elapsed());
        assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());

        // The hub dies: both pages say since when they are offline.
        hub.kill9();
        for b in [&ali, &bo] {
            wait_css(b, "#offline:not([hidden])", true, 10).await;
            let text = b.text().await;
            assert!(text.contains("Offline sedan "), "{text}");
        }
        shoot(&bo, "floor-shots", "floor-offline").await;
        // It comes back on the same port and database; a visitor registers
        // at once. Both pages reconnect by themselves and show the current
        // list, and the banner goes away.
        hub.start();
        let code5 = register(&url, &token, 5, walk_in(0, Some("work"), "uk", &[], None)).await;
        for b in [&ali, &bo] {
            wait_css(b, &format!("[data-code=\"{code5}\"]"), true, 10).await;
            wait_css(b, "#offline[hidden]", true, 5).await;
            assert_eq!(b.count("[data-state]").await, 4);
        }
        shoot(&bo, "floor-shots", "floor-back").await;

        // "Registrera besökare" on the page: the code shown large, the row
        // on the other page.
        ali.click("#registrera select#language").await;
        ali.js("document.getElementById('language').value = 'fa'").await;
        ali.click("label.check input[name=need_seated]").await;
        ali.click("#register-form button[type=submit]").await;
        let t = Instant::now();
        let new_code = loop {
            let c = ali.js("var e = document.querySelector('#floor-msg .code-big'); return e ? e.textContent : ''").await;
            let c = c.as_str().unwrap_or_default().to_string();
            if !c.is_empty() {
                break c;
            }
            assert!(t.elapsed() < Duration::from_secs(5), "no code shown");
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        wait_css(&bo, &format!("[data-code=\"{new_code}\"]"), true, 5).await;
        bo.wait_for("persiska", 5).await;
        shoot(&ali, "floor-shots", "floor-registered").await;

        // Bo signs out in another tab; when the hub restarts, his floor
        // page goes to the login page instead of retrying for ever.
        bo.js("fetch('/logout', { method: 'POST', body: new URLSearchParams({ csrf: document.querySelector('input[name=csrf]').value }) }); return 1").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        hub.kill9();
        hub.start();
        bo.wait_for("Logga in", 10).await;
        let at = bo.js("return location.pathname").await;
        assert_eq!(at, "/login");
        ali.close().await;
        bo.close().await;
    });
    eprintln!("screenshots: {}", shots_dir("floor-shots").display());
}
