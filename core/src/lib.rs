//! entre-core: what the kiosk and the hub must agree on, said once.
//!
//! No iced, no axum, no SQL: plain checks that both sides run, so that the
//! hub can never publish what a kiosk would refuse.
//!
//! - [`text`]: which characters a text from the hub or the config may hold,
//!   and [`text::quote`], the one way a value is quoted in an error or a log
//!   line;
//! - [`address`]: an officer's mail address, in the city's mail domains;
//! - [`link`]: a link shown as a QR code, to a listed host over https.

pub mod address;
pub mod link;
pub mod text;
