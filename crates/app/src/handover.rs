//! Handover (overdracht) of a pupil's plan to another school (S5).
//!
//! 1. The sending school's coordinator prepares it on the pupil's case: the
//!    receiving school (by BRIN; a school not in Brug yet is invited), the
//!    moving date, the plan sections and goals that go along, what worked
//!    and what did not.
//! 2. They ask the family: a consent request (S4) to share the plan with
//!    the receiving school; the selection is frozen at that moment, so the
//!    family consents to exactly what is sent. The family answers on its
//!    consent page, by age (guardians, the child from 12, from 16 alone).
//! 3. With the consent in force they send it. The receiving school sees that
//!    a handover waits (name and birth date, to recognise the pupil) and
//!    nothing else until its coordinator accepts it.
//! 4. On acceptance the receiving coordinator is seated in the case team on
//!    the family's consent and becomes the case lead, and the case moves to
//!    the receiving school: it continues there with its history, for as long
//!    as the consent is in force (withdrawing it ends the seat at once, as
//!    for any seat on consent). A second acceptance is refused with a clear
//!    message and changes nothing.
//! 5. A warm-handover meeting of both schools and the care worker can be
//!    planned and recorded as held.
//!
//! Every step asks the policy (`Request::Handover`), checks the flow
//! (`brug_domain::network::check_step`) and writes its audit event and a
//! timeline entry in its own transaction.

use brug_domain::access::{
    Decision, Denial, HandoverAction, HandoverFacts, OrgAction, PupilAction, PupilFacts, Request,
    decide,
};
use brug_domain::audit::AuditAction;
use brug_domain::codes::Brin;
use brug_domain::consent::{self as consent_rules, ConsentPart};
use brug_domain::family::{NotificationEvent, NotificationKind};
use brug_domain::ids::{CaseId, ConsentId, OrgId, PupilId};
use brug_domain::network::{
    HandoverConsent, HandoverError, HandoverStage, HandoverStatus, HandoverStep, Transition,
    check_step, handover_status,
};
use brug_domain::plan::PlanSection;
use brug_domain::registry::{OrgKind, Sector, display_name};
use brug_domain::text::{self, Email};
use brug_store::cases::{self as case_store, NewEvent};
use brug_store::network::{self as store, HandoverRow, ItemRow};
use brug_store::{Tx, registry};
use time::Date;

use crate::trail::{self, Access};
use crate::{App, AppError, Ctx, FieldErrors};

/// The timeline kind of handover events; summaries are `code:school`
/// with code `prepared`, `asked`, `sent`, `accepted`, `meeting`, `held`
/// or `cancelled`.
pub const EVENT_KIND: &str = "handover";

fn invalid(field: &'static str, id: &'static str) -> AppError {
    let mut e = FieldErrors::default();
    e.add(field, id);
    AppError::Invalid(e)
}

fn flow(field: &'static str, e: HandoverError) -> AppError {
    invalid(field, e.message_id())
}

/// The family's consent to a handover, as its request and consent stand.
pub fn consent_state(h: &HandoverRow, today: Date) -> (HandoverConsent, Option<ConsentId>) {
    match (h.request_status.as_deref(), h.consent_id) {
        (None, _) => (HandoverConsent::NotAsked, None),
        (Some("pending"), _) => (HandoverConsent::Pending, None),
        (Some("approved"), Some(id)) => {
            let in_force = h.consent_valid_from.is_some_and(|from| {
                consent_rules::in_force(
                    from,
                    h.consent_valid_until,
                    h.consent_withdrawn_at.is_some(),
                    today,
                )
            });
            if in_force {
                (HandoverConsent::InForce, Some(ConsentId(id)))
            } else {
                (HandoverConsent::Ended, None)
            }
        }
        (Some("cancelled"), _) => (HandoverConsent::NotAsked, None),
        _ => (HandoverConsent::Refused, None),
    }
}

fn stage_of(h: &HandoverRow) -> HandoverStage {
    HandoverStage::from_code(&h.stage).unwrap_or(HandoverStage::Prepared)
}

/// The status shown for a handover today.
pub fn status_of(h: &HandoverRow, today: Date) -> HandoverStatus {
    handover_status(stage_of(h), consent_state(h, today).0)
}

/// A loaded handover with the pupil's facts and the policy's answer.
struct Loaded {
    h: HandoverRow,
    facts: PupilFacts,
    decision: Decision,
}

fn ask(
    ctx: &Ctx,
    h: &HandoverRow,
    facts: &PupilFacts,
    today: Date,
    action: HandoverAction,
) -> Decision {
    let (_, consent) = consent_state(h, today);
    decide(
        &ctx.actor,
        Request::Handover {
            facts: &HandoverFacts {
                pupil: facts,
                from_school: OrgId(h.from_school_id),
                to_school: OrgId(h.to_school_id),
                stage: stage_of(h),
                consent_in_force: consent,
            },
            action,
        },
    )
}

/// Load a handover and decide `action`; a refusal is logged and answered as
/// `NotFound`, exactly like a handover that does not exist. Reads are logged
/// here; writes log in their transaction.
async fn load(
    app: &App,
    ctx: &Ctx,
    id: i64,
    action: HandoverAction,
    audit_action: AuditAction,
) -> Result<Loaded, AppError> {
    let h = store::handover(&app.db, id).await?;
    let facts = match &h {
        Some(h) => crate::pupils::facts(app, PupilId(h.pupil_id)).await?,
        None => None,
    };
    let today = app.clock.today();
    let decision = match (&h, &facts) {
        (Some(h), Some(f)) => ask(ctx, h, f, today, action),
        _ => Decision::Deny(Denial::NoRelation),
    };
    if !decision.is_allowed() || audit_action == AuditAction::Read {
        let mut access = Access::new(audit_action, "handover", id);
        access.pupil = h.as_ref().map(|h| PupilId(h.pupil_id));
        trail::record(app, ctx, &decision, access).await?;
    }
    match (h, facts, decision) {
        (Some(h), Some(facts), d @ Decision::Allow(_)) => Ok(Loaded {
            h,
            facts,
            decision: d,
        }),
        _ => Err(AppError::NotFound),
    }
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

/// A stage change: its line on the case timeline (`<event>:<receiving
/// school>`) and its audit event, in the change's transaction.
async fn log_stage(
    app: &App,
    ctx: &Ctx,
    tx: &mut Tx,
    loaded: &Loaded,
    event: &str,
    stage: &str,
) -> Result<(), AppError> {
    let summary = format!("{event}:{}", loaded.h.to_school_name);
    timeline(app, ctx, tx, loaded.h.case_id, summary, loaded.h.id).await?;
    let fields = vec![format!("stage={stage}")];
    audit_write(app, ctx, tx, loaded, AuditAction::Update, fields).await
}

async fn audit_write(
    app: &App,
    ctx: &Ctx,
    tx: &mut Tx,
    loaded: &Loaded,
    action: AuditAction,
    fields: Vec<String>,
) -> Result<(), AppError> {
    let mut access =
        Access::new(action, "handover", loaded.h.id).of_pupil(PupilId(loaded.h.pupil_id));
    access.fields = fields;
    trail::append_in_tx(app, ctx, tx, &loaded.decision, access).await
}

// ---------------------------------------------------------------------------
// Preparing
// ---------------------------------------------------------------------------

/// What the preparation form sends.
#[derive(Debug, Clone, Default)]
pub struct HandoverForm {
    /// The receiving school's BRIN (4 characters, or a location's 6).
    pub to_brin: String,
    /// For a school not in Brug yet: its name and a contact's email.
    pub invite_name: String,
    pub invite_email: String,
    /// The sector the pupil moves to (when the school has no locations yet).
    pub to_sector: String,
    pub moves_on: String,
    /// Plan section codes.
    pub sections: Vec<String>,
    pub goal_ids: Vec<i64>,
    pub what_worked: String,
    pub what_did_not: String,
    /// For changes: the version the form was made from.
    pub version: i64,
}

/// What a preparation may choose from, for the form.
pub struct Choices {
    pub case_id: CaseId,
    pub pupil: PupilId,
    pub pupil_name: String,
    pub case_title: String,
    pub from_school: String,
    /// Sections that have text.
    pub sections: Vec<PlanSection>,
    pub goals: Vec<(i64, String)>,
}

/// Decide `Prepare` for a new handover from the case's school.
async fn prepare_decision(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    audit_action: AuditAction,
) -> Result<(case_store::CaseRow, PupilFacts, Decision), AppError> {
    let case = case_store::case(&app.db, case_id.0).await?;
    let facts = match &case {
        Some(c) => crate::pupils::facts(app, PupilId(c.pupil_id)).await?,
        None => None,
    };
    let decision = match (&case, &facts) {
        (Some(c), Some(f)) => decide(
            &ctx.actor,
            Request::Handover {
                facts: &HandoverFacts {
                    pupil: f,
                    from_school: OrgId(c.school_id),
                    to_school: OrgId(c.school_id),
                    stage: HandoverStage::Prepared,
                    consent_in_force: None,
                },
                action: HandoverAction::Prepare,
            },
        ),
        _ => Decision::Deny(Denial::NoRelation),
    };
    if !decision.is_allowed() || audit_action == AuditAction::Read {
        let mut access = Access::new(audit_action, "handover", "new");
        access.pupil = case.as_ref().map(|c| PupilId(c.pupil_id));
        trail::record(app, ctx, &decision, access).await?;
    }
    match (case, facts, decision) {
        (Some(c), Some(f), d @ Decision::Allow(_)) => Ok((c, f, d)),
        _ => Err(AppError::NotFound),
    }
}

/// The form to prepare a handover: the sections and goals to choose from.
pub async fn choices(app: &App, ctx: &Ctx, case_id: CaseId) -> Result<Choices, AppError> {
    let (case, _, _) = prepare_decision(app, ctx, case_id, AuditAction::Read).await?;
    let pupil = registry::pupil(&app.db, case.pupil_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let school = registry::organisation(&app.db, case.school_id)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let written = brug_store::plan::sections(&app.db, case.id).await?;
    let sections = PlanSection::ALL
        .iter()
        .copied()
        .filter(|s| {
            written
                .iter()
                .any(|w| w.section == s.code() && !w.body.trim().is_empty())
        })
        .collect();
    let goals = brug_store::plan::goals(&app.db, case.id)
        .await?
        .into_iter()
        .map(|g| (g.id, g.description))
        .collect();
    Ok(Choices {
        case_id,
        pupil: PupilId(case.pupil_id),
        pupil_name: display_name(
            &pupil.given_name,
            pupil.name_prefix.as_deref(),
            &pupil.family_name,
        ),
        case_title: case.title,
        from_school: school,
        sections,
        goals,
    })
}

/// Validated selection and texts.
struct Selection {
    moves_on: Date,
    sections: Vec<PlanSection>,
    goal_ids: Vec<i64>,
    what_worked: String,
    what_did_not: String,
}

async fn selection(
    app: &App,
    case_id: i64,
    form: &HandoverForm,
    errors: &mut FieldErrors,
) -> Result<Option<Selection>, AppError> {
    let today = app.clock.today();
    let moves_on = match text::parse_dutch_date(&form.moves_on) {
        Ok(d) if d < today => {
            errors.add("moves_on", "error-date-in-past");
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            errors.add_with("moves_on", e.message_id(), e.message_args());
            None
        }
    };
    let sections: Vec<PlanSection> = PlanSection::ALL
        .iter()
        .copied()
        .filter(|s| form.sections.iter().any(|c| c == s.code()))
        .collect();
    let goals = brug_store::plan::goals(&app.db, case_id).await?;
    let goal_ids: Vec<i64> = goals
        .iter()
        .filter(|g| form.goal_ids.contains(&g.id))
        .map(|g| g.id)
        .collect();
    let worked = text::clean_optional(&form.what_worked, text::LONG_TEXT)
        .map_err(|e| errors.add_with("what_worked", e.message_id(), e.message_args()))
        .ok();
    let did_not = text::clean_optional(&form.what_did_not, text::LONG_TEXT)
        .map_err(|e| errors.add_with("what_did_not", e.message_id(), e.message_args()))
        .ok();
    let nothing = sections.is_empty()
        && goal_ids.is_empty()
        && worked.as_ref().is_some_and(Option::is_none)
        && did_not.as_ref().is_some_and(Option::is_none);
    if nothing {
        errors.add("sections", HandoverError::NothingSelected.message_id());
    }
    Ok(match (moves_on, worked, did_not) {
        (Some(moves_on), Some(w), Some(d)) if !nothing => Some(Selection {
            moves_on,
            sections,
            goal_ids,
            what_worked: w.unwrap_or_default(),
            what_did_not: d.unwrap_or_default(),
        }),
        _ => None,
    })
}

fn codes(sections: &[PlanSection]) -> String {
    sections
        .iter()
        .map(|s| s.code())
        .collect::<Vec<_>>()
        .join(",")
}

fn ids(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// Parse stored goal ids.
pub fn parse_ids(text: &str) -> Vec<i64> {
    text.split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

/// Parse stored section codes.
pub fn parse_sections(text: &str) -> Vec<PlanSection> {
    text.split(',')
        .filter_map(|s| PlanSection::from_code(s.trim()))
        .collect()
}

/// The receiving school: found by BRIN, or to be invited.
enum Receiver {
    Known(registry::Organisation),
    Invite {
        brin: String,
        name: String,
        email: String,
    },
}

async fn receiver(
    app: &App,
    form: &HandoverForm,
    errors: &mut FieldErrors,
) -> Result<Option<Receiver>, AppError> {
    let brin = match Brin::parse(&form.to_brin) {
        Ok(b) => b,
        Err(e) => {
            errors.add_with("to_brin", e.message_id(), e.message_args());
            return Ok(None);
        }
    };
    let institution = brin.institution().to_owned();
    if let Some(org) = registry::organisation_by_code(&app.db, &institution).await?
        && org.kind == OrgKind::School
    {
        return Ok(Some(Receiver::Known(org)));
    }
    // Not in Brug yet: invite it.
    let name = text::clean_text(&form.invite_name, text::NAME)
        .map_err(|_| errors.add("invite_name", "error-handover-invite-name"))
        .ok();
    let email = Email::parse(&form.invite_email)
        .map_err(|_| errors.add("invite_email", "error-handover-invite-email"))
        .ok();
    Ok(match (name, email) {
        (Some(name), Some(email)) => Some(Receiver::Invite {
            brin: institution,
            name,
            email: email.as_str().to_owned(),
        }),
        _ => None,
    })
}

/// Prepare a handover for the case. Returns its id.
pub async fn create(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    form: &HandoverForm,
) -> Result<i64, AppError> {
    let (case, facts, decision) = prepare_decision(app, ctx, case_id, AuditAction::Create).await?;
    let mut errors = FieldErrors::default();
    let to = receiver(app, form, &mut errors).await?;
    if let Some(Receiver::Known(org)) = &to
        && org.id == case.school_id
    {
        errors.add("to_brin", HandoverError::SameSchool.message_id());
    }
    let sel = selection(app, case.id, form, &mut errors).await?;
    // Which sector the pupil moves from and to.
    let from_sector = registry::enrolment_details(&app.db, case.pupil_id)
        .await?
        .into_iter()
        .find(|e| e.school_id == case.school_id)
        .map(|e| e.sector);
    let to_sector = match &to {
        Some(Receiver::Known(org)) => registry::locations_of_school(&app.db, org.id)
            .await?
            .first()
            .map(|l| l.sector),
        _ => None,
    }
    .or_else(|| Sector::from_code(&form.to_sector));
    if matches!(to, Some(Receiver::Invite { .. })) && to_sector.is_none() {
        errors.add("to_sector", "error-choose-option");
    }
    errors.into_result()?;
    let (Some(to), Some(sel)) = (to, sel) else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let open = store::handovers_of_case(&app.db, case.id)
        .await?
        .into_iter()
        .any(|h| matches!(stage_of(&h), HandoverStage::Prepared | HandoverStage::Sent));
    if open {
        return Err(invalid("to_brin", "error-handover-open-exists"));
    }
    let transition = match (from_sector, to_sector) {
        (Some(f), Some(t)) => Transition::between(f, t),
        _ => Transition::Other,
    };
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let (to_id, to_name, invited) = match to {
        Receiver::Known(org) => (org.id, org.name, false),
        Receiver::Invite { brin, name, email } => {
            let id = invite_school(app, ctx, &mut tx, &brin, &name, &email, case.school_id).await?;
            (id, name, true)
        }
    };
    let id = store::insert_handover(
        &mut tx,
        &store::NewHandover {
            case_id: case.id,
            pupil_id: case.pupil_id,
            from_school_id: case.school_id,
            to_school_id: to_id,
            transition: transition.code().into(),
            moves_on: sel.moves_on,
            sections: codes(&sel.sections),
            goal_ids: ids(&sel.goal_ids),
            what_worked: sel.what_worked,
            what_did_not: sel.what_did_not,
            prepared_by_user_id: Some(ctx.user_id.0),
            prepared_by_name: ctx.name.clone(),
        },
        now,
    )
    .await?;
    timeline(
        app,
        ctx,
        &mut tx,
        case.id,
        format!("prepared:{to_name}"),
        id,
    )
    .await?;
    let mut access =
        Access::new(AuditAction::Create, "handover", id).of_pupil(PupilId(case.pupil_id));
    access.fields = vec![
        "to_school".into(),
        "moves_on".into(),
        "sections".into(),
        "goals".into(),
        "what_worked".into(),
        "what_did_not".into(),
    ];
    if invited {
        access.fields.push("invited_school".into());
    }
    trail::append_in_tx(app, ctx, &mut tx, &decision, access).await?;
    tx.commit().await?;
    let _ = facts;
    Ok(id)
}

/// Invite a school that is not in Brug yet: it is added to the registry
/// (kind school, its BRIN and name) so the handover can name it, and its
/// contact gets a mail (no personal details in it) to ask for an account.
#[allow(clippy::too_many_arguments)]
async fn invite_school(
    app: &App,
    ctx: &Ctx,
    tx: &mut Tx,
    brin: &str,
    name: &str,
    email: &str,
    from_school: i64,
) -> Result<i64, AppError> {
    let now = app.now();
    let mut new = registry::NewOrganisation::new(OrgKind::School, name);
    new.brin = Some(brin.to_owned());
    let org = registry::insert_organisation(tx, &new, now)
        .await
        .map_err(|e| match e {
            brug_store::StoreError::Duplicate(_) => invalid("to_brin", "error-handover-brin-taken"),
            other => other.into(),
        })?;
    let from_name = registry::organisation(&app.db, from_school)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let mail = brug_store::lifecycle::queue_mail(
        tx,
        &brug_store::lifecycle::NewMail {
            to_email: email.to_owned(),
            kind: "school_invite".into(),
            subject: format!("Uitnodiging voor Brug: overdracht van {from_name}"),
            body: format!(
                "Beste collega van {name},\n\n{from_name} wil de overdracht van een leerling naar uw school \
                 (BRIN {brin}) via Brug sturen, met toestemming van de ouders. Uw school staat nog niet in Brug. \
                 Vraag een account aan bij de beheerder van Brug in uw regio; daarna kan de intern begeleider of \
                 zorgcoördinator van uw school de overdracht accepteren.\n\nIn deze mail staan bewust geen gegevens \
                 van de leerling.\n\nMet vriendelijke groet,\n{sender}\n{from_name}",
                sender = ctx.name
            ),
            created_by_user_id: Some(ctx.user_id.0),
            org_id: Some(org),
        },
        now,
    )
    .await?;
    store::insert_invitation(
        tx,
        &store::NewInvitation {
            org_id: org,
            brin: brin.to_owned(),
            name: name.to_owned(),
            contact_email: email.to_owned(),
            invited_by_user_id: Some(ctx.user_id.0),
            invited_by_org_id: Some(from_school),
            mail_id: Some(mail),
        },
        now,
    )
    .await?;
    Ok(org)
}

/// Change the selection and texts (while prepared, before the family is asked).
pub async fn update(app: &App, ctx: &Ctx, id: i64, form: &HandoverForm) -> Result<(), AppError> {
    let loaded = load(app, ctx, id, HandoverAction::Prepare, AuditAction::Update).await?;
    let today = app.clock.today();
    let (consent, _) = consent_state(&loaded.h, today);
    check_step(stage_of(&loaded.h), consent, HandoverStep::Edit)
        .map_err(|e| flow("sections", e))?;
    let mut errors = FieldErrors::default();
    let sel = selection(app, loaded.h.case_id, form, &mut errors).await?;
    errors.into_result()?;
    let sel = sel.ok_or_else(|| AppError::Internal("validated fields missing".into()))?;
    let mut tx = app.db.begin().await?;
    store::update_handover(
        &mut tx,
        id,
        form.version,
        &store::HandoverEdit {
            moves_on: sel.moves_on,
            sections: codes(&sel.sections),
            goal_ids: ids(&sel.goal_ids),
            what_worked: sel.what_worked,
            what_did_not: sel.what_did_not,
        },
        app.now(),
    )
    .await
    .map_err(|e| match e {
        brug_store::StoreError::Conflict => AppError::Conflict("handover changed".into()),
        other => other.into(),
    })?;
    audit_write(
        app,
        ctx,
        &mut tx,
        &loaded,
        AuditAction::Update,
        vec![
            "moves_on".into(),
            "sections".into(),
            "goals".into(),
            "texts".into(),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What goes along, as it stands now in the plan (for the preview and to
/// freeze when the family is asked).
async fn build_items(app: &App, h: &HandoverRow) -> Result<Vec<ItemRow>, AppError> {
    let mut items = Vec::new();
    let mut position = 0;
    let mut push = |kind: &str, code: String, title: String, body: String| {
        position += 1;
        items.push(ItemRow {
            position,
            kind: kind.to_owned(),
            code,
            title,
            body,
        });
    };
    let written = brug_store::plan::sections(&app.db, h.case_id).await?;
    for s in parse_sections(&h.sections) {
        let body = written
            .iter()
            .find(|w| w.section == s.code())
            .map(|w| w.body.clone())
            .unwrap_or_default();
        push("section", s.code().to_owned(), s.code().to_owned(), body);
    }
    let chosen = parse_ids(&h.goal_ids);
    for g in brug_store::plan::goals(&app.db, h.case_id).await? {
        if chosen.contains(&g.id) {
            let mut body = g.indicator.clone();
            if let Some(t) = g.target_on {
                body = format!(
                    "{body} ({}-{:02}-{:02})",
                    t.year(),
                    u8::from(t.month()),
                    t.day()
                );
            }
            push("goal", g.id.to_string(), g.description, body);
        }
    }
    if !h.what_worked.is_empty() {
        push(
            "what_worked",
            String::new(),
            String::new(),
            h.what_worked.clone(),
        );
    }
    if !h.what_did_not.is_empty() {
        push(
            "what_did_not",
            String::new(),
            String::new(),
            h.what_did_not.clone(),
        );
    }
    Ok(items)
}

/// Ask the family for consent to send the selection to the receiving
/// school. The selection is frozen now.
pub async fn ask_consent(app: &App, ctx: &Ctx, id: i64) -> Result<(), AppError> {
    let loaded = load(app, ctx, id, HandoverAction::Prepare, AuditAction::Update).await?;
    let today = app.clock.today();
    let h = &loaded.h;
    let (consent, _) = consent_state(h, today);
    check_step(stage_of(h), consent, HandoverStep::AskConsent).map_err(|e| flow("consent", e))?;
    let items = build_items(app, h).await?;
    let pupil = PupilId(h.pupil_id);
    let now = app.now();
    let mut tx = app.db.begin().await?;
    store::set_items(&mut tx, h.id, &items).await?;
    let request = brug_store::consent::insert_request(
        &mut tx,
        &brug_store::consent::NewRequest {
            case_id: h.case_id,
            pupil_id: h.pupil_id,
            recipient_org_id: Some(h.to_school_id),
            recipient_user_id: None,
            role_in_case: String::new(),
            purpose: format!("Overdracht van het plan naar {}", h.to_school_name),
            parts: consent_rules::parts_code(&[ConsentPart::Plan]),
            valid_from: today,
            valid_until: None,
            requested_by_user_id: Some(ctx.user_id.0),
            requested_by_name: ctx.name.clone(),
        },
        now,
    )
    .await?;
    store::set_consent_request(&mut tx, h.id, request, now).await?;
    case_store::insert_event(
        &mut tx,
        &NewEvent {
            case_id: h.case_id,
            kind: crate::consent::EVENT_KIND.into(),
            summary: format!("requested:{}", h.to_school_name),
            ref_id: Some(request),
            actor_user_id: Some(ctx.user_id.0),
            actor_name: ctx.name.clone(),
        },
        now,
    )
    .await?;
    timeline(
        app,
        ctx,
        &mut tx,
        h.case_id,
        format!("asked:{}", h.to_school_name),
        h.id,
    )
    .await?;
    audit_write(
        app,
        ctx,
        &mut tx,
        &loaded,
        AuditAction::Update,
        vec!["consent_request".into()],
    )
    .await?;
    // The family members whose say counts hear about it (no names in it).
    let mut family: Vec<i64> = registry::guardians_of_pupil(&app.db, h.pupil_id)
        .await?
        .into_iter()
        .filter_map(|g| g.user_id)
        .collect();
    family.extend(brug_store::family::accounts_of_pupil(&app.db, h.pupil_id).await?);
    let to = crate::notifications::recipients_among(
        app,
        pupil,
        family,
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
            case_id: Some(h.case_id),
            pupil_id: Some(h.pupil_id),
            ref_id: Some(request),
        },
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Send it to the receiving school (the family's consent must be in force).
pub async fn send(app: &App, ctx: &Ctx, id: i64) -> Result<(), AppError> {
    let loaded = load(app, ctx, id, HandoverAction::Prepare, AuditAction::Update).await?;
    let (consent, _) = consent_state(&loaded.h, app.clock.today());
    check_step(stage_of(&loaded.h), consent, HandoverStep::Send).map_err(|e| flow("send", e))?;
    let mut tx = app.db.begin().await?;
    if !store::move_stage(&mut tx, id, "prepared", "sent", app.now()).await? {
        return Err(flow("send", HandoverError::SentAlready));
    }
    log_stage(app, ctx, &mut tx, &loaded, "sent", "sent").await?;
    tx.commit().await?;
    Ok(())
}

/// Stop a handover that is not accepted yet; a pending consent request is
/// withdrawn with it.
pub async fn cancel(app: &App, ctx: &Ctx, id: i64) -> Result<(), AppError> {
    let loaded = load(app, ctx, id, HandoverAction::Prepare, AuditAction::Update).await?;
    let (consent, _) = consent_state(&loaded.h, app.clock.today());
    let stage = stage_of(&loaded.h);
    check_step(stage, consent, HandoverStep::Cancel).map_err(|e| flow("cancel", e))?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    if !store::move_stage(&mut tx, id, stage.code(), "cancelled", now).await? {
        return Err(flow("cancel", HandoverError::AcceptedAlready));
    }
    if let (Some(request), HandoverConsent::Pending) = (loaded.h.consent_request_id, consent) {
        brug_store::consent::close_request(&mut tx, request, "cancelled", None, now).await?;
    }
    log_stage(app, ctx, &mut tx, &loaded, "cancelled", "cancelled").await?;
    tx.commit().await?;
    Ok(())
}

/// What an acceptance did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepted {
    Now,
}

/// The receiving school's coordinator accepts the handover: seated in the
/// case team on the family's consent, made case lead, and the case moves to
/// the receiving school. Accepting twice changes nothing and says so
/// (`Invalid` with `error-handover-accepted-already`).
pub async fn accept(app: &App, ctx: &Ctx, id: i64) -> Result<Accepted, AppError> {
    let loaded = load(app, ctx, id, HandoverAction::Accept, AuditAction::Update).await?;
    let today = app.clock.today();
    let now = app.now();
    let mut tx = app.db.begin().await?;
    if !store::lock_handover(&mut tx, id).await? {
        return Err(AppError::NotFound);
    }
    let h = store::handover_in_tx(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (consent, consent_id) = consent_state(&h, today);
    check_step(stage_of(&h), consent, HandoverStep::Accept).map_err(|e| flow("accept", e))?;
    let consent_id = consent_id.ok_or_else(|| flow("accept", HandoverError::ConsentNeeded))?;
    if !store::move_stage(&mut tx, id, "sent", "received", now).await? {
        return Err(flow("accept", HandoverError::AcceptedAlready));
    }
    store::set_accepted_by(&mut tx, id, ctx.user_id.0, &ctx.name).await?;
    let (member, _) = brug_store::consent::seat_on_consent(
        &mut tx,
        h.case_id,
        ctx.user_id.0,
        Some(h.to_school_id),
        "zorgcoördinator ontvangende school",
        consent_id.0,
        Some(ctx.user_id.0),
        now,
    )
    .await?;
    case_store::set_lead(&mut tx, h.case_id, member).await?;
    store::move_case_to_school(&mut tx, h.case_id, h.to_school_id, now).await?;
    timeline(
        app,
        ctx,
        &mut tx,
        h.case_id,
        format!("accepted:{}", h.to_school_name),
        id,
    )
    .await?;
    audit_write(
        app,
        ctx,
        &mut tx,
        &loaded,
        AuditAction::Update,
        vec![
            "stage=received".into(),
            "seat".into(),
            "lead".into(),
            "case_school".into(),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(Accepted::Now)
}

/// Plan the warm-handover meeting (both schools and the care worker).
pub async fn plan_meeting(
    app: &App,
    ctx: &Ctx,
    id: i64,
    on: &str,
    participants: &str,
) -> Result<(), AppError> {
    let loaded = load(app, ctx, id, HandoverAction::Meeting, AuditAction::Update).await?;
    let (consent, _) = consent_state(&loaded.h, app.clock.today());
    check_step(stage_of(&loaded.h), consent, HandoverStep::PlanMeeting)
        .map_err(|e| flow("meeting_on", e))?;
    let mut errors = FieldErrors::default();
    let date = match text::parse_dutch_date(on) {
        Ok(d) if d < app.clock.today() => {
            errors.add("meeting_on", "error-date-in-past");
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            errors.add_with("meeting_on", e.message_id(), e.message_args());
            None
        }
    };
    let who = text::clean_text(participants, text::SHORT_TEXT)
        .map_err(|e| errors.add_with("participants", e.message_id(), e.message_args()))
        .ok();
    errors.into_result()?;
    let (Some(date), Some(who)) = (date, who) else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let mut tx = app.db.begin().await?;
    store::plan_meeting(&mut tx, id, date, &who, app.now()).await?;
    timeline(
        app,
        ctx,
        &mut tx,
        loaded.h.case_id,
        format!(
            "meeting:{}-{:02}-{:02}",
            date.year(),
            u8::from(date.month()),
            date.day()
        ),
        id,
    )
    .await?;
    audit_write(
        app,
        ctx,
        &mut tx,
        &loaded,
        AuditAction::Update,
        vec!["meeting_on".into(), "participants".into()],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Record that the warm-handover meeting was held.
pub async fn meeting_held(app: &App, ctx: &Ctx, id: i64, held_on: &str) -> Result<(), AppError> {
    let loaded = load(app, ctx, id, HandoverAction::Meeting, AuditAction::Update).await?;
    let (consent, _) = consent_state(&loaded.h, app.clock.today());
    check_step(stage_of(&loaded.h), consent, HandoverStep::MeetingHeld)
        .map_err(|e| flow("held_on", e))?;
    let date = match text::parse_dutch_date(held_on) {
        Ok(d) if d > app.clock.today() => return Err(invalid("held_on", "error-date-in-future")),
        Ok(d) => d,
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.add_with("held_on", e.message_id(), e.message_args());
            return Err(AppError::Invalid(errors));
        }
    };
    let mut tx = app.db.begin().await?;
    if !store::move_stage(&mut tx, id, "received", "meeting_held", app.now()).await? {
        return Err(flow("held_on", HandoverError::MeetingHeldAlready));
    }
    store::set_meeting_held(&mut tx, id, date).await?;
    log_stage(app, ctx, &mut tx, &loaded, "held", "meeting_held").await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------

/// One handover as its page shows it.
pub struct HandoverView {
    pub h: HandoverRow,
    pub status: HandoverStatus,
    pub transition: Transition,
    pub pupil: PupilId,
    pub pupil_name: String,
    /// What goes along: frozen once the family was asked, else the preview.
    pub items: Vec<ItemRow>,
    pub frozen: bool,
    /// The viewer is the sending school's coordinator (prepares it).
    pub can_prepare: bool,
    pub can_edit: bool,
    pub can_ask_consent: bool,
    pub can_send: bool,
    pub can_cancel: bool,
    pub can_meeting: bool,
    /// The viewer is family (the consent is theirs to give).
    pub is_family: bool,
    /// For the edit form.
    pub choices_sections: Vec<PlanSection>,
    pub choices_goals: Vec<(i64, String)>,
}

/// A handover's page (logged). The receiving school sees it only after it
/// accepted (404 before, like a handover that does not exist).
pub async fn view(app: &App, ctx: &Ctx, id: i64) -> Result<HandoverView, AppError> {
    let loaded = load(app, ctx, id, HandoverAction::View, AuditAction::Read).await?;
    let today = app.clock.today();
    let h = loaded.h;
    let (consent, _) = consent_state(&h, today);
    let stage = stage_of(&h);
    let can = |action| ask(ctx, &h, &loaded.facts, today, action).is_allowed();
    let can_prepare = can(HandoverAction::Prepare);
    let can_meeting = can(HandoverAction::Meeting)
        && check_step(stage, consent, HandoverStep::PlanMeeting).is_ok();
    let step_ok = |step| can_prepare && check_step(stage, consent, step).is_ok();
    let stored = store::items(&app.db, h.id).await?;
    let frozen = h.consent_request_id.is_some() || !stored.is_empty();
    let items = if frozen {
        stored
    } else {
        build_items(app, &h).await?
    };
    // After acceptance the handed-over parts are shown only while the
    // consent is in force; the policy already refused the receiving school
    // otherwise. The family sees them too: it is their consent.
    let pupil = registry::pupil(&app.db, h.pupil_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let is_family = ctx.actor.guardian_of.contains(&PupilId(h.pupil_id))
        || ctx.actor.own_pupil == Some(PupilId(h.pupil_id))
        || loaded.facts.guardians.contains(&ctx.user_id);
    let (choices_sections, choices_goals) = if step_ok(HandoverStep::Edit) {
        let written = brug_store::plan::sections(&app.db, h.case_id).await?;
        (
            PlanSection::ALL
                .iter()
                .copied()
                .filter(|s| {
                    written
                        .iter()
                        .any(|w| w.section == s.code() && !w.body.trim().is_empty())
                })
                .collect(),
            brug_store::plan::goals(&app.db, h.case_id)
                .await?
                .into_iter()
                .map(|g| (g.id, g.description))
                .collect(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(HandoverView {
        status: handover_status(stage, consent),
        transition: Transition::from_code(&h.transition).unwrap_or(Transition::Other),
        pupil: PupilId(h.pupil_id),
        pupil_name: display_name(
            &pupil.given_name,
            pupil.name_prefix.as_deref(),
            &pupil.family_name,
        ),
        items,
        frozen,
        can_prepare,
        can_edit: step_ok(HandoverStep::Edit),
        can_ask_consent: step_ok(HandoverStep::AskConsent),
        can_send: step_ok(HandoverStep::Send),
        can_cancel: step_ok(HandoverStep::Cancel),
        can_meeting,
        is_family,
        choices_sections,
        choices_goals,
        h,
    })
}

/// A line of a school's handover list.
#[derive(Debug, Clone)]
pub struct ListItem {
    pub id: i64,
    pub pupil_name: String,
    pub birth_date: Option<Date>,
    pub other_school: String,
    pub moves_on: Date,
    pub status: HandoverStatus,
    pub transition: Transition,
    /// The receiving side may accept it now.
    pub can_accept: bool,
    /// The viewer may open its page.
    pub can_open: bool,
}

pub struct SchoolHandovers {
    pub school: OrgId,
    pub school_name: String,
    pub outgoing: Vec<ListItem>,
    pub incoming: Vec<ListItem>,
}

/// A school's handovers, for its coordinator: outgoing (its own pupils) and
/// incoming ones that were sent with consent. Incoming handovers before
/// sending are not listed at all. One event for the list.
pub async fn of_school(app: &App, ctx: &Ctx, school: OrgId) -> Result<SchoolHandovers, AppError> {
    let decision = decide(
        &ctx.actor,
        Request::Organisation {
            org: school,
            action: OrgAction::ViewHandovers,
        },
    );
    let coordinator = ctx
        .actor
        .has_role_at(school, brug_domain::roles::Role::Coordinator);
    let decision = match decision {
        Decision::Allow(_) if !coordinator => Decision::Deny(Denial::RoleNotAllowed),
        d => d,
    };
    let access = Access::new(AuditAction::Read, "handover_list", school);
    trail::enforce(app, ctx, decision, access, AppError::Forbidden).await?;
    let org = registry::organisation(&app.db, school.0)
        .await?
        .ok_or(AppError::NotFound)?;
    let (outgoing, incoming) = school_items(app, ctx, school).await?;
    Ok(SchoolHandovers {
        school,
        school_name: org.name,
        outgoing,
        incoming,
    })
}

/// The lines of a school's handover list (the caller decided and logged).
pub(crate) async fn school_items(
    app: &App,
    ctx: &Ctx,
    school: OrgId,
) -> Result<(Vec<ListItem>, Vec<ListItem>), AppError> {
    let today = app.clock.today();
    let rows = store::handovers_of_school(&app.db, school.0, None).await?;
    let mut outgoing = Vec::new();
    let mut incoming = Vec::new();
    for h in rows {
        let Some(facts) = crate::pupils::facts(app, PupilId(h.pupil_id)).await? else {
            continue;
        };
        let is_out = h.from_school_id == school.0;
        let can_open = ask(ctx, &h, &facts, today, HandoverAction::View).is_allowed();
        let can_see_notice = ask(ctx, &h, &facts, today, HandoverAction::Accept).is_allowed();
        if !is_out && !can_see_notice {
            continue;
        }
        let status = status_of(&h, today);
        let (consent, _) = consent_state(&h, today);
        let pupil = registry::pupil(&app.db, h.pupil_id).await?;
        let (name, birth) = pupil.map_or((String::new(), None), |p| {
            (
                display_name(&p.given_name, p.name_prefix.as_deref(), &p.family_name),
                Some(p.birth_date),
            )
        });
        let item = ListItem {
            id: h.id,
            pupil_name: name,
            birth_date: birth,
            other_school: if is_out {
                h.to_school_name.clone()
            } else {
                h.from_school_name.clone()
            },
            moves_on: h.moves_on,
            status,
            transition: Transition::from_code(&h.transition).unwrap_or(Transition::Other),
            can_accept: !is_out
                && can_see_notice
                && check_step(stage_of(&h), consent, HandoverStep::Accept).is_ok(),
            can_open,
        };
        if is_out {
            outgoing.push(item);
        } else {
            incoming.push(item);
        }
    }
    Ok((outgoing, incoming))
}

/// The handovers of a pupil, for the case page's link (only those the
/// viewer may open).
pub async fn of_case(
    app: &App,
    ctx: &Ctx,
    case: &case_store::CaseRow,
    facts: &PupilFacts,
) -> Result<Vec<(i64, HandoverStatus, String)>, AppError> {
    let today = app.clock.today();
    Ok(store::handovers_of_case(&app.db, case.id)
        .await?
        .into_iter()
        .filter(|h| ask(ctx, h, facts, today, HandoverAction::View).is_allowed())
        .map(|h| (h.id, status_of(&h, today), h.to_school_name.clone()))
        .collect())
}

/// The handover part of the case page: whether the viewer may prepare one,
/// and the case's handovers the viewer may open. The case page logged the
/// read already.
#[derive(Debug, Clone, Default)]
pub struct CasePart {
    pub can_prepare: bool,
    pub handovers: Vec<(i64, HandoverStatus, String)>,
}

pub async fn case_part(app: &App, ctx: &Ctx, case_id: CaseId) -> Result<CasePart, AppError> {
    let Some(case) = case_store::case(&app.db, case_id.0).await? else {
        return Ok(CasePart::default());
    };
    let Some(facts) = crate::pupils::facts(app, PupilId(case.pupil_id)).await? else {
        return Ok(CasePart::default());
    };
    let can_prepare = case.status != "closed"
        && decide(
            &ctx.actor,
            Request::Handover {
                facts: &HandoverFacts {
                    pupil: &facts,
                    from_school: OrgId(case.school_id),
                    to_school: OrgId(case.school_id),
                    stage: HandoverStage::Prepared,
                    consent_in_force: None,
                },
                action: HandoverAction::Prepare,
            },
        )
        .is_allowed();
    Ok(CasePart {
        can_prepare,
        handovers: of_case(app, ctx, &case, &facts).await?,
    })
}

/// Counts per status for one school, in the SWV's overview.
#[derive(Debug, Clone)]
pub struct SchoolCounts {
    pub school: String,
    pub counts: Vec<(HandoverStatus, usize)>,
    pub total: usize,
}

/// The SWV's overview of pupils changing school this summer.
pub struct SwvOverview {
    pub swv: OrgId,
    pub swv_name: String,
    pub from: Date,
    pub until: Date,
    pub schools: Vec<SchoolCounts>,
    /// Pupils the consultant works with (in their own cases): names allowed.
    pub own: Vec<ListItem>,
}

/// "This summer": from 1 May to 31 October of this year, or of next year
/// once this year's has passed.
pub fn summer(today: Date) -> (Date, Date) {
    let year = if today.month() as u8 > 10 {
        today.year() + 1
    } else {
        today.year()
    };
    let from = Date::from_calendar_date(year, time::Month::May, 1).unwrap_or(today);
    let until = Date::from_calendar_date(year, time::Month::October, 31).unwrap_or(today);
    (from, until)
}

/// The SWV consultant's list of pupils changing school this summer: per
/// school of the SWV the number of handovers by status (no names: the SWV
/// has no legal basis for the names of pupils it does not work with), and
/// by name only the pupils in the consultant's own cases (each name shown
/// is logged as a read of that pupil).
pub async fn swv_overview(app: &App, ctx: &Ctx, swv: OrgId) -> Result<SwvOverview, AppError> {
    let decision = decide(
        &ctx.actor,
        Request::Organisation {
            org: swv,
            action: OrgAction::ViewHandovers,
        },
    );
    let org = registry::organisation(&app.db, swv.0).await?;
    let decision = match (decision, &org) {
        (Decision::Allow(_), Some(o)) if o.kind != OrgKind::Swv => {
            Decision::Deny(Denial::RoleNotAllowed)
        }
        (d, _) => d,
    };
    let access = Access::new(AuditAction::Read, "handover_overview", swv);
    trail::enforce(app, ctx, decision, access, AppError::Forbidden).await?;
    let org = org.ok_or(AppError::NotFound)?;
    let today = app.clock.today();
    let (from, until) = summer(today);
    let schools = store::schools_of_swv(&app.db, swv.0).await?;
    let mut counts_out = Vec::new();
    let mut own = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (school_id, school_name) in &schools {
        let rows = store::handovers_of_school(&app.db, *school_id, Some((from, until))).await?;
        let mut counts: Vec<(HandoverStatus, usize)> =
            HandoverStatus::ALL.iter().map(|s| (*s, 0)).collect();
        let mut total = 0;
        for h in rows.iter().filter(|h| h.from_school_id == *school_id) {
            let status = status_of(h, today);
            if let Some(c) = counts.iter_mut().find(|(s, _)| *s == status) {
                c.1 += 1;
            }
            total += 1;
        }
        for h in &rows {
            if !seen.insert(h.id) {
                continue;
            }
            let Some(facts) = crate::pupils::facts(app, PupilId(h.pupil_id)).await? else {
                continue;
            };
            let in_own_case = facts.team.iter().any(|s| s.user == ctx.user_id);
            if !in_own_case {
                continue;
            }
            let d = decide(
                &ctx.actor,
                Request::Pupil {
                    facts: &facts,
                    action: PupilAction::ViewRegistry,
                    break_glass: None,
                },
            );
            if !d.is_allowed() {
                continue;
            }
            let pupil = PupilId(h.pupil_id);
            trail::record(
                app,
                ctx,
                &d,
                Access::new(AuditAction::Read, "pupil_name", pupil).of_pupil(pupil),
            )
            .await?;
            let p = registry::pupil(&app.db, h.pupil_id).await?;
            own.push(ListItem {
                id: h.id,
                pupil_name: p
                    .as_ref()
                    .map(|p| display_name(&p.given_name, p.name_prefix.as_deref(), &p.family_name))
                    .unwrap_or_default(),
                birth_date: None,
                other_school: format!("{} → {}", h.from_school_name, h.to_school_name),
                moves_on: h.moves_on,
                status: status_of(h, today),
                transition: Transition::from_code(&h.transition).unwrap_or(Transition::Other),
                can_accept: false,
                can_open: ask(ctx, h, &facts, today, HandoverAction::View).is_allowed(),
            });
        }
        counts.retain(|(_, n)| *n > 0);
        counts_out.push(SchoolCounts {
            school: school_name.clone(),
            counts,
            total,
        });
    }
    Ok(SwvOverview {
        swv,
        swv_name: org.name,
        from,
        until,
        schools: counts_out,
        own,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn summer_is_this_years_or_next() {
        assert_eq!(
            summer(date!(2026 - 11 - 25)),
            (date!(2027 - 05 - 01), date!(2027 - 10 - 31))
        );
        assert_eq!(
            summer(date!(2027 - 03 - 01)),
            (date!(2027 - 05 - 01), date!(2027 - 10 - 31))
        );
    }

    #[test]
    fn stored_lists_round_trip() {
        assert_eq!(parse_ids(&ids(&[3, 5])), vec![3, 5]);
        assert_eq!(parse_ids(""), Vec::<i64>::new());
        let s = [PlanSection::Strengths, PlanSection::SupportNeeds];
        assert_eq!(parse_sections(&codes(&s)), s.to_vec());
    }
}
