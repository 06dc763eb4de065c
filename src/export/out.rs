//! Where exports go and how they are written (README "Exports"): one
//! folder for everything, an existing file never overwritten (a numbered
//! name instead), files 0600 built under a temporary name so a failed
//! write (disk full) leaves no empty or partial file.

use rusqlite::Connection;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The default export folder: a visible `minqing-exports` in the user's
/// documents folder (the home folder when there is none).
pub fn default_dir() -> PathBuf {
    let docs = directories::UserDirs::new().and_then(|u| {
        u.document_dir()
            .map(Path::to_path_buf)
            .or_else(|| Some(u.home_dir().to_path_buf()))
    });
    docs.unwrap_or_else(|| PathBuf::from(".")).join("minqing-exports")
}

/// The export folder: the clerk's settings file (`export_folder`, README
/// "The settings file"), else the office's `export_dir` setting, else the
/// default.
pub fn folder(conn: &Connection) -> PathBuf {
    if let Ok(crate::config::Config {
        export_folder: Some(dir),
        ..
    }) = crate::config::current()
    {
        return dir.clone();
    }
    crate::store::export_folder::get(conn)
        .ok()
        .flatten()
        .unwrap_or_else(default_dir)
}

/// Where an export named `name` goes: `output` (a file, or a folder to
/// put it in), else `out_dir`, else the office's export folder.
pub fn place(conn: &Connection, output: Option<&Path>, out_dir: Option<&Path>, name: &str) -> PathBuf {
    match (output, out_dir) {
        (Some(o), _) if o.is_dir() => o.join(name),
        (Some(o), _) => o.to_path_buf(),
        (None, Some(d)) => d.join(name),
        (None, None) => folder(conn).join(name),
    }
}

/// `name (2).ext`, `name (3).ext`, … for `path`: the candidates after `path`.
fn numbered(path: &Path, n: usize) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    path.with_file_name(format!("{stem} ({n}){ext}"))
}

/// Writes `bytes` as a new file at `path` or, when that exists, at the
/// first free numbered name; returns the name used. See [`write_new_via`].
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    write_new_via(path, bytes, crate::store::files::write_private)
}

/// As [`write_new`], with `write` building the staging file (it must leave
/// nothing behind when it fails, as `files::write_private` does). The
/// staged file is hard-linked to the final name, which fails rather than
/// replace a file that appeared meanwhile; on file systems without hard
/// links it is renamed when the name is still free.
pub fn write_new_via(
    path: &Path,
    bytes: &[u8],
    write: impl Fn(&Path, &[u8]) -> std::io::Result<()>,
) -> std::io::Result<PathBuf> {
    let dir = crate::store::files::parent_dir(path);
    std::fs::create_dir_all(&dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = dir.join(format!(".{name}.export-{}", std::process::id()));
    let cleanup = |e: std::io::Error| {
        let _ = std::fs::remove_file(&staging);
        e
    };
    write(&staging, bytes).map_err(cleanup)?;
    let mut candidate = path.to_path_buf();
    for n in 2.. {
        match std::fs::hard_link(&staging, &candidate) {
            Ok(()) => break,
            Err(e) if e.kind() == ErrorKind::AlreadyExists => candidate = numbered(path, n),
            Err(_) if !candidate.exists() => {
                // No hard links here (a FAT stick): rename while the name is free.
                std::fs::rename(&staging, &candidate).map_err(cleanup)?;
                break;
            }
            Err(e) => return Err(cleanup(e)),
        }
    }
    let _ = std::fs::remove_file(&staging);
    let _ = crate::store::files::sync_dir(&dir);
    Ok(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_names_never_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("诉求.xlsx");
        assert_eq!(write_new(&path, b"one").unwrap(), path);
        let second = write_new(&path, b"two").unwrap();
        assert_eq!(second, dir.path().join("诉求 (2).xlsx"));
        assert_eq!(write_new(&path, b"three").unwrap(), dir.path().join("诉求 (3).xlsx"));
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        assert_eq!(std::fs::read(&second).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 3, "no staging file is left");
    }

    #[test]
    fn a_failed_write_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.xlsx");
        // A disk that fills half-way: the writer wrote part, then failed.
        let full = |p: &Path, b: &[u8]| {
            std::fs::write(p, &b[..b.len() / 2])?;
            Err(std::io::Error::new(ErrorKind::StorageFull, "No space left on device"))
        };
        let err = write_new_via(&path, b"0123456789", full).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::StorageFull);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
