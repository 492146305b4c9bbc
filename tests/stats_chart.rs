//! The statistics chart (`entre stats --chart`), through its public API.

use std::path::Path;

use entre::config::Targets;
use entre::stats::chart::{ChartData, MonthIndicators, svg, write};

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];

/// A year of a busy office: weekdays 9–16, indicators around the targets,
/// and one month nobody answered.
fn sample() -> ChartData {
    let mut week_hours = [[0u64; 24]; 7];
    for (day, hours) in week_hours.iter_mut().enumerate().take(5) {
        for (hour, count) in hours.iter_mut().enumerate().take(17).skip(9) {
            *count = 40 + (day as u64) * 7 + (12u64.abs_diff(hour as u64)) * 3;
        }
    }
    let months = (1..=12)
        .map(|m| {
            let answered = if m == 7 { 0 } else { 120 };
            MonthIndicators {
                month: format!("2026-{m:02}"),
                learned_yes: answered * (55 + m % 4 * 5) / 100,
                learned_answered: answered,
                self_yes: answered * (30 + m % 3 * 6) / 100,
                self_answered: answered,
            }
        })
        .collect();
    ChartData {
        title: "Medborgarkontoret Demo, 2026-01-01 – 2026-12-31".into(),
        week_hours,
        months,
        targets: Targets {
            learned: 60,
            self_next_time: 40,
        },
        min_cell: 0,
    }
}

fn empty() -> ChartData {
    ChartData {
        title: "Tomt kontor".into(),
        week_hours: [[0; 24]; 7],
        months: Vec::new(),
        targets: Targets::default(),
        min_cell: 0,
    }
}

/// Width, height and RGBA-or-RGB pixels of a PNG file.
fn decode(path: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let file = std::fs::File::open(path).unwrap();
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixels = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|p| match channels {
            1 | 2 => [p[0]; 3],
            _ => [p[0], p[1], p[2]],
        })
        .collect();
    (info.width, info.height, pixels)
}

fn non_white_share(pixels: &[[u8; 3]]) -> f64 {
    let ink = pixels.iter().filter(|p| p.iter().any(|&c| c < 240)).count();
    ink as f64 / pixels.len() as f64
}

#[test]
fn svg_has_the_swedish_titles_and_targets() {
    let text = svg(&sample()).unwrap();
    assert!(text.trim_start().starts_with("<svg"), "{}", &text[..100]);
    assert!(text.trim_end().ends_with("</svg>"));
    for needle in [
        "Medborgarkontoret Demo",
        "Besök per timme och veckodag",
        "Egenmakt per månad",
        "Lärde sig något nytt",
        "Klarar det själv nästa gång",
        "Mål 60 %",
        "Mål 40 %",
        "Timme",
        "Veckodag",
        "Andel (%)",
        "Mån",
        "Sön",
        "jan 2026",
        "dec 2026",
    ] {
        assert!(text.contains(needle), "no {needle:?} in the SVG");
    }
    assert!(!text.contains("Inga besök"));
}

#[test]
fn targets_come_from_the_config() {
    let mut data = sample();
    data.targets = Targets {
        learned: 75,
        self_next_time: 25,
    };
    let text = svg(&data).unwrap();
    assert!(text.contains("Mål 75 %") && text.contains("Mål 25 %"));
    assert!(!text.contains("Mål 60 %"));
}

#[test]
fn png_is_a_readable_picture() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chart.PNG");
    write(&path, &sample()).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(bytes[..8], PNG_SIGNATURE);
    let (width, height, pixels) = decode(&path);
    assert_eq!((width, height), (1400, 1000));
    let ink = non_white_share(&pixels);
    assert!(ink > 0.01, "only {:.2} % is not white", ink * 100.0);
    // The background is white.
    assert_eq!(pixels[0], [255, 255, 255]);
    // Nothing else is left in the folder.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["chart.PNG"]);
}

#[test]
fn svg_file_is_written_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chart.svg");
    std::fs::write(&path, "old").unwrap();
    write(&path, &sample()).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("<svg"));
    assert!(!dir.path().join("chart.svg.tmp").exists());
}

#[test]
fn empty_data_still_makes_a_chart() {
    let text = svg(&empty()).unwrap();
    assert!(text.starts_with("<svg"));
    assert!(text.contains("Inga besök"));
    assert!(text.contains("Mål 60 %"));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.png");
    write(&path, &empty()).unwrap();
    let (width, height, pixels) = decode(&path);
    assert_eq!((width, height), (1400, 1000));
    assert!(non_white_share(&pixels) > 0.01);
}

#[test]
fn odd_input_does_not_panic() {
    let mut data = sample();
    data.week_hours[2][13] = u64::MAX;
    data.week_hours[6][0] = u64::MAX - 1;
    data.title = "x".repeat(500);
    data.targets = Targets {
        learned: 1000,
        self_next_time: 1000,
    };
    data.months.push(MonthIndicators {
        month: "not a month at all, really".into(),
        learned_yes: u64::MAX,
        learned_answered: 1,
        self_yes: 5,
        self_answered: u64::MAX,
    });
    data.months.extend((0..60).map(|i| MonthIndicators {
        month: format!("{}-{:02}", 2020 + i / 12, i % 12 + 1),
        learned_yes: 1,
        learned_answered: 2,
        self_yes: 0,
        self_answered: 0,
    }));
    let text = svg(&data).unwrap();
    assert!(text.contains("Mål 1000 %"));
}

#[test]
fn unknown_extension_is_an_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["chart.jpg", "chart", "chart.svg.bak"] {
        let path = dir.path().join(name);
        let err = write(&path, &sample()).unwrap_err().to_string();
        assert!(err.contains(".svg") && err.contains(".png"), "{err}");
        assert!(err.contains(name), "{err}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn unwritable_folder_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("chart.svg");
    let err = write(&path, &sample()).unwrap_err().to_string();
    assert!(err.contains("chart.svg"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
