//! The coordinator's and professional's worklists: my cases, overdue
//! agreements, evaluations due, stalled cases, escalations past deadline.
//! Every list is limited to the cases the user may see: seats in the team
//! (a consent seat only while its consent is valid) and, for a school's
//! coordinators, the cases of pupils enrolled at that school now.

use time::Date;

use crate::registry::placeholders;
use crate::{Db, StoreError, dynamic};

/// Whose worklist.
#[derive(Debug, Clone)]
pub struct Scope {
    pub user_id: i64,
    /// Schools where the user is a support coordinator.
    pub coordinator_of: Vec<i64>,
    pub today: Date,
}

/// The cases in scope, as a SQL condition on `c` with parameters from `$1`:
/// `$1` user, `$2` today, then the school ids.
fn in_scope(scope: &Scope) -> String {
    let seat = "c.id IN (SELECT m.case_id FROM case_members m LEFT JOIN consents k ON k.id = m.consent_id
                 WHERE m.user_id = $1 AND m.removed_at IS NULL
                   AND (m.basis <> 'consent' OR (k.id IS NOT NULL AND k.withdrawn_at IS NULL
                        AND k.valid_from <= $2 AND (k.valid_until IS NULL OR k.valid_until >= $2))))";
    if scope.coordinator_of.is_empty() {
        return format!("({seat})");
    }
    let schools = placeholders(3, scope.coordinator_of.len());
    format!(
        "({seat} OR c.pupil_id IN (SELECT e.pupil_id FROM enrolments e WHERE e.school_id IN ({schools})
             AND e.start_date <= $2 AND (e.end_date IS NULL OR e.end_date >= $2)))"
    )
}

macro_rules! scoped_query {
    ($db:expr, $scope:expr, $sql:expr, $($extra:expr),*) => {{
        let sql = $sql;
        on_read!($db, pool => {
            let mut q = sqlx::query_as(dynamic(&sql)).bind($scope.user_id).bind($scope.today);
            for s in &$scope.coordinator_of {
                q = q.bind(*s);
            }
            $(q = q.bind($extra);)*
            q.fetch_all(pool).await
        })
    }};
}

/// A case line of a worklist.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CaseLine {
    pub case_id: i64,
    pub title: String,
    pub status: String,
    pub first_signal_on: Date,
    pub last_activity_on: Option<Date>,
    pub pupil_id: i64,
    pub given_name: String,
    pub name_prefix: Option<String>,
    pub family_name: String,
    pub is_lead: bool,
}

const CASE_FIELDS: &str = "c.id AS case_id, c.title, c.status, c.first_signal_on, c.last_activity_on, p.id AS pupil_id,
     p.given_name, p.name_prefix, p.family_name,
     EXISTS (SELECT 1 FROM case_members l WHERE l.case_id = c.id AND l.user_id = $1 AND l.is_lead AND l.removed_at IS NULL) AS is_lead";

/// The next free placeholder number after the scope's.
fn next(scope: &Scope) -> usize {
    3 + scope.coordinator_of.len()
}

/// Open cases in scope, the longest without activity first.
pub async fn open_cases(db: &Db, scope: &Scope, limit: i64) -> Result<Vec<CaseLine>, StoreError> {
    let sql = format!(
        "SELECT {CASE_FIELDS} FROM cases c JOIN pupils p ON p.id = c.pupil_id
         WHERE c.status <> 'closed' AND {} ORDER BY coalesce(c.last_activity_on, c.first_signal_on), c.id LIMIT {}",
        in_scope(scope),
        limit.clamp(1, 500)
    );
    Ok(scoped_query!(db, scope, sql,)?)
}

/// Open cases without a meeting, plan change or progress note since `since`.
pub async fn stalled_cases(
    db: &Db,
    scope: &Scope,
    since: Date,
    limit: i64,
) -> Result<Vec<CaseLine>, StoreError> {
    let n = next(scope);
    let sql = format!(
        "SELECT {CASE_FIELDS} FROM cases c JOIN pupils p ON p.id = c.pupil_id
         WHERE c.status IN ('exploration', 'active', 'evaluation')
           AND coalesce(c.last_activity_on, c.first_signal_on) < ${n} AND {}
         ORDER BY coalesce(c.last_activity_on, c.first_signal_on), c.id LIMIT {}",
        in_scope(scope),
        limit.clamp(1, 500)
    );
    Ok(scoped_query!(db, scope, sql, since)?)
}

/// An agreement past its due date.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AgreementLine {
    pub agreement_id: i64,
    pub action: String,
    pub owner_name: String,
    pub owner_user_id: Option<i64>,
    pub due_on: Date,
    pub case_id: i64,
    pub title: String,
    pub pupil_id: i64,
    pub given_name: String,
    pub name_prefix: Option<String>,
    pub family_name: String,
}

pub async fn overdue_agreements(
    db: &Db,
    scope: &Scope,
    limit: i64,
) -> Result<Vec<AgreementLine>, StoreError> {
    let sql = format!(
        "SELECT a.id AS agreement_id, a.action, a.owner_name, a.owner_user_id, a.due_on, c.id AS case_id, c.title,
                p.id AS pupil_id, p.given_name, p.name_prefix, p.family_name
         FROM agreements a JOIN cases c ON c.id = a.case_id JOIN pupils p ON p.id = c.pupil_id
         WHERE a.done_on IS NULL AND a.due_on < $2 AND c.status <> 'closed' AND {}
         ORDER BY a.due_on, a.id LIMIT {}",
        in_scope(scope),
        limit.clamp(1, 500)
    );
    Ok(scoped_query!(db, scope, sql,)?)
}

/// A planned evaluation that is due (or missed).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EvaluationLine {
    pub evaluation_id: i64,
    pub planned_on: Date,
    pub case_id: i64,
    pub title: String,
    pub pupil_id: i64,
    pub given_name: String,
    pub name_prefix: Option<String>,
    pub family_name: String,
}

/// Evaluations planned on or before `until` and not yet held.
pub async fn evaluations_due(
    db: &Db,
    scope: &Scope,
    until: Date,
    limit: i64,
) -> Result<Vec<EvaluationLine>, StoreError> {
    let n = next(scope);
    let sql = format!(
        "SELECT v.id AS evaluation_id, v.planned_on, c.id AS case_id, c.title, p.id AS pupil_id, p.given_name, p.name_prefix, p.family_name
         FROM evaluations v JOIN cases c ON c.id = v.case_id JOIN pupils p ON p.id = c.pupil_id
         WHERE v.held_on IS NULL AND v.planned_on <= ${n} AND c.status <> 'closed' AND {}
         ORDER BY v.planned_on, v.id LIMIT {}",
        in_scope(scope),
        limit.clamp(1, 500)
    );
    Ok(scoped_query!(db, scope, sql, until)?)
}

/// An escalation whose deadline passed without a decision.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EscalationLine {
    pub escalation_id: i64,
    pub level: String,
    pub question: String,
    pub deadline: Date,
    pub case_id: i64,
    pub title: String,
    pub pupil_id: i64,
    pub given_name: String,
    pub name_prefix: Option<String>,
    pub family_name: String,
}

pub async fn escalations_past_deadline(
    db: &Db,
    scope: &Scope,
    limit: i64,
) -> Result<Vec<EscalationLine>, StoreError> {
    let sql = format!(
        "SELECT x.id AS escalation_id, x.level, x.question, x.deadline, c.id AS case_id, c.title,
                p.id AS pupil_id, p.given_name, p.name_prefix, p.family_name
         FROM escalations x JOIN cases c ON c.id = x.case_id JOIN pupils p ON p.id = c.pupil_id
         WHERE x.decided_on IS NULL AND x.deadline < $2 AND {}
         ORDER BY x.deadline, x.id LIMIT {}",
        in_scope(scope),
        limit.clamp(1, 500)
    );
    Ok(scoped_query!(db, scope, sql,)?)
}

/// The cases the user leads, or (for a school's coordinators) of pupils
/// enrolled at that school now, as a SQL condition on `c` with the same
/// parameters as [`in_scope`]: the lead's and the coordinator's lists.
fn lead_scope(scope: &Scope) -> String {
    let lead = "c.id IN (SELECT l.case_id FROM case_members l WHERE l.user_id = $1 AND l.is_lead AND l.removed_at IS NULL)";
    if scope.coordinator_of.is_empty() {
        return format!("({lead})");
    }
    let schools = placeholders(3, scope.coordinator_of.len());
    format!(
        "({lead} OR c.pupil_id IN (SELECT e.pupil_id FROM enrolments e WHERE e.school_id IN ({schools})
             AND e.start_date <= $2 AND (e.end_date IS NULL OR e.end_date >= $2)))"
    )
}

/// A consent in force that ends soon.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ConsentLine {
    pub consent_id: i64,
    pub valid_until: Date,
    pub purpose: String,
    pub recipient_name: Option<String>,
    pub recipient_org_name: Option<String>,
    pub case_id: i64,
    pub title: String,
    pub pupil_id: i64,
    pub given_name: String,
    pub name_prefix: Option<String>,
    pub family_name: String,
}

/// Consents in force that end on or before `until`, in the open cases the
/// user leads or coordinates (a consent recorded without a case counts for
/// the pupil's open case).
pub async fn expiring_consents(
    db: &Db,
    scope: &Scope,
    until: Date,
    limit: i64,
) -> Result<Vec<ConsentLine>, StoreError> {
    let n = next(scope);
    let sql = format!(
        "SELECT k.id AS consent_id, k.valid_until, k.purpose, u.name AS recipient_name, o.name AS recipient_org_name,
                c.id AS case_id, c.title, p.id AS pupil_id, p.given_name, p.name_prefix, p.family_name
         FROM consents k
         JOIN cases c ON c.pupil_id = k.pupil_id AND (k.case_id IS NULL OR k.case_id = c.id)
         JOIN pupils p ON p.id = c.pupil_id
         LEFT JOIN users u ON u.id = k.recipient_user_id
         LEFT JOIN organisations o ON o.id = k.recipient_org_id
         WHERE k.withdrawn_at IS NULL AND k.valid_from <= $2 AND k.valid_until >= $2 AND k.valid_until <= ${n}
           AND c.status <> 'closed' AND {}
         ORDER BY k.valid_until, k.id LIMIT {}",
        lead_scope(scope),
        limit.clamp(1, 500)
    );
    Ok(scoped_query!(db, scope, sql, until)?)
}

/// A correction request waiting for the case lead's answer.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CorrectionLine {
    pub correction_id: i64,
    pub what_is_wrong: String,
    pub due_on: Date,
    pub requested_by_name: String,
    pub case_id: i64,
    pub title: String,
    pub pupil_id: i64,
    pub given_name: String,
    pub name_prefix: Option<String>,
    pub family_name: String,
}

/// Open correction requests in the cases the user leads or coordinates,
/// the earliest deadline first.
pub async fn open_corrections(
    db: &Db,
    scope: &Scope,
    limit: i64,
) -> Result<Vec<CorrectionLine>, StoreError> {
    let sql = format!(
        "SELECT r.id AS correction_id, r.what_is_wrong, r.due_on, r.requested_by_name, c.id AS case_id, c.title,
                p.id AS pupil_id, p.given_name, p.name_prefix, p.family_name
         FROM correction_requests r JOIN cases c ON c.id = r.case_id JOIN pupils p ON p.id = c.pupil_id
         WHERE r.status = 'open' AND {}
         ORDER BY r.due_on, r.id LIMIT {}",
        lead_scope(scope),
        limit.clamp(1, 500)
    );
    Ok(scoped_query!(db, scope, sql,)?)
}
