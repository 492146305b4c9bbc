//! Retention: personal data (the visitor's name or initials and the rest of
//! an arrival mail, its recipient, error texts that may hold addresses) is
//! kept for `[privacy] retention_days`; statistics rows, which carry no
//! personal data, for `[privacy] stats_retention_days`.
//!
//! A purge is one transaction. `secure_delete` (on since [`Store::open`])
//! zeroes what it removes in the database file; a `wal_checkpoint(TRUNCATE)`
//! afterwards empties the write-ahead log, which still holds the old page
//! images. The kiosk purges at start and daily ([`purge_daily`]), IT with
//! `entre purge`.
//!
//! With `[mail] transport = "file"` each arrival mail is also an `.eml`
//! file in the mail folder; those older than `retention_days` are deleted
//! too ([`purge_mail_files`]).

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use rusqlite::{TransactionBehavior, params};

use super::{Store, StoreError, now_ms};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// How often the running kiosk purges.
pub const PURGE_EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// Why a mail still undelivered at the end of its retention was given up:
/// without its body it can never be sent.
pub const ABANDONED: &str = "purged after retention_days before delivery";

/// How long the checkpoint after a purge waits for a reader (`entre
/// status`, another process) to let go of the write-ahead log. Short: the
/// store is locked meanwhile, and the next purge tries again.
const CHECKPOINT_WAIT: Duration = Duration::from_secs(1);

/// What one purge removed. Counts only: never what the rows said.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Purged {
    /// Mail whose body, recipient and error were erased (delivered, given
    /// up, or abandoned: see `mail_abandoned`).
    pub mail_bodies: usize,
    /// Of those, mail that was still waiting for delivery: given up with
    /// [`ABANDONED`] as its reason.
    pub mail_abandoned: usize,
    /// Error texts erased: outbox errors, hub errors waiting for a
    /// heartbeat, the hub's last error.
    pub errors: usize,
    /// Statistics rows (visits) deleted, with their outbox rows.
    pub visits: usize,
    /// `.eml` files of the file transport deleted.
    pub mail_files: usize,
    /// The limits the purge applied, in days.
    pub retention_days: u32,
    pub stats_retention_days: u32,
    /// Whether the write-ahead log was emptied. `false`: a reader held it;
    /// what was purged may still be readable in the `-wal` file until the
    /// next purge.
    pub checkpoint_complete: bool,
}

impl Purged {
    /// Whether nothing was purged (the checkpoint aside).
    pub fn is_empty(&self) -> bool {
        self.mail_bodies == 0
            && self.mail_abandoned == 0
            && self.errors == 0
            && self.visits == 0
            && self.mail_files == 0
    }
}

/// One line for people: what a purge removed.
///
/// "purged: 3 mail bodies (1 undelivered), 2 error texts older than 30
/// days, 0 visits older than 1100 days; WAL checkpointed"
pub fn purge_report(p: &Purged) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = format!(
        "purged: {}",
        plural(p.mail_bodies, "mail body", "mail bodies")
    );
    if p.mail_abandoned > 0 {
        line.push_str(&format!(" ({} undelivered)", p.mail_abandoned));
    }
    if p.mail_files > 0 {
        line.push_str(&format!(
            ", {}",
            plural(p.mail_files, "mail file", "mail files")
        ));
    }
    line.push_str(&format!(
        ", {} older than {} days, {} older than {} days; ",
        plural(p.errors, "error text", "error texts"),
        p.retention_days,
        plural(p.visits, "visit", "visits"),
        p.stats_retention_days,
    ));
    line.push_str(if p.checkpoint_complete {
        "WAL checkpointed"
    } else {
        "WAL not checkpointed (a reader held it; purged data may remain in the -wal file until the next purge)"
    });
    line
}

impl Store {
    /// Purges, in one transaction, what is older than its retention at
    /// `now_ms`:
    ///
    /// - arrival mail older than `retention_days`: its body (which holds
    ///   the visitor's name or initials), recipient and last error; mail
    ///   not yet delivered is given up, as it can never be sent without
    ///   its body;
    /// - error texts older than `retention_days` (outbox, hub errors, the
    ///   hub's last error);
    /// - visits older than `stats_retention_days`, with their outbox rows;
    /// - registrations the hub never took, older than `retention_days`.
    ///
    /// Then empties the write-ahead log. Rows already purged are left
    /// alone: a second purge counts nothing.
    pub fn purge(
        &self,
        now_ms: i64,
        retention_days: u32,
        stats_retention_days: u32,
    ) -> Result<Purged, StoreError> {
        let personal_before = now_ms.saturating_sub(i64::from(retention_days) * DAY_MS);
        let stats_before = now_ms.saturating_sub(i64::from(stats_retention_days) * DAY_MS);
        let mut purged = Purged {
            retention_days,
            stats_retention_days,
            ..Purged::default()
        };
        let busy = self.busy_timeout();
        self.with(|c| {
            // The purge waits as long as a command would, whatever the
            // kiosk's own writes wait.
            c.busy_timeout(super::BUSY_TIMEOUT)?;
            let done =
                purge_in_one_transaction(c, now_ms, personal_before, stats_before, &mut purged);
            if let Err(e) = done {
                c.busy_timeout(busy)?;
                return Err(e);
            }
            // The purge is done; the old page images are still in the
            // write-ahead log.
            purged.checkpoint_complete = match truncate_wal(c, busy) {
                Ok(complete) => complete,
                Err(e) => {
                    tracing::warn!(error = %e, "purge: cannot checkpoint the write-ahead log");
                    false
                }
            };
            Ok(())
        })?;
        if !purged.checkpoint_complete {
            tracing::warn!(
                database = %self.path.display(),
                "purge: the write-ahead log was not emptied (a reader holds it); \
                 purged data may remain in the -wal file until the next purge"
            );
        }
        Ok(purged)
    }

    /// [`Store::purge`] with the limits of `[privacy]`, and with the file
    /// transport, its old `.eml` files ([`purge_mail_files`]).
    pub fn purge_config(
        &self,
        config: &crate::config::Config,
        now_ms: i64,
    ) -> Result<Purged, StoreError> {
        let privacy = &config.privacy;
        let mut purged =
            self.purge(now_ms, privacy.retention_days, privacy.stats_retention_days)?;
        if let crate::config::Transport::File { dir } = &config.mail.transport {
            let before = SystemTime::UNIX_EPOCH
                + Duration::from_millis(
                    now_ms
                        .saturating_sub(i64::from(privacy.retention_days) * DAY_MS)
                        .max(0) as u64,
                );
            purged.mail_files = purge_mail_files(dir, before);
        }
        Ok(purged)
    }
}

/// Deletes the `.eml` files that the file transport wrote into `dir`
/// (named `<uuid>.eml` by lettre) last changed before `before`; other
/// files are left alone. Returns how many went. A folder that is missing
/// or unreadable deletes nothing (logged); the next purge tries again.
pub fn purge_mail_files(dir: &Path, before: SystemTime) -> usize {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return 0,
        Err(e) => {
            tracing::warn!(dir = %dir.display(), error = %e, "purge: cannot read the mail folder");
            return 0;
        }
    };
    let mut deleted = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let ours = name
            .to_str()
            .and_then(|n| n.strip_suffix(".eml"))
            .is_some_and(|stem| uuid::Uuid::try_parse(stem).is_ok());
        let old = entry
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .is_some_and(|changed| changed < before);
        if !(ours && old) {
            continue;
        }
        match std::fs::remove_file(entry.path()) {
            Ok(()) => deleted += 1,
            Err(e) => tracing::warn!(
                file = %entry.path().display(),
                error = %e,
                "purge: cannot delete a mail file"
            ),
        }
    }
    deleted
}

/// The purge itself; see [`Store::purge`].
fn purge_in_one_transaction(
    c: &mut rusqlite::Connection,
    now_ms: i64,
    personal_before: i64,
    stats_before: i64,
    purged: &mut Purged,
) -> rusqlite::Result<()> {
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Error texts first: they may name an address. The reason a mail was
    // abandoned is kept (it is ours, and says why).
    purged.errors += tx.execute(
        "UPDATE outbox SET last_error = NULL
         WHERE created_ms < ?1 AND last_error IS NOT NULL AND last_error != ?2",
        params![personal_before, ABANDONED],
    )?;
    purged.errors += tx.execute(
        "DELETE FROM hub_error WHERE at_ms < ?1",
        params![personal_before],
    )?;
    purged.errors += tx.execute(
        "UPDATE hub_state SET last_error = NULL
         WHERE last_error IS NOT NULL AND last_error_ms < ?1",
        params![personal_before],
    )?;
    // Mail still waiting: given up, as it can never be sent now.
    purged.mail_abandoned = tx.execute(
        "UPDATE outbox SET payload = '', envelope_to = NULL, last_error = ?2, gave_up_ms = ?3
         WHERE kind = 'mail' AND created_ms < ?1
           AND sent_ms IS NULL AND gave_up_ms IS NULL
           AND NOT (payload = '' AND envelope_to IS NULL)",
        params![personal_before, ABANDONED, now_ms],
    )?;
    // Delivered or given-up mail.
    let settled = tx.execute(
        "UPDATE outbox SET payload = '', envelope_to = NULL, last_error = NULL
         WHERE kind = 'mail' AND created_ms < ?1
           AND NOT (payload = '' AND envelope_to IS NULL)",
        params![personal_before],
    )?;
    purged.mail_bodies = purged.mail_abandoned + settled;
    // Statistics; their outbox rows (mail and hub) go with them by
    // ON DELETE CASCADE, found through the index outbox_visit.
    purged.visits = tx.execute("DELETE FROM visit WHERE at_ms < ?1", params![stats_before])?;
    // Registrations the hub never took: their zone, language and needs,
    // kept no longer than personal data (their visits stay as statistics).
    tx.execute(
        "DELETE FROM registration WHERE at_ms < ?1",
        params![personal_before],
    )?;
    tx.commit()
}

/// Copies the write-ahead log into the database and truncates it to zero
/// bytes, then sets the busy timeout back to `restore`. False when a
/// reader kept it from completing.
fn truncate_wal(c: &rusqlite::Connection, restore: Duration) -> rusqlite::Result<bool> {
    c.busy_timeout(CHECKPOINT_WAIT)?;
    let busy = c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
        r.get::<_, i64>(0)
    });
    c.busy_timeout(restore)?;
    Ok(busy? == 0)
}

/// Purges now and then every [`PURGE_EVERY`] for as long as the kiosk runs,
/// on a blocking thread. Logs counts (never contents); failures are logged
/// and tried again the next day.
pub async fn purge_daily(store: Store, config: Arc<crate::config::Config>) {
    loop {
        let s = store.clone();
        let c = config.clone();
        let result = tokio::task::spawn_blocking(move || s.purge_config(&c, now_ms())).await;
        match result {
            Ok(Ok(p)) => tracing::info!(
                mail_bodies = p.mail_bodies,
                mail_abandoned = p.mail_abandoned,
                mail_files = p.mail_files,
                errors = p.errors,
                visits = p.visits,
                checkpoint_complete = p.checkpoint_complete,
                "retention purge done"
            ),
            Ok(Err(e)) => tracing::error!(error = %e, "retention purge failed"),
            Err(e) => tracing::error!(error = %e, "retention purge task failed"),
        }
        tokio::time::sleep(PURGE_EVERY).await;
    }
}
