//! Properties of the lookup: refining from the previous keystroke gives the
//! same result as a fresh search, and no input makes it panic.

use minqing::search::{Entry, Index, Searcher, search};
use proptest::prelude::*;

const SURNAMES: &[&str] = &[
    "张", "王", "李", "曾", "单", "解", "区", "仇", "朴", "查", "覃", "盖", "尉迟", "周",
];
const GIVEN: &[&str] = &["三", "丰", "秀", "英", "明", "小", "红", "伟", "珊", "四", "东"];
const VILLAGES: &[&str] = &["东浦村", "西塘村", "南岙村", "北山社区"];

/// A deterministic register from a seed (splitmix64).
fn register(seed: u64, households: usize) -> Index {
    let mut state = seed;
    let mut next = move |n: usize| {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    };
    let mut out = Vec::new();
    let mut pid = 0;
    for h in 0..households {
        let village = VILLAGES[next(VILLAGES.len())];
        let group = 1 + next(13) as u32;
        let house_no = (1 + next(120)).to_string();
        let base = Entry {
            household_id: 1000 - h as i64,
            address: format!("{village}{group}组{house_no}号"),
            village: village.into(),
            group_no: Some(group),
            group_name: format!("{group}组"),
            house_no,
            household_phone: if next(3) == 0 {
                format!("0574{:08}", next(100_000_000))
            } else {
                String::new()
            },
            ..Entry::default()
        };
        let members = next(4);
        if members == 0 {
            out.push(base.clone());
        }
        for m in 0..members {
            pid += 1;
            let mut name = SURNAMES[next(SURNAMES.len())].to_string();
            for _ in 0..1 + next(2) {
                name.push_str(GIVEN[next(GIVEN.len())]);
            }
            let check = b"0123456789X"[next(11)] as char;
            out.push(Entry {
                person_id: Some(pid),
                name,
                relation: ["户主", "配偶", "子", "女", "母亲"][if m == 0 { 0 } else { 1 + next(4) }].into(),
                resident_id: format!("3306{:013}{check}", next(1 << 40)),
                phone: format!("13{:09}", next(1_000_000_000)),
                ..base.clone()
            });
        }
    }
    Index::build(out)
}

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "zhangsan",
            "zsf",
            "wangxiuying",
            "wxm",
            "zengming",
            "shanhong",
            "yuchi",
            "qinying",
            "zhaol",
            "xie",
            "zh",
            "gejun",
            "sanfeng",
            "dongpu",
        ])
        .prop_map(String::from),
        prop::sample::select(vec![
            "张三丰",
            "王秀",
            "东浦村",
            "西塘",
            "北山社区",
            "尉迟",
            "曾明",
            "单红",
        ])
        .prop_map(String::from),
        prop::sample::select(vec!["3组", "12号", "13组", "5号", "7组"]).prop_map(String::from),
        "[0-9]{1,6}X?",
        "[a-z]{1,6}",
    ]
}

fn query() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 1..4).prop_map(|t| t.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Typing a query key by key (then deleting some and typing another)
    /// through one `Searcher` gives at every step exactly what a fresh
    /// search gives.
    #[test]
    fn refinement_equals_fresh_search(seed in any::<u64>(), a in query(), b in query(), cut in 0usize..20) {
        let ix = register(seed, 60);
        let mut s = Searcher::new();
        let a: Vec<char> = a.chars().collect();
        let keep = a.len().saturating_sub(cut);
        let mut steps: Vec<String> = (1..=a.len()).map(|n| a[..n].iter().collect()).collect();
        steps.extend((keep..a.len()).rev().map(|n| a[..n].iter().collect::<String>()));
        let base: String = a[..keep].iter().collect();
        steps.extend(b.chars().scan(base, |q, c| { q.push(c); Some(q.clone()) }));
        for q in steps {
            for limit in [3, 50] {
                let mut fresh = Searcher::new();
                prop_assert_eq!(s.search(&ix, &q, limit), fresh.search(&ix, &q, limit), "query {:?}", q);
            }
        }
    }

    /// No query string makes the search panic, and results respect the limit.
    #[test]
    fn never_panics_on_any_query(q in any::<String>(), limit in 0usize..60) {
        let ix = register(7, 30);
        let mut s = Searcher::new();
        for (i, _) in q.char_indices() {
            let hits = s.search(&ix, &q[..i], limit);
            prop_assert!(hits.len() <= limit);
        }
        prop_assert!(s.search(&ix, &q, limit).len() <= limit);
    }

    /// Arbitrary field contents (odd Unicode, huge strings) index and search
    /// without panicking.
    #[test]
    fn never_panics_on_any_register(
        fields in prop::collection::vec(any::<String>(), 6),
        long in 0usize..2000,
        q in any::<String>(),
    ) {
        let e = Entry {
            person_id: Some(1),
            household_id: 1,
            name: format!("{}{}", fields[0], "张".repeat(long % 300)),
            resident_id: fields[1].repeat(long % 40),
            phone: fields[2].clone(),
            address: fields[3].clone(),
            village: fields[4].clone(),
            house_no: fields[5].clone(),
            group_no: Some(long as u32),
            ..Entry::default()
        };
        let ix = Index::build(vec![e.clone(), Entry { person_id: None, ..e }]);
        for query in [q.as_str(), fields[0].as_str(), fields[1].as_str(), fields[3].as_str(), "zhang", "3组"] {
            let hits = search(&ix, query, 50);
            prop_assert!(hits.len() <= 2);
        }
    }
}
