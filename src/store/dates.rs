//! The one way the store reads a day from its DATE and DATETIME columns:
//! through rusqlite's `chrono` conversions, never by slicing text. Days are
//! kept as 'YYYY-MM-DD' and instants as 'YYYY-MM-DD HH:MM:SS'; either reads
//! as a day (the day part of an instant).

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Row;
use rusqlite::types::{FromSql, ValueRef};

/// The day in column `idx`: `None` for NULL and for a value that is not a
/// date (a hand-edited row must not stop a pane or a report).
pub(crate) fn day_at(row: &Row, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(day_of(row.get_ref(idx)?))
}

fn day_of(value: ValueRef<'_>) -> Option<NaiveDate> {
    NaiveDate::column_result(value)
        .ok()
        .or_else(|| NaiveDateTime::column_result(value).ok().map(|t| t.date()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(sql_value: &str) -> Option<NaiveDate> {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.query_row(&format!("SELECT {sql_value}"), [], |r| day_at(r, 0))
            .unwrap()
    }

    #[test]
    fn reads_days_and_instants_and_tolerates_junk() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 26);
        assert_eq!(read("'2026-11-26'"), day);
        assert_eq!(read("'2026-11-26 17:00:00'"), day);
        assert_eq!(read("'2026-11-26T17:00:00'"), day);
        assert_eq!(read("'2026-11-26 17:00:00.250'"), day);
        assert_eq!(read("NULL"), None);
        for junk in ["'bad'", "'2026-13-01'", "'二〇二六年'", "42", "''", "'2026-11-26junk'"] {
            assert_eq!(read(junk), None, "{junk}");
        }
    }
}
