//! The requests pane's forms as types: each reads its fields once and
//! validates them into the effect it asks for (README, Architecture:
//! "Typed forms"). The filter menu's layout lives with the lookup forms.

use crate::app::form::{Form, FormKind};
use crate::app::validate::{Check, FieldErrors};
use crate::domain::request::Level;
use crate::domain::workflow::Command;
use crate::panes::requests::update::{BulkOp, RequestEffect};

/// One of the requests pane's forms with what was typed or chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestForm {
    SaveView {
        name: String,
        shared: bool,
    },
    Assign {
        items: Vec<(i64, i64)>,
        cadre: String,
    },
    Category {
        items: Vec<(i64, i64)>,
        category: String,
    },
    Level {
        items: Vec<(i64, i64)>,
        level: String,
    },
    Topic {
        items: Vec<(i64, i64)>,
        topic: String,
    },
    Resolve {
        id: i64,
        version: i64,
        resolution: String,
        solved: bool,
    },
    Reject {
        id: i64,
        version: i64,
        reason: String,
    },
    Reopen {
        id: i64,
        version: i64,
        reason: String,
    },
    Escalate {
        id: i64,
        version: i64,
        level: String,
        note: String,
    },
    Extend {
        id: i64,
        version: i64,
        due: String,
        reason: String,
    },
}

impl RequestForm {
    /// The typed input of `form`, when it is one of this pane's (the
    /// filter menu is applied directly, see `update::submit`).
    pub fn read(form: &Form) -> Option<RequestForm> {
        let v = |key: &str| form.value(key);
        Some(match form.kind.clone() {
            FormKind::SaveView => RequestForm::SaveView {
                name: v("name"),
                shared: v("shared") == "yes",
            },
            FormKind::BulkAssign { items } => RequestForm::Assign {
                items,
                cadre: v("cadre"),
            },
            FormKind::BulkCategory { items } => RequestForm::Category {
                items,
                category: v("category"),
            },
            FormKind::BulkLevel { items } => RequestForm::Level {
                items,
                level: v("level"),
            },
            FormKind::BulkTopic { items } => RequestForm::Topic {
                items,
                topic: v("topic"),
            },
            FormKind::Resolve { id, version } => RequestForm::Resolve {
                id,
                version,
                resolution: v("resolution"),
                solved: v("solved") == "yes",
            },
            FormKind::Reject { id, version } => RequestForm::Reject {
                id,
                version,
                reason: v("reason"),
            },
            FormKind::Reopen { id, version } => RequestForm::Reopen {
                id,
                version,
                reason: v("reason"),
            },
            FormKind::Escalate { id, version } => RequestForm::Escalate {
                id,
                version,
                level: v("level"),
                note: v("note"),
            },
            FormKind::Extend { id, version } => RequestForm::Extend {
                id,
                version,
                due: v("due"),
                reason: v("reason"),
            },
            _ => return None,
        })
    }

    /// The effect the form asks for, or every problem with its input.
    pub fn validate(&self, mut check: Check) -> Result<RequestEffect, FieldErrors> {
        let id_of = |check: &mut Check, key: &'static str, value: &str| match value.parse::<i64>() {
            Ok(id) => id,
            Err(_) => {
                check.required(key, "");
                0
            }
        };
        let command = |id: i64, version: i64, command: Command| RequestEffect::Command { id, version, command };
        match self.clone() {
            RequestForm::SaveView { name, shared } => {
                let name = check.required("name", &name);
                check.finish(|| RequestEffect::SaveView { name, shared })
            }
            RequestForm::Assign { items, cadre } => {
                let cadre = id_of(&mut check, "cadre", &cadre);
                check.finish(|| RequestEffect::Bulk {
                    items,
                    op: BulkOp::Assign(cadre),
                })
            }
            RequestForm::Category { items, category } => {
                let c = id_of(&mut check, "category", &category);
                check.finish(|| RequestEffect::Bulk {
                    items,
                    op: BulkOp::SetCategory(c),
                })
            }
            RequestForm::Level { items, level } => check.finish(|| RequestEffect::Bulk {
                items,
                op: BulkOp::SetLevel(Level::parse(&level).unwrap_or(Level::Township)),
            }),
            RequestForm::Topic { items, topic } => {
                let topic = id_of(&mut check, "topic", &topic);
                check.finish(|| RequestEffect::AddToTopic {
                    ids: items.iter().map(|(id, _)| *id).collect(),
                    topic,
                })
            }
            RequestForm::Resolve {
                id,
                version,
                resolution,
                solved,
            } => {
                let resolution = check.required("resolution", &resolution);
                check.finish(|| command(id, version, Command::Resolve { resolution, solved }))
            }
            RequestForm::Reject { id, version, reason } => {
                let reason = check.required("reason", &reason);
                check.finish(|| command(id, version, Command::Reject { reason }))
            }
            RequestForm::Reopen { id, version, reason } => {
                let reason = check.required("reason", &reason);
                check.finish(|| command(id, version, Command::Reopen { reason }))
            }
            RequestForm::Escalate {
                id,
                version,
                level,
                note,
            } => check.finish(|| {
                command(
                    id,
                    version,
                    Command::Escalate {
                        level: Level::parse(&level).unwrap_or(Level::County),
                        note,
                    },
                )
            }),
            RequestForm::Extend {
                id,
                version,
                due,
                reason,
            } => {
                let new_due = check.date("due", &due);
                let reason = check.required("reason", &reason);
                check.finish(|| {
                    command(
                        id,
                        version,
                        Command::Extend {
                            new_due: new_due.unwrap_or_default(),
                            reason,
                        },
                    )
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::form::Field;
    use crate::text::i18n::Lang;

    fn check() -> Check {
        Check::new(Lang::Zh, chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())
    }

    #[test]
    fn extend_reports_both_problems_and_gives_the_command_when_right() {
        let mut form = Form::new(
            FormKind::Extend { id: 4, version: 2 },
            "t",
            vec![Field::text("due", "d", "12/31"), Field::multiline("reason", "r", "")],
        );
        let errors = RequestForm::read(&form).unwrap().validate(check()).unwrap_err();
        assert!(errors.get("due").is_some() && errors.get("reason").is_some());
        form.fields[0].input = crate::app::input::Input::with_text("2026-12-31");
        form.fields[1].input = crate::app::input::Input::with_text("等材料");
        let RequestEffect::Command { id, version, command } =
            RequestForm::read(&form).unwrap().validate(check()).unwrap()
        else {
            panic!("not a command")
        };
        assert_eq!((id, version), (4, 2));
        assert!(matches!(command, Command::Extend { reason, .. } if reason == "等材料"));
    }
}
