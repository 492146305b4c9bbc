//! Statistics for the office's reports (T1, T2, the annual report) and its
//! egenmakt indicators, from the visits the kiosk keeps: counts per
//! purpose, errand, language, hour, weekday, day or gender, as a table,
//! CSV or a chart. Only counts leave here; a visit holds no personal data
//! anyway.
//!
//! Counting and hiding small cells are entre-core's alone
//! ([`entre_core::stats::aggregate`], [`entre_core::stats::chart_data`]),
//! the same functions entre-hub calls, so that a kiosk and the hub count
//! alike. What is the kiosk's own is reading its visits: one indexed range
//! query over `visit`, with what became of a check-in's arrival mail (the
//! kiosk knows its mail, so its reports carry the mail columns), and the
//! days cut at midnight in `[office] timezone`, never the system's zone.

pub mod chart;
pub mod demo;

use rusqlite::params;

pub use entre_core::stats::{
    By, Counts, Indicator, Mail, Period, Report, Targets, VisitFact, WalkIns,
};
use entre_core::stats::{Gender, VisitKind};

use crate::config::{Config, Flow};
use crate::store::{Store, StoreError};

/// One visit as read from the store, owning its text; [`Row::fact`]
/// borrows it as core's [`VisitFact`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub at_ms: i64,
    pub purpose: String,
    pub errand: Option<String>,
    pub language: String,
    pub learned: Option<bool>,
    pub self_next_time: Option<bool>,
    pub checkin_unit: Option<String>,
    pub gender: Option<Gender>,
    pub kind: VisitKind,
    pub meanwhile: bool,
    pub mail: Option<Mail>,
}

impl Row {
    /// The visit as core counts it (a kiosk belongs to one office, "-").
    pub fn fact(&self) -> VisitFact<'_> {
        VisitFact {
            at_ms: self.at_ms,
            purpose: &self.purpose,
            errand: self.errand.as_deref(),
            language: &self.language,
            learned: self.learned,
            self_next_time: self.self_next_time,
            checkin_unit: self.checkin_unit.as_deref(),
            office: "-",
            gender: self.gender,
            kind: self.kind,
            meanwhile: self.meanwhile,
            mail: self.mail,
        }
    }
}

/// The visits (and survey answers) of `period`, days cut at midnight in
/// `[office] timezone`: one range query over the `visit_at` index, with
/// the arrival mail of a check-in (its first mail row, by `outbox_visit`):
/// sent is delivered, given up (or purged unsent) is failed, else waiting.
/// Only a check-in has a mail (`record_checkin`, always with its unit):
/// other visits skip the lookup, which would find their hub row and read
/// it for nothing.
pub fn rows(store: &Store, config: &Config, period: Period) -> Result<Vec<Row>, StoreError> {
    let (from, to) = period.bounds_ms(&config.office.tz());
    store.read(|c| {
        c.prepare(
            "SELECT v.at_ms, v.purpose, v.errand, v.language, v.learned, v.self_next_time,
                    v.checkin_unit, v.gender, v.kind, v.meanwhile,
                    o.id IS NOT NULL, o.sent_ms IS NOT NULL, o.gave_up_ms IS NOT NULL
             FROM visit v
             LEFT JOIN outbox o ON o.id = CASE WHEN v.checkin_unit IS NULL THEN NULL
                 ELSE (SELECT min(m.id) FROM outbox m
                       WHERE m.visit_id = v.id AND m.kind = 'mail') END
             WHERE v.at_ms >= ?1 AND v.at_ms < ?2",
        )?
        .query_map(params![from, to], |r| {
            let mail = match (r.get::<_, bool>(10)?, r.get(11)?, r.get(12)?) {
                (false, _, _) => None,
                (true, true, _) => Some(Mail::Delivered),
                (true, false, true) => Some(Mail::Failed),
                (true, false, false) => Some(Mail::Waiting),
            };
            Ok(Row {
                at_ms: r.get(0)?,
                purpose: r.get(1)?,
                errand: r.get(2)?,
                language: r.get(3)?,
                learned: r.get(4)?,
                self_next_time: r.get(5)?,
                checkin_unit: r.get(6)?,
                // The schema's CHECKs allow only known ids.
                gender: r
                    .get::<_, Option<String>>(7)?
                    .as_deref()
                    .and_then(Gender::parse),
                kind: VisitKind::parse(&r.get::<_, String>(8)?).unwrap_or_default(),
                meanwhile: r.get(9)?,
                mail,
            })
        })?
        .collect()
    })
}

/// The purposes of walk-ins ("I want help from a guide": `flow =
/// "register"`) in `config`.
fn register_purposes(config: &Config) -> Vec<&str> {
    config
        .purposes
        .iter()
        .filter(|p| p.flow == Flow::Register)
        .map(|p| p.id.as_str())
        .collect()
}

/// The report for `period`, broken down `by`, from `rows` (those of
/// [`rows`]): core's [`entre_core::stats::aggregate`] in `[office]
/// timezone`, with `[office] targets` and `[privacy] min_cell`; the mail
/// columns known, and the walk-ins' registrations and "meanwhile" (their
/// waits and who left are known on the hub's floor only).
pub fn report_of(rows: &[Row], config: &Config, period: Period, by: By) -> Report {
    let facts: Vec<VisitFact<'_>> = rows.iter().map(Row::fact).collect();
    let mut report = entre_core::stats::aggregate(
        &facts,
        period,
        &config.office.tz(),
        by,
        config.office.targets,
        u64::from(config.privacy.min_cell),
    );
    report.mail_known = true;
    let register = register_purposes(config);
    let registrations = facts
        .iter()
        .filter(|v| v.kind == VisitKind::Visit && register.contains(&v.purpose))
        .count() as u64;
    report.walk_ins = Some(WalkIns {
        registrations,
        waited: None,
        wait_median_ms: None,
        wait_p90_ms: None,
        closed: None,
        left: None,
        meanwhile: report.total.meanwhile,
    });
    report
}

/// The report for `period`, broken down `by` (see [`report_of`]).
pub fn report(
    store: &Store,
    config: &Config,
    period: Period,
    by: By,
) -> Result<Report, StoreError> {
    Ok(report_of(&rows(store, config, period)?, config, period, by))
}

/// What the chart draws for `rows` (those of [`rows`] for `period`).
pub fn chart_of(rows: &[Row], config: &Config, period: Period, title: String) -> chart::ChartData {
    let facts: Vec<VisitFact<'_>> = rows.iter().map(Row::fact).collect();
    entre_core::stats::chart_data(
        &facts,
        period,
        &config.office.tz(),
        config.office.targets,
        title,
        u64::from(config.privacy.min_cell),
    )
}
