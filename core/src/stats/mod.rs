//! Figures for the office's reports (T1, T2, the annual report) and its
//! egenmakt indicators, said once for the kiosk (`entre stats`) and the hub
//! (`entre-hub stats`, the stats page): the periods, the breakdowns, the
//! counts and indicators, the table, the CSV and the chart.
//!
//! The kiosk groups its own visits in SQLite and fills a [`Report`]; the hub
//! gets plain visit facts from either engine and builds the same
//! [`Report`] with [`aggregate`], in its configured time zone, so that the
//! figures are the same whichever database holds the visits. Only counts
//! leave here; a visit holds no personal data anyway.

pub mod chart;
mod report;
pub mod suppress;
mod tertial;

pub use report::GenderIndicators;
pub use tertial::{tertial_csv, tertial_hidden, tertial_table};

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

pub use crate::protocol::{Gender, VisitKind};

/// Targets, in per cent, of the two egenmakt indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Targets {
    /// Visitors who learned something new.
    pub learned: u32,
    /// Visitors who think they can do the errand themselves next time.
    pub self_next_time: u32,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            learned: 60,
            self_next_time: 40,
        }
    }
}

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
    /// Only on the hub: a kiosk belongs to one office.
    Office,
    /// The optional "Are you …": `women`, `men`, `another`, `not answered`
    /// (prefer not to say, skipped or not asked), always all four.
    Gender,
}

impl By {
    /// Every breakdown (the hub's).
    pub const NAMES: &[&str] = &[
        "purpose", "errand", "language", "hour", "weekday", "day", "office", "gender",
    ];
    /// The breakdowns a kiosk offers (all but `office`).
    pub const KIOSK_NAMES: &[&str] = &[
        "purpose", "errand", "language", "hour", "weekday", "day", "gender",
    ];

    pub fn parse(s: &str) -> Option<By> {
        Some(match s {
            "purpose" => By::Purpose,
            "errand" => By::Errand,
            "language" => By::Language,
            "hour" => By::Hour,
            "weekday" => By::Weekday,
            "day" => By::Day,
            "office" => By::Office,
            "gender" => By::Gender,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// How a group's key is shown: hours as "09:00", weekdays (keys 1 Mon
    /// … 7 Sun) as "1 Mon"; anything else as it is.
    pub fn label(self, key: &str) -> String {
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

/// The rows of `--by gender`, in this order.
pub const GENDER_ROWS: [&str; 4] = ["women", "men", "another", "not answered"];

/// The `--by gender` row of an answer: "prefer not to say" and no answer
/// are both "not answered".
pub fn gender_row(g: Option<Gender>) -> &'static str {
    match g {
        Some(Gender::Woman) => GENDER_ROWS[0],
        Some(Gender::Man) => GENDER_ROWS[1],
        Some(Gender::Another) => GENDER_ROWS[2],
        Some(Gender::PreferNotToSay) | None => GENDER_ROWS[3],
    }
}

/// Days from `from` to `to`, both included, in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Period {
    /// A period from text, as the city reports: `2026` (the year),
    /// `2026-T1` … `2026-T3` and `2026-VB` cumulative from 1 January (T1
    /// Jan–Apr, T2 Jan–Aug, T3 and VB, the annual report, Jan–Dec),
    /// `2026-03` (a month).
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        if let Some(year) = s.strip_suffix("-VB") {
            return Period::parse(year).filter(|_| year.len() == 4);
        }
        if let Some((year, t)) = s.split_once("-T") {
            let year: i16 = year.parse().ok()?;
            let t: i8 = t.parse().ok().filter(|t| (1..=3).contains(t))?;
            let from = Date::new(year, 1, 1).ok()?;
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

    /// One tertial alone, `2026-2` (four months: 1 Jan–Apr, 2 May–Aug,
    /// 3 Sep–Dec), for `--tertial`.
    pub fn tertial(s: &str) -> Option<Period> {
        let (year, t) = s.trim().split_once('-')?;
        let year: i16 = year.parse().ok().filter(|_| year.len() == 4)?;
        let t: i8 = t.parse().ok().filter(|t| (1..=3).contains(t))?;
        let from = Date::new(year, (t - 1) * 4 + 1, 1).ok()?;
        let to = Date::new(year, t * 4, 1).ok()?.last_of_month();
        Some(Period { from, to })
    }

    /// This year up to today.
    pub fn this_year(today: Date) -> Period {
        Period {
            from: today.first_of_year(),
            to: today,
        }
    }

    /// The period a command line asks for, as `entre stats` and
    /// `entre-hub stats` read it: `--period`, else `--from`/`--to` (dates,
    /// YYYY-MM-DD; `--to` alone means from 1 January of its year), else
    /// this year up to `today`. `Err` says what is wrong with which option.
    pub fn from_options(
        period: Option<&str>,
        tertial: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
        today: Date,
    ) -> Result<Period, String> {
        if let Some(p) = period {
            return Period::parse(p).ok_or(format!(
                "--period {p}: not a period (2026, 2026-T1 … 2026-T3 or 2026-VB from 1 January, or a month 2026-03)"
            ));
        }
        if let Some(t) = tertial {
            return Period::tertial(t).ok_or(format!(
                "--tertial {t}: not a tertial (2026-1, 2026-2 or 2026-3: four months alone)"
            ));
        }
        let date = |opt: &str, v: Option<&str>| -> Result<Option<Date>, String> {
            v.map(|d| {
                d.parse::<Date>()
                    .map_err(|_| format!("{opt} {d}: not a date (YYYY-MM-DD)"))
            })
            .transpose()
        };
        let mut out = Period::this_year(today);
        if let Some(f) = date("--from", from)? {
            out.from = f;
        }
        if let Some(t) = date("--to", to)? {
            out.to = t;
            if from.is_none() {
                out.from = t.first_of_year();
            }
        }
        if out.from > out.to {
            return Err(format!("--from {} is after --to {}", out.from, out.to));
        }
        Ok(out)
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
    /// Survey answers given on their own (not visits; their answers are in
    /// the yes/no counts above).
    pub survey_answers: u64,
    /// Walk-ins who opened the "start meanwhile" steps.
    pub meanwhile: u64,
    /// Asked and skipped (or walked away): a guidance visit, or a survey
    /// answer on its own, without an answer to this question. Counted per
    /// visit, so that figures of several kiosks add up.
    pub learned_skipped: u64,
    pub self_skipped: u64,
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
            skipped: self.learned_skipped,
            target,
        }
    }

    pub fn self_next_time(&self, target: u32) -> Indicator {
        let answered = self.self_yes + self.self_no;
        Indicator {
            yes: self.self_yes,
            answered,
            skipped: self.self_skipped,
            target,
        }
    }

    /// These counts and `other`'s, added.
    pub fn plus(&self, c: &Counts) -> Counts {
        Counts {
            visits: self.visits + c.visits,
            checkins: self.checkins + c.checkins,
            guidance_views: self.guidance_views + c.guidance_views,
            mail_delivered: self.mail_delivered + c.mail_delivered,
            mail_failed: self.mail_failed + c.mail_failed,
            mail_waiting: self.mail_waiting + c.mail_waiting,
            learned_yes: self.learned_yes + c.learned_yes,
            learned_no: self.learned_no + c.learned_no,
            self_yes: self.self_yes + c.self_yes,
            self_no: self.self_no + c.self_no,
            survey_answers: self.survey_answers + c.survey_answers,
            meanwhile: self.meanwhile + c.meanwhile,
            learned_skipped: self.learned_skipped + c.learned_skipped,
            self_skipped: self.self_skipped + c.self_skipped,
        }
    }

    /// One visit's counts (or a survey answer's: its answers, not a visit).
    pub fn of(v: &VisitFact<'_>) -> Counts {
        let n = |b: bool| u64::from(b);
        let visit = v.kind == VisitKind::Visit;
        // Asked the two questions: after guidance (a visit with an errand),
        // or on its own.
        let asked = !visit || v.errand.is_some();
        Counts {
            visits: n(visit),
            checkins: n(visit && v.checkin_unit.is_some()),
            guidance_views: n(visit && v.errand.is_some()),
            mail_delivered: n(v.mail == Some(Mail::Delivered)),
            mail_failed: n(v.mail == Some(Mail::Failed)),
            mail_waiting: n(v.mail == Some(Mail::Waiting)),
            learned_yes: n(v.learned == Some(true)),
            learned_no: n(v.learned == Some(false)),
            self_yes: n(v.self_next_time == Some(true)),
            self_no: n(v.self_next_time == Some(false)),
            survey_answers: n(!visit),
            meanwhile: n(visit && v.meanwhile),
            learned_skipped: n(asked && v.learned.is_none()),
            self_skipped: n(asked && v.self_next_time.is_none()),
        }
    }
}

/// The sum of the rows' counts.
pub fn sum(rows: &[(String, Counts)]) -> Counts {
    rows.iter().fold(Counts::default(), |a, (_, c)| a.plus(c))
}

/// Everything `entre stats` (and `entre-hub stats`) prints.
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
    /// Whether the mail columns are known. A kiosk knows what became of
    /// its arrival mail; the hub does not (the protocol does not carry
    /// it), and shows "–" there instead of a count.
    pub mail_known: bool,
    /// The `--by gender` rows (women, men, another, not answered), always
    /// all four: the indicators for women and men come from here.
    pub genders: Vec<(String, Counts)>,
    /// Counts of 1 up to `min_cell - 1` visitors are shown as "–" (with
    /// their complements): `[privacy] min_cell`.
    pub min_cell: u64,
    /// The walk-ins' figures, where known here.
    pub walk_ins: Option<WalkIns>,
}

/// Walk-ins ("I want help from a guide") in a report. What a kiosk cannot
/// know (the floor's waiting times, who left) is `None` there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WalkIns {
    /// Walk-ins registered (on the kiosk, or on the hub's floor).
    pub registrations: u64,
    /// Walk-ins whose wait (registered → a guide took them) is known.
    pub waited: Option<u64>,
    /// Median and 90th percentile of those waits, in milliseconds.
    pub wait_median_ms: Option<i64>,
    pub wait_p90_ms: Option<i64>,
    /// Walk-ins closed on the floor (done, left, not met) …
    pub closed: Option<u64>,
    /// … of whom left before help.
    pub left: Option<u64>,
    /// Walk-ins who opened the "start meanwhile" steps on the kiosk.
    pub meanwhile: u64,
}

/// What is shown for a figure that is not known here.
pub const UNKNOWN: &str = "–";

impl Report {
    pub fn learned(&self) -> Indicator {
        self.total.learned(self.targets.learned)
    }

    pub fn self_next_time(&self) -> Indicator {
        self.total.self_next_time(self.targets.self_next_time)
    }
}

/// A CSV field, quoted when it must be.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The errand list of a report: guidance views per errand (the rows of a
/// by-errand grouping, without "-"), most viewed first.
pub fn errands_of(by_errand: impl IntoIterator<Item = (String, u64)>) -> Vec<(String, u64)> {
    let mut errands: Vec<(String, u64)> = by_errand.into_iter().filter(|(k, _)| k != "-").collect();
    errands.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    errands
}

/// One visit as the hub stores it, for [`aggregate`]: the protocol's
/// fields and the office of the kiosk that sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisitFact<'a> {
    /// Unix milliseconds.
    pub at_ms: i64,
    pub purpose: &'a str,
    pub errand: Option<&'a str>,
    pub language: &'a str,
    pub learned: Option<bool>,
    pub self_next_time: Option<bool>,
    pub checkin_unit: Option<&'a str>,
    pub office: &'a str,
    pub gender: Option<Gender>,
    /// A visit, or a survey answer on its own (counted apart).
    pub kind: VisitKind,
    /// A walk-in opened the "start meanwhile" steps.
    pub meanwhile: bool,
    /// What became of a check-in's arrival mail, where known (the kiosk).
    pub mail: Option<Mail>,
}

/// What became of a check-in's arrival mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mail {
    Delivered,
    /// Given up (or purged before delivery).
    Failed,
    Waiting,
}

/// A visit's local time: (hour 0–23, weekday 1 Mon … 7 Sun, date).
fn local(at_ms: i64, tz: &TimeZone) -> Option<(i8, i8, Date)> {
    let t = Timestamp::from_millisecond(at_ms).ok()?;
    let dt = tz.to_datetime(t);
    Some((dt.hour(), dt.weekday().to_monday_one_offset(), dt.date()))
}

/// The group key of a visit (as the kiosk's SQL makes it: errand "-" when
/// none, hours "09", weekdays "1" … "7", days "2026-03-02").
fn key(by: By, v: &VisitFact<'_>, tz: &TimeZone) -> String {
    match by {
        By::Purpose => v.purpose.to_string(),
        By::Errand => v.errand.unwrap_or("-").to_string(),
        By::Language => v.language.to_string(),
        By::Office => v.office.to_string(),
        By::Gender => gender_row(v.gender).to_string(),
        By::Hour | By::Weekday | By::Day => match local(v.at_ms, tz) {
            Some((h, _, _)) if by == By::Hour => format!("{h:02}"),
            Some((_, w, _)) if by == By::Weekday => w.to_string(),
            Some((_, _, d)) => d.to_string(),
            None => String::new(),
        },
    }
}

/// The report for `period` (local time `tz`), broken down `by`, from the
/// visits themselves: the figures `entre stats` gives for the same visits
/// (a kiosk's SQL grouping and this agree, tests/hub_figures.rs). Visits
/// outside the period are left out. Mail is not known from visit facts.
pub fn aggregate(
    visits: &[VisitFact<'_>],
    period: Period,
    tz: &TimeZone,
    by: By,
    targets: Targets,
    min_cell: u64,
) -> Report {
    let (from, to) = period.bounds_ms(tz);
    let mut groups: BTreeMap<String, Counts> = BTreeMap::new();
    let mut genders: BTreeMap<&str, Counts> = GENDER_ROWS
        .iter()
        .map(|g| (*g, Counts::default()))
        .collect();
    if by == By::Gender {
        groups.extend(
            GENDER_ROWS
                .iter()
                .map(|g| (g.to_string(), Counts::default())),
        );
    }
    let mut errands: BTreeMap<&str, u64> = BTreeMap::new();
    for v in visits.iter().filter(|v| v.at_ms >= from && v.at_ms < to) {
        let counts = Counts::of(v);
        let c = groups.entry(key(by, v, tz)).or_default();
        *c = c.plus(&counts);
        let g = genders.entry(gender_row(v.gender)).or_default();
        *g = g.plus(&counts);
        if let Some(e) = v.errand.filter(|_| v.kind == VisitKind::Visit) {
            *errands.entry(e).or_default() += 1;
        }
    }
    let mut rows: Vec<(String, Counts)> = groups.into_iter().collect();
    if by == By::Gender {
        rows.sort_by_key(|(k, _)| GENDER_ROWS.iter().position(|g| g == k));
    }
    let total = sum(&rows);
    let mut genders: Vec<(String, Counts)> = genders
        .into_iter()
        .map(|(k, c)| (k.to_string(), c))
        .collect();
    genders.sort_by_key(|(k, _)| GENDER_ROWS.iter().position(|g| g == k));
    Report {
        period,
        total,
        by,
        rows: rows.into_iter().map(|(k, c)| (by.label(&k), c)).collect(),
        errands: errands_of(errands.into_iter().map(|(e, n)| (e.to_string(), n))),
        targets,
        mail_known: false,
        genders,
        min_cell,
        walk_ins: None,
    }
}

/// The two indicators of women and of men in one period (a tertial,
/// cumulative from 1 January as the city reports).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TertialIndicators {
    /// "2026-T1", "2026-T2", "2026-T3"
    pub label: String,
    pub period: Period,
    pub women: Counts,
    pub men: Counts,
    /// Everyone (women, men, another, not answered).
    pub all: Counts,
}

/// The indicators of women and men for T1, T2 and T3 of `year`, each
/// cumulative from 1 January (local time `tz`), for the hub's stats page
/// and the annual report.
pub fn tertials(visits: &[VisitFact<'_>], year: i16, tz: &TimeZone) -> Vec<TertialIndicators> {
    (1..=3)
        .filter_map(|t| {
            let label = format!("{year:04}-T{t}");
            let period = Period::parse(&label)?;
            let r = aggregate(visits, period, tz, By::Gender, Targets::default(), 0);
            let row = |k: &str| {
                r.genders
                    .iter()
                    .find(|(g, _)| g == k)
                    .map(|(_, c)| *c)
                    .unwrap_or_default()
            };
            Some(TertialIndicators {
                label,
                period,
                women: row(GENDER_ROWS[0]),
                men: row(GENDER_ROWS[1]),
                all: r.total,
            })
        })
        .collect()
}

/// What the chart draws for `period`, from the visits themselves (as the
/// kiosk's `chart_data` from its SQL).
pub fn chart_data(
    visits: &[VisitFact<'_>],
    period: Period,
    tz: &TimeZone,
    targets: Targets,
    title: String,
    min_cell: u64,
) -> chart::ChartData {
    let (from, to) = period.bounds_ms(tz);
    let mut week_hours = [[0u64; 24]; 7];
    let mut months: BTreeMap<String, chart::MonthIndicators> = BTreeMap::new();
    for v in visits.iter().filter(|v| v.at_ms >= from && v.at_ms < to) {
        let Some((hour, weekday, date)) = local(v.at_ms, tz) else {
            continue;
        };
        if let Some(cell) = week_hours
            .get_mut(weekday as usize - 1)
            .and_then(|d| d.get_mut(hour as usize))
        {
            *cell += 1;
        }
        let month = format!("{:04}-{:02}", date.year(), date.month());
        let m = months
            .entry(month.clone())
            .or_insert_with(|| chart::MonthIndicators {
                month,
                learned_yes: 0,
                learned_answered: 0,
                self_yes: 0,
                self_answered: 0,
            });
        m.learned_yes += u64::from(v.learned == Some(true));
        m.learned_answered += u64::from(v.learned.is_some());
        m.self_yes += u64::from(v.self_next_time == Some(true));
        m.self_answered += u64::from(v.self_next_time.is_some());
    }
    chart::ChartData {
        title,
        week_hours,
        months: months.into_values().collect(),
        targets,
        min_cell,
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
            ("2026-01-01".into(), "2026-08-31".into())
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
    fn options_give_the_period_or_say_what_is_wrong() {
        let today = Date::new(2026, 11, 29).unwrap();
        let p = Period::from_options(None, None, None, None, today).unwrap();
        assert_eq!(
            (p.from.to_string(), p.to.to_string()),
            ("2026-01-01".into(), "2026-11-29".into())
        );
        let p = Period::from_options(None, None, None, Some("2025-03-10"), today).unwrap();
        assert_eq!(p.from.to_string(), "2025-01-01");
        assert_eq!(
            Period::from_options(None, None, Some("2026-05-01"), Some("2026-04-01"), today)
                .unwrap_err(),
            "--from 2026-05-01 is after --to 2026-04-01"
        );
        assert_eq!(
            Period::from_options(Some("soon"), None, None, None, today).unwrap_err(),
            "--period soon: not a period (2026, 2026-T1 … 2026-T3 or 2026-VB from 1 January, or a month 2026-03)"
        );
        assert!(Period::from_options(None, None, Some("1 May"), None, today).is_err());
    }

    #[test]
    fn indicators_say_share_counts_and_target() {
        let c = Counts {
            guidance_views: 712,
            learned_yes: 320,
            learned_no: 180,
            learned_skipped: 212,
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

    fn fact(at: &str, purpose: &'static str, errand: Option<&'static str>) -> VisitFact<'static> {
        VisitFact {
            at_ms: format!("{at}[Europe/Stockholm]")
                .parse::<jiff::ZonedDateTime>()
                .unwrap()
                .timestamp()
                .as_millisecond(),
            purpose,
            errand,
            language: "sv",
            learned: errand.map(|_| true),
            self_next_time: None,
            checkin_unit: None,
            office: if purpose == "guide" {
                "norr"
            } else {
                "centrum"
            },
            gender: None,
            kind: VisitKind::Visit,
            meanwhile: false,
            mail: None,
        }
    }

    #[test]
    fn visits_are_grouped_in_local_time_and_the_period() {
        let tz = TimeZone::get("Europe/Stockholm").unwrap();
        let visits = [
            // Monday 2 March 2026, 00:30 CET (23:30 UTC the day before).
            fact("2026-03-02T00:30", "guide", None),
            fact("2026-03-02T10:15", "errand", Some("housing")),
            fact("2026-03-08T23:59", "errand", Some("housing")),
            fact("2026-04-01T00:00", "guide", None),
        ];
        let period = Period::parse("2026-03").unwrap();
        let targets = Targets::default();
        let r = aggregate(&visits, period, &tz, By::Hour, targets, 0);
        let rows: Vec<(&str, u64)> = r.rows.iter().map(|(k, c)| (k.as_str(), c.visits)).collect();
        assert_eq!(rows, [("00:00", 1), ("10:00", 1), ("23:00", 1)]);
        assert_eq!(r.total.visits, 3);
        assert_eq!(r.total.learned_yes, 2);
        assert_eq!(r.errands, [("housing".to_string(), 2)]);
        let r = aggregate(&visits, period, &tz, By::Weekday, targets, 0);
        let rows: Vec<&str> = r.rows.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(rows, ["1 Mon", "7 Sun"]);
        let r = aggregate(&visits, period, &tz, By::Errand, targets, 0);
        let rows: Vec<&str> = r.rows.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(rows, ["-", "housing"]);
        let r = aggregate(&visits, period, &tz, By::Office, targets, 0);
        let rows: Vec<(&str, u64)> = r.rows.iter().map(|(k, c)| (k.as_str(), c.visits)).collect();
        assert_eq!(rows, [("centrum", 2), ("norr", 1)]);
        let chart = chart_data(&visits, period, &tz, targets, "t".into(), 0);
        assert_eq!(chart.week_hours[0][0], 1);
        assert_eq!(chart.week_hours[6][23], 1);
        assert_eq!(chart.months.len(), 1);
        assert_eq!(chart.months[0].learned_answered, 2);
    }

    #[test]
    fn unknown_mail_is_a_dash_in_table_and_csv() {
        let tz = TimeZone::get("Europe/Stockholm").unwrap();
        let visits = [fact("2026-03-02T10:15", "errand", Some("housing"))];
        let r = aggregate(
            &visits,
            Period::parse("2026").unwrap(),
            &tz,
            By::Purpose,
            Targets::default(),
            0,
        );
        assert!(r.table("Stad").contains("mail delivered         –\n"));
        assert_eq!(
            r.csv().lines().nth(1).unwrap(),
            "errand,1,0,1,–,–,–,1,0,0,100.0,0,0,1,,0,0"
        );
        let known = Report {
            mail_known: true,
            ..r
        };
        assert!(
            known
                .csv()
                .lines()
                .nth(1)
                .unwrap()
                .starts_with("errand,1,0,1,0,0,0,")
        );
    }
}
