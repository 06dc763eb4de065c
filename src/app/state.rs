//! Everything the screen shows, and nothing that does I/O.

use super::form::Form;
use super::input::Input;
use super::selection::Selection;
use super::snapshot::Snapshot;
use crate::model::requests::RequestRow;
use crate::panes::lookup::state::{CardView, LookupView};
use crate::panes::requests::state::RequestsView;
use crate::panes::{Pane, PaneId, Registry};
use crate::text::i18n::Lang;
use crate::ui::theme::Theme;
use chrono::NaiveDate;

/// Selection, scroll and filter of one pane's list. `visible` holds the
/// indices of the snapshot rows that pass the filter, in display order; the
/// selection (a [`Selection`], shared by every list) is reached through it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListState {
    pub sel: Selection,
    pub filter: String,
    pub visible: Vec<usize>,
}

impl std::ops::Deref for ListState {
    type Target = Selection;
    fn deref(&self) -> &Selection {
        &self.sel
    }
}

impl std::ops::DerefMut for ListState {
    fn deref_mut(&mut self) -> &mut Selection {
        &mut self.sel
    }
}

impl ListState {
    pub fn selected_row(&self) -> Option<usize> {
        self.visible.get(self.sel.selected).copied()
    }

    pub fn move_by(&mut self, delta: isize) {
        let n = self.visible.len();
        self.sel.move_by(delta, n);
    }

    /// Keeps the selection inside a window of `height` rows.
    pub fn scroll_into_view(&mut self, height: usize) {
        let n = self.visible.len();
        self.sel.scroll_into_view(height, n);
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    /// The help: its scroll position and search (README, Keys).
    Help(HelpView),
    /// A yes/no question before something is thrown away.
    Confirm(Confirm),
}

/// The help overlay's state: the first line shown, and the search text
/// (`typing` while the caret is in it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpView {
    pub scroll: usize,
    pub search: Input,
    pub typing: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Quit although a form has unsaved input.
    Quit,
    /// Close the open form and drop its input.
    DiscardForm,
}

/// What the last frame's layout was, written by draw and read by the next
/// update: page moves go by the rows the list really showed, not by a
/// guess from the terminal size (README, Architecture).
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Rows of the scrolling list the current view drew (0 before any frame).
    pub list_rows: std::cell::Cell<usize>,
    /// The help overlay's rows and how many lines it had to show.
    pub help_rows: std::cell::Cell<usize>,
    pub help_lines: std::cell::Cell<usize>,
    /// The set-up pane's import section: rows a page of the importer's
    /// lines scrolls by, and the furthest it can scroll.
    pub import_page: std::cell::Cell<usize>,
    pub import_last: std::cell::Cell<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

#[derive(Debug, Clone)]
pub struct State {
    pub lang: Lang,
    /// How the chrome is drawn (`--ascii-borders`).
    pub theme: Theme,
    pub today: NaiveDate,
    pub user: String,
    /// The pane shown; `panes` lists them all, in tab order.
    pub pane: PaneId,
    pub panes: Registry,
    /// None until the first snapshot arrives (the first frame never waits).
    /// Shared (`Arc`) so the worker's copy of the state costs nothing.
    pub data: Option<std::sync::Arc<Snapshot>>,
    /// The loader was asked for the stale figures (README "Performance").
    pub figures_asked: bool,
    /// One list per registered pane, in registry order.
    pub lists: Vec<ListState>,
    /// The filter being typed for the current pane, if any.
    pub filter_input: Option<Input>,
    pub overlay: Overlay,
    pub lookup: LookupView,
    pub card: Option<CardView>,
    pub requests: RequestsView,
    pub form: Option<Form>,
    /// The meetings & agendas pane: its view, the open meeting, selections.
    pub agenda: crate::panes::agenda::update::AgendaView,
    /// The user may see full resident IDs and phones (after an audited reveal).
    pub can_reveal: bool,
    pub status: Option<Status>,
    /// Terminal size, for the "too small" note.
    pub size: (u16, u16),
    pub layout: Layout,
    pub should_quit: bool,
    /// Grid map and assessment panes (layer, period, plan, survey).
    pub assess: crate::panes::assessment::update::AssessState,
    // Login and lock screen (issue 11).
    /// The session's login (the lock screen asks for its password).
    pub login: String,
    /// The session's role: steps it may not take are refused before their
    /// form opens (the store checks again and audits).
    pub role: crate::domain::request::Role,
    /// The login or lock screen, when up: it takes every key.
    pub gate: Option<super::gate::Gate>,
    /// When the screen locks itself.
    pub idle: super::gate::IdleClock,
    /// The set-up pane (设置): section, accounts, register import.
    pub setup: crate::panes::setup::state::SetupView,
    /// 民情分析 (issue 14): the query, the report shown, the one computing.
    pub reports: crate::panes::reports::state::ReportsView,
    /// Effects handed to the worker and not yet answered ("刷新中" on the
    /// status line; README "Architecture").
    pub pending: usize,
}

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

impl State {
    pub fn new(lang: Lang, today: NaiveDate, user: &str) -> State {
        State {
            lang,
            theme: Theme::default(),
            today,
            user: user.to_string(),
            pane: PaneId::GRID_MAP,
            panes: Registry::standard(),
            data: None,
            figures_asked: false,
            lists: vec![ListState::default(); Registry::standard().len()],
            filter_input: None,
            overlay: Overlay::None,
            lookup: LookupView::default(),
            card: None,
            requests: RequestsView::default(),
            form: None,
            agenda: Default::default(),
            can_reveal: false,
            status: None,
            size: (MIN_WIDTH, MIN_HEIGHT),
            layout: Layout::default(),
            should_quit: false,
            assess: Default::default(),
            login: String::new(),
            role: crate::domain::request::Role::Clerk,
            gate: None,
            idle: Default::default(),
            setup: Default::default(),
            reports: Default::default(),
            pending: 0,
        }
    }

    /// Something typed would be lost by quitting now.
    pub fn has_unsaved(&self) -> bool {
        self.form.as_ref().is_some_and(|f| f.dirty)
    }

    pub fn info(&mut self, text: String) {
        self.status = Some(Status { text, error: false });
    }

    pub fn error(&mut self, text: String) {
        self.status = Some(Status { text, error: true });
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// Shows `pane`, leaving any filter being typed.
    pub fn switch(&mut self, pane: PaneId) {
        self.pane = pane;
        self.filter_input = None;
    }

    /// Moves the current list's selection and keeps it in view.
    pub fn move_selection(&mut self, delta: isize) {
        let h = self.list_height();
        let list = self.list_mut();
        list.move_by(delta);
        list.scroll_into_view(h);
    }

    /// Adds a pane after the shipped ones, with a list of its own.
    pub fn register_pane(&mut self, pane: &'static dyn Pane) {
        self.panes.register(pane);
        self.lists.push(ListState::default());
    }

    /// The tab position of the pane shown.
    pub fn pane_index(&self) -> usize {
        self.panes.index(self.pane)
    }

    pub fn list(&self) -> &ListState {
        &self.lists[self.pane_index()]
    }

    pub fn list_mut(&mut self) -> &mut ListState {
        let i = self.pane_index();
        &mut self.lists[i]
    }

    pub fn list_of(&self, pane: PaneId) -> &ListState {
        &self.lists[self.panes.index(pane)]
    }

    pub fn list_of_mut(&mut self, pane: PaneId) -> &mut ListState {
        let i = self.panes.index(pane);
        &mut self.lists[i]
    }

    /// Rows the current view's list showed in the last frame (a page);
    /// 0 before the first frame.
    pub fn list_height(&self) -> usize {
        self.layout.list_rows.get()
    }

    /// Installs a fresh snapshot, keeping each pane's selection on the same
    /// row id where it still exists.
    pub fn apply_snapshot(&mut self, snap: Snapshot) {
        self.relist(|state| state.data = Some(std::sync::Arc::new(snap)));
    }

    /// Changes the snapshot in place (a patch from the loader, fresh
    /// figures) and refreshes the lists as [`State::apply_snapshot`] does.
    pub fn change_data(&mut self, change: impl FnOnce(&mut Option<Snapshot>)) {
        self.relist(|state| {
            // In place unless a job on the worker still holds the shared
            // snapshot; then on a copy.
            let mut data = state
                .data
                .take()
                .map(|snap| std::sync::Arc::try_unwrap(snap).unwrap_or_else(|shared| (*shared).clone()));
            change(&mut data);
            state.data = data.map(std::sync::Arc::new);
        });
    }

    /// Changes the data with `change`, then keeps each pane's selection on
    /// the same row id.
    fn relist(&mut self, change: impl FnOnce(&mut State)) {
        let ids: Vec<PaneId> = self.panes.all().iter().map(|p| p.id()).collect();
        let before: Vec<Option<i64>> = ids.iter().map(|p| self.selected_id(*p)).collect();
        change(self);
        if let Some(snap) = &self.data {
            self.today = snap.today;
        }
        for (pane, id) in ids.into_iter().zip(before) {
            self.refilter(pane);
            self.keep_selected(pane, id);
            let h = self.list_height();
            self.list_of_mut(pane).scroll_into_view(h);
        }
        for pane in self.panes.clone().all() {
            pane.after_snapshot(self);
        }
    }

    /// A pane showing figures a patch left stale (assessment; suggestions
    /// on the meetings pane) is open and they were not asked for yet.
    pub fn wants_figures(&self) -> bool {
        !self.figures_asked
            && self.data.as_ref().is_some_and(|d| d.figures_stale)
            && (self.pane == PaneId::ASSESSMENT || self.pane == PaneId::MEETINGS)
    }

    /// Selects the row the user just made when it is listed, else the row
    /// `id` that was selected before.
    fn keep_selected(&mut self, pane: PaneId, id: Option<i64>) {
        let pending = self.list_of(pane).sel.pending;
        if let Some(new) = pending
            && let Some(pos) = self.position_of(pane, new)
        {
            let list = self.list_of_mut(pane);
            list.selected = pos;
            list.sel.id = Some(new);
            list.sel.pending = None;
        } else if let Some(id) = id
            && let Some(pos) = self.position_of(pane, id)
        {
            self.list_of_mut(pane).selected = pos;
        }
    }

    /// Selects row `id` of `pane`'s list, which this user just made: now if
    /// it is listed, else as soon as a refresh lists it ("select what you
    /// just made", README Keys).
    pub fn select_new(&mut self, pane: PaneId, id: i64) {
        self.list_of_mut(pane).sel.pending = Some(id);
        let before = self.selected_id(pane);
        self.keep_selected(pane, before);
        let h = self.list_height();
        self.list_of_mut(pane).scroll_into_view(h);
    }

    fn position_of(&self, pane: PaneId, id: i64) -> Option<usize> {
        let p = self.panes.get(pane);
        let list = self.list_of(pane);
        list.visible.iter().position(|&i| p.row_id(self, i) == Some(id))
    }

    fn selected_id(&self, pane: PaneId) -> Option<i64> {
        let row = self.list_of(pane).selected_row()?;
        self.panes.get(pane).row_id(self, row)
    }

    /// Installs a whole list of requests as the table (all loaded: the
    /// pane itself loads pages, see `panes::requests::update::fetch`),
    /// keeping the selected request.
    pub fn set_request_rows(&mut self, rows: Vec<RequestRow>) {
        let keep = self.selected_id(PaneId::REQUESTS);
        self.requests.total = rows.len();
        self.requests.start = 0;
        self.requests.rows = rows;
        self.refilter(PaneId::REQUESTS);
        self.keep_selected(PaneId::REQUESTS, keep);
        let h = self.list_height();
        self.list_of_mut(PaneId::REQUESTS).scroll_into_view(h);
    }

    /// The request row under the cursor in the triage table.
    pub fn selected_request(&self) -> Option<&RequestRow> {
        let i = self.list_of(PaneId::REQUESTS).selected_row()?;
        self.requests.rows.get(i)
    }

    /// Recomputes which rows of `pane` pass its filter (case-insensitive
    /// substring over the row's visible fields, see `Pane::row_matches`).
    pub fn refilter(&mut self, pane: PaneId) {
        if self.data.is_none() {
            return;
        }
        let p = self.panes.get(pane);
        let needle = self.list_of(pane).filter.to_lowercase();
        let visible: Vec<usize> = (0..p.row_count(self))
            .filter(|&i| needle.is_empty() || p.row_matches(self, i, &needle))
            .collect();
        let list = self.list_of_mut(pane);
        list.visible = visible;
        list.selected = list.selected.min(list.visible.len().saturating_sub(1));
        list.offset = list.offset.min(list.selected);
    }
}
