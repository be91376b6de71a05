//! Two-factor login and enrolment pages.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use brug_app::AppError;
use brug_app::two_factor::{self, Enrolment};
use serde::Deserialize;

use crate::chrome::Chrome;
use crate::error::WebError;
use crate::session::{HalfViewer, safe_next, urlencode};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "two_factor.html")]
struct CodePage {
    c: Chrome,
    next: String,
    error: Option<String>,
    demo_code: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct NextParam {
    next: Option<String>,
}

fn see_other(target: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, target.to_owned())]).into_response()
}

pub async fn code_form(
    State(state): State<AppState>,
    HalfViewer(ctx): HalfViewer,
    c: Chrome,
    Query(q): Query<NextParam>,
) -> Result<Response, WebError> {
    let next = safe_next(q.next.as_deref());
    if ctx.second_factor_done || !ctx.needs_second_factor() {
        return Ok(see_other(&next));
    }
    if !ctx.totp_enabled {
        return Ok(see_other("/account/two-factor/setup"));
    }
    let demo_code = two_factor::demo_code(&state.app, &ctx).await?;
    super::render(&CodePage {
        c,
        next,
        error: None,
        demo_code,
    })
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: Option<String>,
}

fn code_error(c: &Chrome, err: &AppError) -> Option<(StatusCode, String)> {
    match err {
        AppError::Invalid(_) => Some((
            StatusCode::UNPROCESSABLE_ENTITY,
            c.t("two-factor-wrong-code"),
        )),
        AppError::Throttled { minutes } => Some((
            StatusCode::TOO_MANY_REQUESTS,
            c.t1("two-factor-throttled", "minutes", minutes),
        )),
        _ => None,
    }
}

async fn code_result(
    state: &AppState,
    ctx: &brug_app::Ctx,
    c: Chrome,
    next: String,
    result: Result<(), AppError>,
) -> Result<Response, WebError> {
    match result {
        Ok(()) => Ok(see_other(&next)),
        Err(err) => {
            let Some((status, message)) = code_error(&c, &err) else {
                return Err(err.into());
            };
            let demo_code = two_factor::demo_code(&state.app, ctx).await?;
            let mut response = super::render(&CodePage {
                c,
                next,
                error: Some(message),
                demo_code,
            })?;
            *response.status_mut() = status;
            Ok(response)
        }
    }
}

pub async fn code(
    State(state): State<AppState>,
    HalfViewer(ctx): HalfViewer,
    c: Chrome,
    Form(form): Form<CodeForm>,
) -> Result<Response, WebError> {
    let next = safe_next(form.next.as_deref());
    if ctx.second_factor_done || !ctx.needs_second_factor() {
        return Ok(see_other(&next));
    }
    let result = two_factor::verify_login(&state.app, &ctx, &form.code).await;
    code_result(&state, &ctx, c, next, result).await
}

pub async fn recovery(
    State(state): State<AppState>,
    HalfViewer(ctx): HalfViewer,
    c: Chrome,
    Form(form): Form<CodeForm>,
) -> Result<Response, WebError> {
    let next = safe_next(form.next.as_deref());
    if ctx.second_factor_done || !ctx.needs_second_factor() {
        return Ok(see_other(&next));
    }
    let result = two_factor::use_recovery_code(&state.app, &ctx, &form.code)
        .await
        .map(|_| ());
    code_result(&state, &ctx, c, next, result).await
}

#[derive(Template)]
#[template(path = "two_factor_setup.html")]
struct SetupPage {
    c: Chrome,
    secret: String,
    qr_data_uri: String,
    error: Option<String>,
}

fn setup_page(c: Chrome, e: Enrolment, error: Option<String>) -> SetupPage {
    SetupPage {
        c,
        secret: e.secret_grouped,
        qr_data_uri: format!(
            "data:image/svg+xml;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(e.qr_svg.as_bytes())
        ),
        error,
    }
}

pub async fn setup_form(
    State(state): State<AppState>,
    HalfViewer(ctx): HalfViewer,
    c: Chrome,
) -> Result<Response, WebError> {
    if ctx.totp_enabled {
        return Ok(see_other("/account"));
    }
    let enrolment = match two_factor::pending_enrolment(&state.app, &ctx).await? {
        Some(e) => e,
        None => two_factor::start_enrolment(&state.app, &ctx).await?,
    };
    super::render(&setup_page(c, enrolment, None))
}

#[derive(Template)]
#[template(path = "recovery_codes.html")]
struct RecoveryPage {
    c: Chrome,
    codes: Vec<String>,
}

pub async fn setup(
    State(state): State<AppState>,
    HalfViewer(ctx): HalfViewer,
    c: Chrome,
    Form(form): Form<CodeForm>,
) -> Result<Response, WebError> {
    match two_factor::confirm_enrolment(&state.app, &ctx, &form.code).await {
        Ok(codes) => super::render(&RecoveryPage { c, codes }),
        Err(err) => {
            let Some((status, message)) = code_error(&c, &err) else {
                return Err(err.into());
            };
            let enrolment = two_factor::pending_enrolment(&state.app, &ctx)
                .await?
                .ok_or(WebError::App(AppError::Conflict("no enrolment".into())))?;
            let mut response = super::render(&setup_page(c, enrolment, Some(message)))?;
            *response.status_mut() = status;
            Ok(response)
        }
    }
}

/// After login, where a professional goes: the code, or enrolment first.
pub fn after_password(needs_second_factor: bool, next: &str) -> String {
    if needs_second_factor {
        format!("/login/two-factor?next={}", urlencode(next))
    } else {
        next.to_owned()
    }
}
