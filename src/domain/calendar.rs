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
    /// `line` is 1-based when the parser could place the fault.
    #[error("calendar file is not valid TOML (line {line:?}): {message}")]
    Syntax { line: Option<usize>, message: String },
    /// A misspelled key would otherwise import nothing and look fine.
    #[error("unknown key in calendar file: {0}")]
    UnknownKey(String),
    #[error("not a date (YYYY-MM-DD): {0}")]
    BadDate(String),
    #[error("holiday range ends before it starts: {from} .. {to}")]
    BadRange { from: NaiveDate, to: NaiveDate },
    /// A date outside the `[[year]]` section it is listed in.
    #[error("{day} is listed under year {year}")]
    OutsideYear { day: NaiveDate, year: i32 },
    #[error("{0} is listed both as a holiday and as a make-up workday")]
    HolidayAndWorkday(NaiveDate),
    #[error("year {0} appears more than once")]
    DuplicateYear(i32),
    #[error("year {0} lists no days")]
    EmptyYear(i32),
    /// Import only: a year far from now is a typo, not a notice.
    #[error("year {year} is outside {from}..={to}")]
    YearOutOfRange { year: i32, from: i32, to: i32 },
}

/// How far from the current year an imported calendar may reach (README
/// "Holiday calendar and deadlines"): the State Council publishes one year
/// ahead; older years only matter for deadlines still open.
pub const IMPORT_YEAR_SPAN: i32 = 5;

#[derive(Debug, Clone, Default)]
pub struct Calendar {
    days: BTreeMap<NaiveDate, CalendarDay>,
    years: BTreeSet<i32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlFile {
    #[serde(default)]
    year: Vec<TomlYear>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlYear {
    year: i32,
    #[serde(default)]
    holidays: Vec<(String, String, String)>,
    #[serde(default)]
    workdays: Vec<String>,
}

/// The parser's message is English; keep only what we can say in the
/// user's language: the unknown key, or the line of the fault.
fn syntax_error(text: &str, e: &toml::de::Error) -> CalendarError {
    let message = e.message().to_string();
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some(end) = rest.find('`')
    {
        return CalendarError::UnknownKey(rest[..end].to_string());
    }
    let line = e
        .span()
        .and_then(|s| text.get(..s.start))
        .map(|before| before.matches('\n').count() + 1);
    CalendarError::Syntax { line, message }
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
    /// Every date must lie in its section's year (which also bounds the work
    /// per section to one year of days), a day cannot be both holiday and
    /// workday, a year appears once and lists at least one day, and unknown
    /// keys are errors, so a typo never imports silently.
    pub fn from_toml(text: &str) -> Result<Calendar, CalendarError> {
        let file: TomlFile = toml::from_str(text).map_err(|e| syntax_error(text, &e))?;
        let mut cal = Calendar::default();
        for y in file.year {
            if !cal.years.insert(y.year) {
                return Err(CalendarError::DuplicateYear(y.year));
            }
            if y.holidays.is_empty() && y.workdays.is_empty() {
                return Err(CalendarError::EmptyYear(y.year));
            }
            let in_year = |day: NaiveDate| {
                if day.year() == y.year {
                    Ok(day)
                } else {
                    Err(CalendarError::OutsideYear { day, year: y.year })
                }
            };
            for (from, to, name) in &y.holidays {
                let (from, to) = (in_year(parse_day(from)?)?, in_year(parse_day(to)?)?);
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
                let day = in_year(parse_day(w)?)?;
                if cal.days.get(&day).is_some_and(|d| d.kind == DayKind::Holiday) {
                    return Err(CalendarError::HolidayAndWorkday(day));
                }
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

    /// For an import: every year must lie within `current_year` ±
    /// [`IMPORT_YEAR_SPAN`].
    pub fn check_import_years(&self, current_year: i32) -> Result<(), CalendarError> {
        let (from, to) = (current_year - IMPORT_YEAR_SPAN, current_year + IMPORT_YEAR_SPAN);
        match self.years.iter().find(|y| !(from..=to).contains(*y)) {
            Some(&year) => Err(CalendarError::YearOutOfRange { year, from, to }),
            None => Ok(()),
        }
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
            Err(CalendarError::Syntax { line: Some(1), .. })
        ));
        let bad = "[[year]]\nyear = 2027\nworkdays = [\"2027-02-30\"]\n";
        assert_eq!(
            Calendar::from_toml(bad).unwrap_err(),
            CalendarError::BadDate("2027-02-30".into())
        );
        let rev = "[[year]]\nyear = 2027\nholidays = [[\"2027-02-10\", \"2027-02-01\", \"x\"]]\n";
        assert!(matches!(Calendar::from_toml(rev), Err(CalendarError::BadRange { .. })));
    }

    #[test]
    fn dates_must_lie_in_their_declared_year() {
        // Finding 5: a "2027" section holding 1999 and 2031 dates.
        let f = "[[year]]\nyear = 2027\nholidays = [[\"1999-10-01\", \"1999-10-07\", \"x\"]]\n";
        assert_eq!(
            Calendar::from_toml(f).unwrap_err(),
            CalendarError::OutsideYear {
                day: d(1999, 10, 1),
                year: 2027
            }
        );
        let f = "[[year]]\nyear = 2027\nworkdays = [\"2031-02-14\"]\n";
        assert!(matches!(Calendar::from_toml(f), Err(CalendarError::OutsideYear { .. })));
        // A range running past the year's end is refused too (that also
        // bounds a range to one year of days: no 9999-12-31).
        let f = "[[year]]\nyear = 2027\nholidays = [[\"2027-01-01\", \"9999-12-31\", \"x\"]]\n";
        assert!(matches!(Calendar::from_toml(f), Err(CalendarError::OutsideYear { .. })));
    }

    #[test]
    fn a_day_both_holiday_and_workday_is_an_error() {
        let f = "[[year]]\nyear = 2027\nholidays = [[\"2027-02-05\", \"2027-02-11\", \"春节\"]]\nworkdays = [\"2027-02-07\"]\n";
        assert_eq!(
            Calendar::from_toml(f).unwrap_err(),
            CalendarError::HolidayAndWorkday(d(2027, 2, 7))
        );
    }

    #[test]
    fn unknown_keys_duplicate_and_empty_years_are_errors() {
        let f = "[[year]]\nyear = 2027\nholiday = [[\"2027-02-05\", \"2027-02-11\", \"春节\"]]\n";
        assert_eq!(
            Calendar::from_toml(f).unwrap_err(),
            CalendarError::UnknownKey("holiday".into())
        );
        let f = "[[years]]\nyear = 2027\n";
        assert_eq!(
            Calendar::from_toml(f).unwrap_err(),
            CalendarError::UnknownKey("years".into())
        );
        let f =
            "[[year]]\nyear = 2027\nworkdays = [\"2027-02-14\"]\n[[year]]\nyear = 2027\nworkdays = [\"2027-02-20\"]\n";
        assert_eq!(Calendar::from_toml(f).unwrap_err(), CalendarError::DuplicateYear(2027));
        assert_eq!(
            Calendar::from_toml("[[year]]\nyear = 2027\n").unwrap_err(),
            CalendarError::EmptyYear(2027)
        );
    }

    #[test]
    fn imports_reach_five_years_around_now() {
        let c = cal();
        assert!(c.check_import_years(2026).is_ok());
        assert!(c.check_import_years(2030).is_ok());
        assert_eq!(
            c.check_import_years(2031).unwrap_err(),
            CalendarError::YearOutOfRange {
                year: 2025,
                from: 2026,
                to: 2036
            }
        );
    }

    proptest::proptest! {
        #[test]
        fn from_toml_never_panics_on_arbitrary_text(text in "\\PC*") {
            let _ = Calendar::from_toml(&text);
        }

        /// Near-valid files reach the date and range checks, which plain
        /// random text rarely does.
        #[test]
        fn from_toml_never_panics_on_near_valid_files(
            year in proptest::prelude::any::<i32>(),
            dates in proptest::collection::vec("[0-9+-]{0,12}", 0..6),
            name in "\\PC{0,8}",
        ) {
            let quoted: Vec<String> = dates.iter().map(|x| format!("{x:?}")).collect();
            let holidays: Vec<String> = quoted
                .chunks(2)
                .map(|p| format!("[{}, {}, {name:?}]", p[0], p.get(1).unwrap_or(&p[0])))
                .collect();
            let text = format!(
                "[[year]]\nyear = {year}\nholidays = [{}]\nworkdays = [{}]\n",
                holidays.join(", "),
                quoted.join(", ")
            );
            if let Ok(c) = Calendar::from_toml(&text) {
                // Whatever parsed is bounded by its declared year.
                proptest::prop_assert!(c.days().all(|x| x.day.year() == year));
                let _ = c.check_import_years(2026);
            }
        }
    }
}
