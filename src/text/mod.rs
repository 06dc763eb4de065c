//! Text below every layer: the UI and CLI strings of both languages
//! (`i18n`, from assets/i18n/{zh,en}.toml) and display-width handling for
//! CJK text. App, ui, export, search and admin all use it; it uses only
//! domain and store types (to put their errors into sentences).

pub mod agenda;
pub mod cli;
pub mod i18n;
pub mod login;
pub mod reports;
mod sentences;
pub mod setup;
mod width;

pub use width::*;
