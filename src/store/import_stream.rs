//! Writing a register as it is checked (README "Performance": the
//! pipelined import). The check hands over batches of planned households
//! and persons; each is written into the caller's transaction at once, so
//! writing overlaps checking. Everything goes in under one savepoint: when
//! the check ends with errors the caller rolls the whole transaction back,
//! and when it must plan again from scratch [`StreamWriter::rewrite`]
//! drops what was streamed and writes the full plan as `apply_register` does.

use super::{
    Actor, Applied, HouseholdPlan, MAP_COLUMNS, PersonPlan, Places, RegisterPlan, Result, load_places, resolve,
    write_register,
};
use crate::store::{Store, StoreError};
use rusqlite::{Transaction, params};

/// What the check planned since the previous batch: new places first, then
/// households, then their members (`PersonPlan::household` indexes all
/// households streamed so far).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Batch {
    pub new_villages: Vec<String>,
    pub new_groups: Vec<(String, i64)>,
    pub new_grids: Vec<(String, String)>,
    pub households: Vec<HouseholdPlan>,
    pub persons: Vec<PersonPlan>,
}

const SAVEPOINT: &str = "register_stream";

/// Writes new households and persons batch by batch; a register that
/// updates existing rows is written whole by `apply_register` instead.
pub struct StreamWriter<'t> {
    tx: &'t Transaction<'t>,
    places: Places,
    /// The database id of each household streamed, by plan index.
    household_ids: Vec<i64>,
    applied: Applied,
    created: (usize, usize, usize),
    /// The next grid's slot on the schematic map.
    grid_at: i64,
    /// The id the next household gets: the one SQLite would give it
    /// (one past the largest), given outright so many go in one statement.
    next_household: i64,
    now: String,
}

impl<'t> StreamWriter<'t> {
    /// Starts inside the caller's transaction `tx`.
    pub fn begin(tx: &'t Transaction<'t>) -> Result<StreamWriter<'t>> {
        tx.execute_batch(&format!("SAVEPOINT {SAVEPOINT}"))?;
        let grid_at = tx.query_row("SELECT count(*) FROM grids", [], |r| r.get(0))?;
        let next_household = tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM households", [], |r| r.get(0))?;
        Ok(StreamWriter {
            tx,
            places: load_places(tx)?,
            household_ids: Vec::new(),
            applied: Applied::default(),
            created: (0, 0, 0),
            grid_at,
            next_household,
            now: super::super::now_text(),
        })
    }

    /// Writes one batch; returns the persons written so far.
    pub fn write(&mut self, batch: &Batch) -> Result<usize> {
        let tx = self.tx;
        let village_of = |places: &Places, v: &str| {
            places
                .villages
                .get(v)
                .copied()
                .ok_or_else(|| StoreError::NotFound(format!("village {v}")))
        };
        for v in &batch.new_villages {
            let kind = if v.ends_with("社区") { "community" } else { "village" };
            tx.execute("INSERT INTO villages (name, kind) VALUES (?1, ?2)", params![v, kind])?;
            self.places.villages.insert(v.clone(), tx.last_insert_rowid());
        }
        for (v, n) in &batch.new_groups {
            let village = village_of(&self.places, v)?;
            tx.execute(
                "INSERT INTO village_groups (village_id, number, name) VALUES (?1, ?2, ?3)",
                params![village, n, format!("{n}组")],
            )?;
            self.places.groups.insert((village, *n), tx.last_insert_rowid());
        }
        for (v, name) in &batch.new_grids {
            let village = village_of(&self.places, v)?;
            let at = self.grid_at;
            tx.execute(
                "INSERT INTO grids (village_id, name, map_row, map_col) VALUES (?1, ?2, ?3, ?4)",
                params![village, name, at / MAP_COLUMNS, at % MAP_COLUMNS],
            )?;
            self.places
                .grids
                .insert((village, name.clone()), tx.last_insert_rowid());
            self.grid_at += 1;
        }
        self.created.0 += batch.new_villages.len();
        self.created.1 += batch.new_groups.len();
        self.created.2 += batch.new_grids.len();
        let mut households = Vec::with_capacity(batch.households.len());
        for h in &batch.households {
            if h.existing.is_some() {
                return Err(StoreError::Invalid("a streamed import only adds households".into()));
            }
            let (village, group, grid) = resolve(&self.places, &h.place)?;
            let id = self.next_household;
            self.next_household += 1;
            self.household_ids.push(id);
            households.push((id, grid, village, group, h));
        }
        const COLUMNS: [&str; 9] = [
            "id",
            "grid_id",
            "village_id",
            "group_id",
            "house_no",
            "address",
            "phone",
            "tags",
            "updated_at",
        ];
        let now = &self.now;
        crate::store::import::insert_rows(tx, "households", &COLUMNS, &households, |insert, at, row| {
            let &(id, grid, village, group, h) = row;
            insert.raw_bind_parameter(at, id)?;
            insert.raw_bind_parameter(at + 1, grid)?;
            insert.raw_bind_parameter(at + 2, village)?;
            insert.raw_bind_parameter(at + 3, group)?;
            insert.raw_bind_parameter(at + 4, &h.house_no)?;
            insert.raw_bind_parameter(at + 5, &h.address)?;
            insert.raw_bind_parameter(at + 6, &h.phone)?;
            insert.raw_bind_parameter(at + 7, &h.tags)?;
            insert.raw_bind_parameter(at + 8, now)
        })?;
        self.applied.new_households += households.len();
        let mut persons = Vec::with_capacity(batch.persons.len());
        for p in &batch.persons {
            if p.existing.is_some() {
                return Err(StoreError::Invalid("a streamed import only adds persons".into()));
            }
            let household = *self
                .household_ids
                .get(p.household)
                .ok_or_else(|| StoreError::Invalid(format!("household {} not streamed yet", p.household)))?;
            persons.push((household, p));
        }
        crate::store::import::insert_persons(tx, &persons, &self.now)?;
        self.applied.new_persons += persons.len();
        Ok(self.applied.new_persons)
    }

    /// Everything streamed is written: the audit entry with the counts,
    /// as `apply_register` leaves it.
    pub fn finish(self, actor: &Actor, source: &str) -> Result<Applied> {
        self.tx.execute_batch(&format!("RELEASE {SAVEPOINT}"))?;
        let a = self.applied;
        let detail = format!(
            "{source}: new households {}, new persons {}, updated households {}, updated persons {}, new villages {}, groups {}, grids {}",
            a.new_households,
            a.new_persons,
            a.updated_households,
            a.updated_persons,
            self.created.0,
            self.created.1,
            self.created.2
        );
        Store::audit(self.tx, actor, "register.import", "register", &detail)?;
        Ok(a)
    }

    /// Drops what was streamed and writes `plan` whole (the sheet turned
    /// out not to list each household's rows together).
    pub fn rewrite(
        self,
        actor: &Actor,
        plan: &RegisterPlan,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Applied> {
        self.tx
            .execute_batch(&format!("ROLLBACK TO {SAVEPOINT}; RELEASE {SAVEPOINT}"))?;
        write_register(self.tx, actor, plan, progress)
    }
}
