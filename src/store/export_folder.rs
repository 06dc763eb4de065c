//! The office's export folder setting (README "Exports"): one folder for
//! every export, `minqing-exports` in the user's documents folder unless an
//! administrator sets another (`minqing export folder DIR`, or the 设置 pane).

use super::{Result, Store};
use crate::domain::accounts::Permission;
use rusqlite::{Connection, OptionalExtension};
use std::path::{Path, PathBuf};

/// The `settings` key holding the folder.
pub const KEY: &str = "export_dir";

/// The configured folder, if an administrator set one.
pub fn get(conn: &Connection) -> Result<Option<PathBuf>> {
    let value: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [KEY], |r| r.get(0))
        .optional()?;
    Ok(value.filter(|v| !v.trim().is_empty()).map(PathBuf::from))
}

/// Sets the folder (`None` goes back to the default); administrators only,
/// audited with the old and new value.
pub fn set(store: &mut Store, dir: Option<&Path>) -> Result<()> {
    store.require(Permission::EditSettings, "settings:export_dir")?;
    let old = get(store.conn())?;
    store.write(|tx, actor| {
        match dir {
            Some(d) => tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                rusqlite::params![KEY, d.to_string_lossy()],
            )?,
            None => tx.execute("DELETE FROM settings WHERE key = ?1", [KEY])?,
        };
        let show = |p: Option<&Path>| p.map_or_else(|| "(default)".to_string(), |p| p.display().to_string());
        Store::audit(
            tx,
            actor,
            "settings.export_dir",
            "settings:export_dir",
            &format!("{} -> {}", show(old.as_deref()), show(dir)),
        )
    })
}
