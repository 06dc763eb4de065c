//! The lookup pane's state: the query and its results, and the household
//! card open from them.

use crate::app::input::Input;
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
    pub member: usize,
    /// Full IDs and phones shown (permission checked and audited).
    pub revealed: bool,
    /// The cursor is on this row of the card's requests (below the
    /// members); Enter opens the request.
    pub request: Option<usize>,
}
