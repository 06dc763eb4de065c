//! Assessment figures (考核): per cadre and per grid for each period, and the
//! grid-map layer figures. Raw rows are read once per list (visits, calls,
//! resolved requests, open requests) and counted with the pure rules in
//! `domain::assessment`.

use super::calendar_days::{date_text, load_calendar};
use super::dates::day_at;
use super::request_stats::cadre_request_records;
use super::requests::OPEN_STATES;
use super::scope::SessionScope;
use super::{Result, setting_or};
use crate::domain::assessment::{
    Call, GridLayerInput, Period, QuotaCheck, Satisfaction, TwoRates, average_working_days, stale_cutoff, week_start,
};
use crate::domain::assessment::{DEFAULT_QUOTA_OVERNIGHT, DEFAULT_QUOTA_VILLAGE_VISITS};
pub use crate::model::assessment::{GridFigures, OpenRequest, Overview, PeriodFigures, UnitFigures};
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, params};
use std::collections::HashMap;

struct VisitRaw {
    cadre: i64,
    grid: Option<i64>,
    household: Option<i64>,
    kind: String,
    day: NaiveDate,
}

struct CallRaw {
    cadre: Option<i64>,
    grid: Option<i64>,
    survey: bool,
    day: NaiveDate,
    call: Call,
}

struct ResolvedRaw {
    cadre: Option<i64>,
    grid: Option<i64>,
    received: NaiveDate,
    resolved: NaiveDate,
}

/// The raw rows of one cadre or grid.
#[derive(Default)]
struct Rows<'a> {
    visits: Vec<&'a VisitRaw>,
    calls: Vec<&'a CallRaw>,
    resolved: Vec<&'a ResolvedRaw>,
}

struct Unit {
    id: i64,
    name: String,
    detail: String,
    households: u32,
    open: u32,
    overdue: u32,
}

/// Everything the map and the assessment pane show, as of `today`, for
/// `scope`: a cadre account gets its own row and its own grids (each unit's
/// figures are its own, so narrowing after counting changes none of them).
pub fn load(conn: &Connection, today: NaiveDate, scope: &SessionScope) -> Result<Overview> {
    let mut overview = load_all(conn, today)?;
    if !scope.is_all() {
        for p in &mut overview.periods {
            p.cadres.retain(|u| scope.has_cadre(u.id));
            p.grids.retain(|u| scope.has_grid(Some(u.id)));
        }
        overview.grids.retain(|g| scope.has_grid(Some(g.grid_id)));
    }
    Ok(overview)
}

fn load_all(conn: &Connection, today: NaiveDate) -> Result<Overview> {
    let quota_village = setting_or(conn, "quota_village_visits_per_week", DEFAULT_QUOTA_VILLAGE_VISITS)?;
    let quota_overnight = setting_or(conn, "quota_overnight_per_week", DEFAULT_QUOTA_OVERNIGHT)?;
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("1 January");
    // The earliest day any period reaches back to (a week may start last year).
    let earliest = Period::ALL.iter().map(|p| p.range(today).0).min().unwrap_or(year_start);
    let (from, to) = (date_text(earliest), date_text(today));

    let visits = read_visits(conn, &from, &to)?;
    let calls = read_calls(conn, &from, &to)?;
    let resolved = read_resolved(conn, &from, &to)?;
    let calendar = load_calendar(conn)?;
    let cadres = read_cadres(conn, &to)?;
    let grids = read_grids(conn, &to)?;

    // Households visited this year, per cadre (their grids) and per grid.
    let mut visited_by_grid: HashMap<i64, std::collections::HashSet<i64>> = HashMap::new();
    for v in visits.iter().filter(|v| v.kind == "household" && v.day >= year_start) {
        if let (Some(g), Some(h)) = (v.grid, v.household) {
            visited_by_grid.entry(g).or_default().insert(h);
        }
    }
    let grid_cadre: HashMap<i64, Option<i64>> = grids.iter().map(|g| (g.0.id, g.1)).collect();
    let visited_grid = |g: i64| visited_by_grid.get(&g).map_or(0, |s| s.len() as u32);
    let visited_cadre = |c: i64| {
        grid_cadre
            .iter()
            .filter(|(_, cadre)| **cadre == Some(c))
            .map(|(g, _)| visited_grid(*g))
            .sum::<u32>()
    };

    // Each unit's rows, bucketed once (not scanned per unit and period).
    let mut by_cadre: HashMap<i64, Rows> = HashMap::new();
    let mut by_grid: HashMap<i64, Rows> = HashMap::new();
    for v in &visits {
        by_cadre.entry(v.cadre).or_default().visits.push(v);
        if let Some(g) = v.grid {
            by_grid.entry(g).or_default().visits.push(v);
        }
    }
    for c in &calls {
        if let Some(k) = c.cadre {
            by_cadre.entry(k).or_default().calls.push(c);
        }
        if let Some(g) = c.grid {
            by_grid.entry(g).or_default().calls.push(c);
        }
    }
    for r in &resolved {
        if let Some(k) = r.cadre {
            by_cadre.entry(k).or_default().resolved.push(r);
        }
        if let Some(g) = r.grid {
            by_grid.entry(g).or_default().resolved.push(r);
        }
    }

    let mut periods = Vec::new();
    for period in Period::ALL {
        let (pf, pt) = period.range(today);
        let urges: HashMap<i64, u32> = cadre_request_records(conn, pf, pt, today)
            .map_err(|e| match e {
                super::request_ops::RequestError::Store(e) => e,
                other => super::StoreError::Invalid(other.to_string()),
            })?
            .into_iter()
            .map(|r| (r.cadre_id, r.urges as u32))
            .collect();
        let figures = |unit: &Unit, visited: u32, urges: u32, rows: Option<&Rows>| {
            let empty = Rows::default();
            let rows = rows.unwrap_or(&empty);
            let days = |kind: &str| -> Vec<NaiveDate> {
                rows.visits.iter().filter(|v| v.kind == kind).map(|v| v.day).collect()
            };
            let in_period = |d: NaiveDate| d >= pf && d <= pt;
            let survey: Vec<Call> = rows
                .calls
                .iter()
                .filter(|c| c.survey && in_period(c.day))
                .map(|c| c.call)
                .collect();
            let callbacks: Vec<Call> = rows
                .calls
                .iter()
                .filter(|c| !c.survey && in_period(c.day))
                .map(|c| c.call)
                .collect();
            let pairs: Vec<(NaiveDate, NaiveDate)> = rows
                .resolved
                .iter()
                .filter(|r| in_period(r.resolved))
                .map(|r| (r.received, r.resolved))
                .collect();
            UnitFigures {
                id: unit.id,
                name: unit.name.clone(),
                detail: unit.detail.clone(),
                households: unit.households,
                visited_this_year: visited,
                village_visits: QuotaCheck::new(&days("household"), pf, pt, quota_village),
                overnights: QuotaCheck::new(&days("overnight"), pf, pt, quota_overnight),
                rates: TwoRates::from_calls(&survey),
                callback_satisfaction: TwoRates::from_calls(&callbacks).satisfaction,
                open_requests: unit.open,
                overdue_requests: unit.overdue,
                avg_resolve_days: average_working_days(&pairs, &calendar),
                urges,
            }
        };
        let cadre_rows = cadres
            .iter()
            .map(|u| {
                let id = u.id;
                figures(
                    u,
                    visited_cadre(id),
                    urges.get(&id).copied().unwrap_or(0),
                    by_cadre.get(&id),
                )
            })
            .collect();
        let grid_rows = grids
            .iter()
            .map(|(u, _)| {
                let id = u.id;
                figures(u, visited_grid(id), 0, by_grid.get(&id))
            })
            .collect();
        periods.push(PeriodFigures {
            period,
            from: pf,
            to: pt,
            cadres: cadre_rows,
            grids: grid_rows,
        });
    }

    let map = map_figures(conn, today, &visits, &calls, &grids, &visited_grid)?;
    Ok(Overview {
        today,
        quota_village,
        quota_overnight,
        periods,
        grids: map,
    })
}

fn map_figures(
    conn: &Connection,
    today: NaiveDate,
    visits: &[VisitRaw],
    calls: &[CallRaw],
    grids: &[(Unit, Option<i64>)],
    visited_grid: &dyn Fn(i64) -> u32,
) -> Result<Vec<GridFigures>> {
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("1 January");
    let monday = week_start(today);
    let cutoff = date_text(stale_cutoff(today));
    let mut extra: HashMap<i64, (i64, String, u32, u32, String)> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT g.id, g.version, v.name,
                (SELECT count(*) FROM persons p JOIN households h ON h.id = p.household_id WHERE h.grid_id = g.id),
                (SELECT count(*) FROM households h WHERE h.grid_id = g.id
                    AND (h.verified_at IS NULL OR h.verified_at < ?1)),
                (SELECT group_concat(DISTINCT vv.name) FROM households h JOIN villages vv ON vv.id = h.village_id
                  WHERE h.grid_id = g.id)
         FROM grids g JOIN villages v ON v.id = g.village_id",
    )?;
    let rows = stmt.query_map([&cutoff], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            (
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, u32>(3)?,
                r.get::<_, u32>(4)?,
                r.get::<_, Option<String>>(5)?.unwrap_or_default(),
            ),
        ))
    })?;
    for row in rows {
        let (id, e) = row?;
        extra.insert(id, e);
    }
    let mut open: HashMap<i64, Vec<OpenRequest>> = HashMap::new();
    let sql = format!(
        "SELECT h.grid_id, r.id, r.title, r.due_at FROM requests r JOIN households h ON h.id = r.household_id
         WHERE r.status IN {OPEN_STATES} ORDER BY (r.due_at IS NULL), r.due_at, r.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            day_at(r, 3)?,
        ))
    })?;
    for row in rows {
        let (grid, id, title, due) = row?;
        let list = open.entry(grid).or_default();
        if list.len() < 5 {
            list.push(OpenRequest {
                id,
                title,
                due,
                overdue: due.is_some_and(|d| d < today),
            });
        }
    }
    Ok(grids
        .iter()
        .map(|(u, cadre)| {
            let (version, village, persons, stale, villages) = extra.remove(&u.id).unwrap_or_default();
            // The grid cadre's visits there, plus their stays not tied to a household.
            let in_grid = |v: &&VisitRaw| Some(v.cadre) == *cadre && (v.grid == Some(u.id) || v.grid.is_none());
            let survey: Vec<Call> = calls
                .iter()
                .filter(|c| c.survey && c.grid == Some(u.id) && c.day >= year_start)
                .map(|c| c.call)
                .collect();
            let rates = TwoRates::from_calls(&survey);
            GridFigures {
                grid_id: u.id,
                version,
                cadre_id: *cadre,
                village,
                villages: villages
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                layer: GridLayerInput {
                    households: u.households,
                    open_requests: u.open,
                    overdue_requests: u.overdue,
                    not_visited: u.households.saturating_sub(visited_grid(u.id)),
                    stale,
                    satisfaction: rates.satisfaction,
                },
                persons,
                visits_this_week: visits.iter().filter(in_grid).filter(|v| v.day >= monday).count() as u32,
                visits_this_year: visits.iter().filter(in_grid).filter(|v| v.day >= year_start).count() as u32,
                rates,
                top_open: open.remove(&u.id).unwrap_or_default(),
            }
        })
        .collect())
}

fn read_visits(conn: &Connection, from: &str, to: &str) -> Result<Vec<VisitRaw>> {
    let mut stmt = conn.prepare(
        "SELECT v.cadre_id, h.grid_id, v.household_id, v.kind, v.visited_on
         FROM visits v LEFT JOIN households h ON h.id = v.household_id
         WHERE v.visited_on BETWEEN ?1 AND ?2",
    )?;
    let rows = stmt.query_map(params![from, to], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, day_at(r, 4)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (cadre, grid, household, kind, day) = row?;
        if let Some(day) = day {
            out.push(VisitRaw {
                cadre,
                grid,
                household,
                kind,
                day,
            });
        }
    }
    Ok(out)
}

/// Survey calls are attributed to the sampled household's grid and its
/// cadre; request callbacks to the request's assignee and household grid.
fn read_calls(conn: &Connection, from: &str, to: &str) -> Result<Vec<CallRaw>> {
    let mut stmt = conn.prepare(
        "SELECT CASE WHEN b.campaign_id IS NOT NULL THEN coalesce(g.cadre_id, b.cadre_id)
                     ELSE coalesce(r.assignee_id, b.cadre_id) END,
                h.grid_id, b.campaign_id IS NOT NULL, b.called_on, b.reached, b.knows_cadre, b.satisfaction
         FROM callbacks b
         LEFT JOIN requests r ON r.id = b.request_id
         LEFT JOIN households h ON h.id = coalesce(b.household_id, r.household_id)
         LEFT JOIN grids g ON g.id = h.grid_id
         WHERE b.called_on BETWEEN ?1 AND ?2
           AND (b.campaign_id IS NOT NULL OR b.request_id IS NOT NULL)",
    )?;
    let rows = stmt.query_map(params![from, to], |r| {
        Ok((
            r.get::<_, Option<i64>>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, bool>(2)?,
            day_at(r, 3)?,
            r.get::<_, bool>(4)?,
            r.get::<_, Option<bool>>(5)?,
            r.get::<_, Option<String>>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (cadre, grid, survey, day, reached, knows, sat) = row?;
        if let Some(day) = day {
            out.push(CallRaw {
                cadre,
                grid,
                survey,
                day,
                call: Call {
                    reached,
                    knows_cadre: knows,
                    satisfaction: sat.as_deref().and_then(Satisfaction::parse),
                },
            });
        }
    }
    Ok(out)
}

fn read_resolved(conn: &Connection, from: &str, to: &str) -> Result<Vec<ResolvedRaw>> {
    let mut stmt = conn.prepare(
        "SELECT r.assignee_id, h.grid_id, r.received_at, r.resolved_at
         FROM requests r LEFT JOIN households h ON h.id = r.household_id
         WHERE r.resolved_at IS NOT NULL AND substr(r.resolved_at, 1, 10) BETWEEN ?1 AND ?2",
    )?;
    let rows = stmt.query_map(params![from, to], |r| {
        Ok((r.get(0)?, r.get(1)?, day_at(r, 2)?, day_at(r, 3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (cadre, grid, received, resolved) = row?;
        if let (Some(received), Some(resolved)) = (received, resolved) {
            out.push(ResolvedRaw {
                cadre,
                grid,
                received,
                resolved,
            });
        }
    }
    Ok(out)
}

fn read_cadres(conn: &Connection, today: &str) -> Result<Vec<Unit>> {
    let sql = format!(
        "SELECT c.id, c.name, coalesce((SELECT group_concat(g.name, ' ') FROM grids g WHERE g.cadre_id = c.id), ''),
                (SELECT count(*) FROM households h JOIN grids g ON g.id = h.grid_id WHERE g.cadre_id = c.id),
                (SELECT count(*) FROM requests r WHERE r.assignee_id = c.id AND r.status IN {OPEN_STATES}),
                (SELECT count(*) FROM requests r WHERE r.assignee_id = c.id AND r.status IN {OPEN_STATES}
                    AND r.due_at IS NOT NULL AND date(r.due_at) < date(?1))
         FROM cadres c WHERE c.active = 1 AND c.role = 'cadre' ORDER BY c.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([today], |r| {
        Ok(Unit {
            id: r.get(0)?,
            name: r.get(1)?,
            detail: r.get(2)?,
            households: r.get(3)?,
            open: r.get(4)?,
            overdue: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn read_grids(conn: &Connection, today: &str) -> Result<Vec<(Unit, Option<i64>)>> {
    let sql = format!(
        "SELECT g.id, g.name, coalesce(c.name, ''), g.cadre_id,
                (SELECT count(*) FROM households h WHERE h.grid_id = g.id),
                (SELECT count(*) FROM requests r JOIN households h ON h.id = r.household_id
                  WHERE h.grid_id = g.id AND r.status IN {OPEN_STATES}),
                (SELECT count(*) FROM requests r JOIN households h ON h.id = r.household_id
                  WHERE h.grid_id = g.id AND r.status IN {OPEN_STATES}
                    AND r.due_at IS NOT NULL AND date(r.due_at) < date(?1))
         FROM grids g LEFT JOIN cadres c ON c.id = g.cadre_id ORDER BY g.map_row, g.map_col, g.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([today], |r| {
        Ok((
            Unit {
                id: r.get(0)?,
                name: r.get(1)?,
                detail: r.get(2)?,
                households: r.get(4)?,
                open: r.get(5)?,
                overdue: r.get(6)?,
            },
            r.get(3)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Moves a grid on the schematic map; `expected_version` guards against a
/// concurrent move. Returns the new version.
pub fn move_grid(store: &mut super::Store, grid_id: i64, expected_version: i64, row: i64, col: i64) -> Result<i64> {
    if !(0..100).contains(&row) || !(0..100).contains(&col) {
        return Err(super::StoreError::Refused(super::Refusal::MapPositionOutOfRange));
    }
    store.write(|tx, actor| {
        let n = tx.execute(
            "UPDATE grids SET map_row = ?3, map_col = ?4, version = version + 1 WHERE id = ?1 AND version = ?2",
            params![grid_id, expected_version, row, col],
        )?;
        super::expect_saved(n, &format!("grid:{grid_id}"))?;
        super::Store::audit(
            tx,
            actor,
            "grid.move",
            &format!("grid:{grid_id}"),
            &format!("row={row} col={col}"),
        )?;
        Ok(expected_version + 1)
    })
}
