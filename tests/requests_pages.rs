//! The triage table a page at a time (issue 15, README "Performance"):
//! keyset pages equal an ORDER BY over the whole table for every sort, the
//! first and last pages, a row another clerk inserts, the selection kept
//! by request id across refreshes, and a superseded answer ignored.

mod common;
use common::{InProcess, Lang, clerk_query_context as ctx, today};
use crossterm::event::KeyCode;
use minqing::model::requests::{RequestFilter, RequestSort, Seek, TablePage, TableQuery};
use minqing::panes::PaneId;
use minqing::panes::requests::state::PAGE;
use minqing::panes::requests::update::{Fetch, RequestsMessage};
use minqing::store::request_pages;
use minqing::store::request_query::{callbacks_due, list_requests};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// A demo township with `requests` requests (more than a page).
fn township(dir: &Path, requests: usize) -> PathBuf {
    let path = dir.join("pages.db");
    let mut conn = minqing::store::open_connection(&path).expect("open");
    let opts = minqing::demo::DemoOptions {
        households: 200,
        seed: 11,
        today: today(),
    };
    minqing::demo::generate_with_requests(&mut conn, &opts, requests).expect("generate");
    path
}

fn ids(page: &TablePage) -> Vec<i64> {
    page.rows.iter().map(|r| r.id).collect()
}

/// Walks the whole table forwards by `After` and backwards by `Before`,
/// `limit` rows at a time, checking each page's position.
fn walk(conn: &Connection, query: &TableQuery, limit: usize) -> (Vec<i64>, Vec<i64>) {
    let ctx = ctx();
    let mut forward = Vec::new();
    let mut page = request_pages::page(conn, query, &ctx, Seek::First, limit).unwrap();
    loop {
        assert_eq!(page.start, forward.len(), "{query:?}");
        forward.extend(ids(&page));
        let Some(last) = page.rows.last() else { break };
        let seek = Seek::After {
            id: last.id,
            index: forward.len() - 1,
        };
        page = request_pages::page(conn, query, &ctx, seek, limit).unwrap();
    }
    let mut backward: Vec<i64> = Vec::new();
    let mut page = request_pages::page(conn, query, &ctx, Seek::Last, limit).unwrap();
    loop {
        assert_eq!(page.start + page.rows.len() + backward.len(), page.total, "{query:?}");
        let mut got = ids(&page);
        got.append(&mut backward);
        backward = got;
        let Some(first) = page.rows.first() else { break };
        let seek = Seek::Before {
            id: first.id,
            index: page.start,
        };
        page = request_pages::page(conn, query, &ctx, seek, limit).unwrap();
    }
    (forward, backward)
}

#[test]
fn pages_in_every_sort_equal_an_order_by_over_the_whole_table() {
    let dir = tempfile::tempdir().unwrap();
    let db = township(dir.path(), 500);
    let conn = minqing::store::open_connection(&db).unwrap();
    let open = RequestFilter {
        open_only: true,
        ..Default::default()
    };
    let village = RequestFilter {
        village_ids: vec![1],
        ..Default::default()
    };
    for filter in [RequestFilter::default(), open, village] {
        for sort in [
            RequestSort::Due,
            RequestSort::Age,
            RequestSort::Newest,
            RequestSort::Priority,
        ] {
            let whole: Vec<i64> = list_requests(&conn, &filter, sort, &ctx())
                .unwrap()
                .iter()
                .map(|r| r.id)
                .collect();
            assert!(whole.len() > 40, "enough rows for several pages");
            let query = TableQuery::View {
                filter: Box::new(filter.clone()),
                sort,
            };
            let (forward, backward) = walk(&conn, &query, 37);
            assert_eq!(forward, whole, "{sort:?} forwards");
            assert_eq!(backward, whole, "{sort:?} backwards");
            assert_eq!(request_pages::count(&conn, &query, &ctx()).unwrap(), whole.len());
        }
    }
    let due: Vec<i64> = callbacks_due(&conn, today(), &minqing::store::scope::SessionScope::All)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    let (forward, backward) = walk(&conn, &TableQuery::CallbacksDue, 7);
    assert_eq!(forward, due);
    assert_eq!(backward, due);
}

#[test]
fn first_and_last_page_and_a_row_inserted_by_another_clerk() {
    let dir = tempfile::tempdir().unwrap();
    let db = township(dir.path(), 300);
    let conn = minqing::store::open_connection(&db).unwrap();
    let query = TableQuery::View {
        filter: Box::default(),
        sort: RequestSort::Age,
    };
    let whole: Vec<i64> = list_requests(&conn, &RequestFilter::default(), RequestSort::Age, &ctx())
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    let first = request_pages::page(&conn, &query, &ctx(), Seek::First, 50).unwrap();
    assert_eq!((first.start, first.total), (0, whole.len()));
    assert_eq!(ids(&first), whole[..50]);
    let last = request_pages::page(&conn, &query, &ctx(), Seek::Last, 50).unwrap();
    assert_eq!(last.start, whole.len() - 50);
    assert_eq!(ids(&last), whole[whole.len() - 50..]);

    // Another clerk logs a request that sorts into the middle of the first page.
    let middle = &first.rows[25];
    let other = minqing::store::open_connection(&db).unwrap();
    other
        .execute(
            "INSERT INTO requests (received_at, channel, caller_name, title) VALUES (?1, 'hotline', '王五', '新来的')",
            [&middle.received_at],
        )
        .unwrap();
    let new_id = other.last_insert_rowid();
    // It sorts after the row with the same time (by id), so right after it.
    let next = request_pages::page(
        &conn,
        &query,
        &ctx(),
        Seek::After {
            id: middle.id,
            index: 25,
        },
        3,
    )
    .unwrap();
    assert_eq!(next.total, whole.len() + 1);
    assert_eq!(next.start, 26);
    assert_eq!(next.rows[0].id, new_id);
    assert_eq!(request_pages::rank(&conn, &query, &ctx(), new_id).unwrap(), Some(26));
    // Around a row after it: its position moved down by one.
    let around = request_pages::around(&conn, &query, &ctx(), whole[40], 5, 5)
        .unwrap()
        .expect("listed");
    assert_eq!(around.start, 41 - 5);
    assert_eq!(around.rows[5].id, whole[40]);
}

fn selected_id(app: &InProcess) -> i64 {
    app.state.selected_request().expect("a row selected").id
}

#[test]
fn the_table_scrolls_by_pages_and_keeps_the_selection_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let db = township(dir.path(), 700);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('3'));
    // The "all" view, oldest first.
    while app.state.requests.view != minqing::panes::requests::state::RequestsViewId::All {
        app.key(KeyCode::Char('v'));
    }
    let conn = minqing::store::open_connection(&db).unwrap();
    let whole: Vec<i64> = list_requests(&conn, &RequestFilter::default(), app.state.requests.spec.sort, &ctx())
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    let r = &app.state.requests;
    assert_eq!((r.start, r.total, r.rows.len()), (0, whole.len(), PAGE));
    assert!(!r.loading);

    // Scrolling down row by row crosses page boundaries without a gap.
    for (k, id) in whole.iter().enumerate().take(PAGE + 30) {
        let abs = app.state.requests.start + app.state.list_of(PaneId::REQUESTS).selected;
        assert_eq!(abs, k);
        assert_eq!(selected_id(&app), *id, "row {k}");
        app.key(KeyCode::Down);
    }
    // End goes to the last row at once; Home back to the first.
    app.key(KeyCode::End);
    assert_eq!(selected_id(&app), *whole.last().unwrap());
    assert_eq!(app.state.requests.start + app.state.requests.rows.len(), whole.len());
    for _ in 0..(PAGE + 5) {
        app.key(KeyCode::Up);
    }
    assert_eq!(selected_id(&app), whole[whole.len() - 1 - PAGE - 5]);
    app.key(KeyCode::Home);
    assert_eq!(selected_id(&app), whole[0]);

    // Another clerk's request sorts before the selected one: after the
    // refresh the same request is selected, one row further down.
    for _ in 0..50 {
        app.key(KeyCode::Down);
    }
    let chosen = selected_id(&app);
    let before = app.state.requests.start + app.state.list_of(PaneId::REQUESTS).selected;
    let first = app.state.requests.rows[0].clone();
    conn.execute(
        "INSERT INTO requests (received_at, channel, caller_name, title, due_at) VALUES (?1, 'hotline', '王五', '插队', ?2)",
        rusqlite::params![first.received_at, first.due.map(|d| d.to_string())],
    )
    .unwrap();
    app.refresh();
    assert_eq!(selected_id(&app), chosen);
    assert_eq!(
        app.state.requests.start + app.state.list_of(PaneId::REQUESTS).selected,
        before + 1
    );
    assert_eq!(app.state.requests.total, whole.len() + 1);

    // A new sort keeps the same request selected, wherever it now is.
    app.key(KeyCode::Char('S'));
    assert_ne!(app.state.requests.spec.sort, RequestSort::Due);
    assert_eq!(selected_id(&app), chosen);
}

#[test]
fn a_superseded_answer_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let db = township(dir.path(), 300);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('3'));
    let shown = app.state.requests.rows.clone();
    let generation = app.state.requests.generation;
    assert!(generation > 0);
    // An answer to an older request arrives late: nothing changes.
    let stale = RequestsMessage::Page {
        generation: generation - 1,
        fetch: Fetch::First,
        page: TablePage {
            total: 1,
            start: 0,
            rows: shown[..1].to_vec(),
        },
    };
    minqing::app::update::apply(
        &mut app.state,
        minqing::app::message::Message::Requests(Box::new(stale)),
    );
    assert_eq!(app.state.requests.rows, shown);
    // The current one is taken.
    let current = RequestsMessage::Page {
        generation,
        fetch: Fetch::First,
        page: TablePage {
            total: 1,
            start: 0,
            rows: shown[..1].to_vec(),
        },
    };
    minqing::app::update::apply(
        &mut app.state,
        minqing::app::message::Message::Requests(Box::new(current)),
    );
    assert_eq!(app.state.requests.rows, shown[..1]);
}

#[test]
fn the_worker_answers_later_and_drops_an_answer_a_newer_read_superseded() {
    use minqing::app::event::AppEvent;
    use minqing::app::message::{Message, Outcome};
    use minqing::app::run::{Answer, Worker};
    let dir = tempfile::tempdir().unwrap();
    let db = township(dir.path(), 300);
    let store = minqing::store::Store::open(&db, "demo").expect("store");
    let (tx, rx) = std::sync::mpsc::channel();
    let mut worker = Worker::spawn(minqing::service::Services::new(store), tx);
    let mut state = common::loaded_state(&db, Lang::Zh);
    let keymap = minqing::app::keymap::Keymap::default_map();
    let key = |c| {
        AppEvent::Key(crossterm::event::KeyEvent::new(
            KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        ))
    };
    worker.step(&mut state, &keymap, key('3')); // the table: read 1
    worker.step(&mut state, &keymap, key('v')); // the next view: read 2
    // The keys were handled without waiting for the database.
    assert!(state.requests.loading);
    assert!(state.requests.rows.is_empty());
    // A late answer to read 1 (even one the pane would take) is dropped.
    let late = Answer {
        seq: 1,
        slot: Some("requests.table"),
        outcome: Outcome::read(vec![Message::Requests(Box::new(RequestsMessage::Page {
            generation: state.requests.generation,
            fetch: Fetch::First,
            page: TablePage::default(),
        }))]),
    };
    assert!(!worker.current(&late));
    worker.step(&mut state, &keymap, AppEvent::Answer(Box::new(late)));
    assert!(state.requests.loading, "still waiting for read 2");
    while state.requests.loading {
        let event = rx.recv_timeout(std::time::Duration::from_secs(60)).expect("an answer");
        worker.step(&mut state, &keymap, event);
    }
    let conn = minqing::store::open_connection(&db).unwrap();
    let spec = &state.requests.spec;
    let view: Vec<i64> = list_requests(&conn, &spec.filter, spec.sort, &ctx())
        .unwrap()
        .iter()
        .take(PAGE)
        .map(|r| r.id)
        .collect();
    assert_eq!(state.requests.rows.iter().map(|r| r.id).collect::<Vec<_>>(), view);
}

#[test]
fn the_slash_filter_searches_the_whole_table_not_the_loaded_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = township(dir.path(), 700);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('3'));
    app.key(KeyCode::Char('v')); // all requests
    let conn = minqing::store::open_connection(&db).unwrap();
    let open = list_requests(
        &conn,
        &app.state.requests.spec.filter,
        app.state.requests.spec.sort,
        &ctx(),
    )
    .unwrap();
    assert!(open.len() > PAGE, "more requests than a page");
    // A request far beyond the loaded rows, found by its resident's name.
    let far = open.last().unwrap();
    let name = far.resident_name.clone().expect("a resident");
    assert!(!app.state.requests.rows.iter().any(|r| r.id == far.id));
    app.key(KeyCode::Char('/'));
    app.typed(&name);
    let mut filter = app.state.requests.spec.filter.clone();
    filter.text = name.clone();
    let expected = list_requests(&conn, &filter, app.state.requests.spec.sort, &ctx()).unwrap();
    assert_eq!(app.state.requests.total, expected.len());
    assert!(app.state.requests.rows.iter().any(|r| r.id == far.id));
    // Esc clears it: the whole view again.
    app.key(KeyCode::Esc);
    app.key(KeyCode::Esc);
    assert_eq!(app.state.requests.total, open.len());
}

#[test]
fn the_previous_rows_show_with_a_refreshing_mark_until_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let db = township(dir.path(), 300);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('3'));
    let screen = app.screen();
    assert!(!screen.contains("刷新中"), "{screen}");
    let first = app.state.requests.rows[0].title.clone();
    // A request is on its way (as when the worker has not answered yet).
    let _ = minqing::panes::requests::update::fetch(&mut app.state, Fetch::Next);
    app.state.pending = 1;
    let screen = app.screen();
    assert!(screen.contains(&first), "the previous rows stay: {screen}");
    assert_eq!(
        screen.matches("刷新中").count(),
        2,
        "in the table title and on the status line: {screen}"
    );
}
