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
//!
//! The floor: `registration_add` chooses a free code and retries on the
//! unique (office, day, code) violation when another instance gave the
//! same one at the same moment; `floor_act` is a conditional UPDATE (the
//! second of two claims waits for the first's row lock, then finds the row
//! claimed). Every change runs `NOTIFY floor, '<office>'` in its
//! transaction; `floor_subscribe` keeps one connection per instance
//! LISTENing, connecting again with backoff when it drops.

use std::time::Duration;

use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Pool, PoolError, RecyclingMethod, Runtime};
use tokio_postgres::error::SqlState;
use tokio_postgres::{NoTls, Row};

use super::codec::{
    CODE_COUNT, FACT_SERVICE_SQL, FACT_WAIT_SQL, FLOOR_CHANNEL, LOGIN_FAILURE_KEEP_MS,
    REGISTRATION_COLUMNS, RawFact, RawRegistration, WAIT_CLAIMS, WAIT_WINDOW_MS, day_full,
    errors_from_json, errors_to_json, hash32, kind_name, kind_parse, needs_text, pick_code,
    reason_name, reg_kind_name, role_parse, status_parse,
};
use super::*;

/// The numbered migrations in hub/migrations/postgres/. Append; never edit
/// one that has shipped.
const MIGRATIONS: &[(i32, &str)] = &[
    (
        1,
        include_str!("../../migrations/postgres/0001_initial.sql"),
    ),
    (2, include_str!("../../migrations/postgres/0002_floor.sql")),
    (3, include_str!("../../migrations/postgres/0003_survey.sql")),
];

/// How often `registration_add` tries again when another instance gave
/// the code it chose a moment earlier (a unique violation).
const CODE_TRIES: usize = 50;

/// The LISTEN connection of `floor_subscribe`: waits between attempts to
/// connect again, doubling from the first to the last.
const LISTEN_BACKOFF: (Duration, Duration) = (Duration::from_millis(100), Duration::from_secs(5));

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
    /// For `floor_subscribe`'s own connection (LISTEN).
    config: tokio_postgres::Config,
    /// `floor_subscribe`'s sender, once its listener started.
    floor: tokio::sync::OnceCell<tokio::sync::broadcast::Sender<String>>,
    /// Dropped with the store: the listener then ends.
    stop: tokio::sync::watch::Sender<()>,
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
            config.clone(),
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
        let store = PgStore {
            pool,
            config,
            floor: Default::default(),
            stop: tokio::sync::watch::channel(()).0,
        };
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

const VISIT_COLUMNS: &str = "id, kiosk, office, at_ms, purpose, errand, language, learned, self_next_time, checkin_unit, \
     gender, kind, meanwhile";

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
        gender: r
            .try_get::<_, Option<String>>(10)?
            .and_then(|g| Gender::parse(&g)),
        kind: VisitKind::parse(r.try_get::<_, &str>(11)?).unwrap_or_default(),
        meanwhile: r.try_get(12)?,
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

fn registration_row(r: &Row) -> Result<RegistrationRow, StoreError> {
    RawRegistration {
        id: r.try_get(0)?,
        office: r.try_get(1)?,
        kiosk: r.try_get(2)?,
        registered_by: r.try_get(3)?,
        at_ms: r.try_get(4)?,
        kind: r.try_get(5)?,
        errand: r.try_get(6)?,
        language: r.try_get(7)?,
        needs: r.try_get(8)?,
        zone_id: r.try_get(9)?,
        zone_label: r.try_get(10)?,
        checkin_unit: r.try_get(11)?,
        checkin_officer: r.try_get(12)?,
        checkin_reason: r.try_get(13)?,
        code: r.try_get(14)?,
        state: r.try_get(15)?,
        claimed_by: r.try_get(16)?,
        claimed_ms: r.try_get(17)?,
        closed_ms: r.try_get(18)?,
    }
    .done()
}

async fn registration_by_id(
    c: &tokio_postgres::Transaction<'_>,
    id: &str,
    lock: bool,
) -> Result<Option<RegistrationRow>, StoreError> {
    let sql = format!(
        "SELECT {REGISTRATION_COLUMNS} FROM registration WHERE id = $1{}",
        if lock { " FOR UPDATE" } else { "" }
    );
    c.query_opt(&sql, &[&id])
        .await?
        .as_ref()
        .map(registration_row)
        .transpose()
}

/// Announces a change of `office`'s floor to every instance, when the
/// caller's transaction commits.
async fn notify(tx: &tokio_postgres::Transaction<'_>, office: &str) -> Result<(), StoreError> {
    tx.execute("SELECT pg_notify('floor', $1)", &[&office])
        .await?;
    Ok(())
}

/// `ahead` and `wait_min` of a registration of `office` at `at_ms`.
async fn ahead_and_wait(
    tx: &tokio_postgres::Transaction<'_>,
    office: &str,
    at_ms: Ms,
    now: Ms,
) -> Result<(u32, Option<u32>), StoreError> {
    let ahead: i64 = tx
        .query_one(
            "SELECT count(*) FROM registration
             WHERE office = $1 AND state = 'waiting' AND at_ms < $2",
            &[&office, &at_ms],
        )
        .await?
        .try_get(0)?;
    let waits = tx
        .query(
            "SELECT claimed_ms - at_ms FROM registration
             WHERE office = $1 AND claimed_ms IS NOT NULL AND claimed_ms >= $2
             ORDER BY claimed_ms DESC LIMIT $3",
            &[&office, &(now - WAIT_WINDOW_MS), &WAIT_CLAIMS],
        )
        .await?
        .iter()
        .map(|r| r.try_get::<_, Ms>(0))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((
        u32::try_from(ahead).unwrap_or(u32::MAX),
        super::codec::wait_min(waits),
    ))
}

/// `floor_subscribe`'s listener: one connection of its own, `LISTEN
/// floor`, every notification's office sent on `tx`. When the connection
/// drops it connects again (waiting [`LISTEN_BACKOFF`]), then sends every
/// office with registrations (what changed meanwhile is unknown). `ready`
/// is told after the first attempt; it ends when `stop`'s sender (the
/// store) is dropped.
async fn listen_floor(
    config: tokio_postgres::Config,
    pool: Pool,
    tx: tokio::sync::broadcast::Sender<String>,
    mut stop: tokio::sync::watch::Receiver<()>,
    ready: tokio::sync::oneshot::Sender<()>,
) {
    use futures_util::StreamExt;
    use tokio_postgres::AsyncMessage;
    let mut ready = Some(ready);
    let mut backoff = LISTEN_BACKOFF.0;
    let mut lost = false;
    loop {
        let attempt = async {
            let (client, mut connection) = config.connect(NoTls).await?;
            let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
            // The connection works only while its messages are read.
            {
                let listen = client.batch_execute("LISTEN floor");
                tokio::pin!(listen);
                loop {
                    tokio::select! {
                        done = &mut listen => { done?; break; }
                        m = messages.next() => match m {
                            Some(Ok(_)) => {}
                            Some(Err(e)) => return Err(e.into()),
                            None => return Err(StoreError::Unavailable("the connection closed".into())),
                        },
                    }
                }
            }
            Ok::<_, StoreError>((client, messages))
        };
        match attempt.await {
            Ok((client, mut messages)) => {
                if let Some(r) = ready.take() {
                    let _ = r.send(());
                }
                if lost {
                    tracing::info!("floor changes heard again");
                    match pool.get().await {
                        Ok(c) => match c
                            .query("SELECT DISTINCT office FROM registration", &[])
                            .await
                        {
                            Ok(rows) => {
                                for r in rows {
                                    if let Ok(o) = r.try_get::<_, String>(0) {
                                        let _ = tx.send(o);
                                    }
                                }
                            }
                            Err(e) => {
                                tracing::warn!(error = %StoreError::from(e), "floor offices after reconnect")
                            }
                        },
                        Err(e) => {
                            tracing::warn!(error = %StoreError::from(e), "floor offices after reconnect")
                        }
                    }
                }
                backoff = LISTEN_BACKOFF.0;
                loop {
                    tokio::select! {
                        _ = stop.changed() => return,
                        m = messages.next() => match m {
                            Some(Ok(AsyncMessage::Notification(n))) => {
                                let _ = tx.send(n.payload().to_owned());
                            }
                            Some(Ok(_)) => {}
                            Some(Err(e)) => {
                                tracing::warn!(error = %StoreError::from(e), "the floor's LISTEN connection failed; connecting again");
                                break;
                            }
                            None => {
                                tracing::warn!("the floor's LISTEN connection closed; connecting again");
                                break;
                            }
                        },
                    }
                }
                drop(client);
                lost = true;
            }
            Err(e) => {
                if let Some(r) = ready.take() {
                    let _ = r.send(());
                }
                if !lost {
                    tracing::warn!(error = %e, "cannot LISTEN for floor changes; retrying");
                }
                lost = true;
            }
        }
        tokio::select! {
            _ = stop.changed() => return,
            _ = tokio::time::sleep(backoff) => {}
        }
        backoff = (backoff * 2).min(LISTEN_BACKOFF.1);
    }
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
        let genders: Vec<Option<&str>> = rows.iter().map(|v| v.gender.map(Gender::id)).collect();
        let kinds: Vec<&str> = rows.iter().map(|v| v.kind.id()).collect();
        let meanwhile: Vec<bool> = rows.iter().map(|v| v.meanwhile).collect();
        let c = self.client().await?;
        let st = c
            .prepare_cached(&format!(
                "INSERT INTO visit ({VISIT_COLUMNS})
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[],
                   $5::text[], $6::text[], $7::text[], $8::boolean[], $9::boolean[], $10::text[],
                   $11::text[], $12::text[], $13::boolean[])
                 ORDER BY 1
                 ON CONFLICT (id) DO NOTHING"
            ))
            .await?;
        // One statement: one transaction, all or nothing.
        c.execute(
            &st,
            &[
                &ids, &kiosks, &offices, &ats, &purposes, &errands, &languages, &learned, &again,
                &units, &genders, &kinds, &meanwhile,
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

    async fn registration_add(
        &self,
        new: &NewRegistration,
        now: Ms,
    ) -> Result<entre_core::protocol::Registered, StoreError> {
        let mut c = self.client().await?;
        let mut tries = 0;
        loop {
            tries += 1;
            let tx = c.transaction().await?;
            let (code, at_ms) = match registration_by_id(&tx, &new.id, true).await? {
                Some(row) => {
                    if !new.floor && row.state.open() {
                        tx.execute(
                            "UPDATE registration SET state = 'desk', closed_ms = $2
                             WHERE id = $1",
                            &[&row.id, &now],
                        )
                        .await?;
                        notify(&tx, &row.office).await?;
                    }
                    (row.code, row.at_ms)
                }
                None => {
                    let used = tx
                        .query(
                            "SELECT code FROM registration WHERE office = $1 AND day = $2",
                            &[&new.office, &new.day],
                        )
                        .await?
                        .iter()
                        .map(|r| r.try_get::<_, String>(0))
                        .collect::<Result<std::collections::HashSet<_>, _>>()?;
                    let code = pick_code(&used).ok_or_else(|| day_full(&new.office, &new.day))?;
                    let (state, closed_ms) = if new.floor {
                        (FloorState::Waiting, None)
                    } else {
                        (FloorState::Desk, Some(now))
                    };
                    // Another instance may give the same code at the same
                    // moment: the unique (office, day, code) refuses the
                    // second, which tries again with the codes then used.
                    let inserted = tx
                        .execute(
                            "INSERT INTO registration
                               (id, office, kiosk, registered_by, at_ms, kind, errand, language,
                                needs, zone_id, zone_label, checkin_unit, checkin_officer,
                                checkin_reason, day, code, state, closed_ms)
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
                                     $15, $16, $17, $18)
                             ON CONFLICT (id) DO NOTHING",
                            &[
                                &new.id,
                                &new.office,
                                &new.kiosk,
                                &new.registered_by,
                                &new.at_ms,
                                &reg_kind_name(new.kind),
                                &new.errand,
                                &new.language,
                                &needs_text(&new.needs),
                                &new.zone.as_ref().map(|z| z.id.as_str()),
                                &new.zone.as_ref().map(|z| z.label_sv.as_str()),
                                &new.checkin.as_ref().map(|c| c.unit.as_str()),
                                &new.checkin.as_ref().map(|c| c.officer.as_str()),
                                &new.checkin.as_ref().map(|c| reason_name(c.reason)),
                                &new.day,
                                &code,
                                &state.name(),
                                &closed_ms,
                            ],
                        )
                        .await;
                    match inserted {
                        Ok(1) => {}
                        // The same id, stored by another instance meanwhile:
                        // answered as an id already stored.
                        Ok(_) if tries < CODE_TRIES => continue,
                        Err(e)
                            if e.code() == Some(&SqlState::UNIQUE_VIOLATION)
                                && tries < CODE_TRIES =>
                        {
                            continue;
                        }
                        Ok(_) => {
                            return Err(StoreError::Unavailable(format!(
                                "registration {} could not be stored",
                                quoted(&new.id)
                            )));
                        }
                        Err(e) => {
                            return Err(match StoreError::from(e) {
                                StoreError::Conflict(_) => StoreError::Unavailable(format!(
                                    "no free code found for office {} in {CODE_TRIES} tries \
                                     (of {CODE_COUNT})",
                                    quoted(&new.office)
                                )),
                                e => e,
                            });
                        }
                    }
                    if new.floor {
                        notify(&tx, &new.office).await?;
                    }
                    (code, new.at_ms)
                }
            };
            let (ahead, wait_min) = ahead_and_wait(&tx, &new.office, at_ms, now).await?;
            tx.commit().await?;
            return Ok(entre_core::protocol::Registered {
                code,
                ahead,
                wait_min,
            });
        }
    }

    async fn floor(&self, office: Option<&str>) -> Result<Vec<RegistrationRow>, StoreError> {
        let c = self.client().await?;
        let rows = match office {
            Some(o) => {
                c.query(
                    &format!(
                        "SELECT {REGISTRATION_COLUMNS} FROM registration
                         WHERE office = $1 AND state IN ('waiting', 'claimed')
                         ORDER BY at_ms, id COLLATE \"C\""
                    ),
                    &[&o],
                )
                .await?
            }
            None => {
                c.query(
                    &format!(
                        "SELECT {REGISTRATION_COLUMNS} FROM registration
                         WHERE state IN ('waiting', 'claimed')
                         ORDER BY at_ms, id COLLATE \"C\""
                    ),
                    &[],
                )
                .await?
            }
        };
        rows.iter().map(registration_row).collect()
    }

    async fn registration(&self, id: &str) -> Result<Option<RegistrationRow>, StoreError> {
        let c = self.client().await?;
        c.query_opt(
            &format!("SELECT {REGISTRATION_COLUMNS} FROM registration WHERE id = $1"),
            &[&id],
        )
        .await?
        .as_ref()
        .map(registration_row)
        .transpose()
    }

    async fn floor_act(
        &self,
        id: &str,
        who: &str,
        action: FloorAction,
        now: Ms,
    ) -> Result<FloorOutcome, StoreError> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        // Conditional: of two instances updating the same row at once, the
        // second waits for the first's row lock, then finds the state
        // changed and updates nothing.
        let changed = match action {
            FloorAction::Claim => {
                tx.query_opt(
                    "UPDATE registration
                     SET state = 'claimed', claimed_by = $2, claimed_ms = $3
                     WHERE id = $1 AND state = 'waiting' RETURNING office",
                    &[&id, &who, &now],
                )
                .await?
            }
            FloorAction::Release => {
                tx.query_opt(
                    "UPDATE registration
                     SET state = 'waiting', claimed_by = NULL, claimed_ms = NULL
                     WHERE id = $1 AND state = 'claimed' RETURNING office",
                    &[&id],
                )
                .await?
            }
            FloorAction::Done => {
                tx.query_opt(
                    "UPDATE registration SET state = 'done', closed_ms = $2
                     WHERE id = $1 AND state = 'claimed' RETURNING office",
                    &[&id, &now],
                )
                .await?
            }
            FloorAction::Left => {
                tx.query_opt(
                    "UPDATE registration SET state = 'left', closed_ms = $2
                     WHERE id = $1 AND state IN ('waiting', 'claimed') RETURNING office",
                    &[&id, &now],
                )
                .await?
            }
        };
        let office: Option<String> = changed.map(|r| r.try_get(0)).transpose()?;
        if let Some(office) = &office {
            notify(&tx, office).await?;
        }
        let row = registration_by_id(&tx, id, false)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("no registration {}", quoted(id))))?;
        tx.commit().await?;
        Ok(match office {
            Some(_) => FloorOutcome::Changed(row),
            None => FloorOutcome::Refused(row),
        })
    }

    async fn floor_close_open(&self, office: &str, before: Ms, now: Ms) -> Result<u64, StoreError> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        let n = tx
            .execute(
                "UPDATE registration SET state = 'not_met', closed_ms = $3
                 WHERE office = $1 AND state IN ('waiting', 'claimed') AND at_ms < $2",
                &[&office, &before, &now],
            )
            .await?;
        if n > 0 {
            notify(&tx, office).await?;
        }
        tx.commit().await?;
        Ok(n)
    }

    async fn floor_purge(&self, before: Ms) -> Result<u64, StoreError> {
        let c = self.client().await?;
        // One statement: what is deleted is what is kept as facts.
        let n = c
            .execute(
                &format!(
                    "WITH gone AS (
                       DELETE FROM registration
                       WHERE at_ms < $1 AND state NOT IN ('waiting', 'claimed')
                       RETURNING office, at_ms, kind, errand, language, state, claimed_ms,
                                 closed_ms
                     )
                     INSERT INTO floor_fact
                       (office, at_ms, kind, errand, language, state, wait_ms, service_ms)
                     SELECT office, at_ms, kind, errand, language, state,
                            {FACT_WAIT_SQL}, {FACT_SERVICE_SQL}
                     FROM gone"
                ),
                &[&before],
            )
            .await?;
        Ok(n)
    }

    async fn floor_facts(
        &self,
        office: Option<&str>,
        from: Ms,
        to: Ms,
    ) -> Result<Vec<FloorFact>, StoreError> {
        let c = self.client().await?;
        // Live rows (times computed here) and purged facts (as kept).
        let sql = |which: &str| {
            format!(
                "SELECT office COLLATE \"C\", at_ms, kind, errand, language, state,
                        claimed_ms, closed_ms, false
                 FROM registration WHERE {which}
                 UNION ALL
                 SELECT office COLLATE \"C\", at_ms, kind, errand, language, state,
                        wait_ms, service_ms, true
                 FROM floor_fact WHERE {which}
                 ORDER BY 2, 1"
            )
        };
        let rows = match office {
            Some(o) => {
                c.query(
                    &sql("office = $3 AND at_ms >= $1 AND at_ms < $2"),
                    &[&from, &to, &o],
                )
                .await?
            }
            None => {
                c.query(&sql("at_ms >= $1 AND at_ms < $2"), &[&from, &to])
                    .await?
            }
        };
        rows.iter()
            .map(|r| {
                let raw = RawFact {
                    office: r.try_get(0)?,
                    at_ms: r.try_get(1)?,
                    kind: r.try_get(2)?,
                    errand: r.try_get(3)?,
                    language: r.try_get(4)?,
                    state: r.try_get(5)?,
                };
                let (x, y): (Option<Ms>, Option<Ms>) = (r.try_get(6)?, r.try_get(7)?);
                if r.try_get::<_, bool>(8)? {
                    raw.kept(x, y)
                } else {
                    raw.live(x, y)
                }
            })
            .collect()
    }

    async fn floor_subscribe(
        &self,
    ) -> Result<tokio::sync::broadcast::Receiver<String>, StoreError> {
        let tx = self
            .floor
            .get_or_init(|| async {
                let (tx, _) = tokio::sync::broadcast::channel(FLOOR_CHANNEL);
                let (ready, started) = tokio::sync::oneshot::channel();
                tokio::spawn(listen_floor(
                    self.config.clone(),
                    self.pool.clone(),
                    tx.clone(),
                    self.stop.subscribe(),
                    ready,
                ));
                // Listening before the first receiver is handed out, so
                // that it misses nothing after this call (unless the
                // database is down: then the listener keeps trying).
                let _ = tokio::time::timeout(WAIT * 2, started).await;
                tx
            })
            .await;
        Ok(tx.subscribe())
    }
}
