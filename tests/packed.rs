//! The assets build.rs deflates into the binary come out byte for byte as
//! they are in the repository: the fonts, every guidance bundle and every
//! locale file.

use std::path::Path;

#[test]
fn fonts_inflate_to_the_files_in_assets() {
    let names: Vec<_> = entre::ui::font_files().collect();
    assert_eq!(entre::ui::FONTS.len(), names.len());
    assert_eq!(
        names.len(),
        6,
        "Noto Sans, Arabic and Ethiopic, regular and bold"
    );
    for (font, name) in entre::ui::FONTS.iter().zip(names) {
        let file = std::fs::read(Path::new("assets/fonts").join(name)).unwrap();
        assert!(*font == file, "{name} differs from assets/fonts/{name}");
    }
}

#[test]
fn every_guidance_bundle_is_embedded_as_it_is() {
    let embedded: Vec<_> = entre::content::embedded().collect();
    let mut on_disk = 0;
    for lang in std::fs::read_dir("assets/guidance").unwrap() {
        let lang = lang.unwrap();
        for file in std::fs::read_dir(lang.path()).unwrap() {
            let path = file.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let lang = lang.file_name().into_string().unwrap();
            let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
            assert!(
                embedded
                    .iter()
                    .any(|&(l, e, src)| l == lang && e == stem && src == text),
                "{} is not embedded as it is",
                path.display()
            );
            on_disk += 1;
        }
    }
    assert_eq!(embedded.len(), on_disk);
    assert!(on_disk >= 100, "{on_disk} bundles");
}

#[test]
fn every_locale_file_is_embedded() {
    // The catalog from the embedded files has every message of every
    // locale file on disk, in the same words.
    let catalog = entre::i18n::Catalog::embedded().unwrap();
    let mut compared = 0;
    for lang in std::fs::read_dir("locales").unwrap() {
        let lang = lang.unwrap();
        let code = lang.file_name().into_string().unwrap();
        for file in std::fs::read_dir(lang.path()).unwrap() {
            let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
            for line in text.lines() {
                let Some((id, value)) = line.split_once(" = ") else {
                    continue;
                };
                if id.is_empty()
                    || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    || value.contains('{')
                {
                    continue;
                }
                assert_eq!(catalog.text(&code, id, None), value.trim(), "{code} {id}");
                compared += 1;
            }
        }
    }
    assert!(compared > 500, "only {compared} messages compared");
}
