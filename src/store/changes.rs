//! Reads the change log (migration 010, README "Performance"): which rows
//! other connections changed after a given sequence number, grouped by what
//! an open TUI must patch. Triggers write the log in the same transaction
//! as each change, so an entry is visible exactly when its change is.

use super::Result;
use rusqlite::Connection;
use std::collections::BTreeSet;

/// More entries than this since our position: loading everything again is
/// cheaper than patching row by row (an import, a bulk edit).
pub const PATCH_LIMIT: usize = 5_000;

/// The part of the state a changed table feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// Villages, groups, grids, cadres: names shown by every household row
    /// and lookup entry; the register is loaded again.
    Places,
    /// Settings, categories, SLA rules, calendar, users: small lists.
    Settings,
    /// Requests and everything built on them (topics, meetings, decisions,
    /// callbacks, visits, surveys): counts, boards and figures.
    Work,
}

impl Part {
    fn of(table: &str) -> Option<Part> {
        Some(match table {
            "villages" | "village_groups" | "grids" | "cadres" => Part::Places,
            "settings" | "categories" | "sla_rules" | "calendar_days" | "users" => Part::Settings,
            "requests"
            | "request_events"
            | "topics"
            | "topic_requests"
            | "topic_dismissals"
            | "meetings"
            | "meeting_participants"
            | "agenda_items"
            | "opinions"
            | "decisions"
            | "decision_progress"
            | "decision_evaluations"
            | "callbacks"
            | "visits"
            | "survey_campaigns"
            | "survey_samples" => Part::Work,
            _ => return None,
        })
    }
}

/// What changed between a position and the newest entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeSet {
    /// The newest sequence number read: the next position.
    pub upto: i64,
    /// Households whose row or members changed (or that were added or
    /// deleted).
    pub households: BTreeSet<i64>,
    /// Other parts touched.
    pub parts: BTreeSet<Part>,
    /// The tables of those parts that changed, so a patch re-reads only
    /// what they feed.
    pub tables: BTreeSet<String>,
    /// Changed requests and visits: their counts are adjusted row by row.
    pub requests: BTreeSet<i64>,
    pub visits: BTreeSet<i64>,
}

impl ChangeSet {
    pub fn is_empty(&self) -> bool {
        self.households.is_empty() && self.parts.is_empty()
    }
}

/// The answer to "what changed since `after`".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    Changes(ChangeSet),
    /// The log no longer reaches back to our position (pruned), or holds
    /// more than [`PATCH_LIMIT`] entries since it: load everything.
    Reload,
}

/// The entry a bulk write leaves instead of one per row (migration 011):
/// readers load everything again.
const RELOAD: &str = "reload";

/// Rows written above which a bulk write pauses the per-row log and asks
/// readers to reload: patching that many rows costs more than a reload.
pub const BULK_ROWS: usize = PATCH_LIMIT;

/// Runs `write` (inside the caller's transaction) with the per-row log of
/// households and persons off, then leaves one reload entry (README
/// "Performance": an import of a whole register). The log's triggers on
/// those two tables are dropped for the write and created again from their
/// own text before returning, all inside the transaction, so other
/// connections never see them missing; a trigger that only tests the pause
/// (migration 011) still costs about a third of a bare insert per row.
pub fn bulk<T>(tx: &Connection, write: impl FnOnce() -> super::Result<T>) -> super::Result<T> {
    let triggers = register_triggers(tx)?;
    tx.execute("INSERT INTO change_log_pause (one) VALUES (1)", [])?;
    for (name, _) in &triggers {
        tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    let out = write();
    // Created again even when the write failed: a caller that goes on in
    // the same transaction must not lose the log.
    for (_, sql) in &triggers {
        tx.execute_batch(sql)?;
    }
    tx.execute("DELETE FROM change_log_pause", [])?;
    let out = out?;
    tx.execute("INSERT INTO change_log (tbl, row_id) VALUES (?1, 0)", [RELOAD])?;
    Ok(out)
}

/// The change log's triggers on households and persons, with the text that
/// creates each.
fn register_triggers(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT name, sql FROM sqlite_master
         WHERE type = 'trigger' AND tbl_name IN ('households', 'persons') AND substr(name, 1, 11) = 'change_log_'
         ORDER BY name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The newest sequence number (0 for an empty log). Read it in the same
/// transaction as a full load to know where that load stands.
pub fn position(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT coalesce(max(seq), 0) FROM change_log", [], |r| r.get(0))?)
}

/// Entries after position `after`, grouped. Read it in the same
/// transaction as the rows it names are reloaded.
pub fn since(conn: &Connection, after: i64) -> Result<Pending> {
    let oldest: Option<i64> = conn.query_row("SELECT min(seq) FROM change_log", [], |r| r.get(0))?;
    // Pruning deletes a prefix: the log is complete after `after` only if it
    // still begins at or before the entry following it.
    if oldest.is_some_and(|o| o > after + 1) {
        return Ok(Pending::Reload);
    }
    let mut stmt =
        conn.prepare_cached("SELECT seq, tbl, row_id FROM change_log WHERE seq > ?1 ORDER BY seq LIMIT ?2")?;
    let mut rows = stmt.query((after, PATCH_LIMIT as i64 + 1))?;
    let mut set = ChangeSet {
        upto: after,
        ..ChangeSet::default()
    };
    let mut n = 0;
    while let Some(r) = rows.next()? {
        n += 1;
        if n > PATCH_LIMIT {
            return Ok(Pending::Reload);
        }
        set.upto = r.get(0)?;
        let table: String = r.get(1)?;
        if table == RELOAD {
            return Ok(Pending::Reload);
        }
        if table == "households" {
            set.households.insert(r.get(2)?);
        } else if let Some(part) = Part::of(&table) {
            set.parts.insert(part);
            match table.as_str() {
                "requests" => set.requests.insert(r.get(2)?),
                "visits" => set.visits.insert(r.get(2)?),
                _ => false,
            };
            set.tables.insert(table);
        }
    }
    Ok(Pending::Changes(set))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::open_connection;

    fn db() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let conn = open_connection(&dir.path().join("t.db")).unwrap();
        conn.execute_batch(
            "INSERT INTO villages (id, name) VALUES (1, '青山村');
             INSERT INTO cadres (id, name) VALUES (1, '李四');
             INSERT INTO grids (id, village_id, name, cadre_id) VALUES (1, 1, '第一网格', 1);
             INSERT INTO households (id, village_id, grid_id, address) VALUES (7, 1, 1, '青山村7号');
             INSERT INTO households (id, village_id, grid_id, address) VALUES (8, 1, 1, '青山村8号');",
        )
        .unwrap();
        (dir, conn)
    }

    #[test]
    fn a_person_moving_logs_both_households() {
        let (_d, conn) = db();
        conn.execute("INSERT INTO persons (id, household_id, name) VALUES (1, 7, '张三')", [])
            .unwrap();
        let at = position(&conn).unwrap();
        conn.execute("UPDATE persons SET household_id = 8 WHERE id = 1", [])
            .unwrap();
        let Pending::Changes(set) = since(&conn, at).unwrap() else {
            panic!("the log reaches back")
        };
        assert_eq!(set.households, BTreeSet::from([7, 8]));
        assert!(set.parts.is_empty());
        assert_eq!(set.upto, position(&conn).unwrap());
        assert!(
            since(&conn, set.upto).unwrap()
                == Pending::Changes(ChangeSet {
                    upto: set.upto,
                    ..Default::default()
                })
        );
    }

    #[test]
    fn tables_map_to_parts_and_audit_is_not_logged() {
        let (_d, conn) = db();
        let at = position(&conn).unwrap();
        conn.execute_batch(
            "UPDATE villages SET name = '青山社区' WHERE id = 1;
             INSERT INTO settings (key, value) VALUES ('x', 'y');
             INSERT INTO requests (received_at, channel, title, caller_name) VALUES ('2026-01-01', 'visit', 't', '王五');",
        )
        .unwrap();
        let before_audit = position(&conn).unwrap();
        conn.execute(
            "INSERT INTO audit_log (at, user, action, object, outcome) VALUES ('2026-01-01', 'a', 'b', 'c', 'ok')",
            [],
        )
        .unwrap();
        assert_eq!(position(&conn).unwrap(), before_audit);
        let Pending::Changes(set) = since(&conn, at).unwrap() else {
            panic!("the log reaches back")
        };
        assert_eq!(set.parts, BTreeSet::from([Part::Places, Part::Settings, Part::Work]));
        let tables: Vec<&str> = set.tables.iter().map(String::as_str).collect();
        assert_eq!(tables, ["requests", "settings", "villages"]);
        assert_eq!(set.requests.len(), 1, "the new request is named");
    }

    #[test]
    fn a_bulk_write_logs_one_reload_instead_of_each_row() {
        let (_d, conn) = db();
        let at = position(&conn).unwrap();
        bulk(&conn, || {
            conn.execute_batch(
                "INSERT INTO persons (household_id, name) VALUES (7, '张三');
                 INSERT INTO households (id, village_id, grid_id, address) VALUES (9, 1, 1, '青山村9号');
                 UPDATE persons SET household_id = 9;",
            )?;
            Ok(())
        })
        .unwrap();
        let logged: i64 = conn
            .query_row("SELECT count(*) FROM change_log WHERE seq > ?1", [at], |r| r.get(0))
            .unwrap();
        assert_eq!(logged, 1, "one entry for the whole bulk write");
        assert_eq!(since(&conn, at).unwrap(), Pending::Reload);
        // After it the log is per row again.
        let after = position(&conn).unwrap();
        conn.execute("UPDATE persons SET name = '张山'", []).unwrap();
        let Pending::Changes(set) = since(&conn, after).unwrap() else {
            panic!("the log reaches back")
        };
        assert_eq!(set.households, BTreeSet::from([9]));
    }

    #[test]
    fn a_bulk_write_leaves_the_log_triggers_as_they_were_even_when_it_fails() {
        let (_d, conn) = db();
        let before = register_triggers(&conn).unwrap();
        assert!(
            before.len() >= 4,
            "insert and update triggers of both tables: {before:?}"
        );
        bulk(&conn, || {
            let during = register_triggers(&conn)?;
            assert!(during.is_empty(), "the write runs without them: {during:?}");
            Ok(())
        })
        .unwrap();
        assert_eq!(register_triggers(&conn).unwrap(), before);
        let failed: super::super::Result<()> = bulk(&conn, || Err(rusqlite::Error::QueryReturnedNoRows.into()));
        assert!(failed.is_err());
        assert_eq!(register_triggers(&conn).unwrap(), before);
        let at = position(&conn).unwrap();
        conn.execute("INSERT INTO persons (household_id, name) VALUES (7, '李四')", [])
            .unwrap();
        assert_ne!(
            position(&conn).unwrap(),
            at,
            "a row after a failed bulk write is logged"
        );
    }

    #[test]
    fn a_pruned_position_asks_for_a_reload() {
        let (_d, conn) = db();
        let at = position(&conn).unwrap();
        conn.execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 11000)
             INSERT INTO change_log (tbl, row_id) SELECT 'households', 7 FROM n;",
        )
        .unwrap();
        let count: i64 = conn
            .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
            .unwrap();
        assert!(count < 11_000, "the log is capped: {count}");
        assert_eq!(since(&conn, at).unwrap(), Pending::Reload);
        // Too many entries since a position still in the log: reload too.
        let recent = position(&conn).unwrap() - PATCH_LIMIT as i64 - 10;
        assert_eq!(since(&conn, recent).unwrap(), Pending::Reload);
        let Pending::Changes(set) = since(&conn, position(&conn).unwrap() - 3).unwrap() else {
            panic!("a recent position patches")
        };
        assert_eq!(set.households, BTreeSet::from([7]));
    }
}
