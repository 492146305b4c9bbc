-- entre-hub, SQLite schema 2: the floor (walk-in registrations, issue 16).
-- Append new numbered files; never edit one that has shipped.

-- One registration: a walk-in (kiosk, or registered by a guide) or a
-- check-in whose officer was not reached. No visitor name, nothing a
-- visitor typed. Deleted after [privacy] floor_retention_days; its
-- anonymous facts move to floor_fact then.
CREATE TABLE registration (
    id              TEXT PRIMARY KEY,
    office          TEXT NOT NULL,
    kiosk           TEXT,
    registered_by   TEXT,
    at_ms           INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('walk_in', 'checkin_unreached')),
    errand          TEXT,
    language        TEXT NOT NULL,
    needs           TEXT NOT NULL,  -- e.g. "seated,interpreter" ("" for none)
    zone_id         TEXT,
    zone_label      TEXT,           -- the zone's label in Swedish
    checkin_unit    TEXT,
    checkin_officer TEXT,
    checkin_reason  TEXT CHECK (checkin_reason IN ('away', 'relay')),
    -- The office's local day the code is unique in, e.g. "2026-12-02".
    day             TEXT NOT NULL,
    code            TEXT NOT NULL,
    state           TEXT NOT NULL
        CHECK (state IN ('waiting', 'claimed', 'done', 'left', 'not_met', 'desk')),
    claimed_by      TEXT,
    claimed_ms      INTEGER,
    closed_ms       INTEGER,
    UNIQUE (office, day, code)
) STRICT;
-- The floor (open rows of an office, oldest first) and `ahead`.
CREATE INDEX registration_floor ON registration (office, state, at_ms);
-- The floor of every office, and the purge.
CREATE INDEX registration_state_at ON registration (state, at_ms);
-- The figures.
CREATE INDEX registration_at ON registration (at_ms);
CREATE INDEX registration_office_at ON registration (office, at_ms);
-- `wait_min`: an office's recent claims.
CREATE INDEX registration_claimed ON registration (office, claimed_ms)
    WHERE claimed_ms IS NOT NULL;

-- The anonymous facts of purged registrations: what the figures need and
-- nothing else (no id, code, kiosk, guide, needs or zone).
CREATE TABLE floor_fact (
    office     TEXT NOT NULL,
    at_ms      INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('walk_in', 'checkin_unreached')),
    errand     TEXT,
    language   TEXT NOT NULL,
    state      TEXT NOT NULL
        CHECK (state IN ('waiting', 'claimed', 'done', 'left', 'not_met', 'desk')),
    wait_ms    INTEGER,
    service_ms INTEGER
) STRICT;
CREATE INDEX floor_fact_at ON floor_fact (at_ms);
CREATE INDEX floor_fact_office_at ON floor_fact (office, at_ms);

-- One counter per office, bumped in the same transaction as every change
-- of its floor; each instance polls it (floor_subscribe).
CREATE TABLE floor_change (
    office TEXT PRIMARY KEY,
    seq    INTEGER NOT NULL
) STRICT;
