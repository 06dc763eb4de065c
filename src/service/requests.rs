//! Carries out the requests pane's effects against the store and reports
//! the outcome as messages: a sentence on success, the workflow's refusal
//! or a conflict (with what the other clerk changed) on failure. The state
//! is only read here; `update::apply` puts the messages into it.

use super::Services;
use crate::app::message::{Message, Outcome};
use crate::app::state::State;
use crate::domain::request::{CallbackMethod, Role};
use crate::domain::workflow::{CommandKind, allowed_commands};
use crate::panes::PaneId;
use crate::panes::requests::state::{PAGE, RequestDetailView, RequestsViewId};
use crate::panes::requests::update::{BulkOp, Fetch, RequestEffect, RequestsMessage};
use crate::store::request_bulk::{self, BulkReport};
use crate::store::request_ops::{self, CallbackAnswer, RequestError};
use crate::store::request_pages::{self, Seek, TableQuery};
use crate::store::request_query::{self, QueryContext, RequestField};
use crate::store::request_views;
use crate::text::i18n::{self, fill, label, texts};

/// Carries out one of the pane's effects.
pub fn execute(state: &State, svc: &mut Services, effect: RequestEffect) -> Outcome {
    match effect {
        RequestEffect::Query => Outcome::read(query(state, svc)),
        RequestEffect::Page(fetch) => Outcome::read(page(state, svc, fetch)),
        RequestEffect::Open(id) => Outcome::read(vec![open(state, svc, id)]),
        RequestEffect::Reload(id) => Outcome::read(vec![match open(state, svc, id) {
            Message::Requests(m) => match *m {
                RequestsMessage::Opened(view) => say(RequestsMessage::Reloaded(view)),
                other => say(other),
            },
            other => other,
        }]),
        RequestEffect::Command { id, version, command } => {
            let kind = command.kind();
            let result = request_ops::apply_command(&mut svc.store, id, version, &command);
            Outcome::wrote(finish(state, svc, id, result.map(|_| done(state, kind)), Some(kind)))
        }
        RequestEffect::Callback {
            id,
            version,
            solved,
            satisfaction,
        } => {
            let answer = CallbackAnswer {
                solved,
                satisfaction,
                comment: String::new(),
                method: CallbackMethod::Phone,
                knows_cadre: None,
            };
            // A solved, satisfied answer ends the loop: the store closes at once.
            let result = request_ops::record_callback_and_close(&mut svc.store, id, version, &answer).map(|d| {
                done(
                    state,
                    if d.closed {
                        CommandKind::Close
                    } else {
                        CommandKind::RecordCallback
                    },
                )
            });
            Outcome::wrote(finish(state, svc, id, result, Some(CommandKind::RecordCallback)))
        }
        RequestEffect::Urge(id) => {
            let t = texts(state.lang);
            let result = request_ops::urge(&mut svc.store, id, "").map(|n| fill(&t.req.urged, &[("n", &n)]));
            Outcome::wrote(finish(state, svc, id, result, Some(CommandKind::Urge)))
        }
        RequestEffect::Bulk { items, op } => Outcome::wrote(bulk(state, svc, &items, op)),
        RequestEffect::AddToTopic { ids, topic } => Outcome::wrote(add_to_topic(state, svc, &ids, topic)),
        RequestEffect::SaveView { name, shared } => Outcome::read(
            match request_views::save_view(&mut svc.store, &name, &state.requests.spec, shared) {
                Ok(id) => {
                    let mut messages = load_views(svc);
                    let text = fill(&texts(state.lang).req.view_saved, &[("name", &name)]);
                    messages.push(say(RequestsMessage::ViewSaved { id, name }));
                    messages.push(Message::Info(text));
                    messages
                }
                Err(e) => vec![Message::Error(i18n::request_error(state.lang, &e, None))],
            },
        ),
        RequestEffect::LoadViews => Outcome::read(load_views(svc)),
        RequestEffect::Export => Outcome::read(vec![export(state, svc)]),
    }
}

/// Exports the whole table as filtered, not only its loaded window.
fn export(state: &State, svc: &mut Services) -> Message {
    let rows = context(state, svc).and_then(|ctx| request_pages::all(svc.store.conn(), &table_query(state), &ctx));
    match rows {
        Ok(rows) => super::export(
            state,
            svc,
            &crate::export::jobs::Job::Requests { rows },
            crate::export::jobs::Format::Xlsx,
        ),
        Err(e) => Message::Error(i18n::request_error(state.lang, &e, None)),
    }
}

fn say(m: RequestsMessage) -> Message {
    Message::Requests(Box::new(m))
}

fn done(state: &State, kind: CommandKind) -> String {
    let t = texts(state.lang);
    fill(&t.req.done, &[("what", &label(&t.command, kind.code()))])
}

fn context(state: &State, svc: &Services) -> Result<QueryContext, RequestError> {
    let mut ctx = QueryContext::for_store(&svc.store)?;
    ctx.today = state.today;
    Ok(ctx)
}

/// Reloads the table's rows around the selection (after a write, or
/// another clerk's change).
pub fn query(state: &State, svc: &mut Services) -> Vec<Message> {
    page(state, svc, Fetch::Refresh)
}

/// Reloads the table's rows around request `id` (one this user just made,
/// which the table then selects), else around the selection.
pub fn query_around(state: &State, svc: &mut Services, id: Option<i64>) -> Vec<Message> {
    page_from(state, svc, Fetch::Refresh, id)
}

/// What the table lists for the current view; the `/` filter adds its
/// words to the view's text filter (each word must match).
pub fn table_query(state: &State) -> TableQuery {
    match &state.requests.view {
        RequestsViewId::CallbacksDue => TableQuery::CallbacksDue,
        _ => {
            let mut filter = state.requests.spec.filter.clone();
            let typed = &state.list_of(PaneId::REQUESTS).filter;
            if !typed.trim().is_empty() {
                filter.text = format!("{} {typed}", filter.text).trim().to_string();
            }
            TableQuery::View {
                filter: Box::new(filter),
                sort: state.requests.spec.sort,
            }
        }
    }
}

/// Loads rows of the table (README "Performance": a page by keyset on the
/// sort key, and the count); the answer names the request it answers.
pub fn page(state: &State, svc: &mut Services, fetch: Fetch) -> Vec<Message> {
    page_from(state, svc, fetch, None)
}

/// [`page`]; a refresh reads around `anchor`, else around the request
/// waiting to be selected (just made), else around the selected one.
fn page_from(state: &State, svc: &mut Services, fetch: Fetch, anchor: Option<i64>) -> Vec<Message> {
    let r = &state.requests;
    let list = state.list_of(PaneId::REQUESTS);
    let anchor = anchor
        .or(list.sel.pending)
        .or(state.selected_request().map(|sel| sel.id));
    let rows = context(state, svc).and_then(|ctx| {
        let (conn, query) = (svc.store.conn(), table_query(state));
        let at = |index: usize| request_pages::at(conn, &query, &ctx, index.saturating_sub(PAGE / 2), PAGE);
        match (fetch, r.rows.first(), r.rows.last()) {
            (Fetch::First, ..) => request_pages::page(conn, &query, &ctx, Seek::First, PAGE),
            (Fetch::Last, ..) => request_pages::page(conn, &query, &ctx, Seek::Last, PAGE),
            (Fetch::Next, _, Some(last)) => {
                let index = r.start + r.rows.len() - 1;
                request_pages::page(conn, &query, &ctx, Seek::After { id: last.id, index }, PAGE)
            }
            (Fetch::Prev, Some(first), _) => {
                let seek = Seek::Before {
                    id: first.id,
                    index: r.start,
                };
                request_pages::page(conn, &query, &ctx, seek, PAGE)
            }
            // Refresh: around the selected request, else where it was.
            _ => {
                let index = r.start + list.selected;
                match anchor {
                    Some(id) => match request_pages::around(conn, &query, &ctx, id, PAGE / 2, PAGE / 2)? {
                        Some(page) => Ok(page),
                        None => at(index),
                    },
                    None => at(index),
                }
            }
        }
    });
    let mut messages = vec![match rows {
        Ok(page) => say(RequestsMessage::Page {
            generation: r.generation,
            fetch,
            page,
        }),
        Err(e) => Message::Error(i18n::request_error(state.lang, &e, None)),
    }];
    if state.requests.saved_views.is_empty() {
        messages.extend(load_views(svc));
    }
    messages
}

fn load_views(svc: &mut Services) -> Vec<Message> {
    match request_views::list_views(svc.store.conn(), svc.store.actor().user_id) {
        Ok(views) => vec![say(RequestsMessage::Views(views))],
        Err(_) => vec![],
    }
}

/// Loads the detail view: the request, its timeline, similar open requests
/// and what the workflow allows this user from here.
pub fn open(state: &State, svc: &mut Services, id: i64) -> Message {
    let loaded = request_query::open_request(&mut svc.store, id).and_then(|detail| {
        let conn = svc.store.conn();
        let events = request_query::request_events(conn, id)?;
        let similar =
            request_query::similar_own_requests(&svc.store, id, request_query::SIMILAR_THRESHOLD, 8, state.today)?;
        let topic = match detail.topic_id {
            Some(t) => request_query::topic_progress(conn, t)?,
            None => None,
        };
        Ok((detail, events, similar, topic))
    });
    match loaded {
        Ok((detail, events, similar, topic)) => {
            let role = svc.store.actor().role.unwrap_or(Role::Clerk);
            let allowed = allowed_commands(&detail.facts(), role);
            say(RequestsMessage::Opened(Box::new(RequestDetailView {
                detail,
                events,
                similar,
                similar_list: Default::default(),
                allowed,
                topic,
            })))
        }
        Err(e) => Message::Error(i18n::request_error(state.lang, &e, None)),
    }
}

/// After a write on request `id`: close the form and say what happened, or
/// keep the form and explain the refusal or conflict. The open detail is
/// reloaded either way, so the clerk sees the latest state.
fn finish(
    state: &State,
    svc: &mut Services,
    id: i64,
    result: Result<String, RequestError>,
    tried: Option<CommandKind>,
) -> Vec<Message> {
    let before = state
        .requests
        .detail
        .as_ref()
        .filter(|d| d.detail.id == id)
        .map(|d| d.detail.clone());
    let mut messages = vec![match result {
        Ok(msg) => Message::FormSaved(msg),
        Err(e) if e.is_conflict() => match (tried, rebased(state, svc, id, before.as_ref(), tried)) {
            (Some(_), Some(m)) => m,
            _ => Message::FormRefused(conflict_text(state, svc, id, before.as_ref())),
        },
        Err(e) => Message::FormRefused(i18n::request_error(state.lang, &e, tried)),
    }];
    if state.requests.detail.is_some() {
        messages.push(open(state, svc, id));
    }
    messages.extend(query(state, svc));
    messages
}

/// After a colleague changed request `id` first, with a command form open:
/// re-checks the command against the new status. Still allowed: the form
/// moves to the new version and says who changed what and when, so the next
/// Ctrl-S saves. No longer allowed: says what is allowed now (issue 12
/// finding 1). `None` when no form of this request is open.
fn rebased(
    state: &State,
    svc: &Services,
    id: i64,
    before: Option<&request_query::RequestDetail>,
    tried: Option<CommandKind>,
) -> Option<Message> {
    use crate::app::form::FormKind as K;
    let kind = state.form.as_ref()?.kind.clone();
    let new = request_query::load_request(svc.store.conn(), id).ok()?;
    let version = new.version;
    let moved = match kind {
        K::Resolve { id: i, .. } if i == id => K::Resolve { id, version },
        K::Reject { id: i, .. } if i == id => K::Reject { id, version },
        K::Escalate { id: i, .. } if i == id => K::Escalate { id, version },
        K::Extend { id: i, .. } if i == id => K::Extend { id, version },
        K::Reopen { id: i, .. } if i == id => K::Reopen { id, version },
        _ => return None,
    };
    let t = texts(state.lang);
    let f = &t.forms;
    let events = request_query::request_events(svc.store.conn(), id).unwrap_or_default();
    let (who, when) = events.last().map_or((f.conflict_someone.clone(), String::new()), |e| {
        (
            e.user_name.clone().unwrap_or_else(|| f.conflict_someone.clone()),
            e.at.get(..16).unwrap_or(&e.at).to_string(),
        )
    });
    let role = svc.store.actor().role.unwrap_or(Role::Clerk);
    let allowed = allowed_commands(&new.facts(), role);
    if let Some(kind) = tried
        && !allowed.contains(&kind)
    {
        let names: Vec<&str> = allowed.iter().map(|k| label(&t.command, k.code())).collect();
        let allowed = if names.is_empty() {
            f.nothing_allowed.clone()
        } else {
            names.join("、")
        };
        return Some(Message::FormRefused(fill(
            &f.conflict_not_allowed,
            &[
                ("id", &id),
                ("who", &who),
                ("when", &when),
                ("status", &label(&t.status, new.status.code())),
                ("what", &label(&t.command, kind.code())),
                ("allowed", &allowed),
            ],
        )));
    }
    let mut names: Vec<&str> = before.map_or(vec![], |old| {
        old.changes(&new).into_iter().map(|c| field_label(state, c)).collect()
    });
    names.dedup();
    let text = fill(
        &f.conflict_rebased,
        &[
            ("what", &fill(&f.conflict_request, &[("id", &id)])),
            ("who", &who),
            ("when", &when),
            ("fields", &names.join(&texts(state.lang).clerkflow.name_sep)),
        ],
    );
    Some(Message::FormRebased {
        kind: moved,
        newer: vec![],
        text,
    })
}

/// "Request 12 was just changed by someone else (status, assignee)".
fn conflict_text(state: &State, svc: &Services, id: i64, before: Option<&request_query::RequestDetail>) -> String {
    let t = texts(state.lang);
    let changed: Vec<RequestField> = match (before, request_query::load_request(svc.store.conn(), id)) {
        (Some(old), Ok(new)) => old.changes(&new),
        _ => Vec::new(),
    };
    let mut names: Vec<&str> = changed.iter().map(|f| field_label(state, *f)).collect();
    names.dedup();
    if names.is_empty() {
        names.push(label(&t.req_fields, "other"));
    }
    fill(
        &t.req.conflict_changed,
        &[("id", &id), ("fields", &names.join(&t.clerkflow.name_sep))],
    )
}

fn field_label(state: &State, f: RequestField) -> &'static str {
    let t = texts(state.lang);
    let key = match f {
        RequestField::Status => "status",
        RequestField::Assignee => "assignee",
        RequestField::Due => "due",
        RequestField::Level => "level",
        RequestField::Category => "category",
        RequestField::Title => "title",
        RequestField::Content => "content",
        RequestField::Resolution | RequestField::Solved | RequestField::Satisfaction => "resolution",
        RequestField::Priority => "priority",
        _ => "other",
    };
    label(&t.req_fields, key)
}

fn bulk(state: &State, svc: &mut Services, items: &[(i64, i64)], op: BulkOp) -> Vec<Message> {
    let t = texts(state.lang);
    // (result, the command for refusals, the event label for the message)
    let (result, kind, what): (Result<BulkReport, RequestError>, _, _) = match op {
        BulkOp::Assign(cadre) => (
            request_bulk::bulk_assign(&mut svc.store, items, cadre),
            CommandKind::Assign,
            "assign",
        ),
        BulkOp::SetCategory(c) => (
            request_bulk::bulk_set_category(&mut svc.store, items, c),
            CommandKind::Assign,
            "set_category",
        ),
        BulkOp::SetLevel(l) => (
            request_bulk::bulk_set_level(&mut svc.store, items, l),
            CommandKind::Assign,
            "set_level",
        ),
        BulkOp::MergeInto(into) => (
            request_bulk::bulk_merge_duplicates(&mut svc.store, items, into),
            CommandKind::MergeDuplicate,
            "merge_duplicate",
        ),
    };
    let mut messages = match result {
        Ok(report) if items.len() == 1 && report.skipped.is_empty() => vec![Message::FormSaved(match op {
            BulkOp::MergeInto(into) => fill(&t.req.merged_into, &[("dup", &items[0].0), ("into", &into)]),
            _ => fill(&t.req.done, &[("what", &label(&t.command, what))]),
        })],
        Ok(report) => {
            let msg = fill(
                &t.req.bulk_done,
                &[("done", &report.done.len()), ("skipped", &report.skipped.len())],
            );
            let said = if report.skipped.is_empty() {
                Message::Info(msg)
            } else {
                Message::Error(msg)
            };
            vec![Message::CloseForm, say(RequestsMessage::MarksCleared), said]
        }
        Err(e) => vec![Message::FormRefused(i18n::request_error(state.lang, &e, Some(kind)))],
    };
    if let Some(id) = state.requests.detail.as_ref().map(|d| d.detail.id) {
        messages.push(open(state, svc, id));
    }
    messages.extend(query(state, svc));
    messages
}

fn add_to_topic(state: &State, svc: &mut Services, ids: &[i64], topic: i64) -> Vec<Message> {
    let t = texts(state.lang);
    let mut messages = match crate::store::topics::add_requests(&mut svc.store, topic, ids) {
        Ok(added) => vec![
            Message::FormSaved(fill(
                &t.req.added_to_topic,
                &[("done", &added.merged.len()), ("skipped", &added.skipped.len())],
            )),
            say(RequestsMessage::MarksCleared),
        ],
        Err(e) => vec![Message::FormRefused(i18n::agenda_error(state.lang, &e))],
    };
    messages.extend(query(state, svc));
    messages
}
