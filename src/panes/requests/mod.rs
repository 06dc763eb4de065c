//! 诉求: the triage table, its views and marks, and one request's detail.
//! Keys: `update.rs` (table and detail); store calls: `effects.rs`.

pub mod detail;
pub mod draw;
pub mod effects;
pub mod forms;
pub mod state;
pub mod table;
pub mod update;

use super::{Pane, PaneId};
use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::form::FormKind;
use crate::app::keymap::{Context, Keymap};
use crate::app::message::Message;
use crate::app::snapshot::Snapshot;
use crate::app::state::State;
use crate::domain::workflow::CommandKind;
use crate::text::i18n::Texts;
use ratatui::Frame;
use ratatui::layout::Rect;
use update::RequestEffect;

impl PaneId {
    pub const REQUESTS: PaneId = PaneId("requests");
}

#[derive(Debug)]
pub struct RequestsPane;

/// The workflow command a key of the detail view asks for.
fn command_of(action: Action) -> Option<CommandKind> {
    Some(match action {
        Action::Assign => CommandKind::Assign,
        Action::Start => CommandKind::Start,
        Action::Resolve => CommandKind::Resolve,
        Action::Callback => CommandKind::RecordCallback,
        Action::CloseRequest => CommandKind::Close,
        Action::Reject => CommandKind::Reject,
        Action::Escalate => CommandKind::Escalate,
        Action::Extend => CommandKind::Extend,
        Action::Reopen => CommandKind::Reopen,
        Action::Urge => CommandKind::Urge,
        Action::MergeSimilar => CommandKind::MergeDuplicate,
        _ => return None,
    })
}

impl Pane for RequestsPane {
    fn id(&self) -> PaneId {
        PaneId::REQUESTS
    }

    fn title<'a>(&self, t: &'a Texts) -> &'a str {
        &t.panes.requests
    }

    fn contexts(&self, state: &State) -> Option<(Vec<Context>, bool)> {
        if state.requests.callback_prompt.is_some() {
            Some((vec![Context::Prompt], true))
        } else if state.requests.detail.is_some() {
            Some((vec![Context::RequestDetail, Context::Global], false))
        } else if state.filter_input.is_none() {
            Some((vec![Context::Requests, Context::List, Context::Global], false))
        } else {
            None
        }
    }

    fn help_contexts(&self) -> &'static [Context] {
        &[Context::Requests, Context::RequestDetail, Context::Prompt]
    }

    fn update(&self, state: &mut State, action: Action) -> Option<Vec<Effect>> {
        update::update(state, action)
    }

    fn submit(&self, state: &mut State, _kind: &FormKind) -> Option<Vec<Effect>> {
        update::submit(state)
    }

    fn on_enter(&self, state: &mut State) -> Vec<Effect> {
        // The table is queried on entry.
        update::fetch(state, update::Fetch::Refresh)
    }

    fn apply(&self, state: &mut State, message: Message) -> Option<Message> {
        match message {
            Message::Requests(m) => {
                update::apply(state, *m);
                None
            }
            other => Some(other),
        }
    }

    fn on_snapshot(&self, state: &mut State) -> Vec<Effect> {
        let mut effects = Vec::new();
        if state.pane == PaneId::REQUESTS || !state.requests.rows.is_empty() {
            effects.extend(update::fetch(state, update::Fetch::Refresh));
        }
        if let Some(d) = &state.requests.detail {
            effects.push(Effect::Request(Box::new(RequestEffect::Open(d.detail.id))));
        }
        effects
    }

    fn row_count(&self, state: &State) -> usize {
        state.requests.rows.len()
    }

    fn row_id(&self, state: &State, row: usize) -> Option<i64> {
        state.requests.rows.get(row).map(|r| r.id)
    }

    /// The `/` filter is applied by the store (see `update::quick_filter`):
    /// every loaded row already matches it.
    fn row_matches(&self, _state: &State, _row: usize, _needle: &str) -> bool {
        true
    }

    /// In the detail view, a workflow step the rules refuse from the
    /// request's status (or to this user's role) is not offered.
    fn enabled(&self, state: &State, action: Action) -> bool {
        match (&state.requests.detail, command_of(action)) {
            (Some(view), Some(kind)) => view.allowed.contains(&kind),
            _ => true,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, state: &State, _data: &Snapshot, t: &Texts, _keymap: &Keymap) {
        draw::draw(frame, area, state, t)
    }
}
