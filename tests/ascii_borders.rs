//! With --ascii-borders no pane draws a box-drawing character: those are
//! East-Asian ambiguous width and shift layouts on terminals that draw them
//! wide. The border style is part of the state handed to draw.

mod common;
use common::{InProcess, demo_db};
use crossterm::event::KeyCode;
use minqing::text::i18n::Lang;

#[test]
fn every_pane_and_overlay_uses_only_narrow_ascii_borders() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.state.theme = minqing::ui::theme::Theme { ascii_borders: true };
    let mut screens = Vec::new();
    for key in ['1', '2', '3', '4', '5'] {
        app.key(KeyCode::Char(key));
        screens.push(app.screen());
    }
    app.key(KeyCode::Char('3'));
    app.key(KeyCode::Enter);
    screens.push(app.screen());
    app.key(KeyCode::F(2));
    app.typed("wang");
    app.key(KeyCode::Enter);
    screens.push(app.screen());
    app.key(KeyCode::Char('n'));
    screens.push(app.screen());
    app.key(KeyCode::Esc);
    app.key(KeyCode::Char('?'));
    screens.push(app.screen());
    for screen in &screens {
        assert!(screen.contains("+-"), "ASCII corners drawn:\n{screen}");
        let boxed: Vec<char> = screen
            .chars()
            .filter(|c| ('\u{2500}'..='\u{257f}').contains(c))
            .collect();
        assert!(boxed.is_empty(), "box-drawing characters {boxed:?} in:\n{screen}");
    }
}

#[test]
fn the_border_style_belongs_to_the_state_not_the_process() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    let mut ascii = InProcess::open(&db, "demo", Lang::Zh);
    ascii.state.theme = minqing::ui::theme::Theme { ascii_borders: true };
    let mut boxed = InProcess::open(&db, "demo", Lang::Zh);
    // Drawn one after the other in one process, each keeps its own style.
    assert!(ascii.screen().contains("+-"));
    assert!(boxed.screen().contains('\u{2500}'));
    assert!(ascii.screen().contains("+-"));
}
