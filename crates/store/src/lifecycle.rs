//! Invitation and password-reset links, and the mail outbox.

use crate::{Db, StoreError, Ts, Tx};

pub async fn insert_token(
    tx: &mut Tx,
    user_id: i64,
    purpose: &str,
    token_hash: &str,
    now: Ts,
    expires_at: Ts,
) -> Result<(), StoreError> {
    // A new link replaces older unused links of the same purpose.
    on_tx!(tx, conn => sqlx::query(
        "UPDATE account_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
    )
    .bind(user_id)
    .bind(purpose)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO account_tokens (user_id, purpose, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(purpose)
    .bind(token_hash)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// What a link is, if it is valid: unused and not expired.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub user_id: i64,
    pub purpose: String,
    pub expires_at: Ts,
    pub used_at: Option<Ts>,
}

pub async fn find_token(db: &Db, token_hash: &str) -> Result<Option<TokenRow>, StoreError> {
    let sql = "SELECT id, user_id, purpose, expires_at, used_at FROM account_tokens WHERE token_hash = $1";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(token_hash).fetch_optional(pool).await)?)
}

/// Mark a link used; false when it was used (or expired) in the meantime.
pub async fn consume_token(tx: &mut Tx, id: i64, now: Ts) -> Result<bool, StoreError> {
    let done = on_tx!(tx, conn => sqlx::query(
        "UPDATE account_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(id)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

pub async fn set_password(tx: &mut Tx, user_id: i64, hash: &str) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
        .bind(user_id)
        .bind(hash)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Activate or deactivate an account. Deactivating also ends its sessions.
pub async fn set_active(
    tx: &mut Tx,
    user_id: i64,
    active: bool,
    now: Ts,
) -> Result<(), StoreError> {
    let deactivated_at = (!active).then_some(now);
    on_tx!(tx, conn => sqlx::query("UPDATE users SET active = $2, deactivated_at = $3 WHERE id = $1")
        .bind(user_id)
        .bind(active)
        .bind(deactivated_at)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    if !active {
        on_tx!(tx, conn => sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(conn)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    pub to_email: String,
    /// `invite`, `reset` or another purpose; the outbox page masks links by kind.
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub created_by_user_id: Option<i64>,
    pub org_id: Option<i64>,
}

pub async fn queue_mail(tx: &mut Tx, mail: &NewMail, now: Ts) -> Result<i64, StoreError> {
    let sql =
        "INSERT INTO outbox (to_email, subject, body, created_by_user_id, org_id, created_at, kind)
               VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(&mail.to_email)
        .bind(&mail.subject)
        .bind(&mail.body)
        .bind(mail.created_by_user_id)
        .bind(mail.org_id)
        .bind(now)
        .bind(&mail.kind)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Mail {
    pub id: i64,
    pub to_email: String,
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub org_id: Option<i64>,
    pub created_at: Ts,
    pub sent_at: Option<Ts>,
    pub attempts: i64,
    pub last_error: Option<String>,
}

const MAIL_COLUMNS: &str =
    "id, to_email, kind, subject, body, org_id, created_at, sent_at, attempts, last_error";

/// Newest mails first; for one organisation, or all when `org` is `None`.
pub async fn list_mail(db: &Db, org: Option<i64>, limit: i64) -> Result<Vec<Mail>, StoreError> {
    let limit = limit.clamp(1, 200);
    Ok(match org {
        Some(org) => {
            let sql = format!(
                "SELECT {MAIL_COLUMNS} FROM outbox WHERE org_id = $1 ORDER BY id DESC LIMIT {limit}"
            );
            on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(org).fetch_all(pool).await)?
        }
        None => {
            let sql = format!("SELECT {MAIL_COLUMNS} FROM outbox ORDER BY id DESC LIMIT {limit}");
            on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).fetch_all(pool).await)?
        }
    })
}

/// Mails still to send, oldest first, skipping ones that failed often.
pub async fn unsent(db: &Db, limit: i64) -> Result<Vec<Mail>, StoreError> {
    let sql = format!(
        "SELECT {MAIL_COLUMNS} FROM outbox WHERE sent_at IS NULL AND attempts < 10 ORDER BY id LIMIT {}",
        limit.clamp(1, 100)
    );
    Ok(on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).fetch_all(pool).await)?)
}

pub async fn mark_sent(db: &Db, id: i64, now: Ts) -> Result<(), StoreError> {
    on_write!(db, pool => sqlx::query("UPDATE outbox SET sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn mark_failed(db: &Db, id: i64, error: &str) -> Result<(), StoreError> {
    on_write!(db, pool => sqlx::query("UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1")
        .bind(id)
        .bind(error)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Accounts with a role at an organisation, for its administrators.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrgUser {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub active: bool,
    pub totp_enabled: bool,
    pub has_password: bool,
    pub role: String,
}

pub async fn users_of_org(db: &Db, org_id: i64) -> Result<Vec<OrgUser>, StoreError> {
    let sql = "SELECT u.id, u.email, u.name, u.active, u.totp_enabled, (u.password_hash IS NOT NULL) AS has_password, m.role
               FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 ORDER BY u.name, m.role";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(org_id).fetch_all(pool).await)?)
}
