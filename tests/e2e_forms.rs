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

/// Initials of a name as a clerk types them ("王志强" → "wzq").
fn initials(name: &str) -> String {
    use pinyin::ToPinyin;
    name.chars()
        .filter_map(|c| c.to_pinyin())
        .filter_map(|p| p.plain().chars().next())
        .collect()
}

#[test]
fn finding_5_an_assignee_chosen_by_typing_pinyin_initials() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::pty::demo_with_binary(dir.path(), 120);
    let db_arg = db.to_str().expect("utf-8 path");
    {
        let mut store = minqing::store::Store::open(&db, "demo").expect("store");
        common::seed_street_lights_before(&mut store, chrono::Local::now().date_naive());
    }
    // A cadre whose initials no other cadre shares and who is no grid's
    // cadre (so not the default the form starts on).
    let (cadre, typed, before) = {
        let conn = minqing::store::open_connection(&db).expect("open");
        let mut stmt = conn
            .prepare(
                "SELECT id, name FROM cadres WHERE role != 'clerk' AND active = 1
                   AND id NOT IN (SELECT cadre_id FROM grids WHERE cadre_id IS NOT NULL) ORDER BY id",
            )
            .expect("query");
        let cadres: Vec<(i64, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("rows")
            .map(Result::unwrap)
            .collect();
        let all: Vec<String> = conn
            .prepare("SELECT name FROM cadres")
            .expect("query")
            .query_map([], |r| r.get::<_, String>(0))
            .expect("rows")
            .map(|n| initials(&n.unwrap()))
            .collect();
        let special = "曾单解区仇朴查覃盖缪乐召秘尉种繁翟宿薄员能";
        let (id, name) = cadres
            .into_iter()
            .find(|(_, n)| {
                !n.chars().any(|c| special.contains(c)) && all.iter().filter(|i| **i == initials(n)).count() == 1
            })
            .expect("a cadre with unique initials");
        let before: i64 = conn
            .query_row("SELECT count(*) FROM requests WHERE assignee_id = ?1", [id], |r| {
                r.get(0)
            })
            .expect("count");
        (id, initials(&name), before)
    };
    let mut app = PtyApp::spawn(&["demo", "--db", db_arg], dir.path(), 100, 30);
    app.wait_for("在办");
    app.send("3");
    app.wait_for("视图");
    app.wait_gone("暂无数据");
    app.send("a");
    app.wait_for("承办干部");
    app.send(&typed);
    app.wait_for("1/");
    app.send("\r");
    app.wait_gone("筛选：");
    app.send("\x13");
    app.wait_gone("承办干部");
    let conn = minqing::store::open_connection(&db).expect("open");
    let after: i64 = conn
        .query_row("SELECT count(*) FROM requests WHERE assignee_id = ?1", [cadre], |r| {
            r.get(0)
        })
        .expect("count");
    assert_eq!(after, before + 1, "assigned to the cadre typed as {typed}");
}

/// Opens the first request of the triage table in its detail view.
fn open_first_request(app: &mut PtyApp) {
    app.wait_for("在办");
    app.send("3");
    app.wait_for("视图");
    app.wait_gone("暂无数据");
    app.send("\r");
    app.wait_for("办理经过");
}

#[test]
fn finding_1_two_processes_a_refused_step_says_who_changed_it_and_what_is_allowed_now() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::pty::demo_with_binary(dir.path(), 120);
    let db_arg = db.to_str().expect("utf-8 path");
    {
        let mut store = minqing::store::Store::open(&db, "demo").expect("store");
        common::seed_street_lights_before(&mut store, chrono::Local::now().date_naive());
    }
    let mut first = PtyApp::spawn(&["demo", "--db", db_arg], dir.path(), 100, 30);
    let mut second = PtyApp::spawn(&["demo", "--db", db_arg], dir.path(), 100, 30);
    open_first_request(&mut first);
    open_first_request(&mut second);
    // The first clerk starts refusing the request and types the reason.
    first.send("J");
    first.wait_for("不予受理");
    first.send("重复来电");
    // The second clerk assigns it meanwhile.
    second.send("a");
    second.wait_for("承办干部");
    second.send("\x13");
    second.wait_gone("承办干部");
    // The first clerk saves: refused, told by whom, and what is allowed now;
    // the reason typed stays in the form.
    first.send("\x13");
    first.wait_for("现在可以");
    let screen = first.screen_text();
    assert!(screen.contains("演示文员") && screen.contains("派遣"), "{screen}");
    assert!(screen.contains("重复来电"), "nothing typed is lost:\n{screen}");
}
