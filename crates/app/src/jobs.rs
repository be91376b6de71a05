//! Background jobs: housekeeping (expired sessions, audit retention, the
//! daily reminders of overdue agreements and evaluations coming up) and the
//! monitor's refresh of published figures. Safe to run in several processes
//! at once (every step is idempotent and locked in the store).

use std::sync::Weak;
use std::time::Duration;

use brug_store::{Ts, audit, sessions};

use crate::{App, AppError};

/// The shortest audit retention NEN 7513 allows: five years.
pub const MIN_AUDIT_RETENTION_DAYS: u32 = 5 * 365 + 1;

/// What one housekeeping round did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Housekeeping {
    pub sessions_removed: u64,
    pub audit_events_removed: u64,
    /// Reminders of overdue agreements and evaluations coming up (each once).
    pub reminders: crate::notifications::Reminders,
}

pub async fn housekeeping(app: &App) -> Result<Housekeeping, AppError> {
    let now = app.now();
    let sessions_removed = sessions::delete_expired(&app.db, now).await?;
    let days = app
        .settings
        .audit_retention_days
        .max(MIN_AUDIT_RETENTION_DAYS);
    let cutoff = Ts::new(now.get() - time::Duration::days(i64::from(days)));
    let audit_events_removed = audit::prune_before(&app.db, cutoff, now).await?;
    let reminders = crate::notifications::reminders(app).await?;
    Ok(Housekeeping {
        sessions_removed,
        audit_events_removed,
        reminders,
    })
}

/// How often the monitor's figures are refreshed (the running and the
/// previous month; everything once a day). See `docs/monitor.md`.
pub const MONITOR_REFRESH_EVERY: Duration = Duration::from_secs(120);

/// Run every background job while the app lives: housekeeping now and every
/// six hours, the monitor refresh now and every [`MONITOR_REFRESH_EVERY`].
pub async fn run(app: Weak<App>) {
    tokio::join!(
        run_housekeeping(app.clone()),
        crate::monitor::refresh::run(app, MONITOR_REFRESH_EVERY)
    );
}

async fn run_housekeeping(app: Weak<App>) {
    loop {
        let Some(strong) = app.upgrade() else { return };
        match housekeeping(&strong).await {
            Ok(done) => tracing::info!(
                sessions_removed = done.sessions_removed,
                audit_events_removed = done.audit_events_removed,
                overdue_reminders = done.reminders.overdue,
                upcoming_reminders = done.reminders.upcoming,
                "housekeeping done"
            ),
            Err(e) => tracing::warn!(error = %e, "housekeeping failed; will retry"),
        }
        drop(strong);
        tokio::time::sleep(Duration::from_secs(6 * 3600)).await;
    }
}
