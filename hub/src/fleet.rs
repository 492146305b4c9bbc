//! The fleet: one row per kiosk, worst first, for `entre-hub fleet` and
//! the fleet page (which show the same).

use crate::store::{Kiosk, Ms, Store, StoreError};

/// How often a kiosk sends its heartbeat by default (`[hub] heartbeat_s`).
pub const HEARTBEAT_MS: Ms = 300_000;
/// A kiosk is stale after this many missed heartbeats.
pub const MISSED_HEARTBEATS: Ms = 3;
/// Visits waiting on a kiosk longer than this mark it as behind.
pub const WAITING_TOO_LONG_MS: Ms = 30 * 60_000;

/// How a kiosk is, worst first (the order of [`rows`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Health {
    /// No heartbeat for 3 heartbeats (15 minutes).
    Stale,
    /// Registered, never heard from.
    Never,
    /// Its last heartbeat reported errors.
    Errors,
    /// Visits or mail waiting longer than half an hour.
    Waiting,
    Ok,
    /// Its token is revoked: silent on purpose.
    Revoked,
}

impl Health {
    /// One word, as the command prints it.
    pub fn word(self) -> &'static str {
        match self {
            Health::Stale => "STALE",
            Health::Never => "NEVER",
            Health::Errors => "ERRORS",
            Health::Waiting => "WAITING",
            Health::Ok => "ok",
            Health::Revoked => "revoked",
        }
    }
}

/// One kiosk as the fleet shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FleetRow {
    pub id: String,
    pub office: String,
    pub health: Health,
    /// 3 heartbeats missed (or never one, once added that long ago).
    pub stale: bool,
    pub revoked: bool,
    /// How long ago the last heartbeat came; `None`: never.
    pub heartbeat_age_ms: Option<Ms>,
    /// The Entré version the kiosk runs.
    pub version: Option<String>,
    /// The hub content version in use; `None`: the package's (or unknown).
    pub content_version: Option<String>,
    pub mail_pending: Option<i64>,
    pub visits_pending: Option<i64>,
    /// How long the oldest waiting item has waited, at the last heartbeat
    /// plus the time since.
    pub oldest_waiting_ms: Option<Ms>,
    /// The last error of the last heartbeat, and how long ago it was.
    pub last_error: Option<(Ms, String)>,
    /// Every error of the last heartbeat (content refusals among them),
    /// oldest first, as `(age_ms, what)`.
    pub errors: Vec<(Ms, String)>,
}

impl FleetRow {
    /// Visits and mail waiting on the kiosk.
    pub fn outbox(&self) -> Option<i64> {
        Some(self.mail_pending? + self.visits_pending?)
    }
}

/// The row of one kiosk at `now`.
pub fn row(k: &Kiosk, now: Ms) -> FleetRow {
    let stale_after = HEARTBEAT_MS * MISSED_HEARTBEATS;
    let beat = k.heartbeat.as_ref();
    let age = beat.map(|b| (now - b.received_ms).max(0));
    let revoked = k.revoked_ms.is_some();
    let stale = !revoked
        && match age {
            Some(a) => a > stale_after,
            None => now - k.added_ms > stale_after,
        };
    let errors: Vec<(Ms, String)> = beat
        .map(|b| {
            b.last_errors
                .iter()
                .map(|(at, what)| ((now - at).max(0), what.clone()))
                .collect()
        })
        .unwrap_or_default();
    let oldest_waiting_ms = beat
        .and_then(|b| b.oldest_pending_ms)
        .map(|at| (now - at).max(0));
    let health = if revoked {
        Health::Revoked
    } else if beat.is_none() {
        if stale { Health::Stale } else { Health::Never }
    } else if stale {
        Health::Stale
    } else if !errors.is_empty() {
        Health::Errors
    } else if oldest_waiting_ms.is_some_and(|w| w > WAITING_TOO_LONG_MS) {
        Health::Waiting
    } else {
        Health::Ok
    };
    FleetRow {
        id: k.id.clone(),
        office: k.office.clone(),
        health,
        stale,
        revoked,
        heartbeat_age_ms: age,
        version: beat.map(|b| b.version.clone()),
        content_version: beat.and_then(|b| b.content_version.clone()),
        mail_pending: beat.map(|b| b.mail_pending),
        visits_pending: beat.map(|b| b.visits_pending),
        oldest_waiting_ms,
        last_error: errors.last().cloned(),
        errors,
    }
}

/// Every kiosk, worst first: stale (longest silent first), never heard
/// from, with errors, with items waiting too long (longest first), well,
/// revoked; then by id.
pub async fn rows(store: &dyn Store, now: Ms) -> Result<Vec<FleetRow>, StoreError> {
    let mut rows: Vec<FleetRow> = store.kiosks().await?.iter().map(|k| row(k, now)).collect();
    sort(&mut rows);
    Ok(rows)
}

/// Worst first (see [`rows`]).
pub fn sort(rows: &mut [FleetRow]) {
    rows.sort_by(|a, b| {
        a.health
            .cmp(&b.health)
            .then_with(|| {
                // Never heard from counts as silent the longest.
                let silent = |r: &FleetRow| r.heartbeat_age_ms.unwrap_or(Ms::MAX);
                silent(b).cmp(&silent(a))
            })
            .then_with(|| b.oldest_waiting_ms.cmp(&a.oldest_waiting_ms))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// A duration for people: `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`.
pub fn age(ms: Ms) -> String {
    let s = ms.max(0) / 1000;
    if s < 60 {
        format!("{s} s")
    } else if s < 3600 {
        format!("{} min", s / 60)
    } else if s < 86_400 {
        format!("{} h {} min", s / 3600, s % 3600 / 60)
    } else {
        format!("{} d {} h", s / 86_400, s % 86_400 / 3600)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::HeartbeatRow;

    /// A heartbeat's receipt time, its errors and its oldest waiting item.
    type Beat = (Ms, Vec<(Ms, String)>, Option<Ms>);

    fn kiosk(id: &str, beat: Option<Beat>) -> Kiosk {
        Kiosk {
            id: id.into(),
            office: "demo".into(),
            added_ms: 0,
            revoked_ms: None,
            heartbeat: beat.map(|(at, errors, oldest)| HeartbeatRow {
                received_ms: at,
                version: "0.1.0".into(),
                started_ms: None,
                mail_pending: 0,
                visits_pending: 2,
                oldest_pending_ms: oldest,
                last_errors: errors,
                content_version: Some("c1".into()),
            }),
        }
    }

    #[test]
    fn worst_first_and_stale_after_three_missed_heartbeats() {
        let now = 10_000_000;
        let mut revoked = kiosk("r", Some((now - 5_000_000, vec![], None)));
        revoked.revoked_ms = Some(1);
        let ks = [
            kiosk("ok", Some((now - 10_000, vec![], Some(now - 60_000)))),
            kiosk("late", Some((now - 900_001, vec![], None))),
            kiosk("on-time", Some((now - 900_000, vec![], None))),
            kiosk("later", Some((now - 2_000_000, vec![], None))),
            kiosk(
                "err",
                Some((now - 10_000, vec![(now - 20_000, "x".into())], None)),
            ),
            kiosk(
                "behind",
                Some((now - 10_000, vec![], Some(now - 3_600_000))),
            ),
            revoked,
            kiosk("new", None),
        ];
        let mut rows: Vec<FleetRow> = ks.iter().map(|k| row(k, now)).collect();
        sort(&mut rows);
        let order: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        // "new" was added at 0, more than 15 minutes ago: stale, never heard.
        assert_eq!(
            order,
            [
                "new", "later", "late", "err", "behind", "on-time", "ok", "r"
            ]
        );
        assert!(rows[2].stale && !rows[6].stale, "{rows:#?}");
        assert_eq!(rows[3].last_error, Some((20_000, "x".to_string())));
        assert_eq!(rows[4].oldest_waiting_ms, Some(3_600_000));
        assert_eq!(rows[5].outbox(), Some(2));
    }

    #[test]
    fn ages_read_as_people_say_them() {
        assert_eq!(age(45_000), "45 s");
        assert_eq!(age(12 * 60_000 + 5), "12 min");
        assert_eq!(age(3 * 3_600_000 + 5 * 60_000), "3 h 5 min");
        assert_eq!(age(2 * 86_400_000 + 4 * 3_600_000), "2 d 4 h");
    }
}
