//! The hub protocol's messages (docs/hub-protocol.md), as serde types: the
//! kiosk serializes with them and the hub deserializes with them, so the
//! two cannot drift apart.
//!
//! What the hub receives ([`Visits`], [`Visit`], [`Heartbeat`] and their
//! parts) refuses unknown fields: a visit with a field the protocol does
//! not have is bad on its own, and the hub lists it in
//! [`Answer::rejected`]. What the kiosk receives ([`Answer`]) ignores
//! unknown fields, so that a newer hub can say more. Times are RFC 3339 in
//! UTC with milliseconds (`2026-11-29T09:14:00.000Z`), kept as text here;
//! each side parses them with its own clock library.
//!
//! The content document (`GET …/content`) is checked as a JSON tree by
//! [`crate::document::check`], not read into a type: a bundle there may be
//! an object or the text of a bundle file.

use serde::{Deserialize, Serialize};

/// The body of `POST …/visits`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Visits {
    /// At most `[hub] batch_size` visits, oldest first.
    pub visits: Vec<Visit>,
}

/// One visit, with no personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Visit {
    /// A random UUID (version 4), made by the kiosk.
    pub id: String,
    /// When the visit happened, floored to the minute (RFC 3339, UTC).
    pub at: String,
    /// The `[[purpose]] id` the visitor tapped.
    pub purpose: String,
    /// The guidance errand id shown, if any.
    pub errand: Option<String>,
    /// The language the visitor used.
    pub language: String,
    pub survey: Survey,
    /// For a check-in, the unit; else `None` (`null`).
    pub checkin: Option<Checkin>,
    /// A visit, or a survey answer given on its own (the welcome screen's
    /// "How was your visit?"), which is counted apart and never as a
    /// visit. Absent: a visit.
    #[serde(default, skip_serializing_if = "VisitKind::is_visit")]
    pub kind: VisitKind,
    /// A walk-in who opened the "start your errand while you wait" steps
    /// before the guide came. Absent: false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub meanwhile: bool,
}

/// What a [`Visit`] record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitKind {
    /// A visit: a purpose tapped on the kiosk.
    #[default]
    Visit,
    /// A survey answer given on its own, not a visit.
    SurveyAnswer,
}

impl VisitKind {
    pub fn is_visit(&self) -> bool {
        *self == VisitKind::Visit
    }
    /// "visit" or "survey_answer", as stored.
    pub fn id(self) -> &'static str {
        match self {
            VisitKind::Visit => "visit",
            VisitKind::SurveyAnswer => "survey_answer",
        }
    }
    pub fn parse(s: &str) -> Option<VisitKind> {
        match s {
            "visit" => Some(VisitKind::Visit),
            "survey_answer" => Some(VisitKind::SurveyAnswer),
            _ => None,
        }
    }
}

/// The optional "Are you …" answer. Skipped is `None`, not a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Woman,
    Man,
    /// "Another answer".
    Another,
    /// "Prefer not to say" (reported with skipped as "not answered").
    PreferNotToSay,
}

impl Gender {
    pub const ALL: [Gender; 4] = [
        Gender::Woman,
        Gender::Man,
        Gender::Another,
        Gender::PreferNotToSay,
    ];
    /// "woman", "man", "another", "prefer_not_to_say", as stored.
    pub fn id(self) -> &'static str {
        match self {
            Gender::Woman => "woman",
            Gender::Man => "man",
            Gender::Another => "another",
            Gender::PreferNotToSay => "prefer_not_to_say",
        }
    }
    pub fn parse(s: &str) -> Option<Gender> {
        Gender::ALL.into_iter().find(|g| g.id() == s)
    }
}

/// The two survey questions: `None` (`null`) when skipped or not asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    /// "Did you learn something new?"
    pub learned: Option<bool>,
    /// "Can you do it yourself next time?"
    pub self_next_time: Option<bool>,
    /// "Are you …" (optional; `None`: skipped or not asked). Absent: `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
}

/// A check-in names only the unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checkin {
    pub unit: String,
}

/// The hub's answer to a batch of visits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The ids the hub has stored (including ids it already had).
    pub accepted: Vec<String>,
    /// Visits bad on their own, which the hub will never store: the kiosk
    /// marks them done and does not send them again. Absent (an older
    /// hub): none.
    #[serde(default)]
    pub rejected: Vec<Rejected>,
}

/// A visit the hub will never store, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub id: String,
    /// Plain words, e.g. `unknown field "name"`; the kiosk logs it quoted.
    pub reason: String,
}

/// The body of `POST …/heartbeat`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Heartbeat {
    /// The Entré version running.
    pub version: String,
    /// When this kiosk process started.
    pub started_at: String,
    pub outbox: Outbox,
    /// What went wrong since the last heartbeat that reached the hub,
    /// oldest first, at most 20.
    pub last_errors: Vec<ErrorReport>,
    /// The hub content in use, or `None` (the package's).
    pub content_version: Option<String>,
}

/// What waits in the kiosk's outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outbox {
    /// Arrival mail not yet accepted by the relay.
    pub mail_pending: u64,
    /// Visits not yet accepted by the hub.
    pub visits_pending: u64,
    /// When the oldest of those was queued, floored to the minute.
    pub oldest_pending_at: Option<String>,
}

/// One error a heartbeat reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorReport {
    pub at: String,
    pub what: String,
}

/// The body of `POST …/registrations`: a visitor (or, for
/// [`RegistrationKind::CheckinUnreached`], a check-in the officer could not
/// be told of) whom a guide should meet. No name, nothing the visitor
/// typed: the errand, the language, the needs, the zone and the time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    /// A random UUID (version 4), made by the kiosk. Sending the same id
    /// again is safe: the hub answers with the code it gave the first time.
    pub id: String,
    /// When the visitor tapped "Register" (RFC 3339, UTC, milliseconds;
    /// not floored: the waiting time is counted from it).
    pub at: String,
    pub kind: RegistrationKind,
    /// The guidance errand id, or `None` (`null`): "something else".
    pub errand: Option<String>,
    /// The language the visitor wants help in (a language code, e.g. `ar`;
    /// `sv` when the visitor chose "Swedish is fine").
    pub language: String,
    /// What the visitor asked for, each at most once, in this order.
    pub needs: Vec<Need>,
    /// Where the visitor waits (`[[floor.zone]]`), or `None`.
    pub zone: Option<Zone>,
    /// `true`: the kiosk is waiting for the code to show the visitor; the
    /// registration goes on the floor. `false`: the kiosk has told the
    /// visitor to go to the desk (the hub did not answer in time): stored
    /// for the figures only, never shown on the floor, and an open row with
    /// this id is taken off the floor.
    pub floor: bool,
    /// For a check-in: the unit and the officer (their names as the
    /// directory has them), and why the officer was not reached.
    pub checkin: Option<CheckinUnreached>,
}

/// A walk-in who registered an errand, or a check-in the officer could not
/// be told of (the visitor was sent to the desk).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationKind {
    WalkIn,
    CheckinUnreached,
}

/// What a visitor may ask for; the floor shows each as a short word with an
/// icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// "I need to talk in private."
    Private,
    /// "I need to sit down / use a wheelchair."
    Seated,
    /// "I need an interpreter."
    Interpreter,
}

impl Need {
    pub const ALL: [Need; 3] = [Need::Private, Need::Seated, Need::Interpreter];
    pub fn id(self) -> &'static str {
        match self {
            Need::Private => "private",
            Need::Seated => "seated",
            Need::Interpreter => "interpreter",
        }
    }
}

/// Where a visitor waits: the zone's id and its label in Swedish (what the
/// guides read), at most [`ZONE_LABEL_MAX`] characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    pub id: String,
    pub label_sv: String,
}

/// The longest zone label, unit name or officer name the hub stores from a
/// registration (characters).
pub const ZONE_LABEL_MAX: usize = 80;

/// A check-in that did not reach its officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckinUnreached {
    /// The unit's name, e.g. "Ekonomiskt bistånd".
    pub unit: String,
    /// The officer's name as the directory has it (staff, not the visitor).
    pub officer: String,
    pub reason: Unreached,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unreached {
    /// The officer is marked away in the directory.
    Away,
    /// The mail relay did not accept the arrival mail within
    /// `[checkin] confirm_within_s`.
    Relay,
}

/// The hub's answer to a registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registered {
    /// The visitor's code, e.g. `K27` (see [`is_code`]); unique per office
    /// per day.
    pub code: String,
    /// Registrations of the office still waiting (not yet claimed) that
    /// came before this one.
    pub ahead: u32,
    /// The expected wait in minutes, from the office's recent claim times;
    /// `None` (`null`) when the hub has too few to say.
    pub wait_min: Option<u32>,
}

/// The letters a code may start with: A–Z without I and O.
pub const CODE_LETTERS: &str = "ABCDEFGHJKLMNPQRSTUVWXYZ";
/// The digits a code may use: 2–9 (no 0 or 1, which look like O and I).
pub const CODE_DIGITS: &str = "23456789";

/// Whether `s` is a registration code: `^[A-HJ-NP-Z][2-9]{2}$`.
pub fn is_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 3
        && CODE_LETTERS.as_bytes().contains(&b[0])
        && CODE_DIGITS.as_bytes().contains(&b[1])
        && CODE_DIGITS.as_bytes().contains(&b[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_examples_read() {
        let visits: Visits = serde_json::from_str(
            r#"{ "visits": [
              { "id": "3f6c2a9e-8d41-4b7a-9c15-e2d07b6a4f18", "at": "2026-11-29T09:14:00.000Z",
                "purpose": "appointment", "errand": null, "language": "ar",
                "survey": { "learned": null, "self_next_time": null },
                "checkin": { "unit": "ekonomi" } },
              { "id": "a81e5c07-2b9d-4f63-8e4a-5d1c9b0f7e26", "at": "2026-11-29T09:15:00.000Z",
                "purpose": "errand", "errand": "housing", "language": "ti",
                "survey": { "learned": true, "self_next_time": false }, "checkin": null } ] }"#,
        )
        .unwrap();
        assert_eq!(visits.visits.len(), 2);
        assert_eq!(visits.visits[0].checkin.as_ref().unwrap().unit, "ekonomi");
        assert_eq!(visits.visits[1].survey.learned, Some(true));
        let beat: Heartbeat = serde_json::from_str(
            r#"{ "version": "0.1.0", "started_at": "2026-11-29T06:00:01.204Z",
                 "outbox": { "mail_pending": 0, "visits_pending": 3,
                             "oldest_pending_at": "2026-11-29T09:13:00.000Z" },
                 "last_errors": [ { "at": "2026-11-29T08:02:11.530Z", "what": "visits: the hub answered 503" } ],
                 "content_version": null }"#,
        )
        .unwrap();
        assert_eq!(beat.outbox.visits_pending, 3);
        assert_eq!(beat.last_errors[0].what, "visits: the hub answered 503");
    }

    #[test]
    fn what_the_hub_receives_refuses_unknown_fields() {
        let with = |extra: &str| {
            format!(
                r#"{{ "id": "x", "at": "2026-11-29T09:14:00.000Z", "purpose": "p", "errand": null,
                     "language": "sv", "survey": {{ "learned": null, "self_next_time": null {extra} }},
                     "checkin": null }}"#
            )
        };
        assert!(serde_json::from_str::<Visit>(&with("")).is_ok());
        let e = serde_json::from_str::<Visit>(&with(r#", "name": "Åsa""#)).unwrap_err();
        assert!(e.to_string().contains("unknown field `name`"), "{e}");
        assert!(
            serde_json::from_str::<Heartbeat>(
                r#"{ "version": "1", "started_at": "t", "outbox": { "mail_pending": 0,
                     "visits_pending": 0, "oldest_pending_at": null }, "last_errors": [],
                     "content_version": null, "extra": 1 }"#
            )
            .is_err()
        );
    }

    #[test]
    fn an_answer_without_rejected_is_an_older_hubs_and_unknown_fields_are_ignored() {
        let a: Answer = serde_json::from_str(r#"{ "accepted": ["a"], "later": true }"#).unwrap();
        assert_eq!(a.accepted, vec!["a"]);
        assert!(a.rejected.is_empty());
        let a: Answer = serde_json::from_str(
            r#"{ "accepted": [], "rejected": [{ "id": "b", "reason": "too far in the future" }] }"#,
        )
        .unwrap();
        assert_eq!(a.rejected[0].id, "b");
        assert!(serde_json::from_str::<Answer>(r#"{ "rejected": [] }"#).is_err());
    }

    #[test]
    fn a_visit_writes_every_field_nulls_included() {
        let v = Visit {
            id: "x".into(),
            at: "2026-11-29T09:14:00.000Z".into(),
            purpose: "p".into(),
            errand: None,
            language: "sv".into(),
            survey: Survey {
                learned: Some(true),
                self_next_time: None,
                gender: None,
            },
            checkin: None,
            kind: VisitKind::Visit,
            meanwhile: false,
        };
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"id":"x","at":"2026-11-29T09:14:00.000Z","purpose":"p","errand":null,"language":"sv","survey":{"learned":true,"self_next_time":null},"checkin":null}"#
        );
    }

    #[test]
    fn codes_are_a_letter_and_two_digits_without_look_alikes() {
        for ok in ["K27", "A22", "Z99", "H38", "J45", "N56", "P67"] {
            assert!(is_code(ok), "{ok}");
        }
        for bad in [
            "I27", "O27", "K17", "K20", "k27", "K2", "K277", "", "27K", "Ä27", "K2٧",
        ] {
            assert!(!is_code(bad), "{bad}");
        }
        assert_eq!(CODE_LETTERS.len(), 24);
    }

    #[test]
    fn a_registration_reads_as_documented_and_refuses_unknown_fields() {
        let body = r#"{ "id": "6b0f3c1e-2a4d-4e8f-9b7a-1c2d3e4f5a6b", "at": "2026-12-02T09:41:07.312Z",
            "kind": "walk_in", "errand": "preschool", "language": "ar",
            "needs": ["seated", "interpreter"],
            "zone": { "id": "computers", "label_sv": "Vid datorerna" },
            "floor": true, "checkin": null }"#;
        let r: Registration = serde_json::from_str(body).unwrap();
        assert_eq!(r.needs, vec![Need::Seated, Need::Interpreter]);
        assert_eq!(r.kind, RegistrationKind::WalkIn);
        assert!(
            serde_json::from_str::<Registration>(
                &body.replace("\"floor\"", "\"name\": \"x\", \"floor\"")
            )
            .is_err()
        );
        let c: Registration = serde_json::from_str(
            r#"{ "id": "x", "at": "2026-12-02T09:41:07.312Z", "kind": "checkin_unreached",
                 "errand": null, "language": "sv", "needs": [], "zone": null, "floor": true,
                 "checkin": { "unit": "Ekonomiskt bistånd", "officer": "Anna Lind", "reason": "away" } }"#,
        )
        .unwrap();
        assert_eq!(c.checkin.unwrap().reason, Unreached::Away);
        let a: Registered =
            serde_json::from_str(r#"{ "code": "K27", "ahead": 3, "wait_min": 10, "later": 1 }"#)
                .unwrap();
        assert_eq!((a.code.as_str(), a.ahead, a.wait_min), ("K27", 3, Some(10)));
    }
}
