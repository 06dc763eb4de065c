//! The lookup pane's behaviour: typing a query, moving through results,
//! and the household card opened from them.

use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::input::Input;
use crate::app::state::State;
use crate::model::register::HouseholdCard;
use crate::panes::PaneId;
use crate::panes::lookup::forms;
use crate::panes::lookup::state::{CardView, LookupRow};
use crate::text::i18n::texts;

/// Phone-call mode: empty query, caret in it, card closed.
pub fn jump(state: &mut State) -> Vec<Effect> {
    state.card = None;
    state.lookup.query = Input::default();
    state.lookup.focused = true;
    state.lookup.rows.clear();
    state.lookup.found = None;
    state.lookup.list = Default::default();
    vec![Effect::Search(String::new())]
}

/// Handles `action` if the lookup pane owns it; `None` lets the global
/// handling (pane switches, help, quit) take it.
pub fn update(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    if state.card.is_some() {
        return update_card(state, action);
    }
    if state.lookup.focused {
        return update_query(state, action);
    }
    let searching = !state.lookup.query.text.is_empty();
    match action {
        Action::Filter => state.lookup.focused = true,
        Action::Open => return Some(open_selected(state)),
        Action::Back if searching => return Some(clear_query(state)),
        Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom if searching => {
            move_hits(state, action)
        }
        _ => return None,
    }
    Some(vec![])
}

fn update_query(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    let q = &mut state.lookup.query;
    match action {
        Action::Insert(c) => q.insert(c),
        Action::Backspace => q.backspace(),
        Action::Delete => q.delete(),
        Action::CaretLeft => {
            q.left();
            return Some(vec![]);
        }
        Action::CaretRight => {
            q.right();
            return Some(vec![]);
        }
        Action::CaretHome => {
            q.home();
            return Some(vec![]);
        }
        Action::CaretEnd => {
            q.end();
            return Some(vec![]);
        }
        Action::Up | Action::Down => {
            if state.lookup.query.text.is_empty() {
                state.move_selection(if action == Action::Up { -1 } else { 1 });
            } else {
                move_hits(state, action);
            }
            return Some(vec![]);
        }
        Action::InputAccept => return Some(open_selected(state)),
        Action::InputCancel => {
            if state.lookup.picking_for_request {
                // Not in the register: log an outside caller instead.
                state.lookup.picking_for_request = false;
                state.switch(PaneId::REQUESTS);
                state.form = Some(forms::new_request(state, None));
                return Some(vec![]);
            }
            // One press leaves the input; the results stay listed (Esc on
            // the list clears them), and pane keys work again.
            state.lookup.focused = false;
            return Some(vec![]);
        }
        _ => return None,
    }
    state.lookup.list = Default::default();
    Some(vec![Effect::Search(state.lookup.query.text.clone())])
}

fn clear_query(state: &mut State) -> Vec<Effect> {
    state.lookup.query = Input::default();
    state.lookup.rows.clear();
    state.lookup.found = None;
    state.lookup.list = Default::default();
    vec![Effect::Search(String::new())]
}

fn move_hits(state: &mut State, action: Action) {
    let page = state.list_height().max(1);
    let n = state.lookup.rows.len();
    // Any other action reaching here moves to the bottom, as before.
    if !state.lookup.list.step(action, page, n) {
        state.lookup.list.step(Action::Bottom, page, n);
    }
}

/// The household of the selected result, or of the selected register row
/// when no query is typed. When choosing the resident of a new request, the
/// request form opens instead of the card.
fn open_selected(state: &mut State) -> Vec<Effect> {
    let query = &state.lookup.query.text;
    if !query.is_empty() && state.lookup.found.as_ref() != Some(query) {
        // Typed faster than the worker answers: the results shown are an
        // older query's (or none). Open what this query finds instead.
        if !state.lookup.picking_for_request {
            state.lookup.focused = false;
        }
        return vec![Effect::OpenHit(query.clone())];
    }
    if state.lookup.picking_for_request {
        pick(state, state.lookup.list.selected);
        return vec![];
    }
    let household = if state.lookup.query.text.is_empty() {
        let row = state.list().selected_row();
        row.and_then(|i| state.data.as_ref()?.households.get(i).map(|h| h.id))
    } else {
        state
            .lookup
            .rows
            .get(state.lookup.list.selected)
            .map(|r| r.entry.household_id)
    };
    match household {
        Some(id) => {
            // Back from the card lands on the results, not in the query.
            state.lookup.focused = false;
            vec![Effect::LoadCard(id)]
        }
        None => vec![],
    }
}

/// Choosing a new request's resident: result `row` is the caller.
fn pick(state: &mut State, row: usize) {
    let Some(row) = state.lookup.rows.get(row) else {
        return;
    };
    let caller = forms::Caller {
        household_id: row.entry.household_id,
        address: row.entry.address.clone(),
        person: row.entry.person_id.map(|id| (id, row.entry.name.clone())),
    };
    state.lookup.picking_for_request = false;
    state.switch(PaneId::REQUESTS);
    state.form = Some(forms::new_request(state, Some(caller)));
}

fn update_card(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    let card = state.card.as_mut()?;
    // One cursor: down through the members, then the requests; a page
    // is the rows the card's history showed in the last frame.
    let page = state.layout.list_rows.get().max(1);
    if card.step(action, page) {
        return Some(vec![]);
    }
    match action {
        Action::Open => {
            // Refused before with a reason when no request is selected
            // (`LookupPane::refusal`).
            let id = card.card.requests.get(card.request()?)?.id;
            state.requests.back_to_card = true;
            state.switch(PaneId::REQUESTS);
            return Some(vec![
                Effect::Request(Box::new(crate::panes::requests::update::RequestEffect::Open(id))),
                Effect::Request(Box::new(crate::panes::requests::update::RequestEffect::Query)),
            ]);
        }
        Action::Back => state.card = None,
        Action::MarkVerified => {
            return Some(vec![Effect::MarkVerified {
                household_id: card.card.id,
                version: card.card.version,
            }]);
        }
        Action::Reveal => {
            if card.revealed {
                card.revealed = false;
            } else {
                // The store decides and audits a refusal too (README
                // "Accounts and roles").
                return Some(vec![Effect::Reveal {
                    household_id: card.card.id,
                }]);
            }
        }
        Action::NewRequest => {
            let caller = forms::Caller {
                household_id: card.card.id,
                address: card.card.address.clone(),
                person: card.card.members.get(card.member()).map(|m| (m.id, m.name.clone())),
            };
            state.form = Some(forms::new_request(state, Some(caller)));
        }
        Action::EditMember => match card.card.members.get(card.member()).cloned() {
            Some(m) => state.form = Some(forms::edit_member(state, &m)),
            None => {
                let msg = texts(state.lang).form.no_member.clone();
                state.error(msg);
            }
        },
        Action::LogVisit => crate::panes::assessment::update::visit_from_card(state),
        Action::AddMember => {
            let (id, version) = (card.card.id, card.card.version);
            state.form = Some(forms::add_member(state, id, version));
        }
        _ => return None,
    }
    Some(vec![])
}

/// Results of the lookup pane's effects (carried out in `service::lookup`).
#[derive(Debug, Clone, PartialEq)]
pub enum LookupMessage {
    /// The ranked results of the current query; `more` when the query
    /// matched more than are listed.
    Results {
        query: String,
        rows: Vec<LookupRow>,
        more: bool,
    },
    /// Choosing a new request's resident: result `row` was picked (Enter
    /// before the results had arrived).
    Pick(usize),
    /// A household card loaded; `keep` keeps the member selection and the
    /// reveal when it is the card already open.
    Card { card: Box<HouseholdCard>, keep: bool },
    /// Full IDs and phones may be shown on the open card (audited).
    Revealed,
}

/// Puts an effect's result into the pane's state.
pub fn apply(state: &mut State, message: LookupMessage) {
    match message {
        LookupMessage::Results { query, rows, more } => {
            state.lookup.found = Some(query);
            state.lookup.rows = rows;
            state.lookup.more = more;
            state.lookup.list.clamp(state.lookup.rows.len());
        }
        // A refresh of a card that is no longer open (closed, or another
        // opened since it was asked for) is not wanted.
        LookupMessage::Card { keep: true, card } if state.card.as_ref().is_none_or(|c| c.card.id != card.id) => {}
        LookupMessage::Pick(row) => {
            if state.lookup.picking_for_request {
                pick(state, row);
            }
        }
        LookupMessage::Card { card, keep } => match state.card.as_mut() {
            Some(open) if keep && open.card.id == card.id => open.reload(*card),
            _ => state.card = Some(CardView::new(*card)),
        },
        LookupMessage::Revealed => {
            if let Some(card) = state.card.as_mut() {
                card.revealed = true;
            }
        }
    }
}
