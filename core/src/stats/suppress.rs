//! Small numbers are not shown: a figure that counts fewer than
//! `[privacy] min_cell` visitors (but not 0) is shown as "–", and so is
//! a complement that would let it be worked out from a total. The total
//! row is never hidden; zeros are shown.
//!
//! Every table, CSV and chart of figures goes through [`hide`], so that
//! the kiosk, the hub's pages and the annual report hide alike.

/// What is shown instead of a hidden figure.
pub const HIDDEN: &str = "–";

/// Which cells of a table to hide.
///
/// `cells[r][c]` counts visitors. Rows are groups that do not overlap,
/// so that each column's cells sum to the total; when `total_row` is true
/// the last row is that total and is never hidden. `row_sets` names sets
/// of columns whose cells in one row add up to a figure that is shown (e.g.
/// yes, no and skipped add up to those asked): within such a set one hidden
/// cell alone would be given away too.
///
/// A cell with `0 < n < min_cell` is hidden (primary). Then, until nothing
/// changes: in any column (of the group rows) or row set with exactly one
/// hidden cell, the smallest other cell that is not 0 is hidden as well
/// (its complement). A zero is never hidden: it singles out nobody. Where
/// no such cell exists the hidden one could be worked out only from a
/// total that is itself under `min_cell`, which the caller shows as the
/// issue asks (the total row is never hidden).
pub fn hide(
    cells: &[Vec<u64>],
    total_row: bool,
    min_cell: u64,
    row_sets: &[Vec<usize>],
) -> Vec<Vec<bool>> {
    let rows = cells.len();
    let groups = if total_row {
        rows.saturating_sub(1)
    } else {
        rows
    };
    let mut hidden: Vec<Vec<bool>> = cells.iter().map(|r| vec![false; r.len()]).collect();
    for (r, row) in cells.iter().enumerate().take(groups) {
        for (c, &n) in row.iter().enumerate() {
            hidden[r][c] = n > 0 && n < min_cell;
        }
    }
    let columns = cells.iter().map(Vec::len).max().unwrap_or(0);
    loop {
        let mut changed = false;
        // Columns: the group rows add up to the total.
        for c in 0..columns {
            let members: Vec<(usize, usize)> = (0..groups)
                .filter(|&r| c < cells[r].len())
                .map(|r| (r, c))
                .collect();
            changed |= complement(cells, &mut hidden, &members);
        }
        // Row sets: those columns add up to a figure that is shown.
        for r in 0..groups {
            for set in row_sets {
                let members: Vec<(usize, usize)> = set
                    .iter()
                    .filter(|&&c| c < cells[r].len())
                    .map(|&c| (r, c))
                    .collect();
                changed |= complement(cells, &mut hidden, &members);
            }
        }
        if !changed {
            return hidden;
        }
    }
}

/// Where exactly one of `members` is hidden, hides the smallest other
/// member that is not 0. Whether it hid one.
fn complement(cells: &[Vec<u64>], hidden: &mut [Vec<bool>], members: &[(usize, usize)]) -> bool {
    let hidden_now = members.iter().filter(|&&(r, c)| hidden[r][c]).count();
    if hidden_now != 1 {
        return false;
    }
    let pick = members
        .iter()
        .filter(|&&(r, c)| !hidden[r][c] && cells[r][c] > 0)
        .min_by_key(|&&(r, c)| (cells[r][c], r, c));
    match pick {
        Some(&(r, c)) => {
            hidden[r][c] = true;
            true
        }
        None => false,
    }
}

/// A count as shown: the number, or [`HIDDEN`].
pub fn cell(n: u64, hidden: bool) -> String {
    if hidden {
        HIDDEN.to_string()
    } else {
        n.to_string()
    }
}

/// The footnote under every table with hidden figures.
pub fn footnote(min_cell: u64) -> String {
    format!(
        "{HIDDEN} = fewer than {min_cell} visitors, or hidden so that such a figure cannot be worked out from the others ([privacy] min_cell = {min_cell}); 0 is shown"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_cells_and_one_complement_per_column_are_hidden() {
        // Three groups and the total; column 0 has one small cell (3).
        let cells = vec![vec![3, 40], vec![12, 0], vec![20, 7], vec![35, 47]];
        let h = hide(&cells, true, 5, &[]);
        assert_eq!(
            h,
            vec![
                vec![true, false],
                vec![true, false],
                vec![false, false],
                vec![false, false]
            ]
        );
    }

    #[test]
    fn zeros_and_the_total_are_shown() {
        let cells = vec![vec![0], vec![2], vec![2]];
        let h = hide(&cells, true, 5, &[]);
        assert_eq!(h, vec![vec![false], vec![true], vec![false]]);
    }

    #[test]
    fn a_row_set_hides_a_complement_in_the_row_and_that_one_in_its_column() {
        // Columns: yes, no, skipped (a set); two groups and the total.
        let cells = vec![vec![30, 2, 9], vec![25, 10, 6], vec![55, 12, 15]];
        let h = hide(&cells, true, 5, &[vec![0, 1, 2]]);
        // 2 is small; in its row 9 is the smallest other; 9's column then
        // needs 6 hidden; 6's row then needs 10; 10's column has 2 already.
        assert_eq!(
            h,
            vec![
                vec![false, true, true],
                vec![false, true, true],
                vec![false, false, false]
            ]
        );
    }
}
