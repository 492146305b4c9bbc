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

/// `terms = [{ sv = "ansökan", meaning = "application" }, …]`: 3–6.
fn terms(s: &mut Section<'_, '_>, w: &mut Walker<'_>) -> Vec<Term> {
    let allowed = format!(
        "{} to {} key Swedish words as {{ sv = \"…\", meaning = \"…\" }}",
        TERMS.start(),
        TERMS.end()
    );
    let Some(v) = s.raw("terms") else {
        w.report(&s.span, &s.key("terms"), format!("missing ({allowed})"));
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
            w.report(
                &item.span(),
                &key,
                "expected { sv = \"…\", meaning = \"…\" }",
            );
            continue;
        };
        let mut ts = Section::new(t, key, item.span());
        let sv = bounded_text(&mut ts, w, "sv", MAX_TERM);
        let meaning = bounded_text(&mut ts, w, "meaning", MAX_TERM_MEANING);
        ts.finish(w);
        out.push(Term { sv, meaning });
    }
    if !TERMS.contains(&out.len()) {
        w.report(
            &v.span(),
            &s.key("terms"),
            format!("has {} items ({allowed})", out.len()),
        );
    }
    out
}

/// `sources = ["https://…", …]`: 1–8 distinct https addresses (any host;
/// see [`crate::link::check_source`]), each at most [`MAX_URL`].
fn sources(s: &mut Section<'_, '_>, w: &mut Walker<'_>) -> Vec<String> {
    let allowed = format!(
        "{} to {} https addresses of the authorities' pages that back the facts",
        SOURCES.start(),
        SOURCES.end()
    );
    let span = s.raw("sources").map(|v| v.span());
    let Some(items) = s.text_list(w, "sources", &allowed) else {
        return Vec::new();
    };
    if !SOURCES.contains(&items.len()) {
        let span = span.unwrap_or(s.span.clone());
        w.report(
            &span,
            &s.key("sources"),
            format!("has {} items ({allowed})", items.len()),
        );
    }
    let mut seen = BTreeSet::new();
    for (i, (url, span)) in items.iter().enumerate() {
        let key = format!("{}[{i}]", s.key("sources"));
        let checked = if url.chars().count() > MAX_URL {
            Err(format!(
                "is {} characters long (at most {MAX_URL})",
                url.chars().count()
            ))
        } else {
            crate::link::check_source(url).map_err(|p| p.to_string())
        };
        match checked {
            Ok(parsed) => {
                if !seen.insert(parsed.to_string()) {
                    w.report(
                        span,
                        &key,
                        format!("{} is listed twice", crate::text::quote(url)),
                    );
                }
            }
            Err(why) => w.report(
                span,
                &key,
                format!(
                    "{} {why} (an https:// address, no user name, password or port)",
                    crate::text::quote(url)
                ),
            ),
        }
    }
    items.into_iter().map(|(t, _)| t).collect()
}

/// Why `reviewed_by` is not a role: it holds an e-mail address or a
/// phone number (a person's contact, hence a person). A role names a
/// function ("Redaktör för vägledningen, medborgarkontoren"), never a
/// person; names themselves cannot be told from roles by a program, so
/// that part is the editor's.
pub fn not_a_role(text: &str) -> Option<&'static str> {
    if text.contains(['@', '\u{FF20}']) {
        return Some("holds an e-mail address");
    }
    if text.chars().filter(|c| c.is_numeric()).count() >= 6 {
        return Some("holds a phone number (6 or more digits)");
    }
    None
}

/// A required TOML local date (`reviewed = 2026-12-01`) with its span;
/// `None` when missing or wrong (reported).
fn date(
    s: &mut Section<'_, '_>,
    w: &mut Walker<'_>,
    key: &'static str,
) -> Option<(jiff::civil::Date, std::ops::Range<usize>)> {
    let allowed = "a date such as 2026-12-01, without quotes";
    let Some(v) = s.raw(key) else {
        w.report(&s.span, &s.key(key), format!("missing ({allowed})"));
        return None;
    };
    match v.get_ref() {
        DeValue::Datetime(d) if d.time.is_none() && d.offset.is_none() => {
            let day = d.date?;
            match jiff::civil::Date::new(day.year as i16, day.month as i8, day.day as i8) {
                Ok(date) => Some((date, v.span())),
                Err(_) => {
                    w.report(
                        &v.span(),
                        &s.key(key),
                        format!("is not a day of the calendar ({allowed})"),
                    );
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
    let sources = sources(&mut s, &mut w);
    let reviewed = date(&mut s, &mut w, "reviewed").map(|(d, _)| d);
    let reviewed_by = match s.text_spanned(
        &mut w,
        "reviewed_by",
        true,
        &format!("a role, never a person's name; at most {MAX_REVIEWED_BY} characters"),
    ) {
        None => String::new(),
        Some((t, span)) => {
            if t.chars().count() > MAX_REVIEWED_BY {
                w.report(
                    &span,
                    "reviewed_by",
                    format!(
                        "is {} characters long (at most {MAX_REVIEWED_BY})",
                        t.chars().count()
                    ),
                );
            } else if let Some(why) = not_a_role(&t) {
                w.report(
                    &span,
                    "reviewed_by",
                    format!(
                        "{why} (a role, such as \"Redaktör för vägledningen\", never a person)"
                    ),
                );
            }
            t
        }
    };
    let valid_until = match date(&mut s, &mut w, "valid_until") {
        Some((until, span)) => {
            if let Some(from) = reviewed
                && until <= from
            {
                w.report(
                    &span,
                    "valid_until",
                    format!("{until} is not after reviewed {from}"),
                );
            }
            Some(until)
        }
        None => None,
    };
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

/// The highest LIX a Swedish bundle may have.
pub const MAX_LIX: f64 = 30.0;
/// The most words in a Swedish summary (under 15).
pub const MAX_SUMMARY_WORDS: usize = 14;

/// LIX (läsbarhetsindex) of a bundle's text: words per sentence plus the
/// percentage of long words.
#[derive(Debug, Clone, PartialEq)]
pub struct Lix {
    pub value: f64,
    pub words: usize,
    /// Words of more than 6 letters.
    pub long_words: usize,
    pub sentences: usize,
    /// The sentence with the most words (the first of them), trimmed.
    pub longest_sentence: String,
}

/// The words of `text`: runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// LIX over the summary, the steps, help and the tips, as
/// /work/wt/lix.py and docs/content.md count it: the summary, help and
/// each tip are split into sentences at `.`, `!` and `?` (a text that ends
/// without one still ends a sentence); each step is one sentence whether
/// or not it ends with a full stop; a piece without a word is no
/// sentence; words are runs of letters and digits; a long word has more
/// than 6 letters. LIX = words / sentences + 100 × long words / words.
pub fn lix(b: &Bundle) -> Lix {
    let has_word = |s: &&str| words(s).next().is_some();
    let mut sentences: Vec<&str> = Vec::new();
    for text in [b.summary.as_str(), b.help.as_str()]
        .into_iter()
        .chain(b.tips.iter().map(String::as_str))
    {
        sentences.extend(text.split(['.', '!', '?']).filter(has_word));
    }
    sentences.extend(b.steps.iter().map(String::as_str).filter(has_word));
    let mut total = 0;
    let mut long = 0;
    let mut longest = ("", 0);
    for s in &sentences {
        let n = words(s).count();
        total += n;
        long += words(s).filter(|w| w.chars().count() > 6).count();
        if n > longest.1 {
            longest = (s, n);
        }
    }
    let value = if total == 0 {
        0.0
    } else {
        total as f64 / sentences.len() as f64 + 100.0 * long as f64 / total as f64
    };
    Lix {
        value,
        words: total,
        long_words: long,
        sentences: sentences.len(),
        longest_sentence: longest.0.trim().to_string(),
    }
}

/// The 1-based line where `key = …` is first set in `src`, else 1.
pub fn line_of_key(src: &str, key: &str) -> usize {
    src.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

/// The 1-based line where `text` first occurs in `src`, else 1.
fn line_of_text(src: &str, text: &str) -> usize {
    if text.is_empty() {
        return 1;
    }
    src.find(text)
        .map_or(1, |at| src[..at].matches('\n').count() + 1)
}

/// What the Swedish bundle `b` (text `src`) breaks of easy Swedish: the
/// summary's word count and LIX, as (line, what).
fn easy_swedish(b: &Bundle, src: &str) -> Vec<(usize, String)> {
    let mut problems = Vec::new();
    let n = words(&b.summary).count();
    if n > MAX_SUMMARY_WORDS {
        problems.push((
            line_of_key(src, "summary"),
            format!(
                "summary: has {n} words (a Swedish summary has under 15, at most {MAX_SUMMARY_WORDS})"
            ),
        ));
    }
    let lix = lix(b);
    if lix.value > MAX_LIX {
        problems.push((
            line_of_text(src, &lix.longest_sentence),
            format!(
                "LIX: {:.1} is above {MAX_LIX} (summary, steps, help and tips: shorter sentences, fewer words of more than 6 letters); longest sentence ({} words): {}",
                lix.value,
                words(&lix.longest_sentence).count(),
                crate::text::quote(&lix.longest_sentence)
            ),
        ));
    }
    problems
}

/// How the translation `b` differs from the Swedish bundle `sv` (in file
/// `sv_file`) where every language must agree: the terms' Swedish words
/// (same order), `confidential`, and the number of steps.
fn differs_from_swedish(b: &Bundle, sv: &Bundle, sv_file: &str) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    let words_of = |b: &Bundle| b.terms.iter().map(|t| t.sv.clone()).collect::<Vec<_>>();
    if words_of(b) != words_of(sv) {
        let list = |b: &Bundle| {
            b.terms
                .iter()
                .map(|t| crate::text::quote(&t.sv))
                .collect::<Vec<_>>()
                .join(", ")
        };
        problems.push((
            "terms",
            format!(
                "terms: the Swedish words are {}, but {} in {sv_file} (the same sv words, in the same order, in every language)",
                list(b),
                list(sv)
            ),
        ));
    }
    if b.confidential != sv.confidential {
        problems.push((
            "confidential",
            format!(
                "confidential: {}, but {} in {sv_file} (an errand is confidential in every language or in none)",
                b.confidential, sv.confidential
            ),
        ));
    }
    if b.steps.len() != sv.steps.len() {
        problems.push((
            "steps",
            format!(
                "steps: {} steps, but {} in {sv_file} (a translation follows the Swedish step by step)",
                b.steps.len(),
                sv.steps.len()
            ),
        ));
    }
    problems
}

/// Every bundle of a tree: language → errand → bundle.
pub type Tree = BTreeMap<String, BTreeMap<String, Bundle>>;

/// The bundles of `tree` whose `valid_until` is before `today`: (lang,
/// errand, valid_until). `entre check-content` warns of them, and the
/// kiosk still shows them (content is never lost for being old) and logs
/// each once.
pub fn expired(tree: &Tree, today: jiff::civil::Date) -> Vec<(String, String, jiff::civil::Date)> {
    tree.iter()
        .flat_map(|(lang, errands)| {
            errands.iter().filter_map(move |(errand, b)| {
                b.valid_until
                    .filter(|d| *d < today)
                    .map(|d| (lang.clone(), errand.clone(), d))
            })
        })
        .collect()
}

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
/// language, every errand of the reference language present in each of
/// `languages`; each Swedish bundle in easy Swedish (a summary of at most
/// [`MAX_SUMMARY_WORDS`] words, [`lix`] at most [`MAX_LIX`]); and each
/// translation agreeing with its Swedish bundle ([`Term::sv`] words,
/// `confidential`, the number of steps). A bundle with a problem is left
/// out of the tree.
pub fn check<'a>(
    sources: impl IntoIterator<Item = (String, String, String, &'a str)>,
    languages: &[String],
    allowed: &crate::Allowed,
) -> (Tree, Vec<ContentError>) {
    let mut tree = Tree::new();
    let mut errors = Vec::new();
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut texts: BTreeMap<(String, String), (String, &str)> = BTreeMap::new();
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
                texts.insert((lang.clone(), errand.clone()), (file, src));
                tree.entry(lang).or_default().insert(errand, b);
            }
            Err(e) => errors.extend(e),
        }
    }
    let mut refused: Vec<(String, String)> = Vec::new();
    if let Some(sv) = tree.get(REFERENCE) {
        for (errand, b) in sv {
            let (file, src) = &texts[&(REFERENCE.to_string(), errand.clone())];
            let problems = easy_swedish(b, src);
            if !problems.is_empty() {
                refused.push((REFERENCE.to_string(), errand.clone()));
            }
            errors.extend(problems.into_iter().map(|(line, what)| ContentError {
                file: file.clone(),
                line,
                what,
            }));
        }
        for (lang, errands) in tree.iter().filter(|(l, _)| *l != REFERENCE) {
            for (errand, b) in errands {
                let Some(swedish) = sv.get(errand) else {
                    continue;
                };
                let (sv_file, _) = &texts[&(REFERENCE.to_string(), errand.clone())];
                let (file, src) = &texts[&(lang.clone(), errand.clone())];
                let problems = differs_from_swedish(b, swedish, sv_file);
                if !problems.is_empty() {
                    refused.push((lang.clone(), errand.clone()));
                }
                errors.extend(problems.into_iter().map(|(key, what)| ContentError {
                    file: file.clone(),
                    line: line_of_key(src, key),
                    what,
                }));
            }
        }
    }
    for (lang, errand) in refused {
        if let Some(m) = tree.get_mut(&lang) {
            m.remove(&errand);
            if m.is_empty() {
                tree.remove(&lang);
            }
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

    fn allowed() -> crate::Allowed {
        crate::Allowed::new(&["example.org"], crate::link::DEFAULT_HOSTS)
    }

    /// A valid Swedish bundle whose LIX is worked out by hand below.
    const SV: &str = r#"title = "Förskola"
summary = "Så söker du plats."
icon = "calendar"
steps = ["Logga in med BankID", "Välj förskola.", "Skicka ansökan"]
help = "Fråga i receptionen. Vi hjälper dig!"
tips = ["Ta med legitimation"]
terms = [
  { sv = "ansökan", meaning = "Det du skickar in." },
  { sv = "plats", meaning = "Ditt barn får gå där." },
  { sv = "avgift", meaning = "Det du betalar." },
]
sources = ["https://forskola.stockholm/sok-plats-pa-forskolan/"]
reviewed = 2026-12-02
reviewed_by = "Redaktör för vägledningen, medborgarkontoren"
valid_until = 2027-12-02
"#;

    fn problems(src: &str) -> Vec<String> {
        parse("sv/x.toml", src, &allowed())
            .unwrap_err()
            .into_iter()
            .map(|e| e.to_string())
            .collect()
    }

    fn checked(files: &[(&str, &str)]) -> (Tree, Vec<String>) {
        let (tree, errors) = check(
            files.iter().map(|(path, src)| {
                let (lang, errand) = path.trim_end_matches(".toml").split_once('/').unwrap();
                (lang.to_string(), errand.to_string(), path.to_string(), *src)
            }),
            &[],
            &allowed(),
        );
        (tree, errors.iter().map(|e| e.to_string()).collect())
    }

    #[test]
    fn lix_counts_as_hand_worked() {
        let b = parse("sv/x.toml", SV, &allowed()).unwrap();
        // Sentences: "Så söker du plats" (4 words, none long); "Fråga i
        // receptionen" (3, 1 long), "Vi hjälper dig" (3, 1); "Ta med
        // legitimation" (3, 1); the steps, one sentence each with or
        // without a full stop: 4 words (BankID has 6 letters: not long),
        // 2 (förskola), 2 (ansökan). 7 sentences, 21 words, 5 long:
        // 21/7 + 100·5/21 = 3 + 23.81 = 26.81.
        let l = lix(&b);
        assert_eq!((l.sentences, l.words, l.long_words), (7, 21, 5));
        assert!((l.value - (3.0 + 500.0 / 21.0)).abs() < 1e-9, "{}", l.value);
        // The first of the longest (4 words): the summary, before step 1.
        assert_eq!(l.longest_sentence, "Så söker du plats");
    }

    #[test]
    fn lix_splits_at_every_end_mark_and_skips_pieces_without_words() {
        let mut b = parse("sv/x.toml", SV, &allowed()).unwrap();
        b.summary = "Kom hit!! Nu? ...".into();
        b.help = "Ring oss".into();
        b.tips = vec!["Öppet 9.30".into()];
        b.steps = vec!["Ett.".into(), "Två tre".into(), " - ".into()];
        // "Kom hit" 2, "Nu" 1, "Ring oss" 2, "Öppet 9" 2, "30" 1, "Ett" 1,
        // "Två tre" 2 (" - " has no word): 7 sentences, 11 words, none long.
        let l = lix(&b);
        assert_eq!((l.sentences, l.words, l.long_words), (7, 11, 0));
        assert!((l.value - 11.0 / 7.0).abs() < 1e-9);
        assert_eq!(l.longest_sentence, "Kom hit");
    }

    #[test]
    fn a_swedish_bundle_above_lix_30_is_refused_naming_its_longest_sentence() {
        // Steps of 10 words, 4 of them long: with the rest (4 + 6 + 3
        // words, 3 long) 43 words in 7 sentences, 15 long:
        // 43/7 + 100·15/43 = 6.1 + 34.9 = 41.0.
        let step = "Du skickar ansökan till kommunen och väntar sedan på beslutet";
        let src = SV.replace(
            r#"steps = ["Logga in med BankID", "Välj förskola.", "Skicka ansökan"]"#,
            &format!(r#"steps = ["{step}", "{step}", "{step}"]"#),
        );
        let (tree, errors) = checked(&[("sv/x.toml", &src)]);
        assert!(tree.get("sv").is_none_or(|m| m.is_empty()), "refused");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("sv/x.toml:4: LIX: ")
                && errors[0].contains(&format!("longest sentence (10 words): \"{step}\"")),
            "{errors:?}"
        );
        // The same text in English is not counted.
        let (tree, errors) = checked(&[("sv/x.toml", SV), ("en/x.toml", &src)]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(tree["en"].len(), 1);
    }

    #[test]
    fn a_swedish_summary_has_at_most_14_words() {
        let fourteen = "Ett två tre fyra fem sex sju åtta nio tio elva tolv tretton fjorton.";
        let ok = SV.replace("Så söker du plats.", fourteen);
        assert!(checked(&[("sv/x.toml", &ok)]).1.is_empty());
        let long = SV.replace("Så söker du plats.", &format!("{fourteen} Femton"));
        assert_eq!(
            checked(&[("sv/x.toml", &long)]).1,
            ["sv/x.toml:2: summary: has 15 words (a Swedish summary has under 15, at most 14)"]
        );
    }

    #[test]
    fn every_language_has_the_swedish_terms_confidentiality_and_step_count() {
        let en = SV
            .replace("Det du skickar in.", "What you send in.")
            .replace("Förskola", "Preschool");
        let (tree, errors) = checked(&[("sv/x.toml", SV), ("en/x.toml", &en)]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(tree["en"]["x"].terms[0].meaning, "What you send in.");

        let swapped = en.replace(r#"sv = "plats""#, r#"sv = "platsen""#);
        let secret = en.replace(
            "icon = \"calendar\"",
            "icon = \"calendar\"\nconfidential = true",
        );
        let fewer = en.replace(r#", "Skicka ansökan"]"#, r#", "Skicka", "Vänta"]"#);
        let (tree, errors) = checked(&[
            ("sv/x.toml", SV),
            ("en/x.toml", &swapped),
            ("fi/x.toml", &secret),
            ("pl/x.toml", &fewer),
        ]);
        assert_eq!(
            errors,
            [
                "en/x.toml:7: terms: the Swedish words are \"ansökan\", \"platsen\", \"avgift\", but \"ansökan\", \"plats\", \"avgift\" in sv/x.toml (the same sv words, in the same order, in every language)",
                "fi/x.toml:4: confidential: true, but false in sv/x.toml (an errand is confidential in every language or in none)",
                "pl/x.toml:4: steps: 4 steps, but 3 in sv/x.toml (a translation follows the Swedish step by step)",
            ]
        );
        assert_eq!(tree.keys().collect::<Vec<_>>(), ["sv"], "the three refused");
    }

    #[test]
    fn sources_reviewed_reviewed_by_valid_until_and_terms_are_required() {
        for (key, line) in [
            ("terms", "terms: missing (3 to 6 key Swedish words"),
            ("sources", "sources: missing (1 to 8 https addresses"),
            ("reviewed", "reviewed: missing (a date such as 2026-12-01"),
            (
                "reviewed_by",
                "reviewed_by: missing (a role, never a person's name",
            ),
            (
                "valid_until",
                "valid_until: missing (a date such as 2026-12-01",
            ),
        ] {
            let src: String = SV
                .split_inclusive('\n')
                .scan(false, |inside, l| {
                    // Drop the key's line (and a list's following lines).
                    let starts = l.starts_with(&format!("{key} ="));
                    let drop = starts || *inside;
                    *inside = (starts || *inside)
                        && !l.starts_with(']')
                        && l.trim_end().ends_with(['[', ',']);
                    Some(if drop { "" } else { l })
                })
                .collect();
            let p = problems(&src);
            assert_eq!(p.len(), 1, "{key}: {p:?}");
            assert!(p[0].starts_with(&format!("sv/x.toml:1: {line}")), "{p:?}");
        }
    }

    #[test]
    fn terms_and_sources_are_counted_and_sources_checked() {
        let two = SV.replace(
            "  { sv = \"avgift\", meaning = \"Det du betalar.\" },\n",
            "",
        );
        assert_eq!(
            problems(&two),
            [
                "sv/x.toml:7: terms: has 2 items (3 to 6 key Swedish words as { sv = \"…\", meaning = \"…\" })"
            ]
        );
        let src = "sources = [\"https://forskola.stockholm/sok-plats-pa-forskolan/\"]";
        for (sources, what) in [
            ("sources = []", "sources: has 0 items (1 to 8"),
            (
                "sources = [\"http://riksdagen.se/\"]",
                "sources[0]: \"http://riksdagen.se/\" uses \"http:\" (https only)",
            ),
            (
                "sources = [\"https://a:b@riksdagen.se/\"]",
                "sources[0]: \"https://a:b@riksdagen.se/\" has a user name or password",
            ),
            (
                "sources = [\"https://riksdagen.se:444/\"]",
                "sources[0]: \"https://riksdagen.se:444/\" names port 444",
            ),
            (
                "sources = [\"https://riksdagen.se/a\", \"https://RIKSDAGEN.se/a\"]",
                "sources[1]: \"https://RIKSDAGEN.se/a\" is listed twice",
            ),
        ] {
            let p = problems(&SV.replace(src, sources));
            assert_eq!(p.len(), 1, "{p:?}");
            assert!(p[0].starts_with(&format!("sv/x.toml:12: {what}")), "{p:?}");
        }
        let long = format!("sources = [\"https://riksdagen.se/{}\"]", "a".repeat(200));
        assert!(
            problems(&SV.replace(src, &long))[0].contains("is 221 characters long (at most 200)")
        );
        // Nine sources are too many.
        let nine = (0..9)
            .map(|i| format!("\"https://riksdagen.se/{i}\""))
            .collect::<Vec<_>>()
            .join(", ");
        assert!(
            problems(&SV.replace(src, &format!("sources = [{nine}]")))[0]
                .contains("sources: has 9 items")
        );
    }

    #[test]
    fn reviewed_by_is_a_role_and_valid_until_after_reviewed() {
        let role = "Redaktör för vägledningen, medborgarkontoren";
        for (by, why) in [
            ("anna.lind@stockholm.se", "holds an e-mail address"),
            (
                "Redaktör, 08-508 00 508",
                "holds a phone number (6 or more digits)",
            ),
        ] {
            assert_eq!(
                problems(&SV.replace(role, by)),
                [format!(
                    "sv/x.toml:14: reviewed_by: {why} (a role, such as \"Redaktör för vägledningen\", never a person)"
                )]
            );
        }
        // A year is not a phone number.
        assert!(parse("sv/x.toml", &SV.replace(role, "Redaktör 2026"), &allowed()).is_ok());
        for until in ["2026-12-02", "2025-01-01"] {
            assert_eq!(
                problems(&SV.replace(
                    "valid_until = 2027-12-02",
                    &format!("valid_until = {until}")
                )),
                [format!(
                    "sv/x.toml:15: valid_until: {until} is not after reviewed 2026-12-02"
                )]
            );
        }
        assert!(
            problems(&SV.replace("reviewed = 2026-12-02", "reviewed = \"2026-12-02\""))[0]
                .starts_with(
                    "sv/x.toml:13: reviewed: expected a date such as 2026-12-01, without quotes"
                )
        );
        let b = parse("sv/x.toml", SV, &allowed()).unwrap();
        assert_eq!(b.reviewed, Some(jiff::civil::date(2026, 12, 2)));
        assert_eq!(b.valid_until, Some(jiff::civil::date(2027, 12, 2)));
        assert_eq!(b.reviewed_by, role);
    }

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
