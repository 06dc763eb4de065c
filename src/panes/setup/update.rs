//! The set-up pane's keys and what its effects found out. Writes need an
//! administrator; others see the pane read-only and are told why.

use super::forms::{self, SetupOp};
use super::state::{Accounts, FileUse, ImportRun, Section, SettingRow};
use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::input::Input;
use crate::app::keymap::Context;
use crate::app::state::State;
use crate::model::setup::Kind;
use crate::panes::PaneId;
use crate::text::i18n::texts;
use std::path::PathBuf;

/// What the set-up pane asks the executor for.
#[derive(Debug, Clone, PartialEq)]
pub enum SetupEffect {
    /// Read the accounts (administrators only; a refusal is audited).
    LoadAccounts,
    /// Save a form.
    Save(SetupOp),
    /// Deactivate or reactivate a row.
    Toggle {
        kind: Kind,
        id: i64,
        version: i64,
        active: bool,
    },
    /// Disable or enable an account.
    ToggleUser { login: String, disabled: bool },
    /// Complete the path typed in the file prompt.
    Complete(String),
    /// Run the register importer: a dry run first, then the write.
    Import { file: PathBuf, dry_run: bool, update: bool },
    /// Import a holiday calendar file (the checks of `minqing calendar import`).
    Calendar(PathBuf),
}

#[derive(Debug, Clone, PartialEq)]
pub enum SetupMessage {
    Accounts(Accounts),
    /// The prompt's new text and, when several names fit, the names.
    Completed {
        text: String,
        choices: Vec<String>,
    },
    /// The import reached a stage (0.0 to 1.0).
    Progress {
        ratio: f64,
        stage: String,
    },
    /// The import ended: its lines, the report written, whether a dry run
    /// may be confirmed, and the final sentence (ok or not).
    Finished {
        lines: Vec<String>,
        report: Option<PathBuf>,
        can_confirm: bool,
        ok: bool,
        text: String,
        /// The sheet was one of places, imported at once.
        places: bool,
    },
}

/// The contexts of the pane now, most specific first.
pub fn contexts(state: &State) -> Option<(Vec<Context>, bool)> {
    if state.setup.import.prompt.is_some() {
        return Some((vec![Context::SetupPrompt, Context::Input, Context::Global], true));
    }
    let s = &state.setup;
    let mut ctx = vec![];
    if s.section == Section::Import && s.import.run.as_ref().is_some_and(|r| r.can_confirm) {
        ctx.push(Context::SetupImport);
    }
    ctx.extend([Context::Setup, Context::List, Context::Global]);
    Some((ctx, false))
}

/// The rows of the settings section, in display order.
pub fn setting_rows(state: &State) -> Vec<SettingRow> {
    let Some(data) = state.data.as_ref() else {
        return vec![];
    };
    let mut rows: Vec<SettingRow> = data.setup.numbers.iter().map(|(k, _)| SettingRow::Number(k)).collect();
    rows.extend(data.setup.sla.iter().map(|(k, _)| SettingRow::Sla(k.clone())));
    rows.push(SettingRow::Calendar);
    rows
}

/// Whether `action` would be accepted now (greyed out otherwise).
pub fn enabled(state: &State, action: Action) -> bool {
    let s = &state.setup;
    let writes = matches!(
        action,
        Action::SetupAdd | Action::SetupEdit | Action::SetupToggle | Action::SetupPassword | Action::SetupImport
    );
    if writes && !s.admin {
        return false;
    }
    let has_row = state.list_of(PaneId::SETUP).selected_row().is_some();
    match action {
        Action::SetupAdd => matches!(
            s.section,
            Section::Villages
                | Section::Groups
                | Section::Grids
                | Section::Cadres
                | Section::Categories
                | Section::Users
        ),
        Action::SetupEdit => {
            matches!(s.section, Section::Township)
                || (has_row && !matches!(s.section, Section::Start | Section::Import))
        }
        Action::SetupToggle => {
            has_row
                && !matches!(
                    s.section,
                    Section::Start | Section::Import | Section::Township | Section::Settings
                )
        }
        Action::SetupPassword => has_row && s.section == Section::Users,
        Action::SetupImport => s.import.run.as_ref().is_none_or(|r| r.finished),
        _ => true,
    }
}

pub fn update(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    if state.setup.import.prompt.is_some() {
        return Some(prompt_key(state, action));
    }
    let section = state.setup.section;
    let go = |state: &mut State, to: Section| Some(go_to(state, to));
    match action {
        Action::SetupPrevSection => go(state, section.step(-1)),
        Action::SetupNextSection => go(state, section.step(1)),
        Action::SetupGoTownship => go(state, Section::Township),
        Action::SetupGoPlaces => go(state, Section::Villages),
        Action::SetupGoCadres => go(state, Section::Cadres),
        Action::SetupGoUsers => go(state, Section::Users),
        Action::SetupAdd | Action::SetupEdit | Action::SetupToggle | Action::SetupPassword | Action::SetupImport
            if !state.setup.admin =>
        {
            let t = &texts(state.lang).setup.ui;
            state.error(t.read_only.clone());
            Some(vec![])
        }
        Action::SetupAdd if enabled(state, action) => {
            forms::open_add(state);
            Some(vec![])
        }
        Action::Open if section == Section::Import => Some(confirm_import(state)),
        Action::SetupConfirmImport => Some(confirm_import(state)),
        Action::Open if section == Section::Start => Some(vec![]),
        Action::SetupEdit | Action::Open if state.setup.admin => {
            if enabled(state, Action::SetupEdit) {
                if section == Section::Settings
                    && setting_rows(state).get(selected(state)) == Some(&SettingRow::Calendar)
                {
                    open_prompt(state, FileUse::Calendar);
                } else {
                    forms::open_edit(state);
                }
            }
            Some(vec![])
        }
        Action::Open => {
            let t = &texts(state.lang).setup.ui;
            state.error(t.read_only.clone());
            Some(vec![])
        }
        Action::SetupToggle if enabled(state, action) => Some(toggle(state)),
        Action::SetupPassword if enabled(state, action) => {
            forms::open_password(state);
            Some(vec![])
        }
        Action::SetupImport if enabled(state, action) => {
            state.setup.section = Section::Import;
            open_prompt(state, FileUse::Register);
            Some(vec![])
        }
        Action::Back if section == Section::Import && state.setup.import.run.as_ref().is_some_and(|r| r.finished) => {
            state.setup.import.run = None;
            Some(vec![])
        }
        Action::SetupAdd | Action::SetupEdit | Action::SetupToggle | Action::SetupPassword | Action::SetupImport => {
            Some(vec![])
        }
        Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom
            if section == Section::Import =>
        {
            scroll_import(state, action);
            Some(vec![])
        }
        _ => None,
    }
}

/// Scrolls what the importer said (the section has no rows to select) by
/// the rows the last frame showed, no further than its last line.
fn scroll_import(state: &mut State, action: Action) {
    let page = state.layout.import_page.get().max(1);
    let last = state.layout.import_last.get();
    let Some(run) = state.setup.import.run.as_mut().filter(|r| r.finished) else {
        return;
    };
    if let Some(by) = crate::app::selection::Selection::delta(action, page) {
        run.scroll = (run.scroll as isize).saturating_add(by).clamp(0, last as isize) as usize;
    }
}

/// The selected row's index into the current section's rows.
pub fn selected(state: &State) -> usize {
    state.list_of(PaneId::SETUP).selected_row().unwrap_or(usize::MAX)
}

/// Opens a section: its list starts at the top; the accounts are read.
pub fn go_to(state: &mut State, to: Section) -> Vec<Effect> {
    state.setup.section = to;
    let list = state.list_of_mut(PaneId::SETUP);
    list.selected = 0;
    list.offset = 0;
    list.filter.clear();
    state.refilter(PaneId::SETUP);
    if to == Section::Users {
        vec![Effect::Setup(Box::new(SetupEffect::LoadAccounts))]
    } else {
        vec![]
    }
}

fn open_prompt(state: &mut State, use_: FileUse) {
    // Empty: a relative path is read from the folder minqing was started
    // in, and Tab lists it.
    state.setup.import.prompt = Some((Input::default(), use_));
    state.setup.import.choices.clear();
}

/// The path the prompt names: a file or folder dragged from the file
/// manager into the terminal arrives quoted ('/home/wang/户籍 表.xlsx' ) or
/// with its spaces escaped (户籍\ 表.xlsx); both mean the path itself, for
/// Enter and for Tab alike.
fn typed_path(text: &str) -> String {
    let text = text.trim();
    let quoted = ['\'', '"']
        .iter()
        .find_map(|q| text.strip_prefix(*q).and_then(|t| t.strip_suffix(*q)));
    match quoted {
        Some(inside) => inside.to_string(),
        None => text.replace("\\ ", " "),
    }
}

fn prompt_key(state: &mut State, action: Action) -> Vec<Effect> {
    let Some((input, use_)) = state.setup.import.prompt.as_mut() else {
        return vec![];
    };
    match action {
        a if input.edit(a) => {}
        Action::SetupComplete => {
            return vec![Effect::Setup(Box::new(SetupEffect::Complete(typed_path(&input.text))))];
        }
        Action::InputCancel => {
            state.setup.import.prompt = None;
            state.setup.import.choices.clear();
            return vec![];
        }
        Action::InputAccept => {
            let file = PathBuf::from(typed_path(&input.text));
            let use_ = *use_;
            if file.as_os_str().is_empty() {
                let t = &texts(state.lang).setup.ui;
                state.error(crate::text::i18n::fill(&t.no_such_file, &[("path", &file.display())]));
                return vec![];
            }
            state.setup.import.prompt = None;
            state.setup.import.choices.clear();
            return match use_ {
                FileUse::Calendar => vec![Effect::Setup(Box::new(SetupEffect::Calendar(file)))],
                FileUse::Register => start_import(state, file, true),
            };
        }
        _ => return vec![],
    }
    state.setup.import.choices.clear();
    vec![]
}

/// Starts a run: re-importing over a register already kept is an update
/// (persons matched on their resident ID), a first import creates.
fn start_import(state: &mut State, file: PathBuf, dry_run: bool) -> Vec<Effect> {
    let update = state.data.as_ref().is_some_and(|d| d.setup.households > 0);
    let t = &texts(state.lang).setup.ui;
    state.setup.import.run = Some(ImportRun {
        file: file.clone(),
        dry_run,
        update,
        places: false,
        progress: 0.0,
        stage: t.stage_reading.clone(),
        lines: vec![],
        scroll: 0,
        report: None,
        finished: false,
        can_confirm: false,
        result: None,
    });
    vec![Effect::Setup(Box::new(SetupEffect::Import { file, dry_run, update }))]
}

fn confirm_import(state: &mut State) -> Vec<Effect> {
    match state.setup.import.run.as_ref() {
        Some(run) if run.can_confirm && run.finished && run.dry_run => {
            let file = run.file.clone();
            start_import(state, file, false)
        }
        _ => vec![],
    }
}

fn toggle(state: &mut State) -> Vec<Effect> {
    let i = selected(state);
    let Some(data) = state.data.as_ref() else {
        return vec![];
    };
    let d = &data.setup;
    let effect = match state.setup.section {
        Section::Villages => d.villages.get(i).map(|r| (Kind::Village, r.id, r.version, !r.active)),
        Section::Groups => d.groups.get(i).map(|r| (Kind::Group, r.id, r.version, !r.active)),
        Section::Grids => d.grids.get(i).map(|r| (Kind::Grid, r.id, r.version, !r.active)),
        Section::Cadres => d.cadres.get(i).map(|r| (Kind::Cadre, r.id, r.version, !r.active)),
        Section::Categories => d
            .categories
            .get(i)
            .map(|r| (Kind::Category, r.id, r.version, !r.active)),
        Section::Users => {
            return match &state.setup.accounts {
                Accounts::Loaded(rows) => rows
                    .get(i)
                    .map(|a| {
                        vec![Effect::Setup(Box::new(SetupEffect::ToggleUser {
                            login: a.login.clone(),
                            disabled: !a.disabled,
                        }))]
                    })
                    .unwrap_or_default(),
                _ => vec![],
            };
        }
        _ => None,
    };
    effect
        .map(|(kind, id, version, active)| {
            vec![Effect::Setup(Box::new(SetupEffect::Toggle {
                kind,
                id,
                version,
                active,
            }))]
        })
        .unwrap_or_default()
}

pub fn apply(state: &mut State, message: SetupMessage) {
    match message {
        SetupMessage::Accounts(accounts) => {
            state.setup.accounts = accounts;
            state.refilter(PaneId::SETUP);
        }
        SetupMessage::Completed { text, choices } => {
            if let Some((input, _)) = state.setup.import.prompt.as_mut() {
                *input = Input::with_text(&text);
            }
            state.setup.import.choices = choices;
        }
        SetupMessage::Progress { ratio, stage } => {
            if let Some(run) = state.setup.import.run.as_mut() {
                run.progress = ratio.clamp(0.0, 1.0);
                run.stage = stage;
            }
        }
        SetupMessage::Finished {
            lines,
            report,
            can_confirm,
            ok,
            text,
            places,
        } => {
            if let Some(run) = state.setup.import.run.as_mut() {
                run.places = places;
                // A run that never got past reading the file is not "done".
                if ok || run.reached_a_stage() {
                    run.progress = 1.0;
                }
                run.finished = true;
                run.lines = lines;
                run.report = report;
                run.can_confirm = can_confirm;
                run.result = Some((ok, text.clone()));
            }
            if ok {
                state.info(text);
            } else {
                state.error(text);
            }
        }
    }
}
