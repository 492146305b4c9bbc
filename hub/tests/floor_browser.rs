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

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use api_common::*;
use serde_json::{Value, json};

/// chromedriver on a free port, killed on drop.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        let port = free_port();
        let child = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .arg(format!(
                "--log-path={}",
                std::env::temp_dir()
                    .join(format!("chromedriver-{port}.log"))
                    .display()
            ))
            .arg("--verbose")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver (apt install chromium-driver)");
        let url = format!("http://127.0.0.1:{port}");
        let until = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < until, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, url }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One browser session.
struct Browser {
    http: reqwest::Client,
    base: String,
    _profile: tempfile::TempDir,
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    async fn new(driver: &Driver) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .unwrap();
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--hide-scrollbars",
                    format!("--user-data-dir={}", profile.path().display()),
                    "--window-size=1280,900",
                ]
            }
        }}});
        // Chromium may be slow to start on a busy machine ("DevToolsActivePort
        // file doesn't exist"): up to three tries.
        let mut tries = 0;
        let id = loop {
            tries += 1;
            let r: Value = http
                .post(format!("{}/session", driver.url))
                .json(&caps)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            match r["value"]["sessionId"].as_str() {
                Some(id) => break id.to_string(),
                None if tries < 3 => eprintln!("no browser session yet, again: {r}"),
                None => panic!("no session: {r}"),
            }
        };
        Browser {
            http,
            base: format!("{}/session/{id}", driver.url),
            _profile: profile,
        }
    }

    async fn cmd(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r: Value = req.send().await.unwrap().json().await.unwrap();
        if r["value"].get("error").is_some() {
            panic!("webdriver {path}: {}", r["value"]);
        }
        r["value"].clone()
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.cmd(reqwest::Method::POST, path, Some(body)).await
    }

    async fn goto(&self, url: &str) {
        self.post("/url", json!({ "url": url })).await;
    }

    async fn find(&self, css: &str) -> String {
        let v = self
            .post("/element", json!({ "using": "css selector", "value": css }))
            .await;
        v[ELEMENT].as_str().unwrap().to_string()
    }

    async fn count(&self, css: &str) -> usize {
        self.post(
            "/elements",
            json!({ "using": "css selector", "value": css }),
        )
        .await
        .as_array()
        .unwrap()
        .len()
    }

    async fn type_in(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        self.post(&format!("/element/{e}/clear"), json!({})).await;
        self.post(&format!("/element/{e}/value"), json!({ "text": text }))
            .await;
    }

    async fn click(&self, css: &str) {
        let e = self.find(css).await;
        self.post(&format!("/element/{e}/click"), json!({})).await;
    }

    /// The page's visible text ("" while a page is being replaced).
    async fn text(&self) -> String {
        let r: Value = self
            .http
            .post(format!("{}/execute/sync", self.base))
            .json(&json!({ "script": "return document.body ? document.body.innerText : ''", "args": [] }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        r["value"].as_str().unwrap_or_default().to_string()
    }

    async fn js(&self, script: &str) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": [] }))
            .await
    }

    /// Waits until the page's text contains `what`.
    async fn wait_for(&self, what: &str, secs: u64) -> String {
        let until = Instant::now() + Duration::from_secs(secs);
        loop {
            let t = self.text().await;
            if t.contains(what) {
                return t;
            }
            assert!(
                Instant::now() < until,
                "no {what:?} within {secs} s in:\n{t}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// A full-page PNG at `width` CSS pixels (a phone's viewport at 390),
    /// through the DevTools protocol chromedriver passes on.
    async fn screenshot(&self, width: u32, file: &Path) {
        let cdp = |cmd: &str, params: Value| json!({ "cmd": cmd, "params": params });
        self.post(
            "/goog/cdp/execute",
            cdp(
                "Emulation.setDeviceMetricsOverride",
                json!({ "width": width, "height": if width < 600 { 844 } else { 900 }, "deviceScaleFactor": 1, "mobile": width < 600 }),
            ),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let v = self
            .post(
                "/goog/cdp/execute",
                cdp(
                    "Page.captureScreenshot",
                    json!({ "format": "png", "captureBeyondViewport": true }),
                ),
            )
            .await;
        std::fs::write(file, base64(v["data"].as_str().unwrap())).unwrap();
        self.post(
            "/goog/cdp/execute",
            cdp("Emulation.clearDeviceMetricsOverride", json!({})),
        )
        .await;
    }

    /// Checks at 390 px that nothing is wider than the screen, that text is
    /// at least 16 px, and that every link and button in the main area and
    /// the bar is at least 48 px tall (inline links inside a paragraph
    /// excepted: WCAG's inline exception).
    async fn check_phone_layout(&self, page: &str) {
        self.post(
            "/goog/cdp/execute",
            json!({ "cmd": "Emulation.setDeviceMetricsOverride", "params": { "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true } }),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        let v = self
            .js(r#"
const out = [];
if (document.documentElement.scrollWidth > 390) out.push('page is ' + document.documentElement.scrollWidth + ' px wide');
for (const el of document.querySelectorAll('body *')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  const cs = getComputedStyle(el);
  const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  if (own && !el.closest('svg') && parseFloat(cs.fontSize) < 16) out.push(el.tagName + ' text ' + cs.fontSize + ': ' + el.textContent.trim().slice(0, 40));
  // A checkbox's target is its whole label.
  const t = el.matches('input[type=checkbox]') && el.closest('label') ? el.closest('label').getBoundingClientRect() : r;
  if (el.matches('a, button, input, select') && !el.closest('p, ul.refusals') && t.height < 48 && el.type !== 'hidden')
    out.push(el.tagName + ' target ' + Math.round(t.height) + ' px: ' + (el.textContent || el.name).trim().slice(0, 40));
}
return out;"#)
            .await;
        self.post(
            "/goog/cdp/execute",
            json!({ "cmd": "Emulation.clearDeviceMetricsOverride", "params": {} }),
        )
        .await;
        let problems: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect();
        assert!(problems.is_empty(), "{page} at 390 px: {problems:#?}");
    }

    async fn close(self) {
        let _ = self.http.delete(&self.base).send().await;
    }
}

/// Standard base64 (the screenshots).
fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    } as u32;
    let bytes: Vec<u8> = s
        .bytes()
        .filter(|c| *c != b'=' && !c.is_ascii_whitespace())
        .collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= val(*c) << (18 - 6 * i);
        }
        let take = chunk.len() - 1;
        for i in 0..take {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

fn shots_dir() -> PathBuf {
    let d = root().join("target/floor-shots");
    std::fs::create_dir_all(&d).unwrap();
    d
}

async fn shoot(b: &Browser, name: &str) {
    let dir = shots_dir();
    for w in [390, 1280] {
        b.screenshot(w, &dir.join(format!("{name}-{w}.png"))).await;
    }
}

const PW: &str = "ett långt lösenord 1";

fn user_add(config: &Path, args: &[&str]) {
    use std::io::Write;
    let mut child = Command::new(HUB)
        .arg("--config")
        .arg(config)
        .args(["user", "add"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PW}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
}

async fn log_in(b: &Browser, url: &str, name: &str) {
    b.goto(&format!("{url}/login")).await;
    b.type_in("#name", name).await;
    b.type_in("#password", PW).await;
    b.click("form.stack button[type=submit]").await;
    b.wait_for(&format!("Välkommen, {name}"), 10).await;
}

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
    );
    user_add(&hub.config, &["bo", "--role", "guide", "--office", "north"]);
    let token = hub.add_kiosk("north-1", "north");

    let driver = Driver::start();
    rt().block_on(async {
        let (ali, bo) = tokio::join!(Browser::new(&driver), Browser::new(&driver));
        tokio::join!(log_in(&ali, &url, "ali"), log_in(&bo, &url, "bo"));
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
        tokio::join!(ali.click(&take), bo.click(&take));
        let mut winner = None;
        for (b, name, other) in [(&ali, "ali", "bo"), (&bo, "bo", "ali")] {
            wait_css(b, &format!("{row}[data-state=claimed]"), true, 5).await;
            let t = Instant::now();
            let said = loop {
                let m = b.js("return document.getElementById('floor-msg').innerText").await;
                let m = m.as_str().unwrap_or_default().to_string();
                if !m.is_empty() {
                    break m;
                }
                assert!(t.elapsed() < Duration::from_secs(5), "no message on {name}'s page");
                tokio::time::sleep(Duration::from_millis(50)).await;
            };
            if said == format!("Du tar hand om {code}.") {
                assert!(winner.is_none(), "two winners");
                winner = Some(name);
            } else {
                assert_eq!(said, format!("{code}: {other} tog den redan."));
            }
        }
        let winner = winner.expect("one winner");
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
        unreached["checkin"] = json!({ "unit": "Försörjningsstöd", "officer": "Anna Lind", "reason": "away" });
        register(&url, &token, 3, unreached).await;
        register(&url, &token, 4, walk_in(2, None, "sv", &[], None)).await;
        ali.wait_for("Bokad tid: Försörjningsstöd, Anna Lind nåddes inte", 5).await;
        ali.wait_for("Väntat över 15 min", 5).await;
        shoot(&ali, "floor").await;
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
        shoot(&bo, "floor-offline").await;
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
        shoot(&bo, "floor-back").await;

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
        shoot(&ali, "floor-registered").await;

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
    eprintln!("screenshots: {}", shots_dir().display());
}
