//! The meetings & agendas pane in-process: the agenda builder driven by
//! keys (add, reorder, minutes, decision), the decisions board and the
//! topics view, with snapshots in Chinese and English at 100x30, on the
//! fixture township of `common::fixture` plus three street-light reports.

mod common;

use common::Lang;
use common::{InProcess, fixture_db, seed_street_lights};
use crossterm::event::{KeyCode, KeyModifiers};
use minqing::panes::agenda::update::{Focus, Mode};
use minqing::store::Store;

fn app(lang: Lang) -> (tempfile::TempDir, InProcess) {
    app_as(lang, "demo")
}

/// The pane open as `login`: decisions are recorded and marked done by a
/// leader or the administrator, not by the clerk (README "Accounts and
/// roles").
fn app_as(lang: Lang, login: &str) -> (tempfile::TempDir, InProcess) {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_db(dir.path());
    {
        let mut store = Store::open(&db, "demo").unwrap();
        seed_street_lights(&mut store);
    }
    let mut app = InProcess::open(&db, login, lang);
    app.refresh();
    app.key(KeyCode::Char('4'));
    (dir, app)
}

fn save(app: &mut InProcess) {
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    app.refresh();
}

/// Accepts the suggested topic in the topics view.
fn accept_suggestion(app: &mut InProcess) {
    app.key(KeyCode::Char('t'));
    assert_eq!(app.state.agenda.mode, Mode::Topics);
    app.key(KeyCode::Char('a'));
    assert!(app.state.form.is_some(), "accept form");
    save(app);
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    app.key(KeyCode::Esc);
}

/// Opens the first meeting in the list (the planned one, newest first).
fn open_first_meeting(app: &mut InProcess) {
    app.key(KeyCode::Char('g'));
    app.key(KeyCode::Enter);
    assert_eq!(app.state.agenda.mode, Mode::Builder);
    assert!(app.state.agenda.meeting.is_some());
}

#[test]
fn builder_adds_reorders_times_and_records_a_decision() {
    let (_dir, mut app) = app_as(Lang::Zh, "admin");
    accept_suggestion(&mut app);
    open_first_meeting(&mut app);
    let before = app.state.agenda.meeting.as_ref().unwrap().items.len();
    app.key(KeyCode::Right);
    assert_eq!(app.state.agenda.focus, Focus::Candidates);
    let data = app.state.data.clone().unwrap();
    let at = minqing::panes::agenda::update::candidates(&app.state)
        .iter()
        .position(|r| data.topics[r.key].title.contains("路灯"))
        .expect("the accepted topic is a candidate");
    for _ in 0..at {
        app.key(KeyCode::Down);
    }
    app.key(KeyCode::Char('a'));
    app.refresh();
    let m = app.state.agenda.meeting.clone().unwrap();
    assert_eq!(m.items.len(), before + 1, "{:?}", app.state.status);
    let added = m.items.last().unwrap().clone();
    assert!(added.title.contains("路灯"));
    // The new item goes up one place, then gets 5 more minutes.
    app.key(KeyCode::Left);
    assert_eq!(app.state.agenda.focus, Focus::Agenda);
    app.key(KeyCode::Char('G'));
    app.key(KeyCode::Char('K'));
    let m = app.state.agenda.meeting.clone().unwrap();
    assert_eq!(m.items[before - 1].id, added.id, "moved up");
    assert_eq!(app.state.agenda.item.selected, before - 1, "selection follows");
    app.key(KeyCode::Char('+'));
    let m = app.state.agenda.meeting.clone().unwrap();
    assert_eq!(m.items[before - 1].minutes_allotted, added.minutes_allotted + 5);
    // A decision on it.
    app.key(KeyCode::Char('c'));
    app.typed("本月底前修复全部路灯");
    save(&mut app);
    let m = app.state.agenda.meeting.clone().unwrap();
    assert_eq!(m.items[before - 1].decisions.len(), 1, "{:?}", app.state.status);
    insta::assert_snapshot!("agenda_builder_zh", app.screen());
}

/// The clerk may type the minutes and opinions, but a decision is the
/// leaders': the form stays open with who may, nothing is recorded, and
/// the refusal is in the audit log.
#[test]
fn a_clerk_is_told_a_decision_needs_a_leader() {
    let (_dir, mut app) = app(Lang::Zh);
    open_first_meeting(&mut app);
    let before = app.state.agenda.meeting.as_ref().unwrap().items[0].decisions.len();
    // Refused before the form opens: nothing is typed in vain (a resident
    // may be on the line), and the step shows greyed out.
    assert!(!minqing::panes::Pane::enabled(
        &minqing::panes::agenda::AgendaPane,
        &app.state,
        minqing::app::action::Action::AgendaDecision
    ));
    app.key(KeyCode::Char('c'));
    assert!(app.state.form.is_none(), "no decision form for a clerk");
    let said = app.state.status.clone().expect("a refusal");
    assert!(said.error && said.text.contains("需要管理员或领导权限"), "{said:?}");
    let m = app.state.agenda.meeting.clone().unwrap();
    assert_eq!(m.items[0].decisions.len(), before);
    // The board's steps that decide are refused the same way.
    app.key(KeyCode::Esc);
    app.key(KeyCode::Char('d'));
    app.key(KeyCode::Char('D'));
    assert!(
        app.state.agenda.confirm_done.is_none(),
        "no confirmation asked of a clerk"
    );
    let said = app.state.status.clone().expect("a refusal");
    assert!(said.error && said.text.contains("需要管理员或领导权限"), "{said:?}");
}

#[test]
fn builder_in_english() {
    let (_dir, mut app) = app(Lang::En);
    accept_suggestion(&mut app);
    open_first_meeting(&mut app);
    insta::assert_snapshot!("agenda_builder_en", app.screen());
}

#[test]
fn decisions_board_and_done_closes_the_loop() {
    let (_dir, mut app) = app_as(Lang::Zh, "admin");
    app.key(KeyCode::Char('d'));
    assert_eq!(app.state.agenda.mode, Mode::Decisions);
    insta::assert_snapshot!("agenda_board_zh", app.screen());
    let open = minqing::panes::agenda::update::board(&app.state).len();
    assert_eq!(open, 2, "the fixture's two open decisions");
    // The first (overdue) one is on the topic with two merged requests.
    let due = app.state.data.as_ref().unwrap().callbacks_due;
    app.key(KeyCode::Char('D'));
    assert_eq!(
        minqing::panes::agenda::update::board(&app.state).len(),
        open,
        "asks first"
    );
    app.key(KeyCode::Char('D'));
    app.refresh();
    assert_eq!(app.state.data.as_ref().unwrap().callbacks_due, due + 2);
    assert_eq!(minqing::panes::agenda::update::board(&app.state).len(), open - 1);
}

#[test]
fn decisions_board_in_english() {
    let (_dir, mut app) = app(Lang::En);
    app.key(KeyCode::Char('d'));
    insta::assert_snapshot!("agenda_board_en", app.screen());
}

#[test]
fn topics_view_explains_the_suggestion_and_drops_requests() {
    let (_dir, mut app) = app(Lang::Zh);
    app.key(KeyCode::Char('t'));
    insta::assert_snapshot!("agenda_topics_zh", app.screen());
    // Dropping: at least two requests stay.
    app.key(KeyCode::Right);
    app.key(KeyCode::Char('x'));
    assert_eq!(app.state.agenda.dropped.len(), 1);
    app.key(KeyCode::Down);
    app.key(KeyCode::Char('x'));
    assert_eq!(app.state.agenda.dropped.len(), 1, "keeps two");
    assert!(app.state.status.as_ref().is_some_and(|s| s.error));
    app.key(KeyCode::Esc);
    app.key(KeyCode::Char('a'));
    save(&mut app);
    let topics = &app.state.data.as_ref().unwrap().topics;
    assert_eq!(topics[0].request_ids.len(), 2);
}

#[test]
fn new_meeting_form_explains_bad_input() {
    let (_dir, mut app) = app(Lang::En);
    let before = app.state.data.as_ref().unwrap().meetings.len();
    app.key(KeyCode::Char('n'));
    // Title empty, date broken: both explained, nothing saved.
    app.key(KeyCode::Tab);
    app.key(KeyCode::Tab);
    app.key(KeyCode::Tab);
    app.key(KeyCode::End);
    app.typed("x");
    save(&mut app);
    let form = app.state.form.as_ref().expect("still open");
    let errors: Vec<&str> = form.fields.iter().filter_map(|f| f.error.as_deref()).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("2026-12-01 14:30")));
    app.typed("December analysis meeting");
    app.key(KeyCode::Tab);
    app.key(KeyCode::End);
    app.key(KeyCode::Backspace);
    save(&mut app);
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    assert_eq!(app.state.data.as_ref().unwrap().meetings.len(), before + 1);
}

#[test]
fn representative_found_through_the_lookup_index() {
    let (dir, mut app) = app(Lang::Zh);
    let conn = minqing::store::open_connection(&dir.path().join("fixture.db")).unwrap();
    let name: String = conn
        .query_row(
            "SELECT p.name FROM persons p WHERE p.relation = '户主' ORDER BY p.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    open_first_meeting(&mut app);
    let before = app.state.agenda.meeting.as_ref().unwrap().participants.len();
    app.key(KeyCode::Left); // wraps to the participants
    assert_eq!(app.state.agenda.focus, Focus::Participants);
    app.key(KeyCode::Char('a'));
    app.key(KeyCode::Tab);
    app.typed("没有这个人");
    save(&mut app);
    let form = app.state.form.as_ref().expect("kept open");
    assert!(form.fields[1].error.as_deref().unwrap_or("").contains("找不到"));
    for _ in 0.."没有这个人".chars().count() {
        app.key(KeyCode::Backspace);
    }
    app.typed(&name);
    save(&mut app);
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    let m = app.state.agenda.meeting.as_ref().unwrap();
    assert_eq!(m.participants.len(), before + 1);
    assert!(
        m.participants
            .iter()
            .any(|p| p.role == minqing::model::meetings::ParticipantRole::Representative && p.name == name)
    );
}

#[test]
fn opinions_are_recorded_and_marked_adopted() {
    let (_dir, mut app) = app(Lang::Zh);
    open_first_meeting(&mut app);
    app.key(KeyCode::Char('y'));
    assert!(app.state.form.is_none(), "no opinion yet: nothing to adopt");
    app.key(KeyCode::Char('o'));
    app.key(KeyCode::Tab);
    app.typed("施工期间要提前告知");
    save(&mut app);
    let item = &app.state.agenda.meeting.as_ref().unwrap().items[0];
    assert_eq!(item.opinions.len(), 1, "{:?}", app.state.status);
    assert!(!item.opinions[0].adopted);
    app.key(KeyCode::Char('y'));
    save(&mut app);
    let item = &app.state.agenda.meeting.as_ref().unwrap().items[0];
    assert!(item.opinions[0].adopted, "{:?}", app.state.status);
    assert!(app.screen().contains("【采纳】 意见"));
}

#[test]
fn board_keeps_the_selected_decision_when_another_user_adds_one_above() {
    let (dir, mut app) = app(Lang::Zh);
    app.key(KeyCode::Char('d'));
    app.key(KeyCode::Char('j'));
    let board = minqing::panes::agenda::update::board(&app.state);
    let chosen = board[1].id;
    let item_id = board[0].item_id;
    // The administrator records a decision due before every other one.
    {
        let mut other = Store::open(&dir.path().join("fixture.db"), "admin").unwrap();
        minqing::store::decisions::add_decision(
            &mut other,
            &minqing::store::decisions::NewDecision {
                item_id,
                text: "管理员记录的决议".into(),
                owner_id: None,
                deadline: Some(chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap()),
            },
        )
        .unwrap();
    }
    app.refresh();
    let board = minqing::panes::agenda::update::board(&app.state);
    assert_eq!(board.len(), 3);
    assert_eq!(
        board[app.state.agenda.decision.selected].id, chosen,
        "the same decision stays selected"
    );
}

#[test]
fn a_cadre_is_told_before_any_form_that_meetings_are_the_clerks() {
    let (_dir, mut app) = app(Lang::Zh);
    // The pane asks the session's role (set from the login) before a form.
    app.state.role = minqing::domain::request::Role::Cadre;
    app.key(KeyCode::Char('n'));
    assert!(app.state.form.is_none(), "no new-meeting form for a cadre");
    let said = app.state.status.clone().expect("a refusal");
    assert!(said.error && said.text.contains("文员"), "{said:?}");
    // The same clerk account may.
    app.state.role = minqing::domain::request::Role::Clerk;
    app.state.status = None;
    app.key(KeyCode::Char('n'));
    assert!(app.state.form.is_some(), "a clerk prepares meetings");
}
