//! The kiosk protocol, `/v1/kiosks/{id}/…` (docs/hub-protocol.md): visits
//! up (`visits.rs`), content down with ETag/304 (`content.rs`), heartbeat
//! (`heartbeat.rs`), registrations for the floor (`registrations.rs`).
//! Every request carries `Authorization: Bearer TOKEN`; its SHA-256 must
//! name a kiosk that is not revoked and whose id is the one in the path,
//! else 401 (logged once per kiosk per hour).

mod content;
mod heartbeat;
mod registrations;
mod visits;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, header};
use axum::routing::{get, post};

use crate::error::ApiError;
use crate::state::{AppState, now_ms};
use crate::store::Kiosk;

pub use registrations::MAX_REGISTRATION_BODY;
pub use visits::{MAX_BATCH, MAX_VISITS_BODY};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/kiosks/{id}/visits", post(visits::post))
        .route("/v1/kiosks/{id}/content", get(content::get))
        .route("/v1/kiosks/{id}/heartbeat", post(heartbeat::post))
        .route("/v1/kiosks/{id}/registrations", post(registrations::post))
}

/// How often a refused kiosk id is logged: once an hour.
const REFUSED_LOG_EVERY_MS: i64 = 3_600_000;
/// The refused ids remembered for that (ids in a path are anyone's).
const REFUSED_REMEMBERED: usize = 10_000;

/// The kiosk whose token this request carries, if it is the kiosk of the
/// path; else 401, logged once per path id per hour.
pub(crate) async fn kiosk(
    state: &AppState,
    headers: &HeaderMap,
    path_id: &str,
) -> Result<Kiosk, ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .filter(|t| !t.is_empty() && t.len() <= 4096);
    let found = match token {
        Some(t) => state
            .store
            .kiosk_by_token(crate::auth::token_sha256(t))
            .await?
            .filter(|k| k.id == path_id && k.revoked_ms.is_none()),
        None => None,
    };
    match found {
        Some(k) => Ok(k),
        None => {
            refused(state, path_id, token.is_some());
            Err(ApiError::Unauthorized)
        }
    }
}

fn refused(state: &AppState, path_id: &str, had_token: bool) {
    let now = now_ms();
    let key = entre_core::text::cut(path_id);
    let log = {
        let mut seen = state
            .refused_logged
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if seen.len() >= REFUSED_REMEMBERED {
            seen.retain(|_, at| now - *at < REFUSED_LOG_EVERY_MS);
        }
        match seen.get(&key) {
            Some(at) if now - at < REFUSED_LOG_EVERY_MS => false,
            _ if seen.len() >= REFUSED_REMEMBERED => false,
            _ => {
                seen.insert(key.clone(), now);
                true
            }
        }
    };
    if log {
        tracing::warn!(
            kiosk = %key,
            "refused a kiosk request (401): {} (logged once an hour per kiosk)",
            if had_token {
                "unknown or revoked token, or a token of another kiosk"
            } else {
                "no bearer token"
            }
        );
    }
}

/// The body, read up to `cap` bytes; a larger one is 413 with the cap.
pub(crate) async fn body(headers: &HeaderMap, body: Body, cap: usize) -> Result<Bytes, ApiError> {
    let too_large = |n: Option<u64>| {
        ApiError::TooLarge(match n {
            Some(n) => format!("the body has {n} bytes (at most {cap} bytes)"),
            None => format!("the body is larger than {cap} bytes (at most {cap} bytes)"),
        })
    };
    if let Some(n) = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        && n > cap as u64
    {
        return Err(too_large(Some(n)));
    }
    axum::body::to_bytes(body, cap)
        .await
        .map_err(|_| too_large(None))
}

/// Whether `s` is a UUID written as the kiosk writes it (8-4-4-4-12 hex).
pub(crate) fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Visits and registrations from before this are refused
/// (2020-01-01T00:00:00Z): a kiosk clock that was never set.
pub(crate) const EARLIEST_MS: i64 = 1_577_836_800_000;

/// An RFC 3339 time as Unix milliseconds.
pub(crate) fn time_ms(s: &str) -> Option<i64> {
    s.parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_millisecond())
}
