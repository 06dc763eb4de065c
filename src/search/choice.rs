//! Matching a typed filter against the labels of a choice list (cadres,
//! villages, categories): hanzi as a substring, or pinyin in full, as
//! initials or mixed ("ljg", "linjg", "lin jian"), as the lookup reads names
//! (issue 12 finding 5; README, Keys: choice lists).

use super::pinyin::name_syllables;

/// Whether `label` matches the typed `query` (empty matches everything).
pub fn matches(label: &str, query: &str) -> bool {
    rank(label, query).is_some()
}

/// How well `label` matches `query`: `Some(0)` when the label starts with
/// it (the name, typed from its first character or syllable), `Some(1)`
/// for a match further in (a title), `None` for no match.
pub fn rank(label: &str, query: &str) -> Option<u8> {
    let q: String = query
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if q.is_empty() {
        return Some(0);
    }
    let lower = label.to_lowercase();
    if let Some(at) = lower.find(&q) {
        return Some(u8::from(at > 0));
    }
    if !q.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let syllables: Vec<Vec<u8>> = name_syllables(label).into_iter().map(|s| s.text.into_bytes()).collect();
    let q = q.as_bytes();
    // failed[qi][si]: the query from qi cannot be spelled from syllable si on.
    let mut failed = vec![vec![false; syllables.len() + 1]; q.len() + 1];
    (0..syllables.len())
        .find(|&start| spell(q, 0, &syllables, start, &mut failed))
        .map(|start| u8::from(start > 0))
}

/// Spells `q[qi..]` with consecutive syllables from `si`, each giving a
/// non-empty prefix of itself (so initials, full syllables and mixtures).
fn spell(q: &[u8], qi: usize, syl: &[Vec<u8>], si: usize, failed: &mut [Vec<bool>]) -> bool {
    if qi == q.len() {
        return true;
    }
    if si == syl.len() || failed[qi][si] {
        return false;
    }
    let s = &syl[si];
    let longest = s.len().min(q.len() - qi);
    for k in (1..=longest).rev() {
        if q[qi..qi + k] == s[..k] && spell(q, qi + k, syl, si + 1, failed) {
            return true;
        }
    }
    failed[qi][si] = true;
    false
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn hanzi_pinyin_and_initials() {
        let label = "王志强 网格员";
        assert!(matches(label, ""));
        assert!(matches(label, "志强"));
        assert!(matches(label, "wzq"));
        assert!(matches(label, "wangzq"));
        assert!(matches(label, "zhiqiang"));
        assert!(matches(label, "WZQ"), "case does not matter");
        assert!(matches(label, "wgy"), "any run of syllables");
        assert!(!matches(label, "wzx"));
        assert!(!matches(label, "李"));
        assert!(matches("hotline", "hot"), "English labels by substring");
        assert_eq!(super::rank(label, "w"), Some(0), "the name first");
        assert_eq!(super::rank("傅欣静 党委书记", "w"), Some(1), "a title later");
    }

    #[test]
    fn surnames_read_as_names() {
        assert!(matches("曾国藩", "zgf"));
        assert!(!matches("曾国藩", "cgf"));
    }
}
