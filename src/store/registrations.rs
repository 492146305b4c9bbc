//! Registrations for the hub's floor (docs/hub-protocol.md,
//! Registrations): a walk-in's, stored with its visit in one transaction
//! before the kiosk asks the hub for the visitor's code, and a check-in
//! that did not reach its officer. No visitor name, nothing typed.
//!
//! A row lives only until the hub has it: it is deleted once the hub
//! answered `200` (or refused it for good with `400`/`413`), and by the
//! retention purge after `[privacy] retention_days` at most.

use entre_core::protocol::{
    CheckinUnreached, Need, Registration, RegistrationKind, Unreached, Zone,
};
use rusqlite::{TransactionBehavior, params};

use super::{Store, StoreError, Visit, insert_visit};

/// A registration waiting in the kiosk's outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRegistration {
    /// As the hub gets it; `at` with milliseconds. `floor` as stored: the
    /// outbox sends a walk-in with `floor: false` whatever it says.
    pub registration: Registration,
    pub at_ms: i64,
    pub attempts: i64,
    pub last_error: Option<String>,
}

fn kind_id(kind: RegistrationKind) -> &'static str {
    match kind {
        RegistrationKind::WalkIn => "walk_in",
        RegistrationKind::CheckinUnreached => "checkin_unreached",
    }
}

fn reason_id(reason: Unreached) -> &'static str {
    match reason {
        Unreached::Away => "away",
        Unreached::Relay => "relay",
    }
}

fn insert(
    tx: &rusqlite::Transaction<'_>,
    r: &Registration,
    at_ms: i64,
    next_attempt_ms: i64,
) -> rusqlite::Result<()> {
    let needs: Vec<&str> = r.needs.iter().map(|n| n.id()).collect();
    tx.execute(
        "INSERT INTO registration (id, at_ms, kind, errand, language, needs, zone_id,
                                   zone_label_sv, checkin_unit, checkin_officer, checkin_reason,
                                   floor, next_attempt_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            r.id,
            at_ms,
            kind_id(r.kind),
            r.errand,
            r.language,
            needs.join(","),
            r.zone.as_ref().map(|z| &z.id),
            r.zone.as_ref().map(|z| &z.label_sv),
            r.checkin.as_ref().map(|c| &c.unit),
            r.checkin.as_ref().map(|c| &c.officer),
            r.checkin.as_ref().map(|c| reason_id(c.reason)),
            r.floor,
            next_attempt_ms,
        ],
    )?;
    Ok(())
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PendingRegistration> {
    let kind: String = r.get(2)?;
    let kind = match kind.as_str() {
        "checkin_unreached" => RegistrationKind::CheckinUnreached,
        _ => RegistrationKind::WalkIn,
    };
    let needs: String = r.get(5)?;
    let needs = Need::ALL
        .into_iter()
        .filter(|n| needs.split(',').any(|id| id == n.id()))
        .collect();
    let zone = match (
        r.get::<_, Option<String>>(6)?,
        r.get::<_, Option<String>>(7)?,
    ) {
        (Some(id), Some(label_sv)) => Some(Zone { id, label_sv }),
        _ => None,
    };
    let checkin = match (
        r.get::<_, Option<String>>(8)?,
        r.get::<_, Option<String>>(9)?,
        r.get::<_, Option<String>>(10)?,
    ) {
        (Some(unit), Some(officer), Some(reason)) => Some(CheckinUnreached {
            unit,
            officer,
            reason: if reason == "away" {
                Unreached::Away
            } else {
                Unreached::Relay
            },
        }),
        _ => None,
    };
    let at_ms: i64 = r.get(1)?;
    Ok(PendingRegistration {
        registration: Registration {
            id: r.get(0)?,
            at: crate::outbound::hub::rfc3339(at_ms),
            kind,
            errand: r.get(3)?,
            language: r.get(4)?,
            needs,
            zone,
            floor: r.get(11)?,
            checkin,
        },
        at_ms,
        attempts: r.get(12)?,
        last_error: r.get(13)?,
    })
}

const COLUMNS: &str = "id, at_ms, kind, errand, language, needs, zone_id, zone_label_sv,
    checkin_unit, checkin_officer, checkin_reason, floor, attempts, last_error";

impl Store {
    /// Records a walk-in's registration with its visit, in one
    /// transaction. The outbox leaves it alone until `hold_until_ms` (the
    /// kiosk is asking the hub for the visitor's code meanwhile); if it is
    /// still here then (a crash, a power cut), it goes out with `floor:
    /// false`.
    pub fn record_registration(
        &self,
        visit: &Visit,
        registration: &Registration,
        at_ms: i64,
        hold_until_ms: i64,
    ) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            insert_visit(&tx, visit)?;
            insert(&tx, registration, at_ms, hold_until_ms)?;
            tx.commit()
        })
    }

    /// Queues a registration on its own (a check-in that did not reach its
    /// officer: its visit is the check-in's), due at once.
    pub fn queue_registration(
        &self,
        registration: &Registration,
        at_ms: i64,
    ) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            insert(&tx, registration, at_ms, at_ms)?;
            tx.commit()
        })
    }

    /// The visitor was sent to the desk: the registration goes out with
    /// `floor: false`, due now.
    pub fn registration_to_desk(&self, id: &str, now_ms: i64) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "UPDATE registration SET floor = 0, next_attempt_ms = min(next_attempt_ms, ?2)
                 WHERE id = ?1",
                params![id, now_ms],
            )
            .map(|_| ())
        })
    }

    /// The hub has the registration (or refused it for good): it is gone
    /// from the kiosk.
    pub fn registration_done(&self, id: &str) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute("DELETE FROM registration WHERE id = ?1", params![id])
                .map(|_| ())
        })
    }

    /// An attempt that failed: counted, with why (no personal data), and
    /// not tried before `next_attempt_ms`.
    pub fn registration_failed(
        &self,
        id: &str,
        error: &str,
        next_attempt_ms: i64,
    ) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "UPDATE registration SET attempts = attempts + 1, last_error = ?2,
                        next_attempt_ms = max(next_attempt_ms, ?3)
                 WHERE id = ?1",
                params![id, error, next_attempt_ms],
            )
            .map(|_| ())
        })
    }

    /// Registrations due at `now_ms`, oldest first.
    pub fn due_registrations(
        &self,
        now_ms: i64,
        limit: usize,
    ) -> Result<Vec<PendingRegistration>, StoreError> {
        self.with(|c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {COLUMNS} FROM registration WHERE next_attempt_ms <= ?1
                 ORDER BY at_ms, id LIMIT ?2"
            ))?;
            stmt.query_map(params![now_ms, limit as i64], row)?
                .collect()
        })
    }

    /// One registration still in the outbox.
    pub fn registration(&self, id: &str) -> Result<Option<PendingRegistration>, StoreError> {
        self.with(|c| {
            let mut stmt =
                c.prepare(&format!("SELECT {COLUMNS} FROM registration WHERE id = ?1"))?;
            let mut rows = stmt.query_map(params![id], row)?;
            rows.next().transpose()
        })
    }

    /// Registrations not yet accepted by the hub.
    pub fn registrations_pending(&self) -> Result<i64, StoreError> {
        self.with(|c| c.query_row("SELECT count(*) FROM registration", [], |r| r.get(0)))
    }
}
