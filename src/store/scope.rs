//! What part of the township a session sees (README "Accounts and roles",
//! "A cadre's own grids"): everything, or — for a cadre account — the grids
//! its cadre looks after and the requests assigned to it. Decided here once;
//! the reads of the grid map, the register, the assessment and the
//! callbacks due take the scope and narrow themselves.

use super::{Actor, Result};
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

    /// A condition on requests `r` for a query: those assigned to the
    /// scope's cadre, bound as parameter `?{n}` (None: no condition).
    pub fn assigned_sql(&self, n: usize) -> Option<(String, rusqlite::types::Value)> {
        let cadre = self.cadre()?;
        Some((
            format!("r.assignee_id = ?{n}"),
            cadre.map_or(rusqlite::types::Value::Null, rusqlite::types::Value::Integer),
        ))
    }
}

/// The scope of `actor`'s session, read from `conn` (the store's, or the
/// loader's own connection, which narrows the snapshot the same way).
pub fn scope_of(conn: &Connection, actor: &Actor) -> Result<SessionScope> {
    if Role::parse(&actor.role) != Some(Role::Cadre) {
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
