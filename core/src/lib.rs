//! entre-core: what the kiosk and the hub must agree on, said once.
//!
//! No iced, no axum, no SQL: plain checks that both sides run, so that the
//! hub can never publish what a kiosk would refuse.
//!
//! - [`text`]: which characters a text from the hub or the config may hold,
//!   and [`text::quote`], the one way a value is quoted in an error or a log
//!   line;
//! - [`address`]: an officer's mail address, in the city's mail domains;
//! - [`link`]: a link shown as a QR code, to a listed host over https;
//! - [`stats`]: periods, breakdowns, counts, the table, CSV and chart of
//!   `entre stats` and `entre-hub stats`;
//! - [`toml_walk`]: reading a TOML file so that every problem is reported
//!   as `PATH:LINE:COL: key: what (allowed)` and unknown keys are refused;
//! - [`directory`]: the `[[unit]]` and `[[officer]]` tables and their check;
//! - [`bundle`]: a guidance bundle (one errand in one language) and the
//!   check of a whole tree of them;
//! - [`document`]: the content document a hub serves, checked whole.

pub mod address;
pub mod bundle;
pub mod directory;
pub mod document;
pub mod link;
pub mod stats;
pub mod text;
pub mod toml_walk;

/// What a kiosk (or the hub) lets through from outside: the mail domains
/// officer addresses must be in, and the hosts QR links may lead to. Both
/// lists are normalised ([`address::normalise_domain`],
/// [`link::normalise_host`]). Passed to every check that needs them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Allowed {
    /// `[mail] allowed_domains`.
    pub mail_domains: Vec<String>,
    /// `[content] allowed_link_hosts`.
    pub link_hosts: Vec<String>,
}

impl Allowed {
    /// The lists as written, normalised; entries that are not domain or
    /// host names are dropped (the config check reports them first).
    pub fn new(mail_domains: &[&str], link_hosts: &[&str]) -> Self {
        Allowed {
            mail_domains: mail_domains
                .iter()
                .filter_map(|d| address::normalise_domain(d))
                .collect(),
            link_hosts: link_hosts
                .iter()
                .filter_map(|h| link::normalise_host(h))
                .collect(),
        }
    }
}
