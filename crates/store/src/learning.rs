//! The learning network (S6): networks, members, sessions with their
//! contributions and case stories, the knowledge base with its full-text
//! search, improvement actions, the glossary and the collaboration scan.
//!
//! Search: PostgreSQL matches `to_tsvector('dutch', body)` against
//! `plainto_tsquery('dutch', query)`; SQLite matches an FTS5 table of the
//! terms `brug_domain::learning::search` makes (same stemmer, same stop
//! words), kept here in the same transaction as the item.

use brug_domain::learning::search;
use time::Date;

use crate::db::{Pools, TxInner};
use crate::{Db, StoreError, Ts, Tx, dynamic};

// ---------------------------------------------------------------------------
// Networks and members
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NetworkRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub description: String,
    pub facilitator_user_id: Option<i64>,
    pub facilitator_name: Option<String>,
    pub created_at: Ts,
}

const NETWORK_SELECT: &str = "SELECT n.id, n.kind, n.name, n.description, n.facilitator_user_id,
    u.name AS facilitator_name, n.created_at
    FROM learning_networks n LEFT JOIN users u ON u.id = n.facilitator_user_id";

pub async fn insert_network(
    tx: &mut Tx,
    kind: &str,
    name: &str,
    description: &str,
    facilitator: i64,
    now: Ts,
) -> Result<i64, StoreError> {
    let sql =
        "INSERT INTO learning_networks (kind, name, description, facilitator_user_id, created_at)
               VALUES ($1, $2, $3, $4, $5) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(kind).bind(name).bind(description).bind(facilitator).bind(now)
        .fetch_one(conn).await)?;
    Ok(id)
}

pub async fn network(db: &Db, id: i64) -> Result<Option<NetworkRow>, StoreError> {
    let sql = format!("{NETWORK_SELECT} WHERE n.id = $1");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(id).fetch_optional(pool).await)?)
}

/// The networks a user facilitates or is an active member of.
pub async fn networks_of_user(db: &Db, user: i64) -> Result<Vec<NetworkRow>, StoreError> {
    let sql = format!(
        "{NETWORK_SELECT} WHERE n.facilitator_user_id = $1
           OR n.id IN (SELECT network_id FROM learning_members WHERE user_id = $1 AND left_at IS NULL)
         ORDER BY n.name, n.id"
    );
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(user).fetch_all(pool).await)?)
}

/// The facilitator and the accounts of the active members.
pub async fn network_facts(
    db: &Db,
    id: i64,
) -> Result<Option<(Option<i64>, Vec<i64>)>, StoreError> {
    let facilitator: Option<(Option<i64>,)> = on_read!(db, pool => sqlx::query_as(
        "SELECT facilitator_user_id FROM learning_networks WHERE id = $1")
        .bind(id).fetch_optional(pool).await)?;
    let Some((facilitator,)) = facilitator else {
        return Ok(None);
    };
    let members: Vec<(i64,)> = on_read!(db, pool => sqlx::query_as(
        "SELECT user_id FROM learning_members WHERE network_id = $1 AND user_id IS NOT NULL AND left_at IS NULL")
        .bind(id).fetch_all(pool).await)?;
    Ok(Some((
        facilitator,
        members.into_iter().map(|(u,)| u).collect(),
    )))
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MemberRow {
    pub id: i64,
    pub network_id: i64,
    pub user_id: Option<i64>,
    pub name: String,
    pub perspective: String,
    pub organisation: String,
    pub joined_at: Ts,
    pub left_at: Option<Ts>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMember {
    pub network_id: i64,
    pub user_id: Option<i64>,
    pub name: String,
    pub perspective: String,
    pub organisation: String,
}

/// Add a member; a duplicate account in the network is refused.
pub async fn insert_member(tx: &mut Tx, m: &NewMember, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO learning_members (network_id, user_id, name, perspective, organisation, joined_at)
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(m.network_id).bind(m.user_id).bind(&m.name).bind(&m.perspective)
        .bind(&m.organisation).bind(now)
        .fetch_one(conn).await)
    .map_err(|e| StoreError::on_unique(e, "member"))?;
    Ok(id)
}

pub async fn members(db: &Db, network: i64) -> Result<Vec<MemberRow>, StoreError> {
    let sql = "SELECT id, network_id, user_id, name, perspective, organisation, joined_at, left_at
               FROM learning_members WHERE network_id = $1 ORDER BY left_at IS NOT NULL, perspective, id";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(network).fetch_all(pool).await)?)
}

/// A member leaves: the account and name are removed, the perspective
/// stays with their contributions. Whether an active member left.
pub async fn leave(tx: &mut Tx, network: i64, member: i64, now: Ts) -> Result<bool, StoreError> {
    let n = on_tx!(tx, conn => sqlx::query(
        "UPDATE learning_members SET left_at = $3, user_id = NULL, name = '', organisation = ''
         WHERE id = $1 AND network_id = $2 AND left_at IS NULL")
        .bind(member).bind(network).bind(now)
        .execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

// ---------------------------------------------------------------------------
// Sessions, contributions, case stories
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub network_id: i64,
    pub kind: String,
    pub title: String,
    pub theme: Option<String>,
    pub held_on: Date,
    pub guiding_question: String,
    pub case_id: Option<i64>,
    pub family_invited: bool,
    pub keep_organisations: bool,
    pub story: Option<String>,
    pub story_status: Option<String>,
    pub story_removed: Option<String>,
    pub story_review_note: Option<String>,
    pub created_at: Ts,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub network_id: i64,
    pub kind: String,
    pub title: String,
    pub theme: Option<String>,
    pub held_on: Date,
    pub guiding_question: String,
}

const SESSION_SELECT: &str = "SELECT id, network_id, kind, title, theme, held_on, guiding_question, case_id,
    family_invited, keep_organisations, story, story_status, story_removed, story_review_note, created_at
    FROM learning_sessions";

pub async fn insert_session(tx: &mut Tx, s: &NewSession, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO learning_sessions (network_id, kind, title, theme, held_on, guiding_question, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(s.network_id).bind(&s.kind).bind(&s.title).bind(&s.theme).bind(s.held_on)
        .bind(&s.guiding_question).bind(now)
        .fetch_one(conn).await)?;
    Ok(id)
}

pub async fn sessions(db: &Db, network: i64) -> Result<Vec<SessionRow>, StoreError> {
    let sql = format!("{SESSION_SELECT} WHERE network_id = $1 ORDER BY held_on DESC, id DESC");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(network).fetch_all(pool).await)?)
}

pub async fn session(db: &Db, id: i64) -> Result<Option<SessionRow>, StoreError> {
    let sql = format!("{SESSION_SELECT} WHERE id = $1");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(id).fetch_optional(pool).await)?)
}

/// The draft story from a case (status `draft`), replacing an earlier one.
pub struct StoryDraft<'a> {
    pub case_id: i64,
    pub story: &'a str,
    pub removed: &'a str,
    pub family_invited: bool,
    pub keep_organisations: bool,
}

pub async fn set_story(tx: &mut Tx, session: i64, d: &StoryDraft<'_>) -> Result<(), StoreError> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE learning_sessions SET case_id = $2, story = $3, story_removed = $4, story_status = 'draft',
            story_review_note = NULL, family_invited = $5, keep_organisations = $6 WHERE id = $1")
        .bind(session).bind(d.case_id).bind(d.story).bind(d.removed)
        .bind(d.family_invited).bind(d.keep_organisations)
        .execute(conn).await.map(|_| ()))?;
    Ok(())
}

/// The facilitator's review: `approved` (with the text as edited) or
/// `rejected` (the text is removed, the note says why).
pub async fn review_story(
    tx: &mut Tx,
    session: i64,
    status: &str,
    story: Option<&str>,
    note: Option<&str>,
) -> Result<bool, StoreError> {
    let n = on_tx!(tx, conn => sqlx::query(
        "UPDATE learning_sessions SET story_status = $2, story = $3, story_review_note = $4
         WHERE id = $1 AND story_status = 'draft'")
        .bind(session).bind(status).bind(story).bind(note)
        .execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ContributionRow {
    pub id: i64,
    pub member_id: i64,
    /// Empty once the member left: shown by perspective only.
    pub member_name: String,
    pub perspective: String,
    pub question: String,
    pub body: String,
    pub created_at: Ts,
}

pub async fn insert_contribution(
    tx: &mut Tx,
    session: i64,
    member: i64,
    perspective: &str,
    question: &str,
    body: &str,
    now: Ts,
) -> Result<i64, StoreError> {
    let sql = "INSERT INTO learning_contributions (session_id, member_id, perspective, question, body, created_at)
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(session).bind(member).bind(perspective).bind(question).bind(body).bind(now)
        .fetch_one(conn).await)?;
    Ok(id)
}

pub async fn contributions(db: &Db, session: i64) -> Result<Vec<ContributionRow>, StoreError> {
    let sql = "SELECT c.id, c.member_id, m.name AS member_name, c.perspective, c.question, c.body, c.created_at
               FROM learning_contributions c JOIN learning_members m ON m.id = c.member_id
               WHERE c.session_id = $1 ORDER BY c.id";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(session).fetch_all(pool).await)?)
}

// ---------------------------------------------------------------------------
// The knowledge base
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ItemRow {
    pub id: i64,
    pub network_id: Option<i64>,
    pub session_id: Option<i64>,
    pub kind: String,
    pub theme: Option<String>,
    pub level: Option<String>,
    pub sector: Option<String>,
    pub body: String,
    pub source: String,
    pub created_at: Ts,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewItem {
    /// `network:<id>`, or `brug` for the seeded knowledge.
    pub scope: String,
    pub network_id: Option<i64>,
    pub session_id: Option<i64>,
    pub kind: String,
    pub theme: Option<String>,
    pub level: Option<String>,
    pub sector: Option<String>,
    pub body: String,
    pub source: String,
    pub dup_key: String,
    pub created_by_user_id: Option<i64>,
}

/// Add an item to the knowledge base and its search index; `None` when the
/// same text is already there in this scope.
pub async fn insert_item(tx: &mut Tx, item: &NewItem, now: Ts) -> Result<Option<i64>, StoreError> {
    let sql = "INSERT INTO learning_items (scope, network_id, session_id, kind, theme, level, sector, body, source,
                   dup_key, created_by_user_id, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
               ON CONFLICT (scope, dup_key) DO NOTHING RETURNING id";
    let id: Option<(i64,)> = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(&item.scope).bind(item.network_id).bind(item.session_id).bind(&item.kind)
        .bind(&item.theme).bind(&item.level).bind(&item.sector).bind(&item.body)
        .bind(&item.source).bind(&item.dup_key).bind(item.created_by_user_id).bind(now)
        .fetch_optional(conn).await)?;
    let Some((id,)) = id else {
        return Ok(None);
    };
    if let TxInner::Sqlite(conn) = tx.inner_mut() {
        sqlx::query("INSERT INTO learning_items_fts (rowid, terms) VALUES ($1, $2)")
            .bind(id)
            .bind(search::index_text(&item.body))
            .execute(&mut **conn)
            .await?;
    }
    Ok(Some(id))
}

/// What the knowledge base is searched for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemFilter {
    pub query: String,
    pub theme: Option<String>,
    pub level: Option<String>,
    pub sector: Option<String>,
    pub kinds: Vec<String>,
    pub network_id: Option<i64>,
    pub limit: i64,
}

const ITEM_COLUMNS: &str = "i.id, i.network_id, i.session_id, i.kind, i.theme, i.level, i.sector, i.body, i.source, i.created_at";

/// Search and filter the knowledge base: best matches first when there is a
/// query (each engine's own ranking), else by theme and newest first.
pub async fn search(db: &Db, f: &ItemFilter) -> Result<Vec<ItemRow>, StoreError> {
    let mut conditions: Vec<String> = Vec::new();
    let mut binds: Vec<String> = Vec::new();
    let param = |binds: &mut Vec<String>, value: String| {
        binds.push(value);
        format!("${}", binds.len())
    };
    let fts_query = search::fts5_query(&f.query);
    let has_query = !search::terms(&f.query).is_empty();
    let sqlite = matches!(db.pools(), Pools::Sqlite { .. });
    let mut order = "i.theme, i.created_at DESC, i.id DESC".to_owned();
    if has_query {
        if sqlite {
            let p = param(&mut binds, fts_query.clone().unwrap_or_default());
            conditions.push(format!(
                "i.id IN (SELECT rowid FROM learning_items_fts WHERE learning_items_fts MATCH {p})"
            ));
            order = format!(
                "(SELECT bm25(learning_items_fts) FROM learning_items_fts WHERE learning_items_fts MATCH {p} AND rowid = i.id), i.id"
            );
        } else {
            let p = param(&mut binds, f.query.clone());
            conditions.push(format!(
                "to_tsvector('dutch', i.body) @@ plainto_tsquery('dutch', {p})"
            ));
            order = format!(
                "ts_rank(to_tsvector('dutch', i.body), plainto_tsquery('dutch', {p})) DESC, i.id"
            );
        }
    }
    for (column, value) in [
        ("i.theme", &f.theme),
        ("i.level", &f.level),
        ("i.sector", &f.sector),
    ] {
        if let Some(v) = value {
            let p = param(&mut binds, v.clone());
            conditions.push(format!("{column} = {p}"));
        }
    }
    if !f.kinds.is_empty() {
        let ps: Vec<String> = f
            .kinds
            .iter()
            .map(|k| param(&mut binds, k.clone()))
            .collect();
        conditions.push(format!("i.kind IN ({})", ps.join(", ")));
    }
    let network = f.network_id.map(|n| n.to_string());
    if let Some(n) = &network {
        let p = param(&mut binds, n.clone());
        conditions.push(format!("i.scope = 'network:' || {p}"));
    }
    let where_clause = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM learning_items i {where_clause} ORDER BY {order} LIMIT {}",
        f.limit.clamp(1, 500)
    );
    Ok(on_read!(db, pool => {
        let mut q = sqlx::query_as(dynamic(&sql));
        for b in &binds {
            q = q.bind(b);
        }
        q.fetch_all(pool).await
    })?)
}

pub async fn item(db: &Db, id: i64) -> Result<Option<ItemRow>, StoreError> {
    let sql = format!("SELECT {ITEM_COLUMNS} FROM learning_items i WHERE i.id = $1");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(id).fetch_optional(pool).await)?)
}

/// (theme, level, kind, number of items)
pub type ItemCount = (Option<String>, Option<String>, String, i64);

/// Items per (theme, level, kind) of a network or theme, for the factsheet.
pub async fn item_counts(
    db: &Db,
    network: Option<i64>,
    theme: Option<&str>,
) -> Result<Vec<ItemCount>, StoreError> {
    let sql = "SELECT theme, level, kind, count(*) FROM learning_items
               WHERE ($1 IS NULL OR network_id = $1) AND ($2 IS NULL OR theme = $2)
               GROUP BY theme, level, kind ORDER BY theme, level, kind";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(network).bind(theme).fetch_all(pool).await)?)
}

/// Whether the seeded knowledge is there already.
pub async fn seeded_count(db: &Db) -> Result<i64, StoreError> {
    let (n,): (i64,) = on_read!(db, pool => sqlx::query_as(
        "SELECT count(*) FROM learning_items WHERE scope = 'brug'").fetch_one(pool).await)?;
    Ok(n)
}

// ---------------------------------------------------------------------------
// Improvement actions
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ActionRow {
    pub id: i64,
    pub network_id: i64,
    pub session_id: Option<i64>,
    pub theme: Option<String>,
    pub description: String,
    pub owner: String,
    pub organisation: String,
    pub due_on: Date,
    pub status: String,
    pub follow_up: Option<String>,
    pub followed_up_session_id: Option<i64>,
    pub updated_at: Ts,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAction {
    pub network_id: i64,
    pub session_id: Option<i64>,
    pub theme: Option<String>,
    pub description: String,
    pub owner: String,
    pub organisation: String,
    pub due_on: Date,
}

pub async fn insert_action(tx: &mut Tx, a: &NewAction, now: Ts) -> Result<i64, StoreError> {
    let sql = "INSERT INTO learning_actions (network_id, session_id, theme, description, owner, organisation, due_on,
                   status, created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $8) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(a.network_id).bind(a.session_id).bind(&a.theme).bind(&a.description)
        .bind(&a.owner).bind(&a.organisation).bind(a.due_on).bind(now)
        .fetch_one(conn).await)?;
    Ok(id)
}

pub async fn actions(db: &Db, network: i64) -> Result<Vec<ActionRow>, StoreError> {
    let sql = "SELECT id, network_id, session_id, theme, description, owner, organisation, due_on, status,
                   follow_up, followed_up_session_id, updated_at
               FROM learning_actions WHERE network_id = $1 ORDER BY due_on, id";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(network).fetch_all(pool).await)?)
}

/// Record the follow-up of an action in a session.
pub async fn follow_up(
    tx: &mut Tx,
    network: i64,
    action: i64,
    status: &str,
    note: Option<&str>,
    session: i64,
    now: Ts,
) -> Result<bool, StoreError> {
    let n = on_tx!(tx, conn => sqlx::query(
        "UPDATE learning_actions SET status = $3, follow_up = $4, followed_up_session_id = $5, updated_at = $6
         WHERE id = $1 AND network_id = $2")
        .bind(action).bind(network).bind(status).bind(note).bind(session).bind(now)
        .execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

// ---------------------------------------------------------------------------
// Glossary
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TermRow {
    pub id: i64,
    pub term: String,
    pub education: String,
    pub youth_care: String,
    pub equivalents: String,
    pub proposed_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTerm {
    pub term: String,
    pub education: String,
    pub youth_care: String,
    pub equivalents: String,
    pub proposed_by: String,
}

/// Add a term; `None` when a term with the same key exists.
pub async fn insert_term(tx: &mut Tx, t: &NewTerm, now: Ts) -> Result<Option<i64>, StoreError> {
    let sql = "INSERT INTO learning_terms (term, term_key, education, youth_care, equivalents, proposed_by, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (term_key) DO NOTHING RETURNING id";
    let id: Option<(i64,)> = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(&t.term).bind(t.term.to_lowercase()).bind(&t.education).bind(&t.youth_care)
        .bind(&t.equivalents).bind(&t.proposed_by).bind(now)
        .fetch_optional(conn).await)?;
    Ok(id.map(|(id,)| id))
}

pub async fn terms(db: &Db) -> Result<Vec<TermRow>, StoreError> {
    let sql = "SELECT id, term, education, youth_care, equivalents, proposed_by FROM learning_terms ORDER BY term_key";
    Ok(on_read!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?)
}

// ---------------------------------------------------------------------------
// Collaboration scan
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ScanRow {
    pub id: i64,
    pub org_id: i64,
    pub partner_org_id: Option<i64>,
    pub partner_name: Option<String>,
    pub status: String,
    pub updated_at: Ts,
    pub completed_at: Option<Ts>,
}

pub async fn insert_scan(
    tx: &mut Tx,
    org: i64,
    partner: Option<i64>,
    user: i64,
    now: Ts,
) -> Result<i64, StoreError> {
    let sql = "INSERT INTO learning_scans (org_id, partner_org_id, status, taken_by_user_id, created_at, updated_at)
               VALUES ($1, $2, 'draft', $3, $4, $4) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(org).bind(partner).bind(user).bind(now)
        .fetch_one(conn).await)?;
    Ok(id)
}

/// Replace a draft scan's answers, and complete it when `complete`.
pub async fn save_answers(
    tx: &mut Tx,
    scan: i64,
    answers: &[(String, i64)],
    complete: bool,
    now: Ts,
) -> Result<bool, StoreError> {
    let n = on_tx!(tx, conn => sqlx::query(
        "UPDATE learning_scans SET updated_at = $2, status = CASE WHEN $3 THEN 'done' ELSE 'draft' END,
            completed_at = CASE WHEN $3 THEN $2 ELSE NULL END
         WHERE id = $1 AND status = 'draft'")
        .bind(scan).bind(now).bind(complete)
        .execute(conn).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        return Ok(false);
    }
    on_tx!(tx, conn => sqlx::query("DELETE FROM learning_scan_answers WHERE scan_id = $1")
        .bind(scan).execute(conn).await.map(|_| ()))?;
    for (theme, score) in answers {
        on_tx!(tx, conn => sqlx::query(
            "INSERT INTO learning_scan_answers (scan_id, theme, score) VALUES ($1, $2, $3)")
            .bind(scan).bind(theme).bind(score).execute(conn).await.map(|_| ()))?;
    }
    Ok(true)
}

const SCAN_SELECT: &str =
    "SELECT s.id, s.org_id, s.partner_org_id, p.name AS partner_name, s.status, s.updated_at,
    s.completed_at FROM learning_scans s LEFT JOIN organisations p ON p.id = s.partner_org_id";

/// The organisation's scans, newest first.
pub async fn scans_of_org(db: &Db, org: i64) -> Result<Vec<ScanRow>, StoreError> {
    let sql = format!("{SCAN_SELECT} WHERE s.org_id = $1 ORDER BY s.created_at DESC, s.id DESC");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(org).fetch_all(pool).await)?)
}

pub async fn scan(db: &Db, id: i64) -> Result<Option<ScanRow>, StoreError> {
    let sql = format!("{SCAN_SELECT} WHERE s.id = $1");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(id).fetch_optional(pool).await)?)
}

pub async fn scan_answers(db: &Db, scan: i64) -> Result<Vec<(String, i64)>, StoreError> {
    let sql = "SELECT theme, score FROM learning_scan_answers WHERE scan_id = $1 ORDER BY theme";
    Ok(on_read!(db, pool => sqlx::query_as(sql).bind(scan).fetch_all(pool).await)?)
}
