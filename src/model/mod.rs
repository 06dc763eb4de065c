//! Read models: the rows and records the store fills and the panes draw.
//! They sit below store, app and ui so that drawing never imports the
//! store (README, Architecture). Values from a fixed set are enums.

pub mod assessment;
pub mod meetings;
pub mod places;
pub mod register;
pub mod requests;
pub mod setup;
