//! What part of the township a session sees (README "Accounts and roles",
//! "A cadre's own grids"): everything, or — for a cadre account — the grids
//! its cadre looks after and its own requests (assigned to it or placed in
//! those grids). Decided here once; the reads narrow themselves with it,
//! and every request read and write of a cadre passes
//! [`Store::require_requests`].

use super::accounts::AccountError;
use super::{Actor, Result, Store, StoreError};
use crate::domain::accounts::{Permission, roles_with};
use crate::domain::request::Role;
use rusqlite::{Connection, OptionalExtension};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionScope {
    All,
    /// A cadre account: its cadre (None: not linked, so it sees no
    /// household) and that cadre's grids.
    OwnGrids {
        cadre_id: Option<i64>,
        grid_ids: BTreeSet<i64>,
    },
}

impl SessionScope {
    pub fn is_all(&self) -> bool {
        matches!(self, SessionScope::All)
    }

    /// The cadre whose requests a cadre account sees, if scoped.
    pub fn cadre(&self) -> Option<Option<i64>> {
        match self {
            SessionScope::All => None,
            SessionScope::OwnGrids { cadre_id, .. } => Some(*cadre_id),
        }
    }

    /// Whether a grid (or a household's grid) is in the scope.
    pub fn has_grid(&self, grid: Option<i64>) -> bool {
        match self {
            SessionScope::All => true,
            SessionScope::OwnGrids { grid_ids, .. } => grid.is_some_and(|g| grid_ids.contains(&g)),
        }
    }

    /// Whether a cadre's own figures are in the scope (a cadre account: only
    /// its own).
    pub fn has_cadre(&self, cadre: i64) -> bool {
        match self {
            SessionScope::All => true,
            SessionScope::OwnGrids { cadre_id, .. } => *cadre_id == Some(cadre),
        }
    }

    /// A condition on requests `r` for a query: the scope's own requests
    /// ([`own_requests_sql`]), its cadre bound as parameter `?{n}` (None:
    /// no condition).
    pub fn requests_sql(&self, n: usize) -> Option<(String, rusqlite::types::Value)> {
        let cadre = self.cadre()?;
        Some((
            own_requests_sql(n),
            cadre.map_or(rusqlite::types::Value::Null, rusqlite::types::Value::Integer),
        ))
    }
}

/// The requests a cadre account sees and may act on (README "A cadre's own
/// grids"): those assigned to its cadre, and those placed in its grids — a
/// household living there, or an outside caller located there. A condition
/// on requests `r`, the cadre bound as `?{n}` (NULL: not linked, nothing).
pub fn own_requests_sql(n: usize) -> String {
    format!(
        "(r.assignee_id = ?{n}
          OR r.household_id IN (SELECT sh.id FROM households sh JOIN grids sg ON sg.id = sh.grid_id
                                WHERE sg.cadre_id = ?{n})
          OR (r.household_id IS NULL
              AND r.caller_grid_id IN (SELECT sg.id FROM grids sg WHERE sg.cadre_id = ?{n})))"
    )
}

/// The ids of the scope's own requests (None: every request), for reads
/// that narrow rows they have already grouped (topics, suggestions).
pub fn own_request_ids(conn: &Connection, scope: &SessionScope) -> Result<Option<BTreeSet<i64>>> {
    let Some((sql, cadre)) = scope.requests_sql(1) else {
        return Ok(None);
    };
    let mut stmt = conn.prepare(&format!("SELECT r.id FROM requests r WHERE {sql}"))?;
    let ids = stmt
        .query_map([cadre], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(ids))
}

/// The scope of `actor`'s session, read from `conn` (the store's, or the
/// loader's own connection, which narrows the snapshot the same way).
pub fn scope_of(conn: &Connection, actor: &Actor) -> Result<SessionScope> {
    if actor.role != Some(Role::Cadre) {
        return Ok(SessionScope::All);
    }
    let cadre_id: Option<i64> = conn
        .query_row("SELECT cadre_id FROM users WHERE id = ?1", [actor.user_id], |r| {
            r.get(0)
        })
        .optional()?
        .flatten();
    let mut stmt = conn.prepare("SELECT id FROM grids WHERE cadre_id = ?1")?;
    let grid_ids = stmt
        .query_map([cadre_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(SessionScope::OwnGrids { cadre_id, grid_ids })
}

/// The topics with one of the scope's own requests (None: every topic):
/// what a cadre account sees of the meetings pane (README "A cadre's own
/// grids").
pub fn own_topic_ids(conn: &Connection, scope: &SessionScope) -> Result<Option<BTreeSet<i64>>> {
    let Some((sql, cadre)) = scope.requests_sql(1) else {
        return Ok(None);
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT DISTINCT tr.topic_id FROM topic_requests tr JOIN requests r ON r.id = tr.request_id WHERE {sql}"
    ))?;
    let ids = stmt
        .query_map([cadre], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(ids))
}

/// The meetings a cadre account sees (None: every meeting): those that
/// discuss one of its topics ([`own_topic_ids`]) and those its cadre
/// chairs, presents at or attends.
pub fn own_meeting_ids(conn: &Connection, scope: &SessionScope) -> Result<Option<BTreeSet<i64>>> {
    let Some((sql, cadre)) = scope.requests_sql(1) else {
        return Ok(None);
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT a.meeting_id FROM agenda_items a
         WHERE a.presenter_id = ?1
            OR a.topic_id IN (SELECT tr.topic_id FROM topic_requests tr JOIN requests r ON r.id = tr.request_id
                              WHERE {sql})
         UNION SELECT m.id FROM meetings m WHERE m.chair_id = ?1
         UNION SELECT p.meeting_id FROM meeting_participants p WHERE p.cadre_id = ?1"
    ))?;
    let ids = stmt
        .query_map([cadre], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(ids))
}

/// The roles that may act on every request: those handling requests
/// without a scope (all but the cadre).
fn township_handlers() -> Vec<Role> {
    roles_with(Permission::HandleRequests)
        .into_iter()
        .filter(|r| *r != Role::Cadre)
        .collect()
}

impl Store {
    /// Refuses any of requests `ids` that is not the session's own (a
    /// cadre account: assigned to it or placed in its grids), audited as
    /// `scope.request` with the roles that may; for other roles, nothing.
    /// The one check every request read and write of a cadre passes.
    pub fn require_requests(&mut self, ids: &[i64]) -> Result<()> {
        let Some((own, cadre)) = self.scope()?.requests_sql(1) else {
            return Ok(());
        };
        let mut outside = Vec::new();
        {
            let sql = format!("SELECT 1 FROM requests r WHERE r.id = ?2 AND {own}");
            let mut stmt = self.conn.prepare(&sql)?;
            for &id in ids {
                if !stmt.exists(rusqlite::params![cadre, id])? {
                    outside.push(id.to_string());
                }
            }
        }
        if outside.is_empty() {
            return Ok(());
        }
        let roles = township_handlers();
        let object = format!("request:{}", outside.join(","));
        self.refuse_outside(&object, "neither assigned to the cadre nor in its grids", &roles);
        Err(StoreError::Account(AccountError::RequestOutsideScope { roles }))
    }

    /// Refuses a new request for household `household` (or, without one,
    /// an outside caller located in `caller_grid`) outside the session's
    /// grids, audited as `scope.request`; for other roles, nothing.
    pub fn require_new_request(&mut self, household: Option<i64>, caller_grid: Option<i64>) -> Result<()> {
        let scope = self.scope()?;
        if scope.is_all() {
            return Ok(());
        }
        let grid = match household {
            Some(h) => self
                .conn
                .query_row("SELECT grid_id FROM households WHERE id = ?1", [h], |r| r.get(0))
                .optional()?
                .flatten(),
            None => caller_grid,
        };
        if scope.has_grid(grid) {
            return Ok(());
        }
        let roles = township_handlers();
        let object = match (household, caller_grid) {
            (Some(h), _) => format!("household:{h}"),
            (None, Some(g)) => format!("grid:{g}"),
            (None, None) => "request:new".to_string(),
        };
        self.refuse_outside(&object, "a new request outside the cadre's grids", &roles);
        Err(StoreError::Account(AccountError::NewRequestOutsideScope { roles }))
    }

    /// Refuses meeting `id` when it is not one the session sees
    /// ([`own_meeting_ids`]), audited as `scope.meeting`; for other roles,
    /// nothing. Every read of one meeting (the builder, its agenda export)
    /// passes it.
    pub fn require_meeting(&mut self, id: i64) -> Result<()> {
        let scope = self.scope()?;
        match own_meeting_ids(&self.conn, &scope)? {
            Some(own) if !own.contains(&id) => {
                let roles = township_handlers();
                self.refuse(
                    "scope.meeting",
                    &format!("meeting:{id}"),
                    "a meeting of none of the cadre's topics",
                    &roles,
                );
                Err(StoreError::Account(AccountError::MeetingOutsideScope { roles }))
            }
            _ => Ok(()),
        }
    }

    /// Audits a request scope refusal naming who may.
    fn refuse_outside(&mut self, object: &str, why: &str, roles: &[Role]) {
        self.refuse("scope.request", object, why, roles);
    }

    /// Audits a scope refusal naming who may, as `Store::require` does.
    fn refuse(&mut self, action: &str, object: &str, why: &str, roles: &[Role]) {
        let codes: Vec<&str> = roles.iter().map(|r| r.code()).collect();
        let why = format!("{why}: its cadre or {} may", codes.join(" or "));
        // The refusal is what the user needs to hear; an audit write that
        // fails (disk full) must not hide it.
        let _ = self.audit_failure(action, object, &why);
    }
}
