//! Read aloud against the real synthesiser: espeak-ng speaks into WAV files
//! that sox measures, `--voices` is read for our ten languages, and the
//! speaker leaves no process behind.
//!
//! Needs `espeak-ng` and `sox` (Debian packages of the same names). Without
//! them these tests say SKIPPED and pass, except under CI (`CI` set), which
//! installs them and where a missing tool is a failure.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use entre::config::Speech;
use entre::speech::{Speaker, Voices, synthesise_wav};

const SWEDISH: &str = "Välkommen till medborgarkontoret. Tryck på ditt språk.";
const ARABIC: &str = "مرحبا بكم في مكتب خدمة المواطنين. اضغط على لغتك.";

/// Whether espeak-ng and sox are here; without them: SKIPPED, or a failure
/// under CI.
fn tools(test: &str) -> bool {
    let missing: Vec<&str> = [("espeak-ng", "--version"), ("sox", "--version")]
        .into_iter()
        .filter(|(program, arg)| {
            !Command::new(program)
                .arg(arg)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
        .map(|(program, _)| program)
        .collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{test}: {} missing under CI", missing.join(" and "));
    }
    eprintln!(
        "SKIPPED {test}: {} not installed (apt-get install espeak-ng sox)",
        missing.join(" and ")
    );
    false
}

fn speech(volume: u32) -> Speech {
    Speech {
        enabled: true,
        command: "espeak-ng".into(),
        volume,
        rate: 140,
    }
}

/// What `sox FILE -n stat` says (on stderr) about a sound file.
#[derive(Debug)]
struct Stat {
    seconds: f64,
    rms: f64,
}

fn stat(path: &Path) -> Stat {
    let out = Command::new("sox")
        .arg(path)
        .args(["-n", "stat"])
        .output()
        .expect("sox runs");
    assert!(out.status.success(), "sox stat {}: {out:?}", path.display());
    let text = String::from_utf8_lossy(&out.stderr);
    let field = |name: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_start_matches(':').trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name:?} in sox stat output:\n{text}"))
    };
    Stat {
        seconds: field("Length (seconds):"),
        rms: field("RMS     amplitude:"),
    }
}

fn wav(dir: &Path, name: &str, speech: &Speech, voice: &str, text: &str) -> Stat {
    let path = dir.join(name);
    synthesise_wav(speech, voice, text, &path)
        .unwrap_or_else(|e| panic!("synthesise {name} ({voice}): {e}"));
    let s = stat(&path);
    eprintln!("{name}: {s:?}");
    s
}

#[test]
fn swedish_and_arabic_are_spoken_aloud() {
    if !tools("swedish_and_arabic_are_spoken_aloud") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let voices = Voices::detect(&speech(100));
    for (lang, text) in [("sv", SWEDISH), ("ar", ARABIC)] {
        let voice = voices.voice_for(lang).expect("a voice");
        let s = wav(
            dir.path(),
            &format!("{lang}.wav"),
            &speech(100),
            voice,
            text,
        );
        assert!(s.seconds > 1.0, "{lang}: {s:?}");
        assert!(s.rms > 0.01, "{lang} is silent: {s:?}");
    }
}

#[test]
fn the_volume_setting_reaches_the_synthesiser() {
    if !tools("the_volume_setting_reaches_the_synthesiser") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let silent = wav(dir.path(), "a0.wav", &speech(0), "sv", SWEDISH);
    let normal = wav(dir.path(), "a100.wav", &speech(100), "sv", SWEDISH);
    let loud = wav(dir.path(), "a200.wav", &speech(200), "sv", SWEDISH);
    assert!(silent.rms < 0.001, "volume 0: {silent:?}");
    assert!(silent.rms < normal.rms && normal.rms < loud.rms);
    // The same speech, only louder: the length does not change.
    assert!((silent.seconds - normal.seconds).abs() < 0.05);
}

#[test]
fn the_rate_setting_reaches_the_synthesiser() {
    if !tools("the_rate_setting_reaches_the_synthesiser") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let slow = wav(
        dir.path(),
        "slow.wav",
        &Speech {
            rate: 100,
            ..speech(100)
        },
        "sv",
        SWEDISH,
    );
    let fast = wav(
        dir.path(),
        "fast.wav",
        &Speech {
            rate: 250,
            ..speech(100)
        },
        "sv",
        SWEDISH,
    );
    assert!(slow.seconds > fast.seconds * 1.5, "{slow:?} {fast:?}");
}

#[test]
fn synthesising_reports_what_goes_wrong() {
    if !tools("synthesising_reports_what_goes_wrong") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // No voice: espeak-ng exits 1.
    let e = synthesise_wav(&speech(100), "ti", SWEDISH, &dir.path().join("ti.wav")).unwrap_err();
    assert!(e.to_string().contains("voice"), "{e}");
    // An unwritable file: espeak-ng exits 0 but complains.
    let e = synthesise_wav(
        &speech(100),
        "sv",
        SWEDISH,
        &dir.path().join("no/such/dir/x.wav"),
    )
    .unwrap_err();
    assert!(e.to_string().contains("write"), "{e}");
    // Nothing to say.
    let e = synthesise_wav(
        &speech(100),
        "sv",
        " \u{2068}\u{2069} ",
        &dir.path().join("e.wav"),
    )
    .unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
}

#[test]
fn voices_exist_for_eight_of_our_ten_languages() {
    if !tools("voices_exist_for_eight_of_our_ten_languages") {
        return;
    }
    let voices = Voices::detect(&speech(100));
    let ours = ["sv", "en", "ar", "fa", "so", "ti", "fi", "tr", "pl", "uk"];
    let with: Vec<&str> = ours.into_iter().filter(|l| voices.has(l)).collect();
    eprintln!(
        "voices: {:?}",
        ours.map(|l| (l, voices.voice_for(l).unwrap_or("-")))
    );
    // eSpeak NG 1.51 (Debian 12) has no Somali and no Tigrinya voice. It has
    // Amharic, but Amharic is not Tigrinya.
    assert_eq!(with, ["sv", "en", "ar", "fa", "fi", "tr", "pl", "uk"]);
    assert!(!voices.has("ti") && !voices.has("so"));
    assert!(voices.has("am"));
    // The voices named work.
    for lang in with {
        let dir = tempfile::tempdir().unwrap();
        let voice = voices.voice_for(lang).unwrap();
        synthesise_wav(&speech(100), voice, "1 2 3", &dir.path().join("x.wav"))
            .unwrap_or_else(|e| panic!("{lang} ({voice}): {e}"));
    }
}

#[test]
fn no_voices_when_disabled_or_missing() {
    // Needs no synthesiser.
    let off = Speech {
        enabled: false,
        ..speech(100)
    };
    assert!(Voices::detect(&off).is_empty());
    let missing = Speech {
        command: "/nonexistent/espeak-ng".into(),
        ..speech(100)
    };
    assert!(Voices::detect(&missing).is_empty());
    // A program that is not espeak-ng at all.
    let wrong = Speech {
        command: "true".into(),
        ..speech(100)
    };
    assert!(Voices::detect(&wrong).is_empty());
}

/// A stand-in synthesiser that reads its text and then talks for a minute:
/// to see the speaker kill and reap it. A shell script, so these tests run
/// without espeak-ng too.
fn slow_synthesiser() -> &'static Path {
    static SCRIPT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = SCRIPT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("slow-synth");
        // Written by a child process: a file this (multi-threaded) process
        // had open for writing can be inherited by a concurrent fork, and
        // exec'ing it then fails with "Text file busy".
        let written = std::process::Command::new("/bin/sh")
            .arg("-c")
            .arg(r#"printf '#!/bin/sh\nPATH=/usr/bin:/bin\ncat >/dev/null\nexec sleep 60\n' > "$1" && chmod 755 "$1""#)
            .arg("sh")
            .arg(&path)
            .status()
            .unwrap();
        assert!(written.success());
        (dir, path)
    });
    path
}

fn slow_speech() -> Speech {
    Speech {
        command: slow_synthesiser().to_str().unwrap().into(),
        ..speech(100)
    }
}

/// Whether `pid` is a process at all (a zombie counts: it is not reaped).
fn exists(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

async fn finished(speaker: &Speaker) {
    tokio::time::timeout(Duration::from_secs(10), speaker.finished())
        .await
        .expect("the synthesiser is reaped within 10 s");
}

#[tokio::test]
async fn stop_kills_and_reaps_the_synthesiser() {
    let speaker = Speaker::new(&slow_speech());
    assert!(!speaker.is_speaking());
    let started = Instant::now();
    speaker.speak("sv", SWEDISH).await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "speak returns at once"
    );
    let pid = speaker.pid().expect("speaking");
    assert!(speaker.is_speaking());
    assert!(exists(pid));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(speaker.is_speaking(), "still talking");
    speaker.stop();
    assert!(!speaker.is_speaking());
    assert_eq!(speaker.pid(), None);
    finished(&speaker).await;
    assert!(!exists(pid), "pid {pid} is still there after stop");
    // Stopping again, or with nothing spoken, is harmless.
    speaker.stop();
    Speaker::new(&slow_speech()).stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_screen_silences_the_last_one() {
    let speaker = Speaker::new(&slow_speech());
    speaker.speak("sv", "Första skärmen.").await;
    let first = speaker.pid().unwrap();
    // A clone is the same speaker (the UI hands clones to its tasks).
    let clone = speaker.clone();
    clone.speak("sv", "Andra skärmen.").await;
    let second = speaker.pid().unwrap();
    assert_ne!(first, second);
    assert!(!exists(first), "the first screen's voice is gone");
    assert!(exists(second));
    // Two screens at once: only the newest talks, nothing is left behind.
    let (a, b) = (speaker.clone(), speaker.clone());
    tokio::join!(a.speak("sv", "Tre."), b.speak("sv", "Fyra."));
    let last = speaker.pid().unwrap();
    speaker.stop();
    finished(&speaker).await;
    assert!(!exists(second) && !exists(last));
}

// One thread, so that the order below is the order things happen in.
#[tokio::test(flavor = "current_thread")]
async fn a_stop_while_speak_is_starting_wins() {
    let speaker = Speaker::new(&slow_speech());
    speaker.speak("sv", "Första skärmen.").await;
    let first = speaker.pid().unwrap();
    // The visitor taps "read aloud" and, while the last voice is being
    // silenced, leaves the screen: nothing may start talking after that.
    tokio::join!(speaker.speak("sv", "Andra skärmen."), async {
        speaker.stop()
    });
    assert!(!speaker.is_speaking());
    assert_eq!(speaker.pid(), None);
    finished(&speaker).await;
    assert!(!exists(first));
}

/// Collects what the speaker logs, to check that it warns once and never
/// logs what it says.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<u8>>>);

impl Write for Log {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Log {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Whether espeak-ng can play sound here (this machine may have no sound
/// device: espeak-ng then prints an ALSA error and exits 0 at once).
fn can_play() -> bool {
    let mut child = Command::new("espeak-ng")
        .args(["-v", "sv", "-a", "0", "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"a").unwrap();
    let out = child.wait_with_output().unwrap();
    out.status.success() && out.stderr.is_empty()
}

/// Set in the child process of the test below.
const LOG_PROBE: &str = "ENTRE_SPEECH_LOG_PROBE";

#[test]
fn speaking_without_a_sound_device_warns_once_and_never_hangs() {
    if !tools("speaking_without_a_sound_device_warns_once_and_never_hangs") {
        return;
    }
    // tracing caches, per log statement, whether anyone listens; a
    // subscriber set for one test thread misses lines now and then while
    // other tests run. So the log is checked in a process of its own that
    // runs only `speaking_log_probe`, with a global subscriber.
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "speaking_log_probe", "--nocapture"])
        .env(LOG_PROBE, "1")
        .output()
        .expect("the test binary runs again");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stderr}");
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "the log probe failed:\n{stdout}\n{stderr}"
    );
}

/// The test above, in its own process (does nothing when run otherwise).
#[test]
fn speaking_log_probe() {
    if std::env::var_os(LOG_PROBE).is_none() {
        return;
    }
    let log = Log::default();
    let writer = log.clone();
    tracing::subscriber::set_global_default(
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish(),
    )
    .unwrap();
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(log_probe(log));
}

async fn log_probe(log: Log) {
    let device = can_play();
    eprintln!("sound device: {}", if device { "yes" } else { "none" });
    // Quiet, in case this machine has speakers.
    let speaker = Speaker::new(&speech(0));
    let secret = "Anna Andersson är här.";
    for _ in 0..3 {
        let started = Instant::now();
        speaker.speak("sv", secret).await;
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "speak returns at once"
        );
        if !device {
            finished(&speaker).await;
            assert!(!speaker.is_speaking());
        }
    }
    speaker.stop();
    finished(&speaker).await;
    let text = log.text();
    eprintln!("log:\n{text}");
    let warnings = text.matches(" WARN ").count();
    if device {
        assert_eq!(warnings, 0, "{text}");
    } else {
        assert_eq!(warnings, 1, "one warning, then debug: {text}");
        assert!(text.contains("could not speak"), "{text}");
    }
    assert!(text.contains("chars=22"), "the length is logged: {text}");
    assert!(!text.contains("Anna"), "the text is never logged: {text}");
}

#[tokio::test(flavor = "current_thread")]
async fn a_missing_synthesiser_or_disabled_speech_is_quiet_and_harmless() {
    let missing = Speaker::new(&Speech {
        command: "/nonexistent/espeak-ng".into(),
        ..speech(100)
    });
    missing.speak("sv", SWEDISH).await;
    missing.speak("sv", SWEDISH).await;
    assert!(!missing.is_speaking());
    finished(&missing).await;

    let off = Speaker::new(&Speech {
        enabled: false,
        ..slow_speech()
    });
    off.speak("sv", SWEDISH).await;
    assert!(!off.is_speaking());
    // Nothing left to say after sanitising: nothing starts.
    let on = Speaker::new(&slow_speech());
    on.speak("sv", "\u{2068}\u{2069}\n\t ").await;
    assert!(!on.is_speaking());
}

#[tokio::test]
async fn a_real_synthesiser_is_stopped_and_reaped_too() {
    if !tools("a_real_synthesiser_is_stopped_and_reaped_too") {
        return;
    }
    let speaker = Speaker::new(&speech(0));
    speaker.speak("sv", &format!("{SWEDISH} ").repeat(20)).await;
    let pid = speaker.pid();
    speaker.stop();
    finished(&speaker).await;
    // Without a sound device it may have ended by itself before the stop.
    if let Some(pid) = pid {
        assert!(!exists(pid), "espeak-ng {pid} is still there after stop");
    }
}

/// Set, with made-up secrets beside it, in the child process of the test
/// below.
const ENV_PROBE: &str = "ENTRE_SPEECH_ENV_PROBE";

#[test]
fn the_synthesiser_never_sees_the_kiosks_secrets() {
    // The secrets must be in the kiosk's own environment, which a test
    // cannot change safely while other tests start processes: so the check
    // runs in a process of its own, started with them.
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "speech_env_probe", "--nocapture"])
        .env(ENV_PROBE, "1")
        .env("ENTRE_HUB_TOKEN", "hub-s3cret")
        .env("ENTRE_SMTP_PASSWORD", "smtp-s3cret")
        .env("LANG", "sv_SE.UTF-8")
        .output()
        .expect("the test binary runs again");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "the environment probe failed:\n{stdout}\n{stderr}"
    );
}

/// The test above, in its own process (does nothing when run otherwise).
#[test]
fn speech_env_probe() {
    if std::env::var_os(ENV_PROBE).is_none() {
        return;
    }
    assert_eq!(std::env::var("ENTRE_HUB_TOKEN").unwrap(), "hub-s3cret");
    let dir = tempfile::tempdir().unwrap();
    // A stand-in synthesiser that writes the environment it was given to
    // DIR/env<first argument>, and to the WAV file it is asked for.
    let script = dir.path().join("print-env");
    let written = Command::new("/bin/sh")
        .arg("-c")
        .arg(r#"printf '#!/bin/sh\n/bin/cat >/dev/null\n/usr/bin/env > "%s/env$1"\nfor a; do last=$a; done\n[ "$1" = --voices ] || /usr/bin/env > "$last"\n' "$2" > "$1" && chmod 755 "$1""#)
        .arg("sh")
        .arg(&script)
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(written.success());
    let printing = Speech {
        command: script.to_str().unwrap().into(),
        ..speech(100)
    };
    let clean = |what: &str, env: &str| {
        assert!(!env.contains("s3cret"), "{what} sees a secret:\n{env}");
        assert!(!env.contains("ENTRE_"), "{what}:\n{env}");
        // What it needs is still there.
        assert!(
            env.lines().any(|l| l.starts_with("PATH=")),
            "{what}:\n{env}"
        );
        assert!(
            env.lines().any(|l| l == "LANG=sv_SE.UTF-8"),
            "{what}:\n{env}"
        );
    };
    // `--voices` at start, and speech into a file.
    Voices::detect(&printing);
    clean(
        "--voices",
        &std::fs::read_to_string(dir.path().join("env--voices")).unwrap(),
    );
    let wav = dir.path().join("out.wav");
    synthesise_wav(&printing, "sv", SWEDISH, &wav).unwrap();
    clean("synthesise_wav", &std::fs::read_to_string(&wav).unwrap());
    // The speaker: the running process's own environment.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let speaker = Speaker::new(&slow_speech());
            speaker.speak("sv", SWEDISH).await;
            let pid = speaker.pid().expect("speaking");
            // Empty for a moment while the script execs `sleep`.
            let mut environ = Vec::new();
            for _ in 0..100 {
                environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap();
                if !environ.is_empty() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            speaker.stop();
            finished(&speaker).await;
            let environ = String::from_utf8_lossy(&environ).replace('\0', "\n");
            clean("the speaker's synthesiser", &environ);
        });
}
