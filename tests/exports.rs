//! Exports people can open (README "Exports"): the requests, the
//! assessment table and visit plans as `.xlsx` and CSV, read back with
//! calamine — numbers are numbers, rates are numbers formatted as %,
//! formula-like text stays text, IDs and phones masked unless a full
//! export was allowed, CSV with a BOM — written as new files in the one
//! export folder, audited with their row count.

mod common;

use calamine::{Data, Reader};
use common::{Lang, count, demo_db, today};
use minqing::export::cli::{Destination, ExportCommand, RequestsArgs, run};
use minqing::export::jobs::Format;
use minqing::store::Store;
use std::io::Read;
use std::path::{Path, PathBuf};

fn rows_of(path: &Path) -> Vec<Vec<Data>> {
    let mut book = calamine::open_workbook_auto(path).expect("workbook");
    let range = book.worksheet_range_at(0).expect("a sheet").expect("range");
    range.rows().map(|r| r.to_vec()).collect()
}

fn no_formulas(path: &Path) {
    let mut book = calamine::open_workbook_auto(path).expect("workbook");
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).expect("formulas");
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "{name}");
    }
}

/// A part of the xlsx package (its XML) as text.
fn part(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut text = String::new();
    zip.by_name(name).expect(name).read_to_string(&mut text).expect("read");
    text
}

fn requests_args(out: &Path, format: Format, full: bool) -> RequestsArgs {
    RequestsArgs {
        view: "all".into(),
        status: vec![],
        channel: vec![],
        village: vec![],
        grid: vec![],
        category: vec![],
        level: vec![],
        overdue: false,
        text: None,
        sort: None,
        format,
        full,
        to: Destination {
            output: None,
            out_dir: Some(out.to_path_buf()),
        },
    }
}

/// The path the message names ("… 到 /x/y.xlsx").
fn path_in(msg: &str) -> PathBuf {
    let at = msg.find('/').unwrap_or_else(|| panic!("no path in {msg}"));
    PathBuf::from(&msg[at..])
}

/// A demo township where one request's title and caller look like formulas.
fn setup(dir: &Path) -> (PathBuf, i64) {
    let db = demo_db(dir, 200);
    let conn = minqing::store::open_connection(&db).expect("open");
    let id: i64 = conn
        .query_row(
            "SELECT r.id FROM requests r JOIN persons p ON p.id = r.person_id WHERE p.phone IS NOT NULL ORDER BY r.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a request from a resident with a phone");
    conn.execute(
        "UPDATE requests SET title = '=HYPERLINK(\"http://x\",\"点我\")', caller_phone = NULL WHERE id = ?1",
        [id],
    )
    .expect("update");
    (db, id)
}

#[test]
fn requests_export_as_xlsx_has_numbers_dates_masks_and_no_formulas() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, id) = setup(dir.path());
    let out = dir.path().join("exports");
    let mut store = Store::open(&db, "demo").expect("open");
    let msg = run(
        &mut store,
        ExportCommand::Requests(requests_args(&out, Format::Xlsx, false)),
        Lang::Zh,
        today(),
    )
    .expect("export");
    let file = path_in(&msg);
    assert!(file.starts_with(std::fs::canonicalize(&out).unwrap()), "{msg}");
    assert_eq!(file.file_name().unwrap(), "requests-20261126.xlsx");
    let total = count(&store, "SELECT count(*) FROM requests");
    assert!(msg.contains(&format!("已导出 {total} 行")), "{msg}");
    let rows = rows_of(&file);
    assert_eq!(rows.len() as i64, total + 1);
    assert_eq!(rows[0][0], Data::String("编号".into()));
    assert_eq!(rows[0][7], Data::String("联系电话".into()));
    let row = rows
        .iter()
        .find(|r| r[0] == Data::Float(id as f64))
        .expect("the request's row, its number a number");
    assert_eq!(
        row[9],
        Data::String("=HYPERLINK(\"http://x\",\"点我\")".into()),
        "formula text stays text"
    );
    assert!(matches!(row[1], Data::DateTime(_)), "received is a date: {:?}", row[1]);
    let Data::String(phone) = &row[7] else {
        panic!("phone {:?}", row[7])
    };
    assert!(phone.contains("****") && phone.len() == 11, "masked: {phone}");
    let Data::String(rid) = &row[6] else {
        panic!("id {:?}", row[6])
    };
    assert!(rid.contains("********"), "masked: {rid}");
    assert!(matches!(row[17], Data::Float(_)), "urges a number");
    no_formulas(&file);
    // Frozen header row and columns wide enough for Chinese text.
    let sheet = part(&file, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("ySplit=\"1\"") && sheet.contains("state=\"frozen\""),
        "{sheet}"
    );
    assert!(sheet.contains("<col "), "column widths set");
    // Audited with its row count, masked.
    let audited = count(
        &store,
        &format!(
            "SELECT count(*) FROM audit_log WHERE action = 'requests.export' AND detail LIKE '{total} rows, masked,%'"
        ),
    );
    assert_eq!(audited, 1);
    assert_eq!(common::mode_of(&file), 0o600);
}

#[test]
fn full_requests_export_needs_reveal_and_is_audited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, id) = setup(dir.path());
    let out = dir.path().join("exports");
    // The demo clerk may not reveal: refused, audited, no file.
    let mut clerk = Store::open(&db, "demo").expect("open");
    let err = run(
        &mut clerk,
        ExportCommand::Requests(requests_args(&out, Format::Xlsx, true)),
        Lang::Zh,
        today(),
    )
    .unwrap_err();
    assert!(err.contains("不能导出完整数据"), "{err}");
    assert!(!out.exists() || std::fs::read_dir(&out).unwrap().count() == 0);
    assert_eq!(
        count(
            &clerk,
            "SELECT count(*) FROM audit_log WHERE action = 'requests.export' AND outcome = 'refused'"
        ),
        1
    );
    // The administrator may: full phone and ID, audited as full.
    let mut admin = Store::open(&db, "admin").expect("open");
    let msg = run(
        &mut admin,
        ExportCommand::Requests(requests_args(&out, Format::Xlsx, true)),
        Lang::Zh,
        today(),
    )
    .expect("full export");
    let (phone, rid): (String, String) = admin
        .conn()
        .query_row(
            "SELECT p.phone, p.resident_id FROM requests r JOIN persons p ON p.id = r.person_id WHERE r.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("person");
    let rows = rows_of(&path_in(&msg));
    let row = rows.iter().find(|r| r[0] == Data::Float(id as f64)).expect("row");
    assert_eq!(row[7], Data::String(phone));
    assert_eq!(row[6], Data::String(rid));
    assert_eq!(
        count(
            &admin,
            "SELECT count(*) FROM audit_log WHERE action = 'requests.export' AND outcome = 'ok' AND detail LIKE '% rows, full,%'"
        ),
        1
    );
}

#[test]
fn requests_export_follows_the_filters_and_csv_has_a_bom_and_escapes_formulas() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, id) = setup(dir.path());
    let out = dir.path().join("exports");
    let mut store = Store::open(&db, "demo").expect("open");
    let channel: String = store
        .conn()
        .query_row("SELECT channel FROM requests WHERE id = ?1", [id], |r| r.get(0))
        .expect("channel");
    let mut args = requests_args(&out, Format::Csv, false);
    args.channel = vec![channel.clone()];
    let msg = run(&mut store, ExportCommand::Requests(args), Lang::En, today()).expect("export");
    let file = path_in(&msg);
    assert_eq!(file.extension().unwrap(), "csv");
    let text = std::fs::read_to_string(&file).expect("read");
    assert!(text.starts_with("\u{feff}No.,Received,Channel"), "{text}");
    let lines = text.lines().count() as i64 - 1;
    assert_eq!(
        lines,
        count(
            &store,
            &format!("SELECT count(*) FROM requests WHERE channel = '{channel}'")
        ),
        "only the filtered channel"
    );
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\""),
        "the formula is escaped: {text}"
    );
    // An unknown view or code is a sentence listing what exists.
    let mut bad = requests_args(&out, Format::Csv, false);
    bad.view = "nosuch".into();
    let err = run(&mut store, ExportCommand::Requests(bad), Lang::Zh, today()).unwrap_err();
    assert!(err.contains("nosuch") && err.contains("overdue"), "{err}");
    let mut bad = requests_args(&out, Format::Csv, false);
    bad.status = vec!["done".into()];
    let err = run(&mut store, ExportCommand::Requests(bad), Lang::Zh, today()).unwrap_err();
    assert!(err.contains("done") && err.contains("resolved"), "{err}");
}

#[test]
fn assessment_export_writes_rates_as_percent_numbers_with_their_n_and_split_quotas() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 200);
    let out = dir.path().join("exports");
    let mut store = Store::open(&db, "demo").expect("open");
    let cmd = |format| ExportCommand::Assessment {
        period: "year".into(),
        grids: false,
        format,
        to: Destination {
            output: None,
            out_dir: Some(out.clone()),
        },
    };
    let msg = run(&mut store, cmd(Format::Xlsx), Lang::Zh, today()).expect("export");
    let file = path_in(&msg);
    let rows = rows_of(&file);
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name} in {header:?}"))
    };
    let (cov, village, required, aware, aware_n) = (
        col("走访覆盖率"),
        col("下村天数"),
        col("下村应达"),
        col("知晓率"),
        col("知晓样本数"),
    );
    assert!(rows.len() > 1);
    for r in &rows[1..] {
        assert!(matches!(r[col("户数")], Data::Float(_)), "{r:?}");
        assert!(matches!(r[cov], Data::Float(x) if (0.0..=1.0).contains(&x)) || r[cov] == Data::Empty);
        assert!(matches!(r[village], Data::Float(_)) && matches!(r[required], Data::Float(_)));
        assert!(matches!(r[aware_n], Data::Float(_)));
        match (&r[aware], &r[aware_n]) {
            (Data::Empty, Data::Float(n)) => assert_eq!(*n, 0.0, "no rate without a sample"),
            (Data::Float(x), Data::Float(n)) => assert!(*n > 0.0 && (0.0..=1.0).contains(x)),
            other => panic!("{other:?}"),
        }
    }
    assert!(
        rows[1..].iter().any(|r| matches!(r[aware], Data::Float(_))),
        "the demo has survey calls"
    );
    // The rate cells carry a percent number format.
    let styles = part(&file, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"0.0%\""), "{styles}");
    no_formulas(&file);
    // CSV: BOM, the same columns, rates as 86.0%.
    let msg = run(&mut store, cmd(Format::Csv), Lang::Zh, today()).expect("csv");
    let text = std::fs::read_to_string(path_in(&msg)).expect("read");
    assert!(text.starts_with("\u{feff}干部,网格,户数"), "{text}");
    assert!(text.lines().nth(1).is_some_and(|l| l.contains('%')), "{text}");
}

#[test]
fn visit_plan_export_masks_phones_unless_full_and_numbers_the_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 200);
    let out = dir.path().join("exports");
    let mut store = Store::open(&db, "admin").expect("open");
    store
        .conn()
        .execute(
            "UPDATE households SET phone = '1390000' || printf('%04d', id % 10000)",
            [],
        )
        .expect("household phones");
    let (cadre_id, cadre): (i64, String) = store
        .conn()
        .query_row(
            "SELECT c.id, c.name FROM cadres c JOIN grids g ON g.cadre_id = c.id ORDER BY c.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a grid cadre");
    let cmd = |full| ExportCommand::Plan {
        cadre: cadre.clone(),
        format: Format::Xlsx,
        full,
        to: Destination {
            output: None,
            out_dir: Some(out.clone()),
        },
    };
    let msg = run(&mut store, cmd(false), Lang::Zh, today()).expect("export");
    let file = path_in(&msg);
    assert_eq!(
        file.file_name().unwrap().to_string_lossy(),
        format!("visit-plan-{cadre_id}-20261126.xlsx")
    );
    let rows = rows_of(&file);
    assert!(rows.len() > 1, "the cadre has households to visit");
    assert_eq!(rows[1][0], Data::Float(1.0));
    let phones: Vec<&Data> = rows[1..].iter().map(|r| &r[4]).filter(|c| **c != Data::Empty).collect();
    assert!(!phones.is_empty());
    assert!(phones.iter().all(|p| p.to_string().contains("****")), "{phones:?}");
    // The same export again is a numbered file; the full one shows phones.
    let msg = run(&mut store, cmd(true), Lang::Zh, today()).expect("export");
    let second = path_in(&msg);
    assert_eq!(
        second.file_name().unwrap().to_string_lossy(),
        format!("visit-plan-{cadre_id}-20261126 (2).xlsx")
    );
    let rows = rows_of(&second);
    assert!(
        rows[1..]
            .iter()
            .any(|r| matches!(&r[4], Data::String(p) if p.len() == 11 && !p.contains('*')))
    );
    // An unknown cadre is a sentence.
    let err = run(
        &mut store,
        ExportCommand::Plan {
            cadre: "无此人".into(),
            format: Format::Xlsx,
            full: false,
            to: Destination {
                output: None,
                out_dir: None,
            },
        },
        Lang::Zh,
        today(),
    )
    .unwrap_err();
    assert!(err.contains("无此人"), "{err}");
}

#[test]
fn the_export_folder_is_a_setting_for_administrators() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    let folder = dir.path().join("共享导出");
    let mut admin = Store::open(&db, "admin").expect("open");
    let shown = run(
        &mut admin,
        ExportCommand::Folder {
            dir: None,
            default: false,
        },
        Lang::Zh,
        today(),
    )
    .expect("show");
    assert!(shown.ends_with("minqing-exports"), "{shown}");
    let set = run(
        &mut admin,
        ExportCommand::Folder {
            dir: Some(folder.clone()),
            default: false,
        },
        Lang::Zh,
        today(),
    )
    .expect("set");
    assert!(set.contains(&folder.display().to_string()), "{set}");
    // Every export without -o/--out now goes there.
    let msg = run(
        &mut admin,
        ExportCommand::Assessment {
            period: "month".into(),
            grids: true,
            format: Format::Xlsx,
            to: Destination {
                output: None,
                out_dir: None,
            },
        },
        Lang::Zh,
        today(),
    )
    .expect("export");
    assert!(
        path_in(&msg).starts_with(std::fs::canonicalize(&folder).unwrap()),
        "{msg}"
    );
    // A clerk may not change it; the refusal is audited.
    let mut clerk = Store::open(&db, "demo").expect("open");
    assert!(
        run(
            &mut clerk,
            ExportCommand::Folder {
                dir: None,
                default: true,
            },
            Lang::Zh,
            today(),
        )
        .is_err()
    );
    assert_eq!(minqing::store::export_folder::get(clerk.conn()).unwrap(), Some(folder));
    assert_eq!(
        count(
            &admin,
            "SELECT count(*) FROM audit_log WHERE action = 'settings.export_dir'"
        ),
        1
    );
}

#[test]
fn one_key_exports_the_triage_table_as_filtered_and_the_assessment_table() {
    use crossterm::event::KeyCode;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 200);
    let folder = dir.path().join("导出");
    minqing::store::open_connection(&db)
        .expect("open")
        .execute(
            "INSERT INTO settings (key, value) VALUES ('export_dir', ?1)",
            [folder.display().to_string()],
        )
        .expect("setting");
    let mut app = common::InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('3'));
    let before = app.state.requests.total;
    // Narrow the table with `/` (asked of the store): the export has
    // exactly the rows shown.
    let title = app.state.requests.rows[0].title.clone();
    let word: String = title.chars().take(4).collect();
    app.key(KeyCode::Char('/'));
    app.typed(&word);
    app.key(KeyCode::Enter);
    let shown: Vec<i64> = app
        .state
        .list_of(minqing::panes::PaneId::REQUESTS)
        .visible
        .iter()
        .map(|&i| app.state.requests.rows[i].id)
        .collect();
    assert!(!shown.is_empty() && shown.len() < before);
    assert_eq!(
        shown.len(),
        app.state.requests.total,
        "all of the narrowed table is loaded"
    );
    app.key(KeyCode::Char('X'));
    let msg = app.state.status.clone().expect("a message");
    assert!(!msg.error, "{msg:?}");
    let file = path_in(&msg.text);
    assert!(file.starts_with(std::fs::canonicalize(&folder).unwrap()), "{msg:?}");
    let rows = rows_of(&file);
    let ids: Vec<i64> = rows[1..]
        .iter()
        .map(|r| match r[0] {
            Data::Float(x) => x as i64,
            ref other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(ids, shown, "the rows as the table shows them, in its order");
    // The assessment pane: X writes the table in view as xlsx.
    app.key(KeyCode::Char('5'));
    app.key(KeyCode::Char('X'));
    let msg = app.state.status.clone().expect("a message");
    assert!(
        !msg.error && msg.text.contains("assessment-cadres-week-20261126.xlsx"),
        "{msg:?}"
    );
    assert!(rows_of(&path_in(&msg.text)).len() > 1);
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 2);
}

#[test]
fn one_key_exports_the_whole_triage_table_not_only_its_loaded_rows() {
    use crossterm::event::KeyCode;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("many.db");
    let mut conn = minqing::store::open_connection(&db).expect("open");
    let opts = minqing::demo::DemoOptions {
        households: 200,
        seed: 11,
        today: today(),
    };
    minqing::demo::generate_with_requests(&mut conn, &opts, 900).expect("generate");
    let folder = dir.path().join("out");
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('export_dir', ?1)",
        [folder.display().to_string()],
    )
    .expect("setting");
    let mut app = common::InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('3'));
    app.key(KeyCode::Char('v')); // all requests
    let total = app.state.requests.total;
    assert_eq!(total, 900);
    // Only a window of the table is loaded (README "Architecture").
    assert!(app.state.requests.rows.len() < total);
    app.key(KeyCode::Char('X'));
    let msg = app.state.status.clone().expect("a message");
    assert!(!msg.error, "{msg:?}");
    let rows = rows_of(&path_in(&msg.text));
    assert_eq!(rows.len() - 1, total, "every row of the view, under the header");
}
