//! `entre status`: healthy and unhealthy kiosks on real SQLite files, the
//! library report and the command's lines and exit codes.

mod common;

use std::ffi::OsString;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use entre::outbound::mail::Outgoing;
use entre::status::{self, Env, Report};
use entre::store::{Store, Visit, now_ms};

/// A kiosk in a temporary folder: the demo config with a staff PIN file,
/// its database, a fake `espeak-ng` on a private PATH and a runtime folder.
struct Kiosk {
    dir: tempfile::TempDir,
}

impl Kiosk {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let config =
            common::DEMO.replacen("[kiosk]\n", "[kiosk]\nstaff_pin_file = \"staff-pin\"\n", 1);
        assert_ne!(
            config,
            common::DEMO,
            "the demo config has a [kiosk] section"
        );
        std::fs::write(dir.path().join("kiosk.toml"), config).unwrap();
        let pin = dir.path().join("staff-pin");
        std::fs::write(&pin, "482916\n").unwrap();
        chmod(&pin, 0o600);
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        std::fs::write(bin.join("espeak-ng"), "#!/bin/sh\nexit 0\n").unwrap();
        chmod(&bin.join("espeak-ng"), 0o755);
        std::fs::create_dir(dir.path().join("run")).unwrap();
        Kiosk { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn config(&self) -> PathBuf {
        self.path("kiosk.toml")
    }

    fn database(&self) -> PathBuf {
        self.path("var/entre.sqlite")
    }

    /// The database as a kiosk that has been running leaves it.
    fn store(&self) -> Store {
        Store::open(&self.database()).unwrap()
    }

    fn env(&self) -> Env {
        Env {
            runtime_dir: self.path("run"),
            path: Some(OsString::from(self.path("bin"))),
            now_ms: now_ms(),
        }
    }

    fn check(&self) -> Report {
        status::check(&self.config(), &self.env())
    }

    /// `entre status --config …` as IT would run it.
    fn run(&self) -> (i32, String, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_entre"))
            .arg("status")
            .arg("--config")
            .arg(self.config())
            .env("PATH", self.path("bin"))
            .env("RUNTIME_DIRECTORY", self.path("run"))
            .output()
            .expect("entre runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// An arrival mail in the outbox, with a name in it that must never be shown.
fn checkin(store: &Store, at_ms: i64) -> i64 {
    let mut visit = Visit::new("appointment", "sv");
    visit.at_ms = at_ms;
    visit.checkin_unit = Some("social".into());
    let mail = Outgoing {
        from: "entre@demo.example.org".into(),
        to: "anna.lind@demo.example.org".into(),
        raw: b"Subject: Arrival\r\n\r\nZlatan Ibrahimovic is waiting\r\n".to_vec(),
        message_id: format!("<{}@demo.example.org>", visit.id),
    };
    store.record_checkin(&visit, &mail, at_ms).unwrap()
}

fn text<'a>(report: &'a Report, topic: &str) -> &'a str {
    &report
        .fact(topic)
        .unwrap_or_else(|| panic!("no {topic} line in {:#?}", report.lines()))
        .text
}

fn needs_it(report: &Report, topic: &str) -> bool {
    report.fact(topic).is_some_and(|f| f.needs_it)
}

#[test]
fn a_healthy_kiosk_is_one_line_per_fact_and_exit_0() {
    let kiosk = Kiosk::new();
    let store = kiosk.store();
    store.record_visit(&Visit::new("errand", "ar")).unwrap();
    let id = checkin(&store, now_ms());
    store.mark_sent(id, now_ms()).unwrap();
    drop(store);

    let report = kiosk.check();
    assert!(!report.needs_it(), "{:#?}", report.lines());
    let config = kiosk.config().display().to_string();
    let database = kiosk.database().display().to_string();
    assert_eq!(
        text(&report, "config"),
        format!("{config} ok (kiosk demo-entre-1, 10 languages)")
    );
    let db = text(&report, "database");
    assert!(db.starts_with(&format!("{database} ok (schema ")), "{db}");
    assert!(db.ends_with(", integrity ok, 2 visits, 2 today)"), "{db}");
    let mail = text(&report, "mail");
    assert!(mail.starts_with("file "), "{mail}");
    assert!(
        mail.contains("; 0 waiting, 0 given up in the last 7 days, last sent 2"),
        "{mail}"
    );
    assert_eq!(text(&report, "hub"), "off");
    assert_eq!(
        text(&report, "speech"),
        format!(
            "espeak-ng found ({})",
            kiosk.path("bin/espeak-ng").display()
        )
    );
    assert_eq!(
        text(&report, "staff exit"),
        format!("PIN file {} (mode 0600)", kiosk.path("staff-pin").display())
    );
    assert_eq!(text(&report, "closed by staff"), "no");
    assert_eq!(report.lines().last().unwrap(), "status: ok");

    // The command prints the same lines and exits 0.
    let (code, stdout, stderr) = kiosk.run();
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stdout.lines().collect::<Vec<_>>(), report.lines());
    for secret in ["482916", "Zlatan", "anna.lind", "Arrival"] {
        assert!(!stdout.contains(secret), "{secret} shown:\n{stdout}");
    }
}

#[test]
fn status_never_creates_or_migrates_the_database() {
    let kiosk = Kiosk::new();
    let report = kiosk.check();
    assert!(needs_it(&report, "database"));
    assert!(
        text(&report, "database").ends_with("missing (the kiosk creates it when it starts)"),
        "{}",
        text(&report, "database")
    );
    assert!(!kiosk.database().exists(), "status created the database");
    assert!(!kiosk.path("var").exists(), "status created its folder");
    assert!(text(&report, "mail").ends_with("outbox unknown (the database cannot be read)"));

    // A database from before the last migration is left as it is.
    std::fs::create_dir(kiosk.path("var")).unwrap();
    let old = rusqlite::Connection::open(kiosk.database()).unwrap();
    old.execute_batch("CREATE TABLE visit (id TEXT PRIMARY KEY, at_ms INTEGER NOT NULL); PRAGMA user_version = 1;")
        .unwrap();
    drop(old);
    let before = std::fs::read(kiosk.database()).unwrap();
    let report = kiosk.check();
    let db = text(&report, "database");
    assert!(db.contains("(schema 1, migrated to "), "{db}");
    assert!(!needs_it(&report, "database"), "{db}");
    assert!(
        text(&report, "mail").ends_with("outbox unknown until the kiosk migrates the database")
    );
    assert_eq!(std::fs::read(kiosk.database()).unwrap(), before);
}

#[test]
fn an_unhealthy_kiosk_says_what_needs_it_and_exits_1() {
    let kiosk = Kiosk::new();
    let store = kiosk.store();
    // One arrival mail given up yesterday, one waiting for two hours.
    let hour = 3_600_000;
    let given_up = checkin(&store, now_ms() - 30 * hour);
    store
        .mark_gave_up(
            given_up,
            "connection refused by the relay",
            now_ms() - 6 * hour,
        )
        .unwrap();
    checkin(&store, now_ms() - 2 * hour);
    drop(store);
    // The PIN file readable by everyone.
    chmod(&kiosk.path("staff-pin"), 0o644);

    let report = kiosk.check();
    assert!(report.needs_it());
    assert!(!needs_it(&report, "database"), "{:#?}", report.lines());
    let mail = text(&report, "mail");
    assert!(needs_it(&report, "mail"), "{mail}");
    assert!(
        mail.contains("; 1 waiting (oldest 2 h 0 min), 1 given up in the last 7 days, never sent"),
        "{mail}"
    );
    let pin = kiosk.path("staff-pin").display().to_string();
    assert_eq!(
        text(&report, "staff exit"),
        format!("PIN file {pin} (mode 0644) readable by others than its owner: chmod 600 {pin}")
    );
    assert!(needs_it(&report, "staff exit"));
    assert_eq!(
        report.lines().last().unwrap(),
        "status: needs IT (mail, staff exit)"
    );

    let (code, stdout, _) = kiosk.run();
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("\nstatus: needs IT (mail, staff exit)\n"),
        "{stdout}"
    );
    for secret in ["482916", "Zlatan", "anna.lind", "connection refused"] {
        assert!(!stdout.contains(secret), "{secret} shown:\n{stdout}");
    }
}

#[test]
fn a_corrupt_database_needs_it() {
    let kiosk = Kiosk::new();
    std::fs::create_dir(kiosk.path("var")).unwrap();
    std::fs::write(
        kiosk.database(),
        b"this is not a database, it is a shopping list\n".repeat(200),
    )
    .unwrap();
    let report = kiosk.check();
    let db = text(&report, "database");
    assert!(needs_it(&report, "database"), "{db}");
    assert!(db.contains(" corrupt ("), "{db}");
    assert!(db.contains("not a database"), "{db}");
}

#[test]
fn a_pin_file_that_is_missing_or_holds_no_pin_needs_it() {
    let kiosk = Kiosk::new();
    kiosk.store();
    let pin = kiosk.path("staff-pin");
    std::fs::write(&pin, "12ab\n").unwrap();
    let report = kiosk.check();
    assert!(needs_it(&report, "staff exit"));
    assert!(
        text(&report, "staff exit").ends_with("(mode 0600) holds no valid PIN (4 to 12 digits)"),
        "{}",
        text(&report, "staff exit")
    );
    std::fs::remove_file(&pin).unwrap();
    let report = kiosk.check();
    assert_eq!(
        text(&report, "staff exit"),
        format!("PIN file {} missing", pin.display())
    );
    assert!(needs_it(&report, "staff exit"));

    assert!(status::is_valid_pin("0000\n"));
    assert!(status::is_valid_pin("123456789012"));
    assert!(!status::is_valid_pin("123"));
    assert!(!status::is_valid_pin("1234567890123"));
    assert!(!status::is_valid_pin("12 34"));
}

#[test]
fn no_speech_command_needs_it_unless_speech_is_off() {
    let kiosk = Kiosk::new();
    kiosk.store();
    let mut env = kiosk.env();
    env.path = Some(OsString::from(kiosk.path("run")));
    let report = status::check(&kiosk.config(), &env);
    assert!(needs_it(&report, "speech"));
    assert_eq!(
        text(&report, "speech"),
        "espeak-ng not found on PATH (install the espeak-ng package, or set [speech] enabled = false)"
    );

    let src = std::fs::read_to_string(kiosk.config()).unwrap();
    let off = src.replacen("[speech]\nenabled = true", "[speech]\nenabled = false", 1);
    assert_ne!(src, off, "the demo config has [speech] enabled = true");
    std::fs::write(kiosk.config(), off).unwrap();
    let report = status::check(&kiosk.config(), &env);
    assert_eq!(text(&report, "speech"), "off");
    assert!(!report.needs_it(), "{:#?}", report.lines());
}

#[test]
fn a_kiosk_closed_by_staff_says_so_and_how_to_reopen_it() {
    let kiosk = Kiosk::new();
    kiosk.store();
    std::fs::write(kiosk.path("run/staff-exit"), "").unwrap();
    let report = kiosk.check();
    let closed = text(&report, "closed by staff");
    let marker = kiosk.path("run/staff-exit").display().to_string();
    assert!(closed.starts_with("yes, since 2"), "{closed}");
    assert!(
        closed.ends_with(&format!(
            "({marker}; to reopen: rm {marker} && systemctl start entre)"
        )),
        "{closed}"
    );
    // Closing it is what staff meant to do: not a fault.
    assert!(!report.needs_it(), "{:#?}", report.lines());
}

#[test]
fn an_invalid_config_prints_its_problems_like_check_config_and_exits_1() {
    let kiosk = Kiosk::new();
    let src = std::fs::read_to_string(kiosk.config()).unwrap();
    std::fs::write(
        kiosk.config(),
        src.replacen("fullscreen = false", "fulscreen = false", 1),
    )
    .unwrap();
    let report = kiosk.check();
    let config = kiosk.config().display().to_string();
    assert_eq!(
        report.lines(),
        [
            format!("config: {config} invalid (1 problem)"),
            "status: needs IT (config)".to_string()
        ]
    );
    assert_eq!(report.config_problems.len(), 1);
    assert!(
        report.config_problems[0].starts_with(&format!("{config}:")),
        "{:?}",
        report.config_problems
    );
    assert!(report.config_problems[0].contains("kiosk.fulscreen: unknown key"));

    let (code, stdout, stderr) = kiosk.run();
    assert_eq!(code, 1);
    assert_eq!(stderr.trim_end(), report.config_problems[0]);
    assert!(stdout.starts_with(&format!("config: {config} invalid (1 problem)\n")));
}

#[test]
fn find_program_takes_a_path_as_it_is_and_a_name_from_the_search_path() {
    let kiosk = Kiosk::new();
    let fake = kiosk.path("bin/espeak-ng");
    let path = Some(OsString::from(format!(
        "{}:{}",
        kiosk.path("run").display(),
        kiosk.path("bin").display()
    )));
    assert_eq!(
        status::find_program("espeak-ng", path.as_ref()),
        Some(fake.clone())
    );
    assert_eq!(
        status::find_program(fake.to_str().unwrap(), None),
        Some(fake.clone())
    );
    assert_eq!(status::find_program("espeak-ng", None), None);
    // Not executable: not found.
    chmod(&fake, 0o644);
    assert_eq!(status::find_program("espeak-ng", path.as_ref()), None);
}
