//! The family's AVG rights over a pupil's file (S4): inspection (the full
//! file as a print-ready page and as JSON), correction requests for the case
//! lead, and erasure requests for the privacy officer of the pupil's school.
//!
//! Who holds the rights is the policy's `PupilAction::Export`: the guardians
//! of a child under 16 (and of an older one who shares), the young person
//! from 16. A download has no special link: its route asks the same policy
//! as the page, so a link opened by another account is "not found" (and
//! logged). Every download is one `AuditAction::Export` event.
//!
//! The JSON document is stable and documented in `docs/rights.md`
//! (`format` = `brug-dossier`, `version` = 1).

use brug_domain::access::{Decision, Denial, OrgAction, PupilAction, PupilFacts, Request, decide};
use brug_domain::audit::AuditAction;
use brug_domain::consent as consent_rules;
use brug_domain::ids::{CaseId, OrgId, PupilId};
use brug_domain::registry::display_name;
use brug_domain::rights::{
    self as rules, CorrectionStatus, ErasureStatus, RetentionRule, check_correction_answer,
    check_erasure_decision,
};
use brug_domain::text;
use brug_store::rights::{self as store, CorrectionRow, ErasureRow, NewCorrection, NewErasure};
use brug_store::{Ts, cases as case_store, consent as consent_store, meetings, plan, registry};
use serde::Serialize;
use time::Date;
use time::format_description::well_known::Rfc3339;

use crate::cases::{Authorized, Write, authorize, log_write};
use crate::trail::{self, Access};
use crate::{App, AppError, Ctx, FieldErrors};

/// A required long text (what is wrong, what it should be).
const REQUIRED_LONG: text::FieldLimits = text::FieldLimits {
    min_chars: 1,
    max_chars: 10_000,
};

/// The timeline kind of correction events (`requested`, `done`, `refused`).
pub const CORRECTION_EVENT: &str = "correction";

/// The JSON document's format name and version.
pub const EXPORT_FORMAT: &str = "brug-dossier";
pub const EXPORT_VERSION: u32 = 1;

fn day(d: Date) -> String {
    d.to_string()
}

fn opt_day(d: Option<Date>) -> Option<String> {
    d.map(day)
}

fn instant(t: Ts) -> String {
    t.get().format(&Rfc3339).unwrap_or_default()
}

fn invalid(field: &'static str, id: &'static str) -> AppError {
    let mut e = FieldErrors::default();
    e.add(field, id);
    AppError::Invalid(e)
}

/// Decide `action` on the pupil; load the facts.
async fn pupil_decision(
    app: &App,
    ctx: &Ctx,
    pupil: PupilId,
    action: PupilAction,
) -> Result<(Option<crate::pupils::Loaded>, Decision), AppError> {
    let loaded = crate::pupils::load(app, pupil).await?;
    let decision = match &loaded {
        Some(l) => decide(
            &ctx.actor,
            Request::Pupil {
                facts: &l.facts,
                action,
                break_glass: None,
            },
        ),
        None => Decision::Deny(Denial::NoRelation),
    };
    Ok((loaded, decision))
}

// ---------------------------------------------------------------------------
// Inspection: the full file
// ---------------------------------------------------------------------------

/// How the file is downloaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Json,
}

impl Format {
    pub fn code(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Json => "json",
        }
    }
}

/// The whole file of one pupil. Field names and nesting are stable
/// (`docs/rights.md`); dates are `YYYY-MM-DD`, instants RFC 3339 in UTC.
#[derive(Debug, Clone, Serialize)]
pub struct FileExport {
    pub format: &'static str,
    pub version: u32,
    pub generated_at: String,
    pub pupil: PupilPart,
    pub enrolments: Vec<EnrolmentPart>,
    pub guardians: Vec<GuardianPart>,
    pub cases: Vec<CasePart>,
    pub attendance: Vec<AttendancePart>,
    pub consents: Vec<ConsentPart>,
    pub consent_requests: Vec<ConsentRequestPart>,
    pub corrections: Vec<CorrectionPart>,
    pub erasure_requests: Vec<ErasurePart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PupilPart {
    pub id: i64,
    pub name: String,
    pub given_name: String,
    pub name_prefix: Option<String>,
    pub family_name: String,
    pub birth_date: String,
    /// The BSN is never exported; this only says whether one is on file.
    pub bsn_on_file: bool,
    pub shares_with_guardians: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnrolmentPart {
    pub school: String,
    pub location: String,
    pub brin: String,
    pub sector: String,
    pub grade: String,
    pub pupil_number: Option<String>,
    pub residence: String,
    pub start_date: String,
    pub end_date: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GuardianPart {
    pub name: String,
    pub relation: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CasePart {
    pub id: i64,
    pub title: String,
    pub school: String,
    pub status: String,
    pub lead_domain: Option<String>,
    pub first_signal_on: String,
    pub help_started_on: Option<String>,
    pub closed_on: Option<String>,
    pub close_reason: Option<String>,
    pub outcome: Option<String>,
    pub team: Vec<MemberPart>,
    pub plan: Vec<SectionPart>,
    pub goals: Vec<GoalPart>,
    pub agreements: Vec<AgreementPart>,
    pub financing: Vec<FinancingPart>,
    pub meetings: Vec<MeetingPart>,
    pub evaluations: Vec<EvaluationPart>,
    pub escalations: Vec<EscalationPart>,
    pub timeline: Vec<EventPart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberPart {
    pub name: String,
    pub organisation: Option<String>,
    pub role_in_case: String,
    /// `consent`, `legal_task` or `family`.
    pub basis: String,
    pub legal_task: Option<String>,
    pub consent_id: Option<i64>,
    pub is_lead: bool,
    pub added_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionPart {
    pub section: String,
    pub body: String,
    pub version: i64,
    pub updated_by: String,
    pub updated_at: String,
    /// Every kept version, oldest first.
    pub versions: Vec<VersionPart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VersionPart {
    pub version: i64,
    pub body: String,
    pub author: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalPart {
    pub id: i64,
    pub description: String,
    pub contributors: String,
    pub indicator: String,
    pub start_on: String,
    pub target_on: Option<String>,
    pub status: String,
    pub progress: Vec<ProgressPart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgressPart {
    pub note: String,
    pub score: Option<i64>,
    pub author: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgreementPart {
    pub action: String,
    pub party: String,
    pub kind: String,
    pub owner: String,
    pub due_on: Option<String>,
    pub done_on: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FinancingPart {
    pub stream: String,
    pub purpose: String,
    pub hours: Option<i64>,
    pub amount_cents: Option<i64>,
    pub period_from: String,
    pub period_until: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeetingPart {
    pub held_on: String,
    pub kind: String,
    pub participants: String,
    pub agenda: String,
    pub notes: String,
    pub decisions: String,
    pub with_school: bool,
    pub with_care: bool,
    pub with_parents: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvaluationPart {
    pub planned_on: String,
    pub held_on: Option<String>,
    pub decision: Option<String>,
    pub reasons: Option<String>,
    pub scores: Vec<ScorePart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScorePart {
    pub goal: String,
    pub score: i64,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EscalationPart {
    pub level: String,
    pub question: String,
    pub decider: String,
    pub deadline: String,
    pub outcome: Option<String>,
    pub decided_on: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventPart {
    pub kind: String,
    pub summary: String,
    pub by: String,
    pub at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttendancePart {
    pub status: String,
    pub since: String,
    pub note: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConsentPart {
    pub id: i64,
    pub case_id: Option<i64>,
    pub given_by: String,
    pub given_by_relation: String,
    pub given_by_young_person: bool,
    pub recipient_organisation: Option<String>,
    pub recipient_person: Option<String>,
    pub purpose: String,
    /// Part codes: `plan`, `meetings`, `care_notes`.
    pub parts: Vec<String>,
    pub valid_from: String,
    pub valid_until: Option<String>,
    pub withdrawn_at: Option<String>,
    pub withdrawn_by: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConsentRequestPart {
    pub id: i64,
    pub case_id: i64,
    pub recipient_organisation: Option<String>,
    pub recipient_person: Option<String>,
    pub purpose: String,
    pub parts: Vec<String>,
    pub valid_from: String,
    pub valid_until: Option<String>,
    pub status: String,
    pub requested_by: String,
    pub requested_at: String,
    pub answers: Vec<AnswerPart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnswerPart {
    pub name: String,
    /// `guardian` or `young_person`.
    pub giver: String,
    pub approve: bool,
    pub answered_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CorrectionPart {
    pub id: i64,
    pub case_id: i64,
    pub what_is_wrong: String,
    pub should_be: String,
    pub status: String,
    pub requested_by: String,
    pub requested_at: String,
    pub due_on: String,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ErasurePart {
    pub id: i64,
    /// `None`: the whole file.
    pub case_id: Option<i64>,
    pub explanation: String,
    pub status: String,
    pub requested_by: String,
    pub requested_at: String,
    pub due_on: String,
    pub decision_reason: Option<String>,
    pub erase_on: Option<String>,
}

fn correction_part(r: &CorrectionRow) -> CorrectionPart {
    CorrectionPart {
        id: r.id,
        case_id: r.case_id,
        what_is_wrong: r.what_is_wrong.clone(),
        should_be: r.should_be.clone(),
        status: r.status.clone(),
        requested_by: r.requested_by_name.clone(),
        requested_at: instant(r.requested_at),
        due_on: day(r.due_on),
        answer: r.answer.clone(),
        answered_by: r.answered_by_name.clone(),
        answered_at: r.answered_at.map(instant),
    }
}

fn parts_codes(code: &str) -> Vec<String> {
    consent_rules::parse_parts(code)
        .into_iter()
        .map(|p| p.code().to_owned())
        .collect()
}

/// Download the whole file (one `Export` event, with the format).
pub async fn export(
    app: &App,
    ctx: &Ctx,
    pupil: PupilId,
    format: Format,
) -> Result<FileExport, AppError> {
    let (loaded, decision) = pupil_decision(app, ctx, pupil, PupilAction::Export).await?;
    let mut access = Access::new(AuditAction::Export, "file", pupil).of_pupil(pupil);
    access.fields = vec![format!("format={}", format.code())];
    trail::enforce(app, ctx, decision, access, AppError::NotFound).await?;
    let loaded = loaded.ok_or(AppError::NotFound)?;
    build_export(app, pupil, loaded).await
}

async fn build_export(
    app: &App,
    pupil: PupilId,
    loaded: crate::pupils::Loaded,
) -> Result<FileExport, AppError> {
    let db = &app.db;
    let p = &loaded.pupil;
    let mut cases = Vec::new();
    for c in case_store::cases_of_pupil(db, pupil.0).await? {
        let school = registry::organisation(db, c.school_id)
            .await?
            .map(|o| o.name)
            .unwrap_or_default();
        let team = case_store::members(db, c.id)
            .await?
            .into_iter()
            .map(|m| MemberPart {
                name: m.name,
                organisation: m.org_name,
                role_in_case: m.role_in_case,
                basis: m.basis,
                legal_task: m.legal_task,
                consent_id: m.consent_id,
                is_lead: m.is_lead,
                added_at: instant(m.added_at),
            })
            .collect();
        let versions = store::section_versions_of_case(db, c.id).await?;
        let plan = plan::sections(db, c.id)
            .await?
            .into_iter()
            .map(|s| SectionPart {
                versions: versions
                    .iter()
                    .filter(|v| v.section == s.section)
                    .map(|v| VersionPart {
                        version: v.version,
                        body: v.body.clone(),
                        author: v.author_name.clone(),
                        created_at: instant(v.created_at),
                    })
                    .collect(),
                section: s.section,
                body: s.body,
                version: s.version,
                updated_by: s.updated_by_name,
                updated_at: instant(s.updated_at),
            })
            .collect();
        let progress = plan::progress_of_case(db, c.id).await?;
        let goals = plan::goals(db, c.id)
            .await?
            .into_iter()
            .map(|g| GoalPart {
                progress: progress
                    .iter()
                    .filter(|n| n.goal_id == g.id)
                    .map(|n| ProgressPart {
                        note: n.note.clone(),
                        score: n.score,
                        author: n.author_name.clone(),
                        created_at: instant(n.created_at),
                    })
                    .collect(),
                id: g.id,
                description: g.description,
                contributors: g.contributors,
                indicator: g.indicator,
                start_on: day(g.start_on),
                target_on: opt_day(g.target_on),
                status: g.status,
            })
            .collect();
        let agreements = plan::agreements(db, c.id)
            .await?
            .into_iter()
            .map(|a| AgreementPart {
                action: a.action,
                party: a.party,
                kind: a.kind,
                owner: a.owner_name,
                due_on: opt_day(a.due_on),
                done_on: opt_day(a.done_on),
            })
            .collect();
        let financing = plan::financing_lines(db, c.id)
            .await?
            .into_iter()
            .map(|f| FinancingPart {
                stream: f.stream,
                purpose: f.purpose,
                hours: f.hours,
                amount_cents: f.amount_cents,
                period_from: day(f.period_from),
                period_until: opt_day(f.period_until),
            })
            .collect();
        let meeting_rows = meetings::meetings(db, c.id, 1000)
            .await?
            .into_iter()
            .map(|m| MeetingPart {
                held_on: day(m.held_on),
                kind: m.kind,
                participants: m.participants,
                agenda: m.agenda,
                notes: m.notes,
                decisions: m.decisions,
                with_school: m.with_school,
                with_care: m.with_care,
                with_parents: m.with_parents,
            })
            .collect();
        let scores = meetings::scores_of_case(db, c.id).await?;
        let evaluations = meetings::evaluations(db, c.id)
            .await?
            .into_iter()
            .map(|e| EvaluationPart {
                scores: scores
                    .iter()
                    .filter(|s| s.evaluation_id == e.id)
                    .map(|s| ScorePart {
                        goal: s.goal.clone(),
                        score: s.score,
                        note: s.note.clone(),
                    })
                    .collect(),
                planned_on: day(e.planned_on),
                held_on: opt_day(e.held_on),
                decision: e.decision,
                reasons: e.reasons,
            })
            .collect();
        let escalations = meetings::escalations(db, c.id)
            .await?
            .into_iter()
            .map(|x| EscalationPart {
                level: x.level,
                question: x.question,
                decider: x.decider,
                deadline: day(x.deadline),
                outcome: x.outcome,
                decided_on: opt_day(x.decided_on),
            })
            .collect();
        let mut timeline: Vec<EventPart> = case_store::events(db, c.id, &[], 1000)
            .await?
            .into_iter()
            .map(|e| EventPart {
                kind: e.kind,
                summary: e.summary,
                by: e.actor_name,
                at: instant(e.occurred_at),
            })
            .collect();
        timeline.reverse();
        cases.push(CasePart {
            id: c.id,
            title: c.title,
            school,
            status: c.status,
            lead_domain: c.lead_domain,
            first_signal_on: day(c.first_signal_on),
            help_started_on: opt_day(c.help_started_on),
            closed_on: opt_day(c.closed_on),
            close_reason: c.close_reason,
            outcome: c.outcome,
            team,
            plan,
            goals,
            agreements,
            financing,
            meetings: meeting_rows,
            evaluations,
            escalations,
            timeline,
        });
    }
    let answers = consent_store::answers_of_pupil(db, pupil.0).await?;
    Ok(FileExport {
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        generated_at: instant(app.now()),
        pupil: PupilPart {
            id: p.id,
            name: display_name(&p.given_name, p.name_prefix.as_deref(), &p.family_name),
            given_name: p.given_name.clone(),
            name_prefix: p.name_prefix.clone(),
            family_name: p.family_name.clone(),
            birth_date: day(p.birth_date),
            bsn_on_file: p.bsn_cipher.is_some(),
            shares_with_guardians: p.shares_with_guardians,
        },
        enrolments: loaded
            .enrolments
            .into_iter()
            .map(|e| EnrolmentPart {
                school: e.school_name,
                location: e.location_name,
                brin: e.brin,
                sector: e.sector.code().to_owned(),
                grade: e.grade,
                pupil_number: e.pupil_number,
                residence: e.residence_name,
                start_date: day(e.start_date),
                end_date: opt_day(e.end_date),
            })
            .collect(),
        guardians: loaded
            .guardians
            .into_iter()
            .map(|g| GuardianPart {
                name: g.name,
                relation: g.relation,
                email: g.email,
                phone: g.phone,
            })
            .collect(),
        cases,
        attendance: store::attendance_of_pupil(db, pupil.0)
            .await?
            .into_iter()
            .map(|a| AttendancePart {
                status: a.status,
                since: day(a.since),
                note: a.note,
                recorded_at: instant(a.created_at),
            })
            .collect(),
        consents: consent_store::consents_of_pupil(db, pupil.0)
            .await?
            .into_iter()
            .map(|k| ConsentPart {
                id: k.id,
                case_id: k.case_id,
                given_by: k.given_by_name,
                given_by_relation: k.given_by_relation,
                given_by_young_person: k.given_by_young_person,
                recipient_organisation: k.recipient_org_name,
                recipient_person: k.recipient_name,
                purpose: k.purpose,
                parts: parts_codes(&k.scope),
                valid_from: day(k.valid_from),
                valid_until: opt_day(k.valid_until),
                withdrawn_at: k.withdrawn_at.map(instant),
                withdrawn_by: k.withdrawn_by_name,
            })
            .collect(),
        consent_requests: consent_store::requests_of_pupil(db, pupil.0)
            .await?
            .into_iter()
            .map(|r| ConsentRequestPart {
                answers: answers
                    .iter()
                    .filter(|a| a.request_id == r.id)
                    .map(|a| AnswerPart {
                        name: a.name.clone(),
                        giver: a.giver.clone(),
                        approve: a.approve,
                        answered_at: instant(a.answered_at),
                    })
                    .collect(),
                id: r.id,
                case_id: r.case_id,
                recipient_organisation: r.recipient_org_name,
                recipient_person: r.recipient_name,
                purpose: r.purpose,
                parts: parts_codes(&r.parts),
                valid_from: day(r.valid_from),
                valid_until: opt_day(r.valid_until),
                status: r.status,
                requested_by: r.requested_by_name,
                requested_at: instant(r.requested_at),
            })
            .collect(),
        corrections: store::corrections_of_pupil(db, pupil.0)
            .await?
            .iter()
            .map(correction_part)
            .collect(),
        erasure_requests: store::erasures_of_pupil(db, pupil.0)
            .await?
            .into_iter()
            .map(|e| ErasurePart {
                id: e.id,
                case_id: e.case_id,
                explanation: e.explanation,
                status: e.status,
                requested_by: e.requested_by_name,
                requested_at: instant(e.requested_at),
                due_on: day(e.due_on),
                decision_reason: e.decision_reason,
                erase_on: opt_day(e.erase_on),
            })
            .collect(),
    })
}

// ---------------------------------------------------------------------------
// The family's rights page
// ---------------------------------------------------------------------------

/// A case the family can point a request at.
#[derive(Debug, Clone)]
pub struct CaseChoice {
    pub id: i64,
    pub title: String,
    pub open: bool,
}

pub struct RightsPage {
    pub pupil: PupilId,
    pub pupil_name: String,
    pub cases: Vec<CaseChoice>,
    pub corrections: Vec<CorrectionRow>,
    pub erasures: Vec<ErasureRow>,
    pub rules: Vec<RetentionRule>,
    /// The young person (16+) uses the page for their own file.
    pub own_file: bool,
}

/// The rights page: download, access log, correction and erasure (a logged
/// read, for the holder of the AVG rights).
pub async fn page(app: &App, ctx: &Ctx, pupil: PupilId) -> Result<RightsPage, AppError> {
    let (loaded, decision) = pupil_decision(app, ctx, pupil, PupilAction::Export).await?;
    let access = Access::new(AuditAction::Read, "rights", pupil).of_pupil(pupil);
    trail::enforce(app, ctx, decision, access, AppError::NotFound).await?;
    let loaded = loaded.ok_or(AppError::NotFound)?;
    let p = &loaded.pupil;
    let cases = case_store::cases_of_pupil(&app.db, pupil.0)
        .await?
        .into_iter()
        .map(|c| CaseChoice {
            open: c.status != "closed",
            id: c.id,
            title: c.title,
        })
        .collect();
    Ok(RightsPage {
        pupil,
        pupil_name: display_name(&p.given_name, p.name_prefix.as_deref(), &p.family_name),
        cases,
        corrections: store::corrections_of_pupil(&app.db, pupil.0).await?,
        erasures: store::erasures_of_pupil(&app.db, pupil.0).await?,
        rules: retention_rules(app, pupil).await?,
        own_file: ctx.actor.own_pupil == Some(pupil),
    })
}

async fn retention_rules(app: &App, pupil: PupilId) -> Result<Vec<RetentionRule>, AppError> {
    let left = store::left_school_on(&app.db, pupil.0, app.clock.today()).await?;
    let care = store::care_ended_on(&app.db, pupil.0).await?;
    Ok(rules::rules_for(left, care))
}

/// What the correction form sends.
#[derive(Debug, Clone, Default)]
pub struct CorrectionForm {
    pub case_id: String,
    pub what_is_wrong: String,
    pub should_be: String,
}

/// An authorisation on the pupil's own case for a family write, so the
/// write's event and timeline go through `log_write`.
async fn family_case(
    app: &App,
    pupil: PupilId,
    case_id: Option<i64>,
    facts: PupilFacts,
    decision: Decision,
) -> Result<Option<Authorized>, AppError> {
    let Some(case_id) = case_id else {
        return Ok(None);
    };
    let case = case_store::case(&app.db, case_id).await?;
    match case {
        Some(case) if case.pupil_id == pupil.0 => Ok(Some(Authorized {
            case,
            facts,
            decision,
        })),
        _ => Ok(None),
    }
}

/// The family asks for a correction: a task for the case lead, due in four
/// weeks. Returns the request's id.
pub async fn request_correction(
    app: &App,
    ctx: &Ctx,
    pupil: PupilId,
    form: &CorrectionForm,
) -> Result<i64, AppError> {
    let (loaded, decision) = pupil_decision(app, ctx, pupil, PupilAction::Export).await?;
    let Some(loaded) = loaded.filter(|_| decision.is_allowed()) else {
        let access = Access::new(AuditAction::Create, "correction_request", "new").of_pupil(pupil);
        trail::record(app, ctx, &decision, access).await?;
        return Err(AppError::NotFound);
    };
    let mut errors = FieldErrors::default();
    let case_id = form.case_id.trim().parse::<i64>().ok();
    let auth = family_case(app, pupil, case_id, loaded.facts, decision).await?;
    if auth.is_none() {
        errors.add("case_id", "error-choose-option");
    }
    let what = text::clean_text(&form.what_is_wrong, REQUIRED_LONG)
        .map_err(|e| errors.add_with("what_is_wrong", e.message_id(), e.message_args()))
        .ok();
    let should = text::clean_text(&form.should_be, REQUIRED_LONG)
        .map_err(|e| errors.add_with("should_be", e.message_id(), e.message_args()))
        .ok();
    errors.into_result()?;
    let (Some(auth), Some(what), Some(should)) = (auth, what, should) else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let today = app.clock.today();
    let mut tx = app.db.begin().await?;
    let id = store::insert_correction(
        &mut tx,
        &NewCorrection {
            pupil_id: pupil.0,
            case_id: auth.case.id,
            what_is_wrong: what,
            should_be: should,
            requested_by_user_id: Some(ctx.user_id.0),
            requested_by_name: ctx.name.clone(),
            due_on: rules::correction_due(today),
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
            resource: "correction_request",
            id: id.to_string(),
            fields: vec!["what_is_wrong".into(), "should_be".into()],
            event: Some((CORRECTION_EVENT, CorrectionStatus::Open.code().to_owned())),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// What the lead's answer form sends.
#[derive(Debug, Clone, Default)]
pub struct AnswerForm {
    /// `done` or `refused`.
    pub answer: String,
    pub reason: String,
}

/// The case lead (or the school's coordinator) answers a correction request.
pub async fn answer_correction(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    correction_id: i64,
    form: &AnswerForm,
) -> Result<(), AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageTeam,
        AuditAction::Update,
        "correction_request",
        None,
    )
    .await?;
    let current = store::corrections_of_case(&app.db, auth.case.id)
        .await?
        .into_iter()
        .find(|r| r.id == correction_id)
        .ok_or(AppError::NotFound)?;
    let status = CorrectionStatus::from_code(&current.status).unwrap_or(CorrectionStatus::Open);
    let mut errors = FieldErrors::default();
    let reason = text::clean_optional(&form.reason, text::LONG_TEXT)
        .map_err(|e| errors.add_with("reason", e.message_id(), e.message_args()))
        .ok()
        .flatten();
    let answer = CorrectionStatus::from_code(&form.answer).unwrap_or(CorrectionStatus::Open);
    if let Err(e) = check_correction_answer(status, answer, reason.as_deref()) {
        let field = match e {
            rules::AnswerError::ReasonRequired => "reason",
            _ => "answer",
        };
        errors.add(field, e.message_id());
    }
    errors.into_result()?;
    let mut tx = app.db.begin().await?;
    let done = store::answer_correction(
        &mut tx,
        auth.case.id,
        correction_id,
        answer.code(),
        reason.as_deref(),
        Some(ctx.user_id.0),
        &ctx.name,
        app.now(),
    )
    .await?;
    if !done {
        return Err(invalid("answer", "error-request-answered"));
    }
    log_write(
        app,
        ctx,
        &mut tx,
        &auth,
        Write {
            action: AuditAction::Update,
            resource: "correction_request",
            id: correction_id.to_string(),
            fields: vec!["status".into(), "answer".into()],
            event: Some((CORRECTION_EVENT, answer.code().to_owned())),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Erasure
// ---------------------------------------------------------------------------

/// What the erasure form sends.
#[derive(Debug, Clone, Default)]
pub struct ErasureForm {
    /// `file` for the whole file, or a case id.
    pub scope: String,
    pub explanation: String,
}

/// The family asks for erasure of one case or the whole file. Refused at
/// once (with the explanation) while an escalation in scope is open.
pub async fn request_erasure(
    app: &App,
    ctx: &Ctx,
    pupil: PupilId,
    form: &ErasureForm,
) -> Result<i64, AppError> {
    let (loaded, decision) = pupil_decision(app, ctx, pupil, PupilAction::Export).await?;
    let access = Access::new(AuditAction::Create, "erasure_request", "new").of_pupil(pupil);
    let Some(loaded) = loaded.filter(|_| decision.is_allowed()) else {
        trail::record(app, ctx, &decision, access).await?;
        return Err(AppError::NotFound);
    };
    let mut errors = FieldErrors::default();
    let cases = case_store::cases_of_pupil(&app.db, pupil.0).await?;
    let (case, valid_scope) = match form.scope.trim() {
        "file" => (None, true),
        s => match s
            .parse::<i64>()
            .ok()
            .and_then(|id| cases.iter().find(|c| c.id == id))
        {
            Some(c) => (Some(c), true),
            None => (None, false),
        },
    };
    if !valid_scope {
        errors.add("scope", "error-choose-option");
    }
    let explanation = text::clean_optional(&form.explanation, text::LONG_TEXT)
        .map_err(|e| errors.add_with("explanation", e.message_id(), e.message_args()))
        .ok()
        .flatten()
        .unwrap_or_default();
    errors.into_result()?;
    let case_id = case.map(|c| c.id);
    let open = store::open_escalations_of_pupil(&app.db, pupil.0, case_id).await?;
    if let Err(e) = rules::check_erasure_request(open) {
        return Err(invalid("scope", e.message_id()));
    }
    let pending = store::erasures_of_pupil(&app.db, pupil.0).await?;
    if pending
        .iter()
        .any(|r| r.status == ErasureStatus::Pending.code() && r.case_id == case_id)
    {
        return Err(invalid("scope", "error-erasure-pending"));
    }
    // The privacy officer of the case's school, or of the pupil's school now
    // (else of the school of the latest case).
    let org = case
        .map(|c| c.school_id)
        .or_else(|| loaded.facts.schools.first().map(|o| o.0))
        .or_else(|| cases.first().map(|c| c.school_id));
    let Some(org) = org else {
        return Err(invalid("scope", "error-erasure-no-school"));
    };
    let today = app.clock.today();
    let mut tx = app.db.begin().await?;
    let id = store::insert_erasure(
        &mut tx,
        &NewErasure {
            pupil_id: pupil.0,
            case_id,
            org_id: org,
            explanation,
            requested_by_user_id: Some(ctx.user_id.0),
            requested_by_name: ctx.name.clone(),
            due_on: rules::erasure_due(today),
        },
        app.now(),
    )
    .await?;
    let mut access = Access::new(AuditAction::Create, "erasure_request", id).of_pupil(pupil);
    access.fields = vec![format!(
        "scope={}",
        case_id.map_or_else(|| "file".to_owned(), |c| format!("case:{c}"))
    )];
    trail::append_in_tx(app, ctx, &mut tx, &decision, access).await?;
    tx.commit().await?;
    Ok(id)
}

/// The privacy officer's list of erasure requests.
pub struct ErasureList {
    pub org: OrgId,
    pub org_name: String,
    pub requests: Vec<ErasureRow>,
}

pub async fn erasure_list(app: &App, ctx: &Ctx, org: OrgId) -> Result<ErasureList, AppError> {
    let decision = decide(
        &ctx.actor,
        Request::Organisation {
            org,
            action: OrgAction::DecideErasure,
        },
    );
    let access = Access::new(AuditAction::Read, "erasure_requests", org);
    trail::enforce(app, ctx, decision, access, AppError::Forbidden).await?;
    let org_name = registry::organisation(&app.db, org.0)
        .await?
        .map(|o| o.name)
        .ok_or(AppError::NotFound)?;
    Ok(ErasureList {
        org,
        org_name,
        requests: store::erasures_of_org(&app.db, org.0, 200).await?,
    })
}

/// One erasure request with what the privacy officer weighs.
pub struct ErasureDetail {
    pub request: ErasureRow,
    pub pupil: PupilId,
    pub pupil_name: String,
    pub status: ErasureStatus,
    pub rules: Vec<RetentionRule>,
    pub open_escalations: usize,
    /// Cases in scope (one, or all of the pupil's).
    pub cases: Vec<CaseChoice>,
}

/// The privacy officer's decision on the request (`DecideErasure` at the
/// organisation the request is addressed to).
async fn erasure_decision(
    app: &App,
    ctx: &Ctx,
    pupil: PupilId,
    id: i64,
) -> Result<(Option<ErasureRow>, Decision), AppError> {
    let request = store::erasure(&app.db, id)
        .await?
        .filter(|r| r.pupil_id == Some(pupil.0));
    let decision = match &request {
        Some(r) => decide(
            &ctx.actor,
            Request::Organisation {
                org: OrgId(r.org_id),
                action: OrgAction::DecideErasure,
            },
        ),
        None => Decision::Deny(Denial::NoRelation),
    };
    Ok((request, decision))
}

pub async fn erasure_detail(
    app: &App,
    ctx: &Ctx,
    pupil: PupilId,
    id: i64,
) -> Result<ErasureDetail, AppError> {
    let (request, decision) = erasure_decision(app, ctx, pupil, id).await?;
    let access = Access::new(AuditAction::Read, "erasure_request", id).of_pupil(pupil);
    trail::enforce(app, ctx, decision, access, AppError::NotFound).await?;
    let request = request.ok_or(AppError::NotFound)?;
    let p = registry::pupil(&app.db, pupil.0)
        .await?
        .ok_or(AppError::NotFound)?;
    let cases = case_store::cases_of_pupil(&app.db, pupil.0)
        .await?
        .into_iter()
        .filter(|c| request.case_id.is_none_or(|id| id == c.id))
        .map(|c| CaseChoice {
            open: c.status != "closed",
            id: c.id,
            title: c.title,
        })
        .collect();
    Ok(ErasureDetail {
        status: ErasureStatus::from_code(&request.status).unwrap_or(ErasureStatus::Pending),
        open_escalations: store::open_escalations_of_pupil(&app.db, pupil.0, request.case_id)
            .await?,
        rules: retention_rules(app, pupil).await?,
        pupil,
        pupil_name: display_name(&p.given_name, p.name_prefix.as_deref(), &p.family_name),
        request,
        cases,
    })
}

/// What the decision form sends.
#[derive(Debug, Clone, Default)]
pub struct DecisionForm {
    /// `approve` or `refuse`.
    pub decision: String,
    pub reason: String,
}

/// Decide an erasure request. An approval is queued for the retention job
/// from today (`erase_on`); the job erases and marks it executed.
pub async fn decide_erasure(
    app: &App,
    ctx: &Ctx,
    pupil: PupilId,
    id: i64,
    form: &DecisionForm,
) -> Result<ErasureStatus, AppError> {
    let (request, decision) = erasure_decision(app, ctx, pupil, id).await?;
    let access = Access::new(AuditAction::Update, "erasure_request", id).of_pupil(pupil);
    let Some(request) = request.filter(|_| decision.is_allowed()) else {
        trail::record(app, ctx, &decision, access).await?;
        return Err(AppError::NotFound);
    };
    let mut errors = FieldErrors::default();
    let approve = match form.decision.as_str() {
        "approve" => Some(true),
        "refuse" => Some(false),
        _ => {
            errors.add("decision", "error-choose-option");
            None
        }
    };
    let reason = text::clean_optional(&form.reason, text::LONG_TEXT)
        .map_err(|e| errors.add_with("reason", e.message_id(), e.message_args()))
        .ok()
        .flatten();
    errors.into_result()?;
    let Some(approve) = approve else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let current = ErasureStatus::from_code(&request.status).unwrap_or(ErasureStatus::Pending);
    let open = store::open_escalations_of_pupil(&app.db, pupil.0, request.case_id).await?;
    let status =
        check_erasure_decision(current, approve, reason.as_deref(), open).map_err(|e| {
            let field = match e {
                rules::ErasureBlock::ReasonRequired => "reason",
                _ => "decision",
            };
            invalid(field, e.message_id())
        })?;
    let today = app.clock.today();
    let mut tx = app.db.begin().await?;
    let done = store::decide_erasure(
        &mut tx,
        id,
        status.code(),
        reason.as_deref(),
        (status == ErasureStatus::Approved).then_some(today),
        Some(ctx.user_id.0),
        &ctx.name,
        app.now(),
    )
    .await?;
    if !done {
        return Err(invalid("decision", "error-request-answered"));
    }
    let mut access = access;
    access.fields = vec![format!("status={}", status.code())];
    trail::append_in_tx(app, ctx, &mut tx, &decision, access).await?;
    tx.commit().await?;
    Ok(status)
}
