//! The base facts of the monitor: what happened in the cases in one month,
//! counted per school location. Pure: the store reads the rows (one per case,
//! evaluation, escalation and home-sitter, already placed at a location and
//! with the dates that matter), and [`month_facts`] applies the written
//! definitions of the indicators to them.
//!
//! # Where a unit is counted
//!
//! Every unit is counted at exactly one school location per month: where the
//! pupil was enrolled on the month's reference date (the last day of the
//! month, or today for the current month); a pupil without an enrolment on
//! that day counts at the location of the last enrolment before it (a
//! home-sitter who was deregistered), and a pupil never enrolled at the
//! location of the case's school. The store does this placement; a pupil who
//! moved to a school in another municipality counts in the old municipality
//! up to the month of the move and in the new one from the month after.
//!
//! # The reference dates
//!
//! A month runs from `start` (the 1st) to `end` (its last day, or today when
//! the month is still running). Stocks ("open cases", "home-sitters") are
//! taken on `end`; flows ("cases opened") count what happened from `start`
//! to `end`.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use super::dimensions::{Answer, Category, DurationBand, Indicator};
use crate::cases::{
    CaseOutcome, CaseStatus, EscalationLevel, LeadDomain, STALLED_WEEKS, is_stalled,
};
use crate::ids::{LocationId, OrgId, PupilId};

/// Days after the first signal within which the expectations must be in the
/// plan to count as "expectations at the start".
pub const EXPECTATIONS_WITHIN_DAYS: i64 = 42;

/// Days after the planned date within which an evaluation must be held;
/// after that it counts as missed (in the month it was planned).
pub const EVALUATION_GRACE_DAYS: i64 = 14;

/// One case as it stood on the month's reference date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFacts {
    /// Where the case counts this month (see the module documentation).
    pub location: LocationId,
    pub pupil: PupilId,
    /// The current status.
    pub status: CaseStatus,
    pub first_signal_on: Date,
    pub help_started_on: Option<Date>,
    /// Set while the case is closed; reopening clears it.
    pub closed_on: Option<Date>,
    pub outcome: Option<CaseOutcome>,
    pub lead_domain: Option<LeadDomain>,
    /// A case lead (regievoerder) sat in the team on the reference date.
    pub has_case_lead: bool,
    /// A member from a youth care provider or the wijkteam sat in the team
    /// on the reference date.
    pub youth_care: bool,
    /// The parents agreed to the plan by the reference date (see
    /// [`Indicator::CasesPlanAgreedByParents`] in `docs/monitor.md`: the
    /// parents' own section of the plan was written, or a parent sat in the
    /// case team).
    pub parents_agreed: bool,
    /// The first day the expectations section of the plan was filled in.
    pub expectations_on: Option<Date>,
    /// The last meeting, plan change or progress note on or before the
    /// reference date.
    pub last_activity_on: Option<Date>,
    /// Agreements past their due date and not done on the reference date.
    pub overdue_agreements: u64,
    /// The care providers with a seat in the team on the reference date.
    pub providers: Vec<OrgId>,
    /// The phase history, oldest first, of a case that was ever reopened;
    /// empty otherwise (then the current status and closing date tell the
    /// whole story: open from the first signal until `closed_on`).
    pub phases: Vec<PhaseChange>,
}

/// One change of a case's phase, from the phase history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseChange {
    pub on: Date,
    /// Unknown for a closing back-filled without a timeline event.
    pub from: Option<CaseStatus>,
    pub to: CaseStatus,
    /// The outcome given when the change closed the case.
    pub outcome: Option<CaseOutcome>,
}

impl CaseFacts {
    /// The phase on `day`, `None` before the first signal. With a phase
    /// history: the phase of the last change on or before `day` (before the
    /// first change, the phase it came from; unknown counts as a working
    /// phase). Without: closed from `closed_on`, else a working phase (a
    /// case that is closed now counts as active before its closing).
    #[must_use]
    pub fn status_on(&self, day: Date) -> Option<CaseStatus> {
        if self.first_signal_on > day {
            return None;
        }
        let working = |s: CaseStatus| if s.is_open() { s } else { CaseStatus::Active };
        let Some(first) = self.phases.first() else {
            return Some(if self.closed_on.is_some_and(|c| c <= day) {
                CaseStatus::Closed
            } else {
                working(self.status)
            });
        };
        Some(match self.phases.iter().rev().find(|p| p.on <= day) {
            Some(p) => p.to,
            None => first.from.unwrap_or(CaseStatus::Active),
        })
    }

    /// Open on `day`: signalled by then and not closed on that day.
    #[must_use]
    pub fn open_on(&self, day: Date) -> bool {
        self.status_on(day).is_some_and(CaseStatus::is_open)
    }

    /// The outcome when the case was closed from `start` to `end` and still
    /// closed on `end` (a case closed and reopened within the period does
    /// not count; one reopened later counts in the month it closed).
    #[must_use]
    pub fn closed_within(&self, start: Date, end: Date) -> Option<CaseOutcome> {
        if self.status_on(end) != Some(CaseStatus::Closed) {
            return None;
        }
        if self.phases.is_empty() {
            return self
                .closed_on
                .filter(|d| start <= *d && *d <= end)
                .map(|_| self.outcome.unwrap_or(CaseOutcome::Other));
        }
        let (i, closing) = self
            .phases
            .iter()
            .enumerate()
            .rev()
            .find(|(_, p)| p.on <= end && p.to == CaseStatus::Closed)?;
        if closing.on < start {
            return None;
        }
        let last = i + 1 == self.phases.len();
        let outcome = closing.outcome.or(if last { self.outcome } else { None });
        Some(outcome.unwrap_or(CaseOutcome::Other))
    }
}

/// An evaluation moment planned in the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationFacts {
    pub location: LocationId,
    pub planned_on: Date,
    pub held_on: Option<Date>,
}

/// An escalation opened or decided in the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationFacts {
    pub location: LocationId,
    pub level: EscalationLevel,
    pub opened_on: Date,
    pub deadline: Date,
    pub decided_on: Option<Date>,
}

/// A pupil who was a home-sitter (thuiszitter) on the reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeSitterFacts {
    pub location: LocationId,
    /// Home-sitter since.
    pub since: Date,
    /// School, youth care and parents met (one meeting with all three) in
    /// the month.
    pub triangle_meeting_in_month: bool,
}

/// The months whose moves count as moves "for the new school year": May to
/// October, the "summer" of S5's overview of pupils changing school
/// (`app::handover::summer`). A move in another month is a move during the
/// school year and is not counted.
pub const SCHOOL_YEAR_CHANGE_MONTHS: std::ops::RangeInclusive<u8> = 5..=10;

/// A school-to-school handover (S5) whose moving date falls in the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverFacts {
    /// The receiving school location (see [`Indicator::HandoversBeforeSchoolYear`]
    /// in `docs/monitor.md`).
    pub location: LocationId,
    /// The pupil's first day at the new school.
    pub moves_on: Date,
    /// The day the receiving school accepted the handover, if it did.
    pub accepted_on: Option<Date>,
}

/// Everything [`month_facts`] needs for one month.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MonthInput {
    /// Pupils enrolled on the reference date, per location.
    pub enrolled: Vec<(LocationId, u64)>,
    /// Cases open on the reference date or signalled, helped or closed in
    /// the month.
    pub cases: Vec<CaseFacts>,
    /// Evaluations planned in the month.
    pub evaluations: Vec<EvaluationFacts>,
    /// Escalations opened or decided in the month.
    pub escalations: Vec<EscalationFacts>,
    /// Home-sitters on the reference date.
    pub home_sitters: Vec<HomeSitterFacts>,
    /// Handovers (not cancelled) with their moving date in the month, up to
    /// the reference date.
    pub handovers: Vec<HandoverFacts>,
}

/// The durations the monitor takes medians and percentiles of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DurationKind {
    /// Days from the first signal to the start of help, of cases whose help
    /// started in the month.
    SignalToHelp,
    /// Days from opening an escalation to its decision, of escalations
    /// decided in the month.
    EscalationToDecision,
    /// Days a home-sitter has been at home on the reference date.
    HomeSitter,
}

impl DurationKind {
    pub const ALL: [DurationKind; 3] = [
        DurationKind::SignalToHelp,
        DurationKind::EscalationToDecision,
        DurationKind::HomeSitter,
    ];

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            DurationKind::SignalToHelp => "signal_to_help",
            DurationKind::EscalationToDecision => "escalation_to_decision",
            DurationKind::HomeSitter => "home_sitter",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<DurationKind> {
        DurationKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Durations of a flow (pooled over the months of a quarter or school
    /// year) or of a stock (taken on the period's last reference date).
    #[must_use]
    pub fn is_flow(self) -> bool {
        !matches!(self, DurationKind::HomeSitter)
    }
}

/// Counts of one month: per location, indicator and category. Indicators
/// with categories have one entry per category (never [`Category::All`]);
/// the others one entry with [`Category::All`]. Zeros are left out.
pub type Counts = BTreeMap<(LocationId, Indicator, Category), u64>;

/// The facts of one month.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MonthFacts {
    pub counts: Counts,
    /// One duration (in days) per unit, with no identity: location and kind.
    pub durations: Vec<(LocationId, DurationKind, u64)>,
    /// Care providers active per location (in a case open on the reference
    /// date): the pairs, so distinct providers can be counted per area.
    pub providers: BTreeSet<(LocationId, OrgId)>,
}

/// The band of a home-sitter's time at home.
#[must_use]
pub fn duration_band(days: i64) -> DurationBand {
    match days {
        ..=91 => DurationBand::UpToThreeMonths,
        92..=182 => DurationBand::ThreeToSixMonths,
        183..=365 => DurationBand::SixToTwelveMonths,
        _ => DurationBand::OverTwelveMonths,
    }
}

fn days_between(from: Date, to: Date) -> u64 {
    u64::try_from((to - from).whole_days()).unwrap_or(0)
}

fn answer(yes: bool) -> Category {
    Category::Answer(if yes { Answer::Yes } else { Answer::No })
}

/// Applies the indicator definitions to one month's rows. `start` is the
/// first day of the month, `end` its reference date (last day, or today in
/// the running month), `today` the day the figures are made (evaluations
/// count as missed only once their grace period has passed by then).
#[must_use]
pub fn month_facts(input: &MonthInput, start: Date, end: Date, today: Date) -> MonthFacts {
    let mut out = MonthFacts::default();
    let mut add = |loc: LocationId, indicator: Indicator, category: Category, n: u64| {
        if n > 0 {
            *out.counts.entry((loc, indicator, category)).or_insert(0) += n;
        }
    };
    let in_month = |d: Date| start <= d && d <= end;

    for &(loc, n) in &input.enrolled {
        add(loc, Indicator::PupilsEnrolled, Category::All, n);
    }

    let mut pupils_with_case: BTreeSet<(LocationId, PupilId)> = BTreeSet::new();
    let mut pupils_with_care: BTreeSet<(LocationId, PupilId)> = BTreeSet::new();
    let mut durations = Vec::new();
    let mut providers = BTreeSet::new();
    for c in &input.cases {
        let loc = c.location;
        if in_month(c.first_signal_on) {
            add(loc, Indicator::CasesOpened, Category::All, 1);
            let deadline = c.first_signal_on + Duration::days(EXPECTATIONS_WITHIN_DAYS);
            let at_start = c.expectations_on.is_some_and(|d| d <= deadline);
            add(
                loc,
                Indicator::CasesExpectationsAtStart,
                answer(at_start),
                1,
            );
        }
        if let Some(help) = c.help_started_on.filter(|d| in_month(*d)) {
            add(loc, Indicator::CasesHelpStarted, Category::All, 1);
            durations.push((
                loc,
                DurationKind::SignalToHelp,
                days_between(c.first_signal_on, help),
            ));
        }
        if let Some(outcome) = c.closed_within(start, end) {
            add(
                loc,
                Indicator::ClosedCaseOutcomes,
                Category::Outcome(outcome),
                1,
            );
        }
        if !c.open_on(end) {
            continue;
        }
        pupils_with_case.insert((loc, c.pupil));
        if c.youth_care {
            pupils_with_care.insert((loc, c.pupil));
        }
        if let Some(lead) = c.lead_domain {
            add(loc, Indicator::CasesByLead, Category::Lead(lead), 1);
        }
        add(
            loc,
            Indicator::CasesWithCaseLead,
            answer(c.has_case_lead),
            1,
        );
        add(
            loc,
            Indicator::CasesPlanAgreedByParents,
            answer(c.parents_agreed),
            1,
        );
        let status = c.status_on(end).unwrap_or(CaseStatus::Active);
        if is_stalled(
            status,
            c.first_signal_on,
            c.last_activity_on.filter(|d| *d <= end),
            None,
            None,
            end,
            STALLED_WEEKS,
        ) {
            add(loc, Indicator::StalledCases, Category::All, 1);
        }
        add(
            loc,
            Indicator::OverdueAgreements,
            Category::All,
            c.overdue_agreements,
        );
        for p in &c.providers {
            providers.insert((loc, *p));
        }
    }
    for (loc, _) in pupils_with_case {
        add(loc, Indicator::PupilsWithCase, Category::All, 1);
    }
    for (loc, _) in pupils_with_care {
        add(loc, Indicator::PupilsWithYouthCare, Category::All, 1);
    }

    for e in &input.evaluations {
        if !in_month(e.planned_on) {
            continue;
        }
        let grace_end = e.planned_on + Duration::days(EVALUATION_GRACE_DAYS);
        if grace_end >= today {
            continue;
        }
        if e.held_on.is_none_or(|h| h > grace_end) {
            add(e.location, Indicator::EvaluationsMissed, Category::All, 1);
        }
    }

    for x in &input.escalations {
        if in_month(x.opened_on) {
            add(
                x.location,
                Indicator::EscalationsOpened,
                Category::Escalation(x.level),
                1,
            );
        }
        if let Some(decided) = x.decided_on.filter(|d| in_month(*d)) {
            add(
                x.location,
                Indicator::EscalationsPastDeadline,
                answer(decided > x.deadline),
                1,
            );
            durations.push((
                x.location,
                DurationKind::EscalationToDecision,
                days_between(x.opened_on, decided),
            ));
        }
    }

    for h in &input.home_sitters {
        if h.since > end {
            continue;
        }
        let days = (end - h.since).whole_days();
        add(
            h.location,
            Indicator::HomeSitters,
            Category::Duration(duration_band(days)),
            1,
        );
        durations.push((
            h.location,
            DurationKind::HomeSitter,
            days_between(h.since, end),
        ));
        // The monthly meeting is due for those at home the whole month.
        if h.since <= start {
            add(
                h.location,
                Indicator::HomeSittersMonthlyMeeting,
                answer(h.triangle_meeting_in_month),
                1,
            );
        }
    }
    // Handovers for the new school year, counted in the month of the move
    // once the moving date has come: completed when the receiving school
    // accepted before the pupil's first day there.
    for h in &input.handovers {
        if in_month(h.moves_on) && SCHOOL_YEAR_CHANGE_MONTHS.contains(&u8::from(h.moves_on.month()))
        {
            add(
                h.location,
                Indicator::HandoversBeforeSchoolYear,
                answer(h.accepted_on.is_some_and(|d| d < h.moves_on)),
                1,
            );
        }
    }
    durations.sort_unstable();
    out.durations = durations;
    out.providers = providers;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn case(loc: i64, pupil: i64, first: Date) -> CaseFacts {
        CaseFacts {
            location: LocationId(loc),
            pupil: PupilId(pupil),
            status: CaseStatus::Active,
            first_signal_on: first,
            help_started_on: None,
            closed_on: None,
            outcome: None,
            lead_domain: None,
            has_case_lead: true,
            youth_care: false,
            parents_agreed: false,
            expectations_on: None,
            last_activity_on: None,
            overdue_agreements: 0,
            providers: Vec::new(),
            phases: Vec::new(),
        }
    }

    fn count(f: &MonthFacts, loc: i64, i: Indicator, c: Category) -> u64 {
        f.counts.get(&(LocationId(loc), i, c)).copied().unwrap_or(0)
    }

    const START: Date = date!(2026 - 10 - 01);
    const END: Date = date!(2026 - 10 - 31);
    const TODAY: Date = date!(2026 - 11 - 25);

    #[test]
    fn stocks_are_taken_on_the_reference_date_and_flows_in_the_month() {
        let mut opened_in_month = case(1, 1, date!(2026 - 10 - 03));
        opened_in_month.help_started_on = Some(date!(2026 - 10 - 13));
        opened_in_month.expectations_on = Some(date!(2026 - 10 - 20));
        let mut closed_in_month = case(1, 2, date!(2026 - 01 - 10));
        closed_in_month.status = CaseStatus::Closed;
        closed_in_month.closed_on = Some(date!(2026 - 10 - 15));
        closed_in_month.outcome = Some(CaseOutcome::BackInEducation);
        // Closed after the reference date: open then, closed now.
        let mut closed_later = case(1, 3, date!(2026 - 02 - 01));
        closed_later.status = CaseStatus::Closed;
        closed_later.closed_on = Some(date!(2026 - 11 - 10));
        closed_later.outcome = Some(CaseOutcome::Diploma);
        closed_later.youth_care = true;
        closed_later.providers = vec![OrgId(77)];
        let f = month_facts(
            &MonthInput {
                enrolled: vec![(LocationId(1), 300)],
                cases: vec![opened_in_month, closed_in_month, closed_later],
                ..MonthInput::default()
            },
            START,
            END,
            TODAY,
        );
        assert_eq!(count(&f, 1, Indicator::PupilsEnrolled, Category::All), 300);
        // Open on 31 October: the one opened in the month and the one closed later.
        assert_eq!(count(&f, 1, Indicator::PupilsWithCase, Category::All), 2);
        assert_eq!(
            count(&f, 1, Indicator::PupilsWithYouthCare, Category::All),
            1
        );
        assert_eq!(count(&f, 1, Indicator::CasesOpened, Category::All), 1);
        assert_eq!(count(&f, 1, Indicator::CasesHelpStarted, Category::All), 1);
        assert_eq!(
            count(
                &f,
                1,
                Indicator::CasesExpectationsAtStart,
                Category::Answer(Answer::Yes)
            ),
            1
        );
        assert_eq!(
            count(
                &f,
                1,
                Indicator::ClosedCaseOutcomes,
                Category::Outcome(CaseOutcome::BackInEducation)
            ),
            1
        );
        assert_eq!(
            count(
                &f,
                1,
                Indicator::ClosedCaseOutcomes,
                Category::Outcome(CaseOutcome::Diploma)
            ),
            0
        );
        assert_eq!(
            f.durations,
            vec![(LocationId(1), DurationKind::SignalToHelp, 10)]
        );
        assert!(f.providers.contains(&(LocationId(1), OrgId(77))));
    }

    fn change(on: Date, from: CaseStatus, to: CaseStatus) -> PhaseChange {
        PhaseChange {
            on,
            from: Some(from),
            to,
            outcome: (to == CaseStatus::Closed).then_some(CaseOutcome::Diploma),
        }
    }

    /// Closed on 20 September (diploma), reopened on 10 November: the
    /// reopening cleared the close date and the outcome on the case.
    fn reopened() -> CaseFacts {
        let mut c = case(1, 1, date!(2026 - 03 - 01));
        c.status = CaseStatus::Exploration;
        c.phases = vec![
            change(
                date!(2026 - 03 - 20),
                CaseStatus::Signal,
                CaseStatus::Active,
            ),
            change(
                date!(2026 - 09 - 20),
                CaseStatus::Active,
                CaseStatus::Closed,
            ),
            change(
                date!(2026 - 11 - 10),
                CaseStatus::Closed,
                CaseStatus::Exploration,
            ),
        ];
        c
    }

    fn facts_of(c: CaseFacts, start: Date, end: Date) -> MonthFacts {
        month_facts(
            &MonthInput {
                cases: vec![c],
                ..MonthInput::default()
            },
            start,
            end,
            TODAY,
        )
    }

    #[test]
    fn handovers_count_in_the_month_of_the_move_when_accepted_before_it() {
        let h = |moves_on: Date, accepted_on: Option<Date>| HandoverFacts {
            location: LocationId(4),
            moves_on,
            accepted_on,
        };
        let input = MonthInput {
            handovers: vec![
                // Accepted in July for a move on 24 August: completed.
                h(date!(2026 - 08 - 24), Some(date!(2026 - 07 - 10))),
                // Accepted on the first day itself: not before it.
                h(date!(2026 - 08 - 24), Some(date!(2026 - 08 - 24))),
                // Never accepted.
                h(date!(2026 - 08 - 31), None),
                // Another month.
                h(date!(2026 - 09 - 01), Some(date!(2026 - 07 - 01))),
            ],
            ..MonthInput::default()
        };
        let f = month_facts(&input, date!(2026 - 08 - 01), date!(2026 - 08 - 31), TODAY);
        let i = Indicator::HandoversBeforeSchoolYear;
        assert_eq!(count(&f, 4, i, Category::Answer(Answer::Yes)), 1);
        assert_eq!(count(&f, 4, i, Category::Answer(Answer::No)), 2);
        // A move in January is a move during the school year: not counted.
        let jan = MonthInput {
            handovers: vec![h(date!(2027 - 01 - 11), Some(date!(2027 - 01 - 04)))],
            ..MonthInput::default()
        };
        let f = month_facts(&jan, date!(2027 - 01 - 01), date!(2027 - 01 - 31), TODAY);
        assert!(f.counts.is_empty(), "{:?}", f.counts);
    }

    #[test]
    fn a_reopened_case_is_closed_in_the_months_between() {
        let closed = Category::Outcome(CaseOutcome::Diploma);
        // August: open.
        let aug = facts_of(reopened(), date!(2026 - 08 - 01), date!(2026 - 08 - 31));
        assert_eq!(count(&aug, 1, Indicator::PupilsWithCase, Category::All), 1);
        // September: closed on the 20th, still closed on the 30th: not open,
        // and counted among the closed cases with its outcome.
        let sep = facts_of(reopened(), date!(2026 - 09 - 01), date!(2026 - 09 - 30));
        assert_eq!(count(&sep, 1, Indicator::PupilsWithCase, Category::All), 0);
        assert_eq!(count(&sep, 1, Indicator::ClosedCaseOutcomes, closed), 1);
        // October (the gap month): neither open nor closed in the month.
        let oct = facts_of(reopened(), START, END);
        assert!(oct.counts.is_empty(), "{:?}", oct.counts);
        // November: reopened on the 10th, open on the reference date.
        let nov = facts_of(reopened(), date!(2026 - 11 - 01), date!(2026 - 11 - 30));
        assert_eq!(count(&nov, 1, Indicator::PupilsWithCase, Category::All), 1);
        assert_eq!(count(&nov, 1, Indicator::ClosedCaseOutcomes, closed), 0);
    }

    #[test]
    fn a_case_closed_and_reopened_within_the_month_counts_as_open_only() {
        let mut c = reopened();
        c.phases[2].on = date!(2026 - 09 - 25);
        let sep = facts_of(c, date!(2026 - 09 - 01), date!(2026 - 09 - 30));
        assert_eq!(count(&sep, 1, Indicator::PupilsWithCase, Category::All), 1);
        assert!(
            sep.counts
                .keys()
                .all(|(_, i, _)| *i != Indicator::ClosedCaseOutcomes)
        );
    }

    #[test]
    fn a_reopened_case_without_history_counts_as_open() {
        // A case reopened before the phase history was kept: its closing
        // left no trace, so it counts as open throughout.
        let mut c = reopened();
        c.phases.clear();
        let sep = facts_of(c, date!(2026 - 09 - 01), date!(2026 - 09 - 30));
        assert_eq!(count(&sep, 1, Indicator::PupilsWithCase, Category::All), 1);
        assert!(
            sep.counts
                .keys()
                .all(|(_, i, _)| *i != Indicator::ClosedCaseOutcomes)
        );
    }

    #[test]
    fn expectations_late_stalled_overdue_and_leads() {
        let mut late = case(1, 1, date!(2026 - 10 - 01));
        late.expectations_on = Some(date!(2026 - 11 - 20));
        late.has_case_lead = false;
        late.lead_domain = Some(LeadDomain::Zorg);
        late.overdue_agreements = 3;
        late.last_activity_on = Some(date!(2026 - 10 - 05));
        let mut stalled = case(1, 2, date!(2026 - 05 - 01));
        stalled.last_activity_on = Some(date!(2026 - 09 - 01));
        let mut signal = case(1, 3, date!(2026 - 05 - 01));
        signal.status = CaseStatus::Signal;
        let f = month_facts(
            &MonthInput {
                cases: vec![late, stalled, signal],
                ..MonthInput::default()
            },
            START,
            END,
            TODAY,
        );
        assert_eq!(
            count(
                &f,
                1,
                Indicator::CasesExpectationsAtStart,
                Category::Answer(Answer::No)
            ),
            1
        );
        assert_eq!(
            count(
                &f,
                1,
                Indicator::CasesWithCaseLead,
                Category::Answer(Answer::No)
            ),
            1
        );
        assert_eq!(
            count(
                &f,
                1,
                Indicator::CasesWithCaseLead,
                Category::Answer(Answer::Yes)
            ),
            2
        );
        assert_eq!(
            count(
                &f,
                1,
                Indicator::CasesByLead,
                Category::Lead(LeadDomain::Zorg)
            ),
            1
        );
        assert_eq!(count(&f, 1, Indicator::OverdueAgreements, Category::All), 3);
        // Only the case without activity since 1 September; a signal is never stalled.
        assert_eq!(count(&f, 1, Indicator::StalledCases, Category::All), 1);
    }

    #[test]
    fn evaluations_escalations_and_home_sitters() {
        let evaluations = vec![
            // Never held: missed.
            EvaluationFacts {
                location: LocationId(1),
                planned_on: date!(2026 - 10 - 02),
                held_on: None,
            },
            // Held within the grace days.
            EvaluationFacts {
                location: LocationId(1),
                planned_on: date!(2026 - 10 - 02),
                held_on: Some(date!(2026 - 10 - 10)),
            },
            // Held too late: missed.
            EvaluationFacts {
                location: LocationId(1),
                planned_on: date!(2026 - 10 - 02),
                held_on: Some(date!(2026 - 10 - 30)),
            },
        ];
        let escalations = vec![
            EscalationFacts {
                location: LocationId(1),
                level: EscalationLevel::Managers,
                opened_on: date!(2026 - 10 - 01),
                deadline: date!(2026 - 10 - 10),
                decided_on: Some(date!(2026 - 10 - 21)),
            },
            EscalationFacts {
                location: LocationId(1),
                level: EscalationLevel::Team,
                opened_on: date!(2026 - 09 - 01),
                deadline: date!(2026 - 10 - 10),
                decided_on: Some(date!(2026 - 10 - 05)),
            },
        ];
        let home_sitters = vec![
            HomeSitterFacts {
                location: LocationId(1),
                since: date!(2026 - 06 - 01),
                triangle_meeting_in_month: true,
            },
            // Home since the middle of the month: no monthly meeting due yet.
            HomeSitterFacts {
                location: LocationId(1),
                since: date!(2026 - 10 - 15),
                triangle_meeting_in_month: false,
            },
        ];
        let f = month_facts(
            &MonthInput {
                evaluations,
                escalations,
                home_sitters,
                ..MonthInput::default()
            },
            START,
            END,
            TODAY,
        );
        assert_eq!(count(&f, 1, Indicator::EvaluationsMissed, Category::All), 2);
        assert_eq!(
            count(
                &f,
                1,
                Indicator::EscalationsOpened,
                Category::Escalation(EscalationLevel::Managers)
            ),
            1
        );
        assert_eq!(
            count(
                &f,
                1,
                Indicator::EscalationsPastDeadline,
                Category::Answer(Answer::Yes)
            ),
            1
        );
        assert_eq!(
            count(
                &f,
                1,
                Indicator::EscalationsPastDeadline,
                Category::Answer(Answer::No)
            ),
            1
        );
        assert_eq!(
            count(
                &f,
                1,
                Indicator::HomeSitters,
                Category::Duration(DurationBand::ThreeToSixMonths)
            ),
            1
        );
        assert_eq!(
            count(
                &f,
                1,
                Indicator::HomeSitters,
                Category::Duration(DurationBand::UpToThreeMonths)
            ),
            1
        );
        assert_eq!(
            count(
                &f,
                1,
                Indicator::HomeSittersMonthlyMeeting,
                Category::Answer(Answer::Yes)
            ),
            1
        );
        assert_eq!(
            count(
                &f,
                1,
                Indicator::HomeSittersMonthlyMeeting,
                Category::Answer(Answer::No)
            ),
            0
        );
        let escalation_days: Vec<u64> = f
            .durations
            .iter()
            .filter(|d| d.1 == DurationKind::EscalationToDecision)
            .map(|d| d.2)
            .collect();
        assert_eq!(escalation_days, vec![20, 34]);
    }

    #[test]
    fn evaluations_in_their_grace_period_are_not_missed_yet() {
        let f = month_facts(
            &MonthInput {
                evaluations: vec![EvaluationFacts {
                    location: LocationId(1),
                    planned_on: date!(2026 - 11 - 20),
                    held_on: None,
                }],
                ..MonthInput::default()
            },
            date!(2026 - 11 - 01),
            TODAY,
            TODAY,
        );
        assert!(f.counts.is_empty());
    }

    #[test]
    fn bands() {
        assert_eq!(duration_band(0), DurationBand::UpToThreeMonths);
        assert_eq!(duration_band(91), DurationBand::UpToThreeMonths);
        assert_eq!(duration_band(92), DurationBand::ThreeToSixMonths);
        assert_eq!(duration_band(365), DurationBand::SixToTwelveMonths);
        assert_eq!(duration_band(366), DurationBand::OverTwelveMonths);
    }
}
