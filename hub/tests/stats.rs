//! The hub's figures (`entre_hub::stats`) on both engines: a real SQLite
//! file and a real PostgreSQL database give the same report for every
//! breakdown; groups are in the hub's time zone; a period's edges are local
//! midnights; an office is one office; mail is "–"; an unknown office is
//! an error; the chart is the kiosk's chart. (That the figures equal the
//! kiosks' own `entre stats` is tests/hub_figures.rs in the root package.)

mod common;

use std::path::PathBuf;

use entre_core::stats::{By, Period};
use entre_hub::config::{Database, HubConfig, Office, Server};
use entre_hub::store::{StoreError, VisitRow};

const TZ: &str = "Europe/Stockholm";

fn config(timezone: &str) -> HubConfig {
    HubConfig {
        path: PathBuf::from("/etc/entre-hub/hub.toml"),
        dir: PathBuf::from("/etc/entre-hub"),
        server: Server {
            listen: "127.0.0.1:8080".parse().unwrap(),
            tls_cert: None,
            tls_key: None,
        },
        database: Database {
            url: "sqlite://unused".into(),
            password_file: None,
        },
        offices: vec![
            Office {
                id: "centrum".into(),
                name: "Medborgarkontoret Centrum".into(),
                wait_warn_min: None,
                close_at: None,
            },
            Office {
                id: "norr".into(),
                name: "Medborgarkontoret Norr".into(),
                wait_warn_min: None,
                close_at: None,
            },
        ],
        allowed: entre_core::Allowed::default(),
        languages: vec!["sv".into()],
        timezone: timezone.into(),
        target_learned: 60,
        target_self_next_time: 40,
        demo: None,
        floor: Default::default(),
        floor_retention_days: 30,
        min_cell: 1,
    }
}

/// Unix ms of a Stockholm wall-clock time.
fn at(local: &str) -> i64 {
    format!("{local}[{TZ}]")
        .parse::<jiff::ZonedDateTime>()
        .unwrap()
        .timestamp()
        .as_millisecond()
}

fn row(n: usize, office: &str, at_ms: i64) -> VisitRow {
    VisitRow {
        id: format!("00000000-0000-4000-8000-{n:012}"),
        kiosk: format!("{office}-entre-1"),
        office: office.into(),
        at_ms,
        purpose: "guide".into(),
        errand: None,
        language: "sv".into(),
        learned: None,
        self_next_time: None,
        checkin_unit: None,
        gender: None,
        kind: entre_hub::store::VisitKind::Visit,
        meanwhile: false,
    }
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn usize(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A year of varied visits in two offices, floored to the minute as a
/// kiosk sends them.
fn year() -> Vec<VisitRow> {
    let mut rng = Rng(15);
    let start = at("2026-01-01T00:00");
    (0..1500)
        .map(|n| {
            let office = ["centrum", "centrum", "norr"][rng.usize(3)];
            let t = start + (rng.next() % (365 * 86_400_000)) as i64;
            let mut v = row(n, office, t - t.rem_euclid(60_000));
            v.language = ["sv", "ar", "ti", "en"][rng.usize(4)].into();
            match rng.usize(3) {
                0 => {
                    v.purpose = "appointment".into();
                    v.checkin_unit = Some("ekonomi".into());
                }
                1 => {
                    v.purpose = "errand".into();
                    v.errand = Some(["housing", "work"][rng.usize(2)].into());
                    let answer = [None, Some(true), Some(false)];
                    v.learned = answer[rng.usize(3)];
                    v.self_next_time = answer[rng.usize(3)];
                }
                _ => {}
            }
            v
        })
        .collect()
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn both_engines_give_the_same_figures_for_every_breakdown() {
    rt().block_on(async {
        let config = config(TZ);
        let visits = year();
        let mut outputs = Vec::new();
        for engine in common::engines().await {
            engine.store.visits_add(&visits).await.unwrap();
            let mut out = String::new();
            for name in By::NAMES {
                let by = By::parse(name).unwrap();
                for office in [None, Some("centrum"), Some("norr")] {
                    for period in ["2026", "2026-T1", "2026-03", "2026-10"] {
                        let period = Period::parse(period).unwrap();
                        let r =
                            entre_hub::stats::report(&*engine.store, &config, office, period, by)
                                .await
                                .unwrap();
                        out.push_str(&r.csv());
                        out.push_str(&r.table("x"));
                    }
                }
            }
            let svg = entre_hub::stats::chart_svg(
                &*engine.store,
                &config,
                Some("norr"),
                Period::parse("2026").unwrap(),
            )
            .await
            .unwrap();
            assert!(
                svg.contains("Medborgarkontoret Norr, 2026-01-01 – 2026-12-31"),
                "{}",
                engine.name
            );
            assert!(svg.contains("Besök per timme och veckodag"));
            outputs.push((engine.name, out));
        }
        assert_eq!(outputs.len(), 2);
        assert!(outputs[0].1.len() > 10_000);
        assert!(
            outputs[0].1 == outputs[1].1,
            "{} and {} differ",
            outputs[0].0,
            outputs[1].0
        );
    });
}

#[test]
fn groups_are_local_time_and_periods_end_at_local_midnight() {
    rt().block_on(async {
        for engine in common::engines().await {
            let visits = vec![
                // Outside March by a minute on each side.
                row(1, "norr", at("2026-02-28T23:59")),
                row(2, "norr", at("2026-04-01T00:00")),
                // Sunday 1 March 00:30 local (23:30 UTC on 28 February).
                row(3, "norr", at("2026-03-01T00:30")),
                // Monday 30 March 09:15 local, summer time (07:15 UTC).
                row(4, "centrum", at("2026-03-30T09:15")),
                row(5, "centrum", at("2026-03-31T23:59")),
            ];
            engine.store.visits_add(&visits).await.unwrap();
            let config = config(TZ);
            let march = Period::parse("2026-03").unwrap();
            let report = |office, by| {
                let store = engine.store.clone();
                let config = config.clone();
                async move {
                    entre_hub::stats::report(&*store, &config, office, march, by)
                        .await
                        .unwrap()
                }
            };
            let labels = |r: &entre_core::stats::Report| {
                r.rows
                    .iter()
                    .map(|(k, c)| format!("{k}={}", c.visits))
                    .collect::<Vec<_>>()
            };
            let r = report(None, By::Hour).await;
            assert_eq!(
                labels(&r),
                ["00:00=1", "09:00=1", "23:00=1"],
                "{}",
                engine.name
            );
            assert_eq!(r.total.visits, 3);
            let r = report(None, By::Weekday).await;
            assert_eq!(
                labels(&r),
                ["1 Mon=1", "2 Tue=1", "7 Sun=1"],
                "{}",
                engine.name
            );
            let r = report(None, By::Office).await;
            assert_eq!(labels(&r), ["centrum=2", "norr=1"], "{}", engine.name);
            let r = report(Some("norr"), By::Day).await;
            assert_eq!(labels(&r), ["2026-03-01=1"], "{}", engine.name);
            // The hub does not know what became of a kiosk's mail.
            assert!(!r.mail_known);
            assert!(r.table("x").contains("\nmail delivered         –\n"));
            assert!(
                r.csv().ends_with("total,1,0,0,–,–,–,0,0,0,,0,0,0,\n"),
                "{}",
                r.csv()
            );

            // In UTC the same visits fall on other hours and days.
            let utc = entre_hub::stats::report(
                &*engine.store,
                &self::config("UTC"),
                None,
                march,
                By::Hour,
            )
            .await
            .unwrap();
            assert_eq!(
                labels(&utc),
                ["07:00=1", "21:00=1", "22:00=1"],
                "{}",
                engine.name
            );
        }
    });
}

#[test]
fn an_unknown_office_is_named_in_the_error() {
    rt().block_on(async {
        let (url, _dir) = common::sqlite_url();
        let store = entre_hub::store::open(&url, None).await.unwrap();
        let period = Period::parse("2026").unwrap();
        match entre_hub::stats::report(&*store, &config(TZ), Some("söder"), period, By::Purpose)
            .await
        {
            Err(StoreError::NotFound(what)) => {
                assert!(
                    what.contains("söder") && what.contains("centrum, norr"),
                    "{what}"
                )
            }
            other => panic!("{other:?}"),
        }
        let bad = config("Mars/Olympus");
        match entre_hub::stats::report(&*store, &bad, None, period, By::Purpose).await {
            Err(StoreError::Other(what)) => assert!(what.contains("Mars/Olympus"), "{what}"),
            other => panic!("{other:?}"),
        }
    });
}
