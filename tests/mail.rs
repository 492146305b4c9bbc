//! Arrival mail against a real SMTP server on 127.0.0.1: send-test-mail and
//! its failure reasons, TLS with a private CA, the outbox through outages
//! and a killed process.

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use common::smtp::{Mode, Options, SmtpServer, TestCa};
use entre::config::VisitorName;
use entre::outbound::mail::{self, Arrival, Sender};
use entre::outbound::worker::Outbox;
use entre::store::{MailState, Store, Visit};

/// The demo config with `[mail]` pointing at an SMTP relay.
fn smtp_config(dir: &Path, mail_lines: &str) -> std::path::PathBuf {
    let src = common::DEMO
        .replace(
            "transport = \"file\"           # \"file\" (demo: .eml files) or \"smtp\"",
            mail_lines,
        )
        .replace(
            "dir = \"var/mail\"             # for transport = \"file\"",
            "",
        );
    let path = dir.join("kiosk.toml");
    std::fs::write(&path, src).unwrap();
    path
}

fn entre(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entre"))
        .arg("--config")
        .arg(config)
        .args(args)
        .env_remove("ENTRE_SMTP_PASSWORD")
        .output()
        .expect("entre runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn send_test_mail_plain_to_loopback() {
    let server = SmtpServer::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let cfg = smtp_config(
        dir.path(),
        &format!(
            "transport = \"smtp\"\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"",
            server.port
        ),
    );
    let out = entre(&cfg, &["send-test-mail", "it@example.org"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got = server.wait_for(1, Duration::from_secs(10));
    assert_eq!(got[0].rcpt_tos, vec!["it@example.org"]);
    assert_eq!(got[0].mail_from, "entre@demo.example.org");
    assert!(
        got[0].raw.contains("Subject: Testmeddelande"),
        "{}",
        got[0].raw
    );
}

#[test]
fn send_test_mail_starttls_and_implicit_tls_with_a_private_ca() {
    let ca = TestCa::new();
    for (mode, security) in [(Mode::StartTls, "starttls"), (Mode::Tls, "tls")] {
        let server = SmtpServer::start(ca.options(mode));
        let dir = tempfile::tempdir().unwrap();
        let cfg = smtp_config(
            dir.path(),
            &format!(
                "transport = \"smtp\"\nhost = \"localhost\"\nport = {}\nsecurity = \"{security}\"\nca_file = \"{}\"",
                server.port,
                ca.ca_pem.display()
            ),
        );
        let out = entre(&cfg, &["send-test-mail", "it@example.org"]);
        assert_eq!(out.status.code(), Some(0), "{security}: {}", stderr(&out));
        let got = server.wait_for(1, Duration::from_secs(10));
        assert!(got[0].tls, "{security}: the session was encrypted");

        // Without the private CA the certificate is not trusted.
        let cfg = smtp_config(
            dir.path(),
            &format!(
                "transport = \"smtp\"\nhost = \"localhost\"\nport = {}\nsecurity = \"{security}\"",
                server.port
            ),
        );
        let out = entre(&cfg, &["send-test-mail", "it@example.org"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr(&out).contains("TLS handshake failed"),
            "{security}: {}",
            stderr(&out)
        );
        assert_eq!(
            stderr(&out).lines().count(),
            1,
            "one line: {}",
            stderr(&out)
        );
    }
}

#[test]
fn send_test_mail_failure_reasons_a_person_can_act_on() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens on this port.
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let cfg = smtp_config(
        dir.path(),
        &format!("transport = \"smtp\"\nhost = \"127.0.0.1\"\nport = {free}\nsecurity = \"none\""),
    );
    let out = entre(&cfg, &["send-test-mail", "it@example.org"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("connection refused"),
        "{}",
        stderr(&out)
    );

    let cfg = smtp_config(
        dir.path(),
        "transport = \"smtp\"\nhost = \"no-such-host.invalid\"\nport = 587\nsecurity = \"starttls\"",
    );
    let out = entre(&cfg, &["send-test-mail", "it@example.org"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot resolve"), "{}", stderr(&out));

    let server = SmtpServer::start(Options {
        auth: Some(("kiosk".into(), "right".into())),
        reject_rcpt: Some("nobody".into()),
        ..Options::default()
    });
    std::fs::write(dir.path().join("pw"), "wrong\n").unwrap();
    let cfg = smtp_config(
        dir.path(),
        &format!(
            "transport = \"smtp\"\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"\nusername = \"kiosk\"\npassword_file = \"pw\"",
            server.port
        ),
    );
    let out = entre(&cfg, &["send-test-mail", "it@example.org"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("authentication rejected"),
        "{}",
        stderr(&out)
    );

    std::fs::write(dir.path().join("pw"), "right\n").unwrap();
    let out = entre(&cfg, &["send-test-mail", "nobody@example.org"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("recipient refused"),
        "{}",
        stderr(&out)
    );
    let out = entre(&cfg, &["send-test-mail", "it@example.org"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        server.wait_for(1, Duration::from_secs(10))[0]
            .auth_user
            .as_deref(),
        Some("kiosk")
    );
}

/// The config at `cfg_path`, its store and an outbox worker over them.
fn kiosk_outbox(
    cfg_path: &Path,
    give_up_after: Duration,
) -> (entre::config::Config, Store, Outbox) {
    let (config, _) = entre::load(cfg_path).unwrap();
    let store = Store::open(&config.kiosk.database).unwrap();
    let outbox = Outbox::new(
        store.clone(),
        Sender::from_config(&config.mail).unwrap(),
        give_up_after,
    );
    (config, store, outbox)
}

/// A check-in as the confirm tap records it, for `officer` of the demo.
fn record_checkin(config: &entre::config::Config, store: &Store, typed: &str) -> i64 {
    let catalog = common::catalog();
    let officer = &config.officers[0];
    let mut visit = Visit::new("appointment", "ar");
    visit.checkin_unit = Some(officer.unit.clone());
    let arrival = Arrival {
        officer_name: &officer.name,
        officer_email: &officer.email,
        visitor: mail::visitor_label(config.privacy.visitor_name, typed),
        arrived_at_ms: visit.at_ms,
        kiosk_id: &config.kiosk.id,
        office: &config.office,
    };
    let out = mail::arrival(&catalog, &config.mail.from, &arrival).unwrap();
    store
        .record_checkin(&visit, &out, Outbox::first_lease_until())
        .unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn relay_down_then_back_delivers_exactly_once() {
    let mut server = SmtpServer::start(Options::default());
    server.stop();
    let dir = tempfile::tempdir().unwrap();
    let cfg_path = smtp_config(
        dir.path(),
        &format!(
            "transport = \"smtp\"\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"\ntimeout_s = 3",
            server.port
        ),
    );
    let (config, store, outbox) = kiosk_outbox(&cfg_path, Duration::from_secs(3600));
    let id = record_checkin(&config, &store, "");
    let rt = runtime();
    assert!(
        !rt.block_on(outbox.deliver_now(id, Duration::from_secs(5))),
        "relay is down"
    );
    assert_eq!(
        store.mail(id).unwrap().unwrap().1,
        MailState::Pending,
        "kept for retry"
    );

    server.restart();
    // The retry comes within seconds.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while store.mail(id).unwrap().unwrap().1 != MailState::Sent {
        assert!(
            std::time::Instant::now() < deadline,
            "not delivered after the relay came back"
        );
        rt.block_on(outbox.run_once()).unwrap();
        std::thread::sleep(Duration::from_millis(300));
    }
    let got = server.wait_for(1, Duration::from_secs(5));
    std::thread::sleep(Duration::from_secs(1));
    rt.block_on(outbox.run_once()).unwrap();
    assert_eq!(server.messages().len(), 1, "exactly once");
    assert_eq!(got[0].rcpt_tos, vec![config.officers[0].email.clone()]);
}

#[test]
fn the_mail_says_only_what_privacy_allows_and_never_why() {
    let server = SmtpServer::start(Options::default());
    for (mode, typed, expect) in [
        ("none", "Fatima Ali", None),
        ("initials", "Fatima Ali", Some("F. A.")),
        ("first_name", "Fatima Ali", Some("Fatima")),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let cfg_path = smtp_config(
            dir.path(),
            &format!(
                "transport = \"smtp\"\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"",
                server.port
            ),
        );
        let src = std::fs::read_to_string(&cfg_path).unwrap().replace(
            "visitor_name = \"none\"",
            &format!("visitor_name = \"{mode}\""),
        );
        std::fs::write(&cfg_path, src).unwrap();
        let (config, store, outbox) = kiosk_outbox(&cfg_path, Duration::from_secs(3600));
        let before = server.messages().len();
        let id = record_checkin(&config, &store, typed);
        assert!(
            runtime().block_on(outbox.deliver_now(id, Duration::from_secs(10))),
            "{mode}"
        );
        let got = server.wait_for(before + 1, Duration::from_secs(10));
        let raw = &got[before].raw;
        let headers = raw.split("\r\n\r\n").next().unwrap();
        assert!(headers.contains("Subject: "), "{raw}");
        assert!(headers.contains("Message-ID: <"), "{raw}");
        assert!(headers.contains("Date: "), "{raw}");
        assert!(headers.contains("multipart/alternative"), "{raw}");
        assert!(
            raw.contains("text/plain") && raw.contains("text/html"),
            "{raw}"
        );
        assert!(
            !headers.contains("Fatima"),
            "{mode}: never a name in the headers"
        );
        let body = decode(raw);
        match (mode, expect) {
            (_, Some(label)) => assert!(body.contains(label), "{mode}: {body}"),
            (_, None) => assert!(
                !body.contains("Fatima") && !body.contains("F. A."),
                "{mode}: {body}"
            ),
        }
        for secret in ["appointment", "purpose", "Ekonomiskt bistånd", "social"] {
            assert!(
                !raw.contains(secret),
                "{mode}: the errand never shows ({secret})"
            );
        }
        assert!(
            body.contains(&config.officers[0].name) && body.contains("receptionen"),
            "{body}"
        );
        let _ = VisitorName::None;
    }
}

/// The text of a quoted-printable or plain body, good enough to search.
fn decode(raw: &str) -> String {
    raw.replace("=\r\n", "")
        .split("=C3=A5")
        .collect::<Vec<_>>()
        .join("å")
        .split("=C3=A4")
        .collect::<Vec<_>>()
        .join("ä")
        .split("=C3=B6")
        .collect::<Vec<_>>()
        .join("ö")
        .split("=C3=85")
        .collect::<Vec<_>>()
        .join("Å")
        .replace("=E2=80=93", "–")
}

#[test]
fn a_hostile_visitor_name_cannot_change_headers() {
    let server = SmtpServer::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let cfg_path = smtp_config(
        dir.path(),
        &format!(
            "transport = \"smtp\"\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"",
            server.port
        ),
    );
    let src = std::fs::read_to_string(&cfg_path)
        .unwrap()
        .replace("visitor_name = \"none\"", "visitor_name = \"first_name\"");
    std::fs::write(&cfg_path, src).unwrap();
    let (config, store, outbox) = kiosk_outbox(&cfg_path, Duration::from_secs(3600));
    let hostile = format!(
        "Eve\r\nBcc: victim@example.org\r\n\u{202e}gnp.exe{}",
        "A".repeat(10_000)
    );
    let id = record_checkin(&config, &store, &hostile);
    assert!(runtime().block_on(outbox.deliver_now(id, Duration::from_secs(10))));
    let got = server.wait_for(1, Duration::from_secs(10));
    assert_eq!(
        got[0].rcpt_tos,
        vec![config.officers[0].email.clone()],
        "no extra recipient"
    );
    let headers = got[0].raw.split("\r\n\r\n").next().unwrap().to_lowercase();
    assert!(!headers.contains("bcc"), "{headers}");
    assert!(!got[0].raw.contains('\u{202e}'));
    assert!(!got[0].raw.contains(&"A".repeat(50)), "capped");
}

/// Makes the lease of outbox row `id` that of a process that has exited.
fn orphan(db: &std::path::Path, id: i64) {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    let me = entre::store::lease::owner();
    let boot = me.split(':').next().unwrap();
    rusqlite::Connection::open(db)
        .unwrap()
        .execute(
            "UPDATE outbox SET lease_owner = ?1 WHERE id = ?2",
            rusqlite::params![format!("{boot}:{pid}:1"), id],
        )
        .unwrap();
}

#[test]
fn a_killed_sender_loses_nothing() {
    // A relay that accepts the connection and never answers: the sender
    // is stuck mid-delivery when it is killed.
    let hang = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = hang.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let cfg_path = smtp_config(
        dir.path(),
        &format!(
            "transport = \"smtp\"\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\ntimeout_s = 60"
        ),
    );
    let (config, _) = entre::load(&cfg_path).unwrap();
    let store = Store::open(&config.kiosk.database).unwrap();
    let id = record_checkin(&config, &store, "");
    drop(store);
    // The kiosk that leased it at the confirm tap crashed: its lease names
    // a process that no longer runs, so the next start takes it over.
    orphan(&config.kiosk.database, id);
    let mut sync = Command::new(env!("CARGO_BIN_EXE_entre"))
        .arg("--config")
        .arg(&cfg_path)
        .args(["sync", "--once"])
        .spawn()
        .unwrap();
    let (_conn, _) = hang.accept().unwrap();
    sync.kill().unwrap(); // SIGKILL
    sync.wait().unwrap();
    drop(hang);

    // The relay is back (on the same port) and the kiosk starts again.
    let server = SmtpServer::start(Options {
        port: Some(port),
        ..Options::default()
    });
    let out = entre(&cfg_path, &["sync", "--once"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.wait_for(1, Duration::from_secs(10)).len(), 1);
    let out = entre(&cfg_path, &["sync", "--once"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("0 sent"),
        "nothing twice"
    );
    assert_eq!(server.messages().len(), 1);
}

#[test]
fn undeliverable_mail_is_given_up_after_the_configured_time_and_logged() {
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let cfg_path = smtp_config(
        dir.path(),
        &format!("transport = \"smtp\"\nhost = \"127.0.0.1\"\nport = {free}\nsecurity = \"none\""),
    );
    // give_up_after of zero: the first failure is the last.
    let (config, store, outbox) = kiosk_outbox(&cfg_path, Duration::ZERO);
    let id = record_checkin(&config, &store, "");
    assert!(!runtime().block_on(outbox.deliver_now(id, Duration::from_secs(5))));
    assert_eq!(store.mail(id).unwrap().unwrap().1, MailState::GaveUp);
    assert_eq!(store.mail_pending().unwrap(), 0);
}
