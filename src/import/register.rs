//! Validating a register sheet row by row and turning it into a write plan
//! (README "Importing the register"). Nothing here writes.

use super::columns::{Field, Table};
use super::texts::{ImportText, t};
use crate::domain::ids::{IdError, Phone, ResidentId};
use crate::store::import::{
    ExistingHousehold, ExistingPerson, HouseholdPlan, PersonPlan, PlaceRef, Places, RegisterPlan,
};
use crate::text::i18n::{Lang, fill, id_error};
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap, HashSet};

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

    pub fn new_households(&self) -> usize {
        self.plan.households.iter().filter(|h| h.existing.is_none()).count()
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
fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim().trim_end_matches('日');
    let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        [ymd] if ymd.len() == 8 => NaiveDate::parse_from_str(ymd, "%Y%m%d").ok(),
        [y, m, d] => NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?),
        _ => None,
    }
}

fn truthy(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty() && !matches!(s, "否" | "无" | "0" | "N" | "n" | "no" | "No" | "FALSE" | "false" | "×")
}

fn status_of(table: &Table, s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let from_away_column = table
        .column(Field::Status)
        .and_then(|i| table.headers.get(i))
        .is_some_and(|h| h.contains("是否外出"));
    Some(
        match s {
            _ if from_away_column => {
                if truthy(s) {
                    "外出务工"
                } else {
                    "在家"
                }
            }
            "外出" | "外出打工" | "外出务工" => "外出务工",
            "死亡" | "已故" | "去世" => "去世",
            other => other,
        }
        .to_string(),
    )
}

/// Tags in the register's canonical order (see the households table).
const TAG_ORDER: [&str; 7] = ["低保", "五保", "独居老人", "留守儿童", "残疾", "党员户", "军属"];

fn sort_tags(tags: &BTreeSet<String>) -> String {
    let mut v: Vec<&String> = tags.iter().collect();
    v.sort_by_key(|t| TAG_ORDER.iter().position(|o| o == t).unwrap_or(TAG_ORDER.len()));
    v.into_iter().map(String::as_str).collect::<Vec<_>>().join(",")
}

/// What groups a sheet's rows into households: the 户号 within its
/// village, else the head's ID, else the head's name within village and group.
#[derive(PartialEq, Eq, Hash)]
enum HouseholdKey<'a> {
    No(&'a str, &'a str),
    HeadId(String),
    HeadName(&'a str, Option<i64>, &'a str),
}

/// `YYYY-MM-DD` from a normalised 18-digit ID (its digits 7-14 are the
/// birth date, checked by [`ResidentId::parse`]); formatting the date
/// instead costs more than the rest of the row.
fn birth_text(id: &ResidentId) -> String {
    let s = id.as_str();
    let mut out = String::with_capacity(10);
    out.push_str(&s[6..10]);
    out.push('-');
    out.push_str(&s[10..12]);
    out.push('-');
    out.push_str(&s[12..14]);
    out
}

/// One row after parsing its cells.
struct Row {
    name: String,
    id: Option<ResidentId>,
    relation: String,
    phone: Option<String>,
    status: Option<String>,
    village: String,
    group: Option<i64>,
    grid: String,
    house_no: String,
    address: String,
    tags: BTreeSet<String>,
    household: usize,
}

/// Checks every row of `table` against itself and `db`, and plans the
/// write. The plan is only to be applied when no error was found.
pub fn validate(table: &Table, db: &Existing, opts: &Options) -> Outcome {
    let mut out = Outcome {
        plan: RegisterPlan {
            source: opts.source.clone(),
            ..RegisterPlan::default()
        },
        ..Outcome::default()
    };
    let by_id: HashMap<&str, &ExistingPerson> = db
        .persons
        .iter()
        .filter_map(|p| p.resident_id.as_deref().map(|id| (id, p)))
        .collect();
    let mut seen_ids: HashMap<String, usize> = HashMap::with_capacity(table.rows.len());
    let mut household_keys: HashMap<HouseholdKey, usize> = HashMap::new();
    let mut current_household: Option<usize> = None;
    let mut households = 0usize;
    let mut rows: Vec<Row> = Vec::with_capacity(table.rows.len());
    let keyed = table.has(Field::HouseholdNo) || table.has(Field::HeadId) || table.has(Field::HeadName);
    let mut to_create: PlacesToCreate = PlacesToCreate::default();

    for (i, raw) in table.rows.iter().enumerate() {
        let get = |f| table.get(raw, f);
        let mut issue = |p: Problem| out.issues.push((i, p));
        let name = get(Field::Name).to_string();
        if name.is_empty() {
            issue(Problem::NameMissing);
        }
        let id_text = normalise_id_text(get(Field::ResidentId));
        let id = if id_text.is_empty() {
            issue(Problem::IdMissing);
            None
        } else {
            match ResidentId::parse(&id_text, opts.today) {
                Ok(id) => Some(id),
                Err(e) => {
                    issue(Problem::IdBad(id_text.clone(), e));
                    None
                }
            }
        };
        if let Some(id) = &id {
            if let Some(&first) = seen_ids.get(id.as_str()) {
                issue(Problem::DuplicateInFile { first_row: first });
            } else {
                seen_ids.insert(id.as_str().to_string(), raw.number);
            }
            if !opts.update
                && let Some(p) = by_id.get(id.as_str())
            {
                issue(Problem::AlreadyInDatabase { name: p.name.clone() });
            }
            let gender = get(Field::Gender);
            let id_gender = if id.gender() == crate::domain::ids::Gender::Male {
                "男"
            } else {
                "女"
            };
            if !gender.is_empty() && gender.trim_end_matches('性') != id_gender {
                issue(Problem::GenderDiffers);
            }
            let birth = get(Field::BirthDate);
            if !birth.is_empty() && parse_date(birth).is_some_and(|d| d != id.birth_date()) {
                issue(Problem::BirthDiffers);
            }
        }
        let phone_text = get(Field::Phone);
        let phone = if phone_text.is_empty() {
            None
        } else {
            let p = parse_phone(phone_text);
            if p.is_none() {
                issue(Problem::Phone(phone_text.to_string()));
            }
            p
        };
        let village = get(Field::Village).to_string();
        if village.is_empty() {
            issue(Problem::NoVillage);
        }
        let group_text = get(Field::Group);
        let group = if group_text.is_empty() {
            None
        } else {
            let g = parse_group(group_text);
            if g.is_none() {
                issue(Problem::BadGroup(group_text.to_string()));
            }
            g
        };
        let id_str = id.as_ref().map_or("", |i| i.as_str());
        let head_id_text = get(Field::HeadId);
        let head_id = if head_id_text.is_empty() {
            String::new()
        } else {
            let text = normalise_id_text(head_id_text);
            ResidentId::parse(&text, opts.today)
                .map(|h| h.as_str().to_string())
                .unwrap_or(text)
        };
        let head_name = get(Field::HeadName);
        let mut relation = get(Field::Relation).to_string();
        if relation == "本人" {
            relation = "户主".into();
        }
        if relation.is_empty() {
            relation =
                if (!head_id.is_empty() && head_id == id_str) || (!head_name.is_empty() && head_name == name) || !keyed
                {
                    "户主".into()
                } else {
                    "其他".into()
                };
        }
        let no = get(Field::HouseholdNo);
        let key = if !no.is_empty() {
            Some(HouseholdKey::No(get(Field::Village), no))
        } else if !head_id.is_empty() {
            Some(HouseholdKey::HeadId(head_id))
        } else if !head_name.is_empty() {
            Some(HouseholdKey::HeadName(get(Field::Village), group, head_name))
        } else {
            None
        };
        let household = match key {
            Some(k) => *household_keys.entry(k).or_insert_with(|| {
                households += 1;
                households - 1
            }),
            // Unkeyed sheets list each household's head first.
            None => match current_household {
                Some(h) if relation != "户主" => h,
                _ => {
                    households += 1;
                    households - 1
                }
            },
        };
        current_household = Some(household);
        let mut tags = BTreeSet::new();
        for (f, col) in &table.columns {
            match f {
                Field::Flag(tag) if raw.cells.get(*col).is_some_and(|c| truthy(c)) => {
                    tags.insert((*tag).to_string());
                }
                Field::Tags => {
                    for t in get(Field::Tags).split([',', '，', '、', ';', '；', ' ']) {
                        if !t.trim().is_empty() {
                            tags.insert(t.trim().to_string());
                        }
                    }
                }
                _ => {}
            }
        }
        let grid = get(Field::Grid).to_string();
        // Places: known, to be created, or refused.
        if !village.is_empty() {
            let vid = db.places.villages.get(&village).copied();
            if vid.is_none() && !to_create.village(&village, opts.create_places, &mut out.unknown_places) {
                issue(Problem::UnknownVillage(village.clone()));
            }
            if let Some(n) = group
                && vid.is_none_or(|v| !db.places.groups.contains_key(&(v, n)))
                && !to_create.group(&village, n, opts.create_places, &mut out.unknown_places)
            {
                issue(Problem::UnknownGroup {
                    village: village.clone(),
                    group: n,
                });
            }
        }
        rows.push(Row {
            name,
            id,
            relation,
            phone,
            status: status_of(table, get(Field::Status)),
            village,
            group,
            grid,
            house_no: get(Field::HouseNo).to_string(),
            address: get(Field::Address).to_string(),
            tags,
            household,
        });
    }

    // Members of each household, in sheet order.
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); households];
    for (i, r) in rows.iter().enumerate() {
        members[r.household].push(i);
    }
    relations(&rows, &members, &mut out.issues);
    plan_households(table, db, opts, &mut rows, &members, &mut to_create, &mut out);
    to_create.into_plan(&mut out.plan);
    out.issues.sort_by_key(|(i, _)| *i);
    if opts.update {
        let in_file: HashSet<&str> = rows.iter().filter_map(|r| r.id.as_ref().map(|i| i.as_str())).collect();
        let villages: HashMap<i64, &str> = db
            .places
            .villages
            .iter()
            .filter(|(name, _)| rows.iter().any(|r| &r.village == *name))
            .map(|(name, &id)| (id, name.as_str()))
            .collect();
        for p in db.persons {
            let Some(h) = db.households.get(&p.household_id) else {
                continue;
            };
            let Some(village) = villages.get(&h.village_id) else {
                continue;
            };
            if p.resident_id.as_deref().is_none_or(|id| !in_file.contains(id)) && p.status != "去世" {
                out.missing.push(Missing {
                    name: p.name.clone(),
                    resident_id: p.resident_id.clone(),
                    village: village.to_string(),
                });
            }
        }
    }
    out
}

/// Exactly one 户主 per household is an error; relations that do not fit
/// gender or age are warnings (real registers are messy).
fn relations(rows: &[Row], members: &[Vec<usize>], issues: &mut Vec<(usize, Problem)>) {
    use crate::domain::ids::Gender::{Female, Male};
    for m in members {
        let heads: Vec<usize> = m.iter().copied().filter(|&i| rows[i].relation == "户主").collect();
        if heads.len() != 1 {
            let flagged = if heads.is_empty() { m } else { &heads };
            for &i in flagged {
                issues.push((i, Problem::Heads(heads.len())));
            }
            continue;
        }
        let Some(head) = rows[heads[0]].id.as_ref() else {
            continue;
        };
        for &i in m {
            let r = &rows[i];
            let Some(id) = r.id.as_ref() else { continue };
            let years = |a: NaiveDate, b: NaiveDate| crate::domain::ids::age_on(a, b);
            let odd = match r.relation.as_str() {
                "配偶" | "妻" | "夫" => id.gender() == head.gender(),
                "子" | "儿子" => id.gender() == Female || years(head.birth_date(), id.birth_date()) < 12,
                "女" | "女儿" => id.gender() == Male || years(head.birth_date(), id.birth_date()) < 12,
                "父亲" | "父" => id.gender() == Female || years(id.birth_date(), head.birth_date()) < 12,
                "母亲" | "母" => id.gender() == Male || years(id.birth_date(), head.birth_date()) < 12,
                "孙子" | "孙女" => years(head.birth_date(), id.birth_date()) < 24,
                _ => false,
            };
            if odd {
                issues.push((i, Problem::Relation(r.relation.clone())));
            }
        }
    }
}

/// Places the sheet needs that do not exist yet, in first-seen order.
/// (Each is looked up once per row: the sets answer "seen?" without a scan.)
#[derive(Default)]
struct PlacesToCreate {
    villages: Vec<String>,
    groups: Vec<(String, i64)>,
    grids: Vec<(String, String)>,
    seen_villages: HashSet<String>,
    seen_groups: HashMap<String, HashSet<i64>>,
    seen_grids: HashSet<(String, String)>,
}

impl PlacesToCreate {
    /// Records the new village; true when it may be created.
    fn village(&mut self, v: &str, create: bool, unknown: &mut Vec<String>) -> bool {
        if !self.seen_villages.contains(v) {
            self.seen_villages.insert(v.to_string());
            self.villages.push(v.to_string());
            unknown.push(v.to_string());
        }
        create
    }

    fn group(&mut self, v: &str, n: i64, create: bool, unknown: &mut Vec<String>) -> bool {
        if !self.seen_groups.get(v).is_some_and(|s| s.contains(&n)) {
            self.seen_groups.entry(v.to_string()).or_default().insert(n);
            self.groups.push((v.to_string(), n));
            unknown.push(format!("{v} {n}组"));
        }
        create
    }

    fn grid(&mut self, v: &str, g: &str, create: bool, unknown: &mut Vec<String>) -> bool {
        let key = (v.to_string(), g.to_string());
        if !self.seen_grids.contains(&key) {
            self.grids.push(key.clone());
            self.seen_grids.insert(key);
            unknown.push(format!("{v}/{g}"));
        }
        create
    }

    fn into_plan(self, plan: &mut RegisterPlan) {
        plan.new_villages = self.villages;
        plan.new_groups = self.groups;
        plan.new_grids = self.grids;
    }
}

fn plan_households(
    table: &Table,
    db: &Existing,
    opts: &Options,
    rows: &mut [Row],
    members: &[Vec<usize>],
    to_create: &mut PlacesToCreate,
    out: &mut Outcome,
) {
    let by_id: HashMap<&str, &ExistingPerson> = db
        .persons
        .iter()
        .filter_map(|p| p.resident_id.as_deref().map(|id| (id, p)))
        .collect();
    let village_name: HashMap<i64, &str> = db.places.villages.iter().map(|(n, &id)| (id, n.as_str())).collect();
    let group_number: HashMap<i64, i64> = db.places.groups.iter().map(|(&(_, n), &id)| (id, n)).collect();
    let grid_name: HashMap<i64, &str> = db.places.grids.iter().map(|((_, n), &id)| (id, n.as_str())).collect();
    let mut claimed: HashSet<i64> = HashSet::new();
    for m in members {
        let lead = m.iter().copied().find(|&i| rows[i].relation == "户主").unwrap_or(m[0]);
        let head = &rows[lead];
        let existing_of = |r: &Row| {
            r.id.as_ref()
                .and_then(|id| by_id.get(id.as_str()))
                .copied()
                .filter(|_| opts.update)
        };
        // The household this one updates: the head's, else a member's; a
        // household already taken by another in the sheet is a new one.
        let existing = std::iter::once(lead)
            .chain(m.iter().copied())
            .filter_map(|i| existing_of(&rows[i]))
            .map(|p| p.household_id)
            .find(|h| !claimed.contains(h))
            .and_then(|h| db.households.get(&h));
        if let Some(h) = existing {
            claimed.insert(h.id);
        }
        let pick = |f: Field, value: &str, old: Option<&str>| -> String {
            if table.has(f) && !value.is_empty() {
                value.to_string()
            } else {
                old.unwrap_or(value).to_string()
            }
        };
        let village = pick(
            Field::Village,
            &head.village,
            existing.and_then(|h| village_name.get(&h.village_id).copied()),
        );
        let group = match (head.group, existing) {
            (Some(n), _) => Some(n),
            // An empty cell keeps what is registered, as for every field.
            (None, Some(h)) => h.group_id.and_then(|g| group_number.get(&g).copied()),
            _ => None,
        };
        let vid = db.places.villages.get(&village).copied();
        let grid = if !head.grid.is_empty() {
            head.grid.clone()
        } else if let Some(h) = existing.filter(|h| Some(h.village_id) == vid) {
            grid_name.get(&h.grid_id).copied().unwrap_or_default().to_string()
        } else if let Some(g) = vid.and_then(|v| db.places.first_grid.get(&v)) {
            grid_name.get(g).copied().unwrap_or_default().to_string()
        } else {
            format!("{village}网格")
        };
        if !village.is_empty()
            && vid.is_none_or(|v| !db.places.grids.contains_key(&(v, grid.clone())))
            && !to_create.grid(&village, &grid, opts.create_places, &mut out.unknown_places)
        {
            out.issues.push((
                lead,
                Problem::UnknownGrid {
                    village: village.clone(),
                    grid: grid.clone(),
                },
            ));
        }
        let house_no = pick(Field::HouseNo, &head.house_no, existing.map(|h| h.house_no.as_str()));
        let composed;
        let address = if table.has(Field::Address) && !head.address.is_empty() {
            head.address.clone()
        } else if let Some(h) = existing {
            h.address.clone()
        } else {
            composed = format!(
                "{village}{}{house_no}",
                group.map(|n| format!("{n}组")).unwrap_or_default()
            );
            composed
        };
        let tag_columns = table
            .columns
            .iter()
            .any(|(f, _)| matches!(f, Field::Flag(_) | Field::Tags));
        let tags = if tag_columns || existing.is_none() {
            let all: BTreeSet<String> = m.iter().flat_map(|&i| rows[i].tags.iter().cloned()).collect();
            sort_tags(&all)
        } else {
            existing.map(|h| h.tags.clone()).unwrap_or_default()
        };
        let changed = existing.is_some_and(|h| {
            Some(h.village_id) != vid
                || h.group_id.and_then(|g| group_number.get(&g).copied()) != group
                || grid_name.get(&h.grid_id).copied() != Some(grid.as_str())
                || h.house_no != house_no
                || h.address != address
                || h.tags != tags
        });
        let index = out.plan.households.len();
        out.plan.households.push(HouseholdPlan {
            existing: existing.map(|h| (h.id, h.version)),
            changed,
            place: PlaceRef { village, group, grid },
            house_no,
            address,
            phone: None,
            tags,
        });
        for &i in m {
            let old = existing_of(&rows[i]);
            let r = &mut rows[i];
            let Some(id) = &r.id else { continue };
            let status = r
                .status
                .clone()
                .or_else(|| old.map(|p| p.status.clone()))
                .unwrap_or_else(|| "在家".to_string());
            let phone = r.phone.clone().or_else(|| old.and_then(|p| p.phone.clone()));
            let mut changes = Vec::new();
            if let Some(p) = old {
                let mut diff = |what: &str, a: &str, b: &str| {
                    if a != b {
                        changes.push(format!("{what}: {a} -> {b}"));
                    }
                };
                diff("name", &p.name, &r.name);
                diff("relation", &p.relation, &r.relation);
                diff(
                    "phone",
                    p.phone.as_deref().unwrap_or(""),
                    phone.as_deref().unwrap_or(""),
                );
                diff("status", &p.status, &status);
                if existing.map(|h| h.id) != Some(p.household_id) {
                    let to = existing.map_or_else(|| "new".to_string(), |h| h.id.to_string());
                    diff("household", &p.household_id.to_string(), &to);
                    out.moved += 1;
                }
                if changes.is_empty() {
                    out.unchanged += 1;
                }
            }
            out.plan.persons.push(PersonPlan {
                existing: old.map(|p| (p.id, p.version)),
                changes: changes.join("; "),
                household: index,
                resident_id: id.as_str().to_string(),
                gender: id.gender().code(),
                birth_date: birth_text(id),
                // Each row is planned once: its texts move into the plan.
                name: std::mem::take(&mut r.name),
                relation: std::mem::take(&mut r.relation),
                phone,
                status,
            });
        }
    }
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
