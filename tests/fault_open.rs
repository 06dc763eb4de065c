//! Issue 13, findings 2, 4 and 8: a path given as `--db` that is not ours
//! (a directory, a text file, a truncated or a newer database) is refused
//! with the reason, in the interface language, and left exactly as it was.

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

fn minqing(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_minqing"));
    c.env("HOME", home).env("XDG_DATA_HOME", home);
    c
}

/// Everything that must not change: for a file its bytes, mode and mtime;
/// for a directory its mode, mtime and listing.
#[derive(Debug, PartialEq)]
struct Snapshot {
    mode: u32,
    mtime: (i64, i64),
    /// Length and hash of the bytes (a file's).
    bytes: Option<(usize, u64)>,
    listing: Vec<String>,
}

fn snapshot(path: &Path) -> Snapshot {
    let meta = std::fs::metadata(path).expect("meta");
    let mut listing: Vec<String> = std::fs::read_dir(path.parent().expect("parent"))
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    if meta.is_dir() {
        listing.extend(
            std::fs::read_dir(path)
                .expect("dir")
                .map(|e| format!("inside:{}", e.expect("entry").file_name().to_string_lossy())),
        );
    }
    listing.sort();
    Snapshot {
        mode: meta.permissions().mode() & 0o7777,
        mtime: (meta.mtime(), meta.mtime_nsec()),
        bytes: meta.is_file().then(|| {
            use std::hash::{Hash, Hasher};
            let bytes = std::fs::read(path).expect("read");
            let mut h = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut h);
            (bytes.len(), h.finish())
        }),
        listing,
    }
}

/// A small, current minqing database in rollback-journal mode (so a journal
/// switch would show in its header bytes).
fn database(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let mut store = minqing::store::Store::open(&path, "admin").expect("open");
    store
        .write(|tx, _| {
            tx.execute("INSERT INTO villages (name) VALUES ('青山村')", [])?;
            Ok(())
        })
        .expect("write");
    drop(store);
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get::<_, String>(0))
        .expect("delete mode");
    drop(conn);
    path
}

/// (path, words the Chinese message must hold, words the English one must hold)
fn cases(dir: &Path) -> Vec<(PathBuf, Vec<&'static str>, Vec<&'static str>)> {
    let folder = dir.join("records");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::write(folder.join("notes.txt"), "keep me").expect("write");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).expect("chmod");

    let text = dir.join("residents.csv");
    std::fs::write(&text, "姓名,电话\n张三,13800138000\n").expect("write");
    std::fs::set_permissions(&text, std::fs::Permissions::from_mode(0o644)).expect("chmod");

    let whole = database(dir, "whole.db");
    let truncated = dir.join("truncated.db");
    std::fs::write(&truncated, &std::fs::read(&whole).expect("read")[..1000]).expect("write");
    std::fs::set_permissions(&truncated, std::fs::Permissions::from_mode(0o644)).expect("chmod");

    let newer = database(dir, "newer.db");
    rusqlite::Connection::open(&newer)
        .expect("open")
        .pragma_update(None, "user_version", 999)
        .expect("bump");
    std::fs::set_permissions(&newer, std::fs::Permissions::from_mode(0o644)).expect("chmod");

    vec![
        (folder, vec!["文件夹"], vec!["is a directory"]),
        (text, vec!["不是数据库文件"], vec!["not a database file"]),
        (truncated, vec!["截断或损坏"], vec!["truncated or damaged"]),
        (newer, vec!["更新版本", "999"], vec!["newer minqing", "999"]),
    ]
}

#[test]
fn paths_that_are_not_ours_are_refused_with_the_reason_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir"); // the log goes there
    for (path, zh, en) in cases(dir.path()) {
        let before = snapshot(&path);
        let db = path.to_str().expect("utf-8");
        let runs: [(&[&str], &[&str]); 4] = [
            (&["check", "--db", db], &zh),
            (&["lookup", "张", "--db", db], &zh),
            (&["backup", "/nonexistent-dir/b.db", "--db", db, "--user", "admin"], &zh),
            (&["lookup", "张", "--db", db, "--lang", "en"], &en),
        ];
        for (args, words) in runs {
            let out = minqing(home.path()).args(args).output().expect("run");
            assert_eq!(snapshot(&path), before, "{args:?} changed {}", path.display());
            let msg = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success(), "{args:?} must fail");
            for w in words {
                assert!(msg.contains(w), "{args:?}: {msg:?} should say {w:?}");
            }
            assert!(
                !msg.contains("数据库出错") && !msg.contains("opening"),
                "{args:?}: {msg}"
            );
        }
    }
}

/// Finding 8: `--limit 0` means "every match", not "没有找到".
#[test]
fn lookup_limit_zero_prints_every_match() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("m.db");
    let (mut store, password) = common::office_with_admin(&db);
    common::seed_household(&mut store);
    drop(store);
    let pw = password.to_str().expect("utf-8");
    let run = |limit: &str| {
        let out = minqing(dir.path())
            .args([
                "lookup",
                "张三",
                "--json",
                "--limit",
                limit,
                "--db",
                db.to_str().expect("utf-8"),
                "--user",
                "admin",
                "--password-file",
                pw,
            ])
            .output()
            .expect("run");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
        rows.len()
    };
    assert_eq!(run("1"), 1);
    assert_eq!(run("0"), 1, "0 is no limit");
    let out = minqing(dir.path())
        .args(["lookup", "张三", "--limit", "0", "--db", db.to_str().expect("utf-8")])
        .args(["--user", "admin", "--password-file", pw])
        .output()
        .expect("run");
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("张三") && !table.contains("没有找到"), "{table}");
}

/// Finding 3: `demo --fresh` replaces a demo, never an office's database.
#[test]
fn demo_fresh_refuses_an_office_database_and_regenerates_a_demo() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    let office = dir.path().join("office.db");
    let mut store = minqing::store::Store::open(&office, "admin").expect("open");
    common::seed_household(&mut store);
    drop(store);
    let fresh = |db: &Path, lang: &str| {
        minqing(home.path())
            .args(["demo", "--fresh", "--no-tui", "--households", "20", "--lang", lang])
            .arg("--db")
            .arg(db)
            .output()
            .expect("run")
    };
    let before = snapshot(&office);
    for (lang, words) in [("zh", "不是演示数据库"), ("en", "not a demo database")] {
        let out = fresh(&office, lang);
        assert!(!out.status.success());
        let msg = String::from_utf8_lossy(&out.stderr);
        assert!(msg.contains(words), "{msg}");
        assert_eq!(snapshot(&office), before, "the office database is untouched");
    }

    let demo = dir.path().join("demo.db");
    let out = fresh(&demo, "zh");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let villages = |db: &Path| -> Vec<String> {
        let conn = rusqlite::Connection::open(db).expect("open");
        let mut stmt = conn.prepare("SELECT name FROM villages ORDER BY id").expect("prep");
        stmt.query_map([], |r| r.get(0))
            .expect("q")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    let generated = villages(&demo);
    rusqlite::Connection::open(&demo)
        .expect("open")
        .execute("INSERT INTO villages (name) VALUES ('手工加的村')", [])
        .expect("insert");
    let out = fresh(&demo, "zh");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(villages(&demo), generated, "regenerated from scratch");
}

/// Finding 8: every reason to refuse a path has its own sentence in each
/// language, naming the path, with no English inside the Chinese one.
#[test]
fn every_refusal_reason_is_one_sentence_per_language() {
    use minqing::store::{StoreError, Unusable};
    use minqing::text::i18n::{Lang, store_error};
    let path = PathBuf::from("/srv/office/minqing.db");
    let mut errors: Vec<StoreError> = [
        Unusable::Directory,
        Unusable::NotAFile,
        Unusable::NotADatabase,
        Unusable::Damaged,
        Unusable::PermissionDenied,
    ]
    .into_iter()
    .map(|why| StoreError::Unusable {
        path: path.clone(),
        why,
    })
    .collect();
    errors.push(StoreError::NewerSchema { found: 9, supported: 4 });
    errors.push(StoreError::Io(std::io::Error::from_raw_os_error(5)));
    errors.push(StoreError::from(std::io::Error::from_raw_os_error(27)));
    let mut seen = std::collections::HashSet::new();
    for e in &errors {
        let zh = store_error(Lang::Zh, e);
        let en = store_error(Lang::En, e);
        let ascii_words = zh
            .replace(&path.display().to_string(), "")
            .replace("minqing restore", "")
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() > 1)
            .map(String::from)
            .collect::<Vec<_>>();
        assert!(ascii_words.is_empty(), "{zh}: {ascii_words:?}");
        assert!(!zh.contains("数据库出错"), "{zh}");
        assert!(!en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{en}");
        assert!(seen.insert(zh.clone()), "{zh} said twice");
    }
}
