//! Consent (toestemming) as a first-class object: who may give it for a
//! pupil by age, when it is in force, which parts of the file it covers, and
//! how a request for consent becomes a consent.
//!
//! Consent is not a legal basis on its own (Autoriteit Persoonsgegevens):
//! sharing rests on a task in law, and where confidentiality asks for
//! consent, Brug records it per child, recipient and purpose.
//!
//! # Who decides, by age (Jeugdwet, WGBO; DOMAIN.md)
//!
//! | age   | who gives consent                    | who may withdraw it          |
//! |-------|--------------------------------------|------------------------------|
//! | < 12  | a guardian                           | any guardian                 |
//! | 12–15 | a guardian **and** the child, both   | any guardian, or the child   |
//! | 16+   | the young person alone               | the young person             |
//!
//! "Together" (12–15) means both must agree: a request is approved only
//! when a guardian and the child have each said yes, each from their own
//! account. One "no" from anyone whose say counts refuses it. Either of two
//! guardians may give consent (the law presumes the other agrees on ordinary
//! matters), and either may withdraw it: when two guardians disagree, the
//! one who says no wins and access ends. The same holds for the child from
//! 12: its withdrawal ends the consent too.
//!
//! Answers are judged at the pupil's age on the day they count: a guardian's
//! yes for a child who has turned 16 in the meantime no longer counts.

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use crate::access::{OWN_PLAN_AGE, SELF_DETERMINATION_AGE};

coded_enum!(
    /// A part of the file a consent covers.
    ConsentPart {
        // The plan: sections, goals, agreements, financing.
        Plan => "plan",
        // Meetings, evaluations and escalations.
        Meetings => "meetings",
        // The care worker's own notes (kept apart from the shared plan).
        CareNotes => "care_notes",
    }
);

coded_enum!(
    /// In what capacity someone answers a consent request.
    ConsentGiver {
        Guardian => "guardian",
        YoungPerson => "young_person",
    }
);

coded_enum!(
    /// Where a request for consent stands.
    RequestStatus {
        // Waiting for (some of) the family's answers.
        Pending => "pending",
        // Everyone whose say counts agreed: a consent was recorded.
        Approved => "approved",
        // Someone whose say counts said no.
        Refused => "refused",
        // The professional withdrew the request before it was answered.
        Cancelled => "cancelled",
    }
);

/// The age band that decides who gives consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeBand {
    /// Under 12: the guardians decide.
    Child,
    /// 12 to 15: guardians and the child decide together.
    Together,
    /// 16 and older: the young person decides alone.
    YoungPerson,
}

impl AgeBand {
    pub fn of(age: u8) -> AgeBand {
        if age < OWN_PLAN_AGE {
            AgeBand::Child
        } else if age < SELF_DETERMINATION_AGE {
            AgeBand::Together
        } else {
            AgeBand::YoungPerson
        }
    }

    /// Whose yes a consent needs in this band.
    pub fn required(self) -> &'static [ConsentGiver] {
        match self {
            AgeBand::Child => &[ConsentGiver::Guardian],
            AgeBand::Together => &[ConsentGiver::Guardian, ConsentGiver::YoungPerson],
            AgeBand::YoungPerson => &[ConsentGiver::YoungPerson],
        }
    }

    /// The Fluent message id that explains the band in plain language.
    pub fn message_id(self) -> &'static str {
        match self {
            AgeBand::Child => "consent-band-child",
            AgeBand::Together => "consent-band-together",
            AgeBand::YoungPerson => "consent-band-young-person",
        }
    }
}

/// Why someone may not answer or withdraw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ConsentRuleError {
    /// A child under 12 cannot give consent; the guardians do.
    #[error("a child under 12 cannot give consent")]
    ChildTooYoung,
    /// From 16 the young person decides alone; parents have no say.
    #[error("from 16 the young person decides alone")]
    YoungPersonDecides,
}

impl ConsentRuleError {
    pub fn message_id(self) -> &'static str {
        match self {
            ConsentRuleError::ChildTooYoung => "error-consent-too-young",
            ConsentRuleError::YoungPersonDecides => "error-consent-young-person-decides",
        }
    }
}

/// Whether `giver` has a say (to give or refuse consent) at this age.
pub fn may_answer(age: u8, giver: ConsentGiver) -> Result<(), ConsentRuleError> {
    match (AgeBand::of(age), giver) {
        (AgeBand::Child, ConsentGiver::YoungPerson) => Err(ConsentRuleError::ChildTooYoung),
        (AgeBand::YoungPerson, ConsentGiver::Guardian) => Err(ConsentRuleError::YoungPersonDecides),
        _ => Ok(()),
    }
}

/// Whether `giver` may withdraw a consent at this age: everyone whose yes
/// counts may also take it back.
pub fn may_withdraw(age: u8, giver: ConsentGiver) -> Result<(), ConsentRuleError> {
    may_answer(age, giver)
}

/// One answer to a consent request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    pub giver: ConsentGiver,
    pub approve: bool,
}

/// What the answers so far add up to, at the pupil's age today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Still waiting for these givers' yes.
    Waiting {
        missing: Vec<ConsentGiver>,
    },
    Approved,
    Refused,
}

/// Combine the answers: one counted "no" refuses; a counted "yes" from each
/// required giver approves; otherwise the request waits. Answers of someone
/// without a say at this age do not count. The order of answers is irrelevant.
pub fn outcome(age: u8, answers: &[Answer]) -> Outcome {
    let counted = || answers.iter().filter(|a| may_answer(age, a.giver).is_ok());
    if counted().any(|a| !a.approve) {
        return Outcome::Refused;
    }
    let missing: Vec<ConsentGiver> = AgeBand::of(age)
        .required()
        .iter()
        .copied()
        .filter(|g| !counted().any(|a| a.giver == *g && a.approve))
        .collect();
    if missing.is_empty() {
        Outcome::Approved
    } else {
        Outcome::Waiting { missing }
    }
}

/// A consent is in force when it is not withdrawn, has started and has not
/// expired (the end date is the last day it counts). This is the rule the
/// store's seat query applies in SQL.
pub fn in_force(valid_from: Date, valid_until: Option<Date>, withdrawn: bool, today: Date) -> bool {
    !withdrawn && valid_from <= today && valid_until.is_none_or(|until| today <= until)
}

/// Days ahead in which an ending consent shows in the worklist (a month).
pub const EXPIRY_NOTICE_DAYS: i64 = 31;

/// Whether a consent in force ends within the notice period.
pub fn expires_soon(valid_until: Option<Date>, today: Date) -> bool {
    valid_until.is_some_and(|u| u >= today && u <= today + Duration::days(EXPIRY_NOTICE_DAYS))
}

/// What is wrong with the terms of a consent (request).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TermsError {
    #[error("a consent needs a purpose")]
    PurposeRequired,
    #[error("a consent covers at least one part of the file")]
    PartsRequired,
    #[error("the end date lies before the start date")]
    EndBeforeStart,
    #[error("the end date has passed")]
    EndInPast,
}

impl TermsError {
    pub fn message_id(self) -> &'static str {
        match self {
            TermsError::PurposeRequired => "error-consent-purpose-required",
            TermsError::PartsRequired => "error-consent-parts-required",
            TermsError::EndBeforeStart => "error-consent-end-before-start",
            TermsError::EndInPast => "error-consent-end-in-past",
        }
    }

    /// The form field the error belongs to.
    pub fn field(self) -> &'static str {
        match self {
            TermsError::PurposeRequired => "purpose",
            TermsError::PartsRequired => "parts",
            TermsError::EndBeforeStart | TermsError::EndInPast => "valid_until",
        }
    }
}

/// Check the terms of a consent: a purpose, at least one part, and an end
/// (if any) on or after the start and not in the past.
pub fn check_terms(
    purpose: &str,
    parts: &[ConsentPart],
    valid_from: Date,
    valid_until: Option<Date>,
    today: Date,
) -> Vec<TermsError> {
    let mut errors = Vec::new();
    if purpose.trim().is_empty() {
        errors.push(TermsError::PurposeRequired);
    }
    if parts.is_empty() {
        errors.push(TermsError::PartsRequired);
    }
    if let Some(until) = valid_until {
        if until < valid_from {
            errors.push(TermsError::EndBeforeStart);
        } else if until < today {
            errors.push(TermsError::EndInPast);
        }
    }
    errors
}

/// Parts as stored: codes joined by commas, in a fixed order, no repeats.
pub fn parts_code(parts: &[ConsentPart]) -> String {
    ConsentPart::ALL
        .iter()
        .filter(|p| parts.contains(p))
        .map(|p| p.code())
        .collect::<Vec<_>>()
        .join(",")
}

impl ConsentPart {
    /// The part of the file a kind of record belongs to, named as the audit
    /// log names resources and the timeline names events; `None` for what
    /// every member of the team sees (the case itself, the team, attendance).
    pub fn of_record(kind: &str) -> Option<ConsentPart> {
        match kind {
            "plan" | "plan_section" | "plan_history" | "goal" | "goal_progress" | "progress"
            | "agreement" | "financing" | "financing_line" => Some(ConsentPart::Plan),
            "meeting" | "meetings" | "evaluation" | "evaluations" | "escalation"
            | "escalations" => Some(ConsentPart::Meetings),
            "care_note" | "care_notes" => Some(ConsentPart::CareNotes),
            _ => None,
        }
    }
}

/// May someone seated on a consent with these parts see this kind of
/// record? What belongs to no part is always covered.
pub fn covers_record(parts: &[ConsentPart], kind: &str) -> bool {
    ConsentPart::of_record(kind).is_none_or(|p| parts.contains(&p))
}

/// Parts from their stored form. Consents recorded before parts existed say
/// `support` (or `plan` alone, for the plan); `support` covers every part.
pub fn parse_parts(code: &str) -> Vec<ConsentPart> {
    if code.trim() == "support" {
        return ConsentPart::ALL.to_vec();
    }
    let found: Vec<ConsentPart> = code
        .split(',')
        .filter_map(|c| ConsentPart::from_code(c.trim()))
        .collect();
    ConsentPart::ALL
        .iter()
        .copied()
        .filter(|p| found.contains(p))
        .collect()
}

/// Whether a consent with these parts covers `part`.
pub fn covers(parts: &[ConsentPart], part: ConsentPart) -> bool {
    parts.contains(&part)
}

#[cfg(test)]
mod tests {
    #[test]
    fn parts_cover_their_records_and_nothing_else() {
        use super::{ConsentPart, covers_record as covers};
        let plan = [ConsentPart::Plan];
        assert!(covers(&plan, "plan_section"));
        assert!(covers(&plan, "agreement"));
        assert!(!covers(&plan, "meeting"));
        assert!(!covers(&plan, "escalations"));
        assert!(covers(&plan, "case"), "the case itself is in no part");
        assert!(covers(&plan, "case_team"));
        assert!(!covers(&[ConsentPart::Meetings], "goal"));
        assert!(covers(ConsentPart::ALL, "evaluation"));
        assert!(!covers(&[], "plan"));
    }

    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const G_YES: Answer = Answer {
        giver: ConsentGiver::Guardian,
        approve: true,
    };
    const G_NO: Answer = Answer {
        giver: ConsentGiver::Guardian,
        approve: false,
    };
    const Y_YES: Answer = Answer {
        giver: ConsentGiver::YoungPerson,
        approve: true,
    };
    const Y_NO: Answer = Answer {
        giver: ConsentGiver::YoungPerson,
        approve: false,
    };

    #[test]
    fn the_bands_follow_the_law() {
        assert_eq!(AgeBand::of(0), AgeBand::Child);
        assert_eq!(AgeBand::of(11), AgeBand::Child);
        assert_eq!(AgeBand::of(12), AgeBand::Together);
        assert_eq!(AgeBand::of(15), AgeBand::Together);
        assert_eq!(AgeBand::of(16), AgeBand::YoungPerson);
        assert_eq!(AgeBand::of(23), AgeBand::YoungPerson);
    }

    #[test]
    fn a_child_under_twelve_cannot_consent() {
        assert_eq!(
            may_answer(11, ConsentGiver::YoungPerson),
            Err(ConsentRuleError::ChildTooYoung)
        );
        assert_eq!(
            outcome(11, &[Y_YES]),
            Outcome::Waiting {
                missing: vec![ConsentGiver::Guardian]
            }
        );
        // Its "no" does not count either: the guardians decide.
        assert_eq!(outcome(11, &[Y_NO, G_YES]), Outcome::Approved);
    }

    #[test]
    fn from_twelve_both_must_agree() {
        assert_eq!(
            outcome(13, &[G_YES]),
            Outcome::Waiting {
                missing: vec![ConsentGiver::YoungPerson]
            }
        );
        assert_eq!(
            outcome(13, &[Y_YES]),
            Outcome::Waiting {
                missing: vec![ConsentGiver::Guardian]
            }
        );
        assert_eq!(outcome(13, &[Y_YES, G_YES]), Outcome::Approved);
        assert_eq!(outcome(13, &[G_YES, Y_NO]), Outcome::Refused);
        assert_eq!(outcome(13, &[Y_YES, G_NO]), Outcome::Refused);
    }

    #[test]
    fn from_sixteen_the_young_person_decides_alone() {
        assert_eq!(outcome(16, &[Y_YES]), Outcome::Approved);
        assert_eq!(outcome(16, &[G_NO, Y_YES]), Outcome::Approved);
        assert_eq!(
            outcome(17, &[G_YES]),
            Outcome::Waiting {
                missing: vec![ConsentGiver::YoungPerson]
            }
        );
        assert_eq!(
            may_withdraw(17, ConsentGiver::Guardian),
            Err(ConsentRuleError::YoungPersonDecides)
        );
    }

    #[test]
    fn two_guardians_disagreeing_means_no() {
        // One guardian's yes is enough, but the other's no wins.
        assert_eq!(outcome(9, &[G_YES]), Outcome::Approved);
        assert_eq!(outcome(9, &[G_YES, G_NO]), Outcome::Refused);
        // Any guardian may withdraw a consent the other gave.
        assert_eq!(may_withdraw(9, ConsentGiver::Guardian), Ok(()));
        assert_eq!(may_withdraw(14, ConsentGiver::Guardian), Ok(()));
        assert_eq!(may_withdraw(14, ConsentGiver::YoungPerson), Ok(()));
    }

    #[test]
    fn terms_need_a_purpose_parts_and_an_end_after_the_start() {
        let today = date!(2026 - 11 - 25);
        assert_eq!(
            check_terms("", &[ConsentPart::Plan], today, None, today),
            vec![TermsError::PurposeRequired]
        );
        assert_eq!(
            check_terms("   ", &[], today, None, today),
            vec![TermsError::PurposeRequired, TermsError::PartsRequired]
        );
        assert_eq!(
            check_terms(
                "Afstemming",
                &[ConsentPart::Plan],
                date!(2026 - 12 - 01),
                Some(date!(2026 - 11 - 30)),
                today
            ),
            vec![TermsError::EndBeforeStart]
        );
        assert_eq!(
            check_terms(
                "Afstemming",
                &[ConsentPart::Plan],
                date!(2026 - 01 - 01),
                Some(date!(2026 - 11 - 24)),
                today
            ),
            vec![TermsError::EndInPast]
        );
        assert!(
            check_terms(
                "Afstemming",
                &[ConsentPart::Plan],
                today,
                Some(today),
                today
            )
            .is_empty()
        );
    }

    #[test]
    fn parts_round_trip_and_old_consents_cover_everything() {
        assert_eq!(
            parts_code(&[ConsentPart::Meetings, ConsentPart::Plan, ConsentPart::Plan]),
            "plan,meetings"
        );
        assert_eq!(
            parse_parts("meetings, plan,unknown"),
            vec![ConsentPart::Plan, ConsentPart::Meetings]
        );
        assert_eq!(parse_parts("support"), ConsentPart::ALL.to_vec());
        assert_eq!(parse_parts("plan"), vec![ConsentPart::Plan]);
        assert!(covers(&parse_parts("plan"), ConsentPart::Plan));
        assert!(!covers(&parse_parts("plan"), ConsentPart::CareNotes));
    }

    #[test]
    fn the_end_date_is_the_last_day() {
        let from = date!(2026 - 09 - 01);
        let until = date!(2026 - 12 - 31);
        assert!(in_force(from, Some(until), false, until));
        assert!(!in_force(from, Some(until), false, date!(2027 - 01 - 01)));
        assert!(!in_force(from, Some(until), false, date!(2026 - 08 - 31)));
        assert!(!in_force(from, None, true, date!(2026 - 10 - 01)));
        assert!(expires_soon(
            Some(date!(2026 - 12 - 20)),
            date!(2026 - 11 - 25)
        ));
        assert!(!expires_soon(
            Some(date!(2027 - 02 - 01)),
            date!(2026 - 11 - 25)
        ));
        assert!(!expires_soon(None, date!(2026 - 11 - 25)));
    }

    fn arb_answer() -> impl Strategy<Value = Answer> {
        (
            prop::sample::select(ConsentGiver::ALL.to_vec()),
            any::<bool>(),
        )
            .prop_map(|(giver, approve)| Answer { giver, approve })
    }

    fn arb_day() -> impl Strategy<Value = Date> {
        (0i64..2000).prop_map(|d| date!(2024 - 01 - 01) + Duration::days(d))
    }

    proptest! {
        /// Who has a say follows the age rules exactly.
        #[test]
        fn who_has_a_say(age in 0u8..30) {
            prop_assert_eq!(may_answer(age, ConsentGiver::Guardian).is_ok(), age < SELF_DETERMINATION_AGE);
            prop_assert_eq!(may_answer(age, ConsentGiver::YoungPerson).is_ok(), age >= OWN_PLAN_AGE);
            // Whoever may say yes may also take it back.
            for g in ConsentGiver::ALL {
                prop_assert_eq!(may_answer(age, *g).is_ok(), may_withdraw(age, *g).is_ok());
            }
            // Someone always has a say.
            prop_assert!(ConsentGiver::ALL.iter().any(|g| may_answer(age, *g).is_ok()));
        }

        /// Approval needs a counted yes from every required giver and no counted no.
        #[test]
        fn approval_needs_everyone_required(age in 0u8..30, answers in prop::collection::vec(arb_answer(), 0..6)) {
            let counts = |a: &Answer| may_answer(age, a.giver).is_ok();
            let any_no = answers.iter().any(|a| counts(a) && !a.approve);
            let all_yes = AgeBand::of(age).required().iter().all(|g| answers.iter().any(|a| a.giver == *g && a.approve && counts(a)));
            let expected_approved = !any_no && all_yes;
            let got = outcome(age, &answers);
            prop_assert_eq!(got == Outcome::Approved, expected_approved);
            prop_assert_eq!(got == Outcome::Refused, any_no);
            // A child under 12 never brings about an approval.
            if age < OWN_PLAN_AGE {
                let only_child: Vec<Answer> = answers.iter().copied().filter(|a| a.giver == ConsentGiver::YoungPerson).collect();
                prop_assert!(outcome(age, &only_child) != Outcome::Approved);
            }
        }

        /// The order in which the family answers does not matter.
        #[test]
        fn order_does_not_matter(age in 0u8..30, mut answers in prop::collection::vec(arb_answer(), 0..6)) {
            let before = outcome(age, &answers);
            answers.reverse();
            prop_assert_eq!(outcome(age, &answers), before);
        }

        /// One more "no" from someone with a say never turns a refusal into an approval.
        #[test]
        fn a_no_is_never_overruled(age in 0u8..30, answers in prop::collection::vec(arb_answer(), 0..6), giver in prop::sample::select(ConsentGiver::ALL.to_vec())) {
            prop_assume!(may_answer(age, giver).is_ok());
            let mut more = answers.clone();
            more.push(Answer { giver, approve: false });
            prop_assert_eq!(outcome(age, &more), Outcome::Refused);
        }

        /// Validity: a withdrawn consent is never in force; an end before the
        /// start is never in force on any day, and is refused as terms.
        #[test]
        fn validity(from in arb_day(), until in proptest::option::of(arb_day()), today in arb_day(), withdrawn: bool) {
            let force = in_force(from, until, withdrawn, today);
            if withdrawn { prop_assert!(!force); }
            if today < from { prop_assert!(!force); }
            if let Some(u) = until {
                if today > u { prop_assert!(!force); }
                if u < from {
                    prop_assert!(!force);
                    prop_assert!(check_terms("doel", &[ConsentPart::Plan], from, until, today).contains(&TermsError::EndBeforeStart));
                }
            }
            if !withdrawn && from <= today && until.is_none_or(|u| u >= today) {
                prop_assert!(force);
            }
            // Terms that pass the check are in force on their first day, unless withdrawn.
            if check_terms("doel", &[ConsentPart::Plan], from, until, from).is_empty() {
                prop_assert!(in_force(from, until, false, from));
            }
        }

        /// Parts survive the trip through their stored form.
        #[test]
        fn parts_round_trip(parts in prop::collection::vec(prop::sample::select(ConsentPart::ALL.to_vec()), 0..5)) {
            let back = parse_parts(&parts_code(&parts));
            for p in ConsentPart::ALL {
                prop_assert_eq!(back.contains(p), parts.contains(p));
            }
        }
    }
}
