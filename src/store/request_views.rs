//! Named views of the triage table: four built-ins and the user's own
//! (table `saved_views`, migration 002), each a filter plus a sort.

use super::request_ops::{RequestError, RequestInvalid, Result, role_of};
use super::request_query::{AssigneeFilter, RequestFilter, RequestSort};
use super::{Store, now_text};
use crate::domain::request::{Role, Status};
pub use crate::model::requests::BuiltinView;
pub use crate::model::requests::ViewSpec;
pub use crate::model::requests::{NamedView, ViewId};
use rusqlite::{Connection, OptionalExtension};

// The filter each built-in view stands for is a store query, so it lives here.
impl BuiltinView {
    pub fn spec(self) -> ViewSpec {
        let filter = match self {
            BuiltinView::MyQueue => RequestFilter {
                assignee: Some(AssigneeFilter::Me),
                open_only: true,
                ..Default::default()
            },
            BuiltinView::Overdue => RequestFilter {
                overdue: true,
                ..Default::default()
            },
            BuiltinView::Unassigned => RequestFilter {
                statuses: vec![Status::Received],
                assignee: Some(AssigneeFilter::Unassigned),
                ..Default::default()
            },
            BuiltinView::Escalated => RequestFilter {
                statuses: vec![Status::Escalated],
                ..Default::default()
            },
        };
        ViewSpec {
            filter,
            sort: RequestSort::Due,
        }
    }
}

/// The built-ins, then the user's own and the shared views by name. A
/// stored view whose JSON no longer reads shows everything (default spec)
/// rather than disappearing.
pub fn list_views(conn: &Connection, user_id: i64) -> Result<Vec<NamedView>> {
    let mut out: Vec<NamedView> = BuiltinView::ALL
        .iter()
        .map(|b| NamedView {
            id: ViewId::Builtin(*b),
            name: String::new(),
            shared: true,
            spec: b.spec(),
        })
        .collect();
    let mut stmt = conn.prepare(
        "SELECT id, name, filter, user_id IS NULL FROM saved_views
         WHERE user_id IS NULL OR user_id = ?1 ORDER BY name, id",
    )?;
    let rows = stmt.query_map([user_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, bool>(3)?,
        ))
    })?;
    for row in rows {
        let (id, name, json, shared) = row?;
        let spec = serde_json::from_str(&json).unwrap_or_default();
        out.push(NamedView {
            id: ViewId::Saved(id),
            name,
            shared,
            spec,
        });
    }
    Ok(out)
}

/// Saves a named view for this user (or for everyone when `shared`).
pub fn save_view(store: &mut Store, name: &str, spec: &ViewSpec, shared: bool) -> Result<i64> {
    let name = name.trim().to_string();
    let json = serde_json::to_string(spec).unwrap_or_default();
    super::request_ops::run(store, |tx, actor| {
        let owner = (!shared).then_some(actor.user_id);
        let taken = tx
            .query_row(
                "SELECT 1 FROM saved_views WHERE ifnull(user_id, 0) = ifnull(?1, 0) AND name = ?2",
                rusqlite::params![owner, name],
                |_| Ok(()),
            )
            .optional()?;
        if taken.is_some() {
            return Err(RequestError::Invalid(RequestInvalid::DuplicateViewName(name.clone())));
        }
        tx.execute(
            "INSERT INTO saved_views (user_id, name, filter, created_at) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![owner, name, json, now_text()],
        )?;
        let id = tx.last_insert_rowid();
        Store::audit(tx, actor, "view.save", &format!("view:{id}"), &name)?;
        Ok(id)
    })
}

/// Deletes a saved view: the owner's own, or any (incl. shared) for an admin
/// or leader. Returns false when it did not exist.
pub fn delete_view(store: &mut Store, id: i64) -> Result<bool> {
    super::request_ops::run(store, |tx, actor| {
        let owner: Option<Option<i64>> = tx
            .query_row("SELECT user_id FROM saved_views WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        let Some(owner) = owner else { return Ok(false) };
        let privileged = matches!(role_of(actor), Role::Admin | Role::Leader);
        if owner != Some(actor.user_id) && !privileged {
            return Err(RequestError::Invalid(RequestInvalid::NotYourView(id)));
        }
        tx.execute("DELETE FROM saved_views WHERE id = ?1", [id])?;
        Store::audit(tx, actor, "view.delete", &format!("view:{id}"), "")?;
        Ok(true)
    })
}
