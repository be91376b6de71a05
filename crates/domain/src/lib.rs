//! Brug's domain core.
//!
//! Everything here is pure: no database, no HTTP, no clock reads. The web and
//! store crates translate between the outside world and these types.

pub mod access;
pub mod audit;
#[macro_use]
pub mod cases;
pub mod clock;
pub mod codes;
pub mod consent;
pub mod family;
pub mod ids;
pub mod learning;
pub mod meetings;
pub mod monitor;
pub mod network;
pub mod plan;
pub mod registry;
pub mod retention;
pub mod rights;
pub mod roles;
pub mod text;
