//! TOTP secrets, replay protection, recovery codes and attempt counting.

use crate::{Db, StoreError, Ts, Tx};

/// Store a new (not yet confirmed) secret; two-factor stays off until confirmed.
pub async fn set_pending_secret(db: &Db, user_id: i64, cipher: &[u8]) -> Result<(), StoreError> {
    on_write!(db, pool => sqlx::query(
        "UPDATE users SET totp_secret_cipher = $2, totp_enabled = FALSE, totp_last_step = NULL WHERE id = $1",
    )
    .bind(user_id)
    .bind(cipher)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Turn two-factor on and replace the recovery codes, in one transaction.
pub async fn enable(
    tx: &mut Tx,
    user_id: i64,
    step: i64,
    recovery_hashes: &[String],
) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query("UPDATE users SET totp_enabled = TRUE, totp_last_step = $2 WHERE id = $1")
        .bind(user_id)
        .bind(step)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    on_tx!(tx, conn => sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    for hash in recovery_hashes {
        on_tx!(tx, conn => sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user_id)
            .bind(hash)
            .execute(conn)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Accept a code's time step only if it is newer than the last accepted one.
/// Atomic, so a code cannot be replayed, not even by two processes at once.
pub async fn claim_step(db: &Db, user_id: i64, step: i64) -> Result<bool, StoreError> {
    let done = on_write!(db, pool => sqlx::query(
        "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
    )
    .bind(user_id)
    .bind(step)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Use a recovery code once; returns whether it was valid and unused.
pub async fn use_recovery_code(
    db: &Db,
    user_id: i64,
    code_hash: &str,
    now: Ts,
) -> Result<bool, StoreError> {
    let done = on_write!(db, pool => sqlx::query(
        "UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
    )
    .bind(user_id)
    .bind(code_hash)
    .bind(now)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done >= 1)
}

pub async fn unused_recovery_codes(db: &Db, user_id: i64) -> Result<i64, StoreError> {
    let (n,): (i64,) = on_read!(db, pool => sqlx::query_as(
        "SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await)?;
    Ok(n)
}

pub async fn record_attempt(
    db: &Db,
    user_id: i64,
    at: Ts,
    succeeded: bool,
) -> Result<(), StoreError> {
    on_write!(db, pool => sqlx::query(
        "INSERT INTO second_factor_attempts (user_id, attempted_at, succeeded) VALUES ($1, $2, $3)",
    )
    .bind(user_id)
    .bind(at)
    .bind(succeeded)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Failed attempts since `since` and since the last success.
pub async fn recent_failures(db: &Db, user_id: i64, since: Ts) -> Result<i64, StoreError> {
    let sql = "SELECT count(*) FROM second_factor_attempts
               WHERE user_id = $1 AND NOT succeeded AND attempted_at > $2
               AND attempted_at > coalesce((SELECT max(attempted_at) FROM second_factor_attempts WHERE user_id = $1 AND succeeded), $2)";
    let (n,): (i64,) =
        on_read!(db, pool => sqlx::query_as(sql).bind(user_id).bind(since).fetch_one(pool).await)?;
    Ok(n)
}
