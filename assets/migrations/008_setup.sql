-- Set-up pane (README "Setting up an office"): places, cadres and categories
-- are edited with version checks and deactivated, never deleted (requests,
-- visits and history point to them).
ALTER TABLE villages ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE villages ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE village_groups ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE village_groups ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE grids ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cadres ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE categories ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
