//! Figures across kiosks: the same report and chart as `entre stats`
//! (entre-core's [`entre_core::stats`]), for one office or the whole city,
//! from the visits the kiosks sent.
//!
//! The visits are read from either engine as plain rows and counted in
//! Rust ([`entre_core::stats::aggregate`]) in the hub's time zone
//! (`[stats] timezone`, else the system's), so SQLite and PostgreSQL give
//! the same figures, and the same as the kiosks' own for the same visits.
//! Mail columns are "–": only a kiosk knows what became of its mail.

use entre_core::stats::{self as core, By, Period, Report, Targets, VisitFact};
use jiff::tz::TimeZone;

use crate::config::HubConfig;
use crate::store::{Store, StoreError, VisitRow};

/// The fonts a PNG chart is set in (Noto Sans, OFL: assets/fonts/OFL.txt):
/// the chart's text is Swedish and office names.
pub const FONTS: [&[u8]; 2] = [
    include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSans-Bold.ttf"),
];

/// The time zone figures are counted in: `[stats] timezone`, or the
/// system's when it is empty.
pub fn timezone(config: &HubConfig) -> Result<TimeZone, StoreError> {
    let name = config.timezone.trim();
    if name.is_empty() {
        return Ok(TimeZone::system());
    }
    TimeZone::get(name).map_err(|e| {
        StoreError::Other(format!(
            "[stats] timezone {}: {e}",
            entre_core::text::quote(name)
        ))
    })
}

/// The egenmakt targets of hub.toml's `[stats]`.
pub fn targets(config: &HubConfig) -> Targets {
    Targets {
        learned: config.target_learned,
        self_next_time: config.target_self_next_time,
    }
}

/// `NotFound` for an office not in hub.toml.
fn known_office(config: &HubConfig, office: Option<&str>) -> Result<(), StoreError> {
    match office {
        Some(id) if config.office(id).is_none() => Err(StoreError::NotFound(format!(
            "no office {} in {} (offices: {})",
            entre_core::text::quote(id),
            config.path.display(),
            config
                .offices
                .iter()
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
        _ => Ok(()),
    }
}

/// The visits of `office` (or the whole city) in `period`, local time `tz`.
async fn visits(
    store: &dyn Store,
    office: Option<&str>,
    period: Period,
    tz: &TimeZone,
) -> Result<Vec<VisitRow>, StoreError> {
    let (from, to) = period.bounds_ms(tz);
    store.visits(office, from, to).await
}

fn facts(rows: &[VisitRow]) -> Vec<VisitFact<'_>> {
    rows.iter()
        .map(|v| VisitFact {
            at_ms: v.at_ms,
            purpose: &v.purpose,
            errand: v.errand.as_deref(),
            language: &v.language,
            learned: v.learned,
            self_next_time: v.self_next_time,
            checkin_unit: v.checkin_unit.as_deref(),
            office: &v.office,
        })
        .collect()
}

/// The report of `office` (`None`: the whole city) for `period`, broken
/// down `by` (also `By::Office`), in the hub's time zone. `NotFound` for an
/// office not in hub.toml. Its mail columns are not known (`mail_known`
/// false: "–").
pub async fn report(
    store: &dyn Store,
    config: &HubConfig,
    office: Option<&str>,
    period: Period,
    by: By,
) -> Result<Report, StoreError> {
    known_office(config, office)?;
    let tz = timezone(config)?;
    let rows = visits(store, office, period, &tz).await?;
    Ok(core::aggregate(
        &facts(&rows),
        period,
        &tz,
        by,
        targets(config),
    ))
}

/// What the figures are of: "Medborgarkontoret Centrum" or, for the whole
/// city, "Hela staden" (as a chart title, in Swedish).
pub fn title(config: &HubConfig, office: Option<&str>) -> String {
    match office.and_then(|id| config.office(id)) {
        Some(o) => o.name.clone(),
        None => match office {
            Some(id) => id.to_string(),
            None => "Hela staden".to_string(),
        },
    }
}

/// The table's heading, as `entre stats` names its office and kiosk:
/// "Medborgarkontoret Centrum (office centrum)", or "The whole city
/// (3 offices)".
pub fn heading(config: &HubConfig, office: Option<&str>) -> String {
    match office {
        Some(id) => format!("{} (office {id})", title(config, Some(id))),
        None => format!(
            "The whole city ({} office{})",
            config.offices.len(),
            if config.offices.len() == 1 { "" } else { "s" }
        ),
    }
}

/// What the chart of `office` (or the city) for `period` draws, titled
/// as `entre stats --chart` titles it ("NAME, FROM – TO").
pub async fn chart_data(
    store: &dyn Store,
    config: &HubConfig,
    office: Option<&str>,
    period: Period,
) -> Result<core::chart::ChartData, StoreError> {
    known_office(config, office)?;
    let tz = timezone(config)?;
    let rows = visits(store, office, period, &tz).await?;
    Ok(core::chart_data(
        &facts(&rows),
        period,
        &tz,
        targets(config),
        format!("{}, {} – {}", title(config, office), period.from, period.to),
    ))
}

/// The chart of `office` (or the city) for `period` as an SVG document:
/// the same chart as `entre stats --chart FILE.svg`, for the stats page.
pub async fn chart_svg(
    store: &dyn Store,
    config: &HubConfig,
    office: Option<&str>,
    period: Period,
) -> Result<String, StoreError> {
    let data = chart_data(store, config, office, period).await?;
    core::chart::svg(&data).map_err(|e| StoreError::Other(e.to_string()))
}

/// Writes the chart to `path` (SVG or PNG by its extension), as
/// `entre stats --chart` does.
pub fn write_chart(
    path: &std::path::Path,
    data: &core::chart::ChartData,
) -> Result<(), core::chart::ChartError> {
    core::chart::write(path, data, &FONTS)
}
