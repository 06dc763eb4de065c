//! The triage filters by place and by a word of the text use indexes
//! (migration 014, README "Performance"); they list exactly the requests
//! the plain conditions list: the household's village or grid (the
//! caller's own for an outside caller), and a word found in the title, the
//! content or the resident's name (LIKE, ASCII case folded), also after
//! titles are edited, residents renamed and for texts longer than the
//! bigram positions.

mod common;
use common::{clerk_query_context as ctx, today};
use minqing::model::requests::{RequestFilter, RequestSort, TableQuery};
use minqing::store::request_pages;
use minqing::store::request_query::list_requests;
use rusqlite::Connection;

fn township(dir: &std::path::Path) -> Connection {
    let path = dir.join("filters.db");
    let mut conn = minqing::store::open_connection(&path).expect("open");
    let opts = minqing::demo::DemoOptions {
        households: 150,
        seed: 5,
        today: today(),
    };
    minqing::demo::generate_with_requests(&mut conn, &opts, 600).expect("generate");
    // Outside callers with their own place, edits after the index was
    // written, a renamed resident, a long letter with the word at its end.
    conn.execute_batch(&format!(
        "INSERT INTO requests (received_at, channel, title, content, caller_name, caller_village_id, caller_grid_id)
             VALUES ('2026-06-01', 'hotline', '桥面裂缝ABC', '', '欧阳过客', 2, 3),
                    ('2026-06-02', 'hotline', 'x', '', '路人', 1, 1);
         UPDATE requests SET title = '新修改的标题Road' WHERE id = 3;
         UPDATE persons SET name = '改名测试' WHERE id = (SELECT person_id FROM requests WHERE person_id IS NOT NULL LIMIT 1);
         UPDATE requests SET person_id = NULL WHERE id = 11;
         UPDATE persons SET name = '换户主名' WHERE id = (
             SELECT m.id FROM requests r JOIN persons m ON m.household_id = r.household_id
             WHERE r.id = 11 ORDER BY m.relation = '户主' DESC, m.id LIMIT 1);
         UPDATE requests SET content = '{}' || '长信末尾词' WHERE id = 7;
         DELETE FROM request_events WHERE request_id = 9;
         DELETE FROM topic_requests WHERE request_id = 9;
         DELETE FROM callbacks WHERE request_id = 9;
         DELETE FROM visits WHERE request_id = 9;
         UPDATE requests SET duplicate_of = NULL WHERE duplicate_of = 9;
         DELETE FROM requests WHERE id = 9;",
        "很长的来信内容".repeat(900)
    ))
    .expect("edits");
    conn
}

/// The ids the plain condition lists, by the sort Due.
fn reference(conn: &Connection, condition: &str, value: &dyn rusqlite::ToSql) -> Vec<i64> {
    let sql = format!(
        "SELECT r.id FROM requests r LEFT JOIN households h ON h.id = r.household_id
         LEFT JOIN persons p ON p.id = r.person_id WHERE {condition}
         ORDER BY r.due_at IS NULL, r.due_at, r.received_at, r.id"
    );
    let mut stmt = conn.prepare(&sql).unwrap();
    stmt.query_map([value], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn listed(conn: &Connection, filter: &RequestFilter) -> Vec<i64> {
    let rows = list_requests(conn, filter, RequestSort::Due, &ctx()).unwrap();
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    // The paged table (count and pages) lists the same.
    let query = TableQuery::View {
        filter: Box::new(filter.clone()),
        sort: RequestSort::Due,
    };
    assert_eq!(request_pages::count(conn, &query, &ctx()).unwrap(), ids.len());
    let paged: Vec<i64> = request_pages::all(conn, &query, &ctx())
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(paged, ids);
    ids
}

#[test]
fn place_filters_list_what_the_household_or_caller_place_says() {
    let dir = tempfile::tempdir().unwrap();
    let conn = township(dir.path());
    for village in 1..=3i64 {
        let filter = RequestFilter {
            village_ids: vec![village],
            ..Default::default()
        };
        let want = reference(&conn, "coalesce(h.village_id, r.caller_village_id) = ?1", &village);
        assert!(!want.is_empty());
        assert_eq!(listed(&conn, &filter), want, "village {village}");
    }
    for grid in [1i64, 3] {
        let filter = RequestFilter {
            grid_ids: vec![grid],
            ..Default::default()
        };
        let want = reference(&conn, "coalesce(h.grid_id, r.caller_grid_id) = ?1", &grid);
        assert_eq!(listed(&conn, &filter), want, "grid {grid}");
    }
}

#[test]
fn text_filter_lists_every_request_whose_title_content_or_resident_holds_the_word() {
    let dir = tempfile::tempdir().unwrap();
    let conn = township(dir.path());
    let some_title: String = conn
        .query_row("SELECT title FROM requests WHERE id = 20", [], |r| r.get(0))
        .unwrap();
    let two: String = some_title.chars().take(2).collect();
    let three: String = some_title.chars().skip(1).take(3).collect();
    let one: String = some_title.chars().take(1).collect();
    let needles = [
        two.as_str(),
        three.as_str(),
        one.as_str(),
        "改名测试",
        "换户主名",
        "欧阳过客",
        "road",
        "abc",
        "长信末尾词",
        "裂缝A",
        "不存在的词",
        "50%",
        "a_b",
    ];
    for needle in needles {
        let filter = RequestFilter {
            text: needle.to_string(),
            ..Default::default()
        };
        let pattern = format!(
            "%{}%",
            needle.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
        );
        let want = reference(
            &conn,
            "(r.title LIKE ?1 ESCAPE '\\' OR r.content LIKE ?1 ESCAPE '\\' OR ifnull(coalesce(p.name,
                (SELECT m.name FROM persons m WHERE m.household_id = r.household_id
                 ORDER BY m.relation = '户主' DESC, m.id LIMIT 1), r.caller_name), '') LIKE ?1 ESCAPE '\\')",
            &pattern,
        );
        assert_eq!(listed(&conn, &filter), want, "needle {needle}");
        if ["改名测试", "换户主名", "欧阳过客", "road", "长信末尾词"].contains(&needle) {
            assert!(!want.is_empty(), "{needle} is found");
        }
    }
    // Two words: each must be found.
    let filter = RequestFilter {
        text: format!("{two} 改名测试"),
        ..Default::default()
    };
    let both: Vec<i64> = listed(&conn, &filter);
    let first = listed(
        &conn,
        &RequestFilter {
            text: two.clone(),
            ..Default::default()
        },
    );
    assert!(both.iter().all(|id| first.contains(id)));
}
