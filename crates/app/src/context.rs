//! Who is acting, and from where: built once per request from the session.

use brug_domain::access::Actor;
use brug_domain::audit::{AuditActor, AuditOrigin};
use brug_domain::ids::{OrgId, UserId};
use brug_domain::roles::Role;
use brug_store::users::Membership;

/// Where a request came from, for the audit log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// The signed-in user of one request.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub actor: Actor,
    pub memberships: Vec<Membership>,
    pub origin: Origin,
    /// The stored session id (a hash of the cookie); `None` for the CLI.
    pub session_id: Option<String>,
    pub locale: Option<String>,
    pub totp_enabled: bool,
    pub second_factor_done: bool,
}

impl Ctx {
    /// A short, non-secret reference to the session for the audit log.
    pub fn session_ref(&self) -> Option<String> {
        self.session_id
            .as_ref()
            .map(|id| id.chars().take(16).collect())
    }

    pub fn audit_origin(&self) -> AuditOrigin {
        AuditOrigin {
            session: self.session_ref(),
            ip: self.origin.ip.clone(),
            user_agent: self.origin.user_agent.clone(),
        }
    }

    /// The actor as the log records it, in the capacity of `role` at `org`
    /// when the access was based on one, else the first role held.
    pub fn audit_actor(&self, capacity: Option<(OrgId, Role)>) -> AuditActor {
        let (org, role) = match capacity {
            Some((org, role)) => (Some(org), Some(role.code().to_owned())),
            None => match self.memberships.first() {
                Some(m) => (Some(OrgId(m.org_id)), Some(m.role.code().to_owned())),
                None if !self.actor.guardian_of.is_empty() => (None, Some("guardian".into())),
                None if self.actor.own_pupil.is_some() => (None, Some("pupil".into())),
                None if self.actor.platform_admin => (None, Some("platform_admin".into())),
                None => (None, None),
            },
        };
        AuditActor {
            user: Some(self.user_id),
            name: self.name.clone(),
            role,
            org,
        }
    }

    /// Organisations where this user holds `role`.
    pub fn orgs_with_role(&self, role: Role) -> Vec<&Membership> {
        self.memberships.iter().filter(|m| m.role == role).collect()
    }

    pub fn is_professional(&self) -> bool {
        !self.memberships.is_empty()
    }

    /// Every professional and administrator signs in with a second factor;
    /// parents and pupils may opt in.
    pub fn needs_second_factor(&self) -> bool {
        self.is_professional() || self.actor.platform_admin || self.totp_enabled
    }
}
