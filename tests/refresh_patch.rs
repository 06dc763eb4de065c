//! Incremental refresh (README "Performance"): after any sequence of other
//! clerks' commits, the snapshot and the search index patched from the
//! change log equal a full load of the database.

use minqing::app::loader::patch_index;
use minqing::app::snapshot::{Figures, Snapshot};
use minqing::app::tally::Tally;
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
             VALUES ('2026-06-01', 'visit', '路灯坏了', 1, 'received', '2026-06-10');
         INSERT INTO topics (id, title, created_at) VALUES (1, '路灯', '2026-06-02');
         INSERT INTO topic_requests (topic_id, request_id, added_at) VALUES (1, 1, '2026-06-02');
         INSERT INTO visits (cadre_id, household_id, kind, visited_on) VALUES (1, 1, 'household', '2026-03-01'),
             (1, 3, 'household', '2025-12-30'), (2, 2, 'pairing', '2026-05-05');",
    )
    .expect("seed");
}

/// One commit by another clerk.
#[derive(Debug, Clone)]
enum Commit {
    Rename {
        person: i64,
        name: usize,
    },
    Phone {
        person: i64,
        digits: u32,
    },
    AddPerson {
        household: i64,
        name: usize,
        head: bool,
    },
    DeletePerson {
        person: i64,
    },
    MovePerson {
        person: i64,
        household: i64,
    },
    AddHousehold {
        village: i64,
    },
    DeleteHousehold {
        household: i64,
    },
    Address {
        household: i64,
        n: u32,
    },
    NewRequest {
        household: i64,
    },
    Status {
        request: i64,
        closed: bool,
    },
    Setting {
        months: u32,
    },
    Resolve {
        request: i64,
    },
    Assign {
        request: i64,
        cadre: Option<i64>,
    },
    Due {
        request: i64,
        overdue: bool,
    },
    MoveHousehold {
        household: i64,
        grid: i64,
    },
    Visit {
        household: i64,
        this_year: bool,
        kind: usize,
    },
    DeleteVisit {
        visit: i64,
    },
    VisitDay {
        visit: i64,
        this_year: bool,
    },
    JoinTopic {
        request: i64,
    },
    Callback {
        request: i64,
    },
}

const VISIT_KINDS: &[&str] = &["household", "pairing", "overnight"];

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
        (1..6i64).prop_map(|request| Commit::Resolve { request }),
        (1..6i64, prop::option::of(1..3i64)).prop_map(|(request, cadre)| Commit::Assign { request, cadre }),
        (1..6i64, any::<bool>()).prop_map(|(request, overdue)| Commit::Due { request, overdue }),
        (1..8i64, 1..3i64).prop_map(|(household, grid)| Commit::MoveHousehold { household, grid }),
        (1..8i64, any::<bool>(), 0..VISIT_KINDS.len()).prop_map(|(household, this_year, kind)| Commit::Visit {
            household,
            this_year,
            kind
        }),
        (1..8i64).prop_map(|visit| Commit::DeleteVisit { visit }),
        (1..8i64, any::<bool>()).prop_map(|(visit, this_year)| Commit::VisitDay { visit, this_year }),
        (1..6i64).prop_map(|request| Commit::JoinTopic { request }),
        (1..6i64).prop_map(|request| Commit::Callback { request }),
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
                 AND NOT EXISTS (SELECT 1 FROM requests WHERE household_id = {household})
                 AND NOT EXISTS (SELECT 1 FROM visits WHERE household_id = {household});"
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
        Commit::Resolve { request } => conn.execute("UPDATE requests SET status = 'resolved' WHERE id = ?1", [request]),
        Commit::Assign { request, cadre } => conn.execute(
            "UPDATE requests SET assignee_id = ?2, status = CASE status WHEN 'received' THEN 'assigned' ELSE status END
             WHERE id = ?1",
            (request, cadre),
        ),
        Commit::Due { request, overdue } => conn.execute(
            "UPDATE requests SET due_at = ?2 WHERE id = ?1",
            (request, if *overdue { "2026-06-01" } else { "2026-07-01" }),
        ),
        Commit::MoveHousehold { household, grid } => {
            conn.execute("UPDATE households SET grid_id = ?2 WHERE id = ?1", (household, grid))
        }
        Commit::Visit {
            household,
            this_year,
            kind,
        } => conn.execute(
            "INSERT INTO visits (cadre_id, household_id, kind, visited_on)
             SELECT 1, id, ?2, ?3 FROM households WHERE id = ?1",
            (
                household,
                VISIT_KINDS[*kind],
                if *this_year { "2026-04-01" } else { "2025-11-01" },
            ),
        ),
        Commit::DeleteVisit { visit } => conn.execute("DELETE FROM visits WHERE id = ?1", [visit]),
        Commit::VisitDay { visit, this_year } => conn.execute(
            "UPDATE visits SET visited_on = ?2 WHERE id = ?1",
            (visit, if *this_year { "2026-02-02" } else { "2024-02-02" }),
        ),
        Commit::JoinTopic { request } => conn.execute(
            "INSERT OR IGNORE INTO topic_requests (topic_id, request_id, added_at)
             SELECT 1, id, '2026-06-03' FROM requests WHERE id = ?1",
            [request],
        ),
        Commit::Callback { request } => conn.execute(
            "INSERT INTO callbacks (request_id, satisfaction, called_on)
             SELECT id, 'unsatisfied', '2026-06-05' FROM requests WHERE id = ?1",
            [request],
        ),
    };
    r.expect("commit");
}

fn entries(index: &Index) -> Vec<minqing::search::Entry> {
    index.entries()
}

const QUERIES: &[&str] = &["zs", "张", "青山", "139", "3组", "wxy", "12号", "lx"];

/// The cadre account of 李四 (cadre 1): grid 1 and the requests assigned
/// to cadre 1.
fn cadre_scope() -> SessionScope {
    SessionScope::OwnGrids {
        cadre_id: Some(1),
        grid_ids: [1].into(),
    }
}

fn load(conn: &Connection, scope: &SessionScope) -> Snapshot {
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Deferred).unwrap();
    let snap = Snapshot::load_in(&tx, day(), scope).unwrap();
    tx.finish().unwrap();
    snap
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn patched_state_and_index_equal_a_full_load(
        batches in prop::collection::vec(prop::collection::vec(commit(), 1..5), 1..8),
        scoped in any::<bool>(),
    ) {
        let scope = if scoped { cadre_scope() } else { SessionScope::All };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("office.db");
        drop(Store::open(&path, "clerk").unwrap());
        let writer = open_connection(&path).unwrap();
        township(&writer);
        let reader = open_connection(&path).unwrap();

        let mut seq = changes::position(&reader).unwrap();
        let mut snap = load(&reader, &scope);
        let mut tally = Tally::load(&reader, day(), &snap).unwrap();
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
            let patch = Snapshot::patch(&reader, day(), &set, &mut tally, &scope).unwrap();
            patch_index(&mut index, &patch);
            snap.apply(patch);
            // Every patch leaves the counts, lists and tally as a full load.
            let mut now = load(&reader, &scope);
            now.suggestions = snap.suggestions.clone();
            now.assessment = snap.assessment.clone();
            now.figures_stale = snap.figures_stale;
            prop_assert_eq!(&snap, &now);
        }

        // The figures are recomputed on demand: do it as the pane would.
        if snap.figures_stale {
            snap.apply_figures(Figures::load(&reader, day(), &scope).unwrap());
        }
        let full = load(&reader, &scope);
        prop_assert_eq!(&snap, &full);
        prop_assert_eq!(tally, Tally::load(&reader, day(), &full).unwrap());

        let rebuilt = lookup::load_index(&reader).unwrap();
        prop_assert_eq!(entries(&index), entries(&rebuilt));
        for q in QUERIES {
            prop_assert_eq!(search(&index, q, DEFAULT_LIMIT), search(&rebuilt, q, DEFAULT_LIMIT), "query {}", q);
        }
    }
}

/// The demo township written by one connection and read by another, with
/// the reader's position, snapshot and tally before the next commit.
struct Office {
    writer: rusqlite::Connection,
    reader: rusqlite::Connection,
    seq: i64,
    snap: Snapshot,
    tally: Tally,
}

fn office(dir: &std::path::Path) -> Office {
    let path = dir.join("office.db");
    drop(Store::open(&path, "clerk").unwrap());
    let writer = open_connection(&path).unwrap();
    township(&writer);
    let reader = open_connection(&path).unwrap();
    let seq = changes::position(&reader).unwrap();
    let snap = Snapshot::load(&reader, day()).unwrap();
    let tally = Tally::load(&reader, day(), &snap).unwrap();
    Office {
        writer,
        reader,
        seq,
        snap,
        tally,
    }
}

/// The patch of everything committed after `seq`, for every part.
fn patch_since(reader: &rusqlite::Connection, seq: i64, tally: &mut Tally) -> minqing::app::snapshot::Patch {
    let Pending::Changes(set) = changes::since(reader, seq).unwrap() else {
        panic!("reaches back")
    };
    Snapshot::patch(reader, day(), &set, tally, &SessionScope::All).unwrap()
}

/// A phone changed by another clerk is found under the new number, not the
/// old one, in the patched index.
#[test]
fn a_changed_phone_is_found_by_its_new_number() {
    let dir = tempfile::tempdir().unwrap();
    let Office {
        writer,
        reader,
        seq,
        mut tally,
        ..
    } = office(dir.path());
    let mut index = lookup::load_index(&reader).unwrap();
    let rows_before = index.len();

    writer
        .execute("UPDATE persons SET phone = '13711112222' WHERE id = 1", [])
        .unwrap();
    let patch = patch_since(&reader, seq, &mut tally);
    assert_eq!(patch.entries.len(), 1, "only the one household is read again");
    assert!(
        patch.work.is_none() && patch.places.is_none() && patch.setup.is_none(),
        "{patch:?}"
    );
    patch_index(&mut index, &patch);
    assert_eq!(index.len(), rows_before);
    let hits = search(&index, "13711112222", DEFAULT_LIMIT);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].person_id, Some(1));
    assert!(search(&index, "13800138000", DEFAULT_LIMIT).is_empty());
}

/// A new request by another clerk adjusts the counts from the one row
/// (README "Performance"): the meetings, topics, decisions and set-up
/// lists are not read again, and the grid's open count goes up by one.
#[test]
fn a_new_request_adjusts_counts_without_rereading_the_lists() {
    let dir = tempfile::tempdir().unwrap();
    let Office {
        writer,
        reader,
        seq,
        snap,
        mut tally,
    } = office(dir.path());
    let open_before = snap.grids.iter().find(|g| g.id == 2).unwrap().open_requests;

    writer
        .execute(
            "INSERT INTO requests (received_at, channel, title, household_id, status, due_at, assignee_id)
             VALUES ('2026-06-14', 'hotline', '漏水', 2, 'assigned', '2026-06-01', 2)",
            [],
        )
        .unwrap();
    let patch = patch_since(&reader, seq, &mut tally);
    let work = patch.work.as_ref().expect("the counts of requests");
    assert!(
        work.meetings.is_none() && work.topics.is_none() && work.decisions.is_none(),
        "{work:?}"
    );
    assert!(patch.setup.is_none() && patch.settings.is_none());
    assert_eq!(work.overdue, snap.overdue + 1);
    let (grids, cadres) = patch.places.as_ref().expect("the open counts");
    assert_eq!(grids.iter().find(|g| g.id == 2).unwrap().open_requests, open_before + 1);
    let cadre = cadres.iter().find(|c| c.id == 2).unwrap();
    assert_eq!((cadre.open_requests, cadre.overdue_requests), (1, 1));
    let mut patched = snap.clone();
    patched.apply(patch);
    assert!(patched.figures_stale, "the assessment counts requests");
    patched.apply_figures(Figures::load(&reader, day(), &SessionScope::All).unwrap());
    assert_eq!(patched, Snapshot::load(&reader, day()).unwrap());
}
