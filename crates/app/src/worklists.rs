//! Worklists: what needs attention in the cases a professional works on.

use brug_domain::access::{Request, decide};
use brug_domain::audit::AuditAction;
use brug_domain::cases::STALLED_WEEKS;
use brug_domain::consent::EXPIRY_NOTICE_DAYS;
use brug_domain::roles::Role;
use brug_store::worklists::{
    self as store, AgreementLine, CaseLine, ConsentLine, CorrectionLine, EscalationLine,
    EvaluationLine, Scope,
};

use crate::trail::{self, Access};
use crate::{App, AppError, Ctx};

/// Evaluations within this many days count as due.
pub const EVALUATION_HORIZON_DAYS: i64 = 7;
/// Lines per list on the worklist page.
const LIMIT: i64 = 100;

pub struct Worklists {
    pub open: Vec<CaseLine>,
    pub overdue_agreements: Vec<AgreementLine>,
    pub evaluations_due: Vec<EvaluationLine>,
    pub stalled: Vec<CaseLine>,
    pub escalations: Vec<EscalationLine>,
    /// Consents ending within a month, in the cases the user leads or
    /// coordinates (ask the family again in time).
    pub expiring_consents: Vec<ConsentLine>,
    /// The family's correction requests awaiting the lead's answer.
    pub corrections: Vec<CorrectionLine>,
}

impl Worklists {
    /// Whether any list has something needing attention.
    pub fn needs_attention(&self) -> usize {
        self.overdue_agreements.len()
            + self.evaluations_due.len()
            + self.stalled.len()
            + self.escalations.len()
            + self.expiring_consents.len()
            + self.corrections.len()
    }
}

fn scope(app: &App, ctx: &Ctx) -> Scope {
    Scope {
        user_id: ctx.user_id.0,
        coordinator_of: ctx
            .orgs_with_role(Role::Coordinator)
            .iter()
            .map(|m| m.org_id)
            .collect(),
        today: app.clock.today(),
    }
}

/// The worklists of the signed-in professional (one audit event for the
/// page: it shows pupils' names and case titles).
pub async fn mine(app: &App, ctx: &Ctx) -> Result<Worklists, AppError> {
    let decision = decide(&ctx.actor, Request::Worklist);
    trail::enforce(
        app,
        ctx,
        decision,
        Access::new(AuditAction::Read, "worklist", ctx.user_id),
        AppError::Forbidden,
    )
    .await?;
    let scope = scope(app, ctx);
    let today = scope.today;
    Ok(Worklists {
        open: store::open_cases(&app.db, &scope, LIMIT).await?,
        overdue_agreements: store::overdue_agreements(&app.db, &scope, LIMIT).await?,
        evaluations_due: store::evaluations_due(
            &app.db,
            &scope,
            today + time::Duration::days(EVALUATION_HORIZON_DAYS),
            LIMIT,
        )
        .await?,
        stalled: store::stalled_cases(
            &app.db,
            &scope,
            today - time::Duration::weeks(STALLED_WEEKS),
            LIMIT,
        )
        .await?,
        escalations: store::escalations_past_deadline(&app.db, &scope, LIMIT).await?,
        expiring_consents: store::expiring_consents(
            &app.db,
            &scope,
            today + time::Duration::days(EXPIRY_NOTICE_DAYS),
            LIMIT,
        )
        .await?,
        corrections: store::open_corrections(&app.db, &scope, LIMIT).await?,
    })
}

/// Counts for the start page tiles (no names: not logged as personal data).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub open: usize,
    pub overdue_agreements: usize,
    pub evaluations_due: usize,
    pub stalled: usize,
    pub escalations: usize,
    pub expiring_consents: usize,
    pub corrections: usize,
}

pub async fn counts(app: &App, ctx: &Ctx) -> Result<Option<Counts>, AppError> {
    if !decide(&ctx.actor, Request::Worklist).is_allowed() {
        return Ok(None);
    }
    let scope = scope(app, ctx);
    let today = scope.today;
    let big = 500;
    Ok(Some(Counts {
        open: store::open_cases(&app.db, &scope, big).await?.len(),
        overdue_agreements: store::overdue_agreements(&app.db, &scope, big).await?.len(),
        evaluations_due: store::evaluations_due(
            &app.db,
            &scope,
            today + time::Duration::days(EVALUATION_HORIZON_DAYS),
            big,
        )
        .await?
        .len(),
        stalled: store::stalled_cases(
            &app.db,
            &scope,
            today - time::Duration::weeks(STALLED_WEEKS),
            big,
        )
        .await?
        .len(),
        escalations: store::escalations_past_deadline(&app.db, &scope, big)
            .await?
            .len(),
        expiring_consents: store::expiring_consents(
            &app.db,
            &scope,
            today + time::Duration::days(EXPIRY_NOTICE_DAYS),
            big,
        )
        .await?
        .len(),
        corrections: store::open_corrections(&app.db, &scope, big).await?.len(),
    }))
}
