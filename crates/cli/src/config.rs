//! Shared command-line configuration: database URL, keys, logging.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use brug_store::{Db, DbOptions, StoreError};
use clap::Args;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://brug-data/brug.db";

#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// Database: sqlite://FILE (created if missing) or postgres://USER:PASSWORD@HOST/DB.
    #[arg(long, env = "BRUG_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,
}

#[derive(Args, Debug, Clone)]
pub struct KeyArgs {
    /// File with the 32-byte data key (base64) that encrypts BSNs and two-factor
    /// secrets; created when missing. Every process of one installation needs the same key.
    #[arg(long, env = "BRUG_DATA_KEY_FILE", default_value = "brug-data/data.key")]
    pub data_key_file: PathBuf,
}

/// Open the database, turning low-level failures into one clear line.
pub async fn open_db(url: &str) -> anyhow::Result<Db> {
    match Db::connect(url, &DbOptions::default()).await {
        Ok(db) => Ok(db),
        Err(StoreError::BadUrl(msg)) => bail!(
            "the database URL is not valid ({msg}). Use sqlite://brug-data/brug.db or postgres://user:password@host/database."
        ),
        Err(StoreError::ReadOnly(target)) => bail!(
            "the database file {target} is read-only. Give this user write access to the file and its folder."
        ),
        Err(StoreError::Corrupt(target)) => bail!(
            "{target} is not a Brug database or is damaged. Restore it from a backup or point --database-url at another file; nothing was changed."
        ),
        Err(StoreError::Unreachable(msg)) => bail!(
            "cannot reach the database: {msg}. Check that it is running and that the URL, user and password are right."
        ),
        Err(other) => Err(other).context("opening the database"),
    }
}

/// Open and migrate: what every command that uses data does first.
pub async fn open_migrated(url: &str) -> anyhow::Result<Db> {
    let db = open_db(url).await?;
    let applied = db.migrate().await.map_err(|e| match e {
        StoreError::ReadOnly(target) => anyhow::anyhow!(
            "the database {target} is read-only, so Brug cannot prepare it. Give this user write access."
        ),
        other => anyhow::anyhow!("preparing the database failed: {other}"),
    })?;
    for m in applied {
        tracing::info!(migration = %m, "applied migration");
    }
    Ok(db)
}

/// Read the data key, creating it (readable only by this user) when missing.
pub fn load_data_key(path: &Path) -> anyhow::Result<[u8; 32]> {
    use base64::Engine as _;
    let engine = base64::engine::general_purpose::STANDARD;
    if let Ok(key) = std::env::var("BRUG_DATA_KEY") {
        return decode_key(&engine, key.trim()).context("BRUG_DATA_KEY is not 32 bytes of base64");
    }
    match std::fs::read_to_string(path) {
        Ok(text) => decode_key(&engine, text.trim())
            .with_context(|| format!("{} does not hold a 32-byte base64 key", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            let key = brug_app::crypto::random_bytes::<32>();
            write_private(path, &engine.encode(key))
                .with_context(|| format!("cannot write the new data key to {}", path.display()))?;
            eprintln!(
                "note: created a new data key in {}. Back it up: without it, stored BSNs and two-factor secrets cannot be read.",
                path.display()
            );
            Ok(key)
        }
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

fn decode_key(engine: &impl base64::Engine, text: &str) -> anyhow::Result<[u8; 32]> {
    let bytes = engine.decode(text)?;
    <[u8; 32]>::try_from(bytes).map_err(|_| anyhow::anyhow!("wrong length"))
}

#[cfg(unix)]
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(content.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    std::fs::write(path, content)
}

/// Logs: human-readable by default, JSON with `BRUG_LOG_FORMAT=json`; level by `RUST_LOG`.
pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("BRUG_LOG_FORMAT").as_deref() == Ok("json") {
        builder.json().init();
    } else {
        builder.init();
    }
}
