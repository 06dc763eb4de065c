//! 民情分析: the analysis meeting's report on screen — intake and handling
//! with 环比/同比, the 12-period trend, hot spots, people, early warnings
//! (潜在问题) each opening its list — for a period, a scope and a theme;
//! `e` exports it (README "民情分析"). Keys: `update.rs`; forms:
//! `forms.rs`; effects: `service::reports`; drawing: `draw.rs`, `charts.rs`,
//! `lists.rs`.

pub mod charts;
pub mod draw;
pub mod forms;
pub mod forms_parse;
pub mod lists;
pub mod state;
pub mod update;

use super::{Pane, PaneId};
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
    pub const REPORTS: PaneId = PaneId("reports");
}

#[derive(Debug)]
pub struct ReportsPane;

impl Pane for ReportsPane {
    fn id(&self) -> PaneId {
        PaneId::REPORTS
    }

    fn title<'a>(&self, t: &'a Texts) -> &'a str {
        &t.reports.title
    }

    fn contexts(&self, state: &State) -> Option<(Vec<Context>, bool)> {
        update::contexts(state)
    }

    fn help_contexts(&self) -> &'static [Context] {
        &[Context::Reports, Context::ReportsList]
    }

    fn update(&self, state: &mut State, action: Action) -> Option<Vec<Effect>> {
        update::update(state, action)
    }

    fn submit(&self, state: &mut State, kind: &FormKind) -> Option<Vec<Effect>> {
        match kind {
            FormKind::Reports(_) => Some(forms::submit(state)),
            _ => None,
        }
    }

    fn apply(&self, state: &mut State, message: Message) -> Option<Message> {
        match message {
            Message::Reports(m) => {
                update::apply(state, *m);
                None
            }
            other => Some(other),
        }
    }

    fn on_enter(&self, state: &mut State) -> Vec<Effect> {
        update::on_enter(state)
    }

    fn on_snapshot(&self, state: &mut State) -> Vec<Effect> {
        // Another clerk's commit: recompute what is shown, if it is shown.
        if state.pane == PaneId::REPORTS && state.reports.query.is_some() && state.reports.list.is_none() {
            let q = update::query(state);
            return update::ask(state, q);
        }
        vec![]
    }

    fn enabled(&self, state: &State, action: Action) -> bool {
        match action {
            Action::ReportExport => state.reports.shown.is_some(),
            Action::Open => state.reports.list.is_some() || state.reports.section == state::Section::Warnings,
            // The report's lists are not filtered.
            Action::Filter => false,
            _ => true,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, state: &State, _data: &Snapshot, t: &Texts, _keymap: &Keymap) {
        draw::draw(frame, area, state, t)
    }
}
