//! Read queries for the requests pane: one request in full (to show and to
//! diff after a conflict), the filtered/sorted triage list, callbacks due,
//! the event timeline and similar open requests.

use super::calendar_days::date_text;
use super::dates::day_at;
use super::request_filter_sql as filter_sql;
use super::request_ops::{RequestError, RequestInvalid, Result};
use super::scope::SessionScope;
use crate::domain::request::{Channel, Difficulty, Level, Priority, RequestKind, Satisfaction, Scope, Status};
use crate::domain::similarity::similar_requests;
use crate::domain::workflow::CommandKind;
pub use crate::model::requests::{AssigneeFilter, RequestFilter, RequestSort};
pub use crate::model::requests::{RequestDetail, RequestEvent, RequestField, RequestRow, SimilarRequest};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};

/// The named person, else the household head (户主, else its first member),
/// else the outside caller.
pub(super) const RESIDENT_SQL: &str =
    "coalesce(p.name, (SELECT m.name FROM persons m WHERE m.household_id = r.household_id
        ORDER BY m.relation = '户主' DESC, m.id LIMIT 1), r.caller_name)";

pub(super) fn detail_sql() -> String {
    format!(
        "SELECT r.id, r.received_at, r.channel, r.household_id, r.person_id,
        {RESIDENT_SQL}, r.caller_name, r.caller_phone, p.phone,
        coalesce(h.village_id, r.caller_village_id), v.name, coalesce(h.grid_id, r.caller_grid_id), g.name,
        r.category_id, c.name,
        r.kind, r.title, r.content, r.scope, r.difficulty, r.priority, r.level, r.status,
        r.assignee_id, k.name, r.assigned_at, r.due_at, r.resolved_at, r.resolution, r.solved, r.satisfaction,
        r.topic_id, r.duplicate_of, r.closed_at, r.created_by, r.urge_count, r.version, r.updated_at
    FROM requests r
    LEFT JOIN persons p ON p.id = r.person_id
    LEFT JOIN households h ON h.id = r.household_id
    LEFT JOIN villages v ON v.id = coalesce(h.village_id, r.caller_village_id)
    LEFT JOIN grids g ON g.id = coalesce(h.grid_id, r.caller_grid_id)
    LEFT JOIN categories c ON c.id = r.category_id
    LEFT JOIN cadres k ON k.id = r.assignee_id"
    )
}

/// A coded column: unknown codes become `None` and are reported by the caller.
fn coded<T>(r: &Row, i: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<Option<T>> {
    Ok(r.get::<_, Option<String>>(i)?.as_deref().and_then(parse))
}

type Partial = (RequestDetail, Option<&'static str>);

/// `value`, or `default` noting the first unreadable column in `bad`.
fn need<T>(value: Option<T>, column: &'static str, default: T, bad: &mut Option<&'static str>) -> T {
    value.unwrap_or_else(|| {
        bad.get_or_insert(column);
        default
    })
}

pub(super) fn detail_from_row(r: &Row) -> rusqlite::Result<Partial> {
    let mut bad = None;
    let channel = need(coded(r, 2, Channel::parse)?, "channel", Channel::Visit, &mut bad);
    let kind = need(coded(r, 15, RequestKind::parse)?, "kind", RequestKind::Help, &mut bad);
    let scope = need(coded(r, 18, Scope::parse)?, "scope", Scope::Individual, &mut bad);
    let difficulty = need(
        coded(r, 19, Difficulty::parse)?,
        "difficulty",
        Difficulty::Medium,
        &mut bad,
    );
    let priority = need(coded(r, 20, Priority::parse)?, "priority", Priority::Normal, &mut bad);
    let level = need(coded(r, 21, Level::parse)?, "level", Level::Township, &mut bad);
    let status = need(coded(r, 22, Status::parse)?, "status", Status::Received, &mut bad);
    let detail = RequestDetail {
        id: r.get(0)?,
        received_at: r.get(1)?,
        channel,
        household_id: r.get(3)?,
        person_id: r.get(4)?,
        resident_name: r.get(5)?,
        caller_name: r.get(6)?,
        caller_phone: r.get(7)?,
        person_phone: r.get(8)?,
        village_id: r.get(9)?,
        village_name: r.get(10)?,
        grid_id: r.get(11)?,
        grid_name: r.get(12)?,
        category_id: r.get(13)?,
        category_name: r.get(14)?,
        kind,
        title: r.get(16)?,
        content: r.get(17)?,
        scope,
        difficulty,
        priority,
        level,
        status,
        assignee_id: r.get(23)?,
        assignee_name: r.get(24)?,
        assigned_at: r.get(25)?,
        due: day_at(r, 26)?,
        resolved_at: r.get(27)?,
        resolution: r.get(28)?,
        solved: r.get(29)?,
        satisfaction: coded(r, 30, Satisfaction::parse)?,
        topic_id: r.get(31)?,
        duplicate_of: r.get(32)?,
        closed_at: r.get(33)?,
        created_by: r.get(34)?,
        urge_count: r.get(35)?,
        version: r.get(36)?,
        updated_at: r.get(37)?,
    };
    Ok((detail, bad))
}

/// One request in full. The UI keeps the loaded copy; after a `Conflict`
/// it loads again and shows `old.changes(&new)`.
pub fn load_request(conn: &Connection, id: i64) -> Result<RequestDetail> {
    let found = conn
        .query_row(&format!("{} WHERE r.id = ?1", detail_sql()), [id], detail_from_row)
        .optional()?;
    match found {
        None => Err(RequestError::Invalid(RequestInvalid::UnknownRequest(id))),
        Some((_, Some(column))) => Err(RequestError::Invalid(RequestInvalid::BadStoredValue {
            request: id,
            column,
        })),
        Some((detail, None)) => Ok(detail),
    }
}

/// Request `id` in full for the session's user: a cadre account opens only
/// its own requests (the refusal is audited, `Store::require_requests`).
pub fn open_request(store: &mut super::Store, id: i64) -> Result<RequestDetail> {
    store.require_requests(&[id])?;
    load_request(store.conn(), id)
}

/// Who is asking and when: resolves "my queue" and "overdue".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryContext {
    pub today: NaiveDate,
    pub user_id: i64,
    /// The cadre this user is (users.cadre_id), if any.
    pub cadre_id: Option<i64>,
    /// A cadre account sees only its own requests: assigned to it or placed
    /// in its grids (`scope::own_requests_sql`; the name is older than the
    /// grids part).
    pub only_assigned: bool,
}

impl QueryContext {
    /// Today's context for the store's logged-in user.
    pub fn for_store(store: &super::Store) -> Result<QueryContext> {
        let user_id = store.actor().user_id;
        let cadre_id: Option<i64> = store
            .conn()
            .query_row("SELECT cadre_id FROM users WHERE id = ?1", [user_id], |r| r.get(0))
            .optional()?
            .flatten();
        Ok(QueryContext {
            today: chrono::Local::now().date_naive(),
            user_id,
            cadre_id,
            only_assigned: !store.scope()?.is_all(),
        })
    }
}

pub(super) fn row_from_detail(d: RequestDetail, today: NaiveDate) -> RequestRow {
    RequestRow {
        due_state: d.due_state(today),
        id: d.id,
        received_at: d.received_at,
        channel: d.channel,
        village_name: d.village_name,
        grid_name: d.grid_name,
        resident_name: d.resident_name,
        category_name: d.category_name,
        title: d.title,
        assignee_name: d.assignee_name,
        status: d.status,
        priority: d.priority,
        level: d.level,
        due: d.due,
        resolved_at: d.resolved_at,
        urge_count: d.urge_count,
        version: d.version,
    }
}

const OPEN_SQL: &str = "r.status IN ('received', 'assigned', 'in_progress', 'escalated')";

fn push_in(sql: &mut Vec<String>, values: &mut Vec<Value>, column: &str, items: Vec<Value>) {
    if items.is_empty() {
        return;
    }
    let marks: Vec<String> = items
        .into_iter()
        .map(|v| {
            values.push(v);
            format!("?{}", values.len())
        })
        .collect();
    sql.push(format!("{column} IN ({})", marks.join(", ")));
}

pub(super) fn where_clause(filter: &RequestFilter, ctx: &QueryContext, values: &mut Vec<Value>) -> Vec<String> {
    let mut sql = Vec::new();
    let text = |codes: Vec<&str>| codes.into_iter().map(|c| Value::Text(c.into())).collect();
    push_in(
        &mut sql,
        values,
        "r.status",
        text(filter.statuses.iter().map(|s| s.code()).collect()),
    );
    push_in(
        &mut sql,
        values,
        "r.channel",
        text(filter.channels.iter().map(|s| s.code()).collect()),
    );
    push_in(
        &mut sql,
        values,
        "r.level",
        text(filter.levels.iter().map(|s| s.code()).collect()),
    );
    let ints = |ids: &[i64]| ids.iter().map(|i| Value::Integer(*i)).collect();
    push_in(&mut sql, values, "r.category_id", ints(&filter.category_ids));
    // Outside callers' requests carry their own village and grid.
    if !filter.village_ids.is_empty() {
        sql.push(filter_sql::place(
            "village_id",
            "caller_village_id",
            &filter.village_ids,
            values,
        ));
    }
    if !filter.grid_ids.is_empty() {
        sql.push(filter_sql::place("grid_id", "caller_grid_id", &filter.grid_ids, values));
    }
    push_in(&mut sql, values, "r.id", ints(&filter.request_ids));
    match filter.assignee {
        None => {}
        Some(AssigneeFilter::Unassigned) => sql.push("r.assignee_id IS NULL".into()),
        Some(AssigneeFilter::Cadre(c)) => {
            values.push(Value::Integer(c));
            sql.push(format!("r.assignee_id = ?{}", values.len()));
        }
        Some(AssigneeFilter::Me) => match ctx.cadre_id {
            Some(c) => {
                values.push(Value::Integer(c));
                sql.push(format!("r.assignee_id = ?{}", values.len()));
            }
            None => {
                values.push(Value::Integer(ctx.user_id));
                sql.push(format!("(r.created_by = ?{} AND {OPEN_SQL})", values.len()));
            }
        },
    }
    if ctx.only_assigned {
        // Not linked to a cadre: the account has no requests.
        values.push(ctx.cadre_id.map_or(Value::Null, Value::Integer));
        sql.push(super::scope::own_requests_sql(values.len()));
    }
    if filter.open_only {
        sql.push(OPEN_SQL.into());
    }
    if filter.overdue {
        values.push(Value::Text(date_text(ctx.today)));
        sql.push(format!("({OPEN_SQL} AND r.due_at < ?{})", values.len()));
    }
    // Each word of the text must be found in the title, the content or
    // the resident's name; the bigram index narrows first.
    for needle in filter.text.split_whitespace() {
        let escaped = needle.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        values.push(Value::Text(format!("%{escaped}%")));
        let n = values.len();
        sql.extend(filter_sql::text_candidates(needle, n, values));
        sql.push(format!(
            "(r.title LIKE ?{n} ESCAPE '\\' OR r.content LIKE ?{n} ESCAPE '\\' \
             OR ifnull({RESIDENT_SQL}, '') LIKE ?{n} ESCAPE '\\')"
        ));
    }
    sql
}

fn order_by(sort: RequestSort) -> &'static str {
    match sort {
        RequestSort::Due => "r.due_at IS NULL, r.due_at, r.received_at, r.id",
        RequestSort::Age => "r.received_at, r.id",
        RequestSort::Newest => "r.received_at DESC, r.id DESC",
        RequestSort::Priority => "r.priority = 'urgent' DESC, r.due_at IS NULL, r.due_at, r.received_at, r.id",
    }
}

fn query_rows(
    conn: &Connection,
    conditions: &[String],
    values: Vec<Value>,
    order: &str,
    today: NaiveDate,
) -> Result<Vec<RequestRow>> {
    let mut sql = detail_sql();
    if !conditions.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conditions.join(" AND "));
    }
    sql.push_str(" ORDER BY ");
    sql.push_str(order);
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(values), detail_from_row)?;
    let mut out = Vec::new();
    for row in rows {
        // A row with an unknown code (hand-edited database) is still listed
        // with defaults rather than hiding it; the detail view reports it.
        let (detail, _) = row?;
        out.push(row_from_detail(detail, today));
    }
    Ok(out)
}

/// The triage table: requests matching `filter`, in `sort` order.
pub fn list_requests(
    conn: &Connection,
    filter: &RequestFilter,
    sort: RequestSort,
    ctx: &QueryContext,
) -> Result<Vec<RequestRow>> {
    let mut values = Vec::new();
    let conditions = where_clause(filter, ctx, &mut values);
    query_rows(conn, &conditions, values, order_by(sort), ctx.today)
}

/// Resolved requests not yet called back, longest waiting first; of
/// `scope` (a cadre account: its own requests, as in the triage table).
pub fn callbacks_due(conn: &Connection, today: NaiveDate, scope: &SessionScope) -> Result<Vec<RequestRow>> {
    let mut conditions = vec!["r.status = 'resolved'".to_string()];
    let mut values = vec![];
    if let Some((sql, cadre)) = scope.requests_sql(1) {
        conditions.push(sql);
        values.push(cadre);
    }
    query_rows(conn, &conditions, values, "r.resolved_at, r.id", today)
}

/// How many requests [`callbacks_due`] lists, without reading them: the
/// status index alone (the snapshot's figure, re-read after every other
/// clerk's request change; README "Performance").
pub fn count_callbacks_due(conn: &Connection, scope: &SessionScope) -> super::Result<usize> {
    let mut sql = String::from("SELECT count(*) FROM requests r WHERE r.status = 'resolved'");
    let mut values = vec![];
    if let Some((mine, cadre)) = scope.requests_sql(1) {
        sql.push_str(" AND ");
        sql.push_str(&mine);
        values.push(cadre);
    }
    let n: i64 = conn.query_row(&sql, rusqlite::params_from_iter(values), |r| r.get(0))?;
    Ok(n as usize)
}

/// A request's events, oldest first.
pub fn request_events(conn: &Connection, id: i64) -> Result<Vec<RequestEvent>> {
    let mut stmt = conn.prepare(
        "SELECT e.id, e.at, e.user_id, u.display_name, e.action, e.from_status, e.to_status, e.note, e.cadre_id,
                k.name, t.title, d.text
         FROM request_events e LEFT JOIN users u ON u.id = e.user_id
         LEFT JOIN cadres k ON e.note LIKE 'cadre:%' AND k.id = CAST(substr(e.note, 7) AS INTEGER)
         LEFT JOIN topics t ON e.note LIKE 'topic:%' AND t.id = CAST(substr(e.note, 7) AS INTEGER)
         LEFT JOIN decisions d ON e.note LIKE 'decision:%' AND d.id = CAST(substr(e.note, 10) AS INTEGER)
         WHERE e.request_id = ?1 ORDER BY e.at, e.id",
    )?;
    let rows = stmt.query_map([id], |r| {
        let action: String = r.get(4)?;
        let note: String = r.get(7)?;
        let name: Option<String> = r.get::<_, Option<String>>(9)?.or(r.get(10)?).or(r.get(11)?);
        Ok(RequestEvent {
            id: r.get(0)?,
            at: r.get(1)?,
            user_id: r.get(2)?,
            user_name: r.get(3)?,
            kind: CommandKind::parse(&action),
            action,
            from: coded(r, 5, Status::parse)?,
            to: coded(r, 6, Status::parse)?,
            note: readable_note(&note, name.as_deref()),
            cadre_id: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The stored note names what an event refers to by id ("cadre:15",
/// "topic:3: note"); the timeline shows its name instead (issue 12
/// finding 5: history shows names, never ids).
fn readable_note(note: &str, name: Option<&str>) -> String {
    let Some(name) = name else {
        return note.to_string();
    };
    let Some((_, rest)) = note.split_once(':') else {
        return note.to_string();
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let tail = &rest[digits..];
    format!("{name}{tail}")
}

/// Default threshold for "similar requests" (Dice over character bigrams).
pub const SIMILAR_THRESHOLD: f64 = 0.2;

/// Open requests of the same village or grid and the same category whose
/// title + content resemble request `id`'s, best first. For an outside
/// caller (no household, so no place) every place's requests are compared.
pub fn similar_open_requests(
    conn: &Connection,
    id: i64,
    threshold: f64,
    limit: usize,
    today: NaiveDate,
) -> Result<Vec<SimilarRequest>> {
    similar_in(conn, id, (threshold, limit), today, None)
}

/// [`similar_open_requests`] among the session's own requests (a cadre
/// account sees no other grid's residents here either).
pub fn similar_own_requests(
    store: &super::Store,
    id: i64,
    threshold: f64,
    limit: usize,
    today: NaiveDate,
) -> Result<Vec<SimilarRequest>> {
    let own = super::scope::own_request_ids(store.conn(), &store.scope()?)?;
    similar_in(store.conn(), id, (threshold, limit), today, own.as_ref())
}

fn similar_in(
    conn: &Connection,
    id: i64,
    (threshold, limit): (f64, usize),
    today: NaiveDate,
    own: Option<&std::collections::BTreeSet<i64>>,
) -> Result<Vec<SimilarRequest>> {
    let target = load_request(conn, id)?;
    let mut stmt = conn.prepare(&format!(
        "SELECT r.id, r.title || ' ' || r.content FROM requests r
         LEFT JOIN households h ON h.id = r.household_id
         WHERE {OPEN_SQL} AND r.id <> ?1 AND r.category_id IS ?2
           AND (?3 IS NULL OR h.village_id = ?3 OR h.grid_id IS ?4)"
    ))?;
    let candidates: Vec<(i64, String)> = stmt
        .query_map(
            rusqlite::params![id, target.category_id, target.village_id, target.grid_id],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )?
        .collect::<rusqlite::Result<Vec<(i64, String)>>>()?
        .into_iter()
        .filter(|(cid, _)| own.is_none_or(|o| o.contains(cid)))
        .collect();
    let text = format!("{} {}", target.title, target.content);
    let mut out = Vec::new();
    for (cid, score) in similar_requests(&text, candidates, threshold, limit) {
        let detail = load_request(conn, cid)?;
        out.push(SimilarRequest {
            row: row_from_detail(detail, today),
            score,
        });
    }
    Ok(out)
}

/// The topic `topic_id` and its decisions (from the agenda items that
/// discussed it), for the request detail; None when the topic is gone.
pub fn topic_progress(conn: &Connection, topic_id: i64) -> Result<Option<crate::model::requests::TopicProgress>> {
    use crate::domain::meetings::DecisionStatus;
    use crate::model::requests::{TopicDecision, TopicProgress};
    let Some(title) = conn
        .query_row("SELECT title FROM topics WHERE id = ?1", [topic_id], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
    else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT d.text, d.status, d.progress, d.deadline FROM decisions d
         JOIN agenda_items a ON a.id = d.agenda_item_id WHERE a.topic_id = ?1 ORDER BY d.id",
    )?;
    let decisions = stmt
        .query_map([topic_id], |r| {
            let status: String = r.get(1)?;
            Ok(TopicDecision {
                text: r.get(0)?,
                status: DecisionStatus::parse(&status).unwrap_or(DecisionStatus::Planned),
                progress: r.get(2)?,
                deadline: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(TopicProgress {
        id: topic_id,
        title,
        decisions,
    }))
}
