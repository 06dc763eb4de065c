//! Decisions (决议) tracked to the end: the board, progress notes,
//! evaluations, and marking done, which sends every request merged into
//! the decision's topic back to its resident for a callback (回访): the
//! request moves merged -> resolved through `domain::workflow`
//! (`CarryOutDecision`), so it appears in `request_query::callbacks_due`.

use super::agenda_error::{AgendaError, AgendaInvalid, Result, invalid, must_exist, run};
use super::dates::day_at;
use super::request_ops::apply_in_tx;
use super::scope::{SessionScope, own_topic_ids};
use super::{Store, expect_saved, now_text};
use crate::domain::accounts::Permission;
use crate::domain::meetings::{DecisionFlags, DecisionStatus, check_score, flags, progress_step};
use crate::domain::workflow::Command;
pub use crate::model::meetings::NewDecision;
pub use crate::model::meetings::{DecisionRow, EvalKind, Evaluation, ProgressNote};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

/// Which decisions `load_rows` reads.
#[derive(Debug, Clone, Copy)]
enum Scope {
    All,
    Meeting(i64),
}

impl Scope {
    fn meeting(self) -> Option<i64> {
        match self {
            Scope::All => None,
            Scope::Meeting(id) => Some(id),
        }
    }
}

/// The one place decision rows are read (the board, a meeting's builder
/// and its agenda export): rows in id order with their progress notes and
/// evaluations, each with its deadline as a day (for the board's order).
fn load_rows(conn: &Connection, scope: Scope, today: NaiveDate) -> Result<Vec<(DecisionRow, Option<NaiveDate>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.agenda_item_id, d.text, d.owner_id, c.name, d.deadline, d.status, d.progress,
                d.abandon_reason, d.published_at, d.version, m.id, m.title, a.topic_id, t.title,
                coalesce((SELECT max(p.at) FROM decision_progress p WHERE p.decision_id = d.id), d.updated_at)
         FROM decisions d JOIN agenda_items a ON a.id = d.agenda_item_id JOIN meetings m ON m.id = a.meeting_id
         LEFT JOIN cadres c ON c.id = d.owner_id LEFT JOIN topics t ON t.id = a.topic_id
         WHERE ?1 IS NULL OR m.id = ?1
         ORDER BY d.id",
    )?;
    let mut rows = stmt
        .query_map([scope.meeting()], |r| {
            let status: String = r.get(6)?;
            let last: String = r.get(15)?;
            let last_day = day_at(r, 15)?;
            let st = DecisionStatus::parse(&status).unwrap_or(DecisionStatus::Planned);
            let deadline = day_at(r, 5)?;
            let f = flags(st, deadline, last_day.unwrap_or(today), today);
            let row = DecisionRow {
                id: r.get(0)?,
                item_id: r.get(1)?,
                text: r.get(2)?,
                owner_id: r.get(3)?,
                owner: r.get(4)?,
                deadline: r.get(5)?,
                status: st,
                progress: r.get(7)?,
                abandon_reason: r.get(8)?,
                published_at: r.get(9)?,
                version: r.get(10)?,
                meeting_id: r.get(11)?,
                meeting_title: r.get(12)?,
                topic_id: r.get(13)?,
                topic_title: r.get(14)?,
                last_update: last_day.map_or(last, |d| d.format("%Y-%m-%d").to_string()),
                flags: f,
                notes: Vec::new(),
                evaluations: Vec::new(),
            };
            Ok((row, deadline))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    const OF_SCOPE: &str = "JOIN decisions d ON d.id = x.decision_id JOIN agenda_items a ON a.id = d.agenda_item_id
         WHERE ?1 IS NULL OR a.meeting_id = ?1";
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT x.decision_id, x.at, x.progress, x.note FROM decision_progress x {OF_SCOPE}
         ORDER BY x.decision_id, x.at, x.id"
    ))?;
    for row in stmt.query_map([scope.meeting()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            ProgressNote {
                at: r.get(1)?,
                progress: r.get(2)?,
                note: r.get(3)?,
            },
        ))
    })? {
        let (id, n) = row?;
        if let Ok(i) = rows.binary_search_by_key(&id, |d| d.0.id) {
            rows[i].0.notes.push(n);
        }
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT x.decision_id, x.kind, x.at, x.score, x.note FROM decision_evaluations x {OF_SCOPE}
         ORDER BY x.decision_id, x.at, x.id"
    ))?;
    for row in stmt.query_map([scope.meeting()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            Evaluation {
                kind: r.get(1)?,
                at: r.get(2)?,
                score: r.get(3)?,
                note: r.get(4)?,
            },
        ))
    })? {
        let (id, e) = row?;
        if let Ok(i) = rows.binary_search_by_key(&id, |d| d.0.id) {
            rows[i].0.evaluations.push(e);
        }
    }
    Ok(rows)
}

/// The decisions taken on meeting `meeting_id`'s items, in id order.
pub fn of_meeting(conn: &Connection, meeting_id: i64, today: NaiveDate) -> Result<Vec<DecisionRow>> {
    Ok(load_rows(conn, Scope::Meeting(meeting_id), today)?
        .into_iter()
        .map(|(d, _)| d)
        .collect())
}

/// Every decision in board order: open ones first (overdue, then by
/// deadline), then done and abandoned ones, newest first.
pub fn board(conn: &Connection, today: NaiveDate) -> Result<Vec<DecisionRow>> {
    board_for(conn, today, &SessionScope::All)
}

/// [`board`] as `scope` sees it: for a cadre account the decisions on its
/// topics (`scope::own_topic_ids`) and those it carries out (README "A
/// cadre's own grids").
pub fn board_for(conn: &Connection, today: NaiveDate, scope: &SessionScope) -> Result<Vec<DecisionRow>> {
    let topics = own_topic_ids(conn, scope)?;
    let cadre = scope.cadre().flatten();
    let (rows, deadlines): (Vec<DecisionRow>, Vec<Option<NaiveDate>>) = load_rows(conn, Scope::All, today)?
        .into_iter()
        .filter(|(d, _)| {
            topics.as_ref().is_none_or(|t| {
                d.topic_id.is_some_and(|id| t.contains(&id)) || (cadre.is_some() && d.owner_id == cadre)
            })
        })
        .unzip();
    let mut keyed: Vec<(i64, Option<NaiveDate>, DecisionFlags)> = rows
        .iter()
        .zip(deadlines)
        .filter(|(d, _)| d.is_open())
        .map(|(d, deadline)| (d.id, deadline, d.flags))
        .collect();
    crate::domain::meetings::board_order(&mut keyed);
    let mut out: Vec<DecisionRow> = Vec::with_capacity(rows.len());
    for (id, _, _) in &keyed {
        if let Some(d) = rows.iter().find(|d| d.id == *id) {
            out.push(d.clone());
        }
    }
    let mut closed: Vec<DecisionRow> = rows.into_iter().filter(|d| !d.is_open()).collect();
    closed.sort_by_key(|d| std::cmp::Reverse(d.id));
    out.extend(closed);
    Ok(out)
}

/// Records what a meeting decided on an item (leader or admin: README
/// "Accounts and roles"); the item's topic becomes decided.
pub fn add_decision(store: &mut Store, d: &NewDecision) -> Result<i64> {
    let object = format!("agenda_item:{}", d.item_id);
    store.require(Permission::Decide, &object)?;
    if d.text.trim().is_empty() {
        return invalid(AgendaInvalid::EmptyText);
    }
    run(store, "decision.add", &object, |tx, actor| {
        must_exist(
            tx,
            "SELECT 1 FROM agenda_items WHERE id = ?1",
            d.item_id,
            AgendaInvalid::UnknownItem(d.item_id),
        )?;
        if let Some(c) = d.owner_id {
            must_exist(
                tx,
                "SELECT 1 FROM cadres WHERE id = ?1",
                c,
                AgendaInvalid::UnknownCadre(c),
            )?;
        }
        tx.execute(
            "INSERT INTO decisions (agenda_item_id, text, owner_id, deadline, status, progress, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'planned', 0, ?5)",
            params![
                d.item_id,
                d.text.trim(),
                d.owner_id,
                d.deadline.map(|x| x.format("%Y-%m-%d").to_string()),
                now_text()
            ],
        )?;
        let id = tx.last_insert_rowid();
        // The topic now has a decision.
        tx.execute(
            "UPDATE topics SET status = 'decided', version = version + 1
             WHERE id = (SELECT topic_id FROM agenda_items WHERE id = ?1) AND status IN ('open', 'escalated')",
            [d.item_id],
        )?;
        Store::audit(tx, actor, "decision.add", &format!("decision:{id}"), d.text.trim())?;
        Ok(id)
    })
}

fn status_of(tx: &Transaction, id: i64) -> Result<DecisionStatus> {
    let s: Option<String> = tx
        .query_row("SELECT status FROM decisions WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    match s {
        None => invalid(AgendaInvalid::UnknownDecision(id)),
        Some(s) => Ok(DecisionStatus::parse(&s).unwrap_or(DecisionStatus::Planned)),
    }
}

/// A dated progress note (the timeline) with the new percentage. Keeping
/// the board up to date (督办) is the meeting clerk's work too, so it needs
/// `PrepareMeetings`, not `Decide`.
pub fn record_progress(store: &mut Store, id: i64, version: i64, progress: i64, note: &str) -> Result<i64> {
    let object = format!("decision:{id}");
    store.require(Permission::PrepareMeetings, &object)?;
    run(store, "decision.progress", &object, |tx, actor| {
        let status = status_of(tx, id)?;
        let next = progress_step(status, progress).map_err(AgendaError::Decision)?;
        let now = now_text();
        let changed = tx.execute(
            "UPDATE decisions SET progress = ?1, status = ?2, updated_at = ?3, version = version + 1
             WHERE id = ?4 AND version = ?5",
            params![progress, next.code(), now, id, version],
        )?;
        expect_saved(changed, &object)?;
        tx.execute(
            "INSERT INTO decision_progress (decision_id, at, user_id, progress, note) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, now, actor.user_id, progress, note.trim()],
        )?;
        Store::audit(
            tx,
            actor,
            "decision.progress",
            &object,
            &format!("{progress}% {}", note.trim()),
        )?;
        Ok(version + 1)
    })
}

/// Mid-term or final evaluation: satisfaction score 0-100 and a note.
pub fn evaluate(store: &mut Store, id: i64, kind: EvalKind, score: i64, note: &str) -> Result<()> {
    let object = format!("decision:{id}");
    store.require(Permission::Decide, &object)?;
    check_score(score).map_err(AgendaError::Decision)?;
    let kind = kind.code();
    run(store, "decision.evaluate", &object, |tx, actor| {
        status_of(tx, id)?;
        tx.execute(
            "INSERT INTO decision_evaluations (decision_id, kind, at, score, note) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, kind, now_text(), score, note.trim()],
        )?;
        Store::audit(tx, actor, "decision.evaluate", &object, &format!("{kind} {score}"))?;
        Ok(())
    })
}

/// Gives up a decision, with a reason.
pub fn abandon(store: &mut Store, id: i64, version: i64, reason: &str) -> Result<()> {
    store.require(Permission::Decide, &format!("decision:{id}"))?;
    if reason.trim().is_empty() {
        return Err(AgendaError::Decision(
            crate::domain::meetings::DecisionRefusal::EmptyText,
        ));
    }
    let object = format!("decision:{id}");
    run(store, "decision.abandon", &object, |tx, actor| {
        let status = status_of(tx, id)?;
        if !status.is_open() {
            return Err(AgendaError::Decision(
                crate::domain::meetings::DecisionRefusal::NotOpen(status),
            ));
        }
        let changed = tx.execute(
            "UPDATE decisions SET status = 'abandoned', abandon_reason = ?1, updated_at = ?2, version = version + 1
             WHERE id = ?3 AND version = ?4",
            params![reason.trim(), now_text(), id, version],
        )?;
        expect_saved(changed, &object)?;
        Store::audit(tx, actor, "decision.abandon", &object, reason.trim())?;
        Ok(())
    })
}

/// Marks the decision published to residents (公布) on `day`.
pub fn publish(store: &mut Store, id: i64, version: i64, on: NaiveDate) -> Result<()> {
    let object = format!("decision:{id}");
    store.require(Permission::Decide, &object)?;
    run(store, "decision.publish", &object, |tx, actor| {
        status_of(tx, id)?;
        let changed = tx.execute(
            "UPDATE decisions SET published_at = ?1, version = version + 1 WHERE id = ?2 AND version = ?3",
            params![on.format("%Y-%m-%d").to_string(), id, version],
        )?;
        expect_saved(changed, &object)?;
        Store::audit(tx, actor, "decision.publish", &object, "")?;
        Ok(())
    })
}

/// Marks a decision done (progress 100 %). Every request merged into its
/// topic moves merged -> resolved (resolution: the decision's text) with a
/// `decision_done` event each, so it awaits a callback to its resident; if
/// any of them cannot, nothing is done. When no open
/// decision is left on the topic, the topic is closed. Returns the
/// requests now due a callback. Leader or admin only (`Decide`): it closes
/// topics and answers residents.
pub fn mark_done(store: &mut Store, id: i64, version: i64) -> Result<Vec<i64>> {
    let object = format!("decision:{id}");
    store.require(Permission::Decide, &object)?;
    run(store, "decision.done", &object, |tx, actor| {
        let status = status_of(tx, id)?;
        if !status.is_open() {
            return Err(AgendaError::Decision(
                crate::domain::meetings::DecisionRefusal::NotOpen(status),
            ));
        }
        let now = now_text();
        let changed = tx.execute(
            "UPDATE decisions SET status = 'done', progress = 100, done_at = ?1, updated_at = ?1,
                    version = version + 1
             WHERE id = ?2 AND version = ?3",
            params![now, id, version],
        )?;
        expect_saved(changed, &object)?;
        tx.execute(
            "INSERT INTO decision_progress (decision_id, at, user_id, progress, note) VALUES (?1, ?2, ?3, 100, 'done')",
            params![id, now, actor.user_id],
        )?;
        let (text, topic): (String, Option<i64>) = tx.query_row(
            "SELECT d.text, a.topic_id FROM decisions d JOIN agenda_items a ON a.id = d.agenda_item_id WHERE d.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut due = Vec::new();
        if let Some(topic) = topic {
            let rows: Vec<(i64, i64)> = {
                let mut stmt = tx.prepare(
                    "SELECT r.id, r.version FROM topic_requests tr JOIN requests r ON r.id = tr.request_id
                     WHERE tr.topic_id = ?1 AND r.status = 'merged' AND r.topic_id = tr.topic_id
                       AND r.duplicate_of IS NULL
                     ORDER BY r.id",
                )?;
                stmt.query_map([topic], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()?
            };
            // Through the workflow like any status change: the event says
            // which decision (ids only, no sentence); the timeline renders
            // it in the reader's language.
            let cmd = Command::CarryOutDecision {
                decision_id: id,
                decision: text,
            };
            for (rid, rv) in rows {
                apply_in_tx(tx, actor, rid, rv, &cmd, None)?;
                due.push(rid);
            }
            let open: i64 = tx.query_row(
                "SELECT count(*) FROM decisions d JOIN agenda_items a ON a.id = d.agenda_item_id
                 WHERE a.topic_id = ?1 AND d.status IN ('planned', 'in_progress')",
                [topic],
                |r| r.get(0),
            )?;
            if open == 0 {
                tx.execute(
                    "UPDATE topics SET status = 'closed', version = version + 1 WHERE id = ?1",
                    [topic],
                )?;
            }
        }
        Store::audit(
            tx,
            actor,
            "decision.done",
            &object,
            &format!("{} requests await a callback", due.len()),
        )?;
        Ok(due)
    })
}
