//! The household register (一户一档): read side for browsing households.

use super::Result;
pub use crate::model::register::{CardRequest, CardVisit, HouseholdCard, HouseholdRow, Member};
use rusqlite::Connection;

/// The register as the lookup pane browses it: the households of `scope`
/// (a cadre account: its grids').
pub fn list_households(conn: &Connection, scope: &super::scope::SessionScope) -> Result<Vec<HouseholdRow>> {
    let mut rows = households_where(conn, "", [])?;
    if !scope.is_all() {
        rows.retain(|h| scope.has_grid(Some(h.grid_id)));
    }
    Ok(rows)
}

/// The rows of `ids` that still exist (a changed household, for the
/// incremental refresh, README "Performance"), in list order.
pub fn households_by_id(conn: &Connection, ids: &[i64]) -> Result<Vec<HouseholdRow>> {
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        out.extend(households_where(conn, "WHERE h.id = ?1", [id])?);
    }
    out.sort_by_key(HouseholdRow::order);
    Ok(out)
}

fn households_where<P: rusqlite::Params>(conn: &Connection, filter: &str, params: P) -> Result<Vec<HouseholdRow>> {
    // Member counts and heads in one pass over persons instead of two
    // correlated subqueries per household (40,000 households); for one
    // household the persons index answers the same query.
    let members = if filter.is_empty() {
        ""
    } else {
        "WHERE household_id = ?1"
    };
    let mut stmt = conn.prepare_cached(&format!(
        "WITH m AS (
            SELECT household_id, count(*) AS n,
                   min(CASE WHEN relation = '户主' THEN name END) AS head
            FROM persons {members} GROUP BY household_id)
         SELECT h.id, m.head, h.address, v.name, g.name, coalesce(m.n, 0), h.tags, h.verified_at,
                h.village_id, h.group_id, h.grid_id
         FROM households h
         JOIN villages v ON v.id = h.village_id
         JOIN grids g ON g.id = h.grid_id
         LEFT JOIN m ON m.household_id = h.id
         {filter}
         ORDER BY h.village_id, h.group_id, h.id"
    ))?;
    let rows = stmt.query_map(params, |r| {
        Ok(HouseholdRow {
            id: r.get(0)?,
            head: r.get(1)?,
            address: r.get(2)?,
            village: r.get(3)?,
            grid: r.get(4)?,
            members: r.get(5)?,
            tags: r.get(6)?,
            verified_at: r.get(7)?,
            village_id: r.get(8)?,
            group_id: r.get(9)?,
            grid_id: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Relation order for listing members: the head first, then by generation.
const RELATION_ORDER: &str = "CASE relation WHEN '户主' THEN 0 WHEN '配偶' THEN 1 WHEN '父亲' THEN 2 WHEN '母亲' THEN 2
    WHEN '子' THEN 3 WHEN '女' THEN 3 WHEN '儿媳' THEN 4 WHEN '女婿' THEN 4 WHEN '孙子' THEN 5 WHEN '孙女' THEN 5 ELSE 6 END";

pub fn load_card(conn: &Connection, household_id: i64) -> Result<HouseholdCard> {
    use rusqlite::OptionalExtension;
    let card = conn
        .query_row(
            "SELECT h.id, h.version, h.address, v.name, vg.name, h.house_no, h.phone, h.tags, h.verified_at,
                    g.id, g.name, c.name, c.phone
             FROM households h
             JOIN villages v ON v.id = h.village_id
             JOIN grids g ON g.id = h.grid_id
             LEFT JOIN village_groups vg ON vg.id = h.group_id
             LEFT JOIN cadres c ON c.id = g.cadre_id
             WHERE h.id = ?1",
            [household_id],
            |r| {
                let tags: String = r.get(7)?;
                Ok(HouseholdCard {
                    id: r.get(0)?,
                    version: r.get(1)?,
                    address: r.get(2)?,
                    village: r.get(3)?,
                    group: r.get(4)?,
                    house_no: r.get(5)?,
                    phone: r.get(6)?,
                    tags: tags.split(',').filter(|t| !t.is_empty()).map(str::to_string).collect(),
                    verified_at: r.get(8)?,
                    grid_id: r.get(9)?,
                    grid: r.get(10)?,
                    cadre: r.get(11)?,
                    cadre_phone: r.get(12)?,
                    members: Vec::new(),
                    requests: Vec::new(),
                    visits: Vec::new(),
                })
            },
        )
        .optional()?;
    let mut card = card.ok_or_else(|| super::StoreError::NotFound(format!("household {household_id}")))?;
    let sql = format!(
        "SELECT id, version, name, relation, gender, birth_date, resident_id, phone, status
         FROM persons WHERE household_id = ?1 ORDER BY {RELATION_ORDER}, birth_date, id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    card.members = stmt
        .query_map([household_id], |r| {
            Ok(Member {
                id: r.get(0)?,
                version: r.get(1)?,
                name: r.get(2)?,
                relation: r.get(3)?,
                gender: r.get(4)?,
                birth_date: r.get(5)?,
                resident_id: r.get(6)?,
                phone: r.get(7)?,
                status: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, received_at, status, title, duplicate_of, topic_id FROM requests WHERE household_id = ?1
         ORDER BY received_at DESC, id DESC",
    )?;
    card.requests = stmt
        .query_map([household_id], |r| {
            Ok(CardRequest {
                id: r.get(0)?,
                received_at: r.get(1)?,
                status: r.get(2)?,
                title: r.get(3)?,
                duplicate_of: r.get(4)?,
                topic_id: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT v.visited_on, v.kind, c.name, v.notes FROM visits v JOIN cadres c ON c.id = v.cadre_id
         WHERE v.household_id = ?1 ORDER BY v.visited_on DESC, v.id DESC",
    )?;
    card.visits = stmt
        .query_map([household_id], |r| {
            Ok(CardVisit {
                visited_on: r.get(0)?,
                kind: r.get(1)?,
                cadre: r.get(2)?,
                notes: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(card)
}
