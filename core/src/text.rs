//! Text from the hub or the config: which characters it may hold, and how
//! a value is quoted in an error or a log line.
//!
//! Refused in every text (names, guidance, config texts):
//! - control characters (general category Cc: C0, DEL, C1; so CR, LF and
//!   tab too),
//! - the line and paragraph separators U+2028 and U+2029,
//! - every format character (general category Cf): the bidi marks,
//!   embeddings, overrides and isolates (U+061C, U+200E–200F, U+202A–202E,
//!   U+2066–2069), zero-width space U+200B, word joiner and invisible
//!   operators U+2060–2064, the deprecated format controls U+206A–206F,
//!   the byte order mark U+FEFF, interlinear annotations U+FFF9–FFFB, the
//!   soft hyphen U+00AD, Arabic and Syriac number signs, tag characters
//!   U+E0001 and U+E0020–E007F, and the rest of Cf (Unicode 16).
//!
//! Kept, in display text only: ZERO WIDTH NON-JOINER U+200C and ZERO WIDTH
//! JOINER U+200D. Persian writes "می‌خواهم" with U+200C, and the packaged
//! Persian guidance needs it; neither changes the order in which text is
//! shown. Machine texts (addresses, hosts) refuse them too:
//! [`is_format`] is the whole of Cf.

/// Whether `c` is a format character (general category Cf, Unicode 16).
pub fn is_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}'
        | '\u{0600}'..='\u{0605}'
        | '\u{061C}'
        | '\u{06DD}'
        | '\u{070F}'
        | '\u{0890}'..='\u{0891}'
        | '\u{08E2}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{110BD}'
        | '\u{110CD}'
        | '\u{13430}'..='\u{1343F}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0001}'
        | '\u{E0020}'..='\u{E007F}')
}

/// Whether `c` is a bidi control: a mark, embedding, override or isolate.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` may not appear in a text shown to visitors or staff:
/// controls, line and paragraph separators, and format characters other
/// than the joiners U+200C and U+200D.
pub fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}')
        || (is_format(c) && !matches!(c, '\u{200C}' | '\u{200D}'))
}

/// The first character a display text may not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forbidden {
    /// The character.
    pub c: char,
    /// Its position, in characters from 0.
    pub at: usize,
}

impl Forbidden {
    /// What kind of character it is, in words.
    pub fn kind(&self) -> &'static str {
        describe(self.c)
    }
}

impl std::fmt::Display for Forbidden {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "contains U+{:04X} ({}) at character {}",
            self.c as u32,
            self.kind(),
            self.at + 1
        )
    }
}

fn describe(c: char) -> &'static str {
    match c {
        '\r' | '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' => "a line break",
        c if c.is_control() => "a control character",
        c if is_bidi_control(c) => "a bidi control character",
        _ => "an invisible format character",
    }
}

/// Checks a display text: `Err` names the first forbidden character.
pub fn check(s: &str) -> Result<(), Forbidden> {
    match s.chars().enumerate().find(|(_, c)| is_forbidden(*c)) {
        Some((at, c)) => Err(Forbidden { c, at }),
        None => Ok(()),
    }
}

/// How many characters of a value [`quote`] keeps.
pub const QUOTE_CHARS: usize = 80;

/// A value made safe to put in an error or a log line: in double quotes,
/// at most [`QUOTE_CHARS`] characters of it (then `…` inside the quotes),
/// with `"` and `\` escaped and every control, separator and format
/// character written as an escape (`\n`, `\r`, `\t`, `\u{1b}`,
/// `\u{202e}`), so that no terminal escape sequence or bidi override from
/// the hub or the config reaches a terminal or the journal raw.
pub fn quote(value: &str) -> String {
    format!("\"{}\"", cut(value))
}

/// What [`quote`] puts between the quotes: `value` escaped, cut after
/// [`QUOTE_CHARS`] characters of output (an escape counts in full, so a
/// run of escapes is cut as short as plain text), then `…`; for a key
/// inside a path (`guidance.<key>`).
pub fn cut(value: &str) -> String {
    let mut out = String::with_capacity(value.len().min(QUOTE_CHARS * 2));
    let mut used = 0;
    for c in value.chars() {
        let piece = escaped(c);
        let len = piece.as_deref().map_or(1, |p| p.chars().count());
        if used + len > QUOTE_CHARS {
            out.push('…');
            return out;
        }
        match piece {
            Some(p) => out.push_str(&p),
            None => out.push(c),
        }
        used += len;
    }
    out
}

/// How `c` is written by [`cut`], when not as itself.
fn escaped(c: char) -> Option<String> {
    Some(match c {
        '"' => "\\\"".into(),
        '\\' => "\\\\".into(),
        '\n' => "\\n".into(),
        '\r' => "\\r".into(),
        '\t' => "\\t".into(),
        c if c.is_control() || is_format(c) || matches!(c, '\u{2028}' | '\u{2029}') => {
            format!("\\u{{{:x}}}", c as u32)
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_controls_bidi_and_format_characters() {
        for bad in [
            "\u{202e}DNIL ANNA",
            "Anna\r\nBcc: x",
            "Anna\nLind",
            "tab\there",
            "a\u{200b}b",
            "a\u{200e}b",
            "a\u{200f}b",
            "\u{2066}x\u{2069}",
            "\u{202a}x",
            "\u{061c}x",
            "x\u{feff}",
            "x\u{fff9}",
            "x\u{2060}",
            "x\u{206f}",
            "soft\u{ad}hyphen",
            "tag\u{e0041}",
            "esc\u{1b}[31m",
            "del\u{7f}",
            "c1\u{85}",
            "line\u{2028}sep",
        ] {
            assert!(check(bad).is_err(), "{bad:?} passed");
        }
        let e = check("\u{202e}DNIL ANNA").unwrap_err();
        assert_eq!(
            e.to_string(),
            "contains U+202E (a bidi control character) at character 1"
        );
        assert_eq!(
            check("Anna\nLind").unwrap_err().to_string(),
            "contains U+000A (a line break) at character 5"
        );
    }

    #[test]
    fn keeps_ordinary_text_in_every_script_and_the_joiners() {
        for good in [
            "Anna Lind",
            "Åsa Öberg-Ähnström",
            "روضة الأطفال (förskola)",
            "می\u{200c}خواهم",
            "ቤት",
            "Ünal Çelik",
            "Олена Коваленко",
            "👩\u{200d}💻",
            "",
        ] {
            assert_eq!(check(good), Ok(()), "{good:?}");
        }
        assert!(is_format('\u{200c}'), "ZWNJ is Cf, only kept for display");
    }

    #[test]
    fn quote_escapes_controls_and_format_characters_and_cuts_at_80() {
        assert_eq!(quote("Anna"), "\"Anna\"");
        assert_eq!(quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(
            quote("\u{1b}[2J\u{1b}]0;owned\u{7}\r\n"),
            "\"\\u{1b}[2J\\u{1b}]0;owned\\u{7}\\r\\n\""
        );
        assert_eq!(quote("\u{202e}DNIL"), "\"\\u{202e}DNIL\"");
        let long = "x".repeat(7 * 1024 * 1024);
        let q = quote(&long);
        assert_eq!(q, format!("\"{}…\"", "x".repeat(80)));
        assert_eq!(quote(&"y".repeat(80)), format!("\"{}\"", "y".repeat(80)));
        let wide = "å".repeat(100);
        assert_eq!(quote(&wide).chars().count(), 80 + 3);
    }

    #[test]
    fn quoted_values_are_cut_after_eighty_characters_escapes_counted() {
        let long = "k".repeat(7 * 1024 * 1024);
        let q = cut(&long);
        assert_eq!(q.chars().count(), QUOTE_CHARS + 1);
        assert!(q.ends_with('…'));
        assert_eq!(
            cut(&"é".repeat(80)),
            "é".repeat(80),
            "exactly 80 stays whole"
        );
        let escapes = "\u{1b}".repeat(100);
        let q = cut(&escapes);
        assert!(q.chars().count() <= QUOTE_CHARS + 1, "{q}");
        assert!(!q.contains('\u{1b}'));
        assert!(q.starts_with("\\u{1b}\\u{1b}"));
    }
}
