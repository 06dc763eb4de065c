//! The grid map and assessment panes: snapshots at several sizes in Chinese
//! and English, layers, the side panel, map edit, visit logging from the
//! map / the card / the assessment pane, the survey call list and exports,
//! all through the real key -> action -> effect path. Snapshots render the
//! fixture township of `common::fixture`.

mod common;
use common::Lang;
use common::{InProcess, count, demo_db, fixture_app, loaded_state, render, today};
use crossterm::event::{KeyCode, KeyModifiers};
use minqing::domain::assessment::{Layer, Period};
use minqing::panes::PaneId;

/// The map of the fixture township with `layer_key` pressed, at w x h.
fn map_text(lang: Lang, w: u16, h: u16, layer_key: char) -> String {
    let (_dir, mut app) = fixture_app(lang);
    app.typed("1");
    app.key(KeyCode::Char(layer_key));
    app.screen_at(w, h)
}

#[test]
fn map_zh_80x24() {
    insta::assert_snapshot!(map_text(Lang::Zh, 80, 24, 'o'));
}

#[test]
fn map_zh_100x30_not_visited_layer() {
    insta::assert_snapshot!(map_text(Lang::Zh, 100, 30, 'n'));
}

#[test]
fn map_zh_120x35_satisfaction_layer() {
    insta::assert_snapshot!(map_text(Lang::Zh, 120, 35, 'r'));
}

#[test]
fn map_en_100x30() {
    let text = map_text(Lang::En, 100, 30, 'x');
    // The side panel's labels fit whole at 100 columns.
    assert!(
        text.lines().any(|l| l.contains("Hh/persons ") && l.contains(" 3 / 6 ")),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn map_zh_200x50_cells_grow_but_stay_bounded() {
    let text = map_text(Lang::Zh, 200, 50, 's');
    assert!(text.lines().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 200));
    insta::assert_snapshot!(text);
}

/// The assessment pane of the fixture township: `p` pressed `periods`
/// times (week, month, quarter, year), then `v` (by grid) and `c` (chart)
/// if asked.
fn assess_text(lang: Lang, periods: usize, by_grid: bool, chart: bool) -> String {
    let (_dir, mut app) = fixture_app(lang);
    app.typed("5");
    app.typed(&"p".repeat(periods));
    if by_grid {
        app.typed("v");
    }
    if chart {
        app.typed("c");
    }
    app.screen()
}

#[test]
fn assessment_cadres_year_zh() {
    insta::assert_snapshot!(assess_text(Lang::Zh, 3, false, false));
}

#[test]
fn assessment_grids_week_en() {
    insta::assert_snapshot!(assess_text(Lang::En, 0, true, false));
}

#[test]
fn assessment_chart_quarter_zh() {
    insta::assert_snapshot!(assess_text(Lang::Zh, 2, false, true));
}

#[test]
fn empty_database_shows_sentences_not_zeros() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("empty.db");
    drop(minqing::store::Store::open(&db, "clerk").expect("open"));
    let mut state = loaded_state(&db, Lang::Zh);
    state.pane = PaneId::GRID_MAP;
    let map = render(&mut state, 80, 24);
    assert!(map.contains("还没有网格"), "{map}");
    state.pane = PaneId::ASSESSMENT;
    let table = render(&mut state, 80, 24);
    assert!(!table.contains("NaN") && !table.contains("0%"), "{table}");
    insta::assert_snapshot!(format!("{map}\n{table}"));
    // The survey: a sentence, and no campaign without households.
    let mut app = InProcess::open(&db, "clerk", Lang::Zh);
    app.key(KeyCode::Char('5'));
    app.key(KeyCode::Char('s'));
    assert!(app.screen().contains("还没有两率测评"));
    app.key(KeyCode::Char('n'));
    assert!(app.state.form.is_none());
    assert_eq!(app.state.status.as_ref().unwrap().text, "户籍里还没有住户，无法抽样");
}

#[test]
fn layer_keys_switch_layers_and_the_legend_follows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('1'));
    for (key, layer, scale) in [
        ('x', Layer::Overdue, "差 >=6"),
        ('n', Layer::NotVisited, "差 >=60%"),
        ('s', Layer::Stale, "差 >=50%"),
        ('r', Layer::Satisfaction, "差 <70%"),
        ('o', Layer::OpenPer100, "差 >=10"),
    ] {
        app.key(KeyCode::Char(key));
        assert_eq!(app.state.assess.layer, layer);
        let screen = app.screen();
        assert!(screen.contains(scale), "{key}: {screen}");
    }
}

#[test]
fn side_panel_shows_the_selected_grid() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('1'));
    app.key(KeyCode::Right);
    app.key(KeyCode::Down);
    let grid = minqing::panes::assessment::update::selected_grid(&app.state)
        .expect("grid")
        .clone();
    assert_eq!((grid.map_row, grid.map_col), (1, 1));
    let fig = app
        .state
        .data
        .as_ref()
        .unwrap()
        .assessment
        .grid(grid.id)
        .unwrap()
        .clone();
    let screen = render(&mut app.state, 120, 35);
    let cadre = grid.cadre.clone().unwrap();
    // A cadre's work phone is public: in full, as on the household card.
    let phone = grid.cadre_phone.clone().unwrap();
    assert!(screen.contains(&format!("{cadre} {phone}")), "{screen}");
    assert!(
        screen.contains(&format!("{} / {}", grid.households, grid.persons)),
        "{screen}"
    );
    assert!(screen.contains(&format!("本周{} 本年{}", fig.visits_this_week, fig.visits_this_year)));
    assert!(screen.contains(&format!(
        "在办 {}  逾期 {}",
        fig.layer.open_requests, fig.layer.overdue_requests
    )));
    assert!(screen.contains(&fig.rates.awareness.display()), "{screen}");
    for r in &fig.top_open {
        let head: String = r.title.chars().take(4).collect();
        assert!(screen.contains(&head), "{head}: {screen}");
    }
    // Enter: the requests pane filtered to the grid; f: lookup by village.
    app.key(KeyCode::Enter);
    assert_eq!(app.state.pane, PaneId::REQUESTS);
    assert_eq!(app.state.requests.spec.filter.grid_ids, vec![grid.id]);
    assert_eq!(app.state.requests.rows.len(), fig.layer.open_requests as usize);
    assert!(
        app.state
            .requests
            .rows
            .iter()
            .all(|r| r.grid_name.as_deref() == Some(grid.name.as_str()))
    );
    app.key(KeyCode::Char('1'));
    app.key(KeyCode::Char('f'));
    assert_eq!(app.state.pane, PaneId::LOOKUP);
    assert_eq!(app.state.lookup.query.text, grid.village);
}

#[test]
fn map_edit_moves_a_grid_with_a_version_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('1'));
    let id = minqing::panes::assessment::update::selected_grid(&app.state)
        .unwrap()
        .id;
    app.key(KeyCode::Char('m'));
    app.key(KeyCode::Right);
    app.key(KeyCode::Enter);
    assert!(app.state.status.as_ref().unwrap().error, "cell (0,1) is taken");
    for _ in 0..6 {
        app.key(KeyCode::Down);
    }
    app.key(KeyCode::Enter);
    assert!(app.state.assess.map_edit.is_none());
    assert_eq!(app.state.status.as_ref().unwrap().text, "网格位置已保存");
    let pos = count(
        &app.svc.store,
        &format!("SELECT map_row * 100 + map_col FROM grids WHERE id = {id}"),
    );
    assert_eq!(pos, 601);
    // Someone else moved it meanwhile: our stale version is refused.
    app.key(KeyCode::Char('m'));
    app.key(KeyCode::Right);
    app.key(KeyCode::Enter);
    assert!(app.state.status.as_ref().unwrap().error);
    app.refresh();
    let g = minqing::panes::assessment::update::selected_grid(&app.state).unwrap();
    assert_eq!((g.id, g.map_row, g.map_col), (id, 6, 1));
}

fn coverage_of(app: &InProcess, cadre_id: i64) -> (u32, u32) {
    let o = &app.state.data.as_ref().unwrap().assessment;
    let u = o
        .period(Period::Week)
        .unwrap()
        .cadres
        .iter()
        .find(|c| c.id == cadre_id)
        .unwrap();
    (u.visited_this_year, u.village_visits.done)
}

#[test]
fn visit_from_the_map_plan_changes_the_coverage() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    export_folder(&db);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('1'));
    let grid = minqing::panes::assessment::update::selected_grid(&app.state)
        .unwrap()
        .id;
    let cadre = app
        .state
        .data
        .as_ref()
        .unwrap()
        .assessment
        .grid(grid)
        .unwrap()
        .cadre_id
        .unwrap();
    let before = coverage_of(&app, cadre);
    app.key(KeyCode::Char('w'));
    let plan = app.state.assess.plan.clone().expect("plan open");
    assert_eq!(plan.cadre_id, cadre);
    assert!(!plan.rows.is_empty());
    let screen = app.screen();
    assert!(screen.contains("走访计划"), "{screen}");
    app.key(KeyCode::Enter);
    assert!(app.state.form.is_some());
    app.typed("了解用水情况");
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    assert_eq!(app.state.status.as_ref().unwrap().text, "走访已登记");
    assert_eq!(app.state.assess.plan.as_ref().unwrap().rows.len(), plan.rows.len() - 1);
    app.refresh();
    let after = coverage_of(&app, cadre);
    assert_eq!(after.0, before.0 + 1);
    let notes = count(
        &app.svc.store,
        "SELECT count(*) FROM visits WHERE notes = '了解用水情况' AND kind = 'household'",
    );
    assert_eq!(notes, 1);
    // An overnight stay without a household, from the same plan.
    app.key(KeyCode::Char('n'));
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(
        count(&app.svc.store, "SELECT count(*) FROM visits WHERE household_id IS NULL"),
        1
    );
    // Exports: CSV, text and xlsx, mode 0600, audited, in the export folder.
    app.key(KeyCode::Char('c'));
    app.key(KeyCode::Char('t'));
    app.key(KeyCode::Char('x'));
    let exports = db.parent().unwrap().join("exports");
    let files: Vec<_> = std::fs::read_dir(&exports)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 3, "{files:?}");
    for f in &files {
        assert_eq!(common::mode_of(f), 0o600);
    }
    let csv = files.iter().find(|f| f.extension().unwrap() == "csv").unwrap();
    let text = std::fs::read_to_string(csv).unwrap();
    assert!(text.starts_with("\u{feff}序号,网格,户主,地址,联系电话"), "{text}");
    let xlsx = files.iter().find(|f| f.extension().unwrap() == "xlsx").unwrap();
    let mut book = calamine::open_workbook_auto(xlsx).unwrap();
    use calamine::Reader;
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(
        range.height(),
        plan.rows.len(),
        "header plus the plan's rows (one visited since)"
    );
    assert_eq!(
        count(
            &app.svc.store,
            "SELECT count(*) FROM audit_log WHERE action = 'visit_plan.export'"
        ),
        3
    );
}

#[test]
fn visit_form_refuses_bad_dates_and_raises_a_request_with_channel_visit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let mut app = InProcess::open(&db, "demo", Lang::En);
    // From the household card: 2, Enter on the first register row, w.
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Esc);
    app.key(KeyCode::Enter);
    assert!(app.state.card.is_some(), "card open");
    app.key(KeyCode::Char('w'));
    let form = app.state.form.as_ref().expect("visit form");
    assert_eq!(form.value("kind"), "household");
    // Date in the future.
    app.key(KeyCode::BackTab);
    for _ in 0..10 {
        app.key(KeyCode::Backspace);
    }
    app.typed("2026-12-01");
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let f = app.state.form.as_ref().expect("still open");
    assert_eq!(
        f.fields.iter().find(|x| x.key == "date").unwrap().error.as_deref(),
        Some("A visit cannot be dated after today")
    );
    for _ in 0..10 {
        app.key(KeyCode::Backspace);
    }
    app.typed("26/11/2026");
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(
        app.state.form.as_ref().unwrap().fields[2]
            .error
            .as_deref()
            .unwrap()
            .contains("year-month-day")
    );
    for _ in 0..10 {
        app.key(KeyCode::Backspace);
    }
    app.typed("2026-11-25");
    // Raise a request: last field, yes.
    app.key(KeyCode::Tab);
    app.key(KeyCode::Tab);
    app.key(KeyCode::Right);
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let form = app.state.form.as_ref().expect("the request form follows");
    assert_eq!(form.value("channel"), "visit");
    assert_eq!(
        count(
            &app.svc.store,
            "SELECT count(*) FROM visits WHERE visited_on = '2026-11-25' AND notes = ''"
        ),
        1
    );
    // Saving the request links it to the visit.
    app.typed("Broken street light");
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    let linked = count(
        &app.svc.store,
        "SELECT count(*) FROM visits v JOIN requests r ON r.id = v.request_id
         WHERE v.visited_on = '2026-11-25' AND r.title = 'Broken street light' AND r.channel = 'visit'",
    );
    assert_eq!(linked, 1);
    assert!(app.state.assess.raised_on_visit.is_none());
}

#[test]
fn survey_call_list_one_key_per_call() {
    let (_dir, mut app) = fixture_app(Lang::Zh);
    app.key(KeyCode::Char('5'));
    app.key(KeyCode::Char('s'));
    let survey = app.state.assess.survey.clone().expect("survey");
    assert_eq!(survey.campaigns.len(), 1, "the fixture's campaign");
    app.key(KeyCode::Char('n'));
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let survey = app.state.assess.survey.clone().expect("survey");
    let c = survey.campaign().unwrap().clone();
    assert_eq!(c.per_grid, 10);
    assert_eq!(c.seed, 20261126);
    assert_eq!(c.called, 0);
    let screen = app.screen();
    assert!(screen.contains("1 知晓+满意"), "{screen}");
    insta::assert_snapshot!(screen);
    app.key(KeyCode::Char('1'));
    app.key(KeyCode::Char('0'));
    app.key(KeyCode::Char('6'));
    let survey = app.state.assess.survey.clone().unwrap();
    assert_eq!(survey.list.selected, 3);
    assert_eq!(survey.campaign().unwrap().called, 3);
    let calls = &survey.rows[..3];
    assert_eq!(calls[0].call.map(|c| c.knows_cadre), Some(Some(true)));
    assert_eq!(calls[1].call.map(|c| c.reached), Some(false));
    assert_eq!(calls[2].call.map(|c| c.knows_cadre), Some(Some(false)));
    // Enter opens the full call form with a comment.
    app.key(KeyCode::Up);
    app.key(KeyCode::Enter);
    assert!(app.state.form.is_some());
    app.key(KeyCode::BackTab);
    app.typed("路灯修好了");
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let survey = app.state.assess.survey.clone().unwrap();
    assert_eq!(survey.rows[2].comment, "路灯修好了");
    assert_eq!(survey.campaign().unwrap().called, 3);
    // Bad input in the campaign form is explained.
    app.key(KeyCode::Char('n'));
    app.key(KeyCode::Tab);
    app.key(KeyCode::Backspace);
    app.key(KeyCode::Backspace);
    app.typed("0");
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let f = app.state.form.as_ref().unwrap();
    assert_eq!(f.fields[1].error.as_deref(), Some("抽样户数应为 1 到 1000 的整数"));
}

#[test]
fn assessment_keys_period_view_chart_and_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    export_folder(&db);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::Char('5'));
    assert_eq!(app.state.assess.period, Period::Week);
    app.key(KeyCode::Char('p'));
    assert_eq!(app.state.assess.period, Period::Month);
    app.key(KeyCode::Char('v'));
    assert!(app.state.assess.by_grid);
    assert!(app.screen().contains("网格考核"));
    app.key(KeyCode::Char('c'));
    assert!(app.screen().contains("本年走访覆盖率"));
    app.key(KeyCode::Char('x'));
    let msg = app.state.status.clone().unwrap();
    assert!(
        !msg.error && msg.text.contains("assessment-grids-month-20261126.csv"),
        "{msg:?}"
    );
    app.key(KeyCode::Char('w'));
    assert!(app.state.assess.plan.is_some());
    app.key(KeyCode::Esc);
    assert!(app.state.assess.plan.is_none());
    let _ = today();
}

#[test]
fn assessment_label_tables_cover_the_same_codes_in_both_languages() {
    use minqing::text::i18n::texts;
    let (zh, en) = (texts(Lang::Zh), texts(Lang::En));
    for (a, b) in [
        (&zh.assess_satisfaction, &en.assess_satisfaction),
        (&zh.assess_layer, &en.assess_layer),
        (&zh.assess_period, &en.assess_period),
        (&zh.assess_level, &en.assess_level),
    ] {
        let mut ka: Vec<_> = a.keys().collect();
        let mut kb: Vec<_> = b.keys().collect();
        ka.sort();
        kb.sort();
        assert_eq!(ka, kb);
    }
    for layer in Layer::ALL {
        assert!(zh.assess_layer.contains_key(layer.code()), "{}", layer.code());
    }
    for p in Period::ALL {
        assert!(zh.assess_period.contains_key(p.code()), "{}", p.code());
    }
}

/// Exports of these tests go to `exports/` beside the database, never into
/// the user's documents folder.
fn export_folder(db: &std::path::Path) {
    let conn = minqing::store::open_connection(db).expect("open");
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('export_dir', ?1)",
        [db.parent().unwrap().join("exports").display().to_string()],
    )
    .expect("setting");
}
