//! Sentences of the agenda pane built from domain values: the ranking
//! explanation, the level reason, and errors of agenda writes.

use crate::domain::meetings::DecisionRefusal;
use crate::domain::topics::{LevelReason, RankFactor};
use crate::store::agenda_error::{AgendaError, AgendaInvalid};
use crate::ui::i18n::{Lang, Texts, fill, label, store_error, texts};

/// One line: the factors that ranked a topic, largest first.
pub fn rank_line(t: &Texts, factors: &[RankFactor]) -> String {
    let a = &t.agenda.ui;
    let parts: Vec<String> = factors
        .iter()
        .map(|f| match *f {
            RankFactor::Unsatisfied(n) => fill(&a.r_unsatisfied, &[("n", &n)]),
            RankFactor::Overdue(n) => fill(&a.r_overdue, &[("n", &n)]),
            RankFactor::Villages(n) => fill(&a.r_villages, &[("n", &n)]),
            RankFactor::Households(n) => fill(&a.r_households, &[("n", &n)]),
            RankFactor::Repeat(n) => fill(&a.r_repeat, &[("n", &n)]),
            RankFactor::Requests(n) => fill(&a.r_requests, &[("n", &n)]),
            RankFactor::Recent(n) => fill(&a.r_recent, &[("n", &n)]),
        })
        .collect();
    if parts.is_empty() {
        a.r_none.clone()
    } else {
        parts.join(", ")
    }
}

pub fn level_reason(t: &Texts, r: LevelReason) -> String {
    let a = &t.agenda.ui;
    match r {
        LevelReason::RequestLevel(l) => fill(&a.lr_request_level, &[("level", &label(&t.level, l.code()))]),
        LevelReason::ManyVillagesHard => a.lr_villages.clone(),
        LevelReason::ManyHouseholdsHard => a.lr_households.clone(),
        LevelReason::TownshipCan => a.lr_township.clone(),
    }
}

/// An agenda write's failure as a sentence for the status line or the CLI.
pub fn agenda_error(lang: Lang, e: &AgendaError) -> String {
    let t = texts(lang);
    let x = &t.agenda.errors;
    match e {
        AgendaError::Store(s) => store_error(lang, s),
        AgendaError::Request(r) => fill(&x.request_refused, &[("why", r)]),
        AgendaError::Decision(d) => match d {
            DecisionRefusal::ProgressOutOfRange(n) => fill(&x.progress_range, &[("n", n)]),
            DecisionRefusal::NotOpen(s) => {
                fill(&x.not_open, &[("status", &label(&t.agenda.decision_status, s.code()))])
            }
            DecisionRefusal::ScoreOutOfRange(n) => fill(&x.score_range, &[("n", n)]),
            DecisionRefusal::EmptyText => x.empty_text.clone(),
        },
        AgendaError::Invalid(i) => match i {
            AgendaInvalid::EmptyTitle => x.empty_title.clone(),
            AgendaInvalid::EmptyText => x.empty_text.clone(),
            AgendaInvalid::NoOpenRequests => x.no_open_requests.clone(),
            AgendaInvalid::UnknownTopic(id) => fill(&x.unknown, &[("what", &format!("topic {id}"))]),
            AgendaInvalid::UnknownMeeting(id) => fill(&x.unknown, &[("what", &format!("meeting {id}"))]),
            AgendaInvalid::UnknownItem(id) => fill(&x.unknown, &[("what", &format!("item {id}"))]),
            AgendaInvalid::UnknownDecision(id) => fill(&x.unknown, &[("what", &format!("decision {id}"))]),
            AgendaInvalid::UnknownCadre(id) => fill(&x.unknown, &[("what", &format!("cadre {id}"))]),
            AgendaInvalid::UnknownPerson(id) => fill(&x.unknown, &[("what", &format!("person {id}"))]),
            AgendaInvalid::UnknownCategory(id) => fill(&x.unknown, &[("what", &format!("category {id}"))]),
            AgendaInvalid::AlreadyOnAgenda(_) => x.already_on_agenda.clone(),
            AgendaInvalid::ItemHasRecords(_) => x.item_has_records.clone(),
            AgendaInvalid::LevelNotHigher(l) => fill(&x.level_not_higher, &[("level", &label(&t.level, l.code()))]),
            AgendaInvalid::BadMinutes(n) => fill(&x.bad_minutes, &[("n", n)]),
            AgendaInvalid::BadLength(n) => fill(&x.bad_length, &[("n", n)]),
            AgendaInvalid::AlreadyParticipant => x.already_participant.clone(),
            AgendaInvalid::MeetingClosed(_) => x.meeting_closed.clone(),
            AgendaInvalid::StatusNotNext { .. } => x.status_final.clone(),
        },
    }
}
