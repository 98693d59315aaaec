-- Satisfaction ratings and feedback / petitions (PAKN), domain.md §7.
-- Keep in step with ../postgres/0004_service.sql.

-- One rating per dossier, given once its result was returned.
CREATE TABLE ratings (
    dossier_code TEXT PRIMARY KEY REFERENCES dossiers (code),
    ease         TEXT NOT NULL,
    overall      TEXT NOT NULL,
    comment      TEXT,
    rated_at     TEXT NOT NULL
);
CREATE INDEX ratings_rated_at ON ratings (rated_at);

-- Race-free PAKN codes: one counter per Vietnam date.
CREATE TABLE feedback_sequences (
    day      DATE PRIMARY KEY,
    last_seq BIGINT NOT NULL
);

CREATE TABLE feedback (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    code          TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,
    subject       TEXT NOT NULL,
    content       TEXT NOT NULL,
    contact_name  TEXT NOT NULL,
    contact_phone TEXT,
    contact_email TEXT,
    dossier_code  TEXT,
    agency_code   TEXT NOT NULL,
    status        TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    answer_text   TEXT,
    answer_by     TEXT,
    answered_at   TEXT,
    published_at  TEXT
);
CREATE INDEX feedback_agency ON feedback (agency_code, status, received_at);
CREATE INDEX feedback_received ON feedback (received_at);
CREATE INDEX feedback_dossier ON feedback (dossier_code);
