//! Topics (议题): suggestions from similar requests, the topics themselves
//! with their evidence, and their writes. Merging and escalating go through
//! the request layer (`request_ops::apply_in_tx`), so every request gets its
//! own event. Every write needs `PrepareMeetings` (`Store::require`).

use super::agenda_error::{AgendaInvalid, Result, invalid, must_exist, run};
use super::dates::day_at;
use super::request_ops::{RequestError, apply_in_tx, insert_event, load_facts};
use super::scope::{SessionScope, own_request_ids};
use super::{Store, expect_saved, now_text};
use crate::domain::accounts::Permission;
use crate::domain::request::{Difficulty, Level, Status};
use crate::domain::topics::{self, DEFAULT_WINDOW_DAYS, Evidence, GroupParams, Member, Suggestion, suggest_level};
use crate::domain::workflow::Command;
pub use crate::model::meetings::NewTopic;
use crate::model::meetings::TopicStatus;
pub use crate::model::meetings::{SuggestedRequest, SuggestionRow, TopicRow};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::collections::BTreeMap;

const MEMBER_COLUMNS: &str = "r.id, r.category_id, r.title, r.content, r.household_id, r.person_id, h.village_id,
    h.grid_id, g.map_row, g.map_col, r.received_at, r.status, r.due_at, r.level, r.difficulty,
    (SELECT count(*) FROM callbacks c WHERE c.request_id = r.id AND c.satisfaction = 'unsatisfied')";
const MEMBER_JOINS: &str =
    "FROM requests r LEFT JOIN households h ON h.id = r.household_id LEFT JOIN grids g ON g.id = h.grid_id";

fn member(r: &Row, at: usize) -> rusqlite::Result<Member> {
    let row: Option<i64> = r.get(at + 8)?;
    let col: Option<i64> = r.get(at + 9)?;
    let status: String = r.get(at + 11)?;
    let level: String = r.get(at + 13)?;
    let difficulty: String = r.get(at + 14)?;
    Ok(Member {
        id: r.get(at)?,
        category_id: r.get(at + 1)?,
        title: r.get(at + 2)?,
        content: r.get(at + 3)?,
        household_id: r.get(at + 4)?,
        person_id: r.get(at + 5)?,
        village_id: r.get(at + 6)?,
        grid_id: r.get(at + 7)?,
        grid_pos: row.zip(col),
        received: day_at(r, at + 10)?.unwrap_or_default(),
        status: Status::parse(&status).unwrap_or(Status::Received),
        due: day_at(r, at + 12)?,
        level: Level::parse(&level).unwrap_or(Level::Township),
        difficulty: Difficulty::parse(&difficulty).unwrap_or(Difficulty::Medium),
        unsatisfied: r.get(at + 15)?,
    })
}

/// The look-back window of suggestions (setting `topic_window_days`).
pub fn window_days(conn: &Connection) -> Result<i64> {
    let v: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = 'topic_window_days'", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(v.and_then(|s| s.trim().parse().ok())
        .filter(|d: &i64| *d > 0)
        .unwrap_or(DEFAULT_WINDOW_DAYS))
}

/// Open requests of the window that are in no topic yet.
pub fn candidates(conn: &Connection, today: NaiveDate, window: i64) -> Result<Vec<Member>> {
    let since = (today - chrono::Duration::days(window)).format("%Y-%m-%d").to_string();
    let sql = format!(
        "SELECT {MEMBER_COLUMNS} {MEMBER_JOINS}
         WHERE r.topic_id IS NULL AND r.status IN ('received','assigned','in_progress','escalated')
           AND date(r.received_at) >= date(?1)
         ORDER BY r.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([since], |r| member(r, 0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Request sets of dismissed suggestions, each sorted.
pub fn dismissed(conn: &Connection) -> Result<Vec<Vec<i64>>> {
    let mut stmt = conn.prepare_cached("SELECT request_ids FROM topic_dismissals")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for ids in rows {
        let mut set: Vec<i64> = ids?.split(',').filter_map(|s| s.trim().parse().ok()).collect();
        set.sort_unstable();
        out.push(set);
    }
    Ok(out)
}

/// Suggested topics that were not dismissed, largest first (the whole
/// township, as clerks and leaders see them).
pub fn suggestions(conn: &Connection, today: NaiveDate) -> Result<Vec<SuggestionRow>> {
    suggestions_for(conn, today, &SessionScope::All)
}

/// [`suggestions`] as `scope` sees them: for a cadre account the
/// suggestions with one of its own requests, each narrowed to those
/// requests — their evidence, samples and residents only (README "A
/// cadre's own grids"). The groups are the township's.
pub fn suggestions_for(conn: &Connection, today: NaiveDate, scope: &SessionScope) -> Result<Vec<SuggestionRow>> {
    let members = candidates(conn, today, window_days(conn)?)?;
    let gone = dismissed(conn)?;
    let found = topics::suggest(&members, GroupParams::default(), today)
        .into_iter()
        .filter(|s| !topics::is_dismissed(&s.request_ids, &gone));
    let found: Vec<Suggestion> = match own_request_ids(conn, scope)? {
        None => found.collect(),
        Some(own) => {
            let mine: Vec<&Member> = members.iter().filter(|m| own.contains(&m.id)).collect();
            found.filter_map(|s| topics::narrowed(&s, &mine, today)).collect()
        }
    };
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.version, substr(r.received_at, 1, 10), r.title, v.name
         FROM requests r LEFT JOIN households h ON h.id = r.household_id LEFT JOIN villages v ON v.id = h.village_id
         WHERE r.topic_id IS NULL AND r.status IN ('received','assigned','in_progress','escalated')",
    )?;
    let mut info: BTreeMap<i64, SuggestedRequest> = BTreeMap::new();
    for row in stmt.query_map([], |r| {
        Ok(SuggestedRequest {
            id: r.get(0)?,
            version: r.get(1)?,
            received: r.get(2)?,
            title: r.get(3)?,
            village: r.get(4)?,
        })
    })? {
        let row = row?;
        info.insert(row.id, row);
    }
    let categories = category_names(conn)?;
    Ok(found
        .into_iter()
        .map(|s| SuggestionRow {
            category: s.category_id.and_then(|c| categories.get(&c).cloned()),
            requests: s.request_ids.iter().filter_map(|id| info.get(id).cloned()).collect(),
            suggestion: s,
        })
        .collect())
}

fn category_names(conn: &Connection) -> Result<BTreeMap<i64, String>> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM categories")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<BTreeMap<_, _>>>()?)
}

/// All topics, newest first, with one query for their requests (the whole
/// township, as clerks and leaders see them).
pub fn list_topics(conn: &Connection, today: NaiveDate) -> Result<Vec<TopicRow>> {
    list_topics_for(conn, today, &SessionScope::All)
}

/// [`list_topics`] as `scope` sees them: for a cadre account the topics
/// with one of its own requests, their evidence and residents counted from
/// those requests alone (README "A cadre's own grids").
pub fn list_topics_for(conn: &Connection, today: NaiveDate, scope: &SessionScope) -> Result<Vec<TopicRow>> {
    let own = own_request_ids(conn, scope)?;
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.title, t.category_id, c.name, t.level, t.status, t.note, t.created_at, t.version
         FROM topics t LEFT JOIN categories c ON c.id = t.category_id
         ORDER BY t.created_at DESC, t.id DESC",
    )?;
    let heads = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Level>(4)?,
                r.get::<_, TopicStatus>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, i64>(8)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut members: BTreeMap<i64, Vec<Member>> = BTreeMap::new();
    let sql = format!(
        "SELECT tr.topic_id, {MEMBER_COLUMNS} FROM topic_requests tr JOIN requests r ON r.id = tr.request_id
         LEFT JOIN households h ON h.id = r.household_id LEFT JOIN grids g ON g.id = h.grid_id
         ORDER BY tr.topic_id, r.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, member(r, 1)?)))? {
        let (topic, m) = row?;
        if own.as_ref().is_none_or(|o| o.contains(&m.id)) {
            members.entry(topic).or_default().push(m);
        }
    }
    let heads: Vec<_> = heads
        .into_iter()
        .filter(|head| own.is_none() || members.contains_key(&head.0))
        .collect();
    Ok(heads
        .into_iter()
        .map(
            |(id, title, category_id, category, level, status, note, created_at, version)| {
                let ms = members.remove(&id).unwrap_or_default();
                let refs: Vec<&Member> = ms.iter().collect();
                let evidence = Evidence::of(&refs, today);
                let (suggested_level, level_reason) = suggest_level(&refs, &evidence);
                TopicRow {
                    id,
                    title,
                    category_id,
                    category,
                    level,
                    status,
                    note,
                    created_at,
                    version,
                    request_ids: ms.iter().map(|m| m.id).collect(),
                    households: ms.iter().filter_map(|m| m.household_id).collect(),
                    villages: ms.iter().filter_map(|m| m.village_id).collect(),
                    evidence,
                    suggested_level,
                    level_reason,
                    samples: ms.iter().take(3).map(Member::text).collect(),
                }
            },
        )
        .collect())
}

/// What creating a topic did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicCreated {
    pub id: i64,
    pub merged: Vec<i64>,
    /// Requests that could not be merged (closed, merged elsewhere meanwhile).
    pub skipped: Vec<i64>,
}

/// Creates a topic and merges the requests into it (one event each). From a
/// suggestion at least one request must still be open.
pub fn create_topic(store: &mut Store, new: &NewTopic) -> Result<TopicCreated> {
    store.require(Permission::PrepareMeetings, "topic:new")?;
    let title = new.title.trim().to_string();
    if title.is_empty() {
        return invalid(AgendaInvalid::EmptyTitle);
    }
    run(store, "topic.create", "topic:new", |tx, actor| {
        if let Some(c) = new.category_id {
            must_exist(
                tx,
                "SELECT 1 FROM categories WHERE id = ?1",
                c,
                AgendaInvalid::UnknownCategory(c),
            )?;
        }
        tx.execute(
            "INSERT INTO topics (title, category_id, scope, level, status, note, created_at, created_by)
             VALUES (?1, ?2, 'collective', ?3, 'open', ?4, ?5, ?6)",
            params![
                title,
                new.category_id,
                new.level.code(),
                new.note.trim(),
                now_text(),
                actor.user_id
            ],
        )?;
        let id = tx.last_insert_rowid();
        let (merged, skipped) = merge_in_tx(tx, actor, id, &new.request_ids)?;
        if !new.request_ids.is_empty() && merged.is_empty() {
            return invalid(AgendaInvalid::NoOpenRequests);
        }
        let detail = format!("{title}; merged {merged:?}; skipped {skipped:?}");
        Store::audit(tx, actor, "topic.create", &format!("topic:{id}"), &detail)?;
        Ok(TopicCreated { id, merged, skipped })
    })
}

fn merge_in_tx(
    tx: &rusqlite::Transaction,
    actor: &super::Actor,
    topic_id: i64,
    ids: &[i64],
) -> Result<(Vec<i64>, Vec<i64>)> {
    let (mut merged, mut skipped) = (Vec::new(), Vec::new());
    for &rid in ids {
        let (_, version) = load_facts(tx, rid)?;
        match apply_in_tx(tx, actor, rid, version, &Command::MergeTopic { topic_id }, None) {
            Ok(_) => merged.push(rid),
            Err(RequestError::Refused(_) | RequestError::Invalid(_)) => skipped.push(rid),
            Err(e) => return Err(e.into()),
        }
    }
    Ok((merged, skipped))
}

/// Adds requests to an existing topic (the triage table's bulk action).
pub fn add_requests(store: &mut Store, topic_id: i64, ids: &[i64]) -> Result<TopicCreated> {
    store.require(Permission::PrepareMeetings, &format!("topic:{topic_id}"))?;
    run(
        store,
        "topic.add_requests",
        &format!("topic:{topic_id}"),
        |tx, actor| {
            must_exist(
                tx,
                "SELECT 1 FROM topics WHERE id = ?1",
                topic_id,
                AgendaInvalid::UnknownTopic(topic_id),
            )?;
            let (merged, skipped) = merge_in_tx(tx, actor, topic_id, ids)?;
            if merged.is_empty() {
                return invalid(AgendaInvalid::NoOpenRequests);
            }
            let detail = format!("merged {merged:?}; skipped {skipped:?}");
            Store::audit(tx, actor, "topic.add_requests", &format!("topic:{topic_id}"), &detail)?;
            Ok(TopicCreated {
                id: topic_id,
                merged,
                skipped,
            })
        },
    )
}

/// Renames a topic (versioned).
pub fn rename_topic(store: &mut Store, id: i64, version: i64, title: &str) -> Result<i64> {
    store.require(Permission::PrepareMeetings, &format!("topic:{id}"))?;
    let title = title.trim().to_string();
    if title.is_empty() {
        return invalid(AgendaInvalid::EmptyTitle);
    }
    let object = format!("topic:{id}");
    run(store, "topic.rename", &object, |tx, actor| {
        must_exist(
            tx,
            "SELECT 1 FROM topics WHERE id = ?1",
            id,
            AgendaInvalid::UnknownTopic(id),
        )?;
        let changed = tx.execute(
            "UPDATE topics SET title = ?1, version = version + 1 WHERE id = ?2 AND version = ?3",
            params![title, id, version],
        )?;
        expect_saved(changed, &object)?;
        Store::audit(tx, actor, "topic.rename", &object, &title)?;
        Ok(version + 1)
    })
}

/// Remembers a dismissed suggestion (it returns only if new requests join).
pub fn dismiss_suggestion(store: &mut Store, category_id: Option<i64>, request_ids: &[i64]) -> Result<()> {
    store.require(Permission::PrepareMeetings, "suggestion")?;
    let mut ids = request_ids.to_vec();
    ids.sort_unstable();
    let text = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    run(store, "topic.dismiss", "suggestion", |tx, actor| {
        tx.execute(
            "INSERT INTO topic_dismissals (category_id, request_ids, dismissed_at, user_id) VALUES (?1, ?2, ?3, ?4)",
            params![category_id, text, now_text(), actor.user_id],
        )?;
        Store::audit(tx, actor, "topic.dismiss", "suggestion", &text)?;
        Ok(())
    })
}

/// Escalates a topic to `level` (higher than now): each of its requests
/// still open goes through the workflow's Escalate; each merged one gets its
/// level raised with an escalate event. Returns how many requests moved.
pub fn escalate_topic(store: &mut Store, id: i64, version: i64, level: Level, note: &str) -> Result<usize> {
    store.require(Permission::PrepareMeetings, &format!("topic:{id}"))?;
    let object = format!("topic:{id}");
    run(store, "topic.escalate", &object, |tx, actor| {
        let current: Option<String> = tx
            .query_row("SELECT level FROM topics WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        let Some(current) = current else {
            return invalid(AgendaInvalid::UnknownTopic(id));
        };
        let current = Level::parse(&current).unwrap_or(Level::Township);
        if level <= current {
            return invalid(AgendaInvalid::LevelNotHigher(current));
        }
        let changed = tx.execute(
            "UPDATE topics SET level = ?1, status = 'escalated', version = version + 1 WHERE id = ?2 AND version = ?3",
            params![level.code(), id, version],
        )?;
        expect_saved(changed, &object)?;
        let ids: Vec<i64> = {
            let mut stmt =
                tx.prepare("SELECT request_id FROM topic_requests WHERE topic_id = ?1 ORDER BY request_id")?;
            stmt.query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        let mut moved = 0;
        for rid in ids {
            let (facts, rv) = load_facts(tx, rid)?;
            if facts.level >= level {
                continue;
            }
            if facts.status.is_open() {
                let cmd = Command::Escalate {
                    level,
                    note: note.to_string(),
                };
                apply_in_tx(tx, actor, rid, rv, &cmd, None)?;
                moved += 1;
            } else if facts.status == Status::Merged {
                let changed = tx.execute(
                    "UPDATE requests SET level = ?1, version = version + 1, updated_at = ?2
                     WHERE id = ?3 AND version = ?4",
                    params![level.code(), now_text(), rid, rv],
                )?;
                expect_saved(changed, &format!("request:{rid}"))?;
                let text = format!("{}: {object} {}", level.code(), note.trim());
                insert_event(
                    tx,
                    actor,
                    rid,
                    "escalate",
                    Some(Status::Merged),
                    Some(Status::Merged),
                    text.trim_end(),
                    facts.assignee,
                )?;
                Store::audit(tx, actor, "request.escalate", &format!("request:{rid}"), &text)?;
                moved += 1;
            }
        }
        Store::audit(
            tx,
            actor,
            "topic.escalate",
            &object,
            &format!("{} -> {}; {moved} requests", current.code(), level.code()),
        )?;
        Ok(moved)
    })
}
