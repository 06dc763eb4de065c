//! Topics (议题): finding the shared concern among many requests, the
//! evidence figures of a group of requests, the level that must decide it,
//! and the ranking of candidate topics for an agenda. Pure.
//!
//! Grouping: two requests are linked when they have the same category,
//! their texts are similar (character bigrams, [`super::similarity`]) and
//! they come from the same grid, the same village or neighbouring grids
//! (map positions at most one row and one column apart). A suggestion is a
//! connected group of linked requests with at least `min_requests` members.

use super::request::{Difficulty, Level, Status};
use super::similarity::Profile;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// Default look-back window for suggestions (setting `topic_window_days`).
pub const DEFAULT_WINDOW_DAYS: i64 = 90;
/// Default similarity a pair of texts needs to be linked.
pub const GROUP_THRESHOLD: f64 = 0.2;
/// Default smallest group worth suggesting.
pub const MIN_REQUESTS: usize = 2;

/// One request as topic analysis sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub id: i64,
    pub category_id: Option<i64>,
    pub title: String,
    pub content: String,
    pub household_id: Option<i64>,
    /// The resident who asked (person id), for repeat requesters.
    pub person_id: Option<i64>,
    pub village_id: Option<i64>,
    pub grid_id: Option<i64>,
    /// (map_row, map_col) of the grid.
    pub grid_pos: Option<(i64, i64)>,
    pub received: NaiveDate,
    pub status: Status,
    pub due: Option<NaiveDate>,
    pub level: Level,
    pub difficulty: Difficulty,
    /// Callbacks with the answer "unsatisfied".
    pub unsatisfied: i64,
}

impl Member {
    pub fn text(&self) -> String {
        format!("{} {}", self.title, self.content)
    }

    /// Waiting for an answer: open, or merged into a topic not yet settled.
    fn waiting(&self) -> bool {
        self.status.is_open() || self.status == Status::Merged
    }
}

/// Same grid, same village, or grids next to each other on the map.
pub fn nearby(a: &Member, b: &Member) -> bool {
    if a.grid_id.is_some() && a.grid_id == b.grid_id {
        return true;
    }
    if a.village_id.is_some() && a.village_id == b.village_id {
        return true;
    }
    match (a.grid_pos, b.grid_pos) {
        (Some((ra, ca)), Some((rb, cb))) => (ra - rb).abs() <= 1 && (ca - cb).abs() <= 1,
        _ => false,
    }
}

/// Evidence figures of a group of requests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    pub requests: usize,
    pub households: usize,
    pub villages: usize,
    /// Still waiting and past their due date.
    pub overdue: usize,
    /// Residents (or households, when the person is unknown) who asked more than once.
    pub repeat_requesters: usize,
    pub unsatisfied: i64,
    pub earliest: Option<NaiveDate>,
    pub latest: Option<NaiveDate>,
}

impl Evidence {
    pub fn of(members: &[&Member], today: NaiveDate) -> Evidence {
        let households: BTreeSet<i64> = members.iter().filter_map(|m| m.household_id).collect();
        let villages: BTreeSet<i64> = members.iter().filter_map(|m| m.village_id).collect();
        let mut askers: BTreeMap<(bool, i64), usize> = BTreeMap::new();
        for m in members {
            let key = match (m.person_id, m.household_id) {
                (Some(p), _) => Some((true, p)),
                (None, Some(h)) => Some((false, h)),
                _ => None,
            };
            if let Some(k) = key {
                *askers.entry(k).or_default() += 1;
            }
        }
        Evidence {
            requests: members.len(),
            households: households.len(),
            villages: villages.len(),
            overdue: members
                .iter()
                .filter(|m| m.waiting() && m.due.is_some_and(|d| d < today))
                .count(),
            repeat_requesters: askers.values().filter(|n| **n > 1).count(),
            unsatisfied: members.iter().map(|m| m.unsatisfied).sum(),
            earliest: members.iter().map(|m| m.received).min(),
            latest: members.iter().map(|m| m.received).max(),
        }
    }

    /// Days from the first to the last request (0 for one day).
    pub fn span_days(&self) -> i64 {
        match (self.earliest, self.latest) {
            (Some(a), Some(b)) => (b - a).num_days(),
            _ => 0,
        }
    }
}

/// Why a level is suggested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelReason {
    /// Some requests are already handled at this level.
    RequestLevel(Level),
    /// Hard requests from three or more villages: beyond one township office's means.
    ManyVillagesHard,
    /// Hard requests from twenty or more households.
    ManyHouseholdsHard,
    /// The township can decide.
    TownshipCan,
}

/// Which level must decide a topic: the highest level of its requests;
/// county when hard requests span 3+ villages or 20+ households; else township.
pub fn suggest_level(members: &[&Member], evidence: &Evidence) -> (Level, LevelReason) {
    if let Some(top) = members.iter().map(|m| m.level).max()
        && top > Level::Township
    {
        return (top, LevelReason::RequestLevel(top));
    }
    let hard = members.iter().filter(|m| m.difficulty == Difficulty::Hard).count();
    let mostly_hard = hard * 2 >= members.len().max(1);
    if mostly_hard && evidence.villages >= 3 {
        return (Level::County, LevelReason::ManyVillagesHard);
    }
    if mostly_hard && evidence.households >= 20 {
        return (Level::County, LevelReason::ManyHouseholdsHard);
    }
    (Level::Township, LevelReason::TownshipCan)
}

/// A suggested topic: connected similar requests and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub category_id: Option<i64>,
    /// Sorted ascending.
    pub request_ids: Vec<i64>,
    /// The proposed title: the title of the most central request.
    pub title: String,
    /// Up to three texts, most central first.
    pub samples: Vec<String>,
    pub evidence: Evidence,
    pub level: Level,
    pub level_reason: LevelReason,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupParams {
    pub threshold: f64,
    pub min_requests: usize,
}

impl Default for GroupParams {
    fn default() -> Self {
        GroupParams {
            threshold: GROUP_THRESHOLD,
            min_requests: MIN_REQUESTS,
        }
    }
}

fn find(parent: &mut [usize], i: usize) -> usize {
    let mut r = i;
    while parent[r] != r {
        r = parent[r];
    }
    let mut j = i;
    while parent[j] != r {
        let next = parent[j];
        parent[j] = r;
        j = next;
    }
    r
}

/// Groups `members` into suggestions (see the module docs), largest first,
/// then by the lowest request id.
pub fn suggest(members: &[Member], params: GroupParams, today: NaiveDate) -> Vec<Suggestion> {
    let profiles: Vec<Profile> = members.iter().map(|m| Profile::new(&m.text())).collect();
    let mut parent: Vec<usize> = (0..members.len()).collect();
    let mut by_category: BTreeMap<Option<i64>, Vec<usize>> = BTreeMap::new();
    for (i, m) in members.iter().enumerate() {
        if m.category_id.is_some() {
            by_category.entry(m.category_id).or_default().push(i);
        }
    }
    let mut scores: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for idx in by_category.values() {
        for (a, &i) in idx.iter().enumerate() {
            for &j in &idx[a + 1..] {
                if !nearby(&members[i], &members[j]) {
                    continue;
                }
                let s = profiles[i].similarity(&profiles[j]);
                if s >= params.threshold && s > 0.0 {
                    scores.insert((i, j), s);
                    let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                    if ri != rj {
                        parent[ri.max(rj)] = ri.min(rj);
                    }
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..members.len() {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out: Vec<Suggestion> = groups
        .into_values()
        .filter(|g| g.len() >= params.min_requests.max(2))
        .map(|g| {
            // Centrality: the summed similarity to the rest of the group.
            let mut central: Vec<(usize, f64)> = g
                .iter()
                .map(|&i| {
                    let sum: f64 = g
                        .iter()
                        .filter(|&&j| j != i)
                        .map(|&j| scores.get(&(i.min(j), i.max(j))).copied().unwrap_or(0.0))
                        .sum();
                    (i, sum)
                })
                .collect();
            central.sort_by(|a, b| b.1.total_cmp(&a.1).then(members[a.0].id.cmp(&members[b.0].id)));
            let refs: Vec<&Member> = g.iter().map(|&i| &members[i]).collect();
            let evidence = Evidence::of(&refs, today);
            let (level, level_reason) = suggest_level(&refs, &evidence);
            let mut request_ids: Vec<i64> = refs.iter().map(|m| m.id).collect();
            request_ids.sort_unstable();
            Suggestion {
                category_id: members[g[0]].category_id,
                request_ids,
                title: members[central[0].0].title.clone(),
                samples: central.iter().take(3).map(|(i, _)| members[*i].text()).collect(),
                evidence,
                level,
                level_reason,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.request_ids
            .len()
            .cmp(&a.request_ids.len())
            .then(a.request_ids[0].cmp(&b.request_ids[0]))
    });
    out
}

/// The part of suggestion `s` made of `members` (those of its requests a
/// cadre account may see, README "A cadre's own grids"): the evidence, the
/// level and the samples of those alone, and the title of the most central
/// of them. None when none of its requests is among them.
pub fn narrowed(s: &Suggestion, members: &[&Member], today: NaiveDate) -> Option<Suggestion> {
    let mut part: Vec<&Member> = members
        .iter()
        .copied()
        .filter(|m| s.request_ids.binary_search(&m.id).is_ok())
        .collect();
    // The suggestion's samples are its most central requests, in order;
    // the rest follow by id.
    let rank = |m: &Member| s.samples.iter().position(|t| *t == m.text()).unwrap_or(usize::MAX);
    part.sort_by_key(|m| (rank(m), m.id));
    let first = part.first()?;
    let evidence = Evidence::of(&part, today);
    let (level, level_reason) = suggest_level(&part, &evidence);
    let mut request_ids: Vec<i64> = part.iter().map(|m| m.id).collect();
    request_ids.sort_unstable();
    Some(Suggestion {
        category_id: s.category_id,
        request_ids,
        title: first.title.clone(),
        samples: part.iter().take(3).map(|m| m.text()).collect(),
        evidence,
        level,
        level_reason,
    })
}

/// A dismissed suggestion stays hidden unless a request outside the
/// dismissed set joins it.
pub fn is_dismissed(request_ids: &[i64], dismissed: &[Vec<i64>]) -> bool {
    dismissed
        .iter()
        .any(|set| request_ids.iter().all(|id| set.binary_search(id).is_ok()))
}

/// One part of a ranking score, for the one-line explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankFactor {
    Unsatisfied(i64),
    Overdue(usize),
    Villages(usize),
    Households(usize),
    Repeat(usize),
    Requests(usize),
    /// The latest request came in this many days ago (within two weeks).
    Recent(i64),
}

impl RankFactor {
    fn points(self) -> i64 {
        match self {
            RankFactor::Unsatisfied(n) => 6 * n,
            RankFactor::Overdue(n) => 5 * n as i64,
            RankFactor::Villages(n) => 4 * n as i64,
            RankFactor::Households(n) => 3 * n as i64,
            RankFactor::Repeat(n) => 3 * n as i64,
            RankFactor::Requests(n) => 2 * n as i64,
            RankFactor::Recent(days) => (14 - days).max(0) / 2,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked<K> {
    pub key: K,
    pub score: i64,
    /// The factors that gave points, largest first (the explanation).
    pub factors: Vec<RankFactor>,
}

/// Ranks candidate topics by their evidence: unsatisfied callbacks weigh
/// most, then overdue requests, villages, households, repeat requesters,
/// requests and recency. Ties keep the given order.
pub fn rank<K: Clone>(items: &[(K, Evidence)], today: NaiveDate) -> Vec<Ranked<K>> {
    let mut out: Vec<(usize, Ranked<K>)> = items
        .iter()
        .enumerate()
        .map(|(i, (key, e))| {
            let mut factors = vec![
                RankFactor::Unsatisfied(e.unsatisfied),
                RankFactor::Overdue(e.overdue),
                RankFactor::Villages(e.villages),
                RankFactor::Households(e.households),
                RankFactor::Repeat(e.repeat_requesters),
                RankFactor::Requests(e.requests),
            ];
            if let Some(latest) = e.latest {
                let days = (today - latest).num_days().max(0);
                if days < 14 {
                    factors.push(RankFactor::Recent(days));
                }
            }
            factors.retain(|f| f.points() > 0);
            factors.sort_by_key(|f| std::cmp::Reverse(f.points()));
            let score = factors.iter().map(|f| f.points()).sum();
            (
                i,
                Ranked {
                    key: key.clone(),
                    score,
                    factors,
                },
            )
        })
        .collect();
    out.sort_by(|a, b| b.1.score.cmp(&a.1.score).then(a.0.cmp(&b.0)));
    out.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
#[path = "topics_tests.rs"]
mod tests;
