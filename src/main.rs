//! The `entre` command. Thin: all logic lives in the library.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use tracing::Level;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

#[derive(Parser)]
#[command(
    name = "entre",
    version,
    about = "Entré: the entrance kiosk of a citizen service office"
)]
struct Cli {
    /// The config file (default: ./kiosk.toml, then /etc/entre/kiosk.toml).
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the kiosk (the default).
    Run,
    /// Check a config file; exit 0 if it is valid, else 2 with every problem.
    CheckConfig {
        /// The config file to check (default: as for --config).
        path: Option<PathBuf>,
    },
    /// Send a test message through the configured mail transport; exit 0
    /// when the relay accepted it, else 1 with the reason.
    SendTestMail {
        /// Where the test message goes.
        address: String,
    },
    /// Check a guidance bundle tree (default: assets/guidance); exit 0 if it
    /// is valid, else 2 with every problem as FILE:LINE: what. A bundle
    /// whose valid_until has passed is a warning, not a failure.
    CheckContent {
        /// The day valid_until is compared with (default: today, local).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = day)]
        today: Option<jiff::civil::Date>,
        /// The folder with <lang>/<errand>.toml files.
        dir: Option<PathBuf>,
    },
    /// One full round without a window: pending mail to the relay; visits,
    /// content and a heartbeat with the hub. Prints what it did; exit 1
    /// with the reason when the relay or the hub could not be used.
    Sync {
        /// One round, then exit (the only mode).
        #[arg(long)]
        once: bool,
    },
    /// Statistics for the office's reports: visits, check-ins, mail,
    /// guidance views per errand, walk-ins and the egenmakt indicators
    /// (for women and men too) against [office] targets, as a table, CSV
    /// or a chart. Days are cut at midnight in [office] timezone; counts
    /// under [privacy] min_cell are shown as "–". Reads the database
    /// without changing it.
    Stats(StatsArgs),
    /// Purge now what [privacy] no longer allows: mail bodies (names,
    /// addresses) and error texts older than retention_days, visits older
    /// than stats_retention_days. Prints counts only. The kiosk also does
    /// this at start and daily.
    Purge,
    /// For IT: one line per fact about this kiosk (config, database, mail,
    /// hub, speech, staff exit); exit 0 when all is well, 1 when something
    /// needs IT. Never shows mail contents or visitor data.
    Status,
}

fn main() -> ExitCode {
    // SAFETY: the first thing main does, before any thread is started.
    unsafe { entre::secrets::take_from_env() };
    // RUST_LOG as `target=level,...` (and a bare default level). Parsed by
    // tracing-subscriber's `Targets`, not `EnvFilter`, whose span and field
    // filters would bring a regex engine (about 0.5 MB) to the binary.
    let spec = std::env::var("RUST_LOG").ok();
    let parsed = spec.as_deref().map(str::parse::<Targets>);
    let filter = match &parsed {
        Some(Ok(targets)) => targets.clone(),
        _ => Targets::new()
            .with_target("entre", Level::INFO)
            .with_default(Level::WARN),
    };
    // The formatter lets every level through (its own default is INFO,
    // which silently dropped RUST_LOG=entre=debug); `filter` decides.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::level_filters::LevelFilter::TRACE)
        .finish()
        .with(filter)
        .init();
    if let (Some(spec), Some(Err(e))) = (&spec, &parsed) {
        tracing::warn!(
            "RUST_LOG={spec:?} not understood ({e}); logging entre at info, the rest at warn"
        );
    }
    let cli = Cli::parse();
    tracing::debug!(version = env!("CARGO_PKG_VERSION"), config = ?cli.config, "entre starting");
    match cli.command.unwrap_or(Command::Run) {
        Command::CheckConfig { path } => {
            let path = entre::find_config(path.as_deref().or(cli.config.as_deref()));
            check_config(&path)
        }
        Command::Run => run(&entre::find_config(cli.config.as_deref())),
        Command::SendTestMail { address } => {
            send_test_mail(&entre::find_config(cli.config.as_deref()), &address)
        }
        Command::CheckContent { today, dir } => check_content(
            &entre::find_config(cli.config.as_deref()),
            dir.as_deref(),
            today.unwrap_or_else(|| jiff::ZonedDateTime::now().date()),
        ),
        Command::Sync { once: _ } => sync_once(&entre::find_config(cli.config.as_deref())),
        Command::Status => status(&entre::find_config(cli.config.as_deref())),
        Command::Purge => purge(&entre::find_config(cli.config.as_deref())),
        Command::Stats(args) => stats(&entre::find_config(cli.config.as_deref()), args),
    }
}

/// Loads the config and its locales; problems are printed, exit code 2.
fn load(path: &std::path::Path) -> Result<(entre::config::Config, entre::i18n::Catalog), ExitCode> {
    entre::load(path).map_err(|e| {
        eprintln!("{e}");
        ExitCode::from(2)
    })
}

fn check_config(path: &std::path::Path) -> ExitCode {
    match load(path) {
        Ok((config, _)) => {
            println!(
                "{}: ok ({} languages, {} purposes, {} units, {} officers)",
                path.display(),
                config.kiosk.languages.len(),
                config.purposes.len(),
                config.units.len(),
                config.officers.len()
            );
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

/// A day as `YYYY-MM-DD` (`--today`).
fn day(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse::<jiff::civil::Date>()
        .ok()
        .filter(|_| s.len() == 10)
        .ok_or_else(|| format!("{s:?} is not a day as YYYY-MM-DD"))
}

fn check_content(
    config: &std::path::Path,
    dir: Option<&std::path::Path>,
    today: jiff::civil::Date,
) -> ExitCode {
    let dir = dir.unwrap_or(std::path::Path::new("assets/guidance"));
    // The configured languages when there is a config, else every folder.
    // The configured link hosts when there is a config, else the default.
    let (languages, allowed): (Vec<String>, entre_core::Allowed) = match entre::load(config) {
        Ok((config, _)) => (config.kiosk.languages.clone(), config.allowed()),
        Err(_) => (
            std::fs::read_dir(dir)
                .map(|rd| {
                    rd.filter_map(Result::ok)
                        .filter(|e| e.path().is_dir())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default(),
            entre_core::Allowed::new(&[], entre_core::link::DEFAULT_HOSTS),
        ),
    };
    match entre::content::check_dir(dir, &languages, &allowed) {
        Err(e) => {
            eprintln!("{}: cannot read: {e}", dir.display());
            ExitCode::from(2)
        }
        Ok((tree, errors)) if errors.is_empty() => {
            let mut warnings = 0;
            for (lang, errand, until) in entre::content::expired(&tree, today) {
                let file = dir.join(lang).join(format!("{errand}.toml"));
                let line = std::fs::read_to_string(&file)
                    .map_or(1, |src| entre::content::line_of_key(&src, "valid_until"));
                eprintln!(
                    "{}:{line}: warning: valid_until {until} has passed: review the text again",
                    file.display()
                );
                warnings += 1;
            }
            let bundles: usize = tree.values().map(|m| m.len()).sum();
            println!(
                "{}: ok ({bundles} bundles, {} languages, {warnings} warning{})",
                dir.display(),
                tree.len(),
                if warnings == 1 { "" } else { "s" }
            );
            ExitCode::SUCCESS
        }
        Ok((_, errors)) => {
            for e in errors {
                eprintln!("{e}");
            }
            ExitCode::from(2)
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

fn send_test_mail(path: &std::path::Path, address: &str) -> ExitCode {
    let (config, catalog) = match load(path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let result = entre::outbound::mail::Sender::from_config(&config.mail).and_then(|sender| {
        let message = entre::outbound::mail::test_message(
            &catalog,
            &config.mail.from,
            address,
            &config.office.name,
            &config.kiosk.id,
        )?;
        runtime().block_on(sender.send(&message))
    });
    match result {
        Ok(()) => {
            println!("{address}: accepted by the relay");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{address}: not sent: {e}");
            ExitCode::FAILURE
        }
    }
}

fn sync_once(path: &std::path::Path) -> ExitCode {
    let (config, _) = match load(path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let store = match entre::store::Store::open(&config.kiosk.database) {
        Ok(store) => store,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = runtime();
    let mut ok = true;
    match entre::outbound::mail::Sender::from_config(&config.mail) {
        Err(e) => {
            eprintln!("mail: {e}");
            ok = false;
        }
        Ok(sender) => {
            let outbox = entre::outbound::worker::Outbox::new(
                store.clone(),
                sender,
                std::time::Duration::from_secs(config.mail.give_up_after_h * 3600),
            );
            let report = outbox
                .recover()
                .and_then(|()| runtime.block_on(outbox.run_once()));
            match report {
                Ok(report) => {
                    let pending = store.mail_pending().unwrap_or(-1);
                    println!(
                        "mail: {} sent, {} failed, {} given up, {pending} pending",
                        report.sent, report.failed, report.gave_up
                    );
                    ok &= report.failed + report.gave_up == 0;
                }
                Err(e) => {
                    eprintln!("mail: {e}");
                    ok = false;
                }
            }
        }
    }
    match entre::outbound::hub::Sync::new(store.clone(), &config) {
        Ok(None) => println!("hub: off"),
        Err(e) => {
            eprintln!("hub: {e}");
            ok = false;
        }
        Ok(Some(mut sync)) => {
            let round = runtime.block_on(sync.round(true));
            let pending = store.visits_pending().unwrap_or(-1);
            println!(
                "hub visits: {} sent in {} batches, {} not accepted, {pending} pending, {} rejected",
                round.visits_sent, round.batches, round.visits_not_accepted, round.visits_rejected
            );
            if round.registrations_sent + round.registrations_refused > 0 {
                println!(
                    "hub registrations: {} sent, {} refused by the hub (logged, not sent again)",
                    round.registrations_sent, round.registrations_refused
                );
            }
            match &round.content {
                entre::outbound::hub::ContentOutcome::NotAsked => {}
                entre::outbound::hub::ContentOutcome::NoContent => {
                    println!(
                        "hub content: none for this kiosk (the package's guidance, the config's directory)"
                    );
                }
                entre::outbound::hub::ContentOutcome::NotModified => {
                    let version = store.hub_state().ok().and_then(|s| s.content_version);
                    println!(
                        "hub content: not modified (in use: {})",
                        version.as_deref().unwrap_or("the package's")
                    );
                }
                entre::outbound::hub::ContentOutcome::Applied {
                    version,
                    bundles,
                    directory,
                } => {
                    let directory = match directory {
                        Some((units, officers)) => format!("{units} units, {officers} officers"),
                        None => "the config's directory".into(),
                    };
                    println!(
                        "hub content: version {version} in use ({bundles} bundles, {directory})"
                    );
                }
                entre::outbound::hub::ContentOutcome::Refused { reason } => {
                    eprintln!("hub content: refused, the content in use stays: {reason}");
                    ok = false;
                }
            }
            if round.heartbeat {
                println!("hub heartbeat: sent");
            }
            if let Some(error) = &round.error {
                eprintln!("hub: {error}");
                ok = false;
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[derive(clap::Args)]
struct StatsArgs {
    /// The first day, YYYY-MM-DD (default: 1 January this year).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// The last day, included, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// A whole period instead, as the city reports, cumulative from 1
    /// January: 2026-T1 (Jan–Apr), 2026-T2 (Jan–Aug), 2026-T3 or 2026-VB
    /// (the annual report, Jan–Dec); or a year 2026, or a month 2026-03.
    #[arg(long, value_name = "PERIOD", conflicts_with_all = ["from", "to"])]
    period: Option<String>,
    /// One tertial alone, four months: 2026-1 (Jan–Apr), 2026-2 (May–Aug)
    /// or 2026-3 (Sep–Dec).
    #[arg(long, value_name = "YYYY-N", conflicts_with_all = ["period", "from", "to"])]
    tertial: Option<String>,
    /// What the table is broken down by (gender: women, men, another and
    /// not answered, always all four).
    #[arg(long, default_value = "purpose", value_parser = clap::builder::PossibleValuesParser::new(entre::stats::By::KIOSK_NAMES))]
    by: String,
    /// CSV (UTF-8, header row) instead of the table: the same figures.
    #[arg(long)]
    csv: bool,
    /// Also draw visits per hour of the week and the indicators per
    /// month against their targets, to FILE.svg or FILE.png.
    #[arg(long, value_name = "FILE")]
    chart: Option<PathBuf>,
    /// Read this database instead of the config's.
    #[arg(long, value_name = "PATH")]
    database: Option<PathBuf>,
    /// First add N generated visits (a year of them, with survey and
    /// gender answers, survey answers on their own and walk-ins) to
    /// --database, a scratch database, for trying this out.
    #[arg(long, value_name = "N", requires = "database")]
    demo_data: Option<usize>,
    /// Let --demo-data write into the kiosk's own database.
    #[arg(long, requires = "demo_data")]
    into_kiosk_database: bool,
}

/// The period asked for, "today" being in `tz` (`[office] timezone`);
/// `Err` says what is wrong with which option.
fn stats_period(a: &StatsArgs, tz: &jiff::tz::TimeZone) -> Result<entre::stats::Period, String> {
    entre::stats::Period::from_options(
        a.period.as_deref(),
        a.tertial.as_deref(),
        a.from.as_deref(),
        a.to.as_deref(),
        tz.to_datetime(jiff::Timestamp::now()).date(),
    )
}

/// Whether two paths name the same file (also when one does not exist yet).
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    let full = |p: &std::path::Path| {
        std::fs::canonicalize(p).unwrap_or_else(|_| {
            let parent = p.parent().filter(|d| !d.as_os_str().is_empty());
            let dir = parent
                .and_then(|d| std::fs::canonicalize(d).ok())
                .unwrap_or_else(|| std::path::PathBuf::from("."));
            dir.join(p.file_name().unwrap_or_default())
        })
    };
    full(a) == full(b)
}

fn stats(path: &std::path::Path, a: StatsArgs) -> ExitCode {
    let (config, _) = match load(path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let period = match stats_period(&a, &config.office.tz()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let by = entre::stats::By::parse(&a.by).unwrap_or_default();
    let database = a.database.clone().unwrap_or(config.kiosk.database.clone());
    if let Some(n) = a.demo_data {
        if same_file(&database, &config.kiosk.database) && !a.into_kiosk_database {
            eprintln!(
                "{}: this is the kiosk's own database; generated visits go into a scratch database (--database PATH), or add --into-kiosk-database",
                database.display()
            );
            return ExitCode::from(2);
        }
        let filled = entre::store::Store::open(&database).and_then(|store| {
            entre::stats::demo::fill(&store, &config, n, entre::store::now_ms(), n as u64)
        });
        match filled {
            Ok(checkins) => eprintln!(
                "{}: added {n} generated visits ({checkins} check-ins) over the last year",
                database.display()
            ),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    }
    if !database.exists() {
        eprintln!("{}: no such database", database.display());
        return ExitCode::FAILURE;
    }
    let result = entre::store::Store::open_read_only(&database).and_then(|store| {
        let rows = entre::stats::rows(&store, &config, period)?;
        let report = entre::stats::report_of(&rows, &config, period, by);
        let chart = a.chart.as_ref().map(|_| {
            entre::stats::chart_of(
                &rows,
                &config,
                period,
                format!("{}, {} – {}", config.office.name, period.from, period.to),
            )
        });
        Ok((report, chart))
    });
    let (report, chart) = match result {
        Ok(found) => found,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    if a.csv {
        print!("{}", report.csv());
    } else {
        print!(
            "{}",
            report.table(&format!(
                "{} (kiosk {})",
                config.office.name, config.kiosk.id
            ))
        );
    }
    if let (Some(file), Some(data)) = (&a.chart, chart) {
        match entre::stats::chart::write(file, &data) {
            Ok(()) => eprintln!("chart: {}", file.display()),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

fn purge(path: &std::path::Path) -> ExitCode {
    let (config, _) = match load(path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let result = entre::store::Store::open(&config.kiosk.database)
        .and_then(|store| store.purge_config(&config, entre::store::now_ms()));
    match result {
        Ok(purged) => {
            println!("{}", entre::store::purge_report(&purged));
            // A reader kept the WAL: purged data may still be in the -wal
            // file until the next purge.
            if purged.checkpoint_complete {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn status(path: &std::path::Path) -> ExitCode {
    let report = entre::status::check(path, &entre::status::Env::from_process());
    // The config's problems as check-config prints them.
    for problem in &report.config_problems {
        eprintln!("{problem}");
    }
    for line in report.lines() {
        println!("{line}");
    }
    if report.needs_it() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn run(path: &std::path::Path) -> ExitCode {
    let app = match entre::load(path) {
        Ok((config, catalog)) => {
            tracing::info!(config = %path.display(), kiosk = %config.kiosk.id, "starting");
            // Secrets readable by more than root and the kiosk's group, or
            // writable by the kiosk itself: a warning, never a refusal.
            let owner = entre::status::SecretOwner::from_system();
            for file in entre::status::secret_files(&config) {
                if let Some(warning) = entre::status::secret_file_warning(file, owner) {
                    tracing::warn!("{warning}");
                }
            }
            let store = entre::store::Store::open(&config.kiosk.database);
            if let Ok(store) = &store {
                tracing::info!(database = %store.path().display(), "database ready");
            }
            entre::ui::App::new(Arc::new(config), Arc::new(catalog), store)
        }
        // Never a desktop: the out-of-order screen in every shipped
        // language, then an exit for the service manager to restart.
        Err(e) => {
            for line in e.to_string().lines() {
                tracing::error!("{line}");
            }
            let Some((config, catalog)) = entre::fallback() else {
                return ExitCode::from(entre::ui::fatal::EXIT_FATAL);
            };
            entre::ui::App::failed(
                Arc::new(config),
                Arc::new(catalog),
                &format!("the config {} cannot be used", path.display()),
            )
        }
    };
    // A panic that escapes the window's guards (update and view catch
    // theirs) still ends as a fatal error, 70, never Rust's 101.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| entre::ui::run(app))) {
        Ok(Ok(())) => ExitCode::from(entre::ui::fatal::exit_status()),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "the window failed");
            ExitCode::FAILURE
        }
        Err(_) => {
            tracing::error!("out of order: the window panicked; exiting for a restart");
            ExitCode::from(entre::ui::fatal::EXIT_FATAL)
        }
    }
}
