//! Carries out the effects of the map and assessment panes against the
//! store and reports results (or a sentence about a failure) as messages.
//! The state is only read here.

use super::lookup::load_card;
use super::{Services, report};
use crate::app::message::{Message, Outcome};
use crate::app::state::State;
use crate::domain::request::Channel;
use crate::export::assessment as export;
use crate::export::jobs::{Format, Job};
use crate::model::requests::NewRequest;
use crate::panes::assessment::forms::AssessOp;
use crate::panes::assessment::update::{AssessEffect, AssessMessage, PlanView, SurveyView};
use crate::store::{assessment, surveys, visits};
use crate::text::i18n::{self, fill, texts};

fn say(m: AssessMessage) -> Message {
    Message::Assess(Box::new(m))
}

/// Carries out one of the panes' effects.
pub fn execute(state: &State, svc: &mut Services, effect: AssessEffect) -> Outcome {
    let lang = state.lang;
    let a = &texts(lang).assess;
    match effect {
        AssessEffect::LoadPlan { cadre_id, cadre_name } => {
            Outcome::read(vec![
                match visits::plan_for_cadre(svc.store.conn(), cadre_id, state.today) {
                    Ok(rows) => say(AssessMessage::Plan(PlanView {
                        cadre_id,
                        cadre_name,
                        rows,
                        list: Default::default(),
                    })),
                    Err(e) => report(state, &e),
                },
            ])
        }
        AssessEffect::ExportPlan { csv } => {
            let Some(plan) = state.assess.plan.as_ref() else {
                return Outcome::default();
            };
            if csv {
                let job = Job::Plan {
                    cadre_id: plan.cadre_id,
                    cadre_name: plan.cadre_name.clone(),
                    rows: plan.rows.clone(),
                };
                return Outcome::read(vec![super::export(state, svc, &job, Format::Csv)]);
            }
            let body = export::plan_text(&plan.cadre_name, &plan.rows, lang, state.today);
            let name = format!("visit-plan-{}-{}.txt", plan.cadre_id, state.today.format("%Y%m%d"));
            let object = format!("cadre:{}", plan.cadre_id);
            Outcome::read(vec![write_text(
                state,
                svc,
                &name,
                &body,
                plan.rows.len(),
                "visit_plan.export",
                &object,
            )])
        }
        AssessEffect::RevealCall {
            campaign_id,
            household_id,
        } => Outcome::read(match surveys::call_number(&mut svc.store, campaign_id, household_id) {
            Ok(Some(phone)) => vec![
                Message::Info(fill(&texts(state.lang).clerkflow.survey_shown, &[("phone", &phone)])),
                say(AssessMessage::CallNumber { household_id, phone }),
            ],
            Ok(None) => vec![Message::Error(texts(state.lang).clerkflow.survey_no_phone.clone())],
            Err(e) => vec![report(state, &e)],
        }),
        AssessEffect::LoadSurvey { campaign_id } => Outcome::read(vec![load_survey(state, svc, campaign_id, None)]),
        AssessEffect::RecordCall {
            campaign_id,
            household_id,
            call,
            comment,
        } => {
            let said =
                match surveys::record_call(&mut svc.store, campaign_id, household_id, call, &comment, state.today) {
                    Ok(_) => Message::Info(a.call_saved.clone()),
                    Err(e) => report(state, &e),
                };
            let keep = state.assess.survey.as_ref().map(|s| s.list.selected);
            Outcome::wrote(vec![said, load_survey(state, svc, Some(campaign_id), keep)])
        }
        AssessEffect::MoveGrid {
            grid_id,
            version,
            row,
            col,
        } => Outcome::wrote(vec![
            match assessment::move_grid(&mut svc.store, grid_id, version, row, col) {
                Ok(_) => Message::Info(a.map_saved.clone()),
                Err(e) => report(state, &e),
            },
        ]),
        AssessEffect::ExportAssessment { period } => {
            let Some(data) = state.data.as_ref() else {
                return Outcome::default();
            };
            let job = Job::Assessment {
                overview: Box::new(data.assessment.clone()),
                period,
                by_grid: state.assess.by_grid,
            };
            Outcome::read(vec![super::export(state, svc, &job, Format::Csv)])
        }
    }
}

/// Saves a validated form of these panes; keeps the form open with the
/// reason on failure.
pub fn save(state: &State, svc: &mut Services, op: AssessOp) -> Outcome {
    let lang = state.lang;
    let a = &texts(lang).assess;
    let mut then_request = None;
    let mut logged_visit = None;
    let mut reload_survey = None;
    let result = match op {
        AssessOp::LogVisit { visit, raise_request } => {
            then_request = raise_request;
            visits::log_visit(&mut svc.store, &visit, state.today).map(|id| {
                logged_visit = Some(id);
                a.visit_saved.clone()
            })
        }
        AssessOp::NewCampaign { name, per_grid, seed } => {
            surveys::create_campaign(&mut svc.store, &name, per_grid, seed).map(|(id, n)| {
                reload_survey = Some(id);
                fill(&a.campaign_saved, &[("n", &n)])
            })
        }
        AssessOp::SurveyCall {
            campaign_id,
            household_id,
            call,
            comment,
        } => {
            reload_survey = Some(campaign_id);
            surveys::record_call(&mut svc.store, campaign_id, household_id, call, &comment, state.today)
                .map(|_| a.call_saved.clone())
        }
    };
    let mut messages = Vec::new();
    match result {
        Ok(msg) => {
            messages.push(Message::FormSaved(msg));
            if let Some(household) = then_request {
                messages.push(say(AssessMessage::VisitLogged {
                    household,
                    visit: logged_visit,
                }));
            }
        }
        Err(e) => {
            messages.push(Message::FormRefused(i18n::store_error(lang, &e)));
            reload_survey = None;
        }
    }
    if let Some(id) = reload_survey {
        let keep = state.assess.survey.as_ref().map(|s| s.list.selected);
        messages.push(load_survey(state, svc, Some(id), keep));
    }
    // The visit plan no longer lists a household just visited.
    if let Some(plan) = state.assess.plan.as_ref()
        && let Ok(rows) = visits::plan_for_cadre(svc.store.conn(), plan.cadre_id, state.today)
    {
        messages.push(say(AssessMessage::PlanRows(rows)));
    }
    if let Some(id) = state.card.as_ref().map(|c| c.card.id) {
        messages.push(load_card(state, svc, id, true));
    }
    Outcome::wrote(messages)
}

/// The visit a new request was raised during: the visit just logged, when
/// the request is from its household with channel visit. The store links
/// them in the request's own transaction (`visits.request_id`).
pub fn visit_raising(state: &State, new: &NewRequest) -> Option<i64> {
    let (visit_id, visit_household) = state.assess.raised_on_visit?;
    (new.channel == Channel::Visit && new.household_id == Some(visit_household)).then_some(visit_id)
}

fn load_survey(state: &State, svc: &mut Services, campaign_id: Option<i64>, keep: Option<usize>) -> Message {
    let loaded = surveys::list_campaigns(svc.store.conn()).and_then(|campaigns| {
        let current = campaign_id
            .and_then(|id| campaigns.iter().position(|c| c.id == id))
            .unwrap_or(0);
        let rows = match campaigns.get(current) {
            Some(c) => surveys::call_list(svc.store.conn(), c.id)?,
            None => Vec::new(),
        };
        Ok(SurveyView {
            list: crate::app::selection::Selection {
                selected: keep.unwrap_or(0).min(rows.len().saturating_sub(1)),
                ..Default::default()
            },
            campaigns,
            current,
            rows,
            shown: None,
        })
    });
    match loaded {
        Ok(view) => say(AssessMessage::Survey(view)),
        Err(e) => report(state, &e),
    }
}

/// The plan as printable text, into the export folder like every export
/// (a new file, mode 0600, audited with its row count).
#[allow(clippy::too_many_arguments)]
fn write_text(
    state: &State,
    svc: &mut Services,
    name: &str,
    body: &str,
    rows: usize,
    action: &str,
    object: &str,
) -> Message {
    let opts = crate::export::jobs::Options::default();
    match crate::export::jobs::deliver(
        &mut svc.store,
        body.as_bytes(),
        rows,
        name,
        action,
        object,
        &opts,
        state.lang,
    ) {
        Ok(path) => Message::Info(fill(&texts(state.lang).assess.exported, &[("path", &path.display())])),
        Err(why) => Message::Error(why),
    }
}
