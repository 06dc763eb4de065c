//! [`IndexBuilder`]: the index built row by row from borrowed rows.

use super::{Entry, EntryRef, GENERATION, Index, Span, relation_rank, shared};
use std::collections::HashMap;
use std::sync::atomic::Ordering;

/// Incremental builder, so the loader can push borrowed rows straight from
/// SQLite without allocating an owned `Entry` per row.
pub struct IndexBuilder {
    index: Index,
    interned: HashMap<String, Span>,
    house_of: HashMap<i64, u32>,
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
            },
            interned: HashMap::new(),
            house_of: HashMap::with_capacity(rows / 2),
        }
    }

    /// Stores values shared by many rows (village, grid, cadre, relation)
    /// once.
    fn intern(&mut self, s: &str) -> Span {
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
        let ix = &self.index;
        let mut order: Vec<u32> = (0..ix.persons.len() as u32).collect();
        order.sort_by_cached_key(|&i| {
            let p = &ix.persons[i as usize];
            (
                ix.houses[p.house as usize].household_id,
                relation_rank(ix.str(p.relation)),
                p.person_id.unwrap_or(i64::MIN),
                i,
            )
        });
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
}
