//! Online backup, never a file copy. A plain copy of a WAL
//! database can miss committed pages still in -wal, or catch a torn state;
//! the backup API copies one consistent snapshot while others keep writing.

use super::{Result, Store, StoreError};
use rusqlite::Connection;
use rusqlite::backup::{Backup, StepResult};
use std::fs::{File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// Writes a consistent copy of the database to `dest` (mode 0600), replacing
/// an older file there, and audits the attempt either way.
pub fn backup_to(store: &mut Store, dest: &Path) -> Result<()> {
    let object = format!("file:{}", dest.display());
    match copy_snapshot(store, dest) {
        Ok(()) => store.write(|tx, actor| Store::audit(tx, actor, "backup", &object, "online backup, step(-1)")),
        Err(e) => {
            // The backup error is what the user needs; a failing audit
            // write (e.g. disk full) must not hide it.
            let _ = store.audit_failure("backup", &object, &e.to_string());
            Err(e)
        }
    }
}

fn copy_snapshot(store: &Store, dest: &Path) -> Result<()> {
    if let (Ok(live), Ok(target)) = (store.path().canonicalize(), dest.canonicalize())
        && live == target
    {
        return Err(StoreError::Invalid(
            "a backup cannot overwrite the database itself".to_string(),
        ));
    }
    // Build the copy beside the target and rename it into place, so a failed
    // or interrupted backup never leaves a half-written file under the
    // backup's name (nor destroys the previous good one).
    let partial = partial_path(dest);
    let _ = std::fs::remove_file(&partial); // leftover of an interrupted run
    let result = write_partial(store.conn(), &partial).and_then(|()| {
        std::fs::rename(&partial, dest)?;
        sync_parent(dest)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
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
    // journal so it is one self-contained file that opens without -wal/-shm.
    dst.pragma_update(None, "journal_mode", "DELETE")?;
    dst.close().map_err(|(_, e)| e)?;
    File::open(partial)?.sync_all()?;
    Ok(())
}

fn partial_path(dest: &Path) -> PathBuf {
    let mut name = dest.as_os_str().to_owned();
    name.push(format!(".partial-{}", std::process::id()));
    PathBuf::from(name)
}

/// Makes the rename durable.
fn sync_parent(dest: &Path) -> Result<()> {
    let dir = dest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    File::open(dir)?.sync_all()?;
    Ok(())
}
