//! The open TUI refreshes when someone else commits: the loader polls
//! `PRAGMA data_version` and pushes a new snapshot that carries the change.
//! No test here calls `Loader::reload`, except the one about reload: what
//! arrives is the poll's doing.

mod common;
use common::{seed_household, wait_bounded, worker, worker_spec};
use minqing::app::event::AppEvent;
use minqing::app::loader::Loader;
use minqing::app::snapshot::Snapshot;
use minqing::store::Store;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

const WRITER_ENV: &str = "MINQING_TEST_LOADER_WRITER";

/// Receives snapshots until one satisfies `wanted`. The timeout only turns
/// a missing refresh into a failure instead of a hang (the poll is 500 ms).
fn snapshot_where(rx: &mpsc::Receiver<AppEvent>, what: &str, wanted: impl Fn(&Snapshot) -> bool) -> Snapshot {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(AppEvent::Snapshot(s)) if wanted(&s) => return *s,
            Ok(AppEvent::Snapshot(_) | AppEvent::IndexReady(_)) => {}
            Ok(AppEvent::LoadFailed(e)) => panic!("load failed: {e}"),
            Ok(_) => panic!("unexpected event from the loader"),
            Err(e) => panic!("no snapshot with {what} arrived: {e}"),
        }
    }
}

fn has_household(s: &Snapshot, address: &str) -> bool {
    s.households.iter().any(|h| h.address == address)
}

/// An empty office database, as `minqing init` leaves it.
fn empty_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("office.db");
    drop(Store::open(&db, "clerk").expect("create"));
    db
}

/// Runs only as a child of `another_processes_commit_reaches_the_open_loader`:
/// a second clerk's process registering a household.
#[test]
#[ignore = "a worker process: another_processes_commit_reaches_the_open_loader runs it"]
fn writer_worker() {
    let db = worker_spec(WRITER_ENV);
    let mut store = Store::open(Path::new(&db), "clerk").expect("open in the worker");
    seed_household(&mut store);
}

#[test]
fn another_processes_commit_reaches_the_open_loader() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = empty_db(dir.path());
    let (tx, rx) = mpsc::channel();
    let _loader = Loader::spawn(db.clone(), tx); // kept: dropping it stops the loader
    let first = snapshot_where(&rx, "the first load", |_| true);
    assert!(first.households.is_empty(), "{:?}", first.households);

    let mut child = worker("writer_worker", &[(WRITER_ENV, db.display().to_string())])
        .spawn()
        .expect("spawn worker");
    let status = wait_bounded(&mut child, Duration::from_secs(60));
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(status.success(), "worker failed ({status}):\n{stderr}");

    let after = snapshot_where(&rx, "the other process's household", |s| has_household(s, "青山村12号"));
    let row = after.households.iter().find(|h| h.address == "青山村12号").unwrap();
    assert_eq!(row.head.as_deref(), Some("张三"));
    assert_eq!((row.village.as_str(), row.grid.as_str()), ("青山村", "第一网格"));
}

/// The TUI writes through its own `Store`, a connection other than the
/// loader's: those commits come back through the same poll, one after the
/// other.
#[test]
fn commits_on_another_connection_each_bring_a_new_snapshot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = empty_db(dir.path());
    let (tx, rx) = mpsc::channel();
    let _loader = Loader::spawn(db.clone(), tx);
    let first = snapshot_where(&rx, "the first load", |_| true);
    assert!(first.households.is_empty() && first.villages.is_empty());

    let mut store = Store::open(&db, "clerk").expect("store");
    seed_household(&mut store);
    let second = snapshot_where(&rx, "the new household", |s| has_household(s, "青山村12号"));
    assert!(second.villages.iter().any(|(_, name)| name == "青山村"));

    store
        .write(|tx, _| {
            tx.execute("INSERT INTO villages (name) VALUES ('白沙社区')", [])?;
            Ok(())
        })
        .expect("second commit");
    let third = snapshot_where(&rx, "the second village", |s| {
        s.villages.iter().any(|(_, name)| name == "白沙社区")
    });
    assert!(has_household(&third, "青山村12号"), "earlier rows stay");
}

#[test]
fn reload_loads_again_without_a_commit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = empty_db(dir.path());
    let (tx, rx) = mpsc::channel();
    let loader = Loader::spawn(db, tx);
    let first = snapshot_where(&rx, "the first load", |_| true);
    loader.reload();
    let again = snapshot_where(&rx, "the reloaded snapshot", |_| true);
    assert_eq!(again.households, first.households);
    assert_eq!(again.villages, first.villages);
}
