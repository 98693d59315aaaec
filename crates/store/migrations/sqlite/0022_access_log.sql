-- Reads of applicants' personal data (Decree 13/2023/NĐ-CP: a record of processing): who read
-- which dossier (or, for an export, which dossiers), which fields in full, when, why.
-- Append-only; one row per read, one per export.
CREATE TABLE access_log (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            TEXT NOT NULL,
    username      TEXT NOT NULL,
    agency_code   TEXT,
    relation      TEXT NOT NULL,
    purpose       TEXT NOT NULL,
    reason        TEXT,
    dossier_code  TEXT,
    codes         TEXT,
    code_count    BIGINT NOT NULL,
    fields        TEXT NOT NULL,
    door          TEXT NOT NULL
);
CREATE INDEX access_log_at ON access_log (at);
CREATE INDEX access_log_dossier ON access_log (dossier_code, at);
CREATE INDEX access_log_user ON access_log (username, at);
