//! Pure types and rules. No I/O: no rusqlite, no ratatui.

pub mod ids;
