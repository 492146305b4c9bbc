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
use crate::store::{FloorFact, FloorState, Ms, RegistrationKind, Store, StoreError, VisitRow};

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

/// The visits as entre-core's facts (the hub does not know their mail).
pub fn facts(rows: &[VisitRow]) -> Vec<VisitFact<'_>> {
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
            gender: v.gender,
            kind: v.kind,
            meanwhile: v.meanwhile,
            mail: None,
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
    let mut report = core::aggregate(
        &facts(&rows),
        period,
        &tz,
        by,
        targets(config),
        u64::from(config.min_cell),
    );
    let floor = floor_report(store, config, office, period, FloorBy::Errand).await?;
    report.walk_ins = Some(walk_ins(&floor, &report));
    Ok(report)
}

/// The walk-ins of a report: registrations, waits and who left from the
/// floor; who opened "start meanwhile" from the visits (the kiosk marks
/// them).
pub fn walk_ins(floor: &FloorReport, report: &Report) -> core::WalkIns {
    let t = &floor.total;
    core::WalkIns {
        // Those sent to the reception registered too.
        registrations: t.walk_ins + floor.desk,
        waited: Some(t.wait.count() as u64),
        wait_median_ms: t.wait.median(),
        wait_p90_ms: t.wait.p90(),
        closed: Some(t.closed),
        left: Some(t.left),
        meanwhile: report.total.meanwhile,
    }
}

/// The egenmakt indicators of women and men for T1, T2 and T3 of `year`,
/// each cumulative from 1 January (the hub's time zone), for `office` or
/// the whole city: [`core::tertials`] of its visits (survey answers
/// included: their answers count, they are not visits). `NotFound` for an
/// office not in hub.toml.
pub async fn tertials(
    store: &dyn Store,
    config: &HubConfig,
    office: Option<&str>,
    year: i16,
) -> Result<Vec<core::TertialIndicators>, StoreError> {
    let mut each = tertials_each(store, config, &[office], year).await?;
    Ok(each.remove(0))
}

/// [`tertials`] for each of `scopes` (an office, or `None` for the whole
/// city), in that order, from one read of the year's visits: one office's
/// own when it is the only scope, else the city's, split by office.
pub async fn tertials_each(
    store: &dyn Store,
    config: &HubConfig,
    scopes: &[Option<&str>],
    year: i16,
) -> Result<Vec<Vec<core::TertialIndicators>>, StoreError> {
    for scope in scopes {
        known_office(config, *scope)?;
    }
    let tz = timezone(config)?;
    let period = Period::parse(&format!("{year:04}"))
        .ok_or_else(|| StoreError::Other(format!("no year {year}")))?;
    let read = match scopes {
        [one] => *one,
        _ => None,
    };
    let rows = visits(store, read, period, &tz).await?;
    let facts = facts(&rows);
    Ok(scopes
        .iter()
        .map(|scope| match scope {
            Some(office) if read.is_none() => {
                let own: Vec<VisitFact<'_>> = facts
                    .iter()
                    .filter(|f| f.office == *office)
                    .copied()
                    .collect();
                core::tertials(&own, year, &tz)
            }
            _ => core::tertials(&facts, year, &tz),
        })
        .collect())
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
        u64::from(config.min_cell),
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

/// What the floor figures are broken down by: errand, language or office
/// (`--by` of those; by errand for any other `--by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloorBy {
    Errand,
    Language,
    Office,
}

impl FloorBy {
    pub fn of(by: By) -> FloorBy {
        match by {
            By::Language => FloorBy::Language,
            By::Office => FloorBy::Office,
            _ => FloorBy::Errand,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            FloorBy::Errand => "errand",
            FloorBy::Language => "language",
            FloorBy::Office => "office",
        }
    }
}

/// Times in milliseconds, with their median and 90th percentile
/// (nearest rank: the smallest time with at least 50 % / 90 % of the
/// times at or below it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Times {
    sorted: Vec<Ms>,
}

impl Times {
    fn push(&mut self, ms: Ms) {
        self.sorted.push(ms);
    }
    fn finish(&mut self) {
        self.sorted.sort_unstable();
    }
    pub fn count(&self) -> usize {
        self.sorted.len()
    }
    /// The nearest-rank `pct` percentile, `None` without times.
    pub fn percentile(&self, pct: u32) -> Option<Ms> {
        let n = self.sorted.len();
        if n == 0 {
            return None;
        }
        let rank = (pct as usize * n).div_ceil(100).max(1);
        Some(self.sorted[rank - 1])
    }
    pub fn median(&self) -> Option<Ms> {
        self.percentile(50)
    }
    pub fn p90(&self) -> Option<Ms> {
        self.percentile(90)
    }
}

/// The floor figures of one group (an errand, a language, an office) or
/// of all: walk-ins that were on the floor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FloorGroup {
    /// Walk-ins registered on the floor (not those sent to the desk).
    pub walk_ins: u64,
    /// Registered → claimed.
    pub wait: Times,
    /// Claimed → done.
    pub service: Times,
    /// Closed: done, left before help, not met.
    pub closed: u64,
    pub left: u64,
    pub not_met: u64,
}

impl FloorGroup {
    /// The counts the table shows, in its order: walk-ins, waited,
    /// served, closed, left, not met.
    fn counts(&self) -> [u64; 6] {
        [
            self.walk_ins,
            self.wait.count() as u64,
            self.service.count() as u64,
            self.closed,
            self.left,
            self.not_met,
        ]
    }

    fn add(&mut self, f: &FloorFact) {
        self.walk_ins += 1;
        if let Some(w) = f.wait_ms {
            self.wait.push(w);
        }
        if let (FloorState::Done, Some(s)) = (f.state, f.service_ms) {
            self.service.push(s);
        }
        match f.state {
            FloorState::Done => self.closed += 1,
            FloorState::Left => {
                self.closed += 1;
                self.left += 1;
            }
            FloorState::NotMet => {
                self.closed += 1;
                self.not_met += 1;
            }
            _ => {}
        }
    }
    fn finish(&mut self) {
        self.wait.finish();
        self.service.finish();
    }
    /// Left before help, of the closed walk-ins (per cent).
    pub fn left_share(&self) -> Option<f64> {
        (self.closed > 0).then(|| 100.0 * self.left as f64 / self.closed as f64)
    }
}

/// The floor's figures for a period: per group, in total, and the
/// registrations counted apart.
#[derive(Debug, Clone, PartialEq)]
pub struct FloorReport {
    pub period: Period,
    pub by: FloorBy,
    /// By group key (errand id or "-" for something else, language code,
    /// office id), sorted by key.
    pub rows: Vec<(String, FloorGroup)>,
    pub total: FloorGroup,
    /// Walk-ins the kiosk sent to the reception (`floor: false`).
    pub desk: u64,
    /// Check-ins whose officer was not reached.
    pub unreached: u64,
    /// `[privacy] min_cell`: the table and CSV show a count from 1 to
    /// `min_cell - 1` (and its complement) as "–", and a median or p90 of
    /// fewer than `min_cell` times as "–" (1: everything shown).
    pub min_cell: u64,
}

/// The floor figures of `facts` broken down `by`, small figures hidden
/// under `min_cell` when shown.
pub fn floor_figures(
    facts: &[FloorFact],
    period: Period,
    by: FloorBy,
    min_cell: u64,
) -> FloorReport {
    let mut groups: std::collections::BTreeMap<String, FloorGroup> = Default::default();
    let mut total = FloorGroup::default();
    let (mut desk, mut unreached) = (0, 0);
    for f in facts {
        if f.kind == RegistrationKind::CheckinUnreached {
            unreached += 1;
            continue;
        }
        if f.state == FloorState::Desk {
            desk += 1;
            continue;
        }
        let key = match by {
            FloorBy::Errand => f.errand.clone().unwrap_or_else(|| "-".to_string()),
            FloorBy::Language => f.language.clone(),
            FloorBy::Office => f.office.clone(),
        };
        groups.entry(key).or_default().add(f);
        total.add(f);
    }
    let mut rows: Vec<(String, FloorGroup)> = groups.into_iter().collect();
    for (_, g) in &mut rows {
        g.finish();
    }
    total.finish();
    FloorReport {
        period,
        by,
        rows,
        total,
        desk,
        unreached,
        min_cell,
    }
}

/// The floor figures of `office` (or the city) for `period`, local time as
/// the visit figures. `NotFound` for an office not in hub.toml.
pub async fn floor_report(
    store: &dyn Store,
    config: &HubConfig,
    office: Option<&str>,
    period: Period,
    by: FloorBy,
) -> Result<FloorReport, StoreError> {
    known_office(config, office)?;
    let tz = timezone(config)?;
    let (from, to) = period.bounds_ms(&tz);
    let facts = store.floor_facts(office, from, to).await?;
    Ok(floor_figures(
        &facts,
        period,
        by,
        u64::from(config.min_cell),
    ))
}

/// Minutes with one decimal ("12.5"), or "–".
fn minutes(ms: Option<Ms>) -> String {
    ms.map_or("–".to_string(), |m| format!("{:.1}", m as f64 / 60_000.0))
}

/// What the floor table and CSV show of one group: its counts, or "–"
/// for those hidden, and its times where enough of them.
struct FloorRow<'a> {
    key: String,
    g: &'a FloorGroup,
    /// walk-ins, waited, served, closed, left, not met.
    hidden: [bool; 6],
    min_cell: u64,
}

impl FloorRow<'_> {
    fn count(&self, i: usize) -> String {
        core::suppress::cell(self.g.counts()[i], self.hidden[i])
    }
    /// A time of `times`, unless fewer than min_cell times (one person's
    /// wait is not shown).
    fn time(&self, times: &Times, pick: fn(&Times) -> Option<Ms>) -> Option<Ms> {
        if (times.count() as u64) < self.min_cell {
            None
        } else {
            pick(times)
        }
    }
    fn hidden_time(&self, times: &Times) -> bool {
        times.count() > 0 && (times.count() as u64) < self.min_cell
    }
    /// Left before help of the closed, unless either is hidden.
    fn left_share(&self) -> Option<f64> {
        if self.hidden[3] || self.hidden[4] {
            None
        } else {
            self.g.left_share()
        }
    }
    fn any_hidden(&self) -> bool {
        self.hidden.iter().any(|&h| h)
            || self.hidden_time(&self.g.wait)
            || self.hidden_time(&self.g.service)
    }
}

impl FloorReport {
    /// The groups and the total, with what is hidden
    /// ([`core::suppress::hide`]: each count column adds up to the total;
    /// served, left and not met add up to the closed).
    fn cells(&self) -> Vec<FloorRow<'_>> {
        let groups: Vec<(String, &FloorGroup)> = self
            .rows
            .iter()
            .map(|(k, g)| (k.clone(), g))
            .chain(std::iter::once(("total".to_string(), &self.total)))
            .collect();
        let counts: Vec<Vec<u64>> = groups.iter().map(|(_, g)| g.counts().to_vec()).collect();
        let hidden = core::suppress::hide(&counts, true, self.min_cell, &[vec![2, 4, 5]]);
        groups
            .into_iter()
            .zip(hidden)
            .map(|((key, g), h)| FloorRow {
                key,
                g,
                hidden: [h[0], h[1], h[2], h[3], h[4], h[5]],
                min_cell: self.min_cell,
            })
            .collect()
    }

    fn footnote(&self, rows: &[FloorRow<'_>]) -> Option<String> {
        rows.iter().any(FloorRow::any_hidden).then(|| {
            format!(
                "{}; a median or p90 of fewer than {} times is \"{}\"",
                core::suppress::footnote(self.min_cell),
                self.min_cell,
                core::suppress::HIDDEN
            )
        })
    }

    /// The floor table for a terminal (times in minutes).
    pub fn table(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "\nthe floor (walk-ins who asked for a guide), {} to {}, by {}; times in minutes",
            self.period.from,
            self.period.to,
            self.by.name()
        );
        let mut rows: Vec<Vec<String>> = vec![
            [
                self.by.name(),
                "walk-ins",
                "waited",
                "wait median",
                "wait p90",
                "served",
                "service median",
                "service p90",
                "left",
                "left share",
                "not met",
            ]
            .map(String::from)
            .to_vec(),
        ];
        let cells = self.cells();
        for r in &cells {
            let g = r.g;
            rows.push(vec![
                r.key.clone(),
                r.count(0),
                r.count(1),
                minutes(r.time(&g.wait, Times::median)),
                minutes(r.time(&g.wait, Times::p90)),
                r.count(2),
                minutes(r.time(&g.service, Times::median)),
                minutes(r.time(&g.service, Times::p90)),
                r.count(4),
                r.left_share()
                    .map_or("–".to_string(), |s| format!("{s:.0} %")),
                r.count(5),
            ]);
        }
        let widths: Vec<usize> = (0..rows[0].len())
            .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
            .collect();
        for row in &rows {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                let pad = " ".repeat(widths[i] - cell.chars().count());
                if i == 0 {
                    let _ = write!(line, "{cell}{pad}  ");
                } else {
                    let _ = write!(line, "{pad}{cell}  ");
                }
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        if let Some(note) = self.footnote(&cells) {
            let _ = writeln!(out, "{note}");
        }
        let _ = writeln!(
            out,
            "sent to the reception (the kiosk could not reach the guides): {}",
            self.desk
        );
        let _ = writeln!(
            out,
            "check-ins whose officer was not reached: {}",
            self.unreached
        );
        out
    }

    /// The floor figures as CSV (`--csv --floor`): a header row, one row
    /// per group and a `total` row; times in whole seconds; hidden counts
    /// "–" and hidden times empty, as unknown ones; then the counts apart
    /// as `desk` and `checkin_unreached` rows, and a `note` row with the
    /// footnote when anything is hidden.
    pub fn csv(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{},walk_ins,waited,wait_median_s,wait_p90_s,served,service_median_s,service_p90_s,\
             closed,left,left_share_pct,not_met",
            self.by.name()
        );
        let s = |ms: Option<Ms>| ms.map_or(String::new(), |m| (m / 1000).to_string());
        let cells = self.cells();
        for r in &cells {
            let g = r.g;
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{},{}",
                core::csv_field(&r.key),
                r.count(0),
                r.count(1),
                s(r.time(&g.wait, Times::median)),
                s(r.time(&g.wait, Times::p90)),
                r.count(2),
                s(r.time(&g.service, Times::median)),
                s(r.time(&g.service, Times::p90)),
                r.count(3),
                r.count(4),
                r.left_share().map_or(String::new(), |v| format!("{v:.1}")),
                r.count(5),
            );
        }
        let _ = writeln!(out, "desk,{}", self.desk);
        let _ = writeln!(out, "checkin_unreached,{}", self.unreached);
        if cells.iter().any(FloorRow::any_hidden) {
            let _ = writeln!(
                out,
                "note,{}",
                core::csv_field(&core::suppress::footnote(self.min_cell))
            );
        }
        out
    }
}

#[cfg(test)]
mod floor_tests {
    use super::*;

    fn fact(
        errand: Option<&str>,
        state: FloorState,
        wait_min: Option<i64>,
        service_min: Option<i64>,
    ) -> FloorFact {
        FloorFact {
            office: "north".into(),
            at_ms: 0,
            kind: RegistrationKind::WalkIn,
            errand: errand.map(String::from),
            language: "ar".into(),
            state,
            wait_ms: wait_min.map(|m| m * 60_000),
            service_ms: service_min.map(|m| m * 60_000),
        }
    }

    #[test]
    fn medians_and_p90_by_nearest_rank_and_the_shares() {
        let mut facts: Vec<FloorFact> = (1..=10)
            .map(|m| fact(Some("housing"), FloorState::Done, Some(m), Some(2 * m)))
            .collect();
        facts.push(fact(None, FloorState::Left, None, None));
        facts.push(fact(None, FloorState::NotMet, Some(30), None));
        facts.push(fact(None, FloorState::Desk, None, None));
        facts.push(fact(None, FloorState::Waiting, None, None));
        let mut u = fact(None, FloorState::Done, Some(1), Some(1));
        u.kind = RegistrationKind::CheckinUnreached;
        facts.push(u);
        let period = Period::from_options(
            Some("2026"),
            None,
            None,
            None,
            jiff::civil::date(2026, 12, 2),
        )
        .unwrap();
        let r = floor_figures(&facts, period, FloorBy::Errand, 1);
        assert_eq!((r.desk, r.unreached), (1, 1));
        let (k, h) = &r.rows[1];
        assert_eq!(k, "housing");
        assert_eq!(h.wait.median(), Some(5 * 60_000));
        assert_eq!(h.wait.p90(), Some(9 * 60_000));
        assert_eq!(h.service.p90(), Some(18 * 60_000));
        assert_eq!(h.left_share(), Some(0.0));
        let (k, other) = &r.rows[0];
        assert_eq!(k, "-");
        assert_eq!(
            (other.walk_ins, other.closed, other.left, other.not_met),
            (3, 2, 1, 1)
        );
        assert_eq!(other.left_share(), Some(50.0));
        assert_eq!(r.total.walk_ins, 13);
        assert_eq!(r.total.wait.count(), 11);
        assert_eq!(r.total.wait.median(), Some(6 * 60_000));
        let table = r.table();
        assert!(table.contains("total"), "{table}");
        let csv = r.csv();
        assert!(
            csv.lines()
                .any(|l| l == "housing,10,10,300,540,10,600,1080,10,0,0.0,0"),
            "{csv}"
        );
        assert!(csv.ends_with("desk,1\ncheckin_unreached,1\n"), "{csv}");
    }
}
