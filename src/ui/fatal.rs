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

fn describe(info: &std::panic::PanicHookInfo<'_>) -> String {
    let payload = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string());
    match info.location() {
        Some(at) => format!("panic at {}:{}: {payload}", at.file(), at.line()),
        None => format!("panic: {payload}"),
    }
}

/// Tells the app about a fatal error (from any thread).
pub fn report(cause: String) {
    if let Ok(guard) = REPORTS.lock()
        && let Some(tx) = guard.as_ref()
    {
        let _ = tx.unbounded_send(cause);
    }
}

/// The stream of fatal errors for the app's subscription (the latest
/// subscriber gets them).
pub fn reports() -> impl Stream<Item = String> {
    let (tx, rx) = mpsc::unbounded();
    if let Ok(mut guard) = REPORTS.lock() {
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
