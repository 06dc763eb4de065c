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
