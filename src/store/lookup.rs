//! Loads the lookup index from the database: the small tables (villages,
//! groups, grids with their cadre) into maps, then one sequential scan of
//! households and one of persons (no per-row B-tree seeks for joins — a
//! joined SELECT spent ~165 ms of a 330 ms build in SQLite), read on the
//! calling thread while a helper thread builds the records
//! (`lookup_batch.rs`). Everything is read in one read transaction, so the
//! scans see one consistent snapshot.

use super::Result;
use crate::search::{Entry, EntryRef, Index};
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
        let row = HouseRow {
            id: r.get(0)?,
            village: r.get(1)?,
            group: r.get(2)?,
            grid: r.get(3)?,
        };
        Ok(self.household_ref(&row, [text(r, 4)?, text(r, 5)?, text(r, 6)?], composed))
    }

    /// The household fields of a household row with these ids and texts
    /// (house number, address, phone).
    fn household_ref<'a>(&'a self, row: &HouseRow, texts: [&'a str; 3], composed: &'a mut String) -> EntryRef<'a> {
        let [house_no, mut address, household_phone] = texts;
        let village = row
            .village
            .and_then(|v| self.villages.get(&v))
            .map_or("", String::as_str);
        let (group_no, group_name) = row
            .group
            .and_then(|g| self.groups.get(&g))
            .map_or((None, ""), |(n, name)| (*n, name.as_str()));
        let grid = row.grid.and_then(|g| self.grids.get(&g)).unwrap_or(&self.none);
        // Households without a free-text address show one composed from
        // its parts, so address terms still find them.
        if address.is_empty() {
            let unit = if house_no.is_empty() || house_no.ends_with('号') {
                ""
            } else {
                "号"
            };
            composed.clear();
            use std::fmt::Write;
            let _ = write!(composed, "{village}{group_name}{house_no}{unit}");
            address = composed.as_str();
        }
        EntryRef {
            person_id: None,
            household_id: row.id,
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
            household_phone,
        }
    }
}

/// The ids of a [`HOUSEHOLD_COLUMNS`] row.
struct HouseRow {
    id: i64,
    village: Option<i64>,
    group: Option<i64>,
    grid: Option<i64>,
}

/// The person fields of a [`PERSON_COLUMNS`] row.
fn person<'a>(r: &'a Row<'_>) -> rusqlite::Result<EntryRef<'a>> {
    let texts = [
        text(r, 2)?,
        text(r, 3)?,
        text(r, 4)?,
        text(r, 5)?,
        text(r, 6)?,
        text(r, 7)?,
    ];
    Ok(person_ref(r.get(0)?, r.get(1)?, texts))
}

/// A person row of household `household_id` with these texts (name,
/// resident ID, gender, birth date, relation, phone).
fn person_ref(id: i64, household_id: i64, texts: [&str; 6]) -> EntryRef<'_> {
    let [name, resident_id, gender, birth_date, relation, phone] = texts;
    EntryRef {
        person_id: Some(id),
        household_id,
        name,
        resident_id,
        gender,
        birth_date,
        relation,
        phone,
        address: "",
        village: "",
        group_no: None,
        group_name: "",
        house_no: "",
        grid: "",
        cadre_name: "",
        cadre_phone: "",
        household_phone: "",
    }
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
    let places = Places::load(conn)?;
    let mut b = batch::read_and_build(conn, &places, persons.max(0) as usize)?;
    b.add_personless_households();
    Ok(b.finish())
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

#[path = "lookup_batch.rs"]
mod batch;

#[cfg(test)]
#[path = "lookup_tests.rs"]
mod tests;
