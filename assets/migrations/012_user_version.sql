-- Accounts get a version like every other row the set-up pane edits, so
-- two administrators editing one account at once cannot overwrite each
-- other unseen (README "Setting up an office").
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
