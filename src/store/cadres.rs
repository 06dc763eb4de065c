//! Cadres (干部): read side for the assessment pane.

use super::Result;
use super::counts::HOUSEHOLD_VISIT_THIS_YEAR;
use super::requests::OPEN_STATES;
pub use crate::model::places::CadreRow;
use rusqlite::{Connection, params};

/// `today` is 'YYYY-MM-DD'; "this year" is its calendar year.
pub fn list_cadres(conn: &Connection, today: &str) -> Result<Vec<CadreRow>> {
    let sql = format!(
        "SELECT c.id, c.name, c.title, c.role, c.phone,
                (SELECT group_concat(g.name, ',') FROM grids g WHERE g.cadre_id = c.id),
                (SELECT count(*) FROM households h JOIN grids g ON g.id = h.grid_id WHERE g.cadre_id = c.id),
                (SELECT count(DISTINCT v.household_id) FROM visits v
                   JOIN households h ON h.id = v.household_id JOIN grids g ON g.id = h.grid_id
                  WHERE g.cadre_id = c.id AND {HOUSEHOLD_VISIT_THIS_YEAR}),
                (SELECT count(*) FROM requests r WHERE r.assignee_id = c.id AND r.status IN {OPEN_STATES}),
                (SELECT count(*) FROM requests r WHERE r.assignee_id = c.id AND r.status IN {OPEN_STATES}
                    AND r.due_at IS NOT NULL AND date(r.due_at) < date(?1))
         FROM cadres c WHERE c.active = 1
         ORDER BY CASE c.role WHEN 'leader' THEN 0 WHEN 'cadre' THEN 1 ELSE 2 END, c.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![today], |r| {
        let grids: Option<String> = r.get(5)?;
        Ok(CadreRow {
            id: r.get(0)?,
            name: r.get(1)?,
            title: r.get(2)?,
            role: r.get(3)?,
            phone: r.get(4)?,
            grids: grids
                .map(|g| g.split(',').map(str::to_string).collect())
                .unwrap_or_default(),
            households: r.get(6)?,
            visited_this_year: r.get(7)?,
            open_requests: r.get(8)?,
            overdue_requests: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
