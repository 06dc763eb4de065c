//! Issue 13's fault suite: a save on a full disk (simulated with
//! RLIMIT_FSIZE in a child process) says the disk is full and loses nothing.

mod common;

use minqing::store::Store;
use minqing::ui::i18n::{Lang, store_error};
use rusqlite::Connection;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::Command;

const DB_VAR: &str = "MINQING_FAULT_SAVE_DB";

/// Run only by the test below, under a file-size limit: saves a village
/// and prints the outcome as the user would read it.
#[test]
#[ignore = "worker of a_save_on_a_full_disk_says_so_and_loses_nothing"]
fn save_worker() {
    let db = PathBuf::from(std::env::var(DB_VAR).expect("run by its parent test"));
    let mut store = Store::open(&db, "admin").expect("open");
    let saved = store.write(|tx, _| {
        tx.execute("INSERT INTO villages (name) VALUES ('新村')", [])?;
        Ok(())
    });
    match saved {
        Ok(()) => println!("OUTCOME:saved"),
        Err(e) => println!("OUTCOME:{}", store_error(Lang::Zh, &e)),
    }
}

#[test]
fn a_save_on_a_full_disk_says_so_and_loses_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("m.db");
    let mut store = Store::open(&db, "admin").expect("open");
    common::seed_household(&mut store);
    drop(store);
    // A colleague's session with a long write-ahead log (no checkpoint yet):
    // the next save appends past the limit the worker runs under.
    let colleague = Connection::open(&db).expect("open");
    colleague.pragma_update(None, "wal_autocheckpoint", 0).expect("pragma");
    colleague
        .execute(
            "INSERT INTO settings (key, value) VALUES ('pad', randomblob(2500000))",
            [],
        )
        .expect("pad");

    let limit: u64 = 1024 * 1024;
    let mut worker = Command::new(std::env::current_exe().expect("test binary"));
    worker
        .args(["--ignored", "--exact", "save_worker", "--nocapture", "--test-threads=1"])
        .env(DB_VAR, &db);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        worker.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let rl = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &rl) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = worker.output().expect("worker");
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The harness prints "test save_worker ... " on the same line.
    let outcome = stdout
        .split_once("OUTCOME:")
        .and_then(|(_, rest)| rest.lines().next())
        .unwrap_or_else(|| {
            panic!(
                "worker did not report: {stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    assert!(outcome.contains("磁盘已满"), "{outcome}");

    drop(colleague);
    let store = Store::open(&db, "admin").expect("open");
    assert_eq!(
        common::count(&store, "SELECT count(*) FROM villages WHERE name = '新村'"),
        0
    );
    assert_eq!(
        common::count(&store, "SELECT count(*) FROM persons"),
        1,
        "earlier saves kept"
    );
    assert_eq!(
        common::count(&store, "SELECT count(*) FROM settings WHERE key = 'pad'"),
        1
    );
    assert_eq!(store.integrity_check().expect("check"), ["ok"]);
}
