//! The report as a table for a terminal and as CSV, with small numbers
//! hidden ([`super::suppress`]).
//!
//! The CSV format is documented on [`Report::csv`].

use std::fmt::Write as _;

use super::suppress::{self, HIDDEN};
use super::{Counts, GENDER_ROWS, Indicator, Report, Targets, WalkIns, csv_field};

// The columns of the breakdown's count matrix (what suppression sees).
const VISITS: usize = 0;
const CHECKINS: usize = 1;
const GUIDANCE: usize = 2;
const MAIL_DELIVERED: usize = 3;
const MAIL_FAILED: usize = 4;
const MAIL_WAITING: usize = 5;
const LEARNED_YES: usize = 6;
const LEARNED_NO: usize = 7;
const LEARNED_SKIPPED: usize = 8;
const SELF_YES: usize = 9;
const SELF_NO: usize = 10;
const SELF_SKIPPED: usize = 11;
const SURVEY: usize = 12;
const MEANWHILE: usize = 13;

/// What is shown for a figure this place cannot know.
const NOT_KNOWN: &str = "not known here";

/// The walk-ins' notes: what is measured and what is not.
pub const WALK_IN_NOTES: [&str; 4] = [
    "measured: walk-ins registered on the kiosk or the floor; who opened the kiosk's \"start meanwhile\" steps",
    "measured on the hub: the floor's times from registered to taken (the wait) and to done, and who left before help",
    "not measured: whether a visitor worked on a public PC or their own phone meanwhile, or scanned the QR code; walk-ins who never registered",
    "on a kiosk: waits and who left are known only on the hub (entre-hub stats)",
];

/// The counts of one row as suppression sees them (mail not known here:
/// 0, which is never hidden and shown as "–" anyway).
fn matrix_row(c: &Counts, t: Targets, mail_known: bool) -> Vec<u64> {
    let l = c.learned(t.learned);
    let s = c.self_next_time(t.self_next_time);
    let mail = |n: u64| if mail_known { n } else { 0 };
    vec![
        c.visits,
        c.checkins,
        c.guidance_views,
        mail(c.mail_delivered),
        mail(c.mail_failed),
        mail(c.mail_waiting),
        l.yes,
        l.answered - l.yes,
        l.skipped,
        s.yes,
        s.answered - s.yes,
        s.skipped,
        c.survey_answers,
        c.meanwhile,
    ]
}

/// The parts that add up to a figure that is shown: mail, and each
/// indicator's yes, no and skipped.
fn row_sets() -> Vec<Vec<usize>> {
    vec![
        vec![MAIL_DELIVERED, MAIL_FAILED, MAIL_WAITING],
        vec![LEARNED_YES, LEARNED_NO, LEARNED_SKIPPED],
        vec![SELF_YES, SELF_NO, SELF_SKIPPED],
    ]
}

/// A table of counts and which of them are hidden.
struct Grid {
    cells: Vec<Vec<u64>>,
    hidden: Vec<Vec<bool>>,
}

impl Grid {
    fn cell(&self, r: usize, c: usize) -> String {
        suppress::cell(self.cells[r][c], self.hidden[r][c])
    }

    fn any(&self) -> bool {
        self.hidden.iter().flatten().any(|&h| h)
    }
}

/// An indicator as a table cell: "64 % (320/500)", "-" without answers,
/// "–" when hidden.
fn share_cell(i: &Indicator, hidden: bool) -> String {
    if hidden {
        return HIDDEN.into();
    }
    match i.share() {
        Some(s) => format!("{} % ({}/{})", s.round(), i.yes, i.answered),
        None => "-".into(),
    }
}

/// "70 % (35 of 50 answered); target 60 %: met", or "–" when hidden.
fn describe_answered(i: &Indicator, hidden: bool) -> String {
    if hidden {
        return HIDDEN.into();
    }
    match (i.share(), i.met()) {
        (Some(share), Some(met)) => format!(
            "{} % ({} of {} answered); target {} %: {}",
            share.round(),
            i.yes,
            i.answered,
            i.target,
            if met { "met" } else { "not met" }
        ),
        _ => format!("no answers; target {} %", i.target),
    }
}

/// The two indicators of one group (women or men), `None` where hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenderIndicators {
    /// "women" or "men".
    pub gender: &'static str,
    pub learned: Option<Indicator>,
    pub self_next_time: Option<Indicator>,
}

/// Whether an indicator of one group must be hidden: its yes or no count
/// hidden, or fewer than `min_cell` answered.
fn indicator_hidden(i: &Indicator, yes_hidden: bool, no_hidden: bool, min_cell: u64) -> bool {
    yes_hidden || no_hidden || (i.answered > 0 && i.answered < min_cell)
}

/// A minutes figure, one decimal.
fn minutes(ms: i64) -> String {
    format!("{:.1}", ms as f64 / 60_000.0)
}

/// A share "8 % (4/50)" as the table shows it.
fn part_share(part: u64, whole: u64) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!(
            "{} % ({part}/{whole})",
            (part as f64 * 100.0 / whole as f64).round()
        )
    }
}

fn pct(part: u64, whole: u64) -> String {
    if whole == 0 {
        String::new()
    } else {
        format!("{:.1}", part as f64 * 100.0 / whole as f64)
    }
}

/// The walk-in figures as (name for the table, name for the CSV, table
/// value, CSV value), with small numbers hidden. Whether any is hidden.
fn walk_in_figures(w: &WalkIns, min_cell: u64) -> (Vec<[String; 4]>, bool) {
    // Left and stayed add up to those closed; meanwhile and not to the
    // registrations: each pair hides together.
    let closed = w.closed.unwrap_or(0);
    let left = w.left.unwrap_or(0);
    let h = suppress::hide(
        &[vec![
            left,
            closed.saturating_sub(left),
            w.meanwhile,
            w.registrations.saturating_sub(w.meanwhile),
        ]],
        false,
        min_cell,
        &[vec![0, 1], vec![2, 3]],
    );
    let (left_hidden, meanwhile_hidden) = (h[0][0], h[0][2]);
    let waits_hidden = w.waited.is_some_and(|n| n > 0 && n < min_cell);
    let mut out: Vec<[String; 4]> = Vec::new();
    let mut push = |table: &str, csv: &str, shown: String, csv_value: String| {
        out.push([table.into(), csv.into(), shown, csv_value]);
    };
    let n = w.registrations.to_string();
    push("registrations", "registrations", n.clone(), n);
    match w.waited {
        Some(n) => push("waits known", "waited", n.to_string(), n.to_string()),
        None => push("waits known", "waited", NOT_KNOWN.into(), String::new()),
    }
    for (table, csv, v) in [
        ("wait, median", "wait_median_min", w.wait_median_ms),
        ("wait, 90th percentile", "wait_p90_min", w.wait_p90_ms),
    ] {
        match (w.waited, v) {
            (None, _) => push(table, csv, NOT_KNOWN.into(), String::new()),
            _ if waits_hidden => push(table, csv, HIDDEN.into(), HIDDEN.into()),
            (Some(_), Some(ms)) => push(table, csv, format!("{} min", minutes(ms)), minutes(ms)),
            (Some(_), None) => push(table, csv, "-".into(), String::new()),
        }
    }
    match (w.closed, w.left) {
        (Some(closed), Some(left)) => {
            push(
                "closed on the floor",
                "closed",
                closed.to_string(),
                closed.to_string(),
            );
            let l = suppress::cell(left, left_hidden);
            push("left before help", "left", l.clone(), l);
            if left_hidden {
                push(
                    "left before help, share",
                    "left_share_pct",
                    HIDDEN.into(),
                    HIDDEN.into(),
                );
            } else {
                push(
                    "left before help, share",
                    "left_share_pct",
                    part_share(left, closed),
                    pct(left, closed),
                );
            }
        }
        _ => {
            push(
                "closed on the floor",
                "closed",
                NOT_KNOWN.into(),
                String::new(),
            );
            push("left before help", "left", NOT_KNOWN.into(), String::new());
            push(
                "left before help, share",
                "left_share_pct",
                NOT_KNOWN.into(),
                String::new(),
            );
        }
    }
    let m = suppress::cell(w.meanwhile, meanwhile_hidden);
    push("started meanwhile", "meanwhile", m.clone(), m);
    if meanwhile_hidden {
        push(
            "started meanwhile, share",
            "meanwhile_share_pct",
            HIDDEN.into(),
            HIDDEN.into(),
        );
    } else {
        push(
            "started meanwhile, share",
            "meanwhile_share_pct",
            part_share(w.meanwhile, w.registrations),
            pct(w.meanwhile, w.registrations),
        );
    }
    let any = (left_hidden && w.left.is_some()) || meanwhile_hidden || waits_hidden;
    (out, any)
}

impl Report {
    /// A mail figure, or "–" when mail is not known here.
    fn mail_cell(&self, grid: &Grid, r: usize, c: usize) -> String {
        if self.mail_known {
            grid.cell(r, c)
        } else {
            super::UNKNOWN.to_string()
        }
    }

    /// The breakdown (its rows, then the total) with its hidden cells.
    fn grid(&self) -> Grid {
        let cells: Vec<Vec<u64>> = self
            .rows
            .iter()
            .map(|(_, c)| c)
            .chain(std::iter::once(&self.total))
            .map(|c| matrix_row(c, self.targets, self.mail_known))
            .collect();
        let hidden = suppress::hide(&cells, true, self.min_cell, &row_sets());
        Grid { cells, hidden }
    }

    /// The gender rows (women, men, another, not answered) and their sum,
    /// with the indicators' yes and no hidden alike.
    fn gender_grid(&self) -> Grid {
        let row = |c: &Counts| vec![c.learned_yes, c.learned_no, c.self_yes, c.self_no];
        let total = super::sum(&self.genders);
        let cells: Vec<Vec<u64>> = self
            .genders
            .iter()
            .map(|(_, c)| row(c))
            .chain(std::iter::once(row(&total)))
            .collect();
        let hidden = suppress::hide(&cells, true, self.min_cell, &[vec![0, 1], vec![2, 3]]);
        Grid { cells, hidden }
    }

    /// The two indicators for women and for men (in that order), `None`
    /// where hidden: the yes or no count is hidden (fewer than `min_cell`,
    /// or its complement), or fewer than `min_cell` answered.
    pub fn gender_indicators(&self) -> [GenderIndicators; 2] {
        let grid = self.gender_grid();
        [GENDER_ROWS[0], GENDER_ROWS[1]].map(|gender| {
            let Some(r) = self.genders.iter().position(|(g, _)| g == gender) else {
                let zero = Counts::default();
                return GenderIndicators {
                    gender,
                    learned: Some(zero.learned(self.targets.learned)),
                    self_next_time: Some(zero.self_next_time(self.targets.self_next_time)),
                };
            };
            let c = &self.genders[r].1;
            let l = c.learned(self.targets.learned);
            let s = c.self_next_time(self.targets.self_next_time);
            let h = &grid.hidden[r];
            GenderIndicators {
                gender,
                learned: (!indicator_hidden(&l, h[0], h[1], self.min_cell)).then_some(l),
                self_next_time: (!indicator_hidden(&s, h[2], h[3], self.min_cell)).then_some(s),
            }
        })
    }

    /// The errand list's counts and which are hidden (they add up to the
    /// guidance views, which are shown).
    fn errands_hidden(&self) -> Vec<bool> {
        let mut cells: Vec<Vec<u64>> = self.errands.iter().map(|(_, n)| vec![*n]).collect();
        cells.push(vec![self.errands.iter().map(|(_, n)| n).sum()]);
        let h = suppress::hide(&cells, true, self.min_cell, &[]);
        h.into_iter()
            .take(self.errands.len())
            .map(|r| r[0])
            .collect()
    }

    /// The table for a terminal. `heading` names the office and kiosk (or
    /// the city, or an office, on the hub). Counts of fewer than `min_cell`
    /// visitors (and their complements) are "–", with the footnote at the
    /// end; the headline figures and the `total` row are always shown.
    pub fn table(&self, heading: &str) -> String {
        let t = &self.total;
        let mut any_hidden = false;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{heading}, {} to {}\n",
            self.period.from, self.period.to
        );
        let mail = |n: u64| {
            if self.mail_known {
                n.to_string()
            } else {
                super::UNKNOWN.to_string()
            }
        };
        for (what, n) in [
            ("visits", t.visits.to_string()),
            ("check-ins", t.checkins.to_string()),
            ("mail delivered", mail(t.mail_delivered)),
            ("mail failed", mail(t.mail_failed)),
            ("mail waiting", mail(t.mail_waiting)),
            ("guidance views", t.guidance_views.to_string()),
            ("survey answers (not visits)", t.survey_answers.to_string()),
        ] {
            let _ = writeln!(out, "{what:<16}{n:>8}");
        }
        if !self.errands.is_empty() {
            let hidden = self.errands_hidden();
            any_hidden |= hidden.iter().any(|&h| h);
            let _ = writeln!(out, "\nguidance views per errand");
            for ((errand, n), h) in self.errands.iter().zip(hidden) {
                let n = suppress::cell(*n, h);
                let _ = writeln!(out, "  {errand:<24}{n:>8}");
            }
        }
        let genders = self.gender_indicators();
        let _ = writeln!(
            out,
            "\nlearned something new: {}",
            self.learned().describe()
        );
        for g in &genders {
            any_hidden |= g.learned.is_none();
            let line = g
                .learned
                .map_or(HIDDEN.into(), |i| describe_answered(&i, false));
            let _ = writeln!(out, "  {:<7}{line}", format!("{}:", g.gender));
        }
        let _ = writeln!(
            out,
            "can do it themselves next time: {}",
            self.self_next_time().describe()
        );
        for g in &genders {
            any_hidden |= g.self_next_time.is_none();
            let line = g
                .self_next_time
                .map_or(HIDDEN.into(), |i| describe_answered(&i, false));
            let _ = writeln!(out, "  {:<7}{line}", format!("{}:", g.gender));
        }

        let grid = self.grid();
        any_hidden |= grid.any();
        let _ = writeln!(out, "\nby {}", self.by.name());
        let total = ("total".to_string(), *t);
        let mut rows: Vec<Vec<String>> = vec![
            [
                self.by.name(),
                "visits",
                "check-ins",
                "guidance",
                "mail sent",
                "mail failed",
                "survey answers",
                "learned",
                "self next time",
            ]
            .map(String::from)
            .to_vec(),
        ];
        for (r, (k, c)) in self.rows.iter().chain(std::iter::once(&total)).enumerate() {
            let h = &grid.hidden[r];
            rows.push(vec![
                k.clone(),
                grid.cell(r, VISITS),
                grid.cell(r, CHECKINS),
                grid.cell(r, GUIDANCE),
                self.mail_cell(&grid, r, MAIL_DELIVERED),
                self.mail_cell(&grid, r, MAIL_FAILED),
                grid.cell(r, SURVEY),
                share_cell(
                    &c.learned(self.targets.learned),
                    h[LEARNED_YES] || h[LEARNED_NO],
                ),
                share_cell(
                    &c.self_next_time(self.targets.self_next_time),
                    h[SELF_YES] || h[SELF_NO],
                ),
            ]);
        }
        let widths: Vec<usize> = (0..rows[0].len())
            .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
            .collect();
        for row in &rows {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                let pad = widths[i] - cell.chars().count();
                if i == 0 || i >= 7 {
                    let _ = write!(line, "{cell}{}  ", " ".repeat(pad));
                } else {
                    let _ = write!(line, "{}{cell}  ", " ".repeat(pad));
                }
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }

        if let Some(w) = &self.walk_ins {
            let (figures, hidden) = walk_in_figures(w, self.min_cell);
            any_hidden |= hidden;
            let _ = writeln!(out, "\nwalk-ins");
            for [what, _, value, _] in &figures {
                let _ = writeln!(out, "  {what:<26}{value:>8}");
            }
            let _ = writeln!(out, "notes");
            for n in WALK_IN_NOTES {
                let _ = writeln!(out, "  {n}");
            }
        }
        if any_hidden {
            let _ = writeln!(out, "\n{}", suppress::footnote(self.min_cell));
        }
        out
    }

    /// The report as CSV.
    ///
    /// UTF-8, comma-separated, fields quoted only where they must be. First the
    /// breakdown, as before, with two columns appended at the end:
    ///
    /// ```text
    /// <by>,visits,checkins,guidance_views,mail_delivered,mail_failed,mail_waiting,
    ///   learned_yes,learned_no,learned_skipped,learned_share_pct,
    ///   self_next_time_yes,self_next_time_no,self_next_time_skipped,self_next_time_share_pct,
    ///   survey_answers,meanwhile
    /// <one row per group>
    /// total,…
    /// ```
    ///
    /// (one header line). Then the indicators for everyone, women and men:
    ///
    /// ```text
    /// indicator,learned,all,<yes>,<answered>,<share_pct>,<target_pct>,<met|not met|>
    /// indicator,learned,women,…
    /// indicator,learned,men,…
    /// indicator,self_next_time,all,…   (and women, men)
    /// ```
    ///
    /// Then, when the report has walk-in figures, `walk_ins,<figure>,<value>`
    /// rows: `registrations`, `waited`, `wait_median_min`, `wait_p90_min`
    /// (minutes, one decimal), `closed`, `left`, `left_share_pct`, `meanwhile`,
    /// `meanwhile_share_pct`, and `walk_ins_note,"…"` rows saying what is and
    /// is not measured. A figure not known here (a kiosk's waits) is empty.
    ///
    /// A hidden figure is `–` (U+2013) wherever it stands; a share is hidden
    /// with its counts. When anything is hidden, the last row is
    /// `note,"<the footnote>"`. Mail figures not known here are `–` too (the
    /// hub), as before. Shares are empty without answers.
    pub fn csv(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{},visits,checkins,guidance_views,mail_delivered,mail_failed,mail_waiting,\
             learned_yes,learned_no,learned_skipped,learned_share_pct,\
             self_next_time_yes,self_next_time_no,self_next_time_skipped,self_next_time_share_pct,\
             survey_answers,meanwhile",
            self.by.name()
        );
        let grid = self.grid();
        let mut any_hidden = grid.any();
        let total = ("total".to_string(), self.total);
        for (r, (k, c)) in self.rows.iter().chain(std::iter::once(&total)).enumerate() {
            let h = &grid.hidden[r];
            let pct = |i: &Indicator, hidden: bool| {
                if hidden {
                    HIDDEN.to_string()
                } else {
                    i.share().map_or(String::new(), |v| format!("{v:.1}"))
                }
            };
            let l = c.learned(self.targets.learned);
            let s = c.self_next_time(self.targets.self_next_time);
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                csv_field(k),
                grid.cell(r, VISITS),
                grid.cell(r, CHECKINS),
                grid.cell(r, GUIDANCE),
                self.mail_cell(&grid, r, MAIL_DELIVERED),
                self.mail_cell(&grid, r, MAIL_FAILED),
                self.mail_cell(&grid, r, MAIL_WAITING),
                grid.cell(r, LEARNED_YES),
                grid.cell(r, LEARNED_NO),
                grid.cell(r, LEARNED_SKIPPED),
                pct(&l, h[LEARNED_YES] || h[LEARNED_NO]),
                grid.cell(r, SELF_YES),
                grid.cell(r, SELF_NO),
                grid.cell(r, SELF_SKIPPED),
                pct(&s, h[SELF_YES] || h[SELF_NO]),
                grid.cell(r, SURVEY),
                grid.cell(r, MEANWHILE),
            );
        }
        let genders = self.gender_indicators();
        for (name, target, all, of) in [
            (
                "learned",
                self.targets.learned,
                self.learned(),
                genders.map(|g| (g.gender, g.learned)),
            ),
            (
                "self_next_time",
                self.targets.self_next_time,
                self.self_next_time(),
                genders.map(|g| (g.gender, g.self_next_time)),
            ),
        ] {
            let _ = writeln!(out, "{}", indicator_row(name, "all", Some(&all), target));
            for (gender, i) in of {
                any_hidden |= i.is_none();
                let _ = writeln!(out, "{}", indicator_row(name, gender, i.as_ref(), target));
            }
        }
        if let Some(w) = &self.walk_ins {
            let (figures, hidden) = walk_in_figures(w, self.min_cell);
            any_hidden |= hidden;
            for [_, what, _, value] in &figures {
                let _ = writeln!(out, "walk_ins,{what},{}", csv_field(value));
            }
            for n in WALK_IN_NOTES {
                let _ = writeln!(out, "walk_ins_note,\"{}\"", n.replace('"', "\"\""));
            }
        }
        if any_hidden {
            let _ = writeln!(
                out,
                "note,\"{}\"",
                suppress::footnote(self.min_cell).replace('"', "\"\"")
            );
        }
        out
    }
}

/// `indicator,<name>,<group>,<yes>,<answered>,<share_pct>,<target_pct>,<met>`;
/// hidden (`None`): "–" for yes, answered, share and met.
pub(super) fn indicator_row(name: &str, group: &str, i: Option<&Indicator>, target: u32) -> String {
    match i {
        Some(i) => format!(
            "indicator,{name},{},{},{},{},{},{}",
            csv_field(group),
            i.yes,
            i.answered,
            i.share().map_or(String::new(), |v| format!("{v:.1}")),
            i.target,
            match i.met() {
                Some(true) => "met",
                Some(false) => "not met",
                None => "",
            }
        ),
        None => format!(
            "indicator,{name},{},{HIDDEN},{HIDDEN},{HIDDEN},{target},{HIDDEN}",
            csv_field(group),
        ),
    }
}
