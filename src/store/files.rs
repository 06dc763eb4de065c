//! Files the office writes out of the database (exports, visit plans,
//! backups): personal data, so private to the user (mode 0600) like the
//! database. Each is built beside its target under a `.partial-PID` name and
//! renamed into place, so a full disk or a killed process never leaves a
//! half-written or empty file under the real name (README "Backups").

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` with mode 0600, replacing an older file there,
/// synced to disk. On failure `path` is as it was and no temporary is left.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let name = file_name(path);
    sweep_stale_partials(&parent_dir(path), |prefix| prefix == name);
    let partial = partial_path(path);
    let written = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&partial)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&partial, path)?;
        sync_dir(&parent_dir(path))
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}

/// `path` with `suffix` appended to its file name (`-wal`, `.partial-7`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// This process's temporary name for a file being built for `path`.
pub fn partial_path(path: &Path) -> PathBuf {
    with_suffix(path, &format!(".partial-{}", std::process::id()))
}

/// The directory holding `path` ("." for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Makes a rename in `dir` durable.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Removes `<prefix>.partial-<pid>` files (and their `-journal`) in `dir`
/// left by minqing processes that no longer run (killed mid-write), for
/// every prefix `ours` accepts. Best effort: a file that cannot be removed
/// stays for the next run.
pub fn sweep_stale_partials(dir: &Path, ours: impl Fn(&str) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some((prefix, pid)) = partial_of(&name)
            && ours(prefix)
            && pid != std::process::id()
            && !process_alive(pid)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Splits `X.partial-PID` or `X.partial-PID-journal` into (X, PID).
fn partial_of(name: &str) -> Option<(&str, u32)> {
    let (prefix, rest) = name.rsplit_once(".partial-")?;
    let digits = rest.strip_suffix("-journal").unwrap_or(rest);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((prefix, digits.parse().ok()?))
}

/// Whether process `pid` runs (Linux /proc). Without /proc nothing is
/// judged dead, so nothing is removed.
fn process_alive(pid: u32) -> bool {
    !Path::new("/proc/self").exists() || Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn replaces_a_world_readable_file_and_makes_it_private() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("plan.csv");
        std::fs::write(&path, "old").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        write_private(&path, "新内容".as_bytes()).expect("write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "新内容");
        assert_eq!(
            std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777,
            0o600
        );
    }

    #[test]
    fn partial_names_are_recognised_exactly() {
        assert_eq!(partial_of("b.db.partial-123"), Some(("b.db", 123)));
        assert_eq!(partial_of("b.db.partial-123-journal"), Some(("b.db", 123)));
        assert_eq!(partial_of("b.db.partial-"), None);
        assert_eq!(partial_of("b.db.partial-12x"), None);
        assert_eq!(partial_of("notes.txt"), None);
    }

    #[test]
    fn stale_partials_of_dead_processes_are_swept_and_nothing_else() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A pid above the kernel's maximum (4194304) never runs.
        let dead = dir.path().join("plan.csv.partial-99999999");
        let mine = partial_path(&dir.path().join("plan.csv"));
        let other = dir.path().join("other.csv.partial-99999999");
        let keep = dir.path().join("plan.csv");
        for f in [&dead, &mine, &other, &keep] {
            std::fs::write(f, "x").expect("write");
        }
        sweep_stale_partials(dir.path(), |p| p == "plan.csv");
        assert!(!dead.exists());
        assert!(mine.exists(), "this process's own file is in use");
        assert!(other.exists() && keep.exists());
    }
}
