//! Building and recording audit events for the use cases.

use brug_domain::access::{Basis, Decision};
use brug_domain::audit::{AuditAction, AuditEvent, Outcome};
use brug_domain::ids::{OrgId, PupilId};
use brug_domain::roles::Role;

use crate::{App, AppError, Ctx};

/// What was accessed.
pub(crate) struct Access<'a> {
    pub pupil: Option<PupilId>,
    pub action: AuditAction,
    pub resource_type: &'a str,
    pub resource_id: Option<String>,
    pub fields: Vec<String>,
}

impl<'a> Access<'a> {
    pub fn new(action: AuditAction, resource_type: &'a str, resource_id: impl ToString) -> Self {
        Access {
            pupil: None,
            action,
            resource_type,
            resource_id: Some(resource_id.to_string()),
            fields: Vec::new(),
        }
    }

    pub fn of_pupil(mut self, pupil: PupilId) -> Self {
        self.pupil = Some(pupil);
        self
    }
}

/// The capacity (organisation and role) the access was made in.
fn capacity(ctx: &Ctx, decision: &Decision) -> Option<(OrgId, Role)> {
    match decision {
        Decision::Allow(Basis::OrgRole { org, role }) => Some((*org, *role)),
        Decision::Allow(Basis::SchoolTask { school }) => Some((*school, Role::Coordinator)),
        Decision::Allow(Basis::TeamMember { .. } | Basis::BreakGlass { .. }) => ctx
            .memberships
            .iter()
            .find(|m| m.role.works_with_children())
            .map(|m| (OrgId(m.org_id), m.role)),
        _ => None,
    }
}

pub(crate) fn event(app: &App, ctx: &Ctx, decision: &Decision, access: Access<'_>) -> AuditEvent {
    let (basis, outcome, break_glass) = match decision {
        Decision::Allow(basis) => (basis.describe(), Outcome::Allowed, basis.is_break_glass()),
        Decision::Deny(denial) => (format!("denied:{}", denial.code()), Outcome::Denied, false),
    };
    AuditEvent {
        occurred_at: app.clock.now(),
        actor: ctx.audit_actor(capacity(ctx, decision)),
        pupil: access.pupil,
        action: access.action,
        resource_type: access.resource_type.to_owned(),
        resource_id: access.resource_id,
        fields: access.fields,
        origin: ctx.audit_origin(),
        basis,
        outcome,
        break_glass,
    }
}

/// Record the decision and wait until the event is durable. A refused access
/// is logged too, then answered as "not found" (pupils) or "forbidden".
pub(crate) async fn record(
    app: &App,
    ctx: &Ctx,
    decision: &Decision,
    access: Access<'_>,
) -> Result<(), AppError> {
    let ev = event(app, ctx, decision, access);
    app.audit
        .record(ev)
        .await
        .map_err(|e| AppError::AuditUnavailable(e.to_string()))?;
    Ok(())
}

/// Append the event of an allowed write inside the write's own transaction,
/// so the change and its log line commit together or not at all.
pub(crate) async fn append_in_tx(
    app: &App,
    ctx: &Ctx,
    tx: &mut brug_store::Tx,
    decision: &Decision,
    access: Access<'_>,
) -> Result<(), AppError> {
    let ev = event(app, ctx, decision, access);
    brug_store::audit::append_in_tx(tx, &[ev]).await?;
    Ok(())
}

/// Log a decision and turn a denial into the error the caller shows.
pub(crate) async fn enforce(
    app: &App,
    ctx: &Ctx,
    decision: Decision,
    access: Access<'_>,
    denied: AppError,
) -> Result<Basis, AppError> {
    record(app, ctx, &decision, access).await?;
    match decision {
        Decision::Allow(basis) => Ok(basis),
        Decision::Deny(_) => Err(denied),
    }
}
