//! The only code that talks to the network: arrival mail (lettre), the
//! outbox worker that retries it, and hub sync (reqwest).

pub mod hub;
pub mod mail;
pub mod worker;
