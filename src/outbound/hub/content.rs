//! Content from the hub: guidance bundles and the staff directory, checked
//! exactly like the bundled guidance and kiosk.toml's directory before any
//! of it is used. One problem refuses the whole document.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::config::{Officer, Unit};
use crate::content::Tree;

/// The longest version text the kiosk accepts.
const MAX_VERSION: usize = 100;
/// The longest unit or officer name.
const MAX_NAME: usize = 100;
/// At most this many problems are listed; the rest are counted.
const MAX_PROBLEMS: usize = 20;

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

fn is_lang(s: &str) -> bool {
    (2..=3).contains(&s.len()) && s.chars().all(|c| c.is_ascii_lowercase())
}

fn is_errand(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Every text (and key) with a control character in it, by JSON path;
/// and every one with a bidi or format character or a line separator
/// ([`entre_core::text::is_forbidden`]).
fn control_characters(value: &Value, path: &str, problems: &mut Vec<String>) {
    let bad = |s: &str| s.chars().any(char::is_control);
    let invisible = |s: &str| {
        s.chars()
            .find(|c| !c.is_control() && entre_core::text::is_forbidden(*c))
    };
    match value {
        Value::String(s) if bad(s) => {
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
                control_characters(v, &format!("{path}[{i}]"), problems);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                if bad(k) || invisible(k).is_some() {
                    problems.push(format!(
                        "{path}: a key contains a control, bidi or format character"
                    ));
                } else {
                    control_characters(v, &format!("{path}.{k}"), problems);
                }
            }
        }
        _ => {}
    }
}

/// A bundle as TOML text: the object form converted, the text form as is.
fn bundle_text(value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Object(_) => {
            toml::to_string(value).map_err(|e| format!("cannot be read as a bundle: {e}"))
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
    allowed: &entre_core::Allowed,
) -> Result<Checked, Refused> {
    let doc: Value = serde_json::from_slice(body)
        .map_err(|e| Refused(vec![format!("not a JSON document: {e}")]))?;
    let Value::Object(doc) = doc else {
        return Err(Refused(vec!["expected a JSON object".into()]));
    };
    let mut problems = Vec::new();
    for (k, v) in &doc {
        control_characters(v, k, &mut problems);
    }
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
    allowed: &entre_core::Allowed,
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
        .chain([crate::content::REFERENCE])
        .collect();
    let mut sources = Vec::new();
    for (lang, errands) in map {
        if !is_lang(lang) {
            problems.push(format!(
                "guidance.{lang}: not a language code (2 or 3 letters a-z)"
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
            let at = format!("guidance.{lang}.{errand}");
            if !is_errand(errand) {
                problems.push(format!(
                    "{at}: not an errand id (a-z, 0-9, '-' and '_', at most 64)"
                ));
                continue;
            }
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
    let (tree, errors) = crate::content::check(
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
    allowed: &entre_core::Allowed,
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
                problems.push(format!("directory.{other}: unknown key (units, officers)"));
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
    match crate::config::parse_directory(&text, allowed) {
        Ok((units, officers)) => {
            let before = problems.len();
            for (i, u) in units.iter().enumerate() {
                if u.name.chars().count() > MAX_NAME {
                    problems.push(format!(
                        "directory.units[{i}].name: longer than {MAX_NAME} characters"
                    ));
                }
            }
            for (i, o) in officers.iter().enumerate() {
                if o.name.chars().count() > MAX_NAME || o.name.trim().is_empty() {
                    problems.push(format!(
                        "directory.officers[{i}].name: must be 1 to {MAX_NAME} characters"
                    ));
                }
            }
            (problems.len() == before).then_some((text, units, officers))
        }
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
pub fn stored_directory(
    text: &str,
    allowed: &entre_core::Allowed,
) -> Option<(Vec<Unit>, Vec<Officer>)> {
    crate::config::parse_directory(text, allowed).ok()
}
