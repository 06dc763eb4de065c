//! Inputs checked at the edge (issue 13, findings 5 and 6): the calendar
//! importer and `sla set` refuse nonsense with a sentence, change nothing
//! and audit the refusal.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn minqing(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_minqing"));
    c.env("HOME", home).env("XDG_DATA_HOME", home);
    c
}

fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("demo.db");
    let ok = minqing(dir)
        .args([
            "demo",
            "--db",
            db.to_str().expect("utf-8"),
            "--households",
            "20",
            "--no-tui",
        ])
        .status()
        .expect("demo");
    assert!(ok.success());
    db
}

fn run(dir: &Path, db: &Path, args: &[&str]) -> Output {
    minqing(dir)
        .args(args)
        .args(["--db", db.to_str().expect("utf-8"), "--user", "admin"])
        .output()
        .expect("run")
}

fn import(dir: &Path, db: &Path, toml: &str) -> Output {
    let file = dir.join("calendar.toml");
    std::fs::write(&file, toml).expect("write");
    run(dir, db, &["calendar", "import", file.to_str().expect("utf-8")])
}

fn days(db: &Path, year: i32) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(db).expect("open");
    let mut stmt = conn
        .prepare("SELECT day, kind FROM calendar_days WHERE substr(day, 1, 4) = ?1 ORDER BY day")
        .expect("prep");
    stmt.query_map([year.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("q")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn audited(db: &Path, outcome: &str) -> i64 {
    rusqlite::Connection::open(db)
        .expect("open")
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'calendar.import' AND outcome = ?1",
            [outcome],
            |r| r.get(0),
        )
        .expect("audit")
}

fn all_days(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .expect("open")
        .query_row("SELECT count(*) FROM calendar_days", [], |r| r.get(0))
        .expect("count")
}

#[test]
fn calendar_import_refuses_nonsense_changes_nothing_and_audits_the_refusal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo(dir.path());
    let before = all_days(&db);
    let cases: &[(&str, &str)] = &[
        // 2.9 million days in one range.
        (
            "[[year]]\nyear = 2027\nholidays = [[\"2027-01-01\", \"9999-12-31\", \"x\"]]\n",
            "不是 2027 年的日期",
        ),
        // A "2027" file holding 1999 and 2031 dates.
        (
            "[[year]]\nyear = 2027\nholidays = [[\"1999-10-01\", \"1999-10-03\", \"国庆\"]]\nworkdays = [\"2031-02-14\"]\n",
            "1999-10-01",
        ),
        // A day both holiday and workday.
        (
            "[[year]]\nyear = 2027\nholidays = [[\"2027-02-05\", \"2027-02-11\", \"春节\"]]\nworkdays = [\"2027-02-07\"]\n",
            "既写成放假又写成调休上班",
        ),
        // A misspelled key.
        (
            "[[year]]\nyear = 2027\nholiday = [[\"2027-02-05\", \"2027-02-11\", \"春节\"]]\n",
            "不认识的键 holiday",
        ),
        // A year nowhere near now.
        (
            "[[year]]\nyear = 2099\nholidays = [[\"2099-02-05\", \"2099-02-11\", \"春节\"]]\n",
            "超出可导入的范围",
        ),
    ];
    for (n, (toml, expected)) in cases.iter().enumerate() {
        let out = import(dir.path(), &db, toml);
        let msg = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{toml}: accepted");
        assert!(
            msg.contains("日历没有任何改动") && msg.contains(expected),
            "{toml}: {msg}"
        );
        assert_eq!(all_days(&db), before, "{toml}: the calendar changed");
        assert_eq!(audited(&db, "refused"), n as i64 + 1, "{toml}: refusal not audited");
    }
    // A file far too large, and one that is not text at all.
    let big = format!("# {}\n", "x".repeat(2 * 1024 * 1024));
    let out = import(dir.path(), &db, &big);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("超过 1024 KB"));
    let file = dir.path().join("calendar.toml");
    std::fs::write(&file, [0xff_u8, 0xfe, 0x00, 0x5b]).expect("write");
    let out = run(dir.path(), &db, &["calendar", "import", file.to_str().expect("utf-8")]);
    let msg = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && msg.contains("不是能读懂的 TOML 文件"), "{msg}");
    assert_eq!(audited(&db, "refused"), cases.len() as i64 + 2);
    assert_eq!(all_days(&db), before);
    assert_eq!(audited(&db, "ok"), 0);
    // The same refusal in English, without Chinese in it.
    let out = import(dir.path(), &db, "[[year]]\nyear = 2027\nworkday = [\"2027-02-14\"]\n");
    let file = dir.path().join("calendar.toml");
    let en = run(
        dir.path(),
        &db,
        &["calendar", "import", file.to_str().expect("utf-8"), "--lang", "en"],
    );
    assert!(!out.status.success() && !en.status.success());
    let msg = String::from_utf8_lossy(&en.stderr);
    assert!(
        msg.contains("unknown key workday") && msg.contains("unchanged"),
        "{msg}"
    );
    assert!(!msg.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{msg}");
}

#[test]
fn a_reimport_replaces_that_years_days_and_leaves_other_years() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo(dir.path());
    let before_2026 = days(&db, 2026);
    let first = "[[year]]\nyear = 2027\nholidays = [[\"2027-02-05\", \"2027-02-07\", \"春节\"], [\"2027-10-01\", \"2027-10-01\", \"国庆节\"]]\nworkdays = [\"2027-02-14\"]\n";
    let out = import(dir.path(), &db, first);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(days(&db, 2027).len(), 5);
    // The corrected notice drops 10-01 and the make-up day.
    let corrected = "[[year]]\nyear = 2027\nholidays = [[\"2027-02-05\", \"2027-02-07\", \"春节\"]]\n";
    let out = import(dir.path(), &db, corrected);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 天已从日历删除"));
    let expected: Vec<(String, String)> = ["2027-02-05", "2027-02-06", "2027-02-07"]
        .iter()
        .map(|d| (d.to_string(), "holiday".to_string()))
        .collect();
    assert_eq!(days(&db, 2027), expected);
    assert_eq!(days(&db, 2026), before_2026);
    assert_eq!(audited(&db, "ok"), 2);
}

#[test]
fn sla_days_are_bounded_and_the_refusal_names_the_range() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo(dir.path());
    let help = || -> i64 {
        rusqlite::Connection::open(&db)
            .expect("open")
            .query_row("SELECT working_days FROM sla_rules WHERE kind = 'help'", [], |r| {
                r.get(0)
            })
            .expect("rule")
    };
    let before = help();
    for (kind, days, range) in [
        ("urgent", "99999", "0 到 5"),
        ("urgent", "6", "0 到 5"),
        ("help", "61", "0 到 60"),
    ] {
        let out = run(dir.path(), &db, &["sla", "set", kind, days]);
        let msg = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{kind} {days} accepted");
        assert!(msg.contains(range), "{msg}");
    }
    assert_eq!(help(), before);
    let en = minqing(dir.path())
        .args(["sla", "set", "help", "61", "--lang", "en", "--user", "admin", "--db"])
        .arg(&db)
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&en.stderr).contains("0 to 60 working days"));
    for (kind, days) in [("urgent", "5"), ("help", "60"), ("help", "0")] {
        assert!(run(dir.path(), &db, &["sla", "set", kind, days]).status.success());
    }
    assert_eq!(help(), 0);
}

/// The file-system's own words (English, "os error 2") stay out of the
/// clerk's sentence: a calendar file that is not there, a report into a
/// folder that is not there.
#[test]
fn a_missing_file_or_folder_is_named_in_the_users_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo(dir.path());
    let missing = dir.path().join("假日.toml");
    let out = run(
        dir.path(),
        &db,
        &["calendar", "import", missing.to_str().expect("utf-8")],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("读不了文件") && err.contains("文件或文件夹不存在"),
        "{err}"
    );
    assert!(!err.contains("os error") && !err.contains("No such file"), "{err}");
    assert_eq!(audited(&db, "refused"), 1);

    let report = dir.path().join("no-folder").join("r.md");
    let out = run(
        dir.path(),
        &db,
        &["report", "analysis", "--output", report.to_str().expect("utf-8")],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert_eq!(
        err.trim(),
        "minqing: 导出失败，没有留下文件：读写文件出错（文件或文件夹不存在）"
    );
    let out = run(
        dir.path(),
        &db,
        &[
            "--lang",
            "en",
            "report",
            "analysis",
            "--output",
            report.to_str().expect("utf-8"),
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("The export failed and left no file") && !err.contains("os error"),
        "{err}"
    );
}

/// `minqing lookup … | head`: when the reader has gone, the command ends
/// quietly as other command-line tools do, not with a panic.
#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo(dir.path());
    let mut child = minqing(dir.path())
        .args(["lookup", "村", "--db", db.to_str().expect("utf-8"), "--user", "admin"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // The reader leaves before the first line is printed.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{err}");
    assert_eq!(out.status.signal(), Some(libc::SIGPIPE), "{:?} {err}", out.status);
}

/// Output into a full disk (`> /dev/full`) is said as a full disk, in the
/// clerk's language, not as the system's "No space left on device".
#[test]
fn output_onto_a_full_disk_is_named_as_such() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo(dir.path());
    for args in [
        &["sla", "show"][..],
        &["calendar", "show"],
        &["audit"],
        &["lookup", "村"],
    ] {
        let out = minqing(dir.path())
            .args(args)
            .args(["--db", db.to_str().expect("utf-8"), "--user", "admin"])
            .stdout(std::fs::File::create("/dev/full").expect("/dev/full"))
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        assert!(err.contains("磁盘已满"), "{args:?}: {err}");
        assert!(!err.contains("os error"), "{args:?}: {err}");
    }
}
