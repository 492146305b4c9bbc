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

/// Hub sync: what the kiosk has of its hub (one row), the errors it has to
/// report in its next heartbeat, and the visits still to send in order of
/// time.
const V3: &str = "
CREATE TABLE hub_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    content_version TEXT,                  -- the hub content in use, if any
    etag            TEXT,                  -- its ETag, for If-None-Match
    directory       TEXT,                  -- the hub's directory as TOML; NULL: the config's
    content_ms      INTEGER,               -- when that content was put in use
    last_sync_ms    INTEGER,               -- the last round the hub answered in full
    last_error      TEXT,                  -- what failed last (no personal data)
    last_error_ms   INTEGER
) STRICT;
INSERT INTO hub_state (id) VALUES (1);

CREATE TABLE hub_error (
    id          INTEGER PRIMARY KEY,
    at_ms       INTEGER NOT NULL,
    what        TEXT NOT NULL,
    reported_ms INTEGER                    -- when a heartbeat carried it
) STRICT;

CREATE INDEX outbox_visit_pending ON outbox (created_ms, id)
    WHERE kind = 'visit' AND sent_ms IS NULL;
";

/// Outbox rows by visit: the survey making a visit due, the mail of a
/// visit in statistics, and deleting old visits (ON DELETE CASCADE) all
/// look them up by visit; without this each was a scan of the outbox.
const V4: &str = "
CREATE INDEX outbox_visit ON outbox (visit_id);
";

/// Staff PIN lockouts (three wrong PINs): counted by `entre status`, and
/// the corner stays refused across a restart. No visitor data.
const V5: &str = "
CREATE TABLE staff_lockout (
    id          INTEGER PRIMARY KEY,
    at_ms       INTEGER NOT NULL,          -- when the third wrong PIN was typed
    until_ms    INTEGER NOT NULL           -- the corner is refused until then
) STRICT;
";

/// Mail leases carry their owner (see `store::lease`): at start, only the
/// leases of a process that died are released, never a running one's.
const V6: &str = "
ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
";

/// Walk-in registrations ("I want help from a guide") and check-ins that
/// did not reach their officer, waiting to be sent to the hub's floor. No
/// visitor name, nothing typed. A row is deleted once the hub has it (or
/// refused it for good), and after `[privacy] retention_days` at most.
const V7: &str = "
CREATE TABLE registration (
    id              TEXT PRIMARY KEY,      -- UUIDv4, the hub's id for it
    at_ms           INTEGER NOT NULL,      -- when Register was tapped (ms)
    kind            TEXT NOT NULL CHECK (kind IN ('walk_in', 'checkin_unreached')),
    errand          TEXT,                  -- guidance errand id; NULL: something else
    language        TEXT NOT NULL,         -- the language help is wanted in
    needs           TEXT NOT NULL,         -- need ids, comma-separated, in Need::ALL order
    zone_id         TEXT,
    zone_label_sv   TEXT,
    checkin_unit    TEXT,                  -- unit name (checkin_unreached)
    checkin_officer TEXT,                  -- officer name from the directory (staff)
    checkin_reason  TEXT CHECK (checkin_reason IN ('away', 'relay')),
    floor           INTEGER NOT NULL,      -- 1: for the floor; 0: the visitor went to the desk
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL,      -- the outbox leaves it alone before this
    last_error      TEXT
) STRICT;
CREATE INDEX registration_due ON registration (next_attempt_ms);
";

/// Survey for every visitor (issue 18): the optional "Are you …" answer,
/// survey answers given on their own (not visits), and whether a walk-in
/// opened the "start meanwhile" steps.
const V8: &str = "
ALTER TABLE visit ADD COLUMN gender TEXT
    CHECK (gender IN ('woman', 'man', 'another', 'prefer_not_to_say'));
ALTER TABLE visit ADD COLUMN kind TEXT NOT NULL DEFAULT 'visit'
    CHECK (kind IN ('visit', 'survey_answer'));
ALTER TABLE visit ADD COLUMN meanwhile INTEGER NOT NULL DEFAULT 0
    CHECK (meanwhile IN (0, 1));
";

pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1),
        M::up(V2),
        M::up(V3),
        M::up(V4),
        M::up(V5),
        M::up(V6),
        M::up(V7),
        M::up(V8),
    ])
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }
}
