//! The shipped locales: complete, parseable, and named in their own script.

use entre::i18n::{Catalog, Direction, direction};

#[test]
fn every_message_exists_in_every_shipped_locale() {
    let catalog = Catalog::embedded().expect("every .ftl file parses");
    let langs = catalog.languages();
    assert!(langs.len() >= 3, "{langs:?}");
    let mut all: Vec<String> = langs.iter().flat_map(|l| catalog.message_ids(l)).collect();
    all.sort();
    all.dedup();
    let mut missing = Vec::new();
    for lang in &langs {
        for id in &all {
            // Mail to staff and the staff exit are in the office
            // language only.
            if (id.starts_with("mail-") || id.starts_with("staff-")) && lang != "sv" {
                continue;
            }
            if !catalog.has(lang, id) {
                missing.push(format!("{lang}: {id}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "missing translations:\n{}",
        missing.join("\n")
    );
}

#[test]
fn swedish_english_and_arabic_are_shipped() {
    let catalog = Catalog::embedded().unwrap();
    for lang in ["sv", "en", "ar"] {
        assert!(catalog.languages().contains(&lang.to_string()), "{lang}");
    }
}

#[test]
fn languages_are_named_in_their_own_script() {
    let catalog = Catalog::embedded().unwrap();
    assert_eq!(catalog.language_name("sv"), "Svenska");
    assert_eq!(catalog.language_name("en"), "English");
    assert_eq!(catalog.language_name("ar"), "العربية");
    for lang in catalog.languages() {
        assert_ne!(
            catalog.language_name(&lang),
            lang,
            "{lang} has a language-name"
        );
    }
}

#[test]
fn arabic_is_right_to_left() {
    assert_eq!(direction("ar"), Direction::Rtl);
    assert_eq!(direction("fa"), Direction::Rtl);
    assert_eq!(direction("sv"), Direction::Ltr);
    assert_eq!(direction("ti"), Direction::Ltr);
}

#[test]
fn a_missing_message_falls_back_to_swedish_then_to_its_id() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("sv")).unwrap();
    std::fs::write(
        dir.path().join("sv/office.ftl"),
        "office-only-sv = Bara på svenska\n",
    )
    .unwrap();
    let catalog = Catalog::embedded()
        .unwrap()
        .with_overrides(dir.path())
        .unwrap();
    assert_eq!(
        catalog.text("ar", "office-only-sv", None),
        "Bara på svenska"
    );
    assert_eq!(
        catalog.text("ar", "no-such-message", None),
        "no-such-message"
    );
}

#[test]
fn a_broken_office_locale_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("sv")).unwrap();
    let file = dir.path().join("sv/office.ftl");
    std::fs::write(&file, "ok = Fint\n\nbroken = { $x\n").unwrap();
    let err = Catalog::embedded()
        .unwrap()
        .with_overrides(dir.path())
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with(&format!("{}:3:", file.display())), "{msg}");
}
