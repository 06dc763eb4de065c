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

/// What a calendar import changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// Days written from the file.
    pub written: usize,
    /// Days of those years that were in the calendar and are not any more.
    pub removed: usize,
}

/// Replaces every year listed in `cal` (e.g. a TOML file in the shipped
/// format for a new year, parsed with `Calendar::from_toml`) by the file's
/// days, in one transaction: a corrected notice that drops a day removes it.
/// Years not in the file are left alone.
pub fn import_calendar(store: &mut Store, cal: &Calendar) -> Result<ImportSummary> {
    store.write(|tx, actor| {
        let mut removed = 0;
        for year in cal.years_covered() {
            let range = [format!("{year:04}-01-01"), format!("{year:04}-12-31")];
            let mut stmt = tx.prepare("SELECT day FROM calendar_days WHERE day >= ?1 AND day <= ?2")?;
            for day in stmt.query_map(rusqlite::params_from_iter(&range), |r| day_at(r, 0))? {
                if day?.is_none_or(|d| cal.day(d).is_none()) {
                    removed += 1;
                }
            }
            tx.execute(
                "DELETE FROM calendar_days WHERE day >= ?1 AND day <= ?2",
                rusqlite::params_from_iter(&range),
            )?;
        }
        let mut written = 0;
        for day in cal.days() {
            written += tx.execute(
                "INSERT INTO calendar_days (day, kind, name) VALUES (?1, ?2, ?3)",
                rusqlite::params![date_text(day.day), day.kind.code(), day.name],
            )?;
        }
        let years: Vec<String> = cal.years_covered().iter().map(|y| y.to_string()).collect();
        Store::audit(
            tx,
            actor,
            "calendar.import",
            "calendar",
            &format!("years {}: {written} days, {removed} removed", years.join(",")),
        )?;
        Ok(ImportSummary { written, removed })
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
/// Days outside `domain::request::sla_day_range` are refused here too, so
/// no caller can store `urgent 99999`.
pub fn set_sla_rule(store: &mut Store, kind: &str, working_days: u32) -> Result<()> {
    let range = crate::domain::request::sla_day_range(kind);
    if !range.contains(&working_days) {
        return Err(super::StoreError::Invalid(format!(
            "sla {kind}: {working_days} working days is outside {}..={}",
            range.start(),
            range.end()
        )));
    }
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
