//! The floor's domain helpers, shared by the kiosk protocol
//! (`api/registrations.rs`), the floor page (`web`) and the command line
//! (`entre-hub floor`, the background jobs of `serve`): the office's local
//! day and clock, the Swedish words guides read (languages, needs, states,
//! errand titles) and [`FloorRow`], a registration as the floor shows it.
//!
//! Everything here is plain text in Swedish, unescaped: the page escapes it
//! (maud), the command line quotes what came from a kiosk.

use std::collections::HashMap;

use jiff::tz::TimeZone;

use crate::config::FloorSettings;
use crate::store::{
    CheckinUnreached, FloorState, Ms, Need, RegistrationKind, RegistrationRow, Store,
};

/// The time zone named `tz` (`[stats] timezone`; empty: the system's; an
/// unknown name, which hub.toml's check refuses: UTC).
pub fn zone(tz: &str) -> TimeZone {
    let tz = tz.trim();
    if tz.is_empty() {
        return TimeZone::system();
    }
    TimeZone::get(tz).unwrap_or(TimeZone::UTC)
}

fn zoned(at_ms: Ms, tz: &TimeZone) -> jiff::ZonedDateTime {
    jiff::Timestamp::from_millisecond(at_ms)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned_datetime(tz.clone())
}

/// The office's local day of `at_ms`, `YYYY-MM-DD` (the day a code is
/// unique in: [`crate::store::NewRegistration::day`]).
pub fn local_day(at_ms: Ms, tz: &TimeZone) -> String {
    zoned(at_ms, tz).date().to_string()
}

/// The local clock of `at_ms`, `HH:MM`.
pub fn local_clock(at_ms: Ms, tz: &TimeZone) -> String {
    let t = zoned(at_ms, tz);
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// The start (local midnight) of the local day of `at_ms`.
pub fn day_start_ms(at_ms: Ms, tz: &TimeZone) -> Ms {
    zoned(at_ms, tz)
        .start_of_day()
        .map(|z| z.timestamp().as_millisecond())
        .unwrap_or(at_ms)
}

/// The instant of `close_at` (`(hour, minute)`, local) on the local day of
/// `at_ms`. (On a day the clock skips that time, the moment after the gap.)
pub fn close_ms(at_ms: Ms, close_at: (u8, u8), tz: &TimeZone) -> Ms {
    let date = zoned(at_ms, tz).date();
    date.at(close_at.0 as i8, close_at.1 as i8, 0, 0)
        .to_zoned_datetime(tz.clone())
        .map(|z| z.timestamp().as_millisecond())
        .unwrap_or(at_ms)
}

/// A language's name in Swedish, lower case as Swedish writes it
/// (`ar` → "arabiska"); a code it does not know stays the code.
pub fn language_sv(code: &str) -> &str {
    match code {
        "sv" => "svenska",
        "en" => "engelska",
        "ar" => "arabiska",
        "fa" => "persiska",
        "so" => "somaliska",
        "ti" => "tigrinja",
        "fi" => "finska",
        "tr" => "turkiska",
        "pl" => "polska",
        "uk" => "ukrainska",
        "ru" => "ryska",
        "de" => "tyska",
        "fr" => "franska",
        "es" => "spanska",
        "ku" | "kmr" => "kurdiska",
        "prs" => "dari",
        "ps" => "pashto",
        "am" => "amhariska",
        "bs" => "bosniska",
        "hr" => "kroatiska",
        "sr" => "serbiska",
        "sq" => "albanska",
        "ro" => "rumänska",
        "th" => "thailändska",
        "zh" => "kinesiska",
        "vi" => "vietnamesiska",
        "se" => "nordsamiska",
        "yi" => "jiddisch",
        "rom" => "romani",
        other => other,
    }
}

/// A need as a short Swedish word for the floor ("Enskilt", "Sittplats",
/// "Tolk").
pub fn need_sv(need: Need) -> &'static str {
    match need {
        Need::Private => "Enskilt",
        Need::Seated => "Sittplats",
        Need::Interpreter => "Tolk",
    }
}

/// The needs as short words, in the order given.
pub fn needs_sv(needs: &[Need]) -> Vec<&'static str> {
    needs.iter().map(|n| need_sv(*n)).collect()
}

/// A state in Swedish, as a guide would say it ("väntar", "tagen", "klar",
/// "gick innan hjälp", "inte mött", "till disken").
pub fn state_sv(state: FloorState) -> &'static str {
    match state {
        FloorState::Waiting => "väntar",
        FloorState::Claimed => "tagen",
        FloorState::Done => "klar",
        FloorState::Left => "gick innan hjälp",
        FloorState::NotMet => "inte mött",
        FloorState::Desk => "till disken",
    }
}

/// What a row without an errand reads as ("something else").
pub const OTHER_ERRAND_SV: &str = "Något annat";

/// "Bokad tid: Ekonomiskt bistånd, Anna Berg nåddes inte" (a check-in whose
/// officer was not reached).
pub fn unreached_sv(c: &CheckinUnreached) -> String {
    format!("Bokad tid: {}, {} nåddes inte", c.unit, c.officer)
}

/// The packaged Swedish guidance (assets/guidance/sv), compiled in: the
/// titles an errand id falls back to when the office has no published
/// guidance naming it. A test checks the list against the folder.
const PACKAGED_SV: &[(&str, &str)] = &[
    (
        "appeal",
        include_str!("../../assets/guidance/sv/appeal.toml"),
    ),
    (
        "consumer-advice",
        include_str!("../../assets/guidance/sv/consumer-advice.toml"),
    ),
    (
        "debt-advice",
        include_str!("../../assets/guidance/sv/debt-advice.toml"),
    ),
    (
        "digital-help",
        include_str!("../../assets/guidance/sv/digital-help.toml"),
    ),
    (
        "financial-assistance",
        include_str!("../../assets/guidance/sv/financial-assistance.toml"),
    ),
    (
        "housing",
        include_str!("../../assets/guidance/sv/housing.toml"),
    ),
    (
        "legal-advice",
        include_str!("../../assets/guidance/sv/legal-advice.toml"),
    ),
    (
        "migration",
        include_str!("../../assets/guidance/sv/migration.toml"),
    ),
    (
        "mobility-service",
        include_str!("../../assets/guidance/sv/mobility-service.toml"),
    ),
    (
        "population-register",
        include_str!("../../assets/guidance/sv/population-register.toml"),
    ),
    (
        "preschool",
        include_str!("../../assets/guidance/sv/preschool.toml"),
    ),
    (
        "rent-arrears",
        include_str!("../../assets/guidance/sv/rent-arrears.toml"),
    ),
    (
        "social-insurance",
        include_str!("../../assets/guidance/sv/social-insurance.toml"),
    ),
    (
        "violence",
        include_str!("../../assets/guidance/sv/violence.toml"),
    ),
    ("work", include_str!("../../assets/guidance/sv/work.toml")),
];

/// The `title` of a guidance bundle's TOML text, if it has one.
fn title_of_toml(text: &str) -> Option<String> {
    let t: toml::Table = toml::from_str(text).ok()?;
    t.get("title")?
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

/// The Swedish titles of errands, by id: the office's published guidance
/// over the city's over the packaged guidance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Titles {
    by_id: HashMap<String, String>,
}

impl Titles {
    /// The packaged guidance's titles only.
    pub fn packaged() -> Titles {
        let by_id = PACKAGED_SV
            .iter()
            .filter_map(|(id, text)| Some((id.to_string(), title_of_toml(text)?)))
            .collect();
        Titles { by_id }
    }

    /// Adds the Swedish titles of a guidance payload as the store keeps it
    /// (`{lang: {errand: bundle TOML text or object}}`), over those known.
    pub fn add_payload(&mut self, payload: &str) {
        let Ok(serde_json::Value::Object(langs)) = serde_json::from_str(payload) else {
            return;
        };
        let Some(serde_json::Value::Object(sv)) = langs.get("sv") else {
            return;
        };
        for (id, bundle) in sv {
            let title = match bundle {
                serde_json::Value::String(text) => title_of_toml(text),
                serde_json::Value::Object(o) => o
                    .get("title")
                    .and_then(|t| t.as_str())
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
                _ => None,
            };
            if let Some(t) = title {
                self.by_id.insert(id.clone(), t);
            }
        }
    }

    /// The titles an office's guides read: the packaged ones, under the
    /// city's published guidance, under the office's own. A store that
    /// fails gives the packaged titles (the floor still works).
    pub async fn of_office(store: &dyn Store, office: &str) -> Titles {
        let mut t = Titles::packaged();
        match store.content_live(office).await {
            Ok(live) => {
                if let Some((_, p)) = &live.city_guidance {
                    t.add_payload(p);
                }
                if let Some((_, p)) = &live.office_guidance {
                    t.add_payload(p);
                }
            }
            Err(e) => tracing::warn!("floor: errand titles from the packaged guidance: {e}"),
        }
        t
    }

    /// The errand ids of the packaged guidance (what a kiosk shows while
    /// nothing is published).
    pub fn packaged_ids() -> Vec<&'static str> {
        PACKAGED_SV.iter().map(|(id, _)| *id).collect()
    }

    /// The Swedish title of errand `id`, else the id itself.
    pub fn get<'a>(&'a self, id: &'a str) -> &'a str {
        self.by_id.get(id).map_or(id, String::as_str)
    }

    /// What a registration's errand reads as: its title, or
    /// [`OTHER_ERRAND_SV`] for none.
    pub fn errand_sv<'a>(&'a self, errand: Option<&'a str>) -> &'a str {
        errand.map_or(OTHER_ERRAND_SV, |e| self.get(e))
    }
}

/// Whole minutes from `at_ms` to `now` (0 when `at_ms` is ahead).
pub fn minutes_between(at_ms: Ms, now: Ms) -> i64 {
    (now - at_ms).max(0) / 60_000
}

/// A registration as the floor shows it, in Swedish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloorRow {
    pub row: RegistrationRow,
    /// Whole minutes since the visitor registered.
    pub minutes: i64,
    /// Still waiting (nobody has taken it) and `minutes` has reached
    /// `wait_warn_min`: the page colours it.
    pub warn: bool,
    /// The errand's Swedish title ([`Titles`]); for a check-in whose
    /// officer was not reached, "Bokad tid: UNIT, OFFICER nåddes inte".
    pub what_sv: String,
    /// The language's Swedish name ("arabiska").
    pub language_sv: String,
    /// The needs as short words ("Enskilt", "Sittplats", "Tolk").
    pub needs_sv: Vec<&'static str>,
    /// The zone's Swedish label, if the visitor chose one.
    pub zone_sv: Option<String>,
    /// "väntar", "tagen", …
    pub state_sv: &'static str,
}

impl FloorRow {
    /// `row` as the floor shows it at `now`, with the office's `settings`.
    pub fn new(
        row: RegistrationRow,
        now: Ms,
        settings: FloorSettings,
        titles: &Titles,
    ) -> FloorRow {
        let minutes = minutes_between(row.at_ms, now);
        let warn = row.state == FloorState::Waiting && minutes >= settings.wait_warn_min as i64;
        let what_sv = match (&row.kind, &row.checkin) {
            (RegistrationKind::CheckinUnreached, Some(c)) => unreached_sv(c),
            _ => titles.errand_sv(row.errand.as_deref()).to_string(),
        };
        FloorRow {
            minutes,
            warn,
            what_sv,
            language_sv: language_sv(&row.language).to_string(),
            needs_sv: needs_sv(&row.needs),
            zone_sv: row.zone.as_ref().map(|z| z.label_sv.clone()),
            state_sv: state_sv(row.state),
            row,
        }
    }

    /// Whether the visitor asked for an interpreter (the page says
    /// "tolk" beside the language).
    pub fn interpreter(&self) -> bool {
        self.row.needs.contains(&Need::Interpreter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_packaged_swedish_bundle_is_compiled_in_with_its_title() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/guidance/sv");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| {
                let name = e.unwrap().file_name().into_string().unwrap();
                name.strip_suffix(".toml").map(String::from)
            })
            .collect();
        on_disk.sort();
        let listed: Vec<String> = PACKAGED_SV.iter().map(|(id, _)| id.to_string()).collect();
        assert_eq!(listed, on_disk, "PACKAGED_SV must list assets/guidance/sv");
        let t = Titles::packaged();
        assert_eq!(t.by_id.len(), on_disk.len());
        assert_eq!(t.get("consumer-advice"), "Konsumentråd och klagomål");
        assert_eq!(t.get("no-such"), "no-such");
        assert_eq!(t.errand_sv(None), OTHER_ERRAND_SV);
    }

    #[test]
    fn published_titles_win_over_packaged() {
        let mut t = Titles::packaged();
        t.add_payload(
            r#"{"sv": {"housing": "title = \"Boende och bostad\"\n", "new-one": {"title": "Nytt"}},
                "en": {"housing": "title = \"Housing\""}}"#,
        );
        assert_eq!(t.get("housing"), "Boende och bostad");
        assert_eq!(t.get("new-one"), "Nytt");
        t.add_payload("not json");
        assert_eq!(t.get("housing"), "Boende och bostad");
    }

    #[test]
    fn languages_needs_and_days() {
        assert_eq!(language_sv("ti"), "tigrinja");
        assert_eq!(language_sv("uk"), "ukrainska");
        assert_eq!(language_sv("xx"), "xx");
        assert_eq!(
            needs_sv(&[Need::Seated, Need::Interpreter]),
            ["Sittplats", "Tolk"]
        );
        let tz = zone("Europe/Stockholm");
        // 2026-12-01T23:30:00Z is 00:30 on 2 December in Stockholm.
        let at = "2026-12-01T23:30:00Z"
            .parse::<jiff::Timestamp>()
            .unwrap()
            .as_millisecond();
        assert_eq!(local_day(at, &tz), "2026-12-02");
        assert_eq!(local_clock(at, &tz), "00:30");
        assert_eq!(day_start_ms(at, &tz), at - 30 * 60_000);
        assert_eq!(close_ms(at, (16, 30), &tz), at + 16 * 3_600_000);
        assert_eq!(minutes_between(at, at + 15 * 60_000 + 59_999), 15);
        assert_eq!(minutes_between(at + 5, at), 0);
    }
}
