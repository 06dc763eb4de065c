//! Who may do what (README "Accounts and roles"): one table of permissions
//! per role, and the password policy. The store is the one place that asks
//! [`may`] before a guarded action and audits a refusal.

use super::request::Role;

/// An action that not every role may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Permission {
    /// Add users, change their role, disable them, reset passwords.
    ManageUsers,
    /// The office's settings: township, SLA days, quotas, holiday calendar.
    EditSettings,
    /// Import the register or places from a spreadsheet.
    ImportRegister,
    /// Export with full IDs, phones and names.
    FullExport,
    /// See full resident IDs and phones.
    Reveal,
    /// Extend a request's deadline.
    ExtendDeadline,
    /// Record, evaluate, publish, abandon and finish decisions (finishing
    /// one closes its topic): the leaders', not the meeting clerk's.
    Decide,
    /// Read the audit log for an inspection.
    ReadAudit,
    /// Log, triage and handle requests; look up the register.
    HandleRequests,
    /// Build agendas, record meetings (minutes, opinions), make topics,
    /// and keep the decisions board's progress notes.
    PrepareMeetings,
    /// Log visits and survey calls.
    LogVisits,
}

use Permission::*;

/// The permission table. A cadre's "own grids" restriction is a scope on
/// top of `HandleRequests`/`LogVisits`, applied by the queries.
const TABLE: &[(Role, &[Permission])] = &[
    (
        Role::Admin,
        &[
            ManageUsers,
            EditSettings,
            ImportRegister,
            FullExport,
            Reveal,
            ExtendDeadline,
            Decide,
            ReadAudit,
            HandleRequests,
            PrepareMeetings,
            LogVisits,
        ],
    ),
    (
        Role::Leader,
        &[
            Reveal,
            ExtendDeadline,
            Decide,
            ReadAudit,
            HandleRequests,
            PrepareMeetings,
            LogVisits,
        ],
    ),
    (Role::Clerk, &[HandleRequests, PrepareMeetings, LogVisits]),
    (Role::Cadre, &[HandleRequests, LogVisits]),
];

pub fn may(role: Role, permission: Permission) -> bool {
    TABLE.iter().any(|(r, perms)| *r == role && perms.contains(&permission))
}

/// The roles that hold `permission`, for "needs leader or admin" sentences.
pub fn roles_with(permission: Permission) -> Vec<Role> {
    TABLE
        .iter()
        .filter(|(_, perms)| perms.contains(&permission))
        .map(|(r, _)| *r)
        .collect()
}

/// Why a password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters.
    TooShort,
    /// Fewer than 3 of: lower case, upper case, digits, other characters.
    TooFewKinds,
}

pub const MIN_PASSWORD_CHARS: usize = 8;

/// At least 8 characters with 3 of 4 character classes (China's level-2
/// protection baseline for a small system).
pub fn check_password(password: &str) -> Result<(), PasswordProblem> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    let classes = [
        password.chars().any(|c| c.is_lowercase()),
        password.chars().any(|c| c.is_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_alphanumeric()),
    ];
    if classes.iter().filter(|c| **c).count() < 3 {
        return Err(PasswordProblem::TooFewKinds);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn every_role_is_in_the_table_and_admin_may_do_everything() {
        for role in [Role::Admin, Role::Leader, Role::Clerk, Role::Cadre] {
            assert!(TABLE.iter().any(|(r, _)| *r == role), "{role:?}");
        }
        for p in Permission::iter() {
            assert!(may(Role::Admin, p), "{p:?}");
        }
    }

    #[test]
    fn only_admin_and_leader_reveal_and_only_admin_manages() {
        assert_eq!(roles_with(Reveal), vec![Role::Admin, Role::Leader]);
        assert_eq!(roles_with(ManageUsers), vec![Role::Admin]);
        assert!(!may(Role::Clerk, ExtendDeadline));
        assert!(may(Role::Cadre, LogVisits));
        assert!(!may(Role::Cadre, PrepareMeetings));
        // Decisions are the leaders' (README "Accounts and roles").
        assert_eq!(roles_with(Decide), vec![Role::Admin, Role::Leader]);
        assert!(may(Role::Clerk, PrepareMeetings));
    }

    #[test]
    fn password_policy() {
        assert_eq!(check_password("Ab1!"), Err(PasswordProblem::TooShort));
        assert_eq!(check_password("abcdefgh1"), Err(PasswordProblem::TooFewKinds));
        assert_eq!(check_password("abcdefgh"), Err(PasswordProblem::TooFewKinds));
        assert_eq!(check_password("Abcdefg1"), Ok(()));
        assert_eq!(check_password("abcdefg1!"), Ok(()));
        assert_eq!(check_password("民情通民情通a1!"), Ok(()), "hanzi count as characters");
    }
}
