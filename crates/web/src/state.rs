use std::sync::Arc;

use brug_app::App;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub app: Arc<App>,
    /// The demo dataset is loaded: the login page shows the demo accounts' hint.
    pub demo: bool,
}

impl AppState {
    pub fn new(app: Arc<App>) -> AppState {
        AppState { app, demo: false }
    }

    pub fn with_demo(mut self, demo: bool) -> AppState {
        self.demo = demo;
        self
    }
}
