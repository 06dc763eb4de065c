//! Incremental refresh (README "Performance"): after any sequence of other
//! clerks' commits, the snapshot and the search index patched from the
//! change log equal a full load of the database.

use minqing::app::loader::patch_index;
use minqing::app::snapshot::{Figures, Snapshot};
use minqing::search::{DEFAULT_LIMIT, Index, search};
use minqing::store::changes::{self, Pending};
use minqing::store::scope::SessionScope;
use minqing::store::{Store, lookup, open_connection};
use proptest::prelude::*;
use rusqlite::Connection;

fn day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
}

/// Two villages, two grids, a few households with members, a request.
fn township(conn: &Connection) {
    conn.execute_batch(
        "INSERT INTO villages (id, name) VALUES (1, '青山村'), (2, '白沙社区');
         INSERT INTO village_groups (id, village_id, number, name) VALUES (1, 1, 3, '3组'), (2, 2, 1, '1组');
         INSERT INTO cadres (id, name, phone) VALUES (1, '李四', '13900000001'), (2, '周八', '13900000002');
         INSERT INTO grids (id, village_id, name, cadre_id) VALUES (1, 1, '第一网格', 1), (2, 2, '第二网格', 2);
         INSERT INTO households (id, village_id, group_id, grid_id, house_no, address, phone)
             VALUES (1, 1, 1, 1, '12', '青山村12号', '0571-1234'), (2, 2, 2, 2, '5', '', NULL),
                    (3, 1, NULL, 1, '7', '青山村7号', NULL);
         INSERT INTO persons (id, household_id, name, relation, phone, resident_id)
             VALUES (1, 1, '张三', '户主', '13800138000', '330601199001011234'),
                    (2, 1, '王秀英', '配偶', '13800138001', NULL),
                    (3, 2, '刘洋', '户主', NULL, NULL);
         INSERT INTO requests (received_at, channel, title, household_id, status, due_at)
             VALUES ('2026-06-01', 'visit', '路灯坏了', 1, 'received', '2026-06-10');",
    )
    .expect("seed");
}

/// One commit by another clerk.
#[derive(Debug, Clone)]
enum Commit {
    Rename { person: i64, name: usize },
    Phone { person: i64, digits: u32 },
    AddPerson { household: i64, name: usize, head: bool },
    DeletePerson { person: i64 },
    MovePerson { person: i64, household: i64 },
    AddHousehold { village: i64 },
    DeleteHousehold { household: i64 },
    Address { household: i64, n: u32 },
    NewRequest { household: i64 },
    Status { request: i64, closed: bool },
    Setting { months: u32 },
}

const NAMES: &[&str] = &["赵六", "孙七", "陈建国", "张三丰", "李小红", "欧阳明"];

fn commit() -> impl Strategy<Value = Commit> {
    let person = 1..12i64;
    let household = 1..8i64;
    prop_oneof![
        (person.clone(), 0..NAMES.len()).prop_map(|(person, name)| Commit::Rename { person, name }),
        (person.clone(), any::<u32>()).prop_map(|(person, digits)| Commit::Phone { person, digits }),
        (household.clone(), 0..NAMES.len(), any::<bool>()).prop_map(|(household, name, head)| Commit::AddPerson {
            household,
            name,
            head
        }),
        person.clone().prop_map(|person| Commit::DeletePerson { person }),
        (person, household.clone()).prop_map(|(person, household)| Commit::MovePerson { person, household }),
        (1..3i64).prop_map(|village| Commit::AddHousehold { village }),
        household
            .clone()
            .prop_map(|household| Commit::DeleteHousehold { household }),
        (household.clone(), 0..400u32).prop_map(|(household, n)| Commit::Address { household, n }),
        household.prop_map(|household| Commit::NewRequest { household }),
        (1..4i64, any::<bool>()).prop_map(|(request, closed)| Commit::Status { request, closed }),
        (1..30u32).prop_map(|months| Commit::Setting { months }),
    ]
}

/// Applies a commit; commits that name a missing row change nothing.
fn apply(conn: &Connection, c: &Commit) {
    let r = match c {
        Commit::Rename { person, name } => {
            conn.execute("UPDATE persons SET name = ?2 WHERE id = ?1", (person, NAMES[*name]))
        }
        Commit::Phone { person, digits } => conn.execute(
            "UPDATE persons SET phone = ?2 WHERE id = ?1",
            (person, format!("139{digits:08}")),
        ),
        Commit::AddPerson { household, name, head } => conn.execute(
            "INSERT INTO persons (household_id, name, relation) SELECT id, ?2, ?3 FROM households WHERE id = ?1",
            (household, NAMES[*name], if *head { "户主" } else { "子" }),
        ),
        Commit::DeletePerson { person } => conn.execute("DELETE FROM persons WHERE id = ?1", [person]),
        Commit::MovePerson { person, household } => conn.execute(
            "UPDATE persons SET household_id = ?2 WHERE id = ?1 AND EXISTS (SELECT 1 FROM households WHERE id = ?2)",
            (person, household),
        ),
        Commit::AddHousehold { village } => conn.execute(
            "INSERT INTO households (village_id, grid_id, house_no, address) VALUES (?1, ?1, '9', '')",
            [village],
        ),
        Commit::DeleteHousehold { household } => conn
            .execute_batch(&format!(
                "DELETE FROM persons WHERE household_id = {household};
             DELETE FROM households WHERE id = {household}
                 AND NOT EXISTS (SELECT 1 FROM requests WHERE household_id = {household});"
            ))
            .map(|_| 0),
        Commit::Address { household, n } => conn.execute(
            "UPDATE households SET address = ?2 WHERE id = ?1",
            (household, format!("青山村{n}号")),
        ),
        Commit::NewRequest { household } => conn.execute(
            "INSERT INTO requests (received_at, channel, title, household_id, status, due_at)
             SELECT '2026-06-02', 'hotline', '漏水', id, 'received', '2026-06-12' FROM households WHERE id = ?1",
            [household],
        ),
        Commit::Status { request, closed } => conn.execute(
            "UPDATE requests SET status = ?2 WHERE id = ?1",
            (request, if *closed { "closed" } else { "in_progress" }),
        ),
        Commit::Setting { months } => conn.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('stale_after_months', ?1)",
            [months.to_string()],
        ),
    };
    r.expect("commit");
}

fn entries(index: &Index) -> Vec<minqing::search::Entry> {
    index.entries()
}

const QUERIES: &[&str] = &["zs", "张", "青山", "139", "3组", "wxy", "12号", "lx"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn patched_state_and_index_equal_a_full_load(
        batches in prop::collection::vec(prop::collection::vec(commit(), 1..5), 1..8)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("office.db");
        drop(Store::open(&path, "clerk").unwrap());
        let writer = open_connection(&path).unwrap();
        township(&writer);
        let reader = open_connection(&path).unwrap();

        let mut seq = changes::position(&reader).unwrap();
        let mut snap = Snapshot::load(&reader, day()).unwrap();
        let mut membership = snap.membership();
        let mut index = lookup::load_index(&reader).unwrap();

        for batch in &batches {
            // One batch = one commit (several rows in one transaction).
            writer.execute_batch("BEGIN").unwrap();
            for c in batch {
                apply(&writer, c);
            }
            writer.execute_batch("COMMIT").unwrap();

            let Pending::Changes(set) = changes::since(&reader, seq).unwrap() else {
                panic!("a short log reaches back to our position");
            };
            seq = set.upto;
            let patch = Snapshot::patch(&reader, day(), &set, &mut membership, &SessionScope::All).unwrap();
            patch_index(&mut index, &patch);
            snap.apply(patch);
        }

        // The figures are recomputed on demand: do it as the pane would.
        if snap.figures_stale {
            snap.apply_figures(Figures::load(&reader, day(), &SessionScope::All).unwrap());
        }
        let full = Snapshot::load(&reader, day()).unwrap();
        prop_assert_eq!(&snap, &full);
        prop_assert_eq!(membership, full.membership());

        let rebuilt = lookup::load_index(&reader).unwrap();
        prop_assert_eq!(entries(&index), entries(&rebuilt));
        for q in QUERIES {
            prop_assert_eq!(search(&index, q, DEFAULT_LIMIT), search(&rebuilt, q, DEFAULT_LIMIT), "query {}", q);
        }
    }
}

/// A phone changed by another clerk is found under the new number, not the
/// old one, in the patched index.
#[test]
fn a_changed_phone_is_found_by_its_new_number() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.db");
    drop(Store::open(&path, "clerk").unwrap());
    let writer = open_connection(&path).unwrap();
    township(&writer);
    let reader = open_connection(&path).unwrap();
    let seq = changes::position(&reader).unwrap();
    let snap = Snapshot::load(&reader, day()).unwrap();
    let mut membership = snap.membership();
    let mut index = lookup::load_index(&reader).unwrap();
    let rows_before = index.len();

    writer
        .execute("UPDATE persons SET phone = '13711112222' WHERE id = 1", [])
        .unwrap();
    let Pending::Changes(set) = changes::since(&reader, seq).unwrap() else {
        panic!("reaches back")
    };
    let patch = Snapshot::patch(&reader, day(), &set, &mut membership, &SessionScope::All).unwrap();
    assert_eq!(patch.entries.len(), 1, "only the one household is read again");
    assert!(patch.work.is_none() && patch.places.is_none(), "{patch:?}");
    patch_index(&mut index, &patch);
    assert_eq!(index.len(), rows_before);
    let hits = search(&index, "13711112222", DEFAULT_LIMIT);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].person_id, Some(1));
    assert!(search(&index, "13800138000", DEFAULT_LIMIT).is_empty());
}
