//! The effect executor: hands each effect to the service module of the pane
//! that asked for it (`crate::service`), which carries it out against the
//! store and the search index and reports the results as messages
//! (README, Architecture).

use super::effect::Effect;
use super::message::Outcome;
use super::state::State;
use crate::service::{self, Services, lookup};

/// Carries out one effect. State is only read here; what happened comes
/// back as messages for `update::apply`.
pub fn execute(state: &State, svc: &mut Services, effect: Effect) -> Outcome {
    match effect {
        Effect::Reload => Outcome::wrote(vec![]),
        Effect::Search(query) => Outcome::read(lookup::run_search(state, svc, &query)),
        Effect::LoadCard(id) => Outcome::read(vec![lookup::load_card(state, svc, id, false)]),
        Effect::OpenHit(query) => Outcome::read(lookup::open_hit(state, svc, &query)),
        Effect::RefreshCard(id) => Outcome::read(vec![lookup::load_card(state, svc, id, true)]),
        Effect::MarkVerified { household_id, version } => lookup::mark_verified(state, svc, household_id, version),
        Effect::Reveal { household_id } => lookup::reveal(state, svc, household_id),
        Effect::Save(op) => lookup::save(state, svc, *op),
        Effect::Request(e) => service::requests::execute(state, svc, *e),
        Effect::Agenda(e) => service::agenda::execute(state, svc, e),
        Effect::Assess(e) => service::assessment::execute(state, svc, e),
        Effect::Gate(e) => super::login::execute(state, svc, e),
        Effect::Setup(e) => service::setup::execute(state, svc, *e),
        Effect::Reports(e) => service::reports::execute(state, svc, *e),
        Effect::Export(job, format) => Outcome::read(vec![service::export(state, svc, &job, format)]),
    }
}
