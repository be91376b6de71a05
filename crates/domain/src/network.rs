//! The network around the school (S5): fixed contacts, the care providers
//! active at a school and the fragmentation figure, the handover of a plan
//! from school to school, and the rules of exported cells.
//!
//! Pure: the app loads the facts, these functions judge them.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::registry::Sector;

coded_enum!(
    /// Whom a school's fixed contact person is with.
    ContactKind {
        // The school's fixed contact at youth care (a provider or the municipality's access).
        YouthCare => "youth_care",
        // The school's fixed contact at the wijkteam / CJG.
        Wijkteam => "wijkteam",
        // The JGZ (youth health care) contact.
        Jgz => "jgz",
        // The leerplicht (compulsory education) officer.
        Leerplicht => "leerplicht",
    }
);

coded_enum!(
    /// Kinds of regular consultation at a school.
    ConsultationKind {
        // Ondersteuningsteam (OT / ZAT): school, care, JGZ, leerplicht.
        SupportTeam => "support_team",
        // Consultation of the school with the wijkteam.
        Wijkteam => "wijkteam",
        // Consultation with the SWV consultant.
        Swv => "swv",
        // Anything else.
        Other => "other",
    }
);

/// RENN4: a school for special education (SO) deals with 12 care providers
/// on average.
pub const RENN4_SO: u32 = 12;
/// RENN4: a school for secondary special education (VSO) deals with 19.
pub const RENN4_VSO: u32 = 19;

/// The RENN4 reference value for a school with these sectors: VSO's when it
/// has VSO, SO's when it has SO (special schools often have both), none
/// for other schools (RENN4 measured special education only).
pub fn renn4_reference(sectors: &[Sector]) -> Option<u32> {
    if sectors.contains(&Sector::Vso) {
        Some(RENN4_VSO)
    } else if sectors.contains(&Sector::So) {
        Some(RENN4_SO)
    } else {
        None
    }
}

/// Distinct providers per 100 pupils with support, in tenths (35 means
/// 3.5), rounded half up; `None` without pupils with support.
pub fn providers_per_hundred_tenths(providers: usize, pupils_with_support: usize) -> Option<u64> {
    if pupils_with_support == 0 {
        return None;
    }
    let scaled = providers as u64 * 1000;
    let n = pupils_with_support as u64;
    Some((scaled * 2 + n) / (2 * n))
}

/// Tenths written with a decimal comma (Dutch) or point: `3,5` / `3.5`.
pub fn tenths_text(tenths: u64, decimal_comma: bool) -> String {
    let sep = if decimal_comma { ',' } else { '.' };
    format!("{}{sep}{}", tenths / 10, tenths % 10)
}

// ---------------------------------------------------------------------------
// Handover (overdracht)
// ---------------------------------------------------------------------------

coded_enum!(
    /// The kind of move a handover accompanies.
    Transition {
        // Primary (PO, SBO, SO) to secondary (VO, VSO).
        PoVo => "po_vo",
        // Secondary (VO, VSO) to vocational (MBO).
        VoMbo => "vo_mbo",
        // Regular to special education (PO to SBO/SO, VO to VSO).
        ToSpecial => "to_special",
        // Special back to regular education.
        FromSpecial => "from_special",
        // Between two schools of one sector.
        WithinSector => "within_sector",
        // Any other move.
        Other => "other",
    }
);

impl Transition {
    /// The move from a school of sector `from` to one of sector `to`.
    pub fn between(from: Sector, to: Sector) -> Transition {
        let primary = |s: Sector| matches!(s, Sector::Po | Sector::Sbo | Sector::So);
        let secondary = |s: Sector| matches!(s, Sector::Vo | Sector::Vso);
        if from == to {
            Transition::WithinSector
        } else if to == Sector::Mbo {
            if secondary(from) {
                Transition::VoMbo
            } else {
                Transition::Other
            }
        } else if primary(from) && secondary(to) {
            Transition::PoVo
        } else if to.is_special() && !from.is_special() {
            Transition::ToSpecial
        } else if from.is_special() && !to.is_special() {
            Transition::FromSpecial
        } else {
            Transition::Other
        }
    }
}

coded_enum!(
    /// Where a handover stands, as stored (the family's consent is kept on
    /// the consent request; see [`HandoverStatus`] for what is shown).
    HandoverStage {
        // The sending coordinator prepares it; the family may be asked.
        Prepared => "prepared",
        // Sent to the receiving school, waiting for its acceptance.
        Sent => "sent",
        // Accepted by the receiving school.
        Received => "received",
        // The warm-handover meeting was held.
        MeetingHeld => "meeting_held",
        // Stopped by the sending school before it was accepted.
        Cancelled => "cancelled",
    }
);

/// Where the family's consent to a handover stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HandoverConsent {
    /// Not asked yet.
    NotAsked,
    /// Asked; (some of) the answers are still to come.
    Pending,
    /// Given and in force.
    InForce,
    /// Refused.
    Refused,
    /// Given, then withdrawn (or expired).
    Ended,
}

coded_enum!(
    /// A handover's status as shown (stage and consent together).
    HandoverStatus {
        Prepared => "prepared",
        AwaitingConsent => "awaiting_consent",
        Consented => "consented",
        Refused => "refused",
        Sent => "sent",
        Received => "received",
        MeetingHeld => "meeting_held",
        ConsentEnded => "consent_ended",
        Cancelled => "cancelled",
    }
);

/// The status shown for a stage and the state of the family's consent.
/// Before acceptance, a consent that ends stops the handover; after
/// acceptance the received parts stay "received" but are no longer shown
/// (the app checks the consent on every view).
pub fn handover_status(stage: HandoverStage, consent: HandoverConsent) -> HandoverStatus {
    use HandoverConsent as C;
    match (stage, consent) {
        (HandoverStage::Cancelled, _) => HandoverStatus::Cancelled,
        (HandoverStage::Prepared, C::NotAsked) => HandoverStatus::Prepared,
        (HandoverStage::Prepared, C::Pending) => HandoverStatus::AwaitingConsent,
        (HandoverStage::Prepared, C::InForce) => HandoverStatus::Consented,
        (HandoverStage::Prepared, C::Refused) => HandoverStatus::Refused,
        (HandoverStage::Prepared | HandoverStage::Sent, C::Ended) => HandoverStatus::ConsentEnded,
        (HandoverStage::Sent, _) => HandoverStatus::Sent,
        (HandoverStage::Received, _) => HandoverStatus::Received,
        (HandoverStage::MeetingHeld, _) => HandoverStatus::MeetingHeld,
    }
}

/// Why a step of a handover cannot be taken now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HandoverError {
    #[error("the handover can no longer be changed")]
    NotEditable,
    #[error("the family's consent is needed first")]
    ConsentNeeded,
    #[error("consent was asked already")]
    ConsentAskedAlready,
    #[error("nothing selected to hand over")]
    NothingSelected,
    #[error("the handover was sent already")]
    SentAlready,
    #[error("the handover is not sent")]
    NotSent,
    #[error("the handover was accepted already")]
    AcceptedAlready,
    #[error("the handover is not accepted yet")]
    NotAccepted,
    #[error("the meeting was recorded already")]
    MeetingHeldAlready,
    #[error("the handover was cancelled")]
    Cancelled,
    #[error("a school cannot hand over to itself")]
    SameSchool,
}

impl HandoverError {
    pub fn message_id(self) -> &'static str {
        match self {
            HandoverError::NotEditable => "error-handover-not-editable",
            HandoverError::ConsentNeeded => "error-handover-consent-needed",
            HandoverError::ConsentAskedAlready => "error-handover-consent-asked",
            HandoverError::NothingSelected => "error-handover-nothing-selected",
            HandoverError::SentAlready => "error-handover-sent-already",
            HandoverError::NotSent => "error-handover-not-sent",
            HandoverError::AcceptedAlready => "error-handover-accepted-already",
            HandoverError::NotAccepted => "error-handover-not-accepted",
            HandoverError::MeetingHeldAlready => "error-handover-meeting-held",
            HandoverError::Cancelled => "error-handover-cancelled",
            HandoverError::SameSchool => "error-handover-same-school",
        }
    }
}

/// Every Fluent message id of this module's errors.
pub const MESSAGE_IDS: &[&str] = &[
    "error-handover-not-editable",
    "error-handover-consent-needed",
    "error-handover-consent-asked",
    "error-handover-nothing-selected",
    "error-handover-sent-already",
    "error-handover-not-sent",
    "error-handover-accepted-already",
    "error-handover-not-accepted",
    "error-handover-meeting-held",
    "error-handover-cancelled",
    "error-handover-same-school",
];

/// The steps of a handover, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HandoverStep {
    /// Change the selection and the texts.
    Edit,
    /// Ask the family for consent (freezes the selection).
    AskConsent,
    /// Send it to the receiving school.
    Send,
    /// The receiving school accepts it.
    Accept,
    /// Plan the warm-handover meeting.
    PlanMeeting,
    /// Record that the meeting was held.
    MeetingHeld,
    /// Stop it (sending school, before acceptance).
    Cancel,
}

/// Whether `step` may be taken at this stage with this consent.
pub fn check_step(
    stage: HandoverStage,
    consent: HandoverConsent,
    step: HandoverStep,
) -> Result<(), HandoverError> {
    use HandoverConsent as C;
    use HandoverStage as S;
    use HandoverStep as P;
    if stage == S::Cancelled {
        return Err(HandoverError::Cancelled);
    }
    match step {
        P::Edit => match (stage, consent) {
            (S::Prepared, C::NotAsked) => Ok(()),
            _ => Err(HandoverError::NotEditable),
        },
        P::AskConsent => match (stage, consent) {
            (S::Prepared, C::NotAsked | C::Refused | C::Ended) => Ok(()),
            (S::Prepared, _) => Err(HandoverError::ConsentAskedAlready),
            _ => Err(HandoverError::SentAlready),
        },
        P::Send => match (stage, consent) {
            (S::Prepared, C::InForce) => Ok(()),
            (S::Prepared, _) => Err(HandoverError::ConsentNeeded),
            _ => Err(HandoverError::SentAlready),
        },
        P::Accept => match (stage, consent) {
            (S::Sent, C::InForce) => Ok(()),
            (S::Sent, _) => Err(HandoverError::ConsentNeeded),
            (S::Prepared, _) => Err(HandoverError::NotSent),
            _ => Err(HandoverError::AcceptedAlready),
        },
        P::PlanMeeting => match stage {
            S::Received => Ok(()),
            S::MeetingHeld => Err(HandoverError::MeetingHeldAlready),
            _ => Err(HandoverError::NotAccepted),
        },
        P::MeetingHeld => match stage {
            S::Received => Ok(()),
            S::MeetingHeld => Err(HandoverError::MeetingHeldAlready),
            _ => Err(HandoverError::NotAccepted),
        },
        P::Cancel => match stage {
            S::Prepared | S::Sent => Ok(()),
            _ => Err(HandoverError::AcceptedAlready),
        },
    }
}

// ---------------------------------------------------------------------------
// Exported cells
// ---------------------------------------------------------------------------

/// A cell as it may go into a CSV file that a spreadsheet opens: text that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be read
/// as a formula (CSV injection, OWASP), so it gets a leading `'`, which
/// spreadsheets show as text. Applies to everything exported, also data
/// that came in through an import.
pub fn csv_safe(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn transitions_follow_the_sectors() {
        use Sector::*;
        assert_eq!(Transition::between(Po, Vo), Transition::PoVo);
        assert_eq!(Transition::between(So, Vso), Transition::PoVo);
        assert_eq!(Transition::between(Sbo, Vo), Transition::PoVo);
        assert_eq!(Transition::between(Vo, Mbo), Transition::VoMbo);
        assert_eq!(Transition::between(Vso, Mbo), Transition::VoMbo);
        assert_eq!(Transition::between(Po, Mbo), Transition::Other);
        assert_eq!(Transition::between(Po, So), Transition::ToSpecial);
        assert_eq!(Transition::between(Vo, Vso), Transition::ToSpecial);
        assert_eq!(Transition::between(So, Po), Transition::FromSpecial);
        assert_eq!(Transition::between(Vso, Vo), Transition::FromSpecial);
        assert_eq!(Transition::between(Vo, Vo), Transition::WithinSector);
        assert_eq!(Transition::between(Sbo, So), Transition::Other);
    }

    #[test]
    fn renn4_reference_values() {
        assert_eq!(renn4_reference(&[Sector::So]), Some(12));
        assert_eq!(renn4_reference(&[Sector::So, Sector::Vso]), Some(19));
        assert_eq!(renn4_reference(&[Sector::Po]), None);
    }

    #[test]
    fn per_hundred_rounds_half_up() {
        assert_eq!(providers_per_hundred_tenths(3, 0), None);
        assert_eq!(providers_per_hundred_tenths(12, 100), Some(120));
        assert_eq!(providers_per_hundred_tenths(1, 3), Some(333));
        assert_eq!(providers_per_hundred_tenths(2, 3), Some(667));
        assert_eq!(providers_per_hundred_tenths(1, 8), Some(125));
        assert_eq!(tenths_text(125, true), "12,5");
        assert_eq!(tenths_text(5, false), "0.5");
    }

    #[test]
    fn status_combines_stage_and_consent() {
        use HandoverConsent as C;
        use HandoverStage as S;
        assert_eq!(
            handover_status(S::Prepared, C::NotAsked),
            HandoverStatus::Prepared
        );
        assert_eq!(
            handover_status(S::Prepared, C::Pending),
            HandoverStatus::AwaitingConsent
        );
        assert_eq!(
            handover_status(S::Prepared, C::InForce),
            HandoverStatus::Consented
        );
        assert_eq!(
            handover_status(S::Prepared, C::Refused),
            HandoverStatus::Refused
        );
        assert_eq!(handover_status(S::Sent, C::InForce), HandoverStatus::Sent);
        assert_eq!(
            handover_status(S::Sent, C::Ended),
            HandoverStatus::ConsentEnded
        );
        assert_eq!(
            handover_status(S::Received, C::Ended),
            HandoverStatus::Received
        );
        assert_eq!(
            handover_status(S::MeetingHeld, C::InForce),
            HandoverStatus::MeetingHeld
        );
        assert_eq!(
            handover_status(S::Cancelled, C::InForce),
            HandoverStatus::Cancelled
        );
    }

    #[test]
    fn steps_follow_the_flow() {
        use HandoverConsent as C;
        use HandoverStage as S;
        use HandoverStep as P;
        assert_eq!(check_step(S::Prepared, C::NotAsked, P::Edit), Ok(()));
        assert_eq!(
            check_step(S::Prepared, C::Pending, P::Edit),
            Err(HandoverError::NotEditable)
        );
        assert_eq!(
            check_step(S::Prepared, C::Pending, P::Send),
            Err(HandoverError::ConsentNeeded)
        );
        assert_eq!(check_step(S::Prepared, C::InForce, P::Send), Ok(()));
        assert_eq!(check_step(S::Sent, C::InForce, P::Accept), Ok(()));
        assert_eq!(
            check_step(S::Received, C::InForce, P::Accept),
            Err(HandoverError::AcceptedAlready),
            "a second acceptance is refused"
        );
        assert_eq!(
            check_step(S::Sent, C::Ended, P::Accept),
            Err(HandoverError::ConsentNeeded),
            "no acceptance after the consent ended"
        );
        assert_eq!(
            check_step(S::Sent, C::InForce, P::PlanMeeting),
            Err(HandoverError::NotAccepted)
        );
        assert_eq!(check_step(S::Received, C::InForce, P::MeetingHeld), Ok(()));
        assert_eq!(
            check_step(S::MeetingHeld, C::InForce, P::MeetingHeld),
            Err(HandoverError::MeetingHeldAlready)
        );
        assert_eq!(
            check_step(S::Received, C::InForce, P::Cancel),
            Err(HandoverError::AcceptedAlready)
        );
        assert_eq!(
            check_step(S::Cancelled, C::InForce, P::Accept),
            Err(HandoverError::Cancelled)
        );
    }

    #[test]
    fn message_ids_are_listed() {
        use HandoverConsent as C;
        use HandoverStep as P;
        let consents = [C::NotAsked, C::Pending, C::InForce, C::Refused, C::Ended];
        let steps = [
            P::Edit,
            P::AskConsent,
            P::Send,
            P::Accept,
            P::PlanMeeting,
            P::MeetingHeld,
            P::Cancel,
        ];
        for stage in HandoverStage::ALL {
            for consent in consents {
                for step in steps {
                    if let Err(e) = check_step(*stage, consent, step) {
                        assert!(MESSAGE_IDS.contains(&e.message_id()), "{e:?}");
                    }
                }
            }
        }
        assert!(MESSAGE_IDS.contains(&HandoverError::NothingSelected.message_id()));
        assert!(MESSAGE_IDS.contains(&HandoverError::SameSchool.message_id()));
    }

    #[test]
    fn formulas_become_text() {
        assert_eq!(csv_safe("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(csv_safe("+31 6 1234"), "'+31 6 1234");
        assert_eq!(csv_safe("-2"), "'-2");
        assert_eq!(csv_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_safe("\tx"), "'\tx");
        assert_eq!(csv_safe("\rx"), "'\rx");
        assert_eq!(csv_safe("Daan de Vries"), "Daan de Vries");
        assert_eq!(csv_safe(""), "");
    }

    proptest! {
        /// Whatever a cell holds, the exported text never starts with a
        /// character a spreadsheet reads as the start of a formula.
        #[test]
        fn no_exported_cell_starts_a_formula(cell in ".*") {
            let safe = csv_safe(&cell);
            let first = safe.chars().next();
            prop_assert!(!matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')));
            prop_assert!(safe.ends_with(cell.as_str()));
        }
    }
}
