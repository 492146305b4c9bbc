//! The SMTP test harness itself (`tests/common/smtp.rs` and
//! `tests/support/smtp_server.py`), spoken to with std's TcpStream and, for
//! the TLS handshake, the `openssl` command line.

mod common;

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Output};
use std::time::Duration;

use common::smtp::{Mode, Options, SmtpServer, TestCa, json};

/// Generous: the CI machine may be busy compiling on both cores.
const WAIT: Duration = Duration::from_secs(30);

/// A line-by-line SMTP client, just enough to drive the server.
struct Client {
    reader: BufReader<TcpStream>,
    stream: TcpStream,
}

impl Client {
    /// Connects and checks the 220 banner.
    fn connect(server: &SmtpServer) -> Client {
        let mut client = Client::raw(server);
        let (code, text) = client.reply();
        assert_eq!(code, 220, "banner: {text:?}");
        client
    }

    fn raw(server: &SmtpServer) -> Client {
        let stream = TcpStream::connect(server.addr()).expect("connect to the SMTP server");
        stream.set_read_timeout(Some(WAIT)).unwrap();
        stream.set_write_timeout(Some(WAIT)).unwrap();
        Client {
            reader: BufReader::new(stream.try_clone().unwrap()),
            stream,
        }
    }

    /// One reply, multi-line ones joined: its code and its lines' text.
    fn reply(&mut self) -> (u16, Vec<String>) {
        let mut lines = Vec::new();
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).expect("read a reply");
            assert!(
                line.len() >= 4,
                "short or no reply: {line:?} after {lines:?}"
            );
            let code = line[..3]
                .parse()
                .unwrap_or_else(|_| panic!("no reply code: {line:?}"));
            lines.push(line[4..].trim_end().to_owned());
            if line.as_bytes()[3] == b' ' {
                return (code, lines);
            }
        }
    }

    fn cmd(&mut self, line: &str) -> (u16, Vec<String>) {
        self.stream
            .write_all(format!("{line}\r\n").as_bytes())
            .expect("send a command");
        self.reply()
    }

    /// Sends `line`, asserts the reply code, returns the reply's lines.
    fn expect(&mut self, line: &str, code: u16) -> Vec<String> {
        let (got, text) = self.cmd(line);
        assert_eq!(got, code, "{line:?} answered {got} {text:?}");
        text
    }

    /// MAIL, RCPT and DATA for one message (the body dot-stuffed here).
    fn send(&mut self, from: &str, to: &[&str], message: &str) {
        self.expect(&format!("MAIL FROM:<{from}>"), 250);
        for rcpt in to {
            self.expect(&format!("RCPT TO:<{rcpt}>"), 250);
        }
        self.expect("DATA", 354);
        let mut data = String::new();
        for line in message.lines() {
            if line.starts_with('.') {
                data.push('.');
            }
            data.push_str(line);
            data.push_str("\r\n");
        }
        data.push_str(".\r\n");
        self.stream
            .write_all(data.as_bytes())
            .expect("send the message");
        let (code, text) = self.reply();
        assert_eq!(code, 250, "end of DATA answered {code} {text:?}");
    }
}

const MESSAGE: &str = "From: Entre <kiosk@example.org>\n\
                       To: Desk <desk@example.org>\n\
                       Subject: Check-in\n\
                       \n\
                       Hello.\n\
                       .A line that starts with a dot.\n";

#[test]
fn plain_delivery_lands_in_the_maildir_with_its_envelope() {
    let server = SmtpServer::start(Options::default());
    assert!(server.messages().is_empty());
    let mut c = Client::connect(&server);
    let ehlo = c.expect("EHLO kiosk.test", 250);
    assert!(
        !ehlo.iter().any(|l| l == "STARTTLS"),
        "plain mode offers no STARTTLS: {ehlo:?}"
    );
    c.send(
        "kiosk@example.org",
        &["desk@example.org", "boss@example.org"],
        MESSAGE,
    );
    c.expect("QUIT", 221);

    let got = server.wait_for(1, WAIT);
    assert_eq!(got.len(), 1);
    let m = &got[0];
    assert_eq!(m.number, 1);
    assert_eq!(m.mail_from, "kiosk@example.org");
    assert_eq!(m.rcpt_tos, ["desk@example.org", "boss@example.org"]);
    assert!(!m.tls);
    assert_eq!(m.auth_user, None);
    assert_eq!(
        m.raw,
        MESSAGE.replace('\n', "\r\n"),
        "raw bytes, dot-unstuffed, CRLF"
    );
    assert!(server.maildir.join("1.eml").is_file());
    assert!(server.maildir.join("1.json").is_file());
}

#[test]
fn restart_keeps_port_and_maildir() {
    let mut server = SmtpServer::start(Options::default());
    let port = server.port;
    let mut c = Client::connect(&server);
    c.expect("EHLO kiosk.test", 250);
    c.send(
        "a@example.org",
        &["b@example.org"],
        "Subject: one\n\nfirst\n",
    );
    c.expect("QUIT", 221);
    server.wait_for(1, WAIT);

    server.stop();
    let refused = TcpStream::connect(server.addr());
    assert!(refused.is_err(), "a stopped server refuses connections");
    assert_eq!(server.messages().len(), 1, "messages outlive the server");

    server.restart();
    assert_eq!(server.port, port);
    let mut c = Client::connect(&server);
    c.expect("EHLO kiosk.test", 250);
    c.send(
        "a@example.org",
        &["c@example.org"],
        "Subject: two\n\nsecond\n",
    );
    c.expect("QUIT", 221);
    let got = server.wait_for(2, WAIT);
    assert_eq!(got.iter().map(|m| m.number).collect::<Vec<_>>(), [1, 2]);
    assert!(got[0].raw.contains("Subject: one"));
    assert!(got[1].raw.contains("Subject: two"));
    assert_eq!(got[1].rcpt_tos, ["c@example.org"]);

    // restart() also works on a running server.
    server.restart();
    assert_eq!(server.port, port);
    Client::connect(&server).expect("NOOP", 250);
}

#[test]
fn rejected_recipients_get_550() {
    let server = SmtpServer::start(Options {
        reject_rcpt: Some("nobody".into()),
        ..Options::default()
    });
    let mut c = Client::connect(&server);
    c.expect("EHLO kiosk.test", 250);
    c.expect("MAIL FROM:<kiosk@example.org>", 250);
    c.expect("RCPT TO:<nobody@example.org>", 550);
    c.expect("RCPT TO:<desk@example.org>", 250);
    c.expect("RSET", 250);
    c.send(
        "kiosk@example.org",
        &["desk@example.org"],
        "Subject: ok\n\nbody\n",
    );
    let got = server.wait_for(1, WAIT);
    assert_eq!(got[0].rcpt_tos, ["desk@example.org"]);
}

#[test]
fn auth_is_required_when_configured() {
    let server = SmtpServer::start(Options {
        auth: Some(("kiosk".into(), "s3cret".into())),
        ..Options::default()
    });
    let mut c = Client::connect(&server);
    let ehlo = c.expect("EHLO kiosk.test", 250);
    let auth = ehlo
        .iter()
        .find(|l| l.starts_with("AUTH "))
        .expect("AUTH offered");
    assert!(auth.contains("PLAIN") && auth.contains("LOGIN"), "{auth}");
    c.expect("MAIL FROM:<kiosk@example.org>", 530);
    c.expect(&format!("AUTH PLAIN {}", base64(b"\0kiosk\0wrong")), 535);
    c.expect(&format!("AUTH PLAIN {}", base64(b"\0kiosk\0s3cret")), 235);
    c.send(
        "kiosk@example.org",
        &["desk@example.org"],
        "Subject: authed\n\nbody\n",
    );
    let got = server.wait_for(1, WAIT);
    assert_eq!(got[0].auth_user.as_deref(), Some("kiosk"));

    // AUTH LOGIN too.
    let mut c = Client::connect(&server);
    c.expect("EHLO kiosk.test", 250);
    c.expect("AUTH LOGIN", 334);
    c.expect(&base64(b"kiosk"), 334);
    c.expect(&base64(b"s3cret"), 235);
}

#[test]
fn implicit_tls_speaks_no_clear_text() {
    let ca = TestCa::new();
    let server = SmtpServer::start(ca.options(Mode::Tls));
    let mut c = Client::raw(&server);
    c.stream.write_all(b"EHLO kiosk.test\r\n").expect("send");
    // A TLS server takes that for a broken ClientHello and hangs up,
    // perhaps with a binary alert; never with an SMTP banner.
    let mut got = Vec::new();
    match c.stream.read_to_end(&mut got) {
        Ok(_) => {}
        Err(e) if e.kind() == ErrorKind::ConnectionReset => {}
        Err(e) => panic!("expected the server to hang up, got {e} after {got:?}"),
    }
    assert!(
        !got.starts_with(b"220"),
        "clear-text banner: {:?}",
        String::from_utf8_lossy(&got)
    );
    assert!(!String::from_utf8_lossy(&got).contains("ESMTP"));
}

#[test]
fn starttls_is_offered_in_clear_text() {
    let ca = TestCa::new();
    let server = SmtpServer::start(Options {
        auth: Some(("kiosk".into(), "s3cret".into())),
        ..ca.options(Mode::StartTls)
    });
    let mut c = Client::connect(&server);
    let ehlo = c.expect("EHLO kiosk.test", 250);
    assert!(ehlo.iter().any(|l| l == "STARTTLS"), "{ehlo:?}");
    assert!(
        !ehlo.iter().any(|l| l.starts_with("AUTH")),
        "AUTH only after STARTTLS: {ehlo:?}"
    );
    c.expect("STARTTLS", 220);
}

#[test]
fn tls_modes_deliver_over_a_verified_connection() {
    let ca = TestCa::new();
    for (mode, verify) in [
        (Mode::Tls, ["-verify_ip", "127.0.0.1"]),
        (Mode::StartTls, ["-verify_hostname", "localhost"]),
    ] {
        let server = SmtpServer::start(ca.options(mode));
        let mut args = vec![
            "s_client".to_owned(),
            "-connect".into(),
            server.addr(),
            "-CAfile".into(),
            ca.ca_pem.display().to_string(),
            "-verify_return_error".into(),
            "-quiet".into(),
            "-nocommands".into(),
        ];
        args.extend(verify.map(str::to_owned));
        if mode == Mode::StartTls {
            args.extend(["-starttls", "smtp", "-name", "kiosk.test"].map(str::to_owned));
        }
        // Sent in one go once TLS is up; the server reads line by line.
        let input = "EHLO kiosk.test\r\nMAIL FROM:<kiosk@example.org>\r\nRCPT TO:<desk@example.org>\r\n\
                     DATA\r\nSubject: over TLS\r\n\r\nbody\r\n.\r\nQUIT\r\n";
        let out = run_with_timeout("openssl", &args, input);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "{mode:?}: openssl s_client failed\n{stdout}\n{stderr}"
        );
        assert!(
            stdout.contains("250 2.0.0 Message accepted"),
            "{mode:?}: {stdout}\n{stderr}"
        );
        assert!(stdout.contains("221"), "{mode:?}: {stdout}");
        let got = server.wait_for(1, WAIT);
        assert!(got[0].tls, "{mode:?}: envelope says tls");
        assert!(got[0].raw.contains("Subject: over TLS"));
    }
}

#[test]
fn test_ca_makes_a_verifiable_server_certificate() {
    let ca = TestCa::new();
    for extra in [
        &["-x509_strict", "-purpose", "sslserver"][..],
        &["-verify_hostname", "localhost"],
        &["-verify_ip", "127.0.0.1"],
    ] {
        let mut args = vec!["verify", "-CAfile", ca.ca_pem.to_str().unwrap()];
        args.extend(extra);
        args.push(ca.cert_pem.to_str().unwrap());
        let out = Command::new("openssl")
            .args(&args)
            .output()
            .expect("run openssl");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.trim_end().ends_with(": OK"),
            "openssl {args:?}: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    let text = |pem: &std::path::Path| {
        let out = Command::new("openssl")
            .args(["x509", "-noout", "-text", "-in"])
            .arg(pem)
            .output()
            .expect("run openssl");
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let leaf = text(&ca.cert_pem);
    for want in [
        "Version: 3",
        "Signature Algorithm: ecdsa-with-SHA256",
        "CA:FALSE",
        "Digital Signature, Key Encipherment",
        "TLS Web Server Authentication",
        "DNS:localhost, IP Address:127.0.0.1",
        "Subject: CN = localhost",
        "Issuer: CN = Entre Test CA",
    ] {
        assert!(leaf.contains(want), "leaf lacks {want:?}:\n{leaf}");
    }
    let root = text(&ca.ca_pem);
    for want in [
        "Version: 3",
        "CA:TRUE",
        "Certificate Sign",
        "ecdsa-with-SHA256",
    ] {
        assert!(root.contains(want), "CA lacks {want:?}:\n{root}");
    }
    let key = std::fs::read_to_string(&ca.key_pem).unwrap();
    assert!(key.starts_with("-----BEGIN PRIVATE KEY-----"), "PKCS#8 key");
}

#[test]
fn envelope_json_parser() {
    let v = json::parse(
        r#"{"mail_from": "a\"b@x", "rcpt_tos": ["\u00e9@x", "\ud83d\ude00"], "tls": true, "n": -1.5e2, "u": null}"#,
    )
    .unwrap();
    assert_eq!(v.get("mail_from").unwrap().as_str(), Some("a\"b@x"));
    let r = v.get("rcpt_tos").unwrap().as_array().unwrap();
    assert_eq!(r[0].as_str(), Some("é@x"));
    assert_eq!(r[1].as_str(), Some("😀"));
    assert_eq!(v.get("tls"), Some(&json::Value::Bool(true)));
    assert_eq!(v.get("n"), Some(&json::Value::Number(-150.0)));
    assert_eq!(v.get("u"), Some(&json::Value::Null));
    assert!(json::parse(r#"{"a": 1} x"#).is_err());
    assert!(json::parse(r#"{"a": "#).is_err());
}

/// Runs `program` with `input` on stdin; panics if it takes over a minute.
fn run_with_timeout(program: &str, args: &[String], input: &str) -> Output {
    common::run_with_input(program, args, input, 2 * WAIT)
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
