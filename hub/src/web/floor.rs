//! The floor page (guides, managers; admins choose the office): the people
//! waiting in one office, oldest first, live over Server-Sent Events, and
//! the guide's actions on them ("Jag tar den", "Klar", "Gick innan hjälp",
//! "Lämna tillbaka") and "Registrera besökare".
//!
//! - The list is one HTML fragment ([`list`]) rendered by the same
//!   function for the page and for the live update, so that the page
//!   without JavaScript and the live one never differ. Every row carries
//!   its code literally and `data-id`, `data-code`, `data-state`.
//! - Every action is a plain POST form with the session's CSRF token,
//!   answered with 303 back to `/floor` and a one-shot message (a cookie
//!   read once). hub/static/floor.js posts the same forms with `fetch`
//!   (header `X-Floor: fetch`) and gets `{"ok", "message", "code"}` back.
//! - "Klar" on a walk-in offers "Ge besökaren enkäten" with its message
//!   (`survey`, `survey_label` in the JSON; a link in the one-shot
//!   message): the survey page of [`super::survey`].
//! - `GET /floor/events?office=ID`: `event: floor`, `data:` the fragment,
//!   at connect and after every change of that office's floor (and every
//!   15 s when the minutes waited change); keep-alive comments every 15 s;
//!   `retry: 2000`. One renderer per office and hub process queries the
//!   store and renders once for all of its open pages; each page's CSRF
//!   token is put in as the fragment is sent.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;
use tokio::sync::{broadcast, watch};

use super::PageError;
use super::layout::page;
use crate::auth::{Area, Denied, Staff, cookie};
use crate::floor::{self as floor_names, FloorRow, Titles};
use crate::state::{AppState, Event, now_ms};
use crate::store::{
    FloorAction, FloorOutcome, FloorState, Need, NewRegistration, RegistrationKind,
    RegistrationRow, Role, StoreError, Zone,
};

/// The floor page's live update and action forms.
pub const FLOOR_JS: &str = include_str!("../../static/floor.js");

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/floor", get(floor))
        .route("/floor/events", get(events))
        .route("/floor/register", post(register))
        .route("/floor/{id}/{action}", post(act))
        .route("/static/floor.js", get(script))
}

/// Stands in the rendered fragment where the session's CSRF token goes
/// (`<` cannot come out of maud's escaping, so no visitor text can look
/// like it).
const CSRF_MARK: &str = "<csrf>";

/// The one-shot message after a POST without JavaScript.
const FLASH_COOKIE: &str = "entre_hub_floor_msg";

/// How often the list is drawn again without a change (the minutes
/// waited), and how often a keep-alive comment is sent.
const TICK: Duration = Duration::from_secs(15);
/// An office's list is drawn and sent at most this often: a change after a
/// quiet spell goes out at once, a burst (many kiosks registering at once)
/// is gathered into one list every 250 ms instead of one per change, each
/// the whole list to every page (measured: `scripts/bench-hub`, floor
/// scale).
const MIN_GAP: Duration = Duration::from_millis(250);

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
        FLOOR_JS,
    )
        .into_response()
}

#[derive(Deserialize, Default)]
struct Ask {
    #[serde(default)]
    office: String,
}

/// The office whose floor `staff` may see for `asked` (`?office=`): a
/// guide's or manager's own (another office: 403); an admin's is the one
/// asked, else their own, else `None` (the page lets them choose).
pub(super) fn office_for(
    state: &AppState,
    staff: &Staff,
    asked: &str,
) -> Result<Option<String>, PageError> {
    staff.require(Area::Floor)?;
    let asked = asked.trim();
    let office = match staff.user.role {
        Role::Admin if !asked.is_empty() => asked.to_string(),
        Role::Admin => match staff.office() {
            Some(o) => o.to_string(),
            None => return Ok(None),
        },
        _ => {
            let own = staff.office().ok_or(Denied::Role)?;
            if !asked.is_empty() && asked != own {
                return Err(Denied::Role.into());
            }
            own.to_string()
        }
    };
    if state.config.office(&office).is_none() {
        return Err(PageError::BadRequest(format!(
            "Kontoret {} finns inte i hubbens inställningar.",
            entre_core::text::quote(&office)
        )));
    }
    Ok(Some(office))
}

/// `/floor`, with `?office=ID` when an admin chose one.
pub(super) fn floor_url(staff: &Staff, office: &str) -> String {
    if staff.user.role == Role::Admin && staff.office() != Some(office) {
        format!("/floor?office={}", url_part(office))
    } else {
        "/floor".to_string()
    }
}

/// A path or query part: office and registration ids are plain ids, but
/// anything else is percent-encoded.
fn url_part(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

// ---------------------------------------------------------------- icons

/// Small inline icons (decoration beside a word, never alone).
fn icon(path: &'static str) -> Markup {
    html! {
        svg.icon viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false" {
            (PreEscaped(path))
        }
    }
}

const ICON_PRIVATE: &str = r#"<rect x="5" y="10.5" width="14" height="10" rx="2" fill="none" stroke="currentColor" stroke-width="2"/><path d="M8 10.5V7.5a4 4 0 0 1 8 0v3" fill="none" stroke="currentColor" stroke-width="2"/>"#;
const ICON_SEATED: &str = r#"<circle cx="10" cy="4" r="2" fill="currentColor"/><path d="M10 7v6h6l2 6M10 10h5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/><path d="M7.5 11.5a5 5 0 1 0 6.5 6.5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>"#;
const ICON_INTERPRETER: &str = r#"<path d="M3 5h11v8H8l-3 3v-3H3z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/><path d="M16 9h5v8h-2v3l-3-3h-5v-2" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>"#;
const ICON_ZONE: &str = r#"<path d="M12 21s-6.5-6-6.5-11a6.5 6.5 0 0 1 13 0c0 5-6.5 11-6.5 11z" fill="none" stroke="currentColor" stroke-width="2"/><circle cx="12" cy="10" r="2.3" fill="currentColor"/>"#;
const ICON_CLOCK: &str = r#"<circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2"/><path d="M12 7v5l3 2" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>"#;
const ICON_DESK: &str = r#"<rect x="3" y="4" width="18" height="17" rx="2" fill="none" stroke="currentColor" stroke-width="2"/><path d="M3 9h18M8 2v4M16 2v4" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>"#;

fn need_icon(n: Need) -> &'static str {
    match n {
        Need::Private => ICON_PRIVATE,
        Need::Seated => ICON_SEATED,
        Need::Interpreter => ICON_INTERPRETER,
    }
}

// ---------------------------------------------------------------- the list

/// The list of the office's open registrations (`rows` oldest first, as
/// [`crate::store::Store::floor`] gives them), with the action forms
/// carrying [`CSRF_MARK`] for the token. What the page shows and what the
/// live update sends.
fn list(rows: &[FloorRow], office: &str, warn_min: u32) -> Markup {
    let waiting = rows
        .iter()
        .filter(|r| r.row.state == FloorState::Waiting)
        .count();
    let claimed = rows.len() - waiting;
    html! {
        p.count {
            @if rows.is_empty() {
                "Ingen väntar just nu."
            } @else {
                strong { (waiting) } " väntar"
                @if claimed > 0 { ", " strong { (claimed) } " får hjälp" }
                "."
            }
        }
        @if !rows.is_empty() {
            ol.floor-list {
                @for r in rows { (card(r, office, warn_min)) }
            }
        }
    }
}

fn card(r: &FloorRow, office: &str, warn_min: u32) -> Markup {
    let row = &r.row;
    let claimed = row.state == FloorState::Claimed;
    let unreached = row.kind == RegistrationKind::CheckinUnreached;
    html! {
        li.card.warn[r.warn].claimed[claimed].unreached[unreached]
            data-id=(row.id) data-code=(row.code) data-state=(row.state.name()) {
            div.top {
                span.code { (row.code) }
                span.waited {
                    (icon(ICON_CLOCK))
                    span.visually-hidden { "Väntat " }
                    (r.minutes) " min"
                    @if r.warn {
                        " " span.late { "Väntat över " (warn_min) " min" }
                    }
                }
            }
            @if unreached {
                p.what.desk { (icon(ICON_DESK)) span { (r.what_sv) } }
                @if let Some(c) = &row.checkin {
                    p.why {
                        @match c.reason {
                            crate::store::Unreached::Away => "Handläggaren är borta. Möt besökaren i receptionen och ring enheten.",
                            crate::store::Unreached::Relay => "Meddelandet gick inte fram. Möt besökaren i receptionen och ring handläggaren.",
                        }
                    }
                }
            } @else {
                p.what { (r.what_sv) }
                p.lang {
                    span.visually-hidden { "Språk: " }
                    (r.language_sv)
                    @if r.interpreter() { " + tolk" }
                }
                @if !row.needs.is_empty() {
                    ul.needs aria-label="Behov" {
                        @for n in &row.needs {
                            li.need { (icon(need_icon(*n))) span { (floor_names::need_sv(*n)) } }
                        }
                    }
                }
            }
            @if let Some(z) = &r.zone_sv {
                p.zone { (icon(ICON_ZONE)) span.visually-hidden { "Plats: " } span { (z) } }
            }
            @if claimed {
                p.who { (row.claimed_by.as_deref().unwrap_or("Någon")) " tar hand om den" }
            }
            div.acts {
                @if claimed {
                    (act_form(row, office, "done", "Klar", ""))
                    (act_form(row, office, "left", "Gick innan hjälp", "secondary"))
                    (act_form(row, office, "release", "Lämna tillbaka", "secondary"))
                } @else {
                    (act_form(row, office, "claim", "Jag tar den", "take"))
                }
            }
        }
    }
}

fn act_form(row: &RegistrationRow, office: &str, action: &str, label: &str, class: &str) -> Markup {
    html! {
        form.act method="post" action={ "/floor/" (url_part(&row.id)) "/" (action) } {
            input type="hidden" name="csrf" value=(PreEscaped(CSRF_MARK));
            input type="hidden" name="office" value=(office);
            button type="submit" class=(class) data-action=(action) {
                (label) span.visually-hidden { " – " (row.code) }
            }
        }
    }
}

/// The errand titles an office's guides read, and the content versions
/// they came from: loaded again only when a version changes (the renderer
/// draws often; the guidance is large).
type TitlesCache = Option<((Option<i64>, Option<i64>, Option<i64>), Titles)>;

async fn titles(state: &AppState, office: &str, cache: &mut TitlesCache) -> Titles {
    let numbers = state.store.content_live_numbers(office).await.ok();
    if let (Some(n), Some((had, t))) = (numbers, cache.as_ref())
        && n == *had
    {
        return t.clone();
    }
    let t = Titles::of_office(state.store.as_ref(), office).await;
    if let Some(n) = numbers {
        *cache = Some((n, t.clone()));
    }
    t
}

/// The office's open registrations as the floor shows them now.
async fn rows(
    state: &AppState,
    office: &str,
    cache: &mut TitlesCache,
) -> Result<Vec<FloorRow>, StoreError> {
    let now = now_ms();
    let rows = state.store.floor(Some(office)).await?;
    let titles = titles(state, office, cache).await;
    let settings = state.config.floor_of(office);
    Ok(rows
        .into_iter()
        .map(|r| FloorRow::new(r, now, settings, &titles))
        .collect())
}

/// The fragment for `office` now, with [`CSRF_MARK`] for the token.
async fn fragment(
    state: &AppState,
    office: &str,
    cache: &mut TitlesCache,
) -> Result<String, StoreError> {
    let rows = rows(state, office, cache).await?;
    let warn = state.config.floor_of(office).wait_warn_min;
    Ok(list(&rows, office, warn).into_string())
}

fn with_token(fragment: &str, staff: &Staff) -> String {
    fragment.replace(CSRF_MARK, staff.csrf())
}

// ---------------------------------------------------------------- the page

/// A one-shot message: `ok`, its text, a code to show large, and the
/// registration whose visitor may be given the survey now ("Klar" on a
/// walk-in).
struct Flash {
    ok: bool,
    text: String,
    code: Option<String>,
    survey: Option<String>,
}

/// The survey page of registration `id`.
pub(super) fn survey_url(id: &str) -> String {
    format!("/floor/{}/survey", url_part(id))
}

/// "Ge besökaren enkäten": the floor's offer after "Klar".
const SURVEY_OFFER: &str = "Ge besökaren enkäten";

impl Flash {
    fn encode(&self) -> String {
        let raw = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}",
            if self.ok { "1" } else { "0" },
            self.text,
            self.code.as_deref().unwrap_or(""),
            self.survey.as_deref().unwrap_or("")
        );
        raw.bytes().map(|b| format!("{b:02x}")).collect()
    }

    fn decode(hex: &str) -> Option<Flash> {
        if !hex.len().is_multiple_of(2) || hex.len() > 1200 {
            return None;
        }
        let bytes: Option<Vec<u8>> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
            .collect();
        let raw = String::from_utf8(bytes?).ok()?;
        let mut parts = raw.split('\u{1f}');
        let ok = parts.next()? == "1";
        let text = parts.next()?.to_string();
        let code = parts
            .next()
            .filter(|c| entre_core::protocol::is_code(c))
            .map(str::to_string);
        let survey = parts
            .next()
            .filter(|id| {
                !id.is_empty()
                    && id.len() <= 64
                    && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
            .map(str::to_string);
        Some(Flash {
            ok,
            text,
            code,
            survey,
        })
    }

    fn cookie(&self, tls: bool) -> HeaderValue {
        let secure = if tls { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{FLASH_COOKIE}={}; Path=/floor; HttpOnly; SameSite=Strict; Max-Age=60{secure}",
            self.encode()
        ))
        .expect("hex")
    }

    fn clear(tls: bool) -> HeaderValue {
        let secure = if tls { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{FLASH_COOKIE}=; Path=/floor; HttpOnly; SameSite=Strict; Max-Age=0{secure}"
        ))
        .expect("ascii")
    }

    fn render(&self) -> Markup {
        html! {
            (self.text)
            @if let Some(c) = &self.code { " " span.code-big { (c) } }
            @if let Some(id) = &self.survey {
                " " a.button.survey-offer href=(survey_url(id)) { (SURVEY_OFFER) }
            }
        }
    }
}

async fn floor(
    State(state): State<AppState>,
    staff: Staff,
    Query(ask): Query<Ask>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let Some(office) = office_for(&state, &staff, &ask.office)? else {
        return Ok(choose_office(&state, &staff).into_response());
    };
    let flash = cookie(&headers, FLASH_COOKIE).and_then(Flash::decode);
    let mut r = floor_page(
        &state,
        &staff,
        &office,
        flash.as_ref(),
        &Chosen::default(),
        None,
    )
    .await?
    .into_response();
    if cookie(&headers, FLASH_COOKIE).is_some() {
        r.headers_mut()
            .insert(header::SET_COOKIE, Flash::clear(state.tls));
    }
    Ok(r)
}

/// An admin without an office: which floor?
fn choose_office(state: &AppState, staff: &Staff) -> impl IntoResponse {
    page(
        "Golvet",
        Some(staff),
        html! {
            h1 { "Golvet" }
            p { "Välj kontor:" }
            ul.cards {
                @for o in &state.config.offices {
                    li { a href={ "/floor?office=" (url_part(&o.id)) } { span.name { (o.name) } span.what { (o.id) } } }
                }
            }
        },
    )
}

/// What the registration form had chosen (kept when it is shown again).
#[derive(Default)]
struct Chosen {
    errand: String,
    language: String,
    needs: Vec<Need>,
    zone: String,
}

async fn floor_page(
    state: &AppState,
    staff: &Staff,
    office: &str,
    flash: Option<&Flash>,
    chosen: &Chosen,
    problem: Option<&str>,
) -> Result<axum::response::Html<String>, PageError> {
    let rows = rows(state, office, &mut None).await?;
    let settings = state.config.floor_of(office);
    let fragment = with_token(
        &list(&rows, office, settings.wait_warn_min).into_string(),
        staff,
    );
    let office_name = state
        .config
        .office(office)
        .map_or(office, |o| o.name.as_str());
    let titles = Titles::of_office(state.store.as_ref(), office).await;
    let errands = errands(state, office, &titles).await;
    let zones = zones_seen(&rows);
    let events = format!(
        "/floor/events{}",
        floor_url(staff, office).trim_start_matches("/floor")
    );
    let body = html! {
        div.floor-head {
            h1 { "Golvet" span.office { (office_name) } }
            a.button.secondary href="#registrera" { "Registrera besökare" }
        }
        p #offline .offline hidden role="alert" {
            "Offline sedan " span #offline-since { "–" } ". Listan kan vara inaktuell. Försöker ansluta igen …"
        }
        p #live .live hidden { "Listan uppdateras av sig själv." }
        div #floor-msg .flash.ok[flash.is_some_and(|f| f.ok)] .problem[flash.is_some_and(|f| !f.ok)] role="status" aria-live="polite" {
            @if let Some(f) = flash { (f.render()) }
        }
        div #floor data-events=(events) { (PreEscaped(fragment)) }
        section #registrera .register aria-labelledby="registrera-rubrik" {
            h2 #registrera-rubrik { "Registrera besökare" }
            p.hint { "För den som inte använde kiosken. Inget namn: bara ärende, språk, behov och plats." }
            @if let Some(p) = problem { p.problem role="alert" { (p) } }
            form #register-form .stack method="post" action="/floor/register" {
                input type="hidden" name="csrf" value=(staff.csrf());
                input type="hidden" name="office" value=(office);
                label for="errand" { "Ärende" }
                select #errand name="errand" {
                    option value="" selected[chosen.errand.is_empty()] { (floor_names::OTHER_ERRAND_SV) }
                    @for (id, title) in &errands {
                        option value=(id) selected[&chosen.errand == id] { (title) }
                    }
                }
                label for="language" { "Språk" }
                select #language name="language" {
                    @for code in languages(state) {
                        @let selected = if chosen.language.is_empty() { code == "sv" } else { chosen.language == code };
                        option value=(code) selected[selected] { (floor_names::language_sv(&code)) }
                    }
                }
                fieldset.needs-choice {
                    legend { "Behov" }
                    @for n in Need::ALL {
                        label.check {
                            input type="checkbox" name={ "need_" (n.id()) } value="1" checked[chosen.needs.contains(&n)];
                            (icon(need_icon(n)))
                            span { (need_long(n)) }
                        }
                    }
                }
                @if !zones.is_empty() {
                    label for="zone" { "Plats" }
                    select #zone name="zone" {
                        option value="" selected[chosen.zone.is_empty()] { "Ingen särskild plats" }
                        @for z in &zones {
                            option value=(z.id) selected[chosen.zone == z.id] { (z.label_sv) }
                        }
                    }
                }
                button type="submit" { "Registrera" }
            }
        }
        script src="/static/floor.js" defer {}
    };
    Ok(page("Golvet", Some(staff), body))
}

/// A need as the registration form says it.
fn need_long(n: Need) -> &'static str {
    match n {
        Need::Private => "Vill prata enskilt",
        Need::Seated => "Behöver sitta / rullstol",
        Need::Interpreter => "Behöver tolk",
    }
}

/// The city's languages (`[content] languages`), Swedish first.
fn languages(state: &AppState) -> Vec<String> {
    let mut v = vec!["sv".to_string()];
    v.extend(
        state
            .config
            .languages
            .iter()
            .filter(|l| *l != "sv")
            .cloned(),
    );
    v
}

/// The office's errands (of its published guidance; the packaged ones
/// while nothing is published, as its kiosks show them), by Swedish title.
async fn errands(state: &AppState, office: &str, titles: &Titles) -> Vec<(String, String)> {
    let mut ids: Vec<String> = Vec::new();
    if let Ok(live) = state.store.content_live(office).await {
        for payload in [&live.city_guidance, &live.office_guidance]
            .into_iter()
            .flatten()
        {
            if let Ok(serde_json::Value::Object(langs)) =
                serde_json::from_str::<serde_json::Value>(&payload.1)
                && let Some(serde_json::Value::Object(sv)) = langs.get("sv")
            {
                ids.extend(sv.keys().cloned());
            }
        }
    }
    if ids.is_empty() {
        ids = Titles::packaged_ids()
            .into_iter()
            .map(str::to_string)
            .collect();
    }
    ids.sort();
    ids.dedup();
    let mut v: Vec<(String, String)> = ids
        .into_iter()
        .map(|id| {
            let t = titles.get(&id).to_string();
            (id, t)
        })
        .collect();
    v.sort_by(|a, b| a.1.cmp(&b.1));
    v
}

/// The zones seen in the office's open registrations, by label.
fn zones_seen(rows: &[FloorRow]) -> Vec<Zone> {
    let mut zones: Vec<Zone> = Vec::new();
    for r in rows {
        if let Some(z) = &r.row.zone
            && !zones.iter().any(|x| x.id == z.id)
        {
            zones.push(z.clone());
        }
    }
    zones.sort_by(|a, b| a.label_sv.cmp(&b.label_sv));
    zones
}

// ---------------------------------------------------------------- actions

#[derive(Deserialize)]
struct ActForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    office: String,
}

/// Whether the request came from floor.js (answer JSON, not a redirect).
fn from_script(headers: &HeaderMap) -> bool {
    headers.get("x-floor").is_some_and(|v| v == "fetch")
}

/// The answer to an action: JSON for floor.js, else 303 back with the
/// message in the one-shot cookie.
fn answer(state: &AppState, headers: &HeaderMap, back: &str, flash: Flash) -> Response {
    if from_script(headers) {
        Json(serde_json::json!({
            "ok": flash.ok,
            "message": flash.text,
            "code": flash.code,
            "survey": flash.survey.as_deref().map(survey_url),
            "survey_label": flash.survey.as_ref().map(|_| SURVEY_OFFER),
        }))
        .into_response()
    } else {
        let mut r = Redirect::to(back).into_response();
        r.headers_mut()
            .insert(header::SET_COOKIE, flash.cookie(state.tls));
        r
    }
}

async fn act(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, action)): Path<(String, String)>,
    headers: HeaderMap,
    Form(f): Form<ActForm>,
) -> Result<Response, PageError> {
    staff.require(Area::Floor)?;
    staff.check_csrf(&f.csrf)?;
    let action = match action.as_str() {
        "claim" => FloorAction::Claim,
        "release" => FloorAction::Release,
        "done" => FloorAction::Done,
        "left" => FloorAction::Left,
        _ => return Err(PageError::NotFound),
    };
    // The row's own office decides who may act on it.
    let Some(row) = state.store.registration(&id).await? else {
        return Err(PageError::NotFound);
    };
    let office = office_for(&state, &staff, &row.office)?.ok_or(PageError::NotFound)?;
    let back = floor_url(&staff, &office);
    let _ = f.office;
    let me = staff.user.name.as_str();
    let outcome = match state.store.floor_act(&id, me, action, now_ms()).await {
        Ok(o) => o,
        Err(StoreError::NotFound(_)) => {
            return Ok(answer(
                &state,
                &headers,
                &back,
                Flash {
                    ok: false,
                    text: "Besökaren finns inte längre i listan.".into(),
                    code: None,
                    survey: None,
                },
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let flash = match outcome {
        FloorOutcome::Changed(r) => {
            let _ = state.events.send(Event::Floor {
                office: office.clone(),
            });
            let text = match action {
                FloorAction::Claim => format!("Du tar hand om {}.", r.code),
                FloorAction::Release => format!("{} är tillbaka i listan.", r.code),
                FloorAction::Done => format!("{} är klar.", r.code),
                FloorAction::Left => format!("{} gick innan hjälp.", r.code),
            };
            // A walk-in helped: its visitor may be given the survey.
            let survey = (action == FloorAction::Done && r.kind == RegistrationKind::WalkIn)
                .then(|| r.id.clone());
            Flash {
                ok: true,
                text,
                code: None,
                survey,
            }
        }
        FloorOutcome::Refused(r) => Flash {
            ok: false,
            text: refused(&r, me),
            code: None,
            survey: None,
        },
    };
    Ok(answer(&state, &headers, &back, flash))
}

/// Why an action was refused, from the row as it is now.
fn refused(r: &RegistrationRow, me: &str) -> String {
    match (r.state, r.claimed_by.as_deref()) {
        (FloorState::Claimed, Some(who)) if who == me => {
            format!("{}: du tar redan hand om den.", r.code)
        }
        (FloorState::Claimed, Some(who)) => format!("{}: {who} tog den redan.", r.code),
        (FloorState::Waiting, _) => format!("{}: ingen har tagit den än.", r.code),
        (FloorState::Done, _) => format!("{}: redan klar.", r.code),
        (FloorState::Left, _) => format!("{}: gick redan innan hjälp.", r.code),
        _ => format!("{}: finns inte längre i listan.", r.code),
    }
}

#[derive(Deserialize)]
struct RegisterForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    office: String,
    #[serde(default)]
    errand: String,
    #[serde(default)]
    language: String,
    need_private: Option<String>,
    need_seated: Option<String>,
    need_interpreter: Option<String>,
    #[serde(default)]
    zone: String,
}

async fn register(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Form(f): Form<RegisterForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let office = office_for(&state, &staff, &f.office)?
        .ok_or_else(|| PageError::BadRequest("Välj ett kontor först.".into()))?;
    let needs: Vec<Need> = [
        (Need::Private, &f.need_private),
        (Need::Seated, &f.need_seated),
        (Need::Interpreter, &f.need_interpreter),
    ]
    .into_iter()
    .filter(|(_, v)| v.is_some())
    .map(|(n, _)| n)
    .collect();
    let chosen = Chosen {
        errand: f.errand.trim().to_string(),
        language: f.language.trim().to_string(),
        needs,
        zone: f.zone.trim().to_string(),
    };
    // Every field is a choice from the form; anything else is said plainly.
    let titles = Titles::of_office(state.store.as_ref(), &office).await;
    let problem = if !chosen.errand.is_empty()
        && !errands(&state, &office, &titles)
            .await
            .iter()
            .any(|(id, _)| *id == chosen.errand)
    {
        Some(format!(
            "Ärendet {} finns inte på det här kontoret. Välj ett ärende i listan.",
            entre_core::text::quote(&chosen.errand)
        ))
    } else if !languages(&state).contains(&chosen.language) {
        Some(format!(
            "Språket {} finns inte bland kioskernas språk. Välj ett språk i listan.",
            entre_core::text::quote(&chosen.language)
        ))
    } else {
        None
    };
    let open = state.store.floor(Some(&office)).await?;
    let zone = if chosen.zone.is_empty() {
        None
    } else {
        open.iter()
            .filter_map(|r| r.zone.clone())
            .find(|z| z.id == chosen.zone)
    };
    let problem = problem.or_else(|| {
        (!chosen.zone.is_empty() && zone.is_none()).then(|| {
            format!(
                "Platsen {} finns inte längre. Välj en plats i listan.",
                entre_core::text::quote(&chosen.zone)
            )
        })
    });
    if let Some(p) = problem {
        if from_script(&headers) {
            return Ok(
                Json(serde_json::json!({ "ok": false, "message": p, "code": null }))
                    .into_response(),
            );
        }
        let page = floor_page(&state, &staff, &office, None, &chosen, Some(&p)).await?;
        return Ok((axum::http::StatusCode::BAD_REQUEST, page).into_response());
    }
    let now = now_ms();
    let tz = floor_names::zone(&state.config.timezone);
    let new = NewRegistration {
        id: uuid4(),
        office: office.clone(),
        kiosk: None,
        registered_by: Some(staff.user.name.clone()),
        at_ms: now,
        kind: RegistrationKind::WalkIn,
        errand: (!chosen.errand.is_empty()).then(|| chosen.errand.clone()),
        language: chosen.language.clone(),
        needs: chosen.needs.clone(),
        zone,
        checkin: None,
        floor: true,
        day: floor_names::local_day(now, &tz),
    };
    let got = state.store.registration_add(&new, now).await?;
    let _ = state.events.send(Event::Floor {
        office: office.clone(),
    });
    let back = floor_url(&staff, &office);
    Ok(answer(
        &state,
        &headers,
        &back,
        Flash {
            ok: true,
            text: "Registrerad. Säg numret till besökaren:".into(),
            code: Some(got.code),
            survey: None,
        },
    ))
}

/// A random UUID, version 4.
fn uuid4() -> String {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).expect("the operating system's random source");
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

// ---------------------------------------------------------------- live

/// One office's renderer in this process: the latest fragment, shared by
/// every open page of that office.
struct Renderer {
    /// Which hub (the state's event channel) it belongs to.
    events: broadcast::Sender<Event>,
    office: String,
    tx: watch::Sender<Arc<String>>,
}

static RENDERERS: Mutex<Vec<Renderer>> = Mutex::new(Vec::new());

fn find_renderer(state: &AppState, office: &str) -> Option<watch::Receiver<Arc<String>>> {
    let mut all = RENDERERS.lock().unwrap_or_else(|e| e.into_inner());
    all.retain(|r| !r.tx.is_closed());
    all.iter()
        .find(|r| r.office == office && r.events.same_channel(&state.events))
        .map(|r| r.tx.subscribe())
}

/// The latest fragment of `office`, kept current by its renderer (started
/// here if none runs).
async fn live(state: &AppState, office: &str) -> Result<watch::Receiver<Arc<String>>, StoreError> {
    if let Some(rx) = find_renderer(state, office) {
        return Ok(rx);
    }
    // Listen before the first render: nothing between is missed.
    let events = state.events.subscribe();
    let mut cache: TitlesCache = None;
    let first = fragment(state, office, &mut cache).await?;
    let (tx, rx) = watch::channel(Arc::new(first));
    {
        let mut all = RENDERERS.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(r) = all.iter().find(|r| {
            r.office == office && r.events.same_channel(&state.events) && !r.tx.is_closed()
        }) {
            return Ok(r.tx.subscribe());
        }
        all.push(Renderer {
            events: state.events.clone(),
            office: office.to_string(),
            tx: tx.clone(),
        });
    }
    tokio::spawn(render_loop(
        state.clone(),
        office.to_string(),
        tx,
        events,
        cache,
    ));
    Ok(rx)
}

/// Draws `office`'s list again after each change of its floor and every
/// [`TICK`]; sends it on only when it differs. Ends when no page listens.
async fn render_loop(
    state: AppState,
    office: String,
    tx: watch::Sender<Arc<String>>,
    mut events: broadcast::Receiver<Event>,
    mut cache: TitlesCache,
) {
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.tick().await;
    let mut last = tokio::time::Instant::now();
    loop {
        tokio::select! {
            _ = tx.closed() => return,
            got = events.recv() => match got {
                Ok(Event::Floor { office: o }) if o == office => {}
                Ok(_) => continue,
                Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => return,
            },
            _ = tick.tick() => {}
        }
        // Too soon after the last drawing: wait, gathering what comes.
        tokio::time::sleep_until(last + MIN_GAP).await;
        last = tokio::time::Instant::now();
        // Changes that came meanwhile are in the one drawing below.
        while let Ok(_) | Err(broadcast::error::TryRecvError::Lagged(_)) = events.try_recv() {}
        match fragment(&state, &office, &mut cache).await {
            Ok(html) => {
                tx.send_if_modified(|cur| {
                    if **cur == html {
                        false
                    } else {
                        *cur = Arc::new(html);
                        true
                    }
                });
            }
            Err(e) => tracing::warn!(office = %entre_core::text::cut(&office), "floor: {e}"),
        }
    }
}

async fn events(
    State(state): State<AppState>,
    staff: Staff,
    Query(ask): Query<Ask>,
) -> Result<Response, PageError> {
    let office = office_for(&state, &staff, &ask.office)?
        .ok_or_else(|| PageError::BadRequest("Välj ett kontor: ?office=ID.".into()))?;
    let rx = live(&state, &office).await?;
    let checked = std::time::Instant::now();
    let stream = futures_util::stream::unfold(
        (state, staff, rx, true, checked),
        |(state, staff, mut rx, first, mut checked)| async move {
            if !first && rx.changed().await.is_err() {
                return None;
            }
            // The session may have ended (logout, expiry): then the stream
            // ends, and the page's reconnect is sent to the login page.
            if checked.elapsed() > Duration::from_secs(60) {
                match state
                    .store
                    .session(staff.session.token_sha256, now_ms())
                    .await
                {
                    Ok(Some(_)) => checked = std::time::Instant::now(),
                    Ok(None) => return None,
                    Err(_) => {}
                }
            }
            let html = with_token(&rx.borrow_and_update(), &staff);
            let ev = SseEvent::default()
                .event("floor")
                .retry(Duration::from_secs(2))
                .data(html);
            Some((Ok::<_, Infallible>(ev), (state, staff, rx, false, checked)))
        },
    );
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(TICK))
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flash_survives_its_cookie_and_a_forged_code_does_not_show() {
        let f = Flash {
            ok: false,
            text: "K27: Ali tog den redan.".into(),
            code: Some("K27".into()),
            survey: Some("6b0f3c1e-2a4d-4e8f-9b7a-1c2d3e4f5a6b".into()),
        };
        let back = Flash::decode(&f.encode()).unwrap();
        assert!(!back.ok);
        assert_eq!(back.text, f.text);
        assert_eq!(back.code.as_deref(), Some("K27"));
        assert_eq!(
            back.survey.as_deref(),
            Some("6b0f3c1e-2a4d-4e8f-9b7a-1c2d3e4f5a6b")
        );
        let forged = Flash {
            ok: true,
            text: "x".into(),
            code: Some("<b>".into()),
            survey: Some("\"><b>".into()),
        };
        assert_eq!(Flash::decode(&forged.encode()).unwrap().code, None);
        assert_eq!(Flash::decode(&forged.encode()).unwrap().survey, None);
        assert!(Flash::decode("zz").is_none());
    }

    #[test]
    fn uuids_are_version_4() {
        let u = uuid4();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!("89ab".contains(&u[19..20]));
        assert_ne!(u, uuid4());
    }

    #[test]
    fn url_parts_are_encoded() {
        assert_eq!(url_part("demo-1"), "demo-1");
        assert_eq!(url_part("a b/<"), "a%20b%2F%3C");
    }
}
