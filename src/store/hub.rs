//! What hub sync keeps in the store: the visits still to send, the hub's
//! content in use, and the errors its next heartbeat reports.

use rusqlite::{OptionalExtension, params};

use super::{Gender, Store, StoreError, VisitKind};

/// A visit as the hub receives it (no personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedVisit {
    /// The outbox row that carries it.
    pub outbox_id: i64,
    pub id: String,
    pub at_ms: i64,
    pub purpose: String,
    pub errand: Option<String>,
    pub language: String,
    pub learned: Option<bool>,
    pub self_next_time: Option<bool>,
    pub checkin_unit: Option<String>,
    pub gender: Option<Gender>,
    pub kind: VisitKind,
    pub meanwhile: bool,
    /// Times the hub got it without accepting it.
    pub attempts: i64,
}

impl QueuedVisit {
    /// Where the queue stands once this visit is sent.
    pub fn cursor(&self) -> Cursor {
        (self.at_ms, self.outbox_id)
    }
}

/// Where the queue of visits stands after a batch: the last row sent, so
/// that the next batch starts after it.
pub type Cursor = (i64, i64);

/// What the kiosk knows of its hub.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HubState {
    pub content_version: Option<String>,
    pub etag: Option<String>,
    /// The hub's directory as TOML (`[[unit]]`, `[[officer]]`).
    pub directory: Option<String>,
    pub content_ms: Option<i64>,
    pub last_sync_ms: Option<i64>,
    pub last_error: Option<String>,
    pub last_error_ms: Option<i64>,
}

/// Hub content to put in use, already validated.
#[derive(Debug, Clone, Default)]
pub struct NewContent {
    pub version: String,
    pub etag: Option<String>,
    /// (lang, errand, TOML body) from the hub.
    pub guidance: Vec<(String, String, String)>,
    /// (lang, errand, TOML body) shipped with the package, put back where
    /// the hub no longer overrides them.
    pub bundled: Vec<(String, String, String)>,
    /// The directory as TOML; `None`: the config's.
    pub directory: Option<String>,
}

/// Most errors kept for the heartbeat; older ones are dropped.
const KEEP_ERRORS: i64 = 100;

impl Store {
    /// Visits due for the hub at `now_ms`, in order of time, after `after`.
    pub fn due_visits(
        &self,
        now_ms: i64,
        after: Option<Cursor>,
        limit: usize,
    ) -> Result<Vec<QueuedVisit>, StoreError> {
        let (after_ms, after_id) = after.unwrap_or((i64::MIN, i64::MIN));
        self.with(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT o.id, v.id, v.at_ms, v.purpose, v.errand, v.language, v.learned,
                        v.self_next_time, v.checkin_unit, o.attempts, v.gender, v.kind,
                        v.meanwhile
                 FROM outbox o JOIN visit v ON v.id = o.visit_id
                 WHERE o.kind = 'visit' AND o.sent_ms IS NULL AND o.next_attempt_ms <= ?1
                   AND (o.created_ms, o.id) > (?2, ?3)
                 ORDER BY o.created_ms, o.id LIMIT ?4",
            )?;
            stmt.query_map(params![now_ms, after_ms, after_id, limit as i64], |r| {
                Ok(QueuedVisit {
                    outbox_id: r.get(0)?,
                    id: r.get(1)?,
                    at_ms: r.get(2)?,
                    purpose: r.get(3)?,
                    errand: r.get(4)?,
                    language: r.get(5)?,
                    learned: r.get(6)?,
                    self_next_time: r.get(7)?,
                    checkin_unit: r.get(8)?,
                    attempts: r.get(9)?,
                    gender: r
                        .get::<_, Option<String>>(10)?
                        .and_then(|g| Gender::parse(&g)),
                    kind: VisitKind::parse(&r.get::<_, String>(11)?).unwrap_or_default(),
                    meanwhile: r.get(12)?,
                })
            })?
            .collect()
        })
    }

    /// Marks the visits the hub accepted as sent, in one transaction.
    pub fn mark_visits_sent(&self, outbox_ids: &[i64], now_ms: i64) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            {
                let mut stmt = tx.prepare_cached(
                    "UPDATE outbox SET sent_ms = ?2, last_error = NULL
                     WHERE id = ?1 AND kind = 'visit' AND sent_ms IS NULL",
                )?;
                for id in outbox_ids {
                    stmt.execute(params![id, now_ms])?;
                }
            }
            tx.commit()
        })
    }

    /// Visits the hub did not accept: tried again from `next_ms`.
    pub fn defer_visits(
        &self,
        outbox_ids: &[i64],
        error: &str,
        next_ms: i64,
    ) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            {
                let mut stmt = tx.prepare_cached(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_ms = ?3
                     WHERE id = ?1 AND kind = 'visit' AND sent_ms IS NULL",
                )?;
                for id in outbox_ids {
                    stmt.execute(params![id, error, next_ms])?;
                }
            }
            tx.commit()
        })
    }

    /// Visits not yet accepted by the hub.
    pub fn visits_pending(&self) -> Result<i64, StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT count(*) FROM outbox WHERE kind = 'visit' AND sent_ms IS NULL",
                [],
                |r| r.get(0),
            )
        })
    }

    /// When the oldest item still waiting in the outbox (mail or visit) was
    /// queued.
    pub fn oldest_pending_ms(&self) -> Result<Option<i64>, StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT min(created_ms) FROM outbox WHERE sent_ms IS NULL AND gave_up_ms IS NULL",
                [],
                |r| r.get(0),
            )
        })
    }

    pub fn hub_state(&self) -> Result<HubState, StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT content_version, etag, directory, content_ms, last_sync_ms,
                        last_error, last_error_ms
                 FROM hub_state WHERE id = 1",
                [],
                |r| {
                    Ok(HubState {
                        content_version: r.get(0)?,
                        etag: r.get(1)?,
                        directory: r.get(2)?,
                        content_ms: r.get(3)?,
                        last_sync_ms: r.get(4)?,
                        last_error: r.get(5)?,
                        last_error_ms: r.get(6)?,
                    })
                },
            )
            .optional()
            .map(Option::unwrap_or_default)
        })
    }

    /// Puts hub content in use, all or nothing: the hub's bundles replace
    /// the hub's earlier ones (shipped bundles come back where the hub no
    /// longer overrides them), the directory, version and ETag change.
    pub fn apply_hub_content(&self, content: &NewContent, now_ms: i64) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute("DELETE FROM guidance_cache WHERE source = 'hub'", [])?;
            {
                let mut bundled = tx.prepare_cached(
                    "INSERT INTO guidance_cache (lang, errand, source, version, body, loaded_ms)
                     VALUES (?1, ?2, 'bundled', ?3, ?4, ?5)
                     ON CONFLICT (lang, errand) DO NOTHING",
                )?;
                for (lang, errand, body) in &content.bundled {
                    bundled.execute(params![
                        lang,
                        errand,
                        env!("CARGO_PKG_VERSION"),
                        body,
                        now_ms
                    ])?;
                }
                let mut hub = tx.prepare_cached(
                    "INSERT INTO guidance_cache (lang, errand, source, version, body, loaded_ms)
                     VALUES (?1, ?2, 'hub', ?3, ?4, ?5)
                     ON CONFLICT (lang, errand) DO UPDATE SET
                        source = 'hub', version = excluded.version,
                        body = excluded.body, loaded_ms = excluded.loaded_ms",
                )?;
                for (lang, errand, body) in &content.guidance {
                    hub.execute(params![lang, errand, content.version, body, now_ms])?;
                }
            }
            tx.execute(
                "UPDATE hub_state SET content_version = ?1, etag = ?2, directory = ?3,
                        content_ms = ?4
                 WHERE id = 1",
                params![content.version, content.etag, content.directory, now_ms],
            )?;
            tx.commit()
        })
    }

    /// A round in which the hub answered every request.
    pub fn set_hub_synced(&self, now_ms: i64) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "UPDATE hub_state SET last_sync_ms = ?1 WHERE id = 1",
                params![now_ms],
            )
            .map(|_| ())
        })
    }

    /// Records what went wrong with the hub, for `entre status` and the
    /// next heartbeat.
    pub fn record_hub_error(&self, what: &str, now_ms: i64) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "UPDATE hub_state SET last_error = ?1, last_error_ms = ?2 WHERE id = 1",
                params![what, now_ms],
            )?;
            tx.execute(
                "INSERT INTO hub_error (at_ms, what) VALUES (?1, ?2)",
                params![now_ms, what],
            )?;
            tx.execute(
                "DELETE FROM hub_error WHERE id <= (SELECT max(id) FROM hub_error) - ?1",
                params![KEEP_ERRORS],
            )?;
            tx.commit()
        })
    }

    /// Errors no heartbeat has carried yet, oldest first: (id, at_ms, what).
    pub fn unreported_hub_errors(
        &self,
        limit: usize,
    ) -> Result<Vec<(i64, i64, String)>, StoreError> {
        self.with(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, at_ms, what FROM hub_error WHERE reported_ms IS NULL
                 ORDER BY id DESC LIMIT ?1",
            )?;
            let mut rows: Vec<(i64, i64, String)> = stmt
                .query_map(params![limit as i64], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            rows.reverse();
            Ok(rows)
        })
    }

    /// The errors up to `last_id` reached the hub.
    pub fn mark_hub_errors_reported(&self, last_id: i64, now_ms: i64) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "UPDATE hub_error SET reported_ms = ?2 WHERE id <= ?1 AND reported_ms IS NULL",
                params![last_id, now_ms],
            )
            .map(|_| ())
        })
    }

    /// The latest content refusal [`Store::record_hub_error`] recorded
    /// (`content refused: …`), as (at_ms, what); for `entre status`, which
    /// must not call the kiosk healthy while the hub's content is refused.
    pub fn last_content_refusal(&self) -> Result<Option<(i64, String)>, StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT at_ms, what FROM hub_error WHERE what LIKE 'content refused%'
                 ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
        })
    }
}
