pub mod cells;
pub mod draw;
pub mod side;
