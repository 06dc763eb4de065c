//! Documents written for people outside the program (printing, Excel).

pub mod agenda;
pub mod analysis;
pub mod assessment;
pub mod register;
