//! Small key-value facts about the installation (dataset kind, secrets).

use crate::{Db, StoreError};

/// `dataset` is `demo` when the demo generator filled the database.
pub const DATASET: &str = "dataset";
/// Random key for HMACs (CSRF tokens, lookups), created on first start and
/// shared by every process on this database.
pub const SERVER_KEY: &str = "server_key";

pub async fn get(db: &Db, key: &str) -> Result<Option<String>, StoreError> {
    let row: Option<(String,)> = on_read!(db, pool => sqlx::query_as("SELECT value FROM meta WHERE key = $1")
        .bind(key)
        .fetch_optional(pool)
        .await)?;
    Ok(row.map(|(v,)| v))
}

pub async fn set(db: &Db, key: &str, value: &str) -> Result<(), StoreError> {
    on_write!(db, pool => sqlx::query(
        "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Store `value` unless the key exists; return what is stored afterwards.
/// Several processes starting at once agree on one value.
pub async fn get_or_insert(db: &Db, key: &str, value: &str) -> Result<String, StoreError> {
    on_write!(db, pool => sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
        .bind(key)
        .bind(value)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    get(db, key).await?.ok_or(StoreError::NotFound)
}

/// Whether the database holds anything besides demo data.
pub async fn holds_real_data(db: &Db) -> Result<bool, StoreError> {
    if get(db, DATASET).await?.as_deref() == Some("demo") {
        return Ok(false);
    }
    let (orgs,): (i64,) = on_read!(db, pool => sqlx::query_as("SELECT count(*) FROM organisations").fetch_one(pool).await)?;
    let (users,): (i64,) =
        on_read!(db, pool => sqlx::query_as("SELECT count(*) FROM users").fetch_one(pool).await)?;
    Ok(orgs > 0 || users > 0)
}
