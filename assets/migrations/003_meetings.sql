-- minqing schema v3: topic suggestions and decisions closing the loop.

-- A suggested topic the clerk dismissed: its requests (sorted ids, comma
-- separated). It stays hidden unless a request outside this set joins it.
CREATE TABLE topic_dismissals (
    id           INTEGER PRIMARY KEY,
    category_id  INTEGER REFERENCES categories(id),
    request_ids  TEXT NOT NULL,
    dismissed_at TEXT NOT NULL,
    user_id      INTEGER REFERENCES users(id)
);

-- When a decision was marked done (its topic's requests then await a callback).
ALTER TABLE decisions ADD COLUMN done_at TEXT;

-- Look-back window of topic suggestions, in days.
INSERT OR IGNORE INTO settings (key, value) VALUES ('topic_window_days', '90');
