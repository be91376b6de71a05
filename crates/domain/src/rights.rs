//! The family's rights over the file (AVG): inspection, correction and
//! erasure, and the legal retention rules an erasure request is weighed
//! against.
//!
//! Who holds these rights is the access policy's `PupilAction::Export`:
//! the guardians of a child under 16 (and of an older one who shares the
//! file with them), and the young person from 16.
//!
//! * **Correction** (AVG art. 16): the family says what is wrong and what it
//!   should be; the case lead answers within four weeks ([`CORRECTION_WEEKS`]),
//!   done or refused with a reason.
//! * **Erasure** (AVG art. 17; Jeugdwet art. 7.3.9): the privacy officer of
//!   the pupil's school decides, with the retention rules of
//!   [`RecordCategory`] in view. An approved request is queued with a date
//!   for the retention job, which erases and records what it did; a case
//!   with an open escalation is not erased ([`ErasureBlock`]).

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};

/// Weeks within which the case lead answers a correction request.
pub const CORRECTION_WEEKS: i64 = 4;

coded_enum!(
    /// Where a correction request stands.
    CorrectionStatus {
        Open => "open",
        Done => "done",
        Refused => "refused",
    }
);

/// The date by which a correction request must be answered.
pub fn correction_due(requested_on: Date) -> Date {
    requested_on + Duration::weeks(CORRECTION_WEEKS)
}

/// Why an answer to a correction request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("the request was answered already")]
    AlreadyAnswered,
    #[error("a refusal needs a reason")]
    ReasonRequired,
    #[error("an answer is done or refused")]
    NotAnAnswer,
}

impl AnswerError {
    pub fn message_id(self) -> &'static str {
        match self {
            AnswerError::AlreadyAnswered => "error-request-answered",
            AnswerError::ReasonRequired => "error-request-reason-required",
            AnswerError::NotAnAnswer => "error-choose-option",
        }
    }
}

/// Check the lead's answer to a correction request.
pub fn check_correction_answer(
    current: CorrectionStatus,
    answer: CorrectionStatus,
    reason: Option<&str>,
) -> Result<(), AnswerError> {
    if current != CorrectionStatus::Open {
        return Err(AnswerError::AlreadyAnswered);
    }
    match answer {
        CorrectionStatus::Open => Err(AnswerError::NotAnAnswer),
        CorrectionStatus::Refused if reason.is_none_or(|r| r.trim().is_empty()) => {
            Err(AnswerError::ReasonRequired)
        }
        _ => Ok(()),
    }
}

coded_enum!(
    /// Where an erasure request stands. `Approved` requests wait for the
    /// retention job, which sets `Executed` when it has erased.
    ErasureStatus {
        Pending => "pending",
        Approved => "approved",
        Refused => "refused",
        Executed => "executed",
    }
);

/// Months within which the privacy officer decides (AVG art. 12(3): one
/// month, extendable with reasons).
pub const ERASURE_DECISION_MONTHS: u8 = 1;

/// The date by which an erasure request must be decided.
pub fn erasure_due(requested_on: Date) -> Date {
    crate::cases::add_month(requested_on)
}

/// Why an erasure cannot be approved now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ErasureBlock {
    /// An escalation is open: the case is still being decided on.
    #[error("a case with an open escalation is not erased")]
    OpenEscalation,
    /// The request was decided already.
    #[error("the request was decided already")]
    AlreadyDecided,
    /// A refusal needs a reason the family can read.
    #[error("a refusal needs a reason")]
    ReasonRequired,
}

impl ErasureBlock {
    pub fn message_id(self) -> &'static str {
        match self {
            ErasureBlock::OpenEscalation => "error-erasure-open-escalation",
            ErasureBlock::AlreadyDecided => "error-request-answered",
            ErasureBlock::ReasonRequired => "error-request-reason-required",
        }
    }
}

/// Whether an erasure may be asked for at all: not while an escalation in
/// its scope is open (the explanation is shown to the family).
pub fn check_erasure_request(open_escalations: usize) -> Result<(), ErasureBlock> {
    if open_escalations > 0 {
        return Err(ErasureBlock::OpenEscalation);
    }
    Ok(())
}

/// Check the privacy officer's decision. Approving is refused while an
/// escalation in scope is open; refusing needs a reason.
pub fn check_erasure_decision(
    current: ErasureStatus,
    approve: bool,
    reason: Option<&str>,
    open_escalations: usize,
) -> Result<ErasureStatus, ErasureBlock> {
    if current != ErasureStatus::Pending {
        return Err(ErasureBlock::AlreadyDecided);
    }
    if approve {
        check_erasure_request(open_escalations)?;
        Ok(ErasureStatus::Approved)
    } else if reason.is_none_or(|r| r.trim().is_empty()) {
        Err(ErasureBlock::ReasonRequired)
    } else {
        Ok(ErasureStatus::Refused)
    }
}

coded_enum!(
    /// Kinds of records with their own legal retention period. The later
    /// retention job makes the periods configurable; these are the defaults.
    RecordCategory {
        // The school's pupil file (leerlingdossier).
        SchoolPupilFile => "school_pupil_file",
        // Absence (verzuim) and enrolment records.
        AbsenceAndEnrolment => "absence_enrolment",
        // The youth care file (jeugdhulpdossier).
        YouthCareFile => "youth_care_file",
        // The access log (NEN 7513).
        AccessLog => "access_log",
    }
);

impl RecordCategory {
    /// The default retention in years, counted from [`RecordCategory::counted_from_id`].
    pub fn default_years(self) -> i32 {
        match self {
            RecordCategory::SchoolPupilFile => 2,
            RecordCategory::AbsenceAndEnrolment => 5,
            RecordCategory::YouthCareFile => 20,
            RecordCategory::AccessLog => 5,
        }
    }

    /// Message id: from when the period counts.
    pub fn counted_from_id(self) -> String {
        format!("retention-from-{}", self.code().replace('_', "-"))
    }

    /// Message id: the legal source of the period.
    pub fn source_id(self) -> String {
        format!("retention-source-{}", self.code().replace('_', "-"))
    }

    /// Message id: what erasure on request means for this category.
    pub fn on_request_id(self) -> String {
        format!("retention-request-{}", self.code().replace('_', "-"))
    }
}

/// The last day a record must be kept: `years` after `ended_on` (leaving
/// school, the end of care). A 29 February end counts to 28 February.
pub fn retained_until(ended_on: Date, years: i32) -> Date {
    let year = ended_on.year() + years;
    Date::from_calendar_date(year, ended_on.month(), ended_on.day())
        .or_else(|_| Date::from_calendar_date(year, Month::February, 28))
        .unwrap_or(ended_on)
}

/// A retention rule as shown to the privacy officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionRule {
    pub category: RecordCategory,
    pub years: i32,
    /// When the record's period ends for this pupil, if it has started
    /// (the pupil left, the care ended).
    pub until: Option<Date>,
}

/// The rules for one pupil: the school file from the day they left (none
/// while enrolled), the youth care file from the day care ended (none while
/// a case is open).
pub fn rules_for(left_school_on: Option<Date>, care_ended_on: Option<Date>) -> Vec<RetentionRule> {
    RecordCategory::ALL
        .iter()
        .map(|&category| {
            let years = category.default_years();
            let from = match category {
                RecordCategory::SchoolPupilFile | RecordCategory::AbsenceAndEnrolment => {
                    left_school_on
                }
                RecordCategory::YouthCareFile => care_ended_on,
                RecordCategory::AccessLog => None,
            };
            RetentionRule {
                category,
                years,
                until: from.map(|d| retained_until(d, years)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn corrections_are_due_in_four_weeks_and_refusals_need_a_reason() {
        assert_eq!(correction_due(date!(2026 - 11 - 25)), date!(2026 - 12 - 23));
        assert_eq!(
            check_correction_answer(CorrectionStatus::Open, CorrectionStatus::Refused, Some(" ")),
            Err(AnswerError::ReasonRequired)
        );
        assert_eq!(
            check_correction_answer(CorrectionStatus::Open, CorrectionStatus::Done, None),
            Ok(())
        );
        assert_eq!(
            check_correction_answer(CorrectionStatus::Done, CorrectionStatus::Done, None),
            Err(AnswerError::AlreadyAnswered)
        );
        assert_eq!(
            check_correction_answer(CorrectionStatus::Open, CorrectionStatus::Open, None),
            Err(AnswerError::NotAnAnswer)
        );
    }

    #[test]
    fn an_open_escalation_blocks_erasure() {
        assert_eq!(
            check_erasure_decision(ErasureStatus::Pending, true, None, 1),
            Err(ErasureBlock::OpenEscalation)
        );
        assert_eq!(
            check_erasure_decision(ErasureStatus::Pending, true, None, 0),
            Ok(ErasureStatus::Approved)
        );
        // Refusing is always possible, with a reason.
        assert_eq!(
            check_erasure_decision(ErasureStatus::Pending, false, Some("Jeugdwet 7.3.9"), 1),
            Ok(ErasureStatus::Refused)
        );
        assert_eq!(
            check_erasure_decision(ErasureStatus::Pending, false, None, 0),
            Err(ErasureBlock::ReasonRequired)
        );
        assert_eq!(
            check_erasure_decision(ErasureStatus::Approved, false, Some("x"), 0),
            Err(ErasureBlock::AlreadyDecided)
        );
        assert_eq!(erasure_due(date!(2026 - 01 - 31)), date!(2026 - 02 - 28));
    }

    #[test]
    fn retention_periods_follow_the_law() {
        let rules = rules_for(Some(date!(2026 - 07 - 15)), Some(date!(2026 - 06 - 30)));
        let until =
            |c: RecordCategory| rules.iter().find(|r| r.category == c).and_then(|r| r.until);
        assert_eq!(
            until(RecordCategory::SchoolPupilFile),
            Some(date!(2028 - 07 - 15))
        );
        assert_eq!(
            until(RecordCategory::AbsenceAndEnrolment),
            Some(date!(2031 - 07 - 15))
        );
        assert_eq!(
            until(RecordCategory::YouthCareFile),
            Some(date!(2046 - 06 - 30))
        );
        assert_eq!(until(RecordCategory::AccessLog), None);
        let enrolled = rules_for(None, None);
        assert!(enrolled.iter().all(|r| r.until.is_none()));
        assert_eq!(
            retained_until(date!(2028 - 02 - 29), 2),
            date!(2030 - 02 - 28)
        );
    }

    proptest! {
        /// A record is always kept at least its full period, and never less
        /// than the period minus the one day of a leap-day end.
        #[test]
        fn retention_is_the_full_period(days in 0i64..20000, years in 1i32..30) {
            let ended = date!(2000 - 01 - 01) + Duration::days(days);
            let until = retained_until(ended, years);
            prop_assert!(until > ended);
            prop_assert_eq!(until.year(), ended.year() + years);
            prop_assert!(until.ordinal().abs_diff(ended.ordinal()) <= 1);
        }

        /// Approval is possible exactly when nothing is open and the request is pending.
        #[test]
        fn approval_rule(open in 0usize..3, status in prop::sample::select(ErasureStatus::ALL.to_vec())) {
            let approved = check_erasure_decision(status, true, None, open).is_ok();
            prop_assert_eq!(approved, open == 0 && status == ErasureStatus::Pending);
        }
    }
}
