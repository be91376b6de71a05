//! The fixed hierarchies the monitor publishes along: which indicator, which
//! area, which period, which sector and which indicator-specific category.
//!
//! There is deliberately no free filter: a figure is named by a [`CellKey`],
//! a node in these fixed hierarchies, and a table by a base node plus the
//! children along one or two dimensions ([`Coord`]). Combinations that could
//! isolate a small group ("pupils of school X in VSO with outcome drop-out
//! who moved in March") cannot be expressed beyond what the hierarchies allow,
//! and every expressible node goes through the disclosure control.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::cases::{CaseOutcome, EscalationLevel, LeadDomain};
use crate::ids::{LocationId, OrgId};
use crate::registry::Sector;

/// Why a key, coordinate or period is not a node of the fixed hierarchies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DimensionError {
    #[error("month must be 1 to 12, got {0}")]
    Month(u8),
    #[error("quarter must be 1 to 4, got {0}")]
    Quarter(u8),
    #[error("year {0} is outside 1900..=2999")]
    Year(i16),
    #[error("category {category:?} does not belong to indicator {indicator:?}")]
    CategoryNotAllowed {
        indicator: Indicator,
        category: Category,
    },
}

// ---------------------------------------------------------------------------
// indicators
// ---------------------------------------------------------------------------

/// A counted indicator of the monitor. Each count is a number of units (pupils,
/// cases, agreements, escalations, care providers) in one node of the
/// hierarchies. Shares are built from two counts with
/// [`crate::monitor::Rate`]; medians and percentiles are protected by the size
/// of their group (see [`crate::monitor::Sdc::percentile`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// Pupils enrolled (the base of "per 100 pupils"). Stock.
    PupilsEnrolled,
    /// Pupils with an open support case. Stock.
    PupilsWithCase,
    /// Pupils with a support case in which youth care is involved. Stock.
    PupilsWithYouthCare,
    /// Distinct care providers active (fragmentation). Stock; not additive
    /// over areas (one provider works at several schools).
    CareProvidersActive,
    /// Cases opened (first signal) in the period. Flow.
    CasesOpened,
    /// Cases in which help started in the period (the group of "days from
    /// first signal to help"). Flow.
    CasesHelpStarted,
    /// Open cases by who is in the lead. Stock.
    CasesByLead,
    /// Cases started in the period, by whether expectations were made explicit
    /// at the start. Flow.
    CasesExpectationsAtStart,
    /// Open cases, by whether a case lead (regievoerder) is named. Stock.
    CasesWithCaseLead,
    /// Open cases, by whether the parents agreed to the plan. Stock.
    CasesPlanAgreedByParents,
    /// Stalled cases. Stock.
    StalledCases,
    /// Overdue agreements. Stock.
    OverdueAgreements,
    /// Evaluation moments missed in the period. Flow.
    EvaluationsMissed,
    /// Escalations opened in the period, by level. Flow.
    EscalationsOpened,
    /// Escalations decided in the period, by whether the decision came after
    /// the deadline. Flow.
    EscalationsPastDeadline,
    /// Home-sitters (thuiszitters), by how long they have been at home. Stock.
    HomeSitters,
    /// Home-sitters, by whether the monthly school-care-parents meeting took
    /// place in the month. Stock.
    HomeSittersMonthlyMeeting,
    /// Cases closed in the period, by outcome. Flow.
    ClosedCaseOutcomes,
    /// School-to-school handovers for the new school year, by whether they
    /// were completed before the school year started. Flow.
    HandoversBeforeSchoolYear,
}

impl Indicator {
    pub const ALL: [Indicator; 19] = [
        Indicator::PupilsEnrolled,
        Indicator::PupilsWithCase,
        Indicator::PupilsWithYouthCare,
        Indicator::CareProvidersActive,
        Indicator::CasesOpened,
        Indicator::CasesHelpStarted,
        Indicator::CasesByLead,
        Indicator::CasesExpectationsAtStart,
        Indicator::CasesWithCaseLead,
        Indicator::CasesPlanAgreedByParents,
        Indicator::StalledCases,
        Indicator::OverdueAgreements,
        Indicator::EvaluationsMissed,
        Indicator::EscalationsOpened,
        Indicator::EscalationsPastDeadline,
        Indicator::HomeSitters,
        Indicator::HomeSittersMonthlyMeeting,
        Indicator::ClosedCaseOutcomes,
        Indicator::HandoversBeforeSchoolYear,
    ];

    /// Stable code (exports, URLs, message ids).
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Indicator::PupilsEnrolled => "pupils_enrolled",
            Indicator::PupilsWithCase => "pupils_with_case",
            Indicator::PupilsWithYouthCare => "pupils_with_youth_care",
            Indicator::CareProvidersActive => "care_providers_active",
            Indicator::CasesOpened => "cases_opened",
            Indicator::CasesHelpStarted => "cases_help_started",
            Indicator::CasesByLead => "cases_by_lead",
            Indicator::CasesExpectationsAtStart => "cases_expectations_at_start",
            Indicator::CasesWithCaseLead => "cases_with_case_lead",
            Indicator::CasesPlanAgreedByParents => "cases_plan_agreed_by_parents",
            Indicator::StalledCases => "stalled_cases",
            Indicator::OverdueAgreements => "overdue_agreements",
            Indicator::EvaluationsMissed => "evaluations_missed",
            Indicator::EscalationsOpened => "escalations_opened",
            Indicator::EscalationsPastDeadline => "escalations_past_deadline",
            Indicator::HomeSitters => "home_sitters",
            Indicator::HomeSittersMonthlyMeeting => "home_sitters_monthly_meeting",
            Indicator::ClosedCaseOutcomes => "closed_case_outcomes",
            Indicator::HandoversBeforeSchoolYear => "handovers_before_school_year",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Indicator> {
        Indicator::ALL.into_iter().find(|i| i.code() == code)
    }

    /// The Fluent message id of the indicator's name; its definition
    /// (numerator, denominator, period) is `<id>-definition`.
    #[must_use]
    pub fn message_id(self) -> String {
        format!("monitor-indicator-{}", self.code().replace('_', "-"))
    }

    /// The fixed categories this indicator is broken down by, if any.
    #[must_use]
    pub fn category_kind(self) -> Option<CategoryKind> {
        match self {
            Indicator::CasesByLead => Some(CategoryKind::Lead),
            Indicator::CasesExpectationsAtStart
            | Indicator::CasesWithCaseLead
            | Indicator::CasesPlanAgreedByParents
            | Indicator::EscalationsPastDeadline
            | Indicator::HomeSittersMonthlyMeeting
            | Indicator::HandoversBeforeSchoolYear => Some(CategoryKind::Answer),
            Indicator::EscalationsOpened => Some(CategoryKind::Escalation),
            Indicator::HomeSitters => Some(CategoryKind::Duration),
            Indicator::ClosedCaseOutcomes => Some(CategoryKind::Outcome),
            Indicator::PupilsEnrolled
            | Indicator::PupilsWithCase
            | Indicator::PupilsWithYouthCare
            | Indicator::CareProvidersActive
            | Indicator::CasesOpened
            | Indicator::CasesHelpStarted
            | Indicator::StalledCases
            | Indicator::OverdueAgreements
            | Indicator::EvaluationsMissed => None,
        }
    }

    /// A flow counts events in the period (months add up to the quarter);
    /// a stock counts units present in the period (a home-sitter in March and
    /// in April is one home-sitter of the quarter), so it does not add up
    /// over periods.
    #[must_use]
    pub fn is_flow(self) -> bool {
        matches!(
            self,
            Indicator::CasesOpened
                | Indicator::CasesHelpStarted
                | Indicator::CasesExpectationsAtStart
                | Indicator::EvaluationsMissed
                | Indicator::EscalationsOpened
                | Indicator::EscalationsPastDeadline
                | Indicator::ClosedCaseOutcomes
                | Indicator::HandoversBeforeSchoolYear
        )
    }

    /// Whether the figure of a node equals the sum of its children along
    /// `dimension` (when the children are complete). This is a property of
    /// the data, not a choice of the table: the disclosure control uses it to
    /// know which differences an attacker can take.
    ///
    /// - areas: every counted unit is attributed to exactly one school
    ///   location per period, so counts add up, except distinct care
    ///   providers (one provider is active at several schools);
    /// - periods: only flows add up;
    /// - sectors and categories: a unit has exactly one sector and one
    ///   category, so they add up.
    #[must_use]
    pub fn is_additive_over(self, dimension: Dimension) -> bool {
        match dimension {
            Dimension::Area => self != Indicator::CareProvidersActive,
            Dimension::Period => self.is_flow(),
            Dimension::Sector => self != Indicator::CareProvidersActive,
            Dimension::Category => true,
        }
    }

    /// Whether `category` is a valid category of this indicator
    /// ([`Category::All`] always is).
    #[must_use]
    pub fn allows(self, category: Category) -> bool {
        match category.kind() {
            None => true,
            Some(kind) => self.category_kind() == Some(kind),
        }
    }
}

// ---------------------------------------------------------------------------
// areas
// ---------------------------------------------------------------------------

/// The levels of the area hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaLevel {
    SchoolLocation,
    SchoolBoard,
    Swv,
    Municipality,
    Region,
    National,
}

impl AreaLevel {
    pub const ALL: [AreaLevel; 6] = [
        AreaLevel::SchoolLocation,
        AreaLevel::SchoolBoard,
        AreaLevel::Swv,
        AreaLevel::Municipality,
        AreaLevel::Region,
        AreaLevel::National,
    ];

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            AreaLevel::SchoolLocation => "school_location",
            AreaLevel::SchoolBoard => "school_board",
            AreaLevel::Swv => "swv",
            AreaLevel::Municipality => "municipality",
            AreaLevel::Region => "region",
            AreaLevel::National => "national",
        }
    }

    /// Whether areas of level `child` nest inside areas of this level, so a
    /// table may list them as the children of one area of this level.
    ///
    /// School locations nest in everything; municipalities in regions and
    /// the country; everything in the country. Boards, partnerships and
    /// municipalities do not nest in each other (a board's schools lie in
    /// several municipalities, a partnership spans several municipalities).
    #[must_use]
    pub fn may_contain(self, child: AreaLevel) -> bool {
        match self {
            AreaLevel::National => child != AreaLevel::National,
            AreaLevel::Region => {
                matches!(child, AreaLevel::Municipality | AreaLevel::SchoolLocation)
            }
            AreaLevel::Municipality | AreaLevel::Swv | AreaLevel::SchoolBoard => {
                child == AreaLevel::SchoolLocation
            }
            AreaLevel::SchoolLocation => false,
        }
    }
}

/// One node of the area hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    SchoolLocation(LocationId),
    SchoolBoard(OrgId),
    Swv(OrgId),
    Municipality(OrgId),
    /// A region of municipalities (in Brug: a youth care region,
    /// jeugdregio), by its organisation.
    Region(OrgId),
    National,
}

impl Area {
    #[must_use]
    pub fn level(self) -> AreaLevel {
        match self {
            Area::SchoolLocation(_) => AreaLevel::SchoolLocation,
            Area::SchoolBoard(_) => AreaLevel::SchoolBoard,
            Area::Swv(_) => AreaLevel::Swv,
            Area::Municipality(_) => AreaLevel::Municipality,
            Area::Region(_) => AreaLevel::Region,
            Area::National => AreaLevel::National,
        }
    }
}

// ---------------------------------------------------------------------------
// periods
// ---------------------------------------------------------------------------

/// The kinds of period, finest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Month,
    Quarter,
    SchoolYear,
}

/// One node of the period hierarchy: a calendar month, a calendar quarter, or
/// a school year (1 August to 31 July, named by the year it starts in).
///
/// Months nest in quarters and school years; quarters 4, 1 and 2 nest in a
/// school year but quarter 3 (July to September) straddles two, so a school
/// year is never split into quarters in an additive table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Month { year: i16, month: u8 },
    Quarter { year: i16, quarter: u8 },
    SchoolYear { start_year: i16 },
}

const MIN_YEAR: i16 = 1900;
const MAX_YEAR: i16 = 2999;

fn check_year(year: i16) -> Result<(), DimensionError> {
    if (MIN_YEAR..=MAX_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(DimensionError::Year(year))
    }
}

impl Period {
    /// A calendar month.
    ///
    /// # Errors
    ///
    /// When the month is not 1..=12 or the year is out of range.
    pub fn month(year: i16, month: u8) -> Result<Period, DimensionError> {
        let p = Period::Month { year, month };
        p.validate().map(|()| p)
    }

    /// A calendar quarter (1 = January to March).
    ///
    /// # Errors
    ///
    /// When the quarter is not 1..=4 or the year is out of range.
    pub fn quarter(year: i16, quarter: u8) -> Result<Period, DimensionError> {
        let p = Period::Quarter { year, quarter };
        p.validate().map(|()| p)
    }

    /// The school year starting on 1 August of `start_year`.
    ///
    /// # Errors
    ///
    /// When the year is out of range.
    pub fn school_year(start_year: i16) -> Result<Period, DimensionError> {
        let p = Period::SchoolYear { start_year };
        p.validate().map(|()| p)
    }

    /// The period of `kind` that contains `date`.
    ///
    /// # Errors
    ///
    /// When the date's year is out of range.
    pub fn containing(kind: PeriodKind, date: Date) -> Result<Period, DimensionError> {
        let year = i16::try_from(date.year()).map_err(|_| DimensionError::Year(i16::MAX))?;
        let month = u8::from(date.month());
        match kind {
            PeriodKind::Month => Period::month(year, month),
            PeriodKind::Quarter => Period::quarter(year, (month - 1) / 3 + 1),
            PeriodKind::SchoolYear => Period::school_year(if month >= 8 {
                year
            } else {
                year.saturating_sub(1)
            }),
        }
    }

    /// Checks the fields (the variants are public, so a value may have been
    /// built without the checking constructors).
    ///
    /// # Errors
    ///
    /// The first field out of range.
    pub fn validate(self) -> Result<(), DimensionError> {
        match self {
            Period::Month { year, month } => {
                check_year(year)?;
                if (1..=12).contains(&month) {
                    Ok(())
                } else {
                    Err(DimensionError::Month(month))
                }
            }
            Period::Quarter { year, quarter } => {
                check_year(year)?;
                if (1..=4).contains(&quarter) {
                    Ok(())
                } else {
                    Err(DimensionError::Quarter(quarter))
                }
            }
            Period::SchoolYear { start_year } => check_year(start_year),
        }
    }

    #[must_use]
    pub fn kind(self) -> PeriodKind {
        match self {
            Period::Month { .. } => PeriodKind::Month,
            Period::Quarter { .. } => PeriodKind::Quarter,
            Period::SchoolYear { .. } => PeriodKind::SchoolYear,
        }
    }

    /// The first and last month, as `year * 12 + month - 1`; `None` when the
    /// period is invalid.
    fn month_span(self) -> Option<(i32, i32)> {
        self.validate().ok()?;
        Some(match self {
            Period::Month { year, month } => {
                let m = i32::from(year) * 12 + i32::from(month) - 1;
                (m, m)
            }
            Period::Quarter { year, quarter } => {
                let first = i32::from(year) * 12 + (i32::from(quarter) - 1) * 3;
                (first, first + 2)
            }
            Period::SchoolYear { start_year } => {
                let first = i32::from(start_year) * 12 + 7;
                (first, first + 11)
            }
        })
    }

    /// Whether `child` is a strictly finer period lying inside this one.
    #[must_use]
    pub fn contains(self, child: Period) -> bool {
        let (Some((a, b)), Some((c, d))) = (self.month_span(), child.month_span()) else {
            return false;
        };
        child.kind() < self.kind() && a <= c && d <= b
    }

    /// The periods of `kind` that exactly partition this period, in time
    /// order; `None` when they do not (a school year into quarters, a coarser
    /// or equal kind, an invalid period).
    #[must_use]
    pub fn children(self, kind: PeriodKind) -> Option<Vec<Period>> {
        let (first, last) = self.month_span()?;
        if kind >= self.kind() {
            return None;
        }
        match kind {
            PeriodKind::Month => Some(
                (first..=last)
                    .map(|m| Period::Month {
                        year: i16::try_from(m.div_euclid(12)).unwrap_or(MAX_YEAR),
                        month: u8::try_from(m.rem_euclid(12) + 1).unwrap_or(1),
                    })
                    .collect(),
            ),
            PeriodKind::Quarter => {
                // Only a school year is coarser than a quarter, and it is not
                // a union of calendar quarters.
                None
            }
            PeriodKind::SchoolYear => None,
        }
    }
}

// ---------------------------------------------------------------------------
// categories
// ---------------------------------------------------------------------------

/// Yes or no, for indicators that split a group in two (had the monthly
/// meeting, plan agreed by the parents, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    No,
}

/// How long a home-sitter has been out of school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DurationBand {
    /// Up to three months.
    UpToThreeMonths,
    /// Three to six months.
    ThreeToSixMonths,
    /// Six to twelve months.
    SixToTwelveMonths,
    /// More than twelve months.
    OverTwelveMonths,
}

/// The kinds of indicator-specific categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CategoryKind {
    Outcome,
    Lead,
    Escalation,
    Answer,
    Duration,
}

impl CategoryKind {
    /// Every category of this kind: together they partition the indicator's
    /// units.
    #[must_use]
    pub fn categories(self) -> Vec<Category> {
        match self {
            CategoryKind::Outcome => CaseOutcome::ALL
                .iter()
                .copied()
                .map(Category::Outcome)
                .collect(),
            CategoryKind::Lead => LeadDomain::ALL
                .iter()
                .copied()
                .map(Category::Lead)
                .collect(),
            CategoryKind::Escalation => EscalationLevel::ALL
                .iter()
                .copied()
                .map(Category::Escalation)
                .collect(),
            CategoryKind::Answer => {
                vec![Category::Answer(Answer::Yes), Category::Answer(Answer::No)]
            }
            CategoryKind::Duration => vec![
                Category::Duration(DurationBand::UpToThreeMonths),
                Category::Duration(DurationBand::ThreeToSixMonths),
                Category::Duration(DurationBand::SixToTwelveMonths),
                Category::Duration(DurationBand::OverTwelveMonths),
            ],
        }
    }
}

/// One node of an indicator's category hierarchy: all units, or one fixed
/// category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    All,
    Outcome(CaseOutcome),
    Lead(LeadDomain),
    Escalation(EscalationLevel),
    Answer(Answer),
    Duration(DurationBand),
}

impl Category {
    /// The kind, `None` for [`Category::All`].
    #[must_use]
    pub fn kind(self) -> Option<CategoryKind> {
        match self {
            Category::All => None,
            Category::Outcome(_) => Some(CategoryKind::Outcome),
            Category::Lead(_) => Some(CategoryKind::Lead),
            Category::Escalation(_) => Some(CategoryKind::Escalation),
            Category::Answer(_) => Some(CategoryKind::Answer),
            Category::Duration(_) => Some(CategoryKind::Duration),
        }
    }
}

// ---------------------------------------------------------------------------
// keys and coordinates
// ---------------------------------------------------------------------------

/// The dimensions a table can run along.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Area,
    Period,
    Sector,
    Category,
}

/// A value along one dimension: the child a row or column of a table stands
/// for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Coord {
    Area(Area),
    Period(Period),
    Sector(Sector),
    Category(Category),
}

impl Coord {
    #[must_use]
    pub fn dimension(self) -> Dimension {
        match self {
            Coord::Area(_) => Dimension::Area,
            Coord::Period(_) => Dimension::Period,
            Coord::Sector(_) => Dimension::Sector,
            Coord::Category(_) => Dimension::Category,
        }
    }
}

/// The identity of one published figure: which indicator, in which node of
/// each hierarchy. The same key is the same figure in every table it appears
/// in (a municipality's count in the municipality table, the SWV table and
/// the national table), so it is suppressed the same way everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CellKey {
    pub indicator: Indicator,
    pub area: Area,
    pub period: Period,
    /// `None`: all sectors.
    pub sector: Option<Sector>,
    pub category: Category,
}

impl CellKey {
    /// The all-sectors, all-categories node of `indicator` in `area` and
    /// `period`.
    #[must_use]
    pub fn total(indicator: Indicator, area: Area, period: Period) -> CellKey {
        CellKey {
            indicator,
            area,
            period,
            sector: None,
            category: Category::All,
        }
    }

    /// Checks the period and that the category belongs to the indicator.
    ///
    /// # Errors
    ///
    /// The first problem found.
    pub fn validate(&self) -> Result<(), DimensionError> {
        self.period.validate()?;
        if self.indicator.allows(self.category) {
            Ok(())
        } else {
            Err(DimensionError::CategoryNotAllowed {
                indicator: self.indicator,
                category: self.category,
            })
        }
    }

    /// This key with one dimension set to `coord`.
    #[must_use]
    pub fn with(self, coord: Coord) -> CellKey {
        let mut key = self;
        match coord {
            Coord::Area(a) => key.area = a,
            Coord::Period(p) => key.period = p,
            Coord::Sector(s) => key.sector = Some(s),
            Coord::Category(c) => key.category = c,
        }
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_nest_as_documented() {
        let sy = Period::school_year(2024).expect("valid");
        let aug = Period::month(2024, 8).expect("valid");
        let jul = Period::month(2025, 7).expect("valid");
        let jul_before = Period::month(2024, 7).expect("valid");
        assert!(sy.contains(aug));
        assert!(sy.contains(jul));
        assert!(!sy.contains(jul_before));
        assert!(sy.contains(Period::quarter(2024, 4).expect("valid")));
        assert!(sy.contains(Period::quarter(2025, 2).expect("valid")));
        assert!(!sy.contains(Period::quarter(2025, 3).expect("valid")));
        assert!(!sy.contains(sy));
        let months = sy.children(PeriodKind::Month).expect("months");
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], aug);
        assert_eq!(months[11], jul);
        assert!(sy.children(PeriodKind::Quarter).is_none());
        let q = Period::quarter(2025, 1).expect("valid");
        assert_eq!(
            q.children(PeriodKind::Month).expect("months"),
            vec![
                Period::Month {
                    year: 2025,
                    month: 1
                },
                Period::Month {
                    year: 2025,
                    month: 2
                },
                Period::Month {
                    year: 2025,
                    month: 3
                }
            ]
        );
        assert!(Period::month(2025, 13).is_err());
        assert!(Period::quarter(2025, 0).is_err());
        assert!(Period::school_year(1066).is_err());
        assert!(
            !Period::Month {
                year: 2025,
                month: 0
            }
            .contains(aug)
        );
        assert!(
            Period::Month {
                year: 2025,
                month: 0
            }
            .children(PeriodKind::Month)
            .is_none()
        );
    }

    #[test]
    fn period_of_a_date() {
        let d = Date::from_calendar_date(2025, time::Month::July, 31).expect("date");
        assert_eq!(
            Period::containing(PeriodKind::SchoolYear, d),
            Ok(Period::SchoolYear { start_year: 2024 })
        );
        assert_eq!(
            Period::containing(PeriodKind::Quarter, d),
            Ok(Period::Quarter {
                year: 2025,
                quarter: 3
            })
        );
        let d = Date::from_calendar_date(2025, time::Month::August, 1).expect("date");
        assert_eq!(
            Period::containing(PeriodKind::SchoolYear, d),
            Ok(Period::SchoolYear { start_year: 2025 })
        );
        assert_eq!(
            Period::containing(PeriodKind::Month, d),
            Ok(Period::Month {
                year: 2025,
                month: 8
            })
        );
    }

    #[test]
    fn areas_nest_only_in_the_fixed_hierarchy() {
        use AreaLevel::*;
        assert!(National.may_contain(Municipality));
        assert!(Municipality.may_contain(SchoolLocation));
        assert!(Region.may_contain(Municipality));
        assert!(!Municipality.may_contain(Swv));
        assert!(!Swv.may_contain(Municipality));
        assert!(!SchoolLocation.may_contain(SchoolLocation));
        assert!(!National.may_contain(National));
    }

    #[test]
    fn categories_belong_to_their_indicator() {
        assert!(Indicator::ClosedCaseOutcomes.allows(Category::Outcome(CaseOutcome::DropOut)));
        assert!(!Indicator::ClosedCaseOutcomes.allows(Category::Answer(Answer::Yes)));
        assert!(Indicator::PupilsWithCase.allows(Category::All));
        assert!(!Indicator::PupilsWithCase.allows(Category::Answer(Answer::Yes)));
        for i in Indicator::ALL {
            assert_eq!(Indicator::from_code(i.code()), Some(i));
        }
        assert_eq!(
            CategoryKind::Outcome.categories().len(),
            CaseOutcome::ALL.len()
        );
    }
}
