//! Carries out the agenda pane's effects and saves its forms; reports the
//! outcome as messages (a sentence for the status line, the reloaded
//! meeting). The state is only read here.

use super::Services;
use crate::app::message::{Message, Outcome};
use crate::app::state::State;
use crate::export::agenda as export;
use crate::panes::agenda::forms::AgendaOp;
use crate::panes::agenda::update::{AgendaEffect, AgendaMessage, Mode};
use crate::store::agenda_error::AgendaError;
use crate::store::{decisions, meeting_ops, topics};
use crate::text::i18n::agenda_error;
use crate::text::i18n::{fill, texts};

/// Carries out one of the pane's effects.
pub fn execute(state: &State, svc: &mut Services, effect: AgendaEffect) -> Outcome {
    let lang = state.lang;
    let a = &texts(lang).agenda.ui;
    let result: Result<Option<String>, AgendaError> = match effect {
        AgendaEffect::LoadMeeting(id) => return Outcome::read(vec![load(state, svc, id)]),
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
                    &[("status", &crate::text::i18n::label(&texts(lang).meeting_status, &to))],
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

fn finish(state: &State, svc: &mut Services, result: Result<Option<String>, AgendaError>) -> Outcome {
    let (mut messages, reload) = match result {
        Ok(msg) => (msg.into_iter().map(Message::Info).collect(), true),
        Err(e) => (vec![Message::Error(agenda_error(state.lang, &e))], false),
    };
    messages.extend(reload_open(state, svc));
    Outcome { messages, reload }
}

fn reload_open(state: &State, svc: &mut Services) -> Option<Message> {
    let id = state.agenda.meeting.as_ref().map(|m| m.id)?;
    (state.agenda.mode == Mode::Builder).then(|| load(state, svc, id))
}

fn say(m: AgendaMessage) -> Message {
    Message::Agenda(Box::new(m))
}

/// Loads the meeting into the builder, with the residents who may represent it.
pub fn load(state: &State, svc: &mut Services, id: i64) -> Message {
    if let Err(e) = svc.store.require_meeting(id) {
        return say(AgendaMessage::LoadFailed(agenda_error(state.lang, &e.into())));
    }
    let conn = svc.store.conn();
    match meeting_ops::load_meeting(conn, id, state.today) {
        Ok(m) => say(AgendaMessage::Loaded {
            meeting: Box::new(m),
            representatives: meeting_ops::representative_candidates(conn, id, 200).unwrap_or_default(),
            attached: crate::store::analysis::attached_reports(conn, id).unwrap_or_default(),
        }),
        Err(e) => say(AgendaMessage::LoadFailed(agenda_error(state.lang, &e))),
    }
}

/// Saves a validated agenda form; keeps the form open with the reason on failure.
pub fn save(state: &State, svc: &mut Services, op: AgendaOp) -> Outcome {
    let lang = state.lang;
    let mut messages = Vec::new();
    let a = &texts(lang).agenda.ui;
    let saved = || a.saved.clone();
    let result: Result<String, AgendaError> =
        match op {
            AgendaOp::NewMeeting(m) => meeting_ops::create_meeting(&mut svc.store, &m).map(|id| {
                messages.push(say(AgendaMessage::MeetingCreated(id)));
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
                // Several residents match: the clerk chooses among them
                // (issue 12 finding 11), nothing is added yet.
                Ok(found) if found.len() > 1 => {
                    return Outcome::read(vec![say(AgendaMessage::RepresentativeMatches { query, found })]);
                }
                Ok(found) => {
                    let (person, name, village) = found.into_iter().next().expect("one match");
                    meeting_ops::add_participant(
                        &mut svc.store,
                        meeting_id,
                        meeting_ops::Participant::Representative(person),
                    )
                    .map(|_| fill(&a.rep_added, &[("name", &name), ("village", &village)]))
                }
                // Keep the form and what was typed; say why next to the field.
                Err(text) => {
                    return Outcome::read(vec![Message::FieldRefused {
                        field: "person_id",
                        text,
                    }]);
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
            AgendaOp::Decision(d) => decisions::add_decision(&mut svc.store, &d).map(|id| {
                messages.push(say(AgendaMessage::DecisionAdded(id)));
                fill(&a.decision_added, &[("id", &id)])
            }),
            AgendaOp::Progress {
                id,
                version,
                progress,
                note,
            } => decisions::record_progress(&mut svc.store, id, version, progress, &note).map(|_| saved()),
            AgendaOp::Evaluate { id, kind, score, note } => {
                decisions::evaluate(&mut svc.store, id, kind, score, &note).map(|_| saved())
            }
            AgendaOp::Abandon { id, version, reason } => {
                decisions::abandon(&mut svc.store, id, version, &reason).map(|_| saved())
            }
            AgendaOp::Publish { id, version, on } => {
                decisions::publish(&mut svc.store, id, version, on).map(|_| a.published.clone())
            }
            AgendaOp::CreateTopic(t) => topics::create_topic(&mut svc.store, &t).map(|c| {
                messages.push(say(AgendaMessage::TopicCreated {
                    id: c.id,
                    requests: t.request_ids.clone(),
                }));
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
    let created = messages
        .iter()
        .any(|m| matches!(m, Message::Agenda(a) if matches!(**a, AgendaMessage::MeetingCreated(_))));
    messages.push(match result {
        Ok(msg) => Message::FormSaved(msg),
        Err(e) => Message::FormRefused(agenda_error(lang, &e)),
    });
    // A new meeting closes the open one; otherwise the open one is reloaded.
    if !created {
        messages.extend(reload_open(state, svc));
    }
    Outcome::wrote(messages)
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
            let doc = export::build_for(&mut svc.store, meeting_id, state.today, false)?;
            export::default_path(std::path::Path::new("."), &doc, format)
        }
    };
    let written = export::export(&mut svc.store, meeting_id, format, &target, state.lang, state.today)?;
    Ok(fill(
        &texts(state.lang).agenda.ui.exported,
        &[("path", &written.display())],
    ))
}

/// Register matches of a lookup query that are persons, best first:
/// (person id, name, village); a sentence when there is none.
fn find_resident(
    svc: &mut Services,
    query: &str,
    lang: crate::text::i18n::Lang,
) -> Result<Vec<(i64, String, String)>, String> {
    let a = &texts(lang).agenda.ui;
    let Some(index) = svc.index.clone() else {
        return Err(a.e_index.clone());
    };
    let hits = svc.searcher.search(&index, query, crate::search::DEFAULT_LIMIT);
    let mut found: Vec<(i64, String, String)> = Vec::new();
    for h in &hits {
        let (Some(person), Some(e)) = (h.person_id, index.entry(h.row)) else {
            continue;
        };
        if !found.iter().any(|(p, _, _)| *p == person) {
            found.push((person, e.name.to_string(), e.village.to_string()));
        }
    }
    if found.is_empty() {
        return Err(fill(&a.e_not_found, &[("q", &query)]));
    }
    Ok(found)
}
