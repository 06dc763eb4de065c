//! The append-only audit log (triggers in the schema refuse UPDATE/DELETE).

use super::{Result, now_text};
use rusqlite::Transaction;

pub struct AuditEntry<'a> {
    pub user: &'a str,
    pub action: &'a str,
    pub object: &'a str,
    pub outcome: &'a str,
    pub detail: &'a str,
}

pub(super) fn record(tx: &Transaction, e: &AuditEntry) -> Result<()> {
    tx.execute(
        "INSERT INTO audit_log (at, user, action, object, outcome, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        rusqlite::params![now_text(), e.user, e.action, e.object, e.outcome, e.detail],
    )?;
    Ok(())
}
