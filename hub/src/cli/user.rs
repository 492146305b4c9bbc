//! `user add`. Owner: web/auth work.

use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum UserCommand {
    /// Add a staff account. The password is read from stdin; with --link a
    /// one-time link to set it is printed instead.
    Add {
        name: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        office: Option<String>,
        #[arg(long)]
        link: bool,
    },
}

pub fn run(_config: &Path, _c: UserCommand) -> ExitCode {
    ExitCode::FAILURE
}
