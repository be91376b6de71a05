//! Direct sqlx access to a test database, for what the store deliberately
//! does not offer: reading catalogs and checking stored values behind its back.

use std::str::FromStr;

use brug_store::Engine;
use brug_test_support::TestDb;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

/// A plain sqlx pool on the same database (and, on PostgreSQL, the same schema).
pub enum Raw {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Raw {
    pub async fn open(t: &TestDb) -> Raw {
        match t.engine() {
            Engine::Sqlite => {
                let options = SqliteConnectOptions::from_str(t.url())
                    .expect("SQLite URL")
                    .foreign_keys(true);
                Raw::Sqlite(
                    SqlitePoolOptions::new()
                        .max_connections(1)
                        .connect_with(options)
                        .await
                        .expect("open the SQLite file directly"),
                )
            }
            Engine::Postgres => {
                let schema = t.pg_schema().expect("a PostgreSQL test has a schema");
                let options = PgConnectOptions::from_str(t.url())
                    .expect("PostgreSQL URL")
                    .options([("search_path", schema)]);
                Raw::Postgres(
                    PgPoolOptions::new()
                        .max_connections(1)
                        .connect_with(options)
                        .await
                        .expect("connect to the test schema directly"),
                )
            }
        }
    }

    /// One text column of every row.
    pub async fn strings(&self, sql: &'static str) -> Vec<String> {
        match self {
            Raw::Sqlite(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
            Raw::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    pub async fn close(self) {
        match self {
            Raw::Sqlite(pool) => pool.close().await,
            Raw::Postgres(pool) => pool.close().await,
        }
    }
}
