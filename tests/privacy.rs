//! What a user sees of residents (README "Accounts and roles"): edit forms
//! keep numbers masked for who may not reveal, and a cadre works only in
//! their own grids.

mod common;

use common::{InProcess, demo_db};
use crossterm::event::{KeyCode, KeyModifiers};
use minqing::domain::ids::mask_phone;
use minqing::text::i18n::Lang;

/// The stored phone of the first member of the household the lookup
/// pane opens first (the card's selected member).
fn stored_phone(app: &InProcess, person_id: i64) -> Option<String> {
    app.svc
        .store
        .conn()
        .query_row("SELECT phone FROM persons WHERE id = ?1", [person_id], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_edit_form_shows_a_masked_phone_and_keeps_the_number_when_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 50);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    assert!(!app.state.can_reveal);
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    let card = app.state.card.as_ref().expect("card").clone();
    let member = card.card.members[card.member].clone();
    let phone = member.phone.clone().expect("the demo head has a phone");
    app.key(KeyCode::Char('e'));
    let form = app.state.form.as_ref().expect("edit form");
    assert_eq!(form.value("phone"), mask_phone(&phone));
    let screen = app.screen();
    assert!(!screen.contains(&phone), "the full number is nowhere: {screen}");
    // Only the status changes; the masked text stays: the number is kept.
    app.key(KeyCode::Tab);
    app.key(KeyCode::Right);
    let status = app.state.form.as_ref().unwrap().value("status");
    assert_ne!(status, member.status);
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    assert_eq!(stored_phone(&app, member.id).as_deref(), Some(phone.as_str()));
    // A new number typed over the mask is saved.
    app.key(KeyCode::Char('e'));
    for _ in 0..11 {
        app.key(KeyCode::Backspace);
    }
    app.typed("13912345678");
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    assert_eq!(stored_phone(&app, member.id).as_deref(), Some("13912345678"));
    // A half-edited mask is not a number: refused, nothing saved.
    app.key(KeyCode::Char('e'));
    app.key(KeyCode::Backspace);
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(app.state.form.is_some(), "refused");
    assert_eq!(stored_phone(&app, member.id).as_deref(), Some("13912345678"));
}

#[test]
fn a_revealed_card_edits_the_full_number() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 50);
    let mut app = InProcess::open(&db, "admin", Lang::Zh);
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    let card = app.state.card.as_ref().expect("card").clone();
    let phone = card.card.members[card.member].phone.clone().unwrap();
    app.key(KeyCode::Char('e'));
    assert_eq!(
        app.state.form.as_ref().unwrap().value("phone"),
        mask_phone(&phone),
        "not revealed yet"
    );
    app.key(KeyCode::Esc);
    app.key(KeyCode::Char('r'));
    assert!(app.state.card.as_ref().unwrap().revealed);
    app.key(KeyCode::Char('e'));
    assert_eq!(app.state.form.as_ref().unwrap().value("phone"), phone);
}
