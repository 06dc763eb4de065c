//! Query parsing: split on whitespace and classify each term, so every term
//! is matched only against the fields it can hit: digits never go through a
//! fuzzy matcher, pinyin never scans addresses (the keystroke budget in
//! README, Performance).

use super::index::{bloom, digit_mask, letter_bit, pair_mask, wide_bloom};

/// Longest term we look at; anything longer cannot match a register field
/// and is cut so pathological input stays cheap.
const MAX_TERM_CHARS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermKind {
    /// Digits with an optional trailing `X` (ID check digit): substring of
    /// phone numbers, suffix or substring of the resident ID.
    Digits,
    /// Lowercase ASCII letters: pinyin of the name.
    Pinyin,
    /// `3组` / `12号`: group or house number (number kept in `number`).
    AddressPart { number: u32, unit: AddressUnit },
    /// Anything else (hanzi, mixed): substring of name, address, village.
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressUnit {
    Group,
    House,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub kind: TermKind,
    /// Normalised text: lowercase pinyin, uppercase X, original hanzi.
    pub text: String,
    /// Prefilter masks: letters (pinyin), digits, or bloom bits (text).
    pub(crate) letters: u32,
    /// Bit of the first letter (pinyin matches start at a syllable).
    pub(crate) first_letter: u32,
    pub(crate) digits: u16,
    pub(crate) pairs: [u64; 2],
    pub(crate) bloom: u64,
    pub(crate) wide_bloom: [u64; 2],
}

impl Term {
    fn new(kind: TermKind, text: String) -> Term {
        let letters = text.bytes().fold(0, |a, b| a | letter_bit(b));
        let (digits, pairs) = if kind == TermKind::Digits {
            (digit_mask(&text), pair_mask(&text))
        } else {
            (0, [0, 0])
        };
        Term {
            letters,
            first_letter: text.bytes().next().map_or(0, letter_bit),
            digits,
            pairs,
            bloom: bloom(&text),
            wide_bloom: wide_bloom(&text),
            kind,
            text,
        }
    }

    /// True when every row matching `self` also matched `older` — i.e. the
    /// user typed more of the same term. Then refining from the previous
    /// match set gives exactly the result of a full scan.
    pub fn narrows(&self, older: &Term) -> bool {
        let same_kind = std::mem::discriminant(&self.kind) == std::mem::discriminant(&older.kind);
        same_kind && self.text.starts_with(&older.text)
    }
}

/// Splits `query` into classified terms. Never fails: unknown shapes become
/// `Text` terms that simply may not match.
pub fn parse(query: &str) -> Vec<Term> {
    let mut out = Vec::new();
    // Chinese input methods in full-width mode send ｚｓ１３８５: read
    // full-width ASCII as ASCII.
    let query: String = query
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    for raw in query.split_whitespace() {
        let raw: String = raw.chars().take(MAX_TERM_CHARS).collect();
        classify(&raw, &mut out);
    }
    out
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn classify(raw: &str, out: &mut Vec<Term>) {
    // Phone numbers are often written 138-0000-8000.
    let compact: String = raw.chars().filter(|c| *c != '-').collect();
    if compact.is_empty() {
        return;
    }
    if let Some(digits) = compact.strip_suffix(['x', 'X'])
        && is_digits(digits)
    {
        out.push(Term::new(TermKind::Digits, format!("{digits}X")));
        return;
    }
    if is_digits(&compact) {
        out.push(Term::new(TermKind::Digits, compact));
        return;
    }
    for (suffix, unit) in [("组", AddressUnit::Group), ("号", AddressUnit::House)] {
        if let Some(n) = raw.strip_suffix(suffix)
            && is_digits(n)
        {
            let number = n.parse().unwrap_or(u32::MAX);
            out.push(Term::new(TermKind::AddressPart { number, unit }, raw.to_string()));
            return;
        }
    }
    if raw.bytes().all(|b| b.is_ascii_alphanumeric()) {
        // "zs1385": letters and digits glued together are two terms.
        split_ascii(raw, out);
        return;
    }
    out.push(Term::new(TermKind::Text, raw.to_string()));
}

fn split_ascii(raw: &str, out: &mut Vec<Term>) {
    let bytes = raw.as_bytes();
    let mut start = 0;
    for i in 1..=bytes.len() {
        if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[start].is_ascii_digit() {
            let part = &raw[start..i];
            if bytes[start].is_ascii_digit() {
                out.push(Term::new(TermKind::Digits, part.to_string()));
            } else {
                out.push(Term::new(TermKind::Pinyin, part.to_ascii_lowercase()));
            }
            start = i;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(q: &str) -> Vec<(TermKind, String)> {
        parse(q).into_iter().map(|t| (t.kind, t.text)).collect()
    }

    #[test]
    fn classifies_terms() {
        use TermKind::*;
        assert_eq!(kinds("1385"), [(Digits, "1385".into())]);
        assert_eq!(kinds("002x"), [(Digits, "002X".into())]);
        assert_eq!(kinds("ZhangS"), [(Pinyin, "zhangs".into())]);
        assert_eq!(kinds("王秀"), [(Text, "王秀".into())]);
        assert_eq!(
            kinds("3组 12号"),
            [
                (
                    AddressPart {
                        number: 3,
                        unit: AddressUnit::Group
                    },
                    "3组".into()
                ),
                (
                    AddressPart {
                        number: 12,
                        unit: AddressUnit::House
                    },
                    "12号".into()
                )
            ]
        );
        assert_eq!(kinds("zs1385"), [(Pinyin, "zs".into()), (Digits, "1385".into())]);
        assert_eq!(kinds("138-0000"), [(Digits, "1380000".into())]);
        assert_eq!(
            kinds("ｚｓ\u{3000}１３８５"),
            [(Pinyin, "zs".into()), (Digits, "1385".into())]
        );
        assert!(kinds("  \t ").is_empty());
        assert_eq!(kinds("-"), []);
    }

    #[test]
    fn narrowing() {
        let a = &parse("zhang")[0];
        let b = &parse("zhangs")[0];
        assert!(b.narrows(a));
        assert!(!a.narrows(b));
        let d = &parse("12")[0];
        let h = &parse("12号")[0];
        assert!(!h.narrows(d));
    }
}
