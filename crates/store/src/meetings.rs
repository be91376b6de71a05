//! Meetings of a case (with the agreements their decisions made, see
//! [`crate::plan::insert_agreement`]), evaluations with a score per goal, and
//! escalations (opschalen) with their deadlines and outcomes.

use time::Date;

use crate::{Db, StoreError, Ts, Tx};

// ---------------------------------------------------------------------------
// Meetings
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MeetingRow {
    pub id: i64,
    pub case_id: i64,
    pub held_on: Date,
    pub kind: String,
    pub participants: String,
    pub agenda: String,
    pub notes: String,
    pub decisions: String,
    pub with_school: bool,
    pub with_care: bool,
    pub with_parents: bool,
    pub created_by_user_id: Option<i64>,
    /// The recorder's name (empty when the account is gone).
    pub created_by_name: String,
    pub created_at: Ts,
}

const MEETING_SELECT: &str =
    "SELECT m.id, m.case_id, m.held_on, m.kind, m.participants, m.agenda, m.notes,
        m.decisions, m.with_school, m.with_care, m.with_parents, m.created_by_user_id,
        coalesce(u.name, '') AS created_by_name, m.created_at
    FROM meetings m LEFT JOIN users u ON u.id = m.created_by_user_id";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMeeting {
    pub case_id: i64,
    pub held_on: Date,
    pub kind: String,
    pub participants: String,
    pub agenda: String,
    pub notes: String,
    pub decisions: String,
    pub with_school: bool,
    pub with_care: bool,
    pub with_parents: bool,
    pub created_by_user_id: Option<i64>,
}

pub async fn insert_meeting(tx: &mut Tx, m: &NewMeeting, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO meetings (case_id, held_on, kind, participants, agenda, notes, decisions, with_school, with_care, with_parents, created_by_user_id, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(m.case_id)
        .bind(m.held_on)
        .bind(&m.kind)
        .bind(&m.participants)
        .bind(&m.agenda)
        .bind(&m.notes)
        .bind(&m.decisions)
        .bind(m.with_school)
        .bind(m.with_care)
        .bind(m.with_parents)
        .bind(m.created_by_user_id)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

/// The meetings of a case, the most recent first; at most `limit`.
pub async fn meetings(db: &Db, case_id: i64, limit: i64) -> Result<Vec<MeetingRow>, StoreError> {
    let sql = format!(
        "{MEETING_SELECT} WHERE m.case_id = $1 ORDER BY m.held_on DESC, m.id DESC LIMIT {}",
        limit.clamp(1, 1000)
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(case_id).fetch_all(pool).await)?,
    )
}

/// One meeting of the case (`None` for a meeting of another case).
pub async fn meeting(
    db: &Db,
    case_id: i64,
    meeting_id: i64,
) -> Result<Option<MeetingRow>, StoreError> {
    let sql = format!("{MEETING_SELECT} WHERE m.id = $1 AND m.case_id = $2");
    Ok(on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql))
        .bind(meeting_id)
        .bind(case_id)
        .fetch_optional(pool)
        .await)?)
}

pub async fn count_meetings(db: &Db, case_id: i64) -> Result<i64, StoreError> {
    let (n,): (i64,) = on_read!(db, pool => sqlx::query_as(
        "SELECT count(*) FROM meetings WHERE case_id = $1",
    )
    .bind(case_id)
    .fetch_one(pool)
    .await)?;
    Ok(n)
}

// ---------------------------------------------------------------------------
// Evaluations
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EvaluationRow {
    pub id: i64,
    pub case_id: i64,
    pub planned_on: Date,
    pub held_on: Option<Date>,
    pub decision: Option<String>,
    pub reasons: Option<String>,
    pub created_by_user_id: Option<i64>,
    pub created_at: Ts,
}

const EVALUATION_COLUMNS: &str =
    "id, case_id, planned_on, held_on, decision, reasons, created_by_user_id, created_at";

pub async fn insert_evaluation(
    tx: &mut Tx,
    case_id: i64,
    planned_on: Date,
    by_user: Option<i64>,
    now: Ts,
) -> Result<i64, StoreError> {
    let sql = "INSERT INTO evaluations (case_id, planned_on, created_by_user_id, created_at)
               VALUES ($1, $2, $3, $4) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(case_id)
        .bind(planned_on)
        .bind(by_user)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

/// The evaluations of a case: those still to be held first (soonest first),
/// then the held ones (most recent first).
pub async fn evaluations(db: &Db, case_id: i64) -> Result<Vec<EvaluationRow>, StoreError> {
    let sql = format!(
        "SELECT {EVALUATION_COLUMNS} FROM evaluations WHERE case_id = $1
         ORDER BY (held_on IS NOT NULL), CASE WHEN held_on IS NULL THEN planned_on END,
                  held_on DESC, id DESC"
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(case_id).fetch_all(pool).await)?,
    )
}

/// One evaluation of the case (`None` for an evaluation of another case).
pub async fn evaluation(
    db: &Db,
    case_id: i64,
    evaluation_id: i64,
) -> Result<Option<EvaluationRow>, StoreError> {
    let sql =
        format!("SELECT {EVALUATION_COLUMNS} FROM evaluations WHERE id = $1 AND case_id = $2");
    Ok(on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql))
        .bind(evaluation_id)
        .bind(case_id)
        .fetch_optional(pool)
        .await)?)
}

/// Record that a planned evaluation was held, with the team's decision.
/// `Conflict` when it was held already (two people recording it at once).
pub async fn hold_evaluation(
    tx: &mut Tx,
    case_id: i64,
    evaluation_id: i64,
    held_on: Date,
    decision: &str,
    reasons: &str,
) -> Result<(), StoreError> {
    let done = on_tx!(tx, conn => sqlx::query(
        "UPDATE evaluations SET held_on = $3, decision = $4, reasons = $5
         WHERE id = $1 AND case_id = $2 AND held_on IS NULL",
    )
    .bind(evaluation_id)
    .bind(case_id)
    .bind(held_on)
    .bind(decision)
    .bind(reasons)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    if done == 0 {
        return Err(StoreError::Conflict);
    }
    Ok(())
}

pub async fn insert_score(
    tx: &mut Tx,
    evaluation_id: i64,
    goal_id: i64,
    score: i64,
    note: &str,
) -> Result<i64, StoreError> {
    let sql = "INSERT INTO evaluation_scores (evaluation_id, goal_id, score, note)
               VALUES ($1, $2, $3, $4) RETURNING id";
    let row: Result<(i64,), _> = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(evaluation_id)
        .bind(goal_id)
        .bind(score)
        .bind(note)
        .fetch_one(conn)
        .await);
    let (id,) = row.map_err(|e| StoreError::on_unique(e, "evaluation score"))?;
    Ok(id)
}

/// A goal's score at an evaluation, with the goal's description.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ScoreRow {
    pub id: i64,
    pub evaluation_id: i64,
    pub goal_id: i64,
    pub goal: String,
    pub score: i64,
    pub note: String,
}

/// The scores given at the case's evaluations, in goal order.
pub async fn scores_of_case(db: &Db, case_id: i64) -> Result<Vec<ScoreRow>, StoreError> {
    let sql = "SELECT s.id, s.evaluation_id, s.goal_id, g.description AS goal, s.score, s.note
               FROM evaluation_scores s
               JOIN evaluations e ON e.id = s.evaluation_id
               JOIN goals g ON g.id = s.goal_id
               WHERE e.case_id = $1
               ORDER BY s.evaluation_id, s.goal_id";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(case_id).fetch_all(pool).await)?)
}

// ---------------------------------------------------------------------------
// Escalations
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EscalationRow {
    pub id: i64,
    pub case_id: i64,
    pub level: String,
    pub question: String,
    pub decider: String,
    pub deadline: Date,
    pub outcome: Option<String>,
    pub decided_on: Option<Date>,
    pub opened_by_user_id: Option<i64>,
    pub opened_by_name: String,
    pub evaluation_id: Option<i64>,
    pub created_at: Ts,
}

const ESCALATION_SELECT: &str =
    "SELECT x.id, x.case_id, x.level, x.question, x.decider, x.deadline,
        x.outcome, x.decided_on, x.opened_by_user_id, coalesce(u.name, '') AS opened_by_name,
        x.evaluation_id, x.created_at
    FROM escalations x LEFT JOIN users u ON u.id = x.opened_by_user_id";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEscalation {
    pub case_id: i64,
    pub level: String,
    pub question: String,
    pub decider: String,
    pub deadline: Date,
    pub opened_by_user_id: Option<i64>,
    /// The evaluation whose decision opened it, if any.
    pub evaluation_id: Option<i64>,
}

pub async fn insert_escalation(tx: &mut Tx, e: &NewEscalation, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO escalations (case_id, level, question, decider, deadline, opened_by_user_id, evaluation_id, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(e.case_id)
        .bind(&e.level)
        .bind(&e.question)
        .bind(&e.decider)
        .bind(e.deadline)
        .bind(e.opened_by_user_id)
        .bind(e.evaluation_id)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

/// The escalations of a case: open ones first (earliest deadline first),
/// then the decided ones (most recent first).
pub async fn escalations(db: &Db, case_id: i64) -> Result<Vec<EscalationRow>, StoreError> {
    let sql = format!(
        "{ESCALATION_SELECT} WHERE x.case_id = $1
         ORDER BY (x.decided_on IS NOT NULL), CASE WHEN x.decided_on IS NULL THEN x.deadline END,
                  x.decided_on DESC, x.id DESC"
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(case_id).fetch_all(pool).await)?,
    )
}

/// One escalation of the case (`None` for an escalation of another case).
pub async fn escalation(
    db: &Db,
    case_id: i64,
    escalation_id: i64,
) -> Result<Option<EscalationRow>, StoreError> {
    let sql = format!("{ESCALATION_SELECT} WHERE x.id = $1 AND x.case_id = $2");
    Ok(on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql))
        .bind(escalation_id)
        .bind(case_id)
        .fetch_optional(pool)
        .await)?)
}

/// Open escalations of the case whose deadline lies before `today`.
pub async fn past_deadline(
    db: &Db,
    case_id: i64,
    today: Date,
) -> Result<Vec<EscalationRow>, StoreError> {
    let sql = format!(
        "{ESCALATION_SELECT} WHERE x.case_id = $1 AND x.decided_on IS NULL AND x.deadline < $2
         ORDER BY x.deadline, x.id"
    );
    Ok(on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql))
        .bind(case_id)
        .bind(today)
        .fetch_all(pool)
        .await)?)
}

/// Record the decision on an open escalation. `Conflict` when it was
/// decided already.
pub async fn decide_escalation(
    tx: &mut Tx,
    case_id: i64,
    escalation_id: i64,
    outcome: &str,
    decided_on: Date,
) -> Result<(), StoreError> {
    let done = on_tx!(tx, conn => sqlx::query(
        "UPDATE escalations SET outcome = $3, decided_on = $4
         WHERE id = $1 AND case_id = $2 AND decided_on IS NULL",
    )
    .bind(escalation_id)
    .bind(case_id)
    .bind(outcome)
    .bind(decided_on)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    if done == 0 {
        return Err(StoreError::Conflict);
    }
    Ok(())
}

/// Open escalations inside a write transaction (the closing rule reads them
/// where it writes).
pub async fn open_escalations_in_tx(tx: &mut Tx, case_id: i64) -> Result<usize, StoreError> {
    let (n,): (i64,) = on_tx!(tx, conn => sqlx::query_as(
        "SELECT count(*) FROM escalations WHERE case_id = $1 AND decided_on IS NULL",
    )
    .bind(case_id)
    .fetch_one(conn)
    .await)?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// The date of the case's latest meeting (as held, not as recorded).
pub async fn last_meeting_on(db: &Db, case_id: i64) -> Result<Option<Date>, StoreError> {
    let row: Option<(Option<Date>,)> = on_read!(db, pool => sqlx::query_as(
        "SELECT max(held_on) FROM meetings WHERE case_id = $1",
    )
    .bind(case_id)
    .fetch_optional(pool)
    .await)?;
    Ok(row.and_then(|(d,)| d))
}
