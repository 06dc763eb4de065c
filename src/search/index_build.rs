//! [`IndexBuilder`]: the index built row by row from borrowed rows.

use super::{Entry, EntryRef, FastMap, GENERATION, Index, Interned, relation_rank, shared};
use std::sync::atomic::Ordering;

/// Incremental builder, so the loader can push borrowed rows straight from
/// SQLite without allocating an owned `Entry` per row.
pub struct IndexBuilder {
    index: Index,
    interned: Interned,
    house_of: FastMap<i64, u32>,
}

impl Default for IndexBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl IndexBuilder {
    pub fn new() -> Self {
        Self::with_capacity(0)
    }

    pub fn with_capacity(rows: usize) -> Self {
        super::super::memory::map_large_blocks();
        IndexBuilder {
            index: Index {
                generation: GENERATION.fetch_add(1, Ordering::Relaxed),
                text: String::with_capacity(rows * 40),
                py: Vec::with_capacity(rows * 12),
                syllables: Vec::with_capacity(rows * 3),
                digits: String::with_capacity(rows * 32),
                digit_hot: Vec::with_capacity(rows),
                name_hot: Vec::with_capacity(rows),
                text_hot: Vec::with_capacity(rows),
                persons: Vec::with_capacity(rows),
                houses: Vec::with_capacity(rows / 2),
                shown: Default::default(),
            },
            interned: Interned::default(),
            house_of: FastMap::with_capacity_and_hasher(rows / 2, Default::default()),
        }
    }

    /// Stores values shared by many rows (village, grid, cadre, relation)
    /// once.
    fn intern(&mut self, s: &str) -> super::Span {
        shared(&mut self.index, Some(&mut self.interned), s)
    }

    /// Adds one row (person, or person-less household when `person_id` is
    /// `None` and the name is empty). Household fields are taken from the
    /// first row of each household.
    pub fn push(&mut self, e: &EntryRef<'_>) {
        let house = match self.house_of.get(&e.household_id) {
            Some(h) => *h,
            None => self.push_household(e),
        };
        self.push_person(house, e);
    }

    /// Stores the household fields of `e` (its person fields are ignored)
    /// and returns the household's number for [`IndexBuilder::push_person`].
    pub fn push_household(&mut self, e: &EntryRef<'_>) -> u32 {
        let h = self.index.houses.len() as u32;
        let house = self.index.house_record(e, Some(&mut self.interned));
        self.index.houses.push(house);
        self.house_of.insert(e.household_id, h);
        h
    }

    /// Household number of an already pushed household id.
    pub fn household(&self, household_id: i64) -> Option<u32> {
        self.house_of.get(&household_id).copied()
    }

    /// Stores the person fields of `e` as a member of household `house`
    /// (from [`IndexBuilder::push_household`]); an unknown `house` is
    /// ignored.
    pub fn push_person(&mut self, house: u32, e: &EntryRef<'_>) {
        if house as usize >= self.index.houses.len() {
            return;
        }
        let relation = self.intern(e.relation);
        let gender = self.intern(e.gender);
        let row = self.index.row_record(house, e, relation, gender);
        self.index.push_row(row);
    }

    /// Adds an empty row for every household that got no person, so
    /// address terms still find it.
    pub fn add_personless_households(&mut self) {
        let mut has = vec![false; self.index.houses.len()];
        for p in &self.index.persons {
            has[p.house as usize] = true;
        }
        for (h, has) in has.into_iter().enumerate() {
            if !has {
                let household_id = self.index.houses[h].household_id;
                self.push_person(
                    h as u32,
                    &EntryRef {
                        household_id,
                        ..Entry::default().as_ref()
                    },
                );
            }
        }
    }

    /// Sorts the rows (household id, relation rank, person id) in place:
    /// no second copy of the register exists at any time, so rebuilding
    /// while the old index is in use costs one index, not two.
    pub fn finish(mut self) -> Index {
        let order = self.row_order();
        // Cycle-following permutation: new[j] = old[order[j]].
        let mut done = vec![false; order.len()];
        for i in 0..order.len() {
            let mut j = i;
            while !done[j] {
                done[j] = true;
                let k = order[j] as usize;
                if k == i {
                    break;
                }
                self.index.persons.swap(j, k);
                self.index.digit_hot.swap(j, k);
                self.index.name_hot.swap(j, k);
                self.index.text_hot.swap(j, k);
                j = k;
            }
        }
        self.index.text.shrink_to_fit();
        self.index.digits.shrink_to_fit();
        self.index.py.shrink_to_fit();
        self.index.syllables.shrink_to_fit();
        self.index.persons.shrink_to_fit();
        self.index.digit_hot.shrink_to_fit();
        self.index.name_hot.shrink_to_fit();
        self.index.text_hot.shrink_to_fit();
        self.index.houses.shrink_to_fit();
        self.index
    }

    /// The rows in (household id, relation rank, person id, push order)
    /// order, by a counting sort over the households (O(rows); sorting
    /// 250,000 keys by comparison took ~20 ms) and a sort of each
    /// household's few members.
    fn row_order(&self) -> Vec<u32> {
        let ix = &self.index;
        let id = |h: u32| ix.houses[h as usize].household_id;
        // Households by id: already so when read from the database.
        let mut by_id: Vec<u32> = (0..ix.houses.len() as u32).collect();
        if !by_id.windows(2).all(|w| id(w[0]) < id(w[1])) {
            by_id.sort_by_key(|&h| id(h));
        }
        // Each household's bucket: its rank among the distinct ids.
        let mut bucket = vec![0u32; ix.houses.len()];
        let mut buckets = 0;
        for (at, &h) in by_id.iter().enumerate() {
            if at > 0 && id(by_id[at - 1]) != id(h) {
                buckets += 1;
            }
            bucket[h as usize] = buckets;
        }
        let mut next = vec![0u32; ix.houses.len() + 1];
        for p in &ix.persons {
            next[bucket[p.house as usize] as usize + 1] += 1;
        }
        for k in 1..next.len() {
            next[k] += next[k - 1];
        }
        let starts = next.clone();
        let mut order = vec![0u32; ix.persons.len()];
        for (i, p) in ix.persons.iter().enumerate() {
            let k = bucket[p.house as usize] as usize;
            order[next[k] as usize] = i as u32;
            next[k] += 1;
        }
        for w in starts.windows(2) {
            let rows = &mut order[w[0] as usize..w[1] as usize];
            if rows.len() > 1 {
                rows.sort_unstable_by_key(|&i| {
                    let p = &ix.persons[i as usize];
                    (relation_rank(ix.str(p.relation)), p.person_id.unwrap_or(i64::MIN), i)
                });
            }
        }
        order
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Entry, Index, relation_rank};

    /// Rows pushed in no particular order come out as a comparison sort
    /// of (household id, relation rank, person id) orders them, equal
    /// keys in push order.
    #[test]
    fn rows_sit_in_household_then_relation_order() {
        let relations = ["子", "户主", "配偶", "", "母亲", "孙女", "女婿"];
        let mut rows = Vec::new();
        let mut seed = 7u64;
        for n in 0..300i64 {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let household = 1000 - (seed >> 40) as i64 % 60;
            let relation = relations[(seed >> 20) as usize % relations.len()];
            rows.push(Entry {
                // Some persons share an id, some have none: their order
                // falls back to the order they were pushed in.
                person_id: (n % 11 != 0).then_some((seed >> 50) as i64 % 40),
                household_id: household,
                name: format!("张{n}"),
                relation: relation.into(),
                address: format!("东浦村{household}号"),
                ..Entry::default()
            });
        }
        let mut want = rows.clone();
        want.sort_by_key(|e| {
            (
                e.household_id,
                relation_rank(&e.relation),
                e.person_id.unwrap_or(i64::MIN),
            )
        });
        assert_eq!(Index::build(rows).entries(), want);
    }
}
