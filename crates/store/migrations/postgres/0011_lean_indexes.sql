-- Fewer index writes per dossier change. A step transition moves a dossier between owners; with
-- full indexes that rewrote four entries (the old owner's and the new one's, in both owner
-- indexes, NULLs included). Partial indexes hold only dossiers that have the value, which is
-- all an inbox or a list ever asks for ("owner_user = $1" implies "IS NOT NULL", so the
-- planner uses them), and leave closed and unowned dossiers out.
-- outbox_dossier and dossiers_finished served no query.
-- Keep in step with ../sqlite/0011_lean_indexes.sql.
DROP INDEX outbox_dossier;
DROP INDEX dossiers_finished;
DROP INDEX dossiers_owner_user;
DROP INDEX dossiers_owner_unit;
DROP INDEX dossiers_owner_account;
DROP INDEX dossiers_received;
CREATE INDEX dossiers_owner_user ON dossiers (owner_user, due_at) WHERE owner_user IS NOT NULL;
CREATE INDEX dossiers_owner_unit ON dossiers (owner_unit, due_at) WHERE owner_unit IS NOT NULL;
CREATE INDEX dossiers_owner_account ON dossiers (owner_account) WHERE owner_account IS NOT NULL;
CREATE INDEX dossiers_received ON dossiers (received_at) WHERE received_at IS NOT NULL;
