//! The set-up pane's forms: township, one setting, a village, group, grid,
//! cadre or category, an account; how each is laid out and the [`SetupOp`]
//! it saves. Reading and checking the input is `forms_parse`; the store
//! checks the same bounds again and the versions.

use super::state::{Accounts, Section, SettingRow};
use super::update::{SetupEffect, selected, setting_rows};
use crate::app::effect::Effect;
use crate::app::form::{Field, Form, FormKind};
use crate::app::state::State;
use crate::app::validate::Check;
use crate::domain::request::Role;
use crate::domain::settings;
use crate::model::setup::{
    CadreInput, CategoryInput, GridInput, GroupInput, Kind, Township, VillageInput, VillageKind,
};
use crate::panes::setup::forms_parse::SetupInput;
use crate::text::i18n::{fill, label, texts};

/// Which form is open and what it was opened on (ids and versions, so a
/// change made meanwhile is refused rather than overwritten).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupForm {
    Township {
        before: Township,
    },
    Number {
        key: &'static str,
    },
    Sla {
        kind: String,
    },
    /// Add (None) or edit (id, version) a row.
    Place {
        kind: Kind,
        target: Option<(i64, i64)>,
    },
    AddUser,
    /// The account's version when the form opened.
    EditUser {
        login: String,
        version: i64,
    },
    Password {
        login: String,
    },
}

/// A row as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceInput {
    Village(VillageInput),
    Group(GroupInput),
    Grid(GridInput),
    Cadre(CadreInput),
    Category(CategoryInput),
}

/// A validated form.
#[derive(Debug, Clone, PartialEq)]
pub enum SetupOp {
    Township {
        before: Township,
        new: Township,
    },
    Number {
        key: &'static str,
        value: u32,
    },
    Sla {
        kind: String,
        days: u32,
    },
    Place {
        target: Option<(i64, i64)>,
        input: PlaceInput,
    },
    AddUser {
        login: String,
        display_name: String,
        role: Role,
        password: String,
        cadre_id: Option<i64>,
    },
    EditUser {
        login: String,
        edit: crate::model::setup::UserEdit,
    },
    Password {
        login: String,
        password: String,
    },
}

fn open(state: &mut State, kind: SetupForm, title: &str, fields: Vec<Field>) {
    state.form = Some(Form::new(FormKind::Setup(kind), title, fields));
}

fn villages(state: &State) -> Vec<(String, String)> {
    state.data.as_ref().map_or_else(Vec::new, |d| {
        d.setup
            .villages
            .iter()
            .filter(|v| v.active)
            .map(|v| (v.id.to_string(), v.name.clone()))
            .collect()
    })
}

/// Active cadres, after a "none" choice.
fn cadres(state: &State) -> Vec<(String, String)> {
    let t = &texts(state.lang).setup.ui;
    let mut out = vec![(String::new(), t.none.clone())];
    if let Some(d) = state.data.as_ref() {
        out.extend(
            d.setup
                .cadres
                .iter()
                .filter(|c| c.active)
                .map(|c| (c.id.to_string(), format!("{} {}", c.name, c.title).trim().to_string())),
        );
    }
    out
}

fn role_choices(state: &State, roles: &[Role]) -> Vec<(String, String)> {
    let t = texts(state.lang);
    roles
        .iter()
        .map(|r| (r.code().to_string(), label(&t.role, r.code()).to_string()))
        .collect()
}

const CADRE_ROLES: [Role; 3] = [Role::Cadre, Role::Leader, Role::Clerk];
const USER_ROLES: [Role; 4] = [Role::Clerk, Role::Cadre, Role::Leader, Role::Admin];

fn village_kinds(state: &State) -> Vec<(String, String)> {
    let t = &texts(state.lang).setup.ui;
    vec![
        (VillageKind::Village.code().into(), t.kind_village.clone()),
        (VillageKind::Community.code().into(), t.kind_community.clone()),
    ]
}

/// The add form of the current section.
pub fn open_add(state: &mut State) {
    let t = &texts(state.lang).setup.ui;
    let add = |kind| SetupForm::Place { kind, target: None };
    match state.setup.section {
        Section::Villages => {
            let f = village_fields(state, "", VillageKind::Village);
            open(state, add(Kind::Village), &t.add_village, f);
        }
        Section::Groups => {
            let f = group_fields(state, None, "", "");
            open(state, add(Kind::Group), &t.add_group, f);
        }
        Section::Grids => {
            let f = grid_fields(state, None, "", None, "0", "0");
            open(state, add(Kind::Grid), &t.add_grid, f);
        }
        Section::Cadres => {
            let f = cadre_fields(state, "", "", "", Role::Cadre);
            open(state, add(Kind::Cadre), &t.add_cadre, f);
        }
        Section::Categories => {
            let f = vec![Field::text("name", &t.f_name, ""), Field::text("sort", &t.f_sort, "50")];
            open(state, add(Kind::Category), &t.add_category, f);
        }
        Section::Users => {
            let f = vec![
                Field::text("login", &t.f_login, ""),
                Field::text("display", &t.f_display, ""),
                Field::choice("role", &t.f_role, role_choices(state, &USER_ROLES), Role::Clerk.code()),
                Field::choice("cadre", &t.f_cadre_link, cadres(state), ""),
                Field::secret("password", &t.f_password),
                Field::secret("again", &t.f_again),
            ];
            open(state, SetupForm::AddUser, &t.add_user, f);
        }
        _ => {}
    }
}

fn village_fields(state: &State, name: &str, kind: VillageKind) -> Vec<Field> {
    let t = &texts(state.lang).setup.ui;
    vec![
        Field::text("name", &t.f_name, name),
        Field::choice("kind", &t.f_kind, village_kinds(state), kind.code()),
    ]
}

fn group_fields(state: &State, village: Option<i64>, number: &str, name: &str) -> Vec<Field> {
    let t = &texts(state.lang).setup.ui;
    let v = village.map(|v| v.to_string()).unwrap_or_default();
    vec![
        Field::choice("village", &t.f_village, villages(state), &v),
        Field::text("number", &t.f_number, number),
        Field::text("name", &t.f_group_name, name),
    ]
}

fn grid_fields(
    state: &State,
    village: Option<i64>,
    name: &str,
    cadre: Option<i64>,
    row: &str,
    col: &str,
) -> Vec<Field> {
    let t = &texts(state.lang).setup.ui;
    let v = village.map(|v| v.to_string()).unwrap_or_default();
    let c = cadre.map(|c| c.to_string()).unwrap_or_default();
    vec![
        Field::choice("village", &t.f_village, villages(state), &v),
        Field::text("name", &t.f_name, name),
        Field::choice("cadre", &t.f_cadre, cadres(state), &c),
        Field::text("row", &t.f_row, row),
        Field::text("col", &t.f_col, col),
    ]
}

fn cadre_fields(state: &State, name: &str, title: &str, phone: &str, role: Role) -> Vec<Field> {
    let t = &texts(state.lang).setup.ui;
    vec![
        Field::text("name", &t.f_name, name),
        Field::text("title", &t.f_title, title),
        Field::text("phone", &t.f_phone, phone),
        Field::choice("role", &t.f_cadre_role, role_choices(state, &CADRE_ROLES), role.code()),
    ]
}

/// The edit form of the selected row (or of the township).
pub fn open_edit(state: &mut State) {
    let t = &texts(state.lang).setup.ui;
    let i = selected(state);
    let Some(data) = state.data.clone() else {
        return;
    };
    let d = &data.setup;
    let edit = |kind, id, version| SetupForm::Place {
        kind,
        target: Some((id, version)),
    };
    match state.setup.section {
        Section::Township => {
            let tw = &d.township;
            let name = if tw.name == settings::UNNAMED_TOWNSHIP {
                ""
            } else {
                &tw.name
            };
            let f = vec![
                Field::text("name", &t.f_township, name),
                Field::text("code", &t.f_code, &tw.code),
                Field::text("address", &t.f_address, &tw.address),
            ];
            open(state, SetupForm::Township { before: tw.clone() }, &t.edit_township, f);
        }
        Section::Settings => match setting_rows(state).get(i) {
            Some(SettingRow::Number(key)) => {
                let value = d.numbers.iter().find(|(k, _)| k == key).map_or(0, |(_, v)| *v);
                let name = label(&t_settings(state), key).to_string();
                let f = vec![Field::text("value", &name, &value.to_string())];
                open(state, SetupForm::Number { key }, &name, f);
            }
            Some(SettingRow::Sla(kind)) => {
                let days = d.sla.iter().find(|(k, _)| k == kind).map_or(0, |(_, v)| *v);
                let name = sla_label(state, kind);
                let f = vec![Field::text("value", &t.f_days, &days.to_string())];
                open(state, SetupForm::Sla { kind: kind.clone() }, &name, f);
            }
            _ => {}
        },
        Section::Villages => {
            if let Some(r) = d.villages.get(i) {
                let f = village_fields(state, &r.name, r.kind);
                open(state, edit(Kind::Village, r.id, r.version), &t.edit_village, f);
            }
        }
        Section::Groups => {
            if let Some(r) = d.groups.get(i) {
                let f = group_fields(state, Some(r.village_id), &r.number.to_string(), &r.name);
                open(state, edit(Kind::Group, r.id, r.version), &t.edit_group, f);
            }
        }
        Section::Grids => {
            if let Some(r) = d.grids.get(i) {
                let f = grid_fields(
                    state,
                    Some(r.village_id),
                    &r.name,
                    r.cadre_id,
                    &r.map_row.to_string(),
                    &r.map_col.to_string(),
                );
                open(state, edit(Kind::Grid, r.id, r.version), &t.edit_grid, f);
            }
        }
        Section::Cadres => {
            if let Some(r) = d.cadres.get(i) {
                let f = cadre_fields(state, &r.name, &r.title, r.phone.as_deref().unwrap_or(""), r.role);
                open(state, edit(Kind::Cadre, r.id, r.version), &t.edit_cadre, f);
            }
        }
        Section::Categories => {
            if let Some(r) = d.categories.get(i) {
                let f = vec![
                    Field::text("name", &t.f_name, &r.name),
                    Field::text("sort", &t.f_sort, &r.sort.to_string()),
                ];
                open(state, edit(Kind::Category, r.id, r.version), &t.edit_category, f);
            }
        }
        Section::Users => {
            if let Accounts::Loaded(rows) = &state.setup.accounts
                && let Some(a) = rows.get(i).cloned()
            {
                let c = a.cadre_id.map(|c| c.to_string()).unwrap_or_default();
                let f = vec![
                    Field::text("display", &t.f_display, &a.display_name),
                    Field::choice("role", &t.f_role, role_choices(state, &USER_ROLES), a.role.code()),
                    Field::choice("cadre", &t.f_cadre_link, cadres(state), &c),
                ];
                let title = fill(&t.edit_user, &[("login", &a.login)]);
                open(
                    state,
                    SetupForm::EditUser {
                        login: a.login,
                        version: a.version,
                    },
                    &title,
                    f,
                );
            }
        }
        Section::Start | Section::Import => {}
    }
}

fn t_settings(state: &State) -> std::collections::HashMap<String, String> {
    texts(state.lang).setup.settings.clone()
}

/// A deadline rule's name: the request kind, or "urgent".
pub fn sla_label(state: &State, kind: &str) -> String {
    let t = texts(state.lang);
    let name = if kind == "urgent" {
        label(&t.priority, "urgent")
    } else {
        label(&t.kind, kind)
    };
    fill(&t.setup.ui.sla_row, &[("kind", &name)])
}

/// The password reset form of the selected account.
pub fn open_password(state: &mut State) {
    let t = &texts(state.lang).setup.ui;
    if let Accounts::Loaded(rows) = &state.setup.accounts
        && let Some(a) = rows.get(selected(state))
    {
        let title = fill(&t.reset_password, &[("login", &a.login)]);
        let login = a.login.clone();
        let f = vec![
            Field::secret("password", &t.f_password),
            Field::secret("again", &t.f_again),
        ];
        open(state, SetupForm::Password { login }, &title, f);
    }
}

/// Checks the open set-up form into its save effect; the fields that are
/// wrong say why (the caret on the first) and everything typed stays.
pub fn submit(state: &mut State) -> Vec<Effect> {
    let check = Check::new(state.lang, state.today);
    let Some(form) = state.form.as_mut() else {
        return vec![];
    };
    let Some(input) = SetupInput::read(form) else {
        return vec![];
    };
    match form.accept(input.parse(check)) {
        Some(op) => vec![Effect::Setup(Box::new(SetupEffect::Save(op)))],
        None => vec![],
    }
}
