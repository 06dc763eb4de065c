//! Four processes doing read-modify-write increments on one counter, each in
//! a `Store::write` (BEGIN IMMEDIATE) transaction: the total must be exact
//! and no worker may ever see SQLITE_BUSY.

mod common;

use common::{next_marked, wait_bounded, worker, worker_spec};
use minqing::store::{Store, StoreError};
use rusqlite::OptionalExtension;
use std::io::{BufRead, BufReader, Write};
use std::time::Duration;

const WORKER_ENV: &str = "MINQING_TEST_COUNTER_WORKER";
const WORKERS: usize = 4;
/// Small enough that one worker waiting while the other three finish all
/// their increments stays far inside the 5 s busy timeout on a loaded CI box.
const INCREMENTS: i64 = 100;
const READY: &str = "minqing-ready";

/// Runs only as a child of `processes_increment_a_counter_exactly`.
#[test]
#[ignore = "a worker process: processes_increment_a_counter_exactly runs it"]
fn counter_worker() {
    let db = worker_spec(WORKER_ENV);
    if let Err(e) = run_counter_worker(std::path::Path::new(&db)) {
        eprintln!("worker {} failed: {e} ({e:?})", std::process::id());
        std::process::exit(1);
    }
}

fn run_counter_worker(db: &std::path::Path) -> Result<(), StoreError> {
    let mut store = Store::open(db, "clerk")?;
    // Start barrier: say ready, wait for "go", so the increments of all
    // workers overlap instead of one finishing before the next starts.
    println!("{READY}");
    let mut go = String::new();
    std::io::stdin().lock().read_line(&mut go)?;
    for _ in 0..INCREMENTS {
        store.write(|tx, actor| {
            // Read first, compute in Rust, then write: exactly the pattern
            // that fails with SQLITE_BUSY under a deferred BEGIN (the read
            // snapshot cannot be upgraded once another process committed).
            let value: Option<String> = tx
                .query_row("SELECT value FROM settings WHERE key = 'test_counter'", [], |r| {
                    r.get(0)
                })
                .optional()?;
            let next = value.map_or(0, |v| v.parse::<i64>().expect("a number")) + 1;
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ('test_counter', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
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
    // Kept open until the workers exit: libtest fails on a closed stdout.
    let mut outs = Vec::new();
    for child in &mut children {
        let mut out = BufReader::new(child.stdout.take().unwrap());
        assert!(next_marked(&mut out, READY).is_some(), "worker died before ready");
        outs.push(out);
    }
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
    drop(outs);

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
