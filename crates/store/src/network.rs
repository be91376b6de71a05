//! The network around the school (S5): fixed contacts, consultations, the
//! care providers active at a school (derived from the case teams), the
//! handovers between schools and invitations of schools not in Brug yet.

use time::Date;
use time::macros::date;

use crate::{Db, StoreError, Ts, Tx, dynamic};

// ---------------------------------------------------------------------------
// Fixed contacts and consultations
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ContactRow {
    pub id: i64,
    pub school_id: i64,
    pub kind: String,
    pub contact_org_id: Option<i64>,
    pub contact_org_name: Option<String>,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub updated_at: Ts,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContact {
    pub school_id: i64,
    pub kind: String,
    pub contact_org_id: Option<i64>,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub updated_by_user_id: Option<i64>,
}

/// Set the school's fixed contact of this kind (one per kind).
pub async fn upsert_contact(tx: &mut Tx, c: &NewContact, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO school_contacts (school_id, kind, contact_org_id, name, phone, email, updated_by_user_id, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
               ON CONFLICT (school_id, kind) DO UPDATE SET contact_org_id = excluded.contact_org_id, name = excluded.name,
                   phone = excluded.phone, email = excluded.email, updated_by_user_id = excluded.updated_by_user_id,
                   updated_at = excluded.updated_at
               RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(c.school_id)
        .bind(&c.kind)
        .bind(c.contact_org_id)
        .bind(&c.name)
        .bind(&c.phone)
        .bind(&c.email)
        .bind(c.updated_by_user_id)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

/// Remove the school's fixed contact of this kind; whether there was one.
pub async fn delete_contact(tx: &mut Tx, school_id: i64, kind: &str) -> Result<bool, StoreError> {
    let n = on_tx!(tx, conn => sqlx::query("DELETE FROM school_contacts WHERE school_id = $1 AND kind = $2")
        .bind(school_id)
        .bind(kind)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

const CONTACT_SELECT: &str = "SELECT k.id, k.school_id, k.kind, k.contact_org_id, o.name AS contact_org_name, k.name, k.phone, k.email, k.updated_at
    FROM school_contacts k LEFT JOIN organisations o ON o.id = k.contact_org_id";

pub async fn contacts_of_school(db: &Db, school_id: i64) -> Result<Vec<ContactRow>, StoreError> {
    let sql = format!("{CONTACT_SELECT} WHERE k.school_id = $1 ORDER BY k.kind");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(school_id).fetch_all(pool).await)?)
}

/// The schools that name this organisation as a fixed contact.
pub async fn contacts_at_org(db: &Db, org_id: i64) -> Result<Vec<ContactRow>, StoreError> {
    let sql = format!("{CONTACT_SELECT} WHERE k.contact_org_id = $1 ORDER BY k.school_id, k.kind");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(org_id).fetch_all(pool).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ConsultationRow {
    pub id: i64,
    pub school_id: i64,
    pub kind: String,
    pub name: String,
    pub every_weeks: i64,
    pub attendees: String,
    pub next_on: Option<Date>,
    pub updated_at: Ts,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConsultation {
    pub school_id: i64,
    pub kind: String,
    pub name: String,
    pub every_weeks: i64,
    pub attendees: String,
    pub next_on: Option<Date>,
    pub updated_by_user_id: Option<i64>,
}

pub async fn insert_consultation(
    tx: &mut Tx,
    c: &NewConsultation,
    now: Ts,
) -> Result<i64, StoreError> {
    let sql = "INSERT INTO school_consultations (school_id, kind, name, every_weeks, attendees, next_on, updated_by_user_id, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(c.school_id)
        .bind(&c.kind)
        .bind(&c.name)
        .bind(c.every_weeks)
        .bind(&c.attendees)
        .bind(c.next_on)
        .bind(c.updated_by_user_id)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

/// Remove a consultation of the school; whether it was there.
pub async fn delete_consultation(tx: &mut Tx, school_id: i64, id: i64) -> Result<bool, StoreError> {
    let n = on_tx!(tx, conn => sqlx::query("DELETE FROM school_consultations WHERE id = $1 AND school_id = $2")
        .bind(id)
        .bind(school_id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

pub async fn consultations_of_school(
    db: &Db,
    school_id: i64,
) -> Result<Vec<ConsultationRow>, StoreError> {
    let sql = "SELECT id, school_id, kind, name, every_weeks, attendees, next_on, updated_at
               FROM school_consultations WHERE school_id = $1 ORDER BY every_weeks, id";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(school_id).fetch_all(pool).await)?)
}

// ---------------------------------------------------------------------------
// Providers at a school, schools of a provider (derived from case teams)
// ---------------------------------------------------------------------------

/// Pupils enrolled at school `$1` on day `$2` (a sub-select).
const ENROLLED_AT_SCHOOL: &str = "SELECT e.pupil_id FROM enrolments e
    WHERE e.school_id = $1 AND e.start_date <= $2 AND (e.end_date IS NULL OR e.end_date >= $2)";

/// A care provider active in the open cases of a school's pupils.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProviderAtSchool {
    pub org_id: i64,
    pub name: String,
    pub agb: Option<String>,
    /// Distinct pupils of the school with this provider in their team.
    pub pupils: i64,
}

/// The care providers in the teams of open cases of pupils enrolled at the
/// school today, with the number of distinct pupils each (most first).
pub async fn providers_at_school(
    db: &Db,
    school_id: i64,
    today: Date,
) -> Result<Vec<ProviderAtSchool>, StoreError> {
    let sql = format!(
        "SELECT o.id AS org_id, o.name, o.agb, count(DISTINCT c.pupil_id) AS pupils
         FROM cases c
         JOIN case_members m ON m.case_id = c.id AND m.removed_at IS NULL
         JOIN organisations o ON o.id = m.org_id AND o.kind = 'care_provider'
         WHERE c.status <> 'closed' AND c.pupil_id IN ({ENROLLED_AT_SCHOOL})
         GROUP BY o.id, o.name, o.agb
         ORDER BY pupils DESC, o.name, o.id"
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(school_id).bind(today).fetch_all(pool).await)?,
    )
}

/// Distinct pupils enrolled at the school today with an open case.
pub async fn pupils_with_support(db: &Db, school_id: i64, today: Date) -> Result<i64, StoreError> {
    let sql = format!(
        "SELECT count(DISTINCT c.pupil_id) FROM cases c
         WHERE c.status <> 'closed' AND c.pupil_id IN ({ENROLLED_AT_SCHOOL})"
    );
    let (n,): (i64,) = on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(school_id).bind(today).fetch_one(pool).await)?;
    Ok(n)
}

/// A professional of a provider working in the school's open cases.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProviderContact {
    pub org_id: i64,
    pub user_id: i64,
    pub name: String,
    pub email: String,
}

/// The professionals of each care provider in the open cases of the
/// school's pupils (the provider's contacts at the school).
pub async fn provider_contacts_at_school(
    db: &Db,
    school_id: i64,
    today: Date,
) -> Result<Vec<ProviderContact>, StoreError> {
    let sql = format!(
        "SELECT DISTINCT m.org_id AS org_id, u.id AS user_id, u.name, u.email
         FROM cases c
         JOIN case_members m ON m.case_id = c.id AND m.removed_at IS NULL
         JOIN organisations o ON o.id = m.org_id AND o.kind = 'care_provider'
         JOIN users u ON u.id = m.user_id AND u.active
         WHERE c.status <> 'closed' AND c.pupil_id IN ({ENROLLED_AT_SCHOOL})
         ORDER BY u.name, u.id"
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(school_id).bind(today).fetch_all(pool).await)?,
    )
}

/// A school where a provider works.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SchoolOfProvider {
    pub school_id: i64,
    pub name: String,
    pub brin: Option<String>,
    /// Distinct pupils of the school with the provider in their team.
    pub pupils: i64,
}

/// The schools whose enrolled pupils have the provider in an open case's
/// team, with the number of pupils each.
pub async fn schools_of_provider(
    db: &Db,
    org_id: i64,
    today: Date,
) -> Result<Vec<SchoolOfProvider>, StoreError> {
    let sql = "SELECT s.id AS school_id, s.name, s.brin, count(DISTINCT c.pupil_id) AS pupils
               FROM case_members m
               JOIN cases c ON c.id = m.case_id AND c.status <> 'closed'
               JOIN enrolments e ON e.pupil_id = c.pupil_id AND e.start_date <= $2 AND (e.end_date IS NULL OR e.end_date >= $2)
               JOIN organisations s ON s.id = e.school_id
               WHERE m.org_id = $1 AND m.removed_at IS NULL
               GROUP BY s.id, s.name, s.brin
               ORDER BY pupils DESC, s.name, s.id";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(org_id).bind(today).fetch_all(pool).await)?)
}

/// A school's coordinator, as a contact for the providers at the school.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SchoolPerson {
    pub school_id: i64,
    pub name: String,
    pub email: String,
}

/// The active coordinators of these schools.
pub async fn coordinators_of_schools(
    db: &Db,
    school_ids: &[i64],
) -> Result<Vec<SchoolPerson>, StoreError> {
    if school_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = crate::registry::placeholders(1, school_ids.len());
    let sql = format!(
        "SELECT m.org_id AS school_id, u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.role = 'coordinator' AND u.active AND m.org_id IN ({list}) ORDER BY u.name, u.id"
    );
    Ok(on_read!(db, pool => {
        let mut q = sqlx::query_as(dynamic(&sql));
        for id in school_ids {
            q = q.bind(*id);
        }
        q.fetch_all(pool).await
    })?)
}

/// The sectors of a school's locations.
pub async fn sectors_of_school(db: &Db, school_id: i64) -> Result<Vec<String>, StoreError> {
    let rows: Vec<(String,)> = on_read!(db, pool => sqlx::query_as(
        "SELECT DISTINCT sector FROM school_locations WHERE school_id = $1 ORDER BY sector",
    )
    .bind(school_id)
    .fetch_all(pool)
    .await)?;
    Ok(rows.into_iter().map(|(s,)| s).collect())
}

/// The schools with a location in the SWV's region.
pub async fn schools_of_swv(db: &Db, swv_id: i64) -> Result<Vec<(i64, String)>, StoreError> {
    Ok(on_read!(db, pool => sqlx::query_as(
        "SELECT DISTINCT s.id, s.name FROM school_locations l JOIN organisations s ON s.id = l.school_id
         WHERE l.swv_id = $1 ORDER BY s.name, s.id",
    )
    .bind(swv_id)
    .fetch_all(pool)
    .await)?)
}

// ---------------------------------------------------------------------------
// Handovers
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHandover {
    pub case_id: i64,
    pub pupil_id: i64,
    pub from_school_id: i64,
    pub to_school_id: i64,
    pub transition: String,
    pub moves_on: Date,
    pub sections: String,
    pub goal_ids: String,
    pub what_worked: String,
    pub what_did_not: String,
    pub prepared_by_user_id: Option<i64>,
    pub prepared_by_name: String,
}

pub async fn insert_handover(tx: &mut Tx, h: &NewHandover, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO handovers (case_id, pupil_id, from_school_id, to_school_id, transition, moves_on, stage, sections, goal_ids,
                   what_worked, what_did_not, prepared_by_user_id, prepared_by_name, created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, 'prepared', $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(h.case_id)
        .bind(h.pupil_id)
        .bind(h.from_school_id)
        .bind(h.to_school_id)
        .bind(&h.transition)
        .bind(h.moves_on)
        .bind(&h.sections)
        .bind(&h.goal_ids)
        .bind(&h.what_worked)
        .bind(&h.what_did_not)
        .bind(h.prepared_by_user_id)
        .bind(&h.prepared_by_name)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

/// A handover with the names its pages show and the state of the family's
/// consent (the request's status and its consent, if given).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct HandoverRow {
    pub id: i64,
    pub case_id: i64,
    pub case_title: String,
    pub pupil_id: i64,
    pub from_school_id: i64,
    pub from_school_name: String,
    pub to_school_id: i64,
    pub to_school_name: String,
    pub to_school_brin: Option<String>,
    pub transition: String,
    pub moves_on: Date,
    pub stage: String,
    pub sections: String,
    pub goal_ids: String,
    pub what_worked: String,
    pub what_did_not: String,
    pub consent_request_id: Option<i64>,
    pub request_status: Option<String>,
    pub consent_id: Option<i64>,
    pub consent_valid_from: Option<Date>,
    pub consent_valid_until: Option<Date>,
    pub consent_withdrawn_at: Option<Ts>,
    pub prepared_by_user_id: Option<i64>,
    pub prepared_by_name: String,
    pub created_at: Ts,
    pub updated_at: Ts,
    pub sent_at: Option<Ts>,
    pub accepted_by_user_id: Option<i64>,
    pub accepted_by_name: Option<String>,
    pub accepted_at: Option<Ts>,
    pub meeting_on: Option<Date>,
    pub meeting_participants: Option<String>,
    pub meeting_held_on: Option<Date>,
    pub cancelled_at: Option<Ts>,
    pub version: i64,
}

const HANDOVER_SELECT: &str = "SELECT h.id, h.case_id, c.title AS case_title, h.pupil_id,
        h.from_school_id, f.name AS from_school_name, h.to_school_id, t.name AS to_school_name, t.brin AS to_school_brin,
        h.transition, h.moves_on, h.stage, h.sections, h.goal_ids, h.what_worked, h.what_did_not,
        h.consent_request_id, r.status AS request_status, r.consent_id AS consent_id,
        k.valid_from AS consent_valid_from, k.valid_until AS consent_valid_until, k.withdrawn_at AS consent_withdrawn_at,
        h.prepared_by_user_id, h.prepared_by_name, h.created_at, h.updated_at, h.sent_at,
        h.accepted_by_user_id, h.accepted_by_name, h.accepted_at, h.meeting_on, h.meeting_participants,
        h.meeting_held_on, h.cancelled_at, h.version
    FROM handovers h
    JOIN cases c ON c.id = h.case_id
    JOIN organisations f ON f.id = h.from_school_id
    JOIN organisations t ON t.id = h.to_school_id
    LEFT JOIN consent_requests r ON r.id = h.consent_request_id
    LEFT JOIN consents k ON k.id = r.consent_id";

pub async fn handover(db: &Db, id: i64) -> Result<Option<HandoverRow>, StoreError> {
    let sql = format!("{HANDOVER_SELECT} WHERE h.id = $1");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(id).fetch_optional(pool).await)?)
}

/// The handover as seen inside a write transaction (after its row lock).
pub async fn handover_in_tx(tx: &mut Tx, id: i64) -> Result<Option<HandoverRow>, StoreError> {
    let sql = format!("{HANDOVER_SELECT} WHERE h.id = $1");
    Ok(on_tx!(tx, conn => sqlx::query_as(dynamic(&sql)).bind(id).fetch_optional(conn).await)?)
}

/// Take the handover's row lock for the rest of the transaction, so two
/// coordinators accepting at the same moment are served one after the other
/// (PostgreSQL; SQLite's writers are serialised already).
pub async fn lock_handover(tx: &mut Tx, id: i64) -> Result<bool, StoreError> {
    let n = on_tx!(tx, conn => sqlx::query("UPDATE handovers SET version = version WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The handovers of a pupil, newest first.
pub async fn handovers_of_pupil(db: &Db, pupil_id: i64) -> Result<Vec<HandoverRow>, StoreError> {
    let sql =
        format!("{HANDOVER_SELECT} WHERE h.pupil_id = $1 ORDER BY h.created_at DESC, h.id DESC");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(pupil_id).fetch_all(pool).await)?)
}

/// The handovers of a case, newest first.
pub async fn handovers_of_case(db: &Db, case_id: i64) -> Result<Vec<HandoverRow>, StoreError> {
    let sql =
        format!("{HANDOVER_SELECT} WHERE h.case_id = $1 ORDER BY h.created_at DESC, h.id DESC");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(case_id).fetch_all(pool).await)?)
}

/// Handovers from or to a school (optionally only those moving between two
/// dates), by moving date.
pub async fn handovers_of_school(
    db: &Db,
    school_id: i64,
    moving: Option<(Date, Date)>,
) -> Result<Vec<HandoverRow>, StoreError> {
    let (from, until) = moving.unwrap_or((date!(1900 - 01 - 01), date!(9999 - 12 - 31)));
    let sql = format!(
        "{HANDOVER_SELECT} WHERE (h.from_school_id = $1 OR h.to_school_id = $1) AND h.moves_on >= $2 AND h.moves_on <= $3
         ORDER BY h.moves_on, h.id"
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(school_id).bind(from).bind(until).fetch_all(pool).await)?,
    )
}

/// What the sending coordinator changes while preparing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverEdit {
    pub moves_on: Date,
    pub sections: String,
    pub goal_ids: String,
    pub what_worked: String,
    pub what_did_not: String,
}

/// Save the selection and texts; `Conflict` when the version moved on or
/// the handover is no longer being prepared without a consent request.
pub async fn update_handover(
    tx: &mut Tx,
    id: i64,
    version: i64,
    e: &HandoverEdit,
    now: Ts,
) -> Result<(), StoreError> {
    let n = on_tx!(tx, conn => sqlx::query(
        "UPDATE handovers SET moves_on = $3, sections = $4, goal_ids = $5, what_worked = $6, what_did_not = $7,
             updated_at = $8, version = version + 1
         WHERE id = $1 AND version = $2 AND stage = 'prepared' AND consent_request_id IS NULL",
    )
    .bind(id)
    .bind(version)
    .bind(e.moves_on)
    .bind(&e.sections)
    .bind(&e.goal_ids)
    .bind(&e.what_worked)
    .bind(&e.what_did_not)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    if n == 1 {
        Ok(())
    } else {
        Err(StoreError::Conflict)
    }
}

/// One part that goes along, frozen when the family is asked.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ItemRow {
    pub position: i64,
    pub kind: String,
    pub code: String,
    pub title: String,
    pub body: String,
}

/// Replace what goes along with `items` (in their order).
pub async fn set_items(tx: &mut Tx, handover_id: i64, items: &[ItemRow]) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query("DELETE FROM handover_items WHERE handover_id = $1")
        .bind(handover_id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    for item in items {
        on_tx!(tx, conn => sqlx::query(
            "INSERT INTO handover_items (handover_id, position, kind, code, title, body) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(handover_id)
        .bind(item.position)
        .bind(&item.kind)
        .bind(&item.code)
        .bind(&item.title)
        .bind(&item.body)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

pub async fn items(db: &Db, handover_id: i64) -> Result<Vec<ItemRow>, StoreError> {
    Ok(on_read!(db, pool => sqlx::query_as(
        "SELECT position, kind, code, title, body FROM handover_items WHERE handover_id = $1 ORDER BY position, id",
    )
    .bind(handover_id)
    .fetch_all(pool)
    .await)?)
}

/// Link the consent request the family answers.
pub async fn set_consent_request(
    tx: &mut Tx,
    id: i64,
    request_id: i64,
    now: Ts,
) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE handovers SET consent_request_id = $2, updated_at = $3, version = version + 1 WHERE id = $1",
    )
    .bind(id)
    .bind(request_id)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Move the stage from `from` to `to`; `false` when it was not at `from`
/// (someone else moved it a moment ago), so nothing is done twice.
pub async fn move_stage(
    tx: &mut Tx,
    id: i64,
    from: &str,
    to: &str,
    now: Ts,
) -> Result<bool, StoreError> {
    let column = match to {
        "sent" => ", sent_at = $4",
        "received" => ", accepted_at = $4",
        "cancelled" => ", cancelled_at = $4",
        _ => "",
    };
    let sql = format!(
        "UPDATE handovers SET stage = $3, updated_at = $4, version = version + 1{column} WHERE id = $1 AND stage = $2"
    );
    let n = on_tx!(tx, conn => sqlx::query(dynamic(&sql))
        .bind(id)
        .bind(from)
        .bind(to)
        .bind(now)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Who accepted the handover.
pub async fn set_accepted_by(
    tx: &mut Tx,
    id: i64,
    user_id: i64,
    name: &str,
) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query("UPDATE handovers SET accepted_by_user_id = $2, accepted_by_name = $3 WHERE id = $1")
        .bind(id)
        .bind(user_id)
        .bind(name)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Plan the warm-handover meeting.
pub async fn plan_meeting(
    tx: &mut Tx,
    id: i64,
    on: Date,
    participants: &str,
    now: Ts,
) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE handovers SET meeting_on = $2, meeting_participants = $3, updated_at = $4, version = version + 1 WHERE id = $1",
    )
    .bind(id)
    .bind(on)
    .bind(participants)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Record the day the meeting was held (the stage moves separately).
pub async fn set_meeting_held(tx: &mut Tx, id: i64, on: Date) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query("UPDATE handovers SET meeting_held_on = $2 WHERE id = $1")
        .bind(id)
        .bind(on)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Move the case to the receiving school (the case continues there).
pub async fn move_case_to_school(
    tx: &mut Tx,
    case_id: i64,
    school_id: i64,
    now: Ts,
) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query("UPDATE cases SET school_id = $2, updated_at = $3 WHERE id = $1")
        .bind(case_id)
        .bind(school_id)
        .bind(now)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Invitations of schools not in Brug yet
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvitation {
    pub org_id: i64,
    pub brin: String,
    pub name: String,
    pub contact_email: String,
    pub invited_by_user_id: Option<i64>,
    pub invited_by_org_id: Option<i64>,
    pub mail_id: Option<i64>,
}

pub async fn insert_invitation(tx: &mut Tx, i: &NewInvitation, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO school_invitations (org_id, brin, name, contact_email, invited_by_user_id, invited_by_org_id, mail_id, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(i.org_id)
        .bind(&i.brin)
        .bind(&i.name)
        .bind(&i.contact_email)
        .bind(i.invited_by_user_id)
        .bind(i.invited_by_org_id)
        .bind(i.mail_id)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InvitationRow {
    pub id: i64,
    pub org_id: i64,
    pub brin: String,
    pub name: String,
    pub contact_email: String,
    pub mail_id: Option<i64>,
    pub created_at: Ts,
}

pub async fn invitations_of_org(db: &Db, org_id: i64) -> Result<Vec<InvitationRow>, StoreError> {
    Ok(on_read!(db, pool => sqlx::query_as(
        "SELECT id, org_id, brin, name, contact_email, mail_id, created_at FROM school_invitations WHERE org_id = $1 ORDER BY id",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)?)
}

// ---------------------------------------------------------------------------
// Lists for export
// ---------------------------------------------------------------------------

/// A pupil of the school with an open case (for the coordinator's export).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SupportRow {
    pub pupil_id: i64,
    pub given_name: String,
    pub name_prefix: Option<String>,
    pub family_name: String,
    pub birth_date: Date,
    pub pupil_number: Option<String>,
    pub grade: String,
    pub case_id: i64,
    pub case_title: String,
    pub status: String,
    pub first_signal_on: Date,
    pub lead_name: Option<String>,
}

/// The school's cases (open ones, or all), with the pupil's registry data;
/// one row per case.
pub async fn cases_of_school(
    db: &Db,
    school_id: i64,
    today: Date,
    open_only: bool,
) -> Result<Vec<SupportRow>, StoreError> {
    let open = if open_only {
        "AND c.status <> 'closed'"
    } else {
        ""
    };
    let sql = format!(
        "SELECT p.id AS pupil_id, p.given_name, p.name_prefix, p.family_name, p.birth_date,
                e.pupil_number, coalesce(e.grade, '') AS grade, c.id AS case_id, c.title AS case_title, c.status,
                c.first_signal_on,
                (SELECT u.name FROM case_members m JOIN users u ON u.id = m.user_id
                  WHERE m.case_id = c.id AND m.is_lead AND m.removed_at IS NULL ORDER BY m.id LIMIT 1) AS lead_name
         FROM cases c
         JOIN pupils p ON p.id = c.pupil_id
         LEFT JOIN enrolments e ON e.id = (SELECT e2.id FROM enrolments e2 WHERE e2.pupil_id = c.pupil_id AND e2.school_id = $1
                AND e2.start_date <= $2 AND (e2.end_date IS NULL OR e2.end_date >= $2) ORDER BY e2.start_date DESC, e2.id DESC LIMIT 1)
         WHERE c.school_id = $1 {open}
         ORDER BY p.sort_name, p.id, c.id"
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(school_id).bind(today).fetch_all(pool).await)?,
    )
}
