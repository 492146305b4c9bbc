//! The `entre` command. Thin: all logic lives in the library.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

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
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("entre=info,warn")),
        )
        .init();
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Run) {
        Command::CheckConfig { path } => {
            let path = entre::find_config(path.as_deref().or(cli.config.as_deref()));
            check_config(&path)
        }
        Command::Run => run(&entre::find_config(cli.config.as_deref())),
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

fn run(path: &std::path::Path) -> ExitCode {
    let (config, catalog) = match load(path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    tracing::info!(config = %path.display(), kiosk = %config.kiosk.id, "starting");
    let store = entre::store::Store::open(&config.kiosk.database);
    if let Ok(store) = &store {
        tracing::info!(database = %store.path().display(), "database ready");
    }
    let app = entre::ui::App::new(Arc::new(config), Arc::new(catalog), store);
    match entre::ui::run(app) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "the window failed");
            ExitCode::FAILURE
        }
    }
}
