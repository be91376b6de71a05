//! The case around a pupil: opening it, the team and its lead, the status
//! flow, attendance and the timeline. Every read and write goes through the
//! policy and the audit log; writes log in their own transaction.

use brug_domain::access::{
    Basis, Decision, Denial, LegalTask, PupilAction, PupilFacts, Request, SeatBasis, decide,
};
use brug_domain::audit::AuditAction;
use brug_domain::cases::{AttendanceStatus, CaseOutcome, CaseStatus, LeadDomain, check_transition};
use brug_domain::consent::{
    self as consent_rules, ConsentGiver, ConsentPart, covers_record, parse_parts,
};
use brug_domain::ids::{CaseId, PupilId};
use brug_domain::roles::Role;
use brug_domain::text::{self, Email};
use brug_store::cases::{self as store, CaseRow, MemberRow, NewCase, NewEvent, NewMember};
use brug_store::{StoreError, Tx, registry, users};
use time::Date;

use crate::trail::{self, Access};
use crate::{App, AppError, Ctx, FieldErrors};

/// A case with the pupil's facts, once access is granted.
pub struct Authorized {
    pub case: CaseRow,
    pub facts: PupilFacts,
    pub decision: Decision,
}

impl Authorized {
    pub fn basis(&self) -> Option<&Basis> {
        match &self.decision {
            Decision::Allow(b) => Some(b),
            Decision::Deny(_) => None,
        }
    }
}

/// Load a case and decide `action` on its pupil. A refusal is logged (with
/// the given audit action) and answered as `NotFound`, like a missing case.
/// Allowed reads are logged here too; allowed writes log in their transaction.
pub async fn authorize(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    action: PupilAction,
    audit_action: AuditAction,
    resource: &str,
    break_glass: Option<&str>,
) -> Result<Authorized, AppError> {
    let request = Authorize {
        action,
        audit_action,
        resource,
        break_glass,
        fields: Vec::new(),
    };
    authorize_refined(app, ctx, case_id, request, |_, decision| decision).await
}

/// What [`authorize_refined`] decides and logs.
pub(crate) struct Authorize<'a> {
    pub action: PupilAction,
    pub audit_action: AuditAction,
    pub resource: &'a str,
    pub break_glass: Option<&'a str>,
    /// Recorded with a refusal or a read (e.g. the plan section asked for).
    pub fields: Vec<String>,
}

/// Like [`authorize`], with the policy's decision narrowed by a rule of the
/// use case (a plan section that is not the actor's, a comment on something
/// that is not theirs) before it is logged and enforced: a narrowed refusal
/// is logged and answered exactly like the policy's own.
pub(crate) async fn authorize_refined(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    request: Authorize<'_>,
    refine: impl FnOnce(&PupilFacts, Decision) -> Decision,
) -> Result<Authorized, AppError> {
    let Authorize {
        action,
        audit_action,
        resource,
        break_glass,
        fields,
    } = request;
    let case = store::case(&app.db, case_id.0).await?;
    let pupil = case.as_ref().map(|c| PupilId(c.pupil_id));
    let facts = match pupil {
        Some(p) => crate::pupils::facts(app, p).await?,
        None => None,
    };
    let decision = match (&case, &facts) {
        (Some(_), Some(f)) => refine(
            f,
            decide(
                &ctx.actor,
                Request::Pupil {
                    facts: f,
                    action,
                    break_glass,
                },
            ),
        ),
        _ => Decision::Deny(Denial::NoRelation),
    };
    // Someone seated on a consent sees only the parts it names.
    let decision = match &decision {
        Decision::Allow(basis) if ConsentPart::of_record(resource).is_some() => {
            let parts = visible_parts(app, basis).await?;
            if covers_record(&parts, resource) {
                decision
            } else {
                Decision::Deny(Denial::OutsideConsent)
            }
        }
        _ => decision,
    };
    let is_read = matches!(
        audit_action,
        AuditAction::Read | AuditAction::Print | AuditAction::Export
    );
    if !decision.is_allowed() || is_read {
        let mut access = Access::new(audit_action, resource, case_id);
        access.pupil = pupil;
        access.fields = fields;
        trail::record(app, ctx, &decision, access).await?;
    }
    match (decision, case, facts) {
        (d @ Decision::Allow(_), Some(case), Some(facts)) => Ok(Authorized {
            case,
            facts,
            decision: d,
        }),
        _ => Err(AppError::NotFound),
    }
}

/// What a write records: the audit event's action, resource and changed
/// fields, and optionally a timeline entry `(kind, summary)`.
pub(crate) struct Write<'a> {
    pub action: AuditAction,
    pub resource: &'a str,
    pub id: String,
    pub fields: Vec<String>,
    pub event: Option<(&'a str, String)>,
}

/// Append the timeline entry and the audit event of a write, in its transaction.
pub(crate) async fn log_write(
    app: &App,
    ctx: &Ctx,
    tx: &mut Tx,
    auth: &Authorized,
    write: Write<'_>,
) -> Result<(), AppError> {
    let Write {
        action: audit_action,
        resource,
        id: resource_id,
        fields,
        event,
    } = write;
    if let Some((kind, summary)) = event {
        store::insert_event(
            tx,
            &NewEvent {
                case_id: auth.case.id,
                kind: kind.to_owned(),
                summary,
                ref_id: resource_id.to_string().parse().ok(),
                actor_user_id: Some(ctx.user_id.0),
                actor_name: ctx.name.clone(),
            },
            app.now(),
        )
        .await?;
    }
    let mut access =
        Access::new(audit_action, resource, resource_id).of_pupil(PupilId(auth.case.pupil_id));
    access.fields = fields;
    trail::append_in_tx(app, ctx, tx, &auth.decision, access).await
}

/// The name of the pupil a new case is for, for the form's heading; only for
/// those who may open a case (logged like any read of the pupil).
pub async fn open_form(app: &App, ctx: &Ctx, pupil: PupilId) -> Result<String, AppError> {
    let facts = crate::pupils::facts(app, pupil).await?;
    let decision = match &facts {
        Some(f) => decide(
            &ctx.actor,
            Request::Pupil {
                facts: f,
                action: PupilAction::ManageCase,
                break_glass: None,
            },
        ),
        None => Decision::Deny(Denial::NoRelation),
    };
    let access = Access::new(AuditAction::Read, "pupil_name", pupil).of_pupil(pupil);
    trail::enforce(app, ctx, decision, access, AppError::NotFound).await?;
    let p = registry::pupil(&app.db, pupil.0)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(brug_domain::registry::display_name(
        &p.given_name,
        p.name_prefix.as_deref(),
        &p.family_name,
    ))
}

/// What the form to open a case sends.
#[derive(Debug, Clone, Default)]
pub struct OpenCase {
    pub title: String,
    pub first_signal_on: String,
    pub lead_domain: String,
}

/// Open a case for a pupil after a signal. The opener becomes the case lead.
/// When the pupil already has an open case, `Conflict` names it, so the user
/// can be offered that one instead.
pub async fn open(
    app: &App,
    ctx: &Ctx,
    pupil: PupilId,
    form: &OpenCase,
) -> Result<CaseId, AppError> {
    let facts = crate::pupils::facts(app, pupil).await?;
    let decision = match &facts {
        Some(f) => decide(
            &ctx.actor,
            Request::Pupil {
                facts: f,
                action: PupilAction::ManageCase,
                break_glass: None,
            },
        ),
        None => Decision::Deny(Denial::NoRelation),
    };
    if !decision.is_allowed() {
        trail::record(
            app,
            ctx,
            &decision,
            Access::new(AuditAction::Create, "case", "new").of_pupil(pupil),
        )
        .await?;
        return Err(AppError::NotFound);
    }
    let facts = facts.ok_or(AppError::NotFound)?;
    let today = app.clock.today();
    let mut errors = FieldErrors::default();
    let title = text::clean_text(&form.title, text::SHORT_TEXT)
        .map_err(|e| errors.add_with("title", e.message_id(), e.message_args()))
        .ok();
    let first_signal = match text::parse_dutch_date(&form.first_signal_on) {
        Ok(d) if d > today => {
            errors.add("first_signal_on", "error-date-in-future");
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            errors.add_with("first_signal_on", e.message_id(), e.message_args());
            None
        }
    };
    let lead_domain = if form.lead_domain.is_empty() {
        None
    } else {
        let d = LeadDomain::from_code(&form.lead_domain);
        if d.is_none() {
            errors.add("lead_domain", "error-choose-option");
        }
        d
    };
    errors.into_result()?;
    let (Some(title), Some(first_signal)) = (title, first_signal) else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    if let Some(open) = store::cases_of_pupil(&app.db, pupil.0)
        .await?
        .into_iter()
        .find(|c| c.status != CaseStatus::Closed.code())
    {
        // Pointing to the open case shows that it exists: a read, logged.
        let access = Access::new(AuditAction::Read, "case", open.id).of_pupil(pupil);
        trail::record(app, ctx, &decision, access).await?;
        return Err(AppError::Conflict(format!("open-case:{}", open.id)));
    }
    // The case belongs to the school where the pupil is enrolled now (the
    // opener's school when it is one of them).
    let school = facts
        .schools
        .iter()
        .copied()
        .find(|s| ctx.actor.has_role_at(*s, Role::Coordinator))
        .or_else(|| facts.schools.first().copied())
        .ok_or_else(|| {
            let mut e = FieldErrors::default();
            e.add("title", "error-case-no-school");
            AppError::Invalid(e)
        })?;
    let capacity = ctx
        .memberships
        .iter()
        .find(|m| m.role.works_with_children())
        .or_else(|| ctx.memberships.first());
    let (basis, legal_task) = match capacity.map(|m| m.role) {
        Some(Role::AttendanceOfficer) => ("legal_task", LegalTask::CompulsoryEducation),
        Some(Role::SwvConsultant) => ("legal_task", LegalTask::PassendOnderwijs),
        Some(Role::CareWorker | Role::WijkteamCoach | Role::YouthHealth) => {
            ("legal_task", LegalTask::YouthCare)
        }
        _ => ("legal_task", LegalTask::SchoolPupilFile),
    };
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let id = store::insert_case(
        &mut tx,
        &NewCase {
            pupil_id: pupil.0,
            title: title.clone(),
            school_id: school.0,
            status: CaseStatus::Signal.code().into(),
            lead_domain: lead_domain.map(|d| d.code().to_owned()),
            first_signal_on: first_signal,
            help_started_on: None,
            created_by_user_id: Some(ctx.user_id.0),
        },
        now,
    )
    .await?;
    store::insert_member(
        &mut tx,
        &NewMember {
            case_id: id,
            user_id: Some(ctx.user_id.0),
            guardian_id: None,
            org_id: capacity.map(|m| m.org_id),
            role_in_case: capacity.map_or("coordinator", |m| m.role.code()).to_owned(),
            basis: basis.into(),
            consent_id: None,
            legal_task: Some(legal_task.code().into()),
            is_lead: true,
            added_by_user_id: Some(ctx.user_id.0),
        },
        now,
    )
    .await?;
    let auth = Authorized {
        case: store::case_in_tx(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound)?,
        facts,
        decision,
    };
    log_write(
        app,
        ctx,
        &mut tx,
        &auth,
        Write {
            action: AuditAction::Create,
            resource: "case",
            id: id.to_string(),
            fields: vec![
                "title".into(),
                "first_signal_on".into(),
                "lead_domain".into(),
            ],
            event: Some(("opened", title)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(CaseId(id))
}

/// A team member as shown.
#[derive(Debug, Clone)]
pub struct MemberView {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub organisation: Option<String>,
    pub role_in_case: String,
    pub basis: String,
    pub legal_task: Option<String>,
    pub consent_id: Option<i64>,
    pub is_lead: bool,
    pub is_family: bool,
    pub user_id: Option<i64>,
}

impl From<MemberRow> for MemberView {
    fn from(m: MemberRow) -> Self {
        MemberView {
            id: m.id,
            is_family: m.guardian_id.is_some() || m.basis == "family",
            name: m.name,
            email: m.email,
            organisation: m.org_name,
            role_in_case: m.role_in_case,
            basis: m.basis,
            legal_task: m.legal_task,
            consent_id: m.consent_id,
            is_lead: m.is_lead,
            user_id: m.user_id,
        }
    }
}

#[derive(Debug, Clone)]
pub struct AttendanceView {
    pub status: AttendanceStatus,
    pub since: Date,
    pub note: String,
    /// For a thuiszitter: when the monthly school–care–parents meeting is due.
    pub monthly_meeting_due: Option<Date>,
    pub monthly_meeting_missed: bool,
}

/// The case page's core; the plan, meetings and other parts are loaded by
/// their own modules.
pub struct CaseView {
    pub id: CaseId,
    pub pupil: PupilId,
    pub pupil_name: String,
    pub school_id: i64,
    pub school: String,
    pub title: String,
    pub status: CaseStatus,
    pub next_statuses: Vec<CaseStatus>,
    pub lead_domain: Option<LeadDomain>,
    pub first_signal_on: Date,
    pub help_started_on: Option<Date>,
    pub closed_on: Option<Date>,
    pub close_reason: Option<String>,
    pub outcome: Option<CaseOutcome>,
    pub version: i64,
    pub members: Vec<MemberView>,
    pub attendance: Option<AttendanceView>,
    pub stalled: bool,
    pub basis: Basis,
    /// May write in the plan (professionals and the family).
    pub can_edit: bool,
    /// May steer the case: phase, attendance (the professionals involved).
    pub can_steer: bool,
    pub can_manage_team: bool,
    /// Break-glass openings of this pupil's file, shown to the case lead.
    pub break_glass: Vec<crate::audit_views::LogEntry>,
    /// The parts of the file the viewer sees: all of them, except for
    /// someone seated on a consent that names fewer.
    pub parts: Vec<ConsentPart>,
}

impl CaseView {
    /// Does the viewer see this part of the file?
    pub fn sees(&self, part: ConsentPart) -> bool {
        self.parts.contains(&part)
    }

    pub fn sees_plan(&self) -> bool {
        self.sees(ConsentPart::Plan)
    }

    pub fn sees_meetings(&self) -> bool {
        self.sees(ConsentPart::Meetings)
    }

    /// Does the viewer see fewer parts than the whole file?
    pub fn limited(&self) -> bool {
        self.parts.len() < ConsentPart::ALL.len()
    }
}

/// The parts of the file a basis gives: a consent names its parts; every
/// other basis (a legal task, the family, break-glass) covers the whole file.
pub(crate) async fn visible_parts(app: &App, basis: &Basis) -> Result<Vec<ConsentPart>, AppError> {
    match basis {
        Basis::TeamMember {
            seat: SeatBasis::Consent { consent },
        } => Ok(brug_store::consent::scope(&app.db, consent.0)
            .await?
            .map(|s| parse_parts(&s))
            .unwrap_or_default()),
        _ => Ok(ConsentPart::ALL.to_vec()),
    }
}

/// Read a case (logged). Everyone with support access to the pupil may.
pub async fn view(app: &App, ctx: &Ctx, case_id: CaseId) -> Result<CaseView, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ViewSupport,
        AuditAction::Read,
        "case",
        None,
    )
    .await?;
    build_view(app, ctx, case_id, auth).await
}

/// The whole case for printing (or saving as PDF): logged as a print.
pub async fn print(app: &App, ctx: &Ctx, case_id: CaseId) -> Result<CaseView, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::Print,
        AuditAction::Print,
        "case",
        None,
    )
    .await?;
    build_view(app, ctx, case_id, auth).await
}

async fn build_view(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    auth: Authorized,
) -> Result<CaseView, AppError> {
    let can = |action| {
        decide(
            &ctx.actor,
            Request::Pupil {
                facts: &auth.facts,
                action,
                break_glass: None,
            },
        )
        .is_allowed()
    };
    let can_edit = can(PupilAction::EditSupport);
    let can_steer = can(PupilAction::ManageCase);
    let can_manage_team = can(PupilAction::ManageTeam);
    let c = &auth.case;
    let pupil = registry::pupil(&app.db, c.pupil_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let school = registry::organisation(&app.db, c.school_id)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let members: Vec<MemberView> = store::members(&app.db, c.id)
        .await?
        .into_iter()
        .map(MemberView::from)
        .collect();
    let status = CaseStatus::from_code(&c.status).unwrap_or(CaseStatus::Active);
    let today = app.clock.today();
    let attendance = attendance_view(app, c.pupil_id, c.id).await?;
    let activity = crate::cases::last_activity(app, c).await?;
    let stalled = brug_domain::cases::is_stalled(
        status,
        c.first_signal_on,
        activity.meeting,
        activity.plan_change,
        activity.progress_note,
        today,
        brug_domain::cases::STALLED_WEEKS,
    );
    let parts = match auth.basis() {
        Some(basis) => visible_parts(app, basis).await?,
        None => Vec::new(),
    };
    let is_lead = members
        .iter()
        .any(|m| m.is_lead && m.user_id == Some(ctx.user_id.0));
    let break_glass = if is_lead || can_manage_team {
        crate::audit_views::break_glass_of_pupil(app, PupilId(c.pupil_id)).await?
    } else {
        Vec::new()
    };
    Ok(CaseView {
        id: case_id,
        pupil: PupilId(c.pupil_id),
        pupil_name: brug_domain::registry::display_name(
            &pupil.given_name,
            pupil.name_prefix.as_deref(),
            &pupil.family_name,
        ),
        school_id: c.school_id,
        school,
        title: c.title.clone(),
        status,
        next_statuses: status.next().to_vec(),
        lead_domain: c.lead_domain.as_deref().and_then(LeadDomain::from_code),
        first_signal_on: c.first_signal_on,
        help_started_on: c.help_started_on,
        closed_on: c.closed_on,
        close_reason: c.close_reason.clone(),
        outcome: c.outcome.as_deref().and_then(CaseOutcome::from_code),
        version: c.version,
        members,
        attendance,
        stalled,
        basis: auth.basis().cloned().ok_or(AppError::NotFound)?,
        can_edit,
        can_steer,
        can_manage_team,
        break_glass,
        parts,
    })
}

/// When a case last saw each kind of activity (for the stalled rule).
#[derive(Debug, Clone, Default)]
pub struct Activity {
    pub meeting: Option<Date>,
    pub plan_change: Option<Date>,
    pub progress_note: Option<Date>,
}

pub(crate) async fn last_activity(app: &App, c: &CaseRow) -> Result<Activity, AppError> {
    // Every meeting, plan change and progress note touches `last_activity_on`;
    // the finer split comes from the timeline.
    let events = store::events(
        &app.db,
        c.id,
        &["meeting".into(), "plan".into(), "progress".into()],
        200,
    )
    .await?;
    let last_of = |kind: &str| {
        events
            .iter()
            .find(|e| e.kind == kind)
            .map(|e| brug_domain::registry::amsterdam_date(e.occurred_at.get()))
    };
    Ok(Activity {
        // A meeting counts from the day it was held, also when recorded later.
        meeting: brug_store::meetings::last_meeting_on(&app.db, c.id).await?,
        plan_change: last_of("plan"),
        progress_note: last_of("progress"),
    })
}

async fn attendance_view(
    app: &App,
    pupil: i64,
    case_id: i64,
) -> Result<Option<AttendanceView>, AppError> {
    let Some(a) = store::current_attendance(&app.db, pupil).await? else {
        return Ok(None);
    };
    let status = AttendanceStatus::from_code(&a.status).unwrap_or(AttendanceStatus::Attending);
    let (due, missed) = if status == AttendanceStatus::Thuiszitter {
        let last = store::last_triangle_meeting(&app.db, case_id).await?;
        let due = brug_domain::cases::monthly_meeting_due(a.since, last);
        (Some(due), due < app.clock.today())
    } else {
        (None, false)
    };
    Ok(Some(AttendanceView {
        status,
        since: a.since,
        note: a.note,
        monthly_meeting_due: due,
        monthly_meeting_missed: missed,
    }))
}

/// What the form to add a team member sends.
#[derive(Debug, Clone, Default)]
pub struct AddMember {
    /// A professional by email, or empty with `guardian_id` for a parent.
    pub email: String,
    pub guardian_id: Option<i64>,
    pub role_in_case: String,
    /// `consent` or `legal_task` for professionals.
    pub basis: String,
    pub legal_task: String,
    /// With `consent` given outside Brug: who gave it, for what, until when.
    /// (Consent asked in Brug goes through `crate::consent::request`.)
    pub consent_given_by: String,
    pub consent_relation: String,
    pub consent_purpose: String,
    pub consent_until: String,
}

/// Add a professional (on a legal task, or on a consent given outside Brug)
/// or a parent to the team. Consent asked in Brug: `crate::consent`.
pub async fn add_member(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    form: &AddMember,
) -> Result<i64, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageTeam,
        AuditAction::Update,
        "case_team",
        None,
    )
    .await?;
    let today = app.clock.today();
    let mut errors = FieldErrors::default();
    // A parent's role may be left empty: it is their relation to the pupil.
    let role_in_case = if form.guardian_id.is_some() && form.role_in_case.trim().is_empty() {
        None
    } else {
        text::clean_text(&form.role_in_case, text::SHORT_TEXT)
            .map_err(|e| errors.add_with("role_in_case", e.message_id(), e.message_args()))
            .ok()
    };
    let members = store::members(&app.db, auth.case.id).await?;
    // A parent of this pupil.
    if let Some(gid) = form.guardian_id {
        let guardians = registry::guardians_of_pupil(&app.db, auth.case.pupil_id).await?;
        let Some(g) = guardians.into_iter().find(|g| g.id == gid) else {
            return Err(AppError::NotFound);
        };
        if members.iter().any(|m| m.guardian_id == Some(gid)) {
            errors.add("guardian_id", "error-member-already");
        }
        errors.into_result()?;
        let mut tx = app.db.begin().await?;
        let id = store::insert_member(
            &mut tx,
            &NewMember {
                case_id: auth.case.id,
                user_id: g.user_id,
                guardian_id: Some(g.id),
                org_id: None,
                role_in_case: role_in_case.unwrap_or_else(|| g.relation.clone()),
                basis: "family".into(),
                consent_id: None,
                legal_task: None,
                is_lead: false,
                added_by_user_id: Some(ctx.user_id.0),
            },
            app.now(),
        )
        .await?;
        log_write(
            app,
            ctx,
            &mut tx,
            &auth,
            Write {
                action: AuditAction::Update,
                resource: "case_team",
                id: id.to_string(),
                fields: vec!["member".into()],
                event: Some(("team", g.name)),
            },
        )
        .await?;
        tx.commit().await?;
        return Ok(id);
    }
    // A professional.
    let email = Email::parse(&form.email)
        .map_err(|e| errors.add_with("email", e.message_id(), e.message_args()))
        .ok();
    let user = match &email {
        Some(e) => users::user_by_email(&app.db, e.as_str())
            .await?
            .filter(|u| u.active),
        None => None,
    };
    let memberships = match &user {
        Some(u) => users::memberships(&app.db, u.id).await?,
        None => Vec::new(),
    };
    if email.is_some() && user.is_none() {
        errors.add("email", "error-member-unknown");
    }
    let capacity = memberships.iter().find(|m| m.role.works_with_children());
    if user.is_some() && capacity.is_none() {
        errors.add("email", "error-member-not-a-professional");
    }
    if let Some(u) = &user
        && members.iter().any(|m| m.user_id == Some(u.id))
    {
        errors.add("email", "error-member-already");
    }
    // On consent: normally the family gives it in Brug (`crate::consent`:
    // the professional asks, the family answers, the person is seated). A
    // consent given outside Brug (on paper, in a conversation) is recorded
    // here, with who gave it, under the same rules.
    let (basis, legal_task, consent) = match form.basis.as_str() {
        "legal_task" => match LegalTask::from_code(&form.legal_task) {
            Some(task) => ("legal_task", Some(task), None),
            None => {
                errors.add("legal_task", "error-choose-option");
                ("legal_task", None, None)
            }
        },
        "consent" => {
            let given_by = text::clean_text(&form.consent_given_by, text::NAME)
                .map_err(|e| errors.add_with("consent_given_by", e.message_id(), e.message_args()))
                .ok();
            let purpose = if form.consent_purpose.trim().is_empty() {
                errors.add("consent_purpose", "error-consent-purpose-required");
                None
            } else {
                text::clean_text(&form.consent_purpose, text::SHORT_TEXT)
                    .map_err(|e| {
                        errors.add_with("consent_purpose", e.message_id(), e.message_args())
                    })
                    .ok()
            };
            let until = if form.consent_until.trim().is_empty() {
                None
            } else {
                match text::parse_dutch_date(&form.consent_until) {
                    Ok(d) if d < today => {
                        errors.add("consent_until", "error-date-in-past");
                        None
                    }
                    Ok(d) => Some(d),
                    Err(e) => {
                        errors.add_with("consent_until", e.message_id(), e.message_args());
                        None
                    }
                }
            };
            let giver = match form.consent_relation.as_str() {
                "parent" => Some(ConsentGiver::Guardian),
                "young_person" => Some(ConsentGiver::YoungPerson),
                _ => {
                    errors.add("consent_relation", "error-choose-option");
                    None
                }
            };
            if let Some(Err(e)) = giver.map(|g| consent_rules::may_answer(auth.facts.age, g)) {
                errors.add("consent_relation", e.message_id());
            }
            (
                "consent",
                None,
                given_by
                    .zip(purpose)
                    .zip(giver)
                    .map(|((g, p), r)| (g, r, p, until)),
            )
        }
        _ => {
            errors.add("basis", "error-basis-required");
            ("", None, None)
        }
    };
    errors.into_result()?;
    let (Some(user), Some(capacity), Some(role_in_case)) = (user, capacity, role_in_case) else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let consent_id = match consent {
        Some((given_by, giver, purpose, until)) => Some(
            brug_store::consent::insert_given(
                &mut tx,
                &store::NewConsent {
                    pupil_id: auth.case.pupil_id,
                    given_by_user_id: None,
                    given_by_name: given_by,
                    given_by_relation: giver.code().into(),
                    recipient_org_id: Some(capacity.org_id),
                    recipient_user_id: Some(user.id),
                    purpose,
                    scope: consent_rules::parts_code(&[ConsentPart::Plan, ConsentPart::Meetings]),
                    valid_from: today,
                    valid_until: until,
                    recorded_by_user_id: Some(ctx.user_id.0),
                },
                Some(auth.case.id),
                giver == ConsentGiver::YoungPerson,
                now,
            )
            .await?,
        ),
        None => None,
    };
    let id = store::insert_member(
        &mut tx,
        &NewMember {
            case_id: auth.case.id,
            user_id: Some(user.id),
            guardian_id: None,
            org_id: Some(capacity.org_id),
            role_in_case,
            basis: basis.into(),
            consent_id,
            legal_task: legal_task.map(|t| t.code().to_owned()),
            is_lead: false,
            added_by_user_id: Some(ctx.user_id.0),
        },
        now,
    )
    .await?;
    log_write(
        app,
        ctx,
        &mut tx,
        &auth,
        Write {
            action: AuditAction::Update,
            resource: "case_team",
            id: id.to_string(),
            fields: vec![
                "member".into(),
                format!("user={}", user.id),
                format!("basis={basis}"),
            ],
            event: Some(("team", format!("{} ({})", user.name, capacity.org_name))),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Remove a member; the case lead cannot be removed (hand over the lead first).
pub async fn remove_member(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    member_id: i64,
) -> Result<(), AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageTeam,
        AuditAction::Update,
        "case_team",
        None,
    )
    .await?;
    let members = store::members(&app.db, auth.case.id).await?;
    let member = members
        .iter()
        .find(|m| m.id == member_id)
        .ok_or(AppError::NotFound)?;
    if member.is_lead {
        let mut e = FieldErrors::default();
        e.add("member", "error-remove-lead");
        return Err(AppError::Invalid(e));
    }
    let mut tx = app.db.begin().await?;
    store::remove_member(&mut tx, member_id, app.now()).await?;
    log_write(
        app,
        ctx,
        &mut tx,
        &auth,
        Write {
            action: AuditAction::Update,
            resource: "case_team",
            id: member_id.to_string(),
            fields: vec!["member_removed".into()],
            event: Some(("team", member.name.clone())),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Hand the lead to another professional member: an explicit, logged step.
pub async fn hand_over_lead(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    member_id: i64,
) -> Result<(), AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageTeam,
        AuditAction::Update,
        "case_team",
        None,
    )
    .await?;
    let members = store::members(&app.db, auth.case.id).await?;
    let member = members
        .iter()
        .find(|m| m.id == member_id)
        .ok_or(AppError::NotFound)?;
    if member.user_id.is_none() || member.basis == "family" {
        let mut e = FieldErrors::default();
        e.add("member", "error-lead-must-be-professional");
        return Err(AppError::Invalid(e));
    }
    let mut tx = app.db.begin().await?;
    store::set_lead(&mut tx, auth.case.id, member_id).await?;
    log_write(
        app,
        ctx,
        &mut tx,
        &auth,
        Write {
            action: AuditAction::Update,
            resource: "case_team",
            id: member_id.to_string(),
            fields: vec!["lead".into()],
            event: Some(("lead", member.name.clone())),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What the status form sends.
#[derive(Debug, Clone, Default)]
pub struct StatusForm {
    pub to: String,
    pub outcome: String,
    pub reason: String,
    pub version: i64,
}

/// Move the case along its status flow. A stale version is a conflict.
pub async fn change_status(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    form: &StatusForm,
) -> Result<(), AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageCase,
        AuditAction::Update,
        "case",
        None,
    )
    .await?;
    let from = CaseStatus::from_code(&auth.case.status).unwrap_or(CaseStatus::Active);
    let mut errors = FieldErrors::default();
    let Some(to) = CaseStatus::from_code(&form.to) else {
        errors.add("to", "error-choose-option");
        return Err(AppError::Invalid(errors));
    };
    let outcome = CaseOutcome::from_code(&form.outcome);
    let reason = text::clean_optional(&form.reason, text::LONG_TEXT)
        .map_err(|e| errors.add_with("reason", e.message_id(), e.message_args()))
        .ok()
        .flatten();
    errors.into_result()?;
    let open_escalations = store::open_escalations(&app.db, auth.case.id).await?;
    if let Err(e) = check_transition(from, to, outcome, reason.as_deref(), open_escalations) {
        let mut errors = FieldErrors::default();
        let field = match e {
            brug_domain::cases::TransitionError::OutcomeRequired => "outcome",
            brug_domain::cases::TransitionError::ReasonRequired => "reason",
            _ => "to",
        };
        errors.add(field, e.message_id());
        return Err(AppError::Invalid(errors));
    }
    let today = app.clock.today();
    let change = store::StatusChange {
        status: to.code().into(),
        help_started_on: auth
            .case
            .help_started_on
            .or((to == CaseStatus::Active).then_some(today)),
        closed_on: (to == CaseStatus::Closed).then_some(today),
        close_reason: if to == CaseStatus::Closed {
            reason.clone()
        } else {
            None
        },
        outcome: if to == CaseStatus::Closed {
            outcome.map(|o| o.code().to_owned())
        } else {
            None
        },
    };
    let mut tx = app.db.begin().await?;
    store::change_status(
        &mut tx,
        auth.case.id,
        form.version,
        &change,
        today,
        app.now(),
    )
    .await
    .map_err(|e| match e {
        StoreError::Conflict => AppError::Conflict("case changed".into()),
        other => other.into(),
    })?;
    log_write(
        app,
        ctx,
        &mut tx,
        &auth,
        Write {
            action: AuditAction::Update,
            resource: "case",
            id: auth.case.id.to_string(),
            fields: vec!["status".into()],
            event: Some(("status", format!("{from} → {to}"))),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Record who is in the lead: education, care or jointly.
pub async fn set_lead_domain(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    domain: &str,
) -> Result<(), AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageTeam,
        AuditAction::Update,
        "case",
        None,
    )
    .await?;
    let Some(d) = LeadDomain::from_code(domain) else {
        let mut e = FieldErrors::default();
        e.add("lead_domain", "error-choose-option");
        return Err(AppError::Invalid(e));
    };
    let mut tx = app.db.begin().await?;
    store::set_lead_domain(&mut tx, auth.case.id, d.code(), app.now()).await?;
    log_write(
        app,
        ctx,
        &mut tx,
        &auth,
        Write {
            action: AuditAction::Update,
            resource: "case",
            id: auth.case.id.to_string(),
            fields: vec!["lead_domain".into()],
            event: Some(("lead", d.code().to_owned())),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Record the pupil's attendance (e.g. thuiszitter since a date).
pub async fn record_attendance(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    status: &str,
    since: &str,
    note: &str,
) -> Result<(), AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageCase,
        AuditAction::Update,
        "attendance",
        None,
    )
    .await?;
    let mut errors = FieldErrors::default();
    let status = AttendanceStatus::from_code(status);
    if status.is_none() {
        errors.add("status", "error-choose-option");
    }
    let since = match text::parse_dutch_date(since) {
        Ok(d) if d > app.clock.today() => {
            errors.add("since", "error-date-in-future");
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            errors.add_with("since", e.message_id(), e.message_args());
            None
        }
    };
    let note = text::clean_text(note, text::LONG_TEXT)
        .map_err(|e| errors.add_with("note", e.message_id(), e.message_args()))
        .ok();
    errors.into_result()?;
    let (Some(status), Some(since), Some(note)) = (status, since, note) else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let mut tx = app.db.begin().await?;
    let id = store::insert_attendance(
        &mut tx,
        auth.case.pupil_id,
        status.code(),
        since,
        &note,
        Some(ctx.user_id.0),
        app.now(),
    )
    .await?;
    log_write(
        app,
        ctx,
        &mut tx,
        &auth,
        Write {
            action: AuditAction::Update,
            resource: "attendance",
            id: id.to_string(),
            fields: vec!["status".into(), "since".into()],
            event: Some(("attendance", status.code().to_owned())),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The timeline of a case, newest first, optionally filtered by kinds.
pub async fn timeline(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    kinds: &[String],
) -> Result<(crate::meetings::CaseHead, Vec<store::EventRow>), AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ViewSupport,
        AuditAction::Read,
        "case_timeline",
        None,
    )
    .await?;
    let parts = match auth.basis() {
        Some(basis) => visible_parts(app, basis).await?,
        None => Vec::new(),
    };
    let mut events = store::events(&app.db, auth.case.id, kinds, 500).await?;
    events.retain(|e| covers_record(&parts, &e.kind));
    let head = crate::meetings::head(app, ctx, &auth).await?;
    Ok((head, events))
}
