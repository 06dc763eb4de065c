//! End-to-end: the phone-call path in the real binary in a pseudo-terminal:
//! lookup key, a pinyin query, the card, a new request, saved and listed.

mod common;
use common::pty::PtyApp;

#[test]
fn pinyin_lookup_card_and_new_request() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::pty::demo_with_binary(dir.path(), 300);
    let db_arg = db.to_str().expect("utf-8 path");
    // A household head and their full pinyin, e.g. 王秀英 -> "wangxiuying".
    let conn = minqing::store::open_connection(&db).expect("open");
    let (name, address): (String, String) = conn
        .query_row(
            "SELECT p.name, h.address FROM persons p JOIN households h ON h.id = p.household_id
             WHERE p.relation = '户主' ORDER BY p.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("head");
    let pinyin: String = minqing::search::name_syllables(&name)
        .iter()
        .map(|s| s.text.as_str())
        .collect();

    let mut app = PtyApp::spawn(&["demo", "--db", db_arg], dir.path(), 100, 30);
    app.wait_for("在办");
    app.send("\x1bOQ"); // F2
    app.wait_for("查询：");
    app.send(&pinyin);
    app.wait_for(&address);
    // Move to the row of this household's head, then open the card.
    app.select_row("\x1b[B", &address); // Down
    app.send("\r");
    app.wait_for("家庭成员");
    app.wait_for(&format!("户卡 {address}"));
    app.send("n");
    app.wait_for("登记诉求");
    app.send("水管漏水需要维修");
    app.send("\x13"); // Ctrl-S
    app.wait_for("已登记");
    app.wait_for("水管漏水需要维修");
    // Back to the results (Esc and a key sent at once read as Alt+key, so
    // wait), then Ctrl-C quits even while the caret is in the query.
    app.send("\x1b");
    app.wait_gone("家庭成员");
    app.send("\x03");
    assert!(app.wait_exit());
    assert!(app.left_alternate_screen());
}
