//! The counts a foreign request change re-reads (README "Performance") are
//! read more cheaply than by listing: they must still equal the lists.

mod common;

use minqing::app::snapshot::Snapshot;

#[test]
fn grid_open_requests_and_callbacks_due_equal_what_the_lists_count() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path(), 300);
    let conn = minqing::store::open_connection(&db).unwrap();
    // Some resolved requests, and an open one of an outside caller (no
    // household: no grid of the register counts it).
    conn.execute_batch(
        "UPDATE requests SET status = 'resolved' WHERE id IN (SELECT id FROM requests ORDER BY id LIMIT 3);
         UPDATE requests SET status = 'received', household_id = NULL, person_id = NULL,
                caller_name = '外来人' WHERE id = (SELECT max(id) FROM requests);",
    )
    .unwrap();
    let grids = minqing::store::grids::list_grids(&conn, &minqing::store::scope::SessionScope::All).unwrap();
    assert!(grids.iter().any(|g| g.open_requests > 0));
    for g in &grids {
        let listed: i64 = conn
            .query_row(
                "SELECT count(*) FROM households h JOIN requests r ON r.household_id = h.id
                 WHERE h.grid_id = ?1 AND r.status IN ('received','assigned','in_progress','escalated')",
                [g.id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(g.open_requests, listed, "grid {}", g.name);
    }
    let snap = Snapshot::load(&conn, common::today()).unwrap();
    let due =
        minqing::store::request_query::callbacks_due(&conn, common::today(), &minqing::store::scope::SessionScope::All)
            .unwrap();
    assert!(due.len() >= 3);
    assert_eq!(snap.callbacks_due, due.len());
}
