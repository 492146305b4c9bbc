//! `entre check-content` on bundles written here (the real binary, a temp
//! folder): the required sources and review dates, LIX of the Swedish
//! text, `valid_until` against `--today`; and the packaged guidance.

use std::path::Path;
use std::process::{Command, Output};

/// A Swedish bundle: LIX 29.0 (50 words in 10 sentences, 12 long: 5 + 24).
const SV: &str = r#"title = "Ansökan"
summary = "Här får du hjälp med ansökan."
icon = "document"
steps = [
  "Gå till kontoret på morgonen.",
  "Ta en nummerlapp vid dörren.",
  "Vänta tills skärmen visar numret.",
  "Visa dina papper för vägledaren.",
  "Berätta vad du behöver hjälp med idag.",
  "Skriv under ansökan.",
  "Ta med kopian hem.",
]
help = "Fråga en vägledare i receptionen."
tips = ["Ta med alla papper hemifrån."]
terms = [
  { sv = "ansökan", meaning = "Det du skickar in." },
  { sv = "beslut", meaning = "Svaret du får." },
  { sv = "vägledare", meaning = "En person här som hjälper dig." },
]
sources = ["https://start.stockholm/"]
reviewed = 2026-12-02
reviewed_by = "Redaktör för vägledningen, medborgarkontoren"
valid_until = 2027-12-02
"#;

/// The same errand in English.
fn en() -> String {
    SV.replace("title = \"Ansökan\"", "title = \"Application\"")
        .replace("Det du skickar in.", "What you send in.")
        .replace(
            "Här får du hjälp med ansökan.",
            "Get help with your application.",
        )
}

/// Writes `sv/apply.toml` (and `en/apply.toml`) and runs check-content on
/// them with `args`, without a config (every folder is a language).
fn run(sv: &str, args: &[&str]) -> (tempfile::TempDir, Output, String) {
    let dir = tempfile::tempdir().unwrap();
    for (lang, text) in [("sv", sv.to_string()), ("en", en())] {
        std::fs::create_dir_all(dir.path().join(lang)).unwrap();
        std::fs::write(dir.path().join(lang).join("apply.toml"), text).unwrap();
    }
    let out = check(dir.path(), args);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, out, said)
}

fn check(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entre"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("--config")
        .arg(dir.join("no-kiosk.toml"))
        .arg("check-content")
        .args(args)
        .arg(dir)
        .output()
        .unwrap()
}

fn without_line(text: &str, key: &str) -> String {
    text.lines()
        .filter(|l| !l.starts_with(&format!("{key} =")))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn a_valid_pair_passes_with_no_warning() {
    let (dir, out, said) = run(SV, &["--today", "2026-12-02"]);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "{}: ok (2 bundles, 2 languages, 0 warnings)\n",
            dir.path().display()
        )
    );
}

#[test]
fn a_missing_source_or_review_date_fails() {
    for (key, said_of) in [
        ("sources", "sources: missing ("),
        ("reviewed", "reviewed: missing ("),
        ("reviewed_by", "reviewed_by: missing ("),
        ("valid_until", "valid_until: missing ("),
    ] {
        let (dir, out, said) = run(&without_line(SV, key), &["--today", "2026-12-02"]);
        assert_eq!(out.status.code(), Some(2), "{key}: {said}");
        let file = dir.path().join("sv/apply.toml").display().to_string();
        assert!(said.contains(&format!("{file}:1: {said_of}")), "{said}");
    }
}

#[test]
fn a_swedish_bundle_of_lix_31_fails_naming_its_longest_sentence() {
    // One more long word (hem → därifrån): 5 + 100·13/50 = 31.0.
    let sv = SV.replace("Ta med kopian hem.", "Ta med kopian därifrån.");
    let (dir, out, said) = run(&sv, &["--today", "2026-12-02"]);
    assert_eq!(out.status.code(), Some(2), "{said}");
    let file = dir.path().join("sv/apply.toml").display().to_string();
    assert!(
        said.contains(&format!(
            "{file}:9: LIX: 31.0 is above 30 (summary, steps, help and tips: shorter sentences, fewer words of more than 6 letters); longest sentence (7 words): \"Berätta vad du behöver hjälp med idag.\""
        )),
        "{said}"
    );
    // The English bundle with the same text is not counted.
    assert!(!said.contains("en/apply.toml"), "{said}");
}

#[test]
fn a_passed_valid_until_warns_and_does_not_fail() {
    let (dir, out, said) = run(SV, &["--today", "2027-12-03"]);
    assert_eq!(out.status.code(), Some(0), "{said}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for lang in ["en", "sv"] {
        let file = dir.path().join(lang).join("apply.toml");
        assert!(
            stderr.contains(&format!(
                "{}:23: warning: valid_until 2027-12-02 has passed: review the text again\n",
                file.display()
            )),
            "{stderr}"
        );
    }
    assert!(
        String::from_utf8_lossy(&out.stdout).ends_with("ok (2 bundles, 2 languages, 2 warnings)\n"),
        "{said}"
    );
    // The same files a day earlier: valid_until itself is still valid.
    let out = check(dir.path(), &["--today", "2027-12-02"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).ends_with("0 warnings)\n"));
    // Not a day: refused by the command line.
    let out = check(dir.path(), &["--today", "2027-13-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a day as YYYY-MM-DD"));
}

#[test]
fn a_translation_differing_from_the_swedish_fails_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let en = en().replace(
        "icon = \"document\"",
        "icon = \"document\"\nconfidential = true",
    );
    for (lang, text) in [("sv", SV.to_string()), ("en", en)] {
        std::fs::create_dir_all(dir.path().join(lang)).unwrap();
        std::fs::write(dir.path().join(lang).join("apply.toml"), text).unwrap();
    }
    let out = check(dir.path(), &["--today", "2026-12-02"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{}:4: confidential: true, but false in {} (an errand is confidential in every language or in none)",
            dir.path().join("en/apply.toml").display(),
            dir.path().join("sv/apply.toml").display()
        )),
        "{stderr}"
    );
}

/// The packaged guidance: valid on the day it was reviewed, for at least a
/// year; every Swedish bundle at most LIX 30; a confidential errand
/// confidential in every language.
#[test]
fn the_packaged_guidance_is_reviewed_sourced_and_easy() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_entre"))
        .current_dir(root)
        .args(["check-content", "--today", "2026-12-02", "assets/guidance"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).ends_with(" 0 warnings)\n"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let (tree, errors) = entre::content::check_dir(
        &root.join("assets/guidance"),
        &[],
        &entre_core::Allowed::new(&[], entre_core::link::DEFAULT_HOSTS),
    )
    .unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    for (lang, errands) in &tree {
        for (errand, b) in errands {
            let (from, until) = (b.reviewed.unwrap(), b.valid_until.unwrap());
            assert!(
                until >= from.checked_add(jiff::Span::new().years(1)).unwrap(),
                "{lang}/{errand}: reviewed {from}, valid until {until}: at least a year"
            );
            assert!(!b.sources.is_empty(), "{lang}/{errand}");
            assert_eq!(
                b.confidential, tree["sv"][errand].confidential,
                "{lang}/{errand}: confidential as in Swedish"
            );
        }
    }
    for (errand, b) in &tree["sv"] {
        let lix = entre::content::lix(b);
        assert!(
            lix.value <= 30.0,
            "sv/{errand}: LIX {:.1}, longest: {}",
            lix.value,
            lix.longest_sentence
        );
    }
}

/// At run time a packaged bundle past its valid_until is still shown;
/// [`entre::content::expired`] names it for the warning logged at start.
#[test]
fn an_expired_bundle_is_kept_and_named() {
    let (tree, errors) = entre::content::check(
        [
            ("sv", SV.to_string()),
            (
                "en",
                en().replace("valid_until = 2027-12-02", "valid_until = 2027-06-01"),
            ),
        ]
        .iter()
        .map(|(l, s)| {
            (
                l.to_string(),
                "apply".to_string(),
                format!("{l}/apply.toml"),
                s.as_str(),
            )
        }),
        &[],
        &entre_core::Allowed::new(&[], entre_core::link::DEFAULT_HOSTS),
    );
    assert!(errors.is_empty(), "{errors:?}");
    let day = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    assert_eq!(
        entre::content::expired(&tree, day("2027-06-02")),
        [("en".to_string(), "apply".to_string(), day("2027-06-01"))]
    );
    assert!(entre::content::expired(&tree, day("2027-06-01")).is_empty());
    assert_eq!(entre::content::expired(&tree, day("2028-01-01")).len(), 2);
    assert_eq!(tree.len(), 2, "both still in the tree");
}
