//! The office's set-up (README "Setting up an office"): township, working
//! settings, villages and their groups, grids, cadres, categories, and the
//! accounts list. Every change needs `EditSettings` (accounts:
//! `ManageUsers`), runs in one transaction with its audit entry, checks the
//! version the form was opened on, and nothing is deleted: rows that
//! requests, visits or history point to are deactivated instead.

use super::{Actor, Result, Store, StoreError, expect_saved};
use crate::domain::accounts::Permission;
use crate::domain::request::Role;
use crate::domain::settings::{self, MAX_GROUP_NUMBER, MAX_MAP_CELL, NUMBER_SETTINGS, NumberSetting};
use crate::model::setup::{
    AccountRow, CategoryRow, GroupRow, SetupCadreRow, SetupData, SetupGridRow, Township, VillageRow,
};
pub use crate::model::setup::{CadreInput, CategoryInput, GridInput, GroupInput, Kind, UserEdit, VillageInput};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

/// Why a set-up change was refused; the pane turns it into a sentence on
/// the field concerned.
#[derive(Debug)]
pub enum SetupError {
    /// A name is empty or longer than `settings::MAX_NAME_CHARS`.
    BadName,
    /// Another row of the same kind already has this name (or group number).
    Taken(String),
    /// A number outside its bounds.
    OutOfRange {
        min: i64,
        max: i64,
    },
    /// The village, cadre or row named does not exist (or is deactivated).
    Unknown,
    Store(StoreError),
}

impl From<StoreError> for SetupError {
    fn from(e: StoreError) -> Self {
        SetupError::Store(e)
    }
}

impl From<rusqlite::Error> for SetupError {
    fn from(e: rusqlite::Error) -> Self {
        SetupError::Store(e.into())
    }
}

pub type SetupResult<T> = std::result::Result<T, SetupError>;

// ---- reading ----

/// Everything the set-up pane shows except the accounts (which need
/// `ManageUsers`, see [`list_accounts`]).
pub fn load(conn: &Connection) -> Result<SetupData> {
    let text = |key: &str| -> Result<String> {
        Ok(conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .optional()?
            .unwrap_or_default())
    };
    let township = Township {
        name: text(TOWNSHIP_NAME)?,
        code: text(TOWNSHIP_CODE)?,
        address: text(TOWNSHIP_ADDRESS)?,
    };
    let numbers = NUMBER_SETTINGS
        .iter()
        .map(|s| Ok((s.key, super::setting_or(conn, s.key, s.default)?)))
        .collect::<Result<Vec<_>>>()?;
    let sla = super::calendar_days::sla_rules(conn)?;
    let calendar_years = super::calendar_days::load_calendar(conn)?.years_covered();
    let count = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    Ok(SetupData {
        township,
        numbers,
        sla,
        calendar_years,
        villages: collect(
            conn,
            "SELECT v.id, v.name, v.kind, v.active, v.version,
                    (SELECT count(*) FROM village_groups g WHERE g.village_id = v.id),
                    (SELECT count(*) FROM grids g WHERE g.village_id = v.id)
             FROM villages v ORDER BY v.active DESC, v.id",
            |r| {
                Ok(VillageRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: r.get(2)?,
                    active: r.get(3)?,
                    version: r.get(4)?,
                    groups: r.get(5)?,
                    grids: r.get(6)?,
                })
            },
        )?,
        groups: collect(
            conn,
            "SELECT g.id, g.village_id, v.name, g.number, g.name, g.active, g.version
             FROM village_groups g JOIN villages v ON v.id = g.village_id
             ORDER BY g.active DESC, v.id, g.number",
            |r| {
                Ok(GroupRow {
                    id: r.get(0)?,
                    village_id: r.get(1)?,
                    village: r.get(2)?,
                    number: r.get(3)?,
                    name: r.get(4)?,
                    active: r.get(5)?,
                    version: r.get(6)?,
                })
            },
        )?,
        grids: collect(
            conn,
            "SELECT g.id, g.village_id, v.name, g.name, g.cadre_id, c.name, g.map_row, g.map_col,
                    g.active, g.version, (SELECT count(*) FROM households h WHERE h.grid_id = g.id)
             FROM grids g JOIN villages v ON v.id = g.village_id LEFT JOIN cadres c ON c.id = g.cadre_id
             ORDER BY g.active DESC, v.id, g.id",
            |r| {
                Ok(SetupGridRow {
                    id: r.get(0)?,
                    village_id: r.get(1)?,
                    village: r.get(2)?,
                    name: r.get(3)?,
                    cadre_id: r.get(4)?,
                    cadre: r.get(5)?,
                    map_row: r.get(6)?,
                    map_col: r.get(7)?,
                    active: r.get(8)?,
                    version: r.get(9)?,
                    households: r.get(10)?,
                })
            },
        )?,
        cadres: collect(
            conn,
            "SELECT id, name, title, phone, role, active, version FROM cadres ORDER BY active DESC, id",
            |r| {
                Ok(SetupCadreRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    title: r.get(2)?,
                    phone: r.get(3)?,
                    role: r.get(4)?,
                    active: r.get(5)?,
                    version: r.get(6)?,
                })
            },
        )?,
        categories: collect(
            conn,
            "SELECT id, name, sort, active, version FROM categories ORDER BY active DESC, sort, id",
            |r| {
                Ok(CategoryRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    sort: r.get(2)?,
                    active: r.get(3)?,
                    version: r.get(4)?,
                })
            },
        )?,
        households: count("SELECT count(*) FROM households")?,
        other_users: count("SELECT count(*) FROM users WHERE role <> 'admin'")?,
    })
}

fn collect<T>(conn: &Connection, sql: &str, row: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The accounts with their cadre link; administrators only (a refusal is
/// audited by `Store::require`).
pub fn list_accounts(store: &mut Store) -> Result<Vec<AccountRow>> {
    store.require(Permission::ManageUsers, "users")?;
    collect(
        store.conn(),
        "SELECT u.login, u.display_name, u.role, u.cadre_id, c.name, u.disabled, u.locked_until, u.version
         FROM users u LEFT JOIN cadres c ON c.id = u.cadre_id ORDER BY u.disabled, u.login",
        |r| {
            Ok(AccountRow {
                login: r.get(0)?,
                display_name: r.get(1)?,
                role: r.get(2)?,
                cadre_id: r.get(3)?,
                cadre: r.get(4)?,
                disabled: r.get(5)?,
                locked_until: r.get(6)?,
                version: r.get(7)?,
            })
        },
    )
}

// ---- township and settings ----

pub const TOWNSHIP_NAME: &str = "township_name";
pub const TOWNSHIP_CODE: &str = "township_code";
pub const TOWNSHIP_ADDRESS: &str = "township_address";

fn put_setting(tx: &Transaction, key: &str, value: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// Names the township (code and address may stay empty). Settings have no
/// version column: the form's values are compared with what it was
/// opened on, so a change made meanwhile is refused, not overwritten.
pub fn set_township(store: &mut Store, before: &Township, new: &Township) -> SetupResult<()> {
    store.require(Permission::EditSettings, "township")?;
    let name = settings::clean_name(&new.name).ok_or(SetupError::BadName)?;
    let code = new.code.trim().to_string();
    let address = new.address.trim().to_string();
    if code.chars().count() > 20 || address.chars().count() > 100 {
        return Err(SetupError::BadName);
    }
    store
        .write(|tx, actor| {
            let now = load_township(tx)?;
            if now != *before {
                return Err(StoreError::Conflict {
                    object: "township".into(),
                });
            }
            put_setting(tx, TOWNSHIP_NAME, &name)?;
            put_setting(tx, TOWNSHIP_CODE, &code)?;
            put_setting(tx, TOWNSHIP_ADDRESS, &address)?;
            Store::audit(
                tx,
                actor,
                "setup.township",
                "township",
                &format!("{name} {code} {address}"),
            )
        })
        .map_err(SetupError::from)
}

fn load_township(conn: &Connection) -> Result<Township> {
    let get = |key: &str| -> Result<String> {
        Ok(conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .optional()?
            .unwrap_or_default())
    };
    Ok(Township {
        name: get(TOWNSHIP_NAME)?,
        code: get(TOWNSHIP_CODE)?,
        address: get(TOWNSHIP_ADDRESS)?,
    })
}

/// Changes one numeric working setting within its bounds.
pub fn set_number(store: &mut Store, setting: NumberSetting, value: u32) -> SetupResult<()> {
    // The idle lock is the login's own setting: its function and checks.
    if setting.key == super::accounts::IDLE_LOCK_KEY {
        return store.set_idle_lock_minutes(value).map_err(|e| match e {
            StoreError::Account(super::accounts::AccountError::IdleLockRange(_)) => SetupError::OutOfRange {
                min: (*super::accounts::IDLE_LOCK_RANGE.start()).into(),
                max: (*super::accounts::IDLE_LOCK_RANGE.end()).into(),
            },
            other => SetupError::Store(other),
        });
    }
    store.require(Permission::EditSettings, &format!("setting:{}", setting.key))?;
    if !(setting.min..=setting.max).contains(&value) {
        return Err(SetupError::OutOfRange {
            min: setting.min.into(),
            max: setting.max.into(),
        });
    }
    store
        .write(|tx, actor| {
            put_setting(tx, setting.key, &value.to_string())?;
            Store::audit(
                tx,
                actor,
                "setup.setting",
                &format!("setting:{}", setting.key),
                &value.to_string(),
            )
        })
        .map_err(SetupError::from)
}

/// Changes a deadline rule through the same check as `minqing sla set`.
pub fn set_sla(store: &mut Store, kind: &str, days: u32) -> SetupResult<()> {
    store.require(Permission::EditSettings, "sla")?;
    let range = crate::domain::request::sla_day_range(kind);
    if !range.contains(&days) {
        return Err(SetupError::OutOfRange {
            min: (*range.start()).into(),
            max: (*range.end()).into(),
        });
    }
    super::calendar_days::set_sla_rule(store, kind, days).map_err(SetupError::from)
}

// ---- places, cadres, categories ----

fn require_settings(store: &mut Store, object: &str) -> SetupResult<()> {
    store.require(Permission::EditSettings, object)?;
    Ok(())
}

/// A UNIQUE violation becomes "taken", anything else stays a store error.
fn taken(what: &str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::Invalid(format!("taken:{what}")),
        _ => StoreError::from(e),
    }
}

/// Turns the "taken" marker of [`taken`] back into its error.
fn refine(e: StoreError) -> SetupError {
    match e {
        StoreError::Invalid(s) if s.starts_with("taken:") => SetupError::Taken(s["taken:".len()..].to_string()),
        other => SetupError::Store(other),
    }
}

fn table(kind: Kind) -> &'static str {
    match kind {
        Kind::Village => "villages",
        Kind::Group => "village_groups",
        Kind::Grid => "grids",
        Kind::Cadre => "cadres",
        Kind::Category => "categories",
    }
}

fn check_active(tx: &Transaction, kind: Kind, id: i64) -> Result<()> {
    let found: Option<bool> = tx
        .query_row(
            &format!("SELECT active FROM {} WHERE id = ?1", table(kind)),
            [id],
            |r| r.get(0),
        )
        .optional()?;
    match found {
        Some(true) => Ok(()),
        _ => Err(StoreError::NotFound(kind.object(id))),
    }
}

fn unknown_or(e: StoreError) -> SetupError {
    match e {
        StoreError::NotFound(_) => SetupError::Unknown,
        other => refine(other),
    }
}

/// Runs one versioned write with its audit entry.
fn write_audited(
    store: &mut Store,
    action: &str,
    f: impl FnOnce(&Transaction, &Actor) -> Result<(String, String)>,
) -> SetupResult<()> {
    store
        .write(|tx, actor| {
            let (object, detail) = f(tx, actor)?;
            Store::audit(tx, actor, action, &object, &detail)
        })
        .map_err(unknown_or)
}

pub fn add_village(store: &mut Store, v: &VillageInput) -> SetupResult<i64> {
    require_settings(store, "village")?;
    let name = settings::clean_name(&v.name).ok_or(SetupError::BadName)?;
    let kind = v.kind.code();
    let mut id = 0;
    write_audited(store, "setup.village.add", |tx, _| {
        tx.execute("INSERT INTO villages (name, kind) VALUES (?1, ?2)", params![name, kind])
            .map_err(taken(&name))?;
        id = tx.last_insert_rowid();
        Ok((Kind::Village.object(id), name.clone()))
    })?;
    Ok(id)
}

pub fn edit_village(store: &mut Store, id: i64, version: i64, v: &VillageInput) -> SetupResult<()> {
    require_settings(store, &Kind::Village.object(id))?;
    let name = settings::clean_name(&v.name).ok_or(SetupError::BadName)?;
    let kind = v.kind.code();
    write_audited(store, "setup.village.edit", |tx, _| {
        let n = tx
            .execute(
                "UPDATE villages SET name = ?1, kind = ?2, version = version + 1 WHERE id = ?3 AND version = ?4",
                params![name, kind, id, version],
            )
            .map_err(taken(&name))?;
        expect_saved(n, &Kind::Village.object(id))?;
        Ok((Kind::Village.object(id), format!("{name} {kind}")))
    })
}

fn check_group(v: &GroupInput) -> SetupResult<String> {
    if !(1..=MAX_GROUP_NUMBER).contains(&v.number) {
        return Err(SetupError::OutOfRange {
            min: 1,
            max: MAX_GROUP_NUMBER,
        });
    }
    match v.name.trim() {
        "" => Ok(format!("{}组", v.number)),
        name => settings::clean_name(name).ok_or(SetupError::BadName),
    }
}

pub fn add_group(store: &mut Store, v: &GroupInput) -> SetupResult<i64> {
    require_settings(store, "group")?;
    let name = check_group(v)?;
    let mut id = 0;
    write_audited(store, "setup.group.add", |tx, _| {
        check_active(tx, Kind::Village, v.village_id)?;
        tx.execute(
            "INSERT INTO village_groups (village_id, number, name) VALUES (?1, ?2, ?3)",
            params![v.village_id, v.number, name],
        )
        .map_err(taken(&v.number.to_string()))?;
        id = tx.last_insert_rowid();
        Ok((
            Kind::Group.object(id),
            format!("village:{} {} {name}", v.village_id, v.number),
        ))
    })?;
    Ok(id)
}

pub fn edit_group(store: &mut Store, id: i64, version: i64, v: &GroupInput) -> SetupResult<()> {
    require_settings(store, &Kind::Group.object(id))?;
    let name = check_group(v)?;
    write_audited(store, "setup.group.edit", |tx, _| {
        check_active(tx, Kind::Village, v.village_id)?;
        let n = tx
            .execute(
                "UPDATE village_groups SET village_id = ?1, number = ?2, name = ?3, version = version + 1
                 WHERE id = ?4 AND version = ?5",
                params![v.village_id, v.number, name, id, version],
            )
            .map_err(taken(&v.number.to_string()))?;
        expect_saved(n, &Kind::Group.object(id))?;
        Ok((
            Kind::Group.object(id),
            format!("village:{} {} {name}", v.village_id, v.number),
        ))
    })
}

fn check_grid(v: &GridInput) -> SetupResult<String> {
    for cell in [v.map_row, v.map_col] {
        if !(0..=MAX_MAP_CELL).contains(&cell) {
            return Err(SetupError::OutOfRange {
                min: 0,
                max: MAX_MAP_CELL,
            });
        }
    }
    settings::clean_name(&v.name).ok_or(SetupError::BadName)
}

/// A grid's name is unique within its village.
fn grid_name_free(tx: &Transaction, village_id: i64, name: &str, except: i64) -> Result<()> {
    let clash: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM grids WHERE village_id = ?1 AND name = ?2 AND id <> ?3)",
        params![village_id, name, except],
        |r| r.get(0),
    )?;
    if clash {
        Err(StoreError::Invalid(format!("taken:{name}")))
    } else {
        Ok(())
    }
}

pub fn add_grid(store: &mut Store, v: &GridInput) -> SetupResult<i64> {
    require_settings(store, "grid")?;
    let name = check_grid(v)?;
    let mut id = 0;
    write_audited(store, "setup.grid.add", |tx, _| {
        check_active(tx, Kind::Village, v.village_id)?;
        if let Some(c) = v.cadre_id {
            check_active(tx, Kind::Cadre, c)?;
        }
        grid_name_free(tx, v.village_id, &name, 0)?;
        tx.execute(
            "INSERT INTO grids (village_id, name, cadre_id, map_row, map_col) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![v.village_id, name, v.cadre_id, v.map_row, v.map_col],
        )?;
        id = tx.last_insert_rowid();
        Ok((Kind::Grid.object(id), grid_detail(v, &name)))
    })?;
    Ok(id)
}

fn grid_detail(v: &GridInput, name: &str) -> String {
    let cadre = v.cadre_id.map_or_else(|| "-".to_string(), |c| format!("cadre:{c}"));
    format!("village:{} {name} {cadre} at {},{}", v.village_id, v.map_row, v.map_col)
}

pub fn edit_grid(store: &mut Store, id: i64, version: i64, v: &GridInput) -> SetupResult<()> {
    require_settings(store, &Kind::Grid.object(id))?;
    let name = check_grid(v)?;
    write_audited(store, "setup.grid.edit", |tx, _| {
        check_active(tx, Kind::Village, v.village_id)?;
        if let Some(c) = v.cadre_id {
            check_active(tx, Kind::Cadre, c)?;
        }
        grid_name_free(tx, v.village_id, &name, id)?;
        let n = tx.execute(
            "UPDATE grids SET village_id = ?1, name = ?2, cadre_id = ?3, map_row = ?4, map_col = ?5,
                    version = version + 1
             WHERE id = ?6 AND version = ?7",
            params![v.village_id, name, v.cadre_id, v.map_row, v.map_col, id, version],
        )?;
        expect_saved(n, &Kind::Grid.object(id))?;
        Ok((Kind::Grid.object(id), grid_detail(v, &name)))
    })
}

fn check_cadre(v: &CadreInput) -> SetupResult<(String, &'static str)> {
    let name = settings::clean_name(&v.name).ok_or(SetupError::BadName)?;
    if v.title.trim().chars().count() > settings::MAX_NAME_CHARS {
        return Err(SetupError::BadName);
    }
    // A cadre leads, works a grid or clerks; administrators are accounts.
    let role = match v.role {
        Role::Admin => return Err(SetupError::Unknown),
        r => r.code(),
    };
    Ok((name, role))
}

pub fn add_cadre(store: &mut Store, v: &CadreInput) -> SetupResult<i64> {
    require_settings(store, "cadre")?;
    let (name, role) = check_cadre(v)?;
    let mut id = 0;
    write_audited(store, "setup.cadre.add", |tx, _| {
        tx.execute(
            "INSERT INTO cadres (name, title, phone, role) VALUES (?1, ?2, ?3, ?4)",
            params![name, v.title.trim(), v.phone, role],
        )?;
        id = tx.last_insert_rowid();
        Ok((Kind::Cadre.object(id), format!("{name} {role}")))
    })?;
    Ok(id)
}

pub fn edit_cadre(store: &mut Store, id: i64, version: i64, v: &CadreInput) -> SetupResult<()> {
    require_settings(store, &Kind::Cadre.object(id))?;
    let (name, role) = check_cadre(v)?;
    write_audited(store, "setup.cadre.edit", |tx, _| {
        let n = tx.execute(
            "UPDATE cadres SET name = ?1, title = ?2, phone = ?3, role = ?4, version = version + 1
             WHERE id = ?5 AND version = ?6",
            params![name, v.title.trim(), v.phone, role, id, version],
        )?;
        expect_saved(n, &Kind::Cadre.object(id))?;
        Ok((Kind::Cadre.object(id), format!("{name} {role}")))
    })
}

pub fn add_category(store: &mut Store, v: &CategoryInput) -> SetupResult<i64> {
    require_settings(store, "category")?;
    let name = settings::clean_name(&v.name).ok_or(SetupError::BadName)?;
    let mut id = 0;
    write_audited(store, "setup.category.add", |tx, _| {
        tx.execute(
            "INSERT INTO categories (name, sort) VALUES (?1, ?2)",
            params![name, v.sort],
        )
        .map_err(taken(&name))?;
        id = tx.last_insert_rowid();
        Ok((Kind::Category.object(id), name.clone()))
    })?;
    Ok(id)
}

pub fn edit_category(store: &mut Store, id: i64, version: i64, v: &CategoryInput) -> SetupResult<()> {
    require_settings(store, &Kind::Category.object(id))?;
    let name = settings::clean_name(&v.name).ok_or(SetupError::BadName)?;
    write_audited(store, "setup.category.edit", |tx, _| {
        let n = tx
            .execute(
                "UPDATE categories SET name = ?1, sort = ?2, version = version + 1 WHERE id = ?3 AND version = ?4",
                params![name, v.sort, id, version],
            )
            .map_err(taken(&name))?;
        expect_saved(n, &Kind::Category.object(id))?;
        Ok((Kind::Category.object(id), format!("{name} {}", v.sort)))
    })
}

/// Deactivates (or reactivates) a row; nothing is ever deleted, so the
/// requests, visits and history that point to it keep their names.
pub fn set_active(store: &mut Store, kind: Kind, id: i64, version: i64, active: bool) -> SetupResult<()> {
    require_settings(store, &kind.object(id))?;
    let action = if active { "setup.reactivate" } else { "setup.deactivate" };
    write_audited(store, action, |tx, _| {
        let n = tx.execute(
            &format!(
                "UPDATE {} SET active = ?1, version = version + 1 WHERE id = ?2 AND version = ?3",
                table(kind)
            ),
            params![active, id, version],
        )?;
        expect_saved(n, &kind.object(id))?;
        Ok((kind.object(id), String::new()))
    })
}

/// Saves an account's name, role and cadre link in one transaction,
/// refused when someone changed the account since it was shown.
pub fn edit_user(store: &mut Store, login: &str, e: &UserEdit) -> SetupResult<()> {
    store.require(Permission::ManageUsers, &format!("user:{login}"))?;
    let name = settings::clean_name(&e.display_name).ok_or(SetupError::BadName)?;
    write_audited(store, "user.edit", |tx, _| {
        let object = format!("user:{login}");
        let (role, disabled): (Role, bool) = tx
            .query_row("SELECT role, disabled FROM users WHERE login = ?1", [login], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?
            .ok_or_else(|| StoreError::UnknownUser(login.to_string()))?;
        if role == Role::Admin && e.role != Role::Admin && !disabled {
            super::accounts::keep_an_admin(tx)?;
        }
        if let Some(c) = e.cadre_id {
            check_active(tx, Kind::Cadre, c)?;
        }
        let n = tx.execute(
            "UPDATE users SET display_name = ?1, role = ?2, cadre_id = ?3, version = version + 1
             WHERE login = ?4 AND version = ?5",
            params![name, e.role.code(), e.cadre_id, login, e.version],
        )?;
        expect_saved(n, &object)?;
        let cadre = e.cadre_id.map_or_else(|| "none".to_string(), |c| format!("cadre:{c}"));
        Ok((object, format!("{name}, role {}, {cadre}", e.role.code())))
    })
}

/// Links an account to a cadre (a cadre's account works on their own
/// grids), or unlinks it.
pub fn link_cadre(store: &mut Store, login: &str, cadre_id: Option<i64>) -> SetupResult<()> {
    store.require(Permission::ManageUsers, &format!("user:{login}"))?;
    write_audited(store, "user.link_cadre", |tx, _| {
        if let Some(c) = cadre_id {
            check_active(tx, Kind::Cadre, c)?;
        }
        let n = tx.execute(
            "UPDATE users SET cadre_id = ?1 WHERE login = ?2",
            params![cadre_id, login],
        )?;
        if n == 0 {
            return Err(StoreError::UnknownUser(login.to_string()));
        }
        let detail = cadre_id.map_or_else(|| "none".to_string(), |c| format!("cadre:{c}"));
        Ok((format!("user:{login}"), detail))
    })
}

impl Store {
    /// A second connection to the same file for the same logged-in person,
    /// for work done on a thread of its own (the set-up pane's register
    /// import) while this one serves the screen.
    pub fn second_session(&self) -> Result<Store> {
        Ok(Store {
            conn: super::open_connection(&self.path)?,
            path: self.path.clone(),
            actor: self.actor.clone(),
        })
    }
}
