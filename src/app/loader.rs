//! Loads snapshots and builds the search index on a thread of its own, so the first frame and typing
//! never wait for the database. It also polls `PRAGMA data_version` and
//! reloads when another process (or our own write connection) commits.

use super::event::AppEvent;
use super::snapshot::Snapshot;
use crate::store;
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::Duration;

const POLL: Duration = Duration::from_millis(500);

pub struct Loader {
    reload: Sender<()>,
}

impl Loader {
    pub fn spawn(path: PathBuf, out: Sender<AppEvent>) -> Loader {
        let (reload, requests) = mpsc::channel();
        std::thread::spawn(move || {
            let conn = match store::open_connection(&path) {
                Ok(c) => c,
                Err(e) => {
                    let _ = out.send(AppEvent::LoadFailed(e));
                    return;
                }
            };
            let version =
                |c: &rusqlite::Connection| c.query_row("PRAGMA data_version", [], |r| r.get::<_, i64>(0)).ok();
            loop {
                let seen = version(&conn);
                let today = chrono::Local::now().date_naive();
                let event = match Snapshot::load(&conn, today) {
                    Ok(s) => AppEvent::Snapshot(Box::new(s)),
                    Err(e) => AppEvent::LoadFailed(e),
                };
                if out.send(event).is_err() {
                    return; // the UI has gone
                }
                // The search index follows the snapshot: panes first, then
                // lookup (typically well under the 250 ms budget).
                let event = match store::lookup::load_index(&conn) {
                    Ok(index) => AppEvent::IndexReady(std::sync::Arc::new(index)),
                    Err(e) => AppEvent::LoadFailed(e),
                };
                if out.send(event).is_err() {
                    return;
                }
                loop {
                    match requests.recv_timeout(POLL) {
                        Ok(()) => break,
                        Err(RecvTimeoutError::Timeout) if version(&conn) != seen => break,
                        Err(RecvTimeoutError::Timeout) => {}
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            }
        });
        Loader { reload }
    }

    pub fn reload(&self) {
        let _ = self.reload.send(());
    }
}
