//! 诉求: the triage table, its views and marks, and one request's detail.
//! Keys: `update.rs` (table and detail); its effects are carried out in `service::requests`.

pub mod detail;
pub mod draw;
pub mod filter_form;
pub mod filters;
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

/// What the workflow rules need of a table row (the table does not carry
/// the assignee; no table step depends on it).
fn row_facts(row: &crate::model::requests::RequestRow) -> crate::domain::workflow::RequestFacts {
    let mut facts = crate::domain::workflow::RequestFacts::received(row.id, row.level, row.due);
    facts.status = row.status;
    facts.urges = row.urge_count;
    facts
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
            effects.push(Effect::Request(Box::new(RequestEffect::Reload(d.detail.id))));
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

    /// A workflow step the rules refuse from the request's status (or to
    /// this user's role) is refused with the reason before its form opens:
    /// in the detail, and in the table for the row under the cursor.
    fn refusal(&self, state: &State, action: Action) -> Option<String> {
        if state.requests.callback_prompt.is_some() || state.form.is_some() {
            return None;
        }
        if action == Action::ClearFilters && state.requests.detail.is_none() {
            // Greyed out while there is nothing to clear.
            let t = crate::text::i18n::texts(state.lang);
            return filters::active(state, t)
                .is_empty()
                .then(|| t.clerkflow.filters_none.clone());
        }
        let kind = command_of(action)?;
        let (facts, allowed) = match &state.requests.detail {
            Some(view) => (view.detail.facts(), view.allowed.clone()),
            None if state.filter_input.is_none() && state.requests.marked.is_empty() => {
                // The table's single-row steps; bulk steps over marks are
                // checked per request by the store.
                if !matches!(
                    kind,
                    CommandKind::Assign | CommandKind::RecordCallback | CommandKind::Urge
                ) {
                    return None;
                }
                let row = state.selected_request()?;
                let facts = row_facts(row);
                // Role only matters for extending, which the table does not offer.
                let allowed = crate::domain::workflow::allowed_commands(&facts, crate::domain::request::Role::Clerk);
                (facts, allowed)
            }
            None => return None,
        };
        if allowed.contains(&kind) {
            return None;
        }
        use crate::domain::workflow::{Refusal, RefusalReason};
        let reason = if kind == CommandKind::Extend && facts.status.is_open() {
            RefusalReason::NeedsRole(vec![])
        } else if kind == CommandKind::Start && facts.status.is_open() && facts.assignee.is_none() {
            RefusalReason::NeedsAssignee
        } else {
            RefusalReason::NotAllowedFrom(facts.status)
        };
        let refusal = Refusal {
            reason,
            from: facts.status,
            allowed,
        };
        Some(crate::text::i18n::refusal(state.lang, &refusal, Some(kind)))
    }

    fn draw(&self, frame: &mut Frame, area: Rect, state: &State, _data: &Snapshot, t: &Texts, _keymap: &Keymap) {
        draw::draw(frame, area, state, t)
    }
}
