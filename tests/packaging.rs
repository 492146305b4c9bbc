//! The .deb's contents that can drift without a package build: the packaged
//! config stays valid and stays the demo with only its kiosk paths changed,
//! the unit keeps its safety settings, and every asset the package lists
//! exists. `scripts/check-deb` checks the built package itself.

mod common;

use std::path::Path;
use std::process::Command;

fn file(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

#[test]
fn the_packaged_config_is_valid() {
    let out = Command::new(env!("CARGO_BIN_EXE_entre"))
        .arg("check-config")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/kiosk.toml"))
        .output()
        .expect("entre runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "packaging/kiosk.toml: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_packaged_config_is_the_demo_with_kiosk_paths_and_full_screen() {
    let mut demo: toml::Table = common::DEMO.parse().unwrap();
    let packaged: toml::Table = file("packaging/kiosk.toml").parse().unwrap();
    let kiosk = demo["kiosk"].as_table_mut().unwrap();
    kiosk.insert("fullscreen".into(), true.into());
    kiosk.insert("database".into(), "/var/lib/entre/entre.sqlite".into());
    demo["mail"]
        .as_table_mut()
        .unwrap()
        .insert("dir".into(), "/var/lib/entre/mail".into());
    assert!(
        demo == packaged,
        "packaging/kiosk.toml must be kiosk.toml with only fullscreen = true, \
         database = \"/var/lib/entre/entre.sqlite\" and [mail] dir = \"/var/lib/entre/mail\" \
         changed: copy your change of kiosk.toml there too"
    );
}

#[test]
fn the_unit_runs_cage_as_entre_sandboxed_and_stays_down_after_a_staff_exit() {
    let unit = file("packaging/entre.service");
    let directives: Vec<&str> = unit
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && l.contains('='))
        .collect();
    for want in [
        "User=entre",
        "PAMName=entre",
        "TTYPath=/dev/tty1",
        "Restart=always",
        "RestartSec=2",
        "StartLimitIntervalSec=0",
        "ExecCondition=/bin/sh -c 'test ! -e /run/entre/staff-exit'",
        "StateDirectory=entre",
        "RuntimeDirectory=entre",
        "RuntimeDirectoryPreserve=yes",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "NoNewPrivileges=yes",
        "PrivateTmp=yes",
        "CapabilityBoundingSet=",
        "UMask=0077",
        "Environment=ICED_BACKEND=tiny-skia",
        "StandardError=journal",
    ] {
        assert!(
            directives.contains(&want),
            "{want} missing in entre.service"
        );
    }
    let exec = directives
        .iter()
        .find(|l| l.starts_with("ExecStart="))
        .expect("ExecStart=");
    assert!(
        exec.ends_with("/usr/bin/cage -- /usr/bin/entre --config /etc/entre/kiosk.toml"),
        "{exec}"
    );
    assert!(
        !exec.contains(" -s "),
        "cage -s lets visitors switch VT: {exec}"
    );
    for never in ["PrivateDevices=yes", "MemoryDenyWriteExecute=yes"] {
        assert!(
            !directives.iter().any(|l| l.starts_with(never)),
            "{never} would keep cage from the screen, the touch screen or its renderer"
        );
    }
}

#[test]
fn the_unit_closes_devices_system_calls_and_memory_but_not_what_cage_needs() {
    let unit = file("packaging/entre.service");
    let directives: Vec<&str> = unit
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && l.contains('='))
        .collect();
    for want in [
        "SystemCallFilter=@system-service",
        "SystemCallErrorNumber=EPERM",
        "SocketBindDeny=any",
        "ProtectProc=invisible",
        "ProcSubset=pid",
        "RemoveIPC=yes",
        "LockPersonality=yes",
        "RestrictRealtime=yes",
        "CapabilityBoundingSet=",
        "DevicePolicy=closed",
        // The screen, the touch screen, the sound card, and the console
        // that systemd opens for TTYPath= inside the service.
        "DeviceAllow=char-drm rw",
        "DeviceAllow=char-input rw",
        "DeviceAllow=char-alsa rw",
        "DeviceAllow=/dev/tty1 rw",
    ] {
        assert!(
            directives.contains(&want),
            "{want} missing in entre.service"
        );
    }
    let size = |key: &str| -> u64 {
        let value = directives
            .iter()
            .find_map(|l| l.strip_prefix(key))
            .unwrap_or_else(|| panic!("{key} missing in entre.service"));
        let mb = value
            .strip_suffix('M')
            .unwrap_or_else(|| panic!("{key}{value}: give it in M"));
        mb.parse().unwrap_or_else(|_| panic!("{key}{value}"))
    };
    let (high, max) = (size("MemoryHigh="), size("MemoryMax="));
    // Room for cage, Xwayland and the software renderer at 1080p, and a
    // ceiling a leak reaches long before the machine swaps.
    assert!(
        (256..=1024).contains(&high) && high < max && max <= 1024,
        "MemoryHigh={high}M, MemoryMax={max}M"
    );
}

/// The overall exposure `systemd-analyze security --offline=yes` gives the
/// unit (0 is best, 10 worst); `None` without systemd-analyze.
fn exposure(unit: &Path) -> Option<f64> {
    let out = Command::new("systemd-analyze")
        .args(["security", "--offline=yes"])
        .arg(unit)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.contains("Overall exposure level"))
        .unwrap_or_else(|| panic!("no rating from systemd-analyze: {out:?}"));
    let figure = line.rsplit(':').next().unwrap().split_whitespace().next();
    Some(
        figure
            .and_then(|f| f.parse().ok())
            .unwrap_or_else(|| panic!("cannot read the rating in {line:?}")),
    )
}

#[test]
fn systemd_rates_the_unit_2_5_or_better() {
    let unit = Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/entre.service");
    let Some(rating) = exposure(&unit) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "systemd-analyze missing under CI (apt-get install systemd)"
        );
        eprintln!("SKIPPED: systemd-analyze is not installed (apt-get install systemd)");
        return;
    };
    eprintln!("systemd-analyze security: {rating}");
    assert!(
        rating <= 2.5,
        "systemd-analyze security --offline=yes rates entre.service {rating}, above 2.5"
    );
}

#[test]
fn every_file_the_package_lists_exists() {
    let manifest: toml::Table = file("Cargo.toml").parse().unwrap();
    let deb = manifest["package"]["metadata"]["deb"]
        .as_table()
        .expect("[package.metadata.deb]");
    let assets = deb["assets"].as_array().unwrap();
    let mut sources = Vec::new();
    for asset in assets {
        let source = asset.as_array().unwrap()[0].as_str().unwrap();
        // Built by cargo deb itself.
        if !source.starts_with("target/") {
            sources.push(source.to_string());
        }
    }
    let scripts = deb["maintainer-scripts"].as_str().unwrap();
    sources.push(format!("{scripts}postinst"));
    sources.push(format!("{scripts}postrm"));
    let units = deb["systemd-units"]["unit-scripts"].as_str().unwrap();
    sources.push(format!("{}/entre.service", units.trim_end_matches('/')));
    for source in sources {
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(&source)
                .is_file(),
            "{source} is listed in Cargo.toml's [package.metadata.deb] but missing"
        );
    }
    for script in ["postinst", "postrm"] {
        let text = file(&format!("{scripts}{script}"));
        // cargo deb puts the unit's enable/restart code there, and fails
        // the build when the marker is missing.
        assert_eq!(
            text.matches("#DEBHELPER#").count(),
            1,
            "{script}: #DEBHELPER# once, and not in a comment"
        );
        assert!(text.starts_with("#!/bin/sh\n"), "{script}: #!/bin/sh first");
    }
}

#[test]
fn the_production_example_in_the_provisioning_guide_is_valid() {
    let guide = file("docs/provisioning.md");
    let section = guide
        .split("## Minimal production example")
        .nth(1)
        .expect("docs/provisioning.md has a minimal production example");
    let example = section
        .split("```toml\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("a ```toml block");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiosk.toml");
    std::fs::write(&path, example).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_entre"))
        .arg("check-config")
        .arg(&path)
        .output()
        .expect("entre runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "the example in docs/provisioning.md: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
