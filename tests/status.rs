//! `entre status`: healthy and unhealthy kiosks on real SQLite files, the
//! library report and the command's lines and exit codes.

mod common;

use std::ffi::OsString;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use entre::outbound::mail::Outgoing;
use entre::status::{self, Env, Report, SecretOwner};
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
        // The secret files belong to whoever runs the tests.
        let me = std::fs::metadata(self.dir.path()).unwrap();
        Env {
            runtime_dir: self.path("run"),
            path: Some(OsString::from(self.path("bin"))),
            now_ms: now_ms(),
            secret_owner: Some(SecretOwner {
                uid: me.uid(),
                gid: me.gid(),
            }),
        }
    }

    /// Adds `line` to the config's `[section]`.
    fn configure(&self, section: &str, line: &str) {
        let src = std::fs::read_to_string(self.config()).unwrap();
        let header = format!("[{section}]\n");
        let changed = src.replacen(&header, &format!("{header}{line}\n"), 1);
        assert_ne!(src, changed, "the demo config has a [{section}] section");
        std::fs::write(self.config(), changed).unwrap();
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
    // The same lines, but for the free space, which the other tests'
    // files change between the two readings.
    let free_space = |text: &str| -> Vec<String> {
        text.lines()
            .map(|l| match l.strip_prefix("disk: ") {
                Some(rest) => format!(
                    "disk: N{}",
                    rest.trim_start_matches(|c: char| c.is_ascii_digit())
                ),
                None => l.to_string(),
            })
            .collect()
    };
    assert_eq!(free_space(&stdout), free_space(&report.lines().join("\n")));
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
        format!(
            "PIN file {pin} (mode 0644) mode 0644, not 0640 or stricter (others have access): \
             chown root:entre {pin} && chmod 640 {pin}"
        )
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

#[test]
fn a_secret_file_for_the_kiosk_group_is_fine_but_not_for_others() {
    let kiosk = Kiosk::new();
    kiosk.store();
    let pin = kiosk.path("staff-pin");
    // root:entre 0640 as the guide says (here: the tester's own ids).
    chmod(&pin, 0o640);
    let report = kiosk.check();
    assert!(!needs_it(&report, "staff exit"), "{:#?}", report.lines());
    for (mode, why) in [
        (0o660, "the group may write it"),
        (0o604, "others have access"),
        (0o740, "execute or special bits"),
    ] {
        chmod(&pin, mode);
        let report = kiosk.check();
        assert!(needs_it(&report, "staff exit"), "{mode:o}");
        assert!(
            text(&report, "staff exit").contains(why),
            "{}",
            text(&report, "staff exit")
        );
    }
    // Owned by someone else than expected.
    chmod(&pin, 0o600);
    let mut env = kiosk.env();
    let me = env.secret_owner.unwrap();
    env.secret_owner = Some(SecretOwner {
        uid: me.uid + 1,
        gid: me.gid + 1,
    });
    let report = status::check(&kiosk.config(), &env);
    let line = text(&report, "staff exit");
    assert!(needs_it(&report, "staff exit"), "{line}");
    assert!(
        line.contains(&format!("owner uid {}, not root", me.uid)),
        "{line}"
    );
    assert!(
        line.contains(&format!("group gid {}, not entre ({})", me.gid, me.gid + 1)),
        "{line}"
    );
}

#[test]
fn the_start_up_check_warns_about_a_secret_file_anyone_can_read() {
    let dir = tempfile::tempdir().unwrap();
    let token = dir.path().join("hub-token");
    std::fs::write(&token, "s3cret-token\n").unwrap();
    let me = std::fs::metadata(&token).unwrap();
    let owner = Some(SecretOwner {
        uid: me.uid(),
        gid: me.gid(),
    });
    chmod(&token, 0o644);
    let warning = status::secret_file_warning(&token, owner).expect("a warning for 0644");
    let shown = token.display();
    assert_eq!(
        warning,
        format!(
            "secret file {shown}: mode 0644, not 0640 or stricter (others have access); \
             want root:entre 0640: chown root:entre {shown} && chmod 640 {shown}"
        )
    );
    assert!(!warning.contains("s3cret"), "{warning}");
    // Root and the group entre are what is expected on a kiosk.
    let kiosk = Some(SecretOwner { uid: 0, gid: 4242 });
    chmod(&token, 0o640);
    if me.uid() != 0 || me.gid() != 4242 {
        let warning = status::secret_file_warning(&token, kiosk).unwrap();
        assert!(warning.contains("not entre (4242)"), "{warning}");
    }
    assert_eq!(status::secret_file_warning(&token, owner), None);
    chmod(&token, 0o400);
    assert_eq!(status::secret_file_warning(&token, owner), None);

    assert_eq!(
        status::group_id("root:x:0:\nentre:x:998:\naudio:x:29:entre\n", "entre"),
        Some(998)
    );
    assert_eq!(status::group_id("entrex:x:5:\n", "entre"), None);
}

#[test]
fn the_kiosk_warns_at_start_about_its_secret_files() {
    // The real binary: the warning is in the log before the window opens
    // (no display here, so the window then fails; that is not the point).
    let kiosk = Kiosk::new();
    chmod(&kiosk.path("staff-pin"), 0o644);
    let out = Command::new(env!("CARGO_BIN_EXE_entre"))
        .arg("--config")
        .arg(kiosk.config())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("XDG_RUNTIME_DIR", kiosk.path("run"))
        .env("RUNTIME_DIRECTORY", kiosk.path("run"))
        .output()
        .expect("entre runs");
    let log = String::from_utf8_lossy(&out.stderr);
    let pin = kiosk.path("staff-pin").display().to_string();
    let warning = log
        .lines()
        .find(|l| l.contains("WARN") && l.contains(&format!("secret file {pin}:")))
        .unwrap_or_else(|| panic!("no warning about {pin}:\n{log}"));
    assert!(warning.contains("mode 0644"), "{warning}");
    assert!(!log.contains("482916"), "the PIN is in the log:\n{log}");
}

#[test]
fn a_content_refusal_needs_it_until_content_is_put_in_use() {
    let kiosk = Kiosk::new();
    kiosk.configure(
        "hub",
        "url = \"https://hub.example.org\"\ntoken_file = \"hub-token\"",
    );
    std::fs::write(kiosk.path("hub-token"), "token\n").unwrap();
    chmod(&kiosk.path("hub-token"), 0o600);
    let store = kiosk.store();
    // A round as the hub sync makes it: the content is refused (the
    // reason over two lines, with a terminal escape from the hub), the
    // heartbeat goes through, the round counts as a sync.
    let t = now_ms() - 60_000;
    store
        .record_hub_error(
            "content refused: guidance/sv/x.toml: title: too long\n\u{1b}[31mred",
            t,
        )
        .unwrap();
    store.set_hub_synced(t + 1000).unwrap();
    let report = kiosk.check();
    let hub = text(&report, "hub");
    assert!(needs_it(&report, "hub"), "{hub}");
    assert!(
        hub.contains("; content refused 2")
            && hub.ends_with(": guidance/sv/x.toml: title: too long\\n\\u{1b}[31mred"),
        "{hub}"
    );
    assert_eq!(report.lines().last().unwrap(), "status: needs IT (hub)");
    // A later error of another kind does not hide it.
    store
        .record_hub_error("content: timed out", t + 2000)
        .unwrap();
    store.set_hub_synced(t + 3000).unwrap();
    assert!(needs_it(&kiosk.check(), "hub"));

    // The hub's next content is accepted and put in use: healthy again.
    store
        .apply_hub_content(
            &entre::store::NewContent {
                version: "2026-12-01.2".into(),
                ..Default::default()
            },
            t + 4000,
        )
        .unwrap();
    let report = kiosk.check();
    assert!(!needs_it(&report, "hub"), "{}", text(&report, "hub"));
    assert!(!text(&report, "hub").contains("refused"));
}

#[test]
fn a_read_only_database_is_unwritable_not_corrupt() {
    let kiosk = Kiosk::new();
    kiosk.store();
    let var = kiosk.path("var");
    // A read-only file system, made with a private mount (root only), as
    // ProtectSystem=strict makes one for a database outside /var/lib/entre.
    let ro = Command::new("unshare")
        .args(["-m", "sh", "-c"])
        .arg(
            "mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" && exec \"$2\" status --config \"$3\"",
        )
        .arg("sh")
        .arg(&var)
        .arg(env!("CARGO_BIN_EXE_entre"))
        .arg(kiosk.config())
        .env("PATH", format!("{}:/usr/bin:/bin", kiosk.path("bin").display()))
        .env("RUNTIME_DIRECTORY", kiosk.path("run"))
        .output();
    match ro {
        Ok(out) if out.status.code() == Some(1) => {
            let stdout = String::from_utf8_lossy(&out.stdout);
            let db = stdout
                .lines()
                .find(|l| l.starts_with("database: "))
                .unwrap();
            assert!(!db.contains("corrupt"), "{stdout}");
            assert!(db.contains("read-only"), "{stdout}");
            let disk = stdout.lines().find(|l| l.starts_with("disk: ")).unwrap();
            assert!(disk.ends_with(", mounted read-only"), "{stdout}");
        }
        other => {
            // Not root, or no mount namespaces here.
            assert!(
                std::env::var_os("CI").is_none(),
                "a read-only mount is needed under CI: {other:?}"
            );
            eprintln!("SKIPPED the read-only file system: {other:?}");
        }
    }

    // A database this user may read but not write (nor its folder): as
    // root, run the check as the user nobody.
    for f in [kiosk.dir.path(), &var] {
        chmod(f, 0o755);
    }
    chmod(&kiosk.database(), 0o444);
    let root = running_as_root();
    let mut cmd = if root {
        let mut c = Command::new("/usr/bin/setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_entre"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_entre"))
    };
    chmod(&var, 0o555);
    chmod(&kiosk.path("staff-pin"), 0o644);
    let out = cmd
        .arg("status")
        .arg("--config")
        .arg(kiosk.config())
        .env("PATH", kiosk.path("bin"))
        .env("RUNTIME_DIRECTORY", kiosk.path("run"))
        .output()
        .expect("entre runs");
    chmod(&var, 0o755);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let db = stdout
        .lines()
        .find(|l| l.starts_with("database: "))
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(!db.contains("corrupt"), "{db}");
    assert!(
        db.contains("attempt to write a readonly database (permissions: "),
        "{db}"
    );
}

fn running_as_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

#[test]
fn a_corrupt_database_is_one_line() {
    let kiosk = Kiosk::new();
    drop(kiosk.store());
    // Page 10 is a table of the schema (hub_error); its page header is
    // made invalid, which SQLite reports over two lines.
    let db = kiosk.database();
    let mut bytes = std::fs::read(&db).unwrap();
    assert!(bytes.len() >= 10 * 4096, "{} bytes", bytes.len());
    bytes[9 * 4096..9 * 4096 + 4].copy_from_slice(&[0, 0xff, 0xff, 0xff]);
    std::fs::write(&db, bytes).unwrap();

    let (code, stdout, _) = kiosk.run();
    assert_eq!(code, 1, "{stdout}");
    let line = stdout
        .lines()
        .find(|l| l.starts_with("database: "))
        .unwrap();
    assert!(
        line.ends_with(
            " corrupt (integrity check: *** in database main ***\\nTree 10 page 10: btreeInitPage() returns error code 11)"
        ),
        "{stdout}"
    );
    // Every line is a topic and a fact.
    for l in stdout.lines() {
        assert!(l.contains(": "), "not a fact: {l:?} in\n{stdout}");
    }
}

#[test]
fn free_space_is_reported_and_needs_it_below_min_free_mb() {
    let kiosk = Kiosk::new();
    kiosk.store();
    let report = kiosk.check();
    let disk = text(&report, "disk");
    let var = kiosk.path("var").display().to_string();
    assert!(!needs_it(&report, "disk"), "{disk}");
    let free: u64 = disk
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no figure in {disk:?}"));
    assert!(
        disk.starts_with(&format!("{free} MB free on {var}")),
        "{disk}"
    );
    // Compare with df, in MiB as the line gives it.
    let df = Command::new("df")
        .args(["--output=avail", "-B1M"])
        .arg(kiosk.path("var"))
        .output()
        .unwrap();
    let df: u64 = String::from_utf8_lossy(&df.stdout)
        .lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .expect("df says how much is free");
    assert!(free.abs_diff(df) <= 64, "status {free} MB, df {df} MB");

    // More than there is free: needs IT.
    let min = free + 1_000_000;
    kiosk.configure("kiosk", &format!("min_free_mb = {min}"));
    let report = kiosk.check();
    let disk = text(&report, "disk");
    assert!(needs_it(&report, "disk"), "{disk}");
    assert!(
        disk.ends_with(&format!(", below [kiosk] min_free_mb = {min}")),
        "{disk}"
    );
    assert_eq!(report.lines().last().unwrap(), "status: needs IT (disk)");

    // A value that is not a number of MB: check-config says where.
    let src = std::fs::read_to_string(kiosk.config()).unwrap();
    let src = src.replace(&format!("min_free_mb = {min}"), "min_free_mb = \"lots\"");
    let line = 1 + src
        .lines()
        .position(|l| l.starts_with("min_free_mb"))
        .unwrap();
    std::fs::write(kiosk.config(), src).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_entre"))
        .arg("check-config")
        .arg(kiosk.config())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let config = kiosk.config().display().to_string();
    assert!(
        stderr.starts_with(&format!("{config}:{line}:15: kiosk.min_free_mb: ")),
        "{stderr}"
    );
}

#[test]
fn rust_log_turns_on_debug_lines() {
    let kiosk = Kiosk::new();
    kiosk.store();
    let run = |rust_log: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_entre"));
        cmd.arg("status")
            .arg("--config")
            .arg(kiosk.config())
            .env("PATH", kiosk.path("bin"))
            .env("RUNTIME_DIRECTORY", kiosk.path("run"))
            .env_remove("RUST_LOG");
        if let Some(spec) = rust_log {
            cmd.env("RUST_LOG", spec);
        }
        let out = cmd.output().expect("entre runs");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let debug = |log: &str| log.lines().filter(|l| l.contains(" DEBUG ")).count();
    let log = run(Some("entre=debug"));
    assert!(
        debug(&log) > 0,
        "no debug line with RUST_LOG=entre=debug:\n{log}"
    );
    assert!(log.contains("entre starting"), "{log}");
    assert_eq!(debug(&run(None)), 0);
    assert_eq!(debug(&run(Some("entre=info"))), 0);
    // A spec that cannot be read: the default, and a warning saying so.
    let log = run(Some("entre=loud"));
    assert_eq!(debug(&log), 0, "{log}");
    assert!(
        log.contains("RUST_LOG=\"entre=loud\" not understood"),
        "{log}"
    );
}
