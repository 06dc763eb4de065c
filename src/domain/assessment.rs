//! Cadre assessment (考核) rules: the two rates (两率), visit quotas by ISO
//! week, assessment periods, the visit plan order, survey sampling and the
//! grid-map layer scales. Pure: no I/O.
//!
//! Village visits (下村): the schema's `visits.kind` knows only household,
//! overnight and pairing visits, and a village visit is recorded as the
//! household visits made on it. So **a village visit is a distinct day on
//! which the cadre made at least one household visit** (`kind =
//! 'household'`); two households seen on one day are one village visit.
//! Overnight stays count one per distinct day as well.

use chrono::{Datelike, Duration, NaiveDate};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeSet;

/// Tags that put a household early in the visit plan.
pub const VULNERABLE_TAGS: [&str; 5] = ["独居老人", "留守儿童", "低保", "五保", "残疾"];
/// Households drawn per grid when a campaign does not say otherwise.
pub const DEFAULT_SAMPLE_PER_GRID: usize = 10;
pub const DEFAULT_QUOTA_VILLAGE_VISITS: u32 = 2;
pub const DEFAULT_QUOTA_OVERNIGHT: u32 = 1;
/// A household record not verified for this many months is stale.
pub const STALE_MONTHS: u32 = 12;

// ---------------------------------------------------------------- rates

/// `hits` out of `n`. With `n == 0` there is no rate (never 0 % or NaN).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rate {
    pub hits: u32,
    pub n: u32,
}

impl Rate {
    pub fn new(hits: u32, n: u32) -> Rate {
        Rate { hits: hits.min(n), n }
    }

    /// The share in 0.0..=1.0, `None` when nobody was counted.
    pub fn value(self) -> Option<f64> {
        (self.n > 0).then(|| f64::from(self.hits) / f64::from(self.n))
    }

    /// Whole percent, rounded half up; `None` when nobody was counted.
    pub fn percent(self) -> Option<u32> {
        (self.n > 0).then(|| (self.hits * 200 + self.n) / (self.n * 2))
    }

    /// "86%" or "-" (narrow; the UI never shows 0 % for "no data").
    pub fn percent_text(self) -> String {
        self.percent().map_or_else(|| "-".to_string(), |p| format!("{p}%"))
    }

    /// "86% n=50" or "- n=0": the sample size always next to the rate.
    pub fn display(self) -> String {
        format!("{} n={}", self.percent_text(), self.n)
    }

    /// Two samples pooled.
    pub fn pooled(self, other: Rate) -> Rate {
        Rate::new(self.hits + other.hits, self.n + other.n)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Satisfaction {
    Satisfied,
    Basically,
    Unsatisfied,
}

impl Satisfaction {
    pub const ALL: [Satisfaction; 3] = [
        Satisfaction::Satisfied,
        Satisfaction::Basically,
        Satisfaction::Unsatisfied,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "satisfied",
            Satisfaction::Basically => "basically",
            Satisfaction::Unsatisfied => "unsatisfied",
        }
    }

    pub fn parse(code: &str) -> Option<Satisfaction> {
        Satisfaction::ALL.into_iter().find(|s| s.code() == code)
    }

    /// 满意 and 基本满意 count as satisfied.
    pub fn counts_as_satisfied(self) -> bool {
        matches!(self, Satisfaction::Satisfied | Satisfaction::Basically)
    }
}

/// One survey or callback call as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Call {
    pub reached: bool,
    pub knows_cadre: Option<bool>,
    pub satisfaction: Option<Satisfaction>,
}

impl Call {
    pub const NOT_REACHED: Call = Call {
        reached: false,
        knows_cadre: None,
        satisfaction: None,
    };

    pub fn reached(knows: bool, satisfaction: Satisfaction) -> Call {
        Call {
            reached: true,
            knows_cadre: Some(knows),
            satisfaction: Some(satisfaction),
        }
    }
}

/// 两率 over a set of calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TwoRates {
    /// 知晓率 = knows / reached.
    pub awareness: Rate,
    /// 满意率 = (满意 + 基本满意) / reached.
    pub satisfaction: Rate,
}

impl TwoRates {
    pub fn from_calls<'a>(calls: impl IntoIterator<Item = &'a Call>) -> TwoRates {
        let (mut reached, mut knows, mut satisfied) = (0u32, 0u32, 0u32);
        for c in calls.into_iter().filter(|c| c.reached) {
            reached += 1;
            knows += u32::from(c.knows_cadre == Some(true));
            satisfied += u32::from(c.satisfaction.is_some_and(Satisfaction::counts_as_satisfied));
        }
        TwoRates {
            awareness: Rate::new(knows, reached),
            satisfaction: Rate::new(satisfied, reached),
        }
    }
}

/// The one-key answers of the survey call list: `1`–`3` reached and knows
/// the cadre (满意 / 基本满意 / 不满意), `4`–`6` reached but does not know
/// the cadre (same order), `0` not reached.
pub fn quick_answer(key: char) -> Option<Call> {
    use Satisfaction::*;
    Some(match key {
        '0' => Call::NOT_REACHED,
        '1' => Call::reached(true, Satisfied),
        '2' => Call::reached(true, Basically),
        '3' => Call::reached(true, Unsatisfied),
        '4' => Call::reached(false, Satisfied),
        '5' => Call::reached(false, Basically),
        '6' => Call::reached(false, Unsatisfied),
        _ => return None,
    })
}

// ---------------------------------------------------------------- periods and weeks

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Period {
    #[default]
    Week,
    Month,
    Quarter,
    Year,
}

impl Period {
    pub const ALL: [Period; 4] = [Period::Week, Period::Month, Period::Quarter, Period::Year];

    pub fn code(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }

    pub fn parse(code: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.code() == code)
    }

    pub fn index(self) -> usize {
        Period::ALL.iter().position(|p| *p == self).expect("listed")
    }

    pub fn next(self) -> Period {
        Period::ALL[(self.index() + 1) % Period::ALL.len()]
    }

    /// The first day of the period containing `today`, and `today` (figures
    /// run up to today, not to the period's end).
    pub fn range(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let from = match self {
            Period::Week => week_start(today),
            Period::Month => today.with_day(1).expect("day 1 exists"),
            Period::Quarter => {
                let month = (today.month0() / 3) * 3 + 1;
                NaiveDate::from_ymd_opt(today.year(), month, 1).expect("quarter start exists")
            }
            Period::Year => NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("1 January exists"),
        };
        (from, today)
    }
}

/// The Monday of the ISO week containing `day`.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// Number of ISO weeks (Monday to Sunday) that overlap `from..=to`; 0 when
/// the range is empty.
pub fn weeks_touched(from: NaiveDate, to: NaiveDate) -> u32 {
    if to < from {
        return 0;
    }
    ((week_start(to) - week_start(from)).num_days() / 7 + 1) as u32
}

/// Distinct days in `days` that fall in `from..=to`.
pub fn distinct_days_in(days: &[NaiveDate], from: NaiveDate, to: NaiveDate) -> u32 {
    days.iter()
        .filter(|d| **d >= from && **d <= to)
        .collect::<BTreeSet<_>>()
        .len() as u32
}

/// The first Monday on or after `day`.
pub fn first_monday_from(day: NaiveDate) -> NaiveDate {
    let monday = week_start(day);
    if monday == day { day } else { monday + Duration::days(7) }
}

/// A weekly quota held against what was done in a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaCheck {
    pub done: u32,
    /// Quota per week times the ISO weeks that start in the period.
    pub required: u32,
}

impl QuotaCheck {
    /// Counts the distinct `days` against `per_week` for each ISO week that
    /// starts (Monday) in `from..=to`; the current week counts in full. A
    /// period that begins mid-week leaves that week to the period before,
    /// so a month starting on a Sunday does not demand a whole week's visits
    /// of one day.
    pub fn new(days: &[NaiveDate], from: NaiveDate, to: NaiveDate, per_week: u32) -> QuotaCheck {
        let start = first_monday_from(from);
        QuotaCheck {
            done: distinct_days_in(days, start, to),
            required: per_week * weeks_touched(start, to),
        }
    }

    pub fn below(self) -> bool {
        self.done < self.required
    }

    /// "1/2": done against required.
    pub fn display(self) -> String {
        format!("{}/{}", self.done, self.required)
    }
}

/// Whole ISO weeks in `from..=to` in which fewer than `per_week` distinct
/// days were recorded (the weeks a cadre fell short).
pub fn weeks_below_quota(days: &[NaiveDate], from: NaiveDate, to: NaiveDate, per_week: u32) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    if to < from {
        return out;
    }
    let mut monday = week_start(from);
    while monday <= to {
        let sunday = monday + Duration::days(6);
        if distinct_days_in(days, monday.max(from), sunday.min(to)) < per_week {
            out.push(monday);
        }
        monday += Duration::days(7);
    }
    out
}

// ---------------------------------------------------------------- coverage and staleness

/// Visited households as a share of all; `None` without households.
pub fn coverage(visited: u32, households: u32) -> Rate {
    Rate::new(visited, households)
}

/// Whether a record verified on `verified` is stale on `today` (never
/// verified, or more than [`STALE_MONTHS`] months ago).
pub fn is_stale(verified: Option<NaiveDate>, today: NaiveDate) -> bool {
    match verified {
        None => true,
        Some(v) => v < stale_cutoff(today),
    }
}

/// Records verified before this day are stale.
pub fn stale_cutoff(today: NaiveDate) -> NaiveDate {
    today
        .checked_sub_months(chrono::Months::new(STALE_MONTHS))
        .unwrap_or(NaiveDate::MIN)
}

/// Average working days from received to resolved, over the pairs given
/// (the received day itself does not count; same day = 0). `None` when empty.
pub fn average_working_days(pairs: &[(NaiveDate, NaiveDate)], cal: &crate::domain::calendar::Calendar) -> Option<f64> {
    if pairs.is_empty() {
        return None;
    }
    let total: u64 = pairs
        .iter()
        .map(|(a, b)| working_days_between(*a, *b, cal) as u64)
        .sum();
    Some(total as f64 / pairs.len() as f64)
}

/// Working days after `from` up to and including `to` (0 when `to <= from`).
pub fn working_days_between(from: NaiveDate, to: NaiveDate, cal: &crate::domain::calendar::Calendar) -> u32 {
    let mut n = 0;
    let mut d = from;
    while d < to {
        d = d.succ_opt().unwrap_or(to);
        if cal.is_working_day(d) {
            n += 1;
        }
    }
    n
}

// ---------------------------------------------------------------- visit plan

/// A household a cadre might visit, with what orders the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanCandidate {
    pub household_id: i64,
    pub open_requests: u32,
    pub verified_at: Option<NaiveDate>,
    /// Comma-separated tags as stored.
    pub tags: String,
    pub visited_this_year: bool,
}

impl PlanCandidate {
    /// The vulnerable tags among the household's tags, in [`VULNERABLE_TAGS`] order.
    pub fn vulnerable_tags(&self) -> Vec<&'static str> {
        let tags: Vec<&str> = self.tags.split(',').map(str::trim).collect();
        VULNERABLE_TAGS.into_iter().filter(|v| tags.contains(v)).collect()
    }

    /// Days since the record was verified; never verified ranks as the stalest.
    pub fn staleness_days(&self, today: NaiveDate) -> i64 {
        self.verified_at.map_or(i64::MAX, |v| (today - v).num_days())
    }
}

/// The visit plan: households not visited this year, most open requests
/// first, then the stalest record, then the most vulnerable tags, then by id
/// (so the order is total and reproducible).
pub fn visit_plan(candidates: Vec<PlanCandidate>, today: NaiveDate) -> Vec<PlanCandidate> {
    let mut plan: Vec<PlanCandidate> = candidates.into_iter().filter(|c| !c.visited_this_year).collect();
    plan.sort_by(|a, b| {
        b.open_requests
            .cmp(&a.open_requests)
            .then_with(|| b.staleness_days(today).cmp(&a.staleness_days(today)))
            .then_with(|| b.vulnerable_tags().len().cmp(&a.vulnerable_tags().len()))
            .then_with(|| a.household_id.cmp(&b.household_id))
    });
    plan
}

// ---------------------------------------------------------------- survey sample

/// Draws up to `per_grid` households from each grid, reproducibly: the same
/// seed and the same households give the same sample whatever order they are
/// passed in. Returns (grid id, household ids in call order) per grid, grids
/// in ascending id order.
pub fn draw_sample(grids: &[(i64, Vec<i64>)], per_grid: usize, seed: u64) -> Vec<(i64, Vec<i64>)> {
    let mut sorted: Vec<(i64, Vec<i64>)> = grids.to_vec();
    sorted.sort_by_key(|(g, _)| *g);
    sorted
        .into_iter()
        .map(|(grid, mut homes)| {
            homes.sort_unstable();
            homes.dedup();
            // One stream per grid: adding a grid does not change the others.
            let mut rng = ChaCha8Rng::seed_from_u64(seed ^ (grid as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let (picked, _) = homes.partial_shuffle(&mut rng, per_grid);
            (grid, picked.to_vec())
        })
        .collect()
}

// ---------------------------------------------------------------- map layers

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Layer {
    /// Open requests per 100 households.
    #[default]
    OpenPer100,
    /// Overdue requests (count).
    Overdue,
    /// Households not visited this year (count; severity by share).
    NotVisited,
    /// Household records not verified for 12 months (count; severity by share).
    Stale,
    /// Survey satisfaction rate this year.
    Satisfaction,
}

/// How a figure stands on its layer's scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// No data (e.g. nobody reached).
    None,
    Good,
    Fair,
    Poor,
    Bad,
}

impl Layer {
    pub const ALL: [Layer; 5] = [
        Layer::OpenPer100,
        Layer::Overdue,
        Layer::NotVisited,
        Layer::Stale,
        Layer::Satisfaction,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Layer::OpenPer100 => "open_per_100",
            Layer::Overdue => "overdue",
            Layer::NotVisited => "not_visited",
            Layer::Stale => "stale",
            Layer::Satisfaction => "satisfaction",
        }
    }

    /// Upper bounds (exclusive) of Good, Fair, Poor; above is Bad. For the
    /// satisfaction layer the bounds are lower bounds and higher is better.
    /// Share layers are in percent of households.
    pub fn thresholds(self) -> [f64; 3] {
        match self {
            Layer::OpenPer100 => [2.0, 5.0, 10.0],
            Layer::Overdue => [1.0, 3.0, 6.0],
            Layer::NotVisited => [20.0, 40.0, 60.0],
            Layer::Stale => [10.0, 25.0, 50.0],
            Layer::Satisfaction => [90.0, 80.0, 70.0],
        }
    }

    /// Level of a value on this layer's scale (`None` value: no data).
    pub fn level(self, value: Option<f64>) -> Level {
        let Some(v) = value else { return Level::None };
        let [a, b, c] = self.thresholds();
        if self == Layer::Satisfaction {
            match v {
                v if v >= a => Level::Good,
                v if v >= b => Level::Fair,
                v if v >= c => Level::Poor,
                _ => Level::Bad,
            }
        } else {
            match v {
                v if v < a => Level::Good,
                v if v < b => Level::Fair,
                v if v < c => Level::Poor,
                _ => Level::Bad,
            }
        }
    }
}

/// The figures of one grid that the map layers show.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GridLayerInput {
    pub households: u32,
    pub open_requests: u32,
    pub overdue_requests: u32,
    pub not_visited: u32,
    pub stale: u32,
    pub satisfaction: Rate,
}

/// A layer's figure for a grid: the text printed in the cell (never colour
/// alone) and the value its level is judged on.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerFigure {
    pub text: String,
    pub value: Option<f64>,
    pub level: Level,
}

fn count_and_share(n: u32, share: Option<f64>) -> (String, Option<f64>) {
    match share {
        Some(s) => (format!("{n} {:.0}%", s), Some(s)),
        None => (n.to_string(), None),
    }
}

pub fn layer_figure(layer: Layer, g: &GridLayerInput) -> LayerFigure {
    let share = |n: u32| (g.households > 0).then(|| f64::from(n) * 100.0 / f64::from(g.households));
    let (text, value) = match layer {
        Layer::OpenPer100 => match share(g.open_requests) {
            Some(v) => (format!("{v:.1}"), Some(v)),
            None => ("-".to_string(), None),
        },
        Layer::Overdue => (g.overdue_requests.to_string(), Some(f64::from(g.overdue_requests))),
        // Count and share: the scale is in percent, the clerk thinks in households.
        Layer::NotVisited => count_and_share(g.not_visited, share(g.not_visited)),
        Layer::Stale => count_and_share(g.stale, share(g.stale)),
        Layer::Satisfaction => (g.satisfaction.percent_text(), g.satisfaction.value().map(|v| v * 100.0)),
    };
    LayerFigure {
        text,
        value,
        level: layer.level(value),
    }
}

/// A text bar of `width` narrow cells for a share in 0..=1: '#' filled, '.' empty.
pub fn ascii_bar(value: Option<f64>, width: usize) -> String {
    match value {
        None => " ".repeat(width),
        Some(v) => {
            let filled = ((v.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
            format!("{}{}", "#".repeat(filled), ".".repeat(width - filled))
        }
    }
}

#[cfg(test)]
#[path = "assessment_tests.rs"]
mod tests;
