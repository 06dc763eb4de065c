-- 民情分析 (issue 14): a report attached to an agenda item, the rotating
-- presenter's 近期民情数据通报. The period is stored resolved (its code, the
-- business month's start day, first and last day), with the place and the
-- theme as `village:NAME` / `category:NAME` codes ('' for all).
CREATE TABLE agenda_item_reports (
    item_id        INTEGER PRIMARY KEY REFERENCES agenda_items(id) ON DELETE CASCADE,
    period         TEXT NOT NULL,
    business_start INTEGER NOT NULL DEFAULT 21,
    from_day       TEXT NOT NULL,
    to_day         TEXT NOT NULL,
    place          TEXT NOT NULL DEFAULT '',
    theme          TEXT NOT NULL DEFAULT '',
    attached_by    TEXT NOT NULL,
    attached_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
);
