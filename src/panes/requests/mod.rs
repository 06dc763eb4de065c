pub mod detail;
pub mod draw;
pub mod effects;
pub mod table;
pub mod update;
