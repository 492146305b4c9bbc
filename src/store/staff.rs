//! Staff PIN lockouts: when three wrong PINs closed the pad and until when
//! the hidden corner is refused. Not visitor data: kept across the idle
//! reset and restarts, and counted by `entre status`.

use rusqlite::params;

use super::{Store, StoreError};

/// One lockout: when it began and until when the corner is refused, in
/// Unix milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffLockout {
    pub at_ms: i64,
    pub until_ms: i64,
}

impl Store {
    /// Records a lockout.
    pub fn record_staff_lockout(&self, lockout: StaffLockout) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO staff_lockout (at_ms, until_ms) VALUES (?1, ?2)",
                params![lockout.at_ms, lockout.until_ms],
            )
            .map(drop)
        })
    }

    /// The lockouts that began at or after `since_ms`, oldest first.
    pub fn staff_lockouts_since(&self, since_ms: i64) -> Result<Vec<StaffLockout>, StoreError> {
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT at_ms, until_ms FROM staff_lockout WHERE at_ms >= ?1 ORDER BY at_ms, id",
            )?;
            stmt.query_map([since_ms], |r| {
                Ok(StaffLockout {
                    at_ms: r.get(0)?,
                    until_ms: r.get(1)?,
                })
            })?
            .collect()
        })
    }

    /// How many lockouts there have been, and when the first and the last
    /// began (for `entre status`).
    pub fn staff_lockout_count(&self) -> Result<(i64, Option<i64>, Option<i64>), StoreError> {
        self.read(|c| {
            c.query_row(
                "SELECT count(*), min(at_ms), max(at_ms) FROM staff_lockout",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
        })
    }
}
