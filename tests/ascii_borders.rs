//! With --ascii-borders no pane draws a box-drawing character: those are
//! East-Asian ambiguous width and shift layouts on terminals that draw them
//! wide. (Its own test binary: the border style is process-wide.)

mod common;
use common::{InProcess, demo_db};
use crossterm::event::KeyCode;
use minqing::text::i18n::Lang;

#[test]
fn every_pane_and_overlay_uses_only_narrow_ascii_borders() {
    minqing::ui::theme::set_ascii_borders(true);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
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
