//! Meetings, agendas, topics and decisions as the meetings pane and the
//! agenda exports show them.

use crate::domain::meetings::{Affected, DecisionFlags, DecisionStatus, Representative};
use crate::domain::request::Level;
use crate::domain::topics::{Evidence, LevelReason, Suggestion};
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::BTreeSet;

/// 民情分析会 (analysis), 议事会 (deliberation) or a joint meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter, strum::EnumString, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum MeetingKind {
    Analysis,
    Deliberation,
    Joint,
}

/// Who sits at a meeting: a cadre, or a resident representative
/// (`meeting_participants.role`; not an account's role).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter, strum::EnumString, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum ParticipantRole {
    Cadre,
    Representative,
}

/// A meeting moves planned -> held -> closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter, strum::EnumString, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum MeetingStatus {
    Planned,
    Held,
    Closed,
}

/// A decision's evaluation: 中期 (mid) or 最终 (final).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter, strum::EnumString, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum EvalKind {
    Mid,
    Final,
}

/// A topic moves open -> escalated -> decided -> closed (the labels are
/// `agenda.topic_status` in the i18n tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter, strum::EnumString, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum TopicStatus {
    Open,
    Escalated,
    Decided,
    Closed,
}

macro_rules! codes {
    ($($t:ty),*) => {$(
        impl $t {
            /// The code stored in the database and used as the label key.
            pub fn code(self) -> &'static str {
                self.into()
            }

            pub fn parse(code: &str) -> Option<$t> {
                code.parse().ok()
            }
        }
    )*};
}
codes!(MeetingKind, MeetingStatus, EvalKind, TopicStatus, ParticipantRole);

#[derive(Debug, Clone, PartialEq)]
pub struct MeetingRow {
    pub id: i64,
    pub kind: MeetingKind,
    pub level: Level,
    pub title: String,
    pub starts_at: String,
    pub place: String,
    pub chair: Option<String>,
    pub status: MeetingStatus,
    pub items: Vec<AgendaRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AgendaRow {
    pub position: i64,
    pub title: String,
    pub minutes_allotted: i64,
    pub presenter: Option<String>,
    pub decisions: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpinionRow {
    pub id: i64,
    pub person: Option<String>,
    pub text: String,
    pub adopted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDetail {
    pub id: i64,
    pub position: i64,
    pub topic_id: Option<i64>,
    pub title: String,
    pub minutes_allotted: i64,
    pub presenter_id: Option<i64>,
    pub presenter: Option<String>,
    pub notes: String,
    pub item_minutes: String,
    pub version: i64,
    pub opinions: Vec<OpinionRow>,
    pub decisions: Vec<DecisionRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantRow {
    pub id: i64,
    pub cadre_id: Option<i64>,
    pub person_id: Option<i64>,
    pub name: String,
    pub role: ParticipantRole,
    pub household_id: Option<i64>,
    pub village_id: Option<i64>,
    pub village: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingDetail {
    pub id: i64,
    pub kind: MeetingKind,
    pub level: Level,
    pub title: String,
    pub starts_at: String,
    pub duration_min: i64,
    pub place: String,
    pub chair_id: Option<i64>,
    pub chair: Option<String>,
    pub status: MeetingStatus,
    pub minutes: String,
    pub version: i64,
    pub items: Vec<ItemDetail>,
    pub participants: Vec<ParticipantRow>,
    /// Presenters of earlier analysis meetings' items, oldest first.
    pub presenter_history: Vec<i64>,
    /// Households and villages of each topic on the agenda.
    pub affected: Vec<Affected>,
}

impl MeetingDetail {
    /// Resident representatives' households and villages.
    pub fn representatives(&self) -> Vec<Representative> {
        self.participants
            .iter()
            .filter(|p| p.role == ParticipantRole::Representative)
            .filter_map(|p| {
                Some(Representative {
                    household_id: p.household_id?,
                    village_id: p.village_id?,
                })
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressNote {
    pub at: String,
    pub progress: i64,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub kind: EvalKind,
    pub at: String,
    pub score: i64,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRow {
    pub id: i64,
    pub item_id: i64,
    pub text: String,
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub deadline: Option<String>,
    pub status: DecisionStatus,
    pub progress: i64,
    pub abandon_reason: Option<String>,
    pub published_at: Option<String>,
    pub version: i64,
    pub meeting_id: i64,
    pub meeting_title: String,
    pub topic_id: Option<i64>,
    pub topic_title: Option<String>,
    /// The day of the last progress note, or of the decision itself.
    pub last_update: String,
    pub flags: DecisionFlags,
    pub notes: Vec<ProgressNote>,
    pub evaluations: Vec<Evaluation>,
}

impl DecisionRow {
    pub fn is_open(&self) -> bool {
        self.status.is_open()
    }
}

/// One request of a suggestion as the topics view lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestedRequest {
    pub id: i64,
    pub version: i64,
    pub received: String,
    pub title: String,
    pub village: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SuggestionRow {
    pub suggestion: Suggestion,
    pub category: Option<String>,
    pub requests: Vec<SuggestedRequest>,
}

/// A topic with the evidence computed from its requests.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicRow {
    pub id: i64,
    pub title: String,
    pub category_id: Option<i64>,
    pub category: Option<String>,
    pub level: Level,
    pub status: TopicStatus,
    pub note: String,
    pub created_at: String,
    pub version: i64,
    pub request_ids: Vec<i64>,
    pub households: BTreeSet<i64>,
    pub villages: BTreeSet<i64>,
    pub evidence: Evidence,
    pub suggested_level: Level,
    pub level_reason: LevelReason,
    /// Up to three request texts.
    pub samples: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMeeting {
    pub kind: MeetingKind,
    pub level: Level,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub duration_min: i64,
    pub place: String,
    pub chair_id: Option<i64>,
}

/// A new agenda item at the end of the agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewItem {
    pub meeting_id: i64,
    pub topic_id: Option<i64>,
    pub title: String,
    pub minutes: i64,
    pub presenter_id: Option<i64>,
}

/// The editable fields of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemEdit {
    pub title: String,
    pub minutes: i64,
    pub presenter_id: Option<i64>,
    pub notes: String,
    /// 会议记录 of this item (after the meeting).
    pub item_minutes: String,
}

/// Who takes part: a cadre, or a resident representative from the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Participant {
    Cadre(i64),
    Representative(i64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDecision {
    pub item_id: i64,
    pub text: String,
    pub owner_id: Option<i64>,
    pub deadline: Option<NaiveDate>,
}

/// A new topic from a suggestion or by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTopic {
    pub title: String,
    pub category_id: Option<i64>,
    pub level: Level,
    pub note: String,
    /// Requests to merge into it (may be empty for a topic made by hand).
    pub request_ids: Vec<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::i18n::{Lang, texts};
    use strum::IntoEnumIterator;

    #[test]
    fn meeting_codes_round_trip_and_have_labels_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            let t = texts(lang);
            for k in MeetingKind::iter() {
                assert_eq!(MeetingKind::parse(k.code()), Some(k));
                assert!(t.meeting_kind.contains_key(k.code()), "{k:?}");
            }
            for s in MeetingStatus::iter() {
                assert_eq!(MeetingStatus::parse(s.code()), Some(s));
                assert!(t.meeting_status.contains_key(s.code()), "{s:?}");
            }
        }
        assert_eq!(MeetingKind::Deliberation.code(), "deliberation");
        for r in ParticipantRole::iter() {
            assert_eq!(ParticipantRole::parse(r.code()), Some(r));
        }
        assert_eq!(ParticipantRole::Representative.code(), "representative");
        assert_eq!(ParticipantRole::Cadre.code(), "cadre");
        assert_eq!(ParticipantRole::parse("admin"), None);
        assert_eq!(MeetingKind::parse("party"), None);
    }

    #[test]
    fn topic_status_codes_round_trip_and_have_labels_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            let t = texts(lang);
            for s in TopicStatus::iter() {
                assert_eq!(TopicStatus::parse(s.code()), Some(s));
                assert!(t.agenda.topic_status.contains_key(s.code()), "{s:?}");
            }
        }
        assert_eq!(TopicStatus::Escalated.code(), "escalated");
        assert_eq!(TopicStatus::parse("pending"), None);
    }
}
