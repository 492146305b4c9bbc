//! End to end with real parts: the real kiosk binary (`entre sync --once`,
//! target/release/entre) against the real `entre-hub` running the bundled
//! demo hub.toml, on a SQLite file and on PostgreSQL; two hub instances
//! sharing one PostgreSQL count each kiosk's visits once.
//!
//! Build the kiosk first: `cargo build --release --bin entre`.

mod api_common;
mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use api_common::*;
use entre::store::{Store, Visit};
use serde_json::json;

/// The bundled hub.toml in `dir`, on a free port, on `db_url`, its demo
/// reading the repository's guidance and kiosk.toml.
fn demo_hub(dir: &Path, db_url: &str) -> Hub {
    let port = free_port();
    let src = std::fs::read_to_string(root().join("hub.toml")).unwrap();
    let src = src
        .replace(
            "listen = \"127.0.0.1:8080\"",
            &format!("listen = \"127.0.0.1:{port}\""),
        )
        .replace(
            "url = \"sqlite://var/hub.sqlite\"",
            &format!("url = \"{db_url}\""),
        )
        .replace(
            "guidance_dir = \"assets/guidance\"",
            &format!(
                "guidance_dir = \"{}\"",
                root().join("assets/guidance").display()
            ),
        )
        .replace(
            "directory_from = \"kiosk.toml\"",
            &format!(
                "directory_from = \"{}\"",
                root().join("kiosk.toml").display()
            ),
        );
    let config = dir.join("hub.toml");
    std::fs::write(&config, src).unwrap();
    Hub::with_config(dir, &config, port)
}

/// The demo kiosk.toml in `dir` as kiosk `id`, syncing to `url` with the
/// token in `token_file`.
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

/// `n` visits queued in the kiosk's database as its screens record them
/// (info visits, check-ins, guidance visits with their survey answered).
fn queue(kiosk_dir: &Path, n: usize) -> Vec<Visit> {
    let store = Store::open(&kiosk_dir.join("var/entre.sqlite")).unwrap();
    let start = entre::store::now_ms() - n as i64 * 1000 - 60_000;
    let visits: Vec<Visit> = (0..n)
        .map(|i| {
            let mut v = Visit::new("guide", ["sv", "ar", "ti"][i % 3]);
            v.at_ms = start + i as i64 * 1000;
            match i % 3 {
                1 => {
                    v.purpose = "appointment".into();
                    v.checkin_unit = Some("social".into());
                }
                2 => {
                    v.purpose = "errand".into();
                    v.errand = Some("housing".into());
                }
                _ => {}
            }
            v
        })
        .collect();
    store.record_visits(&visits).unwrap();
    for v in visits.iter().filter(|v| v.errand.is_some()) {
        store.record_survey(&v.id, Some(true), None, None).unwrap();
    }
    visits
}

fn sync(config: &Path) -> Output {
    std::process::Command::new(entre_bin())
        .arg("--config")
        .arg(config)
        .args(["sync", "--once"])
        .env_remove("ENTRE_HUB_TOKEN")
        .output()
        .unwrap()
}

fn hub_visits(url: &str, kiosk: Option<&str>) -> Vec<entre_hub::store::VisitRow> {
    rt().block_on(async {
        let store = entre_hub::store::open(url, None).await.unwrap();
        let all = store.visits(None, 0, i64::MAX).await.unwrap();
        all.into_iter()
            .filter(|v| kiosk.is_none_or(|k| v.kiosk == k))
            .collect()
    })
}

/// The demo hub at first start, the demo kiosk syncing to it, a second
/// start changing nothing.
fn demo_round_trip(db_url: &str, dir: &Path) {
    let mut hub = demo_hub(dir, db_url);
    hub.start();
    // The demo admin's password, printed once; the token file, 0600.
    let first_out = hub.stdout_text();
    assert!(
        first_out.contains("demo admin: user name demo-admin, password "),
        "{first_out}"
    );
    let token_file = dir.join("var/demo-hub-token");
    let token = std::fs::read_to_string(&token_file).unwrap();
    assert_eq!(token.trim().len(), 64);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&token_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert!(
        !hub.log_text().contains(token.trim()),
        "the token was logged"
    );

    let kdir = dir.join("kiosk");
    let kcfg = kiosk(&kdir, "demo-entre-1", &hub.url(), &token_file);
    let visits = queue(&kdir, 250);
    let out = sync(&kcfg);
    let said = printed(&out);
    assert_eq!(out.status.code(), Some(0), "{said}\n{}", hub.log_text());
    assert!(
        said.contains("hub visits: 250 sent in 2 batches, 0 not accepted, 0 pending"),
        "{said}"
    );
    assert!(said.contains("hub content: version "), "{said}");
    assert!(
        said.contains(&format!(
            "({} bundles, 3 units, 3 officers)",
            // The package's: every errand in every language.
            std::fs::read_dir(root().join("assets/guidance"))
                .unwrap()
                .map(|l| std::fs::read_dir(l.unwrap().path()).unwrap().count())
                .sum::<usize>()
        )),
        "{said}"
    );
    assert!(said.contains("hub heartbeat: sent"), "{said}");
    let stored = hub_visits(db_url, Some("demo-entre-1"));
    assert_eq!(stored.len(), 250);
    let mut ids: Vec<&str> = stored.iter().map(|v| v.id.as_str()).collect();
    ids.sort();
    let mut sent: Vec<&str> = visits.iter().map(|v| v.id.as_str()).collect();
    sent.sort();
    assert_eq!(ids, sent);
    let checkin = stored.iter().find(|v| v.id == visits[1].id).unwrap();
    assert_eq!(checkin.checkin_unit.as_deref(), Some("social"));
    assert_eq!(checkin.office, "demo");
    let guided = stored.iter().find(|v| v.id == visits[2].id).unwrap();
    assert_eq!(
        (guided.errand.as_deref(), guided.learned),
        (Some("housing"), Some(true))
    );

    // Again: nothing to send, content not modified (304).
    let out = sync(&kcfg);
    let said = printed(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("hub visits: 0 sent in 0 batches"), "{said}");
    assert!(
        said.contains("hub content: not modified (in use: "),
        "{said}"
    );

    // The fleet shows the kiosk that just synced, well.
    let out = hub.cmd(&["fleet"]);
    let fleet = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        fleet.starts_with("ok      demo-entre-1  office demo  heartbeat "),
        "{fleet}"
    );
    assert!(fleet.contains("outbox 0 (0 visits, 0 mail)"), "{fleet}");
    assert!(!fleet.contains("content package"), "{fleet}");

    // A second start: the demo is there already; nothing new is made.
    hub.terminate();
    hub.start();
    let out = hub.stdout_text();
    assert_eq!(out.matches("demo admin:").count(), 1, "{out}");
    assert_eq!(std::fs::read_to_string(&token_file).unwrap(), token);
    let versions = rt().block_on(async {
        let store = entre_hub::store::open(db_url, None).await.unwrap();
        store.content_versions().await.unwrap().len()
    });
    assert_eq!(versions, 2, "guidance and directory, once each");
    let out = sync(&kcfg);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    assert!(
        printed(&out).contains("hub content: not modified"),
        "{}",
        printed(&out)
    );
}

#[test]
fn the_kiosk_syncs_with_the_demo_hub_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("var/hub.sqlite").display());
    demo_round_trip(&db, dir.path());
}

#[test]
fn the_kiosk_syncs_with_the_demo_hub_on_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::pg::fresh_url();
    demo_round_trip(&db, dir.path());
}

#[test]
fn two_hubs_share_one_postgres_and_count_each_visit_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::pg::fresh_url();
    let (da, db_dir) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&da).unwrap();
    std::fs::create_dir_all(&db_dir).unwrap();
    let mut a = demo_hub(&da, &db);
    a.start();
    let mut b = demo_hub(&db_dir, &db);
    b.start();
    // The second instance found the demo made: no second admin, no token.
    assert!(
        !b.stdout_text().contains("demo admin:"),
        "{}",
        b.stdout_text()
    );
    assert!(!db_dir.join("var/demo-hub-token").exists());
    let token1 = da.join("var/demo-hub-token");
    let token2 = dir.path().join("token-2");
    std::fs::write(&token2, b.add_kiosk("demo-entre-2", "demo")).unwrap();

    // Kiosk 1 syncs to instance A, kiosk 2 to instance B.
    let k1 = dir.path().join("k1");
    let k2 = dir.path().join("k2");
    let c1 = kiosk(&k1, "demo-entre-1", &a.url(), &token1);
    let c2 = kiosk(&k2, "demo-entre-2", &b.url(), &token2);
    let v1 = queue(&k1, 120);
    let v2 = queue(&k2, 80);
    for c in [&c1, &c2] {
        let out = sync(c);
        assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    }
    // Kiosk 1's batch again, now through B (a lost answer, a load balancer
    // that picked the other instance), and both at once through both.
    let token = std::fs::read_to_string(&token1).unwrap().trim().to_string();
    let batch =
        json!({ "visits": v1.iter().map(|v| visit(&v.id, &minutes_ago(3))).collect::<Vec<_>>() });
    rt().block_on(async {
        let c = client();
        let send = |url: String| {
            let c = c.clone();
            let token = token.clone();
            let body = batch.to_string();
            async move {
                let r = c
                    .post(format!("{url}/v1/kiosks/demo-entre-1/visits"))
                    .bearer_auth(token)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status().as_u16(), 200);
                let a: serde_json::Value = r.json().await.unwrap();
                assert_eq!(a["accepted"].as_array().unwrap().len(), 120);
            }
        };
        tokio::join!(send(a.url()), send(b.url()), send(b.url()), send(a.url()));
    });
    assert_eq!(hub_visits(&db, Some("demo-entre-1")).len(), v1.len());
    assert_eq!(hub_visits(&db, Some("demo-entre-2")).len(), v2.len());
    assert_eq!(hub_visits(&db, None).len(), 200);
    // Both instances serve the same content to both kiosks.
    for c in [&c1, &c2] {
        let out = sync(c);
        assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
        assert!(
            printed(&out).contains("hub content: not modified"),
            "{}",
            printed(&out)
        );
    }
    // The fleet, asked of either, shows both kiosks.
    let fleet = String::from_utf8_lossy(&a.cmd(&["fleet"]).stdout).to_string();
    assert_eq!(fleet.lines().count(), 2, "{fleet}");
    assert!(fleet.lines().all(|l| l.starts_with("ok ")), "{fleet}");
}
