//! Read aloud (EN 301 549 5.1.3, closed functionality): the current screen's
//! text spoken in the visitor's language by the system speech synthesiser
//! (espeak-ng, `[speech]` in kiosk.toml).
//!
//! - [`Voices`] says which languages have a voice of their own. A language
//!   without one gets none, never another language's voice (espeak-ng has
//!   Amharic, not Tigrinya): the UI hides the speaker button for it.
//! - [`Speaker`] runs one synthesiser process at a time: a new [`Speaker::speak`]
//!   or a [`Speaker::stop`] kills the one speaking, and every process it
//!   started is reaped, so a kiosk that runs for months collects no zombies.
//! - [`synthesise_wav`] writes the same speech to a WAV file instead of the
//!   sound card (tests, IT).
//!
//! The text goes to the synthesiser on stdin (`--stdin`), never on its command
//! line, and never into the log: a screen may show a visitor's name. The log
//! gets the voice and the length only.
//!
//! Plain Rust: no iced here.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{oneshot, watch};

use crate::config::Speech;

/// The most characters handed to the synthesiser at once; a screen's text is
/// far shorter, and a runaway text must not keep the kiosk talking.
pub const MAX_CHARS: usize = 4000;

/// How long `<command> --voices` may take before it is given up.
const VOICES_TIMEOUT: Duration = Duration::from_secs(10);

/// How much of the synthesiser's stderr is kept for the log.
const STDERR_KEEP: usize = 4096;

/// The environment a synthesiser process gets, from the kiosk's own: the
/// search path, home and locale, and what espeak-ng and the sound stack
/// under it (ALSA directly, or PulseAudio or PipeWire where a kiosk has
/// them) read. Nothing else: the kiosk's environment may hold the hub
/// token (`ENTRE_HUB_TOKEN`) and the SMTP password (`ENTRE_SMTP_PASSWORD`).
pub const CHILD_ENV: &[&str] = &[
    "PATH",
    "HOME",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "XDG_RUNTIME_DIR",
    "ESPEAK_DATA_PATH",
    "ALSA_CONFIG_PATH",
    "ALSA_CARD",
    "ALSA_PCM_CARD",
    "ALSA_PCM_DEVICE",
    "PULSE_SERVER",
    "PULSE_RUNTIME_PATH",
    "PULSE_COOKIE",
    "PIPEWIRE_RUNTIME_DIR",
    "PIPEWIRE_REMOTE",
];

/// `program` as a child process with a cleared environment plus
/// [`CHILD_ENV`]. Every process the kiosk starts goes through here.
pub fn child_command(program: &str) -> Command {
    let mut command = Command::new(program);
    command.env_clear().envs(
        CHILD_ENV
            .iter()
            .filter_map(|key| std::env::var_os(key).map(|value| (key, value))),
    );
    command
}

/// Which languages the synthesiser has a voice for, and which voice.
///
/// Keys are lower-case language tags as espeak-ng writes them (`sv`, `en`,
/// `en-gb`, `ar`, …); our two-letter codes look up directly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Voices {
    by_lang: HashMap<String, String>,
}

impl Voices {
    /// Runs `<command> --voices` once (blocking: call it at start-up, or in a
    /// blocking task) and reads its table. Empty, with the reason in the log,
    /// when speech is disabled or the program is missing or fails.
    pub fn detect(speech: &Speech) -> Voices {
        if !speech.enabled {
            tracing::info!("read aloud: disabled in [speech]");
            return Voices::default();
        }
        match run_voices(&speech.command) {
            Ok(table) => {
                let voices = Voices::parse(&table);
                if voices.is_empty() {
                    tracing::warn!(
                        command = %speech.command,
                        "read aloud: `--voices` listed no voices; the speaker button stays hidden"
                    );
                } else {
                    tracing::debug!(languages = voices.by_lang.len(), "read aloud: voices found");
                }
                voices
            }
            Err(e) => {
                tracing::warn!(
                    command = %speech.command,
                    error = %e,
                    "read aloud: cannot list the synthesiser's voices (is espeak-ng installed?); \
                     the speaker button stays hidden"
                );
                Voices::default()
            }
        }
    }

    /// Reads the table `espeak-ng --voices` prints:
    ///
    /// ```text
    /// Pty Language       Age/Gender VoiceName          File                 Other Languages
    ///  2  en-gb           --/M      English_(Great_Britain) gmw/en               (en 2)
    /// ```
    ///
    /// A voice serves its Language with priority Pty, and each language in
    /// "Other Languages" with the priority given there; a language gets the
    /// voice with the lowest priority number (the first listed on a tie), the
    /// way espeak-ng itself chooses. MBROLA voices (`mb/…`, which need the
    /// separate mbrola program) and variants are left out.
    pub fn parse(table: &str) -> Voices {
        // language -> (priority, voice)
        let mut best: HashMap<String, (u32, String)> = HashMap::new();
        let mut offer = |lang: &str, pty: u32, voice: &str| {
            let lang = lang.to_ascii_lowercase();
            match best.get(&lang) {
                Some((p, _)) if *p <= pty => {}
                _ => {
                    best.insert(lang, (pty, voice.to_owned()));
                }
            }
        };
        for line in table.lines() {
            let mut cols = line.split_whitespace();
            let (Some(pty), Some(lang), Some(_age), Some(_name), Some(file)) = (
                cols.next(),
                cols.next(),
                cols.next(),
                cols.next(),
                cols.next(),
            ) else {
                continue;
            };
            // The header line ("Pty Language …") has no number first.
            let Ok(pty) = pty.parse::<u32>() else {
                continue;
            };
            if file.starts_with("mb/") || lang == "variant" {
                continue;
            }
            offer(lang, pty, lang);
            // "(en-gb 3)(en 5)": the rest of the line, spaces and all.
            let others: String = cols.collect::<Vec<_>>().join(" ");
            for entry in others.split(')') {
                let entry = entry.trim().trim_start_matches('(');
                let mut parts = entry.split_whitespace();
                if let (Some(other), Some(p)) = (parts.next(), parts.next())
                    && let Ok(p) = p.parse::<u32>()
                {
                    offer(other, p, lang);
                }
            }
        }
        Voices {
            by_lang: best.into_iter().map(|(l, (_, v))| (l, v)).collect(),
        }
    }

    /// A set from (language, voice) pairs, e.g. `[("sv", "sv"), ("en", "en-gb")]`.
    pub fn from_pairs<L, V>(pairs: impl IntoIterator<Item = (L, V)>) -> Voices
    where
        L: Into<String>,
        V: Into<String>,
    {
        Voices {
            by_lang: pairs
                .into_iter()
                .map(|(l, v)| (l.into().to_ascii_lowercase(), v.into()))
                .collect(),
        }
    }

    /// The voice for `lang` (our code, e.g. `sv`, or a tag like `en-GB`);
    /// a region tag falls back to its language (`sv-FI` → `sv`), never the
    /// other way round (`fa` does not take the Latin-script `fa-latn`).
    pub fn voice_for(&self, lang: &str) -> Option<&str> {
        let lang = lang.to_ascii_lowercase();
        if let Some(v) = self.by_lang.get(&lang) {
            return Some(v);
        }
        let base = lang.split(['-', '_']).next()?;
        self.by_lang.get(base).map(String::as_str)
    }

    /// Whether `lang` has a voice: the speaker button is shown only then.
    pub fn has(&self, lang: &str) -> bool {
        self.voice_for(lang).is_some()
    }

    /// No voice at all (speech disabled, or no synthesiser).
    pub fn is_empty(&self) -> bool {
        self.by_lang.is_empty()
    }
}

/// `<command> --voices`, with stdin closed and a time limit (a wrong
/// `command` in the config must not hang the kiosk's start).
fn run_voices(command: &str) -> io::Result<String> {
    let mut child = child_command(command)
        .arg("--voices")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut stdout = child.stdout.take().expect("stdout is piped");
    // The table is ~11 KB, more than nothing but far less than a pipe
    // buffer; read it on a thread so the time limit below holds anyway.
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        stdout.read_to_string(&mut out).map(|_| out)
    });
    let deadline = Instant::now() + VOICES_TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!("`{command} --voices` took longer than {VOICES_TIMEOUT:?}"),
            ));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let out = reader
        .join()
        .map_err(|_| io::Error::other("reading `--voices` failed"))??;
    if !status.success() {
        return Err(io::Error::other(format!(
            "`{command} --voices` exited with {status}"
        )));
    }
    Ok(out)
}

/// Makes screen text fit for the synthesiser: line breaks and tabs become
/// spaces, other control characters and the bidirectional formatting marks
/// Fluent wraps arguments in (U+2066–U+2069, and U+200E/F, U+202A–E,
/// U+061C) are dropped, runs of whitespace become one space, and the result
/// is cut to [`MAX_CHARS`], at a word boundary where there is one near.
/// Joiners (U+200C/D, which Persian spelling needs) are kept.
pub fn sanitise(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_CHARS * 4));
    let mut chars = 0;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if c.is_control() || is_bidi_mark(c) {
            continue;
        }
        let need = 1 + usize::from(pending_space);
        if chars + need > MAX_CHARS {
            // Cut at the last space if it is near the end, not mid-word.
            if !pending_space
                && let Some(at) = out.rfind(' ')
                && out[at..].chars().count() < 100
            {
                out.truncate(at);
            }
            break;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
        chars += need;
    }
    out
}

fn is_bidi_mark(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// The synthesiser's arguments: voice, amplitude (0–200, 100 is normal),
/// words a minute, UTF-8 input, text on stdin.
fn synth_args(speech: &Speech, voice: &str) -> Vec<String> {
    vec![
        "-v".into(),
        voice.into(),
        "-a".into(),
        speech.volume.min(200).to_string(),
        "-s".into(),
        speech.rate.to_string(),
        "-b".into(),
        "1".into(),
        "--stdin".into(),
    ]
}

/// Speaks `text` with `voice` into a WAV file at `path` instead of the sound
/// card: the same command line as [`Speaker::speak`], plus `-w path`. Blocking.
/// Runs whether or not `[speech] enabled` is set (it plays nothing).
///
/// espeak-ng exits 0 even when it cannot write the file, so anything it
/// says on stderr, or a missing file, is an error here.
pub fn synthesise_wav(speech: &Speech, voice: &str, text: &str, path: &Path) -> io::Result<()> {
    let text = sanitise(text);
    if text.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "nothing to say: the text is empty",
        ));
    }
    let mut child = child_command(&speech.command)
        .args(synth_args(speech, voice))
        .arg("-w")
        .arg(path)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // Written on a thread: the synthesiser may stop reading (bad voice) while
    // we are still writing, and must not leave us waiting on a full pipe.
    let writer = std::thread::spawn(move || {
        let r = stdin.write_all(text.as_bytes());
        drop(stdin);
        r
    });
    let output = child.wait_with_output()?;
    let written = writer
        .join()
        .map_err(|_| io::Error::other("writing to the synthesiser failed"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stderr = stderr.trim();
    if !output.status.success() || !stderr.is_empty() {
        return Err(io::Error::other(format!(
            "{} -v {voice} exited with {}: {}",
            speech.command,
            output.status,
            last_line(stderr)
        )));
    }
    written?;
    match std::fs::metadata(path) {
        Ok(m) if m.len() > 44 => Ok(()),
        Ok(_) => Err(io::Error::other(format!(
            "{} wrote an empty WAV file",
            speech.command
        ))),
        Err(e) => Err(io::Error::new(
            e.kind(),
            format!("{} wrote no WAV file: {e}", speech.command),
        )),
    }
}

fn last_line(s: &str) -> &str {
    let line = s.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
    match line.char_indices().nth(200) {
        Some((i, _)) => &line[..i],
        None => line,
    }
}

/// Speaks through the sound card, one utterance at a time.
///
/// Cheap to clone: clones share the one synthesiser process. `speak` is
/// `async` and runs on the tokio runtime (iced's `tokio` executor runs
/// `Task`s there): call it from a `Task`; it returns as soon as the
/// synthesiser has started, not when it has finished talking. `stop` is a
/// plain function that never blocks: call it straight from `update` when the
/// screen changes. Processes are killed and reaped by a task on the runtime.
///
/// Nothing here panics or blocks on a broken synthesiser or a missing sound
/// device: espeak-ng without a device prints an ALSA error and exits at once
/// (with status 0); the first such problem is logged as a warning, later
/// ones at debug level.
#[derive(Clone)]
pub struct Speaker {
    inner: Arc<Inner>,
}

struct Inner {
    speech: Speech,
    current: Mutex<Option<Utterance>>,
    /// How many synthesiser processes are alive (not yet reaped).
    alive: watch::Sender<usize>,
    /// Bumped by every `speak` and `stop`: only the `speak` holding the
    /// latest value may talk.
    epoch: AtomicU64,
    warned_spawn: AtomicBool,
    warned_play: AtomicBool,
}

/// The one speaking now.
struct Utterance {
    id: u64,
    pid: Option<u32>,
    /// Sending, or dropping, this stops the utterance.
    stop: oneshot::Sender<()>,
    /// The task that owns the process and reaps it.
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for Speaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Speaker")
            .field("command", &self.inner.speech.command)
            .field("speaking", &self.is_speaking())
            .finish()
    }
}

impl Speaker {
    /// A speaker for `[speech]`: its program, volume and rate. With speech
    /// disabled, `speak` says nothing.
    pub fn new(speech: &Speech) -> Speaker {
        Speaker {
            inner: Arc::new(Inner {
                speech: speech.clone(),
                current: Mutex::new(None),
                alive: watch::Sender::new(0),
                epoch: AtomicU64::new(0),
                warned_spawn: AtomicBool::new(false),
                warned_play: AtomicBool::new(false),
            }),
        }
    }

    /// Stops whatever is being said (and waits until that process is gone),
    /// then starts saying `text` with `voice` (from [`Voices::voice_for`]).
    /// Returns once the synthesiser has started. Failures are logged, never
    /// returned: read aloud is a help, not something to show an error for.
    pub async fn speak(&self, voice: &str, text: &str) {
        let inner = &self.inner;
        // This call's ticket: a later `speak` or `stop` takes a newer one,
        // and then this call says nothing (the screen has moved on).
        let ticket = inner.epoch.fetch_add(1, Ordering::SeqCst) + 1;
        let previous = inner.lock().take();
        if let Some(previous) = previous {
            let _ = previous.stop.send(());
            let _ = previous.task.await;
        }
        let speech = &inner.speech;
        if !speech.enabled || inner.epoch.load(Ordering::SeqCst) != ticket {
            return;
        }
        let text = sanitise(text);
        if text.is_empty() {
            return;
        }
        let chars = text.chars().count();
        let spawned = tokio::process::Command::from(child_command(&speech.command))
            .args(synth_args(speech, voice))
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            // Should the runtime drop the task (shutdown), the process dies too.
            .kill_on_drop(true)
            .spawn();
        let child = match spawned {
            Ok(child) => child,
            Err(e) => {
                if !inner.warned_spawn.swap(true, Ordering::Relaxed) {
                    tracing::warn!(command = %speech.command, error = %e, "read aloud: cannot start the synthesiser");
                } else {
                    tracing::debug!(command = %speech.command, error = %e, "read aloud: cannot start the synthesiser");
                }
                return;
            }
        };
        let pid = child.id();
        tracing::debug!(voice, chars, "read aloud: speaking");
        inner.alive.send_modify(|n| *n += 1);
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(run(
            inner.clone(),
            ticket,
            child,
            text,
            stopped,
            voice.to_owned(),
        ));
        let utterance = Utterance {
            id: ticket,
            pid,
            stop,
            task,
        };
        let mut current = inner.lock();
        if inner.epoch.load(Ordering::SeqCst) == ticket {
            // Anything there was started by an older `speak`: it stops
            // (dropping its sender stops it).
            *current = Some(utterance);
        } else {
            // A newer `speak` or a `stop` came while this one was starting.
            drop(current);
            drop(utterance);
        }
    }

    /// Stops speaking, if speaking. Never blocks: the process is killed and
    /// reaped right after on the runtime ([`Speaker::finished`] waits for it).
    pub fn stop(&self) {
        let mut current = self.inner.lock();
        // Under the lock: a `speak` still starting sees this and stays quiet.
        self.inner.epoch.fetch_add(1, Ordering::SeqCst);
        if let Some(utterance) = current.take() {
            tracing::debug!("read aloud: stopped");
            let _ = utterance.stop.send(());
        }
    }

    /// Whether an utterance has started and has neither ended nor been stopped.
    pub fn is_speaking(&self) -> bool {
        self.inner.lock().is_some()
    }

    /// The process id of the synthesiser speaking now (for tests and IT).
    pub fn pid(&self) -> Option<u32> {
        self.inner.lock().as_ref().and_then(|u| u.pid)
    }

    /// Resolves once no synthesiser process this speaker started is running
    /// any more (all have ended, or been killed, and been reaped).
    pub async fn finished(&self) {
        let mut alive = self.inner.alive.subscribe();
        let _ = alive.wait_for(|n| *n == 0).await;
    }
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, Option<Utterance>> {
        // Nothing that holds this lock can panic half-way; a poisoned lock
        // still holds a consistent value.
        self.current.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Owns one synthesiser process: feeds it the text, keeps the start of its
/// stderr, and waits for it to end or for `stopped`; always reaps it.
async fn run(
    inner: Arc<Inner>,
    id: u64,
    mut child: tokio::process::Child,
    text: String,
    stopped: oneshot::Receiver<()>,
    voice: String,
) {
    let stdin = child.stdin.take();
    let stderr = child.stderr.take();
    let ended = {
        let feed = async move {
            if let Some(mut stdin) = stdin {
                // A synthesiser that exits early closes the pipe: not our
                // problem to report, its stderr says why.
                let _ = stdin.write_all(text.as_bytes()).await;
                let _ = stdin.shutdown().await;
            }
        };
        let drain = async move {
            let mut kept = Vec::new();
            if let Some(mut stderr) = stderr {
                let mut buf = [0u8; 1024];
                while let Ok(n) = stderr.read(&mut buf).await {
                    if n == 0 {
                        break;
                    }
                    let room = STDERR_KEEP.saturating_sub(kept.len());
                    kept.extend_from_slice(&buf[..n.min(room)]);
                }
            }
            kept
        };
        let talk = async {
            let ((), err) = tokio::join!(feed, drain);
            (child.wait().await, err)
        };
        tokio::select! {
            ended = talk => Some(ended),
            _ = stopped => None,
        }
    };
    match ended {
        None => {
            // Stopped (or replaced): kill, then wait, which reaps.
            let _ = child.start_kill();
            let _ = child.wait().await;
        }
        Some((status, err)) => {
            let err = String::from_utf8_lossy(&err);
            let err = err.trim();
            let failed = match &status {
                Ok(s) => !s.success() || !err.is_empty(),
                Err(_) => true,
            };
            if failed {
                let status = match &status {
                    Ok(s) => s.to_string(),
                    Err(e) => e.to_string(),
                };
                let said = last_line(err);
                if !inner.warned_play.swap(true, Ordering::Relaxed) {
                    tracing::warn!(
                        voice, %status, stderr = said,
                        "read aloud: the synthesiser could not speak (no sound device?); \
                         later failures are logged at debug level"
                    );
                } else {
                    tracing::debug!(voice, %status, stderr = said, "read aloud: the synthesiser could not speak");
                }
            }
            let mut current = inner.lock();
            if current.as_ref().is_some_and(|u| u.id == id) {
                *current = None;
            }
        }
    }
    inner.alive.send_modify(|n| *n -= 1);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines of `espeak-ng --voices` (eSpeak NG 1.51, Debian 12), verbatim,
    /// trailing spaces and all.
    const VOICES: &str = "\
Pty Language       Age/Gender VoiceName          File                 Other Languages
 5  af              --/M      Afrikaans          gmw/af               
 5  am              --/M      Amharic            sem/am               
 5  ar              --/M      Arabic             sem/ar               
 5  en-029          --/M      English_(Caribbean) gmw/en-029           (en 10)
 2  en-gb           --/M      English_(Great_Britain) gmw/en               (en 2)
 5  en-gb-scotland  --/M      English_(Scotland) gmw/en-GB-scotland   (en 4)
 5  en-gb-x-gbclan  --/M      English_(Lancaster) gmw/en-GB-x-gbclan   (en-gb 3)(en 5)
 5  en-gb-x-gbcwmd  --/M      English_(West_Midlands) gmw/en-GB-x-gbcwmd   (en-gb 9)(en 9)
 5  en-gb-x-rp      --/M      English_(Received_Pronunciation) gmw/en-GB-x-rp       (en-gb 4)(en 5)
 2  en-us           --/M      English_(America)  gmw/en-US            (en 3)
 5  en-us-nyc       --/M      English_(America,_New_York_City) gmw/en-US-nyc        
 5  fa              --/M      Persian            ira/fa               
 5  fa-latn         --/M      Persian_(Pinglish) ira/fa-Latn          
 5  fi              --/M      Finnish            urj/fi               
 5  hy              --/M      Armenian_(East_Armenia) ine/hy               (hy-arevela 5)
 5  hyw             --/M      Armenian_(West_Armenia) ine/hyw              (hy-arevmda 5)(hy 8)
 5  om              --/M      Oromo              cus/om               
 5  pl              --/M      Polish             zlw/pl               
 5  sv              --/M      Swedish            gmq/sv               
 5  sw              --/M      Swahili            bnt/sw               
 5  tr              --/M      Turkish            trk/tr               
 5  uk              --/M      Ukrainian          zle/uk               
";

    /// Lines `espeak-ng --voices=en` adds: MBROLA voices and a variant.
    const MBROLA: &str = "\
 3  en-uk           --/M      english-mb-en1     mb/mb-en1            (en-gb 3)(en 2)
10  en              --/F      en-swedish-f       mb/mb-sw2-en         
 5  variant         --/M      Storm              !v/Storm             (en-us 5)
";

    #[test]
    fn our_languages_get_their_own_voice_or_none() {
        let v = Voices::parse(VOICES);
        for (lang, voice) in [
            ("sv", "sv"),
            ("en", "en-gb"),
            ("ar", "ar"),
            ("fa", "fa"),
            ("fi", "fi"),
            ("tr", "tr"),
            ("pl", "pl"),
            ("uk", "uk"),
        ] {
            assert_eq!(v.voice_for(lang), Some(voice), "{lang}");
            assert!(v.has(lang));
        }
        // Somali and Tigrinya have no voice; Amharic's is not Tigrinya's.
        for lang in ["so", "ti"] {
            assert_eq!(v.voice_for(lang), None, "{lang}");
            assert!(!v.has(lang));
        }
        assert_eq!(v.voice_for("am"), Some("am"));
    }

    #[test]
    fn the_lowest_priority_number_wins_and_other_languages_count() {
        let v = Voices::parse(VOICES);
        // en-gb (en 2) beats en-us (en 3) and en-029 (en 10).
        assert_eq!(v.voice_for("en"), Some("en-gb"));
        assert_eq!(v.voice_for("en-us"), Some("en-us"));
        assert_eq!(v.voice_for("EN-GB"), Some("en-gb"));
        // hy's own voice (5) beats West Armenian's (hy 8).
        assert_eq!(v.voice_for("hy"), Some("hy"));
        assert_eq!(v.voice_for("hy-arevmda"), Some("hyw"));
        // A region falls back to its language; a script variant is never
        // taken for the language.
        assert_eq!(v.voice_for("sv-FI"), Some("sv"));
        assert_eq!(v.voice_for("fa"), Some("fa"));
        let latin_only = Voices::parse(
            " 5  fa-latn         --/M      Persian_(Pinglish) ira/fa-Latn          \n",
        );
        assert_eq!(latin_only.voice_for("fa"), None);
    }

    #[test]
    fn mbrola_voices_variants_and_junk_are_left_out() {
        let v = Voices::parse(&format!("{VOICES}{MBROLA}"));
        assert_eq!(v.voice_for("en"), Some("en-gb"));
        assert_eq!(v.voice_for("variant"), None);
        assert!(Voices::parse(MBROLA).is_empty());
        assert!(Voices::parse("").is_empty());
        assert!(
            Voices::parse("Pty Language Age/Gender VoiceName File Other Languages\n").is_empty()
        );
        assert!(Voices::parse("espeak-ng: command not found\nx y\n").is_empty());
    }

    #[test]
    fn from_pairs() {
        let v = Voices::from_pairs([("sv", "sv"), ("EN", "en-gb")]);
        assert_eq!(v.voice_for("en"), Some("en-gb"));
        assert!(v.has("sv"));
        assert!(!v.has("ti"));
        assert!(Voices::default().is_empty());
    }

    #[test]
    fn sanitise_drops_isolation_marks_and_controls_and_collapses_space() {
        assert_eq!(
            sanitise("Välkommen, \u{2068}Anna\u{2069}!\n\n\tTryck  på\r\nditt språk.\u{7}"),
            "Välkommen, Anna! Tryck på ditt språk."
        );
        assert_eq!(
            sanitise("\u{2066}\u{2067}a\u{200E}b\u{200F}c\u{202B}d\u{202C}\u{061C}"),
            "abcd"
        );
        assert_eq!(sanitise("  \u{2068} \u{2069}\n "), "");
        assert_eq!(sanitise("\u{a0}x\u{2003}y\u{3000}"), "x y");
        // Persian needs its zero-width non-joiner.
        assert_eq!(sanitise("می\u{200C}خواهم"), "می\u{200C}خواهم");
        assert_eq!(sanitise("line\u{85}next\u{2028}sep"), "line next sep");
    }

    #[test]
    fn sanitise_caps_the_length_at_a_word() {
        let long = "ord ".repeat(2000);
        let s = sanitise(&long);
        assert!(s.chars().count() <= MAX_CHARS);
        assert!(s.chars().count() > MAX_CHARS - 10);
        assert!(s.ends_with("ord"), "{:?}", &s[s.len() - 10..]);
        // One endless word is cut at the limit, on a char boundary.
        let word = "å".repeat(MAX_CHARS + 50);
        assert_eq!(sanitise(&word).chars().count(), MAX_CHARS);
        let exact = "a".repeat(MAX_CHARS);
        assert_eq!(sanitise(&exact), exact);
    }

    #[test]
    fn the_command_line_carries_volume_rate_and_voice_not_text() {
        let speech = Speech {
            enabled: true,
            command: "espeak-ng".into(),
            volume: 250,
            rate: 130,
        };
        assert_eq!(
            synth_args(&speech, "sv"),
            ["-v", "sv", "-a", "200", "-s", "130", "-b", "1", "--stdin"]
        );
    }
}
