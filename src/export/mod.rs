//! Documents written for people outside the program (printing, Excel).

pub mod agenda;
pub mod analysis;
pub mod assessment;
pub mod cli;
pub mod excel_limit;
pub mod jobs;
pub mod out;
pub mod register;
pub mod requests;
pub mod sheet;
pub mod texts;
