//! "I want help from a guide" (`flow = "register"`): what a walk-in
//! registration is, how the kiosk keeps it and sends it to the hub. No
//! iced here: the register screens (`ui/screen/register*.rs`) put a
//! [`Choice`] together and the app runs [`submit`] in a `Task`.
//!
//! The registration is stored durably (with its visit, one transaction)
//! before it is sent; the hub gets at most `[floor] confirm_within_s` to
//! answer with the visitor's code. Without an answer the visitor is sent
//! to the reception and the registration stays in the outbox as `floor:
//! false`: counted by the hub, never shown on its floor
//! (docs/hub-protocol.md, Registrations).

use std::time::Duration;

pub use entre_core::protocol::{Need, Registered, Registration};

use crate::config::FloorZone;

/// What the visitor chose on the register screens. Nothing typed, no
/// name. Dropped at the idle reset with everything else.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choice {
    /// The guidance errand id; `None`: "Something else".
    pub errand: Option<String>,
    /// The language they want help in (`sv` for "Swedish is fine").
    pub language: String,
    /// In [`Need::ALL`] order, each at most once.
    pub needs: Vec<Need>,
    pub zone: Option<FloorZone>,
}

/// What the visitor is told after "Register".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The hub answered in time: the code, how many are ahead, the wait.
    Registered(Registered),
    /// No hub configured, or no answer in time: "We could not reach the
    /// guides. Please go to the reception." The registration is kept for
    /// the figures (sent later with `floor: false`).
    Desk,
}

/// Records the registration and asks the hub for the visitor's code,
/// waiting at most `wait`. Never fails: whatever goes wrong (no hub, a
/// hub away, a store that cannot be written) is logged and the visitor is
/// sent to the desk.
///
/// The signature may grow (the store, the outbox) while it is built; the
/// app calls it from one place.
pub async fn submit(choice: Choice, wait: Duration) -> Outcome {
    let _ = (choice, wait);
    Outcome::Desk
}
