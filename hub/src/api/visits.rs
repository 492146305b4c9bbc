//! `POST /v1/kiosks/{id}/visits`: visits up, idempotent by id.
//!
//! The answer is `{"accepted": [ids], "rejected": [{"id", "reason"}]}`.
//! `accepted` lists every visit of the batch now stored (new, or stored
//! before: an id is stored once, whichever kiosk, instance or engine got
//! it). A visit that is bad on its own (an unknown field, a time far in
//! the future, a text too long, an id that is not a UUID) is `rejected`
//! with its reason and does not hold up the rest. A body that is not this
//! JSON is 400, one over its cap 413; a database that is busy or away is
//! 503 with Retry-After, and nothing of the batch is stored.

use std::collections::HashSet;

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use entre_core::protocol::{self, Answer, Rejected};
use serde_json::Value;

use crate::error::ApiError;
use crate::state::{AppState, Event, now_ms};
use crate::store::VisitRow;

/// The most visits in one request (`[hub] batch_size` is at most 5000).
pub const MAX_BATCH: usize = 5000;
/// The largest visits body: 5000 visits of about 300 bytes, with room.
pub const MAX_VISITS_BODY: usize = 4 * 1024 * 1024;
/// The longest text in a visit (an id of kiosk.toml is at most 64).
pub const MAX_TEXT: usize = 64;
/// How far in the future a visit's time may be (a kiosk's clock a little
/// ahead is fine; a visit next week is not).
const FUTURE_MS: i64 = 24 * 3_600_000;

pub(super) async fn post(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Answer>, ApiError> {
    let kiosk = super::kiosk(&state, &headers, &id).await?;
    let bytes = super::body(&headers, body, MAX_VISITS_BODY).await?;
    let doc: Value = serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::BadRequest(format!(
            "the body is not JSON: {} (expected {{\"visits\": [ … ]}})",
            entre_core::text::cut(&e.to_string())
        ))
    })?;
    let Value::Object(mut doc) = doc else {
        return Err(ApiError::BadRequest(
            "the body is not a JSON object (expected {\"visits\": [ … ]})".into(),
        ));
    };
    let Some(Value::Array(items)) = doc.remove("visits") else {
        return Err(ApiError::BadRequest(
            "\"visits\" is missing or not a list (expected {\"visits\": [ … ]})".into(),
        ));
    };
    if let Some(k) = doc.keys().next() {
        return Err(ApiError::BadRequest(format!(
            "unknown field {} (expected {{\"visits\": [ … ]}} only)",
            entre_core::text::quote(k)
        )));
    }
    if items.len() > MAX_BATCH {
        return Err(ApiError::TooLarge(format!(
            "the batch has {} visits (at most {MAX_BATCH} in one request)",
            items.len()
        )));
    }
    let now = now_ms();
    let mut rows: Vec<VisitRow> = Vec::with_capacity(items.len());
    let mut accepted: Vec<String> = Vec::with_capacity(items.len());
    let mut seen: HashSet<String> = HashSet::with_capacity(items.len());
    let mut rejected: Vec<Rejected> = Vec::new();
    for item in items {
        let shown_id = item
            .get("id")
            .and_then(Value::as_str)
            .map(entre_core::text::cut)
            .unwrap_or_default();
        match visit(item, &kiosk.id, &kiosk.office, now) {
            Ok(row) => {
                if seen.insert(row.id.clone()) {
                    accepted.push(row.id.clone());
                    rows.push(row);
                }
            }
            Err(reason) => rejected.push(Rejected {
                id: shown_id,
                reason,
            }),
        }
    }
    if !rejected.is_empty() {
        tracing::info!(
            kiosk = %kiosk.id,
            "{} visit(s) of a batch rejected, e.g. {}: {}",
            rejected.len(),
            rejected[0].id,
            rejected[0].reason
        );
    }
    // One transaction: all of them stored, or none (then 503 or 500).
    state.store.visits_add(&rows).await?;
    let _ = state.events.send(Event::Fleet {
        kiosk: kiosk.id.clone(),
    });
    Ok(Json(Answer { accepted, rejected }))
}

/// A text of the visit: at most [`MAX_TEXT`] characters, with no control,
/// bidi or format character. SQL or HTML in it is only text.
fn text(key: &str, s: &str) -> Result<(), String> {
    if s.is_empty() {
        Err(format!("{key}: empty"))
    } else if s.chars().count() > MAX_TEXT {
        Err(format!(
            "{key}: has {} characters (at most {MAX_TEXT})",
            s.chars().count()
        ))
    } else {
        entre_core::text::check(s).map_err(|bad| format!("{key}: {bad}"))
    }
}

/// One visit of a batch, read with the protocol's own type (unknown
/// fields refused) and checked on its own; why not, in a few words.
fn visit(item: Value, kiosk: &str, office: &str, now: i64) -> Result<VisitRow, String> {
    let v: protocol::Visit =
        serde_json::from_value(item).map_err(|e| entre_core::text::cut(&e.to_string()))?;
    if !super::is_uuid(&v.id) {
        return Err("id: not a UUID".into());
    }
    let at_ms = super::time_ms(&v.at).ok_or("at: not an RFC 3339 time")?;
    if at_ms > now + FUTURE_MS {
        return Err("at: more than a day in the future".into());
    }
    if at_ms < super::EARLIEST_MS {
        return Err("at: before 2020".into());
    }
    text("purpose", &v.purpose)?;
    text("language", &v.language)?;
    if let Some(e) = &v.errand {
        text("errand", e)?;
    }
    if let Some(c) = &v.checkin {
        text("checkin.unit", &c.unit)?;
    }
    Ok(VisitRow {
        id: v.id.to_ascii_lowercase(),
        kiosk: kiosk.to_string(),
        office: office.to_string(),
        // Floored to the minute, as the kiosk does (older kiosks sent ms).
        at_ms: at_ms - at_ms.rem_euclid(60_000),
        purpose: v.purpose,
        errand: v.errand,
        language: v.language,
        learned: v.survey.learned,
        self_next_time: v.survey.self_next_time,
        checkin_unit: v.checkin.map(|c| c.unit),
        gender: v.survey.gender,
        kind: v.kind,
        meanwhile: v.meanwhile,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: i64 = 1_790_000_000_000;

    fn good() -> Value {
        json!({
            "id": "3f6c2a9e-8d41-4b7a-9c15-e2d07b6a4f18",
            "at": "2026-09-20T09:14:00.000Z",
            "purpose": "appointment",
            "errand": null,
            "language": "ar",
            "survey": { "learned": null, "self_next_time": true },
            "checkin": { "unit": "ekonomi" }
        })
    }

    fn with(key: &str, v: Value) -> Value {
        let mut g = good();
        g[key] = v;
        g
    }

    #[test]
    fn a_good_visit_is_read_whole() {
        let v = visit(good(), "k1", "demo", NOW).unwrap();
        assert_eq!(v.id, "3f6c2a9e-8d41-4b7a-9c15-e2d07b6a4f18");
        assert_eq!(v.checkin_unit.as_deref(), Some("ekonomi"));
        assert_eq!(v.self_next_time, Some(true));
        assert_eq!(v.learned, None);
        assert_eq!(v.office, "demo");
    }

    #[test]
    fn a_bad_visit_says_why() {
        let cases = [
            (with("id", json!("nope")), "id: not a UUID"),
            (
                with("at", json!("2099-01-01T00:00:00Z")),
                "at: more than a day in the future",
            ),
            (with("at", json!("yesterday")), "at: not an RFC 3339 time"),
            (
                with("purpose", json!("x".repeat(65))),
                "purpose: has 65 characters (at most 64)",
            ),
            (with("extra", json!(1)), "unknown field `extra`"),
            (
                with("survey", json!({"learned": 1})),
                "invalid type: integer `1`",
            ),
            (
                with("checkin", json!({"unit": "a", "who": "b"})),
                "unknown field `who`",
            ),
            (with("language", json!("a\u{202e}b")), "language: "),
        ];
        for (v, why) in cases {
            let e = visit(v, "k1", "demo", NOW).unwrap_err();
            assert!(e.starts_with(why), "{e:?} should start with {why:?}");
        }
    }

    #[test]
    fn sql_and_html_are_only_text() {
        let v = visit(
            with("purpose", json!("'; DROP TABLE visits;--<script>")),
            "k1",
            "demo",
            NOW,
        )
        .unwrap();
        assert_eq!(v.purpose, "'; DROP TABLE visits;--<script>");
    }
}
