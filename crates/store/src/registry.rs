//! Organisations, school locations, pupils, enrolments and guardians.

use brug_domain::registry::{OrgKind, Sector};
use time::Date;

use crate::dynamic;
use crate::{Db, Page, StoreError, Ts, Tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Organisation {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub kind: OrgKind,
    pub name: String,
    pub brin: Option<String>,
    pub agb: Option<String>,
    pub cbs_code: Option<String>,
    pub municipality_id: Option<i64>,
    pub parent_id: Option<i64>,
    pub valid_from: Option<Date>,
    pub valid_until: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrganisation {
    pub kind: OrgKind,
    pub name: String,
    pub brin: Option<String>,
    pub agb: Option<String>,
    pub cbs_code: Option<String>,
    pub municipality_id: Option<i64>,
    pub parent_id: Option<i64>,
    pub valid_from: Option<Date>,
    pub valid_until: Option<Date>,
}

impl NewOrganisation {
    pub fn new(kind: OrgKind, name: impl Into<String>) -> Self {
        Self {
            kind,
            name: name.into(),
            brin: None,
            agb: None,
            cbs_code: None,
            municipality_id: None,
            parent_id: None,
            valid_from: None,
            valid_until: None,
        }
    }
}

const ORG_COLUMNS: &str =
    "id, kind, name, brin, agb, cbs_code, municipality_id, parent_id, valid_from, valid_until";

pub async fn insert_organisation(
    tx: &mut Tx,
    org: &NewOrganisation,
    now: Ts,
) -> Result<i64, StoreError> {
    let sql = "INSERT INTO organisations (kind, name, brin, agb, cbs_code, municipality_id, parent_id, valid_from, valid_until, created_at, search_name)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(org.kind.code())
        .bind(&org.name)
        .bind(&org.brin)
        .bind(&org.agb)
        .bind(&org.cbs_code)
        .bind(org.municipality_id)
        .bind(org.parent_id)
        .bind(org.valid_from)
        .bind(org.valid_until)
        .bind(now)
        .bind(brug_domain::registry::fold(&org.name))
        .fetch_one(conn)
        .await)
    .map_err(|e| StoreError::on_unique(e, "organisation code"))?;
    Ok(id)
}

/// Puts a municipality in a region (moving it when it was in another).
pub async fn set_region(
    tx: &mut Tx,
    municipality_id: i64,
    region_id: i64,
) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO region_municipalities (municipality_id, region_id) VALUES ($1, $2)
         ON CONFLICT (municipality_id) DO UPDATE SET region_id = excluded.region_id",
    )
    .bind(municipality_id)
    .bind(region_id)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn organisation(db: &Db, id: i64) -> Result<Option<Organisation>, StoreError> {
    let sql = format!("SELECT {ORG_COLUMNS} FROM organisations WHERE id = $1");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(id).fetch_optional(pool).await)?)
}

pub async fn organisations_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<Organisation>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = placeholders(1, ids.len());
    let sql = format!(
        "SELECT {ORG_COLUMNS} FROM organisations WHERE id IN ({placeholders}) ORDER BY name"
    );
    Ok(on_read!(db, pool => {
        let mut q = sqlx::query_as(dynamic(&sql));
        for id in ids {
            q = q.bind(*id);
        }
        q.fetch_all(pool).await
    })?)
}

/// Look an organisation up by one of its public codes (BRIN, AGB or CBS code).
pub async fn organisation_by_code(db: &Db, code: &str) -> Result<Option<Organisation>, StoreError> {
    let sql = format!(
        "SELECT {ORG_COLUMNS} FROM organisations WHERE brin = $1 OR agb = $1 OR cbs_code = $1 ORDER BY id LIMIT 1"
    );
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(code).fetch_optional(pool).await)?)
}

/// How an organisation list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrgSort {
    #[default]
    Name,
    Kind,
    Code,
}

#[derive(Debug, Clone, Default)]
pub struct OrgQuery {
    pub kind: Option<OrgKind>,
    /// Words that must all appear in the name or equal a code.
    pub search: String,
    pub sort: OrgSort,
    pub descending: bool,
    pub offset: i64,
    pub limit: i64,
}

pub async fn list_organisations(db: &Db, q: &OrgQuery) -> Result<Page<Organisation>, StoreError> {
    let mut filter = Filter::default();
    if let Some(kind) = q.kind {
        filter.push_eq("kind", kind.code().to_owned());
    }
    for word in words(&q.search) {
        let n = filter.next();
        filter.clauses.push(format!(
            "(search_name LIKE ${n} ESCAPE '\\' OR brin = ${m} OR agb = ${m} OR cbs_code = ${m})",
            m = n + 1
        ));
        filter
            .args
            .push(Arg::Text(like_pattern(&brug_domain::registry::fold(&word))));
        filter.args.push(Arg::Text(word.to_uppercase()));
    }
    let order = match q.sort {
        OrgSort::Name => "search_name",
        OrgSort::Kind => "kind",
        OrgSort::Code => "coalesce(brin, agb, cbs_code, '')",
    };
    let dir = if q.descending { "DESC" } else { "ASC" };
    let where_sql = filter.where_sql();
    let sql = format!(
        "SELECT {ORG_COLUMNS} FROM organisations {where_sql} ORDER BY {order} {dir}, id {dir} LIMIT {} OFFSET {}",
        q.limit.clamp(1, 50),
        q.offset.max(0)
    );
    let count_sql = format!("SELECT count(*) FROM organisations {where_sql}");
    let rows =
        on_read!(db, pool => filter.bind_all(sqlx::query_as(dynamic(&sql))).fetch_all(pool).await)?;
    let (total,): (i64,) = on_read!(db, pool => filter.bind_all(sqlx::query_as(dynamic(&count_sql))).fetch_one(pool).await)?;
    Ok(Page { rows, total })
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SchoolLocation {
    pub id: i64,
    pub school_id: i64,
    pub brin: String,
    pub name: String,
    pub city: String,
    #[sqlx(try_from = "String")]
    pub sector: Sector,
    pub municipality_id: i64,
    pub swv_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSchoolLocation {
    pub school_id: i64,
    pub brin: String,
    pub name: String,
    pub city: String,
    pub sector: Sector,
    pub municipality_id: i64,
    pub swv_id: Option<i64>,
}

pub async fn insert_location(
    tx: &mut Tx,
    loc: &NewSchoolLocation,
    now: Ts,
) -> Result<i64, StoreError> {
    let sql = "INSERT INTO school_locations (school_id, brin, name, city, sector, municipality_id, swv_id, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(loc.school_id)
        .bind(&loc.brin)
        .bind(&loc.name)
        .bind(&loc.city)
        .bind(loc.sector.code())
        .bind(loc.municipality_id)
        .bind(loc.swv_id)
        .bind(now)
        .fetch_one(conn)
        .await)
    .map_err(|e| StoreError::on_unique(e, "BRIN"))?;
    Ok(id)
}

const LOCATION_COLUMNS: &str = "id, school_id, brin, name, city, sector, municipality_id, swv_id";

pub async fn locations_of_school(
    db: &Db,
    school_id: i64,
) -> Result<Vec<SchoolLocation>, StoreError> {
    let sql = format!(
        "SELECT {LOCATION_COLUMNS} FROM school_locations WHERE school_id = $1 ORDER BY brin"
    );
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(school_id).fetch_all(pool).await)?)
}

pub async fn location(db: &Db, id: i64) -> Result<Option<SchoolLocation>, StoreError> {
    let sql = format!("SELECT {LOCATION_COLUMNS} FROM school_locations WHERE id = $1");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(id).fetch_optional(pool).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Pupil {
    pub id: i64,
    pub given_name: String,
    pub name_prefix: Option<String>,
    pub family_name: String,
    pub birth_date: Date,
    pub bsn_cipher: Option<Vec<u8>>,
    pub shares_with_guardians: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPupil {
    pub given_name: String,
    pub name_prefix: Option<String>,
    pub family_name: String,
    pub birth_date: Date,
    /// Encrypted BSN (see the app's crypto); never stored in clear.
    pub bsn_cipher: Option<Vec<u8>>,
    /// Keyed hash of the BSN, to find duplicates without decrypting.
    pub bsn_lookup: Option<String>,
}

pub async fn insert_pupil(tx: &mut Tx, pupil: &NewPupil, now: Ts) -> Result<i64, StoreError> {
    let sort_name = brug_domain::registry::search_key(
        &pupil.given_name,
        pupil.name_prefix.as_deref(),
        &pupil.family_name,
    );
    let sql = "INSERT INTO pupils (given_name, name_prefix, family_name, sort_name, birth_date, bsn_cipher, bsn_lookup, created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(&pupil.given_name)
        .bind(&pupil.name_prefix)
        .bind(&pupil.family_name)
        .bind(sort_name)
        .bind(pupil.birth_date)
        .bind(&pupil.bsn_cipher)
        .bind(&pupil.bsn_lookup)
        .bind(now)
        .fetch_one(conn)
        .await)
    .map_err(|e| StoreError::on_unique(e, "BSN"))?;
    Ok(id)
}

pub async fn pupil(db: &Db, id: i64) -> Result<Option<Pupil>, StoreError> {
    let sql = "SELECT id, given_name, name_prefix, family_name, birth_date, bsn_cipher, shares_with_guardians FROM pupils WHERE id = $1 AND anonymised_at IS NULL";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Enrolment {
    pub id: i64,
    pub pupil_id: i64,
    pub location_id: i64,
    pub school_id: i64,
    pub pupil_number: Option<String>,
    #[sqlx(try_from = "String")]
    pub sector: Sector,
    pub grade: String,
    pub residence_municipality_id: i64,
    pub start_date: Date,
    pub end_date: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEnrolment {
    pub pupil_id: i64,
    pub location_id: i64,
    pub school_id: i64,
    pub pupil_number: Option<String>,
    pub sector: Sector,
    pub grade: String,
    pub residence_municipality_id: i64,
    pub start_date: Date,
    pub end_date: Option<Date>,
}

pub async fn insert_enrolment(tx: &mut Tx, e: &NewEnrolment, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO enrolments (pupil_id, location_id, school_id, pupil_number, sector, grade, residence_municipality_id, start_date, end_date, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(e.pupil_id)
        .bind(e.location_id)
        .bind(e.school_id)
        .bind(&e.pupil_number)
        .bind(e.sector.code())
        .bind(&e.grade)
        .bind(e.residence_municipality_id)
        .bind(e.start_date)
        .bind(e.end_date)
        .bind(now)
        .fetch_one(conn)
        .await)
    .map_err(|e| StoreError::on_unique(e, "pupil number"))?;
    Ok(id)
}

/// Every enrolment of a pupil, current ones first.
pub async fn enrolments_of_pupil(db: &Db, pupil_id: i64) -> Result<Vec<Enrolment>, StoreError> {
    let sql = "SELECT id, pupil_id, location_id, school_id, pupil_number, sector, grade, residence_municipality_id, start_date, end_date
               FROM enrolments WHERE pupil_id = $1 ORDER BY end_date IS NOT NULL, start_date DESC";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(pupil_id).fetch_all(pool).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Guardian {
    pub id: i64,
    pub pupil_id: i64,
    pub name: String,
    pub relation: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub user_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGuardian {
    pub pupil_id: i64,
    pub name: String,
    pub relation: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub user_id: Option<i64>,
}

pub async fn insert_guardian(tx: &mut Tx, g: &NewGuardian, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO guardians (pupil_id, name, relation, email, phone, user_id, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(g.pupil_id)
        .bind(&g.name)
        .bind(&g.relation)
        .bind(&g.email)
        .bind(&g.phone)
        .bind(g.user_id)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

pub async fn guardians_of_pupil(db: &Db, pupil_id: i64) -> Result<Vec<Guardian>, StoreError> {
    let sql = "SELECT id, pupil_id, name, relation, email, phone, user_id FROM guardians WHERE pupil_id = $1 ORDER BY id";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(pupil_id).fetch_all(pool).await)?)
}

/// Pupils of whom this account is a guardian.
pub async fn pupils_of_guardian_user(db: &Db, user_id: i64) -> Result<Vec<i64>, StoreError> {
    let sql = "SELECT DISTINCT pupil_id FROM guardians WHERE user_id = $1 ORDER BY pupil_id";
    let rows: Vec<(i64,)> =
        on_read!(db, pool => sqlx::query_as(sql).bind(user_id).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// One line of a school's pupil list.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PupilListRow {
    pub id: i64,
    pub given_name: String,
    pub name_prefix: Option<String>,
    pub family_name: String,
    pub birth_date: Date,
    pub location_name: String,
    #[sqlx(try_from = "String")]
    pub sector: Sector,
    pub grade: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PupilSort {
    #[default]
    Name,
    Grade,
    BirthDate,
    Location,
}

#[derive(Debug, Clone, Default)]
pub struct PupilQuery {
    pub search: String,
    pub sort: PupilSort,
    pub descending: bool,
    pub offset: i64,
    pub limit: i64,
}

/// The pupils enrolled now at any location of a school.
pub async fn pupils_of_school(
    db: &Db,
    school_id: i64,
    today: Date,
    q: &PupilQuery,
) -> Result<Page<PupilListRow>, StoreError> {
    let mut filter = Filter::default();
    filter.push_eq_i64("e.school_id", school_id);
    // Enrolled now: started, not ended; with two current enrolments at one
    // school (a change of location) only the latest counts.
    let n = filter.next();
    filter.clauses.push(format!(
        "e.start_date <= ${n} AND (e.end_date IS NULL OR e.end_date >= ${n})
         AND NOT EXISTS (SELECT 1 FROM enrolments e2 WHERE e2.pupil_id = e.pupil_id AND e2.school_id = e.school_id
             AND e2.start_date <= ${n} AND (e2.end_date IS NULL OR e2.end_date >= ${n})
             AND (e2.start_date > e.start_date OR (e2.start_date = e.start_date AND e2.id > e.id)))"
    ));
    filter.args.push(Arg::Date(today));
    for word in words(&q.search) {
        let n = filter.next();
        filter
            .clauses
            .push(format!("p.sort_name LIKE ${n} ESCAPE '\\'"));
        filter
            .args
            .push(Arg::Text(like_pattern(&brug_domain::registry::fold(&word))));
    }
    let order = match q.sort {
        PupilSort::Name => "p.sort_name",
        PupilSort::Grade => "e.grade",
        PupilSort::BirthDate => "p.birth_date",
        PupilSort::Location => "lower(l.name)",
    };
    let dir = if q.descending { "DESC" } else { "ASC" };
    let where_sql = filter.where_sql();
    let from = "FROM enrolments e JOIN pupils p ON p.id = e.pupil_id JOIN school_locations l ON l.id = e.location_id";
    let sql = format!(
        "SELECT p.id, p.given_name, p.name_prefix, p.family_name, p.birth_date, l.name AS location_name, e.sector, e.grade
         {from} {where_sql} ORDER BY {order} {dir}, p.id {dir} LIMIT {} OFFSET {}",
        q.limit.clamp(1, 50),
        q.offset.max(0)
    );
    let count_sql = format!("SELECT count(*) {from} {where_sql}");
    let rows =
        on_read!(db, pool => filter.bind_all(sqlx::query_as(dynamic(&sql))).fetch_all(pool).await)?;
    let (total,): (i64,) = on_read!(db, pool => filter.bind_all(sqlx::query_as(dynamic(&count_sql))).fetch_one(pool).await)?;
    Ok(Page { rows, total })
}

/// Placeholders `$from, $from+1, ...` for `count` values.
pub(crate) fn placeholders(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Search words: at most five, each at most 50 characters.
fn words(search: &str) -> Vec<String> {
    search
        .split_whitespace()
        .take(5)
        .map(|w| w.chars().take(50).collect::<String>().to_lowercase())
        .collect()
}

/// `%word%` with LIKE's wildcards escaped.
fn like_pattern(word: &str) -> String {
    let escaped = word
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// A WHERE clause built from parts, with its arguments in placeholder order.
#[derive(Default)]
struct Filter {
    clauses: Vec<String>,
    args: Vec<Arg>,
}

#[derive(Debug, Clone)]
enum Arg {
    Text(String),
    Int(i64),
    Date(Date),
}

impl Filter {
    fn next(&self) -> usize {
        self.args.len() + 1
    }

    fn push_eq(&mut self, column: &str, value: String) {
        let n = self.next();
        self.clauses.push(format!("{column} = ${n}"));
        self.args.push(Arg::Text(value));
    }

    fn push_eq_i64(&mut self, column: &str, value: i64) {
        let n = self.next();
        self.clauses.push(format!("{column} = ${n}"));
        self.args.push(Arg::Int(value));
    }

    fn where_sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }

    fn bind_all<'q, DB, O>(
        &'q self,
        mut query: sqlx::query::QueryAs<'q, DB, O, <DB as sqlx::Database>::Arguments>,
    ) -> sqlx::query::QueryAs<'q, DB, O, <DB as sqlx::Database>::Arguments>
    where
        DB: sqlx::Database,
        String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
        i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
        Date: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    {
        for arg in &self.args {
            query = match arg {
                Arg::Text(s) => query.bind(s.clone()),
                Arg::Int(i) => query.bind(*i),
                Arg::Date(d) => query.bind(*d),
            };
        }
        query
    }
}

/// An enrolment with the names a pupil's file shows.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EnrolmentDetail {
    pub id: i64,
    pub school_id: i64,
    pub school_name: String,
    pub location_name: String,
    pub brin: String,
    pub pupil_number: Option<String>,
    #[sqlx(try_from = "String")]
    pub sector: Sector,
    pub grade: String,
    pub residence_name: String,
    pub start_date: Date,
    pub end_date: Option<Date>,
}

/// Every enrolment of a pupil with school, location and municipality names
/// (one query), current ones first.
pub async fn enrolment_details(db: &Db, pupil_id: i64) -> Result<Vec<EnrolmentDetail>, StoreError> {
    let sql = "SELECT e.id, e.school_id, s.name AS school_name, l.name AS location_name, l.brin, e.pupil_number,
                      e.sector, e.grade, m.name AS residence_name, e.start_date, e.end_date
               FROM enrolments e
               JOIN organisations s ON s.id = e.school_id
               JOIN school_locations l ON l.id = e.location_id
               JOIN organisations m ON m.id = e.residence_municipality_id
               WHERE e.pupil_id = $1
               ORDER BY e.end_date IS NOT NULL, e.start_date DESC, e.id DESC";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(pupil_id).fetch_all(pool).await)?)
}
