//! What effects act on: the store and the search index. Its own module so
//! that the panes' effect code and the executor do not import each other.

use crate::search::{Index, Searcher};
use crate::store::Store;
use std::sync::Arc;

/// What effects act on; owned by the event loop, not by the state.
pub struct Services {
    pub store: Store,
    pub index: Option<Arc<Index>>,
    pub searcher: Searcher,
}

impl Services {
    pub fn new(store: Store) -> Services {
        Services {
            store,
            index: None,
            searcher: Searcher::new(),
        }
    }
}
