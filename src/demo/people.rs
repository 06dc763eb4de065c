//! Households (一户一档) and their members with consistent family structure,
//! ages, genders, resident IDs, phones, statuses and tags.

use super::places::Town;
use super::words::weighted;
use super::{Ctx, fmt_time};
use crate::domain::ids::age_on;
use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;
use rusqlite::{Transaction, params};

pub struct Household {
    pub id: i64,
    pub grid: usize,
    pub village: usize,
    pub group: usize,
    /// Needs pairing visits (低保, 五保, 独居老人, 留守儿童, 残疾).
    pub vulnerable: bool,
    /// Indices into `Register::persons`; the first is the head (户主).
    pub members: std::ops::Range<usize>,
}

pub struct Person {
    pub id: i64,
    pub name: String,
    pub male: bool,
    pub birth: NaiveDate,
    pub phone: Option<String>,
    pub alive: bool,
}

pub struct Register {
    pub households: Vec<Household>,
    pub persons: Vec<Person>,
}

impl Register {
    /// An adult living member of `h` (the head if nobody else qualifies).
    pub fn adult_of(&self, ctx: &mut Ctx, h: &Household) -> &Person {
        let adults: Vec<usize> = h
            .members
            .clone()
            .filter(|&p| self.persons[p].alive && age_on(self.persons[p].birth, ctx.today) >= 18)
            .collect();
        match adults.len() {
            0 => &self.persons[h.members.start],
            n => &self.persons[adults[ctx.rng.random_range(0..n)]],
        }
    }
}

/// A member before insertion.
struct Draft {
    relation: &'static str,
    surname: &'static str,
    male: bool,
    birth: NaiveDate,
    /// Parents of young children who both work away make them 留守儿童.
    away: bool,
}

/// Household compositions with their weights (rural Zhejiang: many elderly
/// living alone or as couples, young adults working in the cities).
const KINDS: [u32; 7] = [12, 18, 14, 10, 28, 10, 8];

pub fn build(tx: &Transaction, ctx: &mut Ctx, town: &Town, count: usize) -> rusqlite::Result<Register> {
    let mut insert_household = tx.prepare(
        "INSERT INTO households (id, grid_id, village_id, group_id, house_no, address, phone, tags, \
         verified_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut insert_person = tx.prepare(
        "INSERT INTO persons (id, household_id, name, resident_id, gender, birth_date, relation, \
         phone, status, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let weights: Vec<u32> = town.villages.iter().map(|v| v.weight).collect();
    let per_village = spread(count, &weights);
    let mut register = Register {
        households: Vec::with_capacity(count),
        persons: Vec::with_capacity(count * 3),
    };
    for (vi, v) in town.villages.iter().enumerate() {
        let group_weights: Vec<u32> = v.groups.iter().map(|_| ctx.rng.random_range(70..130)).collect();
        for (gi, n) in spread(per_village[vi], &group_weights).into_iter().enumerate() {
            let mut house_no = 0;
            for _ in 0..n {
                // Numbers are not contiguous: demolished and merged plots.
                house_no += if ctx.chance(0.85) { 1 } else { 2 };
                let id = register.households.len() as i64 + 1;
                let grid = town.grid_of_group[vi][gi];
                let drafts = family(ctx);
                let tags = tags(ctx, &drafts);
                let vulnerable = tags
                    .iter()
                    .any(|t| ["低保", "五保", "独居老人", "留守儿童", "残疾"].contains(t));
                let verified = verified_at(ctx);
                let updated = verified
                    .clone()
                    .unwrap_or_else(|| format!("{}-03-01 09:00:00", ctx.today.year() - 3));
                let start = register.persons.len();
                let mut rows = Vec::with_capacity(drafts.len());
                // Given-name characters of the older generations of the
                // head's line: custom avoids them in the young's names
                // (siblings may still share one, as a generation name).
                let (mut elders, mut with_sons) = (String::new(), String::new());
                for d in &drafts {
                    let avoid = match d.relation {
                        "子" | "女" | "父亲" => elders.as_str(),
                        "孙子" | "孙女" => with_sons.as_str(),
                        _ => "",
                    };
                    let person = person(ctx, d, (start + rows.len()) as i64 + 1, avoid);
                    let given = &person.name[d.surname.len()..];
                    if matches!(d.relation, "户主" | "父亲") {
                        elders.push_str(given);
                    }
                    if matches!(d.relation, "户主" | "父亲" | "子") {
                        with_sons.push_str(given);
                    }
                    let status = status(ctx, d, &person);
                    let resident_id = ctx.resident_id(person.birth, person.male);
                    rows.push((person, status, resident_id, d.relation));
                }
                // The household row first: persons refer to it.
                let phone = rows[0].0.phone.clone().filter(|_| ctx.chance(0.45));
                let (group_id, group_name) = &v.groups[gi];
                insert_household.execute(params![
                    id,
                    town.grids[grid].id,
                    v.id,
                    group_id,
                    format!("{house_no}号"),
                    format!("{}{group_name}{house_no}号", v.name),
                    phone,
                    tags.join(","),
                    verified,
                    updated,
                ])?;
                for (person, status, resident_id, relation) in rows {
                    insert_person.execute(params![
                        person.id,
                        id,
                        person.name,
                        resident_id,
                        if person.male { "M" } else { "F" },
                        super::fmt_day(person.birth),
                        relation,
                        person.phone,
                        status,
                        updated,
                    ])?;
                    register.persons.push(person);
                }
                register.households.push(Household {
                    id,
                    grid,
                    village: vi,
                    group: gi,
                    vulnerable,
                    members: start..register.persons.len(),
                });
            }
        }
    }
    Ok(register)
}

/// Splits `total` by relative weights, remainders to the first entries.
pub fn spread(total: usize, weights: &[u32]) -> Vec<usize> {
    let sum: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    let mut out: Vec<usize> = weights
        .iter()
        .map(|&w| (total as u64 * u64::from(w) / sum.max(1)) as usize)
        .collect();
    let mut left = total - out.iter().sum::<usize>();
    let mut i = 0;
    while left > 0 {
        out[i % weights.len()] += 1;
        left -= 1;
        i += 1;
    }
    out
}

/// A birth date for someone aged `lo..=hi` today.
fn birth_at_age(ctx: &mut Ctx, lo: i64, hi: i64) -> NaiveDate {
    let age = ctx.range(lo, hi);
    ctx.today - Duration::days(age * 365 + ctx.rng.random_range(0..365))
}

/// A child's birth date from the mother's, or `None` if not born yet.
fn child_of(ctx: &mut Ctx, mother: NaiveDate) -> Option<NaiveDate> {
    let b = mother + Duration::days(ctx.range(22, 37) * 365 + ctx.rng.random_range(0..365));
    (b <= ctx.today).then_some(b)
}

fn family(ctx: &mut Ctx) -> Vec<Draft> {
    let surname = ctx.words.surname(&mut ctx.rng);
    let mut v = Vec::new();
    let kind = weighted(&mut ctx.rng, &KINDS);
    match kind {
        // Elderly person living alone, more often a widow.
        0 => {
            let male = ctx.chance(0.4);
            let b = birth_at_age(ctx, 66, 93);
            push(&mut v, "户主", surname, male, b);
        }
        // Elderly couple, the husband as head.
        1 => {
            let b = birth_at_age(ctx, 60, 86);
            push(&mut v, "户主", surname, true, b);
            let s = ctx.words.surname(&mut ctx.rng);
            let sb = b + Duration::days(ctx.range(-400, 1800));
            push(&mut v, "配偶", s, false, sb.min(ctx.today));
        }
        // Single adult.
        2 => {
            let male = ctx.chance(0.65);
            let b = birth_at_age(ctx, 22, 64);
            push(&mut v, "户主", surname, male, b);
        }
        // Couple, nuclear family, three generations, or with the head's parents.
        _ => {
            let head_age = match kind {
                3 => ctx.range(24, 62),
                4 => ctx.range(28, 56),
                5 => ctx.range(50, 72),
                _ => ctx.range(30, 50),
            };
            let hb = birth_at_age(ctx, head_age, head_age);
            push(&mut v, "户主", surname, true, hb);
            let wife = (hb + Duration::days(ctx.range(-300, 1500))).min(ctx.today);
            let s = ctx.words.surname(&mut ctx.rng);
            push(&mut v, "配偶", s, false, wife);
            if kind == 6 {
                let fb = hb - Duration::days(ctx.range(23, 34) * 365);
                if age_on(fb, ctx.today) <= 95 && ctx.chance(0.6) {
                    push(&mut v, "父亲", surname, true, fb);
                }
                let mb = fb + Duration::days(ctx.range(0, 1500));
                if age_on(mb, ctx.today) <= 97 {
                    let s = ctx.words.surname(&mut ctx.rng);
                    push(&mut v, "母亲", s, false, mb);
                }
            }
            let children = match kind {
                3 => 0,
                5 => 1,
                _ => [1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3][ctx.rng.random_range(0..11)],
            }
            .min(6 - v.len()); // registers rarely list more than six
            let mut son = None;
            for _ in 0..children {
                if let Some(cb) = child_of(ctx, wife) {
                    let male = kind == 5 || ctx.chance(0.52);
                    push(&mut v, if male { "子" } else { "女" }, surname, male, cb);
                    son = Some(cb).filter(|_| male);
                }
            }
            // Three generations: the son's wife and their children.
            if let (5, Some(sb)) = (kind, son)
                && age_on(sb, ctx.today) >= 22
            {
                let db = (sb + Duration::days(ctx.range(-200, 1200))).min(ctx.today);
                let s = ctx.words.surname(&mut ctx.rng);
                push(&mut v, "儿媳", s, false, db);
                let away = ctx.chance(0.35);
                let grandchildren = if ctx.chance(0.7) { 1 } else { 2 };
                for _ in 0..grandchildren {
                    if let Some(gb) = child_of(ctx, db) {
                        let male = ctx.chance(0.52);
                        push(&mut v, if male { "孙子" } else { "孙女" }, surname, male, gb);
                    }
                }
                if away {
                    for d in v.iter_mut().filter(|d| matches!(d.relation, "子" | "儿媳")) {
                        d.away = true;
                    }
                }
            }
        }
    }
    v
}

fn push(v: &mut Vec<Draft>, relation: &'static str, surname: &'static str, male: bool, birth: NaiveDate) {
    v.push(Draft {
        relation,
        surname,
        male,
        birth,
        away: false,
    });
}

/// A member; the given name shares no character with `avoid` (a few
/// draws; the lists are long enough that the first fitting one comes soon).
fn person(ctx: &mut Ctx, d: &Draft, id: i64, avoid: &str) -> Person {
    let age = age_on(d.birth, ctx.today);
    let mut given = ctx.words.given_name(&mut ctx.rng, d.male, d.birth.year());
    for _ in 0..12 {
        if !given.chars().any(|c| avoid.contains(c)) {
            break;
        }
        given = ctx.words.given_name(&mut ctx.rng, d.male, d.birth.year());
    }
    // Registers keep the deceased until the household is updated.
    let alive = d.relation == "户主" || !(age >= 80 && ctx.chance(0.12) || age >= 70 && ctx.chance(0.02));
    let p_phone = match age {
        ..16 => 0.0,
        16..70 => 0.93,
        70..80 => 0.6,
        _ => 0.3,
    };
    let phone = (alive && ctx.chance(p_phone)).then(|| ctx.phone());
    Person {
        id,
        name: format!("{}{given}", d.surname),
        male: d.male,
        birth: d.birth,
        phone,
        alive,
    }
}

fn status(ctx: &mut Ctx, d: &Draft, p: &Person) -> &'static str {
    let age = age_on(p.birth, ctx.today);
    if !p.alive {
        return "去世";
    }
    if d.away {
        return "外出务工";
    }
    match age {
        ..6 => "在家",
        6..18 => "在校",
        18..23 if ctx.chance(0.6) => "在校",
        18..56 if ctx.chance(0.25) => "外出务工",
        _ => "在家",
    }
}

/// Tags in the register's canonical order, at realistic low frequencies.
fn tags(ctx: &mut Ctx, members: &[Draft]) -> Vec<&'static str> {
    let head_age = age_on(members[0].birth, ctx.today);
    let alone_old = members.len() == 1 && head_age >= 65;
    let left_behind = members.iter().any(|d| d.away)
        && members
            .iter()
            .any(|d| matches!(d.relation, "孙子" | "孙女") && age_on(d.birth, ctx.today) < 16);
    let mut t = Vec::new();
    if ctx.chance(if alone_old { 0.1 } else { 0.025 }) {
        t.push("低保");
    }
    if alone_old && ctx.chance(0.06) {
        t.push("五保");
    }
    if alone_old && head_age >= 70 {
        t.push("独居老人");
    }
    if left_behind {
        t.push("留守儿童");
    }
    if ctx.chance(0.03) {
        t.push("残疾");
    }
    if ctx.chance(0.07) {
        t.push("党员户");
    }
    if ctx.chance(0.015) {
        t.push("军属");
    }
    t
}

/// Last verification: mostly within the year, about a third older, a few never.
fn verified_at(ctx: &mut Ctx) -> Option<String> {
    if ctx.chance(0.05) {
        return None;
    }
    let days = if ctx.chance(0.64) {
        ctx.range(0, 364)
    } else {
        ctx.range(366, 730)
    };
    let day = ctx.today - Duration::days(days);
    Some(fmt_time(ctx.office_time(day)))
}
