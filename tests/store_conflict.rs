//! Two clerks (two `Store`s on one file) editing the same card: the first
//! save wins, the second gets a conflict, and nothing of the first is lost.

mod common;

use chrono::NaiveDate;
use common::{add_user, count, seed_household, version_of};
use minqing::store::households::{NewPerson, add_person, mark_verified, update_person_contact};
use minqing::store::{Store, StoreError};
use tempfile::TempDir;

/// Clerk A (admin) and clerk B on one fresh database with one household.
fn two_clerks() -> (TempDir, Store, Store, i64, i64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    let mut a = Store::open(&path, "clerk-a").unwrap();
    add_user(&mut a, "clerk-b");
    let (household, person) = seed_household(&mut a);
    let b = Store::open(&path, "clerk-b").unwrap();
    (dir, a, b, household, person)
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn new_person(name: &str, resident_id: &str) -> NewPerson {
    NewPerson {
        name: name.to_string(),
        resident_id: Some(resident_id.to_string()),
        gender: Some("F".to_string()),
        birth_date: Some("1949-12-31".to_string()),
        relation: "母亲".to_string(),
        phone: None,
        status: "在家".to_string(),
    }
}

fn assert_conflict<T: std::fmt::Debug>(result: Result<T, StoreError>, object: &str) {
    match result {
        Err(StoreError::Conflict { object: o }) => assert_eq!(o, object),
        other => panic!("expected a conflict on {object}, got {other:?}"),
    }
}

fn audit_count(store: &Store, action: &str) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM audit_log WHERE action = ?1", [action], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn household_first_save_wins() {
    let (_dir, mut a, mut b, household, _) = two_clerks();
    let seen_by_a = version_of(&a, "households", household);
    let seen_by_b = version_of(&b, "households", household);
    assert_eq!(seen_by_a, seen_by_b);

    let saved = mark_verified(&mut a, household, seen_by_a, day(20)).unwrap();
    assert_eq!(saved, seen_by_a + 1);
    assert_conflict(
        mark_verified(&mut b, household, seen_by_b, day(26)),
        &format!("household:{household}"),
    );
    assert_conflict(
        add_person(&mut b, household, seen_by_b, new_person("李四", "11010519491231002X")),
        &format!("household:{household}"),
    );

    // A's save is intact, B wrote nothing.
    let (verified, version): (String, i64) = b
        .conn()
        .query_row(
            "SELECT verified_at, version FROM households WHERE id = ?1",
            [household],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((verified.as_str(), version), ("2026-11-20", saved));
    assert_eq!(count(&b, "SELECT count(*) FROM persons"), 1);
    assert_eq!(audit_count(&b, "household.verify"), 1);
    assert_eq!(audit_count(&b, "person.add"), 0);

    // After reloading, B's save goes through.
    let reloaded = version_of(&b, "households", household);
    assert_eq!(
        mark_verified(&mut b, household, reloaded, day(26)).unwrap(),
        reloaded + 1
    );
}

#[test]
fn person_first_save_wins() {
    let (_dir, mut a, mut b, _, person) = two_clerks();
    let seen_by_a = version_of(&a, "persons", person);
    let seen_by_b = version_of(&b, "persons", person);

    let saved = update_person_contact(&mut a, person, seen_by_a, Some("13912345678"), "外出务工").unwrap();
    assert_eq!(saved, seen_by_a + 1);
    assert_conflict(
        update_person_contact(&mut b, person, seen_by_b, None, "去世"),
        &format!("person:{person}"),
    );

    let (phone, status, version): (Option<String>, String, i64) = b
        .conn()
        .query_row(
            "SELECT phone, status, version FROM persons WHERE id = ?1",
            [person],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(phone.as_deref(), Some("13912345678"));
    assert_eq!((status.as_str(), version), ("外出务工", saved));
    let detail: String = a
        .conn()
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'person.contact'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!detail.contains("13912345678"), "no phone numbers in the log");
}

#[test]
fn adding_a_member_bumps_the_household_version() {
    let (_dir, mut a, mut b, household, _) = two_clerks();
    let seen_by_b = version_of(&b, "households", household);
    let v = version_of(&a, "households", household);
    let id = add_person(&mut a, household, v, new_person("王五", "11010519491231002X")).unwrap();
    assert_eq!(version_of(&a, "households", household), v + 1);
    let (owner, name): (i64, String) = b
        .conn()
        .query_row("SELECT household_id, name FROM persons WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((owner, name.as_str()), (household, "王五"));
    // B still shows the card without the new member: its save must not win.
    assert_conflict(
        mark_verified(&mut b, household, seen_by_b, day(26)),
        &format!("household:{household}"),
    );
    let actor: String = b
        .conn()
        .query_row(
            "SELECT user FROM audit_log WHERE action = 'person.add' AND object = ?1",
            [format!("person:{id}")],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(actor, "clerk-a");
}

#[test]
fn duplicate_resident_id_and_missing_rows_are_reported() {
    let (_dir, mut a, _b, household, _) = two_clerks();
    let v = version_of(&a, "households", household);
    let v = {
        add_person(&mut a, household, v, new_person("王五", "11010519491231002X")).unwrap();
        v + 1
    };
    assert!(matches!(
        add_person(&mut a, household, v, new_person("赵六", "11010519491231002X")),
        Err(StoreError::Refused(_))
    ));
    assert_eq!(version_of(&a, "households", household), v, "rolled back");
    assert!(matches!(
        mark_verified(&mut a, 9999, 1, day(1)),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        update_person_contact(&mut a, 9999, 1, None, "在家"),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn the_other_clerk_sees_data_version_change() {
    let (_dir, mut a, b, household, _) = two_clerks();
    let before = b.data_version().unwrap();
    let v = version_of(&a, "households", household);
    mark_verified(&mut a, household, v, day(20)).unwrap();
    assert_ne!(b.data_version().unwrap(), before);
}
