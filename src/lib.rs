//! Entré: the touch screen at the entrance of a citizen service office.
//!
//! The domain (`config`, `i18n`, `store`) has no iced in it; `ui` turns
//! state into widgets and taps into messages.

pub mod config;
pub mod i18n;
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
