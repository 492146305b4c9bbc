//! Entré: the touch screen at the entrance of a citizen service office.
//!
//! The domain (`config`, `i18n`, `store`) has no iced in it; `ui` turns
//! state into widgets and taps into messages.

pub mod config;
pub mod content;
pub mod directory;
pub mod floor;
pub mod i18n;
pub mod outbound;
pub mod packed;
pub mod quote;
pub mod secrets;
pub mod speech;
pub mod stats;
pub mod status;
pub mod store;
pub mod ui;

use std::path::{Path, PathBuf};

/// Picks the config file: the given path, else `./kiosk.toml`, else
/// `/etc/entre/kiosk.toml`.
pub fn find_config(given: Option<&Path>) -> PathBuf {
    if let Some(p) = given {
        return p.to_path_buf();
    }
    let [local, system] = config::default_paths();
    if local.exists() { local } else { system }
}

/// Loads the locales: the embedded ones, plus the office's own folder.
pub fn load_catalog(locales_dir: Option<&Path>) -> Result<i18n::Catalog, i18n::I18nError> {
    let catalog = i18n::Catalog::embedded()?;
    match locales_dir {
        Some(dir) => catalog.with_overrides(dir),
        None => Ok(catalog),
    }
}

/// Why the kiosk could not start from its config.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0}")]
    Config(#[from] config::LoadError),
    #[error("{0}")]
    Locales(#[from] i18n::I18nError),
}

/// Loads the config at `path` together with the locales it names
/// (`[kiosk] locales_dir`), checking the config against them.
pub fn load(path: &Path) -> Result<(config::Config, i18n::Catalog), StartError> {
    let catalog = load_catalog(None)?;
    let config = config::load(path, &catalog)?;
    match config.kiosk.locales_dir.clone() {
        None => Ok((config, catalog)),
        Some(dir) => {
            // The office's texts may change which messages exist: check again.
            let catalog = load_catalog(Some(&dir))?;
            let config = config::load(path, &catalog)?;
            Ok((config, catalog))
        }
    }
}

/// The stand-in config for the out-of-order screen when the real one
/// cannot be loaded: the demo's, which names every shipped language, with
/// no database. `None` only if the shipped locales themselves are broken.
pub fn fallback() -> Option<(config::Config, i18n::Catalog)> {
    let catalog = i18n::Catalog::embedded().ok()?;
    let demo = include_str!("../kiosk.toml");
    let config = config::parse(demo, Path::new("/nonexistent"), &catalog).ok()?;
    Some((config, catalog))
}
