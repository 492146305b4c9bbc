//! `entre stats`: visits generated over months give exactly the counts,
//! shares and CSV rows expected; periods and local time; the chart; the
//! demo data never goes into the kiosk's own database unasked; and the
//! time a year of visits takes (printed, not asserted).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use entre::outbound::mail::{self, Arrival};
use entre::store::{Store, Visit};

/// Stockholm: the kiosk's time zone; the groups by hour and day use it.
const TZ: &str = "Europe/Stockholm";

fn kiosk(dir: &Path) -> (PathBuf, entre::config::Config) {
    let src = common::DEMO.replace(
        "targets = { learned = 60, self_next_time = 40 }",
        "targets = { learned = 60, self_next_time = 45 }",
    );
    common::write_config(&src, dir)
}

fn entre(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entre"))
        .arg("--config")
        .arg(config)
        .args(args)
        .env("TZ", TZ)
        .output()
        .expect("entre runs")
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The number on the table's line for `what` ("visits      16").
fn figure(table: &str, what: &str) -> Option<u64> {
    table.lines().find_map(|l| {
        let rest = l.trim_start().strip_prefix(what)?;
        if !rest.starts_with(' ') {
            return None;
        }
        rest.trim().parse().ok()
    })
}

/// Unix ms of a Stockholm wall-clock time.
fn at(date: &str, time: &str) -> i64 {
    format!("{date}T{time}[{TZ}]")
        .parse::<jiff::ZonedDateTime>()
        .unwrap()
        .timestamp()
        .as_millisecond()
}

fn visit(purpose: &str, lang: &str, at_ms: i64) -> Visit {
    let mut v = Visit::new(purpose, lang);
    v.at_ms = at_ms;
    v
}

fn guidance(
    errand: &str,
    lang: &str,
    at_ms: i64,
    learned: Option<bool>,
    own: Option<bool>,
) -> Visit {
    let mut v = visit("errand", lang, at_ms);
    v.errand = Some(errand.into());
    v.learned = learned;
    v.self_next_time = own;
    v
}

/// A check-in with its arrival mail, delivered (`Some(true)`), given up
/// (`Some(false)`) or still waiting (`None`).
fn checkin(
    store: &Store,
    config: &entre::config::Config,
    lang: &str,
    at_ms: i64,
    sent: Option<bool>,
) {
    let mut v = visit("appointment", lang, at_ms);
    v.checkin_unit = Some("ekonomi".into());
    let arrival = Arrival {
        officer_name: "Anna Lind",
        officer_email: "anna.lind@demo.example.org",
        visitor: None,
        arrived_at_ms: at_ms,
        kiosk_id: &config.kiosk.id,
        office: &config.office,
    };
    let out = mail::arrival(&common::catalog(), &config.mail.from, &arrival).unwrap();
    let id = store.record_checkin(&v, &out, at_ms).unwrap();
    match sent {
        Some(true) => store.mark_sent(id, at_ms + 1000).unwrap(),
        Some(false) => store
            .mark_gave_up(id, "550 no such user", at_ms + 1000)
            .unwrap(),
        None => {}
    }
}

/// March and April 2026, and a visit on each side that no report of those
/// months may count.
fn fixture(store: &Store, config: &entre::config::Config) {
    let mut visits = vec![
        visit("guide", "sv", at("2026-02-28", "23:59:59")),
        visit("guide", "sv", at("2026-05-01", "00:00:00")),
    ];
    // March: Monday 2 March, 10:15 and 14:40 Stockholm (CET).
    for i in 0..4 {
        visits.push(visit("guide", "sv", at("2026-03-02", "10:15:00") + i));
    }
    visits.push(visit("computer", "ar", at("2026-03-02", "14:40:00")));
    let answers = [
        (Some(true), Some(true)),
        (Some(true), Some(false)),
        (Some(true), None),
        (Some(false), Some(true)),
        (None, None),
    ];
    for (i, (l, s)) in answers.iter().enumerate() {
        visits.push(guidance(
            "housing",
            ["sv", "ti"][i % 2],
            at("2026-03-03", "11:05:00") + i as i64,
            *l,
            *s,
        ));
    }
    // April: Friday 10 April, 09:30 Stockholm (CEST).
    visits.push(guidance(
        "preschool",
        "ar",
        at("2026-04-10", "09:30:00"),
        Some(false),
        Some(false),
    ));
    visits.push(guidance(
        "housing",
        "ar",
        at("2026-04-10", "09:31:00"),
        Some(true),
        Some(true),
    ));
    store.record_visits(&visits).unwrap();
    checkin(
        store,
        config,
        "sv",
        at("2026-03-04", "13:00:00"),
        Some(true),
    );
    checkin(
        store,
        config,
        "ar",
        at("2026-03-04", "13:20:00"),
        Some(true),
    );
    checkin(
        store,
        config,
        "sv",
        at("2026-04-10", "15:00:00"),
        Some(false),
    );
    checkin(store, config, "ti", at("2026-04-10", "15:10:00"), None);
}

#[test]
fn months_of_visits_give_exactly_the_counts_shares_and_csv_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (cfg, config) = kiosk(dir.path());
    let store = Store::open(&config.kiosk.database).unwrap();
    fixture(&store, &config);

    let out = stdout(&entre(
        &cfg,
        &["stats", "--from", "2026-03-01", "--to", "2026-04-30"],
    ));
    assert!(
        out.starts_with("Medborgarkontoret Demo (kiosk demo-entre-1), 2026-03-01 to 2026-04-30\n"),
        "{out}"
    );
    for (what, n) in [
        ("visits", 16),
        ("check-ins", 4),
        ("mail delivered", 2),
        ("mail failed", 1),
        ("mail waiting", 1),
        ("guidance views", 7),
        ("housing", 6),
        ("preschool", 1),
    ] {
        assert_eq!(figure(&out, what), Some(n), "{what} in\n{out}");
    }
    for line in [
        "learned something new: 67 % (4 of 6 answered; 1 skipped); target 60 %: met",
        "can do it themselves next time: 60 % (3 of 5 answered; 2 skipped); target 45 %: met",
    ] {
        assert!(out.contains(line), "{line:?} in\n{out}");
    }

    let csv = stdout(&entre(
        &cfg,
        &["stats", "--period", "2026-03", "--by", "language", "--csv"],
    ));
    assert_eq!(
        csv,
        "language,visits,checkins,guidance_views,mail_delivered,mail_failed,mail_waiting,\
         learned_yes,learned_no,learned_skipped,learned_share_pct,\
         self_next_time_yes,self_next_time_no,self_next_time_skipped,self_next_time_share_pct\n\
         ar,2,1,0,1,0,0,0,0,0,,0,0,0,\n\
         sv,8,1,3,1,0,0,2,0,1,100.0,1,0,2,100.0\n\
         ti,2,0,2,0,0,0,1,1,0,50.0,1,1,0,50.0\n\
         total,12,2,5,2,0,0,3,1,1,75.0,2,1,2,66.7\n"
    );

    let csv = stdout(&entre(
        &cfg,
        &["stats", "--period", "2026-T1", "--by", "purpose", "--csv"],
    ));
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(
        rows,
        [
            "appointment,4,4,0,2,1,1,0,0,0,,0,0,0,",
            "computer,1,0,0,0,0,0,0,0,0,,0,0,0,",
            "errand,7,0,7,0,0,0,4,2,1,66.7,3,2,2,60.0",
            "guide,5,0,0,0,0,0,0,0,0,,0,0,0,",
            "total,17,4,7,2,1,1,4,2,1,66.7,3,2,2,60.0",
        ],
        "{csv}"
    );
}

#[test]
fn hours_weekdays_and_days_are_local_time() {
    let dir = tempfile::tempdir().unwrap();
    let (cfg, config) = kiosk(dir.path());
    let store = Store::open(&config.kiosk.database).unwrap();
    fixture(&store, &config);
    let first_column = |by: &str| -> Vec<String> {
        let csv = stdout(&entre(
            &cfg,
            &["stats", "--period", "2026", "--by", by, "--csv"],
        ));
        csv.lines()
            .skip(1)
            .map(|l| {
                let mut f = l.split(',');
                format!("{}={}", f.next().unwrap(), f.next().unwrap())
            })
            .collect()
    };
    assert_eq!(
        first_column("hour"),
        [
            "00:00=1", "09:00=2", "10:00=4", "11:00=5", "13:00=2", "14:00=1", "15:00=2", "23:00=1",
            "total=18"
        ]
    );
    assert_eq!(
        first_column("weekday"),
        [
            "1 Mon=5", "2 Tue=5", "3 Wed=2", "5 Fri=5", "6 Sat=1", "total=18"
        ]
    );
    assert_eq!(
        first_column("day"),
        [
            "2026-02-28=1",
            "2026-03-02=5",
            "2026-03-03=5",
            "2026-03-04=2",
            "2026-04-10=4",
            "2026-05-01=1",
            "total=18"
        ]
    );
    // Bad input is named.
    let out = entre(&cfg, &["stats", "--from", "2026-13-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--from 2026-13-01: not a date"));
    let out = entre(&cfg, &["stats", "--period", "2026-T4"]);
    assert_eq!(out.status.code(), Some(2));
    let out = entre(&cfg, &["stats", "--by", "colour"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_chart_is_drawn_as_svg_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let (cfg, config) = kiosk(dir.path());
    let scratch = dir.path().join("scratch.sqlite");
    let scratch = scratch.to_str().unwrap();
    drop(config);
    let svg = dir.path().join("chart.svg");
    let png = dir.path().join("chart.png");
    let out = entre(
        &cfg,
        &[
            "stats",
            "--database",
            scratch,
            "--demo-data",
            "3000",
            "--from",
            "2025-01-01",
            "--to",
            "2030-12-31",
            "--chart",
            svg.to_str().unwrap(),
        ],
    );
    stdout(&out);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg"), "{}", &text[..100.min(text.len())]);
    assert!(text.contains("Egenmakt per månad"));
    let out = entre(
        &cfg,
        &[
            "stats",
            "--database",
            scratch,
            "--from",
            "2025-01-01",
            "--to",
            "2030-12-31",
            "--chart",
            png.to_str().unwrap(),
        ],
    );
    stdout(&out);
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(bytes.len() > 20_000, "{} bytes", bytes.len());
    if let Ok(keep) = std::env::var("ENTRE_KEEP_CHART") {
        std::fs::copy(&png, keep).unwrap();
    }
}

#[test]
fn demo_data_goes_only_into_a_scratch_database() {
    let dir = tempfile::tempdir().unwrap();
    let (cfg, config) = kiosk(dir.path());
    // The kiosk's own database: refused without the explicit flag.
    let own = config.kiosk.database.to_str().unwrap().to_string();
    let out = entre(&cfg, &["stats", "--database", &own, "--demo-data", "100"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("kiosk's own database"));
    assert!(!config.kiosk.database.exists(), "not even created");
    // 2000 generated visits into `db`, with every one of them in the table.
    let demo = |db: &Path| {
        entre(
            &cfg,
            &[
                "stats",
                "--database",
                db.to_str().unwrap(),
                "--demo-data",
                "2000",
                "--from",
                "2020-01-01",
                "--to",
                "2030-12-31",
            ],
        )
    };
    // A scratch one: filled, reported, and nothing for the hub.
    let scratch = dir.path().join("scratch.sqlite");
    let out = demo(&scratch);
    let text = stdout(&out);
    assert_eq!(figure(&text, "visits"), Some(2000), "{text}");
    let store = Store::open_read_only(&scratch).unwrap();
    assert_eq!(store.visit_count().unwrap(), 2000);
    assert_eq!(store.visits_pending().unwrap(), 0, "never sent to a hub");
    // Same N, same visits: a second scratch database gives the same table.
    let out2 = demo(&dir.path().join("again.sqlite"));
    let lines = |t: &str| {
        t.lines()
            .skip(2)
            .take(6)
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(lines(&text), lines(&stdout(&out2)));
}

/// A year of visits (100 000, ≈ 400 a working day): the time `entre stats`
/// takes, whole process, for the README's benchmark section. Printed, not
/// asserted.
#[test]
fn a_year_of_visits_is_counted_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let (cfg, _) = kiosk(dir.path());
    let scratch = dir.path().join("year.sqlite");
    let scratch = scratch.to_str().unwrap();
    let started = Instant::now();
    stdout(&entre(
        &cfg,
        &[
            "stats",
            "--database",
            scratch,
            "--demo-data",
            "100000",
            "--period",
            "1999",
        ],
    ));
    let filled = started.elapsed();
    let mut times = Vec::new();
    for by in ["purpose", "errand", "language", "hour", "weekday", "day"] {
        let started = Instant::now();
        let out = stdout(&entre(
            &cfg,
            &[
                "stats",
                "--database",
                scratch,
                "--from",
                "2020-01-01",
                "--to",
                "2030-12-31",
                "--by",
                by,
            ],
        ));
        times.push((by, started.elapsed()));
        assert_eq!(figure(&out, "visits"), Some(100_000), "{out}");
    }
    eprintln!(
        "100 000 visits generated in {:.1} s; entre stats (whole process): {}",
        filled.as_secs_f64(),
        times
            .iter()
            .map(|(by, t)| format!("--by {by} {:.0} ms", t.as_secs_f64() * 1000.0))
            .collect::<Vec<_>>()
            .join(", ")
    );
}
