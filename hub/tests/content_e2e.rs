//! Content end to end with real parts: the real `entre-hub` server running,
//! versions imported and published with its command line beside it, and
//! the real kiosk (`entre sync --once`, target/release/entre) fetching
//! them: each publication is served at the very next request, the kiosk
//! accepts every document (city guidance, an office override, a
//! directory), and a second request is answered 304. On SQLite and on
//! PostgreSQL.
//!
//! Build the kiosk first: `cargo build --release --bin entre`.

mod api_common;
mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use api_common::*;

fn kiosk(dir: &Path, id: &str, url: &str, token_file: &Path) -> PathBuf {
    let src = std::fs::read_to_string(root().join("kiosk.toml")).unwrap();
    let src = src
        .replace(
            "# url = \"https://hub.example.org\"",
            &format!("url = \"{url}\"\ntoken_file = \"{}\"", token_file.display()),
        )
        .replace("id = \"demo-entre-1\"", &format!("id = \"{id}\""));
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("kiosk.toml");
    std::fs::write(&path, src).unwrap();
    path
}

/// The package's bundles: every errand in every language.
fn packaged_bundles() -> usize {
    std::fs::read_dir(root().join("assets/guidance"))
        .unwrap()
        .map(|l| std::fs::read_dir(l.unwrap().path()).unwrap().count())
        .sum()
}

fn sync(config: &Path) -> String {
    let out: Output = std::process::Command::new(entre_bin())
        .arg("--config")
        .arg(config)
        .args(["sync", "--once"])
        .env_remove("ENTRE_HUB_TOKEN")
        .output()
        .unwrap();
    let said = printed(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    said
}

fn ok(out: Output) -> String {
    let said = printed(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    said
}

fn round_trip(db_url: &str, dir: &Path) {
    let mut hub = Hub::new(dir, db_url, "");
    hub.start();
    let token = hub.add_kiosk("north-entre-1", "north");
    let token_file = dir.join("north-token");
    std::fs::write(&token_file, &token).unwrap();
    let kcfg = kiosk(&dir.join("kiosk"), "north-entre-1", &hub.url(), &token_file);

    // Nothing published: the kiosk keeps the package's content.
    assert!(sync(&kcfg).contains("hub content: none for this kiosk"));

    // City guidance, imported and published from the command line while
    // the server runs: served at the next request.
    let said = ok(hub.cmd(&[
        "content",
        "import",
        root().join("assets/guidance").to_str().unwrap(),
    ]));
    assert!(said.starts_with("draft 1: first version: "), "{said}");
    assert!(
        sync(&kcfg).contains("hub content: none for this kiosk"),
        "a draft is not served"
    );
    ok(hub.cmd(&["content", "publish", "1"]));
    let said = sync(&kcfg);
    assert!(
        said.contains(&format!(
            "hub content: version c1 in use ({} bundles, the config's directory)",
            packaged_bundles()
        )),
        "{said}"
    );
    assert!(sync(&kcfg).contains("hub content: not modified (in use: c1)"));

    // North's own housing bundle in every language, and its directory.
    let north = dir.join("north-guidance");
    for lang in ["sv", "en", "ar", "fa", "so", "ti", "fi", "tr", "pl", "uk"] {
        std::fs::create_dir_all(north.join(lang)).unwrap();
        let text = std::fs::read_to_string(
            root()
                .join("assets/guidance")
                .join(lang)
                .join("housing.toml"),
        )
        .unwrap()
        .replacen("title = \"", "title = \"Norr: ", 1);
        std::fs::write(north.join(lang).join("housing.toml"), text).unwrap();
    }
    let said = ok(hub.cmd(&[
        "content",
        "import",
        north.to_str().unwrap(),
        "--office",
        "north",
    ]));
    assert!(said.starts_with("draft 2: "), "{said}");
    ok(hub.cmd(&["content", "publish", "2"]));
    let dfile = dir.join("directory.toml");
    std::fs::write(
        &dfile,
        "[[unit]]\nid = \"social\"\nname = \"Ekonomiskt bistånd Norr\"\n\n[[officer]]\nname = \"Sara Berg\"\nunit = \"social\"\nemail = \"sara.berg@demo.example.org\"\n",
    )
    .unwrap();
    let said = ok(hub.cmd(&[
        "directory",
        "import",
        dfile.to_str().unwrap(),
        "--office",
        "north",
    ]));
    assert!(
        said.starts_with(
            "draft 3: first version: units: +1 (social), ~0, -0; officers: +1, ~0, -0"
        ),
        "{said}"
    );
    ok(hub.cmd(&["content", "publish", "3"]));
    let said = sync(&kcfg);
    assert!(
        said.contains(&format!(
            "hub content: version c1-o2-d3 in use ({} bundles, 1 units, 1 officers)",
            packaged_bundles()
        )),
        "{said}"
    );
    // The kiosk shows north's housing, the city's other errands.
    let store = entre::store::Store::open(&dir.join("kiosk/var/entre.sqlite")).unwrap();
    let cached = store.cached_guidance().unwrap();
    let title = |lang: &str, errand: &str| {
        let (_, _, body) = cached
            .iter()
            .rev()
            .find(|(l, e, _)| l == lang && e == errand)
            .unwrap_or_else(|| panic!("no {lang}/{errand} in the kiosk"));
        let t: toml::Table = toml::from_str(body).unwrap();
        t["title"].as_str().unwrap().to_string()
    };
    assert!(title("sv", "housing").starts_with("Norr: "));
    assert!(title("ar", "housing").starts_with("Norr: "));
    assert!(!title("sv", "work").starts_with("Norr: "));

    // Roll back north's override: a new version of it, then the old one
    // published again.
    let said = ok(hub.cmd(&[
        "content",
        "import",
        north.to_str().unwrap(),
        "--office",
        "north",
    ]));
    assert!(said.starts_with("draft 4: no change"), "{said}");
    ok(hub.cmd(&["content", "publish", "4"]));
    assert!(sync(&kcfg).contains("hub content: version c1-o4-d3 in use"));
    ok(hub.cmd(&["content", "publish", "2"]));
    assert!(sync(&kcfg).contains("hub content: version c1-o2-d3 in use"));

    let list = ok(hub.cmd(&["content", "list"]));
    assert_eq!(list.lines().count(), 4, "{list}");
    assert!(
        list.lines()
            .next()
            .unwrap()
            .trim_start()
            .starts_with("4  north  guidance  retired"),
        "{list}"
    );
    assert!(hub.log_text().lines().all(|l| !l.contains(token.as_str())));
}

#[test]
fn kiosks_fetch_what_is_published_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("hub.sqlite").display());
    round_trip(&db, dir.path());
}

#[test]
fn kiosks_fetch_what_is_published_on_postgres() {
    let dir = tempfile::tempdir().unwrap();
    round_trip(&common::pg::fresh_url(), dir.path());
}
