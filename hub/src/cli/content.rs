//! `content import|list|publish`, `directory import`. Owner: content work.
//!
//! Exit status: 0 done; 2 refused (every problem on stderr, nothing
//! stored), an unknown office or version, or a config that cannot be
//! used; 1 the database is unavailable or failed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::content::{self, CLI, ContentError};
use crate::store::StoreError;

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

pub fn run(config: &Path, c: ContentCommand) -> ExitCode {
    with_store(config, async |store, config| match c {
        ContentCommand::Import { dir, office } => {
            let done = content::import_dir(store, config, &dir, office.as_deref(), CLI).await;
            imported(done)
        }
        ContentCommand::List => match store.content_versions().await {
            Ok(versions) => {
                if versions.is_empty() {
                    println!("no content versions (entre-hub content import DIR)");
                }
                for v in &versions {
                    println!("{}", content::line(v));
                }
                ExitCode::SUCCESS
            }
            Err(e) => store_failed(&e),
        },
        ContentCommand::Publish { number } => {
            match content::publish(store, config, number, CLI).await {
                Ok(p) => {
                    println!(
                        "published {number} ({}); kiosks receive it at their next request",
                        p.office.as_deref().unwrap_or("city")
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => failed(e),
            }
        }
    })
}

pub fn run_directory(config: &Path, c: DirectoryCommand) -> ExitCode {
    with_store(config, async |store, config| match c {
        DirectoryCommand::Import { file, office } => {
            imported(content::import_directory(store, config, &file, &office, CLI).await)
        }
    })
}

fn imported(done: Result<content::Imported, ContentError>) -> ExitCode {
    match done {
        Ok(i) => {
            println!(
                "draft {}: {} (publish: entre-hub content publish {})",
                i.number, i.summary, i.number
            );
            ExitCode::SUCCESS
        }
        Err(e) => failed(e),
    }
}

fn failed(e: ContentError) -> ExitCode {
    match e {
        ContentError::Refused(problems) => {
            for p in &problems {
                eprintln!("{p}");
            }
            eprintln!("refused: {} problem(s); nothing was stored", problems.len());
            ExitCode::from(2)
        }
        ContentError::Store(e) => store_failed(&e),
        e => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

fn store_failed(e: &StoreError) -> ExitCode {
    eprintln!("{e}");
    ExitCode::FAILURE
}

/// Loads the config, opens its store, and runs `f` on a small runtime.
fn with_store(
    path: &Path,
    f: impl AsyncFnOnce(&dyn crate::store::Store, &crate::config::HubConfig) -> ExitCode,
) -> ExitCode {
    let config = match crate::config::load(path) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let password = match config.database_password() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    rt.block_on(async {
        let store = match crate::store::open(&config.database.url, password.as_deref()).await {
            Ok(s) => s,
            Err(e) => return store_failed(&e),
        };
        f(store.as_ref(), &config).await
    })
}
