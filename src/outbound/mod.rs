//! The only code that talks to the network: arrival mail (lettre) and the
//! outbox worker that retries it. (Hub sync joins here later.)

pub mod mail;
pub mod worker;
