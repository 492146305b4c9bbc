//! The kiosk protocol, `/v1/kiosks/{id}/…` (docs/hub-protocol.md): visits
//! up, content down (ETag/304), heartbeat. Owner: api/cli work.

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}
