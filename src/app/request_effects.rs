//! Carries out the requests pane's effects against the store and reports
//! the outcome into the state: a sentence on success, the workflow's refusal
//! or a conflict (with what the other clerk changed) on failure.

use super::effects::Services;
use super::requests::{BulkOp, RequestEffect};
use super::state::{RequestDetailView, RequestsViewId, State};
use crate::domain::request::{CallbackMethod, Role};
use crate::domain::workflow::{CommandKind, allowed_commands};
use crate::store::request_bulk::{self, BulkReport};
use crate::store::request_ops::{self, CallbackAnswer, RequestError};
use crate::store::request_query::{self, QueryContext, RequestField};
use crate::store::request_views;
use crate::ui::i18n::{self, fill, label, texts};

/// Returns whether the snapshot must be reloaded (after a write).
pub fn execute(state: &mut State, svc: &mut Services, effect: RequestEffect) -> bool {
    match effect {
        RequestEffect::Query => {
            query(state, svc);
            false
        }
        RequestEffect::Open(id) => {
            open(state, svc, id);
            false
        }
        RequestEffect::Command { id, version, command } => {
            let kind = command.kind();
            let result = request_ops::apply_command(&mut svc.store, id, version, &command);
            finish(state, svc, id, result.map(|_| done(state, kind)), Some(kind));
            true
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
            finish(state, svc, id, result, Some(CommandKind::RecordCallback));
            true
        }
        RequestEffect::Urge(id) => {
            let t = texts(state.lang);
            let result = request_ops::urge(&mut svc.store, id, "").map(|n| fill(&t.req.urged, &[("n", &n)]));
            finish(state, svc, id, result, Some(CommandKind::Urge));
            true
        }
        RequestEffect::Bulk { items, op } => {
            bulk(state, svc, &items, op);
            true
        }
        RequestEffect::AddToTopic { ids, topic } => {
            add_to_topic(state, svc, &ids, topic);
            true
        }
        RequestEffect::SaveView { name, shared } => {
            match request_views::save_view(&mut svc.store, &name, &state.requests.spec, shared) {
                Ok(id) => {
                    load_views(state, svc);
                    state.requests.view = RequestsViewId::Saved { id, name: name.clone() };
                    state.info(fill(&texts(state.lang).req.view_saved, &[("name", &name)]));
                }
                Err(e) => {
                    let text = i18n::request_error(state.lang, &e, None);
                    state.error(text);
                }
            }
            false
        }
        RequestEffect::LoadViews => {
            load_views(state, svc);
            false
        }
    }
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

/// Re-runs the table's query for the current view.
pub fn query(state: &mut State, svc: &mut Services) {
    let rows = match &state.requests.view {
        RequestsViewId::CallbacksDue => request_query::callbacks_due(svc.store.conn(), state.today),
        _ => context(state, svc).and_then(|ctx| {
            request_query::list_requests(
                svc.store.conn(),
                &state.requests.spec.filter,
                state.requests.spec.sort,
                &ctx,
            )
        }),
    };
    match rows {
        Ok(rows) => state.set_request_rows(rows),
        Err(e) => {
            let text = i18n::request_error(state.lang, &e, None);
            state.error(text);
        }
    }
    if state.requests.saved_views.is_empty() {
        load_views(state, svc);
    }
}

fn load_views(state: &mut State, svc: &mut Services) {
    if let Ok(views) = request_views::list_views(svc.store.conn(), svc.store.actor().user_id) {
        state.requests.saved_views = views;
    }
}

/// Loads the detail view: the request, its timeline, similar open requests
/// and what the workflow allows this user from here.
pub fn open(state: &mut State, svc: &mut Services, id: i64) {
    let conn = svc.store.conn();
    let loaded = request_query::load_request(conn, id).and_then(|detail| {
        let events = request_query::request_events(conn, id)?;
        let similar = request_query::similar_open_requests(conn, id, request_query::SIMILAR_THRESHOLD, 8, state.today)?;
        Ok((detail, events, similar))
    });
    match loaded {
        Ok((detail, events, similar)) => {
            let role = Role::parse(&svc.store.actor().role).unwrap_or(Role::Clerk);
            let allowed = allowed_commands(&detail.facts(), role);
            let keep = state
                .requests
                .detail
                .as_ref()
                .filter(|d| d.detail.id == id)
                .map(|d| d.similar_selected);
            let similar_selected = keep.unwrap_or(0).min(similar.len().saturating_sub(1));
            state.requests.detail = Some(RequestDetailView {
                detail,
                events,
                similar,
                similar_selected,
                allowed,
            });
        }
        Err(e) => {
            let text = i18n::request_error(state.lang, &e, None);
            state.error(text);
        }
    }
}

/// After a write on request `id`: close the form and say what happened, or
/// keep the form and explain the refusal or conflict. The open detail is
/// reloaded either way, so the clerk sees the latest state.
fn finish(
    state: &mut State,
    svc: &mut Services,
    id: i64,
    result: Result<String, RequestError>,
    tried: Option<CommandKind>,
) {
    let before = state
        .requests
        .detail
        .as_ref()
        .filter(|d| d.detail.id == id)
        .map(|d| d.detail.clone());
    match result {
        Ok(msg) => {
            state.form = None;
            state.info(msg);
        }
        Err(e) => {
            let text = if e.is_conflict() {
                conflict_text(state, svc, id, before.as_ref())
            } else {
                i18n::request_error(state.lang, &e, tried)
            };
            if let Some(form) = state.form.as_mut() {
                form.error = Some(text.clone());
            }
            state.error(text);
        }
    }
    if state.requests.detail.is_some() {
        open(state, svc, id);
    }
    query(state, svc);
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
    fill(&t.req.conflict_changed, &[("id", &id), ("fields", &names.join(", "))])
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

fn bulk(state: &mut State, svc: &mut Services, items: &[(i64, i64)], op: BulkOp) {
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
    match result {
        Ok(report) if items.len() == 1 && report.skipped.is_empty() => {
            state.form = None;
            state.info(match op {
                BulkOp::MergeInto(into) => fill(&t.req.merged_into, &[("dup", &items[0].0), ("into", &into)]),
                _ => fill(&t.req.done, &[("what", &label(&t.command, what))]),
            });
        }
        Ok(report) => {
            state.form = None;
            state.requests.marked.clear();
            let msg = fill(
                &t.req.bulk_done,
                &[("done", &report.done.len()), ("skipped", &report.skipped.len())],
            );
            if report.skipped.is_empty() {
                state.info(msg)
            } else {
                state.error(msg)
            }
        }
        Err(e) => {
            let text = i18n::request_error(state.lang, &e, Some(kind));
            if let Some(form) = state.form.as_mut() {
                form.error = Some(text.clone());
            }
            state.error(text);
        }
    }
    if let Some(id) = state.requests.detail.as_ref().map(|d| d.detail.id) {
        open(state, svc, id);
    }
    query(state, svc);
}

fn add_to_topic(state: &mut State, svc: &mut Services, ids: &[i64], topic: i64) {
    let t = texts(state.lang);
    match crate::store::topics::add_requests(&mut svc.store, topic, ids) {
        Ok(added) => {
            state.form = None;
            state.requests.marked.clear();
            state.info(fill(
                &t.req.added_to_topic,
                &[("done", &added.merged.len()), ("skipped", &added.skipped.len())],
            ));
        }
        Err(e) => {
            let text = crate::ui::panes::agenda::messages::agenda_error(state.lang, &e);
            if let Some(form) = state.form.as_mut() {
                form.error = Some(text.clone());
            }
            state.error(text);
        }
    }
    query(state, svc);
}
