//! The loader's tally (README "Performance"): the few facts per household,
//! request and visit that the per-grid and per-cadre counts, the overdue
//! count and the callbacks due are made of. Filled at a full load; a patch
//! then reads only the rows the change log names and adjusts the counts,
//! so another clerk's new request or status change costs about the same
//! at 100,000 households as at 1,000.

use crate::model::places::{CadreRow, GridRow};
use crate::store;
use crate::store::counts::ActiveRequest;
use crate::store::scope::SessionScope;
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Every household (not only the scope's): its place and size.
    households: HashMap<i64, Household>,
    /// Every grid, active or not: its cadre.
    grid_cadre: HashMap<i64, Option<i64>>,
    /// Per grid: (households, persons), kept in step with `households`.
    per_grid: HashMap<i64, (i64, i64)>,
    /// Open and resolved requests.
    requests: HashMap<i64, ActiveRequest>,
    /// This year's household visits: visit → household.
    visits: HashMap<i64, Option<i64>>,
    /// The grid and cadre rows as last sent, with their counts.
    grids: Vec<GridRow>,
    cadres: Vec<CadreRow>,
    /// The requests and households in topics: a change to one of them
    /// changes the topics' evidence.
    topic_requests: HashSet<i64>,
    topic_households: HashSet<i64>,
}

/// A household as the counts see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Household {
    pub grid: i64,
    pub village: i64,
    pub persons: i64,
}

/// What a change did to the tally, for deciding what else to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Moved {
    /// A household was added, deleted or changed grid.
    pub placement: bool,
    /// A household was added, deleted or changed grid or village (what a
    /// topic shows of it).
    pub place: bool,
    /// A household was added or deleted or its member count changed.
    pub sizes: bool,
}

impl Tally {
    /// Reads the tally inside the transaction that loaded `snap`.
    pub fn load(tx: &Connection, day: chrono::NaiveDate, snap: &super::snapshot::Snapshot) -> store::Result<Tally> {
        let today = day.format("%Y-%m-%d").to_string();
        let mut tally = Tally {
            grid_cadre: store::counts::grid_cadres(tx)?.into_iter().collect(),
            requests: store::counts::active_requests(tx, &today)?.into_iter().collect(),
            visits: store::counts::household_visits(tx, &today)?.into_iter().collect(),
            grids: snap.grids.clone(),
            cadres: snap.cadres.clone(),
            ..Tally::default()
        };
        for (id, grid, village, persons) in store::counts::household_sizes(tx)? {
            tally.set_household(id, Some(Household { grid, village, persons }));
        }
        tally.set_topics(&snap.topics);
        Ok(tally)
    }

    /// Records household `id` as it is now (None: deleted).
    pub fn set_household(&mut self, id: i64, now: Option<Household>) -> Moved {
        let before = match now {
            Some(n) => self.households.insert(id, n),
            None => self.households.remove(&id),
        };
        if before == now {
            return Moved::default();
        }
        if let Some(b) = before {
            let g = self.per_grid.entry(b.grid).or_default();
            g.0 -= 1;
            g.1 -= b.persons;
            if *g == (0, 0) {
                self.per_grid.remove(&b.grid);
            }
        }
        if let Some(n) = now {
            let g = self.per_grid.entry(n.grid).or_default();
            g.0 += 1;
            g.1 += n.persons;
        }
        Moved {
            placement: before.map(|b| b.grid) != now.map(|n| n.grid),
            place: before.map(|b| (b.grid, b.village)) != now.map(|n| (n.grid, n.village)),
            sizes: before.map(|b| b.persons) != now.map(|n| n.persons) || before.is_none() || now.is_none(),
        }
    }

    /// Records request `id` as it is now (None: gone or counting nowhere).
    pub fn set_request(&mut self, id: i64, now: Option<ActiveRequest>) {
        match now {
            Some(r) => self.requests.insert(id, r),
            None => self.requests.remove(&id),
        };
    }

    /// Records visit `id` (Some(household) when it is a household visit
    /// this year).
    pub fn set_visit(&mut self, id: i64, now: Option<Option<i64>>) {
        match now {
            Some(h) => self.visits.insert(id, h),
            None => self.visits.remove(&id),
        };
    }

    /// Remembers the topics' members (after the topics were read).
    pub fn set_topics(&mut self, topics: &[crate::model::meetings::TopicRow]) {
        self.topic_requests = topics.iter().flat_map(|t| t.request_ids.iter().copied()).collect();
        self.topic_households = topics.iter().flat_map(|t| t.households.iter().copied()).collect();
    }

    /// Whether a change to these requests or households changes the
    /// topics' evidence.
    pub fn touches_topics<'a>(
        &self,
        requests: impl IntoIterator<Item = &'a i64>,
        households: impl IntoIterator<Item = &'a i64>,
    ) -> bool {
        requests.into_iter().any(|r| self.topic_requests.contains(r))
            || households.into_iter().any(|h| self.topic_households.contains(h))
    }

    /// The grid and cadre rows with the counts as they are now (what
    /// `grids::list_grids` and `cadres::list_cadres` count, from the
    /// tally). `visits` also counts the households visited this year.
    pub fn places(&mut self, visits: bool) -> (Vec<GridRow>, Vec<CadreRow>) {
        let grid_of = |h: Option<i64>| h.and_then(|h| self.households.get(&h)).map(|s| s.grid);
        let mut open_per_grid: HashMap<i64, i64> = HashMap::new();
        let mut per_cadre: HashMap<i64, (i64, i64)> = HashMap::new();
        for r in self.requests.values().filter(|r| r.open) {
            if let Some(g) = grid_of(r.household_id) {
                *open_per_grid.entry(g).or_default() += 1;
            }
            if let Some(c) = r.assignee_id {
                let e = per_cadre.entry(c).or_default();
                e.0 += 1;
                e.1 += i64::from(r.overdue);
            }
        }
        for g in &mut self.grids {
            let (households, persons) = self.per_grid.get(&g.id).copied().unwrap_or_default();
            g.households = households;
            g.persons = persons;
            g.open_requests = open_per_grid.get(&g.id).copied().unwrap_or_default();
        }
        let mut households_per_cadre: HashMap<i64, i64> = HashMap::new();
        for (grid, (households, _)) in &self.per_grid {
            if let Some(Some(c)) = self.grid_cadre.get(grid) {
                *households_per_cadre.entry(*c).or_default() += households;
            }
        }
        let visited = visits.then(|| self.visited_per_cadre());
        for c in &mut self.cadres {
            c.households = households_per_cadre.get(&c.id).copied().unwrap_or_default();
            let (open, overdue) = per_cadre.get(&c.id).copied().unwrap_or_default();
            c.open_requests = open;
            c.overdue_requests = overdue;
            if let Some(v) = &visited {
                c.visited_this_year = v.get(&c.id).copied().unwrap_or_default();
            }
        }
        (self.grids.clone(), self.cadres.clone())
    }

    /// Per cadre, the distinct households of its grids visited this year.
    fn visited_per_cadre(&self) -> HashMap<i64, i64> {
        let households: HashSet<i64> = self.visits.values().filter_map(|h| *h).collect();
        let mut out = HashMap::new();
        for h in households {
            let cadre = self
                .households
                .get(&h)
                .and_then(|s| self.grid_cadre.get(&s.grid).copied().flatten());
            if let Some(c) = cadre {
                *out.entry(c).or_default() += 1;
            }
        }
        out
    }

    /// Open requests past due and resolved requests awaiting a callback,
    /// in `scope` (as `requests::count_overdue` and
    /// `request_query::count_callbacks_due`).
    pub fn overdue_and_callbacks(&self, scope: &SessionScope) -> (i64, usize) {
        let mine = |r: &&ActiveRequest| match scope.cadre() {
            None => true,
            Some(None) => false,
            Some(Some(cadre)) => self.is_own(r, cadre),
        };
        let overdue = self.requests.values().filter(|r| r.overdue).filter(mine).count();
        let callbacks = self.requests.values().filter(|r| r.resolved).filter(mine).count();
        (overdue as i64, callbacks)
    }

    /// The cadre scope's rule (`store::scope::own_requests_sql`): assigned
    /// to the cadre, or placed in its grids — the household living there,
    /// or an outside caller located there.
    fn is_own(&self, r: &ActiveRequest, cadre: i64) -> bool {
        let grid_is_mine = |g: i64| self.grid_cadre.get(&g).copied().flatten() == Some(cadre);
        r.assignee_id == Some(cadre)
            || match r.household_id {
                Some(h) => self.households.get(&h).is_some_and(|s| grid_is_mine(s.grid)),
                None => r.caller_grid_id.is_some_and(grid_is_mine),
            }
    }
}
