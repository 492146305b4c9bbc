//! Errand guidance's schema and its check: bundles of steps, needs, a
//! link and tips, one file per errand per language
//! (`<lang>/<errand>.toml`).
//!
//! Bundles are validated exactly the same way whether they come with the
//! kiosk's package, from the hub, or into the hub (`entre-hub content
//! import`): the hub can never publish what a kiosk would refuse.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::toml_walk::{Section, Walker};

/// Icons the kiosk can draw on a tile (a purpose's or an errand's).
pub const ICONS: &[&str] = &[
    "calendar", "signpost", "person", "computer", "info", "document", "phone", "coffee",
];

/// The language every errand must exist in, and the fallback.
pub const REFERENCE: &str = "sv";

/// Errands in the order the kiosk offers them; others follow by id.
const ORDER: &[&str] = &[
    "financial-assistance",
    "social-insurance",
    "population-register",
    "preschool",
    "housing",
    "violence",
    "rent-arrears",
    "migration",
    "work",
    "digital-help",
    "debt-advice",
    "appeal",
    "mobility-service",
    "consumer-advice",
    "legal-advice",
];

pub const MAX_TITLE: usize = 40;
pub const MAX_SUMMARY: usize = 160;
pub const MAX_STEP: usize = 140;
pub const STEPS: std::ops::RangeInclusive<usize> = 3..=10;
pub const MAX_NEED: usize = 60;
pub const MAX_NEEDS: usize = 6;
pub const MAX_HELP: usize = 200;
pub const MAX_TIP: usize = 200;
pub const TIPS: std::ops::RangeInclusive<usize> = 1..=3;
/// How long the authority says a decision takes: one sentence.
pub const MAX_PROCESSING_TIME: usize = 140;
/// Key Swedish words with their meaning in the bundle's language.
pub const TERMS: std::ops::RangeInclusive<usize> = 3..=6;
pub const MAX_TERM: usize = 40;
pub const MAX_TERM_MEANING: usize = 80;
/// The authorities' pages that back the bundle's facts.
pub const SOURCES: std::ops::RangeInclusive<usize> = 1..=8;
pub const MAX_REVIEWED_BY: usize = 80;
/// The longest bundle file (TOML text), in bytes: several times what the
/// limits above allow, so that a bundle over it is refused before it is
/// read at all.
pub const MAX_BUNDLE_BYTES: usize = 16 * 1024;
/// Most errands in one language.
pub const MAX_ERRANDS: usize = 100;

/// The e-service: shown as a QR code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub label: String,
    pub url: String,
    /// Where the link leads, shown under the QR code: the host as the
    /// `url` crate parsed it (ASCII, an internationalised host as `xn--`).
    pub host: String,
}

/// A key Swedish word the visitor will meet on the authority's site or at
/// the desk, with what it means in the bundle's language (in the Swedish
/// bundle: a short explanation in easy Swedish).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub sv: String,
    pub meaning: String,
}

/// One errand in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    pub title: String,
    pub summary: String,
    pub icon: String,
    pub confidential: bool,
    pub steps: Vec<String>,
    pub need: Vec<String>,
    pub help: String,
    pub tips: Vec<String>,
    pub link: Option<Link>,
    /// "A decision usually takes about 4 weeks": only where the authority
    /// states one.
    pub processing_time: Option<String>,
    /// 3–6 key Swedish words, the same `sv` words in every language.
    pub terms: Vec<Term>,
    /// https addresses on the authorities' own sites backing the facts.
    pub sources: Vec<String>,
    /// When the text was last reviewed, and by which role (never a name).
    pub reviewed: Option<jiff::civil::Date>,
    pub reviewed_by: String,
    /// After this day the text must be reviewed again: `entre
    /// check-content` warns, and the hub refuses to publish it.
    pub valid_until: Option<jiff::civil::Date>,
}

/// A problem in a bundle: `FILE:LINE: what`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    pub file: String,
    pub line: usize,
    pub what: String,
}

impl std::fmt::Display for ContentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.what)
    }
}

fn text_list(
    s: &mut Section<'_, '_>,
    w: &mut Walker<'_>,
    key: &'static str,
    count: std::ops::RangeInclusive<usize>,
    max_chars: usize,
) -> Vec<String> {
    let allowed = format!(
        "{} to {} texts of at most {max_chars} characters",
        count.start(),
        count.end()
    );
    let span = s.raw(key).map(|v| v.span());
    let Some(items) = s.text_list(w, key, &allowed) else {
        return Vec::new();
    };
    if !count.contains(&items.len()) {
        let span = span.unwrap_or(s.span.clone());
        w.report(
            &span,
            &s.key(key),
            format!("has {} items ({allowed})", items.len()),
        );
    }
    for (i, (item, span)) in items.iter().enumerate() {
        let key = format!("{}[{i}]", s.key(key));
        if item.trim().is_empty() {
            w.report(span, &key, "is empty (a short sentence)");
        } else if item.chars().count() > max_chars {
            w.report(
                span,
                &key,
                format!(
                    "is {} characters long (at most {max_chars})",
                    item.chars().count()
                ),
            );
        }
    }
    items.into_iter().map(|(t, _)| t).collect()
}

fn bounded_text(
    s: &mut Section<'_, '_>,
    w: &mut Walker<'_>,
    key: &'static str,
    max_chars: usize,
) -> String {
    let Some((t, span)) = s.text_spanned(
        w,
        key,
        true,
        &format!("a text of at most {max_chars} characters"),
    ) else {
        return String::new();
    };
    if t.chars().count() > max_chars {
        w.report(
            &span,
            &s.key(key),
            format!(
                "is {} characters long (at most {max_chars})",
                t.chars().count()
            ),
        );
    }
    t
}

/// `terms = [{ sv = "ansökan", meaning = "application" }, …]` (optional
/// until the check makes it required).
fn terms(s: &mut Section<'_, '_>, w: &mut Walker<'_>) -> Vec<Term> {
    let Some(v) = s.raw("terms") else {
        return Vec::new();
    };
    let DeValue::Array(items) = v.get_ref() else {
        w.report(
            &v.span(),
            &s.key("terms"),
            "expected a list of { sv = \"…\", meaning = \"…\" }",
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let key = format!("terms[{i}]");
        let DeValue::Table(t) = item.get_ref() else {
            w.report(&item.span(), &key, "expected { sv = \"…\", meaning = \"…\" }");
            continue;
        };
        let mut ts = Section::new(t, key, item.span());
        let sv = bounded_text(&mut ts, w, "sv", MAX_TERM);
        let meaning = bounded_text(&mut ts, w, "meaning", MAX_TERM_MEANING);
        ts.finish(w);
        out.push(Term { sv, meaning });
    }
    out
}

/// A TOML local date (`reviewed = 2026-12-01`); `None` when missing.
fn date(s: &mut Section<'_, '_>, w: &mut Walker<'_>, key: &'static str) -> Option<jiff::civil::Date> {
    let v = s.raw(key)?;
    let allowed = "a date such as 2026-12-01, without quotes";
    match v.get_ref() {
        DeValue::Datetime(d) if d.time.is_none() && d.offset.is_none() => {
            let day = d.date?;
            match jiff::civil::Date::new(day.year as i16, day.month as i8, day.day as i8) {
                Ok(date) => Some(date),
                Err(_) => {
                    w.report(&v.span(), &s.key(key), format!("is not a day of the calendar ({allowed})"));
                    None
                }
            }
        }
        _ => {
            w.report(&v.span(), &s.key(key), format!("expected {allowed}"));
            None
        }
    }
}

/// The longest link, in characters.
pub const MAX_URL: usize = 200;

/// Parses and validates one bundle. `file` names it in errors; a link must
/// lead to one of `allowed.link_hosts` (see [`crate::link::check`]).
pub fn parse(file: &str, src: &str, allowed: &crate::Allowed) -> Result<Bundle, Vec<ContentError>> {
    if src.len() > MAX_BUNDLE_BYTES {
        return Err(vec![ContentError {
            file: file.to_string(),
            line: 0,
            what: format!(
                "is {} bytes long (a bundle file is at most {MAX_BUNDLE_BYTES} bytes)",
                src.len()
            ),
        }]);
    }
    let mut w = Walker::new(src);
    let to_errors = |w: Walker<'_>| {
        w.problems
            .into_iter()
            .map(|p| ContentError {
                file: file.to_string(),
                line: p.line,
                what: format!("{}: {}", p.key, p.message),
            })
            .collect::<Vec<_>>()
    };
    let (doc, errors) = DeTable::parse_recoverable(src);
    if !errors.is_empty() {
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            w.report(&span, "(syntax)", e.message().trim().replace('\n', " "));
        }
        return Err(to_errors(w));
    }
    let span = doc.span();
    let mut s = Section::new(doc.get_ref(), "", span);
    let title = bounded_text(&mut s, &mut w, "title", MAX_TITLE);
    let summary = bounded_text(&mut s, &mut w, "summary", MAX_SUMMARY);
    let icon = s
        .choice(&mut w, "icon", Some("document"), ICONS)
        .unwrap_or_default();
    let confidential = s.boolean(&mut w, "confidential", false);
    let steps = text_list(&mut s, &mut w, "steps", STEPS, MAX_STEP);
    let need = if s.raw("need").is_some() {
        text_list(&mut s, &mut w, "need", 0..=MAX_NEEDS, MAX_NEED)
    } else {
        Vec::new()
    };
    let help = bounded_text(&mut s, &mut w, "help", MAX_HELP);
    let tips = text_list(&mut s, &mut w, "tips", TIPS, MAX_TIP);
    let processing_time = if s.raw("processing_time").is_some() {
        Some(bounded_text(
            &mut s,
            &mut w,
            "processing_time",
            MAX_PROCESSING_TIME,
        ))
    } else {
        None
    };
    let terms = terms(&mut s, &mut w);
    let sources = if s.raw("sources").is_some() {
        text_list(&mut s, &mut w, "sources", SOURCES, MAX_URL)
    } else {
        Vec::new()
    };
    let reviewed = date(&mut s, &mut w, "reviewed");
    let reviewed_by = if s.raw("reviewed_by").is_some() {
        bounded_text(&mut s, &mut w, "reviewed_by", MAX_REVIEWED_BY)
    } else {
        String::new()
    };
    let valid_until = date(&mut s, &mut w, "valid_until");
    let link = match s.raw("link") {
        None => None,
        Some(v) => match v.get_ref() {
            DeValue::Table(t) => {
                let mut l = Section::new(t, "link", v.span());
                let label = bounded_text(&mut l, &mut w, "label", 50);
                let url = l.text_spanned(&mut w, "url", true, "an https:// address");
                l.finish(&mut w);
                url.and_then(|(url, span)| {
                    let checked = if url.chars().count() > MAX_URL {
                        Err(format!(
                            "is {} characters long (at most {MAX_URL})",
                            url.chars().count()
                        ))
                    } else {
                        crate::link::check(&url, &allowed.link_hosts)
                            .map_err(|p| p.to_string())
                    };
                    match checked {
                        Ok(parsed) => Some(Link {
                            label,
                            host: crate::link::shown_host(&parsed),
                            url,
                        }),
                        Err(why) => {
                            w.report(
                                &span,
                                "link.url",
                                format!(
                                    "{} {why} (an https:// address on an allowed link host: [content] allowed_link_hosts)",
                                    crate::text::quote(&url)
                                ),
                            );
                            None
                        }
                    }
                })
            }
            _ => {
                w.report(
                    &v.span(),
                    "link",
                    "expected a [link] table with label and url",
                );
                None
            }
        },
    };
    s.finish(&mut w);
    if w.problems.is_empty() {
        Ok(Bundle {
            title,
            summary,
            icon,
            confidential,
            steps,
            need,
            help,
            tips,
            link,
            processing_time,
            terms,
            sources,
            reviewed,
            reviewed_by,
            valid_until,
        })
    } else {
        Err(to_errors(w))
    }
}

/// Every bundle of a tree: language → errand → bundle.
pub type Tree = BTreeMap<String, BTreeMap<String, Bundle>>;

/// Sorts errand ids in the kiosk's order.
pub fn ordered<'a>(ids: impl IntoIterator<Item = &'a String>) -> Vec<&'a String> {
    let mut ids: Vec<&String> = ids.into_iter().collect();
    ids.sort_by_key(|id| {
        (
            ORDER.iter().position(|o| o == id).unwrap_or(usize::MAX),
            id.to_string(),
        )
    });
    ids
}

/// Validates sources (lang, errand, file name for errors, text) as one
/// tree: each bundle on its own, at most [`MAX_ERRANDS`] errands in a
/// language, and every errand of the reference language present in each
/// of `languages`.
pub fn check<'a>(
    sources: impl IntoIterator<Item = (String, String, String, &'a str)>,
    languages: &[String],
    allowed: &crate::Allowed,
) -> (Tree, Vec<ContentError>) {
    let mut tree = Tree::new();
    let mut errors = Vec::new();
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (lang, errand, file, src) in sources {
        let errands = seen.entry(lang.clone()).or_default();
        errands.insert(errand.clone());
        if errands.len() > MAX_ERRANDS {
            // Said once, when the language goes over; the rest not read.
            if errands.len() == MAX_ERRANDS + 1 {
                errors.push(ContentError {
                    file: format!("{lang}/"),
                    line: 0,
                    what: format!(
                        "more than {MAX_ERRANDS} errands (at most {MAX_ERRANDS} in a language)"
                    ),
                });
            }
            continue;
        }
        match parse(&file, src, allowed) {
            Ok(b) => {
                tree.entry(lang).or_default().insert(errand, b);
            }
            Err(e) => errors.extend(e),
        }
    }
    let empty = BTreeSet::new();
    let reference = seen.get(REFERENCE).unwrap_or(&empty);
    if reference.is_empty() {
        errors.push(ContentError {
            file: format!("{REFERENCE}/"),
            line: 0,
            what: "no errands in the reference language (Swedish)".into(),
        });
    }
    for lang in languages {
        let have = seen.get(lang).unwrap_or(&empty);
        for errand in reference.difference(have) {
            errors.push(ContentError {
                file: format!("{lang}/{errand}.toml"),
                line: 0,
                what: format!("missing: errand {} has no {lang} text (every errand in every configured language)", crate::text::quote(errand)),
            });
        }
    }
    (tree, errors)
}

/// Reads a bundle tree from `dir/<lang>/<errand>.toml` and checks it.
pub fn check_dir(
    dir: &Path,
    languages: &[String],
    allowed: &crate::Allowed,
) -> Result<(Tree, Vec<ContentError>), std::io::Error> {
    let mut files = Vec::new();
    for lang in std::fs::read_dir(dir)? {
        let lang = lang?;
        if !lang.path().is_dir() {
            continue;
        }
        for file in std::fs::read_dir(lang.path())? {
            let path = file?.path();
            if path.extension().is_some_and(|x| x == "toml") {
                let src = std::fs::read_to_string(&path)?;
                files.push((
                    lang.file_name().to_string_lossy().into_owned(),
                    path.file_stem()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned(),
                    path.display().to_string(),
                    src,
                ));
            }
        }
    }
    files.sort();
    Ok(check(
        files
            .iter()
            .map(|(l, e, f, s)| (l.clone(), e.clone(), f.clone(), s.as_str())),
        languages,
        allowed,
    ))
}

/// What the visitor reads for `errand`: their language's bundle, else the
/// Swedish one with `fallback = true`.
pub fn pick<'a>(tree: &'a Tree, lang: &str, errand: &str) -> Option<(&'a Bundle, bool)> {
    if let Some(b) = tree.get(lang).and_then(|m| m.get(errand)) {
        return Some((b, false));
    }
    tree.get(REFERENCE)
        .and_then(|m| m.get(errand))
        .map(|b| (b, lang != REFERENCE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_over_the_errand_cap_is_one_problem_and_the_rest_not_read() {
        let sources: Vec<(String, String, String, &str)> = (0..150)
            .map(|i| {
                let id = format!("e{i:03}");
                (
                    "sv".to_string(),
                    id.clone(),
                    format!("sv/{id}.toml"),
                    "not = toml = at all",
                )
            })
            .collect();
        let (_, errors) = check(
            sources,
            &["sv".to_string()],
            &crate::Allowed::new(&["example.org"], crate::link::DEFAULT_HOSTS),
        );
        let over: Vec<&ContentError> = errors
            .iter()
            .filter(|e| e.what.contains("more than"))
            .collect();
        assert_eq!(over.len(), 1);
        assert_eq!(
            over[0].what,
            "more than 100 errands (at most 100 in a language)"
        );
        // The first 100 were read (each a syntax error), the other 50 not.
        let read: BTreeSet<&str> = errors
            .iter()
            .filter(|e| e.what.contains("(syntax)"))
            .map(|e| e.file.as_str())
            .collect();
        assert_eq!(read.len(), 100);
        assert!(read.contains("sv/e099.toml") && !read.contains("sv/e100.toml"));
    }

    #[test]
    fn a_bundle_file_over_its_cap_is_refused_unread() {
        let src = format!("title = \"x\"\n#{}\n", "x".repeat(MAX_BUNDLE_BYTES));
        let errors = parse(
            "sv/big.toml",
            &src,
            &crate::Allowed::new(&["example.org"], crate::link::DEFAULT_HOSTS),
        )
        .unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].what,
            format!(
                "is {} bytes long (a bundle file is at most {MAX_BUNDLE_BYTES} bytes)",
                src.len()
            )
        );
    }
}
