//! In-memory household lookup for phone calls (issue 3).
//!
//! ```text
//! store::lookup::load_index(&conn) -> Index     (build off the UI thread;
//!                                                 Index is Send + Sync)
//! let mut s = Searcher::new();                   (one per lookup input)
//! s.search(&index, "zs 1385", 50) -> Vec<Hit>    (on every keystroke)
//! index.entry(hit.row) -> Option<EntryRef>       (the row's fields)
//! ```
//!
//! A query is split on whitespace; each term is classified
//! ([`query::TermKind`]) and matched only against the fields it can hit:
//! - hanzi / other text: substring of the name, the address, the village or
//!   group name;
//! - latin letters: the name's pinyin (surname table first): full
//!   (`zhangsan`), syllable prefixes (`zhangs`), initials (`zs`), mixtures
//!   (`zsf`, `zhangsf`), contiguous syllables inside (`sanfeng`); then, as
//!   the lowest tier, a fuzzy-matcher subsequence starting at a syllable;
//! - digits with an optional trailing X: substring / suffix of the person's
//!   phone, the household phone and the resident ID — never fuzzy;
//! - `3组` / `12号`: the structured group / house number when the
//!   register has one, else the address text (`3组` never matches `13组`);
//! - letters glued to digits (`zs1385`) are two terms.
//!
//! All terms must match. Score = sum over terms (exact 900-1000 > prefix
//! 700-900 > substring 500-700 > address 300-450 > fuzzy 100-199; a name
//! match beats an address match). Ties: household id, then head of
//! household first (spouse, children, ...), then person id.
//!
//! When the new query only extends the previous one (one more key, or a
//! new term), the [`Searcher`] rescans just the previous candidates; any
//! other edit, or a rebuilt index, rescans everything. Both give the same
//! result (property-tested). Once the best 50 are found, a row is scored
//! only when an upper bound of its score (`matcher::bound`, from the dense
//! masks and lengths) beats the 50th: most rows of a short term are never
//! scored.

pub mod choice;
pub mod cli;
mod index;
mod matcher;
mod memory;
mod pinyin;
pub mod query;

#[cfg(test)]
#[path = "bound_tests.rs"]
mod bound_tests;

pub use cli::lookup_cli;
pub use index::{Entry, EntryRef, Index, IndexBuilder};
pub use index::{FastMap, FastSet};

pub use matcher::MatchField;
pub use pinyin::{Syllable, name_syllables};

use matcher::{Marks, Matcher};
use query::Term;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// One ranked result row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Hit {
    /// Row in the index: `index.entry(hit.row)` gives its fields.
    pub row: u32,
    pub person_id: Option<i64>,
    pub household_id: i64,
    pub score: i64,
    /// The field each query term matched, in query order.
    pub matched: Vec<MatchField>,
    /// A digit term equalled a whole resident ID or phone number: for a
    /// user who may not reveal, the app audits such a lookup.
    pub full_number: bool,
    /// Sorted char indices (not bytes, not columns) in the name, address,
    /// phone, household phone and resident ID to highlight. Masking keeps
    /// the length of IDs and phones, so these positions hold for the masked
    /// text too.
    pub name_highlight: Vec<usize>,
    pub address_highlight: Vec<usize>,
    pub phone_highlight: Vec<usize>,
    pub household_phone_highlight: Vec<usize>,
    pub resident_id_highlight: Vec<usize>,
}

/// Default number of rows shown.
pub const DEFAULT_LIMIT: usize = 50;

/// Per-input search state: the last query's terms and every row it
/// matched, so the next keystroke can refine instead of rescanning.
#[derive(Default)]
pub struct Searcher {
    generation: u64,
    terms: Vec<Term>,
    /// Rows that may match `terms` (every match, and rows that passed the
    /// masks but were not scored as they could not rank), ascending.
    candidates: Vec<u32>,
    /// Reused buffer for the next candidate list.
    spare: Vec<u32>,
    matcher: Matcher,
    last_scanned: usize,
}

impl Searcher {
    pub fn new() -> Self {
        Self::default()
    }

    /// Rows examined by the last `search` (the index size after a full
    /// scan, fewer after a refinement). For tests and the benchmark.
    pub fn last_scanned(&self) -> usize {
        self.last_scanned
    }

    /// Matches digits only where a user who may not reveal sees them
    /// (see `matcher::digits_masked`).
    pub fn set_masked(&mut self, masked: bool) {
        if self.matcher.masked != masked {
            self.matcher.masked = masked;
            self.reset();
        }
    }

    /// Forgets the previous query (the next search scans everything).
    pub fn reset(&mut self) {
        self.terms.clear();
        self.candidates.clear();
        self.generation = 0;
    }

    /// Ranked matches of `query`, best first, at most `limit`. An empty
    /// query gives no rows.
    pub fn search(&mut self, index: &Index, query: &str, limit: usize) -> Vec<Hit> {
        let terms = query::parse(query);
        if terms.is_empty() {
            self.reset();
            self.last_scanned = 0;
            return Vec::new();
        }
        // Masked digit matching is not monotonic (a whole number typed in
        // full matches rows its own prefixes did not). So a masked search
        // keeps as candidates every row that passes the masks, matching or
        // not: a longer number can only match among those, and refining
        // from them gives the result of a full scan (`bound_tests`). Rows
        // whose shown digits cannot hold the term are not scored.
        let masked_digits = self.matcher.masked && terms.iter().any(|t| matches!(t.kind, query::TermKind::Digits));
        let shown = if masked_digits { index.shown_pairs() } else { &[] };
        let refine = self.generation == index.generation()
            && !self.terms.is_empty()
            && terms.len() >= self.terms.len()
            && self.terms.iter().zip(&terms).all(|(old, new)| new.narrows(old));
        let mut top = TopK::new(limit);
        let mut matched = std::mem::take(&mut self.spare);
        matched.clear();
        let matcher = &self.matcher;
        let mut floor = None;
        let is_digits = |t: &Term| matches!(t.kind, query::TermKind::Digits);
        let mut scan = |row: u32| {
            // Masks only, inlined: most rows stop here without a call.
            if !terms.iter().all(|t| matcher::prefilter(index, row as usize, t)) {
                return;
            }
            if masked_digits
                && !terms
                    .iter()
                    .all(|t| !is_digits(t) || matcher::masked_prefilter(index, shown, row as usize, t))
            {
                matched.push(row);
                return;
            }
            // Once 50 rows are kept, a row that cannot beat the worst of
            // them (rows come in ascending order, so a tie loses) is not
            // scored; it stays a candidate, as it may still match.
            if let Some(floor) = floor
                && terms
                    .iter()
                    .map(|t| matcher::bound(index, row as usize, t))
                    .sum::<i32>()
                    <= floor
            {
                matched.push(row);
                return;
            }
            let mut total = 0i32;
            let mut matches = true;
            for t in &terms {
                match matcher.term(index, row, t, None) {
                    Some((s, _)) => total += s,
                    None if masked_digits && is_digits(t) => matches = false,
                    None => return,
                }
            }
            matched.push(row);
            if matches {
                top.offer(total, row);
                floor = top.floor();
            }
        };
        if refine {
            self.last_scanned = self.candidates.len();
            self.candidates.iter().for_each(|&row| scan(row));
        } else {
            self.last_scanned = index.len();
            (0..index.len() as u32).for_each(&mut scan);
        }
        // The old candidate list becomes next time's scratch buffer.
        self.spare = std::mem::replace(&mut self.candidates, matched);
        self.generation = index.generation();
        let hits = top
            .into_sorted()
            .into_iter()
            .filter_map(|(score, row)| self.explain(index, &terms, row, score))
            .collect();
        self.terms = terms;
        hits
    }

    /// Builds the shown `Hit` with highlights (only for the top rows).
    fn explain(&self, index: &Index, terms: &[Term], row: u32, score: i32) -> Option<Hit> {
        let p = index.persons.get(row as usize)?;
        let mut marks = Marks::default();
        let mut matched = Vec::with_capacity(terms.len());
        for t in terms {
            let (_, field) = self.matcher.term(index, row, t, Some(&mut marks))?;
            matched.push(field);
        }
        let tidy = |mut v: Vec<usize>| {
            v.sort_unstable();
            v.dedup();
            v
        };
        Some(Hit {
            row,
            person_id: p.person_id,
            household_id: index.house(p).household_id,
            score: score as i64,
            matched,
            name_highlight: tidy(marks.name),
            address_highlight: tidy(marks.address),
            phone_highlight: tidy(marks.phone),
            household_phone_highlight: tidy(marks.household_phone),
            resident_id_highlight: tidy(marks.resident_id),
            full_number: marks.full_number,
        })
    }
}

/// The best `limit` (score, row) pairs seen, without keeping the rest:
/// most rows fail the comparison with the current worst and cost one
/// compare. Order: higher score first, then lower row (household id, head
/// first) — deterministic.
struct TopK {
    limit: usize,
    heap: BinaryHeap<Reverse<(i32, Reverse<u32>)>>,
}

impl TopK {
    fn new(limit: usize) -> Self {
        TopK {
            limit,
            heap: BinaryHeap::with_capacity(limit + 1),
        }
    }

    /// The worst kept score once `limit` rows are kept.
    #[inline]
    fn floor(&self) -> Option<i32> {
        match self.heap.peek() {
            Some(Reverse((score, _))) if self.heap.len() >= self.limit => Some(*score),
            _ => None,
        }
    }

    #[inline]
    fn offer(&mut self, score: i32, row: u32) {
        let key = (score, Reverse(row));
        if self.heap.len() < self.limit {
            self.heap.push(Reverse(key));
        } else if let Some(mut worst) = self.heap.peek_mut()
            && key > worst.0
        {
            *worst = Reverse(key);
        }
    }

    fn into_sorted(self) -> Vec<(i32, u32)> {
        // Ascending Reverse = best first.
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|Reverse((s, Reverse(r)))| (s, r))
            .collect()
    }
}

/// One-shot search without refinement state.
pub fn search(index: &Index, query: &str, limit: usize) -> Vec<Hit> {
    Searcher::new().search(index, query, limit)
}
