//! The application: keys become actions (keymap), actions change the state
//! (update), effects reach the store, and the state is drawn (ui).

pub mod action;
pub mod agenda;
pub mod agenda_effects;
pub mod agenda_forms;
pub mod assess;
pub mod assess_effects;
pub mod assess_forms;
pub mod effects;
pub mod form;
pub mod forms;
pub mod input;
pub mod keymap;
pub mod loader;
pub mod lookup;
pub mod request_effects;
pub mod requests;
pub mod run;
pub mod snapshot;
pub mod state;
pub mod update;
