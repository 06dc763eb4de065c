//! Snapshots of every pane (TestBackend 100x30) in Chinese and English,
//! plus the help overlay and the too-small note. They render the fixed
//! fixture township of `common::fixture`, driven by keys as a user would;
//! only the two `demo_township_*` snapshots show the generated demo, so a
//! change of its word lists touches those two alone.

mod common;
use common::Lang;
use common::{demo_db, fixture_app, loaded_state, render};
use crossterm::event::{KeyCode, KeyModifiers};

/// The fixture township after pressing `keys` (pane numbers, view keys).
fn fixture_screen(lang: Lang, keys: &str) -> String {
    let (_dir, mut app) = fixture_app(lang);
    app.typed(keys);
    app.screen()
}

#[test]
fn demo_township_grid_map_zh() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let mut app = common::InProcess::open(&db, "demo", Lang::Zh);
    app.typed("1");
    insta::assert_snapshot!(app.screen());
}

#[test]
fn demo_township_requests_zh() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let mut app = common::InProcess::open(&db, "demo", Lang::Zh);
    app.typed("3");
    insta::assert_snapshot!(app.screen());
}

#[test]
fn grid_map_zh() {
    let screen = fixture_screen(Lang::Zh, "1");
    assert!(screen.contains("清溪第一网格") && screen.contains("王志强"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn lookup_zh() {
    insta::assert_snapshot!(fixture_screen(Lang::Zh, "2"));
}

#[test]
fn requests_zh() {
    let screen = fixture_screen(Lang::Zh, "3");
    // The open queue: received, assigned, in progress, escalated; not the
    // resolved, closed or merged ones.
    for title in [
        "村道路面塌陷需要修补",
        "自来水夜间停水",
        "小区垃圾桶满溢无人清运",
        "山林承包边界纠纷",
    ] {
        assert!(screen.contains(title), "{title}: {screen}");
    }
    for title in ["村口桥头路灯不亮", "孩子入学政策咨询", "自来水发黄"] {
        assert!(!screen.contains(title), "{title}: {screen}");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn requests_en() {
    insta::assert_snapshot!(fixture_screen(Lang::En, "3"));
}

#[test]
fn request_detail_zh() {
    let (_dir, mut app) = fixture_app(Lang::Zh);
    app.typed("3");
    app.key(KeyCode::Enter);
    let screen = app.screen();
    // The most overdue open request heads the queue: the escalated one.
    assert!(screen.contains("诉求 5（上报） 山林承包边界纠纷"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn request_detail_en() {
    let (_dir, mut app) = fixture_app(Lang::En);
    app.typed("3");
    app.key(KeyCode::Enter);
    insta::assert_snapshot!(app.screen());
}

#[test]
fn request_form_with_validation_errors_zh() {
    let (_dir, mut app) = fixture_app(Lang::Zh);
    app.typed("3");
    app.key(KeyCode::Char('n'));
    app.key(KeyCode::Esc); // not in the register: outside caller
    app.typed("李四");
    app.key(KeyCode::Tab);
    app.typed("1234567");
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let screen = app.screen();
    // The phone error names the accepted forms (issue 12 finding 6).
    assert!(screen.contains("认不出这个号码") && screen.contains("必填"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn request_form_with_validation_errors_en() {
    let (_dir, mut app) = fixture_app(Lang::En);
    app.typed("3");
    app.key(KeyCode::Char('n'));
    app.key(KeyCode::Esc);
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    insta::assert_snapshot!(app.screen());
}

#[test]
fn meetings_zh() {
    let screen = fixture_screen(Lang::Zh, "4");
    assert!(screen.contains("2026年12月民情分析会"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn assessment_zh() {
    insta::assert_snapshot!(fixture_screen(Lang::Zh, "5"));
}

#[test]
fn help_overlay_lists_keys_from_the_keymap() {
    let (_dir, mut app) = fixture_app(Lang::Zh);
    app.typed("?");
    let screen = app.screen();
    // It opens at the current pane's (the grid map's) keys ...
    assert!(screen.contains("图层：每百户在办"), "{screen}");
    // ... and goes on with the keys of every context.
    let keymap = minqing::app::keymap::Keymap::default_map();
    let all: Vec<String> = minqing::ui::help::lines(&app.state, &keymap, minqing::text::i18n::texts(Lang::Zh))
        .iter()
        .map(|l| l.to_string())
        .collect();
    assert!(
        all.iter()
            .any(|l| l.contains("F2 / Ctrl-f") && l.contains("查户（来电）")),
        "{all:?}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn too_small_window_shows_a_note_and_recovers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    let mut state = loaded_state(&db, Lang::Zh);
    let small = render(&mut state, 60, 20);
    assert!(small.contains("窗口太小"), "{small}");
    assert!(small.contains("60x20"), "{small}");
    let big = render(&mut state, 100, 30);
    assert!(!big.contains("窗口太小"));
    assert!(big.contains("网格地图"));
    let en = {
        let mut s = loaded_state(&db, Lang::En);
        render(&mut s, 79, 24)
    };
    assert!(en.contains("Window too small"), "{en}");
}

#[test]
fn every_row_fits_the_width_with_wide_characters() {
    // The demo township: many long names in every pane.
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    for pane in ['1', '2', '3', '4', '5'] {
        let mut app = common::InProcess::open(&db, "demo", Lang::Zh);
        app.key(KeyCode::Char(pane));
        for line in app.screen().lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= 100,
                "pane {pane}: {line}"
            );
        }
    }
}

#[test]
fn lookup_results_are_masked_and_highlighted_zh() {
    let (_dir, mut app) = fixture_app(Lang::Zh);
    app.key(KeyCode::F(2));
    app.typed("wang");
    let screen = app.screen();
    assert!(screen.contains("王秀英") && screen.contains("王美琴"), "{screen}");
    assert!(screen.contains("********"), "IDs masked: {screen}");
    assert!(screen.contains("****"), "phones masked: {screen}");
    assert!(!screen.contains("330102195201150425"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn household_card_is_masked_zh() {
    let (_dir, mut app) = fixture_app(Lang::Zh);
    app.key(KeyCode::F(2));
    app.typed("wang");
    app.key(KeyCode::Enter);
    let screen = app.screen();
    assert!(
        screen.contains("户卡 清溪村1组1号") && screen.contains("330102********0113"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn household_card_en() {
    let (_dir, mut app) = fixture_app(Lang::En);
    app.key(KeyCode::F(2));
    app.typed("wang");
    app.key(KeyCode::Enter);
    insta::assert_snapshot!(app.screen());
}

/// The fixture is hand-written SQL: check it is data the app could have
/// written, so the snapshots show real states and not impossible ones.
#[test]
fn fixture_township_is_consistent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::fixture_db(dir.path());
    let conn = minqing::store::open_connection(&db).expect("open");
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))
        .expect("fk check");
    assert_eq!(broken, 0, "dangling references");
    // Every resident ID is valid and agrees with the birth date and gender.
    let mut stmt = conn
        .prepare("SELECT resident_id, birth_date, gender FROM persons")
        .expect("persons");
    let rows: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    for (id, birth, gender) in rows {
        let parsed = minqing::domain::ids::ResidentId::parse(&id, common::today()).expect("valid resident ID");
        assert_eq!(parsed.birth_date().to_string(), birth, "{id}");
        assert_eq!(parsed.gender().code(), gender, "{id}");
    }
    // Each request's last event leads to its status.
    let mismatched: Vec<(i64, String, Option<String>)> = {
        let mut stmt = conn
            .prepare(
                "SELECT r.id, r.status,
                        (SELECT e.to_status FROM request_events e WHERE e.request_id = r.id ORDER BY e.at DESC, e.id DESC LIMIT 1)
                 FROM requests r",
            )
            .expect("requests");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("rows")
            .collect::<Result<Vec<(i64, String, Option<String>)>, _>>()
            .expect("rows")
            .into_iter()
            .filter(|(_, status, last)| last.as_deref() != Some(status.as_str()))
            .collect()
    };
    assert!(mismatched.is_empty(), "{mismatched:?}");
}
