//! One module per screen. Each owns its state, its `Message`, an `update`
//! that answers with an [`Action`] for the parent, and a `view`.

pub mod destination;
pub mod idle;
pub mod out_of_order;
pub mod purposes;
pub mod welcome;

/// What a screen asks of the parent after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    None,
    /// The visitor chose a language: start the visit in it.
    Start {
        lang: String,
    },
    /// The visitor chose the purpose at this index of `[[purpose]]`.
    OpenPurpose(usize),
    /// One step back.
    Back,
    /// Forget the visit and return to the welcome screen.
    StartOver,
}
