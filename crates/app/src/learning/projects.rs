//! Projects (programmes such as "Samen op School") that networks belong to,
//! and the factsheets of a project and of a theme over all networks. They
//! hold no personal data (no member names, no owners of actions): every
//! signed-in user reads them, and they are not logged.

use brug_domain::access::LearningAction;
use brug_domain::audit::AuditAction;
use brug_domain::learning::Theme;
use brug_domain::text;
use brug_store::learning::{self as store, NetworkRow, ProjectRow};

use super::{Factsheet, FactsheetOf, ask, factsheet_of, text_field, validated};
use crate::trail::{self, Access};
use crate::{App, AppError, Ctx, FieldErrors};

fn may_browse(ctx: &Ctx) -> Result<(), AppError> {
    if ask(ctx, None, LearningAction::Browse).is_allowed() {
        Ok(())
    } else {
        Err(AppError::Unauthenticated)
    }
}

/// Every project, with how many networks it has.
pub async fn projects(app: &App, ctx: &Ctx) -> Result<Vec<ProjectRow>, AppError> {
    may_browse(ctx)?;
    Ok(store::projects(&app.db).await?)
}

#[derive(Debug, Clone, Default)]
pub struct ProjectForm {
    pub name: String,
    pub description: String,
}

/// Start a project: facilitators, like networks. The same name twice
/// (case-insensitive) is refused.
pub async fn create_project(app: &App, ctx: &Ctx, form: &ProjectForm) -> Result<i64, AppError> {
    let decision = ask(ctx, None, LearningAction::CreateNetwork);
    if !decision.is_allowed() {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let name = text_field(&mut errors, "project_name", &form.name, text::SHORT_TEXT);
    let description = text::clean_optional(&form.description, text::LONG_TEXT)
        .map_err(|e| errors.add_with("project_description", e.message_id(), e.message_args()))
        .ok();
    errors.into_result()?;
    let mut tx = app.db.begin().await?;
    let id = store::insert_project(
        &mut tx,
        &validated(name)?,
        &validated(description)?.unwrap_or_default(),
        ctx.user_id.0,
        app.now(),
    )
    .await?;
    let Some(id) = id else {
        let mut errors = FieldErrors::default();
        errors.add("project_name", "error-learning-project-twice");
        return Err(AppError::Invalid(errors));
    };
    trail::append_in_tx(
        app,
        ctx,
        &mut tx,
        &decision,
        Access::new(AuditAction::Create, "learning_project", id),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub struct ProjectPage {
    pub project: ProjectRow,
    /// Its networks: names and kinds only, no members.
    pub networks: Vec<NetworkRow>,
}

pub async fn project_page(app: &App, ctx: &Ctx, id: i64) -> Result<ProjectPage, AppError> {
    may_browse(ctx)?;
    let project = store::project(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ProjectPage {
        networks: store::networks_of_project(&app.db, id).await?,
        project,
    })
}

/// The factsheet of a project: everything its networks learned.
pub async fn project_factsheet(app: &App, ctx: &Ctx, id: i64) -> Result<Factsheet, AppError> {
    may_browse(ctx)?;
    let project = store::project(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let networks = store::networks_of_project(&app.db, id)
        .await?
        .iter()
        .map(|n| n.id)
        .collect();
    factsheet_of(app, FactsheetOf::Project(project), Some(networks)).await
}

/// The factsheet of a theme: what all networks learned about it.
pub async fn theme_factsheet(app: &App, ctx: &Ctx, theme: &str) -> Result<Factsheet, AppError> {
    may_browse(ctx)?;
    let theme = Theme::from_code(theme).ok_or(AppError::NotFound)?;
    factsheet_of(app, FactsheetOf::Theme(theme), None).await
}
