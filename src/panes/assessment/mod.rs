//! 考核: the assessment table and charts, the survey call list and the visit
//! plan. Keys of this pane and of the grid map: `update.rs`; forms
//! (visits, campaigns, survey calls): `forms.rs`.

pub mod chart;
pub mod draw;
pub mod forms;
pub mod forms_parse;
pub mod plan;
pub mod survey;
pub mod table;
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
    pub const ASSESSMENT: PaneId = PaneId("assessment");
}

#[derive(Debug)]
pub struct AssessmentPane;

impl Pane for AssessmentPane {
    fn id(&self) -> PaneId {
        PaneId::ASSESSMENT
    }

    fn title<'a>(&self, t: &'a Texts) -> &'a str {
        &t.panes.assessment
    }

    fn contexts(&self, state: &State) -> Option<(Vec<Context>, bool)> {
        update::contexts(state)
    }

    fn help_contexts(&self) -> &'static [Context] {
        &[Context::Assessment, Context::Survey, Context::Plan]
    }

    fn update(&self, state: &mut State, action: Action) -> Option<Vec<Effect>> {
        update::update(state, action)
    }

    fn submit(&self, state: &mut State, kind: &FormKind) -> Option<Vec<Effect>> {
        matches!(
            kind,
            FormKind::NewVisit { .. } | FormKind::NewCampaign | FormKind::SurveyCall { .. }
        )
        .then(|| forms::submit(state))
    }

    fn apply(&self, state: &mut State, message: Message) -> Option<Message> {
        match message {
            Message::Assess(m) => {
                update::apply(state, *m);
                None
            }
            other => Some(other),
        }
    }

    fn row_count(&self, state: &State) -> usize {
        update::table_rows(state).len()
    }

    fn row_id(&self, state: &State, row: usize) -> Option<i64> {
        // The cadres' ids; rows keep their order in every period.
        state.data.as_ref()?.cadres.get(row).map(|c| c.id)
    }

    fn row_matches(&self, state: &State, row: usize, needle: &str) -> bool {
        update::table_rows(state)
            .get(row)
            .is_some_and(|u| fields_match(&update::filter_fields(u), needle))
    }

    fn draw(&self, frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts, keymap: &Keymap) {
        draw::draw(frame, area, state, data, t, keymap)
    }
}
