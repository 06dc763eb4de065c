//! The reports pane's forms: the period (with a custom range), the scope,
//! the theme, the export, and attaching a report to an agenda item (opened
//! from the agenda builder): how each is laid out; reading and checking the
//! input is `forms_parse`. Every problem is a sentence next to its field.

use super::forms_parse::{Context, ReportsInput, ReportsOp};
use super::state::{Period, Query};
use super::update::{ReportsEffect, ask, business_start, fx};
use crate::app::effect::Effect;
use crate::app::form::{Field, Form, FormKind};
use crate::app::state::State;
use crate::app::validate::Check;
use crate::domain::analysis::{AttachedReport, Place, Theme};
use crate::domain::assessment::VULNERABLE_TAGS;
use crate::domain::request::Channel;
use crate::model::meetings::MeetingDetail;
use crate::text::i18n::{Texts, fill, label, texts};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportsForm {
    Range,
    Scope,
    Theme,
    Export,
    Attach { meeting_id: i64 },
}

/// A validated "attach a report" form.
#[derive(Debug, Clone, PartialEq)]
pub struct Attach {
    pub meeting_id: i64,
    /// None: a new item "近期民情数据通报" for `presenter_id`.
    pub item_id: Option<i64>,
    pub title: String,
    pub presenter_id: Option<i64>,
    pub report: AttachedReport,
}

fn form(kind: ReportsForm, title: &str, fields: Vec<Field>) -> Form {
    Form::new(FormKind::Reports(kind), title, fields)
}

fn day_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn period_fields(q: &Query, t: &Texts) -> Vec<Field> {
    let x = &t.reports;
    let options = Period::ALL
        .iter()
        .map(|p| (p.code().to_string(), label(&t.analysis.period, p.code()).to_string()))
        .collect();
    let (from, to) = q
        .range
        .map_or((String::new(), String::new()), |r| (day_text(r.from), day_text(r.to)));
    vec![
        Field::choice("period", &x.f_period, options, q.period.code()),
        Field::text("day", &x.f_day, &day_text(q.day)),
        Field::text("from", &x.f_from, &from),
        Field::text("to", &x.f_to, &to),
    ]
}

fn scope_fields(state: &State, q: &Query) -> Vec<Field> {
    let x = &texts(state.lang).reports;
    let mut villages = vec![(String::new(), texts(state.lang).analysis.township.clone())];
    if let Some(d) = &state.data {
        villages.extend(d.villages.iter().map(|(_, n)| (n.clone(), n.clone())));
    }
    let (village, grid) = match &q.selection.place {
        Place::Township => (String::new(), String::new()),
        Place::Village(v) => (v.clone(), String::new()),
        Place::Grid(g) => (String::new(), g.clone()),
    };
    vec![
        Field::choice("village", &x.f_village, villages, &village),
        Field::text("grid", &x.f_grid, &grid),
    ]
}

/// Every theme as (code, label): all, the categories, the vulnerable tags, the channels.
fn theme_field(state: &State, q: &Query) -> Field {
    let t = texts(state.lang);
    let x = &t.reports;
    let mut options = vec![(String::new(), t.analysis.theme_all.clone())];
    if let Some(d) = &state.data {
        options.extend(d.categories.iter().map(|(_, n)| {
            (
                Theme::Category(n.clone()).code(),
                fill(&t.analysis.theme_category, &[("name", &label(&t.category, n))]),
            )
        }));
    }
    options.extend(VULNERABLE_TAGS.iter().map(|n| {
        (
            Theme::Tag(n.to_string()).code(),
            fill(&t.analysis.theme_tag, &[("name", n)]),
        )
    }));
    options.extend(Channel::ALL.iter().map(|c| {
        (
            Theme::Channel(c.code().to_string()).code(),
            fill(&t.analysis.theme_channel, &[("name", &label(&t.channel, c.code()))]),
        )
    }));
    Field::choice("theme", &x.f_theme, options, &q.selection.theme.code())
}

pub fn range(state: &State, q: &Query) -> Form {
    let t = texts(state.lang);
    form(ReportsForm::Range, &t.reports.range_title, period_fields(q, t))
}

pub fn scope(state: &State, q: &Query) -> Form {
    let t = texts(state.lang);
    form(ReportsForm::Scope, &t.reports.scope_title, scope_fields(state, q))
}

pub fn theme(state: &State, q: &Query) -> Form {
    let t = texts(state.lang);
    form(ReportsForm::Theme, &t.reports.theme_title, vec![theme_field(state, q)])
}

pub fn export(state: &State) -> Form {
    let t = texts(state.lang);
    let x = &t.reports;
    let mut fields = vec![
        Field::choice(
            "format",
            &x.f_format,
            vec![
                ("txt".into(), x.format_txt.clone()),
                ("md".into(), "Markdown (.md)".into()),
                ("xlsx".into(), "Excel (.xlsx)".into()),
                ("csv".into(), "CSV (.csv)".into()),
            ],
            "txt",
        ),
        Field::text("path", &x.f_path, ""),
    ];
    // Full names only for a user who may reveal (the export is audited).
    if state.can_reveal {
        fields.push(Field::choice(
            "names",
            &x.f_names,
            vec![
                ("masked".into(), x.names_masked.clone()),
                ("full".into(), x.names_full.clone()),
            ],
            "masked",
        ));
    }
    form(ReportsForm::Export, &x.export_title, fields)
}

/// Attach a report to an agenda item: the pane's current choice, for a new
/// item "近期民情数据通报" of the proposed presenter or an existing item.
pub fn attach(state: &State, m: &MeetingDetail) -> Form {
    let t = texts(state.lang);
    let x = &t.reports;
    let q = super::update::query(state);
    let presenter = crate::panes::agenda::update::proposed_presenter(state)
        .and_then(|id| state.data.as_ref()?.cadres.iter().find(|c| c.id == id))
        .map_or_else(|| t.agenda.ui.nobody.clone(), |c| c.name.clone());
    let mut items = vec![(
        String::new(),
        fill(&x.new_item, &[("title", &x.item_title), ("presenter", &presenter)]),
    )];
    items.extend(
        m.items
            .iter()
            .map(|i| (i.id.to_string(), format!("{}. {}", i.position, i.title))),
    );
    // The rotation's report item when the agenda has one already.
    let current = m
        .items
        .iter()
        .find(|i| i.title == x.item_title)
        .map(|i| i.id.to_string())
        .unwrap_or_default();
    let mut fields = vec![Field::choice("item", &x.f_item, items, &current)];
    fields.extend(period_fields(&q, t));
    fields.extend(scope_fields(state, &q));
    fields.push(theme_field(state, &q));
    form(ReportsForm::Attach { meeting_id: m.id }, &x.attach_title, fields)
}

/// Checks the open form of this pane: the period, scope or theme asks for
/// that report (the form closes); export and attach keep the form until
/// the store answers. A wrong field says why and gets the caret.
pub fn submit(state: &mut State) -> Vec<Effect> {
    let context = Context {
        query: super::update::query(state),
        grids: state
            .data
            .as_ref()
            .map(|d| d.grids.iter().map(|g| g.name.clone()).collect())
            .unwrap_or_default(),
        business_start: business_start(&state.reports),
        presenter_id: crate::panes::agenda::update::proposed_presenter(state),
    };
    let check = Check::new(state.lang, state.today);
    let Some(form) = state.form.as_mut() else {
        return vec![];
    };
    let Some(input) = ReportsInput::read(form) else {
        return vec![];
    };
    match form.accept(input.parse(check, &context)) {
        None => vec![],
        Some(ReportsOp::Ask(q)) => {
            state.form = None;
            ask(state, q)
        }
        Some(ReportsOp::Export { format, path, full }) => fx(ReportsEffect::Export { format, path, full }),
        Some(ReportsOp::Attach(a)) => fx(ReportsEffect::Attach(a)),
    }
}
