//! `minqing import`: register and places from sheets built here (xlsx with
//! a title, GBK and GB18030 CSV, a sheet with every kind of error), the
//! all-or-nothing write, `--update`, the error report and the command line.

use minqing::domain::ids::check_digit;
use minqing::import::columns::{Field, Table};
use minqing::import::read::{Kind, RawRow, read_bytes};
use minqing::import::register::{Existing, Options, validate};
use minqing::import::{RegisterArgs, import_places, import_register};
use minqing::store::Store;
use minqing::store::import::Places;
use minqing::text::i18n::Lang;
use proptest::prelude::*;
use rusqlite::Connection;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

/// A valid resident ID from its first 17 digits.
fn id(first17: &str) -> String {
    format!("{first17}{}", check_digit(first17).unwrap())
}

/// A valid ID ending in X (lower-case x as typed), for a birth date.
fn id_with_x(prefix: &str) -> String {
    (0..1000)
        .map(|seq| format!("{prefix}{seq:03}"))
        .find(|f| check_digit(f) == Some('X'))
        .map(|f| format!("{f}x"))
        .unwrap()
}

fn store(dir: &Path) -> Store {
    Store::open(&dir.join("t.db"), "clerk").expect("open")
}

/// A store whose villages, groups, grids and cadres came from [`places_csv`].
fn store_with_places(dir: &Path) -> Store {
    let mut s = store(dir);
    import_places(&mut s, &places_csv(dir), None, None, Lang::Zh, &mut Vec::new()).unwrap();
    s
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).expect(sql)
}

fn args(file: PathBuf) -> RegisterArgs {
    RegisterArgs {
        file,
        ..RegisterArgs::default()
    }
}

fn run(store: &mut Store, a: &RegisterArgs) -> (Result<minqing::import::register::Outcome, String>, String) {
    let mut out = Vec::new();
    let r = import_register(store, a, Lang::Zh, today(), &mut out, &mut |_| {});
    (r, String::from_utf8(out).unwrap())
}

fn places_csv(dir: &Path) -> PathBuf {
    let p = dir.join("places.csv");
    std::fs::write(
        &p,
        "村（社区）,村民小组,网格,网格员,联系电话,职务\n\
         青山村,1组,青山村第一网格,周明,13900001111,\n\
         青山村,2组,青山村第一网格,周明,13900001111,\n\
         青山村,3组,青山村第二网格,吴丽,0575-85123456,网格长\n\
         溪口社区,1,溪口社区网格,,,\n",
    )
    .unwrap();
    p
}

#[test]
fn places_sheet_creates_villages_groups_grids_and_cadres_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let file = places_csv(dir.path());
    let mut out = Vec::new();
    let done = import_places(&mut s, &file, None, None, Lang::Zh, &mut out).expect("import");
    assert_eq!((done.villages, done.groups, done.grids, done.cadres), (2, 4, 3, 2));
    let conn = s.conn();
    assert_eq!(
        count(conn, "SELECT kind = 'community' FROM villages WHERE name = '溪口社区'"),
        1
    );
    assert_eq!(
        count(
            conn,
            "SELECT count(*) FROM grids g JOIN cadres c ON c.id = g.cadre_id WHERE c.name = '周明'"
        ),
        1
    );
    let again = import_places(&mut s, &file, None, None, Lang::Zh, &mut out).expect("again");
    assert_eq!(
        (again.villages, again.groups, again.grids, again.cadres, again.assigned),
        (0, 0, 0, 0, 0)
    );
    assert_eq!(
        count(
            s.conn(),
            "SELECT count(*) FROM audit_log WHERE action = 'places.import'"
        ),
        2
    );
}

#[test]
fn xlsx_with_a_title_and_the_header_on_row_4() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("登记表.xlsx");
    let wang = id_with_x("33062119800101");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "青山镇户籍人口登记表").unwrap();
    sheet.write_string(1, 0, "填报单位：青山镇人民政府").unwrap();
    let headers = [
        "序号",
        "姓名",
        "公民身份号码",
        "性别",
        "与户主关系",
        "户号",
        "联系电话",
        "村（社区）",
        "村民小组",
        "门牌号",
        "民族",
        "低保户",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(3, c as u16, *h).unwrap();
    }
    let rows: [[&str; 12]; 4] = [
        [
            "1",
            "张建国",
            &id("33062119700315001"),
            "男",
            "户主",
            "101",
            "",
            "青山村",
            "3组",
            "12号",
            "汉",
            "",
        ],
        [
            "2",
            "李秀英",
            &id("33062119720601002"),
            "女",
            "配偶",
            "101",
            "",
            "青山村",
            "3组",
            "12号",
            "汉",
            "",
        ],
        // A legacy 15-digit number, upgraded on import.
        [
            "3",
            "张伟",
            "330621950707011",
            "男",
            "子",
            "101",
            "",
            "青山村",
            "3组",
            "12号",
            "汉",
            "",
        ],
        [
            "4",
            "王芳",
            &wang,
            "女",
            "户主",
            "102",
            "",
            "青山村",
            "3组",
            "14号",
            "汉",
            "是",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(4 + r as u32, c as u16, *v).unwrap();
        }
    }
    // A phone saved as a number cell, as Excel does with digits.
    sheet.write_number(7, 6, 13812348000.0).unwrap();
    book.save(&file).unwrap();

    let mut s = store(dir.path());
    let mut a = args(file);
    a.create_places = true;
    let (r, out) = run(&mut s, &a);
    let outcome = r.unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert!(out.contains("表头在第 4 行"), "{out}");
    assert!(out.contains("序号、民族"), "unmapped columns are listed: {out}");
    assert!(out.contains("青山村网格"), "places to create are named: {out}");
    assert_eq!((outcome.new_households(), outcome.new_persons()), (2, 4));
    let conn = s.conn();
    assert_eq!(count(conn, "SELECT count(*) FROM persons"), 4);
    let upgraded: String = conn
        .query_row("SELECT resident_id FROM persons WHERE name = '张伟'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(upgraded, id("33062119950707011"));
    let (wang_id, phone, tags): (String, String, String) = conn
        .query_row(
            "SELECT p.resident_id, p.phone, h.tags FROM persons p JOIN households h ON h.id = p.household_id
             WHERE p.name = '王芳'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(wang_id, wang.to_uppercase());
    assert_eq!(phone, "13812348000");
    assert_eq!(tags, "低保");
    assert_eq!(
        count(
            conn,
            "SELECT count(*) FROM households h JOIN village_groups g ON g.id = h.group_id
             WHERE g.number = 3 AND h.address = '青山村3组12号'"
        ),
        1
    );
    let detail: String = conn
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'register.import'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(detail.contains("new persons 4"), "{detail}");
}

#[test]
fn gbk_csv_under_a_title_is_detected_and_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "人口信息采集表\n填报单位：青山镇,,,,\n姓名,身份证号码,与户主关系,户主姓名,村,组,现住址\n\
         赵德明,{},户主,赵德明,青山村,1组,青山村一组五号\n钱桂兰,{},配偶,赵德明,青山村,1组,青山村一组五号\n",
        id("33062119550202003"),
        id("33062119570808004")
    );
    let (bytes, _, _) = encoding_rs::GBK.encode(&text);
    let file = dir.path().join("gbk.csv");
    std::fs::write(&file, &bytes).unwrap();
    let mut s = store_with_places(dir.path());
    let (r, out) = run(&mut s, &args(file));
    r.unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert!(out.contains("gb18030"), "{out}");
    let conn = s.conn();
    assert_eq!(
        count(
            conn,
            "SELECT count(DISTINCT household_id) FROM persons WHERE name IN ('赵德明', '钱桂兰')"
        ),
        1
    );
    // No grid column: the village's first grid.
    assert_eq!(
        count(
            conn,
            "SELECT count(*) FROM households h JOIN grids g ON g.id = h.grid_id WHERE g.name = '青山村第一网格'"
        ),
        1
    );
}

#[test]
fn gb18030_csv_with_a_quoted_comma_and_a_newline_in_a_cell() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "姓名,公民身份号码,与户主关系,户号,村(社区),所属网格,户籍详址\n\
         孙𠮷,{},户主,7,溪口社区,溪口社区网格,\"溪口社区1组8号,东首\n二楼\"\n\
         周小红,{},女,7,溪口社区,溪口社区网格,\"溪口社区1组8号,东首\n二楼\"\n",
        id("33062119800505005"),
        id("33062120100606006")
    );
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let file = dir.path().join("gb18030.txt");
    std::fs::write(&file, &bytes).unwrap();
    let mut s = store_with_places(dir.path());
    let mut a = args(file);
    a.encoding = Some("gb18030".into());
    let (r, out) = run(&mut s, &a);
    r.unwrap_or_else(|e| panic!("{e}\n{out}"));
    let (name, address): (String, String) = s
        .conn()
        .query_row(
            "SELECT p.name, h.address FROM persons p JOIN households h ON h.id = p.household_id WHERE p.relation = '户主'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(name, "孙𠮷");
    assert_eq!(address, "溪口社区1组8号,东首\n二楼");
}

#[test]
fn any_bad_row_writes_nothing_and_the_report_names_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let a1 = id("33062119700315001");
    let bad_checksum = {
        let good = id("33062119710315001");
        let last = if good.ends_with('1') { '2' } else { '1' };
        format!("{}{last}", &good[..17])
    };
    let text = format!(
        "户籍人口登记表\n姓名,公民身份号码,与户主关系,户号,村(社区),联系电话\n\
         好人,{a1},户主,1,青山村,13812348000\n\
         错号,{bad_checksum},户主,2,青山村,\n\
         甲,{d},户主,3,青山村,\n\
         乙,{d},配偶,3,青山村,\n\
         丙,{h1},户主,4,青山村,\n\
         丁,{h2},户主,4,青山村,\n\
         戊,{v},户主,5,红旗村,\n\
         己,{p},户主,6,青山村,12345\n",
        d = id("33062119800101011"),
        h1 = id("33062119600101021"),
        h2 = id("33062119620101022"),
        v = id("33062119900101031"),
        p = id("33062119900101041"),
    );
    let file = dir.path().join("bad.csv");
    std::fs::write(&file, text).unwrap();
    let report = dir.path().join("report.xlsx");
    let mut s = store_with_places(dir.path());
    let before = count(s.conn(), "SELECT count(*) FROM audit_log");
    let mut a = args(file);
    a.report = Some(report.clone());
    let (r, out) = run(&mut s, &a);
    let err = r.expect_err("errors refuse the import");
    assert!(err.contains("没有写入任何数据"), "{err}");
    assert!(out.contains("第 4 行：身份证号"), "{out}");
    assert!(out.contains("第 6 行：身份证号与第 5 行重复"), "{out}");
    assert!(out.contains("第 7 行：本户有 2 个户主"), "{out}");
    assert!(out.contains("第 9 行：村（社区）「红旗村」不存在"), "{out}");
    assert!(out.contains("第 10 行：电话「12345」"), "{out}");
    assert!(out.contains("红旗村"), "{out}");
    let conn = s.conn();
    assert_eq!(count(conn, "SELECT count(*) FROM persons"), 0);
    assert_eq!(count(conn, "SELECT count(*) FROM households"), 0);
    assert_eq!(count(conn, "SELECT count(*) FROM villages WHERE name = '红旗村'"), 0);
    assert_eq!(count(conn, "SELECT count(*) FROM audit_log"), before);

    // The report: original columns, 错误原因, 原行号; readable by calamine.
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto(&report).expect("report opens");
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Float(f) => format!("{f}"),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(
        rows[0][..6],
        ["姓名", "公民身份号码", "与户主关系", "户号", "村(社区)", "联系电话"]
    );
    assert_eq!(rows[0][6..], ["错误原因", "原行号"]);
    let reason = |file_row: &str| {
        rows.iter()
            .find(|r| r[7] == file_row)
            .map(|r| r[6].clone())
            .unwrap_or_default()
    };
    assert_eq!(reason("3"), "");
    assert!(reason("4").contains("校验位"), "{rows:?}");
    assert_eq!(reason("5"), "");
    assert!(reason("6").contains("第 5 行重复"));
    assert!(reason("7").contains("2 个户主") && reason("8").contains("2 个户主"));
    assert!(reason("9").contains("红旗村"));
    assert!(reason("10").contains("12345"));
    assert_eq!(rows[2][1], bad_checksum, "IDs stay text");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&report).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn unknown_places_are_created_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.csv");
    std::fs::write(
        &file,
        format!("姓名,身份证号,村,组\n甲,{},新村,2\n", id("33062119800101011")),
    )
    .unwrap();
    let mut s = store(dir.path());
    let mut a = args(file);
    a.dry_run = true;
    a.create_places = true;
    let (r, out) = run(&mut s, &a);
    r.unwrap();
    assert!(
        out.contains("将新建这些村/组/网格：新村、新村 2组、新村/新村网格"),
        "{out}"
    );
    assert!(out.contains("试运行"), "{out}");
    assert_eq!(
        count(s.conn(), "SELECT count(*) FROM villages"),
        0,
        "a dry run writes nothing"
    );
    a.dry_run = false;
    a.create_places = false;
    let (r, out) = run(&mut s, &a);
    assert!(r.is_err());
    assert!(out.contains("import places"), "{out}");
    a.create_places = true;
    run(&mut s, &a).0.unwrap();
    assert_eq!(count(s.conn(), "SELECT count(*) FROM persons"), 1);
    assert_eq!(
        count(s.conn(), "SELECT count(*) FROM village_groups WHERE name = '2组'"),
        1
    );
}

#[test]
fn update_changes_a_phone_moves_a_person_and_lists_the_missing() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c, d) = (
        id("33062119700315001"),
        id("33062119950707011"),
        id("33062119400101021"),
        id("33062119750101031"),
    );
    let header = "姓名,公民身份号码,与户主关系,户号,村(社区),村民小组,联系电话,人户状态\n";
    let first = format!(
        "{header}张建国,{a},户主,1,青山村,1,13812348000,在家\n张伟,{b},子,1,青山村,1,,在家\n\
         张老太,{c},母亲,1,青山村,1,,在家\n刘强,{d},户主,2,青山村,2,,在家\n"
    );
    let second = format!(
        "{header}张建国,{a},户主,1,青山村,,13900009999,在家\n刘强,{d},户主,2,青山村,2,,在家\n\
         张伟,{b},女婿,2,青山村,2,,外出务工\n"
    );
    let mut s = store_with_places(dir.path());
    let f1 = dir.path().join("1.csv");
    std::fs::write(&f1, first).unwrap();
    run(&mut s, &args(f1.clone())).0.unwrap();
    // Importing the same IDs again without --update is refused.
    let (r, out) = run(&mut s, &args(f1));
    assert!(r.is_err() && out.contains("--update"), "{out}");

    let f2 = dir.path().join("2.csv");
    std::fs::write(&f2, second).unwrap();
    let mut u = args(f2);
    u.update = true;
    let (r, out) = run(&mut s, &u);
    let outcome = r.unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert_eq!(
        (outcome.new_persons(), outcome.updated_persons(), outcome.unchanged),
        (0, 2, 1)
    );
    assert_eq!(outcome.moved, 1);
    assert!(out.contains("1 人（只列出供核查") && out.contains("张老太"), "{out}");
    let conn = s.conn();
    let (phone, version): (String, i64) = conn
        .query_row("SELECT phone, version FROM persons WHERE name = '张建国'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((phone.as_str(), version), ("13900009999", 2));
    let same: i64 = conn
        .query_row(
            "SELECT (SELECT household_id FROM persons WHERE name = '张伟') = (SELECT household_id FROM persons WHERE name = '刘强')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(same, 1, "张伟 moved into 刘强's household");
    assert_eq!(
        count(
            conn,
            "SELECT count(*) FROM persons WHERE name = '张伟' AND status = '外出务工' AND relation = '女婿'"
        ),
        1
    );
    assert_eq!(
        count(conn, "SELECT count(*) FROM persons WHERE name = '张老太'"),
        1,
        "never deleted"
    );
    assert_eq!(count(conn, "SELECT count(*) FROM persons"), 4);
    // An empty group cell keeps the registered group: the household is unchanged.
    assert_eq!(
        count(
            conn,
            "SELECT count(*) FROM audit_log WHERE action = 'household.import_update'"
        ),
        0
    );
    assert_eq!(
        count(
            conn,
            "SELECT g.number FROM persons p JOIN households h ON h.id = p.household_id
             JOIN village_groups g ON g.id = h.group_id WHERE p.name = '张建国'"
        ),
        1
    );
    assert_eq!(
        count(
            conn,
            "SELECT count(*) FROM audit_log WHERE action = 'person.import_update'"
        ),
        2
    );
    let detail: String = conn
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'person.import_update' AND detail LIKE '%phone%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(detail.contains("13812348000 -> 13900009999"), "{detail}");
}

#[test]
fn the_command_line_imports_and_lookup_finds_by_pinyin() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let file = dir.path().join("r.csv");
    std::fs::write(
        &file,
        format!(
            "\u{feff}姓名,公民身份号码,村(社区),组\n欧阳修远,{},青山村,1\n",
            id("33062119800101011")
        ),
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_minqing");
    let run = |args: &[&str]| {
        std::process::Command::new(bin)
            .args(args)
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path())
            .output()
            .unwrap()
    };
    let db_s = db.to_str().unwrap();
    // A new office: its administrator first, then the register.
    let pw = dir.path().join("admin.password");
    std::fs::write(&pw, "Office-2026").unwrap();
    std::fs::set_permissions(&pw, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let pw = pw.to_str().unwrap();
    let out = run(&[
        "user",
        "add",
        "admin",
        "--role",
        "admin",
        "--new-password-file",
        pw,
        "--db",
        db_s,
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let run = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--user", "admin", "--password-file", pw]);
        run(&all)
    };
    let out = run(&[
        "import",
        "register",
        file.to_str().unwrap(),
        "--db",
        db_s,
        "--create-places",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("已导入"));
    let out = run(&["lookup", "ouyangxiuyuan", "--db", db_s]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && stdout.contains("欧阳修远"), "{stdout}");
    let en = run(&[
        "import",
        "register",
        file.to_str().unwrap(),
        "--db",
        db_s,
        "--lang",
        "en",
    ]);
    assert!(!en.status.success());
    assert!(String::from_utf8_lossy(&en.stderr).contains("nothing was written"));
}

fn header_row() -> RawRow {
    RawRow {
        number: 1,
        cells: [
            "姓名",
            "公民身份号码",
            "与户主关系",
            "户号",
            "村(社区)",
            "村民小组",
            "联系电话",
            "所属网格",
            "低保户",
        ]
        .map(String::from)
        .to_vec(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn reading_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = read_bytes(&bytes, Kind::Text, None, None);
        let _ = read_bytes(&bytes, Kind::Workbook, None, None);
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend(&bytes);
        let _ = read_bytes(&zip, Kind::Workbook, None, None);
    }

    #[test]
    fn validating_arbitrary_cells_never_panics(
        cells in proptest::collection::vec(
            proptest::collection::vec(prop_oneof!["\\PC{0,12}", "[0-9xX０-９]{14,19}", "户主|配偶|子|女", "[一二三十0-9]{1,3}组"], 0..10),
            0..12,
        )
    ) {
        let mut rows = vec![header_row()];
        rows.extend(cells.into_iter().enumerate().map(|(i, c)| RawRow { number: i + 2, cells: c }));
        let table = Table::find(rows, &[Field::Name], minqing::import::columns::field_of).unwrap();
        let places = Places::default();
        let households = HashMap::new();
        let db = Existing { places: &places, persons: &[], households: &households };
        for (update, create_places) in [(false, false), (true, true)] {
            let opts = Options { update, create_places, today: today(), source: "p".into() };
            let out = validate(&table, &db, &opts);
            let _ = minqing::import::register::summary(&out, Lang::En);
            let _ = minqing::import::report::build(&table, &out.issues, &out.missing, Lang::Zh).unwrap();
        }
    }
}

#[test]
fn register_export_masks_writes_numbers_and_text_and_never_overwrites() {
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.csv");
    let pid = id("33062119800101011");
    std::fs::write(
        &file,
        format!("姓名,身份证号,村,组,联系电话\n欧阳修远,{pid},青山村,1,13812348000\n"),
    )
    .unwrap();
    let mut s = store(dir.path());
    let mut a = args(file);
    a.create_places = true;
    run(&mut s, &a).0.unwrap();
    s.conn()
        .execute("UPDATE households SET address = '=HYPERLINK(\"http://x\")'", [])
        .unwrap();
    let out = dir.path().join("register.xlsx");
    let export = |s: &mut Store, full: bool| {
        minqing::export::register::export_register_cli(s, Some(&out), full, Lang::Zh, today())
    };
    let msg = export(&mut s, false).unwrap();
    assert!(msg.contains("已导出 1 人") && msg.contains("register.xlsx"), "{msg}");
    let read = |p: &Path| -> Vec<Vec<Data>> {
        let mut book = calamine::open_workbook_auto(p).unwrap();
        let range = book.worksheet_range_at(0).unwrap().unwrap();
        range.rows().map(|r| r.to_vec()).collect()
    };
    let rows = read(&out);
    assert_eq!(rows[0][0], Data::String("姓名".into()));
    assert_eq!(
        rows[1][1],
        Data::String("330621********011X".replace("011X", &pid[14..]))
    );
    assert_eq!(rows[1][6], Data::String("138****8000".into()));
    assert_eq!(rows[1][4], Data::Float(46.0), "age is a number");
    assert_eq!(
        rows[1][10],
        Data::String("=HYPERLINK(\"http://x\")".into()),
        "formula text stays text"
    );
    let mut book = calamine::open_workbook_auto(&out).unwrap();
    let formulas = book.worksheet_formula(&book.sheet_names()[0]).unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));

    // The same name again: a numbered file, the first one untouched.
    let msg = export(&mut s, true).unwrap();
    assert!(msg.contains("register (2).xlsx"), "{msg}");
    assert_eq!(
        read(&dir.path().join("register (2).xlsx"))[1][1],
        Data::String(pid.clone())
    );
    assert_eq!(read(&out)[1][1], rows[1][1]);
    // A full export goes back in with --update, every person unchanged.
    let mut back = args(dir.path().join("register (2).xlsx"));
    back.update = true;
    let (r, printed) = run(&mut s, &back);
    let outcome = r.unwrap_or_else(|e| panic!("{e}\n{printed}"));
    assert_eq!(
        (outcome.unchanged, outcome.new_persons(), outcome.updated_persons()),
        (1, 0, 0),
        "{printed}"
    );
    assert!(
        printed.contains("以下列未识别，不会导入：年龄\n"),
        "only the derived age: {printed}"
    );

    // A user who may not reveal gets no full export; the refusal is audited.
    s.conn()
        .execute(
            "INSERT INTO users (login, display_name, role) VALUES ('li', '李', 'clerk')",
            [],
        )
        .unwrap();
    let mut li = Store::open(&dir.path().join("t.db"), "li").unwrap();
    let err = export(&mut li, true).unwrap_err();
    assert!(err.contains("不能导出完整数据"), "{err}");
    assert!(!dir.path().join("register (3).xlsx").exists());
    let conn = li.conn();
    assert_eq!(
        count(
            conn,
            "SELECT count(*) FROM audit_log WHERE action = 'register.export' AND outcome = 'ok'"
        ),
        2
    );
    assert_eq!(
        count(
            conn,
            "SELECT count(*) FROM audit_log WHERE action = 'register.export' AND outcome = 'refused'"
        ),
        1
    );
    assert!(
        count(conn, "SELECT count(*) FROM audit_log WHERE detail LIKE '1 rows, full%'") == 1,
        "a full export is audited with its row count"
    );
}

#[test]
fn a_column_mapping_is_saved_by_name_and_reused() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    // A county template whose headers no synonym knows.
    let sheet = |name: &str, rows: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, format!("人名,证件号码,户口本编号,称谓,行政村,手机,备注栏\n{rows}")).unwrap();
        p
    };
    let (a, b) = (id("33062119800101011"), id("33062119820202022"));
    let first = sheet("一月.csv", &format!("王伟,{a},H1,户主,青山村,13812348000,无\n"));
    // Without a mapping the header is not found: nothing to import.
    let (r, _) = run(&mut s, &args(first.clone()));
    assert!(r.unwrap_err().contains("表头"), "no header without the mapping");
    // Mapped by hand and saved under a name.
    let mut a1 = args(first);
    a1.create_places = true;
    a1.columns = [
        ("人名", "name"),
        ("证件号码", "resident_id"),
        ("户口本编号", "household_no"),
        ("称谓", "relation"),
        ("行政村", "village"),
        ("手机", "phone"),
        ("备注栏", "ignore"),
    ]
    .iter()
    .map(|(h, f)| (h.to_string(), f.to_string()))
    .collect();
    a1.save_mapping = Some("县模板".into());
    let (r, printed) = run(&mut s, &a1);
    r.unwrap_or_else(|e| panic!("{e}\n{printed}"));
    assert!(printed.contains("已保存列对应「县模板」（7 列）"), "{printed}");
    assert!(
        !printed.contains("未识别"),
        "the ignored column is not listed: {printed}"
    );
    // Next month: only the name of the mapping.
    let second = sheet("二月.csv", &format!("李娜,{b},H2,户主,青山村,13812348001,\n"));
    let mut a2 = args(second);
    a2.mapping = Some("县模板".into());
    let (r, printed) = run(&mut s, &a2);
    let outcome = r.unwrap_or_else(|e| panic!("{e}\n{printed}"));
    assert_eq!(outcome.new_persons(), 1);
    assert_eq!(
        count(
            s.conn(),
            &format!("SELECT count(*) FROM persons WHERE resident_id = '{b}' AND phone = '13812348001'")
        ),
        1
    );
    // An unknown mapping or field is a sentence naming what exists.
    let mut bad = args(dir.path().join("二月.csv"));
    bad.mapping = Some("无此名".into());
    let err = run(&mut s, &bad).0.unwrap_err();
    assert!(err.contains("无此名") && err.contains("县模板"), "{err}");
    let mut bad = args(dir.path().join("二月.csv"));
    bad.columns = vec![("人名".into(), "nickname".into())];
    let err = run(&mut s, &bad).0.unwrap_err();
    assert!(err.contains("nickname") && err.contains("resident_id"), "{err}");
    let mut listed = Vec::new();
    minqing::import::list_mappings(&s, Lang::Zh, &mut listed).unwrap();
    let listed = String::from_utf8(listed).unwrap();
    assert!(listed.starts_with("县模板: 人名=name"), "{listed}");
    assert_eq!(
        count(
            s.conn(),
            "SELECT count(*) FROM audit_log WHERE action = 'import.mapping_save'"
        ),
        1
    );
}

/// A file that is not there is named in the clerk's language only: the
/// operating system's English stays out of the sentence.
#[test]
fn a_missing_file_is_reported_in_one_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let missing = dir.path().join("户籍.csv");
    let (r, _) = run(&mut s, &args(missing.clone()));
    let zh = r.expect_err("nothing to read");
    assert!(zh.contains("文件或文件夹不存在"), "{zh}");
    assert!(zh.contains(&missing.display().to_string()), "{zh}");
    assert!(!zh.contains("os error") && !zh.contains("No such file"), "{zh}");
    let en = import_register(&mut s, &args(missing), Lang::En, today(), &mut Vec::new(), &mut |_| {})
        .expect_err("nothing to read");
    assert!(
        en.starts_with("Cannot read ") && en.contains("no such file or directory"),
        "{en}"
    );
    assert!(!en.contains("os error"), "{en}");
    let places = import_places(
        &mut s,
        &dir.path().join("网格.csv"),
        None,
        None,
        Lang::Zh,
        &mut Vec::new(),
    )
    .expect_err("nothing to read");
    assert!(
        places.contains("文件或文件夹不存在") && !places.contains("os error"),
        "{places}"
    );
}

/// Output that cannot be written (a closed pipe) stops the import with a
/// sentence in the clerk's language, and nothing is written.
#[test]
fn output_that_cannot_be_written_is_reported_in_one_language() {
    struct Closed;
    impl std::io::Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let file = dir.path().join("户籍.csv");
    let rows = format!(
        "姓名,公民身份号码,与户主关系,村（社区）\n周一鸣,{},户主,清溪村\n",
        id("33062119650312001")
    );
    std::fs::write(&file, rows).unwrap();
    let err = import_register(&mut s, &args(file), Lang::Zh, today(), &mut Closed, &mut |_| {})
        .expect_err("the output is closed");
    assert!(!err.is_empty() && !err.is_ascii(), "{err}");
    assert!(!err.contains("pipe") && !err.contains("os error"), "{err}");
    assert_eq!(count(s.conn(), "SELECT count(*) FROM persons"), 0);
}

/// A report whose rows all passed holds only notes: the command line names
/// it so, not as an error report, and the sheet is imported.
#[test]
fn a_report_of_notes_only_is_not_called_an_error_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_with_places(dir.path());
    // 性别 says 女 for a man's ID: a note, recorded as the ID says.
    let text = format!(
        "姓名,公民身份号码,性别,与户主关系,户号,村(社区)\n好人,{},女,户主,1,青山村\n",
        id("33062119700315001")
    );
    let file = dir.path().join("notes.csv");
    std::fs::write(&file, text).unwrap();
    let report = dir.path().join("notes.xlsx");
    let mut a = args(file);
    a.report = Some(report.clone());
    let (r, out) = run(&mut s, &a);
    r.expect("notes do not refuse the import");
    assert!(report.exists(), "the notes are written");
    assert!(out.contains("检查报告已写入") && !out.contains("错误报告"), "{out}");
    assert_eq!(count(s.conn(), "SELECT count(*) FROM persons"), 1);
}

/// `--update` with more persons missing from the file than the screen
/// lists: the check report holds them all, on a sheet of their own, IDs
/// masked, and the screen says so.
#[test]
fn every_person_missing_from_an_update_is_in_the_check_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_with_places(dir.path());
    let ids: Vec<String> = (0..35)
        .map(|i| id(&format!("330621197001{:02}0{:02}", i % 28 + 1, i)))
        .collect();
    let header = "姓名,公民身份号码,与户主关系,户号,村(社区)\n";
    let mut first = header.to_string();
    for (i, rid) in ids.iter().enumerate() {
        first.push_str(&format!("居民{i},{rid},户主,{i},青山村\n"));
    }
    let f1 = dir.path().join("1.csv");
    std::fs::write(&f1, first).unwrap();
    run(&mut s, &args(f1)).0.unwrap();
    let f2 = dir.path().join("2.csv");
    std::fs::write(&f2, format!("{header}居民0,{},户主,0,青山村\n", ids[0])).unwrap();
    let report = dir.path().join("report.xlsx");
    let mut u = args(f2);
    u.update = true;
    u.report = Some(report.clone());
    let (r, out) = run(&mut s, &u);
    r.unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert!(out.contains("库中有、此文件中没有的 34 人"), "{out}");
    assert!(out.contains("还有 4 人") && out.contains("文件中没有的人员"), "{out}");

    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&report).expect("report opens");
    assert_eq!(book.sheet_names(), ["逐行检查", "文件中没有的人员"]);
    let range = book
        .worksheet_range("文件中没有的人员")
        .expect("the missing persons' sheet");
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0], ["姓名", "公民身份号码", "村（社区）"]);
    assert_eq!(rows.len(), 35, "header and all 34");
    let names: std::collections::BTreeSet<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names.len(), 34);
    assert!(!names.contains("居民0"), "the one in the file is not missing");
    for r in &rows[1..] {
        assert!(r[1].contains("********") && !ids.contains(&r[1]), "{r:?}");
        assert_eq!(r[2], "青山村");
    }
}

/// A register workbook of two persons in one household of 青山村 1组.
fn small_workbook() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        ["姓名", "公民身份号码", "与户主关系", "户号", "村（社区）", "村民小组"],
        ["赵德明", &id("33062119800101001"), "户主", "1", "青山村", "1组"],
        ["钱桂兰", &id("33062119820202002"), "配偶", "1", "青山村", "1组"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

/// WPS saves 户籍.et; a clerk renames an .xlsx to .csv: both are read as
/// the workbook they are, not as text without a header.
#[test]
fn a_workbook_under_another_name_is_read_as_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_with_places(dir.path());
    for name in ["户籍.et", "户籍.csv", "户籍"] {
        let file = dir.path().join(name);
        std::fs::write(&file, small_workbook()).unwrap();
        let mut a = args(file);
        a.dry_run = true;
        let (r, out) = run(&mut s, &a);
        let outcome = r.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((outcome.errors(), outcome.new_persons()), (0, 2), "{name}: {out}");
        // A workbook has no text encoding to name.
        assert!(
            out.contains("表头在第 1 行（Excel 工作簿），数据 2 行"),
            "{name}: {out}"
        );
    }
}

/// A damaged workbook and one with an opening password are named for what
/// they are, with what to do, in the clerk's language alone; nothing is
/// written.
#[test]
fn a_damaged_or_password_protected_workbook_says_so_in_one_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_with_places(dir.path());
    let damaged = dir.path().join("坏.xlsx");
    std::fs::write(&damaged, b"PK\x03\x04 not really a workbook").unwrap();
    let zh = run(&mut s, &args(damaged.clone())).0.expect_err("unreadable");
    assert!(
        zh.contains("不是可读的 Excel 工作簿") && zh.contains("另存为 .xlsx"),
        "{zh}"
    );
    // calamine's English stays out of the Chinese sentence.
    let without_path = zh.replace(&damaged.display().to_string(), "");
    assert!(
        !without_path
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| !w.is_empty() && !["Excel", "WPS", "xlsx"].contains(&w)),
        "{zh}"
    );
    let en = import_register(&mut s, &args(damaged), Lang::En, today(), &mut Vec::new(), &mut |_| {})
        .expect_err("unreadable");
    assert!(
        en.contains("is not a readable Excel workbook (") && en.contains("save it as .xlsx"),
        "{en}"
    );
    assert!(
        !en.chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) && !"坏".contains(c)),
        "{en}"
    );

    // An Office- or WPS-encrypted .xlsx is an OLE2 file holding an
    // EncryptedPackage stream: its header and the stream's name suffice.
    let mut locked = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    locked.resize(1024, 0);
    locked.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    locked.resize(4096, 0);
    let file = dir.path().join("加密.xlsx");
    std::fs::write(&file, &locked).unwrap();
    let zh = run(&mut s, &args(file.clone())).0.expect_err("encrypted");
    assert!(zh.contains("设有打开密码") && zh.contains("取消密码"), "{zh}");
    let en =
        import_register(&mut s, &args(file), Lang::En, today(), &mut Vec::new(), &mut |_| {}).expect_err("encrypted");
    assert!(en.contains("is protected by a password"), "{en}");
    assert_eq!(count(s.conn(), "SELECT count(*) FROM persons"), 0);
}

/// The summary of a sheet with bad rows counts the households the import
/// would make: one whose every row has an error is not among them.
#[test]
fn a_household_whose_rows_all_fail_is_not_counted_as_new() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_with_places(dir.path());
    let file = dir.path().join("r.csv");
    std::fs::write(
        &file,
        format!(
            "姓名,公民身份号码,与户主关系,户号,村（社区）,村民小组\n\
             赵德明,{},户主,1,青山村,1组\n钱桂兰,12345,户主,2,青山村,1组\n",
            id("33062119800101001")
        ),
    )
    .unwrap();
    let mut a = args(file);
    a.dry_run = true;
    let (r, out) = run(&mut s, &a);
    assert!(r.is_err(), "a bad row refuses the sheet");
    assert!(out.contains("新增 1 户 1 人") && out.contains("错误 1 行"), "{out}");
}
