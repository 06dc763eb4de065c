//! Accounts (README "Accounts and roles"): the role table, passwords with
//! argon2id, the lockout shared by every connection, the first
//! administrator, and the `minqing user` commands with password files.

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use minqing::domain::accounts::{Permission, may};
use minqing::domain::request::Role;
use minqing::store::accounts::{AccountError, LoginError, UserChange, authenticate};
use minqing::store::{Store, StoreError};
use rusqlite::Connection;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use strum::IntoEnumIterator;

const ADMIN_PW: &str = "Admin-2026";
use common::{PW, new_user};

/// A database with an administrator and one user of each other role.
fn office(dir: &Path) -> PathBuf {
    let db = dir.join("office.db");
    let mut admin = Store::create_first_admin(&db, &new_user("admin", Role::Admin, ADMIN_PW)).unwrap();
    for (login, role) in [("leader", Role::Leader), ("clerk", Role::Clerk), ("cadre", Role::Cadre)] {
        admin.add_user(&new_user(login, role, PW)).unwrap();
    }
    db
}

fn at(h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 30)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn every_role_and_guarded_action_is_allowed_or_refused_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    for (login, role) in [
        ("admin", Role::Admin),
        ("leader", Role::Leader),
        ("clerk", Role::Clerk),
        ("cadre", Role::Cadre),
    ] {
        let password = if login == "admin" { ADMIN_PW } else { PW };
        let mut store = Store::login(&db, login, password).unwrap();
        assert_eq!(store.actor().can_reveal, may(role, Permission::Reveal), "{login}");
        for p in Permission::iter() {
            let name: &'static str = p.into();
            let action = format!("permission.{name}");
            let refused_before: i64 = store
                .conn()
                .query_row(
                    "SELECT count(*) FROM audit_log WHERE user = ?1 AND action = ?2 AND outcome = 'refused'",
                    [login, &action],
                    |r| r.get(0),
                )
                .unwrap();
            let result = store.require(p, "test");
            let refused_after: i64 = store
                .conn()
                .query_row(
                    "SELECT count(*) FROM audit_log WHERE user = ?1 AND action = ?2 AND outcome = 'refused'",
                    [login, &action],
                    |r| r.get(0),
                )
                .unwrap();
            if may(role, p) {
                assert!(result.is_ok(), "{login} {name}");
                assert_eq!(refused_after, refused_before);
            } else {
                match result {
                    Err(StoreError::Account(AccountError::NotPermitted { permission, roles })) => {
                        assert_eq!(permission, p);
                        assert!(roles.contains(&Role::Admin) && !roles.contains(&role));
                    }
                    other => panic!("{login} {name}: {other:?}"),
                }
                assert_eq!(refused_after, refused_before + 1, "{login} {name} refusal audited");
            }
        }
    }
}

#[test]
fn five_failures_lock_the_account_for_every_terminal_until_the_time_is_up() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let (a, b) = (Connection::open(&db).unwrap(), Connection::open(&db).unwrap());
    for conn in [&a, &a, &a, &b] {
        assert!(matches!(
            authenticate(conn, "clerk", "wrong-Pass1", at(9, 0)),
            Err(LoginError::BadCredentials)
        ));
    }
    // The fifth failure, on the other terminal, locks.
    match authenticate(&b, "clerk", "wrong-Pass1", at(9, 1)) {
        Err(LoginError::Locked { until }) => assert_eq!(until, at(9, 16)),
        other => panic!("{other:?}"),
    }
    // Even the right password is refused while locked, on either terminal.
    assert!(matches!(
        authenticate(&a, "clerk", PW, at(9, 10)),
        Err(LoginError::Locked { .. })
    ));
    // After 15 minutes the right password works and the count starts again.
    assert!(authenticate(&a, "clerk", PW, at(9, 17)).is_ok());
    assert!(matches!(
        authenticate(&a, "clerk", "wrong-Pass1", at(9, 18)),
        Err(LoginError::BadCredentials)
    ));
    let refused = count(
        &a,
        "SELECT count(*) FROM audit_log WHERE action = 'login' AND outcome = 'refused' AND user = 'clerk'",
    );
    assert_eq!(refused, 7, "every refused login is audited");
    // An unknown login reads like a wrong password and is audited too.
    assert!(matches!(
        authenticate(&a, "nobody", PW, at(9, 20)),
        Err(LoginError::BadCredentials)
    ));
}

#[test]
fn a_correct_login_resets_the_count() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let conn = Connection::open(&db).unwrap();
    for _ in 0..4 {
        let _ = authenticate(&conn, "clerk", "wrong-Pass1", at(9, 0));
    }
    assert!(authenticate(&conn, "clerk", PW, at(9, 1)).is_ok());
    for _ in 0..4 {
        assert!(matches!(
            authenticate(&conn, "clerk", "wrong-Pass1", at(9, 2)),
            Err(LoginError::BadCredentials)
        ));
    }
}

#[test]
fn passwords_are_argon2id_and_follow_the_policy() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let conn = Connection::open(&db).unwrap();
    let hash: String = conn
        .query_row("SELECT password_hash FROM users WHERE login = 'clerk'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains(PW));
    let mut admin = Store::login(&db, "admin", ADMIN_PW).unwrap();
    for weak in ["Short1!", "alllowercase1"] {
        match admin.add_user(&new_user("weak", Role::Clerk, weak)) {
            Err(StoreError::Account(AccountError::WeakPassword(_))) => {}
            other => panic!("{weak}: {other:?}"),
        }
    }
    assert!(matches!(
        admin.add_user(&new_user("clerk", Role::Clerk, PW)),
        Err(StoreError::Account(AccountError::LoginTaken(_)))
    ));
}

#[test]
fn the_first_administrator_is_made_once_and_the_last_one_stays() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    // Two first starts at once: exactly one becomes the administrator.
    let racers: Vec<_> = ["first", "second"]
        .into_iter()
        .map(|login| {
            let db = db.clone();
            std::thread::spawn(move || Store::create_first_admin(&db, &new_user(login, Role::Admin, ADMIN_PW)).is_ok())
        })
        .collect();
    let made: Vec<bool> = racers.into_iter().map(|r| r.join().unwrap()).collect();
    assert_eq!(made.iter().filter(|m| **m).count(), 1, "{made:?}");
    let winner = if made[0] { "first" } else { "second" };
    let mut admin = Store::login(&db, winner, ADMIN_PW).unwrap();
    assert!(matches!(
        admin.change_user(winner, UserChange::Disabled(true)),
        Err(StoreError::Account(AccountError::LastAdmin))
    ));
    assert!(matches!(
        admin.change_user(winner, UserChange::Role(Role::Clerk)),
        Err(StoreError::Account(AccountError::LastAdmin))
    ));
}

#[test]
fn a_disabled_account_cannot_log_in_and_a_clerk_changes_only_their_own_password() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let mut clerk = Store::login(&db, "clerk", PW).unwrap();
    clerk.change_user("clerk", UserChange::Password("Dongpu-2027")).unwrap();
    assert!(matches!(
        clerk.change_user("cadre", UserChange::Password("Dongpu-2027")),
        Err(StoreError::Account(AccountError::NotPermitted { .. }))
    ));
    let mut admin = Store::login(&db, "admin", ADMIN_PW).unwrap();
    admin.change_user("clerk", UserChange::Disabled(true)).unwrap();
    assert!(matches!(
        Store::login(&db, "clerk", "Dongpu-2027"),
        Err(LoginError::Disabled)
    ));
    admin.change_user("clerk", UserChange::Disabled(false)).unwrap();
    assert!(Store::login(&db, "clerk", "Dongpu-2027").is_ok());
}

fn minqing(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_minqing"));
    c.env("HOME", home).env("XDG_DATA_HOME", home).env_remove("USER");
    c
}

fn password_file(dir: &Path, name: &str, password: &str, mode: u32) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("{password}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    path
}

#[test]
fn user_commands_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = home.join("office.db");
    let db_s = db.to_str().unwrap();
    let admin_pw = password_file(home, "admin.pw", ADMIN_PW, 0o600);
    let clerk_pw = password_file(home, "clerk.pw", PW, 0o600);
    let open_pw = password_file(home, "open.pw", ADMIN_PW, 0o644);
    let run = |args: &[&str]| minqing(home).args(args).output().unwrap();
    let text = |o: &std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };
    // An empty database: only the first administrator can be made.
    let out = run(&["user", "list", "--db", db_s]);
    assert!(!out.status.success());
    assert!(text(&out).contains("请先创建管理员"), "{}", text(&out));
    let np = admin_pw.to_str().unwrap();
    let out = run(&[
        "user",
        "add",
        "wang",
        "--role",
        "admin",
        "--new-password-file",
        np,
        "--db",
        db_s,
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("已创建第一位管理员 wang"));
    // A password file others can read is refused, and nothing happens.
    let out = run(&[
        "user",
        "add",
        "li",
        "--user",
        "wang",
        "--password-file",
        open_pw.to_str().unwrap(),
        "--new-password-file",
        clerk_pw.to_str().unwrap(),
        "--db",
        db_s,
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("chmod 600") && text(&out).contains("644"),
        "{}",
        text(&out)
    );
    // A password file that is not there, or not text, in the clerk's words.
    let gbk = home.join("gbk.pw");
    std::fs::write(&gbk, b"\xc3\x28\n").unwrap();
    std::fs::set_permissions(&gbk, std::fs::Permissions::from_mode(0o600)).unwrap();
    for (file, why) in [
        (home.join("none.pw"), "文件或文件夹不存在"),
        (gbk, "文件不是 UTF-8 编码的文本"),
    ] {
        let out = run(&[
            "user",
            "list",
            "--user",
            "wang",
            "--password-file",
            file.to_str().unwrap(),
            "--db",
            db_s,
        ]);
        assert!(!out.status.success());
        let said = text(&out);
        assert!(said.contains("读不了密码文件") && said.contains(why), "{said}");
        assert!(!said.contains("os error") && !said.contains("valid UTF-8"), "{said}");
    }
    // The administrator adds a clerk.
    let out = run(&[
        "user",
        "add",
        "li",
        "--name",
        "李文员",
        "--user",
        "wang",
        "--password-file",
        np,
        "--new-password-file",
        clerk_pw.to_str().unwrap(),
        "--db",
        db_s,
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let out = run(&["user", "list", "--user", "wang", "--password-file", np, "--db", db_s]);
    assert!(
        text(&out).contains("李文员") && text(&out).contains("文员"),
        "{}",
        text(&out)
    );
    // The clerk may not list users; the refusal names who may, in English too.
    let cp = clerk_pw.to_str().unwrap();
    let out = run(&[
        "user",
        "list",
        "--user",
        "li",
        "--password-file",
        cp,
        "--db",
        db_s,
        "--lang",
        "en",
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("Managing users needs the admin role"),
        "{}",
        text(&out)
    );
    // A wrong password says so without telling whether the login exists.
    let wrong = password_file(home, "wrong.pw", "Wrong-pass1", 0o600);
    for login in ["li", "nobody"] {
        let out = run(&[
            "user",
            "list",
            "--user",
            login,
            "--password-file",
            wrong.to_str().unwrap(),
            "--db",
            db_s,
        ]);
        assert!(text(&out).contains("登录名或密码不对"), "{}", text(&out));
    }
    let conn = Connection::open(&db).unwrap();
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM audit_log WHERE action = 'user.add' AND user = 'wang'"
        ),
        1
    );
}
