//! Test helpers shared by every crate: a fresh, migrated database per test on
//! either engine, and a macro that runs one test body on both.
//!
//! PostgreSQL tests use `BRUG_TEST_POSTGRES_URL` (set by `scripts/test`, which
//! starts a throwaway server) and give each test its own schema. Without the
//! variable they are skipped with a message, unless `BRUG_REQUIRE_POSTGRES=1`,
//! in which case they fail: the test command never skips an engine.

use std::sync::atomic::{AtomicU32, Ordering};

use brug_store::{Db, DbOptions, Engine};

/// A migrated database that lives as long as the test.
pub struct TestDb {
    pub db: Db,
    url: String,
    pg_schema: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl std::ops::Deref for TestDb {
    type Target = Db;
    fn deref(&self) -> &Db {
        &self.db
    }
}

impl TestDb {
    pub fn engine(&self) -> Engine {
        self.db.engine()
    }

    /// The URL the database was opened with (a SQLite file, or the PostgreSQL
    /// server; see [`TestDb::pg_schema`] for the test's schema there).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// PostgreSQL only: the schema this test owns.
    pub fn pg_schema(&self) -> Option<&str> {
        self.pg_schema.as_deref()
    }

    /// A second, independent handle on the same database, as another
    /// `brug serve` process would open it (own pools, same data).
    pub async fn open_another(&self) -> Db {
        Db::connect(
            &self.url,
            &DbOptions {
                max_connections: 4,
                pg_schema: self.pg_schema.clone(),
                ..DbOptions::default()
            },
        )
        .await
        .expect("open a second handle on the test database")
    }

    /// A SQLite file in a fresh temporary folder.
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temporary folder");
        let url = format!("sqlite://{}", dir.path().join("brug.db").display());
        let db = Db::connect(&url, &DbOptions::default())
            .await
            .expect("open test SQLite database");
        db.migrate().await.expect("migrate test SQLite database");
        TestDb {
            db,
            url,
            pg_schema: None,
            _dir: Some(dir),
        }
    }

    /// A fresh schema in the test PostgreSQL server, or `None` (with a note)
    /// when no server is configured and none is required.
    pub async fn postgres() -> Option<TestDb> {
        let url = match postgres_url() {
            Some(url) => url,
            None => return None,
        };
        let schema = unique_schema_name();
        let admin = Db::connect(
            &url,
            &DbOptions {
                max_connections: 1,
                ..DbOptions::default()
            },
        )
        .await
        .expect("connect to the test PostgreSQL server");
        admin
            .execute_raw(&format!("CREATE SCHEMA {schema}"))
            .await
            .expect("create test schema");
        admin.close().await;
        let db = Db::connect(
            &url,
            &DbOptions {
                max_connections: 8,
                pg_schema: Some(schema.clone()),
                ..DbOptions::default()
            },
        )
        .await
        .expect("connect to the test schema");
        db.migrate().await.expect("migrate test PostgreSQL schema");
        Some(TestDb {
            db,
            url,
            pg_schema: Some(schema),
            _dir: None,
        })
    }
}

/// The test server's URL; panics when it is required but missing.
pub fn postgres_url() -> Option<String> {
    match std::env::var("BRUG_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            if std::env::var("BRUG_REQUIRE_POSTGRES").as_deref() == Ok("1") {
                panic!("BRUG_REQUIRE_POSTGRES=1 but BRUG_TEST_POSTGRES_URL is not set");
            }
            eprintln!(
                "note: PostgreSQL test skipped (set BRUG_TEST_POSTGRES_URL or run scripts/test)"
            );
            None
        }
    }
}

fn unique_schema_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    format!(
        "t_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        fastrand::u32(..)
    )
}

/// Write a test once and run it on both engines:
///
/// ```ignore
/// db_test!(async fn stores_pupils(db: TestDb) { ... });
/// ```
/// makes `stores_pupils::sqlite` and `stores_pupils::postgres`.
#[macro_export]
macro_rules! db_test {
    ($(#[$meta:meta])* async fn $name:ident($db:ident: TestDb) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($db: $crate::TestDb) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run($crate::TestDb::sqlite().await).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(db) = $crate::TestDb::postgres().await {
                    run(db).await
                }
            }
        }
    };
}
