//! `brug bench`: benchmarks that print figures (never timed unit tests).
//!
//! `bench access` serves a pupil page in-process over real TCP and loads it
//! with N concurrent keep-alive clients, with the audit log on and off.
//! `bench load` is the same load generator against a running server (used
//! by scripts/audit-crash-test, which kills the server with SIGKILL mid-load
//! and checks that every acknowledged read has its audit event).

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use brug_app::{App, Settings};
use brug_domain::clock::SystemClock;
use brug_domain::registry::{OrgKind, Sector};
use brug_domain::roles::Role;
use brug_store::audit::AuditMode;
use brug_store::registry::{self, NewEnrolment, NewOrganisation, NewPupil, NewSchoolLocation};
use brug_store::{Db, Ts, sessions, users};
use clap::{Args, Subcommand};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use tokio::net::TcpStream;

use crate::config;

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Pupil page throughput and latency with the audit log on and off.
    Access(AccessArgs),
    /// Load a running server's page with concurrent clients; prints ok/error counts.
    Load(LoadArgs),
    /// Create a benchmark pupil and a signed-in session in a database; prints
    /// `PATH COOKIE` for `bench load`.
    Prepare {
        #[command(flatten)]
        db: config::DbArgs,
    },
    /// Count audit events of reads of the benchmark pupil's page.
    CountAudit {
        #[command(flatten)]
        db: config::DbArgs,
    },
    /// Generate a pupil file (default 1,000,000 rows) and print rows per
    /// minute for the import's check and load.
    Import(crate::import::BenchImportArgs),
    /// Time the monitor's dashboards (one municipality, one SWV, the
    /// country): median and p95, resident memory, and the plain GROUP BY
    /// floor on the raw tables.
    Monitor(crate::monitor::BenchMonitorArgs),
}

#[derive(Args)]
pub struct AccessArgs {
    /// Database to run on; default a fresh SQLite file in a temporary folder.
    #[arg(long)]
    database_url: Option<String>,
    #[arg(long, default_value_t = 64)]
    clients: usize,
    #[arg(long, default_value_t = 10)]
    seconds: u64,
}

#[derive(Args)]
pub struct LoadArgs {
    /// Base URL of the server, e.g. http://127.0.0.1:8080
    #[arg(long)]
    url: String,
    /// Path to request.
    #[arg(long)]
    path: String,
    /// Session cookie value.
    #[arg(long)]
    cookie: String,
    #[arg(long, default_value_t = 64)]
    clients: usize,
    #[arg(long, default_value_t = 10)]
    seconds: u64,
}

pub async fn run(cmd: BenchCommand) -> anyhow::Result<()> {
    match cmd {
        BenchCommand::Access(args) => access(args).await,
        BenchCommand::Load(args) => {
            let addr = args
                .url
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_owned();
            let stats = load(
                &addr,
                &args.path,
                &args.cookie,
                args.clients,
                Duration::from_secs(args.seconds),
            )
            .await;
            println!(
                "ok={} errors={} requests_per_s={:.0}",
                stats.ok,
                stats.errors,
                stats.rate()
            );
            Ok(())
        }
        BenchCommand::Prepare { db } => {
            let db = config::open_migrated(&db.database_url).await?;
            let (path, cookie) = prepare(&db).await?;
            println!("{path} {cookie}");
            db.close().await;
            Ok(())
        }
        BenchCommand::Import(args) => crate::import::bench(args).await,
        BenchCommand::Monitor(args) => crate::monitor::bench(args).await,
        BenchCommand::CountAudit { db } => {
            let db = config::open_migrated(&db.database_url).await?;
            let n = count_reads(&db).await?;
            println!("{n}");
            db.close().await;
            Ok(())
        }
    }
}

const BENCH_EMAIL: &str = "bench-coordinator@bench.brug.nl";

/// A school, a pupil and a coordinator with a live session (no 2FA step: the
/// session is created directly, as after a completed login).
async fn prepare(db: &Db) -> anyhow::Result<(String, String)> {
    let now = Ts::new(time::OffsetDateTime::now_utc());
    let mut tx = db.begin().await?;
    let existing = users::user_by_email(db, BENCH_EMAIL).await?;
    let (user_id, pupil_id) = if let Some(u) = existing {
        (u.id, bench_pupil(db).await?)
    } else {
        let mut m = NewOrganisation::new(OrgKind::Municipality, "Benchstad");
        m.cbs_code = Some("GM9901".into());
        let municipality = registry::insert_organisation(&mut tx, &m, now).await?;
        let mut s = NewOrganisation::new(OrgKind::School, "Benchschool");
        s.brin = Some("99ZZ".into());
        let school = registry::insert_organisation(&mut tx, &s, now).await?;
        let location = registry::insert_location(
            &mut tx,
            &NewSchoolLocation {
                school_id: school,
                brin: "99ZZ00".into(),
                name: "Benchschool".into(),
                city: "Benchstad".into(),
                sector: Sector::Po,
                municipality_id: municipality,
                swv_id: None,
            },
            now,
        )
        .await?;
        let pupil = registry::insert_pupil(
            &mut tx,
            &NewPupil {
                given_name: "Bench".into(),
                name_prefix: None,
                family_name: "Leerling".into(),
                birth_date: time::macros::date!(2016 - 05 - 01),
                bsn_cipher: None,
                bsn_lookup: None,
            },
            now,
        )
        .await?;
        registry::insert_enrolment(
            &mut tx,
            &NewEnrolment {
                pupil_id: pupil,
                location_id: location,
                school_id: school,
                pupil_number: Some("BENCH-1".into()),
                sector: Sector::Po,
                grade: "groep 5".into(),
                residence_municipality_id: municipality,
                start_date: time::macros::date!(2024 - 08 - 20),
                end_date: None,
            },
            now,
        )
        .await?;
        let user = users::insert_user(
            &mut tx,
            &users::NewUser {
                email: BENCH_EMAIL.into(),
                name: "Bench Coördinator".into(),
                password_hash: None,
                platform_admin: false,
                pupil_id: None,
            },
            now,
        )
        .await?;
        users::add_membership(&mut tx, user, school, Role::Coordinator, now).await?;
        (user, pupil)
    };
    tx.commit().await?;
    let token = brug_app::crypto::random_token();
    sessions::insert(
        db,
        &sessions::Session {
            id: brug_app::auth::session_id(&token),
            user_id,
            created_at: now,
            last_seen_at: now,
            expires_at: Ts::new(now.get() + time::Duration::hours(11)),
            second_factor_done: true,
            ip: None,
            user_agent: Some("brug bench".into()),
        },
    )
    .await?;
    Ok((format!("/pupils/{pupil_id}"), token))
}

async fn bench_pupil(db: &Db) -> anyhow::Result<i64> {
    let page = registry::pupils_of_school(
        db,
        registry::organisation_by_code(db, "99ZZ")
            .await?
            .context("bench school missing")?
            .id,
        time::OffsetDateTime::now_utc().date(),
        &registry::PupilQuery {
            limit: 1,
            ..Default::default()
        },
    )
    .await?;
    page.rows
        .first()
        .map(|r| r.id)
        .context("bench pupil missing")
}

async fn count_reads(db: &Db) -> anyhow::Result<i64> {
    let pupil = bench_pupil(db).await?;
    let page = brug_store::audit::search(
        db,
        &brug_store::audit::AuditQuery {
            pupil: Some(pupil),
            action: Some(brug_domain::audit::AuditAction::Read),
            limit: 1,
            ..Default::default()
        },
    )
    .await?;
    Ok(page.total)
}

struct Stats {
    ok: u64,
    errors: u64,
    elapsed: Duration,
    latencies_us: Vec<u64>,
}

impl Stats {
    fn rate(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    fn percentile_ms(&mut self, p: f64) -> f64 {
        if self.latencies_us.is_empty() {
            return f64::NAN;
        }
        self.latencies_us.sort_unstable();
        let idx = ((self.latencies_us.len() as f64 - 1.0) * p).round() as usize;
        self.latencies_us[idx] as f64 / 1000.0
    }
}

/// `clients` keep-alive connections requesting `path` until `duration` is over.
async fn load(addr: &str, path: &str, cookie: &str, clients: usize, duration: Duration) -> Stats {
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::with_capacity(clients);
    for _ in 0..clients {
        let addr = addr.to_owned();
        let path = path.to_owned();
        let cookie = format!("brug_session={cookie}");
        tasks.push(tokio::spawn(async move {
            client(&addr, &path, &cookie, deadline).await
        }));
    }
    let mut stats = Stats {
        ok: 0,
        errors: 0,
        elapsed: Duration::ZERO,
        latencies_us: Vec::new(),
    };
    for t in tasks {
        if let Ok((ok, errors, lat)) = t.await {
            stats.ok += ok;
            stats.errors += errors;
            stats.latencies_us.extend(lat);
        }
    }
    stats.elapsed = started.elapsed();
    stats
}

async fn client(addr: &str, path: &str, cookie: &str, deadline: Instant) -> (u64, u64, Vec<u64>) {
    let (mut ok, mut errors, mut latencies) = (0u64, 0u64, Vec::new());
    'reconnect: while Instant::now() < deadline {
        let Ok(stream) = TcpStream::connect(addr).await else {
            errors += 1;
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let io = hyper_util::rt::TokioIo::new(stream);
        let Ok((mut sender, conn)) = hyper::client::conn::http1::handshake(io).await else {
            errors += 1;
            continue;
        };
        tokio::spawn(conn);
        while Instant::now() < deadline {
            let req = hyper::Request::get(path)
                .header("host", addr)
                .header("cookie", cookie)
                .body(Empty::<Bytes>::new());
            let Ok(req) = req else {
                return (ok, errors + 1, latencies);
            };
            let t = Instant::now();
            match sender.send_request(req).await {
                Ok(resp) => {
                    let status = resp.status();
                    let body_ok = resp.into_body().collect().await.is_ok();
                    if status.is_success() && body_ok {
                        ok += 1;
                        latencies.push(t.elapsed().as_micros() as u64);
                    } else {
                        errors += 1;
                    }
                }
                Err(_) => {
                    errors += 1;
                    continue 'reconnect;
                }
            }
        }
    }
    (ok, errors, latencies)
}

async fn access(args: AccessArgs) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let url = args
        .database_url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let db = config::open_migrated(&url).await?;
    let engine = db.engine().name();
    let (path, cookie) = prepare(&db).await?;
    println!(
        "bench access: {engine}, GET {path} (pupil page, policy check, audit), {} clients, {} s per run",
        args.clients, args.seconds
    );
    println!(
        "{:<10} {:<6} {:>10} {:>9} {:>9} {:>8}",
        "engine", "audit", "req/s", "p50 ms", "p99 ms", "errors"
    );
    let mut rates = Vec::new();
    for mode in [AuditMode::Off, AuditMode::On] {
        let (app, writer) = App::start(
            db.clone(),
            Arc::new(SystemClock),
            Settings::with_key([7; 32]),
            mode,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?.to_string();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let state = brug_web::AppState::new(app.clone());
        let server = tokio::spawn(brug_web::serve(listener, state, async {
            let _ = stop_rx.await;
        }));
        // Warm up connections and caches.
        let _ = load(&addr, &path, &cookie, args.clients, Duration::from_secs(1)).await;
        let mut stats = load(
            &addr,
            &path,
            &cookie,
            args.clients,
            Duration::from_secs(args.seconds),
        )
        .await;
        let _ = stop_tx.send(());
        let _ = server.await;
        drop(app);
        let _ = writer.await;
        let label = if mode == AuditMode::On { "on" } else { "off" };
        println!(
            "{:<10} {:<6} {:>10.0} {:>9.2} {:>9.2} {:>8}",
            engine,
            label,
            stats.rate(),
            stats.percentile_ms(0.5),
            stats.percentile_ms(0.99),
            stats.errors
        );
        rates.push(stats.rate());
    }
    if let [off, on] = rates[..] {
        println!(
            "audit on / off = {:.0}% (target: at least 70%)",
            100.0 * on / off.max(1e-9)
        );
    }
    db.close().await;
    Ok(())
}
