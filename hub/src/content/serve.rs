//! What a kiosk of an office receives (docs/hub-protocol.md, Content).

use std::collections::BTreeMap;

use crate::config::HubConfig;
use crate::store::{Live, Store, StoreError};

/// The content document for one office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    /// The `ETag` header: the version, quoted (`"c12-o15-d3"`).
    pub etag: String,
    /// Names what is in it: `c` the city's guidance, `o` the office's
    /// guidance overrides, `d` its directory, each with its version
    /// number (`c12-o15-d3`; a part is left out when nothing of it is
    /// published).
    pub version: String,
    /// The JSON document.
    pub body: String,
}

/// Language → errand → bundle TOML text.
pub(crate) type Guidance = BTreeMap<String, BTreeMap<String, String>>;

/// The version text for these version numbers, `None` if nothing is
/// published.
fn version_of(city: Option<i64>, office: Option<i64>, directory: Option<i64>) -> Option<String> {
    let parts: Vec<String> = [("c", city), ("o", office), ("d", directory)]
        .into_iter()
        .filter_map(|(p, n)| n.map(|n| format!("{p}{n}")))
        .collect();
    (!parts.is_empty()).then(|| parts.join("-"))
}

fn etag_of(version: &str) -> String {
    format!("\"{version}\"")
}

/// The `ETag` of what an office's kiosks are served now, without loading
/// any content (the 304 path), or `None` when nothing is published for it.
pub async fn served_etag(store: &dyn Store, office: &str) -> Result<Option<String>, StoreError> {
    let (c, o, d) = store.content_live_numbers(office).await?;
    Ok(version_of(c, o, d).map(|v| etag_of(&v)))
}

/// What a kiosk of `office` receives now, read from the store (so that a
/// version published by another process is served at the next request),
/// or `None` when nothing is published for it (the kiosk keeps what it
/// has). The document is checked with the kiosk's own check before it is
/// served; should it fail (hub.toml's languages or allowed hosts changed
/// since it was published), it is logged and not served.
pub async fn served(
    store: &dyn Store,
    config: &HubConfig,
    office: &str,
) -> Result<Option<Served>, StoreError> {
    let live = store.content_live(office).await?;
    let Some((version, body)) = document(&live)? else {
        return Ok(None);
    };
    if let Err(refused) =
        entre_core::document::check(body.as_bytes(), &config.languages, &config.allowed)
    {
        tracing::error!(
            office = %entre_core::text::cut(office),
            version = %version,
            problems = %refused,
            "published content no longer passes the kiosk's check; not served"
        );
        return Ok(None);
    }
    Ok(Some(Served {
        etag: etag_of(&version),
        version,
        body,
    }))
}

/// The document built from what is published: the city's guidance, where
/// an office bundle replaces the city's bundle of that errand (in every
/// language), and the office's directory. `(version, JSON)`, or `None`
/// when nothing is published.
pub fn document(live: &Live) -> Result<Option<(String, String)>, StoreError> {
    let Some(version) = version_of(
        live.city_guidance.as_ref().map(|x| x.0),
        live.office_guidance.as_ref().map(|x| x.0),
        live.directory.as_ref().map(|x| x.0),
    ) else {
        return Ok(None);
    };
    let read = |what: &str, payload: &str| -> Result<Guidance, StoreError> {
        serde_json::from_str(payload)
            .map_err(|e| StoreError::Other(format!("stored {what} guidance is unreadable: {e}")))
    };
    let mut doc = serde_json::Map::new();
    doc.insert("version".into(), version.clone().into());
    let city = match &live.city_guidance {
        Some((_, p)) => Some(read("city", p)?),
        None => None,
    };
    let office = match &live.office_guidance {
        Some((_, p)) => Some(read("office", p)?),
        None => None,
    };
    if city.is_some() || office.is_some() {
        let merged = merge(city.unwrap_or_default(), office.unwrap_or_default());
        doc.insert(
            "guidance".into(),
            serde_json::to_value(merged).map_err(|e| StoreError::Other(e.to_string()))?,
        );
    }
    if let Some((_, p)) = &live.directory {
        let directory: serde_json::Value = serde_json::from_str(p)
            .map_err(|e| StoreError::Other(format!("stored directory is unreadable: {e}")))?;
        doc.insert("directory".into(), directory);
    }
    Ok(Some((version, serde_json::Value::Object(doc).to_string())))
}

/// The city's guidance with the office's overrides: an errand the office
/// has (in any language) is the office's in every language.
pub(crate) fn merge(mut city: Guidance, office: Guidance) -> Guidance {
    let overridden: std::collections::BTreeSet<&String> =
        office.values().flat_map(|errands| errands.keys()).collect();
    for errands in city.values_mut() {
        errands.retain(|errand, _| !overridden.contains(errand));
    }
    city.retain(|_, errands| !errands.is_empty());
    for (lang, errands) in &office {
        city.entry(lang.clone())
            .or_default()
            .extend(errands.iter().map(|(e, t)| (e.clone(), t.clone())));
    }
    city
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Guidance from (language, errand, bundle text) triples (tests of
    /// this module and of summary.rs).
    pub(crate) fn g(items: &[(&str, &str, &str)]) -> Guidance {
        let mut out = Guidance::new();
        for (l, e, t) in items {
            out.entry(l.to_string())
                .or_default()
                .insert(e.to_string(), t.to_string());
        }
        out
    }

    #[test]
    fn an_office_errand_replaces_the_citys_in_every_language_and_only_that_errand() {
        let city = g(&[
            ("sv", "housing", "city sv housing"),
            ("en", "housing", "city en housing"),
            ("fi", "housing", "city fi housing"),
            ("sv", "work", "city sv work"),
            ("en", "work", "city en work"),
        ]);
        let office = g(&[
            ("sv", "housing", "office sv housing"),
            ("en", "housing", "office en housing"),
        ]);
        let merged = merge(city, office);
        assert_eq!(
            merged,
            g(&[
                ("sv", "housing", "office sv housing"),
                ("en", "housing", "office en housing"),
                ("sv", "work", "city sv work"),
                ("en", "work", "city en work"),
            ])
        );
    }

    #[test]
    fn the_version_names_each_part_published() {
        assert_eq!(version_of(None, None, None), None);
        assert_eq!(version_of(Some(12), None, Some(3)).unwrap(), "c12-d3");
        assert_eq!(
            version_of(Some(12), Some(15), Some(3)).unwrap(),
            "c12-o15-d3"
        );
    }
}
