//! The index read on one thread and built on another (README
//! "Performance"): the calling thread steps the SQLite rows and copies
//! their values into compact batches; a helper thread turns each batch
//! into index records while the next one is read, so a load takes about
//! the longer of the two instead of their sum. Batches go over a bounded
//! channel and come back for reuse: a few thousand rows are in flight at
//! most.

use super::{HOUSEHOLD_COLUMNS, HouseRow, PERSON_COLUMNS, Places, person_ref, text};
use crate::search::IndexBuilder;
use crate::store::Result;
use rusqlite::{Connection, Row};
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

/// Rows per batch, and batches read ahead of the builder.
const ROWS: usize = 2048;
const AHEAD: usize = 4;

/// Rows as read: their ids, and their text columns one after another in
/// `text` (each row's from its `at` to the ends given).
#[derive(Default)]
struct Batch {
    text: String,
    /// House number, address, phone.
    households: Vec<(HouseRow, u32, [u32; 3])>,
    /// Person id, household id; name, resident ID, gender, birth date,
    /// relation, phone.
    persons: Vec<(i64, i64, u32, [u32; 6])>,
}

impl Batch {
    fn len(&self) -> usize {
        self.households.len() + self.persons.len()
    }

    /// Appends text columns `from..` of `r`; returns where the row's text
    /// starts and each column's end.
    fn texts<const N: usize>(&mut self, r: &Row<'_>, from: usize) -> rusqlite::Result<(u32, [u32; N])> {
        let at = self.text.len() as u32;
        let mut ends = [0u32; N];
        for (i, end) in ends.iter_mut().enumerate() {
            self.text.push_str(text(r, from + i)?);
            *end = self.text.len() as u32;
        }
        Ok((at, ends))
    }
}

/// The text columns of one row of `text`, as pushed by [`Batch::texts`].
fn columns<'a, const N: usize>(text: &'a str, mut at: u32, ends: &[u32; N]) -> [&'a str; N] {
    ends.map(|end| {
        let s = text.get(at as usize..end as usize).unwrap_or("");
        at = end;
        s
    })
}

/// Every household, then every person, read on this thread and pushed into
/// a builder (sized for about `persons` rows) on a helper thread.
pub(super) fn read_and_build(conn: &Connection, places: &Places, persons: usize) -> Result<IndexBuilder> {
    let (full_tx, full_rx) = sync_channel::<Batch>(AHEAD);
    let (empty_tx, empty_rx) = channel::<Batch>();
    std::thread::scope(|s| {
        let builder = s.spawn(move || build(places, persons, full_rx, empty_tx));
        // The sender is dropped when reading ends (or fails), which ends
        // the builder's loop.
        let read = read(conn, full_tx, empty_rx);
        let built = builder.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        read.map(|()| built)
    })
}

fn read(conn: &Connection, full: SyncSender<Batch>, empty: Receiver<Batch>) -> Result<()> {
    let mut batch = Batch::default();
    // Hands a full batch to the builder and takes back an emptied one;
    // false when the builder is gone (it panicked: the join reports it).
    let send = |batch: &mut Batch| {
        let mut next = empty.try_recv().unwrap_or_default();
        next.text.clear();
        next.households.clear();
        next.persons.clear();
        full.send(std::mem::replace(batch, next)).is_ok()
    };
    let mut stmt = conn.prepare(HOUSEHOLD_COLUMNS)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let row = HouseRow {
            id: r.get(0)?,
            village: r.get(1)?,
            group: r.get(2)?,
            grid: r.get(3)?,
        };
        let (at, ends) = batch.texts(r, 4)?;
        batch.households.push((row, at, ends));
        if batch.len() >= ROWS && !send(&mut batch) {
            return Ok(());
        }
    }
    // No WHERE: a scan of the table, not of the household_id index (which
    // would seek the table once per person).
    let mut stmt = conn.prepare(PERSON_COLUMNS)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (at, ends) = batch.texts(r, 2)?;
        batch.persons.push((r.get(0)?, r.get(1)?, at, ends));
        if batch.len() >= ROWS && !send(&mut batch) {
            return Ok(());
        }
    }
    if batch.len() > 0 {
        send(&mut batch);
    }
    Ok(())
}

fn build(places: &Places, persons: usize, full: Receiver<Batch>, empty: Sender<Batch>) -> IndexBuilder {
    let mut b = IndexBuilder::with_capacity(persons);
    let mut composed = String::new();
    // Members of a household mostly come one after another.
    let mut last: Option<(i64, u32)> = None;
    for batch in full {
        for (row, at, ends) in &batch.households {
            let texts = columns(&batch.text, *at, ends);
            b.push_household(&places.household_ref(row, texts, &mut composed));
        }
        for &(id, household_id, at, ref ends) in &batch.persons {
            let house = match last {
                Some((h, house)) if h == household_id => house,
                _ => {
                    let Some(house) = b.household(household_id) else {
                        continue;
                    };
                    last = Some((household_id, house));
                    house
                }
            };
            b.push_person(house, &person_ref(id, household_id, columns(&batch.text, at, ends)));
        }
        // The reader may reuse it; it is gone once reading has ended.
        let _ = empty.send(batch);
    }
    b
}
