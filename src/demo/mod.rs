//! Demo township generator: a deterministic, realistic register with a year
//! of requests, visits, callbacks, topics and meetings, for trying minqing
//! out and for benchmarks. Same seed + same `today` + same moment of
//! generation → identical rows (the audit entry's time aside, which records
//! when the demo was made); a past `today` is generated as of its 17:30.
//!
//! Everything is written in one transaction with prepared statements and
//! explicit row ids, so the parts can refer to each other without reading
//! back.

mod activity;
pub mod cli;
mod meetings;
mod people;
mod places;
mod requests;
#[cfg(test)]
mod tests;
mod words;

use crate::domain::calendar::Calendar;
use anyhow::{Context, bail};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, TransactionBehavior};
use std::collections::HashSet;
use words::Words;

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub households: usize,
    pub seed: u64,
    pub today: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub villages: usize,
    pub grids: usize,
    pub households: usize,
    pub persons: usize,
    pub requests: usize,
}

/// Fills an empty, freshly migrated database (see `store::open_connection`).
/// Refuses a database that already holds a register. Nothing is stamped
/// after the moment of generation: the current time when `opts.today` is
/// today, else the end of that office day (so a past `today` stays
/// deterministic).
pub fn generate(conn: &mut Connection, opts: &DemoOptions) -> anyhow::Result<DemoSummary> {
    let now = chrono::Local::now().naive_local();
    let moment = if now.date() == opts.today {
        now
    } else {
        end_of_office_day(opts.today)
    };
    generate_at(conn, opts, moment)
}

/// [`generate`] with `requests` requests instead of one per eight
/// households (at least 12), spread over up to four years: the large
/// request history of `demo --requests` and the triage table bench.
pub fn generate_with_requests(
    conn: &mut Connection,
    opts: &DemoOptions,
    requests: usize,
) -> anyhow::Result<DemoSummary> {
    let now = chrono::Local::now().naive_local();
    let moment = if now.date() == opts.today {
        now
    } else {
        end_of_office_day(opts.today)
    };
    generate_inner(conn, opts, moment, Some(requests))
}

/// 17:30, when the office closes.
pub fn end_of_office_day(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(17, 30, 0).expect("valid time"))
}

/// [`generate`] as if run at `moment` (on `opts.today`): no row is stamped
/// later than it.
pub fn generate_at(conn: &mut Connection, opts: &DemoOptions, moment: NaiveDateTime) -> anyhow::Result<DemoSummary> {
    generate_inner(conn, opts, moment, None)
}

fn generate_inner(
    conn: &mut Connection,
    opts: &DemoOptions,
    moment: NaiveDateTime,
    requests: Option<usize>,
) -> anyhow::Result<DemoSummary> {
    if opts.households == 0 {
        bail!("the demo needs at least one household");
    }
    // IMMEDIATE whatever the connection's default: we read, then write.
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .context("starting the demo transaction")?;
    let existing: i64 = tx.query_row(
        "SELECT (SELECT count(*) FROM villages) + (SELECT count(*) FROM households)",
        [],
        |r| r.get(0),
    )?;
    if existing > 0 {
        bail!("the database already holds a register; the demo needs an empty one");
    }
    // Marks the file as a demo: only such a file may be replaced by `demo --fresh`.
    tx.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('demo', '1')", [])?;
    // Deadlines and working days come from the calendar the program uses
    // (seeded from the shipped holidays by the migrations).
    let calendar = crate::store::calendar_days::load_calendar(&tx).context("the holiday calendar")?;
    let mut ctx = Ctx::new(opts, moment, calendar);
    ctx.requests_wanted = requests;
    let town = places::build(&tx, &mut ctx).context("villages, grids and cadres")?;
    let register = people::build(&tx, &mut ctx, &town, opts.households).context("households and persons")?;
    let work = requests::build(&tx, &mut ctx, &town, &register).context("requests")?;
    activity::build(&tx, &mut ctx, &town, &register).context("visits and surveys")?;
    meetings::build(&tx, &mut ctx, &town, &register, &work.topics).context("meetings")?;
    let detail = format!(
        "seed {} as of {}: {} households, {} persons, {} requests",
        opts.seed,
        opts.today,
        register.households.len(),
        register.persons.len(),
        work.requests
    );
    crate::store::audit::record(
        &tx,
        &crate::store::AuditEntry {
            user: "demo",
            action: "demo.generate",
            object: "database",
            outcome: "ok",
            detail: &detail,
        },
    )?;
    tx.commit()?;
    Ok(DemoSummary {
        villages: town.villages.len(),
        grids: town.grids.len(),
        households: register.households.len(),
        persons: register.persons.len(),
        requests: work.requests,
    })
}

/// Generation state shared by the parts: the one random stream, the word
/// lists, the clock, and the values that must stay unique.
pub(crate) struct Ctx {
    pub rng: ChaCha8Rng,
    pub words: &'static Words,
    pub today: NaiveDate,
    /// The moment of generation; nothing is stamped after it.
    pub now: NaiveDateTime,
    /// The office's working-day calendar (holidays, make-up workdays).
    pub calendar: Calendar,
    phones: HashSet<String>,
    resident_ids: HashSet<String>,
    /// How many requests to write (None: one per eight households).
    pub requests_wanted: Option<usize>,
}

/// Mobile prefixes in use in Zhejiang (China Mobile, Unicom, Telecom).
const MOBILE_PREFIXES: [&str; 20] = [
    "130", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "157", "158", "159", "177", "180",
    "186", "187", "189", "199",
];

impl Ctx {
    fn new(opts: &DemoOptions, now: NaiveDateTime, calendar: Calendar) -> Ctx {
        Ctx {
            rng: ChaCha8Rng::seed_from_u64(opts.seed),
            words: words::words(),
            today: opts.today,
            now,
            calendar,
            phones: HashSet::new(),
            resident_ids: HashSet::new(),
            requests_wanted: None,
        }
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }

    pub fn range(&mut self, lo: i64, hi_inclusive: i64) -> i64 {
        self.rng.random_range(lo..=hi_inclusive)
    }

    /// A unique mobile number.
    pub fn phone(&mut self) -> String {
        loop {
            let prefix = words::pick(&mut self.rng, &MOBILE_PREFIXES);
            let rest: u32 = self.rng.random_range(0..100_000_000);
            let phone = format!("{prefix}{rest:08}");
            if self.phones.insert(phone.clone()) {
                return phone;
            }
        }
    }

    /// A unique, valid 18-digit resident ID for this birth date and gender.
    pub fn resident_id(&mut self, birth: NaiveDate, male: bool) -> String {
        // County codes around Shaoxing; 330621 (the former 绍兴县) dominates.
        const REGIONS: [&str; 9] = [
            "330621", "330602", "330603", "330604", "330681", "330683", "330624", "330106", "330282",
        ];
        const REGION_WEIGHTS: [u32; 9] = [50, 15, 10, 5, 6, 5, 3, 3, 3];
        loop {
            let region = REGIONS[words::weighted(&mut self.rng, &REGION_WEIGHTS)];
            let seq: u32 = self.rng.random_range(0..50);
            let gender_digit: u32 = self.rng.random_range(0..5) * 2 + u32::from(male);
            let first17 = format!("{region}{}{seq:02}{gender_digit}", birth.format("%Y%m%d"));
            let check = crate::domain::ids::check_digit(&first17).expect("17 digits");
            let id = format!("{first17}{check}");
            if self.resident_ids.insert(id.clone()) {
                return id;
            }
        }
    }

    /// A moment during office hours on `day`, capped at `now`.
    pub fn office_time(&mut self, day: NaiveDate) -> NaiveDateTime {
        let minute = self.rng.random_range(8 * 60 + 15..17 * 60 + 20);
        let t = day.and_time(
            NaiveTime::from_hms_opt(minute / 60, minute % 60, self.rng.random_range(0..60)).expect("valid time"),
        );
        t.min(self.now)
    }

    /// `days` working days after `day`, by the program's own rule
    /// (`domain::calendar::add_working_days`).
    pub fn add_working_days(&self, day: NaiveDate, days: u32) -> NaiveDate {
        crate::domain::calendar::add_working_days(day, days, &self.calendar)
    }

    pub fn is_off(&self, day: NaiveDate) -> bool {
        !self.calendar.is_working_day(day)
    }

    /// A random day in the last `days` days (inclusive of today).
    pub fn recent_day(&mut self, days: i64) -> NaiveDate {
        self.today - Duration::days(self.rng.random_range(0..days.max(1)))
    }
}

pub(crate) fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

pub(crate) fn fmt_time(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

pub(crate) fn fmt_day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}
