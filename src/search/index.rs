//! The in-memory register: one text arena, one pinyin arena, and compact
//! per-person / per-household records with u32 offsets. 100k persons take
//! about 15 MB this way instead of ~60 MB as structs of `String`s.
//!
//! Rows are kept sorted by (household id, relation rank, person id), so the
//! row index itself is the deterministic tie-break of the ranking and the
//! members of one household sit next to each other.

use super::matcher::shown_pair_mask;
use super::pinyin::{each_syllable, surname_syllables};
use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// One result row's data, owned. Missing values are empty strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// `None` for a household without any registered person.
    pub person_id: Option<i64>,
    pub household_id: i64,
    pub name: String,
    /// Raw resident ID; the UI masks it.
    pub resident_id: String,
    /// "M", "F" or "".
    pub gender: String,
    /// "YYYY-MM-DD" or "".
    pub birth_date: String,
    /// Relation to the household head (户主, 配偶, 子, ...).
    pub relation: String,
    pub phone: String,
    /// Displayed household address (what address highlights index into).
    pub address: String,
    pub village: String,
    pub group_no: Option<u32>,
    pub group_name: String,
    pub house_no: String,
    pub grid: String,
    pub cadre_name: String,
    pub cadre_phone: String,
    pub household_phone: String,
}

impl Entry {
    pub fn as_ref(&self) -> EntryRef<'_> {
        EntryRef {
            person_id: self.person_id,
            household_id: self.household_id,
            name: &self.name,
            resident_id: &self.resident_id,
            gender: &self.gender,
            birth_date: &self.birth_date,
            relation: &self.relation,
            phone: &self.phone,
            address: &self.address,
            village: &self.village,
            group_no: self.group_no,
            group_name: &self.group_name,
            house_no: &self.house_no,
            grid: &self.grid,
            cadre_name: &self.cadre_name,
            cadre_phone: &self.cadre_phone,
            household_phone: &self.household_phone,
        }
    }
}

/// Borrowed view of one row: what [`Index::entry`] returns and what
/// [`IndexBuilder::push`] takes (so the loader needs no owned copies).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryRef<'a> {
    pub person_id: Option<i64>,
    pub household_id: i64,
    pub name: &'a str,
    pub resident_id: &'a str,
    pub gender: &'a str,
    pub birth_date: &'a str,
    pub relation: &'a str,
    pub phone: &'a str,
    pub address: &'a str,
    pub village: &'a str,
    pub group_no: Option<u32>,
    pub group_name: &'a str,
    pub house_no: &'a str,
    pub grid: &'a str,
    pub cadre_name: &'a str,
    pub cadre_phone: &'a str,
    pub household_phone: &'a str,
}

impl EntryRef<'_> {
    pub fn to_owned(&self) -> Entry {
        Entry {
            person_id: self.person_id,
            household_id: self.household_id,
            name: self.name.into(),
            resident_id: self.resident_id.into(),
            gender: self.gender.into(),
            birth_date: self.birth_date.into(),
            relation: self.relation.into(),
            phone: self.phone.into(),
            address: self.address.into(),
            village: self.village.into(),
            group_no: self.group_no,
            group_name: self.group_name.into(),
            house_no: self.house_no.into(),
            grid: self.grid.into(),
            cadre_name: self.cadre_name.into(),
            cadre_phone: self.cadre_phone.into(),
            household_phone: self.household_phone.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Span {
    start: u32,
    len: u32,
}

/// One person (or one person-less household) of the register: what a
/// result row shows. Not touched by the scan unless the prefilter passes.
pub(crate) struct Person {
    pub person_id: Option<i64>,
    pub house: u32,
    pub name: Span,
    pub birth_date: Span,
    pub relation: Span,
    pub gender: Span,
}

/// What a scan of a digit term reads per row (32 bytes, dense, row
/// order): the masks and where the row's ID, phone and household phone
/// are. Each term kind has its own dense array, so a scan streams only what
/// that kind needs (a full digit scan: ~7 MB, a hanzi scan: 0.8 MB).
#[derive(Default, Clone, Copy)]
pub(crate) struct DigitHot {
    /// Adjacent digit pairs (11×11 bits, X as the 11th digit) in phone,
    /// ID and household phone.
    pub pairs: [u64; 2],
    /// Offset into `Index::digits`: ID, phone, household phone, adjacent;
    /// the only copy of the person's ID and phone.
    pub dig: u32,
    /// Digits (bits 0-9) and X (bit 10) present in the same, together
    /// and per field.
    pub digits: u16,
    pub id_digits: u16,
    pub phone_digits: u16,
    pub hphone_digits: u16,
    pub id_len: u8,
    pub phone_len: u8,
    pub hphone_len: u8,
}

/// What a scan of a hanzi term reads per row (32 bytes): bloom bits of the
/// name's characters, and (wider, as there are more characters) of the
/// address, village and group name, so a term only scans the fields that
/// may hold it; and the byte lengths of the name, village and group name
/// (at most 255), which bound the score (`matcher::bound`).
#[derive(Default, Clone, Copy)]
pub(crate) struct TextHot {
    pub name: u64,
    pub house: [u64; 2],
    pub name_len: u8,
    pub village_len: u8,
    pub group_len: u8,
}

/// What a scan of a pinyin term reads per row (24 bytes).
#[derive(Default, Clone, Copy)]
pub(crate) struct NameHot {
    /// Letters present in the name's pinyin (bit 0 = 'a').
    pub letters: u32,
    /// First letters of the name's syllables.
    pub initials: u32,
    /// Offsets into `Index::py` and `Index::syllables`.
    pub py: u32,
    pub syl: u32,
    pub py_len: u8,
    pub syl_len: u8,
    /// Leading syllables that spell the surname (see `surname_syllables`).
    pub surname_syl: u8,
    /// Bytes of pinyin those syllables take, and the first byte of the
    /// pinyin (0 when none): what `matcher::bound` needs, so ranking a row
    /// out needs no arena read.
    pub surname_len: u8,
    pub lead: u8,
}

pub(crate) struct House {
    pub household_id: i64,
    pub address: Span,
    pub village: Span,
    pub group_name: Span,
    pub house_no: Span,
    pub grid: Span,
    pub cadre_name: Span,
    pub cadre_phone: Span,
    pub phone: Span,
    /// 0 = no group.
    pub group_no: u32,
    /// Bloom bits of the characters of address, village and group name.
    pub bloom: [u64; 2],
}

/// Searchable register. Built once at start; when the database changes the
/// loader patches the changed households in place
/// ([`Index::patch_household`]) and the same [`super::Searcher`] notices the
/// change by [`Index::generation`].
pub struct Index {
    generation: u64,
    text: String,
    pub(crate) py: Vec<u8>,
    pub(crate) syllables: Vec<(u8, u8)>,
    pub(crate) digits: String,
    pub(crate) digit_hot: Vec<DigitHot>,
    pub(crate) name_hot: Vec<NameHot>,
    pub(crate) text_hot: Vec<TextHot>,
    pub(crate) persons: Vec<Person>,
    pub(crate) houses: Vec<House>,
    /// Per row, the digit pairs a user who may not reveal sees
    /// (`matcher::shown_pair_mask`); made on the first masked digit search,
    /// as only such a user needs it (4 MB at 250,000 rows).
    pub(crate) shown: OnceLock<Vec<[u64; 2]>>,
}

static GENERATION: AtomicU64 = AtomicU64::new(1);

pub(crate) fn char_bit(c: char) -> u64 {
    1u64 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 26)
}

pub(crate) fn bloom(s: &str) -> u64 {
    s.chars().fold(0, |acc, c| acc | char_bit(c))
}

/// 128-bit bloom (for the longer address text: fewer false positives).
pub(crate) fn wide_bloom(s: &str) -> [u64; 2] {
    let mut m = [0u64; 2];
    for c in s.chars() {
        let bit = (c as u32).wrapping_mul(0x9E37_79B1) >> 25;
        m[(bit / 64) as usize] |= 1 << (bit % 64);
    }
    m
}

pub(crate) fn digit_mask(s: &str) -> u16 {
    s.bytes().fold(0, |acc, b| match b {
        b'0'..=b'9' => acc | 1 << (b - b'0'),
        b'X' | b'x' => acc | 1 << 10,
        _ => acc,
    })
}

/// Bit set of adjacent pairs of digits/X in `s`: a term can only be a
/// substring if all its pairs occur.
pub(crate) fn pair_mask(s: &str) -> [u64; 2] {
    let code = |b: u8| match b {
        b'0'..=b'9' => Some((b - b'0') as u32),
        b'X' | b'x' => Some(10),
        _ => None,
    };
    let mut m = [0u64; 2];
    for w in s.as_bytes().windows(2) {
        if let (Some(a), Some(b)) = (code(w[0]), code(w[1])) {
            let bit = a * 11 + b; // < 121
            m[(bit / 64) as usize] |= 1 << (bit % 64);
        }
    }
    m
}

pub(crate) fn letter_bit(b: u8) -> u32 {
    if b.is_ascii_lowercase() { 1 << (b - b'a') } else { 0 }
}

/// Household members in a familiar order: head, spouse, children, ...
fn relation_rank(relation: &str) -> u8 {
    match relation {
        "户主" | "本人" => 0,
        "配偶" | "妻" | "妻子" | "夫" | "丈夫" => 1,
        "子" | "女" | "儿子" | "女儿" | "长子" | "长女" | "次子" | "次女" => 2,
        "儿媳" | "女婿" => 3,
        "孙子" | "孙女" | "外孙子" | "外孙女" => 4,
        "父亲" | "母亲" | "父" | "母" => 5,
        "" => 9,
        _ => 6,
    }
}

#[path = "index_build.rs"]
mod build;
pub use build::IndexBuilder;

fn span_in(text: &str, s: Span) -> &str {
    text.get(s.start as usize..s.start as usize + s.len as usize)
        .unwrap_or("")
}

/// Appends at most 255 bytes of `s` (cut at a char boundary) and returns
/// the length stored. Longer values are not phone numbers or IDs.
fn put_digits(arena: &mut String, s: &str) -> u8 {
    let mut end = s.len().min(255);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    arena.push_str(&s[..end]);
    end as u8
}

/// One row's records, before they are placed in the index.
struct RowRecord {
    person: Person,
    digit: DigitHot,
    name: NameHot,
    text: TextHot,
}

/// The index builder's and the importer's maps are keyed by short texts
/// and ids of our own database, hashed once or twice per row, where
/// SipHash's defence against chosen keys is not needed and costs time:
/// foldhash (hashbrown's own default), with a fixed seed so runs repeat.
pub type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
pub type FastSet<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;

/// Values stored once, by text.
pub(crate) type Interned = FastMap<String, Span>;

/// A value many rows share: stored once when `interned` is given (the
/// builder), appended otherwise (a patch: a few bytes per changed row).
fn shared(index: &mut Index, interned: Option<&mut Interned>, s: &str) -> Span {
    let Some(interned) = interned else {
        return index.put(s);
    };
    if let Some(span) = interned.get(s) {
        return *span;
    }
    let span = index.put(s);
    interned.insert(s.to_string(), span);
    span
}

/// Building and patching rows (the builder and [`Index::patch_household`]
/// share these, so a patched row is the row a full build makes).
impl Index {
    fn put(&mut self, s: &str) -> Span {
        let start = self.text.len();
        // The arena is addressed with u32; beyond 4 GB we store nothing
        // rather than wrap (a register is ~10 MB of text).
        if start + s.len() > u32::MAX as usize {
            return Span::default();
        }
        self.text.push_str(s);
        Span {
            start: start as u32,
            len: s.len() as u32,
        }
    }

    fn house_record(&mut self, e: &EntryRef<'_>, mut interned: Option<&mut Interned>) -> House {
        House {
            household_id: e.household_id,
            address: self.put(e.address),
            village: shared(self, interned.as_deref_mut(), e.village),
            group_name: shared(self, interned.as_deref_mut(), e.group_name),
            house_no: self.put(e.house_no),
            grid: shared(self, interned.as_deref_mut(), e.grid),
            cadre_name: shared(self, interned.as_deref_mut(), e.cadre_name),
            cadre_phone: shared(self, interned, e.cadre_phone),
            phone: self.put(e.household_phone),
            group_no: e.group_no.unwrap_or(0),
            bloom: [e.address, e.village, e.group_name]
                .map(wide_bloom)
                .into_iter()
                .fold([0, 0], |a, b| [a[0] | b[0], a[1] | b[1]]),
        }
    }

    /// The records of `e` as a member of household `house` (which must
    /// exist); appends its text, pinyin and digits to the arenas.
    fn row_record(&mut self, house: u32, e: &EntryRef<'_>, relation: Span, gender: Span) -> RowRecord {
        let name_hot = self.put_pinyin(e.name);
        let mut hot = DigitHot::default();
        let h = &self.houses[house as usize];
        let (hbloom, hphone) = (h.bloom, self.str(h.phone));
        let short = |s: Span| s.len.min(255) as u8;
        let hlens = (short(h.village), short(h.group_name));
        let pairs = [pair_mask(e.phone), pair_mask(e.resident_id), pair_mask(hphone)];
        hot.pairs = [0, 1].map(|i| pairs.iter().fold(0, |a, p| a | p[i]));
        hot.id_digits = digit_mask(e.resident_id);
        hot.phone_digits = digit_mask(e.phone);
        hot.hphone_digits = digit_mask(hphone);
        hot.digits = hot.id_digits | hot.phone_digits | hot.hphone_digits;
        hot.dig = self.digits.len() as u32;
        hot.id_len = put_digits(&mut self.digits, e.resident_id);
        hot.phone_len = put_digits(&mut self.digits, e.phone);
        let hphone = span_in(&self.text, self.houses[house as usize].phone);
        hot.hphone_len = put_digits(&mut self.digits, hphone);
        let person = Person {
            person_id: e.person_id,
            house,
            name: self.put(e.name),
            birth_date: self.put(e.birth_date),
            relation,
            gender,
        };
        RowRecord {
            person,
            digit: hot,
            name: name_hot,
            text: TextHot {
                name: bloom(e.name),
                house: hbloom,
                name_len: e.name.len().min(255) as u8,
                village_len: hlens.0,
                group_len: hlens.1,
            },
        }
    }

    fn push_row(&mut self, r: RowRecord) {
        self.persons.push(r.person);
        self.digit_hot.push(r.digit);
        self.name_hot.push(r.name);
        self.text_hot.push(r.text);
    }

    /// Appends the name's pinyin and syllables.
    fn put_pinyin(&mut self, name: &str) -> NameHot {
        let py_start = self.py.len();
        let syl_start = self.syllables.len();
        let mut hot = NameHot::default();
        let mut full = false;
        let (py, syllables) = (&mut self.py, &mut self.syllables);
        each_syllable(name, |text, char_index| {
            let end = py.len() - py_start + text.len();
            // Offsets are u8: stop at 255 bytes of pinyin (~40 syllables).
            full |= end > u8::MAX as usize || char_index > u8::MAX as usize;
            if full {
                return;
            }
            hot.initials |= letter_bit(text.as_bytes()[0]);
            for b in text.bytes() {
                hot.letters |= letter_bit(b);
            }
            py.extend_from_slice(text.as_bytes());
            syllables.push((end as u8, char_index as u8));
        });
        hot.py = py_start as u32;
        hot.py_len = (self.py.len() - py_start) as u8;
        hot.syl = syl_start as u32;
        hot.syl_len = (self.syllables.len() - syl_start) as u8;
        hot.surname_syl = surname_syllables(name).min(hot.syl_len as usize) as u8;
        hot.surname_len = match hot.surname_syl {
            0 => 0,
            k => self.syllables[syl_start + k as usize - 1].0,
        };
        hot.lead = self.py.get(py_start).copied().unwrap_or(0);
        hot
    }

    /// Rows `lo..hi` of household `household_id` (empty when it has none);
    /// rows are sorted by household id.
    fn rows_of(&self, household_id: i64) -> std::ops::Range<usize> {
        let id = |p: &Person| self.houses[p.house as usize].household_id;
        let lo = self.persons.partition_point(|p| id(p) < household_id);
        let hi = lo + self.persons[lo..].partition_point(|p| id(p) == household_id);
        lo..hi
    }

    /// Replaces the rows of household `household_id` with `rows` (its
    /// members as the loader reads them, or one person-less row; none when
    /// the household is gone), in place: the rest of the index is not
    /// rebuilt. The text the old rows used stays in the arenas until the
    /// next full build (a few hundred bytes per patch); the generation
    /// changes, as row numbers may shift.
    pub fn patch_household(&mut self, household_id: i64, rows: &[Entry]) {
        self.generation = GENERATION.fetch_add(1, Ordering::Relaxed);
        let range = self.rows_of(household_id);
        let old_house = self
            .persons
            .get(range.start)
            .filter(|_| !range.is_empty())
            .map(|p| p.house);
        let Some(first) = rows.first() else {
            if let Some(shown) = self.shown.get_mut() {
                shown.drain(range.clone());
            }
            self.persons.drain(range.clone());
            self.digit_hot.drain(range.clone());
            self.name_hot.drain(range.clone());
            self.text_hot.drain(range);
            return;
        };
        let record = self.house_record(&first.as_ref(), None);
        let house = match old_house {
            Some(h) => {
                self.houses[h as usize] = record;
                h
            }
            None => {
                self.houses.push(record);
                self.houses.len() as u32 - 1
            }
        };
        // The order a full build sorts the household's rows in.
        let mut order: Vec<&Entry> = rows.iter().collect();
        order.sort_by_key(|e| (relation_rank(&e.relation), e.person_id.unwrap_or(i64::MIN)));
        let made: Vec<RowRecord> = order
            .into_iter()
            .map(|e| {
                let (relation, gender) = (self.put(&e.relation), self.put(&e.gender));
                self.row_record(house, &e.as_ref(), relation, gender)
            })
            .collect();
        let mut persons = Vec::with_capacity(made.len());
        let mut digit = Vec::with_capacity(made.len());
        let mut name = Vec::with_capacity(made.len());
        let mut text = Vec::with_capacity(made.len());
        for r in made {
            persons.push(r.person);
            digit.push(r.digit);
            name.push(r.name);
            text.push(r.text);
        }
        if self.shown.get().is_some() {
            let masks: Vec<[u64; 2]> = digit.iter().map(|h| shown_pair_mask(self, h)).collect();
            if let Some(shown) = self.shown.get_mut() {
                shown.splice(range.clone(), masks);
            }
        }
        self.persons.splice(range.clone(), persons);
        self.digit_hot.splice(range.clone(), digit);
        self.name_hot.splice(range.clone(), name);
        self.text_hot.splice(range, text);
    }

    /// Every row as an owned entry, in row order (tests compare a patched
    /// index with a full build this way).
    pub fn entries(&self) -> Vec<Entry> {
        (0..self.len() as u32)
            .filter_map(|i| self.entry(i).map(|e| e.to_owned()))
            .collect()
    }
}

impl Index {
    pub fn build(entries: Vec<Entry>) -> Index {
        let mut b = IndexBuilder::with_capacity(entries.len());
        for e in &entries {
            b.push(&e.as_ref());
        }
        b.finish()
    }

    /// Number of rows (persons plus person-less households).
    pub fn len(&self) -> usize {
        self.persons.len()
    }

    pub fn is_empty(&self) -> bool {
        self.persons.is_empty()
    }

    /// Distinguishes rebuilt indexes, so a `Searcher` never refines from
    /// row numbers of an older one.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub(crate) fn str(&self, s: Span) -> &str {
        span_in(&self.text, s)
    }

    pub(crate) fn pinyin(&self, h: &NameHot) -> &[u8] {
        self.py
            .get(h.py as usize..h.py as usize + h.py_len as usize)
            .unwrap_or(&[])
    }

    pub(crate) fn syllables(&self, h: &NameHot) -> &[(u8, u8)] {
        self.syllables
            .get(h.syl as usize..h.syl as usize + h.syl_len as usize)
            .unwrap_or(&[])
    }

    /// The same as [`Index::digit_fields`] as bytes, without char boundary
    /// checks (the scan's hot path).
    #[inline]
    pub(crate) fn digit_bytes(&self, h: &DigitHot) -> (&[u8], &[u8], &[u8]) {
        let at = h.dig as usize;
        let (a, b, c) = (h.id_len as usize, h.phone_len as usize, h.hphone_len as usize);
        match self.digits.as_bytes().get(at..at + a + b + c) {
            Some(all) => (&all[..a], &all[a..a + b], &all[a + b..]),
            None => (&[], &[], &[]),
        }
    }

    /// (resident ID, phone, household phone) of a row.
    pub(crate) fn digit_fields(&self, h: &DigitHot) -> (&str, &str, &str) {
        let at = h.dig as usize;
        let (a, b, c) = (h.id_len as usize, h.phone_len as usize, h.hphone_len as usize);
        // All three are cut on char boundaries when stored; `get` still
        // guards against any inconsistency rather than panicking.
        let get = |from: usize, len: usize| self.digits.get(from..from + len).unwrap_or("");
        (get(at, a), get(at + a, b), get(at + a + b, c))
    }

    /// Per row, the digit pairs the mask shows (made on first use).
    pub(crate) fn shown_pairs(&self) -> &[[u64; 2]] {
        self.shown
            .get_or_init(|| self.digit_hot.iter().map(|h| shown_pair_mask(self, h)).collect())
    }

    pub(crate) fn house(&self, p: &Person) -> &House {
        &self.houses[p.house as usize]
    }

    /// The row with index `row` (as in [`super::Hit::row`]); `None` when out
    /// of range.
    pub fn entry(&self, row: u32) -> Option<EntryRef<'_>> {
        let p = self.persons.get(row as usize)?;
        let h = self.house(p);
        let (resident_id, phone, _) = self.digit_fields(self.digit_hot.get(row as usize)?);
        Some(EntryRef {
            person_id: p.person_id,
            household_id: h.household_id,
            name: self.str(p.name),
            resident_id,
            gender: self.str(p.gender),
            birth_date: self.str(p.birth_date),
            relation: self.str(p.relation),
            phone,
            address: self.str(h.address),
            village: self.str(h.village),
            group_no: (h.group_no != 0).then_some(h.group_no),
            group_name: self.str(h.group_name),
            house_no: self.str(h.house_no),
            grid: self.str(h.grid),
            cadre_name: self.str(h.cadre_name),
            cadre_phone: self.str(h.cadre_phone),
            household_phone: self.str(h.phone),
        })
    }

    /// Bytes held by the index (arena and records), for the benchmark.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + self.py.capacity()
            + self.syllables.capacity() * 2
            + self.digits.capacity()
            + self.digit_hot.capacity() * std::mem::size_of::<DigitHot>()
            + self.name_hot.capacity() * std::mem::size_of::<NameHot>()
            + self.text_hot.capacity() * std::mem::size_of::<TextHot>()
            + self.persons.capacity() * std::mem::size_of::<Person>()
            + self.houses.capacity() * std::mem::size_of::<House>()
            + self.shown.get().map_or(0, |v| v.capacity() * 16)
    }
}
