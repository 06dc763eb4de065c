//! Working days: weekends are off except make-up workdays (调休上班), official
//! holidays are off. The calendar is data (shipped TOML, then the editable
//! `calendar_days` table); a year without data falls back to weekends only
//! and is reported so the UI can warn.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// The official calendar shipped with the program.
pub const SHIPPED_TOML: &str = include_str!("../../assets/holidays-cn.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// 放假: off even on a weekday.
    Holiday,
    /// 调休上班: a working weekend day.
    Workday,
}

impl DayKind {
    /// The `calendar_days.kind` code.
    pub fn code(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }

    pub fn parse(code: &str) -> Option<DayKind> {
        match code {
            "holiday" => Some(DayKind::Holiday),
            "workday" => Some(DayKind::Workday),
            _ => None,
        }
    }
}

/// One exception to the weekend rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarDay {
    pub day: NaiveDate,
    pub kind: DayKind,
    /// e.g. 春节; empty for make-up workdays.
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("calendar file is not valid TOML: {0}")]
    Syntax(String),
    #[error("not a date (YYYY-MM-DD): {0}")]
    BadDate(String),
    #[error("holiday range ends before it starts: {from} .. {to}")]
    BadRange { from: NaiveDate, to: NaiveDate },
}

#[derive(Debug, Clone, Default)]
pub struct Calendar {
    days: BTreeMap<NaiveDate, CalendarDay>,
    years: BTreeSet<i32>,
}

#[derive(Deserialize)]
struct TomlFile {
    #[serde(default)]
    year: Vec<TomlYear>,
}

#[derive(Deserialize)]
struct TomlYear {
    year: i32,
    #[serde(default)]
    holidays: Vec<(String, String, String)>,
    #[serde(default)]
    workdays: Vec<String>,
}

fn parse_day(text: &str) -> Result<NaiveDate, CalendarError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| CalendarError::BadDate(text.to_string()))
}

impl Calendar {
    /// A calendar from explicit days; every year that has at least one day
    /// counts as covered (that is how the `calendar_days` table is read).
    pub fn new(days: impl IntoIterator<Item = CalendarDay>) -> Calendar {
        let mut cal = Calendar::default();
        for d in days {
            cal.years.insert(d.day.year());
            cal.days.insert(d.day, d);
        }
        cal
    }

    /// Parses the holidays file format of `assets/holidays-cn.toml`: one
    /// `[[year]]` per year with inclusive `[from, to, name]` holiday ranges
    /// and a list of make-up workdays. A listed year counts as covered.
    pub fn from_toml(text: &str) -> Result<Calendar, CalendarError> {
        let file: TomlFile = toml::from_str(text).map_err(|e| CalendarError::Syntax(e.message().to_string()))?;
        let mut cal = Calendar::default();
        for y in file.year {
            cal.years.insert(y.year);
            for (from, to, name) in &y.holidays {
                let (from, to) = (parse_day(from)?, parse_day(to)?);
                if to < from {
                    return Err(CalendarError::BadRange { from, to });
                }
                for day in from.iter_days().take_while(|d| *d <= to) {
                    cal.days.insert(
                        day,
                        CalendarDay {
                            day,
                            kind: DayKind::Holiday,
                            name: name.clone(),
                        },
                    );
                }
            }
            for w in &y.workdays {
                let day = parse_day(w)?;
                cal.days.insert(
                    day,
                    CalendarDay {
                        day,
                        kind: DayKind::Workday,
                        name: String::new(),
                    },
                );
            }
        }
        Ok(cal)
    }

    /// The calendar shipped in `assets/holidays-cn.toml`.
    pub fn shipped() -> Result<Calendar, CalendarError> {
        Calendar::from_toml(SHIPPED_TOML)
    }

    /// All exceptions, in date order.
    pub fn days(&self) -> impl Iterator<Item = &CalendarDay> {
        self.days.values()
    }

    pub fn day(&self, day: NaiveDate) -> Option<&CalendarDay> {
        self.days.get(&day)
    }

    /// Years with calendar data, ascending.
    pub fn years_covered(&self) -> Vec<i32> {
        self.years.iter().copied().collect()
    }

    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// Years between `from` and `to` (inclusive) without calendar data: the UI
    /// warns "year X has no holiday calendar; deadlines count weekends only".
    pub fn missing_years(&self, from: NaiveDate, to: NaiveDate) -> Vec<i32> {
        let (a, b) = if from <= to { (from, to) } else { (to, from) };
        (a.year()..=b.year()).filter(|y| !self.covers(*y)).collect()
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        match self.days.get(&day).map(|d| d.kind) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// `day` if it is a working day, else the next one.
    pub fn next_working_day(&self, day: NaiveDate) -> NaiveDate {
        let mut d = day;
        while !self.is_working_day(d) {
            match d.succ_opt() {
                Some(next) => d = next,
                None => break,
            }
        }
        d
    }
}

/// The date `n` working days after `start`.
///
/// Rule: a request received on a non-working day counts as received on the
/// next working day (the office was closed). `n = 0` is that day itself
/// (urgent: same working day); `n = 3` from a Friday is the next Wednesday.
pub fn add_working_days(start: NaiveDate, n: u32, cal: &Calendar) -> NaiveDate {
    let mut d = cal.next_working_day(start);
    for _ in 0..n {
        match d.succ_opt() {
            Some(next) => d = cal.next_working_day(next),
            None => break,
        }
    }
    d
}

/// A due date plus the years it was computed without calendar data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueDate {
    pub due: NaiveDate,
    /// Non-empty: show a warning (weekends only were skipped in these years).
    pub uncovered_years: Vec<i32>,
}

pub fn due_date(start: NaiveDate, working_days: u32, cal: &Calendar) -> DueDate {
    let due = add_working_days(start, working_days, cal);
    DueDate {
        due,
        uncovered_years: cal.missing_years(start, due),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cal() -> Calendar {
        Calendar::shipped().unwrap()
    }

    #[test]
    fn shipped_file_parses() {
        let c = cal();
        assert_eq!(c.years_covered(), vec![2025, 2026]);
        assert_eq!(c.day(d(2026, 2, 17)).map(|x| x.name.as_str()), Some("春节"));
        assert_eq!(c.day(d(2026, 2, 14)).map(|x| x.kind), Some(DayKind::Workday));
    }

    #[test]
    fn weekends_are_skipped() {
        let c = cal();
        // Friday 2026-03-06 + 3 = Wednesday 2026-03-11.
        assert_eq!(add_working_days(d(2026, 3, 6), 3, &c), d(2026, 3, 11));
        // Received on Saturday: counting starts Monday 03-09; +0 is Monday.
        assert_eq!(add_working_days(d(2026, 3, 7), 0, &c), d(2026, 3, 9));
        assert_eq!(add_working_days(d(2026, 3, 7), 3, &c), d(2026, 3, 12));
        assert_eq!(add_working_days(d(2026, 3, 9), 0, &c), d(2026, 3, 9));
        // 13 working days from Monday 03-02 = Thursday 03-19.
        assert_eq!(add_working_days(d(2026, 3, 2), 13, &c), d(2026, 3, 19));
    }

    #[test]
    fn spring_festival_2026_and_make_up_days() {
        let c = cal();
        assert!(c.is_working_day(d(2026, 2, 14)), "Saturday make-up workday");
        assert!(c.is_working_day(d(2026, 2, 28)), "Saturday make-up workday");
        assert!(!c.is_working_day(d(2026, 2, 16)), "Monday in the holiday");
        // Fri 02-13 + 1 = Sat 02-14 (workday).
        assert_eq!(add_working_days(d(2026, 2, 13), 1, &c), d(2026, 2, 14));
        // Sat 02-14 + 1 skips 02-15..02-23 → Tue 02-24.
        assert_eq!(add_working_days(d(2026, 2, 14), 1, &c), d(2026, 2, 24));
        // Received on the holiday: counting starts 02-24; +3 = 02-27; +4 = Sat 02-28.
        assert_eq!(add_working_days(d(2026, 2, 18), 3, &c), d(2026, 2, 27));
        assert_eq!(add_working_days(d(2026, 2, 18), 4, &c), d(2026, 2, 28));
        // Consultation received Thu 02-12: 02-13, 02-14, 02-24.
        assert_eq!(add_working_days(d(2026, 2, 12), 3, &c), d(2026, 2, 24));
    }

    #[test]
    fn national_day() {
        let c = cal();
        // 2026: 10-01..10-07 off, Sat 10-10 works. Wed 09-30 + 1 = Thu 10-08.
        assert_eq!(add_working_days(d(2026, 9, 30), 1, &c), d(2026, 10, 8));
        // 10-08 (Thu), 10-09 (Fri), 10-10 (Sat, workday), 10-12 (Mon).
        assert_eq!(add_working_days(d(2026, 9, 30), 4, &c), d(2026, 10, 12));
        // 2025: 10-01..10-08 off, Sat 09-28 and Sat 10-11 work.
        assert_eq!(add_working_days(d(2025, 9, 26), 1, &c), d(2025, 9, 28));
        assert_eq!(add_working_days(d(2025, 9, 30), 1, &c), d(2025, 10, 9));
    }

    #[test]
    fn year_without_data_counts_weekends_only_and_warns() {
        let c = cal();
        // 2027-01-01 is a Friday (New Year, but there is no data): a working day.
        let due = due_date(d(2027, 1, 1), 1, &c);
        assert_eq!(due.due, d(2027, 1, 4));
        assert_eq!(due.uncovered_years, vec![2027]);
        // Crossing into 2027 from covered 2026.
        let due = due_date(d(2026, 12, 30), 13, &c);
        assert_eq!(due.uncovered_years, vec![2027]);
        assert!(due_date(d(2026, 3, 2), 13, &c).uncovered_years.is_empty());
    }

    #[test]
    fn office_added_days_count() {
        let mut days: Vec<CalendarDay> = cal().days().cloned().collect();
        days.push(CalendarDay {
            day: d(2027, 1, 1),
            kind: DayKind::Holiday,
            name: "元旦".into(),
        });
        let c = Calendar::new(days);
        assert!(c.covers(2027));
        assert_eq!(add_working_days(d(2027, 1, 1), 0, &c), d(2027, 1, 4));
    }

    #[test]
    fn bad_files_are_errors_not_panics() {
        assert!(matches!(
            Calendar::from_toml("[[year]\n"),
            Err(CalendarError::Syntax(_))
        ));
        let bad = "[[year]]\nyear = 2027\nworkdays = [\"2027-02-30\"]\n";
        assert_eq!(
            Calendar::from_toml(bad).unwrap_err(),
            CalendarError::BadDate("2027-02-30".into())
        );
        let rev = "[[year]]\nyear = 2027\nholidays = [[\"2027-02-10\", \"2027-02-01\", \"x\"]]\n";
        assert!(matches!(Calendar::from_toml(rev), Err(CalendarError::BadRange { .. })));
    }
}
