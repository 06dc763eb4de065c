//! The application: keys become actions (keymap), actions change the state
//! (update), effects reach the store, and the state is drawn (ui).

pub mod action;
pub mod effect;
pub mod effects;
pub mod event;
pub mod form;
pub mod gate;
pub mod input;
pub mod keymap;
pub mod loader;
pub mod login;
pub mod message;
pub mod run;
pub mod selection;
pub mod snapshot;
pub mod state;
pub mod tally;
pub mod update;
pub mod validate;
