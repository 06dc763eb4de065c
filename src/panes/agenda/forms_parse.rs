//! The agenda pane's forms as types: [`AgendaInput::read`] is the one place
//! that reads a form's fields by key; each input type's `parse` checks it
//! with the shared validators into the [`AgendaOp`] it saves, or the
//! problems at their fields (README, Architecture: "Typed forms").

use super::forms::{AgendaForm, AgendaOp};
use crate::app::form::Form;
use crate::app::validate::{Check, FieldErrors};
use crate::domain::request::Level;
use crate::export::agenda::Format;
use crate::model::meetings::{
    EvalKind, ItemEdit, MeetingKind, NewDecision, NewItem, NewMeeting, NewTopic, Participant,
};

/// 新建会议.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingInput {
    pub kind: MeetingKind,
    pub level: Level,
    pub title: String,
    pub starts_at: String,
    pub length: String,
    pub place: String,
    pub chair: Option<i64>,
}

/// Where an agenda item goes: a new one at the end of a meeting's agenda,
/// or an existing one at the version it was opened on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemTarget {
    New { meeting_id: i64 },
    Edit { item_id: i64, version: i64 },
}

/// An agenda item, new (notes and minutes are not asked) or edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemInput {
    pub target: ItemTarget,
    pub title: String,
    pub minutes: String,
    pub presenter: Option<i64>,
    pub notes: String,
    pub item_minutes: String,
}

/// The meeting's minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesInput {
    pub meeting_id: i64,
    pub version: i64,
    pub text: String,
}

/// A participant: chosen from the list (`p12` a resident, `c3` a cadre),
/// or a resident looked up by what was typed, which wins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantInput {
    pub meeting_id: i64,
    pub who: String,
    pub query: String,
}

/// A resident's opinion on an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpinionInput {
    pub item_id: i64,
    pub person: Option<i64>,
    pub text: String,
    pub adopted: bool,
}

/// An opinion marked adopted or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdoptInput {
    pub opinion: Option<i64>,
    pub adopted: bool,
}

/// A decision on an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionInput {
    pub item_id: i64,
    pub text: String,
    pub owner: Option<i64>,
    pub deadline: String,
}

/// A decision's progress (percent) with a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressInput {
    pub id: i64,
    pub version: i64,
    pub progress: String,
    pub note: String,
}

/// A decision's evaluation with a score out of 100.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluateInput {
    pub id: i64,
    pub kind: EvalKind,
    pub score: String,
    pub note: String,
}

/// A decision given up, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbandonInput {
    pub id: i64,
    pub version: i64,
    pub reason: String,
}

/// A topic: a suggestion accepted (its category and requests) or one made
/// by hand (a category chosen, no requests yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicInput {
    pub category: Option<i64>,
    pub request_ids: Vec<i64>,
    pub title: String,
    pub level: Level,
    pub note: String,
}

/// A topic's new title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenameInput {
    pub id: i64,
    pub version: i64,
    pub title: String,
}

/// A topic escalated to the county or the city.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalateInput {
    pub id: i64,
    pub version: i64,
    pub level: Level,
    pub note: String,
}

/// The agenda export: format and, optionally, the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportInput {
    pub meeting_id: i64,
    pub format: Format,
    pub path: String,
}

/// What an open agenda form holds, read once from its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgendaInput {
    Meeting(MeetingInput),
    Item(ItemInput),
    Minutes(MinutesInput),
    Participant(ParticipantInput),
    Opinion(OpinionInput),
    Adopt(AdoptInput),
    Decision(DecisionInput),
    Progress(ProgressInput),
    Evaluate(EvaluateInput),
    Abandon(AbandonInput),
    Topic(TopicInput),
    Rename(RenameInput),
    Escalate(EscalateInput),
    Export(ExportInput),
}

impl AgendaInput {
    /// The input of `form`, opened as `kind`. Choices only offer valid
    /// codes; the fallbacks keep a hand-edited option list from panicking.
    pub fn read(kind: &AgendaForm, form: &Form) -> AgendaInput {
        let v = |key: &str| form.value(key);
        let level = |fallback| Level::parse(&v("level")).unwrap_or(fallback);
        let item = |target| ItemInput {
            target,
            title: v("title"),
            minutes: v("minutes"),
            presenter: form.id("presenter"),
            notes: v("notes"),
            item_minutes: v("item_minutes"),
        };
        match kind.clone() {
            AgendaForm::NewMeeting => AgendaInput::Meeting(MeetingInput {
                kind: MeetingKind::parse(&v("kind")).unwrap_or(MeetingKind::Analysis),
                level: level(Level::Township),
                title: v("title"),
                starts_at: v("starts_at"),
                length: v("length"),
                place: v("place"),
                chair: form.id("chair"),
            }),
            AgendaForm::NewItem { meeting_id } => AgendaInput::Item(item(ItemTarget::New { meeting_id })),
            AgendaForm::EditItem { item_id, version } => AgendaInput::Item(item(ItemTarget::Edit { item_id, version })),
            AgendaForm::Minutes { meeting_id, version } => AgendaInput::Minutes(MinutesInput {
                meeting_id,
                version,
                text: v("text"),
            }),
            AgendaForm::Participant { meeting_id } => AgendaInput::Participant(ParticipantInput {
                meeting_id,
                who: v("who"),
                query: v("person_id"),
            }),
            AgendaForm::Opinion { item_id } => AgendaInput::Opinion(OpinionInput {
                item_id,
                person: form.id("person"),
                text: v("text"),
                adopted: form.yes("adopted"),
            }),
            AgendaForm::Adopt { .. } => AgendaInput::Adopt(AdoptInput {
                opinion: form.id("opinion"),
                adopted: form.yes("adopted"),
            }),
            AgendaForm::Decision { item_id } => AgendaInput::Decision(DecisionInput {
                item_id,
                text: v("text"),
                owner: form.id("owner"),
                deadline: v("deadline"),
            }),
            AgendaForm::Progress { id, version } => AgendaInput::Progress(ProgressInput {
                id,
                version,
                progress: v("progress"),
                note: v("note"),
            }),
            AgendaForm::Evaluate { id } => AgendaInput::Evaluate(EvaluateInput {
                id,
                kind: EvalKind::parse(&v("kind")).unwrap_or(EvalKind::Mid),
                score: v("score"),
                note: v("note"),
            }),
            AgendaForm::Abandon { id, version } => AgendaInput::Abandon(AbandonInput {
                id,
                version,
                reason: v("reason"),
            }),
            AgendaForm::Accept {
                category_id,
                request_ids,
            } => AgendaInput::Topic(TopicInput {
                category: category_id,
                request_ids,
                title: v("title"),
                level: level(Level::Township),
                note: v("note"),
            }),
            AgendaForm::NewTopic => AgendaInput::Topic(TopicInput {
                category: form.id("category"),
                request_ids: Vec::new(),
                title: v("title"),
                level: level(Level::Township),
                note: v("note"),
            }),
            AgendaForm::RenameTopic { id, version } => AgendaInput::Rename(RenameInput {
                id,
                version,
                title: v("title"),
            }),
            AgendaForm::Escalate { id, version } => AgendaInput::Escalate(EscalateInput {
                id,
                version,
                level: level(Level::County),
                note: v("note"),
            }),
            AgendaForm::Export { meeting_id } => AgendaInput::Export(ExportInput {
                meeting_id,
                format: Format::parse(&v("format")).unwrap_or(Format::Md),
                path: v("path"),
            }),
        }
    }

    /// The operation the form saves, or every problem with its input.
    pub fn parse(self, check: Check) -> Result<AgendaOp, FieldErrors> {
        match self {
            AgendaInput::Meeting(i) => i.parse(check),
            AgendaInput::Item(i) => i.parse(check),
            AgendaInput::Minutes(i) => i.parse(check),
            AgendaInput::Participant(i) => i.parse(check),
            AgendaInput::Opinion(i) => i.parse(check),
            AgendaInput::Adopt(i) => i.parse(check),
            AgendaInput::Decision(i) => i.parse(check),
            AgendaInput::Progress(i) => i.parse(check),
            AgendaInput::Evaluate(i) => i.parse(check),
            AgendaInput::Abandon(i) => i.parse(check),
            AgendaInput::Topic(i) => i.parse(check),
            AgendaInput::Rename(i) => i.parse(check),
            AgendaInput::Escalate(i) => i.parse(check),
            AgendaInput::Export(i) => i.parse(check),
        }
    }
}

/// Item length in minutes, and meeting length, as the forms accept them.
const ITEM_MINUTES: std::ops::RangeInclusive<i64> = 5..=240;
const MEETING_MINUTES: std::ops::RangeInclusive<i64> = 15..=600;
/// Progress and evaluation scores are percentages.
const PERCENT: std::ops::RangeInclusive<i64> = 0..=100;

impl MeetingInput {
    pub fn parse(self, mut check: Check) -> Result<AgendaOp, FieldErrors> {
        let title = check.required("title", &self.title);
        let starts_at = check.datetime("starts_at", &self.starts_at);
        let duration_min = check.number_in("length", &self.length, MEETING_MINUTES);
        check.finish(|| {
            AgendaOp::NewMeeting(NewMeeting {
                kind: self.kind,
                level: self.level,
                title,
                starts_at: starts_at.unwrap_or_default(),
                duration_min,
                place: self.place,
                chair_id: self.chair,
            })
        })
    }
}

impl ItemInput {
    pub fn parse(self, mut check: Check) -> Result<AgendaOp, FieldErrors> {
        let title = check.required("title", &self.title);
        let minutes = check.number_in("minutes", &self.minutes, ITEM_MINUTES);
        check.finish(|| match self.target {
            ItemTarget::New { meeting_id } => AgendaOp::NewItem(NewItem {
                meeting_id,
                topic_id: None,
                title,
                minutes,
                presenter_id: self.presenter,
            }),
            ItemTarget::Edit { item_id, version } => AgendaOp::EditItem {
                item_id,
                version,
                edit: ItemEdit {
                    title,
                    minutes,
                    presenter_id: self.presenter,
                    notes: self.notes,
                    item_minutes: self.item_minutes,
                },
            },
        })
    }
}

impl MinutesInput {
    pub fn parse(self, check: Check) -> Result<AgendaOp, FieldErrors> {
        check.finish(|| AgendaOp::Minutes {
            meeting_id: self.meeting_id,
            version: self.version,
            text: self.text,
        })
    }
}

impl ParticipantInput {
    pub fn parse(self, mut check: Check) -> Result<AgendaOp, FieldErrors> {
        let meeting_id = self.meeting_id;
        if !self.query.is_empty() {
            return Ok(AgendaOp::FindRepresentative {
                meeting_id,
                query: self.query,
            });
        }
        let id = |prefix: char| self.who.strip_prefix(prefix).and_then(|s| s.parse().ok());
        let who = match (id('p'), id('c')) {
            (Some(p), _) => Participant::Representative(p),
            (_, Some(c)) => Participant::Cadre(c),
            // Nobody in the list (an empty register) and nobody typed.
            _ => {
                check.required("person_id", "");
                return Err(check.errors);
            }
        };
        check.finish(|| AgendaOp::Participant { meeting_id, who })
    }
}

impl OpinionInput {
    pub fn parse(self, mut check: Check) -> Result<AgendaOp, FieldErrors> {
        let text = check.required("text", &self.text);
        check.finish(|| AgendaOp::Opinion {
            item_id: self.item_id,
            person_id: self.person,
            text,
            adopted: self.adopted,
        })
    }
}

impl AdoptInput {
    pub fn parse(self, mut check: Check) -> Result<AgendaOp, FieldErrors> {
        if self.opinion.is_none() {
            check.required("opinion", "");
        }
        check.finish(|| AgendaOp::Adopt {
            opinion_id: self.opinion.unwrap_or_default(),
            adopted: self.adopted,
        })
    }
}

impl DecisionInput {
    pub fn parse(self, mut check: Check) -> Result<AgendaOp, FieldErrors> {
        let text = check.required("text", &self.text);
        let deadline = check.optional_date("deadline", &self.deadline);
        check.finish(|| {
            AgendaOp::Decision(NewDecision {
                item_id: self.item_id,
                text,
                owner_id: self.owner,
                deadline,
            })
        })
    }
}

impl ProgressInput {
    pub fn parse(self, mut check: Check) -> Result<AgendaOp, FieldErrors> {
        let progress = check.number_in("progress", &self.progress, PERCENT);
        check.finish(|| AgendaOp::Progress {
            id: self.id,
            version: self.version,
            progress,
            note: self.note,
        })
    }
}

impl EvaluateInput {
    pub fn parse(self, mut check: Check) -> Result<AgendaOp, FieldErrors> {
        let score = check.number_in("score", &self.score, PERCENT);
        check.finish(|| AgendaOp::Evaluate {
            id: self.id,
            kind: self.kind,
            score,
            note: self.note,
        })
    }
}

impl AbandonInput {
    pub fn parse(self, mut check: Check) -> Result<AgendaOp, FieldErrors> {
        let reason = check.required("reason", &self.reason);
        check.finish(|| AgendaOp::Abandon {
            id: self.id,
            version: self.version,
            reason,
        })
    }
}

impl TopicInput {
    pub fn parse(self, mut check: Check) -> Result<AgendaOp, FieldErrors> {
        let title = check.required("title", &self.title);
        check.finish(|| {
            AgendaOp::CreateTopic(NewTopic {
                title,
                category_id: self.category,
                level: self.level,
                note: self.note,
                request_ids: self.request_ids,
            })
        })
    }
}

impl RenameInput {
    pub fn parse(self, mut check: Check) -> Result<AgendaOp, FieldErrors> {
        let title = check.required("title", &self.title);
        check.finish(|| AgendaOp::RenameTopic {
            id: self.id,
            version: self.version,
            title,
        })
    }
}

impl EscalateInput {
    pub fn parse(self, check: Check) -> Result<AgendaOp, FieldErrors> {
        check.finish(|| AgendaOp::Escalate {
            id: self.id,
            version: self.version,
            level: self.level,
            note: self.note,
        })
    }
}

impl ExportInput {
    pub fn parse(self, check: Check) -> Result<AgendaOp, FieldErrors> {
        check.finish(|| AgendaOp::Export {
            meeting_id: self.meeting_id,
            format: self.format,
            path: (!self.path.is_empty()).then_some(self.path),
        })
    }
}

#[cfg(test)]
#[path = "forms_parse_tests.rs"]
mod tests;
