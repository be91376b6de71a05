//! Retention: the records the retention job looks at, anonymising a case or
//! a pupil (names, texts, contact details and the BSN go; dates, statuses and
//! codes stay for the monitor), deleting anonymised records the monitor no
//! longer computes, and the job's reports.

use time::Date;

use crate::{Db, StoreError, Ts, Tx};

/// The organisation kinds that make a case part of the youth care file.
const CARE_KINDS: &str = "('care_provider', 'wijkteam', 'jgz')";

/// The last day of the pupil's last enrolment, or NULL while enrolled
/// (an enrolment without end, or ending on/after `$1`) or never enrolled.
fn left_on(pupil: &str) -> String {
    format!(
        "CASE WHEN EXISTS (SELECT 1 FROM enrolments e WHERE e.pupil_id = {pupil}
                             AND (e.end_date IS NULL OR e.end_date >= $1))
              THEN NULL
              ELSE (SELECT MAX(e.end_date) FROM enrolments e WHERE e.pupil_id = {pupil}) END"
    )
}

/// A closed case that is not anonymised, with the facts the rules need.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CaseCandidate {
    pub id: i64,
    pub pupil_id: i64,
    pub closed_on: Option<Date>,
    pub youth_care_involved: bool,
    pub pupil_left_on: Option<Date>,
}

/// Closed, not anonymised cases closed before `closed_before` (no case
/// closed later can have expired), with what the retention rules need.
pub async fn case_candidates(
    db: &Db,
    today: Date,
    closed_before: Date,
) -> Result<Vec<CaseCandidate>, StoreError> {
    let sql = format!(
        "SELECT c.id, c.pupil_id, c.closed_on,
            COALESCE(c.lead_domain IN ('zorg', 'gezamenlijk'), FALSE) OR EXISTS (
                SELECT 1 FROM case_members m JOIN organisations o ON o.id = m.org_id
                WHERE m.case_id = c.id AND o.kind IN {CARE_KINDS}) AS youth_care_involved,
            {left} AS pupil_left_on
         FROM cases c
         WHERE c.anonymised_at IS NULL AND c.closed_on IS NOT NULL AND c.closed_on < $2
         ORDER BY c.id",
        left = left_on("c.pupil_id"),
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(today).bind(closed_before).fetch_all(pool).await)?,
    )
}

/// A pupil who left school before `left_before` and is not anonymised, with
/// the number of their cases that are not anonymised.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PupilCandidate {
    pub id: i64,
    pub left_on: Option<Date>,
    pub cases_kept: i64,
}

pub async fn pupil_candidates(
    db: &Db,
    today: Date,
    left_before: Date,
) -> Result<Vec<PupilCandidate>, StoreError> {
    let sql = format!(
        "SELECT id, left_on, cases_kept FROM (
            SELECT p.id, {left} AS left_on,
                (SELECT count(*) FROM cases c WHERE c.pupil_id = p.id AND c.anonymised_at IS NULL) AS cases_kept
            FROM pupils p
            WHERE p.anonymised_at IS NULL
         ) x WHERE left_on IS NOT NULL AND left_on < $2 ORDER BY id",
        left = left_on("p.id"),
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(today).bind(left_before).fetch_all(pool).await)?,
    )
}

/// Is the pupil enrolled on `today` (an enrolment without end or ending
/// on/after today)?
pub async fn is_enrolled(db: &Db, pupil_id: i64, today: Date) -> Result<bool, StoreError> {
    let (n,): (i64,) = on_read!(db, pool => sqlx::query_as(
        "SELECT count(*) FROM enrolments WHERE pupil_id = $1 AND (end_date IS NULL OR end_date >= $2)",
    )
    .bind(pupil_id)
    .bind(today)
    .fetch_one(pool)
    .await)?;
    Ok(n > 0)
}

/// The cases of a pupil that are not anonymised (for a whole-file erasure).
pub async fn cases_of_pupil(db: &Db, pupil_id: i64) -> Result<Vec<i64>, StoreError> {
    let rows: Vec<(i64,)> = on_read!(db, pool => sqlx::query_as(
        "SELECT id FROM cases WHERE pupil_id = $1 AND anonymised_at IS NULL ORDER BY id",
    )
    .bind(pupil_id)
    .fetch_all(pool)
    .await)?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Run each statement with `$1` bound to `id`, in order.
async fn run_all(tx: &mut Tx, statements: &[&'static str], id: i64) -> Result<(), StoreError> {
    for sql in statements {
        on_tx!(tx, conn => sqlx::query(*sql).bind(id).execute(conn).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Close a case that is still open because its erasure was approved (the
/// right to erasure does not wait for the team): outcome `other`.
pub async fn close_for_erasure(
    tx: &mut Tx,
    case_id: i64,
    today: Date,
    now: Ts,
) -> Result<bool, StoreError> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO case_phase_changes (case_id, from_status, to_status, changed_on, outcome, changed_at)
         SELECT id, status, 'closed', $2, 'other', $3 FROM cases WHERE id = $1 AND status <> 'closed'",
    )
    .bind(case_id)
    .bind(today)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    let done = on_tx!(tx, conn => sqlx::query(
        "UPDATE cases SET status = 'closed', closed_on = $2, outcome = 'other', updated_at = $3,
                version = version + 1
         WHERE id = $1 AND status <> 'closed'",
    )
    .bind(case_id)
    .bind(today)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done > 0)
}

/// Anonymise one case: every free text and every name in it goes (plan,
/// goals, progress, meetings, agreements, financing, evaluations,
/// escalations, timeline, consent requests and answers, corrections,
/// handovers); comments and notifications about it are deleted. What stays
/// is the structure the monitor counts: dates, statuses, codes, seats.
/// Returns false when the case was already anonymised (or does not exist).
pub async fn anonymise_case(tx: &mut Tx, case_id: i64, now: Ts) -> Result<bool, StoreError> {
    let marked = on_tx!(tx, conn => sqlx::query(
        "UPDATE cases SET anonymised_at = $2, title = '', close_reason = NULL WHERE id = $1 AND anonymised_at IS NULL",
    )
    .bind(case_id)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    if marked == 0 {
        return Ok(false);
    }
    run_all(
        tx,
        &[
            "UPDATE plan_sections SET body = '' WHERE case_id = $1",
            "UPDATE plan_section_versions SET body = '', author_name = '' WHERE case_id = $1",
            "UPDATE goals SET description = '', contributors = '', indicator = '' WHERE case_id = $1",
            "UPDATE goal_progress SET note = '', author_name = '' WHERE case_id = $1",
            "UPDATE meetings SET participants = '', agenda = '', notes = '', decisions = '' WHERE case_id = $1",
            "UPDATE agreements SET action = '', owner_name = '' WHERE case_id = $1",
            "UPDATE financing_lines SET purpose = '' WHERE case_id = $1",
            "UPDATE evaluations SET reasons = NULL WHERE case_id = $1",
            "UPDATE evaluation_scores SET note = ''
             WHERE evaluation_id IN (SELECT id FROM evaluations WHERE case_id = $1)",
            "UPDATE escalations SET question = '', decider = '',
                    outcome = CASE WHEN outcome IS NULL THEN NULL ELSE '' END
             WHERE case_id = $1",
            "UPDATE case_events SET summary = '', actor_name = '' WHERE case_id = $1",
            "DELETE FROM comments WHERE case_id = $1",
            "DELETE FROM notifications WHERE case_id = $1",
            "UPDATE consent_answers SET name = ''
             WHERE request_id IN (SELECT id FROM consent_requests WHERE case_id = $1)",
            "UPDATE consent_requests SET purpose = '', requested_by_name = '' WHERE case_id = $1",
            "UPDATE consents SET given_by_name = '', purpose = '' WHERE case_id = $1",
            "UPDATE correction_requests SET what_is_wrong = '', should_be = '', answer = NULL,
                    requested_by_name = '', answered_by_name = NULL
             WHERE case_id = $1",
            "UPDATE erasure_requests SET explanation = '' WHERE case_id = $1",
            "DELETE FROM handover_items WHERE handover_id IN (SELECT id FROM handovers WHERE case_id = $1)",
            "UPDATE handovers SET what_worked = '', what_did_not = '', prepared_by_name = '',
                    accepted_by_name = CASE WHEN accepted_by_name IS NULL THEN NULL ELSE '' END,
                    meeting_participants = NULL
             WHERE case_id = $1",
        ],
        case_id,
    )
    .await?;
    Ok(true)
}

/// Anonymise a pupil's own record: name, BSN and day of birth (the year
/// stays), guardians' names and contact details, attendance notes, the
/// pupil's own account (deactivated, signed out, name and address gone),
/// consents and requests about them. Enrolments keep school, sector, grade,
/// municipality and dates (the monitor's denominators) but lose the school's
/// pupil number. Their cases must be anonymised first.
pub async fn anonymise_pupil(tx: &mut Tx, pupil_id: i64, now: Ts) -> Result<bool, StoreError> {
    let sql = if tx.engine() == crate::Engine::Sqlite {
        "UPDATE pupils SET given_name = '', name_prefix = NULL, family_name = '', sort_name = '',
                birth_date = date(birth_date, 'start of year'), bsn_cipher = NULL, bsn_lookup = NULL,
                anonymised_at = $2, updated_at = $2
         WHERE id = $1 AND anonymised_at IS NULL"
    } else {
        "UPDATE pupils SET given_name = '', name_prefix = NULL, family_name = '', sort_name = '',
                birth_date = CAST(date_trunc('year', birth_date) AS DATE), bsn_cipher = NULL, bsn_lookup = NULL,
                anonymised_at = $2, updated_at = $2
         WHERE id = $1 AND anonymised_at IS NULL"
    };
    let marked = on_tx!(tx, conn => sqlx::query(sql).bind(pupil_id).bind(now).execute(conn).await.map(|r| r.rows_affected()))?;
    if marked == 0 {
        return Ok(false);
    }
    run_all(
        tx,
        &[
            "UPDATE guardians SET name = '', email = NULL, phone = NULL, user_id = NULL WHERE pupil_id = $1",
            "UPDATE enrolments SET pupil_number = NULL WHERE pupil_id = $1",
            "UPDATE attendance SET note = '' WHERE pupil_id = $1",
            "UPDATE consents SET given_by_name = '', purpose = '' WHERE pupil_id = $1",
            "UPDATE correction_requests SET what_is_wrong = '', should_be = '', answer = NULL,
                    requested_by_name = '', answered_by_name = NULL
             WHERE pupil_id = $1",
            "UPDATE erasure_requests SET explanation = '' WHERE pupil_id = $1",
            "DELETE FROM notifications WHERE pupil_id = $1",
            "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE pupil_id = $1)",
            "DELETE FROM account_tokens WHERE user_id IN (SELECT id FROM users WHERE pupil_id = $1)",
        ],
        pupil_id,
    )
    .await?;
    let sql = "UPDATE users SET name = '', email = 'erased-' || CAST(id AS TEXT) || '@invalid',
                      password_hash = NULL, active = FALSE, totp_secret_cipher = NULL,
                      totp_enabled = FALSE, deactivated_at = COALESCE(deactivated_at, $2)
               WHERE pupil_id = $1";
    on_tx!(tx, conn => sqlx::query(sql).bind(pupil_id).bind(now).execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(true)
}

/// Delete anonymised cases closed before `before` (the first day the
/// monitor still computes); everything in them goes with them.
pub async fn delete_anonymised_cases(tx: &mut Tx, before: Date) -> Result<u64, StoreError> {
    let done = on_tx!(tx, conn => sqlx::query(
        "DELETE FROM cases WHERE anonymised_at IS NOT NULL AND closed_on IS NOT NULL AND closed_on < $1",
    )
    .bind(before)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done)
}

/// Delete anonymised pupils who left school before `before` and have no
/// case left; their enrolments, guardians and attendance go with them, and
/// their (anonymised) account loses its link.
pub async fn delete_anonymised_pupils(
    tx: &mut Tx,
    today: Date,
    before: Date,
) -> Result<u64, StoreError> {
    let gone = format!(
        "SELECT p.id FROM pupils p
         WHERE p.anonymised_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.pupil_id = p.id)
           AND ({left}) < $2",
        left = left_on("p.id"),
    );
    let unlink = format!("UPDATE users SET pupil_id = NULL WHERE pupil_id IN ({gone})");
    on_tx!(tx, conn => sqlx::query(crate::dynamic(&unlink)).bind(today).bind(before).execute(conn).await.map(|r| r.rows_affected()))?;
    let delete = format!("DELETE FROM pupils WHERE id IN ({gone})");
    let done = on_tx!(tx, conn => sqlx::query(crate::dynamic(&delete)).bind(today).bind(before).execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(done)
}

/// Mark an approved erasure request as carried out.
pub async fn mark_executed(tx: &mut Tx, request_id: i64, now: Ts) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE erasure_requests SET status = 'executed', executed_at = $2 WHERE id = $1 AND status = 'approved'",
    )
    .bind(request_id)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// What one run of the retention job did (or would do, in a dry run).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RunRow {
    pub id: i64,
    pub started_at: Ts,
    pub finished_at: Ts,
    pub dry_run: bool,
    pub cases_anonymised: i64,
    pub pupils_anonymised: i64,
    pub cases_deleted: i64,
    pub pupils_deleted: i64,
    pub requests_executed: i64,
    pub report: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRun {
    pub started_at: Ts,
    pub finished_at: Ts,
    pub dry_run: bool,
    pub cases_anonymised: i64,
    pub pupils_anonymised: i64,
    pub cases_deleted: i64,
    pub pupils_deleted: i64,
    pub requests_executed: i64,
    pub report: String,
}

pub async fn insert_run(db: &Db, run: &NewRun) -> Result<i64, StoreError> {
    let sql = "INSERT INTO retention_runs (started_at, finished_at, dry_run, cases_anonymised, pupils_anonymised,
                   cases_deleted, pupils_deleted, requests_executed, report)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
    let (id,): (i64,) = on_write!(db, pool => sqlx::query_as(sql)
        .bind(run.started_at)
        .bind(run.finished_at)
        .bind(run.dry_run)
        .bind(run.cases_anonymised)
        .bind(run.pupils_anonymised)
        .bind(run.cases_deleted)
        .bind(run.pupils_deleted)
        .bind(run.requests_executed)
        .bind(&run.report)
        .fetch_one(pool)
        .await)?;
    Ok(id)
}

/// The latest runs, newest first.
pub async fn recent_runs(db: &Db, limit: i64) -> Result<Vec<RunRow>, StoreError> {
    let sql = format!(
        "SELECT id, started_at, finished_at, dry_run, cases_anonymised, pupils_anonymised, cases_deleted,
                pupils_deleted, requests_executed, report
         FROM retention_runs ORDER BY started_at DESC, id DESC LIMIT {}",
        limit.clamp(1, 500)
    );
    Ok(on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).fetch_all(pool).await)?)
}

/// When the last run that was not a dry run started.
pub async fn last_real_run(db: &Db) -> Result<Option<Ts>, StoreError> {
    let row: Option<(Ts,)> = on_read!(db, pool => sqlx::query_as(
        "SELECT started_at FROM retention_runs WHERE dry_run = FALSE ORDER BY started_at DESC LIMIT 1",
    )
    .fetch_optional(pool)
    .await)?;
    Ok(row.map(|(t,)| t))
}
