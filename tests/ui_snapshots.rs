//! Snapshots of every pane (TestBackend 100x30) on a fixed demo township,
//! in Chinese and English, plus the help overlay and the too-small note.

mod common;
use common::{demo_db, loaded_state, render};
use minqing::app::action::Action;
use minqing::app::state::Pane;
use minqing::app::update::update;
use minqing::ui::i18n::Lang;

fn pane_text(pane: Pane, lang: Lang) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let mut state = loaded_state(&db, lang);
    state.pane = pane;
    render(&mut state, 100, 30)
}

#[test]
fn grid_map_zh() {
    insta::assert_snapshot!(pane_text(Pane::GridMap, Lang::Zh));
}

#[test]
fn lookup_zh() {
    insta::assert_snapshot!(pane_text(Pane::Lookup, Lang::Zh));
}

#[test]
fn requests_zh() {
    insta::assert_snapshot!(pane_text(Pane::Requests, Lang::Zh));
}

#[test]
fn meetings_zh() {
    insta::assert_snapshot!(pane_text(Pane::Meetings, Lang::Zh));
}

#[test]
fn assessment_zh() {
    insta::assert_snapshot!(pane_text(Pane::Assessment, Lang::Zh));
}

#[test]
fn requests_en() {
    insta::assert_snapshot!(pane_text(Pane::Requests, Lang::En));
}

#[test]
fn help_overlay_lists_keys_from_the_keymap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    let mut state = loaded_state(&db, Lang::Zh);
    update(&mut state, Action::Help);
    let screen = render(&mut state, 100, 30);
    assert!(screen.contains("F2 / Ctrl-f"), "{screen}");
    assert!(screen.contains("查户（来电）"), "{screen}");
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
    for pane in Pane::ALL {
        let mut state = loaded_state(&db, Lang::Zh);
        state.pane = pane;
        for line in render(&mut state, 100, 30).lines() {
            assert!(minqing::ui::text::width(line) <= 100, "{pane:?}: {line}");
        }
    }
}
