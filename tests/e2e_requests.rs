//! End-to-end in a pseudo-terminal: log a hotline request for a resident,
//! assign it, resolve it, record the callback, see it closed.

mod common;
use common::pty::PtyApp;

#[test]
fn hotline_request_from_intake_to_closed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::pty::demo_with_binary(dir.path(), 300);
    let db_arg = db.to_str().expect("utf-8 path");
    let conn = minqing::store::open_connection(&db).expect("open");
    let name: String = conn
        .query_row(
            "SELECT name FROM persons WHERE relation = '户主' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("head");

    let mut app = PtyApp::spawn(&["demo", "--db", db_arg], dir.path(), 100, 30);
    app.wait_for("在办");
    app.send("3");
    app.wait_for("在办诉求");
    app.send("n");
    app.wait_for("选择来诉居民");
    app.send(&name);
    app.wait_for("结果 1/");
    app.send("\r");
    app.wait_for("登记诉求 - ");
    app.send("自来水水压太低");
    app.send("\x13"); // Ctrl-S
    app.wait_for("已登记");
    // Find it with the text filter and open it.
    app.send("/");
    app.send("自来水水压太低");
    app.wait_for("1/1");
    app.wait_for("回车 确定");
    app.send("\r"); // keep the filter
    app.wait_for("空格 选中");
    app.send("\r"); // open
    app.wait_for("（受理） 自来水水压太低");
    app.send("a");
    app.wait_for("承办干部");
    app.send("\x13");
    app.wait_for("已完成：派遣");
    app.send("r");
    app.wait_for("是否解决");
    app.send("已联系自来水公司调压");
    app.send("\x13");
    app.wait_for("已完成：办结");
    app.send("c");
    app.wait_for("回访结果");
    app.send("1");
    app.wait_for("（结案） 自来水水压太低");
    app.send("\x03"); // Ctrl-C quits from anywhere
    assert!(app.wait_exit());
    assert!(app.left_alternate_screen());
}
