//! The plain rows the analysis is computed from, and the selection
//! (place and theme) that filters them.

use crate::domain::request::{Satisfaction, Status};
use chrono::NaiveDate;

/// One request as the analysis sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestRow {
    pub id: i64,
    pub received: NaiveDate,
    /// `requests.channel` code.
    pub channel: String,
    /// Category name, empty when none.
    pub category: String,
    /// Village and grid of the household, empty for a caller without one.
    pub village: String,
    pub grid: String,
    pub household_id: Option<i64>,
    /// The person who asked, or the caller's name (unmasked; exports mask).
    pub resident: String,
    pub address: String,
    /// The household's comma-separated tags.
    pub tags: String,
    pub title: String,
    pub status: Status,
    pub collective: bool,
    /// Handed to the county or the city.
    pub escalated: bool,
    pub assigned: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub resolved: Option<NaiveDate>,
    pub closed: Option<NaiveDate>,
    /// The day it left the open states (resolved, closed, rejected, merged).
    pub ended: Option<NaiveDate>,
    pub first_callback: Option<NaiveDate>,
    pub topic_id: Option<i64>,
}

impl RequestRow {
    pub fn open_on(&self, day: NaiveDate) -> bool {
        self.received <= day && self.ended.is_none_or(|e| e > day)
    }

    pub fn overdue_on(&self, day: NaiveDate) -> bool {
        self.open_on(day) && self.due.is_some_and(|d| d < day)
    }

    pub fn awaiting_callback_on(&self, day: NaiveDate) -> bool {
        !matches!(self.status, Status::Rejected | Status::Merged)
            && self.resolved.is_some_and(|r| r <= day)
            && self.first_callback.is_none_or(|c| c > day)
            && self.closed.is_none_or(|c| c > day)
    }

    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.split(',').any(|t| t.trim() == tag)
    }
}

/// A request callback (回访).
#[derive(Debug, Clone, PartialEq)]
pub struct CallbackRow {
    pub request_id: i64,
    pub day: NaiveDate,
    pub reached: bool,
    pub satisfaction: Option<Satisfaction>,
    pub comment: String,
}

/// A grid with its household counts as of the report day.
#[derive(Debug, Clone, PartialEq)]
pub struct GridRow {
    pub id: i64,
    pub name: String,
    pub village: String,
    pub households: u32,
    /// Households not verified for `assessment::STALE_MONTHS` months.
    pub stale: u32,
}

/// A household with a vulnerable tag and its latest visit.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdRow {
    pub id: i64,
    pub village: String,
    pub grid: String,
    pub resident: String,
    pub address: String,
    pub tags: String,
    pub last_visit: Option<NaiveDate>,
}

/// A decision still planned or in progress, with its latest activity.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionRow {
    pub id: i64,
    pub text: String,
    pub owner: String,
    pub progress: u32,
    pub last_activity: NaiveDate,
}

/// Where the report looks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Place {
    #[default]
    Township,
    Village(String),
    Grid(String),
}

impl Place {
    /// `village:NAME` or `grid:NAME`; empty or `township` for all.
    pub fn parse(s: &str) -> Option<Place> {
        match s.split_once(':') {
            None if s.is_empty() || s == "township" => Some(Place::Township),
            Some(("village", n)) if !n.is_empty() => Some(Place::Village(n.to_string())),
            Some(("grid", n)) if !n.is_empty() => Some(Place::Grid(n.to_string())),
            _ => None,
        }
    }

    /// The code [`Place::parse`] reads back: empty for the township.
    pub fn code(&self) -> String {
        match self {
            Place::Township => String::new(),
            Place::Village(n) => format!("village:{n}"),
            Place::Grid(n) => format!("grid:{n}"),
        }
    }

    pub fn admits(&self, village: &str, grid: &str) -> bool {
        match self {
            Place::Township => true,
            Place::Village(v) => v == village,
            Place::Grid(g) => g == grid,
        }
    }
}

/// What the report is about, besides the place.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    All,
    Category(String),
    Tag(String),
    /// A `requests.channel` code.
    Channel(String),
}

impl Theme {
    /// `category:NAME`, `tag:NAME` or `channel:CODE`; empty for all.
    pub fn parse(s: &str) -> Option<Theme> {
        match s.split_once(':') {
            None if s.is_empty() => Some(Theme::All),
            Some(("category", n)) if !n.is_empty() => Some(Theme::Category(n.to_string())),
            Some(("tag", n)) if !n.is_empty() => Some(Theme::Tag(n.to_string())),
            Some(("channel", n)) if !n.is_empty() => Some(Theme::Channel(n.to_string())),
            _ => None,
        }
    }

    /// The code [`Theme::parse`] reads back: empty for all.
    pub fn code(&self) -> String {
        match self {
            Theme::All => String::new(),
            Theme::Category(n) => format!("category:{n}"),
            Theme::Tag(n) => format!("tag:{n}"),
            Theme::Channel(c) => format!("channel:{c}"),
        }
    }

    pub fn admits(&self, r: &RequestRow) -> bool {
        match self {
            Theme::All => true,
            Theme::Category(c) => &r.category == c,
            Theme::Tag(t) => r.has_tag(t),
            Theme::Channel(c) => &r.channel == c,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    pub place: Place,
    pub theme: Theme,
}

impl Selection {
    pub fn admits(&self, r: &RequestRow) -> bool {
        self.place.admits(&r.village, &r.grid) && self.theme.admits(r)
    }
}

/// A report attached to an agenda item: the rotating presenter's
/// 近期民情数据通报, of a fixed period, place and theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachedReport {
    pub item_id: i64,
    pub kind: super::PeriodKind,
    pub span: super::Span,
    pub selection: Selection,
}
