//! The staff pages: login, fleet, content, stats (the floor next issue).
//! Server-rendered HTML (maud), one stylesheet, SSE for live pages.
//! Owner: web work.

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}
