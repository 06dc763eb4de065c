pub mod card;
pub mod draw;
pub mod forms;
pub mod register;
pub mod results;
pub mod update;
