//! Online backup, never a file copy, and restore (README "Backups"). A
//! plain copy of a WAL database can miss committed pages still in -wal, or
//! catch a torn state; the backup API copies one consistent snapshot while
//! others keep writing.

use super::files::{parent_dir, partial_path, sweep_stale_partials, sync_dir, with_suffix};
use super::{Result, Store, StoreError, Unusable, audit, open};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::fs::{File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// `PRAGMA application_id` of the copies `minqing backup` writes ("MQBK"):
/// such a file may be replaced by the next backup without `--force`.
pub const BACKUP_APPLICATION_ID: i32 = 0x4D51_424B;

/// Prefix of the dated names written into a backup directory.
const DATED_PREFIX: &str = "minqing-";

#[derive(Debug, Clone, Copy, Default)]
pub struct BackupOptions {
    /// Replace an existing file that is not one of minqing's backups.
    pub force: bool,
    /// Write a dated file into the directory `dest` and keep the newest N
    /// of minqing's dated backups there.
    pub keep: Option<usize>,
}

/// Writes a consistent copy of the database to `dest` (mode 0600), replacing
/// an older backup there, and audits the attempt either way.
pub fn backup_to(store: &mut Store, dest: &Path) -> Result<()> {
    backup_with(store, dest, BackupOptions::default()).map(|_| ())
}

/// [`backup_to`] with options; `dest` may be a directory, which receives a
/// file named `minqing-YYYYMMDD-HHMM.db`. Returns the file written.
pub fn backup_with(store: &mut Store, dest: &Path, opts: BackupOptions) -> Result<PathBuf> {
    let object = format!("file:{}", dest.display());
    let result = resolve_target(dest, opts).and_then(|target| {
        copy_snapshot(store, &target, opts.force)?;
        let mut detail = format!("online backup to {}", target.display());
        if let Some(keep) = opts.keep {
            let removed = prune(dest, keep)?;
            detail.push_str(&format!("; kept newest {keep}, removed {removed}"));
        }
        Ok((target, detail))
    });
    match result {
        Ok((target, detail)) => {
            store.write(|tx, actor| Store::audit(tx, actor, "backup", &object, &detail))?;
            Ok(target)
        }
        Err(e) => {
            // The backup error is what the user needs; a failing audit
            // write (e.g. disk full) must not hide it.
            let _ = store.audit_failure("backup", &object, &e.to_string());
            Err(e)
        }
    }
}

/// The file to write: `dest` itself, or a new dated name inside the
/// directory `dest` (made if missing when `--keep` asks for one).
fn resolve_target(dest: &Path, opts: BackupOptions) -> Result<PathBuf> {
    if opts.keep.is_some() && !dest.exists() {
        std::fs::create_dir_all(dest)?;
    }
    if !dest.is_dir() {
        if opts.keep.is_some() {
            return Err(StoreError::KeepNeedsDirectory(dest.to_path_buf()));
        }
        return Ok(dest.to_path_buf());
    }
    let now = chrono::Local::now();
    let minute = now.format("%Y%m%d-%H%M").to_string();
    let second = now.format("%Y%m%d-%H%M%S").to_string();
    // The candidates sort in this order; a name is used only if it sorts
    // after every dated file of this minute already there, so a minute name
    // freed by pruning is not reused for a newer copy (it would sort oldest).
    let name = |stem: &str| format!("{DATED_PREFIX}{stem}.db");
    let this_minute = dated_key(&name(&minute)).map(|k| (k.0, k.1));
    let latest = std::fs::read_dir(dest)?
        .flatten()
        .filter_map(|e| dated_key(&e.file_name().to_string_lossy()))
        .filter(|k| Some((k.0, k.1)) == this_minute)
        .max();
    let candidates = std::iter::once(minute)
        .chain(std::iter::once(second.clone()))
        .chain((2..).map(|n| format!("{second}-{n}")));
    Ok(candidates
        .map(|stem| name(&stem))
        .find(|n| dated_key(n) > latest && !dest.join(n).exists())
        .map(|n| dest.join(n))
        .expect("an unused counter exists"))
}

/// Sort key of a dated backup name, or None for any other name:
/// (day, HHMM, seconds or -1, counter).
fn dated_key(name: &str) -> Option<(u32, u32, i32, u32)> {
    let stem = name.strip_prefix(DATED_PREFIX)?.strip_suffix(".db")?;
    let mut parts = stem.split('-');
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let day = parts.next().filter(|d| d.len() == 8 && digits(d))?;
    let time = parts.next().filter(|t| (t.len() == 4 || t.len() == 6) && digits(t))?;
    let counter = match parts.next() {
        None => 1,
        Some(n) if digits(n) => n.parse().ok()?,
        Some(_) => return None,
    };
    if parts.next().is_some() {
        return None;
    }
    let seconds = if time.len() == 6 { time[4..].parse().ok()? } else { -1 };
    Some((day.parse().ok()?, time[..4].parse().ok()?, seconds, counter))
}

/// Keeps the newest `keep` of minqing's dated backups in `dir` and removes
/// the older ones; any other file there is left alone. Returns how many
/// were removed.
fn prune(dir: &Path, keep: usize) -> Result<usize> {
    let mut ours: Vec<_> = std::fs::read_dir(dir)?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let key = dated_key(&name)?;
            is_our_backup(&e.path()).then_some((key, e.path()))
        })
        .collect();
    ours.sort();
    let excess = ours.len().saturating_sub(keep);
    for (_, path) in &ours[..excess] {
        std::fs::remove_file(path)?;
    }
    Ok(excess)
}

/// Whether `path` is a regular file written by `minqing backup` (SQLite
/// header and our application_id), read from the header alone.
pub fn is_our_backup(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 100];
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
        && File::open(path).and_then(|mut f| f.read_exact(&mut header)).is_ok()
        && header.starts_with(b"SQLite format 3\0")
        && i32::from_be_bytes([header[68], header[69], header[70], header[71]]) == BACKUP_APPLICATION_ID
}

fn copy_snapshot(store: &Store, dest: &Path, force: bool) -> Result<()> {
    if let (Ok(live), Ok(target)) = (store.path().canonicalize(), dest.canonicalize())
        && live == target
    {
        return Err(StoreError::BackupOverLive(dest.to_path_buf()));
    }
    if let Ok(meta) = std::fs::symlink_metadata(dest) {
        if meta.is_dir() {
            return Err(StoreError::Unusable {
                path: dest.to_path_buf(),
                why: Unusable::Directory,
            });
        }
        if !force && !is_our_backup(dest) {
            return Err(StoreError::Exists(dest.to_path_buf()));
        }
    }
    // Leftovers of killed backups: to this name, or to a dated name.
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned());
    sweep_stale_partials(&parent_dir(dest), |prefix| {
        Some(prefix) == name.as_deref() || dated_key(prefix).is_some()
    });
    // Build the copy beside the target and rename it into place, so a failed
    // or interrupted backup never leaves a half-written file under the
    // backup's name (nor destroys the previous good one).
    let partial = partial_path(dest);
    remove_with_sidecars(&partial)?;
    let result = write_partial(store.conn(), &partial).and_then(|()| {
        // SQLite replays a -wal it finds beside a database, whoever left it
        // (a killed session on the old backup, another file's log): the new
        // copy must not meet its predecessor's sidecars.
        remove_sidecars(dest)?;
        std::fs::rename(&partial, dest)?;
        Ok(sync_dir(&parent_dir(dest))?)
    });
    if result.is_err() {
        let _ = remove_with_sidecars(&partial);
    }
    result
}

const SIDECARS: [&str; 3] = ["-wal", "-shm", "-journal"];

fn remove_if_present(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

/// Removes `-wal`, `-shm` and `-journal` of `path`.
fn remove_sidecars(path: &Path) -> Result<()> {
    SIDECARS
        .iter()
        .try_for_each(|s| remove_if_present(&with_suffix(path, s)))
}

fn remove_with_sidecars(path: &Path) -> Result<()> {
    remove_if_present(path)?;
    remove_sidecars(path)
}

fn write_partial(src: &Connection, partial: &Path) -> Result<()> {
    // Created 0600 before SQLite opens it; SQLite keeps that mode and gives
    // its rollback journal the same one.
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(partial)?;
    let mut dst = Connection::open(partial)?;
    let copied = (|| -> Result<()> {
        {
            let backup = Backup::new(src, &mut dst)?;
            // -1: copy every page in one step, i.e. one read snapshot.
            match backup.step(-1)? {
                StepResult::Done => {}
                StepResult::Busy | StepResult::Locked => return Err(StoreError::Busy),
                other => {
                    return Err(StoreError::Invalid(format!("backup did not finish ({other:?})")));
                }
            }
        }
        // The copied header says WAL; switch the copy to a plain rollback
        // journal so it is one self-contained file that opens without
        // -wal/-shm. The application_id marks it as minqing's backup.
        dst.pragma_update(None, "journal_mode", "DELETE")?;
        dst.pragma_update(None, "application_id", BACKUP_APPLICATION_ID)?;
        check_copy(src, &dst)
    })();
    if let Err(e) = copied {
        return Err(super::error::disk_full_or(&dst, e));
    }
    dst.close().map_err(|(_, e)| e)?;
    File::open(partial)?.sync_all()?;
    Ok(())
}

/// A copy is only put in place when it passes `integrity_check` and has the
/// source's schema version: a backup that says it succeeded must restore.
fn check_copy(src: &Connection, copy: &Connection) -> Result<()> {
    let problems = integrity_problems(copy)?;
    if !problems.is_empty() {
        return Err(StoreError::CopyFailedCheck(format!(
            "integrity_check: {}",
            problems.join("; ")
        )));
    }
    let (want, got) = (user_version(src)?, user_version(copy)?);
    if want != got {
        return Err(StoreError::CopyFailedCheck(format!(
            "schema version {got}, the database {want}"
        )));
    }
    Ok(())
}

fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// `PRAGMA integrity_check` rows other than the single "ok".
pub(crate) fn integrity_problems(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(if rows == ["ok"] { Vec::new() } else { rows })
}

/// What `restore` did: the previous file, kept aside (None when the target
/// did not exist).
#[derive(Debug)]
pub struct Restored {
    pub aside: Option<PathBuf>,
}

/// Puts the backup `backup` in place of the database `target`: checks the
/// backup (integrity, a schema version this build knows), refuses while
/// anyone has the target open, keeps the replaced file aside as
/// `TARGET.before-restore-YYYYMMDD-HHMMSS` (0600), and audits the restore in
/// the restored database under `login`.
pub fn restore(backup: &Path, target: &Path, login: &str) -> Result<Restored> {
    let aside = match put_back(backup, target) {
        Ok(aside) => aside,
        Err(e) => {
            audit_refusal(target, login, backup, &e);
            return Err(e);
        }
    };
    let detail = match &aside {
        Some(a) => format!(
            "restored from {}; previous file kept as {}",
            backup.display(),
            a.display()
        ),
        None => format!("restored from {}", backup.display()),
    };
    let mut conn = open::open_connection(target)?;
    let tx = conn.transaction()?;
    audit::record(
        &tx,
        &audit::AuditEntry {
            user: login,
            action: "restore",
            object: &format!("file:{}", backup.display()),
            outcome: "ok",
            detail: &detail,
        },
    )?;
    tx.commit()?;
    Ok(Restored { aside })
}

/// The restore without its audit: the previous file kept aside, if any.
fn put_back(backup: &Path, target: &Path) -> Result<Option<PathBuf>> {
    open::check_ours(backup)?;
    if let Ok(meta) = std::fs::metadata(target)
        && !meta.is_file()
    {
        return Err(StoreError::Unusable {
            path: target.to_path_buf(),
            why: if meta.is_dir() {
                Unusable::Directory
            } else {
                Unusable::NotAFile
            },
        });
    }
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned());
    sweep_stale_partials(&parent_dir(target), |prefix| Some(prefix) == name.as_deref());
    let partial = partial_path(target);
    remove_with_sidecars(&partial)?;
    let result = prepare_copy(backup, &partial).and_then(|()| {
        let aside = set_aside(target)?;
        remove_sidecars(target)?;
        std::fs::rename(&partial, target)?;
        sync_dir(&parent_dir(target))?;
        Ok(aside)
    });
    if result.is_err() {
        let _ = remove_with_sidecars(&partial);
    }
    result
}

/// Records a refused restore in the target database when it is one of ours
/// and can be written; best effort, the refusal itself is what the user sees.
fn audit_refusal(target: &Path, login: &str, backup: &Path, why: &StoreError) {
    if !matches!(open::check_ours(target), Ok(true)) {
        return;
    }
    let Ok(mut conn) = open::open_connection(target) else {
        return;
    };
    let Ok(tx) = conn.transaction() else {
        return;
    };
    let recorded = audit::record(
        &tx,
        &audit::AuditEntry {
            user: login,
            action: "restore",
            object: &format!("file:{}", backup.display()),
            outcome: "refused",
            detail: &why.to_string(),
        },
    );
    if recorded.is_ok() {
        let _ = tx.commit();
    }
}

/// Copies the backup's bytes to `partial` (0600) and checks the copy.
fn prepare_copy(backup: &Path, partial: &Path) -> Result<()> {
    {
        let mut from = File::open(backup)?;
        let mut to = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(partial)?;
        std::io::copy(&mut from, &mut to)?;
        to.sync_all()?;
    }
    let conn = Connection::open_with_flags(partial, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    let problems = integrity_problems(&conn).map_err(|_| StoreError::BadBackup(backup.to_path_buf()))?;
    if !problems.is_empty() {
        return Err(StoreError::BadBackup(backup.to_path_buf()));
    }
    let (found, supported) = (user_version(&conn)?, super::schema::latest_version());
    if found > supported {
        return Err(StoreError::NewerSchema { found, supported });
    }
    // The restored file is a live database again, not a backup.
    let copied = conn.pragma_update(None, "application_id", 0).map_err(StoreError::from);
    let copied = copied.map_err(|e| super::error::disk_full_or(&conn, e));
    copied?;
    conn.close().map_err(|(_, e)| e)?;
    File::open(partial)?.sync_all()?;
    Ok(())
}

/// Moves the current target aside, refusing while anyone has it open.
/// Every WAL connection holds a shared lock on the database file for as
/// long as it is open, so an exclusive lock taken here without waiting
/// proves nobody else is connected; committed pages still in its -wal are
/// folded into the file first so the kept copy is complete.
fn set_aside(target: &Path) -> Result<Option<PathBuf>> {
    use std::os::unix::fs::PermissionsExt;
    if !target.exists() {
        return Ok(None);
    }
    // A damaged file is what a restore is for; anything else that is not a
    // database (a typo in --db) is refused. The lock check works whatever
    // the schema version, so a newer database is checked too.
    let healthy = match open::check_ours(target) {
        Ok(_) | Err(StoreError::NewerSchema { .. }) => true,
        Err(StoreError::Unusable {
            why: Unusable::Damaged, ..
        }) => false,
        Err(e) => return Err(e),
    };
    let lock = if healthy {
        let conn = Connection::open_with_flags(target, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        let in_use = |e: rusqlite::Error| match StoreError::from(e) {
            StoreError::Busy => StoreError::InUse(target.to_path_buf()),
            other => other,
        };
        conn.pragma_update(None, "locking_mode", "EXCLUSIVE").map_err(in_use)?;
        conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;").map_err(in_use)?;
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if mode.eq_ignore_ascii_case("wal") {
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        Some(conn)
    } else {
        None
    };
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let aside = (1..)
        .map(|n| match n {
            1 => with_suffix(target, &format!(".before-restore-{stamp}")),
            n => with_suffix(target, &format!(".before-restore-{stamp}-{n}")),
        })
        .find(|p| !p.exists())
        .expect("an unused counter exists");
    std::fs::rename(target, &aside)?;
    std::fs::set_permissions(&aside, std::fs::Permissions::from_mode(0o600))?;
    // A log not folded in (a damaged file's) goes with it, under the name
    // SQLite looks for beside the kept file; an emptied one is removed below.
    for log in ["-wal", "-journal"] {
        let from = with_suffix(target, log);
        if std::fs::metadata(&from).is_ok_and(|m| m.len() > 0) {
            std::fs::rename(&from, with_suffix(&aside, log))?;
        }
    }
    drop(lock);
    Ok(Some(aside))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dated_names_sort_by_time_then_counter_and_nothing_else_matches() {
        let mut names = [
            "minqing-20261130-113005-2.db",
            "minqing-20261130-1130.db",
            "minqing-20261129-2359.db",
            "minqing-20261130-113005.db",
        ];
        names.sort_by_key(|n| dated_key(n));
        assert_eq!(
            names,
            [
                "minqing-20261129-2359.db",
                "minqing-20261130-1130.db",
                "minqing-20261130-113005.db",
                "minqing-20261130-113005-2.db",
            ]
        );
        for other in [
            "minqing-2026-1130.db",
            "minqing-20261130-1130.db.partial-7",
            "notes.db",
            "minqing-20261130-113.db",
        ] {
            assert_eq!(dated_key(other), None, "{other}");
        }
    }
}
