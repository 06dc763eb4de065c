//! Loads the snapshot and builds the search index off the UI thread (the
//! index on a thread of its own, started at once), so the first frame and
//! typing never wait for the database. Then it polls `PRAGMA data_version`;
//! when another connection commits it reads only the new change-log entries
//! and sends a [`Patch`] of what they touched (README "Performance"). A full
//! load happens again only when the log cannot tell (pruned past our
//! position, a bulk change, villages/grids/cadres renamed, a new day).
//! Every read is narrowed to the logged-in user's scope
//! (`store::scope::scope_of`, read again with every full load, so a grid
//! handed to another cadre moves with it).

use super::event::AppEvent;
use super::snapshot::{Figures, Patch, Snapshot};
use super::tally::Tally;
use crate::store;
use crate::store::Actor;
use crate::store::changes::{self, Part, Pending};
use crate::store::scope::{SessionScope, scope_of};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

const POLL: Duration = Duration::from_millis(500);

/// Patched households after which the index is built again, so the text
/// the patches left behind (a few hundred bytes each) stays small.
const PATCHES_BEFORE_REBUILD: usize = 20_000;

enum Wake {
    /// Load everything again.
    Reload,
    /// Look for changes now instead of at the next poll.
    Refresh,
    /// Compute the figures a patch left stale (a pane showing them is open).
    Figures,
}

pub struct Loader {
    wake: Sender<Wake>,
}

impl Loader {
    /// Starts loading for `actor`, the logged-in user (whose scope narrows
    /// what is read).
    pub fn spawn(path: PathBuf, out: Sender<AppEvent>, actor: Actor) -> Loader {
        let (wake, wakes) = mpsc::channel();
        std::thread::spawn(move || {
            let conn = match store::open_connection(&path) {
                Ok(c) => c,
                Err(e) => {
                    let _ = out.send(AppEvent::LoadFailed(e));
                    return;
                }
            };
            let _ = run(&path, &conn, &out, &wakes, &actor);
        });
        Loader { wake }
    }

    /// Loads everything again.
    pub fn reload(&self) {
        let _ = self.wake.send(Wake::Reload);
    }

    /// Applies other connections' (and our own) commits now rather than at
    /// the next poll: after a write, or when the user asks to refresh.
    pub fn refresh(&self) {
        let _ = self.wake.send(Wake::Refresh);
    }

    /// Asks for the figures a patch left stale (`Snapshot::figures_stale`).
    pub fn figures(&self) {
        let _ = self.wake.send(Wake::Figures);
    }
}

/// Where this process stands: the change-log position its state reflects.
struct Position {
    seq: i64,
    day: chrono::NaiveDate,
    tally: Tally,
    patched: usize,
    scope: SessionScope,
}

/// The loader's loop; returns when the UI has gone.
fn run(
    path: &std::path::Path,
    conn: &Connection,
    out: &Sender<AppEvent>,
    wakes: &Receiver<Wake>,
    actor: &Actor,
) -> Result<(), Gone> {
    let version = |c: &Connection| c.query_row("PRAGMA data_version", [], |r| r.get::<_, i64>(0)).ok();
    let mut at: Option<Position> = None;
    loop {
        let seen = version(conn);
        let today = chrono::Local::now().date_naive();
        at = match at.take() {
            Some(p) if p.day == today => step(conn, out, p)?,
            _ => None,
        };
        if at.is_none() {
            at = full_load(path, conn, out, today, actor)?;
        }
        loop {
            match wakes.recv_timeout(POLL) {
                Ok(Wake::Reload) => at = None,
                Ok(Wake::Refresh) => {}
                Ok(Wake::Figures) => {
                    // Not loaded yet: the next full load brings the figures.
                    let Some(scope) = at.as_ref().map(|p| &p.scope) else {
                        continue;
                    };
                    let today = chrono::Local::now().date_naive();
                    let event = match Figures::load(conn, today, scope) {
                        Ok(f) => AppEvent::Figures(Box::new(f)),
                        Err(e) => AppEvent::LoadFailed(e),
                    };
                    send(out, event)?;
                    continue;
                }
                Err(RecvTimeoutError::Timeout) if version(conn) != seen => {}
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return Err(Gone),
            }
            break;
        }
    }
}

/// The UI has gone: the loader stops.
struct Gone;

fn send(out: &Sender<AppEvent>, event: AppEvent) -> Result<(), Gone> {
    out.send(event).map_err(|_| Gone)
}

/// Loads the snapshot here and the index on a second thread at the same
/// time; patches start from the older of the two positions (patches are
/// idempotent, so re-applying a change either already has is harmless).
fn full_load(
    path: &std::path::Path,
    conn: &Connection,
    out: &Sender<AppEvent>,
    today: chrono::NaiveDate,
    actor: &Actor,
) -> Result<Option<Position>, Gone> {
    let index_path = path.to_path_buf();
    let index = std::thread::spawn(move || -> store::Result<(i64, crate::search::Index)> {
        let conn = store::open_connection(&index_path)?;
        let tx = Transaction::new_unchecked(&conn, TransactionBehavior::Deferred)?;
        let seq = changes::position(&tx)?;
        let index = store::lookup::load_index_in(&tx)?;
        tx.finish()?;
        Ok((seq, index))
    });
    let snapshot = (|| {
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Deferred)?;
        let seq = changes::position(&tx)?;
        let scope = scope_of(&tx, actor)?;
        let snap = Snapshot::load_in(&tx, today, &scope)?;
        let tally = Tally::load(&tx, today, &snap)?;
        tx.finish()?;
        Ok::<_, store::StoreError>((seq, snap, tally, scope))
    })();
    let (snap_seq, tally, scope) = match snapshot {
        Ok((seq, snap, tally, scope)) => {
            send(out, AppEvent::Snapshot(Box::new(snap)))?;
            (Some(seq), tally, scope)
        }
        Err(e) => {
            send(out, AppEvent::LoadFailed(e))?;
            (None, Tally::default(), SessionScope::All)
        }
    };
    let index_seq = match index.join() {
        Ok(Ok((seq, index))) => {
            send(out, AppEvent::IndexReady(Arc::new(index)))?;
            Some(seq)
        }
        Ok(Err(e)) => {
            send(out, AppEvent::LoadFailed(e))?;
            None
        }
        Err(_) => None,
    };
    Ok(match (snap_seq, index_seq) {
        (Some(a), Some(b)) => Some(Position {
            seq: a.min(b),
            day: today,
            tally,
            patched: 0,
            scope,
        }),
        // A failed load is tried again in full at the next change.
        _ => None,
    })
}

/// Reads the changes after `at` and sends them as one patch; falls back to
/// a full load when the log cannot tell.
fn step(conn: &Connection, out: &Sender<AppEvent>, mut at: Position) -> Result<Option<Position>, Gone> {
    let read = (|| {
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Deferred)?;
        let patch = match changes::since(&tx, at.seq)? {
            Pending::Changes(set) if set.parts.contains(&Part::Places) => None,
            Pending::Changes(set) if at.patched + set.households.len() > PATCHES_BEFORE_REBUILD => None,
            Pending::Changes(set) => {
                let patch = if set.is_empty() {
                    None
                } else {
                    Some(Snapshot::patch(&tx, at.day, &set, &mut at.tally, &at.scope)?)
                };
                Some((set.upto, set.households.len(), patch))
            }
            Pending::Reload => None,
        };
        tx.finish()?;
        Ok::<_, store::StoreError>(patch)
    })();
    match read {
        Ok(Some((upto, households, patch))) => {
            at.seq = upto;
            at.patched += households;
            if let Some(patch) = patch {
                send(out, AppEvent::Patch(Box::new(patch)))?;
            }
            Ok(Some(at))
        }
        Ok(None) => Ok(None), // the caller loads everything
        Err(e) => {
            send(out, AppEvent::LoadFailed(e))?;
            Ok(None)
        }
    }
}

/// Applies one patch to the search index (the UI thread, which owns it).
pub fn patch_index(index: &mut crate::search::Index, patch: &Patch) {
    for (household, rows) in &patch.entries {
        index.patch_household(*household, rows);
    }
}
