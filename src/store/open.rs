//! Opening the database file: refuse network shares and anything that is not
//! ours, create it private (0600), set the pragmas (WAL, synchronous FULL,
//! foreign keys), and migrate.

use super::{Result, StoreError, Unusable, schema};
use rusqlite::{Connection, TransactionBehavior};
use std::io::Read;
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
    // Judge the path before changing anything: a directory, a stranger's
    // file or a newer database keeps its bytes and its mode (README
    // "Backups": touch only what is ours).
    let existing = check_ours(path)?;
    create_private(path, existing)?;
    let unusable = |e: StoreError| match e {
        StoreError::Sqlite(ref s)
            if matches!(
                s.sqlite_error_code(),
                Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
            ) =>
        {
            StoreError::Unusable {
                path: path.to_path_buf(),
                why: Unusable::Damaged,
            }
        }
        other => other,
    };
    let mut conn = Connection::open(path).map_err(StoreError::from).map_err(unusable)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    enable_wal(&conn, path).map_err(unusable)?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Statement and savepoint journals (a large import writes one page
    // per changed page, README "Performance") stay in memory: no register
    // pages land in the system's temp folder, and no write call per page.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    schema::migrate(&mut conn).map_err(unusable)?;
    restrict_sidecars(path)?;
    Ok(conn)
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Whether `path` may be opened as a minqing database: missing (we create
/// it), empty, or an SQLite file whose schema version this build knows.
/// Returns whether the file exists. Reads only the 100-byte header, so a
/// refusal changes nothing.
pub fn check_ours(path: &Path) -> Result<bool> {
    let refuse = |why| StoreError::Unusable {
        path: path.to_path_buf(),
        why,
    };
    let io = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::PermissionDenied => refuse(Unusable::PermissionDenied),
        _ => StoreError::from(e),
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(io(e)),
    };
    if meta.is_dir() {
        return Err(refuse(Unusable::Directory));
    }
    if !meta.is_file() {
        return Err(refuse(Unusable::NotAFile));
    }
    // Opening for writing changes nothing but tells whether we may write.
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .map_err(io)?;
    let mut header = Vec::with_capacity(100);
    std::io::Read::by_ref(&mut file)
        .take(100)
        .read_to_end(&mut header)
        .map_err(io)?;
    // A -wal or hot -journal may still complete the file: a checkpoint
    // killed after writing page 1 leaves it shorter than its header says
    // until the next open replays the log. Only a file without one is judged
    // by the page count in its header.
    let log = ["-wal", "-journal"]
        .iter()
        .any(|s| super::files::with_suffix(path, s).exists());
    match header_verdict(&header, meta.len(), !log) {
        Verdict::Empty => Ok(true),
        Verdict::Refuse(why) => Err(refuse(why)),
        Verdict::Version(found) => {
            let supported = schema::latest_version();
            if found > supported {
                Err(StoreError::NewerSchema { found, supported })
            } else {
                Ok(true)
            }
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    /// A 0-byte file: SQLite treats it as a new database.
    Empty,
    Refuse(Unusable),
    /// `user_version` from the header.
    Version(i64),
}

/// Judges a database file by its first (up to) 100 bytes and its length,
/// following the SQLite file format's header layout; `whole` says no log
/// beside it can still add pages.
fn header_verdict(header: &[u8], len: u64, whole: bool) -> Verdict {
    if len == 0 {
        return Verdict::Empty;
    }
    let magic_len = header.len().min(SQLITE_MAGIC.len());
    if header[..magic_len] != SQLITE_MAGIC[..magic_len] {
        return Verdict::Refuse(Unusable::NotADatabase);
    }
    if header.len() < 100 {
        return Verdict::Refuse(Unusable::Damaged);
    }
    let be32 = |at: usize| u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]]);
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65536,
        n if n >= 512 && n.is_power_of_two() => u64::from(n),
        _ => return Verdict::Refuse(Unusable::Damaged),
    };
    // The page count in the header is valid when its "version-valid-for"
    // matches the change counter; a file shorter than that was cut off.
    let pages = u64::from(be32(28));
    let declared_valid = whole && be32(92) == be32(24) && pages > 0;
    if !len.is_multiple_of(page_size) || (declared_valid && len < pages * page_size) {
        return Verdict::Refuse(Unusable::Damaged);
    }
    Verdict::Version(i64::from(be32(60) as i32))
}

/// Whether `path` holds a demo township (the `demo` setting written by the
/// demo generator, or its audit entry in files made before that setting),
/// judged without writing: `demo --fresh` may replace only such a file.
pub fn is_demo_database(path: &Path) -> Result<bool> {
    check_ours(path)?;
    // Read-write without CREATE and with no journal switch: a read-only
    // connection would leave -wal/-shm behind, this one removes them on close.
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let demo: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM settings WHERE key = 'demo' AND value = '1') \
             OR EXISTS (SELECT 1 FROM audit_log WHERE action = 'demo.generate')",
        [],
        |r| r.get(0),
    )?;
    Ok(demo)
}

/// Creates the file with mode 0600 before SQLite opens it; SQLite then gives
/// the -wal and -shm files the same mode. An existing file (already judged
/// ours by `check_ours`) is tightened to 0600.
fn create_private(path: &Path, existing: bool) -> Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let denied = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::PermissionDenied => StoreError::Unusable {
            path: path.to_path_buf(),
            why: Unusable::PermissionDenied,
        },
        _ => StoreError::from(e),
    };
    if existing {
        let mode = std::fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(denied)?;
        }
        return Ok(());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(denied)?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
        .map_err(denied)?;
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

    fn header(version: i32, page_size: u16, pages: u32) -> Vec<u8> {
        let mut h = vec![0u8; 100];
        h[..16].copy_from_slice(SQLITE_MAGIC);
        h[16..18].copy_from_slice(&page_size.to_be_bytes());
        h[24..28].copy_from_slice(&7u32.to_be_bytes());
        h[28..32].copy_from_slice(&pages.to_be_bytes());
        h[60..64].copy_from_slice(&version.to_be_bytes());
        h[92..96].copy_from_slice(&7u32.to_be_bytes());
        h
    }

    #[test]
    fn the_header_tells_database_text_truncation_and_version_apart() {
        assert_eq!(header_verdict(&[], 0, true), Verdict::Empty);
        assert_eq!(
            header_verdict(b"name,phone\n", 11, true),
            Verdict::Refuse(Unusable::NotADatabase)
        );
        assert_eq!(
            header_verdict(b"SQLite for", 10, true),
            Verdict::Refuse(Unusable::Damaged)
        );
        assert_eq!(header_verdict(&header(4, 4096, 3), 3 * 4096, true), Verdict::Version(4));
        assert_eq!(
            header_verdict(&header(4, 4096, 3), 1000, true),
            Verdict::Refuse(Unusable::Damaged)
        );
        assert_eq!(
            header_verdict(&header(4, 4096, 3), 2 * 4096, true),
            Verdict::Refuse(Unusable::Damaged),
            "shorter than the header's page count"
        );
        assert_eq!(
            header_verdict(&header(4, 4096, 3), 2 * 4096, false),
            Verdict::Version(4),
            "a log beside it may still add the missing pages"
        );
        assert_eq!(header_verdict(&header(9, 1, 1), 65536, true), Verdict::Version(9));
        assert_eq!(
            header_verdict(&header(4, 1000, 1), 1000, true),
            Verdict::Refuse(Unusable::Damaged)
        );
    }

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
