//! Writing an import: the whole register (or place list) in one IMMEDIATE
//! transaction, so an error anywhere writes nothing (README "Importing the
//! register"). The plan is validated by `crate::import` before it gets here.

use super::{Actor, Result, Store, expect_saved};
use crate::search::FastMap;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use std::collections::HashMap;

/// A person already in the database, as the importer compares it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExistingPerson {
    pub id: i64,
    pub version: i64,
    pub household_id: i64,
    pub name: String,
    pub resident_id: Option<String>,
    pub relation: String,
    pub phone: Option<String>,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExistingHousehold {
    pub id: i64,
    pub version: i64,
    pub village_id: i64,
    pub group_id: Option<i64>,
    pub grid_id: i64,
    pub house_no: String,
    pub address: String,
    pub tags: String,
}

/// Villages, groups and grids by name, to resolve a sheet's places.
// A fast hasher: looked up several times for each row of a register import
// (README "Performance").
#[derive(Debug, Clone, Default)]
pub struct Places {
    pub villages: FastMap<String, i64>,
    /// (village id, group number) → group id.
    pub groups: FastMap<(i64, i64), i64>,
    /// (village id, grid name) → grid id.
    pub grids: FastMap<(i64, String), i64>,
    /// Each village's first grid: where households without a grid column go.
    pub first_grid: FastMap<i64, i64>,
    pub grid_count: i64,
}

pub fn load_places(conn: &Connection) -> Result<Places> {
    let mut p = Places::default();
    let mut stmt = conn.prepare("SELECT id, name FROM villages")?;
    for r in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (id, name) = r?;
        p.villages.insert(name, id);
    }
    let mut stmt = conn.prepare("SELECT id, village_id, number FROM village_groups")?;
    for r in stmt.query_map([], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
    })? {
        let (id, v, n) = r?;
        p.groups.insert((v, n), id);
    }
    let mut stmt = conn.prepare("SELECT id, village_id, name FROM grids ORDER BY id")?;
    for r in stmt.query_map([], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?))
    })? {
        let (id, v, name) = r?;
        p.grids.insert((v, name), id);
        p.first_grid.entry(v).or_insert(id);
        p.grid_count += 1;
    }
    Ok(p)
}

/// Every person (by resident ID where they have one) and household.
pub fn load_register(conn: &Connection) -> Result<(Vec<ExistingPerson>, HashMap<i64, ExistingHousehold>)> {
    let mut stmt =
        conn.prepare("SELECT id, version, household_id, name, resident_id, relation, phone, status FROM persons")?;
    let persons = stmt
        .query_map([], |r| {
            Ok(ExistingPerson {
                id: r.get(0)?,
                version: r.get(1)?,
                household_id: r.get(2)?,
                name: r.get(3)?,
                resident_id: r.get(4)?,
                relation: r.get(5)?,
                phone: r.get(6)?,
                status: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt =
        conn.prepare("SELECT id, version, village_id, group_id, grid_id, house_no, address, tags FROM households")?;
    let households = stmt
        .query_map([], |r| {
            Ok(ExistingHousehold {
                id: r.get(0)?,
                version: r.get(1)?,
                village_id: r.get(2)?,
                group_id: r.get(3)?,
                grid_id: r.get(4)?,
                house_no: r.get(5)?,
                address: r.get(6)?,
                tags: r.get(7)?,
            })
        })?
        .map(|h| h.map(|h| (h.id, h)))
        .collect::<rusqlite::Result<HashMap<_, _>>>()?;
    Ok((persons, households))
}

/// A place by the names the sheet uses; resolved to ids inside the write.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PlaceRef {
    pub village: String,
    pub group: Option<i64>,
    pub grid: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdPlan {
    /// (id, version) of the household this one updates, if any.
    pub existing: Option<(i64, i64)>,
    /// Whether an existing household's fields differ from the sheet.
    pub changed: bool,
    pub place: PlaceRef,
    pub house_no: String,
    pub address: String,
    pub phone: Option<String>,
    pub tags: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PersonPlan {
    pub existing: Option<(i64, i64)>,
    /// What changed, for the audit ("" = unchanged).
    pub changes: String,
    /// Index into [`RegisterPlan::households`].
    pub household: usize,
    pub name: String,
    pub resident_id: String,
    pub gender: &'static str,
    pub birth_date: String,
    pub relation: String,
    pub phone: Option<String>,
    pub status: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegisterPlan {
    /// Shown in the audit entry (the file's name).
    pub source: String,
    pub new_villages: Vec<String>,
    pub new_groups: Vec<(String, i64)>,
    pub new_grids: Vec<(String, String)>,
    pub households: Vec<HouseholdPlan>,
    pub persons: Vec<PersonPlan>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    pub new_households: usize,
    pub new_persons: usize,
    pub updated_households: usize,
    pub updated_persons: usize,
}

/// Page cache for the import's transaction, in KiB (SQLite's default is
/// 2 MiB): a 100,000-person register and its indexes fit, so no page is
/// spilled to the WAL and read back before the commit (README
/// "Performance").
const IMPORT_CACHE_KIB: i64 = 128 * 1024;

/// The columns of a new person of an import, in the order [`bind_person`]
/// binds them (`updated_at` the import's time).
const PERSON_COLUMNS: [&str; 9] = [
    "household_id",
    "name",
    "resident_id",
    "gender",
    "birth_date",
    "relation",
    "phone",
    "status",
    "updated_at",
];

/// Binds new person `p` of household `household` from parameter `at` on:
/// the one row shape of the in-order and the streamed import.
fn bind_person(
    insert: &mut rusqlite::Statement,
    at: usize,
    household: i64,
    p: &PersonPlan,
    now: &str,
) -> rusqlite::Result<()> {
    insert.raw_bind_parameter(at, household)?;
    insert.raw_bind_parameter(at + 1, &p.name)?;
    insert.raw_bind_parameter(at + 2, &p.resident_id)?;
    insert.raw_bind_parameter(at + 3, p.gender)?;
    insert.raw_bind_parameter(at + 4, &p.birth_date)?;
    insert.raw_bind_parameter(at + 5, &p.relation)?;
    insert.raw_bind_parameter(at + 6, &p.phone)?;
    insert.raw_bind_parameter(at + 7, &p.status)?;
    insert.raw_bind_parameter(at + 8, now)
}

/// Rows per INSERT statement of the streamed write: one statement for
/// many rows binds and steps less than one a row (README "Performance").
const ROWS_PER_INSERT: usize = 32;

/// `INSERT INTO table (columns) VALUES` with `rows` rows of parameters.
fn insert_sql(table: &str, columns: &[&str], rows: usize) -> String {
    let one = format!("({})", vec!["?"; columns.len()].join(", "));
    format!(
        "INSERT INTO {table} ({}) VALUES {}",
        columns.join(", "),
        vec![one.as_str(); rows].join(", ")
    )
}

/// Inserts `rows` into `columns` of `table`, [`ROWS_PER_INSERT`] to a
/// statement; `bind` binds one row's values from the parameter index given.
pub(crate) fn insert_rows<T>(
    tx: &Transaction,
    table: &str,
    columns: &[&str],
    rows: &[T],
    bind: impl Fn(&mut rusqlite::Statement, usize, &T) -> rusqlite::Result<()>,
) -> Result<()> {
    let sql = |n: usize| insert_sql(table, columns, n);
    // One statement for all full runs: each run binds every parameter
    // anew, so none is cleared or looked up in the cache between runs.
    let mut full = tx.prepare_cached(&sql(ROWS_PER_INSERT))?;
    for run in rows.chunks(ROWS_PER_INSERT) {
        let mut last;
        let insert = if run.len() == ROWS_PER_INSERT {
            &mut full
        } else {
            last = tx.prepare_cached(&sql(run.len()))?;
            &mut last
        };
        for (k, row) in run.iter().enumerate() {
            bind(insert, 1 + k * columns.len(), row)?;
        }
        insert.raw_execute()?;
    }
    Ok(())
}

/// Writes new persons, each with its household's id, [`ROWS_PER_INSERT`]
/// to a statement.
pub(crate) fn insert_persons(tx: &Transaction, rows: &[(i64, &PersonPlan)], now: &str) -> Result<()> {
    insert_rows(tx, "persons", &PERSON_COLUMNS, rows, |insert, at, &(household, p)| {
        bind_person(insert, at, household, p, now)
    })
}

/// Writes `plan` in one transaction with one audit entry carrying the
/// counts, plus one per updated person or household (what changed).
/// `progress` hears (rows written, rows in all) every [`PROGRESS_EVERY`]
/// rows and at the end.
pub fn apply_register(
    store: &mut Store,
    plan: &RegisterPlan,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Applied> {
    let rows = plan.households.len() + plan.persons.len();
    write_register_with(store, rows, |tx, actor| write_register(tx, actor, plan, progress))
}

/// Runs `write` in the import's transaction: the larger page cache, and
/// for more than [`super::changes::BULK_ROWS`] `rows` the change log
/// paused ([`super::changes::bulk`]).
pub fn write_register_with<T>(
    store: &mut Store,
    rows: usize,
    write: impl FnOnce(&Transaction, &Actor) -> Result<T>,
) -> Result<T> {
    let conn = store.conn();
    let cache: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    conn.pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
    let written = store.write(|tx, actor| {
        if rows > super::changes::BULK_ROWS {
            super::changes::bulk(tx, || write(tx, actor))
        } else {
            write(tx, actor)
        }
    });
    // Back to the usual cache; the pages are freed as it shrinks.
    let _ = store.conn().pragma_update(None, "cache_size", cache);
    written
}

/// Rows between two progress reports while writing.
pub const PROGRESS_EVERY: usize = 5_000;

pub(super) fn write_register(
    tx: &Transaction,
    actor: &Actor,
    plan: &RegisterPlan,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Applied> {
    let total = plan.households.len() + plan.persons.len();
    let mut written = 0;
    let mut step = |written: &mut usize| {
        *written += 1;
        if written.is_multiple_of(PROGRESS_EVERY) {
            progress(*written, total);
        }
    };
    create_places(tx, &plan.new_villages, &plan.new_groups, &plan.new_grids)?;
    let places = load_places(tx)?;
    let mut applied = Applied::default();
    let mut household_ids = Vec::with_capacity(plan.households.len());
    // One timestamp for the whole import instead of the column default
    // evaluated per row.
    let now = super::now_text();
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO households (grid_id, village_id, group_id, house_no, address, phone, tags, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for h in &plan.households {
            step(&mut written);
            let (village, group, grid) = resolve(&places, &h.place)?;
            match h.existing {
                Some((id, version)) => {
                    if h.changed {
                        let n = tx.execute(
                            "UPDATE households SET grid_id = ?1, village_id = ?2, group_id = ?3, house_no = ?4,
                                    address = ?5, tags = ?6, version = version + 1,
                                    updated_at = datetime('now', 'localtime')
                             WHERE id = ?7 AND version = ?8",
                            params![grid, village, group, h.house_no, h.address, h.tags, id, version],
                        )?;
                        expect_saved(n, &format!("household:{id}"))?;
                        Store::audit(
                            tx,
                            actor,
                            "household.import_update",
                            &format!("household:{id}"),
                            &plan.source,
                        )?;
                        applied.updated_households += 1;
                    }
                    household_ids.push(id);
                }
                None => {
                    insert.execute(params![
                        grid, village, group, h.house_no, h.address, h.phone, h.tags, now
                    ])?;
                    household_ids.push(tx.last_insert_rowid());
                    applied.new_households += 1;
                }
            }
        }
    }
    let mut insert = tx.prepare_cached(&insert_sql("persons", &PERSON_COLUMNS, 1))?;
    for p in &plan.persons {
        step(&mut written);
        let household = household_ids[p.household];
        match p.existing {
            Some((id, version)) => {
                if !p.changes.is_empty() {
                    let n = tx.execute(
                        "UPDATE persons SET household_id = ?1, name = ?2, relation = ?3, phone = ?4, status = ?5,
                                version = version + 1, updated_at = datetime('now', 'localtime')
                         WHERE id = ?6 AND version = ?7",
                        params![household, p.name, p.relation, p.phone, p.status, id, version],
                    )?;
                    expect_saved(n, &format!("person:{id}"))?;
                    Store::audit(tx, actor, "person.import_update", &format!("person:{id}"), &p.changes)?;
                    applied.updated_persons += 1;
                }
            }
            None => {
                bind_person(&mut insert, 1, household, p, &now)?;
                insert.raw_execute()?;
                applied.new_persons += 1;
            }
        }
    }
    let detail = format!(
        "{}: new households {}, new persons {}, updated households {}, updated persons {}, new villages {}, groups {}, grids {}",
        plan.source,
        applied.new_households,
        applied.new_persons,
        applied.updated_households,
        applied.updated_persons,
        plan.new_villages.len(),
        plan.new_groups.len(),
        plan.new_grids.len()
    );
    Store::audit(tx, actor, "register.import", "register", &detail)?;
    progress(total, total);
    Ok(applied)
}

pub(super) fn resolve(places: &Places, p: &PlaceRef) -> Result<(i64, Option<i64>, i64)> {
    let missing = |what: String| super::StoreError::NotFound(what);
    let village = *places
        .villages
        .get(&p.village)
        .ok_or_else(|| missing(format!("village {}", p.village)))?;
    let group = match p.group {
        Some(n) => Some(
            *places
                .groups
                .get(&(village, n))
                .ok_or_else(|| missing(format!("group {} {n}", p.village)))?,
        ),
        None => None,
    };
    let grid = *places
        .grids
        .get(&(village, p.grid.clone()))
        .ok_or_else(|| missing(format!("grid {}", p.grid)))?;
    Ok((village, group, grid))
}

#[path = "import_stream.rs"]
mod stream;
pub use stream::{Batch, StreamWriter};

/// Grids go on the schematic map after the existing ones, row by row.
pub(super) const MAP_COLUMNS: i64 = 6;

fn create_places(
    tx: &Transaction,
    villages: &[String],
    groups: &[(String, i64)],
    grids: &[(String, String)],
) -> Result<()> {
    for v in villages {
        let kind = if v.ends_with("社区") { "community" } else { "village" };
        tx.execute("INSERT INTO villages (name, kind) VALUES (?1, ?2)", params![v, kind])?;
    }
    let village_id = |name: &str| -> Result<i64> {
        Ok(tx.query_row("SELECT id FROM villages WHERE name = ?1", [name], |r| r.get(0))?)
    };
    for (v, n) in groups {
        tx.execute(
            "INSERT INTO village_groups (village_id, number, name) VALUES (?1, ?2, ?3)",
            params![village_id(v)?, n, format!("{n}组")],
        )?;
    }
    let existing: i64 = tx.query_row("SELECT count(*) FROM grids", [], |r| r.get(0))?;
    for (at, (v, name)) in (existing..).zip(grids) {
        tx.execute(
            "INSERT INTO grids (village_id, name, map_row, map_col) VALUES (?1, ?2, ?3, ?4)",
            params![village_id(v)?, name, at / MAP_COLUMNS, at % MAP_COLUMNS],
        )?;
    }
    Ok(())
}

/// One line of a places sheet, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceLine {
    pub village: String,
    pub group: Option<i64>,
    pub grid: Option<String>,
    /// Name, phone, title of the grid's cadre.
    pub cadre: Option<(String, Option<String>, String)>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlacesApplied {
    pub villages: usize,
    pub groups: usize,
    pub grids: usize,
    pub cadres: usize,
    pub assigned: usize,
}

/// Creates what is missing of villages, groups, grids and cadres (a cadre
/// is the same person when name and phone match) and puts each listed
/// cadre on their grid; nothing existing is deleted.
pub fn apply_places(store: &mut Store, source: &str, lines: &[PlaceLine]) -> Result<PlacesApplied> {
    store.write(|tx, actor| {
        let mut done = PlacesApplied::default();
        for l in lines {
            let places = load_places(tx)?;
            let village = match places.villages.get(&l.village) {
                Some(&id) => id,
                None => {
                    create_places(tx, std::slice::from_ref(&l.village), &[], &[])?;
                    done.villages += 1;
                    tx.last_insert_rowid()
                }
            };
            if let Some(n) = l.group
                && !places.groups.contains_key(&(village, n))
            {
                create_places(tx, &[], &[(l.village.clone(), n)], &[])?;
                done.groups += 1;
            }
            let Some(grid_name) = &l.grid else { continue };
            let grid = match places.grids.get(&(village, grid_name.clone())) {
                Some(&id) => id,
                None => {
                    create_places(tx, &[], &[], &[(l.village.clone(), grid_name.clone())])?;
                    done.grids += 1;
                    tx.last_insert_rowid()
                }
            };
            let Some((name, phone, title)) = &l.cadre else { continue };
            let found: Option<i64> = tx
                .query_row(
                    "SELECT id FROM cadres WHERE name = ?1 AND coalesce(phone, '') = coalesce(?2, '') ORDER BY id LIMIT 1",
                    params![name, phone],
                    |r| r.get(0),
                )
                .optional()?;
            let cadre = match found {
                Some(id) => id,
                None => {
                    tx.execute(
                        "INSERT INTO cadres (name, phone, title) VALUES (?1, ?2, ?3)",
                        params![name, phone, title],
                    )?;
                    done.cadres += 1;
                    tx.last_insert_rowid()
                }
            };
            let n = tx.execute(
                "UPDATE grids SET cadre_id = ?1, version = version + 1 WHERE id = ?2 AND coalesce(cadre_id, 0) <> ?1",
                params![cadre, grid],
            )?;
            done.assigned += n;
        }
        let detail = format!(
            "{source}: new villages {}, groups {}, grids {}, cadres {}, grid cadres set {}",
            done.villages, done.groups, done.grids, done.cadres, done.assigned
        );
        Store::audit(tx, actor, "places.import", "places", &detail)?;
        Ok(done)
    })
}

/// Saved column mappings live in `settings` under this prefix + name, as
/// JSON pairs (header, field name) (README "Importing the register").
const MAPPING_PREFIX: &str = "import_mapping:";

/// Saves (or replaces) the column mapping `name`; audited.
pub fn save_mapping(store: &mut Store, name: &str, pairs: &[(String, String)]) -> Result<()> {
    let json = serde_json::to_string(pairs).map_err(|e| super::StoreError::Io(std::io::Error::other(e)))?;
    store.write(|tx, actor| {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![format!("{MAPPING_PREFIX}{name}"), json],
        )?;
        Store::audit(tx, actor, "import.mapping_save", &format!("mapping:{name}"), &json)
    })
}

/// The saved column mapping `name`, if there is one.
pub fn load_mapping(conn: &Connection, name: &str) -> Result<Option<Vec<(String, String)>>> {
    let json: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [format!("{MAPPING_PREFIX}{name}")],
            |r| r.get(0),
        )
        .optional()?;
    // A value that no longer reads is treated as no mapping, never a panic.
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

/// The names of the saved mappings, sorted.
pub fn mapping_names(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT substr(key, ?2 + 1) FROM settings WHERE substr(key, 1, ?2) = ?1 ORDER BY key")?;
    let rows = stmt.query_map(params![MAPPING_PREFIX, MAPPING_PREFIX.len() as i64], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
}
