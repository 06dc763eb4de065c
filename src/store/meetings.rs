//! Meetings (民情分析会/议事会) and their agenda items: read side.

use super::Result;
use super::scope::{SessionScope, own_meeting_ids};
pub use crate::model::meetings::{AgendaRow, MeetingRow};
use rusqlite::Connection;

/// Every meeting, newest first, with its agenda items.
pub fn list_meetings(conn: &Connection) -> Result<Vec<MeetingRow>> {
    list_meetings_for(conn, &SessionScope::All)
}

/// [`list_meetings`] as `scope` sees them: for a cadre account those on
/// its topics and those it chairs, presents at or attends
/// (`scope::own_meeting_ids`).
pub fn list_meetings_for(conn: &Connection, scope: &SessionScope) -> Result<Vec<MeetingRow>> {
    let own = own_meeting_ids(conn, scope)?;
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
        .collect::<rusqlite::Result<Vec<MeetingRow>>>()?;
    meetings.retain(|m| own.as_ref().is_none_or(|o| o.contains(&m.id)));
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
