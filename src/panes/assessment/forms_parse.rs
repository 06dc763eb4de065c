//! The visit, campaign and survey-call forms as types: [`AssessInput::read`]
//! is the one place that reads their fields by key; each input's `parse`
//! checks it into the [`AssessOp`] it saves, or the problems at their
//! fields (README, Architecture: "Typed forms").

use super::forms::{AssessOp, VisitHousehold};
use crate::app::form::{Form, FormKind};
use crate::app::validate::{Check, FieldErrors};
use crate::domain::assessment::{Call, Satisfaction};
use crate::model::assessment::{NewVisit, VisitKind};
use crate::text::i18n::texts;
use chrono::NaiveDate;

/// A visit (or overnight stay) by a cadre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitInput {
    /// The household it was opened for; none for an overnight stay logged
    /// from the map.
    pub household: Option<VisitHousehold>,
    pub cadre: Option<i64>,
    pub kind: VisitKind,
    pub date: String,
    pub notes: String,
    /// Open the request form (channel = visit) after saving.
    pub raise: bool,
}

/// A two-rates survey campaign: households drawn per grid, and the seed
/// that makes the draw repeatable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignInput {
    pub name: String,
    pub per_grid: String,
    pub seed: String,
}

/// One survey call's answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallInput {
    pub campaign_id: i64,
    pub household_id: i64,
    pub reached: bool,
    pub knows: bool,
    pub satisfaction: Option<Satisfaction>,
    pub comment: String,
}

/// What an open form of these panes holds, read once from its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssessInput {
    Visit(VisitInput),
    Campaign(CampaignInput),
    Call(CallInput),
}

impl AssessInput {
    /// The input of `form`, or `None` when it is another pane's form.
    pub fn read(form: &Form) -> Option<AssessInput> {
        let v = |key: &str| form.value(key);
        Some(match form.kind.clone() {
            FormKind::NewVisit { household } => AssessInput::Visit(VisitInput {
                household,
                cadre: form.id("cadre"),
                // The choice offers only the kinds; an overnight stay is
                // the one that needs nothing more.
                kind: VisitKind::parse(&v("kind")).unwrap_or(VisitKind::Overnight),
                date: v("date"),
                notes: v("notes"),
                raise: form.yes("raise"),
            }),
            FormKind::NewCampaign => AssessInput::Campaign(CampaignInput {
                name: v("name"),
                per_grid: v("per_grid"),
                seed: v("seed"),
            }),
            FormKind::SurveyCall {
                campaign_id,
                household_id,
            } => AssessInput::Call(CallInput {
                campaign_id,
                household_id,
                reached: form.yes("reached"),
                knows: form.yes("knows"),
                satisfaction: Satisfaction::parse(&v("satisfaction")),
                comment: v("comment"),
            }),
            _ => return None,
        })
    }

    /// The operation the form saves, or every problem with its input.
    pub fn parse(self, check: Check) -> Result<AssessOp, FieldErrors> {
        match self {
            AssessInput::Visit(i) => i.parse(check),
            AssessInput::Campaign(i) => i.parse(check),
            AssessInput::Call(i) => i.parse(check),
        }
    }
}

impl VisitInput {
    pub fn parse(self, mut check: Check) -> Result<AssessOp, FieldErrors> {
        let a = &texts(check.lang).assess;
        if self.cadre.is_none() {
            check.required("cadre", "");
        }
        if self.kind.needs_household() && self.household.is_none() {
            check.fail("kind", a.visit_needs_household.clone());
        }
        let date = match NaiveDate::parse_from_str(&self.date, "%Y-%m-%d") {
            Ok(d) if d > check.today => {
                check.fail("date", a.visit_future.clone());
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                check.fail("date", a.bad_date.clone());
                None
            }
        };
        if self.raise && self.household.is_none() {
            check.fail("raise", a.visit_needs_household.clone());
        }
        check.finish(|| AssessOp::LogVisit {
            visit: NewVisit {
                cadre_id: self.cadre.unwrap_or_default(),
                household_id: self.household.as_ref().map(|h| h.id),
                kind: self.kind,
                visited_on: date.unwrap_or_default(),
                notes: self.notes,
                request_id: None,
            },
            raise_request: if self.raise { self.household } else { None },
        })
    }
}

impl CampaignInput {
    pub fn parse(self, mut check: Check) -> Result<AssessOp, FieldErrors> {
        let a = &texts(check.lang).assess;
        let name = check.required("name", &self.name);
        let per_grid = match self.per_grid.parse::<usize>() {
            Ok(n) if (1..=1000).contains(&n) => n,
            _ => {
                check.fail("per_grid", a.bad_per_grid.clone());
                0
            }
        };
        let seed = self.seed.parse::<u64>().unwrap_or_else(|_| {
            check.fail("seed", a.bad_seed.clone());
            0
        });
        check.finish(|| AssessOp::NewCampaign { name, per_grid, seed })
    }
}

impl CallInput {
    /// Every answer is a choice, so a call is always valid; who was not
    /// reached gave no answers.
    pub fn parse(self, check: Check) -> Result<AssessOp, FieldErrors> {
        let call = if self.reached {
            Call {
                reached: true,
                knows_cadre: Some(self.knows),
                satisfaction: self.satisfaction,
            }
        } else {
            Call::NOT_REACHED
        };
        check.finish(|| AssessOp::SurveyCall {
            campaign_id: self.campaign_id,
            household_id: self.household_id,
            call,
            comment: self.comment,
        })
    }
}

#[cfg(test)]
#[path = "forms_parse_tests.rs"]
mod tests;
