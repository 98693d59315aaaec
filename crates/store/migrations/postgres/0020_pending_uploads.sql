-- Uploaded files not yet known to be kept (issue #18, finding 7). Every upload records its
-- blob here (a repeated upload of the same bytes moves `uploaded_at` forward); a sweep in the
-- server removes, after a retention period, each blob that no dossier event and no live
-- submission draft references, and forgets the row either way.
-- Keep in step with ../sqlite/0020_pending_uploads.sql.
CREATE TABLE pending_uploads (
    sha256       TEXT PRIMARY KEY,
    uploaded_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX pending_uploads_at ON pending_uploads (uploaded_at);
