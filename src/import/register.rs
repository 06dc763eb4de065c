//! Validating a register sheet row by row and turning it into a write plan
//! (README "Importing the register"): the problems a row can have, the
//! parsers of its cells and the outcome; the check itself is
//! `super::plan::Validator`. Nothing here writes.

use super::columns::Table;
use super::plan::Validator;
use super::texts::{ImportText, t};
use crate::domain::ids::{IdError, Phone};
use crate::store::import::{ExistingHousehold, ExistingPerson, Places, RegisterPlan, load_places, load_register};
use crate::text::i18n::{Lang, fill, id_error};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// What is wrong with one row. Warnings do not stop the import.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    NameMissing,
    IdMissing,
    IdBad(String, IdError),
    DuplicateInFile { first_row: usize },
    AlreadyInDatabase { name: String },
    Phone(String),
    Heads(usize),
    NoVillage,
    BadGroup(String),
    UnknownVillage(String),
    UnknownGroup { village: String, group: i64 },
    UnknownGrid { village: String, grid: String },
    // Warnings:
    GenderDiffers,
    BirthDiffers,
    Relation(String),
}

impl Problem {
    pub fn is_warning(&self) -> bool {
        matches!(
            self,
            Problem::GenderDiffers | Problem::BirthDiffers | Problem::Relation(_)
        )
    }

    pub fn render(&self, lang: Lang) -> String {
        let m = t(lang);
        let text = match self {
            Problem::NameMissing => m.name_missing.clone(),
            Problem::IdMissing => m.id_missing.clone(),
            Problem::IdBad(id, e) => fill(&m.id_bad, &[("id", id), ("why", &id_error(lang, e))]),
            Problem::DuplicateInFile { first_row } => fill(&m.duplicate_in_file, &[("row", first_row)]),
            Problem::AlreadyInDatabase { name } => fill(&m.already_in_database, &[("name", name)]),
            Problem::Phone(p) => fill(&m.bad_phone, &[("phone", p)]),
            Problem::Heads(n) => fill(&m.heads, &[("n", n)]),
            Problem::NoVillage => m.no_village.clone(),
            Problem::BadGroup(g) => fill(&m.bad_group, &[("group", g)]),
            Problem::UnknownVillage(v) => fill(&m.unknown_village, &[("village", v)]),
            Problem::UnknownGroup { village, group } => {
                fill(&m.unknown_group, &[("village", village), ("group", group)])
            }
            Problem::UnknownGrid { village, grid } => fill(&m.unknown_grid, &[("village", village), ("grid", grid)]),
            Problem::GenderDiffers => m.gender_differs.clone(),
            Problem::BirthDiffers => m.birth_differs.clone(),
            Problem::Relation(r) => fill(&m.relation_odd, &[("relation", r)]),
        };
        if self.is_warning() {
            format!("{}{text}", m.warning_prefix)
        } else {
            text
        }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub update: bool,
    pub create_places: bool,
    pub today: NaiveDate,
    pub source: String,
}

/// A person in the database that the sheet no longer lists (update mode).
#[derive(Debug, Clone, PartialEq)]
pub struct Missing {
    pub name: String,
    pub resident_id: Option<String>,
    pub village: String,
}

impl Missing {
    /// The resident ID as the screen and the check report show it.
    pub fn masked_id(&self) -> String {
        self.resident_id
            .as_deref()
            .map(crate::domain::ids::mask_resident_id)
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub plan: RegisterPlan,
    /// (index into `Table::rows`, problem), in row order.
    pub issues: Vec<(usize, Problem)>,
    pub unchanged: usize,
    pub moved: usize,
    pub missing: Vec<Missing>,
    /// Places the sheet names that do not exist, as "村", "村 3组", "村/网格".
    pub unknown_places: Vec<String>,
}

impl Outcome {
    pub fn errors(&self) -> usize {
        self.issues
            .iter()
            .filter(|(_, p)| !p.is_warning())
            .map(|(r, _)| r)
            .collect::<HashSet<_>>()
            .len()
    }

    pub fn warnings(&self) -> usize {
        self.issues.iter().filter(|(_, p)| p.is_warning()).count()
    }

    pub fn new_persons(&self) -> usize {
        self.plan.persons.iter().filter(|p| p.existing.is_none()).count()
    }

    /// New households with a member the import would write: one whose
    /// every row has an error is not counted (it was counted with none).
    pub fn new_households(&self) -> usize {
        let with_members: HashSet<usize> = self.plan.persons.iter().map(|p| p.household).collect();
        self.plan
            .households
            .iter()
            .enumerate()
            .filter(|(i, h)| h.existing.is_none() && with_members.contains(i))
            .count()
    }

    pub fn updated_persons(&self) -> usize {
        self.plan
            .persons
            .iter()
            .filter(|p| p.existing.is_some() && !p.changes.is_empty())
            .count()
    }
}

/// The database as the validation sees it.
pub struct Existing<'a> {
    pub places: &'a Places,
    pub persons: &'a [ExistingPerson],
    pub households: &'a HashMap<i64, ExistingHousehold>,
}

/// The places and register an import checks against, read once; the
/// in-order check and the overlapped import both start from it.
pub struct Loaded {
    places: Places,
    persons: Vec<ExistingPerson>,
    households: HashMap<i64, ExistingHousehold>,
}

impl Loaded {
    pub fn load(conn: &rusqlite::Connection) -> crate::store::Result<Loaded> {
        let places = load_places(conn)?;
        let (persons, households) = load_register(conn)?;
        Ok(Loaded {
            places,
            persons,
            households,
        })
    }

    pub fn view(&self) -> Existing<'_> {
        Existing {
            places: &self.places,
            persons: &self.persons,
            households: &self.households,
        }
    }
}

/// Full-width digits and X, and spaces inside, as typed with a Chinese
/// input method; the rest is left for [`ResidentId::parse`] to judge.
pub fn normalise_id_text(s: &str) -> String {
    crate::domain::ids::normalize_width(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == 'x' { 'X' } else { c })
        .collect()
}

/// A mobile number (11 digits) or a landline (7–8 digits, optionally with
/// a 0-led area code and an extension-free dash), as stored.
pub fn parse_phone(s: &str) -> Option<String> {
    let s = normalise_id_text(s);
    if let Ok(p) = Phone::parse(&s) {
        return Some(p.as_str().to_string());
    }
    let cleaned: String = s.chars().filter(|c| !matches!(c, '(' | ')' | '（' | '）')).collect();
    let digits: String = cleaned.chars().filter(|c| *c != '-').collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || cleaned.matches('-').count() > 1 {
        return None;
    }
    let local_ok = |n: usize| (7..=8).contains(&n);
    let ok = if let Some((area, local)) = cleaned.split_once('-') {
        area.starts_with('0') && (3..=4).contains(&area.len()) && local_ok(local.len())
    } else if digits.starts_with('0') {
        (10..=12).contains(&digits.len())
    } else {
        local_ok(digits.len())
    };
    ok.then_some(cleaned)
}

/// "3", "3组", "第3组", "三组", "第十二村民小组" → the group number.
pub fn parse_group(s: &str) -> Option<i64> {
    let core = s.trim().trim_start_matches('第');
    let core = ["村民小组", "小组", "组"]
        .iter()
        .find_map(|suffix| core.strip_suffix(suffix))
        .unwrap_or(core);
    let core = normalise_id_text(core);
    if let Ok(n) = core.parse::<i64>() {
        return (1..1000).contains(&n).then_some(n);
    }
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c).map(|p| p as i64);
    let chars: Vec<char> = core.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d).filter(|&n| n > 0),
        ['十', d] => digit(*d).map(|n| 10 + n),
        [t, '十'] => digit(*t).map(|n| n * 10),
        [t, '十', d] => Some(digit(*t)? * 10 + digit(*d)?),
        _ => None,
    }
}

/// A date cell in the forms registers use (1980-01-02, 1980/1/2,
/// 19800102, 1980.1.2, 1980年1月2日).
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim().trim_end_matches('日');
    let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        [ymd] if ymd.len() == 8 => NaiveDate::parse_from_str(ymd, "%Y%m%d").ok(),
        [y, m, d] => NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?),
        _ => None,
    }
}

pub(crate) fn truthy(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty() && !matches!(s, "否" | "无" | "0" | "N" | "n" | "no" | "No" | "FALSE" | "false" | "×")
}

/// Checks every row of `table` against itself and `db`, and plans the
/// write. The plan is only to be applied when no error was found.
pub fn validate(table: &Table, db: &Existing, opts: &Options) -> Outcome {
    let mut v = Validator::new(table, db, opts);
    for (i, raw) in table.rows.iter().enumerate() {
        v.row(i, raw);
    }
    v.finish()
}

/// The summary line's numbers in the user's language.
pub fn summary(out: &Outcome, lang: Lang) -> String {
    let m: &ImportText = t(lang);
    fill(
        &m.summary,
        &[
            ("households", &out.new_households()),
            ("persons", &out.new_persons()),
            ("updated", &out.updated_persons()),
            ("unchanged", &out.unchanged),
            ("moved", &out.moved),
            ("warnings", &out.warnings()),
            ("errors", &out.errors()),
        ],
    )
}

#[cfg(test)]
#[path = "register_tests.rs"]
mod tests;
