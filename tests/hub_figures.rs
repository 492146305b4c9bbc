//! Figures across kiosks: three kiosks (two offices) record generated
//! visits through the kiosk's store, as the screens do (so that they are
//! queued for the hub), and sync them with the real `entre sync --once` to
//! the real `entre-hub` (target/release/entre-hub, on SQLite). Then for
//! every `--by`, `entre-hub stats --csv` equals the sum of the kiosks' own
//! `entre stats --csv` for the same visits, per group and in total, for
//! the whole city, `--office ID` and `--by office` (`--by gender` too:
//! the answers to "Are you …", survey answers given on their own and the
//! walk-ins' "meanwhile" travel to the hub); the mail columns, which only a
//! kiosk knows, are "–" on the hub. Every count is shown here (`min_cell =
//! 1` on kiosks and hub): a hidden cell cannot be summed.
//!
//! The hub runs on SQLite and on PostgreSQL (a throwaway cluster, the hub
//! tests' harness). Needs the hub built first: `cargo build --release -p
//! entre-hub`.

mod common;
#[allow(dead_code)]
#[path = "../hub/tests/common/pg.rs"]
mod pg;

use std::collections::BTreeMap;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use entre::outbound::mail::{self, Arrival};
use entre::store::{Store, Visit};
use entre_core::protocol::Gender;

/// The kiosks' and the hub's time zone; hours, weekdays and days are
/// counted in it (and the period spans a change to winter time).
const TZ: &str = "Europe/Stockholm";
/// The period every report covers: all the generated visits.
const FROM: &str = "2025-01-01";
const TO: &str = "2027-12-31";

const ERRANDS: [&str; 5] = ["housing", "preschool", "work", "debt-advice", "migration"];
const UNITS: [&str; 3] = ["social", "family", "budget"];

fn hub_bin() -> PathBuf {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/entre-hub");
    assert!(
        bin.exists(),
        "{}: build the hub first: cargo build --release -p entre-hub",
        bin.display()
    );
    bin
}

fn printed(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn ok(o: Output) -> String {
    assert!(o.status.success(), "{}", printed(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `entre --config CONFIG ARGS` in Stockholm time.
fn entre(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entre"))
        .arg("--config")
        .arg(config)
        .args(args)
        .env("TZ", TZ)
        .env_remove(entre::outbound::hub::TOKEN_ENV)
        .output()
        .expect("entre runs")
}

/// `entre-hub --config HUB ARGS`; the system zone is UTC so that only
/// hub.toml's `[stats] timezone` can make the figures agree.
fn hub(config: &Path, args: &[&str]) -> Output {
    Command::new(hub_bin())
        .arg("--config")
        .arg(config)
        .args(args)
        .env("TZ", "UTC")
        .output()
        .expect("entre-hub runs")
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn hub_toml(dir: &Path, port: u16, database: &str) -> PathBuf {
    let path = dir.join("hub.toml");
    std::fs::write(
        &path,
        format!(
            r#"[server]
listen = "127.0.0.1:{port}"

[database]
url = "{database}"

[[office]]
id = "centrum"
name = "Medborgarkontoret Centrum"

[[office]]
id = "norr"
name = "Medborgarkontoret Norr"

[mail]
allowed_domains = ["demo.example.org"]

[content]
allowed_link_hosts = ["stockholm.se"]
languages = ["sv"]

[privacy]
min_cell = 1

[stats]
timezone = "{TZ}"
targets = {{ learned = 60, self_next_time = 40 }}
"#
        ),
    )
    .unwrap();
    path
}

/// Registers a kiosk; returns its token (the last line printed).
fn kiosk_add(config: &Path, id: &str, office: &str) -> String {
    let out = ok(hub(config, &["kiosk", "add", id, "--office", office]));
    out.lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .expect("a token")
        .to_string()
}

fn serve(config: &Path, port: u16) -> Server {
    let child = Command::new(hub_bin())
        .arg("--config")
        .arg(config)
        .env("TZ", "UTC")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("entre-hub starts");
    let server = Server(child);
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the hub does not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// A kiosk `id` in `dir`, syncing to the hub at `port` with `token`.
fn kiosk(dir: &Path, id: &str, port: u16, token: &str) -> (PathBuf, entre::config::Config) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("hub-token"), format!("{token}\n")).unwrap();
    let src = common::DEMO
        .replace("id = \"demo-entre-1\"", &format!("id = \"{id}\""))
        .replace(
            "# url = \"https://hub.example.org\"",
            &format!("url = \"http://127.0.0.1:{port}\"\ntoken_file = \"hub-token\""),
        )
        .replace("min_cell = 5 ", "min_cell = 1 ");
    let (path, config) = common::write_config(&src, dir);
    assert_eq!(config.privacy.min_cell, 1);
    (path, config)
}

/// `n` visits over the 300 days before an hour ago, at any hour, recorded
/// through the store calls the screens make: an info visit
/// (`record_visit`), a walk-in who may start meanwhile
/// (`record_meanwhile`), a guidance visit and then its survey with "Are
/// you …" (`record_visit`, `record_survey`; sometimes skipped), a survey
/// answer on its own (`Visit::survey_answer`), a check-in with its arrival
/// mail (`record_checkin`), or at an officer who is away (`record_visit`
/// with the unit).
fn record(store: &Store, config: &entre::config::Config, n: usize, seed: u64) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let langs = ["sv", "sv", "sv", "en", "ar", "ti", "so", "uk"];
    let newest = entre::store::now_ms() - 3_600_000;
    let answer = |rng: &mut fastrand::Rng| match rng.u8(0..4) {
        0 => None,
        1 => Some(false),
        _ => Some(true),
    };
    for _ in 0..n {
        let lang = langs[rng.usize(..langs.len())];
        let at = newest - rng.i64(0..300 * 86_400_000);
        let gender = |rng: &mut fastrand::Rng| {
            [
                None,
                Some(Gender::Woman),
                Some(Gender::Woman),
                Some(Gender::Man),
                Some(Gender::Another),
                Some(Gender::PreferNotToSay),
            ][rng.usize(..6)]
        };
        match rng.u8(0..11) {
            0..=2 => {
                let mut v = Visit::new(["guide", "computer"][rng.usize(..2)], lang);
                v.at_ms = at;
                store.record_visit(&v).unwrap();
                if v.purpose == "guide" && rng.bool() {
                    store.record_meanwhile(&v.id).unwrap();
                }
            }
            3..=6 => {
                let mut v = Visit::new("errand", lang);
                v.at_ms = at;
                v.errand = Some(ERRANDS[rng.usize(..ERRANDS.len())].to_string());
                store.record_visit(&v).unwrap();
                if rng.u8(0..5) > 0 {
                    let (l, s) = (answer(&mut rng), answer(&mut rng));
                    store.record_survey(&v.id, l, s, gender(&mut rng)).unwrap();
                }
            }
            10 => {
                let (l, s) = (answer(&mut rng), answer(&mut rng));
                let mut v = Visit::survey_answer(lang, l, s, gender(&mut rng));
                v.at_ms = at;
                if rng.bool() {
                    v.errand = Some(ERRANDS[rng.usize(..ERRANDS.len())].to_string());
                }
                store.record_visit(&v).unwrap();
            }
            7..=8 => {
                let mut v = Visit::new("appointment", lang);
                v.at_ms = at;
                v.checkin_unit = Some(UNITS[rng.usize(..UNITS.len())].to_string());
                let arrival = Arrival {
                    officer_name: "Anna Lind",
                    officer_email: "anna.lind@demo.example.org",
                    visitor: None,
                    arrived_at_ms: at,
                    kiosk_id: &config.kiosk.id,
                    office: &config.office,
                };
                let out = mail::arrival(&common::catalog(), &config.mail.from, &arrival).unwrap();
                store.record_checkin(&v, &out, at).unwrap();
            }
            _ => {
                let mut v = Visit::new("appointment", lang);
                v.at_ms = at;
                v.checkin_unit = Some(UNITS[rng.usize(..UNITS.len())].to_string());
                store.record_visit(&v).unwrap();
            }
        }
    }
}

/// A CSV report: its header and its rows by label (in order), up to and
/// including "total" (core may add rows after the breakdown).
struct Csv {
    header: String,
    rows: Vec<(String, Vec<String>)>,
}

fn csv(text: &str) -> Csv {
    let mut lines = text.lines();
    let header = lines.next().expect("a header").to_string();
    let mut rows = Vec::new();
    for l in lines {
        let mut cells = l.split(',').map(String::from);
        let label = cells.next().unwrap();
        let total = label == "total";
        rows.push((label, cells.collect()));
        if total {
            break;
        }
    }
    assert_eq!(
        rows.last().map(|(l, _)| l.as_str()),
        Some("total"),
        "{text}"
    );
    Csv { header, rows }
}

/// The count columns after the label (mail and shares left out):
/// visits, checkins, guidance_views, learned yes/no/skipped, self yes/no/
/// skipped.
const COUNTS: [usize; 9] = [0, 1, 2, 6, 7, 8, 10, 11, 12];
const MAIL: [usize; 3] = [3, 4, 5];
/// Share columns and the (yes, no) columns they are computed from.
const SHARES: [(usize, usize, usize); 2] = [(9, 6, 7), (13, 10, 11)];

fn counts(cells: &[String]) -> Vec<u64> {
    COUNTS
        .iter()
        .map(|&i| cells[i].parse().unwrap_or_else(|_| panic!("{cells:?}")))
        .collect()
}

fn add(sum: &mut BTreeMap<String, Vec<u64>>, label: &str, c: Vec<u64>) {
    let s = sum.entry(label.to_string()).or_insert(vec![0; c.len()]);
    for (a, b) in s.iter_mut().zip(c) {
        *a += b;
    }
}

/// The sum of the kiosks' `entre stats --csv --by BY`, by label.
fn kiosk_sum(kiosks: &[&Path], by: &str) -> (String, BTreeMap<String, Vec<u64>>) {
    let mut header = String::new();
    let mut sum = BTreeMap::new();
    for cfg in kiosks {
        let report = csv(&ok(entre(
            cfg,
            &["stats", "--csv", "--by", by, "--from", FROM, "--to", TO],
        )));
        header = report.header;
        for (label, cells) in report.rows {
            add(&mut sum, &label, counts(&cells));
        }
    }
    (header, sum)
}

/// The hub's report equals `expected` (the kiosks' sums, "total" among
/// them): the same groups in the same order, the same counts, shares
/// computed from the summed answers, and "–" for mail.
fn assert_hub_equals(
    what: &str,
    hub_csv: &str,
    header: &str,
    expected: &BTreeMap<String, Vec<u64>>,
) {
    let report = csv(hub_csv);
    assert_eq!(report.header, header, "{what}: header");
    let labels: Vec<&str> = report.rows.iter().map(|(l, _)| l.as_str()).collect();
    let mut want: Vec<&str> = expected
        .keys()
        .map(String::as_str)
        .filter(|l| *l != "total")
        .collect();
    // --by gender keeps its order: women, men, another, not answered.
    let rank = |l: &str| entre_core::stats::GENDER_ROWS.iter().position(|g| *g == l);
    want.sort_by_key(|l| rank(l));
    want.push("total");
    assert_eq!(labels, want, "{what}: groups\n{hub_csv}");
    for (label, cells) in &report.rows {
        assert_eq!(
            &counts(cells),
            &expected[label],
            "{what}: {label}\n{hub_csv}"
        );
        for i in MAIL {
            assert_eq!(
                cells[i], "–",
                "{what}: {label}: mail is not known on the hub"
            );
        }
        for (share, yes, no) in SHARES {
            let (y, n): (u64, u64) = (cells[yes].parse().unwrap(), cells[no].parse().unwrap());
            let want = if y + n == 0 {
                String::new()
            } else {
                format!("{:.1}", y as f64 * 100.0 / (y + n) as f64)
            };
            assert_eq!(cells[share], want, "{what}: {label}: share");
        }
    }
}

#[test]
fn the_hubs_figures_are_the_sum_of_the_kiosks_own_on_sqlite() {
    the_hubs_figures_are_the_sum_of_the_kiosks_own("sqlite://hub.sqlite");
}

#[test]
fn the_hubs_figures_are_the_sum_of_the_kiosks_own_on_postgresql() {
    the_hubs_figures_are_the_sum_of_the_kiosks_own(&pg::fresh_url());
}

fn the_hubs_figures_are_the_sum_of_the_kiosks_own(database: &str) {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let hub_cfg = hub_toml(dir.path(), port, database);
    let kiosks = [
        ("centrum-entre-1", "centrum", 240),
        ("centrum-entre-2", "centrum", 180),
        ("norr-entre-1", "norr", 210),
    ];
    let tokens: Vec<String> = kiosks
        .iter()
        .map(|(id, office, _)| kiosk_add(&hub_cfg, id, office))
        .collect();
    let _server = serve(&hub_cfg, port);

    let mut configs = Vec::new();
    for (i, ((id, _, n), token)) in kiosks.iter().zip(&tokens).enumerate() {
        let (cfg, config) = kiosk(&dir.path().join(id), id, port, token);
        let store = Store::open(&config.kiosk.database).unwrap();
        record(&store, &config, *n, 15 + i as u64);
        assert_eq!(store.visits_pending().unwrap(), *n as i64);
        let out = entre(&cfg, &["sync", "--once"]);
        assert!(out.status.success(), "{id}: {}", printed(&out));
        assert_eq!(
            store.visits_pending().unwrap(),
            0,
            "{id}: {}",
            printed(&out)
        );
        configs.push(cfg);
    }
    let all: Vec<&Path> = configs.iter().map(PathBuf::as_path).collect();
    let centrum = &all[..2];
    let norr = &all[2..];

    for by in entre::stats::By::KIOSK_NAMES {
        let hub_stats = |extra: &[&str]| {
            let mut args = vec!["stats", "--csv", "--by", by, "--from", FROM, "--to", TO];
            args.extend_from_slice(extra);
            ok(hub(&hub_cfg, &args))
        };
        let (header, city) = kiosk_sum(&all, by);
        assert_hub_equals(&format!("--by {by}"), &hub_stats(&[]), &header, &city);
        let (_, c) = kiosk_sum(centrum, by);
        assert_hub_equals(
            &format!("--by {by} --office centrum"),
            &hub_stats(&["--office", "centrum"]),
            &header,
            &c,
        );
        let (_, n) = kiosk_sum(norr, by);
        assert_hub_equals(
            &format!("--by {by} --office norr"),
            &hub_stats(&["--office", "norr"]),
            &header,
            &n,
        );
    }

    // By office: one row per office, each the sum of its kiosks.
    let (header, _) = kiosk_sum(norr, "purpose");
    let header = header.replacen("purpose", "office", 1);
    let mut offices = BTreeMap::new();
    for (office, kiosks) in [("centrum", centrum), ("norr", norr)] {
        let total = kiosk_sum(kiosks, "purpose").1.remove("total").unwrap();
        add(&mut offices, office, total.clone());
        add(&mut offices, "total", total);
    }
    let by_office = ok(hub(
        &hub_cfg,
        &[
            "stats", "--csv", "--by", "office", "--from", FROM, "--to", TO,
        ],
    ));
    assert_hub_equals("--by office", &by_office, &header, &offices);
    let one = ok(hub(
        &hub_cfg,
        &[
            "stats", "--csv", "--by", "office", "--office", "norr", "--from", FROM, "--to", TO,
        ],
    ));
    offices.remove("centrum");
    *offices.get_mut("total").unwrap() = offices["norr"].clone();
    assert_hub_equals("--by office --office norr", &one, &header, &offices);

    // The table names the city or the office, and says "–" for mail.
    let table = ok(hub(&hub_cfg, &["stats", "--from", FROM, "--to", TO]));
    assert!(
        table.starts_with(&format!("The whole city (2 offices), {FROM} to {TO}\n")),
        "{table}"
    );
    assert!(table.contains("\nmail delivered         –\n"), "{table}");
    let table = ok(hub(
        &hub_cfg,
        &["stats", "--office", "norr", "--from", FROM, "--to", TO],
    ));
    assert!(
        table.starts_with(&format!(
            "Medborgarkontoret Norr (office norr), {FROM} to {TO}\n"
        )),
        "{table}"
    );

    // An office the hub does not know is an error naming it; nothing printed.
    let out = hub(&hub_cfg, &["stats", "--office", "söder"]);
    assert_eq!(out.status.code(), Some(2), "{}", printed(&out));
    assert!(out.stdout.is_empty(), "{}", printed(&out));
    assert!(printed(&out).contains("söder"), "{}", printed(&out));
}

/// The kiosk's reading of its own database, with its mail, gender, survey
/// answers and walk-ins, gives what core makes of the same rows read here
/// by a query of this test's own (not the kiosk's): for every breakdown,
/// the same CSV and table to the byte (small cells hidden with `[privacy]
/// min_cell` 5, the mail columns known, the walk-ins' registrations and
/// meanwhile), and the same chart: a year of generated visits, in
/// Stockholm time (across both changes of summer time), while the
/// process's own zone is UTC. Needs no hub.
#[test]
fn the_kiosks_figures_are_cores_of_its_visits() {
    use entre_core::stats::{self as core, By, Mail, Period, VisitFact, VisitKind, WalkIns};
    let dir = tempfile::tempdir().unwrap();
    let config = common::demo_config(dir.path());
    assert_eq!(config.privacy.min_cell, 5);
    let db = dir.path().join("figures.db");
    let store = Store::open(&db).unwrap();
    let now = "2026-11-30T12:00[Europe/Stockholm]"
        .parse::<jiff::ZonedDateTime>()
        .unwrap()
        .timestamp()
        .as_millisecond();
    entre::stats::demo::fill(&store, &config, 4000, now, 7).unwrap();
    // A walk-in who started meanwhile, a minute before "now".
    let mut walk_in = Visit::new("guide", "sv");
    walk_in.at_ms = now - 60_000;
    store.record_visit(&walk_in).unwrap();
    store.record_meanwhile(&walk_in.id).unwrap();
    // Rows as stored, read here.
    struct Row {
        at_ms: i64,
        purpose: String,
        errand: Option<String>,
        language: String,
        learned: Option<bool>,
        self_next_time: Option<bool>,
        checkin_unit: Option<String>,
        gender: Option<String>,
        kind: String,
        meanwhile: bool,
        sent: Option<i64>,
        gave_up: Option<i64>,
        mail: bool,
    }
    let rows: Vec<Row> = {
        let c = rusqlite::Connection::open(&db).unwrap();
        let mut stmt = c
            .prepare(
                "SELECT at_ms, purpose, errand, language, learned, self_next_time, checkin_unit,
                        gender, kind, meanwhile,
                        (SELECT sent_ms FROM outbox o WHERE o.visit_id = visit.id AND o.kind = 'mail'),
                        (SELECT gave_up_ms FROM outbox o WHERE o.visit_id = visit.id AND o.kind = 'mail'),
                        EXISTS (SELECT 1 FROM outbox o WHERE o.visit_id = visit.id AND o.kind = 'mail')
                 FROM visit",
            )
            .unwrap();
        stmt.query_map([], |r| {
            Ok(Row {
                at_ms: r.get(0)?,
                purpose: r.get(1)?,
                errand: r.get(2)?,
                language: r.get(3)?,
                learned: r.get(4)?,
                self_next_time: r.get(5)?,
                checkin_unit: r.get(6)?,
                gender: r.get(7)?,
                kind: r.get(8)?,
                meanwhile: r.get(9)?,
                sent: r.get(10)?,
                gave_up: r.get(11)?,
                mail: r.get(12)?,
            })
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    };
    let facts: Vec<VisitFact<'_>> = rows
        .iter()
        .map(|r| VisitFact {
            at_ms: r.at_ms,
            purpose: &r.purpose,
            errand: r.errand.as_deref(),
            language: &r.language,
            learned: r.learned,
            self_next_time: r.self_next_time,
            checkin_unit: r.checkin_unit.as_deref(),
            office: "demo",
            gender: r.gender.as_deref().map(|g| Gender::parse(g).unwrap()),
            kind: VisitKind::parse(&r.kind).unwrap(),
            meanwhile: r.meanwhile,
            mail: r.mail.then_some(match (r.sent, r.gave_up) {
                (Some(_), _) => Mail::Delivered,
                (None, Some(_)) => Mail::Failed,
                (None, None) => Mail::Waiting,
            }),
        })
        .collect();
    assert!(facts.len() >= 4001);
    // What the demo data makes known, so that nothing below is vacuous.
    let kinds = |k: VisitKind| facts.iter().filter(|f| f.kind == k).count();
    assert!(kinds(VisitKind::SurveyAnswer) > 80, "survey answers");
    assert!(
        facts
            .iter()
            .filter(|f| f.gender == Some(Gender::Woman))
            .count()
            > 500
    );
    assert!(
        facts
            .iter()
            .filter(|f| f.gender == Some(Gender::Man))
            .count()
            > 300
    );
    assert!(facts.iter().filter(|f| f.meanwhile).count() > 30);
    for m in [Mail::Delivered, Mail::Failed, Mail::Waiting] {
        assert!(facts.iter().any(|f| f.mail == Some(m)), "{m:?}");
    }
    // The kiosk's figures from `entre stats`, its zone from the config.
    let cfg = dir.path().join("kiosk.toml");
    std::fs::write(&cfg, common::DEMO).unwrap();
    let db_arg = db.to_str().unwrap();
    let tz = jiff::tz::TimeZone::get(TZ).unwrap();
    let targets = config.office.targets;
    let kiosk = |args: &[&str]| {
        let mut all = vec!["stats", "--database", db_arg];
        all.extend_from_slice(args);
        let out = Command::new(env!("CARGO_BIN_EXE_entre"))
            .arg("--config")
            .arg(&cfg)
            .args(&all)
            .env("TZ", "UTC")
            .output()
            .expect("entre runs");
        ok(out)
    };
    let heading = format!("{} (kiosk {})", config.office.name, config.kiosk.id);
    for period in [
        "2026", "2025-T3", "2026-T2", "2026-03", "2026-10", "2026-11",
    ] {
        let p = Period::parse(period).unwrap();
        let (from, to) = p.bounds_ms(&tz);
        let inside = |f: &&VisitFact<'_>| f.at_ms >= from && f.at_ms < to;
        let walk_ins = WalkIns {
            registrations: facts
                .iter()
                .filter(inside)
                .filter(|f| f.purpose == "guide" && f.kind == VisitKind::Visit)
                .count() as u64,
            meanwhile: facts.iter().filter(inside).filter(|f| f.meanwhile).count() as u64,
            ..WalkIns::default()
        };
        for name in By::KIOSK_NAMES {
            let by = By::parse(name).unwrap();
            let mut want = core::aggregate(&facts, p, &tz, by, targets, 5);
            want.mail_known = true;
            want.walk_ins = Some(walk_ins.clone());
            assert_eq!(
                kiosk(&["--csv", "--by", name, "--period", period]),
                want.csv(),
                "--period {period} --by {name} --csv"
            );
            assert_eq!(
                kiosk(&["--by", name, "--period", period]),
                want.table(&heading),
                "--period {period} --by {name}"
            );
        }
        // The same chart, to the byte.
        let svg = dir.path().join("chart.svg");
        kiosk(&["--period", period, "--chart", svg.to_str().unwrap()]);
        let title = format!("{}, {} – {}", config.office.name, p.from, p.to);
        let rust = core::chart_data(&facts, p, &tz, targets, title, 5);
        assert_eq!(
            core::chart::svg(&rust).unwrap(),
            std::fs::read_to_string(&svg).unwrap(),
            "--period {period} --chart"
        );
    }
}
