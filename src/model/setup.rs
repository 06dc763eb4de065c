//! What the set-up pane shows: the township, the working settings, the
//! places, cadres, categories and accounts, and the first-run checklist
//! (README "Setting up an office"). Each editable row carries its version.

/// 村 (village) or 社区 (community); the code is stored in `villages.kind`
/// and read into this at the store's edge (`store::codes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter, strum::EnumString, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum VillageKind {
    Village,
    Community,
}

impl VillageKind {
    /// The code stored in the database (and the form's choice value).
    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn parse(code: &str) -> Option<VillageKind> {
        code.parse().ok()
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SetupData {
    pub township: Township,
    /// (key, value) of the numeric settings, in `NUMBER_SETTINGS` order.
    pub numbers: Vec<(&'static str, u32)>,
    /// (kind code, working days) of the deadline rules.
    pub sla: Vec<(String, u32)>,
    /// Years the holiday calendar covers.
    pub calendar_years: Vec<i32>,
    pub villages: Vec<VillageRow>,
    pub groups: Vec<GroupRow>,
    pub grids: Vec<SetupGridRow>,
    pub cadres: Vec<SetupCadreRow>,
    pub categories: Vec<CategoryRow>,
    pub households: i64,
    /// Accounts other than administrators (the checklist's last step).
    pub other_users: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Township {
    pub name: String,
    pub code: String,
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VillageRow {
    pub id: i64,
    pub name: String,
    pub kind: VillageKind,
    pub active: bool,
    pub version: i64,
    pub groups: i64,
    pub grids: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRow {
    pub id: i64,
    pub village_id: i64,
    pub village: String,
    pub number: i64,
    pub name: String,
    pub active: bool,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupGridRow {
    pub id: i64,
    pub village_id: i64,
    pub village: String,
    pub name: String,
    pub cadre_id: Option<i64>,
    pub cadre: Option<String>,
    pub map_row: i64,
    pub map_col: i64,
    pub active: bool,
    pub version: i64,
    pub households: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupCadreRow {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub phone: Option<String>,
    /// Leader, cadre or clerk.
    pub role: crate::domain::request::Role,
    pub active: bool,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryRow {
    pub id: i64,
    pub name: String,
    pub sort: i64,
    pub active: bool,
    pub version: i64,
}

/// An account as the set-up pane lists it (administrators only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    pub login: String,
    pub display_name: String,
    pub role: crate::domain::request::Role,
    pub cadre_id: Option<i64>,
    pub cadre: Option<String>,
    pub disabled: bool,
    pub locked_until: Option<String>,
    pub version: i64,
}

/// The first-run checklist's five steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter)]
pub enum Step {
    Township,
    Places,
    Cadres,
    Register,
    Users,
}

impl SetupData {
    /// Whether a step of the first-run checklist is done.
    pub fn done(&self, step: Step) -> bool {
        match step {
            Step::Township => {
                let n = self.township.name.trim();
                !n.is_empty() && n != crate::domain::settings::UNNAMED_TOWNSHIP
            }
            Step::Places => self.villages.iter().any(|v| v.active) && self.grids.iter().any(|g| g.active),
            Step::Cadres => self.cadres.iter().any(|c| c.active),
            Step::Register => self.households > 0,
            Step::Users => self.other_users > 0,
        }
    }

    /// A database nobody has set up: no places and no register yet.
    pub fn is_empty_office(&self) -> bool {
        self.villages.is_empty() && self.households == 0
    }
}

/// The things the set-up pane adds, edits and deactivates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Village,
    Group,
    Grid,
    Cadre,
    Category,
}

impl Kind {
    /// The audit object prefix ("village:3").
    pub fn object(self, id: i64) -> String {
        let name = match self {
            Kind::Village => "village",
            Kind::Group => "group",
            Kind::Grid => "grid",
            Kind::Cadre => "cadre",
            Kind::Category => "category",
        };
        format!("{name}:{id}")
    }
}

/// An account as the set-up pane edits it: name, role and cadre link,
/// with the version it had when the form opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserEdit {
    pub display_name: String,
    pub role: crate::domain::request::Role,
    pub cadre_id: Option<i64>,
    pub version: i64,
}

/// A village or community as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VillageInput {
    pub name: String,
    pub kind: VillageKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupInput {
    pub village_id: i64,
    pub number: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridInput {
    pub village_id: i64,
    pub name: String,
    pub cadre_id: Option<i64>,
    pub map_row: i64,
    pub map_col: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CadreInput {
    pub name: String,
    pub title: String,
    /// Already checked by the form (mobile or landline), as stored.
    pub phone: Option<String>,
    /// Leader, cadre or clerk (the store refuses an administrator).
    pub role: crate::domain::request::Role,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryInput {
    pub name: String,
    pub sort: i64,
}

#[cfg(test)]
mod tests {
    use super::VillageKind;
    use strum::IntoEnumIterator;

    #[test]
    fn village_kind_codes_round_trip_as_stored() {
        for k in VillageKind::iter() {
            assert_eq!(VillageKind::parse(k.code()), Some(k));
        }
        assert_eq!(VillageKind::Community.code(), "community");
        assert_eq!(VillageKind::Village.code(), "village");
        assert_eq!(VillageKind::parse("town"), None);
    }
}
