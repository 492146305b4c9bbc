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
use entre_core::stats::suppress::{self, HIDDEN};
use entre_core::stats::{By, Counts, Indicator, Period, Targets, TertialIndicators, UNKNOWN};
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
const BYS: [(&str, &str); 8] = [
    ("purpose", "Typ av besök"),
    ("errand", "Ärende"),
    ("language", "Språk"),
    ("hour", "Timme"),
    ("weekday", "Veckodag"),
    ("day", "Dag"),
    ("office", "Kontor"),
    ("gender", "Kön"),
];

/// `--by gender`'s rows in Swedish.
fn group_label(by: By, key: &str) -> String {
    match (by, key) {
        (By::Gender, "women") => "Kvinnor".into(),
        (By::Gender, "men") => "Män".into(),
        (By::Gender, "another") => "Annat svar".into(),
        (By::Gender, "not answered") => "Ej svarat".into(),
        _ => by.label(key),
    }
}

/// "64 % (32 av 50)", "inga svar", or "–" when hidden.
fn share(i: &Indicator, hidden: bool) -> String {
    if hidden {
        return HIDDEN.to_string();
    }
    match i.share() {
        Some(s) => format!("{} % ({} av {})", s.round(), i.yes, i.answered),
        None => "inga svar".to_string(),
    }
}

/// The columns of the visits table that [`suppress::hide`] looks at:
/// visits, check-ins, guidance, learned yes/no, self yes/no, survey
/// answers; yes and no add up to those who answered (shown as a share).
fn visit_cells(c: &Counts) -> Vec<u64> {
    vec![
        c.visits,
        c.checkins,
        c.guidance_views,
        c.learned_yes,
        c.learned_no,
        c.self_yes,
        c.self_no,
        c.survey_answers,
    ]
}

fn row(
    label: &str,
    c: &Counts,
    hidden: &[bool],
    report: &entre_core::stats::Report,
    total: bool,
) -> Markup {
    let learned = c.learned(report.targets.learned);
    let selfn = c.self_next_time(report.targets.self_next_time);
    let cells = visit_cells(c);
    let n = |i: usize| suppress::cell(cells[i], hidden[i]);
    html! {
        tr.total[total] {
            th scope="row" data-label="Grupp" { (label) }
            td.num data-label="Besök" { (n(0)) }
            td.num data-label="Incheckningar" { (n(1)) }
            td.num data-label="Vägledningar" { (n(2)) }
            td.num data-label="Lärde sig något" { (share(&learned, hidden[3] || hidden[4])) }
            td.num data-label="Klarar själv nästa gång" { (share(&selfn, hidden[5] || hidden[6])) }
            td.num data-label="Enkätsvar utan besök" { (n(7)) }
            td.num data-label="Mejl levererade" { (UNKNOWN) }
        }
    }
}

/// "målet nått" / "under målet" after a share that is shown.
fn against(i: &Indicator, hidden: bool) -> &'static str {
    match (hidden, i.met()) {
        (false, Some(true)) => "målet nått",
        (false, Some(false)) => "under målet",
        _ => "",
    }
}

/// One office's (or the city's) indicators per tertial: a table (women,
/// men, everyone, per T1, T2, T3, cumulative from 1 January) and the chart.
fn tertial_section(
    id: &str,
    title: &str,
    rows: &[TertialIndicators],
    targets: Targets,
    min_cell: u64,
) -> Result<Markup, crate::store::StoreError> {
    let svg = entre_core::stats::chart::tertial_svg(title, rows, targets, min_cell)
        .map_err(|e| crate::store::StoreError::Other(e.to_string()))?;
    let mut any_hidden = false;
    let lines: Vec<(String, &str, Counts, [bool; 2], bool)> = rows
        .iter()
        .zip(entre_core::stats::tertial_hidden(rows, min_cell))
        .flat_map(|(t, h)| {
            any_hidden |= h.iter().flatten().any(|&x| x);
            let to = format!(
                "{} (jan–{})",
                t.label,
                MONTHS[t.period.to.month() as usize - 1]
            );
            [
                (to, "Kvinnor", t.women, h[0], false),
                (String::new(), "Män", t.men, h[1], false),
                (String::new(), "Alla", t.all, [false, false], true),
            ]
        })
        .collect();
    Ok(html! {
        section.tertials aria-labelledby=(format!("{id}-h")) {
            h3 id=(format!("{id}-h")) { (title) }
            table.rows.figures {
                thead { tr {
                    th scope="col" { "Tertial" }
                    th scope="col" { "Grupp" }
                    th.num scope="col" { "Lärde sig något nytt (mål " (targets.learned) " %)" }
                    th.num scope="col" { "Klarar det själv nästa gång (mål " (targets.self_next_time) " %)" }
                } }
                tbody {
                    @for (tertial, group, c, hidden, all) in &lines {
                        @let l = c.learned(targets.learned);
                        @let sn = c.self_next_time(targets.self_next_time);
                        tr.total[*all] {
                            td data-label="Tertial" { (tertial) }
                            th scope="row" data-label="Grupp" { (group) }
                            td.num data-label="Lärde sig något nytt" {
                                (share(&l, hidden[0])) " " span.note { (against(&l, hidden[0])) }
                            }
                            td.num data-label="Klarar det själv nästa gång" {
                                (share(&sn, hidden[1])) " " span.note { (against(&sn, hidden[1])) }
                            }
                        }
                    }
                }
            }
            @if any_hidden { p.note.footnote { (crate::report::footnote_sv(min_cell)) } }
            figure.chart {
                div role="img" aria-label=(format!("Diagram: {title}, andel kvinnor och män som lärde sig något nytt och som klarar det själv nästa gång, per tertial, mot målen. Siffrorna finns i tabellen ovan.")) {
                    (PreEscaped(inline_svg(&svg)))
                }
            }
        }
    })
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

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
                "Perioden {} förstods inte. Skriv ett år (2026), en tertial (2026-T1 … 2026-T3, från 1 januari) eller en månad (2026-03).",
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
    let min_cell = u64::from(config.min_cell);
    // The chart's monthly shares: a month with fewer than min_cell answers
    // is drawn as one without answers (the chart hides its small cells
    // too).
    let mut chart =
        crate::stats::chart_data(state.store.as_ref(), config, office.as_deref(), period).await?;
    for m in &mut chart.months {
        if m.learned_answered < min_cell {
            (m.learned_yes, m.learned_answered) = (0, 0);
        }
        if m.self_answered < min_cell {
            (m.self_yes, m.self_answered) = (0, 0);
        }
    }
    let svg = entre_core::stats::chart::svg(&chart)
        .map_err(|e| crate::store::StoreError::Other(e.to_string()))?;
    // The visits table's small figures, hidden with their complements.
    let cells: Vec<Vec<u64>> = report
        .rows
        .iter()
        .map(|(_, c)| c)
        .chain(std::iter::once(&report.total))
        .map(visit_cells)
        .collect();
    let hidden = suppress::hide(&cells, true, min_cell, &[vec![3, 4], vec![5, 6]]);
    let any_hidden = hidden.iter().flatten().any(|&h| h);
    // The egenmakt indicators per tertial of the period's year: the
    // office's, or the city's and then each office's.
    let year = period.to.year();
    let targets = crate::stats::targets(config);
    let scopes: Vec<Option<&str>> = match &office {
        Some(o) => vec![Some(o.as_str())],
        None => std::iter::once(None)
            .chain(config.offices.iter().map(|o| Some(o.id.as_str())))
            .collect(),
    };
    let each = crate::stats::tertials_each(state.store.as_ref(), config, &scopes, year).await?;
    let mut sections = Vec::new();
    for (i, (scope, rows)) in scopes.into_iter().zip(each).enumerate() {
        let title = format!("{}, {year}", crate::stats::title(config, scope));
        sections.push(tertial_section(
            &format!("tertial-{i}"),
            &title,
            &rows,
            targets,
            min_cell,
        )?);
    }
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
            p.hint #period-hint { "Ett år (2026), en tertial räknad från 1 januari (2026-T1, 2026-T2, 2026-T3) eller en månad (2026-03). Tertialerna visas för periodens år." }
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
        h2 { "Egenmakt per tertial, kvinnor och män" }
        p.note {
            "Andelen av dem som svarade, räknat från 1 januari som staden redovisar: T1 januari–april, T2 januari–augusti, T3 hela året. "
            "Frågan om kön är frivillig; \"Alla\" räknar också dem som svarat annat eller inte svarat."
        }
        @for s in &sections { (s) }
        h2 { "Besök" }
        table.rows.figures {
            thead { tr {
                th scope="col" { (BYS.iter().find(|b| b.0 == by.name()).map_or("Grupp", |b| b.1)) }
                th.num scope="col" { "Besök" }
                th.num scope="col" { "Incheckningar" }
                th.num scope="col" { "Vägledningar" }
                th.num scope="col" { "Lärde sig något" }
                th.num scope="col" { "Klarar själv nästa gång" }
                th.num scope="col" { "Enkätsvar utan besök" }
                th.num scope="col" { "Mejl levererade" }
            } }
            tbody {
                @for ((label, c), h) in report.rows.iter().zip(&hidden) {
                    (row(&group_label(by, label), c, h, &report, false))
                }
                (row("Totalt", &report.total, &hidden[hidden.len() - 1], &report, true))
            }
        }
        @if any_hidden { p.note.footnote { (crate::report::footnote_sv(min_cell)) } }
        p.note {
            "Mål: lärde sig något " (report.targets.learned) " %, klarar själv nästa gång "
            (report.targets.self_next_time) " %. "
            "Enkätsvar som lämnats utan besök (kioskens startsida, golvets enkät) räknas inte som besök, men deras svar räknas i andelarna. "
            "Mejl syns bara i kioskens egen statistik (–)."
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
