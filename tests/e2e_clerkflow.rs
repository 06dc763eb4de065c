//! End-to-end in a pseudo-terminal: a clerk's day without friction
//! (issue 12): pane keys never type into the query, the household card
//! opens its requests, and a refused step is refused before any form.

mod common;
use common::pty::PtyApp;

/// A household head's name and address from the demo database.
fn a_head(db: &std::path::Path) -> (String, String) {
    let conn = minqing::store::open_connection(db).expect("open");
    conn.query_row(
        "SELECT p.name, h.address FROM persons p JOIN households h ON h.id = p.household_id
         WHERE p.relation = '户主' ORDER BY p.id LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .expect("head")
}

#[test]
fn esc_then_5_leaves_the_query_and_switches_pane() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::pty::demo_with_binary(dir.path(), 200);
    let (name, address) = a_head(&db);
    let mut app = PtyApp::spawn(&["demo", "--db", db.to_str().expect("utf-8")], dir.path(), 100, 30);
    app.wait_for("在办");
    // F2, the name, Enter opens the card; Esc back to the results.
    app.send("\x1bOQ");
    app.wait_for("查询：");
    // While typing, the tab bar says which keys still switch panes.
    app.wait_for("Alt- 1 网格地图");
    app.send(&name);
    app.wait_for(&address);
    app.send("\r");
    app.wait_for("家庭成员");
    app.send("\x1b");
    app.wait_gone("家庭成员");
    // Outside the input the tabs are the digits again, and 5 switches.
    app.wait_for(" 1 网格地图");
    app.send("5");
    app.wait_for("干部考核");
    let screen = app.screen_text();
    assert!(!screen.contains(&format!("{name}5")), "5 typed into the query:\n{screen}");
    // Back in the query, one Esc leaves it and 3 switches to the requests.
    app.send("\x1bOQ");
    app.wait_for("查询：");
    app.send("zs");
    app.wait_for("查询：zs");
    app.send("\x1b");
    app.wait_for(" 1 网格地图");
    app.send("3");
    app.wait_for("视图：");
    assert!(!app.screen_text().contains("zs3"));
    // Alt-4 switches even while the caret is in the query.
    app.send("\x1bOQ");
    app.wait_for("查询：");
    app.send("\x1b4");
    app.wait_for("会议");
    app.send("\x03");
    assert!(app.wait_exit());
}
