//! The family as partners in the plan (S4): who writes which section of the
//! plan, who may comment on what, what concerns the family, and the kinds of
//! notifications with the one mail text Brug sends about them.
//!
//! The access policy ([`crate::access::decide`]) answers *whether* someone may
//! write in a pupil's plan at all (`EditSupport`) and on what [`Basis`]; the
//! rules here narrow that down by basis:
//!
//! | basis                                   | sections         | comments                                   |
//! | --------------------------------------- | ---------------- | ------------------------------------------ |
//! | team member, school's task (professional) | every section    | every agreement, upcoming evaluations      |
//! | guardian (parent)                       | `parents_view`   | agreements of the parents, upcoming evaluations |
//! | own file (the child, from 12)           | `child_words`    | agreements of the pupil, upcoming evaluations |
//! | break-glass, organisation role, platform | none            | none                                       |
//!
//! Everything here is pure and exhaustively tested.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::access::{Basis, Decision, Denial};
use crate::cases::Party;
use crate::ids::UserId;
use crate::plan::PlanSection;

/// In what capacity someone takes part in the plan, by the basis the policy
/// gave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Participant {
    /// In the case team or the school's support staff: writes the whole plan.
    Professional,
    /// A parent or guardian: writes "what we as parents think".
    Parent,
    /// The child itself (from 12): writes "what I want".
    Child,
    /// Reads only (break-glass, a privacy officer, an administrator).
    Reader,
}

impl Participant {
    pub const ALL: [Participant; 4] = [
        Participant::Professional,
        Participant::Parent,
        Participant::Child,
        Participant::Reader,
    ];

    pub fn of(basis: &Basis) -> Participant {
        match basis {
            Basis::TeamMember { .. } | Basis::SchoolTask { .. } => Participant::Professional,
            Basis::Guardian => Participant::Parent,
            Basis::OwnFile => Participant::Child,
            Basis::BreakGlass { .. }
            | Basis::OrgRole { .. }
            | Basis::PlatformAdmin
            | Basis::Handover { .. }
            | Basis::Learning { .. } => Participant::Reader,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Participant::Professional => "professional",
            Participant::Parent => "parent",
            Participant::Child => "child",
            Participant::Reader => "reader",
        }
    }

    pub fn from_code(code: &str) -> Option<Participant> {
        Participant::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The section that is the family member's own, if any.
    pub fn own_section(self) -> Option<PlanSection> {
        match self {
            Participant::Parent => Some(PlanSection::ParentsView),
            Participant::Child => Some(PlanSection::ChildWords),
            Participant::Professional | Participant::Reader => None,
        }
    }

    pub fn is_family(self) -> bool {
        matches!(self, Participant::Parent | Participant::Child)
    }
}

/// Whether someone with `basis` (already allowed `EditSupport` by the
/// policy) may write `section`: professionals every section, a parent only
/// "what we as parents think", the child only "what I want", nobody else any.
pub fn may_write_section(basis: &Basis, section: PlanSection) -> bool {
    match Participant::of(basis) {
        Participant::Professional => true,
        Participant::Parent => section == PlanSection::ParentsView,
        Participant::Child => section == PlanSection::ChildWords,
        Participant::Reader => false,
    }
}

/// The policy's `EditSupport` decision narrowed to one section: a section
/// that is not the actor's is refused like any other refusal (logged,
/// answered as "not found").
pub fn section_decision(decision: Decision, section: PlanSection) -> Decision {
    match decision {
        Decision::Allow(basis) if may_write_section(&basis, section) => Decision::Allow(basis),
        Decision::Allow(_) => Decision::Deny(Denial::RoleNotAllowed),
        deny @ Decision::Deny(_) => deny,
    }
}

// ---------------------------------------------------------------------------
// Comments
// ---------------------------------------------------------------------------

coded_enum!(
    /// What a comment is about.
    CommentTarget {
        Agreement => "agreement",
        Evaluation => "evaluation",
    }
);

/// An agreement as far as "does it concern the family" goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgreementFacts {
    pub party: Party,
    /// The team member who owns it, when it is someone with an account.
    pub owner: Option<UserId>,
}

/// Whether an agreement concerns this participant: for a parent, agreements
/// of the parents' party or owned by one of the pupil's guardians; for the
/// child, agreements of the pupil's party or owned by the child itself;
/// for a professional every agreement.
pub fn agreement_concerns(
    who: Participant,
    me: UserId,
    guardians: &[UserId],
    agreement: AgreementFacts,
) -> bool {
    match who {
        Participant::Professional => true,
        Participant::Parent => {
            agreement.party == Party::Parents
                || agreement.owner.is_some_and(|o| guardians.contains(&o))
        }
        Participant::Child => agreement.party == Party::Pupil || agreement.owner == Some(me),
        Participant::Reader => false,
    }
}

/// What a comment is placed on, with the facts the rule needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentOn {
    Agreement(AgreementFacts),
    /// A planned evaluation (the team's meeting that decides how to go on).
    Evaluation {
        planned_on: Date,
        held: bool,
    },
}

/// The answer to "may this participant comment here?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentRule {
    Allowed,
    /// Not theirs to comment on: refused like any refusal (logged, 404).
    NotTheirs,
    /// The meeting took place (or its day passed): comments are for before it.
    MeetingPassed,
}

impl CommentRule {
    /// The Fluent message id of a refusal the writer is told about.
    pub fn message_id(self) -> Option<&'static str> {
        match self {
            CommentRule::MeetingPassed => Some("error-comment-meeting-passed"),
            CommentRule::Allowed | CommentRule::NotTheirs => None,
        }
    }
}

/// Who may comment where: parents on agreements that concern them and on an
/// evaluation before it is held; the child likewise for its own agreements;
/// professionals on everything (to answer); readers nowhere.
pub fn may_comment(
    who: Participant,
    me: UserId,
    guardians: &[UserId],
    on: CommentOn,
    today: Date,
) -> CommentRule {
    if who == Participant::Reader {
        return CommentRule::NotTheirs;
    }
    match on {
        CommentOn::Agreement(a) => {
            if agreement_concerns(who, me, guardians, a) {
                CommentRule::Allowed
            } else {
                CommentRule::NotTheirs
            }
        }
        CommentOn::Evaluation { planned_on, held } => {
            if held || planned_on < today {
                CommentRule::MeetingPassed
            } else {
                CommentRule::Allowed
            }
        }
    }
}

/// A comment's text: 1 to 2,000 characters.
pub const COMMENT_TEXT: crate::text::FieldLimits = crate::text::FieldLimits {
    min_chars: 1,
    max_chars: 2_000,
};

// ---------------------------------------------------------------------------
// Notifications
// ---------------------------------------------------------------------------

coded_enum!(
    /// What a user chooses how to hear about.
    NotificationKind {
        Agreement => "agreement",
        Meeting => "meeting",
        Consent => "consent",
        Overdue => "overdue",
        Comment => "comment",
    }
);

coded_enum!(
    /// How a user hears about one kind: only in Brug, or also by email.
    Delivery {
        InApp => "in_app",
        Email => "email",
    }
);

impl Delivery {
    /// Without a choice, news stays in Brug (nothing leaves unasked).
    pub const DEFAULT: Delivery = Delivery::InApp;
}

coded_enum!(
    /// What happened, as a notification says it (never with names).
    NotificationEvent {
        AgreementAdded => "agreement_added",
        MeetingRecorded => "meeting_recorded",
        EvaluationPlanned => "evaluation_planned",
        EvaluationSoon => "evaluation_soon",
        AgreementOverdue => "agreement_overdue",
        CommentAdded => "comment_added",
        ConsentRequested => "consent_requested",
    }
);

impl NotificationEvent {
    /// The kind a user chose a delivery for.
    pub fn kind(self) -> NotificationKind {
        match self {
            NotificationEvent::AgreementAdded => NotificationKind::Agreement,
            NotificationEvent::MeetingRecorded
            | NotificationEvent::EvaluationPlanned
            | NotificationEvent::EvaluationSoon => NotificationKind::Meeting,
            NotificationEvent::AgreementOverdue => NotificationKind::Overdue,
            NotificationEvent::CommentAdded => NotificationKind::Comment,
            NotificationEvent::ConsentRequested => NotificationKind::Consent,
        }
    }
}

/// Days ahead of a planned evaluation the daily job reminds the team and
/// the family of it.
pub const REMINDER_DAYS: i64 = 7;

/// Whether an evaluation planned on `planned_on` is due for a reminder today.
pub fn reminder_due(planned_on: Date, held: bool, today: Date) -> bool {
    !held && planned_on >= today && planned_on <= today + time::Duration::days(REMINDER_DAYS)
}

/// The subject of every notification mail: no names, no case, nothing personal.
pub const MAIL_SUBJECT: &str = "Er is iets nieuws in Brug voor u";

/// The body of every notification mail: the fixed sentence and a link to the
/// notifications page (which asks to log in). Nothing else.
pub fn mail_body(base_url: &str) -> String {
    let base = base_url.trim_end_matches('/');
    format!(
        "Er is iets nieuws in Brug voor u.\n\n\
         Log in om te zien wat er is:\n{base}/notifications\n\n\
         U krijgt deze e-mail omdat u dat zo heeft ingesteld. \
         Wilt u dit niet meer? Kies \"alleen in Brug\" bij {base}/account/notifications"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{LegalTask, SeatBasis};
    use crate::ids::{ConsentId, OrgId};
    use crate::roles::Role;
    use time::macros::date;

    /// Every basis the policy can give.
    fn bases() -> Vec<Basis> {
        vec![
            Basis::TeamMember {
                seat: SeatBasis::Consent {
                    consent: ConsentId(1),
                },
            },
            Basis::TeamMember {
                seat: SeatBasis::LegalTask {
                    task: LegalTask::YouthCare,
                },
            },
            Basis::SchoolTask { school: OrgId(1) },
            Basis::Guardian,
            Basis::OwnFile,
            Basis::BreakGlass {
                reason: "Acute zorgen om het kind".into(),
            },
            Basis::OrgRole {
                org: OrgId(1),
                role: Role::PrivacyOfficer,
            },
            Basis::PlatformAdmin,
        ]
    }

    /// The expected answer, written out per basis and section in the order of
    /// `PlanSection::ALL`: child_words, parents_view, strengths,
    /// support_needs, expectations, classroom_transfer, evaluation.
    fn expected(basis: &Basis) -> [bool; 7] {
        const ALL: [bool; 7] = [true; 7];
        const NONE: [bool; 7] = [false; 7];
        match basis {
            Basis::TeamMember { .. } | Basis::SchoolTask { .. } => ALL,
            Basis::Guardian => [false, true, false, false, false, false, false],
            Basis::OwnFile => [true, false, false, false, false, false, false],
            Basis::BreakGlass { .. }
            | Basis::OrgRole { .. }
            | Basis::PlatformAdmin
            | Basis::Handover { .. }
            | Basis::Learning { .. } => NONE,
        }
    }

    #[test]
    fn every_basis_writes_exactly_its_sections() {
        assert_eq!(PlanSection::ALL.len(), 7, "a new section needs a column");
        for basis in bases() {
            for (section, want) in PlanSection::ALL.iter().zip(expected(&basis)) {
                assert_eq!(
                    may_write_section(&basis, *section),
                    want,
                    "{} writing {}",
                    basis.describe(),
                    section.code()
                );
                let decided = section_decision(Decision::Allow(basis.clone()), *section);
                assert_eq!(decided.is_allowed(), want);
                if !want {
                    assert_eq!(decided, Decision::Deny(Denial::RoleNotAllowed));
                }
            }
        }
    }

    #[test]
    fn a_refusal_stays_the_policys_refusal() {
        for section in PlanSection::ALL {
            for denial in [Denial::NoRelation, Denial::AgeRule, Denial::NotSignedIn] {
                assert_eq!(
                    section_decision(Decision::Deny(denial), *section),
                    Decision::Deny(denial)
                );
            }
        }
    }

    #[test]
    fn participants_and_their_own_section() {
        let own: Vec<_> = bases()
            .iter()
            .map(|b| Participant::of(b).own_section())
            .collect();
        assert_eq!(
            own,
            [
                None,
                None,
                None,
                Some(PlanSection::ParentsView),
                Some(PlanSection::ChildWords),
                None,
                None,
                None
            ]
        );
        for p in Participant::ALL {
            assert_eq!(Participant::from_code(p.code()), Some(p));
            // The own section is always one the participant may write.
            if let Some(s) = p.own_section() {
                let basis = bases()
                    .into_iter()
                    .find(|b| Participant::of(b) == p)
                    .expect("a basis");
                assert!(may_write_section(&basis, s));
                assert!(p.is_family());
            }
        }
        assert!(!Participant::Professional.is_family());
    }

    const ME: UserId = UserId(1);
    const OTHER_PARENT: UserId = UserId(2);
    const WORKER: UserId = UserId(3);
    const TODAY: Date = date!(2026 - 11 - 25);

    fn agreement(party: Party, owner: Option<UserId>) -> CommentOn {
        CommentOn::Agreement(AgreementFacts { party, owner })
    }

    #[test]
    fn parents_comment_on_their_own_agreements() {
        let guardians = [ME, OTHER_PARENT];
        let rule = |on| may_comment(Participant::Parent, ME, &guardians, on, TODAY);
        assert_eq!(rule(agreement(Party::Parents, None)), CommentRule::Allowed);
        assert_eq!(
            rule(agreement(Party::Parents, Some(WORKER))),
            CommentRule::Allowed
        );
        // Owned by the other parent: it concerns the parents.
        assert_eq!(
            rule(agreement(Party::School, Some(OTHER_PARENT))),
            CommentRule::Allowed
        );
        assert_eq!(
            rule(agreement(Party::Care, Some(WORKER))),
            CommentRule::NotTheirs
        );
        assert_eq!(rule(agreement(Party::Pupil, None)), CommentRule::NotTheirs);
    }

    #[test]
    fn the_child_comments_on_its_own_agreements() {
        let guardians = [OTHER_PARENT];
        let rule = |on| may_comment(Participant::Child, ME, &guardians, on, TODAY);
        assert_eq!(rule(agreement(Party::Pupil, None)), CommentRule::Allowed);
        assert_eq!(rule(agreement(Party::Care, Some(ME))), CommentRule::Allowed);
        assert_eq!(
            rule(agreement(Party::Parents, Some(OTHER_PARENT))),
            CommentRule::NotTheirs
        );
    }

    #[test]
    fn professionals_answer_everywhere_readers_nowhere() {
        for party in Party::ALL {
            for owner in [None, Some(ME), Some(WORKER)] {
                let on = agreement(*party, owner);
                assert_eq!(
                    may_comment(Participant::Professional, WORKER, &[ME], on, TODAY),
                    CommentRule::Allowed
                );
                assert_eq!(
                    may_comment(Participant::Reader, WORKER, &[ME], on, TODAY),
                    CommentRule::NotTheirs
                );
            }
        }
    }

    #[test]
    fn comments_on_a_meeting_come_before_it() {
        for who in [
            Participant::Professional,
            Participant::Parent,
            Participant::Child,
        ] {
            let rule = |planned_on, held| {
                may_comment(
                    who,
                    ME,
                    &[ME],
                    CommentOn::Evaluation { planned_on, held },
                    TODAY,
                )
            };
            assert_eq!(rule(TODAY, false), CommentRule::Allowed, "on the day");
            assert_eq!(rule(date!(2026 - 12 - 10), false), CommentRule::Allowed);
            assert_eq!(
                rule(date!(2026 - 11 - 24), false),
                CommentRule::MeetingPassed
            );
            assert_eq!(rule(TODAY, true), CommentRule::MeetingPassed);
        }
        assert_eq!(
            may_comment(
                Participant::Reader,
                ME,
                &[],
                CommentOn::Evaluation {
                    planned_on: TODAY,
                    held: false
                },
                TODAY
            ),
            CommentRule::NotTheirs
        );
        assert_eq!(
            CommentRule::MeetingPassed.message_id(),
            Some("error-comment-meeting-passed")
        );
    }

    #[test]
    fn every_event_has_a_kind_and_every_kind_an_event() {
        for kind in NotificationKind::ALL {
            assert!(
                NotificationEvent::ALL.iter().any(|e| e.kind() == *kind),
                "{kind} has no event"
            );
        }
        for e in NotificationEvent::ALL {
            assert_eq!(NotificationEvent::from_code(e.code()), Some(*e));
        }
        assert_eq!(Delivery::DEFAULT, Delivery::InApp);
        assert_eq!(
            NotificationKind::Overdue.message_id(),
            "notificationkind-overdue"
        );
    }

    #[test]
    fn reminders_in_the_week_before() {
        assert!(reminder_due(TODAY, false, TODAY));
        assert!(reminder_due(date!(2026 - 12 - 02), false, TODAY));
        assert!(!reminder_due(date!(2026 - 12 - 03), false, TODAY));
        assert!(!reminder_due(date!(2026 - 11 - 24), false, TODAY));
        assert!(!reminder_due(date!(2026 - 11 - 30), true, TODAY));
    }

    #[test]
    fn the_mail_says_nothing_but_that_there_is_news() {
        let body = mail_body("https://brug.example/");
        assert!(body.starts_with("Er is iets nieuws in Brug voor u."));
        assert!(body.contains("https://brug.example/notifications\n"));
        assert!(!body.contains("//notifications"));
        // Only fixed text: the body is the same for everyone.
        assert_eq!(body, mail_body("https://brug.example"));
        assert!(!MAIL_SUBJECT.contains('{'));
    }
}
