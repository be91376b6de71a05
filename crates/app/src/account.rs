//! A user's own account: active sessions, logging out everywhere.

use brug_domain::audit::{AuditAction, AuditEvent, Outcome};
use brug_store::sessions::{self, Session};

use crate::{App, AppError, Ctx};

/// A session as its owner sees it.
#[derive(Debug, Clone)]
pub struct SessionView {
    pub created_at: time::OffsetDateTime,
    pub last_seen_at: time::OffsetDateTime,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub current: bool,
}

pub async fn sessions(app: &App, ctx: &Ctx) -> Result<Vec<SessionView>, AppError> {
    let rows: Vec<Session> = sessions::of_user(&app.db, ctx.user_id.0, app.now()).await?;
    Ok(rows
        .into_iter()
        .map(|s| SessionView {
            created_at: s.created_at.get(),
            last_seen_at: s.last_seen_at.get(),
            current: ctx.session_id.as_deref() == Some(s.id.as_str()),
            ip: s.ip,
            user_agent: s.user_agent,
        })
        .collect())
}

/// End every session of this user, this one included; returns how many.
pub async fn log_out_everywhere(app: &App, ctx: &Ctx) -> Result<u64, AppError> {
    let ended = sessions::delete_all_of_user(&app.db, ctx.user_id.0).await?;
    app.audit
        .record(AuditEvent {
            occurred_at: app.clock.now(),
            actor: ctx.audit_actor(None),
            pupil: None,
            action: AuditAction::Logout,
            resource_type: "session".into(),
            resource_id: None,
            fields: vec![format!("sessions={ended}")],
            origin: ctx.audit_origin(),
            basis: "own_sessions".into(),
            outcome: Outcome::Allowed,
            break_glass: false,
        })
        .await
        .map_err(|e| AppError::AuditUnavailable(e.to_string()))?;
    Ok(ended)
}
