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
}

/// Current seats of professionals in any case of the pupil. A seat on
/// consent counts only while that consent is valid: not withdrawn, started,
/// not expired. Withdrawing consent therefore ends access at once.
pub async fn team_seats_of_pupil(
    db: &Db,
    pupil_id: i64,
    today: Date,
) -> Result<Vec<SeatRow>, StoreError> {
    let sql = "SELECT m.user_id AS user_id, m.basis, m.consent_id, m.legal_task
               FROM case_members m
               JOIN cases c ON c.id = m.case_id
               LEFT JOIN consents k ON k.id = m.consent_id
               WHERE c.pupil_id = $1 AND m.user_id IS NOT NULL AND m.removed_at IS NULL
                 AND (m.basis <> 'consent' OR (k.id IS NOT NULL AND k.withdrawn_at IS NULL
                      AND k.valid_from <= $2 AND (k.valid_until IS NULL OR k.valid_until >= $2)))
               ORDER BY m.id";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(pupil_id).bind(today).fetch_all(pool).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    pub pupil_id: i64,
    pub school_id: i64,
    pub status: String,
    pub lead_domain: Option<String>,
    pub first_signal_on: Date,
    pub help_started_on: Option<Date>,
    pub created_by_user_id: Option<i64>,
}

pub async fn insert_case(tx: &mut Tx, c: &NewCase, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO cases (pupil_id, school_id, status, lead_domain, first_signal_on, help_started_on, created_by_user_id, created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(c.pupil_id)
        .bind(c.school_id)
        .bind(&c.status)
        .bind(&c.lead_domain)
        .bind(c.first_signal_on)
        .bind(c.help_started_on)
        .bind(c.created_by_user_id)
        .bind(now)
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
