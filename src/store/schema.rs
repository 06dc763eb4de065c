//! Numbered schema migrations on `user_version`, applied by rusqlite_migration
//! in an IMMEDIATE transaction (the connection's default behaviour).

use rusqlite_migration::{M, Migrations};

const STEPS: &[&str] = &[
    include_str!("../../assets/migrations/001_init.sql"),
    include_str!("../../assets/migrations/002_requests.sql"),
];

pub fn migrations() -> Migrations<'static> {
    Migrations::new(STEPS.iter().map(|sql| M::up(sql)).collect())
}

/// The schema version this binary writes.
pub fn latest_version() -> i64 {
    STEPS.len() as i64
}
