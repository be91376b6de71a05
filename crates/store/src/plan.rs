//! The plan of a case: versioned sections, shared goals with progress notes,
//! agreements and financing lines.
//!
//! Sections and goals use optimistic concurrency: a save names the version it
//! started from and fails with [`StoreError::Conflict`] when someone else
//! saved first, so nobody overwrites another's work unseen. Every saved
//! section text is kept as a version.

use time::Date;

use crate::{Db, StoreError, Ts, Tx};

// ---------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------

/// The current text of one section, with who saved it last.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SectionRow {
    pub case_id: i64,
    pub section: String,
    pub body: String,
    pub version: i64,
    pub updated_by_user_id: Option<i64>,
    pub updated_by_name: String,
    pub updated_at: Ts,
}

const SECTION_SELECT: &str = "SELECT s.case_id, s.section, s.body, s.version, s.updated_by_user_id,
        coalesce(v.author_name, u.name, '') AS updated_by_name, s.updated_at
    FROM plan_sections s
    LEFT JOIN plan_section_versions v ON v.case_id = s.case_id AND v.section = s.section AND v.version = s.version
    LEFT JOIN users u ON u.id = s.updated_by_user_id";

/// Every section of the case that has been written.
pub async fn sections(db: &Db, case_id: i64) -> Result<Vec<SectionRow>, StoreError> {
    let sql = format!("{SECTION_SELECT} WHERE s.case_id = $1 ORDER BY s.section");
    Ok(
        on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(case_id).fetch_all(pool).await)?,
    )
}

pub async fn section(
    db: &Db,
    case_id: i64,
    section: &str,
) -> Result<Option<SectionRow>, StoreError> {
    let sql = format!("{SECTION_SELECT} WHERE s.case_id = $1 AND s.section = $2");
    Ok(on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql))
        .bind(case_id)
        .bind(section)
        .fetch_optional(pool)
        .await)?)
}

/// What a save writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionSave<'a> {
    pub case_id: i64,
    pub section: &'a str,
    /// The version the writer started from; 0 when the section was empty.
    pub expected_version: i64,
    pub body: &'a str,
    pub author_user_id: Option<i64>,
    pub author_name: &'a str,
}

/// Save a section's text on top of `expected_version` and keep it as the
/// next version; returns that version. `Conflict` when the section is no
/// longer at `expected_version` (someone else saved in between).
pub async fn save_section(tx: &mut Tx, s: &SectionSave<'_>, now: Ts) -> Result<i64, StoreError> {
    let changed = if s.expected_version == 0 {
        on_tx!(tx, conn => sqlx::query(
            "INSERT INTO plan_sections (case_id, section, body, version, updated_by_user_id, updated_at)
             VALUES ($1, $2, $3, 1, $4, $5)
             ON CONFLICT (case_id, section) DO NOTHING",
        )
        .bind(s.case_id)
        .bind(s.section)
        .bind(s.body)
        .bind(s.author_user_id)
        .bind(now)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?
    } else {
        on_tx!(tx, conn => sqlx::query(
            "UPDATE plan_sections SET body = $4, version = version + 1, updated_by_user_id = $5, updated_at = $6
             WHERE case_id = $1 AND section = $2 AND version = $3",
        )
        .bind(s.case_id)
        .bind(s.section)
        .bind(s.expected_version)
        .bind(s.body)
        .bind(s.author_user_id)
        .bind(now)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?
    };
    if changed == 0 {
        return Err(StoreError::Conflict);
    }
    let version = s.expected_version + 1;
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO plan_section_versions (case_id, section, version, body, author_user_id, author_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(s.case_id)
    .bind(s.section)
    .bind(version)
    .bind(s.body)
    .bind(s.author_user_id)
    .bind(s.author_name)
    .bind(now)
    .execute(conn)
    .await
    .map_err(|e| StoreError::on_unique(e, "plan section version"))
    .map(|_| ()))?;
    Ok(version)
}

/// One kept version of a section.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct VersionRow {
    pub id: i64,
    pub case_id: i64,
    pub section: String,
    pub version: i64,
    pub body: String,
    pub author_user_id: Option<i64>,
    pub author_name: String,
    pub created_at: Ts,
}

const VERSION_COLUMNS: &str =
    "id, case_id, section, version, body, author_user_id, author_name, created_at";

/// All versions of a section, newest first.
pub async fn versions(db: &Db, case_id: i64, section: &str) -> Result<Vec<VersionRow>, StoreError> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM plan_section_versions WHERE case_id = $1 AND section = $2 ORDER BY version DESC"
    );
    Ok(on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql))
        .bind(case_id)
        .bind(section)
        .fetch_all(pool)
        .await)?)
}

pub async fn version(
    db: &Db,
    case_id: i64,
    section: &str,
    version: i64,
) -> Result<Option<VersionRow>, StoreError> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM plan_section_versions WHERE case_id = $1 AND section = $2 AND version = $3"
    );
    Ok(on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql))
        .bind(case_id)
        .bind(section)
        .bind(version)
        .fetch_optional(pool)
        .await)?)
}

// ---------------------------------------------------------------------------
// Goals and progress
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct GoalRow {
    pub id: i64,
    pub case_id: i64,
    pub description: String,
    pub contributors: String,
    pub indicator: String,
    pub start_on: Date,
    pub target_on: Option<Date>,
    pub status: String,
    pub version: i64,
    pub created_by_user_id: Option<i64>,
    pub created_at: Ts,
    pub updated_at: Ts,
}

const GOAL_COLUMNS: &str = "id, case_id, description, contributors, indicator, start_on, target_on, status, version, created_by_user_id, created_at, updated_at";

/// The fields of a goal people write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalFields {
    pub description: String,
    pub contributors: String,
    pub indicator: String,
    pub start_on: Date,
    pub target_on: Option<Date>,
    pub status: String,
}

pub async fn insert_goal(
    tx: &mut Tx,
    case_id: i64,
    g: &GoalFields,
    by_user: Option<i64>,
    now: Ts,
) -> Result<i64, StoreError> {
    let sql = "INSERT INTO goals (case_id, description, contributors, indicator, start_on, target_on, status, version, created_by_user_id, created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $9) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(case_id)
        .bind(&g.description)
        .bind(&g.contributors)
        .bind(&g.indicator)
        .bind(g.start_on)
        .bind(g.target_on)
        .bind(&g.status)
        .bind(by_user)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

/// Change a goal if it is still at `expected_version`; returns the new
/// version, or `Conflict`.
pub async fn update_goal(
    tx: &mut Tx,
    case_id: i64,
    goal_id: i64,
    expected_version: i64,
    g: &GoalFields,
    now: Ts,
) -> Result<i64, StoreError> {
    let done = on_tx!(tx, conn => sqlx::query(
        "UPDATE goals SET description = $4, contributors = $5, indicator = $6, start_on = $7, target_on = $8,
                status = $9, version = version + 1, updated_at = $10
         WHERE id = $1 AND case_id = $2 AND version = $3",
    )
    .bind(goal_id)
    .bind(case_id)
    .bind(expected_version)
    .bind(&g.description)
    .bind(&g.contributors)
    .bind(&g.indicator)
    .bind(g.start_on)
    .bind(g.target_on)
    .bind(&g.status)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    if done == 0 {
        return Err(StoreError::Conflict);
    }
    Ok(expected_version + 1)
}

/// The goals of a case, oldest first.
pub async fn goals(db: &Db, case_id: i64) -> Result<Vec<GoalRow>, StoreError> {
    let sql = format!("SELECT {GOAL_COLUMNS} FROM goals WHERE case_id = $1 ORDER BY id");
    Ok(
        on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(case_id).fetch_all(pool).await)?,
    )
}

/// One goal of the case (`None` for a goal of another case).
pub async fn goal(db: &Db, case_id: i64, goal_id: i64) -> Result<Option<GoalRow>, StoreError> {
    let sql = format!("SELECT {GOAL_COLUMNS} FROM goals WHERE id = $1 AND case_id = $2");
    Ok(on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql))
        .bind(goal_id)
        .bind(case_id)
        .fetch_optional(pool)
        .await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProgressRow {
    pub id: i64,
    pub goal_id: i64,
    pub case_id: i64,
    pub note: String,
    pub score: Option<i64>,
    pub author_user_id: Option<i64>,
    pub author_name: String,
    pub created_at: Ts,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProgress {
    pub goal_id: i64,
    pub case_id: i64,
    pub note: String,
    pub score: Option<i64>,
    pub author_user_id: Option<i64>,
    pub author_name: String,
}

pub async fn insert_progress(tx: &mut Tx, p: &NewProgress, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO goal_progress (goal_id, case_id, note, score, author_user_id, author_name, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(p.goal_id)
        .bind(p.case_id)
        .bind(&p.note)
        .bind(p.score)
        .bind(p.author_user_id)
        .bind(&p.author_name)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

/// Progress notes of every goal of the case, newest first.
pub async fn progress_of_case(db: &Db, case_id: i64) -> Result<Vec<ProgressRow>, StoreError> {
    let sql = "SELECT id, goal_id, case_id, note, score, author_user_id, author_name, created_at
               FROM goal_progress WHERE case_id = $1 ORDER BY created_at DESC, id DESC";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(case_id).fetch_all(pool).await)?)
}

// ---------------------------------------------------------------------------
// Agreements
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AgreementRow {
    pub id: i64,
    pub case_id: i64,
    pub action: String,
    pub party: String,
    pub kind: String,
    pub owner_user_id: Option<i64>,
    /// The owner's current name (an account's name, or the name as typed).
    pub owner_name: String,
    pub due_on: Option<Date>,
    pub done_on: Option<Date>,
    pub meeting_id: Option<i64>,
    pub version: i64,
    pub created_by_user_id: Option<i64>,
    pub created_at: Ts,
}

const AGREEMENT_SELECT: &str = "SELECT a.id, a.case_id, a.action, a.party, a.kind, a.owner_user_id,
        coalesce(u.name, a.owner_name) AS owner_name, a.due_on, a.done_on, a.meeting_id, a.version,
        a.created_by_user_id, a.created_at
    FROM agreements a LEFT JOIN users u ON u.id = a.owner_user_id";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAgreement {
    pub case_id: i64,
    pub action: String,
    pub party: String,
    pub kind: String,
    pub owner_user_id: Option<i64>,
    pub owner_name: String,
    pub due_on: Option<Date>,
    /// The meeting whose decision made this agreement, if any.
    pub meeting_id: Option<i64>,
    pub created_by_user_id: Option<i64>,
}

pub async fn insert_agreement(tx: &mut Tx, a: &NewAgreement, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO agreements (case_id, action, party, kind, owner_user_id, owner_name, due_on, meeting_id, version, created_by_user_id, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(a.case_id)
        .bind(&a.action)
        .bind(&a.party)
        .bind(&a.kind)
        .bind(a.owner_user_id)
        .bind(&a.owner_name)
        .bind(a.due_on)
        .bind(a.meeting_id)
        .bind(a.created_by_user_id)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

/// Mark an agreement done on `done_on`, or open again with `None`. Returns
/// whether anything changed (marking a done agreement done changes nothing,
/// so two people ticking it off at once agree); `NotFound` for an agreement
/// that is not of this case.
pub async fn set_agreement_done(
    tx: &mut Tx,
    case_id: i64,
    agreement_id: i64,
    done_on: Option<Date>,
) -> Result<bool, StoreError> {
    let exists: Option<(Option<Date>,)> = on_tx!(tx, conn => sqlx::query_as(
        "SELECT done_on FROM agreements WHERE id = $1 AND case_id = $2",
    )
    .bind(agreement_id)
    .bind(case_id)
    .fetch_optional(conn)
    .await)?;
    let Some((current,)) = exists else {
        return Err(StoreError::NotFound);
    };
    if current.is_some() == done_on.is_some() {
        return Ok(false);
    }
    on_tx!(tx, conn => sqlx::query(
        "UPDATE agreements SET done_on = $3, version = version + 1 WHERE id = $1 AND case_id = $2",
    )
    .bind(agreement_id)
    .bind(case_id)
    .bind(done_on)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(true)
}

/// The agreements of a case: open ones first by due date, then done ones.
pub async fn agreements(db: &Db, case_id: i64) -> Result<Vec<AgreementRow>, StoreError> {
    let sql = format!(
        "{AGREEMENT_SELECT} WHERE a.case_id = $1
         ORDER BY (a.done_on IS NOT NULL), (a.due_on IS NULL), a.due_on, a.id"
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql)).bind(case_id).fetch_all(pool).await)?,
    )
}

pub async fn agreement(
    db: &Db,
    case_id: i64,
    agreement_id: i64,
) -> Result<Option<AgreementRow>, StoreError> {
    let sql = format!("{AGREEMENT_SELECT} WHERE a.id = $1 AND a.case_id = $2");
    Ok(on_read!(db, pool => sqlx::query_as(crate::dynamic(&sql))
        .bind(agreement_id)
        .bind(case_id)
        .fetch_optional(pool)
        .await)?)
}

// ---------------------------------------------------------------------------
// Financing lines (who pays what)
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FinancingRow {
    pub id: i64,
    pub case_id: i64,
    pub stream: String,
    pub purpose: String,
    pub hours: Option<i64>,
    pub amount_cents: Option<i64>,
    pub period_from: Date,
    pub period_until: Option<Date>,
    pub created_by_user_id: Option<i64>,
    pub created_at: Ts,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFinancing {
    pub case_id: i64,
    pub stream: String,
    pub purpose: String,
    pub hours: Option<i64>,
    pub amount_cents: Option<i64>,
    pub period_from: Date,
    pub period_until: Option<Date>,
    pub created_by_user_id: Option<i64>,
}

pub async fn insert_financing(tx: &mut Tx, f: &NewFinancing, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO financing_lines (case_id, stream, purpose, hours, amount_cents, period_from, period_until, created_by_user_id, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(f.case_id)
        .bind(&f.stream)
        .bind(&f.purpose)
        .bind(f.hours)
        .bind(f.amount_cents)
        .bind(f.period_from)
        .bind(f.period_until)
        .bind(f.created_by_user_id)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

/// The financing lines of a case, by start of the period.
pub async fn financing_lines(db: &Db, case_id: i64) -> Result<Vec<FinancingRow>, StoreError> {
    let sql = "SELECT id, case_id, stream, purpose, hours, amount_cents, period_from, period_until, created_by_user_id, created_at
               FROM financing_lines WHERE case_id = $1 ORDER BY period_from, id";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(case_id).fetch_all(pool).await)?)
}
