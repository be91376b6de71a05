//! The family's AVG rights: correction requests (answered by the case lead)
//! and erasure requests (decided by the privacy officer and queued for the
//! retention job), and the reads the full-file download needs that no other
//! module offers.

use time::Date;

use crate::{Db, StoreError, Ts, Tx};

// ---------------------------------------------------------------------------
// Correction requests
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCorrection {
    pub pupil_id: i64,
    pub case_id: i64,
    pub what_is_wrong: String,
    pub should_be: String,
    pub requested_by_user_id: Option<i64>,
    pub requested_by_name: String,
    pub due_on: Date,
}

pub async fn insert_correction(tx: &mut Tx, c: &NewCorrection, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO correction_requests (pupil_id, case_id, what_is_wrong, should_be, status, requested_by_user_id,
                   requested_by_name, requested_at, due_on)
               VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $8) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(c.pupil_id)
        .bind(c.case_id)
        .bind(&c.what_is_wrong)
        .bind(&c.should_be)
        .bind(c.requested_by_user_id)
        .bind(&c.requested_by_name)
        .bind(now)
        .bind(c.due_on)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CorrectionRow {
    pub id: i64,
    pub pupil_id: i64,
    pub case_id: i64,
    pub case_title: String,
    pub what_is_wrong: String,
    pub should_be: String,
    pub status: String,
    pub requested_by_user_id: Option<i64>,
    pub requested_by_name: String,
    pub requested_at: Ts,
    pub due_on: Date,
    pub answer: Option<String>,
    pub answered_by_name: Option<String>,
    pub answered_at: Option<Ts>,
}

const CORRECTION_SELECT: &str = "SELECT r.id, r.pupil_id, r.case_id, c.title AS case_title, r.what_is_wrong, r.should_be, r.status,
        r.requested_by_user_id, r.requested_by_name, r.requested_at, r.due_on, r.answer, r.answered_by_name, r.answered_at
    FROM correction_requests r JOIN cases c ON c.id = r.case_id";

/// The pupil's correction requests, open ones first, newest first.
pub async fn corrections_of_pupil(
    db: &Db,
    pupil_id: i64,
) -> Result<Vec<CorrectionRow>, StoreError> {
    let sql = format!(
        "{CORRECTION_SELECT} WHERE r.pupil_id = $1 ORDER BY r.status <> 'open', r.requested_at DESC, r.id DESC"
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(pupil_id).fetch_all(pool).await)?,
    )
}

/// A case's correction requests, open ones first (earliest deadline first).
pub async fn corrections_of_case(db: &Db, case_id: i64) -> Result<Vec<CorrectionRow>, StoreError> {
    let sql = format!(
        "{CORRECTION_SELECT} WHERE r.case_id = $1 ORDER BY r.status <> 'open', r.due_on, r.id DESC"
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(case_id).fetch_all(pool).await)?,
    )
}

/// Answer an open request; `false` when it was answered already.
#[allow(clippy::too_many_arguments)]
pub async fn answer_correction(
    tx: &mut Tx,
    case_id: i64,
    id: i64,
    status: &str,
    answer: Option<&str>,
    by_user: Option<i64>,
    by_name: &str,
    now: Ts,
) -> Result<bool, StoreError> {
    let done = on_tx!(tx, conn => sqlx::query(
        "UPDATE correction_requests SET status = $3, answer = $4, answered_by_user_id = $5, answered_by_name = $6, answered_at = $7
         WHERE id = $1 AND case_id = $2 AND status = 'open'",
    )
    .bind(id)
    .bind(case_id)
    .bind(status)
    .bind(answer)
    .bind(by_user)
    .bind(by_name)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

// ---------------------------------------------------------------------------
// Erasure requests
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewErasure {
    pub pupil_id: i64,
    /// One case, or `None` for the whole file.
    pub case_id: Option<i64>,
    pub org_id: i64,
    pub explanation: String,
    pub requested_by_user_id: Option<i64>,
    pub requested_by_name: String,
    pub due_on: Date,
}

pub async fn insert_erasure(tx: &mut Tx, e: &NewErasure, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO erasure_requests (pupil_id, case_id, org_id, explanation, status, requested_by_user_id, requested_by_name,
                   requested_at, due_on)
               VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(e.pupil_id)
        .bind(e.case_id)
        .bind(e.org_id)
        .bind(&e.explanation)
        .bind(e.requested_by_user_id)
        .bind(&e.requested_by_name)
        .bind(now)
        .bind(e.due_on)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ErasureRow {
    pub id: i64,
    pub pupil_id: Option<i64>,
    pub given_name: Option<String>,
    pub name_prefix: Option<String>,
    pub family_name: Option<String>,
    pub case_id: Option<i64>,
    pub case_title: Option<String>,
    pub org_id: i64,
    pub explanation: String,
    pub status: String,
    pub requested_by_name: String,
    pub requested_at: Ts,
    pub due_on: Date,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<Ts>,
    pub decision_reason: Option<String>,
    pub erase_on: Option<Date>,
    pub executed_at: Option<Ts>,
}

const ERASURE_SELECT: &str = "SELECT r.id, r.pupil_id, p.given_name, p.name_prefix, p.family_name, r.case_id, c.title AS case_title,
        r.org_id, r.explanation, r.status, r.requested_by_name, r.requested_at, r.due_on, r.decided_by_name, r.decided_at,
        r.decision_reason, r.erase_on, r.executed_at
    FROM erasure_requests r
    LEFT JOIN pupils p ON p.id = r.pupil_id
    LEFT JOIN cases c ON c.id = r.case_id";

pub async fn erasures_of_pupil(db: &Db, pupil_id: i64) -> Result<Vec<ErasureRow>, StoreError> {
    let sql =
        format!("{ERASURE_SELECT} WHERE r.pupil_id = $1 ORDER BY r.requested_at DESC, r.id DESC");
    Ok(
        on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(pupil_id).fetch_all(pool).await)?,
    )
}

/// The organisation's requests: pending ones first (earliest deadline first).
pub async fn erasures_of_org(
    db: &Db,
    org_id: i64,
    limit: i64,
) -> Result<Vec<ErasureRow>, StoreError> {
    let sql = format!(
        "{ERASURE_SELECT} WHERE r.org_id = $1 ORDER BY r.status <> 'pending', r.due_on, r.id DESC LIMIT {}",
        limit.clamp(1, 500)
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(org_id).fetch_all(pool).await)?,
    )
}

pub async fn erasure(db: &Db, id: i64) -> Result<Option<ErasureRow>, StoreError> {
    let sql = format!("{ERASURE_SELECT} WHERE r.id = $1");
    Ok(
        on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(id).fetch_optional(pool).await)?,
    )
}

/// Record the decision on a pending request; `false` when it was decided
/// already. An approval carries the date from which the retention job erases.
#[allow(clippy::too_many_arguments)]
pub async fn decide_erasure(
    tx: &mut Tx,
    id: i64,
    status: &str,
    reason: Option<&str>,
    erase_on: Option<Date>,
    by_user: Option<i64>,
    by_name: &str,
    now: Ts,
) -> Result<bool, StoreError> {
    let done = on_tx!(tx, conn => sqlx::query(
        "UPDATE erasure_requests SET status = $2, decision_reason = $3, erase_on = $4, decided_by_user_id = $5,
                decided_by_name = $6, decided_at = $7
         WHERE id = $1 AND status = 'pending'",
    )
    .bind(id)
    .bind(status)
    .bind(reason)
    .bind(erase_on)
    .bind(by_user)
    .bind(by_name)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Approved requests whose date has come, oldest first: the retention job's
/// queue. It erases, then sets `executed_at` and the status `executed`.
pub async fn erasures_due(db: &Db, today: Date, limit: i64) -> Result<Vec<ErasureRow>, StoreError> {
    let sql = format!(
        "{ERASURE_SELECT} WHERE r.status = 'approved' AND r.erase_on <= $1 ORDER BY r.erase_on, r.id LIMIT {}",
        limit.clamp(1, 1000)
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(today).fetch_all(pool).await)?,
    )
}

/// Undecided escalations in the pupil's cases (all, or one case).
pub async fn open_escalations_of_pupil(
    db: &Db,
    pupil_id: i64,
    case_id: Option<i64>,
) -> Result<usize, StoreError> {
    let (n,): (i64,) = on_read!(db, pool => sqlx::query_as(
        "SELECT count(*) FROM escalations x JOIN cases c ON c.id = x.case_id
         WHERE c.pupil_id = $1 AND x.decided_on IS NULL AND (CAST($2 AS BIGINT) IS NULL OR c.id = $2)",
    )
    .bind(pupil_id)
    .bind(case_id)
    .fetch_one(pool)
    .await)?;
    Ok(usize::try_from(n).unwrap_or(0))
}

// ---------------------------------------------------------------------------
// Reads for the full-file download
// ---------------------------------------------------------------------------

/// Every kept version of every section of a case, by section then version.
pub async fn section_versions_of_case(
    db: &Db,
    case_id: i64,
) -> Result<Vec<crate::plan::VersionRow>, StoreError> {
    let sql = "SELECT id, case_id, section, version, body, author_user_id, author_name, created_at
               FROM plan_section_versions WHERE case_id = $1 ORDER BY section, version";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(case_id).fetch_all(pool).await)?)
}

/// Every attendance record of a pupil, oldest first.
pub async fn attendance_of_pupil(
    db: &Db,
    pupil_id: i64,
) -> Result<Vec<crate::cases::AttendanceRow>, StoreError> {
    let sql =
        "SELECT id, pupil_id, status, since, note, created_at FROM attendance WHERE pupil_id = $1
               ORDER BY created_at, id";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(pupil_id).fetch_all(pool).await)?)
}

/// When the pupil's last enrolment ended (`None` while enrolled somewhere).
pub async fn left_school_on(
    db: &Db,
    pupil_id: i64,
    today: Date,
) -> Result<Option<Date>, StoreError> {
    let (open, last): (i64, Option<Date>) = on_read!(db, pool => sqlx::query_as(
        "SELECT count(CASE WHEN end_date IS NULL OR end_date >= $2 THEN 1 END), max(end_date) FROM enrolments WHERE pupil_id = $1",
    )
    .bind(pupil_id)
    .bind(today)
    .fetch_one(pool)
    .await)?;
    Ok(if open > 0 { None } else { last })
}

/// When the pupil's last case closed (`None` while a case is open or there
/// is none).
pub async fn care_ended_on(db: &Db, pupil_id: i64) -> Result<Option<Date>, StoreError> {
    let (open, last): (i64, Option<Date>) = on_read!(db, pool => sqlx::query_as(
        "SELECT count(CASE WHEN status <> 'closed' THEN 1 END), max(closed_on) FROM cases WHERE pupil_id = $1",
    )
    .bind(pupil_id)
    .fetch_one(pool)
    .await)?;
    Ok(if open > 0 { None } else { last })
}
