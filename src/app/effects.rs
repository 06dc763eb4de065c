//! Carries out effects against the store and the search index, and writes
//! their results (or a sentence about their failure) back into the state.

use super::forms::SaveOp;
use super::state::{CardView, LookupRow, State};
use super::update::Effect;
use crate::search::{self, Index, Searcher};
use crate::store::{self, Store, StoreError};
use crate::ui::i18n::{self, fill, texts};
use std::sync::Arc;

/// What effects act on; owned by the event loop, not by the state.
pub struct Services {
    pub store: Store,
    pub index: Option<Arc<Index>>,
    pub searcher: Searcher,
    /// The last query whose whole-number matches were audited, so that
    /// typing on after a full number does not audit every keystroke.
    audited_query: String,
}

impl Services {
    pub fn new(store: Store) -> Services {
        let mut searcher = Searcher::new();
        searcher.set_masked(!store.actor().can_reveal);
        Services {
            store,
            index: None,
            searcher,
            audited_query: String::new(),
        }
    }
}

/// Whether the loader must reload the snapshot afterwards.
pub fn execute(state: &mut State, svc: &mut Services, effect: Effect) -> bool {
    match effect {
        Effect::Reload => true,
        Effect::Search(query) => {
            run_search(state, svc, &query);
            false
        }
        Effect::LoadCard(id) => {
            load_card(state, svc, id, false);
            false
        }
        Effect::RefreshCard(id) => {
            load_card(state, svc, id, true);
            false
        }
        Effect::MarkVerified { household_id, version } => {
            match store::households::mark_verified(&mut svc.store, household_id, version, state.today) {
                Ok(_) => state.info(texts(state.lang).form.verified.clone()),
                Err(e) => report(state, &e),
            }
            load_card(state, svc, household_id, true);
            true
        }
        Effect::Reveal { household_id } => {
            let object = format!("household:{household_id}");
            let audited = svc
                .store
                .write(|tx, actor| Store::audit(tx, actor, "person.reveal", &object, "full ID and phone shown"));
            match audited {
                Ok(()) => {
                    if let Some(card) = state.card.as_mut() {
                        card.revealed = true;
                    }
                    state.info(texts(state.lang).form.revealed.clone());
                }
                Err(e) => report(state, &e),
            }
            false
        }
        Effect::Save(op) => {
            save(state, svc, *op);
            true
        }
        Effect::Request(e) => super::request_effects::execute(state, svc, *e),
        Effect::Agenda(e) => super::agenda_effects::execute(state, svc, e),
        Effect::Assess(e) => super::assess_effects::execute(state, svc, e),
    }
}

/// Runs the query; before the index is ready the pane shows "indexing"
/// and the query runs as soon as the index arrives.
pub fn run_search(state: &mut State, svc: &mut Services, query: &str) {
    let Some(index) = svc.index.clone() else {
        return;
    };
    let hits = svc.searcher.search(&index, query, search::DEFAULT_LIMIT);
    audit_full_numbers(state, svc, query, &hits);
    state.lookup.rows = hits
        .into_iter()
        .filter_map(|hit| {
            let entry = index.entry(hit.row)?.to_owned();
            Some(LookupRow { hit, entry })
        })
        .collect();
    state.lookup.selected = state.lookup.selected.min(state.lookup.rows.len().saturating_sub(1));
}

/// A user who may not reveal found someone by a whole ID or phone number:
/// allowed (the caller gave it), but audited (README "Accounts and privacy").
fn audit_full_numbers(state: &mut State, svc: &mut Services, query: &str, hits: &[search::Hit]) {
    if svc.store.actor().can_reveal || svc.audited_query == query {
        return;
    }
    let found: Vec<String> = hits
        .iter()
        .filter(|h| h.full_number)
        .map(|h| match h.person_id {
            Some(p) => format!("person:{p}"),
            None => format!("household:{}", h.household_id),
        })
        .collect();
    if found.is_empty() {
        return;
    }
    svc.audited_query = query.to_string();
    let object = found.join(",");
    if let Err(e) = svc
        .store
        .write(|tx, actor| Store::audit(tx, actor, "lookup.full_number", &object, "whole ID or phone typed"))
    {
        report(state, &e);
    }
}

/// Opens or refreshes the card; `keep` keeps the member selection and the
/// reveal when it is the same household.
pub fn load_card(state: &mut State, svc: &mut Services, household_id: i64, keep: bool) {
    match store::register::load_card(svc.store.conn(), household_id) {
        Ok(card) => {
            let (member, revealed) = match &state.card {
                Some(old) if keep && old.card.id == household_id => (old.member, old.revealed),
                _ => (0, false),
            };
            let member = member.min(card.members.len().saturating_sub(1));
            state.card = Some(CardView { card, member, revealed });
        }
        Err(e) => report(state, &e),
    }
}

fn save(state: &mut State, svc: &mut Services, op: SaveOp) {
    let op = match op {
        SaveOp::Assess(op) => return super::assess_effects::save(state, svc, op),
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
        SaveOp::Agenda(op) => {
            super::agenda_effects::save(state, svc, op);
            return;
        }
        SaveOp::Assess(_) => unreachable!("saved above"),
    };
    match result {
        Ok(msg) => {
            state.form = None;
            state.info(msg);
            // Any saved request ends the wait for one raised during a visit.
            if new_request.is_some() {
                state.assess.raised_on_visit = None;
            }
        }
        Err(text) => {
            // Keep the form and everything typed in it; say why.
            if let Some(form) = state.form.as_mut() {
                form.error = Some(text.clone());
            }
            state.error(text);
        }
    }
    if let Some(id) = household {
        load_card(state, svc, id, true);
    }
    // Our own write shows at once, not only after the loader's reload.
    if state.pane == super::state::Pane::Requests || !state.requests.rows.is_empty() {
        super::request_effects::query(state, svc);
    }
}

/// A request raised during a visit is saved with the visit's link.
fn create_request(
    state: &State,
    svc: &mut Services,
    new: &store::request_ops::NewRequest,
) -> Result<store::request_ops::Created, store::request_ops::RequestError> {
    match super::assess_effects::visit_raising(state, new) {
        Some(visit) => store::request_ops::create_request_on_visit(&mut svc.store, new, visit),
        None => store::request_ops::create_request(&mut svc.store, new),
    }
}

fn report(state: &mut State, e: &StoreError) {
    let text = i18n::store_error(state.lang, e);
    state.error(text);
}
