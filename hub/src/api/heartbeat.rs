//! `POST /v1/kiosks/{id}/heartbeat`: "I am alive, and what is wrong";
//! replaces the kiosk's last heartbeat (the fleet shows it).

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Map, Value};

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

fn short_text(o: &Map<String, Value>, key: &str, max: usize) -> Result<Option<String>, String> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.chars().count() <= max => match entre_core::text::check(s) {
            Ok(()) => Ok(Some(s.clone())),
            Err(bad) => Err(format!("{key}: {bad}")),
        },
        Some(Value::String(_)) => Err(format!("{key}: longer than {max} characters")),
        Some(_) => Err(format!("{key}: not a text")),
    }
}

fn time(o: &Map<String, Value>, key: &str) -> Result<Option<i64>, String> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => super::time_ms(s)
            .map(Some)
            .ok_or_else(|| format!("{key}: not an RFC 3339 time")),
        Some(_) => Err(format!("{key}: not a text")),
    }
}

fn count(o: &Map<String, Value>, key: &str) -> Result<i64, String> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(0),
        Some(v) => v
            .as_i64()
            .filter(|n| *n >= 0)
            .ok_or_else(|| format!("outbox.{key}: not a whole number of at least 0")),
    }
}

/// The heartbeat as stored. Fields this hub does not know are ignored (a
/// newer kiosk may say more).
fn read(doc: &Value, now: i64) -> Result<HeartbeatRow, String> {
    let Value::Object(o) = doc else {
        return Err("the body is not a JSON object".into());
    };
    let version = short_text(o, "version", 64)?.ok_or("version: missing")?;
    let started_ms = time(o, "started_at")?;
    let empty = Map::new();
    let outbox = match o.get("outbox") {
        None | Some(Value::Null) => &empty,
        Some(Value::Object(b)) => b,
        Some(_) => return Err("outbox: not an object".into()),
    };
    let mail_pending = count(outbox, "mail_pending")?;
    let visits_pending = count(outbox, "visits_pending")?;
    let oldest_pending_ms = time(outbox, "oldest_pending_at").map_err(|e| format!("outbox.{e}"))?;
    let mut last_errors = Vec::new();
    match o.get("last_errors") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let Value::Object(e) = item else {
                    return Err(format!("last_errors[{i}]: not an object"));
                };
                let at = time(e, "at")
                    .map_err(|x| format!("last_errors[{i}].{x}"))?
                    .unwrap_or(now);
                let what = match e.get("what") {
                    Some(Value::String(s)) => s.chars().take(MAX_ERROR_CHARS).collect::<String>(),
                    _ => return Err(format!("last_errors[{i}].what: missing or not a text")),
                };
                last_errors.push((at, what));
            }
            // The newest are kept.
            let over = last_errors.len().saturating_sub(MAX_ERRORS);
            last_errors.drain(..over);
        }
        Some(_) => return Err("last_errors: not a list".into()),
    }
    let content_version = short_text(o, "content_version", 100)?;
    Ok(HeartbeatRow {
        received_ms: now,
        version,
        started_ms,
        mail_pending,
        visits_pending,
        oldest_pending_ms,
        last_errors,
        content_version,
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
                .starts_with("version")
        );
    }
}
