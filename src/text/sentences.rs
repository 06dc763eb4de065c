//! Errors, refusals and warnings of the lower layers as sentences in the
//! user's language: one match per error type, over the tables of `i18n`.

use super::i18n::{Lang, fill, label, texts};

/// A resident-ID problem as a sentence next to the field.
pub fn id_error(lang: Lang, err: &crate::domain::ids::IdError) -> String {
    use crate::domain::ids::IdError as E;
    let e = &texts(lang).id_errors;
    match err {
        E::Length(n) => fill(&e.length, &[("n", n)]),
        E::NonDigit => e.non_digit.clone(),
        E::BadDate => e.bad_date.clone(),
        E::FutureDate => e.future_date.clone(),
        E::Checksum { expected, found } => fill(&e.checksum, &[("expected", expected), ("found", found)]),
    }
}

pub fn phone_error(lang: Lang, err: &crate::domain::ids::PhoneError) -> String {
    use crate::domain::ids::PhoneError as E;
    let e = &texts(lang).id_errors;
    match err {
        E::Length(n) => fill(&e.phone_length, &[("n", n)]),
        E::NonDigit => e.phone_non_digit.clone(),
        E::NotMobile => e.phone_not_mobile.clone(),
    }
}

/// A refused or invalid request write as a sentence for the status line.
/// `tried` names the command the user attempted, for "cannot assign".
pub fn request_error(
    lang: Lang,
    err: &crate::store::request_ops::RequestError,
    tried: Option<crate::domain::workflow::CommandKind>,
) -> String {
    use crate::store::request_ops::{RequestError as E, RequestInvalid as I};
    let t = texts(lang);
    let e = &t.req_errors;
    let status = |s: crate::domain::request::Status| label(&t.status, s.code()).to_string();
    match err {
        E::Store(s) => store_error(lang, s),
        E::Refused(r) => refusal(lang, r, tried),
        E::Invalid(i) => match i {
            I::EmptyTitle => e.empty_title.clone(),
            I::NoResidentOrCaller => e.no_resident.clone(),
            I::UnknownRequest(id)
            | I::UnknownHousehold(id)
            | I::UnknownPerson(id)
            | I::UnknownCategory(id)
            | I::UnknownCadre(id)
            | I::UnknownTopic(id) => fill(&e.unknown, &[("what", &format!("#{id}"))]),
            I::InactiveCadre(_) => e.inactive_cadre.clone(),
            I::MergeTargetFinal { target, status: st } => {
                fill(&e.merge_target_final, &[("id", target), ("status", &status(*st))])
            }
            I::NotEditable(st) => fill(&e.not_editable, &[("status", &status(*st))]),
            I::DuplicateViewName(name) => fill(&e.duplicate_view, &[("name", name)]),
            I::NotYourView(_) => e.not_your_view.clone(),
            I::BadStoredValue { request, column } => fill(&e.bad_value, &[("id", request), ("column", column)]),
        },
    }
}

/// Why the workflow refused, and what is allowed from here instead.
pub fn refusal(
    lang: Lang,
    r: &crate::domain::workflow::Refusal,
    tried: Option<crate::domain::workflow::CommandKind>,
) -> String {
    use crate::domain::workflow::{RefusalReason as R, TextField};
    let t = texts(lang);
    let e = &t.req_errors;
    let status = label(&t.status, r.from.code());
    let allowed: Vec<&str> = r.allowed.iter().map(|k| label(&t.command, k.code())).collect();
    let allowed = fill(&t.req.allowed, &[("list", &allowed.join(" / "))]);
    match &r.reason {
        R::NotAllowedFrom(_) => {
            let what = tried.map_or(e.this_action.as_str(), |k| label(&t.command, k.code()));
            fill(
                &e.not_allowed,
                &[("status", &status), ("what", &what), ("allowed", &allowed)],
            )
        }
        R::EmptyText(TextField::Resolution) => fill(&e.empty_text, &[("what", &t.req.resolution)]),
        R::EmptyText(TextField::Reason) => fill(&e.empty_text, &[("what", &t.req.reason)]),
        R::NeedsRole(_) => fill(&e.needs_role, &[("what", &label(&t.command, "extend"))]),
        R::NeedsAssignee => e.needs_assignee.clone(),
        R::DueNotLater { current } => fill(&e.due_not_later, &[("due", current)]),
        R::LevelNotHigher { current } => fill(&e.level_not_higher, &[("level", &label(&t.level, current.code()))]),
        R::MergeIntoSelf => e.merge_self.clone(),
    }
}

/// A store error as a sentence for the status line or the CLI.
pub fn store_error(lang: Lang, err: &crate::store::StoreError) -> String {
    use crate::store::StoreError as E;
    let e = &texts(lang).errors;
    match err {
        E::Conflict { object } => fill(&e.conflict, &[("object", &object_name(lang, object))]),
        E::NewerSchema { found, supported } => fill(&e.newer_schema, &[("found", found), ("supported", supported)]),
        E::NetworkShare { path, fstype } => fill(&e.network_share, &[("path", &path.display()), ("fstype", fstype)]),
        E::UnknownUser(login) => fill(&e.unknown_user, &[("login", login)]),
        E::UserDisabled(login) => fill(&e.user_disabled, &[("login", login)]),
        E::NotFound(what) => fill(&e.not_found, &[("what", &object_name(lang, what))]),
        E::Refused(r) => {
            let kind = match r {
                crate::store::Refusal::UnknownVisitKind(k) => k.as_str(),
                _ => "",
            };
            fill(label(&texts(lang).refusal, r.code()), &[("kind", &kind)])
        }
        E::Account(a) => account_error(lang, a),
        E::Busy => e.busy.clone(),
        E::DiskFull => e.disk_full.clone(),
        E::Unusable { path, why } => {
            use crate::store::Unusable as U;
            let text = match why {
                U::Directory => &e.is_directory,
                U::NotAFile => &e.not_a_file,
                U::NotADatabase => &e.not_a_database,
                U::Damaged => &e.damaged,
                U::PermissionDenied => &e.permission_denied,
            };
            fill(text, &[("path", &path.display())])
        }
        E::Io(io) => io_error(lang, io),
        // SQLite's own text is English: the code is what an administrator needs.
        E::Sqlite(err) => fill(
            &e.sqlite_error,
            &[("code", &err.sqlite_error().map_or(0, |c| c.extended_code))],
        ),
        E::Exists(path) => fill(&texts(lang).admin.exists_needs_force, &[("path", &path.display())]),
        E::KeepNeedsDirectory(path) => fill(&texts(lang).admin.keep_needs_dir, &[("path", &path.display())]),
        E::InUse(path) => fill(&texts(lang).admin.restore_in_use, &[("path", &path.display())]),
        E::BadBackup(path) => fill(&texts(lang).admin.restore_bad_backup, &[("path", &path.display())]),
        E::BackupOverLive(path) => fill(&texts(lang).admin.backup_over_live, &[("path", &path.display())]),
        E::CopyFailedCheck(_) => texts(lang).admin.copy_failed_check.clone(),
        E::Migration { step, .. } => fill(&e.migration_failed, &[("step", step)]),
        E::Invalid(detail) => {
            // An internal fault: the sentence in the user's language, the
            // (English) detail in the log.
            tracing::error!(%detail, "internal store error");
            e.other.clone()
        }
    }
}

/// An object named by the store ("meeting 99", "cadre:15", "survey sample
/// 3/4") in the user's language: its kind word from the `[object]` table,
/// then the rest. Unknown kinds are left as they are.
pub fn object_name(lang: Lang, what: &str) -> String {
    let t = texts(lang);
    let cut = what.find([' ', ':']).unwrap_or(what.len());
    let (kind, rest) = what.split_at(cut);
    match t.object.get(kind) {
        Some(word) => {
            let rest = rest.trim_start_matches([' ', ':']);
            // Compound names ("campaign:3 household:7") name each part.
            let rest = rest
                .split(' ')
                .map(|p| {
                    if p.contains(':') {
                        object_name(lang, p)
                    } else {
                        p.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            if rest.is_empty() {
                word.clone()
            } else {
                format!("{word} {rest}")
            }
        }
        None => what.to_string(),
    }
}

/// An agenda write's failure as a sentence for the status line or the CLI.
pub fn agenda_error(lang: Lang, e: &crate::store::agenda_error::AgendaError) -> String {
    use crate::domain::meetings::DecisionRefusal as D;
    use crate::store::agenda_error::{AgendaError as E, AgendaInvalid as I};
    let t = texts(lang);
    let x = &t.agenda.errors;
    match e {
        E::Store(s) => store_error(lang, s),
        E::Request(r) => fill(&x.request_refused, &[("why", &request_error(lang, r, None))]),
        E::Decision(d) => match d {
            D::ProgressOutOfRange(n) => fill(&x.progress_range, &[("n", n)]),
            D::NotOpen(s) => fill(&x.not_open, &[("status", &label(&t.agenda.decision_status, s.code()))]),
            D::ScoreOutOfRange(n) => fill(&x.score_range, &[("n", n)]),
            D::EmptyText => x.empty_text.clone(),
        },
        E::Invalid(i) => match i {
            I::EmptyTitle => x.empty_title.clone(),
            I::EmptyText => x.empty_text.clone(),
            I::NoOpenRequests => x.no_open_requests.clone(),
            I::UnknownTopic(id) => fill(&x.unknown, &[("what", &object_name(lang, &format!("topic {id}")))]),
            I::UnknownMeeting(id) => fill(&x.unknown, &[("what", &object_name(lang, &format!("meeting {id}")))]),
            I::UnknownItem(id) => fill(&x.unknown, &[("what", &object_name(lang, &format!("item {id}")))]),
            I::UnknownDecision(id) => fill(&x.unknown, &[("what", &object_name(lang, &format!("decision {id}")))]),
            I::UnknownCadre(id) => fill(&x.unknown, &[("what", &object_name(lang, &format!("cadre {id}")))]),
            I::UnknownPerson(id) => fill(&x.unknown, &[("what", &object_name(lang, &format!("person {id}")))]),
            I::UnknownCategory(id) => fill(&x.unknown, &[("what", &object_name(lang, &format!("category {id}")))]),
            I::AlreadyOnAgenda(_) => x.already_on_agenda.clone(),
            I::ItemHasRecords(_) => x.item_has_records.clone(),
            I::LevelNotHigher(l) => fill(&x.level_not_higher, &[("level", &label(&t.level, l.code()))]),
            I::BadMinutes(n) => fill(&x.bad_minutes, &[("n", n)]),
            I::BadLength(n) => fill(&x.bad_length, &[("n", n)]),
            I::AlreadyParticipant => x.already_participant.clone(),
            I::MeetingClosed(_) => x.meeting_closed.clone(),
            I::StatusNotNext { .. } => x.status_final.clone(),
        },
    }
}

/// A register relation warning in the user's language.
pub fn relation_warning(lang: Lang, w: &crate::domain::relations::RelationWarning) -> String {
    use crate::domain::relations::RelationWarning as W;
    let t = texts(lang);
    let c = &t.checks;
    match w {
        W::TooLittleYounger {
            relation,
            min,
            age,
            head_age,
        } => fill(
            &c.rel_younger,
            &[
                ("relation", relation),
                ("min", min),
                ("age", age),
                ("head_age", head_age),
            ],
        ),
        W::TooLittleOlder {
            relation,
            min,
            age,
            head_age,
        } => fill(
            &c.rel_older,
            &[
                ("relation", relation),
                ("min", min),
                ("age", age),
                ("head_age", head_age),
            ],
        ),
        W::Gender { relation, gender } => fill(
            &c.rel_gender,
            &[("relation", relation), ("gender", &label(&t.gender, gender.code()))],
        ),
        W::SpouseSameGender => c.rel_spouse_gender.clone(),
        W::SpouseMinor { min_age } => fill(&c.rel_spouse_minor, &[("min", min_age)]),
        W::SiblingGap { gap } => fill(&c.rel_sibling_age, &[("gap", gap)]),
    }
}

/// Why a new password is refused (the policy in README "Accounts and roles").
pub fn password_problem(lang: Lang, problem: &crate::domain::accounts::PasswordProblem) -> String {
    use crate::domain::accounts::{MIN_PASSWORD_CHARS, PasswordProblem};
    let a = &texts(lang).accounts;
    match problem {
        PasswordProblem::TooShort => fill(&a.too_short, &[("n", &MIN_PASSWORD_CHARS)]),
        PasswordProblem::TooFewKinds => a.too_few_kinds.clone(),
    }
}

/// "Needs …: … may" for `permission`, naming the roles of the role table
/// that hold it (README "Accounts and roles").
pub fn not_permitted(lang: Lang, permission: crate::domain::accounts::Permission) -> String {
    not_permitted_by(lang, permission, &crate::domain::accounts::roles_with(permission))
}

fn not_permitted_by(
    lang: Lang,
    permission: crate::domain::accounts::Permission,
    roles: &[crate::domain::request::Role],
) -> String {
    let t = texts(lang);
    let name: &'static str = permission.into();
    fill(
        &t.accounts.not_permitted,
        &[
            ("what", &label(&t.permission, name)),
            ("roles", &role_list(lang, roles)),
        ],
    )
}

/// "admin or leader": the roles' names joined for a refusal sentence.
fn role_list(lang: Lang, roles: &[crate::domain::request::Role]) -> String {
    let t = texts(lang);
    let names: Vec<&str> = roles.iter().map(|r| label(&t.role, r.code())).collect();
    names.join(&t.accounts.roles_sep)
}

/// A refused account action as a sentence.
pub fn account_error(lang: Lang, err: &crate::store::accounts::AccountError) -> String {
    use crate::store::accounts::AccountError as A;
    let t = texts(lang);
    let a = &t.accounts;
    match err {
        A::WeakPassword(problem) => password_problem(lang, problem),
        A::NotPermitted { permission, roles } => not_permitted_by(lang, *permission, roles),
        A::LoginTaken(login) => fill(&a.login_taken, &[("login", login)]),
        A::LastAdmin => a.last_admin.clone(),
        A::NotEmpty => a.not_empty.clone(),
        A::OutsideScope => t.login.outside_scope.clone(),
        A::RequestOutsideScope { roles } => fill(&a.request_outside_scope, &[("roles", &role_list(lang, roles))]),
        A::NewRequestOutsideScope { roles } => {
            fill(&a.new_request_outside_scope, &[("roles", &role_list(lang, roles))])
        }
        A::MeetingOutsideScope { roles } => fill(&a.meeting_outside_scope, &[("roles", &role_list(lang, roles))]),
        A::IdleLockRange(n) => {
            let r = crate::store::accounts::IDLE_LOCK_RANGE;
            fill(
                &t.login.idle_lock_range,
                &[("min", r.start()), ("max", r.end()), ("n", n)],
            )
        }
    }
}

/// A refused login as a sentence; an unknown login and a wrong password
/// read the same.
pub fn login_error(lang: Lang, err: &crate::store::accounts::LoginError, login: &str) -> String {
    use crate::store::accounts::LoginError as L;
    let a = &texts(lang).accounts;
    match err {
        L::BadCredentials => a.bad_credentials.clone(),
        L::Locked { until } => locked(lang, *until, chrono::Local::now().naive_local()),
        L::Disabled => a.disabled.clone(),
        L::NoPassword => fill(&a.no_password, &[("login", &login)]),
        L::Store(e) => store_error(lang, e),
    }
}

/// "Locked for N more minutes (until HH:MM)" as seen at `now`.
pub fn locked(lang: Lang, until: chrono::NaiveDateTime, now: chrono::NaiveDateTime) -> String {
    let minutes = ((until - now).num_seconds() + 59).div_euclid(60).max(1);
    fill(
        &texts(lang).accounts.locked,
        &[("minutes", &minutes), ("until", &until.format("%H:%M"))],
    )
}

/// A file error as a sentence: the kind in the user's language, never the
/// operating system's English text (and never called a database error).
pub fn io_error(lang: Lang, err: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let e = &texts(lang).errors;
    if err.raw_os_error().is_some_and(crate::store::is_disk_full_errno) || err.kind() == K::StorageFull {
        return e.disk_full.clone();
    }
    if let Some(limit) = crate::export::excel_limit::limit_of(err) {
        return excel_limit(lang, limit);
    }
    fill(&e.file_error, &[("detail", &io_detail(lang, err))])
}

/// A command's failure as one sentence: a file or output error in the
/// user's words (a full disk named as such), anything else as it was
/// already said.
pub fn anyhow_error(lang: Lang, e: &anyhow::Error) -> String {
    match e.downcast_ref::<std::io::Error>() {
        Some(io) => io_error(lang, io),
        None => e.to_string(),
    }
}

/// What went wrong with a file, in the user's language: the part of
/// [`io_error`] a sentence naming the file can carry.
pub fn io_detail(lang: Lang, err: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let e = &texts(lang).errors;
    if let Some(limit) = crate::export::excel_limit::limit_of(err) {
        return excel_limit(lang, limit);
    }
    match err.kind() {
        K::NotFound => e.io_not_found.clone(),
        K::PermissionDenied => e.io_permission.clone(),
        K::AlreadyExists => e.io_exists.clone(),
        // What read_to_string says of a file saved as GBK.
        K::InvalidData => e.io_not_utf8.clone(),
        // A crate's own error carried as an I/O error has no number to give.
        _ => match err.raw_os_error() {
            Some(code) => fill(&e.io_other, &[("code", &code)]),
            None => e.io_internal.clone(),
        },
    }
}

/// An Excel limit a table went over, and what to do instead.
fn excel_limit(lang: Lang, limit: crate::export::excel_limit::ExcelLimit) -> String {
    use crate::export::excel_limit::ExcelLimit as L;
    let e = &texts(lang).errors;
    match limit {
        L::CellText => e.excel_cell_text.clone(),
        L::Rows => e.excel_rows.clone(),
    }
}
