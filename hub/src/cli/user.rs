//! `user add`: staff accounts. The password is read from stdin (stored as
//! an argon2id hash), or with `--link` a one-time link is printed where the
//! user sets it (valid 24 hours; only its SHA-256 is stored).

use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use entre_core::text::quote;

use crate::auth;
use crate::config::HubConfig;
use crate::state::now_ms;
use crate::store::{Role, Store, StoreError, User};

#[derive(clap::Subcommand)]
pub enum UserCommand {
    /// Add a staff account. The password is read from stdin; with --link a
    /// one-time link to set it is printed instead.
    Add {
        name: String,
        /// guide, manager, editor or admin.
        #[arg(long)]
        role: String,
        /// The office of a guide or manager (an [[office]] id in hub.toml).
        #[arg(long)]
        office: Option<String>,
        /// Print a one-time link (valid 24 hours) instead of reading a
        /// password.
        #[arg(long)]
        link: bool,
    },
}

/// Whether `name` can be a user name: 1 to 64 letters, digits, `.`, `-`,
/// `_` or `@`.
pub fn name_problem(name: &str) -> Option<String> {
    let n = name.chars().count();
    if n == 0 || n > 64 {
        return Some(format!(
            "user name {}: must have 1 to 64 characters",
            quote(name)
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'))
    {
        return Some(format!(
            "user name {}: only letters, digits, '.', '-', '_' and '@'",
            quote(name)
        ));
    }
    None
}

/// What `user add` asks for.
pub struct NewUser<'a> {
    pub name: &'a str,
    pub role: &'a str,
    pub office: Option<&'a str>,
    /// `None`: make a one-time link.
    pub password: Option<&'a str>,
}

/// Adds the account; returns the one-time link's token when no password
/// was given. Every refusal says what and why, in one line.
pub async fn add(
    config: &HubConfig,
    store: &dyn Store,
    new: NewUser<'_>,
) -> Result<Option<String>, String> {
    if let Some(p) = name_problem(new.name) {
        return Err(p);
    }
    let role = Role::parse(new.role).ok_or_else(|| {
        format!(
            "--role {}: must be one of guide, manager, editor, admin",
            quote(new.role)
        )
    })?;
    match (role, new.office) {
        (Role::Guide | Role::Manager, None) => {
            return Err(format!(
                "--office: a {} belongs to an office; give one of: {}",
                role.name(),
                offices(config)
            ));
        }
        (_, Some(office)) if config.office(office).is_none() => {
            return Err(format!(
                "--office {}: no such [[office]] in {}; known: {}",
                quote(office),
                config.path.display(),
                offices(config)
            ));
        }
        _ => {}
    }
    let now = now_ms();
    let (hash, link) = match new.password {
        Some(password) => {
            if let Some(p) = auth::password_problem(password) {
                return Err(format!("password: {}", english(p)));
            }
            (Some(auth::hash_password(password)), None)
        }
        None => {
            let (token, sha, expires) = auth::new_setup_token(now);
            (None, Some((token, sha, expires)))
        }
    };
    let user = User {
        name: new.name.to_string(),
        role,
        office: new.office.map(str::to_string),
        password_hash: hash,
        setup_token_sha256: link.as_ref().map(|l| l.1),
        setup_expires_ms: link.as_ref().map(|l| l.2),
        added_ms: now,
    };
    match store.user_add(&user).await {
        Ok(()) => Ok(link.map(|l| l.0)),
        Err(StoreError::Conflict(_)) => Err(format!("user {}: exists already", quote(new.name))),
        Err(e @ StoreError::Unavailable(_)) => Err(format!("{e} (try again)")),
        Err(e) => Err(e.to_string()),
    }
}

fn offices(config: &HubConfig) -> String {
    if config.offices.is_empty() {
        return "(none in hub.toml)".to_string();
    }
    config
        .offices
        .iter()
        .map(|o| o.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The password rules, for the command line.
fn english(swedish: &str) -> &'static str {
    if swedish.contains("minst") {
        "must have at least 12 characters"
    } else if swedish.contains("högst") {
        "may have at most 200 characters"
    } else {
        "must not contain control characters"
    }
}

/// The password from stdin: one line when typed at a terminal, else all of
/// stdin; one trailing newline is not part of it.
fn read_password() -> Result<String, String> {
    let mut s = String::new();
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("password (at least 12 characters, then Enter): ");
        let _ = std::io::stderr().flush();
        stdin
            .read_line(&mut s)
            .map_err(|e| format!("reading the password: {e}"))?;
    } else {
        stdin
            .lock()
            .read_to_string(&mut s)
            .map_err(|e| format!("reading the password from stdin: {e}"))?;
    }
    let s = s
        .strip_suffix('\n')
        .map(|s| s.strip_suffix('\r').unwrap_or(s))
        .unwrap_or(&s);
    Ok(s.to_string())
}

pub fn run(config: &Path, c: UserCommand) -> ExitCode {
    let UserCommand::Add {
        name,
        role,
        office,
        link,
    } = c;
    let password = if link {
        None
    } else {
        match read_password() {
            Ok(p) => Some(p),
            Err(e) => {
                eprintln!("user add: {e}");
                return ExitCode::FAILURE;
            }
        }
    };
    let rt = super::kiosk::runtime();
    rt.block_on(async {
        let (config, store) = match super::kiosk::open(config).await {
            Ok(x) => x,
            Err(code) => return code,
        };
        let new = NewUser {
            name: &name,
            role: &role,
            office: office.as_deref(),
            password: password.as_deref(),
        };
        match add(&config, store.as_ref(), new).await {
            Ok(None) => {
                println!("user {} added ({role})", quote(&name));
                ExitCode::SUCCESS
            }
            Ok(Some(token)) => {
                let scheme = if config.server.tls_cert.is_some() {
                    "https"
                } else {
                    "http"
                };
                println!("{scheme}://{}/setup/{token}", config.server.listen);
                eprintln!(
                    "user {} added ({role}); give them the link above, once: it sets their password and expires in 24 hours (behind a proxy, use the hub's public address with the same /setup/… path)",
                    quote(&name)
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("user add: {e}");
                ExitCode::from(2)
            }
        }
    })
}
