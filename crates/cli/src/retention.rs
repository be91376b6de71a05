//! `brug retention run`: the retention job by hand (the server runs it daily),
//! with `--dry-run` to see what it would do.

use std::sync::Arc;

use brug_app::{App, Settings};
use brug_domain::clock::SystemClock;
use brug_domain::retention::RetentionPolicy;
use brug_store::audit::AuditMode;
use clap::{Args, Subcommand};

use crate::config::{self, DbArgs, KeyArgs};

/// The retention periods in years (defaults and legal sources: docs/retention.md).
#[derive(Args, Debug, Clone)]
pub struct PeriodArgs {
    /// Years the school's pupil file is kept after the pupil left.
    #[arg(long, env = "BRUG_RETENTION_SCHOOL_FILE_YEARS", default_value_t = RetentionPolicy::default().school_file_years)]
    pub retention_school_file_years: i32,
    /// Years absence and enrolment records are kept after the pupil left.
    #[arg(long, env = "BRUG_RETENTION_ABSENCE_YEARS", default_value_t = RetentionPolicy::default().absence_years)]
    pub retention_absence_years: i32,
    /// Years the youth care file is kept after the care ended (Jeugdwet 7.3.8: 20).
    #[arg(long, env = "BRUG_RETENTION_YOUTH_CARE_YEARS", default_value_t = RetentionPolicy::default().youth_care_years)]
    pub retention_youth_care_years: i32,
}

impl PeriodArgs {
    pub fn policy(&self) -> anyhow::Result<RetentionPolicy> {
        RetentionPolicy {
            school_file_years: self.retention_school_file_years,
            absence_years: self.retention_absence_years,
            youth_care_years: self.retention_youth_care_years,
        }
        .checked()
        .map_err(|e| anyhow::anyhow!("{e}; nothing was changed"))
    }
}

#[derive(Subcommand)]
pub enum RetentionCommand {
    /// Carry out approved erasure requests, anonymise what has been kept long
    /// enough and delete anonymised records the monitor no longer needs;
    /// prints a report (record ids only).
    Run {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        keys: KeyArgs,
        #[command(flatten)]
        periods: PeriodArgs,
        /// Report what would be done without changing anything.
        #[arg(long)]
        dry_run: bool,
        /// Print the full report as JSON instead of a summary.
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(cmd: RetentionCommand) -> anyhow::Result<()> {
    let RetentionCommand::Run {
        db,
        keys,
        periods,
        dry_run,
        json,
    } = cmd;
    let policy = periods.policy()?;
    let data_key = config::load_data_key(&keys.data_key_file)?;
    let db = config::open_migrated(&db.database_url).await?;
    let mut settings = Settings::with_key(data_key);
    settings.retention = policy;
    let (app, writer) = App::start(db.clone(), Arc::new(SystemClock), settings, AuditMode::On)
        .await
        .map_err(|e| anyhow::anyhow!("starting Brug failed: {e}"))?;
    let result = brug_app::retention::run(&app, dry_run).await;
    drop(app);
    let _ = writer.await;
    db.close().await;
    let report = result.map_err(|e| {
        anyhow::anyhow!("the retention run failed: {e}; what it finished before is kept")
    })?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    let verb = if dry_run { "Would" } else { "Did" };
    println!(
        "Retention {} on {} (periods: school file {} y, absence/enrolment {} y, youth care {} y)",
        if dry_run { "dry run" } else { "run" },
        report.today,
        policy.school_file_years,
        policy.absence_years,
        policy.youth_care_years
    );
    println!(
        "{verb} carry out {} erasure requests",
        report.requests.len()
    );
    for r in report.requests.iter().filter(|r| r.registration_kept) {
        println!(
            "  request {}: pupil still enrolled, the school's registration is kept; the cases were erased",
            r.request_id
        );
    }
    println!(
        "{verb} anonymise {} cases and {} pupils",
        report.cases.len(),
        report.pupils.len()
    );
    println!(
        "{verb} delete {} anonymised cases and {} anonymised pupils from before {} (the monitor's first month)",
        report.cases_deleted, report.pupils_deleted, report.delete_before
    );
    Ok(())
}
