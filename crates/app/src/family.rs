//! The family view (S4): one page per child for its parents, and for the
//! child itself from 12, with the plan in plain language, the one point of
//! contact, the team as contact cards, what is coming up, the agreements
//! that concern them, their own section of the plan and their comments.
//!
//! The page is a view of the pupil's current case (the open one, else the
//! most recent), allowed by the same policy as the case page (`ViewSupport`)
//! and logged once per page as a read of the pupil's file. Writing goes
//! through the plan's own `save_section` (narrowed to the family's section by
//! `brug_domain::family::section_decision`) and through [`add_comment`].
//! Professionals who open the page see it as the family does, without the
//! forms (a preview).

use brug_domain::access::{Basis, Decision, Denial, PupilAction, Request, decide};
use brug_domain::audit::AuditAction;
use brug_domain::cases::{CaseStatus, GoalStatus, Party, is_overdue};
use brug_domain::family::{
    AgreementFacts, COMMENT_TEXT, CommentOn, CommentRule, CommentTarget, NotificationEvent,
    NotificationKind, Participant, agreement_concerns, may_comment, section_decision,
};
use brug_domain::ids::{CaseId, PupilId, UserId};
use brug_domain::meetings::MeetingKind;
use brug_domain::plan::PlanSection;
use brug_domain::registry::display_name;
use brug_domain::text;
use brug_store::cases::{self as case_store, CaseRow};
use brug_store::family::{self as store, CommentRow, NewComment};
use brug_store::{meetings as meeting_store, plan as plan_store};
use time::{Date, OffsetDateTime};

use crate::cases::{Authorize, CaseView, Write, authorize_refined, log_write};
use crate::notifications::{self, About};
use crate::plan::{SaveOutcome, SectionForm};
use crate::trail::{self, Access};
use crate::{App, AppError, Ctx, FieldErrors};

/// A team member as the family sees them: who, from where, what they do in
/// the case, how to reach them. No photos, no basis codes.
#[derive(Debug, Clone)]
pub struct ContactCard {
    pub name: String,
    pub organisation: Option<String>,
    pub role_in_case: String,
    pub email: Option<String>,
    pub is_lead: bool,
}

/// One section of the plan as the family reads it.
#[derive(Debug, Clone)]
pub struct FamilySection {
    pub section: PlanSection,
    pub body: String,
    pub version: i64,
    pub updated_by: Option<String>,
    pub updated_at: Option<OffsetDateTime>,
    /// This is the viewer's own section (and they may write it now).
    pub own: bool,
}

#[derive(Debug, Clone)]
pub struct FamilyGoal {
    pub description: String,
    pub status: GoalStatus,
    pub target_on: Option<Date>,
}

/// A comment with who wrote it and when.
#[derive(Debug, Clone)]
pub struct CommentView {
    pub id: i64,
    pub target: CommentTarget,
    pub target_id: i64,
    pub body: String,
    pub author: String,
    pub author_role: Participant,
    pub at: OffsetDateTime,
    /// What it is about: the agreement's action, or empty for an evaluation.
    pub about: String,
    /// For a comment on an evaluation: its date.
    pub about_date: Option<Date>,
}

impl CommentView {
    fn new(row: CommentRow, about: String, about_date: Option<Date>) -> Option<CommentView> {
        Some(CommentView {
            target: CommentTarget::from_code(&row.target_kind)?,
            author_role: Participant::from_code(&row.author_role).unwrap_or(Participant::Reader),
            id: row.id,
            target_id: row.target_id,
            body: row.body,
            author: row.author_name,
            at: row.created_at.get(),
            about,
            about_date,
        })
    }
}

#[derive(Debug, Clone)]
pub struct FamilyAgreement {
    pub id: i64,
    pub action: String,
    pub party: Party,
    pub owner: String,
    pub due_on: Option<Date>,
    pub done_on: Option<Date>,
    pub overdue: bool,
    /// May comment here now.
    pub can_comment: bool,
    pub comments: Vec<CommentView>,
}

#[derive(Debug, Clone)]
pub struct FamilyEvaluation {
    pub id: i64,
    pub planned_on: Date,
    pub can_comment: bool,
    pub comments: Vec<CommentView>,
}

/// The case part of the family page.
#[derive(Debug, Clone)]
pub struct FamilyCase {
    pub id: CaseId,
    pub status: CaseStatus,
    pub closed_on: Option<Date>,
    pub sections: Vec<FamilySection>,
    pub goals: Vec<FamilyGoal>,
    /// The case lead: the one point of contact.
    pub contact: Option<ContactCard>,
    /// The other professionals in the team.
    pub team: Vec<ContactCard>,
    /// Evaluations still to come, soonest first.
    pub evaluations: Vec<FamilyEvaluation>,
    pub last_meeting: Option<(Date, Option<MeetingKind>)>,
    /// Agreements that concern the viewer (parents' or the child's own).
    pub mine: Vec<FamilyAgreement>,
    /// The rest of the plan's agreements, for the overview.
    pub others: Vec<FamilyAgreement>,
}

impl FamilyCase {
    /// The viewer's own section, if they have one to write.
    pub fn own_section(&self) -> Option<&FamilySection> {
        self.sections.iter().find(|s| s.own)
    }
}

/// The family page of one child.
#[derive(Debug, Clone)]
pub struct FamilyView {
    pub pupil: PupilId,
    pub pupil_name: String,
    pub given_name: String,
    pub age: u8,
    /// Parent, child or (preview) professional.
    pub participant: Participant,
    /// The young person decides about their own file (own account, 16+).
    pub self_determines: bool,
    /// The forms of the family are shown (a parent or the child, not a preview).
    pub forms: bool,
    pub case: Option<FamilyCase>,
}

/// The pupil's current case: the open one, else the most recent.
async fn current_case(app: &App, pupil: PupilId) -> Result<Option<CaseRow>, AppError> {
    Ok(case_store::cases_of_pupil(&app.db, pupil.0)
        .await?
        .into_iter()
        .next())
}

fn allowed_basis(d: Decision) -> Option<Basis> {
    match d {
        Decision::Allow(b) => Some(b),
        Decision::Deny(_) => None,
    }
}

/// The family page of a child: for whoever may see the child's support data
/// (logged once, as a read of the pupil's file); "not found" for anyone else.
pub async fn view(app: &App, ctx: &Ctx, pupil: PupilId) -> Result<FamilyView, AppError> {
    build_view(app, ctx, pupil, true).await
}

/// The family page again in a request whose access to the plan was already
/// logged (the comparison after a refused save): the policy is asked again,
/// without a second log entry.
pub async fn view_after_read(app: &App, ctx: &Ctx, pupil: PupilId) -> Result<FamilyView, AppError> {
    build_view(app, ctx, pupil, false).await
}

async fn build_view(
    app: &App,
    ctx: &Ctx,
    pupil: PupilId,
    log: bool,
) -> Result<FamilyView, AppError> {
    let loaded = crate::pupils::load(app, pupil).await?;
    let decision = match &loaded {
        Some(l) => decide(
            &ctx.actor,
            Request::Pupil {
                facts: &l.facts,
                action: PupilAction::ViewSupport,
                break_glass: None,
            },
        ),
        None => Decision::Deny(Denial::NoRelation),
    };
    let basis = if log {
        let access = Access::new(AuditAction::Read, "family_view", pupil).of_pupil(pupil);
        trail::enforce(app, ctx, decision, access, AppError::NotFound).await?
    } else {
        allowed_basis(decision).ok_or(AppError::NotFound)?
    };
    let loaded = loaded.ok_or(AppError::NotFound)?;
    let facts = &loaded.facts;
    let participant = Participant::of(&basis);
    let edit = allowed_basis(decide(
        &ctx.actor,
        Request::Pupil {
            facts,
            action: PupilAction::EditSupport,
            break_glass: None,
        },
    ));
    let forms = participant.is_family() && edit.is_some();
    let case = match current_case(app, pupil).await? {
        Some(c) => {
            Some(case_part(app, ctx, &c, participant, edit.as_ref(), &facts.guardians).await?)
        }
        None => None,
    };
    let p = &loaded.pupil;
    Ok(FamilyView {
        pupil,
        pupil_name: display_name(&p.given_name, p.name_prefix.as_deref(), &p.family_name),
        given_name: p.given_name.clone(),
        age: facts.age,
        self_determines: ctx.actor.own_pupil == Some(pupil)
            && facts.age >= brug_domain::access::SELF_DETERMINATION_AGE,
        participant,
        forms,
        case,
    })
}

async fn case_part(
    app: &App,
    ctx: &Ctx,
    c: &CaseRow,
    participant: Participant,
    edit: Option<&Basis>,
    guardians: &[UserId],
) -> Result<FamilyCase, AppError> {
    let today = app.clock.today();
    // The family writes and comments while the case is open.
    let family_writes =
        participant.is_family() && edit.is_some() && c.status != CaseStatus::Closed.code();
    let own = participant.own_section().filter(|s| {
        family_writes
            && edit.is_some_and(|b| section_decision(Decision::Allow(b.clone()), *s).is_allowed())
    });
    let mut rows = plan_store::sections(&app.db, c.id).await?;
    let sections = PlanSection::ALL
        .iter()
        .map(|s| {
            let row = rows
                .iter()
                .position(|r| r.section == s.code())
                .map(|i| rows.swap_remove(i));
            FamilySection {
                section: *s,
                own: own == Some(*s),
                body: row.as_ref().map(|r| r.body.clone()).unwrap_or_default(),
                version: row.as_ref().map_or(0, |r| r.version),
                updated_by: row.as_ref().map(|r| r.updated_by_name.clone()),
                updated_at: row.as_ref().map(|r| r.updated_at.get()),
            }
        })
        .collect();
    let goals = plan_store::goals(&app.db, c.id)
        .await?
        .into_iter()
        .map(|g| FamilyGoal {
            status: GoalStatus::from_code(&g.status).unwrap_or(GoalStatus::Open),
            description: g.description,
            target_on: g.target_on,
        })
        .collect();
    let members = case_store::members(&app.db, c.id).await?;
    let mut contact = None;
    let mut team = Vec::new();
    for m in members {
        if m.guardian_id.is_some() || m.basis == "family" {
            continue;
        }
        let card = ContactCard {
            name: m.name,
            organisation: m.org_name,
            role_in_case: m.role_in_case,
            email: m.email,
            is_lead: m.is_lead,
        };
        if card.is_lead && contact.is_none() {
            contact = Some(card);
        } else {
            team.push(card);
        }
    }
    let comments = store::comments_of_case(&app.db, c.id).await?;
    let agreements = plan_store::agreements(&app.db, c.id).await?;
    let me = ctx.user_id;
    let mut mine = Vec::new();
    let mut others = Vec::new();
    for a in agreements {
        let party = Party::from_code(&a.party).unwrap_or(Party::Other);
        let facts = AgreementFacts {
            party,
            owner: a.owner_user_id.map(UserId),
        };
        let concerns =
            participant.is_family() && agreement_concerns(participant, me, guardians, facts);
        let view = FamilyAgreement {
            id: a.id,
            overdue: is_overdue(a.due_on, a.done_on.is_some(), today),
            can_comment: family_writes
                && may_comment(
                    participant,
                    me,
                    guardians,
                    CommentOn::Agreement(facts),
                    today,
                ) == CommentRule::Allowed,
            comments: comments
                .iter()
                .filter(|cm| {
                    cm.target_kind == CommentTarget::Agreement.code() && cm.target_id == a.id
                })
                .filter_map(|cm| CommentView::new(cm.clone(), a.action.clone(), None))
                .collect(),
            action: a.action,
            party,
            owner: a.owner_name,
            due_on: a.due_on,
            done_on: a.done_on,
        };
        if concerns {
            mine.push(view);
        } else {
            others.push(view);
        }
    }
    let evaluations = meeting_store::evaluations(&app.db, c.id)
        .await?
        .into_iter()
        .filter(|e| e.held_on.is_none() && e.planned_on >= today)
        .map(|e| FamilyEvaluation {
            id: e.id,
            planned_on: e.planned_on,
            can_comment: family_writes
                && may_comment(
                    participant,
                    me,
                    guardians,
                    CommentOn::Evaluation {
                        planned_on: e.planned_on,
                        held: false,
                    },
                    today,
                ) == CommentRule::Allowed,
            comments: comments
                .iter()
                .filter(|cm| {
                    cm.target_kind == CommentTarget::Evaluation.code() && cm.target_id == e.id
                })
                .filter_map(|cm| CommentView::new(cm.clone(), String::new(), Some(e.planned_on)))
                .collect(),
        })
        .collect();
    let last_meeting = meeting_store::meetings(&app.db, c.id, 1)
        .await?
        .into_iter()
        .next()
        .map(|m| (m.held_on, MeetingKind::from_code(&m.kind)));
    Ok(FamilyCase {
        id: CaseId(c.id),
        status: CaseStatus::from_code(&c.status).unwrap_or(CaseStatus::Active),
        closed_on: c.closed_on,
        sections,
        goals,
        contact,
        team,
        evaluations,
        last_meeting,
        mine,
        others,
    })
}

// ---------------------------------------------------------------------------
// Writing: the own section, comments
// ---------------------------------------------------------------------------

/// Without a case there is nothing to write in: a refusal by the policy is
/// still logged (as any refused write), then both answer "not found".
async fn no_case(app: &App, ctx: &Ctx, pupil: PupilId, resource: &str) -> AppError {
    let facts = match crate::pupils::facts(app, pupil).await {
        Ok(f) => f,
        Err(e) => return e,
    };
    let decision = match &facts {
        Some(f) => decide(
            &ctx.actor,
            Request::Pupil {
                facts: f,
                action: PupilAction::EditSupport,
                break_glass: None,
            },
        ),
        None => Decision::Deny(Denial::NoRelation),
    };
    if !decision.is_allowed() {
        let access = Access::new(AuditAction::Update, resource, pupil).of_pupil(pupil);
        if let Err(e) = trail::record(app, ctx, &decision, access).await {
            return e;
        }
    }
    AppError::NotFound
}

/// Save a section of the child's current plan from the family page. The
/// plan's own rules apply: only the writer's section (a parent "what we as
/// parents think", the child "what I want"), never overwriting a newer
/// version unseen.
pub async fn save_section(
    app: &App,
    ctx: &Ctx,
    pupil: PupilId,
    section: &str,
    form: &SectionForm,
) -> Result<(CaseId, SaveOutcome), AppError> {
    let Some(case) = current_case(app, pupil).await? else {
        return Err(no_case(app, ctx, pupil, "plan_section").await);
    };
    let id = CaseId(case.id);
    let outcome = crate::plan::save_section(app, ctx, id, section, form).await?;
    Ok((id, outcome))
}

/// What a comment form sends.
#[derive(Debug, Clone, Default)]
pub struct CommentForm {
    /// `agreement` or `evaluation`.
    pub target: String,
    pub target_id: i64,
    pub body: String,
}

/// Add a comment to an agreement or an upcoming evaluation of a case: a
/// parent on agreements that concern the parents, the child on its own,
/// professionals anywhere; on an evaluation only before it is held. A target
/// that is not theirs (or not of this case) is refused and logged like any
/// refusal; the comment is logged with a timeline entry in its transaction,
/// and the others on the case are notified.
pub async fn add_comment(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    form: &CommentForm,
) -> Result<i64, AppError> {
    let target = CommentTarget::from_code(form.target.trim()).ok_or(AppError::NotFound)?;
    let (on, about) = match target {
        CommentTarget::Agreement => {
            match plan_store::agreement(&app.db, case_id.0, form.target_id).await? {
                Some(a) => (
                    Some(CommentOn::Agreement(AgreementFacts {
                        party: Party::from_code(&a.party).unwrap_or(Party::Other),
                        owner: a.owner_user_id.map(UserId),
                    })),
                    a.action,
                ),
                None => (None, String::new()),
            }
        }
        CommentTarget::Evaluation => {
            match meeting_store::evaluation(&app.db, case_id.0, form.target_id).await? {
                Some(e) => (
                    Some(CommentOn::Evaluation {
                        planned_on: e.planned_on,
                        held: e.held_on.is_some(),
                    }),
                    String::new(),
                ),
                None => (None, String::new()),
            }
        }
    };
    let today = app.clock.today();
    let me = ctx.user_id;
    let mut rule = CommentRule::NotTheirs;
    let mut author = Participant::Reader;
    let auth = authorize_refined(
        app,
        ctx,
        case_id,
        Authorize {
            action: PupilAction::EditSupport,
            audit_action: AuditAction::Create,
            resource: "comment",
            break_glass: None,
            fields: vec![format!("{}={}", target.code(), form.target_id)],
        },
        |facts, decision| match decision {
            Decision::Allow(basis) => {
                author = Participant::of(&basis);
                rule = match on {
                    Some(on) => may_comment(author, me, &facts.guardians, on, today),
                    None => CommentRule::NotTheirs,
                };
                if rule == CommentRule::NotTheirs {
                    Decision::Deny(Denial::RoleNotAllowed)
                } else {
                    Decision::Allow(basis)
                }
            }
            deny => deny,
        },
    )
    .await?;
    let mut errors = FieldErrors::default();
    if auth.case.status == CaseStatus::Closed.code() {
        errors.add("body", "error-case-closed-no-changes");
    }
    let body = text::clean_text(&form.body, COMMENT_TEXT)
        .map_err(|e| errors.add_with("body", e.message_id(), e.message_args()))
        .ok();
    if let Some(id) = rule.message_id() {
        errors.add("body", id);
    }
    errors.into_result()?;
    let body = body.ok_or_else(|| AppError::Internal("validated comment missing".into()))?;
    let pupil = PupilId(auth.case.pupil_id);
    let to = notifications::case_recipients(
        app,
        auth.case.id,
        pupil,
        NotificationKind::Comment,
        Some(ctx.user_id),
    )
    .await?;
    let mut tx = app.db.begin().await?;
    let id = store::insert_comment(
        &mut tx,
        &NewComment {
            case_id: auth.case.id,
            target_kind: target.code().to_owned(),
            target_id: form.target_id,
            body: body.clone(),
            author_user_id: Some(ctx.user_id.0),
            author_name: ctx.name.clone(),
            author_role: author.code().to_owned(),
        },
        app.now(),
    )
    .await?;
    let summary = if about.is_empty() {
        short(&body, 120)
    } else {
        format!("{}: {}", short(&about, 60), short(&body, 120))
    };
    log_write(
        app,
        ctx,
        &mut tx,
        &auth,
        Write {
            action: AuditAction::Create,
            resource: "comment",
            id: id.to_string(),
            fields: vec![
                format!("{}={}", target.code(), form.target_id),
                "body".into(),
            ],
            event: Some(("comment", summary)),
        },
    )
    .await?;
    notifications::notify_in_tx(
        app,
        &mut tx,
        &to,
        NotificationEvent::CommentAdded,
        About {
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

/// Comment on the child's current case from the family page.
pub async fn add_comment_for_pupil(
    app: &App,
    ctx: &Ctx,
    pupil: PupilId,
    form: &CommentForm,
) -> Result<i64, AppError> {
    let Some(case) = current_case(app, pupil).await? else {
        return Err(no_case(app, ctx, pupil, "comment").await);
    };
    add_comment(app, ctx, CaseId(case.id), form).await
}

fn short(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        out.push('…');
    }
    out
}

// ---------------------------------------------------------------------------
// Comments on the case page (for the team)
// ---------------------------------------------------------------------------

/// Something the team can answer on.
#[derive(Debug, Clone)]
pub struct CommentTargetView {
    pub target: CommentTarget,
    pub id: i64,
    /// The agreement's action, or empty for an evaluation.
    pub label: String,
    pub date: Option<Date>,
}

/// The comments part of the case page.
#[derive(Debug, Clone, Default)]
pub struct CaseComments {
    pub comments: Vec<CommentView>,
    /// What the viewer may comment on now (empty when they may not write).
    pub targets: Vec<CommentTargetView>,
}

/// The comments of a case whose page `cases::view` just granted and logged
/// (no second log entry), with what the viewer may answer on.
pub async fn case_comments(
    app: &App,
    ctx: &Ctx,
    case: &CaseView,
) -> Result<CaseComments, AppError> {
    let today = app.clock.today();
    let agreements = plan_store::agreements(&app.db, case.id.0).await?;
    let evaluations = meeting_store::evaluations(&app.db, case.id.0).await?;
    let comments = store::comments_of_case(&app.db, case.id.0)
        .await?
        .into_iter()
        .filter_map(|row| {
            let (about, date) = match CommentTarget::from_code(&row.target_kind)? {
                CommentTarget::Agreement => (
                    agreements
                        .iter()
                        .find(|a| a.id == row.target_id)
                        .map(|a| a.action.clone())
                        .unwrap_or_default(),
                    None,
                ),
                CommentTarget::Evaluation => (
                    String::new(),
                    evaluations
                        .iter()
                        .find(|e| e.id == row.target_id)
                        .map(|e| e.planned_on),
                ),
            };
            CommentView::new(row, about, date)
        })
        .collect();
    let mut targets = Vec::new();
    if case.can_edit {
        let who = Participant::of(&case.basis);
        let guardians: Vec<UserId> =
            brug_store::registry::guardians_of_pupil(&app.db, case.pupil.0)
                .await?
                .into_iter()
                .filter_map(|g| g.user_id.map(UserId))
                .collect();
        for a in &agreements {
            let on = CommentOn::Agreement(AgreementFacts {
                party: Party::from_code(&a.party).unwrap_or(Party::Other),
                owner: a.owner_user_id.map(UserId),
            });
            if may_comment(who, ctx.user_id, &guardians, on, today) == CommentRule::Allowed {
                targets.push(CommentTargetView {
                    target: CommentTarget::Agreement,
                    id: a.id,
                    label: a.action.clone(),
                    date: a.due_on,
                });
            }
        }
        for e in &evaluations {
            let on = CommentOn::Evaluation {
                planned_on: e.planned_on,
                held: e.held_on.is_some(),
            };
            if may_comment(who, ctx.user_id, &guardians, on, today) == CommentRule::Allowed {
                targets.push(CommentTargetView {
                    target: CommentTarget::Evaluation,
                    id: e.id,
                    label: String::new(),
                    date: Some(e.planned_on),
                });
            }
        }
    }
    Ok(CaseComments { comments, targets })
}
