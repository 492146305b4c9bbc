//! A small walker over a spanned TOML tree that collects every problem it
//! finds (with line and column) instead of stopping at the first one.
//!
//! kiosk.toml, hub.toml, a directory file and a guidance bundle are all
//! read with it, so that each reports `PATH:LINE:COL: key: what (allowed)`
//! the same way and refuses the keys nobody asked for.

use std::fmt;
use std::ops::{Range, RangeInclusive};

pub use toml::Spanned;
pub use toml::de::{DeTable, DeValue};

/// One problem in a config file, located by line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub col: usize,
    /// Dotted key, e.g. `kiosk.idle_warning_s` or `purpose[2].flow`.
    pub key: String,
    /// What is wrong, followed by what is allowed in parentheses.
    pub message: String,
}

impl Problem {
    /// Formats the problem as `PATH:LINE:COL: key: what (allowed)`.
    pub fn display_with<'a>(&'a self, path: &'a str) -> impl fmt::Display + 'a {
        struct D<'a>(&'a Problem, &'a str);
        impl fmt::Display for D<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let p = self.0;
                write!(
                    f,
                    "{}:{}:{}: {}: {}",
                    self.1, p.line, p.col, p.key, p.message
                )
            }
        }
        D(self, path)
    }
}

/// Collects problems while values are read.
pub struct Walker<'s> {
    src: &'s str,
    pub problems: Vec<Problem>,
    /// Byte offsets where lines start, found once on the first problem, so
    /// that many problems in a long text cost one pass, not one each.
    line_starts: std::cell::OnceCell<Vec<usize>>,
}

impl<'s> Walker<'s> {
    pub fn new(src: &'s str) -> Self {
        Self {
            src,
            problems: Vec::new(),
            line_starts: std::cell::OnceCell::new(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.src.len());
        while !self.src.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.src.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        // The last line start at or before the offset.
        let line = starts.partition_point(|&s| s <= offset);
        let line_start = starts[line - 1];
        let col = self.src[line_start..offset].chars().count() + 1;
        (line, col)
    }

    pub fn report(&mut self, span: &Range<usize>, key: &str, message: impl Into<String>) {
        let (line, col) = self.position(span.start);
        self.problems.push(Problem {
            line,
            col,
            key: key.to_string(),
            message: message.into(),
        });
    }
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// One table of the config being read. Every key read is remembered, so
/// that [`Section::finish`] can report the keys nobody asked for.
pub struct Section<'a, 'i> {
    table: &'a DeTable<'i>,
    pub prefix: String,
    pub span: Range<usize>,
    known: Vec<&'static str>,
}

impl<'a, 'i> Section<'a, 'i> {
    pub fn new(table: &'a DeTable<'i>, prefix: impl Into<String>, span: Range<usize>) -> Self {
        Self {
            table,
            prefix: prefix.into(),
            span,
            known: Vec::new(),
        }
    }

    pub fn key(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_string()
        } else {
            format!("{}.{}", self.prefix, key)
        }
    }

    /// The raw value of `key`, remembering the key as known.
    pub fn raw(&mut self, key: &'static str) -> Option<&'a toml::Spanned<DeValue<'i>>> {
        self.known.push(key);
        self.table.get(key)
    }

    fn missing(&self, w: &mut Walker<'_>, key: &str, allowed: &str) {
        w.report(&self.span, &self.key(key), format!("missing ({allowed})"));
    }

    fn wrong_type(
        &self,
        w: &mut Walker<'_>,
        key: &str,
        value: &toml::Spanned<DeValue<'_>>,
        allowed: &str,
    ) {
        w.report(
            &value.span(),
            &self.key(key),
            format!("expected {allowed}, found {}", type_name(value.get_ref())),
        );
    }

    /// A text value. `None` when missing (reported if `required`) or wrong.
    pub fn text(
        &mut self,
        w: &mut Walker<'_>,
        key: &'static str,
        required: bool,
        allowed: &str,
    ) -> Option<String> {
        match self.raw(key) {
            None => {
                if required {
                    self.missing(w, key, allowed);
                }
                None
            }
            Some(v) => match v.get_ref() {
                DeValue::String(s) if s.trim().is_empty() && required => {
                    w.report(&v.span(), &self.key(key), format!("is empty ({allowed})"));
                    None
                }
                DeValue::String(s) => match crate::text::check(s) {
                    Ok(()) => Some(s.to_string()),
                    Err(bad) => {
                        w.report(&v.span(), &self.key(key), plain_text(bad));
                        None
                    }
                },
                _ => {
                    self.wrong_type(w, key, v, &format!("a text ({allowed})"));
                    None
                }
            },
        }
    }

    /// A text value with its span, for checks made later.
    pub fn text_spanned(
        &mut self,
        w: &mut Walker<'_>,
        key: &'static str,
        required: bool,
        allowed: &str,
    ) -> Option<(String, Range<usize>)> {
        let span = self.raw(key).map(|v| v.span());
        self.text(w, key, required, allowed).zip(span)
    }

    pub fn boolean(&mut self, w: &mut Walker<'_>, key: &'static str, default: bool) -> bool {
        match self.raw(key) {
            None => default,
            Some(v) => match v.get_ref() {
                DeValue::Boolean(b) => *b,
                _ => {
                    self.wrong_type(w, key, v, "true or false");
                    default
                }
            },
        }
    }

    /// A whole number within `range`; `default` when missing (`None` makes
    /// it required).
    pub fn integer(
        &mut self,
        w: &mut Walker<'_>,
        key: &'static str,
        default: Option<i64>,
        range: RangeInclusive<i64>,
    ) -> Option<i64> {
        let allowed = format!("a whole number from {} to {}", range.start(), range.end());
        match self.raw(key) {
            None => {
                if default.is_none() {
                    self.missing(w, key, &allowed);
                }
                default
            }
            Some(v) => match v.get_ref() {
                DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                    Ok(n) if range.contains(&n) => Some(n),
                    _ => {
                        w.report(
                            &v.span(),
                            &self.key(key),
                            format!("{} is out of range ({allowed})", i.as_str()),
                        );
                        None
                    }
                },
                _ => {
                    self.wrong_type(w, key, v, &allowed);
                    None
                }
            },
        }
    }

    /// One of `choices`; `default` when missing (`None` makes it required).
    pub fn choice(
        &mut self,
        w: &mut Walker<'_>,
        key: &'static str,
        default: Option<&str>,
        choices: &[&str],
    ) -> Option<String> {
        let allowed = format!("one of: {}", quoted(choices));
        match self.raw(key) {
            None => {
                if default.is_none() {
                    self.missing(w, key, &allowed);
                }
                default.map(str::to_string)
            }
            Some(v) => match v.get_ref() {
                DeValue::String(s) if choices.contains(&s.as_ref()) => Some(s.to_string()),
                DeValue::String(s) => {
                    w.report(
                        &v.span(),
                        &self.key(key),
                        format!(
                            "{} is not a valid choice ({allowed})",
                            crate::text::quote(s)
                        ),
                    );
                    None
                }
                _ => {
                    self.wrong_type(w, key, v, &format!("a text, {allowed}"));
                    None
                }
            },
        }
    }

    /// A list of texts, each with its span.
    pub fn text_list(
        &mut self,
        w: &mut Walker<'_>,
        key: &'static str,
        allowed: &str,
    ) -> Option<Vec<(String, Range<usize>)>> {
        let Some(v) = self.raw(key) else {
            self.missing(w, key, allowed);
            return None;
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(w, key, v, &format!("a list of texts ({allowed})"));
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::String(s) => match crate::text::check(s) {
                    Ok(()) => out.push((s.to_string(), item.span())),
                    Err(bad) => {
                        ok = false;
                        w.report(
                            &item.span(),
                            &format!("{}[{}]", self.key(key), i),
                            plain_text(bad),
                        );
                    }
                },
                _ => {
                    ok = false;
                    w.report(
                        &item.span(),
                        &format!("{}[{}]", self.key(key), i),
                        format!("expected a text, found {}", type_name(item.get_ref())),
                    );
                }
            }
        }
        ok.then_some(out)
    }

    /// Reports every key of the table that was never read.
    pub fn finish(self, w: &mut Walker<'_>) {
        for (k, v) in self.table.iter() {
            let name: &str = k.get_ref();
            if !self.known.contains(&name) {
                let mut allowed = self.known.clone();
                allowed.sort_unstable();
                allowed.dedup();
                let span = k.span();
                let span = if span.is_empty() { v.span() } else { span };
                // The key is the document's: cut and escaped.
                w.report(
                    &span,
                    &self.key(&crate::text::cut(name)),
                    format!("unknown key (allowed here: {})", allowed.join(", ")),
                );
            }
        }
    }
}

/// What is said of a text holding a control, bidi or format character.
fn plain_text(bad: crate::text::Forbidden) -> String {
    format!("{bad} (plain text: no line breaks, control, bidi or format characters)")
}

pub fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parses `src` into a spanned TOML tree; syntax errors are reported to
/// `w` (key `(syntax)`, the parser's message followed by `hint`, e.g.
/// `" (see https://toml.io)"`) and give `None`.
pub fn parse<'i>(w: &mut Walker<'_>, src: &'i str, hint: &str) -> Option<Spanned<DeTable<'i>>> {
    let (doc, errors) = DeTable::parse_recoverable(src);
    if errors.is_empty() {
        return Some(doc);
    }
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        let msg = e.message().trim().replace('\n', " ");
        w.report(&span, "(syntax)", format!("{msg}{hint}"));
    }
    None
}

/// The required section `[name]` of `root` (reported when missing).
pub fn table<'a, 'i>(
    root: &mut Section<'a, 'i>,
    w: &mut Walker<'_>,
    name: &'static str,
) -> Option<Section<'a, 'i>> {
    let found = optional_table(root, w, name);
    if found.is_none() && root.raw(name).is_none() {
        let span = root.span.start..root.span.start;
        w.report(
            &span,
            name,
            format!("section [{name}] is missing (required)"),
        );
    }
    found
}

/// The section `[name]` of `root` if there is one.
pub fn optional_table<'a, 'i>(
    root: &mut Section<'a, 'i>,
    w: &mut Walker<'_>,
    name: &'static str,
) -> Option<Section<'a, 'i>> {
    let v = root.raw(name)?;
    match v.get_ref() {
        DeValue::Table(t) => Some(Section::new(t, name, v.span())),
        _ => {
            w.report(&v.span(), name, format!("expected a section [{name}]"));
            None
        }
    }
}

/// The `[[name]]` entries of `root`, each a section keyed `name[i]`;
/// `required`: at least one.
pub fn array_of_tables<'a, 'i>(
    root: &mut Section<'a, 'i>,
    w: &mut Walker<'_>,
    name: &'static str,
    required: bool,
) -> Vec<Section<'a, 'i>> {
    let Some(v) = root.raw(name) else {
        if required {
            let span = root.span.start..root.span.start;
            w.report(
                &span,
                name,
                format!("no [[{name}]] entries (at least one is required)"),
            );
        }
        return Vec::new();
    };
    let DeValue::Array(items) = v.get_ref() else {
        w.report(&v.span(), name, format!("expected [[{name}]] entries"));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item.get_ref() {
            DeValue::Table(t) => out.push(Section::new(t, format!("{name}[{i}]"), item.span())),
            _ => w.report(
                &item.span(),
                &format!("{name}[{i}]"),
                format!("expected a [[{name}]] table"),
            ),
        }
    }
    if out.is_empty() && required {
        w.report(
            &v.span(),
            name,
            format!("no [[{name}]] entries (at least one is required)"),
        );
    }
    out
}

/// Whether `s` is an id: 1 to 64 of a-z, 0-9, '-' and '_' ([`ID_RULE`]).
pub fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// What an id may be, as said in errors.
pub const ID_RULE: &str = "lower-case letters a-z, digits, '-' and '_', at most 64";

/// A required id ([`is_id`]) at `key`.
pub fn read_id(s: &mut Section<'_, '_>, w: &mut Walker<'_>, key: &'static str) -> Option<String> {
    let (id, span) = s.text_spanned(w, key, true, ID_RULE)?;
    if is_id(&id) {
        Some(id)
    } else {
        w.report(
            &span,
            &s.key(key),
            format!("{} is not a valid id ({ID_RULE})", crate::text::quote(&id)),
        );
        None
    }
}

/// Sorts problems by where they are, as a file is read.
pub fn sorted(mut problems: Vec<Problem>) -> Vec<Problem> {
    problems.sort_by_key(|p| (p.line, p.col));
    problems
}

/// Why a config file (kiosk.toml, hub.toml) could not be loaded: it could
/// not be read, or every problem found, shown as PATH:LINE:COL: what.
#[derive(Debug)]
pub enum LoadError {
    Read {
        path: std::path::PathBuf,
        error: std::io::Error,
    },
    Invalid {
        path: std::path::PathBuf,
        problems: Vec<Problem>,
    },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Read { path, error } => {
                write!(f, "{}: cannot read config: {error}", path.display())
            }
            LoadError::Invalid { path, problems } => {
                let p = path.display().to_string();
                for (i, problem) in problems.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{}", problem.display_with(&p))?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LoadError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_lines_and_columns_in_characters() {
        let src = "a = 1\nbé = \"x\"\n\nlast";
        let w = Walker::new(src);
        assert_eq!(w.position(0), (1, 1));
        assert_eq!(w.position(4), (1, 5));
        assert_eq!(w.position(6), (2, 1));
        // "bé" is 3 bytes: the byte after it is the third character.
        assert_eq!(w.position(9), (2, 3));
        assert_eq!(w.position(src.len() - 4), (4, 1));
        assert_eq!(w.position(src.len() + 10), (4, 5));
        // Inside a character: that character.
        assert_eq!(w.position(8), (2, 2));
    }
}
