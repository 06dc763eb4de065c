//! The shell's behaviour through the real key → action → update path.

mod common;
use common::{demo_db, loaded_state, render};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use minqing::app::event::AppEvent;
use minqing::app::keymap::Keymap;
use minqing::app::run::handle;
use minqing::app::state::State;
use minqing::panes::PaneId;
use minqing::text::i18n::Lang;

fn key(state: &mut State, code: KeyCode) {
    let km = Keymap::default_map();
    handle(state, &km, AppEvent::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn typed(state: &mut State, s: &str) {
    for c in s.chars() {
        key(state, KeyCode::Char(c));
    }
}

#[test]
fn number_keys_and_tab_switch_panes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    let mut state = loaded_state(&db, Lang::Zh);
    key(&mut state, KeyCode::Char('3'));
    assert_eq!(state.pane, PaneId::REQUESTS);
    key(&mut state, KeyCode::Tab);
    assert_eq!(state.pane, PaneId::MEETINGS);
    key(&mut state, KeyCode::Tab);
    key(&mut state, KeyCode::Tab);
    assert_eq!(state.pane, PaneId::SETUP);
    key(&mut state, KeyCode::Tab);
    assert_eq!(state.pane, PaneId::GRID_MAP);
    key(&mut state, KeyCode::BackTab);
    assert_eq!(state.pane, PaneId::SETUP);
    key(&mut state, KeyCode::Char('6'));
    assert_eq!(state.pane, PaneId::SETUP);
}

#[test]
fn moving_past_the_window_scrolls_and_end_goes_to_the_last_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let mut state = loaded_state(&db, Lang::Zh);
    key(&mut state, KeyCode::Char('2'));
    let total = state.list().visible.len();
    assert!(total > 100);
    key(&mut state, KeyCode::Char('G'));
    assert_eq!(state.list().selected, total - 1);
    let screen = render(&mut state, 100, 30);
    assert!(screen.contains(&format!("{total}/{total}")), "{screen}");
    key(&mut state, KeyCode::Char('g'));
    assert_eq!(state.list().selected, 0);
    key(&mut state, KeyCode::PageDown);
    assert_eq!(state.list().selected, state.list_height());
}

#[test]
fn filter_narrows_the_list_live_and_esc_clears_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let mut state = loaded_state(&db, Lang::Zh);
    key(&mut state, KeyCode::Char('1'));
    let all = state.list().visible.len();
    let village = state.data.as_ref().expect("loaded").grids[0].village.clone();
    key(&mut state, KeyCode::Char('/'));
    typed(&mut state, &village);
    let some = state.list().visible.len();
    assert!(some > 0 && some < all, "{some} of {all} for {village}");
    let data = state.data.as_ref().expect("loaded");
    assert!(state.list().visible.iter().all(|&i| {
        let g = &data.grids[i];
        g.village.contains(&village) || g.name.contains(&village)
    }));
    let screen = render(&mut state, 100, 30);
    assert!(screen.contains(&format!("筛选：{village}")), "{screen}");
    key(&mut state, KeyCode::Enter);
    assert!(state.filter_input.is_none());
    assert_eq!(state.list().visible.len(), some, "filter kept after Enter");
    key(&mut state, KeyCode::Esc);
    assert_eq!(state.list().visible.len(), all);
}

#[test]
fn q_in_a_filter_types_and_q_in_a_list_quits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    let mut state = loaded_state(&db, Lang::Zh);
    key(&mut state, KeyCode::Char('/'));
    key(&mut state, KeyCode::Char('q'));
    assert!(!state.should_quit);
    assert_eq!(state.list().filter, "q");
    key(&mut state, KeyCode::Esc);
    key(&mut state, KeyCode::Char('q'));
    assert!(state.should_quit);
}

#[test]
fn f2_jumps_to_lookup_with_an_empty_focused_input_and_caret_at_display_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    let mut state = loaded_state(&db, Lang::Zh);
    key(&mut state, KeyCode::Char('3'));
    key(&mut state, KeyCode::F(2));
    assert_eq!(state.pane, PaneId::LOOKUP);
    assert!(state.lookup.focused, "caret in the query");
    assert!(state.lookup.query.text.is_empty());
    typed(&mut state, "张a");
    let km = Keymap::default_map();
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).expect("term");
    let frame = terminal.draw(|f| minqing::ui::draw(&state, &km, f)).expect("draw");
    let _ = frame;
    let pos = terminal.get_cursor_position().expect("cursor");
    // The query line is under the top bar; "查询：" is 6 columns, 张 2, a 1.
    assert_eq!((pos.x, pos.y), (9, 1));
}

#[test]
fn a_new_snapshot_keeps_the_selected_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let mut state = loaded_state(&db, Lang::Zh);
    key(&mut state, KeyCode::Char('2'));
    for _ in 0..5 {
        key(&mut state, KeyCode::Down);
    }
    let data = state.data.as_ref().expect("loaded");
    let id = data.households[state.list().selected_row().expect("row")].id;
    let conn = minqing::store::open_connection(&db).expect("open");
    // Another clerk registers a household that sorts first (no group yet),
    // shifting every row down.
    conn.execute(
        "INSERT INTO households (grid_id, village_id, address) SELECT id, village_id, '新登记户' FROM grids ORDER BY village_id LIMIT 1",
        [],
    )
    .expect("insert");
    let snap = minqing::app::snapshot::Snapshot::load(&conn, common::today()).expect("snap");
    state.apply_snapshot(snap);
    let data = state.data.as_ref().expect("loaded");
    assert_eq!(data.households[0].address, "新登记户", "the new row is first");
    assert_eq!(data.households[state.list().selected_row().expect("row")].id, id);
}
