//! The household register (一户一档): read side for browsing households.

use super::Result;
use rusqlite::Connection;

#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdRow {
    pub id: i64,
    pub head: Option<String>,
    pub address: String,
    pub village: String,
    pub grid: String,
    pub members: i64,
    pub tags: String,
    pub verified_at: Option<String>,
}

pub fn list_households(conn: &Connection) -> Result<Vec<HouseholdRow>> {
    // Member counts and heads in one pass over persons instead of two
    // correlated subqueries per household (40,000 households).
    let mut stmt = conn.prepare_cached(
        "WITH m AS (
            SELECT household_id, count(*) AS n,
                   min(CASE WHEN relation = '户主' THEN name END) AS head
            FROM persons GROUP BY household_id)
         SELECT h.id, m.head, h.address, v.name, g.name, coalesce(m.n, 0), h.tags, h.verified_at
         FROM households h
         JOIN villages v ON v.id = h.village_id
         JOIN grids g ON g.id = h.grid_id
         LEFT JOIN m ON m.household_id = h.id
         ORDER BY h.village_id, h.group_id, h.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(HouseholdRow {
            id: r.get(0)?,
            head: r.get(1)?,
            address: r.get(2)?,
            village: r.get(3)?,
            grid: r.get(4)?,
            members: r.get(5)?,
            tags: r.get(6)?,
            verified_at: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
