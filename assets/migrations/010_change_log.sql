-- Change log for incremental refresh (README "Performance"): every change
-- to a table the open TUIs show records (table, row id) with a sequence
-- number, in the same transaction as the change. A TUI remembers the last
-- sequence it applied and, when another connection commits, reads only the
-- newer entries and patches what they touch.
--
-- A person is shown as part of its household (register, lookup), so person
-- changes are logged as changes of the household they left and joined.
-- audit_log, audit_head and saved_views are not shown by the snapshot and
-- are not logged.
CREATE TABLE change_log (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    tbl    TEXT NOT NULL,
    row_id INTEGER NOT NULL
);

-- Size cap: every 1,000th entry drops those more than 10,000 back. A TUI
-- whose position was dropped notices the gap and loads everything again.
CREATE TRIGGER change_log_prune AFTER INSERT ON change_log WHEN NEW.seq % 1000 = 0
BEGIN
    DELETE FROM change_log WHERE seq <= NEW.seq - 10000;
END;

CREATE TRIGGER change_log_households_insert AFTER INSERT ON households
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('households', NEW.rowid);
END;

CREATE TRIGGER change_log_households_update AFTER UPDATE ON households
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('households', NEW.rowid);
END;

CREATE TRIGGER change_log_households_delete AFTER DELETE ON households
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('households', OLD.rowid);
END;

CREATE TRIGGER change_log_villages_insert AFTER INSERT ON villages
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('villages', NEW.rowid);
END;

CREATE TRIGGER change_log_villages_update AFTER UPDATE ON villages
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('villages', NEW.rowid);
END;

CREATE TRIGGER change_log_villages_delete AFTER DELETE ON villages
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('villages', OLD.rowid);
END;

CREATE TRIGGER change_log_village_groups_insert AFTER INSERT ON village_groups
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('village_groups', NEW.rowid);
END;

CREATE TRIGGER change_log_village_groups_update AFTER UPDATE ON village_groups
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('village_groups', NEW.rowid);
END;

CREATE TRIGGER change_log_village_groups_delete AFTER DELETE ON village_groups
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('village_groups', OLD.rowid);
END;

CREATE TRIGGER change_log_grids_insert AFTER INSERT ON grids
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('grids', NEW.rowid);
END;

CREATE TRIGGER change_log_grids_update AFTER UPDATE ON grids
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('grids', NEW.rowid);
END;

CREATE TRIGGER change_log_grids_delete AFTER DELETE ON grids
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('grids', OLD.rowid);
END;

CREATE TRIGGER change_log_cadres_insert AFTER INSERT ON cadres
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('cadres', NEW.rowid);
END;

CREATE TRIGGER change_log_cadres_update AFTER UPDATE ON cadres
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('cadres', NEW.rowid);
END;

CREATE TRIGGER change_log_cadres_delete AFTER DELETE ON cadres
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('cadres', OLD.rowid);
END;

CREATE TRIGGER change_log_settings_insert AFTER INSERT ON settings
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('settings', NEW.rowid);
END;

CREATE TRIGGER change_log_settings_update AFTER UPDATE ON settings
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('settings', NEW.rowid);
END;

CREATE TRIGGER change_log_settings_delete AFTER DELETE ON settings
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('settings', OLD.rowid);
END;

CREATE TRIGGER change_log_categories_insert AFTER INSERT ON categories
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('categories', NEW.rowid);
END;

CREATE TRIGGER change_log_categories_update AFTER UPDATE ON categories
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('categories', NEW.rowid);
END;

CREATE TRIGGER change_log_categories_delete AFTER DELETE ON categories
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('categories', OLD.rowid);
END;

CREATE TRIGGER change_log_sla_rules_insert AFTER INSERT ON sla_rules
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('sla_rules', NEW.rowid);
END;

CREATE TRIGGER change_log_sla_rules_update AFTER UPDATE ON sla_rules
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('sla_rules', NEW.rowid);
END;

CREATE TRIGGER change_log_sla_rules_delete AFTER DELETE ON sla_rules
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('sla_rules', OLD.rowid);
END;

CREATE TRIGGER change_log_calendar_days_insert AFTER INSERT ON calendar_days
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('calendar_days', NEW.rowid);
END;

CREATE TRIGGER change_log_calendar_days_update AFTER UPDATE ON calendar_days
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('calendar_days', NEW.rowid);
END;

CREATE TRIGGER change_log_calendar_days_delete AFTER DELETE ON calendar_days
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('calendar_days', OLD.rowid);
END;

CREATE TRIGGER change_log_users_insert AFTER INSERT ON users
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('users', NEW.rowid);
END;

CREATE TRIGGER change_log_users_update AFTER UPDATE ON users
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('users', NEW.rowid);
END;

CREATE TRIGGER change_log_users_delete AFTER DELETE ON users
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('users', OLD.rowid);
END;

CREATE TRIGGER change_log_requests_insert AFTER INSERT ON requests
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('requests', NEW.rowid);
END;

CREATE TRIGGER change_log_requests_update AFTER UPDATE ON requests
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('requests', NEW.rowid);
END;

CREATE TRIGGER change_log_requests_delete AFTER DELETE ON requests
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('requests', OLD.rowid);
END;

CREATE TRIGGER change_log_request_events_insert AFTER INSERT ON request_events
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('request_events', NEW.rowid);
END;

CREATE TRIGGER change_log_request_events_update AFTER UPDATE ON request_events
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('request_events', NEW.rowid);
END;

CREATE TRIGGER change_log_request_events_delete AFTER DELETE ON request_events
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('request_events', OLD.rowid);
END;

CREATE TRIGGER change_log_topics_insert AFTER INSERT ON topics
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('topics', NEW.rowid);
END;

CREATE TRIGGER change_log_topics_update AFTER UPDATE ON topics
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('topics', NEW.rowid);
END;

CREATE TRIGGER change_log_topics_delete AFTER DELETE ON topics
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('topics', OLD.rowid);
END;

CREATE TRIGGER change_log_topic_requests_insert AFTER INSERT ON topic_requests
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('topic_requests', NEW.rowid);
END;

CREATE TRIGGER change_log_topic_requests_update AFTER UPDATE ON topic_requests
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('topic_requests', NEW.rowid);
END;

CREATE TRIGGER change_log_topic_requests_delete AFTER DELETE ON topic_requests
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('topic_requests', OLD.rowid);
END;

CREATE TRIGGER change_log_topic_dismissals_insert AFTER INSERT ON topic_dismissals
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('topic_dismissals', NEW.rowid);
END;

CREATE TRIGGER change_log_topic_dismissals_update AFTER UPDATE ON topic_dismissals
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('topic_dismissals', NEW.rowid);
END;

CREATE TRIGGER change_log_topic_dismissals_delete AFTER DELETE ON topic_dismissals
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('topic_dismissals', OLD.rowid);
END;

CREATE TRIGGER change_log_meetings_insert AFTER INSERT ON meetings
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('meetings', NEW.rowid);
END;

CREATE TRIGGER change_log_meetings_update AFTER UPDATE ON meetings
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('meetings', NEW.rowid);
END;

CREATE TRIGGER change_log_meetings_delete AFTER DELETE ON meetings
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('meetings', OLD.rowid);
END;

CREATE TRIGGER change_log_meeting_participants_insert AFTER INSERT ON meeting_participants
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('meeting_participants', NEW.rowid);
END;

CREATE TRIGGER change_log_meeting_participants_update AFTER UPDATE ON meeting_participants
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('meeting_participants', NEW.rowid);
END;

CREATE TRIGGER change_log_meeting_participants_delete AFTER DELETE ON meeting_participants
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('meeting_participants', OLD.rowid);
END;

CREATE TRIGGER change_log_agenda_items_insert AFTER INSERT ON agenda_items
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('agenda_items', NEW.rowid);
END;

CREATE TRIGGER change_log_agenda_items_update AFTER UPDATE ON agenda_items
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('agenda_items', NEW.rowid);
END;

CREATE TRIGGER change_log_agenda_items_delete AFTER DELETE ON agenda_items
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('agenda_items', OLD.rowid);
END;

CREATE TRIGGER change_log_opinions_insert AFTER INSERT ON opinions
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('opinions', NEW.rowid);
END;

CREATE TRIGGER change_log_opinions_update AFTER UPDATE ON opinions
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('opinions', NEW.rowid);
END;

CREATE TRIGGER change_log_opinions_delete AFTER DELETE ON opinions
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('opinions', OLD.rowid);
END;

CREATE TRIGGER change_log_decisions_insert AFTER INSERT ON decisions
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('decisions', NEW.rowid);
END;

CREATE TRIGGER change_log_decisions_update AFTER UPDATE ON decisions
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('decisions', NEW.rowid);
END;

CREATE TRIGGER change_log_decisions_delete AFTER DELETE ON decisions
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('decisions', OLD.rowid);
END;

CREATE TRIGGER change_log_decision_progress_insert AFTER INSERT ON decision_progress
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('decision_progress', NEW.rowid);
END;

CREATE TRIGGER change_log_decision_progress_update AFTER UPDATE ON decision_progress
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('decision_progress', NEW.rowid);
END;

CREATE TRIGGER change_log_decision_progress_delete AFTER DELETE ON decision_progress
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('decision_progress', OLD.rowid);
END;

CREATE TRIGGER change_log_decision_evaluations_insert AFTER INSERT ON decision_evaluations
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('decision_evaluations', NEW.rowid);
END;

CREATE TRIGGER change_log_decision_evaluations_update AFTER UPDATE ON decision_evaluations
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('decision_evaluations', NEW.rowid);
END;

CREATE TRIGGER change_log_decision_evaluations_delete AFTER DELETE ON decision_evaluations
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('decision_evaluations', OLD.rowid);
END;

CREATE TRIGGER change_log_callbacks_insert AFTER INSERT ON callbacks
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('callbacks', NEW.rowid);
END;

CREATE TRIGGER change_log_callbacks_update AFTER UPDATE ON callbacks
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('callbacks', NEW.rowid);
END;

CREATE TRIGGER change_log_callbacks_delete AFTER DELETE ON callbacks
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('callbacks', OLD.rowid);
END;

CREATE TRIGGER change_log_visits_insert AFTER INSERT ON visits
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('visits', NEW.rowid);
END;

CREATE TRIGGER change_log_visits_update AFTER UPDATE ON visits
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('visits', NEW.rowid);
END;

CREATE TRIGGER change_log_visits_delete AFTER DELETE ON visits
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('visits', OLD.rowid);
END;

CREATE TRIGGER change_log_survey_campaigns_insert AFTER INSERT ON survey_campaigns
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('survey_campaigns', NEW.rowid);
END;

CREATE TRIGGER change_log_survey_campaigns_update AFTER UPDATE ON survey_campaigns
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('survey_campaigns', NEW.rowid);
END;

CREATE TRIGGER change_log_survey_campaigns_delete AFTER DELETE ON survey_campaigns
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('survey_campaigns', OLD.rowid);
END;

CREATE TRIGGER change_log_survey_samples_insert AFTER INSERT ON survey_samples
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('survey_samples', NEW.rowid);
END;

CREATE TRIGGER change_log_survey_samples_update AFTER UPDATE ON survey_samples
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('survey_samples', NEW.rowid);
END;

CREATE TRIGGER change_log_survey_samples_delete AFTER DELETE ON survey_samples
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('survey_samples', OLD.rowid);
END;

CREATE TRIGGER change_log_persons_insert AFTER INSERT ON persons
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('households', NEW.household_id);
END;
CREATE TRIGGER change_log_persons_update AFTER UPDATE ON persons
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('households', NEW.household_id);
    INSERT INTO change_log (tbl, row_id)
        SELECT 'households', OLD.household_id WHERE OLD.household_id IS NOT NEW.household_id;
END;
CREATE TRIGGER change_log_persons_delete AFTER DELETE ON persons
BEGIN
    INSERT INTO change_log (tbl, row_id) VALUES ('households', OLD.household_id);
END;
