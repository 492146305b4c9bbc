//! hub.toml: schema, checks (PATH:LINE:COL, unknown keys refused, as
//! kiosk.toml) and defaults. Relative paths are relative to the config's
//! folder. Owner: the api/cli work (see `load`).

use std::net::SocketAddr;
use std::path::PathBuf;

/// The checked hub.toml.
#[derive(Debug, Clone)]
pub struct HubConfig {
    /// The file it was read from, and its folder (relative paths).
    pub path: PathBuf,
    pub dir: PathBuf,
    pub server: Server,
    pub database: Database,
    /// `[[office]]`, in file order.
    pub offices: Vec<Office>,
    /// `[mail] allowed_domains` and `[content] allowed_link_hosts`, as in
    /// kiosk.toml: the same checks of officer addresses and links.
    pub allowed: entre_core::Allowed,
    /// `[content] languages`: every errand must come in Swedish and each
    /// of these (the languages the city's kiosks offer).
    pub languages: Vec<String>,
    /// `[stats]`: the local time zone figures are counted in, and the
    /// egenmakt targets (per cent).
    pub timezone: String,
    pub target_learned: u32,
    pub target_self_next_time: u32,
    /// `[demo]`, only in the bundled demo file.
    pub demo: Option<Demo>,
}

#[derive(Debug, Clone)]
pub struct Server {
    pub listen: SocketAddr,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Database {
    /// `sqlite://PATH` (resolved against the config's folder) or
    /// `postgres://…`.
    pub url: String,
    /// For PostgreSQL: the password is read from this file.
    pub password_file: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Demo {
    /// The demo office's id (`demo`).
    pub office: String,
    /// The demo kiosk's id (`demo-entre-1`) and where its token is written
    /// (`var/demo-hub-token`).
    pub kiosk: String,
    pub token_file: PathBuf,
    /// The demo admin's name.
    pub admin: String,
    /// The guidance imported and published for the demo office at first
    /// start (the kiosk's bundled guidance), and the kiosk.toml whose units
    /// and officers become its directory.
    pub guidance_dir: PathBuf,
    pub directory_from: PathBuf,
}

impl HubConfig {
    pub fn office(&self, id: &str) -> Option<&Office> {
        self.offices.iter().find(|o| o.id == id)
    }
}
