-- Outbox (issue 4 item 10): notifications and national-portal sync records, written in the same
-- transaction as the dossier change that caused them, delivered by a worker with retries.
-- Keep in step with ../postgres/0003_outbox.sql.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    channel       TEXT NOT NULL,
    dossier_code  TEXT,
    recipient     TEXT,
    subject       TEXT,
    body          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    attempts      BIGINT NOT NULL,
    next_attempt  TEXT NOT NULL,
    last_error    TEXT,
    delivered_at  TEXT,
    locked_until  TEXT
);
CREATE INDEX outbox_due ON outbox (delivered_at, next_attempt);
CREATE INDEX outbox_dossier ON outbox (dossier_code);
