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

/// The help overlay's text as drawn (inside its frame).
fn help_text(app: &mut InProcess) -> String {
    app.screen_at(100, 30)
}

#[test]
fn help_opens_at_the_pane_scrolls_by_page_searches_and_names_keys_in_chinese() {
    let (_dir, mut app) = app(Lang::Zh);
    app.key(KeyCode::Char('3'));
    app.key(KeyCode::Char('?'));
    let screen = help_text(&mut app);
    // The requests pane's own keys first, with Chinese key names.
    let heading = screen.lines().nth(2).expect("line");
    assert!(heading.contains("诉求列表"), "{screen}");
    assert!(line_with(&screen, "选中/取消").contains("空格"), "{screen}");
    assert!(!screen.contains("Space"), "{screen}");
    // PgDn moves a page, g back to the top, G to the end.
    app.key(KeyCode::PageDown);
    let paged = help_text(&mut app);
    assert!(!paged.contains("选中/取消"), "{paged}");
    app.key(KeyCode::Char('g'));
    assert!(help_text(&mut app).contains("选中/取消"));
    app.key(KeyCode::Char('G'));
    let end = help_text(&mut app);
    assert_ne!(end, paged);
    assert!(!end.contains("选中/取消"));
    // The callback answers are listed, found with /.
    app.key(KeyCode::Char('/'));
    app.typed("基本满意");
    app.key(KeyCode::Enter);
    let found = help_text(&mut app);
    assert!(line_with(&found, "已解决，基本满意").contains('2'), "{found}");
    assert!(!found.contains("选中/取消"), "{found}");
    // Esc clears the search, a second Esc closes the help.
    app.key(KeyCode::Esc);
    assert!(help_text(&mut app).contains("选中/取消"));
    app.key(KeyCode::Esc);
    assert_eq!(app.state.overlay, minqing::app::state::Overlay::None);
    // In the lookup pane the help starts with the card and the query.
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('?'));
    let screen = help_text(&mut app);
    assert!(screen.lines().nth(2).expect("line").contains("户卡"), "{screen}");
    app.key(KeyCode::Char('/'));
    app.typed("全拼");
    assert!(help_text(&mut app).contains("首字母"));
    // English names the keys in English.
    let (_dir, mut app) = self::app(Lang::En);
    app.key(KeyCode::Char('3'));
    app.key(KeyCode::Char('?'));
    let screen = help_text(&mut app);
    assert!(screen.contains("Space"), "{screen}");
    assert!(!screen.contains("空格"), "{screen}");
}

#[test]
fn progress_is_typed_not_appended_and_an_update_today_reads_today() {
    let (_dir, mut app) = app(Lang::Zh);
    app.key(KeyCode::Char('4'));
    app.key(KeyCode::Char('d'));
    app.key(KeyCode::Char('u'));
    let form = app.state.form.as_ref().expect("progress form");
    assert_eq!(form.value("progress"), "", "not prefilled with the current figure");
    assert!(form.fields[0].label.contains("现为"), "{:?}", form.fields[0].label);
    app.typed("50");
    assert_eq!(app.state.form.as_ref().unwrap().value("progress"), "50");
    app.key(KeyCode::Tab);
    app.typed("路灯已采购");
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    app.refresh();
    let screen = app.screen_at(120, 35);
    assert!(line_with(&screen, "50%").contains("今天"), "{screen}");
    assert!(!screen.contains("0天前"), "{screen}");
}

#[test]
fn a_resolved_request_says_solved_in_words() {
    let (_dir, mut app) = app(Lang::Zh);
    let id: i64 = app
        .svc
        .store
        .conn()
        .query_row(
            "SELECT id FROM requests WHERE resolution IS NOT NULL AND solved = 1 ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a resolved request in the fixture");
    app.key(KeyCode::Char('3'));
    let effects = vec![minqing::app::effect::Effect::Request(Box::new(
        minqing::panes::requests::update::RequestEffect::Open(id),
    ))];
    for e in effects {
        for m in minqing::app::effects::execute(&app.state, &mut app.svc, e).messages {
            minqing::app::update::apply(&mut app.state, m);
        }
    }
    let screen = app.screen_at(120, 35);
    let line = line_with(&screen, "办理结果");
    assert!(line.contains("（已解决）"), "{line}");
    assert!(!screen.contains("[是]"), "{screen}");
}

#[test]
fn lookup_says_when_there_are_more_results_than_listed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::demo_db(dir.path(), 300);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::F(2));
    app.typed("w");
    assert_eq!(app.state.lookup.rows.len(), minqing::search::DEFAULT_LIMIT);
    let screen = app.screen_at(100, 30);
    assert!(screen.contains("结果 1/50+（只列出前 50 条"), "{screen}");
    // A narrow query: no such note.
    app.typed("angxiuying");
    let screen = app.screen_at(100, 30);
    assert!(!screen.contains("只列出前"), "{screen}");
}

#[test]
fn the_household_column_means_the_same_in_the_cli_and_the_tui() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::demo_db(dir.path(), 300);
    let mut out = Vec::new();
    minqing::search::cli::lookup_cli(&db, "w", 20, false, Lang::Zh, &mut out).expect("lookup");
    let text = String::from_utf8(out).expect("utf-8");
    // The first column counts households in order: 1, 2, 3 … (blank for
    // further members of the same household), as the TUI numbers them.
    let numbers: Vec<usize> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect();
    assert!(numbers.len() > 3, "{text}");
    assert_eq!(numbers, (1..=numbers.len()).collect::<Vec<_>>(), "{text}");
}

#[test]
fn the_survey_call_number_is_shown_with_one_key_and_audited_for_callback() {
    let (_dir, mut app) = app(Lang::Zh);
    assert!(!app.state.can_reveal, "the clerk may not reveal in general");
    app.key(KeyCode::Char('5'));
    app.key(KeyCode::Char('s'));
    app.key(KeyCode::Char('n'));
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let survey = app.state.assess.survey.clone().expect("survey");
    let i = survey
        .rows
        .iter()
        .position(|r| r.phone.is_some())
        .expect("a sampled household with a phone");
    for _ in 0..i {
        app.key(KeyCode::Down);
    }
    let row = survey.rows[i].clone();
    let full = row.phone.clone().unwrap();
    let screen = app.screen_at(120, 35);
    assert!(!screen.contains(&full), "masked before: {screen}");
    assert!(screen.contains("p 显示号码"), "the key is in the legend: {screen}");
    app.key(KeyCode::Char('p'));
    let screen = app.screen_at(120, 35);
    assert!(line_with(&screen, &row.address).contains(&full), "{screen}");
    let audited: i64 = app
        .svc
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE user = 'demo' AND action = 'person.reveal'
             AND object = ?1 AND detail LIKE '%回访%'",
            [format!("household:{}", row.household_id)],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(audited, 1);
    // Answering the call moves on; the next number is masked again.
    app.key(KeyCode::Char('1'));
    let screen = app.screen_at(120, 35);
    assert!(!screen.contains(&full), "{screen}");
}

/// Carries out `effect` as the run loop would.
fn run(app: &mut InProcess, effect: minqing::app::effect::Effect) {
    for m in minqing::app::effects::execute(&app.state, &mut app.svc, effect).messages {
        minqing::app::update::apply(&mut app.state, m);
    }
}

/// The changed screens of issue 12, at 80×24 and 120×35, in one language:
/// the card with a request selected, that request's detail with its topic
/// and decisions, the requests table with filters, the help opened on the
/// requests pane and searched, and a survey call's number shown.
fn changed_screens(lang: Lang) {
    let tag = match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    };
    let (_dir, mut app) = app(lang);
    let household: i64 = app
        .svc
        .store
        .conn()
        .query_row(
            "SELECT household_id FROM requests WHERE topic_id IS NOT NULL AND household_id IS NOT NULL
             ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a household whose request went into a topic");
    app.key(KeyCode::Char('2'));
    run(&mut app, minqing::app::effect::Effect::LoadCard(household));
    let card = app.state.card.clone().expect("card");
    let pos = card
        .card
        .requests
        .iter()
        .position(|r| r.topic_id.is_some())
        .expect("its request");
    for _ in 0..card.card.members.len() + pos {
        app.key(KeyCode::Down);
    }
    let shots = |app: &mut InProcess, name: &str| {
        for (w, h) in [(80, 24), (120, 35)] {
            insta::assert_snapshot!(format!("{name}_{tag}_{w}x{h}"), app.screen_at(w, h));
        }
    };
    shots(&mut app, "card_request_selected");
    app.key(KeyCode::Enter);
    assert!(app.state.requests.detail.is_some());
    shots(&mut app, "request_detail_with_topic");
    app.key(KeyCode::Esc);
    assert_eq!(app.state.pane, PaneId::LOOKUP);
    app.key(KeyCode::Esc);
    app.key(KeyCode::Char('3'));
    app.state.requests.spec.filter.overdue = true;
    app.key(KeyCode::Char('S'));
    shots(&mut app, "requests_filtered");
    app.key(KeyCode::Char('?'));
    app.key(KeyCode::Char('/'));
    app.typed(if lang == Lang::Zh { "回访" } else { "callback" });
    app.key(KeyCode::Enter);
    shots(&mut app, "help_searched");
    app.key(KeyCode::Esc);
    app.key(KeyCode::Esc);
    app.key(KeyCode::Char('5'));
    app.key(KeyCode::Char('s'));
    app.key(KeyCode::Char('n'));
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let first = app.state.assess.survey.as_ref().and_then(|s| s.rows.first().cloned());
    assert!(
        first.is_some_and(|r| r.phone.is_some()),
        "the first sampled household has a phone"
    );
    app.key(KeyCode::Char('p'));
    shots(&mut app, "survey_number_shown");
}

#[test]
fn changed_screens_zh() {
    changed_screens(Lang::Zh);
}

#[test]
fn changed_screens_en() {
    changed_screens(Lang::En);
}
