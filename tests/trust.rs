//! Nothing from the config or the hub trusted blindly (issue 14, points
//! 4-6), as a visitor meets it: the errand page says where its QR code
//! leads, a name with a line break cannot take the kiosk down at check-in,
//! and `entre check-content` refuses hostile links and bidi overrides.

mod common;

use std::process::Command;

use common::{t, tap, tap_run};
use entre::ui::app::Screen;

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn the_errand_page_shows_where_the_qr_code_leads_in_every_direction() {
    let dir = tempfile::tempdir().unwrap();
    let (tree, errors) = entre::content::check(
        entre::content::embedded()
            .map(|(l, e, s)| (l.to_string(), e.to_string(), format!("{l}/{e}"), s)),
        &[],
        &common::allowed(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    for (lang, name) in [("sv", "Svenska"), ("ar", "العربية"), ("fa", "فارسی")] {
        let mut app = common::demo_app(dir.path());
        tap(&mut app, name);
        tap(&mut app, &t(lang, "purpose-guidance"));
        let bundle = &tree[lang]["preschool"];
        let shown = bundle.link.as_ref().unwrap().host.clone();
        assert!(shown.contains("stockholm"), "{shown}");
        common::tap_flowing(&mut app, &bundle.title);
        assert!(matches!(app.screen(), Screen::Errand(_)));
        // Whole (it may break after a dot), on screen, below the code.
        let host = common::find_flowing(&app, &shown)
            .unwrap_or_else(|| panic!("{lang}: the host {shown:?} is shown"));
        let (w, _) = common::viewport();
        assert!(
            host.x >= 0.0 && host.x + host.width <= w,
            "{lang}: {host:?}"
        );
        let hint = common::bounds(&app, &t(lang, "guidance-link"));
        assert!(host.y > hint.y + 150.0, "{lang}: under the code: {host:?}");
    }
}

#[test]
fn a_line_break_in_an_officer_or_office_name_does_not_take_the_kiosk_down() {
    // check-config refuses these now; a directory that somehow holds one
    // still gives a check-in with its mail, never a panic (exit 101).
    let rt = rt();
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::demo_config(dir.path());
    config.officers[0].name = "Anna\r\nLind".into();
    config.office.name = "Medborgarkontoret\nDemo".into();
    let mut app = common::app_for(config);
    tap(&mut app, "Svenska");
    tap(&mut app, &t("sv", "purpose-checkin"));
    tap(&mut app, "Ekonomiskt bistånd");
    tap(&mut app, "Anna\r\nLind");
    tap_run(&rt, &mut app, &t("sv", "checkin-confirm-yes"));
    assert!(matches!(app.screen(), Screen::Arrival(_)));
    assert!(!app.is_fatal());
    let mail: Vec<_> = std::fs::read_dir(dir.path().join("var/mail"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .filter(|m| m.contains("anna.lind@demo.example.org"))
        .collect();
    assert_eq!(mail.len(), 1, "the mail is written");
    assert!(
        mail[0].contains("To: \"Anna Lind\" <anna.lind@demo.example.org>")
            || mail[0].contains("To: Anna Lind <anna.lind@demo.example.org>"),
        "{}",
        mail[0]
    );
}

/// A copy of the packaged Swedish preschool bundle with `edit` applied, in
/// a tree of its own, checked by `entre check-content`.
fn check_content(edit: impl FnOnce(String) -> String) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let sv = dir.path().join("sv");
    std::fs::create_dir(&sv).unwrap();
    let src = std::fs::read_to_string("assets/guidance/sv/preschool.toml").unwrap();
    let file = sv.join("preschool.toml");
    std::fs::write(&file, edit(src)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_entre"))
        .arg("--config")
        .arg(dir.path().join("none.toml"))
        .arg("check-content")
        .arg(dir.path())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        file.display().to_string(),
    )
}

/// A bundle's text with its `[link] url` set to `link` (as written in TOML).
fn with_url(s: &str, link: &str) -> String {
    let at = s.find("\nurl = \"").unwrap() + 1;
    let end = at + s[at + 7..].find('"').unwrap() + 8;
    format!("{}url = \"{link}\"{}", &s[..at], &s[end..])
}

#[test]
fn check_content_refuses_hostile_links_and_bidi_overrides() {
    let (code, err, _) = check_content(|s| s);
    assert_eq!(code, 0, "{err}");
    let url_line = std::fs::read_to_string("assets/guidance/sv/preschool.toml")
        .unwrap()
        .lines()
        .position(|l| l.starts_with("url = "))
        .unwrap()
        + 1;
    let rule = "(an https:// address on an allowed link host: [content] allowed_link_hosts)";
    for (link, why) in [
        (
            "https://www.stockholm.se@evil.example/",
            "has a user name or password before the host",
        ),
        (
            "https://evil-stockholm.se/",
            "leads to \"evil-stockholm.se\", which is not an allowed link host",
        ),
        (
            "https://www.xn--stckholm-n4a.se/",
            "leads to \"www.xn--stckholm-n4a.se\", which is not an allowed link host",
        ),
        (
            "https://xn--www-qla.stockholm.se/",
            "leads to the internationalised host \"xn--www-qla.stockholm.se\", which the allowed link hosts do not name",
        ),
        ("http://www.stockholm.se/", "uses \"http:\" (https only)"),
    ] {
        let (code, err, file) = check_content(|s| with_url(&s, link));
        assert_eq!(code, 2, "{link}: {err}");
        let expected = format!(
            "{file}:{url_line}: link.url: {} {why} {rule}",
            entre_core::text::quote(link)
        );
        assert!(
            err.lines().any(|l| l == expected),
            "expected\n{expected}\nin:\n{err}"
        );
    }
    // A bidi override in a link: refused as in every text of a bundle.
    let (code, err, file) =
        check_content(|s| with_url(&s, "https://www.stockholm.se/\\u202Efdp.exe"));
    assert_eq!(code, 2, "{err}");
    let expected = format!(
        "{file}:{url_line}: link.url: contains U+202E (a bidi control character) at character 26 (plain text: no line breaks, control, bidi or format characters)"
    );
    assert!(err.lines().any(|l| l == expected), "{expected}\nin:\n{err}");
    // A bidi override in a step: "\u202eDNIL ANNA" reads "ANNA LIND".
    let (code, err, file) =
        check_content(|s| s.replacen("steps = [\n  \"", "steps = [\n  \"\\u202EDNIL ANNA ", 1));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("{file}:"))
            && err
                .contains(": steps[0]: contains U+202E (a bidi control character) at character 1"),
        "{err}"
    );
}
