//! The report's tables: trend, hot spots, grid loads, growing topics and
//! the people lists.

use super::{CallbackRow, GridRow, PeriodKind, Place, RequestRow, Span, last_n};
use super::{OLDEST_OPEN, REPEAT_REQUESTS, TOP_GRIDS, TREND_CATEGORIES, TREND_PERIODS};
use crate::domain::request::{Satisfaction, Status};
use chrono::NaiveDate;
use std::collections::BTreeMap;

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
