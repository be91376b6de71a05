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
    pub project_id: Option<i64>,
    pub project_name: Option<String>,
    /// Set when a network that held sessions was removed: it is kept.
    pub archived_at: Option<Ts>,
}

const NETWORK_SELECT: &str = "SELECT n.id, n.kind, n.name, n.description, n.facilitator_user_id,
    u.name AS facilitator_name, n.created_at, n.project_id, p.name AS project_name, n.archived_at
    FROM learning_networks n LEFT JOIN users u ON u.id = n.facilitator_user_id
    LEFT JOIN learning_projects p ON p.id = n.project_id";

/// What a network is called and where it belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkFields {
    pub kind: String,
    pub name: String,
    pub description: String,
    pub project_id: Option<i64>,
}

pub async fn insert_network(
    tx: &mut Tx,
    n: &NetworkFields,
    facilitator: i64,
    now: Ts,
) -> Result<i64, StoreError> {
    let sql = "INSERT INTO learning_networks (kind, name, description, facilitator_user_id, created_at, project_id)
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(&n.kind).bind(&n.name).bind(&n.description).bind(facilitator).bind(now).bind(n.project_id)
        .fetch_one(conn).await)?;
    Ok(id)
}

pub async fn update_network(tx: &mut Tx, id: i64, n: &NetworkFields) -> Result<bool, StoreError> {
    let count = on_tx!(tx, conn => sqlx::query(
        "UPDATE learning_networks SET kind = $2, name = $3, description = $4, project_id = $5 WHERE id = $1")
        .bind(id).bind(&n.kind).bind(&n.name).bind(&n.description).bind(n.project_id)
        .execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(count > 0)
}

/// Remove a network that never held a session (with its members); whether
/// it was removed. One with sessions is archived instead ([`archive_network`]).
pub async fn delete_network(tx: &mut Tx, id: i64) -> Result<bool, StoreError> {
    let count = on_tx!(tx, conn => sqlx::query(
        "DELETE FROM learning_networks WHERE id = $1
           AND NOT EXISTS (SELECT 1 FROM learning_sessions WHERE network_id = $1)
           AND NOT EXISTS (SELECT 1 FROM learning_items WHERE network_id = $1)")
        .bind(id).execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(count > 0)
}

/// Archive a network: kept with its sessions and knowledge, closed for new
/// sessions and members.
pub async fn archive_network(tx: &mut Tx, id: i64, now: Ts) -> Result<bool, StoreError> {
    let count = on_tx!(tx, conn => sqlx::query(
        "UPDATE learning_networks SET archived_at = $2 WHERE id = $1 AND archived_at IS NULL")
        .bind(id).bind(now).execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(count > 0)
}

// ---------------------------------------------------------------------------
// Projects (programmes)
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProjectRow {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub networks: i64,
}

/// Add a project; `None` when one with the same name (case-insensitive) exists.
pub async fn insert_project(
    tx: &mut Tx,
    name: &str,
    description: &str,
    user: i64,
    now: Ts,
) -> Result<Option<i64>, StoreError> {
    let sql = "INSERT INTO learning_projects (name, name_key, description, created_by_user_id, created_at)
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name_key) DO NOTHING RETURNING id";
    let id: Option<(i64,)> = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(name).bind(name.to_lowercase()).bind(description).bind(user).bind(now)
        .fetch_optional(conn).await)?;
    Ok(id.map(|(id,)| id))
}

const PROJECT_SELECT: &str = "SELECT p.id, p.name, p.description,
    (SELECT count(*) FROM learning_networks n WHERE n.project_id = p.id) AS networks
    FROM learning_projects p";

pub async fn projects(db: &Db) -> Result<Vec<ProjectRow>, StoreError> {
    let sql = format!("{PROJECT_SELECT} ORDER BY p.name_key");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).fetch_all(pool).await)?)
}

pub async fn project(db: &Db, id: i64) -> Result<Option<ProjectRow>, StoreError> {
    let sql = format!("{PROJECT_SELECT} WHERE p.id = $1");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(id).fetch_optional(pool).await)?)
}

pub async fn networks_of_project(db: &Db, project: i64) -> Result<Vec<NetworkRow>, StoreError> {
    let sql = format!("{NETWORK_SELECT} WHERE n.project_id = $1 ORDER BY n.name, n.id");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(project).fetch_all(pool).await)?)
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

/// What an edit of an item changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemChange {
    pub kind: String,
    pub theme: Option<String>,
    pub level: Option<String>,
    pub sector: Option<String>,
    pub body: String,
    pub dup_key: String,
}

/// Change an item and its search index; `None` when the new text is
/// already there in the item's scope, else whether the item existed.
pub async fn update_item(tx: &mut Tx, id: i64, c: &ItemChange) -> Result<Option<bool>, StoreError> {
    let taken: Option<(i64,)> = on_tx!(tx, conn => sqlx::query_as(
        "SELECT o.id FROM learning_items o JOIN learning_items i ON i.scope = o.scope
         WHERE i.id = $1 AND o.id <> $1 AND o.dup_key = $2")
        .bind(id).bind(&c.dup_key).fetch_optional(conn).await)?;
    if taken.is_some() {
        return Ok(None);
    }
    let count = on_tx!(tx, conn => sqlx::query(
        "UPDATE learning_items SET kind = $2, theme = $3, level = $4, sector = $5, body = $6, dup_key = $7
         WHERE id = $1")
        .bind(id).bind(&c.kind).bind(&c.theme).bind(&c.level).bind(&c.sector).bind(&c.body)
        .bind(&c.dup_key)
        .execute(conn).await.map(|r| r.rows_affected()))?;
    if let TxInner::Sqlite(conn) = tx.inner_mut() {
        sqlx::query("DELETE FROM learning_items_fts WHERE rowid = $1")
            .bind(id)
            .execute(&mut **conn)
            .await?;
        sqlx::query("INSERT INTO learning_items_fts (rowid, terms) VALUES ($1, $2)")
            .bind(id)
            .bind(search::index_text(&c.body))
            .execute(&mut **conn)
            .await?;
    }
    Ok(Some(count > 0))
}

/// Remove an item from the knowledge base and its search index.
pub async fn delete_item(tx: &mut Tx, id: i64) -> Result<bool, StoreError> {
    if let TxInner::Sqlite(conn) = tx.inner_mut() {
        sqlx::query("DELETE FROM learning_items_fts WHERE rowid = $1")
            .bind(id)
            .execute(&mut **conn)
            .await?;
    }
    let count = on_tx!(tx, conn => sqlx::query("DELETE FROM learning_items WHERE id = $1")
        .bind(id).execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(count > 0)
}

pub async fn item(db: &Db, id: i64) -> Result<Option<ItemRow>, StoreError> {
    let sql = format!("SELECT {ITEM_COLUMNS} FROM learning_items i WHERE i.id = $1");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(id).fetch_optional(pool).await)?)
}

/// (theme, level, kind, number of items)
pub type ItemCount = (Option<String>, Option<String>, String, i64);

/// Which items a factsheet or theme page counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountScope {
    /// Only these networks' items (`None`: every item, also Brug's own).
    pub networks: Option<Vec<i64>>,
    pub theme: Option<String>,
    /// Leave out Brug's own (seeded) knowledge.
    pub networks_only: bool,
}

/// Items per (theme, level, kind), for the factsheets and theme pages.
pub async fn item_counts(db: &Db, scope: &CountScope) -> Result<Vec<ItemCount>, StoreError> {
    let mut conditions = vec!["($1 IS NULL OR theme = $1)".to_owned()];
    if scope.networks_only {
        conditions.push("network_id IS NOT NULL".into());
    }
    if let Some(ids) = &scope.networks {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        conditions.push(format!("network_id IN ({})", list.join(", ")));
    }
    let sql = format!(
        "SELECT theme, level, kind, count(*) FROM learning_items WHERE {}
         GROUP BY theme, level, kind ORDER BY theme, level, kind",
        conditions.join(" AND ")
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(&scope.theme).fetch_all(pool).await)?,
    )
}

/// The lessons of some networks (or of all networks on a theme), newest first.
pub async fn lessons_of(
    db: &Db,
    scope: &CountScope,
    limit: i64,
) -> Result<Vec<ItemRow>, StoreError> {
    let mut conditions = vec![
        "i.kind = 'lesson'".to_owned(),
        "i.network_id IS NOT NULL".to_owned(),
        "($1 IS NULL OR i.theme = $1)".to_owned(),
    ];
    if let Some(ids) = &scope.networks {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        conditions.push(format!("i.network_id IN ({})", list.join(", ")));
    }
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM learning_items i WHERE {} ORDER BY i.created_at DESC, i.id DESC LIMIT {}",
        conditions.join(" AND "),
        limit.clamp(1, 500)
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(&scope.theme).fetch_all(pool).await)?,
    )
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

const ACTION_COLUMNS: &str =
    "id, network_id, session_id, theme, description, owner, organisation, due_on, status,
    follow_up, followed_up_session_id, updated_at";

pub async fn action(db: &Db, id: i64) -> Result<Option<ActionRow>, StoreError> {
    let sql = format!("SELECT {ACTION_COLUMNS} FROM learning_actions WHERE id = $1");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(id).fetch_optional(pool).await)?)
}

/// The open actions (open or in progress) of some networks, or of all
/// networks on a theme, by due date.
pub async fn open_actions_of(db: &Db, scope: &CountScope) -> Result<Vec<ActionRow>, StoreError> {
    let mut conditions = vec![
        "status IN ('open', 'in_progress')".to_owned(),
        "($1 IS NULL OR theme = $1)".to_owned(),
    ];
    if let Some(ids) = &scope.networks {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        conditions.push(format!("network_id IN ({})", list.join(", ")));
    }
    let sql = format!(
        "SELECT {ACTION_COLUMNS} FROM learning_actions WHERE {} ORDER BY due_on, id",
        conditions.join(" AND ")
    );
    Ok(
        on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(&scope.theme).fetch_all(pool).await)?,
    )
}

/// Change what an action is, who owns it and when it is due.
pub async fn update_action(
    tx: &mut Tx,
    id: i64,
    a: &NewAction,
    now: Ts,
) -> Result<bool, StoreError> {
    let count = on_tx!(tx, conn => sqlx::query(
        "UPDATE learning_actions SET theme = $3, description = $4, owner = $5, organisation = $6,
            due_on = $7, updated_at = $8
         WHERE id = $1 AND network_id = $2")
        .bind(id).bind(a.network_id).bind(&a.theme).bind(&a.description).bind(&a.owner)
        .bind(&a.organisation).bind(a.due_on).bind(now)
        .execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(count > 0)
}

pub async fn delete_action(tx: &mut Tx, network: i64, id: i64) -> Result<bool, StoreError> {
    let count = on_tx!(tx, conn => sqlx::query(
        "DELETE FROM learning_actions WHERE id = $1 AND network_id = $2")
        .bind(id).bind(network).execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(count > 0)
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
    /// The account that proposed it (none for Brug's own terms).
    pub proposed_by_user_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTerm {
    pub term: String,
    pub education: String,
    pub youth_care: String,
    pub equivalents: String,
    pub proposed_by: String,
    pub proposed_by_user_id: Option<i64>,
}

/// Add a term; `None` when a term with the same key exists.
pub async fn insert_term(tx: &mut Tx, t: &NewTerm, now: Ts) -> Result<Option<i64>, StoreError> {
    let sql = "INSERT INTO learning_terms (term, term_key, education, youth_care, equivalents, proposed_by,
                   proposed_by_user_id, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (term_key) DO NOTHING RETURNING id";
    let id: Option<(i64,)> = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(&t.term).bind(t.term.to_lowercase()).bind(&t.education).bind(&t.youth_care)
        .bind(&t.equivalents).bind(&t.proposed_by).bind(t.proposed_by_user_id).bind(now)
        .fetch_optional(conn).await)?;
    Ok(id.map(|(id,)| id))
}

const TERM_SELECT: &str = "SELECT id, term, education, youth_care, equivalents, proposed_by, proposed_by_user_id FROM learning_terms";

pub async fn terms(db: &Db) -> Result<Vec<TermRow>, StoreError> {
    let sql = format!("{TERM_SELECT} ORDER BY term_key");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).fetch_all(pool).await)?)
}

pub async fn term(db: &Db, id: i64) -> Result<Option<TermRow>, StoreError> {
    let sql = format!("{TERM_SELECT} WHERE id = $1");
    Ok(on_read!(db, pool => sqlx::query_as(dynamic(&sql)).bind(id).fetch_optional(pool).await)?)
}

/// Change a term (the proposer stays); `None` when another term has the
/// same key, else whether the term existed.
pub async fn update_term(tx: &mut Tx, id: i64, t: &NewTerm) -> Result<Option<bool>, StoreError> {
    let key = t.term.to_lowercase();
    let taken: Option<(i64,)> = on_tx!(tx, conn => sqlx::query_as(
        "SELECT id FROM learning_terms WHERE term_key = $1 AND id <> $2")
        .bind(&key).bind(id).fetch_optional(conn).await)?;
    if taken.is_some() {
        return Ok(None);
    }
    let count = on_tx!(tx, conn => sqlx::query(
        "UPDATE learning_terms SET term = $2, term_key = $3, education = $4, youth_care = $5, equivalents = $6
         WHERE id = $1")
        .bind(id).bind(&t.term).bind(&key).bind(&t.education).bind(&t.youth_care).bind(&t.equivalents)
        .execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(Some(count > 0))
}

/// Remove a term: texts are linked when shown, so it is unlinked everywhere.
pub async fn delete_term(tx: &mut Tx, id: i64) -> Result<bool, StoreError> {
    let count = on_tx!(tx, conn => sqlx::query("DELETE FROM learning_terms WHERE id = $1")
        .bind(id).execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(count > 0)
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
