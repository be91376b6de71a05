//! The monitor's tables: reading a month's facts from the cases, storing
//! the base facts, the published figures and the goals, the refresh lease,
//! and the plain GROUP BY queries the benchmark compares against.
//!
//! Nothing here decides what is shown: the figures are protected in
//! `brug_domain::monitor::publication` and stored with their protection.

use futures_util::TryStreamExt;
use std::collections::{BTreeSet, HashMap};

use brug_domain::cases::{CaseOutcome, CaseStatus, EscalationLevel, LeadDomain};
use brug_domain::ids::{LocationId, OrgId, PupilId};
use brug_domain::monitor::facts::{
    CaseFacts, DurationKind, EscalationFacts, EvaluationFacts, HandoverFacts, HomeSitterFacts,
    MonthFacts, MonthInput, PhaseChange,
};
use brug_domain::monitor::publication::{
    Figures, LocationInfo, Node, Published, Quantity, area_code, area_from_code, category_code,
    category_from_code,
};
use brug_domain::monitor::{Category, Figure, SuppressionReason};
use brug_domain::registry::Sector;
use time::{Date, Duration};

use crate::{Db, Engine, StoreError, Ts, Tx, dynamic};

// ---------------------------------------------------------------------------
// bulk writing
// ---------------------------------------------------------------------------

const SQLITE_MAX_PARAMS: usize = 32_000;
const POSTGRES_MAX_PARAMS: usize = 60_000;

fn rows_per_statement(engine: Engine, columns: usize) -> usize {
    let max = match engine {
        Engine::Sqlite => SQLITE_MAX_PARAMS,
        Engine::Postgres => POSTGRES_MAX_PARAMS,
    };
    (max / columns).max(1)
}

/// `INSERT INTO table (columns) VALUES (..), (..)`; anonymous `?` on
/// SQLite (see `bulk.rs` for why), `$n` on PostgreSQL.
fn multi_row_insert(engine: Engine, table: &str, columns: &[&str], rows: usize) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    let mut n = 1;
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for col in 0..columns.len() {
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

macro_rules! insert_rows {
    ($tx:expr, $rows:expr, $table:expr, $columns:expr, |$q:ident, $r:ident| $bind:expr) => {{
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
            })?;
        }
        Ok::<(), StoreError>(())
    }};
}

/// Figures turned into rows and written at a time.
const WRITE_SLICE: usize = 20_000;

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

// ---------------------------------------------------------------------------
// the registry as the monitor sees it
// ---------------------------------------------------------------------------

/// A school location as read: id, sector, municipality, SWV, board.
type LocationRow = (i64, String, i64, Option<i64>, Option<i64>);
/// An escalation as read: level, opened, deadline, decided, location.
type EscalationRow = (String, Ts, Date, Option<Date>, Option<i64>);
/// A published figure as written: node, quantity, category, period, value, shown, reason.
type FigureOut<'a> = (
    String,
    &'a str,
    &'a str,
    &'a str,
    i64,
    Option<i64>,
    Option<&'a str>,
);

/// Every school location with its areas, and every municipality.
pub async fn hierarchy(db: &Db) -> Result<(Vec<LocationInfo>, Vec<OrgId>), StoreError> {
    let sql = "SELECT l.id, l.sector, l.municipality_id, l.swv_id,
                      CASE WHEN b.kind = 'school_board' THEN b.id END AS board_id
               FROM school_locations l
               JOIN organisations s ON s.id = l.school_id
               LEFT JOIN organisations b ON b.id = s.parent_id
               ORDER BY l.id";
    let rows: Vec<LocationRow> = on_read!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
    let locations = rows
        .into_iter()
        .filter_map(|(id, sector, m, swv, board)| {
            Some(LocationInfo {
                id: LocationId(id),
                sector: Sector::from_code(&sector)?,
                municipality: OrgId(m),
                swv: swv.map(OrgId),
                board: board.map(OrgId),
            })
        })
        .collect();
    let sql = "SELECT id FROM organisations WHERE kind = 'municipality' ORDER BY id";
    let munis: Vec<(i64,)> = on_read!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
    Ok((locations, munis.into_iter().map(|(m,)| OrgId(m)).collect()))
}

/// Every region with each of its municipalities: `(region, municipality)`,
/// and `(region, None)` for a region without any.
pub async fn regions(db: &Db) -> Result<Vec<(OrgId, Option<OrgId>)>, StoreError> {
    let sql = "SELECT o.id, r.municipality_id FROM organisations o
               LEFT JOIN region_municipalities r ON r.region_id = o.id
               WHERE o.kind = 'region' ORDER BY o.id, r.municipality_id";
    let rows: Vec<(i64, Option<i64>)> =
        on_read!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(r, m)| (OrgId(r), m.map(OrgId)))
        .collect())
}

/// A named area of the registry, for headings and tables.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NamedOrg {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub cbs_code: Option<String>,
}

/// Names of the municipalities, partnerships, boards and schools.
pub async fn area_organisations(db: &Db) -> Result<Vec<NamedOrg>, StoreError> {
    let sql = "SELECT id, kind, name, cbs_code FROM organisations
               WHERE kind IN ('municipality', 'region', 'swv', 'school_board', 'school') ORDER BY id";
    Ok(on_read!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?)
}

/// A school location's name, city and school, for headings and tables.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NamedLocation {
    pub id: i64,
    pub school_id: i64,
    pub name: String,
    pub city: String,
}

pub async fn location_names(db: &Db) -> Result<Vec<NamedLocation>, StoreError> {
    let sql = "SELECT id, school_id, name, city FROM school_locations ORDER BY id";
    Ok(on_read!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?)
}

// ---------------------------------------------------------------------------
// one month's facts from the cases
// ---------------------------------------------------------------------------

/// Where a pupil counts on `$2` (see `brug_domain::monitor::facts`): the
/// enrolment on that day, else the last one before it. `{p}` is the
/// column holding the pupil id.
fn placement(p: &str) -> String {
    format!(
        "COALESCE(
            (SELECT e.location_id FROM enrolments e WHERE e.pupil_id = {p} AND e.start_date <= $2
               AND (e.end_date IS NULL OR e.end_date >= $2) ORDER BY e.start_date DESC, e.id DESC LIMIT 1),
            (SELECT e.location_id FROM enrolments e WHERE e.pupil_id = {p} AND e.start_date <= $2
               ORDER BY e.start_date DESC, e.id DESC LIMIT 1)"
    )
}

#[derive(sqlx::FromRow)]
struct CaseRow {
    id: i64,
    pupil_id: i64,
    status: String,
    first_signal_on: Date,
    help_started_on: Option<Date>,
    closed_on: Option<Date>,
    outcome: Option<String>,
    lead_domain: Option<String>,
    location_id: Option<i64>,
    has_lead: bool,
    youth_care: bool,
    parents_agreed: bool,
    expectations_at: Option<Ts>,
    last_meeting: Option<Date>,
    last_plan_change: Option<Ts>,
    last_progress: Option<Ts>,
    overdue: i64,
}

/// The rows of one month, for `brug_domain::monitor::facts::month_facts`:
/// `start` the first day, `end` the reference date (the last day, or today
/// in the running month).
pub async fn month_input(db: &Db, start: Date, end: Date) -> Result<MonthInput, StoreError> {
    // Seats and plan versions are timestamped: "on the reference date" is
    // "before the next day began" (UTC).
    let next_day = Ts::new((end + Duration::days(1)).midnight().assume_utc());
    let month_began = Ts::new(start.midnight().assume_utc());

    let sql = "SELECT location_id, COUNT(DISTINCT pupil_id) FROM enrolments
               WHERE start_date <= $1 AND (end_date IS NULL OR end_date >= $1) GROUP BY location_id";
    let enrolled: Vec<(i64, i64)> =
        on_read!(db, pool => sqlx::query_as(sql).bind(end).fetch_all(pool).await)?;

    let seated = "m.added_at < $3 AND (m.removed_at IS NULL OR m.removed_at >= $3)";
    let sql = format!(
        "SELECT c.id, c.pupil_id, c.status, c.first_signal_on, c.help_started_on, c.closed_on, c.outcome, c.lead_domain,
            {placement},
              (SELECT MIN(l.id) FROM school_locations l WHERE l.school_id = c.school_id)) AS location_id,
            EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = c.id AND m.is_lead AND {seated}) AS has_lead,
            EXISTS (SELECT 1 FROM case_members m JOIN organisations o ON o.id = m.org_id
                    WHERE m.case_id = c.id AND o.kind IN ('care_provider', 'wijkteam') AND {seated}) AS youth_care,
            (EXISTS (SELECT 1 FROM plan_section_versions v WHERE v.case_id = c.id AND v.section = 'parents_view'
                     AND v.body <> '' AND v.created_at < $3)
             OR EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = c.id AND m.guardian_id IS NOT NULL AND {seated}))
              AS parents_agreed,
            (SELECT MIN(v.created_at) FROM plan_section_versions v WHERE v.case_id = c.id
               AND v.section = 'expectations' AND v.body <> '') AS expectations_at,
            (SELECT MAX(g.held_on) FROM meetings g WHERE g.case_id = c.id AND g.held_on <= $2) AS last_meeting,
            (SELECT MAX(v.created_at) FROM plan_section_versions v WHERE v.case_id = c.id AND v.created_at < $3)
              AS last_plan_change,
            (SELECT MAX(p.created_at) FROM goal_progress p WHERE p.case_id = c.id AND p.created_at < $3)
              AS last_progress,
            (SELECT COUNT(*) FROM agreements a WHERE a.case_id = c.id AND a.due_on < $2
               AND (a.done_on IS NULL OR a.done_on > $2)) AS overdue
         FROM cases c
         WHERE c.first_signal_on <= $2 AND (c.closed_on IS NULL OR c.closed_on >= $1)",
        placement = placement("c.pupil_id"),
    );
    let cases: Vec<CaseRow> = on_read!(db, pool => sqlx::query_as(dynamic(&sql))
        .bind(start)
        .bind(end)
        .bind(next_day)
        .fetch_all(pool)
        .await)?;

    let sql = format!(
        "SELECT m.case_id, m.org_id FROM case_members m
         JOIN organisations o ON o.id = m.org_id JOIN cases c ON c.id = m.case_id
         WHERE o.kind = 'care_provider' AND {seated}
           AND c.first_signal_on <= $2 AND (c.closed_on IS NULL OR c.closed_on > $2) AND $1 <= $2"
    );
    let seats: Vec<(i64, i64)> = on_read!(db, pool => sqlx::query_as(dynamic(&sql))
        .bind(start)
        .bind(end)
        .bind(next_day)
        .fetch_all(pool)
        .await)?;
    let mut providers: HashMap<i64, BTreeSet<i64>> = HashMap::new();
    for (case, org) in seats {
        providers.entry(case).or_default().insert(org);
    }
    let phases = reopened_phases(db).await?;

    let sql = format!(
        "SELECT v.planned_on, v.held_on,
            {placement}, (SELECT MIN(l.id) FROM school_locations l WHERE l.school_id = c.school_id)) AS location_id
         FROM evaluations v JOIN cases c ON c.id = v.case_id
         WHERE v.planned_on >= $1 AND v.planned_on <= $2",
        placement = placement("c.pupil_id"),
    );
    let evaluations: Vec<(Date, Option<Date>, Option<i64>)> = on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(start).bind(end).fetch_all(pool).await)?;

    let sql = format!(
        "SELECT x.level, x.created_at, x.deadline, x.decided_on,
            {placement}, (SELECT MIN(l.id) FROM school_locations l WHERE l.school_id = c.school_id)) AS location_id
         FROM escalations x JOIN cases c ON c.id = x.case_id
         WHERE (x.created_at >= $3 AND x.created_at < $4) OR (x.decided_on >= $1 AND x.decided_on <= $2)",
        placement = placement("c.pupil_id"),
    );
    let escalations: Vec<EscalationRow> = on_read!(db, pool => sqlx::query_as(dynamic(&sql))
            .bind(start)
            .bind(end)
            .bind(month_began)
            .bind(next_day)
            .fetch_all(pool)
            .await)?;

    let sql = format!(
        "SELECT a.since,
            {placement}, (SELECT MIN(l.id) FROM cases c2 JOIN school_locations l ON l.school_id = c2.school_id
                          WHERE c2.pupil_id = a.pupil_id)) AS location_id,
            EXISTS (SELECT 1 FROM meetings g JOIN cases c ON c.id = g.case_id
                    WHERE c.pupil_id = a.pupil_id AND g.held_on >= $1 AND g.held_on <= $2
                      AND g.with_school AND g.with_care AND g.with_parents) AS triangle
         FROM attendance a
         WHERE a.status = 'thuiszitter' AND a.since <= $2
           AND NOT EXISTS (SELECT 1 FROM attendance b WHERE b.pupil_id = a.pupil_id AND b.since <= $2
                           AND (b.since > a.since OR (b.since = a.since AND b.id > a.id)))",
        placement = placement("a.pupil_id"),
    );
    let home: Vec<(Date, Option<i64>, bool)> = on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(start).bind(end).fetch_all(pool).await)?;

    // Handovers moving in the month, up to the reference date, at the
    // receiving school location: the pupil's enrolment at the receiving
    // school (the latest), else that school's first location.
    let sql = "SELECT h.moves_on, h.accepted_at,
            COALESCE(
              (SELECT e.location_id FROM enrolments e WHERE e.pupil_id = h.pupil_id AND e.school_id = h.to_school_id
                 ORDER BY e.start_date DESC, e.id DESC LIMIT 1),
              (SELECT MIN(l.id) FROM school_locations l WHERE l.school_id = h.to_school_id)) AS location_id
         FROM handovers h
         WHERE h.stage <> 'cancelled' AND h.moves_on >= $1 AND h.moves_on <= $2";
    let handovers: Vec<(Date, Option<Ts>, Option<i64>)> =
        on_read!(db, pool => sqlx::query_as(sql).bind(start).bind(end).fetch_all(pool).await)?;

    let ts_date = |t: Ts| t.get().date();
    let cases = cases
        .into_iter()
        .filter_map(|c| {
            let location = LocationId(c.location_id?);
            let last_activity_on = [
                c.last_meeting,
                c.last_plan_change.map(ts_date),
                c.last_progress.map(ts_date),
            ]
            .into_iter()
            .flatten()
            .max();
            Some(CaseFacts {
                location,
                pupil: PupilId(c.pupil_id),
                status: CaseStatus::from_code(&c.status).unwrap_or(CaseStatus::Active),
                first_signal_on: c.first_signal_on,
                help_started_on: c.help_started_on,
                closed_on: c.closed_on,
                outcome: c.outcome.as_deref().and_then(CaseOutcome::from_code),
                lead_domain: c.lead_domain.as_deref().and_then(LeadDomain::from_code),
                has_case_lead: c.has_lead,
                youth_care: c.youth_care,
                parents_agreed: c.parents_agreed,
                expectations_on: c.expectations_at.map(ts_date),
                last_activity_on,
                overdue_agreements: to_u64(c.overdue),
                providers: providers
                    .get(&c.id)
                    .into_iter()
                    .flatten()
                    .map(|o| OrgId(*o))
                    .collect(),
                phases: phases.get(&c.id).cloned().unwrap_or_default(),
            })
        })
        .collect();
    Ok(MonthInput {
        enrolled: enrolled
            .into_iter()
            .map(|(l, n)| (LocationId(l), to_u64(n)))
            .collect(),
        cases,
        evaluations: evaluations
            .into_iter()
            .filter_map(|(planned_on, held_on, l)| {
                Some(EvaluationFacts {
                    location: LocationId(l?),
                    planned_on,
                    held_on,
                })
            })
            .collect(),
        escalations: escalations
            .into_iter()
            .filter_map(|(level, created, deadline, decided_on, l)| {
                Some(EscalationFacts {
                    location: LocationId(l?),
                    level: EscalationLevel::from_code(&level)?,
                    opened_on: ts_date(created),
                    deadline,
                    decided_on,
                })
            })
            .collect(),
        home_sitters: home
            .into_iter()
            .filter_map(|(since, l, triangle)| {
                Some(HomeSitterFacts {
                    location: LocationId(l?),
                    since,
                    triangle_meeting_in_month: triangle,
                })
            })
            .collect(),
        handovers: handovers
            .into_iter()
            .filter_map(|(moves_on, accepted_at, l)| {
                Some(HandoverFacts {
                    location: LocationId(l?),
                    moves_on,
                    accepted_on: accepted_at.map(ts_date),
                })
            })
            .collect(),
    })
}

/// The phase history of every case that was ever reopened, oldest change
/// first. Other cases need none: they were open from the first signal until
/// their closing date (`brug_domain::monitor::facts::CaseFacts::status_on`).
async fn reopened_phases(db: &Db) -> Result<HashMap<i64, Vec<PhaseChange>>, StoreError> {
    let sql = "SELECT p.case_id, p.from_status, p.to_status, p.changed_on, p.outcome
               FROM case_phase_changes p
               WHERE p.case_id IN (SELECT r.case_id FROM case_phase_changes r WHERE r.from_status = 'closed')
               ORDER BY p.case_id, p.changed_on, p.id";
    type Row = (i64, Option<String>, String, Date, Option<String>);
    let rows: Vec<Row> = on_read!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
    let mut out: HashMap<i64, Vec<PhaseChange>> = HashMap::new();
    for (case, from, to, on, outcome) in rows {
        let Some(to) = CaseStatus::from_code(&to) else {
            continue;
        };
        out.entry(case).or_default().push(PhaseChange {
            on,
            from: from.as_deref().and_then(CaseStatus::from_code),
            to,
            outcome: outcome.as_deref().and_then(CaseOutcome::from_code),
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// stored facts
// ---------------------------------------------------------------------------

/// Replace the stored facts of one month (`YYYY-MM`).
pub async fn replace_month_facts(
    tx: &mut Tx,
    month: &str,
    facts: &MonthFacts,
) -> Result<(), StoreError> {
    for table in ["monitor_facts", "monitor_durations", "monitor_providers"] {
        let sql = format!("DELETE FROM {table} WHERE month = $1");
        on_tx!(tx, conn => sqlx::query(dynamic(&sql)).bind(month).execute(conn).await.map(|r| r.rows_affected()))?;
    }
    let counts: Vec<(i64, &str, &str, i64)> = facts
        .counts
        .iter()
        .map(|((l, i, c), v)| (l.0, i.code(), category_code(*c), to_i64(*v)))
        .collect();
    insert_rows!(
        tx,
        &counts,
        "monitor_facts",
        &["month", "location_id", "indicator", "category", "value"],
        |q, r| q.bind(month).bind(r.0).bind(r.1).bind(r.2).bind(r.3)
    )?;
    insert_rows!(
        tx,
        &facts.durations,
        "monitor_durations",
        &["month", "location_id", "kind", "days"],
        |q, r| q.bind(month).bind(r.0.0).bind(r.1.code()).bind(to_i64(r.2))
    )?;
    let pairs: Vec<(i64, i64)> = facts.providers.iter().map(|(l, p)| (l.0, p.0)).collect();
    insert_rows!(
        tx,
        &pairs,
        "monitor_providers",
        &["month", "location_id", "provider_id"],
        |q, r| q.bind(month).bind(r.0).bind(r.1)
    )?;
    Ok(())
}

/// The stored facts of one month.
pub async fn month_facts(db: &Db, month: &str) -> Result<MonthFacts, StoreError> {
    let sql = "SELECT location_id, indicator, category, value FROM monitor_facts WHERE month = $1";
    let rows: Vec<(i64, String, String, i64)> =
        on_read!(db, pool => sqlx::query_as(sql).bind(month).fetch_all(pool).await)?;
    let mut facts = MonthFacts::default();
    for (l, i, c, v) in rows {
        let Some(indicator) = brug_domain::monitor::Indicator::from_code(&i) else {
            continue;
        };
        let Some(category) = category_from_code(indicator.category_kind(), &c) else {
            continue;
        };
        facts
            .counts
            .insert((LocationId(l), indicator, category), to_u64(v));
    }
    facts.durations = durations(db, &[month.to_owned()]).await?;
    let sql = "SELECT location_id, provider_id FROM monitor_providers WHERE month = $1";
    let rows: Vec<(i64, i64)> =
        on_read!(db, pool => sqlx::query_as(sql).bind(month).fetch_all(pool).await)?;
    facts.providers = rows
        .into_iter()
        .map(|(l, p)| (LocationId(l), OrgId(p)))
        .collect();
    Ok(facts)
}

/// The durations stored for `months`.
pub async fn durations(
    db: &Db,
    months: &[String],
) -> Result<Vec<(LocationId, DurationKind, u64)>, StoreError> {
    if months.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT location_id, kind, days FROM monitor_durations WHERE month IN ({})",
        crate::registry::placeholders(1, months.len())
    );
    let rows: Vec<(i64, String, i64)> = on_read!(db, pool => {
        let mut q = sqlx::query_as(dynamic(&sql));
        for m in months {
            q = q.bind(m);
        }
        q.fetch_all(pool).await
    })?;
    Ok(rows
        .into_iter()
        .filter_map(|(l, k, d)| Some((LocationId(l), DurationKind::from_code(&k)?, to_u64(d))))
        .collect())
}

/// The months with stored facts, oldest first.
pub async fn fact_months(db: &Db) -> Result<Vec<String>, StoreError> {
    let sql = "SELECT DISTINCT month FROM monitor_facts ORDER BY month";
    let rows: Vec<(String,)> = on_read!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(|(m,)| m).collect())
}

// ---------------------------------------------------------------------------
// published figures
// ---------------------------------------------------------------------------

fn reason_code(r: SuppressionReason) -> &'static str {
    r.code()
}

fn reason_from_code(code: &str) -> SuppressionReason {
    SuppressionReason::ALL
        .into_iter()
        .find(|r| r.code() == code)
        .unwrap_or(SuppressionReason::Linked)
}

/// Replace the published figures of one period and record when.
pub async fn replace_figures(
    tx: &mut Tx,
    period: &str,
    figures: &Figures,
    refreshed_at: Ts,
) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query("DELETE FROM monitor_figures WHERE period = $1").bind(period).execute(conn).await.map(|r| r.rows_affected()))?;
    // Written in slices: a national month is ~500,000 figures, and holding
    // all their rows at once would double the refresh's memory.
    let kept: Vec<_> = figures
        .iter()
        .filter(|((_, q, _), p)| !p.is_default_for(*q))
        .collect();
    for slice in kept.chunks(WRITE_SLICE) {
        let rows: Vec<FigureOut<'_>> = slice
            .iter()
            .map(|((node, q, c), p)| {
                let (shown, reason) = match p.figure {
                    Figure::Shown(v) => (Some(to_i64(v)), None),
                    Figure::Suppressed(r) => (None, Some(reason_code(r))),
                };
                (
                    area_code(node.area),
                    node.sector.map_or("", Sector::code),
                    q.code(),
                    category_code(*c),
                    to_i64(p.value),
                    shown,
                    reason,
                )
            })
            .collect();
        insert_rows!(
            tx,
            &rows,
            "monitor_figures",
            &[
                "period", "area", "sector", "quantity", "category", "value", "shown", "reason"
            ],
            |q, r| q
                .bind(period)
                .bind(&r.0)
                .bind(r.1)
                .bind(r.2)
                .bind(r.3)
                .bind(r.4)
                .bind(r.5)
                .bind(r.6)
        )?;
    }
    let sql = "INSERT INTO monitor_periods (period, refreshed_at, figures) VALUES ($1, $2, $3)
               ON CONFLICT (period) DO UPDATE SET refreshed_at = excluded.refreshed_at, figures = excluded.figures";
    on_tx!(tx, conn => sqlx::query(sql)
        .bind(period)
        .bind(refreshed_at)
        .bind(i64::try_from(kept.len()).unwrap_or(i64::MAX))
        .execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct FigureRow {
    period: String,
    area: String,
    sector: String,
    quantity: String,
    category: String,
    value: i64,
    shown: Option<i64>,
    reason: Option<String>,
}

/// A stored figure with where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredFigure {
    pub node: Node,
    pub quantity: Quantity,
    pub category: Category,
    pub published: Published,
}

fn decode(row: FigureRow) -> Option<(String, StoredFigure)> {
    let area = area_from_code(&row.area)?;
    let sector = if row.sector.is_empty() {
        None
    } else {
        Some(Sector::from_code(&row.sector)?)
    };
    let quantity = Quantity::from_code(&row.quantity)?;
    let kind = match quantity {
        Quantity::Count(i) => i.category_kind(),
        Quantity::Stat(_) => None,
    };
    let category = category_from_code(kind, &row.category)?;
    let figure = match (row.shown, row.reason) {
        (Some(v), _) => Figure::Shown(to_u64(v)),
        (None, reason) => Figure::Suppressed(reason_from_code(reason.as_deref().unwrap_or(""))),
    };
    Some((
        row.period,
        StoredFigure {
            node: Node::new(area, sector),
            quantity,
            category,
            published: Published {
                value: to_u64(row.value),
                figure,
            },
        },
    ))
}

/// The stored figures of `areas` (area codes) in `periods` (period codes),
/// optionally only some quantities. Rows not stored are
/// [`Published::missing`].
pub async fn figures(
    db: &Db,
    periods: &[String],
    areas: &[String],
    sector: Option<&str>,
    quantities: Option<&[&str]>,
) -> Result<Vec<(String, StoredFigure)>, StoreError> {
    if periods.is_empty() || areas.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = format!(
        "SELECT period, area, sector, quantity, category, value, shown, reason FROM monitor_figures
         WHERE period IN ({}) AND area IN ({})",
        crate::registry::placeholders(1, periods.len()),
        crate::registry::placeholders(1 + periods.len(), areas.len()),
    );
    let mut next = 1 + periods.len() + areas.len();
    if sector.is_some() {
        sql.push_str(&format!(" AND sector = ${next}"));
        next += 1;
    }
    let qs = quantities.unwrap_or(&[]);
    if quantities.is_some() {
        sql.push_str(&format!(
            " AND quantity IN ({})",
            crate::registry::placeholders(next, qs.len().max(1))
        ));
    }
    let rows: Vec<FigureRow> = on_read!(db, pool => {
        let mut q = sqlx::query_as(dynamic(&sql));
        for p in periods {
            q = q.bind(p);
        }
        for a in areas {
            q = q.bind(a);
        }
        if let Some(s) = sector {
            q = q.bind(s);
        }
        if quantities.is_some() {
            if qs.is_empty() {
                q = q.bind("");
            }
            for x in qs {
                q = q.bind(*x);
            }
        }
        q.fetch_all(pool).await
    })?;
    Ok(rows.into_iter().filter_map(decode).collect())
}

/// All stored figures of one period (for deriving quarters and school
/// years), optionally only some quantities.
pub async fn period_figures(
    db: &Db,
    period: &str,
    quantities: Option<&[&str]>,
) -> Result<Figures, StoreError> {
    let mut sql =
        "SELECT period, area, sector, quantity, category, value, shown, reason FROM monitor_figures
                   WHERE period = $1"
            .to_owned();
    let qs = quantities.unwrap_or(&[]);
    if quantities.is_some() {
        sql.push_str(&format!(
            " AND quantity IN ({})",
            crate::registry::placeholders(2, qs.len().max(1))
        ));
    }
    // Streamed: a national month is ~500,000 rows, which as strings would
    // take several times the memory of the decoded figures.
    let mut out = Figures::default();
    on_read!(db, pool => {
        let mut q = sqlx::query_as::<_, FigureRow>(dynamic(&sql)).bind(period);
        if quantities.is_some() {
            if qs.is_empty() {
                q = q.bind("");
            }
            for x in qs {
                q = q.bind(*x);
            }
        }
        let mut rows = q.fetch(pool);
        while let Some(row) = rows.try_next().await? {
            if let Some((_, f)) = decode(row) {
                out.insert((f.node, f.quantity, f.category), f.published);
            }
        }
    });
    Ok(out)
}

/// When each period was refreshed.
pub async fn refreshed(db: &Db) -> Result<Vec<(String, Ts)>, StoreError> {
    let sql = "SELECT period, refreshed_at FROM monitor_periods ORDER BY period";
    Ok(on_read!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?)
}

/// Drop months (and their figures) older than `oldest` (a `YYYY-MM`), and
/// quarters and school years no longer covered.
pub async fn prune(
    tx: &mut Tx,
    oldest_month: &str,
    keep_periods: &[String],
) -> Result<(), StoreError> {
    for table in ["monitor_facts", "monitor_durations", "monitor_providers"] {
        let sql = format!("DELETE FROM {table} WHERE month < $1");
        on_tx!(tx, conn => sqlx::query(dynamic(&sql)).bind(oldest_month).execute(conn).await.map(|r| r.rows_affected()))?;
    }
    if keep_periods.is_empty() {
        return Ok(());
    }
    for table in ["monitor_figures", "monitor_periods"] {
        let sql = format!(
            "DELETE FROM {table} WHERE period NOT IN ({})",
            crate::registry::placeholders(1, keep_periods.len())
        );
        on_tx!(tx, conn => {
            let mut q = sqlx::query(dynamic(&sql));
            for p in keep_periods {
                q = q.bind(p);
            }
            q.execute(conn).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// the refresh job's lease
// ---------------------------------------------------------------------------

/// Take (or extend) the lease `name` for `holder` until `until`, unless
/// another holder has it and it has not expired at `now`.
pub async fn take_lease(
    db: &Db,
    name: &str,
    holder: &str,
    now: Ts,
    until: Ts,
) -> Result<bool, StoreError> {
    let sql = "INSERT INTO monitor_lease (name, holder, expires_at) VALUES ($1, $2, $3)
               ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
               WHERE monitor_lease.expires_at < $4 OR monitor_lease.holder = excluded.holder";
    let n = on_write!(db, pool => sqlx::query(sql)
        .bind(name)
        .bind(holder)
        .bind(until)
        .bind(now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn release_lease(db: &Db, name: &str, holder: &str) -> Result<(), StoreError> {
    let sql = "DELETE FROM monitor_lease WHERE name = $1 AND holder = $2";
    on_write!(db, pool => sqlx::query(sql).bind(name).bind(holder).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

// ---------------------------------------------------------------------------
// goals
// ---------------------------------------------------------------------------

/// A new policy goal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGoal {
    pub org_id: i64,
    pub area: String,
    pub measure: String,
    pub target: i64,
    pub deadline: Date,
    pub owner: String,
    pub note: Option<String>,
    pub created_by_user_id: Option<i64>,
}

/// A stored policy goal.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct GoalRow {
    pub id: i64,
    pub org_id: i64,
    pub area: String,
    pub measure: String,
    pub target: i64,
    pub deadline: Date,
    pub owner: String,
    pub note: Option<String>,
    pub created_at: Ts,
}

pub async fn insert_goal(tx: &mut Tx, goal: &NewGoal, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO monitor_goals (org_id, area, measure, target, deadline, owner, note, created_by_user_id, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(goal.org_id)
        .bind(&goal.area)
        .bind(&goal.measure)
        .bind(goal.target)
        .bind(goal.deadline)
        .bind(&goal.owner)
        .bind(&goal.note)
        .bind(goal.created_by_user_id)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

/// The goals of an area, the nearest deadline first.
pub async fn goals(db: &Db, area: &str) -> Result<Vec<GoalRow>, StoreError> {
    let sql = "SELECT id, org_id, area, measure, target, deadline, owner, note, created_at
               FROM monitor_goals WHERE area = $1 ORDER BY deadline, id";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(area).fetch_all(pool).await)?)
}

// ---------------------------------------------------------------------------
// the floor: the same figures by GROUP BY on the raw tables
// ---------------------------------------------------------------------------

/// One school location's main counts straight from the raw tables.
pub type FloorRow = (i64, i64, i64, i64, i64, i64);

/// Per school location of `locations` on `day`: pupils enrolled, pupils
/// with an open case, pupils with youth care in their case, home-sitters,
/// and open cases opened since `from`: the dashboard's main counts straight
/// from the raw tables by GROUP BY (no protection; for the benchmark only).
/// An empty list means every location.
pub async fn floor_counts(
    db: &Db,
    locations: &[i64],
    from: Date,
    day: Date,
) -> Result<Vec<FloorRow>, StoreError> {
    let filter = |col: &str| {
        if locations.is_empty() {
            String::new()
        } else {
            format!(
                " AND {col} IN ({})",
                crate::registry::placeholders(3, locations.len())
            )
        }
    };
    let sql = format!(
        "WITH here AS (
            SELECT e.pupil_id, e.location_id FROM enrolments e
            WHERE e.start_date <= $1 AND (e.end_date IS NULL OR e.end_date >= $1){f}
         ),
         enrolled AS (SELECT location_id, COUNT(*) AS n FROM here GROUP BY location_id),
         with_case AS (
            SELECT h.location_id, COUNT(DISTINCT c.pupil_id) AS n,
                   COUNT(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM case_members m JOIN organisations o ON o.id = m.org_id
                          WHERE m.case_id = c.id AND o.kind IN ('care_provider', 'wijkteam') AND m.removed_at IS NULL)
                        THEN c.pupil_id END) AS care,
                   SUM(CASE WHEN c.first_signal_on >= $2 THEN 1 ELSE 0 END) AS opened
            FROM cases c JOIN here h ON h.pupil_id = c.pupil_id
            WHERE c.first_signal_on <= $1 AND (c.closed_on IS NULL OR c.closed_on > $1)
            GROUP BY h.location_id
         ),
         home AS (
            SELECT h.location_id, COUNT(*) AS n FROM attendance a JOIN here h ON h.pupil_id = a.pupil_id
            WHERE a.status = 'thuiszitter' AND a.since <= $1
              AND NOT EXISTS (SELECT 1 FROM attendance b WHERE b.pupil_id = a.pupil_id AND b.since <= $1 AND b.since > a.since)
            GROUP BY h.location_id
         )
         SELECT e.location_id, e.n, COALESCE(w.n, 0), COALESCE(w.care, 0), COALESCE(x.n, 0), COALESCE(w.opened, 0)
         FROM enrolled e LEFT JOIN with_case w ON w.location_id = e.location_id LEFT JOIN home x ON x.location_id = e.location_id
         ORDER BY e.location_id",
        f = filter("e.location_id"),
    );
    let rows: Vec<FloorRow> = on_read!(db, pool => {
        let mut q = sqlx::query_as(dynamic(&sql)).bind(day).bind(from);
        for l in locations {
            q = q.bind(*l);
        }
        q.fetch_all(pool).await
    })?;
    Ok(rows)
}
