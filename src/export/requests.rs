//! The triage table as a sheet (README "Exports"): the requests as
//! filtered in the requests pane or by `minqing export requests`, with the
//! resident's ID and phone masked unless a full export was allowed.

use super::sheet::{Cell, Sheet};
use super::texts::{header, t};
use crate::domain::ids::{mask_phone, mask_resident_id};
use crate::domain::request::DueState;
use crate::model::requests::RequestRow;
use crate::text::i18n::{Lang, label, texts};
use chrono::NaiveDate;
use rusqlite::Connection;
use std::collections::HashMap;

/// A request's phone (the caller's, else the resident's) and resident ID.
type Contact = (Option<String>, Option<String>);

/// The [`Contact`] of every request, by request id.
fn contacts(conn: &Connection) -> crate::store::Result<HashMap<i64, Contact>> {
    let mut stmt = conn.prepare(
        "SELECT r.id, coalesce(r.caller_phone, p.phone), p.resident_id
         FROM requests r LEFT JOIN persons p ON p.id = r.person_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn day(text: &str) -> Cell {
    text.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or_else(|| Cell::text(text), Cell::Date)
}

/// The rows in the order given, as one sheet.
pub fn sheet(conn: &Connection, rows: &[RequestRow], full: bool, lang: Lang) -> crate::store::Result<Sheet> {
    let x = t(lang);
    let tx = texts(lang);
    let contacts = contacts(conn)?;
    let mut s = Sheet::new(&x.requests_sheet, header(&x.requests_header));
    for r in rows {
        let (phone, id) = contacts.get(&r.id).cloned().unwrap_or_default();
        let phone = phone.map(|p| if full { p } else { mask_phone(&p) });
        let id = id.map(|i| if full { i } else { mask_resident_id(&i) });
        let overdue = matches!(r.due_state, DueState::Overdue { .. });
        s.rows.push(vec![
            Cell::Int(r.id),
            day(&r.received_at),
            Cell::text(label(&tx.channel, r.channel.code())),
            Cell::opt_text(r.village_name.clone()),
            Cell::opt_text(r.grid_name.clone()),
            Cell::opt_text(r.resident_name.clone()),
            Cell::opt_text(id),
            Cell::opt_text(phone),
            Cell::opt_text(r.category_name.clone()),
            Cell::text(&r.title),
            Cell::opt_text(r.assignee_name.clone()),
            Cell::text(label(&tx.status, r.status.code())),
            Cell::text(label(&tx.priority, r.priority.code())),
            Cell::text(label(&tx.level, r.level.code())),
            r.due.map_or(Cell::Empty, Cell::Date),
            Cell::text(if overdue { &tx.form.yes } else { &tx.form.no }),
            r.resolved_at.as_deref().map_or(Cell::Empty, day),
            Cell::Int(r.urge_count),
        ]);
    }
    Ok(s)
}
