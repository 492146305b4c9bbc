//! Statistics for the office's reports (T1, T2, the annual report) and its
//! egenmakt indicators, from the visits the kiosk keeps: counts per
//! purpose, errand, language, hour, weekday or day, as a table, CSV or a
//! chart. Only counts leave here; a visit holds no personal data anyway.
//!
//! The types, the table, the CSV and the chart are entre-core's
//! ([`entre_core::stats`]), shared with entre-hub; what is the kiosk's own
//! is the grouping: every figure is one indexed range query over `visit`
//! (and `outbox` for mail), grouped in SQLite; nothing is loaded row by
//! row. The kiosk knows its mail, so its reports carry the mail columns.

pub mod chart;
pub mod demo;

use jiff::tz::TimeZone;
use rusqlite::params;

pub use entre_core::stats::{By, Counts, Indicator, Period, Report, Targets};

use crate::store::{Store, StoreError};

/// The SQL expression of a visit's group (local time for times). A kiosk
/// belongs to one office: by office, all its visits are one group.
fn key(by: By) -> &'static str {
    match by {
        By::Purpose => "v.purpose",
        By::Errand => "coalesce(v.errand, '-')",
        By::Language => "v.language",
        By::Hour => "strftime('%H', v.at_ms / 1000, 'unixepoch', 'localtime')",
        // Monday first: 1 Mon … 7 Sun.
        By::Weekday => {
            "(CAST(strftime('%w', v.at_ms / 1000, 'unixepoch', 'localtime') AS INTEGER) + 6) % 7 + 1"
        }
        By::Day => "strftime('%Y-%m-%d', v.at_ms / 1000, 'unixepoch', 'localtime')",
        By::Office => "'-'",
        By::Gender => "coalesce(v.gender, 'not answered')",
    }
}

/// Visit counts per group (`key`) for visits in `[from, to)`; the mail
/// columns are left at zero (see [`add_mail`]).
fn grouped(
    store: &Store,
    key: &str,
    from: i64,
    to: i64,
) -> Result<Vec<(String, Counts)>, StoreError> {
    let visits = format!(
        "SELECT CAST({key} AS TEXT) AS k, count(*), count(v.checkin_unit), count(v.errand),
                coalesce(sum(v.learned = 1), 0), coalesce(sum(v.learned = 0), 0),
                coalesce(sum(v.self_next_time = 1), 0), coalesce(sum(v.self_next_time = 0), 0)
         FROM visit v WHERE v.at_ms >= ?1 AND v.at_ms < ?2
         GROUP BY k ORDER BY k"
    );
    store.read(|c| {
        c.prepare(&visits)?
            .query_map(params![from, to], |r| {
                let n = |i: usize| r.get::<_, i64>(i).map(|v| v.max(0) as u64);
                Ok((
                    r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                    Counts {
                        visits: n(1)?,
                        checkins: n(2)?,
                        guidance_views: n(3)?,
                        learned_yes: n(4)?,
                        learned_no: n(5)?,
                        self_yes: n(6)?,
                        self_no: n(7)?,
                        ..Counts::default()
                    },
                ))
            })?
            .collect()
    })
}

/// Fills in the mail columns of `rows` (grouped by `key`).
fn add_mail(
    store: &Store,
    key: &str,
    from: i64,
    to: i64,
    rows: &mut [(String, Counts)],
) -> Result<(), StoreError> {
    let mail = format!(
        "SELECT CAST({key} AS TEXT) AS k,
                coalesce(sum(o.sent_ms IS NOT NULL), 0),
                coalesce(sum(o.sent_ms IS NULL AND o.gave_up_ms IS NOT NULL), 0),
                coalesce(sum(o.sent_ms IS NULL AND o.gave_up_ms IS NULL), 0)
         FROM visit v JOIN outbox o ON o.visit_id = v.id AND o.kind = 'mail'
         WHERE v.at_ms >= ?1 AND v.at_ms < ?2
         GROUP BY k"
    );
    store.read(|c| {
        let mut stmt = c.prepare(&mail)?;
        let mut found = stmt.query(params![from, to])?;
        while let Some(r) = found.next()? {
            let k: String = r.get::<_, Option<String>>(0)?.unwrap_or_default();
            let n = |i: usize| r.get::<_, i64>(i).map(|v| v.max(0) as u64);
            if let Some((_, counts)) = rows.iter_mut().find(|(key, _)| *key == k) {
                counts.mail_delivered = n(1)?;
                counts.mail_failed = n(2)?;
                counts.mail_waiting = n(3)?;
            }
        }
        Ok(())
    })
}

/// The report for `period` (local time `tz`), broken down `by`.
pub fn report(
    store: &Store,
    period: Period,
    tz: &TimeZone,
    by: By,
    targets: Targets,
) -> Result<Report, StoreError> {
    let (from, to) = period.bounds_ms(tz);
    let mut rows = grouped(store, key(by), from, to)?;
    add_mail(store, key(by), from, to, &mut rows)?;
    let total = entre_core::stats::sum(&rows);
    let errands = entre_core::stats::errands_of(if by == By::Errand {
        rows.iter().map(|(k, c)| (k.clone(), c.visits)).collect()
    } else {
        grouped(store, key(By::Errand), from, to)?
            .into_iter()
            .map(|(k, c)| (k, c.visits))
            .collect::<Vec<_>>()
    });
    let rows = rows.into_iter().map(|(k, c)| (by.label(&k), c)).collect();
    Ok(Report {
        period,
        total,
        by,
        rows,
        errands,
        targets,
        mail_known: true,
        genders: Vec::new(),
        min_cell: 0,
        walk_ins: None,
    })
}

/// What the chart draws, for `period`.
pub fn chart_data(
    store: &Store,
    period: Period,
    tz: &TimeZone,
    targets: Targets,
    title: String,
) -> Result<chart::ChartData, StoreError> {
    let (from, to) = period.bounds_ms(tz);
    let week = "((CAST(strftime('%w', v.at_ms / 1000, 'unixepoch', 'localtime') AS INTEGER) + 6) % 7) * 100
                + CAST(strftime('%H', v.at_ms / 1000, 'unixepoch', 'localtime') AS INTEGER)";
    let mut week_hours = [[0u64; 24]; 7];
    for (k, c) in grouped(store, week, from, to)? {
        if let Ok(k) = k.parse::<usize>()
            && let Some(cell) = week_hours.get_mut(k / 100).and_then(|d| d.get_mut(k % 100))
        {
            *cell = c.visits;
        }
    }
    let month = "strftime('%Y-%m', v.at_ms / 1000, 'unixepoch', 'localtime')";
    let months = grouped(store, month, from, to)?
        .into_iter()
        .map(|(month, c)| chart::MonthIndicators {
            month,
            learned_yes: c.learned_yes,
            learned_answered: c.learned_yes + c.learned_no,
            self_yes: c.self_yes,
            self_answered: c.self_yes + c.self_no,
        })
        .collect();
    Ok(chart::ChartData {
        title,
        week_hours,
        months,
        targets,
        min_cell: 0,
    })
}
