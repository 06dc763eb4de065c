//! Query semantics of the lookup (issue 3) on a fixed small register:
//! hanzi, pinyin (full, prefix, initials, mixed, special surnames), digits,
//! address parts, several terms, no match, ranking and highlights.

use minqing::search::{Entry, Hit, Index, MatchField, Searcher, search};

struct House {
    id: i64,
    village: &'static str,
    group: u32,
    house_no: &'static str,
    phone: &'static str,
    members: &'static [(&'static str, &'static str, &'static str, &'static str)],
}

/// (name, relation, resident ID, phone) per member.
const REGISTER: &[House] = &[
    House {
        id: 1,
        village: "东浦村",
        group: 3,
        house_no: "12",
        phone: "",
        members: &[
            ("张三", "户主", "11010519900101002X", "13851234567"),
            ("李四", "配偶", "110105199203040021", "13900008000"),
            ("张三丰", "子", "110105201501010012", ""),
        ],
    },
    House {
        id: 2,
        village: "西塘村",
        group: 13,
        house_no: "5",
        phone: "",
        members: &[
            ("王秀梅", "户主", "330602198001011234", "13712348000"),
            ("王小明", "子", "330602200501013456", ""),
            ("林东浦", "女婿", "330602199001017777", ""),
        ],
    },
    House {
        id: 3,
        village: "东浦村",
        group: 1,
        house_no: "112",
        phone: "057412345678",
        members: &[("曾明", "户主", "", ""), ("单红", "配偶", "", "")],
    },
    House {
        id: 4,
        village: "南岙村",
        group: 2,
        house_no: "7",
        phone: "",
        members: &[
            ("解放", "户主", "", ""),
            ("区伟", "配偶", "", ""),
            ("仇勇", "子", "", ""),
        ],
    },
    House {
        id: 5,
        village: "北山村",
        group: 3,
        house_no: "8",
        phone: "",
        members: &[
            ("朴英", "户主", "", ""),
            ("查文", "配偶", "", ""),
            ("覃梅", "母亲", "", ""),
            ("王芳", "女", "", ""),
        ],
    },
    House {
        id: 6,
        village: "前洋村",
        group: 4,
        house_no: "9",
        phone: "",
        members: &[("盖军", "户主", "", ""), ("尉迟恭", "子", "", "")],
    },
    House {
        id: 7,
        village: "东浦村",
        group: 5,
        house_no: "20",
        phone: "",
        members: &[],
    },
    House {
        id: 8,
        village: "石桥村",
        group: 3,
        house_no: "12",
        phone: "",
        members: &[("张珊", "户主", "", "13600001385"), ("周四", "配偶", "", "")],
    },
];

fn entries() -> Vec<Entry> {
    let mut out = Vec::new();
    let mut pid = 100;
    for h in REGISTER {
        let base = Entry {
            household_id: h.id,
            address: format!("{}{}组{}号", h.village, h.group, h.house_no),
            village: h.village.into(),
            group_no: Some(h.group),
            group_name: format!("{}组", h.group),
            house_no: h.house_no.into(),
            grid: format!("{}第1网格", h.village),
            cadre_name: "李明".into(),
            cadre_phone: "13900001111".into(),
            household_phone: h.phone.into(),
            ..Entry::default()
        };
        if h.members.is_empty() {
            out.push(base.clone());
        }
        // Pushed in reverse so the index has to order members itself.
        for (name, relation, id, phone) in h.members.iter().rev() {
            pid += 1;
            out.push(Entry {
                person_id: Some(pid),
                name: (*name).into(),
                relation: (*relation).into(),
                resident_id: (*id).into(),
                phone: (*phone).into(),
                gender: "M".into(),
                birth_date: "1990-01-01".into(),
                ..base.clone()
            });
        }
    }
    out
}

fn index() -> Index {
    Index::build(entries())
}

fn names(ix: &Index, hits: &[Hit]) -> Vec<String> {
    hits.iter()
        .map(|h| {
            let e = ix.entry(h.row).unwrap();
            if e.name.is_empty() {
                format!("#{}", e.household_id)
            } else {
                e.name.to_string()
            }
        })
        .collect()
}

fn find(query: &str) -> Vec<String> {
    let ix = index();
    names(&ix, &search(&ix, query, 50))
}

fn first(query: &str) -> String {
    find(query).first().cloned().unwrap_or_default()
}

#[test]
fn hanzi_in_name_and_address() {
    assert_eq!(find("张"), ["张三", "张三丰", "张珊"]);
    assert_eq!(find("张三"), ["张三", "张三丰"]);
    assert_eq!(find("王秀"), ["王秀梅"]);
    // Every member of both 东浦村 households, and the empty household.
    let dongpu = find("东浦村");
    assert_eq!(dongpu, ["张三", "李四", "张三丰", "曾明", "单红", "#7"], "{dongpu:?}");
}

#[test]
fn name_matches_rank_above_address_matches() {
    let hits = find("东浦");
    assert_eq!(hits[0], "林东浦");
    assert_eq!(hits.len(), 7);
}

#[test]
fn full_pinyin_prefix_initials_and_mixtures() {
    assert_eq!(find("zhangsan")[..2], ["张三", "张三丰"]);
    // 张珊 (zhang shan) only as a fuzzy subsequence, so last.
    assert_eq!(find("zhangsan").last().unwrap(), "张珊");
    assert_eq!(find("zhangs"), ["张三", "张珊", "张三丰"]);
    assert_eq!(find("zs"), ["张三", "张珊", "周四", "张三丰"]);
    assert_eq!(first("zsf"), "张三丰");
    assert_eq!(first("zhangsf"), "张三丰");
    assert_eq!(first("zhangsanf"), "张三丰");
    assert_eq!(find("wxm"), ["王秀梅", "王小明"]);
    assert_eq!(first("wangxiaom"), "王小明");
    assert_eq!(first("ZhangSan"), "张三");
    // Contiguous syllables inside the name.
    assert_eq!(find("sanfeng"), ["张三丰"]);
}

#[test]
fn special_surnames_read_as_people_say_them() {
    for (query, name) in [
        ("zengming", "曾明"),
        ("zm", "曾明"),
        ("shanhong", "单红"),
        ("xiefang", "解放"),
        ("ouwei", "区伟"),
        ("qiuyong", "仇勇"),
        ("piaoying", "朴英"),
        ("zhawen", "查文"),
        ("qinmei", "覃梅"),
        ("gejun", "盖军"),
        ("yuchigong", "尉迟恭"),
        ("ycg", "尉迟恭"),
        ("yuchi", "尉迟恭"),
    ] {
        assert_eq!(first(query), name, "{query}");
    }
    // The ordinary readings are not how these names are said.
    assert!(!find("cengming").contains(&"曾明".to_string()));
    assert!(!find("weichigong").contains(&"尉迟恭".to_string()));
}

#[test]
fn digits_match_phone_and_id_tails_never_fuzzy() {
    // Phone suffix ranks above phone substring.
    assert_eq!(find("1385"), ["张珊", "张三"]);
    assert_eq!(find("8000"), ["李四", "王秀梅"]);
    assert_eq!(find("002X"), ["张三"]);
    assert_eq!(find("002x"), ["张三"]);
    assert_eq!(find("7777"), ["林东浦"]);
    // Household phone.
    assert_eq!(find("12345678"), ["曾明", "单红"]);
    // Digits out of order: a fuzzy matcher would find 13851234567.
    assert!(find("1853").is_empty());
    assert!(find("13851234567X").is_empty());
    // A full phone number is an exact match.
    let ix = index();
    let hits = search(&ix, "13851234567", 50);
    assert_eq!(hits[0].matched, [MatchField::Phone]);
    assert_eq!(hits[0].score, 900);
}

#[test]
fn address_parts() {
    // 3组 is not 13组; 12号 is not 112号.
    assert_eq!(
        find("3组"),
        ["张三", "李四", "张三丰", "朴英", "查文", "王芳", "覃梅", "张珊", "周四"]
    );
    assert_eq!(find("12号"), ["张三", "李四", "张三丰", "张珊", "周四"]);
    assert_eq!(find("20号"), ["#7"]);
    assert_eq!(find("南岙村"), ["解放", "区伟", "仇勇"]);
}

#[test]
fn several_terms_must_all_match() {
    assert_eq!(find("东浦 12号"), ["张三", "李四", "张三丰"]);
    assert_eq!(find("zs 1385"), ["张珊", "张三"]);
    assert_eq!(find("zs1385"), ["张珊", "张三"]);
    assert_eq!(find("王 3组"), ["王芳"]);
    assert_eq!(find("王 13组"), ["王秀梅", "王小明"]);
    assert_eq!(find("  zhang   shiqiao "), Vec::<String>::new());
    assert_eq!(find("zhang 石桥"), ["张珊"]);
}

#[test]
fn no_match_and_empty_query() {
    assert!(find("xyzxyz").is_empty());
    assert!(find("李白").is_empty());
    assert!(find("99999999").is_empty());
    assert!(find("99组").is_empty());
    assert!(find("").is_empty());
    assert!(find("   ").is_empty());
}

#[test]
fn ranking_is_deterministic_exact_then_prefix_then_fuzzy() {
    let ix = index();
    let hits = search(&ix, "zhangsan", 50);
    let scores: Vec<i64> = hits.iter().map(|h| h.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert_eq!(hits[0].matched, [MatchField::NamePinyin]);
    assert_eq!(hits.last().unwrap().matched, [MatchField::NamePinyinFuzzy]);
    // Head of household first within equal scores, whatever the input order.
    assert_eq!(find("3组")[..3], ["张三", "李四", "张三丰"]);
    // The limit keeps the best rows.
    let top2 = search(&ix, "3组", 2);
    assert_eq!(names(&ix, &top2), ["张三", "李四"]);
    assert!(search(&ix, "3组", 0).is_empty());
}

#[test]
fn highlights_are_char_positions_in_wide_text() {
    let ix = index();
    let hit = |q: &str, name: &str| {
        search(&ix, q, 50)
            .into_iter()
            .find(|h| ix.entry(h.row).unwrap().name == name)
            .unwrap()
    };
    assert_eq!(hit("zs", "张三丰").name_highlight, [0, 1]);
    assert_eq!(hit("sanfeng", "张三丰").name_highlight, [1, 2]);
    assert_eq!(hit("三丰", "张三丰").name_highlight, [1, 2]);
    assert_eq!(hit("yuchigong", "尉迟恭").name_highlight, [0, 1, 2]);
    assert_eq!(hit("yuchi", "尉迟恭").name_highlight, [0, 1]);
    // "东浦村3组12号": 东0 浦1 村2 3 组4 1 2 号7
    let h = hit("东浦村 12号", "张三");
    assert_eq!(h.address_highlight, [0, 1, 2, 5, 6, 7]);
    assert!(h.name_highlight.is_empty());
    assert_eq!(hit("3组", "张三").address_highlight, [3, 4]);
    assert_eq!(hit("1385", "张三").phone_highlight, [0, 1, 2, 3]);
    assert_eq!(hit("002X", "张三").resident_id_highlight, [14, 15, 16, 17]);
    assert_eq!(hit("5678", "曾明").household_phone_highlight, [8, 9, 10, 11]);
    let fuzzy = hit("zhangsan", "张珊");
    assert_eq!(fuzzy.name_highlight, [0, 1]);
}

#[test]
fn rows_carry_what_a_result_row_shows() {
    let ix = index();
    let hits = search(&ix, "002X", 50);
    let e = ix.entry(hits[0].row).unwrap();
    assert_eq!(e.name, "张三");
    assert_eq!(e.relation, "户主");
    assert_eq!(e.resident_id, "11010519900101002X");
    assert_eq!(e.address, "东浦村3组12号");
    assert_eq!(e.grid, "东浦村第1网格");
    assert_eq!(e.cadre_name, "李明");
    assert_eq!(e.cadre_phone, "13900001111");
    assert_eq!(e.group_no, Some(3));
    assert_eq!(e.house_no, "12");
    assert_eq!(hits[0].household_id, 1);
    assert_eq!(hits[0].person_id, e.person_id);
    assert_eq!(ix.entry(u32::MAX), None);
    assert_eq!(ix.len(), entries().len());
}

#[test]
fn searcher_refines_when_the_query_grows() {
    let ix = index();
    let mut s = Searcher::new();
    s.search(&ix, "z", 50);
    assert_eq!(s.last_scanned(), ix.len());
    let narrowed = s.search(&ix, "zh", 50);
    assert!(s.last_scanned() < ix.len());
    assert_eq!(narrowed, search(&ix, "zh", 50));
    // A new term: still a refinement.
    s.search(&ix, "zh 3", 50);
    assert!(s.last_scanned() < ix.len());
    // 3 → 3组 changes the term kind: full scan, same result as fresh.
    let r = s.search(&ix, "zh 3组", 50);
    assert_eq!(s.last_scanned(), ix.len());
    assert_eq!(r, search(&ix, "zh 3组", 50));
    // Backspace: full scan.
    s.search(&ix, "zh", 50);
    assert_eq!(s.last_scanned(), ix.len());
    // A rebuilt index is never refined from old row numbers.
    let other = index();
    s.search(&other, "zha", 50);
    assert_eq!(s.last_scanned(), other.len());
}

#[test]
fn index_can_be_built_off_the_ui_thread() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<Index>();
    send::<Searcher>();
    let ix = std::thread::spawn(index).join().unwrap();
    assert_eq!(first_in(&ix, "zsf"), "张三丰");
}

fn first_in(ix: &Index, q: &str) -> String {
    names(ix, &search(ix, q, 1)).pop().unwrap_or_default()
}
