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
mod browser_common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use api_common::*;
use browser_common::*;
use serde_json::Value;

/// The codes of the rows on the floor list, in order.
async fn codes(b: &Browser) -> Vec<String> {
    b.js("return [...document.querySelectorAll('#floor [data-code]')].map(e => e.getAttribute('data-code'))")
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect()
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
            assert!(codes(b).await.is_empty(), "{}", b.text().await);
        }

        let mut kiosk = TapDriver::start(&url, &token_file, &keep);
        let tapped = kiosk.register();
        eprintln!("kiosk: {tapped}");

        // Live on both pages (no reload): one row, the same code.
        let until = Instant::now() + Duration::from_secs(20);
        let (a, b) = loop {
            let (a, b) = (codes(&gun).await, codes(&goran).await);
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
