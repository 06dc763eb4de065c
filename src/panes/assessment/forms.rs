//! Forms of the map and assessment panes: log a visit, create a survey
//! campaign, record a survey call in full. Reading and checking the input
//! is `forms_parse`; saving is an effect (`service::assessment::save`).

use crate::app::effect::Effect;
use crate::app::form::{Field, Form, FormKind};
use crate::app::state::State;
use crate::app::validate::Check;
use crate::domain::assessment::{Call, DEFAULT_SAMPLE_PER_GRID, Satisfaction};
use crate::model::assessment::{NewVisit, SampleRow, VisitKind};
use crate::panes::assessment::forms_parse::AssessInput;
use crate::panes::lookup::forms::SaveOp;
use crate::text::i18n::{fill, label, texts};
use strum::IntoEnumIterator;

/// The household a visit is logged for, as the form shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitHousehold {
    pub id: i64,
    pub address: String,
    pub head: Option<String>,
}

/// A validated form of these panes.
#[derive(Debug, Clone, PartialEq)]
pub enum AssessOp {
    LogVisit {
        visit: NewVisit,
        /// Open the request form (channel = visit) after saving.
        raise_request: Option<VisitHousehold>,
    },
    NewCampaign {
        name: String,
        per_grid: usize,
        seed: u64,
    },
    SurveyCall {
        campaign_id: i64,
        household_id: i64,
        call: Call,
        comment: String,
    },
}

pub fn new_visit(state: &State, cadre_id: i64, household: Option<VisitHousehold>) -> Form {
    let t = texts(state.lang);
    let a = &t.assess;
    let cadres: Vec<(String, String)> = state
        .data
        .as_ref()
        .map(|d| {
            d.cadres
                .iter()
                .filter(|c| c.role == crate::domain::request::Role::Cadre)
                .map(|c| (c.id.to_string(), c.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let kinds: Vec<(String, String)> = VisitKind::iter()
        .map(|k| (k.code().to_string(), label(&t.visit_kind, k.code()).to_string()))
        .collect();
    let (title, kind) = match &household {
        Some(h) => (
            format!("{} - {} {}", a.visit_title, h.head.as_deref().unwrap_or(""), h.address),
            VisitKind::Household,
        ),
        None => (format!("{} - {}", a.visit_title, a.no_household), VisitKind::Overnight),
    };
    let yes_no = vec![
        ("no".to_string(), t.form.no.clone()),
        ("yes".to_string(), t.form.yes.clone()),
    ];
    let mut form = Form::new(
        FormKind::NewVisit { household },
        &title,
        vec![
            Field::choice("cadre", &a.visit_cadre, cadres, &cadre_id.to_string()),
            Field::choice("kind", &a.visit_kind, kinds, kind.code()),
            Field::text("date", &a.visit_date, &state.today.format("%Y-%m-%d").to_string()),
            Field::multiline("notes", &a.visit_notes, ""),
            Field::choice("raise", &a.visit_raise, yes_no, "no"),
        ],
    );
    form.focus = 3; // notes: cadre, kind and date are usually right already
    form
}

pub fn new_campaign(state: &State) -> Form {
    let a = &texts(state.lang).assess;
    let name = fill(&a.campaign_default_name, &[("date", &state.today.format("%Y-%m-%d"))]);
    // The office's sample size (set-up pane, working settings).
    let per_grid = state
        .data
        .as_ref()
        .and_then(|d| {
            d.setup
                .numbers
                .iter()
                .find(|(k, _)| *k == crate::domain::settings::SURVEY_SAMPLE_PER_GRID.key)
                .map(|(_, v)| *v as usize)
        })
        .unwrap_or(DEFAULT_SAMPLE_PER_GRID);
    Form::new(
        FormKind::NewCampaign,
        &a.campaign_title,
        vec![
            Field::text("name", &a.campaign_name, &name),
            Field::text("per_grid", &a.campaign_per_grid, &per_grid.to_string()),
            Field::text("seed", &a.campaign_seed, &state.today.format("%Y%m%d").to_string()),
        ],
    )
}

pub fn survey_call(state: &State, campaign_id: i64, row: &SampleRow) -> Form {
    let t = texts(state.lang);
    let a = &t.assess;
    let yes_no = || {
        vec![
            ("yes".to_string(), t.form.yes.clone()),
            ("no".to_string(), t.form.no.clone()),
        ]
    };
    let sats: Vec<(String, String)> = Satisfaction::ALL
        .iter()
        .map(|s| {
            (
                s.code().to_string(),
                label(&t.assess_satisfaction, s.code()).to_string(),
            )
        })
        .collect();
    let call = row.call.unwrap_or(Call::reached(true, Satisfaction::Satisfied));
    let b = |v: bool| if v { "yes" } else { "no" };
    Form::new(
        FormKind::SurveyCall {
            campaign_id,
            household_id: row.household_id,
        },
        &format!(
            "{} - {} {}",
            a.call_title,
            row.head.as_deref().unwrap_or(""),
            row.address
        ),
        vec![
            Field::choice("reached", &a.call_reached, yes_no(), b(call.reached)),
            Field::choice("knows", &a.call_knows, yes_no(), b(call.knows_cadre.unwrap_or(true))),
            Field::choice(
                "satisfaction",
                &a.call_satisfaction,
                sats,
                call.satisfaction.unwrap_or(Satisfaction::Satisfied).code(),
            ),
            Field::text("comment", &a.call_comment, &row.comment),
        ],
    )
}

/// Checks the open visit, campaign or survey-call form into its save
/// effect; on errors the caret goes to the first one and nothing is saved.
pub fn submit(state: &mut State) -> Vec<Effect> {
    let check = Check::new(state.lang, state.today);
    let Some(form) = state.form.as_mut() else {
        return vec![];
    };
    let Some(input) = AssessInput::read(form) else {
        return vec![];
    };
    match form.accept(input.parse(check)) {
        Some(op) => vec![Effect::Save(Box::new(SaveOp::Assess(op)))],
        None => vec![],
    }
}
