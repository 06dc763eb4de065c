//! One module per pane; each draws from the state's snapshot only.

pub mod agenda;
pub mod assessment;
pub mod grid_map;
pub mod keys;
pub mod lookup;
pub mod requests;

use crate::app::state::State;
use crate::text::i18n::Texts;

/// The note for an empty list: nothing at all, or nothing that matches.
pub fn empty_note<'a>(state: &State, t: &'a Texts) -> &'a str {
    if state.list().filter.is_empty() {
        &t.chrome.no_rows
    } else {
        &t.chrome.no_match
    }
}
