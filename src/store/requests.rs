//! Requests (诉求): read side for the requests pane and the overdue count.

use super::Result;
use rusqlite::{Connection, params};

/// States in which a request is still being worked on and can be overdue.
pub const OPEN_STATES: &str = "('received','assigned','in_progress','escalated')";

#[derive(Debug, Clone, PartialEq)]
pub struct RequestRow {
    pub id: i64,
    pub received_at: String,
    pub channel: String,
    pub village: Option<String>,
    pub resident: Option<String>,
    pub category: Option<String>,
    pub title: String,
    pub assignee: Option<String>,
    pub status: String,
    pub due_at: Option<String>,
}

pub fn list_requests(conn: &Connection) -> Result<Vec<RequestRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.received_at, r.channel, v.name, coalesce(p.name, r.caller_name), c.name,
                r.title, cad.name, r.status, r.due_at
         FROM requests r
         LEFT JOIN households h ON h.id = r.household_id
         LEFT JOIN villages v ON v.id = h.village_id
         LEFT JOIN persons p ON p.id = r.person_id
         LEFT JOIN categories c ON c.id = r.category_id
         LEFT JOIN cadres cad ON cad.id = r.assignee_id
         ORDER BY r.received_at DESC, r.id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(RequestRow {
            id: r.get(0)?,
            received_at: r.get(1)?,
            channel: r.get(2)?,
            village: r.get(3)?,
            resident: r.get(4)?,
            category: r.get(5)?,
            title: r.get(6)?,
            assignee: r.get(7)?,
            status: r.get(8)?,
            due_at: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Open requests whose due day is before `today` ('YYYY-MM-DD').
pub fn count_overdue(conn: &Connection, today: &str) -> Result<i64> {
    let sql = format!(
        "SELECT count(*) FROM requests WHERE status IN {OPEN_STATES} AND due_at IS NOT NULL AND date(due_at) < date(?1)"
    );
    Ok(conn.query_row(&sql, params![today], |r| r.get(0))?)
}

/// (id, name) of the active categories in display order.
pub fn list_categories(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM categories WHERE active = 1 ORDER BY sort, id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
