//! The one state every handler gets.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::config::HubConfig;
use crate::store::{Ms, Store};

/// Something a live page (SSE) may want to redraw for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A kiosk sent a heartbeat or visits.
    Fleet { kiosk: String },
    /// A content version was imported or published.
    Content { number: i64 },
    /// An office's floor changed (on this instance or another: forwarded
    /// from [`crate::store::Store::floor_subscribe`]).
    Floor { office: String },
}

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: Arc<HubConfig>,
    /// Cookies get `Secure` when the hub serves TLS itself.
    pub tls: bool,
    /// Live updates for SSE pages.
    pub events: tokio::sync::broadcast::Sender<Event>,
    /// When a refused token was last logged, per kiosk id in the path:
    /// a wrong or revoked token is logged once per kiosk per hour.
    pub refused_logged: Arc<Mutex<HashMap<String, Ms>>>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: Arc<HubConfig>, tls: bool) -> Self {
        AppState {
            store,
            config,
            tls,
            events: tokio::sync::broadcast::channel(256).0,
            refused_logged: Arc::default(),
        }
    }
}

/// Now, in Unix milliseconds.
pub fn now_ms() -> Ms {
    jiff::Timestamp::now().as_millisecond()
}
