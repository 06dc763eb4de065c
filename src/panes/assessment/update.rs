//! Behaviour of the grid map pane (网格地图) and the assessment pane (考核):
//! map layers and selection, the map-edit mode, the visit plan of a cadre,
//! the survey call list and the assessment table's period and views.

use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::input::Input;
use crate::app::keymap::Context;
use crate::app::selection::Selection;
use crate::app::state::State;
use crate::domain::assessment::{Call, Layer, Period, quick_answer};
use crate::model::assessment::PlanRow;
use crate::model::assessment::{CampaignRow, SampleRow};
use crate::model::assessment::{GridFigures, UnitFigures};
use crate::model::places::GridRow;
use crate::panes::PaneId;
use crate::panes::assessment::forms as assess_forms;
use crate::panes::lookup::forms;
use crate::text::i18n::texts;

/// UI state of both panes (one field of `State`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AssessState {
    pub layer: Layer,
    /// The grid being moved on the map, with its pending position.
    pub map_edit: Option<MapEdit>,
    pub period: Period,
    /// The assessment table lists grids instead of cadres.
    pub by_grid: bool,
    /// Bar charts instead of the table.
    pub chart: bool,
    pub plan: Option<PlanView>,
    pub survey: Option<SurveyView>,
    /// The visit whose "raise a request" opened the request form now open.
    /// (visit id, household id).
    pub raised_on_visit: Option<(i64, i64)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapEdit {
    pub grid_id: i64,
    pub version: i64,
    pub row: i64,
    pub col: i64,
}

/// A cadre's visit plan: households of their grids not visited this year.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanView {
    pub cadre_id: i64,
    pub cadre_name: String,
    /// The grid (or village) the plan was opened from, for the request form.
    pub rows: Vec<PlanRow>,
    pub list: Selection,
}

/// The survey call list of one campaign.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyView {
    pub campaigns: Vec<CampaignRow>,
    /// Index into `campaigns`.
    pub current: usize,
    pub rows: Vec<SampleRow>,
    pub list: Selection,
    /// The number shown in full for the call in progress: (household, phone).
    pub shown: Option<(i64, String)>,
}

impl SurveyView {
    pub fn campaign(&self) -> Option<&CampaignRow> {
        self.campaigns.get(self.current)
    }
}

/// Effects of these panes, carried out by `panes::assessment::effects`.
#[derive(Debug, Clone, PartialEq)]
pub enum AssessEffect {
    LoadPlan {
        cadre_id: i64,
        cadre_name: String,
    },
    /// Export the open plan: CSV or plain text.
    ExportPlan {
        csv: bool,
    },
    /// Load the campaigns and the call list of `campaign_id` (None: newest).
    LoadSurvey {
        campaign_id: Option<i64>,
    },
    RecordCall {
        campaign_id: i64,
        household_id: i64,
        call: Call,
        comment: String,
    },
    MoveGrid {
        grid_id: i64,
        version: i64,
        row: i64,
        col: i64,
    },
    ExportAssessment {
        period: Period,
    },
    /// Show the number of the call in progress (audited, purpose 回访).
    RevealCall {
        campaign_id: i64,
        household_id: i64,
    },
}

fn fx(e: AssessEffect) -> Vec<Effect> {
    vec![Effect::Assess(e)]
}

/// The contexts of these panes, or None to let the generic rules decide.
pub fn contexts(state: &State) -> Option<(Vec<Context>, bool)> {
    if state.filter_input.is_some() {
        return None;
    }
    let a = &state.assess;
    let ctx = match state.pane {
        PaneId::GRID_MAP | PaneId::ASSESSMENT if a.plan.is_some() => vec![Context::Plan, Context::Global],
        PaneId::GRID_MAP if a.map_edit.is_some() => vec![Context::MapEdit, Context::Global],
        PaneId::GRID_MAP => vec![Context::Map, Context::Global],
        PaneId::ASSESSMENT if a.survey.is_some() => vec![Context::Survey, Context::Global],
        PaneId::ASSESSMENT => vec![Context::Assessment, Context::Global],
        _ => return None,
    };
    Some((ctx, false))
}

/// Handles `action` on the map or assessment pane; None lets the generic
/// handling take it.
pub fn update(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    if state.filter_input.is_some() {
        return None;
    }
    if state.assess.plan.is_some() {
        return update_plan(state, action);
    }
    match state.pane {
        PaneId::GRID_MAP if state.assess.map_edit.is_some() => update_map_edit(state, action),
        PaneId::GRID_MAP => update_map(state, action),
        PaneId::ASSESSMENT if state.assess.survey.is_some() => update_survey(state, action),
        PaneId::ASSESSMENT => update_table(state, action),
        _ => None,
    }
}

// ---------------------------------------------------------------- map

/// The grid selected on the map.
pub fn selected_grid(state: &State) -> Option<&GridRow> {
    let row = state.list_of(PaneId::GRID_MAP).selected_row()?;
    state.data.as_ref()?.grids.get(row)
}

pub fn grid_figures(state: &State, grid_id: i64) -> Option<&GridFigures> {
    state.data.as_ref()?.assessment.grid(grid_id)
}

fn update_map(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    let layer = match action {
        Action::LayerOpen => Some(Layer::OpenPer100),
        Action::LayerOverdue => Some(Layer::Overdue),
        Action::LayerNotVisited => Some(Layer::NotVisited),
        Action::LayerStale => Some(Layer::Stale),
        Action::LayerSatisfaction => Some(Layer::Satisfaction),
        _ => None,
    };
    if let Some(layer) = layer {
        state.assess.layer = layer;
        return Some(vec![]);
    }
    match action {
        Action::Up => move_on_map(state, -1, 0),
        Action::Down => move_on_map(state, 1, 0),
        Action::MapLeft => move_on_map(state, 0, -1),
        Action::MapRight => move_on_map(state, 0, 1),
        Action::GridRequests | Action::Open => {
            let grid = selected_grid(state)?;
            let (id, name) = (grid.id, grid.name.clone());
            // The requests pane, showing this grid's open requests.
            state.pane = PaneId::REQUESTS;
            state.filter_input = None;
            state.requests.detail = None;
            state.list_of_mut(PaneId::REQUESTS).filter.clear();
            return Some(crate::panes::requests::update::set_view(
                state,
                crate::panes::requests::state::RequestsViewId::Grid { id, name },
            ));
        }
        Action::GridLookup => {
            let village = selected_grid(state)?.village.clone();
            state.pane = PaneId::LOOKUP;
            state.filter_input = None;
            state.card = None;
            state.lookup.query = Input::with_text(&village);
            state.lookup.focused = true;
            state.lookup.list = Selection::default();
            return Some(vec![Effect::Search(village)]);
        }
        Action::MapEdit => {
            let g = selected_grid(state)?;
            let version = grid_figures(state, g.id).map_or(1, |f| f.version);
            state.assess.map_edit = Some(MapEdit {
                grid_id: g.id,
                version,
                row: g.map_row,
                col: g.map_col,
            });
            state.info(texts(state.lang).assess.map_edit_hint.clone());
        }
        Action::LogVisit => {
            let g = selected_grid(state)?;
            let Some(cadre) = grid_figures(state, g.id).and_then(|f| f.cadre_id) else {
                state.error(texts(state.lang).assess.no_cadre.clone());
                return Some(vec![]);
            };
            let name = g.cadre.clone().unwrap_or_default();
            return Some(fx(AssessEffect::LoadPlan {
                cadre_id: cadre,
                cadre_name: name,
            }));
        }
        _ => return None,
    }
    Some(vec![])
}

/// Moves the selection to the nearest visible grid in a direction.
fn move_on_map(state: &mut State, drow: i64, dcol: i64) {
    let Some(data) = &state.data else { return };
    let list = state.list_of(PaneId::GRID_MAP);
    let Some(cur) = list.selected_row().and_then(|i| data.grids.get(i)) else {
        return;
    };
    let (r0, c0) = (cur.map_row, cur.map_col);
    let best = list
        .visible
        .iter()
        .enumerate()
        .filter_map(|(pos, &i)| {
            let g = data.grids.get(i)?;
            let (dr, dc) = (g.map_row - r0, g.map_col - c0);
            // Ahead in the direction of travel.
            let ahead = if drow != 0 { dr * drow } else { dc * dcol };
            let side = if drow != 0 { dc.abs() } else { dr.abs() };
            (ahead > 0).then_some((side, ahead, pos))
        })
        .min();
    if let Some((_, _, pos)) = best {
        let h = state.list_height();
        let list = state.list_of_mut(PaneId::GRID_MAP);
        list.selected = pos;
        list.scroll_into_view(h);
    }
}

fn update_map_edit(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    let edit = state.assess.map_edit.as_mut()?;
    match action {
        Action::Up => edit.row = (edit.row - 1).max(0),
        Action::Down => edit.row = (edit.row + 1).min(99),
        Action::MapLeft => edit.col = (edit.col - 1).max(0),
        Action::MapRight => edit.col = (edit.col + 1).min(99),
        Action::Save | Action::Open => {
            let e = *edit;
            let taken = state
                .data
                .as_ref()
                .and_then(|d| {
                    d.grids
                        .iter()
                        .find(|g| g.id != e.grid_id && g.map_row == e.row && g.map_col == e.col)
                })
                .map(|g| g.name.clone());
            if let Some(other) = taken {
                let msg = crate::text::i18n::fill(&texts(state.lang).assess.cell_taken, &[("grid", &other)]);
                state.error(msg);
                return Some(vec![]);
            }
            state.assess.map_edit = None;
            return Some(fx(AssessEffect::MoveGrid {
                grid_id: e.grid_id,
                version: e.version,
                row: e.row,
                col: e.col,
            }));
        }
        Action::Back | Action::MapEdit => state.assess.map_edit = None,
        _ => return None,
    }
    Some(vec![])
}

// ---------------------------------------------------------------- visit plan

fn update_plan(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    let page = state.list_height().max(1);
    let plan = state.assess.plan.as_mut()?;
    match action {
        _ if plan.list.step(action, page, plan.rows.len()) => {}
        Action::Back => state.assess.plan = None,
        Action::Open | Action::LogVisit => {
            let Some(row) = plan.rows.get(plan.list.selected) else {
                state.error(texts(state.lang).assess.plan_empty.clone());
                return Some(vec![]);
            };
            let household = assess_forms::VisitHousehold {
                id: row.household_id,
                address: row.address.clone(),
                head: row.head.clone(),
            };
            let cadre = plan.cadre_id;
            state.form = Some(assess_forms::new_visit(state, cadre, Some(household)));
        }
        Action::LogStay => {
            let cadre = plan.cadre_id;
            state.form = Some(assess_forms::new_visit(state, cadre, None));
        }
        Action::ExportCsv => return Some(fx(AssessEffect::ExportPlan { csv: true })),
        Action::ExportText => return Some(fx(AssessEffect::ExportPlan { csv: false })),
        // Exports: the open plan as .xlsx.
        Action::ExportXlsx => {
            let job = crate::export::jobs::Job::Plan {
                cadre_id: plan.cadre_id,
                cadre_name: plan.cadre_name.clone(),
                rows: plan.rows.clone(),
            };
            return Some(vec![Effect::Export(Box::new(job), crate::export::jobs::Format::Xlsx)]);
        }
        Action::Filter => {}
        _ => return None,
    }
    Some(vec![])
}

// ---------------------------------------------------------------- assessment table

/// The rows the assessment table shows for the current period and view.
pub fn table_rows(state: &State) -> &[UnitFigures] {
    let Some(p) = state
        .data
        .as_ref()
        .and_then(|d| d.assessment.period(state.assess.period))
    else {
        return &[];
    };
    if state.assess.by_grid { &p.grids } else { &p.cadres }
}

fn update_table(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    match action {
        Action::NextPeriod => state.assess.period = state.assess.period.next(),
        Action::ToggleByGrid => {
            state.assess.by_grid = !state.assess.by_grid;
            let list = state.list_mut();
            list.selected = 0;
            list.offset = 0;
            state.refilter(PaneId::ASSESSMENT);
        }
        Action::ToggleChart => state.assess.chart = !state.assess.chart,
        Action::ExportCsv => {
            return Some(fx(AssessEffect::ExportAssessment {
                period: state.assess.period,
            }));
        }
        // Exports: the table in view (period, cadres or grids) as .xlsx.
        Action::ExportXlsx => {
            let job = crate::export::jobs::Job::Assessment {
                overview: Box::new(state.data.as_ref()?.assessment.clone()),
                period: state.assess.period,
                by_grid: state.assess.by_grid,
            };
            return Some(vec![Effect::Export(Box::new(job), crate::export::jobs::Format::Xlsx)]);
        }
        Action::Survey => return Some(fx(AssessEffect::LoadSurvey { campaign_id: None })),
        Action::LogVisit => {
            let row = state.list().selected_row()?;
            let unit = table_rows(state).get(row)?;
            let (cadre, name) = if state.assess.by_grid {
                let data = state.data.as_ref()?;
                let cadre = data.assessment.grid(unit.id).and_then(|g| g.cadre_id);
                (cadre, unit.detail.clone())
            } else {
                (Some(unit.id), unit.name.clone())
            };
            let Some(cadre_id) = cadre else {
                state.error(texts(state.lang).assess.no_cadre.clone());
                return Some(vec![]);
            };
            return Some(fx(AssessEffect::LoadPlan {
                cadre_id,
                cadre_name: name,
            }));
        }
        _ => return None,
    }
    Some(vec![])
}

// ---------------------------------------------------------------- survey call list

fn update_survey(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    let page = state.list_height().max(1);
    let survey = state.assess.survey.as_mut()?;
    let key = match action {
        Action::Call0 => Some('0'),
        Action::Call1 => Some('1'),
        Action::Call2 => Some('2'),
        Action::Call3 => Some('3'),
        Action::Call4 => Some('4'),
        Action::Call5 => Some('5'),
        Action::Call6 => Some('6'),
        _ => None,
    };
    if let Some(call) = key.and_then(quick_answer) {
        let campaign = survey.campaign()?.id;
        let Some(row) = survey.rows.get(survey.list.selected) else {
            return Some(vec![]);
        };
        let household_id = row.household_id;
        let comment = row.comment.clone();
        // Straight on to the next household: one key per call.
        survey.list.move_by(1, survey.rows.len());
        return Some(fx(AssessEffect::RecordCall {
            campaign_id: campaign,
            household_id,
            call,
            comment,
        }));
    }
    match action {
        _ if survey.list.step(action, page, survey.rows.len()) => {}
        Action::Back => state.assess.survey = None,
        Action::SurveyReveal => {
            let campaign_id = survey.campaign()?.id;
            let Some(row) = survey.rows.get(survey.list.selected) else {
                let msg = texts(state.lang).clerkflow.survey_no_call.clone();
                state.error(msg);
                return Some(vec![]);
            };
            return Some(fx(AssessEffect::RevealCall {
                campaign_id,
                household_id: row.household_id,
            }));
        }
        Action::NewCampaign => {
            if state.data.as_ref().is_none_or(|d| d.households.is_empty()) {
                state.error(texts(state.lang).assess.nothing_to_sample.clone());
            } else {
                state.form = Some(assess_forms::new_campaign(state));
            }
        }
        Action::PrevCampaign | Action::NextCampaign => {
            let n = survey.campaigns.len();
            if n == 0 {
                return Some(vec![]);
            }
            // Campaigns are listed newest first; "next" goes to an older one.
            let step = if action == Action::NextCampaign { 1 } else { n - 1 };
            let id = survey.campaigns[(survey.current + step) % n].id;
            return Some(fx(AssessEffect::LoadSurvey { campaign_id: Some(id) }));
        }
        Action::Open => {
            let campaign = survey.campaign()?.id;
            let row = survey.rows.get(survey.list.selected)?.clone();
            state.form = Some(assess_forms::survey_call(state, campaign, &row));
        }
        _ => return None,
    }
    Some(vec![])
}

/// The household card's `w`: the visit form for this household and the
/// cadre of its grid.
pub fn visit_from_card(state: &mut State) {
    let Some(card) = state.card.as_ref() else { return };
    let cadre = grid_figures(state, card.card.grid_id).and_then(|g| g.cadre_id);
    let Some(cadre) = cadre else {
        state.error(texts(state.lang).assess.no_cadre.clone());
        return;
    };
    let household = assess_forms::VisitHousehold {
        id: card.card.id,
        address: card.card.address.clone(),
        head: card.card.members.first().map(|m| m.name.clone()),
    };
    state.form = Some(assess_forms::new_visit(state, cadre, Some(household)));
}

/// After a visit with "raise a request": the request form, channel = visit.
pub fn request_after_visit(state: &mut State, household: assess_forms::VisitHousehold) {
    let caller = forms::Caller {
        household_id: household.id,
        address: household.address,
        person: None,
    };
    let mut form = forms::new_request(state, Some(caller));
    if let Some(f) = form.fields.iter_mut().find(|f| f.key == "channel")
        && let crate::app::form::FieldKind::Choice { options, index } = &mut f.kind
        && let Some(i) = options.iter().position(|(code, _)| code == "visit")
    {
        *index = i;
    }
    state.form = Some(form);
}

/// Keeps the generic list selection of the assessment pane valid when the
/// view changes (used by `State::refilter`).
pub fn filter_fields(unit: &UnitFigures) -> [&str; 2] {
    [&unit.name, &unit.detail]
}

/// Results of the map and assessment panes' effects (carried out in `service::assessment`).
#[derive(Debug, Clone, PartialEq)]
pub enum AssessMessage {
    /// A cadre's visit plan, opened.
    Plan(PlanView),
    /// The open plan's rows after a visit was logged.
    PlanRows(Vec<PlanRow>),
    /// The survey call list (campaigns, the current one and its calls).
    Survey(SurveyView),
    /// A visit was logged and a request is to be raised for its household:
    /// open the new-request form and remember the visit to link it.
    VisitLogged {
        household: assess_forms::VisitHousehold,
        visit: Option<i64>,
    },
    /// A request was saved: the pending visit link is used up.
    RaisedLinkDone,
    /// The survey call's number may be shown in full (the reveal is audited).
    CallNumber { household_id: i64, phone: String },
}

/// Puts an effect's result into the panes' state.
pub fn apply(state: &mut State, message: AssessMessage) {
    match message {
        AssessMessage::Plan(view) => state.assess.plan = Some(view),
        AssessMessage::PlanRows(rows) => {
            if let Some(p) = state.assess.plan.as_mut() {
                p.list.clamp(rows.len());
                p.rows = rows;
            }
        }
        AssessMessage::Survey(mut view) => {
            // A refresh keeps the number shown while its call is still the
            // one selected (and not yet answered).
            let old = state.assess.survey.as_ref().and_then(|s| s.shown.clone());
            view.shown = old.filter(|(id, _)| {
                view.rows
                    .get(view.list.selected)
                    .is_some_and(|r| r.household_id == *id && r.call.is_none())
            });
            state.assess.survey = Some(view);
        }
        AssessMessage::VisitLogged { household, visit } => {
            let id = household.id;
            request_after_visit(state, household);
            state.assess.raised_on_visit = visit.map(|v| (v, id));
        }
        AssessMessage::RaisedLinkDone => state.assess.raised_on_visit = None,
        AssessMessage::CallNumber { household_id, phone } => {
            if let Some(s) = state.assess.survey.as_mut() {
                s.shown = Some((household_id, phone));
            }
        }
    }
}
