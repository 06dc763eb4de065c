//! The requests pane's behaviour: the triage table (views, sort, marks,
//! bulk actions), the detail of one request and its workflow commands.

use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::form::{Field, Form, FormKind};
use crate::app::state::State;
use crate::domain::request::{Level, Satisfaction};
use crate::domain::workflow::Command;
use crate::model::meetings::TopicStatus;
use crate::model::requests::BuiltinView;
use crate::model::requests::NamedView;
use crate::model::requests::RequestSort;
use crate::model::requests::TablePage;
use crate::panes::PaneId;
use crate::panes::requests::state::{PAGE, RequestDetailView, RequestsViewId, WINDOW};
use crate::text::i18n::{label, texts};

/// What a bulk action does to the marked requests.
#[derive(Debug, Clone, PartialEq)]
pub enum BulkOp {
    Assign(i64),
    SetCategory(i64),
    SetLevel(Level),
    /// Merge the marked requests as duplicates of this one.
    MergeInto(i64),
}

/// Which rows of the triage table to load (README "Performance").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fetch {
    /// The rows around the selected request, wherever the view now puts it
    /// (after a change by anyone, or a new sort).
    Refresh,
    /// The first page (a new view or filter, or Home).
    First,
    /// The last page (End).
    Last,
    /// The page after the loaded rows (scrolling down).
    Next,
    /// The page before the loaded rows (scrolling up).
    Prev,
}

/// Request effects (carried out in `panes::requests::effects`).
#[derive(Debug, Clone, PartialEq)]
pub enum RequestEffect {
    /// Reload the table's rows around the selection (same as `Page(Refresh)`).
    Query,
    /// Load rows of the table for request number `RequestsView::generation`.
    Page(Fetch),
    Open(i64),
    /// Read the open request's detail again (another clerk's change).
    Reload(i64),
    Command {
        id: i64,
        version: i64,
        command: Command,
    },
    /// A callback answer; `close` closes the request when the answer allows.
    Callback {
        id: i64,
        version: i64,
        solved: bool,
        satisfaction: Satisfaction,
    },
    Urge(i64),
    Bulk {
        items: Vec<(i64, i64)>,
        op: BulkOp,
    },
    /// Merge requests into a topic (议题); each gets its own event.
    AddToTopic {
        ids: Vec<i64>,
        topic: i64,
    },
    SaveView {
        name: String,
        shared: bool,
    },
    LoadViews,
    /// Export the table as filtered to xlsx (README "Exports").
    Export,
}

fn fx(e: RequestEffect) -> Vec<Effect> {
    vec![Effect::Request(Box::new(e))]
}

/// The views `v` cycles through: all, the built-ins, callbacks due, then the
/// user's saved views.
fn next_view(state: &State) -> RequestsViewId {
    let mut all = vec![RequestsViewId::Open, RequestsViewId::All];
    all.extend(BuiltinView::ALL.iter().map(|b| RequestsViewId::Builtin(*b)));
    all.push(RequestsViewId::CallbacksDue);
    for v in &state.requests.saved_views {
        if let crate::model::requests::ViewId::Saved(id) = v.id {
            all.push(RequestsViewId::Saved {
                id,
                name: v.name.clone(),
            });
        }
    }
    let pos = all.iter().position(|v| *v == state.requests.view).unwrap_or(0);
    all[(pos + 1) % all.len()].clone()
}

pub fn set_view(state: &mut State, view: RequestsViewId) -> Vec<Effect> {
    state.requests.spec = view_spec(state, &view);
    state.requests.view = view;
    state.requests.marked.clear();
    fetch(state, Fetch::First)
}

/// What a view shows before any filter is added to it.
pub fn view_spec(state: &State, view: &RequestsViewId) -> crate::model::requests::ViewSpec {
    match view {
        RequestsViewId::Open => crate::panes::requests::state::open_spec(),
        RequestsViewId::Grid { id, .. } => {
            let mut spec = crate::panes::requests::state::open_spec();
            spec.filter.grid_ids = vec![*id];
            spec
        }
        RequestsViewId::Ids { ids, .. } => {
            let mut spec = crate::model::requests::ViewSpec::default();
            spec.filter.request_ids = ids.clone();
            spec
        }
        RequestsViewId::All | RequestsViewId::CallbacksDue => Default::default(),
        RequestsViewId::Builtin(b) => b.spec(),
        RequestsViewId::Saved { id, .. } => state
            .requests
            .saved_views
            .iter()
            .find(|v| v.id == crate::model::requests::ViewId::Saved(*id))
            .map(|v| v.spec.clone())
            .unwrap_or_default(),
    }
}

/// Asks for rows of the table; the answer to any earlier request still due
/// is ignored when it comes (see `apply`).
pub fn fetch(state: &mut State, fetch: Fetch) -> Vec<Effect> {
    state.requests.generation += 1;
    state.requests.loading = true;
    fx(RequestEffect::Page(fetch))
}

/// The `/` filter of the table is asked of the store (only a window of
/// the rows is loaded): each edit loads the first page again, and a newer
/// edit supersedes the answer to an older one.
fn quick_filter(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    let before = state.list().filter.clone();
    if !crate::app::update::edit_filter(state, action) {
        return None;
    }
    if state.list().filter == before {
        return Some(vec![]);
    }
    Some(fetch(state, Fetch::First))
}

/// Moves the selection over the loaded rows and asks for the next or the
/// previous page when it comes within a page of their end, so scrolling
/// never waits; Home and End load the first or last page at once.
fn scroll(state: &mut State, action: Action) -> Vec<Effect> {
    let page = state.list_height().max(1);
    let r = &state.requests;
    let (len, at_start, at_end) = (r.rows.len(), r.start == 0, r.start + r.rows.len() >= r.total);
    match action {
        Action::Top if !at_start => return fetch(state, Fetch::First),
        Action::Bottom if !at_end => return fetch(state, Fetch::Last),
        Action::Top => state.move_selection(isize::MIN / 2),
        Action::Bottom => state.move_selection(isize::MAX / 2),
        Action::Up => state.move_selection(-1),
        Action::Down => state.move_selection(1),
        Action::PageUp => state.move_selection(-(page as isize)),
        Action::PageDown => state.move_selection(page as isize),
        _ => return vec![],
    }
    if state.requests.loading {
        return vec![];
    }
    let selected = state.list_of(PaneId::REQUESTS).selected;
    // Ask early (half a page of the store ahead) so rows are there in time.
    let margin = page.max(PAGE / 2);
    if !at_end && selected + margin >= len {
        fetch(state, Fetch::Next)
    } else if !at_start && selected < margin {
        fetch(state, Fetch::Prev)
    } else {
        vec![]
    }
}

/// The (id, version) pairs a bulk action applies to: the marked requests,
/// or the one under the cursor when none is marked.
fn targets(state: &State) -> Vec<(i64, i64)> {
    if state.requests.marked.is_empty() {
        return state
            .selected_request()
            .map(|r| vec![(r.id, r.version)])
            .unwrap_or_default();
    }
    state
        .requests
        .marked
        .iter()
        .map(|(id, version)| (*id, *version))
        .collect()
}

/// Handles `action` if the requests pane owns it.
pub fn update(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    if let Some((id, version)) = state.requests.callback_prompt {
        let answer = match action {
            Action::Insert('1') => Some((true, Satisfaction::Satisfied)),
            Action::Insert('2') => Some((true, Satisfaction::Basically)),
            Action::Insert('3') => Some((true, Satisfaction::Unsatisfied)),
            Action::Insert('4') => Some((false, Satisfaction::Unsatisfied)),
            Action::InputCancel | Action::Back => None,
            _ => return Some(vec![]),
        };
        state.requests.callback_prompt = None;
        return Some(match answer {
            Some((solved, satisfaction)) => fx(RequestEffect::Callback {
                id,
                version,
                solved,
                satisfaction,
            }),
            None => vec![],
        });
    }
    if state.requests.detail.is_some() {
        return update_detail(state, action);
    }
    if state.filter_input.is_some() {
        return quick_filter(state, action);
    }
    let t = texts(state.lang);
    match action {
        Action::Open => {
            let id = state.selected_request()?.id;
            state.requests.back_to_card = false;
            return Some(fx(RequestEffect::Open(id)));
        }
        Action::ToggleMark => {
            let (id, version) = state.selected_request().map(|r| (r.id, r.version))?;
            if state.requests.marked.remove(&id).is_none() {
                state.requests.marked.insert(id, version);
            }
            return Some(scroll(state, Action::Down));
        }
        Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom => {
            return Some(scroll(state, action));
        }
        Action::Back if !state.requests.marked.is_empty() => state.requests.marked.clear(),
        Action::Back if !state.list().filter.is_empty() => {
            state.list_mut().filter.clear();
            return Some(fetch(state, Fetch::First));
        }
        Action::NextView => return Some(set_view(state, next_view(state))),
        Action::ClearFilters => {
            // The view as it is without filters (the sort stays), and no
            // text filter.
            let sort = state.requests.spec.sort;
            state.requests.spec = view_spec(state, &state.requests.view);
            state.requests.spec.sort = sort;
            state.list_of_mut(PaneId::REQUESTS).filter.clear();
            state.info(texts(state.lang).clerkflow.filters_cleared.clone());
            return Some(fetch(state, Fetch::First));
        }
        Action::CycleSort => {
            let sorts = [
                RequestSort::Due,
                RequestSort::Age,
                RequestSort::Newest,
                RequestSort::Priority,
            ];
            let pos = sorts.iter().position(|s| *s == state.requests.spec.sort).unwrap_or(0);
            state.requests.spec.sort = sorts[(pos + 1) % sorts.len()];
            // The selected request stays selected, wherever it now sorts.
            return Some(fetch(state, Fetch::Refresh));
        }
        Action::FilterMenu => state.form = Some(super::filter_form::layout(state)),
        Action::SaveView => {
            state.form = Some(Form::new(
                FormKind::SaveView,
                &t.req.save_view_title,
                vec![
                    Field::text("name", &t.req.view_name, ""),
                    Field::choice(
                        "shared",
                        &t.req.shared,
                        vec![("no".into(), t.form.no.clone()), ("yes".into(), t.form.yes.clone())],
                        "no",
                    ),
                ],
            ))
        }
        Action::NewRequest => {
            // Choose the resident with the same lookup as the lookup pane.
            state.switch(PaneId::LOOKUP);
            let effects = crate::panes::lookup::update::jump(state);
            state.lookup.picking_for_request = true;
            state.info(t.req.pick_resident.clone());
            return Some(effects);
        }
        Action::Assign => return Some(bulk_form(state, BulkKind::Assign, targets(state))),
        Action::SetCategory => return Some(bulk_form(state, BulkKind::Category, targets(state))),
        Action::SetLevel => return Some(bulk_form(state, BulkKind::Level, targets(state))),
        Action::AddToTopic => return Some(bulk_form(state, BulkKind::Topic, targets(state))),
        Action::MergeMarked => {
            let keep = state.selected_request()?.id;
            let items: Vec<(i64, i64)> = targets(state).into_iter().filter(|(id, _)| *id != keep).collect();
            if items.is_empty() || state.requests.marked.is_empty() {
                state.error(t.req.merge_needs_two.clone());
                return Some(vec![]);
            }
            return Some(fx(RequestEffect::Bulk {
                items,
                op: BulkOp::MergeInto(keep),
            }));
        }
        Action::Callback => {
            let r = state.selected_request()?;
            state.requests.callback_prompt = Some((r.id, r.version));
        }
        Action::Urge => {
            let id = state.selected_request()?.id;
            return Some(fx(RequestEffect::Urge(id)));
        }
        // Exports: the whole table as filtered (view, filters, `/` text),
        // read by the store since only a window of it is loaded.
        Action::ExportXlsx => return Some(fx(RequestEffect::Export)),
        _ => return None,
    }
    Some(vec![])
}

enum BulkKind {
    Assign,
    Category,
    Level,
    Topic,
}

fn bulk_form(state: &mut State, kind: BulkKind, items: Vec<(i64, i64)>) -> Vec<Effect> {
    let t = texts(state.lang);
    if items.is_empty() {
        state.error(t.req.nothing_marked.clone());
        return vec![];
    }
    let n = items.len();
    let suffix = if n > 1 {
        crate::text::i18n::noted(t, "", &crate::text::i18n::fill(&t.req.marked, &[("n", &n)]))
    } else {
        String::new()
    };
    let data = state.data.as_ref();
    let form = match kind {
        BulkKind::Assign => {
            let default = grid_cadre(state, &items).map(|c| c.to_string()).unwrap_or_default();
            Form::new(
                FormKind::BulkAssign { items },
                &format!("{}{suffix}", t.req.assign_title),
                vec![Field::choice("cadre", &t.req.assignee, cadre_options(state), &default)],
            )
        }
        BulkKind::Category => Form::new(
            FormKind::BulkCategory { items },
            &format!("{}{suffix}", t.req.category_title),
            vec![Field::choice(
                "category",
                &t.form.category,
                data.map(|d| {
                    d.categories
                        .iter()
                        .map(|(id, n)| (id.to_string(), label(&t.category, n).to_string()))
                        .collect()
                })
                .unwrap_or_default(),
                "",
            )],
        ),
        BulkKind::Topic => {
            let topics: Vec<(String, String)> = data
                .map(|d| {
                    d.topics
                        .iter()
                        .filter(|t| matches!(t.status, TopicStatus::Open | TopicStatus::Escalated))
                        .map(|t| (t.id.to_string(), t.title.clone()))
                        .collect()
                })
                .unwrap_or_default();
            if topics.is_empty() {
                state.error(t.req.no_topics.clone());
                return vec![];
            }
            Form::new(
                FormKind::BulkTopic { items },
                &format!("{}{suffix}", t.req.topic_title),
                vec![Field::choice("topic", &t.req.topic, topics, "")],
            )
        }
        BulkKind::Level => Form::new(
            FormKind::BulkLevel { items },
            &format!("{}{suffix}", t.req.level_title),
            vec![Field::choice(
                "level",
                &t.form.level,
                Level::ALL
                    .iter()
                    .map(|l| (l.code().to_string(), label(&t.level, l.code()).to_string()))
                    .collect(),
                "township",
            )],
        ),
    };
    state.form = Some(form);
    vec![]
}

/// The cadre of the grid all `items` come from (their village's 网格员),
/// the assignee a clerk picks nearly always; `None` when they come from
/// several grids or a grid without a cadre.
fn grid_cadre(state: &State, items: &[(i64, i64)]) -> Option<i64> {
    let data = state.data.as_ref()?;
    // The table's rows name their grid and village; the open detail has the id.
    let by_name = |village: &Option<String>, grid: &Option<String>| {
        data.grids
            .iter()
            .find(|g| Some(&g.name) == grid.as_ref() && Some(&g.village) == village.as_ref())
            .map(|g| g.id)
    };
    let grid_of = |id: i64| {
        let detail = state.requests.detail.as_ref().filter(|d| d.detail.id == id);
        let row = state.requests.rows.iter().find(|r| r.id == id);
        detail
            .and_then(|d| d.detail.grid_id)
            .or_else(|| row.and_then(|r| by_name(&r.village_name, &r.grid_name)))
    };
    let mut grids = items.iter().map(|(id, _)| grid_of(*id));
    let first = grids.next()??;
    if !grids.all(|g| g == Some(first)) {
        return None;
    }
    data.grids.iter().find(|g| g.id == first)?.cadre_id
}

/// Active cadres as choices: "name title".
pub fn cadre_options(state: &State) -> Vec<(String, String)> {
    state
        .data
        .as_ref()
        .map(|d| {
            d.cadres
                .iter()
                .filter(|c| c.role != crate::domain::request::Role::Clerk)
                .map(|c| (c.id.to_string(), format!("{} {}", c.name, c.title)))
                .collect()
        })
        .unwrap_or_default()
}

fn update_detail(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    let t = texts(state.lang);
    let view = state.requests.detail.as_mut()?;
    let (id, version, status) = (view.detail.id, view.detail.version, view.detail.status);
    let command_form = |kind: FormKind, title: &str, fields: Vec<Field>| Form::new(kind, title, fields);
    match action {
        Action::Back => {
            state.requests.detail = None;
            if std::mem::take(&mut state.requests.back_to_card) && state.card.is_some() {
                state.switch(PaneId::LOOKUP);
            }
        }
        Action::Up | Action::Down => {
            let n = view.similar.len();
            view.similar_list.step(action, 1, n);
        }
        Action::Assign => {
            // The current assignee, else (in bulk_form) the grid's cadre.
            let current = view.detail.assignee_id.map(|c| c.to_string());
            bulk_form(state, BulkKind::Assign, vec![(id, version)]);
            if let Some(current) = current
                && let Some(field) = state.form.as_mut().and_then(|f| f.fields.first_mut())
                && let crate::app::form::FieldKind::Choice { options, index } = &mut field.kind
                && let Some(pos) = options.iter().position(|(code, _)| *code == current)
            {
                *index = pos;
            }
        }
        Action::Start => {
            return Some(fx(RequestEffect::Command {
                id,
                version,
                command: Command::Start,
            }));
        }
        Action::CloseRequest => {
            return Some(fx(RequestEffect::Command {
                id,
                version,
                command: Command::Close,
            }));
        }
        Action::Urge => return Some(fx(RequestEffect::Urge(id))),
        Action::Callback => state.requests.callback_prompt = Some((id, version)),
        Action::Resolve => {
            state.form = Some(command_form(
                FormKind::Resolve { id, version },
                &t.req.resolve_title,
                vec![
                    Field::multiline("resolution", &t.req.resolution, ""),
                    Field::choice(
                        "solved",
                        &t.req.solved,
                        vec![("yes".into(), t.form.yes.clone()), ("no".into(), t.form.no.clone())],
                        "yes",
                    ),
                ],
            ))
        }
        Action::Reject => {
            state.form = Some(command_form(
                FormKind::Reject { id, version },
                &t.req.reject_title,
                vec![Field::multiline("reason", &t.req.reason, "")],
            ))
        }
        Action::Escalate => {
            state.form = Some(command_form(
                FormKind::Escalate { id, version },
                &t.req.escalate_title,
                vec![
                    Field::choice(
                        "level",
                        &t.form.level,
                        [Level::County, Level::City]
                            .iter()
                            .map(|l| (l.code().to_string(), label(&t.level, l.code()).to_string()))
                            .collect(),
                        "county",
                    ),
                    Field::multiline("note", &t.req.note, ""),
                ],
            ))
        }
        Action::Extend => {
            let due = view
                .detail
                .due
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default();
            state.form = Some(command_form(
                FormKind::Extend { id, version },
                &t.req.extend_title,
                vec![
                    Field::text("due", &t.req.new_due, &due),
                    Field::multiline("reason", &t.req.reason, ""),
                ],
            ))
        }
        Action::Reopen => {
            state.form = Some(command_form(
                FormKind::Reopen { id, version },
                &t.req.reopen_title,
                vec![Field::multiline("reason", &t.req.reason, "")],
            ))
        }
        Action::MergeSimilar => {
            // The selected similar request is the duplicate; this one stays.
            let dup = view.similar.get(view.similar_list.selected)?;
            return Some(fx(RequestEffect::Bulk {
                items: vec![(dup.row.id, dup.row.version)],
                op: BulkOp::MergeInto(id),
            }));
        }
        Action::OpenHousehold => match view.detail.household_id {
            Some(h) => {
                state.switch(PaneId::LOOKUP);
                state.lookup.focused = false;
                return Some(vec![Effect::LoadCard(h)]);
            }
            None => state.error(t.req.no_household.clone()),
        },
        Action::SetCategory | Action::SetLevel if status.is_final() => {
            state.error(crate::text::i18n::fill(
                &t.req_errors.not_editable,
                &[("status", &label(&t.status, status.code()))],
            ));
        }
        Action::SetCategory => return Some(bulk_form(state, BulkKind::Category, vec![(id, version)])),
        Action::SetLevel => return Some(bulk_form(state, BulkKind::Level, vec![(id, version)])),
        _ => return None,
    }
    Some(vec![])
}

/// Validates a request form into its effect; `None` when the form is not
/// one of the requests pane's. A wrong field keeps the form open and says why.
pub fn submit(state: &mut State) -> Option<Vec<Effect>> {
    let check = crate::app::validate::Check::new(state.lang, state.today);
    let form = state.form.as_mut()?;
    if let Some(filter) = super::filter_form::FilterForm::read(form) {
        let Some(spec) = form.accept(filter.validate(check)) else {
            return Some(vec![]);
        };
        state.requests.spec = spec;
        state.requests.view = RequestsViewId::All;
        state.form = None;
        state.requests.marked.clear();
        return Some(fetch(state, Fetch::First));
    }
    let typed = super::forms::RequestForm::read(form)?;
    let Some(effect) = form.accept(typed.validate(check)) else {
        return Some(vec![]);
    };
    // Several requests at once: a one-line confirmation with the count and
    // the target first; the same Ctrl-S again confirms (issue 12 finding 5).
    if let Some(question) = bulk_question(state.lang, form, &effect)
        && form.warned.as_ref() != Some(&question)
    {
        form.error = Some(question.clone());
        form.warned = Some(question);
        return Some(vec![]);
    }
    // Saving a view closes its form at once; the others close on success.
    if matches!(effect, RequestEffect::SaveView { .. }) {
        state.form = None;
    }
    Some(fx(effect))
}

/// The confirmation a bulk effect on more than one request needs: how many
/// and to what (the chosen option's label).
fn bulk_question(lang: crate::text::i18n::Lang, form: &Form, effect: &RequestEffect) -> Option<String> {
    let f = &texts(lang).forms;
    let (n, sentence) = match effect {
        RequestEffect::Bulk { items, op } => (
            items.len(),
            match op {
                BulkOp::Assign(_) => &f.bulk_assign,
                BulkOp::SetCategory(_) => &f.bulk_category,
                BulkOp::SetLevel(_) => &f.bulk_level,
                BulkOp::MergeInto(_) => return None,
            },
        ),
        RequestEffect::AddToTopic { ids, .. } => (ids.len(), &f.bulk_topic),
        _ => return None,
    };
    let target = form.fields.first()?.display();
    (n > 1).then(|| crate::text::i18n::fill(sentence, &[("n", &n), ("target", &target)]))
}

/// Results of the pane's effects (carried out in `service::requests`).
#[derive(Debug, Clone, PartialEq)]
pub enum RequestsMessage {
    /// Rows of the table, answering request number `generation`.
    Page {
        generation: u64,
        fetch: Fetch,
        page: TablePage,
    },
    /// The user's saved views.
    Views(Vec<NamedView>),
    /// The detail of one request, loaded (or reloaded after a change).
    Opened(Box<RequestDetailView>),
    /// The detail read again for `RequestEffect::Reload`: shown only if
    /// that request is still the one open.
    Reloaded(Box<RequestDetailView>),
    /// A view was saved and becomes the current one.
    ViewSaved { id: i64, name: String },
    /// A bulk action is done with the marked requests.
    MarksCleared,
    /// This user just logged request `id`: the table selects it.
    Created(i64),
}

/// Puts an effect's result into the pane's state.
pub fn apply(state: &mut State, message: RequestsMessage) {
    match message {
        RequestsMessage::Page {
            generation,
            fetch,
            page,
        } => set_page(state, generation, fetch, page),
        RequestsMessage::Views(views) => state.requests.saved_views = views,
        RequestsMessage::Reloaded(view) => {
            if state
                .requests
                .detail
                .as_ref()
                .is_some_and(|d| d.detail.id == view.detail.id)
            {
                apply(state, RequestsMessage::Opened(view));
            }
        }
        RequestsMessage::Opened(mut view) => {
            // Reloading the same request keeps the similar-request cursor.
            let keep = state
                .requests
                .detail
                .as_ref()
                .filter(|d| d.detail.id == view.detail.id)
                .map(|d| d.similar_list.clone());
            view.similar_list = keep.unwrap_or_default();
            let ids: Vec<i64> = view.similar.iter().map(|s| s.row.id).collect();
            view.similar_list.restore(&ids);
            state.requests.detail = Some(*view);
        }
        RequestsMessage::ViewSaved { id, name } => state.requests.view = RequestsViewId::Saved { id, name },
        RequestsMessage::MarksCleared => state.requests.marked.clear(),
        RequestsMessage::Created(id) => state.select_new(PaneId::REQUESTS, id),
    }
}

/// Puts an answer into the table unless a newer request superseded it:
/// the next or previous page joins the loaded rows (the far end is dropped
/// beyond `WINDOW`), anything else replaces them. The selection stays on
/// the same request where it is still listed.
fn set_page(state: &mut State, generation: u64, fetch: Fetch, page: TablePage) {
    if generation != state.requests.generation {
        return;
    }
    let keep = state.selected_request().map(|r| r.id);
    let list = state.list_of(PaneId::REQUESTS);
    let (old_start, old_index) = (state.requests.start, state.requests.start + list.selected);
    let r = &mut state.requests;
    r.loading = false;
    r.total = page.total;
    // Marked requests keep the version they were last seen with.
    for row in &page.rows {
        if let Some(v) = r.marked.get_mut(&row.id) {
            *v = row.version;
        }
    }
    let joins_after = fetch == Fetch::Next && page.start == r.start + r.rows.len();
    let joins_before = fetch == Fetch::Prev && page.start + page.rows.len() == r.start;
    if joins_after {
        r.rows.extend(page.rows);
        let drop = r.rows.len().saturating_sub(WINDOW);
        r.rows.drain(..drop);
        r.start += drop;
    } else if joins_before {
        let mut rows = page.rows;
        r.start = page.start;
        rows.append(&mut r.rows);
        rows.truncate(WINDOW);
        r.rows = rows;
    } else {
        r.rows = page.rows;
        r.start = page.start;
    }
    let (start, len) = (r.start, r.rows.len());
    state.refilter(PaneId::REQUESTS);
    // A request this user just made is selected once it is listed.
    let pending = state.list_of(PaneId::REQUESTS).sel.pending;
    let made = pending.and_then(|id| state.requests.rows.iter().position(|r| r.id == id));
    let at = match (fetch, made) {
        (_, Some(pos)) => pos,
        (Fetch::First, None) => 0,
        (Fetch::Last, None) => len.saturating_sub(1),
        _ => keep
            .and_then(|id| state.requests.rows.iter().position(|r| r.id == id))
            .unwrap_or_else(|| old_index.saturating_sub(start).min(len.saturating_sub(1))),
    };
    let h = state.list_height();
    let list = state.list_of_mut(PaneId::REQUESTS);
    // The same rows stay at the same place on screen when rows join.
    list.offset = (list.offset + old_start).saturating_sub(start);
    list.selected = at;
    if made.is_some() {
        list.sel.pending = None;
    }
    list.scroll_into_view(h);
    let id = state.selected_request().map(|r| r.id);
    state.list_of_mut(PaneId::REQUESTS).sel.id = id;
}
