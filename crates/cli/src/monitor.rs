//! `brug monitor refresh`: make the monitor's published figures now (the
//! server's job does the same every few minutes), and `brug bench monitor`:
//! dashboard latency, resident memory and the plain GROUP BY floor.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use brug_app::monitor::refresh;
use brug_app::{App, Settings};
use brug_domain::clock::SystemClock;
use brug_domain::ids::OrgId;
use brug_domain::roles::Role;
use brug_store::audit::AuditMode;
use brug_store::{Db, Ts, sessions, users};
use clap::{Args, Subcommand, ValueEnum};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use tokio::net::TcpStream;

use crate::config;

#[derive(Subcommand)]
pub enum MonitorCommand {
    /// Refresh the published figures: the recent months, or with --full
    /// every month of the window (last school year and this one).
    Refresh {
        #[command(flatten)]
        db: config::DbArgs,
        #[arg(long)]
        full: bool,
    },
}

pub async fn run(cmd: MonitorCommand) -> anyhow::Result<()> {
    match cmd {
        MonitorCommand::Refresh { db, full } => {
            let db = config::open_migrated(&db.database_url).await?;
            let (app, writer) = start(&db).await?;
            let r = refresh::refresh(&app, full).await?;
            print_refresh(full, &r);
            drop(app);
            let _ = writer.await;
            db.close().await;
            Ok(())
        }
    }
}

async fn start(db: &Db) -> anyhow::Result<(Arc<App>, tokio::task::JoinHandle<()>)> {
    App::start(
        db.clone(),
        Arc::new(SystemClock),
        Settings::with_key([7; 32]),
        AuditMode::On,
    )
    .await
    .map_err(|e| anyhow::anyhow!("starting Brug failed: {e}"))
}

fn print_refresh(full: bool, r: &refresh::Report) {
    if r.skipped {
        println!("another process is refreshing the monitor; nothing done");
        return;
    }
    println!(
        "monitor refreshed ({}): {} months, {} quarters and school years, {} figures in {:.1} s",
        if full { "full" } else { "recent months" },
        r.months.len(),
        r.periods.len(),
        r.figures,
        r.took.as_secs_f64()
    );
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RefreshMode {
    /// Only when no figures exist yet.
    Auto,
    Full,
    None,
}

#[derive(Args)]
pub struct BenchMonitorArgs {
    #[command(flatten)]
    db: config::DbArgs,
    /// Requests per page (sequential, one keep-alive connection).
    #[arg(long, default_value_t = 50)]
    requests: usize,
    /// Refresh the figures before measuring.
    #[arg(long, value_enum, default_value = "auto")]
    refresh: RefreshMode,
}

const BENCH_EMAIL: &str = "bench-policy@bench.brug.nl";

/// The municipality and the partnership with the most school locations.
fn largest(locations: &[brug_domain::monitor::publication::LocationInfo]) -> (OrgId, OrgId) {
    let mut munis: HashMap<OrgId, usize> = HashMap::new();
    let mut swvs: HashMap<OrgId, usize> = HashMap::new();
    for l in locations {
        *munis.entry(l.municipality).or_default() += 1;
        if let Some(s) = l.swv {
            *swvs.entry(s).or_default() += 1;
        }
    }
    let top = |m: HashMap<OrgId, usize>| {
        m.into_iter()
            .max_by_key(|(id, n)| (*n, std::cmp::Reverse(*id)))
            .map_or(OrgId(0), |(id, _)| id)
    };
    (top(munis), top(swvs))
}

/// A policy maker of both areas with a live session; returns the cookie.
async fn policy_maker(db: &Db, orgs: &[OrgId]) -> anyhow::Result<String> {
    let now = Ts::new(time::OffsetDateTime::now_utc());
    let user_id = match users::user_by_email(db, BENCH_EMAIL).await? {
        Some(u) => u.id,
        None => {
            let mut tx = db.begin().await?;
            let id = users::insert_user(
                &mut tx,
                &users::NewUser {
                    email: BENCH_EMAIL.into(),
                    name: "Bench Beleidsmedewerker".into(),
                    password_hash: None,
                    platform_admin: false,
                    pupil_id: None,
                },
                now,
            )
            .await?;
            for org in orgs {
                users::add_membership(&mut tx, id, org.0, Role::PolicyMaker, now).await?;
            }
            tx.commit().await?;
            id
        }
    };
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
            user_agent: Some("brug bench monitor".into()),
        },
    )
    .await?;
    Ok(token)
}

/// `n` sequential GETs on one keep-alive connection: latencies in µs and
/// the number of answers that were not 200. With `cold`, the monitor's
/// figure cache is emptied before each request (as after a refresh), so
/// every page reads its figures from the database.
async fn timed(
    addr: &str,
    path: &str,
    cookie: &str,
    n: usize,
    cold: Option<&App>,
) -> anyhow::Result<(Vec<u64>, usize)> {
    let stream = TcpStream::connect(addr).await?;
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await?;
    tokio::spawn(conn);
    let mut latencies = Vec::with_capacity(n);
    let mut errors = 0;
    for _ in 0..n {
        let req = hyper::Request::get(path)
            .header("host", addr)
            .header("cookie", format!("brug_session={cookie}"))
            .body(Empty::<Bytes>::new())?;
        sender.ready().await?;
        if let Some(app) = cold {
            app.monitor.figures().clear();
        }
        let t = Instant::now();
        let resp = sender.send_request(req).await?;
        let ok = resp.status().is_success();
        resp.into_body().collect().await?;
        latencies.push(u64::try_from(t.elapsed().as_micros()).unwrap_or(u64::MAX));
        if !ok {
            errors += 1;
        }
    }
    Ok((latencies, errors))
}

#[allow(clippy::cast_precision_loss)]
fn percentile_ms(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx] as f64 / 1000.0
}

/// Resident and peak resident memory of this process in MB (Linux).
fn memory_mb() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

pub async fn bench(args: BenchMonitorArgs) -> anyhow::Result<()> {
    let db = config::open_migrated(&args.db.database_url).await?;
    let engine = db.engine().name();
    let (app, writer) = start(&db).await?;
    let has_figures = !brug_store::monitor::refreshed(&db).await?.is_empty();
    let full = match args.refresh {
        RefreshMode::Full => true,
        RefreshMode::Auto => !has_figures,
        RefreshMode::None => false,
    };
    if full {
        println!("refreshing every month of the window first (this takes a while)...");
        let r = refresh::refresh(&app, true).await?;
        print_refresh(true, &r);
    }
    let (locations, _) = brug_store::monitor::hierarchy(&db).await?;
    let (muni, swv) = largest(&locations);
    let cookie = policy_maker(&db, &[muni, swv]).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?.to_string();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(brug_web::serve(
        listener,
        brug_web::AppState::new(app.clone()),
        async {
            let _ = stop_rx.await;
        },
    ));
    // Peak memory from here on: the pages, not the refresh.
    let _ = std::fs::write("/proc/self/clear_refs", "5");

    let in_area = |f: &dyn Fn(&brug_domain::monitor::publication::LocationInfo) -> bool| {
        locations
            .iter()
            .filter(|l| f(l))
            .map(|l| l.id.0)
            .collect::<Vec<i64>>()
    };
    let pages: Vec<(String, String, Vec<i64>)> = vec![
        (
            format!(
                "municipality {} ({} locations)",
                muni.0,
                in_area(&|l| l.municipality == muni).len()
            ),
            format!("/monitor/municipality-{}", muni.0),
            in_area(&|l| l.municipality == muni),
        ),
        (
            format!(
                "SWV {} ({} locations)",
                swv.0,
                in_area(&|l| l.swv == Some(swv)).len()
            ),
            format!("/monitor/swv-{}", swv.0),
            in_area(&|l| l.swv == Some(swv)),
        ),
        (
            format!("national ({} locations)", locations.len()),
            "/monitor/national".to_owned(),
            Vec::new(),
        ),
    ];
    println!(
        "bench monitor: {engine} ({}), {} requests per page, audit log on",
        db.description(),
        args.requests
    );
    println!(
        "{:<36} {:>9} {:>9} {:>10} {:>10} {:>7} {:>13} {:>7}",
        "dashboard", "p50 ms", "p95 ms", "cold p50", "cold p95", "errors", "GROUP BY ms", "ratio"
    );
    let today = time::OffsetDateTime::now_utc().date();
    let first = today.replace_day(1).context("first of the month")?;
    for (label, path, locs) in &pages {
        timed(&addr, path, &cookie, 3, None).await?;
        let (mut cold, cold_errors) =
            timed(&addr, path, &cookie, args.requests, Some(&app)).await?;
        cold.sort_unstable();
        let (mut lat, errors) = timed(&addr, path, &cookie, args.requests, None).await?;
        lat.sort_unstable();
        let mut floor = Vec::new();
        for _ in 0..args.requests.clamp(1, 5) {
            let t = Instant::now();
            brug_store::monitor::floor_counts(&db, locs, first, today).await?;
            floor.push(u64::try_from(t.elapsed().as_micros()).unwrap_or(u64::MAX));
        }
        floor.sort_unstable();
        let cold50 = percentile_ms(&cold, 0.5);
        let floor50 = percentile_ms(&floor, 0.5);
        println!(
            "{label:<36} {:>9.2} {:>9.2} {cold50:>10.2} {:>10.2} {:>7} {floor50:>13.1} {:>7.3}",
            percentile_ms(&lat, 0.5),
            percentile_ms(&lat, 0.95),
            percentile_ms(&cold, 0.95),
            errors + cold_errors,
            cold50 / floor50
        );
    }
    let (rss, peak) = memory_mb();
    let cached = app.monitor.figures().held();
    // The server's job refreshes the recent months every few minutes in the
    // same process: the pages and the memory while it runs.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let job = {
        let app = app.clone();
        tokio::spawn(async move { refresh::refresh(&app, false).await })
    };
    // The national page, over and over until the refresh is done.
    let (mut during, mut during_errors) = (Vec::new(), 0);
    while !job.is_finished() {
        let (lat, errors) = timed(&addr, "/monitor/national", &cookie, 10, None).await?;
        during.extend(lat);
        during_errors += errors;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let r = job.await.context("refresh task")??;
    during.sort_unstable();
    let (_, refresh_peak) = memory_mb();
    println!(
        "resident memory: {rss:.0} MB now, {peak:.0} MB peak while serving, {cached} figures cached (target: p95 < 100 ms, RSS < 500 MB); MALLOC_ARENA_MAX={}",
        std::env::var("MALLOC_ARENA_MAX").unwrap_or_else(|_| "unset".into())
    );
    println!(
        "during a refresh of the recent months ({:.1} s, {} figures): national page ({} requests) p50 {:.2} ms, p95 {:.2} ms, errors {during_errors}; peak resident memory {refresh_peak:.0} MB",
        r.took.as_secs_f64(),
        r.figures,
        during.len(),
        percentile_ms(&during, 0.5),
        percentile_ms(&during, 0.95),
    );
    println!(
        "p50/p95: figures cached since the last refresh (every request after the first); cold: the cache emptied before each request, as right after a refresh; ratio: cold p50 / GROUP BY"
    );
    println!(
        "GROUP BY: pupils enrolled, with a case, with youth care, home-sitters and cases opened of the running month per school location, straight from the raw tables (no protection, no trend, no comparison)"
    );
    let _ = stop_tx.send(());
    let _ = server.await;
    drop(app);
    let _ = tokio::time::timeout(Duration::from_secs(10), writer).await;
    db.close().await;
    Ok(())
}
