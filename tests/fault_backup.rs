//! Issue 13's fault suite for backups, restores and exports: dated backups
//! with --keep, restore, leftovers of killed runs, a full disk (simulated
//! with RLIMIT_FSIZE), files that are not ours, an interrupted migration.

mod common;

use minqing::store::Store;
use rusqlite::Connection;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn minqing(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_minqing"));
    c.env("HOME", home).env("XDG_DATA_HOME", home);
    c
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A database holding `villages` villages and, with `pad_mb`, that many MB
/// of padding so that a backup takes a while and crosses a small file limit.
fn office_db(dir: &Path, villages: usize, pad_mb: usize) -> PathBuf {
    let path = dir.join("office.db");
    let mut store = Store::open(&path, "admin").expect("open");
    for i in 0..villages {
        add_village(&mut store, &format!("村{i}"));
    }
    if pad_mb > 0 {
        store
            .write(|tx, _| {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES ('pad', randomblob(?1))",
                    [(pad_mb * 1024 * 1024) as i64],
                )?;
                Ok(())
            })
            .expect("pad");
    }
    path
}

fn add_village(store: &mut Store, name: &str) {
    store
        .write(|tx, _| {
            tx.execute("INSERT INTO villages (name) VALUES (?1)", [name])?;
            Ok(())
        })
        .expect("village");
}

fn villages(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).expect("open");
    let mut stmt = conn.prepare("SELECT name FROM villages ORDER BY id").expect("prep");
    stmt.query_map([], |r| r.get(0))
        .expect("q")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn integrity(db: &Path) -> String {
    Connection::open(db)
        .expect("open")
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check")
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn backup(home: &Path, db: &Path, args: &[&str]) -> Output {
    minqing(home)
        .arg("backup")
        .args(args)
        .arg("--db")
        .arg(db)
        .args(["--user", "admin"])
        .output()
        .expect("backup")
}

/// Runs the real binary with a file-size limit of `bytes`, as a full disk
/// would refuse writes: SIGXFSZ is ignored so write() fails with EFBIG.
fn with_file_limit(mut cmd: Command, bytes: u64) -> Output {
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().expect("run")
}

#[test]
fn backup_keep_writes_dated_copies_and_keeps_only_the_newest_of_its_own() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    let db = office_db(dir.path(), 1, 0);
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).expect("mkdir");
    // Files that are not minqing's backups, one with a backup-like name,
    // and the leftovers of a killed backup (a pid that never runs).
    std::fs::write(backups.join("notes.txt"), "keep").expect("write");
    std::fs::write(backups.join("minqing-20000101-0000.db"), "not a backup").expect("write");
    let stale = backups.join("minqing-20261130-0000.db.partial-99999999");
    std::fs::write(&stale, "SQLite format 3\0").expect("write");
    std::fs::write(common::sidecar(&stale, "-journal"), "x").expect("write");

    for round in 2..=5 {
        let out = backup(home.path(), &db, &["--keep", "2", backups.to_str().expect("utf-8")]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stderr(&out).contains("已备份到"), "{}", stderr(&out));
        let mut store = Store::open(&db, "admin").expect("open");
        add_village(&mut store, &format!("村{round}"));
    }
    let names = listing(&backups);
    let dated: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("minqing-") && !n.starts_with("minqing-2000"))
        .collect();
    assert_eq!(dated.len(), 2, "{names:?}");
    assert!(names.contains(&"notes.txt".to_string()));
    assert!(names.contains(&"minqing-20000101-0000.db".to_string()));
    assert!(!names.iter().any(|n| n.contains(".partial-")), "{names:?}");
    // The two kept are the newest: made after 3 and 4 villages.
    let counts: Vec<usize> = dated.iter().map(|n| villages(&backups.join(n)).len()).collect();
    let mut sorted = counts.clone();
    sorted.sort();
    assert_eq!(sorted, [3, 4], "{names:?}");
    for n in &dated {
        assert_eq!(common::mode_of(&backups.join(n)), 0o600);
        assert_eq!(integrity(&backups.join(n)), "ok");
    }
}

#[test]
fn backup_and_export_do_not_overwrite_a_file_that_is_not_theirs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    let db = common::demo_db(dir.path(), 30);
    let notes = dir.path().join("notes.md");
    std::fs::write(&notes, "my notes").expect("write");
    let out = backup(home.path(), &db, &[notes.to_str().expect("utf-8")]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&notes).expect("read"), b"my notes");
    // Nor over the database itself, even with --force; said in Chinese.
    let out = backup(home.path(), &db, &[db.to_str().expect("utf-8"), "--force"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("正在使用的数据库"), "{}", stderr(&out));
    assert_eq!(integrity(&db), "ok");

    let export = |force: bool, lang: &str| {
        let mut c = minqing(home.path());
        c.args(["agenda", "export", "1", "-o"]).arg(&notes);
        c.arg("--db").arg(&db).args(["--user", "demo", "--lang", lang]);
        if force {
            c.arg("--force");
        }
        c.output().expect("export")
    };
    for (lang, words) in [("zh", "已经存在"), ("en", "already exists")] {
        let out = export(false, lang);
        assert!(!out.status.success());
        assert!(stderr(&out).contains(words), "{}", stderr(&out));
        assert_eq!(std::fs::read(&notes).expect("read"), b"my notes");
    }
    let out = export(true, "zh");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_ne!(std::fs::read(&notes).expect("read"), b"my notes");
}

#[test]
fn restore_checks_the_backup_refuses_while_in_use_and_keeps_the_replaced_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    let db = office_db(dir.path(), 2, 0);
    let saved = dir.path().join("saved.db");
    assert!(
        backup(home.path(), &db, &[saved.to_str().expect("utf-8")])
            .status
            .success()
    );
    let mut store = Store::open(&db, "admin").expect("open");
    add_village(&mut store, "备份之后的村");
    drop(store);
    let after = villages(&db);
    let restore = |backup: &Path, lang: &str| {
        minqing(home.path())
            .arg("restore")
            .arg(backup)
            .arg("--db")
            .arg(&db)
            .args(["--user", "admin", "--lang", lang])
            .output()
            .expect("restore")
    };

    // Bad backups: nothing changes.
    let text = dir.path().join("text.db");
    std::fs::write(&text, "not a database").expect("write");
    let truncated = dir.path().join("cut.db");
    std::fs::write(&truncated, &std::fs::read(&saved).expect("read")[..5000]).expect("write");
    for (bad, words) in [(&text, "不是数据库文件"), (&truncated, "截断或损坏")] {
        let out = restore(bad, "zh");
        assert!(!out.status.success());
        assert!(stderr(&out).contains(words), "{}", stderr(&out));
        assert_eq!(villages(&db), after);
    }

    // Another clerk is connected: refused, with what to do.
    let other = minqing::store::open_connection(&db).expect("open");
    for (lang, words) in [("zh", "请让大家先退出民情通"), ("en", "ask everyone to quit minqing")] {
        let out = restore(&saved, lang);
        assert!(!out.status.success());
        assert!(stderr(&out).contains(words), "{}", stderr(&out));
    }
    drop(other);
    assert_eq!(villages(&db), after);

    let out = restore(&saved, "zh");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("已从"), "{}", stderr(&out));
    assert_eq!(villages(&db), ["村0", "村1"]);
    assert_eq!(integrity(&db), "ok");
    assert_eq!(common::mode_of(&db), 0o600);
    let aside: Vec<String> = listing(dir.path())
        .into_iter()
        .filter(|n| n.starts_with("office.db.before-restore-"))
        .collect();
    assert_eq!(aside.len(), 1, "{:?}", listing(dir.path()));
    let aside = dir.path().join(&aside[0]);
    assert_eq!(common::mode_of(&aside), 0o600);
    assert_eq!(villages(&aside), after, "the replaced file is kept whole");
    let store = Store::open(&db, "admin").expect("open");
    assert_eq!(
        common::count(
            &store,
            "SELECT count(*) FROM audit_log WHERE action = 'restore' AND outcome = 'ok'"
        ),
        1
    );
    drop(store);
    // The refusals were recorded in the database they concerned (kept aside).
    let refused: i64 = Connection::open(&aside)
        .expect("open")
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'restore' AND outcome = 'refused'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(refused, 4, "two bad backups, two refusals while in use");
    // The restored file is a live database, not a backup: a later backup
    // to its path is refused without --force.
    assert!(!minqing::store::backup::is_our_backup(&db));
}

#[test]
fn a_killed_backup_keeps_the_old_backup_and_leaves_nothing_after_the_next_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    let db = office_db(dir.path(), 3, 24);
    let backups = dir.path().join("b");
    std::fs::create_dir(&backups).expect("mkdir");
    let dest = backups.join("nightly.db");
    assert!(
        backup(home.path(), &db, &[dest.to_str().expect("utf-8")])
            .status
            .success()
    );
    let want = villages(&dest);
    let mut killed_mid_write = 0;
    for round in 0..12u64 {
        let mut child = minqing(home.path())
            .arg("backup")
            .arg(&dest)
            .arg("--db")
            .arg(&db)
            .args(["--user", "admin"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        // Wait until the copy is being written, then let it run a while
        // longer each round before the kill.
        while child.try_wait().expect("wait").is_none() && !listing(&backups).iter().any(|n| n.contains(".partial-")) {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        std::thread::sleep(std::time::Duration::from_millis(round * 4));
        let _ = child.kill(); // kill -9 (it may have finished already)
        child.wait().expect("wait");
        if listing(&backups).iter().any(|n| n.contains(".partial-")) {
            killed_mid_write += 1;
        }
        assert_eq!(integrity(&dest), "ok", "round {round}");
        assert_eq!(villages(&dest), want, "round {round}");
    }
    assert!(killed_mid_write > 0, "some kill landed while the copy was written");
    let out = backup(home.path(), &db, &[dest.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(listing(&backups), ["nightly.db"]);
    assert_eq!(integrity(&dest), "ok");
}

#[test]
fn a_full_disk_during_backup_says_so_and_loses_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    let db = office_db(dir.path(), 3, 0);
    let backups = dir.path().join("b");
    std::fs::create_dir(&backups).expect("mkdir");
    let dest = backups.join("nightly.db");
    assert!(
        backup(home.path(), &db, &[dest.to_str().expect("utf-8")])
            .status
            .success()
    );
    let old_backup = std::fs::read(&dest).expect("read");
    // The database grows past the limit the backup will run under.
    let mut store = Store::open(&db, "admin").expect("open");
    store
        .write(|tx, _| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ('pad', randomblob(3000000))",
                [],
            )?;
            Ok(())
        })
        .expect("pad");
    drop(store);
    let live = villages(&db);
    for (lang, words) in [("zh", "磁盘已满"), ("en", "disk is full")] {
        let mut cmd = minqing(home.path());
        cmd.arg("backup").arg(&dest).arg("--db").arg(&db);
        cmd.args(["--user", "admin", "--lang", lang]);
        let out = with_file_limit(cmd, 1024 * 1024);
        assert!(!out.status.success());
        assert!(stderr(&out).contains(words), "{}", stderr(&out));
        assert_eq!(
            std::fs::read(&dest).expect("read"),
            old_backup,
            "the old backup is intact"
        );
        assert_eq!(listing(&backups), ["nightly.db"], "no partial, no -journal");
        assert_eq!(villages(&db), live);
        assert_eq!(integrity(&db), "ok");
    }
}

#[test]
fn a_full_disk_during_export_leaves_no_empty_file_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    let db = common::demo_db(dir.path(), 30);
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).expect("mkdir");
    let export = |target: &Path, limit: Option<u64>| {
        let mut cmd = minqing(home.path());
        cmd.args(["agenda", "export", "1", "--force", "-o"]).arg(target);
        cmd.arg("--db").arg(&db).args(["--user", "demo"]);
        match limit {
            Some(bytes) => with_file_limit(cmd, bytes),
            None => cmd.output().expect("export"),
        }
    };
    let earlier = dir.path().join("earlier.md");
    assert!(export(&earlier, None).status.success());
    let size = std::fs::metadata(&earlier).expect("meta").len();
    let limit = 1024;
    assert!(size > limit, "the export ({size} bytes) must cross the limit");
    // The database's -wal/-shm exist already (a colleague is connected), so
    // only the export itself meets the limit.
    let _colleague = minqing::store::open_connection(&db).expect("open");

    let target = out_dir.join("m1.md");
    let out = export(&target, Some(limit));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("磁盘已满"), "{}", stderr(&out));
    assert_eq!(listing(&out_dir), Vec::<String>::new(), "no 0-byte file, no partial");

    // Over an earlier export: that one stays whole.
    std::fs::copy(&earlier, &target).expect("copy");
    let out = export(&target, Some(limit));
    assert!(!out.status.success());
    assert_eq!(
        std::fs::read(&target).expect("read"),
        std::fs::read(&earlier).expect("read")
    );
    assert_eq!(listing(&out_dir), ["m1.md"]);
}

/// Applies the first `steps` numbered migrations, as an older minqing did.
fn old_version_db(dir: &Path, steps: usize) -> PathBuf {
    let path = dir.join("old.db");
    let conn = Connection::open(&path).expect("open");
    let mut sql: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/migrations"))
        .expect("migrations")
        .map(|e| e.expect("entry").path())
        .collect();
    sql.sort();
    for file in &sql[..steps] {
        conn.execute_batch(&std::fs::read_to_string(file).expect("read"))
            .expect("step");
    }
    conn.pragma_update(None, "user_version", steps as i64).expect("version");
    conn.execute("INSERT INTO villages (name) VALUES ('老村')", [])
        .expect("row");
    path
}

#[test]
fn a_migration_killed_at_any_point_leaves_the_old_version_usable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    let latest = minqing::store::schema::latest_version();
    let old = (latest - 1) as usize;
    let mut stayed_old = 0;
    for round in 0..10u64 {
        let round_dir = dir.path().join(round.to_string());
        std::fs::create_dir(&round_dir).expect("mkdir");
        let db = old_version_db(&round_dir, old);
        let mut child = minqing(home.path())
            .arg("check")
            .arg("--db")
            .arg(&db)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_micros(round * 1500));
        child.kill().expect("kill -9");
        child.wait().expect("wait");
        let version: i64 = Connection::open(&db)
            .expect("open")
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert!(version == old as i64 || version == latest, "round {round}: {version}");
        if version == old as i64 {
            stayed_old += 1;
        }
        assert_eq!(integrity(&db), "ok", "round {round}");
        assert_eq!(villages(&db), ["老村"], "round {round}");
        // The next run migrates it fully.
        let out = minqing(home.path())
            .arg("check")
            .arg("--db")
            .arg(&db)
            .output()
            .expect("check");
        assert!(out.status.success(), "round {round}: {}", stderr(&out));
        let store = Store::open(&db, "admin").expect("open");
        assert_eq!(common::count(&store, "PRAGMA user_version"), latest);
        assert_eq!(villages(&db), ["老村"]);
    }
    assert!(stayed_old > 0, "some kill landed before the migration committed");
}

#[test]
fn a_killed_export_keeps_the_old_file_and_leaves_nothing_after_the_next_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    let db = common::demo_db(dir.path(), 30);
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).expect("mkdir");
    let target = out_dir.join("m1.csv");
    let export = || {
        let mut c = minqing(home.path());
        c.args(["agenda", "export", "1", "--format", "csv", "--force", "-o"])
            .arg(&target);
        c.arg("--db").arg(&db).args(["--user", "demo"]);
        c.stderr(std::process::Stdio::null());
        c
    };
    assert!(export().status().expect("export").success());
    let whole = std::fs::read(&target).expect("read");
    // The leftover of an export killed earlier (a pid that never runs).
    std::fs::write(out_dir.join("m1.csv.partial-99999999"), "half").expect("write");
    for round in 0..10u64 {
        let mut child = export().spawn().expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(round * 3));
        let _ = child.kill(); // kill -9 (it may have finished already)
        child.wait().expect("wait");
        assert_eq!(
            std::fs::read(&target).expect("read"),
            whole,
            "round {round}: whole, never partial"
        );
    }
    assert!(export().status().expect("export").success());
    assert_eq!(listing(&out_dir), ["m1.csv"], "no partial files left");
    assert_eq!(std::fs::read(&target).expect("read"), whole);
}

#[test]
fn restore_replaces_a_damaged_database_but_not_a_file_that_is_not_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    let db = office_db(dir.path(), 2, 0);
    let saved = dir.path().join("saved.db");
    assert!(
        backup(home.path(), &db, &[saved.to_str().expect("utf-8")])
            .status
            .success()
    );
    let restore = |target: &Path| {
        minqing(home.path())
            .arg("restore")
            .arg(&saved)
            .arg("--db")
            .arg(target)
            .args(["--user", "admin"])
            .output()
            .expect("restore")
    };
    // A typo in --db naming someone's document: refused, untouched.
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "my notes").expect("write");
    let out = restore(&notes);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("不是数据库文件"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&notes).expect("read"), b"my notes");
    // A truncated database is what a restore is for; it is kept aside.
    let cut = std::fs::read(&db).expect("read")[..3000].to_vec();
    std::fs::write(&db, &cut).expect("truncate");
    let out = restore(&db);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(villages(&db), ["村0", "村1"]);
    let aside: Vec<String> = listing(dir.path())
        .into_iter()
        .filter(|n| n.starts_with("office.db.before-restore-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(std::fs::read(dir.path().join(&aside[0])).expect("read"), cut);
}
