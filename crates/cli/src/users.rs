//! `brug user add` and `brug user list`.

use std::io::{BufRead, IsTerminal};
use std::sync::Arc;

use anyhow::bail;
use brug_app::accounts::NewAccount;
use brug_app::{App, AppError, Settings};
use brug_domain::clock::SystemClock;
use brug_store::audit::AuditMode;
use clap::{Args, Subcommand};

use crate::config::{self, DbArgs, KeyArgs};

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account with a role at an organisation.
    Add(AddArgs),
    /// List all accounts with their roles.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Args)]
pub struct AddArgs {
    #[arg(long)]
    email: String,
    #[arg(long)]
    name: String,
    /// Organisation id, or its BRIN, AGB or CBS code.
    #[arg(long)]
    org: String,
    /// One of: coordinator, teacher, care_worker, wijkteam_coach, youth_health,
    /// attendance_officer, swv_consultant, policy_maker, facilitator, org_admin, privacy_officer.
    #[arg(long)]
    role: String,
    /// Read the password from standard input instead of prompting.
    #[arg(long)]
    password_stdin: bool,
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    keys: KeyArgs,
}

pub async fn run(cmd: UserCommand) -> anyhow::Result<()> {
    match cmd {
        UserCommand::Add(args) => add(args).await,
        UserCommand::List { db } => list(db).await,
    }
}

fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    let first = rpassword::prompt_password("Password: ")?;
    let second = rpassword::prompt_password("Repeat password: ")?;
    if first != second {
        bail!("the passwords do not match; nothing was created");
    }
    Ok(first)
}

async fn add(args: AddArgs) -> anyhow::Result<()> {
    let password = read_password(args.password_stdin)?;
    let key = config::load_data_key(&args.keys.data_key_file)?;
    let db = config::open_migrated(&args.db.database_url).await?;
    let (app, writer) = App::start(
        db.clone(),
        Arc::new(SystemClock),
        Settings::with_key(key),
        AuditMode::On,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let result = brug_app::accounts::add(
        &app,
        NewAccount {
            email: args.email,
            name: args.name,
            org: args.org,
            role: args.role,
            password,
        },
    )
    .await;
    drop(app);
    let _ = writer.await;
    db.close().await;
    match result {
        Ok(id) => {
            println!("created user {id}");
            Ok(())
        }
        Err(AppError::Invalid(errors)) => {
            let lines: Vec<String> = errors
                .0
                .iter()
                .map(|e| format!("  --{}: {}", e.field, english(e.message_id, &e.args)))
                .collect();
            bail!("the account was not created:\n{}", lines.join("\n"))
        }
        Err(other) => Err(anyhow::anyhow!("the account was not created: {other}")),
    }
}

/// The CLI speaks English: short explanations of validation message ids.
fn english(id: &str, args: &[(&str, String)]) -> String {
    let arg = |name: &str| {
        args.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    match id {
        "error-email-format" => "not a valid email address (use name@example.nl)".into(),
        "error-email-taken" => "an account with this email address already exists".into(),
        "error-text-empty" => "must not be empty".into(),
        "error-text-too-long" => format!("too long (at most {} characters)", arg("max")),
        "error-role-unknown" => "unknown role (see --help for the list)".into(),
        "error-org-unknown" => {
            "no organisation with this id or BRIN/AGB/CBS code (see the organisation list in Brug)"
                .into()
        }
        "error-password-too-short" => {
            format!("password too short (at least {} characters)", arg("min"))
        }
        other => other.to_owned(),
    }
}

async fn list(args: DbArgs) -> anyhow::Result<()> {
    let db = config::open_migrated(&args.database_url).await?;
    let users = brug_store::users::list_users(&db).await?;
    println!(
        "{:<6} {:<36} {:<28} {:<7} {:<4} roles",
        "id", "email", "name", "active", "2fa"
    );
    for u in &users {
        println!(
            "{:<6} {:<36} {:<28} {:<7} {:<4} {}{}",
            u.id,
            u.email,
            u.name,
            if u.active { "yes" } else { "no" },
            if u.totp_enabled { "yes" } else { "no" },
            if u.platform_admin {
                "platform admin; "
            } else {
                ""
            },
            u.roles.as_deref().unwrap_or("-")
        );
    }
    println!("{} account(s).", users.len());
    db.close().await;
    Ok(())
}
