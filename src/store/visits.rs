//! Visits (走访 / 住夜 / 结对帮扶): logging one (audited), the visit plan of a
//! cadre, and private export files (mode 0600, audited).

use super::calendar_days::date_text;
use super::dates::day_at;
use super::requests::OPEN_STATES;
use super::{Actor, Result, Store, StoreError};
use crate::domain::assessment::{PlanCandidate, is_stale, visit_plan};
pub use crate::model::assessment::PlanRow;
pub use crate::model::assessment::{NewVisit, VisitKind};
use chrono::{Datelike, NaiveDate};
use rusqlite::{OptionalExtension, Transaction, params};
use std::path::Path;

/// Logs a visit; returns its id. Refuses missing households
/// for household/pairing visits, inactive or unknown cadres and future dates.
pub fn log_visit(store: &mut Store, v: &NewVisit, today: NaiveDate) -> Result<i64> {
    if v.household_id.is_none() && v.kind.needs_household() {
        return Err(StoreError::Refused(super::Refusal::VisitNeedsHousehold));
    }
    if v.visited_on > today {
        return Err(StoreError::Refused(super::Refusal::VisitInFuture));
    }
    store.write(|tx, actor| {
        let active: Option<bool> = tx
            .query_row("SELECT active FROM cadres WHERE id = ?1", [v.cadre_id], |r| r.get(0))
            .optional()?;
        if active != Some(true) {
            return Err(StoreError::NotFound(format!("cadre:{}", v.cadre_id)));
        }
        if let Some(h) = v.household_id {
            let exists: Option<i64> = tx
                .query_row("SELECT id FROM households WHERE id = ?1", [h], |r| r.get(0))
                .optional()?;
            if exists.is_none() {
                return Err(StoreError::NotFound(format!("household:{h}")));
            }
        }
        tx.execute(
            "INSERT INTO visits (cadre_id, household_id, kind, visited_on, notes, request_id, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                v.cadre_id,
                v.household_id,
                v.kind.code(),
                date_text(v.visited_on),
                v.notes,
                v.request_id,
                actor.user_id
            ],
        )?;
        let id = tx.last_insert_rowid();
        let detail = format!(
            "cadre:{} {} {} household:{}",
            v.cadre_id,
            v.kind.code(),
            date_text(v.visited_on),
            v.household_id.map_or("-".to_string(), |h| h.to_string())
        );
        Store::audit(tx, actor, "visit.log", &format!("visit:{id}"), &detail)?;
        Ok(id)
    })
}

/// Links a request raised during a visit to the visit, inside the
/// transaction that creates the request (`request_ops::create_request_on_visit`:
/// one user action, one transaction). A visit that is gone or already
/// linked is a conflict, and the request is not created either.
pub(super) fn link_in_tx(tx: &Transaction, actor: &Actor, visit_id: i64, request_id: i64) -> Result<()> {
    let n = tx.execute(
        "UPDATE visits SET request_id = ?2 WHERE id = ?1 AND request_id IS NULL",
        params![visit_id, request_id],
    )?;
    super::expect_saved(n, &format!("visit:{visit_id}"))?;
    Store::audit(
        tx,
        actor,
        "visit.link_request",
        &format!("visit:{visit_id}"),
        &format!("request:{request_id}"),
    )
}

/// The households of `cadre_id`'s grids not visited (household visit) this
/// calendar year, in plan order (see `domain::assessment::visit_plan`).
pub fn plan_for_cadre(conn: &rusqlite::Connection, cadre_id: i64, today: NaiveDate) -> Result<Vec<PlanRow>> {
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("1 January");
    let sql = format!(
        "SELECT h.id, g.name, h.address,
                (SELECT p.name FROM persons p WHERE p.household_id = h.id AND p.relation = '户主' ORDER BY p.id LIMIT 1),
                h.phone, h.tags, h.verified_at,
                (SELECT count(*) FROM requests r WHERE r.household_id = h.id AND r.status IN {OPEN_STATES}),
                EXISTS (SELECT 1 FROM visits v WHERE v.household_id = h.id AND v.kind = 'household'
                          AND v.visited_on BETWEEN ?2 AND ?3)
         FROM households h JOIN grids g ON g.id = h.grid_id
         WHERE g.cadre_id = ?1"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut info = std::collections::HashMap::new();
    let mut candidates = Vec::new();
    let rows = stmt.query_map(params![cadre_id, date_text(year_start), date_text(today)], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            day_at(r, 6)?,
            r.get::<_, i64>(7)?,
            r.get::<_, bool>(8)?,
        ))
    })?;
    for row in rows {
        let (id, grid, address, head, phone, tags, verified_at, open, visited) = row?;
        candidates.push(PlanCandidate {
            household_id: id,
            open_requests: open as u32,
            verified_at,
            tags,
            visited_this_year: visited,
        });
        info.insert(id, (grid, address, head, phone));
    }
    Ok(visit_plan(candidates, today)
        .into_iter()
        .map(|c| {
            let (grid, address, head, phone) = info.remove(&c.household_id).unwrap_or_default();
            PlanRow {
                household_id: c.household_id,
                grid,
                address,
                head,
                phone,
                open_requests: c.open_requests,
                verified_at: c.verified_at,
                stale: is_stale(c.verified_at, today),
                vulnerable: c.vulnerable_tags(),
            }
        })
        .collect())
}

/// Writes `contents` to `path` created with mode 0600 (replacing an older
/// file there) and audits it as `action` on `object`.
pub fn write_private_file(store: &mut Store, path: &Path, contents: &str, action: &str, object: &str) -> Result<()> {
    let written = super::files::write_private(path, contents.as_bytes());
    let detail = format!("file:{}", path.display());
    match written {
        Ok(()) => store.write(|tx, actor| Store::audit(tx, actor, action, object, &detail)),
        Err(e) => {
            let _ = store.audit_failure(action, object, &e.to_string());
            Err(e.into())
        }
    }
}
