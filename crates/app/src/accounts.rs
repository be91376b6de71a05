//! Creating and listing accounts (CLI and administrators).

use brug_domain::roles::Role;
use brug_domain::text::{self, Email};
use brug_store::{registry, users};

use crate::crypto::{MIN_PASSWORD_CHARS, hash_password};
use crate::{App, AppError, FieldErrors};

#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: String,
    pub name: String,
    /// Organisation id, or its BRIN / AGB / CBS code.
    pub org: String,
    pub role: String,
    pub password: String,
}

/// Create an account with one role at one organisation.
pub async fn add(app: &App, new: NewAccount) -> Result<i64, AppError> {
    let mut errors = FieldErrors::default();
    let email = match Email::parse(&new.email) {
        Ok(e) => Some(e),
        Err(e) => {
            errors.add_with("email", e.message_id(), e.message_args());
            None
        }
    };
    let name = match text::clean_text(&new.name, text::NAME) {
        Ok(n) => Some(n),
        Err(e) => {
            errors.add_with("name", e.message_id(), e.message_args());
            None
        }
    };
    let role = Role::from_code(new.role.trim());
    if role.is_none() {
        errors.add("role", "error-role-unknown");
    }
    let org = find_org(app, &new.org).await?;
    if org.is_none() {
        errors.add("org", "error-org-unknown");
    }
    if new.password.chars().count() < MIN_PASSWORD_CHARS {
        errors.add_with(
            "password",
            "error-password-too-short",
            vec![("min", MIN_PASSWORD_CHARS.to_string())],
        );
    }
    errors.into_result()?;
    let (Some(email), Some(name), Some(role), Some(org)) = (email, name, role, org) else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let hash = hash_password(new.password).await?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let id = users::insert_user(
        &mut tx,
        &users::NewUser {
            email: email.as_str().to_owned(),
            name,
            password_hash: Some(hash),
            platform_admin: false,
            pupil_id: None,
        },
        now,
    )
    .await
    .map_err(|e| match e {
        brug_store::StoreError::Duplicate(_) => {
            let mut errors = FieldErrors::default();
            errors.add("email", "error-email-taken");
            AppError::Invalid(errors)
        }
        other => other.into(),
    })?;
    users::add_membership(&mut tx, id, org.id, role, now).await?;
    tx.commit().await?;
    Ok(id)
}

async fn find_org(app: &App, key: &str) -> Result<Option<registry::Organisation>, AppError> {
    let key = key.trim();
    if let Ok(id) = key.parse::<i64>()
        && let Some(org) = registry::organisation(&app.db, id).await?
    {
        return Ok(Some(org));
    }
    Ok(registry::organisation_by_code(&app.db, &key.to_uppercase()).await?)
}

pub async fn list(app: &App) -> Result<Vec<users::UserListRow>, AppError> {
    Ok(users::list_users(&app.db).await?)
}
