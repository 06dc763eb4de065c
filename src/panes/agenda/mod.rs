//! 会议议程: meetings, the agenda builder, the decisions board and topics.
//! Keys: `update.rs` (one function per view); forms: `forms.rs`.

pub mod board;
pub mod builder;
pub mod draw;
pub mod forms;
pub mod forms_parse;
pub mod meetings;
pub mod messages;
pub mod topics;
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
    pub const MEETINGS: PaneId = PaneId("meetings");
}

#[derive(Debug)]
pub struct AgendaPane;

/// The permission a step of the pane needs (the store checks it again and
/// audits a refusal).
fn needs(mode: update::Mode, action: Action) -> Option<crate::domain::accounts::Permission> {
    use crate::domain::accounts::Permission::{Decide, PrepareMeetings};
    use update::Mode;
    match (mode, action) {
        (Mode::Builder, Action::AgendaDecision)
        | (
            Mode::Decisions,
            Action::DecisionDone | Action::DecisionEvaluate | Action::DecisionAbandon | Action::DecisionPublish,
        ) => Some(Decide),
        (Mode::Meetings, Action::AgendaNewMeeting)
        | (Mode::Decisions, Action::DecisionProgress)
        | (
            Mode::Topics,
            Action::TopicAccept | Action::TopicNew | Action::TopicDrop | Action::TopicDismiss | Action::TopicEscalate,
        ) => Some(PrepareMeetings),
        (Mode::Builder, a)
            if edits_agenda(a)
                || matches!(
                    a,
                    Action::AgendaOpinion | Action::AgendaAdopt | Action::AgendaStatus | Action::AgendaMinutes
                ) =>
        {
            Some(PrepareMeetings)
        }
        _ => None,
    }
}

/// The builder's steps that change the agenda or its participants.
fn edits_agenda(action: Action) -> bool {
    matches!(
        action,
        Action::AgendaAdd
            | Action::AgendaNewItem
            | Action::AgendaRemove
            | Action::AgendaMoveUp
            | Action::AgendaMoveDown
            | Action::AgendaMore
            | Action::AgendaLess
    )
}

impl Pane for AgendaPane {
    fn id(&self) -> PaneId {
        PaneId::MEETINGS
    }

    fn title<'a>(&self, t: &'a Texts) -> &'a str {
        &t.panes.meetings
    }

    fn contexts(&self, state: &State) -> Option<(Vec<Context>, bool)> {
        state
            .filter_input
            .is_none()
            .then(|| (vec![update::context(state), Context::List, Context::Global], false))
    }

    fn help_contexts(&self) -> &'static [Context] {
        &[
            Context::AgendaMeetings,
            Context::AgendaBuilder,
            Context::AgendaDecisions,
            Context::AgendaTopics,
        ]
    }

    fn update(&self, state: &mut State, action: Action) -> Option<Vec<Effect>> {
        update::update(state, action)
    }

    /// In the agenda builder of a closed meeting, the agenda and its
    /// participants are not changed any more: refused before any form.
    fn refusal(&self, state: &State, action: Action) -> Option<String> {
        if state.filter_input.is_some() {
            return None;
        }
        // Decisions are the leaders', meetings the clerks' (README
        // "Accounts and roles"): say so before a form is filled in vain.
        if let Some(permission) = needs(state.agenda.mode, action)
            && !crate::domain::accounts::may(state.role, permission)
        {
            return Some(crate::text::i18n::not_permitted(state.lang, permission));
        }
        if state.agenda.mode != update::Mode::Builder {
            return None;
        }
        let m = state.agenda.meeting.as_ref()?;
        let edits_agenda = edits_agenda(action) || action == Action::Open;
        (edits_agenda && m.status == crate::model::meetings::MeetingStatus::Closed).then(|| {
            crate::text::i18n::texts(state.lang)
                .agenda
                .errors
                .meeting_closed
                .clone()
        })
    }

    fn submit(&self, state: &mut State, kind: &FormKind) -> Option<Vec<Effect>> {
        match kind {
            FormKind::Agenda(k) => Some(forms::submit(state, k.clone())),
            _ => None,
        }
    }

    fn apply(&self, state: &mut State, message: Message) -> Option<Message> {
        match message {
            Message::Agenda(m) => {
                update::apply(state, *m);
                None
            }
            other => Some(other),
        }
    }

    fn on_snapshot(&self, state: &mut State) -> Vec<Effect> {
        // The meeting open in the builder may have changed.
        update::refresh_effect(state).into_iter().collect()
    }

    fn after_snapshot(&self, state: &mut State) {
        update::clamp_all(state);
    }

    fn row_count(&self, state: &State) -> usize {
        state.data.as_ref().map_or(0, |d| d.meetings.len())
    }

    fn row_id(&self, state: &State, row: usize) -> Option<i64> {
        state.data.as_ref()?.meetings.get(row).map(|m| m.id)
    }

    fn row_matches(&self, state: &State, row: usize, needle: &str) -> bool {
        state
            .data
            .as_ref()
            .and_then(|d| d.meetings.get(row))
            .is_some_and(|m| fields_match(&[&m.title, &m.place], needle))
    }

    fn draw(&self, frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts, _keymap: &Keymap) {
        draw::draw(frame, area, state, data, t)
    }
}
