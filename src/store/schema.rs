//! Versioned schema. Append migrations; never edit one that has shipped.

use rusqlite_migration::{M, Migrations};

const V1: &str = "
CREATE TABLE visit (
    id          TEXT PRIMARY KEY,          -- UUIDv7
    at_ms       INTEGER NOT NULL,          -- unix time, milliseconds
    purpose     TEXT NOT NULL,             -- [[purpose]] id
    errand      TEXT,                      -- guidance errand id, if any
    language    TEXT NOT NULL,
    learned     INTEGER,                   -- survey answer: 1, 0 or NULL (skipped)
    self_next_time INTEGER,
    checkin_unit TEXT                      -- unit id of a check-in; never a person
) STRICT;
CREATE INDEX visit_at ON visit (at_ms);

-- Work for the network: mail to officers and visits to the hub.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('mail', 'visit')),
    visit_id        TEXT REFERENCES visit (id) ON DELETE CASCADE,
    payload         TEXT NOT NULL,         -- personal data only as privacy allows; purged after retention
    created_ms      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL,
    last_error      TEXT,
    sent_ms         INTEGER
) STRICT;
CREATE INDEX outbox_due ON outbox (kind, sent_ms, next_attempt_ms);

-- Guidance bundles as validated and in use, from the package or the hub.
CREATE TABLE guidance_cache (
    lang        TEXT NOT NULL,
    errand      TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('bundled', 'hub')),
    version     TEXT NOT NULL,
    body        TEXT NOT NULL,
    loaded_ms   INTEGER NOT NULL,
    PRIMARY KEY (lang, errand)
) STRICT;
";

/// Arrival mail in the outbox: the envelope and Message-ID beside the raw
/// message (kept in `payload`), and when delivery was given up.
const V2: &str = "
ALTER TABLE outbox ADD COLUMN envelope_from TEXT;
ALTER TABLE outbox ADD COLUMN envelope_to TEXT;
ALTER TABLE outbox ADD COLUMN message_id TEXT;
ALTER TABLE outbox ADD COLUMN gave_up_ms INTEGER;
";

pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(V1), M::up(V2)])
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }
}
