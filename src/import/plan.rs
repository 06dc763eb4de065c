//! The register check as a machine fed one row at a time (README
//! "Importing the register"): each row is parsed and checked against the
//! sheet so far and the database, and a household is planned once its
//! rows are all seen. `register::validate` feeds it the whole sheet; the
//! pipelined import plans each household as the sheet moves on to the next
//! one, so the writer can start before the last row is checked.

use super::columns::{Field, Table};
use super::read::RawRow;
use super::register::{
    Existing, Options, Outcome, Problem, normalise_id_text, parse_date, parse_group, parse_phone, truthy,
};
use crate::domain::ids::ResidentId;
use crate::search::{FastMap, FastSet};
use crate::store::import::{ExistingPerson, RegisterPlan};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};

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

/// A valid ID's first 17 digits as a number: they decide the 18th, so
/// this names the ID without a String per row in the duplicate check.
fn id_key(id: &ResidentId) -> u64 {
    id.as_str().as_bytes()[..17]
        .iter()
        .fold(0, |n, b| n * 10 + u64::from(b - b'0'))
}

/// One row after parsing its cells; texts borrow the sheet's cells.
struct Row<'a> {
    name: &'a str,
    id: Option<ResidentId>,
    relation: &'a str,
    phone: Option<String>,
    status: Option<String>,
    village: &'a str,
    group: Option<i64>,
    grid: &'a str,
    house_no: &'a str,
    address: &'a str,
    tags: BTreeSet<String>,
    household: usize,
}

/// The column of each field the check reads, found once per sheet
/// instead of once per cell.
struct Columns {
    of: FastMap<Field, usize>,
    tag_columns: Vec<(Field, usize)>,
    /// The status column is a 是否外出 yes/no column.
    away_column: bool,
}

impl Columns {
    fn of(table: &Table) -> Columns {
        let mut of = FastMap::default();
        for &(f, i) in &table.columns {
            of.entry(f).or_insert(i);
        }
        Columns {
            of,
            tag_columns: table
                .columns
                .iter()
                .copied()
                .filter(|(f, _)| matches!(f, Field::Flag(_) | Field::Tags))
                .collect(),
            away_column: table
                .column(Field::Status)
                .and_then(|i| table.headers.get(i))
                .is_some_and(|h| h.contains("是否外出")),
        }
    }

    /// The trimmed cell of `field`, "" when absent (as `Table::get`).
    fn get<'a>(&self, cells: &'a [String], field: Field) -> &'a str {
        self.of.get(&field).and_then(|&i| cells.get(i)).map_or("", |s| s.trim())
    }
}

fn status_of(away_column: bool, s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    Some(
        match s {
            _ if away_column => {
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

/// Villages, groups (village, number) and grids (village, name) to create.
pub type NewPlaces<'p> = (&'p [String], &'p [(String, i64)], &'p [(String, String)]);

/// The check of one sheet: feed [`Validator::row`] each row in order,
/// then [`Validator::finish`]. [`Validator::plan_through`] plans finished
/// households early (the pipelined import); the outcome is the same.
pub struct Validator<'a> {
    table: &'a Table,
    db: &'a Existing<'a>,
    opts: &'a Options,
    cols: Columns,
    keyed: bool,
    // A fast hasher: keys are the sheet's own IDs and texts, hashed several times
    // a row (README "Performance").
    by_id: FastMap<&'a str, &'a ExistingPerson>,
    seen_ids: FastMap<u64, usize>,
    household_keys: FastMap<HouseholdKey<'a>, usize>,
    current_household: Option<usize>,
    rows: Vec<Row<'a>>,
    /// Rows of each household, in sheet order.
    members: Vec<Vec<usize>>,
    to_create: PlacesToCreate,
    /// Grids to create, listed after the villages and groups as before.
    unknown_grids: Vec<String>,
    /// Households planned so far (the next one's index in the plan).
    planned: usize,
    claimed: HashSet<i64>,
    village_name: HashMap<i64, &'a str>,
    group_number: HashMap<i64, i64>,
    grid_name: HashMap<i64, &'a str>,
    pub out: Outcome,
}

impl<'a> Validator<'a> {
    pub fn new(table: &'a Table, db: &'a Existing<'a>, opts: &'a Options) -> Validator<'a> {
        Validator::with_capacity(table, db, opts, table.rows.len())
    }

    /// [`Validator::new`] for a sheet of about `rows` rows (of a sheet still
    /// being read, `table` holds only the first).
    pub fn with_capacity(table: &'a Table, db: &'a Existing<'a>, opts: &'a Options, rows: usize) -> Validator<'a> {
        Validator {
            table,
            db,
            opts,
            cols: Columns::of(table),
            keyed: table.has(Field::HouseholdNo) || table.has(Field::HeadId) || table.has(Field::HeadName),
            by_id: db
                .persons
                .iter()
                .filter_map(|p| p.resident_id.as_deref().map(|id| (id, p)))
                .collect(),
            seen_ids: FastMap::with_capacity_and_hasher(rows, Default::default()),
            // Households are a few rows each: room for a quarter of the
            // rows saves growing the map step by step.
            household_keys: FastMap::with_capacity_and_hasher(rows / 4, Default::default()),
            current_household: None,
            rows: Vec::with_capacity(rows),
            members: Vec::new(),
            to_create: PlacesToCreate::default(),
            unknown_grids: Vec::new(),
            planned: 0,
            claimed: HashSet::new(),
            village_name: db.places.villages.iter().map(|(n, &id)| (id, n.as_str())).collect(),
            group_number: db.places.groups.iter().map(|(&(_, n), &id)| (id, n)).collect(),
            grid_name: db.places.grids.iter().map(|((_, n), &id)| (id, n.as_str())).collect(),
            out: Outcome {
                plan: RegisterPlan {
                    source: opts.source.clone(),
                    ..RegisterPlan::default()
                },
                ..Outcome::default()
            },
        }
    }

    /// Households seen so far; the last may still gain rows.
    pub fn households(&self) -> usize {
        self.members.len()
    }

    /// Households planned so far.
    pub fn planned(&self) -> usize {
        self.planned
    }

    /// The household row `i` (already checked) belongs to.
    pub fn household_of(&self, i: usize) -> usize {
        self.rows[i].household
    }

    /// Villages, groups and grids to create, found so far, in order.
    pub fn places_to_create(&self) -> NewPlaces<'_> {
        (&self.to_create.villages, &self.to_create.groups, &self.to_create.grids)
    }

    /// Checks `raw`, row `i` of the sheet's data rows (rows come in
    /// order; the table's own rows or, while the sheet is still being
    /// read, the rows read so far).
    pub fn row(&mut self, i: usize, raw: &'a RawRow) {
        let (db, opts) = (self.db, self.opts);
        let cols = &self.cols;
        let get = |f| cols.get(&raw.cells, f);
        let issues = &mut self.out.issues;
        let mut issue = |p: Problem| issues.push((i, p));
        let name = get(Field::Name);
        if name.is_empty() {
            issue(Problem::NameMissing);
        }
        let id_cell = get(Field::ResidentId);
        // Most cells are already 18 plain characters: no copy for them.
        let id_text: Cow<str> = if id_cell.bytes().all(|b| b.is_ascii_alphanumeric() && b != b'x') {
            Cow::Borrowed(id_cell)
        } else {
            Cow::Owned(normalise_id_text(id_cell))
        };
        let id = if id_text.is_empty() {
            issue(Problem::IdMissing);
            None
        } else {
            match ResidentId::parse(&id_text, opts.today) {
                Ok(id) => Some(id),
                Err(e) => {
                    issue(Problem::IdBad(id_text.into_owned(), e));
                    None
                }
            }
        };
        if let Some(id) = &id {
            let key = id_key(id);
            if let Some(&first) = self.seen_ids.get(&key) {
                issue(Problem::DuplicateInFile { first_row: first });
            } else {
                self.seen_ids.insert(key, raw.number);
            }
            if !opts.update
                && let Some(p) = self.by_id.get(id.as_str())
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
        let village = get(Field::Village);
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
        let mut relation = get(Field::Relation);
        if relation == "本人" {
            relation = "户主";
        }
        if relation.is_empty() {
            relation = if (!head_id.is_empty() && head_id == id_str)
                || (!head_name.is_empty() && head_name == name)
                || !self.keyed
            {
                "户主"
            } else {
                "其他"
            };
        }
        let no = get(Field::HouseholdNo);
        let key = if !no.is_empty() {
            Some(HouseholdKey::No(village, no))
        } else if !head_id.is_empty() {
            Some(HouseholdKey::HeadId(head_id))
        } else if !head_name.is_empty() {
            Some(HouseholdKey::HeadName(village, group, head_name))
        } else {
            None
        };
        let members = &mut self.members;
        let mut new_household = || {
            members.push(Vec::new());
            members.len() - 1
        };
        let household = match key {
            Some(k) => *self.household_keys.entry(k).or_insert_with(new_household),
            // Unkeyed sheets list each household's head first.
            None => match self.current_household {
                Some(h) if relation != "户主" => h,
                _ => new_household(),
            },
        };
        self.current_household = Some(household);
        self.members[household].push(i);
        let mut tags = BTreeSet::new();
        for &(f, col) in &self.cols.tag_columns {
            match f {
                Field::Flag(tag) if raw.cells.get(col).is_some_and(|c| truthy(c)) => {
                    tags.insert(tag.to_string());
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
        // Places: known, to be created, or refused.
        if !village.is_empty() {
            let unknown = &mut self.out.unknown_places;
            let vid = db.places.villages.get(village).copied();
            if vid.is_none() && !self.to_create.village(village, opts.create_places, unknown) {
                self.out.issues.push((i, Problem::UnknownVillage(village.to_string())));
            }
            if let Some(n) = group
                && vid.is_none_or(|v| !db.places.groups.contains_key(&(v, n)))
                && !self.to_create.group(village, n, opts.create_places, unknown)
            {
                self.out.issues.push((
                    i,
                    Problem::UnknownGroup {
                        village: village.to_string(),
                        group: n,
                    },
                ));
            }
        }
        self.rows.push(Row {
            name,
            id,
            relation,
            phone,
            status: status_of(self.cols.away_column, get(Field::Status)),
            village,
            group,
            grid: get(Field::Grid),
            house_no: get(Field::HouseNo),
            address: get(Field::Address),
            tags,
            household,
        });
    }

    /// Plans households up to (not including) `end`: call only when none
    /// of them gains a row later.
    pub fn plan_through(&mut self, end: usize) {
        while self.planned < end.min(self.members.len()) {
            let h = self.planned;
            self.relations(h);
            self.plan(h);
            self.planned += 1;
        }
    }

    /// Plans what is left and returns the outcome, issues in row order.
    pub fn finish(mut self) -> Outcome {
        self.plan_through(self.members.len());
        let mut out = self.out;
        std::mem::take(&mut self.to_create).into_plan(&mut out.plan);
        out.unknown_places.append(&mut self.unknown_grids);
        // Row order already, unless a household's relations were checked
        // after a later row's issue.
        if !out.issues.is_sorted_by_key(|(i, _)| *i) {
            out.issues.sort_by_key(|(i, _)| *i);
        }
        if self.opts.update {
            out.missing = missing(&self.rows, self.db);
        }
        out
    }

    /// Exactly one 户主 per household is an error; relations that do not
    /// fit gender or age are warnings (real registers are messy).
    fn relations(&mut self, h: usize) {
        use crate::domain::ids::Gender::{Female, Male};
        let (rows, m, issues) = (&self.rows, &self.members[h], &mut self.out.issues);
        let heads: Vec<usize> = m.iter().copied().filter(|&i| rows[i].relation == "户主").collect();
        if heads.len() != 1 {
            let flagged = if heads.is_empty() { m } else { &heads };
            for &i in flagged {
                issues.push((i, Problem::Heads(heads.len())));
            }
            return;
        }
        let Some(head) = rows[heads[0]].id.as_ref() else {
            return;
        };
        for &i in m {
            let r = &rows[i];
            let Some(id) = r.id.as_ref() else { continue };
            let years = |a: NaiveDate, b: NaiveDate| crate::domain::ids::age_on(a, b);
            let odd = match r.relation {
                "配偶" | "妻" | "夫" => id.gender() == head.gender(),
                "子" | "儿子" => id.gender() == Female || years(head.birth_date(), id.birth_date()) < 12,
                "女" | "女儿" => id.gender() == Male || years(head.birth_date(), id.birth_date()) < 12,
                "父亲" | "父" => id.gender() == Female || years(id.birth_date(), head.birth_date()) < 12,
                "母亲" | "母" => id.gender() == Male || years(id.birth_date(), head.birth_date()) < 12,
                "孙子" | "孙女" => years(head.birth_date(), id.birth_date()) < 24,
                _ => false,
            };
            if odd {
                issues.push((i, Problem::Relation(r.relation.to_string())));
            }
        }
    }
}

#[path = "plan_household.rs"]
mod household;
use household::missing;

/// Places the sheet needs that do not exist yet, in first-seen order.
/// (Each is looked up once per row: the sets answer "seen?" without a
/// scan, and without a copy of the names.)
#[derive(Default)]
struct PlacesToCreate {
    villages: Vec<String>,
    groups: Vec<(String, i64)>,
    grids: Vec<(String, String)>,
    seen_villages: FastSet<String>,
    seen_groups: FastMap<String, FastSet<i64>>,
    seen_grids: FastMap<String, FastSet<String>>,
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
        if !self.seen_grids.get(v).is_some_and(|s| s.contains(g)) {
            self.seen_grids.entry(v.to_string()).or_default().insert(g.to_string());
            self.grids.push((v.to_string(), g.to_string()));
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
