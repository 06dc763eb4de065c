//! 设置: the office's set-up (README "Setting up an office"): the first-run
//! checklist, township, working settings, villages and groups, grids,
//! cadres, categories, accounts, and the register import. Administrators
//! change things; everyone else sees it read-only.

pub mod draw;
pub mod forms;
pub mod forms_parse;
pub mod import_view;
pub mod state;
pub mod update;

use super::{Pane, PaneId, fields_match};
use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::form::FormKind;
use crate::app::keymap::{Context, Keymap};
use crate::app::message::Message;
use crate::app::snapshot::Snapshot;
use crate::app::state::State;
use crate::text::i18n::{Texts, label, texts};
use ratatui::Frame;
use ratatui::layout::Rect;
use state::{Accounts, Section, SettingRow};

/// The empty-list note of the lookup and requests panes while the
/// register is empty: where to fill it (the set-up pane).
pub fn empty_register_note<'a>(state: &State, t: &'a Texts) -> Option<&'a str> {
    let empty = state.data.as_ref().is_some_and(|d| d.setup.households == 0);
    (empty && state.list().filter.is_empty()).then_some(t.setup.ui.empty_register.as_str())
}

impl PaneId {
    pub const SETUP: PaneId = PaneId("setup");
}

#[derive(Debug)]
pub struct SetupPane;

impl Pane for SetupPane {
    fn id(&self) -> PaneId {
        PaneId::SETUP
    }

    fn title<'a>(&self, t: &'a Texts) -> &'a str {
        &t.setup.ui.title
    }

    fn contexts(&self, state: &State) -> Option<(Vec<Context>, bool)> {
        update::contexts(state)
    }

    fn help_contexts(&self) -> &'static [Context] {
        &[Context::Setup, Context::SetupPrompt, Context::SetupImport]
    }

    fn update(&self, state: &mut State, action: Action) -> Option<Vec<Effect>> {
        update::update(state, action)
    }

    fn submit(&self, state: &mut State, kind: &FormKind) -> Option<Vec<Effect>> {
        matches!(kind, FormKind::Setup(_)).then(|| forms::submit(state))
    }

    fn apply(&self, state: &mut State, message: Message) -> Option<Message> {
        match message {
            Message::Setup(m) => {
                update::apply(state, *m);
                None
            }
            other => Some(other),
        }
    }

    fn on_enter(&self, state: &mut State) -> Vec<Effect> {
        if state.setup.section == Section::Users {
            vec![Effect::Setup(Box::new(update::SetupEffect::LoadAccounts))]
        } else {
            vec![]
        }
    }

    fn on_snapshot(&self, state: &mut State) -> Vec<Effect> {
        // Another administrator may have changed the accounts.
        let showing = state.pane == PaneId::SETUP && state.setup.section == Section::Users;
        if showing && matches!(state.setup.accounts, Accounts::Loaded(_)) {
            vec![Effect::Setup(Box::new(update::SetupEffect::LoadAccounts))]
        } else {
            vec![]
        }
    }

    /// An office nobody has set up opens here, on the checklist.
    fn after_snapshot(&self, state: &mut State) {
        if state.setup.first_run_checked {
            return;
        }
        state.setup.first_run_checked = true;
        if state.data.as_ref().is_some_and(|d| d.setup.is_empty_office()) {
            state.switch(PaneId::SETUP);
            state.setup.section = Section::Start;
        }
    }

    fn row_count(&self, state: &State) -> usize {
        let Some(data) = state.data.as_ref() else {
            return 0;
        };
        let d = &data.setup;
        match state.setup.section {
            Section::Start | Section::Township | Section::Import => 0,
            Section::Settings => update::setting_rows(state).len(),
            Section::Villages => d.villages.len(),
            Section::Groups => d.groups.len(),
            Section::Grids => d.grids.len(),
            Section::Cadres => d.cadres.len(),
            Section::Categories => d.categories.len(),
            Section::Users => match &state.setup.accounts {
                Accounts::Loaded(rows) => rows.len(),
                _ => 0,
            },
        }
    }

    fn row_id(&self, state: &State, row: usize) -> Option<i64> {
        let d = &state.data.as_ref()?.setup;
        match state.setup.section {
            Section::Villages => d.villages.get(row).map(|r| r.id),
            Section::Groups => d.groups.get(row).map(|r| r.id),
            Section::Grids => d.grids.get(row).map(|r| r.id),
            Section::Cadres => d.cadres.get(row).map(|r| r.id),
            Section::Categories => d.categories.get(row).map(|r| r.id),
            _ => Some(row as i64),
        }
    }

    fn row_matches(&self, state: &State, row: usize, needle: &str) -> bool {
        let Some(data) = state.data.as_ref() else {
            return false;
        };
        let d = &data.setup;
        match state.setup.section {
            Section::Villages => d.villages.get(row).is_some_and(|r| fields_match(&[&r.name], needle)),
            Section::Groups => d
                .groups
                .get(row)
                .is_some_and(|r| fields_match(&[&r.village, &r.name], needle)),
            Section::Grids => d
                .grids
                .get(row)
                .is_some_and(|r| fields_match(&[&r.village, &r.name, r.cadre.as_deref().unwrap_or("")], needle)),
            Section::Cadres => d
                .cadres
                .get(row)
                .is_some_and(|r| fields_match(&[&r.name, &r.title, r.phone.as_deref().unwrap_or("")], needle)),
            Section::Categories => d.categories.get(row).is_some_and(|r| fields_match(&[&r.name], needle)),
            Section::Users => match &state.setup.accounts {
                Accounts::Loaded(rows) => rows
                    .get(row)
                    .is_some_and(|a| fields_match(&[&a.login, &a.display_name], needle)),
                _ => false,
            },
            Section::Settings => match update::setting_rows(state).get(row) {
                Some(SettingRow::Number(key)) => fields_match(&[label(&texts(state.lang).setup.settings, key)], needle),
                _ => true,
            },
            _ => true,
        }
    }

    fn enabled(&self, state: &State, action: Action) -> bool {
        update::enabled(state, action)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts, keymap: &Keymap) {
        draw::draw(frame, area, state, data, t, keymap)
    }
}
