//! What effects act on: the store and the search index. Its own module so
//! that the panes' effect code and the executor do not import each other.

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
    /// Where work done on a thread of its own reports (the set-up pane's
    /// register import); None runs it in place (in-process tests).
    pub events: Option<std::sync::mpsc::Sender<super::event::AppEvent>>,
}

impl Services {
    pub fn new(store: Store) -> Services {
        // A clerk who may not reveal sees masked numbers in the results
        // (README "Accounts and privacy").
        let mut searcher = Searcher::new();
        searcher.set_masked(!store.actor().can_reveal);
        Services {
            store,
            index: None,
            searcher,
            audited_query: String::new(),
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
