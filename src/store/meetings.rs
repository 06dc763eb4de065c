//! Meetings (民情分析会/议事会) and their agenda items: read side.

use super::Result;
pub use crate::model::meetings::{AgendaRow, MeetingRow};
use rusqlite::Connection;

pub fn list_meetings(conn: &Connection) -> Result<Vec<MeetingRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.kind, m.level, m.title, m.starts_at, m.place, c.name, m.status
         FROM meetings m LEFT JOIN cadres c ON c.id = m.chair_id
         ORDER BY m.starts_at DESC, m.id DESC",
    )?;
    let mut meetings = stmt
        .query_map([], |r| {
            Ok(MeetingRow {
                id: r.get(0)?,
                kind: r.get(1)?,
                level: r.get(2)?,
                title: r.get(3)?,
                starts_at: r.get(4)?,
                place: r.get(5)?,
                chair: r.get(6)?,
                status: r.get(7)?,
                items: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut items = conn.prepare_cached(
        "SELECT a.meeting_id, a.position, a.title, a.minutes_allotted, c.name,
                (SELECT count(*) FROM decisions d WHERE d.agenda_item_id = a.id)
         FROM agenda_items a LEFT JOIN cadres c ON c.id = a.presenter_id
         ORDER BY a.meeting_id, a.position",
    )?;
    let rows = items.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            AgendaRow {
                position: r.get(1)?,
                title: r.get(2)?,
                minutes_allotted: r.get(3)?,
                presenter: r.get(4)?,
                decisions: r.get(5)?,
            },
        ))
    })?;
    for row in rows {
        let (meeting_id, item) = row?;
        if let Some(m) = meetings.iter_mut().find(|m| m.id == meeting_id) {
            m.items.push(item);
        }
    }
    Ok(meetings)
}
