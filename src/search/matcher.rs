//! Scoring one term against one row. Each term kind touches only the fields
//! it can hit, behind a cheap bitmask prefilter, so a full scan of 100k rows
//! costs well under a millisecond for most terms.
//!
//! Score bands (per term, summed over terms):
//! exact 900-1000 > prefix 700-900 > contiguous/substring 500-700 >
//! address 300-450 > fuzzy pinyin 100-199. Name matches always sit above
//! address matches of the same term. Within the prefix band, a pinyin term
//! that spells the whole surname as it is said (`shan` → 单, `zha` → 查,
//! `wang` → 王) scores 893-897, above spellings that only start syllables
//! (`shan` as 沈安 sh-an, or as the start of 尚 shang: at most 890).

use super::index::{DigitHot, House, Index, NameHot, TextHot, letter_bit, pair_mask};
use super::query::{AddressUnit, Term, TermKind};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// Which field a term matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchField {
    /// Hanzi in the name.
    Name,
    /// Pinyin (full, prefix, initials, mixed) of the name.
    NamePinyin,
    /// Pinyin of the name, only as a fuzzy subsequence.
    NamePinyinFuzzy,
    /// Hanzi in the address or village / group name, or `3组` / `12号`.
    Address,
    Phone,
    HouseholdPhone,
    ResidentId,
}

/// Character positions to highlight, filled only for the rows shown.
#[derive(Debug, Default, Clone)]
pub(crate) struct Marks {
    pub name: Vec<usize>,
    pub address: Vec<usize>,
    pub phone: Vec<usize>,
    pub household_phone: Vec<usize>,
    pub resident_id: Vec<usize>,
    /// A digit term equalled a whole ID or phone number.
    pub full_number: bool,
}

#[derive(Default)]
pub(crate) struct Matcher {
    fuzzy: SkimMatcherV2,
    /// For a user who may not reveal: digits match only what the mask
    /// shows, or a whole number typed in full (README "Accounts and
    /// privacy"), so no run of queries can uncover a hidden digit.
    pub masked: bool,
}

/// The byte ranges of `field` that its mask shows: (head, tail start, tail).
fn shown_parts(field: &str, (head, tail): (usize, usize)) -> (&str, usize, &str) {
    if field.is_ascii() {
        let n = field.len();
        return (&field[..head.min(n)], n - tail.min(n), &field[n - tail.min(n)..]);
    }
    let n = field.chars().count();
    let byte = |c: usize| field.char_indices().nth(c).map_or(field.len(), |(b, _)| b);
    let (h, t) = (byte(head.min(n)), byte(n - tail.min(n)));
    (&field[..h], t, &field[t..])
}

/// Byte offset of `needle` in `hay`. Fields are 2-60 bytes long, where a
/// plain first-byte scan beats `str::find`'s per-call Two-Way set-up
/// (measured: 12 ms → ~2 ms for a 2-digit term over 100k rows). A match of
/// valid UTF-8 in valid UTF-8 always starts on a char boundary.
pub(crate) fn find(hay: &str, needle: &str) -> Option<usize> {
    find_bytes(hay.as_bytes(), needle.as_bytes())
}

pub(crate) fn find_bytes(h: &[u8], n: &[u8]) -> Option<usize> {
    let (&first, rest) = n.split_first()?;
    let last = h.len().checked_sub(n.len())?;
    let mut from = 0;
    // `position` over a byte slice compiles to a tight (vectorised) loop.
    while let Some(off) = h.get(from..=last)?.iter().position(|&b| b == first) {
        let at = from + off;
        if rest.iter().zip(&h[at + 1..]).all(|(a, b)| a == b) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Byte equality without a `memcmp` call: fields and terms are a few bytes
/// long, where the call costs more than the comparison.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Char positions `[start, start+len)` of a match at byte offset `at`.
fn char_span(hay: &str, at: usize, needle: &str, out: &mut Vec<usize>) {
    let first = hay.get(..at).map_or(0, |s| s.chars().count());
    out.extend(first..first + needle.chars().count());
}

/// First occurrence of `needle` not preceded by a digit, so `3组` does not
/// match inside `13组`.
fn find_at_number_start(hay: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(pos) = find(hay.get(from..)?, needle) {
        let at = from + pos;
        if !hay[..at].ends_with(|c: char| c.is_ascii_digit()) {
            return Some(at);
        }
        from = at + needle.len();
    }
    None
}

#[inline(always)]
fn in_name(term: &Term, h: &TextHot) -> bool {
    term.bloom & !h.name == 0
}

#[inline(always)]
fn in_house(term: &Term, h: &TextHot) -> bool {
    term.wide_bloom[0] & !h.house[0] == 0 && term.wide_bloom[1] & !h.house[1] == 0
}

/// Whether row `r` can match `term` at all, from the dense mask arrays
/// only (a few nanoseconds; rejects most rows of a selective term).
#[inline(always)]
pub(crate) fn prefilter(ix: &Index, r: usize, term: &Term) -> bool {
    match term.kind {
        TermKind::Digits => ix.digit_hot.get(r).is_some_and(|h| {
            term.digits & !h.digits == 0 && term.pairs[0] & !h.pairs[0] == 0 && term.pairs[1] & !h.pairs[1] == 0
        }),
        TermKind::Pinyin => ix
            .name_hot
            .get(r)
            .is_some_and(|h| term.letters & !h.letters == 0 && term.first_letter & h.initials != 0),
        TermKind::Text => ix
            .text_hot
            .get(r)
            .is_some_and(|h| in_name(term, h) || in_house(term, h)),
        TermKind::AddressPart { .. } => true,
    }
}

/// For a user who may not reveal: whether row `r`, which passed
/// [`prefilter`], can match digit `term` now. A match inside what the mask
/// shows needs every digit pair of the term among the shown pairs
/// ([`shown_pair_mask`]); a whole number typed in full needs a field of
/// the term's length. A row this rejects may still match a longer number
/// typed in full, so it stays a candidate (`Searcher::search`).
#[inline(always)]
pub(crate) fn masked_prefilter(ix: &Index, shown: &[[u64; 2]], r: usize, term: &Term) -> bool {
    let Some(h) = ix.digit_hot.get(r) else {
        return false;
    };
    let len = term.text.len();
    if len == h.id_len as usize || len == h.phone_len as usize || len == h.hphone_len as usize {
        return true;
    }
    shown
        .get(r)
        .is_some_and(|p| term.pairs[0] & !p[0] == 0 && term.pairs[1] & !p[1] == 0)
}

/// Adjacent digit pairs in the parts of a row's ID, phone and household
/// phone that the mask shows (what [`digits_masked`] matches inside).
pub(crate) fn shown_pair_mask(ix: &Index, hot: &DigitHot) -> [u64; 2] {
    let (id, phone, hphone) = ix.digit_fields(hot);
    let mut m = [0u64; 2];
    for (value, shown) in [
        (id, crate::domain::ids::resident_id_shown(id.chars().count())),
        (phone, crate::domain::ids::phone_shown(phone.chars().count())),
        (hphone, crate::domain::ids::phone_shown(hphone.chars().count())),
    ] {
        let (head, _, tail) = shown_parts(value, shown);
        for p in [pair_mask(head), pair_mask(tail)] {
            m = [m[0] | p[0], m[1] | p[1]];
        }
    }
    m
}

/// An upper bound of the score `term` can give row `r` (which passed
/// [`prefilter`]), from the dense arrays only: a row whose bound cannot beat
/// the 50th best score so far is not scored (README "Performance"). Each
/// bound follows the score bands of the matchers below; a bound that is
/// ever lower than a real score would change the ranking, which the
/// property tests compare with a scan that scores every row.
#[inline(always)]
pub(crate) fn bound(ix: &Index, r: usize, term: &Term) -> i32 {
    match term.kind {
        TermKind::Digits => ix.digit_hot.get(r).map_or(0, |h| digits_bound(h, term)),
        TermKind::Pinyin => ix.name_hot.get(r).map_or(0, |h| pinyin_bound(h, term.text.as_bytes())),
        TermKind::Text => ix.text_hot.get(r).map_or(0, |h| text_bound(h, term)),
        TermKind::AddressPart { .. } => 450,
    }
}

/// [`Matcher::text`]: the whole name 1000 needs its length, a prefix (800)
/// or inside (600) a longer name; else the whole village or group name
/// (350) needs its length, any other address match scores 300. Lengths of
/// 255 bytes or more are stored as 255, which only loosens the bound.
#[inline(always)]
fn text_bound(h: &TextHot, term: &Term) -> i32 {
    let len = term.text.len();
    let long = |l: u8| l as usize >= len || l == u8::MAX;
    let same = |l: u8| l as usize == len || (l == u8::MAX && len >= 255);
    let name = if !in_name(term, h) || !long(h.name_len) {
        0
    } else if same(h.name_len) {
        1000
    } else {
        800
    };
    let house = if !in_house(term, h) {
        0
    } else if same(h.village_len) || same(h.group_len) {
        350
    } else {
        300
    };
    name.max(house)
}

/// [`Matcher::digits`] and [`digits_masked`]: a whole field (950 / 900 /
/// 880) needs its length, a suffix (700 / 680 / 650) or inside match (500 /
/// 450 / 400) a field at least as long; an X only matches IDs.
#[inline(always)]
fn digits_bound(h: &DigitHot, term: &Term) -> i32 {
    let len = term.text.len();
    let x = term.text.ends_with('X');
    let (id, phone, hphone) = (h.id_len as usize, h.phone_len as usize, h.hphone_len as usize);
    if id == len {
        950
    } else if !x && phone == len {
        900
    } else if !x && hphone == len {
        880
    } else if !x && phone >= len {
        700
    } else if id >= len {
        680
    } else if !x && hphone >= len {
        650
    } else {
        0
    }
}

/// [`syllable_match`] and the fuzzy tier for a name with these syllables.
/// A match from a later syllable scores at most 585, a fuzzy one at most
/// 199; from the first syllable (its first letter must be the term's), one
/// that ends at syllable `k` (`k + 1` ≤ the term's length) scores 1000 only
/// when the term is the whole pinyin, 950 when it has one letter per
/// syllable, at most 895 when it reaches the last syllable, 897 when it is
/// exactly the surname, else 800 - 10 × (syllables left) - 5 or less.
#[inline(always)]
fn pinyin_bound(h: &NameHot, q: &[u8]) -> i32 {
    const LATER: i32 = 585;
    if q.first() != Some(&h.lead) {
        return LATER;
    }
    let (m, n) = (q.len(), h.syl_len as usize);
    let mut b = LATER;
    if m == h.py_len as usize {
        b = 1000;
    } else if m == n {
        b = 950;
    } else if m >= n {
        b = 900 - 5 * n.clamp(1, 10) as i32;
    }
    if (h.surname_syl as usize) < n && m == h.surname_len as usize {
        b = b.max(EXACT_SURNAME - 1);
    }
    let reach = m.min(n.saturating_sub(1));
    if reach >= 1 {
        // Ending at syllable k = reach - 1 leaves the fewest syllables.
        b = b.max(800 - 10 * (n - reach).min(10) as i32 - 5);
    }
    b
}

impl Matcher {
    /// Score of `term` on row `row`, or `None` when it does not match;
    /// with `marks`, also the positions to highlight.
    #[inline]
    pub fn term(&self, ix: &Index, row: u32, term: &Term, marks: Option<&mut Marks>) -> Option<(i32, MatchField)> {
        let r = row as usize;
        match &term.kind {
            TermKind::Digits => self.digits(ix, ix.digit_hot.get(r)?, term, marks),
            TermKind::Pinyin => self.pinyin(ix, ix.name_hot.get(r)?, term, marks),
            TermKind::Text => self.text(ix, r, term, marks),
            TermKind::AddressPart { number, unit } => {
                let p = ix.persons.get(row as usize)?;
                self.address_part(ix, ix.house(p), term, *number, *unit, marks)
            }
        }
    }

    fn digits(&self, ix: &Index, hot: &DigitHot, term: &Term, marks: Option<&mut Marks>) -> Option<(i32, MatchField)> {
        // Digit and digit-pair masks reject most rows without a scan.
        if term.digits & !hot.digits != 0 || term.pairs[0] & !hot.pairs[0] != 0 || term.pairs[1] & !hot.pairs[1] != 0 {
            return None;
        }
        if self.masked {
            return digits_masked(ix, hot, term, marks);
        }
        let q = term.text.as_bytes();
        let (id, phone, hphone) = ix.digit_bytes(hot);
        let (len, x) = (q.len(), q.last() == Some(&b'X'));
        let suffix = |hay: &[u8]| hay.len() >= len && same(&hay[hay.len() - len..], q);
        let eq = |hay: &[u8]| same(hay, q);
        // One character: the per-field masks answer "contains" exactly,
        // so the first keystroke of a number costs no byte scan.
        let contains = |hay: &[u8], mask: u16| {
            if len == 1 {
                mask & term.digits != 0
            } else {
                find_bytes(hay, q).is_some()
            }
        };
        // Checks in descending score order; the first that holds is the
        // best, so the common case (a prefix of most phones) stops after
        // one short scan. An X only occurs in IDs.
        let (score, field) = if eq(id) {
            (950, MatchField::ResidentId)
        } else if !x && eq(phone) {
            (900, MatchField::Phone)
        } else if !x && eq(hphone) {
            (880, MatchField::HouseholdPhone)
        } else if !x && suffix(phone) {
            (700, MatchField::Phone)
        } else if suffix(id) {
            (680, MatchField::ResidentId)
        } else if !x && suffix(hphone) {
            (650, MatchField::HouseholdPhone)
        } else if !x && contains(phone, hot.phone_digits) {
            (500, MatchField::Phone)
        } else if !x && contains(hphone, hot.hphone_digits) {
            (450, MatchField::HouseholdPhone)
        } else if contains(id, hot.id_digits) {
            (400, MatchField::ResidentId)
        } else {
            return None;
        };
        if let Some(m) = marks {
            m.full_number |= score >= 880;
            let (ids, phones, hphones) = ix.digit_fields(hot);
            let (hay, out) = match field {
                MatchField::Phone => (phones, &mut m.phone),
                MatchField::HouseholdPhone => (hphones, &mut m.household_phone),
                _ => (ids, &mut m.resident_id),
            };
            let at = match score {
                700 | 680 | 650 => Some(hay.len() - len),
                _ => find(hay, &term.text),
            };
            if let Some(at) = at {
                char_span(hay, at, &term.text, out);
            }
        }
        Some((score, field))
    }

    fn pinyin(&self, ix: &Index, p: &NameHot, term: &Term, marks: Option<&mut Marks>) -> Option<(i32, MatchField)> {
        let q = term.text.as_bytes();
        // Every pinyin match (fuzzy too) starts at a syllable.
        let first = q.first().map_or(0, |b| letter_bit(*b));
        if term.letters & !p.letters != 0 || p.initials & first == 0 {
            return None;
        }
        let (py, syl) = (ix.pinyin(p), ix.syllables(p));
        if let Some((score, first, last)) = syllable_match(py, syl, q, p.surname_syl as usize) {
            if let Some(m) = marks {
                m.name.extend(syl[first..=last].iter().map(|s| s.1 as usize));
            }
            return Some((score, MatchField::NamePinyin));
        }
        // Fuzzy: a subsequence that starts at a syllable, scored by
        // fuzzy-matcher. Cheap subsequence test first.
        let start = fuzzy_start(py, syl, q)?;
        let hay = std::str::from_utf8(&py[start..]).ok()?;
        let score = match marks {
            None => self.fuzzy.fuzzy_match(hay, &term.text)?,
            Some(m) => {
                let (score, at) = self.fuzzy.fuzzy_indices(hay, &term.text)?;
                for i in at {
                    let byte = start + i;
                    if let Some(s) = syl.iter().find(|s| byte < s.0 as usize) {
                        m.name.push(s.1 as usize);
                    }
                }
                score
            }
        };
        Some((100 + (score / 4).clamp(0, 99) as i32, MatchField::NamePinyinFuzzy))
    }

    fn text(&self, ix: &Index, r: usize, term: &Term, marks: Option<&mut Marks>) -> Option<(i32, MatchField)> {
        let (th, p) = (ix.text_hot.get(r)?, ix.persons.get(r)?);
        let q = term.text.as_str();
        let name = ix.str(p.name);
        if in_name(term, th)
            && let Some(at) = find(name, q)
        {
            let score = if name.len() == q.len() {
                1000
            } else if at == 0 {
                800
            } else {
                600
            };
            if let Some(m) = marks {
                char_span(name, at, q, &mut m.name);
            }
            return Some((score, MatchField::Name));
        }
        if !in_house(term, th) {
            return None;
        }
        let h = ix.house(p);
        let address = ix.str(h.address);
        let (village, group) = (ix.str(h.village), ix.str(h.group_name));
        let found = find(address, q);
        let score = if village == q || group == q {
            350
        } else if found.is_some() || find(village, q).is_some() || find(group, q).is_some() {
            300
        } else {
            return None;
        };
        if let (Some(m), Some(at)) = (marks, found) {
            char_span(address, at, q, &mut m.address);
        }
        Some((score, MatchField::Address))
    }

    fn address_part(
        &self,
        ix: &Index,
        h: &House,
        term: &Term,
        number: u32,
        unit: AddressUnit,
        marks: Option<&mut Marks>,
    ) -> Option<(i32, MatchField)> {
        // The structured group / house number decides when the register
        // has one (no text scan per row); the address text only when not.
        let digits = term.text.trim_end_matches(['组', '号']);
        let house_no = ix.str(h.house_no);
        let structured = match unit {
            AddressUnit::Group => (h.group_no != 0).then_some(h.group_no == number),
            AddressUnit::House => (!house_no.is_empty())
                .then(|| house_no.trim_end_matches('号').trim_start_matches('0') == digits.trim_start_matches('0')),
        };
        let address = ix.str(h.address);
        let score = match structured {
            Some(true) => 450,
            Some(false) => return None,
            None => {
                find_at_number_start(address, &term.text)?;
                400
            }
        };
        if let Some(m) = marks
            && let Some(at) = find_at_number_start(address, &term.text)
        {
            char_span(address, at, &term.text, &mut m.address);
        }
        Some((score, MatchField::Address))
    }
}

/// Pinyin `q` as a run of syllable prefixes over contiguous syllables:
/// `zhangsan`, `zhangs`, `zs`, `zsf`, `zhangsf` all match 张三丰 from the
/// first syllable; `sanfeng` matches from the second. Returns (score,
/// first syllable, last syllable). Positions of `q` reachable so far are a
/// bitset, so no backtracking blow-up on any input. `surname` is how many
/// leading syllables spell the surname.
fn syllable_match(py: &[u8], syl: &[(u8, u8)], q: &[u8], surname: usize) -> Option<(i32, usize, usize)> {
    if q.is_empty() || q.len() > 127 {
        return None;
    }
    let n = syl.len();
    let goal = 1u128 << q.len();
    let syl_text = |k: usize| {
        let start = if k == 0 { 0 } else { syl[k - 1].0 as usize };
        &py[start..syl[k].0 as usize]
    };
    for first in 0..n {
        let s0 = syl_text(first);
        if s0.first() != Some(&q[0]) {
            continue;
        }
        let mut reach = 1u128;
        for k in first..n {
            let s = syl_text(k);
            let mut next = 0u128;
            let mut bits = reach;
            while bits != 0 {
                let p = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                for len in 1..=s.len().min(q.len() - p) {
                    if q[p + len - 1] != s[len - 1] {
                        break;
                    }
                    next |= 1 << (p + len);
                }
            }
            if next & goal != 0 {
                // Fewer syllables for the same keys = closer to the full
                // spelling: `zhaol` ranks 赵林 above 朱浩林.
                let used = 5 * (k - first + 1).min(10) as i32;
                let score = if first > 0 {
                    600 - 10 * first.min(10) as i32 - used
                } else if k + 1 < n
                    && first == 0
                    && k + 1 == surname
                    && Some(q.len()) == syl.get(k).map(|s| s.0 as usize)
                {
                    // Whole syllables (the lengths add up only then) that
                    // are exactly the surname: an exact surname match.
                    EXACT_SURNAME - (n - k - 1).min(5) as i32
                } else if k + 1 < n {
                    800 - 10 * (n - k - 1).min(10) as i32 - used
                } else if q == py {
                    1000
                } else if q.len() == n {
                    950
                } else {
                    900 - used
                };
                return Some((score, first, k));
            }
            reach = next;
            if reach == 0 {
                break;
            }
        }
    }
    None
}

/// Score of a pinyin term that is the whole surname reading, for a name of
/// two characters; one less per further syllable.
const EXACT_SURNAME: i32 = 898;

/// Start of the first syllable from which `q` is a subsequence of `py`.
fn fuzzy_start(py: &[u8], syl: &[(u8, u8)], q: &[u8]) -> Option<usize> {
    if q.len() < 2 {
        return None;
    }
    let start = std::iter::once(0)
        .chain(syl.iter().map(|s| s.0 as usize))
        .take(syl.len())
        .find(|&s| py.get(s) == Some(&q[0]))?;
    let mut rest = q.iter().peekable();
    for b in &py[start..] {
        if rest.peek() == Some(&b) {
            rest.next();
        }
    }
    rest.peek().is_none().then_some(start)
}

/// [`Matcher::digits`] for a user who may not reveal: a whole ID or phone
/// typed in full matches (the caller has the number; the app audits it),
/// anything else only inside the digits the mask shows. The score bands are
/// those of the unmasked match.
fn digits_masked(ix: &Index, hot: &DigitHot, term: &Term, marks: Option<&mut Marks>) -> Option<(i32, MatchField)> {
    let q = term.text.as_str();
    let x = q.ends_with('X');
    let (id, phone, hphone) = ix.digit_fields(hot);
    let fields = [
        (
            id,
            MatchField::ResidentId,
            crate::domain::ids::resident_id_shown(id.chars().count()),
        ),
        (
            phone,
            MatchField::Phone,
            crate::domain::ids::phone_shown(phone.chars().count()),
        ),
        (
            hphone,
            MatchField::HouseholdPhone,
            crate::domain::ids::phone_shown(hphone.chars().count()),
        ),
    ];
    // (score, field, byte offset of the match in the field)
    let mut best: Option<(i32, MatchField, usize)> = None;
    let mut offer = |score: i32, field: MatchField, at: usize| {
        if best.is_none_or(|b| score > b.0) {
            best = Some((score, field, at));
        }
    };
    for (value, field, shown) in fields {
        if x && field != MatchField::ResidentId {
            continue; // an X only occurs in IDs
        }
        let (exact, suffix, contains) = match field {
            MatchField::ResidentId => (950, 680, 400),
            MatchField::Phone => (900, 700, 500),
            _ => (880, 650, 450),
        };
        if value == q {
            offer(exact, field, 0);
            continue;
        }
        let (head, tail_at, tail) = shown_parts(value, shown);
        if !tail.is_empty() && tail.ends_with(q) {
            offer(suffix, field, value.len() - q.len());
        } else if let Some(at) = find(tail, q) {
            offer(contains, field, tail_at + at);
        } else if let Some(at) = find(head, q) {
            offer(contains, field, at);
        }
    }
    let (score, field, at) = best?;
    if let Some(m) = marks {
        m.full_number |= score >= 880;
        let (value, out) = match field {
            MatchField::Phone => (phone, &mut m.phone),
            MatchField::HouseholdPhone => (hphone, &mut m.household_phone),
            _ => (id, &mut m.resident_id),
        };
        char_span(value, at, q, out);
    }
    Some((score, field))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syl(parts: &[&str]) -> (Vec<u8>, Vec<(u8, u8)>) {
        let mut py = Vec::new();
        let mut s = Vec::new();
        for (i, p) in parts.iter().enumerate() {
            py.extend_from_slice(p.as_bytes());
            s.push((py.len() as u8, i as u8));
        }
        (py, s)
    }

    #[test]
    fn syllable_prefixes() {
        let (py, s) = syl(&["zhang", "san", "feng"]);
        let m = |q: &str| syllable_match(&py, &s, q.as_bytes(), 1).map(|r| r.0);
        assert_eq!(m("zhangsanfeng"), Some(1000));
        // The whole surname: above partial spellings of the name (≤ 890).
        assert_eq!(m("zhang"), Some(896));
        assert_eq!(m("zhan"), Some(775));
        assert_eq!(m("zsf"), Some(950));
        assert_eq!(m("zhangsf"), Some(885));
        assert_eq!(m("zhangs"), Some(780));
        assert_eq!(m("zs"), Some(780));
        assert_eq!(m("sanfeng"), Some(580));
        assert_eq!(m("zhangx"), None);
        assert_eq!(m("hang"), None);
        assert_eq!(fuzzy_start(&py, &s, b"zangsan"), Some(0));
        assert_eq!(fuzzy_start(&py, &s, b"ang"), None);
    }

    #[test]
    fn finds_bytes() {
        assert_eq!(find("13800138000", "8000"), Some(7));
        assert_eq!(find("东浦村", "浦"), Some(3));
        assert_eq!(find("ab", "abc"), None);
        assert_eq!(find("ab", ""), None);
    }

    #[test]
    fn number_boundary() {
        assert_eq!(find_at_number_start("东浦村13组3组", "3组"), Some(14));
        assert_eq!(find_at_number_start("13组", "3组"), None);
    }
}
