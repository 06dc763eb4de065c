//! The audit log's hash chain: `minqing check` notices a deleted, changed or
//! reordered row, a removed tail, a dropped trigger or table, and names the
//! last good row. Tampering is done here as an intruder would: raw SQL on
//! the file, dropping the append-only triggers first.

mod common;

use minqing::store::{ChainProblem, Store, verify_chain};
use rusqlite::Connection;
use std::path::Path;
use std::process::Command;

/// A database with `n` audited writes after the bootstrap entry.
fn audited_db(dir: &Path, n: usize) -> std::path::PathBuf {
    let path = dir.join("m.db");
    let mut store = Store::open(&path, "admin").unwrap();
    for i in 0..n {
        store
            .write(|tx, actor| Store::audit(tx, actor, "test.write", &format!("row:{i}"), "detail"))
            .unwrap();
    }
    path
}

/// Runs `sql` with the append-only triggers out of the way, then puts them back.
fn tamper(path: &Path, sql: &str) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(&format!(
        "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;
         {sql}
         CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
         CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
    ))
    .unwrap();
}

fn problems(path: &Path) -> Vec<ChainProblem> {
    verify_chain(&Connection::open(path).unwrap()).unwrap().problems
}

#[test]
fn an_untouched_log_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let path = audited_db(dir.path(), 5);
    let report = verify_chain(&Connection::open(&path).unwrap()).unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(report.rows, 6, "bootstrap + 5 writes");
}

#[test]
fn a_deleted_row_breaks_the_chain_at_the_next_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = audited_db(dir.path(), 5);
    tamper(&path, "DELETE FROM audit_log WHERE id = 3;");
    assert_eq!(
        problems(&path),
        vec![ChainProblem::Broken {
            id: 4,
            last_good: Some(2)
        }]
    );
}

#[test]
fn a_changed_row_is_found_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = audited_db(dir.path(), 5);
    tamper(&path, "UPDATE audit_log SET user = 'somebody' WHERE id = 2;");
    assert_eq!(
        problems(&path),
        vec![ChainProblem::Broken {
            id: 2,
            last_good: Some(1)
        }]
    );
}

#[test]
fn reordered_rows_break_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let path = audited_db(dir.path(), 5);
    // Swap rows 3 and 4 with their hashes: each row is intact on its own,
    // but no longer follows the one before it.
    tamper(
        &path,
        "UPDATE audit_log SET id = -3 WHERE id = 3;
         UPDATE audit_log SET id = 3 WHERE id = 4;
         UPDATE audit_log SET id = 4 WHERE id = -3;",
    );
    assert_eq!(
        problems(&path),
        vec![ChainProblem::Broken {
            id: 3,
            last_good: Some(2)
        }]
    );
}

#[test]
fn a_removed_tail_is_noticed_by_the_head() {
    let dir = tempfile::tempdir().unwrap();
    let path = audited_db(dir.path(), 5);
    tamper(&path, "DELETE FROM audit_log WHERE id >= 5;");
    assert_eq!(
        problems(&path),
        vec![ChainProblem::Truncated { head_id: 6, last_id: 4 }]
    );
}

#[test]
fn dropped_triggers_and_tables_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = audited_db(dir.path(), 1);
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("DROP TRIGGER audit_log_no_delete;").unwrap();
    assert_eq!(
        problems(&path),
        vec![ChainProblem::Missing {
            kind: "trigger".into(),
            name: "audit_log_no_delete".into()
        }]
    );
    conn.execute_batch("DROP TABLE audit_log;").unwrap();
    assert!(problems(&path).contains(&ChainProblem::Missing {
        kind: "table".into(),
        name: "audit_log".into()
    }));
}

#[test]
fn two_clerks_writing_at_once_keep_one_chain() {
    let dir = tempfile::tempdir().unwrap();
    let path = audited_db(dir.path(), 0);
    {
        let mut store = Store::open(&path, "admin").unwrap();
        common::add_user(&mut store, "clerk");
    }
    let writers: Vec<_> = ["admin", "clerk"]
        .into_iter()
        .map(|login| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&path, login).unwrap();
                for i in 0..100 {
                    store
                        .write(|tx, actor| Store::audit(tx, actor, "test.write", &format!("{login}:{i}"), ""))
                        .unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let report = verify_chain(&Connection::open(&path).unwrap()).unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert!(report.rows >= 200);
}

#[test]
fn upgrading_a_database_chains_its_earlier_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    // A version-4 database as the previous release wrote it.
    let conn = Connection::open(&path).unwrap();
    for sql in [
        include_str!("../assets/migrations/001_init.sql"),
        include_str!("../assets/migrations/002_requests.sql"),
        include_str!("../assets/migrations/003_meetings.sql"),
        include_str!("../assets/migrations/004_assessment.sql"),
    ] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch(
        "INSERT INTO users (login, display_name, role, can_reveal) VALUES ('admin', 'admin', 'admin', 1);
         INSERT INTO audit_log (at, user, action, object, outcome) VALUES
           ('2026-01-01 08:00:00', 'admin', 'user.bootstrap', 'user:admin', 'ok'),
           ('2026-01-02 09:00:00', 'admin', 'request.create', 'request:1', 'ok');
         PRAGMA user_version = 4;",
    )
    .unwrap();
    drop(conn);
    let mut store = Store::open(&path, "admin").unwrap();
    store
        .write(|tx, actor| Store::audit(tx, actor, "test.write", "after", ""))
        .unwrap();
    let report = verify_chain(store.conn()).unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(report.rows, 3);
    // The append-only guard is back after the migration.
    assert!(store.conn().execute("DELETE FROM audit_log", []).is_err());
}

#[test]
fn check_command_fails_with_a_sentence_on_a_tampered_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = audited_db(dir.path(), 3);
    let check = |lang: &str| {
        Command::new(env!("CARGO_BIN_EXE_minqing"))
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path())
            .args(["check", "--db", path.to_str().unwrap(), "--lang", lang])
            .output()
            .unwrap()
    };
    assert!(check("zh").status.success());
    tamper(&path, "DELETE FROM audit_log WHERE id = 2;");
    let out = check("zh");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("从第 3 条起对不上") && err.contains("最后一条完好的是第 1 条"),
        "{err}"
    );
    let out = check("en");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("breaks at entry 3") && err.contains("last good entry is 1"),
        "{err}"
    );
}

#[test]
fn the_log_file_and_its_folder_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = audited_db(dir.path(), 0);
    let data = dir.path().join("data");
    let folder = data.join("minqing");
    std::fs::create_dir_all(&folder).unwrap();
    let log = folder.join("minqing.log");
    std::fs::write(&log, "").unwrap();
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_minqing"))
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", &data)
        .args(["check", "--db", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&log), 0o600, "an older 0644 log is made private");
    let fresh = dir.path().join("fresh");
    Command::new(env!("CARGO_BIN_EXE_minqing"))
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", &fresh)
        .args(["check", "--db", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(mode(&fresh.join("minqing/minqing.log")), 0o600);
    assert_eq!(mode(&fresh.join("minqing")), 0o700);
}

/// An office with its administrator and the clerk `li` (password files
/// for both), a refusal and a write in its log.
fn office_for_inspection(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let db = dir.join("office.db");
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
    let mut li = Store::login(&db, "li", "Qingshan-1").unwrap();
    assert!(
        li.require(minqing::domain::accounts::Permission::Reveal, "household:1")
            .is_err()
    );
    let li_pw = dir.join("li.password");
    std::fs::write(&li_pw, "Qingshan-1").unwrap();
    std::fs::set_permissions(&li_pw, std::fs::Permissions::from_mode(0o600)).unwrap();
    (db, admin_pw, li_pw)
}

fn audit_cmd(dir: &Path, db: &Path, login: &str, password: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_minqing"))
        .args(["audit", "--db", db.to_str().unwrap(), "--user", login])
        .args(["--password-file", password.to_str().unwrap()])
        .args(args)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir)
        .output()
        .unwrap()
}

#[test]
fn audit_lists_the_log_for_an_inspection_with_filters_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (db, admin_pw, _) = office_for_inspection(dir.path());
    let out = audit_cmd(dir.path(), &db, "admin", &admin_pw, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let all = String::from_utf8(out.stdout).unwrap();
    for action in ["user.first_admin", "user.add", "permission.reveal", "audit.read"] {
        assert!(all.contains(action), "{action} listed:\n{all}");
    }
    // --by and --action (a family: every refusal of a permission).
    let out = audit_cmd(
        dir.path(),
        &db,
        "admin",
        &admin_pw,
        &["--by", "li", "--action", "permission"],
    );
    let refusals = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = refusals.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{refusals}");
    assert!(rows[0].contains("permission.reveal") && rows[0].contains("refused"));
    // --since after today lists nothing; a bad date is a sentence.
    let out = audit_cmd(dir.path(), &db, "admin", &admin_pw, &["--since", "2999-01-01"]);
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("没有符合条件的审计记录")
    );
    let out = audit_cmd(dir.path(), &db, "admin", &admin_pw, &["--since", "2026-02-30"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("日期写法不对"));
    // CSV: UTF-8 with a BOM, a header, every field whole.
    let out = audit_cmd(
        dir.path(),
        &db,
        "admin",
        &admin_pw,
        &["--format", "csv", "--action", "login"],
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("\u{feff}编号,时间,用户,操作,对象,结果,详情\n"), "{csv}");
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(records.iter().all(|r| &r[3] == "login"));
    assert!(records.iter().any(|r| &r[2] == "li" && &r[5] == "ok"));
    // Each listing is itself in the log, under who listed.
    let conn = Connection::open(&db).unwrap();
    let listings: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE user = 'admin' AND action = 'audit.read'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(listings, 4, "the bad date was refused before logging in");
    assert!(verify_chain(&conn).unwrap().is_ok());
}

#[test]
fn a_clerk_may_not_read_the_audit_log_and_the_refusal_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _, li_pw) = office_for_inspection(dir.path());
    let out = audit_cmd(dir.path(), &db, "li", &li_pw, &[]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "nothing listed");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("查看审计日志需要管理员或领导权限"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let conn = Connection::open(&db).unwrap();
    let refused: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE user = 'li' AND action = 'permission.read_audit' AND outcome = 'refused'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(refused, 1);
}
