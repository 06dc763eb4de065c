//! Logging in (README "Accounts and roles"): an office database opens only
//! with a password; a new one asks for its first administrator; the
//! command line authenticates too, and a clerk cannot change the office's
//! settings. A demo township opens without a password (the e2e tests).

mod common;

use common::pty::PtyApp;
use rusqlite::Connection;
use std::path::Path;
use std::process::Command;

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

#[test]
fn the_tui_asks_for_the_password_refuses_wrong_ones_and_opens_on_the_right_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (mut store, _) = common::office_with_admin(&db);
    common::seed_household(&mut store);
    drop(store);
    let db_s = db.to_str().unwrap();
    let mut app = PtyApp::spawn(&["--db", db_s, "--user", "admin"], dir.path(), 100, 30);
    for _ in 0..2 {
        app.wait_for("admin 的密码");
        app.send("Wrong-pass1\r");
        app.wait_for("登录名或密码不对");
    }
    app.send("Office-2026\r");
    app.wait_for("网格地图");
    app.send("q");
    assert!(app.wait_exit(), "quits cleanly");
    let conn = Connection::open(&db).unwrap();
    let refused: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'login' AND outcome = 'refused' AND user = 'admin'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(refused, 2);
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
