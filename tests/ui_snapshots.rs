//! Snapshots of every pane (TestBackend 100x30) on a fixed demo township,
//! in Chinese and English, plus the help overlay and the too-small note.

mod common;
use common::{demo_db, loaded_state, render};
use minqing::app::action::Action;
use minqing::app::update::update;
use minqing::panes::PaneId;
use minqing::text::i18n::Lang;

fn pane_text(pane: PaneId, lang: Lang) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let mut state = loaded_state(&db, lang);
    state.pane = pane;
    render(&mut state, 100, 30)
}

#[test]
fn grid_map_zh() {
    insta::assert_snapshot!(pane_text(PaneId::GRID_MAP, Lang::Zh));
}

#[test]
fn lookup_zh() {
    insta::assert_snapshot!(pane_text(PaneId::LOOKUP, Lang::Zh));
}

/// The requests pane is queried through the store, so it runs in-process.
fn requests_app(lang: Lang) -> (tempfile::TempDir, common::InProcess) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let mut app = common::InProcess::open(&db, "demo", lang);
    app.key(crossterm::event::KeyCode::Char('3'));
    (dir, app)
}

#[test]
fn requests_zh() {
    let (_dir, mut app) = requests_app(Lang::Zh);
    insta::assert_snapshot!(app.screen());
}

#[test]
fn request_detail_zh() {
    let (_dir, mut app) = requests_app(Lang::Zh);
    app.key(crossterm::event::KeyCode::Enter);
    assert!(app.state.requests.detail.is_some());
    insta::assert_snapshot!(app.screen());
}

#[test]
fn request_detail_en() {
    let (_dir, mut app) = requests_app(Lang::En);
    app.key(crossterm::event::KeyCode::Enter);
    insta::assert_snapshot!(app.screen());
}

#[test]
fn request_form_with_validation_errors_zh() {
    let (_dir, mut app) = requests_app(Lang::Zh);
    app.key(crossterm::event::KeyCode::Char('n'));
    app.key(crossterm::event::KeyCode::Esc); // not in the register: outside caller
    app.typed("李四");
    app.key(crossterm::event::KeyCode::Tab);
    app.typed("12345");
    app.key_mod(
        crossterm::event::KeyCode::Char('s'),
        crossterm::event::KeyModifiers::CONTROL,
    );
    let screen = app.screen();
    assert!(screen.contains("手机号应为11位") && screen.contains("必填"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn request_form_with_validation_errors_en() {
    let (_dir, mut app) = requests_app(Lang::En);
    app.key(crossterm::event::KeyCode::Char('n'));
    app.key(crossterm::event::KeyCode::Esc);
    app.key_mod(
        crossterm::event::KeyCode::Char('s'),
        crossterm::event::KeyModifiers::CONTROL,
    );
    insta::assert_snapshot!(app.screen());
}

#[test]
fn meetings_zh() {
    insta::assert_snapshot!(pane_text(PaneId::MEETINGS, Lang::Zh));
}

#[test]
fn assessment_zh() {
    insta::assert_snapshot!(pane_text(PaneId::ASSESSMENT, Lang::Zh));
}

#[test]
fn requests_en() {
    let (_dir, mut app) = requests_app(Lang::En);
    insta::assert_snapshot!(app.screen());
}

#[test]
fn help_overlay_lists_keys_from_the_keymap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    let mut state = loaded_state(&db, Lang::Zh);
    update(&mut state, Action::Help);
    let screen = render(&mut state, 100, 30);
    // It opens at the current pane's (the grid map's) keys ...
    assert!(screen.contains("图层：每百户在办"), "{screen}");
    // ... and goes on with the keys of every context.
    let keymap = minqing::app::keymap::Keymap::default_map();
    let all: Vec<String> = minqing::ui::help::lines(&state, &keymap, minqing::text::i18n::texts(Lang::Zh))
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
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    for (index, pane) in minqing::panes::Registry::standard().all().iter().enumerate() {
        let pane = pane.id();
        let mut app = common::InProcess::open(&db, "demo", Lang::Zh);
        app.key(crossterm::event::KeyCode::Char(char::from(b'1' + index as u8)));
        for line in app.screen().lines() {
            assert!(minqing::text::width(line) <= 100, "{pane:?}: {line}");
        }
    }
}

#[test]
fn lookup_results_are_masked_and_highlighted_zh() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let mut app = common::InProcess::open(&db, "demo", Lang::Zh);
    app.key(crossterm::event::KeyCode::F(2));
    app.typed("wang");
    let screen = app.screen();
    assert!(screen.contains("********"), "IDs masked: {screen}");
    assert!(screen.contains("****"), "phones masked: {screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn household_card_is_masked_zh() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let mut app = common::InProcess::open(&db, "demo", Lang::Zh);
    app.key(crossterm::event::KeyCode::F(2));
    app.typed("wang");
    app.key(crossterm::event::KeyCode::Enter);
    assert!(app.state.card.is_some());
    insta::assert_snapshot!(app.screen());
}

#[test]
fn household_card_en() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let mut app = common::InProcess::open(&db, "demo", Lang::En);
    app.key(crossterm::event::KeyCode::F(2));
    app.typed("wang");
    app.key(crossterm::event::KeyCode::Enter);
    insta::assert_snapshot!(app.screen());
}
