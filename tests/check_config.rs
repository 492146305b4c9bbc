//! `entre check-config`: the bundled config passes; broken configs give
//! `PATH:LINE:COL: key: what (allowed)` lines and exit code 2.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn check(path: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entre"))
        .arg("check-config")
        .arg(path)
        .output()
        .expect("entre runs")
}

/// Writes the demo config with `edit` applied and checks it.
fn check_edited(edit: impl FnOnce(String) -> String) -> (i32, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiosk.toml");
    let src = edit(common::DEMO.to_string());
    std::fs::write(&path, &src).unwrap();
    let out = check(&path);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap_or(-1), stderr, dir)
}

/// The 1-based line of the first line of the demo config containing `needle`.
fn line_of(needle: &str) -> usize {
    common::DEMO
        .lines()
        .position(|l| l.contains(needle))
        .expect("needle in demo config")
        + 1
}

#[test]
fn bundled_config_is_valid() {
    let out = check(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/kiosk.toml"
    )));
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(": ok"), "{stdout}");
}

#[test]
fn unknown_key_is_an_error_with_its_line() {
    let (code, err, dir) = check_edited(|s| s.replace("fullscreen = false", "fulscreen = false"));
    assert_eq!(code, 2, "{err}");
    let line = line_of("fullscreen = false");
    let path = dir.path().join("kiosk.toml").display().to_string();
    let expected = format!("{path}:{line}:1: kiosk.fulscreen: unknown key (allowed here: ");
    assert!(err.contains(&expected), "expected {expected:?} in:\n{err}");
    assert!(
        err.contains("fullscreen"),
        "the allowed keys are listed: {err}"
    );
}

#[test]
fn unknown_section_is_an_error() {
    let (code, err, _dir) = check_edited(|s| format!("{s}\n[mial]\nhost = \"x\"\n"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(": mial: unknown key"), "{err}");
}

#[test]
fn wrong_type_is_an_error_with_its_line() {
    let (code, err, _dir) =
        check_edited(|s| s.replace("idle_timeout_s = 90", "idle_timeout_s = \"90\""));
    assert_eq!(code, 2, "{err}");
    let line = line_of("idle_timeout_s = 90");
    let expected = format!(
        ":{line}:18: kiosk.idle_timeout_s: expected a whole number from 15 to 3600, found a text"
    );
    assert!(err.contains(&expected), "expected {expected:?} in:\n{err}");
}

#[test]
fn unknown_language_is_an_error_with_its_line() {
    let (code, err, _dir) = check_edited(|s| {
        s.replace(
            "languages = [\"sv\", \"en\", \"ar\", \"fa\"",
            "languages = [\"sv\", \"en\", \"xx\", \"fa\"",
        )
    });
    assert_eq!(code, 2, "{err}");
    let line = line_of("languages = [");
    let expected = format!(
        ":{line}:26: kiosk.languages[2]: unknown language \"xx\" (languages shipped in locales/: "
    );
    assert!(err.contains(&expected), "expected {expected:?} in:\n{err}");
}

#[test]
fn idle_warning_under_20_seconds_is_an_error_with_its_line() {
    let (code, err, _dir) =
        check_edited(|s| s.replace("idle_warning_s = 20", "idle_warning_s = 10"));
    assert_eq!(code, 2, "{err}");
    let line = line_of("idle_warning_s = 20");
    let expected = format!(
        ":{line}:18: kiosk.idle_warning_s: 10 is out of range (a whole number from 20 to 600)"
    );
    assert!(err.contains(&expected), "expected {expected:?} in:\n{err}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let (code, err, _dir) = check_edited(|s| {
        s.replace("fullscreen = false", "fulscreen = false")
            .replace("idle_warning_s = 20", "idle_warning_s = 10")
            .replace("visitor_name = \"none\"", "visitor_name = \"full_name\"")
            .replace("unit = \"family\"", "unit = \"familj\"")
    });
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.lines().count(), 4, "one line per problem:\n{err}");
    assert!(err.contains("privacy.visitor_name: \"full_name\" is not a valid choice (one of: \"none\", \"initials\", \"first_name\")"), "{err}");
    assert!(
        err.contains("officer[1].unit: no [[unit]] has id \"familj\""),
        "{err}"
    );
}

#[test]
fn default_language_must_be_offered() {
    let (code, err, _dir) =
        check_edited(|s| s.replace("default_language = \"sv\"", "default_language = \"de\""));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("kiosk.default_language: \"de\" is not in kiosk.languages"),
        "{err}"
    );
}

#[test]
fn purpose_label_must_exist_in_every_language() {
    let (code, err, _dir) =
        check_edited(|s| s.replace("label = \"purpose-guide\"", "label = \"purpose-guid\""));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("purpose[2].label: message \"purpose-guid\" is missing in locale"),
        "{err}"
    );
}

#[test]
fn syntax_error_names_line() {
    let (code, err, _dir) = check_edited(|s| s.replace("[privacy]", "[privacy"));
    assert_eq!(code, 2, "{err}");
    let line = line_of("[privacy]");
    assert!(err.contains(&format!(":{line}:")), "{err}");
}

#[test]
fn missing_file_is_an_error_not_a_panic() {
    let out = check(Path::new("/nonexistent/kiosk.toml"));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/nonexistent/kiosk.toml: cannot read config"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn unencrypted_smtp_only_to_this_machine() {
    let smtp = |host: &'static str| {
        move |s: String| {
            s.replace(
                "transport = \"file\"           # \"file\" (demo: .eml files) or \"smtp\"",
                &format!("transport = \"smtp\"\nhost = \"{host}\"\nsecurity = \"none\""),
            )
        }
    };
    let (code, err, _dir) = check_edited(smtp("smtp.example.org"));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("mail.security: \"none\" sends mail unencrypted to \"smtp.example.org\""),
        "{err}"
    );
    let (code, err, _dir) = check_edited(smtp("127.0.0.1"));
    assert_eq!(code, 0, "{err}");
}
