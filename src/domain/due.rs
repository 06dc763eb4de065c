//! How a due date reads relative to today (今天 / 2天后 / 逾期3天).

use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueIn {
    Overdue(i64),
    Today,
    Days(i64),
}

pub fn due_in(due: NaiveDate, today: NaiveDate) -> DueIn {
    let days = (due - today).num_days();
    match days {
        d if d < 0 => DueIn::Overdue(-d),
        0 => DueIn::Today,
        d => DueIn::Days(d),
    }
}

/// Reads the day part of a stored 'YYYY-MM-DD[ HH:MM:SS]' value.
pub fn parse_day(stored: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(stored.get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_day(s).unwrap()
    }

    #[test]
    fn relative_due_dates() {
        let today = d("2026-11-26");
        assert_eq!(due_in(d("2026-11-23"), today), DueIn::Overdue(3));
        assert_eq!(due_in(d("2026-11-26 17:00:00"), today), DueIn::Today);
        assert_eq!(due_in(d("2026-11-28"), today), DueIn::Days(2));
        assert_eq!(parse_day("bad"), None);
    }
}
