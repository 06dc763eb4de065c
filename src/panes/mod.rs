//! The panes. Each pane is one folder (`update.rs` its keys, `forms.rs`,
//! `draw.rs` and its widgets) and one value implementing [`Pane`];
//! [`Registry::standard`] lists them, in tab order. Adding a pane is its
//! folder plus one line there; a pane that reads or writes the store adds
//! its module under `src/service/`, since panes never import the store
//! (README, Architecture).

pub mod agenda;
pub mod assessment;
pub mod grid_map;
pub mod keys;
pub mod lookup;
pub mod reports;
pub mod requests;
pub mod setup;

use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::form::FormKind;
use crate::app::keymap::{Context, Keymap};
use crate::app::message::Message;
use crate::app::snapshot::Snapshot;
use crate::app::state::State;
use crate::text::i18n::Texts;
use ratatui::Frame;
use ratatui::layout::Rect;

/// Names a pane; each pane's folder defines its own constant
/// (`PaneId::REQUESTS` in `requests/mod.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PaneId(pub &'static str);

/// One thing the pane offers right now, as the hint line and the help
/// overlay show it: a bound action and whether it would be accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub action: Action,
    /// Key names as written in the keymap, for display.
    pub keys: Vec<String>,
    /// False when the pane would refuse it now (drawn greyed out).
    pub enabled: bool,
}

/// A pane: its key contexts, its update, its drawing and its commands.
/// Its state is a field of [`State`] defined in its folder, because panes
/// hand work to each other (a request raised from the card, a grid's
/// requests opened from the map); the trait reaches it through `State`.
pub trait Pane: std::fmt::Debug + Sync {
    fn id(&self) -> PaneId;

    /// The name in the tab bar.
    fn title<'a>(&self, t: &'a Texts) -> &'a str;

    /// The key contexts in force, most specific first, and whether
    /// printable keys type into an input. None: the generic list rules.
    fn contexts(&self, _state: &State) -> Option<(Vec<Context>, bool)> {
        None
    }

    /// Every context this pane can be in, for its section of the help.
    fn help_contexts(&self) -> &'static [Context];

    /// Handles `action`; None lets the generic handling (list moves,
    /// filter, pane switches) take it.
    fn update(&self, _state: &mut State, _action: Action) -> Option<Vec<Effect>> {
        None
    }

    /// Validates a form this pane owns into its save effect; None when the
    /// form is another pane's.
    fn submit(&self, _state: &mut State, _kind: &FormKind) -> Option<Vec<Effect>> {
        None
    }

    /// Puts an effect's result into the pane's state; hands back a message
    /// that is not this pane's.
    fn apply(&self, _state: &mut State, message: Message) -> Option<Message> {
        Some(message)
    }

    /// Effects wanted when the pane is switched to.
    fn on_enter(&self, _state: &mut State) -> Vec<Effect> {
        vec![]
    }

    /// Effects wanted after a fresh snapshot (refresh what is open).
    fn on_snapshot(&self, _state: &mut State) -> Vec<Effect> {
        vec![]
    }

    /// Keeps the pane's own selections valid after a fresh snapshot.
    fn after_snapshot(&self, _state: &mut State) {}

    /// Rows of the pane's filterable list.
    fn row_count(&self, _state: &State) -> usize {
        0
    }

    /// The id of list row `row` (keeps the selection across reloads).
    fn row_id(&self, _state: &State, _row: usize) -> Option<i64> {
        None
    }

    /// Whether list row `row` matches the lower-cased filter `needle`.
    fn row_matches(&self, _state: &State, _row: usize, _needle: &str) -> bool {
        true
    }

    /// Why the pane would refuse `action` now, as a sentence; None when it
    /// would take it. `update` asks before the pane handles the key, so a
    /// step that is not allowed is refused with its reason before any form
    /// opens (a resident may be on the line).
    fn refusal(&self, _state: &State, _action: Action) -> Option<String> {
        None
    }

    /// Whether the pane would accept `action` now. A refused step shows
    /// greyed out in the hint line and the help.
    fn enabled(&self, state: &State, action: Action) -> bool {
        self.refusal(state, action).is_none()
    }

    /// Draws the pane from the state; `keymap` gives the keys its legends show.
    fn draw(&self, frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts, keymap: &Keymap);

    /// The commands the hint line shows now: the keymap's hint bindings of
    /// the current contexts, each marked enabled or not by [`Pane::enabled`].
    fn commands(&self, state: &State, keymap: &Keymap) -> Vec<Command> {
        let (ctx, typing) = crate::app::update::contexts(state);
        let form_ignores = |b: &crate::app::keymap::Binding| {
            state.form.is_some()
                && b.context == crate::app::keymap::Context::Global
                && !crate::app::update::FORM_GLOBALS.contains(&b.action)
        };
        keymap
            .hints(&ctx, typing)
            .into_iter()
            .filter(|(b, _)| !form_ignores(b))
            .map(|(b, keys)| Command {
                action: b.action,
                keys,
                enabled: self.enabled(state, b.action),
            })
            .collect()
    }
}

/// The panes of the app, in tab order.
#[derive(Clone)]
pub struct Registry {
    panes: Vec<&'static dyn Pane>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.panes.iter().map(|p| p.id().0)).finish()
    }
}

impl Registry {
    /// The shipped panes: the one place a pane is registered.
    pub fn standard() -> Registry {
        Registry {
            panes: vec![
                &grid_map::GridMapPane,
                &lookup::LookupPane,
                &requests::RequestsPane,
                &agenda::AgendaPane,
                &assessment::AssessmentPane,
                &setup::SetupPane,
                // 民情分析 (issue 14), key 7.
                &reports::ReportsPane,
            ],
        }
    }

    /// Adds a pane after the others (use [`State::register_pane`], which
    /// also gives it a list).
    pub fn register(&mut self, pane: &'static dyn Pane) {
        assert!(
            self.panes.iter().all(|p| p.id() != pane.id()),
            "pane {:?} registered twice",
            pane.id()
        );
        self.panes.push(pane);
    }

    pub fn all(&self) -> &[&'static dyn Pane] {
        &self.panes
    }

    pub fn len(&self) -> usize {
        self.panes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.panes.is_empty()
    }

    /// The tab position of `id`. Ids come from registered panes only.
    pub fn index(&self, id: PaneId) -> usize {
        self.panes
            .iter()
            .position(|p| p.id() == id)
            .unwrap_or_else(|| panic!("pane {id:?} is not registered"))
    }

    pub fn get(&self, id: PaneId) -> &'static dyn Pane {
        self.panes[self.index(id)]
    }

    pub fn at(&self, index: usize) -> &'static dyn Pane {
        self.panes[index]
    }
}

/// The note for an empty list: nothing at all, or nothing that matches.
pub fn empty_note<'a>(state: &State, t: &'a Texts) -> &'a str {
    if state.list().filter.is_empty() {
        &t.chrome.no_rows
    } else {
        &t.chrome.no_match
    }
}

/// Case-insensitive substring match of the lower-cased `needle` over fields.
pub fn fields_match(fields: &[&str], needle: &str) -> bool {
    needle.is_empty() || fields.iter().any(|f| f.to_lowercase().contains(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::i18n::Lang;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::widgets::Paragraph;

    /// A throw-away pane: a list of three notes, Enter says which one is
    /// selected, and filtering is refused (to show a greyed-out command).
    #[derive(Debug)]
    struct Notes;

    const NOTES: PaneId = PaneId("notes");
    const ROWS: [&str; 3] = ["water pump", "bridge lamp", "water bill"];

    impl Pane for Notes {
        fn id(&self) -> PaneId {
            NOTES
        }
        fn title<'a>(&self, _t: &'a Texts) -> &'a str {
            "Notes"
        }
        fn help_contexts(&self) -> &'static [Context] {
            &[]
        }
        fn update(&self, state: &mut State, action: Action) -> Option<Vec<Effect>> {
            (action == Action::Open).then(|| {
                let row = state.list().selected_row().map_or("-", |r| ROWS[r]);
                state.info(format!("note: {row}"));
                vec![]
            })
        }
        fn row_count(&self, _state: &State) -> usize {
            ROWS.len()
        }
        fn row_id(&self, _state: &State, row: usize) -> Option<i64> {
            Some(row as i64)
        }
        fn row_matches(&self, _state: &State, row: usize, needle: &str) -> bool {
            fields_match(&[ROWS[row]], needle)
        }
        fn refusal(&self, _state: &State, action: Action) -> Option<String> {
            (action == Action::Filter).then(|| "no filtering here".to_string())
        }
        fn draw(&self, frame: &mut Frame, area: Rect, _state: &State, _data: &Snapshot, _t: &Texts, _keymap: &Keymap) {
            frame.render_widget(Paragraph::new("notes body"), area);
        }
    }

    fn state_with_notes() -> State {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
        let mut state = State::new(Lang::En, today, "clerk");
        state.register_pane(&Notes);
        state.apply_snapshot(Snapshot {
            today,
            ..Default::default()
        });
        state
    }

    #[test]
    fn a_pane_registered_in_one_place_takes_part_everywhere() {
        let mut state = state_with_notes();
        let keymap = Keymap::default_map();
        // Tab order: after the shipped panes.
        state.pane = PaneId::REPORTS;
        crate::app::update::update(&mut state, Action::NextPane);
        assert_eq!(state.pane, NOTES);
        // Its list is filtered through its rows; keys reach its update.
        assert_eq!(state.list().visible, vec![0, 1, 2]);
        crate::app::update::update(&mut state, Action::Down);
        crate::app::update::update(&mut state, Action::Open);
        assert_eq!(
            state.status.as_ref().map(|s| s.text.as_str()),
            Some("note: bridge lamp")
        );
        state.list_mut().filter = "water".into();
        state.refilter(NOTES);
        assert_eq!(state.list().visible, vec![0, 2]);
        // Its commands feed the hint line: the refused filter is greyed out.
        let commands = Notes.commands(&state, &keymap);
        let filter = commands
            .iter()
            .find(|c| c.action == Action::Filter)
            .expect("filter hinted");
        assert!(!filter.enabled);
        assert!(commands.iter().any(|c| c.action == Action::Open && c.enabled));
        // The tab bar names it and the body is its drawing.
        let mut term = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
        term.draw(|f| crate::ui::draw(&state, &keymap, f)).expect("draw");
        let screen: String = term.backend().buffer().content().iter().map(|c| c.symbol()).collect();
        assert!(screen.contains(" Notes "), "{screen}");
        assert!(screen.contains("notes body"), "{screen}");
    }

    #[test]
    fn the_standard_registry_lists_each_shipped_pane_once_in_tab_order() {
        let ids: Vec<&str> = Registry::standard().all().iter().map(|p| p.id().0).collect();
        assert_eq!(
            ids,
            [
                "grid_map",
                "lookup",
                "requests",
                "meetings",
                "assessment",
                "setup",
                "reports"
            ]
        );
    }

    #[test]
    #[should_panic(expected = "registered twice")]
    fn a_pane_cannot_be_registered_twice() {
        let mut registry = Registry::standard();
        registry.register(&requests::RequestsPane);
    }
}
