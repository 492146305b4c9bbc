//! Writes that wait their turn: every write the kiosk makes while it runs
//! (visits, check-ins, survey answers, mail outcomes) goes through one
//! ordered queue. A write that meets a locked database (another process
//! holds the write lock), a full disk or another I/O failure that may
//! pass stays in memory, with every write after it, and is tried again
//! until it goes through; meanwhile the visitor goes on. The log says so
//! once when writes start to wait, and once when they are all in.
//!
//! What cannot heal fails at once: a corrupt file, or any other error. A
//! database that stays unwritable for the give-up time (`[kiosk]
//! store_give_up_s`) fails the write that waits and every write after it:
//! the kiosk then goes out of order, and its restart tries again.
//!
//! How: [`Store::enqueue`] takes a ticket and puts the write at the end of
//! the queue at once (in `update`, so the order is the order of taps);
//! the future it returns writes the queue from the front, one writer at a
//! time, until its own write is done. Whichever future runs first writes
//! the ones before it too.

use std::any::Any;
use std::collections::VecDeque;
use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::{Store, StoreError};

/// How long a database that cannot be written is tried before the kiosk
/// gives up (`[kiosk] store_give_up_s`).
pub const GIVE_UP: Duration = Duration::from_secs(120);
/// The pause between two tries of a write that waits.
const RETRY: Duration = Duration::from_millis(250);

type Value = Box<dyn Any + Send>;
type Run = Box<dyn FnMut(&Store) -> Result<Value, StoreError> + Send>;
type Reply = tokio::sync::oneshot::Sender<Result<Value, StoreError>>;

struct Write {
    ticket: u64,
    run: Run,
    reply: Reply,
}

pub(super) struct Queue {
    state: Mutex<State>,
    /// One writer at a time, in the order they asked.
    writer: tokio::sync::Mutex<()>,
}

struct State {
    /// The ticket the next write gets.
    next: u64,
    /// Every write with a ticket below this is settled.
    done: u64,
    pending: VecDeque<Write>,
    /// Since when writes wait (the start of the first try that failed).
    waiting_since: Option<Instant>,
    /// Writes that went through while others waited.
    waited: usize,
    /// Set once the database was given up: every write fails with it.
    given_up: Option<(rusqlite::ffi::Error, String)>,
    give_up: Duration,
}

impl Queue {
    pub(super) fn new() -> Self {
        Queue {
            state: Mutex::new(State {
                next: 0,
                done: 0,
                pending: VecDeque::new(),
                waiting_since: None,
                waited: 0,
                given_up: None,
                give_up: GIVE_UP,
            }),
            writer: tokio::sync::Mutex::new(()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic elsewhere leaves the state consistent (it is changed in
        // whole steps): go on with it.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl StoreError {
    /// Whether the error may pass by itself: a database locked by another
    /// process, a full disk, an I/O failure, a file system gone read-only.
    pub fn is_transient(&self) -> bool {
        use rusqlite::ErrorCode as C;
        match self {
            StoreError::Sqlite {
                error: rusqlite::Error::SqliteFailure(e, _),
                ..
            } => matches!(
                e.code,
                C::DatabaseBusy
                    | C::DatabaseLocked
                    | C::DiskFull
                    | C::SystemIoFailure
                    | C::ReadOnly
                    | C::CannotOpen
            ),
            _ => false,
        }
    }
}

impl Store {
    /// How long writes may wait for an unwritable database before they
    /// fail (default [`GIVE_UP`]).
    pub fn set_give_up(&self, after: Duration) {
        self.queue.state().give_up = after;
    }

    /// Writes that wait in memory because the database cannot be written
    /// now (0 while it can).
    pub fn writes_waiting(&self) -> usize {
        let state = self.queue.state();
        if state.waiting_since.is_some() {
            // The one being tried is out of the queue meanwhile.
            state.pending.len().max(1)
        } else {
            0
        }
    }

    /// Queues the write `f` behind every write queued before it and returns
    /// a future that ends when it is done: `f`'s value, or why it failed
    /// for good. `f` is tried again (on a blocking thread) for as long as
    /// its error [`is_transient`](StoreError::is_transient), up to the
    /// give-up time. The write is queued now, even if the future is polled
    /// only later.
    pub fn enqueue<T: Send + 'static>(
        &self,
        mut f: impl FnMut(&Store) -> Result<T, StoreError> + Send + 'static,
    ) -> impl Future<Output = Result<T, StoreError>> + Send + 'static {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let ticket = {
            let mut state = self.queue.state();
            let ticket = state.next;
            state.next += 1;
            state.pending.push_back(Write {
                ticket,
                run: Box::new(move |s| f(s).map(|v| Box::new(v) as Value)),
                reply,
            });
            ticket
        };
        let store = self.clone();
        async move {
            store.write_through(ticket).await;
            match answer.await {
                Ok(Ok(value)) => Ok(*value.downcast::<T>().expect("the write's own type")),
                Ok(Err(e)) => Err(e),
                // The write panicked.
                Err(_) => Err(StoreError::Poisoned),
            }
        }
    }

    /// Writes the queue from its front until `ticket` is settled.
    async fn write_through(&self, ticket: u64) {
        let queue = &self.queue;
        let _turn = queue.writer.lock().await;
        loop {
            let (mut write, given_up) = {
                let mut state = queue.state();
                if state.done > ticket {
                    return;
                }
                let Some(write) = state.pending.pop_front() else {
                    return;
                };
                (write, state.given_up.clone())
            };
            let ticket_here = write.ticket;
            if given_up.is_some() {
                let _ = write.reply.send(Err(self.unwritable()));
                queue.state().done = ticket_here + 1;
                continue;
            }
            let started = Instant::now();
            let store = self.clone();
            let tried = tokio::task::spawn_blocking(move || {
                let result = (write.run)(&store);
                (write, result)
            })
            .await;
            let Ok((write, result)) = tried else {
                // The write panicked: its reply is gone with it.
                queue.state().done = ticket_here + 1;
                continue;
            };
            match result {
                Err(e) if e.is_transient() => {
                    if let Some(write) = self.wait_or_give_up(write, e, started) {
                        let _ = write.reply.send(Err(self.unwritable()));
                    } else {
                        tokio::time::sleep(RETRY).await;
                    }
                }
                result => {
                    let mut state = queue.state();
                    state.done = ticket_here + 1;
                    if let Some(since) = state.waiting_since {
                        state.waited += 1;
                        if state.pending.is_empty() {
                            tracing::info!(
                                written = state.waited,
                                waited_s = since.elapsed().as_secs(),
                                "database written again: every visit that waited is in"
                            );
                            state.waiting_since = None;
                            state.waited = 0;
                        }
                    }
                    drop(state);
                    let _ = write.reply.send(result);
                }
            }
        }
    }

    /// A write failed with `error`, which may pass: puts it back at the
    /// front of the queue (logged once, when writes start to wait), or,
    /// when the database has been unwritable for the give-up time, gives
    /// the database up and hands the write back to be failed.
    fn wait_or_give_up(&self, write: Write, error: StoreError, started: Instant) -> Option<Write> {
        let mut state = self.queue.state();
        let since = *state.waiting_since.get_or_insert_with(|| {
            tracing::warn!(
                error = %error,
                "database cannot be written now: visits wait in memory, in order, \
                 and are written when it can be"
            );
            started
        });
        if since.elapsed() < state.give_up {
            state.pending.push_front(write);
            return None;
        }
        let StoreError::Sqlite {
            error: rusqlite::Error::SqliteFailure(code, _),
            ..
        } = error
        else {
            unreachable!("only SQLite errors are transient");
        };
        let cause = format!(
            "still unwritable after {} s: {error}",
            since.elapsed().as_secs()
        );
        tracing::error!(
            waiting = state.pending.len() + 1,
            "database given up: {cause}"
        );
        state.given_up = Some((code, cause));
        state.done = write.ticket + 1;
        Some(write)
    }

    /// The error of every write once the database was given up.
    fn unwritable(&self) -> StoreError {
        let (code, cause) = self.queue.state().given_up.clone().expect("given up");
        StoreError::Sqlite {
            path: self.path.clone(),
            error: rusqlite::Error::SqliteFailure(code, Some(cause)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Visit;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    /// What the code under `f` logs, one line per event.
    fn logged(f: impl FnOnce()) -> String {
        #[derive(Clone, Default)]
        struct Sink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
        impl std::io::Write for Sink {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let sink = Sink::default();
        let make = sink.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || make.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, f);
        String::from_utf8(sink.0.lock().unwrap().clone()).unwrap()
    }

    /// A full disk, made real: SQLite's page limit set to the pages the
    /// file has gives SQLITE_FULL on the next write that needs a page.
    #[test]
    fn a_full_database_keeps_visits_in_memory_in_order_and_writes_them_when_there_is_room() {
        // On this thread, so that what the queue logs is seen.
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let log = logged(|| full_disk_heals(&rt));
        let lines = |what: &str| log.lines().filter(|l| l.contains(what)).count();
        assert_eq!(
            lines("WARN"),
            1,
            "said once when visits start to wait:\n{log}"
        );
        assert_eq!(lines("database cannot be written now"), 1, "{log}");
        assert_eq!(lines("INFO"), 1, "and once when they are in:\n{log}");
        assert_eq!(lines("every visit that waited is in"), 1, "{log}");
    }

    fn full_disk_heals(rt: &tokio::runtime::Runtime) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("e.sqlite")).unwrap();
        let pages: i64 = store
            .read(|c| c.query_row("PRAGMA page_count", [], |r| r.get(0)))
            .unwrap();
        store
            .read(|c| c.execute_batch(&format!("PRAGMA max_page_count = {pages}")))
            .unwrap();
        let visits: Vec<Visit> = (0..40)
            .map(|i| {
                let mut v = Visit::new("errand", "sv");
                // Long enough to need new pages quickly.
                v.errand = Some(format!("{i:03}-{}", "x".repeat(900)));
                v
            })
            .collect();
        let writes: Vec<_> = visits
            .iter()
            .cloned()
            .map(|v| store.enqueue(move |s| s.record_visit(&v)))
            .collect();
        let handles: Vec<_> = writes.into_iter().map(|w| rt.spawn(w)).collect();
        let deadline = Instant::now() + Duration::from_secs(30);
        while store.writes_waiting() == 0 {
            assert!(Instant::now() < deadline, "the disk is full: writes wait");
            rt.block_on(async { tokio::time::sleep(Duration::from_millis(20)).await });
        }
        assert!(store.visit_count().unwrap() < 40);
        assert!(handles.iter().any(|h| !h.is_finished()));
        // Room again.
        store
            .read(|c| c.execute_batch("PRAGMA max_page_count = 1073741823"))
            .unwrap();
        for h in handles {
            rt.block_on(h).unwrap().expect("written once there is room");
        }
        assert_eq!(store.writes_waiting(), 0);
        let order: Vec<String> = store
            .read(|c| {
                let mut stmt = c.prepare("SELECT errand FROM visit ORDER BY rowid")?;
                stmt.query_map([], |r| r.get(0))?.collect()
            })
            .unwrap();
        let want: Vec<String> = visits.iter().map(|v| v.errand.clone().unwrap()).collect();
        assert_eq!(order, want, "in the order they were made");
    }

    #[test]
    fn what_cannot_heal_fails_at_once_and_the_rest_goes_on() {
        let rt = runtime();
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("e.sqlite")).unwrap();
        let v = Visit::new("errand", "sv");
        let (a, b) = (v.clone(), v.clone());
        let first = store.enqueue(move |s| s.record_visit(&a));
        // The same id again: a constraint error, not something to wait for.
        let twice = store.enqueue(move |s| s.record_visit(&b));
        let other = Visit::new("errand", "sv");
        let third = store.enqueue(move |s| s.record_visit(&other));
        rt.block_on(first).unwrap();
        let e = rt.block_on(twice).expect_err("refused");
        assert!(!e.is_transient(), "{e}");
        rt.block_on(third).unwrap();
        assert_eq!(store.visit_count().unwrap(), 2);
    }
}
