//! The roles a person can hold at an organisation.

use serde::{Deserialize, Serialize};

/// A professional role held at one organisation. Parents and pupils are not
/// roles: they reach a file through their relation to a pupil.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Intern begeleider (primary) or zorgcoördinator (secondary): runs support at a school.
    Coordinator,
    /// Leerkracht or mentor.
    Teacher,
    /// Jeugdhulpverlener at a care provider.
    CareWorker,
    /// Wijkteam or CJG coach of a municipality.
    WijkteamCoach,
    /// Jeugdarts or jeugdverpleegkundige (JGZ).
    YouthHealth,
    /// Leerplichtambtenaar.
    AttendanceOfficer,
    /// Consulent of a samenwerkingsverband (SWV).
    SwvConsultant,
    /// Beleidsmedewerker of a municipality or SWV: sees the monitor only.
    PolicyMaker,
    /// Procesbegeleider of a learning network.
    Facilitator,
    /// Functioneel beheerder: users and settings, never case contents.
    OrgAdmin,
    /// Privacy officer (FG / privacy contact) of the organisation: oversees the audit log.
    PrivacyOfficer,
}

impl Role {
    pub const ALL: [Role; 11] = [
        Role::Coordinator,
        Role::Teacher,
        Role::CareWorker,
        Role::WijkteamCoach,
        Role::YouthHealth,
        Role::AttendanceOfficer,
        Role::SwvConsultant,
        Role::PolicyMaker,
        Role::Facilitator,
        Role::OrgAdmin,
        Role::PrivacyOfficer,
    ];

    /// The stable code stored in the database and used in URLs and the CLI.
    pub fn code(self) -> &'static str {
        match self {
            Role::Coordinator => "coordinator",
            Role::Teacher => "teacher",
            Role::CareWorker => "care_worker",
            Role::WijkteamCoach => "wijkteam_coach",
            Role::YouthHealth => "youth_health",
            Role::AttendanceOfficer => "attendance_officer",
            Role::SwvConsultant => "swv_consultant",
            Role::PolicyMaker => "policy_maker",
            Role::Facilitator => "facilitator",
            Role::OrgAdmin => "org_admin",
            Role::PrivacyOfficer => "privacy_officer",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The Fluent message id of the role's display name.
    pub fn message_id(self) -> String {
        format!("role-{}", self.code().replace('_', "-"))
    }

    /// Roles that work with individual children's support. Only these may be
    /// case-team members on a legal task, or break the glass in an emergency.
    pub fn is_support_role(self) -> bool {
        matches!(
            self,
            Role::Coordinator
                | Role::CareWorker
                | Role::WijkteamCoach
                | Role::YouthHealth
                | Role::AttendanceOfficer
                | Role::SwvConsultant
        )
    }

    /// Roles whose holders see children's files at all (as team members).
    pub fn works_with_children(self) -> bool {
        self.is_support_role() || self == Role::Teacher
    }
}

impl TryFrom<String> for Role {
    type Error = String;
    fn try_from(code: String) -> Result<Self, Self::Error> {
        Role::from_code(&code).ok_or_else(|| format!("unknown role '{code}'"))
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
            assert!(seen.insert(role.code()), "duplicate code {}", role.code());
        }
        assert_eq!(Role::from_code("admin"), None);
    }

    #[test]
    fn administrators_and_policy_makers_are_not_support_roles() {
        for role in [
            Role::OrgAdmin,
            Role::PolicyMaker,
            Role::PrivacyOfficer,
            Role::Facilitator,
        ] {
            assert!(!role.is_support_role());
            assert!(!role.works_with_children());
        }
        assert!(Role::Teacher.works_with_children());
        assert!(!Role::Teacher.is_support_role());
    }
}
