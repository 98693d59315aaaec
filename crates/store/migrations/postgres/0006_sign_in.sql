-- Failed sign-ins per user name, for the lock-out after repeated failures.
CREATE TABLE sign_in_failures (
    username      TEXT PRIMARY KEY,
    failures      BIGINT NOT NULL,
    last_failure  TIMESTAMPTZ NOT NULL,
    locked_until  TIMESTAMPTZ
);
