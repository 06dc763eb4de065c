//! The rows behind the per-grid and per-cadre counts, for the loader's
//! tally (README "Performance"): read whole once at a full load, then only
//! the rows the change log names, so another clerk's commit is patched by
//! adjusting counts instead of re-counting whole tables.

use super::Result;
use super::requests::OPEN_STATES;
use rusqlite::Connection;

/// A request that counts somewhere: open (per-grid and per-cadre open
/// counts, overdue) or resolved (callbacks due).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActiveRequest {
    pub household_id: Option<i64>,
    pub assignee_id: Option<i64>,
    /// Where an outside caller (no household) is located, for the cadre
    /// scope's "placed in its grids" (README "A cadre's own grids").
    pub caller_grid_id: Option<i64>,
    /// Received, assigned, in progress or escalated.
    pub open: bool,
    /// Open with a due date before the day read for (as `count_overdue`).
    pub overdue: bool,
    /// Resolved, awaiting its callback.
    pub resolved: bool,
}

/// (household, grid, village, persons) of every household.
pub fn household_sizes(conn: &Connection) -> Result<Vec<(i64, i64, i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.id, h.grid_id, h.village_id, (SELECT count(*) FROM persons p WHERE p.household_id = h.id)
         FROM households h",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// (grid, cadre) of every grid, active or not.
pub fn grid_cadres(conn: &Connection) -> Result<Vec<(i64, Option<i64>)>> {
    let mut stmt = conn.prepare_cached("SELECT id, cadre_id FROM grids")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const ACTIVE_COLUMNS: &str = "r.id, r.household_id, r.assignee_id, r.status,
    r.due_at IS NOT NULL AND date(r.due_at) < date(?1), r.caller_grid_id";

fn active(r: &rusqlite::Row) -> rusqlite::Result<(i64, Option<ActiveRequest>)> {
    let status: String = r.get(3)?;
    let open = matches!(status.as_str(), "received" | "assigned" | "in_progress" | "escalated");
    let resolved = status == "resolved";
    let row = ActiveRequest {
        household_id: r.get(1)?,
        assignee_id: r.get(2)?,
        open,
        overdue: open && r.get::<_, Option<bool>>(4)?.unwrap_or(false),
        caller_grid_id: r.get(5)?,
        resolved,
    };
    Ok((r.get(0)?, (open || resolved).then_some(row)))
}

/// Every open or resolved request, as of `today` (YYYY-MM-DD).
pub fn active_requests(conn: &Connection, today: &str) -> Result<Vec<(i64, ActiveRequest)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ACTIVE_COLUMNS} FROM requests r WHERE r.status IN {OPEN_STATES} OR r.status = 'resolved'"
    ))?;
    let rows = stmt.query_map([today], active)?;
    let mut out = Vec::new();
    for row in rows {
        if let (id, Some(a)) = row? {
            out.push((id, a));
        }
    }
    Ok(out)
}

/// Requests `ids` now: None for one that is gone or counts nowhere
/// (closed, rejected, ...).
pub fn requests_now(conn: &Connection, today: &str, ids: &[i64]) -> Result<Vec<(i64, Option<ActiveRequest>)>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {ACTIVE_COLUMNS} FROM requests r WHERE r.id = ?2"))?;
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let mut rows = stmt.query(rusqlite::params![today, id])?;
        out.push(match rows.next()? {
            Some(r) => active(r)?,
            None => (id, None),
        });
    }
    Ok(out)
}

/// The condition on visits `v` that `cadres::list_cadres` counts: a
/// household visit in the year of `?1`.
pub const HOUSEHOLD_VISIT_THIS_YEAR: &str =
    "v.kind = 'household' AND strftime('%Y', v.visited_on) = strftime('%Y', ?1)";

/// (visit, household) of this year's household visits.
pub fn household_visits(conn: &Connection, today: &str) -> Result<Vec<(i64, Option<i64>)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT v.id, v.household_id FROM visits v WHERE {HOUSEHOLD_VISIT_THIS_YEAR}"
    ))?;
    let rows = stmt.query_map([today], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Visits `ids` now: the household of each that is a household visit this
/// year; None for one that is gone or is not.
pub fn visits_now(conn: &Connection, today: &str, ids: &[i64]) -> Result<Vec<(i64, Option<Option<i64>>)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT v.household_id FROM visits v WHERE v.id = ?2 AND {HOUSEHOLD_VISIT_THIS_YEAR}"
    ))?;
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let mut rows = stmt.query(rusqlite::params![today, id])?;
        out.push((id, rows.next()?.map(|r| r.get(0)).transpose()?));
    }
    Ok(out)
}
