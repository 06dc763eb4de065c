-- minqing schema step 004: indexes for the grid map and the assessment.
-- No new tables or columns: visits, survey campaigns, samples and callbacks
-- are in 001. Village visits (下村) are derived, not stored: a distinct day
-- with at least one household visit by the cadre (see domain::assessment).
-- Independent of step 003; every statement is idempotent.

-- Figures per period read visits and calls by date.
CREATE INDEX IF NOT EXISTS visits_day ON visits(visited_on);
CREATE INDEX IF NOT EXISTS callbacks_day ON callbacks(called_on);
-- The call list and campaign progress look calls up per campaign and household.
CREATE INDEX IF NOT EXISTS callbacks_campaign ON callbacks(campaign_id, household_id);
