//! Cases, their teams and consents (the parts the access policy reads).

use time::Date;

use crate::{Db, StoreError, Ts, Tx};

/// A professional's seat in a pupil's case team, as the policy sees it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SeatRow {
    pub user_id: i64,
    pub basis: String,
    pub consent_id: Option<i64>,
    pub legal_task: Option<String>,
    pub is_lead: bool,
}

/// Current seats of professionals in the pupil's cases. A seat on consent
/// counts only while that consent is valid: not withdrawn, started, not
/// expired; withdrawing consent therefore ends access at once. When a case is
/// closed only its lead keeps a seat (need to know ends with the work).
pub async fn team_seats_of_pupil(
    db: &Db,
    pupil_id: i64,
    today: Date,
) -> Result<Vec<SeatRow>, StoreError> {
    let sql = "SELECT m.user_id AS user_id, m.basis, m.consent_id, m.legal_task, m.is_lead
               FROM case_members m
               JOIN cases c ON c.id = m.case_id
               LEFT JOIN consents k ON k.id = m.consent_id
               WHERE c.pupil_id = $1 AND m.user_id IS NOT NULL AND m.removed_at IS NULL
                 AND (c.status <> 'closed' OR m.is_lead)
                 AND (m.basis <> 'consent' OR (k.id IS NOT NULL AND k.withdrawn_at IS NULL
                      AND k.valid_from <= $2 AND (k.valid_until IS NULL OR k.valid_until >= $2)))
               ORDER BY m.id";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(pupil_id).bind(today).fetch_all(pool).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    pub pupil_id: i64,
    pub title: String,
    pub school_id: i64,
    pub status: String,
    pub lead_domain: Option<String>,
    pub first_signal_on: Date,
    pub help_started_on: Option<Date>,
    pub created_by_user_id: Option<i64>,
}

pub async fn insert_case(tx: &mut Tx, c: &NewCase, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO cases (pupil_id, school_id, status, lead_domain, first_signal_on, help_started_on, created_by_user_id, created_at, updated_at, title, last_activity_on)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $5) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(c.pupil_id)
        .bind(c.school_id)
        .bind(&c.status)
        .bind(&c.lead_domain)
        .bind(c.first_signal_on)
        .bind(c.help_started_on)
        .bind(c.created_by_user_id)
        .bind(now)
        .bind(&c.title)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMember {
    pub case_id: i64,
    pub user_id: Option<i64>,
    pub guardian_id: Option<i64>,
    pub org_id: Option<i64>,
    pub role_in_case: String,
    /// `consent`, `legal_task` or `family`.
    pub basis: String,
    pub consent_id: Option<i64>,
    pub legal_task: Option<String>,
    pub is_lead: bool,
    pub added_by_user_id: Option<i64>,
}

pub async fn insert_member(tx: &mut Tx, m: &NewMember, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO case_members (case_id, user_id, guardian_id, org_id, role_in_case, basis, consent_id, legal_task, is_lead, added_by_user_id, added_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(m.case_id)
        .bind(m.user_id)
        .bind(m.guardian_id)
        .bind(m.org_id)
        .bind(&m.role_in_case)
        .bind(&m.basis)
        .bind(m.consent_id)
        .bind(&m.legal_task)
        .bind(m.is_lead)
        .bind(m.added_by_user_id)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConsent {
    pub pupil_id: i64,
    pub given_by_user_id: Option<i64>,
    pub given_by_name: String,
    pub given_by_relation: String,
    pub recipient_org_id: Option<i64>,
    pub recipient_user_id: Option<i64>,
    pub purpose: String,
    pub scope: String,
    pub valid_from: Date,
    pub valid_until: Option<Date>,
    pub recorded_by_user_id: Option<i64>,
}

pub async fn insert_consent(tx: &mut Tx, c: &NewConsent, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO consents (pupil_id, given_by_user_id, given_by_name, given_by_relation, recipient_org_id, recipient_user_id, purpose, scope, valid_from, valid_until, recorded_by_user_id, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(c.pupil_id)
        .bind(c.given_by_user_id)
        .bind(&c.given_by_name)
        .bind(&c.given_by_relation)
        .bind(c.recipient_org_id)
        .bind(c.recipient_user_id)
        .bind(&c.purpose)
        .bind(&c.scope)
        .bind(c.valid_from)
        .bind(c.valid_until)
        .bind(c.recorded_by_user_id)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

/// Withdraw a consent now; returns whether it was still in force.
pub async fn withdraw_consent(
    tx: &mut Tx,
    consent_id: i64,
    by_user: Option<i64>,
    now: Ts,
) -> Result<bool, StoreError> {
    let done = on_tx!(tx, conn => sqlx::query(
        "UPDATE consents SET withdrawn_at = $2, withdrawn_by_user_id = $3 WHERE id = $1 AND withdrawn_at IS NULL",
    )
    .bind(consent_id)
    .bind(now)
    .bind(by_user)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// A case as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CaseRow {
    pub id: i64,
    pub pupil_id: i64,
    pub school_id: i64,
    pub title: String,
    pub status: String,
    pub lead_domain: Option<String>,
    pub first_signal_on: Date,
    pub help_started_on: Option<Date>,
    pub closed_on: Option<Date>,
    pub close_reason: Option<String>,
    pub outcome: Option<String>,
    pub version: i64,
    pub last_activity_on: Option<Date>,
    pub created_at: Ts,
    pub updated_at: Ts,
}

const CASE_COLUMNS: &str = "id, pupil_id, school_id, title, status, lead_domain, first_signal_on, help_started_on, closed_on, close_reason, outcome, version, last_activity_on, created_at, updated_at";

/// The case, unless the retention job anonymised it (then it is gone for
/// every view; only the monitor still counts its bare structure).
pub async fn case(db: &Db, id: i64) -> Result<Option<CaseRow>, StoreError> {
    let sql = format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = $1 AND anonymised_at IS NULL");
    Ok(
        on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(id).fetch_optional(pool).await)?,
    )
}

/// The case as seen inside a write transaction.
pub async fn case_in_tx(tx: &mut Tx, id: i64) -> Result<Option<CaseRow>, StoreError> {
    let sql = format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = $1 AND anonymised_at IS NULL");
    Ok(
        on_tx!(tx, conn => sqlx::query_as(crate::dynamic(&sql)).bind(id).fetch_optional(conn).await)?,
    )
}

/// The pupil's cases, open ones first, newest first.
pub async fn cases_of_pupil(db: &Db, pupil_id: i64) -> Result<Vec<CaseRow>, StoreError> {
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM cases WHERE pupil_id = $1 AND anonymised_at IS NULL ORDER BY status = 'closed', first_signal_on DESC, id DESC"
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(pupil_id).fetch_all(pool).await)?,
    )
}

/// What a status change writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub status: String,
    pub help_started_on: Option<Date>,
    pub closed_on: Option<Date>,
    pub close_reason: Option<String>,
    pub outcome: Option<String>,
}

/// Change the status if the case is still at `expected_version`; returns the
/// new version, or `Conflict` when someone else changed it first.
pub async fn change_status(
    tx: &mut Tx,
    case_id: i64,
    expected_version: i64,
    change: &StatusChange,
    today: Date,
    now: Ts,
) -> Result<i64, StoreError> {
    // The phase history first, while the row still has the old status (the
    // caller's transaction is dropped on a conflict, so this goes with it).
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO case_phase_changes (case_id, from_status, to_status, changed_on, outcome, changed_at)
         SELECT id, status, $3, $4, $5, $6 FROM cases WHERE id = $1 AND version = $2 AND status <> $3",
    )
    .bind(case_id)
    .bind(expected_version)
    .bind(&change.status)
    .bind(today)
    .bind(&change.outcome)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    let done = on_tx!(tx, conn => sqlx::query(
        "UPDATE cases SET status = $3, help_started_on = $4, closed_on = $5, close_reason = $6, outcome = $7,
                version = version + 1, last_activity_on = $8, updated_at = $9
         WHERE id = $1 AND version = $2",
    )
    .bind(case_id)
    .bind(expected_version)
    .bind(&change.status)
    .bind(change.help_started_on)
    .bind(change.closed_on)
    .bind(&change.close_reason)
    .bind(&change.outcome)
    .bind(today)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    if done == 0 {
        return Err(StoreError::Conflict);
    }
    Ok(expected_version + 1)
}

pub async fn set_lead_domain(
    tx: &mut Tx,
    case_id: i64,
    domain: &str,
    now: Ts,
) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query("UPDATE cases SET lead_domain = $2, version = version + 1, updated_at = $3 WHERE id = $1")
        .bind(case_id)
        .bind(domain)
        .bind(now)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Record activity (meeting, plan change, progress note) for the stalled rule.
pub async fn touch_activity(
    tx: &mut Tx,
    case_id: i64,
    today: Date,
    now: Ts,
) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query("UPDATE cases SET last_activity_on = $2, updated_at = $3 WHERE id = $1")
        .bind(case_id)
        .bind(today)
        .bind(now)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A member of a case team, with names for display.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MemberRow {
    pub id: i64,
    pub case_id: i64,
    pub user_id: Option<i64>,
    pub guardian_id: Option<i64>,
    pub org_id: Option<i64>,
    pub role_in_case: String,
    pub basis: String,
    pub consent_id: Option<i64>,
    pub legal_task: Option<String>,
    pub is_lead: bool,
    pub added_at: Ts,
    pub name: String,
    pub email: Option<String>,
    pub org_name: Option<String>,
}

/// Current members (not removed) of a case, the lead first.
pub async fn members(db: &Db, case_id: i64) -> Result<Vec<MemberRow>, StoreError> {
    let sql = "SELECT m.id, m.case_id, m.user_id, m.guardian_id, m.org_id, m.role_in_case, m.basis, m.consent_id,
                      m.legal_task, m.is_lead, m.added_at,
                      coalesce(u.name, g.name, '') AS name, coalesce(u.email, g.email) AS email, o.name AS org_name
               FROM case_members m
               LEFT JOIN users u ON u.id = m.user_id
               LEFT JOIN guardians g ON g.id = m.guardian_id
               LEFT JOIN organisations o ON o.id = m.org_id
               WHERE m.case_id = $1 AND m.removed_at IS NULL
               ORDER BY m.is_lead DESC, m.id";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(case_id).fetch_all(pool).await)?)
}

pub async fn remove_member(tx: &mut Tx, member_id: i64, now: Ts) -> Result<bool, StoreError> {
    let done = on_tx!(tx, conn => sqlx::query(
        "UPDATE case_members SET removed_at = $2, is_lead = FALSE WHERE id = $1 AND removed_at IS NULL",
    )
    .bind(member_id)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Make `member_id` the one case lead of its case.
pub async fn set_lead(tx: &mut Tx, case_id: i64, member_id: i64) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query("UPDATE case_members SET is_lead = (id = $2) WHERE case_id = $1 AND removed_at IS NULL")
        .bind(case_id)
        .bind(member_id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// One entry of a case's timeline.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub case_id: i64,
    pub kind: String,
    pub summary: String,
    pub ref_id: Option<i64>,
    pub actor_user_id: Option<i64>,
    pub actor_name: String,
    pub occurred_at: Ts,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub case_id: i64,
    pub kind: String,
    pub summary: String,
    pub ref_id: Option<i64>,
    pub actor_user_id: Option<i64>,
    pub actor_name: String,
}

pub async fn insert_event(tx: &mut Tx, e: &NewEvent, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO case_events (case_id, kind, summary, ref_id, actor_user_id, actor_name, occurred_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(e.case_id)
        .bind(&e.kind)
        .bind(&e.summary)
        .bind(e.ref_id)
        .bind(e.actor_user_id)
        .bind(&e.actor_name)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

/// The timeline, newest first, optionally of some kinds only.
pub async fn events(
    db: &Db,
    case_id: i64,
    kinds: &[String],
    limit: i64,
) -> Result<Vec<EventRow>, StoreError> {
    let mut sql = String::from(
        "SELECT id, case_id, kind, summary, ref_id, actor_user_id, actor_name, occurred_at FROM case_events WHERE case_id = $1",
    );
    if !kinds.is_empty() {
        sql.push_str(&format!(
            " AND kind IN ({})",
            crate::registry::placeholders(2, kinds.len())
        ));
    }
    sql.push_str(&format!(
        " ORDER BY occurred_at DESC, id DESC LIMIT {}",
        limit.clamp(1, 1000)
    ));
    Ok(on_read!(db, pool => {
        let mut q = sqlx::query_as(crate::dynamic(&sql)).bind(case_id);
        for k in kinds {
            q = q.bind(k.clone());
        }
        q.fetch_all(pool).await
    })?)
}

/// The latest attendance record of a pupil.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AttendanceRow {
    pub id: i64,
    pub pupil_id: i64,
    pub status: String,
    pub since: Date,
    pub note: String,
    pub created_at: Ts,
}

pub async fn insert_attendance(
    tx: &mut Tx,
    pupil_id: i64,
    status: &str,
    since: Date,
    note: &str,
    by_user: Option<i64>,
    now: Ts,
) -> Result<i64, StoreError> {
    let sql =
        "INSERT INTO attendance (pupil_id, status, since, note, recorded_by_user_id, created_at)
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(pupil_id)
        .bind(status)
        .bind(since)
        .bind(note)
        .bind(by_user)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

pub async fn current_attendance(
    db: &Db,
    pupil_id: i64,
) -> Result<Option<AttendanceRow>, StoreError> {
    let sql =
        "SELECT id, pupil_id, status, since, note, created_at FROM attendance WHERE pupil_id = $1
               ORDER BY created_at DESC, id DESC LIMIT 1";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(pupil_id).fetch_optional(pool).await)?)
}

/// Consents recorded for a pupil, newest first.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ConsentRow {
    pub id: i64,
    pub pupil_id: i64,
    pub given_by_name: String,
    pub given_by_relation: String,
    pub recipient_org_id: Option<i64>,
    pub recipient_user_id: Option<i64>,
    pub purpose: String,
    pub scope: String,
    pub valid_from: Date,
    pub valid_until: Option<Date>,
    pub withdrawn_at: Option<Ts>,
    pub created_at: Ts,
}

pub async fn consents_of_pupil(db: &Db, pupil_id: i64) -> Result<Vec<ConsentRow>, StoreError> {
    let sql = "SELECT id, pupil_id, given_by_name, given_by_relation, recipient_org_id, recipient_user_id, purpose, scope,
                      valid_from, valid_until, withdrawn_at, created_at
               FROM consents WHERE pupil_id = $1 ORDER BY id DESC";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(pupil_id).fetch_all(pool).await)?)
}

/// The last meeting with school, care and parents together (for thuiszitters).
pub async fn last_triangle_meeting(db: &Db, case_id: i64) -> Result<Option<Date>, StoreError> {
    let row: Option<(Option<Date>,)> = on_read!(db, pool => sqlx::query_as(
        "SELECT max(held_on) FROM meetings WHERE case_id = $1 AND with_school AND with_care AND with_parents",
    )
    .bind(case_id)
    .fetch_optional(pool)
    .await)?;
    Ok(row.and_then(|(d,)| d))
}

/// Escalations of the case not yet decided.
pub async fn open_escalations(db: &Db, case_id: i64) -> Result<usize, StoreError> {
    let (n,): (i64,) = on_read!(db, pool => sqlx::query_as(
        "SELECT count(*) FROM escalations WHERE case_id = $1 AND decided_on IS NULL",
    )
    .bind(case_id)
    .fetch_one(pool)
    .await)?;
    Ok(usize::try_from(n).unwrap_or(0))
}
