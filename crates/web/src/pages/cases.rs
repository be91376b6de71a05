//! The case pages: opening a case, the overview with team, status, lead and
//! attendance, and the timeline. Parts of the plan and the case's meetings
//! have modules of their own.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use brug_app::cases::{self, AddMember, CaseView, OpenCase, StatusForm};
use brug_app::{AppError, Ctx, FieldErrors};
use brug_domain::access::LegalTask;
use brug_domain::cases::{AttendanceStatus, CaseOutcome, CaseStatus, LeadDomain};
use brug_domain::ids::{CaseId, PupilId};
use brug_store::registry::Guardian;
use serde::Deserialize;

use super::learning_knowledge::Glossary;
use super::users::Errors;
use crate::chrome::Chrome;
use crate::cookies;
use crate::error::WebError;
use crate::session::{Viewer, append_cookie};
use crate::state::AppState;

pub fn see_other(target: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, target.to_owned())]).into_response()
}

pub fn with_flash(mut r: Response, state: &AppState, id: &str) -> Response {
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

/// Options of a coded enum for a select: (code, label).
pub fn options<T: Copy>(
    c: &Chrome,
    all: &[T],
    code: fn(T) -> &'static str,
    message_id: fn(T) -> String,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_owned(), c.t(&message_id(*v))))
        .collect()
}

#[derive(Deserialize, Default)]
pub struct OpenFields {
    #[serde(default)]
    title: String,
    #[serde(default)]
    first_signal_on: String,
    #[serde(default)]
    lead_domain: String,
}

#[derive(Template)]
#[template(path = "case/open.html")]
struct OpenPage {
    c: Chrome,
    pupil: i64,
    form: OpenFields,
    errors: Errors,
    domains: Vec<(String, String)>,
    existing: Option<i64>,
    /// The pupil's name, when this request may show it.
    name: Option<String>,
}

fn open_page(
    c: Chrome,
    pupil: i64,
    form: OpenFields,
    errors: Errors,
    existing: Option<i64>,
) -> OpenPage {
    let domains = options(
        &c,
        LeadDomain::ALL,
        LeadDomain::code,
        LeadDomain::message_id,
    );
    OpenPage {
        c,
        pupil,
        form,
        errors,
        domains,
        existing,
        name: None,
    }
}

pub async fn open_form(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(pupil): Path<i64>,
) -> Result<Response, WebError> {
    let name = cases::open_form(&state.app, &ctx, PupilId(pupil)).await?;
    let today = c.date(&state.app.clock.today());
    let form = OpenFields {
        first_signal_on: today,
        ..OpenFields::default()
    };
    let mut page = open_page(c, pupil, form, Errors::none(), None);
    page.name = Some(name);
    super::render(&page)
}

pub async fn open(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(pupil): Path<i64>,
    Form(f): Form<OpenFields>,
) -> Result<Response, WebError> {
    let form = OpenCase {
        title: f.title.clone(),
        first_signal_on: f.first_signal_on.clone(),
        lead_domain: f.lead_domain.clone(),
    };
    match cases::open(&state.app, &ctx, PupilId(pupil), &form).await {
        Ok(id) => Ok(with_flash(
            see_other(&format!("/cases/{id}")),
            &state,
            "ok:flash-case-opened",
        )),
        Err(AppError::Invalid(e)) => {
            let errors = Errors::from(&c, &e);
            let mut r = super::render(&open_page(c, pupil, f, errors, None))?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(AppError::Conflict(msg)) if msg.starts_with("open-case:") => {
            let existing = msg.trim_start_matches("open-case:").parse().ok();
            let mut r = super::render(&open_page(c, pupil, f, Errors::none(), existing))?;
            *r.status_mut() = StatusCode::CONFLICT;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "case/show.html")]
struct CasePage {
    c: Chrome,
    v: CaseView,
    errors: Errors,
    statuses: Vec<(String, String)>,
    outcomes: Vec<(String, String)>,
    domains: Vec<(String, String)>,
    tasks: Vec<(String, String)>,
    attendance_options: Vec<(String, String)>,
    guardians: Vec<Guardian>,
    member_form: MemberFields,
    break_glass_lines: Vec<super::logs::LogLine>,
    /// What was typed in the phase form, kept when it was refused.
    status_form: StatusFields,
    /// The plan's sections, goals, agreements and financing (`case/plan_part.html`).
    plan: brug_app::plan::PlanView,
    /// Meetings, evaluations and escalations (`case/meetings_part.html`).
    meetings: brug_app::meetings::MeetingsPart,
    /// The red flags at the top (`case/escalation_flag.html`).
    flags: brug_app::meetings::CaseFlags,
    /// Comments of the family and the team (`case/comments_part.html`).
    comments: brug_app::family::CaseComments,
    /// The comment form as typed, after it failed: (`agreement:12`, text).
    comment_form: (String, String),
    /// Handovers to another school (S5).
    handovers: brug_app::handover::CasePart,
    /// The school's fixed contact at youth care, suggested on the team form.
    fixed_contact: Option<brug_store::network::ContactRow>,
    /// Lessons of the learning network that fit the case (S6).
    lessons: Vec<brug_store::learning::ItemRow>,
    /// Glossary terms linked in the plan's texts (S6).
    glossary: Glossary,
}

impl CasePage {
    fn handover_status(&self, s: &brug_domain::network::HandoverStatus) -> String {
        self.c.t(&s.message_id())
    }
}

async fn case_page(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    id: i64,
    errors: Errors,
    member_form: MemberFields,
) -> Result<CasePage, WebError> {
    let v = cases::view(&state.app, ctx, CaseId(id)).await?;
    let plan = brug_app::plan::part(&state.app, &v).await?;
    let glossary = Glossary::load(state, ctx, &c).await?;
    let (meetings, flags) = brug_app::meetings::part(&state.app, &v).await?;
    let comments = brug_app::family::case_comments(&state.app, ctx, &v).await?;
    let handovers = brug_app::handover::case_part(&state.app, ctx, CaseId(id)).await?;
    let fixed_contact = brug_app::network::youth_care_contact(&state.app, &v).await?;
    let lessons = if v.can_steer {
        let situation = brug_domain::learning::CaseSituation {
            home_sitter: v
                .attendance
                .as_ref()
                .is_some_and(|a| a.status == AttendanceStatus::Thuiszitter),
            escalated: !meetings.escalations.is_empty(),
            stalled: v.stalled,
            no_lead: v.lead_domain.is_none(),
            changing_school: false,
        };
        brug_app::learning::lessons_for_case(&state.app, situation).await?
    } else {
        Vec::new()
    };
    let statuses = v
        .next_statuses
        .iter()
        .map(|s| (s.code().to_owned(), c.t(&format!("case-to-{}", s.code()))))
        .collect();
    let outcomes = options(
        &c,
        CaseOutcome::ALL,
        CaseOutcome::code,
        CaseOutcome::message_id,
    );
    let domains = options(
        &c,
        LeadDomain::ALL,
        LeadDomain::code,
        LeadDomain::message_id,
    );
    let tasks = [
        LegalTask::SchoolPupilFile,
        LegalTask::CompulsoryEducation,
        LegalTask::YouthCare,
        LegalTask::PassendOnderwijs,
    ]
    .iter()
    .map(|t| {
        (
            t.code().to_owned(),
            c.t(&format!("legal-task-{}", t.code().replace('_', "-"))),
        )
    })
    .collect();
    let attendance_options = options(
        &c,
        AttendanceStatus::ALL,
        AttendanceStatus::code,
        AttendanceStatus::message_id,
    );
    let guardians = if v.can_manage_team {
        brug_store::registry::guardians_of_pupil(&state.app.db, v.pupil.0)
            .await
            .map_err(AppError::from)?
    } else {
        Vec::new()
    };
    let break_glass_lines = v
        .break_glass
        .iter()
        .map(|e| super::logs::line(&c, e))
        .collect();
    Ok(CasePage {
        c,
        v,
        errors,
        statuses,
        outcomes,
        domains,
        tasks,
        attendance_options,
        guardians,
        member_form,
        break_glass_lines,
        plan,
        meetings,
        flags,
        comments,
        comment_form: (String::new(), String::new()),
        status_form: StatusFields::default(),
        handovers,
        fixed_contact,
        lessons,
        glossary,
    })
}

/// The case page again after a comment form failed, with its error and the
/// typed text (`pages::family::case_comment`).
pub(crate) async fn invalid_comment(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    id: i64,
    e: &FieldErrors,
    about: String,
    body: String,
) -> Result<Response, WebError> {
    let errors = Errors::from(&c, e);
    let mut page = case_page(state, ctx, c, id, errors, MemberFields::default()).await?;
    page.comment_form = (about, body);
    let mut r = super::render(&page)?;
    *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(r)
}

pub async fn show(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let page = case_page(&state, &ctx, c, id, Errors::none(), MemberFields::default()).await?;
    super::render(&page)
}

/// Re-show the case page with the errors of a form, keeping what was typed.
async fn invalid(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    id: i64,
    e: &FieldErrors,
    member_form: MemberFields,
) -> Result<Response, WebError> {
    let errors = Errors::from(&c, e);
    let page = case_page(state, ctx, c, id, errors, member_form).await?;
    let mut r = super::render(&page)?;
    *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(r)
}

/// The common ending of a case form: back to the case, or the page with errors.
async fn done(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    id: i64,
    result: Result<(), AppError>,
    flash: &str,
    member_form: MemberFields,
) -> Result<Response, WebError> {
    match result {
        Ok(()) => Ok(with_flash(see_other(&format!("/cases/{id}")), state, flash)),
        Err(AppError::Invalid(e)) => invalid(state, ctx, c, id, &e, member_form).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct StatusFields {
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    version: i64,
}

pub async fn status(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<StatusFields>,
) -> Result<Response, WebError> {
    let form = StatusForm {
        to: f.to.clone(),
        outcome: f.outcome.clone(),
        reason: f.reason.clone(),
        version: f.version,
    };
    match cases::change_status(&state.app, &ctx, CaseId(id), &form).await {
        // Refused: the page again, with the choices and the reason as typed.
        Err(AppError::Invalid(e)) => {
            let errors = Errors::from(&c, &e);
            let mut page = case_page(&state, &ctx, c, id, errors, MemberFields::default()).await?;
            page.status_form = f;
            let mut r = super::render(&page)?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        result => {
            done(
                &state,
                &ctx,
                c,
                id,
                result,
                "ok:flash-case-status",
                MemberFields::default(),
            )
            .await
        }
    }
}

#[derive(Deserialize, Default)]
pub struct DomainFields {
    #[serde(default)]
    lead_domain: String,
}

pub async fn lead_domain(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<DomainFields>,
) -> Result<Response, WebError> {
    let result = cases::set_lead_domain(&state.app, &ctx, CaseId(id), &f.lead_domain).await;
    done(
        &state,
        &ctx,
        c,
        id,
        result,
        "ok:flash-saved",
        MemberFields::default(),
    )
    .await
}

#[derive(Deserialize, Default, Clone)]
pub struct MemberFields {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub guardian_id: String,
    #[serde(default)]
    pub role_in_case: String,
    #[serde(default)]
    pub basis: String,
    #[serde(default)]
    pub legal_task: String,
    #[serde(default)]
    pub consent_given_by: String,
    #[serde(default)]
    pub consent_relation: String,
    #[serde(default)]
    pub consent_purpose: String,
    #[serde(default)]
    pub consent_until: String,
}

pub async fn add_member(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<MemberFields>,
) -> Result<Response, WebError> {
    let form = AddMember {
        email: f.email.clone(),
        guardian_id: f.guardian_id.trim().parse().ok(),
        role_in_case: f.role_in_case.clone(),
        basis: f.basis.clone(),
        legal_task: f.legal_task.clone(),
        consent_given_by: f.consent_given_by.clone(),
        consent_relation: f.consent_relation.clone(),
        consent_purpose: f.consent_purpose.clone(),
        consent_until: f.consent_until.clone(),
    };
    let result = cases::add_member(&state.app, &ctx, CaseId(id), &form)
        .await
        .map(|_| ());
    done(&state, &ctx, c, id, result, "ok:flash-member-added", f).await
}

pub async fn remove_member(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path((id, member)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let result = cases::remove_member(&state.app, &ctx, CaseId(id), member).await;
    done(
        &state,
        &ctx,
        c,
        id,
        result,
        "ok:flash-member-removed",
        MemberFields::default(),
    )
    .await
}

pub async fn make_lead(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path((id, member)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let result = cases::hand_over_lead(&state.app, &ctx, CaseId(id), member).await;
    done(
        &state,
        &ctx,
        c,
        id,
        result,
        "ok:flash-lead-handed-over",
        MemberFields::default(),
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct AttendanceFields {
    #[serde(default)]
    status: String,
    #[serde(default)]
    since: String,
    #[serde(default)]
    note: String,
}

pub async fn attendance(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<AttendanceFields>,
) -> Result<Response, WebError> {
    let result =
        cases::record_attendance(&state.app, &ctx, CaseId(id), &f.status, &f.since, &f.note).await;
    done(
        &state,
        &ctx,
        c,
        id,
        result,
        "ok:flash-saved",
        MemberFields::default(),
    )
    .await
}

/// Kinds of timeline entries, for the filter.
pub const EVENT_KINDS: &[&str] = &[
    "opened",
    "status",
    "team",
    "lead",
    "plan",
    "goal",
    "progress",
    "agreement",
    "financing",
    "meeting",
    "evaluation",
    "escalation",
    "attendance",
    "comment",
    "consent",
    "correction",
];

#[derive(Deserialize, Default)]
pub struct TimelineParams {
    #[serde(default)]
    kind: String,
}

#[derive(Template)]
#[template(path = "case/timeline.html")]
struct TimelinePage {
    c: Chrome,
    id: i64,
    kind: String,
    kinds: Vec<(String, String)>,
    events: Vec<brug_store::cases::EventRow>,
    flags: brug_app::meetings::CaseFlags,
    head: brug_app::meetings::CaseHead,
    errors: Errors,
}

pub async fn timeline(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Query(p): Query<TimelineParams>,
) -> Result<Response, WebError> {
    let filter: Vec<String> = EVENT_KINDS
        .iter()
        .filter(|k| **k == p.kind)
        .map(|k| (*k).to_owned())
        .collect();
    let (head, events) = cases::timeline(&state.app, &ctx, CaseId(id), &filter).await?;
    let flags = brug_app::meetings::flags_after_read(&state.app, &ctx, CaseId(id)).await?;
    let kinds = EVENT_KINDS
        .iter()
        .map(|k| ((*k).to_owned(), c.t(&format!("event-{k}"))))
        .collect();
    super::render(&TimelinePage {
        c,
        id,
        kind: p.kind,
        kinds,
        events,
        flags,
        head,
        errors: Errors::none(),
    })
}

/// Status codes the templates compare with.
pub fn status_badge(status: CaseStatus) -> &'static str {
    match status {
        CaseStatus::Signal | CaseStatus::Exploration => "orange",
        CaseStatus::Active | CaseStatus::Evaluation => "green",
        CaseStatus::Closed => "grey",
    }
}

impl CasePage {
    /// The phase change was refused because an escalation is still open:
    /// the page links to where it is decided.
    fn blocked_by_escalation(&self) -> bool {
        let message = self.c.t(brug_domain::cases::TransitionError::OpenEscalation
            .message_id()
            .as_ref());
        self.errors.0.iter().any(|(_, m)| *m == message)
    }

    fn badge(&self) -> &'static str {
        status_badge(self.v.status)
    }

    fn status_label(&self) -> String {
        self.c.t(&self.v.status.message_id())
    }

    fn author_role(&self, p: &brug_domain::family::Participant) -> String {
        self.c.t(&format!("family-author-{}", p.code()))
    }
}

#[derive(Template)]
#[template(path = "case/print.html")]
struct PrintPage {
    c: Chrome,
    v: CaseView,
    plan: brug_app::plan::PlanView,
    meetings: brug_app::meetings::MeetingsPart,
    flags: brug_app::meetings::CaseFlags,
    printed_at: time::OffsetDateTime,
    /// Glossary terms linked in the plan's texts (S6).
    glossary: Glossary,
}

impl PrintPage {
    fn status_label(&self) -> String {
        self.c.t(&self.v.status.message_id())
    }
}

/// The whole case on one page for printing or saving as PDF (a logged print).
pub async fn print(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let v = cases::print(&state.app, &ctx, CaseId(id)).await?;
    let plan = brug_app::plan::part(&state.app, &v).await?;
    let (meetings, flags) = brug_app::meetings::part(&state.app, &v).await?;
    let glossary = Glossary::load(&state, &ctx, &c).await?;
    super::render(&PrintPage {
        glossary,
        c,
        v,
        plan,
        meetings,
        flags,
        printed_at: state.app.clock.now(),
    })
}
