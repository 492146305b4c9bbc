//! Statistics for the office's reports (T1, T2, the annual report) and its
//! egenmakt indicators, from the visits the kiosk keeps: counts per
//! purpose, errand, language, hour, weekday or day, as a table, CSV or a
//! chart. Only counts leave here; a visit holds no personal data anyway.
//!
//! Every figure is one indexed range query over `visit` (and `outbox` for
//! mail), grouped in SQLite; nothing is loaded row by row.

pub mod chart;
pub mod demo;

use std::fmt::Write as _;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use rusqlite::params;

use crate::config::Targets;
use crate::store::{Store, StoreError};

/// What the breakdown table is grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum By {
    #[default]
    Purpose,
    Errand,
    Language,
    Hour,
    Weekday,
    Day,
}

impl By {
    pub const NAMES: &[&str] = &["purpose", "errand", "language", "hour", "weekday", "day"];

    pub fn parse(s: &str) -> Option<By> {
        Some(match s {
            "purpose" => By::Purpose,
            "errand" => By::Errand,
            "language" => By::Language,
            "hour" => By::Hour,
            "weekday" => By::Weekday,
            "day" => By::Day,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The SQL expression of a visit's group (local time for times).
    fn key(self) -> &'static str {
        match self {
            By::Purpose => "v.purpose",
            By::Errand => "coalesce(v.errand, '-')",
            By::Language => "v.language",
            By::Hour => "strftime('%H', v.at_ms / 1000, 'unixepoch', 'localtime')",
            // Monday first: 1 Mon … 7 Sun.
            By::Weekday => {
                "(CAST(strftime('%w', v.at_ms / 1000, 'unixepoch', 'localtime') AS INTEGER) + 6) % 7 + 1"
            }
            By::Day => "strftime('%Y-%m-%d', v.at_ms / 1000, 'unixepoch', 'localtime')",
        }
    }

    /// How a group is shown.
    fn label(self, key: &str) -> String {
        match self {
            By::Weekday => {
                const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
                key.parse::<usize>()
                    .ok()
                    .and_then(|d| DAYS.get(d.wrapping_sub(1)))
                    .map_or(key.to_string(), |d| format!("{key} {d}"))
            }
            By::Hour => format!("{key}:00"),
            _ => key.to_string(),
        }
    }
}

/// Days from `from` to `to`, both included, in the kiosk's local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Period {
    /// A period from text: `2026` (the year), `2026-T1` … `2026-T3` (the
    /// tertials: Jan–Apr, May–Aug, Sep–Dec), `2026-03` (a month).
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        if let Some((year, t)) = s.split_once("-T") {
            let year: i16 = year.parse().ok()?;
            let t: i8 = t.parse().ok().filter(|t| (1..=3).contains(t))?;
            let from = Date::new(year, (t - 1) * 4 + 1, 1).ok()?;
            let to = Date::new(year, t * 4, 1).ok()?.last_of_month();
            return Some(Period { from, to });
        }
        if let Ok(year) = s.parse::<i16>() {
            return Some(Period {
                from: Date::new(year, 1, 1).ok()?,
                to: Date::new(year, 12, 31).ok()?,
            });
        }
        let (year, month) = s.split_once('-')?;
        let from = Date::new(year.parse().ok()?, month.parse().ok()?, 1).ok()?;
        Some(Period {
            from,
            to: from.last_of_month(),
        })
    }

    /// This year up to today.
    pub fn this_year(today: Date) -> Period {
        Period {
            from: today.first_of_year(),
            to: today,
        }
    }

    /// Unix milliseconds: the first of `from` and the first after `to`.
    pub fn bounds_ms(&self, tz: &TimeZone) -> (i64, i64) {
        let ms = |d: Date| {
            d.to_zoned_datetime(tz.clone())
                .map(|z| z.timestamp().as_millisecond())
                .unwrap_or(0)
        };
        let after = self.to.tomorrow().unwrap_or(self.to);
        (ms(self.from), ms(after))
    }
}

/// Counts over a set of visits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub visits: u64,
    pub checkins: u64,
    pub guidance_views: u64,
    pub mail_delivered: u64,
    /// Given up (or purged before delivery).
    pub mail_failed: u64,
    pub mail_waiting: u64,
    pub learned_yes: u64,
    pub learned_no: u64,
    pub self_yes: u64,
    pub self_no: u64,
}

/// One indicator: yes among those who answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indicator {
    pub yes: u64,
    pub answered: u64,
    pub skipped: u64,
    /// Per cent.
    pub target: u32,
}

impl Indicator {
    /// The share in per cent, `None` without answers.
    pub fn share(&self) -> Option<f64> {
        (self.answered > 0).then(|| self.yes as f64 * 100.0 / self.answered as f64)
    }

    pub fn met(&self) -> Option<bool> {
        self.share().map(|s| s >= self.target as f64)
    }

    /// "64 % (320 of 500 answered; 212 skipped); target 60 %: met"
    pub fn describe(&self) -> String {
        let counts = format!(
            "({} of {} answered; {} skipped)",
            self.yes, self.answered, self.skipped
        );
        match (self.share(), self.met()) {
            (Some(share), Some(met)) => format!(
                "{} % {counts}; target {} %: {}",
                share.round(),
                self.target,
                if met { "met" } else { "not met" }
            ),
            _ => format!("no answers {counts}; target {} %", self.target),
        }
    }
}

impl Counts {
    pub fn learned(&self, target: u32) -> Indicator {
        let answered = self.learned_yes + self.learned_no;
        Indicator {
            yes: self.learned_yes,
            answered,
            skipped: self.guidance_views.saturating_sub(answered),
            target,
        }
    }

    pub fn self_next_time(&self, target: u32) -> Indicator {
        let answered = self.self_yes + self.self_no;
        Indicator {
            yes: self.self_yes,
            answered,
            skipped: self.guidance_views.saturating_sub(answered),
            target,
        }
    }
}

/// Everything `entre stats` prints.
#[derive(Debug, Clone)]
pub struct Report {
    pub period: Period,
    pub total: Counts,
    pub by: By,
    /// (label, counts) per group, in order.
    pub rows: Vec<(String, Counts)>,
    /// Guidance views per errand, most viewed first.
    pub errands: Vec<(String, u64)>,
    pub targets: Targets,
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

fn sum(rows: &[(String, Counts)]) -> Counts {
    rows.iter().fold(Counts::default(), |a, (_, c)| Counts {
        visits: a.visits + c.visits,
        checkins: a.checkins + c.checkins,
        guidance_views: a.guidance_views + c.guidance_views,
        mail_delivered: a.mail_delivered + c.mail_delivered,
        mail_failed: a.mail_failed + c.mail_failed,
        mail_waiting: a.mail_waiting + c.mail_waiting,
        learned_yes: a.learned_yes + c.learned_yes,
        learned_no: a.learned_no + c.learned_no,
        self_yes: a.self_yes + c.self_yes,
        self_no: a.self_no + c.self_no,
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
    let mut rows = grouped(store, by.key(), from, to)?;
    add_mail(store, by.key(), from, to, &mut rows)?;
    let total = sum(&rows);
    let mut errands: Vec<(String, u64)> = if by == By::Errand {
        rows.iter()
            .filter(|(k, _)| k != "-")
            .map(|(k, c)| (k.clone(), c.visits))
            .collect()
    } else {
        grouped(store, By::Errand.key(), from, to)?
            .into_iter()
            .filter(|(k, _)| k != "-")
            .map(|(k, c)| (k, c.visits))
            .collect()
    };
    errands.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let rows = rows.into_iter().map(|(k, c)| (by.label(&k), c)).collect();
    Ok(Report {
        period,
        total,
        by,
        rows,
        errands,
        targets,
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
    })
}

fn share_cell(i: &Indicator) -> String {
    match i.share() {
        Some(s) => format!("{} % ({}/{})", s.round(), i.yes, i.answered),
        None => "-".into(),
    }
}

impl Report {
    pub fn learned(&self) -> Indicator {
        self.total.learned(self.targets.learned)
    }

    pub fn self_next_time(&self) -> Indicator {
        self.total.self_next_time(self.targets.self_next_time)
    }

    /// The table for a terminal. `heading` names the office and kiosk.
    pub fn table(&self, heading: &str) -> String {
        let t = &self.total;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{heading}, {} to {}\n",
            self.period.from, self.period.to
        );
        for (what, n) in [
            ("visits", t.visits),
            ("check-ins", t.checkins),
            ("mail delivered", t.mail_delivered),
            ("mail failed", t.mail_failed),
            ("mail waiting", t.mail_waiting),
            ("guidance views", t.guidance_views),
        ] {
            let _ = writeln!(out, "{what:<16}{n:>8}");
        }
        if !self.errands.is_empty() {
            let _ = writeln!(out, "\nguidance views per errand");
            for (errand, n) in &self.errands {
                let _ = writeln!(out, "  {errand:<24}{n:>8}");
            }
        }
        let _ = writeln!(
            out,
            "\nlearned something new: {}",
            self.learned().describe()
        );
        let _ = writeln!(
            out,
            "can do it themselves next time: {}",
            self.self_next_time().describe()
        );
        let _ = writeln!(out, "\nby {}", self.by.name());
        let rows: Vec<Vec<String>> = std::iter::once(
            [
                self.by.name(),
                "visits",
                "check-ins",
                "guidance",
                "mail sent",
                "mail failed",
                "learned",
                "self next time",
            ]
            .map(String::from)
            .to_vec(),
        )
        .chain(
            self.rows
                .iter()
                .chain(std::iter::once(&("total".to_string(), *t)))
                .map(|(k, c)| {
                    vec![
                        k.clone(),
                        c.visits.to_string(),
                        c.checkins.to_string(),
                        c.guidance_views.to_string(),
                        c.mail_delivered.to_string(),
                        c.mail_failed.to_string(),
                        share_cell(&c.learned(self.targets.learned)),
                        share_cell(&c.self_next_time(self.targets.self_next_time)),
                    ]
                }),
        )
        .collect();
        let widths: Vec<usize> = (0..rows[0].len())
            .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
            .collect();
        for row in &rows {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                let pad = widths[i] - cell.chars().count();
                if i == 0 || i >= 6 {
                    let _ = write!(line, "{cell}{}  ", " ".repeat(pad));
                } else {
                    let _ = write!(line, "{}{cell}  ", " ".repeat(pad));
                }
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        out
    }

    /// The breakdown as CSV (UTF-8, a header row, then one row per group
    /// and a `total` row).
    pub fn csv(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{},visits,checkins,guidance_views,mail_delivered,mail_failed,mail_waiting,\
             learned_yes,learned_no,learned_skipped,learned_share_pct,\
             self_next_time_yes,self_next_time_no,self_next_time_skipped,self_next_time_share_pct",
            self.by.name()
        );
        let total = ("total".to_string(), self.total);
        for (k, c) in self.rows.iter().chain(std::iter::once(&total)) {
            let l = c.learned(self.targets.learned);
            let s = c.self_next_time(self.targets.self_next_time);
            let pct = |i: &Indicator| i.share().map_or(String::new(), |v| format!("{v:.1}"));
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                csv_field(k),
                c.visits,
                c.checkins,
                c.guidance_views,
                c.mail_delivered,
                c.mail_failed,
                c.mail_waiting,
                l.yes,
                l.answered - l.yes,
                l.skipped,
                pct(&l),
                s.yes,
                s.answered - s.yes,
                s.skipped,
                pct(&s),
            );
        }
        out
    }
}

/// A CSV field, quoted when it must be.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_years_tertials_and_months() {
        let p = Period::parse("2026-T2").unwrap();
        assert_eq!(
            (p.from.to_string(), p.to.to_string()),
            ("2026-05-01".into(), "2026-08-31".into())
        );
        let p = Period::parse("2026").unwrap();
        assert_eq!(
            (p.from.to_string(), p.to.to_string()),
            ("2026-01-01".into(), "2026-12-31".into())
        );
        let p = Period::parse("2024-02").unwrap();
        assert_eq!(p.to.to_string(), "2024-02-29");
        assert!(Period::parse("2026-T4").is_none());
        assert!(Period::parse("soon").is_none());
    }

    #[test]
    fn indicators_say_share_counts_and_target() {
        let c = Counts {
            guidance_views: 712,
            learned_yes: 320,
            learned_no: 180,
            ..Counts::default()
        };
        assert_eq!(
            c.learned(60).describe(),
            "64 % (320 of 500 answered; 212 skipped); target 60 %: met"
        );
        assert_eq!(
            Counts::default().self_next_time(40).describe(),
            "no answers (0 of 0 answered; 0 skipped); target 40 %"
        );
    }

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("housing"), "housing");
    }
}
