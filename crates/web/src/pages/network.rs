//! The social map of a school and the mirror view of a care provider (S5).

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use brug_app::network::{ConsultationForm, ContactForm, NetworkPage, ProviderMirror, SchoolMap};
use brug_app::{AppError, Ctx, FieldErrors};
use brug_domain::ids::OrgId;
use brug_domain::network::{ConsultationKind, ContactKind, tenths_text};
use serde::Deserialize;

use super::cases::{see_other, with_flash};
use super::users::Errors;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::session::Viewer;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "network/school.html")]
struct SchoolTemplate {
    c: Chrome,
    m: SchoolMap,
    contact: ContactFields,
    consultation: ConsultationFields,
    errors: Errors,
}

impl SchoolTemplate {
    fn contact_kinds(&self) -> Vec<(String, String)> {
        ContactKind::ALL
            .iter()
            .map(|k| (k.code().to_owned(), self.c.t(&k.message_id())))
            .collect()
    }

    fn consultation_kinds(&self) -> Vec<(String, String)> {
        ConsultationKind::ALL
            .iter()
            .map(|k| (k.code().to_owned(), self.c.t(&k.message_id())))
            .collect()
    }

    fn contact_kind(&self, code: &str) -> String {
        ContactKind::from_code(code).map_or_else(|| code.to_owned(), |k| self.c.t(&k.message_id()))
    }

    fn consultation_kind(&self, code: &str) -> String {
        ConsultationKind::from_code(code)
            .map_or_else(|| code.to_owned(), |k| self.c.t(&k.message_id()))
    }

    /// Distinct providers per 100 pupils with support, with the decimal
    /// separator of the page's language.
    fn per_hundred(&self) -> String {
        self.m
            .per_hundred_tenths
            .map(|t| tenths_text(t, self.c.lang == Lang::Nl))
            .unwrap_or_else(|| "–".into())
    }
}

#[derive(Template)]
#[template(path = "network/provider.html")]
struct ProviderTemplate {
    c: Chrome,
    m: ProviderMirror,
}

impl ProviderTemplate {
    fn contact_kind(&self, code: &str) -> String {
        ContactKind::from_code(code).map_or_else(|| code.to_owned(), |k| self.c.t(&k.message_id()))
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct ContactFields {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub org_code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub remove: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct ConsultationFields {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub every_weeks: String,
    #[serde(default)]
    pub attendees: String,
    #[serde(default)]
    pub next_on: String,
}

async fn respond(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    org: i64,
    contact: ContactFields,
    consultation: ConsultationFields,
    errors: Option<&FieldErrors>,
) -> Result<Response, WebError> {
    let page = brug_app::network::page(&state.app, ctx, OrgId(org)).await?;
    let errs = errors.map_or_else(Errors::none, |e| Errors::from(&c, e));
    let mut r = match page {
        NetworkPage::School(m) => super::render(&SchoolTemplate {
            c,
            m: *m,
            contact,
            consultation,
            errors: errs,
        })?,
        NetworkPage::Provider(m) => super::render(&ProviderTemplate { c, m: *m })?,
    };
    if errors.is_some() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

pub async fn show(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(org): Path<i64>,
) -> Result<Response, WebError> {
    respond(
        &state,
        &ctx,
        c,
        org,
        ContactFields::default(),
        ConsultationFields {
            every_weeks: "6".into(),
            ..ConsultationFields::default()
        },
        None,
    )
    .await
}

fn back(state: &AppState, org: i64, flash: &str) -> Response {
    with_flash(
        see_other(&format!("/organisations/{org}/network")),
        state,
        flash,
    )
}

pub async fn save_contact(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(org): Path<i64>,
    Form(f): Form<ContactFields>,
) -> Result<Response, WebError> {
    let form = ContactForm {
        kind: f.kind.clone(),
        org_code: f.org_code.clone(),
        name: f.name.clone(),
        phone: f.phone.clone(),
        email: f.email.clone(),
        remove: !f.remove.is_empty(),
    };
    match brug_app::network::save_contact(&state.app, &ctx, OrgId(org), &form).await {
        Ok(()) => Ok(back(&state, org, "ok:flash-network-contact-saved")),
        Err(AppError::Invalid(e)) => {
            respond(
                &state,
                &ctx,
                c,
                org,
                f,
                ConsultationFields::default(),
                Some(&e),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn add_consultation(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(org): Path<i64>,
    Form(f): Form<ConsultationFields>,
) -> Result<Response, WebError> {
    let form = ConsultationForm {
        kind: f.kind.clone(),
        name: f.name.clone(),
        every_weeks: f.every_weeks.clone(),
        attendees: f.attendees.clone(),
        next_on: f.next_on.clone(),
    };
    match brug_app::network::add_consultation(&state.app, &ctx, OrgId(org), &form).await {
        Ok(_) => Ok(back(&state, org, "ok:flash-network-consultation-saved")),
        Err(AppError::Invalid(e)) => {
            respond(&state, &ctx, c, org, ContactFields::default(), f, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn remove_consultation(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    Path((org, id)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    brug_app::network::remove_consultation(&state.app, &ctx, OrgId(org), id).await?;
    Ok(back(&state, org, "ok:flash-network-consultation-removed"))
}
