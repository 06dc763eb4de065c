//! SQLite storage. Every write goes through [`Store::write`], which opens an
//! IMMEDIATE transaction and records the acting user in the audit log.

pub mod accounts;
pub mod agenda_error;
pub mod analysis;
pub mod assessment;
pub mod audit;
pub mod backup;
pub mod cadres;
pub mod calendar_days;
pub mod changes;
mod codes;
pub mod counts;
mod dates;
pub mod decisions;
mod error;
pub mod export_folder;
pub mod files;
pub mod grids;
pub mod households;
pub mod import;
pub mod lookup;
pub mod meeting_ops;
pub mod meetings;
mod open;
pub mod register;
pub mod request_bulk;
pub mod request_edit;
mod request_filter_sql;
pub mod request_ops;
pub mod request_pages;
pub mod request_query;
pub mod request_stats;
pub mod request_views;
pub mod requests;
pub mod schema;
pub mod scope;
pub mod setup;
pub mod surveys;
pub mod topics;
pub mod visits;

pub use audit::{AuditEntry, ChainProblem, ChainReport, verify_chain};
pub use error::{Refusal, StoreError, Unusable, is_disk_full_errno};
pub use open::{check_not_network_share, check_ours, is_demo_database, open_connection};

use rusqlite::{Connection, OptionalExtension, Transaction};
use std::path::{Path, PathBuf};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The person working in this session; written into every audit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub login: String,
    pub display_name: String,
    /// The account's role; `None` for the operating-system session of
    /// `check` and `backup`, which is no account.
    pub role: Option<crate::domain::request::Role>,
    pub can_reveal: bool,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    actor: Actor,
}

impl Store {
    /// Opens (creating and migrating if needed) the database as `login`
    /// without a password. For tests, the demo township and code that has
    /// already authenticated; the program's entry points log in with
    /// [`Store::login`] (README "Accounts and roles"). An empty database
    /// makes this first user an administrator.
    pub fn open(path: &Path, login: &str) -> Result<Store> {
        let conn = open_connection(path)?;
        let actor = load_or_bootstrap_actor(&conn, login)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            actor,
        })
    }

    /// Opens an existing database for `check` and `backup`, which need no
    /// login (whoever can read the file has the data anyway): the session
    /// is the operating-system account, holds no permission, and is audited
    /// as `os:NAME`.
    pub fn open_os_user(path: &Path, os_login: &str) -> Result<Store> {
        let conn = open_connection(path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            actor: Actor {
                user_id: 0,
                login: format!("os:{os_login}"),
                display_name: os_login.to_string(),
                role: None,
                can_reveal: false,
            },
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Read access for queries. Reads never need a transaction of their own
    /// beyond SQLite's implicit one per statement.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in an IMMEDIATE transaction (the connection's default
    /// behaviour, see `open_connection`) and commits. `f` writes its own
    /// audit entries with [`Store::audit`] so the entry shares the outcome.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction, &Actor) -> Result<T>) -> Result<T> {
        let written = (|| {
            let tx = self.conn.transaction()?;
            let value = f(&tx, &self.actor)?;
            tx.commit()?;
            Ok(value)
        })();
        // A full disk reads the same whichever way the system refused.
        written.map_err(|e| error::disk_full_or(&self.conn, e))
    }

    /// Records an attempted action that failed, outside the failed
    /// transaction (which was rolled back), so refusals are audited too.
    pub fn audit_failure(&mut self, action: &str, object: &str, why: &str) -> Result<()> {
        let actor = self.actor.clone();
        self.write(|tx, _| {
            audit::record(
                tx,
                &AuditEntry {
                    user: &actor.login,
                    action,
                    object,
                    outcome: "refused",
                    detail: why,
                },
            )
        })
    }

    /// Appends an audit entry inside a running write transaction.
    pub fn audit(tx: &Transaction, actor: &Actor, action: &str, object: &str, detail: &str) -> Result<()> {
        audit::record(
            tx,
            &AuditEntry {
                user: &actor.login,
                action,
                object,
                outcome: "ok",
                detail,
            },
        )
    }

    /// Changes whenever another connection commits to the file; polled by
    /// the loader about every 500 ms (README, Architecture) to refresh.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// `PRAGMA integrity_check`: "ok" or the list of problems.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// Fails with [`StoreError::Conflict`] when a versioned save changed no row:
/// someone else saved first, and nothing of theirs may be overwritten.
pub fn expect_saved(changed: usize, object: &str) -> Result<()> {
    if changed == 0 {
        Err(StoreError::Conflict {
            object: object.to_string(),
        })
    } else {
        Ok(())
    }
}

/// Local time as stored: 'YYYY-MM-DD HH:MM:SS'.
pub fn now_text() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

fn load_or_bootstrap_actor(conn: &Connection, login: &str) -> Result<Actor> {
    let query = "SELECT id, login, display_name, role, disabled FROM users WHERE login = ?1";
    let load = |conn: &Connection| {
        conn.query_row(query, [login], |r| {
            Ok((
                accounts::actor(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?),
                r.get::<_, bool>(4)?,
            ))
        })
        .optional()
    };
    let checked = |found: Option<(Actor, bool)>| match found {
        Some((_, true)) => Err(StoreError::UserDisabled(login.to_string())),
        Some((actor, false)) => Ok(Some(actor)),
        None => Ok(None),
    };
    if let Some(actor) = checked(load(conn)?)? {
        return Ok(actor);
    }
    // Decide "is this the first user?" inside the IMMEDIATE transaction:
    // counted outside it, two first logins racing on a fresh file could
    // both become admin, or fail on the UNIQUE login.
    let tx = conn.unchecked_transaction()?;
    if let Some(actor) = checked(load(&tx)?)? {
        return Ok(actor); // someone bootstrapped this login meanwhile
    }
    let users: i64 = tx.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?;
    if users > 0 {
        return Err(StoreError::UnknownUser(login.to_string()));
    }
    tx.execute(
        "INSERT INTO users (login, display_name, role, can_reveal) VALUES (?1, ?1, 'admin', 1)",
        [login],
    )?;
    audit::record(
        &tx,
        &AuditEntry {
            user: login,
            action: "user.bootstrap",
            object: &format!("user:{login}"),
            outcome: "ok",
            detail: "first user of an empty database becomes admin",
        },
    )?;
    tx.commit()?;
    let (actor, _) = load(conn)?.expect("user inserted above");
    Ok(actor)
}

/// A numeric setting, or `default` when absent or unreadable.
pub fn setting_or<T: std::str::FromStr>(conn: &Connection, key: &str, default: T) -> Result<T> {
    let value: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
        .optional()?;
    Ok(value.and_then(|v| v.trim().parse().ok()).unwrap_or(default))
}
