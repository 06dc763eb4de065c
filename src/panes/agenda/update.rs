//! The meetings & agendas pane's behaviour: the meetings list, the agenda
//! builder of one meeting, the decisions board and the topics view.
//! Pure: writes are effects (`AgendaEffect`, or a form's `SaveOp`).

use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::keymap::Context;
use crate::app::selection::Selection;
use crate::app::state::State;
use crate::domain::meetings::{adjust_minutes, next_presenter};
use crate::domain::topics::{Ranked, rank};
use crate::model::meetings::DecisionRow;
use crate::model::meetings::{MeetingDetail, MeetingKind};
use crate::model::meetings::{SuggestionRow, TopicRow, TopicStatus};
use crate::panes::agenda::forms as af;
use crate::text::i18n::texts;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Meetings,
    Builder,
    Decisions,
    Topics,
}

/// Which list of the builder has the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    Agenda,
    Candidates,
    Participants,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgendaView {
    pub mode: Mode,
    pub focus: Focus,
    /// The meeting open in the builder (loaded by an effect).
    pub meeting: Option<MeetingDetail>,
    /// Selections of the builder's lists (agenda items, candidate topics,
    /// participants); each keeps its row's id across refreshes.
    pub item: Selection,
    pub candidate: Selection,
    pub participant: Selection,
    /// The decisions board; a refresh that adds or drops a row above the
    /// selected decision keeps it selected (README, Keys).
    pub decision: Selection,
    /// Selection in the topics view: suggestions first, then topics.
    pub topic: Selection,
    /// The requests of the selected suggestion have the selection.
    pub in_requests: bool,
    pub topic_request: Selection,
    /// Requests the clerk dropped from suggestions before accepting.
    pub dropped: Vec<i64>,
    /// Residents of affected households, for picking representatives.
    pub rep_candidates: Vec<(i64, String, String)>,
    /// "Mark done" was pressed once on this decision (id): a second press
    /// confirms, since it sends every merged request back for a callback.
    pub confirm_done: Option<i64>,
    /// 民情分析 reports attached to the open meeting's items (issue 14).
    pub attached: Vec<crate::domain::analysis::AttachedReport>,
}

/// Writes and reads the pane asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum AgendaEffect {
    LoadMeeting(i64),
    AddTopicItem {
        meeting_id: i64,
        topic_id: i64,
        title: String,
        minutes: i64,
        presenter_id: Option<i64>,
    },
    RemoveItem(i64),
    MoveItem(i64, isize),
    SetMinutes {
        item_id: i64,
        version: i64,
        minutes: i64,
    },
    AdvanceStatus {
        meeting_id: i64,
        version: i64,
    },
    RemoveParticipant(i64),
    MarkDone {
        id: i64,
        version: i64,
    },
    Dismiss {
        category_id: Option<i64>,
        request_ids: Vec<i64>,
    },
}

/// The keymap context of the pane's current view.
pub fn context(state: &State) -> Context {
    match state.agenda.mode {
        Mode::Meetings => Context::AgendaMeetings,
        Mode::Builder => Context::AgendaBuilder,
        Mode::Decisions => Context::AgendaDecisions,
        Mode::Topics => Context::AgendaTopics,
    }
}

/// Topics that may go on the open meeting's agenda, ranked by evidence.
pub fn candidates(state: &State) -> Vec<Ranked<usize>> {
    let Some(data) = &state.data else { return vec![] };
    let on: Vec<i64> = state
        .agenda
        .meeting
        .as_ref()
        .map(|m| m.items.iter().filter_map(|i| i.topic_id).collect())
        .unwrap_or_default();
    let items: Vec<(usize, crate::domain::topics::Evidence)> = data
        .topics
        .iter()
        .enumerate()
        .filter(|(_, t)| t.status != TopicStatus::Closed && !on.contains(&t.id))
        .map(|(i, t)| (i, t.evidence.clone()))
        .collect();
    rank(&items, state.today)
}

/// Open decisions shown on the board (the board lists open ones only).
pub fn board(state: &State) -> Vec<&DecisionRow> {
    state
        .data
        .as_ref()
        .map(|d| d.decisions.iter().filter(|r| r.is_open()).collect())
        .unwrap_or_default()
}

/// The selection in the topics view.
pub enum TopicSel<'a> {
    Suggestion(&'a SuggestionRow),
    Topic(&'a TopicRow),
}

pub fn selected_topic(state: &State) -> Option<TopicSel<'_>> {
    let data = state.data.as_ref()?;
    let i = state.agenda.topic.selected;
    if i < data.suggestions.len() {
        Some(TopicSel::Suggestion(&data.suggestions[i]))
    } else {
        data.topics.get(i - data.suggestions.len()).map(TopicSel::Topic)
    }
}

/// The proposed presenter of the next item: rotation among leaders for
/// analysis meetings, otherwise none (the clerk picks).
pub fn proposed_presenter(state: &State) -> Option<i64> {
    let m = state.agenda.meeting.as_ref()?;
    if m.kind != MeetingKind::Analysis {
        return None;
    }
    let leaders: Vec<i64> = state.data.as_ref()?.leaders.iter().map(|(id, _)| *id).collect();
    let mut history = m.presenter_history.clone();
    history.extend(m.items.iter().filter_map(|i| i.presenter_id));
    next_presenter(&leaders, &history)
}

/// Handles `action` in the agenda pane; `None` leaves it to the generic handling.
pub fn update(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    if state.filter_input.is_some() {
        return None;
    }
    match state.agenda.mode {
        Mode::Meetings => meetings(state, action),
        Mode::Builder => builder(state, action),
        Mode::Decisions => decisions(state, action),
        Mode::Topics => topics(state, action),
    }
}

fn selected_meeting(state: &State) -> Option<i64> {
    let row = state.list().selected_row()?;
    state.data.as_ref()?.meetings.get(row).map(|m| m.id)
}

fn meetings(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    match action {
        Action::Open => {
            let id = selected_meeting(state)?;
            state.agenda.mode = Mode::Builder;
            state.agenda.focus = Focus::Agenda;
            state.agenda.item = Selection::default();
            state.agenda.candidate = Selection::default();
            state.agenda.participant = Selection::default();
            if state.agenda.meeting.as_ref().map(|m| m.id) != Some(id) {
                state.agenda.meeting = None;
            }
            Some(vec![Effect::Agenda(AgendaEffect::LoadMeeting(id))])
        }
        Action::AgendaNewMeeting => {
            state.form = Some(af::new_meeting(state));
            Some(vec![])
        }
        Action::AgendaDecisions => {
            state.agenda.mode = Mode::Decisions;
            Some(vec![])
        }
        Action::AgendaTopics => {
            state.agenda.mode = Mode::Topics;
            Some(vec![])
        }
        Action::AgendaExport => {
            match selected_meeting(state) {
                Some(id) => state.form = Some(af::export(state, id)),
                None => {
                    let msg = texts(state.lang).agenda.ui.no_meeting.clone();
                    state.error(msg);
                }
            }
            Some(vec![])
        }
        _ => None,
    }
}

fn builder(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    let lang = state.lang;
    let Some(m) = state.agenda.meeting.clone() else {
        // Still loading (or failed): only going back works.
        if action == Action::Back {
            state.agenda.mode = Mode::Meetings;
            return Some(vec![]);
        }
        return matches!(action, Action::Up | Action::Down | Action::Open).then(Vec::new);
    };
    let page = state.list_height().max(1) as isize;
    if Selection::delta(action, page as usize).is_some() {
        let ids = candidate_ids(state);
        let v = &mut state.agenda;
        match v.focus {
            Focus::Agenda => {
                v.item.step(action, page as usize, m.items.len());
                v.item.remember(m.items.iter().map(|i| i.id));
            }
            Focus::Candidates => {
                v.candidate.step(action, page as usize, ids.len());
                v.candidate.remember(ids);
            }
            Focus::Participants => {
                v.participant.step(action, page as usize, m.participants.len());
                v.participant.remember(m.participants.iter().map(|p| p.id));
            }
        }
        return Some(vec![]);
    }
    let item = m.items.get(state.agenda.item.selected).cloned();
    let no_item = || texts(lang).agenda.ui.no_item.clone();
    let effects = match action {
        Action::Back => {
            state.agenda.mode = Mode::Meetings;
            vec![]
        }
        Action::AgendaFocusNext | Action::AgendaFocusPrev => {
            let order = [Focus::Agenda, Focus::Candidates, Focus::Participants];
            let i = order.iter().position(|f| *f == state.agenda.focus).unwrap_or(0);
            let d = if action == Action::AgendaFocusNext { 1 } else { 2 };
            state.agenda.focus = order[(i + d) % 3];
            vec![]
        }
        Action::AgendaAdd => {
            if state.agenda.focus == Focus::Participants {
                state.form = Some(af::participant(state, &m));
                return Some(vec![]);
            }
            let ranked = candidates(state);
            let Some(r) = ranked.get(state.agenda.candidate.selected) else {
                let msg = texts(lang).agenda.ui.no_candidate.clone();
                state.error(msg);
                return Some(vec![]);
            };
            let topic = &state.data.as_ref()?.topics[r.key];
            vec![Effect::Agenda(AgendaEffect::AddTopicItem {
                meeting_id: m.id,
                topic_id: topic.id,
                title: topic.title.clone(),
                minutes: 15,
                presenter_id: proposed_presenter(state),
            })]
        }
        Action::AgendaNewItem => {
            state.form = Some(af::new_item(state, &m));
            vec![]
        }
        Action::AgendaRemove => match state.agenda.focus {
            Focus::Participants => match m.participants.get(state.agenda.participant.selected) {
                Some(p) => vec![Effect::Agenda(AgendaEffect::RemoveParticipant(p.id))],
                None => vec![],
            },
            _ => match item {
                Some(i) => vec![Effect::Agenda(AgendaEffect::RemoveItem(i.id))],
                None => {
                    state.error(no_item());
                    vec![]
                }
            },
        },
        Action::AgendaMoveUp | Action::AgendaMoveDown => match item {
            Some(i) => {
                let delta = if action == Action::AgendaMoveUp { -1 } else { 1 };
                // The selection follows the item (it keeps the item's id).
                state.agenda.item.move_by(delta, m.items.len());
                vec![Effect::Agenda(AgendaEffect::MoveItem(i.id, delta))]
            }
            None => vec![],
        },
        Action::AgendaMore | Action::AgendaLess => match item {
            Some(i) => {
                let delta = if action == Action::AgendaMore { 5 } else { -5 };
                let minutes = adjust_minutes(i.minutes_allotted, delta);
                if minutes == i.minutes_allotted {
                    vec![]
                } else {
                    vec![Effect::Agenda(AgendaEffect::SetMinutes {
                        item_id: i.id,
                        version: i.version,
                        minutes,
                    })]
                }
            }
            None => vec![],
        },
        Action::Open => {
            match (state.agenda.focus, item) {
                (Focus::Agenda, Some(i)) => state.form = Some(af::edit_item(state, &m, &i)),
                (Focus::Candidates, _) => return builder(state, Action::AgendaAdd),
                (Focus::Participants, _) => state.form = Some(af::participant(state, &m)),
                (_, None) => state.error(no_item()),
            }
            vec![]
        }
        Action::AgendaOpinion => {
            match item {
                Some(i) => state.form = Some(af::opinion(state, &m, &i)),
                None => state.error(no_item()),
            }
            vec![]
        }
        Action::AgendaAdopt => {
            match item.filter(|i| !i.opinions.is_empty()) {
                Some(i) => state.form = Some(af::adopt(state, &i)),
                None => {
                    let msg = texts(lang).agenda.ui.no_opinion.clone();
                    state.error(msg);
                }
            }
            vec![]
        }
        Action::AgendaDecision => {
            match item {
                Some(i) => state.form = Some(af::decision(state, &i)),
                None => state.error(no_item()),
            }
            vec![]
        }
        Action::AgendaStatus => vec![Effect::Agenda(AgendaEffect::AdvanceStatus {
            meeting_id: m.id,
            version: m.version,
        })],
        Action::AgendaMinutes => {
            state.form = Some(af::minutes(state, &m));
            vec![]
        }
        Action::AgendaExport => {
            state.form = Some(af::export(state, m.id));
            vec![]
        }
        // 民情分析 (issue 14): the presenter's report on an item.
        Action::AgendaAttachReport => {
            state.form = Some(crate::panes::reports::forms::attach(state, &m));
            vec![]
        }
        Action::Filter => vec![],
        _ => return None,
    };
    Some(effects)
}

fn decisions(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    let pending = state.agenda.confirm_done.take();
    let page = state.list_height().max(1) as isize;
    let rows: Vec<DecisionRow> = board(state).into_iter().cloned().collect();
    if state.agenda.decision.step(action, page as usize, rows.len()) {
        state.agenda.decision.remember(rows.iter().map(|d| d.id));
        return Some(vec![]);
    }
    if action == Action::Back {
        state.agenda.mode = Mode::Meetings;
        return Some(vec![]);
    }
    let Some(d) = rows.get(state.agenda.decision.selected).cloned() else {
        if matches!(
            action,
            Action::DecisionProgress
                | Action::DecisionEvaluate
                | Action::DecisionDone
                | Action::DecisionAbandon
                | Action::DecisionPublish
                | Action::Open
        ) {
            let msg = texts(state.lang).agenda.ui.no_decision.clone();
            state.error(msg);
            return Some(vec![]);
        }
        return if action == Action::Filter { Some(vec![]) } else { None };
    };
    let effects = match action {
        Action::DecisionProgress | Action::Open => {
            state.form = Some(af::progress(state, &d));
            vec![]
        }
        Action::DecisionEvaluate => {
            state.form = Some(af::evaluate(state, &d));
            vec![]
        }
        Action::DecisionDone if pending == Some(d.id) => vec![Effect::Agenda(AgendaEffect::MarkDone {
            id: d.id,
            version: d.version,
        })],
        Action::DecisionDone => {
            state.agenda.confirm_done = Some(d.id);
            let n = state
                .data
                .as_ref()
                .and_then(|data| data.topics.iter().find(|t| Some(t.id) == d.topic_id))
                .map_or(0, |t| t.request_ids.len());
            let msg = crate::text::i18n::fill(&texts(state.lang).agenda.ui.confirm_done, &[("n", &n)]);
            state.info(msg);
            vec![]
        }
        Action::DecisionAbandon => {
            state.form = Some(af::abandon(state, &d));
            vec![]
        }
        Action::DecisionPublish => vec![Effect::Save(Box::new(crate::panes::lookup::forms::SaveOp::Agenda(
            af::AgendaOp::Publish {
                id: d.id,
                version: d.version,
                on: state.today,
            },
        )))],
        Action::Filter => vec![],
        _ => return None,
    };
    Some(effects)
}

fn topics(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    let page = state.list_height().max(1) as isize;
    let (suggestions, topics) = state
        .data
        .as_ref()
        .map_or((0, 0), |d| (d.suggestions.len(), d.topics.len()));
    if Selection::delta(action, page as usize).is_some() {
        if state.agenda.in_requests {
            let n = match selected_topic(state) {
                Some(TopicSel::Suggestion(s)) => s.requests.len(),
                _ => 0,
            };
            state.agenda.topic_request.step(action, page as usize, n);
        } else {
            state.agenda.topic.step(action, page as usize, suggestions + topics);
            let ids = topic_view_ids(state);
            state.agenda.topic.remember(ids);
            state.agenda.topic_request = Selection::default();
        }
        return Some(vec![]);
    }
    let lang = state.lang;
    let effects = match action {
        Action::Back => {
            if state.agenda.in_requests {
                state.agenda.in_requests = false;
            } else {
                state.agenda.mode = Mode::Meetings;
            }
            vec![]
        }
        Action::AgendaFocusNext | Action::AgendaFocusPrev => {
            let is_suggestion = matches!(selected_topic(state), Some(TopicSel::Suggestion(_)));
            state.agenda.in_requests = action == Action::AgendaFocusNext && is_suggestion;
            vec![]
        }
        Action::TopicNew => {
            state.form = Some(af::new_topic(state));
            vec![]
        }
        Action::TopicAccept | Action::Open => match selected_topic(state) {
            Some(TopicSel::Suggestion(s)) => {
                let s = s.clone();
                state.form = Some(af::accept(state, &s));
                vec![]
            }
            Some(TopicSel::Topic(t)) => {
                let t = t.clone();
                state.form = Some(af::rename_topic(state, &t));
                vec![]
            }
            None => vec![],
        },
        Action::TopicDrop => {
            let Some(TopicSel::Suggestion(s)) = selected_topic(state) else {
                let msg = texts(lang).agenda.ui.only_suggestions.clone();
                state.error(msg);
                return Some(vec![]);
            };
            let kept: Vec<i64> = s
                .requests
                .iter()
                .map(|r| r.id)
                .filter(|id| !state.agenda.dropped.contains(id))
                .collect();
            let target = if state.agenda.in_requests {
                s.requests.get(state.agenda.topic_request.selected).map(|r| r.id)
            } else {
                kept.last().copied()
            };
            match target {
                Some(id) if state.agenda.dropped.contains(&id) => state.agenda.dropped.retain(|d| *d != id),
                Some(id) if kept.len() <= 2 => {
                    let _ = id;
                    let msg = texts(lang).agenda.ui.keep_two.clone();
                    state.error(msg);
                }
                Some(id) => state.agenda.dropped.push(id),
                None => {}
            }
            vec![]
        }
        Action::TopicDismiss => match selected_topic(state) {
            Some(TopicSel::Suggestion(s)) => vec![Effect::Agenda(AgendaEffect::Dismiss {
                category_id: s.suggestion.category_id,
                request_ids: s.suggestion.request_ids.clone(),
            })],
            _ => {
                let msg = texts(lang).agenda.ui.only_suggestions.clone();
                state.error(msg);
                vec![]
            }
        },
        Action::TopicEscalate => match selected_topic(state) {
            Some(TopicSel::Topic(t)) => {
                let t = t.clone();
                state.form = Some(af::escalate(state, &t));
                vec![]
            }
            _ => {
                let msg = texts(lang).agenda.ui.only_topics.clone();
                state.error(msg);
                vec![]
            }
        },
        Action::Filter => vec![],
        _ => return None,
    };
    Some(effects)
}

/// The ids of the candidate topics, in the order the builder lists them.
fn candidate_ids(state: &State) -> Vec<i64> {
    let Some(data) = &state.data else { return vec![] };
    candidates(state).iter().map(|r| data.topics[r.key].id).collect()
}

/// Ids for the topics view's rows: a suggestion (not yet a topic) is known
/// by its first request, negated; a topic by its id.
fn topic_view_ids(state: &State) -> Vec<i64> {
    let Some(d) = &state.data else { return vec![] };
    let suggestions = d
        .suggestions
        .iter()
        .map(|s| -s.suggestion.request_ids.first().copied().unwrap_or_default());
    suggestions.chain(d.topics.iter().map(|t| t.id)).collect()
}

/// Keeps each of the pane's selections on the same row (by id) after new
/// data arrived, or inside its list when that row is gone.
pub fn clamp_all(state: &mut State) {
    let items: Vec<i64> = state
        .agenda
        .meeting
        .as_ref()
        .map_or(vec![], |m| m.items.iter().map(|i| i.id).collect());
    let parts: Vec<i64> = state
        .agenda
        .meeting
        .as_ref()
        .map_or(vec![], |m| m.participants.iter().map(|p| p.id).collect());
    let cands = candidate_ids(state);
    let board_ids: Vec<i64> = board(state).iter().map(|d| d.id).collect();
    let topics = topic_view_ids(state);
    let v = &mut state.agenda;
    v.item.restore(&items);
    v.participant.restore(&parts);
    v.candidate.restore(&cands);
    v.decision.restore(&board_ids);
    v.topic.restore(&topics);
}

/// Reloads the meeting open in the builder (after another clerk's commit).
pub fn refresh_effect(state: &State) -> Option<Effect> {
    let m = state.agenda.meeting.as_ref()?;
    (state.agenda.mode == Mode::Builder).then_some(Effect::Agenda(AgendaEffect::LoadMeeting(m.id)))
}

/// Results of the pane's effects (carried out in `service::agenda`).
#[derive(Debug, Clone, PartialEq)]
pub enum AgendaMessage {
    /// The meeting for the builder, with the residents who may represent it.
    Loaded {
        meeting: Box<MeetingDetail>,
        representatives: Vec<(i64, String, String)>,
        /// Its items' attached 民情分析 reports.
        attached: Vec<crate::domain::analysis::AttachedReport>,
    },
    /// The meeting could not be loaded: back to the list, say why.
    LoadFailed(String),
    /// A new meeting was created (its id); the one open before is closed
    /// and the new one gets the selection.
    MeetingCreated(i64),
    /// A topic (its id) was made of these requests; they are no longer
    /// dropped, and the topic gets the selection.
    TopicCreated { id: i64, requests: Vec<i64> },
    /// A decision was added (its id): the board selects it.
    DecisionAdded(i64),
    /// A representative query matched several residents (id, name,
    /// village): the participant form offers them to choose from.
    RepresentativeMatches {
        query: String,
        found: Vec<(i64, String, String)>,
    },
}

/// Puts an effect's result into the pane's state.
pub fn apply(state: &mut State, message: AgendaMessage) {
    match message {
        AgendaMessage::Loaded {
            meeting,
            representatives,
            attached,
        } => {
            state.agenda.rep_candidates = representatives;
            state.agenda.attached = attached;
            state.agenda.meeting = Some(*meeting);
            clamp_all(state);
        }
        AgendaMessage::LoadFailed(text) => {
            state.error(text);
            state.agenda.mode = Mode::Meetings;
        }
        AgendaMessage::MeetingCreated(id) => {
            state.agenda.meeting = None;
            state.select_new(crate::panes::PaneId::MEETINGS, id);
        }
        AgendaMessage::TopicCreated { id, requests } => {
            state.agenda.dropped.retain(|d| !requests.contains(d));
            state.agenda.topic.pending = Some(id);
            clamp_all(state);
        }
        AgendaMessage::RepresentativeMatches { query, found } => {
            if let Some(form) = state.form.as_mut() {
                af::offer_representatives(form, state.lang, &query, &found);
            }
        }
        AgendaMessage::DecisionAdded(id) => {
            state.agenda.decision.pending = Some(id);
            clamp_all(state);
        }
    }
}
