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

use std::sync::Arc;
use std::time::Duration;

use iced::futures::FutureExt;

use entre_core::protocol::{CheckinUnreached, RegistrationKind, ZONE_LABEL_MAX, Zone};
pub use entre_core::protocol::{Need, Registered, Registration, Unreached};

use crate::config::{Config, FloorZone, Flow};
use crate::i18n::Catalog;
use crate::outbound::hub::{self, HubError, register};
use crate::store::{Store, StoreError, Visit, now_ms};

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

/// How long after its `confirm_within_s` a walk-in's registration is
/// left to [`submit`] before the outbox may send it (with `floor: false`):
/// only a kiosk that died meanwhile leaves one that long.
const HOLD: Duration = Duration::from_secs(10);

/// Why the hub gave no code.
#[derive(Debug)]
enum NoCode {
    Store(StoreError),
    NoHub,
    Hub(HubError),
}

/// Records the registration and asks the hub for the visitor's code,
/// waiting at most `[floor] confirm_within_s`. Never fails: whatever goes
/// wrong (no hub, a hub away or answering nonsense, a store that cannot be
/// written) is logged and the visitor is sent to the desk.
///
/// `lang` is the visitor's language on the kiosk (the visit's, for the
/// figures); the language they want help in is `choice.language`. The
/// registration is stored with its visit (the `flow = "register"`
/// purpose, with the errand) in one transaction through the store's write
/// queue before it is sent; without a hub (`[hub] url` unset) only the
/// visit is. `store` is `None` when the kiosk has no database: the desk.
pub async fn submit(
    choice: Choice,
    lang: String,
    store: Option<Store>,
    config: Arc<Config>,
    catalog: Arc<Catalog>,
) -> Outcome {
    let visit_id = uuid::Uuid::new_v4().to_string();
    submit_visit(visit_id, choice, lang, store, config, catalog).await
}

/// [`submit`], recording the walk-in's visit with the id `visit_id` (the
/// app marks it later if the visitor starts the errand meanwhile: see
/// [`Store::record_meanwhile`]).
pub async fn submit_visit(
    visit_id: String,
    choice: Choice,
    lang: String,
    store: Option<Store>,
    config: Arc<Config>,
    catalog: Arc<Catalog>,
) -> Outcome {
    let wait = Duration::from_secs(config.floor.confirm_within_s);
    let deadline = tokio::time::Instant::now() + wait;
    let Some(store) = store else {
        tracing::error!("registration not recorded: no database; the visitor goes to the desk");
        return Outcome::Desk;
    };
    let at_ms = now_ms();
    let registration = walk_in(&choice, at_ms, &config, &catalog);
    let mut visit = Visit::new(purpose_of(&config, Flow::Register, "guide"), &lang);
    visit.id = visit_id;
    visit.at_ms = at_ms;
    visit.errand = choice.errand.clone();
    let client = match hub::Client::new(&config.hub, &config.kiosk.id) {
        Ok(client) => client,
        Err(e) => {
            tracing::error!(error = %e, "hub client cannot be set up");
            None
        }
    };
    let recorded = if config.hub.url.is_some() {
        let r = registration.clone();
        let hold_until = at_ms + (wait + HOLD).as_millis() as i64;
        store
            .enqueue(move |s| s.record_registration(&visit, &r, at_ms, hold_until))
            .boxed()
    } else {
        // Nothing would ever send the registration: the visit only.
        store.enqueue(move |s| s.record_visit(&visit)).boxed()
    };
    let asked = async {
        recorded.await.map_err(NoCode::Store)?;
        let client = client.ok_or(NoCode::NoHub)?;
        client
            .post_registration(&registration)
            .await
            .map_err(NoCode::Hub)
    };
    let id = registration.id.clone();
    let answer = tokio::time::timeout_at(deadline, asked).await;
    match answer {
        Ok(Ok(registered)) => {
            tracing::debug!(step = "registered", ahead = registered.ahead);
            // Behind the record in the queue; the visitor need not wait.
            tokio::spawn(store.enqueue(move |s| s.registration_done(&id)));
            Outcome::Registered(registered)
        }
        Ok(Err(NoCode::Store(e))) => {
            tracing::error!(error = %e, "registration not recorded; the visitor goes to the desk");
            Outcome::Desk
        }
        Ok(Err(NoCode::NoHub)) if config.hub.url.is_none() => {
            tracing::debug!(step = "registered", hub = false);
            Outcome::Desk
        }
        failed => {
            match failed {
                Ok(Err(NoCode::NoHub)) => {
                    tracing::warn!("no hub client; the visitor goes to the desk")
                }
                Ok(Err(NoCode::Hub(e))) => tracing::warn!(
                    error = %e,
                    "no code from the hub; the visitor goes to the desk"
                ),
                _ => tracing::warn!(
                    wait_s = wait.as_secs(),
                    "no code from the hub in time; the visitor goes to the desk"
                ),
            }
            // Sent again with `floor: false`: counted, never on the floor
            // (and taken off it if the first request got there after all).
            let to_desk = store.enqueue(move |s| s.registration_to_desk(&id, now_ms()));
            tokio::spawn(async move {
                if let Err(e) = to_desk.await {
                    tracing::error!(error = %e, "cannot mark the registration for the desk");
                }
                register::wake();
            });
            Outcome::Desk
        }
    }
}

/// Records, for the hub's floor, a check-in that did not reach its
/// officer (the officer is away, or the relay did not accept the arrival
/// mail in time): "Bokad tid: [unit], [officer] nåddes inte". No visitor
/// name. Only with a hub; sent by the outbox at once and until accepted.
pub async fn checkin_unreached(
    store: Store,
    config: Arc<Config>,
    unit: String,
    officer: String,
    reason: Unreached,
) {
    if config.hub.url.is_none() {
        return;
    }
    let at_ms = now_ms();
    let registration = Registration {
        id: uuid::Uuid::new_v4().to_string(),
        at: hub::rfc3339(at_ms),
        kind: RegistrationKind::CheckinUnreached,
        errand: None,
        language: config.kiosk.default_language.clone(),
        needs: Vec::new(),
        zone: None,
        floor: true,
        checkin: Some(CheckinUnreached {
            unit: clean(&unit),
            officer: clean(&officer),
            reason,
        }),
    };
    match store
        .enqueue(move |s| s.queue_registration(&registration, at_ms))
        .await
    {
        Ok(()) => register::wake(),
        Err(e) => tracing::error!(error = %e, "cannot record the unreached check-in for the floor"),
    }
}

/// The walk-in's registration, for the floor (`floor: true`).
fn walk_in(choice: &Choice, at_ms: i64, config: &Config, catalog: &Catalog) -> Registration {
    let mut needs = Vec::new();
    for need in Need::ALL {
        if choice.needs.contains(&need) {
            needs.push(need);
        }
    }
    Registration {
        id: uuid::Uuid::new_v4().to_string(),
        at: hub::rfc3339(at_ms),
        kind: RegistrationKind::WalkIn,
        errand: choice.errand.clone(),
        language: if choice.language.is_empty() {
            config.kiosk.default_language.clone()
        } else {
            choice.language.clone()
        },
        needs,
        zone: choice.zone.as_ref().map(|z| Zone {
            id: z.id.clone(),
            label_sv: clean(&catalog.text("sv", &z.label, None)),
        }),
        floor: true,
        checkin: None,
    }
}

/// A name or label as the hub takes it: no control, bidi or format
/// characters (Fluent's isolation marks among them), at most
/// [`ZONE_LABEL_MAX`] characters.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| !entre_core::text::is_forbidden(c) && !entre_core::text::is_bidi_control(c))
        .take(ZONE_LABEL_MAX)
        .collect::<String>()
        .trim()
        .to_string()
}

/// The id of the (first) purpose with `flow`, for the figures.
fn purpose_of<'a>(config: &'a Config, flow: Flow, default: &'a str) -> &'a str {
    config
        .purposes
        .iter()
        .find(|p| p.flow == flow)
        .map_or(default, |p| p.id.as_str())
}
