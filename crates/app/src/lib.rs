//! Brug's use cases.
//!
//! Each use case loads the facts it needs, asks the domain policy, runs the
//! store work, appends the audit event and returns a view model. Handlers in
//! the web crate are thin wrappers around these functions; the CLI calls the
//! same ones.

pub mod account;
pub mod accounts;
pub mod audit_views;
pub mod auth;
pub mod cases;
pub mod consent;
mod context;
pub mod crypto;
mod error;
pub mod export;
pub mod family;
pub mod handover;
pub mod import;
pub mod jobs;
pub mod learning;
pub mod lifecycle;
pub mod mailer;
pub mod meetings;
pub mod monitor;
pub mod network;
pub mod notifications;
pub mod orgs;
pub mod plan;
pub mod pupils;
pub mod retention;
pub mod rights;
mod settings;
mod trail;
pub mod two_factor;
pub mod worklists;

use std::sync::Arc;

use brug_domain::clock::Clock;
use brug_store::Db;
use brug_store::audit::{AuditMode, AuditWriter};

pub use context::{Ctx, Origin};
pub use error::{AppError, FieldError, FieldErrors};
pub use settings::Settings;

/// Everything a use case needs, shared by all requests.
pub struct App {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub settings: Settings,
    /// The monitor's disclosure control and registry cache.
    pub monitor: monitor::MonitorState,
    audit: AuditWriter,
    keys: crypto::Keys,
}

impl App {
    /// Start the app on a migrated database: loads (or creates) the shared
    /// server key and starts the audit writer.
    pub async fn start(
        db: Db,
        clock: Arc<dyn Clock>,
        settings: Settings,
        mode: AuditMode,
    ) -> Result<(Arc<App>, tokio::task::JoinHandle<()>), AppError> {
        let keys = crypto::Keys::load(&db, &settings).await?;
        let (audit, writer) = AuditWriter::start(db.clone(), mode);
        let app = Arc::new(App {
            db,
            clock,
            settings,
            monitor: monitor::MonitorState::default(),
            audit,
            keys,
        });
        learning::seed::ensure(&app).await?;
        Ok((app, writer))
    }

    pub fn keys(&self) -> &crypto::Keys {
        &self.keys
    }

    pub(crate) fn now(&self) -> brug_store::Ts {
        brug_store::Ts::new(self.clock.now())
    }
}
