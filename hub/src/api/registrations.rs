//! `POST /v1/kiosks/{id}/registrations`: a walk-in who wants a guide, or a
//! check-in whose officer was not reached (docs/hub-protocol.md,
//! Registrations). Idempotent by id: the same id again gets the same code
//! (and `floor: false` takes an open row off the floor).
//!
//! The answer is `{"code", "ahead", "wait_min"}`. A body that is not a
//! registration, or one with a bad field, is 400 naming the field; one over
//! 16 KiB is 413; a database that is busy or away is 503 with Retry-After.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use entre_core::protocol::{
    CheckinUnreached, Registered, Registration, RegistrationKind, ZONE_LABEL_MAX,
};

use crate::error::ApiError;
use crate::state::{AppState, Event, now_ms};
use crate::store::NewRegistration;

/// The largest registration body (a registration is about 400 bytes).
pub const MAX_REGISTRATION_BODY: usize = 16 * 1024;
/// How far ahead of the hub's clock `at` may be (a kiosk's clock a little
/// ahead is fine).
const FUTURE_MS: i64 = 5 * 60_000;

pub(super) async fn post(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Registered>, ApiError> {
    let kiosk = super::kiosk(&state, &headers, &id).await?;
    let bytes = super::body(&headers, body, MAX_REGISTRATION_BODY).await?;
    let r: Registration = serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::BadRequest(format!(
            "the body is not a registration: {}",
            entre_core::text::cut(&e.to_string())
        ))
    })?;
    let now = now_ms();
    let tz = crate::floor::zone(&state.config.timezone);
    let new = check(r, &kiosk.id, &kiosk.office, now, &tz).map_err(ApiError::BadRequest)?;
    let answer = state.store.registration_add(&new, now).await?;
    let _ = state.events.send(Event::Floor {
        office: kiosk.office.clone(),
    });
    Ok(Json(answer))
}

/// A text of a registration (zone label, unit, officer): 1 to
/// [`ZONE_LABEL_MAX`] characters, no control, bidi or format character.
fn label(key: &str, s: &str) -> Result<(), String> {
    let n = s.chars().count();
    if s.trim().is_empty() {
        Err(format!("{key}: empty"))
    } else if n > ZONE_LABEL_MAX {
        Err(format!(
            "{key}: has {n} characters (at most {ZONE_LABEL_MAX})"
        ))
    } else {
        entre_core::text::check(s).map_err(|bad| format!("{key}: {bad}"))
    }
}

/// The registration checked field by field, as the store takes it; why
/// not, naming the field, in a few words.
pub(crate) fn check(
    r: Registration,
    kiosk: &str,
    office: &str,
    now: i64,
    tz: &jiff::tz::TimeZone,
) -> Result<NewRegistration, String> {
    let quote = entre_core::text::quote;
    if !super::is_uuid(&r.id) {
        return Err(format!("id: {} is not a UUID", quote(&r.id)));
    }
    let at_ms = super::time_ms(&r.at)
        .ok_or_else(|| format!("at: {} is not an RFC 3339 time", quote(&r.at)))?;
    if at_ms > now + FUTURE_MS {
        return Err(format!(
            "at: {} is more than 5 minutes in the future",
            quote(&r.at)
        ));
    }
    if at_ms < super::EARLIEST_MS {
        return Err(format!("at: {} is before 2020", quote(&r.at)));
    }
    if let Some(e) = &r.errand
        && !entre_core::document::is_errand(e)
    {
        return Err(format!(
            "errand: {} is not an errand id (a-z, 0-9, - and _, at most 64)",
            quote(e)
        ));
    }
    if !entre_core::document::is_lang(&r.language) {
        return Err(format!(
            "language: {} is not a language code (2-3 letters a-z)",
            quote(&r.language)
        ));
    }
    for (i, n) in r.needs.iter().enumerate() {
        if r.needs[..i].contains(n) {
            return Err(format!("needs: {} is listed twice", quote(n.id())));
        }
    }
    if let Some(z) = &r.zone {
        if !entre_core::toml_walk::is_id(&z.id) {
            return Err(format!(
                "zone.id: {} is not an id ({})",
                quote(&z.id),
                entre_core::toml_walk::ID_RULE
            ));
        }
        label("zone.label_sv", &z.label_sv)?;
    }
    match (r.kind, &r.checkin) {
        (RegistrationKind::WalkIn, None) => {}
        (RegistrationKind::WalkIn, Some(_)) => {
            return Err("checkin: must be null for kind \"walk_in\"".into());
        }
        (RegistrationKind::CheckinUnreached, None) => {
            return Err("checkin: missing for kind \"checkin_unreached\"".into());
        }
        (RegistrationKind::CheckinUnreached, Some(CheckinUnreached { unit, officer, .. })) => {
            label("checkin.unit", unit)?;
            label("checkin.officer", officer)?;
            if r.errand.is_some() {
                return Err("errand: must be null for kind \"checkin_unreached\"".into());
            }
            if !r.needs.is_empty() {
                return Err("needs: must be empty for kind \"checkin_unreached\"".into());
            }
        }
    }
    Ok(NewRegistration {
        id: r.id.to_ascii_lowercase(),
        office: office.to_string(),
        kiosk: Some(kiosk.to_string()),
        registered_by: None,
        at_ms,
        kind: r.kind,
        errand: r.errand,
        language: r.language,
        needs: r.needs,
        zone: r.zone,
        checkin: r.checkin,
        floor: r.floor,
        day: crate::floor::local_day(at_ms, tz),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    const NOW: i64 = 1_796_204_467_312; // 2026-12-02T09:41:07.312Z

    fn good() -> Value {
        json!({ "id": "6b0f3c1e-2a4d-4e8f-9b7a-1c2d3e4f5a6b", "at": "2026-12-02T09:41:07.312Z",
            "kind": "walk_in", "errand": "preschool", "language": "ar",
            "needs": ["seated", "interpreter"],
            "zone": { "id": "computers", "label_sv": "Vid datorerna" },
            "floor": true, "checkin": null })
    }

    fn run(v: Value) -> Result<NewRegistration, String> {
        let r: Registration = serde_json::from_value(v).map_err(|e| e.to_string())?;
        check(
            r,
            "k1",
            "demo",
            NOW,
            &jiff::tz::TimeZone::get("Europe/Stockholm").unwrap(),
        )
    }

    fn with(key: &str, v: Value) -> Value {
        let mut g = good();
        g[key] = v;
        g
    }

    #[test]
    fn the_documented_example_is_taken() {
        let n = run(good()).unwrap();
        assert_eq!(n.day, "2026-12-02");
        assert_eq!(n.at_ms, NOW);
        assert_eq!(n.office, "demo");
        assert!(n.floor);
    }

    #[test]
    fn a_bad_field_is_named() {
        let unreached = json!({ "unit": "Ekonomi", "officer": "Anna", "reason": "away" });
        let cases = [
            (with("id", json!("x")), "id: "),
            (with("at", json!("soon")), "at: "),
            (with("at", json!("2026-12-02T09:47:00Z")), "at: "),
            (with("errand", json!("Bo stad")), "errand: "),
            (with("language", json!("arabic")), "language: "),
            (with("needs", json!(["tolk"])), "unknown variant `tolk`"),
            (with("needs", json!(["seated", "seated"])), "needs: "),
            (
                with("zone", json!({"id": "Sofa", "label_sv": "Soffan"})),
                "zone.id: ",
            ),
            (
                with("zone", json!({"id": "s", "label_sv": "So\u{202e}ffan"})),
                "zone.label_sv: contains U+202E",
            ),
            (
                with("zone", json!({"id": "s", "label_sv": "x".repeat(81)})),
                "zone.label_sv: has 81",
            ),
            (with("checkin", unreached.clone()), "checkin: must be null"),
            (with("kind", json!("checkin_unreached")), "checkin: missing"),
            (with("name", json!("Anna")), "unknown field `name`"),
        ];
        for (v, why) in cases {
            let e = run(v).unwrap_err();
            assert!(e.starts_with(why), "{e:?} should start with {why:?}");
        }
        let mut c = good();
        c["kind"] = json!("checkin_unreached");
        c["checkin"] = unreached;
        assert!(
            run(c.clone())
                .unwrap_err()
                .starts_with("errand: must be null")
        );
        c["errand"] = Value::Null;
        c["needs"] = json!([]);
        c["checkin"]["officer"] = json!("o".repeat(200));
        assert!(
            run(c.clone())
                .unwrap_err()
                .starts_with("checkin.officer: has 200")
        );
        c["checkin"]["officer"] = json!("Anna Berg");
        assert!(run(c).is_ok());
    }
}
