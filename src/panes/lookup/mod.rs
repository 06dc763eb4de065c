//! 户籍查询: the query, its results, the register and the household card.
//! Keys: `update.rs`; member and new-request forms: `forms.rs`.

pub mod card;
pub mod draw;
pub mod forms;
pub mod register;
pub mod results;
pub mod state;
pub mod update;

use super::{Pane, PaneId, fields_match};
use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::form::FormKind;
use crate::app::keymap::{Context, Keymap};
use crate::app::message::Message;
use crate::app::snapshot::Snapshot;
use crate::app::state::State;
use crate::text::i18n::Texts;
use ratatui::Frame;
use ratatui::layout::Rect;

impl PaneId {
    pub const LOOKUP: PaneId = PaneId("lookup");
}

#[derive(Debug)]
pub struct LookupPane;

impl Pane for LookupPane {
    fn id(&self) -> PaneId {
        PaneId::LOOKUP
    }

    fn title<'a>(&self, t: &'a Texts) -> &'a str {
        &t.panes.lookup
    }

    fn contexts(&self, state: &State) -> Option<(Vec<Context>, bool)> {
        if state.card.is_some() {
            Some((vec![Context::Card, Context::Global], false))
        } else if state.lookup.focused {
            Some((vec![Context::Input, Context::Global], true))
        } else {
            None
        }
    }

    fn help_contexts(&self) -> &'static [Context] {
        &[Context::Card, Context::Input]
    }

    fn update(&self, state: &mut State, action: Action) -> Option<Vec<Effect>> {
        update::update(state, action)
    }

    /// On the card, Enter opens the selected request; with the cursor on
    /// the members it says how to select one.
    fn refusal(&self, state: &State, action: Action) -> Option<String> {
        let card = state.card.as_ref()?;
        (action == Action::Open && card.request().is_none())
            .then(|| crate::text::i18n::texts(state.lang).clerkflow.pick_request.clone())
    }

    fn submit(&self, state: &mut State, kind: &FormKind) -> Option<Vec<Effect>> {
        matches!(
            kind,
            FormKind::EditMember { .. } | FormKind::AddMember { .. } | FormKind::NewRequest { .. }
        )
        .then(|| forms::submit(state))
    }

    fn apply(&self, state: &mut State, message: Message) -> Option<Message> {
        match message {
            Message::Lookup(m) => {
                update::apply(state, m);
                None
            }
            other => Some(other),
        }
    }

    fn on_snapshot(&self, state: &mut State) -> Vec<Effect> {
        // Someone may have changed the open card: refresh it too.
        state.card.iter().map(|c| Effect::RefreshCard(c.card.id)).collect()
    }

    fn row_count(&self, state: &State) -> usize {
        state.data.as_ref().map_or(0, |d| d.households.len())
    }

    fn row_id(&self, state: &State, row: usize) -> Option<i64> {
        state.data.as_ref()?.households.get(row).map(|h| h.id)
    }

    fn row_matches(&self, state: &State, row: usize, needle: &str) -> bool {
        let Some(h) = state.data.as_ref().and_then(|d| d.households.get(row)) else {
            return false;
        };
        fields_match(&[h.head.as_deref().unwrap_or(""), &h.address, &h.grid, &h.tags], needle)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts, _keymap: &Keymap) {
        draw::draw(frame, area, state, data, t)
    }
}
