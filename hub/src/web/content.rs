//! The content page (editors, admins). Filled in once the content work lands.

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}
