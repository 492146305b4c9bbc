//! Fatal errors after start: a panic anywhere (in a task, on a blocking
//! thread) is logged and reported to the app, which shows the out-of-order
//! screen and, after `[kiosk] restart_after_s`, exits with
//! [`EXIT_FATAL`] so that the service manager restarts the kiosk. Nothing
//! of it reaches the screen but the out-of-order message.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU8, Ordering};

use iced::futures::channel::mpsc;
use iced::futures::{Stream, StreamExt};

/// The exit status after a fatal error (EX_SOFTWARE).
pub const EXIT_FATAL: u8 = 70;

/// Where the panic hook reports to: the app's subscription.
static REPORTS: Mutex<Option<mpsc::UnboundedSender<String>>> = Mutex::new(None);
/// The status the process should exit with when the window closes.
static EXIT_STATUS: AtomicU8 = AtomicU8::new(0);

/// Installs the panic hook: the panic is logged (with where it happened;
/// to stderr, i.e. the journal, never the screen) and reported to the app.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default(info);
        let cause = describe(info);
        tracing::error!(%cause, "panic");
        report(cause);
    }));
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string())
}

/// The cause of a panic caught by `catch_unwind` (the hook has logged
/// where it happened).
pub fn cause_of(payload: &(dyn std::any::Any + Send)) -> String {
    format!("panic on the main thread: {}", payload_text(payload))
}

/// Test builds only (cargo feature `test-panic`, enabled for the tests by
/// the dev-dependency on this package): panics in `place` ("update" or
/// "view") while `ENTRE_TEST_PANIC` names it and the kiosk is not yet out
/// of order, so that tests/fatal.rs can check a main-thread panic on the
/// real binary. A shipped build has no such code.
#[cfg(feature = "test-panic")]
pub fn test_panic(place: &str, fatal: bool) {
    if !fatal && std::env::var("ENTRE_TEST_PANIC").is_ok_and(|p| p == place) {
        panic!("deliberate panic in {place} (ENTRE_TEST_PANIC)");
    }
}

fn describe(info: &std::panic::PanicHookInfo<'_>) -> String {
    let payload = payload_text(info.payload());
    match info.location() {
        Some(at) => format!("panic at {}:{}: {payload}", at.file(), at.line()),
        None => format!("panic: {payload}"),
    }
}

/// Reports made before the app subscribed (a panic in the first frame).
static EARLY: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Tells the app about a fatal error (from any thread).
pub fn report(cause: String) {
    if let Ok(guard) = REPORTS.lock() {
        match guard.as_ref() {
            Some(tx) => {
                let _ = tx.unbounded_send(cause);
            }
            None => {
                if let Ok(mut early) = EARLY.lock() {
                    early.push(cause);
                }
            }
        }
    }
}

/// The stream of fatal errors for the app's subscription (the latest
/// subscriber gets them).
pub fn reports() -> impl Stream<Item = String> {
    let (tx, rx) = mpsc::unbounded();
    if let Ok(mut guard) = REPORTS.lock() {
        if let Ok(mut early) = EARLY.lock() {
            for cause in early.drain(..) {
                let _ = tx.unbounded_send(cause);
            }
        }
        *guard = Some(tx);
    }
    rx.boxed()
}

/// Sets the status the process exits with once the window has closed.
pub fn set_exit_status(status: u8) {
    EXIT_STATUS.store(status, Ordering::SeqCst);
}

pub fn exit_status() -> u8 {
    EXIT_STATUS.load(Ordering::SeqCst)
}
