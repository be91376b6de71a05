//! Consent as a first-class object: a professional's request, the family's
//! answers, the consents given (with recipients' names for display), the
//! seat a consent gives in a case team, and the young person's choice
//! whether the parents see the file.
//!
//! The rules (who may answer by age, when a consent is in force) live in
//! `brug_domain::consent`; this module only stores.

use time::Date;

use crate::cases::NewConsent;
use crate::{Db, StoreError, Ts, Tx};

/// A request for consent, as the professional sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequest {
    pub case_id: i64,
    pub pupil_id: i64,
    pub recipient_org_id: Option<i64>,
    pub recipient_user_id: Option<i64>,
    pub role_in_case: String,
    pub purpose: String,
    /// Part codes, see `brug_domain::consent::parts_code`.
    pub parts: String,
    pub valid_from: Date,
    pub valid_until: Option<Date>,
    pub requested_by_user_id: Option<i64>,
    pub requested_by_name: String,
}

pub async fn insert_request(tx: &mut Tx, r: &NewRequest, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO consent_requests (case_id, pupil_id, recipient_org_id, recipient_user_id, role_in_case, purpose, parts,
                   valid_from, valid_until, status, requested_by_user_id, requested_by_name, requested_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $11, $12) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(r.case_id)
        .bind(r.pupil_id)
        .bind(r.recipient_org_id)
        .bind(r.recipient_user_id)
        .bind(&r.role_in_case)
        .bind(&r.purpose)
        .bind(&r.parts)
        .bind(r.valid_from)
        .bind(r.valid_until)
        .bind(r.requested_by_user_id)
        .bind(&r.requested_by_name)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

/// A request with the names the family reads.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RequestRow {
    pub id: i64,
    pub case_id: i64,
    pub case_title: String,
    pub pupil_id: i64,
    pub recipient_org_id: Option<i64>,
    pub recipient_org_name: Option<String>,
    pub recipient_user_id: Option<i64>,
    pub recipient_name: Option<String>,
    pub role_in_case: String,
    pub purpose: String,
    pub parts: String,
    pub valid_from: Date,
    pub valid_until: Option<Date>,
    pub status: String,
    pub requested_by_user_id: Option<i64>,
    pub requested_by_name: String,
    pub requested_at: Ts,
    pub decided_at: Option<Ts>,
    pub consent_id: Option<i64>,
}

const REQUEST_SELECT: &str = "SELECT r.id, r.case_id, c.title AS case_title, r.pupil_id, r.recipient_org_id, o.name AS recipient_org_name,
        r.recipient_user_id, u.name AS recipient_name, r.role_in_case, r.purpose, r.parts, r.valid_from, r.valid_until,
        r.status, r.requested_by_user_id, r.requested_by_name, r.requested_at, r.decided_at, r.consent_id
    FROM consent_requests r
    JOIN cases c ON c.id = r.case_id
    LEFT JOIN organisations o ON o.id = r.recipient_org_id
    LEFT JOIN users u ON u.id = r.recipient_user_id";

/// The pupil's requests: pending ones first, then newest first.
pub async fn requests_of_pupil(db: &Db, pupil_id: i64) -> Result<Vec<RequestRow>, StoreError> {
    let sql = format!(
        "{REQUEST_SELECT} WHERE r.pupil_id = $1 ORDER BY r.status <> 'pending', r.requested_at DESC, r.id DESC"
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(pupil_id).fetch_all(pool).await)?,
    )
}

/// The requests made in a case, newest first.
pub async fn requests_of_case(db: &Db, case_id: i64) -> Result<Vec<RequestRow>, StoreError> {
    let sql =
        format!("{REQUEST_SELECT} WHERE r.case_id = $1 ORDER BY r.requested_at DESC, r.id DESC");
    Ok(
        on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(case_id).fetch_all(pool).await)?,
    )
}

/// Take the request's row lock for the rest of the transaction, so family
/// members answering at the same moment are counted one after the other
/// (PostgreSQL; SQLite's writers are serialised already). Returns whether
/// the request of this pupil exists.
pub async fn lock_request(tx: &mut Tx, pupil_id: i64, request_id: i64) -> Result<bool, StoreError> {
    let n = on_tx!(tx, conn => sqlx::query(
        "UPDATE consent_requests SET status = status WHERE id = $1 AND pupil_id = $2",
    )
    .bind(request_id)
    .bind(pupil_id)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// One request of the pupil, read inside the answering transaction.
pub async fn request_in_tx(
    tx: &mut Tx,
    pupil_id: i64,
    request_id: i64,
) -> Result<Option<RequestRow>, StoreError> {
    let sql = format!("{REQUEST_SELECT} WHERE r.id = $1 AND r.pupil_id = $2");
    Ok(on_tx!(tx, conn => sqlx::query_as(crate::dynamic(&sql))
        .bind(request_id)
        .bind(pupil_id)
        .fetch_optional(conn)
        .await)?)
}

/// Close a pending request (approved, refused or cancelled); `false` when it
/// was no longer pending.
pub async fn close_request(
    tx: &mut Tx,
    request_id: i64,
    status: &str,
    consent_id: Option<i64>,
    now: Ts,
) -> Result<bool, StoreError> {
    let done = on_tx!(tx, conn => sqlx::query(
        "UPDATE consent_requests SET status = $2, consent_id = $3, decided_at = $4 WHERE id = $1 AND status = 'pending'",
    )
    .bind(request_id)
    .bind(status)
    .bind(consent_id)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// One family member's answer.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AnswerRow {
    pub request_id: i64,
    pub user_id: i64,
    pub name: String,
    pub giver: String,
    pub approve: bool,
    pub answered_at: Ts,
}

const ANSWER_COLUMNS: &str = "a.request_id, a.user_id, a.name, a.giver, a.approve, a.answered_at";

/// Every answer to the pupil's requests, oldest first.
pub async fn answers_of_pupil(db: &Db, pupil_id: i64) -> Result<Vec<AnswerRow>, StoreError> {
    let sql = format!(
        "SELECT {ANSWER_COLUMNS} FROM consent_answers a JOIN consent_requests r ON r.id = a.request_id
         WHERE r.pupil_id = $1 ORDER BY a.answered_at, a.id"
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(pupil_id).fetch_all(pool).await)?,
    )
}

pub async fn answers_in_tx(tx: &mut Tx, request_id: i64) -> Result<Vec<AnswerRow>, StoreError> {
    let sql = format!(
        "SELECT {ANSWER_COLUMNS} FROM consent_answers a WHERE a.request_id = $1 ORDER BY a.answered_at, a.id"
    );
    Ok(on_tx!(tx, conn => sqlx::query_as(crate::dynamic(&sql))
        .bind(request_id)
        .fetch_all(conn)
        .await)?)
}

/// Record an answer; `Conflict` when this account answered already.
pub async fn insert_answer(
    tx: &mut Tx,
    request_id: i64,
    user_id: i64,
    name: &str,
    giver: &str,
    approve: bool,
    now: Ts,
) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO consent_answers (request_id, user_id, name, giver, approve, answered_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(request_id)
    .bind(user_id)
    .bind(name)
    .bind(giver)
    .bind(approve)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ()))
    .map_err(|e| match StoreError::on_unique(e, "consent answer") {
        StoreError::Duplicate(_) => StoreError::Conflict,
        other => other,
    })
}

/// Record a consent the family gave in Brug, in the case it was asked for.
pub async fn insert_given(
    tx: &mut Tx,
    c: &NewConsent,
    case_id: Option<i64>,
    given_by_young_person: bool,
    now: Ts,
) -> Result<i64, StoreError> {
    let id = crate::cases::insert_consent(tx, c, now).await?;
    on_tx!(tx, conn => sqlx::query(
        "UPDATE consents SET case_id = $2, given_by_young_person = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(case_id)
    .bind(given_by_young_person)
    .execute(conn)
    .await
    .map(|_| ()))?;
    Ok(id)
}

/// A consent with the names the family and the team read.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ConsentDetail {
    pub id: i64,
    pub pupil_id: i64,
    pub case_id: Option<i64>,
    pub case_title: Option<String>,
    pub given_by_user_id: Option<i64>,
    pub given_by_name: String,
    pub given_by_relation: String,
    pub given_by_young_person: bool,
    pub recipient_org_id: Option<i64>,
    pub recipient_org_name: Option<String>,
    pub recipient_user_id: Option<i64>,
    pub recipient_name: Option<String>,
    pub purpose: String,
    pub scope: String,
    pub valid_from: Date,
    pub valid_until: Option<Date>,
    pub withdrawn_at: Option<Ts>,
    pub withdrawn_by_user_id: Option<i64>,
    pub withdrawn_by_name: Option<String>,
    pub created_at: Ts,
}

const CONSENT_SELECT: &str = "SELECT k.id, k.pupil_id, k.case_id, c.title AS case_title, k.given_by_user_id, k.given_by_name,
        k.given_by_relation, k.given_by_young_person, k.recipient_org_id, o.name AS recipient_org_name,
        k.recipient_user_id, u.name AS recipient_name, k.purpose, k.scope, k.valid_from, k.valid_until,
        k.withdrawn_at, k.withdrawn_by_user_id, w.name AS withdrawn_by_name, k.created_at
    FROM consents k
    LEFT JOIN cases c ON c.id = k.case_id
    LEFT JOIN organisations o ON o.id = k.recipient_org_id
    LEFT JOIN users u ON u.id = k.recipient_user_id
    LEFT JOIN users w ON w.id = k.withdrawn_by_user_id";

/// The pupil's consents, newest first.
pub async fn consents_of_pupil(db: &Db, pupil_id: i64) -> Result<Vec<ConsentDetail>, StoreError> {
    let sql = format!("{CONSENT_SELECT} WHERE k.pupil_id = $1 ORDER BY k.id DESC");
    Ok(
        on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(pupil_id).fetch_all(pool).await)?,
    )
}

/// One consent of the pupil, inside a transaction.
pub async fn consent_in_tx(
    tx: &mut Tx,
    pupil_id: i64,
    consent_id: i64,
) -> Result<Option<ConsentDetail>, StoreError> {
    let sql = format!("{CONSENT_SELECT} WHERE k.id = $1 AND k.pupil_id = $2");
    Ok(on_tx!(tx, conn => sqlx::query_as(crate::dynamic(&sql))
        .bind(consent_id)
        .bind(pupil_id)
        .fetch_optional(conn)
        .await)?)
}

/// Seat `user_id` in the case team on `consent_id`. A professional already
/// seated on an earlier consent moves to the new one; one seated on a legal
/// task keeps that basis (the consent is then on record only). Returns the
/// member id and whether a seat was added or moved.
#[allow(clippy::too_many_arguments)]
pub async fn seat_on_consent(
    tx: &mut Tx,
    case_id: i64,
    user_id: i64,
    org_id: Option<i64>,
    role_in_case: &str,
    consent_id: i64,
    added_by: Option<i64>,
    now: Ts,
) -> Result<(i64, bool), StoreError> {
    let existing: Option<(i64, String)> = on_tx!(tx, conn => sqlx::query_as(
        "SELECT id, basis FROM case_members WHERE case_id = $1 AND user_id = $2 AND removed_at IS NULL ORDER BY id LIMIT 1",
    )
    .bind(case_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await)?;
    match existing {
        Some((id, basis)) if basis == "consent" => {
            on_tx!(tx, conn => sqlx::query("UPDATE case_members SET consent_id = $2 WHERE id = $1")
                .bind(id)
                .bind(consent_id)
                .execute(conn)
                .await
                .map(|_| ()))?;
            Ok((id, true))
        }
        Some((id, _)) => Ok((id, false)),
        None => {
            let id = crate::cases::insert_member(
                tx,
                &crate::cases::NewMember {
                    case_id,
                    user_id: Some(user_id),
                    guardian_id: None,
                    org_id,
                    role_in_case: role_in_case.to_owned(),
                    basis: "consent".into(),
                    consent_id: Some(consent_id),
                    legal_task: None,
                    is_lead: false,
                    added_by_user_id: added_by,
                },
                now,
            )
            .await?;
            Ok((id, true))
        }
    }
}

/// End the seats that rest on a consent (after withdrawal); returns the
/// cases and users whose seats ended. The policy already ignores seats on a
/// withdrawn consent; ending them keeps the team list truthful.
pub async fn end_seats_on_consent(
    tx: &mut Tx,
    consent_id: i64,
    now: Ts,
) -> Result<Vec<(i64, Option<i64>)>, StoreError> {
    let seats: Vec<(i64, Option<i64>)> = on_tx!(tx, conn => sqlx::query_as(
        "SELECT case_id, user_id FROM case_members WHERE consent_id = $1 AND removed_at IS NULL AND basis = 'consent' ORDER BY id",
    )
    .bind(consent_id)
    .fetch_all(conn)
    .await)?;
    on_tx!(tx, conn => sqlx::query(
        "UPDATE case_members SET removed_at = $2 WHERE consent_id = $1 AND removed_at IS NULL AND basis = 'consent'",
    )
    .bind(consent_id)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ()))?;
    Ok(seats)
}

/// The young person's choice (from 16) whether the parents see the file.
pub async fn set_sharing(
    tx: &mut Tx,
    pupil_id: i64,
    shares: bool,
    now: Ts,
) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query("UPDATE pupils SET shares_with_guardians = $2, updated_at = $3 WHERE id = $1")
        .bind(pupil_id)
        .bind(shares)
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// The stored parts (`scope`) of a consent, whatever its state.
pub async fn scope(db: &Db, consent_id: i64) -> Result<Option<String>, StoreError> {
    let row: Option<(String,)> = on_read!(db, pool => sqlx::query_as("SELECT scope FROM consents WHERE id = $1")
        .bind(consent_id)
        .fetch_optional(pool)
        .await)?;
    Ok(row.map(|(s,)| s))
}
