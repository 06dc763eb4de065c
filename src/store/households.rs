//! Versioned writes behind the household card (一户一档). Each save names the
//! version the clerk was looking at; if someone saved in between, nothing is
//! written and the caller gets [`StoreError::Conflict`] to show a reload.
//!
//! IDs and phones are validated by the domain layer before they get here.

use super::{Result, Store, StoreError, expect_saved, now_text};
pub use crate::model::register::NewPerson;
use chrono::NaiveDate;
use rusqlite::{ErrorCode, OptionalExtension, Transaction, params};

/// Records that the household's data was checked on `today`.
/// Returns the household's new version.
pub fn mark_verified(store: &mut Store, household_id: i64, expected_version: i64, today: NaiveDate) -> Result<i64> {
    store.write(|tx, actor| {
        let object = format!("household:{household_id}");
        let day = today.format("%Y-%m-%d").to_string();
        let changed = tx.execute(
            "UPDATE households SET verified_at = ?1, version = version + 1, updated_at = ?2
             WHERE id = ?3 AND version = ?4",
            params![day, now_text(), household_id, expected_version],
        )?;
        saved_or_why(tx, changed, "households", household_id, &object)?;
        Store::audit(tx, actor, "household.verify", &object, &format!("verified_at={day}"))?;
        Ok(expected_version + 1)
    })
}

/// Saves a person's phone (None clears it) and status. Returns the person's
/// new version.
pub fn update_person_contact(
    store: &mut Store,
    person_id: i64,
    expected_version: i64,
    phone: Option<&str>,
    status: &str,
) -> Result<i64> {
    store.write(|tx, actor| {
        let object = format!("person:{person_id}");
        let changed = tx.execute(
            "UPDATE persons SET phone = ?1, status = ?2, version = version + 1, updated_at = ?3
             WHERE id = ?4 AND version = ?5",
            params![phone, status, now_text(), person_id, expected_version],
        )?;
        saved_or_why(tx, changed, "persons", person_id, &object)?;
        // The phone itself stays out of the log: it is personal data.
        let phone_note = if phone.is_some() { "set" } else { "cleared" };
        let detail = format!("status={status}; phone {phone_note}");
        Store::audit(tx, actor, "person.contact", &object, &detail)?;
        Ok(expected_version + 1)
    })
}

/// Adds a member to a household. The household's version is bumped in the
/// same transaction, so a clerk editing the card from an older read gets a
/// conflict instead of silently missing the new member. Returns the person id.
pub fn add_person(
    store: &mut Store,
    household_id: i64,
    expected_household_version: i64,
    person: NewPerson,
) -> Result<i64> {
    store.write(|tx, actor| {
        let household = format!("household:{household_id}");
        let changed = tx.execute(
            "UPDATE households SET version = version + 1, updated_at = ?1
             WHERE id = ?2 AND version = ?3",
            params![now_text(), household_id, expected_household_version],
        )?;
        saved_or_why(tx, changed, "households", household_id, &household)?;
        let id = insert_person(tx, household_id, &person)?;
        let detail = format!("{household}; relation={}", person.relation);
        Store::audit(tx, actor, "person.add", &format!("person:{id}"), &detail)?;
        Ok(id)
    })
}

fn insert_person(tx: &Transaction, household_id: i64, p: &NewPerson) -> Result<i64> {
    let inserted = tx.execute(
        "INSERT INTO persons (household_id, name, resident_id, gender, birth_date, relation, phone, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            household_id,
            p.name,
            p.resident_id,
            p.gender,
            p.birth_date,
            p.relation,
            p.phone,
            p.status
        ],
    );
    match inserted {
        Ok(_) => Ok(tx.last_insert_rowid()),
        // The only UNIQUE on persons is the resident ID.
        Err(e)
            if e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation)
                && e.to_string().contains("resident_id") =>
        {
            Err(StoreError::Refused(super::Refusal::ResidentIdTaken))
        }
        Err(e) => Err(e.into()),
    }
}

/// Zero rows changed means a stale version or a deleted row; tell them apart
/// so the user sees "reload" versus "it is gone".
fn saved_or_why(tx: &Transaction, changed: usize, table: &str, id: i64, object: &str) -> Result<()> {
    if changed == 0 {
        let exists = tx
            .query_row(&format!("SELECT 1 FROM {table} WHERE id = ?1"), [id], |_| Ok(()))
            .optional()?
            .is_some();
        if !exists {
            return Err(StoreError::NotFound(object.to_string()));
        }
    }
    expect_saved(changed, object)
}
