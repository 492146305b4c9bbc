//! Values from the hub or the config, made safe to echo into an error, a
//! log line or a heartbeat: cut to 80 characters, control, bidi and format
//! characters escaped, so that a 7 MB key is not repeated in full and a
//! terminal escape sequence from the hub never reaches stderr raw. Said
//! once, in entre-core, which the hub shares.

pub use entre_core::text::{QUOTE_CHARS as MAX_QUOTED, cut, quote};
