//! state + action → effects. No I/O here: effects are carried out by
//! `effects::execute`, which reports results back into the state.

use super::action::Action;
use super::effect::Effect;
use super::form::FormEdit;
use super::input::Input;
use super::keymap::Context;
use super::state::{Confirm, Overlay, Pane, State};
use crate::panes::agenda::update as agenda;
use crate::panes::assessment::update as assess;
use crate::panes::lookup::forms;
use crate::panes::lookup::update as lookup;
use crate::panes::requests::update as requests;
use crate::text::i18n::texts;

/// The contexts keys resolve in right now, most specific first, and
/// whether printable keys type into an input.
pub fn contexts(state: &State) -> (Vec<Context>, bool) {
    match state.overlay {
        Overlay::Help { .. } => return (vec![Context::Help], false),
        Overlay::Confirm(_) => return (vec![Context::Confirm], false),
        Overlay::None => {}
    }
    if state.form.is_some() {
        return (vec![Context::Form, Context::Global], true);
    }
    if state.pane == Pane::Requests {
        if state.requests.callback_prompt.is_some() {
            return (vec![Context::Prompt], true);
        }
        if state.requests.detail.is_some() {
            return (vec![Context::RequestDetail, Context::Global], false);
        }
        if state.filter_input.is_none() {
            return (vec![Context::Requests, Context::List, Context::Global], false);
        }
    }
    if state.pane == Pane::Lookup {
        if state.card.is_some() {
            return (vec![Context::Card, Context::Global], false);
        }
        if state.lookup.focused {
            return (vec![Context::Input, Context::Global], true);
        }
    }
    if state.pane == Pane::Meetings && state.filter_input.is_none() {
        return (vec![agenda::context(state), Context::List, Context::Global], false);
    }
    if let Some(ctx) = assess::contexts(state) {
        return ctx;
    }
    if state.filter_input.is_some() {
        (vec![Context::Input, Context::Global], true)
    } else {
        (vec![Context::List, Context::Global], false)
    }
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match state.overlay {
        Overlay::Help { scroll } => {
            state.overlay = match action {
                Action::Up => Overlay::Help {
                    scroll: scroll.saturating_sub(1),
                },
                Action::Down => Overlay::Help { scroll: scroll + 1 },
                Action::Back | Action::Help => Overlay::None,
                _ => Overlay::Help { scroll },
            };
            return vec![];
        }
        Overlay::Confirm(what) => {
            if action == Action::Confirm {
                match what {
                    Confirm::Quit => state.should_quit = true,
                    Confirm::DiscardForm => state.form = None,
                }
            }
            if matches!(action, Action::Confirm | Action::Cancel) {
                state.overlay = Overlay::None;
            }
            return vec![];
        }
        Overlay::None => {}
    }
    if action == Action::Quit {
        if state.has_unsaved() {
            state.overlay = Overlay::Confirm(Confirm::Quit);
        } else {
            state.should_quit = true;
        }
        return vec![];
    }
    if state.form.is_some() {
        return update_form(state, action);
    }
    if state.pane == Pane::Lookup
        && let Some(effects) = lookup::update(state, action)
    {
        return effects;
    }
    if state.pane == Pane::Requests
        && let Some(effects) = requests::update(state, action)
    {
        return effects;
    }
    if state.pane == Pane::Meetings
        && let Some(effects) = agenda::update(state, action)
    {
        return effects;
    }
    if matches!(state.pane, Pane::GridMap | Pane::Assessment)
        && let Some(effects) = assess::update(state, action)
    {
        return effects;
    }
    if state.filter_input.is_some() && edit_filter(state, action) {
        return vec![];
    }
    match action {
        Action::Help => state.overlay = Overlay::Help { scroll: 0 },
        Action::NextPane => return switch_to(state, (state.pane.index() + 1) % Pane::ALL.len()),
        Action::PrevPane => return switch_to(state, (state.pane.index() + Pane::ALL.len() - 1) % Pane::ALL.len()),
        Action::PaneGridMap => return switch_to(state, 0),
        Action::PaneLookup => return switch_to(state, 1),
        Action::PaneRequests => return switch_to(state, 2),
        Action::PaneMeetings => return switch_to(state, 3),
        Action::PaneAssessment => return switch_to(state, 4),
        Action::JumpLookup => {
            switch(state, Pane::Lookup.index());
            state.lookup.picking_for_request = false;
            return lookup::jump(state);
        }
        Action::Up => move_selection(state, -1),
        Action::Down => move_selection(state, 1),
        Action::PageUp => move_selection(state, -(state.list_height().max(1) as isize)),
        Action::PageDown => move_selection(state, state.list_height().max(1) as isize),
        Action::Top => move_selection(state, isize::MIN / 2),
        Action::Bottom => move_selection(state, isize::MAX / 2),
        Action::Filter => state.filter_input = Some(Input::with_text(&state.list().filter)),
        Action::Back if !state.list().filter.is_empty() => {
            state.list_mut().filter.clear();
            state.refilter(state.pane);
        }
        Action::Refresh => {
            state.info(texts(state.lang).chrome.refreshed.clone());
            return vec![Effect::Reload];
        }
        _ => {}
    }
    vec![]
}

pub(crate) fn switch(state: &mut State, index: usize) {
    state.pane = Pane::ALL[index];
    state.filter_input = None;
}

/// Pane switches that need data: the requests table is queried on entry.
fn switch_to(state: &mut State, index: usize) -> Vec<Effect> {
    switch(state, index);
    if state.pane == Pane::Requests {
        vec![Effect::Request(Box::new(requests::RequestEffect::Query))]
    } else {
        vec![]
    }
}

pub(crate) fn move_selection(state: &mut State, delta: isize) {
    let h = state.list_height();
    let list = state.list_mut();
    list.move_by(delta);
    list.scroll_into_view(h);
}

fn update_form(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(form) = state.form.as_mut() else {
        return vec![];
    };
    let edit = match action {
        Action::Insert(c) => Some(FormEdit::Insert(c)),
        Action::Backspace => Some(FormEdit::Backspace),
        Action::Delete => Some(FormEdit::Delete),
        Action::CaretLeft => Some(FormEdit::Left),
        Action::CaretRight => Some(FormEdit::Right),
        Action::CaretHome => Some(FormEdit::Home),
        Action::CaretEnd => Some(FormEdit::End),
        _ => None,
    };
    if let Some(edit) = edit {
        form.edit(edit);
        return vec![];
    }
    match action {
        Action::NextField => form.next(),
        Action::PrevField => form.prev(),
        Action::InputAccept => {
            // Enter: a newline in multi-line text; otherwise the next field,
            // and on the last field it saves, as clerks expect.
            if matches!(form.focused().kind, super::form::FieldKind::MultiLine) {
                form.edit(FormEdit::Newline);
            } else if form.focus + 1 < form.fields.len() {
                form.next();
            } else {
                return forms::submit(state);
            }
        }
        Action::Save => return forms::submit(state),
        Action::InputCancel => {
            if form.dirty {
                state.overlay = Overlay::Confirm(Confirm::DiscardForm);
            } else {
                state.form = None;
            }
        }
        _ => {}
    }
    vec![]
}

/// Handles an action while the filter input has focus; returns false for
/// actions the input does not consume (global keys such as F2).
fn edit_filter(state: &mut State, action: Action) -> bool {
    let Some(input) = state.filter_input.as_mut() else {
        return false;
    };
    match action {
        Action::Insert(c) => input.insert(c),
        Action::Backspace => input.backspace(),
        Action::Delete => input.delete(),
        Action::CaretLeft => input.left(),
        Action::CaretRight => input.right(),
        Action::CaretHome => input.home(),
        Action::CaretEnd => input.end(),
        Action::Up | Action::Down => {
            move_selection(state, if action == Action::Up { -1 } else { 1 });
            return true;
        }
        Action::InputAccept => {
            state.filter_input = None;
            return true;
        }
        Action::InputCancel => {
            state.filter_input = None;
            state.list_mut().filter.clear();
            state.refilter(state.pane);
            return true;
        }
        _ => return false,
    }
    // Live filtering: every edit re-applies the filter.
    let text = input.text.clone();
    if state.list().filter != text {
        state.list_mut().filter = text;
        state.list_mut().selected = 0;
        state.refilter(state.pane);
    }
    true
}
