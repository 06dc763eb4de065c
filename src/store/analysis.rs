//! Reads the plain rows of the 民情分析 report (`domain::analysis`): the
//! requests received since the earliest day a report looks back to, plus
//! older ones still open or ended since then; their callbacks; grids with
//! household counts; vulnerable households with their latest visit; open
//! decisions; and the topic candidates. Each list is one query on an
//! existing index (`requests_received`, `requests_status_due`,
//! `callbacks_request`, `visits_household`, `households_grid`,
//! `decisions_status`).

use super::Result;
use super::Store;
use super::agenda_error::{AgendaInvalid, Result as AgendaResult, invalid, run};
use super::calendar_days::load_calendar;
use super::requests::OPEN_STATES;
use super::setting_or;
use crate::domain::accounts::Permission;
use crate::domain::analysis::period::{DEFAULT_BUSINESS_MONTH_START, clamp_start};
use crate::domain::analysis::warnings::DEFAULT_VISIT_GAP_DAYS;
use crate::domain::analysis::{
    AttachedReport, CallbackRow, DecisionRow, GridRow, HouseholdRow, Input, PeriodKind, Place, RequestRow, Selection,
    Settings, Span, Theme, earliest_needed,
};
use crate::domain::assessment::{VULNERABLE_TAGS, stale_cutoff};
use crate::domain::dates::parse_day;
use crate::domain::request::{Satisfaction, Status};
use crate::model::analysis::ListedHousehold;
use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use rusqlite::{Connection, Row, params};
use std::collections::HashMap;

/// The rows and settings of one report.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub input: Input,
    pub villages: Vec<String>,
    pub township: String,
    pub settings: Settings,
}

/// Setting keys (README "民情分析").
pub const BUSINESS_START_KEY: &str = "analysis_business_month_start";
pub const VISIT_GAP_KEY: &str = "analysis_visit_gap_days";

/// The start day of the business month (setting, default the 21st).
pub fn business_month_start(conn: &Connection) -> Result<u32> {
    Ok(clamp_start(setting_or(
        conn,
        BUSINESS_START_KEY,
        DEFAULT_BUSINESS_MONTH_START,
    )?))
}

fn text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Category, village and grid come as ids and are named from [`Names`]:
/// two row lookups per request (household, person) instead of five.
const REQUEST_COLUMNS: &str = "r.id, r.received_at, r.channel, r.category_id, h.village_id,
    h.grid_id, r.household_id, coalesce(p.name, r.caller_name, ''), ifnull(h.address, ''),
    ifnull(h.tags, ''), r.title, r.status, r.scope, r.level, r.assigned_at, r.due_at, r.resolved_at,
    r.closed_at, r.updated_at, (SELECT min(cb.called_on) FROM callbacks cb WHERE cb.request_id = r.id),
    r.topic_id
    FROM requests r LEFT JOIN households h ON h.id = r.household_id
    LEFT JOIN persons p ON p.id = r.person_id";

/// The names of the few categories, villages and grids, read once.
struct Names {
    categories: HashMap<i64, String>,
    villages: HashMap<i64, String>,
    grids: HashMap<i64, String>,
}

impl Names {
    fn load(conn: &Connection) -> Result<Names> {
        let map = |sql: &str| -> Result<HashMap<i64, String>> { Ok(names(conn, sql)?.into_iter().collect()) };
        Ok(Names {
            categories: map("SELECT id, name FROM categories")?,
            villages: map("SELECT id, name FROM villages")?,
            grids: map("SELECT id, name FROM grids")?,
        })
    }

    fn of(map: &HashMap<i64, String>, r: &Row, i: usize) -> rusqlite::Result<String> {
        Ok(r.get::<_, Option<i64>>(i)?
            .and_then(|id| map.get(&id).cloned())
            .unwrap_or_default())
    }
}

fn request(r: &Row, names: &Names) -> rusqlite::Result<RequestRow> {
    let opt_day = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
        Ok(r.get::<_, Option<String>>(i)?.as_deref().and_then(parse_day))
    };
    let status = Status::parse(&r.get::<_, String>(11)?).unwrap_or(Status::Received);
    let resolved = opt_day(16)?;
    let closed = opt_day(17)?;
    // Rejected and merged requests keep no day of their own: their last change.
    let ended = if status.is_open() {
        None
    } else {
        resolved.or(closed).or(opt_day(18)?)
    };
    Ok(RequestRow {
        id: r.get(0)?,
        received: parse_day(&r.get::<_, String>(1)?).unwrap_or_default(),
        channel: r.get(2)?,
        category: Names::of(&names.categories, r, 3)?,
        village: Names::of(&names.villages, r, 4)?,
        grid: Names::of(&names.grids, r, 5)?,
        household_id: r.get(6)?,
        resident: r.get(7)?,
        address: r.get(8)?,
        tags: r.get(9)?,
        title: r.get(10)?,
        status,
        collective: r.get::<_, String>(12)? == "collective",
        escalated: r.get::<_, String>(13)? != "township",
        assigned: opt_day(14)?,
        due: opt_day(15)?,
        resolved,
        closed,
        ended,
        first_callback: opt_day(19)?,
        topic_id: r.get(20)?,
    })
}

/// The older requests still open or ended since `?1`, then those received
/// since. No ORDER BY: it makes SQLite scan the table in id order instead
/// of searching the index; the rows are sorted afterwards.
fn request_queries() -> [String; 2] {
    [
        format!(
            "SELECT {REQUEST_COLUMNS} WHERE r.received_at < ?1 AND (r.status IN {OPEN_STATES}
               OR r.resolved_at >= ?1 OR r.closed_at >= ?1 OR r.updated_at >= ?1)"
        ),
        format!("SELECT {REQUEST_COLUMNS} WHERE r.received_at >= ?1"),
    ]
}

/// Requests received since `since`, and older ones open or ended since then.
pub fn requests(conn: &Connection, since: NaiveDate) -> Result<Vec<RequestRow>> {
    let since = text(since);
    let names = Names::load(conn)?;
    let mut out = Vec::new();
    for sql in request_queries() {
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([&since], |r| request(r, &names))?;
        for r in rows {
            out.push(r?);
        }
    }
    out.sort_unstable_by_key(|r| r.id);
    Ok(out)
}

/// Request callbacks made since `since`.
pub fn callbacks(conn: &Connection, since: NaiveDate) -> Result<Vec<CallbackRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT request_id, called_on, reached, satisfaction, comment FROM callbacks
         WHERE request_id IS NOT NULL AND called_on >= ?1 ORDER BY called_on, id",
    )?;
    let rows = stmt.query_map([text(since)], |r| {
        Ok(CallbackRow {
            request_id: r.get(0)?,
            day: parse_day(&r.get::<_, String>(1)?).unwrap_or_default(),
            reached: r.get(2)?,
            satisfaction: r.get::<_, Option<String>>(3)?.as_deref().and_then(Satisfaction::parse),
            comment: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Grids with their households and how many records are stale as of `as_of`.
pub fn grids(conn: &Connection, as_of: NaiveDate) -> Result<Vec<GridRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.id, g.name, v.name, count(h.id),
                ifnull(sum(h.id IS NOT NULL AND (h.verified_at IS NULL OR h.verified_at < ?1)), 0)
         FROM grids g JOIN villages v ON v.id = g.village_id LEFT JOIN households h ON h.grid_id = g.id
         GROUP BY g.id ORDER BY g.id",
    )?;
    let rows = stmt.query_map([text(stale_cutoff(as_of))], |r| {
        Ok(GridRow {
            id: r.get(0)?,
            name: r.get(1)?,
            village: r.get(2)?,
            households: r.get(3)?,
            stale: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Households with a vulnerable tag and their latest visit up to `as_of`.
pub fn vulnerable(conn: &Connection, as_of: NaiveDate) -> Result<Vec<HouseholdRow>> {
    let likes: Vec<String> = VULNERABLE_TAGS.iter().map(|t| format!("h.tags LIKE '%{t}%'")).collect();
    let sql = format!(
        "SELECT h.id, v.name, g.name,
                ifnull((SELECT p.name FROM persons p WHERE p.household_id = h.id
                        ORDER BY p.relation = '户主' DESC, p.id LIMIT 1), ''),
                h.address, h.tags,
                (SELECT max(vi.visited_on) FROM visits vi WHERE vi.household_id = h.id AND vi.visited_on <= ?1)
         FROM households h JOIN villages v ON v.id = h.village_id JOIN grids g ON g.id = h.grid_id
         WHERE h.tags != '' AND ({}) ORDER BY h.id",
        likes.join(" OR ")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([text(as_of)], |r| {
        Ok(HouseholdRow {
            id: r.get(0)?,
            village: r.get(1)?,
            grid: r.get(2)?,
            resident: r.get(3)?,
            address: r.get(4)?,
            tags: r.get(5)?,
            last_visit: r.get::<_, Option<String>>(6)?.as_deref().and_then(parse_day),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Decisions planned or in progress with their latest activity (an edit,
/// the publication or a progress note).
pub fn open_decisions(conn: &Connection) -> Result<Vec<DecisionRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.text, ifnull(c.name, ''), d.progress,
                max(d.updated_at, ifnull(d.published_at, ''),
                    ifnull((SELECT max(dp.at) FROM decision_progress dp WHERE dp.decision_id = d.id), ''))
         FROM decisions d LEFT JOIN cadres c ON c.id = d.owner_id
         WHERE d.status IN ('planned', 'in_progress') ORDER BY d.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(DecisionRow {
            id: r.get(0)?,
            text: r.get(1)?,
            owner: r.get(2)?,
            progress: r.get(3)?,
            last_activity: parse_day(&r.get::<_, String>(4)?).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

fn names(conn: &Connection, sql: &str) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The topic reads only fail with a store error.
fn plain(e: super::agenda_error::AgendaError) -> super::StoreError {
    match e {
        super::agenda_error::AgendaError::Store(s) => s,
        other => super::StoreError::Io(std::io::Error::other(other.to_string())),
    }
}

/// Everything a report of `span` needs, as of `today`.
pub fn load(conn: &Connection, kind: PeriodKind, span: Span, today: NaiveDate) -> Result<Loaded> {
    let as_of = span.to.min(today);
    let since = earliest_needed(kind, span);
    let window = super::topics::window_days(conn).map_err(plain)?;
    let input = Input {
        requests: requests(conn, since)?,
        callbacks: callbacks(conn, since)?,
        grids: grids(conn, as_of)?,
        vulnerable: vulnerable(conn, as_of)?,
        decisions: open_decisions(conn)?,
        candidates: super::topics::candidates(conn, as_of, window).map_err(plain)?,
        dismissed: super::topics::dismissed(conn).map_err(plain)?,
        topics: names(conn, "SELECT id, title FROM topics ORDER BY id")?,
        calendar: load_calendar(conn)?,
    };
    let villages = names(conn, "SELECT id, name FROM villages ORDER BY id")?
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    let township: String = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'township_name'",
            params![],
            |r| r.get(0),
        )
        .unwrap_or_default();
    let settings = Settings {
        visit_gap_days: setting_or(conn, VISIT_GAP_KEY, DEFAULT_VISIT_GAP_DAYS)?.max(1),
    };
    Ok(Loaded {
        input,
        villages,
        township,
        settings,
    })
}

// ------------------------------------------- lists behind warnings

fn listed(r: &Row) -> rusqlite::Result<ListedHousehold> {
    Ok(ListedHousehold {
        household_id: r.get(0)?,
        resident: r.get(1)?,
        address: r.get(2)?,
        tags: r.get(3)?,
        day: r.get::<_, Option<String>>(4)?.as_deref().and_then(parse_day),
    })
}

const HEAD: &str = "ifnull((SELECT p.name FROM persons p WHERE p.household_id = h.id
                        ORDER BY p.relation = '户主' DESC, p.id LIMIT 1), '')";

/// The households `ids` with their latest visit up to `as_of`, longest
/// without a visit first.
pub fn households_unvisited(conn: &Connection, ids: &[i64], as_of: NaiveDate) -> Result<Vec<ListedHousehold>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT h.id, {HEAD}, h.address, h.tags,
                (SELECT max(vi.visited_on) FROM visits vi WHERE vi.household_id = h.id AND vi.visited_on <= ?2)
         FROM households h WHERE h.id = ?1"
    ))?;
    let mut out = Vec::new();
    for id in ids {
        if let Some(row) = stmt.query_row(params![id, text(as_of)], listed).optional()? {
            out.push(row);
        }
    }
    out.sort_by_key(|h| (h.day, h.household_id));
    Ok(out)
}

/// The households of grid `grid_id` not verified since the stale cutoff of
/// `as_of`, never verified first.
pub fn households_stale(conn: &Connection, grid_id: i64, as_of: NaiveDate) -> Result<Vec<ListedHousehold>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT h.id, {HEAD}, h.address, h.tags, substr(h.verified_at, 1, 10)
         FROM households h WHERE h.grid_id = ?1 AND (h.verified_at IS NULL OR h.verified_at < ?2)
         ORDER BY h.verified_at IS NOT NULL, h.verified_at, h.id"
    ))?;
    let rows = stmt.query_map(params![grid_id, text(stale_cutoff(as_of))], listed)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

// ------------------------------------- reports attached to agenda items

/// Attaches `report` to its item (replacing an earlier attachment);
/// audited as `agenda.report`. Closed meetings are not edited.
pub fn attach_report(store: &mut Store, report: &AttachedReport) -> AgendaResult<()> {
    let object = format!("agenda_item:{}", report.item_id);
    store.require(Permission::PrepareMeetings, &object)?;
    run(store, "agenda.report", &object, |tx, actor| {
        let meeting: Option<(i64, String)> = tx
            .query_row(
                "SELECT m.id, m.status FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = ?1",
                [report.item_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match meeting {
            None => return invalid(AgendaInvalid::UnknownItem(report.item_id)),
            Some((id, status)) if status == "closed" => return invalid(AgendaInvalid::MeetingClosed(id)),
            Some(_) => {}
        }
        let start = match report.kind {
            PeriodKind::BusinessMonth { start } => start,
            _ => DEFAULT_BUSINESS_MONTH_START,
        };
        let (place, theme) = (report.selection.place.code(), report.selection.theme.code());
        tx.execute(
            "INSERT INTO agenda_item_reports (item_id, period, business_start, from_day, to_day, place, theme, attached_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (item_id) DO UPDATE SET period = ?2, business_start = ?3, from_day = ?4, to_day = ?5,
                 place = ?6, theme = ?7, attached_by = ?8,
                 attached_at = strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')",
            params![
                report.item_id,
                report.kind.code(),
                start,
                text(report.span.from),
                text(report.span.to),
                place,
                theme,
                actor.login
            ],
        )?;
        let detail = format!(
            "{} {}..{} {place} {theme}",
            report.kind.code(),
            report.span.from,
            report.span.to
        );
        Store::audit(tx, actor, "agenda.report", &object, detail.trim_end())?;
        Ok(())
    })
}

/// The reports attached to the items of `meeting_id`, in agenda order.
pub fn attached_reports(conn: &Connection, meeting_id: i64) -> Result<Vec<AttachedReport>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.item_id, r.period, r.business_start, r.from_day, r.to_day, r.place, r.theme
         FROM agenda_item_reports r JOIN agenda_items a ON a.id = r.item_id
         WHERE a.meeting_id = ?1 ORDER BY a.position",
    )?;
    let rows = stmt.query_map([meeting_id], |r| {
        let day =
            |i: usize| -> rusqlite::Result<NaiveDate> { Ok(parse_day(&r.get::<_, String>(i)?).unwrap_or_default()) };
        Ok(AttachedReport {
            item_id: r.get(0)?,
            kind: PeriodKind::parse(&r.get::<_, String>(1)?, r.get(2)?).unwrap_or(PeriodKind::Month),
            span: Span::new(day(3)?, day(4)?),
            selection: Selection {
                place: Place::parse(&r.get::<_, String>(5)?).unwrap_or_default(),
                theme: Theme::parse(&r.get::<_, String>(6)?).unwrap_or_default(),
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names looked up from the maps are those a join gives.
    #[test]
    fn request_rows_name_their_category_village_and_grid() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = crate::store::open_connection(&dir.path().join("t.db")).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let opts = crate::demo::DemoOptions {
            households: 300,
            seed: 7,
            today,
        };
        crate::demo::generate(&mut conn, &opts).unwrap();
        let rows = requests(&conn, NaiveDate::from_ymd_opt(2000, 1, 1).unwrap()).unwrap();
        assert!(rows.len() > 10);
        let mut stmt = conn
            .prepare(
                "SELECT ifnull(c.name, ''), ifnull(v.name, ''), ifnull(g.name, '') FROM requests r
                 LEFT JOIN households h ON h.id = r.household_id LEFT JOIN villages v ON v.id = h.village_id
                 LEFT JOIN grids g ON g.id = h.grid_id LEFT JOIN categories c ON c.id = r.category_id
                 WHERE r.id = ?1",
            )
            .unwrap();
        for r in &rows {
            let joined: (String, String, String) = stmt
                .query_row([r.id], |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?)))
                .unwrap();
            assert_eq!(
                (r.category.clone(), r.village.clone(), r.grid.clone()),
                joined,
                "request {}",
                r.id
            );
        }
        assert!(rows.iter().any(|r| !r.village.is_empty() && !r.category.is_empty()));
    }

    #[test]
    fn request_reads_search_the_received_index() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::store::open_connection(&dir.path().join("t.db")).unwrap();
        for sql in request_queries() {
            let plan: Vec<String> = conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap()
                .query_map(["2026-01-01"], |r| r.get::<_, String>(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert!(
                plan.iter()
                    .any(|p| p.contains("SEARCH r USING INDEX requests_received")),
                "{plan:?}"
            );
        }
    }
}
