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

/// Asserts that `err` holds exactly the line `expected`.
fn has_line(err: &str, expected: &str) {
    assert!(
        err.lines().any(|l| l == expected),
        "expected the line\n{expected}\nin:\n{err}"
    );
}

fn config_path(dir: &tempfile::TempDir) -> String {
    dir.path().join("kiosk.toml").display().to_string()
}

#[test]
fn an_officer_address_outside_the_mail_domains_is_an_error() {
    // Default: the domain of [mail] from (demo.example.org).
    let (code, err, dir) = check_edited(|s| {
        s.replace(
            "email = \"anna.lind@demo.example.org\"",
            "email = \"anna.lind@evil.example\"",
        )
    });
    assert_eq!(code, 2, "{err}");
    let path = config_path(&dir);
    let line = line_of("email = \"anna.lind@demo.example.org\"");
    has_line(
        &err,
        &format!(
            "{path}:{line}:9: officer[0].email: \"anna.lind@evil.example\" is in the domain \"evil.example\", which is not an allowed mail domain (an address in \"demo.example.org\": [mail] allowed_domains)"
        ),
    );
    // A look-alike that only ends in the domain's letters is out too.
    let (code, err, _dir) = check_edited(|s| {
        s.replace(
            "email = \"anna.lind@demo.example.org\"",
            "email = \"anna.lind@evildemo.example.org\"",
        )
    });
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("officer[0].email: \"anna.lind@evildemo.example.org\" is in the domain \"evildemo.example.org\""), "{err}");
}

#[test]
fn allowed_domains_lists_the_mail_domains_and_their_subdomains() {
    let from = "from = \"Medborgarkontoret Demo <entre@demo.example.org>\"";
    let (code, err, _dir) = check_edited(|s| {
        s.replace(
            from,
            &format!("{from}\nallowed_domains = [\"demo.example.org\", \"Stockholm.SE\"]"),
        )
        .replace(
            "email = \"anna.lind@demo.example.org\"",
            "email = \"anna.lind@edu.stockholm.se\"",
        )
    });
    assert_eq!(code, 0, "{err}");
    // Listed: the from domain is no longer implied.
    let (code, err, dir) = check_edited(|s| {
        s.replace(
            from,
            &format!("{from}\nallowed_domains = [\"stockholm.se\", \"not a domain\"]"),
        )
    });
    assert_eq!(code, 2, "{err}");
    let path = config_path(&dir);
    let line = line_of(from) + 1;
    has_line(
        &err,
        &format!(
            "{path}:{line}:36: mail.allowed_domains[1]: \"not a domain\" is not a domain name (the mail domains of officer addresses, e.g. [\"stockholm.se\"]; subdomains are included)"
        ),
    );
    let (code, err, dir) = check_edited(|s| {
        s.replace(
            from,
            &format!("{from}\nallowed_domains = [\"stockholm.se\"]"),
        )
    });
    assert_eq!(code, 2, "{err}");
    let path = config_path(&dir);
    let officer = line_of("email = \"asa.ostlund@demo.example.org\"") + 1;
    has_line(
        &err,
        &format!(
            "{path}:{officer}:9: officer[1].email: \"asa.ostlund@demo.example.org\" is in the domain \"demo.example.org\", which is not an allowed mail domain (an address in \"stockholm.se\": [mail] allowed_domains)"
        ),
    );
}

#[test]
fn an_officer_address_of_255_bytes_or_with_bidi_characters_is_an_error() {
    let long = common::address_of_255_bytes();
    let (code, err, dir) = check_edited(|s| {
        s.replace(
            "email = \"anna.lind@demo.example.org\"",
            &format!("email = \"{long}\""),
        )
    });
    assert_eq!(code, 2, "{err}");
    let path = config_path(&dir);
    let line = line_of("email = \"anna.lind@demo.example.org\"");
    let quoted = format!("\"{}…\"", &long[..80]);
    has_line(
        &err,
        &format!(
            "{path}:{line}:9: officer[0].email: {quoted} is 255 bytes long (at most 254) (an address in \"demo.example.org\": [mail] allowed_domains)"
        ),
    );
    // One byte less passes.
    let ok = long.replacen("l@", "@", 1);
    let (code, err, _dir) = check_edited(|s| {
        s.replace(
            "email = \"anna.lind@demo.example.org\"",
            &format!("email = \"{ok}\""),
        )
    });
    assert_eq!(code, 0, "{err}");

    let (code, err, dir) = check_edited(|s| {
        s.replace(
            "email = \"anna.lind@demo.example.org\"",
            "email = \"anna\\u202e@demo.example.org\"",
        )
    });
    assert_eq!(code, 2, "{err}");
    has_line(
        &err,
        &format!(
            "{}:{line}:9: officer[0].email: contains U+202E (a bidi control character) at character 5 (plain text: no line breaks, control, bidi or format characters)",
            config_path(&dir)
        ),
    );
}

#[test]
fn a_line_break_or_bidi_override_in_a_name_is_an_error() {
    let path_line = |dir: &tempfile::TempDir, needle: &str| (config_path(dir), line_of(needle));
    // CR or LF in an officer's name: the kiosk panicked at check-in (101).
    let (code, err, dir) =
        check_edited(|s| s.replace("name = \"Anna Lind\"", "name = \"Anna\\r\\nLind\""));
    assert_eq!(code, 2, "{err}");
    let (path, line) = path_line(&dir, "name = \"Anna Lind\"");
    has_line(
        &err,
        &format!(
            "{path}:{line}:8: officer[0].name: contains U+000D (a line break) at character 5 (plain text: no line breaks, control, bidi or format characters)"
        ),
    );
    // ... and in the office's name (in every mail's subject).
    let (code, err, dir) = check_edited(|s| {
        s.replace(
            "name = \"Medborgarkontoret Demo\"",
            "name = \"\"\"Medborgarkontoret\nDemo\"\"\"",
        )
    });
    assert_eq!(code, 2, "{err}");
    let (path, line) = path_line(&dir, "name = \"Medborgarkontoret Demo\"");
    has_line(
        &err,
        &format!(
            "{path}:{line}:8: office.name: contains U+000A (a line break) at character 18 (plain text: no line breaks, control, bidi or format characters)"
        ),
    );
    // "\u202eDNIL ANNA" would show as "ANNA LIND".
    let (code, err, dir) =
        check_edited(|s| s.replace("name = \"Anna Lind\"", "name = \"\\u202EDNIL ANNA\""));
    assert_eq!(code, 2, "{err}");
    let (path, line) = path_line(&dir, "name = \"Anna Lind\"");
    has_line(
        &err,
        &format!(
            "{path}:{line}:8: officer[0].name: contains U+202E (a bidi control character) at character 1 (plain text: no line breaks, control, bidi or format characters)"
        ),
    );
    // A zero-width space in a unit's name; Persian's ZWNJ stays allowed.
    let (code, err, _dir) = check_edited(|s| {
        s.replace(
            "name = \"Ekonomiskt bistånd\"",
            "name = \"Försörjnings\\u200Bstöd\"",
        )
    });
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("unit[0].name: contains U+200B (an invisible format character)"),
        "{err}"
    );
    let (code, err, _dir) =
        check_edited(|s| s.replace("name = \"Ekonomiskt bistånd\"", "name = \"می\\u200Cخواهم\""));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn allowed_link_hosts_must_be_host_names() {
    let (code, err, _dir) = check_edited(|s| {
        format!("{s}\n[content]\nallowed_link_hosts = [\"stockholm.se\", \"skatteverket.se\"]\n")
    });
    assert_eq!(code, 0, "{err}");
    let (code, err, dir) = check_edited(|s| {
        format!(
            "{s}\n[content]\nallowed_link_hosts = [\"stockholm.se\", \"https://evil.example/\"]\n"
        )
    });
    assert_eq!(code, 2, "{err}");
    let line = common::DEMO.lines().count() + 3;
    has_line(
        &err,
        &format!(
            "{}:{line}:39: content.allowed_link_hosts[1]: \"https://evil.example/\" is not a host name (host names QR links may lead to, e.g. [\"stockholm.se\"]; subdomains are included)",
            config_path(&dir)
        ),
    );
    let (code, err, _dir) = check_edited(|s| format!("{s}\n[content]\nallowed_link_hosts = []\n"));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(": content.allowed_link_hosts: is empty ("),
        "{err}"
    );
}

#[test]
fn a_hub_url_with_a_user_part_is_an_error() {
    // Parsed by the url crate: the host is evil.example, not the hub.
    for url in [
        "https://hub.example.org@evil.example/",
        "https://kiosk:secret@hub.example.org",
        "http://localhost@evil.example/",
        "https://hub.example.org/\\u202e",
    ] {
        let (code, err, _dir) = check_edited(|s| {
            s.replace(
                "# url = \"https://hub.example.org\"",
                &format!("url = \"{url}\""),
            )
        });
        assert_eq!(code, 2, "{url}: {err}");
        assert!(err.contains(": hub.url: "), "{url}: {err}");
    }
    let (code, err, _dir) = check_edited(|s| {
        s.replace(
            "# url = \"https://hub.example.org\"",
            "url = \"http://127.0.0.1:8080\"",
        )
    });
    assert_eq!(code, 0, "{err}");
}

/// The statistics' keys of issue 18: `[office] timezone` must be a known
/// IANA zone, `[privacy] min_cell` from 1 to 100, `[survey] exit_tile` true
/// or false; each error names file, line, column and key, all at once.
#[test]
fn office_timezone_min_cell_and_exit_tile_are_checked() {
    let (code, err, dir) = check_edited(|s| {
        s.replace(
            "timezone = \"Europe/Stockholm\"",
            "timezone = \"Mars/Olympus\"",
        )
        .replace("min_cell = 5 ", "min_cell = 0 ")
        .replace("exit_tile = true", "exit_tile = \"yes\"")
    });
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.lines().count(), 3, "one line per problem:\n{err}");
    let path = config_path(&dir);
    for expected in [
        format!(
            "{path}:{}:12: office.timezone: \"Mars/Olympus\" is not a known time zone (an IANA time zone, e.g. \"Europe/Stockholm\")",
            line_of("timezone = \"Europe/Stockholm\"")
        ),
        format!(
            "{path}:{}:12: privacy.min_cell: 0 is out of range (a whole number from 1 to 100)",
            line_of("min_cell = 5 ")
        ),
        format!(
            "{path}:{}:13: survey.exit_tile: expected true or false, found a text",
            line_of("exit_tile = true")
        ),
    ] {
        has_line(&err, &expected);
    }
    // And the good values pass: another zone, the smallest min_cell.
    let (code, err, _dir) = check_edited(|s| {
        s.replace(
            "timezone = \"Europe/Stockholm\"",
            "timezone = \"America/New_York\"",
        )
        .replace("min_cell = 5 ", "min_cell = 1 ")
        .replace("exit_tile = true", "exit_tile = false")
    });
    assert_eq!(code, 0, "{err}");
}
