//! The requests pane's filter menu: its layout, preset to the filter in
//! force, and [`FilterForm`], its fields read once and checked into the
//! [`ViewSpec`] it applies (README, Architecture: "Typed forms").

use crate::app::form::{Field, Form, FormKind};
use crate::app::state::State;
use crate::app::validate::{Check, FieldErrors};
use crate::domain::request::{Channel, Level, Status};
use crate::model::requests::{AssigneeFilter, RequestFilter, RequestSort, ViewSpec};
use crate::text::i18n::{Texts, label, texts};

/// The sort orders offered, by the code the menu uses for each.
const SORTS: [RequestSort; 4] = [
    RequestSort::Due,
    RequestSort::Age,
    RequestSort::Newest,
    RequestSort::Priority,
];

fn sort_code(s: RequestSort) -> String {
    format!("{s:?}")
}

fn yes_no(t: &Texts) -> Vec<(String, String)> {
    vec![("no".into(), t.form.no.clone()), ("yes".into(), t.form.yes.clone())]
}

/// The filter menu of the requests pane, preset to the current filter.
pub fn layout(state: &State) -> Form {
    let t = texts(state.lang);
    let r = &t.req;
    let spec = &state.requests.spec;
    let f = &spec.filter;
    let any = || vec![(String::new(), r.any.clone())];
    let coded = |codes: Vec<&str>, table: &std::collections::HashMap<String, String>| {
        let mut v = any();
        v.extend(codes.into_iter().map(|c| (c.to_string(), label(table, c).to_string())));
        v
    };
    let ids = |items: Vec<(i64, String)>| {
        let mut v = any();
        v.extend(items.into_iter().map(|(id, n)| (id.to_string(), n)));
        v
    };
    let data = state.data.as_ref();
    let first_code = |codes: Vec<&'static str>| codes.first().map(|c| c.to_string()).unwrap_or_default();
    let first_id = |ids: &[i64]| ids.first().map(|i| i.to_string()).unwrap_or_default();
    let mut assignees = vec![
        (String::new(), r.any.clone()),
        ("unassigned".to_string(), r.unassigned.clone()),
        ("me".to_string(), r.me.clone()),
    ];
    assignees.extend(super::update::cadre_options(state));
    let assignee = match f.assignee {
        None => String::new(),
        Some(AssigneeFilter::Unassigned) => "unassigned".into(),
        Some(AssigneeFilter::Me) => "me".into(),
        Some(AssigneeFilter::Cadre(c)) => c.to_string(),
    };
    let yes_no_current = |b: bool| if b { "yes" } else { "no" };
    Form::new(
        FormKind::RequestFilter,
        &r.filter_title,
        vec![
            Field::choice(
                "status",
                &t.columns.status,
                coded(Status::ALL.iter().map(|s| s.code()).collect(), &t.status),
                &first_code(f.statuses.iter().map(|s| s.code()).collect()),
            ),
            Field::choice(
                "channel",
                &t.form.channel,
                coded(Channel::ALL.iter().map(|s| s.code()).collect(), &t.channel),
                &first_code(f.channels.iter().map(|s| s.code()).collect()),
            ),
            Field::choice(
                "category",
                &t.form.category,
                ids(data
                    .map(|d| {
                        d.categories
                            .iter()
                            .map(|(id, n)| (*id, label(&t.category, n).to_string()))
                            .collect()
                    })
                    .unwrap_or_default()),
                &first_id(&f.category_ids),
            ),
            Field::choice(
                "village",
                &t.columns.village,
                ids(data.map(|d| d.villages.clone()).unwrap_or_default()),
                &first_id(&f.village_ids),
            ),
            Field::choice(
                "grid",
                &t.columns.grid,
                ids(data
                    .map(|d| d.grids.iter().map(|g| (g.id, g.name.clone())).collect())
                    .unwrap_or_default()),
                &first_id(&f.grid_ids),
            ),
            Field::choice("assignee", &r.assignee, assignees, &assignee),
            Field::choice(
                "level",
                &t.form.level,
                coded(Level::ALL.iter().map(|s| s.code()).collect(), &t.level),
                &first_code(f.levels.iter().map(|s| s.code()).collect()),
            ),
            Field::choice("overdue", &r.overdue_only, yes_no(t), yes_no_current(f.overdue)),
            Field::choice("open_only", &r.open_only, yes_no(t), yes_no_current(f.open_only)),
            Field::choice(
                "sort",
                &r.sort,
                SORTS
                    .iter()
                    .map(|s| (sort_code(*s), label(&t.sort, &sort_code(*s)).to_string()))
                    .collect(),
                &sort_code(spec.sort),
            ),
        ],
    )
}

/// The filter menu's input: each choice as its code ("" for any).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterForm {
    pub status: String,
    pub channel: String,
    pub category: String,
    pub village: String,
    pub grid: String,
    /// "", "unassigned", "me" or a cadre's id.
    pub assignee: String,
    pub level: String,
    pub overdue: bool,
    pub open_only: bool,
    pub sort: String,
}

impl FilterForm {
    /// The input of `form`, when it is the filter menu.
    pub fn read(form: &Form) -> Option<FilterForm> {
        if form.kind != FormKind::RequestFilter {
            return None;
        }
        let v = |key: &str| form.value(key);
        Some(FilterForm {
            status: v("status"),
            channel: v("channel"),
            category: v("category"),
            village: v("village"),
            grid: v("grid"),
            assignee: v("assignee"),
            level: v("level"),
            overdue: v("overdue") == "yes",
            open_only: v("open_only") == "yes",
            sort: v("sort"),
        })
    }

    /// The view spec the menu describes (no text filter: the pane's typed
    /// filter is kept apart), or each choice that is not one of its options.
    pub fn validate(&self, mut check: Check) -> Result<ViewSpec, FieldErrors> {
        let id = |s: &str| s.parse::<i64>().ok();
        let status = check.option("status", &self.status, Status::parse);
        let channel = check.option("channel", &self.channel, Channel::parse);
        let category = check.option("category", &self.category, id);
        let village = check.option("village", &self.village, id);
        let grid = check.option("grid", &self.grid, id);
        let assignee = check.option("assignee", &self.assignee, |s| match s {
            "unassigned" => Some(AssigneeFilter::Unassigned),
            "me" => Some(AssigneeFilter::Me),
            other => other.parse().ok().map(AssigneeFilter::Cadre),
        });
        let level = check.option("level", &self.level, Level::parse);
        let sort = check.option("sort", &self.sort, |s| SORTS.into_iter().find(|o| sort_code(*o) == s));
        check.finish(|| ViewSpec {
            filter: RequestFilter {
                statuses: status.into_iter().collect(),
                channels: channel.into_iter().collect(),
                category_ids: category.into_iter().collect(),
                village_ids: village.into_iter().collect(),
                grid_ids: grid.into_iter().collect(),
                request_ids: Vec::new(),
                assignee,
                levels: level.into_iter().collect(),
                overdue: self.overdue,
                open_only: self.open_only,
                text: String::new(),
            },
            sort: sort.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
#[path = "filter_form_tests.rs"]
mod tests;
