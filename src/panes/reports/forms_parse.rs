//! The reports pane's forms as types: [`ReportsInput::read`] is the one
//! place that reads their fields by key; `parse` checks the input into the
//! [`ReportsOp`] it asks for, or the problems at their fields (README,
//! Architecture: "Typed forms").

use super::forms::{Attach, ReportsForm};
use super::state::{Period, Query};
use crate::app::form::{Form, FormKind};
use crate::app::validate::{Check, FieldErrors};
use crate::domain::analysis::{AttachedReport, Place, Selection, Span, Theme};
use crate::export::analysis::cli::Format;
use crate::text::i18n::{fill, texts};
use chrono::NaiveDate;

/// What the pane's forms are checked against.
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    /// The report shown now; a form changes one part of it.
    pub query: Query,
    /// The office's grid names (a grid is typed by name).
    pub grids: Vec<String>,
    /// The business month's first day, for resolving the period.
    pub business_start: u32,
    /// Who presents a new report item (the rotation's proposal).
    pub presenter_id: Option<i64>,
}

/// The period: a kind and its day, or a custom range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodInput {
    pub period: Period,
    pub day: String,
    pub from: String,
    pub to: String,
}

/// The scope: a grid typed by name wins over the village chosen; neither
/// is the whole township.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeInput {
    pub village: String,
    pub grid: String,
}

/// The export's format, file, and whether residents' names are in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportInput {
    pub format: Format,
    pub path: String,
    pub full: bool,
}

/// A report attached to an agenda item (none: a new item).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachInput {
    pub meeting_id: i64,
    pub item: Option<i64>,
    pub period: PeriodInput,
    pub scope: ScopeInput,
    pub theme: Theme,
}

/// What an open form of this pane holds, read once from its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportsInput {
    Range(PeriodInput),
    Scope(ScopeInput),
    Theme(Theme),
    Export(ExportInput),
    Attach(AttachInput),
}

/// What a checked form asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum ReportsOp {
    /// The report of this query.
    Ask(Query),
    Export {
        format: Format,
        path: Option<String>,
        full: bool,
    },
    Attach(Box<Attach>),
}

impl ReportsInput {
    /// The input of `form`, or `None` when it is another pane's form.
    pub fn read(form: &Form) -> Option<ReportsInput> {
        let FormKind::Reports(kind) = &form.kind else {
            return None;
        };
        let v = |key: &str| form.value(key);
        let period = || PeriodInput {
            period: Period::parse(&v("period")).unwrap_or_default(),
            day: v("day"),
            from: v("from"),
            to: v("to"),
        };
        let scope = || ScopeInput {
            village: v("village"),
            grid: v("grid"),
        };
        let theme = || Theme::parse(&v("theme")).unwrap_or_default();
        Some(match kind {
            ReportsForm::Range => ReportsInput::Range(period()),
            ReportsForm::Scope => ReportsInput::Scope(scope()),
            ReportsForm::Theme => ReportsInput::Theme(theme()),
            ReportsForm::Export => ReportsInput::Export(ExportInput {
                format: match v("format").as_str() {
                    "md" => Format::Md,
                    "xlsx" => Format::Xlsx,
                    "csv" => Format::Csv,
                    _ => Format::Txt,
                },
                path: v("path"),
                full: v("names") == "full",
            }),
            ReportsForm::Attach { meeting_id } => ReportsInput::Attach(AttachInput {
                meeting_id: *meeting_id,
                item: form.id("item"),
                period: period(),
                scope: scope(),
                theme: theme(),
            }),
        })
    }

    /// What the form asks for, or every problem with its input.
    pub fn parse(self, mut check: Check, context: &Context) -> Result<ReportsOp, FieldErrors> {
        let mut q = context.query.clone();
        match self {
            ReportsInput::Range(p) => {
                p.parse(&mut check, &mut q);
                check.finish(|| ReportsOp::Ask(q))
            }
            ReportsInput::Scope(s) => {
                q.selection.place = s.parse(&mut check, &context.grids);
                check.finish(|| ReportsOp::Ask(q))
            }
            ReportsInput::Theme(theme) => {
                q.selection.theme = theme;
                check.finish(|| ReportsOp::Ask(q))
            }
            ReportsInput::Export(e) => check.finish(|| ReportsOp::Export {
                format: e.format,
                full: e.full,
                path: (!e.path.is_empty()).then_some(e.path),
            }),
            ReportsInput::Attach(a) => {
                a.period.parse(&mut check, &mut q);
                let place = a.scope.parse(&mut check, &context.grids);
                let (kind, span) = q.resolve(context.business_start);
                let title = texts(check.lang).reports.item_title.clone();
                check.finish(|| {
                    ReportsOp::Attach(Box::new(Attach {
                        meeting_id: a.meeting_id,
                        item_id: a.item,
                        title,
                        presenter_id: context.presenter_id,
                        report: AttachedReport {
                            item_id: a.item.unwrap_or_default(),
                            kind,
                            span,
                            selection: Selection { place, theme: a.theme },
                        },
                    }))
                })
            }
        }
    }
}

/// A day as `2026-12-31`, with the pane's sentence naming what was typed.
fn day(check: &mut Check, key: &'static str, value: &str) -> Option<NaiveDate> {
    let d = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok();
    if d.is_none() {
        let t = texts(check.lang);
        check.fail(key, fill(&t.reports.e_date, &[("value", &value)]));
    }
    d
}

impl PeriodInput {
    /// Sets the period of `q`; a custom one needs a start not after its end.
    pub fn parse(self, check: &mut Check, q: &mut Query) {
        q.period = self.period;
        if self.period == Period::Custom {
            let (from, to) = (day(check, "from", &self.from), day(check, "to", &self.to));
            if let (Some(f), Some(e)) = (from, to) {
                if f > e {
                    check.fail("to", texts(check.lang).reports.e_order.clone());
                }
                q.range = Some(Span::new(f, e));
                q.day = f;
            }
        } else {
            q.range = None;
            if let Some(d) = day(check, "day", &self.day) {
                q.day = d;
            }
        }
    }
}

impl ScopeInput {
    /// The place; a grid name the office does not have is an error.
    pub fn parse(self, check: &mut Check, grids: &[String]) -> Place {
        if !self.grid.is_empty() {
            if !grids.contains(&self.grid) {
                let t = texts(check.lang);
                check.fail("grid", fill(&t.reports.e_grid, &[("name", &self.grid)]));
            }
            return Place::Grid(self.grid);
        }
        if self.village.is_empty() {
            Place::Township
        } else {
            Place::Village(self.village)
        }
    }
}

#[cfg(test)]
#[path = "forms_parse_tests.rs"]
mod tests;
