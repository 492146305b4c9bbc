//! Embeds every `locales/<lang>/*.ftl` file into the binary, so that a
//! kiosk needs no files besides its config. Adding a language is adding a
//! folder.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut entries = Vec::new();
    let mut langs: Vec<_> = std::fs::read_dir(&root)
        .expect("locales/ folder")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .collect();
    langs.sort_by_key(|e| e.file_name());
    for lang in langs {
        println!("cargo:rerun-if-changed={}", lang.path().display());
        let mut files: Vec<_> = std::fs::read_dir(lang.path())
            .expect("locale folder")
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "ftl"))
            .collect();
        files.sort_by_key(|e| e.file_name());
        for file in files {
            println!("cargo:rerun-if-changed={}", file.path().display());
            entries.push((
                lang.file_name().to_string_lossy().into_owned(),
                file.file_name().to_string_lossy().into_owned(),
                file.path().display().to_string(),
            ));
        }
    }
    let mut out = String::from("pub static EMBEDDED: &[(&str, &str, &str)] = &[\n");
    for (lang, name, path) in entries {
        writeln!(out, "    ({lang:?}, {name:?}, include_str!({path:?})),").unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("locales.rs");
    std::fs::write(dest, out).unwrap();
    embed_tree("assets/guidance", "toml", "guidance.rs");
}

/// Embeds `<dir>/<lang>/<name>.<ext>` as (lang, name, text).
fn embed_tree(dir: &str, ext: &str, out_name: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    println!("cargo:rerun-if-changed={}", root.display());
    let mut entries = Vec::new();
    if let Ok(langs) = std::fs::read_dir(&root) {
        for lang in langs.filter_map(Result::ok).filter(|e| e.path().is_dir()) {
            println!("cargo:rerun-if-changed={}", lang.path().display());
            for file in std::fs::read_dir(lang.path())
                .expect("folder")
                .filter_map(Result::ok)
            {
                let path = file.path();
                if path.extension().is_some_and(|x| x == ext) {
                    println!("cargo:rerun-if-changed={}", path.display());
                    entries.push((
                        lang.file_name().to_string_lossy().into_owned(),
                        path.file_stem().unwrap().to_string_lossy().into_owned(),
                        path.display().to_string(),
                    ));
                }
            }
        }
    }
    entries.sort();
    let mut out = String::from("pub static EMBEDDED: &[(&str, &str, &str)] = &[\n");
    for (lang, name, path) in entries {
        writeln!(out, "    ({lang:?}, {name:?}, include_str!({path:?})),").unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join(out_name);
    std::fs::write(dest, out).unwrap();
}
