//! `minqing user add|passwd|disable|enable|role|list` (README "Accounts and
//! roles"). The acting user logs in with a password typed on the terminal
//! or, for scheduled jobs, read from a file only its owner can read. On a
//! database without users, `user add --role admin` creates the first
//! administrator; nothing else works until one exists.

use crate::domain::request::Role;
use crate::session::new_password;
use crate::store::Store;
use crate::store::accounts::{NewUser, UserChange, has_users};
use crate::text::i18n::{Lang, fill, label, store_error, texts};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, clap::Subcommand)]
pub enum UserAction {
    /// Add an account (the first one of a new database: --role admin).
    Add {
        login: String,
        /// Name shown in the interface and the audit log (default: the login).
        #[arg(long)]
        name: Option<String>,
        /// admin, leader, clerk or cadre.
        #[arg(long, default_value = "clerk")]
        role: String,
        /// Link the account to a cadre (cadres.id), so they see their own grids.
        #[arg(long)]
        cadre: Option<i64>,
    },
    /// Set a new password (your own, or anyone's as administrator).
    Passwd {
        login: Option<String>,
    },
    Disable {
        login: String,
    },
    Enable {
        login: String,
    },
    /// Give an account another role.
    Role {
        login: String,
        role: String,
    },
    List,
}

/// Where passwords come from: the terminal, or files (mode 0600 at most).
#[derive(Debug, Clone, Default)]
pub struct Passwords {
    /// The acting user's password.
    pub file: Option<PathBuf>,
    /// The new password for `add` and `passwd`.
    pub new_file: Option<PathBuf>,
}

/// Runs one user command as `acting` and prints what changed.
pub fn run(
    db: &Path,
    acting: &str,
    action: UserAction,
    passwords: &Passwords,
    lang: Lang,
    out: &mut impl Write,
) -> Result<(), String> {
    let a = &texts(lang).accounts;
    let conn = crate::store::open_connection(db).map_err(|e| store_error(lang, &e))?;
    let empty = !has_users(&conn).map_err(|e| store_error(lang, &e))?;
    drop(conn);
    if empty {
        return first_admin(db, action, passwords, lang, out);
    }
    let mut store = crate::session::open(db, acting, passwords.file.as_deref(), lang)?;
    let store_err = |e: crate::store::StoreError| store_error(lang, &e);
    let changed = |login: &str, what: &str| fill(&a.user_changed, &[("login", &login), ("what", &what)]);
    match action {
        UserAction::Add {
            login,
            name,
            role,
            cadre,
        } => {
            let role = parse_role(&role, lang)?;
            let password = new_password(&login, passwords.new_file.as_deref(), lang)?;
            store
                .add_user(&NewUser {
                    login: &login,
                    display_name: name.as_deref().unwrap_or(&login),
                    role,
                    password: &password,
                    cadre_id: cadre,
                })
                .map_err(store_err)?;
            let role = label(&texts(lang).role, role.code());
            writeln!(out, "{}", fill(&a.user_added, &[("login", &login), ("role", &role)]))
                .map_err(|e| crate::text::i18n::io_error(lang, &e))
        }
        UserAction::Passwd { login } => {
            let login = login.unwrap_or_else(|| acting.to_string());
            let password = new_password(&login, passwords.new_file.as_deref(), lang)?;
            store
                .change_user(&login, UserChange::Password(&password))
                .map_err(store_err)?;
            writeln!(out, "{}", changed(&login, &a.changed_password)).map_err(|e| crate::text::i18n::io_error(lang, &e))
        }
        UserAction::Disable { login } => {
            store
                .change_user(&login, UserChange::Disabled(true))
                .map_err(store_err)?;
            writeln!(out, "{}", changed(&login, &a.changed_disabled)).map_err(|e| crate::text::i18n::io_error(lang, &e))
        }
        UserAction::Enable { login } => {
            store
                .change_user(&login, UserChange::Disabled(false))
                .map_err(store_err)?;
            writeln!(out, "{}", changed(&login, &a.changed_enabled)).map_err(|e| crate::text::i18n::io_error(lang, &e))
        }
        UserAction::Role { login, role } => {
            let role = parse_role(&role, lang)?;
            store.change_user(&login, UserChange::Role(role)).map_err(store_err)?;
            let what = fill(&a.changed_role, &[("role", &label(&texts(lang).role, role.code()))]);
            writeln!(out, "{}", changed(&login, &what)).map_err(|e| crate::text::i18n::io_error(lang, &e))
        }
        UserAction::List => {
            for u in store.list_users().map_err(store_err)? {
                let mut flags = Vec::new();
                if u.disabled {
                    flags.push(a.flag_disabled.clone());
                }
                if let Some(until) = &u.locked_until {
                    flags.push(fill(&a.flag_locked, &[("until", until)]));
                }
                if !u.has_password {
                    flags.push(a.flag_no_password.clone());
                }
                let role = label(&texts(lang).role, u.role.code());
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}",
                    u.login,
                    u.display_name,
                    role,
                    flags.join(&texts(lang).clerkflow.name_sep)
                )
                .map_err(|e| crate::text::i18n::io_error(lang, &e))?;
            }
            Ok(())
        }
    }
}

/// The first account of an empty database: only `add --role admin`.
fn first_admin(
    db: &Path,
    action: UserAction,
    passwords: &Passwords,
    lang: Lang,
    out: &mut impl Write,
) -> Result<(), String> {
    let a = &texts(lang).accounts;
    let UserAction::Add { login, name, role, .. } = action else {
        return Err(a.first_admin_needed.clone());
    };
    if parse_role(&role, lang)? != Role::Admin {
        return Err(a.first_admin_needed.clone());
    }
    let password = new_password(&login, passwords.new_file.as_deref(), lang)?;
    Store::create_first_admin(
        db,
        &NewUser {
            login: &login,
            display_name: name.as_deref().unwrap_or(&login),
            role: Role::Admin,
            password: &password,
            cadre_id: None,
        },
    )
    .map_err(|e| store_error(lang, &e))?;
    writeln!(out, "{}", fill(&a.first_admin_added, &[("login", &login)]))
        .map_err(|e| crate::text::i18n::io_error(lang, &e))
}

fn parse_role(role: &str, lang: Lang) -> Result<Role, String> {
    Role::parse(role).ok_or_else(|| fill(&texts(lang).accounts.unknown_role, &[("role", &role)]))
}
