//! The database handle: one of two engines, chosen by the URL.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions, Postgres, Sqlite, Transaction};

use crate::StoreError;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Which engine a database runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "SQLite",
            Engine::Postgres => "PostgreSQL",
        }
    }
}

/// Connection settings beyond the URL.
#[derive(Debug, Clone)]
pub struct DbOptions {
    /// Connections for reads (SQLite) or for everything (PostgreSQL).
    pub max_connections: u32,
    /// PostgreSQL only: the schema to use (tests give each test its own).
    pub pg_schema: Option<String>,
    /// How long to wait for a connection or a lock before giving up.
    pub acquire_timeout: Duration,
}

impl Default for DbOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            max_connections: u32::try_from(cores * 4).unwrap_or(8).clamp(4, 64),
            pg_schema: None,
            acquire_timeout: Duration::from_secs(10),
        }
    }
}

pub(crate) enum Pools {
    /// SQLite allows one writer at a time: writes queue for the single write
    /// connection in the process (instead of spinning on the file lock) while
    /// reads run in parallel on the read pool (WAL).
    Sqlite {
        read: SqlitePool,
        write: SqlitePool,
    },
    Postgres(PgPool),
}

/// A database, cheap to clone.
#[derive(Clone)]
pub struct Db {
    pools: Arc<Pools>,
    description: Arc<str>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("engine", &self.engine())
            .field("database", &self.description)
            .finish()
    }
}

impl Db {
    /// Open the database a URL names: `sqlite://path/to/file.db` or
    /// `postgres://user@host/db`. A missing SQLite file (and its folder) is created.
    pub async fn connect(url: &str, options: &DbOptions) -> Result<Db, StoreError> {
        if url.starts_with("sqlite:") {
            Self::connect_sqlite(url, options).await
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Self::connect_postgres(url, options).await
        } else {
            Err(StoreError::BadUrl(format!(
                "'{}' is neither sqlite://FILE nor postgres://USER@HOST/DATABASE",
                redact_url(url)
            )))
        }
    }

    async fn connect_sqlite(url: &str, options: &DbOptions) -> Result<Db, StoreError> {
        let base = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::BadUrl(format!("{}: {e}", redact_url(url))))?;
        let path = base.get_filename().to_path_buf();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Unreachable(format!("cannot create folder {}: {e}", dir.display()))
            })?;
        }
        let base = base
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // FULL: a commit is on disk before it is acknowledged; the audit
            // log's promise depends on it. Group commit keeps it affordable.
            .synchronous(SqliteSynchronous::Full)
            .pragma("temp_store", "memory")
            .pragma("cache_size", "-32000")
            .pragma("mmap_size", "268435456")
            // sqlx would log every slow statement in full (bulk inserts run to
            // megabytes); request timing is logged by the web layer instead.
            .disable_statement_logging();
        let target = path.display().to_string();
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(options.acquire_timeout)
            .connect_with(base.clone())
            .await
            .map_err(|e| StoreError::on_connect(e, &target))?;
        // Touch the schema so a damaged or foreign file is reported now.
        sqlx::query("SELECT count(*) FROM sqlite_master")
            .execute(&write)
            .await
            .map_err(|e| StoreError::on_connect(e, &target))?;
        let read = SqlitePoolOptions::new()
            .max_connections(options.max_connections)
            .min_connections(1)
            .acquire_timeout(options.acquire_timeout)
            // Readers share the file through mmap and the OS page cache; a
            // small private cache each keeps memory flat with many of them.
            .connect_with(base.read_only(false).pragma("cache_size", "-8000"))
            .await
            .map_err(|e| StoreError::on_connect(e, &target))?;
        Ok(Db {
            pools: Arc::new(Pools::Sqlite { read, write }),
            description: target.into(),
        })
    }

    async fn connect_postgres(url: &str, options: &DbOptions) -> Result<Db, StoreError> {
        let mut connect = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::BadUrl(format!("{}: {e}", redact_url(url))))?;
        if let Some(schema) = &options.pg_schema {
            connect = connect.options([("search_path", schema.as_str())]);
        }
        connect = connect.disable_statement_logging();
        let target = redact_url(url);
        let pool = PgPoolOptions::new()
            .max_connections(options.max_connections)
            .acquire_timeout(options.acquire_timeout)
            .connect_with(connect)
            .await
            .map_err(|e| StoreError::on_connect(e, &target))?;
        Ok(Db {
            pools: Arc::new(Pools::Postgres(pool)),
            description: target.into(),
        })
    }

    pub fn engine(&self) -> Engine {
        match *self.pools {
            Pools::Sqlite { .. } => Engine::Sqlite,
            Pools::Postgres(_) => Engine::Postgres,
        }
    }

    /// Where the data lives, without credentials (for logs and messages).
    pub fn description(&self) -> &str {
        &self.description
    }

    pub(crate) fn pools(&self) -> &Pools {
        &self.pools
    }

    /// Apply pending migrations; returns the ones applied now, as "version name".
    pub async fn migrate(&self) -> Result<Vec<String>, StoreError> {
        let before = self.applied_migrations().await.unwrap_or_default();
        let result = match &*self.pools {
            Pools::Sqlite { write, .. } => SQLITE_MIGRATIONS.run(write).await,
            Pools::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await,
        };
        result.map_err(|e| {
            let text = e.to_string();
            if text.to_lowercase().contains("readonly") {
                StoreError::ReadOnly(self.description.to_string())
            } else {
                StoreError::Migration(text)
            }
        })?;
        let migrator = match self.engine() {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        };
        Ok(migrator
            .iter()
            .filter(|m| !before.contains(&m.version))
            .map(|m| format!("{:04} {}", m.version, m.description))
            .collect())
    }

    /// Versions of the migrations already applied.
    pub async fn applied_migrations(&self) -> Result<Vec<i64>, StoreError> {
        let sql = "SELECT version FROM _sqlx_migrations WHERE success ORDER BY version";
        let rows: Vec<(i64,)> = on_read!(self, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(|(v,)| v).collect())
    }

    /// Whether every migration this binary knows is applied.
    pub async fn is_migrated(&self) -> bool {
        let known = match self.engine() {
            Engine::Sqlite => SQLITE_MIGRATIONS.iter().count(),
            Engine::Postgres => POSTGRES_MIGRATIONS.iter().count(),
        };
        self.applied_migrations()
            .await
            .is_ok_and(|applied| applied.len() >= known)
    }

    /// Cheap round trip, for readiness checks.
    pub async fn ping(&self) -> Result<(), StoreError> {
        on_read!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Start a write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so two writers never deadlock on a lock upgrade.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        let inner = match &*self.pools {
            Pools::Sqlite { write, .. } => {
                TxInner::Sqlite(write.begin_with("BEGIN IMMEDIATE").await?)
            }
            Pools::Postgres(pool) => TxInner::Postgres(pool.begin().await?),
        };
        Ok(Tx { inner })
    }

    /// Close all connections, waiting for the ones in use to be returned.
    pub async fn close(&self) {
        match &*self.pools {
            Pools::Sqlite { read, write } => {
                read.close().await;
                // A clean close checkpoints the WAL into the main file.
                let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .execute(write)
                    .await;
                write.close().await;
            }
            Pools::Postgres(pool) => pool.close().await,
        }
    }
}

impl Db {
    /// Run one statement of administrative SQL (tests, maintenance). Never with user input.
    pub async fn execute_raw(&self, sql: &str) -> Result<u64, StoreError> {
        Ok(
            on_write!(self, pool => sqlx::raw_sql(crate::dynamic(sql)).execute(pool).await.map(|r| r.rows_affected()))?,
        )
    }

    /// The single number an administrative query answers, e.g. a
    /// `count(*)` (tests, maintenance). Never with user input.
    pub async fn scalar_raw(&self, sql: &str) -> Result<i64, StoreError> {
        let (n,): (i64,) =
            on_read!(self, pool => sqlx::query_as(crate::dynamic(sql)).fetch_one(pool).await)?;
        Ok(n)
    }
}

/// An open write transaction on either engine.
pub struct Tx {
    inner: TxInner,
}

pub(crate) enum TxInner {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl Tx {
    pub(crate) fn inner_mut(&mut self) -> &mut TxInner {
        &mut self.inner
    }

    pub(crate) fn engine(&self) -> Engine {
        match self.inner {
            TxInner::Sqlite(_) => Engine::Sqlite,
            TxInner::Postgres(_) => Engine::Postgres,
        }
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        match self.inner {
            TxInner::Sqlite(tx) => tx.commit().await?,
            TxInner::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }

    pub async fn rollback(self) -> Result<(), StoreError> {
        match self.inner {
            TxInner::Sqlite(tx) => tx.rollback().await?,
            TxInner::Postgres(tx) => tx.rollback().await?,
        }
        Ok(())
    }
}

/// Hide the password in a database URL.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &userinfo[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact_url("postgres://brug:geheim@db.example:5432/brug"),
            "postgres://brug:***@db.example:5432/brug"
        );
        assert_eq!(
            redact_url("postgres://brug@db/brug"),
            "postgres://brug@db/brug"
        );
        assert_eq!(
            redact_url("sqlite://brug-data/brug.db"),
            "sqlite://brug-data/brug.db"
        );
    }
}
