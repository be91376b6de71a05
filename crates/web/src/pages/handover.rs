//! Handover (overdracht) pages (S5): preparing on the case, the handover's
//! own page, the school's list (outgoing, and incoming to accept) and the
//! SWV's overview of pupils changing school this summer.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use brug_app::handover::{self, Choices, HandoverForm, HandoverView, SchoolHandovers, SwvOverview};
use brug_app::{AppError, Ctx, FieldErrors};
use brug_domain::ids::{CaseId, OrgId};
use brug_domain::network::{HandoverStatus, Transition};
use brug_domain::plan::PlanSection;
use brug_domain::registry::Sector;
use serde::Deserialize;

use super::cases::{see_other, with_flash};
use super::users::Errors;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::session::Viewer;
use crate::state::AppState;

/// The form's fields. Checkboxes arrive as repeated `section` and `goal`
/// keys, so the body is read as pairs.
#[derive(Debug, Clone, Default)]
pub struct Fields {
    pub to_brin: String,
    pub invite_name: String,
    pub invite_email: String,
    pub to_sector: String,
    pub moves_on: String,
    pub sections: Vec<String>,
    pub goals: Vec<i64>,
    pub what_worked: String,
    pub what_did_not: String,
    pub version: i64,
}

impl Fields {
    fn from_pairs(pairs: Vec<(String, String)>) -> Fields {
        let mut f = Fields::default();
        for (k, v) in pairs {
            match k.as_str() {
                "to_brin" => f.to_brin = v,
                "invite_name" => f.invite_name = v,
                "invite_email" => f.invite_email = v,
                "to_sector" => f.to_sector = v,
                "moves_on" => f.moves_on = v,
                "section" => f.sections.push(v),
                "goal" => f.goals.extend(v.parse::<i64>().ok()),
                "what_worked" => f.what_worked = v,
                "what_did_not" => f.what_did_not = v,
                "version" => f.version = v.parse().unwrap_or(0),
                _ => {}
            }
        }
        f
    }

    fn form(&self) -> HandoverForm {
        HandoverForm {
            to_brin: self.to_brin.clone(),
            invite_name: self.invite_name.clone(),
            invite_email: self.invite_email.clone(),
            to_sector: self.to_sector.clone(),
            moves_on: self.moves_on.clone(),
            sections: self.sections.clone(),
            goal_ids: self.goals.clone(),
            what_worked: self.what_worked.clone(),
            what_did_not: self.what_did_not.clone(),
            version: self.version,
        }
    }

    pub fn has_section(&self, code: &str) -> bool {
        self.sections.iter().any(|s| s == code)
    }

    pub fn has_goal(&self, id: &i64) -> bool {
        self.goals.contains(id)
    }
}

fn section_name(c: &Chrome, s: &PlanSection) -> String {
    c.t(&s.message_id())
}

fn status_class(s: &HandoverStatus) -> &'static str {
    match s {
        HandoverStatus::Received | HandoverStatus::MeetingHeld | HandoverStatus::Consented => {
            "green"
        }
        HandoverStatus::Sent | HandoverStatus::AwaitingConsent | HandoverStatus::Prepared => {
            "orange"
        }
        HandoverStatus::Refused | HandoverStatus::ConsentEnded => "red",
        HandoverStatus::Cancelled => "grey",
    }
}

// ---------------------------------------------------------------------------
// Preparing
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "handover/new.html")]
struct NewTemplate {
    c: Chrome,
    ch: Choices,
    form: Fields,
    errors: Errors,
}

impl NewTemplate {
    fn section(&self, s: &PlanSection) -> String {
        section_name(&self.c, s)
    }

    fn sectors(&self) -> Vec<&'static str> {
        Sector::ALL.iter().map(|s| s.code()).collect()
    }
}

async fn new_response(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    case_id: i64,
    form: Fields,
    errors: Option<&FieldErrors>,
) -> Result<Response, WebError> {
    let ch = handover::choices(&state.app, ctx, CaseId(case_id)).await?;
    let errs = errors.map_or_else(Errors::none, |e| Errors::from(&c, e));
    let mut r = super::render(&NewTemplate {
        c,
        ch,
        form,
        errors: errs,
    })?;
    if errors.is_some() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

pub async fn new_form(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(case_id): Path<i64>,
) -> Result<Response, WebError> {
    new_response(&state, &ctx, c, case_id, Fields::default(), None).await
}

pub async fn create(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(case_id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let f = Fields::from_pairs(pairs);
    match handover::create(&state.app, &ctx, CaseId(case_id), &f.form()).await {
        Ok(id) => Ok(with_flash(
            see_other(&format!("/handovers/{id}")),
            &state,
            "ok:flash-handover-prepared",
        )),
        Err(AppError::Invalid(e)) => new_response(&state, &ctx, c, case_id, f, Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// The handover's page
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "handover/show.html")]
struct ShowTemplate {
    c: Chrome,
    v: HandoverView,
    form: Fields,
    errors: Errors,
}

impl ShowTemplate {
    fn section_title(&self, code: &str) -> String {
        PlanSection::from_code(code).map_or_else(|| code.to_owned(), |s| section_name(&self.c, &s))
    }

    fn status(&self) -> String {
        self.c.t(&self.v.status.message_id())
    }

    fn status_class(&self) -> &'static str {
        status_class(&self.v.status)
    }

    fn transition(&self) -> String {
        self.c.t(&self.v.transition.message_id())
    }

    fn section(&self, s: &PlanSection) -> String {
        section_name(&self.c, s)
    }
}

async fn show_response(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    id: i64,
    form: Option<Fields>,
    errors: Option<&FieldErrors>,
) -> Result<Response, WebError> {
    let v = handover::view(&state.app, ctx, id).await?;
    let form = form.unwrap_or_else(|| Fields {
        moves_on: c.date(&v.h.moves_on),
        sections: handover::parse_sections(&v.h.sections)
            .iter()
            .map(|s| s.code().to_owned())
            .collect(),
        goals: handover::parse_ids(&v.h.goal_ids),
        what_worked: v.h.what_worked.clone(),
        what_did_not: v.h.what_did_not.clone(),
        version: v.h.version,
        ..Fields::default()
    });
    let errs = errors.map_or_else(Errors::none, |e| Errors::from(&c, e));
    let mut r = super::render(&ShowTemplate {
        c,
        v,
        form,
        errors: errs,
    })?;
    if errors.is_some() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

pub async fn show(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    show_response(&state, &ctx, c, id, None, None).await
}

/// After a step: back to the page with a message, or the page with errors.
async fn done(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    id: i64,
    result: Result<&str, AppError>,
    form: Option<Fields>,
) -> Result<Response, WebError> {
    match result {
        Ok(flash) => Ok(with_flash(
            see_other(&format!("/handovers/{id}")),
            state,
            flash,
        )),
        Err(AppError::Invalid(e)) => show_response(state, ctx, c, id, form, Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn update(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let f = Fields::from_pairs(pairs);
    let result = handover::update(&state.app, &ctx, id, &f.form())
        .await
        .map(|()| "ok:flash-handover-saved");
    done(&state, &ctx, c, id, result, Some(f)).await
}

pub async fn ask_consent(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let result = handover::ask_consent(&state.app, &ctx, id)
        .await
        .map(|()| "ok:flash-handover-consent-asked");
    done(&state, &ctx, c, id, result, None).await
}

pub async fn send(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let result = handover::send(&state.app, &ctx, id)
        .await
        .map(|()| "ok:flash-handover-sent");
    done(&state, &ctx, c, id, result, None).await
}

pub async fn cancel(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let result = handover::cancel(&state.app, &ctx, id)
        .await
        .map(|()| "ok:flash-handover-cancelled");
    done(&state, &ctx, c, id, result, None).await
}

#[derive(Deserialize, Default)]
pub struct AcceptFields {
    #[serde(default)]
    back: String,
}

/// Accept: on to the handover's page. Accepted already (by a colleague, or
/// a second click): the same page, with a message that it was accepted
/// already; nothing is done twice.
pub async fn accept(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    Path(id): Path<i64>,
    Form(f): Form<AcceptFields>,
) -> Result<Response, WebError> {
    match handover::accept(&state.app, &ctx, id).await {
        Ok(_) => Ok(with_flash(
            see_other(&format!("/handovers/{id}")),
            &state,
            "ok:flash-handover-accepted",
        )),
        Err(AppError::Invalid(e)) => {
            let message =
                e.0.first()
                    .map_or("error-handover-not-sent", |m| m.message_id);
            // Back to the list the form was on (a local school list only).
            let back = if f.back.starts_with("/schools/")
                && f.back.ends_with("/handovers")
                && f.back
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '/' || c == '-')
            {
                f.back
            } else {
                "/start".to_owned()
            };
            let target = if message == "error-handover-accepted-already" {
                format!("/handovers/{id}")
            } else {
                back
            };
            Ok(with_flash(
                see_other(&target),
                &state,
                &format!("err:{message}"),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct MeetingFields {
    #[serde(default)]
    meeting_on: String,
    #[serde(default)]
    participants: String,
}

pub async fn plan_meeting(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<MeetingFields>,
) -> Result<Response, WebError> {
    let result = handover::plan_meeting(&state.app, &ctx, id, &f.meeting_on, &f.participants)
        .await
        .map(|()| "ok:flash-handover-meeting-planned");
    done(&state, &ctx, c, id, result, None).await
}

#[derive(Deserialize, Default)]
pub struct HeldFields {
    #[serde(default)]
    held_on: String,
}

pub async fn meeting_held(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<HeldFields>,
) -> Result<Response, WebError> {
    let result = handover::meeting_held(&state.app, &ctx, id, &f.held_on)
        .await
        .map(|()| "ok:flash-handover-meeting-held");
    done(&state, &ctx, c, id, result, None).await
}

// ---------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "handover/school.html")]
struct SchoolTemplate {
    c: Chrome,
    l: SchoolHandovers,
}

impl SchoolTemplate {
    fn status(&self, s: &HandoverStatus) -> String {
        self.c.t(&s.message_id())
    }

    fn status_class(&self, s: &HandoverStatus) -> &'static str {
        status_class(s)
    }

    fn transition(&self, t: &Transition) -> String {
        self.c.t(&t.message_id())
    }
}

pub async fn school(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(school): Path<i64>,
) -> Result<Response, WebError> {
    let l = handover::of_school(&state.app, &ctx, OrgId(school)).await?;
    super::render(&SchoolTemplate { c, l })
}

#[derive(Template)]
#[template(path = "handover/swv.html")]
struct SwvTemplate {
    c: Chrome,
    o: SwvOverview,
}

impl SwvTemplate {
    fn status(&self, s: &HandoverStatus) -> String {
        self.c.t(&s.message_id())
    }
}

pub async fn swv(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(org): Path<i64>,
) -> Result<Response, WebError> {
    let o = handover::swv_overview(&state.app, &ctx, OrgId(org)).await?;
    super::render(&SwvTemplate { c, o })
}
