//! Log in and log out.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Redirect, Response};
use brug_app::{AppError, Origin};
use serde::Deserialize;

use crate::chrome::Chrome;
use crate::cookies;
use crate::error::WebError;
use crate::session::{Viewer, append_cookie, safe_next};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    c: Chrome,
    email: String,
    next: String,
    error: Option<String>,
    demo: bool,
}

#[derive(Deserialize, Default)]
pub struct NextParam {
    next: Option<String>,
}

pub async fn login_form(
    State(state): State<AppState>,
    c: Chrome,
    Query(q): Query<NextParam>,
) -> Result<Response, WebError> {
    if c.user.is_some() {
        return Ok(Redirect::to(&safe_next(q.next.as_deref())).into_response());
    }
    super::render(&LoginPage {
        c,
        email: String::new(),
        next: safe_next(q.next.as_deref()),
        error: None,
        demo: state.demo,
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    c: Chrome,
    origin: axum::Extension<Origin>,
    Form(form): Form<LoginForm>,
) -> Result<Response, WebError> {
    let next = safe_next(form.next.as_deref());
    let result = brug_app::auth::login(&state.app, &form.email, &form.password, &origin).await;
    match result {
        Ok(session) => {
            let target = super::two_factor::after_password(session.needs_second_factor, &next);
            let mut response = (StatusCode::SEE_OTHER, [(LOCATION, target)]).into_response();
            let secure = state.app.settings.secure_cookies;
            append_cookie(
                &mut response,
                &cookies::set(cookies::SESSION, &session.token, None, secure),
            );
            Ok(response)
        }
        Err(err @ (AppError::Invalid(_) | AppError::Throttled { .. })) => {
            let (status, message) = match err {
                AppError::Throttled { minutes } => (
                    StatusCode::TOO_MANY_REQUESTS,
                    c.t1("login-throttled", "minutes", minutes),
                ),
                _ => (StatusCode::UNPROCESSABLE_ENTITY, c.t("login-failed")),
            };
            let demo = state.demo;
            let page = LoginPage {
                c,
                email: form.email.chars().take(254).collect(),
                next,
                error: Some(message),
                demo,
            };
            let mut response = super::render(&page)?;
            *response.status_mut() = status;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn logout(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
) -> Result<Response, WebError> {
    brug_app::auth::logout(&state.app, &ctx).await?;
    let mut response = Redirect::to("/login").into_response();
    *response.status_mut() = StatusCode::SEE_OTHER;
    append_cookie(
        &mut response,
        &cookies::clear(cookies::SESSION, state.app.settings.secure_cookies),
    );
    append_cookie(
        &mut response,
        &cookies::set(
            cookies::FLASH,
            "ok:flash-logged-out",
            Some(60),
            state.app.settings.secure_cookies,
        ),
    );
    Ok(response)
}
