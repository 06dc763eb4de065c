//! Pure types and rules. No I/O: no rusqlite, no ratatui.

pub mod calendar;
pub mod dates;
pub mod ids;
pub mod request;
pub mod similarity;
pub mod workflow;
