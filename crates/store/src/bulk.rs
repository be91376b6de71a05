//! Bulk loading: many registry rows per statement, with ids chosen by the caller.
//!
//! Made for the demo generator (millions of rows), usable by importers too.
//! Each `insert_*` function writes its rows as multi-row
//! `INSERT ... VALUES (...), (...)` statements inside the caller's [`Tx`],
//! each statement as large as the engine's bound-parameter limit allows
//! (SQLite 32,766, PostgreSQL 65,535). Ids are explicit, so the caller knows
//! every foreign key without `RETURNING`; on PostgreSQL call
//! [`reset_id_sequences`] afterwards so later inserts do not collide.
//! [`Loader`] commits every ~100,000 rows, so no single transaction grows
//! without bound.
//!
//! Statements for a full chunk are identical from chunk to chunk, so the
//! driver's prepared-statement cache parses each only once. Placeholders are
//! the one engine difference: SQLite gets anonymous `?`, because it looks up
//! every numbered `$N` (or `?N`) in a linear list, when parsing and again when
//! sqlx binds each value, which makes a 30,000-parameter statement cost
//! seconds instead of milliseconds; PostgreSQL gets `$1, $2, ...`.

use brug_domain::access::LegalTask;
use brug_domain::cases::{
    AttendanceStatus, CaseOutcome, CaseStatus, EscalationLevel, EvaluationDecision,
    FinancingStream, GoalStatus, LeadDomain, Party,
};
use brug_domain::meetings::MeetingKind;
use brug_domain::plan::{AgreementKind, PlanSection};
use brug_domain::registry::{OrgKind, Sector, search_key};
use brug_domain::roles::Role;
use time::Date;

use crate::{Db, Engine, StoreError, Ts, Tx, dynamic};

/// Bound parameters per statement: under SQLite's 32,766 (and PostgreSQL's 65,535).
const SQLITE_MAX_PARAMS: usize = 32_000;
const POSTGRES_MAX_PARAMS: usize = 60_000;

/// Commit after this many rows (see [`Loader`]).
pub const COMMIT_EVERY: usize = 100_000;

/// An organisation with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgRow {
    pub id: i64,
    pub kind: OrgKind,
    pub name: String,
    pub brin: Option<String>,
    pub agb: Option<String>,
    pub cbs_code: Option<String>,
    pub municipality_id: Option<i64>,
    pub parent_id: Option<i64>,
    pub valid_from: Option<Date>,
    pub valid_until: Option<Date>,
    pub created_at: Ts,
}

/// A school location with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocationRow {
    pub id: i64,
    pub school_id: i64,
    pub brin: String,
    pub name: String,
    pub city: String,
    pub sector: Sector,
    pub municipality_id: i64,
    pub swv_id: Option<i64>,
    pub created_at: Ts,
}

/// A pupil with its id. `sort_name` is derived on insert, as in
/// [`crate::registry::insert_pupil`]; `updated_at` is `created_at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PupilRow {
    pub id: i64,
    pub given_name: String,
    pub name_prefix: Option<String>,
    pub family_name: String,
    pub birth_date: Date,
    pub bsn_cipher: Option<Vec<u8>>,
    pub bsn_lookup: Option<String>,
    pub shares_with_guardians: bool,
    pub created_at: Ts,
}

/// An enrolment with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolmentRow {
    pub id: i64,
    pub pupil_id: i64,
    pub location_id: i64,
    pub school_id: i64,
    pub pupil_number: Option<String>,
    pub sector: Sector,
    pub grade: String,
    pub residence_municipality_id: i64,
    pub start_date: Date,
    pub end_date: Option<Date>,
    pub created_at: Ts,
}

/// A guardian with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardianRow {
    pub id: i64,
    pub pupil_id: i64,
    pub name: String,
    pub relation: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub user_id: Option<i64>,
    pub created_at: Ts,
}

/// A user account with its id (always active).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: Option<String>,
    pub platform_admin: bool,
    pub pupil_id: Option<i64>,
    pub totp_secret_cipher: Option<Vec<u8>>,
    pub totp_enabled: bool,
    pub created_at: Ts,
}

/// A role of a user at an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipRow {
    pub user_id: i64,
    pub org_id: i64,
    pub role: Role,
    pub created_at: Ts,
}

/// Rows per statement for a table with `columns` columns on this engine.
fn rows_per_statement(engine: Engine, columns: usize) -> usize {
    let max = match engine {
        Engine::Sqlite => SQLITE_MAX_PARAMS,
        Engine::Postgres => POSTGRES_MAX_PARAMS,
    };
    (max / columns).max(1)
}

/// `INSERT INTO table (columns) VALUES ($1, ..), ($n+1, ..), ...` for `rows`
/// rows (with `?` for each placeholder on SQLite).
fn multi_row_insert(engine: Engine, table: &str, columns: &[&str], rows: usize) -> String {
    let width = columns.len();
    let mut sql = String::with_capacity(40 + rows * width * 7);
    sql.push_str("INSERT INTO ");
    sql.push_str(table);
    sql.push_str(" (");
    sql.push_str(&columns.join(", "));
    sql.push_str(") VALUES ");
    let mut n = 1;
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for col in 0..width {
            if col > 0 {
                sql.push_str(", ");
            }
            match engine {
                Engine::Sqlite => sql.push('?'),
                Engine::Postgres => {
                    sql.push('$');
                    sql.push_str(&n.to_string());
                    n += 1;
                }
            }
        }
        sql.push(')');
    }
    sql
}

/// Insert `rows` in chunks: `$bind` adds one row's values to the query `q`.
/// The body is compiled once per engine (see `on_tx!`).
macro_rules! bulk_insert {
    ($tx:expr, $rows:expr, $table:expr, $columns:expr, $what:expr, |$q:ident, $r:ident| $bind:expr) => {{
        let rows = $rows;
        let columns: &[&str] = $columns;
        let engine = $tx.engine();
        let per = rows_per_statement(engine, columns.len());
        let mut full_sql: Option<String> = None;
        for chunk in rows.chunks(per) {
            let partial;
            let sql: &str = if chunk.len() == per {
                full_sql.get_or_insert_with(|| multi_row_insert(engine, $table, columns, per))
            } else {
                partial = multi_row_insert(engine, $table, columns, chunk.len());
                &partial
            };
            on_tx!($tx, conn => {
                let mut $q = sqlx::query(dynamic(sql));
                for $r in chunk {
                    $q = $bind;
                }
                $q.execute(conn).await.map(|r| r.rows_affected())
            })
            .map_err(|e| StoreError::on_unique(e, $what))?;
        }
        Ok(())
    }};
}

/// Puts municipalities in regions: `(municipality, region)` ids.
pub async fn insert_region_members(tx: &mut Tx, rows: &[(i64, i64)]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "region_municipalities",
        &["municipality_id", "region_id"],
        "region member",
        |q, r| q.bind(r.0).bind(r.1)
    )
}

pub async fn insert_organisations(tx: &mut Tx, rows: &[OrgRow]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "organisations",
        &[
            "id",
            "kind",
            "name",
            "brin",
            "agb",
            "cbs_code",
            "municipality_id",
            "parent_id",
            "valid_from",
            "valid_until",
            "created_at",
            "search_name",
        ],
        "organisation code",
        |q, r| q
            .bind(r.id)
            .bind(r.kind.code())
            .bind(&r.name)
            .bind(&r.brin)
            .bind(&r.agb)
            .bind(&r.cbs_code)
            .bind(r.municipality_id)
            .bind(r.parent_id)
            .bind(r.valid_from)
            .bind(r.valid_until)
            .bind(r.created_at)
            .bind(brug_domain::registry::fold(&r.name))
    )
}

pub async fn insert_locations(tx: &mut Tx, rows: &[LocationRow]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "school_locations",
        &[
            "id",
            "school_id",
            "brin",
            "name",
            "city",
            "sector",
            "municipality_id",
            "swv_id",
            "created_at",
        ],
        "BRIN",
        |q, r| q
            .bind(r.id)
            .bind(r.school_id)
            .bind(&r.brin)
            .bind(&r.name)
            .bind(&r.city)
            .bind(r.sector.code())
            .bind(r.municipality_id)
            .bind(r.swv_id)
            .bind(r.created_at)
    )
}

pub async fn insert_pupils(tx: &mut Tx, rows: &[PupilRow]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "pupils",
        &[
            "id",
            "given_name",
            "name_prefix",
            "family_name",
            "sort_name",
            "birth_date",
            "bsn_cipher",
            "bsn_lookup",
            "shares_with_guardians",
            "created_at",
            "updated_at",
        ],
        "BSN",
        |q, r| q
            .bind(r.id)
            .bind(&r.given_name)
            .bind(&r.name_prefix)
            .bind(&r.family_name)
            .bind(search_key(
                &r.given_name,
                r.name_prefix.as_deref(),
                &r.family_name
            ))
            .bind(r.birth_date)
            .bind(&r.bsn_cipher)
            .bind(&r.bsn_lookup)
            .bind(r.shares_with_guardians)
            .bind(r.created_at)
            .bind(r.created_at)
    )
}

pub async fn insert_enrolments(tx: &mut Tx, rows: &[EnrolmentRow]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "enrolments",
        &[
            "id",
            "pupil_id",
            "location_id",
            "school_id",
            "pupil_number",
            "sector",
            "grade",
            "residence_municipality_id",
            "start_date",
            "end_date",
            "created_at",
        ],
        "pupil number",
        |q, r| q
            .bind(r.id)
            .bind(r.pupil_id)
            .bind(r.location_id)
            .bind(r.school_id)
            .bind(&r.pupil_number)
            .bind(r.sector.code())
            .bind(&r.grade)
            .bind(r.residence_municipality_id)
            .bind(r.start_date)
            .bind(r.end_date)
            .bind(r.created_at)
    )
}

pub async fn insert_guardians(tx: &mut Tx, rows: &[GuardianRow]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "guardians",
        &[
            "id",
            "pupil_id",
            "name",
            "relation",
            "email",
            "phone",
            "user_id",
            "created_at",
        ],
        "guardian",
        |q, r| q
            .bind(r.id)
            .bind(r.pupil_id)
            .bind(&r.name)
            .bind(&r.relation)
            .bind(&r.email)
            .bind(&r.phone)
            .bind(r.user_id)
            .bind(r.created_at)
    )
}

pub async fn insert_users(tx: &mut Tx, rows: &[UserRow]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "users",
        &[
            "id",
            "email",
            "name",
            "password_hash",
            "active",
            "platform_admin",
            "pupil_id",
            "totp_secret_cipher",
            "totp_enabled",
            "created_at",
        ],
        "email",
        |q, r| q
            .bind(r.id)
            .bind(&r.email)
            .bind(&r.name)
            .bind(&r.password_hash)
            .bind(true)
            .bind(r.platform_admin)
            .bind(r.pupil_id)
            .bind(&r.totp_secret_cipher)
            .bind(r.totp_enabled)
            .bind(r.created_at)
    )
}

pub async fn insert_memberships(tx: &mut Tx, rows: &[MembershipRow]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "memberships",
        &["user_id", "org_id", "role", "created_at"],
        "membership",
        |q, r| q
            .bind(r.user_id)
            .bind(r.org_id)
            .bind(r.role.code())
            .bind(r.created_at)
    )
}

/// Add `meta` keys inside a transaction; fails with [`StoreError::Duplicate`]
/// when a key exists (so two loaders racing for one database cannot both win).
pub async fn insert_meta(tx: &mut Tx, entries: &[(&str, &str)]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        entries,
        "meta",
        &["key", "value"],
        "meta key",
        |q, r| q.bind(r.0).bind(r.1)
    )
}

/// Tables whose ids the loader assigns, in dependency order.
pub const ID_TABLES: [&str; 6] = [
    "organisations",
    "school_locations",
    "pupils",
    "enrolments",
    "guardians",
    "users",
];

/// PostgreSQL: move each identity sequence past the largest id, so inserts
/// without an explicit id continue after the loaded rows (the registry's
/// [`ID_TABLES`] and the case tables, [`CASE_ID_TABLES`]). No-op on SQLite,
/// where `INTEGER PRIMARY KEY` always continues after the largest id.
pub async fn reset_id_sequences(db: &Db) -> Result<(), StoreError> {
    if db.engine() != Engine::Postgres {
        return Ok(());
    }
    for table in ID_TABLES.iter().chain(CASE_ID_TABLES.iter()) {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table} HAVING count(*) > 0"
        );
        db.execute_raw(&sql).await?;
    }
    Ok(())
}

/// Writes in transactions of about [`COMMIT_EVERY`] rows.
pub struct Loader {
    db: Db,
    tx: Option<Tx>,
    since_commit: usize,
    total: u64,
}

impl Loader {
    pub fn new(db: &Db) -> Loader {
        Loader {
            db: db.clone(),
            tx: None,
            since_commit: 0,
            total: 0,
        }
    }

    /// The open transaction (begun on first use).
    pub async fn tx(&mut self) -> Result<&mut Tx, StoreError> {
        if self.tx.is_none() {
            self.tx = Some(self.db.begin().await?);
        }
        self.tx.as_mut().ok_or(StoreError::NotFound)
    }

    /// Count rows just written; commits once [`COMMIT_EVERY`] have gathered.
    pub async fn wrote(&mut self, rows: usize) -> Result<(), StoreError> {
        self.since_commit += rows;
        self.total += rows as u64;
        if self.since_commit >= COMMIT_EVERY {
            self.commit().await?;
        }
        Ok(())
    }

    /// Commit what is open now.
    pub async fn commit(&mut self) -> Result<(), StoreError> {
        if let Some(tx) = self.tx.take() {
            tx.commit().await?;
        }
        self.since_commit = 0;
        Ok(())
    }

    /// Rows written through this loader so far.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Commit the rest.
    pub async fn finish(mut self) -> Result<(), StoreError> {
        self.commit().await
    }
}

/// Size of the database on disk in bytes: the SQLite file plus its `-wal`
/// file, or `pg_database_size` of the current PostgreSQL database.
pub async fn database_size(db: &Db) -> Result<u64, StoreError> {
    match db.engine() {
        Engine::Sqlite => {
            let path = db.description();
            let size = |p: &str| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
            Ok(size(path) + size(&format!("{path}-wal")))
        }
        Engine::Postgres => {
            let (bytes,): (i64,) = on_read!(db, pool => sqlx::query_as("SELECT pg_database_size(current_database())::BIGINT").fetch_one(pool).await)?;
            Ok(u64::try_from(bytes).unwrap_or(0))
        }
    }
}

/// Rows in a table (an identifier of lower-case letters and `_`).
pub async fn count_rows(db: &Db, table: &str) -> Result<i64, StoreError> {
    check_identifier(table)?;
    let sql = format!("SELECT count(*) FROM {table}");
    let (n,): (i64,) = on_read!(db, pool => sqlx::query_as(dynamic(&sql)).fetch_one(pool).await)?;
    Ok(n)
}

/// Every row of a table as one line of text (the columns cast to text,
/// `|`-separated, NULL as `∅`), ordered by the columns given. For tests and
/// checks that compare whole tables, e.g. two generations of the demo data.
pub async fn rows_as_text(
    db: &Db,
    table: &str,
    columns: &[&str],
) -> Result<Vec<String>, StoreError> {
    check_identifier(table)?;
    for c in columns {
        check_identifier(c)?;
    }
    let select = columns
        .iter()
        .map(|c| format!("CAST({c} AS TEXT)"))
        .collect::<Vec<_>>()
        .join(", ");
    let order = (1..=columns.len())
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("SELECT {select} FROM {table} ORDER BY {order}");
    let rows: Vec<Vec<Option<String>>> = on_read!(db, pool => {
        use sqlx::Row as _;
        sqlx::query(dynamic(&sql))
            .fetch_all(pool)
            .await
            .and_then(|rows| {
                rows.iter()
                    .map(|row| (0..columns.len()).map(|i| row.try_get::<Option<String>, _>(i)).collect())
                    .collect()
            })
    })?;
    Ok(rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|v| v.unwrap_or_else(|| "∅".to_owned()))
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect())
}

fn check_identifier(name: &str) -> Result<(), StoreError> {
    if !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        Ok(())
    } else {
        Err(StoreError::Database(sqlx::Error::InvalidArgument(format!(
            "'{name}' is not a table or column name"
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_stay_under_both_parameter_limits() {
        for columns in 1..=20 {
            for engine in [Engine::Sqlite, Engine::Postgres] {
                let per = rows_per_statement(engine, columns);
                assert!(per * columns <= 32_766 || engine == Engine::Postgres);
                assert!(per * columns <= 65_535);
            }
        }
    }

    #[test]
    fn multi_row_sql_numbers_placeholders_in_order() {
        assert_eq!(
            multi_row_insert(Engine::Postgres, "t", &["a", "b"], 2),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
        assert_eq!(
            multi_row_insert(Engine::Sqlite, "t", &["a", "b"], 2),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"
        );
    }

    #[test]
    fn identifiers_are_checked() {
        assert!(check_identifier("school_locations").is_ok());
        assert!(check_identifier("pupils; DROP TABLE x").is_err());
        assert!(check_identifier("").is_err());
    }
}

// ---------------------------------------------------------------------------
// Cases and the work inside them (demo generator, importers)
// ---------------------------------------------------------------------------

/// A recorded consent with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRow {
    pub id: i64,
    pub pupil_id: i64,
    /// The case it was given in (insert the case first).
    pub case_id: Option<i64>,
    pub given_by_user_id: Option<i64>,
    pub given_by_name: String,
    /// Who gave it, as [`brug_domain::consent::ConsentGiver`] codes:
    /// `guardian`, `young_person` or `guardian+young_person`.
    pub given_by_relation: String,
    /// The child (12-15 together with a guardian) or young person (16+) gave it.
    pub given_by_young_person: bool,
    pub recipient_org_id: Option<i64>,
    pub recipient_user_id: Option<i64>,
    pub purpose: String,
    pub scope: String,
    pub valid_from: Date,
    pub valid_until: Option<Date>,
    pub withdrawn_at: Option<Ts>,
    pub withdrawn_by_user_id: Option<i64>,
    pub recorded_by_user_id: Option<i64>,
    pub created_at: Ts,
}

/// A case with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub id: i64,
    pub pupil_id: i64,
    pub school_id: i64,
    pub title: String,
    pub status: CaseStatus,
    pub lead_domain: Option<LeadDomain>,
    pub first_signal_on: Date,
    pub help_started_on: Option<Date>,
    pub closed_on: Option<Date>,
    pub close_reason: Option<String>,
    pub outcome: Option<CaseOutcome>,
    pub version: i64,
    pub last_activity_on: Option<Date>,
    pub created_by_user_id: Option<i64>,
    pub created_at: Ts,
    pub updated_at: Ts,
}

/// A seat in a case team with its id: a professional (`user_id`, basis
/// `consent` or `legal_task`) or a guardian (`guardian_id`, basis `family`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseMemberRow {
    pub id: i64,
    pub case_id: i64,
    pub user_id: Option<i64>,
    pub guardian_id: Option<i64>,
    pub org_id: Option<i64>,
    pub role_in_case: String,
    pub basis: String,
    pub consent_id: Option<i64>,
    pub legal_task: Option<LegalTask>,
    pub is_lead: bool,
    pub added_by_user_id: Option<i64>,
    pub added_at: Ts,
    pub removed_at: Option<Ts>,
}

/// The current text of a plan section (no id: keyed by case and section).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSectionRow {
    pub case_id: i64,
    pub section: PlanSection,
    pub body: String,
    pub version: i64,
    pub updated_by_user_id: Option<i64>,
    pub updated_at: Ts,
}

/// A kept version of a plan section with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSectionVersionRow {
    pub id: i64,
    pub case_id: i64,
    pub section: PlanSection,
    pub version: i64,
    pub body: String,
    pub author_user_id: Option<i64>,
    pub author_name: String,
    pub created_at: Ts,
}

/// A shared goal with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalRow {
    pub id: i64,
    pub case_id: i64,
    pub description: String,
    pub contributors: String,
    pub indicator: String,
    pub start_on: Date,
    pub target_on: Option<Date>,
    pub status: GoalStatus,
    pub version: i64,
    pub created_by_user_id: Option<i64>,
    pub created_at: Ts,
    pub updated_at: Ts,
}

/// A progress note on a goal with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalProgressRow {
    pub id: i64,
    pub goal_id: i64,
    pub case_id: i64,
    pub note: String,
    pub score: Option<i64>,
    pub author_user_id: Option<i64>,
    pub author_name: String,
    pub created_at: Ts,
}

/// A held meeting with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRow {
    pub id: i64,
    pub case_id: i64,
    pub held_on: Date,
    pub kind: MeetingKind,
    pub participants: String,
    pub agenda: String,
    pub notes: String,
    pub decisions: String,
    pub with_school: bool,
    pub with_care: bool,
    pub with_parents: bool,
    pub created_by_user_id: Option<i64>,
    pub created_at: Ts,
}

/// An agreement with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementRow {
    pub id: i64,
    pub case_id: i64,
    pub action: String,
    pub party: Party,
    pub kind: AgreementKind,
    pub owner_user_id: Option<i64>,
    pub owner_name: String,
    pub due_on: Option<Date>,
    pub done_on: Option<Date>,
    pub meeting_id: Option<i64>,
    pub version: i64,
    pub created_by_user_id: Option<i64>,
    pub created_at: Ts,
}

/// A financing line with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinancingLineRow {
    pub id: i64,
    pub case_id: i64,
    pub stream: FinancingStream,
    pub purpose: String,
    pub hours: Option<i64>,
    pub amount_cents: Option<i64>,
    pub period_from: Date,
    pub period_until: Option<Date>,
    pub created_by_user_id: Option<i64>,
    pub created_at: Ts,
}

/// A planned (and perhaps held) evaluation with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluationRow {
    pub id: i64,
    pub case_id: i64,
    pub planned_on: Date,
    pub held_on: Option<Date>,
    pub decision: Option<EvaluationDecision>,
    pub reasons: Option<String>,
    pub created_by_user_id: Option<i64>,
    pub created_at: Ts,
}

/// A goal's score at an evaluation with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluationScoreRow {
    pub id: i64,
    pub evaluation_id: i64,
    pub goal_id: i64,
    pub score: i64,
    pub note: String,
}

/// An escalation (opschalen) with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationRow {
    pub id: i64,
    pub case_id: i64,
    pub level: EscalationLevel,
    pub question: String,
    pub decider: String,
    pub deadline: Date,
    pub outcome: Option<String>,
    pub decided_on: Option<Date>,
    pub opened_by_user_id: Option<i64>,
    pub evaluation_id: Option<i64>,
    pub created_at: Ts,
}

/// An attendance record of a pupil with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceRow {
    pub id: i64,
    pub pupil_id: i64,
    pub status: AttendanceStatus,
    pub since: Date,
    pub note: String,
    pub recorded_by_user_id: Option<i64>,
    pub created_at: Ts,
}

/// An entry of a case's timeline with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEventRow {
    pub id: i64,
    pub case_id: i64,
    pub kind: String,
    pub summary: String,
    pub ref_id: Option<i64>,
    pub actor_user_id: Option<i64>,
    pub actor_name: String,
    pub occurred_at: Ts,
}

/// A change of a case's phase (the phase history); its id comes from the
/// database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhaseChangeRow {
    pub case_id: i64,
    pub from: Option<CaseStatus>,
    pub to: CaseStatus,
    pub on: Date,
    pub outcome: Option<CaseOutcome>,
    pub at: Ts,
}

pub async fn insert_phase_changes(tx: &mut Tx, rows: &[PhaseChangeRow]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "case_phase_changes",
        &[
            "case_id",
            "from_status",
            "to_status",
            "changed_on",
            "outcome",
            "changed_at",
        ],
        "phase change",
        |q, r| q
            .bind(r.case_id)
            .bind(r.from.map(CaseStatus::code))
            .bind(r.to.code())
            .bind(r.on)
            .bind(r.outcome.map(CaseOutcome::code))
            .bind(r.at)
    )
}

pub async fn insert_consents(tx: &mut Tx, rows: &[ConsentRow]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "consents",
        &[
            "id",
            "pupil_id",
            "case_id",
            "given_by_user_id",
            "given_by_name",
            "given_by_relation",
            "given_by_young_person",
            "recipient_org_id",
            "recipient_user_id",
            "purpose",
            "scope",
            "valid_from",
            "valid_until",
            "withdrawn_at",
            "withdrawn_by_user_id",
            "recorded_by_user_id",
            "created_at",
        ],
        "consent",
        |q, r| q
            .bind(r.id)
            .bind(r.pupil_id)
            .bind(r.case_id)
            .bind(r.given_by_user_id)
            .bind(&r.given_by_name)
            .bind(&r.given_by_relation)
            .bind(r.given_by_young_person)
            .bind(r.recipient_org_id)
            .bind(r.recipient_user_id)
            .bind(&r.purpose)
            .bind(&r.scope)
            .bind(r.valid_from)
            .bind(r.valid_until)
            .bind(r.withdrawn_at)
            .bind(r.withdrawn_by_user_id)
            .bind(r.recorded_by_user_id)
            .bind(r.created_at)
    )
}

pub async fn insert_cases(tx: &mut Tx, rows: &[CaseRow]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "cases",
        &[
            "id",
            "pupil_id",
            "school_id",
            "title",
            "status",
            "lead_domain",
            "first_signal_on",
            "help_started_on",
            "closed_on",
            "close_reason",
            "outcome",
            "version",
            "last_activity_on",
            "created_by_user_id",
            "created_at",
            "updated_at",
        ],
        "case",
        |q, r| q
            .bind(r.id)
            .bind(r.pupil_id)
            .bind(r.school_id)
            .bind(&r.title)
            .bind(r.status.code())
            .bind(r.lead_domain.map(LeadDomain::code))
            .bind(r.first_signal_on)
            .bind(r.help_started_on)
            .bind(r.closed_on)
            .bind(&r.close_reason)
            .bind(r.outcome.map(CaseOutcome::code))
            .bind(r.version)
            .bind(r.last_activity_on)
            .bind(r.created_by_user_id)
            .bind(r.created_at)
            .bind(r.updated_at)
    )
}

pub async fn insert_case_members(tx: &mut Tx, rows: &[CaseMemberRow]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "case_members",
        &[
            "id",
            "case_id",
            "user_id",
            "guardian_id",
            "org_id",
            "role_in_case",
            "basis",
            "consent_id",
            "legal_task",
            "is_lead",
            "added_by_user_id",
            "added_at",
            "removed_at",
        ],
        "case member",
        |q, r| q
            .bind(r.id)
            .bind(r.case_id)
            .bind(r.user_id)
            .bind(r.guardian_id)
            .bind(r.org_id)
            .bind(&r.role_in_case)
            .bind(&r.basis)
            .bind(r.consent_id)
            .bind(r.legal_task.map(LegalTask::code))
            .bind(r.is_lead)
            .bind(r.added_by_user_id)
            .bind(r.added_at)
            .bind(r.removed_at)
    )
}

pub async fn insert_plan_sections(tx: &mut Tx, rows: &[PlanSectionRow]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "plan_sections",
        &[
            "case_id",
            "section",
            "body",
            "version",
            "updated_by_user_id",
            "updated_at",
        ],
        "plan section",
        |q, r| q
            .bind(r.case_id)
            .bind(r.section.code())
            .bind(&r.body)
            .bind(r.version)
            .bind(r.updated_by_user_id)
            .bind(r.updated_at)
    )
}

pub async fn insert_plan_section_versions(
    tx: &mut Tx,
    rows: &[PlanSectionVersionRow],
) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "plan_section_versions",
        &[
            "id",
            "case_id",
            "section",
            "version",
            "body",
            "author_user_id",
            "author_name",
            "created_at",
        ],
        "plan section version",
        |q, r| q
            .bind(r.id)
            .bind(r.case_id)
            .bind(r.section.code())
            .bind(r.version)
            .bind(&r.body)
            .bind(r.author_user_id)
            .bind(&r.author_name)
            .bind(r.created_at)
    )
}

pub async fn insert_goals(tx: &mut Tx, rows: &[GoalRow]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "goals",
        &[
            "id",
            "case_id",
            "description",
            "contributors",
            "indicator",
            "start_on",
            "target_on",
            "status",
            "version",
            "created_by_user_id",
            "created_at",
            "updated_at",
        ],
        "goal",
        |q, r| q
            .bind(r.id)
            .bind(r.case_id)
            .bind(&r.description)
            .bind(&r.contributors)
            .bind(&r.indicator)
            .bind(r.start_on)
            .bind(r.target_on)
            .bind(r.status.code())
            .bind(r.version)
            .bind(r.created_by_user_id)
            .bind(r.created_at)
            .bind(r.updated_at)
    )
}

pub async fn insert_goal_progress(tx: &mut Tx, rows: &[GoalProgressRow]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "goal_progress",
        &[
            "id",
            "goal_id",
            "case_id",
            "note",
            "score",
            "author_user_id",
            "author_name",
            "created_at",
        ],
        "goal progress",
        |q, r| q
            .bind(r.id)
            .bind(r.goal_id)
            .bind(r.case_id)
            .bind(&r.note)
            .bind(r.score)
            .bind(r.author_user_id)
            .bind(&r.author_name)
            .bind(r.created_at)
    )
}

pub async fn insert_meetings(tx: &mut Tx, rows: &[MeetingRow]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "meetings",
        &[
            "id",
            "case_id",
            "held_on",
            "kind",
            "participants",
            "agenda",
            "notes",
            "decisions",
            "with_school",
            "with_care",
            "with_parents",
            "created_by_user_id",
            "created_at",
        ],
        "meeting",
        |q, r| q
            .bind(r.id)
            .bind(r.case_id)
            .bind(r.held_on)
            .bind(r.kind.code())
            .bind(&r.participants)
            .bind(&r.agenda)
            .bind(&r.notes)
            .bind(&r.decisions)
            .bind(r.with_school)
            .bind(r.with_care)
            .bind(r.with_parents)
            .bind(r.created_by_user_id)
            .bind(r.created_at)
    )
}

pub async fn insert_agreements(tx: &mut Tx, rows: &[AgreementRow]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "agreements",
        &[
            "id",
            "case_id",
            "action",
            "party",
            "kind",
            "owner_user_id",
            "owner_name",
            "due_on",
            "done_on",
            "meeting_id",
            "version",
            "created_by_user_id",
            "created_at",
        ],
        "agreement",
        |q, r| q
            .bind(r.id)
            .bind(r.case_id)
            .bind(&r.action)
            .bind(r.party.code())
            .bind(r.kind.code())
            .bind(r.owner_user_id)
            .bind(&r.owner_name)
            .bind(r.due_on)
            .bind(r.done_on)
            .bind(r.meeting_id)
            .bind(r.version)
            .bind(r.created_by_user_id)
            .bind(r.created_at)
    )
}

pub async fn insert_financing_lines(
    tx: &mut Tx,
    rows: &[FinancingLineRow],
) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "financing_lines",
        &[
            "id",
            "case_id",
            "stream",
            "purpose",
            "hours",
            "amount_cents",
            "period_from",
            "period_until",
            "created_by_user_id",
            "created_at",
        ],
        "financing line",
        |q, r| q
            .bind(r.id)
            .bind(r.case_id)
            .bind(r.stream.code())
            .bind(&r.purpose)
            .bind(r.hours)
            .bind(r.amount_cents)
            .bind(r.period_from)
            .bind(r.period_until)
            .bind(r.created_by_user_id)
            .bind(r.created_at)
    )
}

pub async fn insert_evaluations(tx: &mut Tx, rows: &[EvaluationRow]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "evaluations",
        &[
            "id",
            "case_id",
            "planned_on",
            "held_on",
            "decision",
            "reasons",
            "created_by_user_id",
            "created_at",
        ],
        "evaluation",
        |q, r| q
            .bind(r.id)
            .bind(r.case_id)
            .bind(r.planned_on)
            .bind(r.held_on)
            .bind(r.decision.map(EvaluationDecision::code))
            .bind(&r.reasons)
            .bind(r.created_by_user_id)
            .bind(r.created_at)
    )
}

pub async fn insert_evaluation_scores(
    tx: &mut Tx,
    rows: &[EvaluationScoreRow],
) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "evaluation_scores",
        &["id", "evaluation_id", "goal_id", "score", "note"],
        "evaluation score",
        |q, r| q
            .bind(r.id)
            .bind(r.evaluation_id)
            .bind(r.goal_id)
            .bind(r.score)
            .bind(&r.note)
    )
}

pub async fn insert_escalations(tx: &mut Tx, rows: &[EscalationRow]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "escalations",
        &[
            "id",
            "case_id",
            "level",
            "question",
            "decider",
            "deadline",
            "outcome",
            "decided_on",
            "opened_by_user_id",
            "evaluation_id",
            "created_at",
        ],
        "escalation",
        |q, r| q
            .bind(r.id)
            .bind(r.case_id)
            .bind(r.level.code())
            .bind(&r.question)
            .bind(&r.decider)
            .bind(r.deadline)
            .bind(&r.outcome)
            .bind(r.decided_on)
            .bind(r.opened_by_user_id)
            .bind(r.evaluation_id)
            .bind(r.created_at)
    )
}

pub async fn insert_attendance(tx: &mut Tx, rows: &[AttendanceRow]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "attendance",
        &[
            "id",
            "pupil_id",
            "status",
            "since",
            "note",
            "recorded_by_user_id",
            "created_at",
        ],
        "attendance",
        |q, r| q
            .bind(r.id)
            .bind(r.pupil_id)
            .bind(r.status.code())
            .bind(r.since)
            .bind(&r.note)
            .bind(r.recorded_by_user_id)
            .bind(r.created_at)
    )
}

pub async fn insert_case_events(tx: &mut Tx, rows: &[CaseEventRow]) -> Result<(), StoreError> {
    bulk_insert!(
        tx,
        rows,
        "case_events",
        &[
            "id",
            "case_id",
            "kind",
            "summary",
            "ref_id",
            "actor_user_id",
            "actor_name",
            "occurred_at",
        ],
        "case event",
        |q, r| q
            .bind(r.id)
            .bind(r.case_id)
            .bind(&r.kind)
            .bind(&r.summary)
            .bind(r.ref_id)
            .bind(r.actor_user_id)
            .bind(&r.actor_name)
            .bind(r.occurred_at)
    )
}

/// The case tables whose ids the loader assigns, in dependency order
/// (`plan_sections` has no id of its own).
pub const CASE_ID_TABLES: [&str; 14] = [
    "cases",
    "consents",
    "case_members",
    "plan_section_versions",
    "goals",
    "goal_progress",
    "meetings",
    "agreements",
    "financing_lines",
    "evaluations",
    "evaluation_scores",
    "escalations",
    "attendance",
    "case_events",
];
