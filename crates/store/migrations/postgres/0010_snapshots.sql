-- The dossier's state as JSON is kept apart from its filter columns and rewritten only every
-- few events (rows::SNAPSHOT_EVERY) and when the dossier closes: the current state is the
-- snapshot plus the events after it. A step transition then rewrites a short row, not ~2 KB.
-- Keep in step with ../sqlite/0010_snapshots.sql.
CREATE TABLE dossier_snapshots (
    dossier_id BIGINT PRIMARY KEY REFERENCES dossiers (id),
    version    BIGINT NOT NULL,
    data       TEXT NOT NULL
);
INSERT INTO dossier_snapshots (dossier_id, version, data) SELECT id, version, snapshot FROM dossiers;
ALTER TABLE dossiers DROP COLUMN snapshot;
