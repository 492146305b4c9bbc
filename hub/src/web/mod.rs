//! See lib.rs.
//! The staff pages: login, fleet, content, stats and the floor.
//! Server-rendered HTML (maud, escaped by construction), one stylesheet
//! (hub/static/hub.css, compiled in), no JavaScript framework: every page
//! works with JavaScript off; the fleet page's live updates are Server-Sent
//! Events read by a few lines of plain JavaScript.
//!
//! One module per resource: [`login`] (login, logout, one-time links, the
//! start page), [`fleet`], [`content`], [`stats`], and [`layout`] (the
//! frame every page shares). Who may see what is decided by
//! [`crate::auth::may`].

pub mod content;
pub mod fleet;
pub mod floor;
pub mod layout;
pub mod login;
pub mod stats;
pub mod survey;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use crate::auth::Denied;
use crate::state::AppState;
use crate::store::StoreError;

/// The one stylesheet.
pub const CSS: &str = include_str!("../../static/hub.css");
/// The fleet page's live update (a few lines of plain JavaScript).
pub const FLEET_JS: &str = include_str!("../../static/fleet.js");

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/static/hub.css", get(stylesheet))
        .route("/static/fleet.js", get(script))
        .merge(login::router())
        .merge(fleet::router())
        .merge(content::router())
        .merge(stats::router())
        .merge(floor::router())
        .merge(survey::router())
        .layer(axum::middleware::map_response(headers))
}

/// Every staff page: scripts only from the hub itself, no framing, no
/// sniffing, no referrer (a one-time link's token must not leak), and HTML
/// never cached (it shows what one person may see).
async fn headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    let html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    r
}

async fn script() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("max-age=3600"),
            ),
        ],
        FLEET_JS,
    )
        .into_response()
}

async fn stylesheet() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("max-age=3600"),
            ),
        ],
        CSS,
    )
        .into_response()
}

/// Why a page could not be shown; rendered as a plain page with its status.
/// An internal cause is logged, never shown.
#[derive(Debug)]
pub enum PageError {
    Denied(Denied),
    NotFound,
    /// A request a person can fix (shown as it is, in Swedish).
    BadRequest(String),
    Store(StoreError),
}

impl From<Denied> for PageError {
    fn from(d: Denied) -> Self {
        PageError::Denied(d)
    }
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        PageError::Store(e)
    }
}

impl IntoResponse for Denied {
    fn into_response(self) -> Response {
        PageError::Denied(self).into_response()
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, title, text) = match self {
            PageError::Denied(Denied::NotSignedIn) => {
                return Redirect::to("/login").into_response();
            }
            PageError::Denied(Denied::Role) => (
                StatusCode::FORBIDDEN,
                "Ingen behörighet",
                "Ditt konto har inte behörighet till den här sidan. Fråga en administratör om du behöver den.".to_string(),
            ),
            PageError::Denied(Denied::Csrf) => (
                StatusCode::FORBIDDEN,
                "Formuläret har gått ut",
                "Formuläret kunde inte tas emot. Gå tillbaka, ladda om sidan och försök igen.".to_string(),
            ),
            PageError::NotFound => (
                StatusCode::NOT_FOUND,
                "Sidan finns inte",
                "Sidan du söker finns inte.".to_string(),
            ),
            PageError::BadRequest(what) => (StatusCode::BAD_REQUEST, "Det gick inte", what),
            PageError::Denied(Denied::Unavailable) | PageError::Store(StoreError::Unavailable(_)) => {
                let mut r = layout::plain(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Tillfälligt fel",
                    "Databasen svarar inte just nu. Försök igen om en stund.",
                );
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
                return r;
            }
            PageError::Store(StoreError::NotFound(_)) => (
                StatusCode::NOT_FOUND,
                "Finns inte",
                "Det du söker finns inte (längre).".to_string(),
            ),
            PageError::Store(e) => {
                tracing::error!("page: {e}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Något gick fel",
                    "Något gick fel i hubben. Felet är loggat; försök igen eller kontakta IT.".to_string(),
                )
            }
            PageError::Denied(Denied::Internal) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Något gick fel",
                "Något gick fel i hubben. Felet är loggat; försök igen eller kontakta IT.".to_string(),
            ),
        };
        layout::plain(status, title, &text)
    }
}
