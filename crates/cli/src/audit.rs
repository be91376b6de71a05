//! `brug audit verify`: check the hash chain of the whole audit log.

use anyhow::bail;
use clap::Subcommand;

use crate::config::{self, DbArgs};

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Check every event of the audit log against its hash chain and name the
    /// first broken event (exit code 1 when the log was tampered with).
    Verify {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Remove events older than the retention period (at least five years,
    /// NEN 7513), keeping a checkpoint so the rest still verifies.
    Prune {
        #[command(flatten)]
        db: DbArgs,
        /// Keep events this many days.
        #[arg(long, env = "BRUG_AUDIT_RETENTION_DAYS", default_value_t = brug_app::jobs::MIN_AUDIT_RETENTION_DAYS)]
        retention_days: u32,
    },
}

pub async fn run(cmd: AuditCommand) -> anyhow::Result<()> {
    match cmd {
        AuditCommand::Verify { db } => verify(db).await,
        AuditCommand::Prune { db, retention_days } => prune(db, retention_days).await,
    }
}

async fn verify(args: DbArgs) -> anyhow::Result<()> {
    let db = config::open_migrated(&args.database_url).await?;
    let started = std::time::Instant::now();
    let report = brug_store::audit::verify(&db).await?;
    db.close().await;
    match report.first_error {
        None => {
            println!(
                "Audit log intact: {} events verified in {:.1} s.",
                report.checked,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Some(err) => bail!(
            "audit log BROKEN at event {}: {err}. {} events before it verified. Keep a copy of the database for investigation.",
            err.seq(),
            report.checked
        ),
    }
}

async fn prune(args: DbArgs, retention_days: u32) -> anyhow::Result<()> {
    if retention_days < brug_app::jobs::MIN_AUDIT_RETENTION_DAYS {
        bail!(
            "a retention of {retention_days} days is shorter than the five years NEN 7513 requires ({} days); nothing was removed",
            brug_app::jobs::MIN_AUDIT_RETENTION_DAYS
        );
    }
    let db = config::open_migrated(&args.database_url).await?;
    let now = time::OffsetDateTime::now_utc();
    let cutoff = brug_store::Ts::new(now - time::Duration::days(i64::from(retention_days)));
    let removed = brug_store::audit::prune_before(&db, cutoff, brug_store::Ts::new(now)).await?;
    db.close().await;
    println!(
        "Removed {removed} audit events older than {retention_days} days; the rest of the chain is anchored at a checkpoint."
    );
    Ok(())
}
