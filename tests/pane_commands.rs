//! The pane's command list feeds the hint line and the help overlay: a
//! workflow step refused from the request's status is greyed out before
//! the clerk opens its form, and help opens at the current pane's keys.

mod common;
use common::{InProcess, demo_db, loaded_state, render};
use crossterm::event::KeyCode;
use minqing::app::action::Action;
use minqing::app::update::update;
use minqing::domain::request::Status;
use minqing::domain::workflow::CommandKind;
use minqing::panes::PaneId;
use minqing::text::i18n::{Lang, label, texts};

#[test]
fn a_refused_workflow_step_is_greyed_out_in_the_request_detail() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('3'));
    let pos = app
        .state
        .requests
        .rows
        .iter()
        .position(|r| r.status == Status::Received)
        .expect("a received request in the demo");
    let list = app.state.list_of_mut(PaneId::REQUESTS);
    list.selected = list.visible.iter().position(|&i| i == pos).expect("visible");
    app.key(KeyCode::Enter);
    let allowed = app.state.requests.detail.as_ref().expect("detail open").allowed.clone();
    let commands = app.state.panes.get(PaneId::REQUESTS).commands(&app.state, &app.keymap);
    let enabled = |a: Action| commands.iter().find(|c| c.action == a).map(|c| c.enabled);
    // A received request cannot be closed; it can be assigned.
    assert!(!allowed.contains(&CommandKind::Close));
    assert_eq!(enabled(Action::CloseRequest), Some(false));
    assert!(allowed.contains(&CommandKind::Assign));
    assert_eq!(enabled(Action::Assign), Some(true));
    // Keys that are not workflow steps stay enabled.
    assert_eq!(enabled(Action::Back), Some(true));
}

#[test]
fn help_opens_at_the_current_panes_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    for (pane, first) in [(PaneId::LOOKUP, "card"), (PaneId::MEETINGS, "agenda_meetings")] {
        let mut state = loaded_state(&db, Lang::En);
        state.pane = pane;
        update(&mut state, Action::Help);
        let screen = render(&mut state, 100, 30);
        let heading = label(&texts(Lang::En).contexts, first);
        let help_top = screen.lines().nth(2).expect("first help line");
        assert!(help_top.contains(heading), "{pane:?}: {help_top}\n{screen}");
    }
}

#[test]
fn page_down_moves_by_the_rows_the_table_showed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    for height in [30u16, 41] {
        let mut state = loaded_state(&db, Lang::Zh);
        state.pane = PaneId::LOOKUP;
        let screen = render(&mut state, 100, height);
        let lines: Vec<&str> = screen.lines().collect();
        let header = lines.iter().position(|l| l.contains("户主")).expect("table header");
        let bottom = lines
            .iter()
            .skip(header)
            .position(|l| l.starts_with('└'))
            .expect("border")
            + header;
        let shown = bottom - header - 1;
        update(&mut state, Action::PageDown);
        assert_eq!(state.list().selected, shown, "{height} rows:\n{screen}");
    }
}

#[test]
fn legends_inside_panes_show_the_keymap_in_use() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    let shipped = include_str!("../assets/keymap.toml");
    let own = shipped.replacen(
        "context = \"map\"\nkeys = [\"o\"]\naction = \"layer_open\"",
        "context = \"map\"\nkeys = [\"F7\"]\naction = \"layer_open\"",
        1,
    );
    assert_ne!(own, shipped, "the map's layer key is in the shipped keymap");
    let keymap = minqing::app::keymap::Keymap::parse(&own).expect("keymap");
    let mut state = loaded_state(&db, Lang::Zh);
    state.pane = PaneId::GRID_MAP;
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).expect("terminal");
    term.draw(|f| minqing::ui::draw(&state, &keymap, f)).expect("draw");
    let screen = common::buffer_text(term.backend().buffer());
    let legend = screen.lines().find(|l| l.contains("每百户在办")).expect("layer legend");
    assert!(legend.contains("F7 每百户在办"), "{legend}");
}

/// While a form is open only the form's global keys (quit, lock, help)
/// act, and the key line offers exactly those: `FORM_GLOBALS` and the
/// form's dispatch stay in step.
#[test]
fn an_open_form_takes_exactly_the_global_keys_the_key_line_offers() {
    use minqing::app::keymap::Context;
    use minqing::app::state::Overlay;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    let open_form = || {
        let mut app = InProcess::open(&db, "demo", Lang::Zh);
        app.key(KeyCode::Char('4'));
        app.key(KeyCode::Char('n'));
        assert!(app.state.form.is_some(), "the new-meeting form");
        app
    };
    let app = open_form();
    let offered: Vec<Action> = app
        .state
        .panes
        .get(app.state.pane)
        .commands(&app.state, &app.keymap)
        .iter()
        .map(|c| c.action)
        .filter(|a| {
            app.keymap
                .bindings
                .iter()
                .any(|b| b.context == Context::Global && b.action == *a)
        })
        .collect();
    let mut globals: Vec<Action> = app
        .keymap
        .bindings
        .iter()
        .filter(|b| b.context == Context::Global)
        .map(|b| b.action)
        .collect();
    globals.dedup();
    let mut acting = Vec::new();
    for action in globals {
        let mut app = open_form();
        let pane = app.state.pane;
        app.state.status = None;
        update(&mut app.state, action);
        let s = &app.state;
        // A demo has no password to lock with: the lock key says so.
        let acted = s.should_quit
            || s.gate.is_some()
            || s.status.is_some()
            || !matches!(s.overlay, Overlay::None)
            || s.pane != pane
            || s.form.is_none();
        if acted {
            acting.push(action);
        }
    }
    acting.sort_by_key(|a| format!("{a:?}"));
    acting.dedup();
    let mut declared = minqing::app::update::FORM_GLOBALS.to_vec();
    declared.sort_by_key(|a| format!("{a:?}"));
    assert_eq!(acting, declared, "the global keys an open form acts on");
    assert!(!offered.is_empty());
    for a in &offered {
        assert!(
            acting.contains(a),
            "the key line offers {a:?}, which an open form ignores"
        );
    }
}
