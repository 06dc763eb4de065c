//! End-to-end: the real binary in a pseudo-terminal walks the loop of
//! issue 5: accept a suggested topic, create an analysis meeting, put the
//! topic on its agenda, export it, record a decision, mark it done, and see
//! the callbacks due.

mod common;
use common::pty::PtyApp;

#[test]
fn suggestion_to_decision_to_callbacks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::pty::demo_with_binary(dir.path(), 300);
    let db_arg = db.to_str().expect("utf-8 path");
    let seeded = {
        let mut store = minqing::store::Store::open(&db, "demo").expect("store");
        common::seed_street_lights_before(&mut store, chrono::Local::now().date_naive())
    };
    let due_before = {
        let conn = minqing::store::open_connection(&db).expect("open");
        minqing::store::request_query::callbacks_due(
            &conn,
            chrono::Local::now().date_naive(),
            &minqing::store::scope::SessionScope::All,
        )
        .expect("due")
        .len()
    };

    // As the demo's administrator: recording a decision and marking it done
    // are a leader's or an administrator's (README "Accounts and roles").
    let mut app = PtyApp::spawn(&["demo", "--db", db_arg, "--user", "admin"], dir.path(), 100, 30);
    app.wait_for("在办");
    app.send("4");
    app.wait_for(&format!("待回访 {due_before} 件"));

    // 1. Accept the suggested topic.
    app.send("t");
    app.wait_for("依据");
    app.select_row("j", "村口路灯坏了");
    app.send("a");
    app.wait_for("采纳建议议题");
    app.send("\x13"); // Ctrl-S
    app.wait_for("已建立，合并 3 件诉求");
    app.send("\x1b");
    app.wait_gone("依据");

    // 2. Create an analysis meeting.
    app.send("n");
    app.wait_for("新建会议");
    app.send("\t\t");
    app.send("十二月民情分析会");
    app.send("\x13");
    app.wait_for("已创建");
    app.send("/");
    app.send("十二月民情分析会");
    // The new meeting is listed once the loader's snapshot has it.
    app.wait_for("会议 1/1");
    app.wait_for("回车 确定");
    app.send("\r"); // keep the filter
    app.wait_for("n 新建会议");
    app.send("\r"); // open the meeting
    app.wait_for("十二月民情分析会  [分析会 / 乡镇 / 计划]");

    // 3. The topic onto the agenda.
    app.send("l");
    app.wait_for("候选议题");
    app.select_row("j", "村口路灯坏了");
    app.send("a");
    app.wait_for("已加入议程");

    // 4. Export it.
    let out = dir.path().join("agenda.md");
    app.send("e");
    app.wait_for("导出议程与证据材料");
    app.send("\t");
    app.send(out.to_str().expect("utf-8"));
    app.send("\x13");
    app.wait_for("已导出");
    let text = std::fs::read_to_string(&out).expect("export written");
    assert!(
        text.contains("# 十二月民情分析会") && text.contains("村口路灯坏了"),
        "{text}"
    );
    assert_eq!(common::mode_of(&out), 0o600);

    // 5. Record a decision on the item.
    app.send("h");
    app.send("c");
    app.wait_for("记录决议");
    app.send("月底前修复全部路灯");
    app.send("\x13");
    app.wait_for("已记录");

    // 6. Mark it done on the board; the requests come back for a callback.
    app.send("\x1b");
    app.wait_gone("本项记录");
    app.send("d");
    app.wait_for("决议看板");
    app.select_row("j", "月底前修复全部路灯");
    app.send("D");
    app.wait_for("再按 D 确认完成");
    app.send("D");
    app.wait_for("3 件诉求转入待回访");
    app.wait_for(&format!("待回访 {} 件", due_before + 3));
    app.send("q");
    assert!(app.wait_exit());

    let conn = minqing::store::open_connection(&db).expect("open");
    let due = minqing::store::request_query::callbacks_due(
        &conn,
        chrono::Local::now().date_naive(),
        &minqing::store::scope::SessionScope::All,
    )
    .expect("due");
    for id in seeded {
        assert!(due.iter().any(|r| r.id == id), "request {id} awaits a callback");
    }
}
