//! state + action → effects. No I/O here: effects are carried out by
//! `effects::execute`, which reports results back into the state.

use super::action::Action;
use super::effect::Effect;
use super::form::{FormEdit, PickerEdit};
use super::input::Input;
use super::keymap::Context;
use super::message::Message;
use super::state::{Confirm, Overlay, State};
use crate::panes::PaneId;
use crate::panes::lookup::update as lookup;
use crate::text::i18n::texts;

/// The pane-switch actions and the pane each shows; the tab bar labels its
/// tabs with the keys bound to them (README, Keys).
pub const PANE_ACTIONS: &[(Action, PaneId)] = &[
    (Action::PaneGridMap, PaneId::GRID_MAP),
    (Action::PaneLookup, PaneId::LOOKUP),
    (Action::PaneRequests, PaneId::REQUESTS),
    (Action::PaneMeetings, PaneId::MEETINGS),
    (Action::PaneAssessment, PaneId::ASSESSMENT),
    (Action::PaneSetup, PaneId::SETUP),
    (Action::PaneReports, PaneId::REPORTS),
];

/// The pane a pane-switch action shows.
pub fn pane_of(action: Action) -> Option<PaneId> {
    PANE_ACTIONS.iter().find(|(a, _)| *a == action).map(|(_, p)| *p)
}

/// The action that switches to `pane`, if one is bound.
pub fn pane_action(pane: PaneId) -> Option<Action> {
    PANE_ACTIONS.iter().find(|(_, p)| *p == pane).map(|(a, _)| *a)
}

/// The contexts keys resolve in right now, most specific first, and
/// whether printable keys type into an input.
pub fn contexts(state: &State) -> (Vec<Context>, bool) {
    if state.gate.is_some() {
        return (vec![Context::Gate], true);
    }
    match state.overlay {
        // Typing a help search: printable keys type, Enter/Esc end it.
        Overlay::Help(ref h) if h.typing => return (vec![Context::Input], true),
        Overlay::Help(_) => return (vec![Context::Help], false),
        Overlay::Confirm(_) => return (vec![Context::Confirm], false),
        Overlay::None => {}
    }
    if state.form.is_some() {
        return (vec![Context::Form, Context::Global], true);
    }
    if let Some(ctx) = state.panes.get(state.pane).contexts(state) {
        return ctx;
    }
    if state.filter_input.is_some() {
        (vec![Context::Input, Context::Global], true)
    } else {
        (vec![Context::List, Context::Global], false)
    }
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    // The login and lock screen come before everything (README "Accounts
    // and roles"); a lock leaves forms and overlays as they are.
    state.idle.touch();
    if state.gate.is_some() {
        return super::gate::update(state, action);
    }
    if action == Action::LockNow {
        super::gate::lock(state);
        return vec![];
    }
    match state.overlay {
        Overlay::Help(ref mut help) => {
            if update_help(help, action, &state.layout) {
                state.overlay = Overlay::None;
            }
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
    let pane = state.panes.get(state.pane);
    if let Some(reason) = pane.refusal(state, action) {
        state.error(reason);
        return vec![];
    }
    if let Some(effects) = pane.update(state, action) {
        return effects;
    }
    if state.filter_input.is_some() && edit_filter(state, action) {
        return vec![];
    }
    match action {
        Action::Help => state.overlay = Overlay::Help(Default::default()),
        Action::NextPane => return switch_to(state, state.panes.at((state.pane_index() + 1) % state.panes.len()).id()),
        Action::PrevPane => {
            let n = state.panes.len();
            return switch_to(state, state.panes.at((state.pane_index() + n - 1) % n).id());
        }
        a if pane_of(a).is_some_and(|p| state.panes.all().iter().any(|r| r.id() == p)) => {
            return switch_to(state, pane_of(a).expect("checked"));
        }
        Action::JumpLookup => {
            state.switch(PaneId::LOOKUP);
            state.lookup.picking_for_request = false;
            return lookup::jump(state);
        }
        Action::Up => state.move_selection(-1),
        Action::Down => state.move_selection(1),
        Action::PageUp => state.move_selection(-(state.list_height().max(1) as isize)),
        Action::PageDown => state.move_selection(state.list_height().max(1) as isize),
        Action::Top => state.move_selection(isize::MIN / 2),
        Action::Bottom => state.move_selection(isize::MAX / 2),
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

/// Puts what an effect found out into the state: the one place, with
/// `update`, where state changes.
pub fn apply(state: &mut State, message: Message) {
    match message {
        Message::Info(text) => state.info(text),
        Message::Error(text) => state.error(text),
        Message::FormSaved(text) => {
            state.form = None;
            state.info(text);
        }
        Message::CloseForm => state.form = None,
        Message::FieldRefused { field, text } => {
            if let Some(form) = state.form.as_mut() {
                form.set_error(field, text.clone());
            }
            state.error(text);
        }
        Message::FormRebased { kind, newer, text } => {
            if let Some(form) = state.form.as_mut() {
                form.clear_errors();
                let lang = state.lang;
                for (key, theirs) in form.rebase(&newer) {
                    let note = crate::text::i18n::fill(
                        &crate::text::i18n::texts(lang).forms.conflict_theirs,
                        &[("value", &theirs)],
                    );
                    form.set_error(key, note);
                }
                form.kind = kind;
                form.error = Some(text.clone());
            }
            state.error(text);
        }
        Message::Gate(m) => super::gate::apply(state, m),
        Message::FormRefused(text) => {
            if let Some(form) = state.form.as_mut() {
                form.error = Some(text.clone());
            }
            state.error(text);
        }
        pane_message => {
            let panes = state.panes.clone();
            let mut left = Some(pane_message);
            for pane in panes.all() {
                left = match left {
                    Some(m) => pane.apply(state, m),
                    None => break,
                };
            }
            debug_assert!(left.is_none(), "a message no pane takes: {left:?}");
        }
    }
}

/// Switches panes; the pane says what it needs on entry (the requests
/// table is queried).
fn switch_to(state: &mut State, pane: PaneId) -> Vec<Effect> {
    state.switch(pane);
    state.panes.get(state.pane).on_enter(state)
}

/// Scrolls and searches the help; true when it closes. Pages go by the
/// rows the last frame showed.
fn update_help(help: &mut super::state::HelpView, action: Action, layout: &super::state::Layout) -> bool {
    let rows = layout.help_rows.get().max(1);
    let last = layout.help_lines.get().saturating_sub(rows);
    if help.typing {
        let search = &mut help.search;
        match action {
            a if search.edit(a) => {}
            Action::InputAccept => help.typing = false,
            Action::InputCancel => {
                help.typing = false;
                help.search = Input::default();
            }
            _ => {}
        }
        help.scroll = 0;
        return false;
    }
    help.scroll = match action {
        Action::Up => help.scroll.saturating_sub(1),
        Action::Down => help.scroll + 1,
        Action::PageUp => help.scroll.saturating_sub(rows),
        Action::PageDown => help.scroll + rows,
        Action::Top => 0,
        Action::Bottom => last,
        Action::Filter => {
            help.typing = true;
            help.search = Input::default();
            0
        }
        // Esc first clears a search, then closes.
        Action::Back if !help.search.text.is_empty() => {
            help.search = Input::default();
            0
        }
        Action::Back | Action::Help => return true,
        _ => help.scroll,
    }
    .min(last);
    false
}

/// Keys while a long choice's filterable list is open: printable keys
/// filter, arrows move, Enter takes the option, Esc closes the list.
fn update_picker(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(form) = state.form.as_mut() else {
        return vec![];
    };
    match action {
        Action::Insert(c) => form.picker_edit(PickerEdit::Insert(c)),
        Action::Backspace => form.picker_edit(PickerEdit::Backspace),
        Action::PrevField | Action::Up => form.picker_edit(PickerEdit::Move(-1)),
        Action::NextField | Action::Down => form.picker_edit(PickerEdit::Move(1)),
        Action::PageUp => form.picker_edit(PickerEdit::Move(-(PICKER_PAGE as isize))),
        Action::PageDown => form.picker_edit(PickerEdit::Move(PICKER_PAGE as isize)),
        Action::InputAccept => form.picker_accept(),
        Action::InputCancel | Action::Back => form.picker = None,
        Action::Save => {
            form.picker_accept();
            return submit(state);
        }
        _ => {}
    }
    vec![]
}

/// Rows a page move skips in a choice list (the rows it shows).
const PICKER_PAGE: usize = 8;

/// The global actions an open form takes (the rest wait until it is saved
/// or cancelled, so the hint line does not offer them).
pub const FORM_GLOBALS: [Action; 3] = [Action::Quit, Action::LockNow, Action::Help];

fn update_form(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(form) = state.form.as_mut() else {
        return vec![];
    };
    if form.picker.is_some() {
        return update_picker(state, action);
    }
    // A long choice opens its filterable list on typing or Enter.
    if form.focused_is_long_choice() {
        match action {
            Action::Insert(c) if c != ' ' => {
                form.open_picker(Some(c));
                return vec![];
            }
            Action::InputAccept => {
                form.open_picker(None);
                return vec![];
            }
            _ => {}
        }
    }
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
                return submit(state);
            }
        }
        Action::Save => return submit(state),
        // F1 (`?` types): the help over the form, which stays as it is.
        Action::Help => state.overlay = Overlay::Help(Default::default()),
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

/// Validates the open form through the pane that owns its kind.
fn submit(state: &mut State) -> Vec<Effect> {
    let Some(kind) = state.form.as_ref().map(|f| f.kind.clone()) else {
        return vec![];
    };
    let panes = state.panes.clone();
    panes
        .all()
        .iter()
        .find_map(|p| p.submit(state, &kind))
        .unwrap_or_default()
}

/// Handles an action while the filter input has focus; returns false for
/// actions the input does not consume (global keys such as F2).
/// Edits the filter being typed; false when `action` is not an edit.
pub fn edit_filter(state: &mut State, action: Action) -> bool {
    let Some(input) = state.filter_input.as_mut() else {
        return false;
    };
    match action {
        a if input.edit(a) => {}
        Action::Up | Action::Down => {
            state.move_selection(if action == Action::Up { -1 } else { 1 });
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
