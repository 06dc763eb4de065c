//! The reports pane's behaviour: period, scope and theme changes ask for a
//! new report (computed by an effect, answered by a message; the previous
//! report stays on screen marked "计算中" until it arrives), sections,
//! warnings opening their lists, and the export.

use super::forms;
use super::state::{Computed, Period, Query, ReportsView, Section, WarningList};
use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::keymap::Context;
use crate::app::state::State;
use crate::domain::analysis::{Warning, WarningKind, previous};
use crate::panes::PaneId;
use crate::panes::requests::state::RequestsViewId;
use crate::text::i18n::texts;
use chrono::Duration;

/// What the pane asks the store for (`panes::reports::effects`).
#[derive(Debug, Clone, PartialEq)]
pub enum ReportsEffect {
    /// Compute the report of `query`; `seq` names the request so that an
    /// older answer arriving late is dropped.
    Compute { seq: u64, query: Query },
    /// Read the households behind a household warning.
    OpenList { warning: Warning },
    /// Write the report shown (A4 text, Markdown, xlsx or CSV); `full`
    /// asks for residents' full names (audited, refused unless allowed).
    Export {
        format: crate::export::analysis::cli::Format,
        path: Option<String>,
        full: bool,
    },
    /// Attach a report to an agenda item (a new item when `item_id` is None).
    Attach(Box<forms::Attach>),
}

/// What those effects found out.
#[derive(Debug, Clone, PartialEq)]
pub enum ReportsMessage {
    Computed { seq: u64, computed: Box<Computed> },
    Failed { seq: u64, text: String },
    List(WarningList),
}

pub(super) fn fx(e: ReportsEffect) -> Vec<Effect> {
    vec![Effect::Reports(Box::new(e))]
}

/// The contexts of the pane: the warning list when open, else the report.
pub fn contexts(state: &State) -> Option<(Vec<Context>, bool)> {
    let own = if state.reports.list.is_some() {
        Context::ReportsList
    } else {
        Context::Reports
    };
    Some((vec![own, Context::List, Context::Global], false))
}

/// The query in force (the month containing today before any choice).
pub fn query(state: &State) -> Query {
    state.reports.query.clone().unwrap_or_else(|| Query::new(state.today))
}

/// Asks for the report of `q`; the shown one stays until it arrives.
pub fn ask(state: &mut State, q: Query) -> Vec<Effect> {
    let v = &mut state.reports;
    v.query = Some(q.clone());
    v.seq += 1;
    v.computing = true;
    v.list = None;
    fx(ReportsEffect::Compute { seq: v.seq, query: q })
}

/// On entering the pane: the first report, or a fresh one of the same query.
pub fn on_enter(state: &mut State) -> Vec<Effect> {
    let q = query(state);
    ask(state, q)
}

/// The business month's start day of the report shown (21 before any).
pub fn business_start(v: &ReportsView) -> u32 {
    v.shown
        .as_ref()
        .map_or(crate::domain::analysis::period::DEFAULT_BUSINESS_MONTH_START, |c| {
            c.business_start
        })
}

/// Rows of the section's list (for Up/Down).
pub fn section_rows(v: &ReportsView) -> usize {
    let Some(c) = &v.shown else { return 0 };
    let r = &c.report;
    match v.section {
        Section::Figures | Section::Trend => 0,
        Section::Hot => r.hot.len(),
        Section::People => r.repeat_households.len() + r.collective.len() + r.oldest_open.len() + r.dissatisfied.len(),
        Section::Warnings => r.warnings.len(),
    }
}

pub fn update(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    if state.reports.list.is_some() {
        return update_list(state, action);
    }
    let n = section_rows(&state.reports);
    // A page is what the last frame showed of the list (README, Architecture).
    let page = state.list_height();
    if state.reports.row.step(action, page, n) {
        return Some(vec![]);
    }
    let mut q = query(state);
    let effects = match action {
        Action::ReportPeriod => {
            q.period = q.period.cycled();
            q.range = None;
            ask(state, q)
        }
        Action::ReportPrev | Action::ReportNext => {
            let (kind, span) = q.resolve(business_start(&state.reports));
            if action == Action::ReportPrev {
                let before = previous(kind, span);
                q.day = before.from;
                if q.period == Period::Custom {
                    q.range = Some(before);
                }
            } else {
                let days = span.days();
                let after =
                    crate::domain::analysis::Span::new(span.to + Duration::days(1), span.to + Duration::days(days));
                q.day = after.from;
                if q.period == Period::Custom {
                    q.range = Some(after);
                }
            }
            ask(state, q)
        }
        Action::ReportRange => {
            state.form = Some(forms::range(state, &q));
            vec![]
        }
        Action::ReportScope => {
            state.form = Some(forms::scope(state, &q));
            vec![]
        }
        Action::ReportTheme => {
            state.form = Some(forms::theme(state, &q));
            vec![]
        }
        Action::ReportSectionNext | Action::ReportSectionPrev => {
            let d = if action == Action::ReportSectionNext { 1 } else { -1 };
            state.reports.section = state.reports.section.step(d);
            state.reports.row = Default::default();
            vec![]
        }
        Action::ReportExport => {
            if state.reports.shown.is_none() {
                let msg = texts(state.lang).reports.nothing_yet.clone();
                state.error(msg);
            } else {
                state.form = Some(forms::export(state));
            }
            vec![]
        }
        Action::Open => open(state),
        Action::Refresh => ask(state, q),
        Action::Filter => vec![],
        _ => return None,
    };
    Some(effects)
}

/// Enter: on a warning, the list behind it.
fn open(state: &mut State) -> Vec<Effect> {
    if state.reports.section != Section::Warnings {
        return vec![];
    }
    let Some(w) = state
        .reports
        .shown
        .as_ref()
        .and_then(|c| c.report.warnings.get(state.reports.row.selected))
        .cloned()
    else {
        return vec![];
    };
    follow(state, w)
}

/// The list behind a warning: its requests in the triage pane, a
/// decision on the decisions board, or its households in the pane.
pub fn follow(state: &mut State, w: Warning) -> Vec<Effect> {
    match w.kind {
        WarningKind::RisingInVillage | WarningKind::RisingInGrid | WarningKind::Unmerged => {
            let title = crate::text::reports::warning_reason(&w, state.lang);
            state.switch(PaneId::REQUESTS);
            state.requests.detail = None;
            state.list_of_mut(PaneId::REQUESTS).filter.clear();
            crate::panes::requests::update::set_view(state, RequestsViewId::Ids { title, ids: w.ids })
        }
        WarningKind::StalledDecision => {
            state.switch(PaneId::MEETINGS);
            state.agenda.mode = crate::panes::agenda::update::Mode::Decisions;
            state.agenda.decision.id = w.ids.first().copied();
            crate::panes::agenda::update::clamp_all(state);
            vec![]
        }
        WarningKind::Unvisited | WarningKind::StaleGrid => fx(ReportsEffect::OpenList { warning: w }),
    }
}

fn update_list(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    let page = state.list_height();
    let list = state.reports.list.as_mut()?;
    let n = list.rows.len();
    if list.selected.step(action, page, n) {
        return Some(vec![]);
    }
    match action {
        Action::Back => {
            state.reports.list = None;
            Some(vec![])
        }
        Action::Open => {
            // The household's card in the lookup pane.
            let id = list.rows.get(list.selected.selected)?.household_id;
            state.switch(PaneId::LOOKUP);
            Some(vec![Effect::LoadCard(id)])
        }
        Action::Filter => Some(vec![]),
        _ => None,
    }
}

/// Puts an effect's result into the pane.
pub fn apply(state: &mut State, message: ReportsMessage) {
    let v = &mut state.reports;
    match message {
        ReportsMessage::Computed { seq, computed } => {
            if seq != v.seq {
                return; // an older request, overtaken
            }
            v.computing = false;
            v.failed = None;
            v.shown = Some(computed);
            let n = section_rows(v);
            v.row.clamp(n);
        }
        ReportsMessage::Failed { seq, text } => {
            if seq == v.seq {
                v.computing = false;
                v.failed = Some(text.clone());
                state.error(text);
            }
        }
        ReportsMessage::List(list) => v.list = Some(list),
    }
}
