-- Dossiers (domain.md §4): the current state as a JSON snapshot plus the columns queries need,
-- and the append-only event log it is the fold of, written in the same transaction.
-- Keep in step with ../postgres/0002_dossiers.sql.

-- Race-free dossier codes: one counter per receiving agency and Vietnam date.
CREATE TABLE dossier_sequences (
    agency_code TEXT NOT NULL,
    day         DATE NOT NULL,
    last_seq    BIGINT NOT NULL,
    PRIMARY KEY (agency_code, day)
);

CREATE TABLE dossiers (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    code                 TEXT NOT NULL UNIQUE,
    receiving_agency     TEXT NOT NULL,
    agency_code          TEXT NOT NULL,
    procedure_code       TEXT NOT NULL,
    procedure_version_id BIGINT NOT NULL REFERENCES procedures (id),
    channel              TEXT NOT NULL,
    status               TEXT NOT NULL,
    national_status      BIGINT NOT NULL,
    applicant_name       TEXT NOT NULL,
    owner_account        TEXT,
    owner_user           TEXT,
    owner_unit           TEXT,
    submitted_at         TEXT NOT NULL,
    received_at          TEXT,
    due_at               TEXT,
    original_due_at      TEXT,
    finished_at          TEXT,
    closed_at            TEXT,
    version              BIGINT NOT NULL,
    snapshot             TEXT NOT NULL,
    search_text          TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX dossiers_status ON dossiers (status, due_at);
CREATE INDEX dossiers_agency ON dossiers (agency_code, status);
CREATE INDEX dossiers_owner_user ON dossiers (owner_user, due_at);
CREATE INDEX dossiers_owner_unit ON dossiers (owner_unit, due_at);
CREATE INDEX dossiers_received ON dossiers (received_at);
CREATE INDEX dossiers_finished ON dossiers (finished_at);
CREATE INDEX dossiers_owner_account ON dossiers (owner_account);

CREATE TABLE dossier_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id  BIGINT NOT NULL REFERENCES dossiers (id),
    seq         BIGINT NOT NULL,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    step        BIGINT,
    note        TEXT,
    data        TEXT NOT NULL,
    UNIQUE (dossier_id, seq)
);

-- A retried online submission with the same key returns the same dossier.
CREATE TABLE idempotency_keys (
    key          TEXT PRIMARY KEY,
    dossier_code TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

-- Signed-in sessions (API tokens and browser sessions): only a hash of the secret is kept.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
