//! Assessment figures, visit plans and satisfaction surveys as the grid map
//! and assessment panes show them.

use crate::domain::assessment::{Call, GridLayerInput, Period, QuotaCheck, Rate, TwoRates};
use chrono::NaiveDate;

/// One row of the assessment table: a cadre or a grid.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitFigures {
    pub id: i64,
    pub name: String,
    /// Cadre: their grids; grid: its cadre.
    pub detail: String,
    pub households: u32,
    /// Distinct households with a household visit this calendar year.
    pub visited_this_year: u32,
    /// Village visits (distinct days with a household visit) against the quota.
    pub village_visits: QuotaCheck,
    pub overnights: QuotaCheck,
    /// Survey calls in the period.
    pub rates: TwoRates,
    /// Request callbacks (回访) in the period: satisfied / reached.
    pub callback_satisfaction: Rate,
    pub open_requests: u32,
    pub overdue_requests: u32,
    /// Average working days from received to resolved, for requests resolved in the period.
    pub avg_resolve_days: Option<f64>,
    /// Urges (催办) received in the period (cadres only; 0 for grids).
    pub urges: u32,
}

impl UnitFigures {
    pub fn coverage(&self) -> Rate {
        Rate::new(self.visited_this_year, self.households)
    }

    pub fn below_quota(&self) -> bool {
        self.village_visits.below() || self.overnights.below()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PeriodFigures {
    pub period: Period,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub cadres: Vec<UnitFigures>,
    pub grids: Vec<UnitFigures>,
}

/// An open request as the grid side panel lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenRequest {
    pub id: i64,
    pub title: String,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
}

/// What the map and its side panel show for one grid.
#[derive(Debug, Clone, PartialEq)]
pub struct GridFigures {
    pub grid_id: i64,
    pub version: i64,
    pub cadre_id: Option<i64>,
    pub village: String,
    /// Villages of the grid's households (a grid may straddle villages).
    pub villages: Vec<String>,
    pub layer: GridLayerInput,
    pub persons: u32,
    pub visits_this_week: u32,
    pub visits_this_year: u32,
    /// Survey calls this year.
    pub rates: TwoRates,
    /// Open requests, overdue first then by due date; at most five.
    pub top_open: Vec<OpenRequest>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overview {
    pub today: NaiveDate,
    pub quota_village: u32,
    pub quota_overnight: u32,
    /// One per `Period::ALL`, in that order.
    pub periods: Vec<PeriodFigures>,
    pub grids: Vec<GridFigures>,
}

impl Overview {
    pub fn period(&self, p: Period) -> Option<&PeriodFigures> {
        self.periods.iter().find(|f| f.period == p)
    }

    pub fn grid(&self, grid_id: i64) -> Option<&GridFigures> {
        self.grids.iter().find(|g| g.grid_id == grid_id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignRow {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub per_grid: i64,
    pub seed: i64,
    pub sampled: i64,
    /// Sampled households with a recorded call.
    pub called: i64,
}

/// One line of the call list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleRow {
    pub household_id: i64,
    pub position: i64,
    pub grid: String,
    pub cadre: Option<String>,
    pub address: String,
    pub head: Option<String>,
    /// The number to call: the head's phone, else the household's (the UI masks it).
    pub phone: Option<String>,
    pub call: Option<Call>,
    pub comment: String,
    pub called_on: Option<NaiveDate>,
}

/// One household of a visit plan, with what the list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    pub household_id: i64,
    pub grid: String,
    pub address: String,
    pub head: Option<String>,
    /// Stored phone of the household (the UI masks it).
    pub phone: Option<String>,
    pub open_requests: u32,
    pub verified_at: Option<NaiveDate>,
    pub stale: bool,
    pub vulnerable: Vec<&'static str>,
}

/// What a visit was (`visits.kind`): 入户走访, 住夜 or 结对帮扶.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter, strum::EnumString, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum VisitKind {
    Household,
    Overnight,
    Pairing,
}

impl VisitKind {
    /// The code stored in the database and used as the label key.
    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn parse(code: &str) -> Option<VisitKind> {
        code.parse().ok()
    }

    /// Only an overnight stay may be logged without a household.
    pub fn needs_household(self) -> bool {
        self != VisitKind::Overnight
    }
}

/// A visit as the clerk entered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVisit {
    pub cadre_id: i64,
    /// Required for household and pairing visits; an overnight stay may
    /// name the household that hosted it or none.
    pub household_id: Option<i64>,
    pub kind: VisitKind,
    pub visited_on: NaiveDate,
    pub notes: String,
    /// A request raised during the visit, when already saved.
    pub request_id: Option<i64>,
}
