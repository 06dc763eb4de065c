//! `matcher::bound` never under-estimates a score, and the pruned search
//! ranks exactly as scoring every row does.

use super::Searcher;
use super::index::{Entry, Index};
use super::matcher::{Matcher, bound, masked_prefilter, prefilter};
use super::query::{TermKind, parse};

const NAMES: &[&str] = &[
    "张三",
    "张三丰",
    "王伟",
    "王",
    "曾小红",
    "单红",
    "尉迟恭",
    "尉迟",
    "查明",
    "朱浩林",
    "赵林",
    "诸葛亮",
    "欧阳修文",
    "Anna",
    "阿依·买买提",
    "李",
    "区",
    "沈安",
    "尚",
    "周小三丰",
    "万俟卨",
    "单于",
    "",
];

fn index() -> Index {
    let mut rows = Vec::new();
    for (i, name) in NAMES.iter().enumerate() {
        for k in 0..3usize {
            let n = i * 3 + k;
            rows.push(Entry {
                person_id: Some(n as i64 + 1),
                household_id: (n / 2) as i64 + 1,
                name: (*name).into(),
                resident_id: ["", "330602198001011234", "33060219800101123X", "12345", "1"][n % 5].into(),
                phone: ["", "13800138000", "8000", "1", "0574-8800"][(n + k) % 5].into(),
                household_phone: ["", "057488001234", "13"][n % 3].into(),
                relation: ["户主", "配偶", "子"][k].into(),
                address: format!("东浦村{}组{}号", n % 13, n % 7),
                village: "东浦村".into(),
                group_no: Some((n % 13) as u32).filter(|g| *g > 0),
                group_name: format!("{}组", n % 13),
                house_no: format!("{}号", n % 7),
                ..Entry::default()
            });
        }
    }
    Index::build(rows)
}

fn queries() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let spellings = [
        "zhangsanfeng",
        "wangwei",
        "zengxiaohong",
        "shanhong",
        "yuchigong",
        "zhaming",
        "zhuhaolin",
        "zhaolin",
        "zhugeliang",
        "ouyangxiuwen",
        "anna",
        "ayimaimaiti",
        "shenan",
        "shang",
        "zhouxiaosanfeng",
        "moqixie",
        "chanyu",
        "zsf",
        "zhangsf",
        "sanfeng",
        "zhaol",
        "zhl",
        "zx",
        "wsw",
        "zangsan",
        "ou",
    ];
    for s in spellings {
        out.extend((1..=s.len()).map(|n| s[..n].to_string()));
    }
    let numbers = [
        "330602198001011234",
        "33060219800101123x",
        "13800138000",
        "057488001234",
        "0574-8800",
    ];
    for s in numbers {
        out.extend((1..=s.len()).map(|n| s[..n].to_string()));
        out.extend((1..s.len()).map(|n| s[n..].to_string()));
    }
    for q in [
        "张",
        "张三",
        "三丰",
        "王伟",
        "东浦",
        "东浦村",
        "3组",
        "12号",
        "1号",
        "尉迟恭",
        "zs 1",
        "王 3组",
        "zh 8000",
    ] {
        out.push(q.into());
    }
    out
}

#[test]
fn bound_is_never_below_a_score() {
    let ix = index();
    for masked in [false, true] {
        let mut matcher = Matcher::default();
        matcher.masked = masked;
        for q in queries() {
            for term in parse(&q) {
                for row in 0..ix.len() as u32 {
                    if !prefilter(&ix, row as usize, &term) {
                        assert!(matcher.term(&ix, row, &term, None).is_none(), "{q:?} row {row}");
                        continue;
                    }
                    if let Some((score, _)) = matcher.term(&ix, row, &term, None) {
                        let b = bound(&ix, row as usize, &term);
                        assert!(b >= score, "{q:?} masked {masked} row {row}: bound {b} < score {score}");
                    }
                }
            }
        }
    }
}

#[test]
fn masked_prefilter_never_rejects_a_match() {
    let ix = index();
    let mut matcher = Matcher::default();
    matcher.masked = true;
    let shown = ix.shown_pairs();
    for q in queries() {
        for term in parse(&q).iter().filter(|t| matches!(t.kind, TermKind::Digits)) {
            for row in 0..ix.len() as u32 {
                if matcher.term(&ix, row, term, None).is_some() {
                    assert!(masked_prefilter(&ix, shown, row as usize, term), "{q:?} row {row}");
                }
            }
        }
    }
}

#[test]
fn pruned_ranking_is_the_full_ranking() {
    let ix = index();
    for masked in [false, true] {
        let mut matcher = Matcher::default();
        matcher.masked = masked;
        for limit in [1, 3, 10, 50] {
            let mut typed = Searcher::new();
            typed.set_masked(masked);
            for q in queries() {
                let terms = parse(&q);
                let mut all: Vec<(i32, u32)> = (0..ix.len() as u32)
                    .filter_map(|row| {
                        let mut total = 0;
                        for t in &terms {
                            total += matcher.term(&ix, row, t, None)?.0;
                        }
                        Some((total, row))
                    })
                    .collect();
                all.sort_by_key(|&(s, r)| (std::cmp::Reverse(s), r));
                let want: Vec<(i64, u32)> = all.iter().take(limit).map(|&(s, r)| (s as i64, r)).collect();
                let mut once = Searcher::new();
                once.set_masked(masked);
                let got: Vec<(i64, u32)> = once.search(&ix, &q, limit).iter().map(|h| (h.score, h.row)).collect();
                assert_eq!(got, want, "{q:?} limit {limit} masked {masked}");
                // Typed key by key through one searcher: refined from the
                // candidates of the previous keystroke (for a masked search
                // too, where a whole number matches rows its prefixes did
                // not).
                let refined: Vec<(i64, u32)> = typed.search(&ix, &q, limit).iter().map(|h| (h.score, h.row)).collect();
                assert_eq!(refined, want, "{q:?} limit {limit} masked {masked}, refined");
            }
        }
    }
}
