//! The open TUI refreshes when another process commits: the loader polls
//! `PRAGMA data_version` and pushes a new snapshot.

mod common;
use minqing::app::event::AppEvent;
use minqing::app::loader::Loader;
use std::sync::mpsc;
use std::time::Duration;

fn next_snapshot(rx: &mpsc::Receiver<AppEvent>) -> minqing::app::snapshot::Snapshot {
    // A liveness bound only; the poll interval is 500 ms.
    loop {
        match rx.recv_timeout(Duration::from_secs(30)).expect("a snapshot arrives") {
            AppEvent::Snapshot(s) => return *s,
            AppEvent::IndexReady(_) => continue, // follows each snapshot
            AppEvent::LoadFailed(e) => panic!("load failed: {e}"),
            _ => panic!("unexpected event"),
        }
    }
}

#[test]
fn another_connections_commit_triggers_a_new_snapshot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::demo_db(dir.path(), 50);
    let (tx, rx) = mpsc::channel();
    let _loader = Loader::spawn(db.clone(), tx);
    let first = next_snapshot(&rx);
    let other = minqing::store::open_connection(&db).expect("open");
    other
        .execute(
            "INSERT INTO requests (received_at, channel, caller_name, title, due_at)
             VALUES ('2020-01-02 09:00:00', 'hotline', '李四', '另一位文员登记的诉求', '2020-01-03')",
            [],
        )
        .expect("insert");
    let second = next_snapshot(&rx);
    // The new request is long overdue: the top bar's count moves.
    assert_eq!(second.overdue, first.overdue + 1);
}

#[test]
fn reload_request_loads_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::demo_db(dir.path(), 50);
    let (tx, rx) = mpsc::channel();
    let loader = Loader::spawn(db, tx);
    let _ = next_snapshot(&rx);
    loader.reload();
    let _ = next_snapshot(&rx);
}
