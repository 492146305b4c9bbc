//! The fleet page (admins): one row per kiosk, worst first, as
//! `entre-hub fleet` prints it; a kiosk is marked stale after 3 missed
//! heartbeats; the content each kiosk refused, and why. Live: the table is
//! pushed again over Server-Sent Events when a kiosk reports, and every
//! 30 s; EventSource reconnects by itself. Without JavaScript the page is
//! the same, reloaded by hand.

use std::convert::Infallible;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::{Markup, html};

use super::PageError;
use super::layout::{page, when};
use crate::auth::{Area, Staff};
use crate::fleet::{FleetRow, Health};
use crate::state::{AppState, Event, now_ms};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/fleet", get(fleet))
        .route("/fleet/events", get(events))
}

/// What a kiosk's `last_errors` entry starts with when it refused content.
pub const REFUSED: &str = "content refused: ";

/// A row's state, in Swedish, and whether it is a warning.
fn health(h: Health) -> (&'static str, bool) {
    match h {
        Health::Stale => ("tyst", true),
        Health::Never => ("aldrig hörts av", true),
        Health::Errors => ("fel", true),
        Health::Waiting => ("köar", true),
        Health::Ok => ("ok", false),
        Health::Revoked => ("spärrad", false),
    }
}

/// A duration as people say it, in Swedish: "45 s", "12 min", "3 h 5 min",
/// "2 d 4 h" (as `entre-hub fleet` prints it).
fn age(ms: i64) -> String {
    crate::fleet::age(ms)
}

/// The table and the refusals under it (`rows` as [`crate::fleet::rows`]
/// gives them, worst first): what the live update replaces.
pub fn table(rows: &[FleetRow], now: i64, tz: &str) -> Markup {
    let refusals: Vec<(&str, i64, &str)> = rows
        .iter()
        .flat_map(|r| {
            r.errors.iter().filter_map(move |(age, what)| {
                what.strip_prefix(REFUSED)
                    .map(|w| (r.id.as_str(), now - age, w))
            })
        })
        .collect();
    html! {
        @if rows.is_empty() {
            p { "Inga kiosker är registrerade än. IT lägger till en med " code { "entre-hub kiosk add ID --office KONTOR" } "." }
        } @else {
            table.rows {
                thead { tr {
                    th scope="col" { "Kiosk" }
                    th scope="col" { "Kontor" }
                    th scope="col" { "Senaste kontakt" }
                    th scope="col" { "Version" }
                    th scope="col" { "Innehåll" }
                    th scope="col" { "Väntar" }
                    th scope="col" { "Äldsta väntande" }
                    th scope="col" { "Senaste fel" }
                } }
                tbody {
                    @for r in rows {
                        @let (state, warn) = health(r.health);
                        tr.stale[r.stale] .revoked[r.revoked] {
                            th scope="row" data-label="Kiosk" {
                                (r.id) " " span.tag.warn[warn] { (state) }
                            }
                            td data-label="Kontor" { (r.office) }
                            td data-label="Senaste kontakt" {
                                @match r.heartbeat_age_ms {
                                    Some(a) => { (age(a)) " sedan" }
                                    None => "aldrig",
                                }
                            }
                            td data-label="Version" { (r.version.as_deref().unwrap_or("–")) }
                            td data-label="Innehåll" {
                                @match (&r.content_version, r.version.is_some()) {
                                    (Some(v), _) => (v),
                                    (None, true) => "paketets",
                                    (None, false) => "–",
                                }
                            }
                            td data-label="Väntar" {
                                @match (r.visits_pending, r.mail_pending) {
                                    (Some(v), Some(m)) => { (v) " besök, " (m) " mejl" }
                                    _ => "–",
                                }
                            }
                            td data-label="Äldsta väntande" {
                                @match r.oldest_waiting_ms { Some(a) => { (age(a)) } None => "–" }
                            }
                            td data-label="Senaste fel" {
                                @match &r.last_error {
                                    Some((a, what)) => { (age(*a)) " sedan: " (what) }
                                    None => "–",
                                }
                            }
                        }
                    }
                }
            }
            p.note { "En kiosk är " strong { "tyst" } " när tre hjärtslag i rad (15 minuter) har uteblivit." }
        }
        h2 { "Innehåll som kiosker har vägrat" }
        @if refusals.is_empty() {
            p { "Ingen kiosk har vägrat innehåll i sitt senaste hjärtslag." }
        } @else {
            ul.refusals {
                @for (kiosk, at, what) in &refusals {
                    li { strong { (kiosk) } ", " (when(*at, tz)) ": " code { (what) } }
                }
            }
        }
    }
}

async fn fleet(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    staff.require(Area::Fleet)?;
    let now = now_ms();
    let rows = crate::fleet::rows(state.store.as_ref(), now).await?;
    Ok(page(
        "Kiosker",
        Some(&staff),
        html! {
            h1 { "Kiosker" }
            p.live #live hidden { "Uppdateras automatiskt." }
            div #fleet { (table(&rows, now, &state.config.timezone)) }
            script src="/static/fleet.js" defer {}
        },
    )
    .into_response())
}

async fn events(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    staff.require(Area::Fleet)?;
    let rx = state.events.subscribe();
    let stream = futures_util::stream::unfold(
        (state, staff, rx, true),
        |(state, staff, mut rx, first)| async move {
            if !first {
                loop {
                    tokio::select! {
                        got = rx.recv() => match got {
                            Ok(Event::Fleet { .. }) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => break,
                            Ok(_) => continue,
                            Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
                        },
                        _ = tokio::time::sleep(Duration::from_secs(30)) => break,
                    }
                }
                // Several kiosks reporting at once make one update.
                tokio::time::sleep(Duration::from_millis(300)).await;
                while rx.try_recv().is_ok() {}
            }
            // The session may have ended (logout, expiry): then the stream ends.
            let now = now_ms();
            match state.store.session(staff.session.token_sha256, now).await {
                Ok(Some(_)) => {}
                _ => return None,
            }
            let html = match crate::fleet::rows(state.store.as_ref(), now).await {
                Ok(rows) => table(&rows, now, &state.config.timezone).into_string(),
                Err(_) => {
                    return Some((
                        Ok::<_, Infallible>(SseEvent::default().comment("store unavailable")),
                        (state, staff, rx, false),
                    ));
                }
            };
            Some((
                Ok(SseEvent::default().event("fleet").data(html)),
                (state, staff, rx, false),
            ))
        },
    );
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}
