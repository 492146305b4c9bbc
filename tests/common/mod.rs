//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod hub;
pub mod smtp;
pub mod window;

use std::path::Path;
use std::sync::Arc;

use entre::config::Config;
use entre::i18n::Catalog;
use entre::store::Store;
use entre::ui::{App, Message};

pub const DEMO: &str = include_str!("../../kiosk.toml");

pub fn catalog() -> Catalog {
    Catalog::embedded().expect("shipped locales load")
}

/// What the demo config lets through: officer addresses in its `from`
/// domain, links to the bundled default hosts.
pub fn allowed() -> entre_core::Allowed {
    entre_core::Allowed::new(&["demo.example.org"], entre_core::link::DEFAULT_HOSTS)
}

/// The demo config with its relative paths inside `dir`.
pub fn demo_config(dir: &Path) -> Config {
    config_from(DEMO, dir)
}

pub fn config_from(src: &str, dir: &Path) -> Config {
    match entre::config::parse(src, dir, &catalog()) {
        Ok(c) => c,
        Err(problems) => panic!("config invalid: {problems:#?}"),
    }
}

/// Writes `src` as `dir/kiosk.toml` (for the `entre` binary) and returns
/// its path with the config it describes.
pub fn write_config(src: &str, dir: &Path) -> (std::path::PathBuf, Config) {
    let path = dir.join("kiosk.toml");
    std::fs::write(&path, src).unwrap();
    (path, config_from(src, dir))
}

/// The demo kiosk, with a fresh database in `dir`.
pub fn demo_app(dir: &Path) -> App {
    app_for(demo_config(dir))
}

pub fn app_for(config: Config) -> App {
    let store = Store::open(&config.kiosk.database);
    App::new(Arc::new(config), Arc::new(catalog()), store)
}

/// A runtime with two workers for the kiosk's tasks.
pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// An officer address of 255 bytes (one over the limit) in the demo's
/// mail domain: 64 + 1 + 190.
pub fn address_of_255_bytes() -> String {
    let long = format!(
        "{}@{}.{}.{}.demo.example.org",
        "l".repeat(64),
        "a".repeat(63),
        "b".repeat(63),
        "c".repeat(45)
    );
    assert_eq!(long.len(), 255);
    long
}

/// A message as the visitor sees it (Fluent isolation marks included).
pub fn t(lang: &str, id: &str) -> String {
    catalog().text(lang, id, None)
}

type Sim<'a> = iced_test::Simulator<'a, Message>;

thread_local! {
    /// The logical size of the window the simulator lays screens out in.
    static VIEWPORT: std::cell::Cell<(f32, f32)> = const { std::cell::Cell::new((1280.0, 800.0)) };
}

/// Lays out the following screens (of this test thread) at `size`.
pub fn set_viewport(size: (f32, f32)) {
    VIEWPORT.with(|v| v.set(size));
}

pub fn viewport() -> (f32, f32) {
    VIEWPORT.with(|v| v.get())
}

fn simulator(app: &App) -> Sim<'_> {
    iced_test::Simulator::with_size(entre::ui::settings(), viewport(), app.view())
}

/// The bounds of every tappable element on the current screen (each is
/// wrapped in a container with the id `entre::ui::widget::TAP_ID`).
pub fn tappables(app: &App) -> Vec<iced::Rectangle> {
    let found = Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = found.clone();
    let modal = Arc::new(std::sync::Mutex::new(None));
    let modal_sink = modal.clone();
    let tap_id = iced::widget::Id::new(entre::ui::widget::TAP_ID);
    let modal_id = iced::widget::Id::new(entre::ui::widget::MODAL_ID);
    let mut ui = simulator(app);
    let _ = ui.find(move |c: iced_selector::Candidate<'_>| {
        if let iced_selector::Candidate::Container {
            id: Some(id),
            bounds,
            ..
        } = c
        {
            if *id == tap_id {
                sink.lock().unwrap().push(bounds);
            } else if *id == modal_id {
                // Targets found after the dialog's card are on it.
                *modal_sink.lock().unwrap() = Some(sink.lock().unwrap().len());
            }
        }
        None::<()>
    });
    let all = found.lock().unwrap().clone();
    // Under a dialog nothing else can be tapped.
    match *modal.lock().unwrap() {
        Some(first) => all[first..].to_vec(),
        None => all,
    }
}

/// Every text on the current screen with where it is, in tree order.
pub fn texts_with_bounds(app: &App) -> Vec<(iced::Rectangle, String)> {
    let found = Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = found.clone();
    let mut ui = simulator(app);
    let _ = ui.find(move |c: iced_selector::Candidate<'_>| {
        if let iced_selector::Candidate::Text {
            content, bounds, ..
        } = c
        {
            sink.lock().unwrap().push((bounds, content.to_string()));
        }
        None::<()>
    });
    found.lock().unwrap().clone()
}

/// Whether a widget with the id `id` is on the current screen.
pub fn find_id(app: &App, id: &'static str) -> bool {
    simulator(app).find(iced::widget::Id::new(id)).is_ok()
}

/// Taps the widget showing exactly `label`, then feeds the resulting
/// messages to the app, as the runtime would.
pub fn tap(app: &mut App, label: &str) {
    for m in click(app, label) {
        let _ = app.update(m);
    }
}

/// Taps the widget with the id `id` (buttons without text: arrows).
pub fn tap_id(app: &mut App, id: &'static str) {
    for m in click_on(app, iced::widget::Id::new(id)) {
        let _ = app.update(m);
    }
}

/// The messages a press (no release) at `at` produces.
pub fn press_at(app: &App, at: iced::Point) -> Vec<Message> {
    let mut ui = simulator(app);
    ui.point_at(at);
    let _ = ui.simulate([iced::Event::Mouse(iced::mouse::Event::ButtonPressed(
        iced::mouse::Button::Left,
    ))]);
    ui.into_messages().collect()
}

/// The messages a tap on the widget showing exactly `label` produces.
pub fn click(app: &App, label: &str) -> Vec<Message> {
    click_on(app, label)
}

/// The messages a tap on what `selector` finds produces.
fn click_on<S>(app: &App, selector: S) -> Vec<Message>
where
    S: iced_selector::Selector + Send + Clone + std::fmt::Debug,
    S::Output: iced_selector::Bounded + Clone + Send + Sync + 'static,
{
    let mut ui = simulator(app);
    if let Err(e) = ui.click(selector.clone()) {
        panic!("cannot tap {selector:?}: {e:?}");
    }
    let messages: Vec<Message> = ui.into_messages().collect();
    assert!(!messages.is_empty(), "tapping {selector:?} did nothing");
    messages
}

/// Whether the current screen shows exactly `label`.
pub fn shows(app: &App, label: &str) -> bool {
    simulator(app).find(label).is_ok()
}

/// Where the text `label` is drawn.
pub fn bounds(app: &App, label: &str) -> iced::Rectangle {
    simulator(app)
        .find(label)
        .unwrap_or_else(|e| panic!("{label:?} not on screen: {e:?}"))
        .bounds()
}

/// Screens whose snapshot is also committed as a PNG image.
const KEPT_AS_IMAGES: &[&str] = &[
    "guidance-preschool-sv",
    "guidance-preschool-ar",
    "guidance-preschool-ti",
    "access-large-text-errand-sv",
    "access-large-text-errand-fi",
    "access-large-text-errand-ar",
    "errand-confidential-sv",
    "errand-confidential-ar",
    "errand-confidential-ti",
    "errand-confidential-so",
    "errand-long-whole-sv",
    "errand-long-whole-ar",
    "errand-long-whole-ti",
    "errand-long-whole-so",
];

/// Saves a snapshot of the current screen; returns whether it matched the
/// committed baseline (a missing baseline is created).
pub fn snapshot(app: &App, name: &str) -> bool {
    let mut ui = simulator(app);
    let snap = ui.snapshot(&app.theme()).expect("snapshot renders");
    if std::env::var_os("ENTRE_SNAPSHOT_PNG").is_some() {
        let png = format!("tests/snapshots/{name}");
        let _ = std::fs::remove_file(format!("{png}-tiny-skia.png"));
        snap.matches_image(&png).expect("png written");
    }
    // A few screens are kept as pictures too, to be looked at in review.
    if KEPT_AS_IMAGES.contains(&name) {
        let image = format!("tests/snapshots/images/{name}");
        if !snap.matches_image(&image).expect("snapshot image readable") {
            return false;
        }
    }
    snap.matches_hash(format!("tests/snapshots/{name}"))
        .expect("snapshot hash readable")
}

/// Runs what an update asked for (tasks) to the end, feeding every message
/// they produce back into the app, as the runtime would.
pub fn run_tasks(rt: &tokio::runtime::Runtime, app: &mut App, task: iced::Task<Message>) {
    use iced::futures::StreamExt;
    let mut pending = vec![task];
    while let Some(task) = pending.pop() {
        let Some(stream) = iced_runtime::task::into_stream(task) else {
            continue;
        };
        let outputs: Vec<Message> = rt.block_on(async {
            stream
                .filter_map(|action| async move {
                    match action {
                        iced_runtime::Action::Output(m) => Some(m),
                        _ => None,
                    }
                })
                .collect()
                .await
        });
        for m in outputs {
            pending.push(app.update(m));
        }
    }
}

/// [`tap`], then runs the tasks the tap started.
pub fn tap_run(rt: &tokio::runtime::Runtime, app: &mut App, label: &str) {
    for m in click(app, label) {
        let task = app.update(m);
        run_tasks(rt, app, task);
    }
}

/// Where a text reading `label` is drawn, line breaks counted as spaces
/// (right-to-left text mixed with Latin words is broken into lines by the
/// kiosk itself, each line that starts with a Latin word marked RTL with
/// an invisible U+200F; a QR code's host may break after a dot, marked
/// with an invisible U+200B).
pub fn find_flowing(app: &App, label: &str) -> Option<iced::Rectangle> {
    let want: String = label.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut ui = simulator(app);
    ui.find(move |c: iced_selector::Candidate<'_>| match c {
        iced_selector::Candidate::Text {
            content, bounds, ..
        } if content
            .replace(['\u{200f}', '\u{200b}'], "")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            == want =>
        {
            Some(bounds)
        }
        _ => None,
    })
    .ok()
}

/// [`tap`] on a text that the kiosk may have broken into lines.
pub fn tap_flowing(app: &mut App, label: &str) {
    let at = find_flowing(app, label)
        .unwrap_or_else(|| panic!("cannot tap {label:?}: not on screen"))
        .center();
    let messages: Vec<Message> = {
        let mut ui = simulator(app);
        ui.point_at(at);
        let _ = ui.simulate(iced_test::simulator::click());
        ui.into_messages().collect()
    };
    assert!(!messages.is_empty(), "tapping {label:?} did nothing");
    for m in messages {
        let _ = app.update(m);
    }
}

/// Starts a test server (`cmd`, its stderr appended to `log`) and waits
/// for its first stdout line, which `ready` turns into what the caller
/// needs (its ports) or into why it will not do. stdin stays open while
/// the child lives, so that a server run with `--exit-on-stdin-eof` exits
/// if the test process dies without killing it. On failure the child is
/// killed and the error says what happened, with the run's stderr.
pub fn spawn_ready<T>(
    cmd: &mut std::process::Command,
    log: &Path,
    timeout: std::time::Duration,
    ready: impl Fn(&str) -> Result<T, String>,
) -> Result<(std::process::Child, T), String> {
    use std::io::BufRead;
    use std::process::Stdio;
    // stderr goes to a file, not a pipe nobody drains; this run's own part
    // of it starts at `from`.
    let stderr = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|e| format!("open {}: {e}", log.display()))?;
    let from = stderr.metadata().map(|m| m.len()).unwrap_or(0);
    let program = cmd.get_program().to_string_lossy().into_owned();
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("cannot run {program}: {e} (set ENTRE_TEST_PYTHON?)"))?;
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let read = std::io::BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(read.map(|_| line));
    });
    let outcome = match rx.recv_timeout(timeout) {
        Ok(Ok(line)) if line.is_empty() => "exited before READY".to_owned(),
        Ok(Ok(line)) => match ready(line.trim()) {
            Ok(found) => return Ok((child, found)),
            Err(why) => why,
        },
        Ok(Err(e)) => format!("stdout unreadable: {e}"),
        Err(_) => format!("no READY within {timeout:?}"),
    };
    let _ = child.kill();
    let status = child.wait().map(|s| s.to_string()).unwrap_or_default();
    let all = std::fs::read(log).unwrap_or_default();
    let err = String::from_utf8_lossy(all.get(from as usize..).unwrap_or_default());
    Err(format!("{outcome} ({status})\nstderr:\n{err}"))
}

/// Runs `program` with `input` on stdin and returns its output; panics if
/// it cannot start or still runs after `limit`.
pub fn run_with_input<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(
    program: &str,
    args: &[S],
    input: &str,
    limit: std::time::Duration,
) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .expect("write stdin");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("{program} {args:?} still runs after {limit:?}"))
        .expect("wait for the child")
}
