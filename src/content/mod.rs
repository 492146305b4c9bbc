//! Errand guidance: bundles of steps, needs, a link and tips, one file per
//! errand per language (`assets/guidance/<lang>/<errand>.toml`).
//!
//! Bundles are validated exactly the same way whether they come with the
//! package or from the hub ([`entre_core::bundle`], re-exported here); an
//! invalid bundle is refused whole and the one in use is kept. What stays
//! here is the kiosk's own: the bundles built into the binary and the
//! guidance cache in its database.

pub use entre_core::bundle::*;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/guidance.rs"));
}

/// The bundles shipped inside the binary: (lang, errand, source).
pub fn embedded() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    embedded::EMBEDDED.iter()
}

/// The shipped bundles that are in `valid`: (lang, errand, source).
fn valid_rows(valid: &Tree) -> Vec<(String, String, String)> {
    embedded()
        .filter(|(l, e, _)| valid.get(*l).is_some_and(|m| m.contains_key(*e)))
        .map(|(l, e, s)| (l.to_string(), e.to_string(), s.to_string()))
        .collect()
}

/// The shipped bundles that pass the checks for `languages`, as rows for
/// the guidance cache: (lang, errand, source).
pub fn bundled_rows(
    languages: &[String],
    allowed: &entre_core::Allowed,
) -> Vec<(String, String, String)> {
    let (bundled, _) = check(
        embedded().map(|(l, e, s)| (l.to_string(), e.to_string(), format!("{l}/{e}"), s)),
        languages,
        allowed,
    );
    valid_rows(&bundled)
}

/// Logs the packaged bundles past their `valid_until`, once per process
/// ([`load`] also runs after each sync with the hub).
fn warn_expired(tree: &Tree, today: jiff::civil::Date) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        for (lang, errand, until) in expired(tree, today) {
            tracing::warn!(
                file = %format!("assets/guidance/{lang}/{errand}.toml"),
                valid_until = %until,
                "packaged guidance past its valid_until: still shown; review the text again"
            );
        }
    });
}

/// At start: validates the bundled guidance, puts what is valid in the
/// store's cache (a refused bundle leaves the cached one in use), and
/// returns the tree in use, read back from the cache.
pub fn load(
    store: Option<&crate::store::Store>,
    languages: &[String],
    allowed: &entre_core::Allowed,
) -> Tree {
    let (bundled, errors) = check(
        embedded().map(|(l, e, s)| {
            (
                l.to_string(),
                e.to_string(),
                format!("assets/guidance/{l}/{e}.toml"),
                s,
            )
        }),
        languages,
        allowed,
    );
    for e in &errors {
        tracing::error!(problem = %e, "guidance bundle refused");
    }
    warn_expired(&bundled, jiff::ZonedDateTime::now().date());
    let Some(store) = store else {
        return bundled;
    };
    let valid = valid_rows(&bundled);
    if let Err(e) = store.cache_guidance("bundled", env!("CARGO_PKG_VERSION"), &valid) {
        tracing::error!(error = %e, "cannot update the guidance cache");
        return bundled;
    }
    match store.cached_guidance() {
        Ok(rows) => {
            let mut tree = Tree::new();
            for (lang, errand, body) in rows {
                match parse(&format!("cache:{lang}/{errand}"), &body, allowed) {
                    Ok(b) => {
                        tree.entry(lang).or_default().insert(errand, b);
                    }
                    Err(e) => {
                        // E.g. the hub's bundle from before a check this
                        // kiosk now makes: the packaged one, if valid, is
                        // shown rather than nothing.
                        tracing::error!(problem = ?e, "cached guidance unreadable");
                        if let Some(b) = bundled.get(&lang).and_then(|m| m.get(&errand)) {
                            tree.entry(lang).or_default().insert(errand, b.clone());
                        }
                    }
                }
            }
            tree
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot read the guidance cache");
            bundled
        }
    }
}
