//! Links: a guidance bundle's e-service link, shown as a QR code, and the
//! hub's address. Both are parsed by the `url` crate (WHATWG URL parsing
//! with IDNA), never taken apart by hand.
//!
//! A QR link is accepted when
//! - it holds no control, white space, separator or format character
//!   (the whole of general category Cf),
//! - it parses as a URL whose scheme is `https`,
//! - it has no user name or password (`https://skatteverket.se@evil.example/`
//!   leads to evil.example),
//! - its host is a domain name (not an IP address) on the default port,
//! - its host is one of the allowed hosts or ends with `.` + one of them
//!   (a suffix on a label boundary: with `skatteverket.se` listed,
//!   `www.skatteverket.se` is in and `evil-skatteverket.se` is out),
//! - an internationalised host (non-ASCII letters, which IDNA turns into
//!   `xn--` labels, or `xn--` labels written as such) is accepted only
//!   where the list names it: every `xn--` label must lie inside the
//!   listed suffix, and a host written in non-ASCII must match a listed
//!   suffix that itself holds an `xn--` label.
//!
//! Allowed hosts are written as host names (`stockholm.se`), in ASCII or
//! Unicode; [`normalise_host`] turns them into the ASCII form compared.

pub use url::Url;

use crate::text;

/// The default `[content] allowed_link_hosts`: the authorities the
/// packaged guidance (assets/guidance) links to.
pub const DEFAULT_HOSTS: &[&str] = &[
    "stockholm.se",
    "arbetsformedlingen.se",
    "migrationsverket.se",
    "bankid.com",
    "hallakonsument.se",
    "advokatsamfundet.se",
    "forsakringskassan.se",
    "skatteverket.se",
    "kronofogden.se",
    "domstol.se",
    "kvinnofridslinjen.se",
    "konsumenternas.se",
    "start.stockholm",
    "forskola.stockholm",
    "socialtstod.stockholm",
    "funktionsnedsattning.stockholm",
];

/// Why a link was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Character(char),
    NotAUrl(String),
    NotHttps(String),
    UserInfo,
    NotADomain,
    Port(u16),
    HostNotListed(String),
    Internationalised(String),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Character(c) => write!(
                f,
                "contains U+{:04X} (no spaces, control, bidi or format characters)",
                *c as u32
            ),
            Problem::NotAUrl(e) => write!(f, "is not a web address ({e})"),
            Problem::NotHttps(s) => write!(f, "uses {} (https only)", text::quote(s)),
            Problem::UserInfo => f.write_str("has a user name or password before the host"),
            Problem::NotADomain => f.write_str("has an IP address or no host name"),
            Problem::Port(p) => write!(f, "names port {p} (the default port only)"),
            Problem::HostNotListed(h) => write!(
                f,
                "leads to {}, which is not an allowed link host",
                text::quote(h)
            ),
            Problem::Internationalised(h) => write!(
                f,
                "leads to the internationalised host {}, which the allowed link hosts do not name",
                text::quote(h)
            ),
        }
    }
}

fn bad_char(s: &str) -> Option<char> {
    s.chars().find(|c| {
        c.is_control()
            || c.is_whitespace()
            || text::is_format(*c)
            || matches!(c, '\u{2028}' | '\u{2029}')
    })
}

/// An allowed host as compared: IDNA's ASCII form, lower case, no trailing
/// dot. `None` unless it is a domain name of at least two labels.
pub fn normalise_host(entry: &str) -> Option<String> {
    if bad_char(entry).is_some() || entry.contains(['/', '@', ':', '?', '#', '\\']) {
        return None;
    }
    match url::Host::parse(entry.trim_end_matches('.')).ok()? {
        url::Host::Domain(d) => {
            let d = d.trim_end_matches('.').to_string();
            (d.split('.').count() >= 2 && d.split('.').all(|l| !l.is_empty())).then_some(d)
        }
        _ => None,
    }
}

fn is_idn_label(label: &str) -> bool {
    label.len() >= 4 && label[..4].eq_ignore_ascii_case("xn--")
}

/// The host of a parsed link as shown to a visitor: ASCII (an
/// internationalised host in its `xn--` form), no trailing dot.
pub fn shown_host(url: &Url) -> String {
    url.host_str()
        .unwrap_or_default()
        .trim_end_matches('.')
        .to_string()
}

/// The authority as written in `raw` (between `scheme:` + slashes and the
/// first `/`, `\`, `?` or `#`): only to tell whether it holds a user part
/// or non-ASCII letters, after the `url` crate has parsed the link.
fn written_authority(raw: &str) -> &str {
    let rest = raw.split_once(':').map_or(raw, |(_, r)| r);
    let rest = rest.trim_start_matches(['/', '\\']);
    let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    &rest[..end]
}

/// Checks a QR link against the allowed hosts (normalised by
/// [`normalise_host`]); returns the parsed link.
pub fn check(link: &str, allowed: &[String]) -> Result<Url, Problem> {
    if let Some(c) = bad_char(link) {
        return Err(Problem::Character(c));
    }
    let url = Url::parse(link).map_err(|e| Problem::NotAUrl(e.to_string()))?;
    if url.scheme() != "https" {
        return Err(Problem::NotHttps(format!("{}:", url.scheme())));
    }
    if !url.username().is_empty()
        || url.password().is_some()
        || written_authority(link).contains('@')
    {
        return Err(Problem::UserInfo);
    }
    let host = match url.host() {
        Some(url::Host::Domain(_)) => shown_host(&url),
        _ => return Err(Problem::NotADomain),
    };
    if let Some(port) = url.port() {
        return Err(Problem::Port(port));
    }
    let Some(entry) = allowed
        .iter()
        .filter(|a| {
            host == **a
                || host
                    .strip_suffix(a.as_str())
                    .is_some_and(|head| head.ends_with('.'))
        })
        .max_by_key(|a| a.len())
    else {
        return Err(Problem::HostNotListed(host));
    };
    let head = &host[..host.len() - entry.len()];
    let idn_outside = head.split('.').any(is_idn_label);
    let written_non_ascii = !written_authority(link).is_ascii();
    let entry_named_idn = entry.split('.').any(is_idn_label);
    if idn_outside || (written_non_ascii && !entry_named_idn) {
        return Err(Problem::Internationalised(host));
    }
    Ok(url)
}

/// Checks the hub's address: https to a host, or http to this machine
/// (`localhost`, 127.0.0.0/8 or `[::1]`: a local proxy, tests); no user
/// name or password, no spaces, controls or format characters.
pub fn check_hub_url(link: &str) -> Result<Url, Problem> {
    if let Some(c) = bad_char(link) {
        return Err(Problem::Character(c));
    }
    let url = Url::parse(link).map_err(|e| Problem::NotAUrl(e.to_string()))?;
    if !url.username().is_empty()
        || url.password().is_some()
        || written_authority(link).contains('@')
    {
        return Err(Problem::UserInfo);
    }
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => return Err(Problem::NotADomain),
    };
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        other => Err(Problem::NotHttps(format!("{other}:"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed() -> Vec<String> {
        ["skatteverket.se", "stockholm.se", "Malmö.se"]
            .iter()
            .map(|h| normalise_host(h).unwrap())
            .collect()
    }

    fn host(link: &str) -> Result<String, Problem> {
        check(link, &allowed()).map(|u| shown_host(&u))
    }

    #[test]
    fn accepts_listed_hosts_and_their_subdomains() {
        assert_eq!(
            host("https://skatteverket.se/"),
            Ok("skatteverket.se".into())
        );
        assert_eq!(
            host("https://www.stockholm.se/forskola?x=1#a"),
            Ok("www.stockholm.se".into())
        );
        assert_eq!(
            host("HTTPS://WWW.Stockholm.SE/"),
            Ok("www.stockholm.se".into())
        );
        assert_eq!(host("https://stockholm.se./"), Ok("stockholm.se".into()));
        assert_eq!(
            host("https://www.stockholm.se/förskola"),
            Ok("www.stockholm.se".into())
        );
        // The list names malmö.se, so it may be written either way.
        assert_eq!(
            host("https://www.malmö.se/"),
            Ok("www.xn--malm-8qa.se".into())
        );
        assert_eq!(
            host("https://xn--malm-8qa.se/"),
            Ok("xn--malm-8qa.se".into())
        );
    }

    #[test]
    fn refuses_userinfo() {
        assert_eq!(
            host("https://skatteverket.se@evil.example/"),
            Err(Problem::UserInfo)
        );
        assert_eq!(
            host("https://user:pw@skatteverket.se/"),
            Err(Problem::UserInfo)
        );
        assert_eq!(host("https://@skatteverket.se/"), Err(Problem::UserInfo));
    }

    #[test]
    fn refuses_look_alike_and_unlisted_hosts() {
        for (link, h) in [
            ("https://evil-skatteverket.se/", "evil-skatteverket.se"),
            (
                "https://skatteverket.se.evil.example/",
                "skatteverket.se.evil.example",
            ),
            ("https://evil.example/skatteverket.se", "evil.example"),
            ("https://skatteverket.see/", "skatteverket.see"),
            ("https://se/", "se"),
        ] {
            assert_eq!(host(link), Err(Problem::HostNotListed(h.into())), "{link}");
        }
    }

    #[test]
    fn refuses_punycode_and_non_ascii_hosts_the_list_does_not_name() {
        // "skatteverket.se" with a Cyrillic "е": IDNA makes it xn--.
        assert!(matches!(
            host("https://skatteverk\u{0435}t.se/"),
            Err(Problem::HostNotListed(h)) if h.starts_with("xn--")
        ));
        // A punycode label under a listed suffix.
        assert_eq!(
            host("https://xn--www-qla.stockholm.se/"),
            Err(Problem::Internationalised(
                "xn--www-qla.stockholm.se".into()
            ))
        );
        assert!(matches!(
            host("https://wwẃ.stockholm.se/"),
            Err(Problem::Internationalised(_))
        ));
        // Full-width letters fold to ASCII under IDNA: refused all the same.
        assert_eq!(
            host("https://ｓkatteverket.se/"),
            Err(Problem::Internationalised("skatteverket.se".into()))
        );
    }

    #[test]
    fn refuses_http_other_schemes_ip_and_ports() {
        assert_eq!(
            host("http://skatteverket.se/"),
            Err(Problem::NotHttps("http:".into()))
        );
        assert_eq!(
            host("javascript:alert(1)"),
            Err(Problem::NotHttps("javascript:".into()))
        );
        assert_eq!(host("https://192.0.2.1/"), Err(Problem::NotADomain));
        assert_eq!(host("https://[::1]/"), Err(Problem::NotADomain));
        assert_eq!(host("https://stockholm.se:8443/"), Err(Problem::Port(8443)));
        assert!(matches!(host("skatteverket.se"), Err(Problem::NotAUrl(_))));
    }

    #[test]
    fn refuses_bidi_format_and_control_characters() {
        assert_eq!(
            host("https://stockholm.se/\u{202e}fdp.exe"),
            Err(Problem::Character('\u{202e}'))
        );
        assert_eq!(
            host("https://stockholm.se\u{200b}.evil.example/"),
            Err(Problem::Character('\u{200b}'))
        );
        assert_eq!(
            host("https://stock\u{00ad}holm.se/"),
            Err(Problem::Character('\u{ad}'))
        );
        assert_eq!(
            host("https://stockholm.se/a b"),
            Err(Problem::Character(' '))
        );
        assert_eq!(
            host("https://stockholm.se/\n"),
            Err(Problem::Character('\n'))
        );
    }

    #[test]
    fn hub_url_https_anywhere_http_only_to_this_machine() {
        for ok in [
            "https://hub.example.org",
            "https://hub.example.org:8443/base/",
            "http://127.0.0.1:8080",
            "http://localhost:1",
            "http://[::1]:80/",
        ] {
            assert!(check_hub_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://hub.example.org",
            "http://127.0.0.1.evil.example/",
            "http://localhost@evil.example/",
            "http://evil.example#@localhost",
            "https://user:pw@hub.example.org",
            "https://",
            "ftp://hub.example.org",
            "https://hub.example.org/\u{202e}",
            "hub.example.org",
        ] {
            assert!(check_hub_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn normalises_allow_list_entries() {
        assert_eq!(normalise_host("Stockholm.SE."), Some("stockholm.se".into()));
        assert_eq!(normalise_host("malmö.se"), Some("xn--malm-8qa.se".into()));
        assert_eq!(normalise_host("se"), None);
        assert_eq!(normalise_host("https://stockholm.se"), None);
        assert_eq!(normalise_host("10.0.0.1"), None);
        assert_eq!(normalise_host("stock holm.se"), None);
    }
}
