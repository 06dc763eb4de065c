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
pub mod warnings;

#[cfg(test)]
mod tests;

use crate::domain::assessment::{Rate, average_working_days};
use crate::domain::calendar::Calendar;
use crate::domain::request::{Satisfaction, Status};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashSet};

pub use period::{PeriodKind, Span, last_n, previous, span_of, year_ago};
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

/// Requests per period, oldest first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Trend {
    pub spans: Vec<Span>,
    pub overall: Vec<u32>,
    /// The top categories of the report's period, each with its counts.
    pub categories: Vec<(String, Vec<u32>)>,
}

/// One cell of the category × village table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotCell {
    pub category: String,
    pub village: String,
    pub now: u32,
    pub previous: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GridLoad {
    pub grid: String,
    pub village: String,
    pub open: u32,
    pub households: u32,
    pub per_100: f64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicGrowth {
    pub id: i64,
    pub title: String,
    pub now: u32,
    pub previous: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatHousehold {
    pub household_id: i64,
    pub resident: String,
    pub address: String,
    pub village: String,
    pub request_ids: Vec<i64>,
}

/// A request as the lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brief {
    pub id: i64,
    pub received: NaiveDate,
    pub village: String,
    pub resident: String,
    pub category: String,
    pub title: String,
    pub status: Status,
    pub due: Option<NaiveDate>,
}

impl Brief {
    fn of(r: &RequestRow) -> Brief {
        Brief {
            id: r.id,
            received: r.received,
            village: r.village.clone(),
            resident: r.resident.clone(),
            category: r.category.clone(),
            title: r.title.clone(),
            status: r.status,
            due: r.due,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dissatisfied {
    pub request_id: i64,
    pub day: NaiveDate,
    pub resident: String,
    pub village: String,
    pub title: String,
    pub comment: String,
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

fn count_in(requests: &[&RequestRow], span: Span) -> u32 {
    requests.iter().filter(|r| span.contains(r.received)).count() as u32
}

pub fn trend(requests: &[&RequestRow], kind: PeriodKind, span: Span) -> Trend {
    let spans = last_n(kind, span, TREND_PERIODS);
    let overall = spans.iter().map(|s| count_in(requests, *s)).collect();
    let mut by_cat: BTreeMap<&str, u32> = BTreeMap::new();
    for r in requests
        .iter()
        .filter(|r| span.contains(r.received) && !r.category.is_empty())
    {
        *by_cat.entry(&r.category).or_default() += 1;
    }
    let mut top: Vec<(&str, u32)> = by_cat.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let categories = top
        .into_iter()
        .take(TREND_CATEGORIES)
        .map(|(c, _)| {
            let mine: Vec<&RequestRow> = requests.iter().copied().filter(|r| r.category == c).collect();
            (c.to_string(), spans.iter().map(|s| count_in(&mine, *s)).collect())
        })
        .collect();
    Trend {
        spans,
        overall,
        categories,
    }
}

/// Category × village counts of the period and the one before, largest first.
pub fn hot_spots(requests: &[&RequestRow], span: Span, before: Span) -> Vec<HotCell> {
    let mut cells: BTreeMap<(&str, &str), (u32, u32)> = BTreeMap::new();
    for r in requests
        .iter()
        .filter(|r| !r.category.is_empty() && !r.village.is_empty())
    {
        let key = (r.category.as_str(), r.village.as_str());
        if span.contains(r.received) {
            cells.entry(key).or_default().0 += 1;
        } else if before.contains(r.received) {
            cells.entry(key).or_default().1 += 1;
        }
    }
    let mut out: Vec<HotCell> = cells
        .into_iter()
        .map(|((c, v), (now, previous))| HotCell {
            category: c.to_string(),
            village: v.to_string(),
            now,
            previous,
        })
        .collect();
    out.sort_by(|a, b| {
        b.now
            .cmp(&a.now)
            .then(a.category.cmp(&b.category))
            .then(a.village.cmp(&b.village))
    });
    out
}

/// Grids by open requests per 100 households (grids without households skipped).
pub fn grid_loads(requests: &[&RequestRow], grids: &[GridRow], place: &Place, as_of: NaiveDate) -> Vec<GridLoad> {
    let mut open: BTreeMap<&str, u32> = BTreeMap::new();
    for r in requests.iter().filter(|r| r.open_on(as_of)) {
        *open.entry(&r.grid).or_default() += 1;
    }
    let mut out: Vec<GridLoad> = grids
        .iter()
        .filter(|g| g.households > 0 && place.admits(&g.village, &g.name))
        .map(|g| {
            let n = open.get(g.name.as_str()).copied().unwrap_or(0);
            GridLoad {
                grid: g.name.clone(),
                village: g.village.clone(),
                open: n,
                households: g.households,
                per_100: f64::from(n) * 100.0 / f64::from(g.households),
            }
        })
        .filter(|g| g.open > 0)
        .collect();
    out.sort_by(|a, b| b.per_100.total_cmp(&a.per_100).then(a.grid.cmp(&b.grid)));
    out.truncate(TOP_GRIDS);
    out
}

/// Topics that received more requests in the period than in the one before
/// (at least two in the period).
pub fn growing_topics(
    requests: &[&RequestRow],
    topics: &[(i64, String)],
    span: Span,
    before: Span,
) -> Vec<TopicGrowth> {
    let mut counts: BTreeMap<i64, (u32, u32)> = BTreeMap::new();
    for r in requests {
        let Some(t) = r.topic_id else { continue };
        if span.contains(r.received) {
            counts.entry(t).or_default().0 += 1;
        } else if before.contains(r.received) {
            counts.entry(t).or_default().1 += 1;
        }
    }
    let mut out: Vec<TopicGrowth> = counts
        .into_iter()
        .filter(|(_, (now, prev))| *now >= 2 && now > prev)
        .map(|(id, (now, previous))| TopicGrowth {
            id,
            title: topics
                .iter()
                .find(|(t, _)| *t == id)
                .map(|(_, s)| s.clone())
                .unwrap_or_default(),
            now,
            previous,
        })
        .collect();
    out.sort_by(|a, b| {
        (b.now - b.previous.min(b.now))
            .cmp(&(a.now - a.previous.min(a.now)))
            .then(a.id.cmp(&b.id))
    });
    out
}

/// Households with [`REPEAT_REQUESTS`] or more requests in the period.
pub fn repeat_households(requests: &[&RequestRow], span: Span) -> Vec<RepeatHousehold> {
    let mut by_house: BTreeMap<i64, Vec<&RequestRow>> = BTreeMap::new();
    for r in requests.iter().filter(|r| span.contains(r.received)) {
        if let Some(h) = r.household_id {
            by_house.entry(h).or_default().push(r);
        }
    }
    let mut out: Vec<RepeatHousehold> = by_house
        .into_iter()
        .filter(|(_, rs)| rs.len() >= REPEAT_REQUESTS)
        .map(|(h, rs)| RepeatHousehold {
            household_id: h,
            resident: rs[0].resident.clone(),
            address: rs[0].address.clone(),
            village: rs[0].village.clone(),
            request_ids: {
                let mut ids: Vec<i64> = rs.iter().map(|r| r.id).collect();
                ids.sort_unstable();
                ids
            },
        })
        .collect();
    out.sort_by(|a, b| {
        b.request_ids
            .len()
            .cmp(&a.request_ids.len())
            .then(a.household_id.cmp(&b.household_id))
    });
    out
}

/// Collective requests of the period, oldest first.
pub fn collective(requests: &[&RequestRow], span: Span) -> Vec<Brief> {
    let mut out: Vec<Brief> = requests
        .iter()
        .filter(|r| r.collective && span.contains(r.received))
        .map(|r| Brief::of(r))
        .collect();
    out.sort_by_key(|b| (b.received, b.id));
    out
}

/// The [`OLDEST_OPEN`] requests open longest as of `as_of`.
pub fn oldest_open(requests: &[&RequestRow], as_of: NaiveDate) -> Vec<Brief> {
    let mut open: Vec<&&RequestRow> = requests.iter().filter(|r| r.open_on(as_of)).collect();
    open.sort_by_key(|r| (r.received, r.id));
    open.into_iter().take(OLDEST_OPEN).map(|r| Brief::of(r)).collect()
}

pub fn dissatisfied(requests: &[&RequestRow], callbacks: &[&CallbackRow], span: Span) -> Vec<Dissatisfied> {
    let by_id: BTreeMap<i64, &RequestRow> = requests.iter().map(|r| (r.id, *r)).collect();
    let mut out: Vec<Dissatisfied> = callbacks
        .iter()
        .filter(|c| span.contains(c.day) && c.satisfaction == Some(Satisfaction::Unsatisfied))
        .filter_map(|c| {
            let r = by_id.get(&c.request_id)?;
            Some(Dissatisfied {
                request_id: c.request_id,
                day: c.day,
                resident: r.resident.clone(),
                village: r.village.clone(),
                title: r.title.clone(),
                comment: c.comment.clone(),
            })
        })
        .collect();
    out.sort_by_key(|d| (d.day, d.request_id));
    out
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
