//! The meetings, evaluations and escalations of a case: recording a meeting
//! whose decision lines become agreements, planning and holding evaluations,
//! and opening and deciding escalations. Every page shows the red flag of an
//! escalation past its deadline at its top.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use brug_app::meetings::{
    self as app, CaseFlags, CaseHead, DecideForm, DecisionLine, EscalationForm, EscalationView,
    EvaluationView, HoldForm, MeetingForm, MeetingView, Owner, ScoreInput,
};
use brug_app::{AppError, Ctx, FieldErrors};
use brug_domain::cases::{CaseOutcome, CaseStatus, EscalationLevel, EvaluationDecision, Party};
use brug_domain::ids::CaseId;
use brug_domain::meetings::{DECISION_LINES, MeetingKind};
use serde::Deserialize;

use super::cases::{options, see_other, with_flash};
use super::users::Errors;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::session::Viewer;
use crate::state::AppState;

/// A form as sent: its fields in order (decision lines and goal scores have
/// numbered names).
type Pairs = Vec<(String, String)>;

fn field(pairs: &Pairs, name: &str) -> String {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

fn checked(pairs: &Pairs, name: &str) -> bool {
    pairs.iter().any(|(k, v)| k == name && !v.is_empty())
}

fn today(state: &AppState, c: &Chrome) -> String {
    c.date(&state.app.clock.today())
}

/// Answer 422 with the page re-rendered.
fn unprocessable(t: &impl Template) -> Result<Response, WebError> {
    let mut r = super::render(t)?;
    *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(r)
}

// ---------------------------------------------------------------------------
// Meetings
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Default)]
pub struct MeetingFields {
    held_on: String,
    kind: String,
    participants: String,
    agenda: String,
    notes: String,
    decisions: String,
    with_school: bool,
    with_care: bool,
    with_parents: bool,
}

/// One decision line of the form, as typed, with its errors.
#[derive(Debug, Clone, Default)]
pub struct LineFields {
    n: usize,
    action: String,
    party: String,
    owner: String,
    due: String,
    action_error: Option<String>,
    party_error: Option<String>,
    owner_error: Option<String>,
    due_error: Option<String>,
}

fn lines_from(pairs: &Pairs, errors: &Errors) -> Vec<LineFields> {
    (0..DECISION_LINES)
        .map(|i| LineFields {
            n: i + 1,
            action: field(pairs, app::ACTION_FIELDS[i]),
            party: field(pairs, app::PARTY_FIELDS[i]),
            owner: field(pairs, app::OWNER_FIELDS[i]),
            due: field(pairs, app::DUE_FIELDS[i]),
            action_error: errors.get(app::ACTION_FIELDS[i]).cloned(),
            party_error: errors.get(app::PARTY_FIELDS[i]).cloned(),
            owner_error: errors.get(app::OWNER_FIELDS[i]).cloned(),
            due_error: errors.get(app::DUE_FIELDS[i]).cloned(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "case/meetings.html")]
struct MeetingsTpl {
    c: Chrome,
    head: CaseHead,
    flags: CaseFlags,
    errors: Errors,
    meetings: Vec<MeetingView>,
    form: MeetingFields,
    lines: Vec<LineFields>,
    kinds: Vec<(String, String)>,
    parties: Vec<(String, String)>,
    owners: Vec<Owner>,
}

async fn meetings_tpl(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    id: i64,
    typed: Option<(&Pairs, &FieldErrors)>,
) -> Result<MeetingsTpl, WebError> {
    let page = app::meetings_page(&state.app, ctx, CaseId(id)).await?;
    let kinds = options(
        &c,
        MeetingKind::ALL,
        MeetingKind::code,
        MeetingKind::message_id,
    );
    let parties = options(&c, Party::ALL, Party::code, Party::message_id);
    let (form, errors, lines) = match typed {
        Some((pairs, e)) => {
            let errors = Errors::from(&c, e);
            let lines = lines_from(pairs, &errors);
            let form = MeetingFields {
                held_on: field(pairs, "held_on"),
                kind: field(pairs, "kind"),
                participants: field(pairs, "participants"),
                agenda: field(pairs, "agenda"),
                notes: field(pairs, "notes"),
                decisions: field(pairs, "decisions"),
                with_school: checked(pairs, "with_school"),
                with_care: checked(pairs, "with_care"),
                with_parents: checked(pairs, "with_parents"),
            };
            (form, errors, lines)
        }
        None => {
            let errors = Errors::none();
            let lines = lines_from(&Vec::new(), &errors);
            let form = MeetingFields {
                held_on: today(state, &c),
                kind: MeetingKind::Overleg.code().into(),
                participants: page.team_names.clone(),
                ..MeetingFields::default()
            };
            (form, errors, lines)
        }
    };
    Ok(MeetingsTpl {
        c,
        head: page.head,
        flags: page.flags,
        errors,
        meetings: page.meetings,
        form,
        lines,
        kinds,
        parties,
        owners: page.owners,
    })
}

pub async fn meetings(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    super::render(&meetings_tpl(&state, &ctx, c, id, None).await?)
}

pub async fn record_meeting(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, WebError> {
    let form = MeetingForm {
        held_on: field(&pairs, "held_on"),
        kind: field(&pairs, "kind"),
        participants: field(&pairs, "participants"),
        agenda: field(&pairs, "agenda"),
        notes: field(&pairs, "notes"),
        decisions: field(&pairs, "decisions"),
        with_school: checked(&pairs, "with_school"),
        with_care: checked(&pairs, "with_care"),
        with_parents: checked(&pairs, "with_parents"),
        lines: (0..DECISION_LINES)
            .map(|i| DecisionLine {
                action: field(&pairs, app::ACTION_FIELDS[i]),
                party: field(&pairs, app::PARTY_FIELDS[i]),
                owner: field(&pairs, app::OWNER_FIELDS[i]),
                due: field(&pairs, app::DUE_FIELDS[i]),
            })
            .collect(),
    };
    match app::record_meeting(&state.app, &ctx, CaseId(id), &form).await {
        Ok(meeting) => Ok(with_flash(
            see_other(&format!("/cases/{id}/meetings#meeting-{meeting}")),
            &state,
            "ok:flash-meeting-recorded",
        )),
        Err(AppError::Invalid(e)) => {
            unprocessable(&meetings_tpl(&state, &ctx, c, id, Some((&pairs, &e))).await?)
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// Evaluations
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "case/evaluations.html")]
struct EvaluationsTpl {
    c: Chrome,
    head: CaseHead,
    flags: CaseFlags,
    errors: Errors,
    evaluations: Vec<EvaluationView>,
    planned_on: String,
}

async fn evaluations_tpl(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    id: i64,
    planned_on: String,
    errors: Option<&FieldErrors>,
) -> Result<EvaluationsTpl, WebError> {
    let page = app::evaluations_page(&state.app, ctx, CaseId(id)).await?;
    Ok(EvaluationsTpl {
        errors: errors.map_or_else(Errors::none, |e| Errors::from(&c, e)),
        c,
        head: page.head,
        flags: page.flags,
        evaluations: page.evaluations,
        planned_on,
    })
}

pub async fn evaluations(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    super::render(&evaluations_tpl(&state, &ctx, c, id, String::new(), None).await?)
}

#[derive(Deserialize, Default)]
pub struct PlanFields {
    #[serde(default)]
    planned_on: String,
}

pub async fn plan_evaluation(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<PlanFields>,
) -> Result<Response, WebError> {
    match app::plan_evaluation(&state.app, &ctx, CaseId(id), &f.planned_on).await {
        Ok(_) => Ok(with_flash(
            see_other(&format!("/cases/{id}/evaluations")),
            &state,
            "ok:flash-evaluation-planned",
        )),
        Err(AppError::Invalid(e)) => {
            unprocessable(&evaluations_tpl(&state, &ctx, c, id, f.planned_on, Some(&e)).await?)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Clone, Default)]
pub struct HoldFields {
    held_on: String,
    decision: String,
    reasons: String,
    outcome: String,
}

/// A goal in the hold form, as typed, with its errors.
#[derive(Debug, Clone)]
pub struct GoalField {
    goal_id: i64,
    description: String,
    score: String,
    note: String,
    score_error: Option<String>,
    note_error: Option<String>,
}

#[derive(Template)]
#[template(path = "case/evaluation.html")]
struct EvaluationTpl {
    c: Chrome,
    head: CaseHead,
    flags: CaseFlags,
    errors: Errors,
    e: EvaluationView,
    goals: Vec<GoalField>,
    form: HoldFields,
    decisions: Vec<(String, String)>,
    outcomes: Vec<(String, String)>,
    escalation_id: Option<i64>,
}

async fn evaluation_tpl(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    id: i64,
    evaluation: i64,
    typed: Option<(&Pairs, &FieldErrors)>,
) -> Result<EvaluationTpl, WebError> {
    let page = app::evaluation_page(&state.app, ctx, CaseId(id), evaluation).await?;
    let errors = typed.map_or_else(Errors::none, |(_, e)| Errors::from(&c, e));
    let empty = Vec::new();
    let pairs = typed.map_or(&empty, |(p, _)| p);
    let goals = page
        .goals
        .into_iter()
        .enumerate()
        .map(|(pos, g)| GoalField {
            score: field(pairs, &format!("score_{}", g.goal_id)),
            note: field(pairs, &format!("note_{}", g.goal_id)),
            score_error: errors.get(app::score_field(pos)).cloned(),
            note_error: errors.get(app::note_field(pos)).cloned(),
            goal_id: g.goal_id,
            description: g.description,
        })
        .collect();
    let form = match typed {
        Some((pairs, _)) => HoldFields {
            held_on: field(pairs, "held_on"),
            decision: field(pairs, "decision"),
            reasons: field(pairs, "reasons"),
            outcome: field(pairs, "outcome"),
        },
        None => HoldFields {
            held_on: today(state, &c),
            ..HoldFields::default()
        },
    };
    let decisions = options(
        &c,
        EvaluationDecision::ALL,
        EvaluationDecision::code,
        EvaluationDecision::message_id,
    );
    let outcomes = options(
        &c,
        CaseOutcome::ALL,
        CaseOutcome::code,
        CaseOutcome::message_id,
    );
    Ok(EvaluationTpl {
        c,
        head: page.head,
        flags: page.flags,
        errors,
        e: page.evaluation,
        goals,
        form,
        decisions,
        outcomes,
        escalation_id: page.escalation_id,
    })
}

pub async fn evaluation(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path((id, evaluation)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    super::render(&evaluation_tpl(&state, &ctx, c, id, evaluation, None).await?)
}

/// The scores typed in the hold form, by goal (`score_{goal}`, `note_{goal}`).
fn scores_from(pairs: &Pairs) -> Vec<ScoreInput> {
    let mut goals: Vec<i64> = pairs
        .iter()
        .filter_map(|(k, _)| {
            k.strip_prefix("score_")
                .or_else(|| k.strip_prefix("note_"))
                .and_then(|id| id.parse().ok())
        })
        .collect();
    goals.sort_unstable();
    goals.dedup();
    goals
        .into_iter()
        .map(|goal_id| ScoreInput {
            goal_id,
            score: field(pairs, &format!("score_{goal_id}")),
            note: field(pairs, &format!("note_{goal_id}")),
        })
        .collect()
}

pub async fn hold_evaluation(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path((id, evaluation)): Path<(i64, i64)>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, WebError> {
    let form = HoldForm {
        held_on: field(&pairs, "held_on"),
        decision: field(&pairs, "decision"),
        reasons: field(&pairs, "reasons"),
        outcome: field(&pairs, "outcome"),
        scores: scores_from(&pairs),
    };
    match app::hold_evaluation(&state.app, &ctx, CaseId(id), evaluation, &form).await {
        Ok(held) if held.opens_escalation => Ok(with_flash(
            see_other(&format!(
                "/cases/{id}/escalations?evaluation={evaluation}#open-escalation"
            )),
            &state,
            "ok:flash-evaluation-escalate",
        )),
        Ok(held) if held.new_status == Some(CaseStatus::Closed) => Ok(with_flash(
            see_other(&format!("/cases/{id}")),
            &state,
            "ok:flash-evaluation-closed",
        )),
        Ok(_) => Ok(with_flash(
            see_other(&format!("/cases/{id}/evaluations/{evaluation}")),
            &state,
            "ok:flash-evaluation-held",
        )),
        Err(AppError::Invalid(e)) => unprocessable(
            &evaluation_tpl(&state, &ctx, c, id, evaluation, Some((&pairs, &e))).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// Escalations
// ---------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
pub struct EscalationFields {
    #[serde(default)]
    level: String,
    #[serde(default)]
    question: String,
    #[serde(default)]
    decider: String,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    evaluation_id: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct DecideFields {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    decided_on: String,
}

#[derive(Template)]
#[template(path = "case/escalations.html")]
struct EscalationsTpl {
    c: Chrome,
    head: CaseHead,
    flags: CaseFlags,
    errors: Errors,
    escalations: Vec<EscalationView>,
    form: EscalationFields,
    levels: Vec<(String, String)>,
    /// The escalation whose decision form was sent with errors.
    decide_for: Option<i64>,
    decide: DecideFields,
    today: String,
}

impl EscalationsTpl {
    /// Whether the decision form of escalation `id` was sent with errors.
    fn deciding(&self, id: &i64) -> bool {
        self.decide_for == Some(*id)
    }
}

/// What the escalations page shows besides the list.
enum Typed<'a> {
    /// A fresh page, the form filled in from this evaluation if it escalated.
    Fresh(Option<i64>),
    Open(&'a EscalationFields, &'a FieldErrors),
    Decide(i64, &'a DecideFields, &'a FieldErrors),
}

async fn escalations_tpl(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    id: i64,
    typed: Typed<'_>,
) -> Result<EscalationsTpl, WebError> {
    let from = match typed {
        Typed::Fresh(evaluation) => evaluation,
        _ => None,
    };
    let page = app::escalations_page(&state.app, ctx, CaseId(id), from).await?;
    let prefill = EscalationFields {
        level: page.prefill.level.clone(),
        question: page.prefill.question.clone(),
        decider: page.prefill.decider.clone(),
        deadline: page
            .prefill
            .deadline
            .map(|d| c.date(&d))
            .unwrap_or_default(),
        evaluation_id: page
            .prefill
            .evaluation_id
            .map(|e| e.to_string())
            .unwrap_or_default(),
    };
    let (errors, form, decide_for, decide) = match typed {
        Typed::Fresh(_) => (Errors::none(), prefill, None, DecideFields::default()),
        Typed::Open(f, e) => (
            Errors::from(&c, e),
            f.clone(),
            None,
            DecideFields::default(),
        ),
        Typed::Decide(x, f, e) => (Errors::from(&c, e), prefill, Some(x), f.clone()),
    };
    let levels = options(
        &c,
        EscalationLevel::ALL,
        EscalationLevel::code,
        EscalationLevel::message_id,
    );
    Ok(EscalationsTpl {
        today: c.date(&page.today),
        c,
        head: page.head,
        flags: page.flags,
        errors,
        escalations: page.escalations,
        form,
        levels,
        decide_for,
        decide,
    })
}

#[derive(Deserialize, Default)]
pub struct EscalationParams {
    #[serde(default)]
    evaluation: String,
}

pub async fn escalations(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Query(p): Query<EscalationParams>,
) -> Result<Response, WebError> {
    let from = p.evaluation.trim().parse().ok();
    super::render(&escalations_tpl(&state, &ctx, c, id, Typed::Fresh(from)).await?)
}

pub async fn open_escalation(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<EscalationFields>,
) -> Result<Response, WebError> {
    let form = EscalationForm {
        level: f.level.clone(),
        question: f.question.clone(),
        decider: f.decider.clone(),
        deadline: f.deadline.clone(),
        evaluation_id: f.evaluation_id.clone(),
    };
    match app::open_escalation(&state.app, &ctx, CaseId(id), &form).await {
        Ok(x) => Ok(with_flash(
            see_other(&format!("/cases/{id}/escalations#escalation-{x}")),
            &state,
            "ok:flash-escalation-opened",
        )),
        Err(AppError::Invalid(e)) => {
            unprocessable(&escalations_tpl(&state, &ctx, c, id, Typed::Open(&f, &e)).await?)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn decide_escalation(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path((id, escalation)): Path<(i64, i64)>,
    Form(f): Form<DecideFields>,
) -> Result<Response, WebError> {
    let form = DecideForm {
        outcome: f.outcome.clone(),
        decided_on: f.decided_on.clone(),
    };
    match app::decide_escalation(&state.app, &ctx, CaseId(id), escalation, &form).await {
        Ok(()) => Ok(with_flash(
            see_other(&format!("/cases/{id}/escalations#escalation-{escalation}")),
            &state,
            "ok:flash-escalation-decided",
        )),
        Err(AppError::Invalid(e)) => unprocessable(
            &escalations_tpl(&state, &ctx, c, id, Typed::Decide(escalation, &f, &e)).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;

    /// The message ids the domain's meeting rules return, and the names of
    /// the kinds and states, exist in every language.
    #[test]
    fn rule_messages_are_translated() {
        let ids = brug_domain::meetings::MESSAGE_IDS
            .iter()
            .map(|s| (*s).to_owned())
            .chain(
                brug_domain::meetings::MeetingKind::ALL
                    .iter()
                    .map(|k| k.message_id()),
            )
            .chain(
                [
                    brug_domain::meetings::EvaluationState::Planned,
                    brug_domain::meetings::EvaluationState::Due,
                    brug_domain::meetings::EvaluationState::Missed,
                    brug_domain::meetings::EvaluationState::Held,
                ]
                .iter()
                .map(|s| s.message_id()),
            );
        for id in ids {
            for lang in Lang::ALL {
                assert_ne!(lang.t(&id), id, "{} lacks {id}", lang.code());
            }
        }
    }
}
