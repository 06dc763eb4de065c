//! Four processes doing read-modify-write increments on one counter, each in
//! a `Store::write` (BEGIN IMMEDIATE) transaction: the total must be exact
//! and no worker may ever see SQLITE_BUSY.

mod common;

use common::{wait_bounded, worker};
use minqing::store::{Store, StoreError};
use std::io::{BufRead, Write};
use std::time::Duration;

const WORKER_ENV: &str = "MINQING_TEST_COUNTER_WORKER";
const WORKERS: usize = 4;
/// Small enough that one worker waiting while the other three finish all
/// their increments stays far inside the 5 s busy timeout on a loaded CI box.
const INCREMENTS: i64 = 100;

/// Runs only as a child of `processes_increment_a_counter_exactly`.
#[test]
fn counter_worker() {
    let Ok(db) = std::env::var(WORKER_ENV) else {
        return; // an ordinary test run: nothing to do
    };
    // Wait for "go" so all workers race on the fresh file together.
    let mut go = String::new();
    std::io::stdin().lock().read_line(&mut go).unwrap();
    if let Err(e) = run_counter_worker(std::path::Path::new(&db)) {
        eprintln!("worker {} failed: {e} ({e:?})", std::process::id());
        std::process::exit(1);
    }
}

fn run_counter_worker(db: &std::path::Path) -> Result<(), StoreError> {
    let mut store = Store::open(db, "clerk")?;
    for _ in 0..INCREMENTS {
        store.write(|tx, actor| {
            // Read, compute in Rust, write back: exactly the pattern that
            // loses updates or hits SQLITE_BUSY with a deferred BEGIN.
            tx.execute(
                "INSERT OR IGNORE INTO settings (key, value) VALUES ('test_counter', '0')",
                [],
            )?;
            let value: String = tx.query_row(
                "SELECT value FROM settings WHERE key = 'test_counter'",
                [],
                |r| r.get(0),
            )?;
            let next = value.parse::<i64>().expect("counter is a number") + 1;
            tx.execute(
                "UPDATE settings SET value = ?1 WHERE key = 'test_counter'",
                [next.to_string()],
            )?;
            Store::audit(tx, actor, "test.increment", "setting:test_counter", "")
        })?;
    }
    Ok(())
}

#[test]
fn processes_increment_a_counter_exactly() {
    let dir = tempfile::tempdir().unwrap();
    // Not created beforehand: the workers also race on the first open.
    let db = dir.path().join("counter.db");
    let mut children: Vec<_> = (0..WORKERS)
        .map(|_| {
            worker("counter_worker", &[(WORKER_ENV, db.display().to_string())])
                .spawn()
                .expect("spawn worker")
        })
        .collect();
    for child in &mut children {
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"go\n").unwrap();
    }
    for mut child in children {
        let status = wait_bounded(&mut child, Duration::from_secs(120));
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        assert!(status.success(), "worker failed ({status}):\n{stderr}");
    }

    let store = Store::open(&db, "clerk").unwrap();
    let total = store.setting("test_counter").unwrap();
    assert_eq!(total, Some((WORKERS as i64 * INCREMENTS).to_string()));
    let audited: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'test.increment'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, WORKERS as i64 * INCREMENTS);
    assert_eq!(store.integrity_check().unwrap(), ["ok"]);
}
