-- The citizen portal's server-side state. A submission in progress (answers and uploaded
-- file references as JSON) under the SHA-256 of the random draft id kept in the browser's
-- cookie, so nothing typed is lost between pages; it expires if left alone.
CREATE TABLE submission_drafts (
    id_hash         TEXT PRIMARY KEY,
    procedure_code  TEXT NOT NULL,
    data            TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX submission_drafts_expiry ON submission_drafts (expires_at);

-- Proof that a browser looked a dossier up with its code and second factor: the SHA-256 of
-- the random token in the browser's cookie, per dossier, for a while.
CREATE TABLE lookup_grants (
    token_hash    TEXT NOT NULL,
    dossier_code  TEXT NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (token_hash, dossier_code)
);
CREATE INDEX lookup_grants_expiry ON lookup_grants (expires_at);
