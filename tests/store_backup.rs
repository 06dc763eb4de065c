//! Online backup: same rows, private file, audited.

mod common;

use common::{count, mode_of, seed_household};
use minqing::store::Store;
use minqing::store::backup::backup_to;
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
    std::fs::write(&dest, b"an old, loose backup").unwrap();
    backup_to(&mut store, &dest).unwrap();
    assert_eq!(mode_of(&dest), 0o600);
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
        1
    );
}
