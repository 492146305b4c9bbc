//! The statistics chart (`entre stats --chart FILE.svg|png`): entre-core's
//! chart ([`entre_core::stats::chart`], the one entre-hub draws too), with
//! the kiosk's embedded Noto fonts for a PNG.

pub use entre_core::stats::chart::{ChartData, ChartError, HEIGHT, MonthIndicators, WIDTH, svg};

use std::path::Path;

/// Writes the chart to `path`: SVG or PNG by the extension (any case),
/// whole or not at all (see [`entre_core::stats::chart::write`]).
pub fn write(path: &Path, data: &ChartData) -> Result<(), ChartError> {
    let fonts: Vec<&[u8]> = crate::ui::FONTS.iter().map(Vec::as_slice).collect();
    entre_core::stats::chart::write(path, data, &fonts)
}
