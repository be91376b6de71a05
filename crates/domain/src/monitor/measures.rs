//! The figures a dashboard shows, each with its written definition
//! (numerator, denominator, period) in the message
//! `monitor-measure-{code}-definition`, and how it is made from published
//! figures ([`Measure::value`]). A measure never computes a figure of its
//! own: shares come from two published counts ([`share`]), statistics and
//! counts are looked up as published.

use serde::{Deserialize, Serialize};

use super::dimensions::{Answer, Category, Indicator};
use super::disclosure::{Figure, Sdc};
use super::publication::{Published, Quantity, Stat, share};

/// How a measure is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A (rounded) number of units.
    Count,
    /// Whole percent.
    Percent,
    /// Days.
    Days,
    /// A number with one decimal, stored times ten.
    Tenths,
    /// Per 100 (a whole number).
    Per100,
}

/// Which way is better, for policy goals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The goal is reached at or above the target.
    AtLeast,
    /// The goal is reached at or below the target.
    AtMost,
}

/// The dashboard's groups, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Reach,
    Fragmentation,
    Speed,
    Collaboration,
    Signals,
    Escalation,
    HomeSitters,
    Outcomes,
}

impl Group {
    pub const ALL: [Group; 8] = [
        Group::Reach,
        Group::Fragmentation,
        Group::Speed,
        Group::Collaboration,
        Group::Signals,
        Group::Escalation,
        Group::HomeSitters,
        Group::Outcomes,
    ];

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Group::Reach => "reach",
            Group::Fragmentation => "fragmentation",
            Group::Speed => "speed",
            Group::Collaboration => "collaboration",
            Group::Signals => "signals",
            Group::Escalation => "escalation",
            Group::HomeSitters => "home_sitters",
            Group::Outcomes => "outcomes",
        }
    }

    #[must_use]
    pub fn message_id(self) -> String {
        format!("monitor-group-{}", self.code().replace('_', "-"))
    }
}

/// What a measure is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    /// A share in whole percent: `part` of `whole`.
    Share {
        part: (Indicator, Category),
        whole: (Indicator, Category),
    },
    /// A published count (all categories).
    Count(Indicator),
    /// A published statistic.
    Stat(Stat),
}

macro_rules! measures {
    ($($variant:ident => $code:literal),+ $(,)?) => {
        /// A figure of the dashboard.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Measure { $($variant),+ }

        impl Measure {
            pub const ALL: &'static [Measure] = &[$(Measure::$variant),+];

            #[must_use]
            pub fn code(self) -> &'static str {
                match self { $(Measure::$variant => $code),+ }
            }

            #[must_use]
            pub fn from_code(code: &str) -> Option<Measure> {
                match code { $($code => Some(Measure::$variant),)+ _ => None }
            }
        }
    };
}

measures!(
    PupilsEnrolled => "pupils_enrolled",
    PupilsWithCase => "pupils_with_case",
    PupilsWithYouthCare => "pupils_with_youth_care",
    CasesOpened => "cases_opened",
    ProvidersPerSchool => "providers_per_school",
    ProvidersPer100 => "providers_per_100",
    DaysToHelpMedian => "days_to_help_median",
    DaysToHelpP80 => "days_to_help_p80",
    ExpectationsAtStart => "expectations_at_start",
    CaseLead => "case_lead",
    PlanAgreedByParents => "plan_agreed_by_parents",
    OpenCasesByLead => "open_cases_by_lead",
    StalledCases => "stalled_cases",
    OverdueAgreements => "overdue_agreements",
    EvaluationsMissed => "evaluations_missed",
    EscalationsOpened => "escalations_opened",
    EscalationDaysMedian => "escalation_days_median",
    EscalationsPastDeadline => "escalations_past_deadline",
    HomeSitters => "home_sitters",
    HomeSitterDaysMedian => "home_sitter_days_median",
    HomeSittersMonthlyMeeting => "home_sitters_monthly_meeting",
    ClosedCases => "closed_cases",
    HandoverCompletion => "handover_completion",
);

fn yes(i: Indicator) -> (Indicator, Category) {
    (i, Category::Answer(Answer::Yes))
}

fn all(i: Indicator) -> (Indicator, Category) {
    (i, Category::All)
}

impl Measure {
    #[must_use]
    pub fn kind(self) -> Kind {
        use Indicator as I;
        match self {
            Measure::PupilsEnrolled => Kind::Count(I::PupilsEnrolled),
            Measure::PupilsWithCase => Kind::Share {
                part: all(I::PupilsWithCase),
                whole: all(I::PupilsEnrolled),
            },
            Measure::PupilsWithYouthCare => Kind::Share {
                part: all(I::PupilsWithYouthCare),
                whole: all(I::PupilsEnrolled),
            },
            Measure::CasesOpened => Kind::Count(I::CasesOpened),
            Measure::ProvidersPerSchool => Kind::Stat(Stat::ProvidersPerSchoolX10),
            Measure::ProvidersPer100 => Kind::Stat(Stat::ProvidersPer100),
            Measure::DaysToHelpMedian => Kind::Stat(Stat::DaysToHelpP50),
            Measure::DaysToHelpP80 => Kind::Stat(Stat::DaysToHelpP80),
            Measure::ExpectationsAtStart => Kind::Share {
                part: yes(I::CasesExpectationsAtStart),
                whole: all(I::CasesExpectationsAtStart),
            },
            Measure::CaseLead => Kind::Share {
                part: yes(I::CasesWithCaseLead),
                whole: all(I::CasesWithCaseLead),
            },
            Measure::PlanAgreedByParents => Kind::Share {
                part: yes(I::CasesPlanAgreedByParents),
                whole: all(I::CasesPlanAgreedByParents),
            },
            Measure::OpenCasesByLead => Kind::Count(I::CasesByLead),
            Measure::StalledCases => Kind::Count(I::StalledCases),
            Measure::OverdueAgreements => Kind::Count(I::OverdueAgreements),
            Measure::EvaluationsMissed => Kind::Count(I::EvaluationsMissed),
            Measure::EscalationsOpened => Kind::Count(I::EscalationsOpened),
            Measure::EscalationDaysMedian => Kind::Stat(Stat::EscalationDaysP50),
            Measure::EscalationsPastDeadline => Kind::Share {
                part: yes(I::EscalationsPastDeadline),
                whole: all(I::EscalationsPastDeadline),
            },
            Measure::HomeSitters => Kind::Count(I::HomeSitters),
            Measure::HomeSitterDaysMedian => Kind::Stat(Stat::HomeSitterDaysP50),
            Measure::HomeSittersMonthlyMeeting => Kind::Share {
                part: yes(I::HomeSittersMonthlyMeeting),
                whole: all(I::HomeSittersMonthlyMeeting),
            },
            Measure::ClosedCases => Kind::Count(I::ClosedCaseOutcomes),
            Measure::HandoverCompletion => Kind::Share {
                part: yes(I::HandoversBeforeSchoolYear),
                whole: all(I::HandoversBeforeSchoolYear),
            },
        }
    }

    #[must_use]
    pub fn unit(self) -> Unit {
        match self.kind() {
            Kind::Share { .. } => match self {
                Measure::PupilsWithCase | Measure::PupilsWithYouthCare => Unit::Per100,
                _ => Unit::Percent,
            },
            Kind::Count(_) => Unit::Count,
            Kind::Stat(Stat::ProvidersPerSchoolX10) => Unit::Tenths,
            Kind::Stat(Stat::ProvidersPer100) => Unit::Per100,
            Kind::Stat(Stat::ProvidersDistinct) => Unit::Count,
            Kind::Stat(_) => Unit::Days,
        }
    }

    #[must_use]
    pub fn group(self) -> Group {
        match self {
            Measure::PupilsEnrolled
            | Measure::PupilsWithCase
            | Measure::PupilsWithYouthCare
            | Measure::CasesOpened => Group::Reach,
            Measure::ProvidersPerSchool | Measure::ProvidersPer100 => Group::Fragmentation,
            Measure::DaysToHelpMedian | Measure::DaysToHelpP80 => Group::Speed,
            Measure::ExpectationsAtStart
            | Measure::CaseLead
            | Measure::PlanAgreedByParents
            | Measure::OpenCasesByLead => Group::Collaboration,
            Measure::StalledCases | Measure::OverdueAgreements | Measure::EvaluationsMissed => {
                Group::Signals
            }
            Measure::EscalationsOpened
            | Measure::EscalationDaysMedian
            | Measure::EscalationsPastDeadline => Group::Escalation,
            Measure::HomeSitters
            | Measure::HomeSitterDaysMedian
            | Measure::HomeSittersMonthlyMeeting => Group::HomeSitters,
            Measure::ClosedCases | Measure::HandoverCompletion => Group::Outcomes,
        }
    }

    /// The indicator whose categories an indicator page breaks this measure
    /// down by, if any.
    #[must_use]
    pub fn breakdown(self) -> Option<Indicator> {
        let indicator = match self.kind() {
            Kind::Share { whole, .. } => whole.0,
            Kind::Count(i) => i,
            Kind::Stat(_) => return None,
        };
        indicator.category_kind().map(|_| indicator)
    }

    /// Which way a policy goal on this measure points; `None` for measures
    /// that are context, not a goal (how many pupils, how many cases).
    #[must_use]
    pub fn direction(self) -> Option<Direction> {
        match self {
            Measure::ExpectationsAtStart
            | Measure::CaseLead
            | Measure::PlanAgreedByParents
            | Measure::HomeSittersMonthlyMeeting
            | Measure::HandoverCompletion => Some(Direction::AtLeast),
            Measure::DaysToHelpMedian
            | Measure::DaysToHelpP80
            | Measure::ProvidersPerSchool
            | Measure::ProvidersPer100
            | Measure::StalledCases
            | Measure::OverdueAgreements
            | Measure::EvaluationsMissed
            | Measure::EscalationDaysMedian
            | Measure::EscalationsPastDeadline
            | Measure::HomeSitters
            | Measure::HomeSitterDaysMedian => Some(Direction::AtMost),
            Measure::PupilsEnrolled
            | Measure::PupilsWithCase
            | Measure::PupilsWithYouthCare
            | Measure::CasesOpened
            | Measure::OpenCasesByLead
            | Measure::EscalationsOpened
            | Measure::ClosedCases => None,
        }
    }

    /// The values a goal's target may take, in the measure's stored unit
    /// (tenths for [`Unit::Tenths`]).
    #[must_use]
    pub fn target_range(self) -> (u64, u64) {
        match self.unit() {
            Unit::Percent => (0, 100),
            Unit::Days => (0, 3650),
            Unit::Tenths => (0, 1000),
            Unit::Per100 => (0, 100),
            Unit::Count => (0, 1_000_000),
        }
    }

    /// The measures a policy goal can be set on.
    #[must_use]
    pub fn goal_measures() -> Vec<Measure> {
        Measure::ALL
            .iter()
            .copied()
            .filter(|m| m.direction().is_some())
            .collect()
    }

    /// Whether it is a stock (taken at the end of the period) rather than a
    /// flow (what happened during it).
    #[must_use]
    pub fn is_stock(self) -> bool {
        match self.kind() {
            Kind::Share { whole, .. } => !whole.0.is_flow(),
            Kind::Count(i) => !i.is_flow(),
            Kind::Stat(s) => !s.is_flow(),
        }
    }

    /// The Fluent id of the name.
    #[must_use]
    pub fn message_id(self) -> String {
        format!("monitor-measure-{}", self.code().replace('_', "-"))
    }

    /// The Fluent id of the written definition: numerator, denominator,
    /// period.
    #[must_use]
    pub fn definition_id(self) -> String {
        format!("{}-definition", self.message_id())
    }

    /// The published figures this measure is made of.
    #[must_use]
    pub fn inputs(self) -> Vec<(Quantity, Category)> {
        match self.kind() {
            Kind::Share { part, whole } => vec![
                (Quantity::Count(part.0), part.1),
                (Quantity::Count(whole.0), whole.1),
            ],
            Kind::Count(i) => vec![(Quantity::Count(i), Category::All)],
            Kind::Stat(s) => vec![(Quantity::Stat(s), Category::All)],
        }
    }

    /// The figure of this measure from the published figures of one node
    /// and period (`lookup` answers [`Published::missing`] for what is not
    /// stored).
    #[must_use]
    pub fn value(self, sdc: &Sdc, lookup: impl Fn(Quantity, Category) -> Published) -> Figure<u64> {
        match self.kind() {
            Kind::Share { part, whole } => {
                let p = lookup(Quantity::Count(part.0), part.1);
                let w = lookup(Quantity::Count(whole.0), whole.1);
                match share(sdc, &p, &w) {
                    Figure::Shown(v) => Figure::Shown(u64::from(v)),
                    Figure::Suppressed(r) => Figure::Suppressed(r),
                }
            }
            Kind::Count(i) => lookup(Quantity::Count(i), Category::All).figure,
            Kind::Stat(s) => lookup(Quantity::Stat(s), Category::All).figure,
        }
    }
}

/// The RENN4 reference for distinct care providers per special-needs
/// school: 12 for SO, 19 for VSO.
#[must_use]
pub fn renn4_reference(sector: crate::registry::Sector) -> Option<u64> {
    match sector {
        crate::registry::Sector::So => Some(12),
        crate::registry::Sector::Vso => Some(19),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::disclosure::SuppressionReason;

    #[test]
    fn codes_and_ids_are_stable() {
        for m in Measure::ALL {
            assert_eq!(Measure::from_code(m.code()), Some(*m));
            assert!(m.definition_id().starts_with("monitor-measure-"));
        }
        assert_eq!(
            Measure::HomeSittersMonthlyMeeting.message_id(),
            "monitor-measure-home-sitters-monthly-meeting"
        );
    }

    #[test]
    fn shares_are_made_from_published_counts() {
        let sdc = Sdc::default();
        let lookup = |q: Quantity, c: Category| match (q, c) {
            (
                Quantity::Count(Indicator::HomeSittersMonthlyMeeting),
                Category::Answer(Answer::Yes),
            ) => Published {
                value: 15,
                figure: Figure::Shown(15),
            },
            (Quantity::Count(Indicator::HomeSittersMonthlyMeeting), Category::All) => Published {
                value: 40,
                figure: Figure::Shown(40),
            },
            _ => Published::missing(q),
        };
        assert_eq!(
            Measure::HomeSittersMonthlyMeeting.value(&sdc, lookup),
            Figure::Shown(38)
        );
        assert_eq!(
            Measure::DaysToHelpMedian.value(&sdc, lookup),
            Figure::Suppressed(SuppressionReason::SmallBase)
        );
        assert_eq!(
            Measure::HandoverCompletion.value(&sdc, lookup),
            Figure::Suppressed(SuppressionReason::SmallBase)
        );
    }

    #[test]
    fn goals_only_on_measures_with_a_direction() {
        let goals = Measure::goal_measures();
        assert!(goals.contains(&Measure::HomeSittersMonthlyMeeting));
        assert!(!goals.contains(&Measure::PupilsEnrolled));
        assert_eq!(Measure::HomeSittersMonthlyMeeting.target_range(), (0, 100));
        assert!(Measure::HomeSitters.is_stock());
        assert!(!Measure::CasesOpened.is_stock());
        assert_eq!(
            Measure::ClosedCases.breakdown(),
            Some(Indicator::ClosedCaseOutcomes)
        );
    }
}
