-- Sessions and accounts (issue 18, build 5). Keep in step with ../postgres/0023_accounts.sql.
-- A session's kind decides its timeouts: 'page' (browser), 'api' (API sign-in), 'machine'
-- (an administrator's long-lived token: absolute expiry only), 'pending' (password right,
-- second factor still to come: never a signed-in person). last_seen_at is written at most once
-- a minute, so the idle timeout costs no write per request.
ALTER TABLE sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'page';
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
ALTER TABLE sessions ADD COLUMN ip TEXT;

-- TOTP (RFC 6238): the base32 secret (kept to verify codes; enabled once a first code was
-- confirmed) and the last time step accepted, so a code is never accepted twice.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

-- One-use recovery codes for a lost authenticator (only their SHA-256).
CREATE TABLE recovery_codes (
    user_id    BIGINT NOT NULL REFERENCES users (id),
    code_hash  TEXT NOT NULL,
    used_at    TEXT,
    PRIMARY KEY (user_id, code_hash)
);

-- Every administrative change, written in the transaction of the change itself.
CREATE TABLE admin_audit (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    target    TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT
);
CREATE INDEX admin_audit_at ON admin_audit (at);
