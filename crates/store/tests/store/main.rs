//! Integration tests of `brug-store` against real databases.
//!
//! Most tests are written once with `db_test!` and run on SQLite and on
//! PostgreSQL (`name::sqlite`, `name::postgres`); PostgreSQL tests need
//! `BRUG_TEST_POSTGRES_URL` (see `brug-test-support`).
//!
//! - `schema`: the two migration folders describe the same schema.
//! - `registry`, `users`, `sessions`, `meta`: repositories round-trip and query.
//! - `audit`: appending, the hash chain, group commit, search.
//! - `consent`: consent requests, answers, seats on consent, correction and
//!   erasure requests, the lead's worklists (S4).
//! - `family`: comments, notifications and delivery choices, what the daily
//!   job reminds of (S4).
//! - `phase_history`: a case's status changes kept with each change, and
//!   the migration's back-fill (S7b).

mod audit;
mod consent;
mod family;
mod fixtures;
mod learning;
mod meetings;
mod meta;
mod phase_history;
mod plan;
mod raw;
mod registry;
mod schema;
mod sessions;
mod users;
