//! What both engines store the same way: the enums as words, a
//! heartbeat's errors as JSON text, and a bounded store of failed logins.

use super::{ContentKind, ContentStatus, Ms, Role, StoreError};

/// Failed logins older than this are deleted when a new one is recorded:
/// throttling looks back far less, and an attack must not grow the table
/// for ever.
pub(super) const LOGIN_FAILURE_KEEP_MS: Ms = 7 * 24 * 60 * 60 * 1000;

pub(super) fn kind_name(kind: ContentKind) -> &'static str {
    match kind {
        ContentKind::Guidance => "guidance",
        ContentKind::Directory => "directory",
    }
}

pub(super) fn kind_parse(s: &str) -> Result<ContentKind, StoreError> {
    match s {
        "guidance" => Ok(ContentKind::Guidance),
        "directory" => Ok(ContentKind::Directory),
        _ => Err(StoreError::Other(format!(
            "content_version.kind: unknown value {}",
            entre_core::text::quote(s)
        ))),
    }
}

pub(super) fn status_parse(s: &str) -> Result<ContentStatus, StoreError> {
    match s {
        "draft" => Ok(ContentStatus::Draft),
        "published" => Ok(ContentStatus::Published),
        "retired" => Ok(ContentStatus::Retired),
        _ => Err(StoreError::Other(format!(
            "content_version.status: unknown value {}",
            entre_core::text::quote(s)
        ))),
    }
}

pub(super) fn role_parse(s: &str) -> Result<Role, StoreError> {
    Role::parse(s).ok_or_else(|| {
        StoreError::Other(format!(
            "staff.role: unknown value {}",
            entre_core::text::quote(s)
        ))
    })
}

/// A heartbeat's `last_errors` as stored: `[[at_ms, "what"], …]`.
pub(super) fn errors_to_json(errors: &[(Ms, String)]) -> String {
    serde_json::to_string(errors).unwrap_or_else(|_| "[]".into())
}

pub(super) fn errors_from_json(text: Option<&str>) -> Result<Vec<(Ms, String)>, StoreError> {
    match text {
        None => Ok(Vec::new()),
        Some(t) => serde_json::from_str(t)
            .map_err(|e| StoreError::Other(format!("kiosk.hb_last_errors: {e}"))),
    }
}

/// A stored hash as the 32 bytes it must be.
pub(super) fn hash32(bytes: Option<Vec<u8>>, what: &str) -> Result<Option<[u8; 32]>, StoreError> {
    match bytes {
        None => Ok(None),
        Some(b) => b
            .try_into()
            .map(Some)
            .map_err(|_| StoreError::Other(format!("{what}: not 32 bytes"))),
    }
}
