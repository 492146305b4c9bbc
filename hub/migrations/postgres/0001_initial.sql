-- entre-hub, PostgreSQL schema 1: the same tables as SQLite's 0001.
-- Append new numbered files; never edit one that has shipped. Times are
-- Unix milliseconds (UTC).

-- Kiosks registered by IT. Only the SHA-256 of a token is stored.
CREATE TABLE kiosk (
    id                   TEXT PRIMARY KEY,
    office               TEXT NOT NULL,
    token_sha256         BYTEA NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
    added_ms             BIGINT NOT NULL,
    revoked_ms           BIGINT,
    -- The last heartbeat (NULL until the first one).
    hb_received_ms       BIGINT,
    hb_version           TEXT,
    hb_started_ms        BIGINT,
    hb_mail_pending      BIGINT,
    hb_visits_pending    BIGINT,
    hb_oldest_pending_ms BIGINT,
    hb_last_errors       TEXT,     -- JSON: [[at_ms, "what"], ...], oldest first
    hb_content_version   TEXT
);

-- Visits as the kiosks send them: no personal data. An id is stored once,
-- whichever kiosk or hub instance sends it.
CREATE TABLE visit (
    id             TEXT PRIMARY KEY,
    kiosk          TEXT NOT NULL,
    office         TEXT NOT NULL,
    at_ms          BIGINT NOT NULL,
    purpose        TEXT NOT NULL,
    errand         TEXT,
    language       TEXT NOT NULL,
    learned        BOOLEAN,
    self_next_time BOOLEAN,
    checkin_unit   TEXT
);
CREATE INDEX visit_at ON visit (at_ms);
CREATE INDEX visit_office_at ON visit (office, at_ms);

CREATE TABLE content_version (
    number       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('guidance', 'directory')),
    office       TEXT,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
    imported_by  TEXT NOT NULL,
    imported_ms  BIGINT NOT NULL,
    published_by TEXT,
    published_ms BIGINT,
    reviewed_by  TEXT,
    summary      TEXT NOT NULL,
    payload      TEXT NOT NULL
);
-- At most one published version per kind and office (or the city).
CREATE UNIQUE INDEX content_version_live
    ON content_version (kind, coalesce(office, '')) WHERE status = 'published';

-- Staff accounts ("user" is a reserved word).
CREATE TABLE staff (
    name               TEXT PRIMARY KEY,
    role               TEXT NOT NULL CHECK (role IN ('guide', 'manager', 'editor', 'admin')),
    office             TEXT,
    password_hash      TEXT,
    setup_token_sha256 BYTEA UNIQUE CHECK (length(setup_token_sha256) = 32),
    setup_expires_ms   BIGINT,
    added_ms           BIGINT NOT NULL
);

CREATE TABLE session (
    token_sha256 BYTEA PRIMARY KEY CHECK (length(token_sha256) = 32),
    staff        TEXT NOT NULL REFERENCES staff (name) ON DELETE CASCADE,
    csrf         TEXT NOT NULL,
    expires_ms   BIGINT NOT NULL
);
CREATE INDEX session_expires ON session (expires_ms);
CREATE INDEX session_staff ON session (staff);

-- Failed logins, per key ("user:NAME" or "addr:IP"), for throttling.
CREATE TABLE login_failure (
    key   TEXT NOT NULL,
    at_ms BIGINT NOT NULL
);
CREATE INDEX login_failure_key ON login_failure (key, at_ms);
CREATE INDEX login_failure_at ON login_failure (at_ms);
