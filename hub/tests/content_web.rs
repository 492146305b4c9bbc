//! The content page refuses to publish a version with a bundle past its
//! valid_until, saying which errand, language and day; the version in use
//! stays (reqwest against the real `entre-hub` binary, SQLite file).

mod api_common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use api_common::*;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, SET_COOKIE};

const PW: &str = "ett långt lösenord 1";
const LANGS: &[&str] = &["sv", "en", "ar", "fa", "so", "ti", "fi", "tr", "pl", "uk"];

/// One errand, `apply`, in every language (the same text), valid until
/// `until`.
fn folder(dir: &Path, name: &str, until: &str) -> PathBuf {
    let text = format!(
        r#"title = "{name}"
summary = "Här får du hjälp med ansökan."
icon = "document"
steps = ["Gå till kontoret.", "Ta en nummerlapp.", "Visa dina papper."]
help = "Fråga en vägledare i receptionen."
tips = ["Ta med alla papper."]
terms = [
  {{ sv = "ansökan", meaning = "Det du skickar in." }},
  {{ sv = "beslut", meaning = "Svaret du får." }},
  {{ sv = "vägledare", meaning = "En person här som hjälper dig." }},
]
sources = ["https://start.stockholm/"]
reviewed = 2020-01-02
reviewed_by = "Redaktör för vägledningen, medborgarkontoren"
valid_until = {until}
"#
    );
    let root = dir.join(name);
    for lang in LANGS {
        std::fs::create_dir_all(root.join(lang)).unwrap();
        std::fs::write(root.join(lang).join("apply.toml"), &text).unwrap();
    }
    root
}

fn session_of(r: &reqwest::Response, name: &str) -> String {
    r.headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|s| s.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie"))
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

/// The value of the first hidden input `name` in a page.
fn hidden(page: &str, name: &str) -> String {
    let at = page
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} field in {page}"));
    let rest = &page[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_string()
}

#[test]
fn the_content_page_refuses_an_expired_bundle_and_keeps_the_published() {
    let dir = tempfile::tempdir().unwrap();
    let mut hub = Hub::new(
        dir.path(),
        &format!("sqlite://{}", dir.path().join("hub.sqlite").display()),
        "",
    );
    hub.start();
    let mut child = Command::new(HUB)
        .arg("--config")
        .arg(&hub.config)
        .args(["user", "add", "eva", "--role", "editor"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PW}\n").as_bytes())
        .unwrap();
    assert!(child.wait_with_output().unwrap().status.success());

    let good = folder(dir.path(), "Giltig", "2099-12-31");
    let out = hub.cmd(&["content", "import", good.to_str().unwrap()]);
    assert!(out.status.success(), "{}", printed(&out));
    let out = hub.cmd(&["content", "publish", "1"]);
    assert!(out.status.success(), "{}", printed(&out));
    let old = folder(dir.path(), "Gammal", "2021-01-02");
    let out = hub.cmd(&["content", "import", old.to_str().unwrap()]);
    assert!(out.status.success(), "{}", printed(&out));

    rt().block_on(async {
        let c = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let url = hub.url();
        let r = c.get(format!("{url}/login")).send().await.unwrap();
        let form = session_of(&r, "entre_hub_form");
        let csrf = hidden(&r.text().await.unwrap(), "csrf");
        let r = c
            .post(format!("{url}/login"))
            .header(COOKIE, form)
            .form(&[("csrf", csrf.as_str()), ("name", "eva"), ("password", PW)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let session = session_of(&r, "entre_hub_session");
        let page = c
            .get(format!("{url}/content"))
            .header(COOKIE, &session)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = hidden(&page, "csrf");
        let r = c
            .post(format!("{url}/content/2/publish"))
            .header(COOKIE, &session)
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text().await.unwrap();
        assert!(
            page.contains("Version 2 kunde inte publiceras: 10 fel. Inget ändrades."),
            "{page}"
        );
        for lang in LANGS {
            assert!(
                page.contains(&format!(
                    "{lang}/apply.toml: errand &quot;apply&quot;, language {lang}: valid_until 2021-01-02 has passed"
                )) || page.contains(&format!(
                    "{lang}/apply.toml: errand \"apply\", language {lang}: valid_until 2021-01-02 has passed"
                )),
                "{lang}: {page}"
            );
        }
    });
    // Version 1 is still the one in use; version 2 is still a draft.
    let out = hub.cmd(&["content", "list"]);
    let list = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = list.lines().collect();
    assert!(
        lines[0]
            .trim_start()
            .starts_with("2  city  guidance  draft"),
        "{list}"
    );
    assert!(
        lines[1]
            .trim_start()
            .starts_with("1  city  guidance  published"),
        "{list}"
    );
}
