-- minqing schema v1: the whole data model (DESIGN.md glossary names).
-- Dates are ISO-8601 text: 'YYYY-MM-DD' for days, 'YYYY-MM-DD HH:MM:SS' (local time) for instants.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE villages (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL DEFAULT 'village' CHECK (kind IN ('village', 'community'))
);

-- 村民小组
CREATE TABLE village_groups (
    id         INTEGER PRIMARY KEY,
    village_id INTEGER NOT NULL REFERENCES villages(id),
    number     INTEGER NOT NULL,
    name       TEXT NOT NULL,
    UNIQUE (village_id, number)
);

CREATE TABLE cadres (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL,
    phone  TEXT,
    title  TEXT NOT NULL DEFAULT '',
    role   TEXT NOT NULL DEFAULT 'cadre' CHECK (role IN ('leader', 'cadre', 'clerk')),
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE grids (
    id         INTEGER PRIMARY KEY,
    village_id INTEGER NOT NULL REFERENCES villages(id),
    name       TEXT NOT NULL,
    cadre_id   INTEGER REFERENCES cadres(id),
    map_row    INTEGER NOT NULL DEFAULT 0,
    map_col    INTEGER NOT NULL DEFAULT 0,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX grids_cadre ON grids(cadre_id);
CREATE INDEX grids_village ON grids(village_id);

-- 一户一档
CREATE TABLE households (
    id          INTEGER PRIMARY KEY,
    grid_id     INTEGER NOT NULL REFERENCES grids(id),
    village_id  INTEGER NOT NULL REFERENCES villages(id),
    group_id    INTEGER REFERENCES village_groups(id),
    house_no    TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    phone       TEXT,
    -- comma-separated tags: 低保,五保,独居老人,留守儿童,残疾,党员户,军属
    tags        TEXT NOT NULL DEFAULT '',
    verified_at TEXT,
    version     INTEGER NOT NULL DEFAULT 1,
    updated_at  TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);
CREATE INDEX households_grid ON households(grid_id);
CREATE INDEX households_village ON households(village_id, group_id);
CREATE INDEX households_verified ON households(verified_at);

CREATE TABLE persons (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id),
    name         TEXT NOT NULL,
    resident_id  TEXT,
    gender       TEXT CHECK (gender IN ('M', 'F')),
    birth_date   TEXT,
    relation     TEXT NOT NULL DEFAULT '户主',
    phone        TEXT,
    status       TEXT NOT NULL DEFAULT '在家',
    version      INTEGER NOT NULL DEFAULT 1,
    updated_at   TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);
CREATE INDEX persons_household ON persons(household_id);
CREATE UNIQUE INDEX persons_resident_id ON persons(resident_id) WHERE resident_id IS NOT NULL;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT 'clerk' CHECK (role IN ('admin', 'leader', 'clerk', 'cadre')),
    password_hash TEXT,
    cadre_id      INTEGER REFERENCES cadres(id),
    can_reveal    INTEGER NOT NULL DEFAULT 0,
    disabled      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE categories (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL UNIQUE,
    sort   INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1
);

-- Working-day deadlines per request kind; urgent requests use the 'urgent' row.
CREATE TABLE sla_rules (
    kind         TEXT PRIMARY KEY CHECK (kind IN ('consultation', 'help', 'complaint', 'suggestion', 'urgent')),
    working_days INTEGER NOT NULL CHECK (working_days >= 0)
);

-- Official holidays and make-up working days (调休上班); editable by the office.
CREATE TABLE calendar_days (
    day  TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name TEXT NOT NULL DEFAULT ''
);

CREATE TABLE topics (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    category_id INTEGER REFERENCES categories(id),
    scope       TEXT NOT NULL DEFAULT 'collective' CHECK (scope IN ('individual', 'collective')),
    level       TEXT NOT NULL DEFAULT 'township' CHECK (level IN ('township', 'county', 'city')),
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'escalated', 'decided', 'closed')),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  INTEGER REFERENCES users(id),
    version     INTEGER NOT NULL DEFAULT 1
);

-- 诉求
CREATE TABLE requests (
    id           INTEGER PRIMARY KEY,
    received_at  TEXT NOT NULL,
    channel      TEXT NOT NULL CHECK (channel IN ('visit', 'hotline', 'wechat_group', 'online', 'walk_in', 'letter')),
    household_id INTEGER REFERENCES households(id),
    person_id    INTEGER REFERENCES persons(id),
    caller_name  TEXT,
    caller_phone TEXT,
    category_id  INTEGER REFERENCES categories(id),
    kind         TEXT NOT NULL DEFAULT 'help' CHECK (kind IN ('consultation', 'help', 'complaint', 'suggestion')),
    title        TEXT NOT NULL,
    content      TEXT NOT NULL DEFAULT '',
    scope        TEXT NOT NULL DEFAULT 'individual' CHECK (scope IN ('individual', 'collective')),
    difficulty   TEXT NOT NULL DEFAULT 'medium' CHECK (difficulty IN ('easy', 'medium', 'hard')),
    priority     TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'urgent')),
    level        TEXT NOT NULL DEFAULT 'township' CHECK (level IN ('township', 'county', 'city')),
    status       TEXT NOT NULL DEFAULT 'received'
                 CHECK (status IN ('received', 'assigned', 'in_progress', 'resolved', 'callback', 'closed',
                                   'rejected', 'escalated', 'merged')),
    assignee_id  INTEGER REFERENCES cadres(id),
    assigned_at  TEXT,
    due_at       TEXT,
    resolved_at  TEXT,
    resolution   TEXT,
    solved       INTEGER,
    satisfaction TEXT CHECK (satisfaction IN ('satisfied', 'basically', 'unsatisfied')),
    topic_id     INTEGER REFERENCES topics(id),
    duplicate_of INTEGER REFERENCES requests(id),
    closed_at    TEXT,
    created_by   INTEGER REFERENCES users(id),
    version      INTEGER NOT NULL DEFAULT 1,
    updated_at   TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    CHECK (household_id IS NOT NULL OR caller_name IS NOT NULL)
);
CREATE INDEX requests_status_due ON requests(status, due_at);
CREATE INDEX requests_household ON requests(household_id);
CREATE INDEX requests_assignee ON requests(assignee_id, status);
CREATE INDEX requests_topic ON requests(topic_id);
CREATE INDEX requests_received ON requests(received_at);

CREATE TABLE request_events (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests(id),
    at          TEXT NOT NULL,
    user_id     INTEGER REFERENCES users(id),
    action      TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX request_events_request ON request_events(request_id, at);

CREATE TABLE topic_requests (
    topic_id   INTEGER NOT NULL REFERENCES topics(id),
    request_id INTEGER NOT NULL REFERENCES requests(id),
    added_at   TEXT NOT NULL,
    PRIMARY KEY (topic_id, request_id)
);
CREATE INDEX topic_requests_request ON topic_requests(request_id);

CREATE TABLE meetings (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('analysis', 'deliberation', 'joint')),
    level        TEXT NOT NULL DEFAULT 'township' CHECK (level IN ('township', 'county', 'city')),
    title        TEXT NOT NULL,
    starts_at    TEXT NOT NULL,
    duration_min INTEGER NOT NULL DEFAULT 90,
    place        TEXT NOT NULL DEFAULT '',
    chair_id     INTEGER REFERENCES cadres(id),
    status       TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'closed')),
    minutes      TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meetings_starts ON meetings(starts_at);

-- cadre, or resident representative (person) for deliberation meetings
CREATE TABLE meeting_participants (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    cadre_id   INTEGER REFERENCES cadres(id),
    person_id  INTEGER REFERENCES persons(id),
    role       TEXT NOT NULL DEFAULT 'cadre' CHECK (role IN ('cadre', 'representative')),
    attended   INTEGER,
    CHECK ((cadre_id IS NULL) <> (person_id IS NULL))
);
CREATE INDEX meeting_participants_meeting ON meeting_participants(meeting_id);

CREATE TABLE agenda_items (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER NOT NULL REFERENCES meetings(id),
    position        INTEGER NOT NULL,
    topic_id        INTEGER REFERENCES topics(id),
    title           TEXT NOT NULL,
    minutes_allotted INTEGER NOT NULL DEFAULT 15,
    presenter_id    INTEGER REFERENCES cadres(id),
    notes           TEXT NOT NULL DEFAULT '',
    item_minutes    TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position);

-- resident opinions raised on an agenda item, and whether adopted (采纳)
CREATE TABLE opinions (
    id             INTEGER PRIMARY KEY,
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items(id),
    person_id      INTEGER REFERENCES persons(id),
    text           TEXT NOT NULL,
    adopted        INTEGER NOT NULL DEFAULT 0
);

-- 决议
CREATE TABLE decisions (
    id             INTEGER PRIMARY KEY,
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items(id),
    text           TEXT NOT NULL,
    owner_id       INTEGER REFERENCES cadres(id),
    deadline       TEXT,
    status         TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'abandoned')),
    progress       INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    abandon_reason TEXT,
    published_at   TEXT,
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX decisions_status ON decisions(status, deadline);

CREATE TABLE decision_progress (
    id          INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions(id),
    at          TEXT NOT NULL,
    user_id     INTEGER REFERENCES users(id),
    progress    INTEGER NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX decision_progress_decision ON decision_progress(decision_id, at);

CREATE TABLE decision_evaluations (
    id          INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions(id),
    kind        TEXT NOT NULL CHECK (kind IN ('mid', 'final')),
    at          TEXT NOT NULL,
    score       INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    note        TEXT NOT NULL DEFAULT ''
);

-- 走访 / 住夜 / 结对帮扶
CREATE TABLE visits (
    id           INTEGER PRIMARY KEY,
    cadre_id     INTEGER NOT NULL REFERENCES cadres(id),
    household_id INTEGER REFERENCES households(id),
    kind         TEXT NOT NULL CHECK (kind IN ('household', 'overnight', 'pairing')),
    visited_on   TEXT NOT NULL,
    notes        TEXT NOT NULL DEFAULT '',
    request_id   INTEGER REFERENCES requests(id),
    created_by   INTEGER REFERENCES users(id)
);
CREATE INDEX visits_cadre ON visits(cadre_id, visited_on);
CREATE INDEX visits_household ON visits(household_id, visited_on);

-- survey campaigns for the two rates (两率): a seeded sample of households per grid
CREATE TABLE survey_campaigns (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    per_grid   INTEGER NOT NULL,
    seed       INTEGER NOT NULL
);

CREATE TABLE survey_samples (
    campaign_id  INTEGER NOT NULL REFERENCES survey_campaigns(id),
    household_id INTEGER NOT NULL REFERENCES households(id),
    position     INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, household_id)
);

-- 回访: a request callback or a survey call
CREATE TABLE callbacks (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER REFERENCES households(id),
    request_id   INTEGER REFERENCES requests(id),
    campaign_id  INTEGER REFERENCES survey_campaigns(id),
    cadre_id     INTEGER REFERENCES cadres(id),
    user_id      INTEGER REFERENCES users(id),
    method       TEXT NOT NULL DEFAULT 'phone' CHECK (method IN ('phone', 'visit', 'sms')),
    reached      INTEGER NOT NULL DEFAULT 1,
    knows_cadre  INTEGER,
    solved       INTEGER,
    satisfaction TEXT CHECK (satisfaction IN ('satisfied', 'basically', 'unsatisfied')),
    comment      TEXT NOT NULL DEFAULT '',
    called_on    TEXT NOT NULL
);
CREATE INDEX callbacks_household ON callbacks(household_id);
CREATE INDEX callbacks_request ON callbacks(request_id);
CREATE INDEX callbacks_cadre ON callbacks(cadre_id, called_on);

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    user    TEXT NOT NULL,
    action  TEXT NOT NULL,
    object  TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail  TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

INSERT INTO categories (name, sort) VALUES
    ('道路交通', 1), ('水电气', 2), ('环境卫生', 3), ('土地山林', 4), ('房屋建设', 5),
    ('社保医保', 6), ('教育', 7), ('医疗卫生', 8), ('治安', 9), ('邻里纠纷', 10),
    ('村务公开', 11), ('政策咨询', 12), ('其他', 99);

INSERT INTO sla_rules (kind, working_days) VALUES
    ('urgent', 0), ('consultation', 3), ('help', 13), ('complaint', 13), ('suggestion', 13);

INSERT INTO settings (key, value) VALUES
    ('township_name', '未命名乡镇'),
    ('stale_after_months', '12'),
    ('quota_village_visits_per_week', '2'),
    ('quota_overnight_per_week', '1');
