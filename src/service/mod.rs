//! The service layer: carries out the panes' effects against the store and
//! the search index and answers with messages (README, Architecture). One
//! module per pane; `Services` is what they act on. Panes never import this
//! module or the store: they ask with their `Effect`s, and their `update`
//! applies the answers. The state is only read here.

pub mod agenda;
pub mod assessment;
pub mod lookup;
pub mod reports;
pub mod requests;
pub mod setup;

use crate::app::message::Message;
use crate::app::state::State;
use crate::text::i18n;

use crate::search::{Hit, Index, Searcher};
use crate::store::{Store, StoreError};
use std::sync::Arc;

/// What effects act on; owned by the event loop, not by the state.
pub struct Services {
    pub store: Store,
    pub index: Option<Arc<Index>>,
    pub searcher: Searcher,
    /// The last query whose whole-number matches were audited, so that
    /// typing on after a full number does not audit every keystroke.
    audited_query: String,
    /// The households a cadre account may find (None: all), from
    /// `Store::scope_households` at login.
    pub scope: Option<std::collections::HashSet<i64>>,
    /// Where work done on a thread of its own reports (the set-up pane's
    /// register import); None runs it in place (in-process tests).
    pub events: Option<std::sync::mpsc::Sender<crate::app::event::AppEvent>>,
}

impl Services {
    pub fn new(store: Store) -> Services {
        // A clerk who may not reveal sees masked numbers in the results
        // (README "Accounts and privacy").
        let mut searcher = Searcher::new();
        searcher.set_masked(!store.actor().can_reveal);
        // Unreadable scope: find nothing rather than everything.
        let scope = store.scope_households().unwrap_or_else(|_| Some(Default::default()));
        Services {
            store,
            index: None,
            searcher,
            audited_query: String::new(),
            scope,
            events: None,
        }
    }

    /// A clerk who may not reveal found someone by a whole ID or phone
    /// number: allowed (they typed it), but audited once per query
    /// (`lookup.full_number`) in its own transaction.
    pub fn audit_full_numbers(&mut self, query: &str, hits: &[Hit]) -> Result<(), StoreError> {
        if self.store.actor().can_reveal || self.audited_query == query {
            return Ok(());
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
            return Ok(());
        }
        self.audited_query = query.to_string();
        let object = found.join(",");
        self.store
            .write(|tx, actor| Store::audit(tx, actor, "lookup.full_number", &object, "whole ID or phone typed"))?;
        Ok(())
    }
}

/// Writes an export the user asked for with one key (always masked: a full
/// export is `minqing export … --full`); the status line names the file.
pub fn export(
    state: &State,
    svc: &mut Services,
    job: &crate::export::jobs::Job,
    format: crate::export::jobs::Format,
) -> Message {
    let opts = crate::export::jobs::Options {
        format,
        ..Default::default()
    };
    match crate::export::jobs::run(&mut svc.store, job, &opts, state.lang, state.today) {
        Ok(msg) => Message::Info(msg),
        Err(why) => Message::Error(why),
    }
}

/// A store failure as a sentence for the status line.
pub(crate) fn report(state: &State, e: &StoreError) -> Message {
    Message::Error(i18n::store_error(state.lang, e))
}
