use thiserror::Error;

/// What can go wrong in storage, in terms the layers above can act on.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("record not found")]
    NotFound,
    #[error("the record was changed by someone else (stale version)")]
    Conflict,
    #[error("duplicate value for {0}")]
    Duplicate(&'static str),
    #[error("the database URL is not valid: {0}")]
    BadUrl(String),
    #[error("cannot reach the database: {0}")]
    Unreachable(String),
    #[error("the database file is read-only: {0}")]
    ReadOnly(String),
    #[error("the database file is damaged or not a Brug database: {0}")]
    Corrupt(String),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    /// Classify an error from a write so callers can tell a duplicate key apart.
    pub(crate) fn on_unique(err: sqlx::Error, what: &'static str) -> StoreError {
        match &err {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Duplicate(what),
            _ => StoreError::from(err),
        }
    }

    /// Turn low-level connect errors into the messages an operator needs.
    pub(crate) fn on_connect(err: sqlx::Error, target: &str) -> StoreError {
        let text = err.to_string();
        let lower = text.to_lowercase();
        if lower.contains("readonly") || lower.contains("read-only") {
            StoreError::ReadOnly(target.to_owned())
        } else if lower.contains("not a database") || lower.contains("malformed") {
            StoreError::Corrupt(target.to_owned())
        } else {
            StoreError::Unreachable(format!("{target}: {text}"))
        }
    }
}
