//! Carries out the agenda pane's effects and saves its forms, and reports
//! the outcome as a sentence in the status line.

use super::agenda::{AgendaEffect, Mode};
use super::agenda_forms::AgendaOp;
use super::effects::Services;
use super::state::State;
use crate::export::agenda as export;
use crate::store::agenda_error::AgendaError;
use crate::store::{decisions, meeting_ops, topics};
use crate::ui::i18n::{fill, texts};
use crate::ui::panes::agenda::messages::agenda_error;

/// Whether the snapshot must be reloaded afterwards.
pub fn execute(state: &mut State, svc: &mut Services, effect: AgendaEffect) -> bool {
    let lang = state.lang;
    let a = &texts(lang).agenda.ui;
    let result: Result<Option<String>, AgendaError> = match effect {
        AgendaEffect::LoadMeeting(id) => {
            load(state, svc, id);
            return false;
        }
        AgendaEffect::AddTopicItem {
            meeting_id,
            topic_id,
            title,
            minutes,
            presenter_id,
        } => meeting_ops::add_item(
            &mut svc.store,
            &meeting_ops::NewItem {
                meeting_id,
                topic_id: Some(topic_id),
                title: title.clone(),
                minutes,
                presenter_id,
            },
        )
        .map(|_| Some(fill(&a.added, &[("title", &title)]))),
        AgendaEffect::RemoveItem(id) => meeting_ops::remove_item(&mut svc.store, id).map(|_| Some(a.removed.clone())),
        AgendaEffect::MoveItem(id, delta) => meeting_ops::move_item(&mut svc.store, id, delta).map(|_| None),
        AgendaEffect::SetMinutes {
            item_id,
            version,
            minutes,
        } => meeting_ops::set_item_minutes(&mut svc.store, item_id, version, minutes).map(|_| None),
        AgendaEffect::AdvanceStatus { meeting_id, version } => {
            meeting_ops::advance_status(&mut svc.store, meeting_id, version).map(|to| {
                Some(fill(
                    &a.status_now,
                    &[("status", &crate::ui::i18n::label(&texts(lang).meeting_status, &to))],
                ))
            })
        }
        AgendaEffect::RemoveParticipant(id) => {
            meeting_ops::remove_participant(&mut svc.store, id).map(|_| Some(a.removed.clone()))
        }
        AgendaEffect::MarkDone { id, version } => decisions::mark_done(&mut svc.store, id, version)
            .map(|due| Some(fill(&a.done_callbacks, &[("n", &due.len())]))),
        AgendaEffect::Dismiss {
            category_id,
            request_ids,
        } => topics::dismiss_suggestion(&mut svc.store, category_id, &request_ids).map(|_| Some(a.dismissed.clone())),
    };
    finish(state, svc, result)
}

fn finish(state: &mut State, svc: &mut Services, result: Result<Option<String>, AgendaError>) -> bool {
    match result {
        Ok(msg) => {
            if let Some(msg) = msg {
                state.info(msg);
            }
            reload_open(state, svc);
            true
        }
        Err(e) => {
            let text = agenda_error(state.lang, &e);
            state.error(text);
            reload_open(state, svc);
            false
        }
    }
}

fn reload_open(state: &mut State, svc: &mut Services) {
    if let Some(id) = state.agenda.meeting.as_ref().map(|m| m.id)
        && state.agenda.mode == Mode::Builder
    {
        load(state, svc, id);
    }
}

/// Loads the meeting into the builder, with the residents who may represent it.
pub fn load(state: &mut State, svc: &mut Services, id: i64) {
    let conn = svc.store.conn();
    match meeting_ops::load_meeting(conn, id, state.today) {
        Ok(m) => {
            state.agenda.rep_candidates = meeting_ops::representative_candidates(conn, id, 200).unwrap_or_default();
            state.agenda.meeting = Some(m);
            super::agenda::clamp_all(state);
        }
        Err(e) => {
            let text = agenda_error(state.lang, &e);
            state.error(text);
            state.agenda.mode = Mode::Meetings;
        }
    }
}

/// Saves a validated agenda form; keeps the form open with the reason on failure.
pub fn save(state: &mut State, svc: &mut Services, op: AgendaOp) {
    let lang = state.lang;
    let a = &texts(lang).agenda.ui;
    let saved = || a.saved.clone();
    let result: Result<String, AgendaError> =
        match op {
            AgendaOp::NewMeeting(m) => meeting_ops::create_meeting(&mut svc.store, &m).map(|id| {
                state.agenda.meeting = None;
                fill(&a.meeting_created, &[("id", &id)])
            }),
            AgendaOp::NewItem(i) => meeting_ops::add_item(&mut svc.store, &i).map(|_| saved()),
            AgendaOp::EditItem { item_id, version, edit } => {
                meeting_ops::update_item(&mut svc.store, item_id, version, &edit).map(|_| saved())
            }
            AgendaOp::Minutes {
                meeting_id,
                version,
                text,
            } => meeting_ops::set_minutes(&mut svc.store, meeting_id, version, &text).map(|_| saved()),
            AgendaOp::Participant { meeting_id, who } => {
                meeting_ops::add_participant(&mut svc.store, meeting_id, who).map(|_| saved())
            }
            AgendaOp::FindRepresentative { meeting_id, query } => match find_resident(svc, &query, lang) {
                Ok((person, name, village)) => meeting_ops::add_participant(
                    &mut svc.store,
                    meeting_id,
                    meeting_ops::Participant::Representative(person),
                )
                .map(|_| fill(&a.rep_added, &[("name", &name), ("village", &village)])),
                Err(msg) => {
                    // Keep the form and what was typed; say why next to the field.
                    if let Some(form) = state.form.as_mut() {
                        form.set_error("person_id", msg.clone());
                    }
                    state.error(msg);
                    return;
                }
            },
            AgendaOp::Opinion {
                item_id,
                person_id,
                text,
                adopted,
            } => meeting_ops::add_opinion(&mut svc.store, item_id, person_id, &text, adopted).map(|_| saved()),
            AgendaOp::Adopt { opinion_id, adopted } => meeting_ops::set_adopted(&mut svc.store, opinion_id, adopted)
                .map(|_| {
                    if adopted {
                        a.adopted.clone()
                    } else {
                        a.not_adopted.clone()
                    }
                }),
            AgendaOp::Decision(d) => {
                decisions::add_decision(&mut svc.store, &d).map(|id| fill(&a.decision_added, &[("id", &id)]))
            }
            AgendaOp::Progress {
                id,
                version,
                progress,
                note,
            } => decisions::record_progress(&mut svc.store, id, version, progress, &note).map(|_| saved()),
            AgendaOp::Evaluate { id, kind, score, note } => {
                decisions::evaluate(&mut svc.store, id, &kind, score, &note).map(|_| saved())
            }
            AgendaOp::Abandon { id, version, reason } => {
                decisions::abandon(&mut svc.store, id, version, &reason).map(|_| saved())
            }
            AgendaOp::Publish { id, version, on } => {
                decisions::publish(&mut svc.store, id, version, on).map(|_| a.published.clone())
            }
            AgendaOp::CreateTopic(t) => topics::create_topic(&mut svc.store, &t).map(|c| {
                state.agenda.dropped.retain(|d| !t.request_ids.contains(d));
                fill(
                    &a.topic_created,
                    &[("id", &c.id), ("n", &c.merged.len()), ("skipped", &c.skipped.len())],
                )
            }),
            AgendaOp::RenameTopic { id, version, title } => {
                topics::rename_topic(&mut svc.store, id, version, &title).map(|_| saved())
            }
            AgendaOp::Escalate {
                id,
                version,
                level,
                note,
            } => topics::escalate_topic(&mut svc.store, id, version, level, &note)
                .map(|n| fill(&a.escalated, &[("n", &n)])),
            AgendaOp::Export {
                meeting_id,
                format,
                path,
            } => export_file(state, svc, meeting_id, format, path),
        };
    match result {
        Ok(msg) => {
            state.form = None;
            state.info(msg);
        }
        Err(e) => {
            let text = agenda_error(lang, &e);
            if let Some(form) = state.form.as_mut() {
                form.error = Some(text.clone());
            }
            state.error(text);
        }
    }
    reload_open(state, svc);
}

fn export_file(
    state: &State,
    svc: &mut Services,
    meeting_id: i64,
    format: export::Format,
    path: Option<String>,
) -> Result<String, AgendaError> {
    let target = match path {
        Some(p) => std::path::PathBuf::from(p),
        None => {
            let doc = export::build(svc.store.conn(), meeting_id, state.today)?;
            export::default_path(std::path::Path::new("."), &doc, format)
        }
    };
    let written = export::export(&mut svc.store, meeting_id, format, &target, state.lang, state.today)?;
    Ok(fill(
        &texts(state.lang).agenda.ui.exported,
        &[("path", &written.display())],
    ))
}

/// The best register match of a lookup query that is a person:
/// (person id, name, village); a sentence when there is none.
fn find_resident(
    svc: &mut Services,
    query: &str,
    lang: crate::ui::i18n::Lang,
) -> Result<(i64, String, String), String> {
    let a = &texts(lang).agenda.ui;
    let Some(index) = svc.index.clone() else {
        return Err(a.e_index.clone());
    };
    let hits = svc.searcher.search(&index, query, 5);
    hits.iter()
        .find_map(|h| {
            let person = h.person_id?;
            let e = index.entry(h.row)?;
            Some((person, e.name.to_string(), e.village.to_string()))
        })
        .ok_or_else(|| fill(&a.e_not_found, &[("q", &query)]))
}
