//! The real `entre-hub` binary for the protocol, end-to-end and fault
//! tests: a hub.toml in a temporary folder, the server on a free port of
//! 127.0.0.1, its commands, and kill -9.
#![allow(dead_code)]

use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const HUB: &str = env!("CARGO_BIN_EXE_entre-hub");

/// The repository's root (the kiosk package).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The real kiosk binary, built by `cargo build --release --bin entre`.
pub fn entre_bin() -> PathBuf {
    let p = root().join("target/release/entre");
    assert!(
        p.exists(),
        "{} is missing: build it first (cargo build --release --bin entre)",
        p.display()
    );
    p
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The demo kiosk's languages: every errand must come in each.
pub const LANGUAGES: &str = r#"["sv", "en", "ar", "fa", "so", "ti", "fi", "tr", "pl", "uk"]"#;

/// A hub.toml for `url` on `port`, with the offices `north` and `south`.
pub fn hub_toml(port: u16, url: &str, extra: &str) -> String {
    format!(
        r#"[server]
listen = "127.0.0.1:{port}"

[database]
url = "{url}"

[[office]]
id = "north"
name = "Medborgarkontoret Norr"

[[office]]
id = "south"
name = "Medborgarkontoret Söder"

[mail]
allowed_domains = ["demo.example.org"]

[content]
languages = {LANGUAGES}
{extra}
"#
    )
}

/// One `entre-hub` server process and its folder.
pub struct Hub {
    pub dir: PathBuf,
    pub config: PathBuf,
    pub port: u16,
    pub log: PathBuf,
    child: Option<Child>,
    /// What the server printed on stdout (the demo admin's password).
    pub stdout: PathBuf,
}

impl Hub {
    /// A hub.toml in `dir` (kept by the caller) on a free port; not started.
    pub fn new(dir: &Path, db_url: &str, extra: &str) -> Hub {
        let port = free_port();
        let config = dir.join("hub.toml");
        std::fs::write(&config, hub_toml(port, db_url, extra)).unwrap();
        Hub::with_config(dir, &config, port)
    }

    pub fn with_config(dir: &Path, config: &Path, port: u16) -> Hub {
        Hub {
            dir: dir.to_path_buf(),
            config: config.to_path_buf(),
            port,
            log: dir.join(format!("hub-{port}.log")),
            stdout: dir.join(format!("hub-{port}.out")),
            child: None,
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts the server and waits until it answers.
    pub fn start(&mut self) -> &mut Hub {
        assert!(self.child.is_none(), "already running");
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap();
        let out = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.stdout)
            .unwrap();
        let child = Command::new(HUB)
            .arg("--config")
            .arg(&self.config)
            .env("RUST_LOG", "entre_hub=info")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(log)
            .spawn()
            .expect("entre-hub starts");
        self.child = Some(child);
        let until = Instant::now() + Duration::from_secs(60);
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return self;
            }
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("entre-hub exited at start ({status}):\n{}", self.log_text());
            }
            assert!(
                Instant::now() < until,
                "entre-hub did not listen within 60 s:\n{}",
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// kill -9: no chance to finish anything.
    pub fn kill9(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().unwrap();
            c.wait().unwrap();
        }
    }

    /// SIGTERM, then waits for the exit; returns its status code.
    pub fn terminate(&mut self) -> Option<i32> {
        let mut c = self.child.take()?;
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(c.id().to_string())
            .status();
        let until = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(s) = c.try_wait().unwrap() {
                return s.code();
            }
            if Instant::now() > until {
                let _ = c.kill();
                let _ = c.wait();
                panic!("entre-hub did not stop on SIGTERM within 20 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn log_text(&self) -> String {
        let mut s = String::new();
        if let Ok(mut f) = std::fs::File::open(&self.log) {
            let _ = f.read_to_string(&mut s);
        }
        s
    }

    pub fn stdout_text(&self) -> String {
        std::fs::read_to_string(&self.stdout).unwrap_or_default()
    }

    /// `entre-hub --config CONFIG ARGS`.
    pub fn cmd(&self, args: &[&str]) -> Output {
        run(&self.config, args)
    }

    /// `kiosk add ID --office OFFICE`: the printed token.
    pub fn add_kiosk(&self, id: &str, office: &str) -> String {
        let out = self.cmd(&["kiosk", "add", id, "--office", office]);
        assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
        token_of(&out)
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// The token a `kiosk add` printed (its one line of 64 hex digits).
pub fn token_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find(|l| l.len() == 64 && l.chars().all(|c| c.is_ascii_hexdigit()))
        .unwrap_or_else(|| panic!("no token in {}", printed(out)))
        .to_string()
}

pub fn run(config: &Path, args: &[&str]) -> Output {
    Command::new(HUB)
        .arg("--config")
        .arg(config)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("entre-hub runs")
}

pub fn printed(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A UUID-shaped visit id, fixed by `(kiosk, n)`.
pub fn visit_id(kiosk: u32, n: u32) -> String {
    format!("{kiosk:08x}-0000-4000-8000-{n:012x}")
}

/// A visit as a kiosk sends it, at `at` (RFC 3339).
pub fn visit(id: &str, at: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "at": at,
        "purpose": "errand",
        "errand": "housing",
        "language": "ar",
        "survey": { "learned": true, "self_next_time": null },
        "checkin": null
    })
}

/// A minute `minutes_ago` minutes before now, RFC 3339 UTC.
pub fn minutes_ago(minutes: i64) -> String {
    let now = jiff::Timestamp::now().as_millisecond();
    let at = now - now.rem_euclid(60_000) - minutes * 60_000;
    jiff::Timestamp::from_millisecond(at)
        .unwrap()
        .strftime("%Y-%m-%dT%H:%M:%S.000Z")
        .to_string()
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}
