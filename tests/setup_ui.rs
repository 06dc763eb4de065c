//! The set-up pane (设置, key 6) in-process: an empty office opens on the
//! first-run checklist; forms save through the store with version checks;
//! a clerk sees it read-only; the register import runs a dry run, then
//! writes on confirmation. Snapshots at 80x24 and 120x35 in zh and en.

mod common;
use common::{InProcess, Lang, fixture_app};
use crossterm::event::{KeyCode, KeyModifiers};
use minqing::panes::PaneId;
use minqing::panes::setup::state::Section;

fn empty_office(lang: Lang) -> (tempfile::TempDir, InProcess) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("office.db");
    drop(common::office_with_admin(&db));
    let app = InProcess::open(&db, "admin", lang);
    (dir, app)
}

fn fixture_admin(lang: Lang) -> (tempfile::TempDir, InProcess) {
    let (dir, app) = fixture_app(lang);
    let db = app.svc.store.path().to_path_buf();
    drop(app);
    let app = InProcess::open(&db, "admin", lang);
    (dir, app)
}

fn save(app: &mut InProcess) {
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
}

#[test]
fn an_empty_office_opens_on_the_checklist_zh_80x24() {
    let (_dir, mut app) = empty_office(Lang::Zh);
    assert_eq!(app.state.pane, PaneId::SETUP);
    let screen = app.screen_at(80, 24);
    for step in [
        "1. 乡镇名称",
        "2. 村/社区与网格",
        "3. 干部",
        "4. 导入户籍",
        "5. 添加用户",
    ] {
        assert!(screen.contains(step), "{step}: {screen}");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn an_empty_office_opens_on_the_checklist_en_120x35() {
    let (_dir, mut app) = empty_office(Lang::En);
    let screen = app.screen_at(120, 35);
    // The schema's placeholder township name is shown in English, not as 未命名乡镇.
    let top = screen.lines().next().unwrap_or_default();
    assert!(top.starts_with(" Minqing Unnamed township "), "{top}");
    assert!(!screen.contains("未命名"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn the_checklist_of_a_set_up_township_zh_120x35_and_en_80x24() {
    // The fixture township: named, places, cadres, register and a clerk.
    let (_dir, mut app) = fixture_admin(Lang::Zh);
    assert_eq!(app.state.pane, PaneId::GRID_MAP, "a set-up office opens on the map");
    app.typed("6");
    let screen = app.screen_at(120, 35);
    assert_eq!(screen.matches("已完成").count(), 5, "{screen}");
    insta::assert_snapshot!("checklist_done_zh_120x35", screen);
    let (_dir, mut app) = fixture_admin(Lang::En);
    app.typed("6");
    insta::assert_snapshot!("checklist_done_en_80x24", app.screen_at(80, 24));
}

#[test]
fn the_grids_section_zh_80x24_and_en_120x35() {
    let (_dir, mut app) = fixture_admin(Lang::Zh);
    app.typed("6");
    app.typed("lllll");
    assert_eq!(app.state.setup.section, Section::Grids);
    let screen = app.screen_at(80, 24);
    assert!(screen.contains("清溪第一网格") && screen.contains("王志强"), "{screen}");
    insta::assert_snapshot!("grids_zh_80x24", screen);
    let (_dir, mut app) = fixture_admin(Lang::En);
    app.typed("6lllll");
    insta::assert_snapshot!("grids_en_120x35", app.screen_at(120, 35));
}

#[test]
fn the_settings_and_cadres_sections_zh_120x35() {
    let (_dir, mut app) = fixture_admin(Lang::Zh);
    app.typed("6ll");
    insta::assert_snapshot!("settings_zh_120x35", app.screen_at(120, 35));
    app.typed("llll");
    assert_eq!(app.state.setup.section, Section::Cadres);
    insta::assert_snapshot!("cadres_zh_80x24", app.screen_at(80, 24));
}

#[test]
fn naming_the_township_and_adding_a_village_grid_and_cadre_by_keys() {
    let (_dir, mut app) = empty_office(Lang::Zh);
    app.typed("t");
    assert_eq!(app.state.setup.section, Section::Township);
    app.typed("e");
    app.typed("东浦镇");
    save(&mut app);
    assert!(app.state.form.is_none(), "saved: {:?}", app.state.form);
    app.refresh();
    assert_eq!(app.state.data.as_ref().unwrap().township, "东浦镇");
    // Villages: add one.
    app.typed("v");
    app.typed("a");
    app.typed("青山村");
    save(&mut app);
    assert!(app.state.form.is_none(), "{:?} {:?}", app.state.form, app.state.status);
    // Cadres, then a grid held by that cadre.
    app.typed("lll");
    assert_eq!(app.state.setup.section, Section::Cadres);
    app.typed("a");
    app.typed("李明");
    app.key(KeyCode::Tab);
    app.key(KeyCode::Tab);
    app.typed("1380013800"); // one digit short
    save(&mut app);
    let form = app.state.form.as_ref().expect("kept open");
    assert!(form.fields.iter().any(|f| f.key == "phone" && f.error.is_some()));
    app.typed("0");
    save(&mut app);
    assert!(app.state.form.is_none());
    app.refresh();
    app.typed("h");
    assert_eq!(app.state.setup.section, Section::Grids);
    app.typed("a");
    app.key(KeyCode::Tab);
    app.typed("第一网格");
    app.key(KeyCode::Tab);
    app.key(KeyCode::Right); // the cadre after "none"
    save(&mut app);
    assert!(app.state.form.is_none(), "{:?}", app.state.form);
    app.refresh();
    let grids = minqing::store::grids::list_grids(app.svc.store.conn(), &minqing::store::scope::SessionScope::All)
        .expect("grids");
    assert_eq!(grids.len(), 1);
    assert_eq!(grids[0].cadre.as_deref(), Some("李明"));
    let data = &app.state.data.as_ref().unwrap().setup;
    use minqing::model::setup::Step;
    assert!(data.done(Step::Township) && data.done(Step::Places) && data.done(Step::Cadres));
    assert!(!data.done(Step::Register));
}

#[test]
fn an_edit_made_meanwhile_is_refused_and_the_form_keeps_its_input() {
    let (dir, mut app) = fixture_admin(Lang::Zh);
    app.typed("6lll");
    assert_eq!(app.state.setup.section, Section::Villages);
    app.typed("e");
    // Another administrator renames the same village first.
    let mut other = minqing::store::Store::open(&dir.path().join("fixture.db"), "admin").expect("other");
    let v = &app.state.data.as_ref().unwrap().setup.villages[0];
    minqing::store::setup::edit_village(
        &mut other,
        v.id,
        v.version,
        &minqing::model::setup::VillageInput {
            name: "清溪新村".into(),
            kind: minqing::model::setup::VillageKind::Village,
        },
    )
    .expect("other edit");
    app.typed("一");
    save(&mut app);
    let form = app.state.form.as_ref().expect("form kept");
    assert!(form.error.is_some(), "conflict said on the form");
    assert!(form.value("name").ends_with('一'), "input kept");
}

#[test]
fn a_clerk_sees_the_pane_read_only() {
    let (_dir, mut app) = fixture_app(Lang::Zh);
    assert!(!app.state.setup.admin);
    app.typed("6lll");
    let screen = app.screen_at(100, 30);
    assert!(screen.contains("只读：只有管理员可以修改设置"), "{screen}");
    app.typed("a");
    assert!(app.state.form.is_none());
    assert!(app.state.status.as_ref().is_some_and(|s| s.error));
    // The accounts are refused, and the refusal is audited.
    app.typed("lllll");
    assert_eq!(app.state.setup.section, Section::Users);
    let screen = app.screen_at(100, 30);
    assert!(screen.contains("管理员"), "{screen}");
    let refused = common::count(
        &app.svc.store,
        "SELECT count(*) FROM audit_log WHERE user = 'demo' AND action = 'permission.manage_users' AND outcome = 'refused'",
    );
    assert_eq!(refused, 1);
}

#[test]
fn adding_a_user_checks_the_password_policy_and_hides_it() {
    let (_dir, mut app) = fixture_admin(Lang::Zh);
    app.typed("6");
    app.state.setup.section = Section::Categories;
    app.typed("l");
    assert_eq!(app.state.setup.section, Section::Users);
    app.typed("a");
    app.typed("zhangsan");
    app.key(KeyCode::Tab);
    app.typed("张三");
    for _ in 0..3 {
        app.key(KeyCode::Tab);
    }
    app.typed("short");
    app.key(KeyCode::Tab);
    app.typed("short");
    save(&mut app);
    let screen = app.screen();
    assert!(!screen.contains("short"), "password shown: {screen}");
    assert!(screen.contains("密码至少要 8 个字符"), "{screen}");
    let form = app.state.form.as_mut().expect("kept");
    for f in form
        .fields
        .iter_mut()
        .filter(|f| f.key == "password" || f.key == "again")
    {
        f.input = minqing::app::input::Input::with_text("Zhang-2026");
    }
    save(&mut app);
    assert!(app.state.form.is_none(), "{:?}", app.state.form);
    let screen = app.screen();
    assert!(screen.contains("zhangsan"), "listed: {screen}");
    // Disable, then the account cannot log in.
    let row = match &app.state.setup.accounts {
        minqing::panes::setup::state::Accounts::Loaded(rows) => rows.iter().position(|a| a.login == "zhangsan"),
        other => panic!("{other:?}"),
    }
    .expect("row");
    app.state.list_of_mut(PaneId::SETUP).selected = row;
    app.typed("d");
    let disabled = common::count(
        &app.svc.store,
        "SELECT count(*) FROM users WHERE login = 'zhangsan' AND disabled = 1",
    );
    assert_eq!(disabled, 1);
}

/// A small register sheet of two households in the fixture's 清溪村.
pub fn register_csv(dir: &std::path::Path) -> std::path::PathBuf {
    let id = |first17: &str| {
        let check = minqing::domain::ids::check_digit(first17).expect("check digit");
        format!("{first17}{check}")
    };
    let rows = [
        ("周一鸣", id("33062119650312001"), "户主", "13905750001", "H1"),
        ("吴春兰", id("33062119680520002"), "配偶", "", "H1"),
        ("郑海波", id("33062119800101003"), "户主", "13905750002", "H2"),
    ];
    let mut text = String::from("姓名,公民身份号码,与户主关系,联系电话,户号,村（社区）,所属网格\n");
    for (name, id, rel, phone, hh) in rows {
        text.push_str(&format!("{name},{id},{rel},{phone},{hh},清溪村,清溪第一网格\n"));
    }
    let path = dir.join("户籍.csv");
    std::fs::write(&path, text).expect("csv");
    path
}

#[test]
fn the_register_import_runs_a_dry_run_then_writes_on_confirmation() {
    let (dir, mut app) = fixture_admin(Lang::Zh);
    let file = register_csv(dir.path());
    let before = common::count(&app.svc.store, "SELECT count(*) FROM persons");
    app.typed("6i");
    assert!(app.state.setup.import.prompt.is_some());
    app.typed(&file.display().to_string());
    app.key(KeyCode::Enter);
    let run = app.state.setup.import.run.as_ref().expect("run");
    assert!(run.finished && run.dry_run && run.can_confirm, "{run:?}");
    assert!(run.update, "the fixture has a register: update mode");
    assert_eq!(common::count(&app.svc.store, "SELECT count(*) FROM persons"), before);
    // The temporary folder's name differs per run (same length).
    let screen = app
        .screen()
        .replace(&dir.path().display().to_string(), "/tmp/.tmpDIRxyz");
    insta::assert_snapshot!("import_dry_run_zh_100x30", screen);
    app.typed("y");
    let run = app.state.setup.import.run.as_ref().expect("run");
    assert!(run.finished && !run.dry_run, "{run:?}");
    assert_eq!(
        common::count(&app.svc.store, "SELECT count(*) FROM persons"),
        before + 3
    );
}

#[test]
fn a_sheet_with_a_bad_row_writes_nothing_and_names_its_report() {
    let (dir, mut app) = fixture_admin(Lang::En);
    let path = dir.path().join("bad.csv");
    std::fs::write(
        &path,
        "姓名,公民身份号码,与户主关系,村（社区）\n周一鸣,330621196503120010,户主,清溪村\n",
    )
    .expect("csv");
    app.typed("6i");
    app.typed(&path.display().to_string());
    app.key(KeyCode::Enter);
    let run = app.state.setup.import.run.clone().expect("run");
    assert!(run.finished && !run.can_confirm, "{run:?}");
    let report = run.report.expect("report written");
    assert!(report.exists(), "{}", report.display());
    assert!(app.screen().contains("check-report"), "report named on screen");
    // y does nothing: there is nothing to confirm.
    app.typed("y");
    assert!(app.state.setup.import.run.as_ref().unwrap().dry_run);
}

/// A dry run whose rows all pass but carry notes names its report as
/// notes, not as bad rows, and may be confirmed.
#[test]
fn a_report_of_notes_only_is_not_called_a_report_of_bad_rows() {
    let (dir, mut app) = fixture_admin(Lang::En);
    let first17 = "33062119650312001";
    let check = minqing::domain::ids::check_digit(first17).expect("check digit");
    let path = dir.path().join("notes.csv");
    // 性别 says 女 for a man's ID: a note, not an error.
    std::fs::write(
        &path,
        format!("姓名,公民身份号码,性别,与户主关系,户号,村（社区）,所属网格\n周一鸣,{first17}{check},女,户主,H1,清溪村,清溪第一网格\n"),
    )
    .expect("csv");
    app.typed("6i");
    app.typed(&path.display().to_string());
    app.key(KeyCode::Enter);
    let run = app.state.setup.import.run.clone().expect("run");
    assert!(run.finished && run.can_confirm, "{run:?}");
    assert!(run.report.expect("notes written").exists());
    let screen = app.screen();
    assert!(
        screen.contains("Check report (notes") && !screen.contains("bad rows"),
        "{screen}"
    );
    // One row is not "1 data rows".
    assert!(screen.contains("data rows: 1"), "{screen}");
}

/// A file that cannot be read shows why, in the clerk's language, and no
/// gauge claiming the import is done.
#[test]
fn a_file_that_is_not_there_gets_no_done_gauge() {
    let (dir, mut app) = fixture_admin(Lang::Zh);
    app.typed("6i");
    app.typed(&dir.path().join("户籍.csv").display().to_string());
    app.key(KeyCode::Enter);
    let run = app.state.setup.import.run.clone().expect("run");
    assert!(run.finished && !run.can_confirm, "{run:?}");
    let screen = app.screen();
    assert!(screen.contains("文件或文件夹不存在"), "{screen}");
    assert!(!screen.contains("100%") && !screen.contains("os error"), "{screen}");
}

#[test]
fn tab_completes_the_file_name_in_the_prompt() {
    let (dir, mut app) = fixture_admin(Lang::Zh);
    let file = register_csv(dir.path());
    app.typed("6i");
    app.typed(&format!("{}/户", dir.path().display()));
    app.key(KeyCode::Tab);
    let (input, _) = app.state.setup.import.prompt.as_ref().expect("prompt");
    assert_eq!(input.text, file.display().to_string());
}

/// A folder dragged in (quoted, trailing space) and Tab: its file is
/// filled in as a plain path, as Enter would read it.
#[test]
fn tab_completes_inside_a_dragged_in_folder() {
    let (dir, mut app) = fixture_admin(Lang::Zh);
    let folder = dir.path().join("县里 下发");
    std::fs::create_dir(&folder).expect("folder");
    let file = folder.join("户籍.csv");
    std::fs::rename(register_csv(dir.path()), &file).expect("rename");
    for typed in [
        format!("'{}/' ", folder.display()),
        format!("{}/", folder.display()).replace(' ', "\\ "),
    ] {
        app.typed("6i");
        app.typed(&typed);
        app.key(KeyCode::Tab);
        let (input, _) = app.state.setup.import.prompt.as_ref().expect("prompt");
        assert_eq!(input.text, file.display().to_string(), "{typed}");
        app.key(KeyCode::Esc);
    }
}

#[test]
fn the_empty_panes_of_a_new_office_point_to_the_set_up_pane() {
    let (_dir, mut app) = empty_office(Lang::Zh);
    for (key, what) in [
        ("1", "还没有网格：按 6 打开设置"),
        ("2", "户籍还是空的：按 6"),
        ("3", "户籍还是空的：按 6"),
    ] {
        app.typed(key);
        let screen = app.screen();
        assert!(screen.contains(what), "pane {key}: {screen}");
    }
}

#[test]
fn a_working_setting_saved_here_is_what_the_other_panes_use() {
    let (_dir, mut app) = fixture_admin(Lang::Zh);
    app.typed("6ll");
    assert_eq!(app.state.setup.section, Section::Settings);
    // Row 4: the survey sample per grid; a value out of bounds is refused
    // on the field, as `create_campaign` would refuse it.
    app.state.list_of_mut(PaneId::SETUP).selected = 3;
    app.typed("e");
    let form = app.state.form.as_mut().expect("form");
    form.fields[0].input = minqing::app::input::Input::with_text("5000");
    save(&mut app);
    assert!(app.state.form.as_ref().is_some_and(|f| f.has_errors()));
    app.state.form.as_mut().unwrap().fields[0].input = minqing::app::input::Input::with_text("25");
    save(&mut app);
    assert!(app.state.form.is_none());
    app.refresh();
    // A new two-rates campaign now proposes 25 households per grid.
    app.typed("5s");
    app.typed("n");
    let form = app.state.form.as_ref().expect("campaign form");
    assert_eq!(form.value("per_grid"), "25");
}

#[test]
fn a_places_sheet_imported_from_the_pane_creates_villages_grids_and_cadres() {
    let (dir, mut app) = empty_office(Lang::Zh);
    let places = dir.path().join("网格.csv");
    std::fs::write(
        &places,
        "村（社区）,村民小组,网格,网格员,联系电话\n\
         清溪村,1组,清溪第一网格,周明,13900001111\n\
         清溪村,2组,清溪第一网格,周明,13900001111\n",
    )
    .expect("csv");
    // A register without its ID column is not a places sheet: it must not
    // turn residents into cadres.
    let no_ids = dir.path().join("no-ids.csv");
    std::fs::write(
        &no_ids,
        "姓名,性别,村（社区）,所属网格\n周一鸣,男,清溪村,清溪第一网格\n",
    )
    .expect("csv");
    assert!(minqing::import::is_places_sheet(&places));
    assert!(!minqing::import::is_places_sheet(&no_ids));

    app.typed("6i");
    app.typed(&places.display().to_string());
    app.key(KeyCode::Enter);
    let run = app.state.setup.import.run.clone().expect("run");
    assert!(run.finished && run.places && !run.can_confirm, "{run:?}");
    assert_eq!(common::count(&app.svc.store, "SELECT count(*) FROM grids"), 1);
    assert_eq!(common::count(&app.svc.store, "SELECT count(*) FROM village_groups"), 2);
    assert_eq!(
        common::count(&app.svc.store, "SELECT count(*) FROM cadres WHERE name = '周明'"),
        1
    );
    let screen = app.screen();
    assert!(screen.contains("村/网格表") && screen.contains("网格 1 个"), "{screen}");

    // Then the register goes in on those places with no place to create.
    let register = register_csv(dir.path());
    app.typed("i");
    app.typed(&register.display().to_string());
    app.key(KeyCode::Enter);
    let run = app.state.setup.import.run.clone().expect("run");
    assert!(run.finished && run.can_confirm && !run.places, "{run:?}");
    app.typed("y");
    assert_eq!(common::count(&app.svc.store, "SELECT count(*) FROM persons"), 3);
    assert_eq!(common::count(&app.svc.store, "SELECT count(*) FROM grids"), 1);
}

#[test]
fn a_forms_key_line_offers_only_keys_the_form_takes_and_f1_opens_help_over_it() {
    let (_dir, mut app) = empty_office(Lang::Zh);
    app.typed("te");
    assert!(app.state.form.is_some());
    let screen = app.screen_at(120, 35);
    let hints = screen
        .lines()
        .find(|l| l.starts_with("Ctrl-s 保存"))
        .unwrap_or_default()
        .to_string();
    // Tab is the next field here and q types a "q"; the pane keys and the
    // household lookup wait until the form is saved or cancelled.
    assert!(hints.contains("Tab/下 下一项"), "{hints}");
    assert!(hints.contains("Ctrl-c 退出") && !hints.contains("q/"), "{hints}");
    assert!(hints.contains("F1 帮助"), "{hints}");
    for gone in ["下一个面板", "F2", "? 帮助"] {
        assert!(!hints.contains(gone), "{gone}: {hints}");
    }
    app.typed("?");
    assert!(
        matches!(app.state.overlay, minqing::app::state::Overlay::None),
        "? types"
    );
    app.key(KeyCode::F(1));
    assert!(matches!(app.state.overlay, minqing::app::state::Overlay::Help(_)));
    // It opens at the form's keys.
    let help = app.screen_at(120, 35);
    let first = help
        .lines()
        .skip(1)
        .find(|l| l.contains("│") && l.trim_matches(|c: char| c == '│' || c.is_whitespace()).len() > 1);
    assert!(first.is_some_and(|l| l.contains("填写表单")), "{help}");
    app.key(KeyCode::Esc);
    assert!(matches!(app.state.overlay, minqing::app::state::Overlay::None));
    assert!(app.state.form.is_some(), "the form is still open after the help");
    save(&mut app);
    app.refresh();
    assert_eq!(
        app.state.data.as_ref().unwrap().township,
        "?",
        "what was typed was kept"
    );
}

/// Forty bad rows do not fit at 80x24: the importer's lines scroll with
/// the list keys, a note above and below says how many rows are off
/// screen, and End reaches the summary.
#[test]
fn the_importers_lines_scroll_when_they_do_not_fit() {
    let (dir, mut app) = fixture_admin(Lang::Zh);
    let path = dir.path().join("坏行.csv");
    let mut text = String::from("姓名,公民身份号码,与户主关系,村（社区）\n");
    for i in 0..40 {
        text.push_str(&format!("张{i},12345{i},户主,清溪村\n"));
    }
    std::fs::write(&path, text).expect("csv");
    app.typed("6i");
    app.typed(&path.display().to_string());
    app.key(KeyCode::Enter);
    assert!(app.state.setup.import.run.as_ref().is_some_and(|r| r.finished));
    let first = app.screen_at(80, 24);
    assert!(
        first.contains("表头在第 1 行") && first.contains("翻页键滚动"),
        "{first}"
    );
    assert!(!first.contains("上面还有") && !first.contains("错误 40 行"), "{first}");
    app.key(KeyCode::End);
    let end = app.screen_at(80, 24);
    assert!(end.contains("上面还有") && end.contains("错误 40 行"), "{end}");
    assert!(!end.contains("表头在第 1 行") && !end.contains("（另有"), "{end}");
    // One row up from the end, the note below comes back.
    app.key(KeyCode::Up);
    assert!(app.screen_at(80, 24).contains("（另有"));
    app.key(KeyCode::Home);
    // The same section as at first (the status line has since cleared).
    let section = |s: &str| s.lines().take(22).collect::<Vec<_>>().join("\n");
    assert_eq!(section(&app.screen_at(80, 24)), section(&first));
    app.key(KeyCode::PageDown);
    let page = app.screen_at(80, 24);
    assert!(page.contains("上面还有") && page.contains("（另有"), "{page}");
    assert!(!page.contains("第 2 行："), "{page}");
}

/// A sheet dragged from the file manager into the terminal arrives quoted
/// with a trailing space, or with its spaces escaped: both are the file.
#[test]
fn a_dragged_in_path_quoted_or_escaped_is_the_file() {
    let (dir, mut app) = fixture_admin(Lang::Zh);
    let file = dir.path().join("户籍 登记.csv");
    std::fs::rename(register_csv(dir.path()), &file).expect("rename");
    let shown = file.display().to_string();
    for typed in [format!("'{shown}' "), format!("\"{shown}\""), shown.replace(' ', "\\ ")] {
        app.typed("6i");
        app.typed(&typed);
        app.key(KeyCode::Enter);
        let run = app.state.setup.import.run.as_ref().expect("run");
        assert_eq!(run.file, file, "{typed}");
        assert!(run.finished && run.can_confirm, "{typed}: {run:?}");
        app.key(KeyCode::Esc);
    }
}
