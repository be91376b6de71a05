//! Imports of organisations and pupils (S5): what a validated file needs to
//! be resolved against (codes, locations), the rows already there, and the
//! writes. Pupils are keyed on (school, pupil number), found again by their
//! BSN's keyed hash when they enrol at another school; new rows go in with
//! the bulk loader's multi-row statements, so a million rows load in
//! seconds. The rules (what a valid row is, what changed) live in the app.

use std::collections::HashMap;

use brug_domain::registry::{OrgKind, Sector};
use time::Date;

use crate::bulk::{self, EnrolmentRow, PupilRow};
use crate::{Db, Engine, StoreError, Ts, Tx, dynamic};

/// Values per lookup statement (under both engines' limits).
const LOOKUP_CHUNK: usize = 10_000;

/// `count` placeholders for one engine: `?` on SQLite (fast to bind in
/// large numbers), `$from..` on PostgreSQL.
fn placeholders(engine: Engine, from: usize, count: usize) -> String {
    match engine {
        Engine::Sqlite => vec!["?"; count].join(", "),
        Engine::Postgres => crate::registry::placeholders(from, count),
    }
}

// ---------------------------------------------------------------------------
// What a file is resolved against
// ---------------------------------------------------------------------------

/// An organisation with the codes an import refers to it by.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrgKey {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub kind: OrgKind,
    pub name: String,
    pub search_name: String,
    pub brin: Option<String>,
    pub agb: Option<String>,
    pub cbs_code: Option<String>,
    pub municipality_id: Option<i64>,
    pub parent_id: Option<i64>,
    /// The region a municipality lies in.
    pub region_id: Option<i64>,
}

/// Every organisation (a few thousand nationally).
pub async fn org_keys(db: &Db) -> Result<Vec<OrgKey>, StoreError> {
    Ok(on_read!(db, pool => sqlx::query_as(
        "SELECT o.id, o.kind, o.name, o.search_name, o.brin, o.agb, o.cbs_code, o.municipality_id, o.parent_id, r.region_id
         FROM organisations o LEFT JOIN region_municipalities r ON r.municipality_id = o.id ORDER BY o.id",
    )
    .fetch_all(pool)
    .await)?)
}

/// Every organisation, as seen inside the importing transaction.
pub async fn org_keys_in_tx(tx: &mut Tx) -> Result<Vec<OrgKey>, StoreError> {
    Ok(on_tx!(tx, conn => sqlx::query_as(
        "SELECT o.id, o.kind, o.name, o.search_name, o.brin, o.agb, o.cbs_code, o.municipality_id, o.parent_id, r.region_id
         FROM organisations o LEFT JOIN region_municipalities r ON r.municipality_id = o.id ORDER BY o.id",
    )
    .fetch_all(conn)
    .await)?)
}

/// A school location with its codes.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LocationKey {
    pub id: i64,
    pub school_id: i64,
    pub brin: String,
    pub name: String,
    pub city: String,
    #[sqlx(try_from = "String")]
    pub sector: Sector,
    pub municipality_id: i64,
}

/// Every school location (about 6,500 nationally).
pub async fn location_keys(db: &Db) -> Result<Vec<LocationKey>, StoreError> {
    Ok(on_read!(db, pool => sqlx::query_as(
        "SELECT id, school_id, brin, name, city, sector, municipality_id FROM school_locations ORDER BY id",
    )
    .fetch_all(pool)
    .await)?)
}

// ---------------------------------------------------------------------------
// Organisations
// ---------------------------------------------------------------------------

/// An organisation as an import writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgWrite {
    pub kind: OrgKind,
    pub name: String,
    pub brin: Option<String>,
    pub agb: Option<String>,
    pub cbs_code: Option<String>,
    pub municipality_id: Option<i64>,
}

pub async fn insert_org(tx: &mut Tx, o: &OrgWrite, now: Ts) -> Result<i64, StoreError> {
    let mut new = crate::registry::NewOrganisation::new(o.kind, o.name.clone());
    new.brin = o.brin.clone();
    new.agb = o.agb.clone();
    new.cbs_code = o.cbs_code.clone();
    new.municipality_id = o.municipality_id;
    crate::registry::insert_organisation(tx, &new, now).await
}

pub async fn update_org(tx: &mut Tx, id: i64, o: &OrgWrite) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE organisations SET name = $2, search_name = $3, brin = $4, agb = $5, cbs_code = $6, municipality_id = $7 WHERE id = $1",
    )
    .bind(id)
    .bind(&o.name)
    .bind(brug_domain::registry::fold(&o.name))
    .bind(&o.brin)
    .bind(&o.agb)
    .bind(&o.cbs_code)
    .bind(o.municipality_id)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))
    .map_err(|e| StoreError::on_unique(e, "organisation code"))?;
    Ok(())
}

/// A school location as an import writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocationWrite {
    pub school_id: i64,
    pub brin: String,
    pub name: String,
    pub city: String,
    pub sector: Sector,
    pub municipality_id: i64,
}

pub async fn insert_location(tx: &mut Tx, l: &LocationWrite, now: Ts) -> Result<i64, StoreError> {
    crate::registry::insert_location(
        tx,
        &crate::registry::NewSchoolLocation {
            school_id: l.school_id,
            brin: l.brin.clone(),
            name: l.name.clone(),
            city: l.city.clone(),
            sector: l.sector,
            municipality_id: l.municipality_id,
            swv_id: None,
        },
        now,
    )
    .await
}

pub async fn update_location(tx: &mut Tx, id: i64, l: &LocationWrite) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE school_locations SET school_id = $2, name = $3, city = $4, sector = $5, municipality_id = $6 WHERE id = $1",
    )
    .bind(id)
    .bind(l.school_id)
    .bind(&l.name)
    .bind(&l.city)
    .bind(l.sector.code())
    .bind(l.municipality_id)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Pupils
// ---------------------------------------------------------------------------

/// A pupil's enrolment already in the database, with the pupil's fields an
/// import compares.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ExistingEnrolment {
    pub enrolment_id: i64,
    pub school_id: i64,
    pub pupil_number: String,
    pub pupil_id: i64,
    pub location_id: i64,
    pub sector: String,
    pub grade: String,
    pub residence_municipality_id: i64,
    pub start_date: Date,
    pub end_date: Option<Date>,
    pub given_name: String,
    pub name_prefix: Option<String>,
    pub family_name: String,
    pub birth_date: Date,
    pub bsn_lookup: Option<String>,
}

/// The numbered enrolments at these schools, keyed by (school, pupil number).
pub async fn enrolments_at_schools(
    db: &Db,
    school_ids: &[i64],
) -> Result<HashMap<(i64, String), ExistingEnrolment>, StoreError> {
    let mut out = HashMap::new();
    for chunk in school_ids.chunks(LOOKUP_CHUNK) {
        let list = placeholders(db.engine(), 1, chunk.len());
        let sql = format!(
            "SELECT e.id AS enrolment_id, e.school_id, e.pupil_number, e.pupil_id, e.location_id, e.sector, e.grade,
                    e.residence_municipality_id, e.start_date, e.end_date,
                    p.given_name, p.name_prefix, p.family_name, p.birth_date, p.bsn_lookup
             FROM enrolments e JOIN pupils p ON p.id = e.pupil_id
             WHERE e.pupil_number IS NOT NULL AND e.school_id IN ({list})"
        );
        let rows: Vec<ExistingEnrolment> = on_read!(db, pool => {
            let mut q = sqlx::query_as(dynamic(&sql));
            for id in chunk {
                q = q.bind(*id);
            }
            q.fetch_all(pool).await
        })?;
        for r in rows {
            out.insert((r.school_id, r.pupil_number.clone()), r);
        }
    }
    Ok(out)
}

/// Pupils found by the keyed hash of their BSN.
pub async fn pupils_by_bsn_lookup(
    db: &Db,
    lookups: &[&str],
) -> Result<HashMap<String, i64>, StoreError> {
    let mut out = HashMap::new();
    for chunk in lookups.chunks(LOOKUP_CHUNK) {
        let list = placeholders(db.engine(), 1, chunk.len());
        let sql = format!("SELECT bsn_lookup, id FROM pupils WHERE bsn_lookup IN ({list})");
        let rows: Vec<(String, i64)> = on_read!(db, pool => {
            let mut q = sqlx::query_as(dynamic(&sql));
            for l in chunk {
                q = q.bind(*l);
            }
            q.fetch_all(pool).await
        })?;
        out.extend(rows);
    }
    Ok(out)
}

/// `n` fresh ids for `table` (`pupils` or `enrolments`), inside the
/// writing transaction: on SQLite past the largest id (the write lock is
/// held), on PostgreSQL from the table's identity sequence.
pub async fn allocate_ids(tx: &mut Tx, table: &str, n: usize) -> Result<Vec<i64>, StoreError> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let table = match table {
        "pupils" => "pupils",
        "enrolments" => "enrolments",
        _ => return Err(StoreError::NotFound),
    };
    match tx.engine() {
        Engine::Sqlite => {
            let sql = format!("SELECT coalesce(max(id), 0) FROM {table}");
            let (max,): (i64,) =
                on_tx!(tx, conn => sqlx::query_as(dynamic(&sql)).fetch_one(conn).await)?;
            Ok((1..=n as i64).map(|i| max + i).collect())
        }
        Engine::Postgres => {
            let sql = format!(
                "SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, $1)"
            );
            let rows: Vec<(i64,)> = on_tx!(tx, conn => sqlx::query_as(dynamic(&sql))
                .bind(n as i64)
                .fetch_all(conn)
                .await)?;
            Ok(rows.into_iter().map(|(id,)| id).collect())
        }
    }
}

/// Insert new pupils and enrolments (ids from [`allocate_ids`]).
pub async fn insert_new(
    tx: &mut Tx,
    pupils: &[PupilRow],
    enrolments: &[EnrolmentRow],
) -> Result<(), StoreError> {
    bulk::insert_pupils(tx, pupils).await?;
    bulk::insert_enrolments(tx, enrolments).await
}

/// The pupil's fields an import may change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PupilUpdate {
    pub id: i64,
    pub given_name: String,
    pub name_prefix: Option<String>,
    pub family_name: String,
    pub birth_date: Date,
}

pub async fn update_pupil(tx: &mut Tx, p: &PupilUpdate, now: Ts) -> Result<(), StoreError> {
    let sort_name =
        brug_domain::registry::search_key(&p.given_name, p.name_prefix.as_deref(), &p.family_name);
    on_tx!(tx, conn => sqlx::query(
        "UPDATE pupils SET given_name = $2, name_prefix = $3, family_name = $4, sort_name = $5, birth_date = $6, updated_at = $7 WHERE id = $1",
    )
    .bind(p.id)
    .bind(&p.given_name)
    .bind(&p.name_prefix)
    .bind(&p.family_name)
    .bind(sort_name)
    .bind(p.birth_date)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Set a pupil's encrypted BSN (when the pupil had none yet).
pub async fn set_bsn(
    tx: &mut Tx,
    pupil_id: i64,
    cipher: &[u8],
    lookup: &str,
) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query("UPDATE pupils SET bsn_cipher = $2, bsn_lookup = $3 WHERE id = $1 AND bsn_lookup IS NULL")
        .bind(pupil_id)
        .bind(cipher)
        .bind(lookup)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))
    .map_err(|e| StoreError::on_unique(e, "BSN"))?;
    Ok(())
}

/// The enrolment's fields an import may change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolmentUpdate {
    pub id: i64,
    pub location_id: i64,
    pub sector: Sector,
    pub grade: String,
    pub residence_municipality_id: i64,
    pub start_date: Date,
    pub end_date: Option<Date>,
}

pub async fn update_enrolment(tx: &mut Tx, e: &EnrolmentUpdate) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE enrolments SET location_id = $2, sector = $3, grade = $4, residence_municipality_id = $5, start_date = $6, end_date = $7 WHERE id = $1",
    )
    .bind(e.id)
    .bind(e.location_id)
    .bind(e.sector.code())
    .bind(&e.grade)
    .bind(e.residence_municipality_id)
    .bind(e.start_date)
    .bind(e.end_date)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Uploads waiting for the administrator's choice
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Upload {
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub file_name: String,
    pub content: Vec<u8>,
    pub created_at: Ts,
}

/// Keep an upload; uploads of a day ago are removed on the way.
pub async fn insert_upload(
    tx: &mut Tx,
    user_id: i64,
    kind: &str,
    file_name: &str,
    content: &[u8],
    now: Ts,
    expired_before: Ts,
) -> Result<i64, StoreError> {
    on_tx!(tx, conn => sqlx::query("DELETE FROM import_uploads WHERE created_at < $1")
        .bind(expired_before)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(
        "INSERT INTO import_uploads (user_id, kind, file_name, content, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(user_id)
    .bind(kind)
    .bind(file_name)
    .bind(content)
    .bind(now)
    .fetch_one(conn)
    .await)?;
    Ok(id)
}

/// The user's own upload, if it is still there.
pub async fn upload(db: &Db, id: i64, user_id: i64) -> Result<Option<Upload>, StoreError> {
    Ok(on_read!(db, pool => sqlx::query_as(
        "SELECT id, user_id, kind, file_name, content, created_at FROM import_uploads WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user_id)
    .fetch_optional(pool)
    .await)?)
}

/// Remove an upload; whether it was still there (an import runs once).
pub async fn delete_upload(tx: &mut Tx, id: i64) -> Result<bool, StoreError> {
    let n = on_tx!(tx, conn => sqlx::query("DELETE FROM import_uploads WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_per_engine() {
        assert_eq!(placeholders(Engine::Sqlite, 1, 3), "?, ?, ?");
        assert_eq!(placeholders(Engine::Postgres, 1, 3), "$1, $2, $3");
    }
}
