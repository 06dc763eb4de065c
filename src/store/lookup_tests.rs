//! The index streamed from the database equals the index built from owned
//! entries, with and without patches: same rows in the same order, same
//! ranking.

use super::*;
use crate::search::{Searcher, search};
use std::path::PathBuf;

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
    load_index(conn).unwrap()
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
fn index_read_from_the_database_equals_a_build_from_owned_entries() {
    let (_dir, path) = register();
    let conn = crate::store::open_connection(&path).unwrap();
    let loaded = whole(&conn);
    let entries = loaded.entries();
    assert!(entries.len() > 800, "{}", entries.len());
    assert!(entries.iter().any(|e| e.person_id.is_none()), "a person-less household");
    let built = Index::build(entries.clone());
    assert_eq!(built.entries(), entries);
    for masked in [false, true] {
        assert_eq!(ranking(&loaded, masked), ranking(&built, masked));
    }
    assert!(!search(&loaded, "zhangsanfeng", 50).is_empty());
}

#[test]
fn patching_the_index_gives_the_rows_of_a_fresh_read() {
    let (_dir, path) = register();
    let conn = crate::store::open_connection(&path).unwrap();
    let mut index = whole(&conn);
    // A member of a later household moves to the first one.
    let to: i64 = conn
        .query_row("SELECT min(id) FROM households", [], |r| r.get(0))
        .unwrap();
    let (person, from): (i64, i64) = conn
        .query_row(
            "SELECT id, household_id FROM persons WHERE household_id > ?1 ORDER BY id LIMIT 1 OFFSET 300",
            [to],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    conn.execute(
        "UPDATE persons SET household_id = ?1, phone = '13912345678' WHERE id = ?2",
        [to, person],
    )
    .unwrap();
    for (id, rows) in household_entries(&conn, &[from, to]).unwrap() {
        index.patch_household(id, &rows);
    }
    assert_eq!(index.entries(), whole(&conn).entries());
}
