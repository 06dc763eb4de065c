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
    assert!(
        !screen.contains(&format!("{name}5")),
        "5 typed into the query:\n{screen}"
    );
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

#[test]
fn the_card_opens_its_request_and_esc_returns_to_the_card() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::pty::demo_with_binary(dir.path(), 200);
    // A household whose request went into a topic, and how many members it has.
    let conn = minqing::store::open_connection(&db).expect("open");
    let (name, address, request, topic, members): (String, String, i64, String, i64) = conn
        .query_row(
            "SELECT p.name, h.address, r.id, t.title,
                    (SELECT count(*) FROM persons m WHERE m.household_id = h.id)
             FROM requests r JOIN households h ON h.id = r.household_id
             JOIN persons p ON p.household_id = h.id AND p.relation = '户主'
             JOIN topics t ON t.id = r.topic_id
             WHERE r.status = 'merged' AND r.duplicate_of IS NULL
               AND (SELECT count(*) FROM requests o WHERE o.household_id = h.id) = 1
             ORDER BY r.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .expect("a household with a request merged into a topic");
    let mut app = PtyApp::spawn(&["demo", "--db", db.to_str().expect("utf-8")], dir.path(), 120, 35);
    app.wait_for("在办");
    app.send("\x1bOQ");
    app.wait_for("查询：");
    app.send(&name);
    app.select_row("\x1b[B", &address);
    app.send("\r");
    app.wait_for("家庭成员");
    // The card says what happened to it: into a topic, not "已合并".
    app.wait_for("并入议题");
    assert!(!app.screen_text().contains("已合并"));
    // Enter on a member says how to pick a request; no detail opens.
    app.send("\r");
    app.wait_for("再按回车打开");
    // Down past the members onto the request, Enter opens its detail.
    for _ in 0..members {
        app.send("\x1b[B");
    }
    app.wait_until("the request highlighted", |s| {
        common::pty::highlighted_lines(s).iter().any(|l| l.contains("并入议题"))
    });
    app.send("\r");
    app.wait_for(&format!("诉求 {request}"));
    // Its topic, by name, and what the meeting decided (or that nothing yet).
    app.wait_for(&topic);
    app.wait_for("决议");
    // Esc returns to the same card.
    app.send("\x1b");
    app.wait_for("家庭成员");
    app.wait_for(&format!("户卡 {address}"));
    app.send("\x03");
    assert!(app.wait_exit());
}

#[test]
fn a_step_not_allowed_now_is_refused_before_any_form() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::pty::demo_with_binary(dir.path(), 200);
    let conn = minqing::store::open_connection(&db).expect("open");
    let title: String = conn
        .query_row(
            "SELECT title FROM requests WHERE status = 'received' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a received request");
    let mut app = PtyApp::spawn(&["demo", "--db", db.to_str().expect("utf-8")], dir.path(), 120, 35);
    app.wait_for("在办");
    app.send("3");
    app.wait_for("视图：");
    // Filter the table down to the request, keep the filter.
    app.send("/");
    let short: String = title.chars().take(6).collect();
    app.send(&short);
    app.send("\r");
    app.select_row("\x1b[B", &short);
    // c (callback) on a request just received: refused with the reason,
    // the callback questions never appear.
    app.send("c");
    app.wait_for("不能回访");
    assert!(!app.screen_text().contains("回访结果："), "{}", app.screen_text());
    // In its detail, r (resolve) is refused before the form opens.
    app.send("\r");
    app.wait_for("办理经过");
    app.send("r");
    app.wait_for("不能办结");
    assert!(!app.screen_text().contains("办理结果"), "{}", app.screen_text());
    app.send("\x03");
    assert!(app.wait_exit());
}

/// Writes `~/.config/minqing/config.toml` under the test's home.
fn write_settings(home: &std::path::Path, text: &str) {
    let dir = home.join(".config").join("minqing");
    std::fs::create_dir_all(&dir).expect("config dir");
    std::fs::write(dir.join("config.toml"), text).expect("config");
}

#[test]
fn with_the_settings_file_a_clerk_types_minqing_and_nothing_else() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::pty::demo_with_binary(dir.path(), 200);
    let exports = dir.path().join("exports");
    write_settings(
        dir.path(),
        &format!(
            "database = \"{}\"\nlogin = \"demo\"\nlanguage = \"en\"\nascii_borders = true\nexport_folder = \"{}\"\n",
            db.display(),
            exports.display()
        ),
    );
    // No options at all: the database, the login, English, ASCII borders.
    let mut app = PtyApp::spawn(&[], dir.path(), 100, 30);
    app.wait_for("Grid map");
    app.wait_for("+-");
    let screen = app.screen_text();
    assert!(!screen.contains('┌') && !screen.contains("诉求"), "{screen}");
    app.send("\x03");
    assert!(app.wait_exit());
    // The command line also takes them; an option still wins over the file.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_minqing"))
        .args(["lookup", "w", "--lang", "zh"])
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join(".config"))
        .env("XDG_DATA_HOME", dir.path())
        .output()
        .expect("lookup");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("户"));
    // Exports without a file name go to the settings' export folder.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_minqing"))
        .args(["export", "register"])
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join(".config"))
        .env("XDG_DATA_HOME", dir.path())
        .output()
        .expect("export");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written: Vec<_> = std::fs::read_dir(&exports).expect("export folder made").collect();
    assert_eq!(written.len(), 1);
    // A typo in the file stops the program with the file, line and setting.
    write_settings(dir.path(), "login = \"demo\"\ndatabse = \"x.db\"\n");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_minqing"))
        .args(["lookup", "w"])
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join(".config"))
        .env("XDG_DATA_HOME", dir.path())
        .output()
        .expect("lookup");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("config.toml") && err.contains("第 2 行") && err.contains("databse"),
        "{err}"
    );
}
