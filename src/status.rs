//! `entre status`: what IT staff need to know about one kiosk, one plain
//! `topic: fact` line each, so that it can be read at a glance or grepped
//! by a fleet check.
//!
//! It loads the config as the kiosk does, opens the database read-only
//! (never creating, migrating or writing it), and looks at the files the
//! config names. It never shows a mail's contents, a name, a PIN or
//! anything a visitor typed: only counts, times, paths and file modes.

use std::ffi::OsString;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::config::{Config, Security, Transport};
use crate::store::{Store, StoreError};

/// The file the kiosk leaves in its runtime folder when staff close it; the
/// service does not start it again while the file is there.
pub const STAFF_EXIT_FILE: &str = "staff-exit";
/// The packaged service's runtime folder (`RuntimeDirectory=entre`).
pub const DEFAULT_RUNTIME_DIR: &str = "/run/entre";
/// Mail given up within this long makes the status need IT. Older given-up
/// mail is still counted, but nothing clears it from the outbox yet, and
/// one old relay outage should not keep a fleet check red for ever.
pub const GIVEN_UP_WINDOW: Duration = Duration::from_secs(7 * 24 * 3600);
/// Mail still waiting after this long means the relay has refused it for
/// a dozen attempts or more (retries are at most 5 minutes apart).
pub const WAITING_TOO_LONG: Duration = Duration::from_secs(3600);

/// A hub not reached for this long, or visits waiting this long, need IT.
pub const HUB_TOO_LONG: Duration = Duration::from_secs(24 * 3600);

/// The group the kiosk runs as (the package's system user and group).
pub const KIOSK_GROUP: &str = "entre";
/// The loosest mode a secret file may have: read and write for its owner
/// (root), read for the kiosk's group, nothing for others.
pub const SECRET_MODE: u32 = 0o640;
/// The most characters of a text from outside (the hub's refusal, an error)
/// that a status line quotes.
pub const QUOTE_MAX: usize = 200;

/// Who must own a secret file: root, and the kiosk's group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecretOwner {
    pub uid: u32,
    pub gid: u32,
}

impl SecretOwner {
    /// root and this machine's group `entre`; `None` when it has no such
    /// group (a machine without the package: only the mode is checked).
    pub fn from_system() -> Option<SecretOwner> {
        let groups = std::fs::read_to_string("/etc/group").ok()?;
        group_id(&groups, KIOSK_GROUP).map(|gid| SecretOwner { uid: 0, gid })
    }
}

/// The id of group `name` in a file laid out as /etc/group
/// (`name:password:gid:members`).
pub fn group_id(group_file: &str, name: &str) -> Option<u32> {
    group_file.lines().find_map(|line| {
        let mut fields = line.split(':');
        if fields.next()? != name {
            return None;
        }
        fields.nth(1)?.trim().parse().ok()
    })
}

/// What is wrong with a secret file that has owner `uid`, group `gid` and
/// `mode`: empty when it is owned as `owner` says (not checked when
/// `None`) and its mode is [`SECRET_MODE`] or stricter (no access for
/// others, no writing for the group).
pub fn secret_file_problems(
    uid: u32,
    gid: u32,
    mode: u32,
    owner: Option<SecretOwner>,
) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(want) = owner {
        if uid != want.uid {
            problems.push(format!("owner uid {uid}, not root"));
        }
        if gid != want.gid {
            problems.push(format!("group gid {gid}, not {KIOSK_GROUP} ({})", want.gid));
        }
    }
    let mode = mode & 0o7777;
    if mode & !SECRET_MODE != 0 {
        let mut why = Vec::new();
        if mode & 0o007 != 0 {
            why.push("others have access");
        }
        if mode & 0o020 != 0 {
            why.push("the group may write it");
        }
        if mode & !(SECRET_MODE | 0o027) != 0 {
            why.push("execute or special bits");
        }
        problems.push(format!(
            "mode {mode:04o}, not {SECRET_MODE:04o} or stricter ({})",
            why.join(", ")
        ));
    }
    problems
}

/// How to put a secret file right.
fn secret_fix(shown: &impl std::fmt::Display) -> String {
    format!("chown root:{KIOSK_GROUP} {shown} && chmod {SECRET_MODE:o} {shown}")
}

/// The warning the kiosk logs at start for the secret file at `path`, or
/// `None` when its owner and mode are right (or it cannot be looked at:
/// the kiosk says so where it reads the file).
pub fn secret_file_warning(path: &Path, owner: Option<SecretOwner>) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let problems = secret_file_problems(meta.uid(), meta.gid(), meta.mode(), owner);
    let shown = path.display();
    (!problems.is_empty()).then(|| {
        format!(
            "secret file {shown}: {}; want root:{KIOSK_GROUP} {SECRET_MODE:04o}: {}",
            problems.join(", "),
            secret_fix(&shown)
        )
    })
}

/// The files in `config` that hold secrets: the staff PIN, the SMTP
/// password, the hub token.
pub fn secret_files(config: &Config) -> Vec<&Path> {
    let mut files = Vec::new();
    if let Some(pin) = &config.kiosk.staff_pin_file {
        files.push(pin.as_path());
    }
    if let Transport::Smtp {
        password_file: Some(file),
        ..
    } = &config.mail.transport
    {
        files.push(file.as_path());
    }
    if let Some(token) = &config.hub.token_file {
        files.push(token.as_path());
    }
    files
}

/// `text` on one line, for a status line or a log line: line breaks, tabs,
/// other control characters and the bidi and format characters that can
/// make text read differently from what it is, escaped (`\n`,
/// `\u{1b}`); cut to `max` characters with "…".
pub fn one_line(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max.saturating_mul(4)));
    for (n, c) in text.chars().enumerate() {
        if n == max {
            out.push('…');
            break;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(c, '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
                    | '\u{2060}'..='\u{2069}' | '\u{FEFF}') =>
            {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// What the status looks at besides the config; the process's own values
/// in [`Env::from_process`], chosen by the tests.
#[derive(Debug, Clone)]
pub struct Env {
    /// Where the kiosk leaves [`STAFF_EXIT_FILE`].
    pub runtime_dir: PathBuf,
    /// The search path for the speech command (like `$PATH`).
    pub path: Option<OsString>,
    /// Now, in Unix milliseconds.
    pub now_ms: i64,
    /// Who must own the secret files (`None`: their owner is not checked,
    /// only their mode).
    pub secret_owner: Option<SecretOwner>,
}

impl Env {
    /// `$RUNTIME_DIRECTORY` (set by systemd for the service) or
    /// `/run/entre`, `$PATH`, and the clock.
    pub fn from_process() -> Self {
        let runtime_dir = std::env::var_os("RUNTIME_DIRECTORY")
            .and_then(|dirs| std::env::split_paths(&dirs).next())
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from(DEFAULT_RUNTIME_DIR));
        Env {
            runtime_dir,
            path: std::env::var_os("PATH"),
            now_ms: crate::store::now_ms(),
            secret_owner: SecretOwner::from_system(),
        }
    }
}

/// One line of the status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// What the line is about: `config`, `database`, `mail`, …
    pub topic: &'static str,
    pub text: String,
    /// Whether this needs someone from IT to act.
    pub needs_it: bool,
}

/// Everything `entre status` found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub facts: Vec<Fact>,
    /// The config's problems, one per line as `check-config` prints them.
    pub config_problems: Vec<String>,
}

impl Report {
    /// Whether anything needs IT (the command then exits 1).
    pub fn needs_it(&self) -> bool {
        self.facts.iter().any(|f| f.needs_it)
    }

    /// The fact about `topic`, if there is one.
    pub fn fact(&self, topic: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.topic == topic)
    }

    /// The lines to print: one per fact, then `status: ok` or
    /// `status: needs IT (topic, topic)`.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .facts
            .iter()
            .map(|f| format!("{}: {}", f.topic, f.text))
            .collect();
        let mut bad: Vec<&str> = self
            .facts
            .iter()
            .filter(|f| f.needs_it)
            .map(|f| f.topic)
            .collect();
        bad.dedup();
        lines.push(if bad.is_empty() {
            "status: ok".to_string()
        } else {
            format!("status: needs IT ({})", bad.join(", "))
        });
        lines
    }

    fn push(&mut self, topic: &'static str, text: impl Into<String>, needs_it: bool) {
        // One line per fact, whatever a path or an error holds.
        let text: String = text.into();
        self.facts.push(Fact {
            topic,
            text: one_line(&text, usize::MAX),
            needs_it,
        });
    }
}

/// Looks at the kiosk configured in `config_path`.
pub fn check(config_path: &Path, env: &Env) -> Report {
    let mut report = Report::default();
    let shown = config_path.display();
    let config = match crate::load(config_path) {
        Ok((config, _)) => config,
        Err(e) => {
            let problems: Vec<String> = e.to_string().lines().map(str::to_string).collect();
            let what = match &e {
                crate::StartError::Config(crate::config::LoadError::Read { error, .. }) => {
                    format!("cannot be read: {error}")
                }
                _ => format!(
                    "invalid ({} problem{})",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                ),
            };
            report.push("config", format!("{shown} {what}"), true);
            report.config_problems = problems;
            // Everything else depends on a valid config.
            return report;
        }
    };
    report.push(
        "config",
        format!(
            "{shown} ok (kiosk {}, {} languages)",
            config.kiosk.id,
            config.kiosk.languages.len()
        ),
        false,
    );
    let db = database(&mut report, &config, env);
    disk(&mut report, &config);
    mail(&mut report, &config, &db, env);
    outbox(&mut report, &config, &db, env);
    hub(&mut report, &config, &db, env);
    speech(&mut report, &config, env);
    staff_exit(&mut report, &config, env);
    staff_pin(&mut report, &db);
    report
}

/// The store's error without the `database PATH:` its message starts with.
fn cause(e: &StoreError) -> String {
    match e {
        StoreError::Sqlite { error, .. } => error.to_string(),
        StoreError::Migration { error, .. } => error.to_string(),
        StoreError::Folder { error, .. } => error.to_string(),
        StoreError::Corrupt { what, .. } => what.clone(),
        StoreError::Poisoned => e.to_string(),
    }
}

/// Whether the store error says the file is damaged (or not a database at
/// all), as opposed to unreadable here and now.
fn is_corrupt(e: &StoreError) -> bool {
    use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
    match e {
        StoreError::Corrupt { .. } => true,
        StoreError::Sqlite { error, .. } => matches!(
            error.sqlite_error_code(),
            Some(DatabaseCorrupt | NotADatabase)
        ),
        _ => false,
    }
}

/// Why a database that is not corrupt cannot be opened or read, with what
/// to look at.
fn unreadable(path: &Path, e: &StoreError) -> String {
    use rusqlite::ErrorCode::{CannotOpen, PermissionDenied, ReadOnly};
    let cause = one_line(&cause(e), QUOTE_MAX);
    let code = match e {
        StoreError::Sqlite { error, .. } => error.sqlite_error_code(),
        _ => None,
    };
    if read_only_fs(path) {
        format!("{cause} (the file system is read-only)")
    } else if matches!(code, Some(ReadOnly | CannotOpen | PermissionDenied)) {
        format!(
            "{cause} (permissions: SQLite writes the file, its -wal and -shm files and their folder; run entre status as root, and check that the kiosk's user may write there)"
        )
    } else {
        cause
    }
}

/// The folder a database file is in.
fn folder(path: &Path) -> Option<&Path> {
    match path.parent() {
        Some(p) if p.as_os_str().is_empty() => Some(Path::new(".")),
        p => p,
    }
}

/// The nearest existing folder at or above the database's folder: the one
/// whose file system the database is (or will be) on.
fn existing_folder(path: &Path) -> PathBuf {
    let mut dir = folder(path).unwrap_or(Path::new("/"));
    loop {
        if dir.is_dir() {
            return dir.to_path_buf();
        }
        match folder(dir) {
            Some(up) if up != dir => dir = up,
            _ => return PathBuf::from("/"),
        }
    }
}

/// Whether the database's file system is mounted read-only.
fn read_only_fs(path: &Path) -> bool {
    rustix::fs::statvfs(existing_folder(path))
        .is_ok_and(|v| v.f_flag.contains(rustix::fs::StatVfsMountFlags::RDONLY))
}

/// Where the file system holding `dir` is mounted: the longest mount
/// point in /proc/self/mountinfo that holds it (`dir` itself when that
/// cannot be read).
fn mount_point(dir: &Path) -> PathBuf {
    let Ok(full) = std::fs::canonicalize(dir) else {
        return dir.to_path_buf();
    };
    let Ok(mounts) = std::fs::read_to_string("/proc/self/mountinfo") else {
        return full;
    };
    mounts
        .lines()
        // ID PARENT MAJOR:MINOR ROOT MOUNT-POINT …, with \040 for a space.
        .filter_map(|line| line.split(' ').nth(4))
        .map(|point| PathBuf::from(unescape_mount(point)))
        .filter(|point| full.starts_with(point))
        .max_by_key(|point| point.as_os_str().len())
        .unwrap_or(full)
}

/// A mount point as /proc/self/mountinfo writes it: space, tab, line
/// break and backslash as three octal digits (`\040`).
fn unescape_mount(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut rest = field;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let code = rest.get(at + 1..at + 4);
        match code.and_then(|c| u8::from_str_radix(c, 8).ok()) {
            Some(b) => {
                out.push(char::from(b));
                rest = &rest[at + 4..];
            }
            None => {
                out.push('\\');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The disk line: free space on the database's file system (what a user
/// that is not root may still use), against `[kiosk] min_free_mb`.
fn disk(report: &mut Report, config: &Config) {
    let dir = existing_folder(&config.kiosk.database);
    let shown = dir.display();
    let stat = match rustix::fs::statvfs(&dir) {
        Ok(stat) => stat,
        Err(e) => {
            report.push(
                "disk",
                format!("free space on {shown} unknown: {}", std::io::Error::from(e)),
                true,
            );
            return;
        }
    };
    let free_mb = stat.f_bavail.saturating_mul(stat.f_frsize) / (1024 * 1024);
    let mount = mount_point(&dir);
    let on = if std::fs::canonicalize(&dir).is_ok_and(|full| full == mount) {
        format!("{shown}")
    } else {
        format!("{shown} (file system {})", mount.display())
    };
    let min = config.kiosk.min_free_mb;
    let read_only = stat.f_flag.contains(rustix::fs::StatVfsMountFlags::RDONLY);
    let mut text = format!("{free_mb} MB free on {on}");
    if free_mb < min {
        text.push_str(&format!(", below [kiosk] min_free_mb = {min}"));
    }
    if read_only {
        text.push_str(", mounted read-only");
    }
    report.push("disk", text, free_mb < min || read_only);
}

/// What the mail line can learn from the database.
enum Db {
    /// Not readable: the database line says why.
    Unreadable,
    /// At an older schema, which the kiosk migrates at its next start.
    Older,
    Ready(Store),
}

/// The database line.
fn database(report: &mut Report, config: &Config, env: &Env) -> Db {
    use Db::Unreadable;
    let path = &config.kiosk.database;
    let shown = path.display();
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            report.push(
                "database",
                format!("{shown} missing (the kiosk creates it when it starts)"),
                true,
            );
            return Unreadable;
        }
        Err(e) => {
            report.push("database", format!("{shown} cannot be read: {e}"), true);
            return Unreadable;
        }
        Ok(m) if !m.is_file() => {
            report.push("database", format!("{shown} is not a file"), true);
            return Unreadable;
        }
        Ok(_) => {}
    }
    let store = match Store::open_read_only(path) {
        Ok(store) => store,
        Err(e) => {
            report.push(
                "database",
                format!("{shown} cannot be opened: {}", unreadable(path, &e)),
                true,
            );
            return Unreadable;
        }
    };
    match store.integrity_check() {
        Ok(ok) if ok == "ok" => {}
        Ok(problem) => {
            // SQLite's report spans lines ("*** in database main ***\n…").
            report.push(
                "database",
                format!(
                    "{shown} corrupt (integrity check: {})",
                    one_line(&problem, QUOTE_MAX)
                ),
                true,
            );
            return Unreadable;
        }
        Err(e) if is_corrupt(&e) => {
            report.push(
                "database",
                format!("{shown} corrupt ({})", one_line(&cause(&e), QUOTE_MAX)),
                true,
            );
            return Unreadable;
        }
        // Not the file's fault: a read-only file system, no permission, a
        // lock, a folder SQLite cannot create its -shm file in.
        Err(e) => {
            report.push(
                "database",
                format!("{shown} cannot be read: {}", unreadable(path, &e)),
                true,
            );
            return Unreadable;
        }
    }
    let facts = store.schema_version().and_then(|schema| {
        Ok((
            schema,
            store.pending_migrations()?,
            store.visit_count()?,
            store.visits_since(start_of_day_ms(env.now_ms))?,
        ))
    });
    let (schema, pending, visits, today) = match facts {
        Ok(facts) => facts,
        Err(e) => {
            report.push(
                "database",
                format!("{shown} cannot be read: {}", cause(&e)),
                true,
            );
            return Unreadable;
        }
    };
    if pending < 0 {
        report.push(
            "database",
            format!(
                "{shown} was migrated by a newer Entré (schema {schema}, this version knows {}): install that version again",
                schema + pending
            ),
            true,
        );
        return Unreadable;
    }
    // The kiosk writes the file and, in WAL mode, the -wal and -shm files
    // beside it, which it creates in the folder. Opening them for writing
    // (without changing them) finds a read-only file system or a file this
    // user may not write.
    let mut unwritable = Vec::new();
    if let Some(dir) = folder(path)
        && let Err(e) = rustix::fs::access(dir, rustix::fs::Access::WRITE_OK)
    {
        unwritable.push(format!("{}: {}", dir.display(), std::io::Error::from(e)));
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let file = PathBuf::from(file);
        if (suffix.is_empty() || file.exists())
            && let Err(e) = std::fs::OpenOptions::new().write(true).open(&file)
        {
            unwritable.push(format!("{}: {e}", file.display()));
        }
    }
    if !unwritable.is_empty() {
        let why = if read_only_fs(path) {
            "on a read-only file system"
        } else {
            "not writable"
        };
        report.push(
            "database",
            format!("{shown} {why} ({})", unwritable.join("; ")),
            true,
        );
    } else {
        let schema_text = if pending > 0 {
            format!(
                "schema {schema}, migrated to {} at the next start",
                schema + pending
            )
        } else {
            format!("schema {schema}")
        };
        report.push(
            "database",
            format!("{shown} ok ({schema_text}, integrity ok, {visits} visits, {today} today)"),
            false,
        );
    }
    if pending > 0 {
        Db::Older
    } else {
        Db::Ready(store)
    }
}
/// Midnight before `now_ms` in the kiosk's time zone, in Unix milliseconds.
fn start_of_day_ms(now_ms: i64) -> i64 {
    jiff::Timestamp::from_millisecond(now_ms)
        .ok()
        .and_then(|ts| {
            ts.to_zoned_datetime(jiff::tz::TimeZone::system())
                .start_of_day()
                .ok()
        })
        .map_or(now_ms, |midnight| midnight.timestamp().as_millisecond())
}

/// "2026-11-23 10:02" in the kiosk's time zone.
fn local(at_ms: i64) -> String {
    let (time, date) = crate::outbound::mail::local_time(at_ms);
    format!("{date} {time}")
}

/// "3 min", "2 h 5 min", "4 days 2 h".
fn age(ms: i64) -> String {
    let min = ms.max(0) / 60_000;
    let (days, hours, mins) = (min / 1440, min / 60 % 24, min % 60);
    match (days, hours) {
        (0, 0) => format!("{mins} min"),
        (0, h) => format!("{h} h {mins} min"),
        (1, h) => format!("1 day {h} h"),
        (d, h) => format!("{d} days {h} h"),
    }
}

fn mail(report: &mut Report, config: &Config, db: &Db, env: &Env) {
    let transport = match &config.mail.transport {
        Transport::File { dir } => format!("file {}", dir.display()),
        Transport::Smtp {
            host,
            port,
            security,
            ..
        } => {
            let security = match security {
                Security::StartTls => "starttls",
                Security::Tls => "tls",
                Security::None => "none",
            };
            format!("smtp {host}:{port} {security}")
        }
    };
    let store = match db {
        Db::Ready(store) => Some(store),
        Db::Unreadable | Db::Older => None,
    };
    let outbox = store.map(|s| {
        let window_start = env.now_ms - GIVEN_UP_WINDOW.as_millis() as i64;
        Ok::<_, StoreError>((
            s.mail_pending()?,
            s.oldest_waiting_mail_ms()?,
            s.mail_given_up_since(window_start)?,
            s.last_mail_sent_ms()?,
        ))
    });
    match outbox {
        None if matches!(db, Db::Older) => report.push(
            "mail",
            format!("{transport}; outbox unknown until the kiosk migrates the database"),
            false,
        ),
        None => report.push(
            "mail",
            format!("{transport}; outbox unknown (the database cannot be read)"),
            false,
        ),
        Some(Err(e)) => report.push(
            "mail",
            format!("{transport}; outbox cannot be read: {}", cause(&e)),
            true,
        ),
        Some(Ok((waiting, oldest, given_up, last_sent))) => {
            let waited = oldest.map(|t| env.now_ms - t);
            let stuck = waited.is_some_and(|w| w > WAITING_TOO_LONG.as_millis() as i64);
            let waiting = match waited {
                Some(w) if waiting > 0 => format!("{waiting} waiting (oldest {})", age(w)),
                _ => format!("{waiting} waiting"),
            };
            let last_sent = last_sent.map_or("never sent".to_string(), |t| {
                format!("last sent {}", local(t))
            });
            report.push(
                "mail",
                format!(
                    "{transport}; {waiting}, {given_up} given up in the last {} days, {last_sent}",
                    GIVEN_UP_WINDOW.as_secs() / 86_400
                ),
                stuck || given_up > 0,
            );
        }
    }
    if let Transport::Smtp {
        password_file: Some(file),
        ..
    } = &config.mail.transport
    {
        let (text, needs_it) = secret_file(file, |s| !s.trim().is_empty(), "is empty", env);
        report.push("mail password", text, needs_it);
    }
}

/// The outbox line: everything waiting to leave the kiosk, mail and
/// visits, and how long the oldest has waited.
fn outbox(report: &mut Report, config: &Config, db: &Db, env: &Env) {
    let Db::Ready(store) = db else {
        return;
    };
    let counts = (|| {
        Ok::<_, StoreError>((
            store.mail_pending()?,
            store.visits_pending()?,
            store.oldest_pending_ms()?,
        ))
    })();
    match counts {
        Err(e) => report.push("outbox", format!("cannot be read: {}", cause(&e)), true),
        Ok((mail, visits, oldest)) => {
            let waited = oldest.map(|t| env.now_ms - t).filter(|_| mail + visits > 0);
            let oldest =
                waited.map_or(String::new(), |w| format!(", oldest queued {} ago", age(w)));
            // Visits waiting a day with the hub on: the hub has not taken
            // them for a day.
            let stuck = config.hub.url.is_some()
                && visits > 0
                && waited.is_some_and(|w| w > HUB_TOO_LONG.as_millis() as i64);
            report.push(
                "outbox",
                format!(
                    "{} waiting ({mail} mail, {visits} visits){oldest}",
                    mail + visits
                ),
                stuck,
            );
        }
    }
}

fn hub(report: &mut Report, config: &Config, db: &Db, env: &Env) {
    let Some(url) = &config.hub.url else {
        report.push("hub", "off", false);
        return;
    };
    if let Some(file) = &config.hub.token_file {
        let (text, needs_it) = secret_file(file, |s| !s.trim().is_empty(), "is empty", env);
        report.push("hub token", text, needs_it);
    } else if std::env::var_os(crate::outbound::hub::TOKEN_ENV).is_none() {
        report.push(
            "hub token",
            format!(
                "none: set [hub] token_file (or {})",
                crate::outbound::hub::TOKEN_ENV
            ),
            true,
        );
    }
    if let Some(file) = &config.hub.ca_file {
        match crate::outbound::hub::read_ca(file) {
            Ok(certs) => report.push(
                "hub ca",
                format!("{} ({} certificates)", file.display(), certs.len()),
                false,
            ),
            Err(e) => report.push("hub ca", e.to_string(), true),
        }
    }
    let state = match db {
        Db::Ready(store) => store.hub_state().and_then(|state| {
            let refusal = store.last_content_refusal()?;
            Ok((state, refusal))
        }),
        Db::Older => {
            report.push(
                "hub",
                format!("{url}; never synced (an older database)"),
                true,
            );
            return;
        }
        Db::Unreadable => {
            report.push(
                "hub",
                format!("{url}; sync unknown (the database cannot be read)"),
                true,
            );
            return;
        }
    };
    let (state, refusal) = match state {
        Ok(found) => found,
        Err(e) => {
            report.push("hub", format!("{url}; cannot be read: {}", cause(&e)), true);
            return;
        }
    };
    let since = state.last_sync_ms.map(|t| env.now_ms - t);
    let synced = match (state.last_sync_ms, since) {
        (Some(t), Some(ago)) => format!("last sync {} ({} ago)", local(t), age(ago)),
        _ => "never synced".to_string(),
    };
    let content = match (&state.content_version, state.content_ms) {
        (Some(v), Some(t)) => format!("content version {v} (since {})", local(t)),
        (Some(v), None) => format!("content version {v}"),
        _ => "content from the package".to_string(),
    };
    // Content the hub sent and this kiosk refused, with no content put in
    // use since: the hub answers, but the office's guidance is not what
    // its editors published. The last error, or the error log (which keeps
    // the last 100), remembers it.
    const REFUSED: &str = "content refused";
    let last_error_refusal = match (&state.last_error, state.last_error_ms) {
        (Some(what), Some(at)) if what.starts_with(REFUSED) => Some((at, what.clone())),
        _ => None,
    };
    let refused = refusal
        .into_iter()
        .chain(last_error_refusal)
        .max_by_key(|(at, _)| *at)
        .filter(|(at, _)| state.content_ms.is_none_or(|since| *at > since));
    let refused_text = match &refused {
        Some((at, what)) => {
            let reason = what
                .strip_prefix(REFUSED)
                .map(|r| r.trim_start_matches([':', ' ']))
                .unwrap_or(what);
            format!(
                "; content refused {}: {}",
                local(*at),
                one_line(reason, QUOTE_MAX)
            )
        }
        None => String::new(),
    };
    let failing = state
        .last_error_ms
        .is_some_and(|e| state.last_sync_ms.is_none_or(|s| e > s));
    let error = match (&state.last_error, state.last_error_ms) {
        (Some(what), Some(at)) if failing && !what.starts_with(REFUSED) => {
            format!("; last error {}: {}", local(at), one_line(what, QUOTE_MAX))
        }
        _ => String::new(),
    };
    let stale = since.is_none_or(|ago| ago > HUB_TOO_LONG.as_millis() as i64);
    report.push(
        "hub",
        format!("{url}; {synced}; {content}{refused_text}{error}"),
        stale || refused.is_some(),
    );
}

/// Where `command` is found: a path as it is, a bare name on `search`.
pub fn find_program(command: &str, search: Option<&OsString>) -> Option<PathBuf> {
    let executable = |p: &Path| {
        std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    };
    if command.contains('/') {
        let p = PathBuf::from(command);
        return executable(&p).then_some(p);
    }
    std::env::split_paths(search?)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(command))
        .find(|p| executable(p))
}

fn speech(report: &mut Report, config: &Config, env: &Env) {
    if !config.speech.enabled {
        report.push("speech", "off", false);
        return;
    }
    let command = &config.speech.command;
    match find_program(command, env.path.as_ref()) {
        Some(p) => report.push("speech", format!("{command} found ({})", p.display()), false),
        None => report.push(
            "speech",
            format!(
                "{command} not found{} (install the espeak-ng package, or set [speech] enabled = false)",
                if command.contains('/') { "" } else { " on PATH" }
            ),
            true,
        ),
    }
}

/// A file holding a secret (PIN, password, token): it must be readable,
/// hold what `valid` accepts, and be owned by root and the kiosk's group
/// with mode 0640 or stricter ([`secret_file_problems`]). Returns the
/// line's text and whether it needs IT. The secret is never shown.
fn secret_file(
    path: &Path,
    valid: impl Fn(&str) -> bool,
    invalid: &str,
    env: &Env,
) -> (String, bool) {
    let shown = path.display();
    let meta = match std::fs::metadata(path) {
        Ok(m) if m.is_file() => m,
        Ok(_) => return (format!("{shown} is not a file"), true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return (format!("{shown} missing"), true);
        }
        Err(e) => return (format!("{shown} unreadable: {e}"), true),
    };
    let mode = meta.permissions().mode() & 0o7777;
    let contents = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return (
                format!(
                    "{shown} (mode {mode:04o}) unreadable by this user: run entre status as root"
                ),
                true,
            );
        }
        Err(e) => return (format!("{shown} (mode {mode:04o}) unreadable: {e}"), true),
    };
    let problems = secret_file_problems(meta.uid(), meta.gid(), mode, env.secret_owner);
    if !problems.is_empty() {
        return (
            format!(
                "{shown} (mode {mode:04o}) {}: {}",
                problems.join(", "),
                secret_fix(&shown)
            ),
            true,
        );
    }
    if !valid(&contents) {
        return (format!("{shown} (mode {mode:04o}) {invalid}"), true);
    }
    (format!("{shown} (mode {mode:04o})"), false)
}

/// The staff PIN's lockouts (three wrong PINs each), one line.
fn staff_pin(report: &mut Report, db: &Db) {
    let Db::Ready(store) = db else { return };
    if let Ok((n, first, last)) = store.staff_lockout_count() {
        let text = match (first, last) {
            (Some(first), Some(last)) if n > 0 => format!(
                "{n} lockout{} since {}, the last {}",
                if n == 1 { "" } else { "s" },
                local(first),
                local(last)
            ),
            _ => "no lockouts".to_string(),
        };
        report.push("staff pin", text, false);
    }
}

/// A staff PIN as the config describes it: 4 to 12 digits (surrounding
/// white space, such as the file's last newline, aside).
pub fn is_valid_pin(text: &str) -> bool {
    let pin = text.trim();
    (4..=12).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())
}

fn staff_exit(report: &mut Report, config: &Config, env: &Env) {
    match &config.kiosk.staff_pin_file {
        None => report.push("staff exit", "off", false),
        Some(file) => {
            let (text, needs_it) = secret_file(
                file,
                is_valid_pin,
                "holds no valid PIN (4 to 12 digits)",
                env,
            );
            report.push("staff exit", format!("PIN file {text}"), needs_it);
        }
    }
    let marker = env.runtime_dir.join(STAFF_EXIT_FILE);
    let shown = marker.display();
    match std::fs::metadata(&marker) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            report.push("closed by staff", "no", false);
        }
        Err(e) => report.push(
            "closed by staff",
            format!("unknown ({shown}: {e}; run entre status as root)"),
            false,
        ),
        Ok(m) => {
            let since = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or("an unknown time".to_string(), |d| {
                    local(d.as_millis() as i64)
                });
            report.push(
                "closed by staff",
                format!(
                    "yes, since {since} ({shown}; to reopen: rm {shown} && systemctl start entre)"
                ),
                false,
            );
        }
    }
}
