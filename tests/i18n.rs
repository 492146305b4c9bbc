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

// ---- The source text of the shipped .ftl files (issue 16) ----

use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet};

/// What one message says, from its parsed source: the visible text (no
/// comments), the variables it uses and the variant keys of each select.
#[derive(Default)]
struct Said {
    text: String,
    vars: BTreeSet<String>,
    selects: Vec<Vec<ast::VariantKey<String>>>,
}

fn walk_pattern(p: &ast::Pattern<&str>, said: &mut Said) {
    for el in &p.elements {
        match el {
            ast::PatternElement::TextElement { value } => {
                said.text.push_str(value);
                said.text.push(' ');
            }
            ast::PatternElement::Placeable { expression } => walk_expression(expression, said),
        }
    }
}

fn walk_expression(e: &ast::Expression<&str>, said: &mut Said) {
    match e {
        ast::Expression::Select { selector, variants } => {
            walk_inline(selector, said);
            said.selects.push(
                variants
                    .iter()
                    .map(|v| match &v.key {
                        ast::VariantKey::Identifier { name } => ast::VariantKey::Identifier {
                            name: name.to_string(),
                        },
                        ast::VariantKey::NumberLiteral { value } => {
                            ast::VariantKey::NumberLiteral {
                                value: value.to_string(),
                            }
                        }
                    })
                    .collect(),
            );
            for v in variants {
                walk_pattern(&v.value, said);
            }
        }
        ast::Expression::Inline(i) => walk_inline(i, said),
    }
}

fn walk_inline(i: &ast::InlineExpression<&str>, said: &mut Said) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            said.vars.insert(id.name.to_string());
        }
        ast::InlineExpression::StringLiteral { value } => {
            said.text.push_str(value);
            said.text.push(' ');
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                walk_inline(a, said);
            }
            for a in &arguments.named {
                walk_inline(&a.value, said);
            }
        }
        ast::InlineExpression::Placeable { expression } => walk_expression(expression, said),
        _ => {}
    }
}

/// Every shipped locale file: (language, file name, message id → what it says).
fn shipped_messages() -> Vec<(String, String, BTreeMap<String, Said>)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let mut out = Vec::new();
    let mut langs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    langs.sort();
    for dir in langs {
        let lang = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .collect();
        files.sort();
        for file in files {
            let src = std::fs::read_to_string(&file).unwrap();
            let res = fluent_syntax::parser::parse(src.as_str())
                .unwrap_or_else(|(_, errs)| panic!("{}: {errs:?}", file.display()));
            let mut messages = BTreeMap::new();
            for entry in &res.body {
                if let ast::Entry::Message(m) = entry {
                    let mut said = Said::default();
                    if let Some(v) = &m.value {
                        walk_pattern(v, &mut said);
                    }
                    for a in &m.attributes {
                        walk_pattern(&a.value, &mut said);
                    }
                    messages.insert(m.id.name.to_string(), said);
                }
            }
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            out.push((lang.clone(), name, messages));
        }
    }
    out
}

/// Issue 16: no queue tickets. The words each locale used for the ticket
/// (and for calling its number) before the floor replaced it.
const QUEUE_TICKET_WORDS: &[&str] = &[
    "kölapp",
    "nummerlapp",
    "ropar upp",
    "queue ticket",
    "ticket",
    "call your number",
    "رقم انتظار",
    "رقم الانتظار",
    "نوبت",
    "lambar saf",
    "መስርዕ",
    "vuoronumero",
    "jonotusnumero",
    "sıra numara",
    "numerek",
    "номерок",
    "талон",
];

#[test]
fn no_locale_mentions_a_queue_ticket() {
    let mut found = Vec::new();
    for (lang, file, messages) in shipped_messages() {
        for (id, said) in &messages {
            let text = said.text.to_lowercase();
            for word in QUEUE_TICKET_WORDS {
                if text.contains(word) {
                    found.push(format!("{lang}/{file}: {id} says \"{word}\""));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "queue tickets are gone:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_queue_ticket_check_sees_message_text_and_skips_comments() {
    // The check above reads what a visitor sees, so it must catch a
    // ticket word in a message, in a plural variant, but not in a comment.
    let src = "# No kölapp here.\na = Ta en kölapp.\nb = { $n ->\n    [one] En\n   *[other] Ett nummer (номерок)\n}\n";
    let res = fluent_syntax::parser::parse(src).unwrap();
    let mut hits = Vec::new();
    for entry in &res.body {
        if let ast::Entry::Message(m) = entry {
            let mut said = Said::default();
            walk_pattern(m.value.as_ref().unwrap(), &mut said);
            let text = said.text.to_lowercase();
            if QUEUE_TICKET_WORDS.iter().any(|w| text.contains(w)) {
                hits.push(m.id.name);
            }
        }
    }
    assert_eq!(hits, ["a", "b"]);
}

#[test]
fn every_translation_keeps_the_swedish_arguments() {
    let all = shipped_messages();
    let mut sv: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (lang, _, messages) in &all {
        if lang == "sv" {
            for (id, said) in messages {
                sv.insert(id.clone(), said.vars.clone());
            }
        }
    }
    let mut wrong = Vec::new();
    for (lang, file, messages) in &all {
        for (id, said) in messages {
            if let Some(want) = sv.get(id)
                && *want != said.vars
            {
                wrong.push(format!(
                    "{lang}/{file}: {id} uses {:?}, sv {want:?}",
                    said.vars
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// CLDR plural categories that whole numbers fall into, per shipped language.
fn plural_categories(lang: &str) -> &'static [&'static str] {
    match lang {
        // zero is optional in Arabic: "other" is also right for 0.
        "ar" => &["one", "two", "few", "many", "other"],
        "pl" | "uk" => &["one", "few", "many", "other"],
        _ => &["one", "other"],
    }
}

#[test]
fn plural_selectors_use_each_languages_categories_and_exact_numbers_first() {
    let mut wrong = Vec::new();
    for (lang, file, messages) in shipped_messages() {
        let want = plural_categories(&lang);
        for (id, said) in &messages {
            for keys in &said.selects {
                let names: Vec<&str> = keys
                    .iter()
                    .filter_map(|k| match k {
                        ast::VariantKey::Identifier { name } => Some(name.as_str()),
                        _ => None,
                    })
                    .collect();
                // Only plural selects (all our selects are on numbers).
                if !names.iter().any(|n| ["one", "other"].contains(n)) {
                    continue;
                }
                let extra: Vec<_> = names
                    .iter()
                    .filter(|n| !(want.contains(n) || (lang == "ar" && **n == "zero")))
                    .collect();
                let missing: Vec<_> = want.iter().filter(|c| !names.contains(c)).collect();
                if !extra.is_empty() || !missing.is_empty() {
                    wrong.push(format!(
                        "{lang}/{file}: {id}: not {lang} categories {extra:?}, missing {missing:?}"
                    ));
                }
                // Fluent takes the first variant that matches, and in fa and
                // ti 0 is "one": an exact [0] must come before the categories.
                let first_name = keys
                    .iter()
                    .position(|k| matches!(k, ast::VariantKey::Identifier { .. }));
                let last_number = keys
                    .iter()
                    .rposition(|k| matches!(k, ast::VariantKey::NumberLiteral { .. }));
                if let (Some(f), Some(l)) = (first_name, last_number)
                    && l > f
                {
                    wrong.push(format!(
                        "{lang}/{file}: {id}: an exact number after a category"
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn exact_numbers_of_swedish_are_kept_in_every_language() {
    let all = shipped_messages();
    let numbers = |said: &Said| -> BTreeSet<String> {
        said.selects
            .iter()
            .flatten()
            .filter_map(|k| match k {
                ast::VariantKey::NumberLiteral { value } => Some(value.clone()),
                _ => None,
            })
            .collect()
    };
    let mut wrong = Vec::new();
    for (_, _, sv) in all.iter().filter(|(l, _, _)| l == "sv") {
        for (id, sv_said) in sv {
            let want = numbers(sv_said);
            for (lang, file, messages) in &all {
                if let Some(said) = messages.get(id)
                    && !want.is_subset(&numbers(said))
                {
                    wrong.push(format!("{lang}/{file}: {id} lacks {want:?}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn waiting_figures_read_right_in_every_language() {
    // The confirmation screen's figures, formatted as the kiosk does: every
    // count from 3 up shows its number, and 0 people ahead is its own text.
    let catalog = Catalog::embedded().unwrap();
    for lang in catalog.languages() {
        for (id, var) in [("register-ahead", "ahead"), ("register-wait", "minutes")] {
            for n in 0..=130u32 {
                let mut args = fluent_bundle::FluentArgs::new();
                args.set(var, n);
                let text = catalog.text(&lang, id, Some(&args));
                assert!(!text.contains('{') && text != id, "{lang} {id} {n}: {text}");
                if n >= 3 {
                    assert!(text.contains(&n.to_string()), "{lang} {id} {n}: {text}");
                }
            }
            if id == "register-ahead" {
                let mut zero = fluent_bundle::FluentArgs::new();
                zero.set(var, 0);
                let mut one = fluent_bundle::FluentArgs::new();
                one.set(var, 1);
                assert_ne!(
                    catalog.text(&lang, id, Some(&zero)),
                    catalog.text(&lang, id, Some(&one)),
                    "{lang}: nobody ahead reads differently from one ahead"
                );
            }
        }
    }
}

#[test]
fn info_guide_sends_to_the_reception_and_a_guide_comes() {
    // The old "info" text for the guide purpose (kiosks in the field may
    // still use it with flow = "info") now tells the truth: say so at the
    // reception, and a guide comes to you.
    let catalog = Catalog::embedded().unwrap();
    assert_eq!(
        catalog.text("sv", "info-guide", None),
        "Säg till i receptionen att du vill prata med en vägledare. En vägledare kommer till dig. Det är gratis."
    );
    for lang in catalog.languages() {
        let info = catalog.text(&lang, "info-guide", None);
        let comes = catalog.text(&lang, "register-comes", None);
        assert!(
            info.contains(comes.trim_end_matches(['.', '。', '።'])),
            "{lang}: {info} / {comes}"
        );
    }
}

#[test]
fn visitor_sentences_are_short() {
    // Plain language for second-language readers: at most 15 words a
    // sentence on every visitor screen (staff and mail texts excepted).
    let mut long = Vec::new();
    for (lang, file, messages) in shipped_messages() {
        if file.starts_with("staff") || file.starts_with("mail") {
            continue;
        }
        for (id, said) in &messages {
            for sentence in said.text.split(['.', '?', '!', '።', '؟', '\n']) {
                let words = sentence.split_whitespace().count();
                if words > 15 {
                    long.push(format!("{lang}/{file}: {id}: {words} words: {sentence}"));
                }
            }
        }
    }
    assert!(long.is_empty(), "{}", long.join("\n"));
}
