//! The `entre-hub` command line: `entre-hub [--config PATH] [COMMAND]`.
//! With no command it runs the server. Every command also works while a
//! server runs on the same database. One file per command group:
//! `serve` and `kiosk`/`fleet`/`check-config` (kiosk.rs, serve.rs),
//! `content`/`directory` (content.rs), `user` (user.rs), `stats` (stats.rs),
//! `floor` (floor.rs), `report` (report.rs).

pub mod content;
pub mod floor;
pub mod kiosk;
pub mod report;
pub mod serve;
pub mod stats;
pub mod user;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "entre-hub",
    version,
    about = "entre-hub: the city's side of Entré (kiosks, content, fleet, figures)"
)]
pub struct Cli {
    /// The config file (default: ./hub.toml, then /etc/entre-hub/hub.toml).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run the server (the default).
    Serve,
    /// Check a config file; exit 0 if it is valid, else 2 with every
    /// problem as PATH:LINE:COL: what.
    CheckConfig {
        /// The config file to check (default: as for --config).
        path: Option<PathBuf>,
    },
    /// Kiosks: add (prints a new token once), revoke, list.
    #[command(subcommand)]
    Kiosk(kiosk::KioskCommand),
    /// One line per kiosk, worst first: id, office, last heartbeat, kiosk
    /// version, content in use, outbox depth, oldest waiting, last error.
    Fleet,
    /// Content versions: import a folder as a draft, list, publish.
    #[command(subcommand)]
    Content(content::ContentCommand),
    /// An office's directory (units and officers, as in kiosk.toml).
    #[command(subcommand)]
    Directory(content::DirectoryCommand),
    /// Figures across kiosks, as `entre stats`, plus --office and --by office.
    Stats(stats::StatsArgs),
    /// Staff accounts.
    #[command(subcommand)]
    User(user::UserCommand),
    /// The open registrations on the floor, one line each, oldest first:
    /// code, state, errand, language, needs, zone, minutes waited, who took
    /// it (every office when --office is left out).
    Floor(floor::FloorArgs),
    /// The annual report for the board: one office (or the whole city),
    /// January to December, as CSV or a one-page PDF.
    Report(report::ReportArgs),
}

/// The config path asked for, else ./hub.toml, else /etc/entre-hub/hub.toml.
pub fn config_path(asked: Option<PathBuf>) -> PathBuf {
    asked.unwrap_or_else(|| {
        let here = PathBuf::from("hub.toml");
        if here.exists() {
            here
        } else {
            PathBuf::from("/etc/entre-hub/hub.toml")
        }
    })
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = config_path(cli.config);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve::run(&config),
        Command::CheckConfig { path } => kiosk::check_config(path.as_deref().unwrap_or(&config)),
        Command::Kiosk(c) => kiosk::run(&config, c),
        Command::Fleet => kiosk::fleet(&config),
        Command::Content(c) => content::run(&config, c),
        Command::Directory(c) => content::run_directory(&config, c),
        Command::Stats(a) => stats::run(&config, a),
        Command::User(c) => user::run(&config, c),
        Command::Floor(a) => floor::run(&config, a),
        Command::Report(a) => report::run(&config, a),
    }
}
