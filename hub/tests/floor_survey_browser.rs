//! The survey on the floor in a real browser (Debian's `chromium` driven by
//! `chromedriver` over WebDriver, as hub/tests/floor_browser.rs) against
//! the real `entre-hub` binary (SQLite file): a guide marks a walk-in
//! "Klar", taps "Ge besökaren enkäten", the visitor answers the three
//! questions by tapping, sees the thanks, and the floor is back by itself;
//! the answer is in the store. An Arabic visitor's page is right to left
//! (computed direction, "yes" on the right). A visitor who stops answering
//! is left after 60 s: the floor comes back and what was answered is kept.
//! The question pages are captured at 390 px and 1280 px under
//! target/floor-survey-shots/ and checked at 390 px (no sideways scroll,
//! text >= 16 px, answers >= 80 px tall across the screen).
//!
//! Needs /usr/bin/chromium and /usr/bin/chromedriver (apt: chromium,
//! chromium-driver).

mod api_common;
mod browser_common;

use std::path::Path;
use std::time::{Duration, Instant};

use api_common::*;
use browser_common::*;
use entre_core::protocol::{Gender, VisitKind};
use entre_hub::store::VisitRow;
use entre_hub::web::survey::answer_id;
use serde_json::{Value, json};

const PW: &str = "ett långt lösenord 1";

async fn wait_css(b: &Browser, css: &str, secs: u64) {
    let t = Instant::now();
    while b.count(css).await == 0 {
        assert!(
            t.elapsed() < Duration::from_secs(secs),
            "{css} not there within {secs} s in:\n{}",
            b.text().await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn wait_path(b: &Browser, path: &str, secs: u64) -> Duration {
    let t = Instant::now();
    loop {
        let at = b.js("return location.pathname").await;
        if at == path && b.count("body").await > 0 {
            return t.elapsed();
        }
        assert!(
            t.elapsed() < Duration::from_secs(secs),
            "not on {path} within {secs} s: {at}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A walk-in registered through the kiosk protocol (id `visit_id(16, n)`);
/// its code.
async fn register(url: &str, token: &str, n: u32, lang: &str) -> String {
    let body = json!({
        "id": visit_id(16, n),
        "at": jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%S.000Z").to_string(),
        "kind": "walk_in", "errand": "housing", "language": lang, "needs": [],
        "zone": null, "floor": true, "checkin": null
    });
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

/// The guide takes the visitor, marks "Klar" and taps "Ge besökaren
/// enkäten".
async fn helped_then_survey(b: &Browser, code: &str, shot: Option<&str>) {
    let row = format!("[data-code=\"{code}\"]");
    wait_css(b, &row, 10).await;
    b.click(&format!("{row} button[data-action=claim]")).await;
    wait_css(b, &format!("{row}[data-state=claimed]"), 10).await;
    b.click(&format!("{row} button[data-action=done]")).await;
    wait_css(b, "#floor-msg a.survey-offer", 10).await;
    let text = b.text().await;
    assert!(text.contains(&format!("{code} är klar.")), "{text}");
    if let Some(name) = shot {
        shoot(b, "floor-survey-shots", name).await;
    }
    b.click("#floor-msg a.survey-offer").await;
    wait_css(b, "body.survey-page form#survey-form", 10).await;
}

/// At 390 px: every answer at least 80 px tall and (but for yes/no side by
/// side) the screen's width less the margins; nothing of the hub's bar.
async fn check_big_targets(b: &Browser, page: &str) {
    b.post(
        "/goog/cdp/execute",
        json!({ "cmd": "Emulation.setDeviceMetricsOverride", "params": { "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true } }),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let v = b
        .js(r#"
const out = [];
if (document.querySelector('header, nav, .bar')) out.push('the hub bar is there');
for (const el of document.querySelectorAll('.survey button')) {
  const r = el.getBoundingClientRect();
  const wide = el.closest('.two') ? 150 : 330;
  if (r.height < 80) out.push(el.value + ' is ' + Math.round(r.height) + ' px tall');
  if (r.width < wide) out.push(el.value + ' is ' + Math.round(r.width) + ' px wide');
}
return out;"#)
        .await;
    b.post(
        "/goog/cdp/execute",
        json!({ "cmd": "Emulation.clearDeviceMetricsOverride", "params": {} }),
    )
    .await;
    let problems: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(problems.is_empty(), "{page} at 390 px: {problems:#?}");
    b.check_phone_layout(page).await;
}

async fn stored(db: &str) -> Vec<VisitRow> {
    let store = entre_hub::store::open(db, None).await.unwrap();
    store.visits(None, 0, i64::MAX).await.unwrap()
}

#[test]
fn a_visitor_answers_on_the_guides_tablet_and_the_floor_comes_back() {
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "apt install chromium chromium-driver"
    );
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("hub.sqlite").display());
    let mut hub = Hub::new(dir.path(), &db, "");
    hub.start();
    let url = hub.url();
    user_add(
        &hub.config,
        &["ali", "--role", "guide", "--office", "north"],
        &format!("{PW}\n"),
    );
    let token = hub.add_kiosk("north-1", "north");
    let driver = Driver::start();
    rt().block_on(async {
        let b = Browser::new(&driver).await;
        log_in(&b, &url, "ali", PW).await;
        b.goto(&format!("{url}/floor")).await;
        wait_css(&b, "body.is-live", 10).await;

        // Swedish: yes, no, woman, by tapping.
        let code = register(&url, &token, 1, "sv").await;
        helped_then_survey(&b, &code, Some("floor-offer")).await;
        let text = b.text().await;
        assert!(text.contains("Lärde du dig något nytt i dag?"), "{text}");
        assert!(!text.contains(&code) && !text.contains("Golvet"), "{text}");
        let dir = b.js("return getComputedStyle(document.documentElement).direction").await;
        assert_eq!(dir, "ltr");
        shoot(&b, "floor-survey-shots", "sv-1-learned").await;
        check_big_targets(&b, "sv learned").await;
        b.click("button[value=yes]").await;
        b.wait_for("Tror du att du kan göra det här själv nästa gång?", 10).await;
        shoot(&b, "floor-survey-shots", "sv-2-self").await;
        b.click("button[value=no]").await;
        b.wait_for("Är du …", 10).await;
        let text = b.text().await;
        assert!(text.contains("hjälper kvinnor och män lika bra"), "{text}");
        shoot(&b, "floor-survey-shots", "sv-3-gender").await;
        check_big_targets(&b, "sv gender").await;
        b.click("button[value=woman]").await;
        b.wait_for("Tack för hjälpen!", 10).await;
        shoot(&b, "floor-survey-shots", "sv-4-thanks").await;
        // Back on the floor by itself (4 s of thanks).
        let took = wait_path(&b, "/floor", 10).await;
        eprintln!("back on the floor {took:?} after the thanks");
        b.wait_for("Golvet", 10).await;
        let v = stored(&db).await;
        assert_eq!(v.len(), 1, "{v:?}");
        let a = &v[0];
        assert_eq!(a.id, answer_id(&visit_id(16, 1)));
        assert_eq!(a.kind, VisitKind::SurveyAnswer);
        assert_eq!((a.purpose.as_str(), a.language.as_str()), ("floor", "sv"));
        assert_eq!(a.errand.as_deref(), Some("housing"));
        assert_eq!(
            (a.learned, a.self_next_time, a.gender),
            (Some(true), Some(false), Some(Gender::Woman))
        );

        // Arabic: right to left, "yes" on the right.
        wait_css(&b, "body.is-live", 10).await;
        let code = register(&url, &token, 2, "ar").await;
        helped_then_survey(&b, &code, None).await;
        let dir = b.js("return getComputedStyle(document.documentElement).direction").await;
        assert_eq!(dir, "rtl");
        assert_eq!(b.js("return document.documentElement.lang").await, "ar");
        b.wait_for("هل تعلمت شيئًا جديدًا اليوم؟", 10).await;
        for w in [390, 1280] {
            b.post(
                "/goog/cdp/execute",
                json!({ "cmd": "Emulation.setDeviceMetricsOverride", "params": { "width": w, "height": 844, "deviceScaleFactor": 1, "mobile": w < 600 } }),
            )
            .await;
            tokio::time::sleep(Duration::from_millis(200)).await;
            let x = b
                .js("const r = s => document.querySelector(s).getBoundingClientRect(); return [r('button[value=yes]').left, r('button[value=no]').left, r('button[value=no]').right]")
                .await;
            let (yes, no, no_right) = (x[0].as_f64().unwrap(), x[1].as_f64().unwrap(), x[2].as_f64().unwrap());
            assert!(yes >= no_right, "at {w} px yes ({yes}) is not right of no ({no}..{no_right})");
        }
        b.post(
            "/goog/cdp/execute",
            json!({ "cmd": "Emulation.clearDeviceMetricsOverride", "params": {} }),
        )
        .await;
        shoot(&b, "floor-survey-shots", "ar-1-learned").await;
        check_big_targets(&b, "ar learned").await;
        b.click("button[value=yes]").await;
        b.wait_for("هل تعتقد أنك تستطيع", 10).await;
        shoot(&b, "floor-survey-shots", "ar-2-self").await;
        // Back is at the start of the line (the right in Arabic), Skip
        // beside it; it goes to the first question again.
        let lefts = b
            .js("const r = s => document.querySelector(s).getBoundingClientRect().left; return [r('button[value=back]'), r('button[value=skip]')]")
            .await;
        assert!(lefts[0].as_f64().unwrap() > lefts[1].as_f64().unwrap(), "{lefts}");
        b.click("button[value=back]").await;
        b.wait_for("هل تعلمت شيئًا جديدًا اليوم؟", 10).await;
        b.click("button[value=yes]").await;
        b.wait_for("هل تعتقد أنك تستطيع", 10).await;
        b.click("button[value=skip]").await;
        wait_css(&b, "button[value=woman]", 10).await;
        shoot(&b, "floor-survey-shots", "ar-3-gender").await;
        check_big_targets(&b, "ar gender").await;
        b.click("button[value=skip]").await;
        b.wait_for("شكرًا لمساعدتك!", 10).await;
        shoot(&b, "floor-survey-shots", "ar-4-thanks").await;
        wait_path(&b, "/floor", 10).await;
        let v = stored(&db).await;
        assert_eq!(v.len(), 2, "{v:?}");
        let a = v.iter().find(|v| v.id == answer_id(&visit_id(16, 2))).unwrap();
        assert_eq!(a.language, "ar");
        assert_eq!((a.learned, a.self_next_time, a.gender), (Some(true), None, None));

        // A visitor answers the first question and walks away: after 60 s
        // without a tap the floor comes back, and the answer is kept.
        wait_css(&b, "body.is-live", 10).await;
        let code = register(&url, &token, 3, "fa").await;
        helped_then_survey(&b, &code, None).await;
        assert_eq!(b.js("return getComputedStyle(document.documentElement).direction").await, "rtl");
        b.click("button[value=no]").await;
        wait_css(&b, "form#survey-form input[name=step][value=\"2\"]", 10).await;
        let idle = b.js("return document.getElementById('survey-form').dataset.idle").await;
        assert_eq!(idle, "60");
        let t = Instant::now();
        wait_path(&b, "/floor", 75).await;
        let waited = t.elapsed();
        eprintln!("left after {waited:?} without a tap");
        assert!(waited >= Duration::from_secs(55), "{waited:?}");
        let v = stored(&db).await;
        let a = v.iter().find(|v| v.id == answer_id(&visit_id(16, 3))).unwrap();
        assert_eq!(a.language, "fa");
        assert_eq!((a.learned, a.self_next_time, a.gender), (Some(false), None, None));
        b.close().await;
    });
    eprintln!("screenshots: {}", shots_dir("floor-survey-shots").display());
}
