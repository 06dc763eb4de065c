//! Carries out effects against the store and the search index and reports
//! their results (or a sentence about their failure) as messages.

use super::effect::Effect;
use super::message::{Message, Outcome};
use super::services::Services;
use super::state::State;
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
        Effect::Search(query) => Outcome::read(run_search(svc, &query)),
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
    }
}

/// Runs the query; before the index is ready the pane shows "indexing"
/// and the query runs as soon as the index arrives.
pub fn run_search(svc: &mut Services, query: &str) -> Vec<Message> {
    let Some(index) = svc.index.clone() else {
        return vec![];
    };
    let hits = svc.searcher.search(&index, query, search::DEFAULT_LIMIT);
    let rows = hits
        .into_iter()
        .filter_map(|hit| {
            let entry = index.entry(hit.row)?.to_owned();
            Some(LookupRow { hit, entry })
        })
        .collect();
    vec![Message::Lookup(LookupMessage::Results(rows))]
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
        SaveOp::NewRequest(new) => match store::request_ops::create_request(&mut svc.store, &new) {
            Ok(created) => {
                new_request = Some((created.id, new.household_id, new.channel.code().to_string()));
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
            // A request raised during a visit is linked to the visit.
            if let Some((id, household, channel)) = new_request {
                messages.extend(crate::panes::assessment::effects::link_raised_request(
                    state, svc, id, household, &channel,
                ));
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
        messages.extend(crate::panes::requests::effects::query(state, svc));
    }
    Outcome::wrote(messages)
}

fn report(state: &State, e: &StoreError) -> Message {
    Message::Error(i18n::store_error(state.lang, e))
}
