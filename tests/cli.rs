//! The command line without the TUI: check, lookup, refusals in both languages.

use std::process::Command;

fn minqing(home: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_minqing"));
    c.env("HOME", home).env("XDG_DATA_HOME", home);
    c
}

fn demo(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("demo.db");
    let ok = minqing(dir)
        .args([
            "demo",
            "--db",
            db.to_str().expect("utf-8"),
            "--households",
            "200",
            "--no-tui",
        ])
        .status()
        .expect("demo");
    assert!(ok.success());
    db
}

#[test]
fn check_reports_ok_on_a_healthy_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo(dir.path());
    let out = minqing(dir.path())
        .args(["check", "--db", db.to_str().expect("utf-8")])
        .output()
        .expect("check");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.first(), Some(&"ok"), "{stdout}");
    assert!(lines[1].starts_with("审计日志完好"), "{stdout}");
}

#[test]
fn demo_is_deterministic_for_a_seed() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    let dump = |db: &std::path::Path| -> Vec<(String, String)> {
        let conn = rusqlite::Connection::open(db).expect("open");
        let mut stmt = conn
            .prepare("SELECT name, coalesce(resident_id, '') FROM persons ORDER BY id")
            .expect("prep");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("q")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    assert_eq!(dump(&demo(a.path())), dump(&demo(b.path())));
}

#[test]
fn a_newer_database_is_refused_with_a_sentence_in_the_users_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo(dir.path());
    rusqlite::Connection::open(&db)
        .expect("open")
        .pragma_update(None, "user_version", 999)
        .expect("bump");
    let db = db.to_str().expect("utf-8");
    let zh = minqing(dir.path()).args(["check", "--db", db]).output().expect("run");
    assert!(!zh.status.success());
    let msg = String::from_utf8_lossy(&zh.stderr);
    assert!(msg.contains("更新版本的民情通") && msg.contains("999"), "{msg}");
    let en = minqing(dir.path())
        .args(["check", "--db", db, "--lang", "en"])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&en.stderr).contains("newer minqing"));
}

#[test]
fn lookup_prints_ranked_masked_matches_and_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo(dir.path());
    let conn = rusqlite::Connection::open(&db).expect("open");
    let (name, rid): (String, String) = conn
        .query_row(
            "SELECT name, resident_id FROM persons WHERE resident_id IS NOT NULL ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("person");
    let db = db.to_str().expect("utf-8");
    let out = minqing(dir.path())
        .args(["lookup", &name, "--db", db])
        .output()
        .expect("lookup");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&name), "{text}");
    assert!(!text.contains(&rid), "IDs are masked: {text}");
    let out = minqing(dir.path())
        .args(["lookup", &rid[rid.len() - 4..], "--db", db, "--json", "--limit", "5"])
        .output()
        .expect("lookup");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let rows = json
        .as_array()
        .map(|a| a.len())
        .unwrap_or_else(|| json["results"].as_array().map_or(0, |a| a.len()));
    assert!((1..=5).contains(&rows), "{json}");
}

#[test]
fn the_office_imports_next_years_calendar_and_edits_deadlines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo(dir.path());
    let db = db.to_str().expect("utf-8");
    let file = dir.path().join("2027.toml");
    std::fs::write(
        &file,
        "[[year]]\nyear = 2027\nholidays = [[\"2027-02-05\", \"2027-02-11\", \"春节\"]]\nworkdays = [\"2027-02-14\"]\n",
    )
    .expect("write");
    let out = minqing(dir.path())
        .args([
            "calendar",
            "import",
            file.to_str().expect("utf-8"),
            "--db",
            db,
            "--user",
            "admin",
        ])
        .output()
        .expect("import");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("2025, 2026, 2027"));
    let conn = rusqlite::Connection::open(db).expect("open");
    let kind: String = conn
        .query_row("SELECT kind FROM calendar_days WHERE day = '2027-02-14'", [], |r| {
            r.get(0)
        })
        .expect("make-up day stored");
    assert_eq!(kind, "workday");
    let audited: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE user = 'admin' AND action LIKE 'calendar%'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert!(audited >= 1);
    // A broken file is refused with a sentence, and nothing changes.
    std::fs::write(
        &file,
        "[[year]]\nyear = 2028\nholidays = [[\"2028-13-01\", \"2028-13-02\", \"x\"]]\n",
    )
    .expect("w");
    let bad = minqing(dir.path())
        .args([
            "calendar",
            "import",
            file.to_str().expect("utf-8"),
            "--db",
            db,
            "--user",
            "admin",
        ])
        .output()
        .expect("import");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("节假日文件格式不对"));
    let out = minqing(dir.path())
        .args(["sla", "set", "help", "10", "--db", db, "--user", "admin"])
        .output()
        .expect("sla");
    assert!(out.status.success());
    let days: i64 = conn
        .query_row("SELECT working_days FROM sla_rules WHERE kind = 'help'", [], |r| {
            r.get(0)
        })
        .expect("sla");
    assert_eq!(days, 10);
}

#[test]
fn report_assessment_prints_the_table_as_text_and_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo(dir.path());
    let db = db.to_str().expect("utf-8");
    let out = minqing(dir.path())
        .args(["report", "assessment", "--period", "month", "--db", db])
        .output()
        .expect("report");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.starts_with("干部考核 本月"), "{text}");
    assert!(text.contains("知晓率") && text.contains("n="), "{text}");
    let out = minqing(dir.path())
        .args([
            "report",
            "assessment",
            "--period",
            "week",
            "--format",
            "csv",
            "--lang",
            "en",
            "--db",
            db,
        ])
        .output()
        .expect("report");
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).expect("utf-8");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "\u{feff}Cadre,Grid,Households,Visited this year,Visit coverage,Village days,Village days required,\
             Overnights,Overnights required,Below quota,Awareness,Awareness n,Satisfaction,Satisfaction n,\
             Callback satisfaction,Callback n,Open requests,Overdue requests,Average days to resolve,Urges"
        )
    );
    let cadres: i64 = minqing::store::open_connection(std::path::Path::new(db))
        .expect("open")
        .query_row(
            "SELECT count(*) FROM cadres WHERE active = 1 AND role = 'cadre'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(lines.count() as i64, cadres);
    // Refusals are sentences, with a failing status.
    let bad = minqing(dir.path())
        .args(["report", "assessment", "--period", "day", "--db", db])
        .output()
        .expect("report");
    assert!(!bad.status.success());
    let missing = minqing(dir.path())
        .args(["report", "assessment", "--db", "/nonexistent/x.db"])
        .output()
        .expect("report");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("找不到数据库文件"));
}

#[test]
fn backup_copies_the_database_privately_while_it_is_open() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo(dir.path());
    // Another clerk holds the database open meanwhile.
    let other = minqing::store::open_connection(&db).expect("open");
    let dest = dir.path().join("backup.db");
    let out = minqing(dir.path())
        .args([
            "backup",
            dest.to_str().expect("utf-8"),
            "--db",
            db.to_str().expect("utf-8"),
            "--user",
            "admin",
        ])
        .output()
        .expect("backup");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("已备份到"));
    assert_eq!(
        std::fs::metadata(&dest).expect("meta").permissions().mode() & 0o777,
        0o600
    );
    let count = |path: &std::path::Path| -> i64 {
        rusqlite::Connection::open(path)
            .expect("open")
            .query_row("SELECT count(*) FROM persons", [], |r| r.get(0))
            .expect("count")
    };
    assert_eq!(count(&dest), count(&db));
    drop(other);
    let check = minqing(dir.path())
        .args(["check", "--db", dest.to_str().expect("utf-8")])
        .output()
        .expect("check");
    assert!(check.status.success());
    assert_eq!(String::from_utf8_lossy(&check.stdout).lines().next(), Some("ok"));
}

#[test]
fn help_and_argument_errors_follow_the_language() {
    let bin = env!("CARGO_BIN_EXE_minqing");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin)
            .args(args)
            .env("MINQING_CONFIG", "/nonexistent/minqing-config.toml")
            .output()
            .expect("run");
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    let zh = run(&["--help"]);
    assert!(
        zh.contains("用法") && zh.contains("建立演示乡镇") && zh.contains("显示帮助"),
        "{zh}"
    );
    assert!(
        !zh.contains("Usage") && !zh.contains("Print help") && !zh.contains("Create a demo"),
        "{zh}"
    );
    // clap's own notes are said in Chinese too, and no option is left
    // without a word.
    let export = run(&["export", "requests", "--help"]);
    assert!(export.contains("（可选：xlsx、csv）（默认：xlsx）"), "{export}");
    assert!(
        !export.contains("[default") && !export.contains("[possible") && export.contains("诉求分类名称"),
        "{export}"
    );
    let en = run(&["--lang", "en", "--help"]);
    assert!(en.contains("Usage") && en.contains("Create a demo"), "{en}");
    let bad = run(&["--frob"]);
    assert!(
        bad.contains("不认识的参数 --frob") && !bad.contains("unexpected"),
        "{bad}"
    );
    let bad = run(&["frob"]);
    assert!(bad.contains("没有 frob 这个命令"), "{bad}");
}

#[test]
fn store_errors_name_objects_in_the_language() {
    use minqing::store::{Refusal, StoreError};
    use minqing::text::i18n::{Lang, store_error};
    let zh = store_error(Lang::Zh, &StoreError::NotFound("meeting 99".into()));
    assert!(zh.contains("会议 99") && !zh.contains("meeting"), "{zh}");
    let zh = store_error(Lang::Zh, &StoreError::Refused(Refusal::ResidentIdTaken));
    assert_eq!(zh, "这个公民身份号码已经登记过了");
    let zh = store_error(Lang::Zh, &StoreError::Invalid("password hash: bad".into()));
    assert!(!zh.contains("password"), "{zh}");
    let en = store_error(Lang::En, &StoreError::NotFound("cadre:15".into()));
    assert_eq!(en, "cadre 15 not found");
}
