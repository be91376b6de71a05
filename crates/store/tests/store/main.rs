//! Integration tests of `brug-store` against real databases.
//!
//! Most tests are written once with `db_test!` and run on SQLite and on
//! PostgreSQL (`name::sqlite`, `name::postgres`); PostgreSQL tests need
//! `BRUG_TEST_POSTGRES_URL` (see `brug-test-support`).
//!
//! - `schema`: the two migration folders describe the same schema.
//! - `registry`, `users`, `sessions`, `meta`: repositories round-trip and query.
//! - `audit`: appending, the hash chain, group commit, search.

mod audit;
mod fixtures;
mod meetings;
mod meta;
mod plan;
mod raw;
mod registry;
mod schema;
mod sessions;
mod users;
