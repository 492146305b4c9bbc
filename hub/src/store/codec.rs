//! What both engines store the same way: the enums as words, a
//! heartbeat's errors as JSON text, a bounded store of failed logins, and
//! the floor's rules (a registration's columns, codes, `wait_min`, facts).

use super::{
    CheckinUnreached, ContentKind, ContentStatus, FloorFact, FloorState, Ms, Need,
    RegistrationKind, Role, StoreError, Unreached, Zone,
};

/// Failed logins older than this are deleted when a new one is recorded:
/// throttling looks back far less, and an attack must not grow the table
/// for ever.
pub(super) const LOGIN_FAILURE_KEEP_MS: Ms = 7 * 24 * 60 * 60 * 1000;

pub(super) fn kind_name(kind: ContentKind) -> &'static str {
    match kind {
        ContentKind::Guidance => "guidance",
        ContentKind::Directory => "directory",
    }
}

pub(super) fn kind_parse(s: &str) -> Result<ContentKind, StoreError> {
    match s {
        "guidance" => Ok(ContentKind::Guidance),
        "directory" => Ok(ContentKind::Directory),
        _ => Err(StoreError::Other(format!(
            "content_version.kind: unknown value {}",
            entre_core::text::quote(s)
        ))),
    }
}

pub(super) fn status_parse(s: &str) -> Result<ContentStatus, StoreError> {
    match s {
        "draft" => Ok(ContentStatus::Draft),
        "published" => Ok(ContentStatus::Published),
        "retired" => Ok(ContentStatus::Retired),
        _ => Err(StoreError::Other(format!(
            "content_version.status: unknown value {}",
            entre_core::text::quote(s)
        ))),
    }
}

pub(super) fn role_parse(s: &str) -> Result<Role, StoreError> {
    Role::parse(s).ok_or_else(|| {
        StoreError::Other(format!(
            "staff.role: unknown value {}",
            entre_core::text::quote(s)
        ))
    })
}

/// A heartbeat's `last_errors` as stored: `[[at_ms, "what"], …]`.
pub(super) fn errors_to_json(errors: &[(Ms, String)]) -> String {
    serde_json::to_string(errors).unwrap_or_else(|_| "[]".into())
}

pub(super) fn errors_from_json(text: Option<&str>) -> Result<Vec<(Ms, String)>, StoreError> {
    match text {
        None => Ok(Vec::new()),
        Some(t) => serde_json::from_str(t)
            .map_err(|e| StoreError::Other(format!("kiosk.hb_last_errors: {e}"))),
    }
}

/// A stored hash as the 32 bytes it must be.
pub(super) fn hash32(bytes: Option<Vec<u8>>, what: &str) -> Result<Option<[u8; 32]>, StoreError> {
    match bytes {
        None => Ok(None),
        Some(b) => b
            .try_into()
            .map(Some)
            .map_err(|_| StoreError::Other(format!("{what}: not 32 bytes"))),
    }
}

// The floor.

/// The columns of a registration as both engines select them, in the order
/// [`RawRegistration`] reads them.
pub(super) const REGISTRATION_COLUMNS: &str = "id, office, kiosk, registered_by, at_ms, kind, \
     errand, language, needs, zone_id, zone_label, checkin_unit, checkin_officer, \
     checkin_reason, code, state, claimed_by, claimed_ms, closed_ms";

/// A registration's columns as read, before the words are checked.
pub(super) struct RawRegistration {
    pub id: String,
    pub office: String,
    pub kiosk: Option<String>,
    pub registered_by: Option<String>,
    pub at_ms: Ms,
    pub kind: String,
    pub errand: Option<String>,
    pub language: String,
    pub needs: String,
    pub zone_id: Option<String>,
    pub zone_label: Option<String>,
    pub checkin_unit: Option<String>,
    pub checkin_officer: Option<String>,
    pub checkin_reason: Option<String>,
    pub code: String,
    pub state: String,
    pub claimed_by: Option<String>,
    pub claimed_ms: Option<Ms>,
    pub closed_ms: Option<Ms>,
}

impl RawRegistration {
    pub(super) fn done(self) -> Result<super::RegistrationRow, StoreError> {
        let zone = match (self.zone_id, self.zone_label) {
            (Some(id), Some(label_sv)) => Some(Zone { id, label_sv }),
            _ => None,
        };
        let checkin = match (self.checkin_unit, self.checkin_officer, self.checkin_reason) {
            (Some(unit), Some(officer), Some(reason)) => Some(CheckinUnreached {
                unit,
                officer,
                reason: reason_parse(&reason)?,
            }),
            _ => None,
        };
        Ok(super::RegistrationRow {
            id: self.id,
            office: self.office,
            kiosk: self.kiosk,
            registered_by: self.registered_by,
            at_ms: self.at_ms,
            kind: reg_kind_parse(&self.kind)?,
            errand: self.errand,
            language: self.language,
            needs: needs_parse(&self.needs)?,
            zone,
            checkin,
            code: self.code,
            state: state_parse(&self.state)?,
            claimed_by: self.claimed_by,
            claimed_ms: self.claimed_ms,
            closed_ms: self.closed_ms,
        })
    }
}

fn unknown(what: &str, s: &str) -> StoreError {
    StoreError::Other(format!(
        "{what}: unknown value {}",
        entre_core::text::quote(s)
    ))
}

pub(super) fn reg_kind_name(kind: RegistrationKind) -> &'static str {
    match kind {
        RegistrationKind::WalkIn => "walk_in",
        RegistrationKind::CheckinUnreached => "checkin_unreached",
    }
}

pub(super) fn reg_kind_parse(s: &str) -> Result<RegistrationKind, StoreError> {
    match s {
        "walk_in" => Ok(RegistrationKind::WalkIn),
        "checkin_unreached" => Ok(RegistrationKind::CheckinUnreached),
        _ => Err(unknown("registration.kind", s)),
    }
}

pub(super) fn reason_name(reason: Unreached) -> &'static str {
    match reason {
        Unreached::Away => "away",
        Unreached::Relay => "relay",
    }
}

fn reason_parse(s: &str) -> Result<Unreached, StoreError> {
    match s {
        "away" => Ok(Unreached::Away),
        "relay" => Ok(Unreached::Relay),
        _ => Err(unknown("registration.checkin_reason", s)),
    }
}

pub(super) fn state_parse(s: &str) -> Result<FloorState, StoreError> {
    FloorState::parse(s).ok_or_else(|| unknown("registration.state", s))
}

/// Needs as stored: their ids joined by commas, e.g. `seated,interpreter`
/// (`""` for none), in the order given.
pub(super) fn needs_text(needs: &[Need]) -> String {
    needs.iter().map(|n| n.id()).collect::<Vec<_>>().join(",")
}

fn needs_parse(s: &str) -> Result<Vec<Need>, StoreError> {
    s.split(',')
        .filter(|w| !w.is_empty())
        .map(|w| {
            Need::ALL
                .into_iter()
                .find(|n| n.id() == w)
                .ok_or_else(|| unknown("registration.needs", w))
        })
        .collect()
}

/// The columns of a fact both sources have (a registration, or a kept
/// `floor_fact`), before the words are checked.
pub(super) struct RawFact {
    pub office: String,
    pub at_ms: Ms,
    pub kind: String,
    pub errand: Option<String>,
    pub language: String,
    pub state: String,
}

impl RawFact {
    /// A registration's facts from its times: the wait is registered →
    /// (last) claimed, if it is claimed or was closed from a claim; the
    /// service time claimed → closed, when it was closed (done, left, not
    /// met) after a claim. A released claim is forgotten (the row waits
    /// on), so it counts in neither.
    pub(super) fn live(
        self,
        claimed_ms: Option<Ms>,
        closed_ms: Option<Ms>,
    ) -> Result<FloorFact, StoreError> {
        let mut f = self.kept(None, None)?;
        let closed_from_claim = matches!(
            f.state,
            FloorState::Done | FloorState::Left | FloorState::NotMet
        );
        f.wait_ms = claimed_ms.map(|c| c - f.at_ms);
        f.service_ms = match (claimed_ms, closed_ms) {
            (Some(c), Some(d)) if closed_from_claim => Some(d - c),
            _ => None,
        };
        Ok(f)
    }

    /// A purged registration's facts, as kept in `floor_fact`.
    pub(super) fn kept(
        self,
        wait_ms: Option<Ms>,
        service_ms: Option<Ms>,
    ) -> Result<FloorFact, StoreError> {
        Ok(FloorFact {
            office: self.office,
            at_ms: self.at_ms,
            kind: reg_kind_parse(&self.kind)?,
            errand: self.errand,
            language: self.language,
            state: state_parse(&self.state)?,
            wait_ms,
            service_ms,
        })
    }
}

/// The SQL expressions (both engines) that compute a registration's
/// `wait_ms` and `service_ms` as [`fact`] does, for the purge's copy into
/// `floor_fact`.
pub(super) const FACT_WAIT_SQL: &str =
    "CASE WHEN claimed_ms IS NOT NULL THEN claimed_ms - at_ms END";
pub(super) const FACT_SERVICE_SQL: &str = "CASE WHEN claimed_ms IS NOT NULL \
     AND closed_ms IS NOT NULL AND state IN ('done', 'left', 'not_met') \
     THEN closed_ms - claimed_ms END";

/// How many changes a slow `floor_subscribe` receiver may fall behind
/// before it misses some (it then gets `Lagged` and should reload every
/// floor it shows).
pub(super) const FLOOR_CHANNEL: usize = 1024;

/// Every code: 24 letters × 8 digits × 8 digits = 1 536.
pub(super) const CODE_COUNT: usize = 24 * 8 * 8;

/// A code at random among those not in `used` (`None`: all are used).
pub(super) fn pick_code(used: &std::collections::HashSet<String>) -> Option<String> {
    use entre_core::protocol::{CODE_DIGITS, CODE_LETTERS};
    let mut free: Vec<String> = CODE_LETTERS
        .chars()
        .flat_map(|l| {
            CODE_DIGITS
                .chars()
                .flat_map(move |a| CODE_DIGITS.chars().map(move |b| format!("{l}{a}{b}")))
        })
        .filter(|c| !used.contains(c))
        .collect();
    if free.is_empty() {
        return None;
    }
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    // 64 random bits modulo at most 1 536: the bias is below 2^-50.
    let i = (u64::from_le_bytes(bytes) % free.len() as u64) as usize;
    Some(free.swap_remove(i))
}

pub(super) fn day_full(office: &str, day: &str) -> StoreError {
    StoreError::Conflict(format!(
        "all {CODE_COUNT} codes of office {} are given on {}",
        entre_core::text::quote(office),
        entre_core::text::quote(day)
    ))
}

/// How far back `wait_min` looks, and at how many claims at most.
pub(super) const WAIT_WINDOW_MS: Ms = 3 * 60 * 60 * 1000;
pub(super) const WAIT_CLAIMS: i64 = 20;
/// Fewer claims than this in the window: `wait_min` is `None`.
pub(super) const WAIT_CLAIMS_MIN: usize = 3;

/// The median of the waits (ms), rounded up to whole minutes; `None` with
/// fewer than [`WAIT_CLAIMS_MIN`].
pub(super) fn wait_min(mut waits: Vec<Ms>) -> Option<u32> {
    if waits.len() < WAIT_CLAIMS_MIN {
        return None;
    }
    waits.sort_unstable();
    let n = waits.len();
    // The even case: the mean of the middle two, rounded up.
    let median = if n % 2 == 1 {
        waits[n / 2]
    } else {
        (waits[n / 2 - 1] + waits[n / 2] + 1) / 2
    };
    let minutes = (median.max(0) + 59_999) / 60_000;
    Some(u32::try_from(minutes).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wait_min_is_the_median_rounded_up() {
        assert_eq!(wait_min(vec![60_000, 120_000]), None);
        assert_eq!(wait_min(vec![60_000, 120_000, 600_000]), Some(2));
        assert_eq!(wait_min(vec![60_000, 120_001, 600_000]), Some(3));
        assert_eq!(wait_min(vec![0, 60_000, 180_000, 600_000]), Some(2));
        assert_eq!(wait_min(vec![0, 0, 0]), Some(0));
    }

    #[test]
    fn needs_read_back_in_order() {
        let needs = [Need::Seated, Need::Interpreter];
        assert_eq!(needs_text(&needs), "seated,interpreter");
        assert_eq!(needs_parse("seated,interpreter").unwrap(), needs);
        assert_eq!(needs_parse("").unwrap(), vec![]);
        assert!(needs_parse("wings").is_err());
    }

    #[test]
    fn codes_are_codes_and_run_out() {
        let mut used = std::collections::HashSet::new();
        for _ in 0..CODE_COUNT {
            let c = pick_code(&used).unwrap();
            assert!(entre_core::protocol::is_code(&c), "{c}");
            assert!(used.insert(c));
        }
        assert_eq!(pick_code(&used), None);
    }
}
