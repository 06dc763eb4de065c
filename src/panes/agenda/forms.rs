//! The agenda pane's forms: which one is open, how each is laid out, and
//! the [`AgendaOp`] it saves (by `panes::agenda::effects`); reading and
//! checking the input is `forms_parse`. Every problem is a sentence next
//! to its field.

use crate::app::effect::Effect;
use crate::app::form::{Field, Form, FormKind};
use crate::app::state::State;
use crate::app::validate::Check;
use crate::domain::request::Level;
use crate::export::agenda::Format;
use crate::model::meetings::DecisionRow;
use crate::model::meetings::{EvalKind, ItemDetail, MeetingDetail, MeetingKind};
use crate::model::meetings::{SuggestionRow, TopicRow};
use crate::panes::agenda::forms_parse::AgendaInput;
use crate::panes::agenda::update::proposed_presenter;
use crate::panes::lookup::forms::SaveOp;
use crate::text::i18n::{fill, label, noted, texts};
use chrono::NaiveDate;

/// Which agenda form is open, with the ids and versions it was opened on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgendaForm {
    NewMeeting,
    NewItem {
        meeting_id: i64,
    },
    EditItem {
        item_id: i64,
        version: i64,
    },
    Minutes {
        meeting_id: i64,
        version: i64,
    },
    Participant {
        meeting_id: i64,
    },
    Opinion {
        item_id: i64,
    },
    Adopt {
        item_id: i64,
    },
    Decision {
        item_id: i64,
    },
    Progress {
        id: i64,
        version: i64,
    },
    Evaluate {
        id: i64,
    },
    Abandon {
        id: i64,
        version: i64,
    },
    Accept {
        category_id: Option<i64>,
        request_ids: Vec<i64>,
    },
    NewTopic,
    RenameTopic {
        id: i64,
        version: i64,
    },
    Escalate {
        id: i64,
        version: i64,
    },
    Export {
        meeting_id: i64,
    },
}

/// A validated agenda form, ready for the store.
#[derive(Debug, Clone, PartialEq)]
pub enum AgendaOp {
    NewMeeting(crate::model::meetings::NewMeeting),
    NewItem(crate::model::meetings::NewItem),
    EditItem {
        item_id: i64,
        version: i64,
        edit: crate::model::meetings::ItemEdit,
    },
    Minutes {
        meeting_id: i64,
        version: i64,
        text: String,
    },
    Participant {
        meeting_id: i64,
        who: crate::model::meetings::Participant,
    },
    /// A representative found in the register by a lookup query (name,
    /// pinyin, initials, phone or ID digits): the best match is added.
    FindRepresentative {
        meeting_id: i64,
        query: String,
    },
    Opinion {
        item_id: i64,
        person_id: Option<i64>,
        text: String,
        adopted: bool,
    },
    Adopt {
        opinion_id: i64,
        adopted: bool,
    },
    Decision(crate::model::meetings::NewDecision),
    Progress {
        id: i64,
        version: i64,
        progress: i64,
        note: String,
    },
    Evaluate {
        id: i64,
        kind: EvalKind,
        score: i64,
        note: String,
    },
    Abandon {
        id: i64,
        version: i64,
        reason: String,
    },
    Publish {
        id: i64,
        version: i64,
        on: NaiveDate,
    },
    CreateTopic(crate::model::meetings::NewTopic),
    RenameTopic {
        id: i64,
        version: i64,
        title: String,
    },
    Escalate {
        id: i64,
        version: i64,
        level: Level,
        note: String,
    },
    Export {
        meeting_id: i64,
        format: Format,
        path: Option<String>,
    },
}

fn form(kind: AgendaForm, title: &str, fields: Vec<Field>) -> Form {
    Form::new(FormKind::Agenda(kind), title, fields)
}

/// Every meeting kind as (code, label).
fn kinds(table: &std::collections::HashMap<String, String>) -> Vec<(String, String)> {
    use strum::IntoEnumIterator;
    MeetingKind::iter()
        .map(|k| {
            (
                k.code().to_string(),
                crate::text::i18n::label(table, k.code()).to_string(),
            )
        })
        .collect()
}

fn coded(codes: &[&str], table: &std::collections::HashMap<String, String>) -> Vec<(String, String)> {
    codes
        .iter()
        .map(|c| (c.to_string(), label(table, c).to_string()))
        .collect()
}

/// Active cadres as (id, name), leaders first; with a "nobody" option first when `none` is set.
fn cadres(state: &State, none: Option<&str>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = none.map(|n| (String::new(), n.to_string())).into_iter().collect();
    if let Some(d) = &state.data {
        out.extend(
            d.cadres
                .iter()
                .map(|c| (c.id.to_string(), format!("{} {}", c.name, c.title))),
        );
    }
    out
}

const LEVELS: [&str; 3] = ["township", "county", "city"];

pub fn new_meeting(state: &State) -> Form {
    let t = texts(state.lang);
    let a = &t.agenda.ui;
    let day = state.today + chrono::Duration::days(7);
    form(
        AgendaForm::NewMeeting,
        &a.new_meeting,
        vec![
            Field::choice("kind", &a.f_kind, kinds(&t.meeting_kind), MeetingKind::Analysis.code()),
            Field::choice("level", &a.f_level, coded(&LEVELS, &t.level), "township"),
            Field::text("title", &a.f_title, ""),
            Field::text(
                "starts_at",
                &a.f_starts_at,
                &format!("{} 14:30", day.format("%Y-%m-%d")),
            ),
            Field::text("length", &a.f_length, "90"),
            Field::text("place", &a.f_place, ""),
            Field::choice("chair", &a.f_chair, cadres(state, Some(&a.nobody)), ""),
        ],
    )
}

pub fn new_item(state: &State, m: &MeetingDetail) -> Form {
    let a = &texts(state.lang).agenda.ui;
    let proposed = proposed_presenter(state).map(|p| p.to_string()).unwrap_or_default();
    form(
        AgendaForm::NewItem { meeting_id: m.id },
        &a.new_item,
        vec![
            Field::text("title", &a.f_title, ""),
            Field::text("minutes", &a.f_minutes, "15"),
            Field::choice("presenter", &a.f_presenter, cadres(state, Some(&a.nobody)), &proposed),
        ],
    )
}

pub fn edit_item(state: &State, m: &MeetingDetail, i: &ItemDetail) -> Form {
    let a = &texts(state.lang).agenda.ui;
    let presenter = i
        .presenter_id
        .or_else(|| proposed_presenter(state).filter(|_| m.kind == MeetingKind::Analysis))
        .map(|p| p.to_string())
        .unwrap_or_default();
    form(
        AgendaForm::EditItem {
            item_id: i.id,
            version: i.version,
        },
        &fill(&a.edit_item, &[("n", &i.position)]),
        vec![
            Field::text("title", &a.f_title, &i.title),
            Field::text("minutes", &a.f_minutes, &i.minutes_allotted.to_string()),
            Field::choice("presenter", &a.f_presenter, cadres(state, Some(&a.nobody)), &presenter),
            Field::multiline("notes", &a.f_notes, &i.notes),
            Field::multiline("item_minutes", &a.f_item_minutes, &i.item_minutes),
        ],
    )
}

pub fn minutes(state: &State, m: &MeetingDetail) -> Form {
    let a = &texts(state.lang).agenda.ui;
    form(
        AgendaForm::Minutes {
            meeting_id: m.id,
            version: m.version,
        },
        &a.meeting_minutes,
        vec![Field::multiline("text", &a.f_meeting_minutes, &m.minutes)],
    )
}

pub fn participant(state: &State, m: &MeetingDetail) -> Form {
    let t = texts(state.lang);
    let a = &t.agenda.ui;
    let mut who: Vec<(String, String)> = Vec::new();
    for (id, name, village) in &state.agenda.rep_candidates {
        who.push((
            format!("p{id}"),
            format!("{} {}", a.representative, noted(t, name, village)),
        ));
    }
    for (id, name) in cadres(state, None) {
        who.push((format!("c{id}"), format!("{} {name}", a.cadre)));
    }
    let first = if m.kind == MeetingKind::Deliberation {
        who.first().map(|w| w.0.clone()).unwrap_or_default()
    } else {
        who.iter()
            .find(|w| w.0.starts_with('c'))
            .map(|w| w.0.clone())
            .unwrap_or_default()
    };
    form(
        AgendaForm::Participant { meeting_id: m.id },
        &a.add_participant,
        vec![
            Field::choice("who", &a.f_who, who, &first),
            Field::text("person_id", &a.f_person_id, ""),
        ],
    )
}

/// Puts the residents a representative query found into the participant
/// form's list, the best first and selected, and clears the query; the
/// form says how many were found.
pub fn offer_representatives(
    form: &mut Form,
    lang: crate::text::i18n::Lang,
    query: &str,
    found: &[(i64, String, String)],
) {
    let t = texts(lang);
    let a = &t.agenda.ui;
    let options: Vec<(String, String)> = found
        .iter()
        .map(|(id, name, village)| {
            (
                format!("p{id}"),
                format!("{} {}", a.representative, noted(t, name, village)),
            )
        })
        .collect();
    let first = options.first().map(|o| o.0.clone()).unwrap_or_default();
    let label = form.fields[0].label.clone();
    form.fields[0] = Field::choice("who", &label, options, &first);
    form.fields[1].input = crate::app::input::Input::default();
    form.focus = 0;
    form.error = Some(fill(
        &t.forms.rep_matches,
        &[("q", &query), ("n", &found.len()), ("field", &label)],
    ));
}

pub fn opinion(state: &State, m: &MeetingDetail, i: &ItemDetail) -> Form {
    let t = texts(state.lang);
    let a = &t.agenda.ui;
    let mut people: Vec<(String, String)> = vec![(String::new(), a.nobody.clone())];
    people.extend(
        m.participants
            .iter()
            .filter_map(|p| p.person_id.map(|id| (id.to_string(), p.name.clone()))),
    );
    form(
        AgendaForm::Opinion { item_id: i.id },
        &fill(&a.add_opinion, &[("n", &i.position)]),
        vec![
            Field::choice("person", &a.f_person, people, ""),
            Field::multiline("text", &a.f_opinion, ""),
            Field::choice(
                "adopted",
                &a.f_adopted,
                vec![("no".into(), t.form.no.clone()), ("yes".into(), t.form.yes.clone())],
                "no",
            ),
        ],
    )
}

/// Marks one of the item's resident opinions adopted or not.
pub fn adopt(state: &State, i: &ItemDetail) -> Form {
    let t = texts(state.lang);
    let a = &t.agenda.ui;
    let opinions: Vec<(String, String)> = i
        .opinions
        .iter()
        .map(|o| {
            let mark = if o.adopted { &a.mark_adopted } else { &a.mark_open };
            (o.id.to_string(), format!("{mark} {}", o.text))
        })
        .collect();
    let current = i
        .opinions
        .first()
        .map_or("yes", |o| if o.adopted { "no" } else { "yes" });
    form(
        AgendaForm::Adopt { item_id: i.id },
        &fill(&a.adopt_title, &[("n", &i.position)]),
        vec![
            Field::choice("opinion", &a.f_opinion, opinions, ""),
            Field::choice(
                "adopted",
                &a.f_adopted,
                vec![("yes".into(), t.form.yes.clone()), ("no".into(), t.form.no.clone())],
                current,
            ),
        ],
    )
}

pub fn decision(state: &State, i: &ItemDetail) -> Form {
    let a = &texts(state.lang).agenda.ui;
    let deadline = (state.today + chrono::Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();
    let owner = i.presenter_id.map(|p| p.to_string()).unwrap_or_default();
    form(
        AgendaForm::Decision { item_id: i.id },
        &fill(&a.add_decision, &[("n", &i.position)]),
        vec![
            Field::multiline("text", &a.f_decision, ""),
            Field::choice("owner", &a.f_owner, cadres(state, Some(&a.nobody)), &owner),
            Field::text("deadline", &a.f_deadline, &deadline),
        ],
    )
}

pub fn progress(state: &State, d: &DecisionRow) -> Form {
    let a = &texts(state.lang).agenda.ui;
    form(
        AgendaForm::Progress {
            id: d.id,
            version: d.version,
        },
        &a.progress_title,
        vec![
            // Empty, the current figure in the label: typing 50 gives 50, not 050.
            Field::text(
                "progress",
                &fill(&texts(state.lang).clerkflow.progress_now, &[("n", &d.progress)]),
                "",
            ),
            Field::multiline("note", &a.f_note, ""),
        ],
    )
}

pub fn evaluate(state: &State, d: &DecisionRow) -> Form {
    let a = &texts(state.lang).agenda;
    let kind = if d.evaluations.iter().any(|e| e.kind == EvalKind::Mid) {
        EvalKind::Final
    } else {
        EvalKind::Mid
    };
    form(
        AgendaForm::Evaluate { id: d.id },
        &a.ui.evaluate_title,
        vec![
            Field::choice(
                "kind",
                &a.ui.f_eval_kind,
                coded(&[EvalKind::Mid.code(), EvalKind::Final.code()], &a.eval_kind),
                kind.code(),
            ),
            Field::text("score", &a.ui.f_score, ""),
            Field::multiline("note", &a.ui.f_note, ""),
        ],
    )
}

pub fn abandon(state: &State, d: &DecisionRow) -> Form {
    let a = &texts(state.lang).agenda.ui;
    form(
        AgendaForm::Abandon {
            id: d.id,
            version: d.version,
        },
        &a.abandon_title,
        vec![Field::multiline("reason", &a.f_reason, "")],
    )
}

pub fn accept(state: &State, s: &SuggestionRow) -> Form {
    let t = texts(state.lang);
    let a = &t.agenda.ui;
    let ids: Vec<i64> = s
        .suggestion
        .request_ids
        .iter()
        .copied()
        .filter(|id| !state.agenda.dropped.contains(id))
        .collect();
    form(
        AgendaForm::Accept {
            category_id: s.suggestion.category_id,
            request_ids: ids.clone(),
        },
        &fill(&a.accept_title, &[("n", &ids.len())]),
        vec![
            Field::text("title", &a.f_title, &s.suggestion.title),
            Field::choice("level", &a.f_level, coded(&LEVELS, &t.level), s.suggestion.level.code()),
            Field::multiline("note", &a.f_note, ""),
        ],
    )
}

pub fn new_topic(state: &State) -> Form {
    let t = texts(state.lang);
    let a = &t.agenda.ui;
    let mut cats: Vec<(String, String)> = vec![(String::new(), a.nobody.clone())];
    if let Some(d) = &state.data {
        cats.extend(
            d.categories
                .iter()
                .map(|(id, n)| (id.to_string(), crate::text::i18n::label(&t.category, n).to_string())),
        );
    }
    form(
        AgendaForm::NewTopic,
        &a.new_topic,
        vec![
            Field::text("title", &a.f_title, ""),
            Field::choice("category", &a.f_category, cats, ""),
            Field::choice("level", &a.f_level, coded(&LEVELS, &t.level), "township"),
            Field::multiline("note", &a.f_note, ""),
        ],
    )
}

pub fn rename_topic(state: &State, topic: &TopicRow) -> Form {
    let a = &texts(state.lang).agenda.ui;
    form(
        AgendaForm::RenameTopic {
            id: topic.id,
            version: topic.version,
        },
        &a.rename_topic,
        vec![Field::text("title", &a.f_title, &topic.title)],
    )
}

pub fn escalate(state: &State, topic: &TopicRow) -> Form {
    let t = texts(state.lang);
    let a = &t.agenda.ui;
    form(
        AgendaForm::Escalate {
            id: topic.id,
            version: topic.version,
        },
        &fill(&a.escalate_title, &[("title", &topic.title)]),
        vec![
            Field::choice("level", &a.f_level, coded(&["county", "city"], &t.level), "county"),
            Field::multiline("note", &a.f_note, ""),
        ],
    )
}

pub fn export(state: &State, meeting_id: i64) -> Form {
    let a = &texts(state.lang).agenda.ui;
    form(
        AgendaForm::Export { meeting_id },
        &a.export_title,
        vec![
            Field::choice(
                "format",
                &a.f_format,
                vec![
                    ("md".into(), "Markdown (.md)".into()),
                    ("txt".into(), a.format_txt.clone()),
                    ("csv".into(), "CSV (.csv)".into()),
                ],
                "md",
            ),
            Field::text("path", &a.f_path, ""),
        ],
    )
}

/// Validates the open agenda form into a save effect; nothing when a field
/// is wrong (the field shows why and gets the caret).
pub fn submit(state: &mut State, kind: AgendaForm) -> Vec<Effect> {
    let check = Check::new(state.lang, state.today);
    let Some(form) = state.form.as_mut() else {
        return vec![];
    };
    let result = AgendaInput::read(&kind, form).parse(check);
    match form.accept(result) {
        Some(op) => vec![Effect::Save(Box::new(SaveOp::Agenda(op)))],
        None => vec![],
    }
}
