//! `report`: the annual report of one office or the whole city as CSV or a
//! one-page PDF ([`crate::report`]).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::HubConfig;
use crate::store::{Store, StoreError};

#[derive(clap::Args)]
pub struct ReportArgs {
    /// The year, 1 January to 31 December in `[stats] timezone`.
    #[arg(long, value_name = "YEAR")]
    pub year: String,
    /// One office (default: the whole city).
    #[arg(long, value_name = "ID")]
    pub office: Option<String>,
    /// csv (one figure a row) or pdf (one A4 page in Swedish, for the board).
    #[arg(long, default_value = "csv", value_parser = ["csv", "pdf"])]
    pub format: String,
    /// Where to write it. CSV: default stdout. PDF: default
    /// report-YEAR-OFFICE.pdf (report-YEAR-city.pdf) in the current folder.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(config: &Path, a: ReportArgs) -> ExitCode {
    super::kiosk::runtime().block_on(async {
        match super::kiosk::open(config).await {
            Ok((config, store)) => execute(&config, &*store, &a).await,
            Err(code) => code,
        }
    })
}

/// The file a PDF goes to without --output.
pub fn default_pdf(year: i16, office: Option<&str>) -> PathBuf {
    PathBuf::from(format!("report-{year:04}-{}.pdf", office.unwrap_or("city")))
}

/// Makes the report and writes it. Exit 2 for bad options (a year, an
/// unknown office), 1 when the database or the file fails.
pub async fn execute(config: &HubConfig, store: &dyn Store, a: &ReportArgs) -> ExitCode {
    let year = match a.year.trim().parse::<i32>() {
        Ok(y) if crate::report::valid_year(y) => y as i16,
        _ => {
            eprintln!("--year {}: not a year (four digits, e.g. 2026)", a.year);
            return ExitCode::from(2);
        }
    };
    let office = a.office.as_deref();
    let report = match crate::report::annual(store, config, office, year).await {
        Ok(r) => r,
        Err(StoreError::NotFound(what)) => {
            eprintln!("--office: {what}");
            return ExitCode::from(2);
        }
        Err(e @ StoreError::Unavailable(_)) => {
            eprintln!("{e} (try again)");
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let (bytes, file) = if a.format == "pdf" {
        match report.pdf() {
            Ok(b) => (
                b,
                Some(
                    a.output
                        .clone()
                        .unwrap_or_else(|| default_pdf(year, office)),
                ),
            ),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        (report.csv().into_bytes(), a.output.clone())
    };
    match file {
        None => {
            use std::io::Write;
            if let Err(e) = std::io::stdout().write_all(&bytes) {
                eprintln!("stdout: {e}");
                return ExitCode::FAILURE;
            }
        }
        Some(path) => {
            if let Err(e) = std::fs::write(&path, &bytes) {
                eprintln!("{}: {e}", path.display());
                return ExitCode::FAILURE;
            }
            eprintln!("report: {}", path.display());
        }
    }
    ExitCode::SUCCESS
}
