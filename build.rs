//! Embeds every `locales/<lang>/*.ftl` file, every guidance bundle and the
//! fonts into the binary, deflated (see `src/packed.rs`), so that a kiosk
//! needs no files besides its config. Adding a language is adding a
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
    pack_files(entries, "locales");
    embed_tree("assets/guidance", "toml", "guidance");
    pack_fonts();
    // Identical code folding: the linker keeps one copy of functions whose
    // machine code is the same (many generic instances are), about 0.13 MB
    // off the binary. rust-lld, the default linker of this target, has it.
    if std::env::var("TARGET").as_deref() == Ok("x86_64-unknown-linux-gnu") {
        println!("cargo:rustc-link-arg-bins=-Wl,--icf=all");
    }
}

/// The fonts, deflated (2.2 MB of TrueType becomes about 1 MB of binary;
/// `ui::FONTS` inflates them once at start, in a few milliseconds).
fn pack_fonts() {
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut code = String::from("pub static PACKED_FONTS: &[(&str, &[u8])] = &[\n");
    for name in FONTS {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let ttf = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        std::fs::write(out.join(format!("{name}.deflate")), deflate(&ttf)).unwrap();
        writeln!(
            code,
            "    ({name:?}, include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{name}.deflate\"))),"
        )
        .unwrap();
    }
    code.push_str("];\n");
    std::fs::write(out.join("fonts.rs"), code).unwrap();
}

/// Every font the kiosk renders, in `assets/fonts/`.
const FONTS: [&str; 6] = [
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Bold.ttf",
    "NotoSansEthiopic-Regular.ttf",
    "NotoSansEthiopic-Bold.ttf",
];

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
    pack_files(entries, out_name);
}

/// Writes `<name>.deflate`, the files' text deflated as one blob, and
/// `<name>.rs`, a `crate::packed::Files` over it with each file's
/// (folder, name, start, end) in the inflated text.
fn pack_files(entries: Vec<(String, String, String)>, name: &str) {
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let mut text = String::new();
    let mut code = format!(
        "pub static EMBEDDED: crate::packed::Files = crate::packed::Files::new(\n    \
         include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{name}.deflate\")),\n    &[\n"
    );
    for (folder, file, path) in entries {
        let start = text.len();
        text.push_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")));
        writeln!(
            code,
            "        ({folder:?}, {file:?}, {start}, {}),",
            text.len()
        )
        .unwrap();
    }
    code.push_str("    ],\n);\n");
    std::fs::write(
        out_dir.join(format!("{name}.deflate")),
        deflate(text.as_bytes()),
    )
    .unwrap();
    std::fs::write(out_dir.join(format!("{name}.rs")), code).unwrap();
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut packed = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut packed, data).unwrap();
    packed.finish().unwrap()
}
