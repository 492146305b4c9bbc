//! The PostgreSQL engine: for a city that runs two or more hub instances
//! behind a load balancer, all on one database.
//!
//! tokio-postgres behind a deadpool pool. Migrations are the numbered files
//! in hub/migrations/postgres/, applied in one transaction under an
//! advisory lock (two instances starting together: one migrates, the other
//! waits and finds nothing left to do), recorded in `schema_version`.
//!
//! Same semantics as the SQLite engine in every method. Transactions run at
//! READ COMMITTED: `visits_add` inserts its batch sorted by id with `ON
//! CONFLICT (id) DO NOTHING`, so overlapping batches from several instances
//! store each id once and cannot deadlock; `content_publish` holds an
//! advisory lock so two publications never race. Connection failures, a
//! pool with no free connection in time, serialization failures and
//! deadlocks are `Unavailable` (503 + Retry-After to a kiosk).

use std::time::Duration;

use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Pool, PoolError, RecyclingMethod, Runtime};
use tokio_postgres::error::SqlState;
use tokio_postgres::{NoTls, Row};

use super::codec::{
    LOGIN_FAILURE_KEEP_MS, errors_from_json, errors_to_json, hash32, kind_name, kind_parse,
    role_parse, status_parse,
};
use super::*;

/// The numbered migrations in hub/migrations/postgres/. Append; never edit
/// one that has shipped.
const MIGRATIONS: &[(i32, &str)] = &[(
    1,
    include_str!("../../migrations/postgres/0001_initial.sql"),
)];

/// Advisory lock keys (any constants, the same in every instance).
const MIGRATION_LOCK: i64 = 0x656e_7472_6501; // "entre" 1
const CONTENT_LOCK: i64 = 0x656e_7472_6502; // "entre" 2

/// How long a request waits for a connection (from the pool, or a new one)
/// or for a lock (`lock_timeout`) before it is `Unavailable`. Migrations
/// wait for each other without a limit.
const WAIT: Duration = Duration::from_secs(5);

/// Connections per hub instance.
const POOL_SIZE: usize = 16;

pub struct PgStore {
    pool: Pool,
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        if let Some(db) = e.as_db_error() {
            let code = db.code();
            let msg = format!("{} ({})", db.message(), code.code());
            return if *code == SqlState::UNIQUE_VIOLATION {
                StoreError::Conflict(msg)
            } else if *code == SqlState::FOREIGN_KEY_VIOLATION {
                StoreError::NotFound(msg)
            } else if *code == SqlState::T_R_SERIALIZATION_FAILURE
                || *code == SqlState::T_R_DEADLOCK_DETECTED
                || *code == SqlState::LOCK_NOT_AVAILABLE
                || *code == SqlState::READ_ONLY_SQL_TRANSACTION
                || *code == SqlState::QUERY_CANCELED
                // 08: connection exception; 53: insufficient resources
                // (too many connections, disk full); 57P: the server
                // shutting down or starting up.
                || code.code().starts_with("08")
                || code.code().starts_with("53")
                || code.code().starts_with("57P")
            {
                StoreError::Unavailable(msg)
            } else {
                StoreError::Other(msg)
            };
        }
        let msg = match std::error::Error::source(&e) {
            Some(s) => format!("{e}: {s}"),
            None => e.to_string(),
        };
        // Without a server's code: the connection (unavailable), or a
        // programming error (a type or row count).
        let transient = e.is_closed()
            || [
                "error communicating",
                "error connecting",
                "timeout",
                "error performing TLS",
                "unexpected message",
            ]
            .iter()
            .any(|p| msg.starts_with(p));
        if transient {
            StoreError::Unavailable(msg)
        } else {
            StoreError::Other(msg)
        }
    }
}

impl From<PoolError> for StoreError {
    fn from(e: PoolError) -> Self {
        match e {
            PoolError::Backend(e) => e.into(),
            e => StoreError::Unavailable(format!("no database connection: {e}")),
        }
    }
}

/// A unique violation with words of our own.
fn conflict(e: tokio_postgres::Error, what: String) -> StoreError {
    match StoreError::from(e) {
        StoreError::Conflict(_) => StoreError::Conflict(what),
        e => e,
    }
}

impl PgStore {
    /// Connects to `url` (`postgres://…`; `password`, when given, replaces
    /// any in the url) and migrates. Safe while other instances start.
    pub async fn open(url: &str, password: Option<&str>) -> Result<Self, StoreError> {
        let mut config: tokio_postgres::Config = url.parse().map_err(|e| {
            // Not the url itself: it may hold a password.
            StoreError::Other(format!("[database] url is not a PostgreSQL url: {e}"))
        })?;
        if let Some(p) = password {
            config.password(p);
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(WAIT);
        }
        config.application_name("entre-hub");
        // A request waits this long for a lock another instance holds,
        // then is Unavailable (503), as SQLite's busy timeout.
        let options = format!(
            "{} -c lock_timeout={}",
            config.get_options().unwrap_or(""),
            WAIT.as_millis()
        );
        config.options(options.trim_start());
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(WAIT))
            .create_timeout(Some(WAIT))
            .recycle_timeout(Some(WAIT))
            .build()
            .map_err(|e| StoreError::Other(format!("database pool: {e}")))?;
        let store = PgStore { pool };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        tx.batch_execute(&format!(
            "SET LOCAL lock_timeout = 0;
             SELECT pg_advisory_xact_lock({MIGRATION_LOCK});
             CREATE TABLE IF NOT EXISTS schema_version (
                 version    INTEGER PRIMARY KEY,
                 applied_ms BIGINT NOT NULL
             );"
        ))
        .await?;
        let current: i32 = tx
            .query_one("SELECT coalesce(max(version), 0) FROM schema_version", &[])
            .await?
            .try_get(0)?;
        let latest = MIGRATIONS.last().map_or(0, |m| m.0);
        if current > latest {
            return Err(StoreError::Other(format!(
                "the database's schema is version {current}, newer than this entre-hub knows \
                 ({latest}): upgrade entre-hub"
            )));
        }
        let now = jiff::Timestamp::now().as_millisecond();
        for (version, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
            tx.batch_execute(sql).await.map_err(|e| {
                let e = StoreError::from(e);
                match e {
                    StoreError::Unavailable(_) => e,
                    e => StoreError::Other(format!("migration {version} failed: {e}")),
                }
            })?;
            tx.execute(
                "INSERT INTO schema_version (version, applied_ms) VALUES ($1, $2)",
                &[version, &now],
            )
            .await?;
            tracing::info!(version, "database migrated");
        }
        tx.commit().await?;
        Ok(())
    }

    async fn client(&self) -> Result<deadpool_postgres::Client, StoreError> {
        Ok(self.pool.get().await?)
    }
}

const KIOSK_COLUMNS: &str = "id, office, added_ms, revoked_ms, hb_received_ms, hb_version, \
     hb_started_ms, hb_mail_pending, hb_visits_pending, hb_oldest_pending_ms, hb_last_errors, \
     hb_content_version";

fn kiosk_row(r: &Row) -> Result<Kiosk, StoreError> {
    let received: Option<Ms> = r.try_get(4)?;
    let heartbeat = match received {
        None => None,
        Some(received_ms) => Some(HeartbeatRow {
            received_ms,
            version: r.try_get::<_, Option<String>>(5)?.unwrap_or_default(),
            started_ms: r.try_get(6)?,
            mail_pending: r.try_get::<_, Option<i64>>(7)?.unwrap_or(0),
            visits_pending: r.try_get::<_, Option<i64>>(8)?.unwrap_or(0),
            oldest_pending_ms: r.try_get(9)?,
            last_errors: errors_from_json(r.try_get::<_, Option<&str>>(10)?)?,
            content_version: r.try_get(11)?,
        }),
    };
    Ok(Kiosk {
        id: r.try_get(0)?,
        office: r.try_get(1)?,
        added_ms: r.try_get(2)?,
        revoked_ms: r.try_get(3)?,
        heartbeat,
    })
}

const VISIT_COLUMNS: &str =
    "id, kiosk, office, at_ms, purpose, errand, language, learned, self_next_time, checkin_unit";

fn visit_row(r: &Row) -> Result<VisitRow, StoreError> {
    Ok(VisitRow {
        id: r.try_get(0)?,
        kiosk: r.try_get(1)?,
        office: r.try_get(2)?,
        at_ms: r.try_get(3)?,
        purpose: r.try_get(4)?,
        errand: r.try_get(5)?,
        language: r.try_get(6)?,
        learned: r.try_get(7)?,
        self_next_time: r.try_get(8)?,
        checkin_unit: r.try_get(9)?,
    })
}

const CONTENT_COLUMNS: &str = "number, kind, office, status, imported_by, imported_ms, \
     published_by, published_ms, reviewed_by, summary";

fn content_row(r: &Row) -> Result<ContentVersion, StoreError> {
    Ok(ContentVersion {
        number: r.try_get(0)?,
        kind: kind_parse(r.try_get(1)?)?,
        office: r.try_get(2)?,
        status: status_parse(r.try_get(3)?)?,
        imported_by: r.try_get(4)?,
        imported_ms: r.try_get(5)?,
        published_by: r.try_get(6)?,
        published_ms: r.try_get(7)?,
        reviewed_by: r.try_get(8)?,
        summary: r.try_get(9)?,
    })
}

const USER_COLUMNS: &str =
    "name, role, office, password_hash, setup_token_sha256, setup_expires_ms, added_ms";

fn user_row(r: &Row) -> Result<User, StoreError> {
    Ok(User {
        name: r.try_get(0)?,
        role: role_parse(r.try_get(1)?)?,
        office: r.try_get(2)?,
        password_hash: r.try_get(3)?,
        setup_token_sha256: hash32(r.try_get(4)?, "staff.setup_token_sha256")?,
        setup_expires_ms: r.try_get(5)?,
        added_ms: r.try_get(6)?,
    })
}

fn quoted(s: &str) -> String {
    entre_core::text::quote(s)
}

#[async_trait]
impl Store for PgStore {
    fn engine(&self) -> &'static str {
        "postgres"
    }

    async fn kiosk_add(
        &self,
        id: &str,
        office: &str,
        token_sha256: [u8; 32],
        now: Ms,
    ) -> Result<(), StoreError> {
        let c = self.client().await?;
        c.execute(
            "INSERT INTO kiosk (id, office, token_sha256, added_ms) VALUES ($1, $2, $3, $4)",
            &[&id, &office, &&token_sha256[..], &now],
        )
        .await
        .map_err(|e| conflict(e, format!("kiosk {} exists", quoted(id))))?;
        Ok(())
    }

    async fn kiosk_revoke(&self, id: &str, now: Ms) -> Result<(), StoreError> {
        let c = self.client().await?;
        let n = c
            .execute(
                "UPDATE kiosk SET revoked_ms = coalesce(revoked_ms, $2) WHERE id = $1",
                &[&id, &now],
            )
            .await?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("no kiosk {}", quoted(id))));
        }
        Ok(())
    }

    async fn kiosks(&self) -> Result<Vec<Kiosk>, StoreError> {
        let c = self.client().await?;
        let st = c
            .prepare_cached(&format!(
                "SELECT {KIOSK_COLUMNS} FROM kiosk ORDER BY id COLLATE \"C\""
            ))
            .await?;
        c.query(&st, &[]).await?.iter().map(kiosk_row).collect()
    }

    async fn kiosk_by_token(&self, token_sha256: [u8; 32]) -> Result<Option<Kiosk>, StoreError> {
        let c = self.client().await?;
        let st = c
            .prepare_cached(&format!(
                "SELECT {KIOSK_COLUMNS} FROM kiosk
                 WHERE token_sha256 = $1 AND revoked_ms IS NULL"
            ))
            .await?;
        c.query_opt(&st, &[&&token_sha256[..]])
            .await?
            .as_ref()
            .map(kiosk_row)
            .transpose()
    }

    async fn heartbeat(&self, kiosk: &str, beat: &HeartbeatRow) -> Result<(), StoreError> {
        let c = self.client().await?;
        let st = c
            .prepare_cached(
                "UPDATE kiosk SET hb_received_ms = $2, hb_version = $3, hb_started_ms = $4,
                   hb_mail_pending = $5, hb_visits_pending = $6, hb_oldest_pending_ms = $7,
                   hb_last_errors = $8, hb_content_version = $9
                 WHERE id = $1",
            )
            .await?;
        let n = c
            .execute(
                &st,
                &[
                    &kiosk,
                    &beat.received_ms,
                    &beat.version,
                    &beat.started_ms,
                    &beat.mail_pending,
                    &beat.visits_pending,
                    &beat.oldest_pending_ms,
                    &errors_to_json(&beat.last_errors),
                    &beat.content_version,
                ],
            )
            .await?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("no kiosk {}", quoted(kiosk))));
        }
        Ok(())
    }

    async fn visits_add(&self, visits: &[VisitRow]) -> Result<(), StoreError> {
        if visits.is_empty() {
            return Ok(());
        }
        // Sorted by id, each once: concurrent overlapping batches then take
        // their row locks in the same order and cannot deadlock.
        let mut rows: Vec<&VisitRow> = visits.iter().collect();
        rows.sort_by(|a, b| a.id.cmp(&b.id));
        rows.dedup_by(|a, b| a.id == b.id);
        let col = |f: fn(&VisitRow) -> &str| rows.iter().map(|v| f(v)).collect::<Vec<_>>();
        let opt = |f: fn(&VisitRow) -> Option<&str>| rows.iter().map(|v| f(v)).collect::<Vec<_>>();
        let ids = col(|v| &v.id);
        let kiosks = col(|v| &v.kiosk);
        let offices = col(|v| &v.office);
        let ats: Vec<i64> = rows.iter().map(|v| v.at_ms).collect();
        let purposes = col(|v| &v.purpose);
        let errands = opt(|v| v.errand.as_deref());
        let languages = col(|v| &v.language);
        let learned: Vec<Option<bool>> = rows.iter().map(|v| v.learned).collect();
        let again: Vec<Option<bool>> = rows.iter().map(|v| v.self_next_time).collect();
        let units = opt(|v| v.checkin_unit.as_deref());
        let c = self.client().await?;
        let st = c
            .prepare_cached(&format!(
                "INSERT INTO visit ({VISIT_COLUMNS})
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[],
                   $5::text[], $6::text[], $7::text[], $8::boolean[], $9::boolean[], $10::text[])
                 ORDER BY 1
                 ON CONFLICT (id) DO NOTHING"
            ))
            .await?;
        // One statement: one transaction, all or nothing.
        c.execute(
            &st,
            &[
                &ids, &kiosks, &offices, &ats, &purposes, &errands, &languages, &learned, &again,
                &units,
            ],
        )
        .await?;
        Ok(())
    }

    async fn visits(
        &self,
        office: Option<&str>,
        from: Ms,
        to: Ms,
    ) -> Result<Vec<VisitRow>, StoreError> {
        let c = self.client().await?;
        let rows = match office {
            Some(o) => {
                let st = c
                    .prepare_cached(&format!(
                        "SELECT {VISIT_COLUMNS} FROM visit
                         WHERE office = $1 AND at_ms >= $2 AND at_ms < $3
                         ORDER BY at_ms, id COLLATE \"C\""
                    ))
                    .await?;
                c.query(&st, &[&o, &from, &to]).await?
            }
            None => {
                let st = c
                    .prepare_cached(&format!(
                        "SELECT {VISIT_COLUMNS} FROM visit
                         WHERE at_ms >= $1 AND at_ms < $2
                         ORDER BY at_ms, id COLLATE \"C\""
                    ))
                    .await?;
                c.query(&st, &[&from, &to]).await?
            }
        };
        rows.iter().map(visit_row).collect()
    }

    async fn content_add(&self, new: NewContent) -> Result<i64, StoreError> {
        let c = self.client().await?;
        let row = c
            .query_one(
                "INSERT INTO content_version
                   (kind, office, status, imported_by, imported_ms, summary, payload)
                 VALUES ($1, $2, 'draft', $3, $4, $5, $6)
                 RETURNING number",
                &[
                    &kind_name(new.kind),
                    &new.office,
                    &new.imported_by,
                    &new.imported_ms,
                    &new.summary,
                    &new.payload,
                ],
            )
            .await?;
        Ok(row.try_get(0)?)
    }

    async fn content_versions(&self) -> Result<Vec<ContentVersion>, StoreError> {
        let c = self.client().await?;
        c.query(
            &format!("SELECT {CONTENT_COLUMNS} FROM content_version ORDER BY number DESC"),
            &[],
        )
        .await?
        .iter()
        .map(content_row)
        .collect()
    }

    async fn content_version(
        &self,
        number: i64,
    ) -> Result<Option<(ContentVersion, String)>, StoreError> {
        let c = self.client().await?;
        c.query_opt(
            &format!("SELECT {CONTENT_COLUMNS}, payload FROM content_version WHERE number = $1"),
            &[&number],
        )
        .await?
        .map(|r| Ok((content_row(&r)?, r.try_get(10)?)))
        .transpose()
    }

    async fn content_publish(&self, number: i64, who: &str, now: Ms) -> Result<(), StoreError> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        // One publication at a time across every instance: the statements
        // after the lock see what the one before committed.
        tx.batch_execute(&format!("SELECT pg_advisory_xact_lock({CONTENT_LOCK})"))
            .await?;
        let Some(row) = tx
            .query_opt(
                "SELECT kind, office, status FROM content_version WHERE number = $1",
                &[&number],
            )
            .await?
        else {
            return Err(StoreError::NotFound(format!("no content version {number}")));
        };
        let (kind, office, status): (String, Option<String>, String) =
            (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
        if status != "published" {
            tx.execute(
                "UPDATE content_version SET status = 'retired'
                 WHERE status = 'published' AND kind = $1 AND office IS NOT DISTINCT FROM $2",
                &[&kind, &office],
            )
            .await?;
            tx.execute(
                "UPDATE content_version
                 SET status = 'published', published_by = $2, published_ms = $3,
                     reviewed_by = CASE WHEN imported_by = $2 THEN NULL ELSE $2 END
                 WHERE number = $1",
                &[&number, &who, &now],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn content_live(&self, office: &str) -> Result<Live, StoreError> {
        let c = self.client().await?;
        // One statement: one consistent view of the three.
        let rows = c
            .query(
                "SELECT kind, office, number, payload FROM content_version
                 WHERE status = 'published'
                   AND ((kind = 'guidance' AND (office IS NULL OR office = $1))
                        OR (kind = 'directory' AND office = $1))",
                &[&office],
            )
            .await?;
        let mut live = Live::default();
        for r in rows {
            let kind = kind_parse(r.try_get(0)?)?;
            let of: Option<&str> = r.try_get(1)?;
            let one = Some((r.try_get(2)?, r.try_get(3)?));
            match (kind, of) {
                (ContentKind::Guidance, None) => live.city_guidance = one,
                (ContentKind::Guidance, Some(_)) => live.office_guidance = one,
                (ContentKind::Directory, _) => live.directory = one,
            }
        }
        Ok(live)
    }

    async fn content_live_numbers(
        &self,
        office: &str,
    ) -> Result<(Option<i64>, Option<i64>, Option<i64>), StoreError> {
        let c = self.client().await?;
        let st = c
            .prepare_cached(
                "SELECT kind, office IS NULL, number FROM content_version
                 WHERE status = 'published'
                   AND ((kind = 'guidance' AND (office IS NULL OR office = $1))
                        OR (kind = 'directory' AND office = $1))",
            )
            .await?;
        let mut live = (None, None, None);
        for r in c.query(&st, &[&office]).await? {
            let kind = kind_parse(r.try_get(0)?)?;
            let city: bool = r.try_get(1)?;
            let number = Some(r.try_get(2)?);
            match (kind, city) {
                (ContentKind::Guidance, true) => live.0 = number,
                (ContentKind::Guidance, false) => live.1 = number,
                (ContentKind::Directory, _) => live.2 = number,
            }
        }
        Ok(live)
    }

    async fn user_add(&self, user: &User) -> Result<(), StoreError> {
        let c = self.client().await?;
        c.execute(
            &format!("INSERT INTO staff ({USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"),
            &[
                &user.name,
                &user.role.name(),
                &user.office,
                &user.password_hash,
                &user.setup_token_sha256.as_ref().map(|h| &h[..]),
                &user.setup_expires_ms,
                &user.added_ms,
            ],
        )
        .await
        .map_err(|e| conflict(e, format!("user {} exists", quoted(&user.name))))?;
        Ok(())
    }

    async fn user(&self, name: &str) -> Result<Option<User>, StoreError> {
        let c = self.client().await?;
        let st = c
            .prepare_cached(&format!("SELECT {USER_COLUMNS} FROM staff WHERE name = $1"))
            .await?;
        c.query_opt(&st, &[&name])
            .await?
            .as_ref()
            .map(user_row)
            .transpose()
    }

    async fn users(&self) -> Result<Vec<User>, StoreError> {
        let c = self.client().await?;
        c.query(
            &format!("SELECT {USER_COLUMNS} FROM staff ORDER BY name COLLATE \"C\""),
            &[],
        )
        .await?
        .iter()
        .map(user_row)
        .collect()
    }

    async fn user_by_setup_token(
        &self,
        token_sha256: [u8; 32],
        now: Ms,
    ) -> Result<Option<User>, StoreError> {
        let c = self.client().await?;
        c.query_opt(
            &format!(
                "SELECT {USER_COLUMNS} FROM staff
                 WHERE setup_token_sha256 = $1 AND setup_expires_ms > $2"
            ),
            &[&&token_sha256[..], &now],
        )
        .await?
        .as_ref()
        .map(user_row)
        .transpose()
    }

    async fn user_set_password(&self, name: &str, hash: &str) -> Result<(), StoreError> {
        let c = self.client().await?;
        let n = c
            .execute(
                "UPDATE staff SET password_hash = $2, setup_token_sha256 = NULL,
                   setup_expires_ms = NULL
                 WHERE name = $1",
                &[&name, &hash],
            )
            .await?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("no user {}", quoted(name))));
        }
        Ok(())
    }

    async fn session_add(&self, session: &Session) -> Result<(), StoreError> {
        let c = self.client().await?;
        c.execute(
            "INSERT INTO session (token_sha256, staff, csrf, expires_ms) VALUES ($1, $2, $3, $4)",
            &[
                &&session.token_sha256[..],
                &session.user,
                &session.csrf,
                &session.expires_ms,
            ],
        )
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::NotFound(_) => {
                StoreError::NotFound(format!("no user {}", quoted(&session.user)))
            }
            e => e,
        })?;
        Ok(())
    }

    async fn session(
        &self,
        token_sha256: [u8; 32],
        now: Ms,
    ) -> Result<Option<Session>, StoreError> {
        let c = self.client().await?;
        let st = c
            .prepare_cached(
                "SELECT staff, csrf, expires_ms FROM session
                 WHERE token_sha256 = $1 AND expires_ms > $2",
            )
            .await?;
        c.query_opt(&st, &[&&token_sha256[..], &now])
            .await?
            .map(|r| {
                Ok(Session {
                    token_sha256,
                    user: r.try_get(0)?,
                    csrf: r.try_get(1)?,
                    expires_ms: r.try_get(2)?,
                })
            })
            .transpose()
    }

    async fn session_delete(&self, token_sha256: [u8; 32]) -> Result<(), StoreError> {
        let c = self.client().await?;
        c.execute(
            "DELETE FROM session WHERE token_sha256 = $1",
            &[&&token_sha256[..]],
        )
        .await?;
        Ok(())
    }

    async fn login_failed(&self, key: &str, now: Ms) -> Result<(), StoreError> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        tx.execute(
            "DELETE FROM login_failure WHERE at_ms < $1",
            &[&(now - LOGIN_FAILURE_KEEP_MS)],
        )
        .await?;
        tx.execute(
            "INSERT INTO login_failure (key, at_ms) VALUES ($1, $2)",
            &[&key, &now],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn login_failures(&self, key: &str, since: Ms) -> Result<u32, StoreError> {
        let c = self.client().await?;
        let n: i64 = c
            .query_one(
                "SELECT count(*) FROM login_failure WHERE key = $1 AND at_ms >= $2",
                &[&key, &since],
            )
            .await?
            .try_get(0)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn login_clear(&self, key: &str) -> Result<(), StoreError> {
        let c = self.client().await?;
        c.execute("DELETE FROM login_failure WHERE key = $1", &[&key])
            .await?;
        Ok(())
    }
}
