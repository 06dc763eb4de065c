//! End-to-end: the real binary in a pseudo-terminal on a temp demo database.

mod common;
use common::pty::PtyApp;

#[test]
fn switch_panes_open_help_and_quit_restores_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::pty::demo_with_binary(dir.path(), 300);
    let db_arg = db.to_str().expect("utf-8 path");

    let mut app = PtyApp::spawn(&["demo", "--db", db_arg], dir.path(), 100, 30);
    app.wait_for("网格地图");
    app.wait_for("在办"); // grid table header: data loaded
    assert!(app.alternate_screen());

    app.send("3");
    app.wait_for("在办诉求");
    app.send("\t");
    app.wait_for("议程");
    app.send("5");
    app.wait_for("覆盖率");
    app.send("?");
    app.wait_for("帮助：全部按键");
    // It opens at the assessment pane's own keys.
    app.wait_for("切换时段");
    app.send("\x1b");
    // Esc is also the start of escape sequences; wait for the overlay to go.
    app.wait_gone("帮助：全部按键");

    app.send("q");
    assert!(app.wait_exit(), "clean exit status");
    assert!(app.left_alternate_screen(), "left the alternate screen");
    assert!(!app.cursor_hidden(), "cursor shown again");
}
