//! Retention: when a record has been kept long enough, and what the daily
//! retention job does with it.
//!
//! Two steps, so the monitor keeps its figures while nothing identifies the
//! child any more:
//!
//! 1. **Anonymise** what has expired (or what the privacy officer approved
//!    for erasure): every name, free text, contact detail and the BSN go;
//!    the bare structure stays (dates, statuses, codes, which organisations
//!    took part), because the monitor's figures are computed from it.
//! 2. **Delete** an anonymised record once all its dates lie before the
//!    first month the monitor still computes ([`RetentionPolicy::delete_before`]
//!    is given that day): from then on nothing needs it.
//!
//! The periods per [`RecordCategory`] are configurable; the defaults and
//! their legal sources are in `docs/retention.md`.

use time::Date;

use crate::rights::{RecordCategory, retained_until};

/// The retention periods in years, per category of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// The school's pupil file, counted from the day the pupil left.
    pub school_file_years: i32,
    /// Absence and enrolment records, counted from the day the pupil left.
    pub absence_years: i32,
    /// The youth care file, counted from the day the care (the case) ended.
    pub youth_care_years: i32,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        RetentionPolicy {
            school_file_years: RecordCategory::SchoolPupilFile.default_years(),
            absence_years: RecordCategory::AbsenceAndEnrolment.default_years(),
            youth_care_years: RecordCategory::YouthCareFile.default_years(),
        }
    }
}

/// A period that cannot be configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("a retention period of {years} years for {category} is not allowed (1 to 100 years)")]
    OutOfRange {
        category: RecordCategory,
        years: i32,
    },
}

impl RetentionPolicy {
    /// Check every period: at least one year, at most a hundred.
    pub fn checked(self) -> Result<RetentionPolicy, PolicyError> {
        for (category, years) in [
            (RecordCategory::SchoolPupilFile, self.school_file_years),
            (RecordCategory::AbsenceAndEnrolment, self.absence_years),
            (RecordCategory::YouthCareFile, self.youth_care_years),
        ] {
            if !(1..=100).contains(&years) {
                return Err(PolicyError::OutOfRange { category, years });
            }
        }
        Ok(self)
    }

    /// The day after which a closed case may go: the youth care file's
    /// period from its closing when youth care took part; otherwise the
    /// school file's period from the later of closing and leaving school
    /// (`None` while the pupil is still at school or the case is open).
    pub fn case_kept_until(&self, case: &CaseFacts) -> Option<Date> {
        let closed = case.closed_on?;
        if case.youth_care_involved {
            return Some(retained_until(closed, self.youth_care_years));
        }
        let left = case.pupil_left_on?;
        Some(retained_until(closed.max(left), self.school_file_years))
    }

    /// The category whose period decides about a case.
    pub fn case_category(case: &CaseFacts) -> RecordCategory {
        if case.youth_care_involved {
            RecordCategory::YouthCareFile
        } else {
            RecordCategory::SchoolPupilFile
        }
    }

    /// The day after which the pupil's own record (name, BSN, enrolments,
    /// attendance, guardians) may go: the longer of the school file's and
    /// the absence records' periods from leaving school; `None` while the
    /// pupil is at school or a case of theirs is still kept.
    pub fn pupil_kept_until(&self, pupil: &PupilFacts) -> Option<Date> {
        if pupil.cases_kept > 0 {
            return None;
        }
        let left = pupil.left_on?;
        Some(retained_until(
            left,
            self.school_file_years.max(self.absence_years),
        ))
    }
}

/// What the rules need to know about one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFacts {
    pub closed_on: Option<Date>,
    /// A care provider, wijkteam or JGZ had a seat, or care led the case.
    pub youth_care_involved: bool,
    /// The last day of the pupil's last enrolment; `None` while enrolled.
    pub pupil_left_on: Option<Date>,
}

/// What the rules need to know about one pupil.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PupilFacts {
    /// The last day of the last enrolment; `None` while enrolled.
    pub left_on: Option<Date>,
    /// Cases of this pupil that are not anonymised (and will not be in
    /// this run).
    pub cases_kept: usize,
}

/// Has a record kept until `kept_until` expired on `today`?
pub fn expired(kept_until: Option<Date>, today: Date) -> bool {
    kept_until.is_some_and(|d| d < today)
}

/// May an anonymised record whose latest date is `last_date` be deleted,
/// given the first day the monitor still computes?
pub fn may_delete(last_date: Option<Date>, monitor_from: Date) -> bool {
    last_date.is_some_and(|d| d < monitor_from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn case(closed: Option<Date>, care: bool, left: Option<Date>) -> CaseFacts {
        CaseFacts {
            closed_on: closed,
            youth_care_involved: care,
            pupil_left_on: left,
        }
    }

    #[test]
    fn youth_care_cases_are_kept_twenty_years_from_closing() {
        let p = RetentionPolicy::default();
        let c = case(Some(date!(2005 - 03 - 01)), true, None);
        assert_eq!(p.case_kept_until(&c), Some(date!(2025 - 03 - 01)));
        assert!(expired(p.case_kept_until(&c), date!(2025 - 03 - 02)));
        assert!(!expired(p.case_kept_until(&c), date!(2025 - 03 - 01)));
        assert_eq!(
            RetentionPolicy::case_category(&c),
            RecordCategory::YouthCareFile
        );
    }

    #[test]
    fn school_cases_count_from_leaving_school_not_from_closing() {
        let p = RetentionPolicy::default();
        // Closed in 2019 but still at school: kept.
        assert_eq!(
            p.case_kept_until(&case(Some(date!(2019 - 01 - 01)), false, None)),
            None
        );
        // Left in 2022: two years from leaving.
        let c = case(
            Some(date!(2019 - 01 - 01)),
            false,
            Some(date!(2022 - 07 - 15)),
        );
        assert_eq!(p.case_kept_until(&c), Some(date!(2024 - 07 - 15)));
        // Closed after leaving: from closing.
        let c = case(
            Some(date!(2023 - 01 - 01)),
            false,
            Some(date!(2022 - 07 - 15)),
        );
        assert_eq!(p.case_kept_until(&c), Some(date!(2025 - 01 - 01)));
    }

    #[test]
    fn an_open_case_is_never_expired() {
        let p = RetentionPolicy::default();
        for care in [true, false] {
            let c = case(None, care, Some(date!(1990 - 01 - 01)));
            assert!(!expired(p.case_kept_until(&c), date!(2100 - 01 - 01)));
        }
    }

    #[test]
    fn a_pupil_with_kept_cases_or_at_school_is_kept() {
        let p = RetentionPolicy::default();
        let at_school = PupilFacts {
            left_on: None,
            cases_kept: 0,
        };
        assert_eq!(p.pupil_kept_until(&at_school), None);
        let with_case = PupilFacts {
            left_on: Some(date!(2000 - 01 - 01)),
            cases_kept: 1,
        };
        assert_eq!(p.pupil_kept_until(&with_case), None);
        let gone = PupilFacts {
            left_on: Some(date!(2018 - 07 - 31)),
            cases_kept: 0,
        };
        // The longer of two (school file) and five (absence) years.
        assert_eq!(p.pupil_kept_until(&gone), Some(date!(2023 - 07 - 31)));
    }

    #[test]
    fn periods_out_of_range_are_refused() {
        let p = RetentionPolicy {
            youth_care_years: 0,
            ..RetentionPolicy::default()
        };
        assert_eq!(
            p.checked(),
            Err(PolicyError::OutOfRange {
                category: RecordCategory::YouthCareFile,
                years: 0
            })
        );
        assert!(RetentionPolicy::default().checked().is_ok());
    }

    #[test]
    fn deletion_waits_for_the_monitor() {
        let from = date!(2025 - 08 - 01);
        assert!(may_delete(Some(date!(2025 - 07 - 31)), from));
        assert!(!may_delete(Some(date!(2025 - 08 - 01)), from));
        assert!(!may_delete(None, from));
    }

    fn day() -> impl Strategy<Value = Date> {
        (0i32..20_000).prop_map(|n| date!(1980 - 01 - 01) + time::Duration::days(i64::from(n)))
    }

    proptest! {
        /// Nothing expires before its full period has passed, counted from
        /// the last of the dates that start it.
        #[test]
        fn nothing_expires_early(
            closed in proptest::option::of(day()),
            left in proptest::option::of(day()),
            care: bool,
            years in 1i32..30,
            today in day(),
        ) {
            let p = RetentionPolicy { school_file_years: years, absence_years: years + 3, youth_care_years: years + 18 };
            let c = case(closed, care, left);
            if expired(p.case_kept_until(&c), today) {
                let closed = closed.expect("an expired case is closed");
                let start = if care { closed } else { closed.max(left.expect("left school")) };
                let period = if care { p.youth_care_years } else { p.school_file_years };
                prop_assert!(today > retained_until(start, period));
                prop_assert!(today.year() - start.year() >= period);
            }
            let pupil = PupilFacts { left_on: left, cases_kept: 0 };
            if expired(p.pupil_kept_until(&pupil), today) {
                let left = left.expect("left school");
                prop_assert!(today.year() - left.year() >= p.absence_years.max(p.school_file_years));
            }
        }

        /// A longer period never makes a record expire sooner.
        #[test]
        fn longer_periods_keep_longer(
            closed in day(), left in day(), care: bool, years in 1i32..30, extra in 0i32..10, today in day(),
        ) {
            let short = RetentionPolicy { school_file_years: years, absence_years: years, youth_care_years: years };
            let long = RetentionPolicy { school_file_years: years + extra, absence_years: years + extra, youth_care_years: years + extra };
            let c = case(Some(closed), care, Some(left));
            if expired(long.case_kept_until(&c), today) {
                prop_assert!(expired(short.case_kept_until(&c), today));
            }
        }
    }
}
