//! The forms clerks fill in: how each is laid out, and how its input is
//! validated into a save operation. Validation is pure (domain rules); the
//! save itself is an effect.

use crate::app::effect::Effect;
use crate::app::form::{Field, Form, FormKind};
use crate::app::state::State;
use crate::app::validate::{Check, FieldErrors};
use crate::domain::relations::{self, Facts};
use crate::domain::request::{Channel, Difficulty, Level, Priority, RequestKind, Scope};
use crate::model::register::NewPerson;
use crate::model::requests::NewRequest;
use crate::text::i18n::{self, Texts, label, texts};

/// Where a person stands, as stored (`persons.status`).
pub const PERSON_STATUSES: [&str; 5] = ["在家", "外出务工", "在校", "去世", "其他"];
/// Relation to the head of household, as stored (`persons.relation`).
pub const RELATIONS: [&str; 12] = [
    "户主",
    "配偶",
    "子",
    "女",
    "父亲",
    "母亲",
    "儿媳",
    "女婿",
    "孙子",
    "孙女",
    "兄弟姐妹",
    "其他",
];
pub const CHANNELS: [&str; 6] = ["hotline", "visit", "wechat_group", "online", "walk_in", "letter"];
pub const KINDS: [&str; 4] = ["help", "consultation", "complaint", "suggestion"];
pub const SCOPES: [&str; 2] = ["individual", "collective"];
pub const DIFFICULTIES: [&str; 3] = ["easy", "medium", "hard"];
pub const PRIORITIES: [&str; 2] = ["normal", "urgent"];
pub const LEVELS: [&str; 3] = ["township", "county", "city"];

/// A validated form, ready for the store.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveOp {
    EditMember {
        person_id: i64,
        version: i64,
        phone: Option<String>,
        /// The phone was shown masked and left alone: the stored number
        /// stays (`phone` is then ignored).
        keep_phone: bool,
        status: String,
    },
    AddMember {
        household_id: i64,
        household_version: i64,
        person: NewPerson,
    },
    NewRequest(NewRequest),
    Agenda(crate::panes::agenda::forms::AgendaOp),
    /// A form of the grid map or assessment pane.
    Assess(crate::panes::assessment::forms::AssessOp),
}

fn options(codes: &[&str], table: &std::collections::HashMap<String, String>) -> Vec<(String, String)> {
    codes
        .iter()
        .map(|c| (c.to_string(), label(table, c).to_string()))
        .collect()
}

/// Stored Chinese words as choices, shown through `labels` (English).
fn worded(values: &[&str], labels: &std::collections::HashMap<String, String>) -> Vec<(String, String)> {
    values
        .iter()
        .map(|v| (v.to_string(), label(labels, v).to_string()))
        .collect()
}

fn yes_no(t: &Texts) -> Vec<(String, String)> {
    vec![("no".into(), t.form.no.clone()), ("yes".into(), t.form.yes.clone())]
}

/// Who is calling: a household (its id and address) and, when known, the
/// member (id and name).
pub struct Caller {
    pub household_id: i64,
    pub address: String,
    pub person: Option<(i64, String)>,
}

/// The request form; without a caller from the register the caller is
/// someone from outside (name and phone asked for).
pub fn new_request(state: &State, caller: Option<Caller>) -> Form {
    let t = texts(state.lang);
    let f = &t.form;
    let categories: Vec<(String, String)> = state
        .data
        .as_ref()
        .map(|d| {
            d.categories
                .iter()
                .map(|(id, name)| (id.to_string(), label(&t.category, name).to_string()))
                .collect()
        })
        .unwrap_or_default();
    let mut fields = Vec::new();
    let (kind, title) = match caller {
        Some(Caller {
            household_id,
            address,
            person,
        }) => {
            let who = person.as_ref().map(|(_, n)| n.as_str()).unwrap_or("");
            (
                FormKind::NewRequest {
                    household_id: Some(household_id),
                    person_id: person.as_ref().map(|(id, _)| *id),
                },
                format!("{} - {} {}", f.new_request, who, address),
            )
        }
        None => {
            fields.push(Field::text("caller_name", &f.caller_name, ""));
            fields.push(Field::text("caller_phone", &f.caller_phone, ""));
            let fo = &t.forms;
            let unknown = || vec![(String::new(), fo.unknown_place.clone())];
            let mut villages = unknown();
            let mut grids = unknown();
            if let Some(d) = state.data.as_ref() {
                villages.extend(d.villages.iter().map(|(id, n)| (id.to_string(), n.clone())));
                grids.extend(
                    d.grids
                        .iter()
                        .map(|g| (g.id.to_string(), format!("{} {}", g.village, g.name))),
                );
            }
            fields.push(Field::choice("caller_village", &fo.caller_village, villages, ""));
            fields.push(Field::choice("caller_grid", &fo.caller_grid, grids, ""));
            (
                FormKind::NewRequest {
                    household_id: None,
                    person_id: None,
                },
                f.new_request.clone(),
            )
        }
    };
    fields.extend([
        Field::choice("channel", &f.channel, options(&CHANNELS, &t.channel), "hotline"),
        Field::choice("category", &f.category, categories, ""),
        Field::choice("kind", &f.kind, options(&KINDS, &t.kind), "help"),
        Field::text("title", &f.title, ""),
        Field::multiline("content", &f.content, ""),
        Field::choice("scope", &f.scope, options(&SCOPES, &t.scope), "individual"),
        Field::choice(
            "difficulty",
            &f.difficulty,
            options(&DIFFICULTIES, &t.difficulty),
            "medium",
        ),
        Field::choice("priority", &f.priority, options(&PRIORITIES, &t.priority), "normal"),
        Field::choice("level", &f.level, options(&LEVELS, &t.level), "township"),
        Field::choice("on_spot", &f.on_spot, yes_no(t), "no"),
        Field::text("resolution", &f.resolution, ""),
    ]);
    let mut form = Form::new(kind, &title, fields);
    // The clerk on the phone starts with the title.
    form.focus = form.fields.iter().position(|f| f.key == "title").unwrap_or(0);
    if matches!(form.kind, FormKind::NewRequest { household_id: None, .. }) {
        form.focus = 0;
    }
    form
}

/// The member's phone as the edit form shows it: masked like on the card
/// unless the card was revealed (README "Accounts and roles").
fn phone_shown(state: &State, phone: &str) -> String {
    if state.card.as_ref().is_some_and(|c| c.revealed) {
        phone.to_string()
    } else {
        crate::domain::ids::mask_phone(phone)
    }
}

/// A member's stored phone and the text the edit form showed for it
/// (masked unless the card was revealed).
fn phone_as_shown(state: &State, person_id: i64) -> Option<(String, String)> {
    let stored = state
        .card
        .as_ref()?
        .card
        .members
        .iter()
        .find(|m| m.id == person_id)?
        .phone
        .clone()?;
    let shown = phone_shown(state, &stored);
    Some((stored, shown))
}

pub fn edit_member(state: &State, m: &crate::model::register::Member) -> Form {
    let t = texts(state.lang);
    let f = &t.form;
    let phone = m.phone.as_deref().map(|p| phone_shown(state, p)).unwrap_or_default();
    Form::new(
        FormKind::EditMember {
            person_id: m.id,
            version: m.version,
        },
        &format!("{} - {}", f.edit_member, m.name),
        vec![
            Field::text("phone", &f.phone, &phone),
            Field::choice(
                "status",
                &f.status,
                worded(&PERSON_STATUSES, &t.person_status),
                &m.status,
            ),
        ],
    )
}

pub fn add_member(state: &State, household_id: i64, household_version: i64) -> Form {
    let t = texts(state.lang);
    let f = &t.form;
    Form::new(
        FormKind::AddMember {
            household_id,
            household_version,
        },
        &f.add_member,
        vec![
            Field::text("name", &f.name, ""),
            Field::text("resident_id", &f.resident_id, ""),
            Field::choice("relation", &f.relation, worded(&RELATIONS, &t.relation), "子"),
            Field::text("phone", &f.phone, ""),
            Field::choice("status", &f.status, worded(&PERSON_STATUSES, &t.person_status), "在家"),
        ],
    )
}

/// The new-request form's input, read once from its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequestForm {
    pub household_id: Option<i64>,
    pub person_id: Option<i64>,
    /// Asked only of a caller from outside the register.
    pub caller: Option<OutsideCaller>,
    pub channel: String,
    pub category: String,
    pub kind: String,
    pub title: String,
    pub content: String,
    pub scope: String,
    pub difficulty: String,
    pub priority: String,
    pub level: String,
    pub on_spot: bool,
    pub resolution: String,
}

/// Who rang from outside the register and where they live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutsideCaller {
    pub name: String,
    pub phone: String,
    /// A village id, or empty for "outside / unknown".
    pub village: String,
    /// A grid id, or empty.
    pub grid: String,
}

/// Which village a grid lies in, for checking an outside caller's answers:
/// (grid id, village id).
pub type GridVillages = Vec<(i64, Option<i64>)>;

impl NewRequestForm {
    pub fn read(form: &Form) -> Option<NewRequestForm> {
        let FormKind::NewRequest {
            household_id,
            person_id,
        } = form.kind
        else {
            return None;
        };
        Some(NewRequestForm {
            household_id,
            person_id,
            caller: household_id.is_none().then(|| OutsideCaller {
                name: form.value("caller_name"),
                phone: form.value("caller_phone"),
                village: form.value("caller_village"),
                grid: form.value("caller_grid"),
            }),
            channel: form.value("channel"),
            category: form.value("category"),
            kind: form.value("kind"),
            title: form.value("title"),
            content: form.value("content"),
            scope: form.value("scope"),
            difficulty: form.value("difficulty"),
            priority: form.value("priority"),
            level: form.value("level"),
            on_spot: form.value("on_spot") == "yes",
            resolution: form.value("resolution"),
        })
    }

    /// Choice fields only offer valid codes, so the code fallbacks are
    /// unreachable in practice; they keep a hand-edited option list from
    /// panicking.
    pub fn validate(&self, mut check: Check, grids: &GridVillages) -> Result<NewRequest, FieldErrors> {
        let (mut caller_name, mut caller_phone, mut village, mut grid) = (None, None, None, None);
        if let Some(c) = &self.caller {
            caller_name = Some(check.required("caller_name", &c.name));
            caller_phone = check.contact_phone("caller_phone", &c.phone);
            village = c.village.parse::<i64>().ok();
            grid = c.grid.parse::<i64>().ok();
            let grid_village = grid
                .and_then(|g| grids.iter().find(|(id, _)| *id == g))
                .and_then(|(_, v)| *v);
            match (village, grid_village) {
                (Some(v), Some(gv)) if v != gv => {
                    check.fail("caller_grid", texts(check.lang).forms.grid_not_in_village.clone())
                }
                (None, Some(gv)) => village = Some(gv),
                _ => {}
            }
        }
        let title = check.required("title", &self.title);
        if self.on_spot {
            check.required("resolution", &self.resolution);
        }
        check.finish(|| NewRequest {
            received_at: None,
            household_id: self.household_id,
            person_id: self.person_id,
            caller_name,
            caller_phone,
            caller_village_id: village,
            caller_grid_id: grid,
            channel: Channel::parse(&self.channel).unwrap_or(Channel::Hotline),
            category_id: self.category.parse().ok(),
            kind: RequestKind::parse(&self.kind).unwrap_or(RequestKind::Help),
            title,
            content: self.content.clone(),
            scope: Scope::parse(&self.scope).unwrap_or(Scope::Individual),
            difficulty: Difficulty::parse(&self.difficulty).unwrap_or(Difficulty::Medium),
            priority: Priority::parse(&self.priority).unwrap_or(Priority::Normal),
            level: Level::parse(&self.level).unwrap_or(Level::Township),
            solved_on_spot: self.on_spot.then(|| self.resolution.clone()),
        })
    }
}

/// The edit-member form's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditMemberForm {
    pub person_id: i64,
    pub version: i64,
    pub phone: String,
    /// The phone field still shows the masked stored number: keep it.
    pub phone_kept: bool,
    pub status: String,
}

impl EditMemberForm {
    pub fn read(form: &Form) -> Option<EditMemberForm> {
        let FormKind::EditMember { person_id, version } = form.kind else {
            return None;
        };
        Some(EditMemberForm {
            person_id,
            version,
            phone: form.value("phone"),
            phone_kept: form.fields.iter().any(|f| f.key == "phone" && f.kept()),
            status: form.value("status"),
        })
    }

    pub fn validate(&self, mut check: Check) -> Result<SaveOp, FieldErrors> {
        let phone = if self.phone_kept {
            None
        } else {
            check.mobile("phone", &self.phone)
        };
        check.finish(|| SaveOp::EditMember {
            person_id: self.person_id,
            version: self.version,
            phone,
            keep_phone: self.phone_kept,
            status: self.status.clone(),
        })
    }
}

/// The add-member form's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddMemberForm {
    pub household_id: i64,
    pub household_version: i64,
    pub name: String,
    pub resident_id: String,
    pub relation: String,
    pub phone: String,
    pub status: String,
    /// The relation warning shown at the last save; saving again while the
    /// same warning holds confirms it (README "Register rules").
    pub warned: Option<String>,
}

impl AddMemberForm {
    pub fn read(form: &Form) -> Option<AddMemberForm> {
        let FormKind::AddMember {
            household_id,
            household_version,
        } = form.kind
        else {
            return None;
        };
        Some(AddMemberForm {
            household_id,
            household_version,
            name: form.value("name"),
            resident_id: form.value("resident_id"),
            relation: form.value("relation"),
            phone: form.value("phone"),
            status: form.value("status"),
            warned: form.warned.clone(),
        })
    }

    /// `head`: the household head, for the relation check. A relation
    /// warning not yet shown comes back as the whole-form message.
    pub fn validate(&self, mut check: Check, head: Facts) -> Result<SaveOp, FieldErrors> {
        let (lang, today) = (check.lang, check.today);
        let name = check.required("name", &self.name);
        let id = check.resident_id("resident_id", &self.resident_id);
        let phone = check.mobile("phone", &self.phone);
        if check.errors.is_empty() {
            let member = Facts {
                gender: id.as_ref().map(|i| i.gender()),
                birth: id.as_ref().map(|i| i.birth_date()),
            };
            let warnings = relations::check(&self.relation, member, head, today);
            if !warnings.is_empty() {
                let c = &texts(lang).checks;
                let list: Vec<String> = warnings.iter().map(|w| i18n::relation_warning(lang, w)).collect();
                let text = i18n::fill(&c.rel_confirm, &[("warnings", &list.join(&c.list_sep))]);
                if self.warned.as_ref() != Some(&text) {
                    return Err(FieldErrors::whole(text));
                }
            }
        }
        check.finish(|| SaveOp::AddMember {
            household_id: self.household_id,
            household_version: self.household_version,
            person: NewPerson {
                name,
                resident_id: id.as_ref().map(|i| i.as_str().to_string()),
                gender: id.as_ref().map(|i| i.gender().code().to_string()),
                birth_date: id.as_ref().map(|i| i.birth_date().format("%Y-%m-%d").to_string()),
                relation: self.relation.clone(),
                phone,
                status: self.status.clone(),
            },
        })
    }
}

/// Which village each grid lies in (by the village's name in the snapshot).
pub fn grid_villages(state: &State) -> GridVillages {
    let Some(d) = state.data.as_ref() else {
        return Vec::new();
    };
    d.grids
        .iter()
        .map(|g| {
            (
                g.id,
                d.villages.iter().find(|(_, n)| *n == g.village).map(|(id, _)| *id),
            )
        })
        .collect()
}

/// Validates the open member or new-request form; on success returns the
/// save effect, otherwise marks the fields and returns nothing (the input
/// stays as typed).
pub fn submit(state: &mut State) -> Vec<Effect> {
    let check = Check::new(state.lang, state.today);
    let shown_phone = match state.form.as_ref().map(|f| &f.kind) {
        Some(FormKind::EditMember { person_id, .. }) => phone_as_shown(state, *person_id),
        _ => None,
    };
    // The head of the card's household, for the relation check.
    let head = state
        .card
        .as_ref()
        .and_then(|c| c.card.members.iter().find(|m| m.relation == "户主"))
        .map(|m| Facts::from_stored(m.gender.as_deref(), m.birth_date.as_deref()))
        .unwrap_or_default();
    let grids = grid_villages(state);
    let Some(form) = state.form.as_mut() else {
        return vec![];
    };
    let result = if let Some(f) = NewRequestForm::read(form) {
        f.validate(check, &grids).map(SaveOp::NewRequest)
    } else if let Some(mut f) = EditMemberForm::read(form) {
        if let Some((stored, shown)) = shown_phone
            && f.phone == shown
        {
            // The masked text was left as shown: the stored number stays.
            f.phone = stored;
        }
        f.validate(check)
    } else if let Some(f) = AddMemberForm::read(form) {
        let result = f.validate(check, head);
        if let Err(e) = &result
            && e.fields.is_empty()
        {
            form.warned = e.form.clone();
        }
        result
    } else {
        // Other panes' forms are submitted by those panes.
        return vec![];
    };
    match form.accept(result) {
        Some(op) => vec![Effect::Save(Box::new(op))],
        None => vec![],
    }
}
