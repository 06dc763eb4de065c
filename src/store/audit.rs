//! The append-only audit log: triggers in the schema refuse UPDATE and
//! DELETE, and every row is chained to the one before it by SHA-256
//! (README "Audit"), so that `minqing check` can tell where someone with
//! raw access to the file changed, removed or reordered rows.

use super::{Result, now_text};
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

pub struct AuditEntry<'a> {
    pub user: &'a str,
    pub action: &'a str,
    pub object: &'a str,
    pub outcome: &'a str,
    pub detail: &'a str,
}

/// One stored row, as hashed.
struct Row {
    id: i64,
    at: String,
    user: String,
    action: String,
    object: String,
    outcome: String,
    detail: String,
    prev_hash: String,
    hash: String,
}

/// Appends `e` to the log. Must run inside a write (IMMEDIATE) transaction:
/// reading the previous hash and inserting the next row are then atomic
/// with respect to every other clerk's writes.
pub fn record(conn: &Connection, e: &AuditEntry) -> Result<()> {
    let (last_id, prev_hash) = head(conn)?;
    let id = last_id + 1;
    let at = now_text();
    let hash = chain_hash(&prev_hash, id, &[&at, e.user, e.action, e.object, e.outcome, e.detail]);
    conn.execute(
        "INSERT INTO audit_log (id, at, user, action, object, outcome, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        rusqlite::params![id, at, e.user, e.action, e.object, e.outcome, e.detail, prev_hash, hash],
    )?;
    set_head(conn, id, &hash)
}

/// The newest row's id and hash (0 and "" for an empty log).
fn head(conn: &Connection) -> Result<(i64, String)> {
    Ok(conn
        .query_row("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?
        .unwrap_or((0, String::new())))
}

fn set_head(conn: &Connection, id: i64, hash: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_head (one, last_id, hash) VALUES (1, ?1, ?2)
         ON CONFLICT (one) DO UPDATE SET last_id = excluded.last_id, hash = excluded.hash",
        rusqlite::params![id, hash],
    )?;
    Ok(())
}

/// SHA-256 over the previous hash, the row id and the fields, each prefixed
/// with its length so that no two different rows hash the same input.
fn chain_hash(prev_hash: &str, id: i64, fields: &[&str]) -> String {
    let mut h = Sha256::new();
    let mut put = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    put(prev_hash.as_bytes());
    put(&id.to_le_bytes());
    for f in fields {
        put(f.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

impl Row {
    fn expected_hash(&self, prev_hash: &str) -> String {
        chain_hash(
            prev_hash,
            self.id,
            &[
                &self.at,
                &self.user,
                &self.action,
                &self.object,
                &self.outcome,
                &self.detail,
            ],
        )
    }
}

/// Calls `f` on every row in id order without holding the whole log in
/// memory (it only grows).
fn for_each_row(conn: &Connection, mut f: impl FnMut(Row) -> Result<()>) -> Result<()> {
    let mut stmt = conn
        .prepare("SELECT id, at, user, action, object, outcome, detail, prev_hash, hash FROM audit_log ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Row {
            id: r.get(0)?,
            at: r.get(1)?,
            user: r.get(2)?,
            action: r.get(3)?,
            object: r.get(4)?,
            outcome: r.get(5)?,
            detail: r.get(6)?,
            prev_hash: r.get(7)?,
            hash: r.get(8)?,
        })
    })?;
    for row in rows {
        f(row?)?;
    }
    Ok(())
}

/// Migration step 5: chain the rows written before the chain existed. The
/// append-only triggers are lifted for these updates only, inside the
/// migration's transaction, and put back.
pub(super) fn chain_existing_rows(conn: &Connection) -> Result<()> {
    conn.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;")?;
    let mut chained = Vec::new();
    let mut prev = String::new();
    for_each_row(conn, |row| {
        let hash = row.expected_hash(&prev);
        chained.push((row.id, std::mem::replace(&mut prev, hash.clone()), hash));
        Ok(())
    })?;
    let mut update = conn.prepare("UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE id = ?3")?;
    for (id, prev_hash, hash) in &chained {
        update.execute(rusqlite::params![prev_hash, hash, id])?;
    }
    let last = chained.last().map_or(0, |(id, _, _)| *id);
    if last > 0 {
        set_head(conn, last, &prev)?;
    }
    conn.execute_batch(APPEND_ONLY_TRIGGERS)?;
    Ok(())
}

const APPEND_ONLY_TRIGGERS: &str = "
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
";

/// The objects whose absence means the log's protection was removed.
const GUARDS: &[(&str, &str)] = &[
    ("table", "audit_log"),
    ("table", "audit_head"),
    ("trigger", "audit_log_no_update"),
    ("trigger", "audit_log_no_delete"),
    ("trigger", "audit_head_no_delete"),
];

/// What `minqing check` found in the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainProblem {
    /// A table or trigger that protects the log is gone ("table audit_log").
    Missing { kind: String, name: String },
    /// Row `id` does not follow from the row before it: that one was
    /// deleted, or rows were reordered, or `id` itself was changed.
    Broken { id: i64, last_good: Option<i64> },
    /// The newest rows were removed: the head remembers row `head_id`, the
    /// log ends at `last_id`.
    Truncated { head_id: i64, last_id: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    pub rows: usize,
    pub problems: Vec<ChainProblem>,
}

impl ChainReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Recomputes the whole chain. Reports the first broken link (with the last
/// row that is still good), removed guards, and a removed tail.
pub fn verify_chain(conn: &Connection) -> Result<ChainReport> {
    let mut problems = Vec::new();
    for (kind, name) in GUARDS {
        let present: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = ?1 AND name = ?2",
            [kind, name],
            |r| r.get(0),
        )?;
        if present == 0 {
            problems.push(ChainProblem::Missing {
                kind: kind.to_string(),
                name: name.to_string(),
            });
        }
    }
    if problems
        .iter()
        .any(|p| matches!(p, ChainProblem::Missing { kind, .. } if kind == "table"))
    {
        return Ok(ChainReport { rows: 0, problems });
    }
    let (mut count, mut prev, mut last_id) = (0, String::new(), 0);
    let mut last_good = None;
    let mut broken = None;
    for_each_row(conn, |row| {
        count += 1;
        last_id = row.id;
        if broken.is_none() {
            if row.prev_hash != prev || row.hash != row.expected_hash(&prev) {
                broken = Some(ChainProblem::Broken { id: row.id, last_good });
            } else {
                last_good = Some(row.id);
            }
        }
        prev = row.hash;
        Ok(())
    })?;
    problems.extend(broken);
    let head: Option<(i64, String)> = conn
        .query_row("SELECT last_id, hash FROM audit_head WHERE one = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    match head {
        Some((head_id, hash)) if head_id != last_id || hash != prev => {
            problems.push(ChainProblem::Truncated { head_id, last_id });
        }
        None if count > 0 => problems.push(ChainProblem::Truncated { head_id: 0, last_id }),
        _ => {}
    }
    Ok(ChainReport { rows: count, problems })
}

/// Which rows `minqing audit` lists (all given conditions hold).
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// The login that acted.
    pub by: Option<String>,
    /// Rows on or after this day.
    pub since: Option<chrono::NaiveDate>,
    /// An action ("login") or a family of them ("permission" lists
    /// "permission.reveal", ...).
    pub action: Option<String>,
}

/// One row of the log as listed for an inspection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub user: String,
    pub action: String,
    pub object: String,
    pub outcome: String,
    pub detail: String,
}

impl super::Store {
    /// The log's rows matching `filter`, oldest first, for an inspection:
    /// admin and leader only, and the listing is itself audited (before the
    /// rows are read, so it lists itself).
    pub fn audit_rows(&mut self, filter: &AuditFilter) -> Result<Vec<AuditRow>> {
        self.require(crate::domain::accounts::Permission::ReadAudit, "audit_log")?;
        let detail = format!(
            "by={} since={} action={}",
            filter.by.as_deref().unwrap_or("*"),
            filter.since.map(|d| d.to_string()).unwrap_or_else(|| "*".into()),
            filter.action.as_deref().unwrap_or("*"),
        );
        self.write(|tx, actor| super::Store::audit(tx, actor, "audit.read", "audit_log", &detail))?;
        let mut stmt = self.conn().prepare(
            "SELECT id, at, user, action, object, outcome, detail FROM audit_log
             WHERE (?1 IS NULL OR user = ?1)
               AND (?2 IS NULL OR at >= ?2)
               AND (?3 IS NULL OR action = ?3 OR substr(action, 1, length(?3) + 1) = ?3 || '.')
             ORDER BY id",
        )?;
        let since = filter.since.map(|d| d.format("%Y-%m-%d").to_string());
        let rows = stmt.query_map(rusqlite::params![filter.by, since, filter.action], |r| {
            Ok(AuditRow {
                id: r.get(0)?,
                at: r.get(1)?,
                user: r.get(2)?,
                action: r.get(3)?,
                object: r.get(4)?,
                outcome: r.get(5)?,
                detail: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_prefixes_keep_field_boundaries_apart() {
        let a = chain_hash("", 1, &["ab", "c"]);
        let b = chain_hash("", 1, &["a", "bc"]);
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(chain_hash("", 1, &["x"]), chain_hash("", 2, &["x"]), "the id is hashed");
        assert_ne!(
            chain_hash("p", 1, &["x"]),
            chain_hash("q", 1, &["x"]),
            "the link is hashed"
        );
    }
}
