//! The content document (the body of the protocol's `GET …/content`):
//! guidance bundles and the staff directory, checked exactly like bundled
//! guidance and kiosk.toml's directory. One problem refuses the whole
//! document. The kiosk runs this before it uses anything a hub sends; the
//! hub runs it before it publishes anything, so that it never publishes
//! what a kiosk would refuse.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::bundle::Tree;
use crate::directory::{Officer, Unit};
use crate::text::{cut, quote};

/// The longest version text the kiosk accepts.
const MAX_VERSION: usize = 100;
/// At most this many problems are listed; the rest are counted.
const MAX_PROBLEMS: usize = 20;
/// Most languages a document carries.
pub const MAX_LANGUAGES: usize = 40;
/// The longest key anywhere in a document, in characters (an errand id,
/// the longest key the protocol has, is at most 64).
pub const MAX_KEY: usize = 64;
/// The longest text anywhere in a document, in bytes (a bundle in the text
/// form, the longest text the protocol has, is at most this).
pub const MAX_TEXT_BYTES: usize = crate::bundle::MAX_BUNDLE_BYTES;

/// Hub content that passed every check.
#[derive(Debug, Clone)]
pub struct Checked {
    pub version: String,
    /// (lang, errand, TOML text), for the kiosk's languages only.
    pub guidance: Vec<(String, String, String)>,
    pub tree: Tree,
    /// The directory as TOML, and as read; `None`: the config's stays.
    pub directory: Option<(String, Vec<Unit>, Vec<Officer>)>,
}

/// Why content was refused: one line per problem, naming where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub Vec<String>);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = self.0.iter().take(MAX_PROBLEMS);
        for (i, p) in shown.enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            f.write_str(p)?;
        }
        if self.0.len() > MAX_PROBLEMS {
            write!(f, "; and {} more", self.0.len() - MAX_PROBLEMS)?;
        }
        Ok(())
    }
}

/// A language code as the protocol writes it: 2-3 letters a-z.
pub fn is_lang(s: &str) -> bool {
    (2..=3).contains(&s.len()) && s.chars().all(|c| c.is_ascii_lowercase())
}

/// An errand id: a-z, 0-9, - and _, at most 64 characters.
pub fn is_errand(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// One step of a JSON path.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// A JSON path for a message (`directory.units[3].name`), its keys cut and
/// escaped; built only when something is wrong.
fn path_text(path: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&cut(k));
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The first cap the document is over, naming the cap and where; checked
/// before anything else is read, so that a hostile document costs one
/// pass over what was received, never more.
fn over_a_cap(doc: &Map<String, Value>) -> Option<String> {
    use crate::bundle::MAX_ERRANDS;
    use crate::directory::{MAX_OFFICERS, MAX_UNITS};
    if let Some(Value::Object(guidance)) = doc.get("guidance") {
        if guidance.len() > MAX_LANGUAGES {
            return Some(format!(
                "guidance: has {} languages (at most {MAX_LANGUAGES} in a document)",
                guidance.len()
            ));
        }
        for (lang, errands) in guidance {
            if let Value::Object(errands) = errands
                && errands.len() > MAX_ERRANDS
            {
                return Some(format!(
                    "guidance.{}: has {} errands (at most {MAX_ERRANDS} in a language)",
                    cut(lang),
                    errands.len()
                ));
            }
        }
    }
    if let Some(Value::Object(directory)) = doc.get("directory") {
        for (key, max) in [("units", MAX_UNITS), ("officers", MAX_OFFICERS)] {
            if let Some(Value::Array(items)) = directory.get(key)
                && items.len() > max
            {
                return Some(format!(
                    "directory.{key}: has {} {key} (at most {max} {key} in a directory)",
                    items.len()
                ));
            }
        }
    }
    let mut path = Vec::new();
    for (k, v) in doc {
        if let Some(problem) = key_or_text_too_long(k, v, &mut path) {
            return Some(problem);
        }
    }
    None
}

/// A key longer than [`MAX_KEY`] or a text longer than [`MAX_TEXT_BYTES`]
/// at `key` (in `path`) or under it.
fn key_or_text_too_long<'a>(
    key: &'a str,
    value: &'a Value,
    path: &mut Vec<Step<'a>>,
) -> Option<String> {
    let chars = key.chars().count();
    if chars > MAX_KEY {
        let at = path_text(path);
        let at = if at.is_empty() { "(top)".into() } else { at };
        return Some(format!(
            "{at}: the key {} is {chars} characters long (keys at most {MAX_KEY})",
            quote(key)
        ));
    }
    path.push(Step::Key(key));
    let found = too_long_under(value, path);
    path.pop();
    found
}

fn too_long_under<'a>(value: &'a Value, path: &mut Vec<Step<'a>>) -> Option<String> {
    match value {
        Value::String(s) if s.len() > MAX_TEXT_BYTES => Some(format!(
            "{}: a text of {} bytes (texts at most {MAX_TEXT_BYTES} bytes)",
            path_text(path),
            s.len()
        )),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| {
            path.push(Step::Index(i));
            let found = too_long_under(v, path);
            path.pop();
            found
        }),
        Value::Object(map) => map
            .iter()
            .find_map(|(k, v)| key_or_text_too_long(k, v, path)),
        _ => None,
    }
}

/// Every text (and key) with a control character in it, by JSON path;
/// and every one with a bidi or format character or a line separator
/// ([`crate::text::is_forbidden`]). `lines`: the value is a bundle in
/// the text form, whose line breaks and tabs are its TOML (its texts are
/// checked again once read).
fn control_characters(value: &Value, path: &str, lines: bool, problems: &mut Vec<String>) {
    let bad = |s: &str, lines: bool| {
        s.chars()
            .any(|c| c.is_control() && !(lines && matches!(c, '\n' | '\r' | '\t')))
    };
    let invisible = |s: &str| {
        s.chars()
            .find(|c| !c.is_control() && crate::text::is_forbidden(*c))
    };
    match value {
        Value::String(s) if bad(s, lines) => {
            problems.push(format!("{path}: contains a control character"));
        }
        Value::String(s) => {
            if let Some(c) = invisible(s) {
                problems.push(format!(
                "{path}: contains U+{:04X}, a bidi or format character (refused: it can change how a text reads)",
                    c as u32
                ));
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                control_characters(v, &format!("{path}[{i}]"), false, problems);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                if bad(k, false) || invisible(k).is_some() {
                    problems.push(format!(
                        "{path}: a key contains a control, bidi or format character"
                    ));
                } else {
                    control_characters(v, &format!("{path}.{}", cut(k)), false, problems);
                }
            }
        }
        _ => {}
    }
}

/// [`control_characters`] over the whole document: a bundle in the text
/// form (`guidance.<lang>.<errand>` a text) may have line breaks and tabs.
fn control_characters_in(doc: &Map<String, Value>, problems: &mut Vec<String>) {
    for (k, v) in doc {
        match (k.as_str(), v) {
            ("guidance", Value::Object(langs)) => {
                for (lang, errands) in langs {
                    let at = format!("guidance.{}", cut(lang));
                    if lang.chars().any(crate::text::is_forbidden) {
                        problems.push(
                            "guidance: a key contains a control, bidi or format character".into(),
                        );
                        continue;
                    }
                    let Value::Object(errands) = errands else {
                        control_characters(errands, &at, false, problems);
                        continue;
                    };
                    for (errand, bundle) in errands {
                        if errand.chars().any(crate::text::is_forbidden) {
                            problems.push(format!(
                                "{at}: a key contains a control, bidi or format character"
                            ));
                            continue;
                        }
                        let at = format!("{at}.{}", cut(errand));
                        control_characters(bundle, &at, bundle.is_string(), problems);
                    }
                }
            }
            _ => control_characters(v, &cut(k), false, problems),
        }
    }
}

/// The bundle keys that hold a day: a TOML date in the text form, a text
/// `"YYYY-MM-DD"` in the object form (JSON has no dates).
const DATE_KEYS: &[&str] = &["reviewed", "valid_until"];

/// A bundle as TOML text: the object form converted (its [`DATE_KEYS`]
/// written as TOML dates when they read as one), the text form as is.
fn bundle_text(value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Object(map) => {
            let mut table = toml::Table::new();
            for (k, v) in map {
                let day = match v {
                    Value::String(s) if DATE_KEYS.contains(&k.as_str()) => s
                        .parse::<toml::value::Datetime>()
                        .ok()
                        .filter(|d| d.date.is_some() && d.time.is_none()),
                    _ => None,
                };
                let v = match day {
                    Some(d) => toml::Value::Datetime(d),
                    None => toml::Value::try_from(v)
                        .map_err(|e| format!("cannot be read as a bundle: {e}"))?,
                };
                table.insert(k.clone(), v);
            }
            toml::to_string(&table).map_err(|e| format!("cannot be read as a bundle: {e}"))
        }
        _ => Err("expected a bundle (an object, or the text of a bundle file)".into()),
    }
}

/// Checks a content document (the body of `GET …/content`) for a kiosk
/// offering `languages`.
/// Officer addresses must be in `allowed.mail_domains` and links lead to
/// `allowed.link_hosts`.
pub fn check(
    body: &[u8],
    languages: &[String],
    allowed: &crate::Allowed,
) -> Result<Checked, Refused> {
    let doc: Value = serde_json::from_slice(body)
        .map_err(|e| Refused(vec![format!("not a JSON document: {e}")]))?;
    let Value::Object(doc) = doc else {
        return Err(Refused(vec!["expected a JSON object".into()]));
    };
    // Over a cap: refused at once, nothing else read.
    if let Some(problem) = over_a_cap(&doc) {
        return Err(Refused(vec![problem]));
    }
    let mut problems = Vec::new();
    control_characters_in(&doc, &mut problems);
    let version = match doc.get("version") {
        Some(Value::String(v)) if !v.trim().is_empty() && v.chars().count() <= MAX_VERSION => {
            v.clone()
        }
        Some(Value::String(_)) => {
            problems.push(format!("version: must be 1 to {MAX_VERSION} characters"));
            String::new()
        }
        Some(_) => {
            problems.push("version: expected a text".into());
            String::new()
        }
        None => {
            problems.push("version: missing".into());
            String::new()
        }
    };
    let (guidance, tree) = guidance(doc.get("guidance"), languages, allowed, &mut problems);
    let directory = directory(doc.get("directory"), allowed, &mut problems);
    if problems.is_empty() {
        Ok(Checked {
            version,
            guidance,
            tree,
            directory,
        })
    } else {
        Err(Refused(problems))
    }
}

fn guidance(
    value: Option<&Value>,
    languages: &[String],
    allowed: &crate::Allowed,
    problems: &mut Vec<String>,
) -> (Vec<(String, String, String)>, Tree) {
    let map = match value {
        None | Some(Value::Null) => return (Vec::new(), Tree::new()),
        Some(Value::Object(map)) => map,
        Some(_) => {
            problems.push("guidance: expected an object {language: {errand: bundle}}".into());
            return (Vec::new(), Tree::new());
        }
    };
    let offered: BTreeSet<&str> = languages
        .iter()
        .map(String::as_str)
        .chain([crate::bundle::REFERENCE])
        .collect();
    let mut sources = Vec::new();
    for (lang, errands) in map {
        if !is_lang(lang) {
            problems.push(format!(
                "guidance.{}: not a language code (2 or 3 letters a-z)",
                cut(lang)
            ));
            continue;
        }
        let Value::Object(errands) = errands else {
            problems.push(format!(
                "guidance.{lang}: expected an object {{errand: bundle}}"
            ));
            continue;
        };
        for (errand, bundle) in errands {
            if !is_errand(errand) {
                problems.push(format!(
                    "guidance.{lang}.{}: not an errand id (a-z, 0-9, '-' and '_', at most 64)",
                    cut(errand)
                ));
                continue;
            }
            let at = format!("guidance.{lang}.{errand}");
            match bundle_text(bundle) {
                // A language this kiosk does not offer is checked, not kept.
                Ok(text) => sources.push((lang.clone(), errand.clone(), at, text)),
                Err(e) => problems.push(format!("{at}: {e}")),
            }
        }
    }
    if sources.is_empty() {
        return (Vec::new(), Tree::new());
    }
    let (tree, errors) = crate::bundle::check(
        sources
            .iter()
            .map(|(l, e, at, text)| (l.clone(), e.clone(), at.clone(), text.as_str())),
        languages,
        allowed,
    );
    for e in errors {
        // The file is the JSON path; a line only means something for text.
        let file = if e.file.starts_with("guidance.") {
            e.file.clone()
        } else {
            format!(
                "guidance.{}",
                e.file.trim_end_matches(".toml").replace('/', ".")
            )
        };
        problems.push(format!("{file}: {}", e.what));
    }
    let kept = sources
        .into_iter()
        .filter(|(l, ..)| offered.contains(l.as_str()))
        .map(|(l, e, _, text)| (l, e, text))
        .collect();
    let tree = tree
        .into_iter()
        .filter(|(l, _)| offered.contains(l.as_str()))
        .collect();
    (kept, tree)
}

fn directory(
    value: Option<&Value>,
    allowed: &crate::Allowed,
    problems: &mut Vec<String>,
) -> Option<(String, Vec<Unit>, Vec<Officer>)> {
    let map = match value {
        None | Some(Value::Null) => return None,
        Some(Value::Object(map)) => map,
        Some(_) => {
            problems.push("directory: expected an object {units: […], officers: […]}".into());
            return None;
        }
    };
    let mut toml_doc = serde_json::Map::new();
    for (key, table) in map {
        let name = match key.as_str() {
            "units" => "unit",
            "officers" => "officer",
            other => {
                problems.push(format!(
                    "directory.{}: unknown key (units, officers)",
                    cut(other)
                ));
                continue;
            }
        };
        match table {
            Value::Array(items) if items.iter().all(Value::is_object) => {
                toml_doc.insert(name.into(), table.clone());
            }
            _ => problems.push(format!("directory.{key}: expected a list of objects")),
        }
    }
    let text = match toml::to_string(&Value::Object(toml_doc)) {
        Ok(t) => t,
        Err(e) => {
            problems.push(format!("directory: cannot be read: {e}"));
            return None;
        }
    };
    match crate::directory::check_toml(&text, allowed) {
        // Names (1 to 100 characters), ids, units, addresses: the
        // directory check's rules, as for kiosk.toml.
        Ok((units, officers)) => Some((text, units, officers)),
        Err(found) => {
            for p in found {
                let key = p
                    .key
                    .replacen("unit[", "units[", 1)
                    .replacen("officer[", "officers[", 1);
                problems.push(format!("directory.{key}: {}", p.message));
            }
            None
        }
    }
}

/// Reads back a directory stored by [`check`] (it passed then; `None` if
/// it somehow no longer does).
pub fn stored_directory(text: &str, allowed: &crate::Allowed) -> Option<(Vec<Unit>, Vec<Officer>)> {
    crate::directory::check_toml(text, allowed).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sv() -> Vec<String> {
        vec!["sv".to_string()]
    }

    /// The kiosk's Swedish "housing" bundle, as the text of its file.
    fn housing() -> String {
        include_str!("../../assets/guidance/sv/housing.toml").to_string()
    }

    fn directory(units: usize, officers: usize, unit_of: impl Fn(usize) -> String) -> Value {
        json!({
            "units": (0..units).map(|i| json!({ "id": format!("u{i}"), "name": format!("Unit {i}") })).collect::<Vec<_>>(),
            "officers": (0..officers).map(|i| json!({
                "name": format!("Name {i}"), "unit": unit_of(i), "email": format!("n{i}@example.org")
            })).collect::<Vec<_>>(),
        })
    }

    fn check_doc(doc: &Value) -> Result<Checked, Refused> {
        check(
            doc.to_string().as_bytes(),
            &sv(),
            &crate::Allowed::new(&["example.org"], crate::link::DEFAULT_HOSTS),
        )
    }

    #[test]
    fn a_document_over_a_cap_is_refused_with_that_one_problem_and_nothing_else_read() {
        // 50 000 officers, each in a unit that does not exist: read in full,
        // 50 000 problems (each listing every unit). Refused at the cap.
        let doc = json!({
            "version": "v",
            "directory": directory(500, 50_000, |i| format!("nowhere-{i}")),
        });
        let refused = check_doc(&doc).unwrap_err();
        assert_eq!(
            refused.0,
            vec!["directory.officers: has 50000 officers (at most 5000 officers in a directory)"]
        );
        let doc = json!({ "version": "v", "directory": directory(501, 1, |_| "u0".into()) });
        assert_eq!(
            check_doc(&doc).unwrap_err().0,
            vec!["directory.units: has 501 units (at most 500 units in a directory)"]
        );
        let errands: Map<String, Value> = (0..101)
            .map(|i| (format!("e{i}"), json!("not even a bundle")))
            .collect();
        let doc = json!({ "version": "v", "guidance": { "sv": errands } });
        assert_eq!(
            check_doc(&doc).unwrap_err().0,
            vec!["guidance.sv: has 101 errands (at most 100 in a language)"]
        );
        let langs: Map<String, Value> = (0..41).map(|i| (format!("l{i}"), json!({}))).collect();
        let doc = json!({ "version": "v", "guidance": langs });
        assert_eq!(
            check_doc(&doc).unwrap_err().0,
            vec!["guidance: has 41 languages (at most 40 in a document)"]
        );
    }

    #[test]
    fn a_name_over_100_characters_is_refused_as_in_kiosk_toml() {
        let mut dir = directory(1, 1, |_| "u0".into());
        dir["officers"][0]["name"] = json!("n".repeat(101));
        assert_eq!(
            check_doc(&json!({ "version": "v", "directory": dir }))
                .unwrap_err()
                .0,
            vec!["directory.officers[0].name: is 101 characters long (at most 100)"]
        );
    }

    #[test]
    fn at_the_caps_the_directory_is_accepted() {
        let doc = json!({ "version": "v", "directory": directory(500, 5_000, |i| format!("u{}", i % 500)) });
        let checked = check_doc(&doc).unwrap();
        let (_, units, officers) = checked.directory.unwrap();
        assert_eq!((units.len(), officers.len()), (500, 5_000));
    }

    #[test]
    fn below_the_caps_each_problem_stays_short() {
        // Every officer in an unknown unit: 5 000 problems, each naming a
        // few of the 500 units, not all of them.
        let doc = json!({
            "version": "v",
            "directory": directory(500, 5_000, |i| format!("nowhere-{i}")),
        });
        let refused = check_doc(&doc).unwrap_err();
        assert_eq!(refused.0.len(), 5_000);
        for p in &refused.0 {
            assert!(p.len() < 300, "{} bytes: {p}", p.len());
        }
        assert!(
            refused.0[0].contains("\"u0\", \"u1\", \"u10\""),
            "{}",
            refused.0[0]
        );
        assert!(refused.0[0].ends_with("… 500 in all)"), "{}", refused.0[0]);
        // What is logged and sent lists 20 of them.
        assert!(refused.to_string().len() < 20 * 300);
    }

    #[test]
    fn long_keys_and_texts_are_refused_naming_where_cut_and_escaped() {
        let key = format!("\u{1b}[31m{}", "k".repeat(100_000));
        let mut dir = directory(1, 1, |_| "u0".into());
        dir["units"][0][key.as_str()] = json!("x");
        let refused = check_doc(&json!({ "version": "v", "directory": dir })).unwrap_err();
        assert_eq!(refused.0.len(), 1);
        let p = &refused.0[0];
        assert!(
            p.starts_with("directory.units[0]: the key \"\\u{1b}[31mkkk"),
            "{p}"
        );
        assert!(
            p.ends_with("k…\" is 100005 characters long (keys at most 64)"),
            "{p}"
        );
        assert!(p.len() < 200);

        let mut dir = directory(1, 1, |_| "u0".into());
        dir["officers"][0]["name"] = json!("n".repeat(MAX_TEXT_BYTES + 1));
        assert_eq!(
            check_doc(&json!({ "version": "v", "directory": dir }))
                .unwrap_err()
                .0,
            vec![format!(
                "directory.officers[0].name: a text of {} bytes (texts at most {MAX_TEXT_BYTES} bytes)",
                MAX_TEXT_BYTES + 1
            )]
        );
        // A key of a language or errand is echoed cut too.
        let doc = json!({ "version": "v", "guidance": { "\u{1b}]0;x\u{7}": {} } });
        let said = check_doc(&doc).unwrap_err().to_string();
        assert!(!said.contains('\u{1b}'), "{said}");
    }

    #[test]
    fn line_breaks_and_tabs_only_in_a_bundle_in_the_text_form() {
        let text = housing().replace('\n', "\r\n").replacen(" = ", "\t= ", 1);
        let doc = json!({ "version": "v", "guidance": { "sv": { "housing": text } } });
        let checked = check_doc(&doc).unwrap();
        assert_eq!(checked.guidance.len(), 1);
        // Not in any other text of the document.
        let mut dir = directory(1, 1, |_| "u0".into());
        dir["units"][0]["name"] = json!("Unit\nzero");
        let doc =
            json!({ "version": "v", "guidance": { "sv": { "housing": text } }, "directory": dir });
        let problems = check_doc(&doc).unwrap_err().0;
        assert_eq!(
            problems[0], "directory.units[0].name: contains a control character",
            "{problems:?}"
        );
        // Nor inside the bundle's own texts, however spelled.
        let bad = text.replacen("title\t= \"", "title\t= \"a\\nb", 1);
        let doc = json!({ "version": "v", "guidance": { "sv": { "housing": bad } } });
        let p = check_doc(&doc).unwrap_err().0;
        assert!(
            p[0].starts_with("guidance.sv.housing: title: contains U+000A (a line break)"),
            "{p:?}"
        );
        // Other control characters in the text are refused as before.
        let bad = format!("{text}# \u{7}\r\n");
        let doc = json!({ "version": "v", "guidance": { "sv": { "housing": bad } } });
        assert_eq!(
            check_doc(&doc).unwrap_err().0[0],
            "guidance.sv.housing: contains a control character"
        );
    }

    #[test]
    fn the_object_form_gives_its_review_days_as_texts() {
        let text = include_str!("../../assets/guidance/sv/housing.toml");
        let table: toml::Table = toml::from_str(text).unwrap();
        let mut object = serde_json::Map::new();
        for (k, v) in table {
            let v = match v {
                toml::Value::Datetime(d) => json!(d.to_string()),
                v => serde_json::to_value(v).unwrap(),
            };
            object.insert(k, v);
        }
        assert_eq!(object["reviewed"], json!("2026-12-02"));
        let doc = json!({ "version": "v", "guidance": { "sv": { "housing": object } } });
        let checked = check_doc(&doc).unwrap();
        let b = &checked.tree["sv"]["housing"];
        assert_eq!(b.reviewed, Some(jiff::civil::date(2026, 12, 2)));
        assert!(b.valid_until.is_some());
        // A day that is not one stays a text, and is refused as such.
        let mut bad = object.clone();
        bad.insert("reviewed".into(), json!("soon"));
        let doc = json!({ "version": "v", "guidance": { "sv": { "housing": bad } } });
        let p = check_doc(&doc).unwrap_err().0;
        assert!(
            p[0].starts_with("guidance.sv.housing: reviewed: expected a date"),
            "{p:?}"
        );
    }
}
