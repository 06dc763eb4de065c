//! Reading a day from text a read model still carries (e.g. a household's
//! `verified_at`). The store itself reads its date columns through
//! rusqlite's chrono conversions (`store::dates`), never with this.

use chrono::NaiveDate;

/// The day part of a stored 'YYYY-MM-DD[ HH:MM:SS]' value; `None` when it
/// is not a date (a hand-edited row must not crash a pane).
pub fn parse_day(stored: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(stored.get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_days_and_instants_and_refuses_junk() {
        assert_eq!(parse_day("2026-11-26"), NaiveDate::from_ymd_opt(2026, 11, 26));
        assert_eq!(parse_day("2026-11-26 17:00:00"), NaiveDate::from_ymd_opt(2026, 11, 26));
        assert_eq!(parse_day("bad"), None);
        assert_eq!(parse_day("2026-13-01"), None);
        assert_eq!(parse_day("二〇二六年"), None);
    }
}
