-- The triage table's sort keys as columns with indexes, so a page of it
-- (first, next after a row, last) is an index seek rather than a sort of
-- every request (README "Performance"). Virtual columns: SQLite seeks an
-- index on row values of columns, not of expressions. `due_key` puts
-- requests without a due date last ('~' sorts after every date);
-- `routine` puts urgent ones first. `status` rides along so the common
-- status filters are answered from the index.
ALTER TABLE requests ADD COLUMN due_key TEXT GENERATED ALWAYS AS (ifnull(due_at, '~')) VIRTUAL;
ALTER TABLE requests ADD COLUMN routine INTEGER GENERATED ALWAYS AS (priority <> 'urgent') VIRTUAL;
CREATE INDEX requests_due_key ON requests(due_key, received_at, id, status);
CREATE INDEX requests_priority_key ON requests(routine, due_key, received_at, id, status);
CREATE INDEX requests_received_key ON requests(received_at, id, status);
