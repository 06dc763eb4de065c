//! minqing (民情通): resident register and the "know residents' concerns" loop
//! for a township office. The binary in `main.rs` is a thin CLI over this crate.

pub mod admin;
pub mod app;
pub mod config;
pub mod demo;
pub mod domain;
pub mod export;
pub mod import;
pub mod model;
pub mod panes;
pub mod search;
pub mod service;
pub mod session;
pub mod store;
pub mod text;
pub mod ui;
pub mod user_admin;
