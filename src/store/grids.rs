//! Grids (网格): read side for the grid map pane.

use super::Result;
use super::requests::OPEN_STATES;
use super::scope::SessionScope;
pub use crate::model::places::GridRow;
use rusqlite::Connection;

/// The active grids of `scope` (a cadre account: its own), in map order.
pub fn list_grids(conn: &Connection, scope: &SessionScope) -> Result<Vec<GridRow>> {
    // Open requests are counted from the open requests (the status index)
    // once for all grids, not per household of each grid: every other
    // clerk's request change reads this again (README "Performance").
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT g.id, g.name, v.name, c.name, c.phone,
                (SELECT count(*) FROM households h WHERE h.grid_id = g.id),
                (SELECT count(*) FROM persons p JOIN households h ON h.id = p.household_id WHERE h.grid_id = g.id),
                ifnull(o.n, 0),
                g.map_row, g.map_col, g.cadre_id
         FROM grids g JOIN villages v ON v.id = g.village_id LEFT JOIN cadres c ON c.id = g.cadre_id
         LEFT JOIN (SELECT h.grid_id AS grid_id, count(*) AS n
                    FROM requests r JOIN households h ON h.id = r.household_id
                    WHERE r.status IN {OPEN_STATES} GROUP BY h.grid_id) o ON o.grid_id = g.id
         WHERE g.active = 1
         ORDER BY g.map_row, g.map_col, g.id"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok(GridRow {
            id: r.get(0)?,
            name: r.get(1)?,
            village: r.get(2)?,
            cadre: r.get(3)?,
            cadre_id: r.get(10)?,
            cadre_phone: r.get(4)?,
            households: r.get(5)?,
            persons: r.get(6)?,
            open_requests: r.get(7)?,
            map_row: r.get(8)?,
            map_col: r.get(9)?,
        })
    })?;
    let mut grids: Vec<GridRow> = rows.collect::<rusqlite::Result<_>>()?;
    grids.retain(|g| scope.has_grid(Some(g.id)));
    Ok(grids)
}
