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
                r.csv().contains("\ntotal,1,0,0,–,–,–,0,0,0,,0,0,0,,0,0\n"),
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

// Issue 18: women and men, survey answers, tertials, small cells, walk-ins.

use entre_core::protocol::{Gender, RegistrationKind};
use entre_hub::store::{FloorAction, NewRegistration, VisitKind};

/// A visit on an errand with its answers and gender, at `local` time.
fn answered(
    n: usize,
    office: &str,
    local: &str,
    gender: Option<Gender>,
    learned: Option<bool>,
    self_next_time: Option<bool>,
) -> VisitRow {
    let mut v = row(n, office, at(local));
    v.purpose = "errand".into();
    v.errand = Some("housing".into());
    v.gender = gender;
    v.learned = learned;
    v.self_next_time = self_next_time;
    v
}

/// Known visits in `centrum`, spring 2026: women 20 (learned 15 yes, 5 no;
/// self 8 yes, 12 no), men 12 (6/6; 5/7), another 3 (2/1; 1/2), 10 without
/// an answer and 2 who prefer not to say (all learned yes, self no), and 6
/// survey answers on their own from women (learned yes, self yes).
fn known() -> Vec<VisitRow> {
    let mut out = Vec::new();
    let mut n = 1000;
    let mut push = |g: Option<Gender>, count: usize, learned_yes: usize, self_yes: usize| {
        for i in 0..count {
            n += 1;
            out.push(answered(
                n,
                "centrum",
                &format!("2026-03-{:02}T10:{:02}", 2 + i % 20, i % 60),
                g,
                Some(i < learned_yes),
                Some(i < self_yes),
            ));
        }
    };
    push(Some(Gender::Woman), 20, 15, 8);
    push(Some(Gender::Man), 12, 6, 5);
    push(Some(Gender::Another), 3, 2, 1);
    push(None, 10, 10, 0);
    push(Some(Gender::PreferNotToSay), 2, 2, 0);
    for i in 0..6 {
        let mut v = answered(
            2000 + i,
            "centrum",
            &format!("2026-04-{:02}T15:00", 1 + i),
            Some(Gender::Woman),
            Some(true),
            Some(true),
        );
        v.kind = VisitKind::SurveyAnswer;
        v.purpose = "survey".into();
        out.push(v);
    }
    out
}

#[test]
fn women_and_men_survey_answers_apart_and_small_cells_hidden_on_both_engines() {
    rt().block_on(async {
        let mut config = config(TZ);
        config.min_cell = 5;
        for engine in common::engines().await {
            engine.store.visits_add(&known()).await.unwrap();
            let t1 = Period::parse("2026-T1").unwrap();
            let r = entre_hub::stats::report(&*engine.store, &config, None, t1, By::Gender)
                .await
                .unwrap();
            let e = engine.name;
            let rows: Vec<(&str, u64, u64, u64, u64, u64, u64)> = r
                .rows
                .iter()
                .map(|(k, c)| {
                    (
                        k.as_str(),
                        c.visits,
                        c.survey_answers,
                        c.learned_yes,
                        c.learned_no,
                        c.self_yes,
                        c.self_no,
                    )
                })
                .collect();
            assert_eq!(
                rows,
                [
                    ("women", 20, 6, 21, 5, 14, 12),
                    ("men", 12, 0, 6, 6, 5, 7),
                    ("another", 3, 0, 2, 1, 1, 2),
                    ("not answered", 12, 0, 12, 0, 0, 12),
                ],
                "{e}"
            );
            // Survey answers are not visits; their answers count.
            assert_eq!(r.total.visits, 47, "{e}");
            assert_eq!(r.total.survey_answers, 6, "{e}");
            assert_eq!(r.total.learned_yes, 41, "{e}");
            assert_eq!(r.min_cell, 5);
            assert_eq!(r.genders[0].1.learned_yes, 21, "{e}");
            // Nothing of "another" (3 visitors) is shown in the CSV.
            let csv = r.csv();
            let another = csv.lines().find(|l| l.starts_with("another,")).unwrap();
            assert!(!another.starts_with("another,3,"), "{e}: {another}");
            assert!(another.contains('–'), "{e}: {another}");
            assert!(
                csv.lines().any(|l| l.starts_with("total,47,")),
                "{e}: {csv}"
            );

            // The tertials (cumulative from 1 January): all of it is in T1.
            let t = entre_hub::stats::tertials(&*engine.store, &config, Some("centrum"), 2026)
                .await
                .unwrap();
            let labels: Vec<&str> = t.iter().map(|t| t.label.as_str()).collect();
            assert_eq!(labels, ["2026-T1", "2026-T2", "2026-T3"]);
            for t in &t {
                assert_eq!(
                    (t.women.learned_yes, t.women.learned_no, t.women.visits),
                    (21, 5, 20),
                    "{e} {}",
                    t.label
                );
                assert_eq!((t.men.self_yes, t.men.self_no), (5, 7), "{e}");
                assert_eq!(t.all.visits, 47, "{e}");
            }
            let north = entre_hub::stats::tertials(&*engine.store, &config, Some("norr"), 2026)
                .await
                .unwrap();
            assert_eq!(north[2].all.visits, 0, "{e}");
            // The stats page's one read of the city, split by office, gives
            // each office what its own read gives.
            let city = entre_hub::stats::tertials(&*engine.store, &config, None, 2026)
                .await
                .unwrap();
            let each = entre_hub::stats::tertials_each(
                &*engine.store,
                &config,
                &[None, Some("centrum"), Some("norr")],
                2026,
            )
            .await
            .unwrap();
            assert_eq!(each, [city, t, north], "{e}");
        }
    });
}

#[test]
fn tertials_are_cut_at_local_midnight_in_summer_time() {
    rt().block_on(async {
        let config = config(TZ);
        for engine in common::engines().await {
            let e = engine.name;
            let w = Some(Gender::Woman);
            let visits = vec![
                // The last minute of T1 (21:59 UTC, summer time).
                answered(1, "norr", "2026-04-30T23:59", w, Some(true), None),
                // The first of T2: 22:00 UTC on 30 April.
                answered(2, "norr", "2026-05-01T00:00", w, Some(false), None),
                // 00:30 local on 1 May is 22:30 UTC on 30 April.
                answered(3, "norr", "2026-05-01T00:30", w, Some(false), None),
                // The days summer time starts and ends.
                answered(4, "norr", "2026-03-29T03:30", w, Some(true), None),
                answered(5, "norr", "2026-10-25T02:30", w, Some(true), None),
                // The last minute of T2 and the first of T3.
                answered(6, "norr", "2026-08-31T23:59", w, Some(true), None),
                answered(7, "norr", "2026-09-01T00:00", w, Some(true), None),
                // New Year's Eve and the next year.
                answered(8, "norr", "2026-12-31T23:59", w, Some(true), None),
                answered(9, "norr", "2027-01-01T00:00", w, Some(true), None),
                answered(10, "norr", "2025-12-31T23:59", w, Some(true), None),
            ];
            engine.store.visits_add(&visits).await.unwrap();
            let t = entre_hub::stats::tertials(&*engine.store, &config, None, 2026)
                .await
                .unwrap();
            let women: Vec<(u64, u64)> = t
                .iter()
                .map(|t| (t.women.visits, t.women.learned_yes))
                .collect();
            assert_eq!(women, [(2, 2), (5, 3), (8, 6)], "{e}");
            let visits_in = |p: Period| {
                let store = engine.store.clone();
                let config = config.clone();
                async move {
                    entre_hub::stats::report(&*store, &config, None, p, By::Purpose)
                        .await
                        .unwrap()
                        .total
                        .visits
                }
            };
            let tertial = |s: &str| Period::tertial(s).unwrap();
            assert_eq!(visits_in(tertial("2026-1")).await, 2, "{e}");
            assert_eq!(visits_in(tertial("2026-2")).await, 3, "{e}");
            assert_eq!(visits_in(tertial("2026-3")).await, 3, "{e}");
            assert_eq!(visits_in(Period::parse("2026-T2").unwrap()).await, 5, "{e}");
            assert_eq!(visits_in(Period::parse("2026-VB").unwrap()).await, 8, "{e}");
        }
    });
}

fn walk_in(id: &str, at_ms: i64, errand: &str, floor: bool) -> NewRegistration {
    NewRegistration {
        id: id.into(),
        office: "centrum".into(),
        kiosk: Some("centrum-entre-1".into()),
        registered_by: None,
        at_ms,
        kind: RegistrationKind::WalkIn,
        errand: Some(errand.into()),
        language: "ar".into(),
        needs: vec![],
        zone: None,
        checkin: None,
        floor,
        day: "2026-05-12".into(),
    }
}

#[test]
fn walk_in_figures_come_from_the_floor_and_small_ones_are_hidden() {
    const MIN: i64 = 60_000;
    rt().block_on(async {
        let mut config = config(TZ);
        config.min_cell = 5;
        for engine in common::engines().await {
            let e = engine.name;
            let s = &engine.store;
            let t0 = at("2026-05-12T09:00");
            // Six on housing, helped after 1 … 6 minutes, 10 minutes each.
            for i in 0..6i64 {
                let id = format!("h{i}");
                s.registration_add(&walk_in(&id, t0, "housing", true), t0)
                    .await
                    .unwrap();
                let claimed = t0 + (i + 1) * MIN;
                s.floor_act(&id, "eva", FloorAction::Claim, claimed)
                    .await
                    .unwrap();
                s.floor_act(&id, "eva", FloorAction::Done, claimed + 10 * MIN)
                    .await
                    .unwrap();
            }
            // Two on work who left before help; one sent to the reception.
            for id in ["w0", "w1"] {
                s.registration_add(&walk_in(id, t0 + 100, "work", true), t0 + 100)
                    .await
                    .unwrap();
                s.floor_act(id, "eva", FloorAction::Left, t0 + 20 * MIN)
                    .await
                    .unwrap();
            }
            s.registration_add(&walk_in("d0", t0 + 200, "work", false), t0 + 200)
                .await
                .unwrap();
            // Ten walk-in visits, two of whom opened "start meanwhile".
            let visits: Vec<VisitRow> = (0..10)
                .map(|i| {
                    let mut v = row(i, "centrum", t0 + i as i64 * MIN);
                    v.meanwhile = i < 2;
                    v
                })
                .collect();
            s.visits_add(&visits).await.unwrap();

            let period = Period::parse("2026-T2").unwrap();
            let r = entre_hub::stats::report(&**s, &config, Some("centrum"), period, By::Purpose)
                .await
                .unwrap();
            let w = r.walk_ins.clone().expect("walk-ins");
            assert_eq!(w.registrations, 9, "{e}");
            assert_eq!(w.waited, Some(6), "{e}");
            assert_eq!(w.wait_median_ms, Some(3 * MIN), "{e}");
            assert_eq!(w.wait_p90_ms, Some(6 * MIN), "{e}");
            assert_eq!((w.closed, w.left), (Some(8), Some(2)), "{e}");
            assert_eq!(w.meanwhile, 2, "{e}");
            assert_eq!(r.total.meanwhile, 2, "{e}");

            // The floor by errand: work's 2 are hidden, and so is their
            // complement (housing), the total is shown; work's times (none)
            // and a median of fewer than 5 are "–".
            let floor = entre_hub::stats::floor_report(
                &**s,
                &config,
                Some("centrum"),
                period,
                entre_hub::stats::FloorBy::Errand,
            )
            .await
            .unwrap();
            let csv = floor.csv();
            let lines: Vec<&str> = csv.lines().collect();
            assert_eq!(
                lines[1..],
                [
                    "housing,–,6,180,360,6,600,600,–,0,,0",
                    "work,–,0,,,0,,,–,–,,0",
                    "total,8,6,180,360,6,600,600,8,2,25.0,0",
                    "desk,1",
                    "checkin_unreached,0",
                    format!(
                        "note,{}",
                        entre_core::stats::csv_field(&entre_core::stats::suppress::footnote(5))
                    )
                    .as_str(),
                ],
                "{e}: {csv}"
            );
            let table = floor.table();
            assert!(table.contains("fewer than 5"), "{e}: {table}");
            assert!(
                !table
                    .lines()
                    .any(|l| l.starts_with("work") && l.contains(" 2 ")),
                "{e}: {table}"
            );
            // With min_cell 1 everything is shown.
            config.min_cell = 1;
            let all = entre_hub::stats::floor_report(
                &**s,
                &config,
                Some("centrum"),
                period,
                entre_hub::stats::FloorBy::Errand,
            )
            .await
            .unwrap();
            assert!(
                all.csv().contains("\nwork,2,0,,,0,,,2,2,100.0,0\n"),
                "{e}: {}",
                all.csv()
            );
            config.min_cell = 5;
        }
    });
}

/// `entre-hub stats` on a real SQLite file: `--by gender` always prints
/// women, men, another and not answered, then total; `--tertial` is four
/// months alone and cannot be given with `--period`.
#[test]
fn the_command_prints_every_gender_row_and_takes_a_tertial() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("hub.sqlite").display());
    let config = dir.path().join("hub.toml");
    std::fs::write(
        &config,
        format!(
            r#"[server]
listen = "127.0.0.1:1"

[database]
url = "{db}"

[[office]]
id = "centrum"
name = "Medborgarkontoret Centrum"

[[office]]
id = "norr"
name = "Medborgarkontoret Norr"

[mail]
allowed_domains = ["example.org"]

[content]
languages = ["sv"]

[stats]
timezone = "Europe/Stockholm"

[privacy]
min_cell = 5
"#
        ),
    )
    .unwrap();
    rt().block_on(async {
        let store = entre_hub::store::open(&db, None).await.unwrap();
        // Only women and men, in May (T2 alone).
        let mut visits = Vec::new();
        for i in 0..7 {
            visits.push(answered(
                i,
                "centrum",
                "2026-05-04T10:00",
                Some(Gender::Woman),
                Some(true),
                None,
            ));
        }
        for i in 7..13 {
            visits.push(answered(
                i,
                "centrum",
                "2026-05-05T10:00",
                Some(Gender::Man),
                Some(false),
                None,
            ));
        }
        store.visits_add(&visits).await.unwrap();
    });
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_entre-hub"))
            .arg("--config")
            .arg(&config)
            .arg("stats")
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["--by", "gender", "--tertial", "2026-2", "--csv"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8_lossy(&out.stdout);
    let first: Vec<&str> = csv
        .lines()
        .skip(1)
        .take(5)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(
        first,
        ["women", "men", "another", "not answered", "total"],
        "{csv}"
    );
    assert!(csv.lines().any(|l| l.starts_with("women,7,")), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("men,6,")), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("another,0,")), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("total,13,")), "{csv}");
    let out = run(&["--by", "gender", "--tertial", "2026-1"]);
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("2026-01-01 to 2026-04-30"), "{table}");
    for g in ["women", "men", "another", "not answered", "total"] {
        assert!(table.lines().any(|l| l.starts_with(g)), "{g}: {table}");
    }
    let out = run(&["--tertial", "2026-2", "--period", "2026-T2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--tertial"));
    let out = run(&["--tertial", "2026-4"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--tertial 2026-4: not a tertial"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
