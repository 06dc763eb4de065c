//! Per-cadre request figures for accountability: urges (催办) received and
//! requests currently overdue.

use super::calendar_days::date_text;
use super::request_ops::Result;
use chrono::NaiveDate;
use rusqlite::Connection;

/// One cadre's record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CadreRequestRecord {
    pub cadre_id: i64,
    pub cadre_name: String,
    /// Urges logged while the cadre held the request, `from..=to`.
    pub urges: i64,
    /// Open requests assigned to the cadre whose due date is before `today`.
    pub overdue_now: i64,
}

/// Every active cadre's urges in the period and overdue requests today.
pub fn cadre_request_records(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Vec<CadreRequestRecord>> {
    let mut stmt = conn.prepare(
        "SELECT k.id, k.name,
            (SELECT count(*) FROM request_events e
              WHERE e.cadre_id = k.id AND e.action = 'urge' AND substr(e.at, 1, 10) BETWEEN ?1 AND ?2),
            (SELECT count(*) FROM requests r
              WHERE r.assignee_id = k.id AND r.status IN ('received', 'assigned', 'in_progress', 'escalated')
                AND r.due_at < ?3)
         FROM cadres k WHERE k.active = 1 ORDER BY k.id",
    )?;
    let rows = stmt.query_map(
        rusqlite::params![date_text(from), date_text(to), date_text(today)],
        |r| {
            Ok(CadreRequestRecord {
                cadre_id: r.get(0)?,
                cadre_name: r.get(1)?,
                urges: r.get(2)?,
                overdue_now: r.get(3)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
