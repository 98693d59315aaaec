-- The procedure catalog (domain.md §3). Keep in step with ../postgres/0001_catalog.sql:
-- the schema parity test compares tables, columns and indexes.

CREATE TABLE agencies (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    parent_code TEXT,
    address     TEXT,
    phone       TEXT,
    email       TEXT,
    position    INTEGER NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE units (
    agency_code TEXT NOT NULL REFERENCES agencies (code),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (agency_code, code)
);

CREATE TABLE fields (
    code     TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL
);

-- One row per procedure version; exactly one version per code is current. Dossiers pin `id`.
CREATE TABLE procedures (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    code                TEXT NOT NULL,
    version             INTEGER NOT NULL,
    is_current          BOOLEAN NOT NULL,
    name                TEXT NOT NULL,
    field_code          TEXT NOT NULL REFERENCES fields (code),
    agency_code         TEXT NOT NULL REFERENCES agencies (code),
    unit_code           TEXT NOT NULL,
    level               TEXT,
    applicant_types     TEXT NOT NULL,
    statutory_unit      TEXT NOT NULL,
    statutory_half_days BIGINT NOT NULL,
    committed_unit      TEXT NOT NULL,
    committed_half_days BIGINT NOT NULL,
    same_day_cutoff     BOOLEAN NOT NULL,
    fee_timing          TEXT NOT NULL,
    sets                INTEGER NOT NULL,
    result_name         TEXT NOT NULL,
    result_kind         TEXT NOT NULL,
    online_level        TEXT NOT NULL,
    national_portal     BOOLEAN NOT NULL,
    on_the_spot         BOOLEAN NOT NULL,
    conditions          TEXT,
    legal_basis         TEXT NOT NULL,
    effective_from      DATE NOT NULL,
    effective_to        DATE,
    status              TEXT NOT NULL,
    search_text         TEXT NOT NULL,
    position            INTEGER NOT NULL,
    created_at          TEXT NOT NULL,
    created_by          TEXT,
    UNIQUE (code, version)
);
CREATE UNIQUE INDEX procedures_current ON procedures (code) WHERE is_current;
CREATE INDEX procedures_field ON procedures (field_code, is_current);
CREATE INDEX procedures_agency ON procedures (agency_code, is_current);

CREATE TABLE procedure_fees (
    procedure_id INTEGER NOT NULL REFERENCES procedures (id),
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    amount_vnd   BIGINT,
    description  TEXT,
    PRIMARY KEY (procedure_id, position)
);

CREATE TABLE procedure_components (
    procedure_id     INTEGER NOT NULL REFERENCES procedures (id),
    position         INTEGER NOT NULL,
    name             TEXT NOT NULL,
    originals        INTEGER NOT NULL,
    certified_copies INTEGER NOT NULL,
    copies           INTEGER NOT NULL,
    required         BOOLEAN NOT NULL,
    template         TEXT,
    note             TEXT,
    PRIMARY KEY (procedure_id, position)
);

CREATE TABLE procedure_steps (
    procedure_id INTEGER NOT NULL REFERENCES procedures (id),
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    unit_code    TEXT NOT NULL,
    agency_code  TEXT,
    minutes      INTEGER NOT NULL,
    PRIMARY KEY (procedure_id, position)
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    email         TEXT,
    password_hash TEXT NOT NULL,
    agency_code   TEXT REFERENCES agencies (code),
    unit_code     TEXT,
    roles         TEXT NOT NULL,
    active        BOOLEAN NOT NULL,
    created_at    TEXT NOT NULL
);

-- Operator overrides of the working calendar (issue 3): replace what law and notices say.
CREATE TABLE calendar_overrides (
    day        DATE PRIMARY KEY,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
