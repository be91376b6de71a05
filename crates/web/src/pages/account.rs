//! My account: roles, two-factor status, sessions, my own recent access.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use brug_app::account::SessionView;
use brug_store::users::Membership;

use super::logs::{LogLine, line};
use crate::chrome::Chrome;
use crate::cookies;
use crate::error::WebError;
use crate::session::{Viewer, append_cookie};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    c: Chrome,
    email: String,
    roles: Vec<Membership>,
    totp_enabled: bool,
    sessions: Vec<SessionView>,
    lines: Vec<LogLine>,
}

pub async fn show(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
) -> Result<Response, WebError> {
    let sessions = brug_app::account::sessions(&state.app, &ctx).await?;
    let (entries, _) = brug_app::audit_views::my_access(&state.app, &ctx, 0, 20).await?;
    let lines = entries.iter().map(|e| line(&c, e)).collect();
    super::render(&AccountPage {
        email: ctx.email.clone(),
        roles: ctx.memberships.clone(),
        totp_enabled: ctx.totp_enabled,
        sessions,
        lines,
        c,
    })
}

pub async fn end_all(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
) -> Result<Response, WebError> {
    brug_app::account::log_out_everywhere(&state.app, &ctx).await?;
    let secure = state.app.settings.secure_cookies;
    let mut response = (StatusCode::SEE_OTHER, [(LOCATION, "/login")]).into_response();
    append_cookie(&mut response, &cookies::clear(cookies::SESSION, secure));
    append_cookie(
        &mut response,
        &cookies::set(
            cookies::FLASH,
            "ok:flash-logged-out-everywhere",
            Some(60),
            secure,
        ),
    );
    Ok(response)
}
