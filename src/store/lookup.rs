//! Loads the lookup index from the database: the small tables (villages,
//! groups, grids with their cadre) into maps, then one sequential scan of
//! households and one of persons, streamed straight into the index builder
//! (no owned row copies, no per-row B-tree seeks for joins — a joined
//! SELECT spent ~165 ms of a 330 ms build in SQLite). Everything is read
//! in one read transaction, so the scans see one consistent snapshot.

use super::Result;
use crate::search::{Entry, EntryRef, Index, IndexBuilder};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, Row, Transaction, TransactionBehavior};
use std::collections::HashMap;

/// Text column as `&str`; NULL, numbers, blobs and invalid UTF-8 read as ""
/// rather than failing the whole load.
fn text<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    Ok(match r.get_ref(i)? {
        ValueRef::Text(t) => std::str::from_utf8(t).unwrap_or(""),
        _ => "",
    })
}

struct Grid {
    name: String,
    cadre: String,
    cadre_phone: String,
}

/// The small tables every household row names: villages, groups, grids
/// with their cadre.
struct Places {
    villages: HashMap<i64, String>,
    groups: HashMap<i64, (Option<i64>, String)>,
    grids: HashMap<i64, Grid>,
    none: Grid,
}

const HOUSEHOLD_COLUMNS: &str = "SELECT id, village_id, group_id, grid_id, house_no, address, phone FROM households";
const PERSON_COLUMNS: &str =
    "SELECT id, household_id, name, resident_id, gender, birth_date, relation, phone FROM persons";

impl Places {
    fn load(conn: &Connection) -> Result<Places> {
        let mut villages: HashMap<i64, String> = HashMap::new();
        let mut stmt = conn.prepare_cached("SELECT id, name FROM villages")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            villages.insert(r.get(0)?, text(r, 1)?.to_string());
        }
        let mut groups: HashMap<i64, (Option<i64>, String)> = HashMap::new();
        let mut stmt = conn.prepare_cached("SELECT id, number, name FROM village_groups")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            groups.insert(r.get(0)?, (r.get(1)?, text(r, 2)?.to_string()));
        }
        let mut grids: HashMap<i64, Grid> = HashMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT g.id, g.name, c.name, c.phone FROM grids g LEFT JOIN cadres c ON c.id = g.cadre_id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let grid = Grid {
                name: text(r, 1)?.to_string(),
                cadre: text(r, 2)?.to_string(),
                cadre_phone: text(r, 3)?.to_string(),
            };
            grids.insert(r.get(0)?, grid);
        }
        let none = Grid {
            name: String::new(),
            cadre: String::new(),
            cadre_phone: String::new(),
        };
        Ok(Places {
            villages,
            groups,
            grids,
            none,
        })
    }

    /// The household fields of a [`HOUSEHOLD_COLUMNS`] row.
    fn household<'a>(&'a self, r: &'a Row<'_>, composed: &'a mut String) -> rusqlite::Result<EntryRef<'a>> {
        let village = r
            .get::<_, Option<i64>>(1)?
            .and_then(|v| self.villages.get(&v))
            .map_or("", String::as_str);
        let (group_no, group_name) = r
            .get::<_, Option<i64>>(2)?
            .and_then(|g| self.groups.get(&g))
            .map_or((None, ""), |(n, name)| (*n, name.as_str()));
        let grid = r
            .get::<_, Option<i64>>(3)?
            .and_then(|g| self.grids.get(&g))
            .unwrap_or(&self.none);
        let house_no = text(r, 4)?;
        // Households without a free-text address show one composed from
        // its parts, so address terms still find them.
        let mut address = text(r, 5)?;
        if address.is_empty() {
            let unit = if house_no.is_empty() || house_no.ends_with('号') {
                ""
            } else {
                "号"
            };
            *composed = format!("{village}{group_name}{house_no}{unit}");
            address = composed.as_str();
        }
        Ok(EntryRef {
            person_id: None,
            household_id: r.get(0)?,
            name: "",
            resident_id: "",
            gender: "",
            birth_date: "",
            relation: "",
            phone: "",
            address,
            village,
            group_no: group_no.and_then(|n| u32::try_from(n).ok()),
            group_name,
            house_no,
            grid: &grid.name,
            cadre_name: &grid.cadre,
            cadre_phone: &grid.cadre_phone,
            household_phone: text(r, 6)?,
        })
    }
}

/// The person fields of a [`PERSON_COLUMNS`] row.
fn person<'a>(r: &'a Row<'_>) -> rusqlite::Result<EntryRef<'a>> {
    Ok(EntryRef {
        person_id: Some(r.get(0)?),
        household_id: r.get(1)?,
        name: text(r, 2)?,
        resident_id: text(r, 3)?,
        gender: text(r, 4)?,
        birth_date: text(r, 5)?,
        relation: text(r, 6)?,
        phone: text(r, 7)?,
        address: "",
        village: "",
        group_no: None,
        group_name: "",
        house_no: "",
        grid: "",
        cadre_name: "",
        cadre_phone: "",
        household_phone: "",
    })
}

/// Builds the search index from the database.
pub fn load_index(conn: &Connection) -> Result<Index> {
    // Deferred on purpose: this transaction only reads and must not take
    // the write lock (the connection's default is IMMEDIATE).
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Deferred)?;
    let index = load(&tx)?;
    tx.finish()?;
    Ok(index)
}

/// [`load_index`] inside the caller's read transaction.
pub fn load_index_in(conn: &Connection) -> Result<Index> {
    load(conn)
}

fn load(conn: &Connection) -> Result<Index> {
    let persons: i64 = conn.query_row("SELECT count(*) FROM persons", [], |r| r.get(0))?;
    let mut b = load_part(conn, i64::MIN, i64::MAX, persons)?;
    b.add_personless_households();
    Ok(b.finish())
}

/// The households with ids in `from..=to` and their members, in a builder
/// sized for about `persons` rows.
fn load_part(conn: &Connection, from: i64, to: i64, persons: i64) -> Result<IndexBuilder> {
    let places = Places::load(conn)?;
    let mut b = IndexBuilder::with_capacity(persons.max(0) as usize);
    let mut stmt = conn.prepare(&format!("{HOUSEHOLD_COLUMNS} WHERE id >= ?1 AND id <= ?2"))?;
    let mut rows = stmt.query([from, to])?;
    let mut composed = String::new();
    while let Some(r) = rows.next()? {
        b.push_household(&places.household(r, &mut composed)?);
    }
    // A scan of the table, not of the household_id index (which would
    // seek the table once per person).
    let mut stmt = conn.prepare(&format!(
        "{PERSON_COLUMNS} NOT INDEXED WHERE household_id >= ?1 AND household_id <= ?2"
    ))?;
    let mut rows = stmt.query([from, to])?;
    // Members of a household mostly come one after another.
    let mut last: Option<(i64, u32)> = None;
    while let Some(r) = rows.next()? {
        let household_id: i64 = r.get(1)?;
        let house = match last {
            Some((id, house)) if id == household_id => house,
            _ => {
                let Some(house) = b.household(household_id) else {
                    continue;
                };
                last = Some((household_id, house));
                house
            }
        };
        b.push_person(house, &person(r)?);
    }
    Ok(b)
}

/// The index rows of each of `households` as they are now, for
/// [`Index::patch_household`]: its members with the household's fields,
/// one person-less row when it has none, no rows when it is gone. Call it
/// inside the read transaction that read the change log.
pub fn household_entries(conn: &Connection, households: &[i64]) -> Result<Vec<(i64, Vec<Entry>)>> {
    let places = Places::load(conn)?;
    let mut house_stmt = conn.prepare_cached(&format!("{HOUSEHOLD_COLUMNS} WHERE id = ?1"))?;
    let mut person_stmt = conn.prepare_cached(&format!("{PERSON_COLUMNS} WHERE household_id = ?1 ORDER BY id"))?;
    let mut out = Vec::with_capacity(households.len());
    let mut composed = String::new();
    for &id in households {
        let mut rows = house_stmt.query([id])?;
        let Some(r) = rows.next()? else {
            out.push((id, Vec::new()));
            continue;
        };
        let house = places.household(r, &mut composed)?.to_owned();
        let mut entries = Vec::new();
        let mut persons = person_stmt.query([id])?;
        while let Some(p) = persons.next()? {
            let p = person(p)?;
            entries.push(Entry {
                person_id: p.person_id,
                name: p.name.into(),
                resident_id: p.resident_id.into(),
                gender: p.gender.into(),
                birth_date: p.birth_date.into(),
                relation: p.relation.into(),
                phone: p.phone.into(),
                ..house.clone()
            });
        }
        if entries.is_empty() {
            entries.push(house);
        }
        out.push((id, entries));
    }
    Ok(out)
}

/// The rows of the index as owned entries, in index order (for tests and
/// exports).
pub fn load_entries(conn: &Connection) -> Result<Vec<Entry>> {
    let index = load_index(conn)?;
    Ok((0..index.len() as u32)
        .filter_map(|i| index.entry(i).map(|e| e.to_owned()))
        .collect())
}

#[cfg(test)]
#[path = "lookup_tests.rs"]
mod tests;
