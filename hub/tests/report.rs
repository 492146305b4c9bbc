//! `entre-hub report` (the annual report for the board) on a real SQLite
//! hub store with visits and floor registrations whose figures are known:
//! the CSV's rows exactly (the three flows, survey answers apart, the
//! indicators of women and men for T1, T2 and VB with a hidden cell and
//! its complement, walk-ins, top errands and languages), tertial edges at
//! local midnight in summer time, the office filter, the PDF (one page,
//! rendered by pdftoppm: white with dark text) and bad options.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use entre_hub::store::{
    FloorAction, Gender, NewRegistration, RegistrationKind, Store, VisitKind, VisitRow,
};

const TZ: &str = "Europe/Stockholm";
const MIN: i64 = 60_000;

/// Unix ms of a Stockholm wall-clock time.
fn at(local: &str) -> i64 {
    format!("{local}[{TZ}]")
        .parse::<jiff::ZonedDateTime>()
        .unwrap()
        .timestamp()
        .as_millisecond()
}

struct Visits(Vec<VisitRow>);

impl Visits {
    /// `n` visits of `office` from `local` on, a minute apart, made by `f`
    /// (given the index).
    fn add(&mut self, office: &str, local: &str, n: usize, f: impl Fn(usize, &mut VisitRow)) {
        let start = at(local);
        for i in 0..n {
            let mut v = VisitRow {
                id: format!("00000000-0000-4000-8000-{:012}", self.0.len()),
                kiosk: format!("{office}-entre-1"),
                office: office.into(),
                at_ms: start + i as i64 * MIN,
                purpose: "errand".into(),
                errand: None,
                language: "sv".into(),
                learned: None,
                self_next_time: None,
                checkin_unit: None,
                gender: None,
                kind: VisitKind::Visit,
                meanwhile: false,
            };
            f(i, &mut v);
            self.0.push(v);
        }
    }
}

fn guidance(v: &mut VisitRow, errand: &str, lang: &str, gender: Option<Gender>) {
    v.errand = Some(errand.into());
    v.language = lang.into();
    v.gender = gender;
}

/// The year's visits; what each group adds is in the comments, and the
/// expected CSV below is their sum.
fn visits() -> Vec<VisitRow> {
    let mut v = Visits(Vec::new());
    let woman = Some(Gender::Woman);
    let man = Some(Gender::Man);
    // T1: 20 women, housing, sv: learned 14 yes 6 no; self 9 yes 11 no.
    v.add("centrum", "2026-02-10T10:00", 20, |i, r| {
        guidance(r, "housing", "sv", woman);
        r.learned = Some(i < 14);
        r.self_next_time = Some(i < 9);
    });
    // The last half hour of T1 (30 April 23:30, summer time: 21:30 UTC):
    // yes, yes, in T1.
    v.add("centrum", "2026-04-30T23:30", 1, |_, r| {
        guidance(r, "housing", "sv", woman);
        r.learned = Some(true);
        r.self_next_time = Some(true);
    });
    // 1 May 00:10 local (still 30 April in UTC): no, no, in T2 only.
    v.add("centrum", "2026-05-01T00:10", 1, |_, r| {
        guidance(r, "housing", "sv", woman);
        r.learned = Some(false);
        r.self_next_time = Some(false);
    });
    // T1: 10 men, work, ar: learned 6 yes 4 no (4 is hidden); self 5 / 5.
    v.add("centrum", "2026-03-05T10:00", 10, |i, r| {
        guidance(r, "work", "ar", man);
        r.learned = Some(i < 6);
        r.self_next_time = Some(i < 5);
    });
    // T2: 10 men: learned 5 / 5; self 2 yes 8 no.
    v.add("centrum", "2026-06-15T10:00", 10, |i, r| {
        guidance(r, "work", "ar", man);
        r.learned = Some(i < 5);
        r.self_next_time = Some(i < 2);
    });
    // T3: 6 men: learned no; self yes.
    v.add("centrum", "2026-10-20T10:00", 6, |_, r| {
        guidance(r, "work", "ar", man);
        r.learned = Some(false);
        r.self_next_time = Some(true);
    });
    // 6 check-ins, so, no answers, no gender.
    v.add("centrum", "2026-09-01T09:00", 6, |_, r| {
        r.purpose = "appointment".into();
        r.checkin_unit = Some("ekonomi".into());
        r.language = "so".into();
    });
    // 5 walk-ins on the kiosk, ti, who opened "start meanwhile".
    v.add("centrum", "2026-03-10T13:00", 5, |_, r| {
        r.purpose = "guide".into();
        r.language = "ti".into();
        r.meanwhile = true;
    });
    // 2 visits, appeal, fa, another answer, no answers: small errand and
    // language cells.
    v.add("centrum", "2026-07-01T11:00", 2, |_, r| {
        guidance(r, "appeal", "fa", Some(Gender::Another));
    });
    // 4 survey answers on their own (women, yes, yes), November: in the
    // indicators for VB, not in visits, errands or languages.
    v.add("centrum", "2026-11-05T15:00", 4, |_, r| {
        guidance(r, "housing", "sv", woman);
        r.purpose = "survey".into();
        r.kind = VisitKind::SurveyAnswer;
        r.learned = Some(true);
        r.self_next_time = Some(true);
    });
    // Outside the year by a minute on each side: not counted.
    for t in ["2025-12-31T23:59", "2027-01-01T00:00"] {
        v.add("centrum", t, 1, |_, r| {
            guidance(r, "housing", "sv", woman);
            r.learned = Some(true);
            r.self_next_time = Some(true);
        });
    }
    // Another office: 3 women, housing, learned no (the city only).
    v.add("norr", "2026-02-02T10:00", 3, |_, r| {
        guidance(r, "housing", "sv", woman);
        r.learned = Some(false);
    });
    v.0
}

/// The floor of centrum in March: 10 walk-ins taken after 1 … 10 minutes
/// and done, 1 who left before help, 1 sent to the desk.
async fn floor(store: &dyn Store) {
    let t0 = at("2026-03-12T09:00");
    for i in 0..12i64 {
        let id = format!("reg-{i}");
        let at_ms = t0 + i * 30 * MIN;
        store
            .registration_add(
                &NewRegistration {
                    id: id.clone(),
                    office: "centrum".into(),
                    kiosk: Some("centrum-entre-1".into()),
                    registered_by: None,
                    at_ms,
                    kind: RegistrationKind::WalkIn,
                    errand: Some("housing".into()),
                    language: "sv".into(),
                    needs: vec![],
                    zone: None,
                    checkin: None,
                    floor: i != 11,
                    day: "2026-03-12".into(),
                },
                at_ms,
            )
            .await
            .unwrap();
        match i {
            0..10 => {
                let claimed = at_ms + (i + 1) * MIN;
                store
                    .floor_act(&id, "anna", FloorAction::Claim, claimed)
                    .await
                    .unwrap();
                store
                    .floor_act(&id, "anna", FloorAction::Done, claimed + 5 * MIN)
                    .await
                    .unwrap();
            }
            10 => {
                store
                    .floor_act(&id, "anna", FloorAction::Left, at_ms + 20 * MIN)
                    .await
                    .unwrap();
            }
            _ => {}
        }
    }
}

struct Hub {
    config: PathBuf,
    dir: tempfile::TempDir,
}

impl Hub {
    async fn new() -> Hub {
        let (url, dir) = common::sqlite_url();
        let store = entre_hub::store::open(&url, None).await.unwrap();
        store.visits_add(&visits()).await.unwrap();
        floor(&*store).await;
        let config = dir.path().join("hub.toml");
        std::fs::write(
            &config,
            format!(
                "[server]\nlisten = \"127.0.0.1:0\"\n\n[database]\nurl = \"{url}\"\n\n\
                 [[office]]\nid = \"centrum\"\nname = \"Medborgarkontoret Centrum\"\n\n\
                 [[office]]\nid = \"norr\"\nname = \"Medborgarkontoret Norr\"\n\n\
                 [mail]\nallowed_domains = [\"demo.example.org\"]\n\n\
                 [content]\nlanguages = [\"sv\"]\n\n[stats]\ntimezone = \"{TZ}\"\n"
            ),
        )
        .unwrap();
        Hub { config, dir }
    }

    fn run(&self, cwd: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_entre-hub"))
            .current_dir(cwd)
            .arg("--config")
            .arg(&self.config)
            .arg("report")
            .args(args)
            .output()
            .unwrap()
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

// T2 and VB of women and men are hidden too: their difference from T1
// (hidden, small) would give small counts away (core::tertial_hidden).
const EXPECTED: &str = "\
section,item,group,period,value,of,share_pct,target_pct
report,scope,,2026,centrum,,,
report,name,,2026,Medborgarkontoret Centrum,,,
report,from,,2026,2026-01-01,,,
report,to,,2026,2026-12-31,,,
report,timezone,,2026,Europe/Stockholm,,,
report,min_cell,,2026,5,,,
flows,visits,all,2026,61,,,
flows,checkins,all,2026,6,,,
flows,guidance_views,all,2026,50,,,
flows,walk_ins_registered,all,2026,12,,,
flows,survey_answers,all,2026,4,,,
indicator,learned,women,2026-T1,–,–,,60
indicator,learned,men,2026-T1,–,–,,60
indicator,learned,all,2026-T1,21,31,67.7,60
indicator,self_next_time,women,2026-T1,10,21,47.6,40
indicator,self_next_time,men,2026-T1,5,10,50.0,40
indicator,self_next_time,all,2026-T1,15,31,48.4,40
indicator,learned,women,2026-T2,–,–,,60
indicator,learned,men,2026-T2,–,–,,60
indicator,learned,all,2026-T2,26,42,61.9,60
indicator,self_next_time,women,2026-T2,–,–,,40
indicator,self_next_time,men,2026-T2,–,–,,40
indicator,self_next_time,all,2026-T2,17,42,40.5,40
indicator,learned,women,2026-VB,–,–,,60
indicator,learned,men,2026-VB,–,–,,60
indicator,learned,all,2026-VB,30,52,57.7,60
indicator,self_next_time,women,2026-VB,–,–,,40
indicator,self_next_time,men,2026-VB,–,–,,40
indicator,self_next_time,all,2026-VB,27,52,51.9,40
walk_ins,registered,all,2026,12,,,
walk_ins,waited,all,2026,10,,,
walk_ins,wait_median_min,all,2026,5.0,,,
walk_ins,wait_p90_min,all,2026,9.0,,,
walk_ins,left_before_help,all,2026,–,11,,
walk_ins,started_meanwhile,all,2026,5,12,41.7,
top_errands,work,all,2026,26,50,,
top_errands,housing,all,2026,–,50,,
top_errands,appeal,all,2026,–,50,,
top_languages,ar,all,2026,26,61,,
top_languages,sv,all,2026,22,61,,
top_languages,so,all,2026,6,61,,
top_languages,ti,all,2026,–,61,,
top_languages,fa,all,2026,–,61,,
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_csv_of_an_office_and_of_the_city() {
    let hub = Hub::new().await;
    let out = hub.run(hub.dir.path(), &["--year", "2026", "--office", "centrum"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = text(&out.stdout);
    let (figures, notes): (Vec<&str>, Vec<&str>) =
        csv.lines().partition(|l| !l.starts_with("note,"));
    let figures = figures.join("\n") + "\n";
    if figures != EXPECTED {
        panic!("the CSV differs; it is:\n{csv}");
    }
    // The notes: what cannot be measured, and the footnote for "–".
    assert_eq!(notes.len(), 7, "{csv}");
    assert!(notes[0].starts_with("note,1,,,"), "{csv}");
    assert!(
        notes[6].starts_with("note,hidden,,,\"– = fewer than 5 visitors"),
        "{csv}"
    );
    assert!(csv.contains("kan inte mätas"), "{csv}");

    // The whole city: norr's 3 visits too; to a file with --output.
    let file = hub.dir.path().join("city.csv");
    let out = hub.run(
        hub.dir.path(),
        &["--year", "2026", "--output", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let city = std::fs::read_to_string(&file).unwrap();
    assert!(city.contains("\nreport,scope,,2026,city,,,\n"), "{city}");
    assert!(
        city.contains("\nreport,name,,2026,Hela staden,,,\n"),
        "{city}"
    );
    assert!(city.contains("\nflows,visits,all,2026,64,,,\n"), "{city}");
    // 3 more women said no: everyone's 30 of 55; the women's figure is
    // hidden, since its difference from T2 (hidden too) is under 5.
    assert!(
        city.contains("\nindicator,learned,all,2026-VB,30,55,54.5,60\n"),
        "{city}"
    );
    assert!(
        city.contains("\nindicator,learned,women,2026-VB,–,–,,60\n"),
        "{city}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_options_name_what_is_wrong() {
    let hub = Hub::new().await;
    let out = hub.run(hub.dir.path(), &["--year", "2026", "--office", "nowhere"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("--office") && err.contains("nowhere"), "{err}");
    assert!(err.contains("centrum, norr"), "{err}");
    for year in ["99", "20x6", "12026"] {
        let out = hub.run(hub.dir.path(), &["--year", year]);
        assert_eq!(out.status.code(), Some(2), "--year {year}");
        let err = text(&out.stderr);
        assert!(err.contains(&format!("--year {year}: not a year")), "{err}");
        assert!(out.stdout.is_empty());
    }
    let out = hub.run(hub.dir.path(), &["--year", "2026", "--format", "docx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("docx"));
}

/// The pages of `pdf` rendered by pdftoppm at 60 dpi (grey PNGs).
fn render(pdf: &Path, dir: &Path) -> Vec<PathBuf> {
    let prefix = dir.join("page");
    let out = match Command::new("pdftoppm")
        .args(["-png", "-r", "60"])
        .arg(pdf)
        .arg(&prefix)
        .output()
    {
        Ok(out) => out,
        Err(e) => panic!(
            "pdftoppm could not be run ({e}): install poppler-utils (apt-get install poppler-utils) to check the PDF"
        ),
    };
    assert!(out.status.success(), "pdftoppm: {}", text(&out.stderr));
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("page"))
        .collect();
    pages.sort();
    pages
}

/// (width, height, share of near-white pixels (≥ 240 of 255), share of
/// dark pixels (< 128)).
fn ink(png_path: &Path) -> (u32, u32, f64, f64) {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let px: Vec<u32> = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|p| p.iter().take(3).map(|&c| u32::from(c)).sum::<u32>() / channels.min(3) as u32)
        .collect();
    let n = px.len() as f64;
    let white = px.iter().filter(|&&v| v >= 240).count() as f64 / n;
    let dark = px.iter().filter(|&&v| v < 128).count() as f64 / n;
    (info.width, info.height, white, dark)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pdf_is_one_a4_page_of_text() {
    let hub = Hub::new().await;
    let cwd = tempfile::tempdir().unwrap();
    // Without --output: report-2026-centrum.pdf in the current folder.
    let out = hub.run(
        cwd.path(),
        &["--year", "2026", "--office", "centrum", "--format", "pdf"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let pdf = cwd.path().join("report-2026-centrum.pdf");
    assert!(
        text(&out.stderr).contains("report-2026-centrum.pdf"),
        "{}",
        text(&out.stderr)
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let pngs = tempfile::tempdir().unwrap();
    let pages = render(&pdf, pngs.path());
    assert_eq!(pages.len(), 1, "pages: {pages:?}");
    let (w, h, white, dark) = ink(&pages[0]);
    // A4 at 60 dpi: 210 × 297 mm = 496 × 702 px.
    assert!(
        (495..=497).contains(&w) && (701..=703).contains(&h),
        "{w}×{h}"
    );
    assert!(white > 0.8, "mostly white: {white:.3}");
    assert!(dark > 0.01, "dark text: {dark:.3}");
    if let Ok(keep) = std::env::var("REPORT_PNG") {
        std::fs::copy(&pages[0], keep).unwrap();
    }

    // The city, with --output.
    let file = cwd.path().join("stad.pdf");
    let out = hub.run(
        cwd.path(),
        &[
            "--year",
            "2026",
            "--format",
            "pdf",
            "--output",
            file.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pngs = tempfile::tempdir().unwrap();
    assert_eq!(render(&file, pngs.path()).len(), 1);
}
