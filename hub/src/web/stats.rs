//! The statistics page: managers see their own office's figures, admins
//! any office's or the whole city's. The table is `entre-hub stats`'s
//! report and the chart is the same SVG as `entre stats --chart`, inline;
//! both come from [`crate::stats`]. A plain GET form: works without
//! JavaScript, and a view can be bookmarked.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use entre_core::stats::{By, Counts, Indicator, Period, UNKNOWN};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::PageError;
use super::layout::page;
use crate::auth::{Area, Staff};
use crate::state::AppState;
use crate::store::Role;

pub fn router() -> Router<AppState> {
    Router::new().route("/stats", get(stats))
}

#[derive(Deserialize, Default)]
struct Ask {
    #[serde(default)]
    period: String,
    #[serde(default)]
    by: String,
    /// Admins only; empty: the whole city.
    #[serde(default)]
    office: String,
}

/// The breakdowns, in Swedish.
const BYS: [(&str, &str); 7] = [
    ("purpose", "Typ av besök"),
    ("errand", "Ärende"),
    ("language", "Språk"),
    ("hour", "Timme"),
    ("weekday", "Veckodag"),
    ("day", "Dag"),
    ("office", "Kontor"),
];

/// The smallest figure the page shows as it is. A count from 1 to 4 is
/// shown as "färre än 5", and a share of fewer than 5 answers not at all,
/// so that no cell can single out a visitor (a manager who knows who came
/// on a given day could otherwise read that visitor's survey answer from a
/// group of one). `entre-hub stats` on the command line stays exact: its
/// figures must add up to the kiosks' own.
pub const SMALL: u64 = 5;

fn count(n: u64) -> String {
    if n > 0 && n < SMALL {
        format!("färre än {SMALL}")
    } else {
        n.to_string()
    }
}

fn share(i: &Indicator) -> String {
    if i.answered > 0 && i.answered < SMALL {
        return format!("färre än {SMALL} svar");
    }
    match i.share() {
        Some(s) => format!("{} % ({} av {})", s.round(), i.yes, i.answered),
        None => UNKNOWN.to_string(),
    }
}

fn row(label: &str, c: &Counts, report: &entre_core::stats::Report, total: bool) -> Markup {
    let learned = c.learned(report.targets.learned);
    let selfn = c.self_next_time(report.targets.self_next_time);
    html! {
        tr.total[total] {
            th scope="row" data-label="Grupp" { (label) }
            td.num data-label="Besök" { (count(c.visits)) }
            td.num data-label="Incheckningar" { (count(c.checkins)) }
            td.num data-label="Vägledningar" { (count(c.guidance_views)) }
            td.num data-label="Lärde sig något" { (share(&learned)) }
            td.num data-label="Klarar själv nästa gång" { (share(&selfn)) }
            td.num data-label="Mejl levererade" {
                @if report.mail_known { (count(c.mail_delivered)) } @else { (UNKNOWN) }
            }
        }
    }
}

/// Drops the XML prologue so that the chart's SVG can sit inside HTML.
fn inline_svg(svg: &str) -> &str {
    svg.find("<svg").map_or(svg, |at| &svg[at..])
}

async fn stats(
    State(state): State<AppState>,
    staff: Staff,
    Query(ask): Query<Ask>,
) -> Result<Response, PageError> {
    staff.require(Area::Stats)?;
    let config = &state.config;
    // A manager sees their own office, whatever the address asks; an admin
    // any office, or the whole city.
    let office: Option<String> = match staff.user.role {
        Role::Admin => (!ask.office.is_empty()).then(|| ask.office.clone()),
        // A manager without an office (not made by `user add`) sees nothing.
        _ => Some(staff.office().ok_or(crate::auth::Denied::Role)?.to_string()),
    };
    if let Some(o) = &office
        && config.office(o).is_none()
    {
        return Err(PageError::BadRequest(format!(
            "Kontoret {} finns inte i hubbens inställningar.",
            entre_core::text::quote(o)
        )));
    }
    let tz = crate::stats::timezone(config)?;
    let today = jiff::Timestamp::now().to_zoned_datetime(tz).date();
    let mut problems = Vec::new();
    let period = if ask.period.trim().is_empty() {
        Period::this_year(today)
    } else {
        Period::parse(&ask.period).unwrap_or_else(|| {
            problems.push(format!(
                "Perioden {} förstods inte. Skriv ett år (2026), en tertial (2026-T1) eller en månad (2026-03).",
                entre_core::text::quote(&ask.period)
            ));
            Period::this_year(today)
        })
    };
    let by_ok = |b: By| b != By::Office || office.is_none();
    let by = match By::parse(&ask.by) {
        Some(b) if by_ok(b) => b,
        Some(_) => By::Purpose,
        None if ask.by.is_empty() => By::Purpose,
        None => {
            problems.push(format!(
                "Uppdelningen {} finns inte.",
                entre_core::text::quote(&ask.by)
            ));
            By::Purpose
        }
    };
    let report =
        crate::stats::report(state.store.as_ref(), config, office.as_deref(), period, by).await?;
    // The chart's monthly shares follow the same rule as the table: a month
    // with fewer than SMALL answers is drawn as one without answers.
    let mut chart =
        crate::stats::chart_data(state.store.as_ref(), config, office.as_deref(), period).await?;
    for m in &mut chart.months {
        if m.learned_answered < SMALL {
            (m.learned_yes, m.learned_answered) = (0, 0);
        }
        if m.self_answered < SMALL {
            (m.self_yes, m.self_answered) = (0, 0);
        }
    }
    let svg = entre_core::stats::chart::svg(&chart)
        .map_err(|e| crate::store::StoreError::Other(e.to_string()))?;
    let title = crate::stats::title(config, office.as_deref());
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let period_text = if ask.period.trim().is_empty() {
        period.from.year().to_string()
    } else {
        ask.period.clone()
    };
    let body = html! {
        h1 { "Statistik" }
        p { strong { (title) } ", " (period.from) " – " (period.to) }
        @for p in &problems { p.problem role="alert" { (p) } }
        form.stack.filters method="get" action="/stats" {
            @if staff.user.role == Role::Admin {
                label for="office" { "Kontor" }
                select #office name="office" {
                    option value="" selected[office.is_none()] { "Hela staden" }
                    @for o in &config.offices {
                        option value=(o.id) selected[office.as_deref() == Some(o.id.as_str())] { (o.name) }
                    }
                }
            }
            label for="period" { "Period" }
            p.hint #period-hint { "Ett år (2026), en tertial (2026-T1) eller en månad (2026-03)." }
            input #period type="text" name="period" value=(period_text) aria-describedby="period-hint" inputmode="numeric";
            label for="by" { "Dela upp efter" }
            select #by name="by" {
                @for (name, label) in BYS {
                    @if by_ok(By::parse(name).unwrap_or_default()) {
                        option value=(name) selected[by.name() == name] { (label) }
                    }
                }
            }
            button type="submit" { "Visa" }
        }
        h2 { "Besök" }
        table.rows.figures {
            thead { tr {
                th scope="col" { (BYS.iter().find(|b| b.0 == by.name()).map_or("Grupp", |b| b.1)) }
                th.num scope="col" { "Besök" }
                th.num scope="col" { "Incheckningar" }
                th.num scope="col" { "Vägledningar" }
                th.num scope="col" { "Lärde sig något" }
                th.num scope="col" { "Klarar själv nästa gång" }
                th.num scope="col" { "Mejl levererade" }
            } }
            tbody {
                @for (label, c) in &report.rows { (row(&by.label(label), c, &report, false)) }
                (row("Totalt", &report.total, &report, true))
            }
        }
        p.note {
            "Mål: lärde sig något " (report.targets.learned) " %, klarar själv nästa gång "
            (report.targets.self_next_time) " %. "
            @if !report.mail_known { "Mejl syns bara i kioskens egen statistik (–). " }
            "Tal under " (SMALL) " visas som \"färre än " (SMALL) "\" så att ingen besökare kan pekas ut."
        }
        h2 { "Diagram" }
        figure.chart {
            div role="img" aria-label="Diagram: besök per månad och andel som lärde sig något och klarar sig själv nästa gång, mot målen." {
                (PreEscaped(inline_svg(&svg)))
            }
            figcaption.note { "Samma diagram som " code { "entre stats --chart" } ". Siffrorna finns i tabellen ovan." }
        }
    };
    Ok((status, page("Statistik", Some(&staff), body)).into_response())
}
