-- Trust (issue 18). Keep in step with ../sqlite/0021_record.sql.

-- The tamper-evident record: every event carries the hash of the event before it in its
-- dossier (NULL for the first) and its own (motcua_domain::record, canonical form v1); the
-- dossier row keeps its chain's head, so an append links without reading the log and a
-- removed last event shows. Events stored before this migration are chained by a one-time
-- backfill (motcua_store::record::backfill, run at start-up and by `motcua doctor`).
ALTER TABLE dossier_events ADD COLUMN prev_hash BYTEA;
ALTER TABLE dossier_events ADD COLUMN hash BYTEA;
ALTER TABLE dossiers ADD COLUMN chain_head BYTEA;
-- The dossiers whose events are waiting for that backfill: only these are ever chained after
-- the fact (a chain removed later is reported broken, not silently rebuilt).
CREATE TABLE record_backfill (dossier_id BIGINT PRIMARY KEY);
INSERT INTO record_backfill (dossier_id) SELECT id FROM dossiers;

-- One anchor a day: a hash over the heads of all chains as they were when it was taken (the
-- events up to `last_event_id`), for an operator to print or publish.
CREATE TABLE record_anchors (
    day           DATE PRIMARY KEY,
    taken_at      TIMESTAMPTZ NOT NULL,
    last_event_id BIGINT NOT NULL,
    dossiers      BIGINT NOT NULL,
    root          BYTEA NOT NULL
);

-- An idempotency key answers only the sender that used it first: the signed-in account
-- ("user:NAME"), or for an anonymous submission the hash of what was sent ("body:SHA256").
-- NULL (keys stored before this migration) matches no one.
ALTER TABLE idempotency_keys ADD COLUMN sender TEXT;

-- Wrong second factors per dossier code (public lookup and X-Applicant-Id alike; "pakn:CODE"
-- for a PAKN), kept in
-- the database: a restart or a second process does not reset the count.
CREATE TABLE lookup_failures (
    guard_key    TEXT PRIMARY KEY,
    failures     BIGINT NOT NULL,
    window_start TIMESTAMPTZ NOT NULL
);

-- Who uploaded which file: a dossier may newly reference only a file its sender uploaded
-- ("user:NAME" for an account, "ticket:SHA256" for the hash of the anonymous upload ticket).
CREATE TABLE uploads (
    sha256     TEXT NOT NULL,
    uploader   TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (sha256, uploader)
);
