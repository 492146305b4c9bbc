//! hub.toml and `entre-hub check-config`: the bundled demo passes; every
//! problem is reported as PATH:LINE:COL with unknown keys refused (exit
//! 2), as `entre check-config`; relative paths are the config's folder's.

mod api_common;

use api_common::*;
use entre_hub::config;

#[test]
fn the_bundled_hub_toml_passes() {
    let path = root().join("hub.toml");
    let out = run(&path, &["check-config", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    assert!(
        printed(&out).contains("hub.toml: ok (1 offices, 10 languages, database SQLite, demo)"),
        "{}",
        printed(&out)
    );
    let c = config::load(&path).unwrap();
    assert_eq!(c.server.listen.to_string(), "127.0.0.1:8080");
    assert_eq!(
        c.database.url,
        format!("sqlite://{}", root().join("var/hub.sqlite").display())
    );
    let demo = c.demo.unwrap();
    assert_eq!(demo.kiosk, "demo-entre-1");
    assert_eq!(demo.token_file, root().join("var/demo-hub-token"));
    assert_eq!(demo.guidance_dir, root().join("assets/guidance"));
    assert_eq!(demo.directory_from, root().join("kiosk.toml"));
    assert_eq!(c.offices[0].id, "demo");
    assert_eq!(c.allowed.mail_domains, ["demo.example.org"]);
}

#[test]
fn every_problem_with_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    let src = r#"[server]
listen = "localhost"
tls_cert = "cert.pem"
colour = "blue"

[database]
url = "postgres://entre:secret@db.example.org/hub"

[[office]]
id = "North"
name = "Norr"

[[office]]
id = "south"

[mail]
allowed_domains = ["not a domain"]

[content]
languages = ["en", "english"]

[stats]
timezone = "Mars/Olympus"
targets = { learned = 160 }

[demo]
office = "west"

[extra]
"#;
    std::fs::write(&path, src).unwrap();
    let out = run(&path, &["check-config", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", printed(&out));
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    let p = path.display().to_string();
    let expected = [
        format!("{p}:1:1: server.tls_key: missing (tls_cert and tls_key go together"),
        format!("{p}:2:10: server.listen: \"localhost\" is not an address and port"),
        format!("{p}:4:1: server.colour: unknown key (allowed here: listen, tls_cert, tls_key)"),
        format!("{p}:7:7: database.url: holds a password (put it in a file named by password_file"),
        format!("{p}:10:6: office[0].id: \"North\" is not a valid id"),
        format!("{p}:13:1: office[1].name: missing"),
        format!("{p}:17:20: mail.allowed_domains[0]: \"not a domain\" is not a domain name"),
        format!("{p}:20:20: content.languages[1]: \"english\" is not a language code"),
        format!("{p}:23:12: stats.timezone: \"Mars/Olympus\" is not a known time zone"),
        format!("{p}:24:23: stats.targets.learned: 160 is out of range"),
        format!("{p}:27:10: demo.office: \"west\" is not an [[office]] of this file"),
        format!("{p}:29:2: extra: unknown key"),
    ];
    for e in &expected {
        assert!(err.contains(e.as_str()), "missing {e:?} in:\n{err}");
    }
    // The password is never repeated.
    assert!(!err.contains("secret"), "{err}");
}

#[test]
fn sections_and_relative_paths() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("etc");
    std::fs::create_dir(&sub).unwrap();
    let path = sub.join("hub.toml");
    let src = r#"[server]
listen = "[::1]:8443"
tls_cert = "tls/cert.pem"
tls_key = "/abs/key.pem"

[database]
url = "postgres://entre@db.example.org/hub"
password_file = "db-password"

[[office]]
id = "north"
name = "Norr"

[mail]
allowed_domains = ["Example.ORG"]
"#;
    std::fs::write(&path, src).unwrap();
    let c = config::load(&path).unwrap();
    assert_eq!(
        c.server.tls_cert.as_deref(),
        Some(sub.join("tls/cert.pem").as_path())
    );
    assert_eq!(
        c.server.tls_key.as_deref(),
        Some(std::path::Path::new("/abs/key.pem"))
    );
    assert_eq!(
        c.database.password_file.as_deref(),
        Some(sub.join("db-password").as_path())
    );
    assert_eq!(c.allowed.mail_domains, ["example.org"]);
    // Defaults: the shipped link hosts, Swedish only, Stockholm, 60/40.
    assert!(c.allowed.link_hosts.contains(&"stockholm.se".to_string()));
    assert_eq!(c.languages, ["sv"]);
    assert_eq!(c.timezone, "Europe/Stockholm");
    assert_eq!((c.target_learned, c.target_self_next_time), (60, 40));
    assert!(c.demo.is_none());
    // The password file is read when the database is opened.
    assert!(c.database_password().unwrap_err().contains("db-password"));
    std::fs::write(sub.join("db-password"), "s3cret\n").unwrap();
    assert_eq!(c.database_password().unwrap().as_deref(), Some("s3cret"));

    // Missing sections, a syntax error.
    let err = config::parse("[server]\nlisten = \"127.0.0.1:1\"\n", &path).unwrap_err();
    let keys: Vec<&str> = err.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys, ["database", "office", "mail"], "{err:#?}");
    let err = config::parse("[server\n", &path).unwrap_err();
    assert_eq!(err[0].key, "(syntax)");
    // A missing file: the path and the reason.
    let out = run(&dir.path().join("none.toml"), &["check-config"]);
    assert_eq!(out.status.code(), Some(2), "{}", printed(&out));
    assert!(
        printed(&out).contains("none.toml: cannot read config"),
        "{}",
        printed(&out)
    );
}
