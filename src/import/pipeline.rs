//! The pipelined import (README "Performance"): one thread checks the
//! sheet row by row and hands each finished household over a bounded
//! channel to the store's writer on the calling thread, so a large import
//! costs about the longer of checking and writing instead of their sum.
//!
//! What is written and reported is exactly what `check` then `apply`
//! gives: one IMMEDIATE transaction that is rolled back when the sheet has
//! any error or the write fails, and the outcome of the same check. A
//! household is handed over once the sheet moves on to the next one; a
//! sheet that comes back to an earlier household is checked again from
//! the start and written whole.

use super::columns::Table;
use super::plan::Validator;
use super::register::{Existing, Options, Outcome, validate};
use crate::store::import::{Applied, Batch, PROGRESS_EVERY, StreamWriter};
use crate::store::{Store, StoreError};
use std::sync::mpsc::{SyncSender, sync_channel};

/// Sheets with more rows than this are checked and written together;
/// smaller ones take a moment either way and go one step after the other.
pub const MIN_ROWS: usize = crate::store::changes::BULK_ROWS;

/// Persons per batch handed to the writer.
const BATCH_PERSONS: usize = 2_000;

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
    /// until the check ends, "in all" counts the persons the sheet lists.
    Writing(usize, usize),
    /// The check is done; nothing is committed yet. An error here rolls
    /// the write back (the report could not be saved, say).
    Checked(&'o Outcome),
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
    let loaded = super::register::Loaded::load(store.conn())?;
    let db = loaded.view();
    let expected = table.rows.len();
    std::thread::scope(|s| {
        let (send, recv) = sync_channel::<Batch>(QUEUE);
        let db = &db;
        let mut checker = Some(s.spawn(move || check_streaming(table, db, opts, send)));
        let mut checked: Option<Outcome> = None;
        let mut stopped: Option<String> = None;
        let written = crate::store::import::write_register_with(store, expected + 1, |tx, actor| {
            let mut writer = StreamWriter::begin(tx);
            let mut failed: Option<StoreError> = None;
            let mut streamed = Batch::default();
            let mut reported = 0;
            for batch in recv {
                if failed.is_none()
                    && let Ok(w) = &mut writer
                {
                    match w.write(&batch) {
                        Ok(n) if n / PROGRESS_EVERY > reported => {
                            reported = n / PROGRESS_EVERY;
                            // Progress only; `Checked` is the step that may refuse.
                            let _ = step(Step::Writing(n, expected));
                        }
                        Ok(_) => {}
                        Err(e) => failed = Some(e),
                    }
                }
                streamed.households.extend(batch.households);
                streamed.persons.extend(batch.persons);
            }
            let (mut outcome, rechecked) = join(checker.take());
            if !rechecked {
                streamed.households.append(&mut outcome.plan.households);
                streamed.persons.append(&mut outcome.plan.persons);
                outcome.plan.households = streamed.households;
                outcome.plan.persons = streamed.persons;
            }
            let told = step(Step::Checked(&outcome));
            let errors = outcome.errors();
            let outcome = checked.insert(outcome);
            // Any of these rolls the transaction back.
            let rollback = || StoreError::Invalid("import not written".into());
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
        let outcome = match checked {
            Some(o) => o,
            None => {
                // The write never began (the transaction did not start):
                // the check ends, its batches refused, and runs again whole.
                join(checker.take());
                let outcome = validate(table, db, opts);
                if let Err(why) = step(Step::Checked(&outcome)) {
                    stopped = Some(why);
                }
                outcome
            }
        };
        let written = match (written, stopped) {
            (_, Some(why)) => Written::Stopped(why),
            (Ok(a), None) => Written::Done(a),
            (Err(_), None) if outcome.errors() > 0 => Written::NotWritten,
            (Err(e), None) => Written::Failed(e),
        };
        Ok((outcome, written))
    })
}

fn join(checker: Option<std::thread::ScopedJoinHandle<'_, (Outcome, bool)>>) -> (Outcome, bool) {
    match checker.expect("joined once").join() {
        Ok(done) => done,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// The checking thread: the outcome, and whether the sheet had to be
/// checked again from the start (what was streamed is then void).
fn check_streaming(table: &Table, db: &Existing, opts: &Options, send: SyncSender<Batch>) -> (Outcome, bool) {
    let mut v = Validator::new(table, db, opts);
    let mut streaming = true;
    let mut seen_issues = 0;
    let mut sent = Sent::default();
    let mut clean = |v: &Validator| {
        let clean = !v.out.issues[seen_issues..].iter().any(|(_, p)| !p.is_warning());
        seen_issues = v.out.issues.len();
        clean
    };
    for i in 0..table.rows.len() {
        v.row(i);
        let h = v.household_of(i);
        if h < v.planned() {
            // An earlier household gains a row: it was planned too soon.
            return (validate(table, db, opts), true);
        }
        if !streaming {
            continue;
        }
        // Every household before this row's is complete.
        v.plan_through(h);
        streaming = clean(&v);
        if streaming && v.out.plan.persons.len() >= BATCH_PERSONS {
            streaming = send.send(sent.batch(&mut v)).is_ok();
        }
    }
    if !streaming {
        return (v.finish(), false);
    }
    v.plan_through(v.households());
    if clean(&v) {
        // Refused only when the write never began; the caller then checks
        // again.
        let _ = send.send(sent.batch(&mut v));
    }
    (v.finish(), false)
}

/// How many new places were already handed over.
#[derive(Default)]
struct Sent {
    villages: usize,
    groups: usize,
    grids: usize,
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
        Batch {
            new_villages: batch_places.0,
            new_groups: batch_places.1,
            new_grids: batch_places.2,
            households: std::mem::take(&mut v.out.plan.households),
            persons: std::mem::take(&mut v.out.plan.persons),
        }
    }
}
