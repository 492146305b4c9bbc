//! Shared by the hub's test files (`mod common;`): the storage engines every
//! storage test runs on, and a throwaway PostgreSQL cluster ([`pg`]).
#![allow(dead_code)]

pub mod pg;

use std::sync::Arc;

use entre_hub::store::{self, Store};

/// One engine's fresh, empty, migrated store.
pub struct Engine {
    /// "sqlite" or "postgres".
    pub name: &'static str,
    /// The `[database] url` that opens it (e.g. for the `entre-hub` binary).
    pub url: String,
    pub store: Arc<dyn Store>,
    /// Keeps the SQLite file's folder until the engine is dropped.
    _dir: Option<tempfile::TempDir>,
}

impl Engine {
    /// Another store on the same database (a second hub instance, or a
    /// command beside the server).
    pub async fn open_again(&self) -> Arc<dyn Store> {
        store::open(&self.url, None)
            .await
            .unwrap_or_else(|e| panic!("{}: open again: {e}", self.name))
    }
}

/// A fresh SQLite database in its own temporary folder: `(url, folder)`.
pub fn sqlite_url() -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("hub.sqlite").display());
    (url, dir)
}

/// A fresh SQLite store (temporary file) and a fresh PostgreSQL store (a
/// new database on this test binary's cluster, [`pg::fresh_url`]): run
/// every storage check on each.
pub async fn engines() -> Vec<Engine> {
    let (sqlite, dir) = sqlite_url();
    let postgres = pg::fresh_url();
    let mut out = Vec::new();
    for (name, url, dir) in [("sqlite", sqlite, Some(dir)), ("postgres", postgres, None)] {
        let store = store::open(&url, None)
            .await
            .unwrap_or_else(|e| panic!("{name}: open {url}: {e}"));
        assert_eq!(store.engine(), name);
        out.push(Engine {
            name,
            url,
            store,
            _dir: dir,
        });
    }
    out
}
