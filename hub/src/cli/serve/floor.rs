//! The floor's background work in `serve`:
//! - [`forward`]: every floor change the store reports (this instance's and
//!   every other's on the same database) becomes an [`Event::Floor`] for
//!   the live pages;
//! - [`jobs`]: once a minute, each office with a `close_at` has its open
//!   registrations closed as "not met" once its local time passes
//!   `close_at` (once a day; and at start-up, and when a new day begins,
//!   whatever is left from an earlier day), and registrations older than
//!   `[privacy] floor_retention_days` are deleted (their anonymous facts
//!   kept) at start-up and then hourly.

use std::collections::HashMap;
use std::time::Duration;

use jiff::tz::TimeZone;
use tokio::sync::broadcast::error::RecvError;

use crate::config::HubConfig;
use crate::floor::{close_ms, day_start_ms, local_day};
use crate::state::{AppState, Event, now_ms};
use crate::store::Ms;

/// How often the jobs look at the clock.
const TICK: Duration = Duration::from_secs(60);
/// How often the purge runs (in ticks).
const PURGE_EVERY_TICKS: u32 = 60;
const DAY_MS: Ms = 86_400_000;

/// Forwards the store's floor changes into `state.events`, for as long as
/// the server runs; subscribes again after a failure.
pub async fn forward(state: AppState) {
    let mut failing = false;
    loop {
        match state.store.floor_subscribe().await {
            Ok(mut rx) => loop {
                failing = false;
                match rx.recv().await {
                    Ok(office) => {
                        let _ = state.events.send(Event::Floor { office });
                    }
                    Err(RecvError::Lagged(n)) => {
                        // Some changes were missed: every office redraws.
                        tracing::warn!("floor: {n} change notice(s) missed; every floor redraws");
                        for o in &state.config.offices {
                            let _ = state.events.send(Event::Floor {
                                office: o.id.clone(),
                            });
                        }
                    }
                    Err(RecvError::Closed) => break,
                }
            },
            // Logged when it starts failing, not every 5 s while it does.
            Err(e) if !failing => {
                failing = true;
                tracing::warn!(
                    "floor: cannot follow the floor's changes (trying again every 5 s): {e}"
                );
            }
            Err(_) => {}
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
}

/// What the closing job has done, per office: the local day it last
/// looked at, and the day it last closed at `close_at`.
#[derive(Debug, Default)]
pub struct Closer {
    seen_day: HashMap<String, String>,
    closed_day: HashMap<String, String>,
}

/// Why registrations are closed now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Left open from an earlier day: close those registered before this
    /// (the local midnight that began today).
    EarlierDays(Ms),
    /// Today's `close_at` has passed: close every open one (before now).
    ClosingTime(Ms),
}

impl Due {
    pub fn before(self) -> Ms {
        match self {
            Due::EarlierDays(t) | Due::ClosingTime(t) => t,
        }
    }
}

impl Closer {
    /// What, if anything, to close in `office` at `now`.
    pub fn due(
        &self,
        office: &str,
        close_at: Option<(u8, u8)>,
        now: Ms,
        tz: &TimeZone,
    ) -> Option<Due> {
        let close_at = close_at?;
        let today = local_day(now, tz);
        if now >= close_ms(now, close_at, tz) && self.closed_day.get(office) != Some(&today) {
            Some(Due::ClosingTime(now))
        } else if self.seen_day.get(office) != Some(&today) {
            Some(Due::EarlierDays(day_start_ms(now, tz)))
        } else {
            None
        }
    }

    /// `due` was done (the store said so).
    pub fn done(&mut self, office: &str, due: Due, now: Ms, tz: &TimeZone) {
        let today = local_day(now, tz);
        if let Due::ClosingTime(_) = due {
            self.closed_day.insert(office.to_string(), today.clone());
        }
        self.seen_day.insert(office.to_string(), today);
    }
}

/// Closes what is due in every office of `config`; logs what it closed.
async fn close_due(state: &AppState, closer: &mut Closer, tz: &TimeZone) {
    let config: &HubConfig = &state.config;
    let now = now_ms();
    for office in &config.offices {
        let settings = config.floor_of(&office.id);
        let Some(due) = closer.due(&office.id, settings.close_at, now, tz) else {
            continue;
        };
        match state
            .store
            .floor_close_open(&office.id, due.before(), now)
            .await
        {
            Ok(n) => {
                closer.done(&office.id, due, now, tz);
                if n > 0 {
                    let when = match due {
                        Due::ClosingTime(_) => "closing time",
                        Due::EarlierDays(_) => "left from an earlier day",
                    };
                    tracing::info!(
                        office = %office.id,
                        "floor: {n} open registration(s) closed as not met ({when})"
                    );
                    let _ = state.events.send(Event::Floor {
                        office: office.id.clone(),
                    });
                }
            }
            Err(e) => tracing::warn!(
                office = %office.id,
                "floor: closing open registrations failed (trying again in a minute): {e}"
            ),
        }
    }
}

async fn purge(state: &AppState) -> bool {
    let days = state.config.floor_retention_days as Ms;
    match state.store.floor_purge(now_ms() - days * DAY_MS).await {
        Ok(n) => {
            if n > 0 {
                tracing::info!(
                    "floor: {n} registration(s) older than {days} days deleted ([privacy] floor_retention_days; their anonymous facts kept)"
                );
            }
            true
        }
        Err(e) => {
            tracing::warn!("floor: deleting old registrations failed (trying again): {e}");
            false
        }
    }
}

/// The jobs, for as long as the server runs: at once, then every minute.
pub async fn jobs(state: AppState) {
    let tz = crate::floor::zone(&state.config.timezone);
    let mut closer = Closer::default();
    let mut ticks_to_purge = 0u32;
    let mut interval = tokio::time::interval(TICK);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        close_due(&state, &mut closer, &tz).await;
        if ticks_to_purge == 0 {
            ticks_to_purge = if purge(&state).await {
                PURGE_EVERY_TICKS
            } else {
                1
            };
        }
        ticks_to_purge -= 1;
    }
}

/// Starts both on the current runtime.
pub fn spawn(state: &AppState) {
    tokio::spawn(forward(state.clone()));
    tokio::spawn(jobs(state.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Ms {
        s.parse::<jiff::Timestamp>().unwrap().as_millisecond()
    }

    #[test]
    fn closes_earlier_days_at_start_then_once_at_closing_time() {
        let tz = TimeZone::get("Europe/Stockholm").unwrap();
        let mut c = Closer::default();
        let close = Some((16, 30));
        // 09:00 local (08:00Z): at start-up, what is left from yesterday.
        let morning = at("2026-12-02T08:00:00Z");
        let d = c.due("north", close, morning, &tz).unwrap();
        assert_eq!(d, Due::EarlierDays(at("2026-12-01T23:00:00Z")));
        c.done("north", d, morning, &tz);
        assert_eq!(c.due("north", close, morning + 60_000, &tz), None);
        // No close_at: never.
        assert_eq!(c.due("south", None, morning, &tz), None);
        // 16:29 nothing, 16:30 everything open, then not again today.
        let t = at("2026-12-02T15:29:00Z");
        assert_eq!(c.due("north", close, t, &tz), None);
        let t = at("2026-12-02T15:30:00Z");
        let d = c.due("north", close, t, &tz).unwrap();
        assert_eq!(d, Due::ClosingTime(t));
        // Not done (the store failed): due again the next minute.
        assert!(c.due("north", close, t + 60_000, &tz).is_some());
        c.done("north", d, t, &tz);
        assert_eq!(c.due("north", close, t + 60_000, &tz), None);
        assert_eq!(c.due("north", close, at("2026-12-02T22:59:00Z"), &tz), None);
        // A new day: what a late registration left open is closed.
        let next = at("2026-12-02T23:01:00Z");
        assert_eq!(
            c.due("north", close, next, &tz),
            Some(Due::EarlierDays(at("2026-12-02T23:00:00Z")))
        );
        // Started after closing time: closes everything at once, once.
        let mut late = Closer::default();
        let t = at("2026-12-02T17:00:00Z");
        let d = late.due("north", close, t, &tz).unwrap();
        assert_eq!(d, Due::ClosingTime(t));
        late.done("north", d, t, &tz);
        assert_eq!(late.due("north", close, t + 60_000, &tz), None);
    }
}
