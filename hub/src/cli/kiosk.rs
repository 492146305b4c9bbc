//! `check-config`, `kiosk add|revoke|list`, `fleet`. Owner: api/cli work.

use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum KioskCommand {
    /// Register a kiosk; prints its new token once (only its SHA-256 is kept).
    Add {
        id: String,
        #[arg(long)]
        office: String,
    },
    /// Revoke a kiosk's token: its requests are refused (401) from now on.
    Revoke { id: String },
    /// One line per kiosk.
    List,
}

pub fn check_config(_path: &Path) -> ExitCode {
    ExitCode::FAILURE
}

pub fn run(_config: &Path, _c: KioskCommand) -> ExitCode {
    ExitCode::FAILURE
}

pub fn fleet(_config: &Path) -> ExitCode {
    ExitCode::FAILURE
}
