//! The pipelined import (README "Performance"): a register large enough to
//! be checked and written together leaves exactly the rows, audit, output
//! and report that checking first and writing after leaves, and nothing at
//! all when the sheet has errors or the write fails part-way.

use minqing::domain::ids::check_digit;
use minqing::import::columns::{Field, field_of};
use minqing::import::pipeline::{MIN_ROWS, Step, Written, check_and_write};
use minqing::import::register::Options;
use minqing::import::{RegisterArgs, Stage, check, import_register, import_register_in_order, load_table, read};
use minqing::store::Store;
use minqing::text::i18n::Lang;
use rusqlite::Connection;
use rusqlite::types::Value;
use std::path::Path;

const HEADER: &str = "姓名,公民身份号码,性别,与户主关系,户号,村(社区),村民小组,所属网格,联系电话,低保";

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

/// Rows of `households` households of 1-4 persons in 3 villages, each row
/// its cells; household numbers are "1", "2", ...
fn rows(households: usize) -> Vec<Vec<String>> {
    let base = chrono::NaiveDate::from_ymd_opt(1940, 1, 1).unwrap();
    let mut out = Vec::new();
    let mut i = 0usize;
    for h in 1..=households {
        for m in 0..(1 + h % 4) {
            let birth = base + chrono::Duration::days((i % 25_000) as i64);
            let first17 = format!("330621{}{:03}", birth.format("%Y%m%d"), (i / 25_000) * 2 + (m % 2));
            let id = format!("{first17}{}", check_digit(&first17).unwrap());
            let village = ["东浦村", "西塘村", "溪口社区"][h % 3];
            out.push(vec![
                format!("居民{i}"),
                id,
                // The ID's 17th digit is odd for men.
                if m % 2 == 1 { "男" } else { "女" }.to_string(),
                ["户主", "配偶", "兄弟", "姐妹"][m].to_string(),
                h.to_string(),
                village.to_string(),
                format!("{}组", 1 + h % 4),
                format!("{village}{}网格", 1 + h % 2),
                if m == 0 { format!("138{:08}", h) } else { String::new() },
                if h % 7 == 0 { "是" } else { "" }.to_string(),
            ]);
            i += 1;
        }
    }
    out
}

fn write_csv(path: &Path, rows: &[Vec<String>]) {
    let mut text = format!("户籍人口登记表\n{HEADER}\n");
    for r in rows {
        text.push_str(&r.join(","));
        text.push('\n');
    }
    std::fs::write(path, text).unwrap();
}

/// Every row of `table` but its timestamps (and the audit chain's hashes,
/// which cover them), in rowid order.
fn dump(conn: &Connection, table: &str) -> Vec<Vec<String>> {
    let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY rowid")).unwrap();
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let skip = |n: &str| matches!(n, "updated_at" | "created_at" | "at" | "hash" | "prev_hash");
    stmt.query_map([], |r| {
        Ok((0..names.len())
            .filter(|&c| !skip(&names[c]))
            .map(|c| format!("{}={:?}", names[c], r.get::<_, Value>(c).unwrap()))
            .collect())
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

const TABLES: [&str; 7] = [
    "villages",
    "village_groups",
    "grids",
    "households",
    "persons",
    "audit_log",
    "change_log",
];

fn snapshot(db: &Path) -> Vec<Vec<Vec<String>>> {
    let conn = minqing::store::open_connection(db).unwrap();
    let mut all: Vec<Vec<Vec<String>>> = TABLES.iter().map(|t| dump(&conn, t)).collect();
    let triggers = dump(&conn, "sqlite_master WHERE type = 'trigger'");
    all.push(triggers);
    // The indexes, wherever the import left them in the schema.
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
        .unwrap();
    let indexes = stmt
        .query_map([], |r| {
            Ok(vec![
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            ])
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    all.push(indexes);
    all
}

struct Run {
    result: Result<usize, String>,
    out: String,
    stages: Vec<Stage>,
    report: Vec<Vec<String>>,
    snapshot: Vec<Vec<Vec<String>>>,
}

/// Imports `file` into a fresh database `name`, pipelined or in order;
/// the report goes to the same path for each run (the output names it).
fn import(dir: &Path, name: &str, file: &Path, pipelined: bool, setup: impl FnOnce(&Connection)) -> Run {
    let db = dir.join(name);
    let report = dir.join("report.xlsx");
    let mut store = Store::open(&db, "clerk").unwrap();
    setup(store.conn());
    let args = RegisterArgs {
        file: file.to_path_buf(),
        create_places: true,
        report: Some(report.clone()),
        ..RegisterArgs::default()
    };
    let mut out = Vec::new();
    let mut stages = Vec::new();
    let run = if pipelined {
        import_register
    } else {
        import_register_in_order
    };
    let result =
        run(&mut store, &args, Lang::Zh, today(), &mut out, &mut |s| stages.push(s)).map(|o| o.plan.persons.len());
    drop(store);
    // No report when the sheet could not be read.
    let report_cells = if report.exists() {
        let cells = report_cells(&report);
        std::fs::remove_file(&report).unwrap();
        cells
    } else {
        Vec::new()
    };
    Run {
        report: report_cells,
        result,
        out: String::from_utf8(out).unwrap(),
        stages,
        snapshot: snapshot(&db),
    }
}

/// The error report's cells, as the clerk opens it.
fn report_cells(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let (rows, _) = read::read_bytes(&bytes, read::Kind::of(path, &bytes), None, None).unwrap();
    rows.into_iter().map(|r| r.cells).collect()
}

/// Whether the write overlapped the check: its first progress step counts
/// the sheet's rows read so far (at most its persons, a title and the
/// header), not households and persons as the in-order write.
fn streamed(stages: &[Stage], persons: usize) -> bool {
    stages
        .iter()
        .find_map(|s| match s {
            Stage::Writing { total, .. } => Some(*total <= persons + 2),
            _ => None,
        })
        .unwrap_or(false)
}

#[test]
fn a_pipelined_import_writes_what_the_in_order_one_writes() {
    let dir = tempfile::tempdir().unwrap();
    let mut sheet = rows(4_000);
    // A warning (gender differs from the ID) is reported and written.
    sheet[2_500][2] = if sheet[2_500][2] == "男" { "女" } else { "男" }.to_string();
    assert!(sheet.len() > MIN_ROWS);
    let file = dir.path().join("register.csv");
    write_csv(&file, &sheet);

    let piped = import(dir.path(), "piped.db", &file, true, |_| {});
    let in_order = import(dir.path(), "in_order.db", &file, false, |_| {});
    assert_eq!(piped.result, Ok(sheet.len()), "{}", piped.out);
    assert!(streamed(&piped.stages, sheet.len()), "{:?}", piped.stages);
    assert!(!streamed(&in_order.stages, sheet.len()));
    assert_eq!(piped.result, in_order.result);
    assert_eq!(piped.out, in_order.out);
    assert!(piped.out.contains("性别"), "{}", piped.out);
    for (t, (a, b)) in TABLES.iter().zip(piped.snapshot.iter().zip(&in_order.snapshot)) {
        assert_eq!(a, b, "table {t}");
    }
    assert_eq!(piped.snapshot, in_order.snapshot);
    assert_eq!(piped.snapshot[4].len(), sheet.len());
    assert_eq!(piped.report, in_order.report);
}

/// A sheet that lists a household's rows apart is planned again whole
/// and written as the in-order import writes it.
#[test]
fn a_sheet_not_grouped_by_household_is_written_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let mut sheet = rows(4_000);
    // The second person of household 3 moves to the end of the sheet.
    let at = sheet.iter().position(|r| r[4] == "3" && r[3] == "配偶").unwrap();
    let moved = sheet.remove(at);
    sheet.push(moved);
    let file = dir.path().join("register.csv");
    write_csv(&file, &sheet);

    let piped = import(dir.path(), "piped.db", &file, true, |_| {});
    let in_order = import(dir.path(), "in_order.db", &file, false, |_| {});
    assert_eq!(piped.result, Ok(sheet.len()), "{}", piped.out);
    assert_eq!(piped.out, in_order.out);
    assert_eq!(piped.snapshot, in_order.snapshot);
}

/// Bad rows early, across the hand-over of a batch and in the last
/// household: the same lines, report and outcome, and nothing written.
#[test]
fn bad_rows_in_several_batches_give_the_same_report_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut sheet = rows(4_000);
    // The first bad row comes after thousands of rows were written.
    sheet[6_500][1] = "33062119800101123".to_string(); // 17 digits
    sheet[7_999][8] = "12345".to_string(); // phone, at a batch's edge
    sheet[8_000][1] = sheet[10][1].clone(); // the same ID twice
    let last = sheet.len() - 1;
    sheet[last][3] = "子".to_string(); // the last household lacks its head
    if sheet[last - 1][4] == sheet[last][4] {
        sheet[last - 1][3] = "子".to_string();
    }
    let file = dir.path().join("register.csv");
    write_csv(&file, &sheet);

    let empty = {
        let db = dir.path().join("empty.db");
        drop(Store::open(&db, "clerk").unwrap());
        snapshot(&db)
    };
    let piped = import(dir.path(), "piped.db", &file, true, |_| {});
    let in_order = import(dir.path(), "in_order.db", &file, false, |_| {});
    assert!(piped.result.is_err(), "{}", piped.out);
    assert!(streamed(&piped.stages, sheet.len()), "{:?}", piped.stages);
    assert_eq!(piped.result, in_order.result);
    assert_eq!(piped.out, in_order.out);
    // Data rows start on the sheet's third line.
    for row in [6_503, 8_002, 8_003] {
        assert!(piped.out.contains(&format!("第 {row} 行")), "row {row}:\n{}", piped.out);
    }
    assert_eq!(piped.snapshot, empty);
    assert_eq!(in_order.snapshot, empty);
    assert_eq!(piped.report, in_order.report);

    // The whole outcome, not only the lines shown, is the check's.
    let bytes = std::fs::read(&file).unwrap();
    let (table, _) = load_table(
        &bytes,
        read::Kind::Text,
        None,
        None,
        &[Field::Name, Field::ResidentId],
        field_of,
    )
    .unwrap();
    let opts = Options {
        update: false,
        create_places: true,
        today: today(),
        source: "register.csv".into(),
    };
    let mut store = Store::open(&dir.path().join("outcome.db"), "clerk").unwrap();
    let expected = check(&store, &table, &opts).unwrap();
    let (outcome, written) = check_and_write(&mut store, &table, &opts, &mut |_: Step| Ok(())).unwrap();
    assert!(matches!(written, Written::NotWritten), "{written:?}");
    assert_eq!(outcome.issues, expected.issues);
    assert_eq!(outcome.plan, expected.plan);
    assert_eq!(outcome.unknown_places, expected.unknown_places);
    assert!(expected.errors() >= 4);
}

/// The write fails part-way (a row the database refuses after thousands
/// were written): the transaction is rolled back whole, the change log's
/// triggers are back, and the failure is reported as the in-order import
/// reports it.
#[test]
fn a_write_failing_part_way_leaves_the_database_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = rows(4_000);
    let file = dir.path().join("register.csv");
    write_csv(&file, &sheet);
    let refuse = |conn: &Connection| {
        conn.execute_batch(
            "CREATE TRIGGER test_refuse BEFORE INSERT ON persons WHEN NEW.name = '居民9000'
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
        )
        .unwrap();
    };
    let before = {
        let db = dir.path().join("before.db");
        let store = Store::open(&db, "clerk").unwrap();
        refuse(store.conn());
        drop(store);
        snapshot(&db)
    };
    let piped = import(dir.path(), "piped.db", &file, true, refuse);
    let in_order = import(dir.path(), "in_order.db", &file, false, refuse);
    let err = piped.result.clone().unwrap_err();
    // SQLite's code for a trigger's refusal (SQLITE_CONSTRAINT_TRIGGER).
    assert!(err.contains("1811"), "{err}");
    assert_eq!(piped.result, in_order.result);
    assert_eq!(piped.out, in_order.out);
    assert!(streamed(&piped.stages, sheet.len()), "{:?}", piped.stages);
    assert_eq!(piped.snapshot, before);
    assert_eq!(in_order.snapshot, before);
}

/// The register as an .xlsx with a title row above the header.
fn xlsx_bytes(rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "户籍人口登记表").unwrap();
    for (c, h) in HEADER.split(',').enumerate() {
        sheet.write_string(1, c as u16, h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(2 + r as u32, c as u16, v).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// `bytes` with its first sheet's XML changed by `edit`.
fn edit_sheet(bytes: &[u8], edit: impl Fn(String) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            data = edit(String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A large .xlsx is checked and written while it is read: the same rows,
/// lines and report as the in-order import.
#[test]
fn a_large_workbook_read_while_written_gives_the_in_order_result() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = rows(4_000);
    let file = dir.path().join("register.xlsx");
    std::fs::write(&file, xlsx_bytes(&sheet)).unwrap();

    let piped = import(dir.path(), "piped.db", &file, true, |_| {});
    let in_order = import(dir.path(), "in_order.db", &file, false, |_| {});
    assert_eq!(piped.result, Ok(sheet.len()), "{}", piped.out);
    assert!(streamed(&piped.stages, sheet.len()), "{:?}", piped.stages);
    assert_eq!(piped.out, in_order.out);
    assert_eq!(piped.snapshot, in_order.snapshot);
    assert_eq!(piped.snapshot[4].len(), sheet.len());
    assert_eq!(piped.report, in_order.report);
}

/// A workbook whose first data row is stored after all the others (Excel
/// never writes one, other programs may): the read while writing stops
/// there, nothing it wrote stays, and the sheet read whole is imported as
/// the in-order import imports it.
#[test]
fn a_workbook_with_cells_out_of_order_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = rows(4_000);
    let bytes = edit_sheet(&xlsx_bytes(&sheet), |xml| {
        let start = xml.find("<row r=\"3\"").unwrap();
        let end = start + xml[start..].find("</row>").unwrap() + "</row>".len();
        let first = xml[start..end].to_string();
        let rest = xml[..start].to_string() + &xml[end..];
        let at = rest.find("</sheetData>").unwrap();
        format!("{}{first}{}", &rest[..at], &rest[at..])
    });
    let file = dir.path().join("register.xlsx");
    std::fs::write(&file, bytes).unwrap();
    let (streamed_rows, read_whole) = {
        let mut n = 0;
        let read = read::stream_bytes(
            &std::fs::read(&file).unwrap(),
            read::Kind::Workbook,
            None,
            None,
            &mut |_| {
                n += 1;
                true
            },
        );
        (n, read)
    };
    assert_eq!(read_whole, Err(read::ReadError::OutOfOrder));
    assert!(streamed_rows > MIN_ROWS);

    let piped = import(dir.path(), "piped.db", &file, true, |_| {});
    let in_order = import(dir.path(), "in_order.db", &file, false, |_| {});
    assert_eq!(piped.result, Ok(sheet.len()), "{}", piped.out);
    assert_eq!(piped.out, in_order.out);
    assert_eq!(piped.snapshot, in_order.snapshot);
    assert_eq!(piped.report, in_order.report);
}

/// The sheet's XML breaks after thousands of rows were checked and
/// written: the clerk hears that the workbook cannot be read, and the
/// database is as it was.
#[test]
fn a_workbook_broken_part_way_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = rows(4_000);
    // A shared string's index past the end of the shared strings.
    let bytes = edit_sheet(&xlsx_bytes(&sheet), |xml| {
        let cell = xml.find("<c r=\"A9000\"").unwrap();
        let at = cell + xml[cell..].find("<v>").unwrap() + "<v>".len();
        format!("{}99999999{}", &xml[..at], &xml[at..])
    });
    let file = dir.path().join("register.xlsx");
    std::fs::write(&file, bytes).unwrap();
    let before = {
        let db = dir.path().join("before.db");
        drop(Store::open(&db, "clerk").unwrap());
        snapshot(&db)
    };
    let piped = import(dir.path(), "piped.db", &file, true, |_| {});
    let err = piped.result.clone().unwrap_err();
    assert!(err.contains("不是可读的 Excel 工作簿"), "{err}");
    assert!(
        piped.stages.iter().any(|s| matches!(s, Stage::Writing { .. })),
        "rows were written before the break: {:?}",
        piped.stages
    );
    assert_eq!(piped.snapshot, before);
}
