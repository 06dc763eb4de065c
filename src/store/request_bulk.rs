//! Bulk actions of the triage table (multi-select + one key), each in ONE
//! transaction, and the field edits they share with the single-request form
//! (category, level). Items that are stale or refused are skipped and
//! reported; the rest are saved together.

use super::request_ops::{
    RequestError, RequestInvalid, Result, apply_in_tx, audit_refused, insert_event, load_facts, require_command,
    require_own, run,
};
use super::{Actor, Store, StoreError, now_text};
use crate::domain::request::{Level, Status};
use crate::domain::workflow::{Command, CommandKind, Refusal};
use rusqlite::{OptionalExtension, Transaction, params};

/// Why one selected request was left unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkSkip {
    /// Someone saved it after the table was loaded.
    Conflict,
    Refused(Refusal),
    Invalid(RequestInvalid),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkReport {
    /// (request id, new version)
    pub done: Vec<(i64, i64)>,
    pub skipped: Vec<(i64, BulkSkip)>,
}

/// A selected request as the table shows it: (id, version).
pub type Selected = (i64, i64);

/// The permission check of a bulk command, once for all its requests,
/// and the scope check (a cadre account: its own requests only).
fn require_all(store: &mut Store, kind: CommandKind, items: &[Selected]) -> Result<()> {
    let ids: Vec<String> = items.iter().map(|(id, _)| id.to_string()).collect();
    require_command(store, kind, &format!("request:{}", ids.join(",")))?;
    require_own(store, &ids_of(items))
}

fn ids_of(items: &[Selected]) -> Vec<i64> {
    items.iter().map(|(id, _)| *id).collect()
}

fn bulk(
    store: &mut Store,
    items: &[Selected],
    mut one: impl FnMut(&Transaction, &Actor, i64, i64) -> Result<i64>,
) -> Result<BulkReport> {
    run(store, |tx, actor| {
        let mut report = BulkReport::default();
        for &(id, version) in items {
            match one(tx, actor, id, version) {
                Ok(v) => report.done.push((id, v)),
                Err(RequestError::Store(StoreError::Conflict { .. })) => report.skipped.push((id, BulkSkip::Conflict)),
                Err(RequestError::Refused(r)) => report.skipped.push((id, BulkSkip::Refused(r))),
                Err(RequestError::Invalid(i)) => report.skipped.push((id, BulkSkip::Invalid(i))),
                Err(e @ RequestError::Store(_)) => return Err(e),
            }
        }
        Ok(report)
    })
}

/// 派遣 all selected requests to one cadre.
pub fn bulk_assign(store: &mut Store, items: &[Selected], cadre_id: i64) -> Result<BulkReport> {
    let cmd = Command::Assign { cadre_id };
    require_all(store, cmd.kind(), items)?;
    bulk(store, items, |tx, actor, id, v| {
        apply_in_tx(tx, actor, id, v, &cmd, None)
    })
}

/// Marks all selected requests as duplicates of `into` (which is skipped if selected).
pub fn bulk_merge_duplicates(store: &mut Store, items: &[Selected], into: i64) -> Result<BulkReport> {
    let cmd = Command::MergeDuplicate { into };
    let items: Vec<Selected> = items.iter().copied().filter(|(id, _)| *id != into).collect();
    require_all(store, cmd.kind(), &items)?;
    require_own(store, &[into])?;
    bulk(store, &items, |tx, actor, id, v| {
        apply_in_tx(tx, actor, id, v, &cmd, None)
    })
}

/// Any workflow command on all selected requests (e.g. urge, merge into a topic).
pub fn bulk_apply(store: &mut Store, items: &[Selected], command: &Command) -> Result<BulkReport> {
    require_all(store, command.kind(), items)?;
    if let Command::MergeDuplicate { into } = command {
        require_own(store, &[*into])?;
    }
    bulk(store, items, |tx, actor, id, v| {
        apply_in_tx(tx, actor, id, v, command, None)
    })
}

pub fn bulk_set_category(store: &mut Store, items: &[Selected], category_id: i64) -> Result<BulkReport> {
    require_own(store, &ids_of(items))?;
    bulk(store, items, |tx, actor, id, v| {
        set_category_in_tx(tx, actor, id, v, category_id)
    })
}

pub fn bulk_set_level(store: &mut Store, items: &[Selected], level: Level) -> Result<BulkReport> {
    require_own(store, &ids_of(items))?;
    bulk(store, items, |tx, actor, id, v| {
        set_level_in_tx(tx, actor, id, v, level)
    })
}

/// Changes the category of one request; returns the new version.
pub fn set_category(store: &mut Store, id: i64, version: i64, category_id: i64) -> Result<i64> {
    require_own(store, &[id])?;
    run(store, |tx, actor| {
        set_category_in_tx(tx, actor, id, version, category_id)
    })
}

/// Sets the level that must handle a request during triage. An escalated
/// request changes level only through `Command::Escalate`.
pub fn set_level(store: &mut Store, id: i64, version: i64, level: Level) -> Result<i64> {
    require_own(store, &[id])?;
    run(store, |tx, actor| set_level_in_tx(tx, actor, id, version, level))
}

/// Loads, checks the version and that the request is still editable.
fn editable(
    tx: &Transaction,
    actor: &Actor,
    action: &str,
    id: i64,
    version: i64,
    ok: fn(Status) -> bool,
) -> Result<Status> {
    let (facts, current) = load_facts(tx, id)?;
    if current != version {
        return Err(StoreError::Conflict {
            object: format!("request:{id}"),
        }
        .into());
    }
    if !ok(facts.status) {
        audit_refused(
            tx,
            actor,
            action,
            id,
            &format!("not editable in {}", facts.status.code()),
        )?;
        return Err(RequestError::Invalid(RequestInvalid::NotEditable(facts.status)));
    }
    Ok(facts.status)
}

fn save_field(tx: &Transaction, id: i64, version: i64, column: &str, value: &dyn rusqlite::ToSql) -> Result<i64> {
    let changed = tx.execute(
        &format!(
            "UPDATE requests SET {column} = ?1, version = version + 1, updated_at = ?2 WHERE id = ?3 AND version = ?4"
        ),
        params![value, now_text(), id, version],
    )?;
    super::expect_saved(changed, &format!("request:{id}"))?;
    Ok(version + 1)
}

fn set_category_in_tx(tx: &Transaction, actor: &Actor, id: i64, version: i64, category_id: i64) -> Result<i64> {
    let status = editable(tx, actor, "request.set_category", id, version, |s| !s.is_final())?;
    let name: Option<String> = tx
        .query_row("SELECT name FROM categories WHERE id = ?1", [category_id], |r| r.get(0))
        .optional()?;
    let Some(name) = name else {
        return Err(RequestError::Invalid(RequestInvalid::UnknownCategory(category_id)));
    };
    let new_version = save_field(tx, id, version, "category_id", &category_id)?;
    let assignee: Option<i64> = tx.query_row("SELECT assignee_id FROM requests WHERE id = ?1", [id], |r| r.get(0))?;
    insert_event(
        tx,
        actor,
        id,
        "set_category",
        Some(status),
        Some(status),
        &name,
        assignee,
    )?;
    Store::audit(tx, actor, "request.set_category", &format!("request:{id}"), &name)?;
    Ok(new_version)
}

fn set_level_in_tx(tx: &Transaction, actor: &Actor, id: i64, version: i64, level: Level) -> Result<i64> {
    let open_not_escalated = |s: Status| s.is_open() && s != Status::Escalated;
    let status = editable(tx, actor, "request.set_level", id, version, open_not_escalated)?;
    let new_version = save_field(tx, id, version, "level", &level.code())?;
    let assignee: Option<i64> = tx.query_row("SELECT assignee_id FROM requests WHERE id = ?1", [id], |r| r.get(0))?;
    insert_event(
        tx,
        actor,
        id,
        "set_level",
        Some(status),
        Some(status),
        level.code(),
        assignee,
    )?;
    Store::audit(tx, actor, "request.set_level", &format!("request:{id}"), level.code())?;
    Ok(new_version)
}
