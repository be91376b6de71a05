//! `brug`: serve, migrate, fill with demo data, manage users, check the audit
//! log, import organisations and pupils.

mod audit;
mod bench;
mod config;
mod demo;
mod import;
mod monitor;
mod retention;
mod serve;
mod users;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "brug",
    version,
    about = "Brug: the collaboration platform for education and youth care"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start the web server.
    Serve(serve::ServeArgs),
    /// Apply database migrations and print what was applied.
    Migrate(config::DbArgs),
    /// Fill an empty database with deterministic synthetic demo data.
    Demo(demo::DemoArgs),
    /// Check the tamper-evident audit log.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Benchmarks that print figures.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
    /// Manage user accounts.
    #[command(subcommand)]
    User(users::UserCommand),
    /// Import organisations or pupils from a CSV file (checked first; see docs/import.md).
    Import(import::ImportArgs),
    /// The monitor's published figures.
    #[command(subcommand)]
    Monitor(monitor::MonitorCommand),
    /// The retention job: erase what has been kept long enough.
    #[command(subcommand)]
    Retention(retention::RetentionCommand),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    config::init_tracing();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Serve(args) => serve::run(args).await,
            Command::Migrate(args) => migrate(args).await,
            Command::Demo(args) => demo::run(args).await,
            Command::User(cmd) => users::run(cmd).await,
            Command::Audit(cmd) => audit::run(cmd).await,
            Command::Bench(cmd) => bench::run(cmd).await,
            Command::Import(args) => import::run(args).await,
            Command::Retention(cmd) => retention::run(cmd).await,
            Command::Monitor(cmd) => monitor::run(cmd).await,
        }
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn migrate(args: config::DbArgs) -> anyhow::Result<()> {
    let db = config::open_db(&args.database_url).await?;
    let applied = db.migrate().await?;
    if applied.is_empty() {
        println!("Database is up to date ({}).", db.description());
    } else {
        for m in &applied {
            println!("applied {m}");
        }
        println!(
            "{} migration(s) applied to {}.",
            applied.len(),
            db.description()
        );
    }
    db.close().await;
    Ok(())
}
