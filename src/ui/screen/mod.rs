//! One module per screen. Each owns its state, its `Message`, an `update`
//! that answers with an [`Action`] for the parent, and a `view`.

pub mod access;
pub mod arrival;
pub mod confirm;
pub mod destination;
pub mod errand;
pub mod errand_list;
pub mod find_officer;
pub mod find_unit;
pub mod idle;
pub mod out_of_order;
pub mod purposes;
pub mod read_aloud_confirm;
pub mod register;
pub mod registered;
pub mod search;
pub mod staff;
pub mod survey;
pub mod visitor_name;
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
    /// Check-in: the visitor chose a unit (list mode).
    ChoseUnit(String),
    /// Check-in: the visitor chose the officer at this index of the directory.
    ChoseOfficer(usize),
    /// Check-in: what the visitor typed as their name (may be empty).
    NameDone(String),
    /// Check-in: "yes, tell them".
    ConfirmCheckin,
    /// Guidance: the visitor opened this errand.
    OpenErrand(String),
    /// Guidance: "Done" on an errand page.
    ErrandDone,
    /// The survey's answers (`None`: skipped): after guidance, those of
    /// the visit; from the exit tile, a survey answer on its own.
    SurveyDone {
        learned: Option<bool>,
        self_next_time: Option<bool>,
        gender: Option<entre_core::protocol::Gender>,
    },
    /// The welcome screen's "How was your visit?": the languages for it.
    ExitTile,
    /// The survey on its own (the exit tile), in this language.
    ExitSurvey {
        lang: String,
    },
    /// "I want help from a guide": register what the visitor chose.
    Register(crate::floor::Choice),
    /// After registering: start this errand while waiting.
    Meanwhile(String),
    /// One step back.
    Back,
    /// Forget the visit and return to the welcome screen.
    StartOver,
    /// Scroll the scrollable with this widget id by this many pixels
    /// (down; negative: up).
    ScrollBy(&'static str, i32),
}
