//! Meetings, evaluations and escalation (opschalen) inside a case: the kinds
//! of meeting, which meeting counts as the thuiszitter's monthly
//! school–care–parents meeting, the date rules of meetings, evaluations and
//! escalations, when an evaluation is due or missed, what an evaluation's
//! decision does to the case, and the ladder of escalation levels.
//!
//! Everything here is pure; errors are Fluent message ids.

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use crate::cases::{
    CaseOutcome, CaseStatus, EscalationLevel, EvaluationDecision, TransitionError,
    check_transition, status_after_evaluation,
};

coded_enum!(
    /// What kind of meeting: a case meeting, the school's support team, a
    /// multidisciplinary meeting, or the thuiszitter's meeting.
    MeetingKind {
        Overleg => "overleg",
        Ondersteuningsteam => "ondersteuningsteam",
        Mdo => "mdo",
        Thuiszitteroverleg => "thuiszitteroverleg",
    }
);

/// Every Fluent message id the rules of this module can return.
pub const MESSAGE_IDS: &[&str] = &[
    "error-meeting-in-future",
    "error-due-before-meeting",
    "error-evaluation-in-past",
    "error-evaluation-held-in-future",
    "error-evaluation-case-not-active",
    "error-deadline-in-past",
    "error-decided-in-future",
    "error-decided-before-opened",
];

/// How many decision lines (each becoming an agreement) one meeting form has.
pub const DECISION_LINES: usize = 5;

/// An evaluation is flagged as due this many days before its planned date.
pub const EVALUATION_DUE_DAYS: i64 = 7;

/// Meetings are recorded after they were held: a date in the future is an
/// error (a future moment is planned as an evaluation or an agreement).
pub fn check_held_on(held_on: Date, today: Date) -> Result<(), &'static str> {
    if held_on > today {
        Err("error-meeting-in-future")
    } else {
        Ok(())
    }
}

/// The thuiszitter's monthly meeting counts only when school, youth care and
/// the parents were all there.
pub fn is_triangle(with_school: bool, with_care: bool, with_parents: bool) -> bool {
    with_school && with_care && with_parents
}

/// An agreement made in a meeting cannot be due before the meeting.
pub fn check_due_after_meeting(held_on: Date, due_on: Date) -> Result<(), &'static str> {
    if due_on < held_on {
        Err("error-due-before-meeting")
    } else {
        Ok(())
    }
}

/// An evaluation is planned for today or later.
pub fn check_planned_on(planned_on: Date, today: Date) -> Result<(), &'static str> {
    if planned_on < today {
        Err("error-evaluation-in-past")
    } else {
        Ok(())
    }
}

/// An evaluation is recorded when it has been held: not in the future.
pub fn check_evaluation_held_on(held_on: Date, today: Date) -> Result<(), &'static str> {
    if held_on > today {
        Err("error-evaluation-held-in-future")
    } else {
        Ok(())
    }
}

/// Where a planned evaluation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvaluationState {
    /// Planned, more than [`EVALUATION_DUE_DAYS`] days away.
    Planned,
    /// Planned within [`EVALUATION_DUE_DAYS`] days, or today.
    Due,
    /// Its date has passed and it was not held.
    Missed,
    /// Held.
    Held,
}

impl EvaluationState {
    pub fn code(self) -> &'static str {
        match self {
            EvaluationState::Planned => "planned",
            EvaluationState::Due => "due",
            EvaluationState::Missed => "missed",
            EvaluationState::Held => "held",
        }
    }

    /// The Fluent message id of the state's label.
    pub fn message_id(self) -> String {
        format!("evaluationstate-{}", self.code())
    }

    /// Whether the state asks for attention (due soon or missed).
    pub fn is_flagged(self) -> bool {
        matches!(self, EvaluationState::Due | EvaluationState::Missed)
    }
}

/// The state of an evaluation planned on `planned_on` (held on `held_on`).
pub fn evaluation_state(planned_on: Date, held_on: Option<Date>, today: Date) -> EvaluationState {
    if held_on.is_some() {
        EvaluationState::Held
    } else if planned_on < today {
        EvaluationState::Missed
    } else if planned_on <= today + Duration::days(EVALUATION_DUE_DAYS) {
        EvaluationState::Due
    } else {
        EvaluationState::Planned
    }
}

/// Why an evaluation's decision cannot be carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EvaluationError {
    /// Evaluations are held while help runs (active or evaluation phase).
    #[error("a case in phase {0} is not evaluated")]
    CaseNotActive(CaseStatus),
    /// Closing breaks a rule of the status flow.
    #[error(transparent)]
    Transition(#[from] TransitionError),
}

impl EvaluationError {
    pub fn message_id(self) -> &'static str {
        match self {
            EvaluationError::CaseNotActive(_) => "error-evaluation-case-not-active",
            EvaluationError::Transition(e) => e.message_id(),
        }
    }
}

/// What holding an evaluation does to the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvaluationEffect {
    /// The case's new status, when it changes.
    pub new_status: Option<CaseStatus>,
    /// The team decided to escalate: an escalation is to be opened.
    pub opens_escalation: bool,
}

/// The effect of the team's `decision` on a case in status `from`. Closing
/// goes through the closing rules of the status flow: an outcome, a reason
/// and no open escalation.
pub fn evaluation_effect(
    from: CaseStatus,
    decision: EvaluationDecision,
    outcome: Option<CaseOutcome>,
    reason: Option<&str>,
    open_escalations: usize,
) -> Result<EvaluationEffect, EvaluationError> {
    if !matches!(from, CaseStatus::Active | CaseStatus::Evaluation) {
        return Err(EvaluationError::CaseNotActive(from));
    }
    let to = status_after_evaluation(decision);
    if to != from {
        check_transition(from, to, outcome, reason, open_escalations)?;
    }
    Ok(EvaluationEffect {
        new_status: (to != from).then_some(to),
        opens_escalation: decision == EvaluationDecision::Escalate,
    })
}

/// An escalation's deadline is today or later when it is opened.
pub fn check_deadline(deadline: Date, today: Date) -> Result<(), &'static str> {
    if deadline < today {
        Err("error-deadline-in-past")
    } else {
        Ok(())
    }
}

/// The decision on an escalation is recorded on a day between its opening
/// and today.
pub fn check_decided_on(
    decided_on: Date,
    opened_on: Date,
    today: Date,
) -> Result<(), &'static str> {
    if decided_on > today {
        Err("error-decided-in-future")
    } else if decided_on < opened_on {
        Err("error-decided-before-opened")
    } else {
        Ok(())
    }
}

impl EscalationLevel {
    /// The next level up the ladder: team → managers → SWV and municipality.
    pub fn next(self) -> Option<EscalationLevel> {
        match self {
            EscalationLevel::Team => Some(EscalationLevel::Managers),
            EscalationLevel::Managers => Some(EscalationLevel::SwvMunicipality),
            EscalationLevel::SwvMunicipality => None,
        }
    }
}

/// The level a new escalation starts at: the team first, then one level
/// above the highest level already tried (the top level stays the top).
pub fn suggested_level(previous: &[EscalationLevel]) -> EscalationLevel {
    match previous.iter().max() {
        None => EscalationLevel::Team,
        Some(top) => top.next().unwrap_or(*top),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 25);

    fn arb_date() -> impl Strategy<Value = Date> {
        (-400i64..400).prop_map(|d| TODAY + Duration::days(d))
    }

    fn arb_status() -> impl Strategy<Value = CaseStatus> {
        prop::sample::select(CaseStatus::ALL.to_vec())
    }

    fn arb_decision() -> impl Strategy<Value = EvaluationDecision> {
        prop::sample::select(EvaluationDecision::ALL.to_vec())
    }

    #[test]
    fn meetings_are_recorded_after_they_were_held() {
        assert_eq!(check_held_on(TODAY, TODAY), Ok(()));
        assert_eq!(check_held_on(date!(2026 - 11 - 01), TODAY), Ok(()));
        assert_eq!(
            check_held_on(date!(2026 - 11 - 26), TODAY),
            Err("error-meeting-in-future")
        );
        assert_eq!(
            check_due_after_meeting(TODAY, date!(2026 - 11 - 24)),
            Err("error-due-before-meeting")
        );
        assert_eq!(check_due_after_meeting(TODAY, TODAY), Ok(()));
    }

    #[test]
    fn only_all_three_make_the_monthly_meeting() {
        assert!(is_triangle(true, true, true));
        for (s, c, p) in [
            (false, true, true),
            (true, false, true),
            (true, true, false),
            (false, false, false),
        ] {
            assert!(!is_triangle(s, c, p), "{s} {c} {p}");
        }
    }

    #[test]
    fn evaluations_are_planned_ahead_and_flagged_a_week_before() {
        assert_eq!(
            check_planned_on(date!(2026 - 11 - 24), TODAY),
            Err("error-evaluation-in-past")
        );
        assert_eq!(check_planned_on(TODAY, TODAY), Ok(()));
        assert_eq!(
            evaluation_state(date!(2026 - 12 - 10), None, TODAY),
            EvaluationState::Planned
        );
        assert_eq!(
            evaluation_state(date!(2026 - 12 - 02), None, TODAY),
            EvaluationState::Due
        );
        assert_eq!(
            evaluation_state(date!(2026 - 12 - 03), None, TODAY),
            EvaluationState::Planned
        );
        assert_eq!(evaluation_state(TODAY, None, TODAY), EvaluationState::Due);
        assert_eq!(
            evaluation_state(date!(2026 - 11 - 24), None, TODAY),
            EvaluationState::Missed
        );
        assert_eq!(
            evaluation_state(date!(2026 - 11 - 24), Some(TODAY), TODAY),
            EvaluationState::Held
        );
        assert_eq!(
            check_evaluation_held_on(date!(2026 - 11 - 26), TODAY),
            Err("error-evaluation-held-in-future")
        );
    }

    #[test]
    fn decisions_move_the_case_by_the_status_flow() {
        use CaseStatus::*;
        use EvaluationDecision::*;
        let keep = evaluation_effect(Active, Continue, None, None, 0).expect("continue");
        assert_eq!(keep.new_status, None);
        assert!(!keep.opens_escalation);
        let back = evaluation_effect(Evaluation, Intensify, None, None, 0).expect("intensify");
        assert_eq!(back.new_status, Some(Active));
        let up = evaluation_effect(Active, Escalate, None, None, 1).expect("escalate");
        assert_eq!(up.new_status, None);
        assert!(up.opens_escalation);
        assert_eq!(
            evaluation_effect(Active, Close, None, Some("klaar"), 0),
            Err(EvaluationError::Transition(
                TransitionError::OutcomeRequired
            ))
        );
        assert_eq!(
            evaluation_effect(
                Evaluation,
                Close,
                Some(CaseOutcome::StaysInEducation),
                Some("doelen bereikt"),
                1
            ),
            Err(EvaluationError::Transition(TransitionError::OpenEscalation))
        );
        let closed = evaluation_effect(
            Evaluation,
            Close,
            Some(CaseOutcome::StaysInEducation),
            Some("doelen bereikt"),
            0,
        )
        .expect("close");
        assert_eq!(closed.new_status, Some(Closed));
        for from in [Signal, Exploration, Closed] {
            assert_eq!(
                evaluation_effect(from, Continue, None, None, 0),
                Err(EvaluationError::CaseNotActive(from))
            );
        }
        assert_eq!(
            EvaluationError::CaseNotActive(Signal).message_id(),
            "error-evaluation-case-not-active"
        );
        assert_eq!(
            EvaluationError::Transition(TransitionError::OutcomeRequired).message_id(),
            "error-case-outcome-required"
        );
    }

    #[test]
    fn escalation_dates() {
        assert_eq!(
            check_deadline(date!(2026 - 11 - 24), TODAY),
            Err("error-deadline-in-past")
        );
        assert_eq!(check_deadline(TODAY, TODAY), Ok(()));
        let opened = date!(2026 - 11 - 10);
        assert_eq!(check_decided_on(TODAY, opened, TODAY), Ok(()));
        assert_eq!(check_decided_on(opened, opened, TODAY), Ok(()));
        assert_eq!(
            check_decided_on(date!(2026 - 11 - 26), opened, TODAY),
            Err("error-decided-in-future")
        );
        assert_eq!(
            check_decided_on(date!(2026 - 11 - 09), opened, TODAY),
            Err("error-decided-before-opened")
        );
    }

    #[test]
    fn the_escalation_ladder_goes_up_one_level_at_a_time() {
        use EscalationLevel::*;
        assert_eq!(suggested_level(&[]), Team);
        assert_eq!(suggested_level(&[Team]), Managers);
        assert_eq!(suggested_level(&[Team, Managers]), SwvMunicipality);
        assert_eq!(suggested_level(&[Managers, Team]), SwvMunicipality);
        assert_eq!(suggested_level(&[SwvMunicipality]), SwvMunicipality);
        assert_eq!(Team.next(), Some(Managers));
        assert_eq!(SwvMunicipality.next(), None);
    }

    #[test]
    fn kinds_round_trip_and_name_their_messages() {
        for k in MeetingKind::ALL {
            assert_eq!(MeetingKind::from_code(k.code()), Some(*k));
        }
        assert_eq!(MeetingKind::Mdo.message_id(), "meetingkind-mdo");
        assert_eq!(
            EvaluationState::Missed.message_id(),
            "evaluationstate-missed"
        );
        let mut ids = MESSAGE_IDS.to_vec();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), MESSAGE_IDS.len(), "duplicate message id");
    }

    proptest! {
        /// Exactly one state; flagged states are within a week or past.
        #[test]
        fn evaluation_state_is_consistent(planned in arb_date(), held in prop::option::of(arb_date())) {
            let state = evaluation_state(planned, held, TODAY);
            match state {
                EvaluationState::Held => prop_assert!(held.is_some()),
                EvaluationState::Missed => prop_assert!(held.is_none() && planned < TODAY),
                EvaluationState::Due => prop_assert!(held.is_none() && planned >= TODAY
                    && planned - TODAY <= Duration::days(EVALUATION_DUE_DAYS)),
                EvaluationState::Planned => prop_assert!(held.is_none()
                    && planned - TODAY > Duration::days(EVALUATION_DUE_DAYS)),
            }
            // A date that may be planned today is never missed today.
            if check_planned_on(planned, TODAY).is_ok() && held.is_none() {
                prop_assert_ne!(state, EvaluationState::Missed);
            }
        }

        /// Time only makes an unheld evaluation more urgent, never less.
        #[test]
        fn urgency_grows_with_time(planned in arb_date(), later in 0i64..100) {
            let rank = |s: EvaluationState| match s {
                EvaluationState::Planned => 0,
                EvaluationState::Due => 1,
                EvaluationState::Missed => 2,
                EvaluationState::Held => 3,
            };
            let now = evaluation_state(planned, None, TODAY);
            let then = evaluation_state(planned, None, TODAY + Duration::days(later));
            prop_assert!(rank(then) >= rank(now));
        }

        /// An evaluation never produces a status change the flow forbids,
        /// never closes a case with an open escalation, and only "escalate"
        /// opens an escalation.
        #[test]
        fn effects_respect_the_status_flow(
            from in arb_status(),
            decision in arb_decision(),
            with_outcome in any::<bool>(),
            reason in prop::option::of("[a-z ]{0,12}"),
            open in 0usize..3,
        ) {
            let outcome = with_outcome.then_some(CaseOutcome::Other);
            if let Ok(effect) = evaluation_effect(from, decision, outcome, reason.as_deref(), open) {
                if let Some(to) = effect.new_status {
                    prop_assert!(from.can_move_to(to));
                    if to == CaseStatus::Closed {
                        prop_assert_eq!(open, 0);
                        prop_assert!(outcome.is_some());
                    }
                }
                prop_assert_eq!(effect.opens_escalation, decision == EvaluationDecision::Escalate);
                prop_assert!(from.is_open());
            }
        }

        /// The suggested level is never below any level tried before, unless
        /// the top was reached.
        #[test]
        fn suggestions_climb(previous in prop::collection::vec(prop::sample::select(EscalationLevel::ALL.to_vec()), 0..5)) {
            let s = suggested_level(&previous);
            for p in &previous {
                prop_assert!(s > *p || s == EscalationLevel::SwvMunicipality);
            }
        }

        /// Deadlines: today or later is accepted, earlier refused.
        #[test]
        fn deadlines(deadline in arb_date()) {
            prop_assert_eq!(check_deadline(deadline, TODAY).is_ok(), deadline >= TODAY);
        }
    }
}
