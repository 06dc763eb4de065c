//! state + action → effects. No I/O here: effects are carried out by `run`.

use super::action::Action;
use super::input::Input;
use super::keymap::Context;
use super::state::{Overlay, Pane, State};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Load a fresh snapshot now (after our own write, or on request).
    Reload,
}

/// The contexts keys resolve in right now, most specific first, and
/// whether printable keys type into an input.
pub fn contexts(state: &State) -> (Vec<Context>, bool) {
    match state.overlay {
        Overlay::Help { .. } => return (vec![Context::Help], false),
        Overlay::None => {}
    }
    if state.filter_input.is_some() {
        (vec![Context::Input, Context::Global], true)
    } else {
        (vec![Context::List, Context::Global], false)
    }
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    if let Overlay::Help { scroll } = &mut state.overlay {
        match action {
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll += 1,
            Action::Back | Action::Help => state.overlay = Overlay::None,
            _ => {}
        }
        return vec![];
    }
    if state.filter_input.is_some() && edit_filter(state, action) {
        return vec![];
    }
    match action {
        Action::Quit => state.should_quit = true,
        Action::Help => state.overlay = Overlay::Help { scroll: 0 },
        Action::NextPane => switch(state, (state.pane.index() + 1) % Pane::ALL.len()),
        Action::PrevPane => switch(state, (state.pane.index() + Pane::ALL.len() - 1) % Pane::ALL.len()),
        Action::PaneGridMap => switch(state, 0),
        Action::PaneLookup => switch(state, 1),
        Action::PaneRequests => switch(state, 2),
        Action::PaneMeetings => switch(state, 3),
        Action::PaneAssessment => switch(state, 4),
        Action::JumpLookup => {
            switch(state, Pane::Lookup.index());
            state.list_mut().filter.clear();
            state.refilter(Pane::Lookup);
            state.filter_input = Some(Input::default());
        }
        Action::Up => move_selection(state, -1),
        Action::Down => move_selection(state, 1),
        Action::PageUp => move_selection(state, -(state.list_height().max(1) as isize)),
        Action::PageDown => move_selection(state, state.list_height().max(1) as isize),
        Action::Top => move_selection(state, isize::MIN / 2),
        Action::Bottom => move_selection(state, isize::MAX / 2),
        Action::Filter => state.filter_input = Some(Input::with_text(&state.list().filter)),
        Action::Back => {
            if !state.list().filter.is_empty() {
                state.list_mut().filter.clear();
                state.refilter(state.pane);
            }
        }
        Action::Refresh => return vec![Effect::Reload],
        _ => {}
    }
    vec![]
}

fn switch(state: &mut State, index: usize) {
    state.pane = Pane::ALL[index];
    state.filter_input = None;
}

fn move_selection(state: &mut State, delta: isize) {
    let h = state.list_height();
    let list = state.list_mut();
    list.move_by(delta);
    list.scroll_into_view(h);
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
