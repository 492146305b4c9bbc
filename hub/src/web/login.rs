//! Login, logout, the one-time link that sets a password, and the start
//! page (which links only what the role may use).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use maud::{Markup, html};
use serde::Deserialize;

use super::PageError;
use super::layout::{page, role_name};
use crate::auth::{self, ClientAddr, FormToken, LoginError, Staff};
use crate::state::{AppState, now_ms};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(start))
        .route("/login", get(login_form).post(login))
        .route("/logout", axum::routing::post(logout))
        .route("/setup/{token}", get(setup_form).post(setup))
}

/// The start page: one link per area the role may use.
async fn start(staff: Staff) -> Response {
    let areas = [
        (
            "/floor",
            "Golvet",
            "Besökarna på golvet just nu.",
            auth::Area::Floor,
        ),
        (
            "/stats",
            "Statistik",
            "Besök, ärenden och egenmakt, per period.",
            auth::Area::Stats,
        ),
        (
            "/content",
            "Innehåll",
            "Vägledningen kioskerna visar: ladda upp, granska, publicera.",
            auth::Area::Content,
        ),
        (
            "/fleet",
            "Kiosker",
            "Varje kiosk: senaste kontakt, version och fel.",
            auth::Area::Fleet,
        ),
    ];
    let office = staff.office().map(|o| o.to_string());
    page(
        "Start",
        Some(&staff),
        html! {
            h1 { "Välkommen, " (staff.user.name) }
            p {
                "Du är inloggad som " (role_name(staff.user.role))
                @if let Some(office) = &office { " på kontoret " strong { (office) } }
                "."
            }
            ul.cards {
                @for (href, name, what, area) in areas {
                    @if staff.may(area) {
                        li { a href=(href) { span.name { (name) } span.what { (what) } } }
                    }
                }
            }
        },
    )
    .into_response()
}

fn login_page(
    status: StatusCode,
    headers: &HeaderMap,
    tls: bool,
    name: &str,
    problem: Option<&str>,
) -> Response {
    let token = FormToken::from_headers(headers);
    let body = html! {
        h1 { "Logga in" }
        @if let Some(problem) = problem {
            p.problem role="alert" { (problem) }
        }
        form.stack method="post" action="/login" {
            input type="hidden" name="csrf" value=(token.value);
            label for="name" { "Användarnamn" }
            input #name type="text" name="name" value=(name) autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus[name.is_empty()];
            label for="password" { "Lösenord" }
            input #password type="password" name="password" autocomplete="current-password" required autofocus[!name.is_empty()];
            button type="submit" { "Logga in" }
        }
    };
    let mut r = (status, page("Logga in", None, body)).into_response();
    if token.is_new {
        r.headers_mut()
            .append(header::SET_COOKIE, token.set_cookie(tls));
    }
    r
}

async fn login_form(
    State(state): State<AppState>,
    staff: Option<Staff>,
    headers: HeaderMap,
) -> Response {
    if staff.is_some() {
        return Redirect::to("/").into_response();
    }
    login_page(StatusCode::OK, &headers, state.tls, "", None)
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

async fn login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, PageError> {
    FormToken::check(&headers, &f.csrf)?;
    let name = f.name.trim();
    match auth::login(&state, name, &f.password, addr).await {
        Ok(session) => {
            let mut r = Redirect::to("/").into_response();
            r.headers_mut().append(header::SET_COOKIE, session.cookie);
            Ok(r)
        }
        Err(LoginError::Wrong) => Ok(login_page(
            StatusCode::UNAUTHORIZED,
            &headers,
            state.tls,
            name,
            Some("Fel användarnamn eller lösenord."),
        )),
        Err(LoginError::Throttled) => Ok(login_page(
            StatusCode::TOO_MANY_REQUESTS,
            &headers,
            state.tls,
            name,
            Some("För många misslyckade inloggningar. Vänta en kvart och försök igen."),
        )),
        Err(LoginError::Store(e)) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn logout(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<CsrfForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    auth::end_session(&state, &staff).await?;
    let mut r = Redirect::to("/login").into_response();
    r.headers_mut()
        .append(header::SET_COOKIE, auth::clear_session_cookie(state.tls));
    Ok(r)
}

fn setup_body(token: &FormToken, link: &str, name: &str, problem: Option<&str>) -> Markup {
    html! {
        h1 { "Välj lösenord" }
        p { "Kontot " strong { (name) } " behöver ett lösenord. Minst 12 tecken; en mening du minns fungerar bra." }
        @if let Some(problem) = problem {
            p.problem role="alert" { (problem) }
        }
        form.stack method="post" action=(link) {
            input type="hidden" name="csrf" value=(token.value);
            input type="text" name="name" value=(name) autocomplete="username" hidden;
            label for="password" { "Nytt lösenord" }
            input #password type="password" name="password" autocomplete="new-password" minlength="12" required autofocus;
            label for="again" { "Samma lösenord igen" }
            input #again type="password" name="again" autocomplete="new-password" minlength="12" required;
            button type="submit" { "Spara lösenordet" }
        }
    }
}

fn link_gone() -> PageError {
    PageError::BadRequest(
        "Länken gäller inte längre: den är redan använd eller äldre än ett dygn. Be en administratör om en ny.".to_string(),
    )
}

async fn setup_form(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let user = state
        .store
        .user_by_setup_token(auth::token_sha256(&token), now_ms())
        .await?
        .ok_or_else(link_gone)?;
    let form = FormToken::from_headers(&headers);
    let link = format!("/setup/{token}");
    let mut r = page(
        "Välj lösenord",
        None,
        setup_body(&form, &link, &user.name, None),
    )
    .into_response();
    if form.is_new {
        r.headers_mut()
            .append(header::SET_COOKIE, form.set_cookie(state.tls));
    }
    Ok(r)
}

#[derive(Deserialize)]
struct SetupForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    again: String,
}

async fn setup(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Form(f): Form<SetupForm>,
) -> Result<Response, PageError> {
    FormToken::check(&headers, &f.csrf)?;
    let user = state
        .store
        .user_by_setup_token(auth::token_sha256(&token), now_ms())
        .await?
        .ok_or_else(link_gone)?;
    let problem = if f.password != f.again {
        Some("De två lösenorden är inte lika.")
    } else {
        auth::password_problem(&f.password)
    };
    if let Some(problem) = problem {
        let form = FormToken::from_headers(&headers);
        let link = format!("/setup/{token}");
        return Ok((
            StatusCode::BAD_REQUEST,
            page(
                "Välj lösenord",
                None,
                setup_body(&form, &link, &user.name, Some(problem)),
            ),
        )
            .into_response());
    }
    let password = f.password;
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|e| PageError::Store(crate::store::StoreError::Other(e.to_string())))?;
    state.store.user_set_password(&user.name, &hash).await?;
    let session = auth::start_session(&state, &user.name).await?;
    let mut r = Redirect::to("/").into_response();
    r.headers_mut().append(header::SET_COOKIE, session.cookie);
    Ok(r)
}
