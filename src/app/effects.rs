//! Carries out effects against the store and the search index and reports
//! their results (or a sentence about their failure) as messages.

use super::effect::Effect;
use super::message::{Message, Outcome};
use super::services::Services;
use super::state::State;
use crate::panes::assessment::update::AssessMessage;
use crate::panes::lookup::forms::SaveOp;
use crate::panes::lookup::state::LookupRow;
use crate::panes::lookup::update::LookupMessage;
use crate::search;
use crate::store::{self, Store, StoreError};
use crate::text::i18n::{self, fill, texts};

/// Carries out one effect. State is only read here; what happened comes
/// back as messages for `update::apply`.
pub fn execute(state: &State, svc: &mut Services, effect: Effect) -> Outcome {
    match effect {
        Effect::Reload => Outcome::wrote(vec![]),
        Effect::Search(query) => Outcome::read(run_search(state, svc, &query)),
        Effect::LoadCard(id) => Outcome::read(vec![load_card(state, svc, id, false)]),
        Effect::RefreshCard(id) => Outcome::read(vec![load_card(state, svc, id, true)]),
        Effect::MarkVerified { household_id, version } => {
            let said = match store::households::mark_verified(&mut svc.store, household_id, version, state.today) {
                Ok(_) => Message::Info(texts(state.lang).form.verified.clone()),
                Err(e) => report(state, &e),
            };
            Outcome::wrote(vec![said, load_card(state, svc, household_id, true)])
        }
        Effect::Reveal { household_id } => {
            let object = format!("household:{household_id}");
            if svc
                .store
                .require(crate::domain::accounts::Permission::Reveal, &object)
                .is_err()
            {
                return Outcome::read(vec![Message::Error(texts(state.lang).form.no_reveal.clone())]);
            }
            let audited = svc
                .store
                .write(|tx, actor| Store::audit(tx, actor, "person.reveal", &object, "full ID and phone shown"));
            Outcome::read(match audited {
                Ok(()) => vec![
                    Message::Lookup(LookupMessage::Revealed),
                    Message::Info(texts(state.lang).form.revealed.clone()),
                ],
                Err(e) => vec![report(state, &e)],
            })
        }
        Effect::Save(op) => save(state, svc, *op),
        Effect::Request(e) => crate::panes::requests::effects::execute(state, svc, *e),
        Effect::Agenda(e) => crate::panes::agenda::effects::execute(state, svc, e),
        Effect::Assess(e) => crate::panes::assessment::effects::execute(state, svc, e),
        Effect::Gate(e) => super::login::execute(state, svc, e),
        Effect::Setup(e) => crate::panes::setup::effects::execute(state, svc, *e),
    }
}

/// Runs the query; before the index is ready the pane shows "indexing"
/// and the query runs as soon as the index arrives.
pub fn run_search(state: &State, svc: &mut Services, query: &str) -> Vec<Message> {
    let Some(index) = svc.index.clone() else {
        return vec![];
    };
    let hits = svc.searcher.search(&index, query, search::DEFAULT_LIMIT);
    let mut messages = Vec::new();
    // Whole-number finds are audited (README "Accounts and privacy"); a
    // failed audit write is said on the status line, the results still show.
    if let Err(e) = svc.audit_full_numbers(query, &hits) {
        messages.push(report(state, &e));
    }
    let rows = hits
        .into_iter()
        .filter_map(|hit| {
            let entry = index.entry(hit.row)?.to_owned();
            Some(LookupRow { hit, entry })
        })
        .collect();
    messages.push(Message::Lookup(LookupMessage::Results(rows)));
    messages
}

/// Loads the card; `keep` keeps the member selection and the reveal when
/// it is the same household (see `LookupMessage::Card`).
pub fn load_card(state: &State, svc: &mut Services, household_id: i64, keep: bool) -> Message {
    match store::register::load_card(svc.store.conn(), household_id) {
        Ok(card) => Message::Lookup(LookupMessage::Card {
            card: Box::new(card),
            keep,
        }),
        Err(e) => report(state, &e),
    }
}

fn save(state: &State, svc: &mut Services, op: SaveOp) -> Outcome {
    let op = match op {
        SaveOp::Assess(op) => return crate::panes::assessment::effects::save(state, svc, op),
        SaveOp::Agenda(op) => return crate::panes::agenda::effects::save(state, svc, op),
        other => other,
    };
    let mut new_request = None;
    let lang = state.lang;
    let household = state.card.as_ref().map(|c| c.card.id);
    let result = match op {
        SaveOp::EditMember {
            person_id,
            version,
            phone,
            status,
        } => store::households::update_person_contact(&mut svc.store, person_id, version, phone.as_deref(), &status)
            .map(|_| texts(lang).form.saved.clone())
            .map_err(|e| i18n::store_error(lang, &e)),
        SaveOp::AddMember {
            household_id,
            household_version,
            person,
        } => store::households::add_person(&mut svc.store, household_id, household_version, person)
            .map(|_| texts(lang).form.saved.clone())
            .map_err(|e| i18n::store_error(lang, &e)),
        SaveOp::NewRequest(new) => match create_request(state, svc, &new) {
            Ok(created) => {
                new_request = Some(created.id);
                let t = texts(lang);
                let mut msg = fill(&t.form.request_saved, &[("id", &created.id), ("due", &created.due.due)]);
                if !created.due.uncovered_years.is_empty() {
                    let years: Vec<String> = created.due.uncovered_years.iter().map(|y| y.to_string()).collect();
                    msg = format!(
                        "{msg}. {}",
                        fill(&t.req.calendar_missing, &[("years", &years.join(", "))])
                    );
                }
                Ok(msg)
            }
            Err(e) => Err(i18n::request_error(lang, &e, None)),
        },
        SaveOp::Agenda(_) | SaveOp::Assess(_) => unreachable!("handed over above"),
    };
    let mut messages = Vec::new();
    match result {
        Ok(msg) => {
            messages.push(Message::FormSaved(msg));
            if let Some(id) = new_request {
                messages.push(Message::Requests(Box::new(
                    crate::panes::requests::update::RequestsMessage::Created(id),
                )));
            }
            // Any saved request ends the wait for one raised during a
            // visit (the store linked it in the request's transaction).
            if new_request.is_some() && state.assess.raised_on_visit.is_some() {
                messages.push(Message::Assess(Box::new(AssessMessage::RaisedLinkDone)));
            }
        }
        // Keep the form and everything typed in it; say why.
        Err(text) => messages.push(Message::FormRefused(text)),
    }
    if let Some(id) = household {
        messages.push(load_card(state, svc, id, true));
    }
    // Our own write shows at once, not only after the loader's reload.
    if state.pane == crate::panes::PaneId::REQUESTS || !state.requests.rows.is_empty() {
        messages.extend(crate::panes::requests::effects::query_around(state, svc, new_request));
    }
    Outcome::wrote(messages)
}

/// A request raised during a visit is saved with the visit's link.
fn create_request(
    state: &State,
    svc: &mut Services,
    new: &store::request_ops::NewRequest,
) -> Result<store::request_ops::Created, store::request_ops::RequestError> {
    match crate::panes::assessment::effects::visit_raising(state, new) {
        Some(visit) => store::request_ops::create_request_on_visit(&mut svc.store, new, visit),
        None => store::request_ops::create_request(&mut svc.store, new),
    }
}

fn report(state: &State, e: &StoreError) -> Message {
    Message::Error(i18n::store_error(state.lang, e))
}
