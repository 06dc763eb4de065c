//! Loads the lookup index: every person joined with household, village,
//! group, grid and cadre, plus households without persons, in one SELECT
//! streamed straight into the index builder (no owned row copies).

use super::Result;
use crate::search::{Entry, EntryRef, Index, IndexBuilder};
use rusqlite::Connection;
use rusqlite::types::ValueRef;

// Households drive the scan in id order; persons come via
// persons_household, so rows arrive grouped per household without a sort.
const SQL: &str = "
SELECT p.id, h.id, coalesce(p.name, ''), coalesce(p.resident_id, ''),
       coalesce(p.gender, ''), coalesce(p.birth_date, ''),
       coalesce(p.relation, ''), coalesce(p.phone, ''),
       h.address, v.name, g.number, coalesce(g.name, ''), h.house_no,
       coalesce(gr.name, ''), coalesce(c.name, ''), coalesce(c.phone, ''),
       coalesce(h.phone, '')
FROM households h
JOIN villages v ON v.id = h.village_id
LEFT JOIN village_groups g ON g.id = h.group_id
LEFT JOIN grids gr ON gr.id = h.grid_id
LEFT JOIN cadres c ON c.id = gr.cadre_id
LEFT JOIN persons p ON p.household_id = h.id
ORDER BY h.id";

/// Builds the search index from the database.
pub fn load_index(conn: &Connection) -> Result<Index> {
    let persons: i64 = conn.query_row("SELECT count(*) FROM persons", [], |r| r.get(0))?;
    let mut builder = IndexBuilder::with_capacity(persons.max(0) as usize);
    let mut stmt = conn.prepare_cached(SQL)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        // NULL, blobs and invalid UTF-8 read as "" rather than failing.
        let s = |i: usize| -> rusqlite::Result<&str> {
            Ok(match r.get_ref(i)? {
                ValueRef::Text(t) => std::str::from_utf8(t).unwrap_or(""),
                _ => "",
            })
        };
        let address = s(8)?;
        let village = s(9)?;
        let group_no: Option<i64> = r.get(10)?;
        let group_name = s(11)?;
        let house_no = s(12)?;
        // Old or imported households may have no free-text address; show
        // one composed from its parts so address terms still find them.
        let composed;
        let address = if address.is_empty() {
            composed = format!(
                "{village}{group_name}{house_no}{}",
                if house_no.is_empty() || house_no.ends_with('号') {
                    ""
                } else {
                    "号"
                }
            );
            composed.as_str()
        } else {
            address
        };
        builder.push(&EntryRef {
            person_id: r.get(0)?,
            household_id: r.get(1)?,
            name: s(2)?,
            resident_id: s(3)?,
            gender: s(4)?,
            birth_date: s(5)?,
            relation: s(6)?,
            phone: s(7)?,
            address,
            village,
            group_no: group_no.and_then(|n| u32::try_from(n).ok()),
            group_name,
            house_no,
            grid: s(13)?,
            cadre_name: s(14)?,
            cadre_phone: s(15)?,
            household_phone: s(16)?,
        });
    }
    Ok(builder.finish())
}

/// The same rows as owned entries (for tests and exports).
pub fn load_entries(conn: &Connection) -> Result<Vec<Entry>> {
    let index = load_index(conn)?;
    Ok((0..index.len() as u32)
        .filter_map(|i| index.entry(i).map(|e| e.to_owned()))
        .collect())
}
