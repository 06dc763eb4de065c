//! Register import benchmark (issue 10): a generated 100,000-person
//! register as UTF-8 CSV and as XLSX, imported into a fresh database
//! (parse + validate + write, the places created on the way), beside the
//! floor: a bare SQLite bulk insert of the same rows in the same run.
//! Each sheet is imported once one step after the other (the phases
//! timed), then in rounds (5, or `MINQING_BENCH_ROUNDS`) of floor, CSV and
//! XLSX pipelined, reading, checking and writing overlapping (the figure
//! the budget is about), each pipelined import starting from the memory a
//! fresh process has. Prints every round and the best of each, rows/s
//! and peak RSS. Run: `cargo bench --bench import`.

use minqing::domain::ids::check_digit;
use minqing::import::columns::{Field, field_of};
use minqing::import::pipeline::{Imported, Streamed, Written, read_check_and_write};
use minqing::import::read::Kind;
use minqing::import::reading::{self, Head};
use minqing::import::register::Options;
use minqing::import::{apply, check, load_table};
use minqing::store::{Store, open_connection};
use std::time::Instant;

const PERSONS: usize = 100_000;
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
    "溪口社区",
];
const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙"];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "建国", "桂兰",
];
const HEADER: [&str; 9] = [
    "姓名",
    "公民身份号码",
    "性别",
    "与户主关系",
    "户号",
    "村（社区）",
    "村民小组",
    "门牌号",
    "联系电话",
];

/// One register row: the cells as a county sheet has them.
struct Row {
    cells: [String; 9],
}

fn register() -> Vec<Row> {
    let base = chrono::NaiveDate::from_ymd_opt(1930, 1, 1).unwrap();
    let mut rows = Vec::with_capacity(PERSONS);
    let mut household = 0usize;
    let mut i = 0usize;
    while rows.len() < PERSONS {
        household += 1;
        let size = 1 + household % 5;
        let village = VILLAGES[household % VILLAGES.len()];
        let group = 1 + household % 9;
        for m in 0..size.min(PERSONS - rows.len()) {
            let birth = base + chrono::Duration::days((i % 30_000) as i64);
            let first17 = format!("330621{}{:03}", birth.format("%Y%m%d"), (i / 30_000) * 2 + (m % 2));
            let id = format!("{first17}{}", check_digit(&first17).unwrap());
            let relation = ["户主", "配偶", "子", "女", "孙子"][m];
            rows.push(Row {
                cells: [
                    format!("{}{}", SURNAMES[i % SURNAMES.len()], GIVEN[(i / 7) % GIVEN.len()]),
                    id,
                    if m % 2 == 0 { "男" } else { "女" }.to_string(),
                    relation.to_string(),
                    household.to_string(),
                    village.to_string(),
                    format!("{group}组"),
                    format!("{}号", household % 300 + 1),
                    if m == 0 {
                        format!("138{:08}", household)
                    } else {
                        String::new()
                    },
                ],
            });
            i += 1;
        }
    }
    rows
}

fn csv_bytes(rows: &[Row]) -> Vec<u8> {
    let mut out = String::from("\u{feff}青山镇户籍人口登记表\n填报单位：青山镇人民政府\n");
    out.push_str(&HEADER.join(","));
    out.push('\n');
    for r in rows {
        out.push_str(&r.cells.join(","));
        out.push('\n');
    }
    out.into_bytes()
}

fn xlsx_bytes(rows: &[Row]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "青山镇户籍人口登记表").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    for (i, r) in rows.iter().enumerate() {
        for (c, v) in r.cells.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(3 + i as u32, c as u16, v).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// parse + validate + write through the importer, as `minqing import
/// register` does for a sheet this size: the sheet read on a thread of its
/// own, its header found, then the rows checked as they are read while
/// each finished household is written (`pipeline::read_check_and_write`).
/// Returns seconds and prints when the header was found.
fn import(bytes: &[u8], kind: Kind, dir: &std::path::Path, name: &str) -> f64 {
    let mut store = Store::open(&dir.join(name), "bench").unwrap();
    let start = Instant::now();
    let mut header = 0.0;
    let streamed = std::thread::scope(|s| {
        let started = reading::start(s, bytes, kind, None, None);
        let Head::Reading(rows) = reading::head(started, &[Field::Name, Field::ResidentId], field_of).unwrap() else {
            panic!("a sheet this size is checked while it is read")
        };
        header = start.elapsed().as_secs_f64();
        read_check_and_write(&mut store, rows, &options(name), &mut |_| Ok(())).unwrap()
    });
    let secs = start.elapsed().as_secs_f64();
    let Streamed::Done(done) = streamed else {
        panic!("the generated sheet reads")
    };
    let Imported { outcome, written, .. } = *done;
    assert_eq!(outcome.errors(), 0, "{:?}", outcome.issues.first());
    let Written::Done(applied) = written else {
        panic!("{written:?}")
    };
    assert_eq!(applied.new_persons, PERSONS);
    println!("  {name} pipelined: header found at {header:.3} s, read, check and write overlapped until {secs:.3} s");
    secs
}

/// The same import one step after the other (`check`, then `apply`):
/// the time of each phase, to show where the pipelined one spends it.
fn import_in_order(bytes: &[u8], kind: Kind, dir: &std::path::Path, name: &str) -> f64 {
    let mut store = Store::open(&dir.join(name), "bench").unwrap();
    let start = Instant::now();
    let (table, _) = load_table(bytes, kind, None, None, &[Field::Name, Field::ResidentId], field_of).unwrap();
    let parsed = start.elapsed().as_secs_f64();
    let outcome = check(&store, &table, &options(name)).unwrap();
    let checked = start.elapsed().as_secs_f64();
    assert_eq!(outcome.errors(), 0, "{:?}", outcome.issues.first());
    let applied = apply(&mut store, &outcome).unwrap();
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(applied.new_persons, PERSONS);
    println!(
        "  {name} in order: read+header {:.3} s, validate {:.3} s, write {:.3} s (total {:.3} s)",
        parsed,
        checked - parsed,
        secs - checked,
        secs
    );
    secs
}

fn options(name: &str) -> Options {
    Options {
        update: false,
        create_places: true,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        source: name.into(),
    }
}

/// The floor: the same households and persons, already parsed, inserted
/// with prepared statements in one transaction into the same schema (the
/// change log paused as for an import), with the store's settings.
fn floor(rows: &[Row], dir: &std::path::Path, name: &str) -> f64 {
    let mut conn = open_connection(&dir.join(name)).unwrap();
    let start = Instant::now();
    let tx = conn.transaction().unwrap();
    for (i, v) in VILLAGES.iter().enumerate() {
        tx.execute(
            "INSERT INTO villages (id, name) VALUES (?1, ?2)",
            rusqlite::params![i as i64 + 1, v],
        )
        .unwrap();
        tx.execute(
            "INSERT INTO grids (id, village_id, name) VALUES (?1, ?1, ?2)",
            rusqlite::params![i as i64 + 1, format!("{v}网格")],
        )
        .unwrap();
    }
    // The per-row change log paused as the importer pauses it.
    minqing::store::changes::bulk(&tx, || {
        let mut hh = tx
            .prepare("INSERT INTO households (id, grid_id, village_id, house_no, address) VALUES (?1, ?2, ?2, ?3, ?4)")
            .unwrap();
        let mut p = tx
            .prepare(
                "INSERT INTO persons (household_id, name, resident_id, gender, birth_date, relation, phone, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '在家')",
            )
            .unwrap();
        let mut last = String::new();
        for r in rows {
            let h: i64 = r.cells[4].parse().unwrap();
            if r.cells[4] != last {
                let v = VILLAGES.iter().position(|v| *v == r.cells[5]).unwrap() as i64 + 1;
                hh.execute(rusqlite::params![h, v, r.cells[7], r.cells[5]]).unwrap();
                last = r.cells[4].clone();
            }
            let id = &r.cells[1];
            let birth = format!("{}-{}-{}", &id[6..10], &id[10..12], &id[12..14]);
            let phone = Some(&r.cells[8]).filter(|s| !s.is_empty());
            p.execute(rusqlite::params![h, r.cells[0], id, "M", birth, r.cells[3], phone])
                .unwrap();
        }
        Ok(())
    })
    .unwrap();
    tx.commit().unwrap();
    start.elapsed().as_secs_f64()
}

/// Starts a new peak: the kernel's high-water mark is reset (Linux
/// `clear_refs` 5), so the next [`peak_rss_mb`] is that of what follows,
/// with what the process holds now (the generated sheets). Returns the
/// RSS now.
fn reset_peak() -> f64 {
    std::fs::write("/proc/self/clear_refs", "5").expect("Linux resets the peak RSS");
    rss_mb("VmRSS:")
}

/// Memory the bench's earlier steps freed goes back to the system: what
/// follows allocates (and faults in) its memory as a fresh process would.
fn return_freed_memory() {
    // SAFETY: malloc_trim only returns free heap pages to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn peak_rss_mb() -> f64 {
    rss_mb("VmHWM:")
}

fn rss_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    // `MINQING_BENCH_ONLY=csv` (or `xlsx`): only that sheet's pipelined
    // import, as a fresh `minqing import register` process runs it (the
    // generated rows' memory returned first); also for a profiler.
    if let Ok(only) = std::env::var("MINQING_BENCH_ONLY") {
        let dir = tempfile::tempdir().unwrap();
        let rows = register();
        let (bytes, kind) = match only.as_str() {
            "xlsx" => (xlsx_bytes(&rows), Kind::Workbook),
            _ => (csv_bytes(&rows), Kind::Text),
        };
        drop(rows);
        return_freed_memory();
        let start = reset_peak();
        let secs = import(&bytes, kind, dir.path(), "only.db");
        println!(
            "  {only}: {:.0} rows/s, peak RSS {:.0} MB (from {start:.0} MB)",
            PERSONS as f64 / secs,
            peak_rss_mb()
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let rows = register();
    let csv = csv_bytes(&rows);
    let xlsx = xlsx_bytes(&rows);
    let n = PERSONS as f64;
    import_in_order(&csv, Kind::Text, dir.path(), "csv-in-order.db");
    import_in_order(&xlsx, Kind::Workbook, dir.path(), "xlsx-in-order.db");
    // Rounds of floor, CSV and XLSX one after the other: on a machine
    // whose speed changes from second to second (a shared host), each
    // import is compared with the floor of its own round, and the best
    // round of each is reported beside every round.
    let rounds: usize = std::env::var("MINQING_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let mut all = Vec::new();
    for round in 0..rounds {
        let floor_s = floor(&rows, dir.path(), &format!("floor-{round}.db"));
        // Each import as a fresh `minqing import register` process runs
        // it: the memory of the steps before returned, its own faulted in.
        return_freed_memory();
        let csv_start = reset_peak();
        let csv_s = import(&csv, Kind::Text, dir.path(), &format!("csv-{round}.db"));
        let csv_peak = peak_rss_mb();
        return_freed_memory();
        let xlsx_start = reset_peak();
        let xlsx_s = import(&xlsx, Kind::Workbook, dir.path(), &format!("xlsx-{round}.db"));
        let xlsx_peak = peak_rss_mb();
        println!(
            "round {}: floor {:.0} rows/s ({floor_s:.3} s); CSV {:.0} rows/s ({csv_s:.3} s, {:.2}x floor, peak {csv_peak:.0} MB from {csv_start:.0}); \
             XLSX {:.0} rows/s ({xlsx_s:.3} s, {:.2}x floor, peak {xlsx_peak:.0} MB from {xlsx_start:.0})",
            round + 1,
            n / floor_s,
            n / csv_s,
            csv_s / floor_s,
            n / xlsx_s,
            xlsx_s / floor_s
        );
        // What an import added to what the process held at its start:
        // the bench keeps more each round (the sheets, its databases'
        // pages), which a `minqing import register` process does not.
        all.push((
            floor_s,
            csv_s,
            xlsx_s,
            (csv_peak - csv_start).max(xlsx_peak - xlsx_start),
        ));
    }
    let best = |f: fn(&(f64, f64, f64, f64)) -> f64| all.iter().map(f).fold(f64::INFINITY, f64::min);
    let (floor_s, csv_s, xlsx_s) = (best(|r| r.0), best(|r| r.1), best(|r| r.2));
    let peak = all.iter().map(|r| r.3).fold(0.0, f64::max);
    println!(
        "import bench: {PERSONS} persons (CSV {} KB, XLSX {} KB), best of {rounds} rounds",
        csv.len() / 1024,
        xlsx.len() / 1024
    );
    println!(
        "  floor (bare SQLite bulk insert): {:>9.0} rows/s  ({floor_s:.3} s)",
        n / floor_s
    );
    println!(
        "  CSV  pipelined import:           {:>9.0} rows/s  ({csv_s:.3} s, {:.2}x the best floor; budget >= 250000 rows/s, <= 2x)",
        n / csv_s,
        csv_s / floor_s
    );
    println!(
        "  XLSX pipelined import:           {:>9.0} rows/s  ({xlsx_s:.3} s, {:.2}x the best floor; budget >= 100000 rows/s, <= 2x)",
        n / xlsx_s,
        xlsx_s / floor_s
    );
    println!(
        "  most an import added to the process's RSS: {peak:.0} MB (budget 300 MB for the process; \
         MINQING_BENCH_ONLY=csv or xlsx gives one import's peak in a process of its own)"
    );
}
