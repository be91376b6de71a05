//! Consent pages: the family's page (answer requests, withdraw consent, and
//! from 16 the choice whether the parents see the file) and the team's
//! overview of a case (ask for consent, answer correction requests).

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use brug_app::consent::{self, CaseConsents, FamilyConsent, FamilyPage, RequestForm};
use brug_app::{AppError, Ctx, FieldErrors};
use brug_domain::consent::{ConsentGiver, ConsentPart, RequestStatus};
use brug_domain::ids::{CaseId, PupilId};
use brug_domain::rights::CorrectionStatus;
use serde::Deserialize;

use super::cases::{see_other, with_flash};
use super::users::Errors;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::session::Viewer;
use crate::state::AppState;

/// Names of the parts of the file, in the page's language.
fn part_names(c: &Chrome, parts: &[ConsentPart]) -> String {
    parts
        .iter()
        .map(|p| c.t(&p.message_id()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn giver_names(c: &Chrome, givers: &[ConsentGiver]) -> String {
    givers
        .iter()
        .map(|g| c.t(&g.message_id()))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------
// The family's page
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "consent/family.html")]
struct FamilyTemplate {
    c: Chrome,
    p: FamilyPage,
    errors: Errors,
}

impl FamilyTemplate {
    fn parts(&self, parts: &[ConsentPart]) -> String {
        part_names(&self.c, parts)
    }

    fn givers(&self, givers: &[ConsentGiver]) -> String {
        giver_names(&self.c, givers)
    }

    fn status(&self, s: &RequestStatus) -> String {
        self.c.t(&s.message_id())
    }

    fn giver(&self, code: &str) -> String {
        ConsentGiver::from_code(code).map_or_else(|| code.to_owned(), |g| self.c.t(&g.message_id()))
    }
}

#[derive(Template)]
#[template(path = "consent/too_young.html")]
struct TooYoungTemplate {
    c: Chrome,
}

async fn family_response(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    pupil: i64,
    errors: Option<&FieldErrors>,
) -> Result<Response, WebError> {
    match consent::family_page(&state.app, ctx, PupilId(pupil)).await? {
        FamilyConsent::TooYoung => too_young(c),
        FamilyConsent::Page(p) => {
            let errs = errors.map_or_else(Errors::none, |e| Errors::from(&c, e));
            let mut r = super::render(&FamilyTemplate {
                c,
                p: *p,
                errors: errs,
            })?;
            if errors.is_some() {
                *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            }
            Ok(r)
        }
    }
}

/// A child under 12: the parents decide; the page says so and shows nothing else.
fn too_young(c: Chrome) -> Result<Response, WebError> {
    let mut r = super::render(&TooYoungTemplate { c })?;
    *r.status_mut() = StatusCode::FORBIDDEN;
    Ok(r)
}

pub async fn family(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(pupil): Path<i64>,
) -> Result<Response, WebError> {
    family_response(&state, &ctx, c, pupil, None).await
}

/// After a family form: back to the page, or the page with the errors.
async fn family_done(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    pupil: i64,
    result: Result<&str, AppError>,
) -> Result<Response, WebError> {
    match result {
        Ok(flash) => Ok(with_flash(
            see_other(&format!("/pupils/{pupil}/consent")),
            state,
            flash,
        )),
        Err(AppError::Invalid(e)) => family_response(state, ctx, c, pupil, Some(&e)).await,
        Err(AppError::Forbidden) => too_young(c),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct AnswerFields {
    #[serde(default)]
    answer: String,
}

pub async fn answer(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path((pupil, request)): Path<(i64, i64)>,
    Form(f): Form<AnswerFields>,
) -> Result<Response, WebError> {
    let approve = match f.answer.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let result = consent::answer(&state.app, &ctx, PupilId(pupil), request, approve)
        .await
        .map(|status| match status {
            RequestStatus::Approved => "ok:flash-consent-approved",
            RequestStatus::Refused => "ok:flash-consent-refused",
            _ => "ok:flash-consent-answered",
        });
    family_done(&state, &ctx, c, pupil, result).await
}

pub async fn withdraw(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path((pupil, consent_id)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let result = consent::withdraw(&state.app, &ctx, PupilId(pupil), consent_id)
        .await
        .map(|()| "ok:flash-consent-withdrawn");
    family_done(&state, &ctx, c, pupil, result).await
}

#[derive(Deserialize, Default)]
pub struct SharingFields {
    #[serde(default)]
    share: String,
}

pub async fn sharing(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(pupil): Path<i64>,
    Form(f): Form<SharingFields>,
) -> Result<Response, WebError> {
    let share = match f.share.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let result = consent::set_sharing(&state.app, &ctx, PupilId(pupil), share)
        .await
        .map(|()| "ok:flash-sharing-saved");
    family_done(&state, &ctx, c, pupil, result).await
}

// ---------------------------------------------------------------------------
// The team's overview of a case
// ---------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
pub struct RequestFields {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub org_code: String,
    #[serde(default)]
    pub role_in_case: String,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub part_plan: String,
    #[serde(default)]
    pub part_meetings: String,
    #[serde(default)]
    pub part_care_notes: String,
    #[serde(default)]
    pub valid_from: String,
    #[serde(default)]
    pub valid_until: String,
}

impl RequestFields {
    fn parts(&self) -> Vec<String> {
        [
            (&self.part_plan, ConsentPart::Plan),
            (&self.part_meetings, ConsentPart::Meetings),
            (&self.part_care_notes, ConsentPart::CareNotes),
        ]
        .into_iter()
        .filter(|(v, _)| !v.is_empty())
        .map(|(_, p)| p.code().to_owned())
        .collect()
    }

    /// Whether a part's box is ticked (a fresh form ticks the plan).
    pub fn ticked(&self, part: &str) -> bool {
        self.parts().iter().any(|p| p == part)
    }
}

#[derive(Template)]
#[template(path = "consent/case.html")]
struct CaseTemplate {
    c: Chrome,
    v: CaseConsents,
    form: RequestFields,
    errors: Errors,
    /// The correction a failed answer was for.
    answer_for: Option<i64>,
}

impl CaseTemplate {
    fn parts(&self, parts: &[ConsentPart]) -> String {
        part_names(&self.c, parts)
    }

    fn givers(&self, givers: &[ConsentGiver]) -> String {
        giver_names(&self.c, givers)
    }

    fn status(&self, s: &RequestStatus) -> String {
        self.c.t(&s.message_id())
    }

    fn giver(&self, code: &str) -> String {
        ConsentGiver::from_code(code).map_or_else(|| code.to_owned(), |g| self.c.t(&g.message_id()))
    }

    fn correction_status(&self, code: &str) -> String {
        CorrectionStatus::from_code(code)
            .map_or_else(|| code.to_owned(), |s| self.c.t(&s.message_id()))
    }

    fn answering(&self, id: &i64) -> bool {
        self.answer_for == Some(*id)
    }

    fn all_parts(&self) -> Vec<(String, String)> {
        ConsentPart::ALL
            .iter()
            .map(|p| (p.code().to_owned(), self.c.t(&p.message_id())))
            .collect()
    }
}

async fn case_response(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    case_id: i64,
    form: RequestFields,
    errors: Option<&FieldErrors>,
    answer_for: Option<i64>,
) -> Result<Response, WebError> {
    let v = consent::case_overview(&state.app, ctx, CaseId(case_id)).await?;
    let errs = errors.map_or_else(Errors::none, |e| Errors::from(&c, e));
    let mut r = super::render(&CaseTemplate {
        c,
        v,
        form,
        errors: errs,
        answer_for,
    })?;
    if errors.is_some() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

pub async fn case_page(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(case_id): Path<i64>,
) -> Result<Response, WebError> {
    let form = RequestFields {
        part_plan: "on".into(),
        ..RequestFields::default()
    };
    case_response(&state, &ctx, c, case_id, form, None, None).await
}

pub async fn request(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(case_id): Path<i64>,
    Form(f): Form<RequestFields>,
) -> Result<Response, WebError> {
    let form = RequestForm {
        email: f.email.clone(),
        org_code: f.org_code.clone(),
        role_in_case: f.role_in_case.clone(),
        purpose: f.purpose.clone(),
        parts: f.parts(),
        valid_from: f.valid_from.clone(),
        valid_until: f.valid_until.clone(),
    };
    match consent::request(&state.app, &ctx, CaseId(case_id), &form).await {
        Ok(_) => Ok(with_flash(
            see_other(&format!("/cases/{case_id}/consent")),
            &state,
            "ok:flash-consent-requested",
        )),
        Err(AppError::Invalid(e)) => {
            case_response(&state, &ctx, c, case_id, f, Some(&e), None).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct CorrectionAnswerFields {
    #[serde(default)]
    answer: String,
    #[serde(default)]
    reason: String,
}

pub async fn answer_correction(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path((case_id, correction)): Path<(i64, i64)>,
    Form(f): Form<CorrectionAnswerFields>,
) -> Result<Response, WebError> {
    let form = brug_app::rights::AnswerForm {
        answer: f.answer,
        reason: f.reason,
    };
    match brug_app::rights::answer_correction(&state.app, &ctx, CaseId(case_id), correction, &form)
        .await
    {
        Ok(()) => Ok(with_flash(
            see_other(&format!("/cases/{case_id}/consent#corrections")),
            &state,
            "ok:flash-correction-answered",
        )),
        Err(AppError::Invalid(e)) => {
            let fresh = RequestFields {
                part_plan: "on".into(),
                ..RequestFields::default()
            };
            case_response(&state, &ctx, c, case_id, fresh, Some(&e), Some(correction)).await
        }
        Err(e) => Err(e.into()),
    }
}
