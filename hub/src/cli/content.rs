//! `content import|list|publish`, `directory import`. Owner: content work.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum ContentCommand {
    /// Import a folder of <lang>/<errand>.toml bundles as a numbered draft,
    /// checked whole as a kiosk checks it.
    Import {
        dir: PathBuf,
        /// The office whose overrides these are (default: city-wide).
        #[arg(long)]
        office: Option<String>,
    },
    /// One line per version: number, office or city, status, who, when, summary.
    List,
    /// Publish version N (a draft, or an earlier one: roll back); recorded
    /// as published by `cli`.
    Publish { number: i64 },
}

#[derive(clap::Subcommand)]
pub enum DirectoryCommand {
    /// Import an office's units and officers ([[unit]] and [[officer]] as in
    /// kiosk.toml) as a numbered draft.
    Import {
        file: PathBuf,
        #[arg(long)]
        office: String,
    },
}

pub fn run(_config: &Path, _c: ContentCommand) -> ExitCode {
    ExitCode::FAILURE
}

pub fn run_directory(_config: &Path, _c: DirectoryCommand) -> ExitCode {
    ExitCode::FAILURE
}
