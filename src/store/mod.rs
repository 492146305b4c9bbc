//! The local SQLite store: visits (no personal data), the outbox for mail
//! and hub sync, and the guidance cache.
//!
//! One [`Store`] handle owns the connection behind a mutex; the UI reaches
//! it only from blocking tasks, never from `update`.

mod schema;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OpenFlags, params};

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
}

impl Visit {
    pub fn new(purpose: &str, language: &str) -> Self {
        Visit {
            id: uuid::Uuid::now_v7().to_string(),
            at_ms: now_ms(),
            purpose: purpose.to_string(),
            language: language.to_string(),
        }
    }
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The handle to the kiosk's database. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    path: PathBuf,
    conn: Arc<Mutex<Connection>>,
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
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(sqlite)?;
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
        Ok(Store {
            path: path.to_path_buf(),
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
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

    /// The schema version the database is at.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.with(|c| c.query_row("PRAGMA user_version", [], |r| r.get(0)))
    }

    /// Records a visit and queues it for the hub, in one transaction.
    pub fn record_visit(&self, visit: &Visit) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "INSERT INTO visit (id, at_ms, purpose, language) VALUES (?1, ?2, ?3, ?4)",
                params![visit.id, visit.at_ms, visit.purpose, visit.language],
            )?;
            tx.execute(
                "INSERT INTO outbox (kind, visit_id, payload, created_ms, next_attempt_ms)
                 VALUES ('visit', ?1, '', ?2, ?2)",
                params![visit.id, visit.at_ms],
            )?;
            tx.commit()
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
}
