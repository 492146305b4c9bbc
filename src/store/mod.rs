//! The local SQLite store: visits (no personal data), the outbox for mail
//! and hub sync, and the guidance cache.
//!
//! One [`Store`] handle owns the connection behind a mutex; the UI reaches
//! it only from blocking tasks, never from `update`.

mod hub;
pub mod lease;
mod queue;
mod registrations;
mod retention;
mod schema;
mod staff;

pub use hub::{Cursor, HubState, NewContent, QueuedVisit};
pub use queue::GIVE_UP;
pub use registrations::PendingRegistration;
pub use retention::{ABANDONED, PURGE_EVERY, Purged, purge_daily, purge_mail_files, purge_report};
pub use staff::StaffLockout;

pub use entre_core::protocol::{Gender, VisitKind};

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OpenFlags, TransactionBehavior, params};

/// Why the store could not be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: cannot create its folder: {error}")]
    Folder {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("database {path}: {error}")]
    Sqlite {
        path: PathBuf,
        error: rusqlite::Error,
    },
    #[error("database {path}: migration failed: {error}")]
    Migration {
        path: PathBuf,
        error: rusqlite_migration::Error,
    },
    #[error("database {path}: integrity check failed: {what}")]
    Corrupt { path: PathBuf, what: String },
    #[error("database: the store handle is poisoned by an earlier failure")]
    Poisoned,
}

/// A visit as stored for statistics. It carries no personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub id: String,
    /// Unix time in milliseconds.
    pub at_ms: i64,
    pub purpose: String,
    pub language: String,
    /// The unit of a check-in (never a person).
    pub checkin_unit: Option<String>,
    /// The guidance errand shown, if any.
    pub errand: Option<String>,
    /// The survey answers (`None`: skipped or not asked); usually set
    /// later by [`Store::record_survey`].
    pub learned: Option<bool>,
    pub self_next_time: Option<bool>,
    /// The optional "Are you …" answer (`None`: skipped or not asked).
    pub gender: Option<Gender>,
    /// A visit, or a survey answer given on its own (never counted as a
    /// visit).
    pub kind: VisitKind,
    /// A walk-in opened the "start meanwhile" steps.
    pub meanwhile: bool,
}

impl Visit {
    pub fn new(purpose: &str, language: &str) -> Self {
        Visit {
            // Random (v4), not time-ordered: the hub gets this id, and a
            // time-ordered one could be matched to the mail of a check-in.
            id: uuid::Uuid::new_v4().to_string(),
            at_ms: now_ms(),
            purpose: purpose.to_string(),
            language: language.to_string(),
            checkin_unit: None,
            errand: None,
            learned: None,
            self_next_time: None,
            gender: None,
            kind: VisitKind::Visit,
            meanwhile: false,
        }
    }

    /// A survey answer given on its own (the welcome screen's "How was your
    /// visit?"): `purpose` is [`SURVEY_PURPOSE`]; it is sent to the hub at
    /// once.
    pub fn survey_answer(
        language: &str,
        learned: Option<bool>,
        self_next_time: Option<bool>,
        gender: Option<Gender>,
    ) -> Self {
        Visit {
            learned,
            self_next_time,
            gender,
            kind: VisitKind::SurveyAnswer,
            ..Visit::new(SURVEY_PURPOSE, language)
        }
    }
}

/// The purpose recorded with a survey answer given on the welcome screen.
pub const SURVEY_PURPOSE: &str = "survey";

/// A mail waiting in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingMail {
    pub id: i64,
    pub mail: crate::outbound::mail::Outgoing,
    pub attempts: i64,
    pub created_ms: i64,
}

/// Where one outbox mail stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailState {
    Pending,
    Sent,
    GaveUp,
}

/// How long a write waits for another connection (the kiosk and a
/// command beside it) before it fails.
pub(crate) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// The same for the running kiosk: its writes wait in memory and are tried
/// again (see [`Store::enqueue`]), so each try holds the connection only
/// this long. The purge keeps [`BUSY_TIMEOUT`].
pub const KIOSK_BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(1);

/// How long a guidance visit waits for its survey answers before it is
/// sent to the hub without them.
pub const SURVEY_WAIT_MS: i64 = 15 * 60 * 1000;

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The handle to the kiosk's database. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    path: PathBuf,
    conn: Arc<Mutex<Connection>>,
    /// The connection's busy timeout, in milliseconds.
    busy_ms: Arc<AtomicU64>,
    /// Writes waiting their turn ([`Store::enqueue`]).
    queue: Arc<queue::Queue>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let sqlite = |error| StoreError::Sqlite {
            path: path.to_path_buf(),
            error,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|error| StoreError::Folder {
                path: path.to_path_buf(),
                error,
            })?;
        }
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sqlite)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
        // journal_mode answers with a row; a file that is not a database
        // fails here with "file is not a database".
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(sqlite)?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(path = %path.display(), mode, "database is not in WAL mode");
        }
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             PRAGMA synchronous = FULL;
             PRAGMA secure_delete = ON;",
        )
        .map_err(sqlite)?;
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(sqlite)?;
        if check != "ok" {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                what: check,
            });
        }
        schema::migrations()
            .to_latest(&mut conn)
            .map_err(|error| StoreError::Migration {
                path: path.to_path_buf(),
                error,
            })?;
        Ok(Store::new(path, conn))
    }

    fn new(path: &Path, conn: Connection) -> Self {
        Store {
            path: path.to_path_buf(),
            conn: Arc::new(Mutex::new(conn)),
            busy_ms: Arc::new(AtomicU64::new(BUSY_TIMEOUT.as_millis() as u64)),
            queue: Arc::new(queue::Queue::new()),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How long each statement waits for another process's write lock.
    pub fn set_busy_timeout(&self, wait: std::time::Duration) -> Result<(), StoreError> {
        self.with(|c| c.busy_timeout(wait))?;
        self.busy_ms
            .store(wait.as_millis() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// The busy timeout set by [`Store::set_busy_timeout`].
    pub(crate) fn busy_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.busy_ms.load(Ordering::Relaxed))
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn.lock().map_err(|_| StoreError::Poisoned)?;
        f(&mut conn).map_err(|error| StoreError::Sqlite {
            path: self.path.clone(),
            error,
        })
    }

    /// Runs read-only queries on the connection (statistics).
    pub(crate) fn read<T>(
        &self,
        f: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        self.with(|c| f(c))
    }

    /// Runs `f` in one transaction (generated data for trying things).
    pub(crate) fn write<T>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        })
    }

    /// The schema version the database is at.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.with(|c| c.query_row("PRAGMA user_version", [], |r| r.get(0)))
    }

    /// Records a visit and queues it for the hub, in one transaction.
    pub fn record_visit(&self, visit: &Visit) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            insert_visit(&tx, visit)?;
            tx.commit()
        })
    }

    /// Records many visits in one transaction (imports, generated data).
    pub fn record_visits(&self, visits: &[Visit]) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            for visit in visits {
                insert_visit(&tx, visit)?;
            }
            tx.commit()
        })
    }

    /// Records a check-in: the visit, its hub row and the arrival mail, in
    /// one transaction, before anything is sent. The mail is leased to the
    /// caller (this process, see [`lease::owner`]) until `lease_until_ms`:
    /// every sender leaves it alone until then. Returns the mail's outbox id.
    pub fn record_checkin(
        &self,
        visit: &Visit,
        mail: &crate::outbound::mail::Outgoing,
        lease_until_ms: i64,
    ) -> Result<i64, StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            insert_visit(&tx, visit)?;
            tx.execute(
                "INSERT INTO outbox (kind, visit_id, payload, created_ms, next_attempt_ms,
                                     envelope_from, envelope_to, message_id, lease_owner)
                 VALUES ('mail', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    visit.id,
                    String::from_utf8_lossy(&mail.raw),
                    visit.at_ms,
                    lease_until_ms,
                    mail.from,
                    mail.to,
                    mail.message_id,
                    lease::owner()
                ],
            )?;
            let id = tx.last_insert_rowid();
            tx.commit()?;
            Ok(id)
        })
    }

    /// Mail due for (another) attempt at `now_ms`, oldest first.
    pub fn due_mail(&self, now_ms: i64, limit: usize) -> Result<Vec<PendingMail>, StoreError> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT id, payload, envelope_from, envelope_to, message_id, attempts, created_ms
                 FROM outbox
                 WHERE kind = 'mail' AND sent_ms IS NULL AND gave_up_ms IS NULL
                   AND next_attempt_ms <= ?1
                 ORDER BY id LIMIT ?2",
            )?;
            stmt.query_map(params![now_ms, limit as i64], pending_mail)?
                .collect()
        })
    }

    /// One mail of the outbox, whatever its state.
    pub fn mail(&self, id: i64) -> Result<Option<(PendingMail, MailState)>, StoreError> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT id, payload, envelope_from, envelope_to, message_id, attempts, created_ms,
                        sent_ms, gave_up_ms
                 FROM outbox WHERE id = ?1 AND kind = 'mail'",
            )?;
            let mut rows = stmt.query(params![id])?;
            let Some(row) = rows.next()? else {
                return Ok(None);
            };
            let state = if row.get::<_, Option<i64>>(7)?.is_some() {
                MailState::Sent
            } else if row.get::<_, Option<i64>>(8)?.is_some() {
                MailState::GaveUp
            } else {
                MailState::Pending
            };
            Ok(Some((pending_mail(row)?, state)))
        })
    }

    /// Takes a due mail for sending until `until_ms`; false when another
    /// sender has it or it is no longer pending. A lease that has expired
    /// is due: it is taken over.
    pub fn lease_mail(&self, id: i64, now_ms: i64, until_ms: i64) -> Result<bool, StoreError> {
        self.with(|c| {
            let n = c.execute(
                "UPDATE outbox SET next_attempt_ms = ?3, attempts = attempts + 1, lease_owner = ?4
                 WHERE id = ?1 AND sent_ms IS NULL AND gave_up_ms IS NULL AND next_attempt_ms <= ?2",
                params![id, now_ms, until_ms, lease::owner()],
            )?;
            Ok(n == 1)
        })
    }

    /// Counts an attempt made under the lease taken by `record_checkin`.
    pub fn count_attempt(&self, id: i64) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "UPDATE outbox SET attempts = attempts + 1 WHERE id = ?1",
                params![id],
            )
            .map(|_| ())
        })
    }

    pub fn mark_sent(&self, id: i64, now_ms: i64) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "UPDATE outbox SET sent_ms = ?2, last_error = NULL, lease_owner = NULL WHERE id = ?1",
                params![id, now_ms],
            )
            .map(|_| ())
        })
    }

    pub fn mark_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_ms: i64,
    ) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "UPDATE outbox SET last_error = ?2, next_attempt_ms = ?3, lease_owner = NULL
                 WHERE id = ?1 AND sent_ms IS NULL AND gave_up_ms IS NULL",
                params![id, error, next_attempt_ms],
            )
            .map(|_| ())
        })
    }

    pub fn mark_gave_up(&self, id: i64, error: &str, now_ms: i64) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "UPDATE outbox SET last_error = ?2, gave_up_ms = ?3, lease_owner = NULL
                 WHERE id = ?1 AND sent_ms IS NULL AND gave_up_ms IS NULL",
                params![id, error, now_ms],
            )
            .map(|_| ())
        })
    }

    /// At start: makes mail due now that waits for a retry, or whose lease
    /// is held by a process that provably died mid-send ([`lease::is_dead`]),
    /// so that it is tried at once. A lease of a process that still runs
    /// (the kiosk beside `entre sync --once`, or the other way round) is
    /// left alone until it expires: that process may be sending the mail.
    pub fn release_dead_leases(&self, now_ms: i64) -> Result<usize, StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let held: Vec<(i64, Option<String>)> = {
                let mut stmt = tx.prepare(
                    "SELECT id, lease_owner FROM outbox
                     WHERE kind = 'mail' AND sent_ms IS NULL AND gave_up_ms IS NULL
                       AND next_attempt_ms > ?1",
                )?;
                stmt.query_map(params![now_ms], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?
            };
            let mut released = 0;
            for (id, owner) in held {
                // Called as a process starts, before it sends anything: a
                // lease in its own name is left from before (a test that
                // queued mail first), not a send of its own.
                let live = |o: &str| o != lease::owner() && !lease::is_dead(o);
                if owner.as_deref().is_some_and(live) {
                    continue;
                }
                released += tx.execute(
                    "UPDATE outbox SET next_attempt_ms = ?2, lease_owner = NULL
                     WHERE id = ?1 AND lease_owner IS ?3",
                    params![id, now_ms, owner],
                )?;
            }
            tx.commit()?;
            Ok(released)
        })
    }

    /// The earliest time a pending mail is due, if any.
    pub fn next_mail_due(&self) -> Result<Option<i64>, StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT min(next_attempt_ms) FROM outbox
                 WHERE kind = 'mail' AND sent_ms IS NULL AND gave_up_ms IS NULL",
                [],
                |r| r.get(0),
            )
        })
    }

    /// Mail not yet delivered nor given up.
    pub fn mail_pending(&self) -> Result<i64, StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT count(*) FROM outbox WHERE kind = 'mail' AND sent_ms IS NULL AND gave_up_ms IS NULL",
                [],
                |r| r.get(0),
            )
        })
    }

    /// The survey answers of a guidance visit (`None`: skipped).
    pub fn record_survey(
        &self,
        visit_id: &str,
        learned: Option<bool>,
        self_next_time: Option<bool>,
        gender: Option<Gender>,
    ) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "UPDATE visit SET learned = ?2, self_next_time = ?3, gender = ?4 WHERE id = ?1",
                params![visit_id, learned, self_next_time, gender.map(Gender::id)],
            )?;
            // The visit is complete: the hub may have it now.
            tx.execute(
                "UPDATE outbox SET next_attempt_ms = min(next_attempt_ms, ?2)
                 WHERE kind = 'visit' AND visit_id = ?1 AND sent_ms IS NULL",
                params![visit_id, now_ms()],
            )?;
            tx.commit()
        })
    }

    /// Marks walk-in visit `visit_id` as having opened the "start meanwhile"
    /// steps. The visit waits for its survey ([`SURVEY_WAIT_MS`]) before it
    /// goes to the hub, so the mark usually goes with it; one already sent
    /// is not sent again.
    pub fn record_meanwhile(&self, visit_id: &str) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "UPDATE visit SET meanwhile = 1 WHERE id = ?1",
                params![visit_id],
            )?;
            Ok(())
        })
    }

    /// Puts validated guidance bundles in use, in one transaction. A bundle
    /// from the hub is not replaced by a bundled one.
    pub fn cache_guidance(
        &self,
        source: &str,
        version: &str,
        bundles: &[(String, String, String)],
    ) -> Result<usize, StoreError> {
        let now = now_ms();
        self.with(|c| {
            let tx = c.transaction()?;
            let mut n = 0;
            for (lang, errand, body) in bundles {
                n += tx.execute(
                    "INSERT INTO guidance_cache (lang, errand, source, version, body, loaded_ms)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (lang, errand) DO UPDATE SET
                        source = excluded.source, version = excluded.version,
                        body = excluded.body, loaded_ms = excluded.loaded_ms
                     WHERE guidance_cache.source = excluded.source OR excluded.source = 'hub'",
                    params![lang, errand, source, version, body, now],
                )?;
            }
            tx.commit()?;
            Ok(n)
        })
    }

    /// Every cached bundle: (lang, errand, body).
    pub fn cached_guidance(&self) -> Result<Vec<(String, String, String)>, StoreError> {
        self.with(|c| {
            let mut stmt =
                c.prepare("SELECT lang, errand, body FROM guidance_cache ORDER BY lang, errand")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect()
        })
    }

    /// Number of visits stored.
    pub fn visit_count(&self) -> Result<i64, StoreError> {
        self.with(|c| c.query_row("SELECT count(*) FROM visit", [], |r| r.get(0)))
    }

    /// Number of outbox rows not yet sent.
    pub fn outbox_pending(&self) -> Result<i64, StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT count(*) FROM outbox WHERE sent_ms IS NULL",
                [],
                |r| r.get(0),
            )
        })
    }

    /// Names of the tables in the database.
    pub fn tables(&self) -> Result<Vec<String>, StoreError> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )?;
            stmt.query_map([], |r| r.get(0))?.collect()
        })
    }

    // Read-only queries for `entre status`: counts and times only, never a
    // mail's contents or anything a visitor typed.

    /// Opens an existing database for reading only: never creates, migrates
    /// or writes it, so it is safe beside a running kiosk. Nothing is
    /// checked yet (see [`Store::integrity_check`]).
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        let sqlite = |error| StoreError::Sqlite {
            path: path.to_path_buf(),
            error,
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sqlite)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
        Ok(Store::new(path, conn))
    }

    /// `PRAGMA integrity_check`: `"ok"`, or the first problem it found.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        self.with(|c| c.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0)))
    }

    /// Migrations this program would still apply to the database; negative
    /// when a newer Entré has migrated it further than this one knows.
    pub fn pending_migrations(&self) -> Result<i64, StoreError> {
        let conn = self.conn.lock().map_err(|_| StoreError::Poisoned)?;
        schema::migrations()
            .pending_migrations(&conn)
            .map(i64::from)
            .map_err(|error| StoreError::Migration {
                path: self.path.clone(),
                error,
            })
    }

    /// Visits at or after `since_ms`.
    pub fn visits_since(&self, since_ms: i64) -> Result<i64, StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT count(*) FROM visit WHERE at_ms >= ?1",
                params![since_ms],
                |r| r.get(0),
            )
        })
    }

    /// Mail given up at or after `since_ms`.
    pub fn mail_given_up_since(&self, since_ms: i64) -> Result<i64, StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT count(*) FROM outbox
                 WHERE kind = 'mail' AND sent_ms IS NULL AND gave_up_ms >= ?1",
                params![since_ms],
                |r| r.get(0),
            )
        })
    }

    /// When the oldest mail still waiting to be delivered was queued.
    pub fn oldest_waiting_mail_ms(&self) -> Result<Option<i64>, StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT min(created_ms) FROM outbox
                 WHERE kind = 'mail' AND sent_ms IS NULL AND gave_up_ms IS NULL",
                [],
                |r| r.get(0),
            )
        })
    }

    /// When the relay last accepted a mail.
    pub fn last_mail_sent_ms(&self) -> Result<Option<i64>, StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT max(sent_ms) FROM outbox WHERE kind = 'mail'",
                [],
                |r| r.get(0),
            )
        })
    }
}

fn insert_visit(tx: &rusqlite::Transaction<'_>, visit: &Visit) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO visit (id, at_ms, purpose, language, checkin_unit, errand,
                            learned, self_next_time, gender, kind, meanwhile)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            visit.id,
            visit.at_ms,
            visit.purpose,
            visit.language,
            visit.checkin_unit,
            visit.errand,
            visit.learned,
            visit.self_next_time,
            visit.gender.map(Gender::id),
            visit.kind.id(),
            visit.meanwhile,
        ],
    )?;
    // A guidance visit may still get its survey answers: the hub gets it
    // once they are in (see `record_survey`), or after SURVEY_WAIT. A
    // survey answer on its own is complete.
    let due = if visit.errand.is_some() && visit.kind == VisitKind::Visit {
        visit.at_ms + SURVEY_WAIT_MS
    } else {
        visit.at_ms
    };
    tx.execute(
        "INSERT INTO outbox (kind, visit_id, payload, created_ms, next_attempt_ms)
         VALUES ('visit', ?1, '', ?2, ?3)",
        params![visit.id, visit.at_ms, due],
    )?;
    Ok(())
}

fn pending_mail(row: &rusqlite::Row<'_>) -> rusqlite::Result<PendingMail> {
    let raw: String = row.get(1)?;
    Ok(PendingMail {
        id: row.get(0)?,
        mail: crate::outbound::mail::Outgoing {
            raw: raw.into_bytes(),
            from: row.get::<_, Option<String>>(2)?.unwrap_or_default(),
            to: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
            message_id: row.get::<_, Option<String>>(4)?.unwrap_or_default(),
        },
        attempts: row.get(5)?,
        created_ms: row.get(6)?,
    })
}
