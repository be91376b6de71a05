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
/// without an explicit id continue after the loaded rows. No-op on SQLite,
/// where `INTEGER PRIMARY KEY` always continues after the largest id.
pub async fn reset_id_sequences(db: &Db) -> Result<(), StoreError> {
    if db.engine() != Engine::Postgres {
        return Ok(());
    }
    for table in ID_TABLES {
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
