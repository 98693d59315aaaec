-- Outbox (issue 4 item 10): notifications and national-portal sync records, written in the same
-- transaction as the dossier change that caused them, delivered by a worker with retries.
-- Keep in step with ../sqlite/0003_outbox.sql.
CREATE TABLE outbox (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel       TEXT NOT NULL,
    dossier_code  TEXT,
    recipient     TEXT,
    subject       TEXT,
    body          TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    attempts      BIGINT NOT NULL,
    next_attempt  TIMESTAMPTZ NOT NULL,
    last_error    TEXT,
    delivered_at  TIMESTAMPTZ,
    locked_until  TIMESTAMPTZ
);
CREATE INDEX outbox_due ON outbox (delivered_at, next_attempt);
CREATE INDEX outbox_dossier ON outbox (dossier_code);
