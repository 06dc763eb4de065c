//! The requests pane's state: the view, its rows and marks, the open detail.

use crate::model::requests::{BuiltinView, RequestDetail, RequestEvent, RequestRow, SimilarRequest};
use crate::model::requests::{NamedView, ViewSpec};
use std::collections::BTreeMap;

/// Rows fetched per page of the triage table (README "Performance").
pub const PAGE: usize = 200;
/// Rows kept loaded at most; scrolling further drops the far end.
pub const WINDOW: usize = 3 * PAGE;

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
    /// The requests behind a 民情分析 warning, named by its reason.
    Ids {
        title: String,
        ids: Vec<i64>,
    },
}

/// The requests pane (诉求): the triage table, its view and marks, and the
/// detail of one request when open.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestsView {
    pub view: RequestsViewId,
    pub spec: ViewSpec,
    /// The loaded rows of the table (a window of it): rows
    /// `start..start + rows.len()` of `total`.
    pub rows: Vec<RequestRow>,
    pub start: usize,
    pub total: usize,
    /// Numbers the table's requests; an answer to an older one is ignored
    /// (a newer view, sort or scroll supersedes it).
    pub generation: u64,
    /// An answer to the latest table request is due ("刷新中").
    pub loading: bool,
    /// Request ids marked with Space for a bulk action, with the version
    /// they had when last seen (they may be scrolled out of the window).
    pub marked: BTreeMap<i64, i64>,
    pub detail: Option<RequestDetailView>,
    /// The quick callback answer prompt (1-4) for this request (id, version).
    pub callback_prompt: Option<(i64, i64)>,
    pub saved_views: Vec<NamedView>,
    /// The detail was opened from the household card: Esc goes back to it.
    pub back_to_card: bool,
}

impl Default for RequestsView {
    fn default() -> Self {
        RequestsView {
            view: RequestsViewId::Open,
            spec: open_spec(),
            rows: Vec::new(),
            start: 0,
            total: 0,
            generation: 0,
            loading: false,
            marked: BTreeMap::new(),
            detail: None,
            callback_prompt: None,
            saved_views: Vec::new(),
            back_to_card: false,
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
    pub similar_list: crate::app::selection::Selection,
    /// Commands the workflow offers from the current status, for the hint.
    pub allowed: Vec<crate::domain::workflow::CommandKind>,
    /// The topic it was merged into, with its decisions' progress.
    pub topic: Option<crate::model::requests::TopicProgress>,
}
