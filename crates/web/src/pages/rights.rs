//! The family's AVG rights: the rights page, the full-file download (a
//! print-ready page and JSON), correction and erasure requests, and the
//! privacy officer's erasure decisions.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use brug_app::rights::{
    self, CorrectionForm, DecisionForm, ErasureDetail, ErasureForm, ErasureList, FileExport,
    Format, RightsPage,
};
use brug_app::{AppError, Ctx, FieldErrors};
use brug_domain::ids::{OrgId, PupilId};
use brug_domain::plan::PlanSection;
use brug_domain::rights::{CorrectionStatus, ErasureStatus};
use brug_store::rights::ErasureRow;
use serde::Deserialize;

use super::cases::{see_other, with_flash};
use super::users::Errors;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::session::Viewer;
use crate::state::AppState;

fn correction_status(c: &Chrome, code: &str) -> String {
    CorrectionStatus::from_code(code).map_or_else(|| code.to_owned(), |s| c.t(&s.message_id()))
}

fn erasure_status(c: &Chrome, code: &str) -> String {
    ErasureStatus::from_code(code).map_or_else(|| code.to_owned(), |s| c.t(&s.message_id()))
}

// ---------------------------------------------------------------------------
// The rights page
// ---------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
pub struct CorrectionFields {
    #[serde(default)]
    pub case_id: String,
    #[serde(default)]
    pub what_is_wrong: String,
    #[serde(default)]
    pub should_be: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct ErasureFields {
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub explanation: String,
}

#[derive(Template)]
#[template(path = "rights/page.html")]
struct PageTemplate {
    c: Chrome,
    r: RightsPage,
    errors: Errors,
    correction: CorrectionFields,
    erasure: ErasureFields,
}

impl PageTemplate {
    fn correction_status(&self, code: &str) -> String {
        correction_status(&self.c, code)
    }

    fn erasure_status(&self, code: &str) -> String {
        erasure_status(&self.c, code)
    }
}

async fn page_response(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    pupil: i64,
    correction: CorrectionFields,
    erasure: ErasureFields,
    errors: Option<&FieldErrors>,
) -> Result<Response, WebError> {
    let r = rights::page(&state.app, ctx, PupilId(pupil)).await?;
    let errs = errors.map_or_else(Errors::none, |e| Errors::from(&c, e));
    let mut resp = super::render(&PageTemplate {
        c,
        r,
        errors: errs,
        correction,
        erasure,
    })?;
    if errors.is_some() {
        *resp.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(resp)
}

pub async fn page(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(pupil): Path<i64>,
) -> Result<Response, WebError> {
    page_response(
        &state,
        &ctx,
        c,
        pupil,
        CorrectionFields::default(),
        ErasureFields::default(),
        None,
    )
    .await
}

pub async fn correction(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(pupil): Path<i64>,
    Form(f): Form<CorrectionFields>,
) -> Result<Response, WebError> {
    let form = CorrectionForm {
        case_id: f.case_id.clone(),
        what_is_wrong: f.what_is_wrong.clone(),
        should_be: f.should_be.clone(),
    };
    match rights::request_correction(&state.app, &ctx, PupilId(pupil), &form).await {
        Ok(_) => Ok(with_flash(
            see_other(&format!("/pupils/{pupil}/rights#correct")),
            &state,
            "ok:flash-correction-requested",
        )),
        Err(AppError::Invalid(e)) => {
            page_response(
                &state,
                &ctx,
                c,
                pupil,
                f,
                ErasureFields::default(),
                Some(&e),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn erasure(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(pupil): Path<i64>,
    Form(f): Form<ErasureFields>,
) -> Result<Response, WebError> {
    let form = ErasureForm {
        scope: f.scope.clone(),
        explanation: f.explanation.clone(),
    };
    match rights::request_erasure(&state.app, &ctx, PupilId(pupil), &form).await {
        Ok(_) => Ok(with_flash(
            see_other(&format!("/pupils/{pupil}/rights#erase")),
            &state,
            "ok:flash-erasure-requested",
        )),
        Err(AppError::Invalid(e)) => {
            page_response(
                &state,
                &ctx,
                c,
                pupil,
                CorrectionFields::default(),
                f,
                Some(&e),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// The download
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "rights/export.html")]
struct ExportTemplate {
    c: Chrome,
    f: FileExport,
}

impl ExportTemplate {
    /// A stored `YYYY-MM-DD` as Dutch forms write it (kept as is when it
    /// is not a date).
    fn day(&self, iso: &str) -> String {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        time::Date::parse(iso, format).map_or_else(|_| iso.to_owned(), |d| self.c.date(&d))
    }

    /// A stored RFC 3339 instant in Amsterdam time.
    fn at(&self, iso: &str) -> String {
        time::OffsetDateTime::parse(iso, &time::format_description::well_known::Rfc3339)
            .map_or_else(|_| iso.to_owned(), |t| self.c.datetime(&t))
    }

    fn section(&self, code: &str) -> String {
        PlanSection::from_code(code).map_or_else(|| code.to_owned(), |s| self.c.t(&s.message_id()))
    }

    fn basis(&self, code: &str) -> String {
        match code {
            "consent" => self.c.t("case-basis-consent"),
            "legal_task" => self.c.t("case-basis-legal-task"),
            "family" => self.c.t("case-basis-family"),
            other => other.to_owned(),
        }
    }
}

/// The whole file as one readable page, ready to print or save as PDF.
pub async fn export_html(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(pupil): Path<i64>,
) -> Result<Response, WebError> {
    let f = rights::export(&state.app, &ctx, PupilId(pupil), Format::Html).await?;
    let mut r = super::render(&ExportTemplate { c, f })?;
    r.headers_mut()
        .insert(CACHE_CONTROL, "no-store".parse().expect("header value"));
    Ok(r)
}

/// The whole file as JSON (`docs/rights.md`), as a download.
pub async fn export_json(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    Path(pupil): Path<i64>,
) -> Result<Response, WebError> {
    let f = rights::export(&state.app, &ctx, PupilId(pupil), Format::Json).await?;
    let body = serde_json::to_string_pretty(&f)
        .map_err(|e| WebError::App(AppError::Internal(format!("export: {e}"))))?;
    let disposition = format!("attachment; filename=\"brug-dossier-{pupil}.json\"");
    Ok((
        StatusCode::OK,
        [
            (CONTENT_TYPE, "application/json; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, disposition),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}

// ---------------------------------------------------------------------------
// The privacy officer
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "rights/org_erasures.html")]
struct ListTemplate {
    c: Chrome,
    l: ErasureList,
}

impl ListTemplate {
    fn name(&self, e: &ErasureRow) -> String {
        brug_domain::registry::display_name(
            e.given_name.as_deref().unwrap_or_default(),
            e.name_prefix.as_deref(),
            e.family_name.as_deref().unwrap_or_default(),
        )
    }

    fn status(&self, code: &str) -> String {
        erasure_status(&self.c, code)
    }
}

pub async fn org_list(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(org): Path<i64>,
) -> Result<Response, WebError> {
    let l = rights::erasure_list(&state.app, &ctx, OrgId(org)).await?;
    super::render(&ListTemplate { c, l })
}

#[derive(Template)]
#[template(path = "rights/erasure.html")]
struct DetailTemplate {
    c: Chrome,
    d: ErasureDetail,
    errors: Errors,
    reason: String,
}

impl DetailTemplate {
    fn status(&self, code: &str) -> String {
        erasure_status(&self.c, code)
    }
}

async fn detail_response(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    (pupil, id): (i64, i64),
    reason: String,
    errors: Option<&FieldErrors>,
) -> Result<Response, WebError> {
    let d = rights::erasure_detail(&state.app, ctx, PupilId(pupil), id).await?;
    let errs = errors.map_or_else(Errors::none, |e| Errors::from(&c, e));
    let mut r = super::render(&DetailTemplate {
        c,
        d,
        errors: errs,
        reason,
    })?;
    if errors.is_some() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

pub async fn erasure_detail(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(ids): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    detail_response(&state, &ctx, c, ids, String::new(), None).await
}

#[derive(Deserialize, Default)]
pub struct DecisionFields {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

pub async fn erasure_decide(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path((pupil, id)): Path<(i64, i64)>,
    Form(f): Form<DecisionFields>,
) -> Result<Response, WebError> {
    let form = DecisionForm {
        decision: f.decision,
        reason: f.reason.clone(),
    };
    match rights::decide_erasure(&state.app, &ctx, PupilId(pupil), id, &form).await {
        Ok(status) => Ok(with_flash(
            see_other(&format!("/pupils/{pupil}/erasure-requests/{id}")),
            &state,
            if status == ErasureStatus::Approved {
                "ok:flash-erasure-approved"
            } else {
                "ok:flash-erasure-refused"
            },
        )),
        Err(AppError::Invalid(e)) => {
            detail_response(&state, &ctx, c, (pupil, id), f.reason, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}
