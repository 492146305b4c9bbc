//! The SQLite engine: the embedded default (one office, or a small city,
//! on one machine).
//!
//! One file in WAL mode. One write connection and a few read connections,
//! each behind a mutex and used only from `spawn_blocking`, so that a long
//! read (figures for a year) never holds up the kiosks' visits, and no
//! async worker ever waits on SQLite. Every write is one `BEGIN IMMEDIATE`
//! transaction: it takes the write lock first, so it waits out the busy
//! timeout for another process (an `entre-hub` command beside the server)
//! instead of failing at once on a lock upgrade.
//!
//! Pragmas: `journal_mode = WAL` (readers and the writer do not block each
//! other; commands can run beside the server); `synchronous = FULL` (a
//! visit answered as accepted survives a power cut, not only a crash);
//! `foreign_keys = ON`; `busy_timeout` of [`BUSY_TIMEOUT`];
//! `journal_size_limit` of 64 MB (the WAL file shrinks back after a burst).
//!
//! The floor: every change bumps the office's counter in `floor_change` in
//! the same transaction; `floor_subscribe` starts one task that polls the
//! counters every 200 ms on a connection of its own (after `PRAGMA
//! data_version` says another connection committed anything), so that
//! changes by other processes on the file are seen; this instance's own
//! are sent as soon as they are committed, each once.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use rusqlite_migration::{M, Migrations};

use super::codec::{
    FACT_SERVICE_SQL, FACT_WAIT_SQL, FLOOR_CHANNEL, LOGIN_FAILURE_KEEP_MS, REGISTRATION_COLUMNS,
    RawFact, RawRegistration, WAIT_CLAIMS, WAIT_WINDOW_MS, day_full, errors_from_json,
    errors_to_json, hash32, kind_name, kind_parse, needs_text, pick_code, reason_name,
    reg_kind_name, role_parse, status_parse,
};
use super::*;

/// How long a statement waits for another connection's write lock before
/// it fails with `Unavailable` (503 + Retry-After to a kiosk). Long enough
/// to ride out a command's content import or a WAL checkpoint beside the
/// server; short enough that a kiosk's request (which times out itself
/// after some seconds and retries) gets an answer rather than hanging.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Read connections: a long read (a year's figures) leaves the others
/// free for the kiosks' token checks and the fleet page.
const READERS: usize = 4;

/// The numbered migrations in hub/migrations/sqlite/. Append; never edit
/// one that has shipped.
const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("../../migrations/sqlite/0001_initial.sql")),
    M::up(include_str!("../../migrations/sqlite/0002_floor.sql")),
    M::up(include_str!("../../migrations/sqlite/0003_survey.sql")),
];

/// How often [`Store::floor_subscribe`]'s task looks for changes made by
/// other connections (this instance's own are sent at once).
const FLOOR_POLL: Duration = Duration::from_millis(200);

pub struct SqliteStore {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    write: Mutex<Connection>,
    /// [`READERS`] read-only connections.
    read: Vec<Mutex<Connection>>,
    /// Where the next read starts looking for a free connection.
    next_read: std::sync::atomic::AtomicUsize,
    /// [`Store::floor_subscribe`]'s feed, once started.
    floor: tokio::sync::OnceCell<FloorFeed>,
}

/// The floor's change feed: the `floor_change` counters polled every
/// [`FLOOR_POLL`] by one task (changes by other processes), and this
/// instance's own changes sent as soon as they are committed.
struct FloorFeed {
    tx: tokio::sync::broadcast::Sender<String>,
    /// The last `floor_change.seq` sent, per office: whichever of the
    /// poller and the writer sees a new one first sends it, once.
    seen: Mutex<std::collections::HashMap<String, i64>>,
}

impl FloorFeed {
    /// Sends each office whose counter is newer than the one last sent.
    fn offer(&self, changes: impl IntoIterator<Item = (String, i64)>) {
        let Ok(mut seen) = self.seen.lock() else {
            return;
        };
        for (office, seq) in changes {
            if seen.get(&office).is_none_or(|s| *s < seq) {
                seen.insert(office.clone(), seq);
                // No receivers is fine: nobody is looking.
                let _ = self.tx.send(office);
            }
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match &e {
            rusqlite::Error::SqliteFailure(f, _) => match f.code {
                C::DatabaseBusy
                | C::DatabaseLocked
                | C::CannotOpen
                | C::SystemIoFailure
                | C::DiskFull => StoreError::Unavailable(e.to_string()),
                C::ConstraintViolation
                    if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                        || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
                {
                    StoreError::Conflict(e.to_string())
                }
                C::ConstraintViolation
                    if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY =>
                {
                    StoreError::NotFound(e.to_string())
                }
                _ => StoreError::Other(e.to_string()),
            },
            _ => StoreError::Other(e.to_string()),
        }
    }
}

/// How long opening waits for another process's lock in all.
const OPEN_RETRY: std::time::Duration = std::time::Duration::from_secs(10);

fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // journal_mode answers with a row; a file that is not a database fails
    // here with "file is not a database".
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(path = %path.display(), mode, "database is not in WAL mode");
    }
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL;
         PRAGMA journal_size_limit = 67108864;",
    )?;
    Ok(conn)
}

/// The path's words for an error message.
fn at(path: &Path, e: impl Into<StoreError>) -> StoreError {
    let shown = entre_core::text::quote(&path.display().to_string());
    match e.into() {
        StoreError::Unavailable(m) => StoreError::Unavailable(format!("{shown}: {m}")),
        StoreError::Conflict(m) => StoreError::Conflict(format!("{shown}: {m}")),
        StoreError::NotFound(m) => StoreError::NotFound(format!("{shown}: {m}")),
        StoreError::Other(m) => StoreError::Other(format!("{shown}: {m}")),
    }
}

fn joined(e: tokio::task::JoinError) -> StoreError {
    StoreError::Other(format!("database task failed: {e}"))
}

fn poisoned<T>(_: T) -> StoreError {
    StoreError::Other("database connection poisoned by an earlier failure".into())
}

impl SqliteStore {
    /// Opens (creating the file and its folder if needed) and migrates the
    /// database at `path`. Safe while another process has it open.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        let path = path.to_path_buf();
        tokio::task::spawn_blocking(move || Self::open_blocking(&path))
            .await
            .map_err(joined)?
    }

    /// Opens, retrying for up to [`OPEN_RETRY`] while another process (a
    /// second hub instance, or a command beside the server) holds the lock:
    /// switching a new file to WAL and migrating it take the write lock,
    /// and SQLite answers "database is locked" at once rather than through
    /// the busy timeout in some of those steps (seen when four stores
    /// opened one new file together: hub/tests/store.rs,
    /// two_instances_open_together_and_share_data).
    fn open_blocking(path: &Path) -> Result<Self, StoreError> {
        let deadline = std::time::Instant::now() + OPEN_RETRY;
        loop {
            match Self::try_open(path) {
                Err(StoreError::Unavailable(m))
                    if m.contains("is locked") && std::time::Instant::now() < deadline =>
                {
                    tracing::debug!(path = %path.display(), "database locked while opening; retrying");
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                done => return done,
            }
        }
    }

    fn try_open(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Unavailable(format!(
                    "{}: cannot create its folder: {e}",
                    entre_core::text::quote(&path.display().to_string())
                ))
            })?;
        }
        let mut write = connect(path).map_err(|e| at(path, e))?;
        // Migrations take the write lock first (IMMEDIATE), waiting for
        // another process. Two processes migrating together: the second
        // finds the tables made and fails; if it then has nothing left to
        // do, the other one did it.
        write.set_transaction_behavior(TransactionBehavior::Immediate);
        let migrations = Migrations::from_slice(MIGRATIONS);
        let current: i64 = write
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| at(path, e))?;
        if current > MIGRATIONS.len() as i64 {
            return Err(at(
                path,
                StoreError::Other(format!(
                    "the database's schema is version {current}, newer than this entre-hub \
                     knows ({}): upgrade entre-hub",
                    MIGRATIONS.len()
                )),
            ));
        }
        if let Err(e) = migrations.to_latest(&mut write) {
            let done = matches!(migrations.pending_migrations(&write), Ok(0));
            if !done {
                return Err(match e {
                    rusqlite_migration::Error::RusqliteError { err, .. } => at(path, err),
                    e => at(path, StoreError::Other(format!("migration failed: {e}"))),
                });
            }
        }
        let mut read = Vec::with_capacity(READERS);
        for _ in 0..READERS {
            let conn = connect(path).map_err(|e| at(path, e))?;
            conn.execute_batch("PRAGMA query_only = ON;")
                .map_err(|e| at(path, e))?;
            read.push(Mutex::new(conn));
        }
        Ok(SqliteStore {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                write: Mutex::new(write),
                read,
                next_read: Default::default(),
                floor: Default::default(),
            }),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Runs `f` in one IMMEDIATE transaction on the write connection:
    /// committed if it returns Ok, rolled back otherwise.
    async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = inner.write.lock().map_err(poisoned)?;
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        })
        .await
        .map_err(joined)?
    }

    /// As [`Self::write`], for a change of the floor: `f` also returns the
    /// `floor_change` counters it bumped ([`bump`]), sent to this
    /// instance's subscribers once committed.
    async fn write_floor<T: Send + 'static>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>, &mut Vec<(String, i64)>) -> Result<T, StoreError>
        + Send
        + 'static,
    ) -> Result<T, StoreError> {
        let (out, bumped) = self
            .write(move |tx| {
                let mut bumped = Vec::new();
                let out = f(tx, &mut bumped)?;
                Ok((out, bumped))
            })
            .await?;
        if let Some(feed) = self.inner.floor.get() {
            feed.offer(bumped);
        }
        Ok(out)
    }

    /// Runs read-only `f` on the read connection (one consistent snapshot).
    async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            // A free connection if there is one, else wait for the next.
            let start = inner
                .next_read
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let n = inner.read.len();
            let free = (0..n).find_map(|i| inner.read[(start + i) % n].try_lock().ok());
            let mut conn = match free {
                Some(c) => c,
                None => inner.read[start % n].lock().map_err(poisoned)?,
            };
            let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
            let out = f(&tx)?;
            tx.finish()?;
            Ok(out)
        })
        .await
        .map_err(joined)?
    }
}

/// Bumps `office`'s floor counter (in the caller's transaction): the new
/// value, for [`SqliteStore::write_floor`].
fn bump(
    tx: &rusqlite::Transaction<'_>,
    office: &str,
    bumped: &mut Vec<(String, i64)>,
) -> Result<(), StoreError> {
    let seq: i64 = tx
        .prepare_cached(
            "INSERT INTO floor_change (office, seq) VALUES (?1, 1)
             ON CONFLICT (office) DO UPDATE SET seq = seq + 1
             RETURNING seq",
        )?
        .query_row([office], |r| r.get(0))?;
    bumped.push((office.to_owned(), seq));
    Ok(())
}

fn registration_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawRegistration> {
    Ok(RawRegistration {
        id: r.get(0)?,
        office: r.get(1)?,
        kiosk: r.get(2)?,
        registered_by: r.get(3)?,
        at_ms: r.get(4)?,
        kind: r.get(5)?,
        errand: r.get(6)?,
        language: r.get(7)?,
        needs: r.get(8)?,
        zone_id: r.get(9)?,
        zone_label: r.get(10)?,
        checkin_unit: r.get(11)?,
        checkin_officer: r.get(12)?,
        checkin_reason: r.get(13)?,
        code: r.get(14)?,
        state: r.get(15)?,
        claimed_by: r.get(16)?,
        claimed_ms: r.get(17)?,
        closed_ms: r.get(18)?,
    })
}

fn registration_by_id(c: &Connection, id: &str) -> Result<Option<RegistrationRow>, StoreError> {
    c.prepare_cached(&format!(
        "SELECT {REGISTRATION_COLUMNS} FROM registration WHERE id = ?1"
    ))?
    .query_row([id], registration_row)
    .optional()?
    .map(RawRegistration::done)
    .transpose()
}

/// `ahead` and `wait_min` of a registration of `office` at `at_ms`.
fn ahead_and_wait(
    c: &Connection,
    office: &str,
    at_ms: Ms,
    now: Ms,
) -> Result<(u32, Option<u32>), StoreError> {
    let ahead: i64 = c
        .prepare_cached(
            "SELECT count(*) FROM registration
             WHERE office = ?1 AND state = 'waiting' AND at_ms < ?2",
        )?
        .query_row(params![office, at_ms], |r| r.get(0))?;
    let waits = c
        .prepare_cached(
            "SELECT claimed_ms - at_ms FROM registration
             WHERE office = ?1 AND claimed_ms IS NOT NULL AND claimed_ms >= ?2
             ORDER BY claimed_ms DESC LIMIT ?3",
        )?
        .query_map(params![office, now - WAIT_WINDOW_MS, WAIT_CLAIMS], |r| {
            r.get::<_, Ms>(0)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((
        u32::try_from(ahead).unwrap_or(u32::MAX),
        super::codec::wait_min(waits),
    ))
}

/// The floor's counters, for [`FloorFeed`]: `None` when nothing at all was
/// committed by another connection since `data_version` was last read.
fn floor_counters(
    c: &Connection,
    data_version: &mut Option<i64>,
) -> Result<Option<Vec<(String, i64)>>, StoreError> {
    let v: i64 = c.query_row("PRAGMA data_version", [], |r| r.get(0))?;
    if *data_version == Some(v) {
        return Ok(None);
    }
    *data_version = Some(v);
    let rows = c
        .prepare_cached("SELECT office, seq FROM floor_change")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(rows))
}

const KIOSK_COLUMNS: &str = "id, office, added_ms, revoked_ms, hb_received_ms, hb_version, \
     hb_started_ms, hb_mail_pending, hb_visits_pending, hb_oldest_pending_ms, hb_last_errors, \
     hb_content_version";

fn kiosk_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Kiosk, Option<String>)> {
    let received: Option<Ms> = r.get(4)?;
    let errors: Option<String> = r.get(10)?;
    let heartbeat = match received {
        None => None,
        Some(received_ms) => Some(HeartbeatRow {
            received_ms,
            version: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
            started_ms: r.get(6)?,
            mail_pending: r.get::<_, Option<i64>>(7)?.unwrap_or(0),
            visits_pending: r.get::<_, Option<i64>>(8)?.unwrap_or(0),
            oldest_pending_ms: r.get(9)?,
            last_errors: Vec::new(),
            content_version: r.get(11)?,
        }),
    };
    Ok((
        Kiosk {
            id: r.get(0)?,
            office: r.get(1)?,
            added_ms: r.get(2)?,
            revoked_ms: r.get(3)?,
            heartbeat,
        },
        errors,
    ))
}

fn kiosk_done((mut k, errors): (Kiosk, Option<String>)) -> Result<Kiosk, StoreError> {
    if let Some(hb) = &mut k.heartbeat {
        hb.last_errors = errors_from_json(errors.as_deref())?;
    }
    Ok(k)
}

const VISIT_COLUMNS: &str = "id, kiosk, office, at_ms, purpose, errand, language, learned, self_next_time, checkin_unit, \
     gender, kind, meanwhile";

fn visit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<VisitRow> {
    Ok(VisitRow {
        id: r.get(0)?,
        kiosk: r.get(1)?,
        office: r.get(2)?,
        at_ms: r.get(3)?,
        purpose: r.get(4)?,
        errand: r.get(5)?,
        language: r.get(6)?,
        learned: r.get(7)?,
        self_next_time: r.get(8)?,
        checkin_unit: r.get(9)?,
        gender: r
            .get::<_, Option<String>>(10)?
            .and_then(|g| Gender::parse(&g)),
        kind: VisitKind::parse(&r.get::<_, String>(11)?).unwrap_or_default(),
        meanwhile: r.get(12)?,
    })
}

const CONTENT_COLUMNS: &str = "number, kind, office, status, imported_by, imported_ms, \
     published_by, published_ms, reviewed_by, summary";

type RawContent = (ContentVersion, String, String);

/// A content row with kind and status still as text (checked after).
fn content_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawContent> {
    Ok((
        ContentVersion {
            number: r.get(0)?,
            kind: ContentKind::Guidance,
            office: r.get(2)?,
            status: ContentStatus::Draft,
            imported_by: r.get(4)?,
            imported_ms: r.get(5)?,
            published_by: r.get(6)?,
            published_ms: r.get(7)?,
            reviewed_by: r.get(8)?,
            summary: r.get(9)?,
        },
        r.get(1)?,
        r.get(3)?,
    ))
}

fn content_done((mut v, kind, status): RawContent) -> Result<ContentVersion, StoreError> {
    v.kind = kind_parse(&kind)?;
    v.status = status_parse(&status)?;
    Ok(v)
}

const USER_COLUMNS: &str =
    "name, role, office, password_hash, setup_token_sha256, setup_expires_ms, added_ms";

type RawUser = (User, String, Option<Vec<u8>>);

fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawUser> {
    Ok((
        User {
            name: r.get(0)?,
            role: Role::Guide,
            office: r.get(2)?,
            password_hash: r.get(3)?,
            setup_token_sha256: None,
            setup_expires_ms: r.get(5)?,
            added_ms: r.get(6)?,
        },
        r.get(1)?,
        r.get(4)?,
    ))
}

fn user_done((mut u, role, token): RawUser) -> Result<User, StoreError> {
    u.role = role_parse(&role)?;
    u.setup_token_sha256 = hash32(token, "staff.setup_token_sha256")?;
    Ok(u)
}

fn live_one(
    c: &Connection,
    kind: ContentKind,
    office: Option<&str>,
) -> Result<Option<(i64, String)>, StoreError> {
    Ok(c.prepare_cached(
        "SELECT number, payload FROM content_version
         WHERE status = 'published' AND kind = ?1 AND office IS ?2",
    )?
    .query_row(params![kind_name(kind), office], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()?)
}

#[async_trait]
impl Store for SqliteStore {
    fn engine(&self) -> &'static str {
        "sqlite"
    }

    async fn kiosk_add(
        &self,
        id: &str,
        office: &str,
        token_sha256: [u8; 32],
        now: Ms,
    ) -> Result<(), StoreError> {
        let (id, office) = (id.to_owned(), office.to_owned());
        self.write(move |tx| {
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM kiosk WHERE id = ?1)",
                [&id],
                |r| r.get(0),
            )?;
            if exists {
                return Err(StoreError::Conflict(format!(
                    "kiosk {} exists",
                    entre_core::text::quote(&id)
                )));
            }
            tx.execute(
                "INSERT INTO kiosk (id, office, token_sha256, added_ms) VALUES (?1, ?2, ?3, ?4)",
                params![id, office, &token_sha256[..], now],
            )?;
            Ok(())
        })
        .await
    }

    async fn kiosk_revoke(&self, id: &str, now: Ms) -> Result<(), StoreError> {
        let id = id.to_owned();
        self.write(move |tx| {
            let n = tx.execute(
                "UPDATE kiosk SET revoked_ms = coalesce(revoked_ms, ?2) WHERE id = ?1",
                params![id, now],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound(format!(
                    "no kiosk {}",
                    entre_core::text::quote(&id)
                )));
            }
            Ok(())
        })
        .await
    }

    async fn kiosks(&self) -> Result<Vec<Kiosk>, StoreError> {
        self.read(|c| {
            let rows = c
                .prepare_cached(&format!("SELECT {KIOSK_COLUMNS} FROM kiosk ORDER BY id"))?
                .query_map([], kiosk_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.into_iter().map(kiosk_done).collect()
        })
        .await
    }

    async fn kiosk_by_token(&self, token_sha256: [u8; 32]) -> Result<Option<Kiosk>, StoreError> {
        self.read(move |c| {
            c.prepare_cached(&format!(
                "SELECT {KIOSK_COLUMNS} FROM kiosk
                 WHERE token_sha256 = ?1 AND revoked_ms IS NULL"
            ))?
            .query_row([&token_sha256[..]], kiosk_row)
            .optional()?
            .map(kiosk_done)
            .transpose()
        })
        .await
    }

    async fn heartbeat(&self, kiosk: &str, beat: &HeartbeatRow) -> Result<(), StoreError> {
        let kiosk = kiosk.to_owned();
        let beat = beat.clone();
        self.write(move |tx| {
            let n = tx
                .prepare_cached(
                    "UPDATE kiosk SET hb_received_ms = ?2, hb_version = ?3, hb_started_ms = ?4,
                       hb_mail_pending = ?5, hb_visits_pending = ?6, hb_oldest_pending_ms = ?7,
                       hb_last_errors = ?8, hb_content_version = ?9
                     WHERE id = ?1",
                )?
                .execute(params![
                    kiosk,
                    beat.received_ms,
                    beat.version,
                    beat.started_ms,
                    beat.mail_pending,
                    beat.visits_pending,
                    beat.oldest_pending_ms,
                    errors_to_json(&beat.last_errors),
                    beat.content_version,
                ])?;
            if n == 0 {
                return Err(StoreError::NotFound(format!(
                    "no kiosk {}",
                    entre_core::text::quote(&kiosk)
                )));
            }
            Ok(())
        })
        .await
    }

    async fn visits_add(&self, visits: &[VisitRow]) -> Result<(), StoreError> {
        if visits.is_empty() {
            return Ok(());
        }
        let visits = visits.to_vec();
        self.write(move |tx| {
            let mut insert = tx.prepare_cached(&format!(
                "INSERT INTO visit ({VISIT_COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                 ON CONFLICT (id) DO NOTHING"
            ))?;
            for v in &visits {
                insert.execute(params![
                    v.id,
                    v.kiosk,
                    v.office,
                    v.at_ms,
                    v.purpose,
                    v.errand,
                    v.language,
                    v.learned,
                    v.self_next_time,
                    v.checkin_unit,
                    v.gender.map(Gender::id),
                    v.kind.id(),
                    v.meanwhile,
                ])?;
            }
            Ok(())
        })
        .await
    }

    async fn visits(
        &self,
        office: Option<&str>,
        from: Ms,
        to: Ms,
    ) -> Result<Vec<VisitRow>, StoreError> {
        let office = office.map(str::to_owned);
        self.read(move |c| {
            let rows = match &office {
                Some(o) => c
                    .prepare_cached(&format!(
                        "SELECT {VISIT_COLUMNS} FROM visit
                         WHERE office = ?1 AND at_ms >= ?2 AND at_ms < ?3
                         ORDER BY at_ms, id"
                    ))?
                    .query_map(params![o, from, to], visit_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()?,
                None => c
                    .prepare_cached(&format!(
                        "SELECT {VISIT_COLUMNS} FROM visit
                         WHERE at_ms >= ?1 AND at_ms < ?2
                         ORDER BY at_ms, id"
                    ))?
                    .query_map(params![from, to], visit_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()?,
            };
            Ok(rows)
        })
        .await
    }

    async fn content_add(&self, new: NewContent) -> Result<i64, StoreError> {
        self.write(move |tx| {
            tx.execute(
                "INSERT INTO content_version
                   (kind, office, status, imported_by, imported_ms, summary, payload)
                 VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?6)",
                params![
                    kind_name(new.kind),
                    new.office,
                    new.imported_by,
                    new.imported_ms,
                    new.summary,
                    new.payload
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })
        .await
    }

    async fn content_versions(&self) -> Result<Vec<ContentVersion>, StoreError> {
        self.read(|c| {
            let rows = c
                .prepare_cached(&format!(
                    "SELECT {CONTENT_COLUMNS} FROM content_version ORDER BY number DESC"
                ))?
                .query_map([], content_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.into_iter().map(content_done).collect()
        })
        .await
    }

    async fn content_version(
        &self,
        number: i64,
    ) -> Result<Option<(ContentVersion, String)>, StoreError> {
        self.read(move |c| {
            c.prepare_cached(&format!(
                "SELECT {CONTENT_COLUMNS}, payload FROM content_version WHERE number = ?1"
            ))?
            .query_row([number], |r| Ok((content_row(r)?, r.get::<_, String>(10)?)))
            .optional()?
            .map(|(raw, payload)| Ok((content_done(raw)?, payload)))
            .transpose()
        })
        .await
    }

    async fn content_publish(&self, number: i64, who: &str, now: Ms) -> Result<(), StoreError> {
        let who = who.to_owned();
        self.write(move |tx| {
            let found: Option<(String, Option<String>, String)> = tx
                .query_row(
                    "SELECT kind, office, status FROM content_version WHERE number = ?1",
                    [number],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((kind, office, status)) = found else {
                return Err(StoreError::NotFound(format!("no content version {number}")));
            };
            if status == "published" {
                // Already in use: publishing it again changes nothing.
                return Ok(());
            }
            tx.execute(
                "UPDATE content_version SET status = 'retired'
                 WHERE status = 'published' AND kind = ?1 AND office IS ?2",
                params![kind, office],
            )?;
            tx.execute(
                "UPDATE content_version
                 SET status = 'published', published_by = ?2, published_ms = ?3,
                     reviewed_by = CASE WHEN imported_by = ?2 THEN NULL ELSE ?2 END
                 WHERE number = ?1",
                params![number, who, now],
            )?;
            Ok(())
        })
        .await
    }

    async fn content_live(&self, office: &str) -> Result<Live, StoreError> {
        let office = office.to_owned();
        self.read(move |c| {
            Ok(Live {
                city_guidance: live_one(c, ContentKind::Guidance, None)?,
                office_guidance: live_one(c, ContentKind::Guidance, Some(&office))?,
                directory: live_one(c, ContentKind::Directory, Some(&office))?,
            })
        })
        .await
    }

    async fn content_live_numbers(
        &self,
        office: &str,
    ) -> Result<(Option<i64>, Option<i64>, Option<i64>), StoreError> {
        let office = office.to_owned();
        self.read(move |c| {
            let mut live = (None, None, None);
            let mut st = c.prepare_cached(
                "SELECT kind, office IS NULL, number FROM content_version
                 WHERE status = 'published'
                   AND ((kind = 'guidance' AND (office IS NULL OR office = ?1))
                        OR (kind = 'directory' AND office = ?1))",
            )?;
            let mut rows = st.query([&office])?;
            while let Some(r) = rows.next()? {
                let kind = kind_parse(&r.get::<_, String>(0)?)?;
                let city: bool = r.get(1)?;
                let number = Some(r.get(2)?);
                match (kind, city) {
                    (ContentKind::Guidance, true) => live.0 = number,
                    (ContentKind::Guidance, false) => live.1 = number,
                    (ContentKind::Directory, _) => live.2 = number,
                }
            }
            Ok(live)
        })
        .await
    }

    async fn user_add(&self, user: &User) -> Result<(), StoreError> {
        let u = user.clone();
        self.write(move |tx| {
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM staff WHERE name = ?1)",
                [&u.name],
                |r| r.get(0),
            )?;
            if exists {
                return Err(StoreError::Conflict(format!(
                    "user {} exists",
                    entre_core::text::quote(&u.name)
                )));
            }
            tx.execute(
                &format!("INSERT INTO staff ({USER_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
                params![
                    u.name,
                    u.role.name(),
                    u.office,
                    u.password_hash,
                    u.setup_token_sha256.as_ref().map(|h| &h[..]),
                    u.setup_expires_ms,
                    u.added_ms
                ],
            )?;
            Ok(())
        })
        .await
    }

    async fn user(&self, name: &str) -> Result<Option<User>, StoreError> {
        let name = name.to_owned();
        self.read(move |c| {
            c.prepare_cached(&format!("SELECT {USER_COLUMNS} FROM staff WHERE name = ?1"))?
                .query_row([&name], user_row)
                .optional()?
                .map(user_done)
                .transpose()
        })
        .await
    }

    async fn users(&self) -> Result<Vec<User>, StoreError> {
        self.read(|c| {
            let rows = c
                .prepare_cached(&format!("SELECT {USER_COLUMNS} FROM staff ORDER BY name"))?
                .query_map([], user_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.into_iter().map(user_done).collect()
        })
        .await
    }

    async fn user_by_setup_token(
        &self,
        token_sha256: [u8; 32],
        now: Ms,
    ) -> Result<Option<User>, StoreError> {
        self.read(move |c| {
            c.prepare_cached(&format!(
                "SELECT {USER_COLUMNS} FROM staff
                 WHERE setup_token_sha256 = ?1 AND setup_expires_ms > ?2"
            ))?
            .query_row(params![&token_sha256[..], now], user_row)
            .optional()?
            .map(user_done)
            .transpose()
        })
        .await
    }

    async fn user_set_password(&self, name: &str, hash: &str) -> Result<(), StoreError> {
        let (name, hash) = (name.to_owned(), hash.to_owned());
        self.write(move |tx| {
            let n = tx.execute(
                "UPDATE staff SET password_hash = ?2, setup_token_sha256 = NULL,
                   setup_expires_ms = NULL
                 WHERE name = ?1",
                params![name, hash],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound(format!(
                    "no user {}",
                    entre_core::text::quote(&name)
                )));
            }
            Ok(())
        })
        .await
    }

    async fn session_add(&self, session: &Session) -> Result<(), StoreError> {
        let s = session.clone();
        self.write(move |tx| {
            tx.execute(
                "INSERT INTO session (token_sha256, staff, csrf, expires_ms)
                 VALUES (?1, ?2, ?3, ?4)",
                params![&s.token_sha256[..], s.user, s.csrf, s.expires_ms],
            )
            .map_err(|e| match StoreError::from(e) {
                StoreError::NotFound(_) => {
                    StoreError::NotFound(format!("no user {}", entre_core::text::quote(&s.user)))
                }
                e => e,
            })?;
            Ok(())
        })
        .await
    }

    async fn session(
        &self,
        token_sha256: [u8; 32],
        now: Ms,
    ) -> Result<Option<Session>, StoreError> {
        self.read(move |c| {
            Ok(c.prepare_cached(
                "SELECT staff, csrf, expires_ms FROM session
                 WHERE token_sha256 = ?1 AND expires_ms > ?2",
            )?
            .query_row(params![&token_sha256[..], now], |r| {
                Ok(Session {
                    token_sha256,
                    user: r.get(0)?,
                    csrf: r.get(1)?,
                    expires_ms: r.get(2)?,
                })
            })
            .optional()?)
        })
        .await
    }

    async fn session_delete(&self, token_sha256: [u8; 32]) -> Result<(), StoreError> {
        self.write(move |tx| {
            tx.execute(
                "DELETE FROM session WHERE token_sha256 = ?1",
                [&token_sha256[..]],
            )?;
            Ok(())
        })
        .await
    }

    async fn login_failed(&self, key: &str, now: Ms) -> Result<(), StoreError> {
        let key = key.to_owned();
        self.write(move |tx| {
            tx.prepare_cached("DELETE FROM login_failure WHERE at_ms < ?1")?
                .execute([now - LOGIN_FAILURE_KEEP_MS])?;
            tx.prepare_cached("INSERT INTO login_failure (key, at_ms) VALUES (?1, ?2)")?
                .execute(params![key, now])?;
            Ok(())
        })
        .await
    }

    async fn login_failures(&self, key: &str, since: Ms) -> Result<u32, StoreError> {
        let key = key.to_owned();
        self.read(move |c| {
            let n: i64 = c
                .prepare_cached(
                    "SELECT count(*) FROM login_failure WHERE key = ?1 AND at_ms >= ?2",
                )?
                .query_row(params![key, since], |r| r.get(0))?;
            Ok(u32::try_from(n).unwrap_or(u32::MAX))
        })
        .await
    }

    async fn login_clear(&self, key: &str) -> Result<(), StoreError> {
        let key = key.to_owned();
        self.write(move |tx| {
            tx.execute("DELETE FROM login_failure WHERE key = ?1", [&key])?;
            Ok(())
        })
        .await
    }
    async fn registration_add(
        &self,
        new: &NewRegistration,
        now: Ms,
    ) -> Result<entre_core::protocol::Registered, StoreError> {
        let new = new.clone();
        // One IMMEDIATE transaction: every instance on this file (and this
        // one's tasks) choose codes one after the other, so a code is never
        // given twice.
        self.write_floor(move |tx, bumped| {
            let (code, at_ms) = match registration_by_id(tx, &new.id)? {
                Some(row) => {
                    if !new.floor && row.state.open() {
                        tx.prepare_cached(
                            "UPDATE registration SET state = 'desk', closed_ms = ?2
                             WHERE id = ?1",
                        )?
                        .execute(params![row.id, now])?;
                        bump(tx, &row.office, bumped)?;
                    }
                    (row.code, row.at_ms)
                }
                None => {
                    let used = tx
                        .prepare_cached(
                            "SELECT code FROM registration WHERE office = ?1 AND day = ?2",
                        )?
                        .query_map(params![new.office, new.day], |r| r.get::<_, String>(0))?
                        .collect::<rusqlite::Result<std::collections::HashSet<_>>>()?;
                    let code = pick_code(&used).ok_or_else(|| day_full(&new.office, &new.day))?;
                    let (state, closed_ms) = if new.floor {
                        (FloorState::Waiting, None)
                    } else {
                        (FloorState::Desk, Some(now))
                    };
                    tx.prepare_cached(
                        "INSERT INTO registration
                           (id, office, kiosk, registered_by, at_ms, kind, errand, language,
                            needs, zone_id, zone_label, checkin_unit, checkin_officer,
                            checkin_reason, day, code, state, closed_ms)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,
                                 ?15, ?16, ?17, ?18)",
                    )?
                    .execute(params![
                        new.id,
                        new.office,
                        new.kiosk,
                        new.registered_by,
                        new.at_ms,
                        reg_kind_name(new.kind),
                        new.errand,
                        new.language,
                        needs_text(&new.needs),
                        new.zone.as_ref().map(|z| &z.id),
                        new.zone.as_ref().map(|z| &z.label_sv),
                        new.checkin.as_ref().map(|c| &c.unit),
                        new.checkin.as_ref().map(|c| &c.officer),
                        new.checkin.as_ref().map(|c| reason_name(c.reason)),
                        new.day,
                        code,
                        state.name(),
                        closed_ms,
                    ])?;
                    if new.floor {
                        bump(tx, &new.office, bumped)?;
                    }
                    (code, new.at_ms)
                }
            };
            let (ahead, wait_min) = ahead_and_wait(tx, &new.office, at_ms, now)?;
            Ok(entre_core::protocol::Registered {
                code,
                ahead,
                wait_min,
            })
        })
        .await
    }

    async fn floor(&self, office: Option<&str>) -> Result<Vec<RegistrationRow>, StoreError> {
        let office = office.map(str::to_owned);
        self.read(move |c| {
            let raw = match &office {
                Some(o) => c
                    .prepare_cached(&format!(
                        "SELECT {REGISTRATION_COLUMNS} FROM registration
                         WHERE office = ?1 AND state IN ('waiting', 'claimed')
                         ORDER BY at_ms, id"
                    ))?
                    .query_map([o], registration_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()?,
                None => c
                    .prepare_cached(&format!(
                        "SELECT {REGISTRATION_COLUMNS} FROM registration
                         WHERE state IN ('waiting', 'claimed')
                         ORDER BY at_ms, id"
                    ))?
                    .query_map([], registration_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()?,
            };
            raw.into_iter().map(RawRegistration::done).collect()
        })
        .await
    }

    async fn registration(&self, id: &str) -> Result<Option<RegistrationRow>, StoreError> {
        let id = id.to_owned();
        self.read(move |c| registration_by_id(c, &id)).await
    }

    async fn floor_act(
        &self,
        id: &str,
        who: &str,
        action: FloorAction,
        now: Ms,
    ) -> Result<FloorOutcome, StoreError> {
        let (id, who) = (id.to_owned(), who.to_owned());
        self.write_floor(move |tx, bumped| {
            // Conditional: changes the row only from the states the action
            // allows (the transaction is IMMEDIATE too, so two instances
            // never both see a waiting row).
            let office: Option<String> = match action {
                FloorAction::Claim => tx
                    .prepare_cached(
                        "UPDATE registration
                         SET state = 'claimed', claimed_by = ?2, claimed_ms = ?3
                         WHERE id = ?1 AND state = 'waiting' RETURNING office",
                    )?
                    .query_row(params![id, who, now], |r| r.get(0))
                    .optional()?,
                FloorAction::Release => tx
                    .prepare_cached(
                        "UPDATE registration
                         SET state = 'waiting', claimed_by = NULL, claimed_ms = NULL
                         WHERE id = ?1 AND state = 'claimed' RETURNING office",
                    )?
                    .query_row(params![id], |r| r.get(0))
                    .optional()?,
                FloorAction::Done => tx
                    .prepare_cached(
                        "UPDATE registration SET state = 'done', closed_ms = ?2
                         WHERE id = ?1 AND state = 'claimed' RETURNING office",
                    )?
                    .query_row(params![id, now], |r| r.get(0))
                    .optional()?,
                FloorAction::Left => tx
                    .prepare_cached(
                        "UPDATE registration SET state = 'left', closed_ms = ?2
                         WHERE id = ?1 AND state IN ('waiting', 'claimed') RETURNING office",
                    )?
                    .query_row(params![id, now], |r| r.get(0))
                    .optional()?,
            };
            if let Some(office) = &office {
                bump(tx, office, bumped)?;
            }
            let row = registration_by_id(tx, &id)?.ok_or_else(|| {
                StoreError::NotFound(format!("no registration {}", entre_core::text::quote(&id)))
            })?;
            Ok(match office {
                Some(_) => FloorOutcome::Changed(row),
                None => FloorOutcome::Refused(row),
            })
        })
        .await
    }

    async fn floor_close_open(&self, office: &str, before: Ms, now: Ms) -> Result<u64, StoreError> {
        let office = office.to_owned();
        self.write_floor(move |tx, bumped| {
            let n = tx
                .prepare_cached(
                    "UPDATE registration SET state = 'not_met', closed_ms = ?3
                     WHERE office = ?1 AND state IN ('waiting', 'claimed') AND at_ms < ?2",
                )?
                .execute(params![office, before, now])?;
            if n > 0 {
                bump(tx, &office, bumped)?;
            }
            Ok(n as u64)
        })
        .await
    }

    async fn floor_purge(&self, before: Ms) -> Result<u64, StoreError> {
        self.write(move |tx| {
            tx.prepare_cached(&format!(
                "INSERT INTO floor_fact
                   (office, at_ms, kind, errand, language, state, wait_ms, service_ms)
                 SELECT office, at_ms, kind, errand, language, state,
                        {FACT_WAIT_SQL}, {FACT_SERVICE_SQL}
                 FROM registration
                 WHERE at_ms < ?1 AND state NOT IN ('waiting', 'claimed')"
            ))?
            .execute([before])?;
            let n = tx
                .prepare_cached(
                    "DELETE FROM registration
                     WHERE at_ms < ?1 AND state NOT IN ('waiting', 'claimed')",
                )?
                .execute([before])?;
            Ok(n as u64)
        })
        .await
    }

    async fn floor_facts(
        &self,
        office: Option<&str>,
        from: Ms,
        to: Ms,
    ) -> Result<Vec<FloorFact>, StoreError> {
        let office = office.map(str::to_owned);
        self.read(move |c| {
            // Live rows (times computed here) and purged facts (as kept).
            let which = if office.is_some() {
                "office = ?3 AND at_ms >= ?1 AND at_ms < ?2"
            } else {
                "at_ms >= ?1 AND at_ms < ?2 AND ?3 IS NULL"
            };
            let mut st = c.prepare_cached(&format!(
                "SELECT office, at_ms, kind, errand, language, state, claimed_ms, closed_ms, 0
                 FROM registration WHERE {which}
                 UNION ALL
                 SELECT office, at_ms, kind, errand, language, state, wait_ms, service_ms, 1
                 FROM floor_fact WHERE {which}
                 ORDER BY 2, 1"
            ))?;
            let mut rows = st.query(params![from, to, office])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                let raw = RawFact {
                    office: r.get(0)?,
                    at_ms: r.get(1)?,
                    kind: r.get(2)?,
                    errand: r.get(3)?,
                    language: r.get(4)?,
                    state: r.get(5)?,
                };
                let (x, y): (Option<Ms>, Option<Ms>) = (r.get(6)?, r.get(7)?);
                out.push(if r.get::<_, i64>(8)? == 0 {
                    raw.live(x, y)?
                } else {
                    raw.kept(x, y)?
                });
            }
            Ok(out)
        })
        .await
    }

    async fn floor_subscribe(
        &self,
    ) -> Result<tokio::sync::broadcast::Receiver<String>, StoreError> {
        let feed = self
            .inner
            .floor
            .get_or_try_init(|| async {
                // One connection of its own, polled by one task: the
                // counters as they are now are the start (nothing old is
                // sent).
                let path = self.inner.path.clone();
                let (conn, seen) = tokio::task::spawn_blocking(move || {
                    let conn = connect(&path).map_err(|e| at(&path, e))?;
                    conn.execute_batch("PRAGMA query_only = ON;")
                        .map_err(|e| at(&path, e))?;
                    let mut version = None;
                    let seen = floor_counters(&conn, &mut version)?.unwrap_or_default();
                    Ok::<_, StoreError>(((conn, version), seen))
                })
                .await
                .map_err(joined)??;
                let (tx, _) = tokio::sync::broadcast::channel(FLOOR_CHANNEL);
                tokio::spawn(poll_floor(
                    Arc::downgrade(&self.inner),
                    Arc::new(Mutex::new(conn)),
                ));
                Ok::<_, StoreError>(FloorFeed {
                    tx,
                    seen: Mutex::new(seen.into_iter().collect()),
                })
            })
            .await?;
        Ok(feed.tx.subscribe())
    }
}

/// The poller of [`FloorFeed`]: every [`FLOOR_POLL`], the counters if
/// anything was committed by another connection; ends with the store.
async fn poll_floor(inner: std::sync::Weak<Inner>, conn: Arc<Mutex<(Connection, Option<i64>)>>) {
    let mut tick = tokio::time::interval(FLOOR_POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut failing = false;
    loop {
        tick.tick().await;
        if inner.strong_count() == 0 {
            return;
        }
        let conn = conn.clone();
        let polled = tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().map_err(poisoned)?;
            let (c, version) = &mut *guard;
            floor_counters(c, version)
        })
        .await
        .map_err(joined)
        .and_then(|r| r);
        let Some(inner) = inner.upgrade() else {
            return;
        };
        match polled {
            Ok(Some(counters)) => {
                if let Some(feed) = inner.floor.get() {
                    feed.offer(counters);
                }
                if failing {
                    tracing::info!("floor changes readable again");
                    failing = false;
                }
            }
            Ok(None) => {}
            Err(e) => {
                if !failing {
                    tracing::warn!(error = %e, "cannot read the floor's changes; retrying");
                    failing = true;
                }
            }
        }
    }
}
