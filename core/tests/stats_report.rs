//! The report's figures from generated visits whose answers are known:
//! women and men, survey answers on their own, cells under 5, walk-ins,
//! tertials cut at local midnight in Europe/Stockholm (summer time too),
//! and the table, CSV and charts with small numbers hidden.

use entre_core::protocol::{Gender, VisitKind};
use entre_core::stats::chart::{self, ChartData, MonthIndicators};
use entre_core::stats::{
    By, Period, Report, Targets, VisitFact, WalkIns, aggregate, suppress, tertial_csv,
    tertial_table, tertials,
};
use jiff::tz::TimeZone;

const FONTS: [&[u8]; 2] = [
    include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSans-Bold.ttf"),
];

fn tz() -> TimeZone {
    TimeZone::get("Europe/Stockholm").unwrap()
}

/// Unix ms of a Stockholm wall-clock time "2026-03-02T10:15".
fn ms(local: &str) -> i64 {
    format!("{local}[Europe/Stockholm]")
        .parse::<jiff::ZonedDateTime>()
        .unwrap()
        .timestamp()
        .as_millisecond()
}

#[derive(Clone, Copy)]
struct Spec {
    at: &'static str,
    purpose: &'static str,
    errand: Option<&'static str>,
    gender: Option<Gender>,
    kind: VisitKind,
    checkin: bool,
    meanwhile: bool,
}

fn spec(at: &'static str, purpose: &'static str, errand: Option<&'static str>) -> Spec {
    Spec {
        at,
        purpose,
        errand,
        gender: None,
        kind: VisitKind::Visit,
        checkin: false,
        meanwhile: false,
    }
}

/// `n` visits like `s`: the first `ly` learned yes, the next `ln` no (the
/// rest not answered), likewise `sy`/`sn` for "self next time".
fn many(
    out: &mut Vec<VisitFact<'static>>,
    s: Spec,
    n: usize,
    (ly, ln): (usize, usize),
    (sy, sn): (usize, usize),
) {
    let answer = |i: usize, yes: usize, no: usize| {
        if i < yes {
            Some(true)
        } else if i < yes + no {
            Some(false)
        } else {
            None
        }
    };
    for i in 0..n {
        out.push(VisitFact {
            at_ms: ms(s.at),
            purpose: s.purpose,
            errand: s.errand,
            language: "sv",
            learned: answer(i, ly, ln),
            self_next_time: answer(i, sy, sn),
            checkin_unit: s.checkin.then_some("unit-1"),
            office: "centrum",
            gender: s.gender,
            kind: s.kind,
            meanwhile: s.meanwhile && i < 2,
            mail: None,
        });
    }
}

/// March 2026 at one office: 14 women, 10 men and 10 not answered after
/// guidance, 5 survey answers by women, 3 check-ins, 6 walk-ins (2 of
/// whom started meanwhile).
fn march() -> Vec<VisitFact<'static>> {
    let mut v = Vec::new();
    let guidance = |at, errand, gender| Spec {
        gender,
        ..spec(at, "errand", Some(errand))
    };
    many(
        &mut v,
        guidance("2026-03-02T10:15", "housing", Some(Gender::Woman)),
        14,
        (8, 6),
        (6, 8),
    );
    many(
        &mut v,
        guidance("2026-03-03T11:15", "work", Some(Gender::Man)),
        10,
        (6, 4),
        (5, 5),
    );
    many(
        &mut v,
        guidance("2026-03-04T12:15", "work", Some(Gender::PreferNotToSay)),
        10,
        (5, 5),
        (0, 0),
    );
    many(
        &mut v,
        Spec {
            gender: Some(Gender::Woman),
            kind: VisitKind::SurveyAnswer,
            ..spec("2026-03-05T15:00", "survey", None)
        },
        5,
        (5, 0),
        (5, 0),
    );
    many(
        &mut v,
        Spec {
            checkin: true,
            ..spec("2026-03-06T09:00", "appointment", None)
        },
        3,
        (0, 0),
        (0, 0),
    );
    many(
        &mut v,
        Spec {
            meanwhile: true,
            ..spec("2026-03-06T13:00", "guide", None)
        },
        6,
        (0, 0),
        (0, 0),
    );
    // Outside the period: April.
    many(
        &mut v,
        guidance("2026-04-01T00:00", "housing", Some(Gender::Woman)),
        4,
        (4, 0),
        (4, 0),
    );
    v
}

fn report(by: By, min_cell: u64) -> Report {
    aggregate(
        &march(),
        Period::parse("2026-03").unwrap(),
        &tz(),
        by,
        Targets::default(),
        min_cell,
    )
}

fn footnote_row() -> String {
    format!("note,\"{}\"", suppress::footnote(5))
}

#[test]
fn counts_keep_survey_answers_apart_and_split_women_and_men() {
    let r = report(By::Purpose, 5);
    let t = r.total;
    assert_eq!(t.visits, 43, "survey answers are not visits");
    assert_eq!(t.survey_answers, 5);
    assert_eq!(t.guidance_views, 34);
    assert_eq!(t.checkins, 3);
    assert_eq!(t.meanwhile, 2);
    assert_eq!((t.learned_yes, t.learned_no), (24, 15), "answers count");
    assert_eq!((t.self_yes, t.self_no), (16, 13));
    let women = &r.genders[0].1;
    assert_eq!(r.genders[0].0, "women");
    assert_eq!(women.visits, 14);
    assert_eq!((women.learned_yes, women.learned_no), (13, 6));
    assert_eq!((women.self_yes, women.self_no), (11, 8));
    let [w, m] = r.gender_indicators();
    assert_eq!(w.learned.map(|i| (i.yes, i.answered)), Some((13, 19)));
    assert_eq!(
        w.self_next_time.map(|i| (i.yes, i.answered)),
        Some((11, 19))
    );
    // Men's 4 "no" is under 5: hidden, and so is its yes (the pair adds
    // up to those answered).
    assert_eq!(m.learned, None);
    assert_eq!(m.self_next_time.map(|i| (i.yes, i.answered)), Some((5, 10)));
}

#[test]
fn the_csv_hides_small_cells_and_their_complements_row_by_row() {
    let csv = report(By::Purpose, 5).csv();
    let lines: Vec<&str> = csv.lines().collect();
    let expected = [
        "purpose,visits,checkins,guidance_views,mail_delivered,mail_failed,mail_waiting,\
         learned_yes,learned_no,learned_skipped,learned_share_pct,\
         self_next_time_yes,self_next_time_no,self_next_time_skipped,self_next_time_share_pct,\
         survey_answers,meanwhile",
        // 3 visits: hidden; its complement in the column is the guide's 6
        // (the smallest other); check-ins have no other to hide (0 is shown).
        "appointment,–,–,0,–,–,–,0,0,0,,0,0,0,,0,0",
        "errand,34,0,34,–,–,–,19,15,0,55.9,11,13,10,45.8,0,0",
        "guide,–,0,0,–,–,–,0,0,0,,0,0,0,,0,–",
        "survey,0,0,0,–,–,–,5,0,0,100.0,5,0,0,100.0,5,0",
        "total,43,3,34,–,–,–,24,15,0,61.5,16,13,10,55.2,5,2",
        "indicator,learned,all,24,39,61.5,60,met",
        "indicator,learned,women,13,19,68.4,60,met",
        "indicator,learned,men,–,–,–,60,–",
        "indicator,self_next_time,all,16,29,55.2,40,met",
        "indicator,self_next_time,women,11,19,57.9,40,met",
        "indicator,self_next_time,men,5,10,50.0,40,met",
        &footnote_row(),
    ];
    assert_eq!(lines, expected, "{csv}");
}

#[test]
fn the_table_shows_women_and_men_survey_answers_and_the_footnote() {
    let table = report(By::Purpose, 5).table("Centrum");
    let has = |line: &str| {
        assert!(
            table.lines().any(|l| l == line),
            "no line {line:?} in\n{table}"
        )
    };
    has(&format!("{:<16}{:>8}", "visits", 43));
    has(&format!("{:<16}{:>8}", "survey answers (not visits)", 5));
    has("learned something new: 62 % (24 of 39 answered; 0 skipped); target 60 %: met");
    has("  women: 68 % (13 of 19 answered); target 60 %: met");
    has("  men:   –");
    has("can do it themselves next time: 55 % (16 of 29 answered; 10 skipped); target 40 %: met");
    has("  women: 58 % (11 of 19 answered); target 40 %: met");
    has("  men:   50 % (5 of 10 answered); target 40 %: met");
    assert_eq!(table.lines().last(), Some(suppress::footnote(5).as_str()));
    // The breakdown, cell by cell.
    let rows: Vec<Vec<&str>> = table
        .lines()
        .skip_while(|l| *l != "by purpose")
        .skip(2)
        .take(5)
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect();
    assert_eq!(
        rows,
        [
            vec!["appointment", "–", "–", "0", "–", "–", "0", "-", "-"],
            vec![
                "errand",
                "34",
                "0",
                "34",
                "–",
                "–",
                "0",
                "56 % (19/34)",
                "46 % (11/24)"
            ],
            vec!["guide", "–", "0", "0", "–", "–", "0", "-", "-"],
            vec![
                "survey",
                "0",
                "0",
                "0",
                "–",
                "–",
                "5",
                "100 % (5/5)",
                "100 % (5/5)"
            ],
            vec![
                "total",
                "43",
                "3",
                "34",
                "–",
                "–",
                "5",
                "62 % (24/39)",
                "55 % (16/29)"
            ],
        ],
        "{table}"
    );
}

#[test]
fn min_cell_0_or_1_hides_nothing() {
    for min_cell in [0, 1] {
        let r = report(By::Purpose, min_cell);
        let csv = r.csv();
        assert!(!csv.contains("note,"), "{csv}");
        assert!(csv.contains("\nappointment,3,3,0,–,–,–,0,0,0,,0,0,0,,0,0\n"));
        assert!(csv.contains("\nindicator,learned,men,6,10,60.0,60,met\n"));
        let table = r.table("x");
        assert!(!table.contains("[privacy] min_cell"), "{table}");
        assert!(table.contains("  men:   60 % (6 of 10 answered); target 60 %: met\n"));
    }
}

#[test]
fn by_gender_is_always_women_men_another_not_answered_then_total() {
    let csv = report(By::Gender, 5).csv();
    let lines: Vec<&str> = csv.lines().take(6).collect();
    assert_eq!(
        lines,
        [
            lines[0],
            // Women: 14 visits and 5 survey answers.
            "women,14,0,14,–,–,–,13,6,0,68.4,11,8,0,57.9,5,0",
            // Men's 4 "no": hidden with its complement in the row (6) and
            // in the column (not answered's 5, the smallest other), whose
            // row then hides its yes.
            "men,10,0,10,–,–,–,–,–,0,–,5,5,0,50.0,0,0",
            "another,0,0,0,–,–,–,0,0,0,,0,0,0,,0,0",
            // Not answered: 3 check-ins and 2 "meanwhile", under 5 and no
            // other to hide in their columns (the total shows them).
            "not answered,19,–,10,–,–,–,–,–,0,–,0,0,10,,0,–",
            "total,43,3,34,–,–,–,24,15,0,61.5,16,13,10,55.2,5,2",
        ],
        "{csv}"
    );
    assert!(lines[0].starts_with("gender,visits,"));
}

#[test]
fn walk_ins_are_reported_with_what_is_not_known_and_small_counts_hidden() {
    let mut r = report(By::Purpose, 5);
    // As a kiosk knows them: no waits, nobody known to have left.
    r.walk_ins = Some(WalkIns {
        registrations: 20,
        waited: None,
        wait_median_ms: None,
        wait_p90_ms: None,
        closed: None,
        left: None,
        meanwhile: 10,
    });
    let csv = r.csv();
    let rows: Vec<&str> = csv.lines().filter(|l| l.starts_with("walk_ins,")).collect();
    assert_eq!(
        rows,
        [
            "walk_ins,registrations,20",
            "walk_ins,waited,",
            "walk_ins,wait_median_min,",
            "walk_ins,wait_p90_min,",
            "walk_ins,closed,",
            "walk_ins,left,",
            "walk_ins,left_share_pct,",
            "walk_ins,meanwhile,10",
            "walk_ins,meanwhile_share_pct,50.0",
        ]
    );
    assert_eq!(
        csv.lines()
            .filter(|l| l.starts_with("walk_ins_note,\""))
            .count(),
        4
    );
    assert_eq!(csv.lines().last(), Some(footnote_row().as_str()));
    let wl = |what: &str, value: &str| format!("\n  {what:<26}{value:>8}\n");
    let table = r.table("x");
    assert!(
        table.contains(&format!("\nwalk-ins{}", wl("registrations", "20"))),
        "{table}"
    );
    assert!(
        table.contains(&wl("wait, median", "not known here")),
        "{table}"
    );
    assert!(
        table.contains(&wl("started meanwhile, share", "50 % (10/20)")),
        "{table}"
    );
    assert!(table.contains("public PC or their own phone"));
    assert!(table.contains("known only on the hub"));

    // As the hub knows them.
    r.walk_ins = Some(WalkIns {
        registrations: 40,
        waited: Some(38),
        wait_median_ms: Some(270_000),
        wait_p90_ms: Some(720_000),
        closed: Some(40),
        left: Some(6),
        meanwhile: 9,
    });
    let csv = r.csv();
    let rows: Vec<&str> = csv.lines().filter(|l| l.starts_with("walk_ins,")).collect();
    assert_eq!(
        rows,
        [
            "walk_ins,registrations,40",
            "walk_ins,waited,38",
            "walk_ins,wait_median_min,4.5",
            "walk_ins,wait_p90_min,12.0",
            "walk_ins,closed,40",
            "walk_ins,left,6",
            "walk_ins,left_share_pct,15.0",
            "walk_ins,meanwhile,9",
            "walk_ins,meanwhile_share_pct,22.5",
        ]
    );
    let table = r.table("x");
    assert!(table.contains(&wl("wait, median", "4.5 min")), "{table}");
    assert!(
        table.contains(&wl("left before help, share", "15 % (6/40)")),
        "{table}"
    );

    // Few: one left, 2 started meanwhile, 4 waits.
    r.walk_ins = Some(WalkIns {
        registrations: 6,
        waited: Some(4),
        wait_median_ms: Some(300_000),
        wait_p90_ms: Some(600_000),
        closed: Some(6),
        left: Some(1),
        meanwhile: 2,
    });
    let csv = r.csv();
    let rows: Vec<&str> = csv.lines().filter(|l| l.starts_with("walk_ins,")).collect();
    assert_eq!(
        rows,
        [
            "walk_ins,registrations,6",
            "walk_ins,waited,4",
            "walk_ins,wait_median_min,–",
            "walk_ins,wait_p90_min,–",
            "walk_ins,closed,6",
            "walk_ins,left,–",
            "walk_ins,left_share_pct,–",
            "walk_ins,meanwhile,–",
            "walk_ins,meanwhile_share_pct,–",
        ]
    );
}

#[test]
fn errands_under_min_cell_are_hidden_in_the_list() {
    let mut v = march();
    many(
        &mut v,
        spec("2026-03-10T10:00", "errand", Some("parking")),
        2,
        (0, 0),
        (0, 0),
    );
    let r = aggregate(
        &v,
        Period::parse("2026-03").unwrap(),
        &tz(),
        By::Purpose,
        Targets::default(),
        5,
    );
    let table = r.table("x");
    // housing 14, work 20, parking 2: parking and its complement (housing).
    let el = |errand: &str, n: &str| format!("\n  {errand:<24}{n:>8}\n");
    assert!(table.contains(&el("work", "20")), "{table}");
    assert!(table.contains(&el("housing", "–")), "{table}");
    assert!(table.contains(&el("parking", "–")), "{table}");
}

#[test]
fn periods_and_tertials_parse_as_the_city_reports() {
    let p = |s: &str| Period::parse(s).map(|p| (p.from.to_string(), p.to.to_string()));
    let d = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
    assert_eq!(p("2026-T1"), d("2026-01-01", "2026-04-30"));
    assert_eq!(p("2026-T2"), d("2026-01-01", "2026-08-31"));
    assert_eq!(p("2026-T3"), d("2026-01-01", "2026-12-31"));
    assert_eq!(p("2026-VB"), d("2026-01-01", "2026-12-31"));
    assert_eq!(p(" 2028-T1 "), d("2028-01-01", "2028-04-30"));
    assert_eq!(p("2026-05"), d("2026-05-01", "2026-05-31"));
    for bad in [
        "2026-T0", "2026-T4", "2026-t1", "26-VB", "2026-VBX", "T2", "2026-T", "",
    ] {
        assert_eq!(p(bad), None, "{bad}");
    }
    let t = |s: &str| Period::tertial(s).map(|p| (p.from.to_string(), p.to.to_string()));
    assert_eq!(t("2026-1"), d("2026-01-01", "2026-04-30"));
    assert_eq!(t("2026-2"), d("2026-05-01", "2026-08-31"));
    assert_eq!(t("2026-3"), d("2026-09-01", "2026-12-31"));
    for bad in ["2026-0", "2026-4", "26-1", "2026-T2", "2026", ""] {
        assert_eq!(t(bad), None, "{bad}");
    }
    let today = jiff::civil::date(2026, 12, 2);
    let o = Period::from_options(None, Some("2026-2"), None, None, today).unwrap();
    assert_eq!(o, Period::tertial("2026-2").unwrap());
    assert_eq!(
        Period::from_options(None, Some("2026-T2"), None, None, today).unwrap_err(),
        "--tertial 2026-T2: not a tertial (2026-1, 2026-2 or 2026-3: four months alone)"
    );
    // --period wins over --tertial.
    let o = Period::from_options(Some("2026-T2"), Some("2026-3"), None, None, today).unwrap();
    assert_eq!(o, Period::parse("2026-T2").unwrap());
}

#[test]
fn days_are_cut_at_local_midnight_with_summer_time() {
    let tz = tz();
    let utc = |at: i64| jiff::Timestamp::from_millisecond(at).unwrap().to_string();
    // 00:30 on 1 May (summer time, UTC+2) is 22:30 UTC on 30 April.
    assert_eq!(utc(ms("2026-05-01T00:30")), "2026-04-30T22:30:00Z");
    let (from, to) = Period::tertial("2026-1").unwrap().bounds_ms(&tz);
    assert_eq!(utc(from), "2025-12-31T23:00:00Z");
    assert_eq!(utc(to), "2026-04-30T22:00:00Z");
    let (from2, to2) = Period::parse("2026-T2").unwrap().bounds_ms(&tz);
    assert_eq!(from2, from);
    assert_eq!(utc(to2), "2026-08-31T22:00:00Z");
    // The days summer time begins and ends have 23 and 25 hours.
    let hours = |day: &str| {
        let d: jiff::civil::Date = day.parse().unwrap();
        let (a, b) = Period { from: d, to: d }.bounds_ms(&tz);
        (b - a) / 3_600_000
    };
    assert_eq!(hours("2026-03-29"), 23);
    assert_eq!(hours("2026-10-25"), 25);
    assert_eq!(hours("2026-05-01"), 24);

    let mut v = Vec::new();
    for at in [
        "2026-04-30T23:59",
        "2026-05-01T00:00",
        "2026-05-01T00:30",
        "2026-03-29T01:30",
        "2026-03-29T03:30",
        "2026-03-29T23:59",
        "2026-10-25T00:30",
        "2026-10-25T02:30",
        "2026-10-25T23:30",
        "2026-10-26T00:00",
    ] {
        many(&mut v, spec(at, "guide", None), 1, (0, 0), (0, 0));
    }
    let days = |period: Period| -> Vec<(String, u64)> {
        aggregate(&v, period, &tz, By::Day, Targets::default(), 0)
            .rows
            .into_iter()
            .map(|(k, c)| (k, c.visits))
            .collect()
    };
    let s = |k: &str, n: u64| (k.to_string(), n);
    assert_eq!(
        days(Period::tertial("2026-1").unwrap()),
        [s("2026-03-29", 3), s("2026-04-30", 1)]
    );
    assert_eq!(
        days(Period::tertial("2026-2").unwrap()),
        [s("2026-05-01", 2)]
    );
    assert_eq!(
        days(Period::parse("2026-T2").unwrap()),
        [s("2026-03-29", 3), s("2026-04-30", 1), s("2026-05-01", 2)]
    );
    assert_eq!(
        days(Period::parse("2026-10").unwrap()),
        [s("2026-10-25", 3), s("2026-10-26", 1)]
    );
    let hours_of = |period: &str| -> Vec<String> {
        aggregate(
            &v,
            Period::parse(period).unwrap(),
            &tz,
            By::Hour,
            Targets::default(),
            0,
        )
        .rows
        .into_iter()
        .map(|(k, _)| k)
        .collect()
    };
    assert_eq!(hours_of("2026-03"), ["01:00", "03:00", "23:00"]);
    assert_eq!(hours_of("2026-10"), ["00:00", "02:00", "23:00"]);
}

/// Women and men per tertial: T1 Jan–Apr, then May–Aug added for T2 (and
/// T3, nothing after August but one man's visit without answers).
fn year() -> Vec<VisitFact<'static>> {
    let mut v = Vec::new();
    let g = |at, gender| Spec {
        gender,
        ..spec(at, "errand", Some("housing"))
    };
    // The last minute of T1.
    many(
        &mut v,
        g("2026-04-30T23:59", Some(Gender::Woman)),
        1,
        (1, 0),
        (1, 0),
    );
    many(
        &mut v,
        g("2026-02-10T10:00", Some(Gender::Woman)),
        11,
        (6, 5),
        (5, 6),
    );
    many(
        &mut v,
        g("2026-02-11T10:00", Some(Gender::Man)),
        10,
        (5, 5),
        (2, 8),
    );
    many(&mut v, g("2026-02-12T10:00", None), 10, (0, 0), (5, 5));
    // The first minutes of T2 alone.
    many(
        &mut v,
        g("2026-05-01T00:00", Some(Gender::Woman)),
        1,
        (1, 0),
        (1, 0),
    );
    many(
        &mut v,
        g("2026-05-01T00:30", Some(Gender::Woman)),
        1,
        (1, 0),
        (1, 0),
    );
    many(
        &mut v,
        g("2026-08-31T23:59", Some(Gender::Woman)),
        3,
        (3, 0),
        (3, 0),
    );
    many(
        &mut v,
        g("2026-06-01T10:00", Some(Gender::Man)),
        2,
        (2, 0),
        (0, 0),
    );
    many(
        &mut v,
        g("2026-09-01T00:00", Some(Gender::Man)),
        1,
        (0, 0),
        (0, 0),
    );
    v
}

#[test]
fn tertials_give_women_and_men_cumulative_and_hidden_alike() {
    let rows = tertials(&year(), 2026, &tz());
    let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["2026-T1", "2026-T2", "2026-T3"]);
    assert_eq!(rows[0].women.visits, 12, "23:59 on 30 April is in T1");
    assert_eq!(
        rows[1].women.visits, 17,
        "00:00 and 00:30 on 1 May are in T2"
    );
    assert_eq!((rows[1].men.visits, rows[2].men.visits), (12, 13));
    let csv = tertial_csv(&rows, Targets::default(), 5);
    let mut expected = vec!["tertial,group,indicator,yes,answered,share_pct,target_pct,met"];
    expected.extend([
        // Men's 2 "self yes": hidden, its complement in the column is the
        // not-answered group's 5 (whose "no" goes too), and men's 8.
        "2026-T1,women,learned,7,12,58.3,60,not met",
        "2026-T1,women,self_next_time,6,12,50.0,40,met",
        "2026-T1,men,learned,5,10,50.0,60,not met",
        "2026-T1,men,self_next_time,–,–,–,40,–",
        "2026-T1,all,learned,12,22,54.5,60,not met",
        "2026-T1,all,self_next_time,13,32,40.6,40,met",
    ]);
    // T2 − T1 (May–August alone) gives men 2 who learned something: the
    // learned figures of women and men are hidden in T2 and T3 (T3 − T1 is
    // the same), though each tertial's own counts are at least 5.
    for t in ["2026-T2", "2026-T3"] {
        expected.extend(
            [
                format!("{t},women,learned,–,–,–,60,–"),
                format!("{t},women,self_next_time,11,17,64.7,40,met"),
                format!("{t},men,learned,–,–,–,60,–"),
                format!("{t},men,self_next_time,–,–,–,40,–"),
                format!("{t},all,learned,19,29,65.5,60,met"),
                format!("{t},all,self_next_time,18,37,48.6,40,met"),
            ]
            .map(|s| &*Box::leak(s.into_boxed_str())),
        );
    }
    let note = footnote_row();
    expected.push(&note);
    assert_eq!(csv.lines().collect::<Vec<_>>(), expected, "{csv}");

    let table = tertial_table(&rows, Targets::default(), 5);
    let line = |start: &str| -> Vec<String> {
        table
            .lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no {start} in\n{table}"))
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect()
    };
    assert_eq!(
        line("2026-T2  2026-01-01 – 2026-08-31  women"),
        [
            "2026-T2",
            "2026-01-01 – 2026-08-31",
            "women",
            "–",
            "60 %",
            "–",
            "65 % (11/17)",
            "40 %",
            "met"
        ]
    );
    assert_eq!(
        line("2026-T1  2026-01-01 – 2026-04-30  men"),
        [
            "2026-T1",
            "2026-01-01 – 2026-04-30",
            "men",
            "50 % (5/10)",
            "60 %",
            "not met",
            "–",
            "40 %",
            "–"
        ]
    );
    assert_eq!(table.lines().last(), Some(suppress::footnote(5).as_str()));
    // Nothing hidden with min_cell 1.
    assert!(!tertial_csv(&rows, Targets::default(), 1).contains('–'));
}

#[test]
fn the_tertial_chart_draws_women_men_targets_and_hidden_bars() {
    let rows = tertials(&year(), 2026, &tz());
    let svg = chart::tertial_svg("Centrum, egenmakt 2026", &rows, Targets::default(), 5).unwrap();
    for text in [
        "Kvinnor",
        "Män",
        "Lärde sig något nytt",
        "Klarar det själv nästa gång",
        "Mål 60 %",
        "Mål 40 %",
        "58 %",
        "7/12",
        "[privacy] min_cell = 5",
    ] {
        assert!(svg.contains(text), "no {text:?} in the SVG");
    }
    // Men's "self next time" is hidden in all three tertials, and the
    // learned figures of women and men in T2 and T3 (their difference from
    // T1 is under 5).
    assert_eq!(svg.matches(">\n–\n</text>").count(), 7);
    let plain = chart::tertial_svg("x", &rows, Targets::default(), 0).unwrap();
    assert!(!plain.contains("min_cell"));
    assert_eq!(plain.matches(">\n–\n</text>").count(), 0);
    let png = chart::tertial_png(
        "Centrum, egenmakt 2026",
        &rows,
        Targets::default(),
        5,
        &FONTS,
    )
    .unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    std::fs::write(std::env::temp_dir().join("entre-tertial.png"), png).unwrap();
}

#[test]
fn the_heatmap_hides_small_cells_and_month_points_with_few_answers() {
    let mut week_hours = [[0u64; 24]; 7];
    week_hours[0][9] = 3;
    week_hours[0][10] = 12;
    week_hours[0][11] = 20;
    week_hours[1][9] = 8;
    week_hours[1][10] = 15;
    week_hours[2][14] = 30;
    let data = ChartData {
        title: "Centrum, 2026-01-01 – 2026-03-31".into(),
        week_hours,
        months: vec![
            MonthIndicators {
                month: "2026-01".into(),
                learned_yes: 3,
                learned_answered: 4,
                self_yes: 5,
                self_answered: 10,
            },
            MonthIndicators {
                month: "2026-02".into(),
                learned_yes: 7,
                learned_answered: 10,
                self_yes: 4,
                self_answered: 10,
            },
        ],
        targets: Targets::default(),
        min_cell: 5,
    };
    let svg = chart::svg(&data).unwrap();
    // Mon 09 (3), its complement in the row (Mon 10, 12) and in the column
    // (Tue 09, 8), then Tue 10 (15) for Tuesday's row: four hidden cells.
    assert_eq!(svg.matches(">\n–\n</text>").count(), 4, "{svg}");
    assert!(svg.contains("[privacy] min_cell = 5"));
    // January's learned (4 answered) is left out: its 75 is not drawn.
    assert!(!svg.contains(">\n75\n</text>"));
    assert!(
        svg.contains(">\n70\n</text>")
            && svg.contains(">\n50\n</text>")
            && svg.contains(">\n40\n</text>")
    );
    let plain = chart::svg(&ChartData {
        min_cell: 0,
        ..data.clone()
    })
    .unwrap();
    assert!(!plain.contains("min_cell") && plain.contains(">\n75\n</text>"));
    let path = std::env::temp_dir().join("entre-heatmap.png");
    chart::write(&path, &data, &FONTS).unwrap();
}
