//! Secrets given in the environment (ENTRE_HUB_TOKEN, ENTRE_SMTP_PASSWORD)
//! are taken out of it at start: a child process the kiosk did not start
//! itself (the window system's helpers) never inherits them, and the
//! kiosk still uses them.

mod common;

use std::process::Command;

use common::hub::{HubServer, TOKEN};
use entre::outbound::hub::TOKEN_ENV;
use entre::secrets::SMTP_PASSWORD_ENV;

const CHILD: &str = "ENTRE_SECRETS_TEST_CHILD";
const NAME: &str = "secrets_are_taken_out_of_what_children_inherit";

#[test]
fn secrets_are_taken_out_of_what_children_inherit() {
    if std::env::var_os(CHILD).is_some() {
        // SAFETY: this process runs only this test, on one test thread,
        // and nothing else reads the environment meanwhile.
        unsafe { entre::secrets::take_from_env() };
        assert_eq!(
            entre::secrets::get(TOKEN_ENV).as_deref(),
            Some("hub-s3cret")
        );
        assert_eq!(
            entre::secrets::get(SMTP_PASSWORD_ENV).as_deref(),
            Some("smtp-s3cret")
        );
        // A child started the ordinary way, with the inherited environment.
        let out = Command::new("env").output().expect("env runs");
        let env = String::from_utf8_lossy(&out.stdout);
        assert!(env.contains(CHILD), "the child got an environment: {env}");
        assert!(!env.contains("s3cret"), "a secret reached a child: {env}");
        return;
    }
    // Run this test again in a process of its own, with secrets set.
    let status = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", NAME, "--test-threads=1"])
        .env(CHILD, "1")
        .env(TOKEN_ENV, "hub-s3cret")
        .env(SMTP_PASSWORD_ENV, "smtp-s3cret")
        .status()
        .unwrap();
    assert!(status.success(), "the child test failed");
}

#[test]
fn the_hub_token_from_the_environment_is_still_used() {
    let hub = HubServer::start();
    let dir = tempfile::tempdir().unwrap();
    let src = common::DEMO.replace(
        "# url = \"https://hub.example.org\"",
        &format!("url = \"{}\"\n", hub.url()),
    );
    let (config, _) = common::write_config(&src, dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_entre"))
        .arg("--config")
        .arg(&config)
        .args(["sync", "--once"])
        .env(TOKEN_ENV, TOKEN)
        .output()
        .expect("entre runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{said}");
    assert!(
        !hub.heartbeats().is_empty(),
        "the hub heard the kiosk: {said}"
    );
}
