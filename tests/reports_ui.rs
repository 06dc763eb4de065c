//! The 民情分析 pane (issue 14) on the fixture township, through the real
//! key -> action -> effect -> message path: snapshots at 80x24 and 120x35
//! in both languages, period / scope / theme changes, the "计算中" mark
//! while a new report is computed, warnings opening their lists, the
//! export (masked unless revealed, audited), and a report attached to an
//! agenda item printed in the agenda export.

mod common;
use common::{InProcess, Lang, count, fixture_db, mode_of, today};
use crossterm::event::{KeyCode, KeyModifiers};
use minqing::domain::analysis::{PeriodKind, Place, Span, Theme, WarningKind};
use minqing::panes::PaneId;
use minqing::panes::reports::state::Section;
use minqing::panes::requests::state::RequestsViewId;

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The fixture open as `login`, on the reports pane.
fn reports(login: &str, lang: Lang) -> (tempfile::TempDir, InProcess) {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_db(dir.path());
    let mut app = InProcess::open(&db, login, lang);
    app.typed("7");
    assert_eq!(app.state.pane, PaneId::REPORTS);
    (dir, app)
}

fn shown(app: &InProcess) -> &minqing::domain::analysis::Report {
    &app.state.reports.shown.as_ref().expect("a report is shown").report
}

fn ctrl_s(app: &mut InProcess) {
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
}

/// Moves to section `s` with Right.
fn section(app: &mut InProcess, s: Section) {
    while app.state.reports.section != s {
        app.key(KeyCode::Right);
    }
}

#[test]
fn reports_zh_80x24() {
    let (_dir, mut app) = reports("demo", Lang::Zh);
    insta::assert_snapshot!(app.screen_at(80, 24));
}

#[test]
fn reports_zh_120x35() {
    let (_dir, mut app) = reports("demo", Lang::Zh);
    insta::assert_snapshot!(app.screen_at(120, 35));
}

#[test]
fn reports_en_80x24() {
    let (_dir, mut app) = reports("demo", Lang::En);
    insta::assert_snapshot!(app.screen_at(80, 24));
}

#[test]
fn reports_en_120x35() {
    let (_dir, mut app) = reports("demo", Lang::En);
    insta::assert_snapshot!(app.screen_at(120, 35));
}

#[test]
fn reports_sections_zh_120x35() {
    let (_dir, mut app) = reports("demo", Lang::Zh);
    let mut screens = String::new();
    for s in [Section::Trend, Section::Hot, Section::People, Section::Warnings] {
        section(&mut app, s);
        screens.push_str(&app.screen_at(120, 35));
    }
    insta::assert_snapshot!(screens);
}

#[test]
fn reports_warnings_en_80x24() {
    let (_dir, mut app) = reports("demo", Lang::En);
    section(&mut app, Section::Warnings);
    insta::assert_snapshot!(app.screen_at(80, 24));
}

#[test]
fn the_pane_opens_on_this_month_with_figures_and_warnings() {
    let (_dir, mut app) = reports("demo", Lang::Zh);
    let r = shown(&app);
    assert_eq!(
        (r.kind, r.span),
        (PeriodKind::Month, Span::new(d(2026, 11, 1), d(2026, 11, 30)))
    );
    assert_eq!((r.figures.now.new, r.figures.previous.new), (8, 2));
    let screen = app.screen_at(120, 35);
    assert!(screen.contains("7 民情分析") || screen.contains("民情分析"), "{screen}");
    assert!(screen.contains("月度 2026-11-01 至 2026-11-30"), "{screen}");
    // 新增 8 against 2 the month before: +300.0%; no base a year ago: —.
    let line = screen.lines().find(|l| l.contains("+300.0%")).expect("新增 row");
    assert!(line.starts_with("│新增") && line.contains('—'), "{line}");
    // Bars carry their figures.
    assert!(screen.contains("新增   8"), "{screen}");
    assert!(!app.state.reports.computing);
}

#[test]
fn period_keys_change_the_report() {
    let (_dir, mut app) = reports("demo", Lang::Zh);
    app.typed("p");
    let r = shown(&app);
    assert_eq!(
        (r.kind, r.span),
        (PeriodKind::Quarter, Span::new(d(2026, 10, 1), d(2026, 12, 31)))
    );
    assert!(app.screen().contains("季度 2026-10-01 至 2026-12-31"));
    app.typed("[");
    assert_eq!(shown(&app).span, Span::new(d(2026, 7, 1), d(2026, 9, 30)));
    app.typed("]]");
    assert_eq!(shown(&app).span, Span::new(d(2027, 1, 1), d(2027, 3, 31)));
    // year, business month (21st to 20th), week, month
    app.typed("p");
    assert_eq!(shown(&app).kind, PeriodKind::Year);
    app.typed("p");
    assert_eq!(shown(&app).kind, PeriodKind::BusinessMonth { start: 21 });
    app.typed("pp");
    assert_eq!(shown(&app).kind, PeriodKind::Month);
}

/// Puts `text` into field `index` of the open form, with keys.
fn fill_field(app: &mut InProcess, index: usize, text: &str) {
    while app.state.form.as_ref().unwrap().focus != index {
        app.key(KeyCode::Tab);
    }
    while !app.state.form.as_ref().unwrap().fields[index].input.text.is_empty() {
        app.key(KeyCode::End);
        app.key(KeyCode::Backspace);
    }
    app.typed(text);
}

/// Opens the period form and sets it: `rights` presses of Right on the
/// period choice (from the current one), then the day, or the range.
fn period_form(app: &mut InProcess, rights: usize, day: &str, range: Option<(&str, &str)>) {
    app.typed("d");
    assert!(app.state.form.is_some());
    for _ in 0..rights {
        app.key(KeyCode::Right);
    }
    fill_field(app, 1, day);
    if let Some((from, to)) = range {
        fill_field(app, 2, from);
        fill_field(app, 3, to);
    }
    ctrl_s(app);
}

#[test]
fn the_business_month_turns_on_the_21st() {
    let (_dir, mut app) = reports("demo", Lang::Zh);
    // month -> business month is three to the right.
    period_form(&mut app, 3, "2026-11-20", None);
    assert_eq!(shown(&app).span, Span::new(d(2026, 10, 21), d(2026, 11, 20)));
    period_form(&mut app, 0, "2026-11-21", None);
    assert_eq!(shown(&app).span, Span::new(d(2026, 11, 21), d(2026, 12, 20)));
    assert!(app.screen().contains("业务月 2026-11-21 至 2026-12-20"));
}

#[test]
fn a_custom_range_and_a_wrong_date() {
    let (_dir, mut app) = reports("demo", Lang::Zh);
    // month -> custom is four to the right.
    period_form(&mut app, 4, "2026-11-26", Some(("2026-11-10", "2026-11-20")));
    let r = shown(&app);
    assert_eq!(
        (r.kind, r.span),
        (PeriodKind::Custom, Span::new(d(2026, 11, 10), d(2026, 11, 20)))
    );
    // A wrong date keeps the form and everything typed, and says why.
    period_form(&mut app, 0, "2026-11-26", Some(("2026-13-01", "")));
    let form = app.state.form.as_ref().expect("form kept");
    let from = form.fields.iter().find(|f| f.key == "from").unwrap();
    assert_eq!(from.input.text, "2026-13-01");
    assert!(from.error.as_deref().unwrap_or("").contains("2026-13-01"));
    assert_eq!(shown(&app).span, Span::new(d(2026, 11, 10), d(2026, 11, 20)));
}

#[test]
fn scope_and_theme_narrow_the_report() {
    let (_dir, mut app) = reports("demo", Lang::Zh);
    let township = shown(&app).figures.now.new;
    // Villages in order: 清溪村, 石桥村, 南街社区.
    app.typed("s");
    app.key(KeyCode::Right);
    app.key(KeyCode::Right);
    ctrl_s(&mut app);
    assert_eq!(shown(&app).selection.place, Place::Village("石桥村".into()));
    assert_eq!(shown(&app).figures.now.new, 4);
    assert!(township > 4);
    assert!(app.screen().contains("｜石桥村｜"));
    // The theme: 水电气 among the categories.
    app.typed("t");
    let options = match &app.state.form.as_ref().unwrap().fields[0].kind {
        minqing::app::form::FieldKind::Choice { options, .. } => options.clone(),
        other => panic!("{other:?}"),
    };
    let at = options
        .iter()
        .position(|(c, _)| c == "category:水电气")
        .expect("category offered");
    assert!(options.iter().any(|(c, _)| c == "tag:独居老人"));
    assert!(options.iter().any(|(c, _)| c == "channel:hotline"));
    for _ in 0..at {
        app.key(KeyCode::Right);
    }
    ctrl_s(&mut app);
    assert_eq!(shown(&app).selection.theme, Theme::Category("水电气".into()));
    assert_eq!(shown(&app).figures.now.new, 3);
    // A grid that does not exist is refused next to its field.
    app.typed("s");
    fill_field(&mut app, 1, "没有这个网格");
    ctrl_s(&mut app);
    let form = app.state.form.as_ref().expect("form kept");
    assert!(form.fields[1].error.as_deref().unwrap_or("").contains("没有这个网格"));
    app.key(KeyCode::Esc);
    app.key(KeyCode::Char('y'));
    // A grid that exists.
    app.typed("s");
    fill_field(&mut app, 1, "南街网格");
    ctrl_s(&mut app);
    assert_eq!(shown(&app).selection.place, Place::Grid("南街网格".into()));
}

#[test]
fn the_previous_report_stays_marked_while_the_next_is_computed() {
    let (_dir, mut app) = reports("demo", Lang::Zh);
    // The key alone (update), without running its effect yet.
    let effects = minqing::app::update::update(&mut app.state, minqing::app::action::Action::ReportPeriod);
    assert!(app.state.reports.computing);
    assert_eq!(shown(&app).kind, PeriodKind::Month, "the previous report stays");
    let screen = app.screen();
    assert!(
        screen.contains("计算中") && screen.contains("月度 2026-11-01"),
        "{screen}"
    );
    // A second change overtakes the first: the first answer is dropped.
    let second = minqing::app::update::update(&mut app.state, minqing::app::action::Action::ReportPeriod);
    for effect in effects.into_iter().chain(second) {
        let outcome = minqing::app::effects::execute(&app.state, &mut app.svc, effect);
        for m in outcome.messages {
            minqing::app::update::apply(&mut app.state, m);
            // After the first (stale) answer nothing changed.
            if app.state.reports.computing {
                assert_eq!(shown(&app).kind, PeriodKind::Month);
            }
        }
    }
    assert!(!app.state.reports.computing);
    assert_eq!(shown(&app).kind, PeriodKind::Year);
    assert!(!app.screen().contains("计算中"));
}

#[test]
fn warnings_open_their_lists() {
    let (_dir, mut app) = reports("demo", Lang::Zh);
    section(&mut app, Section::Warnings);
    let kinds: Vec<WarningKind> = shown(&app).warnings.iter().map(|w| w.kind).collect();
    assert_eq!(
        kinds,
        [
            WarningKind::RisingInVillage,
            WarningKind::RisingInGrid,
            WarningKind::Unvisited,
            WarningKind::Unvisited,
            WarningKind::StalledDecision,
            WarningKind::StalledDecision
        ]
    );
    let screen = app.screen_at(120, 35);
    assert!(
        screen.contains("水电气（石桥村）：本期 3 件，超过前6期平均"),
        "{screen}"
    );
    assert!(screen.contains("回车：在诉求台账中查看这 3 件诉求"), "{screen}");

    // A rising category: its requests in the triage table.
    app.key(KeyCode::Enter);
    assert_eq!(app.state.pane, PaneId::REQUESTS);
    assert!(matches!(&app.state.requests.view, RequestsViewId::Ids { ids, .. } if ids == &[2, 9, 10]));
    let ids: Vec<i64> = app.state.requests.rows.iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), 3);
    assert!(ids.iter().all(|i| [2, 9, 10].contains(i)));
    assert!(app.screen().contains("水电气（石桥村）"));

    // Unvisited vulnerable households: the list in the pane, names masked.
    app.typed("7");
    assert_eq!(app.state.reports.section, Section::Warnings);
    app.key(KeyCode::Home);
    app.key(KeyCode::Down);
    app.key(KeyCode::Down);
    app.key(KeyCode::Enter);
    let list = app.state.reports.list.as_ref().expect("household list");
    assert_eq!(list.rows.iter().map(|r| r.household_id).collect::<Vec<_>>(), vec![12]);
    let screen = app.screen();
    assert!(screen.contains("南街网格：1 户"), "{screen}");
    assert!(
        screen.contains("南街社区8幢301室") && screen.contains("从未"),
        "{screen}"
    );
    let head = common::count(&app.svc.store, "SELECT count(*) FROM persons WHERE household_id = 12");
    assert!(head > 0);
    let name: String = app
        .svc
        .store
        .conn()
        .query_row(
            "SELECT name FROM persons WHERE household_id = 12 ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!screen.contains(&name), "the clerk sees the name masked: {screen}");
    assert!(
        screen.contains(&minqing::domain::analysis::mask_name(&name)),
        "{screen}"
    );
    // Esc closes the list; Enter on a household opens its card.
    app.key(KeyCode::Esc);
    assert!(app.state.reports.list.is_none());
    app.key(KeyCode::Enter);
    assert!(app.state.reports.list.is_some());
    app.key(KeyCode::Enter);
    assert_eq!(app.state.pane, PaneId::LOOKUP);
    assert_eq!(app.state.card.as_ref().map(|c| c.card.id), Some(12));
    app.typed("7");
    assert!(app.state.reports.list.is_none(), "a fresh report on return");

    // A stalled decision: the decisions board, on that decision.
    app.key(KeyCode::End);
    let id = shown(&app).warnings.last().unwrap().ids[0];
    app.key(KeyCode::Enter);
    assert_eq!(app.state.pane, PaneId::MEETINGS);
    assert_eq!(app.state.agenda.mode, minqing::panes::agenda::update::Mode::Decisions);
    assert_eq!(app.state.agenda.decision.id, Some(id));
}

#[test]
fn the_export_is_masked_written_private_and_audited() {
    let (dir, mut app) = reports("demo", Lang::Zh);
    let path = dir.path().join("report.txt");
    app.typed("e");
    // The clerk may not reveal: no names choice.
    assert_eq!(app.state.form.as_ref().unwrap().fields.len(), 2);
    fill_field(&mut app, 1, path.to_str().unwrap());
    ctrl_s(&mut app);
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    let body = std::fs::read_to_string(&path).unwrap();
    assert!(body.contains("清溪镇民情分析报告"), "{body}");
    assert!(body.contains("汇报人：演示文员"), "{body}");
    assert!(body.contains("居民姓名已脱敏"), "{body}");
    assert!(!body.contains("王秀英"), "names are masked");
    assert_eq!(mode_of(&path), 0o600);
    assert_eq!(
        count(
            &app.svc.store,
            "SELECT count(*) FROM audit_log WHERE action = 'analysis.export' AND detail LIKE '%masked%'"
        ),
        1
    );
}

#[test]
fn a_user_who_may_reveal_exports_full_names_as_xlsx_audited() {
    let (dir, mut app) = reports("admin", Lang::Zh);
    let path = dir.path().join("report.xlsx");
    app.typed("e");
    app.key(KeyCode::Right);
    app.key(KeyCode::Right); // txt -> md -> xlsx
    fill_field(&mut app, 1, path.to_str().unwrap());
    app.key(KeyCode::Tab);
    app.key(KeyCode::Right); // masked -> full
    ctrl_s(&mut app);
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    assert!(std::fs::metadata(&path).unwrap().len() > 0);
    assert_eq!(
        count(
            &app.svc.store,
            "SELECT count(*) FROM audit_log WHERE action = 'analysis.export' AND detail LIKE 'xlsx%full%'"
        ),
        1
    );
}

#[test]
fn a_report_attached_to_an_agenda_item_is_in_the_agenda_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_db(dir.path());
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    // Choose the report in the pane: 石桥村, this month.
    app.typed("7s");
    app.key(KeyCode::Right);
    app.key(KeyCode::Right);
    ctrl_s(&mut app);
    // The planned analysis meeting in the builder.
    app.typed("4");
    let row = app
        .state
        .list()
        .visible
        .iter()
        .position(|&i| app.state.data.as_ref().unwrap().meetings[i].id == 1)
        .unwrap();
    app.state.list_mut().selected = row;
    app.key(KeyCode::Enter);
    let before = app.state.agenda.meeting.as_ref().unwrap().items.len();
    let proposed = minqing::panes::agenda::update::proposed_presenter(&app.state);
    assert!(proposed.is_some());
    app.typed("r");
    let form = app.state.form.as_ref().expect("attach form");
    // The pane's choice is preset, on the agenda's 近期民情数据通报 item.
    assert_eq!(form.value("village"), "石桥村");
    assert_eq!(form.value("period"), "month");
    assert_eq!(form.value("item"), "1");
    ctrl_s(&mut app);
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    assert_eq!(app.state.agenda.attached.len(), 1);
    assert_eq!(app.state.agenda.attached[0].item_id, 1);
    assert!(app.screen_at(120, 35).contains("近期民情数据通报［附报告］"));
    assert_eq!(
        count(
            &app.svc.store,
            "SELECT count(*) FROM audit_log WHERE action = 'agenda.report'"
        ),
        1
    );

    // The agenda export carries the report inside the item's section.
    let doc = minqing::export::agenda::build(app.svc.store.conn(), 1, today()).unwrap();
    let md = minqing::export::agenda::markdown(&doc, Lang::Zh);
    let section = md
        .split("## 1. 近期民情数据通报")
        .nth(1)
        .and_then(|s| s.split("## 2. ").next())
        .expect("the item's section");
    assert!(section.contains("### 清溪镇民情分析报告"), "{section}");
    assert!(section.contains("范围：石桥村"), "{section}");
    assert!(section.contains("汇报人：陈晓梅"), "{section}");
    assert!(
        section.contains("统计期间：月度，2026-11-01 至 2026-11-30"),
        "{section}"
    );
    assert!(section.contains("#### 五、潜在问题"), "{section}");
    assert!(section.contains("水电气（石桥村）"), "{section}");
    let txt = minqing::export::agenda::plain_text(&doc, Lang::Zh);
    assert!(txt.contains("附：民情分析报告"), "{txt}");
    assert!(txt.contains("一、受理与办理"), "{txt}");
    let wide: Vec<&str> = txt
        .lines()
        .filter(|l| minqing::text::width(l.trim_start_matches('\u{c}')) > 78)
        .collect();
    assert!(wide.is_empty(), "A4 width: {wide:?}");

    // A new item for the rotation's next presenter, for the quarter.
    app.typed("r");
    app.key(KeyCode::Left); // item 1 -> a new item
    assert_eq!(app.state.form.as_ref().unwrap().value("item"), "");
    app.key(KeyCode::Tab);
    app.key(KeyCode::Right); // month -> quarter
    ctrl_s(&mut app);
    let m = app.state.agenda.meeting.clone().unwrap();
    assert_eq!(m.items.len(), before + 1);
    let item = m.items.last().unwrap();
    assert_eq!(item.title, "近期民情数据通报");
    assert_eq!(item.presenter_id, proposed, "the rotation's next presenter");
    assert_eq!(app.state.agenda.attached.len(), 2);
    let new = app.state.agenda.attached.iter().find(|a| a.item_id == item.id).unwrap();
    assert_eq!(new.kind, PeriodKind::Quarter);

    // Item 1 again, for the year: replaced, not doubled.
    app.typed("r");
    app.key(KeyCode::Tab);
    app.key(KeyCode::Right);
    app.key(KeyCode::Right); // month -> year
    ctrl_s(&mut app);
    assert_eq!(app.state.agenda.attached.len(), 2);
    let first = app.state.agenda.attached.iter().find(|a| a.item_id == 1).unwrap();
    assert_eq!(first.kind, PeriodKind::Year);
    let doc = minqing::export::agenda::build(app.svc.store.conn(), 1, today()).unwrap();
    let md = minqing::export::agenda::markdown(&doc, Lang::Zh);
    assert!(md.contains("统计期间：年度，2026-01-01 至 2026-12-31"), "{md}");
    assert!(md.contains("统计期间：季度，2026-10-01 至 2026-12-31"), "{md}");
}

#[test]
fn a_cadre_may_not_attach_a_report_and_the_agenda_stays_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_db(dir.path());
    {
        let conn = minqing::store::open_connection(&db).unwrap();
        conn.execute(
            "INSERT INTO users (login, display_name, role, cadre_id) VALUES ('wzq', '王志强', 'cadre', 4)",
            [],
        )
        .unwrap();
        // They attend the meeting, so it is theirs to open (README "A
        // cadre's own grids") but not to prepare.
        conn.execute(
            "INSERT INTO meeting_participants (meeting_id, cadre_id) VALUES (1, 4)",
            [],
        )
        .unwrap();
    }
    let mut app = InProcess::open(&db, "wzq", Lang::Zh);
    app.typed("4");
    let row = app
        .state
        .list()
        .visible
        .iter()
        .position(|&i| app.state.data.as_ref().unwrap().meetings[i].id == 1)
        .unwrap();
    app.state.list_mut().selected = row;
    app.key(KeyCode::Enter);
    let items = count(&app.svc.store, "SELECT count(*) FROM agenda_items WHERE meeting_id = 1");
    app.typed("r");
    app.key(KeyCode::Left); // a new item
    ctrl_s(&mut app);
    let form = app.state.form.as_ref().expect("the form stays open");
    assert!(form.error.is_some(), "the refusal is said on the form");
    assert_eq!(
        count(&app.svc.store, "SELECT count(*) FROM agenda_items WHERE meeting_id = 1"),
        items
    );
    assert_eq!(count(&app.svc.store, "SELECT count(*) FROM agenda_item_reports"), 0);
    assert!(
        count(
            &app.svc.store,
            "SELECT count(*) FROM audit_log WHERE user = 'wzq' AND object = 'meeting:1'"
        ) >= 1,
        "the refusal is audited"
    );
}

#[test]
fn a_page_move_goes_by_the_rows_the_list_showed() {
    // The demo township has more warnings than the fixture.
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path(), 300);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.typed("7");
    section(&mut app, Section::Warnings);
    app.screen_at(80, 24);
    let page = app.state.list_height();
    let n = minqing::panes::reports::update::section_rows(&app.state.reports);
    assert!(page > 10 && n > 10, "{page} rows shown of {n}");
    app.key(KeyCode::Home);
    app.key(KeyCode::PageDown);
    assert_eq!(app.state.reports.row.selected, page.min(n - 1));
    app.key(KeyCode::PageUp);
    assert_eq!(app.state.reports.row.selected, 0);
}
