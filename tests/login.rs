//! Logging in (README "Accounts and roles"): an office database opens only
//! with a password; a new one asks for its first administrator; the
//! command line authenticates too, and a clerk cannot change the office's
//! settings. A demo township opens without a password (the e2e tests).

mod common;

use common::pty::PtyApp;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use minqing::app::event::AppEvent;
use minqing::app::gate::{Gate, GateKind};
use minqing::app::keymap::Keymap;
use minqing::app::run::step;
use minqing::app::state::State;
use minqing::service::Services;
use minqing::text::i18n::Lang;
use rusqlite::Connection;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn minqing(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_minqing"));
    c.env("HOME", home).env("XDG_DATA_HOME", home).env_remove("USER");
    c
}

fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The end-to-end path through a real terminal (README "Accounts and
/// roles"): the login screen, two wrong passwords, the right one, the lock
/// key, a wrong and a right password on the lock screen, quit.
#[test]
fn login_screen_refuses_twice_then_opens_and_the_lock_screen_asks_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (mut store, _) = common::office_with_admin(&db);
    common::seed_household(&mut store);
    drop(store);
    let db_s = db.to_str().unwrap();
    let mut app = PtyApp::spawn(&["--db", db_s, "--user", "admin"], dir.path(), 100, 30);
    app.wait_for("民情通 登录");
    assert!(app.screen_text().contains("admin"), "the login is prefilled");
    // Each attempt: the password shows as dots only, and is cleared once sent.
    let attempt = |app: &mut PtyApp, password: &str| {
        app.send(password);
        app.wait_for(&"*".repeat(password.chars().count()));
        assert!(!app.screen_text().contains(password), "the password is never shown");
        app.send("\r");
        app.wait_gone("*");
    };
    for _ in 0..2 {
        attempt(&mut app, "Wrong-pass1");
        app.wait_for("登录名或密码不对");
    }
    attempt(&mut app, "Office-2026");
    app.wait_for("网格地图");
    app.send("\x0c"); // Ctrl-L
    app.wait_for("屏幕已锁定");
    app.wait_gone("网格地图");
    attempt(&mut app, "Wrong-pass2");
    app.wait_for("登录名或密码不对");
    attempt(&mut app, "Office-2026");
    app.wait_for("网格地图");
    app.send("q");
    assert!(app.wait_exit(), "quits cleanly");
    let conn = Connection::open(&db).unwrap();
    let audited = |action: &str, outcome: &str| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM audit_log WHERE action = ?1 AND outcome = ?2 AND user = 'admin'",
            [action, outcome],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(audited("login", "refused"), 2);
    assert_eq!(audited("login", "ok"), 1);
    assert_eq!(audited("unlock", "refused"), 1);
    assert_eq!(audited("unlock", "ok"), 1);
}

#[test]
fn a_new_database_asks_for_its_first_administrator() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let mut app = PtyApp::spawn(&["--db", db.to_str().unwrap(), "--user", "wang"], dir.path(), 100, 30);
    app.wait_for("创建第一位管理员");
    app.send("\r"); // keep the login wang
    // A password that misses the policy is asked again, not fatal.
    app.wait_for("wang 的新密码");
    app.send("short\r");
    app.wait_for("再输入一次");
    app.send("short\r");
    app.wait_for("密码至少要 8 个字符");
    app.wait_until("asked again", |s| s.contents().matches("wang 的新密码").count() == 2);
    app.send("Township-1\r");
    app.wait_for("再输入一次");
    app.send("Township-1\r");
    app.wait_for("网格地图");
    app.send("q");
    assert!(app.wait_exit());
    let conn = Connection::open(&db).unwrap();
    let role: String = conn
        .query_row("SELECT role FROM users WHERE login = 'wang'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(role, "admin");
}

/// A terminal set to GBK sends a Chinese login as GBK bytes: the start
/// says so in terms of typing, not of a file, and makes no account.
#[test]
fn a_login_typed_on_a_gbk_terminal_is_refused_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let mut app = PtyApp::spawn_without(&["--db", db.to_str().unwrap()], dir.path(), 100, 30, &["USER"]);
    app.wait_for("管理员登录名：");
    let (gbk, _, _) = encoding_rs::GBK.encode("王芳");
    app.send_bytes(&gbk);
    app.send("\r");
    app.wait_for("输入的文字不是 UTF-8 编码");
    assert!(!app.screen_text().contains("读写文件"), "{}", app.screen_text());
    app.wait_exit();
    let users: i64 = Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM users", [], |r| r.get(0))
        .unwrap_or(0);
    assert_eq!(users, 0);
}

#[test]
fn without_a_login_to_offer_the_first_start_asks_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let mut app = PtyApp::spawn_without(&["--db", db.to_str().unwrap()], dir.path(), 100, 30, &["USER"]);
    app.wait_for("管理员登录名：");
    assert!(!app.screen_text().contains("回车用"), "{}", app.screen_text());
    app.send("li\r");
    app.wait_for("li 的新密码");
}

#[test]
fn without_a_terminal_nobody_becomes_admin_and_nothing_is_read_without_a_password() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    // An empty database: no questions possible, no administrator made.
    let fresh = home.join("fresh.db");
    let out = minqing(home)
        .args(["--db", fresh.to_str().unwrap(), "--user", "me"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(text(&out).contains("请先创建管理员"), "{}", text(&out));
    if fresh.exists() {
        let users: i64 = Connection::open(&fresh)
            .unwrap()
            .query_row("SELECT count(*) FROM users", [], |r| r.get(0))
            .unwrap_or(0);
        assert_eq!(users, 0);
    }
    // An office database: the lookup needs the password.
    let db = home.join("office.db");
    let (mut store, password) = common::office_with_admin(&db);
    common::seed_household(&mut store);
    drop(store);
    let db_s = db.to_str().unwrap();
    let out = minqing(home)
        .args(["lookup", "张三", "--db", db_s, "--user", "admin"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        !text(&out).contains("张三") && text(&out).contains("--password-file"),
        "{}",
        text(&out)
    );
    let out = minqing(home)
        .args(["lookup", "张三", "--db", db_s, "--user", "admin"])
        .args(["--password-file", password.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("张三"));
}

#[test]
fn only_an_administrator_changes_deadlines_and_the_refusal_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = home.join("office.db");
    let (mut admin, admin_pw) = common::office_with_admin(&db);
    admin
        .add_user(&minqing::store::accounts::NewUser {
            login: "li",
            display_name: "李文员",
            role: minqing::domain::request::Role::Clerk,
            password: "Qingshan-1",
            cadre_id: None,
        })
        .unwrap();
    drop(admin);
    let clerk_pw = home.join("li.password");
    std::fs::write(&clerk_pw, "Qingshan-1").unwrap();
    std::fs::set_permissions(&clerk_pw, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let db_s = db.to_str().unwrap();
    let out = minqing(home)
        .args(["sla", "set", "help", "10", "--db", db_s, "--user", "li"])
        .args(["--password-file", clerk_pw.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(text(&out).contains("修改办公设置需要管理员权限"), "{}", text(&out));
    let out = minqing(home)
        .args(["sla", "set", "help", "10", "--db", db_s, "--user", "admin"])
        .args(["--password-file", admin_pw.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let conn = Connection::open(&db).unwrap();
    let refused: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE user = 'li' AND action = 'permission.edit_settings' AND outcome = 'refused'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(refused, 1);
}

/// A demo township with the clerk `li` who has a password, and the office's
/// idle lock set to `minutes` by its administrator.
fn office_with_clerk(dir: &Path, minutes: u32) -> std::path::PathBuf {
    let db = common::demo_db(dir, 50);
    let mut admin = minqing::store::Store::open(&db, "admin").unwrap();
    admin
        .add_user(&minqing::store::accounts::NewUser {
            login: "li",
            display_name: "李文员",
            role: minqing::domain::request::Role::Clerk,
            password: "Qingshan-1",
            cadre_id: None,
        })
        .unwrap();
    admin.set_idle_lock_minutes(minutes).unwrap();
    db
}

fn key(c: KeyCode) -> AppEvent {
    AppEvent::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

/// The login screen in-process: typed keys until it hands over a session.
fn log_in(state: &mut State, keymap: &Keymap, db: &Path, password: &str) -> Option<minqing::store::Store> {
    let mut events: Vec<AppEvent> = password.chars().map(|c| key(KeyCode::Char(c))).collect();
    events.push(key(KeyCode::Enter));
    let mut session = None;
    for ev in events {
        session = minqing::app::login::log_in_step(state, keymap, ev, db);
    }
    session
}

#[test]
fn an_idle_session_locks_after_the_office_setting_and_keeps_a_half_filled_form() {
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_clerk(dir.path(), 3);
    let keymap = Keymap::default_map();
    let mut state = common::loaded_state(&db, Lang::Zh);
    state.gate = Some(Gate::login("li"));
    assert!(common::render(&mut state, 100, 30).contains("民情通 登录"));
    assert!(log_in(&mut state, &keymap, &db, "nope-Nope1").is_none());
    let refused = state.gate.as_ref().and_then(|g| g.message.clone()).unwrap_or_default();
    assert!(refused.contains("登录名或密码不对"), "{refused}");
    let store = log_in(&mut state, &keymap, &db, "Qingshan-1").expect("logged in");
    assert!(state.gate.is_none());
    assert_eq!(state.user, "李文员");
    let mut svc = Services::new(store);
    let index = minqing::store::lookup::load_index(svc.store.conn()).unwrap();
    step(
        &mut state,
        &keymap,
        &mut svc,
        AppEvent::IndexReady(std::sync::Arc::new(index)),
    );
    // A half-filled "add member" form on a household card.
    let t0 = Instant::now();
    let at = |secs: u64| AppEvent::Tick(t0 + Duration::from_secs(secs));
    step(&mut state, &keymap, &mut svc, at(0));
    for ev in [key(KeyCode::Char('2')), key(KeyCode::Enter), key(KeyCode::Char('a'))] {
        step(&mut state, &keymap, &mut svc, ev);
    }
    for c in "张小明".chars() {
        step(&mut state, &keymap, &mut svc, key(KeyCode::Char(c)));
    }
    assert_eq!(state.form.as_ref().expect("form open").value("name"), "张小明");
    step(&mut state, &keymap, &mut svc, at(1)); // the typing was at 1 s
    step(&mut state, &keymap, &mut svc, at(1 + 3 * 60 - 1));
    assert!(state.gate.is_none(), "not yet: 3 minutes are not up");
    step(&mut state, &keymap, &mut svc, at(1 + 3 * 60));
    assert_eq!(
        state.gate.as_ref().map(|g| g.kind),
        Some(GateKind::Lock),
        "locked by the setting"
    );
    let screen = common::render(&mut state, 100, 30);
    assert!(
        screen.contains("屏幕已锁定") && screen.contains("李文员（li）"),
        "{screen}"
    );
    assert!(!screen.contains("张小明"), "nothing of the session shows: {screen}");
    // Keys now type the password, never into the form; a wrong one is refused.
    for c in "Qingshan-2".chars() {
        step(&mut state, &keymap, &mut svc, key(KeyCode::Char(c)));
    }
    step(&mut state, &keymap, &mut svc, key(KeyCode::Enter));
    assert!(
        state
            .gate
            .as_ref()
            .and_then(|g| g.message.as_deref())
            .is_some_and(|m| m.contains("不对"))
    );
    assert_eq!(state.form.as_ref().unwrap().value("name"), "张小明");
    for c in "Qingshan-1".chars() {
        step(&mut state, &keymap, &mut svc, key(KeyCode::Char(c)));
    }
    step(&mut state, &keymap, &mut svc, key(KeyCode::Enter));
    assert!(state.gate.is_none(), "unlocked");
    let form = state.form.as_ref().expect("the form survived the lock");
    assert_eq!(form.value("name"), "张小明");
    assert!(form.dirty);
    assert!(common::render(&mut state, 100, 30).contains("张小明"));
    // Typing goes on into the form; the clock starts afresh.
    step(&mut state, &keymap, &mut svc, key(KeyCode::Char('!')));
    assert_eq!(state.form.as_ref().unwrap().value("name"), "张小明!");
    step(&mut state, &keymap, &mut svc, at(400));
    step(&mut state, &keymap, &mut svc, at(400 + 3 * 60 - 1));
    assert!(state.gate.is_none());
}

#[test]
fn ctrl_l_locks_at_once_and_five_wrong_passwords_lock_the_account_with_minutes_left() {
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_clerk(dir.path(), 10);
    let keymap = Keymap::default_map();
    let mut state = common::loaded_state(&db, Lang::En);
    state.gate = Some(Gate::login("li"));
    let store = log_in(&mut state, &keymap, &db, "Qingshan-1").expect("logged in");
    let mut svc = Services::new(store);
    step(
        &mut state,
        &keymap,
        &mut svc,
        AppEvent::Key(KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL)),
    );
    assert_eq!(state.gate.as_ref().map(|g| g.kind), Some(GateKind::Lock));
    for _ in 0..5 {
        for c in "Wrong-pass1".chars() {
            step(&mut state, &keymap, &mut svc, key(KeyCode::Char(c)));
        }
        step(&mut state, &keymap, &mut svc, key(KeyCode::Enter));
    }
    let said = state.gate.as_ref().and_then(|g| g.message.clone()).unwrap_or_default();
    assert!(said.contains("locked for 15 more minutes"), "{said}");
    // The right password no longer opens it: the lockout is the account's.
    for c in "Qingshan-1".chars() {
        step(&mut state, &keymap, &mut svc, key(KeyCode::Char(c)));
    }
    step(&mut state, &keymap, &mut svc, key(KeyCode::Enter));
    assert!(state.gate.is_some());
    let said = state.gate.as_ref().and_then(|g| g.message.clone()).unwrap_or_default();
    assert!(said.contains("more minutes"), "{said}");
    // A demo session has no password: Ctrl-L says so instead of locking.
    let (_dir, mut demo) = common::fixture_app(Lang::En);
    demo.key_mod(KeyCode::Char('l'), KeyModifiers::CONTROL);
    assert!(demo.state.gate.is_none());
    assert!(demo.state.status.as_ref().is_some_and(|s| s.text.contains("demo")));
}

#[test]
fn the_idle_lock_setting_is_an_administrators_and_stays_in_range() {
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_clerk(dir.path(), 5);
    let mut clerk = minqing::store::Store::login(&db, "li", "Qingshan-1").unwrap();
    assert_eq!(clerk.idle_lock_minutes().unwrap(), 5);
    assert!(clerk.set_idle_lock_minutes(30).is_err(), "a clerk may not");
    let mut admin = minqing::store::Store::open(&db, "admin").unwrap();
    assert!(
        admin.set_idle_lock_minutes(0).is_err(),
        "a screen must lock at some point"
    );
    assert!(admin.set_idle_lock_minutes(61).is_err());
    admin.set_idle_lock_minutes(20).unwrap();
    assert_eq!(clerk.idle_lock_minutes().unwrap(), 20);
    let audited: i64 = admin
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'settings.change' AND object = 'setting:idle_lock_minutes'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 2, "5 (set-up) and 20; the refused ones changed nothing");
}
