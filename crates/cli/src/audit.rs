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
}

pub async fn run(cmd: AuditCommand) -> anyhow::Result<()> {
    match cmd {
        AuditCommand::Verify { db } => verify(db).await,
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
