//! Shared by the hub's browser tests (`mod browser_common;`): chromedriver
//! and a Chromium session spoken to over WebDriver's HTTP protocol with
//! reqwest (no WebDriver crate), screenshots at 390 and 1280 px, signing
//! in and out.
#![allow(dead_code)]

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::api_common::*;

/// chromedriver on a free port, killed on drop.
pub struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    pub fn start() -> Driver {
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
            // Its own process group, with the browsers it starts: all of
            // them go on drop, also when a test panics before close().
            .process_group(0)
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
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One browser session.
pub struct Browser {
    http: reqwest::Client,
    base: String,
    _profile: tempfile::TempDir,
}

pub const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    pub async fn new(driver: &Driver) -> Browser {
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

    pub async fn cmd(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        match self.try_cmd(method, path, body).await {
            Ok(v) => v,
            Err(e) => panic!("webdriver {path}: {e}"),
        }
    }

    /// A command whose WebDriver error is the caller's to judge.
    pub async fn try_cmd(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, Value> {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r: Value = req.send().await.unwrap().json().await.unwrap();
        if r["value"].get("error").is_some() {
            Err(r["value"].clone())
        } else {
            Ok(r["value"].clone())
        }
    }

    pub async fn post(&self, path: &str, body: Value) -> Value {
        self.cmd(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn goto(&self, url: &str) {
        self.post("/url", json!({ "url": url })).await;
    }

    pub async fn find(&self, css: &str) -> String {
        let v = self
            .post("/element", json!({ "using": "css selector", "value": css }))
            .await;
        v[ELEMENT].as_str().unwrap().to_string()
    }

    pub async fn count(&self, css: &str) -> usize {
        self.post(
            "/elements",
            json!({ "using": "css selector", "value": css }),
        )
        .await
        .as_array()
        .unwrap()
        .len()
    }

    pub async fn type_in(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        self.post(&format!("/element/{e}/clear"), json!({})).await;
        self.post(&format!("/element/{e}/value"), json!({ "text": text }))
            .await;
    }

    pub async fn click(&self, css: &str) {
        let e = self.find(css).await;
        self.post(&format!("/element/{e}/click"), json!({})).await;
    }

    /// A tap on a page whose content another guide's action may replace
    /// at that very moment (the floor's live list): where the element
    /// found is gone by the time of the tap, the finger lands on what is
    /// there now, so the selector is looked up again (up to three times).
    /// False when nothing matches it any more (the tap did nothing).
    pub async fn tap_live(&self, css: &str) -> bool {
        for _ in 0..3 {
            let found = self
                .try_post("/element", json!({ "using": "css selector", "value": css }))
                .await;
            let e = match found {
                Ok(v) => v[ELEMENT].as_str().unwrap().to_string(),
                Err(e) if e["error"] == "no such element" => return false,
                Err(e) => panic!("webdriver /element {css}: {e}"),
            };
            match self
                .try_post(&format!("/element/{e}/click"), json!({}))
                .await
            {
                Ok(_) => return true,
                Err(e) if e["error"] == "stale element reference" => continue,
                Err(e) => panic!("webdriver click {css}: {e}"),
            }
        }
        panic!("{css} was replaced three times in a row while tapping it")
    }

    pub async fn try_post(&self, path: &str, body: Value) -> Result<Value, Value> {
        self.try_cmd(reqwest::Method::POST, path, Some(body)).await
    }

    /// The page's visible text ("" while a page is being replaced).
    pub async fn text(&self) -> String {
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

    pub async fn js(&self, script: &str) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": [] }))
            .await
    }

    /// Waits until the page's text contains `what`.
    pub async fn wait_for(&self, what: &str, secs: u64) -> String {
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
    pub async fn screenshot(&self, width: u32, file: &Path) {
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
    pub async fn check_phone_layout(&self, page: &str) {
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
  if (el.matches('a, button, input, select') && !el.closest('p, ul.refusals') && r.height < 48 && el.type !== 'hidden')
    out.push(el.tagName + ' target ' + Math.round(r.height) + ' px: ' + (el.textContent || el.name).trim().slice(0, 40));
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

    pub async fn close(self) {
        let _ = self.http.delete(&self.base).send().await;
    }
}

/// Standard base64 (the screenshots).
pub fn base64(s: &str) -> Vec<u8> {
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

/// `target/SUB`, created: where a test's screenshots go.
pub fn shots_dir(sub: &str) -> PathBuf {
    let d = root().join("target").join(sub);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Screenshots of the page at 390 px and 1280 px wide, as
/// `target/SUB/NAME-390.png` and `…-1280.png`.
pub async fn shoot(b: &Browser, sub: &str, name: &str) {
    let dir = shots_dir(sub);
    for w in [390, 1280] {
        b.screenshot(w, &dir.join(format!("{name}-{w}.png"))).await;
    }
}

pub async fn log_in(b: &Browser, url: &str, name: &str, password: &str) {
    b.goto(&format!("{url}/login")).await;
    b.type_in("#name", name).await;
    b.type_in("#password", password).await;
    b.click("form.stack button[type=submit]").await;
    b.wait_for(&format!("Välkommen, {name}"), 20).await;
}

pub async fn log_out(b: &Browser) {
    b.click("header form.who button").await;
    b.wait_for("Logga in", 10).await;
}

/// The bundled hub.toml in `dir` on a free port and a SQLite file there,
/// its demo reading the repository's guidance and kiosk.toml.
pub fn demo_hub(dir: &Path) -> Hub {
    let port = free_port();
    let src = std::fs::read_to_string(root().join("hub.toml")).unwrap();
    let src = src
        .replace(
            "listen = \"127.0.0.1:8080\"",
            &format!("listen = \"127.0.0.1:{port}\""),
        )
        .replace(
            "guidance_dir = \"assets/guidance\"",
            &format!(
                "guidance_dir = \"{}\"",
                root().join("assets/guidance").display()
            ),
        )
        .replace(
            "directory_from = \"kiosk.toml\"",
            &format!(
                "directory_from = \"{}\"",
                root().join("kiosk.toml").display()
            ),
        );
    let config = dir.join("hub.toml");
    std::fs::write(&config, src).unwrap();
    Hub::with_config(dir, &config, port)
}

/// `entre-hub user add ARGS`, the password on stdin.
pub fn user_add(config: &Path, args: &[&str], password: &str) {
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
        .write_all(password.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
}
