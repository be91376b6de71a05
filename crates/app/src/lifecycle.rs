//! Account lifecycle: invitations by email link, password reset,
//! deactivation (sessions end at once), and mail through the outbox.

use brug_domain::access::{OrgAction, Request, decide};
use brug_domain::audit::AuditAction;
use brug_domain::ids::{OrgId, UserId};
use brug_domain::roles::Role;
use brug_domain::text::{self, Email};
use brug_store::lifecycle::{self as store, NewMail, OrgUser};
use brug_store::{StoreError, Ts, users};

use crate::crypto::{MIN_PASSWORD_CHARS, hash_password, random_token, sha256_hex};
use crate::trail::{self, Access};
use crate::{App, AppError, Ctx, FieldErrors};

/// How long links stay valid.
const INVITE_DAYS: i64 = 7;
const RESET_HOURS: i64 = 2;

pub const INVITE: &str = "invite";
pub const RESET: &str = "reset";

async fn may_manage(
    app: &App,
    ctx: &Ctx,
    org: OrgId,
    action: AuditAction,
    target: impl ToString,
) -> Result<(), AppError> {
    let decision = decide(
        &ctx.actor,
        Request::Organisation {
            org,
            action: OrgAction::ManageUsers,
        },
    );
    let access = Access::new(action, "account", target);
    trail::enforce(app, ctx, decision, access, AppError::Forbidden).await?;
    Ok(())
}

pub async fn org_users(app: &App, ctx: &Ctx, org: OrgId) -> Result<Vec<OrgUser>, AppError> {
    may_manage(app, ctx, org, AuditAction::Read, format!("org:{org}")).await?;
    Ok(store::users_of_org(&app.db, org.0).await?)
}

#[derive(Debug, Clone, Default)]
pub struct InviteForm {
    pub email: String,
    pub name: String,
    pub role: String,
}

/// Invite a person to a role at the organisation: creates the account
/// without a password (or adds the role to an existing account) and queues
/// the mail with a single-use link.
pub async fn invite(
    app: &App,
    ctx: &Ctx,
    org: OrgId,
    form: &InviteForm,
    base_url: &str,
) -> Result<UserId, AppError> {
    may_manage(app, ctx, org, AuditAction::Create, form.email.trim()).await?;
    let mut errors = FieldErrors::default();
    let email = Email::parse(&form.email)
        .map_err(|e| errors.add_with("email", e.message_id(), e.message_args()))
        .ok();
    let name = text::clean_text(&form.name, text::NAME)
        .map_err(|e| errors.add_with("name", e.message_id(), e.message_args()))
        .ok();
    let role = Role::from_code(&form.role);
    if role.is_none() {
        errors.add("role", "error-role-unknown");
    }
    errors.into_result()?;
    let (Some(email), Some(name), Some(role)) = (email, name, role) else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let now = app.now();
    let existing = users::user_by_email(&app.db, email.as_str()).await?;
    let mut tx = app.db.begin().await?;
    let user_id = match &existing {
        Some(u) => u.id,
        None => users::insert_user(
            &mut tx,
            &users::NewUser {
                email: email.as_str().to_owned(),
                name,
                password_hash: None,
                platform_admin: false,
                pupil_id: None,
            },
            now,
        )
        .await
        .map_err(|e| match e {
            StoreError::Duplicate(_) => {
                let mut errors = FieldErrors::default();
                errors.add("email", "error-email-taken");
                AppError::Invalid(errors)
            }
            other => other.into(),
        })?,
    };
    users::add_membership(&mut tx, user_id, org.0, role, now).await?;
    let needs_password = existing.as_ref().is_none_or(|u| u.password_hash.is_none());
    if needs_password {
        let token = random_token();
        let expires = Ts::new(now.get() + time::Duration::days(INVITE_DAYS));
        store::insert_token(&mut tx, user_id, INVITE, &sha256_hex(&token), now, expires).await?;
        store::queue_mail(
            &mut tx,
            &NewMail {
                to_email: email.as_str().to_owned(),
                kind: INVITE.into(),
                subject: "Uitnodiging voor Brug".into(),
                body: format!(
                    "U bent uitgenodigd voor Brug, het samenwerkingsplatform voor onderwijs en jeugdhulp.\n\n\
                     Kies uw wachtwoord via deze link (7 dagen geldig):\n{base_url}/invite/{token}\n\n\
                     Verwachtte u deze uitnodiging niet? Dan kunt u deze e-mail negeren."
                ),
                created_by_user_id: Some(ctx.user_id.0),
                org_id: Some(org.0),
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(UserId(user_id))
}

/// What an invite or reset link leads to, for its form.
#[derive(Debug, Clone)]
pub struct LinkTarget {
    pub email: String,
    pub name: String,
    pub purpose: String,
}

/// A link is valid when unused and not expired; else `NotFound` (expired
/// links and never-issued links look the same).
pub async fn check_link(app: &App, token: &str, purpose: &str) -> Result<LinkTarget, AppError> {
    let row = store::find_token(&app.db, &sha256_hex(token))
        .await?
        .filter(|t| t.purpose == purpose && t.used_at.is_none() && t.expires_at > app.now())
        .ok_or(AppError::NotFound)?;
    let user = users::user(&app.db, row.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !user.active {
        return Err(AppError::NotFound);
    }
    Ok(LinkTarget {
        email: user.email,
        name: user.name,
        purpose: row.purpose,
    })
}

/// Set the password through an invite or reset link (the link works once).
pub async fn set_password_by_link(
    app: &App,
    token: &str,
    purpose: &str,
    password: &str,
    repeat: &str,
) -> Result<UserId, AppError> {
    let mut errors = FieldErrors::default();
    if password.chars().count() < MIN_PASSWORD_CHARS {
        errors.add_with(
            "password",
            "error-password-too-short",
            vec![("min", MIN_PASSWORD_CHARS.to_string())],
        );
    } else if password != repeat {
        errors.add("repeat", "error-password-mismatch");
    }
    errors.into_result()?;
    check_link(app, token, purpose).await?;
    let row = store::find_token(&app.db, &sha256_hex(token))
        .await?
        .ok_or(AppError::NotFound)?;
    let hash = hash_password(password.to_owned()).await?;
    let mut tx = app.db.begin().await?;
    if !store::consume_token(&mut tx, row.id, app.now()).await? {
        return Err(AppError::NotFound);
    }
    store::set_password(&mut tx, row.user_id, &hash).await?;
    tx.commit().await?;
    // A new password ends every existing session of the account.
    brug_store::sessions::delete_all_of_user(&app.db, row.user_id).await?;
    Ok(UserId(row.user_id))
}

/// Ask for a reset link. The answer never says whether the address exists.
pub async fn request_reset(app: &App, email: &str, base_url: &str) -> Result<(), AppError> {
    let Ok(email) = Email::parse(email) else {
        return Ok(());
    };
    let Some(user) = users::user_by_email(&app.db, email.as_str()).await? else {
        return Ok(());
    };
    if !user.active {
        return Ok(());
    }
    let now = app.now();
    let token = random_token();
    let expires = Ts::new(now.get() + time::Duration::hours(RESET_HOURS));
    let mut tx = app.db.begin().await?;
    store::insert_token(&mut tx, user.id, RESET, &sha256_hex(&token), now, expires).await?;
    store::queue_mail(
        &mut tx,
        &NewMail {
            to_email: user.email.clone(),
            kind: RESET.into(),
            subject: "Nieuw wachtwoord voor Brug".into(),
            body: format!(
                "Er is gevraagd om een nieuw wachtwoord voor uw Brug-account.\n\n\
                 Kies een nieuw wachtwoord via deze link (2 uur geldig):\n{base_url}/password/reset/{token}\n\n\
                 Heeft u dit niet gevraagd? Dan kunt u deze e-mail negeren; uw wachtwoord blijft hetzelfde."
            ),
            created_by_user_id: None,
            org_id: None,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Deactivate or reactivate an account of the organisation. A deactivated
/// user's sessions end at once.
pub async fn set_active(
    app: &App,
    ctx: &Ctx,
    org: OrgId,
    user: UserId,
    active: bool,
) -> Result<(), AppError> {
    let members = store::users_of_org(&app.db, org.0).await?;
    may_manage(app, ctx, org, AuditAction::Update, user).await?;
    if !members.iter().any(|m| m.id == user.0) {
        return Err(AppError::NotFound);
    }
    if user == ctx.user_id && !active {
        return Err(AppError::Conflict("you cannot deactivate yourself".into()));
    }
    let mut tx = app.db.begin().await?;
    store::set_active(&mut tx, user.0, active, app.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// The outbox: for a platform administrator all mail, for an organisation's
/// administrator the mail of that organisation. Links are masked: a reset link
/// always (it would let an administrator take over someone's account), an
/// invitation link unless Brug has no mail server (then the administrator
/// passes the invitation on by hand, as the outbox is the only way to deliver it).
pub async fn outbox(
    app: &App,
    ctx: &Ctx,
    org: Option<OrgId>,
    smtp_configured: bool,
) -> Result<Vec<store::Mail>, AppError> {
    let mails = match org {
        None if ctx.actor.platform_admin => store::list_mail(&app.db, None, 100).await?,
        None => return Err(AppError::Forbidden),
        Some(org) => {
            may_manage(app, ctx, org, AuditAction::Read, format!("outbox:{org}")).await?;
            store::list_mail(&app.db, Some(org.0), 100).await?
        }
    };
    Ok(mails
        .into_iter()
        .map(|mut m| {
            let reveal = m.kind == INVITE && !smtp_configured;
            if !reveal {
                m.body = mask_links(&m.body);
            }
            m
        })
        .collect())
}

/// Replace the secret part of invitation and reset links.
pub fn mask_links(body: &str) -> String {
    body.split('\n')
        .map(|line| {
            for marker in ["/invite/", "/password/reset/"] {
                if let Some(pos) = line.find(marker) {
                    return format!("{}{marker}••••••••", &line[..pos]);
                }
            }
            line.to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::mask_links;

    #[test]
    fn links_lose_their_token_and_nothing_else() {
        let body = "Hallo\nhttps://brug.example/password/reset/abcDEF123\nhttps://brug.example/invite/xyz\nGroet";
        let masked = mask_links(body);
        assert!(!masked.contains("abcDEF123") && !masked.contains("xyz"));
        assert!(masked.starts_with("Hallo\nhttps://brug.example/password/reset/"));
        assert!(masked.ends_with("\nGroet"));
    }
}
