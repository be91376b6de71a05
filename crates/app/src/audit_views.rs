//! Reading the audit log: a family's "who looked at my child's file", a
//! user's own recent access, and the privacy officer's search. Reading the
//! log is itself logged.

use std::collections::HashMap;

use brug_domain::access::{OrgAction, PupilAction, Request, decide};
use brug_domain::audit::{AuditAction, Outcome};
use brug_domain::ids::{OrgId, PupilId};
use brug_store::audit::{self, AuditQuery};
use brug_store::{Page, registry};
use time::OffsetDateTime;

use crate::trail::{self, Access};
use crate::{App, AppError, Ctx};

/// One line of an access log, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub seq: i64,
    pub at: OffsetDateTime,
    pub actor_name: String,
    pub actor_role: Option<String>,
    pub actor_org: Option<String>,
    pub pupil: Option<PupilId>,
    pub action: AuditAction,
    pub resource_type: String,
    pub resource_id: Option<String>,
    pub basis: String,
    pub outcome: Outcome,
    pub break_glass: bool,
    pub ip: Option<String>,
}

async fn entries(
    app: &App,
    page: Page<audit::StoredEvent>,
) -> Result<(Vec<LogEntry>, i64), AppError> {
    let mut org_ids: Vec<i64> = page
        .rows
        .iter()
        .filter_map(|e| e.event.actor.org.map(|o| o.0))
        .collect();
    org_ids.sort_unstable();
    org_ids.dedup();
    let names: HashMap<i64, String> = registry::organisations_by_ids(&app.db, &org_ids)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let rows = page
        .rows
        .into_iter()
        .map(|s| LogEntry {
            seq: s.seq,
            at: s.event.occurred_at,
            actor_name: s.event.actor.name,
            actor_role: s.event.actor.role,
            actor_org: s.event.actor.org.and_then(|o| names.get(&o.0).cloned()),
            pupil: s.event.pupil,
            action: s.event.action,
            resource_type: s.event.resource_type,
            resource_id: s.event.resource_id,
            basis: s.event.basis,
            outcome: s.event.outcome,
            break_glass: s.event.break_glass,
            ip: s.event.origin.ip,
        })
        .collect();
    Ok((rows, page.total))
}

/// Who viewed or changed this pupil's file (for the family; the policy decides who).
pub async fn pupil_access_log(
    app: &App,
    ctx: &Ctx,
    pupil: PupilId,
    offset: i64,
    limit: i64,
) -> Result<(Vec<LogEntry>, i64), AppError> {
    let facts = crate::pupils::facts(app, pupil).await?;
    let decision = match &facts {
        Some(f) => decide(
            &ctx.actor,
            Request::Pupil {
                facts: f,
                action: PupilAction::ViewAccessLog,
                break_glass: None,
            },
        ),
        None => brug_domain::access::Decision::Deny(brug_domain::access::Denial::NoRelation),
    };
    let access = Access::new(AuditAction::Read, "access_log", pupil).of_pupil(pupil);
    trail::enforce(app, ctx, decision, access, AppError::NotFound).await?;
    let page = audit::search(
        &app.db,
        &AuditQuery {
            pupil: Some(pupil.0),
            offset,
            limit,
            ..AuditQuery::default()
        },
    )
    .await?;
    entries(app, page).await
}

/// The signed-in user's own recent access to personal data.
pub async fn my_access(
    app: &App,
    ctx: &Ctx,
    offset: i64,
    limit: i64,
) -> Result<(Vec<LogEntry>, i64), AppError> {
    let page = audit::search(
        &app.db,
        &AuditQuery {
            actor_user: Some(ctx.user_id.0),
            pupil_events_only: true,
            offset,
            limit,
            ..AuditQuery::default()
        },
    )
    .await?;
    entries(app, page).await
}

/// Filters of the privacy officer's search.
#[derive(Debug, Clone, Default)]
pub struct OrgLogFilter {
    pub pupil: Option<i64>,
    pub user: Option<i64>,
    pub action: Option<AuditAction>,
    pub from: Option<time::Date>,
    pub until: Option<time::Date>,
    pub break_glass_only: bool,
    pub offset: i64,
    pub limit: i64,
}

/// The privacy officer searches events by the organisation's staff and about
/// its pupils. The search itself is logged, with its filters.
pub async fn search_org_log(
    app: &App,
    ctx: &Ctx,
    org: OrgId,
    f: &OrgLogFilter,
) -> Result<(Vec<LogEntry>, i64), AppError> {
    let action = if f.break_glass_only {
        OrgAction::ReviewBreakGlass
    } else {
        OrgAction::ViewAuditLog
    };
    let decision = decide(&ctx.actor, Request::Organisation { org, action });
    let mut access = Access::new(AuditAction::Read, "audit_log", org);
    access.fields = [
        f.pupil.map(|p| format!("pupil={p}")),
        f.user.map(|u| format!("user={u}")),
        f.action.map(|a| format!("action={}", a.code())),
        f.from.map(|d| format!("from={d}")),
        f.until.map(|d| format!("until={d}")),
        f.break_glass_only.then(|| "break_glass".to_owned()),
    ]
    .into_iter()
    .flatten()
    .collect();
    trail::enforce(app, ctx, decision, access, AppError::Forbidden).await?;
    let midnight =
        |d: time::Date| brug_store::Ts::new(brug_domain::registry::amsterdam_midnight(d));
    let page = audit::search(
        &app.db,
        &AuditQuery {
            pupil: f.pupil,
            actor_user: f.user,
            org_scope: Some(org.0),
            action: f.action,
            from: f.from.map(midnight),
            until: f.until.and_then(|d| d.next_day()).map(midnight),
            break_glass_only: f.break_glass_only,
            offset: f.offset,
            limit: f.limit,
            ..AuditQuery::default()
        },
    )
    .await?;
    entries(app, page).await
}

/// Break-glass openings of a pupil's file in the last 90 days, for the case
/// lead (the privacy officer sees them in the organisation's log).
pub async fn break_glass_of_pupil(app: &App, pupil: PupilId) -> Result<Vec<LogEntry>, AppError> {
    let since = brug_store::Ts::new(app.clock.now() - time::Duration::days(90));
    let page = audit::search(
        &app.db,
        &AuditQuery {
            pupil: Some(pupil.0),
            break_glass_only: true,
            from: Some(since),
            limit: 50,
            ..AuditQuery::default()
        },
    )
    .await?;
    Ok(entries(app, page).await?.0)
}
