pub mod chart;
pub mod draw;
pub mod effects;
pub mod forms;
pub mod plan;
pub mod survey;
pub mod table;
pub mod update;
