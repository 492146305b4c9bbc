//! The one-line summary of what an import changes against the version in
//! use: errands added, changed or removed, per language; units and
//! officers for a directory.

use std::collections::{BTreeMap, BTreeSet};

use super::serve::Guidance;

/// Names listed per part before "…".
const NAMES: usize = 3;

/// `+1 (library-card)`, `~2 (housing, work)`, `-0`.
fn part(sign: char, names: &[&String]) -> String {
    if names.is_empty() {
        return format!("{sign}0");
    }
    let mut shown: Vec<&str> = names.iter().take(NAMES).map(|s| s.as_str()).collect();
    if names.len() > NAMES {
        shown.push("…");
    }
    format!("{sign}{} ({})", names.len(), shown.join(", "))
}

/// What changed in guidance, per language: languages with the same change
/// are grouped (`sv, en, ar: +1 (library-card), ~0, -0`), Swedish first;
/// languages without change are left out. `same(old, new)` says whether
/// two bundle texts read the same.
pub(crate) fn guidance(
    old: Option<&Guidance>,
    new: &Guidance,
    same: impl Fn(&str, &str) -> bool,
) -> String {
    let empty = Guidance::new();
    let before = old.unwrap_or(&empty);
    let no_errands = BTreeMap::new();
    let mut langs: Vec<&String> = before.keys().chain(new.keys()).collect();
    langs.sort_by_key(|l| (l.as_str() != "sv", l.as_str()));
    langs.dedup();
    // Change text → languages, in order of first appearance.
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for lang in langs {
        let was = before.get(lang).unwrap_or(&no_errands);
        let is = new.get(lang).unwrap_or(&no_errands);
        let added: Vec<&String> = is.keys().filter(|e| !was.contains_key(*e)).collect();
        let removed: Vec<&String> = was.keys().filter(|e| !is.contains_key(*e)).collect();
        let changed: Vec<&String> = is
            .iter()
            .filter(|(e, t)| was.get(*e).is_some_and(|w| !same(w, t)))
            .map(|(e, _)| e)
            .collect();
        if added.is_empty() && removed.is_empty() && changed.is_empty() {
            continue;
        }
        let text = format!(
            "{}, {}, {}",
            part('+', &added),
            part('~', &changed),
            part('-', &removed)
        );
        match groups.iter_mut().find(|(t, _)| *t == text) {
            Some((_, ls)) => ls.push(lang),
            None => groups.push((text, vec![lang])),
        }
    }
    let body = groups
        .iter()
        .map(|(text, langs)| format!("{}: {text}", langs.join(", ")))
        .collect::<Vec<_>>()
        .join("; ");
    match (old.is_some(), body.is_empty()) {
        (_, true) => "no change against the version in use".into(),
        (false, false) => format!("first version: {body}"),
        (true, false) => body,
    }
}

/// What changed in a directory: `units: +1 (x), ~0, -0; officers: +2, ~1,
/// -0` (officers counted, by address; not named).
pub(crate) fn directory(old: Option<&serde_json::Value>, new: &serde_json::Value) -> String {
    fn keyed(doc: Option<&serde_json::Value>, list: &str, key: &str) -> BTreeMap<String, String> {
        doc.and_then(|d| d.get(list))
            .and_then(|l| l.as_array())
            .map(|items| {
                items
                    .iter()
                    .map(|item| {
                        let k = item
                            .get(key)
                            .and_then(|v| v.as_str())
                            .unwrap_or_default()
                            .to_lowercase();
                        (k, item.to_string())
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
    let diff = |list: &str, key: &str, named: bool| {
        let was = keyed(old, list, key);
        let is = keyed(Some(new), list, key);
        let keys: BTreeSet<&String> = was.keys().chain(is.keys()).collect();
        let (mut added, mut changed, mut removed) = (Vec::new(), Vec::new(), Vec::new());
        for k in keys {
            match (was.get(k), is.get(k)) {
                (None, Some(_)) => added.push(k),
                (Some(_), None) => removed.push(k),
                (Some(a), Some(b)) if a != b => changed.push(k),
                _ => {}
            }
        }
        if named {
            format!(
                "{list}: {}, {}, {}",
                part('+', &added),
                part('~', &changed),
                part('-', &removed)
            )
        } else {
            format!(
                "{list}: +{}, ~{}, -{}",
                added.len(),
                changed.len(),
                removed.len()
            )
        }
    };
    let body = format!(
        "{}; {}",
        diff("units", "id", true),
        diff("officers", "email", false)
    );
    if old.is_none() {
        format!("first version: {body}")
    } else {
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::serve::tests::g;

    #[test]
    fn languages_with_the_same_change_are_grouped_swedish_first() {
        let old = g(&[
            ("sv", "housing", "a"),
            ("sv", "work", "b"),
            ("en", "housing", "a"),
            ("en", "work", "b"),
            ("ar", "housing", "a"),
            ("ar", "work", "b"),
        ]);
        let new = g(&[
            ("sv", "housing", "a2"),
            ("sv", "work", "b"),
            ("sv", "library-card", "c"),
            ("en", "housing", "a"),
            ("en", "work", "b"),
            ("en", "library-card", "c"),
            ("ar", "housing", "a"),
            ("ar", "library-card", "c"),
        ]);
        assert_eq!(
            guidance(Some(&old), &new, |a, b| a == b),
            "sv: +1 (library-card), ~1 (housing), -0; ar: +1 (library-card), ~0, -1 (work); en: +1 (library-card), ~0, -0"
        );
        assert_eq!(
            guidance(Some(&new), &new, |a, b| a == b),
            "no change against the version in use"
        );
        assert_eq!(
            guidance(
                None,
                &g(&[
                    ("sv", "a", ""),
                    ("sv", "b", ""),
                    ("sv", "c", ""),
                    ("sv", "d", ""),
                    ("en", "a", "")
                ]),
                |a, b| a == b
            ),
            "first version: sv: +4 (a, b, c, …), ~0, -0; en: +1 (a), ~0, -0"
        );
    }
}
