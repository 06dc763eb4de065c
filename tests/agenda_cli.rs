//! `minqing agenda export MEETING_ID --format md|txt|csv [-o FILE]`.

mod common;

use std::process::Command;

#[test]
fn agenda_export_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path(), 300);
    let bin = env!("CARGO_BIN_EXE_minqing");
    let run = |args: &[&str]| {
        Command::new(bin)
            .args(["--db", db.to_str().unwrap(), "--user", "demo"])
            .args(args)
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path())
            .output()
            .expect("run")
    };
    // To a file: 0600, the sentence on stderr.
    let out = dir.path().join("m1.csv");
    let o = run(&["agenda", "export", "1", "--format", "csv", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(common::mode_of(&out), 0o600);
    assert!(String::from_utf8_lossy(&o.stderr).contains("已导出"));
    assert!(std::fs::read_to_string(&out).unwrap().contains("议题编号"));
    // To standard output.
    let o = run(&["agenda", "export", "1", "--format", "md"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("# "));
    // English, plain text.
    let o = run(&["--lang", "en", "agenda", "export", "1", "--format", "txt"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("Page 1 of"));
    // An unknown meeting: a sentence and a failure code, no file.
    let bad = dir.path().join("none.md");
    let o = run(&["agenda", "export", "999", "-o", bad.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("找不到"));
    assert!(!bad.exists());
    let store = minqing::store::Store::open(&db, "demo").unwrap();
    assert_eq!(
        common::count(
            &store,
            "SELECT count(*) FROM audit_log WHERE action = 'agenda.export' AND outcome = 'ok'"
        ),
        3
    );
    assert_eq!(
        common::count(
            &store,
            "SELECT count(*) FROM audit_log WHERE action = 'agenda.export' AND outcome = 'refused'"
        ),
        1
    );
}
