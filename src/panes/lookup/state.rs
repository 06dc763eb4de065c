//! The lookup pane's state: the query and its results, and the household
//! card open from them.

use crate::app::input::Input;
use crate::app::selection::Selection;
use crate::model::register::HouseholdCard;
use crate::search::{Entry, Hit};

/// One lookup result with the fields its row shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupRow {
    pub hit: Hit,
    pub entry: Entry,
}

/// The lookup pane: the query, its ranked results, and whether the caret
/// is in the query (phone-call mode) or on the list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LookupView {
    pub query: Input,
    pub focused: bool,
    pub rows: Vec<LookupRow>,
    /// The query `rows` answer; another than `query` while its answer is
    /// still due from the worker (README "Architecture").
    pub found: Option<String>,
    /// The query matched more than the rows listed.
    pub more: bool,
    pub list: crate::app::selection::Selection,
    /// False until the search index has been built off the UI thread.
    pub index_ready: bool,
    /// Choosing the resident of a new request: Enter opens the request form.
    pub picking_for_request: bool,
}

/// The household card (一户一档) open in the lookup pane.
#[derive(Debug, Clone, PartialEq)]
pub struct CardView {
    pub card: HouseholdCard,
    /// One cursor down the members, then the card's requests: rows
    /// `0..members` are the members, the rest the requests (README, Lists).
    pub cursor: Selection,
    /// Full IDs and phones shown (permission checked and audited).
    pub revealed: bool,
}

impl CardView {
    /// A card just opened: the cursor on its first row, masked.
    pub fn new(card: HouseholdCard) -> CardView {
        CardView {
            card,
            cursor: Selection::default(),
            revealed: false,
        }
    }

    /// Rows the cursor moves over: the members, then the requests.
    pub fn rows(&self) -> usize {
        self.card.members.len() + self.card.requests.len()
    }

    /// The member a member's action is for: the one under the cursor, or
    /// the last one while the cursor is on the requests.
    pub fn member(&self) -> usize {
        self.cursor.selected.min(self.card.members.len().saturating_sub(1))
    }

    /// The row of the card's requests the cursor is on (Enter opens it).
    pub fn request(&self) -> Option<usize> {
        let members = self.card.members.len();
        (self.cursor.selected >= members && self.cursor.selected < self.rows()).then(|| self.cursor.selected - members)
    }

    /// Applies a list move (`Selection::step`); false for any other action.
    pub fn step(&mut self, action: crate::app::action::Action, page: usize) -> bool {
        let rows = self.rows();
        self.cursor.step(action, page, rows)
    }

    /// The card reloaded (`card`, the same household): the cursor stays on
    /// the same member or the same request where it still exists.
    pub fn reload(&mut self, card: HouseholdCard) {
        let place = self.request().map(|r| r.min(card.requests.len().saturating_sub(1)));
        self.card = card;
        let members = self.card.members.len();
        self.cursor.selected = match place {
            Some(r) if !self.card.requests.is_empty() => members + r,
            _ => self.cursor.selected.min(members.saturating_sub(1)),
        };
        self.cursor.clamp(self.rows());
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
