//! The spanned-TOML walker, now in entre-core ([`entre_core::toml_walk`])
//! so that the hub reads hub.toml exactly as kiosk.toml is read.

pub use entre_core::toml_walk::*;
