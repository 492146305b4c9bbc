//! The stats page (managers: their office; admins: any). Filled in once the stats work lands.

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}
