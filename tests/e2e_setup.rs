//! End-to-end in a pseudo-terminal: a new office's empty database opens on
//! the first-run checklist; the administrator names the township, imports
//! a register sheet from the set-up pane (dry run, then confirm) and finds
//! a person from it in the lookup pane.

mod common;
use common::pty::PtyApp;

#[test]
fn empty_database_checklist_township_import_and_lookup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("office.db");
    drop(common::office_with_admin(&db));
    let id = |first17: &str| {
        format!(
            "{first17}{}",
            minqing::domain::ids::check_digit(first17).expect("digit")
        )
    };
    let sheet = dir.path().join("register.csv");
    std::fs::write(
        &sheet,
        format!(
            "户籍人口登记表\n填报单位：东浦镇\n姓名,公民身份号码,与户主关系,联系电话,户号,村（社区）,所属网格\n\
             周一鸣,{},户主,13905750001,1,青山村,青山网格\n\
             吴春兰,{},配偶,,1,青山村,青山网格\n\
             郑海波,{},户主,13905750002,2,青山村,青山网格\n",
            id("33062119650312001"),
            id("33062119680520002"),
            id("33062119800101003"),
        ),
    )
    .expect("sheet");

    let db_arg = db.to_str().expect("utf-8 path");
    let mut app = PtyApp::spawn(&["--db", db_arg, "--user", "admin"], dir.path(), 120, 35);
    // The login screen, the login prefilled.
    app.wait_for("民情通 登录");
    app.send("Office-2026");
    app.wait_for("***********");
    app.send("\r");
    // The empty database opens on the checklist, nothing done yet.
    app.wait_for("首次使用清单");
    app.wait_until("five steps to do", |s| s.contents().matches("未完成").count() == 5);
    // 1. Name the township.
    app.send("t");
    app.wait_for("区划代码");
    app.send("e");
    app.wait_for("乡镇信息");
    app.send("东浦镇");
    app.send("\x13"); // Ctrl-S
    app.wait_for("已保存");
    app.wait_for("民情通 东浦镇");
    // 4. Import the register: file prompt, dry run, confirm.
    app.send("i");
    app.wait_for("户籍文件：");
    app.send(sheet.to_str().expect("utf-8 path"));
    app.send("\r");
    app.wait_for("表头在第 3 行");
    app.wait_for("将新建这些村/组/网格");
    app.wait_for("检查无误");
    app.send("y");
    app.wait_for("已导入：新增 2 户 3 人");
    // Find a person of the sheet by pinyin in the lookup pane.
    app.send("2");
    app.wait_for("查询：");
    app.send("/");
    app.send("zhenghaibo");
    app.wait_for("郑海波");
    app.send("\x03");
    assert!(app.wait_exit());
    let conn = minqing::store::open_connection(&db).expect("open");
    let persons: i64 = conn
        .query_row("SELECT count(*) FROM persons", [], |r| r.get(0))
        .expect("count");
    assert_eq!(persons, 3);
    let audited: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE user = 'admin' AND action = 'setup.township'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(audited, 1);
}
