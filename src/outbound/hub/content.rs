//! Content from the hub: guidance bundles and the staff directory, checked
//! exactly like the bundled guidance and kiosk.toml's directory before any
//! of it is used. One problem refuses the whole document. The check is
//! [`entre_core::document`], the very one the hub runs before it
//! publishes; re-exported here.

pub use entre_core::document::*;
