//! Issue 13, finding 9: a pinyin query that is exactly a surname's special
//! reading (`shan` → 单, `zha` → 查, and the rest of the surname table)
//! ranks persons of that surname like an exact surname match — above names
//! the same letters only start (沈安 sh-an, 邵宁 sha-n, 尚 shang, 张 zhang,
//! 郑爱 zh-a).

use minqing::search::{Entry, Index, search};

fn index(names: &[&str]) -> Index {
    let entries = names
        .iter()
        .enumerate()
        .map(|(i, name)| Entry {
            household_id: i as i64 + 1,
            person_id: Some(i as i64 + 100),
            name: (*name).into(),
            relation: "户主".into(),
            gender: "M".into(),
            birth_date: "1970-01-01".into(),
            address: "东浦村1组1号".into(),
            village: "东浦村".into(),
            group_no: Some(1),
            group_name: "1组".into(),
            house_no: "1".into(),
            ..Entry::default()
        })
        .collect();
    Index::build(entries)
}

/// (name, score) of every hit, best first.
fn ranked(ix: &Index, query: &str) -> Vec<(String, i64)> {
    search(ix, query, 500)
        .iter()
        .map(|h| (ix.entry(h.row).expect("row").name.to_string(), h.score))
        .collect()
}

/// Names ranked above the first hit whose name does not start with `surname`
/// must all start with it, and every person of that surname must be there.
fn surname_first(ix: &Index, query: &str, surname: &str, of_surname: usize) {
    let hits = ranked(ix, query);
    let top: Vec<&str> = hits.iter().take(of_surname).map(|(n, _)| n.as_str()).collect();
    assert!(top.iter().all(|n| n.starts_with(surname)), "{query}: {hits:?}");
}

#[test]
fn shan_ranks_every_shan_surname_above_sh_an_and_shang() {
    let ix = index(&[
        "沈安",
        "沈安娜",
        "邵宁",
        "邵楠",
        "尚明",
        "尚红梅",
        "沈阿宝",
        "单红",
        "单晓明",
        "单伟",
        "沈军",
        "邵华",
    ]);
    surname_first(&ix, "shan", "单", 3);
    // Partial spellings still match, below the surname.
    let hits = ranked(&ix, "shan");
    for name in ["沈安", "邵宁", "尚明"] {
        assert!(hits.iter().any(|(n, _)| n == name), "{name} missing: {hits:?}");
    }
    // 沈军 / 邵华 do not spell shan at all.
    assert!(!hits.iter().any(|(n, _)| n == "沈军" || n == "邵华"), "{hits:?}");
}

#[test]
fn zha_ranks_every_zha_surname_above_zhang_zhao_and_zh_a() {
    let ix = index(&[
        "郑爱",
        "郑爱华",
        "张三",
        "张安",
        "赵明",
        "查文",
        "查晓东",
        "郑军",
        "张华",
        "查红",
    ]);
    surname_first(&ix, "zha", "查", 3);
}

#[test]
fn every_special_surname_reading_scores_like_an_exact_surname_match() {
    // The surname table of src/search/pinyin.rs with its readings.
    let table: &[(&str, &str)] = &[
        ("尉迟", "yuchi"),
        ("万俟", "moqi"),
        ("单于", "chanyu"),
        ("长孙", "zhangsun"),
        ("曾", "zeng"),
        ("单", "shan"),
        ("解", "xie"),
        ("区", "ou"),
        ("仇", "qiu"),
        ("朴", "piao"),
        ("查", "zha"),
        ("覃", "qin"),
        ("盖", "ge"),
        ("缪", "miao"),
        ("乐", "yue"),
        ("召", "shao"),
        ("秘", "bi"),
        ("尉", "yu"),
        ("种", "chong"),
        ("繁", "po"),
        ("翟", "zhai"),
        ("宿", "su"),
        ("薄", "bo"),
        ("员", "yun"),
        ("能", "nai"),
    ];
    // Given names of two characters each, so every name has the same
    // number of syllables after the surname as 王秀英 after 王.
    let names: Vec<String> = table.iter().map(|(s, _)| format!("{s}秀英")).collect();
    let mut all: Vec<&str> = names.iter().map(String::as_str).collect();
    all.push("王秀英");
    let ix = index(&all);
    let exact = ranked(&ix, "wang")[0].clone();
    assert_eq!(exact.0, "王秀英");
    for ((surname, reading), name) in table.iter().zip(&names) {
        let hits = ranked(&ix, reading);
        let score = hits.iter().find(|(n, _)| n == name).map(|(_, s)| *s);
        assert_eq!(score, Some(exact.1), "{reading} → {surname}: {hits:?}");
        // Nobody ranks above it (others may tie: 召 and 尉 share readings
        // with ordinary surnames).
        assert!(hits[0].1 <= exact.1, "{reading}: {hits:?}");
    }
}
