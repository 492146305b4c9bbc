//! `stats`: the same options and output as `entre stats`, plus --office and
//! --by office, and the floor's figures after the visits' (or alone with
//! --floor). The figures are [`crate::stats::report`]'s and
//! [`crate::stats::floor_report`]'s.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use entre_core::stats::{By, Period};

use crate::config::HubConfig;
use crate::store::{Store, StoreError};

#[derive(clap::Args)]
pub struct StatsArgs {
    /// The first day, YYYY-MM-DD (default: 1 January this year).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// The last day, included, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// A whole period instead, as the city reports, cumulative from
    /// 1 January: 2026-T1 (Jan–Apr), 2026-T2 (Jan–Aug), 2026-T3 or 2026-VB
    /// (the annual report, Jan–Dec); or a year 2026, or a month 2026-03.
    #[arg(long, value_name = "PERIOD", conflicts_with_all = ["from", "to"])]
    pub period: Option<String>,
    /// One tertial alone, four months: 2026-1 (Jan–Apr), 2026-2 (May–Aug),
    /// 2026-3 (Sep–Dec).
    #[arg(long, value_name = "YYYY-N", conflicts_with_all = ["period", "from", "to"])]
    pub tertial: Option<String>,
    /// What the table is broken down by (as `entre stats`, plus office);
    /// `gender` always gives women, men, another and not answered (prefer
    /// not to say or skipped), then the total. Days are cut at midnight in
    /// `[stats] timezone`; figures under `[privacy] min_cell` (default 5)
    /// are shown as "–".
    #[arg(long, default_value = "purpose", value_parser = clap::builder::PossibleValuesParser::new(By::NAMES))]
    pub by: String,
    /// CSV (UTF-8, header row) instead of the table.
    #[arg(long)]
    pub csv: bool,
    /// Also draw visits per hour of the week and the indicators per
    /// month against their targets, to FILE.svg or FILE.png.
    #[arg(long, value_name = "FILE")]
    pub chart: Option<PathBuf>,
    /// One office (default: the whole city).
    #[arg(long, value_name = "ID")]
    pub office: Option<String>,
    /// Only the floor's figures (waiting and service times, left before
    /// help), by errand, language or office as --by says (by errand for
    /// any other --by); with --csv, the floor's CSV. Without it the table
    /// shows the floor after the visits, and --csv the visits only.
    #[arg(long)]
    pub floor: bool,
}

pub fn run(config: &Path, a: StatsArgs) -> ExitCode {
    super::kiosk::runtime().block_on(async {
        match super::kiosk::open(config).await {
            Ok((config, store)) => execute(&config, &*store, &a).await,
            Err(code) => code,
        }
    })
}

/// What `entre-hub stats` prints and writes, for a loaded config and an
/// open store: the table (or CSV) on stdout, the chart's file on stderr.
/// Exit 2 for bad options (a period, an unknown office), 1 when the
/// database or the chart's file fails.
pub async fn execute(config: &HubConfig, store: &dyn Store, a: &StatsArgs) -> ExitCode {
    let tz = match crate::stats::timezone(config) {
        Ok(tz) => tz,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let today = jiff::Timestamp::now().to_zoned_datetime(tz).date();
    let period = match Period::from_options(
        a.period.as_deref(),
        a.tertial.as_deref(),
        a.from.as_deref(),
        a.to.as_deref(),
        today,
    ) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let by = By::parse(&a.by).unwrap_or_default();
    let office = a.office.as_deref();
    let failed = |e: StoreError| match e {
        StoreError::NotFound(what) => {
            eprintln!("--office: {what}");
            ExitCode::from(2)
        }
        StoreError::Unavailable(_) => {
            eprintln!("{e} (try again)");
            ExitCode::FAILURE
        }
        e => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    };
    let report = match crate::stats::report(store, config, office, period, by).await {
        Ok(r) => r,
        Err(e) => return failed(e),
    };
    // `--csv` alone is the visits' CSV, as before: the floor is not read.
    let floor = if a.csv && !a.floor {
        None
    } else {
        match crate::stats::floor_report(
            store,
            config,
            office,
            period,
            crate::stats::FloorBy::of(by),
        )
        .await
        {
            Ok(r) => Some(r),
            Err(e) => return failed(e),
        }
    };
    let chart = match &a.chart {
        None => None,
        Some(_) => match crate::stats::chart_data(store, config, office, period).await {
            Ok(d) => Some(d),
            Err(e) => return failed(e),
        },
    };
    match (a.csv, &floor) {
        (true, None) => print!("{}", report.csv()),
        (true, Some(floor)) => print!("{}", floor.csv()),
        (false, Some(floor)) if a.floor => {
            println!("{}", crate::stats::heading(config, office));
            print!("{}", floor.table());
        }
        (false, floor) => {
            print!("{}", report.table(&crate::stats::heading(config, office)));
            if let Some(floor) = floor {
                print!("{}", floor.table());
            }
        }
    }
    if let (Some(file), Some(data)) = (&a.chart, chart) {
        match crate::stats::write_chart(file, &data) {
            Ok(()) => eprintln!("chart: {}", file.display()),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
