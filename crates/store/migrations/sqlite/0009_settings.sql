-- Settings an administrator changes without restarting (office hours, SMTP, national portal):
-- one JSON value per key; absent keys fall back to the configuration file.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
