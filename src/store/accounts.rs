//! Accounts (README "Accounts and roles"): argon2id password hashes with
//! their parameters, the lockout after failed logins counted in the
//! database (so every terminal shares it), user administration, and the
//! one permission check every guarded store call goes through.

use super::{Actor, Result, Store, StoreError, audit};
use crate::domain::accounts::{PasswordProblem, Permission, check_password, may, roles_with};
use crate::domain::request::Role;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{Duration, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension};
use std::path::Path;

/// Failed logins in a row that lock an account.
pub const MAX_FAILURES: i64 = 5;
/// How long a locked account stays locked.
pub const LOCK_MINUTES: i64 = 15;

/// Why a login was refused. The wording never tells an unknown login from
/// a wrong password.
#[derive(Debug)]
pub enum LoginError {
    /// Unknown login or wrong password.
    BadCredentials,
    /// Too many failures; locked until this local time.
    Locked {
        until: NaiveDateTime,
    },
    Disabled,
    /// The account has no password yet (made before accounts existed).
    NoPassword,
    Store(StoreError),
}

impl From<StoreError> for LoginError {
    fn from(e: StoreError) -> Self {
        LoginError::Store(e)
    }
}

impl From<rusqlite::Error> for LoginError {
    fn from(e: rusqlite::Error) -> Self {
        LoginError::Store(e.into())
    }
}

/// Account refusals the user must understand (turned into a sentence by
/// `i18n::store_error`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountError {
    WeakPassword(PasswordProblem),
    /// The session's role may not do this; `roles` may.
    NotPermitted {
        permission: Permission,
        roles: Vec<Role>,
    },
    LoginTaken(String),
    /// Disabling or demoting the only active administrator.
    LastAdmin,
    /// `create_first_admin` on a database that has users.
    NotEmpty,
    /// An idle lock outside [`IDLE_LOCK_RANGE`] minutes.
    IdleLockRange(u32),
    /// A cadre account asked for a household outside their grids.
    OutsideScope,
    /// A cadre account read or acted on a request neither assigned to it
    /// nor placed in its grids; its assignee, that grid's cadre and
    /// `roles` may.
    RequestOutsideScope {
        roles: Vec<Role>,
    },
    /// A cadre account logged a request for a household (or an outside
    /// caller) outside its grids; that grid's cadre and `roles` may.
    NewRequestOutsideScope {
        roles: Vec<Role>,
    },
    /// A cadre account opened a meeting that discusses none of its topics
    /// and that its cadre neither chairs, presents at nor attends; `roles`
    /// may.
    MeetingOutsideScope {
        roles: Vec<Role>,
    },
}

impl std::fmt::Display for AccountError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

/// A password that passes the policy, hashed with argon2id; the PHC string
/// carries the salt and the parameters.
pub fn hash_password(password: &str) -> Result<String> {
    check_password(password).map_err(|p| StoreError::Account(AccountError::WeakPassword(p)))?;
    // rand's thread RNG is a CSPRNG seeded from the operating system.
    let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())
        .map_err(|e| StoreError::Invalid(format!("password salt: {e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Invalid(format!("password hash: {e}")))
}

fn verify(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// Whether the database has no user yet: the first start must then create
/// the administrator (nobody becomes admin by arriving first).
pub fn has_users(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT count(*) FROM users", [], |r| r.get::<_, i64>(0))? > 0)
}

struct UserRow {
    actor: Actor,
    hash: Option<String>,
    disabled: bool,
    failures: i64,
    locked_until: Option<NaiveDateTime>,
}

fn load_user(conn: &Connection, login: &str) -> Result<Option<UserRow>> {
    Ok(conn
        .query_row(
            "SELECT id, login, display_name, role, disabled, password_hash, failed_logins, locked_until
             FROM users WHERE login = ?1",
            [login],
            |r| {
                Ok(UserRow {
                    actor: actor(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?),
                    disabled: r.get(4)?,
                    hash: r.get(5)?,
                    failures: r.get(6)?,
                    locked_until: r
                        .get::<_, Option<String>>(7)?
                        .and_then(|t| NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S").ok()),
                })
            },
        )
        .optional()?)
}

/// The session's actor; what it may reveal follows from its role alone.
pub(super) fn actor(user_id: i64, login: String, display_name: String, role: Role) -> Actor {
    let can_reveal = may(role, Permission::Reveal);
    Actor {
        user_id,
        login,
        display_name,
        role: Some(role),
        can_reveal,
    }
}

fn record(conn: &Connection, login: &str, action: &str, outcome: &str, detail: &str) -> Result<()> {
    audit::record(
        conn,
        &audit::AuditEntry {
            user: login,
            action,
            object: &format!("user:{login}"),
            outcome,
            detail,
        },
    )
}

/// Checks `password` for `login` at local time `now`, counting failures in
/// the database inside one IMMEDIATE transaction, and audits the outcome.
pub fn authenticate(conn: &Connection, login: &str, password: &str, now: NaiveDateTime) -> Result<Actor, LoginError> {
    check_password_as(conn, login, password, now, "login")
}

/// [`authenticate`] audited as `action` ("login", or "unlock" on the lock
/// screen); both count towards the same lockout.
fn check_password_as(
    conn: &Connection,
    login: &str,
    password: &str,
    now: NaiveDateTime,
    action: &str,
) -> Result<Actor, LoginError> {
    let tx = conn.unchecked_transaction()?;
    let Some(user) = load_user(&tx, login)? else {
        record(&tx, login, action, "refused", "unknown login")?;
        tx.commit()?;
        return Err(LoginError::BadCredentials);
    };
    let refused = |why: &str, err: LoginError| -> Result<Actor, LoginError> {
        record(&tx, login, action, "refused", why)?;
        Err(err)
    };
    let result = if user.disabled {
        refused("disabled", LoginError::Disabled)
    } else if let Some(until) = user.locked_until.filter(|u| *u > now) {
        refused("locked", LoginError::Locked { until })
    } else if user.hash.is_none() {
        refused("no password set", LoginError::NoPassword)
    } else if !verify(user.hash.as_deref().unwrap_or_default(), password) {
        // A lock that has run out starts a fresh count.
        let failures = if user.locked_until.is_some() {
            1
        } else {
            user.failures + 1
        };
        let lock = (failures >= MAX_FAILURES).then(|| now + Duration::minutes(LOCK_MINUTES));
        tx.execute(
            "UPDATE users SET failed_logins = ?1, locked_until = ?2 WHERE id = ?3",
            rusqlite::params![
                if lock.is_some() { 0 } else { failures },
                lock.map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()),
                user.actor.user_id
            ],
        )?;
        match lock {
            Some(until) => refused("wrong password; account locked", LoginError::Locked { until }),
            None => refused("wrong password", LoginError::BadCredentials),
        }
    } else {
        tx.execute(
            "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?1",
            [user.actor.user_id],
        )?;
        record(&tx, login, action, "ok", "")?;
        Ok(user.actor)
    };
    tx.commit()?;
    result
}

/// The settings key of the idle lock, in minutes (README "Accounts and
/// roles"); the set-up pane edits it with [`Store::set_idle_lock_minutes`].
pub const IDLE_LOCK_KEY: &str = "idle_lock_minutes";
/// The idle lock when the office has not set one.
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 10;
/// The idle lock an office may choose: a screen must lock at some point.
pub const IDLE_LOCK_RANGE: std::ops::RangeInclusive<u32> = 1..=60;

/// Minutes of no input after which the TUI locks.
pub fn idle_lock_minutes(conn: &Connection) -> Result<u32> {
    let minutes = super::setting_or(conn, IDLE_LOCK_KEY, DEFAULT_IDLE_LOCK_MINUTES)?;
    Ok(if IDLE_LOCK_RANGE.contains(&minutes) {
        minutes
    } else {
        DEFAULT_IDLE_LOCK_MINUTES
    })
}

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub login: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub password: &'a str,
    pub cadre_id: Option<i64>,
}

/// One row of `minqing user list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub login: String,
    pub display_name: String,
    pub role: Role,
    pub disabled: bool,
    pub locked_until: Option<String>,
    pub has_password: bool,
}

/// What an administrator changes about an account.
#[derive(Debug, Clone)]
pub enum UserChange<'a> {
    Password(&'a str),
    Disabled(bool),
    Role(Role),
}

impl Store {
    /// Opens the database and logs in with a password.
    pub fn login(path: &Path, login: &str, password: &str) -> Result<Store, LoginError> {
        let conn = super::open_connection(path)?;
        let now = chrono::Local::now().naive_local();
        let actor = authenticate(&conn, login, password, now)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            actor,
        })
    }

    /// The lock screen: checks the session's own password again. Failures
    /// count towards the same lockout as logins, and a disabled or locked
    /// account stays shut.
    pub fn unlock(&mut self, password: &str, now: NaiveDateTime) -> Result<(), LoginError> {
        check_password_as(&self.conn, &self.actor.login, password, now, "unlock").map(|_| ())
    }

    /// Minutes of no input after which the TUI locks ([`idle_lock_minutes`]).
    pub fn idle_lock_minutes(&self) -> Result<u32> {
        idle_lock_minutes(&self.conn)
    }

    /// Sets the idle lock (an office setting: admin only; audited).
    pub fn set_idle_lock_minutes(&mut self, minutes: u32) -> Result<()> {
        self.require(Permission::EditSettings, &format!("setting:{IDLE_LOCK_KEY}"))?;
        if !IDLE_LOCK_RANGE.contains(&minutes) {
            return Err(StoreError::Account(AccountError::IdleLockRange(minutes)));
        }
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                rusqlite::params![IDLE_LOCK_KEY, minutes.to_string()],
            )?;
            Store::audit(
                tx,
                actor,
                "settings.change",
                &format!("setting:{IDLE_LOCK_KEY}"),
                &minutes.to_string(),
            )
        })
    }

    /// Creates the first administrator of an empty database and logs in as
    /// them; refused once any user exists.
    pub fn create_first_admin(path: &Path, new: &NewUser) -> Result<Store> {
        let conn = super::open_connection(path)?;
        let hash = hash_password(new.password)?;
        let tx = conn.unchecked_transaction()?;
        // Decided inside the IMMEDIATE transaction: two first starts racing
        // cannot both become admin.
        if has_users(&tx)? {
            return Err(StoreError::Account(AccountError::NotEmpty));
        }
        tx.execute(
            "INSERT INTO users (login, display_name, role, password_hash, can_reveal) VALUES (?1, ?2, 'admin', ?3, 1)",
            rusqlite::params![new.login, new.display_name, hash],
        )?;
        record(&tx, new.login, "user.first_admin", "ok", "")?;
        tx.commit()?;
        let user = load_user(&conn, new.login)?.expect("inserted above");
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            actor: user.actor,
        })
    }

    /// Refuses (and audits the refusal) unless the session's role holds
    /// `permission`. The one place guarded actions are checked.
    pub fn require(&mut self, permission: Permission, object: &str) -> Result<()> {
        let role = self.actor.role.unwrap_or(Role::Clerk);
        if may(role, permission) {
            return Ok(());
        }
        let name: &'static str = permission.into();
        // The log says who may, as the refusal on screen does.
        let roles: Vec<&str> = roles_with(permission).iter().map(|r| r.code()).collect();
        let why = format!("needs {name}: {}", roles.join(" or "));
        // The refusal is what the user needs to hear; an audit write that
        // fails (disk full) must not hide it.
        let _ = self.audit_failure(&format!("permission.{name}"), object, &why);
        Err(StoreError::Account(AccountError::NotPermitted {
            permission,
            roles: roles_with(permission),
        }))
    }

    pub fn add_user(&mut self, new: &NewUser) -> Result<()> {
        self.require(Permission::ManageUsers, &format!("user:{}", new.login))?;
        let hash = hash_password(new.password)?;
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO users (login, display_name, role, password_hash, cadre_id) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![new.login, new.display_name, new.role.code(), hash, new.cadre_id],
            )
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::ConstraintViolation) => {
                    StoreError::Account(AccountError::LoginTaken(new.login.to_string()))
                }
                _ => StoreError::from(e),
            })?;
            let detail = format!("role {}", new.role.code());
            Store::audit(tx, actor, "user.add", &format!("user:{}", new.login), &detail)
        })
    }

    /// Changes an account. Anyone may change their own password; everything
    /// else needs `ManageUsers`. The last active admin cannot be disabled or
    /// demoted (the office would be locked out of its own settings).
    pub fn change_user(&mut self, login: &str, change: UserChange) -> Result<()> {
        let own_password = matches!(change, UserChange::Password(_)) && login == self.actor.login;
        if !own_password {
            self.require(Permission::ManageUsers, &format!("user:{login}"))?;
        }
        let hash = match change {
            UserChange::Password(p) => Some(hash_password(p)?),
            _ => None,
        };
        self.write(|tx, actor| {
            let Some(user) = load_user(tx, login)? else {
                return Err(StoreError::UnknownUser(login.to_string()));
            };
            let id = user.actor.user_id;
            let demotes = match change {
                UserChange::Disabled(true) => true,
                UserChange::Role(r) => r != Role::Admin,
                _ => false,
            };
            if demotes && user.actor.role == Some(Role::Admin) && !user.disabled {
                keep_an_admin(tx)?;
            }
            let what = match change {
                UserChange::Password(_) => {
                    tx.execute(
                        "UPDATE users SET password_hash = ?2, failed_logins = 0, locked_until = NULL, version = version + 1 WHERE id = ?1",
                        rusqlite::params![id, hash],
                    )?;
                    "password".to_string()
                }
                UserChange::Disabled(disabled) => {
                    tx.execute(
                        "UPDATE users SET disabled = ?2, failed_logins = 0, locked_until = NULL, version = version + 1 WHERE id = ?1",
                        rusqlite::params![id, disabled],
                    )?;
                    if disabled { "disabled" } else { "enabled" }.to_string()
                }
                UserChange::Role(r) => {
                    tx.execute(
                        "UPDATE users SET role = ?2, version = version + 1 WHERE id = ?1",
                        rusqlite::params![id, r.code()],
                    )?;
                    format!("role {}", r.code())
                }
            };
            Store::audit(tx, actor, "user.change", &format!("user:{login}"), &what)
        })
    }

    pub fn list_users(&mut self) -> Result<Vec<UserSummary>> {
        self.require(Permission::ManageUsers, "users")?;
        let mut stmt = self.conn.prepare(
            "SELECT login, display_name, role, disabled, locked_until, password_hash IS NOT NULL FROM users ORDER BY login",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(UserSummary {
                login: r.get(0)?,
                display_name: r.get(1)?,
                role: r.get(2)?,
                disabled: r.get(3)?,
                locked_until: r.get(4)?,
                has_password: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// Refuses to demote or disable the last active administrator (the
/// office would be locked out of its own settings).
pub(super) fn keep_an_admin(tx: &Connection) -> Result<()> {
    let admins: i64 = tx.query_row(
        "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0",
        [],
        |r| r.get(0),
    )?;
    if admins <= 1 {
        return Err(StoreError::Account(AccountError::LastAdmin));
    }
    Ok(())
}

pub use super::scope::SessionScope;

impl Store {
    /// The session's scope (`scope::scope_of`): a cadre account sees the
    /// households of its own grids and the requests assigned to it.
    pub fn scope(&self) -> Result<SessionScope> {
        super::scope::scope_of(&self.conn, &self.actor)
    }

    /// The households of the session's scope (None: all of them).
    pub fn scope_households(&self) -> Result<Option<std::collections::HashSet<i64>>> {
        let SessionScope::OwnGrids { grid_ids, .. } = self.scope()? else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare("SELECT id, grid_id FROM households")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?)))?;
        let mut ids = std::collections::HashSet::new();
        for row in rows {
            let (id, grid) = row?;
            if grid.is_some_and(|g| grid_ids.contains(&g)) {
                ids.insert(id);
            }
        }
        Ok(Some(ids))
    }

    /// Refuses (and audits) a household outside the session's scope.
    pub fn require_household(&mut self, household_id: i64) -> Result<()> {
        let SessionScope::OwnGrids { grid_ids, .. } = self.scope()? else {
            return Ok(());
        };
        let grid: Option<i64> = self
            .conn
            .query_row("SELECT grid_id FROM households WHERE id = ?1", [household_id], |r| {
                r.get(0)
            })
            .optional()?
            .flatten();
        if grid.is_some_and(|g| grid_ids.contains(&g)) {
            return Ok(());
        }
        let object = format!("household:{household_id}");
        let _ = self.audit_failure("scope.household", &object, "outside the cadre's grids");
        Err(StoreError::Account(AccountError::OutsideScope))
    }
}
