//! Character-bigram similarity for Chinese text, without word segmentation:
//! "路灯坏了" and "村口路灯不亮" share the bigram 路灯, which is what matters.
//! Punctuation and whitespace are ignored; Latin letters are lower-cased.
//! The score is the Dice coefficient over bigram multisets, in 0.0..=1.0.

use std::collections::HashMap;

/// The bigram multiset of one text, built once and compared many times.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    grams: HashMap<(char, char), u32>,
    total: u32,
}

impl Profile {
    pub fn new(text: &str) -> Profile {
        let chars: Vec<char> = text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let mut p = Profile::default();
        // A single character still deserves a comparison: pair it with itself.
        let pairs: Vec<(char, char)> = match chars.as_slice() {
            [] => vec![],
            [c] => vec![(*c, *c)],
            _ => chars.windows(2).map(|w| (w[0], w[1])).collect(),
        };
        for g in pairs {
            *p.grams.entry(g).or_insert(0) += 1;
            p.total += 1;
        }
        p
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Dice coefficient: 2·|A∩B| / (|A|+|B|); 0 when either text is empty.
    pub fn similarity(&self, other: &Profile) -> f64 {
        if self.total == 0 || other.total == 0 {
            return 0.0;
        }
        let (small, large) = if self.grams.len() <= other.grams.len() {
            (self, other)
        } else {
            (other, self)
        };
        let shared: u32 = small
            .grams
            .iter()
            .map(|(g, n)| (*n).min(large.grams.get(g).copied().unwrap_or(0)))
            .sum();
        2.0 * f64::from(shared) / f64::from(self.total + other.total)
    }
}

/// Similarity of two texts (see the module docs).
pub fn similarity(a: &str, b: &str) -> f64 {
    Profile::new(a).similarity(&Profile::new(b))
}

/// Candidates whose text scores at least `threshold` against `target`, best
/// first (ties: the order given), at most `limit`.
pub fn similar_requests<K: Clone>(
    target: &str,
    candidates: impl IntoIterator<Item = (K, impl AsRef<str>)>,
    threshold: f64,
    limit: usize,
) -> Vec<(K, f64)> {
    let target = Profile::new(target);
    let mut scored: Vec<(K, f64)> = candidates
        .into_iter()
        .map(|(k, text)| {
            let score = target.similarity(&Profile::new(text.as_ref()));
            (k, score)
        })
        .filter(|(_, s)| *s >= threshold && *s > 0.0)
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    scored.truncate(limit);
    scored
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXTS: &[(i64, &str)] = &[
        (1, "村口路灯坏了，晚上出行不安全"),
        (2, "村口的路灯不亮，晚上走路很危险。"),
        (3, "自来水停水三天了，生活用水困难"),
        (4, "停水好几天，家里没有自来水用"),
        (5, "邻居在公共通道堆放杂物，协商无果"),
        (6, "咨询新农合医保缴费标准"),
        (7, "路灯 坏 了"),
    ];

    #[test]
    fn identical_and_disjoint() {
        assert!((similarity("路灯坏了", "路灯坏了") - 1.0).abs() < 1e-9);
        assert_eq!(similarity("路灯坏了", "医保缴费"), 0.0);
        assert_eq!(similarity("", "路灯"), 0.0);
        assert_eq!(similarity("，。！", "路灯"), 0.0);
    }

    #[test]
    fn punctuation_and_spaces_are_ignored() {
        assert!((similarity("路灯 坏 了", "路灯坏了！") - 1.0).abs() < 1e-9);
        assert!((similarity("ABC", "abc") - 1.0).abs() < 1e-9);
    }

    #[test]
    fn ranks_street_light_reports_together() {
        let found = similar_requests(TEXTS[0].1, TEXTS[1..].iter().copied(), 0.2, 10);
        let ids: Vec<i64> = found.iter().map(|(k, _)| *k).collect();
        assert_eq!(ids, vec![7, 2], "{found:?}");
        assert!(found[0].1 >= found[1].1);
    }

    #[test]
    fn water_outage_reports_match_each_other_only() {
        let found = similar_requests("停水了，没有自来水", TEXTS.iter().copied(), 0.2, 10);
        let ids: Vec<i64> = found.iter().map(|(k, _)| *k).collect();
        assert_eq!(ids.len(), 2, "{found:?}");
        assert!(ids.contains(&3) && ids.contains(&4));
    }

    #[test]
    fn unrelated_texts_score_low_and_limit_applies() {
        assert!(similarity(TEXTS[4].1, TEXTS[5].1) < 0.1);
        assert!(similarity(TEXTS[0].1, TEXTS[2].1) < 0.1);
        assert_eq!(similar_requests("路灯", TEXTS.iter().copied(), 0.0, 1).len(), 1);
    }
}
