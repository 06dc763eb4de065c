//! Editing a request's triage fields from the detail form (not a workflow
//! step): title, content, type, urgency, scope, difficulty, category and
//! the outside caller. Versioned like every save.

use super::calendar_days::{compute_due, date_text};
use super::dates::day_at;
use super::request_ops::{
    RequestError, RequestInvalid, Result, audit_refused, insert_event, load_facts, require_own, run,
};
use super::{Store, StoreError, now_text};
use crate::domain::calendar::DueDate;
use crate::domain::request::{Difficulty, Priority, RequestKind, Scope};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

/// The editable fields, all given (the form holds the whole record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestEdit {
    pub title: String,
    pub content: String,
    pub kind: RequestKind,
    pub priority: Priority,
    pub scope: Scope,
    pub difficulty: Difficulty,
    pub category_id: Option<i64>,
    pub caller_name: Option<String>,
    pub caller_phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    pub version: i64,
    /// Set when type or urgency changed on an open request: the due date was
    /// recomputed from the received date (this replaces an earlier extension).
    pub new_due: Option<DueDate>,
}

pub fn edit_request(store: &mut Store, id: i64, expected_version: i64, edit: &RequestEdit) -> Result<Edited> {
    let title = edit.title.trim();
    if title.is_empty() {
        return Err(RequestError::Invalid(RequestInvalid::EmptyTitle));
    }
    let caller = edit.caller_name.as_deref().map(str::trim).filter(|s| !s.is_empty());
    require_own(store, &[id])?;
    run(store, |tx, actor| {
        let (facts, version) = load_facts(tx, id)?;
        if version != expected_version {
            return Err(StoreError::Conflict {
                object: format!("request:{id}"),
            }
            .into());
        }
        if facts.status.is_final() {
            audit_refused(
                tx,
                actor,
                "request.edit",
                id,
                &format!("not editable in {}", facts.status.code()),
            )?;
            return Err(RequestError::Invalid(RequestInvalid::NotEditable(facts.status)));
        }
        let (received, household, kind, priority): (Option<NaiveDate>, Option<i64>, String, String) = tx.query_row(
            "SELECT received_at, household_id, kind, priority FROM requests WHERE id = ?1",
            [id],
            |r| Ok((day_at(r, 0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        if household.is_none() && caller.is_none() {
            return Err(RequestError::Invalid(RequestInvalid::NoResidentOrCaller));
        }
        if let Some(c) = edit.category_id
            && tx
                .query_row("SELECT 1 FROM categories WHERE id = ?1", [c], |_| Ok(()))
                .optional()?
                .is_none()
        {
            return Err(RequestError::Invalid(RequestInvalid::UnknownCategory(c)));
        }
        let rule_changed = kind != edit.kind.code() || priority != edit.priority.code();
        let new_due = match received {
            Some(day) if rule_changed && facts.status.is_open() => {
                Some(compute_due(tx, day, edit.kind, edit.priority)?)
            }
            _ => None,
        };
        let due_text = new_due.as_ref().map(|d| date_text(d.due)).or(facts.due.map(date_text));
        let changed = tx.execute(
            "UPDATE requests SET title = ?1, content = ?2, kind = ?3, priority = ?4, scope = ?5, difficulty = ?6,
                 category_id = ?7, caller_name = ?8, caller_phone = ?9, due_at = ?10,
                 version = version + 1, updated_at = ?11
             WHERE id = ?12 AND version = ?13",
            params![
                title,
                edit.content,
                edit.kind.code(),
                edit.priority.code(),
                edit.scope.code(),
                edit.difficulty.code(),
                edit.category_id,
                caller,
                edit.caller_phone.as_deref().map(str::trim).filter(|s| !s.is_empty()),
                due_text,
                now_text(),
                id,
                version,
            ],
        )?;
        super::expect_saved(changed, &format!("request:{id}"))?;
        let note = new_due
            .as_ref()
            .map(|d| format!("due {}", date_text(d.due)))
            .unwrap_or_default();
        let status = Some(facts.status);
        insert_event(tx, actor, id, "edit", status, status, &note, facts.assignee)?;
        Store::audit(tx, actor, "request.edit", &format!("request:{id}"), title)?;
        Ok(Edited {
            version: version + 1,
            new_due,
        })
    })
}
