//! The resident register as the lookup pane shows it: households and the
//! household card (一户一档).

use crate::domain::request::Status;

#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdRow {
    pub id: i64,
    pub head: Option<String>,
    pub address: String,
    pub village: String,
    pub grid: String,
    pub members: i64,
    pub tags: String,
    pub verified_at: Option<String>,
    /// Where the row sorts (village, group, id) and its grid, so a changed
    /// household can be patched into the list (README "Performance").
    pub village_id: i64,
    pub group_id: Option<i64>,
    pub grid_id: i64,
}

impl HouseholdRow {
    /// The register list's order: village, group (none first), id.
    pub fn order(&self) -> (i64, Option<i64>, i64) {
        (self.village_id, self.group_id, self.id)
    }
}

/// Everything the household card (一户一档) shows.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdCard {
    pub id: i64,
    pub version: i64,
    pub address: String,
    pub village: String,
    pub group: Option<String>,
    pub house_no: String,
    pub phone: Option<String>,
    pub tags: Vec<String>,
    pub verified_at: Option<String>,
    pub grid_id: i64,
    pub grid: String,
    pub cadre: Option<String>,
    pub cadre_phone: Option<String>,
    pub members: Vec<Member>,
    pub requests: Vec<CardRequest>,
    pub visits: Vec<CardVisit>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub id: i64,
    pub version: i64,
    pub name: String,
    pub relation: String,
    pub gender: Option<String>,
    pub birth_date: Option<String>,
    pub resident_id: Option<String>,
    pub phone: Option<String>,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CardRequest {
    pub id: i64,
    pub received_at: String,
    pub status: Status,
    pub title: String,
    /// Merged as a duplicate of this request.
    pub duplicate_of: Option<i64>,
    /// Merged into (or escalated with) this topic.
    pub topic_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CardVisit {
    pub visited_on: String,
    pub kind: crate::model::assessment::VisitKind,
    pub cadre: String,
    pub notes: String,
}

/// A new member of a household, already validated by the caller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewPerson {
    pub name: String,
    pub resident_id: Option<String>,
    /// 'M' or 'F'.
    pub gender: Option<String>,
    /// 'YYYY-MM-DD'.
    pub birth_date: Option<String>,
    /// Relation to the head of household, e.g. 户主, 配偶, 子女.
    pub relation: String,
    pub phone: Option<String>,
    /// 在家, 外出务工, 在校, 去世, ...
    pub status: String,
}
