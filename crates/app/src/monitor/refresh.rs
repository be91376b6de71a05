//! The refresh job: from the cases to published figures.
//!
//! For each month it reads the month's rows from the cases
//! ([`brug_store::monitor::month_input`]), applies the indicator
//! definitions ([`month_facts`]), stores the base facts, protects the month
//! ([`publish_month`]) and stores the published figures; then it derives
//! the quarters and school years those months belong to. Each period is
//! written in one transaction, with the time of the refresh ("stand van").
//!
//! - **Recent** (every few minutes, [`run`]): the running month and the one
//!   before it, and their quarters and school years. Figures reflect the
//!   cases within one refresh interval.
//! - **Full** (once a day, and `brug monitor refresh --full`): every month
//!   of the window (see [`super::window`]), which also picks up changes to
//!   older months (a first signal entered with an earlier date) and drops
//!   months that left the window.
//!
//! Several `brug serve` processes may share a database: a lease in the
//! database lets one of them refresh at a time, and a second lease that
//! lasts a day decides which one runs the daily full refresh.

use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use brug_domain::monitor::Period;
use brug_domain::monitor::facts::month_facts;
use brug_domain::monitor::publication::{
    Figures, Hierarchy, PeriodBuilder, Quantity, period_code, publish_month, published_indicators,
};
use brug_store::Ts;
use brug_store::monitor as store;
use time::Date;

use super::{Registry, add_months, longer_periods, month_of, months_of, window};
use crate::{App, AppError};

/// The lease that lets one process refresh at a time.
const LEASE: &str = "monitor_refresh";
/// The lease whose expiry (a day) calls for the next full refresh.
const DAILY: &str = "monitor_full_daily";
/// A refresh that takes longer than this is assumed dead.
const LEASE_TIME: time::Duration = time::Duration::minutes(30);

/// What a refresh did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Months refreshed (`YYYY-MM`).
    pub months: Vec<String>,
    /// Quarters and school years derived.
    pub periods: Vec<String>,
    /// Figures written.
    pub figures: usize,
    /// Another process held the lease: nothing was done.
    pub skipped: bool,
    pub took: Duration,
}

/// First day and reference date of a month on `today`.
fn bounds(month: Period, today: Date) -> Option<(Date, Date)> {
    let Period::Month { year, month } = month else {
        return None;
    };
    let m = time::Month::try_from(month).ok()?;
    let start = Date::from_calendar_date(i32::from(year), m, 1).ok()?;
    let last = Date::from_calendar_date(
        i32::from(year),
        m,
        time::util::days_in_month(m, i32::from(year)),
    )
    .ok()?;
    Some((start, last.min(today)))
}

fn holder() -> String {
    format!("{}-{}", std::process::id(), rand::random::<u64>())
}

/// Refresh the recent months (`full == false`) or the whole window.
pub async fn refresh(app: &App, full: bool) -> Result<Report, AppError> {
    let started = Instant::now();
    let me = holder();
    let now = app.now();
    let until = Ts::new(now.get() + LEASE_TIME);
    if !store::take_lease(&app.db, LEASE, &me, now, until).await? {
        return Ok(Report {
            skipped: true,
            ..Report::default()
        });
    }
    let result = refresh_locked(app, full).await;
    let _ = store::release_lease(&app.db, LEASE, &me).await;
    app.monitor.invalidate();
    let mut report = result?;
    report.took = started.elapsed();
    Ok(report)
}

async fn refresh_locked(app: &App, full: bool) -> Result<Report, AppError> {
    let today = app.clock.today();
    let window = window(today);
    let registry = Arc::new(Registry::load(&app.db).await?);
    let months: Vec<Period> = if full {
        window.clone()
    } else {
        window.iter().rev().take(2).rev().copied().collect()
    };
    let longer = longer_periods(&window);
    let current = month_of(today);
    let mut report = Report::default();

    // The quarters and school years that have a refreshed month.
    let affected: Vec<Period> = longer
        .iter()
        .copied()
        .filter(|p| months_of(*p).iter().any(|m| months.contains(m)))
        .collect();
    for month in &months {
        let Some((start, end)) = bounds(*month, today) else {
            continue;
        };
        let input = store::month_input(&app.db, start, end).await?;
        let facts = month_facts(&input, start, end, today);
        drop(input);
        let sdc = *app.monitor.sdc();
        let reg = registry.clone();
        let m = *month;
        let (facts, figures) = tokio::task::spawn_blocking(move || {
            let figures = publish_month(&sdc, &reg.hierarchy, m, &facts);
            (facts, figures)
        })
        .await
        .map_err(|e| AppError::Internal(format!("monitor refresh: {e}")))?;
        let figures = figures.map_err(|e| AppError::Internal(format!("monitor: {e}")))?;
        let code = period_code(*month);
        let mut tx = app.db.begin().await?;
        store::replace_month_facts(&mut tx, &code, &facts).await?;
        store::replace_figures(&mut tx, &code, &figures, app.now()).await?;
        tx.commit().await?;
        report.figures += figures.len();
        report.months.push(code);
    }

    // Quarters and school years are derived from the stored months, one
    // period at a time, so a full refresh never holds more than one
    // period's figures (a month's publication is ~500,000 figures at
    // national scale).
    for p in affected {
        let ms: Vec<Period> = months_of(p).into_iter().filter(|m| *m <= current).collect();
        let mut b = PeriodBuilder::new();
        for (i, m) in ms.iter().enumerate() {
            // Earlier months add their flows only; the last its stocks too.
            let flows: Vec<&str> = published_indicators()
                .into_iter()
                .filter(|i| i.is_flow())
                .map(|i| Quantity::Count(i).code())
                .collect();
            let only = (i + 1 < ms.len()).then_some(flows.as_slice());
            let figures: Figures = store::period_figures(&app.db, &period_code(*m), only).await?;
            b.add_month(&figures);
        }
        let n = finish_period(app, &registry.hierarchy, p, b, &ms).await?;
        report.figures += n;
        report.periods.push(period_code(p));
    }
    if full {
        let keep: Vec<String> = window
            .iter()
            .chain(longer.iter())
            .map(|p| period_code(*p))
            .collect();
        let oldest = window.first().map(|m| period_code(*m)).unwrap_or_default();
        let mut tx = app.db.begin().await?;
        store::prune(&mut tx, &oldest, &keep).await?;
        tx.commit().await?;
    }
    Ok(report)
}

async fn finish_period(
    app: &App,
    hierarchy: &Hierarchy,
    period: Period,
    builder: PeriodBuilder,
    months: &[Period],
) -> Result<usize, AppError> {
    let codes: Vec<String> = months.iter().map(|m| period_code(*m)).collect();
    let durations = store::durations(&app.db, &codes).await?;
    let figures = builder
        .finish(app.monitor.sdc(), hierarchy, &durations)
        .map_err(|e| AppError::Internal(format!("monitor: {e}")))?;
    let mut tx = app.db.begin().await?;
    store::replace_figures(&mut tx, &period_code(period), &figures, app.now()).await?;
    tx.commit().await?;
    Ok(figures.len())
}

/// Refresh every `every` while the app lives: the recent months each time,
/// everything once a day (whichever process takes the daily lease first),
/// unless [`crate::Settings::monitor_full_refresh_in_server`] is off.
pub async fn run(app: Weak<App>, every: Duration) {
    loop {
        let Some(strong) = app.upgrade() else { return };
        let now = strong.now();
        let daily_until = Ts::new(now.get() + time::Duration::hours(24));
        // A new holder each round: the daily lease is taken only once it
        // has expired, never renewed. With the full refresh left to a
        // separate process, the server never takes it.
        let full = strong.settings.monitor_full_refresh_in_server
            && store::take_lease(&strong.db, DAILY, &holder(), now, daily_until)
                .await
                .unwrap_or(false);
        match refresh(&strong, full).await {
            Ok(r) if r.skipped => {
                tracing::debug!("monitor refresh skipped: another process refreshes")
            }
            Ok(r) => tracing::info!(
                full,
                months = r.months.len(),
                periods = r.periods.len(),
                figures = r.figures,
                took_ms = r.took.as_millis() as u64,
                "monitor refreshed"
            ),
            Err(e) => tracing::warn!(error = %e, "monitor refresh failed; will retry"),
        }
        drop(strong);
        tokio::time::sleep(every).await;
    }
}

/// The months a refresh on `today` covers (for messages).
#[must_use]
pub fn recent_months(today: Date) -> Vec<Period> {
    let current = month_of(today);
    vec![add_months(current, -1), current]
}
