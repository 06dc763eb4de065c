//! Lookup benchmark (issues 3 and 15, README's Performance budget): a
//! deterministic 40,000-household / ~100,000-person register, then a
//! 100,000-household / ~250,000-person one, each in a temporary SQLite file,
//! index build from the database, then realistic queries typed keystroke by
//! keystroke through one `Searcher` (as the UI does). Prints median / p99
//! per keystroke, build time and process RSS. Run: `cargo bench --bench lookup`.

use minqing::search::{DEFAULT_LIMIT, Searcher};
use minqing::store::{lookup, open_connection};
use std::time::{Duration, Instant};

const SIZES: [usize; 2] = [40_000, 100_000];

/// splitmix64: deterministic, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    /// Skewed pick: early items are much more common (as surnames are).
    fn pick_skewed<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let a = self.below(items.len());
        let b = self.below(items.len());
        items[a.min(b)]
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于",
    "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆",
    "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "段",
    "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴", "莫",
    "孔", "单", "解", "区", "仇", "朴", "查", "盖", "尉迟",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "秀", "英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
    "兰", "霞", "平", "刚", "桂", "华", "建", "国", "文", "辉", "红", "玉", "春", "海", "燕", "梅", "林", "志", "荣",
    "新", "波", "德", "东", "晓", "丰", "三", "宝", "金", "凤", "云", "琴", "成", "生", "福", "小", "鹏", "浩", "宇",
    "欣", "佳", "俊", "雪", "婷", "慧", "峰",
];
const VILLAGES: &[&str] = &[
    "东浦村",
    "西塘村",
    "南岙村",
    "北山村",
    "前洋村",
    "后溪村",
    "上林村",
    "下湾村",
    "石桥村",
    "新河社区",
    "青龙村",
    "白沙村",
    "长岭村",
    "双溪村",
    "桃源村",
    "枫林社区",
];
const RELATIONS: &[&str] = &["配偶", "子", "女", "儿媳", "孙子", "孙女", "母亲"];
const PHONE_PREFIX: &[&str] = &["138", "139", "137", "135", "158", "159", "186", "187", "152", "133"];

fn name(rng: &mut Rng, surname: &str) -> String {
    let mut n = surname.to_string();
    for _ in 0..(1 + usize::from(rng.below(10) < 7)) {
        n.push_str(rng.pick(GIVEN));
    }
    n
}

fn phone(rng: &mut Rng) -> String {
    format!("{}{:08}", rng.pick(PHONE_PREFIX), rng.below(100_000_000))
}

fn resident_id(rng: &mut Rng, seq: usize) -> String {
    let check = b"0123456789X"[rng.below(11)] as char;
    format!(
        "3306{:02}{}{:02}{:02}{:03}{check}",
        rng.below(20),
        1940 + rng.below(80),
        1 + rng.below(12),
        1 + rng.below(28),
        seq % 1000
    )
}

/// Writes the synthetic register; returns the number of persons.
fn generate(conn: &mut rusqlite::Connection, households: usize) -> usize {
    let mut rng = Rng(20_261_126);
    let tx = conn.transaction().unwrap();
    let mut persons = 0;
    for (v, village) in VILLAGES.iter().enumerate() {
        let v = v as i64 + 1;
        tx.execute("INSERT INTO villages (id, name) VALUES (?1, ?2)", (v, village))
            .unwrap();
        for g in 1..=10i64 {
            tx.execute(
                "INSERT INTO village_groups (id, village_id, number, name) VALUES (?1, ?2, ?3, ?4)",
                (v * 100 + g, v, g, format!("{g}组")),
            )
            .unwrap();
        }
        for k in 1..=4i64 {
            let cadre = v * 10 + k;
            let s = SURNAMES[rng.below(30)];
            let cname = name(&mut rng, s);
            let cphone = phone(&mut rng);
            tx.execute(
                "INSERT INTO cadres (id, name, phone) VALUES (?1, ?2, ?3)",
                (cadre, cname, cphone),
            )
            .unwrap();
            tx.execute(
                "INSERT INTO grids (id, village_id, name, cadre_id) VALUES (?1, ?2, ?3, ?1)",
                (cadre, v, format!("{village}第{k}网格")),
            )
            .unwrap();
        }
    }
    let mut hh = tx
        .prepare("INSERT INTO households (id, grid_id, village_id, group_id, house_no, address, phone) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .unwrap();
    let mut pp = tx
        .prepare("INSERT INTO persons (household_id, name, resident_id, gender, birth_date, relation, phone) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .unwrap();
    for h in 1..=households as i64 {
        let v = 1 + rng.below(VILLAGES.len()) as i64;
        let g = 1 + rng.below(10) as i64;
        let house_no = (1 + rng.below(300)).to_string();
        let address = format!("{}{g}组{house_no}号", VILLAGES[v as usize - 1]);
        let grid = v * 10 + 1 + rng.below(4) as i64;
        let hphone = (rng.below(3) == 0).then(|| phone(&mut rng));
        hh.execute((h, grid, v, v * 100 + g, &house_no, &address, hphone))
            .unwrap();
        // 1 household in 200 has no registered person yet.
        let members = if rng.below(200) == 0 { 0 } else { 1 + rng.below(4) };
        let surname = rng.pick_skewed(SURNAMES);
        for m in 0..members {
            persons += 1;
            let (relation, own_surname) = if m == 0 {
                ("户主", surname)
            } else {
                let r = rng.pick(RELATIONS);
                let s = if matches!(r, "配偶" | "儿媳" | "母亲") {
                    rng.pick_skewed(SURNAMES)
                } else {
                    surname
                };
                (r, s)
            };
            let id = resident_id(&mut rng, persons);
            let birth = format!("{}-{}-{}", &id[6..10], &id[10..12], &id[12..14]);
            let gender = if rng.below(2) == 0 { "M" } else { "F" };
            let ph = (rng.below(10) < 7).then(|| phone(&mut rng));
            let name = name(&mut rng, own_surname);
            let id = Some(id).filter(|_| rng.below(50) != 0);
            // A rare duplicate ID (unique index) is stored without an ID.
            if pp.execute((h, &name, &id, gender, &birth, relation, &ph)).is_err() {
                pp.execute((h, &name, None::<String>, gender, &birth, relation, &ph))
                    .unwrap();
            }
        }
    }
    drop(hh);
    drop(pp);
    tx.commit().unwrap();
    persons
}

/// Queries a clerk types during calls.
const QUERIES: &[&str] = &[
    "zhangsan",
    "wxm",
    "王秀英",
    "东浦村",
    "1385",
    "8000",
    "002X",
    "zs 1385",
    "王 3组",
    "东浦 12号",
    "liuyang",
    "chenjianguo",
    "zsf",
    "zengm",
    "lixiaohong",
    "13912",
    "西塘村 5组 27号",
    "zhaol",
    "yuchi",
    "huangwei",
    "李建国",
    "lmh 0023",
    "sunli",
    "张伟",
    "shanhong",
    "qiuyong",
    "gejun 138",
    "xiemin",
    "wangxiuying",
    "刘 7组",
];

fn rss_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// The queries typed key by key through one `Searcher`, `ROUNDS` times
/// (the first not counted); prints the per-keystroke figures.
fn keystrokes(index: &minqing::search::Index, masked: bool) {
    const ROUNDS: usize = 5;
    let mut all = Vec::new();
    let mut full_scans = Vec::new();
    // Per keystroke, the fastest of the timed rounds: what the code costs
    // when another process on the shared machine does not preempt it.
    let mut best: Vec<Duration> = Vec::new();
    let mut worst: Vec<(Duration, String)> = Vec::new();
    let mut searcher = Searcher::new();
    searcher.set_masked(masked);
    if masked {
        // The first masked digit search also makes the index's masks of
        // the shown digits (once per index).
        let t = Instant::now();
        std::hint::black_box(searcher.search(index, "1", DEFAULT_LIMIT));
        println!(
            "  first digit search (makes the shown-digit masks): {:.2?}",
            t.elapsed()
        );
        searcher.reset();
    }
    for round in 0..ROUNDS {
        let mut k = 0;
        for q in QUERIES {
            let chars: Vec<char> = q.chars().collect();
            for n in 1..=chars.len() {
                let prefix: String = chars[..n].iter().collect();
                let t = Instant::now();
                let hits = searcher.search(index, &prefix, DEFAULT_LIMIT);
                let d = t.elapsed();
                std::hint::black_box(&hits);
                if round > 0 {
                    all.push(d);
                    if searcher.last_scanned() == index.len() {
                        full_scans.push(d);
                    }
                    if round == 1 {
                        best.push(d);
                    } else {
                        best[k] = best[k].min(d);
                    }
                    worst.push((d, prefix));
                    k += 1;
                }
            }
            if round == 0 && !masked {
                let hits = searcher.search(index, q, DEFAULT_LIMIT);
                let first = hits
                    .first()
                    .and_then(|h| index.entry(h.row))
                    .map_or(String::new(), |e| format!("{} {}", e.name, e.address));
                println!("  {q:<16} {:>3} hits, first: {first}", hits.len());
            }
            searcher.search(index, "", DEFAULT_LIMIT);
        }
    }
    best.sort();
    println!(
        "per keystroke, fastest of {} rounds each ({} keystrokes): median {:.3?}, p90 {:.3?}, p99 {:.3?}, max {:.3?}",
        ROUNDS - 1,
        best.len(),
        pct(&best, 0.5),
        pct(&best, 0.9),
        pct(&best, 0.99),
        best[best.len() - 1]
    );
    all.sort();
    full_scans.sort();
    worst.sort_by_key(|w| std::cmp::Reverse(w.0));
    println!(
        "per keystroke, all ({} measurements over {} queries, {} rounds): median {:.3?}, p90 {:.3?}, p99 {:.3?}, max {:.3?}",
        all.len(),
        QUERIES.len(),
        ROUNDS - 1,
        pct(&all, 0.5),
        pct(&all, 0.9),
        pct(&all, 0.99),
        all[all.len() - 1]
    );
    if !full_scans.is_empty() {
        println!(
            "  of which full scans ({}): median {:.3?}, p99 {:.3?}",
            full_scans.len(),
            pct(&full_scans, 0.5),
            pct(&full_scans, 0.99)
        );
    }
    let slow: Vec<String> = worst.iter().take(5).map(|(d, q)| format!("{q:?} {d:.2?}")).collect();
    println!("  slowest: {}", slow.join(", "));
}

fn main() {
    for households in SIZES {
        run(households);
    }
}

fn run(households: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let t = Instant::now();
    let persons = {
        let mut conn = open_connection(&path).unwrap();
        generate(&mut conn, households)
    };
    println!(
        "register: {households} households, {persons} persons (generated in {:.1?})",
        t.elapsed()
    );

    let rss_before = rss_kb("VmRSS:");
    let conn = open_connection(&path).unwrap();
    let t = Instant::now();
    let mut index = lookup::load_index(&conn).unwrap();
    let mut builds = vec![t.elapsed()];
    let rss_first = rss_kb("VmRSS:");
    for _ in 0..4 {
        // As the UI refreshes: the new index is built while the old one is
        // still in use.
        let t = Instant::now();
        let ix = lookup::load_index(&conn).unwrap();
        builds.push(t.elapsed());
        index = ix;
    }
    builds.sort();
    println!(
        "index build from the database (load + build), 5 runs: median {:.1?}, min {:.1?}, max {:.1?}; {} rows, index heap {:.1} MB",
        builds[2],
        builds[0],
        builds[4],
        index.len(),
        index.heap_bytes() as f64 / 1e6
    );
    println!(
        "RSS: {} MB before loading, {} MB after the first build, {} MB after 4 rebuilds (old index alive during each)",
        rss_before / 1024,
        rss_first / 1024,
        rss_kb("VmRSS:") / 1024,
    );

    // Profiling aid: LOOKUP_PROFILE="1 13" repeats those keystrokes.
    if let Ok(keys) = std::env::var("LOOKUP_PROFILE") {
        let mut searcher = Searcher::new();
        let t = Instant::now();
        for _ in 0..200 {
            for k in keys.split(' ') {
                std::hint::black_box(searcher.search(&index, k, DEFAULT_LIMIT));
            }
            searcher.reset();
        }
        println!("profile {keys:?}: {:.2?} per round", t.elapsed() / 200);
        return;
    }
    keystrokes(&index, false);
    // A user without the reveal permission: digit terms match only what
    // the masked ID and phones show, and every digit keystroke scans the
    // whole index (README "Accounts and roles").
    println!("as a user who may not reveal (masked digits):");
    keystrokes(&index, true);
    println!(
        "RSS at end: {} MB, peak (VmHWM) {} MB",
        rss_kb("VmRSS:") / 1024,
        rss_kb("VmHWM:") / 1024
    );
}
