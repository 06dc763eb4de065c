//! Early warnings (潜在问题): what has not surfaced yet, each with the rule
//! that raised it (README "民情分析"):
//! - **Rising**: a category in a village or a grid has at least
//!   [`RISE_MIN`] requests in the period and more than [`RISE_FACTOR`]
//!   times its mean over the [`RISE_BASE_PERIODS`] periods before.
//! - **Unmerged**: similar open requests not yet merged into a topic (the
//!   topic suggestion rules of `domain::topics`, dismissed groups left out).
//! - **Unvisited**: households tagged 独居老人, 留守儿童, 低保, 五保 or 残疾
//!   not visited for more than the set number of days (or never), per grid.
//! - **Stale grid**: more than half of a grid's household records are not
//!   verified for `assessment::STALE_MONTHS` months.
//! - **Stalled decision**: a decision planned or in progress with no
//!   progress for [`DECISION_STALL_DAYS`] days (township scope only).

use super::{Input, PeriodKind, Place, RequestRow, Selection, Settings, Span, Theme, last_n};
use crate::domain::assessment::VULNERABLE_TAGS;
use crate::domain::topics::{GroupParams, is_dismissed, suggest};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

pub const RISE_FACTOR: f64 = 2.0;
pub const RISE_BASE_PERIODS: usize = 6;
pub const RISE_MIN: u32 = 3;
/// Default of the setting `analysis_visit_gap_days`.
pub const DEFAULT_VISIT_GAP_DAYS: i64 = 60;
pub const DECISION_STALL_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningKind {
    RisingInVillage,
    RisingInGrid,
    Unmerged,
    Unvisited,
    StaleGrid,
    StalledDecision,
}

impl WarningKind {
    pub fn code(self) -> &'static str {
        match self {
            WarningKind::RisingInVillage => "rising_village",
            WarningKind::RisingInGrid => "rising_grid",
            WarningKind::Unmerged => "unmerged",
            WarningKind::Unvisited => "unvisited",
            WarningKind::StaleGrid => "stale_grid",
            WarningKind::StalledDecision => "stalled_decision",
        }
    }
}

/// One warning and the figures of its reason; `ids` are the requests,
/// households or decisions it is about (the list it opens).
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub kind: WarningKind,
    /// What it is about: "category（village）", a grid, a topic title, a decision.
    pub subject: String,
    /// Requests in the period / households / stale records / days without progress.
    pub count: u32,
    /// Rising: the mean of the periods before; stale grid: the grid's households.
    pub base: f64,
    pub ids: Vec<i64>,
}

pub(super) struct Context<'a> {
    pub input: &'a Input,
    pub selection: &'a Selection,
    pub requests: &'a [&'a RequestRow],
    pub selected: &'a BTreeSet<i64>,
    pub kind: PeriodKind,
    pub span: Span,
    pub as_of: NaiveDate,
    pub settings: Settings,
}

pub(super) fn all(cx: &Context) -> Vec<Warning> {
    let mut out = rising(cx.requests, cx.kind, cx.span);
    out.extend(unmerged(cx));
    out.extend(unvisited(cx));
    out.extend(stale_grids(cx));
    if cx.selection.place == Place::Township {
        out.extend(stalled_decisions(&cx.input.decisions, cx.as_of));
    }
    out
}

/// The rising rule for categories per village and per grid.
pub fn rising(requests: &[&RequestRow], kind: PeriodKind, span: Span) -> Vec<Warning> {
    let spans = last_n(kind, span, RISE_BASE_PERIODS + 1);
    let index = |day: NaiveDate| spans.iter().position(|s| s.contains(day));
    // (kind, category, place) -> counts per span, and the ids of the last span.
    type Key<'a> = (WarningKind, &'a str, &'a str);
    let mut counts: BTreeMap<Key, (Vec<u32>, Vec<i64>)> = BTreeMap::new();
    for r in requests.iter().filter(|r| !r.category.is_empty()) {
        let Some(i) = index(r.received) else { continue };
        for (k, place) in [
            (WarningKind::RisingInVillage, r.village.as_str()),
            (WarningKind::RisingInGrid, r.grid.as_str()),
        ] {
            if place.is_empty() {
                continue;
            }
            let e = counts
                .entry((k, r.category.as_str(), place))
                .or_insert_with(|| (vec![0; spans.len()], Vec::new()));
            e.0[i] += 1;
            if i == spans.len() - 1 {
                e.1.push(r.id);
            }
        }
    }
    let mut out: Vec<Warning> = counts
        .into_iter()
        .filter_map(|((k, category, place), (per, mut ids))| {
            ids.sort_unstable();
            let now = *per.last()?;
            let base = &per[..per.len() - 1];
            let mean = f64::from(base.iter().sum::<u32>()) / base.len().max(1) as f64;
            (now >= RISE_MIN && f64::from(now) > RISE_FACTOR * mean).then(|| Warning {
                kind: k,
                subject: format!("{category}（{place}）"),
                count: now,
                base: mean,
                ids,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then(b.count.cmp(&a.count))
            .then(a.subject.cmp(&b.subject))
    });
    out
}

/// Similar open requests of the selection in no topic yet.
fn unmerged(cx: &Context) -> Vec<Warning> {
    let members: Vec<_> = cx
        .input
        .candidates
        .iter()
        .filter(|m| cx.selected.contains(&m.id) && m.received <= cx.as_of)
        .cloned()
        .collect();
    suggest(&members, GroupParams::default(), cx.as_of)
        .into_iter()
        .filter(|s| !is_dismissed(&s.request_ids, &cx.input.dismissed))
        .map(|s| Warning {
            kind: WarningKind::Unmerged,
            subject: s.title,
            count: s.request_ids.len() as u32,
            base: 0.0,
            ids: s.request_ids,
        })
        .collect()
}

fn vulnerable(tags: &str, theme: &Theme) -> bool {
    let has = |t: &str| tags.split(',').any(|x| x.trim() == t);
    match theme {
        Theme::Tag(t) => VULNERABLE_TAGS.contains(&t.as_str()) && has(t),
        _ => VULNERABLE_TAGS.iter().any(|t| has(t)),
    }
}

/// Vulnerable households not visited within the set days, one warning per grid.
fn unvisited(cx: &Context) -> Vec<Warning> {
    if matches!(cx.selection.theme, Theme::Category(_) | Theme::Channel(_)) {
        return Vec::new();
    }
    let gap = cx.settings.visit_gap_days;
    let mut by_grid: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for h in &cx.input.vulnerable {
        if !cx.selection.place.admits(&h.village, &h.grid) || !vulnerable(&h.tags, &cx.selection.theme) {
            continue;
        }
        if h.last_visit.is_none_or(|d| (cx.as_of - d).num_days() > gap) {
            by_grid.entry(&h.grid).or_default().push(h.id);
        }
    }
    by_grid
        .into_iter()
        .map(|(grid, ids)| Warning {
            kind: WarningKind::Unvisited,
            subject: grid.to_string(),
            count: ids.len() as u32,
            base: gap as f64,
            ids,
        })
        .collect()
}

fn stale_grids(cx: &Context) -> Vec<Warning> {
    cx.input
        .grids
        .iter()
        .filter(|g| cx.selection.place.admits(&g.village, &g.name) && g.households > 0 && g.stale * 2 > g.households)
        .map(|g| Warning {
            kind: WarningKind::StaleGrid,
            subject: g.name.clone(),
            count: g.stale,
            base: f64::from(g.households),
            ids: vec![g.id],
        })
        .collect()
}

/// Decisions whose latest activity is more than [`DECISION_STALL_DAYS`] ago.
pub fn stalled_decisions(decisions: &[super::DecisionRow], as_of: NaiveDate) -> Vec<Warning> {
    decisions
        .iter()
        .filter(|d| d.last_activity <= as_of && (as_of - d.last_activity).num_days() >= DECISION_STALL_DAYS)
        .map(|d| Warning {
            kind: WarningKind::StalledDecision,
            subject: d.text.clone(),
            count: (as_of - d.last_activity).num_days() as u32,
            base: f64::from(d.progress),
            ids: vec![d.id],
        })
        .collect()
}
