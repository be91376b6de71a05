//! Signing in and out, and turning a session cookie into a [`Ctx`].

use brug_domain::access::{Actor, Grant};
use brug_domain::audit::{AuditAction, AuditActor, AuditEvent, AuditOrigin, Outcome};
use brug_domain::ids::{OrgId, PupilId, UserId};
use brug_domain::text::Email;
use brug_store::{Ts, registry, sessions, users};

use crate::crypto::{random_token, sha256_hex, verify_password};
use crate::{App, AppError, Ctx, FieldErrors, Origin};

/// A new session: the token goes into the cookie, only its hash is stored.
#[derive(Debug)]
pub struct NewSession {
    pub token: String,
    pub user_id: UserId,
    pub needs_second_factor: bool,
}

/// The stored id of a session token.
pub fn session_id(token: &str) -> String {
    sha256_hex(token)
}

/// Check email and password, with throttling; on success open a session.
pub async fn login(
    app: &App,
    email: &str,
    password: &str,
    origin: &Origin,
) -> Result<NewSession, AppError> {
    let now = app.now();
    let email_key = Email::parse(email)
        .map(|e| e.as_str().to_owned())
        .unwrap_or_else(|_| email.trim().to_lowercase());
    let since = Ts::new(now.get() - app.settings.login_window);
    let by_email = sessions::recent_failures(&app.db, &email_key, since).await?;
    let by_ip = match origin.ip.as_deref() {
        Some(ip) => sessions::recent_failures_from_ip(&app.db, ip, since).await?,
        None => 0,
    };
    if by_email >= app.settings.login_max_failures
        || by_ip >= app.settings.login_max_failures_per_ip
    {
        record_login(
            app,
            None,
            &email_key,
            origin,
            AuditAction::LoginFailed,
            "throttled",
        )
        .await?;
        return Err(AppError::Throttled {
            minutes: app.settings.login_window.as_secs().div_ceil(60),
        });
    }
    let user = users::user_by_email(&app.db, &email_key).await?;
    let stored_hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let password_ok = verify_password(stored_hash, password.to_owned()).await;
    let user = match user {
        Some(u) if password_ok && u.active => u,
        _ => {
            sessions::record_login_attempt(&app.db, &email_key, origin.ip.as_deref(), now, false)
                .await?;
            record_login(
                app,
                None,
                &email_key,
                origin,
                AuditAction::LoginFailed,
                "bad_credentials",
            )
            .await?;
            let mut errors = FieldErrors::default();
            errors.add("password", "login-failed");
            return Err(AppError::Invalid(errors));
        }
    };
    sessions::record_login_attempt(&app.db, &email_key, origin.ip.as_deref(), now, true).await?;
    let memberships = users::memberships(&app.db, user.id).await?;
    let needs_second_factor = !memberships.is_empty() || user.platform_admin || user.totp_enabled;
    let token = random_token();
    let id = session_id(&token);
    sessions::insert(
        &app.db,
        &sessions::Session {
            id: id.clone(),
            user_id: user.id,
            created_at: now,
            last_seen_at: now,
            expires_at: Ts::new(now.get() + app.settings.session_idle),
            second_factor_done: !needs_second_factor,
            ip: origin.ip.clone(),
            user_agent: origin.user_agent.clone(),
        },
    )
    .await?;
    let session_ref: String = id.chars().take(16).collect();
    record_login(
        app,
        Some((UserId(user.id), user.name.clone(), Some(session_ref))),
        &email_key,
        origin,
        AuditAction::Login,
        "password",
    )
    .await?;
    Ok(NewSession {
        token,
        user_id: UserId(user.id),
        needs_second_factor,
    })
}

async fn record_login(
    app: &App,
    user: Option<(UserId, String, Option<String>)>,
    email: &str,
    origin: &Origin,
    action: AuditAction,
    detail: &str,
) -> Result<(), AppError> {
    let (user_id, name, session) = match user {
        Some((id, name, session)) => (Some(id), name, session),
        None => (None, email.to_owned(), None),
    };
    let outcome = if action == AuditAction::Login {
        Outcome::Allowed
    } else {
        Outcome::Denied
    };
    app.audit
        .record(AuditEvent {
            occurred_at: app.clock.now(),
            actor: AuditActor {
                user: user_id,
                name,
                role: None,
                org: None,
            },
            pupil: None,
            action,
            resource_type: "session".into(),
            resource_id: None,
            fields: Vec::new(),
            origin: AuditOrigin {
                session,
                ip: origin.ip.clone(),
                user_agent: origin.user_agent.clone(),
            },
            basis: detail.into(),
            outcome,
            break_glass: false,
        })
        .await
        .map_err(|e| AppError::AuditUnavailable(e.to_string()))?;
    Ok(())
}

/// The signed-in user behind a session cookie, or `None` when the session
/// is unknown, expired (idle or absolute) or its user deactivated.
pub async fn resume(app: &App, token: &str, origin: Origin) -> Result<Option<Ctx>, AppError> {
    let id = session_id(token);
    let now = app.now();
    let Some((session, user)) = sessions::find_live_with_user(&app.db, &id, now).await? else {
        return Ok(None);
    };
    if session.created_at.get() + app.settings.session_max <= now.get() {
        sessions::delete(&app.db, &id).await?;
        return Ok(None);
    }
    // Slide the idle deadline, at most once a minute per session.
    if now.get() - session.last_seen_at.get() >= time::Duration::minutes(1) {
        let expires = Ts::new(now.get() + app.settings.session_idle);
        sessions::touch(&app.db, &id, now, expires).await?;
    }
    let ctx = build_ctx(app, user, Some(id), session.second_factor_done, origin).await?;
    Ok(Some(ctx))
}

/// The context of a user acting outside a web session (CLI, tests).
pub async fn ctx_for_user(app: &App, user_id: UserId) -> Result<Ctx, AppError> {
    let user = users::user(&app.db, user_id.0)
        .await?
        .ok_or(AppError::NotFound)?;
    build_ctx(app, user, None, true, Origin::default()).await
}

async fn build_ctx(
    app: &App,
    user: users::User,
    session_id: Option<String>,
    second_factor_done: bool,
    origin: Origin,
) -> Result<Ctx, AppError> {
    let memberships = users::memberships(&app.db, user.id).await?;
    let guardian_of = registry::pupils_of_guardian_user(&app.db, user.id).await?;
    let actor = Actor {
        user: Some(UserId(user.id)),
        grants: memberships
            .iter()
            .map(|m| Grant {
                org: OrgId(m.org_id),
                role: m.role,
            })
            .collect(),
        platform_admin: user.platform_admin,
        guardian_of: guardian_of.into_iter().map(PupilId).collect(),
        own_pupil: user.pupil_id.map(PupilId),
    };
    Ok(Ctx {
        user_id: UserId(user.id),
        name: user.name,
        email: user.email,
        actor,
        memberships,
        origin,
        session_id,
        locale: user.locale,
        totp_enabled: user.totp_enabled,
        second_factor_done,
    })
}

/// End the session behind a cookie.
pub async fn logout(app: &App, ctx: &Ctx) -> Result<(), AppError> {
    if let Some(id) = &ctx.session_id {
        sessions::delete(&app.db, id).await?;
    }
    app.audit
        .record(AuditEvent {
            occurred_at: app.clock.now(),
            actor: ctx.audit_actor(None),
            pupil: None,
            action: AuditAction::Logout,
            resource_type: "session".into(),
            resource_id: None,
            fields: Vec::new(),
            origin: ctx.audit_origin(),
            basis: "own_session".into(),
            outcome: Outcome::Allowed,
            break_glass: false,
        })
        .await
        .map_err(|e| AppError::AuditUnavailable(e.to_string()))?;
    Ok(())
}
