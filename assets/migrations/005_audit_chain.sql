-- Hash chain over the audit log (README "Audit"): each row carries the hash
-- of the row before it and of its own content, so `minqing check` notices a
-- deleted, changed or reordered row. The store then fills the hashes of
-- existing rows in the same transaction (store/audit.rs), lifting the
-- append-only triggers only for that.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
-- The newest row's id and hash: a deleted last row leaves the head pointing
-- at a row that is gone.
CREATE TABLE audit_head (
    one     INTEGER PRIMARY KEY CHECK (one = 1),
    last_id INTEGER NOT NULL,
    hash    TEXT NOT NULL
);
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
