//! Meetings, evaluations and escalation (opschalen) inside a case.
//!
//! * A **meeting** (overleg, ondersteuningsteam, MDO, thuiszitteroverleg) is
//!   recorded after it was held, with who was there; its decision lines become
//!   agreements linked to it. A meeting with school, youth care and parents
//!   together is the thuiszitter's monthly meeting.
//! * An **evaluation** is planned on a date and later held: a score per goal
//!   and the team's decision, which moves the case by the domain's rules
//!   (closing needs an outcome, a reason and no open escalation; escalating
//!   leads to the escalation form).
//! * An **escalation** climbs team → managers → SWV and municipality, with
//!   the question, who decides and a deadline; an open one past its deadline
//!   is flagged red on every view of the case.
//!
//! Reading goes through the policy as `ViewSupport` (parents see it too);
//! recording meetings and planning evaluations needs `EditSupport` (the
//! family co-writes); holding an evaluation and escalating steer the case and
//! need `ManageCase`, like every other status change.

use brug_domain::access::{PupilAction, Request, decide};
use brug_domain::audit::AuditAction;
use brug_domain::cases::{
    CaseOutcome, CaseStatus, EscalationLevel, EvaluationDecision, Party, TransitionError,
    escalation_past_deadline, is_overdue,
};
use brug_domain::ids::{CaseId, PupilId};
use brug_domain::meetings::{
    self as rules, DECISION_LINES, EvaluationError, EvaluationState, MeetingKind,
};
use brug_domain::plan::{AgreementKind, ITEM_TEXT, check_score};
use brug_domain::registry::amsterdam_date;
use brug_domain::text::{self, FieldLimits};
use brug_store::cases::{self as case_store, NewEvent, StatusChange};
use brug_store::meetings::{
    self as store, EscalationRow, EvaluationRow, NewEscalation, NewMeeting,
};
use brug_store::plan::{self as plan_store, NewAgreement};
use brug_store::{StoreError, registry};
use time::{Date, Duration};

use crate::cases::{Authorized, CaseView, Write, authorize, log_write};
use crate::{App, AppError, Ctx, FieldErrors};

/// Free text that must be given: 1 to 10,000 characters (reasons, outcomes).
const REQUIRED_LONG: FieldLimits = FieldLimits {
    min_chars: 1,
    max_chars: 10_000,
};

/// A score's note: optional, up to 4,000 characters.
const SCORE_NOTE: FieldLimits = FieldLimits {
    min_chars: 0,
    max_chars: 4_000,
};

/// Meetings shown on the case page.
const MEETINGS_ON_CASE_PAGE: i64 = 3;

/// The default deadline of a new escalation, in days from today.
const DEFAULT_DEADLINE_DAYS: i64 = 14;

/// Form field names of the decision lines, by position (1-based in the form).
pub const ACTION_FIELDS: [&str; DECISION_LINES] =
    ["action_1", "action_2", "action_3", "action_4", "action_5"];
pub const PARTY_FIELDS: [&str; DECISION_LINES] =
    ["party_1", "party_2", "party_3", "party_4", "party_5"];
pub const OWNER_FIELDS: [&str; DECISION_LINES] =
    ["owner_1", "owner_2", "owner_3", "owner_4", "owner_5"];
pub const DUE_FIELDS: [&str; DECISION_LINES] = ["due_1", "due_2", "due_3", "due_4", "due_5"];

/// Goals scored by position in the evaluation form; a plan with more goals
/// reports errors of the rest under `scores`.
const SCORE_FIELDS: [&str; 20] = [
    "score_1", "score_2", "score_3", "score_4", "score_5", "score_6", "score_7", "score_8",
    "score_9", "score_10", "score_11", "score_12", "score_13", "score_14", "score_15", "score_16",
    "score_17", "score_18", "score_19", "score_20",
];
const NOTE_FIELDS: [&str; 20] = [
    "note_1", "note_2", "note_3", "note_4", "note_5", "note_6", "note_7", "note_8", "note_9",
    "note_10", "note_11", "note_12", "note_13", "note_14", "note_15", "note_16", "note_17",
    "note_18", "note_19", "note_20",
];

/// The error field of the score of the goal at `pos` (0-based).
pub fn score_field(pos: usize) -> &'static str {
    SCORE_FIELDS.get(pos).copied().unwrap_or("scores")
}

/// The error field of the note of the goal at `pos` (0-based).
pub fn note_field(pos: usize) -> &'static str {
    NOTE_FIELDS.get(pos).copied().unwrap_or("scores")
}

// ---------------------------------------------------------------------------
// What the pages show
// ---------------------------------------------------------------------------

/// The case a sub-page belongs to: enough for its heading and its links.
#[derive(Debug, Clone)]
pub struct CaseHead {
    pub id: CaseId,
    pub title: String,
    pub pupil_name: String,
    pub status: CaseStatus,
    /// May record meetings and plan evaluations (professionals and family).
    pub can_edit: bool,
    /// May hold evaluations and escalate (the professionals involved).
    pub can_steer: bool,
}

/// An open escalation past its deadline.
#[derive(Debug, Clone)]
pub struct EscalationFlag {
    pub id: i64,
    pub level: EscalationLevel,
    pub question: String,
    pub deadline: Date,
}

/// What every view of a case flags at its top.
#[derive(Debug, Clone, Default)]
pub struct CaseFlags {
    pub case_id: i64,
    pub overdue_escalations: Vec<EscalationFlag>,
}

/// An agreement made by a meeting's decision.
#[derive(Debug, Clone)]
pub struct AgreementLine {
    pub id: i64,
    pub action: String,
    pub party: Option<Party>,
    pub owner_name: String,
    pub due_on: Option<Date>,
    pub done: bool,
    pub overdue: bool,
}

#[derive(Debug, Clone)]
pub struct MeetingView {
    pub id: i64,
    pub held_on: Date,
    pub kind: Option<MeetingKind>,
    pub participants: String,
    pub agenda: String,
    pub notes: String,
    pub decisions: String,
    pub with_school: bool,
    pub with_care: bool,
    pub with_parents: bool,
    /// School, youth care and parents together: counts as the monthly meeting.
    pub triangle: bool,
    pub recorded_by: String,
    pub agreements: Vec<AgreementLine>,
}

#[derive(Debug, Clone)]
pub struct ScoreView {
    pub goal: String,
    pub score: i64,
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct EvaluationView {
    pub id: i64,
    pub planned_on: Date,
    pub held_on: Option<Date>,
    pub state: EvaluationState,
    pub decision: Option<EvaluationDecision>,
    pub reasons: String,
    pub scores: Vec<ScoreView>,
    /// The team decided to escalate and no escalation was opened for it yet.
    pub escalation_to_open: bool,
}

#[derive(Debug, Clone)]
pub struct EscalationView {
    pub id: i64,
    pub level: Option<EscalationLevel>,
    pub question: String,
    pub decider: String,
    pub deadline: Date,
    pub outcome: Option<String>,
    pub decided_on: Option<Date>,
    pub past_deadline: bool,
    pub opened_by: String,
    pub opened_on: Date,
    pub evaluation_id: Option<i64>,
}

impl EscalationView {
    pub fn is_open(&self) -> bool {
        self.decided_on.is_none()
    }
}

/// The meetings, evaluations and escalations on the case page.
#[derive(Debug, Clone, Default)]
pub struct MeetingsPart {
    pub meetings: Vec<MeetingView>,
    pub meetings_total: i64,
    /// Evaluations still to be held, soonest first.
    pub evaluations: Vec<EvaluationView>,
    /// The most recent evaluation that was held.
    pub last_held: Option<EvaluationView>,
    /// Open escalations, earliest deadline first.
    pub escalations: Vec<EscalationView>,
    pub can_edit: bool,
    pub can_steer: bool,
}

// ---------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------

fn allowed(ctx: &Ctx, auth: &Authorized, action: PupilAction) -> bool {
    decide(
        &ctx.actor,
        Request::Pupil {
            facts: &auth.facts,
            action,
            break_glass: None,
        },
    )
    .is_allowed()
}

pub(crate) async fn head(app: &App, ctx: &Ctx, auth: &Authorized) -> Result<CaseHead, AppError> {
    let c = &auth.case;
    let pupil = registry::pupil(&app.db, c.pupil_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(CaseHead {
        id: CaseId(c.id),
        title: c.title.clone(),
        pupil_name: brug_domain::registry::display_name(
            &pupil.given_name,
            pupil.name_prefix.as_deref(),
            &pupil.family_name,
        ),
        status: CaseStatus::from_code(&c.status).unwrap_or(CaseStatus::Active),
        can_edit: allowed(ctx, auth, PupilAction::ManageCase),
        can_steer: allowed(ctx, auth, PupilAction::ManageCase),
    })
}

pub(crate) async fn flags(app: &App, case_id: i64) -> Result<CaseFlags, AppError> {
    let today = app.clock.today();
    let overdue_escalations = store::past_deadline(&app.db, case_id, today)
        .await?
        .into_iter()
        .map(|e| EscalationFlag {
            id: e.id,
            level: EscalationLevel::from_code(&e.level).unwrap_or(EscalationLevel::Team),
            question: e.question,
            deadline: e.deadline,
        })
        .collect();
    Ok(CaseFlags {
        case_id,
        overdue_escalations,
    })
}

/// The flags of a case for a view whose read was already authorised and
/// logged in this request (the timeline, a plan page): the policy is asked
/// again, without a second log entry, and answers nothing when it refuses.
pub async fn flags_after_read(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
) -> Result<CaseFlags, AppError> {
    let Some(case) = case_store::case(&app.db, case_id.0).await? else {
        return Ok(CaseFlags::default());
    };
    let Some(facts) = crate::pupils::facts(app, PupilId(case.pupil_id)).await? else {
        return Ok(CaseFlags::default());
    };
    let decision = decide(
        &ctx.actor,
        Request::Pupil {
            facts: &facts,
            action: PupilAction::ViewSupport,
            break_glass: None,
        },
    );
    if !decision.is_allowed() {
        return Ok(CaseFlags::default());
    }
    flags(app, case.id).await
}

async fn meeting_views(app: &App, case_id: i64, limit: i64) -> Result<Vec<MeetingView>, AppError> {
    let today = app.clock.today();
    let rows = store::meetings(&app.db, case_id, limit).await?;
    let agreements = if rows.is_empty() {
        Vec::new()
    } else {
        plan_store::agreements(&app.db, case_id).await?
    };
    Ok(rows
        .into_iter()
        .map(|m| MeetingView {
            agreements: agreements
                .iter()
                .filter(|a| a.meeting_id == Some(m.id))
                .map(|a| AgreementLine {
                    id: a.id,
                    action: a.action.clone(),
                    party: Party::from_code(&a.party),
                    owner_name: a.owner_name.clone(),
                    due_on: a.due_on,
                    done: a.done_on.is_some(),
                    overdue: is_overdue(a.due_on, a.done_on.is_some(), today),
                })
                .collect(),
            id: m.id,
            held_on: m.held_on,
            kind: MeetingKind::from_code(&m.kind),
            triangle: rules::is_triangle(m.with_school, m.with_care, m.with_parents),
            participants: m.participants,
            agenda: m.agenda,
            notes: m.notes,
            decisions: m.decisions,
            with_school: m.with_school,
            with_care: m.with_care,
            with_parents: m.with_parents,
            recorded_by: m.created_by_name,
        })
        .collect())
}

fn escalation_view(e: EscalationRow, today: Date) -> EscalationView {
    EscalationView {
        past_deadline: escalation_past_deadline(e.deadline, e.decided_on.is_some(), today),
        id: e.id,
        level: EscalationLevel::from_code(&e.level),
        question: e.question,
        decider: e.decider,
        deadline: e.deadline,
        outcome: e.outcome,
        decided_on: e.decided_on,
        opened_by: e.opened_by_name,
        opened_on: amsterdam_date(e.created_at.get()),
        evaluation_id: e.evaluation_id,
    }
}

/// Every evaluation and escalation of a case, as shown.
async fn evaluations_and_escalations(
    app: &App,
    case_id: i64,
) -> Result<(Vec<EvaluationView>, Vec<EscalationView>), AppError> {
    let today = app.clock.today();
    let escalations: Vec<EscalationView> = store::escalations(&app.db, case_id)
        .await?
        .into_iter()
        .map(|e| escalation_view(e, today))
        .collect();
    let rows = store::evaluations(&app.db, case_id).await?;
    let scores = if rows.iter().any(|e| e.held_on.is_some()) {
        store::scores_of_case(&app.db, case_id).await?
    } else {
        Vec::new()
    };
    let evaluations = rows
        .into_iter()
        .map(|e| evaluation_view(e, &scores, &escalations, today))
        .collect();
    Ok((evaluations, escalations))
}

fn evaluation_view(
    e: EvaluationRow,
    scores: &[store::ScoreRow],
    escalations: &[EscalationView],
    today: Date,
) -> EvaluationView {
    let decision = e
        .decision
        .as_deref()
        .and_then(EvaluationDecision::from_code);
    EvaluationView {
        state: rules::evaluation_state(e.planned_on, e.held_on, today),
        escalation_to_open: decision == Some(EvaluationDecision::Escalate)
            && !escalations.iter().any(|x| x.evaluation_id == Some(e.id)),
        scores: scores
            .iter()
            .filter(|s| s.evaluation_id == e.id)
            .map(|s| ScoreView {
                goal: s.goal.clone(),
                score: s.score,
                note: s.note.clone(),
            })
            .collect(),
        id: e.id,
        planned_on: e.planned_on,
        held_on: e.held_on,
        decision,
        reasons: e.reasons.unwrap_or_default(),
    }
}

/// The case page's part: recent meetings, evaluations to hold, open
/// escalations, and the flags for the top of the page. `view` is the case
/// as read (and logged) for this request; nothing is logged again.
pub async fn part(app: &App, view: &CaseView) -> Result<(MeetingsPart, CaseFlags), AppError> {
    let case_id = view.id.0;
    if !view.sees(brug_domain::consent::ConsentPart::Meetings) {
        // Not in the viewer's consent: nothing of it is read.
        return Ok((
            MeetingsPart::default(),
            CaseFlags {
                case_id,
                ..CaseFlags::default()
            },
        ));
    }
    let meetings = meeting_views(app, case_id, MEETINGS_ON_CASE_PAGE).await?;
    let meetings_total = store::count_meetings(&app.db, case_id).await?;
    let (evaluations, escalations) = evaluations_and_escalations(app, case_id).await?;
    let last_held = evaluations.iter().find(|e| e.held_on.is_some()).cloned();
    let part = MeetingsPart {
        meetings,
        meetings_total,
        evaluations: evaluations
            .into_iter()
            .filter(|e| e.held_on.is_none())
            .collect(),
        last_held,
        escalations: escalations.into_iter().filter(|e| e.is_open()).collect(),
        can_edit: view.can_steer,
        can_steer: view.can_steer,
    };
    Ok((part, flags(app, case_id).await?))
}

/// A team member who can own an agreement: (member id, name).
#[derive(Debug, Clone)]
pub struct Owner {
    pub member_id: i64,
    pub name: String,
}

/// The meetings page: every meeting, and what the form offers.
pub struct MeetingsPage {
    pub head: CaseHead,
    pub flags: CaseFlags,
    pub meetings: Vec<MeetingView>,
    pub owners: Vec<Owner>,
    /// The team's names, to start the participants field with.
    pub team_names: String,
    pub today: Date,
}

pub async fn meetings_page(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
) -> Result<MeetingsPage, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ViewSupport,
        AuditAction::Read,
        "meetings",
        None,
    )
    .await?;
    let head = head(app, ctx, &auth).await?;
    let members = case_store::members(&app.db, auth.case.id).await?;
    let team_names = members
        .iter()
        .map(|m| m.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let owners = members
        .into_iter()
        .map(|m| Owner {
            member_id: m.id,
            name: match m.org_name {
                Some(org) => format!("{} ({org})", m.name),
                None => m.name,
            },
        })
        .collect();
    Ok(MeetingsPage {
        meetings: meeting_views(app, auth.case.id, 1000).await?,
        flags: flags(app, auth.case.id).await?,
        head,
        owners,
        team_names,
        today: app.clock.today(),
    })
}

/// The evaluations page: planned and held evaluations.
pub struct EvaluationsPage {
    pub head: CaseHead,
    pub flags: CaseFlags,
    pub evaluations: Vec<EvaluationView>,
}

pub async fn evaluations_page(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
) -> Result<EvaluationsPage, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ViewSupport,
        AuditAction::Read,
        "evaluations",
        None,
    )
    .await?;
    let (evaluations, _) = evaluations_and_escalations(app, auth.case.id).await?;
    Ok(EvaluationsPage {
        head: head(app, ctx, &auth).await?,
        flags: flags(app, auth.case.id).await?,
        evaluations,
    })
}

/// A goal to score at an evaluation.
#[derive(Debug, Clone)]
pub struct GoalToScore {
    pub goal_id: i64,
    pub description: String,
    pub status: String,
}

/// One evaluation: to hold it, or what was decided.
pub struct EvaluationPage {
    pub head: CaseHead,
    pub flags: CaseFlags,
    pub evaluation: EvaluationView,
    pub goals: Vec<GoalToScore>,
    /// The escalation this evaluation opened, if any.
    pub escalation_id: Option<i64>,
    pub today: Date,
}

/// The goals scored at an evaluation: every goal of the case not dropped.
async fn goals_to_score(app: &App, case_id: i64) -> Result<Vec<GoalToScore>, AppError> {
    Ok(plan_store::goals(&app.db, case_id)
        .await?
        .into_iter()
        .filter(|g| g.status != "dropped")
        .map(|g| GoalToScore {
            goal_id: g.id,
            description: g.description,
            status: g.status,
        })
        .collect())
}

pub async fn evaluation_page(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    evaluation_id: i64,
) -> Result<EvaluationPage, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ViewSupport,
        AuditAction::Read,
        "evaluation",
        None,
    )
    .await?;
    let (evaluations, escalations) = evaluations_and_escalations(app, auth.case.id).await?;
    let evaluation = evaluations
        .into_iter()
        .find(|e| e.id == evaluation_id)
        .ok_or(AppError::NotFound)?;
    Ok(EvaluationPage {
        escalation_id: escalations
            .iter()
            .find(|x| x.evaluation_id == Some(evaluation_id))
            .map(|x| x.id),
        goals: goals_to_score(app, auth.case.id).await?,
        head: head(app, ctx, &auth).await?,
        flags: flags(app, auth.case.id).await?,
        evaluation,
        today: app.clock.today(),
    })
}

/// What the escalation form starts with.
#[derive(Debug, Clone, Default)]
pub struct EscalationPrefill {
    pub level: String,
    pub question: String,
    pub decider: String,
    pub deadline: Option<Date>,
    pub evaluation_id: Option<i64>,
}

pub struct EscalationsPage {
    pub head: CaseHead,
    pub flags: CaseFlags,
    pub escalations: Vec<EscalationView>,
    pub prefill: EscalationPrefill,
    pub today: Date,
}

/// The escalations of a case. Coming from an evaluation that decided to
/// escalate, the form is filled in with its reasons and the next level.
pub async fn escalations_page(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    from_evaluation: Option<i64>,
) -> Result<EscalationsPage, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ViewSupport,
        AuditAction::Read,
        "escalations",
        None,
    )
    .await?;
    let today = app.clock.today();
    let (evaluations, escalations) = evaluations_and_escalations(app, auth.case.id).await?;
    let levels: Vec<EscalationLevel> = escalations.iter().filter_map(|e| e.level).collect();
    let source = from_evaluation
        .and_then(|id| evaluations.iter().find(|e| e.id == id))
        .filter(|e| e.decision == Some(EvaluationDecision::Escalate));
    let prefill = EscalationPrefill {
        level: rules::suggested_level(&levels).code().to_owned(),
        question: source.map(|e| e.reasons.clone()).unwrap_or_default(),
        decider: String::new(),
        deadline: Some(today + Duration::days(DEFAULT_DEADLINE_DAYS)),
        evaluation_id: source.map(|e| e.id),
    };
    Ok(EscalationsPage {
        head: head(app, ctx, &auth).await?,
        flags: flags(app, auth.case.id).await?,
        escalations,
        prefill,
        today,
    })
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/// Nothing is added to a closed case; reopen it first.
fn refuse_closed(auth: &Authorized, errors: &mut FieldErrors) {
    if auth.case.status == CaseStatus::Closed.code() {
        errors.add("case", "error-case-closed-no-changes");
    }
}

fn short(text: &str, max: usize) -> String {
    let mut s: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        s.push('…');
    }
    s
}

fn parse_date(
    errors: &mut FieldErrors,
    field: &'static str,
    input: &str,
    rule: impl FnOnce(Date) -> Result<(), &'static str>,
) -> Option<Date> {
    match text::parse_dutch_date(input) {
        Ok(d) => match rule(d) {
            Ok(()) => Some(d),
            Err(id) => {
                errors.add(field, id);
                None
            }
        },
        Err(e) => {
            errors.add_with(field, e.message_id(), e.message_args());
            None
        }
    }
}

fn required(
    errors: &mut FieldErrors,
    field: &'static str,
    input: &str,
    limits: FieldLimits,
) -> Option<String> {
    text::clean_text(input, limits)
        .map_err(|e| errors.add_with(field, e.message_id(), e.message_args()))
        .ok()
}

fn optional(
    errors: &mut FieldErrors,
    field: &'static str,
    input: &str,
    limits: FieldLimits,
) -> String {
    text::clean_optional(input, limits)
        .map_err(|e| errors.add_with(field, e.message_id(), e.message_args()))
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// A decision line of the meeting form: it becomes an agreement.
#[derive(Debug, Clone, Default)]
pub struct DecisionLine {
    pub action: String,
    pub party: String,
    /// The team member who owns it (member id).
    pub owner: String,
    pub due: String,
}

impl DecisionLine {
    fn is_blank(&self) -> bool {
        [&self.action, &self.party, &self.owner, &self.due]
            .iter()
            .all(|f| f.trim().is_empty())
    }
}

/// What the meeting form sends.
#[derive(Debug, Clone, Default)]
pub struct MeetingForm {
    pub held_on: String,
    pub kind: String,
    pub participants: String,
    pub agenda: String,
    pub notes: String,
    pub decisions: String,
    pub with_school: bool,
    pub with_care: bool,
    pub with_parents: bool,
    /// Up to [`DECISION_LINES`]; blank lines are skipped.
    pub lines: Vec<DecisionLine>,
}

/// Record a held meeting; each filled decision line becomes an agreement
/// linked to it. Returns the meeting's id.
pub async fn record_meeting(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    form: &MeetingForm,
) -> Result<i64, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageCase,
        AuditAction::Create,
        "meeting",
        None,
    )
    .await?;
    let today = app.clock.today();
    let mut errors = FieldErrors::default();
    refuse_closed(&auth, &mut errors);
    let held_on = parse_date(&mut errors, "held_on", &form.held_on, |d| {
        rules::check_held_on(d, today)
    });
    let kind = MeetingKind::from_code(&form.kind);
    if kind.is_none() {
        errors.add("kind", "error-choose-option");
    }
    let participants = required(&mut errors, "participants", &form.participants, ITEM_TEXT);
    let agenda = optional(&mut errors, "agenda", &form.agenda, text::LONG_TEXT);
    let notes = optional(&mut errors, "notes", &form.notes, text::LONG_TEXT);
    let decisions = optional(&mut errors, "decisions", &form.decisions, text::LONG_TEXT);
    let members = case_store::members(&app.db, auth.case.id).await?;
    let mut agreements = Vec::new();
    for (i, line) in form.lines.iter().take(DECISION_LINES).enumerate() {
        if line.is_blank() {
            continue;
        }
        let action = required(&mut errors, ACTION_FIELDS[i], &line.action, ITEM_TEXT);
        let party = Party::from_code(&line.party);
        if party.is_none() {
            errors.add(PARTY_FIELDS[i], "error-choose-option");
        }
        let owner = line
            .owner
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|id| members.iter().find(|m| m.id == id));
        if owner.is_none() {
            errors.add(OWNER_FIELDS[i], "error-meeting-owner-required");
        }
        let due = parse_date(&mut errors, DUE_FIELDS[i], &line.due, |d| match held_on {
            Some(h) => rules::check_due_after_meeting(h, d),
            None => Ok(()),
        });
        if let (Some(action), Some(party), Some(owner), Some(due)) = (action, party, owner, due) {
            agreements.push((action, party, owner, due));
        }
    }
    errors.into_result()?;
    let (Some(held_on), Some(kind), Some(participants)) = (held_on, kind, participants) else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let to = crate::notifications::case_recipients(
        app,
        auth.case.id,
        PupilId(auth.case.pupil_id),
        brug_domain::family::NotificationKind::Meeting,
        Some(ctx.user_id),
    )
    .await?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let id = store::insert_meeting(
        &mut tx,
        &NewMeeting {
            case_id: auth.case.id,
            held_on,
            kind: kind.code().into(),
            participants,
            agenda,
            notes,
            decisions,
            with_school: form.with_school,
            with_care: form.with_care,
            with_parents: form.with_parents,
            created_by_user_id: Some(ctx.user_id.0),
        },
        now,
    )
    .await?;
    for (action, party, owner, due) in &agreements {
        let agreement = plan_store::insert_agreement(
            &mut tx,
            &NewAgreement {
                case_id: auth.case.id,
                action: action.clone(),
                party: party.code().into(),
                kind: AgreementKind::Task.code().into(),
                owner_user_id: owner.user_id,
                owner_name: owner.name.clone(),
                due_on: Some(*due),
                meeting_id: Some(id),
                created_by_user_id: Some(ctx.user_id.0),
            },
            now,
        )
        .await?;
        case_store::insert_event(
            &mut tx,
            &NewEvent {
                case_id: auth.case.id,
                kind: "agreement".into(),
                summary: short(action, 120),
                ref_id: Some(agreement),
                actor_user_id: Some(ctx.user_id.0),
                actor_name: ctx.name.clone(),
            },
            now,
        )
        .await?;
    }
    case_store::touch_activity(&mut tx, auth.case.id, today, now).await?;
    let date = format!(
        "{:02}-{:02}-{}",
        held_on.day(),
        u8::from(held_on.month()),
        held_on.year()
    );
    log_write(
        app,
        ctx,
        &mut tx,
        &auth,
        Write {
            action: AuditAction::Create,
            resource: "meeting",
            id: id.to_string(),
            fields: vec![
                "held_on".into(),
                "kind".into(),
                "participants".into(),
                "agenda".into(),
                "notes".into(),
                "decisions".into(),
                format!("agreements={}", agreements.len()),
            ],
            event: Some(("meeting", format!("{date} ({})", kind.code()))),
        },
    )
    .await?;
    crate::notifications::notify_in_tx(
        app,
        &mut tx,
        &to,
        brug_domain::family::NotificationEvent::MeetingRecorded,
        crate::notifications::About {
            case_id: Some(auth.case.id),
            pupil_id: Some(auth.case.pupil_id),
            ref_id: Some(id),
        },
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Plan an evaluation on a date (today or later).
pub async fn plan_evaluation(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    planned_on: &str,
) -> Result<i64, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageCase,
        AuditAction::Create,
        "evaluation",
        None,
    )
    .await?;
    let today = app.clock.today();
    let mut errors = FieldErrors::default();
    refuse_closed(&auth, &mut errors);
    let planned = parse_date(&mut errors, "planned_on", planned_on, |d| {
        rules::check_planned_on(d, today)
    });
    errors.into_result()?;
    let planned = planned.ok_or_else(|| AppError::Internal("validated date missing".into()))?;
    let to = crate::notifications::case_recipients(
        app,
        auth.case.id,
        PupilId(auth.case.pupil_id),
        brug_domain::family::NotificationKind::Meeting,
        Some(ctx.user_id),
    )
    .await?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let id =
        store::insert_evaluation(&mut tx, auth.case.id, planned, Some(ctx.user_id.0), now).await?;
    log_write(
        app,
        ctx,
        &mut tx,
        &auth,
        Write {
            action: AuditAction::Create,
            resource: "evaluation",
            id: id.to_string(),
            fields: vec!["planned_on".into()],
            event: Some((
                "evaluation",
                format!(
                    "{:02}-{:02}-{}",
                    planned.day(),
                    u8::from(planned.month()),
                    planned.year()
                ),
            )),
        },
    )
    .await?;
    crate::notifications::notify_in_tx(
        app,
        &mut tx,
        &to,
        brug_domain::family::NotificationEvent::EvaluationPlanned,
        crate::notifications::About {
            case_id: Some(auth.case.id),
            pupil_id: Some(auth.case.pupil_id),
            ref_id: Some(id),
        },
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A goal's score as typed.
#[derive(Debug, Clone, Default)]
pub struct ScoreInput {
    pub goal_id: i64,
    pub score: String,
    pub note: String,
}

/// What the form to hold an evaluation sends.
#[derive(Debug, Clone, Default)]
pub struct HoldForm {
    pub held_on: String,
    pub decision: String,
    pub reasons: String,
    /// With "close": how the case ended.
    pub outcome: String,
    pub scores: Vec<ScoreInput>,
}

/// What holding an evaluation led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    pub decision: EvaluationDecision,
    pub new_status: Option<CaseStatus>,
    /// The team decided to escalate: the escalation form comes next.
    pub opens_escalation: bool,
}

fn evaluation_error_field(e: EvaluationError) -> &'static str {
    match e {
        EvaluationError::Transition(TransitionError::OutcomeRequired) => "outcome",
        EvaluationError::Transition(TransitionError::ReasonRequired) => "reasons",
        _ => "decision",
    }
}

/// Hold a planned evaluation: a score (1–10) per goal, the team's decision
/// and its reasons. The decision moves the case by the domain's rules.
pub async fn hold_evaluation(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    evaluation_id: i64,
    form: &HoldForm,
) -> Result<Held, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageCase,
        AuditAction::Update,
        "evaluation",
        None,
    )
    .await?;
    let evaluation = store::evaluation(&app.db, auth.case.id, evaluation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = app.clock.today();
    let mut errors = FieldErrors::default();
    let held_on = parse_date(&mut errors, "held_on", &form.held_on, |d| {
        rules::check_evaluation_held_on(d, today)
    });
    let goals = goals_to_score(app, auth.case.id).await?;
    let mut scores = Vec::new();
    for (pos, goal) in goals.iter().enumerate() {
        let input = form.scores.iter().find(|s| s.goal_id == goal.goal_id);
        let typed = input.map(|s| s.score.trim()).unwrap_or_default();
        let score = if typed.is_empty() {
            errors.add(score_field(pos), "error-evaluation-score-required");
            None
        } else {
            match typed.parse::<i64>().ok().map(check_score) {
                Some(Ok(s)) => Some(s),
                _ => {
                    errors.add(score_field(pos), "error-evaluation-score-range");
                    None
                }
            }
        };
        let note = optional(
            &mut errors,
            note_field(pos),
            input.map(|s| s.note.as_str()).unwrap_or_default(),
            SCORE_NOTE,
        );
        if let Some(score) = score {
            scores.push((goal.goal_id, score, note));
        }
    }
    let decision = EvaluationDecision::from_code(&form.decision);
    if decision.is_none() {
        errors.add("decision", "error-evaluation-decision-required");
    }
    let reasons = required(&mut errors, "reasons", &form.reasons, REQUIRED_LONG);
    let outcome = CaseOutcome::from_code(&form.outcome);
    let from = CaseStatus::from_code(&auth.case.status).unwrap_or(CaseStatus::Active);
    let effect = match decision {
        Some(d) => {
            let open = case_store::open_escalations(&app.db, auth.case.id).await?;
            // A missing reason is reported once, at the reasons field.
            let reason = reasons.as_deref().or(Some("-"));
            match rules::evaluation_effect(from, d, outcome, reason, open) {
                Ok(effect) => Some(effect),
                Err(e) => {
                    errors.add(evaluation_error_field(e), e.message_id());
                    None
                }
            }
        }
        None => None,
    };
    if evaluation.held_on.is_some() {
        errors.add("held_on", "error-evaluation-already-held");
    }
    errors.into_result()?;
    let (Some(held_on), Some(decision), Some(reasons), Some(effect)) =
        (held_on, decision, reasons, effect)
    else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let now = app.now();
    let mut tx = app.db.begin().await?;
    store::hold_evaluation(
        &mut tx,
        auth.case.id,
        evaluation.id,
        held_on,
        decision.code(),
        &reasons,
    )
    .await
    .map_err(|e| match e {
        StoreError::Conflict => AppError::Conflict("evaluation held already".into()),
        other => other.into(),
    })?;
    for (goal_id, score, note) in &scores {
        store::insert_score(&mut tx, evaluation.id, *goal_id, *score, note).await?;
    }
    let mut fields = vec![
        "held_on".into(),
        "decision".into(),
        "reasons".into(),
        format!("scores={}", scores.len()),
    ];
    if let Some(to) = effect.new_status {
        if to == CaseStatus::Closed
            && store::open_escalations_in_tx(&mut tx, auth.case.id).await? > 0
        {
            // An escalation was opened while this form was filled in.
            tx.rollback().await?;
            let mut errors = FieldErrors::default();
            errors.add("decision", TransitionError::OpenEscalation.message_id());
            return Err(AppError::Invalid(errors));
        }
        let closing = to == CaseStatus::Closed;
        let change = StatusChange {
            status: to.code().into(),
            help_started_on: auth
                .case
                .help_started_on
                .or((to == CaseStatus::Active).then_some(today)),
            closed_on: closing.then_some(today),
            close_reason: closing.then(|| reasons.clone()),
            outcome: if closing {
                outcome.map(|o| o.code().to_owned())
            } else {
                None
            },
        };
        case_store::change_status(
            &mut tx,
            auth.case.id,
            auth.case.version,
            &change,
            today,
            now,
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict => AppError::Conflict("case changed".into()),
            other => other.into(),
        })?;
        case_store::insert_event(
            &mut tx,
            &NewEvent {
                case_id: auth.case.id,
                kind: "status".into(),
                summary: format!("{from} → {to}"),
                ref_id: Some(auth.case.id),
                actor_user_id: Some(ctx.user_id.0),
                actor_name: ctx.name.clone(),
            },
            now,
        )
        .await?;
        fields.push("status".into());
    } else {
        case_store::touch_activity(&mut tx, auth.case.id, today, now).await?;
    }
    log_write(
        app,
        ctx,
        &mut tx,
        &auth,
        Write {
            action: AuditAction::Update,
            resource: "evaluation",
            id: evaluation.id.to_string(),
            fields,
            event: Some((
                "evaluation",
                format!("{}: {}", decision.code(), short(&reasons, 120)),
            )),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Held {
        decision,
        new_status: effect.new_status,
        opens_escalation: effect.opens_escalation,
    })
}

/// What the escalation form sends.
#[derive(Debug, Clone, Default)]
pub struct EscalationForm {
    pub level: String,
    pub question: String,
    pub decider: String,
    pub deadline: String,
    /// The evaluation whose decision this escalation carries out, if any.
    pub evaluation_id: String,
}

/// Open an escalation: the level, the question to decide, who decides and
/// by when (today or later).
pub async fn open_escalation(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    form: &EscalationForm,
) -> Result<i64, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageCase,
        AuditAction::Create,
        "escalation",
        None,
    )
    .await?;
    let today = app.clock.today();
    let mut errors = FieldErrors::default();
    refuse_closed(&auth, &mut errors);
    let level = EscalationLevel::from_code(&form.level);
    if level.is_none() {
        errors.add("level", "error-choose-option");
    }
    let question = required(&mut errors, "question", &form.question, ITEM_TEXT);
    let decider = required(&mut errors, "decider", &form.decider, text::SHORT_TEXT);
    let deadline = parse_date(&mut errors, "deadline", &form.deadline, |d| {
        rules::check_deadline(d, today)
    });
    // Only an evaluation of this case links; anything else is ignored.
    let evaluation_id = match form.evaluation_id.trim().parse::<i64>() {
        Ok(id) => store::evaluation(&app.db, auth.case.id, id)
            .await?
            .map(|e| e.id),
        Err(_) => None,
    };
    errors.into_result()?;
    let (Some(level), Some(question), Some(decider), Some(deadline)) =
        (level, question, decider, deadline)
    else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let id = store::insert_escalation(
        &mut tx,
        &NewEscalation {
            case_id: auth.case.id,
            level: level.code().into(),
            question: question.clone(),
            decider,
            deadline,
            opened_by_user_id: Some(ctx.user_id.0),
            evaluation_id,
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
            action: AuditAction::Create,
            resource: "escalation",
            id: id.to_string(),
            fields: vec![
                "level".into(),
                "question".into(),
                "decider".into(),
                "deadline".into(),
            ],
            event: Some((
                "escalation",
                format!("{}: {}", level.code(), short(&question, 120)),
            )),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// What the form to record an escalation's decision sends.
#[derive(Debug, Clone, Default)]
pub struct DecideForm {
    pub outcome: String,
    pub decided_on: String,
}

/// Record the outcome of an open escalation and the day it was decided.
pub async fn decide_escalation(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    escalation_id: i64,
    form: &DecideForm,
) -> Result<(), AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageCase,
        AuditAction::Update,
        "escalation",
        None,
    )
    .await?;
    let escalation = store::escalation(&app.db, auth.case.id, escalation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = app.clock.today();
    let opened_on = amsterdam_date(escalation.created_at.get());
    let mut errors = FieldErrors::default();
    let outcome = required(&mut errors, "outcome", &form.outcome, ITEM_TEXT);
    let decided_on = parse_date(&mut errors, "decided_on", &form.decided_on, |d| {
        rules::check_decided_on(d, opened_on, today)
    });
    if escalation.decided_on.is_some() {
        errors.add("outcome", "error-escalation-already-decided");
    }
    errors.into_result()?;
    let (Some(outcome), Some(decided_on)) = (outcome, decided_on) else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let mut tx = app.db.begin().await?;
    store::decide_escalation(&mut tx, auth.case.id, escalation.id, &outcome, decided_on)
        .await
        .map_err(|e| match e {
            StoreError::Conflict => AppError::Conflict("escalation decided already".into()),
            other => other.into(),
        })?;
    log_write(
        app,
        ctx,
        &mut tx,
        &auth,
        Write {
            action: AuditAction::Update,
            resource: "escalation",
            id: escalation.id.to_string(),
            fields: vec!["outcome".into(), "decided_on".into()],
            event: Some(("escalation", short(&outcome, 120))),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
