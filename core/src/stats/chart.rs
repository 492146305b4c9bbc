//! The statistics chart (`entre stats --chart FILE.svg|png`): visits per
//! weekday and hour as a heatmap, and the two egenmakt indicators per month
//! against their targets.
//!
//! Drawn with plotters to an SVG string; a PNG is that SVG rendered by
//! resvg with the fonts the caller embeds (the kiosk's Noto fonts, the
//! hub's Noto Sans), so no system fonts are needed. The kiosk and the hub
//! draw the same chart from the same [`ChartData`].

use std::fmt::Display;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use plotters::coord::Shift;
use plotters::coord::combinators::BindKeyPoints;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use resvg::{tiny_skia, usvg};

use super::suppress::HIDDEN;

/// One month of the two egenmakt indicators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthIndicators {
    /// "2026-03"
    pub month: String,
    pub learned_yes: u64,
    pub learned_answered: u64,
    pub self_yes: u64,
    pub self_answered: u64,
}

/// What the chart draws.
#[derive(Debug, Clone)]
pub struct ChartData {
    /// e.g. "Medborgarkontoret Demo, 2026-01-01 – 2026-11-29"
    pub title: String,
    /// Visits per weekday (0 = Monday … 6 = Sunday) and hour (0–23), local time.
    pub week_hours: [[u64; 24]; 7],
    /// Months in order.
    pub months: Vec<MonthIndicators>,
    pub targets: super::Targets,
    /// Counts of 1 up to `min_cell - 1` are not drawn as they are
    /// (`[privacy] min_cell`; 0 or 1: everything is drawn).
    pub min_cell: u64,
}

/// Why the chart could not be made or written.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The file name ends in neither `.svg` nor `.png`.
    #[error("{}: unknown chart format; the file name must end in .svg or .png", path.display())]
    Format { path: PathBuf },
    /// Drawing the chart itself failed (from [`svg`], which has no file).
    #[error("drawing the chart failed: {0}")]
    Draw(String),
    /// Drawing the chart for this file failed.
    #[error("{}: drawing the chart failed: {reason}", path.display())]
    DrawFile { path: PathBuf, reason: String },
    /// Turning the SVG into a PNG failed.
    #[error("{}: rendering the chart as PNG failed: {reason}", path.display())]
    Png { path: PathBuf, reason: String },
    /// Writing the file failed.
    #[error("{}: writing the chart failed: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The size of the chart, in pixels (the SVG's user units).
pub const WIDTH: u32 = 1400;
pub const HEIGHT: u32 = 1000;

const FONT: &str = "sans-serif";
const TEXT: RGBColor = RGBColor(0x22, 0x22, 0x22);
const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);
const EMPTY_CELL: RGBColor = RGBColor(0xf1, 0xf2, 0xf4);
/// A hidden heatmap cell (too few visits to show).
const HIDDEN_CELL: RGBColor = RGBColor(0xdc, 0xdc, 0xdc);
/// "Lärde sig något nytt".
const LEARNED: RGBColor = RGBColor(0x1f, 0x5f, 0xbf);
/// "Klarar det själv nästa gång".
const SELF: RGBColor = RGBColor(0xd0, 0x4a, 0x02);
/// The heatmap's scale, from few visits to many (ColorBrewer Greens).
const SCALE: [RGBColor; 5] = [
    RGBColor(0xe5, 0xf5, 0xe0),
    RGBColor(0xa1, 0xd9, 0x9b),
    RGBColor(0x41, 0xab, 0x5d),
    RGBColor(0x00, 0x6d, 0x2c),
    RGBColor(0x00, 0x44, 0x1b),
];

const WEEKDAYS: [&str; 7] = ["Mån", "Tis", "Ons", "Tors", "Fre", "Lör", "Sön"];
const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

/// Writes the chart to `path`: SVG or PNG by the extension (any case).
/// A PNG's text is set in `fonts` (TrueType files; "Noto Sans" is the
/// family asked for). The file is written whole or not at all (through
/// `path.tmp` beside it); on error nothing is left behind.
pub fn write(path: &Path, data: &ChartData, fonts: &[&[u8]]) -> Result<(), ChartError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let draw_err = |e: ChartError| match e {
        ChartError::Draw(reason) => ChartError::DrawFile {
            path: path.to_path_buf(),
            reason,
        },
        other => other,
    };
    let bytes = match ext.as_deref() {
        Some("svg") => svg(data).map_err(draw_err)?.into_bytes(),
        Some("png") => {
            let svg = svg(data).map_err(draw_err)?;
            png(&svg, fonts).map_err(|reason| ChartError::Png {
                path: path.to_path_buf(),
                reason,
            })?
        }
        _ => {
            return Err(ChartError::Format {
                path: path.to_path_buf(),
            });
        }
    };
    write_atomically(path, &bytes).map_err(|source| ChartError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// The chart as an SVG document. A heatmap cell of 1 up to `min_cell - 1`
/// visits (and its complements, as [`super::suppress::hide`] says over each
/// weekday's row and each hour's column) is drawn light grey with "–"; a
/// month's indicator with fewer than `min_cell` answers is left out; the
/// footnote says so under the chart.
pub fn svg(data: &ChartData) -> Result<String, ChartError> {
    let hidden = heatmap_hidden(&data.week_hours, data.min_cell);
    let months: Vec<MonthIndicators> = data
        .months
        .iter()
        .map(|m| {
            let small = |n: u64| n > 0 && n < data.min_cell;
            let mut m = m.clone();
            if small(m.learned_answered) {
                (m.learned_yes, m.learned_answered) = (0, 0);
            }
            if small(m.self_answered) {
                (m.self_yes, m.self_answered) = (0, 0);
            }
            m
        })
        .collect();
    let any_hidden = hidden.iter().flatten().any(|&h| h) || months != data.months;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(draw)?;
        let (head, rest) = root.split_vertically(64);
        // A long title gets smaller type, and is cut to fit the width.
        let title = shorten(&data.title, 90);
        let size = if title.chars().count() > 60 { 24 } else { 30 };
        head.draw_text(
            &title,
            &bold(size, TEXT).pos(Pos::new(HPos::Center, VPos::Center)),
            (WIDTH as i32 / 2, 36),
        )
        .map_err(draw)?;
        let (top, bottom) = rest.split_vertically(450);
        heatmap(&top, &data.week_hours, &hidden)?;
        if any_hidden {
            let (panel, foot) = bottom.split_vertically(bottom.dim_in_pixel().1 - 34);
            indicators(&panel, &months, data.targets)?;
            footnote(&foot, data.min_cell)?;
        } else {
            indicators(&bottom, &months, data.targets)?;
        }
        root.present().map_err(draw)?;
    }
    Ok(out)
}

/// Which heatmap cells are hidden: weekdays are rows, hours columns.
fn heatmap_hidden(week: &[[u64; 24]; 7], min_cell: u64) -> Vec<Vec<bool>> {
    let cells: Vec<Vec<u64>> = week.iter().map(|d| d.to_vec()).collect();
    super::suppress::hide(&cells, false, min_cell, &[(0..24).collect()])
}

/// The footnote under a chart with hidden figures (Swedish, as the chart).
pub fn footnote_sv(min_cell: u64) -> String {
    format!(
        "{HIDDEN} = färre än {min_cell}, eller dolt så att ett sådant tal inte kan räknas ut ur de andra ([privacy] min_cell = {min_cell}); 0 visas"
    )
}

fn footnote(area: &DrawingArea<SVGBackend<'_>, Shift>, min_cell: u64) -> Result<(), ChartError> {
    area.draw_text(
        &footnote_sv(min_cell),
        &text_style(15, MUTED).pos(Pos::new(HPos::Left, VPos::Center)),
        (30, area.dim_in_pixel().1 as i32 / 2),
    )
    .map_err(draw)
}

fn draw<E: Display>(e: E) -> ChartError {
    ChartError::Draw(e.to_string())
}

fn text_style(size: u32, color: RGBColor) -> TextStyle<'static> {
    (FONT, f64::from(size)).into_font().color(&color)
}

fn bold(size: u32, color: RGBColor) -> TextStyle<'static> {
    (FONT, f64::from(size))
        .into_font()
        .style(FontStyle::Bold)
        .color(&color)
}

/// At most `max` characters, with "…" if cut.
fn shorten(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut cut: String = s.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// Panel 1: visits per weekday (rows, Monday on top) and hour (columns).
fn heatmap(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    week: &[[u64; 24]; 7],
    hidden: &[Vec<bool>],
) -> Result<(), ChartError> {
    let is_hidden = |day: usize, hour: usize| {
        hidden
            .get(day)
            .and_then(|d| d.get(hour))
            .copied()
            .unwrap_or(false)
    };
    // The scale runs over the cells shown.
    let max = week
        .iter()
        .enumerate()
        .flat_map(|(d, hours)| {
            hours
                .iter()
                .enumerate()
                .filter(move |&(h, _)| !is_hidden(d, h))
                .map(|(_, &n)| n)
        })
        .max()
        .unwrap_or(0);
    let total: u128 = week.iter().flatten().map(|&v| u128::from(v)).sum();
    let (plot_area, scale_area) = area.split_horizontally(WIDTH - 150);
    let caption = if total == 0 {
        "Besök per timme och veckodag".to_string()
    } else {
        format!(
            "Besök per timme och veckodag (totalt {})",
            count_label(total)
        )
    };
    let mut chart = ChartBuilder::on(&plot_area)
        .caption(caption, bold(24, TEXT))
        .margin_left(20)
        .margin_right(10)
        .margin_top(6)
        .margin_bottom(6)
        .x_label_area_size(58)
        .y_label_area_size(90)
        .build_cartesian_2d(
            (0i32..2400).with_key_points((0..24).map(|h| h * 100 + 50).collect()),
            (0i32..700).with_key_points((0..7).map(|d| d * 100 + 50).collect()),
        )
        .map_err(draw)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc("Timme")
        .y_desc("Veckodag")
        .x_label_formatter(&|x| format!("{:02}", x.div_euclid(100)))
        .y_label_formatter(&|y| weekday_for_row(*y).to_string())
        .label_style(text_style(16, TEXT))
        .axis_desc_style(text_style(18, MUTED))
        .axis_style(GRID)
        .draw()
        .map_err(draw)?;

    for (day, hours) in week.iter().enumerate() {
        let y = (6 - day as i32) * 100;
        for (hour, &count) in hours.iter().enumerate() {
            let x = hour as i32 * 100;
            if is_hidden(day, hour) {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x + 4, y + 6), (x + 96, y + 94)],
                        HIDDEN_CELL.filled(),
                    )))
                    .map_err(draw)?;
                chart
                    .draw_series(std::iter::once(Text::new(
                        HIDDEN,
                        (x + 50, y + 50),
                        text_style(16, MUTED).pos(Pos::new(HPos::Center, VPos::Center)),
                    )))
                    .map_err(draw)?;
                continue;
            }
            let fill = cell_colour(count, max);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x + 4, y + 6), (x + 96, y + 94)],
                    fill.filled(),
                )))
                .map_err(draw)?;
            if count > 0 {
                let ink = if fraction(count, max) > 0.45 {
                    WHITE
                } else {
                    TEXT
                };
                let label = count_label(u128::from(count));
                let size = if label.chars().count() > 5 { 12 } else { 14 };
                chart
                    .draw_series(std::iter::once(Text::new(
                        label,
                        (x + 50, y + 50),
                        text_style(size, ink).pos(Pos::new(HPos::Center, VPos::Center)),
                    )))
                    .map_err(draw)?;
            }
        }
    }

    if total == 0 {
        note(&chart.plotting_area().strip_coord_spec(), "Inga besök")?;
    } else if max > 0 {
        // The bar spans the rows, in the scale area's own pixels.
        let base_y = scale_area.get_base_pixel().1;
        let top = chart.backend_coord(&(0, 700)).1 - base_y;
        let bottom = chart.backend_coord(&(0, 0)).1 - base_y;
        colour_scale(&scale_area, max, top, bottom)?;
    }
    Ok(())
}

/// The weekday label for a row (hundredths; Monday on top, row 6).
fn weekday_for_row(y: i32) -> &'static str {
    match usize::try_from(y.div_euclid(100)) {
        Ok(row) if row < 7 => WEEKDAYS[6 - row],
        _ => "",
    }
}

fn fraction(count: u64, max: u64) -> f64 {
    if max == 0 {
        0.0
    } else {
        (count as f64 / max as f64).clamp(0.0, 1.0)
    }
}

fn cell_colour(count: u64, max: u64) -> RGBColor {
    if count == 0 {
        EMPTY_CELL
    } else {
        scale_colour(fraction(count, max))
    }
}

/// The scale's colour at `t` in 0..=1.
fn scale_colour(t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pos = t * (SCALE.len() - 1) as f64;
    let i = (pos.floor() as usize).min(SCALE.len() - 2);
    let f = pos - i as f64;
    let (a, b) = (SCALE[i], SCALE[i + 1]);
    let mix = |x: u8, y: u8| {
        (x as f64 + (y as f64 - x as f64) * f)
            .round()
            .clamp(0.0, 255.0) as u8
    };
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The colour bar beside the heatmap: 1 at the bottom, `max` on top.
fn colour_scale(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    max: u64,
    top: i32,
    bottom: i32,
) -> Result<(), ChartError> {
    let (left, right) = (20, 48);
    area.draw_text(
        "Antal besök",
        &text_style(16, MUTED).pos(Pos::new(HPos::Left, VPos::Bottom)),
        (left - 6, top - 12),
    )
    .map_err(draw)?;
    let steps = 64;
    for i in 0..steps {
        let t = (i as f64 + 0.5) / steps as f64;
        let y1 = bottom - ((bottom - top) as f64 * i as f64 / steps as f64).round() as i32;
        let y0 = bottom - ((bottom - top) as f64 * (i + 1) as f64 / steps as f64).round() as i32;
        area.draw(&Rectangle::new(
            [(left, y0), (right, y1)],
            scale_colour(t).filled(),
        ))
        .map_err(draw)?;
    }
    area.draw(&Rectangle::new(
        [(left, top), (right, bottom)],
        GRID.stroke_width(1),
    ))
    .map_err(draw)?;
    let mut ticks = vec![(1u64, bottom), (max, top)];
    if max >= 4 {
        ticks.push((max / 2, (top + bottom) / 2));
    }
    for (value, y) in ticks {
        if value == 0 {
            continue;
        }
        area.draw(&PathElement::new(vec![(right, y), (right + 5, y)], MUTED))
            .map_err(draw)?;
        area.draw_text(
            &count_label(u128::from(value)),
            &text_style(14, TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
            (right + 8, y),
        )
        .map_err(draw)?;
    }
    Ok(())
}

/// A count for a person: "1 234", "123 tn", "4,5 mn"; never too wide.
fn count_label(n: u128) -> String {
    fn grouped(n: u128) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('\u{a0}');
            }
            out.push(c);
        }
        out
    }
    fn scaled(n: u128, unit: u128, name: &str) -> String {
        let v = n as f64 / unit as f64;
        if v < 10.0 {
            format!("{}\u{a0}{name}", format!("{v:.1}").replace('.', ","))
        } else {
            format!("{}\u{a0}{name}", v.round() as u128)
        }
    }
    match n {
        0..100_000 => grouped(n),
        100_000..1_000_000 => scaled(n, 1_000, "tn"),
        1_000_000..1_000_000_000 => scaled(n, 1_000_000, "mn"),
        1_000_000_000..1_000_000_000_000 => scaled(n, 1_000_000_000, "md"),
        _ => {
            let exp = n.ilog10();
            let mantissa = n as f64 / 10f64.powi(exp as i32);
            format!("{}e{exp}", format!("{mantissa:.1}").replace('.', ","))
        }
    }
}

/// A note in the middle of an empty panel.
fn note(area: &DrawingArea<SVGBackend<'_>, Shift>, text: &str) -> Result<(), ChartError> {
    let (w, h) = area.dim_in_pixel();
    let (cx, cy) = (w as i32 / 2, h as i32 / 2);
    area.draw(&Rectangle::new(
        [(cx - 150, cy - 32), (cx + 150, cy + 32)],
        WHITE.mix(0.92).filled(),
    ))
    .map_err(draw)?;
    area.draw_text(
        text,
        &text_style(28, MUTED).pos(Pos::new(HPos::Center, VPos::Center)),
        (cx, cy),
    )
    .map_err(draw)
}

/// A share in per cent, or `None` when nobody answered.
fn share(yes: u64, answered: u64) -> Option<f64> {
    if answered == 0 {
        None
    } else {
        Some((yes as f64 / answered as f64 * 100.0).clamp(0.0, 100.0))
    }
}

/// "2026-03" → "mar 2026"; anything else as it is (shortened).
fn month_label(month: &str) -> String {
    let parsed = month.trim().split_once('-').and_then(|(y, m)| {
        let year: u32 = y.parse().ok()?;
        let m: usize = m.parse().ok()?;
        Some((year, MONTHS.get(m.checked_sub(1)?)?))
    });
    match parsed {
        Some((year, name)) => format!("{name} {year}"),
        None => shorten(month, 12),
    }
}

/// Panel 2: the two indicators per month, with their targets.
///
/// Coordinates are integers: x is the month's index × 100, y is tenths of
/// a per cent.
fn indicators(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    months: &[MonthIndicators],
    targets: super::Targets,
) -> Result<(), ChartError> {
    let (chart_area, legend_area) = area.split_vertically(area.dim_in_pixel().1.saturating_sub(44));
    let n = months.len();
    let x_of = |i: usize| i32::try_from(i).unwrap_or(i32::MAX / 100 - 1) * 100;
    let x_max = x_of(n.max(1)) - 50;
    // Label every month, or every k-th when there are many.
    let every = n.div_ceil(14).max(1);
    let x_keys: Vec<i32> = (0..n).step_by(every).map(x_of).collect();
    let labels: Vec<String> = months.iter().map(|m| month_label(&m.month)).collect();
    let mut chart = ChartBuilder::on(&chart_area)
        .caption("Egenmakt per månad", bold(24, TEXT))
        .margin_left(20)
        // Room for the targets' labels on the right, and the plot's right
        // edge in line with the heatmap's.
        .margin_right(160)
        .margin_top(16)
        .x_label_area_size(58)
        .y_label_area_size(90)
        .build_cartesian_2d(
            (-50i32..x_max).with_key_points(x_keys),
            (0i32..1040).with_key_points((0..=10).map(|i| i * 100).collect()),
        )
        .map_err(draw)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID)
        .x_desc("Månad")
        .y_desc("Andel (%)")
        .x_label_formatter(&|x| {
            usize::try_from((x + 50).div_euclid(100))
                .ok()
                .and_then(|i| labels.get(i))
                .cloned()
                .unwrap_or_default()
        })
        .y_label_formatter(&|y| format!("{} %", y / 10))
        .label_style(text_style(16, TEXT))
        .axis_desc_style(text_style(18, MUTED))
        .axis_style(MUTED)
        .draw()
        .map_err(draw)?;

    // The targets: dashed lines across, labelled outside on the right.
    let target_lines = [(targets.learned, LEARNED), (targets.self_next_time, SELF)];
    let target_y = |t: u32| t.min(100) as i32 * 10;
    for (t, colour) in target_lines {
        chart
            .draw_series(DashedLineSeries::new(
                vec![(-50, target_y(t)), (x_max, target_y(t))],
                12,
                8,
                colour.stroke_width(2),
            ))
            .map_err(draw)?;
    }
    let (offset_x, offset_y) = area.get_base_pixel();
    let (right_x, _) = chart.backend_coord(&(x_max, 0));
    let pixel_y = target_lines.map(|(t, _)| chart.backend_coord(&(x_max, target_y(t))).1);
    let label_y = apart(pixel_y[0], pixel_y[1], 22);
    for ((t, colour), y) in target_lines.iter().zip(label_y) {
        area.draw_text(
            &format!("Mål {t} %"),
            &bold(17, *colour).pos(Pos::new(HPos::Left, VPos::Center)),
            (right_x + 12 - offset_x, y - offset_y),
        )
        .map_err(draw)?;
    }

    // The indicators: lines through consecutive answered months, a dot on
    // every answered month, and its value when there is room.
    let learned: Vec<Option<f64>> = months
        .iter()
        .map(|m| share(m.learned_yes, m.learned_answered))
        .collect();
    let selfs: Vec<Option<f64>> = months
        .iter()
        .map(|m| share(m.self_yes, m.self_answered))
        .collect();
    let point = |i: usize, v: f64| (x_of(i), (v * 10.0).round() as i32);
    for (values, colour) in [(&learned, LEARNED), (&selfs, SELF)] {
        for run in runs(values) {
            chart
                .draw_series(LineSeries::new(
                    run.into_iter().map(|(i, v)| point(i, v)),
                    colour.stroke_width(3),
                ))
                .map_err(draw)?;
        }
        let points = values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| point(i, v)));
        chart
            .draw_series(points.map(|p| Circle::new(p, 5, colour.filled())))
            .map_err(draw)?;
    }
    if n <= 18 {
        for (i, (&a, &b)) in learned.iter().zip(&selfs).enumerate() {
            // The higher value's label above its dot, the lower's below.
            for (v, other, colour) in [(a, b, LEARNED), (b, a, SELF)] {
                let Some(v) = v else { continue };
                let above = other.is_none_or(|o| v >= o);
                let (px, py) = chart.backend_coord(&point(i, v));
                // The label's middle, 17 px from the dot's.
                let (px, py) = (px - offset_x, py - offset_y);
                let y = if above { py - 17 } else { py + 17 };
                let label = format!("{}", v.round() as i64);
                let half = 4 * label.len() as i32 + 3;
                // A backing so that grid and target lines do not cross it.
                area.draw(&Rectangle::new(
                    [(px - half, y - 9), (px + half, y + 9)],
                    WHITE.mix(0.85).filled(),
                ))
                .map_err(draw)?;
                area.draw_text(
                    &label,
                    &text_style(14, colour).pos(Pos::new(HPos::Center, VPos::Center)),
                    (px, y),
                )
                .map_err(draw)?;
            }
        }
    }
    if learned.iter().chain(&selfs).all(Option::is_none) {
        note(&chart.plotting_area().strip_coord_spec(), "Inga svar")?;
    }

    legend(&legend_area)
}

/// Two label positions at least `gap` pixels apart, around `a` and `b`.
fn apart(a: i32, b: i32, gap: i32) -> [i32; 2] {
    if (a - b).abs() >= gap {
        return [a, b];
    }
    let mid = (a + b) / 2;
    if a <= b {
        [mid - gap / 2, mid + gap - gap / 2]
    } else {
        [mid + gap - gap / 2, mid - gap / 2]
    }
}

/// The runs of consecutive answered months, as (index, value).
fn runs(values: &[Option<f64>]) -> Vec<Vec<(usize, f64)>> {
    let mut out = Vec::new();
    let mut run = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => run.push((i, *v)),
            None => {
                if run.len() > 1 {
                    out.push(std::mem::take(&mut run));
                }
                run.clear();
            }
        }
    }
    if run.len() > 1 {
        out.push(run);
    }
    out
}

/// The legend row under the indicator panel.
fn legend(area: &DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), ChartError> {
    let y = 20;
    let mut x = 130;
    let items: [(&str, RGBColor, bool); 3] = [
        ("Lärde sig något nytt", LEARNED, false),
        ("Klarar det själv nästa gång", SELF, false),
        ("Mål (streckad linje)", MUTED, true),
    ];
    for (label, colour, dashed) in items {
        if dashed {
            for k in 0..3 {
                let x0 = x + k * 14;
                area.draw(&PathElement::new(
                    vec![(x0, y), (x0 + 8, y)],
                    colour.stroke_width(2),
                ))
                .map_err(draw)?;
            }
        } else {
            area.draw(&PathElement::new(
                vec![(x, y), (x + 36, y)],
                colour.stroke_width(3),
            ))
            .map_err(draw)?;
            area.draw(&Circle::new((x + 18, y), 5, colour.filled()))
                .map_err(draw)?;
        }
        area.draw_text(
            label,
            &text_style(17, TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
            (x + 46, y),
        )
        .map_err(draw)?;
        // Room for the label at ~0.55 em per character.
        x += 46 + (label.chars().count() as f64 * 17.0 * 0.56) as i32 + 50;
    }
    Ok(())
}

/// The size of the tertial chart, in pixels.
pub const TERTIAL_WIDTH: u32 = 1200;
pub const TERTIAL_HEIGHT: u32 = 720;

/// Women's bars.
const WOMEN: RGBColor = RGBColor(0x5e, 0x3c, 0x99);
/// Men's bars.
const MEN: RGBColor = RGBColor(0xe6, 0x61, 0x01);

/// The indicators of women and men per tertial against the targets: one
/// panel per indicator ("Lärde sig något nytt", "Klarar det själv nästa
/// gång"), a pair of bars per tertial ("Kvinnor", "Män") with the share and
/// yes/answered, the target as a dashed line ("Mål 60 %"). A hidden value
/// (as [`super::tertial_table`] hides it) is an empty bar labelled "–",
/// with the footnote under the chart.
pub fn tertial_svg(
    title: &str,
    rows: &[super::TertialIndicators],
    targets: super::Targets,
    min_cell: u64,
) -> Result<String, ChartError> {
    let hidden = super::tertial::tertial_hidden(rows, min_cell);
    let any_hidden = hidden.iter().flatten().flatten().any(|&h| h);
    let mut out = String::new();
    {
        let root =
            SVGBackend::with_string(&mut out, (TERTIAL_WIDTH, TERTIAL_HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(draw)?;
        let (head, rest) = root.split_vertically(64);
        let title = shorten(title, 80);
        let size = if title.chars().count() > 55 { 24 } else { 30 };
        head.draw_text(
            &title,
            &bold(size, TEXT).pos(Pos::new(HPos::Center, VPos::Center)),
            (TERTIAL_WIDTH as i32 / 2, 36),
        )
        .map_err(draw)?;
        let (panels, below) = rest.split_vertically(rest.dim_in_pixel().1 - 84);
        let (legend_area, foot) = below.split_vertically(44);
        let (left, right) = panels.split_horizontally(TERTIAL_WIDTH / 2);
        for (area, which) in [(&left, 0usize), (&right, 1)] {
            let (name, target) = if which == 0 {
                ("Lärde sig något nytt", targets.learned)
            } else {
                ("Klarar det själv nästa gång", targets.self_next_time)
            };
            let bars: Vec<[Bar; 2]> = rows
                .iter()
                .zip(&hidden)
                .map(|(r, h)| {
                    [(&r.women, h[0][which]), (&r.men, h[1][which])].map(|(c, hid)| {
                        let (yes, answered) = if which == 0 {
                            (c.learned_yes, c.learned_yes + c.learned_no)
                        } else {
                            (c.self_yes, c.self_yes + c.self_no)
                        };
                        Bar {
                            yes,
                            answered,
                            hidden: hid,
                        }
                    })
                })
                .collect();
            let labels: Vec<String> = rows.iter().map(tertial_label).collect();
            tertial_panel(area, name, &labels, &bars, target)?;
        }
        tertial_legend(&legend_area)?;
        if any_hidden {
            footnote(&foot, min_cell)?;
        }
        root.present().map_err(draw)?;
    }
    Ok(out)
}

/// The tertial chart as PNG bytes, its text set in `fonts` (TrueType
/// files; "Noto Sans" is the family asked for), as [`write`] renders.
pub fn tertial_png(
    title: &str,
    rows: &[super::TertialIndicators],
    targets: super::Targets,
    min_cell: u64,
    fonts: &[&[u8]],
) -> Result<Vec<u8>, ChartError> {
    let svg = tertial_svg(title, rows, targets, min_cell)?;
    png(&svg, fonts).map_err(|reason| ChartError::Draw(format!("rendering as PNG: {reason}")))
}

/// One bar: yes of answered, or hidden.
#[derive(Debug, Clone, Copy)]
struct Bar {
    yes: u64,
    answered: u64,
    hidden: bool,
}

/// "2026-T2" over 1 Jan–31 Aug → "T2 (jan–aug 2026)".
fn tertial_label(r: &super::TertialIndicators) -> String {
    let short = r
        .label
        .rsplit_once('-')
        .map_or(r.label.as_str(), |(_, t)| t);
    let month = |m: i8| {
        usize::try_from(m - 1)
            .ok()
            .and_then(|i| MONTHS.get(i))
            .copied()
            .unwrap_or("")
    };
    format!(
        "{short} ({}–{} {})",
        month(r.period.from.month()),
        month(r.period.to.month()),
        r.period.to.year()
    )
}

/// One indicator's panel: a pair of bars per tertial and the target.
/// x: the tertial's index × 100; y: tenths of a per cent.
fn tertial_panel(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    name: &str,
    labels: &[String],
    bars: &[[Bar; 2]],
    target: u32,
) -> Result<(), ChartError> {
    let n = i32::try_from(bars.len().max(1)).unwrap_or(1);
    let mut chart = ChartBuilder::on(area)
        .caption(name, bold(22, TEXT))
        .margin_left(10)
        .margin_right(95)
        .margin_top(10)
        .x_label_area_size(44)
        .y_label_area_size(70)
        .build_cartesian_2d(
            (0i32..n * 100).with_key_points((0..n).map(|i| i * 100 + 50).collect()),
            (0i32..1080).with_key_points((0..=10).map(|i| i * 100).collect()),
        )
        .map_err(draw)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID)
        .y_desc("Andel (%)")
        .x_label_formatter(&|x| {
            usize::try_from(x.div_euclid(100))
                .ok()
                .and_then(|i| labels.get(i))
                .cloned()
                .unwrap_or_default()
        })
        .y_label_formatter(&|y| format!("{} %", y / 10))
        .label_style(text_style(15, TEXT))
        .axis_desc_style(text_style(16, MUTED))
        .axis_style(MUTED)
        .draw()
        .map_err(draw)?;
    // Bars first, then the target line, then the labels over both.
    let mut labels_at: Vec<(i32, i32, String, u32, RGBColor)> = Vec::new();
    for (i, pair) in bars.iter().enumerate() {
        let x0 = i32::try_from(i).unwrap_or(0) * 100;
        for (k, (bar, colour)) in pair.iter().zip([WOMEN, MEN]).enumerate() {
            let (a, b) = if k == 0 {
                (x0 + 12, x0 + 48)
            } else {
                (x0 + 52, x0 + 88)
            };
            let mid = (a + b) / 2;
            if bar.hidden {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(a, 0), (b, 120)],
                        colour.stroke_width(2),
                    )))
                    .map_err(draw)?;
                labels_at.push((mid, 150, HIDDEN.into(), 24, TEXT));
                continue;
            }
            let Some(v) = share(bar.yes, bar.answered) else {
                labels_at.push((mid, 20, "inga svar".into(), 13, MUTED));
                continue;
            };
            let top = (v * 10.0).round() as i32;
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(a, 0), (b, top)],
                    colour.filled(),
                )))
                .map_err(draw)?;
            labels_at.push((mid, top + 48, format!("{} %", v.round()), 17, TEXT));
            labels_at.push((
                mid,
                top + 14,
                format!("{}/{}", bar.yes, bar.answered),
                13,
                MUTED,
            ));
        }
    }
    let y = target.min(100) as i32 * 10;
    chart
        .draw_series(DashedLineSeries::new(
            vec![(0, y), (n * 100, y)],
            12,
            8,
            TEXT.stroke_width(2),
        ))
        .map_err(draw)?;
    let (offset_x, offset_y) = area.get_base_pixel();
    for (x, y, text, size, ink) in labels_at {
        let (px, py) = chart.backend_coord(&(x, y));
        let (px, py) = (px - offset_x, py - offset_y);
        let half = (text.chars().count() as f64 * f64::from(size) * 0.3) as i32 + 3;
        let h = size as i32;
        area.draw(&Rectangle::new(
            [(px - half, py - h), (px + half, py + 1)],
            WHITE.mix(0.85).filled(),
        ))
        .map_err(draw)?;
        area.draw_text(
            &text,
            &text_style(size, ink).pos(Pos::new(HPos::Center, VPos::Bottom)),
            (px, py),
        )
        .map_err(draw)?;
    }
    // The target's label outside the plot, on the right.
    let (px, py) = chart.backend_coord(&(n * 100, y));
    area.draw_text(
        &format!("Mål {target} %"),
        &bold(16, TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
        (px - offset_x + 8, py - offset_y),
    )
    .map_err(draw)
}

/// The legend under the tertial chart.
fn tertial_legend(area: &DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), ChartError> {
    let y = 22;
    let mut x = 90;
    for (label, colour) in [
        ("Kvinnor", Some(WOMEN)),
        ("Män", Some(MEN)),
        ("Mål (streckad linje)", None),
    ] {
        match colour {
            Some(c) => area
                .draw(&Rectangle::new([(x, y - 9), (x + 28, y + 9)], c.filled()))
                .map_err(draw)?,
            None => {
                for k in 0..3 {
                    let x0 = x + k * 12;
                    area.draw(&PathElement::new(
                        vec![(x0, y), (x0 + 7, y)],
                        TEXT.stroke_width(2),
                    ))
                    .map_err(draw)?;
                }
            }
        }
        area.draw_text(
            label,
            &text_style(17, TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
            (x + 38, y),
        )
        .map_err(draw)?;
        x += 38 + (label.chars().count() as f64 * 17.0 * 0.56) as i32 + 50;
    }
    Ok(())
}

/// Renders the SVG to PNG bytes with `fonts` (TrueType files).
pub fn png(svg: &str, fonts: &[&[u8]]) -> Result<Vec<u8>, String> {
    let mut options = usvg::Options {
        font_family: "Noto Sans".to_string(),
        ..usvg::Options::default()
    };
    let fontdb = options.fontdb_mut();
    for font in fonts {
        let data: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(font.to_vec());
        fontdb.load_font_source(usvg::fontdb::Source::Binary(data));
    }
    fontdb.set_sans_serif_family("Noto Sans");
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| format!("no {}×{} image", size.width(), size.height()))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
}

/// Writes `bytes` to `path.tmp` beside `path`, then renames it over `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_stay_short() {
        assert_eq!(count_label(0), "0");
        assert_eq!(count_label(1234), "1\u{a0}234");
        assert_eq!(count_label(99_999), "99\u{a0}999");
        assert_eq!(count_label(123_456), "123\u{a0}tn");
        assert_eq!(count_label(4_500_000), "4,5\u{a0}mn");
        assert_eq!(count_label(u128::from(u64::MAX)), "1,8e19");
    }

    #[test]
    fn months_read_in_swedish() {
        assert_eq!(month_label("2026-03"), "mar 2026");
        assert_eq!(month_label("2026-05"), "maj 2026");
        assert_eq!(month_label("2026-13"), "2026-13");
        assert_eq!(month_label("2026-00"), "2026-00");
    }

    #[test]
    fn gaps_split_lines() {
        let v = [
            Some(1.0),
            Some(2.0),
            None,
            Some(3.0),
            None,
            Some(4.0),
            Some(5.0),
        ];
        assert_eq!(runs(&v).len(), 2);
    }

    #[test]
    fn labels_move_apart() {
        assert_eq!(apart(100, 200, 22), [100, 200]);
        let [a, b] = apart(100, 105, 22);
        assert!(b - a >= 22);
        let [a, b] = apart(100, 100, 22);
        assert!((a - b).abs() >= 22);
    }
}
