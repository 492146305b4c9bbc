//! The annual report (`entre-hub report --year 2026 [--office ID] --format
//! csv|pdf`): one page for the board, of one office or the whole city, for
//! January to December in the hub's time zone (`[stats] timezone`).
//!
//! Nothing is counted here: the figures are [`crate::stats::report`]'s
//! (visits, the three flows, survey answers, walk-ins, errands, languages)
//! and [`entre_core::stats::tertials`]'s (the indicators of women and men
//! for T1, T2 and the year, cumulative from 1 January) over
//! [`crate::store::Store::visits`]. Small figures are hidden with
//! [`entre_core::stats::suppress`], as in every other table: a figure of
//! 1 to `[privacy] min_cell - 1` visitors is "–", with its complement;
//! totals are shown, and so are zeros.
//!
//! The PDF is one A4 page in Swedish, set in Noto Sans (embedded) by
//! printpdf.

use std::fmt::Write as _;

use entre_core::stats::suppress::{self, HIDDEN};
use entre_core::stats::{self as core, By, Counts, Period, Targets, TertialIndicators};

use crate::config::HubConfig;
use crate::floor::{Titles, language_sv};
use crate::store::{Store, StoreError};

/// How many errands and languages the report lists.
pub const TOP: usize = 5;

/// A figure as the report shows it: the number, or hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    pub n: u64,
    pub hidden: bool,
}

impl Shown {
    fn text(&self) -> String {
        suppress::cell(self.n, self.hidden)
    }
}

/// One indicator of one group in one period: yes of those who answered
/// (hidden when the yes or the no could single out a visitor).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    pub yes: u64,
    pub answered: u64,
    pub hidden: bool,
    /// Per cent.
    pub target: u32,
}

impl Share {
    /// The share in per cent, `None` when hidden or without answers.
    pub fn pct(&self) -> Option<f64> {
        (!self.hidden && self.answered > 0).then(|| 100.0 * self.yes as f64 / self.answered as f64)
    }
    /// "64 % (32 av 50)", "–" or "inga svar".
    fn sv(&self) -> String {
        if self.hidden {
            HIDDEN.to_string()
        } else {
            match self.pct() {
                Some(p) => format!("{} % ({} av {})", p.round(), self.yes, self.answered),
                None => "inga svar".to_string(),
            }
        }
    }
}

/// The two indicators of women, men and everyone in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodIndicators {
    /// "T1", "T2", "VB"
    pub label: String,
    pub period: Period,
    /// women, men, all: learned something new
    pub learned: [Share; 3],
    /// women, men, all: can do it themselves next time
    pub self_next_time: [Share; 3],
}

/// The rows of the indicator tables: women, men, everyone.
pub const GROUPS: [&str; 3] = ["women", "men", "all"];

/// Walk-in figures as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct WalkInFigures {
    pub registrations: u64,
    /// Waits known; the median and p90 are hidden when there are 1 to
    /// min_cell - 1 of them (a few waits give a visitor's own).
    pub waited: u64,
    pub wait_median_ms: Option<i64>,
    pub wait_p90_ms: Option<i64>,
    pub wait_hidden: bool,
    /// Closed on the floor, of whom left before help.
    pub closed: u64,
    pub left: Shown,
    /// Of the registrations, who opened "start meanwhile".
    pub meanwhile: Shown,
}

/// Everything on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnualReport {
    pub year: i16,
    /// The office's id, `None` for the whole city.
    pub office: Option<String>,
    /// "Medborgarkontoret Centrum" or "Hela staden".
    pub title: String,
    pub timezone: String,
    pub period: Period,
    pub min_cell: u64,
    pub targets: Targets,
    pub visits: u64,
    pub checkins: u64,
    pub guidance: u64,
    pub survey_answers: u64,
    pub walk_ins: WalkInFigures,
    /// T1, T2 and VB (the year), cumulative from 1 January.
    pub indicators: Vec<PeriodIndicators>,
    /// The most viewed errands: (id, Swedish title, guidance views).
    pub errands: Vec<(String, String, Shown)>,
    /// Guidance views of all errands.
    pub errands_total: u64,
    /// The most used languages: (code, Swedish name, visits).
    pub languages: Vec<(String, String, Shown)>,
    pub languages_total: u64,
    /// Whether any figure is hidden (then the footnote is printed).
    pub any_hidden: bool,
}

/// What cannot be measured, in Swedish, as the page and the CSV say it.
pub const NOTES: [&str; 6] = [
    "Besök räknas när besökaren använder kiosken; den som går direkt till disken eller en vägledare utan att registreras syns inte.",
    "Indikatorerna räknar dem som svarade; den som hoppar över frågorna ingår inte i andelen. Svaren är frivilliga och anonyma.",
    "Kön är en frivillig fråga; ”annat svar”, ”vill inte svara” och ej svarat ingår i Alla men redovisas inte för sig.",
    "Enkätsvar givna fristående (kioskens välkomstskärm, golvets enkät) är inte besök men deras svar ingår i indikatorerna.",
    "Väntetiden räknas från registreringen tills en vägledare tar ärendet; ”gick innan hjälp” är andelen av avslutade ärenden som guiden markerade så.",
    "”Började under väntan” räknar bara den som öppnade stegen på kiosken; arbete på en publik dator eller i egen telefon kan inte mätas.",
];

/// The Swedish footnote for hidden figures (the core's, in Swedish).
pub fn footnote_sv(min_cell: u64) -> String {
    format!(
        "{HIDDEN} = färre än {min_cell} besökare, eller dolt så att en sådan siffra inte kan räknas fram ur de andra ([privacy] min_cell = {min_cell}). 0 visas; summor visas alltid."
    )
}

/// Whether `year` is one the report can be made for.
pub fn valid_year(year: i32) -> bool {
    (2000..=2999).contains(&year)
}

/// The indicators of one tertial (cumulative) with small cells hidden as
/// [`core::tertial_hidden`] says (the same as the stats page and
/// `entre-hub stats`); everyone's (the total) is never hidden.
fn period_indicators(
    label: &str,
    t: &TertialIndicators,
    targets: Targets,
    hidden: [[bool; 2]; 2],
) -> (PeriodIndicators, bool) {
    let share = |c: &Counts, ind: usize, hidden: bool, target: u32| {
        let (yes, no) = if ind == 0 {
            (c.learned_yes, c.learned_no)
        } else {
            (c.self_yes, c.self_no)
        };
        Share {
            yes,
            answered: yes + no,
            hidden,
            target,
        }
    };
    let groups = [
        (&t.women, hidden[0]),
        (&t.men, hidden[1]),
        (&t.all, [false, false]),
    ];
    let any = hidden.iter().flatten().any(|h| *h);
    (
        PeriodIndicators {
            label: label.to_string(),
            period: t.period,
            learned: groups.map(|(c, h)| share(c, 0, h[0], targets.learned)),
            self_next_time: groups.map(|(c, h)| share(c, 1, h[1], targets.self_next_time)),
        },
        any,
    )
}

/// A count and the rest of its total, hidden together when either is small.
fn part(n: u64, of: u64, min_cell: u64) -> Shown {
    let h = suppress::hide(
        &[vec![n, of.saturating_sub(n)]],
        false,
        min_cell,
        &[vec![0, 1]],
    );
    Shown { n, hidden: h[0][0] }
}

/// The `TOP` largest of `rows` (all of them a column that adds up to
/// `total`), with small ones and their complements hidden over the whole
/// column.
fn top(rows: Vec<(String, u64)>, min_cell: u64) -> (Vec<(String, Shown)>, u64, bool) {
    let total: u64 = rows.iter().map(|(_, n)| n).sum();
    let mut cells: Vec<Vec<u64>> = rows.iter().map(|(_, n)| vec![*n]).collect();
    cells.push(vec![total]);
    let hidden = suppress::hide(&cells, true, min_cell, &[]);
    let any = hidden.iter().flatten().any(|h| *h);
    let mut shown: Vec<(String, Shown)> = rows
        .into_iter()
        .zip(hidden)
        .filter(|((_, n), _)| *n > 0)
        .map(|((k, n), h)| (k, Shown { n, hidden: h[0] }))
        .collect();
    shown.sort_by(|a, b| b.1.n.cmp(&a.1.n).then_with(|| a.0.cmp(&b.0)));
    shown.truncate(TOP);
    (shown, total, any)
}

/// The annual report of `office` (`None`: the whole city) for `year`.
/// `NotFound` for an office not in hub.toml.
pub async fn annual(
    store: &dyn Store,
    config: &HubConfig,
    office: Option<&str>,
    year: i16,
) -> Result<AnnualReport, StoreError> {
    let period = Period::parse(&format!("{year:04}"))
        .ok_or_else(|| StoreError::Other(format!("no year {year}")))?;
    let min_cell = u64::from(config.min_cell);
    let targets = crate::stats::targets(config);
    // Visits, flows, walk-ins and languages (by language); errands are
    // the report's guidance views per errand.
    let report = crate::stats::report(store, config, office, period, By::Language).await?;
    let tz = crate::stats::timezone(config)?;
    let (from, to) = period.bounds_ms(&tz);
    let rows = store.visits(office, from, to).await?;
    let tertials = core::tertials(&crate::stats::facts(&rows), year, &tz);
    let mut any_hidden = false;
    let mut indicators = Vec::new();
    let hidden = core::tertial_hidden(&tertials, min_cell);
    for ((t, label), h) in tertials.iter().zip(["T1", "T2", "VB"]).zip(hidden) {
        let (p, any) = period_indicators(label, t, targets, h);
        any_hidden |= any;
        indicators.push(p);
    }
    let titles = match office {
        Some(id) => Titles::of_office(store, id).await,
        None => Titles::packaged(),
    };
    let (errands, errands_total, any) = top(report.errands.clone(), min_cell);
    any_hidden |= any;
    let errands = errands
        .into_iter()
        .map(|(id, n)| {
            let title = if id == "-" {
                crate::floor::OTHER_ERRAND_SV.to_string()
            } else {
                titles.get(&id).to_string()
            };
            (id, title, n)
        })
        .collect();
    let (languages, languages_total, any) = top(
        report
            .rows
            .iter()
            .map(|(k, c)| (k.clone(), c.visits))
            .collect(),
        min_cell,
    );
    any_hidden |= any;
    let languages = languages
        .into_iter()
        .map(|(code, n)| {
            let name = language_sv(&code).to_string();
            (code, name, n)
        })
        .collect();
    let w = report.walk_ins.clone().unwrap_or_default();
    let waited = w.waited.unwrap_or(0);
    let closed = w.closed.unwrap_or(0);
    let walk_ins = WalkInFigures {
        registrations: w.registrations,
        waited,
        wait_median_ms: w.wait_median_ms,
        wait_p90_ms: w.wait_p90_ms,
        wait_hidden: waited > 0 && waited < min_cell,
        closed,
        left: part(w.left.unwrap_or(0), closed, min_cell),
        meanwhile: part(w.meanwhile, w.registrations, min_cell),
    };
    any_hidden |= walk_ins.wait_hidden || walk_ins.left.hidden || walk_ins.meanwhile.hidden;
    Ok(AnnualReport {
        year,
        office: office.map(String::from),
        title: crate::stats::title(config, office),
        timezone: tz.iana_name().unwrap_or("system").to_string(),
        period,
        min_cell,
        targets,
        visits: report.total.visits,
        checkins: report.total.checkins,
        guidance: report.total.guidance_views,
        survey_answers: report.total.survey_answers,
        walk_ins,
        indicators,
        errands,
        errands_total,
        languages,
        languages_total,
        any_hidden,
    })
}

/// Minutes with one decimal ("12.5").
fn minutes(ms: i64) -> String {
    format!("{:.1}", ms as f64 / 60_000.0)
}

fn pct(n: u64, of: u64) -> Option<f64> {
    (of > 0).then(|| 100.0 * n as f64 / of as f64)
}

impl AnnualReport {
    /// The scope as the CSV names it: the office id or "city".
    fn scope(&self) -> &str {
        self.office.as_deref().unwrap_or("city")
    }

    fn wait(&self, ms: Option<i64>) -> String {
        match ms {
            _ if self.walk_ins.wait_hidden => HIDDEN.to_string(),
            Some(ms) => minutes(ms),
            None => String::new(),
        }
    }

    /// The report as CSV (UTF-8): a header `section,item,group,period,
    /// value,of,share_pct,target_pct`, then one figure a row. A hidden
    /// figure is "–" (its share empty); a share without answers is empty.
    /// Times are minutes with one decimal.
    pub fn csv(&self) -> String {
        let mut out = String::new();
        let y = format!("{:04}", self.year);
        let mut line = |cells: [&str; 8]| {
            let _ = writeln!(out, "{}", cells.map(core::csv_field).join(","));
        };
        line([
            "section",
            "item",
            "group",
            "period",
            "value",
            "of",
            "share_pct",
            "target_pct",
        ]);
        line(["report", "scope", "", &y, self.scope(), "", "", ""]);
        line(["report", "name", "", &y, &self.title, "", "", ""]);
        line([
            "report",
            "from",
            "",
            &y,
            &self.period.from.to_string(),
            "",
            "",
            "",
        ]);
        line([
            "report",
            "to",
            "",
            &y,
            &self.period.to.to_string(),
            "",
            "",
            "",
        ]);
        line(["report", "timezone", "", &y, &self.timezone, "", "", ""]);
        line([
            "report",
            "min_cell",
            "",
            &y,
            &self.min_cell.to_string(),
            "",
            "",
            "",
        ]);
        for (item, n) in [
            ("visits", self.visits),
            ("checkins", self.checkins),
            ("guidance_views", self.guidance),
            ("walk_ins_registered", self.walk_ins.registrations),
            ("survey_answers", self.survey_answers),
        ] {
            line(["flows", item, "all", &y, &n.to_string(), "", "", ""]);
        }
        for p in &self.indicators {
            let period = format!("{y}-{}", p.label);
            for (item, shares) in [
                ("learned", &p.learned),
                ("self_next_time", &p.self_next_time),
            ] {
                for (group, s) in GROUPS.iter().zip(shares) {
                    let (yes, of) = if s.hidden {
                        (HIDDEN.to_string(), HIDDEN.to_string())
                    } else {
                        (s.yes.to_string(), s.answered.to_string())
                    };
                    let share = s.pct().map_or(String::new(), |v| format!("{v:.1}"));
                    line([
                        "indicator",
                        item,
                        group,
                        &period,
                        &yes,
                        &of,
                        &share,
                        &s.target.to_string(),
                    ]);
                }
            }
        }
        let w = &self.walk_ins;
        line([
            "walk_ins",
            "registered",
            "all",
            &y,
            &w.registrations.to_string(),
            "",
            "",
            "",
        ]);
        line([
            "walk_ins",
            "waited",
            "all",
            &y,
            &w.waited.to_string(),
            "",
            "",
            "",
        ]);
        line([
            "walk_ins",
            "wait_median_min",
            "all",
            &y,
            &self.wait(w.wait_median_ms),
            "",
            "",
            "",
        ]);
        line([
            "walk_ins",
            "wait_p90_min",
            "all",
            &y,
            &self.wait(w.wait_p90_ms),
            "",
            "",
            "",
        ]);
        for (item, s, of) in [
            ("left_before_help", w.left, w.closed),
            ("started_meanwhile", w.meanwhile, w.registrations),
        ] {
            let share = if s.hidden {
                String::new()
            } else {
                pct(s.n, of).map_or(String::new(), |v| format!("{v:.1}"))
            };
            line([
                "walk_ins",
                item,
                "all",
                &y,
                &s.text(),
                &of.to_string(),
                &share,
                "",
            ]);
        }
        for (id, _, n) in &self.errands {
            line([
                "top_errands",
                id,
                "all",
                &y,
                &n.text(),
                &self.errands_total.to_string(),
                "",
                "",
            ]);
        }
        for (code, _, n) in &self.languages {
            line([
                "top_languages",
                code,
                "all",
                &y,
                &n.text(),
                &self.languages_total.to_string(),
                "",
                "",
            ]);
        }
        for (i, note) in NOTES.iter().enumerate() {
            line(["note", &(i + 1).to_string(), "", "", note, "", "", ""]);
        }
        if self.any_hidden {
            line([
                "note",
                "hidden",
                "",
                "",
                &suppress::footnote(self.min_cell),
                "",
                "",
                "",
            ]);
        }
        out
    }

    /// The report as a one-page A4 PDF in Swedish.
    pub fn pdf(&self) -> Result<Vec<u8>, String> {
        pdf::render(self)
    }
}

mod pdf {
    //! The page: measured text in Noto Sans, positions in millimetres from
    //! the top left (printpdf's origin is the bottom left).

    use printpdf::{
        Color, IndirectFontRef, Line, Mm, PdfDocument, PdfLayerReference, Point, Rect, Rgb,
    };

    use super::{AnnualReport, HIDDEN, NOTES, Share, footnote_sv, minutes, pct};

    const REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
    const BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");

    const W: f32 = 210.0;
    const H: f32 = 297.0;
    const LEFT: f32 = 18.0;
    const RIGHT: f32 = W - 18.0;
    const PT: f32 = 0.352_778;

    const INK: (f32, f32, f32) = (0.1, 0.1, 0.12);
    const GREY: (f32, f32, f32) = (0.38, 0.38, 0.42);
    const RULE: (f32, f32, f32) = (0.78, 0.78, 0.8);
    const WOMEN: (f32, f32, f32) = (0.55, 0.27, 0.6);
    const MEN: (f32, f32, f32) = (0.16, 0.42, 0.62);
    const BAND: (f32, f32, f32) = (0.94, 0.95, 0.97);

    fn rgb(c: (f32, f32, f32)) -> Color {
        Color::Rgb(Rgb::new(c.0, c.1, c.2, None))
    }

    struct Face {
        face: ttf_parser::Face<'static>,
        font: IndirectFontRef,
    }

    impl Face {
        /// Width of `text` at `size` points, in mm.
        fn width(&self, text: &str, size: f32) -> f32 {
            let upem = f32::from(self.face.units_per_em());
            let units: f32 = text
                .chars()
                .map(|c| {
                    self.face
                        .glyph_index(c)
                        .and_then(|g| self.face.glyph_hor_advance(g))
                        .map_or(upem / 2.0, f32::from)
                })
                .sum();
            units / upem * size * PT
        }
    }

    struct Page {
        layer: PdfLayerReference,
        regular: Face,
        bold: Face,
    }

    #[derive(Clone, Copy)]
    enum Align {
        Left,
        Right,
    }

    impl Page {
        fn face(&self, bold: bool) -> &Face {
            if bold { &self.bold } else { &self.regular }
        }
        /// Text with its baseline at `y` mm from the top.
        #[allow(clippy::too_many_arguments)]
        fn text(
            &self,
            s: &str,
            size: f32,
            x: f32,
            y: f32,
            bold: bool,
            color: (f32, f32, f32),
            align: Align,
        ) {
            let f = self.face(bold);
            let x = match align {
                Align::Left => x,
                Align::Right => x - f.width(s, size),
            };
            self.layer.set_fill_color(rgb(color));
            self.layer.use_text(s, size, Mm(x), Mm(H - y), &f.font);
        }
        /// A filled rectangle, top left at (x, y) mm from the top.
        fn rect(&self, x: f32, y: f32, w: f32, h: f32, color: (f32, f32, f32)) {
            self.layer.set_fill_color(rgb(color));
            self.layer
                .add_rect(Rect::new(Mm(x), Mm(H - y - h), Mm(x + w), Mm(H - y)));
        }
        fn line(&self, x1: f32, y1: f32, x2: f32, y2: f32, width_pt: f32, color: (f32, f32, f32)) {
            self.layer.set_outline_color(rgb(color));
            self.layer.set_outline_thickness(width_pt);
            self.layer.add_line(Line {
                points: vec![
                    (Point::new(Mm(x1), Mm(H - y1)), false),
                    (Point::new(Mm(x2), Mm(H - y2)), false),
                ],
                is_closed: false,
            });
        }
        /// `s` broken into lines no wider than `width` mm.
        fn wrap(&self, s: &str, size: f32, width: f32) -> Vec<String> {
            let mut lines = Vec::new();
            let mut line = String::new();
            for word in s.split_whitespace() {
                let next = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if !line.is_empty() && self.regular.width(&next, size) > width {
                    lines.push(std::mem::take(&mut line));
                    line = word.to_string();
                } else {
                    line = next;
                }
            }
            if !line.is_empty() {
                lines.push(line);
            }
            lines
        }
        /// A section heading with a rule under it; the next baseline.
        fn heading(&self, s: &str, x: f32, y: f32, width: f32) -> f32 {
            self.text(s, 11.0, x, y, true, INK, Align::Left);
            self.line(x, y + 1.6, x + width, y + 1.6, 0.6, RULE);
            y + 6.2
        }
        /// Rows of (label, value) with the values right-aligned at `x2`;
        /// the next baseline.
        fn pairs(&self, rows: &[(String, String)], x: f32, x2: f32, mut y: f32) -> f32 {
            for (i, (label, value)) in rows.iter().enumerate() {
                if i % 2 == 0 {
                    self.rect(x, y - 3.6, x2 - x + 1.0, 5.0, BAND);
                }
                self.text(label, 9.0, x + 1.0, y, false, INK, Align::Left);
                self.text(value, 9.0, x2, y, false, INK, Align::Right);
                y += 5.0;
            }
            y
        }
    }

    fn share_pct(s: &Share) -> String {
        s.sv()
    }

    pub fn render(r: &AnnualReport) -> Result<Vec<u8>, String> {
        let title = format!("Årsrapport {} – {}", r.year, r.title);
        let (doc, page, layer) = PdfDocument::new(&title, Mm(W), Mm(H), "Sida 1");
        let load = |bytes: &'static [u8]| -> Result<Face, String> {
            let font = doc
                .add_external_font(bytes)
                .map_err(|e| format!("font: {e}"))?;
            let face = ttf_parser::Face::parse(bytes, 0).map_err(|e| format!("font: {e}"))?;
            Ok(Face { face, font })
        };
        let p = Page {
            layer: doc.get_page(page).get_layer(layer),
            regular: load(REGULAR)?,
            bold: load(BOLD)?,
        };

        // Title.
        let mut y = 24.0;
        p.text(&title, 17.0, LEFT, y, true, INK, Align::Left);
        y += 6.5;
        p.text(
            &format!(
                "Entré · 1 januari – 31 december {} · lokal tid {} · mål: lärt sig {} %, klarar själv {} %",
                r.year, r.timezone, r.targets.learned, r.targets.self_next_time
            ),
            8.5,
            LEFT,
            y,
            false,
            GREY,
            Align::Left,
        );
        y += 9.0;

        // Visitors and flows | walk-ins, side by side.
        let mid = W / 2.0;
        let col = mid - LEFT - 6.0;
        let y0 = y;
        let mut yl = p.heading("Besökare och flöden", LEFT, y0, col);
        yl = p.pairs(
            &[
                ("Besök (på kiosken)".into(), r.visits.to_string()),
                ("  Incheckningar, bokad tid".into(), r.checkins.to_string()),
                ("  Vägledning, ärendesidor".into(), r.guidance.to_string()),
                (
                    "  Spontanbesök registrerade".into(),
                    r.walk_ins.registrations.to_string(),
                ),
                (
                    "Enkätsvar givna fristående (ej besök)".into(),
                    r.survey_answers.to_string(),
                ),
            ],
            LEFT,
            LEFT + col,
            yl,
        );
        let w = &r.walk_ins;
        let wait = |ms: Option<i64>| match ms {
            _ if w.wait_hidden => HIDDEN.to_string(),
            Some(ms) => format!("{} min", minutes(ms)),
            None => "–".to_string(),
        };
        let part = |s: super::Shown, of: u64| {
            if s.hidden {
                format!("{HIDDEN} av {of}")
            } else {
                match pct(s.n, of) {
                    Some(v) => format!("{} % ({} av {of})", v.round(), s.n),
                    None => "inga".to_string(),
                }
            }
        };
        let x = mid + 6.0;
        let mut yr = p.heading("Spontanbesök och väntetid", x, y0, RIGHT - x);
        yr = p.pairs(
            &[
                ("Registrerade".into(), w.registrations.to_string()),
                ("Väntetid, median".into(), wait(w.wait_median_ms)),
                ("Väntetid, 90:e percentil".into(), wait(w.wait_p90_ms)),
                (
                    "Gick innan hjälp (av avslutade)".into(),
                    part(w.left, w.closed),
                ),
                (
                    "Började under väntan (av registrerade)".into(),
                    part(w.meanwhile, w.registrations),
                ),
            ],
            x,
            RIGHT,
            yr,
        );
        y = yl.max(yr) + 5.0;

        // The indicators.
        y = p.heading("Egenmakt: kvinnor och män mot målen", LEFT, y, RIGHT - LEFT);
        p.text(
            "Andel som svarade ja, av dem som svarade; kumulativt från 1 januari (T1 jan–apr, T2 jan–aug, VB helår).",
            8.0,
            LEFT,
            y - 0.8,
            false,
            GREY,
            Align::Left,
        );
        y += 5.0;
        let table_right = 138.0;
        let cols = [78.0, 108.0, table_right];
        let groups = ["Kvinnor", "Män", "Alla"];
        for (name, target, pick) in [
            ("Lärt sig något nytt", r.targets.learned, 0usize),
            (
                "Klarar ärendet själv nästa gång",
                r.targets.self_next_time,
                1,
            ),
        ] {
            p.text(
                &format!("{name} (mål {target} %)"),
                9.0,
                LEFT,
                y,
                true,
                INK,
                Align::Left,
            );
            y += 4.6;
            for (i, ind) in r.indicators.iter().enumerate() {
                let months = ["jan–apr", "jan–aug", "helår"]
                    .get(i)
                    .copied()
                    .unwrap_or("");
                p.text(
                    &format!("{} {months}", ind.label),
                    8.0,
                    cols[i],
                    y,
                    false,
                    GREY,
                    Align::Right,
                );
            }
            y += 5.0;
            let first = y;
            for (g, gname) in groups.iter().enumerate() {
                if g % 2 == 0 {
                    p.rect(LEFT, y - 3.6, table_right - LEFT + 1.0, 5.0, BAND);
                }
                p.text(gname, 9.0, LEFT + 1.0, y, g == 2, INK, Align::Left);
                for (i, ind) in r.indicators.iter().enumerate() {
                    let s = if pick == 0 {
                        &ind.learned[g]
                    } else {
                        &ind.self_next_time[g]
                    };
                    p.text(&share_pct(s), 9.0, cols[i], y, false, INK, Align::Right);
                }
                y += 5.0;
            }
            // Bars for the year (VB), on the rows of women and men,
            // against the target.
            if let Some(vb) = r.indicators.last() {
                let shares = if pick == 0 {
                    &vb.learned
                } else {
                    &vb.self_next_time
                };
                let bx = table_right + 8.0;
                let bw = RIGHT - bx - 11.0;
                p.text("VB", 8.0, bx, first - 5.0, false, GREY, Align::Left);
                for (g, color) in [(0usize, WOMEN), (1, MEN)] {
                    let base = first + g as f32 * 5.0;
                    let by = base - 3.3;
                    p.rect(bx, by, bw, 4.0, BAND);
                    if let Some(v) = shares[g].pct() {
                        p.rect(bx, by, bw * (v as f32 / 100.0), 4.0, color);
                    }
                    let label = shares[g]
                        .pct()
                        .map_or(HIDDEN.to_string(), |v| format!("{} %", v.round()));
                    p.text(&label, 8.0, RIGHT, base, false, INK, Align::Right);
                    p.text(
                        ["K", "M"][g],
                        8.0,
                        bx - 1.2,
                        base,
                        true,
                        color,
                        Align::Right,
                    );
                }
                let tx = bx + bw * (target as f32 / 100.0);
                p.line(tx, first - 4.4, tx, first + 7.0, 1.2, INK);
                p.text(
                    &format!("mål {target} %"),
                    7.0,
                    tx,
                    first + 10.0,
                    false,
                    GREY,
                    Align::Left,
                );
            }
            y += 3.0;
        }
        y += 3.0;

        // Top errands | top languages.
        let y0 = y;
        let errands: Vec<(String, String)> = r
            .errands
            .iter()
            .map(|(_, title, n)| (title.clone(), n.text()))
            .chain(std::iter::once((
                "Alla ärenden".to_string(),
                r.errands_total.to_string(),
            )))
            .collect();
        let mut yl = p.heading(
            &format!("Vanligaste ärenden (vägledning, topp {})", super::TOP),
            LEFT,
            y0,
            col,
        );
        yl = p.pairs(&errands, LEFT, LEFT + col, yl);
        let languages: Vec<(String, String)> = r
            .languages
            .iter()
            .map(|(code, name, n)| (format!("{name} ({code})"), n.text()))
            .chain(std::iter::once((
                "Alla språk".to_string(),
                r.languages_total.to_string(),
            )))
            .collect();
        let mut yr = p.heading(
            &format!("Vanligaste språk (besök, topp {})", super::TOP),
            x,
            y0,
            RIGHT - x,
        );
        yr = p.pairs(&languages, x, RIGHT, yr);
        y = yl.max(yr) + 5.0;

        // Notes.
        y = p.heading("Vad siffrorna inte visar", LEFT, y, RIGHT - LEFT);
        let mut notes: Vec<String> = NOTES.iter().map(|n| n.to_string()).collect();
        if r.any_hidden {
            notes.push(footnote_sv(r.min_cell));
        }
        for note in &notes {
            for (i, l) in p.wrap(note, 8.0, RIGHT - LEFT - 4.0).iter().enumerate() {
                if i == 0 {
                    p.text("•", 8.0, LEFT, y, false, GREY, Align::Left);
                }
                p.text(l, 8.0, LEFT + 4.0, y, false, INK, Align::Left);
                y += 3.8;
            }
            y += 0.8;
        }
        if y > H - 12.0 {
            return Err(format!("the report does not fit on one page ({y:.0} mm)"));
        }
        p.text(
            &format!(
                "Siffrorna kommer från entre-hub (besök som kioskerna skickat och golvets registreringar); {}.",
                match &r.office {
                    Some(id) => format!("kontor {id}"),
                    None => "alla kontor".to_string(),
                }
            ),
            7.0,
            LEFT,
            H - 10.0,
            false,
            GREY,
            Align::Left,
        );
        doc.save_to_bytes().map_err(|e| format!("PDF: {e}"))
    }
}
