//! The outbox worker: sends pending mail with exponential backoff and
//! jitter until the relay accepts it, or gives up after `give_up_after_h`.
//!
//! A mail is in the outbox before a send starts, and is marked sent only
//! after the relay accepted it: a crash at the wrong moment can send a
//! mail twice (with the same Message-ID), never zero times. (One exception:
//! a check-in whose outbox row waits in memory for a locked or full
//! database is sent from memory, and recorded once the row is in; see
//! [`Outbox::deliver_checkin`].)
//!
//! A sender leases a mail before it sends it; the lease names the process
//! (`store::lease`). Another sender takes it over only once it expires,
//! or at its start when the holder provably died. A send that outlasts
//! the visitor's wait is never dropped: it ends in the background and is
//! recorded then, so that a relay that accepted it is not sent it again.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, oneshot};

use super::mail::{MailError, Outgoing, Sender};
use crate::store::{MailState, PendingMail, Store, StoreError, now_ms};

/// How long a sender holds a mail before others may try it.
const LEASE: Duration = Duration::from_secs(120);
/// First retry after about this long…
const FIRST_RETRY: Duration = Duration::from_secs(2);
/// …doubling up to this.
const MAX_RETRY: Duration = Duration::from_secs(300);
/// The worker looks at the outbox at least this often.
const IDLE_POLL: Duration = Duration::from_secs(30);
/// How long a check-in's mail waits for its outbox row before it is sent
/// from memory (the row is written in milliseconds unless the database is
/// locked or full).
const ROW_WAIT: Duration = Duration::from_secs(1);

/// Delay before attempt number `attempts + 1`, with 50–100 % jitter.
pub fn backoff(attempts: i64) -> Duration {
    backoff_from(FIRST_RETRY, MAX_RETRY, attempts)
}

/// `first`, doubling with each attempt after the first up to `max`, each
/// wait 50–100 % of that so that retries spread out.
pub fn backoff_from(first: Duration, max: Duration, attempts: i64) -> Duration {
    let exp = attempts.clamp(1, 20) as u32 - 1;
    let base = first.saturating_mul(2u32.saturating_pow(exp)).min(max);
    base.mul_f64(0.5 + fastrand::f64() * 0.5)
}

/// How one attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Settled {
    Sent,
    Failed,
    GaveUp,
}

/// What one pass over the outbox did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub sent: usize,
    pub failed: usize,
    pub gave_up: usize,
}

#[derive(Debug, Clone)]
pub struct Outbox {
    store: Store,
    sender: Sender,
    give_up_after: Duration,
    wake: Arc<Notify>,
}

/// Runs a store call off the async threads.
pub(super) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or(Err(StoreError::Poisoned))
}

impl Outbox {
    pub fn new(store: Store, sender: Sender, give_up_after: Duration) -> Self {
        Outbox {
            store,
            sender,
            give_up_after,
            wake: Arc::new(Notify::new()),
        }
    }

    /// At process start: mail left mid-send by a process that died, and
    /// mail waiting for a retry, is due again now. Leases of running
    /// processes (the kiosk beside `entre sync --once`) stay theirs.
    pub fn recover(&self) -> Result<(), StoreError> {
        let n = self.store.release_dead_leases(now_ms())?;
        if n > 0 {
            tracing::info!(
                mail = n,
                "undelivered mail from before the start is due again"
            );
        }
        Ok(())
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The lease a new check-in mail starts with: its own first attempt
    /// runs under it, and the worker leaves it alone until it ends.
    pub fn first_lease_until() -> i64 {
        now_ms() + LEASE.as_millis() as i64
    }

    /// Sends the mail `id` now (it must be leased by the caller), waiting at
    /// most `wait`. True when the relay accepted it within that time. A
    /// send still going on then goes on in the background and is recorded
    /// when it ends; a failure leaves the mail queued for the worker.
    pub async fn deliver_now(&self, id: i64, wait: Duration) -> bool {
        let store = self.store.clone();
        let Ok(Some((pending, MailState::Pending))) = blocking(move || store.mail(id)).await else {
            return false;
        };
        let row = async move { Ok::<i64, String>(id) };
        let (created_ms, attempts) = (pending.created_ms, pending.attempts);
        self.deliver(row, pending.mail, created_ms, attempts, wait)
            .await
    }

    /// Sends a check-in's mail while its outbox row is being written
    /// (`row`: the [`Store::enqueue`] of `Store::record_checkin`, which
    /// leases the mail to this process), waiting at most `wait` for the
    /// relay. True when the relay accepted it within that time.
    ///
    /// The row comes first when it is written within a second, as always.
    /// When the database is locked or full it waits in memory: the mail's
    /// bytes are built, so they are sent now, and the outcome is recorded
    /// once the row is in (the lease keeps every other sender away).
    pub async fn deliver_checkin(
        &self,
        row: impl Future<Output = Result<i64, String>> + Send + 'static,
        mail: Outgoing,
        wait: Duration,
    ) -> bool {
        self.deliver(row, mail, now_ms(), 0, wait).await
    }

    /// Sends `mail` in a task of its own, records the outcome under the
    /// outbox row `row` resolves to, and says within `wait` whether the
    /// relay accepted it.
    async fn deliver(
        &self,
        row: impl Future<Output = Result<i64, String>> + Send + 'static,
        mail: Outgoing,
        created_ms: i64,
        attempts: i64,
        wait: Duration,
    ) -> bool {
        let (answer, accepted) = oneshot::channel();
        let this = self.clone();
        tokio::spawn(async move {
            let mut row = tokio::spawn(row);
            let early = tokio::time::timeout(ROW_WAIT.min(wait / 2), &mut row).await;
            let id = match early {
                Ok(Ok(Ok(id))) => Some(id),
                // The row cannot be written: the kiosk goes out of order.
                Ok(_) => {
                    let _ = answer.send(false);
                    return;
                }
                Err(_) => {
                    tracing::info!(
                        "the check-in's outbox row waits for the database: its mail is sent from memory"
                    );
                    None
                }
            };
            let result = this.sender.send(&mail).await;
            let sent = result.is_ok();
            // A visitor told "reached" as soon as the relay said so; a
            // failure is recorded first (the visitor is told either way).
            let mut answer = Some(answer);
            if sent && let Some(answer) = answer.take() {
                let _ = answer.send(true);
            }
            let id = match id {
                Some(id) => Some(id),
                None => match row.await {
                    Ok(Ok(id)) => Some(id),
                    _ => None,
                },
            };
            match id {
                Some(id) => {
                    let store = this.store.clone();
                    let _ = store.enqueue(move |s| s.count_attempt(id)).await;
                    let pending = PendingMail {
                        id,
                        mail,
                        attempts,
                        created_ms,
                    };
                    this.settle(&pending, result).await;
                }
                None => tracing::error!(
                    sent,
                    "a check-in's mail cannot be recorded: its outbox row was not written"
                ),
            }
            if let Some(answer) = answer {
                let _ = answer.send(false);
            }
            // Whatever happened, the worker takes over from here.
            this.wake.notify_one();
        });
        matches!(tokio::time::timeout(wait, accepted).await, Ok(Ok(true)))
    }

    /// Records the outcome of an attempt and says what it was.
    async fn settle(&self, pending: &PendingMail, result: Result<(), MailError>) -> Settled {
        let store = self.store.clone();
        let id = pending.id;
        let attempts = pending.attempts + 1;
        let give_up_at = pending.created_ms + self.give_up_after.as_millis() as i64;
        let (settled, recorded) = match result {
            Ok(()) => {
                tracing::info!(outbox = id, attempts, "mail delivered");
                let r = store.enqueue(move |s| s.mark_sent(id, now_ms())).await;
                (Settled::Sent, r)
            }
            Err(e) => {
                let error = e.to_string();
                let now = now_ms();
                if now >= give_up_at {
                    tracing::error!(outbox = id, attempts, error, "mail given up");
                    let r = store
                        .enqueue(move |s| s.mark_gave_up(id, &error, now))
                        .await;
                    (Settled::GaveUp, r)
                } else {
                    let next = now + backoff(attempts).as_millis() as i64;
                    tracing::warn!(
                        outbox = id,
                        attempts,
                        error,
                        "mail not delivered; will retry"
                    );
                    let r = store
                        .enqueue(move |s| s.mark_failed(id, &error, next))
                        .await;
                    (Settled::Failed, r)
                }
            }
        };
        if let Err(e) = recorded {
            tracing::error!(outbox = id, error = %e, "cannot record mail delivery");
        }
        settled
    }

    /// One pass: every due mail gets one attempt.
    pub async fn run_once(&self) -> Result<Report, StoreError> {
        let mut report = Report::default();
        loop {
            let store = self.store.clone();
            let due = blocking(move || store.due_mail(now_ms(), 50)).await?;
            if due.is_empty() {
                return Ok(report);
            }
            for pending in due {
                let id = pending.id;
                // In the write queue: under a locked database the pass
                // waits, like the visits.
                let leased = self.store.enqueue(move |s| {
                    let now = now_ms();
                    s.lease_mail(id, now, now + LEASE.as_millis() as i64)
                });
                if !leased.await? {
                    continue;
                }
                let result = self.sender.send(&pending.mail).await;
                match self.settle(&pending, result).await {
                    Settled::Sent => report.sent += 1,
                    Settled::Failed => report.failed += 1,
                    Settled::GaveUp => report.gave_up += 1,
                }
            }
        }
    }

    /// Runs for as long as the kiosk does.
    pub async fn run_forever(self) {
        loop {
            if let Err(e) = self.run_once().await {
                tracing::error!(error = %e, "outbox pass failed");
            }
            let store = self.store.clone();
            let next = blocking(move || store.next_mail_due()).await.ok().flatten();
            let wait = next
                .map(|due| Duration::from_millis((due - now_ms()).max(0) as u64))
                .unwrap_or(IDLE_POLL)
                .min(IDLE_POLL);
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = self.wake.notified() => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_starts_within_seconds_and_is_capped() {
        for _ in 0..100 {
            let first = backoff(1);
            assert!(first >= Duration::from_secs(1) && first <= Duration::from_secs(2));
            let late = backoff(50);
            assert!(late >= MAX_RETRY / 2 && late <= MAX_RETRY);
        }
        assert!(backoff(4) > backoff(1));
    }
}
