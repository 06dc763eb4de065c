//! Who is working (README "Accounts and roles"): every entry point that
//! reads personal data or writes logs in with a password, typed on the
//! terminal or read from a file only its owner can read. A demo township
//! (made by `minqing demo`, fake people only) opens without one. A new
//! database asks for its first administrator; nobody becomes one by
//! arriving first.

use crate::domain::request::Role;
use crate::store::accounts::{LoginError, NewUser, has_users};
use crate::store::{Store, is_demo_database};
use crate::text::i18n::{Lang, fill, login_error, store_error, texts};
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

/// Failed password prompts before the command gives up (the lockout in
/// the database still counts every one).
const PROMPTS: usize = 3;

/// The login name: `--user`, else the operating-system user.
pub fn login_name(user: Option<String>) -> String {
    user.or_else(|| std::env::var("USER").ok()).unwrap_or_default()
}

/// Logs in to an existing database for a command.
pub fn open(db: &Path, login: &str, password_file: Option<&Path>, lang: Lang) -> Result<Store, String> {
    if !db.exists() {
        return Err(fill(&texts(lang).admin.no_database, &[("path", &db.display())]));
    }
    if is_demo_database(db).map_err(|e| store_error(lang, &e))? {
        // Anyone who is not one of the demo's users is its clerk.
        return match Store::open(db, login) {
            Err(crate::store::StoreError::UnknownUser(_)) => Store::open(db, "demo"),
            other => other,
        }
        .map_err(|e| store_error(lang, &e));
    }
    let conn = crate::store::open_connection(db).map_err(|e| store_error(lang, &e))?;
    if !has_users(&conn).map_err(|e| store_error(lang, &e))? {
        return Err(texts(lang).accounts.first_admin_needed.clone());
    }
    drop(conn);
    log_in(db, login, password_file, lang)
}

/// How the TUI starts.
pub enum TuiStart {
    /// Already logged in: a demo township, a first administrator just
    /// made, or a `--password-file`.
    Ready(Box<Store>),
    /// An office database: the TUI's login screen asks.
    LoginScreen,
}

/// As [`open`], for the TUI: an office database is logged into on the
/// TUI's own login screen; a missing or empty one asks on the terminal for
/// its first administrator instead of refusing.
pub fn open_for_tui(db: &Path, login: &str, password_file: Option<&Path>, lang: Lang) -> Result<TuiStart, String> {
    let empty = !db.exists() || {
        if is_demo_database(db).map_err(|e| store_error(lang, &e))? {
            return open(db, login, password_file, lang).map(|s| TuiStart::Ready(Box::new(s)));
        }
        let conn = crate::store::open_connection(db).map_err(|e| store_error(lang, &e))?;
        !has_users(&conn).map_err(|e| store_error(lang, &e))?
    };
    if empty {
        return first_admin(db, login, lang).map(|s| TuiStart::Ready(Box::new(s)));
    }
    if password_file.is_some() {
        return log_in(db, login, password_file, lang).map(|s| TuiStart::Ready(Box::new(s)));
    }
    Ok(TuiStart::LoginScreen)
}

/// Minutes after which an idle TUI locks, or None for a demo township
/// (it has no password to ask for).
pub fn idle_lock(store: &Store) -> Option<u32> {
    if store.setting("demo").ok().flatten().as_deref() == Some("1") {
        return None;
    }
    Some(crate::config::idle_minutes(
        store
            .idle_lock_minutes()
            .unwrap_or(crate::store::accounts::DEFAULT_IDLE_LOCK_MINUTES),
    ))
}

fn log_in(db: &Path, login: &str, password_file: Option<&Path>, lang: Lang) -> Result<Store, String> {
    let a = &texts(lang).accounts;
    let prompt = fill(&a.password_prompt, &[("login", &login)]);
    let tries = if password_file.is_some() { 1 } else { PROMPTS };
    let mut last = String::new();
    for _ in 0..tries {
        let password = read_password(password_file, &prompt, lang)?;
        match Store::login(db, login, &password) {
            Ok(store) => return Ok(store),
            Err(e @ LoginError::BadCredentials) => {
                last = login_error(lang, &e, login);
                eprintln!("{last}");
            }
            Err(e) => return Err(login_error(lang, &e, login)),
        }
    }
    Err(last)
}

/// The first start of a new office: the administrator's login and
/// password, typed twice.
fn first_admin(db: &Path, login: &str, lang: Lang) -> Result<Store, String> {
    let a = &texts(lang).accounts;
    if !std::io::stdin().is_terminal() {
        return Err(a.first_admin_needed.clone());
    }
    eprintln!("{}", a.first_admin_intro);
    // No login to offer (no --user, no USER in the environment): ask
    // without an empty "(Enter for )".
    if login.is_empty() {
        eprint!("{}", a.first_admin_login_bare);
    } else {
        eprint!("{}", fill(&a.first_admin_login, &[("login", &login)]));
    }
    let _ = std::io::stderr().flush();
    let mut typed = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut typed)
        .map_err(|e| match e.kind() {
            // A terminal set to GBK sends a Chinese login as GBK bytes.
            std::io::ErrorKind::InvalidData => a.typed_not_utf8.clone(),
            _ => crate::text::i18n::io_error(lang, &e),
        })?;
    let login = match typed.trim() {
        "" => login.to_string(),
        other => other.to_string(),
    };
    if login.is_empty() {
        return Err(a.first_admin_needed.clone());
    }
    let password = new_admin_password(&login, lang)?;
    Store::create_first_admin(
        db,
        &NewUser {
            login: &login,
            display_name: &login,
            role: Role::Admin,
            password: &password,
            cadre_id: None,
        },
    )
    .map_err(|e| store_error(lang, &e))
}

/// The first administrator's password, asked again (a few times) while
/// it misses the policy or the two entries differ: nothing is saved yet.
fn new_admin_password(login: &str, lang: Lang) -> Result<String, String> {
    let mut last = String::new();
    for _ in 0..PROMPTS {
        let weak = |p| crate::text::i18n::account_error(lang, &crate::store::accounts::AccountError::WeakPassword(p));
        match new_password(login, None, lang).map(|pw| crate::domain::accounts::check_password(&pw).map(|()| pw)) {
            Ok(Ok(pw)) => return Ok(pw),
            Ok(Err(problem)) => last = weak(problem),
            Err(said) => last = said,
        }
        eprintln!("{last}");
    }
    Err(last)
}

/// A new password: from `file`, or typed twice.
pub fn new_password(login: &str, file: Option<&Path>, lang: Lang) -> Result<String, String> {
    let a = &texts(lang).accounts;
    if let Some(file) = file {
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
    rpassword::prompt_password(prompt).map_err(|e| typing_error(lang, &e))
}

/// Why no password could be read from the terminal: input closed (Ctrl-D), or
/// the terminal's own fault, in the user's language.
fn typing_error(lang: Lang, e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::UnexpectedEof {
        texts(lang).accounts.no_password_typed.clone()
    } else {
        crate::text::i18n::io_error(lang, e)
    }
}

/// The first line of a password file that only its owner may read: a
/// wider mode is refused, since the password would not be a secret.
pub fn read_password_file(file: &Path, lang: Lang) -> Result<String, String> {
    use std::os::unix::fs::PermissionsExt;
    let a = &texts(lang).accounts;
    let unreadable = |e: &std::io::Error| {
        let why = crate::text::i18n::io_detail(lang, e);
        fill(
            &a.password_file_unreadable,
            &[("path", &file.display()), ("error", &why)],
        )
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctrl_d_at_the_password_prompt_is_said_in_one_language() {
        let eof = std::io::Error::from(std::io::ErrorKind::UnexpectedEof);
        assert_eq!(typing_error(Lang::Zh, &eof), "没有输入密码（输入已结束）");
        assert_eq!(typing_error(Lang::En, &eof), "No password was typed (the input ended)");
        let full = std::io::Error::from_raw_os_error(28);
        assert!(typing_error(Lang::Zh, &full).starts_with("磁盘已满"));
    }
}
