//! `brug demo`: fill an empty database with deterministic synthetic demo data.

use std::io::IsTerminal;

use anyhow::Context;
use brug_app::crypto::Keys;
use brug_demo::{DemoAccount, DemoReport, Scale};

use crate::config::{self, DbArgs, KeyArgs};

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScaleArg {
    /// 3 municipalities, 12 school locations, ~3,000 pupils.
    Small,
    /// 20 municipalities, 150 school locations, ~60,000 pupils.
    Region,
    /// The whole country: 342 municipalities, 6,500 locations, ~2.5 million pupils.
    National,
}

impl From<ScaleArg> for Scale {
    fn from(s: ScaleArg) -> Scale {
        match s {
            ScaleArg::Small => Scale::Small,
            ScaleArg::Region => Scale::Region,
            ScaleArg::National => Scale::National,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// How much data to make.
    #[arg(long, value_enum, default_value_t = ScaleArg::Small)]
    pub scale: ScaleArg,
    /// The same seed and scale give the same data.
    #[arg(long, default_value_t = brug_demo::DEFAULT_SEED)]
    pub seed: u64,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub keys: KeyArgs,
}

pub async fn run(args: DemoArgs) -> anyhow::Result<()> {
    let data_key = config::load_data_key(&args.keys.data_key_file)?;
    let db = config::open_migrated(&args.db.database_url).await?;
    // The server key signs CSRF tokens only; the demo data needs the data key
    // (BSNs, TOTP secrets), so a throwaway server key is enough here.
    let keys = Keys::from_parts(brug_app::crypto::random_bytes::<32>(), data_key);
    let scale = Scale::from(args.scale);
    eprintln!(
        "Generating {scale} demo data (seed {}) into {} ({})...",
        args.seed,
        db.description(),
        db.engine().name()
    );
    let result = brug_demo::generate(
        &db,
        &keys,
        scale,
        args.seed,
        std::io::stderr().is_terminal(),
    )
    .await;
    let report = match result {
        Ok(report) => report,
        Err(e) => {
            db.close().await;
            return Err(e.into());
        }
    };
    let size = brug_store::bulk::database_size(&db)
        .await
        .context("measuring the database size")?;
    print_report(&report, size);
    print_accounts(&report.accounts);
    db.close().await;
    Ok(())
}

fn print_report(report: &DemoReport, size: u64) {
    println!();
    println!("Stages:");
    for stage in &report.stages {
        println!(
            "  {:<14} {:>11} rows {:>8.1} s {:>11} rows/s",
            stage.name,
            thousands(stage.rows),
            stage.elapsed.as_secs_f64(),
            thousands(stage.rows_per_second().round() as u64)
        );
    }
    let c = &report.counts;
    println!();
    println!("Demo data ({} scale, seed {}):", report.scale, report.seed);
    for (label, n) in [
        ("organisations", c.organisations),
        ("  municipalities", c.municipalities),
        ("  partnerships (SWV)", c.swvs),
        ("  school boards", c.school_boards),
        ("  schools", c.schools),
        ("  care providers", c.care_providers),
        ("school locations", c.locations),
        ("pupils", c.pupils),
        ("guardians", c.guardians),
        ("enrolments", c.enrolments),
        ("user accounts", c.users),
    ] {
        println!("  {label:<22} {:>11}", thousands(n));
    }
    for (table, n) in &c.case_tables {
        println!("  {table:<22} {:>11}", thousands(*n));
    }
    let l = &c.learning;
    println!(
        "  learning network       {} networks, {} members, {} sessions, {} contributions, {} insights and lessons, {} case stories, {} actions, {} glossary terms, {} scans",
        l.networks,
        l.members,
        l.sessions,
        l.contributions,
        l.items,
        l.stories,
        l.actions,
        l.terms,
        l.scans
    );
    println!(
        "Done in {:.1} s; the database takes {} on disk.",
        report.elapsed.as_secs_f64(),
        human_size(size)
    );
}

/// Print the demo accounts with the shared password and their TOTP secrets.
pub fn print_accounts(accounts: &[DemoAccount]) {
    let w_email = accounts
        .iter()
        .map(|a| a.email.chars().count())
        .max()
        .unwrap_or(0);
    let w_role = accounts
        .iter()
        .map(|a| a.role_label.chars().count())
        .max()
        .unwrap_or(0);
    let w_org = accounts
        .iter()
        .map(|a| a.organisation.chars().count())
        .max()
        .unwrap_or(0);
    println!();
    println!(
        "Demo accounts (password for all: {}). Two-factor secrets are for an authenticator app:",
        brug_demo::DEMO_PASSWORD
    );
    for a in accounts {
        let totp = a
            .totp_secret_base32
            .as_deref()
            .map_or_else(|| "(no two-factor)".to_owned(), |s| format!("TOTP {s}"));
        println!(
            "  {:<w_email$}  {:<w_role$}  {:<w_org$}  {totp}",
            a.email, a.role_label, a.organisation
        );
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn human_size(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    let b = bytes as f64;
    if b >= 1024.0 * MIB {
        format!("{:.2} GiB", b / (1024.0 * MIB))
    } else {
        format!("{:.1} MiB", b / MIB)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(2_500_000), "2,500,000");
        assert_eq!(human_size(3 * 1024 * 1024), "3.0 MiB");
    }
}
