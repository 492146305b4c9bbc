//! Registrations to the hub's floor (`POST …/registrations`,
//! docs/hub-protocol.md, Registrations): the request [`crate::floor::submit`]
//! waits for, and the outbox's part of a sync round, which sends what is
//! left in the kiosk's `registration` table:
//!
//! - a walk-in always with `floor: false` (its visitor was sent to the
//!   desk, or the kiosk died before it could ask): counted by the hub,
//!   never shown on its floor;
//! - a check-in that did not reach its officer with `floor: true`: the
//!   desk is not surprised.
//!
//! `400` and `413` are logged once and the row is dropped; a hub without
//! the endpoint (`404`, `405`) gets the rows again later, slower and
//! slower, without holding up the round; any other failure stops the round
//! like a failed batch of visits.

use std::sync::LazyLock;
use std::time::Duration;

use entre_core::protocol::{self, Registered, Registration, RegistrationKind};
use tokio::sync::Notify;

use super::{Client, HubError, JSON, REPLY_MAX, Round, Sync, blocking};
use crate::store::now_ms;

/// Registrations sent per round at most (the rest next round).
const PER_ROUND: usize = 100;
/// The longest a hub without the endpoint makes a row wait.
const MAX_DEFER: Duration = Duration::from_secs(60 * 60);

/// Wakes the sync loop: a check-in that did not reach its officer, or a
/// visitor just sent to the desk, goes out now rather than next round.
static WAKE: LazyLock<Notify> = LazyLock::new(Notify::new);

/// Asks the running sync loop to send the registrations now.
pub fn wake() {
    WAKE.notify_one();
}

/// Waits for [`wake`].
pub(super) async fn woken() {
    WAKE.notified().await;
}

impl Client {
    /// Sends one registration; the hub's answer, whose code is checked
    /// ([`protocol::is_code`]): an answer that is not one is an error.
    pub async fn post_registration(
        &self,
        registration: &Registration,
    ) -> Result<Registered, HubError> {
        let body = serde_json::to_string(registration)
            .map_err(|e| HubError::Setup(format!("cannot write the registration: {e}")))?;
        let request = self
            .http
            .post(format!("{}/registrations", self.base))
            .header(reqwest::header::CONTENT_TYPE, JSON)
            .body(body);
        let (_, _, reply) = self.send(request, REPLY_MAX).await?;
        let answer = serde_json::from_slice::<Registered>(&reply).map_err(|e| {
            let e = crate::quote::cut(&e.to_string());
            HubError::Reply(format!(
                "expected {{\"code\", \"ahead\", \"wait_min\"}}: {e}"
            ))
        })?;
        if !protocol::is_code(&answer.code) {
            return Err(HubError::Reply(format!(
                "{} is not a registration code",
                entre_core::text::quote(&crate::quote::cut(&answer.code))
            )));
        }
        Ok(answer)
    }
}

impl Sync {
    /// Sends every registration due now, oldest first (see the module).
    pub(super) async fn send_registrations(&mut self, round: &mut Round) -> Result<(), HubError> {
        let store = self.store.clone();
        let due = blocking(move || store.due_registrations(now_ms(), PER_ROUND)).await?;
        for pending in due {
            let mut registration = pending.registration;
            if registration.kind == RegistrationKind::WalkIn {
                // Never true from the outbox: the visitor was told to go
                // to the desk (or never saw a code).
                registration.floor = false;
            }
            let id = registration.id.clone();
            let shown = entre_core::text::quote(&id);
            match self.client.post_registration(&registration).await {
                // Whatever the answer says (the hub has it): a 200 is enough.
                Ok(_) | Err(HubError::Reply(_)) => {
                    round.registrations_sent += 1;
                }
                Err(HubError::Status(status @ (400 | 413))) => {
                    tracing::warn!(
                        registration = %shown,
                        status,
                        "the hub refused a registration; it is not sent again"
                    );
                    round.registrations_refused += 1;
                }
                Err(HubError::Status(status @ (404 | 405))) => {
                    let wait = self
                        .every()
                        .saturating_mul(1 << pending.attempts.clamp(0, 6))
                        .min(MAX_DEFER);
                    let next = now_ms() + wait.as_millis() as i64;
                    let error = format!("the hub has no registrations endpoint ({status})");
                    if pending.attempts == 0 {
                        tracing::warn!(registration = %shown, status, wait_s = wait.as_secs(), "{error}; sent again later");
                    }
                    let store = self.store.clone();
                    blocking(move || store.registration_failed(&id, &error, next)).await?;
                    continue;
                }
                Err(e) => {
                    let error = e.to_string();
                    let store = self.store.clone();
                    // Due again at once: the round's own wait applies.
                    blocking(move || store.registration_failed(&id, &error, 0)).await?;
                    return Err(e);
                }
            }
            let store = self.store.clone();
            blocking(move || store.registration_done(&id)).await?;
        }
        Ok(())
    }
}
