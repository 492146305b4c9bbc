//! `GET /v1/kiosks/{id}/content`: what the kiosk's office is served now
//! (built by `crate::content`), with an `ETag`; `304` when the kiosk's
//! `If-None-Match` names it, `404` when nothing is published for it.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::AppState;

/// Whether an `If-None-Match` value names `etag` (a list, weak or not, or `*`).
fn matches(if_none_match: &str, etag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    if_none_match
        .split(',')
        .any(|t| t.trim() == "*" || bare(t) == bare(etag))
}

pub(super) async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let kiosk = super::kiosk(&state, &headers, &id).await?;
    let asked = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok());
    // The cheap path first: the ETag without the content.
    let etag = crate::content::served_etag(&*state.store, &kiosk.office).await?;
    let Some(etag) = etag else {
        return Ok(StatusCode::NOT_FOUND.into_response());
    };
    if asked.is_some_and(|a| matches(a, &etag)) {
        return Ok(not_modified(&etag));
    }
    let Some(served) = crate::content::served(&*state.store, &state.config, &kiosk.office).await?
    else {
        return Ok(StatusCode::NOT_FOUND.into_response());
    };
    if asked.is_some_and(|a| matches(a, &served.etag)) {
        return Ok(not_modified(&served.etag));
    }
    let mut r = (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        )],
        served.body,
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&served.etag) {
        r.headers_mut().insert(header::ETAG, v);
    }
    Ok(r)
}

fn not_modified(etag: &str) -> Response {
    let mut r = StatusCode::NOT_MODIFIED.into_response();
    if let Ok(v) = HeaderValue::from_str(etag) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

#[cfg(test)]
mod tests {
    #[test]
    fn if_none_match_lists_and_weak_tags() {
        assert!(super::matches("\"c1-d2\"", "\"c1-d2\""));
        assert!(super::matches("\"x\", W/\"c1-d2\"", "\"c1-d2\""));
        assert!(super::matches("*", "\"c1\""));
        assert!(!super::matches("\"c1\"", "\"c1-d2\""));
    }
}
