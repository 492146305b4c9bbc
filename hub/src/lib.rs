//! entre-hub: the city's side of Entré.
//!
//! - [`api`]: the kiosk protocol (`/v1/…`, docs/hub-protocol.md);
//! - [`web`]: the staff pages (login, fleet, content, stats; the floor
//!   next), server-rendered HTML with one stylesheet, SSE for live pages;
//! - [`auth`]: staff accounts, passwords (argon2id), sessions, CSRF and
//!   login throttling: the one module single sign-on will plug into;
//! - [`store`]: one trait, two engines (SQLite, PostgreSQL);
//! - [`content`]: import, check (with entre-core, as a kiosk checks),
//!   drafts, publishing and the document a kiosk receives;
//! - [`config`]: the hub.toml file;
//! - [`cli`]: the commands (`kiosk`, `content`, `directory`, `fleet`,
//!   `stats`, `user`, `check-config`).

pub mod api;
pub mod auth;
pub mod cli;
pub mod config;
pub mod content;
pub mod error;
pub mod fleet;
pub mod floor;
pub mod report;
pub mod state;
pub mod stats;
pub mod store;
pub mod web;

/// The whole HTTP application: the kiosk protocol and the staff pages.
pub fn app(state: state::AppState) -> axum::Router {
    axum::Router::new()
        .merge(api::router())
        .merge(web::router())
        .with_state(state)
}
