//! The editable working-day calendar (`calendar_days`, seeded from the
//! shipped TOML by migration 002) and the deadline rules (`sla_rules`).

use super::dates::day_at;
use super::{Result, Store};
use crate::domain::calendar::{Calendar, CalendarDay, DayKind, DueDate, due_date};
use crate::domain::request::{Priority, RequestKind, sla_kind};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

pub(crate) fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The calendar as the office has it now. Rows with an unreadable day or
/// kind are skipped (they cannot be entered through this module).
pub fn load_calendar(conn: &Connection) -> Result<Calendar> {
    let mut stmt = conn.prepare("SELECT day, kind, name FROM calendar_days ORDER BY day")?;
    let rows = stmt.query_map([], |r| {
        Ok((day_at(r, 0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
    })?;
    let mut days = Vec::new();
    for row in rows {
        let (day, kind, name) = row?;
        if let (Some(day), Some(kind)) = (day, DayKind::parse(&kind)) {
            days.push(CalendarDay { day, kind, name });
        }
    }
    Ok(Calendar::new(days))
}

/// Adds or replaces one day (e.g. next year's holidays from the new notice).
pub fn add_calendar_day(store: &mut Store, day: &CalendarDay) -> Result<()> {
    store.write(|tx, actor| {
        tx.execute(
            "INSERT INTO calendar_days (day, kind, name) VALUES (?1, ?2, ?3)
             ON CONFLICT(day) DO UPDATE SET kind = excluded.kind, name = excluded.name",
            rusqlite::params![date_text(day.day), day.kind.code(), day.name],
        )?;
        let object = format!("calendar:{}", date_text(day.day));
        Store::audit(
            tx,
            actor,
            "calendar.add",
            &object,
            &format!("{} {}", day.kind.code(), day.name),
        )
    })
}

/// Removes one day; `false` when it was not in the calendar.
pub fn remove_calendar_day(store: &mut Store, day: NaiveDate) -> Result<bool> {
    store.write(|tx, actor| {
        let n = tx.execute("DELETE FROM calendar_days WHERE day = ?1", [date_text(day)])?;
        if n > 0 {
            Store::audit(
                tx,
                actor,
                "calendar.remove",
                &format!("calendar:{}", date_text(day)),
                "",
            )?;
        }
        Ok(n > 0)
    })
}

/// Adds every day of `cal` (e.g. a TOML file in the shipped format for a
/// new year, parsed with `Calendar::from_toml`) in one transaction.
pub fn import_calendar(store: &mut Store, cal: &Calendar) -> Result<usize> {
    store.write(|tx, actor| {
        let mut n = 0;
        for day in cal.days() {
            n += tx.execute(
                "INSERT INTO calendar_days (day, kind, name) VALUES (?1, ?2, ?3)
                 ON CONFLICT(day) DO UPDATE SET kind = excluded.kind, name = excluded.name",
                rusqlite::params![date_text(day.day), day.kind.code(), day.name],
            )?;
        }
        Store::audit(tx, actor, "calendar.import", "calendar", &format!("{n} days"))?;
        Ok(n)
    })
}

/// Working days allowed for a request of this kind and urgency. A missing
/// rule (deleted by hand) falls back to the shipped defaults.
pub fn sla_working_days(conn: &Connection, kind: RequestKind, priority: Priority) -> Result<u32> {
    let rule = sla_kind(kind, priority);
    let days: Option<i64> = conn
        .query_row("SELECT working_days FROM sla_rules WHERE kind = ?1", [rule], |r| {
            r.get(0)
        })
        .optional()?;
    let fallback = match rule {
        "urgent" => 0,
        "consultation" => 3,
        _ => 13,
    };
    Ok(days.and_then(|d| u32::try_from(d).ok()).unwrap_or(fallback))
}

/// All deadline rules: (sla kind code, working days).
pub fn sla_rules(conn: &Connection) -> Result<Vec<(String, u32)>> {
    let mut stmt = conn.prepare("SELECT kind, working_days FROM sla_rules ORDER BY working_days, kind")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (kind, days) = row?;
        out.push((kind, u32::try_from(days).unwrap_or(0)));
    }
    Ok(out)
}

/// Changes one deadline rule (`kind`: urgent, consultation, help, complaint, suggestion).
pub fn set_sla_rule(store: &mut Store, kind: &str, working_days: u32) -> Result<()> {
    store.write(|tx, actor| {
        tx.execute(
            "INSERT INTO sla_rules (kind, working_days) VALUES (?1, ?2)
             ON CONFLICT(kind) DO UPDATE SET working_days = excluded.working_days",
            rusqlite::params![kind, working_days],
        )?;
        Store::audit(tx, actor, "sla.set", &format!("sla:{kind}"), &working_days.to_string())
    })
}

/// The due date of a request received on `received`, with the years that
/// had no calendar data (the UI warns about those).
pub fn compute_due(conn: &Connection, received: NaiveDate, kind: RequestKind, priority: Priority) -> Result<DueDate> {
    let days = sla_working_days(conn, kind, priority)?;
    Ok(due_date(received, days, &load_calendar(conn)?))
}
