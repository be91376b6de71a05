//! User accounts and their roles per organisation.

use brug_domain::roles::Role;

use crate::dynamic;
use crate::{Db, StoreError, Ts, Tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: Option<String>,
    pub active: bool,
    pub platform_admin: bool,
    pub pupil_id: Option<i64>,
    pub locale: Option<String>,
    pub totp_secret_cipher: Option<Vec<u8>>,
    pub totp_enabled: bool,
    pub totp_last_step: Option<i64>,
}

const USER_COLUMNS: &str = "id, email, name, password_hash, active, platform_admin, pupil_id, locale, totp_secret_cipher, totp_enabled, totp_last_step";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub password_hash: Option<String>,
    pub platform_admin: bool,
    pub pupil_id: Option<i64>,
}

pub async fn insert_user(tx: &mut Tx, user: &NewUser, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO users (email, name, password_hash, platform_admin, pupil_id, created_at)
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(&user.email)
        .bind(&user.name)
        .bind(&user.password_hash)
        .bind(user.platform_admin)
        .bind(user.pupil_id)
        .bind(now)
        .fetch_one(conn)
        .await)
    .map_err(|e| StoreError::on_unique(e, "email"))?;
    Ok(id)
}

pub async fn add_membership(
    tx: &mut Tx,
    user_id: i64,
    org_id: i64,
    role: Role,
    now: Ts,
) -> Result<(), StoreError> {
    let sql = "INSERT INTO memberships (user_id, org_id, role, created_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (user_id, org_id, role) DO NOTHING";
    on_tx!(tx, conn => sqlx::query(sql)
        .bind(user_id)
        .bind(org_id)
        .bind(role.code())
        .bind(now)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn user(db: &Db, id: i64) -> Result<Option<User>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(id).fetch_optional(pool).await)?)
}

pub async fn user_by_email(db: &Db, email: &str) -> Result<Option<User>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(email).fetch_optional(pool).await)?)
}

/// A role at an organisation, with the organisation's name for display.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Membership {
    pub org_id: i64,
    pub org_name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
}

pub async fn memberships(db: &Db, user_id: i64) -> Result<Vec<Membership>, StoreError> {
    let sql = "SELECT m.org_id, o.name AS org_name, m.role FROM memberships m JOIN organisations o ON o.id = m.org_id
               WHERE m.user_id = $1 ORDER BY o.name, m.role";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(user_id).fetch_all(pool).await)?)
}

/// One line of the user list.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UserListRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub active: bool,
    pub platform_admin: bool,
    pub totp_enabled: bool,
    /// `role@organisation` pairs, comma separated.
    pub roles: Option<String>,
}

pub async fn list_users(db: &Db) -> Result<Vec<UserListRow>, StoreError> {
    // string_agg (PostgreSQL) and group_concat (SQLite) differ; aggregate in Rust instead.
    let sql = "SELECT u.id, u.email, u.name, u.active, u.platform_admin, u.totp_enabled, m.role, o.name AS org_name
               FROM users u LEFT JOIN memberships m ON m.user_id = u.id LEFT JOIN organisations o ON o.id = m.org_id
               ORDER BY u.email, o.name, m.role";
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        email: String,
        name: String,
        active: bool,
        platform_admin: bool,
        totp_enabled: bool,
        role: Option<String>,
        org_name: Option<String>,
    }
    let rows: Vec<Row> = on_read!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
    let mut out: Vec<UserListRow> = Vec::new();
    for r in rows {
        let pair = r
            .role
            .zip(r.org_name)
            .map(|(role, org)| format!("{role}@{org}"));
        match out.last_mut() {
            Some(last) if last.id == r.id => {
                if let Some(pair) = pair {
                    let roles = last.roles.get_or_insert_with(String::new);
                    roles.push_str(", ");
                    roles.push_str(&pair);
                }
            }
            _ => out.push(UserListRow {
                id: r.id,
                email: r.email,
                name: r.name,
                active: r.active,
                platform_admin: r.platform_admin,
                totp_enabled: r.totp_enabled,
                roles: pair,
            }),
        }
    }
    Ok(out)
}
