//! Numbered schema migrations on `user_version`.
//!
//! A tiny runner instead of `rusqlite_migration::to_latest`: that one reads
//! `user_version` *before* its transaction begins, so two clerks opening a
//! fresh file at the same moment both see version 0 and the second one fails
//! on `CREATE TABLE`. Here the version is re-read inside the IMMEDIATE
//! transaction that applies the steps, which serialises concurrent first opens.

use super::{Result, StoreError};
use rusqlite::{Connection, TransactionBehavior};

/// One migration: its SQL, then optionally work SQL cannot do (hashing),
/// both in the same transaction.
struct Step {
    sql: &'static str,
    then: Option<fn(&Connection) -> Result<()>>,
}

const fn sql(sql: &'static str) -> Step {
    Step { sql, then: None }
}

const STEPS: &[Step] = &[
    sql(include_str!("../../assets/migrations/001_init.sql")),
    sql(include_str!("../../assets/migrations/002_requests.sql")),
    sql(include_str!("../../assets/migrations/003_meetings.sql")),
    sql(include_str!("../../assets/migrations/004_assessment.sql")),
    Step {
        sql: include_str!("../../assets/migrations/005_audit_chain.sql"),
        then: Some(super::audit::chain_existing_rows),
    },
    sql(include_str!("../../assets/migrations/006_accounts.sql")),
    sql(include_str!("../../assets/migrations/007_caller_place.sql")),
    sql(include_str!("../../assets/migrations/008_setup.sql")),
    // 民情分析: reports attached to agenda items (issue 14).
    sql(include_str!("../../assets/migrations/009_agenda_reports.sql")),
    // Change log for incremental refresh (README "Performance").
    sql(include_str!("../../assets/migrations/010_change_log.sql")),
    // A bulk import pauses the change log and asks for a reload instead.
    sql(include_str!("../../assets/migrations/011_bulk_pause.sql")),
    // Accounts carry a version for the set-up pane's edits.
    sql(include_str!("../../assets/migrations/012_user_version.sql")),
    // The triage table's sort keys, indexed (issue 15).
    sql(include_str!("../../assets/migrations/013_triage_keys.sql")),
    // The triage table's place and text filters, indexed (issue 15).
    sql(include_str!("../../assets/migrations/014_triage_filters.sql")),
];

/// The schema version this binary writes.
pub fn latest_version() -> i64 {
    STEPS.len() as i64
}

/// Brings the database to [`latest_version`]; refuses a newer one.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let supported = latest_version();
    let found = user_version(conn)?;
    if found == supported {
        return Ok(()); // fast path: no write lock for the common open
    }
    check_not_newer(found, supported)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have migrated while we waited for the lock.
    let found = user_version(&tx)?;
    check_not_newer(found, supported)?;
    for (i, step) in STEPS.iter().enumerate().skip(found as usize) {
        let failed = |detail: String| StoreError::Migration { step: i + 1, detail };
        tx.execute_batch(step.sql).map_err(|e| failed(e.to_string()))?;
        if let Some(then) = step.then {
            then(&tx).map_err(|e| failed(e.to_string()))?;
        }
    }
    tx.pragma_update(None, "user_version", supported)?;
    tx.commit()?;
    Ok(())
}

fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

fn check_not_newer(found: i64, supported: i64) -> Result<()> {
    if found > supported {
        Err(StoreError::NewerSchema { found, supported })
    } else {
        Ok(())
    }
}
