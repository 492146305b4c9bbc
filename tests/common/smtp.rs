//! A real SMTP server for the tests: `tests/support/smtp_server.py`
//! (aiosmtpd) on 127.0.0.1, and a throwaway certificate authority made with
//! the `openssl` command line. See `tests/support/README.md`.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_server.py");
/// Debian's interpreter, the one `python3-aiosmtpd` installs into.
const DEFAULT_PYTHON: &str = "/usr/bin/python3";
/// How long a starting server may take to say `READY`. Generous: a loaded
/// machine can be slow to start Python, and a broken server exits at once.
const READY_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// No TLS at all.
    #[default]
    Plain,
    /// Plain on connect, STARTTLS offered (AUTH only after it).
    StartTls,
    /// Implicit TLS from the first byte ("SMTPS", port 465 style).
    Tls,
}

impl Mode {
    fn arg(self) -> &'static str {
        match self {
            Mode::Plain => "plain",
            Mode::StartTls => "starttls",
            Mode::Tls => "tls",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Options {
    pub mode: Mode,
    /// PEM certificate and key; required unless `mode` is `Plain`.
    pub cert: Option<(PathBuf, PathBuf)>,
    /// Require AUTH PLAIN/LOGIN with this user and password.
    pub auth: Option<(String, String)>,
    /// Answer 550 to recipients containing this.
    pub reject_rcpt: Option<String>,
    /// A fixed port; `None` picks a free one (the norm in tests).
    pub port: Option<u16>,
    /// A slow relay: it keeps each message at once but answers the end of
    /// DATA only after this long.
    pub data_delay: Option<Duration>,
}

/// One accepted message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Received {
    /// `<number>.eml` in the maildir; 1 for the first message.
    pub number: usize,
    /// The message as received in DATA (dot-unstuffed, CRLF line ends);
    /// lossily decoded should it not be UTF-8.
    pub raw: String,
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    /// Whether the session was encrypted (STARTTLS or implicit TLS).
    pub tls: bool,
    /// The user that authenticated, if any.
    pub auth_user: Option<String>,
}

/// A running server; killed on drop.
pub struct SmtpServer {
    pub port: u16,
    pub maildir: PathBuf,
    child: Child,
    opts: Options,
    log: PathBuf,
    _dir: TempDir,
}

impl SmtpServer {
    /// Starts a server and waits until it accepts connections.
    pub fn start(opts: Options) -> SmtpServer {
        if opts.mode != Mode::Plain {
            assert!(
                opts.cert.is_some(),
                "SMTP mode {:?} needs Options::cert",
                opts.mode
            );
        }
        let dir = tempfile::Builder::new()
            .prefix("entre-smtp-")
            .tempdir()
            .expect("temporary directory for the SMTP server");
        let maildir = dir.path().join("mail");
        fs::create_dir(&maildir).expect("create maildir");
        let log = dir.path().join("server.log");
        let (child, port) = spawn(&opts, opts.port.unwrap_or(0), &maildir, &log)
            .unwrap_or_else(|e| panic!("SMTP test server did not start: {e}"));
        SmtpServer {
            port,
            maildir,
            child,
            opts,
            log,
            _dir: dir,
        }
    }

    /// `127.0.0.1:<port>`.
    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Kills the server: connections are refused until [`restart`](Self::restart).
    /// Received messages stay readable.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Stops the server if it runs, then starts it again on the same port
    /// and maildir (numbering continues): a relay outage and its return.
    pub fn restart(&mut self) {
        self.stop();
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            match spawn(&self.opts, self.port, &self.maildir, &self.log) {
                Ok((child, port)) => {
                    assert_eq!(port, self.port, "restarted on another port");
                    self.child = child;
                    return;
                }
                // The old socket may linger a moment; anything else is fatal.
                Err(e)
                    if e.to_lowercase().contains("address already in use")
                        && Instant::now() < deadline =>
                {
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(e) => panic!(
                    "SMTP test server did not restart on port {}: {e}",
                    self.port
                ),
            }
        }
    }

    /// Every message received so far, by number.
    pub fn messages(&self) -> Vec<Received> {
        let mut numbers: Vec<usize> = fs::read_dir(&self.maildir)
            .expect("read maildir")
            .filter_map(|entry| {
                let name = entry.ok()?.file_name().into_string().ok()?;
                name.strip_suffix(".eml")?.parse().ok()
            })
            .collect();
        numbers.sort_unstable();
        numbers.into_iter().map(|n| self.read(n)).collect()
    }

    /// Polls until at least `n` messages arrived, and returns them all;
    /// panics (with the server's stderr) after `timeout`.
    pub fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = Instant::now() + timeout;
        loop {
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            if Instant::now() >= deadline {
                panic!(
                    "waited {timeout:?} for {n} message(s) on port {}, got {}\n\
                     server stderr:\n{}",
                    self.port,
                    got.len(),
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// What the server wrote to stderr so far (all runs).
    pub fn stderr(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn read(&self, n: usize) -> Received {
        let eml = self.maildir.join(format!("{n}.eml"));
        let raw = fs::read(&eml).unwrap_or_else(|e| panic!("read {}: {e}", eml.display()));
        let meta = self.maildir.join(format!("{n}.json"));
        let text =
            fs::read_to_string(&meta).unwrap_or_else(|e| panic!("read {}: {e}", meta.display()));
        let json = json::parse(&text).unwrap_or_else(|e| panic!("{}: {e}: {text}", meta.display()));
        let field = |key: &str| {
            json.get(key)
                .unwrap_or_else(|| panic!("{}: no {key}", meta.display()))
        };
        Received {
            number: n,
            raw: String::from_utf8_lossy(&raw).into_owned(),
            mail_from: field("mail_from").as_str().unwrap_or_default().to_owned(),
            rcpt_tos: field("rcpt_tos")
                .as_array()
                .unwrap_or_default()
                .iter()
                .filter_map(|r| r.as_str().map(str::to_owned))
                .collect(),
            tls: field("tls") == &json::Value::Bool(true),
            auth_user: json
                .get("auth_user")
                .and_then(|u| u.as_str())
                .map(str::to_owned),
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A Python with aiosmtpd: `ENTRE_TEST_PYTHON`, else Debian's python3 when
/// `python3-aiosmtpd` is installed, else a virtual environment under
/// target/ with aiosmtpd from PyPI (made once), so that the README's test
/// command works on a machine where nobody installed anything.
fn python() -> OsString {
    static PYTHON: std::sync::OnceLock<OsString> = std::sync::OnceLock::new();
    PYTHON
        .get_or_init(|| {
            if let Some(p) = std::env::var_os("ENTRE_TEST_PYTHON") {
                return p;
            }
            let has_aiosmtpd = |python: &OsString| {
                Command::new(python)
                    .args(["-c", "import aiosmtpd"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success())
            };
            let system = OsString::from(DEFAULT_PYTHON);
            if has_aiosmtpd(&system) {
                return system;
            }
            let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("smtp-venv");
            let venv_python = venv.join("bin/python3").into_os_string();
            if !has_aiosmtpd(&venv_python) {
                let made = Command::new(&system)
                    .args(["-m", "venv"])
                    .arg(&venv)
                    .status()
                    .is_ok_and(|s| s.success())
                    && Command::new(&venv_python)
                        .args(["-m", "pip", "install", "--quiet", "aiosmtpd==1.4.6"])
                        .status()
                        .is_ok_and(|s| s.success());
                if !made {
                    return system;
                }
            }
            venv_python
        })
        .clone()
}

/// Runs the script; returns the child and its port once it said `READY`,
/// or what went wrong, with its stderr.
fn spawn(opts: &Options, port: u16, maildir: &Path, log: &Path) -> Result<(Child, u16), String> {
    let python = python();
    let mut cmd = Command::new(&python);
    cmd.arg(SCRIPT)
        .arg("--port")
        .arg(port.to_string())
        .arg("--maildir")
        .arg(maildir)
        .arg("--mode")
        .arg(opts.mode.arg())
        .arg("--exit-on-stdin-eof");
    if let Some((cert, key)) = &opts.cert {
        cmd.arg("--cert").arg(cert).arg("--key").arg(key);
    }
    if let Some((user, password)) = &opts.auth {
        cmd.arg("--auth").arg(format!("{user}:{password}"));
    }
    if let Some(reject) = &opts.reject_rcpt {
        cmd.arg("--reject-rcpt").arg(reject);
    }
    if let Some(delay) = opts.data_delay {
        cmd.arg("--data-delay").arg(delay.as_secs_f64().to_string());
    }
    super::spawn_ready(&mut cmd, log, READY_TIMEOUT, |line| {
        match line.strip_prefix("READY ").map(str::parse::<u16>) {
            Some(Ok(port)) => Ok(port),
            _ => Err(format!("said {line:?} instead of READY <port>")),
        }
    })
    .map_err(|e| {
        let hint = if e.contains("No module named 'aiosmtpd'") {
            "\n(install python3-aiosmtpd, or point ENTRE_TEST_PYTHON at a python3 with aiosmtpd)"
        } else {
            ""
        };
        format!("{} {SCRIPT}: {e}{hint}", python.to_string_lossy())
    })
}

/// A throwaway certificate authority and a server certificate it signed,
/// for "localhost" and 127.0.0.1, made with the `openssl` command.
pub struct TestCa {
    /// The CA certificate: what clients should trust.
    pub ca_pem: PathBuf,
    /// The server certificate (leaf only).
    pub cert_pem: PathBuf,
    /// The server's private key (PKCS#8 PEM, unencrypted).
    pub key_pem: PathBuf,
    _dir: TempDir,
}

const CA_CONF: &str = "\
[req]
distinguished_name = dn
prompt = no
x509_extensions = ca
[dn]
CN = Entre Test CA
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
";

const LEAF_CONF: &str = "\
[req]
distinguished_name = dn
prompt = no
[dn]
CN = localhost
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
";

impl TestCa {
    pub fn new() -> TestCa {
        let dir = tempfile::Builder::new()
            .prefix("entre-ca-")
            .tempdir()
            .expect("temporary directory for the test CA");
        let d = dir.path();
        fs::write(d.join("ca.cnf"), CA_CONF).expect("write ca.cnf");
        fs::write(d.join("leaf.cnf"), LEAF_CONF).expect("write leaf.cnf");
        // ECDSA P-256 with SHA-256: quick to make, and every TLS stack
        // (rustls/webpki included) accepts it.
        let key = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
        ];
        openssl(
            d,
            &[
                &[
                    "req", "-x509", "-config", "ca.cnf", "-sha256", "-days", "3650",
                ],
                &key[..],
                &["-keyout", "ca.key", "-out", "ca.pem"],
            ],
        );
        openssl(
            d,
            &[
                &["req", "-new", "-config", "leaf.cnf"],
                &key[..],
                &["-keyout", "key.pem", "-out", "cert.csr"],
            ],
        );
        openssl(
            d,
            &[&[
                "x509",
                "-req",
                "-in",
                "cert.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-sha256",
                "-days",
                "825",
                "-extfile",
                "leaf.cnf",
                "-extensions",
                "leaf",
                "-out",
                "cert.pem",
            ]],
        );
        TestCa {
            ca_pem: d.join("ca.pem"),
            cert_pem: d.join("cert.pem"),
            key_pem: d.join("key.pem"),
            _dir: dir,
        }
    }

    /// For [`Options::cert`].
    pub fn cert_and_key(&self) -> (PathBuf, PathBuf) {
        (self.cert_pem.clone(), self.key_pem.clone())
    }

    /// Server options in `mode` with this CA's server certificate.
    pub fn options(&self, mode: Mode) -> Options {
        Options {
            mode,
            cert: Some(self.cert_and_key()),
            ..Options::default()
        }
    }
}

impl Default for TestCa {
    fn default() -> Self {
        TestCa::new()
    }
}

fn openssl(dir: &Path, args: &[&[&str]]) {
    let args: Vec<&str> = args.concat();
    let out = Command::new("openssl")
        .args(&args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run openssl (install it): {e}"));
    assert!(
        out.status.success(),
        "openssl {} failed ({}):\n{}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Just enough JSON for the envelope files the server writes.
pub mod json {
    #[derive(Debug, PartialEq)]
    pub enum Value {
        Null,
        Bool(bool),
        Number(f64),
        String(String),
        Array(Vec<Value>),
        Object(Vec<(String, Value)>),
    }

    impl Value {
        pub fn get(&self, key: &str) -> Option<&Value> {
            match self {
                Value::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
                _ => None,
            }
        }

        pub fn as_str(&self) -> Option<&str> {
            match self {
                Value::String(s) => Some(s),
                _ => None,
            }
        }

        pub fn as_array(&self) -> Option<&[Value]> {
            match self {
                Value::Array(items) => Some(items),
                _ => None,
            }
        }
    }

    pub fn parse(text: &str) -> Result<Value, String> {
        let mut p = Parser {
            s: text.as_bytes(),
            i: 0,
        };
        let v = p.value()?;
        p.ws();
        if p.i != p.s.len() {
            return Err(format!("trailing data at byte {}", p.i));
        }
        Ok(v)
    }

    struct Parser<'a> {
        s: &'a [u8],
        i: usize,
    }

    impl Parser<'_> {
        fn ws(&mut self) {
            while self.s.get(self.i).is_some_and(u8::is_ascii_whitespace) {
                self.i += 1;
            }
        }

        fn eat(&mut self, c: u8) -> Result<(), String> {
            self.ws();
            if self.s.get(self.i) == Some(&c) {
                self.i += 1;
                Ok(())
            } else {
                Err(format!("expected {:?} at byte {}", c as char, self.i))
            }
        }

        fn value(&mut self) -> Result<Value, String> {
            self.ws();
            let rest = &self.s[self.i..];
            for (word, v) in [
                ("null", Value::Null),
                ("true", Value::Bool(true)),
                ("false", Value::Bool(false)),
            ] {
                if rest.starts_with(word.as_bytes()) {
                    self.i += word.len();
                    return Ok(v);
                }
            }
            match rest.first() {
                Some(b'"') => self.string().map(Value::String),
                Some(b'[') => {
                    self.i += 1;
                    let mut items = Vec::new();
                    self.ws();
                    if self.s.get(self.i) == Some(&b']') {
                        self.i += 1;
                        return Ok(Value::Array(items));
                    }
                    loop {
                        items.push(self.value()?);
                        self.ws();
                        if self.s.get(self.i) == Some(&b',') {
                            self.i += 1;
                        } else {
                            self.eat(b']')?;
                            return Ok(Value::Array(items));
                        }
                    }
                }
                Some(b'{') => {
                    self.i += 1;
                    let mut fields = Vec::new();
                    self.ws();
                    if self.s.get(self.i) == Some(&b'}') {
                        self.i += 1;
                        return Ok(Value::Object(fields));
                    }
                    loop {
                        self.ws();
                        let key = self.string()?;
                        self.eat(b':')?;
                        fields.push((key, self.value()?));
                        self.ws();
                        if self.s.get(self.i) == Some(&b',') {
                            self.i += 1;
                        } else {
                            self.eat(b'}')?;
                            return Ok(Value::Object(fields));
                        }
                    }
                }
                Some(c) if *c == b'-' || c.is_ascii_digit() => {
                    let start = self.i;
                    while self
                        .s
                        .get(self.i)
                        .is_some_and(|c| c.is_ascii_digit() || b"+-.eE".contains(c))
                    {
                        self.i += 1;
                    }
                    let n = std::str::from_utf8(&self.s[start..self.i]).unwrap_or_default();
                    n.parse()
                        .map(Value::Number)
                        .map_err(|e| format!("number {n:?}: {e}"))
                }
                _ => Err(format!("unexpected byte {}", self.i)),
            }
        }

        fn string(&mut self) -> Result<String, String> {
            self.eat(b'"')?;
            let mut out = Vec::new();
            loop {
                let c = *self.s.get(self.i).ok_or("unterminated string")?;
                self.i += 1;
                match c {
                    b'"' => return String::from_utf8(out).map_err(|e| e.to_string()),
                    b'\\' => {
                        let e = *self.s.get(self.i).ok_or("unterminated escape")?;
                        self.i += 1;
                        let ch = match e {
                            b'"' => '"',
                            b'\\' => '\\',
                            b'/' => '/',
                            b'b' => '\u{8}',
                            b'f' => '\u{c}',
                            b'n' => '\n',
                            b'r' => '\r',
                            b't' => '\t',
                            b'u' => {
                                let hi = self.hex4()?;
                                let code = if (0xD800..0xDC00).contains(&hi)
                                    && self.s[self.i..].starts_with(b"\\u")
                                {
                                    self.i += 2;
                                    let lo = self.hex4()?;
                                    0x10000
                                        + ((hi - 0xD800) << 10)
                                        + (lo.wrapping_sub(0xDC00) & 0x3FF)
                                } else {
                                    hi
                                };
                                char::from_u32(code).unwrap_or('\u{FFFD}')
                            }
                            _ => return Err(format!("bad escape at byte {}", self.i)),
                        };
                        out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                    }
                    _ => out.push(c),
                }
            }
        }

        fn hex4(&mut self) -> Result<u32, String> {
            let digits = self.s.get(self.i..self.i + 4).ok_or("short \\u escape")?;
            self.i += 4;
            let digits = std::str::from_utf8(digits).map_err(|e| e.to_string())?;
            u32::from_str_radix(digits, 16).map_err(|e| e.to_string())
        }
    }
}
