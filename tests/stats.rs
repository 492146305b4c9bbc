//! `entre stats`: visits generated over months give exactly the counts,
//! shares and CSV rows expected, women and men apart, survey answers given
//! on their own never counted as visits, walk-ins; periods and tertials cut
//! at midnight in `[office] timezone` (summer time included, and another
//! zone than the system's); small cells hidden; the chart; the demo data
//! never goes into the kiosk's own database unasked; and the time a year of
//! visits takes (printed, not asserted).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use entre::outbound::mail::{self, Arrival};
use entre::stats::{By, Counts, Period, Report, WalkIns};
use entre::store::{Store, Visit};
use entre_core::protocol::Gender;

/// Stockholm: the kiosk's time zone; the groups by hour and day use it.
const TZ: &str = "Europe/Stockholm";

/// The demo kiosk with a target of 45 % for "self next time" and every
/// count shown (`min_cell = 1`: the exact figures of small fixtures).
fn kiosk(dir: &Path) -> (PathBuf, entre::config::Config) {
    kiosk_with(dir, 1, TZ)
}

/// The demo kiosk with `[privacy] min_cell` and `[office] timezone`.
fn kiosk_with(dir: &Path, min_cell: u32, tz: &str) -> (PathBuf, entre::config::Config) {
    std::fs::create_dir_all(dir).unwrap();
    let src = common::DEMO
        .replace(
            "targets = { learned = 60, self_next_time = 40 }",
            "targets = { learned = 60, self_next_time = 45 }",
        )
        .replace("min_cell = 5 ", &format!("min_cell = {min_cell} "))
        .replace(
            "timezone = \"Europe/Stockholm\"",
            &format!("timezone = \"{tz}\""),
        );
    let (path, config) = common::write_config(&src, dir);
    assert_eq!(config.privacy.min_cell, min_cell);
    assert_eq!(config.office.timezone, tz);
    (path, config)
}

/// The CSV's header and breakdown, up to and including its `total` row,
/// each line cut to its label and the 14 columns asserted here (core's
/// rows and columns after them are compared with core's own rendering).
fn breakdown(csv: &str) -> String {
    let mut out = String::new();
    for line in csv.lines() {
        out.push_str(&line.split(',').take(15).collect::<Vec<_>>().join(","));
        out.push('\n');
        if line.starts_with("total,") {
            return out;
        }
    }
    panic!("no total row in\n{csv}");
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
        breakdown(&csv),
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
    let csv = breakdown(&csv);
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
        breakdown(&csv)
            .lines()
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
    let store = Store::open_read_only(&scratch).unwrap();
    assert_eq!(store.visit_count().unwrap(), 2000);
    // Survey answers on their own are generated too, never visits.
    assert_eq!(
        figure(&text, "visits"),
        Some(2000 - answers(&scratch)),
        "{text}"
    );
    assert!(answers(&scratch) > 40, "{}", answers(&scratch));
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
        let visits = 100_000 - answers(Path::new(scratch));
        assert_eq!(figure(&out, "visits"), Some(visits), "{out}");
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

/// The survey answers given on their own in database `db`.
fn answers(db: &Path) -> u64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM visit WHERE kind = 'survey_answer'",
            [],
            |r| r.get::<_, i64>(0).map(|n| n as u64),
        )
        .unwrap()
}

/// Unix ms of a wall-clock time in `tz`.
fn at_in(tz: &str, date: &str, time: &str) -> i64 {
    format!("{date}T{time}[{tz}]")
        .parse::<jiff::ZonedDateTime>()
        .unwrap()
        .timestamp()
        .as_millisecond()
}

/// `entre` with the system's time zone `system_tz` (not the office's).
fn entre_in(config: &Path, system_tz: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entre"))
        .arg("--config")
        .arg(config)
        .args(args)
        .env("TZ", system_tz)
        .output()
        .expect("entre runs")
}

/// `n` guidance visits of `errand` at `at_ms` (a second apart) by `gender`,
/// with their answers: the first `learned.0` learned something, the next
/// `learned.1` did not, the rest skipped; the same for `own`.
fn answered(
    n: usize,
    errand: &str,
    at_ms: i64,
    gender: Option<Gender>,
    learned: (usize, usize),
    own: (usize, usize),
) -> Vec<Visit> {
    let answer = |i: usize, (yes, no): (usize, usize)| {
        if i < yes {
            Some(true)
        } else if i < yes + no {
            Some(false)
        } else {
            None
        }
    };
    (0..n)
        .map(|i| {
            let mut v = guidance(
                errand,
                "sv",
                at_ms + i as i64 * 1000,
                answer(i, learned),
                answer(i, own),
            );
            v.gender = gender;
            v
        })
        .collect()
}

/// March 2026 in Stockholm, every count known: 20 women and 10 men after
/// guidance, 5 who prefer not to say, 10 at the computers (not asked), 10
/// walk-ins of whom 5 started meanwhile; and in April, 6 survey answers
/// given on their own at the welcome screen (women), not visits.
fn women_and_men(store: &Store) -> Vec<Visit> {
    let mut visits = Vec::new();
    let day = at("2026-03-10", "10:00:00");
    visits.extend(answered(
        20,
        "housing",
        day,
        Some(Gender::Woman),
        (12, 8),
        (10, 5),
    ));
    visits.extend(answered(
        10,
        "preschool",
        day + 3_600_000,
        Some(Gender::Man),
        (5, 5),
        (5, 5),
    ));
    visits.extend(answered(
        5,
        "housing",
        day + 7_200_000,
        Some(Gender::PreferNotToSay),
        (5, 0),
        (0, 0),
    ));
    for i in 0..10 {
        visits.push(visit("computer", "ar", day + 10_800_000 + i));
        let mut walk_in = visit("guide", "ti", day + 14_400_000 + i);
        walk_in.meanwhile = i % 2 == 0;
        visits.push(walk_in);
    }
    for i in 0..6 {
        let mut v = Visit::survey_answer("sv", Some(true), Some(false), Some(Gender::Woman));
        v.at_ms = at("2026-04-07", "15:00:00") + i;
        assert_eq!(v.purpose, entre::store::SURVEY_PURPOSE);
        visits.push(v);
    }
    store.record_visits(&visits).unwrap();
    visits
}

/// Core's facts of `visits`, built here from the visits themselves (not
/// read back by the kiosk): what `entre stats` must report.
fn facts(visits: &[Visit]) -> Vec<entre_core::stats::VisitFact<'_>> {
    visits
        .iter()
        .map(|v| entre_core::stats::VisitFact {
            at_ms: v.at_ms,
            purpose: &v.purpose,
            errand: v.errand.as_deref(),
            language: &v.language,
            learned: v.learned,
            self_next_time: v.self_next_time,
            checkin_unit: v.checkin_unit.as_deref(),
            office: "-",
            gender: v.gender,
            kind: v.kind,
            meanwhile: v.meanwhile,
            mail: None,
        })
        .collect()
}

/// The report core makes of `visits` for the kiosk in `config`: mail
/// known, the walk-ins' `registrations` and `meanwhile` given.
fn expected(
    visits: &[Visit],
    config: &entre::config::Config,
    period: &str,
    by: By,
    registrations: u64,
    meanwhile: u64,
) -> Report {
    let mut r = entre_core::stats::aggregate(
        &facts(visits),
        Period::parse(period).unwrap(),
        &config.office.tz(),
        by,
        config.office.targets,
        u64::from(config.privacy.min_cell),
    );
    r.mail_known = true;
    r.walk_ins = Some(WalkIns {
        registrations,
        meanwhile,
        ..WalkIns::default()
    });
    r
}

#[test]
fn women_and_men_are_counted_apart_and_survey_answers_are_not_visits() {
    let dir = tempfile::tempdir().unwrap();
    let (cfg, config) = kiosk_with(dir.path(), 5, TZ);
    let store = Store::open(&config.kiosk.database).unwrap();
    let visits = women_and_men(&store);

    // Every gender row, always all four, in order; every cell 0 or ≥ 5.
    let csv = stdout(&entre(
        &cfg,
        &["stats", "--period", "2026-03", "--by", "gender", "--csv"],
    ));
    assert_eq!(
        breakdown(&csv).lines().skip(1).collect::<Vec<_>>(),
        [
            "women,20,0,20,0,0,0,12,8,0,60.0,10,5,5,66.7",
            "men,10,0,10,0,0,0,5,5,0,50.0,5,5,0,50.0",
            "another,0,0,0,0,0,0,0,0,0,,0,0,0,",
            "not answered,25,0,5,0,0,0,5,0,0,100.0,0,0,5,",
            "total,55,0,35,0,0,0,22,13,0,62.9,15,10,10,60.0",
        ],
        "{csv}"
    );
    // The same figures as core makes of the same visits, to the byte, in
    // the CSV and in the table (its women/men lines and walk-ins included).
    let want = expected(&visits, &config, "2026-03", By::Gender, 10, 5);
    assert_eq!(csv, want.csv());
    let table = stdout(&entre(
        &cfg,
        &["stats", "--period", "2026-03", "--by", "gender"],
    ));
    assert_eq!(
        table,
        want.table("Medborgarkontoret Demo (kiosk demo-entre-1)")
    );
    assert_eq!(figure(&table, "visits"), Some(55), "{table}");

    // The report itself: women and men, walk-ins, no survey answers yet.
    let r = entre::stats::report(
        &store,
        &config,
        Period::parse("2026-03").unwrap(),
        By::Purpose,
    )
    .unwrap();
    let row = |k: &str| r.genders.iter().find(|(g, _)| g == k).unwrap().1;
    assert_eq!(
        r.genders
            .iter()
            .map(|(g, _)| g.as_str())
            .collect::<Vec<_>>(),
        entre_core::stats::GENDER_ROWS
    );
    assert_eq!(row("women").learned(60).share(), Some(60.0));
    assert_eq!(row("men").learned(60).share(), Some(50.0));
    assert_eq!(
        (row("women").self_yes, row("women").self_no),
        (10, 5),
        "women: 10 of 15 can do it themselves"
    );
    assert_eq!((row("men").self_yes, row("men").self_no), (5, 5));
    assert_eq!(
        r.walk_ins,
        Some(WalkIns {
            registrations: 10,
            meanwhile: 5,
            ..WalkIns::default()
        }),
        "the floor's waits and who left are the hub's"
    );
    assert_eq!(r.total.survey_answers, 0);
    assert_eq!(r.min_cell, 5);

    // T1 (January–April): the 6 survey answers count in the indicators of
    // women, never as visits.
    let r = entre::stats::report(
        &store,
        &config,
        Period::parse("2026-T1").unwrap(),
        By::Gender,
    )
    .unwrap();
    assert_eq!(r.total.visits, 55);
    assert_eq!(r.total.survey_answers, 6);
    assert_eq!(row_of(&r, "women").visits, 20);
    assert_eq!(row_of(&r, "women").survey_answers, 6);
    assert_eq!(
        (
            row_of(&r, "women").learned_yes,
            row_of(&r, "women").learned_no
        ),
        (18, 8)
    );
    assert_eq!(
        (row_of(&r, "women").self_yes, row_of(&r, "women").self_no),
        (10, 11)
    );
    let table = stdout(&entre(&cfg, &["stats", "--period", "2026-T1"]));
    assert_eq!(figure(&table, "visits"), Some(55), "{table}");
    assert_eq!(
        table,
        expected(&visits, &config, "2026-T1", By::Purpose, 10, 5)
            .table("Medborgarkontoret Demo (kiosk demo-entre-1)")
    );
    let csv = stdout(&entre(
        &cfg,
        &["stats", "--period", "2026-T1", "--by", "gender", "--csv"],
    ));
    assert_eq!(
        csv,
        expected(&visits, &config, "2026-T1", By::Gender, 10, 5).csv()
    );
    assert!(
        breakdown(&csv).contains("\ntotal,55,0,35,0,0,0,28,13,"),
        "{csv}"
    );
}

fn row_of(r: &Report, k: &str) -> Counts {
    r.rows
        .iter()
        .chain(r.genders.iter())
        .find(|(g, _)| g == k)
        .unwrap()
        .1
}

#[test]
fn cells_under_min_cell_are_hidden_with_a_footnote() {
    let dir = tempfile::tempdir().unwrap();
    let (cfg, config) = kiosk_with(dir.path(), 5, TZ);
    let store = Store::open(&config.kiosk.database).unwrap();
    // March: 20 in Swedish, 3 in Arabic (under 5), 7 in Tigrinya; 2 who
    // answered "another" (under 5) among 20 women.
    let day = at("2026-03-10", "10:00:00");
    let mut visits = answered(20, "housing", day, Some(Gender::Woman), (10, 10), (10, 10));
    for v in answered(
        2,
        "housing",
        day + 60_000_000,
        Some(Gender::Another),
        (2, 0),
        (0, 2),
    ) {
        visits.push(Visit {
            language: "ar".into(),
            ..v
        });
    }
    visits.push(visit("computer", "ar", day + 70_000_000));
    for i in 0..7 {
        visits.push(visit("computer", "ti", day + 80_000_000 + i));
    }
    store.record_visits(&visits).unwrap();

    for by in ["language", "gender"] {
        let csv = stdout(&entre(
            &cfg,
            &["stats", "--period", "2026-03", "--by", by, "--csv"],
        ));
        let want = expected(&visits, &config, "2026-03", By::parse(by).unwrap(), 0, 0);
        assert_eq!(csv, want.csv(), "--by {by}");
        let table = stdout(&entre(&cfg, &["stats", "--period", "2026-03", "--by", by]));
        assert_eq!(
            table,
            want.table("Medborgarkontoret Demo (kiosk demo-entre-1)"),
            "--by {by}"
        );
        // The small group's visits are "–", the total never is.
        let small = if by == "language" { "ar," } else { "another," };
        let row = breakdown(&csv)
            .lines()
            .find(|l| l.starts_with(small))
            .unwrap_or_else(|| panic!("{small} in\n{csv}"))
            .to_string();
        assert_eq!(
            row.split(',').nth(1),
            Some(entre_core::stats::suppress::HIDDEN),
            "--by {by}: {row}"
        );
        assert!(
            breakdown(&csv).contains("\ntotal,30,0,22,0,0,0,12,10,0,54.5,10,12,0,45.5\n"),
            "--by {by}: the total is shown\n{csv}"
        );
        assert!(
            table.contains(entre_core::stats::suppress::HIDDEN),
            "{table}"
        );
    }
    // With min_cell 1 nothing is hidden: the same visits in full.
    let (cfg1, _) = kiosk_with(&dir.path().join("all"), 1, TZ);
    let csv = stdout(&entre(
        &cfg1,
        &[
            "stats",
            "--database",
            config.kiosk.database.to_str().unwrap(),
            "--period",
            "2026-03",
            "--by",
            "language",
            "--csv",
        ],
    ));
    assert_eq!(
        breakdown(&csv).lines().skip(1).collect::<Vec<_>>(),
        [
            "ar,3,0,2,0,0,0,2,0,0,100.0,0,2,0,0.0",
            "sv,20,0,20,0,0,0,10,10,0,50.0,10,10,0,50.0",
            "ti,7,0,0,0,0,0,0,0,0,,0,0,0,",
            "total,30,0,22,0,0,0,12,10,0,54.5,10,12,0,45.5",
        ]
    );
}

/// A visit at the first and the last second of each tertial, local time in
/// `tz`: 31 December and 1 January, 30 April (summer time) and 1 May, 31
/// August and 1 September, 31 December and the next 1 January; and two at
/// the change to summer time, 29 March 01:59:59 and 03:00:00.
fn boundaries(store: &Store, tz: &str) {
    let visits: Vec<Visit> = [
        ("2025-12-31", "23:59:59"),
        ("2026-01-01", "00:00:00"),
        ("2026-03-29", "01:59:59"),
        ("2026-03-29", "03:00:00"),
        ("2026-04-30", "23:59:59"),
        ("2026-05-01", "00:00:00"),
        ("2026-08-31", "23:59:59"),
        ("2026-09-01", "00:00:00"),
        ("2026-12-31", "23:59:59"),
        ("2027-01-01", "00:00:00"),
    ]
    .iter()
    .map(|(d, t)| visit("computer", "sv", at_in(tz, d, t)))
    .collect();
    store.record_visits(&visits).unwrap();
}

/// The visits `entre stats ARGS` counts (the total: never hidden).
fn visits_of(cfg: &Path, system_tz: &str, args: &[&str]) -> u64 {
    let mut all = vec!["stats"];
    all.extend_from_slice(args);
    let out = stdout(&entre_in(cfg, system_tz, &all));
    figure(&out, "visits").unwrap_or_else(|| panic!("{out}"))
}

#[test]
fn tertials_are_cut_at_midnight_in_stockholm_summer_time_included() {
    let dir = tempfile::tempdir().unwrap();
    let (cfg, config) = kiosk_with(dir.path(), 5, TZ);
    let store = Store::open(&config.kiosk.database).unwrap();
    boundaries(&store, TZ);
    // The system's zone is Tokyo's: only [office] timezone may count.
    for system in ["Asia/Tokyo", "UTC", TZ] {
        for (args, n) in [
            (&["--period", "2026-T1"][..], 4),
            (&["--period", "2026-T2"], 6),
            (&["--period", "2026-T3"], 8),
            (&["--period", "2026-VB"], 8),
            (&["--tertial", "2026-1"], 4),
            (&["--tertial", "2026-2"], 2),
            (&["--tertial", "2026-3"], 2),
            (&["--period", "2026-03"], 2),
            (&["--from", "2026-03-29", "--to", "2026-03-29"], 2),
            (&["--from", "2026-04-30", "--to", "2026-05-01"], 2),
            (&["--period", "2025"], 1),
            (&["--period", "2027"], 1),
        ] {
            assert_eq!(
                visits_of(&cfg, system, args),
                n,
                "{args:?} with TZ={system}"
            );
        }
    }
    // By day and hour in Stockholm time: the summer time change has no
    // 02:00; 30 April 23:59:59 is 21:59:59 UTC, and still 30 April.
    let csv = stdout(&entre_in(
        &cfg,
        "UTC",
        &["stats", "--tertial", "2026-1", "--by", "day", "--csv"],
    ));
    // (1 or 2 visits a day: hidden as "–" under min_cell 5; the labels
    // are local days, and the total is shown.)
    let days: Vec<String> = breakdown(&csv)
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    assert_eq!(days, ["2026-01-01", "2026-03-29", "2026-04-30", "total"]);
    assert!(breakdown(&csv).contains("\ntotal,4,"), "{csv}");
    let csv = stdout(&entre_in(
        &cfg,
        "UTC",
        &["stats", "--period", "2026-03", "--by", "hour", "--csv"],
    ));
    let hours: Vec<String> = breakdown(&csv)
        .lines()
        .skip(1)
        .map(|l| l.split(',').take(2).collect::<Vec<_>>().join("="))
        .collect();
    // Hidden as "–" (1 visit each, min_cell 5): the labels are local hours.
    assert_eq!(hours.len(), 3, "{csv}");
    assert!(hours[0].starts_with("01:00="), "{hours:?}");
    assert!(hours[1].starts_with("03:00="), "{hours:?}");
    assert_eq!(hours[2], "total=2");

    // --tertial stands alone; a bad one is named.
    let out = entre(
        &cfg,
        &["stats", "--tertial", "2026-2", "--period", "2026-T2"],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = entre(
        &cfg,
        &["stats", "--tertial", "2026-2", "--from", "2026-01-01"],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = entre(&cfg, &["stats", "--tertial", "2026-4"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--tertial 2026-4: not a tertial"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let help = stdout(&entre(&cfg, &["stats", "--help"]));
    for word in ["--tertial", "Jan–Aug", "gender", "timezone"] {
        assert!(help.contains(word), "{word} in\n{help}");
    }
}

#[test]
fn another_office_timezone_is_used_not_the_systems() {
    const NY: &str = "America/New_York";
    let dir = tempfile::tempdir().unwrap();
    let (cfg, config) = kiosk_with(dir.path(), 5, NY);
    let store = Store::open(&config.kiosk.database).unwrap();
    boundaries(&store, NY);
    // In Stockholm time, 31 December 23:59:59 in New York is already 1
    // January: Stockholm's midnight would count none in 2025 and two in
    // 2027.
    for system in [TZ, "UTC"] {
        for (args, n) in [
            (&["--period", "2026-T1"][..], 4),
            (&["--period", "2026-T2"], 6),
            (&["--period", "2026"], 8),
            (&["--tertial", "2026-2"], 2),
            (&["--period", "2025"], 1),
            (&["--period", "2027"], 1),
        ] {
            assert_eq!(
                visits_of(&cfg, system, args),
                n,
                "{args:?} with TZ={system}"
            );
        }
    }
    // Days and hours in New York time; New York changes to summer time on
    // 8 March, so 29 March 01:59:59 and 03:00:00 there are both EDT.
    let csv = stdout(&entre_in(
        &cfg,
        TZ,
        &["stats", "--tertial", "2026-2", "--by", "day", "--csv"],
    ));
    let days: Vec<String> = breakdown(&csv)
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    assert_eq!(days, ["2026-05-01", "2026-08-31", "total"]);
    let csv = stdout(&entre_in(
        &cfg,
        TZ,
        &["stats", "--period", "2026", "--by", "hour", "--csv"],
    ));
    let hours: Vec<String> = breakdown(&csv)
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    assert_eq!(hours, ["00:00", "01:00", "03:00", "23:00", "total"]);
}

#[test]
fn demo_data_has_gender_answers_survey_answers_and_walk_ins() {
    let dir = tempfile::tempdir().unwrap();
    let config = common::demo_config(dir.path());
    let store = Store::open(&dir.path().join("demo.sqlite")).unwrap();
    let now = at("2026-11-30", "12:00:00");
    entre::stats::demo::fill(&store, &config, 5000, now, 3).unwrap();
    let r =
        entre::stats::report(&store, &config, Period::parse("2026").unwrap(), By::Gender).unwrap();
    let all = entre::stats::report(
        &store,
        &config,
        Period {
            from: "2025-01-01".parse().unwrap(),
            to: "2026-12-31".parse().unwrap(),
        },
        By::Gender,
    )
    .unwrap();
    assert!(r.total.visits > 1000, "{:?}", r.total);
    let n = |k: &str| row_of(&all, k);
    // Survey answers on their own: about one in 25, never visits.
    let answers = all.total.survey_answers;
    assert!((130..=280).contains(&answers), "{answers}");
    assert_eq!(all.total.visits + answers, 5000);
    // Of those who answered "Are you …": women ≈ 55/95, men ≈ 35/95.
    let (w, m, a) = (
        n("women").visits + n("women").survey_answers,
        n("men").visits + n("men").survey_answers,
        n("another").visits + n("another").survey_answers,
    );
    let asked = w + m + a;
    assert!(asked > 1500, "{w} {m} {a}");
    let share = |x: u64| x as f64 * 100.0 / asked as f64;
    assert!((52.0..=64.0).contains(&share(w)), "women {:.1} %", share(w));
    assert!((33.0..=41.0).contains(&share(m)), "men {:.1} %", share(m));
    assert!((1.0..=4.0).contains(&share(a)), "another {:.1} %", share(a));
    assert!(
        n("not answered").visits > n("men").visits,
        "not asked and skipped"
    );
    // Indicators for women and men, walk-ins and meanwhile.
    assert!(n("women").learned(60).answered > 500);
    assert!(n("men").self_next_time(40).answered > 300);
    let walk = all.walk_ins.clone().unwrap();
    assert!(walk.registrations > 200, "{walk:?}");
    assert!(
        walk.meanwhile > walk.registrations / 5 && walk.meanwhile < walk.registrations / 2,
        "{walk:?}"
    );
    // Hours in the office's zone: office hours only.
    let hours =
        entre::stats::report(&store, &config, Period::parse("2026").unwrap(), By::Hour).unwrap();
    for (h, _) in &hours.rows {
        assert!(("09:00".."17:00").contains(&h.as_str()), "{h}");
    }
}
