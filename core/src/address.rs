//! An officer's mail address: where a visitor's arrival is sent.
//!
//! An address is accepted when
//! - it is at most [`MAX_BYTES`] bytes (254, the longest path SMTP carries),
//! - it holds no control, white space, separator or format character
//!   (general category Cf, the joiners included: an address is not
//!   display text) and nothing outside ASCII,
//! - it has exactly one `@`, a local part of 1 to 64 bytes without
//!   `<>,;:"()[]\`, and a domain,
//! - its domain, compared without regard to case and without a trailing
//!   dot, is one of the allowed domains **or a subdomain of one** on a
//!   label boundary: with `stockholm.se` allowed, `edu.stockholm.se` is in
//!   and `evilstockholm.se` or `stockholm.se.evil.example` are out. A
//!   city's subdomains are the city's own; a list of every department's
//!   subdomain would only be left out of date.

use crate::text;

/// The longest address accepted, in bytes.
pub const MAX_BYTES: usize = 254;
/// The longest local part, in bytes (RFC 5321).
pub const MAX_LOCAL_BYTES: usize = 64;

/// Why an address was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    TooLong(usize),
    Character(char),
    NotAnAddress,
    OutsideDomains(String),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::TooLong(n) => write!(f, "is {n} bytes long (at most {MAX_BYTES})"),
            Problem::Character(c) if text::is_format(*c) || c.is_control() => write!(
                f,
                "contains U+{:04X} (control, bidi and format characters are refused)",
                *c as u32
            ),
            Problem::Character(c) => write!(
                f,
                "contains {} (an address is plain ASCII, no spaces)",
                text::quote(&c.to_string())
            ),
            Problem::NotAnAddress => f.write_str("is not an email address"),
            Problem::OutsideDomains(d) => write!(
                f,
                "is in the domain {}, which is not an allowed mail domain",
                text::quote(d)
            ),
        }
    }
}

/// The domain part of `addr` (after its last `@`), if any.
pub fn domain_of(addr: &str) -> Option<&str> {
    addr.rsplit_once('@')
        .map(|(_, d)| d)
        .filter(|d| !d.is_empty())
}

/// A domain for an allow-list, normalised (lower case, no trailing dot);
/// `None` unless it is an ASCII domain name of at least two labels, each 1
/// to 63 letters, digits or hyphens.
pub fn normalise_domain(entry: &str) -> Option<String> {
    let d = entry.trim_end_matches('.').to_ascii_lowercase();
    let ok = d.len() <= 253
        && d.split('.').count() >= 2
        && d.split('.').all(|l| {
            (1..=63).contains(&l.len())
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
    ok.then_some(d)
}

/// Whether `domain` is `allowed` or a subdomain of it (both normalised).
pub fn in_domain(domain: &str, allowed: &str) -> bool {
    domain == allowed
        || domain
            .strip_suffix(allowed)
            .is_some_and(|head| head.ends_with('.') && head.len() > 1)
}

/// Checks an officer address against the allowed domains (normalised by
/// [`normalise_domain`]).
pub fn check(addr: &str, allowed: &[String]) -> Result<(), Problem> {
    if addr.len() > MAX_BYTES {
        return Err(Problem::TooLong(addr.len()));
    }
    if let Some(c) = addr.chars().find(|c| {
        !c.is_ascii() || c.is_ascii_control() || c.is_whitespace() || "<>,;:\"()[]\\".contains(*c)
    }) {
        return Err(Problem::Character(c));
    }
    let mut parts = addr.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(Problem::NotAnAddress);
    };
    if local.is_empty() || local.len() > MAX_LOCAL_BYTES {
        return Err(Problem::NotAnAddress);
    }
    let Some(domain) = normalise_domain(domain) else {
        return Err(Problem::NotAnAddress);
    };
    if allowed.iter().any(|a| in_domain(&domain, a)) {
        Ok(())
    } else {
        Err(Problem::OutsideDomains(domain))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed() -> Vec<String> {
        vec!["stockholm.se".into(), "example.org".into()]
    }

    #[test]
    fn accepts_the_allowed_domains_and_their_subdomains_in_any_case() {
        for ok in [
            "anna.lind@stockholm.se",
            "Anna.Lind@Stockholm.SE",
            "anna@edu.stockholm.se",
            "a+b@example.org",
            "anna@stockholm.se.",
        ] {
            assert_eq!(check(ok, &allowed()), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_other_and_look_alike_domains() {
        for (bad, domain) in [
            ("anna@evil.example", "evil.example"),
            ("anna@evilstockholm.se", "evilstockholm.se"),
            (
                "anna@stockholm.se.evil.example",
                "stockholm.se.evil.example",
            ),
            ("anna@stockholm.see", "stockholm.see"),
            ("anna@xn--stckholm-n4a.se", "xn--stckholm-n4a.se"),
        ] {
            assert_eq!(
                check(bad, &allowed()),
                Err(Problem::OutsideDomains(domain.into())),
                "{bad}"
            );
        }
    }

    #[test]
    fn refuses_bidi_format_non_ascii_and_more_than_one_at() {
        assert_eq!(
            check("anna\u{202e}es.mlohkcots@stockholm.se", &allowed()),
            Err(Problem::Character('\u{202e}'))
        );
        assert_eq!(
            check("anna\u{200b}@stockholm.se", &allowed()),
            Err(Problem::Character('\u{200b}'))
        );
        assert_eq!(
            check("anna@stöckholm.se", &allowed()),
            Err(Problem::Character('ö'))
        );
        assert_eq!(
            check("anna@evil.example@stockholm.se", &allowed()),
            Err(Problem::NotAnAddress)
        );
        assert_eq!(
            check("\"x\"@stockholm.se", &allowed()),
            Err(Problem::Character('"'))
        );
        assert_eq!(
            check("anna@stockholm.se\r\nBcc: x@y.z", &allowed()),
            Err(Problem::Character('\r'))
        );
        assert_eq!(
            check("@stockholm.se", &allowed()),
            Err(Problem::NotAnAddress)
        );
        assert_eq!(check("anna@", &allowed()), Err(Problem::NotAnAddress));
    }

    #[test]
    fn refuses_an_address_of_255_bytes_and_keeps_one_of_254() {
        // 64 + 1 + (63 + 1 + 63 + 1 + n + 13): 254 bytes with n = 48.
        let sub = |n: usize| {
            format!(
                "{}.{}.{}.stockholm.se",
                "a".repeat(63),
                "b".repeat(63),
                "c".repeat(n)
            )
        };
        let ok = format!("{}@{}", "l".repeat(64), sub(48));
        assert_eq!(ok.len(), 254);
        assert_eq!(check(&ok, &allowed()), Ok(()));
        let long = format!("{}@{}", "l".repeat(64), sub(49));
        assert_eq!(long.len(), 255);
        assert_eq!(check(&long, &allowed()), Err(Problem::TooLong(255)));
    }

    #[test]
    fn normalises_allow_list_entries() {
        assert_eq!(
            normalise_domain("Stockholm.SE."),
            Some("stockholm.se".into())
        );
        assert_eq!(normalise_domain("se"), None);
        assert_eq!(normalise_domain("stock holm.se"), None);
        assert_eq!(normalise_domain("-a.se"), None);
        assert_eq!(domain_of("a@b.se"), Some("b.se"));
    }
}
