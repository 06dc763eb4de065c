//! Report periods: week, month, quarter, year, the business month (业务月,
//! from the 21st to the 20th, the start day a setting) and a custom range;
//! the previous period (环比) and the same period last year (同比).

use chrono::{Datelike, Duration, Months, NaiveDate};

/// The usual start day of a business month (README "民情分析").
pub const DEFAULT_BUSINESS_MONTH_START: u32 = 21;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    Week,
    Month,
    Quarter,
    Year,
    /// From day `start` of one month to day `start - 1` of the next.
    BusinessMonth {
        start: u32,
    },
    /// A range given by hand; its previous period is the same number of
    /// days just before it.
    Custom,
}

impl PeriodKind {
    pub fn code(self) -> &'static str {
        match self {
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
            PeriodKind::BusinessMonth { .. } => "business-month",
            PeriodKind::Custom => "custom",
        }
    }

    /// Parses a code; `business-month` takes its start day from `start`.
    pub fn parse(code: &str, business_start: u32) -> Option<PeriodKind> {
        Some(match code {
            "week" => PeriodKind::Week,
            "month" => PeriodKind::Month,
            "quarter" => PeriodKind::Quarter,
            "year" => PeriodKind::Year,
            "business-month" => PeriodKind::BusinessMonth {
                start: clamp_start(business_start),
            },
            "custom" => PeriodKind::Custom,
            _ => return None,
        })
    }
}

/// A start day every month has; 1 makes the business month a calendar month.
pub fn clamp_start(day: u32) -> u32 {
    day.clamp(1, 28)
}

/// An inclusive range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Span {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Span {
        if from <= to {
            Span { from, to }
        } else {
            Span { from: to, to: from }
        }
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        day >= self.from && day <= self.to
    }

    pub fn days(self) -> i64 {
        (self.to - self.from).num_days() + 1
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid calendar day")
}

fn month_start(day: NaiveDate) -> NaiveDate {
    ymd(day.year(), day.month(), 1)
}

fn month_end(day: NaiveDate) -> NaiveDate {
    let first = month_start(day);
    first + Months::new(1) - Duration::days(1)
}

/// The whole period of `kind` that contains `day` (a custom range is the
/// day itself; use [`Span::new`] for those).
pub fn span_of(kind: PeriodKind, day: NaiveDate) -> Span {
    match kind {
        PeriodKind::Week => {
            let monday = crate::domain::assessment::week_start(day);
            Span::new(monday, monday + Duration::days(6))
        }
        PeriodKind::Month => Span::new(month_start(day), month_end(day)),
        PeriodKind::Quarter => {
            let first = ymd(day.year(), day.month0() / 3 * 3 + 1, 1);
            Span::new(first, first + Months::new(3) - Duration::days(1))
        }
        PeriodKind::Year => Span::new(ymd(day.year(), 1, 1), ymd(day.year(), 12, 31)),
        PeriodKind::BusinessMonth { start } => {
            let start = clamp_start(start);
            if start == 1 {
                return span_of(PeriodKind::Month, day);
            }
            let this = ymd(day.year(), day.month(), start);
            let from = if day >= this { this } else { this - Months::new(1) };
            Span::new(from, from + Months::new(1) - Duration::days(1))
        }
        PeriodKind::Custom => Span::new(day, day),
    }
}

/// The period just before `span` (环比).
pub fn previous(kind: PeriodKind, span: Span) -> Span {
    match kind {
        PeriodKind::Custom => {
            let to = span.from - Duration::days(1);
            Span::new(to - Duration::days(span.days() - 1), to)
        }
        _ => span_of(kind, span.from - Duration::days(1)),
    }
}

/// The same period one year earlier (同比). A custom range moves by twelve
/// months, 29 February becoming 28 February.
pub fn year_ago(kind: PeriodKind, span: Span) -> Span {
    let back = |d: NaiveDate| d - Months::new(12);
    match kind {
        PeriodKind::Custom => Span::new(back(span.from), back(span.to)),
        PeriodKind::Week => span_of(kind, span.from - Duration::days(364)),
        _ => span_of(kind, back(span.from)),
    }
}

/// `n` consecutive periods ending with `span`, oldest first.
pub fn last_n(kind: PeriodKind, span: Span, n: usize) -> Vec<Span> {
    let mut out = Vec::with_capacity(n);
    let mut s = span;
    for _ in 0..n {
        out.push(s);
        s = previous(kind, s);
    }
    out.reverse();
    out
}
