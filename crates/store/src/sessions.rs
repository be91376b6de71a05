//! Server-side sessions (shared by every `brug serve` process on one
//! database) and the login attempts that throttling counts.

use crate::dynamic;
use crate::{Db, StoreError, Ts};

/// A session as stored. `id` is the SHA-256 of the cookie token, so a leaked
/// database does not yield usable cookies.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Session {
    pub id: String,
    pub user_id: i64,
    pub created_at: Ts,
    pub last_seen_at: Ts,
    pub expires_at: Ts,
    pub second_factor_done: bool,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

const SESSION_COLUMNS: &str =
    "id, user_id, created_at, last_seen_at, expires_at, second_factor_done, ip, user_agent";

pub async fn insert(db: &Db, s: &Session) -> Result<(), StoreError> {
    let sql = "INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, second_factor_done, ip, user_agent)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    on_write!(db, pool => sqlx::query(sql)
        .bind(&s.id)
        .bind(s.user_id)
        .bind(s.created_at)
        .bind(s.last_seen_at)
        .bind(s.expires_at)
        .bind(s.second_factor_done)
        .bind(&s.ip)
        .bind(&s.user_agent)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A live session with its (active) user, in one query: the lookup every
/// request makes.
pub async fn find_live_with_user(
    db: &Db,
    id: &str,
    now: Ts,
) -> Result<Option<(Session, crate::users::User)>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        session: Session,
        uid: i64,
        email: String,
        name: String,
        password_hash: Option<String>,
        active: bool,
        platform_admin: bool,
        pupil_id: Option<i64>,
        locale: Option<String>,
        totp_secret_cipher: Option<Vec<u8>>,
        totp_enabled: bool,
        totp_last_step: Option<i64>,
    }
    let sql = "SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.second_factor_done, s.ip, s.user_agent,
                      u.id AS uid, u.email, u.name, u.password_hash, u.active, u.platform_admin, u.pupil_id, u.locale,
                      u.totp_secret_cipher, u.totp_enabled, u.totp_last_step
               FROM sessions s JOIN users u ON u.id = s.user_id
               WHERE s.id = $1 AND s.expires_at > $2 AND u.active";
    let row: Option<Row> =
        on_read!(db, pool => sqlx::query_as(sql).bind(id).bind(now).fetch_optional(pool).await)?;
    Ok(row.map(|r| {
        (
            r.session,
            crate::users::User {
                id: r.uid,
                email: r.email,
                name: r.name,
                password_hash: r.password_hash,
                active: r.active,
                platform_admin: r.platform_admin,
                pupil_id: r.pupil_id,
                locale: r.locale,
                totp_secret_cipher: r.totp_secret_cipher,
                totp_enabled: r.totp_enabled,
                totp_last_step: r.totp_last_step,
            },
        )
    }))
}

/// The session with this id if it has not expired and its user is active.
pub async fn find_live(db: &Db, id: &str, now: Ts) -> Result<Option<Session>, StoreError> {
    let sql = format!(
        "SELECT {} FROM sessions s WHERE s.id = $1 AND s.expires_at > $2
         AND EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id AND u.active)",
        SESSION_COLUMNS
            .split(", ")
            .map(|c| format!("s.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(id).bind(now).fetch_optional(pool).await)?,
    )
}

pub async fn of_user(db: &Db, user_id: i64, now: Ts) -> Result<Vec<Session>, StoreError> {
    let sql = format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC"
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(user_id).bind(now).fetch_all(pool).await)?,
    )
}

/// Record activity and slide the idle deadline.
pub async fn touch(db: &Db, id: &str, now: Ts, expires_at: Ts) -> Result<(), StoreError> {
    on_write!(db, pool => sqlx::query("UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1")
        .bind(id)
        .bind(now)
        .bind(expires_at)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn mark_second_factor_done(db: &Db, id: &str) -> Result<(), StoreError> {
    on_write!(db, pool => sqlx::query("UPDATE sessions SET second_factor_done = TRUE WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delete(db: &Db, id: &str) -> Result<(), StoreError> {
    on_write!(db, pool => sqlx::query("DELETE FROM sessions WHERE id = $1").bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// End every session of a user (log out everywhere, deactivation); returns how many.
pub async fn delete_all_of_user(db: &Db, user_id: i64) -> Result<u64, StoreError> {
    let done = on_write!(db, pool => sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(done)
}

pub async fn delete_expired(db: &Db, now: Ts) -> Result<u64, StoreError> {
    let done = on_write!(db, pool => sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(done)
}

pub async fn record_login_attempt(
    db: &Db,
    email: &str,
    ip: Option<&str>,
    at: Ts,
    succeeded: bool,
) -> Result<(), StoreError> {
    let sql =
        "INSERT INTO login_attempts (email, ip, attempted_at, succeeded) VALUES ($1, $2, $3, $4)";
    on_write!(db, pool => sqlx::query(sql)
        .bind(email)
        .bind(ip)
        .bind(at)
        .bind(succeeded)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Failed attempts for an email since the later of `since` and its last success.
pub async fn recent_failures(db: &Db, email: &str, since: Ts) -> Result<i64, StoreError> {
    let sql = "SELECT count(*) FROM login_attempts
               WHERE email = $1 AND NOT succeeded AND attempted_at > $2
               AND attempted_at > coalesce((SELECT max(attempted_at) FROM login_attempts WHERE email = $1 AND succeeded), $2)";
    let (n,): (i64,) =
        on_read!(db, pool => sqlx::query_as(sql).bind(email).bind(since).fetch_one(pool).await)?;
    Ok(n)
}

/// Failed attempts from one address since `since`, over all emails.
pub async fn recent_failures_from_ip(db: &Db, ip: &str, since: Ts) -> Result<i64, StoreError> {
    let sql =
        "SELECT count(*) FROM login_attempts WHERE ip = $1 AND NOT succeeded AND attempted_at > $2";
    let (n,): (i64,) =
        on_read!(db, pool => sqlx::query_as(sql).bind(ip).bind(since).fetch_one(pool).await)?;
    Ok(n)
}
