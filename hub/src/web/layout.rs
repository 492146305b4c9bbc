//! The frame every staff page shares: the head, the bar with the links the
//! role may use and the logout button, and plain pages for errors.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use crate::auth::{Area, Staff};
use crate::store::Role;

/// A role's name on the pages.
pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Guide => "vägledare",
        Role::Manager => "chef",
        Role::Editor => "redaktör",
        Role::Admin => "administratör",
    }
}

/// The areas a role may use, in the bar's order, with their link and name.
pub fn links(staff: &Staff) -> Vec<(&'static str, &'static str)> {
    [
        (Area::Floor, "/floor", "Golvet"),
        (Area::Stats, "/stats", "Statistik"),
        (Area::Content, "/content", "Innehåll"),
        (Area::Fleet, "/fleet", "Kiosker"),
    ]
    .into_iter()
    .filter(|(area, _, _)| staff.may(*area))
    .map(|(_, href, name)| (href, name))
    .collect()
}

/// A whole page: `title` (also the tab's), the bar for `staff` if signed
/// in, and `body` inside `<main>`.
pub fn page(title: &str, staff: Option<&Staff>, body: Markup) -> Html<String> {
    Html(
        html! {
            (DOCTYPE)
            html lang="sv" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " – Entré hubb" }
                    link rel="stylesheet" href="/static/hub.css";
                }
                body {
                    header.bar {
                        a.brand href="/" { "Entré hubb" }
                        @if let Some(staff) = staff {
                            nav aria-label="Sidor" {
                                @for (href, name) in links(staff) {
                                    a href=(href) { (name) }
                                }
                            }
                            form.who method="post" action="/logout" {
                                input type="hidden" name="csrf" value=(staff.csrf());
                                span { (staff.user.name) " (" (role_name(staff.user.role)) ")" }
                                button type="submit" { "Logga ut" }
                            }
                        }
                    }
                    main { (body) }
                }
            }
        }
        .into_string(),
    )
}

/// A plain page with a status: errors and refusals.
pub fn plain(status: StatusCode, title: &str, text: &str) -> Response {
    (
        status,
        page(
            title,
            None,
            html! {
                h1 { (title) }
                p { (text) }
                p { a href="/" { "Till startsidan" } }
            },
        ),
    )
        .into_response()
}

/// A Unix-millisecond time as local `YYYY-MM-DD HH:MM` in `tz`.
pub fn when(ms: i64, tz: &str) -> String {
    let Ok(ts) = jiff::Timestamp::from_millisecond(ms) else {
        return "–".to_string();
    };
    match jiff::tz::TimeZone::get(tz) {
        Ok(zone) => ts
            .to_zoned_datetime(zone)
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => ts.strftime("%Y-%m-%d %H:%M UTC").to_string(),
    }
}
