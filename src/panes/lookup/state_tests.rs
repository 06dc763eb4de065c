//! The household card's one cursor: down the members, then the requests.

use super::*;
use crate::app::action::Action;
use crate::app::state::State;
use crate::domain::request::Status;
use crate::model::register::{CardRequest, Member};
use crate::text::i18n::Lang;

fn member(id: i64) -> Member {
    Member {
        id,
        version: 1,
        name: format!("成员{id}"),
        relation: "子".into(),
        gender: None,
        birth_date: None,
        resident_id: None,
        phone: None,
        status: "在家".into(),
    }
}

fn request(id: i64) -> CardRequest {
    CardRequest {
        id,
        received_at: "2026-11-01 09:00".into(),
        status: Status::Received,
        title: format!("诉求{id}"),
        duplicate_of: None,
        topic_id: None,
    }
}

fn card(members: usize, requests: usize) -> HouseholdCard {
    HouseholdCard {
        id: 7,
        version: 1,
        address: "东村1号".into(),
        village: "东村".into(),
        group: None,
        house_no: "1".into(),
        phone: None,
        tags: vec![],
        verified_at: None,
        grid_id: 1,
        grid: "一网格".into(),
        cadre: None,
        cadre_phone: None,
        members: (1..=members as i64).map(member).collect(),
        requests: (1..=requests as i64).map(|i| request(100 + i)).collect(),
        visits: vec![],
    }
}

/// The lookup pane with `card` open and a last frame of `page` rows.
fn open(card: HouseholdCard, page: usize) -> State {
    let mut state = State::new(
        Lang::Zh,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        "clerk",
    );
    state.card = Some(CardView::new(card));
    state.layout.list_rows.set(page);
    state
}

fn press(state: &mut State, action: Action) -> (usize, Option<usize>) {
    assert_eq!(
        super::super::update::update(state, action),
        Some(vec![]),
        "{action:?} handled"
    );
    let c = state.card.as_ref().unwrap();
    (c.member(), c.request())
}

#[test]
fn the_cursor_goes_down_the_members_into_the_requests_and_stops_at_both_ends() {
    let mut s = open(card(2, 3), 2);
    assert_eq!(press(&mut s, Action::Up), (0, None), "past the top: stays");
    assert_eq!(press(&mut s, Action::Down), (1, None));
    assert_eq!(
        press(&mut s, Action::Down),
        (1, Some(0)),
        "last member, then the first request"
    );
    assert_eq!(press(&mut s, Action::Up), (1, None), "back up to the last member");
    assert_eq!(
        press(&mut s, Action::PageDown),
        (1, Some(1)),
        "a page is the rows the last frame showed"
    );
    assert_eq!(press(&mut s, Action::Bottom), (1, Some(2)));
    assert_eq!(press(&mut s, Action::Down), (1, Some(2)), "past the bottom: stays");
    assert_eq!(press(&mut s, Action::Top), (0, None));
    assert_eq!(press(&mut s, Action::PageUp), (0, None));
}

#[test]
fn page_and_end_keys_move_the_card_not_the_register_behind_it() {
    let mut s = open(card(1, 5), 3);
    let register = s.list_of(crate::panes::PaneId::LOOKUP).sel.clone();
    assert_eq!(press(&mut s, Action::Bottom), (0, Some(4)));
    assert_eq!(press(&mut s, Action::PageUp), (0, Some(1)));
    assert_eq!(s.list_of(crate::panes::PaneId::LOOKUP).sel, register);
}

#[test]
fn an_empty_card_keeps_its_cursor_at_the_top() {
    let mut s = open(card(0, 0), 10);
    for action in [Action::Down, Action::PageDown, Action::Bottom, Action::Up, Action::Top] {
        assert_eq!(press(&mut s, action), (0, None), "{action:?}");
    }
    // No members: the first row is already the first request.
    let mut s = open(card(0, 2), 10);
    assert_eq!(press(&mut s, Action::Top), (0, Some(0)));
    assert_eq!(press(&mut s, Action::Down), (0, Some(1)));
}

#[test]
fn a_reload_keeps_the_cursor_on_the_same_kind_of_row() {
    let mut view = CardView::new(card(2, 3));
    view.step(Action::Bottom, 1);
    // A member added: the cursor stays on the last request, not the row number.
    view.reload(card(3, 3));
    assert_eq!((view.member(), view.request()), (2, Some(2)));
    // Requests gone: back on the last member.
    view.reload(card(3, 0));
    assert_eq!((view.member(), view.request()), (2, None));
    view.reload(card(1, 0));
    assert_eq!((view.member(), view.request()), (0, None));
}
