//! The reports pane's state: what is asked for (period, scope, theme), the
//! report shown, the one being computed, the section and its selection,
//! and a list opened from a warning.

use crate::app::selection::Selection as ListSelection;
use crate::domain::analysis::{PeriodKind, Report, Selection, Span, span_of};
use chrono::NaiveDate;

/// The period kinds the pane offers, in the order `p` cycles them; the
/// business month's start day is a setting the effect reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    Week,
    #[default]
    Month,
    Quarter,
    Year,
    BusinessMonth,
    Custom,
}

impl Period {
    pub const ALL: [Period; 6] = [
        Period::Week,
        Period::Month,
        Period::Quarter,
        Period::Year,
        Period::BusinessMonth,
        Period::Custom,
    ];

    /// The code of `PeriodKind::parse` (and of the `analysis.period` labels).
    pub fn code(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
            Period::BusinessMonth => "business-month",
            Period::Custom => "custom",
        }
    }

    pub fn parse(code: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The next one `p` shows (a custom range is chosen with its form).
    pub fn cycled(self) -> Period {
        match self {
            Period::Week => Period::Month,
            Period::Month => Period::Quarter,
            Period::Quarter => Period::Year,
            Period::Year => Period::BusinessMonth,
            Period::BusinessMonth | Period::Custom => Period::Week,
        }
    }

    /// The domain's kind, with the business month's start day.
    pub fn kind(self, business_start: u32) -> PeriodKind {
        PeriodKind::parse(self.code(), business_start).unwrap_or(PeriodKind::Month)
    }
}

/// What the user asked for: the report of the period containing `day`
/// (or the custom range), for a place and theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub period: Period,
    pub day: NaiveDate,
    /// The range of a custom period.
    pub range: Option<Span>,
    pub selection: Selection,
}

impl Query {
    pub fn new(day: NaiveDate) -> Query {
        Query {
            period: Period::Month,
            day,
            range: None,
            selection: Selection::default(),
        }
    }

    /// The kind and span, given the business month's start day.
    pub fn resolve(&self, business_start: u32) -> (PeriodKind, Span) {
        let kind = self.period.kind(business_start);
        match (self.period, self.range) {
            (Period::Custom, Some(r)) => (kind, r),
            (Period::Custom, None) => (kind, Span::new(self.day, self.day)),
            _ => (kind, span_of(kind, self.day)),
        }
    }
}

/// A computed report and what the document needs besides it.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    pub query: Query,
    pub report: Report,
    pub township: String,
    pub business_start: u32,
}

/// The sections of the pane, in the order Left/Right walk them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Section {
    #[default]
    Figures,
    Trend,
    Hot,
    People,
    Warnings,
}

impl Section {
    pub const ALL: [Section; 5] = [
        Section::Figures,
        Section::Trend,
        Section::Hot,
        Section::People,
        Section::Warnings,
    ];

    pub fn step(self, delta: isize) -> Section {
        let i = Section::ALL.iter().position(|s| *s == self).unwrap_or(0) as isize;
        Section::ALL[(i + delta).rem_euclid(Section::ALL.len() as isize) as usize]
    }
}

/// A list opened from a warning: households of a grid not visited, or
/// whose records are stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarningList {
    pub title: String,
    /// Why the warning was raised (shown above the list).
    pub reason: String,
    /// The heading of the day column: latest visit or last verification.
    pub day_head: String,
    pub rows: Vec<crate::model::analysis::ListedHousehold>,
    pub selected: ListSelection,
}

/// The pane (one field of `State`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportsView {
    /// What the next report is of; None until the pane is first opened
    /// (then the month containing today).
    pub query: Option<Query>,
    /// The report shown (the previous one while a new one is computed).
    pub shown: Option<Box<Computed>>,
    /// The number of the newest computation asked for, and whether it is
    /// still running ("计算中").
    pub seq: u64,
    pub computing: bool,
    pub section: Section,
    /// Selected row of the current section's list.
    pub row: ListSelection,
    pub list: Option<WarningList>,
    /// Why the last computation failed, shown instead of a stale figure.
    pub failed: Option<String>,
}
