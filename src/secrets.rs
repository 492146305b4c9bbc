//! Secrets handed to the kiosk in its environment (`ENTRE_HUB_TOKEN`,
//! `ENTRE_SMTP_PASSWORD`): taken out of the process environment at start,
//! so that no child process inherits them. The kiosk starts children it
//! does not control (the window system's helpers, e.g. `gsettings` or
//! `dbus-launch` under a Wayland compositor); the speech synthesiser is
//! also started with a cleared environment (`speech::child_command`).

use std::sync::OnceLock;

/// The environment variables that hold secrets.
pub const NAMES: [&str; 2] = [crate::outbound::hub::TOKEN_ENV, SMTP_PASSWORD_ENV];

/// The environment variable that may hold the SMTP password.
pub const SMTP_PASSWORD_ENV: &str = "ENTRE_SMTP_PASSWORD";

static TAKEN: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();

/// Moves the secrets from the environment into this process's memory.
///
/// # Safety
/// Call once at the very start of `main`, while the process has only one
/// thread: changing the environment races with any other thread reading it.
pub unsafe fn take_from_env() {
    let taken = NAMES
        .iter()
        .filter_map(|name| std::env::var(name).ok().map(|v| (*name, v)))
        .collect();
    for name in NAMES {
        // SAFETY: the caller guarantees that no other thread runs yet.
        unsafe { std::env::remove_var(name) };
    }
    let _ = TAKEN.set(taken);
}

/// The secret `name` (one of [`NAMES`]): as taken at start, or, where the
/// process never took them (the library inside tests), from the
/// environment.
pub fn get(name: &str) -> Option<String> {
    match TAKEN.get() {
        Some(taken) => taken
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone()),
        None => std::env::var(name).ok(),
    }
}
