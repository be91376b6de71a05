//! Editing and removing in the learning network (S6a): a network (archived
//! when it held sessions), an insight, lesson or story, an improvement
//! action, a glossary term. Each has one page with its form and, below it,
//! the removal with a confirmation box (no JavaScript needed). Who may is
//! `brug_app::learning::edit`'s decision.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use brug_app::AppError;
use brug_app::learning::edit::{self, Removed};
use brug_app::learning::{self as app, ActionForm, ItemForm, TermForm};
use brug_domain::learning::{ItemKind, Level, NetworkKind};
use brug_domain::registry::Sector;
use brug_store::learning::{ActionRow, ItemRow, NetworkRow, ProjectRow, TermRow};
use serde::Deserialize;

use super::cases::{see_other, with_flash};
use super::learning::{
    ActionFields, ItemFields, NetworkFields, invalid, label, options, theme_options,
};
use super::learning_knowledge::TermFields;
use super::users::Errors;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::session::Viewer;
use crate::state::AppState;

/// The confirmation box of a removal.
#[derive(Deserialize, Default, Clone)]
pub struct RemoveFields {
    #[serde(default)]
    pub confirm: String,
}

impl RemoveFields {
    fn confirmed(&self) -> bool {
        !self.confirm.is_empty()
    }
}

// ---------------------------------------------------------------------------
// Networks
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "learning/network_edit.html")]
struct NetworkEditTemplate {
    c: Chrome,
    n: NetworkRow,
    projects: Vec<ProjectRow>,
    form: NetworkFields,
    errors: Errors,
}

impl NetworkEditTemplate {
    fn remove_url(&self) -> String {
        format!("/learning/networks/{}/remove", self.n.id)
    }
    fn kinds(&self) -> Vec<(String, String)> {
        let codes: Vec<&'static str> = NetworkKind::ALL.iter().map(|k| k.code()).collect();
        options(&self.c, "networkkind", &codes)
    }
}

async fn network_page(
    state: &AppState,
    ctx: &brug_app::Ctx,
    c: Chrome,
    id: i64,
    form: Option<NetworkFields>,
    errors: Option<&brug_app::FieldErrors>,
) -> Result<Response, WebError> {
    let n = edit::network(&state.app, ctx, id).await?;
    let projects = app::projects::projects(&state.app, ctx).await?;
    let form = form.unwrap_or_else(|| NetworkFields {
        kind: n.kind.clone(),
        name: n.name.clone(),
        description: n.description.clone(),
        project: n.project_id.map(|p| p.to_string()).unwrap_or_default(),
    });
    let errs = errors.map_or_else(Errors::none, |e| Errors::from(&c, e));
    let r = super::render(&NetworkEditTemplate {
        c,
        n,
        projects,
        form,
        errors: errs,
    })?;
    Ok(if errors.is_some() { invalid(r) } else { r })
}

pub async fn network_form(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    network_page(&state, &ctx, c, id, None, None).await
}

pub async fn network_save(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<NetworkFields>,
) -> Result<Response, WebError> {
    match edit::update_network(&state.app, &ctx, id, &f.to_form()).await {
        Ok(()) => Ok(with_flash(
            see_other(&format!("/learning/networks/{id}")),
            &state,
            "ok:flash-learning-saved",
        )),
        Err(AppError::Invalid(e)) => network_page(&state, &ctx, c, id, Some(f), Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn network_remove(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<RemoveFields>,
) -> Result<Response, WebError> {
    match edit::remove_network(&state.app, &ctx, id, f.confirmed()).await {
        Ok(Removed::Deleted) => Ok(with_flash(
            see_other("/learning"),
            &state,
            "ok:flash-learning-network-removed",
        )),
        Ok(Removed::Archived) => Ok(with_flash(
            see_other(&format!("/learning/networks/{id}")),
            &state,
            "ok:flash-learning-network-archived",
        )),
        Err(AppError::Invalid(e)) => network_page(&state, &ctx, c, id, None, Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// Insights, lessons, stories
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "learning/item_edit.html")]
struct ItemEditTemplate {
    c: Chrome,
    i: ItemRow,
    form: ItemFields,
    errors: Errors,
}

impl ItemEditTemplate {
    fn remove_url(&self) -> String {
        format!("/learning/items/{}/remove", self.i.id)
    }
    fn is_story(&self) -> bool {
        self.i.kind == ItemKind::Story.code()
    }
    fn kind_label(&self) -> String {
        label(&self.c, "itemkind", &self.i.kind)
    }
    fn kinds(&self) -> Vec<(String, String)> {
        let codes: Vec<&'static str> = ItemKind::ALL
            .iter()
            .filter(|k| **k != ItemKind::Story)
            .map(|k| k.code())
            .collect();
        options(&self.c, "itemkind", &codes)
    }
    fn themes(&self) -> Vec<(String, String)> {
        theme_options(&self.c)
    }
    fn levels(&self) -> Vec<(String, String)> {
        let codes: Vec<&'static str> = Level::ALL.iter().map(|l| l.code()).collect();
        options(&self.c, "level", &codes)
    }
    fn sectors(&self) -> Vec<String> {
        Sector::ALL.iter().map(|s| s.code().to_owned()).collect()
    }
    /// Where the item came from: its session, else its network.
    fn back(&self) -> String {
        match (self.i.session_id, self.i.network_id) {
            (Some(s), _) => format!("/learning/sessions/{s}"),
            (None, Some(n)) => format!("/learning/networks/{n}"),
            (None, None) => "/learning/knowledge".into(),
        }
    }
}

async fn item_page(
    state: &AppState,
    ctx: &brug_app::Ctx,
    c: Chrome,
    id: i64,
    form: Option<ItemFields>,
    errors: Option<&brug_app::FieldErrors>,
) -> Result<Response, WebError> {
    let i = edit::item(&state.app, ctx, id).await?;
    let form = form.unwrap_or_else(|| ItemFields {
        kind: i.kind.clone(),
        theme: i.theme.clone().unwrap_or_default(),
        level: i.level.clone().unwrap_or_default(),
        sector: i.sector.clone().unwrap_or_default(),
        body: i.body.clone(),
    });
    let errs = errors.map_or_else(Errors::none, |e| Errors::from(&c, e));
    let r = super::render(&ItemEditTemplate {
        c,
        i,
        form,
        errors: errs,
    })?;
    Ok(if errors.is_some() { invalid(r) } else { r })
}

pub async fn item_form(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    item_page(&state, &ctx, c, id, None, None).await
}

pub async fn item_save(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<ItemFields>,
) -> Result<Response, WebError> {
    let form = ItemForm {
        kind: f.kind.clone(),
        theme: f.theme.clone(),
        level: f.level.clone(),
        sector: f.sector.clone(),
        body: f.body.clone(),
    };
    match edit::update_item(&state.app, &ctx, id, &form).await {
        Ok(()) => {
            let i = edit::item(&state.app, &ctx, id).await?;
            let back = match i.session_id {
                Some(s) => format!("/learning/sessions/{s}#item-{id}"),
                None => format!("/learning/networks/{}", i.network_id.unwrap_or_default()),
            };
            Ok(with_flash(
                see_other(&back),
                &state,
                "ok:flash-learning-saved",
            ))
        }
        Err(AppError::Invalid(e)) => item_page(&state, &ctx, c, id, Some(f), Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn item_remove(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<RemoveFields>,
) -> Result<Response, WebError> {
    match edit::remove_item(&state.app, &ctx, id, f.confirmed()).await {
        Ok(session) => {
            let back = session.map_or_else(
                || "/learning/knowledge".to_owned(),
                |s| format!("/learning/sessions/{s}#insights"),
            );
            Ok(with_flash(
                see_other(&back),
                &state,
                "ok:flash-learning-removed",
            ))
        }
        Err(AppError::Invalid(e)) => item_page(&state, &ctx, c, id, None, Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// Improvement actions
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "learning/action_edit.html")]
struct ActionEditTemplate {
    c: Chrome,
    a: ActionRow,
    form: ActionFields,
    errors: Errors,
}

impl ActionEditTemplate {
    fn remove_url(&self) -> String {
        format!("/learning/actions/{}/remove", self.a.id)
    }
    fn themes(&self) -> Vec<(String, String)> {
        theme_options(&self.c)
    }
}

async fn action_page(
    state: &AppState,
    ctx: &brug_app::Ctx,
    c: Chrome,
    id: i64,
    form: Option<ActionFields>,
    errors: Option<&brug_app::FieldErrors>,
) -> Result<Response, WebError> {
    let a = edit::action(&state.app, ctx, id).await?;
    let form = form.unwrap_or_else(|| ActionFields {
        description: a.description.clone(),
        owner: a.owner.clone(),
        organisation: a.organisation.clone(),
        due_on: c.date(&a.due_on),
        theme: a.theme.clone().unwrap_or_default(),
    });
    let errs = errors.map_or_else(Errors::none, |e| Errors::from(&c, e));
    let r = super::render(&ActionEditTemplate {
        c,
        a,
        form,
        errors: errs,
    })?;
    Ok(if errors.is_some() { invalid(r) } else { r })
}

pub async fn action_form(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    action_page(&state, &ctx, c, id, None, None).await
}

pub async fn action_save(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<ActionFields>,
) -> Result<Response, WebError> {
    let form = ActionForm {
        description: f.description.clone(),
        owner: f.owner.clone(),
        organisation: f.organisation.clone(),
        due_on: f.due_on.clone(),
        theme: f.theme.clone(),
    };
    match edit::update_action(&state.app, &ctx, id, &form).await {
        Ok(()) => {
            let a = edit::action(&state.app, &ctx, id).await?;
            Ok(with_flash(
                see_other(&format!("/learning/networks/{}#action-{id}", a.network_id)),
                &state,
                "ok:flash-learning-saved",
            ))
        }
        Err(AppError::Invalid(e)) => action_page(&state, &ctx, c, id, Some(f), Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn action_remove(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<RemoveFields>,
) -> Result<Response, WebError> {
    match edit::remove_action(&state.app, &ctx, id, f.confirmed()).await {
        Ok(network) => Ok(with_flash(
            see_other(&format!("/learning/networks/{network}#actions")),
            &state,
            "ok:flash-learning-removed",
        )),
        Err(AppError::Invalid(e)) => action_page(&state, &ctx, c, id, None, Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// Glossary terms
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "learning/term_edit.html")]
struct TermEditTemplate {
    c: Chrome,
    t: TermRow,
    form: TermFields,
    errors: Errors,
}

impl TermEditTemplate {
    fn remove_url(&self) -> String {
        format!("/learning/glossary/{}/remove", self.t.id)
    }
}

async fn term_page(
    state: &AppState,
    ctx: &brug_app::Ctx,
    c: Chrome,
    id: i64,
    form: Option<TermFields>,
    errors: Option<&brug_app::FieldErrors>,
) -> Result<Response, WebError> {
    let t = edit::term(&state.app, ctx, id).await?;
    let form = form.unwrap_or_else(|| TermFields {
        term: t.term.clone(),
        education: t.education.clone(),
        youth_care: t.youth_care.clone(),
        equivalents: t.equivalents.clone(),
    });
    let errs = errors.map_or_else(Errors::none, |e| Errors::from(&c, e));
    let r = super::render(&TermEditTemplate {
        c,
        t,
        form,
        errors: errs,
    })?;
    Ok(if errors.is_some() { invalid(r) } else { r })
}

pub async fn term_form(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    term_page(&state, &ctx, c, id, None, None).await
}

pub async fn term_save(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<TermFields>,
) -> Result<Response, WebError> {
    let form = TermForm {
        term: f.term.clone(),
        education: f.education.clone(),
        youth_care: f.youth_care.clone(),
        equivalents: f.equivalents.clone(),
    };
    match edit::update_term(&state.app, &ctx, id, &form).await {
        Ok(()) => Ok(with_flash(
            see_other(&format!("/learning/glossary#term-{id}")),
            &state,
            "ok:flash-learning-saved",
        )),
        Err(AppError::Invalid(e)) => term_page(&state, &ctx, c, id, Some(f), Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn term_remove(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<RemoveFields>,
) -> Result<Response, WebError> {
    match edit::remove_term(&state.app, &ctx, id, f.confirmed()).await {
        Ok(()) => Ok(with_flash(
            see_other("/learning/glossary"),
            &state,
            "ok:flash-learning-removed",
        )),
        Err(AppError::Invalid(e)) => term_page(&state, &ctx, c, id, None, Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}
