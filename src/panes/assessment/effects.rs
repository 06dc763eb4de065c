//! Carries out the effects of the map and assessment panes against the
//! store and reports results (or a sentence about a failure) as messages.
//! The state is only read here.

use crate::app::effects::load_card;
use crate::app::message::{Message, Outcome};
use crate::app::services::Services;
use crate::app::state::State;
use crate::domain::request::Channel;
use crate::export::assessment as export;
use crate::model::requests::NewRequest;
use crate::panes::assessment::forms::AssessOp;
use crate::panes::assessment::update::{AssessEffect, AssessMessage, PlanView, SurveyView};
use crate::store::{self, StoreError, assessment, surveys, visits};
use crate::text::i18n::{self, fill, texts};
use std::path::PathBuf;

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
            let (ext, body) = if csv {
                ("csv", export::plan_csv(&plan.rows, lang))
            } else {
                (
                    "txt",
                    export::plan_text(&plan.cadre_name, &plan.rows, lang, state.today),
                )
            };
            let name = format!("visit-plan-{}-{}.{ext}", plan.cadre_id, state.today.format("%Y%m%d"));
            let object = format!("cadre:{}", plan.cadre_id);
            Outcome::read(vec![write_export(
                state,
                svc,
                &name,
                &body,
                "visit_plan.export",
                &object,
            )])
        }
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
            let body = export::assessment_csv(&data.assessment, period, state.assess.by_grid, lang);
            let view = if state.assess.by_grid { "grids" } else { "cadres" };
            let name = format!(
                "assessment-{view}-{}-{}.csv",
                period.code(),
                state.today.format("%Y%m%d")
            );
            Outcome::read(vec![write_export(
                state,
                svc,
                &name,
                &body,
                "assessment.export",
                period.code(),
            )])
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
        })
    });
    match loaded {
        Ok(view) => say(AssessMessage::Survey(view)),
        Err(e) => report(state, &e),
    }
}

/// Export files go to `exports/` beside the database, mode 0600, audited.
fn write_export(state: &State, svc: &mut Services, name: &str, body: &str, action: &str, object: &str) -> Message {
    let dir: PathBuf = svc
        .store
        .path()
        .parent()
        .map(|p| p.join("exports"))
        .unwrap_or_else(|| PathBuf::from("exports"));
    let made = std::fs::create_dir_all(&dir).map_err(StoreError::from).and_then(|()| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).map_err(StoreError::from)
    });
    let path = dir.join(name);
    match made.and_then(|()| visits::write_private_file(&mut svc.store, &path, body, action, object)) {
        Ok(()) => Message::Info(fill(&texts(state.lang).assess.exported, &[("path", &path.display())])),
        Err(e) => report(state, &e),
    }
}

fn report(state: &State, e: &store::StoreError) -> Message {
    Message::Error(i18n::store_error(state.lang, e))
}
