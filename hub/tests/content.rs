//! Content: import (checked whole, as a kiosk checks it), drafts,
//! publishing, roll back, office overrides and the document a kiosk is
//! served; on both engines (a SQLite file and a throwaway PostgreSQL).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use entre_hub::config::HubConfig;
use entre_hub::content::{self, ContentError};
use entre_hub::store::{ContentKind, ContentStatus, Store};

const LANGUAGES: &[&str] = &["sv", "en", "ar", "fa", "so", "ti", "fi", "tr", "pl", "uk"];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A hub.toml for `url`, with offices `north` and `south`, beside `dir`.
fn hub_toml(dir: &Path, url: &str) -> PathBuf {
    let langs = LANGUAGES
        .iter()
        .map(|l| format!("\"{l}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let hosts = entre_core::link::DEFAULT_HOSTS
        .iter()
        .map(|h| format!("\"{h}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let text = format!(
        r#"[server]
listen = "127.0.0.1:0"

[database]
url = "{url}"

[[office]]
id = "north"
name = "Norr"

[[office]]
id = "south"
name = "Söder"

[mail]
allowed_domains = ["demo.example.org"]

[content]
allowed_link_hosts = [{hosts}]
languages = [{langs}]
"#
    );
    let path = dir.join("hub.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A copy of the package's guidance (10 errands in 10 languages).
fn guidance(tmp: &Path, name: &str) -> PathBuf {
    let dir = tmp.join(name);
    copy_dir(&repo().join("assets/guidance"), &dir);
    dir
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

/// Sets `key = value` on the line where `file` sets `key` (a one-line
/// key); an empty `value` drops the line.
fn set_key(file: &Path, key: &str, value: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    let prefix = format!("{key} = ");
    assert!(
        text.lines().any(|l| l.starts_with(&prefix)),
        "{} sets no {key}",
        file.display()
    );
    let out: String = text
        .lines()
        .filter_map(|l| match l.starts_with(&prefix) {
            true if value.is_empty() => None,
            true => Some(format!("{prefix}{value}\n")),
            false => Some(format!("{l}\n")),
        })
        .collect();
    std::fs::write(file, out).unwrap();
}

/// The errands of the package (its Swedish files).
fn packaged_errands() -> usize {
    std::fs::read_dir(repo().join("assets/guidance/sv"))
        .unwrap()
        .count()
}

/// Adds errand `library-card` in every language.
fn add_library_card(dir: &Path) {
    for lang in LANGUAGES {
        let text = std::fs::read_to_string(dir.join(lang).join("work.toml"))
            .unwrap()
            .replacen("title = \"", "title = \"Lib ", 1);
        std::fs::write(dir.join(lang).join("library-card.toml"), text).unwrap();
    }
}

fn served_guidance(body: &str) -> serde_json::Value {
    let doc: serde_json::Value = serde_json::from_str(body).unwrap();
    doc["guidance"].clone()
}

fn title_of(bundle: &serde_json::Value) -> String {
    let text = bundle.as_str().unwrap();
    let table: toml::Table = toml::from_str(text).unwrap();
    table["title"].as_str().unwrap().to_string()
}

/// Every check of this file, on one engine.
async fn scenarios(store: &dyn Store, config: &HubConfig, tmp: &Path) {
    refused_whole(store, config, tmp).await;
    drafts_publish_review_rollback_and_overrides(store, config, tmp).await;
    directory(store, config, tmp).await;
    upload(store, config).await;
}

/// Files uploaded from the content page (a folder chosen in the browser:
/// names start with its name; a README and hidden files beside them).
async fn upload(store: &dyn Store, config: &HubConfig) {
    let mut files = vec![
        ("guidance/README.md".to_string(), b"# notes".to_vec()),
        ("guidance/.DS_Store".to_string(), vec![0, 159, 255]),
    ];
    for lang in LANGUAGES {
        for e in std::fs::read_dir(repo().join("assets/guidance").join(lang)).unwrap() {
            let e = e.unwrap();
            let name = format!("guidance/{lang}/{}", e.file_name().to_string_lossy());
            files.push((name, std::fs::read(e.path()).unwrap()));
        }
    }
    // Against the city's version in use (library-card added, Swedish
    // housing changed): the package's guidance again.
    let imported = content::import_files(store, config, files.clone(), None, "anna")
        .await
        .unwrap();
    assert_eq!(
        imported.summary,
        "sv: +0, ~1 (housing), -1 (library-card); ar, en, fa, fi, pl, so, ti, tr, uk: +0, ~0, -1 (library-card)"
    );
    // A file given twice, and one not UTF-8: refused, each named.
    files.push(("other/sv/housing.toml".to_string(), b"x".to_vec()));
    files.push(("guidance/en/work.toml".to_string(), vec![0xff, 0xfe]));
    let Err(ContentError::Refused(problems)) =
        content::import_files(store, config, files, None, "anna").await
    else {
        panic!("a bad upload was not refused");
    };
    assert!(
        problems.contains(&"sv/housing.toml: given twice".to_string()),
        "{problems:?}"
    );
    assert!(
        problems.contains(&"en/work.toml: given twice".to_string()),
        "{problems:?}"
    );
    assert!(matches!(
        content::import_files(store, config, vec![], None, "anna").await,
        Err(ContentError::Refused(p)) if p[0].starts_with("no bundle files")
    ));
}

/// One bad folder: a missing key, an http:// link, a host not allowed, a
/// bidi character, each in a different file: refused whole, every problem
/// with FILE:LINE, nothing stored.
async fn refused_whole(store: &dyn Store, config: &HubConfig, tmp: &Path) {
    let dir = guidance(tmp, "bad");
    set_key(&dir.join("sv/housing.toml"), "help", "");
    // The QR link (`[link] url`), not a source, which may be on any host.
    edit(
        &dir.join("en/work.toml"),
        "url = \"https://arbetsformedlingen.se",
        "url = \"http://arbetsformedlingen.se",
    );
    edit(
        &dir.join("ar/work.toml"),
        "url = \"https://arbetsformedlingen.se",
        "url = \"https://evil.example.com",
    );
    edit(
        &dir.join("fi/work.toml"),
        "title = \"",
        "title = \"\u{202e}",
    );
    let Err(ContentError::Refused(problems)) =
        content::import_dir(store, config, &dir, None, "anna").await
    else {
        panic!("a bad folder was not refused");
    };
    let text = problems.join("\n");
    let line_of = |file: &str, what: &str| {
        let p = problems
            .iter()
            .find(|p| p.contains(file) && p.contains(what))
            .unwrap_or_else(|| panic!("no problem {what:?} in {file}:\n{text}"));
        // FILE:LINE: what, with a real line.
        let rest = &p[p.find(file).unwrap() + file.len()..];
        let line: usize = rest[1..].split(':').next().unwrap().parse().unwrap();
        assert!(rest.starts_with(':') && line > 0, "{p}");
    };
    line_of("sv/housing.toml", "help");
    line_of("en/work.toml", "http://arbetsformedlingen.se");
    line_of("ar/work.toml", "evil.example.com");
    line_of("fi/work.toml", "U+202E");
    assert!(
        store.content_versions().await.unwrap().is_empty(),
        "nothing is stored"
    );

    // An office that hub.toml does not have.
    let good = guidance(tmp, "good-for-nowhere");
    assert!(matches!(
        content::import_dir(store, config, &good, Some("nowhere"), "anna").await,
        Err(ContentError::UnknownOffice(_))
    ));
    // An errand missing in one language.
    std::fs::remove_file(good.join("uk/housing.toml")).unwrap();
    let Err(ContentError::Refused(problems)) =
        content::import_dir(store, config, &good, None, "anna").await
    else {
        panic!("an incomplete folder was not refused");
    };
    assert!(
        problems
            .iter()
            .any(|p| p.contains("uk/housing.toml") && p.contains("missing")),
        "{problems:?}"
    );
    // Uploaded files with a bad name.
    let Err(ContentError::Refused(problems)) = content::import_files(
        store,
        config,
        vec![("housing.toml".into(), b"title = \"x\"".to_vec())],
        None,
        "anna",
    )
    .await
    else {
        panic!("a badly named upload was not refused");
    };
    assert!(problems[0].contains("<lang>/<errand>.toml"), "{problems:?}");
    assert!(store.content_versions().await.unwrap().is_empty());
}

async fn drafts_publish_review_rollback_and_overrides(
    store: &dyn Store,
    config: &HubConfig,
    tmp: &Path,
) {
    // Nothing published: nothing served.
    assert_eq!(content::served(store, config, "north").await.unwrap(), None);
    assert_eq!(content::served_etag(store, "north").await.unwrap(), None);

    let one = guidance(tmp, "one");
    let first = content::import_dir(store, config, &one, None, "anna")
        .await
        .unwrap();
    assert!(
        first.summary.starts_with("first version: sv, "),
        "{}",
        first.summary
    );
    // Published by the importer: not reviewed.
    content::publish(store, config, first.number, "anna")
        .await
        .unwrap();
    let (v, _) = store.content_version(first.number).await.unwrap().unwrap();
    assert_eq!(v.status, ContentStatus::Published);
    assert_eq!(v.published_by.as_deref(), Some("anna"));
    assert_eq!(v.reviewed_by, None);

    // Version 2: library-card added in every language, housing changed in
    // Swedish.
    let two = guidance(tmp, "two");
    add_library_card(&two);
    edit(&two.join("sv/housing.toml"), "title = \"", "title = \"Ny ");
    let second = content::import_dir(store, config, &two, None, "anna")
        .await
        .unwrap();
    assert_eq!(
        second.summary,
        "sv: +1 (library-card), ~1 (housing), -0; ar, en, fa, fi, pl, so, ti, tr, uk: +1 (library-card), ~0, -0"
    );
    let (v, _) = store.content_version(second.number).await.unwrap().unwrap();
    assert_eq!(
        (
            v.status,
            v.kind,
            v.office.as_deref(),
            v.imported_by.as_str()
        ),
        (ContentStatus::Draft, ContentKind::Guidance, None, "anna")
    );
    // Still the first in use.
    let served = content::served(store, config, "north")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(served.version, format!("c{}", first.number));
    assert_eq!(served.etag, format!("\"c{}\"", first.number));

    // Published by someone else: reviewed by them.
    content::publish(store, config, second.number, "bo")
        .await
        .unwrap();
    let (v, _) = store.content_version(second.number).await.unwrap().unwrap();
    assert_eq!(v.reviewed_by.as_deref(), Some("bo"));
    let (v, _) = store.content_version(first.number).await.unwrap().unwrap();
    assert_eq!(v.status, ContentStatus::Retired);
    let served = content::served(store, config, "north")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(served.version, format!("c{}", second.number));
    assert_eq!(
        content::served_etag(store, "north").await.unwrap(),
        Some(served.etag.clone())
    );
    let g = served_guidance(&served.body);
    assert!(g["uk"]["library-card"].is_string());
    // The kiosk's own check accepts it.
    entre_core::document::check(served.body.as_bytes(), &config.languages, &config.allowed)
        .unwrap();

    // Roll back to the first.
    content::publish(store, config, first.number, "bo")
        .await
        .unwrap();
    let served = content::served(store, config, "north")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(served.version, format!("c{}", first.number));
    assert!(served_guidance(&served.body)["sv"]["library-card"].is_null());
    let (v, _) = store.content_version(second.number).await.unwrap().unwrap();
    assert_eq!(v.status, ContentStatus::Retired);
    content::publish(store, config, second.number, "anna")
        .await
        .unwrap();

    // North's own housing, in every language: replaces the city's housing
    // for north only, and nothing else.
    let north = tmp.join("north");
    for lang in LANGUAGES {
        std::fs::create_dir_all(north.join(lang)).unwrap();
        let text = std::fs::read_to_string(one.join(lang).join("housing.toml"))
            .unwrap()
            .replacen("title = \"", "title = \"Norr ", 1);
        std::fs::write(north.join(lang).join("housing.toml"), text).unwrap();
    }
    let over = content::import_dir(store, config, &north, Some("north"), "anna")
        .await
        .unwrap();
    assert!(
        over.summary.starts_with("first version: "),
        "{}",
        over.summary
    );
    content::publish(store, config, over.number, "bo")
        .await
        .unwrap();
    let served = content::served(store, config, "north")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        served.version,
        format!("c{}-o{}", second.number, over.number)
    );
    let g = served_guidance(&served.body);
    for lang in LANGUAGES {
        assert!(title_of(&g[lang]["housing"]).starts_with("Norr "), "{lang}");
        assert!(
            title_of(&g[lang]["library-card"]).starts_with("Lib "),
            "{lang}"
        );
        assert!(!title_of(&g[lang]["work"]).starts_with("Norr "), "{lang}");
    }
    assert_eq!(g["sv"].as_object().unwrap().len(), packaged_errands() + 1);
    entre_core::document::check(served.body.as_bytes(), &config.languages, &config.allowed)
        .unwrap();
    let south = content::served(store, config, "south")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(south.version, format!("c{}", second.number));
    let g = served_guidance(&south.body);
    assert!(title_of(&g["sv"]["housing"]).starts_with("Ny "));
    assert!(!title_of(&g["en"]["housing"]).starts_with("Norr "));

    // A version of an office hub.toml no longer has is not published.
    let mut fewer = config.clone();
    fewer.offices.retain(|o| o.id != "north");
    assert!(matches!(
        content::publish(store, &fewer, over.number, "bo").await,
        Err(ContentError::UnknownOffice(_))
    ));
    assert!(matches!(
        content::publish(store, config, 9999, "bo").await,
        Err(ContentError::NotFound(9999))
    ));

    // Publishing is refused when the document kiosks would receive fails
    // their check: hub.toml stopped allowing a link host since the import.
    let mut narrower = config.clone();
    narrower.allowed = entre_core::Allowed::new(&["demo.example.org"], &["stockholm.se"]);
    let Err(ContentError::Refused(problems)) =
        content::publish(store, &narrower, first.number, "bo").await
    else {
        panic!("a document kiosks would refuse was published");
    };
    assert!(
        problems.iter().any(|p| p.contains("arbetsformedlingen.se")),
        "{problems:?}"
    );
    let served_now = content::served(store, config, "south")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(served_now.version, south.version, "nothing changed");

    expired_refused_at_publish(store, config, tmp, &south.version).await;
}

/// A draft whose Swedish housing ran out of review (valid_until before the
/// hub's today) and whose English work did too: imported as a draft, then
/// refused at publish naming errand, language and day; nothing published
/// is lost.
async fn expired_refused_at_publish(
    store: &dyn Store,
    config: &HubConfig,
    tmp: &Path,
    served_before: &str,
) {
    let old = guidance(tmp, "expired");
    for (lang, errand) in [("sv", "housing"), ("en", "work")] {
        let file = old.join(lang).join(format!("{errand}.toml"));
        set_key(&file, "reviewed", "2020-01-02");
        set_key(&file, "valid_until", "2021-01-02");
    }
    let draft = content::import_dir(store, config, &old, None, "anna")
        .await
        .unwrap();
    let Err(ContentError::Refused(problems)) =
        content::publish(store, config, draft.number, "bo").await
    else {
        panic!("an expired bundle was published");
    };
    let today = content::today(config);
    assert_eq!(
        problems,
        [
            format!(
                "sv/housing.toml: errand \"housing\", language sv: valid_until 2021-01-02 has passed (today is {today}): review the text, set reviewed and valid_until, and import it again"
            ),
            format!(
                "en/work.toml: errand \"work\", language en: valid_until 2021-01-02 has passed (today is {today}): review the text, set reviewed and valid_until, and import it again"
            ),
        ]
    );
    let (v, _) = store.content_version(draft.number).await.unwrap().unwrap();
    assert_eq!(v.status, ContentStatus::Draft, "still a draft");
    for office in ["north", "south"] {
        let now = content::served(store, config, office)
            .await
            .unwrap()
            .unwrap();
        assert!(
            served_guidance(&now.body)["sv"]["housing"].is_string(),
            "{office}: the published housing stays"
        );
    }
    let south = content::served(store, config, "south")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(south.version, served_before, "nothing changed");
}

async fn directory(store: &dyn Store, config: &HubConfig, tmp: &Path) {
    let file = tmp.join("directory.toml");
    std::fs::write(
        &file,
        "[[unit]]\nid = \"social\"\nname = \"Ekonomiskt bistånd\"\n\n[[officer]]\nname = \"Anna Lind\"\nunit = \"social\"\nemail = \"anna.lind@demo.example.org\"\n",
    )
    .unwrap();
    let d = content::import_directory(store, config, &file, "south", "anna")
        .await
        .unwrap();
    assert_eq!(
        d.summary,
        "first version: units: +1 (social), ~0, -0; officers: +1, ~0, -0"
    );
    content::publish(store, config, d.number, "anna")
        .await
        .unwrap();
    let served = content::served(store, config, "south")
        .await
        .unwrap()
        .unwrap();
    assert!(
        served.version.ends_with(&format!("-d{}", d.number)),
        "{}",
        served.version
    );
    let checked =
        entre_core::document::check(served.body.as_bytes(), &config.languages, &config.allowed)
            .unwrap();
    assert!(checked.directory.is_some());
    // North has no directory: none in its document.
    let north = content::served(store, config, "north")
        .await
        .unwrap()
        .unwrap();
    assert!(!north.version.contains("-d"));

    // Refused with PATH:LINE:COL: an officer in an unknown unit, an
    // address outside the mail domains.
    std::fs::write(
        &file,
        "[[unit]]\nid = \"social\"\nname = \"Ekonomiskt bistånd\"\n\n[[officer]]\nname = \"Anna Lind\"\nunit = \"nowhere\"\nemail = \"anna@evil.example\"\n",
    )
    .unwrap();
    let before = store.content_versions().await.unwrap().len();
    let Err(ContentError::Refused(problems)) =
        content::import_directory(store, config, &file, "south", "anna").await
    else {
        panic!("a bad directory was not refused");
    };
    let shown = file.display().to_string();
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with(&format!("{shown}:7:"))),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with(&format!("{shown}:8:"))),
        "{problems:?}"
    );
    assert_eq!(store.content_versions().await.unwrap().len(), before);

    // The units and officers of a whole kiosk.toml (the demo's first
    // start), its other sections left aside.
    let d =
        content::import_kiosk_directory(store, config, &repo().join("kiosk.toml"), "north", "anna")
            .await
            .unwrap();
    assert_eq!(
        d.summary,
        "first version: units: +3 (budget, family, social), ~0, -0; officers: +3, ~0, -0"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_on_both_engines() {
    for engine in common::engines().await {
        let tmp = tempfile::tempdir().unwrap();
        let config = entre_hub::config::load(&hub_toml(tmp.path(), &engine.url)).unwrap();
        eprintln!("engine {}", engine.name);
        scenarios(engine.store.as_ref(), &config, tmp.path()).await;
    }
}

/// The command line: a refused import exits 2 with every problem and
/// stores nothing; `content publish` from another process is served at the
/// next request of a running hub's store (no stale cache); `content list`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line() {
    for engine in common::engines().await {
        eprintln!("engine {}", engine.name);
        command_line(&engine.url).await;
    }
}

async fn command_line(url: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let config_path = hub_toml(tmp.path(), url);
    let hub = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_entre-hub"))
            .arg("--config")
            .arg(&config_path)
            .args(args)
            .output()
            .unwrap()
    };
    let bad = guidance(tmp.path(), "bad");
    edit(&bad.join("sv/work.toml"), "https://", "http://");
    edit(&bad.join("en/work.toml"), "https://", "http://");
    let out = hub(&["content", "import", bad.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("sv/work.toml:"), "{stderr}");
    assert!(stderr.contains("en/work.toml:"), "{stderr}");
    let out = hub(&["content", "list"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("no content versions"),
        "nothing stored"
    );

    let good = guidance(tmp.path(), "good");
    let out = hub(&["content", "import", good.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("draft 1: first version: "));

    // The server's own store handle, open all along.
    let config = entre_hub::config::load(&config_path).unwrap();
    let store = entre_hub::store::open(&config.database.url, None)
        .await
        .unwrap();
    assert_eq!(
        content::served_etag(store.as_ref(), "north").await.unwrap(),
        None
    );
    assert!(hub(&["content", "publish", "1"]).status.success());
    let served = content::served(store.as_ref(), &config, "north")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(served.version, "c1");
    add_library_card(&good);
    let out = hub(&["content", "import", good.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with(
            "draft 2: sv, ar, en, fa, fi, pl, so, ti, tr, uk: +1 (library-card), ~0, -0"
        ),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(hub(&["content", "publish", "2"]).status.success());
    assert_eq!(
        content::served_etag(store.as_ref(), "north")
            .await
            .unwrap()
            .as_deref(),
        Some("\"c2\"")
    );
    let served = content::served(store.as_ref(), &config, "north")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(served.version, "c2");

    let out = hub(&["content", "list"]);
    let list = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 2, "{list}");
    assert!(
        lines[0]
            .trim_start()
            .starts_with("2  city  guidance  published  imported by cli"),
        "{list}"
    );
    assert!(lines[0].contains("published by cli"), "{list}");
    assert!(lines[0].ends_with("+1 (library-card), ~0, -0"), "{list}");
    assert!(
        lines[1]
            .trim_start()
            .starts_with("1  city  guidance  retired"),
        "{list}"
    );

    // A draft with a bundle past its valid_until: imported, refused at
    // publish (exit 2, naming errand, language and day), nothing changed.
    let old = guidance(tmp.path(), "expired");
    set_key(&old.join("fi/housing.toml"), "reviewed", "2020-01-02");
    set_key(&old.join("fi/housing.toml"), "valid_until", "2021-01-02");
    let out = hub(&["content", "import", old.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = hub(&["content", "publish", "3"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "fi/housing.toml: errand \"housing\", language fi: valid_until 2021-01-02 has passed"
        ) && stderr.contains("refused: 1 problem(s); nothing was stored"),
        "{stderr}"
    );
    assert_eq!(
        content::served_etag(store.as_ref(), "north")
            .await
            .unwrap()
            .as_deref(),
        Some("\"c2\""),
        "the published version stays"
    );

    // Unknown office and version: exit 2, said plainly.
    let out = hub(&["directory", "import", "x.toml", "--office", "nowhere"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown office \"nowhere\""));
    let out = hub(&["content", "publish", "99"]);
    assert_eq!(out.status.code(), Some(2));
}

/// A Swedish bundle with every required key, written here (not the
/// package's), valid until `until`.
fn inline_bundle(title: &str, until: &str) -> String {
    format!(
        r#"title = "{title}"
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
    )
}

/// Publishing is refused for a bundle whose valid_until is before the
/// hub's local today, naming errand, language and day; the draft stays a
/// draft and what is published stays in use. (Bundles written here, so
/// that this holds whatever the package's texts are.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_bundle_is_refused_at_publish_and_the_published_stays() {
    for engine in common::engines().await {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("hub.toml");
        std::fs::write(
            &path,
            format!(
                "[server]\nlisten = \"127.0.0.1:0\"\n\n[database]\nurl = \"{}\"\n\n[[office]]\nid = \"north\"\nname = \"Norr\"\n\n[mail]\nallowed_domains = [\"demo.example.org\"]\n\n[content]\nlanguages = [\"sv\"]\n\n[stats]\ntimezone = \"Europe/Stockholm\"\n",
                engine.url
            ),
        )
        .unwrap();
        let config = entre_hub::config::load(&path).unwrap();
        let store = engine.store.as_ref();
        let folder = |name: &str, until: &str| {
            let dir = tmp.path().join(name);
            std::fs::create_dir_all(dir.join("sv")).unwrap();
            std::fs::write(dir.join("sv/apply.toml"), inline_bundle(name, until)).unwrap();
            dir
        };
        let good = content::import_dir(
            store,
            &config,
            &folder("Giltig", "2099-12-31"),
            None,
            "anna",
        )
        .await
        .unwrap();
        content::publish(store, &config, good.number, "bo")
            .await
            .unwrap();
        let before = content::served(store, &config, "north")
            .await
            .unwrap()
            .unwrap();

        let old = content::import_dir(
            store,
            &config,
            &folder("Gammal", "2021-01-02"),
            None,
            "anna",
        )
        .await
        .unwrap();
        let Err(ContentError::Refused(problems)) =
            content::publish(store, &config, old.number, "bo").await
        else {
            panic!("{}: an expired bundle was published", engine.name);
        };
        let today = content::today(&config);
        assert_eq!(
            problems,
            [format!(
                "sv/apply.toml: errand \"apply\", language sv: valid_until 2021-01-02 has passed (today is {today}): review the text, set reviewed and valid_until, and import it again"
            )],
            "{}",
            engine.name
        );
        let (v, _) = store.content_version(old.number).await.unwrap().unwrap();
        assert_eq!(v.status, ContentStatus::Draft);
        let after = content::served(store, &config, "north")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            after, before,
            "{}: the published version stays",
            engine.name
        );
        assert!(title_of(&served_guidance(&after.body)["sv"]["apply"]) == "Giltig");
    }
}
