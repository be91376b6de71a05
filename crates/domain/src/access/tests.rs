//! The access matrix of the domain policy: every relation an actor can have to
//! a pupil, crossed with every action, against the expected outcome written out
//! by hand from DOMAIN.md.

use super::*;
use crate::ids::{ConsentId, OrgId, PupilId, UserId};
use proptest::prelude::*;

const SCHOOL: OrgId = OrgId(1);
const OTHER_SCHOOL: OrgId = OrgId(2);
const PROVIDER: OrgId = OrgId(3);
const MUNICIPALITY: OrgId = OrgId(4);
const PUPIL: PupilId = PupilId(100);
const OTHER_PUPIL: PupilId = PupilId(101);

const TEAM_CONSENT: UserId = UserId(10);
const TEAM_LEGAL: UserId = UserId(11);
const PARENT: UserId = UserId(20);

fn facts(age: u8, shares: bool) -> PupilFacts {
    PupilFacts {
        pupil: PUPIL,
        age,
        schools: vec![SCHOOL],
        team: vec![
            TeamSeat {
                user: TEAM_CONSENT,
                basis: SeatBasis::Consent {
                    consent: ConsentId(5),
                },
                is_lead: false,
            },
            TeamSeat {
                user: TEAM_LEGAL,
                basis: SeatBasis::LegalTask {
                    task: LegalTask::CompulsoryEducation,
                },
                is_lead: true,
            },
        ],
        guardians: vec![PARENT],
        shares_with_guardians: shares,
    }
}

fn pro(user: i64, grants: &[(OrgId, Role)]) -> Actor {
    Actor {
        user: Some(UserId(user)),
        grants: grants
            .iter()
            .map(|&(org, role)| Grant { org, role })
            .collect(),
        ..Actor::default()
    }
}

/// Expected outcome per action, in the order of `PupilAction::ALL`:
/// registry, support, edit, access log, export, print, manage team, manage case,
/// manage consent.
/// `T` allow, `F` deny.
struct Row {
    name: &'static str,
    actor: Actor,
    age: u8,
    shares: bool,
    expect: [bool; 9],
}

const T: bool = true;
const F: bool = false;

fn matrix() -> Vec<Row> {
    let parent = Actor {
        user: Some(PARENT),
        guardian_of: vec![PUPIL],
        ..Actor::default()
    };
    let parent_of_other = Actor {
        user: Some(UserId(21)),
        guardian_of: vec![OTHER_PUPIL],
        ..Actor::default()
    };
    let child = Actor {
        user: Some(UserId(30)),
        own_pupil: Some(PUPIL),
        ..Actor::default()
    };
    vec![
        Row {
            name: "team member on consent",
            actor: pro(10, &[(PROVIDER, Role::CareWorker)]),
            age: 10,
            shares: T,
            expect: [T, T, T, F, F, T, F, T, F],
        },
        Row {
            name: "team member on legal task",
            actor: pro(11, &[(MUNICIPALITY, Role::AttendanceOfficer)]),
            age: 10,
            shares: T,
            expect: [T, T, T, F, F, T, T, T, F],
        },
        Row {
            name: "coordinator of the pupil's school",
            actor: pro(40, &[(SCHOOL, Role::Coordinator)]),
            age: 10,
            shares: T,
            expect: [T, T, T, F, F, T, T, T, F],
        },
        Row {
            name: "coordinator of another school",
            actor: pro(41, &[(OTHER_SCHOOL, Role::Coordinator)]),
            age: 10,
            shares: T,
            expect: [F; 9],
        },
        Row {
            name: "teacher at the same school without a seat",
            actor: pro(42, &[(SCHOOL, Role::Teacher)]),
            age: 10,
            shares: T,
            expect: [F; 9],
        },
        Row {
            name: "care worker of another team",
            actor: pro(43, &[(PROVIDER, Role::CareWorker)]),
            age: 10,
            shares: T,
            expect: [F; 9],
        },
        Row {
            name: "administrator of the pupil's school",
            actor: pro(44, &[(SCHOOL, Role::OrgAdmin)]),
            age: 10,
            shares: T,
            expect: [F; 9],
        },
        Row {
            name: "privacy officer of the pupil's school",
            actor: pro(45, &[(SCHOOL, Role::PrivacyOfficer)]),
            age: 10,
            shares: T,
            expect: [F, F, F, T, F, F, F, F, F],
        },
        Row {
            name: "policy maker",
            actor: pro(46, &[(MUNICIPALITY, Role::PolicyMaker)]),
            age: 10,
            shares: T,
            expect: [F; 9],
        },
        Row {
            name: "platform administrator",
            actor: Actor {
                platform_admin: true,
                ..pro(47, &[])
            },
            age: 10,
            shares: T,
            expect: [F; 9],
        },
        Row {
            name: "parent of a child of 10",
            actor: parent.clone(),
            age: 10,
            shares: F,
            expect: [T, T, T, T, T, T, F, F, T],
        },
        Row {
            name: "parent of a child of 14",
            actor: parent.clone(),
            age: 14,
            shares: F,
            expect: [T, T, T, T, T, T, F, F, T],
        },
        Row {
            name: "parent of a 17-year-old who shares",
            actor: parent.clone(),
            age: 17,
            shares: T,
            expect: [T, T, T, T, T, T, F, F, F],
        },
        Row {
            name: "parent of a 17-year-old who does not share",
            actor: parent,
            age: 17,
            shares: F,
            expect: [F; 9],
        },
        Row {
            name: "parent of another child",
            actor: parent_of_other,
            age: 10,
            shares: T,
            expect: [F; 9],
        },
        Row {
            name: "child of 11",
            actor: child.clone(),
            age: 11,
            shares: T,
            expect: [F; 9],
        },
        Row {
            name: "child of 14",
            actor: child.clone(),
            age: 14,
            shares: T,
            expect: [T, T, T, F, F, T, F, F, T],
        },
        Row {
            name: "young person of 17",
            actor: child,
            age: 17,
            shares: F,
            expect: [T, T, T, T, T, T, F, F, T],
        },
        Row {
            name: "signed out",
            actor: Actor::default(),
            age: 10,
            shares: T,
            expect: [F; 9],
        },
    ]
}

#[test]
fn the_pupil_matrix_holds() {
    for row in matrix() {
        let facts = facts(row.age, row.shares);
        for (action, expected) in PupilAction::ALL.into_iter().zip(row.expect) {
            let decision = decide(
                &row.actor,
                Request::Pupil {
                    facts: &facts,
                    action,
                    break_glass: None,
                },
            );
            assert_eq!(
                decision.is_allowed(),
                expected,
                "{} / {:?}: got {:?}",
                row.name,
                action,
                decision
            );
        }
    }
}

#[test]
fn the_basis_names_the_relation() {
    let f = facts(10, true);
    let read = |actor: &Actor| {
        decide(
            actor,
            Request::Pupil {
                facts: &f,
                action: PupilAction::ViewSupport,
                break_glass: None,
            },
        )
    };
    assert_eq!(
        read(&pro(10, &[(PROVIDER, Role::CareWorker)])),
        Decision::Allow(Basis::TeamMember {
            seat: SeatBasis::Consent {
                consent: ConsentId(5)
            }
        })
    );
    assert_eq!(
        read(&pro(40, &[(SCHOOL, Role::Coordinator)])),
        Decision::Allow(Basis::SchoolTask { school: SCHOOL })
    );
    assert_eq!(
        read(&Actor {
            user: Some(PARENT),
            ..Actor::default()
        }),
        Decision::Allow(Basis::Guardian),
        "the pupil's guardian list alone is a relation"
    );
}

#[test]
fn break_glass_opens_reads_only_for_support_roles_with_a_reason() {
    let f = facts(10, true);
    let outsider = pro(43, &[(PROVIDER, Role::CareWorker)]);
    let ask = |actor: &Actor, action, reason: Option<&str>| {
        decide(
            actor,
            Request::Pupil {
                facts: &f,
                action,
                break_glass: reason,
            },
        )
    };
    let reason = "Acute crisis, ouders niet bereikbaar";
    assert_eq!(
        ask(&outsider, PupilAction::ViewSupport, Some(reason)),
        Decision::Allow(Basis::BreakGlass {
            reason: reason.into()
        })
    );
    assert_eq!(
        ask(&outsider, PupilAction::ViewSupport, Some("   kort  ")),
        Decision::Deny(Denial::BreakGlassReasonTooShort)
    );
    assert_eq!(
        ask(&outsider, PupilAction::EditSupport, Some(reason)),
        Decision::Deny(Denial::BreakGlassNotAllowed)
    );
    assert_eq!(
        ask(&outsider, PupilAction::Export, Some(reason)),
        Decision::Deny(Denial::BreakGlassNotAllowed)
    );
    for role in [
        Role::Teacher,
        Role::OrgAdmin,
        Role::PolicyMaker,
        Role::PrivacyOfficer,
        Role::Facilitator,
    ] {
        assert_eq!(
            ask(
                &pro(50, &[(SCHOOL, role)]),
                PupilAction::ViewSupport,
                Some(reason)
            ),
            Decision::Deny(Denial::BreakGlassNotAllowed),
            "{role:?} may not break the glass"
        );
    }
    let parent_of_other = Actor {
        user: Some(UserId(21)),
        guardian_of: vec![OTHER_PUPIL],
        ..Actor::default()
    };
    assert_eq!(
        ask(&parent_of_other, PupilAction::ViewRegistry, Some(reason)),
        Decision::Deny(Denial::BreakGlassNotAllowed)
    );
}

#[test]
fn members_with_a_standing_relation_do_not_need_the_glass() {
    let f = facts(10, true);
    let member = pro(10, &[(PROVIDER, Role::CareWorker)]);
    let decision = decide(
        &member,
        Request::Pupil {
            facts: &f,
            action: PupilAction::ViewSupport,
            break_glass: Some("Acute crisis, ouders niet bereikbaar"),
        },
    );
    assert!(matches!(
        decision,
        Decision::Allow(Basis::TeamMember { .. })
    ));
}

#[test]
fn denials_say_when_age_is_the_reason() {
    let f = facts(17, false);
    let parent = Actor {
        user: Some(PARENT),
        guardian_of: vec![PUPIL],
        ..Actor::default()
    };
    assert_eq!(
        decide(
            &parent,
            Request::Pupil {
                facts: &f,
                action: PupilAction::ViewSupport,
                break_glass: None
            }
        ),
        Decision::Deny(Denial::AgeRule)
    );
}

#[test]
fn organisation_actions_need_the_matching_role_at_that_organisation() {
    let expected = |role: Role, action: OrgAction| {
        matches!(
            (role, action),
            (Role::Coordinator, OrgAction::ListPupils)
                | (Role::OrgAdmin, OrgAction::ManageUsers)
                | (Role::PrivacyOfficer, OrgAction::ViewAuditLog)
                | (Role::PrivacyOfficer, OrgAction::ReviewBreakGlass)
                | (Role::PrivacyOfficer, OrgAction::DecideErasure)
                | (_, OrgAction::ViewNetwork)
                | (Role::Coordinator | Role::OrgAdmin, OrgAction::EditNetwork)
                | (
                    Role::Coordinator | Role::SwvConsultant,
                    OrgAction::ViewHandovers
                )
                | (Role::OrgAdmin, OrgAction::ImportPupils)
                | (Role::Coordinator, OrgAction::ExportLists)
        )
    };
    for role in Role::ALL {
        for action in OrgAction::ALL {
            let here = decide(
                &pro(60, &[(SCHOOL, role)]),
                Request::Organisation {
                    org: SCHOOL,
                    action,
                },
            );
            assert_eq!(
                here.is_allowed(),
                expected(role, action),
                "{role:?} {action:?}"
            );
            let elsewhere = decide(
                &pro(60, &[(OTHER_SCHOOL, role)]),
                Request::Organisation {
                    org: SCHOOL,
                    action,
                },
            );
            assert!(
                !elsewhere.is_allowed(),
                "{role:?} at another org {action:?}"
            );
        }
    }
}

#[test]
fn platform_admins_manage_the_registry_and_users_but_nothing_else() {
    let admin = Actor {
        platform_admin: true,
        ..pro(70, &[])
    };
    assert!(decide(&admin, Request::ManageRegistry).is_allowed());
    assert!(
        decide(
            &admin,
            Request::Organisation {
                org: SCHOOL,
                action: OrgAction::ManageUsers
            }
        )
        .is_allowed()
    );
    assert!(
        !decide(
            &admin,
            Request::Organisation {
                org: SCHOOL,
                action: OrgAction::ListPupils
            }
        )
        .is_allowed()
    );
    assert!(
        !decide(
            &admin,
            Request::Organisation {
                org: SCHOOL,
                action: OrgAction::ViewAuditLog
            }
        )
        .is_allowed()
    );
    assert!(
        decide(
            &admin,
            Request::Organisation {
                org: SCHOOL,
                action: OrgAction::ImportPupils
            }
        )
        .is_allowed(),
        "the registry's pupils are imported by the platform administrator too"
    );
    for action in [
        OrgAction::ViewNetwork,
        OrgAction::ViewHandovers,
        OrgAction::ExportLists,
    ] {
        assert!(
            !decide(
                &admin,
                Request::Organisation {
                    org: SCHOOL,
                    action
                }
            )
            .is_allowed(),
            "{action:?}"
        );
    }
    assert!(!decide(&admin, Request::Monitor).is_allowed());
    assert!(
        !decide(
            &pro(71, &[(SCHOOL, Role::OrgAdmin)]),
            Request::ManageRegistry
        )
        .is_allowed()
    );
}

#[test]
fn worklists_are_for_those_who_work_with_children() {
    for role in Role::ALL {
        let allowed = decide(&pro(81, &[(SCHOOL, role)]), Request::Worklist).is_allowed();
        assert_eq!(allowed, role.works_with_children(), "{role:?}");
    }
    let parent = Actor {
        user: Some(PARENT),
        guardian_of: vec![PUPIL],
        ..Actor::default()
    };
    assert!(!decide(&parent, Request::Worklist).is_allowed());
}

#[test]
fn only_policy_makers_see_the_monitor() {
    for role in Role::ALL {
        let allowed = decide(&pro(80, &[(MUNICIPALITY, role)]), Request::Monitor).is_allowed();
        assert_eq!(allowed, role == Role::PolicyMaker, "{role:?}");
    }
}

fn arb_role() -> impl Strategy<Value = Role> {
    prop::sample::select(Role::ALL.to_vec())
}

fn arb_action() -> impl Strategy<Value = PupilAction> {
    prop::sample::select(PupilAction::ALL.to_vec())
}

proptest! {
    /// Whatever roles a professional holds at organisations other than the
    /// pupil's school, without a seat they never see the file without the glass.
    #[test]
    fn no_seat_no_school_no_access(
        grants in prop::collection::vec((2i64..50, arb_role()), 0..6),
        action in arb_action(),
        age in 0u8..25,
        shares: bool,
    ) {
        let actor = Actor {
            user: Some(UserId(999)),
            grants: grants.into_iter().map(|(org, role)| Grant { org: OrgId(org), role }).collect(),
            ..Actor::default()
        };
        let f = facts(age, shares);
        let d = decide(&actor, Request::Pupil { facts: &f, action, break_glass: None });
        prop_assert!(!d.is_allowed(), "{:?}", d);
    }

    /// The guardian rule is monotone in sharing: if a parent may see with
    /// sharing off, they may see with it on; and under 16 sharing is irrelevant.
    #[test]
    fn guardian_rule_follows_age_and_sharing(age in 0u8..25, action in arb_action()) {
        // Parents work in the plan; managing the professional team is the lead's.
        prop_assume!(!matches!(action, PupilAction::ManageTeam | PupilAction::ManageCase));
        let parent = Actor { user: Some(PARENT), guardian_of: vec![PUPIL], ..Actor::default() };
        let ask = |shares| decide(&parent, Request::Pupil { facts: &facts(age, shares), action, break_glass: None }).is_allowed();
        if action == PupilAction::ManageConsent {
            // From 16 the young person decides alone, shared file or not.
            prop_assert_eq!(ask(true), age < SELF_DETERMINATION_AGE);
        } else {
            prop_assert!(ask(true));
        }
        prop_assert_eq!(ask(false), age < SELF_DETERMINATION_AGE);
    }

    /// The family's say about consent follows the age rules of `consent`:
    /// guardians under 16, the child from 12; professionals never.
    #[test]
    fn consent_is_the_familys_by_age(age in 0u8..25, shares: bool, role in arb_role()) {
        use crate::consent::{ConsentGiver, may_answer};
        let f = facts(age, shares);
        let ask = |actor: &Actor| decide(actor, Request::Pupil { facts: &f, action: PupilAction::ManageConsent, break_glass: None });
        let parent = Actor { user: Some(PARENT), guardian_of: vec![PUPIL], ..Actor::default() };
        let child = Actor { user: Some(UserId(30)), own_pupil: Some(PUPIL), ..Actor::default() };
        prop_assert_eq!(ask(&parent).is_allowed(), may_answer(age, ConsentGiver::Guardian).is_ok());
        prop_assert_eq!(ask(&child).is_allowed(), may_answer(age, ConsentGiver::YoungPerson).is_ok());
        if !ask(&child).is_allowed() {
            prop_assert_eq!(ask(&child), Decision::Deny(Denial::AgeRule));
        }
        if !ask(&parent).is_allowed() {
            prop_assert_eq!(ask(&parent), Decision::Deny(Denial::AgeRule));
        }
        // Team members, the school's coordinator: they ask, they never give.
        prop_assert!(!ask(&pro(10, &[(PROVIDER, role)])).is_allowed());
        prop_assert!(!ask(&pro(40, &[(SCHOOL, role)])).is_allowed());
    }

    /// A child never sees its file before 12, and always sees its plan from 12.
    #[test]
    fn own_file_age_rules(age in 0u8..25) {
        let child = Actor { user: Some(UserId(30)), own_pupil: Some(PUPIL), ..Actor::default() };
        let f = facts(age, true);
        let sees = decide(&child, Request::Pupil { facts: &f, action: PupilAction::ViewSupport, break_glass: None }).is_allowed();
        prop_assert_eq!(sees, age >= OWN_PLAN_AGE);
        let exports = decide(&child, Request::Pupil { facts: &f, action: PupilAction::Export, break_glass: None }).is_allowed();
        prop_assert_eq!(exports, age >= SELF_DETERMINATION_AGE);
    }
}

mod handover {
    //! The handover policy: who does what with a handover at each stage.

    use super::*;
    use crate::network::HandoverStage;

    const RECEIVING: OrgId = OTHER_SCHOOL;
    const CONSENT: ConsentId = ConsentId(77);

    fn handover(stage: HandoverStage, consent: bool, pupil: &PupilFacts) -> HandoverFacts<'_> {
        HandoverFacts {
            pupil,
            from_school: SCHOOL,
            to_school: RECEIVING,
            stage,
            consent_in_force: consent.then_some(CONSENT),
        }
    }

    fn ask(actor: &Actor, h: &HandoverFacts<'_>, action: HandoverAction) -> Decision {
        decide(actor, Request::Handover { facts: h, action })
    }

    fn sending() -> Actor {
        pro(40, &[(SCHOOL, Role::Coordinator)])
    }

    fn receiving() -> Actor {
        pro(41, &[(RECEIVING, Role::Coordinator)])
    }

    /// Expected per action (Prepare, View, Accept, Meeting) for one actor
    /// at each stage, with the consent in force.
    #[test]
    fn the_handover_matrix_holds() {
        use HandoverStage::*;
        let f = facts(10, true);
        let parent = Actor {
            user: Some(PARENT),
            guardian_of: vec![PUPIL],
            ..Actor::default()
        };
        let rows: Vec<(&str, Actor, HandoverStage, [bool; 4])> = vec![
            (
                "sending coordinator, prepared",
                sending(),
                Prepared,
                [T, T, F, T],
            ),
            (
                "sending coordinator, received",
                sending(),
                Received,
                [T, T, F, T],
            ),
            (
                "receiving coordinator, prepared",
                receiving(),
                Prepared,
                [F, F, F, F],
            ),
            (
                "receiving coordinator, sent",
                receiving(),
                Sent,
                [F, F, T, F],
            ),
            (
                "receiving coordinator, received",
                receiving(),
                Received,
                [F, T, T, T],
            ),
            (
                "receiving coordinator, meeting held",
                receiving(),
                MeetingHeld,
                [F, T, T, T],
            ),
            (
                "receiving coordinator, cancelled",
                receiving(),
                Cancelled,
                [F, F, F, F],
            ),
            (
                "team member on consent",
                pro(10, &[(PROVIDER, Role::CareWorker)]),
                Sent,
                [F, T, F, F],
            ),
            ("parent", parent, Prepared, [F, T, F, F]),
            (
                "teacher of the receiving school",
                pro(42, &[(RECEIVING, Role::Teacher)]),
                Received,
                [F, F, F, F],
            ),
            (
                "administrator of the sending school",
                pro(44, &[(SCHOOL, Role::OrgAdmin)]),
                Prepared,
                [F, F, F, F],
            ),
            (
                "SWV consultant",
                pro(48, &[(MUNICIPALITY, Role::SwvConsultant)]),
                Sent,
                [F, F, F, F],
            ),
            (
                "platform administrator",
                Actor {
                    platform_admin: true,
                    ..pro(47, &[])
                },
                Sent,
                [F, F, F, F],
            ),
            ("signed out", Actor::default(), Sent, [F, F, F, F]),
        ];
        for (name, actor, stage, expect) in rows {
            let h = handover(stage, true, &f);
            for (action, expected) in HandoverAction::ALL.into_iter().zip(expect) {
                assert_eq!(
                    ask(&actor, &h, action).is_allowed(),
                    expected,
                    "{name} / {action:?}"
                );
            }
        }
    }

    #[test]
    fn without_consent_the_receiving_school_sees_nothing() {
        let f = facts(10, true);
        for stage in HandoverStage::ALL {
            let h = handover(*stage, false, &f);
            for action in HandoverAction::ALL {
                assert!(
                    !ask(&receiving(), &h, action).is_allowed(),
                    "{stage:?} {action:?}"
                );
            }
        }
    }

    #[test]
    fn the_receiving_school_waits_for_acceptance_even_when_the_pupil_is_enrolled() {
        let mut f = facts(10, true);
        f.schools.push(RECEIVING);
        let h = handover(HandoverStage::Sent, true, &f);
        assert!(!ask(&receiving(), &h, HandoverAction::View).is_allowed());
        let h = handover(HandoverStage::Received, true, &f);
        assert_eq!(
            ask(&receiving(), &h, HandoverAction::View),
            Decision::Allow(Basis::Handover { consent: CONSENT })
        );
    }

    #[test]
    fn the_sending_school_prepares_only_for_its_own_pupils() {
        let mut f = facts(10, true);
        f.schools.clear();
        let h = handover(HandoverStage::Prepared, false, &f);
        assert!(!ask(&sending(), &h, HandoverAction::Prepare).is_allowed());
        assert_eq!(
            Basis::Handover { consent: CONSENT }.describe(),
            "handover:consent:77"
        );
    }

    #[test]
    fn a_child_under_12_does_not_see_it_and_a_young_person_does() {
        let child = Actor {
            user: Some(UserId(30)),
            own_pupil: Some(PUPIL),
            ..Actor::default()
        };
        let young = facts(17, false);
        let h = handover(HandoverStage::Prepared, false, &young);
        assert!(ask(&child, &h, HandoverAction::View).is_allowed());
        let small = facts(11, true);
        let h = handover(HandoverStage::Prepared, false, &small);
        assert_eq!(
            ask(&child, &h, HandoverAction::View),
            Decision::Deny(Denial::AgeRule)
        );
    }
}
