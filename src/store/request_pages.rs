//! The triage table a page at a time (README "Performance"): keyset
//! pagination on the sort key (indexed by migration 013), so the first,
//! the next and the last page each cost an index seek plus the page, never
//! a sort of the whole table; the total is a count of its own. Rows are
//! read in full only for the page.

use super::request_ops::Result;
use super::request_query::{QueryContext, detail_from_row, detail_sql, row_from_detail, where_clause};
pub use crate::model::requests::{RequestRow, RequestSort, Seek, TablePage, TableQuery};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

/// The sort key of each order, compared as one row value, and whether it
/// runs descending. Same order as `request_query::list_requests`.
fn keys(query: &TableQuery) -> (&'static [&'static str], bool) {
    match query {
        TableQuery::View { sort, .. } => match sort {
            RequestSort::Due => (&["r.due_key", "r.received_at", "r.id"], false),
            RequestSort::Age => (&["r.received_at", "r.id"], false),
            RequestSort::Newest => (&["r.received_at", "r.id"], true),
            RequestSort::Priority => (&["r.routine", "r.due_key", "r.received_at", "r.id"], false),
        },
        TableQuery::CallbacksDue => (&["ifnull(r.resolved_at, '')", "r.id"], false),
    }
}

/// The FROM clause: the join only where the filter refers to it (the
/// resident's name), so counting and seeking read the index alone.
fn from(query: &TableQuery) -> String {
    let mut sql = String::from("FROM requests r");
    if let TableQuery::View { filter, .. } = query
        && !filter.text.trim().is_empty()
    {
        sql.push_str(" LEFT JOIN persons p ON p.id = r.person_id");
    }
    sql
}

/// The query's conditions and their values.
fn conditions(query: &TableQuery, ctx: &QueryContext) -> (Vec<String>, Vec<Value>) {
    let mut values = Vec::new();
    let conditions = match query {
        TableQuery::View { filter, .. } => where_clause(filter, ctx, &mut values),
        TableQuery::CallbacksDue => {
            let mut c = vec!["r.status = 'resolved'".to_string()];
            if ctx.only_assigned {
                // A cadre account: its own requests (`Store::scope`).
                values.push(ctx.cadre_id.map_or(Value::Null, Value::Integer));
                c.push(super::scope::own_requests_sql(values.len()));
            }
            c
        }
    };
    (conditions, values)
}

fn where_sql(conditions: &[String]) -> String {
    if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    }
}

/// `keys` compared with the row value of request `id`'s key (`op` is `<`
/// or `>`); None when there is no such request.
fn key_condition(
    conn: &Connection,
    keys: &[&str],
    id: i64,
    op: &str,
    values: &mut Vec<Value>,
) -> Result<Option<String>> {
    let list = keys.join(", ");
    let key: Option<Vec<Value>> = conn
        .query_row(&format!("SELECT {list} FROM requests r WHERE r.id = ?1"), [id], |r| {
            (0..keys.len()).map(|i| r.get::<_, Value>(i)).collect()
        })
        .optional()?;
    let Some(key) = key else { return Ok(None) };
    let marks: Vec<String> = key
        .into_iter()
        .map(|v| {
            values.push(v);
            format!("?{}", values.len())
        })
        .collect();
    Ok(Some(format!("({list}) {op} ({})", marks.join(", "))))
}

/// How many requests the query lists.
pub fn count(conn: &Connection, query: &TableQuery, ctx: &QueryContext) -> Result<usize> {
    let (conditions, values) = conditions(query, ctx);
    let sql = format!("SELECT count(*) {}{}", from(query), where_sql(&conditions));
    let n: i64 = conn.query_row(&sql, rusqlite::params_from_iter(values), |r| r.get(0))?;
    Ok(n as usize)
}

/// The ids of up to `limit` rows from `seek`, in display order.
fn page_ids(conn: &Connection, query: &TableQuery, ctx: &QueryContext, seek: Seek, limit: usize) -> Result<Vec<i64>> {
    let (mut conditions, mut values) = conditions(query, ctx);
    let (keys, descending) = keys(query);
    // Walking backwards (Before, Last) reads in the reverse order.
    let backwards = matches!(seek, Seek::Before { .. } | Seek::Last);
    let reverse = backwards != descending;
    if let Seek::After { id, .. } | Seek::Before { id, .. } = seek {
        let op = if reverse { "<" } else { ">" };
        match key_condition(conn, keys, id, op, &mut values)? {
            Some(c) => conditions.push(c),
            None => return Ok(Vec::new()),
        }
    }
    let dir = if reverse { " DESC" } else { "" };
    let order: Vec<String> = keys.iter().map(|k| format!("{k}{dir}")).collect();
    let sql = format!(
        "SELECT r.id {}{} ORDER BY {} LIMIT {limit}",
        from(query),
        where_sql(&conditions),
        order.join(", ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut ids = stmt
        .query_map(rusqlite::params_from_iter(values), |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    if backwards {
        ids.reverse();
    }
    Ok(ids)
}

/// The table's rows for `ids`, in that order.
fn rows_of(conn: &Connection, ids: &[i64], ctx: &QueryContext) -> Result<Vec<RequestRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
    let sql = format!("{} WHERE r.id IN ({})", detail_sql(), list.join(","));
    let mut stmt = conn.prepare(&sql)?;
    let mut found: HashMap<i64, RequestRow> = HashMap::with_capacity(ids.len());
    for row in stmt.query_map([], detail_from_row)? {
        // An unknown stored code is listed with defaults (the detail says it).
        let (detail, _) = row?;
        found.insert(detail.id, row_from_detail(detail, ctx.today));
    }
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// Up to `limit` rows from `seek`, in display order, and the total.
pub fn page(conn: &Connection, query: &TableQuery, ctx: &QueryContext, seek: Seek, limit: usize) -> Result<TablePage> {
    let total = count(conn, query, ctx)?;
    let ids = page_ids(conn, query, ctx, seek, limit)?;
    let start = match seek {
        Seek::First => 0,
        Seek::Last => total.saturating_sub(ids.len()),
        Seek::After { index, .. } => index + 1,
        Seek::Before { index, .. } => index.saturating_sub(ids.len()),
    };
    Ok(TablePage {
        total,
        start,
        rows: rows_of(conn, &ids, ctx)?,
    })
}

/// Every row the query lists, in display order (an export of the table).
pub fn all(conn: &Connection, query: &TableQuery, ctx: &QueryContext) -> Result<Vec<RequestRow>> {
    let total = count(conn, query, ctx)?;
    Ok(page(conn, query, ctx, Seek::First, total.max(1))?.rows)
}

/// How many listed rows come before request `id`; None when the query
/// does not list it. Counts along the key index up to the row.
pub fn rank(conn: &Connection, query: &TableQuery, ctx: &QueryContext, id: i64) -> Result<Option<usize>> {
    let (mut conditions, mut values) = conditions(query, ctx);
    values.push(Value::Integer(id));
    let member = [conditions.clone(), vec![format!("r.id = ?{}", values.len())]].concat();
    let sql = format!("SELECT count(*) {}{}", from(query), where_sql(&member));
    let listed: i64 = conn.query_row(&sql, rusqlite::params_from_iter(values.clone()), |r| r.get(0))?;
    if listed == 0 {
        return Ok(None);
    }
    values.pop();
    let (keys, descending) = keys(query);
    let op = if descending { ">" } else { "<" };
    let Some(before) = key_condition(conn, keys, id, op, &mut values)? else {
        return Ok(None);
    };
    conditions.push(before);
    let sql = format!("SELECT count(*) {}{}", from(query), where_sql(&conditions));
    let n: i64 = conn.query_row(&sql, rusqlite::params_from_iter(values), |r| r.get(0))?;
    Ok(Some(n as usize))
}

/// The rows around request `id` (up to `before` rows before it, it, and up
/// to `after` after it), so a refreshed table keeps the clerk's place; None
/// when the query no longer lists `id`.
pub fn around(
    conn: &Connection,
    query: &TableQuery,
    ctx: &QueryContext,
    id: i64,
    before: usize,
    after: usize,
) -> Result<Option<TablePage>> {
    let Some(rank) = rank(conn, query, ctx, id)? else {
        return Ok(None);
    };
    let mut ids = page_ids(conn, query, ctx, Seek::Before { id, index: rank }, before)?;
    let start = rank - ids.len();
    ids.push(id);
    ids.extend(page_ids(conn, query, ctx, Seek::After { id, index: rank }, after)?);
    Ok(Some(TablePage {
        total: count(conn, query, ctx)?,
        start,
        rows: rows_of(conn, &ids, ctx)?,
    }))
}

/// Up to `limit` rows from position `index` on (moved back so the page is
/// full where possible): where a refreshed table lands when the selected
/// request has left it. It skips the rows before `index`, so it is only
/// for that case.
pub fn at(conn: &Connection, query: &TableQuery, ctx: &QueryContext, index: usize, limit: usize) -> Result<TablePage> {
    let total = count(conn, query, ctx)?;
    let start = index.min(total.saturating_sub(limit));
    let (conditions, values) = conditions(query, ctx);
    let (keys, descending) = keys(query);
    let dir = if descending { " DESC" } else { "" };
    let order: Vec<String> = keys.iter().map(|k| format!("{k}{dir}")).collect();
    let sql = format!(
        "SELECT r.id {}{} ORDER BY {} LIMIT {limit} OFFSET {start}",
        from(query),
        where_sql(&conditions),
        order.join(", ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let ids = stmt
        .query_map(rusqlite::params_from_iter(values), |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(TablePage {
        total,
        start,
        rows: rows_of(conn, &ids, ctx)?,
    })
}
