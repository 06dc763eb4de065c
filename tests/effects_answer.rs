//! Effects answer through update: carrying out an effect leaves the state
//! as it was and returns messages; `update::apply` makes the change.

mod common;
use common::{InProcess, demo_db};
use crossterm::event::KeyCode;
use minqing::app::action::Action;
use minqing::app::effects::execute;
use minqing::app::message::Message;
use minqing::app::update::{apply, update};
use minqing::domain::request::Status;
use minqing::panes::PaneId;
use minqing::text::i18n::Lang;

#[test]
fn a_request_write_changes_the_state_only_through_its_messages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('3'));
    let pos = app
        .state
        .requests
        .rows
        .iter()
        .position(|r| r.status == Status::Received)
        .expect("a received request");
    let id = app.state.requests.rows[pos].id;
    let list = app.state.list_of_mut(PaneId::REQUESTS);
    list.selected = list.visible.iter().position(|&i| i == pos).expect("visible");
    app.key(KeyCode::Enter);
    app.key(KeyCode::Char('a')); // the assign form, first cadre chosen
    assert!(app.state.form.is_some());
    let effects = update(&mut app.state, Action::Save);
    assert_eq!(effects.len(), 1, "{effects:?}");
    let before = format!("{:?}", app.state);
    // `execute` takes the state read-only; the write's result is in messages.
    let outcome = execute(&app.state, &mut app.svc, effects.into_iter().next().expect("effect"));
    assert_eq!(format!("{:?}", app.state), before, "effect code left the state alone");
    assert!(outcome.reload, "a write reloads the snapshot");
    assert!(
        matches!(outcome.messages.first(), Some(Message::FormSaved(_))),
        "{:?}",
        outcome.messages
    );
    for m in outcome.messages {
        apply(&mut app.state, m);
    }
    assert!(app.state.form.is_none(), "saved: the form closes");
    assert!(!app.state.status.as_ref().expect("said").error);
    let detail = app.state.requests.detail.as_ref().expect("detail reloaded");
    assert_eq!((detail.detail.id, detail.detail.status), (id, Status::Assigned));
}
