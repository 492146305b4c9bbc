//! The floor with every real part: the real `entre` kiosk binary
//! (`cargo build --release --bin entre` first) full screen on its own Xvfb
//! display, tapped with XTest through "Jag vill prata med en vägledare" by
//! bench/floor.py (the driver scripts/bench-hub measures with), the real
//! `entre-hub` (the bundled demo hub.toml, SQLite), and two guides signed
//! in on two Chromium sessions on /floor (chromedriver, W3C WebDriver over
//! HTTP). The registration the kiosk made appears on both pages, live.
//!
//! Needs /usr/bin/python3 with python3-xlib, Xvfb, matchbox-window-manager,
//! imagemagick, chromium and chromium-driver (all in .ci/run's list).

mod api_common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
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

/// One headless Chromium session.
struct Browser {
    http: reqwest::Client,
    base: String,
    _profile: tempfile::TempDir,
}

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
                    "--disable-dev-shm-usage",
                    format!("--user-data-dir={}", profile.path().display()),
                    "--window-size=1280,900",
                ]
            }
        }}});
        // Chromium may be slow to start on a busy machine: up to three tries.
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

    async fn post(&self, path: &str, body: Value) -> Value {
        let r: Value = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if r["value"].get("error").is_some() {
            panic!("webdriver {path}: {}", r["value"]);
        }
        r["value"].clone()
    }

    async fn goto(&self, url: &str) {
        self.post("/url", json!({ "url": url })).await;
    }

    async fn find(&self, css: &str) -> String {
        let v = self
            .post("/element", json!({ "using": "css selector", "value": css }))
            .await;
        v.as_object()
            .and_then(|o| o.values().next())
            .and_then(|e| e.as_str())
            .unwrap()
            .to_string()
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

    async fn js(&self, script: &str) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": [] }))
            .await
    }

    async fn text(&self) -> String {
        self.js("return document.body ? document.body.innerText : ''")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
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

    /// The codes of the rows on the floor list, in order.
    async fn codes(&self) -> Vec<String> {
        self.js("return [...document.querySelectorAll('#floor [data-code]')].map(e => e.getAttribute('data-code'))")
            .await
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect()
    }

    async fn close(self) {
        let _ = self.http.delete(&self.base).send().await;
    }
}

async fn log_in(b: &Browser, url: &str, name: &str, password: &str) {
    b.goto(&format!("{url}/login")).await;
    b.type_in("#name", name).await;
    b.type_in("#password", password).await;
    b.click("form.stack button[type=submit]").await;
    b.wait_for(&format!("Välkommen, {name}"), 20).await;
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

fn user_add(config: &Path, args: &[&str], password: &str) {
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

/// The real kiosk on its own display, driven by bench/floor.py; killed
/// (with its display) on drop.
struct TapDriver {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl TapDriver {
    fn start(hub: &str, token_file: &Path, keep: &Path) -> TapDriver {
        let mut child = Command::new("/usr/bin/python3")
            .arg(root().join("bench/floor.py"))
            .arg("kiosk")
            .arg("--entre")
            .arg(entre_bin())
            .arg("--config")
            .arg(root().join("kiosk.toml"))
            .args(["--hub", hub, "--kiosk-id", "demo-entre-1"])
            .arg("--token-file")
            .arg(token_file)
            .arg("--keep")
            .arg(keep)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("/usr/bin/python3 (with python3-xlib)");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        assert_eq!(
            line.trim(),
            "ready",
            "the kiosk did not start (bench/floor.py said {line:?} on stdout; its stderr is above; screens and log in {})",
            keep.display()
        );
        TapDriver {
            child,
            stdin,
            stdout,
        }
    }

    /// Taps one registration through; what the driver said.
    fn register(&mut self) -> Value {
        writeln!(self.stdin, "register").unwrap();
        self.stdin.flush().unwrap();
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        let v: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("bench/floor.py said {line:?}: {e}"));
        assert!(v.get("error").is_none(), "the taps failed: {}", v["error"]);
        v
    }
}

impl Drop for TapDriver {
    fn drop(&mut self) {
        let _ = writeln!(self.stdin, "quit");
        let _ = self.stdin.flush();
        let until = Instant::now() + Duration::from_secs(20);
        while Instant::now() < until {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_code(c: &str) -> bool {
    let b = c.as_bytes();
    b.len() == 3
        && b[0].is_ascii_uppercase()
        && b[0] != b'I'
        && b[0] != b'O'
        && (b'2'..=b'9').contains(&b[1])
        && (b'2'..=b'9').contains(&b[2])
}

const PW: &str = "ett långt lösenord 1";

#[test]
fn a_registration_tapped_on_the_real_kiosk_reaches_two_guides_floor_pages() {
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "apt install chromium chromium-driver"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut hub = demo_hub(dir.path());
    hub.start();
    let url = hub.url();
    user_add(
        &hub.config,
        &["gun", "--role", "guide", "--office", "demo"],
        PW,
    );
    user_add(
        &hub.config,
        &["goran", "--role", "guide", "--office", "demo"],
        PW,
    );
    let token_file = dir.path().join("var/demo-hub-token");
    assert!(token_file.exists(), "the demo made no kiosk token");
    let keep = root().join("target/floor-kiosk-browser");

    let driver = Driver::start();
    rt().block_on(async {
        let gun = Browser::new(&driver).await;
        let goran = Browser::new(&driver).await;
        for (b, name) in [(&gun, "gun"), (&goran, "goran")] {
            log_in(b, &url, name, PW).await;
            b.goto(&format!("{url}/floor")).await;
            b.wait_for("Golvet", 20).await;
            assert!(b.codes().await.is_empty(), "{}", b.text().await);
        }

        let mut kiosk = TapDriver::start(&url, &token_file, &keep);
        let tapped = kiosk.register();
        eprintln!("kiosk: {tapped}");

        // Live on both pages (no reload): one row, the same code.
        let until = Instant::now() + Duration::from_secs(20);
        let (a, b) = loop {
            let (a, b) = (gun.codes().await, goran.codes().await);
            if !a.is_empty() && !b.is_empty() {
                break (a, b);
            }
            assert!(
                Instant::now() < until,
                "no row within 20 s of the tap: gun sees {a:?}, göran {b:?}; gun's page:\n{}\nthe hub's log:\n{}",
                gun.text().await,
                hub.log_text()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert_eq!(a, b, "the two guides see different lists");
        assert_eq!(a.len(), 1, "one registration, one row: {a:?}");
        assert!(is_code(&a[0]), "not a code: {:?}", a[0]);
        let text = gun.text().await;
        assert!(text.contains(&a[0]), "{text}");

        // Tap to row, for the log (scripts/bench-hub measures it).
        eprintln!("row {} on both pages", a[0]);

        drop(kiosk);
        gun.close().await;
        goran.close().await;
    });
}
