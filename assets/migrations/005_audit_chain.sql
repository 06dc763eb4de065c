-- Hash chain over the audit log (README "Audit"): each row carries the hash
-- of the row before it and of its own content, so `minqing check` notices a
-- deleted, changed or reordered row. The append-only triggers are dropped
-- for the migration only: the store fills the hashes of existing rows in
-- the same transaction and then recreates them (see store/audit.rs).
DROP TRIGGER audit_log_no_update;
DROP TRIGGER audit_log_no_delete;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
-- The newest row's id and hash: a deleted last row leaves the head pointing
-- at a row that is gone.
CREATE TABLE audit_head (
    one     INTEGER PRIMARY KEY CHECK (one = 1),
    last_id INTEGER NOT NULL,
    hash    TEXT NOT NULL
);
