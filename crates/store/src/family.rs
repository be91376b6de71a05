//! The family as partners (S4): comments on agreements and evaluations,
//! notifications in Brug with each user's choice of delivery, and the facts
//! the daily job turns into reminders.
//!
//! A notification row holds no names and no text: only what kind of event
//! happened and where it points (case, pupil, the agreement or evaluation).

use time::Date;

use crate::{Db, StoreError, Ts, Tx};

// ---------------------------------------------------------------------------
// Comments
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment {
    pub case_id: i64,
    /// `agreement` or `evaluation`.
    pub target_kind: String,
    pub target_id: i64,
    pub body: String,
    pub author_user_id: Option<i64>,
    pub author_name: String,
    /// `professional`, `parent` or `child`.
    pub author_role: String,
}

pub async fn insert_comment(tx: &mut Tx, c: &NewComment, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO comments (case_id, target_kind, target_id, body, author_user_id, author_name, author_role, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(c.case_id)
        .bind(&c.target_kind)
        .bind(c.target_id)
        .bind(&c.body)
        .bind(c.author_user_id)
        .bind(&c.author_name)
        .bind(&c.author_role)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CommentRow {
    pub id: i64,
    pub case_id: i64,
    pub target_kind: String,
    pub target_id: i64,
    pub body: String,
    pub author_user_id: Option<i64>,
    pub author_name: String,
    pub author_role: String,
    pub created_at: Ts,
}

/// Every comment of a case, oldest first (a conversation reads down).
pub async fn comments_of_case(db: &Db, case_id: i64) -> Result<Vec<CommentRow>, StoreError> {
    let sql = "SELECT id, case_id, target_kind, target_id, body, author_user_id, author_name, author_role, created_at
               FROM comments WHERE case_id = $1 ORDER BY created_at, id";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(case_id).fetch_all(pool).await)?)
}

// ---------------------------------------------------------------------------
// Notifications
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification {
    pub user_id: i64,
    pub kind: String,
    pub event: String,
    pub case_id: Option<i64>,
    pub pupil_id: Option<i64>,
    pub ref_id: Option<i64>,
    /// For notifications a job makes: a second one with the same key for the
    /// same user is not added.
    pub dedupe_key: Option<String>,
}

/// Add a notification; `None` when one with the same dedupe key exists.
pub async fn insert_notification(
    tx: &mut Tx,
    n: &NewNotification,
    now: Ts,
) -> Result<Option<i64>, StoreError> {
    let sql = "INSERT INTO notifications (user_id, kind, event, case_id, pupil_id, ref_id, dedupe_key, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
               ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id";
    let row: Option<(i64,)> = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(n.user_id)
        .bind(&n.kind)
        .bind(&n.event)
        .bind(n.case_id)
        .bind(n.pupil_id)
        .bind(n.ref_id)
        .bind(&n.dedupe_key)
        .bind(now)
        .fetch_optional(conn)
        .await)?;
    Ok(row.map(|(id,)| id))
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub event: String,
    pub case_id: Option<i64>,
    pub pupil_id: Option<i64>,
    pub ref_id: Option<i64>,
    pub created_at: Ts,
    pub read_at: Option<Ts>,
}

const NOTIFICATION_COLUMNS: &str =
    "id, user_id, kind, event, case_id, pupil_id, ref_id, created_at, read_at";

/// A user's notifications, newest first.
pub async fn notifications_of_user(
    db: &Db,
    user_id: i64,
    limit: i64,
) -> Result<Vec<NotificationRow>, StoreError> {
    let sql = format!(
        "SELECT {NOTIFICATION_COLUMNS} FROM notifications WHERE user_id = $1
         ORDER BY created_at DESC, id DESC LIMIT {}",
        limit.clamp(1, 500)
    );
    Ok(on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql))
        .bind(user_id)
        .fetch_all(pool)
        .await)?)
}

/// One of the user's notifications (`None` for someone else's).
pub async fn notification(
    db: &Db,
    user_id: i64,
    id: i64,
) -> Result<Option<NotificationRow>, StoreError> {
    let sql =
        format!("SELECT {NOTIFICATION_COLUMNS} FROM notifications WHERE id = $1 AND user_id = $2");
    Ok(on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql))
        .bind(id)
        .bind(user_id)
        .fetch_optional(pool)
        .await)?)
}

/// How many of the user's notifications are unread.
pub async fn unread_count(db: &Db, user_id: i64) -> Result<i64, StoreError> {
    let sql = "SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL";
    let (n,): (i64,) =
        on_read!(db, pool => sqlx::query_as(sql).bind(user_id).fetch_one(pool).await)?;
    Ok(n)
}

/// Mark one of the user's notifications read; false when it is not theirs.
pub async fn mark_read(db: &Db, user_id: i64, id: i64, now: Ts) -> Result<bool, StoreError> {
    let sql =
        "UPDATE notifications SET read_at = coalesce(read_at, $3) WHERE id = $1 AND user_id = $2";
    let n = on_write!(db, pool => sqlx::query(sql)
        .bind(id)
        .bind(user_id)
        .bind(now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Mark all of the user's notifications read; returns how many were unread.
pub async fn mark_all_read(db: &Db, user_id: i64, now: Ts) -> Result<u64, StoreError> {
    let sql = "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL";
    Ok(on_write!(db, pool => sqlx::query(sql)
        .bind(user_id)
        .bind(now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?)
}

// ---------------------------------------------------------------------------
// Preferences
// ---------------------------------------------------------------------------

/// The user's choices as (kind, delivery); kinds without a choice are absent.
pub async fn preferences(db: &Db, user_id: i64) -> Result<Vec<(String, String)>, StoreError> {
    let sql =
        "SELECT kind, delivery FROM notification_preferences WHERE user_id = $1 ORDER BY kind";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(user_id).fetch_all(pool).await)?)
}

pub async fn set_preference(
    tx: &mut Tx,
    user_id: i64,
    kind: &str,
    delivery: &str,
    now: Ts,
) -> Result<(), StoreError> {
    let sql = "INSERT INTO notification_preferences (user_id, kind, delivery, updated_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (user_id, kind) DO UPDATE SET delivery = excluded.delivery, updated_at = excluded.updated_at";
    on_tx!(tx, conn => sqlx::query(sql)
        .bind(user_id)
        .bind(kind)
        .bind(delivery)
        .bind(now)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A notification mail to this address still waits in the outbox (one
/// "there is news" mail at a time is enough).
pub async fn mail_waiting(tx: &mut Tx, to_email: &str, kind: &str) -> Result<bool, StoreError> {
    let sql = "SELECT count(*) FROM outbox WHERE to_email = $1 AND kind = $2 AND sent_at IS NULL";
    let (n,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(to_email)
        .bind(kind)
        .fetch_one(conn)
        .await)?;
    Ok(n > 0)
}

/// Active accounts of the pupil itself (a child with its own login).
pub async fn accounts_of_pupil(db: &Db, pupil_id: i64) -> Result<Vec<i64>, StoreError> {
    let sql = "SELECT id FROM users WHERE pupil_id = $1 AND active ORDER BY id";
    let rows: Vec<(i64,)> =
        on_read!(db, pool => sqlx::query_as(sql).bind(pupil_id).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

// ---------------------------------------------------------------------------
// What the daily job reminds of
// ---------------------------------------------------------------------------

/// An overdue agreement of an open case whose owner has an account, not
/// reminded of yet (the job's key `overdue:agreement:{id}`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OverdueLine {
    pub agreement_id: i64,
    pub case_id: i64,
    pub pupil_id: i64,
    pub owner_user_id: i64,
}

pub async fn overdue_with_owner(db: &Db, today: Date) -> Result<Vec<OverdueLine>, StoreError> {
    let sql = "SELECT a.id AS agreement_id, a.case_id, c.pupil_id, a.owner_user_id
               FROM agreements a JOIN cases c ON c.id = a.case_id
               WHERE a.done_on IS NULL AND a.due_on < $1 AND a.owner_user_id IS NOT NULL
                 AND c.status <> 'closed'
                 AND NOT EXISTS (SELECT 1 FROM notifications n
                                 WHERE n.dedupe_key = 'overdue:agreement:' || a.id)
               ORDER BY a.id";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(today).fetch_all(pool).await)?)
}

/// An evaluation still to be held in an open case, planned from `from` to
/// `until`, not reminded of yet (the job's key `soon:evaluation:{id}`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UpcomingLine {
    pub evaluation_id: i64,
    pub case_id: i64,
    pub pupil_id: i64,
    pub planned_on: Date,
}

pub async fn evaluations_between(
    db: &Db,
    from: Date,
    until: Date,
) -> Result<Vec<UpcomingLine>, StoreError> {
    let sql = "SELECT e.id AS evaluation_id, e.case_id, c.pupil_id, e.planned_on
               FROM evaluations e JOIN cases c ON c.id = e.case_id
               WHERE e.held_on IS NULL AND e.planned_on >= $1 AND e.planned_on <= $2
                 AND c.status <> 'closed'
                 AND NOT EXISTS (SELECT 1 FROM notifications n
                                 WHERE n.dedupe_key = 'soon:evaluation:' || e.id)
               ORDER BY e.planned_on, e.id";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(from).bind(until).fetch_all(pool).await)?)
}
