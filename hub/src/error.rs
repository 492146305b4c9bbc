//! The kiosk protocol's one error type: each maps to a status code and a
//! short JSON reason; an internal cause is logged, never shown.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::store::StoreError;

/// Seconds a kiosk is asked to wait when the database is unavailable.
pub const RETRY_AFTER_S: u32 = 5;

#[derive(Debug)]
pub enum ApiError {
    /// A missing, unknown, revoked or mismatched token (401).
    Unauthorized,
    /// A body that cannot be used at all (400), with the reason.
    BadRequest(String),
    /// A body over its cap (413), with the reason.
    TooLarge(String),
    /// The database is locked or unreachable (503 with Retry-After).
    Unavailable(String),
    /// Anything else (500); the cause is logged.
    Internal(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Unavailable(why) => ApiError::Unavailable(why),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

fn reason(status: StatusCode, why: &str) -> Response {
    let body = serde_json::json!({ "error": why }).to_string();
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Unauthorized => {
                let mut r = reason(
                    StatusCode::UNAUTHORIZED,
                    "unknown or revoked token for this kiosk",
                );
                r.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                r
            }
            ApiError::BadRequest(why) => reason(StatusCode::BAD_REQUEST, &why),
            ApiError::TooLarge(why) => reason(StatusCode::PAYLOAD_TOO_LARGE, &why),
            ApiError::Unavailable(why) => {
                tracing::warn!("database unavailable, answered 503: {why}");
                let mut r = reason(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the hub's database is busy or unreachable; nothing was stored, try again",
                );
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_S));
                r
            }
            ApiError::Internal(why) => {
                tracing::error!("internal error, answered 500: {why}");
                reason(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
            }
        }
    }
}
