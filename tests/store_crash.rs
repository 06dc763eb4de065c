//! `kill -9` a writer again and again — between commits, mid-commit, and
//! inside a large uncommitted transaction — and check that every commit it
//! acknowledged survived, nothing uncommitted leaked, and the file is sound.

mod common;

use common::{next_marked, worker, worker_spec};
use minqing::store::{Store, StoreError};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

const WORKER_ENV: &str = "MINQING_TEST_CRASH_WORKER";
const ROUNDS: u32 = 16;
const ACK: &str = "minqing-ack:";
const IN_BIG_TX: &str = "minqing-in-big-tx";
/// Bounds the worker if the parent is gone (its pipe would also close).
const MAX_ROWS: u32 = 100_000;

/// Runs only as a child of `acknowledged_commits_survive_kill_9`.
/// Env: "<db>|<round>|<mode>", mode "stream" or "big".
#[test]
#[ignore = "a worker process: acknowledged_commits_survive_kill_9 runs it"]
fn crash_worker() {
    let spec = worker_spec(WORKER_ENV);
    let mut parts = spec.split('|');
    let (db, round, mode) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
    if let Err(e) = run_crash_worker(Path::new(db), round, mode) {
        eprintln!("crash worker failed: {e} ({e:?})");
        std::process::exit(1);
    }
}

fn run_crash_worker(db: &Path, round: &str, mode: &str) -> Result<(), StoreError> {
    let mut store = Store::open(db, "clerk")?;
    let small_commits = if mode == "big" { 3 } else { MAX_ROWS };
    for n in 0..small_commits {
        store.write(|tx, _| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                [format!("r{round}-{n}"), n.to_string()],
            )?;
            Ok(())
        })?;
        // Only now, after COMMIT returned, may the row count as saved.
        println!("{ACK}{n}");
    }
    // One transaction far bigger than the page cache, so uncommitted pages
    // spill into the -wal file before the kill.
    let filler = "民".repeat(300);
    let result: Result<(), StoreError> = store.write(|tx, _| {
        for i in 0..20_000 {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                [format!("r{round}-big-{i}"), filler.clone()],
            )?;
            if i == 3_000 {
                println!("{IN_BIG_TX}"); // the parent kills on this line
            }
        }
        // Still inside the transaction: wait for the kill. If the parent is
        // gone instead, stdin ends and the work is abandoned (rolled back).
        let mut sink = String::new();
        while std::io::stdin().lock().read_line(&mut sink).unwrap_or(0) > 0 {}
        Err(StoreError::Invalid("parent went away".into()))
    });
    result
}

#[test]
fn acknowledged_commits_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    drop(Store::open(&db, "clerk").unwrap());

    for round in 0..ROUNDS {
        // Odd rounds die inside the big transaction; even rounds die
        // somewhere in a stream of small commits, after a varying number.
        let big = round % 2 == 1;
        let wanted_acks = if big { 3 } else { 1 + (round * 7) % 23 };
        let spec = format!("{}|{round}|{}", db.display(), if big { "big" } else { "stream" });
        let mut child = worker("crash_worker", &[(WORKER_ENV, spec)])
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn worker");
        let mut out = BufReader::new(child.stdout.take().unwrap());

        let mut acked = Vec::new();
        while acked.len() < wanted_acks as usize {
            let n = next_marked(&mut out, ACK).unwrap_or_else(|| panic!("round {round}: worker ended after {acked:?}"));
            acked.push(n.parse::<u32>().unwrap());
        }
        if big {
            next_marked(&mut out, IN_BIG_TX)
                .unwrap_or_else(|| panic!("round {round}: worker never began its big transaction"));
        }
        child.kill().expect("SIGKILL"); // Child::kill is SIGKILL on Unix
        let status = child.wait().unwrap();
        assert!(!status.success(), "round {round}: worker was not killed");

        // Opening recovers from the hot WAL the dead writer left behind.
        let store = Store::open(&db, "clerk").unwrap();
        assert_eq!(store.integrity_check().unwrap(), ["ok"], "round {round}");
        let committed: Vec<u32> = {
            let mut stmt = store
                .conn()
                .prepare(
                    "SELECT CAST(value AS INTEGER) FROM settings
                     WHERE key LIKE ?1 AND key NOT LIKE ?2 ORDER BY 1",
                )
                .unwrap();
            stmt.query_map([format!("r{round}-%"), format!("r{round}-big-%")], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        // Everything acknowledged is there; at most one more commit can have
        // landed between its COMMIT and the kill, and nothing is torn.
        let expected: Vec<u32> = (0..committed.len() as u32).collect();
        assert_eq!(committed, expected, "round {round}: gaps in committed rows");
        assert!(
            committed.len() >= acked.len(),
            "round {round}: acknowledged {} rows, found {}",
            acked.len(),
            committed.len()
        );
        let leaked: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM settings WHERE key LIKE ?1",
                [format!("r{round}-big-%")],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(leaked, 0, "round {round}: uncommitted rows survived");
    }
}
