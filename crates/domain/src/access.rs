//! The one access policy of Brug.
//!
//! [`decide`] answers "may this actor do this on this resource, and on what
//! basis?" from facts alone. Every route goes through it (via the app layer);
//! no handler decides by itself. The rules follow DOMAIN.md:
//!
//! * professionals see a child's support data only as members of the child's
//!   case team, each seat with a recorded basis (consent or a legal task), or
//!   as support staff of the child's own school (the school's legal task for
//!   its own pupil file);
//! * administrators manage users and settings, never case contents;
//! * policy makers see aggregates only;
//! * parents see their own children's files; a child from 12 sees its own
//!   plan; from 16 the young person decides whether parents see it;
//! * consent is the family's: guardians of a child under 16 and the child
//!   from 12 give and withdraw it, from 16 the young person alone
//!   (`PupilAction::ManageConsent`, rules in `consent`); the AVG rights
//!   (inspection, correction, erasure) follow `PupilAction::Export`;
//! * in an emergency a support professional may break the glass with a
//!   written reason, read-only, and it is flagged to the case lead and the
//!   privacy officer.

use serde::{Deserialize, Serialize};

use crate::ids::{ConsentId, OrgId, PupilId, UserId};
use crate::network::HandoverStage;
use crate::roles::Role;
pub use learning::{LearningAction, LearningSeat, NetworkFacts};

/// Age from which a child sees its own plan.
pub const OWN_PLAN_AGE: u8 = 12;
/// Age from which the young person decides about their own youth care file.
pub const SELF_DETERMINATION_AGE: u8 = 16;
/// Minimum length of a break-glass reason, so it is an actual reason.
pub const BREAK_GLASS_MIN_REASON: usize = 10;

/// A role held at one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Grant {
    pub org: OrgId,
    pub role: Role,
}

/// Who is asking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    pub user: Option<UserId>,
    pub grants: Vec<Grant>,
    /// Installation administrator: manages the registry, never case contents.
    pub platform_admin: bool,
    /// Pupils this account is a guardian (ouder/verzorger) of.
    pub guardian_of: Vec<PupilId>,
    /// The pupil this account belongs to, when the child logs in itself.
    pub own_pupil: Option<PupilId>,
}

impl Actor {
    pub fn has_role_at(&self, org: OrgId, role: Role) -> bool {
        self.grants.iter().any(|g| g.org == org && g.role == role)
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    pub fn has_support_role(&self) -> bool {
        self.grants.iter().any(|g| g.role.is_support_role())
    }

    pub fn is_professional(&self) -> bool {
        !self.grants.is_empty()
    }
}

/// Why a case-team member may see the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SeatBasis {
    /// Consent recorded in Brug (who gave it, for what, until when).
    Consent { consent: ConsentId },
    /// A task in law.
    LegalTask { task: LegalTask },
}

/// Legal tasks that allow processing without consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalTask {
    /// The school's duty of care for its own pupils (WPO/WVO, passend onderwijs).
    SchoolPupilFile,
    /// Leerplichtwet: the attendance officer's duty.
    CompulsoryEducation,
    /// Jeugdwet: the municipality's or provider's task in youth care.
    YouthCare,
    /// The SWV's task in passend onderwijs (arrangements, TLV).
    PassendOnderwijs,
}

impl LegalTask {
    pub fn code(self) -> &'static str {
        match self {
            LegalTask::SchoolPupilFile => "school_pupil_file",
            LegalTask::CompulsoryEducation => "compulsory_education",
            LegalTask::YouthCare => "youth_care",
            LegalTask::PassendOnderwijs => "passend_onderwijs",
        }
    }

    pub fn from_code(code: &str) -> Option<LegalTask> {
        [
            LegalTask::SchoolPupilFile,
            LegalTask::CompulsoryEducation,
            LegalTask::YouthCare,
            LegalTask::PassendOnderwijs,
        ]
        .into_iter()
        .find(|t| t.code() == code)
    }
}

/// A seat in a pupil's case team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TeamSeat {
    pub user: UserId,
    pub basis: SeatBasis,
    /// The case lead (regievoerder) of one of the pupil's cases.
    pub is_lead: bool,
}

/// What the policy needs to know about one pupil.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PupilFacts {
    pub pupil: PupilId,
    /// Age today.
    pub age: u8,
    /// Schools (organisations) where the pupil is enrolled now.
    pub schools: Vec<OrgId>,
    /// Professionals in the pupil's case team(s), with their basis.
    pub team: Vec<TeamSeat>,
    /// Guardian accounts of the pupil.
    pub guardians: Vec<UserId>,
    /// From 16 the young person decides whether parents see the file.
    pub shares_with_guardians: bool,
}

/// What is done with a pupil's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PupilAction {
    /// Registry data: name, school, grade, guardians.
    ViewRegistry,
    /// Support data: cases, plans, meetings.
    ViewSupport,
    /// Change support data.
    EditSupport,
    /// See who viewed or changed the file.
    ViewAccessLog,
    /// Download the whole file (AVG inspection).
    Export,
    /// Print the plan.
    Print,
    /// Change the case team and hand over the lead.
    ManageTeam,
    /// Steer the case: open it, change its phase, record attendance. For the
    /// professionals involved; parents co-write the plan but do not steer.
    ManageCase,
    /// Give, refuse and withdraw consent, and (from 16) decide whether the
    /// parents see the file: the family's say, by age (see `consent`).
    /// Professionals ask for consent; they never give it.
    ManageConsent,
}

impl PupilAction {
    pub const ALL: [PupilAction; 9] = [
        PupilAction::ViewRegistry,
        PupilAction::ViewSupport,
        PupilAction::EditSupport,
        PupilAction::ViewAccessLog,
        PupilAction::Export,
        PupilAction::Print,
        PupilAction::ManageTeam,
        PupilAction::ManageCase,
        PupilAction::ManageConsent,
    ];

    fn is_read(self) -> bool {
        matches!(self, PupilAction::ViewRegistry | PupilAction::ViewSupport)
    }
}

/// What is done at the level of an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgAction {
    /// The school's pupil list.
    ListPupils,
    /// Invite, change and deactivate users.
    ManageUsers,
    /// Search the audit log of the organisation.
    ViewAuditLog,
    /// See the break-glass accesses of the organisation's staff.
    ReviewBreakGlass,
    /// Decide on the family's erasure requests about the organisation's
    /// pupils (AVG art. 17), with the retention rules in view.
    DecideErasure,
    /// The social map (S5): a school's fixed contacts and consultations and
    /// the providers active at it (counts, never names of pupils), or a
    /// provider's mirror view. For the organisation's own staff.
    ViewNetwork,
    /// Change the school's fixed contacts and consultation structure: the
    /// coordinator or the functional administrator.
    EditNetwork,
    /// The handovers of a school (its coordinator), or of the schools of an
    /// SWV (its consultant: counts by status; names only where the policy
    /// allows per pupil).
    ViewHandovers,
    /// Import pupils of the organisation's schools (functional administrator;
    /// the platform administrator for every school).
    ImportPupils,
    /// Export the school's lists (pupils with support, cases, handovers):
    /// its coordinator.
    ExportLists,
}

impl OrgAction {
    pub const ALL: [OrgAction; 10] = [
        OrgAction::ListPupils,
        OrgAction::ManageUsers,
        OrgAction::ViewAuditLog,
        OrgAction::ReviewBreakGlass,
        OrgAction::DecideErasure,
        OrgAction::ViewNetwork,
        OrgAction::EditNetwork,
        OrgAction::ViewHandovers,
        OrgAction::ImportPupils,
        OrgAction::ExportLists,
    ];
}

/// What the policy needs to know about a handover (overdracht, S5).
#[derive(Debug, Clone, Copy)]
pub struct HandoverFacts<'a> {
    pub pupil: &'a PupilFacts,
    /// The sending school.
    pub from_school: OrgId,
    /// The receiving school.
    pub to_school: OrgId,
    pub stage: HandoverStage,
    /// The family's consent to the handover, when it is in force.
    pub consent_in_force: Option<ConsentId>,
}

/// What is done with a handover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoverAction {
    /// Prepare, change, ask the family, send or cancel: the coordinator of
    /// the sending school, where the pupil is enrolled.
    Prepare,
    /// Read the handover: the sending coordinator, the case team and the
    /// family (what is proposed); the receiving school's coordinator only
    /// after acceptance and while the consent is in force.
    View,
    /// See that a handover waits (the pupil's name and birth date) and
    /// accept it: the receiving school's coordinator, once it is sent and
    /// while the family's consent is in force.
    Accept,
    /// Plan and record the warm-handover meeting: either school's
    /// coordinator, after acceptance.
    Meeting,
}

impl HandoverAction {
    pub const ALL: [HandoverAction; 4] = [
        HandoverAction::Prepare,
        HandoverAction::View,
        HandoverAction::Accept,
        HandoverAction::Meeting,
    ];
}

/// A question to the policy.
#[derive(Debug, Clone, Copy)]
pub enum Request<'a> {
    /// The learning network (S6): see `access::learning`.
    Learning {
        network: Option<&'a NetworkFacts>,
        action: LearningAction,
    },
    Pupil {
        facts: &'a PupilFacts,
        action: PupilAction,
        /// The typed reason when the actor breaks the glass.
        break_glass: Option<&'a str>,
    },
    Organisation {
        org: OrgId,
        action: OrgAction,
    },
    /// The actor's own worklists (cases of their teams and school).
    Worklist,
    /// Aggregated monitor figures.
    Monitor,
    /// The registry of organisations (create, change).
    ManageRegistry,
    /// A handover of a pupil's plan to another school (S5).
    Handover {
        facts: &'a HandoverFacts<'a>,
        action: HandoverAction,
    },
}

/// On what ground access was given; recorded with every audit event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Basis {
    TeamMember {
        seat: SeatBasis,
    },
    SchoolTask {
        school: OrgId,
    },
    Guardian,
    OwnFile,
    BreakGlass {
        reason: String,
    },
    OrgRole {
        org: OrgId,
        role: Role,
    },
    PlatformAdmin,
    /// The receiving school's coordinator, on the family's consent to a handover.
    Handover {
        consent: ConsentId,
    },
    /// A seat in a learning network, or a reader of its knowledge base.
    Learning {
        seat: LearningSeat,
    },
}

impl Basis {
    /// A compact, stable description for the audit log.
    pub fn describe(&self) -> String {
        match self {
            Basis::TeamMember {
                seat: SeatBasis::Consent { consent },
            } => format!("team:consent:{consent}"),
            Basis::TeamMember {
                seat: SeatBasis::LegalTask { task },
            } => format!("team:legal_task:{}", task.code()),
            Basis::SchoolTask { school } => {
                format!(
                    "legal_task:{}:org:{school}",
                    LegalTask::SchoolPupilFile.code()
                )
            }
            Basis::Guardian => "guardian".into(),
            Basis::OwnFile => "own_file".into(),
            Basis::BreakGlass { reason } => format!("break_glass:{reason}"),
            Basis::OrgRole { org, role } => format!("role:{}:org:{org}", role.code()),
            Basis::PlatformAdmin => "platform_admin".into(),
            Basis::Handover { consent } => format!("handover:consent:{consent}"),
            Basis::Learning { seat } => format!("learning:{}", seat.code()),
        }
    }

    pub fn is_break_glass(&self) -> bool {
        matches!(self, Basis::BreakGlass { .. })
    }
}

/// Why access was refused; recorded, never shown to the actor in detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Denial {
    NotSignedIn,
    NoRelation,
    AgeRule,
    RoleNotAllowed,
    BreakGlassNotAllowed,
    BreakGlassReasonTooShort,
    /// Seated on a consent that does not cover this part of the file.
    OutsideConsent,
}

impl Denial {
    pub fn code(self) -> &'static str {
        match self {
            Denial::NotSignedIn => "not_signed_in",
            Denial::NoRelation => "no_relation",
            Denial::AgeRule => "age_rule",
            Denial::RoleNotAllowed => "role_not_allowed",
            Denial::BreakGlassNotAllowed => "break_glass_not_allowed",
            Denial::BreakGlassReasonTooShort => "break_glass_reason_too_short",
            Denial::OutsideConsent => "outside_consent",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Allow(Basis),
    Deny(Denial),
}

impl Decision {
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allow(_))
    }
}

/// The policy. Pure: same facts, same answer.
pub fn decide(actor: &Actor, request: Request<'_>) -> Decision {
    if actor.user.is_none() {
        return Decision::Deny(Denial::NotSignedIn);
    }
    match request {
        Request::Pupil {
            facts,
            action,
            break_glass,
        } => decide_pupil(actor, facts, action, break_glass),
        Request::Organisation { org, action } => decide_org(actor, org, action),
        Request::Worklist => match actor.grants.iter().find(|g| g.role.works_with_children()) {
            Some(g) => Decision::Allow(Basis::OrgRole {
                org: g.org,
                role: g.role,
            }),
            None => Decision::Deny(Denial::RoleNotAllowed),
        },
        Request::Monitor => match actor.grants.iter().find(|g| g.role == Role::PolicyMaker) {
            Some(g) => Decision::Allow(Basis::OrgRole {
                org: g.org,
                role: g.role,
            }),
            None => Decision::Deny(Denial::RoleNotAllowed),
        },
        Request::ManageRegistry => {
            if actor.platform_admin {
                Decision::Allow(Basis::PlatformAdmin)
            } else {
                Decision::Deny(Denial::RoleNotAllowed)
            }
        }
        Request::Handover { facts, action } => decide_handover(actor, facts, action),
        Request::Learning { network, action } => learning::decide(actor, network, action),
    }
}

fn decide_pupil(
    actor: &Actor,
    facts: &PupilFacts,
    action: PupilAction,
    break_glass: Option<&str>,
) -> Decision {
    if let Some(basis) = relation_basis(actor, facts, action) {
        return Decision::Allow(basis);
    }
    let Some(reason) = break_glass else {
        return Decision::Deny(if family_blocked_by_age(actor, facts, action) {
            Denial::AgeRule
        } else {
            Denial::NoRelation
        });
    };
    if !action.is_read() || !actor.has_support_role() {
        return Decision::Deny(Denial::BreakGlassNotAllowed);
    }
    let reason = reason.trim();
    if reason.chars().count() < BREAK_GLASS_MIN_REASON {
        return Decision::Deny(Denial::BreakGlassReasonTooShort);
    }
    Decision::Allow(Basis::BreakGlass {
        reason: reason.to_owned(),
    })
}

/// The basis the actor has through a standing relation to the pupil, if any.
fn relation_basis(actor: &Actor, facts: &PupilFacts, action: PupilAction) -> Option<Basis> {
    let user = actor.user?;
    if professional_may(action) {
        // The team is managed by the case lead; other members work in the case.
        if let Some(seat) = facts
            .team
            .iter()
            .find(|s| s.user == user && (action != PupilAction::ManageTeam || s.is_lead))
        {
            return Some(Basis::TeamMember { seat: seat.basis });
        }
        if let Some(school) = school_where(actor, facts, Role::Coordinator) {
            return Some(Basis::SchoolTask { school });
        }
    }
    if matches!(action, PupilAction::ManageTeam | PupilAction::ManageCase) {
        return None;
    }
    if action == PupilAction::ViewAccessLog
        && let Some(school) = school_where(actor, facts, Role::PrivacyOfficer)
    {
        return Some(Basis::OrgRole {
            org: school,
            role: Role::PrivacyOfficer,
        });
    }
    if actor.own_pupil == Some(facts.pupil) && own_file_may(facts.age, action) {
        return Some(Basis::OwnFile);
    }
    let is_guardian = actor.guardian_of.contains(&facts.pupil) || facts.guardians.contains(&user);
    if is_guardian && guardian_may(facts) && guardian_action_may(facts.age, action) {
        return Some(Basis::Guardian);
    }
    None
}

/// The pupil's school where the actor holds `role`, if any.
fn school_where(actor: &Actor, facts: &PupilFacts, role: Role) -> Option<OrgId> {
    facts
        .schools
        .iter()
        .copied()
        .find(|org| actor.has_role_at(*org, role))
}

/// Professionals with a seat or the school's task: everything but the family's rights.
fn professional_may(action: PupilAction) -> bool {
    !matches!(
        action,
        PupilAction::ViewAccessLog | PupilAction::Export | PupilAction::ManageConsent
    )
}

/// What the child sees of its own file, by age.
fn own_file_may(age: u8, action: PupilAction) -> bool {
    match action {
        PupilAction::ViewRegistry | PupilAction::ViewSupport | PupilAction::Print => {
            age >= OWN_PLAN_AGE
        }
        // Writing "what I want" is a section of its own (S4); editing starts at 12 too.
        PupilAction::EditSupport => age >= OWN_PLAN_AGE,
        // From 16 the young person holds the rights over the file.
        PupilAction::ViewAccessLog | PupilAction::Export => age >= SELF_DETERMINATION_AGE,
        // From 12 the child co-decides about consent; from 16 alone.
        PupilAction::ManageConsent => age >= OWN_PLAN_AGE,
        PupilAction::ManageTeam | PupilAction::ManageCase => false,
    }
}

/// Parents see everything of a child under 16; from 16 only when the young person shares.
fn guardian_may(facts: &PupilFacts) -> bool {
    facts.age < SELF_DETERMINATION_AGE || facts.shares_with_guardians
}

/// From 16 the young person decides about consent alone, also when the
/// parents may still see the file.
fn guardian_action_may(age: u8, action: PupilAction) -> bool {
    action != PupilAction::ManageConsent || age < SELF_DETERMINATION_AGE
}

fn family_blocked_by_age(actor: &Actor, facts: &PupilFacts, action: PupilAction) -> bool {
    let is_guardian = actor.guardian_of.contains(&facts.pupil)
        || actor.user.is_some_and(|u| facts.guardians.contains(&u));
    let is_self = actor.own_pupil == Some(facts.pupil);
    (is_guardian && (!guardian_may(facts) || !guardian_action_may(facts.age, action)))
        || (is_self && facts.age < SELF_DETERMINATION_AGE)
}

fn decide_org(actor: &Actor, org: OrgId, action: OrgAction) -> Decision {
    let roles: &[Role] = match action {
        OrgAction::ListPupils | OrgAction::ExportLists => &[Role::Coordinator],
        OrgAction::ManageUsers | OrgAction::ImportPupils => &[Role::OrgAdmin],
        OrgAction::ViewAuditLog | OrgAction::ReviewBreakGlass | OrgAction::DecideErasure => {
            &[Role::PrivacyOfficer]
        }
        // Its own staff, whatever their role: counts of their own pupils.
        OrgAction::ViewNetwork => &Role::ALL,
        OrgAction::EditNetwork => &[Role::Coordinator, Role::OrgAdmin],
        OrgAction::ViewHandovers => &[Role::Coordinator, Role::SwvConsultant],
    };
    if let Some(role) = roles.iter().copied().find(|r| actor.has_role_at(org, *r)) {
        return Decision::Allow(Basis::OrgRole { org, role });
    }
    if matches!(action, OrgAction::ManageUsers | OrgAction::ImportPupils) && actor.platform_admin {
        return Decision::Allow(Basis::PlatformAdmin);
    }
    Decision::Deny(Denial::RoleNotAllowed)
}

/// The handover policy (S5). Until the receiving school has accepted, it
/// sees nothing of the file: before sending not even that a handover
/// exists; once sent (with the family's consent in force) only the notice
/// it must accept. After acceptance the handed-over parts are its to read,
/// on the consent, for as long as the consent is in force.
fn decide_handover(actor: &Actor, facts: &HandoverFacts<'_>, action: HandoverAction) -> Decision {
    let sending = actor.has_role_at(facts.from_school, Role::Coordinator)
        && facts.pupil.schools.contains(&facts.from_school);
    let receiving = actor.has_role_at(facts.to_school, Role::Coordinator);
    let sent = matches!(
        facts.stage,
        HandoverStage::Sent | HandoverStage::Received | HandoverStage::MeetingHeld
    );
    let accepted = matches!(
        facts.stage,
        HandoverStage::Received | HandoverStage::MeetingHeld
    );
    let on_consent = facts
        .consent_in_force
        .map(|consent| Basis::Handover { consent });
    let allow = |basis: Option<Basis>| match basis {
        Some(b) => Decision::Allow(b),
        None => Decision::Deny(Denial::NoRelation),
    };
    let school_task = Basis::SchoolTask {
        school: facts.from_school,
    };
    match action {
        HandoverAction::Prepare => allow(sending.then_some(school_task)),
        HandoverAction::Accept => allow(on_consent.filter(|_| receiving && sent)),
        HandoverAction::Meeting => {
            if sending {
                allow(Some(school_task))
            } else {
                allow(on_consent.filter(|_| receiving && accepted))
            }
        }
        HandoverAction::View => {
            if sending {
                return Decision::Allow(school_task);
            }
            if receiving {
                // Also when the pupil is enrolled at the receiving school
                // already: its handover page waits for the acceptance.
                return allow(on_consent.filter(|_| accepted));
            }
            match relation_basis(actor, facts.pupil, PupilAction::ViewSupport) {
                Some(basis) => Decision::Allow(basis),
                None => Decision::Deny(
                    if family_blocked_by_age(actor, facts.pupil, PupilAction::ViewSupport) {
                        Denial::AgeRule
                    } else {
                        Denial::NoRelation
                    },
                ),
            }
        }
    }
}

mod learning;
#[cfg(test)]
mod tests;
