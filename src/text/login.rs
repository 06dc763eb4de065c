//! Texts of the login and lock screen and of `minqing audit` (README
//! "Accounts and roles"), the `[login]` table of assets/i18n.

use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginTexts {
    /// Help labels of the lock action (merged into `Texts::actions`).
    pub actions: HashMap<String, String>,
    /// Help heading of the login screen's keys (merged into `Texts::contexts`).
    pub contexts: HashMap<String, String>,
    pub title: String,
    pub login_label: String,
    pub password_label: String,
    pub login_hint: String,
    pub locked_title: String,
    pub locked_intro: String,
    pub lock_hint: String,
    pub idle_lock_range: String,
    pub need_login: String,
    pub need_password: String,
    pub no_lock: String,
    pub audit_none: String,
    pub audit_bad_since: String,
    pub audit_columns: String,
}
