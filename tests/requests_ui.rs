//! The requests pane through the real key → action → effect path on a real
//! store: intake with the register lookup, triage, workflow, callbacks,
//! views, bulk actions and conflicts between two clerks, on the fixture
//! township of `common::fixture`.

mod common;
use common::Lang;
use common::{InProcess, fixture_db};
use crossterm::event::{KeyCode, KeyModifiers};
use minqing::domain::request::Status;
use minqing::panes::PaneId;
use minqing::panes::requests::state::RequestsViewId;

fn ctrl_s(app: &mut InProcess) {
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
}

fn status_of(app: &InProcess, id: i64) -> String {
    app.svc
        .store
        .conn()
        .query_row("SELECT status FROM requests WHERE id = ?1", [id], |r| r.get(0))
        .expect("status")
}

/// Puts the cursor on request `id` in the table.
fn select(app: &mut InProcess, id: i64) {
    let pos = app
        .state
        .requests
        .rows
        .iter()
        .position(|r| r.id == id)
        .expect("row listed");
    let list = app.state.list_of_mut(PaneId::REQUESTS);
    list.selected = list.visible.iter().position(|&i| i == pos).expect("visible");
}

/// Logs an outside caller's request through the form; returns its id.
fn log_outside_request(app: &mut InProcess, title: &str) -> i64 {
    app.key(KeyCode::Char('3'));
    app.key(KeyCode::Char('n'));
    assert_eq!(
        app.state.pane,
        PaneId::LOOKUP,
        "n picks the resident in the lookup first"
    );
    app.key(KeyCode::Esc);
    assert!(app.state.form.is_some(), "Esc: an outside caller");
    app.typed("李四");
    app.key(KeyCode::Tab);
    app.typed("13912345678");
    app.key(KeyCode::Tab); // village
    app.key(KeyCode::Tab); // grid
    app.key(KeyCode::Tab); // channel
    app.key(KeyCode::Tab); // category
    app.key(KeyCode::Tab); // kind
    app.key(KeyCode::Tab); // title
    app.typed(title);
    ctrl_s(app);
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    app.svc
        .store
        .conn()
        .query_row("SELECT id FROM requests WHERE title = ?1", [title], |r| r.get(0))
        .expect("saved")
}

#[test]
fn hotline_request_through_assign_resolve_callback_to_closed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    let id = log_outside_request(&mut app, "桥头路灯不亮");
    assert_eq!(app.state.pane, PaneId::REQUESTS);
    assert!(
        app.state.requests.rows.iter().any(|r| r.id == id),
        "listed in the open queue at once"
    );
    select(&mut app, id);
    app.key(KeyCode::Enter);
    assert_eq!(app.state.requests.detail.as_ref().expect("detail").detail.id, id);
    // Assign to the first cadre offered.
    app.key(KeyCode::Char('a'));
    ctrl_s(&mut app);
    assert_eq!(status_of(&app, id), "assigned", "{:?}", app.state.status);
    app.key(KeyCode::Char('s'));
    assert_eq!(status_of(&app, id), "in_progress");
    app.key(KeyCode::Char('r'));
    ctrl_s(&mut app);
    assert!(app.screen().contains("必填"), "a resolution is required");
    app.typed("已更换灯泡");
    ctrl_s(&mut app);
    assert_eq!(status_of(&app, id), "resolved");
    // The callbacks-due view lists it.
    while app.state.requests.view != RequestsViewId::CallbacksDue {
        app.key(KeyCode::Esc);
        app.key(KeyCode::Char('v'));
    }
    assert!(app.state.requests.rows.iter().any(|r| r.id == id));
    select(&mut app, id);
    // Two keystrokes: c, then 1 (solved, satisfied) - and it is closed.
    app.key(KeyCode::Char('c'));
    app.key(KeyCode::Char('1'));
    assert_eq!(status_of(&app, id), "closed");
    assert!(
        !app.state.requests.rows.iter().any(|r| r.id == id),
        "gone from callbacks due"
    );
    let events: Vec<String> = {
        let conn = app.svc.store.conn();
        let mut stmt = conn
            .prepare("SELECT action FROM request_events WHERE request_id = ?1 ORDER BY id")
            .expect("q");
        stmt.query_map([id], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("events")
    };
    assert_eq!(events, ["create", "assign", "start", "resolve", "callback", "close"]);
}

#[test]
fn unsatisfied_callback_reopens_and_refusals_say_what_is_allowed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    let id = log_outside_request(&mut app, "垃圾清运不及时");
    select(&mut app, id);
    app.key(KeyCode::Enter);
    // Closing a request that was only received is refused with the options.
    app.key(KeyCode::Char('x'));
    let msg = app.state.status.as_ref().expect("message").text.clone();
    assert!(
        msg.contains("受理") && msg.contains("派遣") && msg.contains("不予受理"),
        "{msg}"
    );
    assert_eq!(status_of(&app, id), "received");
    app.key(KeyCode::Char('a'));
    ctrl_s(&mut app);
    app.key(KeyCode::Char('r'));
    app.typed("已协调清运");
    ctrl_s(&mut app);
    app.key(KeyCode::Char('c'));
    app.key(KeyCode::Char('4')); // not solved
    let status = status_of(&app, id);
    assert!(
        status == "assigned" || status == "in_progress",
        "reopened, got {status}"
    );
}

#[test]
fn a_resident_from_the_register_is_picked_with_the_lookup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    let (name, person, household): (String, i64, i64) = app
        .svc
        .store
        .conn()
        .query_row(
            "SELECT name, id, household_id FROM persons ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("person");
    app.key(KeyCode::Char('3'));
    app.key(KeyCode::Char('n'));
    app.typed(&name);
    let pos = app
        .state
        .lookup
        .rows
        .iter()
        .position(|r| r.entry.person_id == Some(person))
        .expect("found");
    for _ in 0..pos {
        app.key(KeyCode::Down);
    }
    app.key(KeyCode::Enter);
    assert_eq!(app.state.pane, PaneId::REQUESTS);
    assert!(app.state.form.as_ref().expect("form").title.contains(&name));
    app.typed("想咨询养老保险");
    ctrl_s(&mut app);
    let (h, p): (i64, i64) = app
        .svc
        .store
        .conn()
        .query_row(
            "SELECT household_id, person_id FROM requests WHERE title = '想咨询养老保险'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("saved");
    assert_eq!((h, p), (household, person));
}

#[test]
fn filter_menu_views_and_saved_views() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('3'));
    assert!(
        app.state.requests.rows.iter().all(|r| r.status.is_open()),
        "open queue by default"
    );
    // All requests, then filter to closed ones with the menu.
    app.key(KeyCode::Char('v'));
    assert_eq!(app.state.requests.view, RequestsViewId::All);
    let all = app.state.requests.rows.len();
    app.key(KeyCode::Char('f'));
    let closed_index = 1 + Status::ALL.iter().position(|s| *s == Status::Closed).expect("closed");
    for _ in 0..closed_index {
        app.key(KeyCode::Right);
    }
    ctrl_s(&mut app);
    let closed = app.state.requests.rows.len();
    assert!(closed > 0 && closed < all, "{closed} of {all}");
    assert!(app.state.requests.rows.iter().all(|r| r.status == Status::Closed));
    // Save it as a named view and find it again after switching away.
    app.key(KeyCode::Char('V'));
    app.typed("已结案");
    ctrl_s(&mut app);
    assert!(matches!(&app.state.requests.view, RequestsViewId::Saved { name, .. } if name == "已结案"));
    app.key(KeyCode::Char('v'));
    for _ in 0..10 {
        if matches!(&app.state.requests.view, RequestsViewId::Saved { .. }) {
            break;
        }
        app.key(KeyCode::Char('v'));
    }
    assert_eq!(app.state.requests.rows.len(), closed);
    // The overdue built-in shows only overdue open requests.
    while app.state.requests.view != RequestsViewId::Builtin(minqing::store::request_views::BuiltinView::Overdue) {
        app.key(KeyCode::Char('v'));
    }
    assert!(
        app.state
            .requests
            .rows
            .iter()
            .all(|r| matches!(r.due_state, minqing::domain::request::DueState::Overdue { .. }))
    );
}

#[test]
fn bulk_assign_marked_requests() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    let a = log_outside_request(&mut app, "第一条待派遣");
    let b = log_outside_request(&mut app, "第二条待派遣");
    for id in [a, b] {
        select(&mut app, id);
        app.key(KeyCode::Char(' '));
    }
    assert_eq!(app.state.requests.marked.len(), 2);
    app.key(KeyCode::Char('a'));
    ctrl_s(&mut app);
    // Two requests at once: a confirmation first, the same Ctrl-S confirms.
    assert_eq!(status_of(&app, a), "received");
    ctrl_s(&mut app);
    assert_eq!(status_of(&app, a), "assigned");
    assert_eq!(status_of(&app, b), "assigned");
    assert!(app.state.requests.marked.is_empty());
    assert!(app.state.status.as_ref().expect("msg").text.contains("已处理 2 条"));
}

#[test]
fn a_second_clerk_gets_a_conflict_naming_what_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    let mut first = InProcess::open(&db, "demo", Lang::Zh);
    let id = log_outside_request(&mut first, "井盖松动");
    let mut second = InProcess::open(&db, "admin", Lang::Zh);
    second.key(KeyCode::Char('3'));
    select(&mut second, id);
    second.key(KeyCode::Enter);
    select(&mut first, id);
    first.key(KeyCode::Enter);
    // The first clerk assigns; the second, looking at the old version, rejects.
    first.key(KeyCode::Char('a'));
    ctrl_s(&mut first);
    assert_eq!(status_of(&first, id), "assigned");
    second.key(KeyCode::Char('J'));
    second.typed("重复诉求");
    ctrl_s(&mut second);
    let form = second.state.form.as_ref().expect("form kept");
    assert_eq!(form.value("reason"), "重复诉求", "nothing typed is lost");
    let err = form.error.clone().unwrap_or_default();
    // Rejecting is no longer possible on an assigned request: the message
    // names who changed it, the new status and what is allowed now.
    assert!(
        err.contains("演示文员") && err.contains("派遣") && err.contains("现在可以") && err.contains("办结"),
        "{err}"
    );
    assert_eq!(status_of(&second, id), "assigned", "the first clerk's change stands");
    // The detail now shows the latest version.
    assert_eq!(
        second.state.requests.detail.as_ref().expect("detail").detail.status,
        Status::Assigned
    );
}

#[test]
fn merging_a_similar_request_as_a_duplicate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    let keep = log_outside_request(&mut app, "清溪村口路灯坏了三盏晚上出行不便");
    let dup = log_outside_request(&mut app, "清溪村口路灯坏了好几盏晚上出行很不便");
    select(&mut app, keep);
    app.key(KeyCode::Enter);
    let similar = &app.state.requests.detail.as_ref().expect("detail").similar;
    let pos = similar
        .iter()
        .position(|s| s.row.id == dup)
        .expect("the near-identical request is similar");
    for _ in 0..pos {
        app.key(KeyCode::Down);
    }
    app.key(KeyCode::Char('m'));
    assert_eq!(status_of(&app, dup), "merged");
    let into: i64 = app
        .svc
        .store
        .conn()
        .query_row("SELECT duplicate_of FROM requests WHERE id = ?1", [dup], |r| r.get(0))
        .expect("dup");
    assert_eq!(into, keep);
}

#[test]
fn marked_requests_join_a_topic_from_the_triage_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    // The fixture's open topic (石桥村饮水管网老化).
    let topic = app
        .state
        .data
        .as_ref()
        .and_then(|d| {
            d.topics
                .iter()
                .find(|t| t.status == minqing::model::meetings::TopicStatus::Open)
                .map(|t| t.id)
        })
        .expect("the fixture has an open topic");
    let a = log_outside_request(&mut app, "小区停车位不够");
    let b = log_outside_request(&mut app, "小区停车太乱");
    for id in [a, b] {
        select(&mut app, id);
        app.key(KeyCode::Char(' '));
    }
    app.key(KeyCode::Char('T'));
    let form = app.state.form.as_mut().expect("topic form");
    if let minqing::app::form::FieldKind::Choice { options, index } = &mut form.fields[0].kind {
        *index = options
            .iter()
            .position(|(code, _)| *code == topic.to_string())
            .expect("topic offered");
    }
    ctrl_s(&mut app); // asks: two requests into this topic?
    ctrl_s(&mut app);
    for id in [a, b] {
        let (status, topic_id): (String, Option<i64>) = app
            .svc
            .store
            .conn()
            .query_row("SELECT status, topic_id FROM requests WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .expect("row");
        assert_eq!((status.as_str(), topic_id), ("merged", Some(topic)));
    }
}

#[test]
fn joining_a_topic_without_an_open_one_says_where_to_make_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    minqing::store::open_connection(&db)
        .expect("open")
        .execute("UPDATE topics SET status = 'closed'", [])
        .expect("close the fixture's topics");
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('3'));
    app.key(KeyCode::Char('T'));
    assert!(app.state.form.is_none());
    let msg = app.state.status.as_ref().expect("msg").text.clone();
    assert!(
        msg.starts_with("还没有议题") && msg.contains("会议议程面板（4）"),
        "{msg}"
    );
}

#[test]
fn solved_on_the_spot_is_resolved_at_once_and_waits_for_the_callback() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('3'));
    app.key(KeyCode::Char('n'));
    app.key(KeyCode::Esc); // outside caller
    app.typed("赵六");
    app.key(KeyCode::Tab);
    app.typed("13700001111");
    let form = app.state.form.as_mut().expect("form");
    let title = form.fields.iter().position(|f| f.key == "title").expect("title");
    form.focus = title;
    app.typed("咨询医保报销比例");
    let form = app.state.form.as_mut().expect("form");
    form.focus = form.fields.iter().position(|f| f.key == "on_spot").expect("on_spot");
    app.key(KeyCode::Right); // 是
    ctrl_s(&mut app);
    assert!(app.screen().contains("必填"), "the resolution is required on the spot");
    // The caret is already on the field that needs it.
    app.typed("已当场解释报销比例");
    ctrl_s(&mut app);
    let screen = app.screen();
    assert!(app.state.form.is_none(), "{:?}\n{screen}", app.state.status);
    let (id, status, resolution): (i64, String, String) = app
        .svc
        .store
        .conn()
        .query_row(
            "SELECT id, status, resolution FROM requests WHERE title = '咨询医保报销比例'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("saved");
    assert_eq!(
        (status.as_str(), resolution.as_str()),
        ("resolved", "已当场解释报销比例")
    );
    let due = minqing::store::request_query::callbacks_due(
        app.svc.store.conn(),
        app.state.today,
        &minqing::store::scope::SessionScope::All,
    )
    .expect("due");
    assert!(due.iter().any(|r| r.id == id), "waits for its callback");
}
