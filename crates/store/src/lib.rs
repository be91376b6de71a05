//! Brug's storage: the only crate that speaks SQL.
//!
//! One codebase, two engines: every query is written once in the dialect
//! SQLite and PostgreSQL share (`$1` placeholders, `RETURNING`, `ON CONFLICT`)
//! and runs on whichever pool [`Db`] holds. Repositories are grouped per
//! aggregate, in modules named like the domain's.

#[macro_use]
mod macros;

pub mod audit;
pub mod bulk;
pub mod cases;
pub mod consent;
mod db;
mod error;
pub mod family;
pub mod import;
pub mod learning;
pub mod lifecycle;
pub mod meetings;
pub mod meta;
pub mod monitor;
pub mod network;
pub mod plan;
pub mod registry;
pub mod retention;
pub mod rights;
pub mod sessions;
mod ts;
pub mod two_factor;
pub mod users;
pub mod worklists;

pub use db::{Db, DbOptions, Engine, Tx};
pub use error::StoreError;
pub use ts::Ts;

/// A page of rows with the total count, for paginated lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub total: i64,
}

/// Mark SQL built at run time as safe to run. Every such string in this crate
/// is assembled from fixed fragments and numbered placeholders; user input is
/// only ever bound as a parameter.
pub(crate) fn dynamic(sql: &str) -> sqlx::AssertSqlSafe<&str> {
    sqlx::AssertSqlSafe(sql)
}
