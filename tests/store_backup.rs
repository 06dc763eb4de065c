//! Online backup: same rows, private file, audited.

mod common;

use common::{count, mode_of, seed_household};
use minqing::store::Store;
use minqing::store::backup::{BackupOptions, backup_to, backup_with};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

fn rows(conn: &Connection, table: &str) -> Vec<String> {
    // Every column of every row, as text, in id order.
    let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY rowid")).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        (0..n)
            .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
            .collect::<Result<Vec<_>, _>>()
            .map(|cols| cols.join("|"))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn open_read_only(path: &Path) -> Connection {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

#[test]
fn backup_has_the_same_rows_and_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("m.db"), "admin").unwrap();
    seed_household(&mut store);
    let tables = ["households", "persons", "users", "settings", "audit_log"];
    let before: Vec<_> = tables.iter().map(|t| rows(store.conn(), t)).collect();

    let dest = dir.path().join("backups/m-2026-11-26.db");
    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
    backup_to(&mut store, &dest).unwrap();

    assert_eq!(mode_of(&dest), 0o600);
    let copy = open_read_only(&dest);
    for (table, want) in tables.iter().zip(&before) {
        assert_eq!(&rows(&copy, table), want, "{table}");
    }
    let ok: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM audit_log WHERE action = 'backup' AND outcome = 'ok'"
        ),
        1
    );
    let leftovers: Vec<_> = std::fs::read_dir(dest.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        ["m-2026-11-26.db"],
        "one self-contained file, no partial or -wal/-shm files beside it"
    );
}

#[test]
fn backup_replaces_an_older_one_and_refuses_the_live_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    let mut store = Store::open(&path, "admin").unwrap();
    let dest = dir.path().join("b.db");
    std::fs::write(&dest, b"somebody's notes").unwrap();
    // Finding 7: a file that is not one of our backups is kept unless forced.
    assert!(matches!(
        backup_to(&mut store, &dest),
        Err(minqing::store::StoreError::Exists(_))
    ));
    assert_eq!(std::fs::read(&dest).unwrap(), b"somebody's notes");
    let force = BackupOptions {
        force: true,
        keep: None,
    };
    backup_with(&mut store, &dest, force).unwrap();
    assert_eq!(mode_of(&dest), 0o600);
    // Our own backup is replaced without force.
    backup_to(&mut store, &dest).unwrap();
    let users: i64 = open_read_only(&dest)
        .query_row("SELECT count(*) FROM users", [], |r| r.get(0))
        .unwrap();
    assert_eq!(users, 1);

    assert!(backup_to(&mut store, &path).is_err());
    assert_eq!(store.integrity_check().unwrap(), ["ok"]);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM audit_log WHERE action = 'backup' AND outcome = 'refused'"
        ),
        2
    );
}

/// Leaves `db`'s write-ahead log behind as a killed process would: the
/// connection writes with checkpoints off, the -wal is copied aside, the
/// connection closes (deleting its -wal) and the copy is put back.
fn leave_stale_wal(db: &Path, writes: &str) {
    let wal = common::sidecar(db, "-wal");
    let saved = common::sidecar(db, ".saved-wal");
    let conn = Connection::open(db).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    conn.execute_batch(writes).unwrap();
    std::fs::copy(&wal, &saved).unwrap();
    drop(conn);
    std::fs::rename(&saved, &wal).unwrap();
}

/// Finding 1 (issue 13): a backup over a target with a stale -wal (its own
/// or another database's) must open, pass integrity_check and hold exactly
/// the source's rows — SQLite replays a -wal it finds beside the file.
#[test]
fn backup_over_a_target_with_a_stale_wal_restores_the_source_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("m.db"), "admin").unwrap();
    seed_household(&mut store);
    let tables = ["households", "persons", "users", "settings"];

    // Its own stale -wal: the backup was opened, edited and the process killed.
    let dest = dir.path().join("dest.db");
    backup_to(&mut store, &dest).unwrap();
    leave_stale_wal(
        &dest,
        "UPDATE persons SET name = '李四'; INSERT INTO villages (name) VALUES ('外村');",
    );
    // Another database's stale -wal beside a second target.
    let other = dir.path().join("other.db");
    let other_store = Store::open(&other, "someone").unwrap();
    drop(other_store);
    let dest2 = dir.path().join("dest2.db");
    std::fs::copy(&other, &dest2).unwrap();
    leave_stale_wal(
        &dest2,
        "INSERT INTO villages (name) VALUES ('别人的村'); UPDATE users SET login = 'intruder';",
    );

    store
        .write(|tx, _| {
            tx.execute("INSERT INTO villages (name) VALUES ('后来的村')", [])?;
            Ok(())
        })
        .unwrap();
    let want: Vec<_> = tables.iter().map(|t| rows(store.conn(), t)).collect();
    for target in [&dest, &dest2] {
        // dest2 is a minqing database but not a backup: replacing it needs force.
        let force = BackupOptions {
            force: true,
            keep: None,
        };
        backup_with(&mut store, target, force).unwrap();
        for side in ["-wal", "-shm", "-journal"] {
            assert!(!common::sidecar(target, side).exists(), "{side} removed");
        }
        let copy = Connection::open(target).unwrap();
        let ok: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok", "{}", target.display());
        for (table, want) in tables.iter().zip(&want) {
            assert_eq!(&rows(&copy, table), want, "{table} in {}", target.display());
        }
    }
}
