//! Content: import, check, drafts, publishing, and the document a kiosk
//! receives.
//!
//! - [`import_dir`], [`import_files`]: guidance bundles
//!   (`<lang>/<errand>.toml`) checked whole by entre-core, exactly as a
//!   kiosk checks them; one problem refuses the import, every problem is
//!   reported as `FILE:LINE: what`, nothing is stored. A valid import
//!   becomes a numbered draft with a one-line summary of what changed.
//! - [`import_directory`]: an office's `[[unit]]` and `[[officer]]`, checked
//!   as kiosk.toml's (`PATH:LINE:COL: …`).
//! - [`publish`]: a draft, or an earlier version (roll back). Before it is
//!   stored, the document each affected office's kiosks would then receive
//!   is built and checked with the kiosk's own document check.
//! - [`served`], [`served_etag`]: what a kiosk of an office receives (city
//!   guidance, the office's overrides, the office's directory), read from
//!   the store at each request (a version published from the command line
//!   is served at the next request); the ETag costs no payload.

mod import;
mod serve;
mod summary;

pub use import::{
    import_dir, import_directory, import_directory_text, import_files, import_kiosk_directory,
};
pub use serve::{Served, document, served, served_etag};

use crate::config::HubConfig;
use crate::store::{ContentKind, ContentVersion, Live, Store, StoreError};

/// Who publishes from the command line.
pub const CLI: &str = "cli";

/// A stored draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub number: i64,
    /// What changed against the version in use, one line.
    pub summary: String,
}

/// A publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub number: i64,
    pub kind: ContentKind,
    pub office: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    /// The content is refused: every problem, one line each
    /// (`FILE:LINE: what`, `PATH:LINE:COL: key: what`, or a document path).
    /// Nothing was stored.
    #[error("refused ({} problem(s))", .0.len())]
    Refused(Vec<String>),
    /// An office that is not an `[[office]]` of hub.toml.
    #[error("unknown office {} (not an [[office]] in hub.toml)", entre_core::text::quote(.0))]
    UnknownOffice(String),
    /// No content version with this number.
    #[error("no content version {0}")]
    NotFound(i64),
    /// The folder or file cannot be read at all.
    #[error("{0}")]
    Unreadable(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Publishes version `number`: a draft, or an earlier version (roll back).
/// Recorded as published by `who`, and as reviewed by `who` when `who` did
/// not import it. Refused when its office is no longer in hub.toml, when
/// one of its bundles is past its `valid_until` on the hub's local today
/// ([`today`]), or when the document a kiosk would then receive fails the
/// kiosk's own check (e.g. hub.toml's allowed hosts or languages changed
/// since the import). A refusal changes nothing: what is published stays.
pub async fn publish(
    store: &dyn Store,
    config: &HubConfig,
    number: i64,
    who: &str,
) -> Result<Published, ContentError> {
    let (version, payload) = store
        .content_version(number)
        .await?
        .ok_or(ContentError::NotFound(number))?;
    if let Some(office) = &version.office
        && config.office(office).is_none()
    {
        return Err(ContentError::UnknownOffice(office.clone()));
    }
    if version.kind == ContentKind::Guidance {
        let expired = expired(&payload, config, today(config))?;
        if !expired.is_empty() {
            return Err(ContentError::Refused(expired));
        }
    }
    guard(
        store,
        config,
        version.kind,
        version.office.as_deref(),
        number,
        &payload,
    )
    .await?;
    store
        .content_publish(number, who, crate::state::now_ms())
        .await?;
    Ok(Published {
        number,
        kind: version.kind,
        office: version.office,
    })
}

/// The hub's local day: `[stats] timezone`, else the system's (as the
/// floor's and the statistics' days).
pub fn today(config: &HubConfig) -> jiff::civil::Date {
    let tz = crate::floor::zone(&config.timezone);
    jiff::Timestamp::from_millisecond(crate::state::now_ms())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned_datetime(tz)
        .date()
}

/// The bundles of a guidance `payload` whose `valid_until` is before
/// `today`, one line each naming the errand, the language and the day,
/// in the kiosk's errand order. (A bundle that no longer parses is left to
/// the kiosk's check, which refuses it with its own words.)
pub fn expired(
    payload: &str,
    config: &HubConfig,
    today: jiff::civil::Date,
) -> Result<Vec<String>, ContentError> {
    let guidance: serve::Guidance = serde_json::from_str(payload)
        .map_err(|e| StoreError::Other(format!("stored guidance is unreadable: {e}")))?;
    let mut found = Vec::new();
    let mut errands: Vec<&String> = guidance.values().flat_map(|m| m.keys()).collect();
    errands.sort();
    errands.dedup();
    for errand in entre_core::bundle::ordered(errands) {
        for (lang, bundles) in &guidance {
            let Some(text) = bundles.get(errand) else {
                continue;
            };
            let Ok(b) = entre_core::bundle::parse("", text, &config.allowed) else {
                continue;
            };
            if let Some(until) = b.valid_until.filter(|d| *d < today) {
                found.push(format!(
                    "{lang}/{errand}.toml: errand {}, language {lang}: valid_until {until} has passed (today is {today}): review the text, set reviewed and valid_until, and import it again",
                    entre_core::text::quote(errand)
                ));
            }
        }
    }
    Ok(found)
}

/// The final guard: the document each office concerned would receive with
/// `payload` (version `number`) in use, checked exactly as a kiosk checks
/// it. City guidance concerns every office (or, with none configured, is
/// checked on its own).
async fn guard(
    store: &dyn Store,
    config: &HubConfig,
    kind: ContentKind,
    office_of: Option<&str>,
    number: i64,
    payload: &str,
) -> Result<(), ContentError> {
    let offices: Vec<Option<&str>> = match office_of {
        Some(o) => vec![Some(o)],
        None if config.offices.is_empty() => vec![None],
        None => config.offices.iter().map(|o| Some(o.id.as_str())).collect(),
    };
    let mut problems = Vec::new();
    for office in offices {
        let mut live = match office {
            Some(o) => store.content_live(o).await?,
            None => Live::default(),
        };
        let slot = match (kind, office_of) {
            (ContentKind::Guidance, None) => &mut live.city_guidance,
            (ContentKind::Guidance, Some(_)) => &mut live.office_guidance,
            (ContentKind::Directory, _) => &mut live.directory,
        };
        *slot = Some((number, payload.to_string()));
        let Some((_, body)) = document(&live).map_err(ContentError::Store)? else {
            continue;
        };
        if let Err(refused) =
            entre_core::document::check(body.as_bytes(), &config.languages, &config.allowed)
        {
            let at = office.map_or_else(|| "city".to_string(), |o| format!("office {o}"));
            problems.extend(
                refused
                    .0
                    .into_iter()
                    .map(|p| format!("{at}: as a kiosk receives it: {p}")),
            );
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ContentError::Refused(problems))
    }
}

/// The version in use of this kind for this office (or the city), and its
/// payload.
async fn in_use(
    store: &dyn Store,
    kind: ContentKind,
    office: Option<&str>,
) -> Result<Option<(ContentVersion, String)>, StoreError> {
    let versions = store.content_versions().await?;
    let Some(v) = versions.into_iter().find(|v| {
        v.kind == kind
            && v.office.as_deref() == office
            && v.status == crate::store::ContentStatus::Published
    }) else {
        return Ok(None);
    };
    store.content_version(v.number).await
}

/// A version as one line of `entre-hub content list` (and the content
/// page): number, office or city, kind, status, who, when, summary.
pub fn line(v: &ContentVersion) -> String {
    use crate::store::ContentStatus;
    let scope = v.office.as_deref().unwrap_or("city");
    let kind = match v.kind {
        ContentKind::Guidance => "guidance",
        ContentKind::Directory => "directory",
    };
    let status = match v.status {
        ContentStatus::Draft => "draft",
        ContentStatus::Published => "published",
        ContentStatus::Retired => "retired",
    };
    let mut who = format!(
        "imported by {} {}",
        entre_core::text::cut(&v.imported_by),
        when(v.imported_ms)
    );
    if let (Some(by), Some(at)) = (&v.published_by, v.published_ms) {
        who.push_str(&format!(
            ", published by {} {}",
            entre_core::text::cut(by),
            when(at)
        ));
    }
    if let Some(r) = &v.reviewed_by {
        who.push_str(&format!(" (reviewed by {})", entre_core::text::cut(r)));
    }
    format!(
        "{:>4}  {scope}  {kind}  {status}  {who}  {}",
        v.number, v.summary
    )
}

/// A time as `2026-12-02 14:05Z` (UTC, to the minute).
pub fn when(ms: crate::store::Ms) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.strftime("%Y-%m-%d %H:%MZ").to_string())
        .unwrap_or_else(|_| ms.to_string())
}
