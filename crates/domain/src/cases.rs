//! The case (casus / traject) around a pupil: its status flow, who is in the
//! lead, outcomes, evaluation decisions, escalation levels, financing streams,
//! attendance, and the rules that flag a case as overdue or stalled.
//!
//! Status flow (also in docs/cases.md):
//!
//! ```text
//!   signal ──> exploration ──> active ──> evaluation ──> closed
//!     │             │            ▲  │          │  ▲        │
//!     │             │            └──┼──────────┘  │        │ reopen
//!     └─────────────┴───────────────┴─────────────┘        ▼
//!                        (close)                      exploration
//! ```

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// The Fluent message id of the display name.
            pub fn message_id(self) -> String {
                format!("{}-{}", stringify!($name).to_lowercase(), self.code().replace('_', "-"))
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(code: String) -> Result<Self, Self::Error> {
                $name::from_code(&code).ok_or_else(|| format!("unknown {} '{code}'", stringify!($name)))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

coded_enum!(
    /// Where a case stands.
    CaseStatus {
        Signal => "signal",
        Exploration => "exploration",
        Active => "active",
        Evaluation => "evaluation",
        Closed => "closed",
    }
);

impl CaseStatus {
    /// The statuses a case may move to from this one.
    pub fn next(self) -> &'static [CaseStatus] {
        use CaseStatus::*;
        match self {
            Signal => &[Exploration, Closed],
            Exploration => &[Active, Closed],
            Active => &[Evaluation, Closed],
            Evaluation => &[Active, Closed],
            Closed => &[Exploration],
        }
    }

    pub fn can_move_to(self, to: CaseStatus) -> bool {
        self.next().contains(&to)
    }

    pub fn is_open(self) -> bool {
        self != CaseStatus::Closed
    }
}

coded_enum!(
    /// Who is in the lead: education, care, or both together.
    LeadDomain {
        Onderwijs => "onderwijs",
        Zorg => "zorg",
        Gezamenlijk => "gezamenlijk",
    }
);

coded_enum!(
    /// How a case ended.
    CaseOutcome {
        StaysInEducation => "stays_in_education",
        BackInEducation => "back_in_education",
        TransferredSpecial => "transferred_special",
        Transferred => "transferred",
        Diploma => "diploma",
        DropOut => "drop_out",
        Moved => "moved",
        Other => "other",
    }
);

coded_enum!(
    /// The team's decision at an evaluation.
    EvaluationDecision {
        Continue => "continue",
        Intensify => "intensify",
        ScaleDown => "scale_down",
        Close => "close",
        Escalate => "escalate",
    }
);

coded_enum!(
    /// Opschalen: who must decide.
    EscalationLevel {
        Team => "team",
        Managers => "managers",
        SwvMunicipality => "swv_municipality",
    }
);

coded_enum!(
    /// Which stream pays (who pays what is never unclear).
    FinancingStream {
        Basisondersteuning => "basisondersteuning",
        SwvArrangement => "swv_arrangement",
        Jeugdwet => "jeugdwet",
        Wlz => "wlz",
        Zvw => "zvw",
        Other => "other",
    }
);

coded_enum!(
    /// Whether the pupil is in school.
    AttendanceStatus {
        Attending => "attending",
        Partly => "partly",
        Thuiszitter => "thuiszitter",
        Exemption => "exemption",
    }
);

coded_enum!(
    /// The party an agreement belongs to.
    Party {
        School => "school",
        Care => "care",
        Parents => "parents",
        Pupil => "pupil",
        Municipality => "municipality",
        Swv => "swv",
        Other => "other",
    }
);

coded_enum!(
    /// Progress of a shared goal.
    GoalStatus {
        Open => "open",
        InProgress => "in_progress",
        Achieved => "achieved",
        NotAchieved => "not_achieved",
        Dropped => "dropped",
    }
);

/// Why a status change is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("a case cannot go from {from} to {to}")]
    NotAllowed { from: CaseStatus, to: CaseStatus },
    #[error("closing a case needs an outcome")]
    OutcomeRequired,
    #[error("closing a case needs a reason")]
    ReasonRequired,
    #[error("an open escalation must be decided before the case closes")]
    OpenEscalation,
}

impl TransitionError {
    pub fn message_id(self) -> &'static str {
        match self {
            TransitionError::NotAllowed { .. } => "error-case-transition",
            TransitionError::OutcomeRequired => "error-case-outcome-required",
            TransitionError::ReasonRequired => "error-case-reason-required",
            TransitionError::OpenEscalation => "error-case-open-escalation",
        }
    }
}

/// Check a status change with what it needs.
pub fn check_transition(
    from: CaseStatus,
    to: CaseStatus,
    outcome: Option<CaseOutcome>,
    reason: Option<&str>,
    open_escalations: usize,
) -> Result<(), TransitionError> {
    if !from.can_move_to(to) {
        return Err(TransitionError::NotAllowed { from, to });
    }
    if to == CaseStatus::Closed {
        if outcome.is_none() {
            return Err(TransitionError::OutcomeRequired);
        }
        if reason.is_none_or(|r| r.trim().is_empty()) {
            return Err(TransitionError::ReasonRequired);
        }
        if open_escalations > 0 {
            return Err(TransitionError::OpenEscalation);
        }
    }
    Ok(())
}

/// The status an evaluation decision leads to.
pub fn status_after_evaluation(decision: EvaluationDecision) -> CaseStatus {
    match decision {
        EvaluationDecision::Close => CaseStatus::Closed,
        EvaluationDecision::Continue
        | EvaluationDecision::Intensify
        | EvaluationDecision::ScaleDown
        | EvaluationDecision::Escalate => CaseStatus::Active,
    }
}

/// An agreement is overdue when it is not done and its due date has passed.
pub fn is_overdue(due: Option<Date>, done: bool, today: Date) -> bool {
    !done && due.is_some_and(|d| d < today)
}

/// Default number of weeks without any activity after which a case is stalled.
pub const STALLED_WEEKS: i64 = 6;

/// An open case is stalled when there has been no meeting, no plan change and
/// no progress note for `weeks` weeks (counted from the case's start when
/// there was no activity at all).
pub fn is_stalled(
    status: CaseStatus,
    opened: Date,
    last_meeting: Option<Date>,
    last_plan_change: Option<Date>,
    last_progress_note: Option<Date>,
    today: Date,
    weeks: i64,
) -> bool {
    if !status.is_open() || status == CaseStatus::Signal {
        return false;
    }
    let last = [
        Some(opened),
        last_meeting,
        last_plan_change,
        last_progress_note,
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(opened);
    today - last > Duration::weeks(weeks)
}

/// When the monthly school–care–parents meeting of a thuiszitter is due: a
/// month after the last one (or after becoming a thuiszitter if none was held).
pub fn monthly_meeting_due(thuiszitter_since: Date, last_triangle_meeting: Option<Date>) -> Date {
    let from = last_triangle_meeting
        .filter(|m| *m >= thuiszitter_since)
        .unwrap_or(thuiszitter_since);
    add_month(from)
}

/// The same day next month, or the month's last day when it has fewer days.
pub fn add_month(d: Date) -> Date {
    let (year, month) = if d.month() == time::Month::December {
        (d.year() + 1, time::Month::January)
    } else {
        (d.year(), d.month().next())
    };
    let last = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, d.day().min(last)).unwrap_or(d)
}

/// An escalation is past its deadline when it is undecided after the deadline.
pub fn escalation_past_deadline(deadline: Date, decided: bool, today: Date) -> bool {
    !decided && deadline < today
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn arb_status() -> impl Strategy<Value = CaseStatus> {
        prop::sample::select(CaseStatus::ALL.to_vec())
    }

    #[test]
    fn the_flow_allows_exactly_the_documented_moves() {
        use CaseStatus::*;
        let allowed = [
            (Signal, Exploration),
            (Signal, Closed),
            (Exploration, Active),
            (Exploration, Closed),
            (Active, Evaluation),
            (Active, Closed),
            (Evaluation, Active),
            (Evaluation, Closed),
            (Closed, Exploration),
        ];
        for &from in CaseStatus::ALL {
            for &to in CaseStatus::ALL {
                assert_eq!(
                    from.can_move_to(to),
                    allowed.contains(&(from, to)),
                    "{from} -> {to}"
                );
            }
        }
    }

    #[test]
    fn closing_needs_an_outcome_a_reason_and_no_open_escalation() {
        use CaseStatus::*;
        assert_eq!(
            check_transition(Active, Closed, None, Some("klaar"), 0),
            Err(TransitionError::OutcomeRequired)
        );
        assert_eq!(
            check_transition(
                Active,
                Closed,
                Some(CaseOutcome::StaysInEducation),
                Some("  "),
                0
            ),
            Err(TransitionError::ReasonRequired)
        );
        assert_eq!(
            check_transition(
                Active,
                Closed,
                Some(CaseOutcome::StaysInEducation),
                Some("doelen bereikt"),
                1
            ),
            Err(TransitionError::OpenEscalation)
        );
        assert_eq!(
            check_transition(
                Active,
                Closed,
                Some(CaseOutcome::Diploma),
                Some("diploma"),
                0
            ),
            Ok(())
        );
        assert_eq!(
            check_transition(Signal, Active, None, None, 0),
            Err(TransitionError::NotAllowed {
                from: Signal,
                to: Active
            })
        );
    }

    #[test]
    fn stalled_means_no_activity_for_the_whole_period() {
        let opened = date!(2026 - 09 - 01);
        let today = date!(2026 - 11 - 25);
        assert!(is_stalled(
            CaseStatus::Active,
            opened,
            None,
            None,
            None,
            today,
            6
        ));
        assert!(!is_stalled(
            CaseStatus::Active,
            opened,
            Some(date!(2026 - 11 - 01)),
            None,
            None,
            today,
            6
        ));
        assert!(!is_stalled(
            CaseStatus::Active,
            opened,
            None,
            None,
            Some(date!(2026 - 10 - 20)),
            today,
            6
        ));
        assert!(is_stalled(
            CaseStatus::Active,
            opened,
            Some(date!(2026 - 10 - 13)),
            None,
            None,
            today,
            6
        ));
        assert!(!is_stalled(
            CaseStatus::Closed,
            opened,
            None,
            None,
            None,
            today,
            6
        ));
        assert!(!is_stalled(
            CaseStatus::Signal,
            opened,
            None,
            None,
            None,
            today,
            6
        ));
    }

    #[test]
    fn overdue_and_escalation_deadlines() {
        let today = date!(2026 - 11 - 25);
        assert!(is_overdue(Some(date!(2026 - 11 - 24)), false, today));
        assert!(!is_overdue(Some(date!(2026 - 11 - 25)), false, today));
        assert!(!is_overdue(Some(date!(2026 - 11 - 01)), true, today));
        assert!(!is_overdue(None, false, today));
        assert!(escalation_past_deadline(
            date!(2026 - 11 - 24),
            false,
            today
        ));
        assert!(!escalation_past_deadline(
            date!(2026 - 11 - 24),
            true,
            today
        ));
    }

    #[test]
    fn monthly_meetings_fall_due_a_month_later() {
        assert_eq!(
            monthly_meeting_due(date!(2026 - 09 - 15), None),
            date!(2026 - 10 - 15)
        );
        assert_eq!(
            monthly_meeting_due(date!(2026 - 09 - 15), Some(date!(2026 - 11 - 02))),
            date!(2026 - 12 - 02)
        );
        // A meeting before the pupil became a thuiszitter does not count.
        assert_eq!(
            monthly_meeting_due(date!(2026 - 09 - 15), Some(date!(2026 - 08 - 01))),
            date!(2026 - 10 - 15)
        );
        assert_eq!(add_month(date!(2026 - 01 - 31)), date!(2026 - 02 - 28));
        assert_eq!(add_month(date!(2026 - 12 - 10)), date!(2027 - 01 - 10));
    }

    #[test]
    fn codes_round_trip() {
        for s in CaseStatus::ALL {
            assert_eq!(CaseStatus::from_code(s.code()), Some(*s));
        }
        for o in CaseOutcome::ALL {
            assert_eq!(CaseOutcome::from_code(o.code()), Some(*o));
        }
        for f in FinancingStream::ALL {
            assert_eq!(FinancingStream::from_code(f.code()), Some(*f));
        }
        assert_eq!(CaseStatus::Active.message_id(), "casestatus-active");
    }

    proptest! {
        /// Every status can reach closed, and closed can be reopened: no dead ends.
        #[test]
        fn every_status_can_reach_closed(start in arb_status()) {
            let mut seen = vec![start];
            let mut frontier = vec![start];
            while let Some(s) = frontier.pop() {
                for &n in s.next() {
                    if !seen.contains(&n) {
                        seen.push(n);
                        frontier.push(n);
                    }
                }
            }
            prop_assert!(seen.contains(&CaseStatus::Closed));
            prop_assert!(seen.contains(&CaseStatus::Active));
        }

        /// Stalled is monotone in time: once stalled, a later day without activity is stalled too.
        #[test]
        fn stalled_is_monotone(days in 0i64..400, extra in 0i64..100, weeks in 1i64..20) {
            let opened = date!(2026 - 01 - 01);
            let today = opened + Duration::days(days);
            if is_stalled(CaseStatus::Active, opened, None, None, None, today, weeks) {
                prop_assert!(is_stalled(CaseStatus::Active, opened, None, None, None, today + Duration::days(extra), weeks));
            }
        }

        /// A meeting on or after the due date's origin always moves the due date forward.
        #[test]
        fn meetings_move_the_due_date(since_days in 0i64..300, gap in 0i64..60) {
            let since = date!(2026 - 01 - 01) + Duration::days(since_days);
            let meeting = since + Duration::days(gap);
            prop_assert!(monthly_meeting_due(since, Some(meeting)) >= monthly_meeting_due(since, None));
            prop_assert!(monthly_meeting_due(since, Some(meeting)) > meeting);
        }
    }
}
