//! Carries out the lookup pane's effects: the search, the household card
//! (open, refresh, mark verified, reveal) and its forms (a member's contact,
//! a new member, a new request), answering with messages.

use super::{Services, report};
use crate::app::message::{Message, Outcome};
use crate::app::state::State;
use crate::panes::assessment::update::AssessMessage;
use crate::panes::lookup::forms::SaveOp;
use crate::panes::lookup::state::LookupRow;
use crate::panes::lookup::update::LookupMessage;
use crate::search;
use crate::store::{self, Store, StoreError};
use crate::text::i18n::{self, fill, texts};

/// Marks the open household verified, then reloads its card.
pub fn mark_verified(state: &State, svc: &mut Services, household_id: i64, version: i64) -> Outcome {
    let said = match store::households::mark_verified(&mut svc.store, household_id, version, state.today) {
        Ok(_) => Message::Info(texts(state.lang).form.verified.clone()),
        Err(e) => report(state, &e),
    };
    Outcome::wrote(vec![said, load_card(state, svc, household_id, true)])
}

/// Shows full IDs and phones on the card, if this user may; audited.
pub fn reveal(state: &State, svc: &mut Services, household_id: i64) -> Outcome {
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

/// Runs the query; before the index is ready the pane shows "indexing"
/// and the query runs as soon as the index arrives.
pub fn run_search(state: &State, svc: &mut Services, query: &str) -> Vec<Message> {
    let Some(index) = svc.index.clone() else {
        return vec![];
    };
    // One more than is listed, to know whether there are more.
    let mut hits = match &svc.scope {
        None => svc.searcher.search(&index, query, search::DEFAULT_LIMIT + 1),
        // A cadre finds only households of their own grids: ranked over
        // everything, then cut to their part (README "Accounts and roles").
        Some(own) => {
            let mut hits = svc.searcher.search(&index, query, index.len().max(1));
            hits.retain(|h| own.contains(&h.household_id));
            hits
        }
    };
    let more = hits.len() > search::DEFAULT_LIMIT;
    hits.truncate(search::DEFAULT_LIMIT);
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
    messages.push(Message::Lookup(LookupMessage::Results {
        query: query.to_string(),
        rows,
        more,
    }));
    messages
}

/// Searches `query` and opens the selected result, as Enter does on results
/// shown: the card, or (choosing a new request's resident) the request form.
pub fn open_hit(state: &State, svc: &mut Services, query: &str) -> Vec<Message> {
    let mut messages = run_search(state, svc, query);
    let household = messages.iter().find_map(|m| match m {
        Message::Lookup(LookupMessage::Results { rows, .. }) => {
            let row = state.lookup.list.selected.min(rows.len().checked_sub(1)?);
            Some((row, rows[row].entry.household_id))
        }
        _ => None,
    });
    match household {
        Some((row, _)) if state.lookup.picking_for_request => messages.push(Message::Lookup(LookupMessage::Pick(row))),
        Some((_, id)) => messages.push(load_card(state, svc, id, false)),
        None => {}
    }
    messages
}

/// Loads the card; `keep` keeps the member selection and the reveal when
/// it is the same household (see `LookupMessage::Card`).
pub fn load_card(state: &State, svc: &mut Services, household_id: i64, keep: bool) -> Message {
    // A cadre opens only households of their own grids (README "Accounts and roles").
    if let Err(e) = svc.store.require_household(household_id) {
        return report(state, &e);
    }
    match store::register::load_card(svc.store.conn(), household_id) {
        Ok(card) => Message::Lookup(LookupMessage::Card {
            card: Box::new(card),
            keep,
        }),
        Err(e) => report(state, &e),
    }
}

/// Saves a form of the card (handing the agenda's and assessment's own
/// forms to their modules).
pub fn save(state: &State, svc: &mut Services, op: SaveOp) -> Outcome {
    let op = match op {
        SaveOp::Assess(op) => return super::assessment::save(state, svc, op),
        SaveOp::Agenda(op) => return super::agenda::save(state, svc, op),
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
            keep_phone,
            status,
        } => match save_contact(svc, person_id, version, keep_phone, phone, &status) {
            Err(StoreError::Conflict { .. }) => {
                if let Some(m) = member_rebased(state, svc, person_id) {
                    // The card shows the new version too (the masked phone
                    // left as shown then means the new number).
                    let mut messages = vec![m];
                    if let Some(id) = household {
                        messages.push(load_card(state, svc, id, true));
                    }
                    return Outcome::read(messages);
                }
                Err(i18n::store_error(lang, &StoreError::Conflict { object: String::new() }))
            }
            r => r
                .map(|_| texts(lang).form.saved.clone())
                .map_err(|e| i18n::store_error(lang, &e)),
        },
        SaveOp::AddMember {
            household_id,
            household_version,
            person,
        } => match store::households::add_person(&mut svc.store, household_id, household_version, person) {
            Err(StoreError::Conflict { .. }) => {
                if let Some(m) = household_rebased(state, svc, household_id) {
                    return Outcome::read(vec![m]);
                }
                Err(i18n::store_error(lang, &StoreError::Conflict { object: String::new() }))
            }
            r => r
                .map(|_| texts(lang).form.saved.clone())
                .map_err(|e| i18n::store_error(lang, &e)),
        },
        SaveOp::NewRequest(new) => match create_request(state, svc, &new) {
            Ok(created) => {
                new_request = Some(created.id);
                let t = texts(lang);
                let mut msg = fill(&t.form.request_saved, &[("id", &created.id), ("due", &created.due.due)]);
                if !created.due.uncovered_years.is_empty() {
                    let years: Vec<String> = created.due.uncovered_years.iter().map(|y| y.to_string()).collect();
                    let note = fill(
                        &t.req.calendar_missing,
                        &[("years", &years.join(&t.clerkflow.name_sep))],
                    );
                    msg = format!("{msg}{}{note}", t.clerkflow.sentence_sep);
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
        messages.extend(super::requests::query_around(state, svc, new_request));
    }
    Outcome::wrote(messages)
}

/// A request raised during a visit is saved with the visit's link.
fn create_request(
    state: &State,
    svc: &mut Services,
    new: &store::request_ops::NewRequest,
) -> Result<store::request_ops::Created, store::request_ops::RequestError> {
    match super::assessment::visit_raising(state, new) {
        Some(visit) => store::request_ops::create_request_on_visit(&mut svc.store, new, visit),
        None => store::request_ops::create_request(&mut svc.store, new),
    }
}

/// Saves a member's phone and status; a phone shown masked and left alone
/// keeps the stored number.
fn save_contact(
    svc: &mut Services,
    person_id: i64,
    version: i64,
    keep_phone: bool,
    phone: Option<String>,
    status: &str,
) -> store::Result<i64> {
    let phone = if keep_phone {
        stored_phone(svc, person_id)
    } else {
        phone
    };
    store::households::update_person_contact(&mut svc.store, person_id, version, phone.as_deref(), status)
}

/// The phone stored for a person (kept when the form showed it masked).
fn stored_phone(svc: &Services, person_id: i64) -> Option<String> {
    svc.store
        .conn()
        .query_row("SELECT phone FROM persons WHERE id = ?1", [person_id], |r| r.get(0))
        .ok()
        .flatten()
}

/// "(who, when)" of the last write on `objects`, for a conflict message.
fn who_when(state: &State, svc: &Services, objects: &[String]) -> (String, String) {
    let f = &texts(state.lang).forms;
    match store::audit::last_write(svc.store.conn(), objects) {
        Ok(Some((who, at))) => (who, at.get(..16).unwrap_or(&at).to_string()),
        _ => (f.conflict_someone.clone(), String::new()),
    }
}

/// The edit-member form after a colleague saved the person first: the new
/// version and stored values, and who changed which fields when.
fn member_rebased(state: &State, svc: &Services, person_id: i64) -> Option<Message> {
    let form = state.form.as_ref()?;
    let (phone, status, version, name): (Option<String>, String, i64, String) = svc
        .store
        .conn()
        .query_row(
            "SELECT phone, status, version, name FROM persons WHERE id = ?1",
            [person_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .ok()?;
    // A masked phone field gets the new number masked too.
    let phone = phone.unwrap_or_default();
    // Unless this user revealed the card, the colleague's number is shown
    // masked like everywhere else.
    let masked = !state.card.as_ref().is_some_and(|c| c.revealed);
    let phone = if masked {
        crate::domain::ids::mask_phone(&phone)
    } else {
        phone
    };
    let newer = vec![("phone", phone), ("status", status)];
    let changed: Vec<String> = form
        .fields
        .iter()
        .filter(|f| newer.iter().any(|(k, v)| *k == f.key && *v != f.base))
        .map(|f| f.label.clone())
        .collect();
    let (who, when) = who_when(state, svc, &[format!("person:{person_id}")]);
    let f = &texts(state.lang).forms;
    let text = fill(
        &f.conflict_rebased,
        &[
            ("what", &fill(&f.conflict_member, &[("name", &name)])),
            ("who", &who),
            ("when", &when),
            ("fields", &changed.join(&texts(state.lang).clerkflow.name_sep)),
        ],
    );
    Some(Message::FormRebased {
        kind: crate::app::form::FormKind::EditMember { person_id, version },
        newer,
        text,
    })
}

/// The add-member form after the household changed meanwhile: the new
/// household version, and who changed it when.
fn household_rebased(state: &State, svc: &Services, household_id: i64) -> Option<Message> {
    let conn = svc.store.conn();
    let version: i64 = conn
        .query_row("SELECT version FROM households WHERE id = ?1", [household_id], |r| {
            r.get(0)
        })
        .ok()?;
    let mut objects = vec![format!("household:{household_id}")];
    if let Ok(mut stmt) = conn.prepare("SELECT id FROM persons WHERE household_id = ?1")
        && let Ok(ids) = stmt.query_map([household_id], |r| r.get::<_, i64>(0))
    {
        objects.extend(ids.flatten().map(|id| format!("person:{id}")));
    }
    let (who, when) = who_when(state, svc, &objects);
    let f = &texts(state.lang).forms;
    let text = fill(
        &f.conflict_rebased,
        &[
            ("what", &f.conflict_household),
            ("who", &who),
            ("when", &when),
            ("fields", &f.household_changed),
        ],
    );
    Some(Message::FormRebased {
        kind: crate::app::form::FormKind::AddMember {
            household_id,
            household_version: version,
        },
        newer: vec![],
        text,
    })
}
