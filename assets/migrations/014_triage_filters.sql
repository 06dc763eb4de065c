-- The triage table's village, grid and text filters without a pass over
-- every request (README "Performance").
--
-- Outside callers' requests carry their own village and grid; indexed, so
-- a filter by place reads the place's households' requests and these.
CREATE INDEX requests_caller_village ON requests(caller_village_id);
CREATE INDEX requests_caller_grid ON requests(caller_grid_id);
-- A request's resident (the filter matches the resident's name too).
CREATE INDEX requests_person ON requests(person_id);

-- Every two adjacent characters (bigram) of a request's title, content and
-- caller's name, as words of a full-text index: Chinese has no spaces, and
-- a word of two characters is the commonest thing typed. A filter word
-- first finds the requests holding all its bigrams here, then the exact
-- LIKE decides (bigrams only narrow). Contentless: the index keeps no copy
-- of the text. Positions beyond the numbers table (longer texts) are not
-- split; such a request gets the word `mqlongtext`, which every filter
-- query also accepts.
CREATE TABLE text_positions (i INTEGER PRIMARY KEY);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4096)
INSERT INTO text_positions (i) SELECT i FROM n;

CREATE VIEW request_bigrams AS
SELECT id,
       (SELECT group_concat(substr(t, i, 2), ' ') FROM text_positions WHERE i < length(t))
       || CASE WHEN length(t) > 4096 THEN ' mqlongtext' ELSE '' END AS words
FROM (SELECT id, title || ' ' || content || ' ' || ifnull(caller_name, '') AS t FROM requests);

CREATE VIRTUAL TABLE request_words USING fts5(
    words, content = '', contentless_delete = 1, detail = none
);

INSERT INTO request_words (rowid, words) SELECT id, words FROM request_bigrams;

CREATE TRIGGER request_words_insert AFTER INSERT ON requests
BEGIN
    INSERT INTO request_words (rowid, words) SELECT id, words FROM request_bigrams WHERE id = NEW.id;
END;

CREATE TRIGGER request_words_update AFTER UPDATE OF id, title, content, caller_name ON requests
BEGIN
    DELETE FROM request_words WHERE rowid = OLD.id;
    INSERT INTO request_words (rowid, words) SELECT id, words FROM request_bigrams WHERE id = NEW.id;
END;

CREATE TRIGGER request_words_delete AFTER DELETE ON requests
BEGIN
    DELETE FROM request_words WHERE rowid = OLD.id;
END;
