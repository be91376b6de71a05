//! `brug serve`: the web server, with graceful shutdown.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use brug_app::{App, Settings};
use brug_domain::clock::SystemClock;
use brug_store::audit::AuditMode;
use clap::Args;

use crate::config::{self, DbArgs, KeyArgs};

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "BRUG_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub keys: KeyArgs,
    /// Fill an empty database with the demo region and print the demo accounts.
    #[arg(long)]
    pub demo: bool,
    /// Mark cookies Secure and send HSTS (set this when Brug is served over HTTPS).
    #[arg(long, env = "BRUG_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Leave the monitor's daily full refresh to `brug monitor refresh
    /// --full` (e.g. from cron); the server refreshes the recent months only.
    #[arg(long, env = "BRUG_MONITOR_EXTERNAL_FULL_REFRESH")]
    pub monitor_external_full_refresh: bool,
    /// The address users reach Brug on, for links in email (default: http://ADDR).
    #[arg(long, env = "BRUG_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// SMTP server for mail, e.g. smtp://user:password@mail.example.nl:587 (STARTTLS)
    /// or smtps://...; without it mail stays in the outbox page.
    #[arg(long, env = "BRUG_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Sender of Brug's mail.
    #[arg(
        long,
        env = "BRUG_MAIL_FROM",
        default_value = "Brug <noreply@brug.local>"
    )]
    pub mail_from: String,
    /// Days to keep audit events (at least five years, NEN 7513).
    #[arg(long, env = "BRUG_AUDIT_RETENTION_DAYS", default_value_t = brug_app::jobs::MIN_AUDIT_RETENTION_DAYS)]
    pub audit_retention_days: u32,
    #[command(flatten)]
    pub retention: crate::retention::PeriodArgs,
}

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    if args.audit_retention_days < brug_app::jobs::MIN_AUDIT_RETENTION_DAYS {
        anyhow::bail!(
            "--audit-retention-days {} is shorter than the five years NEN 7513 requires (at least {} days)",
            args.audit_retention_days,
            brug_app::jobs::MIN_AUDIT_RETENTION_DAYS
        );
    }
    let retention = args.retention.policy()?;
    let data_key = config::load_data_key(&args.keys.data_key_file)?;
    let db = config::open_migrated(&args.db.database_url).await?;
    let mut settings = Settings::with_key(data_key);
    settings.secure_cookies = args.secure_cookies;
    settings.audit_retention_days = args.audit_retention_days;
    settings.monitor_full_refresh_in_server = !args.monitor_external_full_refresh;
    settings.retention = retention;
    // Notification mail links here; without --public-url, the listening address.
    settings.public_url = args
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", args.addr))
        .trim_end_matches('/')
        .to_owned();
    let (app, writer) = App::start(db.clone(), Arc::new(SystemClock), settings, AuditMode::On)
        .await
        .map_err(|e| anyhow::anyhow!("starting Brug failed: {e}"))?;
    let demo = if args.demo {
        ensure_demo_region(&app).await?;
        true
    } else {
        brug_store::meta::get(&db, brug_store::meta::DATASET)
            .await?
            .as_deref()
            == Some("demo")
    };
    let listener = tokio::net::TcpListener::bind(args.addr).await.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            anyhow::anyhow!(
                "address {} is already in use (is another Brug running?). Stop it or choose another address with --addr.",
                args.addr
            )
        } else {
            anyhow::anyhow!("cannot listen on {}: {e}", args.addr)
        }
    })?;
    let local = listener
        .local_addr()
        .context("reading the listening address")?;
    println!(
        "Brug is running on http://{local} ({} database: {})",
        db.engine().name(),
        db.description()
    );
    tokio::spawn(brug_app::jobs::run(Arc::downgrade(&app)));
    tokio::spawn(brug_app::retention::run_daily(Arc::downgrade(&app)));
    match &args.smtp_url {
        Some(url) => {
            tokio::spawn(brug_app::mailer::run(
                Arc::downgrade(&app),
                brug_app::mailer::SmtpConfig {
                    url: url.clone(),
                    from: args.mail_from.clone(),
                },
            ));
        }
        None => tracing::info!("no SMTP server configured: mail stays in the outbox page"),
    }
    let public_url = args
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{local}"));
    let state = brug_web::AppState::new(app.clone())
        .with_demo(demo)
        .with_public_url(public_url)
        .with_smtp(args.smtp_url.is_some());
    brug_web::serve(listener, state, shutdown_signal())
        .await
        .context("the web server stopped with an error")?;
    tracing::info!("shutting down: waiting for the audit log writer");
    drop(app);
    if tokio::time::timeout(Duration::from_secs(10), writer)
        .await
        .is_err()
    {
        tracing::warn!("the audit writer did not finish within 10 seconds");
    }
    db.close().await;
    println!("Brug stopped cleanly.");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutdown signal received: finishing requests in flight");
}

/// Fill an empty database with the demo region, or show the accounts of the
/// demo data already there.
async fn ensure_demo_region(app: &App) -> anyhow::Result<()> {
    let accounts = match brug_demo::accounts(&app.db).await? {
        Some(accounts) => {
            println!("The database already holds the demo data.");
            accounts
        }
        None => {
            println!("Filling the database with the demo region (this takes a moment)...");
            let report = brug_demo::generate(
                &app.db,
                app.keys(),
                brug_demo::Scale::Region,
                brug_demo::DEFAULT_SEED,
                std::io::IsTerminal::is_terminal(&std::io::stderr()),
            )
            .await?;
            println!(
                "Demo data created in {:.1} s.",
                report.elapsed.as_secs_f64()
            );
            report.accounts
        }
    };
    crate::demo::print_accounts(&accounts);
    Ok(())
}
