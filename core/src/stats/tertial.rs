//! The indicators of women and men per tertial (cumulative from 1
//! January, as the city reports) against the targets: a table, a CSV (and,
//! in [`super::chart::tertial_svg`], a chart), with small numbers hidden.
//!
//! The CSV format is documented on [`tertial_csv`].

use std::fmt::Write as _;

use super::suppress::{self, HIDDEN};
use super::{Counts, Indicator, Targets, TertialIndicators, csv_field};

/// Which indicators of a tertial are hidden: `[women, men]` ×
/// `[learned, self next time]`. Women, men and everyone else add up to
/// everyone (shown); within a group yes and no add up to those answered.
pub(crate) fn hidden(row: &TertialIndicators, min_cell: u64) -> [[bool; 2]; 2] {
    let cells_of = |c: &Counts| vec![c.learned_yes, c.learned_no, c.self_yes, c.self_no];
    let rest: Vec<u64> = cells_of(&row.all)
        .iter()
        .zip(cells_of(&row.women).iter().zip(cells_of(&row.men)))
        .map(|(a, (w, m))| a.saturating_sub(w + m))
        .collect();
    let cells = vec![
        cells_of(&row.women),
        cells_of(&row.men),
        rest,
        cells_of(&row.all),
    ];
    let h = suppress::hide(&cells, true, min_cell, &[vec![0, 1], vec![2, 3]]);
    let small = |yes: u64, no: u64| {
        let answered = yes + no;
        answered > 0 && answered < min_cell
    };
    [0, 1].map(|g| {
        [
            h[g][0] || h[g][1] || small(cells[g][0], cells[g][1]),
            h[g][2] || h[g][3] || small(cells[g][2], cells[g][3]),
        ]
    })
}

/// Which indicators of each tertial are hidden (`[women, men]` ×
/// `[learned, self next time]`), for `rows` in order (T1, T2, T3, each
/// cumulative from 1 January). Besides each tertial's own small cells, a
/// later tertial hides what its difference from any earlier one would give
/// away: T2 − T1 is May–August alone, and its counts (shown beside every
/// share) could be under `min_cell` although neither tertial's are. Every
/// table, CSV, chart and report of tertials uses this.
pub fn tertial_hidden(rows: &[TertialIndicators], min_cell: u64) -> Vec<[[bool; 2]; 2]> {
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let mut h = hidden(row, min_cell);
            for before in &rows[..i] {
                let alone = TertialIndicators {
                    label: row.label.clone(),
                    period: row.period,
                    women: minus(&row.women, &before.women),
                    men: minus(&row.men, &before.men),
                    all: minus(&row.all, &before.all),
                };
                let d = hidden(&alone, min_cell);
                for (g, ind) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
                    h[g][ind] |= d[g][ind];
                }
            }
            h
        })
        .collect()
}

/// The survey counts of `a` less those of `b` (a later cumulative period
/// less an earlier one).
fn minus(a: &Counts, b: &Counts) -> Counts {
    Counts {
        learned_yes: a.learned_yes.saturating_sub(b.learned_yes),
        learned_no: a.learned_no.saturating_sub(b.learned_no),
        self_yes: a.self_yes.saturating_sub(b.self_yes),
        self_no: a.self_no.saturating_sub(b.self_no),
        ..Counts::default()
    }
}

/// The (group, indicator, hidden) lines of one tertial: women and men,
/// then everyone; learned, then self next time. `h` is the tertial's
/// [`tertial_hidden`].
fn lines(
    row: &TertialIndicators,
    targets: Targets,
    h: [[bool; 2]; 2],
) -> Vec<(&'static str, &'static str, Indicator, bool)> {
    let mut out = Vec::new();
    for (g, (name, c)) in [("women", &row.women), ("men", &row.men), ("all", &row.all)]
        .into_iter()
        .enumerate()
    {
        let hid = h.get(g).copied().unwrap_or([false, false]);
        out.push((name, "learned", c.learned(targets.learned), hid[0]));
        out.push((
            name,
            "self_next_time",
            c.self_next_time(targets.self_next_time),
            hid[1],
        ));
    }
    out
}

fn met(i: &Indicator) -> &'static str {
    match i.met() {
        Some(true) => "met",
        Some(false) => "not met",
        None => "",
    }
}

/// The indicators of women and men (and everyone) per tertial against the
/// targets, as a table for a terminal; hidden figures are "–", with the
/// footnote at the end.
pub fn tertial_table(rows: &[TertialIndicators], targets: Targets, min_cell: u64) -> String {
    let mut table: Vec<Vec<String>> = vec![
        [
            "tertial",
            "period",
            "group",
            "learned",
            "target",
            "",
            "self next time",
            "target",
            "",
        ]
        .map(String::from)
        .to_vec(),
    ];
    let mut any = false;
    for (row, h) in rows.iter().zip(tertial_hidden(rows, min_cell)) {
        let lines = lines(row, targets, h);
        for pair in lines.chunks(2) {
            let [(group, _, l, lh), (_, _, s, sh)] = [pair[0], pair[1]];
            any |= lh || sh;
            let cell = |i: &Indicator, h: bool| {
                if h {
                    (HIDDEN.to_string(), HIDDEN.to_string())
                } else {
                    match i.share() {
                        Some(v) => (
                            format!("{} % ({}/{})", v.round(), i.yes, i.answered),
                            met(i).to_string(),
                        ),
                        None => ("no answers".to_string(), String::new()),
                    }
                }
            };
            let (lc, lm) = cell(&l, lh);
            let (sc, sm) = cell(&s, sh);
            table.push(vec![
                row.label.clone(),
                format!("{} – {}", row.period.from, row.period.to),
                group.to_string(),
                lc,
                format!("{} %", targets.learned),
                lm,
                sc,
                format!("{} %", targets.self_next_time),
                sm,
            ]);
        }
    }
    let widths: Vec<usize> = (0..table[0].len())
        .map(|i| {
            table
                .iter()
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in &table {
        let mut line = String::new();
        for (cell, w) in row.iter().zip(&widths) {
            let pad = w - cell.chars().count();
            let _ = write!(line, "{cell}{}  ", " ".repeat(pad));
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if any {
        let _ = writeln!(out, "\n{}", suppress::footnote(min_cell));
    }
    out
}

/// The indicators of women and men per tertial as CSV.
///
/// ```text
/// tertial,group,indicator,yes,answered,share_pct,target_pct,met
/// 2026-T1,women,learned,32,50,64.0,60,met
/// 2026-T1,women,self_next_time,…
/// 2026-T1,men,learned,…
/// 2026-T1,men,self_next_time,…
/// 2026-T1,all,learned,…            (everyone: never hidden)
/// 2026-T1,all,self_next_time,…
/// 2026-T2,…
/// note,"<footnote>"                 (only when something is hidden)
/// ```
///
/// A hidden indicator has `–` for yes, answered, share and met; without
/// answers the share and met are empty.
pub fn tertial_csv(rows: &[TertialIndicators], targets: Targets, min_cell: u64) -> String {
    let mut out = String::from("tertial,group,indicator,yes,answered,share_pct,target_pct,met\n");
    let mut any = false;
    for (row, h) in rows.iter().zip(tertial_hidden(rows, min_cell)) {
        for (group, name, i, h) in lines(row, targets, h) {
            any |= h;
            let label = csv_field(&row.label);
            if h {
                let _ = writeln!(
                    out,
                    "{label},{group},{name},{HIDDEN},{HIDDEN},{HIDDEN},{},{HIDDEN}",
                    i.target
                );
            } else {
                let _ = writeln!(
                    out,
                    "{label},{group},{name},{},{},{},{},{}",
                    i.yes,
                    i.answered,
                    i.share().map_or(String::new(), |v| format!("{v:.1}")),
                    i.target,
                    met(&i)
                );
            }
        }
    }
    if any {
        let _ = writeln!(
            out,
            "note,\"{}\"",
            suppress::footnote(min_cell).replace('"', "\"\"")
        );
    }
    out
}
