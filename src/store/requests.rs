//! Requests (诉求): small reads for the top bar and the pane's choice lists.
//! The triage table itself is `request_query::list_requests`.

use super::Result;
use rusqlite::Connection;

/// States in which a request is still being worked on and can be overdue.
pub const OPEN_STATES: &str = "('received','assigned','in_progress','escalated')";

/// Open requests whose due day is before `today` ('YYYY-MM-DD'), of
/// `scope` (a cadre account: its own requests, `scope::own_requests_sql`).
pub fn count_overdue(conn: &Connection, today: &str, scope: &super::scope::SessionScope) -> Result<i64> {
    let mut sql = format!(
        "SELECT count(*) FROM requests r WHERE r.status IN {OPEN_STATES} AND r.due_at IS NOT NULL
           AND date(r.due_at) < date(?1)"
    );
    let mut values = vec![rusqlite::types::Value::Text(today.to_string())];
    if let Some((mine, cadre)) = scope.requests_sql(2) {
        sql.push_str(" AND ");
        sql.push_str(&mine);
        values.push(cadre);
    }
    Ok(conn.query_row(&sql, rusqlite::params_from_iter(values), |r| r.get(0))?)
}

/// (id, name) of the active categories in display order.
pub fn list_categories(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM categories WHERE active = 1 ORDER BY sort, id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// (id, name) of the villages/communities.
pub fn list_villages(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM villages ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
