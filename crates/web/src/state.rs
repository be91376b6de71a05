use std::sync::Arc;

use brug_app::App;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub app: Arc<App>,
    /// The demo dataset is loaded: the login page shows the demo accounts' hint.
    pub demo: bool,
    /// The address users reach Brug on, for links in mail.
    pub public_url: String,
    /// Mail goes out over SMTP (else it waits in the outbox).
    pub smtp_configured: bool,
}

impl AppState {
    pub fn new(app: Arc<App>) -> AppState {
        AppState {
            app,
            demo: false,
            public_url: "http://127.0.0.1:8080".into(),
            smtp_configured: false,
        }
    }

    pub fn with_public_url(mut self, url: impl Into<String>) -> AppState {
        self.public_url = url.into().trim_end_matches('/').to_owned();
        self
    }

    pub fn with_smtp(mut self, configured: bool) -> AppState {
        self.smtp_configured = configured;
        self
    }

    pub fn with_demo(mut self, demo: bool) -> AppState {
        self.demo = demo;
        self
    }
}
