//! Pure types and rules. No I/O: no rusqlite, no ratatui.

pub mod assessment;
pub mod calendar;
pub mod due;
pub mod ids;
pub mod request;
pub mod similarity;
pub mod workflow;
