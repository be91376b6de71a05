//! Schema drift: the SQLite and PostgreSQL migrations must build the same
//! schema (tables, columns, NOT NULL, type family, defaults, primary keys,
//! indexes, foreign keys), read back from each engine's catalogs.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;

use brug_test_support::TestDb;
use sqlx::{PgPool, SqlitePool};

use crate::raw::Raw;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Schema {
    tables: BTreeMap<String, Table>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Table {
    columns: BTreeMap<String, Column>,
    primary_key: Vec<String>,
    indexes: BTreeMap<String, Index>,
    /// Keyed by the referencing columns: `(a, b)`.
    foreign_keys: BTreeMap<String, ForeignKey>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Column {
    family: String,
    not_null: bool,
    default: Option<String>,
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.family)?;
        f.write_str(if self.not_null { " NOT NULL" } else { " NULL" })?;
        if let Some(d) = &self.default {
            write!(f, " DEFAULT {d}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Index {
    unique: bool,
    partial: bool,
    columns: Vec<String>,
}

impl fmt::Display for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.unique {
            f.write_str("UNIQUE ")?;
        }
        write!(f, "({})", self.columns.join(", "))?;
        if self.partial {
            f.write_str(" WHERE ...")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct ForeignKey {
    table: String,
    columns: Vec<String>,
    on_delete: String,
}

impl fmt::Display for ForeignKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "REFERENCES {} ({}) ON DELETE {}",
            self.table,
            self.columns.join(", "),
            self.on_delete
        )
    }
}

/// SQLite's declared type, in the families both engines share. SQLite keeps
/// timestamps as TEXT in columns named `*_at`.
fn sqlite_family(column: &str, declared: &str) -> String {
    let t = declared.to_ascii_uppercase();
    let family = if t.contains("INT") {
        "integer"
    } else if t.contains("BOOL") {
        "boolean"
    } else if t.contains("TIMESTAMP") || t.contains("DATETIME") {
        "timestamp"
    } else if t == "DATE" {
        "date"
    } else if t.contains("TEXT") || t.contains("CHAR") || t.contains("CLOB") {
        if column.ends_with("_at") {
            "timestamp"
        } else {
            "text"
        }
    } else if t.contains("BLOB") || t.is_empty() {
        "blob"
    } else {
        return format!("other ({declared})");
    };
    family.into()
}

/// PostgreSQL's type (`udt_name`), in the shared families. Narrow integers
/// and zone-less timestamps get their own names: the store binds `i64` and
/// `timestamptz`, so those would fail at run time on PostgreSQL only.
fn postgres_family(udt: &str) -> String {
    match udt {
        "int8" => "integer",
        "int4" | "int2" => return format!("{udt} (the store reads i64: use BIGINT)"),
        "text" | "varchar" | "bpchar" => "text",
        "bool" => "boolean",
        "date" => "date",
        "timestamptz" => "timestamp",
        "timestamp" => "timestamp without time zone (use TIMESTAMPTZ)",
        "bytea" => "blob",
        other => return format!("other ({other})"),
    }
    .into()
}

/// `'x'::text` -> `x`, `TRUE` -> `true`, `(0)` -> `0`.
fn normalise_default(text: &str) -> String {
    let mut d = text.trim().to_ascii_lowercase();
    if let Some(cast) = d.find("::") {
        d.truncate(cast);
    }
    let d = d.trim_matches(|c| c == '(' || c == ')').trim_matches('\'');
    d.to_owned()
}

fn on_delete(action: &str) -> String {
    match action.to_ascii_lowercase().as_str() {
        // SQLite reports the default as NO ACTION; PostgreSQL as 'a'.
        "a" | "no action" => "no action",
        "r" | "restrict" => "restrict",
        "c" | "cascade" => "cascade",
        "n" | "set null" => "set null",
        "d" | "set default" => "set default",
        other => return other.to_owned(),
    }
    .into()
}

/// File indexes under their tables. The indexes behind a UNIQUE constraint
/// are named by each engine in its own way, so they are keyed by their columns.
fn add_indexes(schema: &mut Schema, found: BTreeMap<(String, String), (bool, Index)>) {
    for ((table, name), (constraint, index)) in found {
        let key = if constraint {
            format!("UNIQUE constraint ({})", index.columns.join(", "))
        } else {
            name
        };
        schema
            .tables
            .entry(table)
            .or_default()
            .indexes
            .insert(key, index);
    }
}

/// table, index, unique, origin, partial, position, column
type SqliteIndexRow = (String, String, bool, String, bool, i64, Option<String>);
/// table, id, position, target table, column, target column, on delete
type SqliteForeignKeyRow = (String, i64, i64, String, String, Option<String>, String);

pub async fn read_sqlite(pool: &SqlitePool) -> Schema {
    // FTS5 tables (and their shadow tables) are SQLite's search index;
    // PostgreSQL's is a GIN index, so they have no counterpart.
    const TABLES: &str = "FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite!_%' ESCAPE '!' AND m.name <> '_sqlx_migrations'
        AND m.name NOT LIKE '%!_fts' ESCAPE '!' AND m.name NOT LIKE '%!_fts!_%' ESCAPE '!'";
    let mut schema = Schema::default();

    let columns: Vec<(String, String, String, i64, Option<String>, i64)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk
             FROM sqlite_master m JOIN pragma_table_info(m.name) p
             WHERE m.name IN (SELECT m.name {TABLES}) ORDER BY m.name, p.pk, p.cid"
        )))
        .fetch_all(pool)
        .await
        .expect("read SQLite columns");
    for (table, column, declared, not_null, default, pk) in columns {
        let t = schema.tables.entry(table).or_default();
        // A one-column INTEGER PRIMARY KEY is the rowid: never NULL.
        let rowid = pk > 0 && declared.eq_ignore_ascii_case("INTEGER");
        if pk > 0 {
            t.primary_key.push(column.clone());
        }
        t.columns.insert(
            column.clone(),
            Column {
                family: sqlite_family(&column, &declared),
                not_null: not_null != 0 || rowid,
                default: default.as_deref().map(normalise_default),
            },
        );
    }

    let indexes: Vec<SqliteIndexRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT m.name, il.name, il.\"unique\", il.origin, il.partial, ii.seqno, ii.name
             FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii
             WHERE m.name IN (SELECT m.name {TABLES}) ORDER BY m.name, il.name, ii.seqno"
        )))
        .fetch_all(pool)
        .await
        .expect("read SQLite indexes");
    let mut found: BTreeMap<(String, String), (bool, Index)> = BTreeMap::new();
    for (table, index, unique, origin, partial, _, column) in indexes {
        if origin == "pk" {
            continue;
        }
        found
            .entry((table, index))
            .or_insert_with(|| {
                let index = Index {
                    unique,
                    partial,
                    columns: Vec::new(),
                };
                (origin == "u", index)
            })
            .1
            .columns
            .push(column.unwrap_or_else(|| "<expression>".into()));
    }
    add_indexes(&mut schema, found);

    let fks: Vec<SqliteForeignKeyRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT m.name, f.id, f.seq, f.\"table\", f.\"from\", f.\"to\", f.on_delete
             FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
             WHERE m.name IN (SELECT m.name {TABLES}) ORDER BY m.name, f.id, f.seq"
    )))
    .fetch_all(pool)
    .await
    .expect("read SQLite foreign keys");
    let mut grouped: BTreeMap<(String, i64), (Vec<String>, ForeignKey)> = BTreeMap::new();
    for (table, id, _, target, from, to, delete) in fks {
        let entry = grouped.entry((table, id)).or_insert_with(|| {
            (
                Vec::new(),
                ForeignKey {
                    table: target,
                    columns: Vec::new(),
                    on_delete: on_delete(&delete),
                },
            )
        });
        entry.0.push(from);
        entry
            .1
            .columns
            .push(to.unwrap_or_else(|| "<primary key>".into()));
    }
    for ((table, _), (columns, fk)) in grouped {
        schema
            .tables
            .entry(table)
            .or_default()
            .foreign_keys
            .insert(format!("({})", columns.join(", ")), fk);
    }
    schema
}

pub async fn read_postgres(pool: &PgPool) -> Schema {
    let mut schema = Schema::default();

    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .expect("read PostgreSQL tables");
    for table in tables {
        schema.tables.insert(table, Table::default());
    }

    let columns: Vec<(String, String, String, bool, Option<String>)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, udt_name::text, is_nullable = 'NO', column_default::text
         FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'
         ORDER BY table_name, ordinal_position",
    )
    .fetch_all(pool)
    .await
    .expect("read PostgreSQL columns");
    for (table, column, udt, not_null, default) in columns {
        if let Some(t) = schema.tables.get_mut(&table) {
            t.columns.insert(
                column,
                Column {
                    family: postgres_family(&udt),
                    not_null,
                    default: default.as_deref().map(normalise_default),
                },
            );
        }
    }

    let keys: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.relname::text, a.attname::text
         FROM pg_constraint con
         JOIN pg_class c ON c.oid = con.conrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
         WHERE n.nspname = current_schema() AND con.contype = 'p' AND c.relname <> '_sqlx_migrations'
         ORDER BY c.relname, k.ord",
    )
    .fetch_all(pool)
    .await
    .expect("read PostgreSQL primary keys");
    for (table, column) in keys {
        if let Some(t) = schema.tables.get_mut(&table) {
            t.primary_key.push(column);
        }
    }

    let indexes: Vec<(String, String, bool, bool, String, bool)> = sqlx::query_as(
        "SELECT t.relname::text, i.relname::text, ix.indisunique, ix.indpred IS NOT NULL,
                coalesce(a.attname::text, '<expression>'),
                EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.contype = 'u')
         FROM pg_index ix
         JOIN pg_class i ON i.oid = ix.indexrelid
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
         LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0
         WHERE n.nspname = current_schema() AND NOT ix.indisprimary
           AND k.ord <= ix.indnkeyatts AND t.relname <> '_sqlx_migrations'
         ORDER BY t.relname, i.relname, k.ord",
    )
    .fetch_all(pool)
    .await
    .expect("read PostgreSQL indexes");
    let mut found: BTreeMap<(String, String), (bool, Index)> = BTreeMap::new();
    for (table, index, unique, partial, column, constraint) in indexes {
        found
            .entry((table, index))
            .or_insert_with(|| {
                let index = Index {
                    unique,
                    partial,
                    columns: Vec::new(),
                };
                (constraint, index)
            })
            .1
            .columns
            .push(column);
    }
    add_indexes(&mut schema, found);

    let fks: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT c.relname::text, con.conname::text, rc.relname::text, con.confdeltype::text,
                a.attname::text, ra.attname::text
         FROM pg_constraint con
         JOIN pg_class c ON c.oid = con.conrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_class rc ON rc.oid = con.confrelid
         CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refattnum, ord)
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
         JOIN pg_attribute ra ON ra.attrelid = rc.oid AND ra.attnum = k.refattnum
         WHERE n.nspname = current_schema() AND con.contype = 'f'
         ORDER BY c.relname, con.conname, k.ord",
    )
    .fetch_all(pool)
    .await
    .expect("read PostgreSQL foreign keys");
    let mut grouped: BTreeMap<(String, String), (Vec<String>, ForeignKey)> = BTreeMap::new();
    for (table, name, target, delete, from, to) in fks {
        let entry = grouped.entry((table, name)).or_insert_with(|| {
            (
                Vec::new(),
                ForeignKey {
                    table: target,
                    columns: Vec::new(),
                    on_delete: on_delete(&delete),
                },
            )
        });
        entry.0.push(from);
        entry.1.columns.push(to);
    }
    for ((table, _), (columns, fk)) in grouped {
        if let Some(t) = schema.tables.get_mut(&table) {
            t.foreign_keys
                .insert(format!("({})", columns.join(", ")), fk);
        }
    }
    schema
}

/// Compare two maps, calling `differ` for keys in both.
fn diff_maps<K: Ord + fmt::Display, V: PartialEq + fmt::Display>(
    what: &str,
    a: &BTreeMap<K, V>,
    b: &BTreeMap<K, V>,
    out: &mut Vec<String>,
) {
    let keys: BTreeSet<&K> = a.keys().chain(b.keys()).collect();
    for key in keys {
        match (a.get(key), b.get(key)) {
            (Some(x), None) => out.push(format!("{what}{key}: only in SQLite ({x})")),
            (None, Some(y)) => out.push(format!("{what}{key}: only in PostgreSQL ({y})")),
            (Some(x), Some(y)) if x != y => {
                out.push(format!("{what}{key}: SQLite {x} <> PostgreSQL {y}"));
            }
            _ => {}
        }
    }
}

/// Every difference, one readable line each (empty when the schemas agree).
pub fn diff(sqlite: &Schema, postgres: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let names: BTreeSet<&String> = sqlite.tables.keys().chain(postgres.tables.keys()).collect();
    for name in names {
        let (a, b) = match (sqlite.tables.get(name), postgres.tables.get(name)) {
            (Some(a), Some(b)) => (a, b),
            (Some(_), None) => {
                out.push(format!("table {name}: only in SQLite"));
                continue;
            }
            (None, Some(_)) => {
                out.push(format!("table {name}: only in PostgreSQL"));
                continue;
            }
            (None, None) => continue,
        };
        diff_maps(&format!("column {name}."), &a.columns, &b.columns, &mut out);
        if a.primary_key != b.primary_key {
            out.push(format!(
                "primary key of {name}: SQLite ({}) <> PostgreSQL ({})",
                a.primary_key.join(", "),
                b.primary_key.join(", ")
            ));
        }
        diff_maps(&format!("index {name}."), &a.indexes, &b.indexes, &mut out);
        diff_maps(
            &format!("foreign key {name}"),
            &a.foreign_keys,
            &b.foreign_keys,
            &mut out,
        );
    }
    out
}

async fn read(t: &TestDb) -> Schema {
    let raw = Raw::open(t).await;
    let schema = match &raw {
        Raw::Sqlite(pool) => read_sqlite(pool).await,
        Raw::Postgres(pool) => read_postgres(pool).await,
    };
    raw.close().await;
    schema
}

/// Both engines, migrated; `None` when PostgreSQL is not configured (skipped).
async fn both() -> Option<(TestDb, TestDb)> {
    let postgres = TestDb::postgres().await?;
    Some((TestDb::sqlite().await, postgres))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_postgres_migrations_build_the_same_schema() {
    let Some((sqlite, postgres)) = both().await else {
        return;
    };
    let (a, b) = (read(&sqlite).await, read(&postgres).await);
    // Guard against a reader that finds nothing (two empty schemas agree).
    for (engine, schema) in [("SQLite", &a), ("PostgreSQL", &b)] {
        for table in [
            "organisations",
            "pupils",
            "users",
            "sessions",
            "audit_events",
        ] {
            let t = schema.tables.get(table);
            assert!(
                t.is_some_and(|t| !t.columns.is_empty() && !t.indexes.is_empty()),
                "{engine}: table {table} or its columns/indexes not found in the catalog: {schema:#?}"
            );
        }
    }
    assert_eq!(
        a.tables["memberships"].primary_key,
        ["user_id", "org_id", "role"],
        "composite primary keys keep their column order"
    );
    let differences = diff(&a, &b);
    assert!(
        differences.is_empty(),
        "the migrations in migrations/sqlite and migrations/postgres drifted apart:\n  {}",
        differences.join("\n  ")
    );
}

/// The drift check itself: a change on one engine is reported by name.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drift_is_reported_by_name() {
    let Some((sqlite, postgres)) = both().await else {
        return;
    };
    for sql in [
        "ALTER TABLE meta ADD COLUMN note TEXT",
        "CREATE INDEX guardians_email ON guardians (email, name)",
    ] {
        sqlite.execute_raw(sql).await.expect(sql);
    }
    for sql in [
        "DROP INDEX audit_events_time",
        "ALTER TABLE pupils ALTER COLUMN name_prefix SET NOT NULL",
        "ALTER TABLE sessions ALTER COLUMN expires_at TYPE timestamp",
        "ALTER TABLE users ALTER COLUMN totp_last_step TYPE integer",
        "ALTER TABLE users ALTER COLUMN active SET DEFAULT FALSE",
        "CREATE INDEX guardians_email ON guardians (name, email)",
        "ALTER TABLE enrolments DROP CONSTRAINT enrolments_pupil_id_fkey",
        "ALTER TABLE enrolments ADD FOREIGN KEY (pupil_id) REFERENCES pupils (id)",
    ] {
        postgres.execute_raw(sql).await.expect(sql);
    }
    let differences = diff(&read(&sqlite).await, &read(&postgres).await);
    let text = differences.join("\n");
    for expected in [
        "column meta.note: only in SQLite (text NULL)",
        "index audit_events.audit_events_time: only in SQLite ((occurred_at))",
        "column pupils.name_prefix: SQLite text NULL <> PostgreSQL text NOT NULL",
        "column sessions.expires_at: SQLite timestamp NOT NULL <> PostgreSQL timestamp without time zone",
        "column users.totp_last_step: SQLite integer NULL <> PostgreSQL int4",
        "column users.active: SQLite boolean NOT NULL DEFAULT true <> PostgreSQL boolean NOT NULL DEFAULT false",
        "index guardians.guardians_email: SQLite (email, name) <> PostgreSQL (name, email)",
        "foreign key enrolments(pupil_id): SQLite REFERENCES pupils (id) ON DELETE cascade <> PostgreSQL REFERENCES pupils (id) ON DELETE no action",
    ] {
        assert!(
            text.contains(expected),
            "expected a line containing {expected:?} in:\n{text}"
        );
    }
    assert_eq!(differences.len(), 8, "exactly the changes made:\n{text}");
}

fn migration_names(engine: &str) -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(engine);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| {
            entry
                .expect("directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn both_engines_have_the_same_migration_files() {
    let sqlite = migration_names("sqlite");
    let postgres = migration_names("postgres");
    assert!(!sqlite.is_empty(), "no SQLite migrations found");
    assert_eq!(
        sqlite, postgres,
        "migrations/sqlite and migrations/postgres must hold the same file names"
    );
    let mut versions = BTreeSet::new();
    for name in &sqlite {
        let (version, rest) = name.split_at(4.min(name.len()));
        assert!(
            version.bytes().all(|b| b.is_ascii_digit())
                && rest.starts_with('_')
                && rest.ends_with(".sql")
                && rest[1..rest.len() - 4]
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{name}: migration files are named NNNN_lower_case_name.sql"
        );
        assert!(
            versions.insert(version.to_owned()),
            "{name}: version used twice"
        );
    }
}

brug_test_support::db_test!(
    async fn migrations_apply_once(db: TestDb) {
        let files = migration_names("sqlite").len();
        assert_eq!(db.applied_migrations().await.expect("applied").len(), files);
        assert!(db.is_migrated().await);
        assert_eq!(
            db.migrate().await.expect("migrate again"),
            Vec::<String>::new(),
            "a second migrate applies nothing"
        );
        db.ping().await.expect("ping");
    }
);
