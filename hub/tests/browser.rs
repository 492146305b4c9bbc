//! The staff pages in a real browser: Debian's `chromium` driven by
//! `chromedriver` over WebDriver (plain W3C WebDriver JSON over HTTP with
//! reqwest; no client crate), against the real `entre-hub` binary (the
//! bundled demo hub.toml, SQLite) and the real `entre` kiosk binary
//! (`cargo build --release --bin entre` first).
//!
//! The demo admin logs in and sees the kiosk that just synced on the fleet
//! page; one editor uploads a content folder on the content page, another
//! publishes it ("granskad av" shown); the kiosk's next `entre sync --once`
//! fetches it; a guide is refused the content page. Every page is captured
//! at 390 px (a phone) and 1280 px wide under target/screenshots/ (the
//! path is printed): look at them.
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
        let r: Value = http
            .post(format!("{}/session", driver.url))
            .json(&caps)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {r}"))
            .to_string();
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

    async fn get(&self, path: &str) -> Value {
        self.cmd(reqwest::Method::GET, path, None).await
    }

    async fn goto(&self, url: &str) {
        self.post("/url", json!({ "url": url })).await;
    }

    async fn url(&self) -> String {
        self.get("/url").await.as_str().unwrap().to_string()
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

    /// The page's visible text.
    async fn text(&self) -> String {
        let e = self.find("body").await;
        self.get(&format!("/element/{e}/text"))
            .await
            .as_str()
            .unwrap()
            .to_string()
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
  if (own && parseFloat(cs.fontSize) < 16) out.push(el.tagName + ' text ' + cs.fontSize + ': ' + el.textContent.trim().slice(0, 40));
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
    let d = root().join("target/screenshots");
    std::fs::create_dir_all(&d).unwrap();
    d
}

async fn shoot(b: &Browser, name: &str) {
    let dir = shots_dir();
    for w in [390, 1280] {
        b.screenshot(w, &dir.join(format!("{name}-{w}.png"))).await;
    }
    b.check_phone_layout(name).await;
}

async fn log_in(b: &Browser, url: &str, name: &str, password: &str) {
    b.goto(&format!("{url}/login")).await;
    b.type_in("#name", name).await;
    b.type_in("#password", password).await;
    b.click("form.stack button[type=submit]").await;
    b.wait_for(&format!("Välkommen, {name}"), 10).await;
}

async fn log_out(b: &Browser) {
    b.click("header form.who button").await;
    b.wait_for("Logga in", 10).await;
}

/// The bundled hub.toml in `dir` on a free port and a SQLite file there,
/// its demo reading the repository's guidance and kiosk.toml.
fn demo_hub(dir: &Path) -> Hub {
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

/// The demo kiosk.toml in `dir`, syncing to `url` with `token_file`.
fn kiosk(dir: &Path, url: &str, token_file: &Path) -> PathBuf {
    let src = std::fs::read_to_string(root().join("kiosk.toml")).unwrap();
    let src = src.replace(
        "# url = \"https://hub.example.org\"",
        &format!("url = \"{url}\"\ntoken_file = \"{}\"", token_file.display()),
    );
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("kiosk.toml");
    std::fs::write(&path, src).unwrap();
    path
}

/// `entre sync --once`: what it printed (asserting success).
fn sync(config: &Path) -> String {
    let out = Command::new(entre_bin())
        .arg("--config")
        .arg(config)
        .args(["sync", "--once"])
        .env_remove("ENTRE_HUB_TOKEN")
        .output()
        .unwrap();
    let said = printed(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    said
}

/// The content version `entre sync --once` said it put in use.
fn version_in_use(said: &str) -> String {
    let line = said
        .lines()
        .find(|l| l.starts_with("hub content: version "))
        .unwrap_or_else(|| panic!("no content version in {said}"));
    line["hub content: version ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .to_string()
}

fn user_add(config: &Path, args: &[&str], password: &str) {
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
        .write_all(password.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
}

/// A copy of the repository's guidance in `dir/guidance`, with `edit`
/// applied to sv/housing.toml.
fn guidance_copy(dir: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let to = dir.join("guidance");
    for lang in std::fs::read_dir(root().join("assets/guidance")).unwrap() {
        let lang = lang.unwrap().path();
        let into = to.join(lang.file_name().unwrap());
        std::fs::create_dir_all(&into).unwrap();
        for f in std::fs::read_dir(&lang).unwrap() {
            let f = f.unwrap().path();
            std::fs::copy(&f, into.join(f.file_name().unwrap())).unwrap();
        }
    }
    let housing = to.join("sv/housing.toml");
    let text = std::fs::read_to_string(&housing).unwrap();
    std::fs::write(&housing, edit(text)).unwrap();
    to
}

const PW: &str = "ett långt lösenord 1";

#[test]
fn staff_pages_in_chromium() {
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "apt install chromium chromium-driver"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut hub = demo_hub(dir.path());
    hub.start();
    let url = hub.url();
    let first = hub.stdout_text();
    let admin_pw = first
        .lines()
        .find_map(|l| {
            l.split_once("demo admin: user name demo-admin, password ")
                .map(|(_, p)| p.trim().to_string())
        })
        .unwrap_or_else(|| panic!("no demo admin password in {first}"));
    // A real kiosk syncs before anyone looks.
    let kcfg = kiosk(
        &dir.path().join("kiosk"),
        &url,
        &dir.path().join("var/demo-hub-token"),
    );
    let said = sync(&kcfg);
    let first_version = version_in_use(&said);
    user_add(&hub.config, &["eva", "--role", "editor"], PW);
    user_add(&hub.config, &["erik", "--role", "editor"], PW);
    user_add(
        &hub.config,
        &["gun", "--role", "guide", "--office", "demo"],
        PW,
    );
    let bad = guidance_copy(&dir.path().join("bad"), |t| {
        t.replace("title = \"Bostad – bostadskön\"", "title = \"\"")
    });
    let good = guidance_copy(&dir.path().join("good"), |t| {
        t.replace("Bostad – bostadskön", "Bostad – bostadskön och andrahand")
    });

    let driver = Driver::start();
    rt().block_on(async {
        let admin = Browser::new(&driver).await;
        admin.goto(&format!("{url}/login")).await;
        admin.wait_for("Användarnamn", 10).await;
        shoot(&admin, "login").await;
        // A wrong password: said plainly, the name kept.
        admin.type_in("#name", "demo-admin").await;
        admin.type_in("#password", "fel lösenord").await;
        admin.click("form.stack button[type=submit]").await;
        admin.wait_for("Fel användarnamn eller lösenord.", 10).await;
        shoot(&admin, "login-wrong").await;
        log_in(&admin, &url, "demo-admin", &admin_pw).await;
        let start = admin.text().await;
        for link in ["Golvet", "Statistik", "Innehåll", "Kiosker"] {
            assert!(start.contains(link), "{start}");
        }
        shoot(&admin, "start-admin").await;

        // The fleet: the demo kiosk that just synced, with its content.
        admin.goto(&format!("{url}/fleet")).await;
        let fleet = admin.wait_for("demo-entre-1", 10).await;
        assert!(fleet.contains(&first_version), "{fleet}");
        assert!(!fleet.contains("aldrig"), "{fleet}");
        admin.wait_for("Uppdateras automatiskt.", 10).await;
        shoot(&admin, "fleet").await;

        // Editor eva uploads a folder: first one with a mistake (refused,
        // FILE:LINE: what), then a good one (a draft).
        let eva = Browser::new(&driver).await;
        log_in(&eva, &url, "eva", PW).await;
        let start = eva.text().await;
        assert!(
            start.contains("Innehåll")
                && !start.contains("Kiosker")
                && !start.contains("Statistik"),
            "{start}"
        );
        eva.goto(&format!("{url}/content")).await;
        eva.wait_for("Ladda upp en ny version", 10).await;
        shoot(&eva, "content").await;
        let e = eva.find("#files").await;
        eva.post(
            &format!("/element/{e}/value"),
            json!({ "text": bad.display().to_string() }),
        )
        .await;
        eva.click("form[action='/content/upload'] button[type=submit]")
            .await;
        let refused = eva.wait_for("Uppladdningen togs inte emot", 30).await;
        assert!(refused.contains("sv/housing.toml:1"), "{refused}");
        shoot(&eva, "content-refused").await;
        let e = eva.find("#files").await;
        eva.post(
            &format!("/element/{e}/value"),
            json!({ "text": good.display().to_string() }),
        )
        .await;
        eva.click("form[action='/content/upload'] button[type=submit]")
            .await;
        let drafted = eva.wait_for("är uppladdad som utkast", 30).await;
        assert!(drafted.contains("utkast"), "{drafted}");
        let draft: i64 = drafted
            .split("Version ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no draft number in {drafted}"));
        shoot(&eva, "content-draft").await;
        log_out(&eva).await;

        // Editor erik reviews and publishes it: "granskad av erik".
        log_in(&eva, &url, "erik", PW).await;
        eva.goto(&format!("{url}/content")).await;
        eva.wait_for(&format!("Publicera version {draft}"), 10)
            .await;
        eva.click(&format!("form[action='/content/{draft}/publish'] button"))
            .await;
        let published = eva.wait_for("är publicerad", 30).await;
        assert!(published.contains("granskad av erik"), "{published}");
        assert_eq!(
            eva.count(&format!("form[action='/content/{draft}/publish']"))
                .await,
            0
        );
        shoot(&eva, "content-published").await;
        log_out(&eva).await;

        // The kiosk's next sync fetches it; the admin's fleet page shows the
        // new version without a reload (Server-Sent Events).
        let said = sync(&kcfg);
        let new_version = version_in_use(&said);
        assert_ne!(new_version, first_version, "{said}");
        let fleet = admin.wait_for(&new_version, 20).await;
        assert!(fleet.contains("demo-entre-1"));
        shoot(&admin, "fleet-after").await;

        // A guide: the floor only; the content page refused (403).
        log_in(&eva, &url, "gun", PW).await;
        let start = eva.text().await;
        assert!(
            start.contains("Golvet") && !start.contains("Innehåll"),
            "{start}"
        );
        shoot(&eva, "start-guide").await;
        eva.goto(&format!("{url}/content")).await;
        let refused = eva.wait_for("Ingen behörighet", 10).await;
        assert!(!refused.contains("Ladda upp"), "{refused}");
        shoot(&eva, "forbidden").await;
        eva.goto(&format!("{url}/floor")).await;
        eva.wait_for("Golvet", 10).await;
        shoot(&eva, "floor").await;

        // Statistics, for the admin.
        admin.goto(&format!("{url}/stats")).await;
        admin.wait_for("Statistik", 10).await;
        shoot(&admin, "stats").await;

        // With JavaScript off the fleet page is whole (no live line).
        eva.close().await;
        admin.close().await;
    });
    eprintln!("screenshots: {}", shots_dir().display());
}
