//! Opening, migrating, refusing newer schemas, file modes, audit triggers.

mod common;

use common::{count, mode_of, sidecar};
use minqing::store::{Store, StoreError, check_not_network_share, open_connection, schema};
use std::os::unix::fs::PermissionsExt;
use std::sync::{Arc, Barrier};

fn pragma_i64(store: &Store, name: &str) -> i64 {
    store.conn().pragma_query_value(None, name, |r| r.get(0)).unwrap()
}

fn schema_sql(store: &Store) -> Vec<String> {
    let mut stmt = store
        .conn()
        .prepare("SELECT type || ' ' || name FROM sqlite_master ORDER BY type, name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn fresh_database_is_migrated_with_the_storage_pragmas() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("sub/dir/m.db"), "admin").unwrap();
    assert_eq!(pragma_i64(&store, "user_version"), schema::latest_version());
    let mode: String = store
        .conn()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(pragma_i64(&store, "synchronous"), 2, "FULL");
    assert_eq!(pragma_i64(&store, "foreign_keys"), 1);
    assert_eq!(pragma_i64(&store, "busy_timeout"), 5000);
    // Statement journals (register pages) never go to the temp folder.
    assert_eq!(pragma_i64(&store, "temp_store"), 2, "MEMORY");
    let objects = schema_sql(&store);
    for want in [
        "table households",
        "table persons",
        "table requests",
        "table audit_log",
        "trigger audit_log_no_update",
        "trigger audit_log_no_delete",
    ] {
        assert!(objects.iter().any(|o| o == want), "missing {want}");
    }
    assert_eq!(
        store.actor().role,
        Some(minqing::domain::request::Role::Admin),
        "first user bootstraps as admin"
    );
    assert_eq!(store.integrity_check().unwrap(), ["ok"]);
}

#[test]
fn reopening_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    let first = Store::open(&path, "admin").unwrap();
    let (objects, audit) = (schema_sql(&first), count(&first, "SELECT count(*) FROM audit_log"));
    drop(first);
    let again = Store::open(&path, "admin").unwrap();
    assert_eq!(schema_sql(&again), objects);
    assert_eq!(pragma_i64(&again, "user_version"), schema::latest_version());
    assert_eq!(count(&again, "SELECT count(*) FROM audit_log"), audit);
    assert_eq!(count(&again, "SELECT count(*) FROM users"), 1);
    assert!(matches!(
        Store::open(&path, "stranger"),
        Err(StoreError::UnknownUser(_))
    ));
}

#[test]
fn database_from_a_newer_program_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    drop(Store::open(&path, "admin").unwrap());
    let newer = schema::latest_version() + 1;
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", newer)
        .unwrap();
    match Store::open(&path, "admin") {
        Err(StoreError::NewerSchema { found, supported }) => {
            assert_eq!((found, supported), (newer, schema::latest_version()));
        }
        other => panic!("expected NewerSchema, got {:?}", other.err()),
    }
    assert!(matches!(open_connection(&path), Err(StoreError::NewerSchema { .. })));
    let found: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(found, newer);
}

#[test]
fn concurrent_first_opens_migrate_once_and_make_one_admin() {
    // Threads with their own connections lock the file like processes do;
    // the barrier makes them race on the empty file.
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let path = Arc::new(dir.path().join("race.db"));
        let start = Arc::new(Barrier::new(4));
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let (path, start) = (path.clone(), start.clone());
                std::thread::spawn(move || {
                    start.wait();
                    Store::open(&path, "clerk").map(|s| s.actor().role)
                })
            })
            .collect();
        for h in handles {
            let role = h.join().unwrap();
            assert_eq!(
                role.unwrap(),
                Some(minqing::domain::request::Role::Admin),
                "round {round}"
            );
        }
        let store = Store::open(&path, "clerk").unwrap();
        assert_eq!(count(&store, "SELECT count(*) FROM users"), 1);
        assert_eq!(
            count(&store, "SELECT count(*) FROM categories"),
            13,
            "seed rows inserted exactly once"
        );
    }
}

#[test]
fn database_and_sidecars_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    let mut store = Store::open(&path, "admin").unwrap();
    store
        .write(|tx, _| {
            tx.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')", [])?;
            Ok(())
        })
        .unwrap();
    // The connection is open, so -wal and -shm exist now.
    for p in [path.clone(), sidecar(&path, "-wal"), sidecar(&path, "-shm")] {
        assert_eq!(mode_of(&p), 0o600, "{}", p.display());
    }
}

#[test]
fn loose_permissions_on_an_existing_database_are_tightened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    drop(Store::open(&path, "admin").unwrap());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let _store = Store::open(&path, "admin").unwrap();
    assert_eq!(mode_of(&path), 0o600);
    assert_eq!(mode_of(&sidecar(&path, "-wal")), 0o600);
}

#[test]
fn audit_log_refuses_update_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("m.db"), "admin").unwrap();
    let before = count(&store, "SELECT count(*) FROM audit_log");
    assert!(before >= 1, "bootstrap is audited");
    for sql in ["UPDATE audit_log SET user = 'someone else'", "DELETE FROM audit_log"] {
        let err = store.write(|tx, _| Ok(tx.execute(sql, [])?)).expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
        // Also outside Store::write, on the raw connection.
        assert!(store.conn().execute(sql, []).is_err(), "{sql}");
    }
    assert_eq!(count(&store, "SELECT count(*) FROM audit_log"), before);
    let user: String = store
        .conn()
        .query_row("SELECT user FROM audit_log ORDER BY id LIMIT 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(user, "admin");
}

#[test]
fn local_directories_pass_the_network_share_check() {
    // Refusal itself is unit-tested on a synthetic /proc/mounts in open.rs;
    // here the real mount table must accept a local temp dir, even when the
    // database's directories do not exist yet.
    let dir = tempfile::tempdir().unwrap();
    check_not_network_share(&dir.path().join("m.db")).unwrap();
    check_not_network_share(&dir.path().join("not/yet/there/m.db")).unwrap();
}
