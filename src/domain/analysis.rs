//! 民情分析: the figures of the analysis meeting's report, computed from
//! plain rows (the store reads them, see `store::analysis`), so every rule
//! here is tested without a database. Pure: no I/O.
//!
//! Definitions (README "民情分析"), for a period `from..=to` measured as of
//! `min(to, today)`:
//! - 新增: requests received in the period; 办结: requests resolved in it;
//! - 在办: received by the as-of day and not yet resolved, closed, rejected
//!   or merged then; 逾期: of those, due before the as-of day;
//! - 超期办结率: of the requests resolved in the period, those resolved
//!   after their due day; average working days from received to resolved;
//! - 回访: request callbacks made in the period; 满意率: 满意 and 基本满意
//!   of the reached ones (with n);
//! - 上报: received in the period and handed to the county or city; 交办:
//!   assigned in the period; 待回访: resolved and neither called back nor
//!   closed by the as-of day.

pub mod period;
pub mod rows;
pub mod tables;
pub mod warnings;

#[cfg(test)]
mod tests;

use crate::domain::assessment::{Rate, average_working_days};
use crate::domain::calendar::Calendar;
use crate::domain::request::Satisfaction;
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashSet};

pub use period::{PeriodKind, Span, last_n, previous, span_of, year_ago};
pub use rows::{AttachedReport, CallbackRow, DecisionRow, GridRow, HouseholdRow, Place, RequestRow, Selection, Theme};
pub use tables::{
    Brief, Dissatisfied, GridLoad, HotCell, RepeatHousehold, TopicGrowth, Trend, collective, dissatisfied, grid_loads,
    growing_topics, hot_spots, oldest_open, repeat_households, trend,
};
pub use warnings::{Warning, WarningKind};

/// Periods in the trend.
pub const TREND_PERIODS: usize = 12;
/// Categories with their own trend line.
pub const TREND_CATEGORIES: usize = 3;
/// A household with this many requests in a period is a repeat caller.
pub const REPEAT_REQUESTS: usize = 3;
/// Long-open requests listed.
pub const OLDEST_OPEN: usize = 10;
/// Grids listed by open requests per 100 households.
pub const TOP_GRIDS: usize = 10;

/// The intake and handling figures of one period.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Figures {
    pub new: u32,
    pub escalated: u32,
    pub assigned: u32,
    pub resolved: u32,
    pub open: u32,
    pub overdue: u32,
    pub awaiting_callback: u32,
    /// Resolved after the due day, of those resolved in the period.
    pub late: Rate,
    pub avg_days: Option<f64>,
    pub callbacks: u32,
    pub satisfaction: Rate,
}

/// The figures of `span` as of `min(span.to, today)`.
pub fn figures(
    requests: &[&RequestRow],
    callbacks: &[&CallbackRow],
    span: Span,
    today: NaiveDate,
    cal: &Calendar,
) -> Figures {
    let as_of = span.to.min(today);
    let mut f = Figures::default();
    let mut pairs = Vec::new();
    let mut late = 0;
    for r in requests {
        if span.contains(r.received) {
            f.new += 1;
            f.escalated += u32::from(r.escalated);
        }
        f.assigned += u32::from(r.assigned.is_some_and(|d| span.contains(d)));
        if let Some(done) = r.resolved.filter(|d| span.contains(*d)) {
            f.resolved += 1;
            late += u32::from(r.due.is_some_and(|due| done > due));
            pairs.push((r.received, done));
        }
        if span.from <= as_of {
            f.open += u32::from(r.open_on(as_of));
            f.overdue += u32::from(r.overdue_on(as_of));
            f.awaiting_callback += u32::from(r.awaiting_callback_on(as_of));
        }
    }
    f.late = Rate::new(late, f.resolved);
    f.avg_days = average_working_days(&pairs, cal);
    let (mut reached, mut satisfied) = (0, 0);
    for c in callbacks.iter().filter(|c| span.contains(c.day)) {
        f.callbacks += 1;
        if c.reached {
            reached += 1;
            satisfied += u32::from(c.satisfaction.is_some_and(|s| s != Satisfaction::Unsatisfied));
        }
    }
    f.satisfaction = Rate::new(satisfied, reached);
    f
}

/// A change against a base period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    /// Percent of the base count (+25.0 = a quarter more).
    Percent(f64),
    /// Percentage points between two rates.
    Points(f64),
    /// The base is empty: no change can be given ("—").
    NoBase,
}

pub fn count_change(now: u32, base: u32) -> Change {
    if base == 0 {
        Change::NoBase
    } else {
        Change::Percent((f64::from(now) - f64::from(base)) * 100.0 / f64::from(base))
    }
}

pub fn rate_change(now: Rate, base: Rate) -> Change {
    match (now.value(), base.value()) {
        (Some(a), Some(b)) => Change::Points((a - b) * 100.0),
        _ => Change::NoBase,
    }
}

pub fn days_change(now: Option<f64>, base: Option<f64>) -> Change {
    match (now, base) {
        (Some(a), Some(b)) if b > 0.0 => Change::Percent((a - b) * 100.0 / b),
        _ => Change::NoBase,
    }
}

/// A period's figures with those of the previous period and of the same
/// period last year.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Compared {
    pub now: Figures,
    pub previous: Figures,
    pub last_year: Figures,
}

/// Settings the rules read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// A vulnerable household not visited for more than this many days is a warning.
    pub visit_gap_days: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            visit_gap_days: warnings::DEFAULT_VISIT_GAP_DAYS,
        }
    }
}

/// Everything the report is computed from.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub requests: Vec<RequestRow>,
    pub callbacks: Vec<CallbackRow>,
    pub grids: Vec<GridRow>,
    pub vulnerable: Vec<HouseholdRow>,
    pub decisions: Vec<DecisionRow>,
    /// Open requests in no topic yet (topic suggestion candidates).
    pub candidates: Vec<crate::domain::topics::Member>,
    pub dismissed: Vec<Vec<i64>>,
    /// (id, title) of every topic.
    pub topics: Vec<(i64, String)>,
    pub calendar: Calendar,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub kind: PeriodKind,
    pub span: Span,
    pub previous: Span,
    pub last_year: Span,
    pub as_of: NaiveDate,
    pub selection: Selection,
    pub figures: Compared,
    pub trend: Trend,
    pub hot: Vec<HotCell>,
    pub grids: Vec<GridLoad>,
    pub growing_topics: Vec<TopicGrowth>,
    pub repeat_households: Vec<RepeatHousehold>,
    pub collective: Vec<Brief>,
    pub oldest_open: Vec<Brief>,
    pub dissatisfied: Vec<Dissatisfied>,
    pub warnings: Vec<Warning>,
}

/// The requests and callbacks of a selection.
pub fn select<'a>(input: &'a Input, sel: &Selection) -> (Vec<&'a RequestRow>, Vec<&'a CallbackRow>) {
    let requests: Vec<&RequestRow> = input.requests.iter().filter(|r| sel.admits(r)).collect();
    let ids: HashSet<i64> = requests.iter().map(|r| r.id).collect();
    let callbacks = input.callbacks.iter().filter(|c| ids.contains(&c.request_id)).collect();
    (requests, callbacks)
}

/// The figures of `span` with 环比 and 同比.
pub fn compared(
    requests: &[&RequestRow],
    callbacks: &[&CallbackRow],
    kind: PeriodKind,
    span: Span,
    today: NaiveDate,
    cal: &Calendar,
) -> Compared {
    Compared {
        now: figures(requests, callbacks, span, today, cal),
        previous: figures(requests, callbacks, previous(kind, span), today, cal),
        last_year: figures(requests, callbacks, year_ago(kind, span), today, cal),
    }
}

/// The first day any part of a report of `span` looks at: the trend, the
/// rising rule's base periods and the same period last year.
pub fn earliest_needed(kind: PeriodKind, span: Span) -> NaiveDate {
    let trend = last_n(kind, span, TREND_PERIODS.max(warnings::RISE_BASE_PERIODS + 1));
    trend[0].from.min(year_ago(kind, span).from)
}

/// The whole report of `span` for a selection.
pub fn build(
    input: &Input,
    sel: &Selection,
    kind: PeriodKind,
    span: Span,
    today: NaiveDate,
    settings: Settings,
) -> Report {
    let (requests, callbacks) = select(input, sel);
    let before = previous(kind, span);
    let as_of = span.to.min(today);
    let selected: BTreeSet<i64> = requests.iter().map(|r| r.id).collect();
    let warnings = warnings::all(&warnings::Context {
        input,
        selection: sel,
        requests: &requests,
        selected: &selected,
        kind,
        span,
        as_of,
        settings,
    });
    Report {
        kind,
        span,
        previous: before,
        last_year: year_ago(kind, span),
        as_of,
        selection: sel.clone(),
        figures: compared(&requests, &callbacks, kind, span, today, &input.calendar),
        trend: trend(&requests, kind, span),
        hot: hot_spots(&requests, span, before),
        grids: grid_loads(&requests, &input.grids, &sel.place, as_of),
        growing_topics: growing_topics(&requests, &input.topics, span, before),
        repeat_households: repeat_households(&requests, span),
        collective: collective(&requests, span),
        oldest_open: oldest_open(&requests, as_of),
        dissatisfied: dissatisfied(&requests, &callbacks, span),
        warnings,
    }
}

/// One row of the monthly table sent to the county.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlyRow {
    /// Village name; empty for the township total.
    pub village: String,
    pub figures: Compared,
}

impl MonthlyRow {
    /// 同比 and 环比 of 新增.
    pub fn year_on_year(&self) -> Change {
        count_change(self.figures.now.new, self.figures.last_year.new)
    }

    pub fn period_on_period(&self) -> Change {
        count_change(self.figures.now.new, self.figures.previous.new)
    }
}

/// One row per village (every village, also those without requests), then
/// the township total.
pub fn monthly(input: &Input, villages: &[String], kind: PeriodKind, span: Span, today: NaiveDate) -> Vec<MonthlyRow> {
    let mut out: Vec<MonthlyRow> = villages
        .iter()
        .map(|v| {
            let sel = Selection {
                place: Place::Village(v.clone()),
                theme: Theme::All,
            };
            let (r, c) = select(input, &sel);
            MonthlyRow {
                village: v.clone(),
                figures: compared(&r, &c, kind, span, today, &input.calendar),
            }
        })
        .collect();
    let (r, c) = select(input, &Selection::default());
    out.push(MonthlyRow {
        village: String::new(),
        figures: compared(&r, &c, kind, span, today, &input.calendar),
    });
    out
}

/// A resident's name for a document that leaves the office: 张*梅, 张*,
/// 欧**华 (the first and, from three characters on, the last character).
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".to_string(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}
