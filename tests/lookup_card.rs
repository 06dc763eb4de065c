//! The lookup pane and household card driven through the real
//! key → action → effect path, on a real store.

mod common;
use common::{InProcess, demo_db};
use crossterm::event::{KeyCode, KeyModifiers};
use minqing::panes::PaneId;
use minqing::text::i18n::Lang;

/// A household with a head who has a resident ID and a phone, from the
/// demo data: (head name, household id, resident id, phone).
fn some_head(db: &std::path::Path) -> (String, i64, String, String) {
    let conn = minqing::store::open_connection(db).expect("open");
    conn.query_row(
        "SELECT name, household_id, resident_id, phone FROM persons
         WHERE relation = '户主' AND resident_id IS NOT NULL AND phone IS NOT NULL ORDER BY id LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .expect("a head")
}

#[test]
fn f2_then_typing_finds_the_household_and_masks_ids_and_phones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let (name, household, rid, phone) = some_head(&db);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('3'));
    app.key(KeyCode::F(2));
    assert_eq!(app.state.pane, PaneId::LOOKUP);
    app.typed(&phone[phone.len() - 4..]);
    app.key(KeyCode::Char(' '));
    app.typed(&name);
    assert!(
        app.state.lookup.rows.iter().any(|r| r.entry.household_id == household),
        "phone tail + name finds the household"
    );
    let screen = app.screen();
    assert!(screen.contains(&name), "{screen}");
    assert!(!screen.contains(&rid), "full resident ID must not show: {screen}");
    assert!(!screen.contains(&phone), "full phone must not show: {screen}");
    let masked = minqing::domain::ids::mask_resident_id(&rid);
    assert!(screen.contains(&masked), "masked ID {masked} shown: {screen}");
}

#[test]
fn caret_sits_after_typed_chinese_at_its_display_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::F(2));
    app.typed("东浦");
    let km = minqing::app::keymap::Keymap::default_map();
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).expect("term");
    term.draw(|f| minqing::ui::draw(&app.state, &km, f)).expect("draw");
    let pos = term.get_cursor_position().expect("cursor");
    // "查询：" is 6 columns, each hanzi 2.
    assert_eq!((pos.x, pos.y), (10, 1));
    app.key(KeyCode::Left);
    term.draw(|f| minqing::ui::draw(&app.state, &km, f)).expect("draw");
    assert_eq!(term.get_cursor_position().expect("cursor").x, 8);
}

#[test]
fn card_shows_members_masked_and_reveal_is_permission_checked_and_audited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let (name, household, rid, _) = some_head(&db);
    // The demo clerk may not reveal.
    let mut clerk = InProcess::open(&db, "demo", Lang::Zh);
    clerk.key(KeyCode::F(2));
    // Digits hidden by the mask do not match for the clerk; the whole ID
    // (the caller read it out) does, and that lookup is audited.
    clerk.typed(&rid[rid.len() - 6..]);
    assert!(
        clerk
            .state
            .lookup
            .rows
            .iter()
            .all(|r| r.entry.household_id != household)
    );
    for _ in 0..6 {
        clerk.key(KeyCode::Backspace);
    }
    clerk.typed(&rid);
    let full_number_audits: i64 = clerk
        .svc
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'lookup.full_number' AND user = 'demo'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(full_number_audits, 1, "audited once, not per keystroke");
    clerk.key(KeyCode::Enter);
    let card = clerk.state.card.as_ref().expect("card open");
    assert_eq!(card.card.id, household);
    let screen = clerk.screen();
    assert!(screen.contains(&name) && !screen.contains(&rid), "{screen}");
    clerk.key(KeyCode::Char('r'));
    assert!(!clerk.state.card.as_ref().expect("card").revealed);
    assert!(clerk.screen().contains("没有查看完整证件号的权限"));
    let refused: i64 = clerk
        .svc
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'permission.reveal' AND outcome = 'refused' AND user = 'demo'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(refused, 1, "a refused reveal is audited");
    // The admin may, and the reveal is written to the audit log.
    let mut admin = InProcess::open(&db, "admin", Lang::Zh);
    admin.key(KeyCode::F(2));
    admin.typed(&rid[rid.len() - 6..]);
    admin.key(KeyCode::Enter);
    admin.key(KeyCode::Char('r'));
    assert!(admin.screen().contains(&rid));
    let audited: i64 = admin
        .svc
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'person.reveal' AND user = 'admin' AND object = ?1",
            [format!("household:{household}")],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(audited, 1);
}

#[test]
fn new_request_from_the_card_is_saved_and_listed_on_the_card() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let (_, household, rid, _) = some_head(&db);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::F(2));
    app.typed(&rid);
    app.key(KeyCode::Enter);
    app.key(KeyCode::Char('n'));
    let form = app.state.form.as_ref().expect("request form");
    assert_eq!(form.value("channel"), "hotline", "hotline preselected");
    // Saving without a title is refused next to the field.
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(
        app.state
            .form
            .as_ref()
            .expect("still open")
            .fields
            .iter()
            .any(|f| f.error.is_some())
    );
    assert!(app.screen().contains("必填"));
    app.typed("村口路灯坏了");
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(app.state.form.is_none(), "saved and closed: {:?}", app.state.status);
    let card = &app.state.card.as_ref().expect("card").card;
    assert_eq!(card.id, household);
    let logged = card
        .requests
        .iter()
        .find(|r| r.title == "村口路灯坏了")
        .expect("listed on the card");
    assert_eq!(logged.status.code(), "received");
    let (channel, person): (String, Option<i64>) = app
        .svc
        .store
        .conn()
        .query_row(
            "SELECT channel, person_id FROM requests WHERE id = ?1",
            [logged.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("row");
    assert_eq!(channel, "hotline");
    assert!(person.is_some(), "the caller is linked");
}

#[test]
fn esc_on_a_dirty_form_asks_and_quit_asks_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    assert!(app.state.card.is_some());
    app.key(KeyCode::Char('a'));
    app.typed("张小明");
    app.key_mod(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(!app.state.should_quit, "asks before losing input");
    assert!(app.screen().contains("确定退出吗"));
    app.key(KeyCode::Char('n'));
    assert_eq!(app.state.form.as_ref().expect("kept").value("name"), "张小明");
    app.key(KeyCode::Esc);
    assert!(app.screen().contains("确定放弃吗"));
    app.key(KeyCode::Char('y'));
    assert!(app.state.form.is_none());
    app.key(KeyCode::Char('q'));
    assert!(app.state.should_quit);
}

#[test]
fn add_member_validates_the_resident_id_and_derives_gender_and_birth() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    let household = app.state.card.as_ref().expect("card").card.id;
    let members = app.state.card.as_ref().expect("card").card.members.len();
    app.key(KeyCode::Char('a'));
    app.typed("张小明");
    app.key(KeyCode::Tab);
    app.typed("110101199003071234");
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(
        app.screen().contains("校验位"),
        "checksum error shown next to the field"
    );
    for _ in 0..18 {
        app.key(KeyCode::Backspace);
    }
    app.typed("11010519491231002x");
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    // A woman's ID as 子 (the default relation): warned, then confirmed.
    assert!(app.state.form.as_ref().and_then(|f| f.error.as_ref()).is_some());
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    let card = &app.state.card.as_ref().expect("card").card;
    assert_eq!(card.id, household);
    assert_eq!(card.members.len(), members + 1);
    let m = card.members.iter().find(|m| m.name == "张小明").expect("added");
    assert_eq!(m.resident_id.as_deref(), Some("11010519491231002X"));
    assert_eq!(m.gender.as_deref(), Some("F"));
    assert_eq!(m.birth_date.as_deref(), Some("1949-12-31"));
}

#[test]
fn a_concurrent_edit_gives_a_conflict_and_keeps_what_was_typed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    let mut a = InProcess::open(&db, "demo", Lang::Zh);
    let mut b = InProcess::open(&db, "admin", Lang::Zh);
    for app in [&mut a, &mut b] {
        app.key(KeyCode::Char('2'));
        app.key(KeyCode::Enter);
        app.key(KeyCode::Char('e'));
        for _ in 0..11 {
            app.key(KeyCode::Backspace);
        }
    }
    a.typed("13812348000");
    a.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(a.state.form.is_none(), "first save wins: {:?}", a.state.status);
    b.typed("13900001111");
    b.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let form = b.state.form.as_ref().expect("second save keeps the form");
    assert_eq!(form.value("phone"), "13900001111", "nothing typed is lost");
    // The conflict recovers (issue 12 finding 1): who changed what, the
    // colleague's number beside the clerk's; the next Ctrl-S saves.
    let said = form.error.as_deref().unwrap_or("");
    assert!(said.contains("演示文员") && said.contains("Ctrl-S"), "{said}");
    assert!(
        form.fields[0].error.as_deref().unwrap_or("").contains("138****8000"),
        "masked"
    );
    let stored: String = b
        .svc
        .store
        .conn()
        .query_row(
            "SELECT phone FROM persons WHERE id = (SELECT min(id) FROM persons WHERE household_id = ?1 AND relation = '户主')",
            [b.state.card.as_ref().expect("card").card.id],
            |r| r.get(0),
        )
        .expect("phone");
    assert_eq!(stored, "13812348000", "the first clerk's save is intact");
    b.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(
        b.state.form.is_none(),
        "saved against the new version: {:?}",
        b.state.status
    );
}

#[test]
fn mark_verified_updates_the_card() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    app.key(KeyCode::Char('v'));
    let today = app.state.today.format("%Y-%m-%d").to_string();
    let card = &app.state.card.as_ref().expect("card").card;
    assert_eq!(card.verified_at.as_deref(), Some(today.as_str()));
    assert!(app.screen().contains("已标记今天核实"));
}
