//! Opening the database file: refuse network shares, create it private
//! (0600), set the pragmas (WAL, synchronous FULL, foreign keys), and migrate.

use super::{Result, StoreError, schema};
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;
use std::time::{Duration, Instant};

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// File systems on which WAL's shared-memory index does not work across
/// hosts. A database there is refused rather than silently corrupted.
const NETWORK_FS: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "fuse.sshfs",
    "9p",
    "afs",
    "ceph",
    "glusterfs",
    "davfs",
    "fuse.rclone",
];

pub fn open_connection(path: &Path) -> Result<Connection> {
    check_not_network_share(path)?;
    create_private(path)?;
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    enable_wal(&conn, path)?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    schema::migrate(&mut conn)?;
    restrict_sidecars(path)?;
    Ok(conn)
}

/// Creates the file with mode 0600 before SQLite opens it; SQLite then gives
/// the -wal and -shm files the same mode.
fn create_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if path.exists() {
        let mode = std::fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        }
        return Ok(());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)?;
    Ok(())
}

/// Switches the file to WAL. The switch needs an exclusive lock and SQLite
/// reports SQLITE_BUSY for it *without* calling the busy handler, so when
/// several clerks open a fresh file at once it is retried here, within the
/// same budget as busy_timeout.
fn enable_wal(conn: &Connection, path: &Path) -> Result<()> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0)) {
            // SQLite answers with the mode it actually got; it silently stays
            // in rollback mode where WAL is impossible.
            Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(mode) => {
                return Err(StoreError::Invalid(format!(
                    "{} cannot use WAL journaling (got {mode})",
                    path.display()
                )));
            }
            Err(e) => match StoreError::from(e) {
                StoreError::Busy if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                other => return Err(other),
            },
        }
    }
}

fn restrict_sidecars(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    for suffix in ["-wal", "-shm"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        let side = Path::new(&side);
        if side.exists() {
            std::fs::set_permissions(side, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

/// Refuses a path whose mount (longest matching prefix in /proc/mounts) is a
/// network file system.
pub fn check_not_network_share(path: &Path) -> Result<()> {
    let Ok(mounts) = std::fs::read_to_string("/proc/mounts") else {
        return Ok(()); // not Linux: nothing to inspect
    };
    let Some(dir) = nearest_existing(path) else {
        return Ok(());
    };
    if let Some(fstype) = fs_type_of(&mounts, &dir)
        && NETWORK_FS
            .iter()
            .any(|n| fstype == *n || fstype.starts_with(&format!("{n}.")))
    {
        return Err(StoreError::NetworkShare {
            path: path.to_path_buf(),
            fstype,
        });
    }
    Ok(())
}

/// The canonical form of `path` (following a symlinked database file), or of
/// its nearest existing ancestor: `create_private` makes missing directories,
/// and they land on the ancestor's file system, which may be a share.
fn nearest_existing(path: &Path) -> Option<std::path::PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    absolute.ancestors().find_map(|p| p.canonicalize().ok())
}

/// The file system type of the mount that contains `dir`.
fn fs_type_of(mounts: &str, dir: &Path) -> Option<String> {
    mounts
        .lines()
        .filter_map(|line| {
            let mut f = line.split_whitespace();
            let _dev = f.next()?;
            let point = f.next()?.replace("\\040", " ");
            let fstype = f.next()?;
            dir.starts_with(&point).then(|| (point.len(), fstype.to_string()))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, t)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_mount_prefix_decides_the_type() {
        let mounts = "/dev/vda / ext4 rw 0 0\nserver:/share /mnt/office nfs4 rw 0 0\n";
        assert_eq!(
            fs_type_of(mounts, Path::new("/mnt/office/data")).as_deref(),
            Some("nfs4")
        );
        assert_eq!(fs_type_of(mounts, Path::new("/home/clerk")).as_deref(), Some("ext4"));
        assert_eq!(
            fs_type_of(mounts, Path::new("/mnt/office2/x")).as_deref(),
            Some("ext4"),
            "prefix is by path component, not by string"
        );
    }

    #[test]
    fn missing_directories_are_judged_by_their_existing_ancestor() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b/c/minqing.db");
        assert_eq!(nearest_existing(&deep), Some(dir.path().canonicalize().unwrap()));
    }
}
