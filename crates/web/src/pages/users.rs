//! Account lifecycle pages: an organisation's users (invite, deactivate),
//! accepting an invitation, resetting a password, the mail outbox.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use brug_app::lifecycle::{self, InviteForm, LinkTarget};
use brug_app::{AppError, FieldErrors};
use brug_domain::ids::{OrgId, UserId};
use brug_domain::roles::Role;
use brug_store::lifecycle::{Mail, OrgUser};
use serde::Deserialize;

use crate::chrome::Chrome;
use crate::cookies;
use crate::error::WebError;
use crate::session::{Viewer, append_cookie};
use crate::state::AppState;

fn see_other(target: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, target.to_owned())]).into_response()
}

fn flash(mut r: Response, state: &AppState, id: &str) -> Response {
    append_cookie(
        &mut r,
        &cookies::set(
            cookies::FLASH,
            id,
            Some(60),
            state.app.settings.secure_cookies,
        ),
    );
    r
}

/// Field errors as text per field, in the page's language.
pub struct Errors(pub Vec<(&'static str, String)>);

impl Errors {
    pub fn from(c: &Chrome, e: &FieldErrors) -> Errors {
        Errors(
            e.0.iter()
                .map(|f| (f.field, c.t_args(f.message_id, &f.args)))
                .collect(),
        )
    }

    pub fn none() -> Errors {
        Errors(Vec::new())
    }

    pub fn get(&self, field: &str) -> Option<&String> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| m)
    }

    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }
}

#[derive(Template)]
#[template(path = "org_users.html")]
struct UsersPage {
    c: Chrome,
    org: i64,
    users: Vec<OrgUser>,
    roles: Vec<(String, String)>,
    form: InviteForm,
    errors: Errors,
}

fn role_options(c: &Chrome) -> Vec<(String, String)> {
    Role::ALL
        .iter()
        .map(|r| (r.code().to_owned(), c.role_name(r)))
        .collect()
}

pub async fn list(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(org): Path<i64>,
) -> Result<Response, WebError> {
    let users = lifecycle::org_users(&state.app, &ctx, OrgId(org)).await?;
    let roles = role_options(&c);
    super::render(&UsersPage {
        c,
        org,
        users,
        roles,
        form: InviteForm::default(),
        errors: Errors::none(),
    })
}

#[derive(Deserialize)]
pub struct InviteFields {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
}

pub async fn invite(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(org): Path<i64>,
    Form(f): Form<InviteFields>,
) -> Result<Response, WebError> {
    let form = InviteForm {
        email: f.email,
        name: f.name,
        role: f.role,
    };
    match lifecycle::invite(&state.app, &ctx, OrgId(org), &form, &state.public_url).await {
        Ok(_) => Ok(flash(
            see_other(&format!("/organisations/{org}/users")),
            &state,
            "ok:flash-invited",
        )),
        Err(AppError::Invalid(errors)) => {
            let users = lifecycle::org_users(&state.app, &ctx, OrgId(org)).await?;
            let roles = role_options(&c);
            let errors = Errors::from(&c, &errors);
            let mut r = super::render(&UsersPage {
                c,
                org,
                users,
                roles,
                form,
                errors,
            })?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn deactivate(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    Path((org, user)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    lifecycle::set_active(&state.app, &ctx, OrgId(org), UserId(user), false).await?;
    Ok(flash(
        see_other(&format!("/organisations/{org}/users")),
        &state,
        "ok:flash-deactivated",
    ))
}

pub async fn reactivate(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    Path((org, user)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    lifecycle::set_active(&state.app, &ctx, OrgId(org), UserId(user), true).await?;
    Ok(flash(
        see_other(&format!("/organisations/{org}/users")),
        &state,
        "ok:flash-reactivated",
    ))
}

#[derive(Template)]
#[template(path = "set_password.html")]
struct PasswordPage {
    c: Chrome,
    action: String,
    target: LinkTarget,
    errors: Errors,
}

#[derive(Deserialize)]
pub struct PasswordFields {
    #[serde(default)]
    password: String,
    #[serde(default)]
    repeat: String,
}

async fn link_form(
    state: &AppState,
    c: Chrome,
    token: &str,
    purpose: &str,
    action: String,
) -> Result<Response, WebError> {
    let target = lifecycle::check_link(&state.app, token, purpose)
        .await
        .map_err(link_error)?;
    super::render(&PasswordPage {
        c,
        action,
        target,
        errors: Errors::none(),
    })
}

async fn link_submit(
    state: &AppState,
    c: Chrome,
    token: &str,
    purpose: &str,
    action: String,
    f: PasswordFields,
) -> Result<Response, WebError> {
    match lifecycle::set_password_by_link(&state.app, token, purpose, &f.password, &f.repeat).await
    {
        Ok(_) => Ok(flash(see_other("/login"), state, "ok:flash-password-set")),
        Err(AppError::Invalid(errors)) => {
            let target = lifecycle::check_link(&state.app, token, purpose)
                .await
                .map_err(link_error)?;
            let errors = Errors::from(&c, &errors);
            let mut r = super::render(&PasswordPage {
                c,
                action,
                target,
                errors,
            })?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(link_error(e)),
    }
}

/// Expired, used and unknown links all get the same "link no longer valid" page.
fn link_error(e: AppError) -> WebError {
    match e {
        AppError::NotFound => WebError::LinkInvalid,
        other => other.into(),
    }
}

pub async fn invite_form(
    State(state): State<AppState>,
    c: Chrome,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    link_form(
        &state,
        c,
        &token,
        lifecycle::INVITE,
        format!("/invite/{token}"),
    )
    .await
}

pub async fn accept_invite(
    State(state): State<AppState>,
    c: Chrome,
    Path(token): Path<String>,
    Form(f): Form<PasswordFields>,
) -> Result<Response, WebError> {
    link_submit(
        &state,
        c,
        &token,
        lifecycle::INVITE,
        format!("/invite/{token}"),
        f,
    )
    .await
}

pub async fn reset_form(
    State(state): State<AppState>,
    c: Chrome,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    link_form(
        &state,
        c,
        &token,
        lifecycle::RESET,
        format!("/password/reset/{token}"),
    )
    .await
}

pub async fn reset(
    State(state): State<AppState>,
    c: Chrome,
    Path(token): Path<String>,
    Form(f): Form<PasswordFields>,
) -> Result<Response, WebError> {
    link_submit(
        &state,
        c,
        &token,
        lifecycle::RESET,
        format!("/password/reset/{token}"),
        f,
    )
    .await
}

#[derive(Template)]
#[template(path = "forgot_password.html")]
struct ForgotPage {
    c: Chrome,
    sent: bool,
}

pub async fn forgot_form(c: Chrome) -> Result<Response, WebError> {
    super::render(&ForgotPage { c, sent: false })
}

#[derive(Deserialize)]
pub struct ForgotFields {
    #[serde(default)]
    email: String,
}

pub async fn forgot(
    State(state): State<AppState>,
    c: Chrome,
    Form(f): Form<ForgotFields>,
) -> Result<Response, WebError> {
    lifecycle::request_reset(&state.app, &f.email, &state.public_url).await?;
    super::render(&ForgotPage { c, sent: true })
}

#[derive(Template)]
#[template(path = "outbox.html")]
struct OutboxPage {
    c: Chrome,
    mails: Vec<Mail>,
}

pub async fn outbox(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
) -> Result<Response, WebError> {
    let mails = lifecycle::outbox(&state.app, &ctx, None, state.smtp_configured).await?;
    super::render(&OutboxPage { c, mails })
}

pub async fn org_outbox(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(org): Path<i64>,
) -> Result<Response, WebError> {
    let mails =
        lifecycle::outbox(&state.app, &ctx, Some(OrgId(org)), state.smtp_configured).await?;
    super::render(&OutboxPage { c, mails })
}
