//! The staff pages in a real browser: Debian's `chromium` driven by
//! `chromedriver` over WebDriver (plain W3C WebDriver JSON over HTTP with
//! reqwest; no client crate), against the real `entre-hub` binary (the
//! bundled demo hub.toml, SQLite) and the real `entre` kiosk binary
//! (`cargo build --release --bin entre` first).
//!
//! The demo admin logs in and sees the kiosk that just synced on the fleet
//! page; one editor uploads a content folder on the content page, another
//! publishes it ("granskad av" shown); the kiosk's next `entre sync --once`
//! fetches it; a guide is refused the content page. Every page is captured
//! at 390 px (a phone) and 1280 px wide under target/screenshots/ (the
//! path is printed): look at them.
//!
//! Needs /usr/bin/chromium and /usr/bin/chromedriver (apt: chromium,
//! chromium-driver).

mod api_common;
mod browser_common;

use std::path::{Path, PathBuf};
use std::process::Command;

use api_common::*;
use browser_common::*;
use serde_json::json;

/// Screenshots (target/screenshots) and the phone layout's checks.
async fn shoot(b: &Browser, name: &str) {
    browser_common::shoot(b, "screenshots", name).await;
    b.check_phone_layout(name).await;
}

/// The demo kiosk.toml in `dir`, syncing to `url` with `token_file`.
fn kiosk(dir: &Path, url: &str, token_file: &Path) -> PathBuf {
    let src = std::fs::read_to_string(root().join("kiosk.toml")).unwrap();
    let src = src.replace(
        "# url = \"https://hub.example.org\"",
        &format!("url = \"{url}\"\ntoken_file = \"{}\"", token_file.display()),
    );
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("kiosk.toml");
    std::fs::write(&path, src).unwrap();
    path
}

/// `entre sync --once`: what it printed (asserting success).
fn sync(config: &Path) -> String {
    let out = Command::new(entre_bin())
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

/// The content version `entre sync --once` said it put in use.
fn version_in_use(said: &str) -> String {
    let line = said
        .lines()
        .find(|l| l.starts_with("hub content: version "))
        .unwrap_or_else(|| panic!("no content version in {said}"));
    line["hub content: version ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .to_string()
}

/// A copy of the repository's guidance in `dir/guidance`, with `edit`
/// applied to sv/housing.toml.
fn guidance_copy(dir: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let to = dir.join("guidance");
    for lang in std::fs::read_dir(root().join("assets/guidance")).unwrap() {
        let lang = lang.unwrap().path();
        let into = to.join(lang.file_name().unwrap());
        std::fs::create_dir_all(&into).unwrap();
        for f in std::fs::read_dir(&lang).unwrap() {
            let f = f.unwrap().path();
            std::fs::copy(&f, into.join(f.file_name().unwrap())).unwrap();
        }
    }
    let housing = to.join("sv/housing.toml");
    let text = std::fs::read_to_string(&housing).unwrap();
    std::fs::write(&housing, edit(text)).unwrap();
    to
}

const PW: &str = "ett långt lösenord 1";

#[test]
fn staff_pages_in_chromium() {
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "apt install chromium chromium-driver"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut hub = demo_hub(dir.path());
    hub.start();
    let url = hub.url();
    let first = hub.stdout_text();
    let admin_pw = first
        .lines()
        .find_map(|l| {
            l.split_once("demo admin: user name demo-admin, password ")
                .and_then(|(_, p)| p.split_whitespace().next())
                .map(str::to_string)
        })
        .unwrap_or_else(|| panic!("no demo admin password in {first}"));
    // A real kiosk syncs before anyone looks.
    let kcfg = kiosk(
        &dir.path().join("kiosk"),
        &url,
        &dir.path().join("var/demo-hub-token"),
    );
    let said = sync(&kcfg);
    let first_version = version_in_use(&said);
    user_add(&hub.config, &["eva", "--role", "editor"], PW);
    user_add(&hub.config, &["erik", "--role", "editor"], PW);
    user_add(
        &hub.config,
        &["gun", "--role", "guide", "--office", "demo"],
        PW,
    );
    let bad = guidance_copy(&dir.path().join("bad"), |t| {
        t.replace("title = \"Bostad – bostadskön\"", "title = \"\"")
    });
    let good = guidance_copy(&dir.path().join("good"), |t| {
        t.replace("Bostad – bostadskön", "Bostad – bostadskön och andrahand")
    });

    let driver = Driver::start();
    rt().block_on(async {
        let admin = Browser::new(&driver).await;
        admin.goto(&format!("{url}/login")).await;
        admin.wait_for("Användarnamn", 10).await;
        shoot(&admin, "login").await;
        // A wrong password: said plainly, the name kept.
        admin.type_in("#name", "demo-admin").await;
        admin.type_in("#password", "fel lösenord").await;
        admin.click("form.stack button[type=submit]").await;
        admin.wait_for("Fel användarnamn eller lösenord.", 10).await;
        shoot(&admin, "login-wrong").await;
        log_in(&admin, &url, "demo-admin", &admin_pw).await;
        let start = admin.text().await;
        for link in ["Golvet", "Statistik", "Innehåll", "Kiosker"] {
            assert!(start.contains(link), "{start}");
        }
        shoot(&admin, "start-admin").await;

        // The fleet: the demo kiosk that just synced, with its content.
        admin.goto(&format!("{url}/fleet")).await;
        let fleet = admin.wait_for("demo-entre-1", 10).await;
        assert!(fleet.contains(&first_version), "{fleet}");
        assert!(!fleet.contains("aldrig"), "{fleet}");
        admin.wait_for("Uppdateras automatiskt.", 10).await;
        shoot(&admin, "fleet").await;

        // Editor eva uploads a folder: first one with a mistake (refused,
        // FILE:LINE: what), then a good one (a draft).
        let eva = Browser::new(&driver).await;
        log_in(&eva, &url, "eva", PW).await;
        let start = eva.text().await;
        assert!(
            start.contains("Innehåll")
                && !start.contains("Kiosker")
                && !start.contains("Statistik"),
            "{start}"
        );
        eva.goto(&format!("{url}/content")).await;
        eva.wait_for("Ladda upp en ny version", 10).await;
        shoot(&eva, "content").await;
        let e = eva.find("#files").await;
        eva.post(
            &format!("/element/{e}/value"),
            json!({ "text": bad.display().to_string() }),
        )
        .await;
        eva.click("form[action='/content/upload'] button[type=submit]")
            .await;
        let refused = eva.wait_for("Uppladdningen togs inte emot", 30).await;
        assert!(refused.contains("sv/housing.toml:1"), "{refused}");
        shoot(&eva, "content-refused").await;
        let e = eva.find("#files").await;
        eva.post(
            &format!("/element/{e}/value"),
            json!({ "text": good.display().to_string() }),
        )
        .await;
        eva.click("form[action='/content/upload'] button[type=submit]")
            .await;
        let drafted = eva.wait_for("är uppladdad som utkast", 30).await;
        assert!(drafted.contains("utkast"), "{drafted}");
        let draft: i64 = drafted
            .split("Version ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no draft number in {drafted}"));
        shoot(&eva, "content-draft").await;
        log_out(&eva).await;

        // Editor erik reviews and publishes it: "granskad av erik".
        log_in(&eva, &url, "erik", PW).await;
        eva.goto(&format!("{url}/content")).await;
        eva.wait_for(&format!("Publicera version {draft}"), 10)
            .await;
        eva.click(&format!("form[action='/content/{draft}/publish'] button"))
            .await;
        let published = eva.wait_for("är publicerad", 30).await;
        assert!(published.contains("granskad av erik"), "{published}");
        assert_eq!(
            eva.count(&format!("form[action='/content/{draft}/publish']"))
                .await,
            0
        );
        shoot(&eva, "content-published").await;
        log_out(&eva).await;

        // The kiosk's next sync fetches it; the admin's fleet page shows the
        // new version without a reload (Server-Sent Events).
        let said = sync(&kcfg);
        let new_version = version_in_use(&said);
        assert_ne!(new_version, first_version, "{said}");
        let fleet = admin.wait_for(&new_version, 20).await;
        assert!(fleet.contains("demo-entre-1"));
        shoot(&admin, "fleet-after").await;

        // A guide: the floor only; the content page refused (403).
        log_in(&eva, &url, "gun", PW).await;
        let start = eva.text().await;
        assert!(
            start.contains("Golvet") && !start.contains("Innehåll"),
            "{start}"
        );
        shoot(&eva, "start-guide").await;
        eva.goto(&format!("{url}/content")).await;
        let refused = eva.wait_for("Ingen behörighet", 10).await;
        assert!(!refused.contains("Ladda upp"), "{refused}");
        shoot(&eva, "forbidden").await;
        eva.goto(&format!("{url}/floor")).await;
        eva.wait_for("Golvet", 10).await;
        shoot(&eva, "floor").await;

        // Statistics, for the admin: the demo kiosk sends a year of visits
        // whose answers are known (women, men, a few of another answer, and
        // survey answers on their own), and the page shows the indicators
        // per tertial with the small figures hidden.
        let token = std::fs::read_to_string(dir.path().join("var/demo-hub-token")).unwrap();
        let visits: Vec<_> = (0..90)
            .map(|i: u32| {
                let gender = match i % 9 {
                    0..=4 => "woman",
                    5..=7 => "man",
                    _ if i < 27 => "another",
                    _ => "prefer_not_to_say",
                };
                let month = 1 + i % 11;
                let language = ["sv", "ar", "ti"][i as usize % 3];
                json!({
                    "id": format!("00000000-0000-4000-8000-{:012}", 500 + i),
                    "at": format!("2026-{month:02}-{:02}T09:{:02}:00Z", 2 + i % 25, i % 60),
                    "purpose": if i % 10 == 9 { "survey" } else { "errand" },
                    "kind": if i % 10 == 9 { "survey_answer" } else { "visit" },
                    "errand": "housing",
                    "language": language,
                    "survey": {
                        "learned": !i.is_multiple_of(3),
                        "self_next_time": i.is_multiple_of(2),
                        "gender": gender
                    },
                    "checkin": null
                })
            })
            .collect();
        let r = reqwest::Client::new()
            .post(format!("{url}/v1/kiosks/demo-entre-1/visits"))
            .bearer_auth(token.trim())
            .json(&json!({ "visits": visits }))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
        admin
            .goto(&format!("{url}/stats?period=2026&by=gender"))
            .await;
        let stats = admin.wait_for("Egenmakt per tertial", 10).await;
        for said in [
            "Kvinnor",
            "Män",
            "2026-T1",
            "2026-T2",
            "2026-T3",
            "Hela staden",
            "min_cell = 5",
        ] {
            assert!(stats.contains(said), "{said}: {stats}");
        }
        shoot(&admin, "stats").await;

        // With JavaScript off the fleet page is whole (no live line).
        eva.close().await;
        admin.close().await;
    });
    eprintln!("screenshots: {}", shots_dir("screenshots").display());
}
