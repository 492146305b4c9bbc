//! The staff directory's schema and its check: `[[unit]]` and `[[officer]]`
//! tables, in kiosk.toml or in a directory file of their own (the hub's
//! `entre-hub directory import`), read and refused by the same rules.

use std::collections::HashSet;

use crate::toml_walk::{
    DeValue, Problem, Section, Walker, array_of_tables, quoted, read_id, sorted,
};

/// Most units a directory may have (kiosk.toml's or the hub's).
pub const MAX_UNITS: usize = 500;
/// Most officers a directory may have (kiosk.toml's or the hub's).
pub const MAX_OFFICERS: usize = 5_000;
/// The longest unit or officer name, in characters.
pub const MAX_NAME: usize = 100;
/// At most this many unit ids are listed when an officer names another.
const UNITS_LISTED: usize = 10;

/// A unit (enhet) visitors pick their officer in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: String,
    pub name: String,
}

/// A case officer (handläggare).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Officer {
    pub name: String,
    /// The id of the officer's [`Unit`].
    pub unit: String,
    pub email: String,
    pub available: bool,
}

/// Checks a whole TOML text holding `[[unit]]` and `[[officer]]` tables
/// and nothing else (a directory file, or the directory a hub sends):
/// officer addresses must be in `allowed.mail_domains`. Every problem is
/// returned, sorted by line.
pub fn check_toml(
    src: &str,
    allowed: &crate::Allowed,
) -> Result<(Vec<Unit>, Vec<Officer>), Vec<Problem>> {
    let mut w = Walker::new(src);
    let Some(doc) = crate::toml_walk::parse(&mut w, src, "") else {
        return Err(w.problems);
    };
    let doc_span = doc.span();
    let mut root = Section::new(doc.get_ref(), "", doc_span);
    let directory = read(&mut root, &mut w, Some(&allowed.mail_domains));
    root.finish(&mut w);
    if w.problems.is_empty() {
        Ok(directory)
    } else {
        Err(sorted(w.problems))
    }
}

/// Reads the `[[unit]]` and `[[officer]]` tables of `root` (kiosk.toml's
/// top level, or a directory file's), reporting to `w`. `mail_domains`:
/// the allowed mail domains, `None` when they are themselves wrong (then
/// addresses are checked for their form only).
///
/// Over a cap ([`MAX_UNITS`], [`MAX_OFFICERS`]), the entries are not read
/// at all: one problem, naming the cap.
pub fn read(
    root: &mut Section<'_, '_>,
    w: &mut Walker<'_>,
    mail_domains: Option<&[String]>,
) -> (Vec<Unit>, Vec<Officer>) {
    let units_over = too_many(root, w, "unit", MAX_UNITS);
    let officers_over = too_many(root, w, "officer", MAX_OFFICERS);
    if units_over || officers_over {
        return (Vec::new(), Vec::new());
    }
    let mut units: Vec<Unit> = Vec::new();
    let mut unit_ids: HashSet<String> = HashSet::new();
    for mut s in array_of_tables(root, w, "unit", false) {
        if let Some(u) = read_unit(&mut s, w) {
            if !unit_ids.insert(u.id.clone()) {
                let span = s.span.clone();
                w.report(
                    &span,
                    &s.key("id"),
                    format!(
                        "{} is used twice (ids must be unique)",
                        crate::text::quote(&u.id)
                    ),
                );
            }
            units.push(u);
        }
        s.finish(w);
    }
    // The ids an unknown unit could have been, listed once for all officers.
    let mut known_units = None;
    let officers: Vec<Officer> = array_of_tables(root, w, "officer", false)
        .into_iter()
        .filter_map(|mut s| {
            let o = read_officer(&mut s, w, &unit_ids, &mut known_units, mail_domains);
            s.finish(w);
            o
        })
        .collect();
    (units, officers)
}

/// Whether `[[name]]` has more than `max` entries (reported, naming the cap).
fn too_many(
    root: &mut Section<'_, '_>,
    w: &mut Walker<'_>,
    name: &'static str,
    max: usize,
) -> bool {
    let Some(v) = root.raw(name) else {
        return false;
    };
    match v.get_ref() {
        DeValue::Array(items) if items.len() > max => {
            w.report(
                &v.span(),
                name,
                format!(
                    "has {} [[{name}]] entries (at most {max} in a directory)",
                    items.len()
                ),
            );
            true
        }
        _ => false,
    }
}

/// A required name of at most [`MAX_NAME`] characters.
fn name(
    s: &mut Section<'_, '_>,
    w: &mut Walker<'_>,
    key: &'static str,
    allowed: &str,
) -> Option<String> {
    let (name, span) = s.text_spanned(w, key, true, allowed)?;
    let chars = name.chars().count();
    if chars > MAX_NAME {
        w.report(
            &span,
            &s.key(key),
            format!("is {chars} characters long (at most {MAX_NAME})"),
        );
        return None;
    }
    Some(name)
}

fn read_unit(s: &mut Section<'_, '_>, w: &mut Walker<'_>) -> Option<Unit> {
    let id = read_id(s, w, "id");
    let name = name(s, w, "name", "the unit's name as visitors know it");
    Some(Unit {
        id: id?,
        name: name?,
    })
}

fn read_officer(
    s: &mut Section<'_, '_>,
    w: &mut Walker<'_>,
    units: &HashSet<String>,
    known_units: &mut Option<String>,
    mail_domains: Option<&[String]>,
) -> Option<Officer> {
    let name = name(s, w, "name", "first and last name");
    let unit = s.text_spanned(w, "unit", true, "the id of a [[unit]]");
    let unit = match unit {
        Some((u, span)) if !units.contains(&u) => {
            let known = known_units.get_or_insert_with(|| {
                let mut ids: Vec<&str> = units.iter().map(String::as_str).collect();
                ids.sort_unstable();
                let mut listed = quoted(&ids[..ids.len().min(UNITS_LISTED)]);
                if ids.len() > UNITS_LISTED {
                    listed.push_str(&format!(", … {} in all", ids.len()));
                }
                listed
            });
            w.report(
                &span,
                &s.key("unit"),
                format!(
                    "no [[unit]] has id {} (one of: {known})",
                    crate::text::quote(&u)
                ),
            );
            None
        }
        other => other.map(|(u, _)| u),
    };
    let email = email(s, w, "email").and_then(|addr| {
        let Some(domains) = mail_domains else {
            return Some(addr);
        };
        match crate::address::check(&addr, domains) {
            Ok(()) => Some(addr),
            Err(problem) => {
                let span = s.raw("email").map_or(s.span.clone(), |v| v.span());
                w.report(
                    &span,
                    &s.key("email"),
                    format!(
                        "{} {problem} (an address in {}: [mail] allowed_domains)",
                        crate::text::quote(&addr),
                        quoted(&domains.iter().map(String::as_str).collect::<Vec<_>>())
                    ),
                );
                None
            }
        }
    });
    let available = s.boolean(w, "available", true);
    Some(Officer {
        name: name?,
        unit: unit?,
        email: email?,
        available,
    })
}

/// Whether `s` looks like a mail address (`local@domain.tld`, no spaces,
/// control characters or `<>,;"`); [`crate::address::check`] says whether
/// it is one an officer may have.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>,;\"".contains(c))
}

/// A required mail address ([`is_email`]) at `key`.
pub fn email(s: &mut Section<'_, '_>, w: &mut Walker<'_>, key: &'static str) -> Option<String> {
    let (addr, span) = s.text_spanned(w, key, true, "an email address like name@example.org")?;
    if is_email(&addr) {
        Some(addr)
    } else {
        w.report(
            &span,
            &s.key(key),
            format!(
                "{} is not an email address (an address like name@example.org)",
                crate::text::quote(&addr)
            ),
        );
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(n: usize) -> String {
        (0..n)
            .map(|i| format!("[[unit]]\nid = \"u{i}\"\nname = \"Unit {i}\"\n"))
            .collect()
    }

    fn officers(n: usize, unit: impl Fn(usize) -> String) -> String {
        (0..n)
            .map(|i| {
                format!(
                    "[[officer]]\nname = \"Name {i}\"\nunit = \"{}\"\nemail = \"n{i}@example.org\"\n",
                    unit(i)
                )
            })
            .collect()
    }

    fn allowed() -> crate::Allowed {
        crate::Allowed::new(&["example.org"], crate::link::DEFAULT_HOSTS)
    }

    #[test]
    fn a_directory_over_a_cap_is_one_problem_naming_the_cap() {
        let src = units(501) + &officers(600, |i| format!("nowhere-{i}"));
        let problems = check_toml(&src, &allowed()).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(problems[0].key, "unit");
        assert_eq!(
            problems[0].message,
            "has 501 [[unit]] entries (at most 500 in a directory)"
        );
        assert_eq!((problems[0].line, problems[0].col), (1, 1));
        let src = units(1) + &officers(5_001, |_| "u0".into());
        let problems = check_toml(&src, &allowed()).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(
            problems[0].message,
            "has 5001 [[officer]] entries (at most 5000 in a directory)"
        );
        let (u, o) = check_toml(
            &(units(500) + &officers(5_000, |i| format!("u{}", i % 500))),
            &allowed(),
        )
        .unwrap();
        assert_eq!((u.len(), o.len()), (500, 5_000));
    }

    #[test]
    fn an_unknown_unit_names_a_few_units_and_the_value_cut() {
        // (A raw ESC in it is refused before, by the text check.)
        let long = format!("\\\"{}", "x".repeat(1_000));
        let src = units(30) + &officers(2, |_| long.clone());
        let problems = check_toml(&src, &allowed()).unwrap_err();
        assert_eq!(problems.len(), 2);
        let m = &problems[1].message;
        assert!(m.starts_with("no [[unit]] has id \"\\\"xxx"), "{m}");
        assert!(m.contains("x…\" (one of: \"u0\", \"u1\", \"u10\","), "{m}");
        assert!(m.ends_with(", … 30 in all)"), "{m}");
        assert!(m.len() < 300, "{m}");
        assert_eq!(problems[1].line, 30 * 3 + 4 + 3);
    }

    #[test]
    fn every_rule_is_one_problem_where_it_is() {
        let src = "\
[[unit]]
id = \"u2\"
name = \"Unit 2\"
[[unit]]
id = \"Bad Id\"
name = \"Unit\"

[[unit]]
id = \"u1\"
name = \"This name is far too long for a tile on the screen, a hundred characters and more, much more than that\"

[[officer]]
name = \"Åsa Öst\"
unit = \"u2\"
email = \"asa@elsewhere.org\"
nickname = \"x\"

[[officer]]
name = \"Bo\"
unit = \"u2\"
email = \"not an address\"

[office]
name = \"x\"
";
        let problems = check_toml(src, &allowed()).unwrap_err();
        let said: Vec<String> = problems
            .iter()
            .map(|p| p.display_with("dir.toml").to_string())
            .collect();
        assert_eq!(said.len(), 6, "{said:#?}");
        assert!(said[0].starts_with("dir.toml:5:6: unit[1].id: \"Bad Id\" is not a valid id"));
        assert_eq!(
            said[1],
            "dir.toml:10:8: unit[2].name: is 102 characters long (at most 100)"
        );
        assert!(
            said[2].starts_with("dir.toml:15:9: officer[0].email: \"asa@elsewhere.org\" "),
            "{}",
            said[2]
        );
        assert!(said[2].ends_with("(an address in \"example.org\": [mail] allowed_domains)"));
        assert!(said[3].starts_with("dir.toml:16:1: officer[0].nickname: unknown key"));
        assert!(said[4].starts_with("dir.toml:21:9: officer[1].email: \"not an address\" is not"));
        assert!(
            said[5].starts_with("dir.toml:23:2: office: unknown key"),
            "{}",
            said[5]
        );
    }

    #[test]
    fn a_syntax_error_is_located() {
        let problems = check_toml("[[unit]]\nid = \n", &allowed()).unwrap_err();
        assert_eq!(problems[0].key, "(syntax)");
        assert_eq!(problems[0].line, 2);
    }
}
