//! The pipelined import (README "Performance"): one thread checks the
//! sheet row by row and hands each finished household over a bounded
//! channel to the store's writer on the calling thread, so a large import
//! costs about the longer of checking and writing instead of their sum.
//! A sheet still being read ([`Reading`]) is checked as its rows arrive
//! from the reading thread, so reading overlaps both.
//!
//! What is written and reported is exactly what `check` then `apply`
//! gives: one IMMEDIATE transaction that is rolled back when the sheet has
//! any error or the write fails, and the outcome of the same check. A
//! household is handed over once the sheet moves on to the next one; a
//! sheet that comes back to an earlier household is checked again from
//! the start and written whole.

use super::columns::Table;
use super::plan::Validator;
use super::read::{RawRow, ReadError};
use super::register::{Existing, Options, Outcome, validate};
use crate::store::import::{Applied, Batch, PROGRESS_EVERY, StreamWriter};
use crate::store::{Store, StoreError};
use std::borrow::Cow;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};
use typed_arena::Arena;

/// Sheets with more rows than this are checked and written together;
/// smaller ones take a moment either way and go one step after the other.
pub const MIN_ROWS: usize = crate::store::changes::BULK_ROWS;

/// Persons per batch handed to the writer.
const BATCH_PERSONS: usize = 2_000;

/// Persons in the first batch: fewer, so the writer starts sooner.
const FIRST_BATCH_PERSONS: usize = 250;

/// Batches in flight: the check runs at most this far ahead of the
/// writer, which bounds the memory the plan takes while it waits.
const QUEUE: usize = 8;

/// What became of the write.
#[derive(Debug)]
pub enum Written {
    /// Committed.
    Done(Applied),
    /// The sheet has errors: nothing was written.
    NotWritten,
    /// The caller's step refused ([`Step::Checked`]): rolled back.
    Stopped(String),
    /// The write failed and was rolled back.
    Failed(StoreError),
}

/// What the caller hears while the import runs.
pub enum Step<'o> {
    /// (rows written, rows in all), as `apply_register` reports them;
    /// until the check ends, "in all" counts the persons the sheet lists
    /// (of a sheet still being read: the rows read so far).
    Writing(usize, usize),
    /// The check is done (the whole sheet, every row read); nothing is
    /// committed yet. An error here rolls the write back (the report could
    /// not be saved, say).
    Checked(&'o Table, &'o Outcome),
}

/// Rows read and handed over at a time by the reading thread.
pub type Chunk = Result<Vec<RawRow>, ReadError>;

/// A sheet still being read: its header found, with the data rows read so
/// far in `table.rows`, and the channel the rest comes on (a read error
/// ends it).
pub struct Reading {
    pub table: Table,
    pub rest: Receiver<Chunk>,
    /// Rows read so far (the title and header rows too), for the progress
    /// while writing.
    pub read: Arc<AtomicUsize>,
    /// About how many rows the sheet has, to reserve room for once.
    pub rows_hint: usize,
}

/// A [`Reading`] sheet imported: the whole table (every row read), what
/// its check found and what became of the write; or the read failed part
/// way and nothing was written.
pub enum Streamed {
    Done(Box<Imported>),
    Unreadable(ReadError),
}

/// What a sheet read while written gave.
pub struct Imported {
    pub table: Table,
    pub outcome: Outcome,
    pub written: Written,
}

/// Checks `table` and, when it has no error, writes it, the two
/// overlapping. Only for new rows (`opts.update` false): an update
/// compares each row with the database and goes through `check`/`apply`.
pub fn check_and_write(
    store: &mut Store,
    table: &Table,
    opts: &Options,
    step: &mut dyn FnMut(Step) -> Result<(), String>,
) -> crate::store::Result<(Outcome, Written)> {
    let expected = table.rows.len();
    let (checked, written) = run(store, expected + 1, &|| expected, opts, step, |db, send, back| {
        let (outcome, rechecked) = check_streaming(table, table.rows.iter(), table.rows.len(), db, opts, send, back);
        let outcome = if rechecked { validate(table, db, opts) } else { outcome };
        Ok(((outcome, rechecked), Cow::Borrowed(table)))
    })?;
    match checked {
        Ok((outcome, _)) => Ok((outcome, written)),
        // A table read whole has no read error left.
        Err(e) => Err(StoreError::Invalid(format!("{e:?}"))),
    }
}

/// Reads the rest of `reading`, checks it and, when it has no error,
/// writes it, the three overlapping. As [`check_and_write`] otherwise.
pub fn read_check_and_write(
    store: &mut Store,
    reading: Reading,
    opts: &Options,
    step: &mut dyn FnMut(Step) -> Result<(), String>,
) -> crate::store::Result<Streamed> {
    let Reading {
        mut table,
        rest,
        read,
        rows_hint,
    } = reading;
    let first = std::mem::take(&mut table.rows);
    let header = table;
    let expected = || read.load(Ordering::Relaxed);
    // A sheet read this way is large (see `head`): the change log is
    // paused as for any import past its threshold.
    let pause_rows = expected().max(MIN_ROWS) + 1;
    let header = &header;
    let (checked, written) = run(store, pause_rows, &expected, opts, step, move |db, send, back| {
        let arena = Arena::with_capacity(first.len());
        let mut rows = ChunkRows {
            arena: &arena,
            first: Some(first),
            rest: &rest,
            current: [].iter(),
            failed: None,
        };
        let (outcome, rechecked) = check_streaming(header, rows.by_ref(), rows_hint, db, opts, send, back);
        if let Some(e) = rows.failed {
            return Err(e);
        }
        drop(rows);
        let mut all = arena.into_vec();
        // The rows the check did not come to (it had to start over).
        for chunk in rest.iter() {
            all.extend(chunk?.into_iter().filter(super::columns::is_data));
        }
        let table = Table {
            rows: all,
            ..header.clone()
        };
        let outcome = if rechecked { validate(&table, db, opts) } else { outcome };
        Ok(((outcome, rechecked), Cow::Owned(table)))
    })?;
    Ok(match checked {
        Ok((outcome, table)) => Streamed::Done(Box::new(Imported {
            table: table.into_owned(),
            outcome,
            written,
        })),
        Err(e) => Streamed::Unreadable(e),
    })
}

/// The checker's result: the outcome and the whole table.
type Checked<'t> = Result<(Outcome, Cow<'t, Table>), ReadError>;

/// The overlapped check and write. `check` runs on its own thread with the
/// database's view, the channel to the writer and the one each written
/// batch comes back on, and returns what it found with the table it
/// checked. `rows` decides the change log's pause; `expected` is the
/// sheet's rows for the progress (growing while read).
fn run<'t, C>(
    store: &mut Store,
    rows: usize,
    expected: &dyn Fn() -> usize,
    opts: &Options,
    step: &mut dyn FnMut(Step) -> Result<(), String>,
    check: C,
) -> crate::store::Result<(Checked<'t>, Written)>
where
    C: FnOnce(&Existing, SyncSender<Batch>, Receiver<Batch>) -> Result<((Outcome, bool), Cow<'t, Table>), ReadError>
        + Send,
{
    let loaded = super::register::Loaded::load(store.conn())?;
    let db = loaded.view();
    std::thread::scope(|s| {
        let (send, recv) = sync_channel::<Batch>(QUEUE);
        // Each batch, once written, goes back to the checker, which puts
        // the plan together: moving and freeing the rows is off the
        // writer's thread, the import's critical path.
        let (back, written_back) = channel::<Batch>();
        let db = &db;
        let checker = std::thread::Builder::new().name("minqing-check".into());
        let checker = checker.spawn_scoped(s, move || {
            super::behind::behind_the_writer();
            check(db, send, written_back)
        });
        let mut checker = Some(checker.expect("a thread to check the sheet on"));
        let mut checked: Option<Checked> = None;
        let mut stopped: Option<String> = None;
        let written = crate::store::import::write_register_with(store, rows, |tx, actor| {
            let mut writer = StreamWriter::begin(tx);
            let mut failed: Option<StoreError> = None;
            let mut reported = 0;
            for batch in recv {
                if failed.is_none()
                    && let Ok(w) = &mut writer
                {
                    match w.write(&batch) {
                        Ok(n) if n / PROGRESS_EVERY > reported => {
                            reported = n / PROGRESS_EVERY;
                            // Progress only; `Checked` is the step that may refuse.
                            let _ = step(Step::Writing(n, expected().max(n)));
                        }
                        Ok(_) => {}
                        Err(e) => failed = Some(e),
                    }
                }
                // A checker that started over no longer wants it.
                let _ = back.send(batch);
            }
            // The checker's plan is whole once no more batches come back.
            drop(back);
            // Any of these rolls the transaction back.
            let rollback = || StoreError::Invalid("import not written".into());
            let (outcome, rechecked, table) = match join(checker.take()) {
                Ok(((outcome, rechecked), table)) => (outcome, rechecked, table),
                Err(e) => {
                    checked = Some(Err(e));
                    return Err(rollback());
                }
            };
            let told = step(Step::Checked(table.as_ref(), &outcome));
            let errors = outcome.errors();
            let Ok((outcome, _)) = checked.insert(Ok((outcome, table))) else {
                unreachable!("just set")
            };
            if let Err(why) = told {
                stopped = Some(why);
                return Err(rollback());
            }
            let writer = writer?;
            if let Some(e) = failed {
                return Err(e);
            }
            if errors > 0 {
                return Err(rollback());
            }
            let plan = &outcome.plan;
            if rechecked {
                return writer.rewrite(actor, plan, &mut |done, total| {
                    let _ = step(Step::Writing(done, total));
                });
            }
            let applied = writer.finish(actor, &plan.source)?;
            let total = plan.households.len() + plan.persons.len();
            let _ = step(Step::Writing(total, total));
            Ok(applied)
        });
        let checked = match checked {
            Some(c) => c,
            None => match join(checker.take()) {
                // The write never began (the transaction did not start):
                // the check ended, its batches refused, and runs again whole.
                Ok((_, table)) => {
                    let outcome = validate(&table, db, opts);
                    if let Err(why) = step(Step::Checked(table.as_ref(), &outcome)) {
                        stopped = Some(why);
                    }
                    Ok((outcome, table))
                }
                Err(e) => Err(e),
            },
        };
        let errors = checked.as_ref().map_or(0, |(o, _)| o.errors());
        let written = match (written, stopped) {
            (_, Some(why)) => Written::Stopped(why),
            (Ok(a), None) => Written::Done(a),
            (Err(_), None) if errors > 0 || checked.is_err() => Written::NotWritten,
            (Err(e), None) => Written::Failed(e),
        };
        Ok((checked, written))
    })
}

fn join<T>(checker: Option<std::thread::ScopedJoinHandle<'_, T>>) -> T {
    match checker.expect("joined once").join() {
        Ok(done) => done,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// The rows of a sheet still being read, as they arrive: each chunk is
/// kept in `arena`, so the check may hold on to its cells while more are
/// read. A read error ends the rows and is kept in `failed`.
struct ChunkRows<'r> {
    arena: &'r Arena<RawRow>,
    first: Option<Vec<RawRow>>,
    rest: &'r Receiver<Chunk>,
    current: std::slice::Iter<'r, RawRow>,
    failed: Option<ReadError>,
}

impl<'r> Iterator for ChunkRows<'r> {
    type Item = &'r RawRow;

    fn next(&mut self) -> Option<&'r RawRow> {
        loop {
            if let Some(row) = self.current.next() {
                return Some(row);
            }
            let chunk = match self.first.take() {
                Some(first) => first,
                None => match self.rest.recv().ok()? {
                    Ok(rows) => rows.into_iter().filter(super::columns::is_data).collect(),
                    Err(e) => {
                        self.failed = Some(e);
                        return None;
                    }
                },
            };
            let rows: &'r [RawRow] = self.arena.alloc_extend(chunk);
            self.current = rows.iter();
        }
    }
}

/// The checking thread: the outcome, and whether the sheet had to be
/// checked again from the start (what was streamed is then void, and the
/// outcome empty: the caller checks the whole table again, the rest of it
/// read). Batches sent come `back` once written and make up the plan's
/// beginning; the writer closes `back` after the last.
fn check_streaming<'a>(
    header: &'a Table,
    rows: impl Iterator<Item = &'a RawRow>,
    rows_hint: usize,
    db: &'a Existing,
    opts: &'a Options,
    send: SyncSender<Batch>,
    back: Receiver<Batch>,
) -> (Outcome, bool) {
    let mut v = Validator::with_capacity(header, db, opts, rows_hint);
    // What was written, in the order written. Room for the whole sheet
    // is reserved at once (untouched room costs no memory).
    let mut written = Batch {
        households: Vec::with_capacity(rows_hint / 2),
        persons: Vec::with_capacity(rows_hint),
        ..Batch::default()
    };
    let take_back = |written: &mut Batch, batch: Batch| {
        written.households.extend(batch.households);
        written.persons.extend(batch.persons);
    };
    let mut streaming = true;
    let mut seen_issues = 0;
    let mut sent = Sent::default();
    let mut clean = |v: &Validator| {
        let clean = !v.out.issues[seen_issues..].iter().any(|(_, p)| !p.is_warning());
        seen_issues = v.out.issues.len();
        clean
    };
    for (i, raw) in rows.enumerate() {
        v.row(i, raw);
        let h = v.household_of(i);
        if h < v.planned() {
            // An earlier household gains a row: it was planned too soon.
            return (Outcome::default(), true);
        }
        if !streaming {
            continue;
        }
        // Every household before this row's is complete.
        v.plan_through(h);
        streaming = clean(&v);
        let batch = if sent.any { BATCH_PERSONS } else { FIRST_BATCH_PERSONS };
        if streaming && v.out.plan.persons.len() >= batch {
            streaming = send.send(sent.batch(&mut v)).is_ok();
            for b in back.try_iter() {
                take_back(&mut written, b);
            }
        }
    }
    if streaming {
        v.plan_through(v.households());
        if clean(&v) {
            // Refused only when the write never began; the caller then
            // checks again.
            let _ = send.send(sent.batch(&mut v));
        }
    }
    drop(send);
    // The check's own memory goes while the writer still writes; then
    // the batches still on their way back.
    let mut outcome = v.finish();
    for b in back {
        take_back(&mut written, b);
    }
    written.households.append(&mut outcome.plan.households);
    written.persons.append(&mut outcome.plan.persons);
    outcome.plan.households = written.households;
    outcome.plan.persons = written.persons;
    (outcome, false)
}

/// How many new places were already handed over, and whether any batch.
#[derive(Default)]
struct Sent {
    villages: usize,
    groups: usize,
    grids: usize,
    any: bool,
}

impl Sent {
    /// The households planned since the last batch and the places they need.
    fn batch(&mut self, v: &mut Validator) -> Batch {
        let (villages, groups, grids) = v.places_to_create();
        let batch_places = (
            villages[self.villages..].to_vec(),
            groups[self.groups..].to_vec(),
            grids[self.grids..].to_vec(),
        );
        (self.villages, self.groups, self.grids) = (villages.len(), groups.len(), grids.len());
        self.any = true;
        Batch {
            new_villages: batch_places.0,
            new_groups: batch_places.1,
            new_grids: batch_places.2,
            // The next batch's room at once, not grown from nothing.
            households: std::mem::replace(&mut v.out.plan.households, Vec::with_capacity(BATCH_PERSONS / 2)),
            persons: std::mem::replace(&mut v.out.plan.persons, Vec::with_capacity(BATCH_PERSONS + 64)),
        }
    }
}
