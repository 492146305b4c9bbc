//! A real HTTP "city hub" for the tests: `tests/support/hub_server.py`
//! (Python standard library only) on 127.0.0.1, steered through its control
//! endpoints. See `tests/support/README.md`.

use std::ffi::OsString;
use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/hub_server.py");
/// How long a starting server may take to say `READY`. Generous: a loaded
/// machine can be slow to start Python, and a broken server exits at once.
const READY_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a control request may take (the server answers them at once,
/// even while a hub request hangs).
const CONTROL_TIMEOUT: Duration = Duration::from_secs(30);

/// The bearer token the hub wants until told otherwise.
pub const TOKEN: &str = "test-token";

/// The demo kiosk with its hub at `url`, its token in a file beside it,
/// and `extra` lines at the end of `[hub]`.
pub fn hub_kiosk(dir: &Path, url: &str, extra: &str) -> (PathBuf, entre::config::Config) {
    let src = super::DEMO.replace(
        "# url = \"https://hub.example.org\"",
        &format!("url = \"{url}\"\ntoken_file = \"hub-token\"\nsync_every_s = 5\n{extra}"),
    );
    fs::write(dir.join("hub-token"), format!("{TOKEN}\n")).unwrap();
    super::write_config(&src, dir)
}

/// Runs `entre --config CONFIG ARGS`, with no hub token in its environment
/// (the token file is the kiosk's).
pub fn entre(config: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_entre"))
        .arg("--config")
        .arg(config)
        .args(args)
        .env_remove(entre::outbound::hub::TOKEN_ENV)
        .output()
        .expect("entre runs")
}

/// What a command printed: its standard output, then its standard error.
pub fn printed(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A running hub; killed on drop.
pub struct HubServer {
    child: Option<Child>,
    port: u16,
    /// Where /_control and /_state are served: `port` itself in plain mode,
    /// a second, plain-HTTP listener when the hub speaks TLS.
    control_port: u16,
    cert: Option<(PathBuf, PathBuf)>,
    log: PathBuf,
    _dir: TempDir,
}

impl HubServer {
    /// A plain-HTTP hub on a free port.
    pub fn start() -> HubServer {
        HubServer::launch(None)
    }

    /// An HTTPS hub on a free port with this PEM certificate (chain) and
    /// key, e.g. `common::smtp::TestCa`'s (made for localhost/127.0.0.1).
    pub fn start_tls(cert: &Path, key: &Path) -> HubServer {
        HubServer::launch(Some((cert.to_owned(), key.to_owned())))
    }

    fn launch(cert: Option<(PathBuf, PathBuf)>) -> HubServer {
        let dir = tempfile::Builder::new()
            .prefix("entre-hub-")
            .tempdir()
            .expect("temporary directory for the hub server");
        let log = dir.path().join("server.log");
        let (child, port, control_port) = spawn(cert.as_ref(), 0, 0, &log)
            .unwrap_or_else(|e| panic!("hub test server did not start: {e}"));
        HubServer {
            child: Some(child),
            port,
            control_port,
            cert,
            log,
            _dir: dir,
        }
    }

    /// `http://127.0.0.1:PORT`, or `https://localhost:PORT` with TLS.
    pub fn url(&self) -> String {
        match self.cert {
            None => format!("http://127.0.0.1:{}", self.port),
            Some(_) => format!("https://localhost:{}", self.port),
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The plain-HTTP port of /_control and /_state (= [`port`](Self::port)
    /// unless the hub speaks TLS).
    pub fn control_port(&self) -> u16 {
        self.control_port
    }

    /// Merges `settings` (a JSON object) into the hub's: `token`, `content`,
    /// `etag`, `visits_mode`, `content_mode`, `heartbeat_mode`, `status`,
    /// `retry_after`, `hang_s`, `huge_mb`, `reject` ({id: reason}). Panics if the hub refuses them
    /// (unknown key, bad value) or cannot be reached.
    pub fn control(&self, settings: Value) {
        let body = settings.to_string();
        let r = self.control_request("POST", "/_control", Some(body.as_bytes()));
        assert_eq!(
            r.status,
            200,
            "hub refused control {settings}: {}",
            r.text()
        );
    }

    /// Forgets everything recorded and goes back to the default settings.
    pub fn reset(&self) {
        let r = self.control_request("POST", "/_reset", Some(b""));
        assert_eq!(r.status, 200, "hub reset: {}", r.text());
    }

    /// Everything the hub recorded: `visit_requests`, `accepted`,
    /// `accepted_visits`, `heartbeats`, `content_requests`, `auth_failures`,
    /// `requests`, `bad_requests`.
    pub fn state(&self) -> Value {
        let r = self.control_request("GET", "/_state", None);
        assert_eq!(r.status, 200, "hub state: {}", r.text());
        r.json()
    }

    /// The ids the hub stored, in the order first accepted.
    pub fn accepted(&self) -> Vec<String> {
        strings(&self.state()["accepted"])
    }

    /// The ids of each visits request, in the order received.
    pub fn visit_requests(&self) -> Vec<Vec<String>> {
        match &self.state()["visit_requests"] {
            Value::Array(requests) => requests.iter().map(strings).collect(),
            other => panic!("hub state: visit_requests is {other}"),
        }
    }

    /// The heartbeat bodies, in the order received.
    pub fn heartbeats(&self) -> Vec<Value> {
        match self.state()["heartbeats"].take() {
            Value::Array(beats) => beats,
            other => panic!("hub state: heartbeats is {other}"),
        }
    }

    /// Polls the state until `done` holds, and returns it; panics (with the
    /// last state and the server's stderr) after `timeout`.
    pub fn wait_for(&self, timeout: Duration, done: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + timeout;
        loop {
            let state = self.state();
            if done(&state) {
                return state;
            }
            if Instant::now() >= deadline {
                panic!(
                    "hub state not as awaited after {timeout:?}:\n{state:#}\nserver stderr:\n{}",
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kills the server: connections are refused until
    /// [`restart`](Self::restart). The URL stays the same.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Stops the server if it runs, then starts it again on the same port
    /// (and control port): a hub outage and its return. The new process
    /// starts with nothing recorded and default settings.
    pub fn restart(&mut self) {
        self.stop();
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            match spawn(self.cert.as_ref(), self.port, self.control_port, &self.log) {
                Ok((child, port, control_port)) => {
                    assert_eq!(
                        (port, control_port),
                        (self.port, self.control_port),
                        "restarted on other ports"
                    );
                    self.child = Some(child);
                    return;
                }
                // The old socket may linger a moment; anything else is fatal.
                Err(e)
                    if e.to_lowercase().contains("address already in use")
                        && Instant::now() < deadline =>
                {
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(e) => panic!("hub test server did not restart on port {}: {e}", self.port),
            }
        }
    }

    /// What the server wrote to stderr so far (all runs); set HUB_VERBOSE=1
    /// in the environment for a line per request.
    pub fn stderr(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn control_request(&self, method: &str, path: &str, body: Option<&[u8]>) -> Response {
        let headers: &[(&str, &str)] = if body.is_some() {
            &[("Content-Type", "application/json")]
        } else {
            &[]
        };
        request(self.control_port, method, path, headers, body).unwrap_or_else(|e| {
            panic!(
                "hub control {method} {path} on port {}: {e}\nserver stderr:\n{}",
                self.control_port,
                self.stderr()
            )
        })
    }
}

impl Drop for HubServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// An HTTP response as [`request`] read it.
#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    /// In the order received, names as sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON; panics if it is not.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("response body is not JSON ({e}): {}", self.text()))
    }
}

/// One plain-HTTP/1.1 request to 127.0.0.1:`port` with `Connection: close`;
/// the response is read to the end of the connection. Just enough for the
/// hub's control endpoints and for tests that speak to the hub directly.
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Result<Response, String> {
    let mut stream =
        TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect: {e}"))?;
    stream
        .set_read_timeout(Some(CONTROL_TIMEOUT))
        .and_then(|()| stream.set_write_timeout(Some(CONTROL_TIMEOUT)))
        .map_err(|e| format!("socket timeouts: {e}"))?;
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    out.extend_from_slice(body.unwrap_or_default());
    stream
        .write_all(&out)
        .map_err(|e| format!("send request: {e}"))?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .map_err(|e| format!("read response: {e}"))?;
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Result<Response, String> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("no end of headers in {:?}", String::from_utf8_lossy(raw)))?;
    let head = std::str::from_utf8(&raw[..split]).map_err(|e| format!("header bytes: {e}"))?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line {status_line:?}"))?;
    let headers = lines
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            Some((name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect();
    Ok(Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    })
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items
            .iter()
            .map(|s| match s {
                Value::String(s) => s.clone(),
                other => panic!("hub state: expected an id string, got {other}"),
            })
            .collect(),
        other => panic!("hub state: expected an array of ids, got {other}"),
    }
}

/// `ENTRE_TEST_PYTHON` if set, else `python3` from PATH (the server needs
/// only the standard library).
fn python() -> OsString {
    std::env::var_os("ENTRE_TEST_PYTHON").unwrap_or_else(|| OsString::from("python3"))
}

/// Runs the script; returns the child, its port and its control port once
/// it said `READY`, or what went wrong, with its stderr.
fn spawn(
    cert: Option<&(PathBuf, PathBuf)>,
    port: u16,
    control_port: u16,
    log: &Path,
) -> Result<(Child, u16, u16), String> {
    let python = python();
    let mut cmd = Command::new(&python);
    cmd.arg(SCRIPT)
        .arg("--port")
        .arg(port.to_string())
        .arg("--exit-on-stdin-eof");
    if let Some((cert, key)) = cert {
        cmd.arg("--cert")
            .arg(cert)
            .arg("--key")
            .arg(key)
            .arg("--control-port")
            .arg(control_port.to_string());
    }
    let tls = cert.is_some();
    super::spawn_ready(&mut cmd, log, READY_TIMEOUT, |line| {
        let ports: Option<Vec<u16>> = line
            .strip_prefix("READY ")
            .map(|rest| rest.split(' ').filter_map(|p| p.parse().ok()).collect());
        match (ports.as_deref(), tls) {
            (Some(&[port]), false) => Ok((port, port)),
            (Some(&[port, control]), true) => Ok((port, control)),
            _ => Err(format!(
                "said {line:?} instead of READY <port> [<control port>]"
            )),
        }
    })
    .map(|(child, (port, control))| (child, port, control))
    .map_err(|e| format!("{} {SCRIPT}: {e}", python.to_string_lossy()))
}
