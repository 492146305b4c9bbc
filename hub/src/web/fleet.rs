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
use maud::{Markup, PreEscaped, html};

use super::PageError;
use super::layout::{ago, page, when};
use crate::auth::{Area, Staff};
use crate::state::{AppState, Event, now_ms};
use crate::store::Kiosk;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/fleet", get(fleet))
        .route("/fleet/events", get(events))
}

/// The kiosk's default heartbeat interval ([hub] heartbeat_s, 300 s);
/// three missed make a kiosk stale.
pub const HEARTBEAT_MS: i64 = 300_000;
pub const STALE_MS: i64 = 3 * HEARTBEAT_MS;

/// What a kiosk's `last_errors` entry starts with when it refused content.
const REFUSED: &str = "content refused: ";

fn stale(k: &Kiosk, now: i64) -> bool {
    k.revoked_ms.is_none()
        && k.heartbeat
            .as_ref()
            .is_none_or(|h| now - h.received_ms > STALE_MS)
}

/// Worst first: stale (never heard of first), then by outbox depth, then
/// by id; revoked kiosks last.
fn order(kiosks: &mut [Kiosk], now: i64) {
    kiosks.sort_by_key(|k| {
        (
            k.revoked_ms.is_some(),
            !stale(k, now),
            k.heartbeat.as_ref().map(|h| h.received_ms),
            std::cmp::Reverse(
                k.heartbeat
                    .as_ref()
                    .map_or(0, |h| h.visits_pending + h.mail_pending),
            ),
            k.id.clone(),
        )
    });
}

/// The table (and the refusals under it): what the live update replaces.
pub fn table(mut kiosks: Vec<Kiosk>, now: i64, tz: &str) -> Markup {
    order(&mut kiosks, now);
    let refusals: Vec<(&str, i64, &str)> = kiosks
        .iter()
        .filter_map(|k| k.heartbeat.as_ref().map(|h| (k, h)))
        .flat_map(|(k, h)| {
            h.last_errors.iter().filter_map(move |(at, what)| {
                what.strip_prefix(REFUSED).map(|w| (k.id.as_str(), *at, w))
            })
        })
        .collect();
    html! {
        @if kiosks.is_empty() {
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
                    @for k in &kiosks {
                        @let is_stale = stale(k, now);
                        tr.stale[is_stale] .revoked[k.revoked_ms.is_some()] {
                            th scope="row" data-label="Kiosk" {
                                (k.id)
                                @if k.revoked_ms.is_some() { " " span.tag { "spärrad" } }
                                @else if is_stale { " " span.tag.warn { "tyst" } }
                            }
                            td data-label="Kontor" { (k.office) }
                            @match &k.heartbeat {
                                None => {
                                    td data-label="Senaste kontakt" { "aldrig" }
                                    td data-label="Version" { "–" }
                                    td data-label="Innehåll" { "–" }
                                    td data-label="Väntar" { "–" }
                                    td data-label="Äldsta väntande" { "–" }
                                    td data-label="Senaste fel" { "–" }
                                }
                                Some(h) => {
                                    td data-label="Senaste kontakt" {
                                        time datetime=(when(h.received_ms, "UTC")) title=(when(h.received_ms, tz)) { (ago(h.received_ms, now)) }
                                    }
                                    td data-label="Version" { (h.version) }
                                    td data-label="Innehåll" { (h.content_version.as_deref().unwrap_or("paketets")) }
                                    td data-label="Väntar" { (h.visits_pending) " besök, " (h.mail_pending) " mejl" }
                                    td data-label="Äldsta väntande" {
                                        @match h.oldest_pending_ms { Some(ms) => (ago(ms, now)), None => "–" }
                                    }
                                    td data-label="Senaste fel" {
                                        @match h.last_errors.last() {
                                            Some((at, what)) => { (when(*at, tz)) ": " (what) }
                                            None => "–",
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p.note { "En kiosk markeras " span.tag.warn { "tyst" } " när tre hjärtslag (15 minuter) har uteblivit." }
        }
        h2 { "Innehåll som kiosker har vägrat" }
        @if refusals.is_empty() {
            p { "Ingen kiosk har vägrat innehåll i sitt senaste hjärtslag." }
        } @else {
            ul.refusals {
                @for (kiosk, at, what) in &refusals {
                    li { strong { (kiosk) } ", " (when(*at, tz)) ": " (what) }
                }
            }
        }
    }
}

async fn fleet(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    staff.require(Area::Fleet)?;
    let kiosks = state.store.kiosks().await?;
    let now = now_ms();
    Ok(page(
        "Kiosker",
        Some(&staff),
        html! {
            h1 { "Kiosker" }
            p.live #live hidden { "Uppdateras automatiskt." }
            div #fleet { (table(kiosks, now, &state.config.timezone)) }
            script { (PreEscaped(LIVE_JS)) }
        },
    )
    .into_response())
}

/// The live update: plain EventSource (it reconnects by itself).
const LIVE_JS: &str = "(function(){if(!window.EventSource)return;\
var es=new EventSource('/fleet/events'),live=document.getElementById('live');\
es.addEventListener('fleet',function(e){document.getElementById('fleet').innerHTML=e.data;});\
es.onopen=function(){live.hidden=false;};es.onerror=function(){live.hidden=true;};})();";

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
            let html = match state.store.kiosks().await {
                Ok(kiosks) => table(kiosks, now, &state.config.timezone).into_string(),
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
