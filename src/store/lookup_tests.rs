//! The index read in two halves on two threads equals the index read on
//! one (the build before the split) and the index built from owned
//! entries: same rows in the same order, same ranking.

use super::*;
use crate::search::{Searcher, search};
use std::path::{Path, PathBuf};

/// A demo register with the odd cases a split meets: a member added to
/// the first household after everyone else (its row id is the highest),
/// a household whose members all left, one created without members.
fn register() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut conn = crate::store::open_connection(&path).unwrap();
    let opts = crate::demo::DemoOptions {
        households: 400,
        seed: 15,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
    };
    crate::demo::generate(&mut conn, &opts).unwrap();
    conn.execute_batch(
        "INSERT INTO persons (household_id, name, relation, phone)
             SELECT min(id), '张三丰', '子', '13800001385' FROM households;
         DELETE FROM persons WHERE household_id = (SELECT id FROM households ORDER BY id LIMIT 1 OFFSET 7);
         INSERT INTO households (grid_id, village_id, group_id, house_no, address)
             SELECT grid_id, village_id, group_id, '999', '' FROM households ORDER BY id LIMIT 1;",
    )
    .unwrap();
    (dir, path)
}

fn whole(conn: &Connection) -> Index {
    let mut b = load_part(conn, i64::MIN, i64::MAX, 0).unwrap();
    b.add_personless_households();
    b.finish()
}

fn halves(conn: &Connection, path: &Path, mid: i64) -> Index {
    let mut b = load_halves(conn, path, mid, 100).unwrap();
    b.add_personless_households();
    b.finish()
}

const QUERIES: &[&str] = &[
    "王", "zs", "zhangsf", "138", "1385", "0", "3组", "村", "wxm 13", "x", "12号",
];

fn ranking(index: &Index, masked: bool) -> Vec<Vec<crate::search::Hit>> {
    let mut s = Searcher::new();
    s.set_masked(masked);
    QUERIES.iter().map(|q| s.search(index, q, 50)).collect()
}

#[test]
fn index_read_in_two_halves_equals_the_index_read_at_once() {
    let (_dir, path) = register();
    let conn = crate::store::open_connection(&path).unwrap();
    let expected = whole(&conn);
    let entries = expected.entries();
    assert!(entries.len() > 800, "{}", entries.len());
    assert!(entries.iter().any(|e| e.person_id.is_none()), "a person-less household");
    // The same rows as a build from owned entries (the plain builder).
    assert_eq!(Index::build(entries.clone()).entries(), entries);
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM households ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let last = ids[ids.len() - 1];
    for mid in [ids[0], ids[1], ids[8], ids[ids.len() / 2], last, last + 1] {
        let split = halves(&conn, &path, mid);
        assert_eq!(split.entries(), entries, "split at household {mid}");
        for masked in [false, true] {
            assert_eq!(ranking(&split, masked), ranking(&expected, masked), "split at {mid}");
        }
    }
    assert!(!search(&expected, "zhangsanfeng", 50).is_empty());
}

#[test]
fn patching_an_index_read_in_halves_gives_the_rows_of_a_fresh_read() {
    let (_dir, path) = register();
    let conn = crate::store::open_connection(&path).unwrap();
    let mid: i64 = conn
        .query_row("SELECT id FROM households ORDER BY id LIMIT 1 OFFSET 200", [], |r| {
            r.get(0)
        })
        .unwrap();
    let mut split = halves(&conn, &path, mid);
    // A member of the upper half moves to the lower half.
    let (person, from): (i64, i64) = conn
        .query_row(
            "SELECT id, household_id FROM persons WHERE household_id > ?1 ORDER BY id LIMIT 1",
            [mid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let to: i64 = conn
        .query_row("SELECT min(id) FROM households", [], |r| r.get(0))
        .unwrap();
    conn.execute(
        "UPDATE persons SET household_id = ?1, phone = '13912345678' WHERE id = ?2",
        [to, person],
    )
    .unwrap();
    for (id, rows) in household_entries(&conn, &[from, to]).unwrap() {
        split.patch_household(id, &rows);
    }
    assert_eq!(split.entries(), whole(&conn).entries());
}
