-- A bulk write (a register import of thousands of rows) pauses the change
-- log of households and persons inside its own transaction and leaves one
-- 'reload' entry instead: every open TUI loads everything again, which is
-- cheaper than patching row by row, and the import does not write (and
-- prune) a log entry per row (README "Performance").
CREATE TABLE change_log_pause (one INTEGER PRIMARY KEY CHECK (one = 1));

DROP TRIGGER change_log_households_insert;
DROP TRIGGER change_log_households_update;
DROP TRIGGER change_log_persons_insert;
DROP TRIGGER change_log_persons_update;

CREATE TRIGGER change_log_households_insert AFTER INSERT ON households
WHEN NOT EXISTS (SELECT 1 FROM change_log_pause)
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('households', NEW.rowid);
END;

CREATE TRIGGER change_log_households_update AFTER UPDATE ON households
WHEN NOT EXISTS (SELECT 1 FROM change_log_pause)
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('households', NEW.rowid);
END;

CREATE TRIGGER change_log_persons_insert AFTER INSERT ON persons
WHEN NOT EXISTS (SELECT 1 FROM change_log_pause)
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('households', NEW.household_id);
END;

CREATE TRIGGER change_log_persons_update AFTER UPDATE ON persons
WHEN NOT EXISTS (SELECT 1 FROM change_log_pause)
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('households', NEW.household_id);
    INSERT INTO change_log (tbl, row_id)
        SELECT 'households', OLD.household_id WHERE OLD.household_id IS NOT NEW.household_id;
END;
