//! A clerk's day without friction (issue 12), in-process on the fixture
//! township: visible filters, help per pane, the survey call's number,
//! and the small things; snapshots of the changed screens.

mod common;
use common::{InProcess, Lang, fixture_db};
use crossterm::event::{KeyCode, KeyModifiers};
use minqing::domain::request::Status;
use minqing::panes::PaneId;
use minqing::panes::requests::state::RequestsViewId;

fn app(lang: Lang) -> (tempfile::TempDir, InProcess) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    let app = InProcess::open(&db, "demo", lang);
    (dir, app)
}

/// The first line of the screen that contains `text`.
fn line_with<'a>(screen: &'a str, text: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("{text:?} not on screen:\n{screen}"))
}

#[test]
fn active_filters_are_in_the_table_title_and_f_clears_them() {
    let (_dir, mut app) = app(Lang::Zh);
    app.key(KeyCode::Char('3'));
    app.key(KeyCode::Char('v'));
    assert_eq!(app.state.requests.view, RequestsViewId::All);
    let all = app.state.requests.rows.len();
    // Two filters: closed requests (as the filter menu sets it) and a text.
    app.state.requests.spec.filter.statuses = vec![Status::Closed];
    app.key(KeyCode::Char('S'));
    app.key(KeyCode::Char('/'));
    app.typed("路");
    app.key(KeyCode::Enter);
    let screen = app.screen_at(120, 35);
    let title = line_with(&screen, "视图：全部诉求");
    assert!(title.contains("筛选：状态 结案，/路"), "{title}");
    // F clears both, and the title says so.
    app.key(KeyCode::Char('F'));
    assert!(app.state.requests.spec.filter.statuses.is_empty());
    assert_eq!(app.state.list_of(PaneId::REQUESTS).filter, "");
    assert_eq!(app.state.requests.rows.len(), all);
    let screen = app.screen_at(120, 35);
    assert!(!line_with(&screen, "视图：全部诉求").contains("筛选"), "{screen}");
    assert!(screen.contains("已清除筛选"), "{screen}");
    // English: the same in words.
    let (_dir, mut app) = self::app(Lang::En);
    app.key(KeyCode::Char('3'));
    app.state.requests.spec.filter.overdue = true;
    let screen = app.screen_at(120, 35);
    assert!(screen.contains("Filters: Overdue only"), "{screen}");
    let _ = KeyModifiers::NONE;
}
