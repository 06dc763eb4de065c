//! The open TUI refreshes when someone else commits: the loader polls
//! `PRAGMA data_version` and pushes a patch (or, when the change log cannot
//! tell, a new snapshot) that carries the change. No test here calls
//! `Loader::reload` or `refresh`, except the ones about them: what arrives
//! is the poll's doing.

mod common;
use common::{seed_household, wait_bounded, worker, worker_spec};
use minqing::app::event::AppEvent;
use minqing::app::loader::Loader;
use minqing::app::loader::patch_index;
use minqing::app::snapshot::Snapshot;
use minqing::search::{DEFAULT_LIMIT, Index, search};
use minqing::store::Store;
use std::path::Path;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

const WRITER_ENV: &str = "MINQING_TEST_LOADER_WRITER";

/// What the UI holds: the last snapshot with the patches since applied.
#[derive(Default)]
struct Follower {
    snap: Option<Snapshot>,
    index: Option<Index>,
    /// Full snapshots and patches received.
    snapshots: usize,
    patches: usize,
}

impl Follower {
    /// Applies the loader's events until the state satisfies `wanted`. The
    /// timeout only turns a missing refresh into a failure instead of a
    /// hang (the poll is 500 ms).
    fn until(&mut self, rx: &mpsc::Receiver<AppEvent>, what: &str, wanted: impl Fn(&Snapshot) -> bool) -> Snapshot {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(s) = &self.snap
                && self.index.is_some()
                && wanted(s)
            {
                return s.clone();
            }
            self.next(rx, deadline, what);
        }
    }

    /// Applies one event from the loader.
    fn next(&mut self, rx: &mpsc::Receiver<AppEvent>, deadline: Instant, what: &str) {
        let left = deadline.saturating_duration_since(Instant::now());
        {
            match rx.recv_timeout(left) {
                Ok(AppEvent::Snapshot(s)) => {
                    self.snapshots += 1;
                    self.snap = Some(*s);
                }
                Ok(AppEvent::IndexReady(ix)) => {
                    self.index = Some(Arc::try_unwrap(ix).ok().expect("the index is ours alone"));
                }
                Ok(AppEvent::Patch(p)) => {
                    self.patches += 1;
                    patch_index(self.index.as_mut().expect("a patch follows the index"), &p);
                    self.snap.as_mut().expect("a patch follows a snapshot").apply(*p);
                }
                Ok(AppEvent::Figures(f)) => self.snap.as_mut().expect("figures follow a snapshot").apply_figures(*f),
                Ok(AppEvent::LoadFailed(e)) => panic!("load failed: {e}"),
                Ok(_) => panic!("unexpected event from the loader"),
                Err(e) => panic!("no snapshot with {what} arrived: {e}"),
            }
        }
    }
}

fn snapshot_where(
    follower: &mut Follower,
    rx: &mpsc::Receiver<AppEvent>,
    what: &str,
    wanted: impl Fn(&Snapshot) -> bool,
) -> Snapshot {
    follower.until(rx, what, wanted)
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
/// A session that sees the whole township (a clerk's).
fn whole_township() -> minqing::store::Actor {
    minqing::store::Actor {
        user_id: 0,
        login: "clerk".into(),
        display_name: "clerk".into(),
        role: Some(minqing::domain::request::Role::Clerk),
        can_reveal: false,
    }
}

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
    let _loader = Loader::spawn(db.clone(), tx, whole_township()); // kept: dropping it stops the loader
    let mut ui = Follower::default();
    let first = snapshot_where(&mut ui, &rx, "the first load", |_| true);
    assert!(first.households.is_empty(), "{:?}", first.households);

    let mut child = worker("writer_worker", &[(WRITER_ENV, db.display().to_string())])
        .spawn()
        .expect("spawn worker");
    let status = wait_bounded(&mut child, Duration::from_secs(60));
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(status.success(), "worker failed ({status}):\n{stderr}");

    let after = snapshot_where(&mut ui, &rx, "the other process's household", |s| {
        has_household(s, "青山村12号")
    });
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
    let _loader = Loader::spawn(db.clone(), tx, whole_township());
    let mut ui = Follower::default();
    let first = snapshot_where(&mut ui, &rx, "the first load", |_| true);
    assert!(first.households.is_empty() && first.villages.is_empty());

    let mut store = Store::open(&db, "clerk").expect("store");
    seed_household(&mut store);
    let second = snapshot_where(&mut ui, &rx, "the new household", |s| has_household(s, "青山村12号"));
    assert!(second.villages.iter().any(|(_, name)| name == "青山村"));

    store
        .write(|tx, _| {
            tx.execute("INSERT INTO villages (name) VALUES ('白沙社区')", [])?;
            Ok(())
        })
        .expect("second commit");
    let third = snapshot_where(&mut ui, &rx, "the second village", |s| {
        s.villages.iter().any(|(_, name)| name == "白沙社区")
    });
    assert!(has_household(&third, "青山村12号"), "earlier rows stay");
}

#[test]
fn reload_loads_again_without_a_commit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = empty_db(dir.path());
    let (tx, rx) = mpsc::channel();
    let loader = Loader::spawn(db, tx, whole_township());
    let mut ui = Follower::default();
    let first = snapshot_where(&mut ui, &rx, "the first load", |_| true);
    loader.reload();
    let before = ui.snapshots;
    let again = ui.until(&rx, "the reloaded snapshot", |_| true);
    let again = if ui.snapshots == before {
        ui.snap = None;
        ui.until(&rx, "the reloaded snapshot", |_| true)
    } else {
        again
    };
    assert_eq!(again.households, first.households);
    assert_eq!(again.villages, first.villages);
}

/// A phone changed by another clerk arrives as a patch of that one
/// household, not as a new snapshot; the patched index finds the new
/// number and the register row is unchanged in place.
#[test]
fn a_foreign_phone_change_arrives_as_a_patch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = empty_db(dir.path());
    let mut store = Store::open(&db, "clerk").expect("store");
    let (_household, person) = seed_household(&mut store);
    let (tx, rx) = mpsc::channel();
    let _loader = Loader::spawn(db.clone(), tx, whole_township());
    let mut ui = Follower::default();
    let first = ui.until(&rx, "the first load", |s| has_household(s, "青山村12号"));
    assert_eq!(ui.snapshots, 1);

    let other = minqing::store::open_connection(&db).expect("another clerk");
    other
        .execute("UPDATE persons SET phone = '13911112222' WHERE id = ?1", [person])
        .expect("commit");
    let index_has = |ui: &Follower, q: &str| !search(ui.index.as_ref().unwrap(), q, DEFAULT_LIMIT).is_empty();
    let deadline = Instant::now() + Duration::from_secs(60);
    while ui.patches == 0 {
        ui.next(&rx, deadline, "a patch");
    }
    assert_eq!(ui.snapshots, 1, "no second full snapshot");
    assert!(index_has(&ui, "13911112222"));
    assert!(!index_has(&ui, "13800138000"));
    let now = ui.snap.clone().unwrap();
    assert_eq!(now.households, first.households);
    assert!(now.figures_stale, "the assessment waits until its pane asks");
}

/// Stale figures are computed on the loader thread when asked, and equal a
/// full load's.
#[test]
fn stale_figures_are_computed_when_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = empty_db(dir.path());
    let mut store = Store::open(&db, "clerk").expect("store");
    let (household, _) = seed_household(&mut store);
    let (tx, rx) = mpsc::channel();
    let loader = Loader::spawn(db.clone(), tx, whole_township());
    let mut ui = Follower::default();
    ui.until(&rx, "the first load", |s| has_household(s, "青山村12号"));
    let other = minqing::store::open_connection(&db).expect("another clerk");
    other
        .execute(
            "INSERT INTO requests (received_at, channel, title, household_id) VALUES ('2026-01-05', 'visit', '路灯', ?1)",
            [household],
        )
        .expect("commit");
    ui.until(&rx, "the stale figures", |s| s.figures_stale);
    loader.figures();
    let fresh = ui.until(&rx, "fresh figures", |s| !s.figures_stale);
    let full = Snapshot::load(&other, fresh.today).expect("full load");
    assert_eq!(fresh, full);
}
