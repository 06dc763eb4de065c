//! `minqing user add|passwd|disable|enable|role|list` (README "Accounts and
//! roles"). The acting user logs in with a password typed on the terminal
//! or, for scheduled jobs, read from a file only its owner can read. On a
//! database without users, `user add --role admin` creates the first
//! administrator; nothing else works until one exists.

use crate::domain::request::Role;
use crate::store::Store;
use crate::store::accounts::{NewUser, UserChange, has_users};
use crate::ui::i18n::{Lang, fill, label, login_error, store_error, texts};
use std::io::{IsTerminal, Write};
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
    let password = read_password(
        passwords.file.as_deref(),
        &fill(&a.password_prompt, &[("login", &acting)]),
        lang,
    )?;
    let mut store = Store::login(db, acting, &password).map_err(|e| login_error(lang, &e, acting))?;
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
            let password = new_password(&login, passwords, lang)?;
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
            writeln!(out, "{}", fill(&a.user_added, &[("login", &login), ("role", &role)])).map_err(|e| e.to_string())
        }
        UserAction::Passwd { login } => {
            let login = login.unwrap_or_else(|| acting.to_string());
            let password = new_password(&login, passwords, lang)?;
            store
                .change_user(&login, UserChange::Password(&password))
                .map_err(store_err)?;
            writeln!(out, "{}", changed(&login, &a.changed_password)).map_err(|e| e.to_string())
        }
        UserAction::Disable { login } => {
            store
                .change_user(&login, UserChange::Disabled(true))
                .map_err(store_err)?;
            writeln!(out, "{}", changed(&login, &a.changed_disabled)).map_err(|e| e.to_string())
        }
        UserAction::Enable { login } => {
            store
                .change_user(&login, UserChange::Disabled(false))
                .map_err(store_err)?;
            writeln!(out, "{}", changed(&login, &a.changed_enabled)).map_err(|e| e.to_string())
        }
        UserAction::Role { login, role } => {
            let role = parse_role(&role, lang)?;
            store.change_user(&login, UserChange::Role(role)).map_err(store_err)?;
            let what = fill(&a.changed_role, &[("role", &label(&texts(lang).role, role.code()))]);
            writeln!(out, "{}", changed(&login, &what)).map_err(|e| e.to_string())
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
                let role = label(&texts(lang).role, &u.role);
                writeln!(out, "{}\t{}\t{}\t{}", u.login, u.display_name, role, flags.join(", "))
                    .map_err(|e| e.to_string())?;
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
    let password = new_password(&login, passwords, lang)?;
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
    writeln!(out, "{}", fill(&a.first_admin_added, &[("login", &login)])).map_err(|e| e.to_string())
}

fn parse_role(role: &str, lang: Lang) -> Result<Role, String> {
    Role::parse(role).ok_or_else(|| fill(&texts(lang).accounts.unknown_role, &[("role", &role)]))
}

/// A new password: from `--new-password-file`, or typed twice.
fn new_password(login: &str, passwords: &Passwords, lang: Lang) -> Result<String, String> {
    let a = &texts(lang).accounts;
    if let Some(file) = &passwords.new_file {
        return read_password_file(file, lang);
    }
    let first = read_password(None, &fill(&a.new_password_prompt, &[("login", &login)]), lang)?;
    let again = read_password(None, &a.repeat_password_prompt, lang)?;
    if first != again {
        return Err(a.passwords_differ.clone());
    }
    Ok(first)
}

/// A password from `file`, or typed on the terminal without echo.
pub fn read_password(file: Option<&Path>, prompt: &str, lang: Lang) -> Result<String, String> {
    if let Some(file) = file {
        return read_password_file(file, lang);
    }
    if !std::io::stdin().is_terminal() {
        return Err(texts(lang).accounts.no_terminal.clone());
    }
    rpassword::prompt_password(prompt).map_err(|e| e.to_string())
}

/// The first line of a password file that only its owner may read: a
/// wider mode is refused, since the password would not be a secret.
pub fn read_password_file(file: &Path, lang: Lang) -> Result<String, String> {
    use std::os::unix::fs::PermissionsExt;
    let a = &texts(lang).accounts;
    let unreadable =
        |e: &dyn std::fmt::Display| fill(&a.password_file_unreadable, &[("path", &file.display()), ("error", e)]);
    let meta = std::fs::metadata(file).map_err(|e| unreadable(&e))?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(fill(
            &a.password_file_open,
            &[("path", &file.display()), ("mode", &format!("{mode:o}"))],
        ));
    }
    let text = std::fs::read_to_string(file).map_err(|e| unreadable(&e))?;
    Ok(text.lines().next().unwrap_or("").to_string())
}
