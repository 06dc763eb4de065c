//! `kill -9` during a register import (README "Importing the register"):
//! the import is one transaction, so a killed run leaves the database as it
//! was — sound, with none of the file's persons — and the next run imports
//! them all, leaving nothing behind beside the database.

mod common;

use minqing::domain::ids::check_digit;
use rusqlite::Connection;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const PERSONS: usize = 30_000;

/// A register of `PERSONS` heads of household with valid resident IDs.
fn register_csv(path: &Path) {
    let mut text = String::from("\u{feff}姓名,公民身份号码,与户主关系,户号,村(社区),组\n");
    for i in 0..PERSONS {
        // A distinct (birth day, sequence) pair per person.
        let born = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).expect("date") + chrono::Days::new((i / 500) as u64);
        let first17 = format!("330621{}{:03}", born.format("%Y%m%d"), i % 500);
        let id = format!("{first17}{}", check_digit(&first17).expect("digits"));
        text.push_str(&format!("居民{i},{id},户主,H{i},青山村,{}\n", 1 + i % 9));
    }
    std::fs::write(path, text).expect("csv");
}

fn persons(db: &Path) -> i64 {
    Connection::open(db)
        .expect("open")
        .query_row("SELECT count(*) FROM persons", [], |r| r.get(0))
        .expect("count")
}

fn integrity(db: &Path) -> String {
    Connection::open(db)
        .expect("open")
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check")
}

#[test]
fn a_killed_import_writes_nothing_and_the_next_run_imports_everything() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("office.db");
    let (store, password) = common::office_with_admin(&db);
    drop(store);
    let csv = dir.path().join("register.csv");
    register_csv(&csv);
    let import = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_minqing"));
        c.env("HOME", dir.path()).env("XDG_DATA_HOME", dir.path());
        c.args(["import", "register"]).arg(&csv);
        c.args(["--create-places", "--db"]).arg(&db);
        c.args(["--user", "admin", "--password-file"]).arg(&password);
        c
    };
    let before: Vec<_> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .collect();
    let wal = db.with_file_name("office.db-wal");
    let wal_len = || std::fs::metadata(&wal).map_or(0, |m| m.len());
    // Kill the import once its transaction has spilled pages into the WAL
    // (logging in commits only a few pages; the import's inserts are far
    // larger than SQLite's page cache): it is then surely mid-transaction.
    let wal_before = wal_len();
    let mut child = import()
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut cut = false;
    while child.try_wait().expect("wait").is_none() {
        if wal_len() > wal_before + 512 * 1024 {
            child.kill().expect("kill -9");
            cut = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let status = child.wait().expect("reaped");
    assert!(
        cut,
        "the import finished ({status:?}) before its transaction spilled into the WAL ({} bytes)",
        wal_len()
    );
    assert_eq!(integrity(&db), "ok");
    assert_eq!(persons(&db), 0, "a killed import writes nothing");
    let out = import().output().expect("import");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(persons(&db), PERSONS as i64);
    assert_eq!(integrity(&db), "ok");
    // Nothing left behind but the database's own files.
    let after: Vec<_> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .filter(|n| !before.contains(n))
        .filter(|n| {
            let n = n.to_string_lossy();
            !(n.ends_with("-wal") || n.ends_with("-shm") || n == "minqing")
        })
        .collect();
    assert!(after.is_empty(), "left behind: {after:?}");
}
