-- Logins with passwords (README "Accounts and roles"): failed attempts and
-- the lock they cause live in the database, so every terminal shares them.
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TEXT;
