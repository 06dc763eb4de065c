//! The set-up pane's part of the effect executor: the only file of the
//! pane that talks to the store. The register import runs on a thread of
//! its own with a second connection of the same session, and reports its
//! stages as messages (README "Setting up an office").

use super::Services;
use crate::app::message::{Message, Outcome};
use crate::app::state::State;
use crate::domain::settings::NumberSetting;
use crate::panes::setup::forms::{PlaceInput, SetupOp};
use crate::panes::setup::state::Accounts;
use crate::panes::setup::update::{SetupEffect, SetupMessage};
use crate::store::accounts::{NewUser, UserChange};
use crate::store::setup::{self, SetupError};
use crate::store::{Store, StoreError};
use crate::text::i18n::{self, Lang, fill, texts};
use std::path::{Path, PathBuf};

pub fn execute(state: &State, svc: &mut Services, effect: SetupEffect) -> Outcome {
    let lang = state.lang;
    match effect {
        SetupEffect::LoadAccounts => Outcome::read(vec![accounts(svc, lang)]),
        SetupEffect::Save(op) => save(svc, op, lang),
        SetupEffect::Toggle {
            kind,
            id,
            version,
            active,
        } => {
            let t = &texts(lang).setup.ui;
            let said = match setup::set_active(&mut svc.store, kind, id, version, active) {
                Ok(()) => Message::Info(if active {
                    t.reactivated.clone()
                } else {
                    t.deactivated.clone()
                }),
                Err(e) => Message::Error(setup_error(lang, &e)),
            };
            Outcome::wrote(vec![said])
        }
        SetupEffect::ToggleUser { login, disabled } => {
            let t = &texts(lang).setup.ui;
            let said = match svc.store.change_user(&login, UserChange::Disabled(disabled)) {
                Ok(()) => Message::Info(fill(
                    if disabled { &t.user_disabled } else { &t.user_enabled },
                    &[("login", &login)],
                )),
                Err(e) => Message::Error(i18n::store_error(lang, &e)),
            };
            Outcome::wrote(vec![said, accounts(svc, lang)])
        }
        SetupEffect::Complete(typed) => {
            let (text, choices) = complete_path(&typed);
            Outcome::read(vec![Message::Setup(Box::new(SetupMessage::Completed {
                text,
                choices,
            }))])
        }
        SetupEffect::Import { file, dry_run, update } => import(state, svc, expand_home(&file), dry_run, update),
        SetupEffect::Calendar(file) => {
            let file = expand_home(&file);
            let mut out = Vec::new();
            let said = match crate::admin::import_calendar(&mut svc.store, &file, lang, &mut out) {
                Ok(()) => Message::Info(String::from_utf8_lossy(&out).trim().replace('\n', "; ")),
                Err(e) => Message::Error(e.to_string()),
            };
            Outcome::wrote(vec![said])
        }
    }
}

fn accounts(svc: &mut Services, lang: Lang) -> Message {
    let a = match setup::list_accounts(&mut svc.store) {
        Ok(rows) => Accounts::Loaded(rows),
        Err(e) => Accounts::Refused(i18n::store_error(lang, &e)),
    };
    Message::Setup(Box::new(SetupMessage::Accounts(a)))
}

/// A refusal of the set-up store as a sentence.
pub fn setup_error(lang: Lang, e: &SetupError) -> String {
    let t = &texts(lang).setup.ui;
    match e {
        SetupError::BadName => fill(&t.e_name, &[("max", &crate::domain::settings::MAX_NAME_CHARS)]),
        SetupError::Taken(name) => fill(&t.e_taken, &[("name", name)]),
        SetupError::OutOfRange { min, max } => fill(&t.e_range, &[("min", min), ("max", max)]),
        SetupError::Unknown => t.e_unknown.clone(),
        SetupError::Store(s) => i18n::store_error(lang, s),
    }
}

/// The field a refusal belongs on, if it is one field's fault.
fn field_of(op: &SetupOp, e: &SetupError) -> Option<&'static str> {
    match (op, e) {
        (SetupOp::Number { .. } | SetupOp::Sla { .. }, SetupError::OutOfRange { .. }) => Some("value"),
        (
            SetupOp::Place {
                input: PlaceInput::Group(_),
                ..
            },
            SetupError::Taken(_) | SetupError::OutOfRange { .. },
        ) => Some("number"),
        (
            SetupOp::Place {
                input: PlaceInput::Grid(_),
                ..
            },
            SetupError::OutOfRange { .. },
        ) => Some("row"),
        (_, SetupError::Taken(_) | SetupError::BadName) => Some("name"),
        _ => None,
    }
}

fn save(svc: &mut Services, op: SetupOp, lang: Lang) -> Outcome {
    let t = &texts(lang).setup.ui;
    let store = &mut svc.store;
    let result: Result<(), SetupError> = match &op {
        SetupOp::Township { before, new } => setup::set_township(store, before, new),
        SetupOp::Number { key, value } => match NumberSetting::by_key(key) {
            Some(s) => setup::set_number(store, s, *value),
            None => Err(SetupError::Unknown),
        },
        SetupOp::Sla { kind, days } => setup::set_sla(store, kind, *days),
        SetupOp::Place { target: None, input } => match input {
            PlaceInput::Village(v) => setup::add_village(store, v).map(drop),
            PlaceInput::Group(v) => setup::add_group(store, v).map(drop),
            PlaceInput::Grid(v) => setup::add_grid(store, v).map(drop),
            PlaceInput::Cadre(v) => setup::add_cadre(store, v).map(drop),
            PlaceInput::Category(v) => setup::add_category(store, v).map(drop),
        },
        SetupOp::Place {
            target: Some((id, version)),
            input,
        } => match input {
            PlaceInput::Village(v) => setup::edit_village(store, *id, *version, v),
            PlaceInput::Group(v) => setup::edit_group(store, *id, *version, v),
            PlaceInput::Grid(v) => setup::edit_grid(store, *id, *version, v),
            PlaceInput::Cadre(v) => setup::edit_cadre(store, *id, *version, v),
            PlaceInput::Category(v) => setup::edit_category(store, *id, *version, v),
        },
        SetupOp::AddUser {
            login,
            display_name,
            role,
            password,
            cadre_id,
        } => store
            .add_user(&NewUser {
                login,
                display_name,
                role: *role,
                password,
                cadre_id: *cadre_id,
            })
            .map_err(SetupError::Store),
        SetupOp::EditUser { login, edit } => setup::edit_user(store, login, edit),
        SetupOp::Password { login, password } => store
            .change_user(login, UserChange::Password(password))
            .map_err(SetupError::Store),
    };
    let mut messages = match result {
        Ok(()) => vec![Message::FormSaved(t.saved.clone())],
        Err(e) => {
            let text = setup_error(lang, &e);
            match field_of(&op, &e) {
                // A login already taken is the login field's fault.
                _ if matches!(
                    e,
                    SetupError::Store(StoreError::Account(crate::store::accounts::AccountError::LoginTaken(_)))
                ) =>
                {
                    vec![Message::FieldRefused { field: "login", text }]
                }
                _ if matches!(
                    e,
                    SetupError::Store(StoreError::Account(crate::store::accounts::AccountError::WeakPassword(
                        _
                    )))
                ) =>
                {
                    vec![Message::FieldRefused {
                        field: "password",
                        text,
                    }]
                }
                Some(field) => vec![Message::FieldRefused { field, text }],
                None => vec![Message::FormRefused(text)],
            }
        }
    };
    if matches!(
        op,
        SetupOp::AddUser { .. } | SetupOp::EditUser { .. } | SetupOp::Password { .. }
    ) {
        messages.push(accounts(svc, lang));
    }
    Outcome::wrote(messages)
}

// ---- path completion ----

/// "~/x" as the path in the home folder.
fn expand_home(file: &Path) -> PathBuf {
    match (file.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => Path::new(&home).join(rest),
        _ => file.to_path_buf(),
    }
}

/// Completes the last part of `typed` against the folder it names: one
/// fitting name is filled in (a folder gets its "/"), several fill their
/// common start and are listed.
pub fn complete_path(typed: &str) -> (String, Vec<String>) {
    let expanded = match typed.strip_prefix("~/") {
        Some(rest) => std::env::var_os("HOME")
            .map_or_else(|| typed.to_string(), |h| format!("{}/{rest}", Path::new(&h).display())),
        None => typed.to_string(),
    };
    let (dir, stem) = match expanded.rfind('/') {
        Some(i) => (&expanded[..=i], &expanded[i + 1..]),
        None => ("./", expanded.as_str()),
    };
    let Ok(entries) = std::fs::read_dir(if dir.is_empty() { "." } else { dir }) else {
        return (typed.to_string(), vec![]);
    };
    let mut names: Vec<(String, bool)> = entries
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().into_string().ok()?;
            (name.starts_with(stem) && (!name.starts_with('.') || stem.starts_with('.')))
                .then(|| (name, e.path().is_dir()))
        })
        .collect();
    names.sort();
    let prefix = if expanded.contains('/') { dir } else { "" };
    match names.as_slice() {
        [] => (typed.to_string(), vec![]),
        [(name, is_dir)] => (format!("{prefix}{name}{}", if *is_dir { "/" } else { "" }), vec![]),
        several => {
            let first = &several[0].0;
            let common = several.iter().fold(first.len(), |n, (name, _)| {
                first
                    .char_indices()
                    .zip(name.chars())
                    .take_while(|((_, a), b)| a == b)
                    .last()
                    .map_or(0, |((i, a), _)| i + a.len_utf8())
                    .min(n)
            });
            let shown = several
                .iter()
                .map(|(n, d)| format!("{n}{}", if *d { "/" } else { "" }))
                .collect();
            (format!("{prefix}{}", &first[..common]), shown)
        }
    }
}

// ---- register import ----

/// Where the dry run writes its report of bad rows: beside the sheet,
/// never over an existing file.
fn report_path(file: &Path, lang: Lang) -> PathBuf {
    let stem = file
        .file_stem()
        .map_or_else(|| "register".into(), |s| s.to_string_lossy().into_owned());
    let dir = file.parent().unwrap_or(Path::new("."));
    let suffix = &texts(lang).setup.ui.report_suffix;
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{stem}-{suffix}.xlsx")
        } else {
            format!("{stem}-{suffix}-{n}.xlsx")
        };
        let p = dir.join(name);
        if !p.exists() {
            return p;
        }
        n += 1;
    }
}

/// Runs the importer (the same function as `minqing import register`)
/// off the UI thread when the loop gave us its channel, else in place.
fn import(state: &State, svc: &mut Services, file: PathBuf, dry_run: bool, update: bool) -> Outcome {
    let lang = state.lang;
    let today = state.today;
    let Some(events) = svc.events.clone() else {
        let mut messages = Vec::new();
        let done = run_import(&mut svc.store, &file, dry_run, update, lang, today, &mut |m| {
            messages.push(m)
        });
        messages.push(done);
        return Outcome::wrote(messages);
    };
    let mut store = match svc.store.second_session() {
        Ok(s) => s,
        Err(e) => return Outcome::read(vec![Message::Error(i18n::store_error(lang, &e))]),
    };
    std::thread::spawn(move || {
        let send = |m: Message| {
            let _ = events.send(crate::app::event::AppEvent::Message(Box::new(m)));
        };
        let done = run_import(&mut store, &file, dry_run, update, lang, today, &mut |m| send(m));
        send(done);
    });
    Outcome::read(vec![])
}

/// The progress message for a stage the importer reached.
fn progress_message(lang: Lang, stage: crate::import::Stage) -> Message {
    use crate::import::Stage;
    let t = &texts(lang).setup.ui;
    let text = match stage {
        Stage::Checking => &t.stage_checking,
        Stage::Report => &t.stage_report,
        Stage::Writing { .. } => &t.stage_writing,
    };
    Message::Setup(Box::new(SetupMessage::Progress {
        ratio: stage.ratio(),
        stage: text.clone(),
    }))
}

/// A sheet of villages, groups, grids and cadres: imported at once (it
/// only creates what is missing, so there is nothing to confirm), as
/// `minqing import places` does.
fn run_places_import(store: &mut Store, file: &Path, lang: Lang) -> Message {
    let mut out = Vec::new();
    let result = crate::import::import_places(store, file, None, None, lang, &mut out);
    let mut lines: Vec<String> = String::from_utf8_lossy(&out).lines().map(str::to_string).collect();
    let (ok, text) = match result {
        Ok(_) => (true, lines.pop().unwrap_or_default()),
        Err(e) => (false, e),
    };
    Message::Setup(Box::new(SetupMessage::Finished {
        lines,
        report: None,
        can_confirm: false,
        ok,
        text,
        places: true,
    }))
}

fn run_import(
    store: &mut Store,
    file: &Path,
    dry_run: bool,
    update: bool,
    lang: Lang,
    today: chrono::NaiveDate,
    progress: &mut dyn FnMut(Message),
) -> Message {
    let t = &texts(lang).setup.ui;
    if crate::import::is_places_sheet(file) {
        return run_places_import(store, file, lang);
    }
    let report = dry_run.then(|| report_path(file, lang));
    let args = crate::import::RegisterArgs {
        file: file.to_path_buf(),
        sheet: None,
        dry_run,
        update,
        report: report.clone(),
        encoding: None,
        // Places the sheet names but the office lacks are listed in the
        // dry run ("将新建…") and created when the clerk confirms.
        create_places: true,
        ..Default::default()
    };
    let mut out = Vec::new();
    let result = crate::import::import_register(store, &args, lang, today, &mut out, &mut |stage| {
        progress(progress_message(lang, stage))
    });
    let mut lines: Vec<String> = String::from_utf8_lossy(&out).lines().map(str::to_string).collect();
    // The pane names the report itself, below the importer's lines.
    if let Some(path) = &report {
        let shown = path.display().to_string();
        lines.retain(|l| !l.contains(&shown));
    }
    // A clean sheet, nobody missing, needs no report.
    let report = match (&result, report) {
        (Ok(outcome), Some(path)) if outcome.issues.is_empty() && outcome.missing.is_empty() => {
            let _ = std::fs::remove_file(&path);
            None
        }
        (_, report) => report.filter(|p| p.exists()),
    };
    let (ok, can_confirm, text) = match &result {
        Ok(_) if dry_run => (true, true, t.dry_run_ok.clone()),
        Ok(outcome) => (
            true,
            false,
            fill(
                &t.imported,
                &[
                    ("persons", &outcome.new_persons()),
                    ("households", &outcome.new_households()),
                ],
            ),
        ),
        Err(e) => (false, false, e.clone()),
    };
    Message::Setup(Box::new(SetupMessage::Finished {
        lines,
        report,
        can_confirm,
        ok,
        text,
        places: false,
    }))
}

#[cfg(test)]
mod tests {
    use super::complete_path;

    #[test]
    fn tab_fills_the_one_fitting_name_and_lists_several() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("户籍2026.csv"), "x").expect("file");
        std::fs::write(dir.path().join("户籍2025.csv"), "x").expect("file");
        std::fs::create_dir(dir.path().join("data")).expect("dir");
        let base = format!("{}/", dir.path().display());
        let (text, choices) = complete_path(&format!("{base}d"));
        assert_eq!(text, format!("{base}data/"));
        assert!(choices.is_empty());
        let (text, choices) = complete_path(&format!("{base}户"));
        assert_eq!(text, format!("{base}户籍202"));
        assert_eq!(choices, vec!["户籍2025.csv", "户籍2026.csv"]);
        let (text, choices) = complete_path(&format!("{base}nothing"));
        assert_eq!(text, format!("{base}nothing"));
        assert!(choices.is_empty());
    }
}
