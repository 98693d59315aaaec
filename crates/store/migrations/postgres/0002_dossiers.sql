-- Dossiers (domain.md §4): the current state as a JSON snapshot plus the columns queries need,
-- and the append-only event log it is the fold of, written in the same transaction.
-- Keep in step with ../sqlite/0002_dossiers.sql.

-- Race-free dossier codes: one counter per receiving agency and Vietnam date.
CREATE TABLE dossier_sequences (
    agency_code TEXT NOT NULL,
    day         DATE NOT NULL,
    last_seq    BIGINT NOT NULL,
    PRIMARY KEY (agency_code, day)
);

CREATE TABLE dossiers (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    submitted_at         TIMESTAMPTZ NOT NULL,
    received_at          TIMESTAMPTZ,
    due_at               TIMESTAMPTZ,
    original_due_at      TIMESTAMPTZ,
    finished_at          TIMESTAMPTZ,
    closed_at            TIMESTAMPTZ,
    version              BIGINT NOT NULL,
    snapshot             TEXT NOT NULL,
    search_text          TEXT NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX dossiers_status ON dossiers (status, due_at);
CREATE INDEX dossiers_agency ON dossiers (agency_code, status);
CREATE INDEX dossiers_owner_user ON dossiers (owner_user, due_at);
CREATE INDEX dossiers_owner_unit ON dossiers (owner_unit, due_at);
CREATE INDEX dossiers_received ON dossiers (received_at);
CREATE INDEX dossiers_finished ON dossiers (finished_at);
CREATE INDEX dossiers_owner_account ON dossiers (owner_account);

CREATE TABLE dossier_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dossier_id  BIGINT NOT NULL REFERENCES dossiers (id),
    seq         BIGINT NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
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
    created_at   TIMESTAMPTZ NOT NULL
);

-- Signed-in sessions (API tokens and browser sessions): only a hash of the secret is kept.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
