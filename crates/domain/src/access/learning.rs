//! The learning network's part of the policy (S6).
//!
//! * The knowledge base, the glossary and the theme pages hold no personal
//!   data (insights are anonymous, case stories anonymised and reviewed):
//!   every signed-in user reads them.
//! * A facilitator (procesbegeleider) starts networks and runs the ones
//!   they facilitate: members, sessions, contributions, insights, actions,
//!   and the review of case stories.
//! * Members see their network, its sessions and approved stories, and may
//!   propose a case of their own for a case-specific table (reading the
//!   case itself is the pupil policy's decision).
//! * Professionals propose glossary terms; the proposer, any facilitator
//!   (who curate the shared language) and the platform administrator edit
//!   or remove a term.
//! * Editing or removing a network, its insights, lessons and actions is
//!   running it: its facilitator only.
//! * Projects (programmes such as "Samen op School") are started by
//!   facilitators, like networks; a project's page and the factsheets of a
//!   project or theme hold no personal data: every signed-in user reads them.
//! * A collaboration scan is taken for an organisation by its support
//!   coordinator, care workers, wijkteam, SWV consultants or policy makers.

use serde::{Deserialize, Serialize};

use super::{Actor, Basis, Decision, Denial};
use crate::ids::{OrgId, UserId};
use crate::roles::Role;

/// What the policy needs to know about one network.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkFacts {
    pub facilitator: Option<UserId>,
    /// Accounts of the members who have not left.
    pub members: Vec<UserId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LearningSeat {
    Reader,
    Member,
    Facilitator,
    /// The professional who proposed a glossary term.
    Proposer,
}

impl LearningSeat {
    pub fn code(self) -> &'static str {
        match self {
            LearningSeat::Reader => "reader",
            LearningSeat::Member => "member",
            LearningSeat::Facilitator => "facilitator",
            LearningSeat::Proposer => "proposer",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LearningAction {
    /// Knowledge base, theme pages, glossary, network list.
    Browse,
    /// Start a new network or Community of Practice.
    CreateNetwork,
    /// A network's page, sessions, approved stories, factsheet.
    ViewNetwork,
    /// Members, sessions, contributions, insights, actions, story review.
    RunNetwork,
    /// Bring a case of one's own to a case-specific table.
    ProposeCase,
    /// Take the collaboration scan for an organisation.
    TakeScan { org: OrgId },
    /// Propose a term for the glossary: professionals.
    ProposeTerm,
    /// Edit or remove a glossary term proposed by `proposer` (none for
    /// the terms Brug starts with).
    EditTerm { proposer: Option<UserId> },
}

/// Roles that take the collaboration scan for their organisation.
const SCAN_ROLES: [Role; 5] = [
    Role::Coordinator,
    Role::CareWorker,
    Role::WijkteamCoach,
    Role::SwvConsultant,
    Role::PolicyMaker,
];

pub(super) fn decide(
    actor: &Actor,
    network: Option<&NetworkFacts>,
    action: LearningAction,
) -> Decision {
    let seat = |seat| Decision::Allow(Basis::Learning { seat });
    let user = actor.user;
    let facilitates = network.is_some_and(|n| n.facilitator.is_some() && n.facilitator == user);
    let member = network.is_some_and(|n| user.is_some_and(|u| n.members.contains(&u)));
    match action {
        LearningAction::Browse => seat(LearningSeat::Reader),
        LearningAction::CreateNetwork => {
            match actor.grants.iter().find(|g| g.role == Role::Facilitator) {
                Some(g) => Decision::Allow(Basis::OrgRole {
                    org: g.org,
                    role: g.role,
                }),
                None => Decision::Deny(Denial::RoleNotAllowed),
            }
        }
        LearningAction::RunNetwork if facilitates => seat(LearningSeat::Facilitator),
        LearningAction::ViewNetwork | LearningAction::ProposeCase if facilitates => {
            seat(LearningSeat::Facilitator)
        }
        LearningAction::ViewNetwork | LearningAction::ProposeCase if member => {
            seat(LearningSeat::Member)
        }
        LearningAction::RunNetwork | LearningAction::ViewNetwork | LearningAction::ProposeCase => {
            Decision::Deny(Denial::NoRelation)
        }
        LearningAction::ProposeTerm => match actor.grants.first() {
            Some(g) => Decision::Allow(Basis::OrgRole {
                org: g.org,
                role: g.role,
            }),
            None => Decision::Deny(Denial::RoleNotAllowed),
        },
        LearningAction::EditTerm { proposer } => {
            if proposer.is_some() && proposer == user {
                seat(LearningSeat::Proposer)
            } else if let Some(g) = actor.grants.iter().find(|g| g.role == Role::Facilitator) {
                Decision::Allow(Basis::OrgRole {
                    org: g.org,
                    role: g.role,
                })
            } else if actor.platform_admin {
                Decision::Allow(Basis::PlatformAdmin)
            } else {
                Decision::Deny(Denial::RoleNotAllowed)
            }
        }
        LearningAction::TakeScan { org } => {
            match SCAN_ROLES.iter().find(|r| actor.has_role_at(org, **r)) {
                Some(role) => Decision::Allow(Basis::OrgRole { org, role: *role }),
                None => Decision::Deny(Denial::RoleNotAllowed),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Grant, Request, decide as policy};

    fn person(id: i64, grants: &[(i64, Role)]) -> Actor {
        Actor {
            user: Some(UserId(id)),
            grants: grants
                .iter()
                .map(|(org, role)| Grant {
                    org: OrgId(*org),
                    role: *role,
                })
                .collect(),
            ..Actor::default()
        }
    }

    fn ask(actor: &Actor, network: Option<&NetworkFacts>, action: LearningAction) -> Decision {
        policy(actor, Request::Learning { network, action })
    }

    #[test]
    fn only_the_networks_facilitator_runs_it_and_members_see_it() {
        let net = NetworkFacts {
            facilitator: Some(UserId(1)),
            members: vec![UserId(2)],
        };
        let facilitator = person(1, &[(9, Role::Facilitator)]);
        let other_facilitator = person(3, &[(9, Role::Facilitator)]);
        let member = person(2, &[(5, Role::Teacher)]);
        let parent = Actor {
            user: Some(UserId(4)),
            ..Actor::default()
        };
        for action in [LearningAction::RunNetwork, LearningAction::ViewNetwork] {
            assert!(ask(&facilitator, Some(&net), action).is_allowed());
            assert_eq!(
                ask(&other_facilitator, Some(&net), action),
                Decision::Deny(Denial::NoRelation)
            );
            assert!(!ask(&parent, Some(&net), action).is_allowed());
        }
        assert!(ask(&member, Some(&net), LearningAction::ViewNetwork).is_allowed());
        assert!(ask(&member, Some(&net), LearningAction::ProposeCase).is_allowed());
        assert!(!ask(&member, Some(&net), LearningAction::RunNetwork).is_allowed());
        assert!(!ask(&member, None, LearningAction::ViewNetwork).is_allowed());
    }

    #[test]
    fn a_member_who_left_sees_nothing_more() {
        let net = NetworkFacts {
            facilitator: Some(UserId(1)),
            members: vec![],
        };
        let former = person(2, &[(5, Role::Teacher)]);
        assert!(!ask(&former, Some(&net), LearningAction::ViewNetwork).is_allowed());
        assert!(ask(&former, Some(&net), LearningAction::Browse).is_allowed());
    }

    #[test]
    fn facilitators_start_networks_and_support_staff_take_scans() {
        assert!(
            ask(
                &person(1, &[(9, Role::Facilitator)]),
                None,
                LearningAction::CreateNetwork
            )
            .is_allowed()
        );
        assert!(
            !ask(
                &person(1, &[(9, Role::Coordinator)]),
                None,
                LearningAction::CreateNetwork
            )
            .is_allowed()
        );
        let scan = LearningAction::TakeScan { org: OrgId(5) };
        assert!(ask(&person(1, &[(5, Role::Coordinator)]), None, scan).is_allowed());
        assert!(ask(&person(1, &[(5, Role::PolicyMaker)]), None, scan).is_allowed());
        assert!(!ask(&person(1, &[(6, Role::Coordinator)]), None, scan).is_allowed());
        assert!(!ask(&person(1, &[(5, Role::Teacher)]), None, scan).is_allowed());
        assert!(!ask(&person(1, &[(5, Role::OrgAdmin)]), None, scan).is_allowed());
        assert!(
            ask(
                &person(1, &[(5, Role::Teacher)]),
                None,
                LearningAction::ProposeTerm
            )
            .is_allowed()
        );
        let parent = Actor {
            user: Some(UserId(4)),
            ..Actor::default()
        };
        assert!(!ask(&parent, None, LearningAction::ProposeTerm).is_allowed());
        let anon = Actor::default();
        assert_eq!(
            ask(&anon, None, LearningAction::Browse),
            Decision::Deny(Denial::NotSignedIn)
        );
    }

    #[test]
    fn a_term_is_edited_by_its_proposer_a_facilitator_or_the_platform() {
        let edit = |proposer| LearningAction::EditTerm {
            proposer: Some(UserId(proposer)),
        };
        let teacher = person(1, &[(5, Role::Teacher)]);
        assert_eq!(
            ask(&teacher, None, edit(1)),
            Decision::Allow(Basis::Learning {
                seat: LearningSeat::Proposer
            })
        );
        assert_eq!(
            ask(&teacher, None, edit(2)),
            Decision::Deny(Denial::RoleNotAllowed)
        );
        let seeded = LearningAction::EditTerm { proposer: None };
        assert!(!ask(&teacher, None, seeded).is_allowed());
        assert!(ask(&person(3, &[(9, Role::Facilitator)]), None, edit(1)).is_allowed());
        assert!(ask(&person(3, &[(9, Role::Facilitator)]), None, seeded).is_allowed());
        let platform = Actor {
            user: Some(UserId(8)),
            platform_admin: true,
            ..Actor::default()
        };
        assert_eq!(
            ask(&platform, None, seeded),
            Decision::Allow(Basis::PlatformAdmin)
        );
    }
}
