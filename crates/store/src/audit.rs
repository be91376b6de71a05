//! The audit log: append (in a caller's transaction, or through the
//! group-commit writer), search, and verify the hash chain.
//!
//! Appending takes the chain lock, reads the head, and inserts the new events
//! with consecutive sequence numbers. On PostgreSQL the lock is a transaction
//! advisory lock, so several `brug serve` processes extend one chain; on
//! SQLite the write transaction (`BEGIN IMMEDIATE`) is the lock.

use std::time::Duration;

use brug_domain::audit::{
    AuditAction, AuditActor, AuditEvent, AuditOrigin, ChainError, ChainVerifier, ChainedEvent,
    GENESIS, Outcome, chain_hash,
};
use brug_domain::ids::{OrgId, PupilId, UserId};
use tokio::sync::{mpsc, oneshot};

use crate::db::Engine;
use crate::dynamic;
use crate::{Db, Page, StoreError, Ts, Tx};

/// Key of the PostgreSQL advisory lock that serialises chain appends ("NEN 7513").
const CHAIN_LOCK: i64 = 7513;

/// Append events inside an open write transaction; they commit with it.
/// Returns the sequence numbers given to them.
pub async fn append_in_tx(tx: &mut Tx, events: &[AuditEvent]) -> Result<Vec<i64>, StoreError> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    if tx.engine() == Engine::Postgres {
        on_tx!(tx, conn => sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(CHAIN_LOCK).execute(conn).await.map(|r| r.rows_affected()))?;
    }
    let head: Option<(i64, String)> = on_tx!(tx, conn => sqlx::query_as(
        "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1",
    )
    .fetch_optional(conn)
    .await)?;
    let (mut seq, mut prev) = match head {
        Some((seq, hash)) => (
            seq,
            decode_hash(&hash).ok_or(StoreError::Corrupt(format!(
                "audit event {seq} has an unreadable hash"
            )))?,
        ),
        None => (0, GENESIS),
    };
    // PostgreSQL text cannot hold NUL; store (and hash) the same text on both engines.
    let events: Vec<AuditEvent> = events.iter().map(without_nul).collect();
    let mut seqs = Vec::with_capacity(events.len());
    // Insert in chunks so a batch stays under the engines' parameter limits.
    for chunk in events.chunks(200) {
        let mut sql = String::from(
            "INSERT INTO audit_events (seq, occurred_at, actor_user_id, actor_name, actor_role, actor_org_id, pupil_id, action, resource_type, resource_id, fields, session_ref, ip, user_agent, basis, outcome, break_glass, prev_hash, hash) VALUES ",
        );
        let mut rows = Vec::with_capacity(chunk.len());
        for (i, event) in chunk.iter().enumerate() {
            seq += 1;
            let hash = chain_hash(&prev, seq, event);
            rows.push((seq, event, prev, hash));
            prev = hash;
            seqs.push(seq);
            if i > 0 {
                sql.push_str(", ");
            }
            let base = i * 19;
            sql.push('(');
            sql.push_str(&crate::registry::placeholders(base + 1, 19));
            sql.push(')');
        }
        on_tx!(tx, conn => {
            let mut q = sqlx::query(dynamic(&sql));
            for (seq, e, prev, hash) in &rows {
                q = q
                    .bind(*seq)
                    .bind(Ts::new(e.occurred_at))
                    .bind(e.actor.user.map(|u| u.0))
                    .bind(&e.actor.name)
                    .bind(&e.actor.role)
                    .bind(e.actor.org.map(|o| o.0))
                    .bind(e.pupil.map(|p| p.0))
                    .bind(e.action.code())
                    .bind(&e.resource_type)
                    .bind(&e.resource_id)
                    .bind(encode_fields(&e.fields))
                    .bind(&e.origin.session)
                    .bind(&e.origin.ip)
                    .bind(&e.origin.user_agent)
                    .bind(&e.basis)
                    .bind(e.outcome.code())
                    .bind(e.break_glass)
                    .bind(hex::encode(prev))
                    .bind(hex::encode(hash));
            }
            q.execute(conn).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(seqs)
}

fn without_nul(event: &AuditEvent) -> AuditEvent {
    let clean = |s: &String| s.replace('\0', "\u{fffd}");
    let clean_opt = |s: &Option<String>| s.as_ref().map(clean);
    let mut e = event.clone();
    e.actor.name = clean(&e.actor.name);
    e.actor.role = clean_opt(&e.actor.role);
    e.resource_type = clean(&e.resource_type);
    e.resource_id = clean_opt(&e.resource_id);
    e.fields = e.fields.iter().map(clean).collect();
    e.origin.session = clean_opt(&e.origin.session);
    e.origin.ip = clean_opt(&e.origin.ip);
    e.origin.user_agent = clean_opt(&e.origin.user_agent);
    e.basis = clean(&e.basis);
    e
}

fn encode_fields(fields: &[String]) -> String {
    serde_json::to_string(fields).unwrap_or_else(|_| "[]".into())
}

fn decode_hash(text: &str) -> Option<[u8; 32]> {
    let bytes = hex::decode(text).ok()?;
    bytes.try_into().ok()
}

/// Whether auditing is on. `Off` exists only so the benchmark can measure
/// what auditing costs; `brug serve` always runs with `On`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditMode {
    On,
    Off,
}

type Ack = oneshot::Sender<Result<i64, String>>;

/// Group-commit writer: one task drains a queue of events, writes each batch
/// in one transaction and acknowledges every event after the commit. A read
/// answers only after its acknowledgement, so no data leaves Brug without a
/// durable log line.
#[derive(Clone, Debug)]
pub struct AuditWriter {
    queue: Option<mpsc::Sender<(AuditEvent, Ack)>>,
}

/// How many events one transaction takes at most.
const MAX_BATCH: usize = 512;

impl AuditWriter {
    pub fn start(db: Db, mode: AuditMode) -> (AuditWriter, tokio::task::JoinHandle<()>) {
        if mode == AuditMode::Off {
            return (AuditWriter { queue: None }, tokio::spawn(async {}));
        }
        let (tx, rx) = mpsc::channel(8192);
        let handle = tokio::spawn(run_writer(db, rx));
        (AuditWriter { queue: Some(tx) }, handle)
    }

    /// Append one event and wait until it is durably stored; returns its sequence number.
    pub async fn record(&self, event: AuditEvent) -> Result<i64, StoreError> {
        let Some(queue) = &self.queue else {
            return Ok(0);
        };
        let (ack, done) = oneshot::channel();
        queue
            .send((event, ack))
            .await
            .map_err(|_| StoreError::Unreachable("the audit writer has stopped".into()))?;
        match done.await {
            Ok(Ok(seq)) => Ok(seq),
            Ok(Err(message)) => Err(StoreError::Unreachable(format!(
                "audit log write failed: {message}"
            ))),
            Err(_) => Err(StoreError::Unreachable(
                "the audit writer has stopped".into(),
            )),
        }
    }
}

async fn run_writer(db: Db, mut rx: mpsc::Receiver<(AuditEvent, Ack)>) {
    let mut batch: Vec<(AuditEvent, Ack)> = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let events: Vec<AuditEvent> = batch.iter().map(|(e, _)| e.clone()).collect();
        match write_batch(&db, &events).await {
            Ok(seqs) => {
                for ((_, ack), seq) in batch.drain(..).zip(seqs) {
                    let _ = ack.send(Ok(seq));
                }
            }
            Err(err) => {
                // One bad event must not fail the others: write them one by
                // one, after a short pause that covers a transient lock or blip.
                tracing::warn!(error = %err, events = batch.len(), "audit batch failed; writing events one by one");
                tokio::time::sleep(Duration::from_millis(20)).await;
                for (event, ack) in batch.drain(..) {
                    let result = write_batch(&db, std::slice::from_ref(&event))
                        .await
                        .map(|seqs| seqs.first().copied().unwrap_or(0))
                        .map_err(|e| {
                            tracing::error!(error = %e, "audit event could not be written");
                            e.to_string()
                        });
                    let _ = ack.send(result);
                }
            }
        }
    }
}

async fn write_batch(db: &Db, events: &[AuditEvent]) -> Result<Vec<i64>, StoreError> {
    let mut tx = db.begin().await?;
    let seqs = append_in_tx(&mut tx, events).await?;
    tx.commit().await?;
    Ok(seqs)
}

/// A stored event with its place in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub seq: i64,
    pub event: AuditEvent,
}

#[derive(sqlx::FromRow)]
struct Row {
    seq: i64,
    occurred_at: Ts,
    actor_user_id: Option<i64>,
    actor_name: String,
    actor_role: Option<String>,
    actor_org_id: Option<i64>,
    pupil_id: Option<i64>,
    action: String,
    resource_type: String,
    resource_id: Option<String>,
    fields: String,
    session_ref: Option<String>,
    ip: Option<String>,
    user_agent: Option<String>,
    basis: String,
    outcome: String,
    break_glass: bool,
    prev_hash: String,
    hash: String,
}

const ROW_COLUMNS: &str = "seq, occurred_at, actor_user_id, actor_name, actor_role, actor_org_id, pupil_id, action, resource_type, resource_id, fields, session_ref, ip, user_agent, basis, outcome, break_glass, prev_hash, hash";

impl Row {
    /// The event as stored. Unknown codes are kept visible (not dropped), so a
    /// tampered code fails verification instead of vanishing.
    fn into_chained(self) -> ChainedEvent {
        let event = AuditEvent {
            occurred_at: self.occurred_at.get(),
            actor: AuditActor {
                user: self.actor_user_id.map(UserId),
                name: self.actor_name,
                role: self.actor_role,
                org: self.actor_org_id.map(OrgId),
            },
            pupil: self.pupil_id.map(PupilId),
            action: AuditAction::from_code(&self.action).unwrap_or(AuditAction::Read),
            resource_type: self.resource_type,
            resource_id: self.resource_id,
            fields: serde_json::from_str(&self.fields)
                .unwrap_or_else(|_| vec![self.fields.clone()]),
            origin: AuditOrigin {
                session: self.session_ref,
                ip: self.ip,
                user_agent: self.user_agent,
            },
            basis: self.basis,
            outcome: Outcome::from_code(&self.outcome).unwrap_or(Outcome::Denied),
            break_glass: self.break_glass,
        };
        // A code that does not parse was changed: make sure the hash check fails.
        let tampered_code = AuditAction::from_code(&self.action).is_none()
            || Outcome::from_code(&self.outcome).is_none();
        let hash = match (decode_hash(&self.hash), tampered_code) {
            (Some(h), false) => h,
            _ => [0xff; 32],
        };
        ChainedEvent {
            seq: self.seq,
            event,
            prev_hash: decode_hash(&self.prev_hash).unwrap_or([0xff; 32]),
            hash,
        }
    }
}

/// The outcome of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub checked: u64,
    pub first_error: Option<ChainError>,
}

/// Walk the whole log in sequence order, in pages, and check every link.
pub async fn verify(db: &Db) -> Result<VerifyReport, StoreError> {
    let mut verifier = match latest_checkpoint(db).await? {
        Some((seq, hash)) => ChainVerifier::from_checkpoint(
            seq,
            decode_hash(&hash).ok_or_else(|| {
                StoreError::Corrupt(format!("checkpoint at {seq} has an unreadable hash"))
            })?,
        ),
        None => ChainVerifier::default(),
    };
    // The first page has no lower bound: a row forged below seq 1 must be seen.
    let mut after: Option<i64> = None;
    let first = format!("SELECT {ROW_COLUMNS} FROM audit_events ORDER BY seq LIMIT 5000");
    let next =
        format!("SELECT {ROW_COLUMNS} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT 5000");
    loop {
        let rows: Vec<Row> = match after {
            None => on_read!(db, pool => sqlx::query_as(dynamic(&first)).fetch_all(pool).await)?,
            Some(after) => {
                on_read!(db, pool => sqlx::query_as(dynamic(&next)).bind(after).fetch_all(pool).await)?
            }
        };
        if rows.is_empty() {
            return Ok(VerifyReport {
                checked: verifier.checked(),
                first_error: None,
            });
        }
        for row in rows {
            let chained = row.into_chained();
            after = Some(chained.seq);
            if let Err(err) = verifier.check(&chained) {
                return Ok(VerifyReport {
                    checked: verifier.checked(),
                    first_error: Some(err),
                });
            }
        }
    }
}

async fn latest_checkpoint(db: &Db) -> Result<Option<(i64, String)>, StoreError> {
    Ok(on_read!(db, pool => sqlx::query_as(
        "SELECT through_seq, hash FROM audit_checkpoints ORDER BY through_seq DESC LIMIT 1",
    )
    .fetch_optional(pool)
    .await)?)
}

/// Remove events that occurred before `cutoff` (the retention period has
/// passed), leaving a checkpoint so the remaining chain still verifies.
/// Returns how many events were removed.
pub async fn prune_before(db: &Db, cutoff: Ts, now: Ts) -> Result<u64, StoreError> {
    let mut tx = db.begin().await?;
    if tx.engine() == Engine::Postgres {
        on_tx!(tx, conn => sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(CHAIN_LOCK).execute(conn).await.map(|r| r.rows_affected()))?;
    }
    // The newest event older than the cutoff; events are appended in time order.
    let last: Option<(i64, String)> = on_tx!(tx, conn => sqlx::query_as(
        "SELECT seq, hash FROM audit_events WHERE occurred_at < $1 ORDER BY seq DESC LIMIT 1",
    )
    .bind(cutoff)
    .fetch_optional(conn)
    .await)?;
    let Some((through, hash)) = last else {
        tx.rollback().await?;
        return Ok(0);
    };
    let removed = on_tx!(tx, conn => sqlx::query("DELETE FROM audit_events WHERE seq <= $1")
        .bind(through)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO audit_checkpoints (through_seq, hash, events_removed, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(through)
    .bind(&hash)
    .bind(i64::try_from(removed).unwrap_or(i64::MAX))
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    tx.commit().await?;
    Ok(removed)
}

/// Filters for searching the log (privacy officer, parents, own access).
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub pupil: Option<i64>,
    pub actor_user: Option<i64>,
    pub actor_org: Option<i64>,
    /// Events by this organisation's staff or about pupils enrolled at it.
    pub org_scope: Option<i64>,
    pub action: Option<AuditAction>,
    pub from: Option<Ts>,
    pub until: Option<Ts>,
    pub break_glass_only: bool,
    /// Only events about pupils (personal data), not account events.
    pub pupil_events_only: bool,
    pub offset: i64,
    pub limit: i64,
}

pub async fn search(db: &Db, q: &AuditQuery) -> Result<Page<StoredEvent>, StoreError> {
    let mut clauses: Vec<String> = Vec::new();
    let mut ints: Vec<(usize, i64)> = Vec::new();
    let mut texts: Vec<(usize, String)> = Vec::new();
    let mut times: Vec<(usize, Ts)> = Vec::new();
    let mut n = 0usize;
    let mut next = || {
        n += 1;
        n
    };
    if let Some(p) = q.pupil {
        let i = next();
        clauses.push(format!("pupil_id = ${i}"));
        ints.push((i, p));
    }
    if let Some(u) = q.actor_user {
        let i = next();
        clauses.push(format!("actor_user_id = ${i}"));
        ints.push((i, u));
    }
    if let Some(o) = q.actor_org {
        let i = next();
        clauses.push(format!("actor_org_id = ${i}"));
        ints.push((i, o));
    }
    if let Some(o) = q.org_scope {
        let i = next();
        clauses.push(format!(
            "(actor_org_id = ${i} OR pupil_id IN (SELECT pupil_id FROM enrolments WHERE school_id = ${i}))"
        ));
        ints.push((i, o));
    }
    if let Some(a) = q.action {
        let i = next();
        clauses.push(format!("action = ${i}"));
        texts.push((i, a.code().to_owned()));
    }
    if let Some(t) = q.from {
        let i = next();
        clauses.push(format!("occurred_at >= ${i}"));
        times.push((i, t));
    }
    if let Some(t) = q.until {
        let i = next();
        clauses.push(format!("occurred_at < ${i}"));
        times.push((i, t));
    }
    if q.break_glass_only {
        clauses.push("break_glass".into());
    }
    if q.pupil_events_only {
        clauses.push("pupil_id IS NOT NULL".into());
    }
    let where_sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    // Arguments must be bound in placeholder order.
    let mut args: Vec<(usize, Arg)> = ints
        .into_iter()
        .map(|(i, v)| (i, Arg::Int(v)))
        .chain(texts.into_iter().map(|(i, v)| (i, Arg::Text(v))))
        .chain(times.into_iter().map(|(i, v)| (i, Arg::Time(v))))
        .collect();
    args.sort_by_key(|(i, _)| *i);
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM audit_events {where_sql} ORDER BY seq DESC LIMIT {} OFFSET {}",
        q.limit.clamp(1, 200),
        q.offset.max(0)
    );
    let count_sql = format!("SELECT count(*) FROM audit_events {where_sql}");
    let rows: Vec<Row> = on_read!(db, pool => {
        let mut query = sqlx::query_as(dynamic(&sql));
        for (_, a) in &args {
            query = match a { Arg::Int(v) => query.bind(*v), Arg::Text(v) => query.bind(v.clone()), Arg::Time(v) => query.bind(*v) };
        }
        query.fetch_all(pool).await
    })?;
    let (total,): (i64,) = on_read!(db, pool => {
        let mut query = sqlx::query_as(dynamic(&count_sql));
        for (_, a) in &args {
            query = match a { Arg::Int(v) => query.bind(*v), Arg::Text(v) => query.bind(v.clone()), Arg::Time(v) => query.bind(*v) };
        }
        query.fetch_one(pool).await
    })?;
    Ok(Page {
        rows: rows
            .into_iter()
            .map(|r| {
                let c = r.into_chained();
                StoredEvent {
                    seq: c.seq,
                    event: c.event,
                }
            })
            .collect(),
        total,
    })
}

enum Arg {
    Int(i64),
    Text(String),
    Time(Ts),
}

/// Number of events in the log.
pub async fn count(db: &Db) -> Result<i64, StoreError> {
    let (n,): (i64,) = on_read!(db, pool => sqlx::query_as("SELECT count(*) FROM audit_events").fetch_one(pool).await)?;
    Ok(n)
}
