//! The content page (editors, admins): the version list as `entre-hub
//! content list` shows it, upload of a content folder, a draft's summary,
//! publish, and roll back to an earlier version; and what kiosks refused.
//!
//! Upload: one `<input type="file" multiple webkitdirectory>`. Chromium
//! (and Firefox, Safari) then let the editor pick the folder itself (e.g.
//! `guidance/`, holding `sv/housing.toml`, `en/housing.toml` …) and send
//! each file with its path relative to the folder as its file name
//! (`guidance/sv/housing.toml`), which is all the import needs; no zip,
//! no JavaScript. The import, its check and the summary are
//! [`crate::content`]'s, as for `entre-hub content import`.

use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{Markup, html};
use serde::Deserialize;

use super::PageError;
use super::layout::{page, when};
use crate::auth::{Area, Staff};
use crate::content::{self, ContentError};
use crate::state::{AppState, Event};
use crate::store::{ContentKind, ContentStatus, ContentVersion};

/// The most an upload may carry (the demo's 100 bundles are 0.5 MB).
pub const UPLOAD_LIMIT: usize = 16 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/content", get(list))
        .route(
            "/content/upload",
            post(upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/content/{number}/publish", post(publish))
}

#[derive(Deserialize, Default)]
struct Said {
    /// A version just imported or published (after the redirect).
    importerad: Option<String>,
    publicerad: Option<String>,
}

fn scope(state: &AppState, office: Option<&str>) -> String {
    match office {
        None => "Hela staden".to_string(),
        Some(id) => state
            .config
            .office(id)
            .map(|o| o.name.clone())
            .unwrap_or_else(|| id.to_string()),
    }
}

fn status_tag(s: ContentStatus) -> Markup {
    match s {
        ContentStatus::Draft => html! { span.tag.draft { "utkast" } },
        ContentStatus::Published => html! { span.tag.live { "publicerad" } },
        ContentStatus::Retired => html! { span.tag { "tidigare" } },
    }
}

fn versions_table(state: &AppState, staff: &Staff, versions: &[ContentVersion]) -> Markup {
    let tz = &state.config.timezone;
    html! {
        @if versions.is_empty() {
            p { "Inga versioner än. Ladda upp en mapp ovan, eller kör " code { "entre-hub content import MAPP" } "." }
        } @else {
            table.rows {
                thead { tr {
                    th scope="col" { "Nr" }
                    th scope="col" { "Gäller" }
                    th scope="col" { "Status" }
                    th scope="col" { "Ändringar" }
                    th scope="col" { "Importerad" }
                    th scope="col" { "Publicerad" }
                    th scope="col" { span.visually-hidden { "Åtgärd" } }
                } }
                tbody {
                    @for v in versions {
                        tr id=(format!("v{}", v.number)) {
                            th scope="row" data-label="Nr" { "Version " (v.number) }
                            td data-label="Gäller" {
                                (scope(state, v.office.as_deref()))
                                @if v.kind == ContentKind::Directory { " (kontorskatalog)" } @else { " (vägledning)" }
                            }
                            td data-label="Status" { (status_tag(v.status)) }
                            td data-label="Ändringar" { (v.summary) }
                            td data-label="Importerad" { (v.imported_by) ", " (when(v.imported_ms, tz)) }
                            td data-label="Publicerad" {
                                @match (&v.published_by, v.published_ms) {
                                    (Some(by), Some(at)) => {
                                        (by) ", " (when(at, tz))
                                        @if let Some(r) = &v.reviewed_by { br; "granskad av " strong { (r) } }
                                    }
                                    _ => "–",
                                }
                            }
                            td data-label="Åtgärd" {
                                @match v.status {
                                    ContentStatus::Published => "i bruk",
                                    status => {
                                        form.inline method="post" action=(format!("/content/{}/publish", v.number)) {
                                            input type="hidden" name="csrf" value=(staff.csrf());
                                            @if status == ContentStatus::Draft {
                                                button type="submit" { "Publicera version " (v.number) }
                                            } @else {
                                                button.secondary type="submit" { "Återställ till version " (v.number) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p.note {
                "Den som publicerar ett utkast som någon annan har laddat upp står som granskare. "
                "Att återställa publicerar en tidigare version igen."
            }
        }
    }
}

/// What was refused: an upload, or a publication.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Refused {
    Upload,
    Publish(i64),
}

/// The whole content page; `problems` and `office` are a refused upload's
/// or publication's.
async fn render(
    state: &AppState,
    staff: &Staff,
    said: Said,
    refused: Option<(Refused, &[String])>,
    office: Option<&str>,
) -> Result<Markup, PageError> {
    let versions = state.store.content_versions().await?;
    let refusals: Vec<(String, i64, String)> = state
        .store
        .kiosks()
        .await?
        .into_iter()
        .filter_map(|k| k.heartbeat.map(|h| (k.id, h)))
        .flat_map(|(id, h)| {
            h.last_errors.into_iter().filter_map(move |(at, what)| {
                what.strip_prefix(super::fleet::REFUSED)
                    .map(|w| (id.clone(), at, w.to_string()))
            })
        })
        .collect();
    let tz = &state.config.timezone;
    Ok(html! {
        h1 { "Innehåll" }
        @if let Some(n) = said.importerad.as_deref().and_then(|n| n.parse::<i64>().ok()) {
            p.ok role="status" { "Version " (n) " är uppladdad som utkast. Nu kan en annan redaktör granska och publicera den." }
        }
        @if let Some(n) = said.publicerad.as_deref().and_then(|n| n.parse::<i64>().ok()) {
            p.ok role="status" { "Version " (n) " är publicerad. Kioskerna hämtar den vid nästa synkning." }
        }
        h2 { "Ladda upp en ny version" }
        @if let Some((what, problems)) = refused {
            div.problem role="alert" {
                @match what {
                    Refused::Upload => p { "Uppladdningen togs inte emot: " (problems.len()) " fel. Inget sparades. Rätta filerna och ladda upp mappen igen." },
                    Refused::Publish(n) => p { "Version " (n) " kunde inte publiceras: " (problems.len()) " fel. Inget ändrades." },
                }
            }
            ul.problems {
                @for p in problems { li { code { (p) } } }
            }
        }
        form.stack method="post" action="/content/upload" enctype="multipart/form-data" {
            input type="hidden" name="csrf" value=(staff.csrf());
            label for="office" { "Gäller" }
            select #office name="office" {
                option value="" selected[office.is_none()] { "Hela staden" }
                @for o in &state.config.offices {
                    option value=(o.id) selected[office == Some(o.id.as_str())] { (o.name) " (ersätter stadens för dessa ärenden)" }
                }
            }
            label for="files" { "Mapp med vägledning" }
            p.hint #files-hint { "Välj mappen som har en mapp per språk (sv, en, ar …) med en fil per ärende, till exempel sv/bostad.toml." }
            input #files type="file" name="files" multiple webkitdirectory aria-describedby="files-hint" required;
            button type="submit" { "Ladda upp som utkast" }
        }
        h2 { "Versioner" }
        (versions_table(state, staff, &versions))
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
    })
}

async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(said): Query<Said>,
) -> Result<Response, PageError> {
    staff.require(Area::Content)?;
    let body = render(&state, &staff, said, None, None).await?;
    Ok(page("Innehåll", Some(&staff), body).into_response())
}

fn content_error(e: ContentError) -> Result<Vec<String>, PageError> {
    match e {
        ContentError::Refused(problems) => Ok(problems),
        ContentError::UnknownOffice(o) => Ok(vec![format!(
            "okänt kontor {}",
            entre_core::text::quote(&o)
        )]),
        ContentError::NotFound(_) => Err(PageError::NotFound),
        ContentError::Unreadable(what) => Ok(vec![what]),
        ContentError::Store(e) => Err(e.into()),
    }
}

async fn upload(
    State(state): State<AppState>,
    staff: Staff,
    mut form: Multipart,
) -> Result<Response, PageError> {
    staff.require(Area::Content)?;
    let bad = |e: axum::extract::multipart::MultipartError| {
        PageError::BadRequest(format!(
            "Uppladdningen kunde inte läsas ({}). Försök igen; en mapp får vara högst 16 MB.",
            e.body_text()
        ))
    };
    let mut csrf = String::new();
    let mut office = String::new();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    while let Some(field) = form.next_field().await.map_err(bad)? {
        match field.name() {
            Some("csrf") => csrf = field.text().await.map_err(bad)?,
            Some("office") => office = field.text().await.map_err(bad)?,
            Some("files") => {
                let name = field.file_name().unwrap_or_default().replace('\\', "/");
                let bytes = field.bytes().await.map_err(bad)?;
                // An empty file input still sends one nameless, empty part.
                if !(name.is_empty() && bytes.is_empty()) {
                    files.push((name, bytes.to_vec()));
                }
            }
            _ => {}
        }
    }
    staff.check_csrf(&csrf)?;
    let office = (!office.is_empty()).then_some(office);
    match content::import_files(
        state.store.as_ref(),
        &state.config,
        files,
        office.as_deref(),
        &staff.user.name,
    )
    .await
    {
        Ok(imported) => {
            let _ = state.events.send(Event::Content {
                number: imported.number,
            });
            Ok(Redirect::to(&format!(
                "/content?importerad={}#v{}",
                imported.number, imported.number
            ))
            .into_response())
        }
        Err(e) => {
            let problems = content_error(e)?;
            let body = render(
                &state,
                &staff,
                Said::default(),
                Some((Refused::Upload, &problems)),
                office.as_deref(),
            )
            .await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page("Innehåll", Some(&staff), body),
            )
                .into_response())
        }
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    Path(number): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, PageError> {
    staff.require(Area::Content)?;
    staff.check_csrf(&f.csrf)?;
    match content::publish(
        state.store.as_ref(),
        &state.config,
        number,
        &staff.user.name,
    )
    .await
    {
        Ok(_) => {
            let _ = state.events.send(Event::Content { number });
            Ok(Redirect::to(&format!("/content?publicerad={number}#v{number}")).into_response())
        }
        Err(e) => {
            let problems = content_error(e)?;
            let body = render(
                &state,
                &staff,
                Said::default(),
                Some((Refused::Publish(number), &problems)),
                None,
            )
            .await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page("Innehåll", Some(&staff), body),
            )
                .into_response())
        }
    }
}
