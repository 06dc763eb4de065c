//! Logging a new request from the request form (受理).

use super::{Result, Store, now_text};
use crate::app::forms::RequestDraft;
use chrono::NaiveDate;
use rusqlite::params;

/// Saves the draft as a received request (or, solved on the spot, as
/// resolved pending callback) with its first events. Returns the id and
/// the due day.
pub fn create_from_draft(store: &mut Store, d: &RequestDraft, today: NaiveDate) -> Result<(i64, String)> {
    store.write(|tx, actor| {
        let kind = if d.priority == "urgent" {
            "urgent"
        } else {
            d.kind.as_str()
        };
        let days: i64 = tx.query_row("SELECT working_days FROM sla_rules WHERE kind = ?1", [kind], |r| {
            r.get(0)
        })?;
        let due = add_weekdays(today, days).format("%Y-%m-%d").to_string();
        let now = now_text();
        tx.execute(
            "INSERT INTO requests (received_at, channel, household_id, person_id, caller_name, caller_phone,
                category_id, kind, title, content, scope, difficulty, priority, level, status, due_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'received', ?15, ?16)",
            params![
                now,
                d.channel,
                d.household_id,
                d.person_id,
                d.caller_name,
                d.caller_phone,
                d.category_id,
                d.kind,
                d.title,
                d.content,
                d.scope,
                d.difficulty,
                d.priority,
                d.level,
                due,
                actor.user_id
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO request_events (request_id, at, user_id, action, from_status, to_status, note)
             VALUES (?1, ?2, ?3, 'receive', NULL, 'received', '')",
            params![id, now, actor.user_id],
        )?;
        if let Some(resolution) = &d.solved_on_spot {
            tx.execute(
                "UPDATE requests SET status = 'resolved', resolution = ?1, solved = 1, resolved_at = ?2,
                    version = version + 1 WHERE id = ?3",
                params![resolution, now, id],
            )?;
            tx.execute(
                "INSERT INTO request_events (request_id, at, user_id, action, from_status, to_status, note)
                 VALUES (?1, ?2, ?3, 'solve_on_spot', 'received', 'resolved', ?4)",
                params![id, now, actor.user_id, resolution],
            )?;
        }
        Store::audit(
            tx,
            actor,
            "request.create",
            &format!("request:{id}"),
            &format!("channel={}", d.channel),
        )?;
        Ok((id, due))
    })
}

fn add_weekdays(start: NaiveDate, n: i64) -> NaiveDate {
    use chrono::Datelike;
    let mut day = start;
    let mut left = n;
    while left > 0 {
        day = day.succ_opt().unwrap_or(day);
        if day.weekday().num_days_from_monday() < 5 {
            left -= 1;
        }
    }
    day
}
