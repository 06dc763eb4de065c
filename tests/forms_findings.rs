//! Issue 12 findings on forms and lists, through the real key → action →
//! effect path on the fixture township (`common::fixture`): outside
//! callers' place and phones (6), choice lists (5), conflicts (1), the
//! representative picker (11).

mod common;
use common::Lang;
use common::{InProcess, fixture_db};
use crossterm::event::{KeyCode, KeyModifiers};
use minqing::panes::PaneId;

fn ctrl_s(app: &mut InProcess) {
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
}

/// Puts the caret of the open form on field `key`.
fn focus(app: &mut InProcess, key: &str) {
    let form = app.state.form.as_mut().expect("a form is open");
    form.focus = form.fields.iter().position(|f| f.key == key).expect("field");
}

/// Opens the request form for a caller from outside the register.
fn outside_caller_form(app: &mut InProcess, name: &str, phone: &str) {
    app.key(KeyCode::Char('3'));
    app.key(KeyCode::Char('n'));
    app.key(KeyCode::Esc);
    assert!(app.state.form.is_some(), "Esc: an outside caller");
    app.typed(name);
    app.key(KeyCode::Tab);
    app.typed(phone);
}

#[test]
fn finding_6_outside_caller_with_a_landline_gets_a_village_and_grid() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    outside_caller_form(&mut app, "钱七", "0575 88001234");
    focus(&mut app, "caller_grid");
    // 镇外/不详, 清溪第一网格, 清溪第二网格, 石桥网格: the grid gives the village.
    for _ in 0..3 {
        app.key(KeyCode::Right);
    }
    focus(&mut app, "title");
    app.typed("石桥村口路灯不亮");
    ctrl_s(&mut app);
    assert!(app.state.form.is_none(), "saved: {:?}", app.state.status);
    let (phone, village, grid): (String, i64, i64) = app
        .svc
        .store
        .conn()
        .query_row(
            "SELECT caller_phone, caller_village_id, caller_grid_id FROM requests WHERE title = '石桥村口路灯不亮'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("saved");
    assert_eq!((phone.as_str(), village, grid), ("0575-88001234", 2, 3));
    let row = app
        .state
        .requests
        .rows
        .iter()
        .find(|r| r.title == "石桥村口路灯不亮")
        .expect("listed in triage");
    assert_eq!(
        row.village_name.as_deref(),
        Some("石桥村"),
        "triage shows the caller's village"
    );
    assert_eq!(app.state.pane, PaneId::REQUESTS);
}

#[test]
fn finding_6_service_numbers_pass_and_a_wrong_number_says_what_is_expected() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    outside_caller_form(&mut app, "县12345热线转办", "0575-880");
    focus(&mut app, "title");
    app.typed("转办：河道垃圾");
    ctrl_s(&mut app);
    let form = app.state.form.as_ref().expect("kept open");
    let error = form.fields[1].error.clone().expect("phone refused");
    assert!(
        error.contains("13812345678") && error.contains("0575-88001234") && error.contains("12345"),
        "names the accepted forms: {error}"
    );
    assert_eq!(form.focus, 1, "caret on the phone");
    for _ in 0..8 {
        app.key(KeyCode::Backspace);
    }
    app.typed("12345");
    ctrl_s(&mut app);
    assert!(
        app.state.form.is_none(),
        "a service number is accepted: {:?}",
        app.state.status
    );
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

fn assignee_of(app: &InProcess, id: i64) -> Option<i64> {
    app.svc
        .store
        .conn()
        .query_row("SELECT assignee_id FROM requests WHERE id = ?1", [id], |r| r.get(0))
        .expect("request")
}

#[test]
fn finding_5_the_assignee_defaults_to_the_grids_cadre_and_history_names_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('3'));
    // Request 1 comes from 清溪第二网格, whose cadre is 李秀兰 (id 5).
    select(&mut app, 1);
    app.key(KeyCode::Char('a'));
    let form = app.state.form.as_ref().expect("assign form");
    assert_eq!(form.fields[0].display(), "李秀兰 网格员");
    ctrl_s(&mut app);
    assert_eq!(assignee_of(&app, 1), Some(5));
    select(&mut app, 1);
    app.key(KeyCode::Enter);
    let detail = app.state.requests.detail.as_ref().expect("detail open");
    let assign = detail
        .events
        .iter()
        .rfind(|e| e.action == "assign")
        .expect("assign event");
    assert!(
        assign.note.contains("李秀兰") && !assign.note.contains("cadre:"),
        "the timeline names the cadre: {}",
        assign.note
    );
    assert!(app.screen().contains("李秀兰"));
}

#[test]
fn finding_5_a_bulk_assignment_asks_first_with_the_count_and_the_target() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('3'));
    for id in [1, 8] {
        select(&mut app, id);
        app.key(KeyCode::Char(' '));
    }
    app.key(KeyCode::Char('a'));
    let target = app.state.form.as_ref().expect("form").fields[0].display();
    ctrl_s(&mut app);
    let form = app.state.form.as_ref().expect("still open: asks first");
    let question = form.error.clone().expect("a confirmation");
    assert!(question.contains("2 件") && question.contains(&target), "{question}");
    assert_eq!(
        (assignee_of(&app, 1), assignee_of(&app, 8)),
        (None, None),
        "nothing done yet"
    );
    ctrl_s(&mut app);
    assert!(app.state.form.is_none());
    assert!(assignee_of(&app, 1).is_some() && assignee_of(&app, 8).is_some());
}

#[test]
fn finding_5_a_long_choice_filters_by_pinyin_initials() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    outside_caller_form(&mut app, "孙八", "13912340000");
    focus(&mut app, "category");
    // 13 categories: typing opens the filterable list.
    app.typed("lljf");
    let form = app.state.form.as_ref().expect("form");
    let picker = form.picker.as_ref().expect("the list is open");
    assert_eq!(picker.matches.len(), 1, "only 邻里纠纷 matches lljf");
    app.key(KeyCode::Enter);
    let form = app.state.form.as_ref().expect("form");
    assert!(form.picker.is_none());
    assert_eq!(form.focused().display(), "邻里纠纷");
    // Hanzi filter too, and Esc leaves the list without changing the choice.
    app.key(KeyCode::Enter);
    app.typed("政策");
    app.key(KeyCode::Esc);
    assert_eq!(app.state.form.as_ref().expect("form").focused().display(), "邻里纠纷");
    focus(&mut app, "title");
    app.typed("邻居占用通道");
    ctrl_s(&mut app);
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    let category: String = app
        .svc
        .store
        .conn()
        .query_row(
            "SELECT c.name FROM requests r JOIN categories c ON c.id = r.category_id WHERE r.title = '邻居占用通道'",
            [],
            |r| r.get(0),
        )
        .expect("saved");
    assert_eq!(category, "邻里纠纷");
}

#[test]
fn finding_11_a_representative_query_shows_its_matches_to_choose_from() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('4'));
    app.key(KeyCode::Char('g'));
    app.key(KeyCode::Enter);
    let meeting = app.state.agenda.meeting.clone().expect("a meeting open");
    let before = meeting.participants.len();
    app.key(KeyCode::Left); // the participants list
    app.key(KeyCode::Char('a'));
    app.key(KeyCode::Tab);
    // Several residents of the fixture are called 张.
    app.typed("张");
    ctrl_s(&mut app);
    let form = app.state.form.as_ref().expect("kept open: the clerk chooses");
    let crate_form = form.fields[0].clone();
    let minqing::app::form::FieldKind::Choice { options, .. } = &crate_form.kind else {
        panic!("a choice")
    };
    assert!(options.len() >= 2, "{options:?}");
    assert!(options.iter().all(|(_, label)| label.contains('张')), "{options:?}");
    assert!(
        form.error
            .as_deref()
            .unwrap_or("")
            .contains(&format!("{} 位", options.len()))
    );
    app.refresh();
    assert_eq!(
        app.state.agenda.meeting.as_ref().expect("meeting").participants.len(),
        before,
        "nobody added silently"
    );
    // The second match is the one meant.
    let wanted = options[1].1.clone();
    app.key(KeyCode::Right);
    ctrl_s(&mut app);
    app.refresh();
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    let m = app.state.agenda.meeting.as_ref().expect("meeting");
    assert_eq!(m.participants.len(), before + 1);
    assert!(
        m.participants.iter().any(|p| wanted.contains(&p.name)),
        "{wanted} added: {:?}",
        m.participants
    );
}

/// Opens household 1's card and the edit form of member `id` on it.
fn open_member_form(app: &mut InProcess, id: i64) -> minqing::model::register::Member {
    app.key(KeyCode::Char('2'));
    let effects = vec![minqing::app::effect::Effect::LoadCard(1)];
    for e in effects {
        let out = minqing::app::effects::execute(&app.state, &mut app.svc, e);
        for m in out.messages {
            minqing::app::update::apply(&mut app.state, m);
        }
    }
    let card = app.state.card.as_ref().expect("card").card.clone();
    let member = card.members.iter().find(|m| m.id == id).expect("member").clone();
    app.state.form = Some(minqing::panes::lookup::forms::edit_member(&app.state, &member));
    member
}

#[test]
fn finding_1_a_member_edit_after_a_colleagues_save_recovers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    let member = open_member_form(&mut app, 1);
    // Meanwhile the administrator corrects the phone.
    let mut other = minqing::store::Store::open(&db, "admin").expect("store");
    minqing::store::households::update_person_contact(&mut other, 1, member.version, Some("13857119999"), "在家")
        .expect("colleague saves");
    // This clerk changes only the status (在家 → 外出务工) and saves.
    focus(&mut app, "status");
    app.key(KeyCode::Right);
    ctrl_s(&mut app);
    let form = app.state.form.as_ref().expect("the form stays open");
    let text = form.error.clone().expect("says what happened");
    assert!(
        text.contains("系统管理员") && text.contains("手机号"),
        "who and which field: {text}"
    );
    assert_eq!(
        form.value("phone"),
        "138****9999",
        "an untouched field takes the new value"
    );
    assert_eq!(form.value("status"), "外出务工", "the clerk's change is kept");
    // The next Ctrl-S saves against the new version.
    ctrl_s(&mut app);
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    let (phone, status): (String, String) = app
        .svc
        .store
        .conn()
        .query_row("SELECT phone, status FROM persons WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("person");
    assert_eq!((phone.as_str(), status.as_str()), ("13857119999", "外出务工"));
}

#[test]
fn finding_1_both_changed_fields_show_the_colleagues_value() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    let member = open_member_form(&mut app, 1);
    let mut other = minqing::store::Store::open(&db, "admin").expect("store");
    minqing::store::households::update_person_contact(&mut other, 1, member.version, Some("13857119999"), "在家")
        .expect("colleague saves");
    focus(&mut app, "phone");
    for _ in 0..11 {
        app.key(KeyCode::Backspace);
    }
    app.typed("13857118888");
    ctrl_s(&mut app);
    let form = app.state.form.as_ref().expect("open");
    assert_eq!(form.value("phone"), "13857118888", "the clerk's value stays");
    let beside = form.fields[0].error.clone().expect("theirs shown beside");
    assert!(beside.contains("138****9999"), "masked like the card: {beside}");
    ctrl_s(&mut app);
    assert!(
        app.state.form.is_none(),
        "saved against the new version: {:?}",
        app.state.status
    );
}

#[test]
fn finding_1_a_request_action_after_a_colleagues_change_saves_on_the_next_ctrl_s() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('3'));
    // Request 3 is in progress; this clerk opens it and starts resolving.
    select(&mut app, 3);
    app.key(KeyCode::Enter);
    let version = app.state.requests.detail.as_ref().expect("detail").detail.version;
    app.key(KeyCode::Char('r'));
    assert!(app.state.form.is_some(), "resolve form");
    app.typed("已联系环卫清运");
    // Meanwhile the administrator extends the deadline.
    let mut other = minqing::store::Store::open(&db, "admin").expect("store");
    minqing::store::request_ops::apply_command(
        &mut other,
        3,
        version,
        &minqing::domain::workflow::Command::Extend {
            new_due: chrono::NaiveDate::from_ymd_opt(2026, 12, 20).expect("date"),
            reason: "等车辆".into(),
        },
    )
    .expect("colleague saves");
    ctrl_s(&mut app);
    let form = app.state.form.as_ref().expect("kept open");
    let text = form.error.clone().expect("message");
    assert!(text.contains("系统管理员") && text.contains("Ctrl-S"), "{text}");
    assert_eq!(form.value("resolution"), "已联系环卫清运", "nothing typed is lost");
    ctrl_s(&mut app);
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    let status: String = app
        .svc
        .store
        .conn()
        .query_row("SELECT status FROM requests WHERE id = 3", [], |r| r.get(0))
        .expect("status");
    assert_eq!(status, "resolved");
}
