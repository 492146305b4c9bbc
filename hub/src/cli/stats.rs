//! `stats`: the same options and output as `entre stats`, plus --office and
//! --by office. Owner: stats work.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct StatsArgs {
    /// The first day, YYYY-MM-DD (default: 1 January this year).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// The last day, included, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// A whole period instead: 2026, 2026-T1 … 2026-T3, or a month 2026-03.
    #[arg(long, value_name = "PERIOD", conflicts_with_all = ["from", "to"])]
    pub period: Option<String>,
    /// What the table is broken down by (as `entre stats`, plus office).
    #[arg(long, default_value = "purpose")]
    pub by: String,
    /// CSV (UTF-8, header row) instead of the table.
    #[arg(long)]
    pub csv: bool,
    /// Also draw the chart, to FILE.svg or FILE.png.
    #[arg(long, value_name = "FILE")]
    pub chart: Option<PathBuf>,
    /// One office (default: the whole city).
    #[arg(long, value_name = "ID")]
    pub office: Option<String>,
}

pub fn run(_config: &Path, _a: StatsArgs) -> ExitCode {
    ExitCode::FAILURE
}
