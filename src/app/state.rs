//! Everything the screen shows, and nothing that does I/O.

use super::form::Form;
use super::input::Input;
use super::snapshot::Snapshot;
use crate::model::register::HouseholdCard;
use crate::model::requests::{BuiltinView, RequestDetail, RequestEvent, RequestRow, SimilarRequest};
use crate::search::{Entry, Hit};
use crate::store::request_views::{NamedView, ViewSpec};
use crate::text::i18n::Lang;
use chrono::NaiveDate;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    GridMap,
    Lookup,
    Requests,
    Meetings,
    Assessment,
}

impl Pane {
    pub const ALL: [Pane; 5] = [
        Pane::GridMap,
        Pane::Lookup,
        Pane::Requests,
        Pane::Meetings,
        Pane::Assessment,
    ];

    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).expect("listed")
    }
}

/// Selection, scroll and filter of one pane's list. `visible` holds the
/// indices of the snapshot rows that pass the filter, in display order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListState {
    pub selected: usize,
    pub offset: usize,
    pub filter: String,
    pub visible: Vec<usize>,
}

impl ListState {
    pub fn selected_row(&self) -> Option<usize> {
        self.visible.get(self.selected).copied()
    }

    pub fn move_by(&mut self, delta: isize) {
        let last = self.visible.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last.max(0)) as usize;
    }

    /// Keeps the selection inside a window of `height` rows.
    pub fn scroll_into_view(&mut self, height: usize) {
        if height == 0 {
            return;
        }
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        let max_offset = self.visible.len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help {
        scroll: usize,
    },
    /// A yes/no question before something is thrown away.
    Confirm(Confirm),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Quit although a form has unsaved input.
    Quit,
    /// Close the open form and drop its input.
    DiscardForm,
}

/// One lookup result with the fields its row shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupRow {
    pub hit: Hit,
    pub entry: Entry,
}

/// The lookup pane: the query, its ranked results, and whether the caret
/// is in the query (phone-call mode) or on the list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LookupView {
    pub query: Input,
    pub focused: bool,
    pub rows: Vec<LookupRow>,
    pub selected: usize,
    /// False until the search index has been built off the UI thread.
    pub index_ready: bool,
    /// Choosing the resident of a new request: Enter opens the request form.
    pub picking_for_request: bool,
}

/// Which set of requests the triage table shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestsViewId {
    /// Still being worked on (the triage desk's default).
    Open,
    All,
    Builtin(BuiltinView),
    /// Resolved, waiting for the callback (回访).
    CallbacksDue,
    Saved {
        id: i64,
        name: String,
    },
    /// One grid's open requests (from the grid map).
    Grid {
        id: i64,
        name: String,
    },
}

/// The requests pane (诉求): the triage table, its view and marks, and the
/// detail of one request when open.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestsView {
    pub view: RequestsViewId,
    pub spec: ViewSpec,
    pub rows: Vec<RequestRow>,
    /// Request ids marked with Space for a bulk action.
    pub marked: BTreeSet<i64>,
    pub detail: Option<RequestDetailView>,
    /// The quick callback answer prompt (1-4) for this request (id, version).
    pub callback_prompt: Option<(i64, i64)>,
    pub saved_views: Vec<NamedView>,
}

impl Default for RequestsView {
    fn default() -> Self {
        RequestsView {
            view: RequestsViewId::Open,
            spec: open_spec(),
            rows: Vec::new(),
            marked: BTreeSet::new(),
            detail: None,
            callback_prompt: None,
            saved_views: Vec::new(),
        }
    }
}

/// Open requests, earliest due first.
pub fn open_spec() -> ViewSpec {
    let mut spec = ViewSpec::default();
    spec.filter.open_only = true;
    spec
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestDetailView {
    pub detail: RequestDetail,
    pub events: Vec<RequestEvent>,
    pub similar: Vec<SimilarRequest>,
    pub similar_selected: usize,
    /// Commands the workflow offers from the current status, for the hint.
    pub allowed: Vec<crate::domain::workflow::CommandKind>,
}

/// The household card (一户一档) open in the lookup pane.
#[derive(Debug, Clone, PartialEq)]
pub struct CardView {
    pub card: HouseholdCard,
    pub member: usize,
    /// Full IDs and phones shown (permission checked and audited).
    pub revealed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

#[derive(Debug, Clone)]
pub struct State {
    pub lang: Lang,
    pub today: NaiveDate,
    pub user: String,
    pub pane: Pane,
    /// None until the first snapshot arrives (the first frame never waits).
    pub data: Option<Snapshot>,
    pub lists: [ListState; 5],
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
    /// Terminal size, for page moves and the "too small" note.
    pub size: (u16, u16),
    pub should_quit: bool,
    /// Grid map and assessment panes (layer, period, plan, survey).
    pub assess: crate::panes::assessment::update::AssessState,
}

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

impl State {
    pub fn new(lang: Lang, today: NaiveDate, user: &str) -> State {
        State {
            lang,
            today,
            user: user.to_string(),
            pane: Pane::GridMap,
            data: None,
            lists: Default::default(),
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
            should_quit: false,
            assess: Default::default(),
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

    pub fn list(&self) -> &ListState {
        &self.lists[self.pane.index()]
    }

    pub fn list_mut(&mut self) -> &mut ListState {
        &mut self.lists[self.pane.index()]
    }

    /// Rows a list shows at the current size: the screen minus top bar,
    /// table border and header, hint and status lines.
    pub fn list_height(&self) -> usize {
        (self.size.1 as usize).saturating_sub(7)
    }

    /// Installs a fresh snapshot, keeping each pane's selection on the same
    /// row id where it still exists.
    pub fn apply_snapshot(&mut self, snap: Snapshot) {
        let before: Vec<Option<i64>> = Pane::ALL.iter().map(|p| self.selected_id(*p)).collect();
        self.today = snap.today;
        self.data = Some(snap);
        for (pane, id) in Pane::ALL.into_iter().zip(before) {
            self.refilter(pane);
            if let Some(id) = id
                && let Some(pos) = self.position_of(pane, id)
            {
                self.lists[pane.index()].selected = pos;
            }
            let h = self.list_height();
            self.lists[pane.index()].scroll_into_view(h);
        }
        crate::panes::agenda::update::clamp_all(self);
    }

    fn position_of(&self, pane: Pane, id: i64) -> Option<usize> {
        let list = &self.lists[pane.index()];
        list.visible.iter().position(|&i| self.row_id(pane, i) == Some(id))
    }

    fn selected_id(&self, pane: Pane) -> Option<i64> {
        let row = self.lists[pane.index()].selected_row()?;
        self.row_id(pane, row)
    }

    fn row_id(&self, pane: Pane, row: usize) -> Option<i64> {
        if pane == Pane::Requests {
            return self.requests.rows.get(row).map(|r| r.id);
        }
        let d = self.data.as_ref()?;
        match pane {
            Pane::GridMap => d.grids.get(row).map(|r| r.id),
            Pane::Lookup => d.households.get(row).map(|r| r.id),
            Pane::Meetings => d.meetings.get(row).map(|r| r.id),
            Pane::Assessment => d.cadres.get(row).map(|r| r.id),
            Pane::Requests => None,
        }
    }

    /// Installs freshly queried requests, keeping the selected request.
    pub fn set_request_rows(&mut self, rows: Vec<RequestRow>) {
        let keep = self.selected_id(Pane::Requests);
        self.requests.rows = rows;
        let ids: BTreeSet<i64> = self.requests.rows.iter().map(|r| r.id).collect();
        self.requests.marked.retain(|id| ids.contains(id));
        self.refilter(Pane::Requests);
        if let Some(pos) = keep.and_then(|id| self.position_of(Pane::Requests, id)) {
            self.lists[Pane::Requests.index()].selected = pos;
        }
        let h = self.list_height();
        self.lists[Pane::Requests.index()].scroll_into_view(h);
    }

    /// The request row under the cursor in the triage table.
    pub fn selected_request(&self) -> Option<&RequestRow> {
        let i = self.lists[Pane::Requests.index()].selected_row()?;
        self.requests.rows.get(i)
    }

    /// Recomputes which rows of `pane` pass its filter (case-insensitive
    /// substring over the row's visible fields).
    pub fn refilter(&mut self, pane: Pane) {
        let Some(data) = &self.data else { return };
        let list = &mut self.lists[pane.index()];
        let needle = list.filter.to_lowercase();
        let hit = |fields: &[&str]| needle.is_empty() || fields.iter().any(|f| f.to_lowercase().contains(&needle));
        let opt = |s: &Option<String>| s.clone().unwrap_or_default();
        list.visible = match pane {
            Pane::GridMap => filter_rows(&data.grids, |g| hit(&[&g.name, &g.village, &opt(&g.cadre)])),
            Pane::Lookup => filter_rows(&data.households, |h| {
                hit(&[&opt(&h.head), &h.address, &h.grid, &h.tags])
            }),
            Pane::Requests => filter_rows(&self.requests.rows, |r| {
                hit(&[
                    &r.title,
                    &opt(&r.resident_name),
                    &opt(&r.village_name),
                    &opt(&r.grid_name),
                    &opt(&r.category_name),
                    &opt(&r.assignee_name),
                ])
            }),
            Pane::Meetings => filter_rows(&data.meetings, |m| hit(&[&m.title, &m.place])),
            Pane::Assessment => filter_rows(assessment_rows(data, &self.assess), |u| {
                hit(&crate::panes::assessment::update::filter_fields(u))
            }),
        };
        list.selected = list.selected.min(list.visible.len().saturating_sub(1));
        list.offset = list.offset.min(list.selected);
    }
}

fn filter_rows<T>(rows: &[T], keep: impl Fn(&T) -> bool) -> Vec<usize> {
    rows.iter()
        .enumerate()
        .filter(|(_, r)| keep(r))
        .map(|(i, _)| i)
        .collect()
}

/// The rows of the assessment table (cadres or grids; the same rows in every period).
fn assessment_rows<'a>(
    data: &'a Snapshot,
    view: &crate::panes::assessment::update::AssessState,
) -> &'a [crate::model::assessment::UnitFigures] {
    match data.assessment.period(view.period) {
        Some(p) if view.by_grid => &p.grids,
        Some(p) => &p.cadres,
        None => &[],
    }
}
