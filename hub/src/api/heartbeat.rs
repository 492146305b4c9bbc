//! `POST /v1/kiosks/{id}/heartbeat`: "I am alive, and what is wrong";
//! replaces the kiosk's last heartbeat (the fleet shows it).

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use entre_core::protocol::Heartbeat;
use serde_json::Value;

use crate::error::ApiError;
use crate::state::{AppState, Event, now_ms};
use crate::store::HeartbeatRow;

/// The largest heartbeat body (20 errors with their texts, and room).
pub const MAX_HEARTBEAT_BODY: usize = 256 * 1024;
/// The most errors kept of one heartbeat (the kiosk sends at most 20).
pub const MAX_ERRORS: usize = 20;
/// The longest error text kept.
pub const MAX_ERROR_CHARS: usize = 2000;

pub(super) async fn post(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<StatusCode, ApiError> {
    let kiosk = super::kiosk(&state, &headers, &id).await?;
    let bytes = super::body(&headers, body, MAX_HEARTBEAT_BODY).await?;
    let doc: Value = serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::BadRequest(format!(
            "the body is not JSON: {}",
            entre_core::text::cut(&e.to_string())
        ))
    })?;
    let beat = read(&doc, now_ms()).map_err(ApiError::BadRequest)?;
    state.store.heartbeat(&kiosk.id, &beat).await?;
    let _ = state.events.send(Event::Fleet { kiosk: kiosk.id });
    Ok(StatusCode::NO_CONTENT)
}

fn short_text(key: &str, s: &str, max: usize) -> Result<(), String> {
    if s.chars().count() > max {
        return Err(format!("{key}: longer than {max} characters"));
    }
    entre_core::text::check(s).map_err(|bad| format!("{key}: {bad}"))
}

fn time(key: &str, s: &str) -> Result<i64, String> {
    super::time_ms(s).ok_or_else(|| format!("{key}: not an RFC 3339 time"))
}

/// The heartbeat as stored, read with the protocol's own type.
fn read(doc: &Value, now: i64) -> Result<HeartbeatRow, String> {
    let b: Heartbeat =
        serde_json::from_value(doc.clone()).map_err(|e| entre_core::text::cut(&e.to_string()))?;
    short_text("version", &b.version, 64)?;
    if let Some(v) = &b.content_version {
        short_text("content_version", v, 100)?;
    }
    let started_ms = Some(time("started_at", &b.started_at)?);
    let oldest_pending_ms = match &b.outbox.oldest_pending_at {
        Some(t) => Some(time("outbox.oldest_pending_at", t)?),
        None => None,
    };
    let mut last_errors = Vec::with_capacity(b.last_errors.len());
    for (i, e) in b.last_errors.iter().enumerate() {
        let at = time(&format!("last_errors[{i}].at"), &e.at)?;
        last_errors.push((at, e.what.chars().take(MAX_ERROR_CHARS).collect()));
    }
    // The newest are kept.
    let over = last_errors.len().saturating_sub(MAX_ERRORS);
    last_errors.drain(..over);
    Ok(HeartbeatRow {
        received_ms: now,
        version: b.version,
        started_ms,
        mail_pending: i64::try_from(b.outbox.mail_pending).unwrap_or(i64::MAX),
        visits_pending: i64::try_from(b.outbox.visits_pending).unwrap_or(i64::MAX),
        oldest_pending_ms,
        last_errors,
        content_version: b.content_version,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn the_documented_heartbeat_is_read() {
        let doc = json!({
          "version": "0.1.0",
          "started_at": "2026-11-29T06:00:01.204Z",
          "outbox": { "mail_pending": 0, "visits_pending": 3, "oldest_pending_at": "2026-11-29T09:13:00.000Z" },
          "last_errors": [
            { "at": "2026-11-29T08:02:11.530Z", "what": "visits: the hub answered 503" }
          ],
          "content_version": "2026-11-29.1"
        });
        let b = super::read(&doc, 5).unwrap();
        assert_eq!(b.received_ms, 5);
        assert_eq!(b.visits_pending, 3);
        assert_eq!(b.last_errors.len(), 1);
        assert_eq!(b.content_version.as_deref(), Some("2026-11-29.1"));
        assert!(
            super::read(&json!({"outbox": {}}), 5)
                .unwrap_err()
                .starts_with("missing field")
        );
    }
}
