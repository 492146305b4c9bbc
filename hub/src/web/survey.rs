//! The survey on the floor: after a guide marks a walk-in "Klar", the floor
//! offers "Ge besökaren enkäten", and the guide hands the tablet to the
//! visitor. `GET /floor/{id}/survey` is a full-screen page (no bar, no
//! menus, nothing about other visitors, no code) in the visitor's
//! registered language, `dir="rtl"` for Arabic and Persian, with the
//! kiosk's questions one at a time: "learned something new?", "do it
//! yourself next time?", then the optional "Are you …" with its one-line
//! "why we ask", then thanks.
//!
//! - Each tap is a plain POST of the page's form (the session's CSRF
//!   token, the step, the answers so far in hidden fields): it works
//!   without JavaScript, and the server renders the next question. After
//!   the last one the answer is stored and a thanks page returns to the
//!   floor after [`THANKS_S`] seconds. "Tillbaka" (the kiosk's Back)
//!   goes to the question before, or from the first one back to the floor
//!   with nothing stored.
//! - After [`IDLE_S`] seconds without a tap hub/static/survey.js posts the
//!   form as it is (`timeout=1`): what was answered is stored, and the
//!   floor comes back. A meta refresh a few seconds later is the fallback
//!   without JavaScript (then an unfinished answer is not stored).
//! - The answer is one [`VisitRow`] of kind [`VisitKind::SurveyAnswer`]
//!   (purpose "floor", kiosk "floor", the registration's errand, language
//!   and office, the minute it was given). Its id is derived from the
//!   registration's ([`answer_id`]): the visit table ignores a known id, so
//!   a second answer for the same registration stores nothing more. An
//!   answer with nothing answered stores nothing.
//! - Only a walk-in of the guide's office closed as done within
//!   [`WINDOW_MS`] can be surveyed: anything else is 404, a registration
//!   already answered or closed too long ago 409, without details.
//! - The texts are the kiosk's (locales/<lang>/main.ftl), embedded at
//!   build time; a key a language lacks falls back to Swedish.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use entre_core::protocol::{Gender, VisitKind};
use maud::{DOCTYPE, Markup, html};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::PageError;
use super::floor::{floor_url, office_for, survey_url};
use super::layout::plain;
use crate::auth::{Area, Staff};
use crate::state::{AppState, now_ms};
use crate::store::{FloorState, RegistrationKind, RegistrationRow, VisitRow};

/// The survey page's timer (return to the floor).
pub const SURVEY_JS: &str = include_str!("../../static/survey.js");

/// Seconds without a tap before the page goes back to the floor.
pub const IDLE_S: u32 = 60;
/// The meta refresh without JavaScript: a little later than the script,
/// which stores what was answered before it goes.
pub const IDLE_FALLBACK_S: u32 = IDLE_S + 5;
/// Seconds the thanks are shown.
pub const THANKS_S: u32 = 4;
/// How long after "Klar" the visitor can still be given the survey.
pub const WINDOW_MS: i64 = 30 * 60 * 1000;

/// `purpose` and `kiosk` of an answer given on the floor.
pub const PURPOSE: &str = "floor";
pub const KIOSK: &str = "floor";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/floor/{id}/survey", get(show).post(answer))
        .route("/static/survey.js", get(script))
}

async fn script() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("max-age=3600"),
            ),
        ],
        SURVEY_JS,
    )
        .into_response()
}

// ---------------------------------------------------------------- texts

/// The kiosk's locales, embedded at build time.
const LOCALES: &[(&str, &str)] = &[
    ("sv", include_str!("../../../locales/sv/main.ftl")),
    ("en", include_str!("../../../locales/en/main.ftl")),
    ("ar", include_str!("../../../locales/ar/main.ftl")),
    ("fa", include_str!("../../../locales/fa/main.ftl")),
    ("fi", include_str!("../../../locales/fi/main.ftl")),
    ("pl", include_str!("../../../locales/pl/main.ftl")),
    ("so", include_str!("../../../locales/so/main.ftl")),
    ("ti", include_str!("../../../locales/ti/main.ftl")),
    ("tr", include_str!("../../../locales/tr/main.ftl")),
    ("uk", include_str!("../../../locales/uk/main.ftl")),
];

/// The keys the page uses.
const KEYS: &[&str] = &[
    "survey-learned",
    "survey-self",
    "survey-yes",
    "survey-no",
    "survey-skip",
    "survey-thanks",
    "survey-gender",
    "survey-gender-woman",
    "survey-gender-man",
    "survey-gender-another",
    "survey-gender-no-say",
    "survey-gender-why",
    "nav-back",
];

type Texts = HashMap<&'static str, HashMap<&'static str, String>>;

static TEXTS: LazyLock<Texts> = LazyLock::new(|| {
    LOCALES
        .iter()
        .map(|(lang, src)| (*lang, messages(src)))
        .collect()
});

/// The page's messages in one .ftl source: each key's text (plain text
/// and string literals; a message that needs arguments is not used here).
fn messages(src: &str) -> HashMap<&'static str, String> {
    use fluent_syntax::ast::{Entry, Expression, InlineExpression, PatternElement};
    let resource = match fluent_syntax::parser::parse(src) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    let mut out = HashMap::new();
    for entry in resource.body {
        let Entry::Message(m) = entry else { continue };
        let Some(key) = KEYS.iter().find(|k| **k == m.id.name) else {
            continue;
        };
        let Some(pattern) = m.value else { continue };
        let mut text = String::new();
        for el in pattern.elements {
            match el {
                PatternElement::TextElement { value } => text.push_str(value),
                PatternElement::Placeable {
                    expression: Expression::Inline(InlineExpression::StringLiteral { value }),
                } => text.push_str(value),
                PatternElement::Placeable { .. } => {}
            }
        }
        let text = text.trim().to_string();
        if !text.is_empty() {
            out.insert(*key, text);
        }
    }
    out
}

/// The visitor's language as the page uses it: a language of the kiosk's
/// locales, else Swedish.
fn lang_of(language: &str) -> &'static str {
    LOCALES
        .iter()
        .map(|(l, _)| *l)
        .find(|l| *l == language)
        .unwrap_or("sv")
}

fn rtl(lang: &str) -> bool {
    matches!(lang, "ar" | "fa")
}

/// `key` in `lang`, else in Swedish.
fn t(lang: &str, key: &str) -> String {
    TEXTS
        .get(lang)
        .and_then(|m| m.get(key))
        .or_else(|| TEXTS.get("sv").and_then(|m| m.get(key)))
        .cloned()
        .unwrap_or_default()
}

// ---------------------------------------------------------------- who

/// The registration `id` if `staff` may give its visitor the survey now:
/// a walk-in of their office closed as done within [`WINDOW_MS`], not yet
/// answered. The floor's address to return to comes with it.
async fn surveyable(
    state: &AppState,
    staff: &Staff,
    id: &str,
) -> Result<Result<(RegistrationRow, String), Response>, PageError> {
    staff.require(Area::Floor)?;
    let Some(row) = state.store.registration(id).await? else {
        return Err(PageError::NotFound);
    };
    // Another office's registration is not found, as for a stranger.
    let office = match office_for(state, staff, &row.office) {
        Ok(Some(o)) => o,
        _ => return Err(PageError::NotFound),
    };
    let back = floor_url(staff, &office);
    if row.kind != RegistrationKind::WalkIn {
        return Err(PageError::NotFound);
    }
    let now = now_ms();
    let Some(closed) = row.closed_ms.filter(|_| row.state == FloorState::Done) else {
        return Ok(Err(conflict(
            "Enkäten kan ges först när besökaren är markerad Klar.",
        )));
    };
    if now - closed > WINDOW_MS {
        return Ok(Err(conflict(
            "Enkäten kan bara ges strax efter att besökaren fått hjälp.",
        )));
    }
    if answered(state, &row, closed, now).await? {
        return Ok(Err(conflict("Besökaren har redan svarat på enkäten.")));
    }
    Ok(Ok((row, back)))
}

fn conflict(text: &str) -> Response {
    plain(StatusCode::CONFLICT, "Enkäten kan inte ges", text)
}

/// Whether an answer for `row` is stored (given after it was closed).
async fn answered(
    state: &AppState,
    row: &RegistrationRow,
    closed: i64,
    now: i64,
) -> Result<bool, PageError> {
    let id = answer_id(&row.id);
    let from = closed - closed.rem_euclid(60_000);
    Ok(state
        .store
        .visits(Some(&row.office), from, now + 60_000)
        .await?
        .iter()
        .any(|v| v.id == id))
}

/// The answer's id: a UUID (version 8, name-based on SHA-256) made from
/// the registration's id, the same every time.
pub fn answer_id(registration: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"entre-hub floor survey\0");
    h.update(registration.as_bytes());
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let x: String = b.iter().map(|v| format!("{v:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &x[0..8],
        &x[8..12],
        &x[12..16],
        &x[16..20],
        &x[20..32]
    )
}

// ---------------------------------------------------------------- pages

async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (row, back) = match surveyable(&state, &staff, &id).await? {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    Ok(question(&row, &back, &staff, Step::Learned, &Answers::default()).into_response())
}

/// The three questions, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Learned = 1,
    SelfNext = 2,
    Gender = 3,
}

impl Step {
    fn parse(s: &str) -> Option<Step> {
        match s {
            "1" => Some(Step::Learned),
            "2" => Some(Step::SelfNext),
            "3" => Some(Step::Gender),
            _ => None,
        }
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Answers {
    learned: Option<bool>,
    self_next_time: Option<bool>,
    gender: Option<Gender>,
}

impl Answers {
    fn any(&self) -> bool {
        self.learned.is_some() || self.self_next_time.is_some() || self.gender.is_some()
    }
}

fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    }
}

/// A carried or tapped yes/no: "yes", "no", "" or "skip" (none).
fn parse_yes_no(s: &str) -> Result<Option<bool>, ()> {
    match s {
        "yes" => Ok(Some(true)),
        "no" => Ok(Some(false)),
        "" | "skip" => Ok(None),
        _ => Err(()),
    }
}

/// The frame of the visitor's page: their language and direction, no bar.
fn frame(lang: &str, title: &str, refresh: (u32, &str), body: Markup) -> Html<String> {
    let dir = if rtl(lang) { "rtl" } else { "ltr" };
    Html(
        html! {
            (DOCTYPE)
            html lang=(lang) dir=(dir) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    meta http-equiv="refresh" content={ (refresh.0) ";url=" (refresh.1) };
                    title { (title) }
                    link rel="stylesheet" href="/static/hub.css";
                    script src="/static/survey.js" defer {}
                }
                body.survey-page {
                    main.survey { (body) }
                }
            }
        }
        .into_string(),
    )
}

fn question(
    row: &RegistrationRow,
    back: &str,
    staff: &Staff,
    step: Step,
    a: &Answers,
) -> Html<String> {
    let lang = lang_of(&row.language);
    let (q, why) = match step {
        Step::Learned => (t(lang, "survey-learned"), None),
        Step::SelfNext => (t(lang, "survey-self"), None),
        Step::Gender => (t(lang, "survey-gender"), Some(t(lang, "survey-gender-why"))),
    };
    let action = survey_url(&row.id);
    let body = html! {
        form #survey-form .survey-form method="post" action=(action)
            data-idle=(IDLE_S) data-back=(back) {
            input type="hidden" name="csrf" value=(staff.csrf());
            input type="hidden" name="step" value=(step as u8);
            input type="hidden" name="learned" value=(yes_no(a.learned));
            input type="hidden" name="self_next_time" value=(yes_no(a.self_next_time));
            input type="hidden" name="timeout" value="";
            ol.survey-steps aria-hidden="true" {
                @for s in 1..=3u8 {
                    li.done[s < step as u8].now[s == step as u8] {}
                }
            }
            h1 #survey-q { (q) }
            @if let Some(why) = &why { p.survey-why { (why) } }
            @match step {
                Step::Learned | Step::SelfNext => {
                    div.survey-answers.two role="group" aria-labelledby="survey-q" {
                        button.yes type="submit" name="answer" value="yes" { (t(lang, "survey-yes")) }
                        button.no type="submit" name="answer" value="no" { (t(lang, "survey-no")) }
                    }
                }
                Step::Gender => {
                    div.survey-answers role="group" aria-labelledby="survey-q" {
                        button type="submit" name="answer" value="woman" { (t(lang, "survey-gender-woman")) }
                        button type="submit" name="answer" value="man" { (t(lang, "survey-gender-man")) }
                        button type="submit" name="answer" value="another" { (t(lang, "survey-gender-another")) }
                        button type="submit" name="answer" value="prefer_not_to_say" { (t(lang, "survey-gender-no-say")) }
                    }
                }
            }
            // A way back on every question: to the one before, or from the
            // first to the floor (nothing stored). Start side, then Skip.
            div.survey-nav.two {
                button.back type="submit" name="answer" value="back" {
                    svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false" {
                        path d="M20 12H5m6-7-7 7 7 7" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round" {}
                    }
                    (t(lang, "nav-back"))
                }
                button.skip type="submit" name="answer" value="skip" { (t(lang, "survey-skip")) }
            }
        }
    };
    frame(lang, &q, (IDLE_FALLBACK_S, back), body)
}

fn thanks(row: &RegistrationRow, back: &str) -> Html<String> {
    let lang = lang_of(&row.language);
    let text = t(lang, "survey-thanks");
    let body = html! {
        div #survey-thanks .survey-thanks data-idle=(THANKS_S) data-back=(back) {
            svg.survey-tick viewBox="0 0 48 48" width="96" height="96" aria-hidden="true" focusable="false" {
                circle cx="24" cy="24" r="22" fill="none" stroke="currentColor" stroke-width="3" {}
                path d="M14 25l7 7 13-15" fill="none" stroke="currentColor" stroke-width="4" stroke-linecap="round" stroke-linejoin="round" {}
            }
            h1 { (text) }
        }
    };
    frame(lang, &text, (THANKS_S, back), body)
}

#[derive(Deserialize)]
struct AnswerForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    step: String,
    #[serde(default)]
    learned: String,
    #[serde(default)]
    self_next_time: String,
    #[serde(default)]
    answer: Option<String>,
    #[serde(default)]
    timeout: String,
}

async fn answer(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, PageError> {
    staff.require(Area::Floor)?;
    staff.check_csrf(&f.csrf)?;
    let (row, back) = match surveyable(&state, &staff, &id).await? {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    let bad =
        |what: &str| PageError::BadRequest(format!("Enkätens svar kunde inte läsas: {what}."));
    let step = Step::parse(&f.step).ok_or_else(|| bad("steget saknas"))?;
    let mut a = Answers {
        learned: parse_yes_no(&f.learned).map_err(|_| bad("fältet learned"))?,
        self_next_time: parse_yes_no(&f.self_next_time)
            .map_err(|_| bad("fältet self_next_time"))?,
        gender: None,
    };
    // The page timed out (or was posted without a tap): keep what was
    // answered and go back to the floor.
    let Some(tapped) = f.answer.filter(|_| f.timeout.is_empty()) else {
        store(&state, &row, &a).await?;
        return Ok(Redirect::to(&back).into_response());
    };
    if tapped == "back" {
        return Ok(match step {
            // Back from the first question: to the floor, nothing stored.
            Step::Learned => Redirect::to(&back).into_response(),
            Step::SelfNext => question(&row, &back, &staff, Step::Learned, &a).into_response(),
            Step::Gender => question(&row, &back, &staff, Step::SelfNext, &a).into_response(),
        });
    }
    match step {
        Step::Learned => {
            a.learned = parse_yes_no(&tapped).map_err(|_| bad("svaret"))?;
            Ok(question(&row, &back, &staff, Step::SelfNext, &a).into_response())
        }
        Step::SelfNext => {
            a.self_next_time = parse_yes_no(&tapped).map_err(|_| bad("svaret"))?;
            Ok(question(&row, &back, &staff, Step::Gender, &a).into_response())
        }
        Step::Gender => {
            a.gender = match tapped.as_str() {
                "skip" => None,
                g => Some(Gender::parse(g).ok_or_else(|| bad("svaret"))?),
            };
            store(&state, &row, &a).await?;
            Ok(thanks(&row, &back).into_response())
        }
    }
}

/// Stores the answer as a survey answer on its own (nothing when nothing
/// was answered; nothing more when one is stored for this registration).
async fn store(state: &AppState, row: &RegistrationRow, a: &Answers) -> Result<(), PageError> {
    if !a.any() {
        return Ok(());
    }
    let now = now_ms();
    let visit = VisitRow {
        id: answer_id(&row.id),
        kiosk: KIOSK.to_string(),
        office: row.office.clone(),
        at_ms: now - now.rem_euclid(60_000),
        purpose: PURPOSE.to_string(),
        errand: row.errand.clone(),
        language: row.language.clone(),
        learned: a.learned,
        self_next_time: a.self_next_time,
        checkin_unit: None,
        gender: a.gender,
        kind: VisitKind::SurveyAnswer,
        meanwhile: false,
    };
    state.store.visits_add(&[visit]).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_key_or_falls_back_to_swedish() {
        for key in KEYS {
            assert!(!t("sv", key).is_empty(), "sv lacks {key}");
            for (lang, _) in LOCALES {
                assert!(!t(lang, key).is_empty(), "{lang} {key}");
            }
        }
        assert_eq!(t("sv", "survey-yes"), "Ja");
        assert_eq!(t("ar", "survey-yes"), "نعم");
        assert_eq!(t("xx", "survey-no"), "Nej");
        assert_eq!(lang_of("<b>"), "sv");
        assert!(rtl(lang_of("fa")) && !rtl(lang_of("ti")));
    }

    #[test]
    fn the_answer_id_is_a_uuid_made_from_the_registration() {
        let a = answer_id("6b0f3c1e-2a4d-4e8f-9b7a-1c2d3e4f5a6b");
        assert_eq!(a, answer_id("6b0f3c1e-2a4d-4e8f-9b7a-1c2d3e4f5a6b"));
        assert_ne!(a, answer_id("6b0f3c1e-2a4d-4e8f-9b7a-1c2d3e4f5a6c"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8");
        assert!("89ab".contains(&a[19..20]));
    }
}
