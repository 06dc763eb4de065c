//! Pure types and rules. No I/O: no rusqlite, no ratatui.

pub mod accounts;
pub mod analysis;
pub mod assessment;
pub mod calendar;
pub mod dates;
pub mod ids;
pub mod meetings;
pub mod relations;
pub mod request;
pub mod settings;
pub mod similarity;
pub mod topics;
pub mod workflow;
