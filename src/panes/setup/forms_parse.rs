//! The set-up pane's forms as types: [`SetupInput::read`] is the one place
//! that reads their fields by key; each form's `parse` checks it into the
//! [`SetupOp`] it saves, or every problem at its field (README,
//! Architecture: "Typed forms"). The store checks the same bounds again.

use super::forms::{PlaceInput, SetupForm, SetupOp};
use crate::app::form::{Form, FormKind};
use crate::app::validate::{Check, FieldErrors};
use crate::domain::request::Role;
use crate::domain::settings::{self, MAX_GROUP_NUMBER, MAX_MAP_CELL, NumberSetting};
use crate::model::setup::{
    CadreInput, CategoryInput, GridInput, GroupInput, Kind, Township, UserEdit, VillageInput, VillageKind,
};
use crate::text::i18n::{fill, texts};
use std::ops::RangeInclusive;

/// The township's name, area code and address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TownshipForm {
    pub before: Township,
    pub name: String,
    pub code: String,
    pub address: String,
}

/// What a one-number form sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberTarget {
    /// A working setting, by key.
    Setting(&'static str),
    /// A deadline rule's working days, by request kind (or "urgent").
    Sla(String),
}

/// One working setting or deadline rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberForm {
    pub target: NumberTarget,
    pub value: String,
}

/// A village or community.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VillageForm {
    pub name: String,
    /// Village or community (a choice).
    pub kind: Option<VillageKind>,
}

/// A 村民小组 of a village.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupForm {
    pub village: Option<i64>,
    pub number: String,
    pub name: String,
}

/// A grid: its village, name, cadre and map cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridForm {
    pub village: Option<i64>,
    pub name: String,
    pub cadre: Option<i64>,
    pub row: String,
    pub col: String,
}

/// A cadre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CadreForm {
    pub name: String,
    pub title: String,
    pub phone: String,
    /// Cadre, leader or clerk (a choice).
    pub role: Option<Role>,
}

/// A request category and its place in the lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryForm {
    pub name: String,
    pub sort: String,
}

/// A first password typed twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordTwice {
    pub password: String,
    pub again: String,
}

/// A new account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddUserForm {
    pub login: String,
    pub display: String,
    pub role: Option<Role>,
    pub cadre: Option<i64>,
    pub password: PasswordTwice,
}

/// An account's name, role and cadre link, at the version it was opened on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditUserForm {
    pub login: String,
    pub version: i64,
    pub display: String,
    pub role: Option<Role>,
    pub cadre: Option<i64>,
}

/// A password reset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordForm {
    pub login: String,
    pub password: PasswordTwice,
}

/// What an open set-up form holds, read once from its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupInput {
    Township(TownshipForm),
    Number(NumberForm),
    /// A row added (no target) or edited (id, version).
    Place {
        target: Option<(i64, i64)>,
        row: PlaceForm,
    },
    AddUser(AddUserForm),
    EditUser(EditUserForm),
    Password(PasswordForm),
}

/// A village, group, grid, cadre or category as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceForm {
    Village(VillageForm),
    Group(GroupForm),
    Grid(GridForm),
    Cadre(CadreForm),
    Category(CategoryForm),
}

impl SetupInput {
    /// The input of `form`, or `None` when it is another pane's form.
    pub fn read(form: &Form) -> Option<SetupInput> {
        let FormKind::Setup(kind) = &form.kind else {
            return None;
        };
        let v = |key: &str| form.value(key);
        let twice = || PasswordTwice {
            password: v("password"),
            again: v("again"),
        };
        Some(match kind.clone() {
            SetupForm::Township { before } => SetupInput::Township(TownshipForm {
                before,
                name: v("name"),
                code: v("code"),
                address: v("address"),
            }),
            SetupForm::Number { key } => SetupInput::Number(NumberForm {
                target: NumberTarget::Setting(key),
                value: v("value"),
            }),
            SetupForm::Sla { kind } => SetupInput::Number(NumberForm {
                target: NumberTarget::Sla(kind),
                value: v("value"),
            }),
            SetupForm::Place { kind, target } => SetupInput::Place {
                target,
                row: match kind {
                    Kind::Village => PlaceForm::Village(VillageForm {
                        name: v("name"),
                        kind: VillageKind::parse(&v("kind")),
                    }),
                    Kind::Group => PlaceForm::Group(GroupForm {
                        village: form.id("village"),
                        number: v("number"),
                        name: v("name"),
                    }),
                    Kind::Grid => PlaceForm::Grid(GridForm {
                        village: form.id("village"),
                        name: v("name"),
                        cadre: form.id("cadre"),
                        row: v("row"),
                        col: v("col"),
                    }),
                    Kind::Cadre => PlaceForm::Cadre(CadreForm {
                        name: v("name"),
                        title: v("title"),
                        phone: v("phone"),
                        role: Role::parse(&v("role")),
                    }),
                    Kind::Category => PlaceForm::Category(CategoryForm {
                        name: v("name"),
                        sort: v("sort"),
                    }),
                },
            },
            SetupForm::AddUser => SetupInput::AddUser(AddUserForm {
                login: v("login"),
                display: v("display"),
                role: Role::parse(&v("role")),
                cadre: form.id("cadre"),
                password: twice(),
            }),
            SetupForm::EditUser { login, version } => SetupInput::EditUser(EditUserForm {
                login,
                version,
                display: v("display"),
                role: Role::parse(&v("role")),
                cadre: form.id("cadre"),
            }),
            SetupForm::Password { login } => SetupInput::Password(PasswordForm {
                login,
                password: twice(),
            }),
        })
    }

    /// The operation the form saves, or every problem with its input.
    pub fn parse(self, check: Check) -> Result<SetupOp, FieldErrors> {
        match self {
            SetupInput::Township(f) => f.parse(check),
            SetupInput::Number(f) => f.parse(check),
            SetupInput::Place { target, row } => {
                let mut check = check;
                match row.parse(&mut check) {
                    Some(input) => check.finish(|| SetupOp::Place { target, input }),
                    None => Err(check.errors),
                }
            }
            SetupInput::AddUser(f) => f.parse(check),
            SetupInput::EditUser(f) => f.parse(check),
            SetupInput::Password(f) => f.parse(check),
        }
    }
}

/// The set-up pane's own sentences for a bad number or name.
trait SetupChecks {
    fn bounded(&mut self, key: &'static str, value: &str, range: RangeInclusive<i64>) -> Option<i64>;
    fn name(&mut self, key: &'static str, value: &str) -> Option<String>;
    fn at_most(&mut self, key: &'static str, value: &str, max: usize);
    fn choice<T>(&mut self, key: &'static str, value: Option<T>, message: &str) -> Option<T>;
}

impl SetupChecks for Check {
    /// A whole number in `range`.
    fn bounded(&mut self, key: &'static str, value: &str, range: RangeInclusive<i64>) -> Option<i64> {
        let n = value.parse::<i64>().ok().filter(|n| range.contains(n));
        if n.is_none() {
            let t = &texts(self.lang).setup.ui;
            self.fail(key, fill(&t.e_range, &[("min", range.start()), ("max", range.end())]));
        }
        n
    }

    /// A name: trimmed, not empty, at most [`settings::MAX_NAME_CHARS`].
    fn name(&mut self, key: &'static str, value: &str) -> Option<String> {
        let n = settings::clean_name(value);
        if n.is_none() {
            let t = &texts(self.lang).setup.ui;
            self.fail(key, fill(&t.e_name, &[("max", &settings::MAX_NAME_CHARS)]));
        }
        n
    }

    /// Optional text of at most `max` characters.
    fn at_most(&mut self, key: &'static str, value: &str, max: usize) {
        if value.chars().count() > max {
            let t = &texts(self.lang).setup.ui;
            self.fail(key, fill(&t.e_name, &[("max", &max)]));
        }
    }

    /// A choice that must not be left on "none".
    fn choice<T>(&mut self, key: &'static str, value: Option<T>, message: &str) -> Option<T> {
        if value.is_none() {
            self.fail(key, message.to_string());
        }
        value
    }
}

impl TownshipForm {
    pub fn parse(self, mut check: Check) -> Result<SetupOp, FieldErrors> {
        let name = check.name("name", &self.name);
        check.at_most("code", &self.code, 20);
        check.at_most("address", &self.address, 100);
        check.finish(|| SetupOp::Township {
            before: self.before,
            new: Township {
                name: name.unwrap_or_default(),
                code: self.code,
                address: self.address,
            },
        })
    }
}

impl NumberForm {
    /// The bounds of the setting, or of `minqing sla set`.
    pub fn parse(self, mut check: Check) -> Result<SetupOp, FieldErrors> {
        let range = match &self.target {
            NumberTarget::Setting(key) => match NumberSetting::by_key(key) {
                Some(s) => s.min.into()..=s.max.into(),
                // Not a setting this version knows: nothing to save.
                None => return Err(FieldErrors::default()),
            },
            NumberTarget::Sla(kind) => {
                let r = crate::domain::request::sla_day_range(kind);
                (*r.start()).into()..=(*r.end()).into()
            }
        };
        let value = check.bounded("value", &self.value, range).unwrap_or_default() as u32;
        check.finish(|| match self.target {
            NumberTarget::Setting(key) => SetupOp::Number { key, value },
            NumberTarget::Sla(kind) => SetupOp::Sla { kind, days: value },
        })
    }
}

impl PlaceForm {
    /// The row, when every field is right; the problems go into `check`.
    pub fn parse(self, check: &mut Check) -> Option<PlaceInput> {
        let no_village = texts(check.lang).setup.ui.e_no_village.clone();
        match self {
            PlaceForm::Village(f) => {
                let name = check.name("name", &f.name);
                let kind = check.choice("kind", f.kind, &texts(check.lang).form.required);
                Some(PlaceInput::Village(VillageInput {
                    name: name?,
                    kind: kind?,
                }))
            }
            PlaceForm::Group(f) => {
                let village = check.choice("village", f.village, &no_village);
                let number = check.bounded("number", &f.number, 1..=MAX_GROUP_NUMBER);
                Some(PlaceInput::Group(GroupInput {
                    village_id: village?,
                    number: number?,
                    name: f.name,
                }))
            }
            PlaceForm::Grid(f) => {
                let village = check.choice("village", f.village, &no_village);
                let name = check.name("name", &f.name);
                let row = check.bounded("row", &f.row, 0..=MAX_MAP_CELL);
                let col = check.bounded("col", &f.col, 0..=MAX_MAP_CELL);
                Some(PlaceInput::Grid(GridInput {
                    village_id: village?,
                    name: name?,
                    cadre_id: f.cadre,
                    map_row: row?,
                    map_col: col?,
                }))
            }
            PlaceForm::Cadre(f) => {
                let name = check.name("name", &f.name);
                check.at_most("title", &f.title, settings::MAX_NAME_CHARS);
                let phone = if f.phone.is_empty() {
                    Some(None)
                } else {
                    let e_phone = texts(check.lang).setup.ui.e_phone.clone();
                    check
                        .choice("phone", crate::import::register::parse_phone(&f.phone), &e_phone)
                        .map(Some)
                };
                // Cadres lead, work a grid or clerk; administrators are accounts.
                let role = f.role.filter(|r| *r != Role::Admin);
                let role = check.choice("role", role, &texts(check.lang).form.required);
                Some(PlaceInput::Cadre(CadreInput {
                    name: name?,
                    title: f.title,
                    phone: phone?,
                    role: role?,
                }))
            }
            PlaceForm::Category(f) => {
                let name = check.name("name", &f.name);
                let sort = check.bounded("sort", &f.sort, 0..=999);
                Some(PlaceInput::Category(CategoryInput {
                    name: name?,
                    sort: sort?,
                }))
            }
        }
    }
}

impl PasswordTwice {
    /// A password the policy accepts, typed the same twice; the second
    /// is only compared once the first is acceptable.
    fn parse(self, check: &mut Check) -> Option<String> {
        if let Err(problem) = crate::domain::accounts::check_password(&self.password) {
            check.fail("password", crate::text::i18n::password_problem(check.lang, &problem));
            return None;
        }
        if self.again != self.password {
            check.fail("again", texts(check.lang).setup.ui.e_again.clone());
            return None;
        }
        Some(self.password)
    }
}

impl AddUserForm {
    pub fn parse(self, mut check: Check) -> Result<SetupOp, FieldErrors> {
        let login = &self.login;
        let ok_login = !login.is_empty()
            && login.len() <= 32
            && login
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !ok_login {
            check.fail("login", texts(check.lang).setup.ui.e_login.clone());
        }
        let display_name = check.name("display", &self.display);
        let password = self.password.parse(&mut check);
        let role = check.choice("role", self.role, &texts(check.lang).form.required);
        check.finish(|| SetupOp::AddUser {
            login: self.login,
            display_name: display_name.unwrap_or_default(),
            role: role.unwrap_or(Role::Clerk),
            password: password.unwrap_or_default(),
            cadre_id: self.cadre,
        })
    }
}

impl EditUserForm {
    pub fn parse(self, mut check: Check) -> Result<SetupOp, FieldErrors> {
        let display_name = check.name("display", &self.display);
        let role = check.choice("role", self.role, &texts(check.lang).form.required);
        check.finish(|| SetupOp::EditUser {
            login: self.login,
            edit: UserEdit {
                display_name: display_name.unwrap_or_default(),
                role: role.unwrap_or(Role::Clerk),
                cadre_id: self.cadre,
                version: self.version,
            },
        })
    }
}

impl PasswordForm {
    pub fn parse(self, mut check: Check) -> Result<SetupOp, FieldErrors> {
        let password = self.password.parse(&mut check);
        check.finish(|| SetupOp::Password {
            login: self.login,
            password: password.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
#[path = "forms_parse_tests.rs"]
mod tests;
