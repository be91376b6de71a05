//! Consent as a first-class object (S4).
//!
//! * The case lead (or the school's coordinator: `ManageTeam`) **asks** for
//!   consent to add someone from another organisation to the team, or to
//!   share with an organisation: recipient, purpose, parts, from/until.
//! * The family **answers** on the pupil's consent page, each from their own
//!   account and by age (`brug_domain::consent`): under 12 a guardian, 12–15
//!   a guardian and the child both, from 16 the young person alone. When the
//!   answers add up to a yes, the consent is recorded with who gave it and
//!   the requested person is seated in the team on it.
//! * Anyone whose say counts may **withdraw** it: the seat ends at once (the
//!   policy stops counting it, and the seat is closed), the case's timeline
//!   says so, and the change is audited.
//! * From 16 the young person also decides whether the parents see the file.
//!
//! Every step asks the policy (`PupilAction::ManageConsent` for the family,
//! `ManageTeam` for the request, `ManageCase` to read the team's overview)
//! and writes its audit event in its own transaction.

use brug_domain::access::{Decision, Denial, PupilAction, PupilFacts, Request, decide};
use brug_domain::audit::AuditAction;
use brug_domain::consent::{
    self as rules, AgeBand, Answer, ConsentGiver, ConsentPart, Outcome, RequestStatus,
};
use brug_domain::family::{NotificationEvent, NotificationKind};
use brug_domain::ids::{CaseId, PupilId, UserId};
use brug_domain::registry::display_name;
use brug_domain::text::{self, Email};
use brug_store::cases::{self as case_store, NewConsent, NewEvent};
use brug_store::consent::{self as store, AnswerRow, ConsentDetail, NewRequest, RequestRow};
use brug_store::{StoreError, Ts, Tx, registry, users};
use time::Date;

use crate::cases::{Write, authorize, log_write};
use crate::trail::{self, Access};
use crate::{App, AppError, Ctx, FieldErrors};

/// The timeline kind of consent events. Summaries are `code:recipient`
/// with code `requested`, `approved`, `refused` or `withdrawn`.
pub const EVENT_KIND: &str = "consent";

// ---------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------

/// A request for consent as shown to the family and the team.
#[derive(Debug, Clone)]
pub struct RequestView {
    pub id: i64,
    pub case_id: i64,
    pub case_title: String,
    /// "Name · Organisation", or the organisation alone.
    pub recipient: String,
    pub role_in_case: String,
    pub purpose: String,
    pub parts: Vec<ConsentPart>,
    pub valid_from: Date,
    pub valid_until: Option<Date>,
    pub status: RequestStatus,
    pub requested_by: String,
    pub requested_at: Ts,
    pub answers: Vec<AnswerRow>,
    /// Whose yes is still needed (pending requests).
    pub missing: Vec<ConsentGiver>,
    /// The viewer's own answer, if given.
    pub my_answer: Option<bool>,
    /// The viewer may answer now.
    pub can_answer: bool,
}

/// A consent as shown to the family and the team.
#[derive(Debug, Clone)]
pub struct ConsentView {
    pub id: i64,
    pub case_title: Option<String>,
    pub recipient: String,
    pub purpose: String,
    pub parts: Vec<ConsentPart>,
    pub valid_from: Date,
    pub valid_until: Option<Date>,
    pub given_by: String,
    pub given_by_young_person: bool,
    pub in_force: bool,
    pub expires_soon: bool,
    pub withdrawn_at: Option<Ts>,
    pub withdrawn_by: Option<String>,
    /// The viewer may withdraw it now.
    pub can_withdraw: bool,
}

fn recipient(person: Option<&str>, org: Option<&str>) -> String {
    match (person, org) {
        (Some(p), Some(o)) => format!("{p} · {o}"),
        (Some(p), None) => p.to_owned(),
        (None, Some(o)) => o.to_owned(),
        (None, None) => String::new(),
    }
}

fn consent_view(k: ConsentDetail, today: Date, may_withdraw: bool) -> ConsentView {
    let withdrawn = k.withdrawn_at.is_some();
    let in_force = rules::in_force(k.valid_from, k.valid_until, withdrawn, today);
    ConsentView {
        id: k.id,
        case_title: k.case_title,
        recipient: recipient(k.recipient_name.as_deref(), k.recipient_org_name.as_deref()),
        purpose: k.purpose,
        parts: rules::parse_parts(&k.scope),
        valid_from: k.valid_from,
        valid_until: k.valid_until,
        given_by: k.given_by_name,
        given_by_young_person: k.given_by_young_person,
        in_force,
        expires_soon: in_force && rules::expires_soon(k.valid_until, today),
        withdrawn_at: k.withdrawn_at,
        withdrawn_by: k.withdrawn_by_name,
        can_withdraw: may_withdraw && !withdrawn && k.valid_until.is_none_or(|u| u >= today),
    }
}

fn answer_of(a: &AnswerRow) -> Option<Answer> {
    Some(Answer {
        giver: ConsentGiver::from_code(&a.giver)?,
        approve: a.approve,
    })
}

fn request_view(
    r: RequestRow,
    all_answers: &[AnswerRow],
    age: u8,
    me: Option<(UserId, ConsentGiver)>,
) -> RequestView {
    let answers: Vec<AnswerRow> = all_answers
        .iter()
        .filter(|a| a.request_id == r.id)
        .cloned()
        .collect();
    let status = RequestStatus::from_code(&r.status).unwrap_or(RequestStatus::Pending);
    let counted: Vec<Answer> = answers.iter().filter_map(answer_of).collect();
    let missing = match (status, rules::outcome(age, &counted)) {
        (RequestStatus::Pending, Outcome::Waiting { missing }) => missing,
        _ => Vec::new(),
    };
    let my_answer =
        me.and_then(|(u, _)| answers.iter().find(|a| a.user_id == u.0).map(|a| a.approve));
    let can_answer = status == RequestStatus::Pending
        && my_answer.is_none()
        && me.is_some_and(|(_, g)| rules::may_answer(age, g).is_ok());
    RequestView {
        id: r.id,
        case_id: r.case_id,
        case_title: r.case_title,
        recipient: recipient(r.recipient_name.as_deref(), r.recipient_org_name.as_deref()),
        role_in_case: r.role_in_case,
        purpose: r.purpose,
        parts: rules::parse_parts(&r.parts),
        valid_from: r.valid_from,
        valid_until: r.valid_until,
        status,
        requested_by: r.requested_by_name,
        requested_at: r.requested_at,
        answers,
        missing,
        my_answer,
        can_answer,
    }
}

// ---------------------------------------------------------------------------
// The team's side: asking for consent
// ---------------------------------------------------------------------------

/// What the request form sends.
#[derive(Debug, Clone, Default)]
pub struct RequestForm {
    /// The person to add (a professional's Brug account), or empty.
    pub email: String,
    /// Without a person: the organisation to share with (BRIN, AGB or CBS code).
    pub org_code: String,
    pub role_in_case: String,
    pub purpose: String,
    /// Part codes (`plan`, `meetings`, `care_notes`).
    pub parts: Vec<String>,
    pub valid_from: String,
    pub valid_until: String,
}

/// The consents and requests of a case, for its professionals.
pub struct CaseConsents {
    pub case_id: CaseId,
    pub pupil: PupilId,
    pub pupil_name: String,
    pub title: String,
    pub age: u8,
    pub band: AgeBand,
    pub closed: bool,
    pub requests: Vec<RequestView>,
    pub consents: Vec<ConsentView>,
    pub corrections: Vec<brug_store::rights::CorrectionRow>,
    /// May ask for consent and answer correction requests (`ManageTeam`).
    pub can_manage: bool,
}

/// The case's consent overview (a logged read, for the professionals
/// involved: `ManageCase`).
pub async fn case_overview(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
) -> Result<CaseConsents, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageCase,
        AuditAction::Read,
        "case_consent",
        None,
    )
    .await?;
    let can_manage = allowed(ctx, &auth.facts, PupilAction::ManageTeam);
    let today = app.clock.today();
    let pupil = registry::pupil(&app.db, auth.case.pupil_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let age = auth.facts.age;
    let answers = store::answers_of_pupil(&app.db, auth.case.pupil_id).await?;
    let requests = store::requests_of_case(&app.db, auth.case.id)
        .await?
        .into_iter()
        .map(|r| request_view(r, &answers, age, None))
        .collect();
    let consents = store::consents_of_pupil(&app.db, auth.case.pupil_id)
        .await?
        .into_iter()
        .filter(|k| k.case_id.is_none_or(|c| c == auth.case.id))
        .map(|k| consent_view(k, today, false))
        .collect();
    let corrections = brug_store::rights::corrections_of_case(&app.db, auth.case.id).await?;
    Ok(CaseConsents {
        case_id,
        pupil: PupilId(auth.case.pupil_id),
        pupil_name: display_name(
            &pupil.given_name,
            pupil.name_prefix.as_deref(),
            &pupil.family_name,
        ),
        title: auth.case.title.clone(),
        age,
        band: AgeBand::of(age),
        closed: auth.case.status == "closed",
        requests,
        consents,
        corrections,
        can_manage,
    })
}

fn allowed(ctx: &Ctx, facts: &PupilFacts, action: PupilAction) -> bool {
    decide(
        &ctx.actor,
        Request::Pupil {
            facts,
            action,
            break_glass: None,
        },
    )
    .is_allowed()
}

/// Ask the family for consent. Returns the request's id.
pub async fn request(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    form: &RequestForm,
) -> Result<i64, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageTeam,
        AuditAction::Create,
        "consent_request",
        None,
    )
    .await?;
    let today = app.clock.today();
    let mut errors = FieldErrors::default();
    if auth.case.status == "closed" {
        errors.add("purpose", "error-consent-case-closed");
        return Err(AppError::Invalid(errors));
    }

    // The recipient: a professional by email, or an organisation by code.
    let email = form.email.trim();
    let mut person: Option<(users::User, users::Membership)> = None;
    let mut org: Option<(i64, String)> = None;
    if !email.is_empty() {
        match Email::parse(email) {
            Err(e) => errors.add_with("email", e.message_id(), e.message_args()),
            Ok(e) => match users::user_by_email(&app.db, e.as_str())
                .await?
                .filter(|u| u.active)
            {
                None => errors.add("email", "error-member-unknown"),
                Some(u) => {
                    let capacity = users::memberships(&app.db, u.id)
                        .await?
                        .into_iter()
                        .find(|m| m.role.works_with_children());
                    match capacity {
                        None => errors.add("email", "error-member-not-a-professional"),
                        Some(_) if auth.facts.team.iter().any(|s| s.user.0 == u.id) => {
                            errors.add("email", "error-member-already");
                        }
                        Some(m) => {
                            org = Some((m.org_id, m.org_name.clone()));
                            person = Some((u, m));
                        }
                    }
                }
            },
        }
    } else if !form.org_code.trim().is_empty() {
        match registry::organisation_by_code(&app.db, form.org_code.trim()).await? {
            Some(o) => org = Some((o.id, o.name)),
            None => errors.add("org_code", "error-org-unknown"),
        }
    } else {
        errors.add("email", "error-consent-recipient-required");
    }
    let role_in_case = if person.is_some() || !form.role_in_case.trim().is_empty() {
        text::clean_text(&form.role_in_case, text::SHORT_TEXT)
            .map_err(|e| errors.add_with("role_in_case", e.message_id(), e.message_args()))
            .ok()
    } else {
        Some(String::new())
    };

    // The terms: purpose, parts, from and until.
    let purpose = if form.purpose.trim().is_empty() {
        None
    } else {
        text::clean_text(&form.purpose, text::SHORT_TEXT)
            .map_err(|e| errors.add_with("purpose", e.message_id(), e.message_args()))
            .ok()
    };
    let parts: Vec<ConsentPart> = form
        .parts
        .iter()
        .filter_map(|p| ConsentPart::from_code(p))
        .collect();
    let valid_from = if form.valid_from.trim().is_empty() {
        Some(today)
    } else {
        match text::parse_dutch_date(&form.valid_from) {
            Ok(d) if d < today => {
                errors.add("valid_from", "error-date-in-past");
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                errors.add_with("valid_from", e.message_id(), e.message_args());
                None
            }
        }
    };
    let valid_until = if form.valid_until.trim().is_empty() {
        Some(None)
    } else {
        match text::parse_dutch_date(&form.valid_until) {
            Ok(d) => Some(Some(d)),
            Err(e) => {
                errors.add_with("valid_until", e.message_id(), e.message_args());
                None
            }
        }
    };
    if let (Some(from), Some(until)) = (valid_from, valid_until) {
        let purpose_text = purpose.as_deref().unwrap_or(form.purpose.trim());
        for e in rules::check_terms(purpose_text, &parts, from, until, today) {
            errors.add(e.field(), e.message_id());
        }
    } else if form.purpose.trim().is_empty() {
        errors.add("purpose", rules::TermsError::PurposeRequired.message_id());
    }
    // One open question at a time per recipient.
    let pending = store::requests_of_case(&app.db, auth.case.id).await?;
    if let Some((u, _)) = &person
        && pending
            .iter()
            .any(|r| r.status == "pending" && r.recipient_user_id == Some(u.id))
    {
        errors.add("email", "error-consent-request-pending");
    }
    errors.into_result()?;
    let (Some(org), Some(role_in_case), Some(purpose), Some(valid_from), Some(valid_until)) =
        (org, role_in_case, purpose, valid_from, valid_until)
    else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let who = recipient(person.as_ref().map(|(u, _)| u.name.as_str()), Some(&org.1));
    let mut tx = app.db.begin().await?;
    let id = store::insert_request(
        &mut tx,
        &NewRequest {
            case_id: auth.case.id,
            pupil_id: auth.case.pupil_id,
            recipient_org_id: Some(org.0),
            recipient_user_id: person.as_ref().map(|(u, _)| u.id),
            role_in_case,
            purpose,
            parts: rules::parts_code(&parts),
            valid_from,
            valid_until,
            requested_by_user_id: Some(ctx.user_id.0),
            requested_by_name: ctx.name.clone(),
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
            action: AuditAction::Create,
            resource: "consent_request",
            id: id.to_string(),
            fields: vec![
                "recipient".into(),
                "purpose".into(),
                "parts".into(),
                "valid_from".into(),
                "valid_until".into(),
            ],
            event: Some((EVENT_KIND, format!("requested:{who}"))),
        },
    )
    .await?;
    // The family members whose say counts hear about it (no names in it).
    let pupil = PupilId(auth.case.pupil_id);
    let to = crate::notifications::recipients_among(
        app,
        pupil,
        family_accounts(app, pupil).await?,
        NotificationKind::Consent,
        PupilAction::ManageConsent,
        Some(ctx.user_id),
    )
    .await?;
    crate::notifications::notify_in_tx(
        app,
        &mut tx,
        &to,
        NotificationEvent::ConsentRequested,
        crate::notifications::About {
            case_id: Some(auth.case.id),
            pupil_id: Some(pupil.0),
            ref_id: Some(id),
        },
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The guardians' accounts and the pupil's own.
async fn family_accounts(app: &App, pupil: PupilId) -> Result<Vec<i64>, AppError> {
    let mut ids: Vec<i64> = registry::guardians_of_pupil(&app.db, pupil.0)
        .await?
        .into_iter()
        .filter_map(|g| g.user_id)
        .collect();
    ids.extend(brug_store::family::accounts_of_pupil(&app.db, pupil.0).await?);
    Ok(ids)
}

// ---------------------------------------------------------------------------
// The family's side
// ---------------------------------------------------------------------------

/// The family's consent page.
pub enum FamilyConsent {
    /// A child under 12 opened it: the parents decide; nothing is shown.
    TooYoung,
    Page(Box<FamilyPage>),
}

pub struct FamilyPage {
    pub pupil: PupilId,
    pub pupil_name: String,
    pub age: u8,
    pub band: AgeBand,
    /// In what capacity the viewer answers.
    pub me: ConsentGiver,
    pub pending: Vec<RequestView>,
    /// Answered, refused or cancelled requests.
    pub closed: Vec<RequestView>,
    pub consents: Vec<ConsentView>,
    /// From 16, the young person decides whether the parents see the file.
    pub can_set_sharing: bool,
    pub shares_with_guardians: bool,
}

/// Who the actor is to this pupil, for consent: the young person itself or
/// a guardian.
fn giver_of(ctx: &Ctx, pupil: PupilId) -> ConsentGiver {
    if ctx.actor.own_pupil == Some(pupil) {
        ConsentGiver::YoungPerson
    } else {
        ConsentGiver::Guardian
    }
}

/// A child under 12 on its own consent page or form.
fn too_young(ctx: &Ctx, pupil: PupilId, facts: Option<&PupilFacts>) -> bool {
    ctx.actor.own_pupil == Some(pupil)
        && facts.is_some_and(|f| rules::may_answer(f.age, ConsentGiver::YoungPerson).is_err())
}

/// Decide `ManageConsent` on the pupil and log the decision as `access`
/// (reads always; writes only when refused, as they log in their own
/// transaction). A child under 12 gets `Forbidden` (its page explains why),
/// anyone else without a say `NotFound`.
async fn family_decision(
    app: &App,
    ctx: &Ctx,
    pupil: PupilId,
    access: Access<'_>,
    log_allowed: bool,
) -> Result<(PupilFacts, Decision), AppError> {
    let facts = crate::pupils::facts(app, pupil).await?;
    let decision = match &facts {
        Some(f) => decide(
            &ctx.actor,
            Request::Pupil {
                facts: f,
                action: PupilAction::ManageConsent,
                break_glass: None,
            },
        ),
        None => Decision::Deny(Denial::NoRelation),
    };
    if log_allowed || !decision.is_allowed() {
        trail::record(app, ctx, &decision, access).await?;
    }
    if too_young(ctx, pupil, facts.as_ref()) {
        return Err(AppError::Forbidden);
    }
    match (facts, decision) {
        (Some(f), d @ Decision::Allow(_)) => Ok((f, d)),
        _ => Err(AppError::NotFound),
    }
}

/// The family's consent page: open requests to answer, consents in force to
/// withdraw, the history; from 16 the choice whether the parents see the file.
pub async fn family_page(app: &App, ctx: &Ctx, pupil: PupilId) -> Result<FamilyConsent, AppError> {
    let access = Access::new(AuditAction::Read, "consent", pupil).of_pupil(pupil);
    let (facts, _) = match family_decision(app, ctx, pupil, access, true).await {
        Err(AppError::Forbidden) => return Ok(FamilyConsent::TooYoung),
        other => other?,
    };
    let p = registry::pupil(&app.db, pupil.0)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = app.clock.today();
    let me = giver_of(ctx, pupil);
    let age = facts.age;
    let may_withdraw = rules::may_withdraw(age, me).is_ok();
    let answers = store::answers_of_pupil(&app.db, pupil.0).await?;
    let (pending, closed): (Vec<RequestView>, Vec<RequestView>) =
        store::requests_of_pupil(&app.db, pupil.0)
            .await?
            .into_iter()
            .map(|r| request_view(r, &answers, age, Some((ctx.user_id, me))))
            .partition(|r| r.status == RequestStatus::Pending);
    let consents = store::consents_of_pupil(&app.db, pupil.0)
        .await?
        .into_iter()
        .map(|k| consent_view(k, today, may_withdraw))
        .collect();
    Ok(FamilyConsent::Page(Box::new(FamilyPage {
        pupil,
        pupil_name: display_name(&p.given_name, p.name_prefix.as_deref(), &p.family_name),
        age,
        band: AgeBand::of(age),
        me,
        pending,
        closed,
        consents,
        can_set_sharing: may_set_sharing(ctx, pupil, age),
        shares_with_guardians: p.shares_with_guardians,
    })))
}

/// Only the young person, from 16, decides whether the parents see the file.
fn may_set_sharing(ctx: &Ctx, pupil: PupilId, age: u8) -> bool {
    ctx.actor.own_pupil == Some(pupil) && age >= brug_domain::access::SELF_DETERMINATION_AGE
}

fn invalid(field: &'static str, id: &'static str) -> AppError {
    let mut e = FieldErrors::default();
    e.add(field, id);
    AppError::Invalid(e)
}

/// Append a write's audit event (no timeline) in its transaction.
async fn audit_write(
    app: &App,
    ctx: &Ctx,
    tx: &mut Tx,
    decision: &Decision,
    access: Access<'_>,
) -> Result<(), AppError> {
    trail::append_in_tx(app, ctx, tx, decision, access).await
}

async fn timeline(
    app: &App,
    ctx: &Ctx,
    tx: &mut Tx,
    case_id: i64,
    summary: String,
    ref_id: i64,
) -> Result<(), AppError> {
    case_store::insert_event(
        tx,
        &NewEvent {
            case_id,
            kind: EVENT_KIND.into(),
            summary,
            ref_id: Some(ref_id),
            actor_user_id: Some(ctx.user_id.0),
            actor_name: ctx.name.clone(),
        },
        app.now(),
    )
    .await?;
    Ok(())
}

/// A family member answers a request: yes (`approve`) or no. When the
/// answers add up to a yes, the consent is recorded and the requested
/// person seated; one counted no refuses the request.
pub async fn answer(
    app: &App,
    ctx: &Ctx,
    pupil: PupilId,
    request_id: i64,
    approve: Option<bool>,
) -> Result<RequestStatus, AppError> {
    let access = Access::new(AuditAction::Update, "consent_request", request_id).of_pupil(pupil);
    let (facts, decision) = family_decision(app, ctx, pupil, access, false).await?;
    let Some(approve) = approve else {
        return Err(invalid("answer", "error-choose-option"));
    };
    let me = giver_of(ctx, pupil);
    let age = facts.age;
    if let Err(e) = rules::may_answer(age, me) {
        return Err(invalid("answer", e.message_id()));
    }
    let today = app.clock.today();
    let now = app.now();
    let mut tx = app.db.begin().await?;
    // Answers of others committed before the lock are seen after it.
    if !store::lock_request(&mut tx, pupil.0, request_id).await? {
        return Err(AppError::NotFound);
    }
    let Some(request) = store::request_in_tx(&mut tx, pupil.0, request_id).await? else {
        return Err(AppError::NotFound);
    };
    if request.status != RequestStatus::Pending.code() {
        return Err(invalid("answer", "error-request-answered"));
    }
    let mut answers = store::answers_in_tx(&mut tx, request_id).await?;
    if answers.iter().any(|a| a.user_id == ctx.user_id.0) {
        return Err(invalid("answer", "error-consent-answered-already"));
    }
    if approve && request.valid_until.is_some_and(|u| u < today) {
        return Err(invalid("answer", "error-consent-end-in-past"));
    }
    store::insert_answer(
        &mut tx,
        request_id,
        ctx.user_id.0,
        &ctx.name,
        me.code(),
        approve,
        now,
    )
    .await
    .map_err(|e| match e {
        StoreError::Conflict => invalid("answer", "error-consent-answered-already"),
        other => other.into(),
    })?;
    answers.push(AnswerRow {
        request_id,
        user_id: ctx.user_id.0,
        name: ctx.name.clone(),
        giver: me.code().into(),
        approve,
        answered_at: now,
    });
    let counted: Vec<(Answer, &AnswerRow)> = answers
        .iter()
        .filter_map(|a| answer_of(a).map(|x| (x, a)))
        .filter(|(x, _)| rules::may_answer(age, x.giver).is_ok())
        .collect();
    let outcome = rules::outcome(age, &counted.iter().map(|(x, _)| *x).collect::<Vec<_>>());
    let who = recipient(
        request.recipient_name.as_deref(),
        request.recipient_org_name.as_deref(),
    );
    let status = match outcome {
        Outcome::Waiting { .. } => RequestStatus::Pending,
        Outcome::Refused => {
            store::close_request(
                &mut tx,
                request_id,
                RequestStatus::Refused.code(),
                None,
                now,
            )
            .await?;
            timeline(
                app,
                ctx,
                &mut tx,
                request.case_id,
                format!("refused:{who}"),
                request_id,
            )
            .await?;
            RequestStatus::Refused
        }
        Outcome::Approved => {
            let givers: Vec<&AnswerRow> = counted
                .iter()
                .filter(|(x, _)| x.approve)
                .map(|(_, a)| *a)
                .collect();
            let by_young_person = givers.iter().any(|a| a.giver == "young_person");
            let by_guardian = givers.iter().any(|a| a.giver == "guardian");
            let relation = match (by_guardian, by_young_person) {
                (true, true) => "guardian+young_person",
                (false, true) => "young_person",
                _ => "guardian",
            };
            let consent_id = store::insert_given(
                &mut tx,
                &NewConsent {
                    pupil_id: pupil.0,
                    given_by_user_id: givers.first().map(|a| a.user_id),
                    given_by_name: givers
                        .iter()
                        .map(|a| a.name.as_str())
                        .collect::<Vec<_>>()
                        .join(" en "),
                    given_by_relation: relation.into(),
                    recipient_org_id: request.recipient_org_id,
                    recipient_user_id: request.recipient_user_id,
                    purpose: request.purpose.clone(),
                    scope: request.parts.clone(),
                    valid_from: request.valid_from.max(today),
                    valid_until: request.valid_until,
                    recorded_by_user_id: Some(ctx.user_id.0),
                },
                Some(request.case_id),
                by_young_person,
                now,
            )
            .await?;
            if let Some(user) = request.recipient_user_id {
                store::seat_on_consent(
                    &mut tx,
                    request.case_id,
                    user,
                    request.recipient_org_id,
                    &request.role_in_case,
                    consent_id,
                    request.requested_by_user_id,
                    now,
                )
                .await?;
            }
            store::close_request(
                &mut tx,
                request_id,
                RequestStatus::Approved.code(),
                Some(consent_id),
                now,
            )
            .await?;
            timeline(
                app,
                ctx,
                &mut tx,
                request.case_id,
                format!("approved:{who}"),
                consent_id,
            )
            .await?;
            RequestStatus::Approved
        }
    };
    let mut access =
        Access::new(AuditAction::Update, "consent_request", request_id).of_pupil(pupil);
    access.fields = vec![
        format!("answer={}", if approve { "yes" } else { "no" }),
        format!("status={}", status.code()),
    ];
    audit_write(app, ctx, &mut tx, &decision, access).await?;
    tx.commit().await?;
    Ok(status)
}

/// Withdraw a consent: access on it ends at once, the seats on it close,
/// and each case it served says so on its timeline.
pub async fn withdraw(
    app: &App,
    ctx: &Ctx,
    pupil: PupilId,
    consent_id: i64,
) -> Result<(), AppError> {
    let access = Access::new(AuditAction::Update, "consent", consent_id).of_pupil(pupil);
    let (facts, decision) = family_decision(app, ctx, pupil, access, false).await?;
    if let Err(e) = rules::may_withdraw(facts.age, giver_of(ctx, pupil)) {
        return Err(invalid("consent", e.message_id()));
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let Some(consent) = store::consent_in_tx(&mut tx, pupil.0, consent_id).await? else {
        return Err(AppError::NotFound);
    };
    if consent.withdrawn_at.is_some() {
        return Err(invalid("consent", "error-consent-withdrawn-already"));
    }
    if !case_store::withdraw_consent(&mut tx, consent_id, Some(ctx.user_id.0), now).await? {
        // Someone else withdrew it a moment ago.
        return Err(invalid("consent", "error-consent-withdrawn-already"));
    }
    let seats = store::end_seats_on_consent(&mut tx, consent_id, now).await?;
    let who = recipient(
        consent.recipient_name.as_deref(),
        consent.recipient_org_name.as_deref(),
    );
    let mut cases: Vec<i64> = seats.iter().map(|(c, _)| *c).collect();
    cases.extend(consent.case_id);
    cases.sort_unstable();
    cases.dedup();
    for case_id in cases {
        timeline(
            app,
            ctx,
            &mut tx,
            case_id,
            format!("withdrawn:{who}"),
            consent_id,
        )
        .await?;
    }
    let mut access = Access::new(AuditAction::Update, "consent", consent_id).of_pupil(pupil);
    access.fields = vec!["withdrawn_at".into()];
    audit_write(app, ctx, &mut tx, &decision, access).await?;
    tx.commit().await?;
    Ok(())
}

/// The young person (16+) decides whether the parents see the file.
pub async fn set_sharing(
    app: &App,
    ctx: &Ctx,
    pupil: PupilId,
    share: Option<bool>,
) -> Result<(), AppError> {
    let access = Access::new(AuditAction::Update, "pupil_sharing", pupil).of_pupil(pupil);
    let facts = crate::pupils::facts(app, pupil).await?;
    let decision = match &facts {
        Some(f) => match decide(
            &ctx.actor,
            Request::Pupil {
                facts: f,
                action: PupilAction::ManageConsent,
                break_glass: None,
            },
        ) {
            Decision::Allow(_) if !may_set_sharing(ctx, pupil, f.age) => {
                Decision::Deny(Denial::AgeRule)
            }
            d => d,
        },
        None => Decision::Deny(Denial::NoRelation),
    };
    if !decision.is_allowed() {
        trail::record(app, ctx, &decision, access).await?;
        return Err(if too_young(ctx, pupil, facts.as_ref()) {
            AppError::Forbidden
        } else {
            AppError::NotFound
        });
    }
    let Some(share) = share else {
        return Err(invalid("share", "error-choose-option"));
    };
    let mut tx = app.db.begin().await?;
    store::set_sharing(&mut tx, pupil.0, share, app.now()).await?;
    let mut access = access;
    access.fields = vec![format!("shares_with_guardians={share}")];
    audit_write(app, ctx, &mut tx, &decision, access).await?;
    tx.commit().await?;
    Ok(())
}
