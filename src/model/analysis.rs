//! Read models of the 民情分析 pane: a household of a list opened from a
//! warning (README "民情分析").

use chrono::NaiveDate;

/// One household behind a household warning. `resident` as stored; the
/// pane masks it for a user who may not reveal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedHousehold {
    pub household_id: i64,
    pub resident: String,
    pub address: String,
    pub tags: String,
    /// The latest visit (unvisited households) or the last verification of
    /// the record (stale records); None: never.
    pub day: Option<NaiveDate>,
}
