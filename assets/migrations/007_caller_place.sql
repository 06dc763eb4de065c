-- Outside callers (no household in the register) say where they live, so
-- their requests show a village and grid in triage like everyone else's.
ALTER TABLE requests ADD COLUMN caller_village_id INTEGER REFERENCES villages(id);
ALTER TABLE requests ADD COLUMN caller_grid_id INTEGER REFERENCES grids(id);
