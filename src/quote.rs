//! Values from the hub or the config, made safe to echo into an error, a
//! log line or a heartbeat: at most [`MAX_QUOTED`] characters (then "…"),
//! control, bidi and format characters escaped (`\n`, `\u{1b}`,
//! `\u{202e}`), so that a 7 MB key is not repeated in full and a terminal
//! escape sequence from the hub never reaches stderr raw.
//!
//! (The lead points these at `entre_core::text` once `core/` exists.)

/// The most characters of a value an error or log line carries.
pub const MAX_QUOTED: usize = 80;

/// `value` in double quotes, cut and escaped: `"Bibl\u{1b}[31mioteket"`.
pub fn quote(value: &str) -> String {
    format!("\"{}\"", cut(value))
}

/// `value` cut to [`MAX_QUOTED`] characters (escapes counted in full), then
/// "…", with control, bidi and format characters and `"` `\` escaped; for
/// a key inside a path (`guidance.<key>`).
pub fn cut(value: &str) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in value.chars() {
        let piece = escaped(c);
        let len = piece.as_deref().map_or(1, |p| p.chars().count());
        if used + len > MAX_QUOTED {
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

/// Bidi controls and invisible format characters: they reorder or hide
/// what a reader sees. Not the zero-width (non-)joiners U+200C and U+200D:
/// Persian spelling needs them (the packaged fa guidance has them).
pub fn is_format(c: char) -> bool {
    matches!(c,
        '\u{00ad}' | '\u{061c}' | '\u{180e}'
        | '\u{200b}' | '\u{200e}' | '\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}')
}

fn escaped(c: char) -> Option<String> {
    Some(match c {
        '\n' => "\\n".into(),
        '\r' => "\\r".into(),
        '\t' => "\\t".into(),
        '\\' => "\\\\".into(),
        '"' => "\\\"".into(),
        c if c.is_control() || is_format(c) => format!("\\u{{{:x}}}", c as u32),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_values_are_kept_and_quoted() {
        assert_eq!(quote("Biblioteket"), "\"Biblioteket\"");
        assert_eq!(cut("Åsa Östlund"), "Åsa Östlund");
    }

    #[test]
    fn control_bidi_and_format_characters_are_escaped() {
        assert_eq!(quote("Bibl\u{1b}[31mioteket"), "\"Bibl\\u{1b}[31mioteket\"");
        assert_eq!(cut("a\nb\r\tc"), "a\\nb\\r\\tc");
        assert_eq!(cut("\u{202e}DNIL ANNA"), "\\u{202e}DNIL ANNA");
        assert_eq!(
            cut("x\u{200b}\u{feff}\u{7f}\u{9b}"),
            "x\\u{200b}\\u{feff}\\u{7f}\\u{9b}"
        );
        // Persian needs the zero-width non-joiner: kept.
        assert_eq!(cut("می\u{200c}خواهم"), "می\u{200c}خواهم");
        assert_eq!(cut("say \"hi\" \\"), "say \\\"hi\\\" \\\\");
    }

    #[test]
    fn long_values_are_cut_to_eighty_characters() {
        let long = "k".repeat(7 * 1024 * 1024);
        let q = cut(&long);
        assert_eq!(q.chars().count(), MAX_QUOTED + 1);
        assert!(q.ends_with('…'));
        assert_eq!(
            cut(&"é".repeat(80)),
            "é".repeat(80),
            "exactly 80 stays whole"
        );
        // Escapes count in full: never more than 80 characters before "…".
        let escapes = "\u{1b}".repeat(100);
        let q = cut(&escapes);
        assert!(q.chars().count() <= MAX_QUOTED + 1, "{q}");
        assert!(!q.contains('\u{1b}'));
        assert!(q.starts_with("\\u{1b}\\u{1b}"));
    }
}
