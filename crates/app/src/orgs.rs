//! The registry of organisations (no personal data: open to every professional).

use brug_domain::ids::OrgId;
use brug_store::Page;
use brug_store::registry::{self, OrgQuery, Organisation, SchoolLocation};

use crate::{App, AppError, Ctx};

fn may_browse(ctx: &Ctx) -> Result<(), AppError> {
    if ctx.is_professional() || ctx.actor.platform_admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn list(app: &App, ctx: &Ctx, query: &OrgQuery) -> Result<Page<Organisation>, AppError> {
    may_browse(ctx)?;
    Ok(registry::list_organisations(&app.db, query).await?)
}

#[derive(Debug, Clone)]
pub struct OrgDetail {
    pub org: Organisation,
    pub locations: Vec<SchoolLocation>,
    pub municipality: Option<Organisation>,
    pub parent: Option<Organisation>,
}

pub async fn detail(app: &App, ctx: &Ctx, id: OrgId) -> Result<OrgDetail, AppError> {
    may_browse(ctx)?;
    let org = registry::organisation(&app.db, id.0)
        .await?
        .ok_or(AppError::NotFound)?;
    let locations = registry::locations_of_school(&app.db, id.0).await?;
    let municipality = match org.municipality_id {
        Some(m) => registry::organisation(&app.db, m).await?,
        None => None,
    };
    let parent = match org.parent_id {
        Some(p) => registry::organisation(&app.db, p).await?,
        None => None,
    };
    Ok(OrgDetail {
        org,
        locations,
        municipality,
        parent,
    })
}
