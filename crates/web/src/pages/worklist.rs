//! The worklist: my open cases and what needs attention in them.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use brug_app::worklists::{self, Worklists};

use crate::chrome::Chrome;
use crate::error::WebError;
use crate::session::Viewer;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "worklist.html")]
struct WorklistPage {
    c: Chrome,
    w: Worklists,
    /// Today, to flag correction requests past their deadline.
    w_today: time::Date,
}

impl WorklistPage {
    fn name(&self, given: &str, prefix: &Option<String>, family: &str) -> String {
        brug_domain::registry::display_name(given, prefix.as_deref(), family)
    }
}

pub async fn show(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
) -> Result<Response, WebError> {
    let w = worklists::mine(&state.app, &ctx).await?;
    let w_today = state.app.clock.today();
    super::render(&WorklistPage { c, w, w_today })
}
