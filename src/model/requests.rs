//! Requests (诉求) as the triage table, the detail view and the timeline show them.

use crate::domain::request::{
    Channel, Difficulty, DueState, Level, Priority, RequestKind, Satisfaction, Scope, Status, due_state,
};
use crate::domain::workflow::{CommandKind, RequestFacts};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// Everything about one request, with the names the detail view shows.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestDetail {
    pub id: i64,
    pub received_at: String,
    pub channel: Channel,
    pub household_id: Option<i64>,
    pub person_id: Option<i64>,
    /// The person's name from the register, else the outside caller's.
    pub resident_name: Option<String>,
    pub caller_name: Option<String>,
    pub caller_phone: Option<String>,
    /// Unmasked: the UI masks it unless the user may reveal.
    pub person_phone: Option<String>,
    pub village_id: Option<i64>,
    pub village_name: Option<String>,
    pub grid_id: Option<i64>,
    pub grid_name: Option<String>,
    pub category_id: Option<i64>,
    pub category_name: Option<String>,
    pub kind: RequestKind,
    pub title: String,
    pub content: String,
    pub scope: Scope,
    pub difficulty: Difficulty,
    pub priority: Priority,
    pub level: Level,
    pub status: Status,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub assigned_at: Option<String>,
    pub due: Option<NaiveDate>,
    pub resolved_at: Option<String>,
    pub resolution: Option<String>,
    pub solved: Option<bool>,
    pub satisfaction: Option<Satisfaction>,
    pub topic_id: Option<i64>,
    pub duplicate_of: Option<i64>,
    pub closed_at: Option<String>,
    pub created_by: Option<i64>,
    pub urge_count: i64,
    pub version: i64,
    pub updated_at: String,
}

/// A field of [`RequestDetail`] that differs between two loads (conflict view).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestField {
    Status,
    Assignee,
    Due,
    Category,
    Kind,
    Title,
    Content,
    Priority,
    Level,
    Scope,
    Difficulty,
    Resolution,
    Solved,
    Satisfaction,
    Topic,
    DuplicateOf,
    Urges,
    Caller,
}

impl RequestDetail {
    /// The fields `newer` changed compared with `self` (what the other clerk did).
    pub fn changes(&self, newer: &RequestDetail) -> Vec<RequestField> {
        use RequestField as F;
        let checks = [
            (F::Status, self.status != newer.status),
            (F::Assignee, self.assignee_id != newer.assignee_id),
            (F::Due, self.due != newer.due),
            (F::Category, self.category_id != newer.category_id),
            (F::Kind, self.kind != newer.kind),
            (F::Title, self.title != newer.title),
            (F::Content, self.content != newer.content),
            (F::Priority, self.priority != newer.priority),
            (F::Level, self.level != newer.level),
            (F::Scope, self.scope != newer.scope),
            (F::Difficulty, self.difficulty != newer.difficulty),
            (F::Resolution, self.resolution != newer.resolution),
            (F::Solved, self.solved != newer.solved),
            (F::Satisfaction, self.satisfaction != newer.satisfaction),
            (F::Topic, self.topic_id != newer.topic_id),
            (F::DuplicateOf, self.duplicate_of != newer.duplicate_of),
            (F::Urges, self.urge_count != newer.urge_count),
            (
                F::Caller,
                self.caller_name != newer.caller_name || self.caller_phone != newer.caller_phone,
            ),
        ];
        checks
            .into_iter()
            .filter(|(_, changed)| *changed)
            .map(|(f, _)| f)
            .collect()
    }

    /// What the workflow rules look at (for `workflow::allowed_commands`).
    pub fn facts(&self) -> RequestFacts {
        RequestFacts {
            id: self.id,
            status: self.status,
            level: self.level,
            assignee: self.assignee_id,
            due: self.due,
            resolution: self.resolution.clone(),
            solved: self.solved,
            satisfaction: self.satisfaction,
            duplicate_of: self.duplicate_of,
            topic_id: self.topic_id,
            urges: self.urge_count,
        }
    }

    pub fn due_state(&self, today: NaiveDate) -> DueState {
        due_state(self.status, self.due, today)
    }
}

/// One line of the triage table.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestRow {
    pub id: i64,
    pub received_at: String,
    pub channel: Channel,
    pub village_name: Option<String>,
    pub grid_name: Option<String>,
    pub resident_name: Option<String>,
    pub category_name: Option<String>,
    pub title: String,
    pub assignee_name: Option<String>,
    pub status: Status,
    pub priority: Priority,
    pub level: Level,
    pub due: Option<NaiveDate>,
    pub due_state: DueState,
    pub resolved_at: Option<String>,
    pub urge_count: i64,
    pub version: i64,
}

/// One line of a request's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestEvent {
    pub id: i64,
    pub at: String,
    pub user_id: Option<i64>,
    pub user_name: Option<String>,
    /// `create`, a `CommandKind` code, `set_category` or `set_level`.
    pub action: String,
    pub kind: Option<CommandKind>,
    pub from: Option<Status>,
    pub to: Option<Status>,
    pub note: String,
    /// The assignee when it happened.
    pub cadre_id: Option<i64>,
}

/// A candidate duplicate and its similarity score (0..=1).
#[derive(Debug, Clone, PartialEq)]
pub struct SimilarRequest {
    pub row: RequestRow,
    pub score: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltinView {
    /// My queue: open requests assigned to me (or logged by me if I am not a cadre).
    MyQueue,
    Overdue,
    /// Received and nobody assigned yet.
    Unassigned,
    Escalated,
}

impl BuiltinView {
    pub const ALL: [BuiltinView; 4] = [
        BuiltinView::MyQueue,
        BuiltinView::Overdue,
        BuiltinView::Unassigned,
        BuiltinView::Escalated,
    ];
}

/// A new request as the intake form fills it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequest {
    /// `None`: now.
    pub received_at: Option<NaiveDateTime>,
    pub channel: Channel,
    pub household_id: Option<i64>,
    pub person_id: Option<i64>,
    pub caller_name: Option<String>,
    pub caller_phone: Option<String>,
    /// Where an outside caller lives (requests of residents take their
    /// household's village and grid).
    pub caller_village_id: Option<i64>,
    pub caller_grid_id: Option<i64>,
    pub category_id: Option<i64>,
    pub kind: RequestKind,
    pub title: String,
    pub content: String,
    pub scope: Scope,
    pub difficulty: Difficulty,
    pub priority: Priority,
    pub level: Level,
    /// 就地解决: the resolution; the request is created and resolved at
    /// once, pending callback.
    pub solved_on_spot: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssigneeFilter {
    Unassigned,
    Cadre(i64),
    /// The user's own queue: assigned to their cadre, or — for a user who
    /// is not a cadre — the open requests they logged.
    Me,
}

/// Composable triage filters; empty lists mean "any". Serialized as JSON
/// for saved views.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestFilter {
    pub statuses: Vec<Status>,
    pub channels: Vec<Channel>,
    pub category_ids: Vec<i64>,
    pub village_ids: Vec<i64>,
    pub grid_ids: Vec<i64>,
    /// These requests only (a list opened from a 民情分析 warning).
    pub request_ids: Vec<i64>,
    pub assignee: Option<AssigneeFilter>,
    pub levels: Vec<Level>,
    /// Open and past the due date.
    pub overdue: bool,
    /// Only received / assigned / in progress / escalated.
    pub open_only: bool,
    /// Words each found in the title, content or resident name.
    pub text: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestSort {
    /// Earliest due first; requests without a due date last.
    #[default]
    Due,
    /// Oldest received first.
    Age,
    /// Newest received first.
    Newest,
    /// Urgent first, then by due date.
    Priority,
}

/// What a view shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewSpec {
    pub filter: RequestFilter,
    pub sort: RequestSort,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewId {
    /// Named by the UI in the user's language.
    Builtin(BuiltinView),
    Saved(i64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedView {
    pub id: ViewId,
    /// Empty for built-ins.
    pub name: String,
    /// Visible to every user of the office.
    pub shared: bool,
    pub spec: ViewSpec,
}

/// Which label a request's status reads with: a merged request says
/// whether it went into a topic (并入议题) or is a duplicate (重复合并).
pub fn status_key(status: Status, duplicate_of: Option<i64>, topic_id: Option<i64>) -> &'static str {
    match (status, duplicate_of, topic_id) {
        (Status::Merged, Some(_), _) => "merged_duplicate",
        (Status::Merged, None, Some(_)) => "merged_topic",
        (s, _, _) => s.code(),
    }
}

/// The topic a request was merged into, and how its decisions stand (the
/// request detail shows it, so a caller asking about an old request hears
/// what was decided).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicProgress {
    pub id: i64,
    pub title: String,
    pub decisions: Vec<TopicDecision>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicDecision {
    pub text: String,
    pub status: crate::domain::meetings::DecisionStatus,
    pub progress: i64,
    pub deadline: Option<String>,
}

// --- Paged triage table (README "Performance", issue 15) ---

/// Which requests the triage table lists, in which order.
#[derive(Debug, Clone, PartialEq)]
pub enum TableQuery {
    /// A view: its filter and sort.
    View {
        filter: Box<RequestFilter>,
        sort: RequestSort,
    },
    /// Resolved requests waiting for the callback, longest waiting first.
    CallbacksDue,
}

/// Where a page of the triage table starts, by keyset on the sort key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seek {
    /// The first rows.
    First,
    /// The last rows (still returned in display order).
    Last,
    /// The rows after request `id`, which is row `index`.
    After { id: i64, index: usize },
    /// The rows before request `id`, which is row `index` (returned in
    /// display order).
    Before { id: i64, index: usize },
}

/// Some rows of the triage table: rows `start..start + rows.len()` of `total`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TablePage {
    pub total: usize,
    pub start: usize,
    pub rows: Vec<RequestRow>,
}
