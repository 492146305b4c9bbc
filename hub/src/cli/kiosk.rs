//! `check-config`, `kiosk add|revoke|list`, `fleet`. Each opens the
//! database on its own, so it works while a server runs on it.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use entre_core::text::{cut, quote};

use crate::config::HubConfig;
use crate::fleet::{self, FleetRow};
use crate::state::now_ms;
use crate::store::{Store, StoreError};

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

/// Loads hub.toml; every problem printed as PATH:LINE:COL: what, exit 2.
pub fn load(path: &Path) -> Result<HubConfig, ExitCode> {
    crate::config::load(path).map_err(|e| {
        eprintln!("{e}");
        ExitCode::from(2)
    })
}

/// A runtime for a command.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// Loads hub.toml and opens its database: exit 2 for a bad config, 1 when
/// the database cannot be opened.
pub async fn open(path: &Path) -> Result<(HubConfig, Arc<dyn Store>), ExitCode> {
    let config = load(path)?;
    match config.open_store().await {
        Ok(store) => Ok((config, store)),
        Err(e) => {
            eprintln!("{e}");
            Err(ExitCode::FAILURE)
        }
    }
}

/// What a command says when the database fails it.
fn store_failed(what: &str, e: StoreError) -> ExitCode {
    match e {
        StoreError::Unavailable(_) => {
            eprintln!("{what}: {e} (try again)")
        }
        e => eprintln!("{what}: {e}"),
    }
    ExitCode::FAILURE
}

pub fn check_config(path: &Path) -> ExitCode {
    match load(path) {
        Ok(c) => {
            println!(
                "{}: ok ({} offices, {} languages, database {}{})",
                path.display(),
                c.offices.len(),
                c.languages.len(),
                if c.database.url.starts_with("sqlite://") {
                    "SQLite"
                } else {
                    "PostgreSQL"
                },
                if c.demo.is_some() { ", demo" } else { "" }
            );
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

pub fn run(config: &Path, c: KioskCommand) -> ExitCode {
    runtime().block_on(async {
        let (config, store) = match open(config).await {
            Ok(x) => x,
            Err(code) => return code,
        };
        match c {
            KioskCommand::Add { id, office } => add(&config, &*store, &id, &office).await,
            KioskCommand::Revoke { id } => match store.kiosk_revoke(&id, now_ms()).await {
                Ok(()) => {
                    println!("kiosk {id} revoked: its token is refused from now on");
                    ExitCode::SUCCESS
                }
                Err(StoreError::NotFound(_)) => {
                    eprintln!("no kiosk {} (entre-hub kiosk list)", quote(&id));
                    ExitCode::FAILURE
                }
                Err(e) => store_failed("kiosk revoke", e),
            },
            KioskCommand::List => match store.kiosks().await {
                Ok(kiosks) => {
                    for k in kiosks {
                        let state = match k.revoked_ms {
                            Some(at) => format!("revoked {}", when(at)),
                            None => "active".to_string(),
                        };
                        println!(
                            "{}  office {}  added {}  {state}",
                            k.id,
                            k.office,
                            when(k.added_ms)
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => store_failed("kiosk list", e),
            },
        }
    })
}

/// A new token for kiosk `id` of `office`: printed once, its SHA-256
/// stored.
async fn add(config: &HubConfig, store: &dyn Store, id: &str, office: &str) -> ExitCode {
    if !entre_core::toml_walk::is_id(id) {
        eprintln!(
            "{} is not a kiosk id ({}; as [kiosk] id in its kiosk.toml)",
            quote(id),
            entre_core::toml_walk::ID_RULE
        );
        return ExitCode::from(2);
    }
    if config.office(office).is_none() {
        let known: Vec<&str> = config.offices.iter().map(|o| o.id.as_str()).collect();
        eprintln!(
            "{} is not an [[office]] of {} (offices: {})",
            quote(office),
            config.path.display(),
            known.join(", ")
        );
        return ExitCode::from(2);
    }
    let token = crate::auth::new_token();
    match store
        .kiosk_add(id, office, crate::auth::token_sha256(&token), now_ms())
        .await
    {
        Ok(()) => {
            println!("kiosk {id} added to office {office}. Its token (shown only now):");
            println!("{token}");
            eprintln!(
                "Put it in the file [hub] token_file of the kiosk's kiosk.toml (readable only by the kiosk)."
            );
            ExitCode::SUCCESS
        }
        Err(StoreError::Conflict(_)) => {
            eprintln!(
                "kiosk {} exists already (a revoked id is not reused; choose another id)",
                quote(id)
            );
            ExitCode::FAILURE
        }
        Err(e) => store_failed("kiosk add", e),
    }
}

/// A Unix time in ms as UTC, to the minute.
fn when(ms: crate::store::Ms) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|_| ms.to_string())
}

pub fn fleet(config: &Path) -> ExitCode {
    runtime().block_on(async {
        let (_, store) = match open(config).await {
            Ok(x) => x,
            Err(code) => return code,
        };
        match fleet::rows(&*store, now_ms()).await {
            Ok(rows) => {
                if rows.is_empty() {
                    println!("no kiosks (entre-hub kiosk add ID --office OFFICE)");
                }
                for r in &rows {
                    println!("{}", line(r));
                }
                ExitCode::SUCCESS
            }
            Err(e) => store_failed("fleet", e),
        }
    })
}

/// One kiosk on one line: state, id, office, last heartbeat age, kiosk
/// version, content version in use, outbox depth, oldest waiting item,
/// last error.
pub fn line(r: &FleetRow) -> String {
    let heartbeat = match r.heartbeat_age_ms {
        Some(a) => format!("heartbeat {} ago", fleet::age(a)),
        None => "no heartbeat yet".to_string(),
    };
    let version = r.version.as_deref().map_or("-".to_string(), cut);
    let content = match (&r.content_version, r.heartbeat_age_ms) {
        (Some(v), _) => cut(v),
        (None, Some(_)) => "package".to_string(),
        (None, None) => "-".to_string(),
    };
    let outbox = match (r.visits_pending, r.mail_pending) {
        (Some(v), Some(m)) => format!("{} ({v} visits, {m} mail)", v + m),
        _ => "-".to_string(),
    };
    let oldest = r
        .oldest_waiting_ms
        .map_or("-".to_string(), |a| format!("{} ago", fleet::age(a)));
    let error = match &r.last_error {
        Some((a, what)) => format!("{} ago: {}", fleet::age(*a), cut(what)),
        None => "-".to_string(),
    };
    format!(
        "{:<7} {}  office {}  {heartbeat}  entre {version}  content {content}  outbox {outbox}  oldest waiting {oldest}  last error {error}",
        r.health.word(),
        cut(&r.id),
        cut(&r.office),
    )
}
